/* Report files replaced atomically (cli/outfile.h). */
#include "outfile.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int xv_outfile_open(const char *prog, xv_outfile *o)
{
    struct stat st;
    o->f = NULL;
    o->tmp[0] = '\0';
    if (strcmp(o->path, "-") == 0) {
        o->f = stdout;
        return 0;
    }
    if (stat(o->path, &st) == 0 && !S_ISREG(st.st_mode)) {
        if (S_ISDIR(st.st_mode)) {
            fprintf(stderr, "%s: %s %s: is a folder (give a file name)\n", prog, o->option, o->path);
            return -1;
        }
        o->f = fopen(o->path, "w");
        if (!o->f) {
            fprintf(stderr, "%s: %s %s: %s\n", prog, o->option, o->path, strerror(errno));
            return -1;
        }
        return 0;
    }
    const char *slash = strrchr(o->path, '/');
    int dirlen = slash ? (int)(slash - o->path) + 1 : 0;
    int n = snprintf(o->tmp, sizeof o->tmp, "%.*s.%s.xverify-XXXXXX", dirlen, o->path,
                     slash ? slash + 1 : o->path);
    if (n < 0 || (size_t)n >= sizeof o->tmp) {
        fprintf(stderr, "%s: %s %s: path too long\n", prog, o->option, o->path);
        o->tmp[0] = '\0';
        return -1;
    }
    int fd = mkstemp(o->tmp);
    if (fd < 0) {
        fprintf(stderr, "%s: %s %s: cannot create a file in its folder: %s\n", prog, o->option,
                o->path, strerror(errno));
        o->tmp[0] = '\0';
        return -1;
    }
    /* mkstemp makes 0600; a report gets what a plain create would give. */
    mode_t mask = umask(0);
    umask(mask);
    if (fchmod(fd, 0666 & ~mask) != 0 || !(o->f = fdopen(fd, "w"))) {
        fprintf(stderr, "%s: %s %s: %s\n", prog, o->option, o->path, strerror(errno));
        close(fd);
        unlink(o->tmp);
        o->tmp[0] = '\0';
        return -1;
    }
    return 0;
}

int xv_outfile_close_all(const char *prog, xv_outfile *const *files, size_t n, int commit)
{
    int rc = 0;
    for (size_t k = 0; k < n; k++) {
        xv_outfile *o = files[k];
        if (!o->f || o->f == stdout)
            continue;
        if (fclose(o->f) != 0 && commit) {
            fprintf(stderr, "%s: %s %s: %s\n", prog, o->option, o->path, strerror(errno));
            rc = 3;
        }
        o->f = NULL;
    }
    for (size_t k = 0; k < n; k++) {
        xv_outfile *o = files[k];
        if (!o->tmp[0])
            continue;
        if (commit && rc == 0) {
            if (rename(o->tmp, o->path) != 0) {
                fprintf(stderr, "%s: %s %s: %s\n", prog, o->option, o->path, strerror(errno));
                unlink(o->tmp);
                rc = 3;
            }
        } else {
            unlink(o->tmp);
        }
        o->tmp[0] = '\0';
    }
    return rc;
}
