/* JSON report (docs/report-json.md, docs/report.schema.json), schema_version 1.
 * Streamed through the JSON writer (common/jsonw.h): the top-level fields,
 * then one package and one result per line, with no tree in memory, so
 * memory stays bounded by the largest binary's facts however big the
 * release is. The writer turns bytes that are not UTF-8 into U+FFFD. */
#include <stdlib.h>
#include <string.h>

#include "common/jsonw.h"
#include "report/report_util.h"
#include "core/saved.h"

#define JSON_SCHEMA_VERSION 1

static const char *entry_type_name(xv_entry_type t)
{
    switch (t) {
    case XV_ENTRY_FILE: return "file";
    case XV_ENTRY_DIR: return "dir";
    case XV_ENTRY_SYMLINK: return "symlink";
    case XV_ENTRY_HARDLINK: return "hardlink";
    case XV_ENTRY_DEVICE: return "device";
    case XV_ENTRY_FIFO: return "fifo";
    case XV_ENTRY_SOCKET: return "socket";
    case XV_ENTRY_OTHER: break;
    }
    return "other";
}

static const char *pkg_kind_name(xv_pkg_kind k)
{
    switch (k) {
    case XV_PKG_DIR: return "dir";
    case XV_PKG_ARCHIVE: return "archive";
    case XV_PKG_FILE: return "file";
    case XV_PKG_SYSTEM: return "system";
    }
    return "file";
}

static void put_platform(xv_jsonw *w, const char *key, const xv_platform *p)
{
    xv_jw_key(w, key);
    xv_jw_obj(w);
    xv_jw_kstr(w, "id", p->id[0] ? p->id : NULL);
    xv_jw_kstr(w, "os", p->os != XV_OS_UNKNOWN ? xv_os_name(p->os) : NULL);
    xv_jw_kstr(w, "arch", p->arch);
    xv_jw_kstr(w, "libc", p->libc != XV_LIBC_UNKNOWN ? xv_libc_name(p->libc) : NULL);
    xv_jw_kstr(w, "token", p->token[0] ? p->token : NULL);
    if (p->floor.major || p->floor.minor) {
        char b[32];
        snprintf(b, sizeof b, "%u.%u", (unsigned)p->floor.major, (unsigned)p->floor.minor);
        xv_jw_kstr(w, "floor", b);
    }
    xv_jw_obj_end(w);
}

/* The binary facts: the object xv_image_to_json makes (already JSON),
 * embedded as is when it is valid UTF-8, else with the bad bytes (which can
 * only sit inside its strings) replaced by U+FFFD. Returns 0 on OOM. */
static int put_image(xv_jsonw *w, const xv_image *img)
{
    char *txt = xv_image_to_json(img);
    if (!txt)
        return 0;
    size_t n = strlen(txt);
    int valid = 1;
    for (size_t i = 0; i < n && valid;) {
        uint32_t cp;
        size_t l = xv_rep_utf8((const unsigned char *)txt + i, n - i, &cp);
        if (cp == 0xFFFD && l == 1)
            valid = 0;
        i += l;
    }
    if (!valid) {
        char *c = xv_rep_utf8_clean(txt);
        free(txt);
        if (!c)
            return 0;
        txt = c;
    }
    if (n)
        xv_jw_raw(w, txt, strlen(txt));
    else
        xv_jw_null(w);
    free(txt);
    return 1;
}

static int put_artifact(xv_jsonw *w, const xv_artifact *a)
{
    xv_jw_obj(w);
    xv_jw_kstr(w, "path", a->path);
    xv_jw_kstr(w, "member", a->member);
    xv_jw_kstr(w, "type", entry_type_name(a->type));
    xv_jw_kstr(w, "link_target", a->link_target);
    xv_jw_knum(w, "mode", (double)a->mode);
    xv_jw_knum(w, "size", (double)a->size);
    xv_jw_knum(w, "nested_depth", a->nested_depth);
    put_platform(w, "platform", &a->platform);
    xv_jw_key(w, "binary");
    int ok = 1;
    if (a->image)
        ok = put_image(w, a->image);
    else
        xv_jw_null(w);
    xv_jw_obj_end(w);
    return ok;
}

