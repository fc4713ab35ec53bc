/* JSON report (docs/report-json.md, docs/report.schema.json), schema_version 1.
 * Streamed: the top-level fields, then one package and one result at a time
 * (each a small cJSON tree printed compactly on its own line), so memory
 * stays bounded by the largest package however big the release is. Every
 * string is cleaned to valid UTF-8 first. */
#include <stdlib.h>
#include <string.h>

#include "report/report_util.h"

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

static cJSON *platform_json(const xv_platform *p)
{
    cJSON *o = cJSON_CreateObject();
    if (!o)
        return NULL;
    int ok = xv_rep_json_str(o, "id", p->id[0] ? p->id : NULL) &&
             xv_rep_json_str(o, "os", p->os != XV_OS_UNKNOWN ? xv_os_name(p->os) : NULL) &&
             xv_rep_json_str(o, "arch", p->arch) &&
             xv_rep_json_str(o, "libc", p->libc != XV_LIBC_UNKNOWN ? xv_libc_name(p->libc) : NULL) &&
             xv_rep_json_str(o, "token", p->token[0] ? p->token : NULL);
    if (ok && (p->floor.major || p->floor.minor)) {
        char b[32];
        snprintf(b, sizeof b, "%u.%u", (unsigned)p->floor.major, (unsigned)p->floor.minor);
        ok = xv_rep_json_str(o, "floor", b);
    }
    if (!ok) {
        cJSON_Delete(o);
        return NULL;
    }
    return o;
}

static int add_item(cJSON *arr, cJSON *item)
{
    if (!item)
        return 0;
    if (!cJSON_AddItemToArray(arr, item)) {
        cJSON_Delete(item);
        return 0;
    }
    return 1;
}

static int add_obj(cJSON *obj, const char *key, cJSON *item)
{
    if (!item)
        return 0;
    if (!cJSON_AddItemToObject(obj, key, item)) {
        cJSON_Delete(item);
        return 0;
    }
    return 1;
}

/* Prints a cJSON object compactly without its closing brace, so that more
 * members can follow. Returns 0 on OOM. */
static int put_open(FILE *out, const cJSON *o)
{
    char *t = cJSON_PrintUnformatted(o);
    if (!t)
        return 0;
    size_t n = strlen(t);
    if (n && t[n - 1] == '}')
        n--;
    fwrite(t, 1, n, out);
    cJSON_free(t);
    return 1;
}

static int put_closed(FILE *out, const cJSON *o)
{
    char *t = cJSON_PrintUnformatted(o);
    if (!t)
        return 0;
    fputs(t, out);
    cJSON_free(t);
    return 1;
}

/* The binary facts: the object xv_image_to_json makes (already JSON),
 * embedded as is when it is valid UTF-8, else with the bad bytes (which can
 * only sit inside its strings) replaced by U+FFFD. */
static int put_image(FILE *out, const xv_image *img)
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
    fputs(n ? txt : "null", out);
    free(txt);
    return 1;
}

static int put_artifact(FILE *out, const xv_artifact *a)
{
    cJSON *o = cJSON_CreateObject();
    if (!o)
        return 0;
    int ok = xv_rep_json_str(o, "path", a->path) && xv_rep_json_str(o, "member", a->member) &&
             xv_rep_json_str(o, "type", entry_type_name(a->type)) &&
             xv_rep_json_str(o, "link_target", a->link_target) &&
             xv_rep_json_num(o, "mode", (double)a->mode) &&
             xv_rep_json_num(o, "size", (double)a->size) &&
             xv_rep_json_num(o, "nested_depth", a->nested_depth) &&
             add_obj(o, "platform", platform_json(&a->platform)) && put_open(out, o);
    cJSON_Delete(o);
    if (!ok)
        return 0;
    fputs(",\"binary\":", out);
    if (a->image)
        ok = put_image(out, a->image);
    else
        fputs("null", out);
    fputc('}', out);
    return ok;
}

