/* xverify merge (core/saved.h): the saved results of --shard 1/N .. N/N of
 * one release joined into one run. Each file is first checked to be a
 * shard of the same run (release, matrix, options, split); then the
 * packages are put back in the release's order, the shards' results before
 * policy are joined, and the run judges the checks that look across
 * platforms and applies the matrix policy once, as an unsharded run does. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/matrix.h"
#include "core/run_internal.h"
#include "core/saved_read.h"

static const char *str_of(const cJSON *o, const char *k)
{
    const cJSON *v = xv_sl_field(o, k);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static int same_str(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* Two values equal as JSON (the options, the units, the lists). */
static int same_json(const cJSON *a, const cJSON *b)
{
    return cJSON_Compare(a, b, 1) || (!a && !b);
}

static int deferred_marker(const cJSON *r)
{
    const cJSON *facts = xv_sl_field(r, "facts");
    for (const cJSON *f = cJSON_IsArray(facts) ? facts->child : NULL; f; f = f->next)
        if (same_str(str_of(f, "key"), XV_FACT_JUDGED_AT))
            return 1;
    return 0;
}

/* A result tied to no package that an earlier shard reported the same
 * (release-level findings every shard makes): kept once. */
static int seen_before(xv_saved **sv, size_t s, const cJSON *r)
{
    if (xv_sl_field(r, "package") && !cJSON_IsNull(xv_sl_field(r, "package")))
        return 0;
    for (size_t t = 0; t < s; t++) {
        const cJSON *res = xv_sl_field(xv_sl_field(sv[t]->doc, "saved"), "results");
        for (const cJSON *q = cJSON_IsArray(res) ? res->child : NULL; q; q = q->next) {
            const cJSON *pk = xv_sl_field(q, "package");
            if (pk && !cJSON_IsNull(pk))
                continue;
            if (same_str(str_of(q, "check"), str_of(r, "check")) &&
                same_str(str_of(q, "subject"), str_of(r, "subject")) &&
                same_str(str_of(q, "message"), str_of(r, "message")) &&
                same_str(str_of(q, "verdict"), str_of(r, "verdict")) &&
                same_str(str_of(q, "env"), str_of(r, "env")))
                return 1;
        }
    }
    return 0;
}

/* Why two shard results are not of one run (NULL when they are): the same
 * release (its platform units, checksum lists and metadata), matrix, tool
 * version, filter and the options that change a verdict. */
static const char *not_one_run(const cJSON *a, const cJSON *b)
{
    const cJSON *sa = xv_sl_field(a, "saved"), *sb = xv_sl_field(b, "saved");
    const cJSON *sha = xv_sl_field(sa, "shard"), *shb = xv_sl_field(sb, "shard");
    if (!same_json(xv_sl_field(sha, "units"), xv_sl_field(shb, "units")) ||
        !same_json(xv_sl_field(sa, "checksum_files"), xv_sl_field(sb, "checksum_files")) ||
        !same_json(xv_sl_field(a, "release"), xv_sl_field(b, "release")))
        return "different releases (their platforms, checksum lists or release metadata differ)";
    if (!same_json(xv_sl_field(sa, "matrix_text"), xv_sl_field(sb, "matrix_text")))
        return "different matrices";
    if (!same_str(str_of(xv_sl_field(a, "tool"), "version"), str_of(xv_sl_field(b, "tool"),
        "version")))
        return "different xverify versions";
    if (!same_str(str_of(sha, "platforms"), str_of(shb, "platforms")))
        return "different --platform filters";
    static const char *const keys[] = { "fail_on", "smoke", "distros", "smoke_timeout",
                                        "baseline", "today", NULL };
    const cJSON *oa = xv_sl_field(a, "options"), *ob = xv_sl_field(b, "options");
    for (size_t q = 0; keys[q]; q++)
        if (!same_json(xv_sl_field(oa, keys[q]), xv_sl_field(ob, keys[q])))
            return "different options (--fail-on, --smoke, --distros, --timeout, --today)";
    if (!same_str(str_of(sa, "today"), str_of(sb, "today")))
        return "different dates (run them with the same --today)";
    return NULL;
}

/* The shards in K order, once each checked to be a shard of the same run
 * of the same release as the first; NULL with the problem in err. */
