/* Platforms from names: Go GOOS_GOARCH / goreleaser, Rust triples, wheel
 * tags, npm os-arch[-libc], Debian/RPM arch suffixes, NuGet RIDs, folder
 * names. A name is split into lower-case tokens on - _ . + and spaces (with
 * "x86_64"/"x86-64" kept as one token), so tokens only match whole words:
 * "armadillo" or "linuxdoc" never read as arm or linux. An OS token and an arch
 * token must sit within a few tokens of each other with only filler words
 * ("unknown", "pc", "apple", version numbers, libc names) between them. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xverify/dist.h"

#define PF_MAX_TOKENS 48
#define PF_TOKLEN 32

typedef struct pf_tok {
    char s[PF_TOKLEN];
    size_t off, len;     /* in the original name */
} pf_tok;

typedef struct pf_arch {
    const char *tok;
    const char *arch;    /* canonical binary arch name */
} pf_arch;

static const pf_arch pf_arches[] = {
    {"x86_64", "x86_64"}, {"amd64", "x86_64"}, {"x64", "x86_64"}, {"x86-64", "x86_64"},
    {"aarch64", "aarch64"}, {"arm64", "aarch64"},
    {"i386", "i386"}, {"i486", "i386"}, {"i586", "i386"}, {"i686", "i386"}, {"386", "i386"},
    {"x86", "i386"}, {"ia32", "i386"},
    {"arm", "arm"}, {"armv6", "arm"}, {"armv6l", "arm"}, {"armv7", "arm"}, {"armv7l", "arm"},
    {"armv7a", "arm"}, {"armhf", "arm"}, {"armel", "arm"}, {"armv6hf", "arm"},
    {"armv5te", "arm"}, {"armv7hl", "arm"}, {"armv7hf", "arm"}, {"thumbv7neon", "arm"},
    {"arm64e", "aarch64"}, {"arm64ec", "aarch64"},
    {"riscv64", "riscv64"}, {"riscv64gc", "riscv64"},
    {"ppc64le", "ppc64le"}, {"powerpc64le", "ppc64le"}, {"ppc64el", "ppc64le"},
    {"s390x", "s390x"},
    {"loong64", "loongarch64"}, {"loongarch64", "loongarch64"},
    {"universal", "universal"}, {"universal2", "universal"},
};

static const char *pf_arch_of(const char *t, xv_os os)
{
    for (size_t i = 0; i < sizeof pf_arches / sizeof pf_arches[0]; i++)
        if (strcmp(t, pf_arches[i].tok) == 0)
            return pf_arches[i].arch;
    /* goreleaser's universal binaries: app_Darwin_all */
    if (os == XV_OS_MACOS && strcmp(t, "all") == 0)
        return "universal";
    return NULL;
}

static const char *pf_goarch(const char *arch)
{
    static const char *const map[][2] = {
        {"x86_64", "amd64"}, {"aarch64", "arm64"}, {"i386", "386"}, {"arm", "arm"},
        {"riscv64", "riscv64"}, {"ppc64le", "ppc64le"}, {"s390x", "s390x"},
        {"loongarch64", "loong64"}, {"universal", "universal"},
    };
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (strcmp(arch, map[i][0]) == 0)
            return map[i][1];
    return arch;
}

/* An OS token: returns the OS and sets *libc / *implied_arch for tokens that
 * state them (manylinux -> glibc, win32 alone -> i386). */
