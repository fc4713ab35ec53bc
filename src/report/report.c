/* Placeholder until the reports issue lands. */
#include "xverify/report.h"

xv_status xv_report_write(const xv_run *run, xv_report_kind kind,
                          const xv_report_opts *opts, FILE *out)
{
    (void)run;
    (void)kind;
    (void)opts;
    (void)out;
    return XV_EINTERNAL;
}
