/* Private: sharded runs (--shard, --platform) and runs rebuilt from saved
 * JSON results (xverify report, xverify merge). */
#ifndef XV_CORE_SAVED_H
#define XV_CORE_SAVED_H

#include <stdio.h>

#include "xverify/xverify.h"
#include "xverify/saved.h"
#include "common/jsonw.h"

struct xv_matrix;

/* Version of the "saved" section of the JSON report: what a re-render and
 * a merge read back (docs/report-json.md). A reader refuses another one. */
#define XV_SAVED_VERSION 1

/* Where a run stands (checks read it through xv_ctx_stage):
 * FULL  - the whole release, every check;
 * SHARD - a share of the packages (--shard, --platform): the checks that
 *         look across platforms are deferred ("judged at merge");
 * MERGE - the shards' results merged: only the deferred checks run. */
enum { XV_STAGE_FULL = 0, XV_STAGE_SHARD = 1, XV_STAGE_MERGE = 2 };

/* The fact that marks a result "judged at merge" (value "merge"): it
 * never blocks, under any --fail-on. */
#define XV_FACT_JUDGED_AT "judged_at"
int xv_result_deferred(const xv_result *r);

/* Whether check `id` runs at stage `stage`. */
int xv_stage_runs(int stage, const char *id);
/* The checks that look across platforms, deferred in a shard. */
extern const char *const xv_deferred_checks[];

/* Whether the options ask for a share of the release. */
int xv_run_opts_partial(const xv_run_opts *o);
/* Keeps the run's share of the packages of d (src/core/shard.c): units are
 * platforms (a package's platform id, else the matrix platform whose
 * package glob names it, else its own name), sorted, filtered by
 * --platform, then dealt round-robin; unit i goes to shard i % N + 1.
 * Fills *units (malloc'd array of malloc'd strings: every unit of the
 * release after the filter, sorted) for the saved result. 0, or -1 with a
 * message in err. */
int xv_shard_select(xv_dist *d, const struct xv_matrix *m, const xv_run_opts *o,
                    char ***units, size_t *nunits, size_t **orig, char *err, size_t errlen);
void xv_shard_units_free(char **units, size_t n);

/* ---- accessors for the saved section (src/core/run.c) ---- */
int xv_run_stage(const xv_run *run);
/* The results before severities and waivers (a shard's, for the merge). */
size_t xv_run_pre_count(const xv_run *run);
const xv_result *xv_run_pre(const xv_run *run, size_t i, const char **member);
/* The matrix file's text as read at the start of the run, or NULL. */
const char *xv_run_matrix_text(const xv_run *run, size_t *len);
size_t xv_run_units(const xv_run *run, const char *const **units);
/* Index of package i in the whole release before the shard was chosen. */
size_t xv_run_package_index(const xv_run *run, size_t i);
/* The host a run rebuilt from a saved result ran on; NULL for a live run
 * (the writers ask the system). */
const char *xv_run_saved_host(const xv_run *run);
/* The date waivers were judged against ("YYYY-MM-DD"). */
const char *xv_run_today(const xv_run *run);
size_t xv_run_input_count(const xv_run *run);
const char *xv_run_input(const xv_run *run, size_t i);

/* ---- rebuilding (src/core/run.c) ---- */
typedef struct xv_restore {
    xv_dist *dist;               /* taken by the run */
    struct xv_matrix *matrix;    /* taken; may be NULL */
    const char *matrix_text;     /* copied; may be NULL */
    size_t matrix_len;
    int merge;                   /* 1: the pushed results are the shards'
                                    results before policy: run the deferred
                                    checks, then severities and waivers;
                                    0: they are final (a re-render) */
    const xv_waiver_use *waivers;/* merge 0: the waivers as saved (copied) */
    size_t nwaivers;
    int warn_days;
    int interrupted;
    double started, finished;
    const char *today;           /* the date the saved run judged waivers at */
    /* merge 0, a shard's result: it stays one (its saved section) */
    int stage;                   /* XV_STAGE_* of the saved run */
    const char *const *units;    /* copied */
    size_t nunits;
    const size_t *orig;          /* per package, copied; may be NULL */
    const char *host;            /* the host the saved run ran on, or NULL */
} xv_restore;
/* The package-relative path of a pushed result's subject (waiver globs). */
void xv_run_set_member(xv_run *run, xv_result *r, const char *member);
/* Moves the results pushed so far to the run's results before policy (a
 * shard's, read back), leaving none. */
xv_status xv_run_move_to_pre(xv_run *run);
xv_status xv_run_restore(xv_run *run, const xv_restore *in);

/* ---- the saved section of the JSON report (src/report/json_saved.c) ---- */
/* One result as the report writes it; with_member adds "member" (the
 * saved copy, which waiver globs read at the merge). */
void xv_json_put_result(xv_jsonw *w, const xv_result *r, double seconds, int with_member,
                        const char *member);
void xv_json_put_saved(xv_jsonw *w, const xv_run *run, int deterministic);

/* ---- reading saved results (src/core/result_load.c) ---- */
/* The same from bytes (fuzzing): 0 when it reads. */
int xv_saved_parse_buffer(const char *data, size_t len);

#endif
