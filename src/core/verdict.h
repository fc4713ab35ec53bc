/* Private: building the gate of include/xverify/verdict.h (src/core/verdict.c).
 * The run feeds every final result once, in its sorted order. */
#ifndef XV_CORE_VERDICT_H
#define XV_CORE_VERDICT_H

#include "xverify/xverify.h"

/* Starts an empty gate; fail_on is normalised to XV_FAIL, XV_WARN or XV_SKIP. */
void xv_gate_init(xv_gate *g, xv_verdict fail_on);
/* Counts one result (after severities, waivers and requirements). */
void xv_gate_add(xv_gate *g, const xv_result *r);
/* Marks the run as stopped before it finished. */
void xv_gate_interrupt(xv_gate *g, int sig);
/* Decides the state and exit code from what was added. */
void xv_gate_finish(xv_gate *g);

#endif
