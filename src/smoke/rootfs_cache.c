/* The root filesystem cache (include/xverify/rootfs.h): build with
 * mmdebstrap/debootstrap from the mirror apt already uses, or unpack a
 * tarball with libarchive's secure flags; list; remove. */
/* Paths longer than PATH_MAX-ish buffers are cut in messages only; the
 * paths that are used are length-checked where they are made. */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wformat-truncation"
#endif

#include "dist/arformats.h"
#include "xverify/rootfs.h"
#include "xverify/binary.h"

#include <archive.h>
#include <archive_entry.h>
#include <cjson/cJSON.h>
#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "smoke/image.h"
#include "smoke/proc.h"
#include "smoke/runner.h"

#define RF_MAX_ENTRIES 4096
/* What a foreign (extract-only) tree holds: the loader, C and C++ runtimes,
 * zlib and a shell for commands. */
#define FOREIGN_INCLUDE "--include=libc6,libgcc-s1,libstdc++6,zlib1g,dash,coreutils"

const char *xv_rootfs_cache_dir(const char *cache_dir, char *buf, size_t buflen)
{
    int n;
    const char *x = getenv("XDG_CACHE_HOME");
    const char *h = getenv("HOME");
    if (cache_dir && cache_dir[0])
        n = snprintf(buf, buflen, "%s", cache_dir);
    else if (x && x[0] == '/')
        n = snprintf(buf, buflen, "%s/xverify", x);
    else
        n = snprintf(buf, buflen, "%s/.cache/xverify", h && h[0] ? h : "/tmp");
    return n > 0 && (size_t)n < buflen ? buf : NULL;
}

const char *xv_rootfs_debian_arch(const char *a)
{
    if (!a)
        return NULL;
    static const char *const map[][2] = {
        {"x86_64", "amd64"}, {"amd64", "amd64"}, {"aarch64", "arm64"}, {"arm64", "arm64"},
        {"arm", "armhf"}, {"armhf", "armhf"}, {"armel", "armel"}, {"i386", "i386"},
        {"i686", "i386"}, {"riscv64", "riscv64"}, {"ppc64le", "ppc64el"},
        {"ppc64el", "ppc64el"}, {"s390x", "s390x"}, {"mips64el", "mips64el"},
    };
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (strcmp(map[i][0], a) == 0)
            return map[i][1];
    return NULL;
}

const char *xv_rootfs_host_arch(void)
{
    struct utsname u;
    if (uname(&u) != 0)
        return "amd64";
    const char *d = xv_rootfs_debian_arch(u.machine);
    if (!d && strncmp(u.machine, "armv", 4) == 0)
        d = "armhf";
    return d ? d : "amd64";
}

static void make_id(const char *name, const char *arch, char *id, size_t idlen)
{
    size_t o = 0;
    for (const char *s = name; *s && o + 1 < idlen; s++) {
        char c = *s;
        int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                 c == '.' || c == '-';
        id[o++] = ok ? c : '_';
    }
    id[o] = '\0';
    size_t used = strlen(id);
    snprintf(id + used, idlen - used, "_%s", arch);
}

static int valid_name(const char *name)
{
    size_t n = strlen(name);
    if (n == 0 || n > 100 || name[0] == '.' || name[0] == '-')
        return 0;
    for (const char *s = name; *s; s++)
        if (*s == '/' || *s == '\\' || (unsigned char)*s < 0x20)
            return 0;
    return 1;
}

static int valid_arch(const char *a)
{
    if (!a[0] || strlen(a) > 20)
        return 0;
    for (const char *s = a; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9')))
            return 0;
    return 1;
}

static int rm_cb(const char *p, const struct stat *sb, int flag, struct FTW *f)
{
    (void)sb;
    (void)f;
    if (flag == FTW_DP)
        return rmdir(p) != 0 && errno != ENOENT ? -1 : 0;
    return unlink(p) != 0 && errno != ENOENT ? -1 : 0;
}

static int rm_tree(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return errno == ENOENT ? 0 : -1;
    return nftw(path, rm_cb, 32, FTW_DEPTH | FTW_PHYS);
}

static int mkdirs(const char *path)
{
    char tmp[4096];
    if (snprintf(tmp, sizeof tmp, "%s", path) >= (int)sizeof tmp)
        return -1;
    for (char *p = tmp + 1; *p; p++) {
        if (*p == '/') {
            *p = '\0';
            if (mkdir(tmp, 0755) != 0 && errno != EEXIST)
                return -1;
            *p = '/';
        }
    }
    return mkdir(tmp, 0755) != 0 && errno != EEXIST ? -1 : 0;
}

static void read_info(const char *path, xv_rootfs_info *info)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return;
    char line[1024];
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = '\0';
        char *eq = strchr(line, '=');
        if (!eq)
            continue;
        *eq = '\0';
        const char *v = eq + 1;
        if (!strcmp(line, "name"))
            snprintf(info->name, sizeof info->name, "%s", v);
        else if (!strcmp(line, "arch"))
            snprintf(info->arch, sizeof info->arch, "%s", v);
        else if (!strcmp(line, "source"))
            snprintf(info->source, sizeof info->source, "%s", v);
        else if (!strcmp(line, "created"))
            snprintf(info->created, sizeof info->created, "%s", v);
    }
    fclose(f);
}

