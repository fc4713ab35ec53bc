/* Secure extraction for the smoke runners: a package into a fresh private
 * folder (mode 0700), with libarchive's SECURE_NODOTDOT | SECURE_SYMLINKS |
 * SECURE_NOABSOLUTEPATHS, owner-only permissions (no setuid/setgid, nothing
 * for group/other), no device nodes or FIFOs. The extracting thread first
 * takes a private filesystem context (unshare(CLONE_FS): working directory,
 * root and umask become its own), chdir()s into the folder so relative entry
 * names resolve there, and goes back: the process's working directory, shared
 * by all its threads, never changes. (A forked child would do the same, but a
 * child of a threaded process may only make async-signal-safe calls and
 * libarchive allocates: with another thread inside malloc at fork time the
 * child can hang on the allocator's lock.) No signal handling here: an interrupted run
 * (src/smoke/proc.c) stops its commands and returns through the normal
 * path, which removes every folder (xv_extract_remove). */
#include <archive.h>
#include <archive_entry.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <unistd.h>

#include "dist/arformats.h"
#include "dist/dist_internal.h"

#define XT_PATH 4096
#define XT_MAX_DEPTH 128

/* Removes everything below dirfd/name, async-signal-safe: openat,
 * getdents64, unlinkat only, fixed buffers, bounded depth. */
static void xt_rm_at(int dirfd, const char *name, int depth)
{
    if (unlinkat(dirfd, name, 0) == 0 || depth > XT_MAX_DEPTH)
        return;
    int fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return;
    char buf[4096];
    for (int pass = 0; pass < 1000; pass++) {
        long n = syscall(SYS_getdents64, fd, buf, sizeof buf);
        if (n <= 0)
            break;
        long off = 0;
        while (off < n) {
            /* struct linux_dirent64: u64 ino, s64 off, u16 reclen, u8 type, name */
            unsigned short reclen;
            memcpy(&reclen, buf + off + 16, sizeof reclen);
            if (reclen == 0 || off + reclen > n)
                break;
            const char *nm = buf + off + 19;
            if (!(nm[0] == '.' && (nm[1] == '\0' || (nm[1] == '.' && nm[2] == '\0'))))
                xt_rm_at(fd, nm, depth + 1);
            off += reclen;
        }
        lseek(fd, 0, SEEK_SET);
    }
    close(fd);
    unlinkat(dirfd, name, AT_REMOVEDIR);
}

static void xt_rm_tree(const char *path)
{
    xt_rm_at(AT_FDCWD, path, 0);
}

void xv_extract_remove(const char *dir)
{
    if (!dir || !*dir)
        return;
    xt_rm_tree(dir);
}

