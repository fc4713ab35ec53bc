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

/* Writes the report of a finished run to `out`. opts may be NULL. */
XV_API xv_status xv_report_write(const xv_run *run, xv_report_kind kind,
                                 const xv_report_opts *opts, FILE *out);

#ifdef __cplusplus
}
#endif
#endif