static int load_entry(const char *cache, const char *id, xv_rootfs_info *info)
{
    char p[4096];
    struct stat st;
    memset(info, 0, sizeof *info);
    snprintf(info->id, sizeof info->id, "%s", id);
    if (snprintf(p, sizeof p, "%s/rootfs/%s/root", cache, id) >= (int)sizeof p)
        return 0;
    if (stat(p, &st) != 0 || !S_ISDIR(st.st_mode))
        return 0;
    snprintf(info->root, sizeof info->root, "%s", p);
    snprintf(p, sizeof p, "%s/rootfs/%s/info", cache, id);
    read_info(p, info);
    if (!info->name[0])
        snprintf(info->name, sizeof info->name, "%s", id);
    return 1;
}

static int cmp_info(const void *a, const void *b)
{
    return strcmp(((const xv_rootfs_info *)a)->id, ((const xv_rootfs_info *)b)->id);
}

xv_status xv_rootfs_list(const char *cache_dir, xv_rootfs_info **out, size_t *count,
                         char *err, size_t errlen)
{
    char cache[4096], dir[4200];
    *out = NULL;
    *count = 0;
    if (!xv_rootfs_cache_dir(cache_dir, cache, sizeof cache)) {
        snprintf(err, errlen, "cache folder path too long");
        return XV_EUSAGE;
    }
    snprintf(dir, sizeof dir, "%s/rootfs", cache);
    DIR *d = opendir(dir);
    if (!d)
        return XV_OK;
    size_t cap = 16, n = 0;
    xv_rootfs_info *list = malloc(cap * sizeof *list);
    if (!list) {
        closedir(d);
        return XV_ENOMEM;
    }
    struct dirent *e;
    while ((e = readdir(d)) != NULL && n < RF_MAX_ENTRIES) {
        if (e->d_name[0] == '.')
            continue;
        if (n == cap) {
            xv_rootfs_info *nl = realloc(list, cap * 2 * sizeof *list);
            if (!nl)
                break;
            list = nl;
            cap *= 2;
        }
        if (load_entry(cache, e->d_name, &list[n]))
            n++;
    }
    closedir(d);
    qsort(list, n, sizeof *list, cmp_info);
    *out = list;
    *count = n;
    return XV_OK;
}

void xv_rootfs_list_free(xv_rootfs_info *list)
{
    free(list);
}

int xv_rootfs_find(const char *cache_dir, const char *name, const char *arch,
                   xv_rootfs_info *info)
{
    char cache[4096], id[160];
    if (!name || !xv_rootfs_cache_dir(cache_dir, cache, sizeof cache))
        return 0;
    if (!arch)
        arch = xv_rootfs_host_arch();
    make_id(name, arch, id, sizeof id);
    if (load_entry(cache, id, info))
        return 1;
    /* By id ("debian_bookworm_amd64") as listed. */
    if (valid_name(name) && !strchr(name, ':') && load_entry(cache, name, info))
        return 1;
    return 0;
}

xv_status xv_rootfs_remove(const char *cache_dir, const char *name, const char *arch,
                           char *err, size_t errlen)
{
    xv_rootfs_info *list;
    size_t n;
    char cache[4096];
    xv_status st = xv_rootfs_list(cache_dir, &list, &n, err, errlen);
    if (st != XV_OK)
        return st;
    xv_rootfs_cache_dir(cache_dir, cache, sizeof cache);
    size_t removed = 0;
    for (size_t i = 0; i < n; i++) {
        int hit = strcmp(list[i].id, name) == 0 ||
                  (strcmp(list[i].name, name) == 0 && (!arch || strcmp(list[i].arch, arch) == 0));
        if (!hit)
            continue;
        char p[4400];
        snprintf(p, sizeof p, "%s/rootfs/%s", cache, list[i].id);
        if (rm_tree(p) != 0) {
            snprintf(err, errlen, "cannot remove %s: %s", p, strerror(errno));
            xv_rootfs_list_free(list);
            return XV_EIO;
        }
        removed++;
    }
    xv_rootfs_list_free(list);
    if (!removed) {
        snprintf(err, errlen, "no cached root filesystem named %s%s%s", name,
                 arch ? " for " : "", arch ? arch : "");
        return XV_EUSAGE;
    }
    return XV_OK;
}

