/* Private to the xverify program: one table-driven option parser for every
 * subcommand. GNU style: options anywhere before "--" (operands are gathered
 * in order), "--name value" and "--name=value", unambiguous prefixes
 * ("--mat" for --matrix), "-q", "-qv", "-j4" / "-j 4".
 * An unknown option is a usage error that names it and suggests the nearest
 * known one ("did you mean --junit?"). */
#ifndef XV_CLI_OPTS_H
#define XV_CLI_OPTS_H

#include <stdio.h>

typedef struct xv_cli_opt {
    const char *name;       /* long name without "--" ("junit"), or NULL */
    char short_name;        /* 'q', or 0 */
    int has_value;          /* takes a value */
    int id;                 /* passed to the handler */
    const char *metavar;    /* "FILE" for messages, or NULL */
} xv_cli_opt;

/* Called for every option in command-line order. `as_typed` is how the user
 * wrote the option ("--junit", "-q"). Returns 0 to go on, or the exit code
 * to stop with (after printing its own message): 2 usage, 0 help shown. */
typedef int (*xv_cli_handler)(void *ud, int id, const char *value, const char *as_typed);

/* Parses argv[1..argc-1] (argv[0] is the command's name) against the table
 * (terminated by an entry with name NULL and short_name 0). Operands are
 * moved to the front of argv+1 in order; *noperands gets their count.
 * Returns 0, or the exit code to stop with (2 after a usage message on
 * stderr naming `prog`, or what the handler returned). */
int xv_cli_parse(const char *prog, const xv_cli_opt *table, int argc, char **argv,
                 xv_cli_handler handler, void *ud, int *noperands);

/* The options every subcommand shares: --color WHEN, -q/--quiet, -v/--verbose,
 * -h/--help. Their ids: */
enum { XV_OPT_COLOR = 1000, XV_OPT_QUIET, XV_OPT_VERBOSE, XV_OPT_HELP };
#define XV_CLI_COMMON_OPTS \
    { "color", 0, 1, XV_OPT_COLOR, "WHEN" }, { "colour", 0, 1, XV_OPT_COLOR, "WHEN" }, \
    { "quiet", 'q', 0, XV_OPT_QUIET, NULL }, { "verbose", 'v', 0, XV_OPT_VERBOSE, NULL }, \
    { "help", 'h', 0, XV_OPT_HELP, NULL }

/* The state the common options set. color: -1 auto, 0 never, 1 always. */
typedef struct xv_cli_common {
    int color;
    int verbosity;          /* -1 quiet, 0 normal, 1 verbose */
    int help;
} xv_cli_common;

/* Handles a common option id; returns 0, 2 on a bad value (message printed),
 * or -1 when id is not a common option. */
int xv_cli_common_handle(const char *prog, xv_cli_common *c, int id, const char *value);
/* Resolves color -1 (auto) for a stream: a terminal, and NO_COLOR unset. */
int xv_cli_color_for(const xv_cli_common *c, FILE *stream);

/* The nearest of `words` (NULL-terminated) to s within a small edit
 * distance, or NULL. */
const char *xv_cli_nearest(const char *s, const char *const *words);

#endif