static xv_saved **order_shards(xv_saved **sv, size_t n, lctx *lcs, char *err, size_t errlen)
{
    int nn = 0;
    int *seen = NULL;
    xv_saved **ord = NULL;
    for (size_t s = 0; s < n; s++) {
        lctx *lc = &lcs[s];
        const cJSON *saved = xv_sl_field(sv[s]->doc, "saved");
        const char *stage;
        if (xv_sl_str(lc, saved, "stage", "saved", 0, &stage))
            goto out;
        const cJSON *sh = xv_sl_field(saved, "shard");
        double k, nsh;
        if (strcmp(stage, "shard") != 0 || !cJSON_IsObject(sh)) {
            snprintf(err, errlen, "%s: not a shard's result (it judged %s); merge the results of "
                     "runs with --shard K/N", sv[s]->file,
                     strcmp(stage, "merge") == 0 ? "merged shards" : "the whole release");
            goto out;
        }
        if (xv_sl_num(lc, sh, "k", "saved.shard", 0, 1000, &k) ||
            xv_sl_num(lc, sh, "n", "saved.shard", 0, 1000, &nsh))
            goto out;
        if (nsh < 1) {
            snprintf(err, errlen, "%s: a --platform share, not a --shard K/N one: merge takes "
                     "the N results of --shard 1/N .. N/N", sv[s]->file);
            goto out;
        }
        if (k < 1 || k > nsh || k != (int)k || nsh != (int)nsh) {
            xv_sl_fail(lc, "saved.shard.k", "not a share 1..N of saved.shard.n");
            goto out;
        }
        if (s == 0) {
            nn = (int)nsh;
            seen = calloc((size_t)nn + 1, sizeof *seen);
            if (!seen) {
                snprintf(err, errlen, "merge: out of memory");
                goto out;
            }
        } else if ((int)nsh != nn) {
            snprintf(err, errlen, "%s is shard %d/%d but %s is one of %d: shards of different "
                     "splits", sv[s]->file, (int)k, (int)nsh, sv[0]->file, nn);
            goto out;
        }
        if (seen[(int)k]) {
            snprintf(err, errlen, "shard %d/%d given twice: %s and %s", (int)k, nn,
                     sv[seen[(int)k] - 1]->file, sv[s]->file);
            goto out;
        }
        seen[(int)k] = (int)s + 1;
        double intr = 0;
        if (xv_sl_num(lc, saved, "interrupted", "saved", 0, 64, &intr))
            goto out;
        if (intr) {
            snprintf(err, errlen, "%s: that shard was interrupted; run it again to completion",
                     sv[s]->file);
            goto out;
        }
        const char *what = s ? not_one_run(sv[0]->doc, sv[s]->doc) : NULL;
        if (what) {
            snprintf(err, errlen, "%s and %s are not shards of one run: %s", sv[0]->file,
                     sv[s]->file, what);
            goto out;
        }
    }
    for (int k = 1; k <= nn; k++)
        if (!seen[k]) {
            snprintf(err, errlen, "shard %d/%d is missing: give the results of all %d shards", k,
                     nn, nn);
            goto out;
        }
    /* n == nn here: each of 1..nn seen once */
    ord = calloc(n, sizeof *ord);
    if (!ord) {
        snprintf(err, errlen, "merge: out of memory");
        goto out;
    }
    for (int k = 1; k <= nn; k++)
        ord[k - 1] = sv[seen[k] - 1];
out:
    free(seen);
    return ord;
}

xv_run *xv_saved_merge(xv_saved **sv, size_t n, char *err, size_t errlen)
{
    if (n == 0 || n > XV_SAVED_MAX_SHARDS) {
        snprintf(err, errlen, "merge: give the JSON results of every shard (1 to %u files)",
                 XV_SAVED_MAX_SHARDS);
        return NULL;
    }
    lctx *lcs = calloc(n, sizeof *lcs);
    if (!lcs) {
        snprintf(err, errlen, "merge: out of memory");
        return NULL;
    }
    for (size_t s = 0; s < n; s++)
        lcs[s] = (lctx){ sv[s]->file, err, errlen, 0 };
    xv_run *run = NULL;
    xv_saved **ord = NULL;
    xv_dist *d = NULL;
    struct xv_matrix *m = NULL;
    ord = order_shards(sv, n, lcs, err, errlen);
    if (!ord)
        goto out;
    for (size_t s = 0; s < n; s++)
        lcs[s].file = ord[s]->file;
    xv_run_opts o;
    xv_restore in;
    memset(&in, 0, sizeof in);
    if (xv_sl_load_opts(&lcs[0], ord[0]->doc, &o) || xv_sl_load_restore(&lcs[0], ord[0]->doc, &in))
        goto out;
    for (size_t s = 1; s < n; s++) {
        xv_restore t;
        memset(&t, 0, sizeof t);
        if (xv_sl_load_restore(&lcs[s], ord[s]->doc, &t))
            goto out;
        in.started = t.started < in.started ? t.started : in.started;
        in.finished = t.finished > in.finished ? t.finished : in.finished;
    }
    if (o.matrix_path && !in.matrix_text) {
        xv_sl_fail(&lcs[0], "saved.matrix_text",
            "missing: the matrix was not saved with the result");
        goto out;
    }
    if (in.matrix_text) {
        char merr[1536];
        if (xv_matrix_parse(in.matrix_text, in.matrix_len, o.matrix_path ? o.matrix_path : "matrix",
                            &m, merr, sizeof merr) != 0) {
            snprintf(err, errlen, "%s: saved.matrix_text: %s", ord[0]->file, merr);
            goto out;
        }
    }
    run = xv_run_new(&o);
    if (run && xv_sl_load_inputs(&lcs[0], ord[0]->doc, run))
        goto out;
    d = run ? xv_sl_build_dist(lcs, ord, n) : NULL;
    if (!d) {
        if (!run)
            snprintf(err, errlen, "merge: out of memory");
        goto out;
    }
    for (size_t s = 0; s < n; s++) {
        const cJSON *res = xv_sl_arr(&lcs[s], xv_sl_field(ord[s]->doc, "saved"), "results", "saved",
                                   10000000, 0);
        if (!res)
            goto out;
        size_t i = 0;
        for (const cJSON *r = res->child; r; r = r->next, i++) {
            char w[48];
            snprintf(w, sizeof w, "saved.results[%zu]", i);
            if (deferred_marker(r) || seen_before(ord, s, r))
                continue;
            if (xv_sl_load_result(&lcs[s], run, r, w, 1))
                goto out;
        }
    }
    in.dist = d;
    in.matrix = m;
    in.merge = 1;
    d = NULL;
    m = NULL;
    if (xv_run_restore(run, &in) != XV_OK) {   /* the run owns dist and matrix either way */
        snprintf(err, errlen, "merge: out of memory");
        goto out;
    }
    free(ord);
    free(lcs);
    return run;
out:
    xv_matrix_free(m);
    xv_dist_free(d);
    xv_run_free(run);
    free(ord);
    free(lcs);
    return NULL;
}

