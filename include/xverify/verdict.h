/* The verdict of a run: one decision, computed once by the library from the
 * results and the gate options, that the exit code and every report read. */
#ifndef XVERIFY_VERDICT_H
#define XVERIFY_VERDICT_H

#include <stddef.h>
#include "xverify/common.h"
#include "xverify/result.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct xv_run xv_run;

/* The state of the gate. New states may be added at the end; a reader that
 * does not know one must treat it as not ready. */
typedef enum xv_gate_state {
    XV_GATE_READY = 0,      /* no result at or above the fail level: exit 0 */
    XV_GATE_NOT_READY,      /* at least one blocking result: exit 1 */
    XV_GATE_INTERRUPTED     /* the run was stopped before it finished: not
                               ready whatever the results say so far */
} xv_gate_state;

/* One matrix waiver and what it did in this run. Strings are owned by the run. */
typedef struct xv_waiver_use {
    const char *check;      /* check id or prefix it names */
    const char *match;      /* glob on subject / member, or NULL (all) */
    const char *reason;     /* never NULL ("" when the matrix gave none) */
    const char *expires;    /* "YYYY-MM-DD" or NULL (never) */
    size_t covered;         /* results it excused (turned into passes) */
    size_t matched;         /* results it matched (an expired waiver excuses none) */
    int expired;            /* expiry date is before the run's date */
    long days_left;         /* days until expiry (negative once expired); 0 when
                               it never expires */
    int expiring;           /* expires within the warning window */
} xv_waiver_use;

typedef struct xv_gate {
    xv_gate_state state;
    int exit_code;          /* 0 ready, 1 not ready, 128 + the signal when
                               interrupted (130 SIGINT, 143 SIGTERM, 129 SIGHUP):
                               what the program exits with */
    xv_verdict fail_on;     /* XV_FAIL (fail/error block), XV_WARN (warnings
                               too) or XV_SKIP (skips and warnings too) */
    xv_verdict worst;       /* the gravest verdict of any result */
    size_t total;           /* results */
    size_t counts[5];       /* results by verdict (XV_PASS..XV_ERROR) */
    size_t blocking;        /* results that block under fail_on */
    size_t blocking_by[5];  /* blocking results by verdict */
    size_t waived;          /* passes that a waiver excused */
    const xv_waiver_use *waivers; /* every matrix waiver, in matrix order */
    size_t nwaivers;
    size_t waivers_expiring;      /* waivers inside the warning window */
    size_t waivers_expired;
    int waiver_warn_days;         /* the warning window in days */
    int signal;             /* the signal that interrupted the run, or 0 */
} xv_gate;

/* The verdict of an executed run (NULL before xv_run_execute succeeded). */
XV_API const xv_gate *xv_run_gate(const xv_run *run);
/* Whether result r blocks the release under the gate's fail level. */
XV_API int xv_gate_blocks(const xv_gate *gate, const xv_result *r);
/* "ready", "not-ready", "interrupted". */
XV_API const char *xv_gate_state_name(xv_gate_state s);
/* "error", "warn", "skip": the --fail-on word of a fail level. */
XV_API const char *xv_fail_on_name(xv_verdict fail_on);

#ifdef __cplusplus
}
#endif
#endif