/* The Debian mirror apt uses: the first deb822 "URIs:" or one-line "deb URL"
 * entry whose URL does not point at the security archive. */
static void find_mirror(char *buf, size_t len)
{
    const char *env = getenv("XV_DEBIAN_MIRROR");
    if (env && env[0]) {
        snprintf(buf, len, "%s", env);
        return;
    }
    static const char *const files[] = {"/etc/apt/sources.list.d/debian.sources",
                                        "/etc/apt/sources.list"};
    for (size_t i = 0; i < 2; i++) {
        FILE *f = fopen(files[i], "r");
        if (!f)
            continue;
        char line[1024];
        while (fgets(line, sizeof line, f)) {
            char url[512];
            if ((sscanf(line, "URIs: %511s", url) == 1 || sscanf(line, "deb %511s", url) == 1) &&
                !strstr(url, "security") && strstr(url, "://")) {
                snprintf(buf, len, "%s", url);
                fclose(f);
                return;
            }
        }
        fclose(f);
    }
    snprintf(buf, len, "http://deb.debian.org/debian");
}

static void tail_lines(const char *s, char *err, size_t errlen, const char *prefix)
{
    size_t n = strlen(s);
    const char *t = s + (n > 600 ? n - 600 : 0);
    snprintf(err, errlen, "%s%s", prefix, t);
}

/* A member name that stays inside the tree: relative, no ".." component. */
static int safe_member(const char *p)
{
    if (p[0] == '/')
        return 0;
    for (const char *s = p; *s;) {
        size_t n = strcspn(s, "/");
        if (n == 2 && s[0] == '.' && s[1] == '.')
            return 0;
        s += n;
        while (*s == '/')
            s++;
    }
    return 1;
}

/* Unpacks a tarball into dir: names are checked here (relative, no "..")
 * and then prefixed with dir, so libarchive's NOABSOLUTEPATHS cannot be used
 * on the prefixed name; NODOTDOT and SECURE_SYMLINKS (never write through a
 * symlink) still apply. Device nodes are skipped (runners mount their own
 * /dev). The library never chdir()s: the caller's threads share the cwd. */
static xv_status unpack_ex(const char *from, const char *dir, int layer, char *err,
                           size_t errlen);

/* The build command of `rootfs add DISTRO:SUITE`: mmdebstrap (or debootstrap)
 * minbase from the mirror apt uses (Debian) or from XV_UBUNTU_MIRROR, else
 * archive.ubuntu.com / ports.ubuntu.com, with the ubuntu-keyring keyring
 * (Ubuntu). Strings live in *c. */
typedef struct rootfs_cmd {
    char suite[64], mirror[512], archopt[64], keyring[160];
    const char *argv[16];
} rootfs_cmd;

#define UBUNTU_KEYRING "/usr/share/keyrings/ubuntu-archive-keyring.gpg"

