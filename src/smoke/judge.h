/* Private: the engine behind the smoke.load and smoke.run checks
 * (src/smoke/judge.c). */
#ifndef XV_SMOKE_JUDGE_H
#define XV_SMOKE_JUDGE_H

#include "checks/check.h"

/* Plans, runs and reports the smoke tasks of the run behind ctx: load = 1
 * for smoke.load (the target's loader resolves every Linux ELF exe and
 * shared library, no program code runs), 0 for smoke.run (the matrix's
 * commands). Emits nothing when smoke tests are off for the run. */
void xv_smoke_judge(xv_check_ctx *ctx, const xv_check *self, int load);

#endif
