/* Release to release: what changed between two releases (OLD and NEW), as a
 * list of changes, each judged against a policy (does it break users?).
 *
 * Pairing: packages by platform id (else by package name with version
 * numbers replaced), members by their path inside the top-level package with
 * version numbers replaced ("example_1.0.0_linux_amd64/lib/libfoo.so.1.2" and
 * "example_1.1.0_linux_amd64/lib/libfoo.so.1.3" are the same member). A
 * version number is a run of digits with at least one dot ("1.2", "0.19.0"),
 * with an optional leading "v".
 *
 * Ownership: an xv_diff owns every xv_change and every string reachable from
 * it, valid until xv_diff_free(). Changes point at artifacts of the two
 * dists through indices only. */
#ifndef XVERIFY_DIFF_H
#define XVERIFY_DIFF_H

#include "xverify/common.h"
#include "xverify/dist.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum xv_change_kind {
    XV_CH_FILE_ADDED = 0,  /* a member only NEW has */
    XV_CH_FILE_REMOVED,    /* a member only OLD has (breaks when it was an
                              executable or a library) */
    XV_CH_FORMAT,          /* binary format changed (elf -> pe, binary -> not) */
    XV_CH_ARCH,            /* architecture (or the set of fat slices) changed */
    XV_CH_KIND,            /* exe / pie / shared / bundle ... changed */
    XV_CH_NEED_ADDED,      /* a needed library NEW has and OLD had not */
    XV_CH_NEED_REMOVED,
    XV_CH_EXPORT_REMOVED,  /* an exported symbol of a library is gone */
    XV_CH_EXPORT_ADDED,
    XV_CH_SYMVER_REMOVED,  /* an ELF symbol version defined by OLD's exports is gone */
    XV_CH_INSTALL_NAME,    /* Mach-O LC_ID_DYLIB install name changed */
    XV_CH_COMPAT_VERSION,  /* Mach-O compatibility version changed */
    XV_CH_ORDINAL,         /* PE export ordinal of a name changed */
    XV_CH_FLOOR,           /* GLIBC_/GLIBCXX_/CXXABI_ maximum, macOS minos or
                              Windows subsystem version raised */
    XV_CH_HARDENING,       /* a hardening property that held in OLD does not in NEW */
    XV_CH_SIZE,            /* size changed by 1 % or more (or by 100 KB or more) */
    XV_CH_UNREADABLE,      /* a member claims a binary format but cannot be read
                              (either side): nothing about it can be compared */
    XV_CH_TOOLCHAIN,       /* who built it changed (Go or Rust version, C/C++
                              compiler), when both sides name one */
    XV_CH__COUNT
} xv_change_kind;

typedef struct xv_change {
    xv_change_kind kind;
    const char *platform;   /* platform id ("linux_amd64"), else the package name */
    const char *member;     /* path inside the package (NEW's, or OLD's when removed) */
    const char *what;       /* the symbol, library, floor ("glibc", "macos",
                               "windows", "glibcxx", "cxxabi"), hardening property
                               ("pie", "nx", ...), or NULL */
    const char *old_value;  /* before / after, as text; NULL when not applicable */
    const char *new_value;
    uint64_t old_size, new_size; /* bytes of the member on each side (0 when absent) */
    size_t old_index, new_index; /* artifact indices in the OLD / NEW dist, or
                                    SIZE_MAX when the member is absent there */
    int library;            /* the member is a shared library (either side) */
    int breaking;           /* 1 when the policy says this change breaks users */
} xv_change;

/* Which changes break users. Defaults (xv_diff_opts_init): removed exports of
 * shared libraries, removed executables and libraries, raised floors,
 * hardening regressions, unreadable members. */
typedef struct xv_diff_opts {
    unsigned fail_mask;     /* bit (1u << kind) per breaking change kind */
    double size_fail_percent; /* XV_CH_SIZE breaks (when in fail_mask) only above
                                 this growth in percent (default 50) */
    xv_dist_opts dist;      /* how the releases are read (diff needs symbols) */
    const char *matrix_path; /* a release matrix tuning the policy, or NULL:
                                its "severity" of abi.exports (export, symbol
                                version, ordinal, install name changes and
                                removed libraries), deps.baseline (new needs),
                                floors.baseline, hardening.baseline and
                                size.baseline makes those changes breaking
                                ("fail") or not ("warn", "off"); a platform
                                floor (glibc, glibcxx, cxxabi, macos_min,
                                windows_min) that allows a raised value makes
                                that raise not breaking. Applied after fail_mask. */
} xv_diff_opts;