static xv_os pf_os_of(const char *t, xv_libc *libc, const char **implied_arch)
{
    *libc = XV_LIBC_UNKNOWN;
    *implied_arch = NULL;
    if (strcmp(t, "linux") == 0)
        return XV_OS_LINUX;
    if (strncmp(t, "manylinux", 9) == 0) {
        *libc = XV_LIBC_GLIBC;
        return XV_OS_LINUX;
    }
    /* musllinux (wheel tags), linuxmusl (sharp, node-pre-gyp), alpine */
    if (strcmp(t, "musllinux") == 0 || strcmp(t, "linuxmusl") == 0 ||
        strcmp(t, "alpine") == 0) {
        *libc = XV_LIBC_MUSL;
        return XV_OS_LINUX;
    }
    if (strcmp(t, "linuxglibc") == 0 || strcmp(t, "linuxgnu") == 0) {
        *libc = XV_LIBC_GLIBC;
        return XV_OS_LINUX;
    }
    if (strcmp(t, "darwin") == 0 || strcmp(t, "macos") == 0 || strcmp(t, "osx") == 0 ||
        strcmp(t, "macosx") == 0)
        return XV_OS_MACOS;
    if (strcmp(t, "windows") == 0 || strcmp(t, "win") == 0 || strcmp(t, "win64") == 0)
        return XV_OS_WINDOWS;
    if (strcmp(t, "win32") == 0) {
        *implied_arch = "i386";   /* wheel tag win32; npm's win32 names an arch next to it */
        return XV_OS_WINDOWS;
    }
    if (strcmp(t, "mingw32") == 0 || strcmp(t, "mingw64") == 0 || strcmp(t, "mingw") == 0) {
        *libc = XV_LIBC_MSVCRT;
        return XV_OS_WINDOWS;
    }
    if (strcmp(t, "freebsd") == 0)
        return XV_OS_FREEBSD;
    if (strcmp(t, "netbsd") == 0)
        return XV_OS_NETBSD;
    if (strcmp(t, "openbsd") == 0)
        return XV_OS_OPENBSD;
    /* Node's process.platform says sunos for Solaris and illumos */
    if (strcmp(t, "sunos") == 0 || strcmp(t, "solaris") == 0 || strcmp(t, "illumos") == 0)
        return XV_OS_SOLARIS;
    if (strcmp(t, "android") == 0 || strcmp(t, "androideabi") == 0) {
        *libc = XV_LIBC_BIONIC;
        return XV_OS_ANDROID;
    }
    return XV_OS_UNKNOWN;
}

static int pf_is_digits(const char *t)
{
    if (!*t)
        return 0;
    for (; *t; t++)
        if (!isdigit((unsigned char)*t))
            return 0;
    return 1;
}

/* Words allowed between an OS and an arch token. */
static int pf_is_filler(const char *t)
{
    static const char *const fill[] = {
        "unknown", "pc", "apple", "gnu", "musl", "msvc", "gnueabihf", "gnueabi",
        "musleabihf", "musleabi", "eabihf", "w64", "alpine", "none", "gnux32", "elf",
        "glibc", "android", "androideabi", "gnuabi64", "gnuabin32", "gnuspe", "gnullvm", "sse2",
        "softfloat", "hardfloat",
    };
    if (pf_is_digits(t))
        return 1;
    for (size_t i = 0; i < sizeof fill / sizeof fill[0]; i++)
        if (strcmp(t, fill[i]) == 0)
            return 1;
    return 0;
}

static xv_libc pf_libc_of(const char *t, xv_os os)
{
    if (strncmp(t, "musl", 4) == 0 || strcmp(t, "alpine") == 0)
        return XV_LIBC_MUSL;
    if (strncmp(t, "gnu", 3) == 0 || strcmp(t, "glibc") == 0)
        return os == XV_OS_WINDOWS ? XV_LIBC_MSVCRT : XV_LIBC_GLIBC;
    if (strcmp(t, "msvc") == 0)
        return XV_LIBC_UCRT;
    return XV_LIBC_UNKNOWN;
}

static size_t pf_tokenize(const char *name, size_t nlen, pf_tok *toks)
{
    size_t n = 0, i = 0;
    while (i < nlen && n < PF_MAX_TOKENS) {
        while (i < nlen && (name[i] == '-' || name[i] == '_' || name[i] == '.' ||
                            name[i] == '+' || name[i] == ' ' || name[i] == '@' ||
                            name[i] == '~' || name[i] == ','))
            i++;
        if (i >= nlen)
            break;
        size_t st = i;
        while (i < nlen && !(name[i] == '-' || name[i] == '_' || name[i] == '.' ||
                             name[i] == '+' || name[i] == ' ' || name[i] == '@' ||
                             name[i] == '~' || name[i] == ','))
            i++;
        /* x86_64 / x86-64 are one word */
        if (i - st == 3 && strncasecmp(name + st, "x86", 3) == 0 && i + 3 <= nlen &&
            (name[i] == '_' || name[i] == '-') && name[i + 1] == '6' && name[i + 2] == '4' &&
            (i + 3 == nlen || !isalnum((unsigned char)name[i + 3])))
            i += 3;
        pf_tok *t = &toks[n];
        size_t len = i - st;
        t->off = st;
        t->len = len;
        if (len >= PF_TOKLEN)
            len = PF_TOKLEN - 1;   /* long words never match a platform word */
        for (size_t k = 0; k < len; k++)
            t->s[k] = (char)tolower((unsigned char)name[st + k]);
        t->s[len] = '\0';
        if (strcmp(t->s, "x86-64") == 0)
            strcpy(t->s, "x86_64");
        n++;
    }
    return n;
}

