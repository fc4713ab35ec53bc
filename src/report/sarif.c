/* SARIF 2.1.0 report for code scanning: one rule per check id of the
 * registry (plus any id a result used that the registry lacks), one result
 * per non-passing judgement (and per waived one, as a suppressed result)
 * with its level from the run's gate (a result that blocks the release ->
 * error, other warnings -> warning, skips -> note) and the logical path as
 * an artifact URI relative to %SRCROOT% (the working folder of the run;
 * percent-encoded, "!/" kept as is). partialFingerprints carry the result's
 * identity (docs/identities.md), stable across workspaces and versions; the
 * invocation carries the command line, times, exit code and verdict. */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "checks/check.h"
#include "report/report_util.h"

#define SARIF_SCHEMA "https://json.schemastore.org/sarif-2.1.0.json"
#ifndef XV_INFO_URI
#define XV_INFO_URI "file:///usr/local/share/doc/xverify/"
#endif

/* RFC 3986: keep unreserved, sub-delims and ":@/"; encode everything else
 * (space, %, #, ?, [, ], non-ASCII bytes ...). */
static char *uri_encode(const char *s)
{
    size_t n = strlen(s);
    if (n > (SIZE_MAX - 8) / 3)
        return NULL;
    char *o = malloc(n * 3 + 8);
    if (!o)
        return NULL;
    size_t w = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            strchr("-._~!$&'()*+,;=:@/", c)) {
            o[w++] = (char)c;
        } else {
            static const char hex[] = "0123456789ABCDEF";
            o[w++] = '%';
            o[w++] = hex[c >> 4];
            o[w++] = hex[c & 15];
        }
    }
    o[w] = '\0';
    return o;
}

static int add_text(cJSON *obj, const char *key, const char *text)
{
    cJSON *m = cJSON_AddObjectToObject(obj, key);
    return m && xv_rep_json_str(m, "text", text ? text : "");
}

static int add_rule(cJSON *rules, const char *id, const xv_check *c)
{
    cJSON *r = cJSON_CreateObject();
    if (!r)
        return 0;
    char name[128];
    /* A rule name is PascalCase-like by convention: "deps.resolve" -> "DepsResolve". */
    size_t w = 0;
    int up = 1;
    for (const char *p = id; *p && w + 1 < sizeof name; p++) {
        if (*p == '.' || *p == '_' || *p == '-') {
            up = 1;
            continue;
        }
        name[w++] = up && *p >= 'a' && *p <= 'z' ? (char)(*p - 'a' + 'A') : *p;
        up = 0;
    }
    name[w] = '\0';
    int ok = xv_rep_json_str(r, "id", id) && xv_rep_json_str(r, "name", name) &&
             add_text(r, "shortDescription", c && c->title ? c->title : id) &&
             add_text(r, "fullDescription",
                      c && c->description ? c->description : "Check outside the registry.") &&
             add_text(r, "help", c && c->help ? c->help : "See the result's message.");
    cJSON *cfg = ok ? cJSON_AddObjectToObject(r, "defaultConfiguration") : NULL;
    ok = cfg && xv_rep_json_str(cfg, "level", "error");
    if (!ok || !cJSON_AddItemToArray(rules, r)) {
        cJSON_Delete(r);
        return 0;
    }
    return 1;
}

static const char *level_of(const xv_rep *rep, const xv_result *r)
{
    if (xv_rep_blocking(rep, r))
        return "error";
    switch (r->verdict) {
    case XV_WARN: return "warning";
    case XV_SKIP: return "note";
    case XV_PASS: return "none";
    case XV_FAIL: case XV_ERROR: break;
    }
    return "error";
}

/* The working folder of the run: %SRCROOT%. */
static char cwd_buf[4096];

static const char *rep_cwd(const xv_rep *rep)
{
    (void)rep;
    return cwd_buf;
}

static size_t rep_cwd_len(const xv_rep *rep)
{
    (void)rep;
    return strlen(cwd_buf);
}

