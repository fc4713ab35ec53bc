/* xverify list [--json] PATH...: what xverify sees in a release — packages,
 * the binaries among their members with format/arch/kind and inferred
 * platform, the count of other members, walker findings and checksum lists.
 * Uses only the public API. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xverify/xverify.h"
#include "cli.h"
#include "opts.h"

/* -q: package lines only; -v: every member, not only binaries. */
static int list_verbosity;

static void list_usage(FILE *f)
{
    fputs("Usage: xverify list [--json] PATH...\n"
          "\n"
          "Walks folders and archives (nested too) the way 'xverify PATH...' does\n"
          "and shows each package (archive, system package .deb/.rpm, top-level\n"
          "folder or loose file), its members that are binaries with format, arch,\n"
          "kind and platform, the number of other members, checksum lists found\n"
          "and unsafe-archive findings. Member paths are logical:\n"
          "a.tar.gz!/bin/app, app_1.0-1_amd64.deb!/usr/bin/app. A package's platform\n"
          "comes from its metadata when there is some (a .deb's control, an .rpm's\n"
          "header, npm package.json, wheel WHEEL, goreleaser artifacts.json,\n"
          "cargo-dist dist-manifest.json), else from its name: 'platform from\n"
          "SOURCE' says which, followed by the name and version it declares.\n"
          "\n"
          "  --json         one JSON document (packages, findings, checksum_files)\n"
          "  -q, --quiet    package lines only (text)\n"
          "  -v, --verbose  every member, not only the binaries (text)\n"
          "  --color WHEN   accepted like everywhere; the listing has no colours\n"
          "\n"
          "Exit: 0 listed, 2 usage error or missing PATH, 3 internal error.\n", f);
}

static const char *kind_name(xv_pkg_kind k)
{
    return k == XV_PKG_DIR ? "folder" : k == XV_PKG_ARCHIVE ? "archive"
         : k == XV_PKG_SYSTEM ? "system" : "file";
}

static const char *plat(const xv_platform *p)
{
    return p->id[0] ? p->id : "-";
}

/* "x86_64" or "x86_64,aarch64" for a universal file. */
static void arches(const xv_image *img, char *buf, size_t len)
{
    buf[0] = '\0';
    size_t n = xv_image_count(img);
    for (size_t i = 0; i < n; i++) {
        const xv_binary *b = xv_image_binary(img, i);
        size_t used = strlen(buf);
        snprintf(buf + used, len - used, "%s%s", i ? "," : "", b && b->arch ? b->arch : "?");
    }
    if (!buf[0])
        snprintf(buf, len, "?");
}

static void json_str(FILE *f, const char *s)
{
    if (!s) {
        fputs("null", f);
        return;
    }
    fputc('"', f);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            fprintf(f, "\\%c", *p);
        else if (*p == '\n')
            fputs("\\n", f);
        else if (*p == '\t')
            fputs("\\t", f);
        else if (*p < 0x20 || *p == 0x7f)
            fprintf(f, "\\u%04x", *p);
        else
            fputc(*p, f);
    }
    fputc('"', f);
}

static void hex(const unsigned char *p, size_t n, char *out)
{
    static const char hx[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = hx[p[i] >> 4];
        out[2 * i + 1] = hx[p[i] & 15];
    }
    out[2 * n] = '\0';
}

