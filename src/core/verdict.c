/* The verdict: whether the release may be published. Decided here once, from
 * the final results and the fail level; the exit code and every report read
 * the same xv_gate, so they cannot disagree. */
#include "core/verdict.h"

#include <string.h>

#include "core/saved.h"

static xv_verdict clamp(xv_verdict v)
{
    return v >= XV_PASS && v <= XV_ERROR ? v : XV_ERROR;
}

void xv_gate_init(xv_gate *g, xv_verdict fail_on)
{
    memset(g, 0, sizeof *g);
    g->fail_on = fail_on == XV_WARN || fail_on == XV_SKIP ? fail_on : XV_FAIL;
}

/* A pass never blocks; an error (the tool could not judge) always does;
 * anything else blocks at or above the fail level. XV_SKIP < XV_WARN <
 * XV_FAIL, so "--fail-on skip" blocks warnings as well. */
static int blocks(xv_verdict fail_on, xv_verdict v)
{
    v = clamp(v);
    if (v == XV_PASS)
        return 0;
    if (v == XV_ERROR)
        return 1;
    return v >= fail_on;
}

int xv_gate_blocks(const xv_gate *gate, const xv_result *r)
{
    /* "judged at merge" is no finding of this run, whatever --fail-on says */
    if (!r || xv_result_deferred(r))
        return 0;
    return blocks(gate ? gate->fail_on : XV_FAIL, r->verdict);
}

void xv_gate_add(xv_gate *g, const xv_result *r)
{
    xv_verdict v = clamp(r->verdict);
    g->total++;
    g->counts[v]++;
    if (v > g->worst)
        g->worst = v;
    if (v == XV_PASS && r->waiver)
        g->waived++;
    if (blocks(g->fail_on, v) && !xv_result_deferred(r)) {
        g->blocking++;
        g->blocking_by[v]++;
    }
}

void xv_gate_interrupt(xv_gate *g, int sig)
{
    g->state = XV_GATE_INTERRUPTED;
    g->signal = sig;
}

void xv_gate_finish(xv_gate *g)
{
    if (g->state != XV_GATE_INTERRUPTED)
        g->state = g->blocking ? XV_GATE_NOT_READY : XV_GATE_READY;
    /* An interrupted run exits as a shell reports a death by that signal,
     * and every report says the same number. */
    g->exit_code = g->state == XV_GATE_READY ? 0
                 : g->state == XV_GATE_INTERRUPTED && g->signal > 0 && g->signal < 64 ? 128 + g->signal
                 : 1;
    g->waivers_expiring = g->waivers_expired = 0;
    for (size_t i = 0; i < g->nwaivers; i++) {
        g->waivers_expiring += g->waivers[i].expiring != 0;
        g->waivers_expired += g->waivers[i].expired != 0;
    }
}

const char *xv_gate_state_name(xv_gate_state s)
{
    switch (s) {
    case XV_GATE_READY: return "ready";
    case XV_GATE_NOT_READY: return "not-ready";
    case XV_GATE_INTERRUPTED: return "interrupted";
    }
    return "not-ready";
}

const char *xv_fail_on_name(xv_verdict fail_on)
{
    return fail_on == XV_WARN ? "warn" : fail_on == XV_SKIP ? "skip" : "error";
}