/* In the child: extract the archive bytes into the current folder. */
static int xt_extract_archive(const void *data, size_t len, const xv_dist_opts *o)
{
    uint64_t total = 0;
    struct archive *a = archive_read_new();
    struct archive *w = archive_write_disk_new();
    if (!a || !w) {
        archive_write_free(w);
        archive_read_free(a);
        return 3;
    }
    xv_archive_read_formats(a);
    archive_write_disk_set_options(w, ARCHIVE_EXTRACT_SECURE_NODOTDOT |
                                          ARCHIVE_EXTRACT_SECURE_SYMLINKS |
                                          ARCHIVE_EXTRACT_SECURE_NOABSOLUTEPATHS |
                                          ARCHIVE_EXTRACT_PERM);
    archive_write_disk_set_standard_lookup(w);
    static const char empty[1];
    if (archive_read_open_memory(a, data ? data : empty, data ? len : 0) != ARCHIVE_OK) {
        archive_write_free(w);
        archive_read_free(a);
        return 4;
    }
    int bad = 0;
    for (;;) {
        struct archive_entry *e;
        int rc = archive_read_next_header(a, &e);
        if (rc == ARCHIVE_EOF)
            break;
        if (rc < ARCHIVE_WARN) {
            bad = 1;
            break;
        }
        mode_t ft = archive_entry_filetype(e);
        if (ft == AE_IFCHR || ft == AE_IFBLK || ft == AE_IFIFO || ft == AE_IFSOCK)
            continue;
        /* links leaving the package are not recreated (defence in depth on
         * top of libarchive's checks, which allow a symlink to point out) */
        const char *nm = archive_entry_pathname(e);
        const char *sl = archive_entry_symlink(e);
        const char *hl = archive_entry_hardlink(e);
        if (!nm || (sl && !xv_dist_link_inside(nm, sl, 0)) || (hl && !xv_dist_link_inside(NULL, hl, 1)))
            continue;
        /* owner-only permissions; directories stay traversable for the owner */
        mode_t perm = archive_entry_perm(e) & 0700;
        if (ft == AE_IFDIR)
            perm |= 0700;
        else if (ft == AE_IFREG)
            perm |= 0600;
        archive_entry_set_perm(e, perm);
        archive_entry_set_uid(e, getuid());
        archive_entry_set_gid(e, getgid());
        if (archive_write_header(w, e) < ARCHIVE_WARN)
            continue;   /* refused by the secure flags: skipped */
        if (ft == AE_IFREG && archive_entry_size(e) > 0) {
            const void *buf;
            size_t sz;
            la_int64_t off;
            for (;;) {
                int r = archive_read_data_block(a, &buf, &sz, &off);
                if (r == ARCHIVE_EOF)
                    break;
                if (r < ARCHIVE_OK) {   /* also a CRC mismatch or encryption */
                    bad = 1;
                    break;
                }
                total += sz;
                /* the walker's caps hold here too: a bomb is not unpacked */
                if (total > o->max_total || (total > o->ratio_min && len > 0 &&
                                              total / len >= o->max_ratio)) {
                    bad = 2;
                    break;
                }
                if (archive_write_data_block(w, buf, sz, off) < ARCHIVE_WARN)
                    break;
            }
        }
        archive_write_finish_entry(w);
        if (bad)
            break;
    }
    archive_write_close(w);
    archive_write_free(w);
    archive_read_free(a);
    return bad == 2 ? 6 : bad ? 5 : 0;
}

/* Copies a folder package (regular files, folders, links that stay inside). */
/* Copies the regular file src (opened with O_RDONLY | src_flags) into a new
 * file dst (owner bits of mode, at least rw). 0, or -1 on any failure. */
static int xt_copy_file(const char *src, int src_flags, const char *dst, mode_t mode)
{
    int in = open(src, O_RDONLY | O_CLOEXEC | src_flags);
    int out = open(dst, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, (mode & 0700) | 0600);
    char buf[65536];
    ssize_t k = 0;
    while (in >= 0 && out >= 0 && (k = read(in, buf, sizeof buf)) > 0)
        if (write(out, buf, (size_t)k) != k) {
            k = -1;
            break;
        }
    int rc = in < 0 || out < 0 || k < 0 ? -1 : 0;
    if (in >= 0)
        close(in);
    if (out >= 0)
        close(out);
    return rc;
}