static void print_text(const xv_dist *d)
{
    const xv_release_info *rel = xv_dist_release(d);
    if (rel->project)
        printf("release: %s%s%s%s%s%s%s (from %s)\n", rel->project, rel->version ? " " : "",
               rel->version ? rel->version : "", rel->tag ? ", tag " : "", rel->tag ? rel->tag : "",
               rel->commit ? ", commit " : "", rel->commit ? rel->commit : "", rel->source);
    size_t np = xv_dist_package_count(d);
    for (size_t i = 0; i < np; i++) {
        const xv_package *p = xv_dist_package(d, i);
        printf("%s  %s  %s  %llu bytes", p->path, kind_name(p->kind), plat(&p->platform),
               (unsigned long long)(p->kind == XV_PKG_DIR ? p->expanded : p->size));
        if (p->kind == XV_PKG_ARCHIVE || p->kind == XV_PKG_SYSTEM)
            printf("  (%s)", p->format ? p->format : "?");
        if (p->platform_source)
            printf("  platform from %s", p->platform_source);
        if (p->project)
            printf("  %s%s%s", p->project, p->version ? " " : "", p->version ? p->version : "");
        putchar('\n');
        if (p->error)
            printf("  error: %s\n", p->error);
        size_t other = 0;
        for (size_t k = p->first; list_verbosity >= 0 && k < p->first + p->count; k++) {
            const xv_artifact *a = xv_dist_artifact(d, k);
            if (!a->image || xv_image_count(a->image) == 0) {
                if (list_verbosity > 0)
                    printf("  %s  %llu bytes\n", a->path, (unsigned long long)a->size);
                else
                    other++;
                continue;
            }
            const xv_binary *b = xv_image_binary(a->image, 0);
            char ar[256];
            arches(a->image, ar, sizeof ar);
            printf("  %s  %s %s %s  %s\n", a->path, xv_format_name(xv_image_format(a->image)), ar,
                   xv_kind_name(b->kind), plat(&a->platform));
        }
        if (other)
            printf("  (%zu other member%s)\n", other, other == 1 ? "" : "s");
    }
    size_t ns = xv_dist_checksum_file_count(d);
    for (size_t i = 0; i < ns; i++)
        printf("checksums: %s\n", xv_dist_checksum_file(d, i)->path);
    size_t nf = xv_dist_finding_count(d);
    for (size_t i = 0; i < nf; i++) {
        const xv_dist_finding *f = xv_dist_finding_at(d, i);
        printf("%s: %s: %s: %s\n", xv_verdict_name((xv_verdict)f->severity), f->check, f->subject,
               f->message);
    }
}

static void print_json(const xv_dist *d)
{
    size_t np = xv_dist_package_count(d);
    const xv_release_info *rel = xv_dist_release(d);
    printf("{\"release\":{\"project\":");
    json_str(stdout, rel->project);
    printf(",\"version\":");
    json_str(stdout, rel->version);
    printf(",\"tag\":");
    json_str(stdout, rel->tag);
    printf(",\"commit\":");
    json_str(stdout, rel->commit);
    printf(",\"source\":");
    json_str(stdout, rel->source);
    printf("},\"packages\":[");
    for (size_t i = 0; i < np; i++) {
        const xv_package *p = xv_dist_package(d, i);
        printf("%s{\"path\":", i ? "," : "");
        json_str(stdout, p->path);
        printf(",\"kind\":\"%s\",\"format\":", kind_name(p->kind));
        json_str(stdout, p->format);
        printf(",\"platform\":");
        json_str(stdout, p->platform.id[0] ? p->platform.id : NULL);
        printf(",\"platform_source\":");
        json_str(stdout, p->platform_source);
        printf(",\"project\":");
        json_str(stdout, p->project);
        printf(",\"version\":");
        json_str(stdout, p->version);
        printf(",\"depends\":[");
        for (size_t k = 0; k < p->ndepends; k++) {
            printf("%s", k ? "," : "");
            json_str(stdout, p->depends[k]);
        }
        printf("]");
        printf(",\"size\":%llu,\"expanded\":%llu", (unsigned long long)p->size,
               (unsigned long long)p->expanded);
        if (p->has_sha256) {
            char h[129];
            hex(p->sha256, 32, h);
            printf(",\"sha256\":\"%s\"", h);
        }
        printf(",\"error\":");
        json_str(stdout, p->error);
        printf(",\"binaries\":[");
        size_t other = 0, nb = 0;
        for (size_t k = p->first; k < p->first + p->count; k++) {
            const xv_artifact *a = xv_dist_artifact(d, k);
            if (!a->image || xv_image_count(a->image) == 0) {
                other++;
                continue;
            }
            const xv_binary *b = xv_image_binary(a->image, 0);
            printf("%s{\"path\":", nb++ ? "," : "");
            json_str(stdout, a->path);
            printf(",\"member\":");
            json_str(stdout, a->member);
            printf(",\"format\":\"%s\",\"arch\":[", xv_format_name(xv_image_format(a->image)));
            for (size_t s = 0; s < xv_image_count(a->image); s++) {
                const xv_binary *sb = xv_image_binary(a->image, s);
                printf("%s", s ? "," : "");
                json_str(stdout, sb->arch);
            }
            printf("],\"kind\":\"%s\",\"size\":%llu,\"platform\":", xv_kind_name(b->kind),
                   (unsigned long long)a->size);
            json_str(stdout, a->platform.id[0] ? a->platform.id : NULL);
            printf("}");
        }
        printf("],\"non_binary\":%zu}", other);
    }
    printf("],\"checksum_files\":[");
    for (size_t i = 0; i < xv_dist_checksum_file_count(d); i++) {
        printf("%s", i ? "," : "");
        json_str(stdout, xv_dist_checksum_file(d, i)->path);
    }
    printf("],\"findings\":[");
    for (size_t i = 0; i < xv_dist_finding_count(d); i++) {
        const xv_dist_finding *f = xv_dist_finding_at(d, i);
        printf("%s{\"check\":", i ? "," : "");
        json_str(stdout, f->check);
        printf(",\"severity\":\"%s\",\"subject\":", xv_verdict_name((xv_verdict)f->severity));
        json_str(stdout, f->subject);
        printf(",\"package\":");
        json_str(stdout, f->package);
        printf(",\"message\":");
        json_str(stdout, f->message);
        printf("}");
    }
    printf("]}\n");
}

