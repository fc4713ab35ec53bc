/* libFuzzer target for the ELF reader: any bytes through xv_image_read, then
 * every string and array of the result touched (so ASan sees a dangling or
 * short one) and both serialisers run. Must not crash, hang or leak. The
 * replay driver (regression_driver.c) runs tests/fuzz/corpus/elf/ under ctest;
 * tests/fuzz/make_elf_corpus.py writes the seeds. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xverify/binary.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static size_t touch(const char *s)
{
    return s ? strlen(s) : 0;
}

static size_t touch_syms(const xv_sym *s, size_t n)
{
    size_t t = 0;
    for (size_t i = 0; i < n; i++)
        t += touch(s[i].name) + touch(s[i].version) + touch(s[i].library) + touch(s[i].forward);
    return t;
}

static size_t touch_binary(const xv_binary *b)
{
    size_t t = touch(b->arch) + touch(b->arch_variant) + touch(b->interpreter) + touch(b->soname);
    for (size_t i = 0; i < b->ndeps; i++)
        t += touch(b->deps[i].name);
    for (size_t i = 0; i < b->nrpath; i++)
        t += touch(b->rpath[i]);
    for (size_t i = 0; i < b->nrunpath; i++)
        t += touch(b->runpath[i]);
    t += touch_syms(b->exports, b->nexports) + touch_syms(b->imports, b->nimports);
    for (size_t i = 0; i < b->nverneeds; i++)
        t += touch(b->verneeds[i].library) + touch(b->verneeds[i].version);
    t += touch(b->max_glibc) + touch(b->max_glibcxx) + touch(b->max_cxxabi);
    t += touch(b->build_id) + touch(b->pdb_path);
    for (size_t i = 0; i < b->nsections; i++)
        t += touch(b->sections[i].name);
    for (size_t i = 0; i < b->nsegments; i++)
        t += touch(b->segments[i].name);
    for (size_t i = 0; i < b->nwarnings; i++)
        t += touch(b->warnings[i]);
    if (b->elf)
        t += touch(b->elf->debuglink);
    return t;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* Exercise the ELF path even when a mutation breaks the magic. */
    uint8_t *copy = NULL;
    if (size >= 4 && memcmp(data, "\x7f" "ELF", 4) != 0 && size <= (1u << 24)) {
        copy = malloc(size);
        if (!copy)
            return 0;
        memcpy(copy, data, size);
        memcpy(copy, "\x7f" "ELF", 4);
        data = copy;
    }
    for (int pass = 0; pass < 2; pass++) {
        xv_read_opts opts;
        memset(&opts, 0, sizeof opts);
        opts.no_symbols = pass;
        opts.max_symbols = pass ? 0 : 4096;
        xv_image *img = NULL;
        xv_status st = xv_image_read(data, size, "fuzz.elf", &opts, &img);
        if (st == XV_OK && xv_image_error(img))
            abort(); /* XV_OK means the whole file was read */
        if (img) {
            size_t t = touch(xv_image_error(img)) + touch(xv_image_name(img));
            for (size_t i = 0; i < xv_image_count(img); i++)
                t += touch_binary(xv_image_binary(img, i));
            if (xv_image_binary(img, xv_image_count(img)) != NULL)
                abort();
            char *j = xv_image_to_json(img);
            char *s = xv_image_to_text(img);
            t += touch(j) + touch(s);
            free(j);
            free(s);
            (void)t;
        }
        xv_image_free(img);
    }
    free(copy);
    return 0;
}
