/* Fuzz target: one distro catalogue file (matrices/distros/<family>.json)
 * and the lookups and "runs on" answers made from it. */
#include <stddef.h>
#include <stdint.h>

#include "config/distros.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char err[512];
    xv_catalog *c = NULL;
    if (xv_catalog_parse((const char *)data, size, "fuzz.json", &c, err, sizeof err) != 0)
        return 0;
    static const char *const specs[] = { "debian:12", "debian:bookworm", "x:1", ":", "a:", NULL };
    for (int i = 0; specs[i]; i++)
        (void)xv_catalog_find(c, specs[i]);
    const char *libs[] = { "libssl.so.3", "libffi.so.7" };
    xv_needs n = { XV_LIBC_GLIBC, "2.34", "3.4.29", "1.3.13", libs, 2 };
    xv_strbuf sb;
    xv_sb_init(&sb);
    xv_runs_on(c, &n, &sb);
    n.libc = XV_LIBC_MUSL;
    n.glibc = NULL;
    xv_runs_on(c, &n, &sb);
    (void)xv_runs_on_supported(c, &n, "2026-01-01");
    (void)xv_catalog_knows(c, "libz.so.1");
    xv_sb_free(&sb);
    xv_catalog_free(c);
    return 0;
}