enum { LIST_JSON = 1 };

static const xv_cli_opt list_opts[] = {
    { "json", 0, 0, LIST_JSON, NULL },
    XV_CLI_COMMON_OPTS,
    { NULL, 0, 0, 0, NULL },
};

typedef struct list_args {
    int json;
    xv_cli_common common;
} list_args;

static int list_option(void *ud, int id, const char *value, const char *as_typed)
{
    list_args *la = ud;
    (void)as_typed;
    int rc = xv_cli_common_handle("xverify list", &la->common, id, value);
    if (rc >= 0)
        return rc;
    if (id == LIST_JSON)
        la->json = 1;
    return 0;
}

int xv_cmd_list(int argc, char **argv)
{
    list_args la;
    memset(&la, 0, sizeof la);
    la.common.color = -1;
    int n = 0;
    int rc = xv_cli_parse("xverify list", list_opts, argc, argv, list_option, &la, &n);
    if (rc != 0)
        return rc;
    if (la.common.help) {
        list_usage(stdout);
        return 0;
    }
    int json = la.json;
    list_verbosity = la.common.verbosity;
    if (n == 0) {
        fprintf(stderr, "xverify list: no PATH given\n");
        list_usage(stderr);
        return 2;
    }
    xv_dist_opts o;
    xv_dist_opts_init(&o);
    o.read.no_symbols = 1;
    xv_dist *d = NULL;
    const char **paths = calloc((size_t)n, sizeof *paths);
    if (!paths)
        return 3;
    for (int i = 0; i < n; i++)
        paths[i] = argv[1 + i];
    xv_status st = xv_dist_open(paths, (size_t)n, &o, &d);
    free(paths);
    if (st != XV_OK) {
        fprintf(stderr, "xverify list: %s\n",
                d && xv_dist_error(d) ? xv_dist_error(d) : xv_status_str(st));
        xv_dist_free(d);
        return st == XV_EUSAGE ? 2 : 3;
    }
    if (json)
        print_json(d);
    else
        print_text(d);
    xv_dist_free(d);
    return 0;
}
