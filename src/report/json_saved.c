/* The "saved" section of the JSON report: what the report fields do not
 * hold but `xverify report` needs to re-render every report exactly, and
 * `xverify merge` needs to judge the release-wide checks of the shards
 * (docs/report-json.md). Written last, after "results". */
#include <string.h>
#include <unistd.h>

#include "core/saved.h"
#include "dist/restore.h"
#include "report/report_util.h"

static const char *stage_name(int stage)
{
    return stage == XV_STAGE_SHARD ? "shard" : stage == XV_STAGE_MERGE ? "merge" : "full";
}

void xv_json_put_saved(xv_jsonw *w, const xv_run *run, int deterministic)
{
    const xv_run_opts *ro = xv_run_options(run);
    const xv_gate *g = xv_run_gate(run);
    const xv_dist *d = xv_run_dist(run);
    double t0 = 0, t1 = 0;
    xv_run_times(run, &t0, &t1);
    xv_jw_obj(w);
    xv_jw_ku64(w, "version", XV_SAVED_VERSION);
    xv_jw_kstr(w, "stage", stage_name(xv_run_stage(run)));
    xv_jw_kstr(w, "command_line", ro ? ro->command_line : NULL);
    xv_jw_knum(w, "started", deterministic ? 0 : t0);
    xv_jw_knum(w, "finished", deterministic ? 0 : t1);
    xv_jw_ki64(w, "interrupted", xv_run_interrupted(run));
    xv_jw_kstr(w, "today", xv_run_today(run));
    char host[256] = "localhost";
    const char *sh = xv_run_saved_host(run);
    if (sh)
        snprintf(host, sizeof host, "%s", sh);
    else if (!deterministic && gethostname(host, sizeof host) != 0)
        snprintf(host, sizeof host, "localhost");
    host[sizeof host - 1] = '\0';
    xv_jw_kstr(w, "host", deterministic ? "localhost" : host);
    xv_jw_ki64(w, "waiver_warn_days", g ? g->waiver_warn_days : 0);
    size_t mlen = 0;
    const char *mtext = xv_run_matrix_text(run, &mlen);
    xv_jw_key(w, "matrix_text");
    xv_jw_strn(w, mtext, mlen);
    xv_jw_key(w, "inputs");
    xv_jw_arr(w);
    for (size_t i = 0; i < xv_run_input_count(run); i++)
        xv_jw_str(w, xv_run_input(run, i));
    xv_jw_arr_end(w);
    xv_jw_key(w, "shard");
    if (xv_run_stage(run) == XV_STAGE_SHARD && ro) {
        xv_jw_obj(w);
        xv_jw_ki64(w, "k", ro->shard_k);
        xv_jw_ki64(w, "n", ro->shard_n);
        xv_jw_kstr(w, "platforms", ro->platform_filter);
        const char *const *units = NULL;
        size_t nu = xv_run_units(run, &units);
        xv_jw_key(w, "units");
        xv_jw_arr(w);
        for (size_t i = 0; i < nu; i++)
            xv_jw_str(w, units[i]);
        xv_jw_arr_end(w);
        xv_jw_obj_end(w);
    } else {
        xv_jw_null(w);
    }
    /* package facts the report fields leave out */
    xv_jw_key(w, "packages");
    xv_jw_arr(w);
    size_t np = d ? xv_dist_package_count(d) : 0;
    for (size_t i = 0; i < np; i++) {
        const xv_package *p = xv_dist_package(d, i);
        xv_jw_sep(w, "\n");
        xv_jw_obj(w);
        xv_jw_kstr(w, "path", p->path);
        xv_jw_ku64(w, "index", xv_run_package_index(run, i));
        xv_jw_kbool(w, "top", xv_package_is_top(d, i));
        xv_jw_kstr(w, "project", p->project);
        xv_jw_kstr(w, "version", p->version);
        xv_jw_kstr(w, "platform_source", p->platform_source);
        xv_jw_obj_end(w);
    }
    xv_jw_arr_end(w);
    xv_jw_key(w, "checksum_files");
    xv_jw_arr(w);
    size_t ns = d ? xv_dist_checksum_file_count(d) : 0;
    for (size_t i = 0; i < ns; i++) {
        const xv_checksum_file *f = xv_dist_checksum_file(d, i);
        xv_jw_sep(w, "\n");
        xv_jw_obj(w);
        xv_jw_kstr(w, "path", f->path);
        xv_jw_key(w, "text");
        xv_jw_strn(w, f->text, f->len);
        xv_jw_obj_end(w);
    }
    xv_jw_arr_end(w);
    /* a shard's results before severities and waivers: the merge applies
     * the policy to the whole release once */
    xv_jw_key(w, "results");
    if (xv_run_stage(run) == XV_STAGE_SHARD) {
        xv_jw_arr(w);
        for (size_t i = 0; i < xv_run_pre_count(run); i++) {
            const char *member = NULL;
            const xv_result *r = xv_run_pre(run, i, &member);
            xv_jw_sep(w, "\n");
            xv_json_put_result(w, r, deterministic ? 0 : r->seconds, 1, member);
        }
        xv_jw_arr_end(w);
    } else {
        xv_jw_null(w);
    }
    xv_jw_obj_end(w);
}
