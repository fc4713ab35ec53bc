/* Private: judging the checksum lists found among the inputs against the
 * bytes (used by checks/checksums.c and tests/unit/test_checksums.c). */
#ifndef XV_DIST_CHECKSUMS_H
#define XV_DIST_CHECKSUMS_H

#include <stddef.h>
#include "xverify/dist.h"
#include "xverify/result.h"

/* One parsed line of a checksum list. */
typedef struct xv_sum_line {
    char name[1024];          /* file name as listed, without '*' or "./" */
    unsigned char digest[64];
    size_t dlen;              /* 32 (SHA-256) or 64 (SHA-512) */
} xv_sum_line;

/* Parses one line (no newline). Formats: "HASH  name", "HASH *name" (GNU
 * coreutils text/binary mode), "SHA256 (name) = HASH" (BSD), and a bare
 * "HASH" when `sidecar` (the list's own name, e.g. "x.tar.gz.sha256") is
 * given, the name then being the sidecar's name without its extension.
 * Returns 1 parsed, 0 blank or comment, -1 malformed. */
int xv_sum_parse_line(const char *line, size_t len, const char *sidecar, xv_sum_line *out);

/* One judgement: subject is a file path (or the list's path for a malformed
 * line), package the package path when the file is one, else NULL. */
typedef void (*xv_sum_emit_fn)(void *ud, xv_verdict v, const char *subject, const char *package,
                               const char *hint, const char *message);

/* Judges every checksum list of d: a pass per verified file, a fail per
 * mismatch or listed file missing, a warn per malformed line (with its line
 * number) and a warn per top-level archive or binary file listed in no
 * list although a list sits in its folder. Digests come from the walk (top-level packages) or
 * are computed from the file on disk. */
void xv_checksums_judge(const xv_dist *d, xv_sum_emit_fn emit, void *ud);

#endif
