/* Private: building a run's results outside the check pipeline (report tests,
 * smoke runners). Implemented in src/core/run.c. */
#ifndef XV_CORE_RUN_INTERNAL_H
#define XV_CORE_RUN_INTERNAL_H

#include "xverify/xverify.h"
#include "common/arena.h"

/* Appends a zeroed result owned by the run (thread-safe). */
xv_result *xv_run_push_result(xv_run *run);
/* Copies a string into the run's arena (thread-safe); NULL stays NULL. */
const char *xv_run_strdup(xv_run *run, const char *s);
void xv_run_add_fact(xv_run *run, xv_result *r, const char *key, const char *value);

#endif
