/* Default library folders of a system package's loader (see sysdirs.h). */
#include "dist/sysdirs.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

int xv_sys_family(const xv_package *p)
{
    if (!p || p->kind != XV_PKG_SYSTEM || !p->name)
        return 0;
    size_t n = strlen(p->name);
    return n > 4 && strcasecmp(p->name + n - 4, ".rpm") == 0 ? 2 : 1;
}

/* dpkg-architecture -qDEB_HOST_MULTIARCH per ELF arch */
void xv_sys_deb_triplets(const char *arch, const char **t, size_t *nt)
{
    static const char *const map[][3] = {
        {"x86_64", "x86_64-linux-gnu", NULL},
        {"aarch64", "aarch64-linux-gnu", NULL},
        {"i386", "i386-linux-gnu", NULL},
        {"arm", "arm-linux-gnueabihf", "arm-linux-gnueabi"},
        {"riscv64", "riscv64-linux-gnu", NULL},
        {"ppc64le", "powerpc64le-linux-gnu", NULL},
        {"ppc64", "powerpc64-linux-gnu", NULL},
        {"s390x", "s390x-linux-gnu", NULL},
        {"mips64el", "mips64el-linux-gnuabi64", NULL},
        {"mipsel", "mipsel-linux-gnu", NULL},
        {"loongarch64", "loongarch64-linux-gnu", NULL},
    };
    *nt = 0;
    for (size_t i = 0; arch && i < sizeof map / sizeof map[0]; i++) {
        if (strcmp(arch, map[i][0]) != 0)
            continue;
        t[(*nt)++] = map[i][1];
        if (map[i][2])
            t[(*nt)++] = map[i][2];
    }
}

int xv_sys_is_64bit_arch(const char *arch)
{
    static const char *const a64[] = {"x86_64", "aarch64", "riscv64", "ppc64le", "ppc64",
                                      "s390x", "mips64el", "mips64", "loongarch64", "sparc64"};
    for (size_t i = 0; arch && i < sizeof a64 / sizeof a64[0]; i++)
        if (strcmp(arch, a64[i]) == 0)
            return 1;
    return 0;
}

size_t xv_sys_default_dirs(int family, const char *arch, char dirs[][1024])
{
    size_t n = 0;
    if (family == 2) {
        int b64 = xv_sys_is_64bit_arch(arch);
        snprintf(dirs[n++], 1024, "%s", b64 ? "lib64" : "lib");
        snprintf(dirs[n++], 1024, "%s", b64 ? "usr/lib64" : "usr/lib");
        return n;
    }
    const char *t[2];
    size_t nt;
    xv_sys_deb_triplets(arch, t, &nt);
    snprintf(dirs[n++], 1024, "usr/local/lib");
    for (size_t i = 0; i < nt; i++) {
        snprintf(dirs[n++], 1024, "usr/local/lib/%s", t[i]);
        snprintf(dirs[n++], 1024, "lib/%s", t[i]);
        snprintf(dirs[n++], 1024, "usr/lib/%s", t[i]);
    }
    snprintf(dirs[n++], 1024, "lib");
    snprintf(dirs[n++], 1024, "usr/lib");
    return n;
}