static xv_status build_cmd(const char *name, const char *arch, const xv_rootfs_add_opts *opts,
                           const char *root, rootfs_cmd *c, char *source, size_t slen,
                           char *err, size_t errlen)
{
    const char *colon = strchr(name, ':');
    int ubuntu = colon && (size_t)(colon - name) == 6 && strncmp(name, "ubuntu", 6) == 0;
    snprintf(c->suite, sizeof c->suite, "%s", colon + 1);
    const char *um = getenv("XV_UBUNTU_MIRROR");
    if (opts->mirror)
        snprintf(c->mirror, sizeof c->mirror, "%s", opts->mirror);
    else if (ubuntu && um && um[0])
        snprintf(c->mirror, sizeof c->mirror, "%s", um);
    else if (ubuntu)
        snprintf(c->mirror, sizeof c->mirror, "%s",
                 strcmp(arch, "amd64") == 0 || strcmp(arch, "i386") == 0
                     ? "http://archive.ubuntu.com/ubuntu" : "http://ports.ubuntu.com/ubuntu-ports");
    else
        find_mirror(c->mirror, sizeof c->mirror);
    int foreign = strcmp(arch, xv_rootfs_host_arch()) != 0;
    /* A foreign arch cannot run its maintainer scripts without binfmt_misc:
     * extract only (enough for the loader and a smoke command under qemu). */
    const char *variant = foreign ? "--variant=extract" : "--variant=minbase";
    snprintf(c->archopt, sizeof c->archopt, "--architectures=%s", arch);
    snprintf(c->keyring, sizeof c->keyring, "--keyring=%s", UBUNTU_KEYRING);
    size_t k = 0;
    const char **argv = c->argv;
    int dry = opts->dry_run;
    if (ubuntu && !dry && access(UBUNTU_KEYRING, R_OK) != 0) {
        snprintf(err, errlen, "%s: no Ubuntu archive keyring (apt-get install ubuntu-keyring)",
                 UBUNTU_KEYRING);
        return XV_EUSAGE;
    }
    if (dry || xv_smoke_have("mmdebstrap")) {
        argv[k++] = "mmdebstrap";
        argv[k++] = variant;
        argv[k++] = "--mode=root";
        argv[k++] = c->archopt;
        if (ubuntu)
            argv[k++] = c->keyring;
        if (foreign)
            argv[k++] = FOREIGN_INCLUDE;
        argv[k++] = c->suite;
        argv[k++] = root;
        argv[k++] = c->mirror;
        snprintf(source, slen, "mmdebstrap %s %s%s%s%s%s %s %s", variant, c->archopt,
                 ubuntu ? " " : "", ubuntu ? c->keyring : "", foreign ? " " : "",
                 foreign ? FOREIGN_INCLUDE : "", c->suite, c->mirror);
    } else if (!ubuntu && xv_smoke_have("debootstrap")) {
        snprintf(c->archopt, sizeof c->archopt, "--arch=%s", arch);
        argv[k++] = "/usr/sbin/debootstrap";
        argv[k++] = "--variant=minbase";
        argv[k++] = c->archopt;
        if (foreign)
            argv[k++] = "--foreign";
        argv[k++] = c->suite;
        argv[k++] = root;
        argv[k++] = c->mirror;
        snprintf(source, slen, "debootstrap --variant=minbase %s%s %s %s", c->archopt,
                 foreign ? " --foreign" : "", c->suite, c->mirror);
    } else {
        snprintf(err, errlen, "%s is not installed (apt-get install mmdebstrap)",
                 ubuntu ? "mmdebstrap" : "neither mmdebstrap nor debootstrap");
        return XV_EUSAGE;
    }
    argv[k] = NULL;
    return XV_OK;
}


static xv_status unpack(const char *from, const char *dir, char *err, size_t errlen)
{
    return unpack_ex(from, dir, 0, err, errlen);
}

/* An image layer's whiteout (OCI image spec, "Whiteouts"): ".wh.NAME" deletes
 * NAME of the layers below, ".wh..wh..opq" empties its folder. 1 when the
 * entry was a whiteout (applied, not written). */
/* True when no component of dir/rel[0..len) is a symbolic link: a
 * whiteout must not reach through a link a lower layer made (d -> /etc,
 * then d/.wh..wh..opq) and delete host files. */
static int no_link_on_path(const char *dir, const char *rel, size_t len)
{
    char p[8192];
    size_t i = 0;
    while (i < len) {
        size_t j = i;
        while (j < len && rel[j] != '/')
            j++;
        snprintf(p, sizeof p, "%s/%.*s", dir, (int)j, rel);
        struct stat st;
        if (lstat(p, &st) == 0 && S_ISLNK(st.st_mode))
            return 0;
        i = j + 1;
    }
    return 1;
}

static int whiteout(const char *dir, const char *name)
{
    const char *base = strrchr(name, '/');
    size_t plen = base ? (size_t)(base - name) : 0;
    base = base ? base + 1 : name;
    if (strncmp(base, ".wh.", 4) != 0)
        return 0;
    if (!no_link_on_path(dir, name, plen))
        return 1; /* not applied: its folder is a link out of this layer's tree */
    char parent[8192];
    snprintf(parent, sizeof parent, "%s/%.*s", dir, (int)plen, name);
    if (strcmp(base, ".wh..wh..opq") == 0) {
        DIR *d = opendir(parent);
        struct dirent *e;
        while (d && (e = readdir(d))) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            char p[8448];
            snprintf(p, sizeof p, "%s/%s", parent, e->d_name);
            rm_tree(p);
        }
        if (d)
            closedir(d);
    } else if (base[4] && strcmp(base + 4, ".") != 0 && strcmp(base + 4, "..") != 0) {
        char p[8448];
        snprintf(p, sizeof p, "%s/%s", parent, base + 4);
        rm_tree(p);
    }
    return 1;
}