static const char *pf_os_id(xv_os os)
{
    switch (os) {
    case XV_OS_LINUX: return "linux";
    case XV_OS_MACOS: return "darwin";
    case XV_OS_WINDOWS: return "windows";
    case XV_OS_FREEBSD: return "freebsd";
    case XV_OS_NETBSD: return "netbsd";
    case XV_OS_OPENBSD: return "openbsd";
    case XV_OS_SOLARIS: return "solaris";
    case XV_OS_ANDROID: return "android";
    default: return "";
    }
}

static void pf_finish(xv_platform *p, const char *name, size_t off, size_t end)
{
    if (p->arch)
        snprintf(p->id, sizeof p->id, "%s_%s%s", pf_os_id(p->os), pf_goarch(p->arch),
                 p->os == XV_OS_LINUX && p->libc == XV_LIBC_MUSL ? "_musl" : "");
    else
        snprintf(p->id, sizeof p->id, "%s", pf_os_id(p->os));
    size_t len = end > off ? end - off : 0;
    if (len >= sizeof p->token)
        len = sizeof p->token - 1;
    memcpy(p->token, name + off, len);
    p->token[len] = '\0';
}

static int pf_small(const char *t, unsigned *v)
{
    if (!pf_is_digits(t) || strlen(t) > 4)
        return 0;
    *v = (unsigned)atoi(t);
    return 1;
}

/* Floors from wheel tags: manylinux_2_28, manylinux2014, musllinux_1_2,
 * macosx_11_0. */
static void pf_floor(const pf_tok *toks, size_t n, size_t o, xv_platform *p)
{
    const char *t = toks[o].s;
    unsigned a, b;
    if (strcmp(t, "manylinux2014") == 0) {
        p->floor.major = 2; p->floor.minor = 17;
    } else if (strcmp(t, "manylinux2010") == 0) {
        p->floor.major = 2; p->floor.minor = 12;
    } else if (strcmp(t, "manylinux1") == 0) {
        p->floor.major = 2; p->floor.minor = 5;
    } else if ((strcmp(t, "manylinux") == 0 || strcmp(t, "musllinux") == 0 ||
                strcmp(t, "macosx") == 0) &&
               o + 2 < n && pf_small(toks[o + 1].s, &a) && pf_small(toks[o + 2].s, &b) &&
               a < 65536 && b < 256) {
        p->floor.major = (uint16_t)a;
        p->floor.minor = (uint8_t)b;
    }
}