static int put_package(FILE *out, const xv_dist *d, const xv_package *p)
{
    cJSON *o = cJSON_CreateObject();
    if (!o)
        return 0;
    int ok = xv_rep_json_str(o, "path", p->path) && xv_rep_json_str(o, "name", p->name) &&
             xv_rep_json_str(o, "kind", pkg_kind_name(p->kind)) &&
             xv_rep_json_str(o, "format", p->format) &&
             add_obj(o, "platform", platform_json(&p->platform)) &&
             xv_rep_json_num(o, "size", (double)p->size) &&
             xv_rep_json_num(o, "expanded", (double)p->expanded) &&
             xv_rep_json_str(o, "error", p->error);
    if (ok) {
        char hex[129];
        if (p->has_sha256) {
            for (size_t i = 0; i < 32; i++)
                snprintf(hex + 2 * i, 3, "%02x", p->sha256[i]);
            ok = xv_rep_json_str(o, "sha256", hex);
            for (size_t i = 0; ok && p->has_sha512 && i < 64; i++)
                snprintf(hex + 2 * i, 3, "%02x", p->sha512[i]);
            ok = ok && xv_rep_json_str(o, "sha512", p->has_sha512 ? hex : NULL);
        } else {
            ok = xv_rep_json_str(o, "sha256", NULL) && xv_rep_json_str(o, "sha512", NULL);
        }
    }
    ok = ok && put_open(out, o);
    cJSON_Delete(o);
    if (!ok)
        return 0;
    fputs(",\"artifacts\":[", out);
    size_t k = 0;
    for (size_t i = 0; ok && i < p->count; i++) {
        const xv_artifact *a = xv_dist_artifact(d, p->first + i);
        if (!a)
            continue;
        fputs(k++ ? ",\n  " : "\n  ", out);
        ok = put_artifact(out, a);
    }
    fputs("]}", out);
    return ok;
}

static cJSON *result_json(const xv_rep *rep, const xv_result *r)
{
    cJSON *o = cJSON_CreateObject();
    if (!o)
        return NULL;
    int ok = xv_rep_json_str(o, "check", r->check ? r->check : "unknown") && xv_rep_json_str(o, "subject", r->subject) &&
             xv_rep_json_str(o, "package", r->package) &&
             xv_rep_json_str(o, "platform", r->platform) && xv_rep_json_str(o, "env", r->env) &&
             xv_rep_json_str(o, "verdict", xv_verdict_name(r->verdict)) &&
             xv_rep_json_str(o, "raw", xv_verdict_name(r->raw)) &&
             xv_rep_json_str(o, "message", r->message ? r->message : "") &&
             xv_rep_json_str(o, "detail", r->detail) && xv_rep_json_str(o, "hint", r->hint) &&
             xv_rep_json_str(o, "waiver", r->waiver) &&
             xv_rep_json_num(o, "seconds", xv_rep_seconds(rep, r->seconds));
    cJSON *facts = ok ? cJSON_AddArrayToObject(o, "facts") : NULL;
    ok = facts != NULL;
    for (size_t i = 0; ok && i < r->nfacts; i++) {
        cJSON *f = cJSON_CreateObject();
        ok = f && xv_rep_json_str(f, "key", r->facts[i].key) &&
             xv_rep_json_str(f, "value", r->facts[i].value);
        if (!ok) {
            cJSON_Delete(f);
            break;
        }
        ok = add_item(facts, f);
    }
    if (!ok) {
        cJSON_Delete(o);
        return NULL;
    }
    return o;
}

static cJSON *options_json(const xv_run_opts *ro)
{
    cJSON *o = cJSON_CreateObject();
    if (!o || !ro)
        return o;
    int ok = xv_rep_json_str(o, "matrix", ro->matrix_path) &&
             xv_rep_json_str(o, "fail_on", xv_fail_on_name(ro->fail_on)) &&
             xv_rep_json_num(o, "jobs", ro->jobs) &&
             cJSON_AddBoolToObject(o, "smoke", ro->smoke != 0) &&
             xv_rep_json_str(o, "distros", ro->distros) &&
             xv_rep_json_num(o, "smoke_timeout", ro->smoke_timeout) &&
             xv_rep_json_str(o, "baseline", ro->baseline) &&
             xv_rep_json_str(o, "today", ro->today);
    if (!ok) {
        cJSON_Delete(o);
        return NULL;
    }
    return o;
}

