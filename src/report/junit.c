/* JUnit XML report, valid against the strict Jenkins junit-10.xsd.
 *
 * Layout: <testsuites name="xverify"> holding one <testsuite> per package for
 * its static checks, plus one per (package, smoke environment). A result
 * without a package goes to the pseudo package "release". Each result is a
 * <testcase classname="xverify.<platform|any>.<check_id>" name="<check>
 * <identity>">, the identity being the member path inside its package
 * without the package's top folder and version (docs/identities.md), so a
 * CI keeps test history across workspaces and releases; " [env]" is
 * appended for smoke results and " (#2)", " (#3)" for repeated
 * (classname, name) pairs, so every pair is unique within its suite. Suites
 * are named by the package without its version; the path as given is the
 * property package.path.
 *   fail  -> <failure message type=check>message, detail, hint</failure>
 *   error -> <error ...> the same
 *   skip  -> <skipped message="why"/>
 *   warn  -> a passing testcase whose <system-out> starts with "WARNING:"
 *            (JUnit has no warning state; CI tabs still show it)
 * A warn or skip that blocks the release under --fail-on (the run's gate)
 * is a <failure>, so failures + errors always equal the gate's blocking
 * count and a red CI tab always means exit code 1. Waivers in use are listed
 * as properties of every suite.
 * Smoke output (detail of a result with an environment) and the detail of
 * passing results go to <system-out>, capped at 64 KiB. */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "report/report_util.h"
#include "core/saved.h"

typedef struct suite_stats {
    size_t tests, failures, errors, skipped;
    double time;
} suite_stats;

static int env_eq(const char *a, const char *b)
{
    if (!a || !b)
        return a == b;
    return strcmp(a, b) == 0;
}

static int in_suite(const xv_rep_item *it, size_t pkg, const char *env)
{
    return it->package == pkg && env_eq(it->r->env, env);
}

static void put_ident(FILE *out, const char *s)
{
    for (; s && *s; s++) {
        unsigned char c = (unsigned char)*s;
        int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                 c == '_' || c == '-';
        fputc(ok ? (int)c : '_', out);
    }
}

static void put_prop(FILE *out, const char *name, const char *value)
{
    if (!value)
        return;
    fputs("      <property name=\"", out);
    xv_rep_xml_line(out, name);
    fputs("\" value=\"", out);
    xv_rep_xml_line(out, value);
    fputs("\"/>\n", out);
}

static void put_prop_u64(FILE *out, const char *name, uint64_t v)
{
    char b[32];
    snprintf(b, sizeof b, "%llu", (unsigned long long)v);
    put_prop(out, name, b);
}

static void put_waivers(FILE *out, const xv_rep *rep)
{
    char b[64], scope[1024], exp[128], val[2048];
    put_prop(out, "xverify.verdict", xv_gate_state_name(rep->gate.state));
    put_prop(out, "xverify.fail_on", xv_fail_on_name(rep->gate.fail_on));
    snprintf(b, sizeof b, "%d", rep->exit_code);
    put_prop(out, "xverify.exit_code", b);
    put_prop_u64(out, "xverify.waived", rep->gate.waived);
    put_prop_u64(out, "xverify.waivers", rep->gate.nwaivers);
    for (size_t i = 0; i < rep->gate.nwaivers; i++) {
        const xv_waiver_use *w = &rep->gate.waivers[i];
        snprintf(b, sizeof b, "waiver.%zu", i + 1);
        snprintf(val, sizeof val, "%s: \"%s\", %s, covers %zu result%s",
                 xv_rep_waiver_scope(w, scope, sizeof scope), w->reason,
                 xv_rep_waiver_expiry(w, exp, sizeof exp), w->covered, w->covered == 1 ? "" : "s");
        put_prop(out, b, val);
    }
}

