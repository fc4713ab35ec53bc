/* xverify inspect [--json] FILE...: print the facts read from binaries. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xverify/xverify.h"
#include "cli.h"

static void inspect_usage(FILE *f)
{
    fputs("Usage: xverify inspect [--json] [--no-symbols] FILE...\n"
          "\n"
          "Shows what xverify reads from ELF, Mach-O (thin and universal) and PE\n"
          "files: format, kind, arch, OS and libc, interpreter, soname/install\n"
          "name, needed libraries, rpath/runpath, required symbol versions, minimum\n"
          "OS, hardening, build id, sizes, exported and imported symbols.\n"
          "\n"
          "  --json         one JSON object per file, one per line (docs/inspect-json.md)\n"
          "  --no-symbols   skip symbol tables (faster on large libraries)\n"
          "\n"
          "A file that cannot be read entirely gets one line on stderr naming it and\n"
          "the fault; the other files are still shown. Exit: 0 all read, 1 some\n"
          "file unreadable or malformed, 2 usage error.\n", f);
}

int xv_cmd_inspect(int argc, char **argv)
{
    int json = 0, nfiles = 0, bad = 0;
    xv_read_opts ro;
    memset(&ro, 0, sizeof ro);
    /* One pass over the arguments; the files are gathered at the front of
     * argv (nfiles <= i, so no slot is overwritten before it is read). */
    int after_dashdash = 0;
    for (int i = 1; i < argc; i++) {
        if (after_dashdash)
            argv[nfiles++] = argv[i];
        else if (strcmp(argv[i], "--json") == 0)
            json = 1;
        else if (strcmp(argv[i], "--no-symbols") == 0)
            ro.no_symbols = 1;
        else if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            inspect_usage(stdout);
            return 0;
        } else if (strcmp(argv[i], "--") == 0) {
            after_dashdash = 1;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            fprintf(stderr, "xverify inspect: unknown option '%s'\n", argv[i]);
            inspect_usage(stderr);
            return 2;
        } else
            argv[nfiles++] = argv[i];
    }
    if (nfiles == 0) {
        fprintf(stderr, "xverify inspect: no FILE given\n");
        inspect_usage(stderr);
        return 2;
    }
    for (int i = 0; i < nfiles; i++) {
        xv_image *img = NULL;
        xv_status st = xv_image_read_file(argv[i], &ro, &img);
        if (st == XV_ENOMEM || !img) {
            fprintf(stderr, "xverify: %s: out of memory\n", argv[i]);
            bad = 1;
            continue;
        }
        if (st != XV_OK) {
            fprintf(stderr, "xverify: %s: %s\n", argv[i],
                    xv_image_error(img) ? xv_image_error(img) : xv_status_str(st));
            bad = 1;
        }
        if (json) {
            /* streamed: the JSON of a large library is never held whole */
            if (xv_image_write_json(img, stdout) != XV_OK || fputc('\n', stdout) == EOF) {
                fprintf(stderr, "xverify: %s: cannot write the JSON to standard output\n", argv[i]);
                bad = 1;
            }
        } else if (xv_image_count(img) > 0) {
            char *s = xv_image_to_text(img);
            if (s) {
                fputs(s, stdout);
                free(s);
            }
        }
        xv_image_free(img);
        fflush(stdout);
    }
    return bad ? 1 : 0;
}
