/* Placeholder until its issue lands. */
#include <stdio.h>
#include "cli.h"

int xv_cmd_rootfs(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "xverify: 'rootfs' is not available in this build yet\n");
    return 2;
}