/* A small JSON file of an unpacked image (manifest.json, index.json, a
 * manifest blob), capped at 4 MiB. NULL when absent or invalid. */
static cJSON *read_json(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4u << 20;
    char *buf = malloc(cap);
    size_t n = buf ? fread(buf, 1, cap, f) : 0;
    fclose(f);
    cJSON *j = buf && n < cap ? cJSON_ParseWithLength(buf, n) : NULL;
    free(buf);
    return j;
}

/* A layer path of an image: relative, inside the image ("blobs/sha256/HEX",
 * "HEX/layer.tar", "HEX.tar"). */
static int layer_path(const char *img, const char *rel, char *out, size_t n)
{
    if (!rel || !rel[0] || !safe_member(rel) || strlen(rel) > 512)
        return -1;
    snprintf(out, n, "%s/%s", img, rel);
    return 0;
}


/* The layers of an unpacked `podman save` / `docker save` archive, bottom
 * first: docker-archive (manifest.json: [{"Layers": [...]}]) or an OCI
 * layout (index.json -> manifest blob -> layers[].digest). -1 when `img`
 * is neither (then the archive is a plain root filesystem tarball). */
int xv_image_layers(const char *img, char (*layers)[1024], size_t *nl, char *err,
                    size_t errlen)
{
    char p[4400];
    *nl = 0;
    snprintf(p, sizeof p, "%s/manifest.json", img);
    cJSON *m = read_json(p);
    if (m) {
        const cJSON *first = cJSON_IsArray(m) ? cJSON_GetArrayItem(m, 0) : NULL;
        const cJSON *ls = first ? cJSON_GetObjectItemCaseSensitive(first, "Layers") : NULL;
        const cJSON *it;
        cJSON_ArrayForEach(it, ls) {
            if (*nl >= IMG_MAX_LAYERS || !cJSON_IsString(it) ||
                layer_path(img, it->valuestring, layers[*nl], 1024) != 0) {
                snprintf(err, errlen, "manifest.json: bad or too many layers");
                cJSON_Delete(m);
                return -2;
            }
            (*nl)++;
        }
        cJSON_Delete(m);
        if (*nl)
            return 0;
        snprintf(err, errlen, "manifest.json lists no layers");
        return -2;
    }
    snprintf(p, sizeof p, "%s/index.json", img);
    cJSON *idx = read_json(p);
    if (!idx)
        return -1;
    const cJSON *ms = cJSON_GetObjectItemCaseSensitive(idx, "manifests");
    const cJSON *m0 = cJSON_IsArray(ms) ? cJSON_GetArrayItem(ms, 0) : NULL;
    const cJSON *dg = m0 ? cJSON_GetObjectItemCaseSensitive(m0, "digest") : NULL;
    char blob[1024];
    int rc = -2;
    if (cJSON_IsString(dg) && strncmp(dg->valuestring, "sha256:", 7) == 0) {
        snprintf(blob, sizeof blob, "blobs/sha256/%.128s", dg->valuestring + 7);
        char bp[1024];
        cJSON *man = layer_path(img, blob, bp, sizeof bp) == 0 ? read_json(bp) : NULL;
        const cJSON *ls = man ? cJSON_GetObjectItemCaseSensitive(man, "layers") : NULL;
        const cJSON *it;
        rc = cJSON_IsArray(ls) ? 0 : -2;
        cJSON_ArrayForEach(it, ls) {
            const cJSON *d = cJSON_GetObjectItemCaseSensitive(it, "digest");
            if (*nl >= IMG_MAX_LAYERS || !cJSON_IsString(d) ||
                strncmp(d->valuestring, "sha256:", 7) != 0) {
                rc = -2;
                break;
            }
            snprintf(blob, sizeof blob, "blobs/sha256/%.128s", d->valuestring + 7);
            if (layer_path(img, blob, layers[*nl], 1024) != 0) {
                rc = -2;
                break;
            }
            (*nl)++;
        }
        cJSON_Delete(man);
    }
    cJSON_Delete(idx);
    if (rc != 0)
        snprintf(err, errlen, "index.json: no readable image manifest with layers");
    return rc;
}

/* --from FILE: a plain root filesystem tarball (docker export, minirootfs,
 * mmdebstrap), or an image archive (podman save / docker save, OCI layout
 * or docker-archive) whose layers are applied in order, whiteouts honoured. */
