/* Private helpers shared by the report writers (src/report/): escaping of
 * untrusted text for XML, HTML, Markdown, JSON and terminals, and a sorted,
 * grouped view of a run's results. */
#ifndef XV_REPORT_UTIL_H
#define XV_REPORT_UTIL_H

#include <stdio.h>
#include <cjson/cJSON.h>

#include "xverify/xverify.h"

/* Cap on captured output written into one report element (JUnit
 * <system-out>, HTML/Markdown detail blocks). */
#define XV_REP_OUTPUT_CAP ((size_t)64 * 1024)

/* One result with its position in the run and the keys it is sorted by. */
typedef struct xv_rep_item {
    const xv_result *r;
    size_t index;          /* xv_run_result(run, index) */
    size_t package;        /* index into xv_rep.packages */
    size_t platform;       /* index into xv_rep.platforms */
    size_t check;          /* index into xv_rep.checks */
} xv_rep_item;

/* A package as the reports group it: a real package of the dist, or the
 * pseudo package "release" for results tied to no package. */
typedef struct xv_rep_pkg {
    const char *path;      /* package path, or "release" */
    const char *name;      /* base name, or "release" */
    const xv_package *pkg; /* NULL for the pseudo package */
    size_t counts[5];      /* results by xv_verdict */
    xv_verdict worst;
    size_t first, count;   /* its results: xv_rep.items[first .. first+count-1] */
    /* Identity (docs/identities.md): the folder every member sits in (goreleaser's
     * "app_1.2.0_linux_amd64/"), stripped from member paths; the version found in
     * the package's metadata or name, stripped from identities. */
    size_t toplen;         /* length of "top/" in member paths, 0 when none */
    char version[64];      /* "" when none */
    char ident[256];       /* the package name without its version */
} xv_rep_pkg;

/* A sorted, grouped view of a finished run. Owns its arrays; the strings
 * point into the run. */
typedef struct xv_rep {
    const xv_run *run;
    const xv_dist *dist;   /* may be NULL (a run that was never executed) */
    xv_rep_item *items;    /* sorted: package, platform, check, subject, env, index */
    size_t nitems;
    xv_rep_pkg *packages;  /* dist order, then "release" last when used */
    size_t npackages;
    int has_release;       /* the last package is the pseudo package "release" */
    const char **platforms; /* sorted ids; "any" (results without a platform) last */
    size_t nplatforms;
    const char **checks;   /* registry order, then unknown ids sorted */
    size_t nchecks;
    size_t counts[5];      /* results by xv_verdict */
    xv_gate gate;          /* the run's verdict (xv_run_gate); the fields
                              below are copies of it for the writers */
    xv_verdict verdict;    /* gate.worst */
    int exit_code;         /* gate.exit_code: 1 = not ready */
    xv_verdict fail_on;    /* gate.fail_on: XV_FAIL, XV_WARN or XV_SKIP */
    size_t nblocking;      /* gate.blocking */
    int deterministic;     /* XV_DETERMINISTIC=1 in the environment */
    const char **blocked;  /* sorted subjects of blocking results */
    size_t nblocked;
} xv_rep;

/* Distinct toolchains of the Go and Rust binaries of a package, "; "
 * separated, into buf ("" when none). src/report/toolchain.c */
const char *xv_rep_pkg_toolchain(const xv_rep *rep, const xv_package *p, char *buf, size_t size);
/* Builds the view. XV_ENOMEM on allocation failure. */
xv_status xv_rep_build(xv_rep *rep, const xv_run *run);
void xv_rep_free(xv_rep *rep);
/* Whether a blocking result names `subject` (binary search over a sorted
 * copy made by xv_rep_build). */
int xv_rep_subject_blocked(const xv_rep *rep, const char *subject);
/* Packages shown as such in summaries (without the pseudo package). */
size_t xv_rep_real_packages(const xv_rep *rep);
/* Platforms in the report, without the "any" column of release-level results. */
size_t xv_rep_real_platforms(const xv_rep *rep);
/* The "checks by platform" matrix row of check `check`: cells (nplatforms * 5
 * + 1 entries) is zeroed, then cells[platform * 5 + verdict] counts its
 * results (verdicts past XV_ERROR count as XV_ERROR). */
void xv_rep_matrix_row(const xv_rep *rep, size_t check, size_t *cells);
/* Whether result r blocks the release (xv_gate_blocks on the run's gate). */
int xv_rep_blocking(const xv_rep *rep, const xv_result *r);
/* The platform id of an item as shown in reports ("any" when unknown). */
const char *xv_rep_platform_name(const xv_rep *rep, const xv_rep_item *it);
/* A check's registry entry, or NULL for an id outside the registry. */
const struct xv_check *xv_rep_check_info(const char *id);
/* Seconds as written in reports (0 when deterministic). */
double xv_rep_seconds(const xv_rep *rep, double s);
/* "1.5 KiB", "12.0 MiB", "512 B" into buf. */
const char *xv_rep_bytes(uint64_t n, char *buf, size_t size);

/* Decodes one UTF-8 character of s (at most n bytes). Returns its length
 * (1-4) and stores the code point, or returns 1 with *cp = 0xFFFD for an
 * invalid, overlong or truncated sequence or a surrogate. */