/* Tries one name (no '/'). */
static int pf_match_one(const char *name, size_t nlen, xv_platform *p)
{
    pf_tok toks[PF_MAX_TOKENS];
    size_t n = pf_tokenize(name, nlen, toks);
    memset(p, 0, sizeof *p);

    for (size_t o = 0; o < n; o++) {
        xv_libc libc;
        const char *implied;
        xv_os os = pf_os_of(toks[o].s, &libc, &implied);
        if (os == XV_OS_UNKNOWN)
            continue;
        /* Rust's Android targets: aarch64-linux-android, armv7-linux-androideabi */
        if (os == XV_OS_LINUX && o + 1 < n && strncmp(toks[o + 1].s, "android", 7) == 0) {
            os = XV_OS_ANDROID;
            libc = XV_LIBC_BIONIC;
        }
        /* nearest arch token reachable through filler words, after then before */
        size_t best = n;
        const char *arch = NULL;
        for (size_t j = o + 1; j < n && j <= o + 4; j++) {
            const char *a = pf_arch_of(toks[j].s, os);
            if (a) { best = j; arch = a; break; }
            if (!pf_is_filler(toks[j].s))
                break;
        }
        if (!arch) {
            for (size_t j = o; j-- > 0 && j + 4 >= o;) {
                const char *a = pf_arch_of(toks[j].s, os);
                if (a) { best = j; arch = a; break; }
                if (!pf_is_filler(toks[j].s))
                    break;
            }
        }
        if (!arch && implied)
            arch = implied;
        /* prebuildify's macOS fat builds: darwin-x64+arm64 */
        if (os == XV_OS_MACOS && arch && best > o && best + 1 < n &&
            toks[best + 1].off > 0 && name[toks[best + 1].off - 1] == '+' &&
            pf_arch_of(toks[best + 1].s, os)) {
            arch = "universal";
            best++;
        }
        p->os = os;
        p->arch = arch;
        p->libc = libc;
        size_t lo = o, hi = o;
        if (best < n) {
            lo = best < o ? best : o;
            hi = best > o ? best : o;
        }
        /* libc words between or right after: linux-x64-musl, linux-gnu */
        for (size_t j = lo; j <= hi + 1 && j < n; j++) {
            xv_libc l = pf_libc_of(toks[j].s, os);
            if (l != XV_LIBC_UNKNOWN && p->libc == XV_LIBC_UNKNOWN) {
                p->libc = l;
                if (j > hi)
                    hi = j;
            }
        }
        if (os == XV_OS_LINUX && arch && strcmp(arch, "arm") == 0 && p->libc == XV_LIBC_UNKNOWN &&
            best < n && (strcmp(toks[best].s, "armhf") == 0 || strcmp(toks[best].s, "armel") == 0))
            p->libc = XV_LIBC_GLIBC;
        pf_floor(toks, n, o, p);
        pf_finish(p, name, toks[lo].off, toks[hi].off + toks[hi].len);
        return 1;
    }

    /* Debian and RPM: the arch is the word before the extension. */
    if (n >= 2 && (strcmp(toks[n - 1].s, "deb") == 0 || strcmp(toks[n - 1].s, "udeb") == 0 ||
                   strcmp(toks[n - 1].s, "rpm") == 0)) {
        const char *a = pf_arch_of(toks[n - 2].s, XV_OS_LINUX);
        if (a && strcmp(a, "universal") != 0) {
            p->os = XV_OS_LINUX;
            p->arch = a;
            p->libc = XV_LIBC_GLIBC;
            pf_finish(p, name, toks[n - 2].off, toks[n - 2].off + toks[n - 2].len);
            return 1;
        }
    }
    memset(p, 0, sizeof *p);
    return 0;
}

/* prebuildify puts the libc in the file name under the platform folder
 * (prebuilds/linux-x64/node.napi.musl.node): a Linux platform without a libc
 * takes one from a whole "musl"/"glibc" word after the folder. */
static void pf_libc_after(xv_platform *p, const char *rest)
{
    if (p->os != XV_OS_LINUX || p->libc != XV_LIBC_UNKNOWN || !*rest)
        return;
    pf_tok toks[PF_MAX_TOKENS];
    size_t n = pf_tokenize(rest, strlen(rest), toks);
    for (size_t i = 0; i < n; i++) {
        if (strcmp(toks[i].s, "musl") == 0)
            p->libc = XV_LIBC_MUSL;
        else if (strcmp(toks[i].s, "glibc") == 0)
            p->libc = XV_LIBC_GLIBC;
        else
            continue;
        if (p->arch)
            snprintf(p->id, sizeof p->id, "%s_%s%s", pf_os_id(p->os), pf_goarch(p->arch),
                     p->libc == XV_LIBC_MUSL ? "_musl" : "");
        return;
    }
}

int xv_platform_from_name(const char *name, xv_platform *p)
{
    xv_platform tmp;
    if (!p)
        p = &tmp;
    memset(p, 0, sizeof *p);
    if (!name)
        return 0;
    /* components from the last to the first; "a.tar.gz!" loses its '!' */
    size_t end = strlen(name);
    while (end > 0) {
        while (end > 0 && (name[end - 1] == '/' || name[end - 1] == '!'))
            end--;
        size_t st = end;
        while (st > 0 && name[st - 1] != '/')
            st--;
        if (end > st && pf_match_one(name + st, end - st, p)) {
            /* token offsets were relative to the component */
            pf_libc_after(p, name + end);
            return 1;
        }
        end = st;
    }
    memset(p, 0, sizeof *p);
    return 0;
}

int xv_platform_parse(const char *id, xv_platform *p)
{
    xv_platform tmp;
    if (!p)
        p = &tmp;
    memset(p, 0, sizeof *p);
    if (!id || !*id || strchr(id, '/'))
        return 0;
    if (!pf_match_one(id, strlen(id), p) || !p->arch) {
        memset(p, 0, sizeof *p);
        return 0;
    }
    p->token[0] = '\0';
    return 1;
}