static xv_status unpack_from(const char *from, const char *tmp, const char *root, char *err,
                             size_t errlen)
{
    char img[4400];
    snprintf(img, sizeof img, "%s/image", tmp);
    if (mkdir(img, 0700) != 0) {
        snprintf(err, errlen, "cannot create %s: %s", img, strerror(errno));
        return XV_EIO;
    }
    /* Look first: only an archive with manifest.json or index.json at its
     * top is an image; reading the names costs one pass over the file. */
    struct archive *a = archive_read_new();
    int is_image = 0;
    if (!a)
        return XV_ENOMEM;
    xv_archive_read_filters(a);
    archive_read_support_format_tar(a);
    if (archive_read_open_filename(a, from, 1 << 16) == ARCHIVE_OK) {
        struct archive_entry *e;
        size_t k = 0;
        while (!is_image && k++ < 100000 && archive_read_next_header(a, &e) == ARCHIVE_OK) {
            const char *n = archive_entry_pathname(e);
            while (n && n[0] == '.' && n[1] == '/')
                n += 2;
            if (n && (strcmp(n, "manifest.json") == 0 || strcmp(n, "oci-layout") == 0))
                is_image = 1;
        }
    }
    archive_read_free(a);
    if (!is_image) {
        rm_tree(img);
        return unpack(from, root, err, errlen);
    }
    xv_status st = unpack(from, img, err, errlen);
    if (st != XV_OK)
        return st;
    char (*layers)[1024] = calloc(IMG_MAX_LAYERS, sizeof *layers);
    size_t nl = 0;
    if (!layers)
        return XV_ENOMEM;
    int rc = xv_image_layers(img, layers, &nl, err, errlen);
    if (rc != 0) {
        if (rc == -1)
            snprintf(err, errlen, "%s: an image archive without manifest.json or index.json", from);
        free(layers);
        return XV_EIO;
    }
    /* A layer named by the manifest must be a file of the image itself (a
     * link may point at a sibling blob, never outside the image). */
    char ireal[PATH_MAX], lreal[PATH_MAX];
    if (!realpath(img, ireal)) {
        snprintf(err, errlen, "%s: %s", img, strerror(errno));
        st = XV_EIO;
    }
    for (size_t i = 0; i < nl && st == XV_OK; i++) {
        size_t il = strlen(ireal);
        if (!realpath(layers[i], lreal) || strncmp(lreal, ireal, il) != 0 || lreal[il] != '/') {
            snprintf(err, errlen, "%s: layer %s is missing or outside the image", from,
                     layers[i] + strlen(img) + 1);
            st = XV_EIO;
            break;
        }
        st = unpack_ex(lreal, root, 1, err, errlen);
    }
    free(layers);
    rm_tree(img);
    return st;
}

