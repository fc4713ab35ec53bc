/* xverify: the program. It parses arguments, calls libxverify's public API
 * and maps the outcome to an exit code; all logic lives in the library. */
#include <stdio.h>
#include <string.h>

#include "xverify/xverify.h"
#include "cli.h"

void xv_cli_usage(FILE *f)
{
    fputs(
"xverify " XV_VERSION_STRING " - verify a software release before it is published\n"
"\n"
"Usage:\n"
"  xverify [OPTIONS] PATH...            verify a release folder, archives or files\n"
"  xverify inspect [--json] FILE...     show what xverify reads from binaries\n"
"  xverify list PATH...                 show packages, binaries and their platforms\n"
"  xverify rootfs add|list|rm ...       manage distro root filesystems for smoke tests\n"
"  xverify diff [OPTIONS] OLD NEW       what changed since the previous release\n"
"  xverify init [PATH] > release.json   a starter matrix from a good release\n"
"  xverify report RESULT.json [...]     the reports of a saved --json result\n"
"  xverify merge RESULT.json... [...]   join the --shard K/N results of CI jobs\n"
"\n"
"Run 'xverify COMMAND --help' for a command's options; 'xverify --help' for\n"
"the verify options. Exit codes: 0 all passed, 1 findings at or above the\n"
"fail level (or unreadable input for inspect), 2 usage or configuration\n"
"error, 3 internal error.\n", f);
}

int xv_cli_version(void)
{
    char libs[1024];
    const char *commit = xv_version_commit();
    printf("xverify %s%s%s%s\n", xv_version(), *commit ? " (commit " : "", commit, *commit ? ")" : "");
    xv_version_details(libs, sizeof libs);
    fputs(libs, stdout);
    return fflush(stdout) == 0 ? 0 : 3;
}

int main(int argc, char **argv)
{
    if (argc >= 2) {
        const char *cmd = argv[1];
        if (strcmp(cmd, "inspect") == 0)
            return xv_cmd_inspect(argc - 1, argv + 1);
        if (strcmp(cmd, "list") == 0)
            return xv_cmd_list(argc - 1, argv + 1);
        if (strcmp(cmd, "rootfs") == 0)
            return xv_cmd_rootfs(argc - 1, argv + 1);
        if (strcmp(cmd, "diff") == 0)
            return xv_cmd_diff(argc - 1, argv + 1);
        if (strcmp(cmd, "init") == 0)
            return xv_cmd_init(argc - 1, argv + 1);
        if (strcmp(cmd, "report") == 0)
            return xv_cmd_report(argc - 1, argv + 1, 0);
        if (strcmp(cmd, "merge") == 0)
            return xv_cmd_report(argc - 1, argv + 1, 1);
        if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "-V") == 0) {
            return xv_cli_version();
        }
    }
    return xv_cmd_verify(argc, argv);
}
