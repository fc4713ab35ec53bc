/* Fuzz target: the release matrix parser (JSON with comments -> typed
 * structs, incl. the smoke section handed to the smoke module) and the glob
 * matcher on the strings it reads. */
#include <stddef.h>
#include <stdint.h>

#include "config/matrix.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char err[512];
    struct xv_matrix *m = NULL;
    if (size > (1u << 20))
        return 0;
    if (xv_matrix_parse((const char *)data, size, "fuzz.json", &m, err, sizeof err) == 0) {
        /* Every glob the matrix holds, matched against every other string. */
        for (size_t i = 0; i < m->nfiles; i++) {
            const xv_mx_file_rule *r = &m->files[i];
            (void)xv_glob_match(r->match, "dist/a_1.0_linux_amd64.tar.gz!/a/lib/libfoo.so.1");
            for (size_t k = 0; k < r->nrequired; k++)
                (void)xv_glob_match(r->match, r->required[k]);
        }
        for (size_t i = 0; i < m->nwaivers; i++)
            if (m->waivers[i].match)
                (void)xv_glob_match(m->waivers[i].match, m->waivers[i].reason ? m->waivers[i].reason : "");
        for (size_t i = 0; i < m->nplatforms; i++)
            for (size_t k = 0; k < m->platforms[i].nmanifest; k++)
                (void)xv_glob_match(m->platforms[i].manifest[k], m->platforms[i].id);
        (void)xv_matrix_level(m, "size.budget");
        xv_matrix_free(m);
    }
    /* The input itself as a glob and as a path. */
    char pat[256];
    size_t n = size < sizeof pat - 1 ? size : sizeof pat - 1;
    for (size_t i = 0; i < n; i++)
        pat[i] = data[i] ? (char)data[i] : 'x';
    pat[n] = 0;
    (void)xv_glob_match(pat, "a/b/c/libfoo.so.1");
    (void)xv_glob_match("**/*.[ch]", pat);
    uint64_t v;
    (void)xv_size_parse(pat, &v);
    return 0;
}
