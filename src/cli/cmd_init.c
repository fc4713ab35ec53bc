/* xverify init [PATH]: a commented starter matrix on stdout from a release
 * the user says is good (default PATH: dist). Uses only the public API. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xverify/xverify.h"
#include "xverify/init.h"
#include "cli.h"
#include "opts.h"

static void init_usage(FILE *f)
{
    fputs("Usage: xverify init [PATH] > release.json\n"
          "\n"
          "Reads a release you consider good (a folder, archives or files; default\n"
          "'dist') and prints a commented starter matrix (matrices/schema.json):\n"
          "the platforms found with today's floors (glibc, macOS minos, Windows\n"
          "subsystem; the distro releases they admit in comments), the manifest\n"
          "of executables and libraries (versions globbed), the exports of each\n"
          "shared library as required globs, size budgets at today's size +50 %,\n"
          "a '--version' smoke command (exit any) per executable for the platforms\n"
          "that have a runner on this machine, and a baseline entry pointing at\n"
          "the release. Findings no promise can express (a program without PIE)\n"
          "are waived by name, and counted on stderr: 'xverify --matrix\n"
          "release.json PATH' then passes on that release.\n"
          "\n"
          "  -q, --quiet   no note on stderr about waived findings\n"
          "  --color WHEN, -v   accepted as by every command\n"
          "\n"
          "Exit: 0 written, 2 usage error or unreadable PATH, 3 internal error.\n", f);
}

static const xv_cli_opt init_opts[] = {
    XV_CLI_COMMON_OPTS,
    { NULL, 0, 0, 0, NULL },
};

static int init_option(void *ud, int id, const char *value, const char *as_typed)
{
    (void)as_typed;
    int rc = xv_cli_common_handle("xverify init", ud, id, value);
    return rc > 0 ? rc : 0;
}

int xv_cmd_init(int argc, char **argv)
{
    xv_cli_common common = { -1, 0, 0 };
    int nops = 0;
    int prc = xv_cli_parse("xverify init", init_opts, argc, argv, init_option, &common, &nops);
    if (prc != 0)
        return prc;
    if (common.help) {
        init_usage(stdout);
        return 0;
    }
    if (nops > 1) {
        fprintf(stderr, "xverify init: one release PATH only (got '%s' and '%s')\n", argv[1], argv[2]);
        return 2;
    }
    const char *path = nops ? argv[1] : NULL;
    if (!path)
        path = "dist";
    char abs[PATH_MAX], err[1024];
    xv_init_opts o;
    memset(&o, 0, sizeof o);
    o.label = path;
    o.baseline_path = realpath(path, abs) ? abs : path;
    char *text = NULL;
    size_t nwaived = 0;
    xv_status st = xv_init_release(path, &o, &text, &nwaived, err, sizeof err);
    if (st != XV_OK) {
        fprintf(stderr, "xverify init: %s\n", err);
        return st == XV_EUSAGE ? 2 : 3;
    }
    if (nwaived && common.verbosity >= 0)
        fprintf(stderr, "xverify init: the release fails %zu finding%s that no promise can express; "
                        "the matrix waives %s, naming each (see \"waivers\"): fix or keep on purpose\n",
                nwaived, nwaived == 1 ? "" : "s", nwaived == 1 ? "it" : "them");
    int rc = fputs(text, stdout) < 0 || fflush(stdout) != 0 ? 3 : 0;
    free(text);
    return rc;
}
