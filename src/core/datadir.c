/* Relocatable installs: the data folder is found next to the program or the
 * library, so a tree installed under one prefix and moved elsewhere (or
 * unpacked from a tarball, or installed from the .deb under /usr while
 * configured for /usr/local) still finds its system library lists. */
#include <dlfcn.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/datadir.h"

#ifndef XV_DATA_FROM_BIN
#define XV_DATA_FROM_BIN "../share/xverify"
#endif
#ifndef XV_DATA_FROM_LIB
#define XV_DATA_FROM_LIB "../share/xverify"
#endif

/* Tries dirname(file)/rel: 1 and the folder in out when it holds
 * system-libs/. */
static int probe_beside(const char *file, const char *rel, char *out, size_t size)
{
    char real[PATH_MAX], cand[PATH_MAX + 64], probe[PATH_MAX + 80];
    struct stat st;
    if (!file || !realpath(file, real))
        return 0;
    char *slash = strrchr(real, '/');
    if (!slash)
        return 0;
    *slash = '\0';
    if (snprintf(cand, sizeof cand, "%s/%s", real, rel) >= (int)sizeof cand)
        return 0;
    snprintf(probe, sizeof probe, "%s/system-libs", cand);
    if (stat(probe, &st) != 0 || !S_ISDIR(st.st_mode))
        return 0;
    /* Normalise "bin/../share" so messages name a plain path. */
    char norm[PATH_MAX];
    const char *use = realpath(cand, norm) ? norm : cand;
    if (snprintf(out, size, "%s", use) >= (int)size)
        return 0;
    return 1;
}

int xv_datadir_relative(char *out, size_t size)
{
    if (size)
        out[0] = '\0';
    if (probe_beside("/proc/self/exe", XV_DATA_FROM_BIN, out, size))
        return 1;
    Dl_info info;
    if (dladdr((void *)xv_datadir_relative, &info) && info.dli_fname &&
        strchr(info.dli_fname, '/') &&
        probe_beside(info.dli_fname, XV_DATA_FROM_LIB, out, size))
        return 1;
    if (size)
        out[0] = '\0';
    return 0;
}