XV_API void xv_diff_opts_init(xv_diff_opts *o);

/* Parses a --fail-on list into o->fail_mask: comma-separated change kind
 * names (xv_change_kind_name) or their prefixes before the dot ("exports",
 * "floor", "size"), "default" or "none". Returns XV_EUSAGE naming the bad
 * word in err (a buffer of errlen bytes). */
XV_API xv_status xv_diff_parse_fail_on(xv_diff_opts *o, const char *list, char *err, size_t errlen);

/* Stable name of a change kind: "file.removed", "exports.removed", "floor.raised", ... */
XV_API const char *xv_change_kind_name(xv_change_kind k);

typedef struct xv_diff xv_diff;

/* Reads both releases (folders, archives or files, as xv_dist_open) and
 * compares them. XV_EUSAGE when a path does not exist or is not a release
 * (message in xv_diff_error of the returned object, which the caller frees
 * even on failure). */
XV_API xv_status xv_diff_open(const char *old_path, const char *new_path,
                              const xv_diff_opts *opts, xv_diff **out);
/* Compares two dists already read (the dists must outlive the diff only
 * during this call: everything is copied). */
XV_API xv_status xv_diff_dists(const xv_dist *old_d, const xv_dist *new_d,
                               const xv_diff_opts *opts, xv_diff **out);
XV_API const char *xv_diff_error(const xv_diff *d);
XV_API size_t xv_diff_count(const xv_diff *d);
/* Changes in a fixed order: by platform, then member, then kind; the size
 * changes of a platform sorted by absolute growth, largest first. */
XV_API const xv_change *xv_diff_change(const xv_diff *d, size_t i);
/* Number of breaking changes. */
XV_API size_t xv_diff_breaking(const xv_diff *d);
/* Paired members that are binaries on both sides (for "n binaries compared"). */
XV_API size_t xv_diff_compared(const xv_diff *d);
/* Members present in both releases (every regular file, binary or not):
 * pair i's artifact indices in the OLD and NEW dist. Returns 0 when i is
 * out of range. */
XV_API size_t xv_diff_pair_count(const xv_diff *d);
XV_API int xv_diff_pair(const xv_diff *d, size_t i, size_t *old_index, size_t *new_index);
XV_API void xv_diff_free(xv_diff *d); /* accepts NULL */

/* The key that pairs a member across releases: "<platform>|<package>!/<member>"
 * with version numbers replaced by "#". Writes into out (always NUL-terminated). */
XV_API void xv_diff_member_key(const xv_dist *d, const xv_artifact *a, char *out, size_t n);
/* Replaces every version number in s by `repl` ("#" for keys, "*" for globs). */
XV_API void xv_diff_strip_versions(const char *s, const char *repl, char *out, size_t n);

/* Renders a diff. `demangle` (may be NULL) maps a raw symbol name to a
 * readable one, or returns NULL to keep the raw name; demangled names are
 * shown with the raw name kept beside them. old_label/new_label name the two
 * releases in headers. Returns a malloc'd NUL-terminated string the caller
 * frees, or NULL on OOM.
 * - XV_DIFF_TEXT: terminal lines grouped by platform (no colour codes).
 * - XV_DIFF_JSON: one object (docs/diff.md), every change.
 * - XV_DIFF_MARKDOWN: a pull-request comment of at most 65,000 characters:
 *   repeated changes of one member grouped into one row, rows past the limit
 *   counted instead of shown.
 * - XV_DIFF_HTML: a self-contained page with one <section class="xv-diff">. */
typedef enum xv_diff_format { XV_DIFF_TEXT = 0, XV_DIFF_JSON, XV_DIFF_MARKDOWN, XV_DIFF_HTML } xv_diff_format;
typedef const char *(*xv_diff_demangle_fn)(void *ud, const char *raw);
XV_API char *xv_diff_render(const xv_diff *d, xv_diff_format fmt, const char *old_label,
                            const char *new_label, xv_diff_demangle_fn demangle, void *ud);

#ifdef __cplusplus
}
#endif
#endif
