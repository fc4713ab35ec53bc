/* The verdict module (src/core/verdict.c): which result blocks at which
 * fail level, the counts, the gate states and their exit codes, and the
 * report view reading the same gate (headline, blocking count). */
#include "xvtest.h"

#include "core/verdict.h"
#include "report/report_util.h"
#include "core/run_internal.h"

static xv_result res(xv_verdict v, const char *waiver)
{
    xv_result r;
    memset(&r, 0, sizeof r);
    r.check = "hardening";
    r.message = "m";
    r.verdict = r.raw = v;
    r.waiver = waiver;
    return r;
}

/* Every verdict against every fail level. */
static void blocks_table(void **state)
{
    (void)state;
    static const struct { xv_verdict fail_on; int blocks[5]; } rows[] = {
        /*                 pass skip warn fail error */
        { XV_FAIL, { 0, 0, 0, 1, 1 } },
        { XV_WARN, { 0, 0, 1, 1, 1 } },
        { XV_SKIP, { 0, 1, 1, 1, 1 } },
        { XV_PASS, { 0, 0, 0, 1, 1 } },   /* not a fail level: the default */
        { XV_ERROR, { 0, 0, 0, 1, 1 } },  /* likewise */
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        xv_gate g;
        xv_gate_init(&g, rows[i].fail_on);
        size_t want = 0;
        for (int v = XV_PASS; v <= XV_ERROR; v++) {
            xv_result r = res((xv_verdict)v, NULL);
            assert_int_equal(xv_gate_blocks(&g, &r), rows[i].blocks[v]);
            xv_gate_add(&g, &r);
            want += (size_t)rows[i].blocks[v];
        }
        xv_result bogus = res((xv_verdict)42, NULL);
        assert_true(xv_gate_blocks(&g, &bogus)); /* an unknown verdict is an error */
        xv_gate_finish(&g);
        assert_int_equal(g.blocking, want);
        assert_int_equal(g.total, 5);
        assert_int_equal(g.worst, XV_ERROR);
        assert_int_equal(g.state, XV_GATE_NOT_READY);
        assert_int_equal(g.exit_code, 1);
    }
}

static void states(void **state)
{
    (void)state;
    xv_gate g;
    xv_gate_init(&g, XV_FAIL);
    xv_result w = res(XV_WARN, NULL), p = res(XV_PASS, "accepted"), s = res(XV_SKIP, NULL);
    xv_gate_add(&g, &w);
    xv_gate_add(&g, &p);
    xv_gate_add(&g, &s);
    xv_gate_finish(&g);
    assert_int_equal(g.state, XV_GATE_READY);
    assert_int_equal(g.exit_code, 0);
    assert_int_equal(g.waived, 1);
    assert_int_equal(g.counts[XV_WARN], 1);
    assert_string_equal(xv_gate_state_name(g.state), "ready");
    /* Interrupted: not ready whatever the results say. */
    xv_gate_interrupt(&g, 15);
    xv_gate_finish(&g);
    assert_int_equal(g.state, XV_GATE_INTERRUPTED);
    assert_int_equal(g.exit_code, 143);
    assert_string_equal(xv_gate_state_name(g.state), "interrupted");
    assert_string_equal(xv_fail_on_name(XV_SKIP), "skip");
    assert_string_equal(xv_fail_on_name(XV_WARN), "warn");
    assert_string_equal(xv_fail_on_name(XV_FAIL), "error");
}

/* The report view of a run built without xv_run_execute decides through
 * the same gate: --fail-on warn makes the warning a blocking failure. */
static void report_view(void **state)
{
    (void)state;
    static const struct { xv_verdict fail_on; int exit_code; size_t blocking; const char *head; } rows[] = {
        { XV_FAIL, 0, 0, "Ready to publish (1 warning, 1 waived)" },
        { XV_WARN, 1, 1, "Not ready: 1 failure, 1 waived" },
        { XV_SKIP, 1, 2, "Not ready: 2 failures, 1 waived" },
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        xv_run_opts o;
        xv_run_opts_init(&o);
        o.fail_on = rows[i].fail_on;
        xv_run *run = xv_run_new(&o);
        assert_non_null(run);
        const xv_verdict vs[] = { XV_PASS, XV_WARN, XV_SKIP, XV_PASS };
        for (size_t k = 0; k < 4; k++) {
            xv_result *r = xv_run_push_result(run);
            r->check = "hardening";
            r->subject = "dist/a_1.0_linux_amd64.tar.gz!/a_1.0_linux_amd64/bin/a";
            r->message = "m";
            r->verdict = r->raw = vs[k];
            if (k == 3)
                r->waiver = "accepted";
        }
        xv_rep rep;
        assert_int_equal(xv_rep_build(&rep, run), XV_OK);
        char head[128];
        assert_int_equal(rep.exit_code, rows[i].exit_code);
        assert_int_equal(rep.nblocking, rows[i].blocking);
        assert_string_equal(xv_rep_headline(&rep, 0, head, sizeof head), rows[i].head);
        xv_rep_free(&rep);
        xv_run_free(run);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(blocks_table),
        cmocka_unit_test(states),
        cmocka_unit_test(report_view),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
