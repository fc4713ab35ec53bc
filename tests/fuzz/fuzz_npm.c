/* libFuzzer target for the npm package.json reader (src/dist/meta.c): any
 * bytes as package/package.json through xv_meta_parse_npm and
 * xv_meta_npm_platform. Checks the contract: at most the capped number of
 * os/cpu/libc words and dependencies, every string NUL-terminated, a stated
 * platform has an OS and an arch. Must not crash, hang or leak. The replay
 * driver runs tests/fuzz/corpus/npm/. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dist/meta.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    xv_arena ar;
    xv_arena_init(&ar);
    xv_npm_meta m;
    int rc = xv_meta_parse_npm((const char *)data, size, &ar, &m);
    if (rc != 0 && rc != -1)
        abort();
    if (rc == 0) {
        if (m.nos > XV_META_MAX_WORDS || m.ncpu > XV_META_MAX_WORDS ||
            m.nlibc > XV_META_MAX_WORDS || m.ndeps > XV_META_MAX_DEPS)
            abort();
        for (size_t i = 0; i < m.ndeps; i++)
            if (!m.deps[i] || !m.deps[i][0])
                abort();
        if (m.name)
            (void)strlen(m.name);
        xv_platform p;
        if (xv_meta_npm_platform(&m, &p) == 1 && (p.os == XV_OS_UNKNOWN || !p.arch || !p.id[0]))
            abort();
    }
    xv_arena_free(&ar);
    return 0;
}
