/* Private: a wheel's RECORD as a checksum list (used by checks/checksums.c,
 * the unit tests and the fuzz target). */
#ifndef XV_DIST_RECORD_H
#define XV_DIST_RECORD_H

#include <stddef.h>

#include "dist/checksums.h"

/* One line of RECORD: "path,algo=urlsafe-b64-digest,size" (CSV quoting). */
typedef struct xv_record_line {
    char path[1024];
    char algo[16];             /* "sha256"; "" when the line has no hash */
    unsigned char digest[64];
    size_t dlen;
    long long size;            /* -1 when not stated */
} xv_record_line;

/* Parses one line (trailing CR/LF allowed). 1 parsed, 0 blank, -1 malformed. */
int xv_record_parse_line(const char *line, size_t len, xv_record_line *out);

/* Judges the RECORD of every wheel in d against the wheel's bytes: a fail
 * per listed file whose hash or size differs and per listed file missing, a
 * warn per file in the wheel that RECORD does not list (at most 20) and per
 * malformed line (at most 5), a pass per wheel whose RECORD matches. */
void xv_record_judge(const xv_dist *d, xv_sum_emit_fn emit, void *ud);

#endif
