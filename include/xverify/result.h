/* Results of checks and smoke runs. */
#ifndef XVERIFY_RESULT_H
#define XVERIFY_RESULT_H

#include "xverify/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Ordered by gravity for XV_PASS..XV_FAIL; XV_ERROR (the tool could not
 * judge) counts as a failure for the exit code. */
typedef enum xv_verdict {
    XV_PASS = 0,
    XV_SKIP,   /* not judged, with the reason in message (never a silent pass) */
    XV_WARN,
    XV_FAIL,
    XV_ERROR   /* unreadable input, runner crashed: the tool could not judge */
} xv_verdict;

XV_API const char *xv_verdict_name(xv_verdict v); /* "pass", "skip", ... */

typedef struct xv_fact {
    const char *key;
    const char *value;
} xv_fact;

/* The fact a result carries when its subject was not inspected (a limit,
 * a decode error, an unreadable archive); its value names the limit or the
 * reason ("depth 3", "total 8589934592 bytes"). Such a result is an XV_ERROR
 * that no severity lowers; only a waiver whose `match` names the subject
 * (or its member path) literally excuses it. */
#define XV_FACT_NOT_INSPECTED "not_inspected"

/* One judgement of one check on one subject. All strings are owned by the
 * run that produced the result and live until xv_run_free(). */
typedef struct xv_result {
    const char *check;     /* stable check id: "deps.resolve", "smoke.load", ... */
    const char *subject;   /* logical path ("dist/a.tar.gz!/bin/app"), a package
                              path, or a platform id for release-level checks */
    const char *package;   /* the package path the subject belongs to, or NULL */
    const char *platform;  /* platform id ("linux_arm64"), or NULL when unknown */
    const char *env;       /* smoke environment ("debian:bookworm", "qemu",
                              "wine"), NULL for static checks */
    xv_verdict verdict;    /* after severities and waivers were applied */
    xv_verdict raw;        /* what the check itself said */
    const char *message;   /* one line, never NULL */
    const char *detail;    /* more lines (captured output, lists), or NULL */
    const char *hint;      /* how to fix, for warn/fail/error; else NULL */
    const char *waiver;    /* reason of the waiver that applied, or NULL */
    const xv_fact *facts;
    size_t nfacts;
    double seconds;        /* time spent judging, for reports */
} xv_result;

#ifdef __cplusplus
}
#endif
#endif
