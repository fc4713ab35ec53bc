/* xverify rootfs add|list|rm: the root filesystem cache of the smoke runners
 * (include/xverify/rootfs.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "opts.h"
#include "xverify/rootfs.h"

static void rootfs_usage(FILE *f)
{
    fputs("usage: xverify rootfs add NAME [--arch ARCH] [--from FILE.tar[.gz|.zst]] [--force] [--dry-run]\n"
          "       xverify rootfs list\n"
          "       xverify rootfs rm NAME [--arch ARCH]\n"
          "options (any subcommand): --cache-dir DIR, -q (no progress line), --color WHEN\n"
          "\n"
          "Root filesystems for the smoke tests (--distros, matrix smoke environments).\n"
          "  add debian:bookworm             build one with mmdebstrap (or debootstrap) from the\n"
          "                                  mirror apt uses (bullseye, bookworm, trixie, sid, ...)\n"
          "  add debian:bookworm --arch arm64  a foreign one (files only; runs under qemu)\n"
          "  add ubuntu:jammy                mmdebstrap from $XV_UBUNTU_MIRROR (else archive.ubuntu.com /\n"
          "                                  ports.ubuntu.com) with ubuntu-keyring's keyring\n"
          "  add alpine:3.19 --from alpine-minirootfs.tar.gz   unpack a tarball (docker export,\n"
          "                                  minirootfs, mmdebstrap tarball)\n"
          "  add debian:saved --from image.tar  a podman/docker save archive (OCI or docker-archive:\n"
          "                                  layers applied in order, whiteouts honoured)\n"
          "  add NAME --dry-run              print the build command, build nothing\n"
          "Cache: --cache-dir, else $XDG_CACHE_HOME/xverify, else ~/.cache/xverify.\n"
          "Exit: 0 ok, 1 the build or unpack failed, 2 usage error.\n", f);
}

enum { ROOTFS_CACHE = 1, ROOTFS_ARCH, ROOTFS_FROM, ROOTFS_FORCE, ROOTFS_DRY_RUN };

static const xv_cli_opt rootfs_opts[] = {
    { "cache-dir", 0, 1, ROOTFS_CACHE, "DIR" },
    { "arch", 0, 1, ROOTFS_ARCH, "ARCH" },
    { "from", 0, 1, ROOTFS_FROM, "FILE" },
    { "force", 0, 0, ROOTFS_FORCE, NULL },
    { "dry-run", 0, 0, ROOTFS_DRY_RUN, NULL },
    XV_CLI_COMMON_OPTS,
    { NULL, 0, 0, 0, NULL },
};

typedef struct rootfs_args {
    const char *cache, *arch, *from;
    int force, dry;
    xv_cli_common common;
} rootfs_args;

static int rootfs_option(void *ud, int id, const char *value, const char *as_typed)
{
    rootfs_args *ra = ud;
    (void)as_typed;
    int rc = xv_cli_common_handle("xverify rootfs", &ra->common, id, value);
    if (rc >= 0)
        return rc;
    switch (id) {
    case ROOTFS_CACHE: ra->cache = value; break;
    case ROOTFS_ARCH: ra->arch = value; break;
    case ROOTFS_FROM: ra->from = value; break;
    case ROOTFS_FORCE: ra->force = 1; break;
    case ROOTFS_DRY_RUN: ra->dry = 1; break;
    default: break;
    }
    return 0;
}

int xv_cmd_rootfs(int argc, char **argv)
{
    rootfs_args ra;
    memset(&ra, 0, sizeof ra);
    ra.common.color = -1;
    int nops = 0;
    int rc = xv_cli_parse("xverify rootfs", rootfs_opts, argc, argv, rootfs_option, &ra, &nops);
    if (rc != 0)
        return rc;
    if (ra.common.help) {
        rootfs_usage(stdout);
        return 0;
    }
    if (nops > 2) {
        fprintf(stderr, "xverify rootfs: unexpected argument %s\n", argv[3]);
        return 2;
    }
    const char *cache = ra.cache, *arch = ra.arch, *from = ra.from;
    const char *sub = nops > 0 ? argv[1] : NULL, *name = nops > 1 ? argv[2] : NULL;
    int force = ra.force, dry = ra.dry;
    if (!sub) {
        rootfs_usage(stderr);
        return 2;
    }
    char err[1024] = "";
    if (!strcmp(sub, "list") || !strcmp(sub, "ls")) {
        if (name || arch || from) {
            fprintf(stderr, "xverify rootfs list: takes no NAME, --arch or --from\n");
            return 2;
        }
        xv_rootfs_info *l;
        size_t n;
        if (xv_rootfs_list(cache, &l, &n, err, sizeof err) != XV_OK) {
            fprintf(stderr, "xverify rootfs: %s\n", err);
            return 3;
        }
        for (size_t i = 0; i < n; i++)
            printf("%-24s %-8s %-21s %s\n", l[i].name, l[i].arch[0] ? l[i].arch : "?",
                   l[i].created[0] ? l[i].created : "-", l[i].root);
        if (n == 0) {
            char buf[4096];
            fprintf(stderr, "no root filesystems cached in %s (xverify rootfs add debian:bookworm)\n",
                    xv_rootfs_cache_dir(cache, buf, sizeof buf) ? buf : "?");
        }
        xv_rootfs_list_free(l);
        return 0;
    }
    if (!strcmp(sub, "rm") || !strcmp(sub, "remove")) {
        if (!name || from) {
            fprintf(stderr, "xverify rootfs rm: want NAME [--arch ARCH]\n");
            return 2;
        }
        xv_status st = xv_rootfs_remove(cache, name, arch, err, sizeof err);
        if (st != XV_OK) {
            fprintf(stderr, "xverify rootfs: %s\n", err);
            return st == XV_EUSAGE ? 2 : 1;
        }
        return 0;
    }
    if (!strcmp(sub, "add")) {
        if (!name) {
            fprintf(stderr, "xverify rootfs add: want NAME (debian:bookworm)\n");
            return 2;
        }
        xv_rootfs_add_opts o = {.arch = arch, .from = from, .force = force, .dry_run = dry};
        int existed = 0;
        if (dry) {
            if (from) {
                fprintf(stderr, "xverify rootfs add: --dry-run shows a build command; --from builds none\n");
                return 2;
            }
            xv_status st = xv_rootfs_add(cache, name, &o, NULL, err, sizeof err);
            if (st != XV_OK) {
                fprintf(stderr, "xverify rootfs: %s\n", err);
                return st == XV_EUSAGE ? 2 : 1;
            }
            printf("%s\n", err);
            return 0;
        }
        if (ra.common.verbosity >= 0)
            fprintf(stderr, "xverify rootfs: %s %s%s%s%s...\n", from ? "unpacking" : "adding", name,
                    arch ? " (" : "", arch ? arch : "", arch ? ")" : "");
        xv_status st = xv_rootfs_add(cache, name, &o, &existed, err, sizeof err);
        if (st != XV_OK) {
            fprintf(stderr, "xverify rootfs: %s\n", err);
            return st == XV_EUSAGE ? 2 : 1;
        }
        /* Report the entry (a --from tree may have been filed under the
         * arch its binaries showed). */
        xv_rootfs_info *l;
        size_t n;
        int shown = 0;
        if (xv_rootfs_list(cache, &l, &n, err, sizeof err) == XV_OK) {
            for (size_t i = 0; i < n && !shown; i++)
                if (!strcmp(l[i].name, name) && (!arch || !strcmp(l[i].arch, arch))) {
                    printf("%s %s %s%s\n", l[i].name, l[i].arch, l[i].root,
                           existed ? " (already cached)" : "");
                    shown = 1;
                }
            xv_rootfs_list_free(l);
        }
        if (!shown)
            printf("%s%s\n", name, existed ? " (already cached)" : "");
        return 0;
    }
    fprintf(stderr, "xverify rootfs: unknown subcommand %s\n", sub);
    rootfs_usage(stderr);
    return 2;
}
