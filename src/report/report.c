/* xv_report_write: dispatches to one writer per report kind. */
#include "xverify/report.h"

#include "report/report_util.h"

xv_status xv_report_write(const xv_run *run, xv_report_kind kind,
                          const xv_report_opts *opts, FILE *out)
{
    static const xv_report_opts defaults = {0, 0};
    if (!run || !out)
        return XV_EUSAGE;
    if (!opts)
        opts = &defaults;
    switch (kind) {
    case XV_REPORT_TERMINAL: return xv_report_terminal(run, opts, out);
    case XV_REPORT_JUNIT: return xv_report_junit(run, opts, out);
    case XV_REPORT_JSON: return xv_report_json(run, opts, out);
    case XV_REPORT_SARIF: return xv_report_sarif(run, opts, out);
    case XV_REPORT_MARKDOWN: return xv_report_markdown(run, opts, out);
    case XV_REPORT_HTML: return xv_report_html(run, opts, out);
    }
    return XV_EUSAGE;
}