size_t xv_rep_utf8(const unsigned char *s, size_t n, uint32_t *cp);
/* A malloc'd copy of s that is valid UTF-8 (invalid bytes become U+FFFD),
 * or NULL on OOM; s NULL gives NULL. */
char *xv_rep_utf8_clean(const char *s);

/* Writers of escaped text. Each reads at most `max` bytes of s (SIZE_MAX for
 * all) and returns the number of bytes of s consumed. NULL writes nothing. */
/* XML text or attribute value: & < > " ' escaped, \t \n \r kept in text and
 * written as character references in attributes, other XML-forbidden
 * characters stripped, invalid UTF-8 replaced by U+FFFD. */
size_t xv_rep_xml(FILE *out, const char *s, size_t max, int attr);
/* XML CDATA section: the same character filtering, "]]>" split across two
 * sections. Writes the whole <![CDATA[...]]> wrapper. */
size_t xv_rep_cdata(FILE *out, const char *s, size_t max);
/* XML attribute from a single line: newlines become spaces. */
void xv_rep_xml_line(FILE *out, const char *s);
/* HTML text: & < > " ' escaped, control characters other than \n \t
 * dropped, invalid UTF-8 replaced. */
size_t xv_rep_html(FILE *out, const char *s, size_t max);
/* Markdown inline text on one line: Markdown/HTML metacharacters escaped
 * with a backslash, newlines and control characters turned into spaces. */
void xv_rep_md(FILE *out, const char *s);
/* Terminal text: control characters (ESC included) shown as '?', except
 * newlines when `multiline` is set; invalid UTF-8 replaced. */
void xv_rep_term(FILE *out, const char *s, int multiline);

/* cJSON helpers: strings are cleaned to valid UTF-8; NULL becomes null.
 * Return 0 on OOM. */
int xv_rep_json_str(cJSON *obj, const char *key, const char *s);
int xv_rep_json_num(cJSON *obj, const char *key, double v);

/* One row of the "runs on" table (src/report/runs_on.c). */
typedef struct xv_rep_runs_row {
    const char *platform;
    const char *subject;   /* member path; NULL on the platform's own row */
    const char *runs_on;   /* "glibc >= 2.34: Debian 12+, ..." / "macOS 11 Big Sur+" */
    int is_platform;
} xv_rep_runs_row;
/* The rows, platform by platform (its own row first); malloc'd, free() it. */
size_t xv_rep_runs_on(const xv_rep *rep, xv_rep_runs_row **out);

/* The writers (one file each). */
xv_status xv_report_terminal(const xv_run *run, const xv_report_opts *opts, FILE *out);
xv_status xv_report_junit(const xv_run *run, const xv_report_opts *opts, FILE *out);
xv_status xv_report_json(const xv_run *run, const xv_report_opts *opts, FILE *out);
xv_status xv_report_sarif(const xv_run *run, const xv_report_opts *opts, FILE *out);
xv_status xv_report_markdown(const xv_run *run, const xv_report_opts *opts, FILE *out);
xv_status xv_report_html(const xv_run *run, const xv_report_opts *opts, FILE *out);

/* Symbols for verdicts in Markdown/HTML (✅ ⏭ ⚠️ ❌ ❌) and words. */
const char *xv_rep_icon(xv_verdict v);
/* The verdict sentence: "✅ Ready to publish" or "❌ Not ready: 3 failures"
 * (without icon when icon is 0), into buf. */
const char *xv_rep_headline(const xv_rep *rep, int icon, char *buf, size_t size);
/* The release the report is about, as its metadata states it: "myapp 1.2.0
 * (tag v1.2.0, commit 0123abcd)" into buf, or NULL when no project is
 * stated (then the writers print no release line). */
const char *xv_rep_release(const xv_rep *rep, char *buf, size_t size);

/* "a.tar.gz: deps.resolve bin/x" style one-line description of a waiver:
 * its check, its glob (or "every subject"), into buf. */
const char *xv_rep_waiver_scope(const xv_waiver_use *w, char *buf, size_t size);
/* The items (in report order) that waiver number w (0-based) excused: at
 * most max of them into out; returns how many there are in all. */
size_t xv_rep_waiver_covered(const xv_rep *rep, size_t w, const xv_rep_item **out, size_t max);
/* "expires 2027-06-30 (in 12 days)", "expired on ...", "never expires". */
const char *xv_rep_waiver_expiry(const xv_waiver_use *w, char *buf, size_t size);

/* Stable identities (src/report/identity.c, docs/identities.md). */
/* Fills toplen, version and ident of every package (called by xv_rep_build). */
void xv_rep_identities(xv_rep *rep);
/* The identity of a result's subject: the member path inside its package,
 * without the package's top folder and version ("bin/example"); the package
 * identity for the package itself; else the subject with the version of no
 * package removed (platform ids, globs). Into buf. */
const char *xv_rep_identity(const xv_rep *rep, const xv_rep_item *it, char *buf, size_t size);
/* A fingerprint stable across workspaces and versions: 32 hex digits of
 * check, platform, identity and environment. */
void xv_rep_fingerprint(const xv_rep *rep, const xv_rep_item *it, char out[33]);

/* Finishes a writer: XV_EIO when the stream has an error. */
xv_status xv_rep_finish(FILE *out);

#endif