static int put_package(xv_jsonw *w, const xv_dist *d, const xv_package *p)
{
    xv_jw_obj(w);
    xv_jw_kstr(w, "path", p->path);
    xv_jw_kstr(w, "name", p->name);
    xv_jw_kstr(w, "kind", pkg_kind_name(p->kind));
    xv_jw_kstr(w, "format", p->format);
    put_platform(w, "platform", &p->platform);
    xv_jw_knum(w, "size", (double)p->size);
    xv_jw_knum(w, "expanded", (double)p->expanded);
    xv_jw_kstr(w, "error", p->error);
    char hex[129];
    if (p->has_sha256) {
        for (size_t i = 0; i < 32; i++)
            snprintf(hex + 2 * i, 3, "%02x", p->sha256[i]);
        xv_jw_kstr(w, "sha256", hex);
        for (size_t i = 0; p->has_sha512 && i < 64; i++)
            snprintf(hex + 2 * i, 3, "%02x", p->sha512[i]);
        xv_jw_kstr(w, "sha512", p->has_sha512 ? hex : NULL);
    } else {
        xv_jw_kstr(w, "sha256", NULL);
        xv_jw_kstr(w, "sha512", NULL);
    }
    xv_jw_key(w, "artifacts");
    xv_jw_arr(w);
    int ok = 1;
    for (size_t i = 0; ok && i < p->count; i++) {
        const xv_artifact *a = xv_dist_artifact(d, p->first + i);
        if (!a)
            continue;
        xv_jw_sep(w, "\n  ");
        ok = put_artifact(w, a);
    }
    xv_jw_arr_end(w);
    xv_jw_obj_end(w);
    return ok;
}

void xv_json_put_result(xv_jsonw *w, const xv_result *r, double seconds, int with_member,
                        const char *member)
{
    xv_jw_obj(w);
    xv_jw_kstr(w, "check", r->check ? r->check : "unknown");
    xv_jw_kstr(w, "subject", r->subject);
    xv_jw_kstr(w, "package", r->package);
    xv_jw_kstr(w, "platform", r->platform);
    xv_jw_kstr(w, "env", r->env);
    xv_jw_kstr(w, "verdict", xv_verdict_name(r->verdict));
    xv_jw_kstr(w, "raw", xv_verdict_name(r->raw));
    xv_jw_kstr(w, "message", r->message ? r->message : "");
    xv_jw_kstr(w, "detail", r->detail);
    xv_jw_kstr(w, "hint", r->hint);
    xv_jw_kstr(w, "waiver", r->waiver);
    xv_jw_knum(w, "seconds", seconds);
    if (with_member)
        xv_jw_kstr(w, "member", member);
    xv_jw_key(w, "facts");
    xv_jw_arr(w);
    for (size_t i = 0; i < r->nfacts; i++) {
        xv_jw_obj(w);
        xv_jw_kstr(w, "key", r->facts[i].key);
        xv_jw_kstr(w, "value", r->facts[i].value);
        xv_jw_obj_end(w);
    }
    xv_jw_arr_end(w);
    xv_jw_obj_end(w);
}

static void put_options(xv_jsonw *w, const xv_run_opts *ro)
{
    xv_jw_key(w, "options");
    xv_jw_obj(w);
    if (ro) {
        xv_jw_kstr(w, "matrix", ro->matrix_path);
        xv_jw_kstr(w, "fail_on", xv_fail_on_name(ro->fail_on));
        xv_jw_knum(w, "jobs", ro->jobs);
        xv_jw_kbool(w, "smoke", ro->smoke != 0);
        xv_jw_kstr(w, "distros", ro->distros);
        xv_jw_knum(w, "smoke_timeout", ro->smoke_timeout);
        xv_jw_kstr(w, "baseline", ro->baseline);
        xv_jw_kstr(w, "today", ro->today);
    }
    xv_jw_obj_end(w);
}

