/* Private to src/core/result_load.c and merge.c: reading the fields of a
 * saved JSON result, each checked, with messages naming the file and the
 * field. */
#ifndef XV_CORE_SAVED_READ_H
#define XV_CORE_SAVED_READ_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "core/saved.h"

#define XV_SAVED_MAX_BYTES ((size_t)1 << 30)   /* a saved result read whole */
#define XV_SAVED_MAX_SHARDS 1000u
#define XV_SAVED_MAX_FACTS 4096

struct xv_saved {
    char *file;        /* as given, for messages */
    cJSON *doc;
};

/* The reading state: the file and the field being read, for messages. */
typedef struct lctx {
    const char *file;
    char *err;
    size_t errlen;
    int failed;
} lctx;

/* Sets the message "FILE: FIELD: WHAT" (the first one only); returns -1. */
int xv_sl_fail(lctx *lc, const char *field, const char *what);
/* o's member k when o is an object, else NULL. */
const cJSON *xv_sl_field(const cJSON *o, const char *k);
/* Typed members of o; "where" is the path of o for messages. 0, or -1 with
 * the message set. */
int xv_sl_str(lctx *lc, const cJSON *o, const char *k, const char *where, int nullable,
                  const char **out);
int xv_sl_num(lctx *lc, const cJSON *o, const char *k, const char *where, double lo,
                  double hi, double *out);
int xv_sl_bool(lctx *lc, const cJSON *o, const char *k, const char *where, int *out);
const cJSON *xv_sl_arr(lctx *lc, const cJSON *o, const char *k, const char *where,
                           size_t max, int nullable);
const cJSON *xv_sl_obj(lctx *lc, const cJSON *o, const char *k, const char *where,
                           int nullable);
/* The dist of n saved results, their packages in the whole release's order
 * (one lctx per result). NULL with the message set. */
xv_dist *xv_sl_build_dist(lctx *lcs, xv_saved **sv, size_t n);
/* One result pushed to run (with_member: the saved copy before policy). */
int xv_sl_load_result(lctx *lc, xv_run *run, const cJSON *o, const char *where, int with_member);
/* The run options, the inputs and the run facts of a saved result. */
int xv_sl_load_opts(lctx *lc, const cJSON *doc, xv_run_opts *o);
int xv_sl_load_inputs(lctx *lc, const cJSON *doc, xv_run *run);
int xv_sl_load_restore(lctx *lc, const cJSON *doc, xv_restore *in);

#endif
