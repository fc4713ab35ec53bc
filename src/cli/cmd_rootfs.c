/* xverify rootfs add|list|rm: the root filesystem cache of the smoke runners
 * (include/xverify/rootfs.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "xverify/rootfs.h"

static void rootfs_usage(FILE *f)
{
    fputs("usage: xverify rootfs add NAME [--arch ARCH] [--from FILE.tar[.gz|.zst]] [--force] [--dry-run]\n"
          "       xverify rootfs list\n"
          "       xverify rootfs rm NAME [--arch ARCH]\n"
          "options (any subcommand): --cache-dir DIR\n"
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

int xv_cmd_rootfs(int argc, char **argv)
{
    const char *cache = NULL, *arch = NULL, *from = NULL, *sub = NULL, *name = NULL;
    int force = 0, dry = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            rootfs_usage(stdout);
            return 0;
        } else if (!strcmp(a, "--cache-dir") || !strcmp(a, "--arch") || !strcmp(a, "--from")) {
            if (i + 1 >= argc) {
                fprintf(stderr, "xverify rootfs: %s needs a value\n", a);
                return 2;
            }
            const char *v = argv[++i];
            if (!strcmp(a, "--cache-dir"))
                cache = v;
            else if (!strcmp(a, "--arch"))
                arch = v;
            else
                from = v;
        } else if (!strncmp(a, "--cache-dir=", 12)) {
            cache = a + 12;
        } else if (!strncmp(a, "--arch=", 7)) {
            arch = a + 7;
        } else if (!strncmp(a, "--from=", 7)) {
            from = a + 7;
        } else if (!strcmp(a, "--force")) {
            force = 1;
        } else if (!strcmp(a, "--dry-run")) {
            dry = 1;
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "xverify rootfs: unknown option %s\n", a);
            rootfs_usage(stderr);
            return 2;
        } else if (!sub) {
            sub = a;
        } else if (!name) {
            name = a;
        } else {
            fprintf(stderr, "xverify rootfs: unexpected argument %s\n", a);
            return 2;
        }
    }
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
