/* Private to the xverify program: one entry point per subcommand. Each
 * returns the process exit code (0 ok, 1 findings, 2 usage, 3 internal). */
#ifndef XV_CLI_H
#define XV_CLI_H

int xv_cmd_verify(int argc, char **argv);  /* cmd_verify.c: xverify [opts] PATH... */
int xv_cmd_inspect(int argc, char **argv); /* cmd_inspect.c */
int xv_cmd_list(int argc, char **argv);    /* cmd_list.c */
int xv_cmd_rootfs(int argc, char **argv);  /* cmd_rootfs.c */
int xv_cmd_diff(int argc, char **argv);    /* cmd_diff.c: xverify diff OLD NEW */
int xv_cmd_init(int argc, char **argv);    /* cmd_init.c: xverify init [PATH] */

/* Prints the top-level help to f. */
void xv_cli_usage(FILE *f);
/* Prints the version, the commit and the run-time library versions; 0 or 3. */
int xv_cli_version(void);

#endif
