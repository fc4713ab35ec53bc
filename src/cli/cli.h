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
/* cmd_report.c: xverify report RESULT.json (merge 0), xverify merge RESULT.json... (1) */
int xv_cmd_report(int argc, char **argv, int merge);
/* "K/N" of --shard: 0 when 1 <= K <= N <= 1000. */
int xv_cli_shard_parse(const char *s, int *k, int *n);

/* Prints the top-level help to f. */
void xv_cli_usage(FILE *f);
/* Prints the version, the commit and the run-time library versions; 0 or 3. */
int xv_cli_version(void);

#endif
