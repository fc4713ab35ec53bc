/* libFuzzer target for the archive walker: any bytes read as an archive
 * (every libarchive format and filter, nested archives, safety checks, caps)
 * through xv_dist_open_buffer, then every package, artifact, finding and
 * string touched so ASan sees a dangling one. Must not crash, hang or leak.
 * The replay driver runs tests/fuzz/corpus/archive/ under ctest. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dist/dist_internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static size_t touch(const char *s)
{
    return s ? strlen(s) : 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    xv_dist_opts o;
    xv_dist_opts_init(&o);
    o.max_member = 4u << 20;
    o.max_total = 16u << 20;
    o.max_depth = 2;
    o.read.no_symbols = 1;
    xv_dist *d = NULL;
    if (xv_dist_open_buffer(data, size, "fuzz.tar.gz", &o, &d) == XV_OK) {
        volatile size_t t = 0;
        for (size_t i = 0; i < xv_dist_package_count(d); i++) {
            const xv_package *p = xv_dist_package(d, i);
            t += touch(p->path) + touch(p->name) + touch(p->format) + touch(p->error) + p->count;
            if (p->count && p->first + p->count > xv_dist_artifact_count(d))
                abort();
        }
        for (size_t i = 0; i < xv_dist_artifact_count(d); i++) {
            const xv_artifact *a = xv_dist_artifact(d, i);
            t += touch(a->path) + touch(a->member) + touch(a->link_target) + strlen(a->platform.id);
            if (a->package >= xv_dist_package_count(d))
                abort();
            if (a->image)
                t += xv_image_count(a->image);
        }
        for (size_t i = 0; i < xv_dist_finding_count(d); i++) {
            const xv_dist_finding *f = xv_dist_finding_at(d, i);
            t += touch(f->subject) + touch(f->message) + touch(f->hint) + touch(f->package);
        }
        (void)t;
    }
    xv_dist_free(d);
    return 0;
}