static xv_status unpack_ex(const char *from, const char *dir, int layer, char *err,
                           size_t errlen)
{
    struct archive *a = archive_read_new();
    struct archive *w = archive_write_disk_new();
    xv_status st = XV_OK;
    if (!a || !w) {
        archive_read_free(a);
        archive_write_free(w);
        return XV_ENOMEM;
    }
    xv_archive_read_filters(a);
    archive_read_support_format_tar(a);
    archive_write_disk_set_options(w, ARCHIVE_EXTRACT_TIME | ARCHIVE_EXTRACT_PERM |
                                      ARCHIVE_EXTRACT_OWNER | ARCHIVE_EXTRACT_SECURE_NODOTDOT |
                                      ARCHIVE_EXTRACT_SECURE_SYMLINKS);
    archive_write_disk_set_standard_lookup(w);
    if (archive_read_open_filename(a, from, 1 << 16) != ARCHIVE_OK) {
        snprintf(err, errlen, "%s: %s", from, archive_error_string(a));
        st = XV_EIO;
        goto out;
    }
    struct archive_entry *e;
    size_t entries = 0;
    int r;
    while ((r = archive_read_next_header(a, &e)) == ARCHIVE_OK) {
        if (++entries > 2000000) {
            snprintf(err, errlen, "%s: too many entries", from);
            st = XV_EIO;
            goto out;
        }
        mode_t type = archive_entry_filetype(e);
        if (type == AE_IFCHR || type == AE_IFBLK)
            continue;
        const char *p0 = archive_entry_pathname(e);
        if (!p0)
            continue;
        char name[4096], full[8192];
        while (p0[0] == '.' && p0[1] == '/')
            p0 += 2;
        if (!p0[0] || strcmp(p0, ".") == 0)
            continue;
        snprintf(name, sizeof name, "%s", p0);
        if (!safe_member(name)) {
            snprintf(err, errlen, "%s: unsafe member name %s", from, name);
            st = XV_EIO;
            goto out;
        }
        if (layer && whiteout(dir, name))
            continue;
        snprintf(full, sizeof full, "%s/%s", dir, name);
        archive_entry_set_pathname(e, full);
        const char *hl = archive_entry_hardlink(e);
        if (hl) {
            char hfull[8192];
            while (hl[0] == '.' && hl[1] == '/')
                hl += 2;
            if (!safe_member(hl)) {
                snprintf(err, errlen, "%s: unsafe hard link target in %s", from, name);
                st = XV_EIO;
                goto out;
            }
            snprintf(hfull, sizeof hfull, "%s/%s", dir, hl);
            archive_entry_set_hardlink(e, hfull);
        }
        r = archive_write_header(w, e);
        if (r < ARCHIVE_WARN) {
            snprintf(err, errlen, "%s: %s: %s", from, name, archive_error_string(w));
            st = XV_EIO;
            goto out;
        }
        if (archive_entry_size(e) > 0) {
            const void *buf;
            size_t size;
            la_int64_t off;
            while ((r = archive_read_data_block(a, &buf, &size, &off)) == ARCHIVE_OK) {
                if (archive_write_data_block(w, buf, size, off) < ARCHIVE_WARN) {
                    snprintf(err, errlen, "%s: %s", from, archive_error_string(w));
                    st = XV_EIO;
                    goto out;
                }
            }
            if (r != ARCHIVE_EOF) {
                snprintf(err, errlen, "%s: %s", from, archive_error_string(a));
                st = XV_EIO;
                goto out;
            }
        }
        archive_write_finish_entry(w);
    }
    if (r != ARCHIVE_EOF) {
        snprintf(err, errlen, "%s: %s", from, archive_error_string(a));
        st = XV_EIO;
    } else if (entries == 0 && !layer) {
        snprintf(err, errlen, "%s: empty archive", from);
        st = XV_EIO;
    }
out:
    archive_read_free(a);
    archive_write_free(w);
    return st;
}

/* Debian arch of an unpacked tree, from the ELF of its shell or busybox. */
static const char *detect_arch(const char *root)
{
    static const char *const cands[] = {"bin/busybox", "usr/bin/busybox", "usr/bin/dash",
                                        "bin/dash", "usr/bin/bash", "bin/bash",
                                        "usr/bin/env", "bin/ls", "usr/bin/ls"};
    for (size_t i = 0; i < sizeof cands / sizeof cands[0]; i++) {
        char p[4400];
        struct stat st;
        snprintf(p, sizeof p, "%s/%s", root, cands[i]);
        if (lstat(p, &st) != 0 || !S_ISREG(st.st_mode))
            continue;
        xv_image *img = NULL;
        xv_read_opts ro = {.no_symbols = 1};
        const char *a = NULL;
        if (xv_image_read_file(p, &ro, &img) == XV_OK && xv_image_count(img) > 0)
            a = xv_rootfs_debian_arch(xv_image_binary(img, 0)->arch);
        xv_image_free(img);
        if (a)
            return a;
    }
    return NULL;
}