static void put_header(xv_jsonw *w, const xv_rep *rep)
{
    char head[128];
    xv_jw_knum(w, "schema_version", JSON_SCHEMA_VERSION);
    xv_jw_key(w, "tool");
    xv_jw_obj(w);
    xv_jw_kstr(w, "name", "xverify");
    xv_jw_kstr(w, "version", xv_version());
    xv_jw_obj_end(w);
    put_options(w, xv_run_options(rep->run));
    xv_jw_kstr(w, "verdict", xv_verdict_name(rep->verdict));
    xv_jw_kstr(w, "state", xv_gate_state_name(rep->gate.state));
    xv_jw_kbool(w, "ready", rep->exit_code == 0);
    xv_jw_knum(w, "exit_code", rep->exit_code);
    xv_jw_kstr(w, "headline", xv_rep_headline(rep, 0, head, sizeof head));
    xv_jw_key(w, "summary");
    xv_jw_obj(w);
    xv_jw_knum(w, "total", (double)rep->nitems);
    for (int v = XV_PASS; v <= XV_ERROR; v++)
        xv_jw_knum(w, xv_verdict_name((xv_verdict)v), (double)rep->counts[v]);
    xv_jw_knum(w, "blocking", (double)rep->nblocking);
    xv_jw_knum(w, "waived", (double)rep->gate.waived);
    xv_jw_knum(w, "waivers_expiring", (double)rep->gate.waivers_expiring);
    xv_jw_obj_end(w);
    xv_jw_key(w, "waivers");
    xv_jw_arr(w);
    for (size_t i = 0; i < rep->gate.nwaivers; i++) {
        const xv_waiver_use *u = &rep->gate.waivers[i];
        xv_jw_obj(w);
        xv_jw_kstr(w, "check", u->check);
        xv_jw_kstr(w, "match", u->match);
        xv_jw_kstr(w, "reason", u->reason);
        xv_jw_kstr(w, "expires", u->expires);
        xv_jw_knum(w, "covered", (double)u->covered);
        xv_jw_knum(w, "matched", (double)u->matched);
        xv_jw_kbool(w, "expired", u->expired);
        xv_jw_kbool(w, "expiring", u->expiring);
        xv_jw_knum(w, "days_left", (double)u->days_left);
        xv_jw_obj_end(w);
    }
    xv_jw_arr_end(w);
    xv_jw_key(w, "platforms");
    xv_jw_arr(w);
    for (size_t i = 0; i < rep->nplatforms; i++)
        xv_jw_str(w, rep->platforms[i]);
    xv_jw_arr_end(w);
    /* the release's identity, when its metadata states one */
    const xv_release_info *ri = rep->dist ? xv_dist_release(rep->dist) : NULL;
    if (ri && ri->project) {
        xv_jw_key(w, "release");
        xv_jw_obj(w);
        xv_jw_kstr(w, "project", ri->project);
        xv_jw_kstr(w, "version", ri->version);
        xv_jw_kstr(w, "tag", ri->tag);
        xv_jw_kstr(w, "commit", ri->commit);
        xv_jw_kstr(w, "source", ri->source);
        xv_jw_obj_end(w);
    }
}

xv_status xv_report_json(const xv_run *run, const xv_report_opts *opts, FILE *out)
{
    (void)opts;
    xv_rep rep;
    xv_status st = xv_rep_build(&rep, run);
    if (st != XV_OK)
        return st;
    xv_jsonw *w = malloc(sizeof *w);
    if (!w) {
        xv_rep_free(&rep);
        return XV_ENOMEM;
    }
    xv_jw_init(w, out);
    xv_jw_obj(w);
    put_header(w, &rep);
    xv_jw_sep(w, "\n");
    xv_jw_key(w, "packages");
    xv_jw_arr(w);
    int ok = 1;
    size_t np = rep.dist ? xv_dist_package_count(rep.dist) : 0;
    for (size_t i = 0; ok && i < np; i++) {
        xv_jw_sep(w, "\n");
        ok = put_package(w, rep.dist, xv_dist_package(rep.dist, i));
    }
    xv_jw_arr_end(w);
    xv_jw_sep(w, "\n");
    xv_jw_key(w, "results");
    xv_jw_arr(w);
    for (size_t i = 0; ok && i < rep.nitems; i++) {
        xv_jw_sep(w, "\n");
        xv_json_put_result(w, rep.items[i].r, xv_rep_seconds(&rep, rep.items[i].r->seconds), 0,
                           NULL);
    }
    xv_jw_arr_end(w);
    /* what a re-render and a merge read back; last, so the fields above
     * stay as they were */
    xv_jw_sep(w, "\n");
    xv_jw_key(w, "saved");
    xv_json_put_saved(w, run, rep.deterministic);
    xv_jw_obj_end(w);
    xv_jw_sep(w, "\n");
    int werr = xv_jw_finish(w);
    xv_jw_free(w);
    free(w);
    xv_rep_free(&rep);
    if (!ok)
        return XV_ENOMEM;
    if (werr)
        return XV_EIO;
    return xv_rep_finish(out);
}
