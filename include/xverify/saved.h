/* Saved results: a run's JSON report (--json) read back, to write its
 * reports again (xverify report) or to join the shards of one release that
 * CI jobs verified with --shard K/N (xverify merge; docs/ci.md). */
#ifndef XVERIFY_SAVED_H
#define XVERIFY_SAVED_H

#include <stddef.h>
#include "xverify/common.h"
#include "xverify/run.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct xv_saved xv_saved;

/* Reads one JSON result (at most 1 GiB) and checks its schema and saved
 * section version. NULL with a message naming the file (and the field) in
 * err. */
XV_API xv_saved *xv_saved_load(const char *path, char *err, size_t errlen);
XV_API void xv_saved_free(xv_saved *s); /* accepts NULL */

/* A finished run rebuilt from a saved result: every report writer gives
 * the bytes the original run's writer gave (with XV_DETERMINISTIC as it
 * was), and its verdict and exit code are the original's. NULL with a
 * message naming the file and the field when a field is invalid. Free
 * with xv_run_free; the saved result may be freed first. */
XV_API xv_run *xv_saved_run(xv_saved *s, char *err, size_t errlen);

/* Joins the results of --shard 1/N .. N/N of one release (any order):
 * judges the checks that look across platforms and applies the matrix
 * policy to the whole, as one unsharded run does. NULL with a message in
 * err when the files are no complete set of shards of one run (different
 * releases, matrices, options or splits, a shard missing or given twice,
 * a result that is no shard): the CLI's exit 2. */
XV_API xv_run *xv_saved_merge(xv_saved **shards, size_t n, char *err, size_t errlen);

/* "K/N" of --shard into k and n: 0 when 1 <= K <= N <= 1000, else -1. */
XV_API int xv_shard_parse(const char *s, int *k, int *n);

#ifdef __cplusplus
}
#endif
#endif