static void iso_time(double t, char *buf, size_t size)
{
    time_t s = (time_t)t;
    struct tm tm;
    gmtime_r(&s, &tm);
    strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static int add_invocation(cJSON *run, const xv_rep *rep)
{
    double start = 0, end = 0;
    xv_run_times(rep->run, &start, &end);
    if (rep->deterministic)
        start = end = 0;
    char t0[32], t1[32];
    iso_time(start, t0, sizeof t0);
    iso_time(end, t1, sizeof t1);
    const xv_run_opts *ro = xv_run_options(rep->run);
    cJSON *invs = cJSON_AddArrayToObject(run, "invocations");
    cJSON *inv = cJSON_CreateObject();
    if (!invs || !inv || !cJSON_AddItemToArray(invs, inv)) {
        cJSON_Delete(inv);
        return 0;
    }
    /* executionSuccessful: the tool did its whole job; findings do not make
     * an execution unsuccessful (the exit code and the verdict say those). */
    int ok = (!ro || !ro->command_line || xv_rep_json_str(inv, "commandLine", ro->command_line)) &&
             xv_rep_json_str(inv, "startTimeUtc", t0) && xv_rep_json_str(inv, "endTimeUtc", t1) &&
             xv_rep_json_num(inv, "exitCode", rep->exit_code) &&
             cJSON_AddBoolToObject(inv, "executionSuccessful",
                                   rep->gate.state != XV_GATE_INTERRUPTED) != NULL;
    cJSON *props = ok ? cJSON_AddObjectToObject(inv, "properties") : NULL;
    ok = props && xv_rep_json_str(props, "verdict", xv_gate_state_name(rep->gate.state)) &&
         xv_rep_json_str(props, "failOn", xv_fail_on_name(rep->gate.fail_on)) &&
         xv_rep_json_num(props, "blocking", (double)rep->gate.blocking) &&
         xv_rep_json_num(props, "waived", (double)rep->gate.waived);
    cJSON *wl = ok ? cJSON_AddArrayToObject(props, "waivers") : NULL;
    ok = wl != NULL;
    for (size_t i = 0; ok && i < rep->gate.nwaivers; i++) {
        const xv_waiver_use *w = &rep->gate.waivers[i];
        cJSON *o = cJSON_CreateObject();
        ok = o && cJSON_AddItemToArray(wl, o);
        if (!ok) {
            cJSON_Delete(o);
            break;
        }
        ok = xv_rep_json_str(o, "check", w->check) && xv_rep_json_str(o, "match", w->match) &&
             xv_rep_json_str(o, "reason", w->reason) && xv_rep_json_str(o, "expires", w->expires) &&
             xv_rep_json_num(o, "covered", (double)w->covered) &&
             cJSON_AddBoolToObject(o, "expired", w->expired) != NULL &&
             cJSON_AddBoolToObject(o, "expiring", w->expiring) != NULL;
    }
    return ok;
}

static int add_result(cJSON *results, const xv_rep_item *it, const xv_rep *rep, int rule_index)
{
    const xv_result *r = it->r;
    cJSON *o = cJSON_CreateObject();
    if (!o)
        return 0;
    char *text = NULL;
    {
        const char *msg = r->message ? r->message : "";
        size_t len = strlen(msg) + (r->hint ? strlen(r->hint) + 8 : 0) + 1;
        text = malloc(len);
        if (text)
            snprintf(text, len, "%s%s%s", msg, r->hint ? " Fix: " : "", r->hint ? r->hint : "");
    }
    int ok = text && xv_rep_json_str(o, "ruleId", r->check ? r->check : "unknown") &&
             xv_rep_json_num(o, "ruleIndex", rule_index) &&
             xv_rep_json_str(o, "level", level_of(rep, r)) && add_text(o, "message", text);
    free(text);
    char fp[33];
    xv_rep_fingerprint(rep, it, fp);
    cJSON *pf = ok ? cJSON_AddObjectToObject(o, "partialFingerprints") : NULL;
    ok = pf && xv_rep_json_str(pf, "xverifyIdentity/v1", fp);
    if (ok && r->waiver) {
        /* A waived finding: shown, but as accepted by the release matrix. */
        cJSON *sups = cJSON_AddArrayToObject(o, "suppressions");
        cJSON *sup = cJSON_CreateObject();
        ok = sups && sup && cJSON_AddItemToArray(sups, sup);
        if (!ok)
            cJSON_Delete(sup);
        ok = ok && xv_rep_json_str(sup, "kind", "external") &&
             xv_rep_json_str(sup, "status", "accepted") &&
             xv_rep_json_str(sup, "justification", r->waiver);
    }
    if (ok && r->subject && r->subject[0]) {
        char *clean = xv_rep_utf8_clean(r->subject);
        /* Relative logical paths are relative to %SRCROOT% (the folder the
         * run started in); an absolute path under it is made relative; any
         * other absolute path becomes a file:// URI. */
        const char *rel = clean;
        size_t cl = rep_cwd_len(rep);
        if (clean && cl && strncmp(clean, rep_cwd(rep), cl) == 0 && clean[cl] == '/')
            rel = clean + cl + 1;
        char *enc = rel ? uri_encode(rel) : NULL;
        char *uri = NULL;
        int based = enc && rel[0] != '/';
        if (enc && rel[0] == '/') {
            size_t ul = strlen(enc) + 8;
            uri = malloc(ul);
            if (uri)
                snprintf(uri, ul, "file://%s", enc);
            free(enc);
        } else {
            uri = enc;
        }
        cJSON *locs = cJSON_AddArrayToObject(o, "locations");
        cJSON *loc = cJSON_CreateObject();
        ok = uri && locs && loc && cJSON_AddItemToArray(locs, loc);
        if (!ok)
            cJSON_Delete(loc);
        cJSON *phys = ok ? cJSON_AddObjectToObject(loc, "physicalLocation") : NULL;
        cJSON *al = phys ? cJSON_AddObjectToObject(phys, "artifactLocation") : NULL;
        ok = al && xv_rep_json_str(al, "uri", uri) &&
             (!based || xv_rep_json_str(al, "uriBaseId", "SRCROOT"));
        free(uri);
        free(clean);
    }
    cJSON *props = ok ? cJSON_AddObjectToObject(o, "properties") : NULL;
    ok = props && xv_rep_json_str(props, "package", r->package) &&
         xv_rep_json_str(props, "platform", xv_rep_platform_name(rep, it)) &&
         xv_rep_json_str(props, "environment", r->env) &&
         xv_rep_json_str(props, "verdict", xv_verdict_name(r->verdict)) &&
         xv_rep_json_str(props, "waiver", r->waiver);
    if (ok && r->detail) {
        /* Capped: code scanning limits result sizes. */
        size_t len = strlen(r->detail);
        if (len > XV_REP_OUTPUT_CAP) {
            char *cut = malloc(XV_REP_OUTPUT_CAP + 1);
            ok = cut != NULL;
            if (ok) {
                memcpy(cut, r->detail, XV_REP_OUTPUT_CAP);
                cut[XV_REP_OUTPUT_CAP] = '\0';
                ok = xv_rep_json_str(props, "detail", cut);
                free(cut);
            }
        } else {
            ok = xv_rep_json_str(props, "detail", r->detail);
        }
    }
    if (!ok || !cJSON_AddItemToArray(results, o)) {
        cJSON_Delete(o);
        return 0;
    }
    return 1;
}

static cJSON *build(const xv_rep *rep)
{
    cJSON *root = cJSON_CreateObject();
    if (!root)
        return NULL;
    int ok = xv_rep_json_str(root, "$schema", SARIF_SCHEMA) &&
             xv_rep_json_str(root, "version", "2.1.0");
    cJSON *runs = ok ? cJSON_AddArrayToObject(root, "runs") : NULL;
    cJSON *run = cJSON_CreateObject();
    ok = runs && run && cJSON_AddItemToArray(runs, run);
    if (!ok)
        cJSON_Delete(run);
    cJSON *tool = ok ? cJSON_AddObjectToObject(run, "tool") : NULL;
    cJSON *drv = tool ? cJSON_AddObjectToObject(tool, "driver") : NULL;
    char full[128];
    snprintf(full, sizeof full, "xverify %s release verifier", xv_version());
    ok = drv && xv_rep_json_str(drv, "name", "xverify") &&
         xv_rep_json_str(drv, "fullName", full) &&
         xv_rep_json_str(drv, "version", xv_version()) &&
         xv_rep_json_str(drv, "semanticVersion", xv_version()) &&
         xv_rep_json_str(drv, "informationUri", XV_INFO_URI);
    cJSON *rules = ok ? cJSON_AddArrayToObject(drv, "rules") : NULL;
    ok = rules != NULL;
    /* the release's identity in the run's property bag, when stated */
    const xv_release_info *ri = rep->dist ? xv_dist_release(rep->dist) : NULL;
    if (ok && ri && ri->project) {
        cJSON *props = cJSON_AddObjectToObject(run, "properties");
        cJSON *rel = props ? cJSON_AddObjectToObject(props, "release") : NULL;
        ok = rel && xv_rep_json_str(rel, "project", ri->project) &&
             xv_rep_json_str(rel, "version", ri->version) && xv_rep_json_str(rel, "tag", ri->tag) &&
             xv_rep_json_str(rel, "commit", ri->commit);
    }

    /* Rule ids: the registry in order, then ids only results use. */
    size_t nreg = 0;
    while (xv_checks[nreg])
        nreg++;
    int *index = calloc(rep->nchecks ? rep->nchecks : 1, sizeof *index);
    ok = ok && index;
    for (size_t i = 0; ok && i < nreg; i++)
        ok = add_rule(rules, xv_checks[i]->id, xv_checks[i]);
    int next = (int)nreg;
    for (size_t c = 0; ok && c < rep->nchecks; c++) {
        index[c] = -1;
        for (size_t i = 0; i < nreg; i++)
            if (strcmp(xv_checks[i]->id, rep->checks[c]) == 0)
                index[c] = (int)i;
        if (index[c] < 0) {
            ok = add_rule(rules, rep->checks[c], NULL);
            index[c] = next++;
        }
    }
    /* %SRCROOT%: the run's working folder (left out of deterministic output,
     * where it would differ between machines). */
    if (!getcwd(cwd_buf, sizeof cwd_buf) || strcmp(cwd_buf, "/") == 0)
        cwd_buf[0] = '\0';
    cJSON *bases = ok ? cJSON_AddObjectToObject(run, "originalUriBaseIds") : NULL;
    cJSON *root_base = bases ? cJSON_AddObjectToObject(bases, "SRCROOT") : NULL;
    ok = root_base != NULL;
    if (ok && cwd_buf[0] && !rep->deterministic) {
        char *enc = uri_encode(cwd_buf);
        size_t ul = enc ? strlen(enc) + 16 : 0;
        char *u = enc ? malloc(ul) : NULL;
        if (u)
            snprintf(u, ul, "file://%s/", enc);
        ok = u && xv_rep_json_str(root_base, "uri", u);
        free(u);
        free(enc);
    }
    ok = ok && add_text(root_base, "description", "The folder xverify ran in; logical paths "
                                                  "of the release are relative to it.");
    char stamp[32];
    double start = 0;
    xv_run_times(rep->run, &start, NULL);
    iso_time(rep->deterministic ? 0 : start, stamp, sizeof stamp);
    char aid[96];
    snprintf(aid, sizeof aid, "xverify/release/%s", stamp);
    cJSON *auto_d = ok ? cJSON_AddObjectToObject(run, "automationDetails") : NULL;
    ok = auto_d && xv_rep_json_str(auto_d, "id", aid);
    ok = ok && add_invocation(run, rep);
    cJSON *results = ok ? cJSON_AddArrayToObject(run, "results") : NULL;
    ok = results != NULL;
    for (size_t i = 0; ok && i < rep->nitems; i++) {
        const xv_rep_item *it = &rep->items[i];
        if (it->r->verdict == XV_PASS && !it->r->waiver)
            continue;
        ok = add_result(results, it, rep, index[it->check]);
    }
    free(index);
    if (!ok) {
        cJSON_Delete(root);
        return NULL;
    }
    return root;
}

xv_status xv_report_sarif(const xv_run *run, const xv_report_opts *opts, FILE *out)
{
    (void)opts;
    xv_rep rep;
    xv_status st = xv_rep_build(&rep, run);
    if (st != XV_OK)
        return st;
    cJSON *root = build(&rep);
    xv_rep_free(&rep);
    if (!root)
        return XV_ENOMEM;
    char *txt = cJSON_Print(root);
    cJSON_Delete(root);
    if (!txt)
        return XV_ENOMEM;
    fputs(txt, out);
    fputc('\n', out);
    cJSON_free(txt);
    return xv_rep_finish(out);
}
