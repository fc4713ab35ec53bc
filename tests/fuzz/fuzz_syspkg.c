/* libFuzzer target for the system package readers (src/dist/syspkg.c): the
 * same bytes read as a whole .deb (ar, control.tar.*, data.tar.*) and as a
 * whole .rpm (lead, signature and main headers, payload) through
 * xv_dist_open_buffer, then as a control file and an ld.so.conf text on the
 * package. Every declared string is touched so ASan sees a dangling one.
 * Must not crash, hang or leak. Replayed from tests/fuzz/corpus/syspkg/. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dist/dist_internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static size_t touch(const char *s)
{
    return s ? strlen(s) : 0;
}

static void check_pkg(const xv_package *p)
{
    volatile size_t t = touch(p->path) + touch(p->project) + touch(p->version) +
                        touch(p->platform_source) + touch(p->format);
    if (p->kind != XV_PKG_SYSTEM)
        abort();   /* a .deb/.rpm is always a system package */
    if ((p->ndepends && !p->depends) || (p->nld_dirs && !p->ld_dirs))
        abort();
    for (size_t i = 0; i < p->ndepends; i++)
        if (!p->depends[i][0])
            abort();   /* no empty dependency names */
        else
            t += touch(p->depends[i]);
    for (size_t i = 0; i < p->nld_dirs; i++)
        if (p->ld_dirs[i][0] != '/')
            abort();   /* only absolute folders are kept */
    if (p->platform_source && !p->platform.id[0])
        abort();
    (void)t;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const names[] = {"fuzz_1.0_amd64.deb", "fuzz-1.0-1.x86_64.rpm"};
    xv_dist_opts o;
    xv_dist_opts_init(&o);
    o.max_member = 4u << 20;
    o.max_total = 16u << 20;
    o.max_depth = 2;
    o.read.no_symbols = 1;
    for (size_t n = 0; n < 2; n++) {
        xv_dist *d = NULL;
        if (xv_dist_open_buffer(data, size, names[n], &o, &d) == XV_OK &&
            xv_dist_package_count(d) > 0) {
            check_pkg(xv_dist_package(d, 0));
            for (size_t i = 0; n == 0 && i < xv_dist_artifact_count(d); i++)
                if (strncmp(xv_dist_artifact(d, i)->path, "fuzz_1.0_amd64.deb!/data.tar", 28) == 0)
                    abort();   /* a .deb's data.tar is never an artifact */
            /* the text parsers on their own, on the same package */
            xv_syspkg_control(d, 0, (const char *)data, size);
            xv_syspkg_ldconf(d, 0, (const char *)data, size);
            xv_syspkg_rpm_header(d, 0, data, size);
            check_pkg(xv_dist_package(d, 0));
        }
        xv_dist_free(d);
    }
    return 0;
}