static cJSON *header(const xv_rep *rep)
{
    cJSON *root = cJSON_CreateObject();
    if (!root)
        return NULL;
    char head[128];
    cJSON *tool = cJSON_CreateObject();
    int ok = xv_rep_json_num(root, "schema_version", JSON_SCHEMA_VERSION) &&
             add_obj(root, "tool", tool) && xv_rep_json_str(tool, "name", "xverify") &&
             xv_rep_json_str(tool, "version", xv_version()) &&
             add_obj(root, "options", options_json(xv_run_options(rep->run))) &&
             xv_rep_json_str(root, "verdict", xv_verdict_name(rep->verdict)) &&
             xv_rep_json_str(root, "state", xv_gate_state_name(rep->gate.state)) &&
             cJSON_AddBoolToObject(root, "ready", rep->exit_code == 0) &&
             xv_rep_json_num(root, "exit_code", rep->exit_code) &&
             xv_rep_json_str(root, "headline", xv_rep_headline(rep, 0, head, sizeof head));
    cJSON *sum = ok ? cJSON_AddObjectToObject(root, "summary") : NULL;
    ok = sum && xv_rep_json_num(sum, "total", (double)rep->nitems);
    for (int v = XV_PASS; ok && v <= XV_ERROR; v++)
        ok = xv_rep_json_num(sum, xv_verdict_name((xv_verdict)v), (double)rep->counts[v]);
    ok = ok && xv_rep_json_num(sum, "blocking", (double)rep->nblocking) &&
         xv_rep_json_num(sum, "waived", (double)rep->gate.waived) &&
         xv_rep_json_num(sum, "waivers_expiring", (double)rep->gate.waivers_expiring);
    cJSON *wl = ok ? cJSON_AddArrayToObject(root, "waivers") : NULL;
    ok = wl != NULL;
    for (size_t i = 0; ok && i < rep->gate.nwaivers; i++) {
        const xv_waiver_use *w = &rep->gate.waivers[i];
        cJSON *o = cJSON_CreateObject();
        ok = o && add_item(wl, o) && xv_rep_json_str(o, "check", w->check) &&
             xv_rep_json_str(o, "match", w->match) && xv_rep_json_str(o, "reason", w->reason) &&
             xv_rep_json_str(o, "expires", w->expires) &&
             xv_rep_json_num(o, "covered", (double)w->covered) &&
             xv_rep_json_num(o, "matched", (double)w->matched) &&
             cJSON_AddBoolToObject(o, "expired", w->expired) &&
             cJSON_AddBoolToObject(o, "expiring", w->expiring) &&
             xv_rep_json_num(o, "days_left", (double)w->days_left);
    }
    cJSON *plats = ok ? cJSON_AddArrayToObject(root, "platforms") : NULL;
    ok = plats != NULL;
    for (size_t i = 0; ok && i < rep->nplatforms; i++) {
        char *c = xv_rep_utf8_clean(rep->platforms[i]);
        ok = c && add_item(plats, cJSON_CreateString(c));
        free(c);
    }
    /* the release's identity, when its metadata states one */
    const xv_release_info *ri = rep->dist ? xv_dist_release(rep->dist) : NULL;
    if (ok && ri && ri->project) {
        cJSON *rel = cJSON_AddObjectToObject(root, "release");
        ok = rel && xv_rep_json_str(rel, "project", ri->project) &&
             xv_rep_json_str(rel, "version", ri->version) && xv_rep_json_str(rel, "tag", ri->tag) &&
             xv_rep_json_str(rel, "commit", ri->commit) && xv_rep_json_str(rel, "source", ri->source);
    }
    if (!ok) {
        cJSON_Delete(root);
        return NULL;
    }
    return root;
}

xv_status xv_report_json(const xv_run *run, const xv_report_opts *opts, FILE *out)
{
    (void)opts;
    xv_rep rep;
    xv_status st = xv_rep_build(&rep, run);
    if (st != XV_OK)
        return st;
    cJSON *h = header(&rep);
    int ok = h && put_open(out, h);
    cJSON_Delete(h);
    if (ok)
        fputs(",\n\"packages\":[", out);
    size_t np = rep.dist ? xv_dist_package_count(rep.dist) : 0;
    for (size_t i = 0; ok && i < np; i++) {
        fputs(i ? ",\n" : "\n", out);
        ok = put_package(out, rep.dist, xv_dist_package(rep.dist, i));
    }
    if (ok)
        fputs("],\n\"results\":[", out);
    for (size_t i = 0; ok && i < rep.nitems; i++) {
        cJSON *r = result_json(&rep, rep.items[i].r);
        fputs(i ? ",\n" : "\n", out);
        ok = r && put_closed(out, r);
        cJSON_Delete(r);
    }
    if (ok)
        fputs("]}\n", out);
    xv_rep_free(&rep);
    if (!ok)
        return XV_ENOMEM;
    return xv_rep_finish(out);
}
