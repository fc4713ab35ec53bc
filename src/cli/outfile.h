/* Private to the xverify program: report files replaced atomically. A report
 * is written to a temporary file beside its target and renamed over it only
 * when the command produced it (a verdict, or an interrupted run's results
 * so far), so a failed run (exit 2 or 3) leaves an existing report as it
 * was and never leaves half a file. "-" is standard output; a target that
 * exists and is not a regular file (/dev/stdout, a FIFO, /dev/full) is
 * written in place. */
#ifndef XV_CLI_OUTFILE_H
#define XV_CLI_OUTFILE_H

#include <stdio.h>

typedef struct xv_outfile {
    const char *path;       /* as given */
    const char *option;     /* "--junit", for messages */
    FILE *f;                /* where to write once opened */
    char tmp[4200];         /* the temporary file, "" when written in place */
} xv_outfile;

/* Creates the temporary file (or opens stdout / a non-regular target).
 * 0, or -1 after a message on stderr naming prog, the option and the path. */
int xv_outfile_open(const char *prog, xv_outfile *o);
/* Closes n files; with commit, renames each temporary file over its target,
 * else removes it. 0, or 3 (after a message) when a close or rename failed:
 * then no later file is renamed. */
int xv_outfile_close_all(const char *prog, xv_outfile *const *files, size_t n, int commit);

#endif