static int xt_copy_tree(const char *src, const char *dst, const char *rel, int depth)
{
    if (depth > XT_MAX_DEPTH)
        return -1;
    DIR *dir = opendir(src);
    if (!dir)
        return -1;
    int rc = 0;
    struct dirent *e;
    while ((e = readdir(dir)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        char s[XT_PATH], t[XT_PATH], r[XT_PATH];
        if (snprintf(s, sizeof s, "%s/%s", src, e->d_name) >= (int)sizeof s ||
            snprintf(t, sizeof t, "%s/%s", dst, e->d_name) >= (int)sizeof t ||
            snprintf(r, sizeof r, "%s%s%s", rel, *rel ? "/" : "", e->d_name) >= (int)sizeof r) {
            rc = -1;
            continue;
        }
        struct stat st;
        if (lstat(s, &st) != 0)
            continue;
        if (S_ISDIR(st.st_mode)) {
            if (mkdir(t, 0700) != 0 || xt_copy_tree(s, t, r, depth + 1) != 0)
                rc = -1;
        } else if (S_ISLNK(st.st_mode)) {
            char tgt[XT_PATH];
            ssize_t k = readlink(s, tgt, sizeof tgt - 1);
            if (k < 0)
                continue;
            tgt[k] = '\0';
            /* A link that cannot be made is left out, as one pointing
             * outside the tree is. */
            if (xv_dist_link_inside(r, tgt, 0) && symlink(tgt, t) != 0)
                continue;
        } else if (S_ISREG(st.st_mode)) {
            if (xt_copy_file(s, O_NOFOLLOW, t, st.st_mode))
                rc = -1;
        }
    }
    closedir(dir);
    return rc;
}

/* Extracts into `dir` from this thread's own working directory (see the
 * top of the file). 0, or xt_extract_archive's code; 3 when the private
 * context cannot be made or the way back is lost. */
static int xt_extract_in(const char *dir, const void *data, size_t len, const xv_dist_opts *o)
{
    int back = open(".", O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (back < 0)
        return 3;
    if (unshare(CLONE_FS) != 0) {
        close(back);
        return 3;
    }
    mode_t old = umask(077);
    int rc = chdir(dir) != 0 ? 2 : xt_extract_archive(data, len, o);
    umask(old);
    if (fchdir(back) != 0 && rc == 0)
        rc = 3;
    close(back);
    return rc;
}

xv_status xv_dist_extract(const xv_dist *d, size_t pkg, const char *parent, char **dir_out)
{
    if (!dir_out)
        return XV_EUSAGE;
    *dir_out = NULL;
    if (!d || pkg >= d->npkgs)
        return XV_EUSAGE;
    if (!parent || !*parent) {
        parent = getenv("TMPDIR");
        if (!parent || !*parent)
            parent = "/tmp";
    }
    char tmpl[XT_PATH];
    if (snprintf(tmpl, sizeof tmpl, "%s/xverify-extract.XXXXXX", parent) >= (int)sizeof tmpl)
        return XV_EUSAGE;
    if (!mkdtemp(tmpl))
        return XV_EIO;
    chmod(tmpl, 0700);
    char *dir = realpath(tmpl, NULL);
    if (!dir) {
        rmdir(tmpl);
        return XV_ENOMEM;
    }
    const xv_package *p = &d->pkgs[pkg];
    xv_status st = XV_OK;
    if (p->kind == XV_PKG_DIR) {
        if (xt_copy_tree(d->srcs[pkg].fspath, dir, "", 0) != 0)
            st = XV_EIO;
    } else if (p->kind == XV_PKG_FILE) {
        struct stat sst;
        const char *src = d->srcs[pkg].fspath;
        /* a link found by the walk is not followed; a typed input path is */
        int is_link = p->count == 1 && d->arts[p->first].type == XV_ENTRY_SYMLINK;
        if (!src || stat(src, &sst) != 0) {
            st = XV_EIO;
        } else if (!is_link && S_ISREG(sst.st_mode)) {
            char t[XT_PATH];
            snprintf(t, sizeof t, "%s/%s", dir, p->name);
            if (xt_copy_file(src, 0, t, sst.st_mode))
                st = XV_EIO;
        }
    } else {
        void *data;
        size_t len;
        int mapped;
        if (xv_dist_package_bytes(d, pkg, &data, &len, &mapped) != 0) {
            st = XV_EIO;
        } else {
            int rc = xt_extract_in(dir, data, len, &d->opts);
            st = rc == 0 ? XV_OK : rc == 5 ? XV_EFORMAT : rc == 6 ? XV_ENOMEM : XV_EIO;
            xv_dist_bytes_free(data, len, mapped);
        }
    }
    if (st != XV_OK) {
        xv_extract_remove(dir);
        free(dir);
        return st;
    }
    *dir_out = dir;
    return st;
}
