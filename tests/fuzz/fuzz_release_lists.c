/* libFuzzer target for the release-level lists (src/dist/meta.c): any bytes
 * as goreleaser artifacts.json, goreleaser metadata.json and cargo-dist
 * dist-manifest.json. Checks the contract: every listed artifact has a name
 * and a platform string, at most the capped number of artifacts. Must not
 * crash, hang or leak. The replay driver runs
 * tests/fuzz/corpus/release_lists/. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dist/meta.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(const xv_release_list *L, int rc)
{
    if (rc != 0 && rc != -1)
        abort();
    if (L->narts > XV_META_MAX_ARTS)
        abort();
    for (size_t i = 0; i < L->narts; i++) {
        if (!L->arts[i].name || !L->arts[i].platform || !L->arts[i].token)
            abort();
        xv_platform p;
        (void)xv_platform_parse(L->arts[i].platform, &p);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    xv_arena ar;
    xv_arena_init(&ar);
    xv_release_list L;
    memset(&L, 0, sizeof L);
    check(&L, xv_meta_parse_goreleaser_artifacts(s, size, &ar, &L));
    memset(&L, 0, sizeof L);
    check(&L, xv_meta_parse_goreleaser_metadata(s, size, &ar, &L));
    memset(&L, 0, sizeof L);
    check(&L, xv_meta_parse_cargo_dist(s, size, &ar, &L));
    xv_arena_free(&ar);
    return 0;
}