static void put_properties(FILE *out, const xv_rep *rep, const xv_rep_pkg *p, const char *env)
{
    fputs("    <properties>\n", out);
    put_prop(out, "xverify.version", xv_version());
    put_waivers(out, rep);
    put_prop(out, "package.path", p->path);
    if (p->version[0])
        put_prop(out, "package.version", p->version);
    const xv_release_info *rel = rep->dist ? xv_dist_release(rep->dist) : NULL;
    if (rel && rel->project) {
        put_prop(out, "release.project", rel->project);
        if (rel->version)
            put_prop(out, "release.version", rel->version);
        if (rel->tag)
            put_prop(out, "release.tag", rel->tag);
        if (rel->commit)
            put_prop(out, "release.commit", rel->commit);
    }
    if (p->pkg) {
        const xv_package *k = p->pkg;
        put_prop(out, "package.format", k->format);
        put_prop_u64(out, "package.size", k->size);
        put_prop_u64(out, "package.expanded", k->expanded);
        put_prop_u64(out, "package.members", k->count);
        if (k->has_sha256) {
            char hex[65];
            for (size_t i = 0; i < 32; i++)
                snprintf(hex + 2 * i, 3, "%02x", k->sha256[i]);
            put_prop(out, "package.sha256", hex);
        }
        if (k->error)
            put_prop(out, "package.error", k->error);
        if (k->platform.id[0]) {
            put_prop(out, "platform.id", k->platform.id);
            put_prop(out, "platform.os", xv_os_name(k->platform.os));
            put_prop(out, "platform.arch", k->platform.arch);
            if (k->platform.libc != XV_LIBC_UNKNOWN)
                put_prop(out, "platform.libc", xv_libc_name(k->platform.libc));
            if (k->platform.token[0])
                put_prop(out, "platform.token", k->platform.token);
        } else {
            put_prop(out, "platform.id", "unknown");
        }
        size_t nbin = 0;
        for (size_t i = 0; rep->dist && i < k->count; i++) {
            const xv_artifact *a = xv_dist_artifact(rep->dist, k->first + i);
            if (a && a->image)
                nbin++;
        }
        put_prop_u64(out, "package.binaries", nbin);
    }
    if (env)
        put_prop(out, "smoke.environment", env);
    fputs("    </properties>\n", out);
}

/* The body of a failure or error element: message, detail (unless it goes
 * to system-out), hint and waiver. */
static void put_body(FILE *out, const xv_result *r, int with_detail)
{
    /* Escaped text (the schema's mixed content), not CDATA. */
    xv_rep_xml(out, r->message, SIZE_MAX, 0);
    if (with_detail && r->detail) {
        fputs("\n\n", out);
        size_t used = xv_rep_xml(out, r->detail, XV_REP_OUTPUT_CAP, 0);
        if (used < strlen(r->detail))
            fprintf(out, "\n[... %zu bytes omitted]", strlen(r->detail) - used);
    }
    if (r->hint) {
        fputs("\n\nHint: ", out);
        xv_rep_xml(out, r->hint, SIZE_MAX, 0);
    }
    fputc('\n', out);
}

static void put_sysout(FILE *out, const xv_result *r, int warn_note, int with_detail)
{
    if (!warn_note && !(with_detail && r->detail) && !r->waiver)
        return;
    fputs("      <system-out>", out);
    if (warn_note) {
        fputs("WARNING: ", out);
        xv_rep_xml(out, r->message, SIZE_MAX, 0);
        if (r->hint) {
            fputs("\nHint: ", out);
            xv_rep_xml(out, r->hint, SIZE_MAX, 0);
        }
        fputc('\n', out);
    }
    if (r->waiver) {
        fputs("Waived (", out);
        xv_rep_xml(out, xv_verdict_name(r->raw), SIZE_MAX, 0);
        fputs("): ", out);
        xv_rep_xml(out, r->waiver, SIZE_MAX, 0);
        fputc('\n', out);
    }
    if (with_detail && r->detail) {
        size_t len = strlen(r->detail);
        xv_rep_cdata(out, r->detail, XV_REP_OUTPUT_CAP);
        if (len > XV_REP_OUTPUT_CAP)
            fprintf(out, "\n[... output capped at %zu bytes]", (size_t)XV_REP_OUTPUT_CAP);
    }
    fputs("</system-out>\n", out);
}

