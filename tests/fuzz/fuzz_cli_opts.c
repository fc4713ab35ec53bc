/* libFuzzer target for the program's option parser (src/cli/opts.c): the
 * input split at NUL bytes is an argument vector, parsed against a table
 * with flags, options with values and short options. Checks the contract:
 * an option that takes a value always gets one, operands keep their order
 * and are exactly the arguments that are not options (or come after "--"),
 * the parser never reads past argv. Must not crash, hang or leak. The
 * replay driver runs tests/fuzz/corpus/cli_opts/. Messages go to stderr,
 * which the fuzzer discards. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli/opts.c"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum { F_FLAG = 1, F_VALUE, F_SHORTVAL };

static const xv_cli_opt table[] = {
    { "flag", 'f', 0, F_FLAG, NULL },
    { "value", 0, 1, F_VALUE, "X" },
    { "jobs", 'j', 1, F_SHORTVAL, "N" },
    XV_CLI_COMMON_OPTS,
    { NULL, 0, 0, 0, NULL },
};

static int handler(void *ud, int id, const char *value, const char *as_typed)
{
    xv_cli_common *c = ud;
    if (!as_typed || as_typed[0] != '-')
        abort();
    if ((id == F_VALUE || id == F_SHORTVAL || id == XV_OPT_COLOR) && !value)
        abort();
    if ((id == F_FLAG || id == XV_OPT_QUIET || id == XV_OPT_VERBOSE || id == XV_OPT_HELP) && value)
        abort();
    int rc = xv_cli_common_handle("fuzz", c, id, value);
    return rc > 0 ? rc : 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 4096)
        return 0;
    char *buf = malloc(size + 1);
    char **argv = calloc(size + 3, sizeof *argv);
    char **copy = calloc(size + 3, sizeof *copy);
    if (!buf || !argv || !copy) {
        free(buf);
        free(argv);
        free(copy);
        return 0;
    }
    memcpy(buf, data, size);
    buf[size] = '\0';
    int argc = 0;
    argv[argc++] = (char *)"xverify";
    for (size_t i = 0; i <= size;) {
        argv[argc++] = buf + i;
        i += strlen(buf + i) + 1;
    }
    memcpy(copy, argv, (size_t)argc * sizeof *argv);
    xv_cli_common c = { -1, 0, 0 };
    int n = -1;
    int rc = xv_cli_parse("fuzz", table, argc, argv, handler, &c, &n);
    if (rc == 0) {
        if (n < 0 || n >= argc)
            abort();
        /* Operands are a subsequence of the input, in order. */
        int j = 1;
        for (int k = 1; k <= n; k++) {
            while (j < argc && copy[j] != argv[k])
                j++;
            if (j >= argc)
                abort();
            j++;
        }
    }
    free(copy);
    free(argv);
    free(buf);
    return 0;
}
