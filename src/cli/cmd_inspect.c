/* xverify inspect [--json] FILE...: print the facts read from binaries. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xverify/xverify.h"
#include "cli.h"
#include "opts.h"

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
          "  -q, --quiet    print nothing but errors: the exit code tells\n"
          "  --color WHEN   accepted like everywhere; the facts have no colours\n"
          "\n"
          "A file that cannot be read entirely gets one line on stderr naming it and\n"
          "the fault; the other files are still shown. Exit: 0 all read, 1 some\n"
          "file unreadable or malformed, 2 usage error.\n", f);
}

enum { INSPECT_JSON = 1, INSPECT_NO_SYMBOLS };

static const xv_cli_opt inspect_opts[] = {
    { "json", 0, 0, INSPECT_JSON, NULL },
    { "no-symbols", 0, 0, INSPECT_NO_SYMBOLS, NULL },
    XV_CLI_COMMON_OPTS,
    { NULL, 0, 0, 0, NULL },
};

typedef struct inspect_args {
    int json;
    xv_read_opts ro;
    xv_cli_common common;
} inspect_args;

static int inspect_option(void *ud, int id, const char *value, const char *as_typed)
{
    inspect_args *ia = ud;
    (void)as_typed;
    int rc = xv_cli_common_handle("xverify inspect", &ia->common, id, value);
    if (rc >= 0)
        return rc;
    if (id == INSPECT_JSON)
        ia->json = 1;
    else if (id == INSPECT_NO_SYMBOLS)
        ia->ro.no_symbols = 1;
    return 0;
}

int xv_cmd_inspect(int argc, char **argv)
{
    inspect_args ia;
    memset(&ia, 0, sizeof ia);
    ia.common.color = -1;
    int nfiles = 0, bad = 0;
    int rc = xv_cli_parse("xverify inspect", inspect_opts, argc, argv, inspect_option, &ia, &nfiles);
    if (rc != 0)
        return rc;
    if (ia.common.help) {
        inspect_usage(stdout);
        return 0;
    }
    int json = ia.json, quiet = ia.common.verbosity < 0;
    xv_read_opts ro = ia.ro;
    argv++; /* the files are argv[0 .. nfiles-1] */
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
        if (quiet) {
            /* -q: only the errors above */
        } else if (json) {
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
