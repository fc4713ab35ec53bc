/* The option parser every subcommand uses (cli/opts.h). */
#include "opts.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static size_t edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 63 || lb > 63)
        return 99;
    size_t row[64];
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            size_t best = diag + (a[i - 1] != b[j - 1]);
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[lb];
}

const char *xv_cli_nearest(const char *s, const char *const *words)
{
    size_t best = strlen(s) <= 4 ? 2 : 3;
    const char *hit = NULL;
    for (size_t i = 0; words[i]; i++) {
        size_t d = edit_distance(s, words[i]);
        /* A unique prefix is as good as a near miss ("--jun" -> --junit). */
        if (strlen(s) >= 3 && strncmp(words[i], s, strlen(s)) == 0)
            d = 1;
        if (d < best) {
            best = d;
            hit = words[i];
        }
    }
    return hit;
}

static void unknown_option(const char *prog, const xv_cli_opt *table, const char *arg)
{
    const char *words[256];
    size_t n = 0;
    for (size_t i = 0; (table[i].name || table[i].short_name) && n + 1 < 256; i++)
        if (table[i].name)
            words[n++] = table[i].name;
    words[n] = NULL;
    const char *name = arg;
    while (*name == '-')
        name++;
    char bare[128];
    snprintf(bare, sizeof bare, "%.*s", (int)strcspn(name, "="), name);
    const char *near = bare[0] ? xv_cli_nearest(bare, words) : NULL;
    if (near)
        fprintf(stderr, "%s: unknown option '%s': did you mean --%s?\n", prog, arg, near);
    else
        fprintf(stderr, "%s: unknown option '%s'\n", prog, arg);
    fprintf(stderr, "Run '%s --help' for the options.\n", prog);
}

/* An exact name, else an unambiguous prefix as getopt_long takes it
 * ("--mat" for --matrix). *ambiguous is set when a prefix names two options
 * (aliases of one option, --color and --colour, count once). */
static const xv_cli_opt *find_long(const xv_cli_opt *table, const char *name, size_t len,
                                   int *ambiguous)
{
    const xv_cli_opt *hit = NULL;
    *ambiguous = 0;
    for (size_t i = 0; table[i].name || table[i].short_name; i++)
        if (table[i].name && strlen(table[i].name) == len && strncmp(table[i].name, name, len) == 0)
            return &table[i];
    for (size_t i = 0; len > 0 && (table[i].name || table[i].short_name); i++) {
        if (!table[i].name || strncmp(table[i].name, name, len) != 0)
            continue;
        if (hit && hit->id != table[i].id)
            *ambiguous = 1;
        hit = hit ? hit : &table[i];
    }
    return *ambiguous ? NULL : hit;
}

static const xv_cli_opt *find_short(const xv_cli_opt *table, char c)
{
    for (size_t i = 0; table[i].name || table[i].short_name; i++)
        if (table[i].short_name == c)
            return &table[i];
    return NULL;
}

int xv_cli_parse(const char *prog, const xv_cli_opt *table, int argc, char **argv,
                 xv_cli_handler handler, void *ud, int *noperands)
{
    int nops = 0, only_operands = 0;
    char as_typed[160];
    /* Operands are written at argv[1 + nops] <= argv[i]: never ahead of the
     * reader. */
    for (int i = 1; i < argc; i++) {
        char *a = argv[i];
        if (only_operands || a[0] != '-' || a[1] == '\0') {
            argv[1 + nops++] = a;
            continue;
        }
        if (strcmp(a, "--") == 0) {
            only_operands = 1;
            continue;
        }
        int rc = 0;
        if (a[1] == '-') {
            const char *name = a + 2;
            const char *eq = strchr(name, '=');
            size_t len = eq ? (size_t)(eq - name) : strlen(name);
            int ambiguous = 0;
            const xv_cli_opt *o = find_long(table, name, len, &ambiguous);
            if (ambiguous) {
                fprintf(stderr, "%s: option '%.*s' is ambiguous:", prog, (int)(len + 2), a);
                for (size_t k = 0; table[k].name || table[k].short_name; k++)
                    if (table[k].name && strncmp(table[k].name, name, len) == 0)
                        fprintf(stderr, " --%s", table[k].name);
                fputc('\n', stderr);
                return 2;
            }
            if (!o) {
                unknown_option(prog, table, a);
                return 2;
            }
            snprintf(as_typed, sizeof as_typed, "--%s", o->name);
            const char *value = NULL;
            if (o->has_value) {
                if (eq)
                    value = eq + 1;
                else if (i + 1 < argc)
                    value = argv[++i];
                else {
                    fprintf(stderr, "%s: %s needs a value (%s)\n", prog, as_typed,
                            o->metavar ? o->metavar : "VALUE");
                    return 2;
                }
            } else if (eq) {
                fprintf(stderr, "%s: %s takes no value\n", prog, as_typed);
                return 2;
            }
            rc = handler(ud, o->id, value, as_typed);
        } else {
            /* One or more short options: "-qv", "-j4", "-j 4". */
            for (const char *p = a + 1; *p && rc == 0; p++) {
                const xv_cli_opt *o = find_short(table, *p);
                if (!o) {
                    char one[3] = { '-', *p, 0 };
                    fprintf(stderr, "%s: unknown option '%s'%s%s\n", prog, one,
                            strcmp(one, a) ? " in " : "", strcmp(one, a) ? a : "");
                    fprintf(stderr, "Run '%s --help' for the options.\n", prog);
                    return 2;
                }
                snprintf(as_typed, sizeof as_typed, "-%c", *p);
                const char *value = NULL;
                if (o->has_value) {
                    if (p[1])
                        value = p + 1;
                    else if (i + 1 < argc)
                        value = argv[++i];
                    else {
                        fprintf(stderr, "%s: %s needs a value (%s)\n", prog, as_typed,
                                o->metavar ? o->metavar : "VALUE");
                        return 2;
                    }
                    rc = handler(ud, o->id, value, as_typed);
                    break;
                }
                rc = handler(ud, o->id, NULL, as_typed);
            }
        }
        if (rc != 0)
            return rc;
    }
    *noperands = nops;
    return 0;
}

int xv_cli_common_handle(const char *prog, xv_cli_common *c, int id, const char *value)
{
    switch (id) {
    case XV_OPT_COLOR:
        if (strcmp(value, "auto") == 0)
            c->color = -1;
        else if (strcmp(value, "always") == 0)
            c->color = 1;
        else if (strcmp(value, "never") == 0)
            c->color = 0;
        else {
            fprintf(stderr, "%s: --color: expected auto, always or never, got '%s'\n", prog, value);
            return 2;
        }
        return 0;
    case XV_OPT_QUIET:
        c->verbosity = -1;
        return 0;
    case XV_OPT_VERBOSE:
        c->verbosity = 1;
        return 0;
    case XV_OPT_HELP:
        c->help = 1;
        return 0;
    default:
        return -1;
    }
}

int xv_cli_color_for(const xv_cli_common *c, FILE *stream)
{
    if (c->color >= 0)
        return c->color;
    const char *nc = getenv("NO_COLOR");
    return isatty(fileno(stream)) && !(nc && *nc);
}