xv_status xv_rootfs_add(const char *cache_dir, const char *name, const xv_rootfs_add_opts *opts,
                        int *existed, char *err, size_t errlen)
{
    xv_rootfs_add_opts defaults = {0};
    char cache[4096], id[160], final[4400], tmp[4400], root[4500];
    if (!opts)
        opts = &defaults;
    if (existed)
        *existed = 0;
    err[0] = '\0';
    if (!name || !valid_name(name)) {
        snprintf(err, errlen, "invalid root filesystem name '%s' (want distro:suite, e.g. debian:bookworm)",
                 name ? name : "");
        return XV_EUSAGE;
    }
    const char *arch = opts->arch ? opts->arch : xv_rootfs_host_arch();
    if (!valid_arch(arch)) {
        snprintf(err, errlen, "invalid architecture '%s' (want a Debian arch: amd64, arm64, ...)", arch);
        return XV_EUSAGE;
    }
    const char *colon = strchr(name, ':');
    if (!opts->from && (!colon || colon == name || !colon[1])) {
        snprintf(err, errlen, "'%s': want distro:suite (debian:bookworm), or give --from FILE", name);
        return XV_EUSAGE;
    }
    if (!xv_rootfs_cache_dir(cache_dir, cache, sizeof cache)) {
        snprintf(err, errlen, "cache folder path too long");
        return XV_EUSAGE;
    }
    make_id(name, arch, id, sizeof id);
    snprintf(final, sizeof final, "%s/rootfs/%s", cache, id);
    if (opts->dry_run && !opts->from) {
        /* The command a build would run, into err; nothing is built. */
        rootfs_cmd c;
        char source[512], root0[4400];
        snprintf(root0, sizeof root0, "%s/root", final);
        xv_status ds = build_cmd(name, arch, opts, root0, &c, source, sizeof source, err, errlen);
        if (ds == XV_OK) {
            size_t o = 0;
            for (size_t i = 0; c.argv[i] && o + 1 < errlen; i++)
                o += (size_t)snprintf(err + o, errlen - o, "%s%s", i ? " " : "", c.argv[i]);
        }
        return ds;
    }
    struct stat st;
    if (stat(final, &st) == 0) {
        if (!opts->force) {
            if (existed)
                *existed = 1;
            return XV_OK;
        }
    }
    snprintf(tmp, sizeof tmp, "%s/rootfs/.tmp-%s-%ld", cache, id, (long)getpid());
    snprintf(root, sizeof root, "%s/root", tmp);
    rm_tree(tmp);
    if (mkdirs(tmp) != 0) {
        snprintf(err, errlen, "cannot create %s: %s", tmp, strerror(errno));
        return XV_EIO;
    }

    char source[512];
    xv_status rst = XV_OK;
    if (opts->from) {
        if (mkdir(root, 0755) != 0) {
            snprintf(err, errlen, "cannot create %s: %s", root, strerror(errno));
            rst = XV_EIO;
            goto fail;
        }
        rst = unpack_from(opts->from, tmp, root, err, errlen);
        if (rst != XV_OK)
            goto fail;
        const char *detected = detect_arch(root);
        if (detected && strcmp(detected, arch) != 0) {
            if (opts->arch) {
                snprintf(err, errlen, "%s holds %s binaries, not %s", opts->from, detected, arch);
                rst = XV_EUSAGE;
                goto fail;
            }
            /* No --arch given: file it under the arch it really holds. */
            arch = detected;
            make_id(name, arch, id, sizeof id);
            snprintf(final, sizeof final, "%s/rootfs/%s", cache, id);
            if (stat(final, &st) == 0 && !opts->force) {
                rm_tree(tmp);
                if (existed)
                    *existed = 1;
                return XV_OK;
            }
        }
        snprintf(source, sizeof source, "from %s", opts->from);
    } else {
        rootfs_cmd c;
        rst = build_cmd(name, arch, opts, root, &c, source, sizeof source, err, errlen);
        if (rst != XV_OK)
            goto fail;
        const char *const *argv = c.argv;
        xv_proc_spec spec = {.argv = argv, .timeout = opts->timeout > 0 ? opts->timeout : 1800,
                             .max_output = 64 << 10};
        xv_proc_result res;
        int prc = xv_proc_run(&spec, &res);
        if (prc != 0 || !res.exited || res.exit_code != 0) {
            char pre[200];
            snprintf(pre, sizeof pre, "%s failed (%s): ", argv[0],
                     res.timed_out ? "timeout" : !res.started ? "not started" : "exit status");
            tail_lines(res.err_len ? res.err : res.out, err, errlen, pre);
            xv_proc_result_free(&res);
            rst = XV_EIO;
            goto fail;
        }
        xv_proc_result_free(&res);
    }

    {
        char infop[4500];
        snprintf(infop, sizeof infop, "%s/info", tmp);
        FILE *f = fopen(infop, "w");
        time_t t = time(NULL);
        struct tm tm;
        char when[32];
        gmtime_r(&t, &tm);
        strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
        if (!f || fprintf(f, "name=%s\narch=%s\nsource=%s\ncreated=%s\n", name, arch, source,
                          when) < 0 || fclose(f) != 0) {
            snprintf(err, errlen, "cannot write %s", infop);
            rst = XV_EIO;
            goto fail;
        }
    }
    if (stat(final, &st) == 0 && rm_tree(final) != 0) {
        snprintf(err, errlen, "cannot replace %s: %s", final, strerror(errno));
        rst = XV_EIO;
        goto fail;
    }
    if (rename(tmp, final) != 0) {
        snprintf(err, errlen, "cannot rename %s: %s", tmp, strerror(errno));
        rst = XV_EIO;
        goto fail;
    }
    return XV_OK;
fail:
    rm_tree(tmp);
    return rst;
}
