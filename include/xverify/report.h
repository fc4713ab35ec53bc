/* Report writers: terminal, JUnit XML, JSON, SARIF, Markdown, HTML. */
#ifndef XVERIFY_REPORT_H
#define XVERIFY_REPORT_H

#include <stdio.h>
#include "xverify/common.h"
#include "xverify/run.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum xv_report_kind {
    XV_REPORT_TERMINAL = 0,
    XV_REPORT_JUNIT,
    XV_REPORT_JSON,
    XV_REPORT_SARIF,
    XV_REPORT_MARKDOWN,
    XV_REPORT_HTML
} xv_report_kind;

typedef struct xv_report_opts {
    int color;      /* terminal: ANSI colour */
    int verbosity;  /* terminal: -1 quiet, 0 normal, 1 every result */
} xv_report_opts;

/* Writes the report of a finished run to `out`. opts may be NULL.
 * Output is deterministic for a given run (stable sort by package, platform,
 * check, subject); JUnit/JSON `time` values are written as 0, timestamps as
 * the Unix epoch and the host name as "localhost" when the environment
 * variable XV_DETERMINISTIC=1 is set (golden tests). Every writer reads the
 * run's verdict (xv_run_gate): its counts always agree with the exit code.
 * XV_EUSAGE for an unknown kind, XV_EIO when writing to `out` failed,
 * XV_ENOMEM when a buffer could not be allocated. */
XV_API xv_status xv_report_write(const xv_run *run, xv_report_kind kind,
                                 const xv_report_opts *opts, FILE *out);

/* The GitHub Actions integration, called by the CLI after a run:
 * - when $GITHUB_STEP_SUMMARY names a file, the Markdown report is appended
 *   to it;
 * - when $GITHUB_ACTIONS is "true", each fail/error result is printed to
 *   `out` as a `::error file=...,title=...::message` workflow command (then
 *   warnings as `::warning`), at most 50 in all, followed by one plain line
 *   saying how many were left out.
 * Does nothing when neither variable is set. Returns XV_EIO when the summary
 * file could not be opened or written (annotations are still printed). */
XV_API xv_status xv_report_github(const xv_run *run, FILE *out);

#ifdef __cplusplus
}
#endif
#endif