static void put_case(FILE *out, const xv_rep *rep, const xv_rep_item *it, unsigned dup)
{
    const xv_result *r = it->r;
    fputs("    <testcase classname=\"xverify.", out);
    put_ident(out, xv_rep_platform_name(rep, it));
    fputc('.', out);
    put_ident(out, r->check ? r->check : "unknown");
    fputs("\" name=\"", out);
    char ident[4096];
    xv_rep_xml_line(out, r->check ? r->check : "unknown");
    fputc(' ', out);
    xv_rep_xml_line(out, xv_rep_identity(rep, it, ident, sizeof ident));
    if (r->env) {
        fputs(" [", out);
        xv_rep_xml_line(out, r->env);
        fputc(']', out);
    }
    if (dup > 1)
        fprintf(out, " (#%u)", dup);
    fprintf(out, "\" time=\"%.3f\">\n", xv_rep_seconds(rep, r->seconds));
    /* Smoke output always goes to system-out; static details go into the
     * failure body where a reader of the failure looks. */
    int detail_in_body = !r->env;
    xv_verdict shown = r->verdict;
    if (shown != XV_ERROR && shown != XV_FAIL && xv_rep_blocking(rep, r))
        shown = XV_FAIL; /* a blocking warn or skip (--fail-on warn|skip) */
    switch (shown) {
    case XV_FAIL:
    case XV_ERROR:
    default: {
        const char *el = shown == XV_FAIL ? "failure" : "error";
        fprintf(out, "      <%s message=\"", el);
        xv_rep_xml_line(out, r->message);
        fputs("\" type=\"", out);
        xv_rep_xml_line(out, r->check);
        fputs("\">", out);
        put_body(out, r, detail_in_body);
        fprintf(out, "</%s>\n", el);
        put_sysout(out, r, 0, !detail_in_body);
        break;
    }
    case XV_SKIP:
        fputs("      <skipped message=\"", out);
        xv_rep_xml_line(out, r->message);
        fputs("\"/>\n", out);
        put_sysout(out, r, 0, 1);
        break;
    case XV_WARN:
        put_sysout(out, r, 1, 1);
        break;
    case XV_PASS:
        put_sysout(out, r, 0, 1);
        break;
    }
    fputs("    </testcase>\n", out);
}

static void stats_of(const xv_rep *rep, size_t pkg, const char *env, suite_stats *st)
{
    memset(st, 0, sizeof *st);
    const xv_rep_pkg *p = &rep->packages[pkg];
    for (size_t i = p->first; i < p->first + p->count; i++) {
        const xv_rep_item *it = &rep->items[i];
        if (!in_suite(it, pkg, env))
            continue;
        st->tests++;
        st->time += xv_rep_seconds(rep, it->r->seconds);
        xv_verdict v = it->r->verdict;
        if (v == XV_ERROR || (v > XV_ERROR || v < XV_PASS))
            st->errors++;
        else if (xv_rep_blocking(rep, it->r))
            st->failures++;
        else if (v == XV_SKIP)
            st->skipped++;
    }
}

/* When the run started (ISO 8601, UTC) and where; fixed values under
 * XV_DETERMINISTIC=1 so goldens compare. */
static void suite_stamp(const xv_rep *rep, char *stamp, size_t ssize, char *host, size_t hsize)
{
    double start = 0;
    xv_run_times(rep->run, &start, NULL);
    time_t t = rep->deterministic ? 0 : (time_t)start;
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(stamp, ssize, "%Y-%m-%dT%H:%M:%S", &tm);
    /* a re-rendered run names the host it ran on */
    const char *saved = xv_run_saved_host(rep->run);
    if (saved && !rep->deterministic)
        snprintf(host, hsize, "%s", saved);
    else if (rep->deterministic || gethostname(host, hsize) != 0)
        snprintf(host, hsize, "localhost");
    host[hsize - 1] = '\0';
}

