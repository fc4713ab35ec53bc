/* What --version reports: the build's commit and the versions of the
 * libraries the process actually runs with (which may differ from the
 * headers it was built against after a distribution upgrade). */
#include <archive.h>
#include <cjson/cJSON.h>
#include <link.h>
#include <openssl/crypto.h>
#include <seccomp.h>
#include <stdio.h>
#include <string.h>

#include "xverify/common.h"

#ifndef XV_GIT_COMMIT
#define XV_GIT_COMMIT ""
#endif

/* elfutils' libelf exports no version string; its file is named after its
 * release (libelf-0.188.so, with libelf.so.1 a link to it), so the version
 * comes from the path the loader mapped, resolved through the link. */
struct libelf_probe {
    char path[512];
};

static int find_libelf(struct dl_phdr_info *info, size_t size, void *data)
{
    struct libelf_probe *p = data;
    const char *name = info->dlpi_name;
    const char *base = name ? strrchr(name, '/') : NULL;
    base = base ? base + 1 : name;
    if (base && strncmp(base, "libelf", 6) == 0 && strstr(base, ".so")) {
        snprintf(p->path, sizeof p->path, "%s", name);
        return 1;
    }
    return 0;
}

static void libelf_version(char *out, size_t n)
{
    struct libelf_probe p = { "" };
    char real[4096];
    snprintf(out, n, "unknown");
    dl_iterate_phdr(find_libelf, &p);
#ifdef XV_LIBELF_LINKED
    /* A portable build links libelf's static archive: no file is mapped,
     * and the version is the one the build linked. */
    if (!p.path[0]) {
        snprintf(out, n, "%s (linked in)", XV_LIBELF_LINKED);
        return;
    }
#endif
    if (!p.path[0] || !realpath(p.path, real))
        return;
    const char *base = strrchr(real, '/');
    base = base ? base + 1 : real;
    /* libelf-0.188.so -> 0.188 */
    if (strncmp(base, "libelf-", 7) == 0) {
        const char *v = base + 7;
        const char *end = strstr(v, ".so");
        if (end && end > v)
            snprintf(out, n, "%.*s", (int)(end - v), v);
    }
}

const char *xv_version_commit(void)
{
    return XV_GIT_COMMIT;
}

size_t xv_version_details(char *buf, size_t size)
{
    char elfv[64];
    libelf_version(elfv, sizeof elfv);
    const struct scmp_version *sv = seccomp_version();
    int n = snprintf(buf, size,
        "libelf %s\n%s\ncJSON %s\n%s\nlibseccomp %u.%u.%u\n",
        elfv, archive_version_details(), cJSON_Version(),
        OpenSSL_version(OPENSSL_VERSION),
        sv ? sv->major : 0, sv ? sv->minor : 0, sv ? sv->micro : 0);
    return n < 0 ? 0 : (size_t)n;
}
