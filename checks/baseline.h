/* Private: helpers of the baseline checks (checks/baseline.c). */
#ifndef XV_CHECKS_BASELINE_H
#define XV_CHECKS_BASELINE_H

#include "checks/util.h"
#include "common/strbuf.h"
#include "xverify/diff.h"

/* Up to this many names in one message; the rest are counted. */
#define XV_BASELINE_NAMES 8u

/* The baseline compared with this release, or NULL: no baseline configured,
 * or it cannot be read (then, when report_error is set, one error result
 * names it: only the first baseline check in the registry reports it). */
const xv_diff *xv_cb_diff(xv_check_ctx *ctx, const xv_check *self, int report_error);

/* Joins the `what` (or "what old -> new" with with_values) of changes
 * idx[0..n) into sb, at most XV_BASELINE_NAMES, the rest counted. */
void xv_cb_names(const xv_diff *df, const size_t *idx, size_t n, int with_values, xv_strbuf *sb);

/* Judges one artifact of this release from its changes idx[0..n). */
typedef void (*xv_cb_judge_fn)(xv_check_ctx *ctx, const xv_check *self, const xv_artifact *a,
                               const xv_diff *df, const size_t *idx, size_t n);

/* Calls judge once per artifact of this release with the indices of its
 * changes of `kinds` (bit mask of 1u << xv_change_kind); emits pass_msg for
 * each binary with a baseline counterpart and no such change (libraries
 * only with libs_only). */
void xv_cb_per_member(xv_check_ctx *ctx, const xv_check *self, const xv_diff *df, unsigned kinds,
                      xv_cb_judge_fn judge, const char *pass_msg, int libs_only);

#endif