static void put_suite(FILE *out, const xv_rep *rep, size_t pkg, const char *env)
{
    const xv_rep_pkg *p = &rep->packages[pkg];
    suite_stats st;
    stats_of(rep, pkg, env, &st);
    fputs("  <testsuite name=\"", out);
    xv_rep_xml_line(out, p->ident[0] ? p->ident : p->name);
    if (env) {
        fputs(" [", out);
        xv_rep_xml_line(out, env);
        fputc(']', out);
    }
    fprintf(out, "\" tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" skipped=\"%zu\" time=\"%.3f\"",
            st.tests, st.failures, st.errors, st.skipped, st.time);
    char stamp[32], host[256];
    suite_stamp(rep, stamp, sizeof stamp, host, sizeof host);
    fprintf(out, " timestamp=\"%s\" hostname=\"", stamp);
    xv_rep_xml_line(out, host);
    fputs("\" package=\"", out);
    xv_rep_xml_line(out, p->ident[0] ? p->ident : p->name);
    fputs("\">\n", out);
    put_properties(out, rep, p, env);
    const xv_rep_item *prev = NULL;
    char prev_id[4096] = "", cur_id[4096];
    unsigned dup = 1;
    for (size_t i = p->first; i < p->first + p->count; i++) {
        const xv_rep_item *it = &rep->items[i];
        if (!in_suite(it, pkg, env))
            continue;
        /* Sorting puts equal (platform, check, subject) pairs next to each
         * other, and subjects of one package keep their order once the
         * shared top folder is left out. */
        xv_rep_identity(rep, it, cur_id, sizeof cur_id);
        if (prev && prev->platform == it->platform && prev->check == it->check &&
            strcmp(prev_id, cur_id) == 0)
            dup++;
        else
            dup = 1;
        put_case(out, rep, it, dup);
        prev = it;
        memcpy(prev_id, cur_id, sizeof prev_id);
    }
    fputs("  </testsuite>\n", out);
}

static int cmp_env(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

xv_status xv_report_junit(const xv_run *run, const xv_report_opts *opts, FILE *out)
{
    (void)opts;
    xv_rep rep;
    xv_status st = xv_rep_build(&rep, run);
    if (st != XV_OK)
        return st;
    const char **envs = calloc(rep.nitems ? rep.nitems : 1, sizeof *envs);
    if (!envs) {
        xv_rep_free(&rep);
        return XV_ENOMEM;
    }
    double total = 0;
    for (size_t i = 0; i < rep.nitems; i++)
        total += xv_rep_seconds(&rep, rep.items[i].r->seconds);
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", out);
    fprintf(out, "<testsuites name=\"xverify\" tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" "
                 "time=\"%.3f\">\n",
            rep.nitems, rep.gate.blocking - rep.gate.blocking_by[XV_ERROR],
            rep.gate.blocking_by[XV_ERROR], total);
    for (size_t p = 0; p < rep.npackages; p++) {
        size_t nenv = 0, nstatic = 0;
        const xv_rep_pkg *pk = &rep.packages[p];
        for (size_t i = pk->first; i < pk->first + pk->count; i++) {
            const xv_rep_item *it = &rep.items[i];
            if (it->r->env)
                envs[nenv++] = it->r->env;
            else
                nstatic++;
        }
        if (nstatic || !nenv)
            put_suite(out, &rep, p, NULL);
        if (nenv) {
            qsort(envs, nenv, sizeof *envs, cmp_env);
            for (size_t e = 0; e < nenv; e++)
                if (e == 0 || strcmp(envs[e], envs[e - 1]) != 0)
                    put_suite(out, &rep, p, envs[e]);
        }
    }
    if (rep.npackages == 0) {
        /* Nothing was walked: one empty suite still carries the version. */
        fputs("  <testsuite name=\"xverify\" tests=\"0\" failures=\"0\" errors=\"0\" "
              "skipped=\"0\" time=\"0.000\">\n    <properties>\n", out);
        put_prop(out, "xverify.version", xv_version());
        put_waivers(out, &rep);
        fputs("    </properties>\n  </testsuite>\n", out);
    }
    fputs("</testsuites>\n", out);
    free(envs);
    xv_rep_free(&rep);
    return xv_rep_finish(out);
}
