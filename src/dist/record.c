/* A wheel's *.dist-info/RECORD is its checksum list: one CSV line per file,
 * "path,sha256=<urlsafe base64, no padding>,size". Installers (pip) trust
 * it; a line that does not match the bytes means the wheel was changed after
 * it was built. Every listed hash is checked against the file in the wheel,
 * read again from the package bytes with libarchive. */
#include <archive.h>
#include <archive_entry.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "dist/checksums.h"
#include "dist/arformats.h"
#include "dist/dist_internal.h"
#include "dist/meta.h"
#include "dist/record.h"

#define REC_MAX_LINES 200000u
#define REC_CHUNK ((size_t)64 << 10)

static int b64url_val(int c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '-' || c == '+')
        return 62;
    if (c == '_' || c == '/')
        return 63;
    return -1;
}

/* Decodes unpadded (or padded) base64url; returns the byte count or -1. */
static int b64url_decode(const char *s, size_t n, unsigned char *out, size_t cap)
{
    while (n > 0 && s[n - 1] == '=')
        n--;
    size_t o = 0;
    uint32_t acc = 0;
    int bits = 0;
    for (size_t i = 0; i < n; i++) {
        int v = b64url_val((unsigned char)s[i]);
        if (v < 0)
            return -1;
        acc = (acc << 6) | (uint32_t)v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            if (o >= cap)
                return -1;
            out[o++] = (unsigned char)(acc >> bits);
        }
    }
    return (int)o;
}

/* One CSV field starting at *i (quoted with "" escapes, or plain up to the
 * next comma). Copies into out (cap bytes incl. NUL). -1 on a malformed or
 * oversized field. */
static int csv_field(const char *line, size_t len, size_t *i, char *out, size_t cap)
{
    size_t o = 0;
    if (*i < len && line[*i] == '"') {
        (*i)++;
        for (;;) {
            if (*i >= len)
                return -1;
            char c = line[(*i)++];
            if (c == '"') {
                if (*i < len && line[*i] == '"')
                    (*i)++;
                else
                    break;
            }
            if (o + 1 >= cap)
                return -1;
            out[o++] = c;
        }
    } else {
        while (*i < len && line[*i] != ',') {
            if (o + 1 >= cap)
                return -1;
            out[o++] = line[(*i)++];
        }
    }
    out[o] = '\0';
    if (*i < len) {
        if (line[*i] != ',')
            return -1;
        (*i)++;
    }
    return 0;
}

int xv_record_parse_line(const char *line, size_t len, xv_record_line *out)
{
    memset(out, 0, sizeof *out);
    out->size = -1;
    while (len > 0 && (line[len - 1] == '\r' || line[len - 1] == '\n'))
        len--;
    if (len == 0)
        return 0;
    if (memchr(line, '\0', len))
        return -1;
    size_t i = 0;
    char hash[256], size[32];
    if (csv_field(line, len, &i, out->path, sizeof out->path) != 0 || !out->path[0] ||
        csv_field(line, len, &i, hash, sizeof hash) != 0 ||
        csv_field(line, len, &i, size, sizeof size) != 0 || i < len)
        return -1;
    if (size[0]) {
        char *end;
        long long v = strtoll(size, &end, 10);
        if (*end || v < 0)
            return -1;
        out->size = v;
    }
    if (!hash[0])
        return 1;   /* RECORD itself and, by PEP 376, compiled files may be unhashed */
    char *eq = strchr(hash, '=');
    if (!eq || (size_t)(eq - hash) >= sizeof out->algo)
        return -1;
    memcpy(out->algo, hash, (size_t)(eq - hash));
    out->algo[eq - hash] = '\0';
    int n = b64url_decode(eq + 1, strlen(eq + 1), out->digest, sizeof out->digest);
    if (n <= 0)
        return -1;
    out->dlen = (size_t)n;
    return 1;
}

typedef struct rec_ent {
    xv_record_line l;
    size_t lineno;
    int seen;
} rec_ent;

static int cmp_ent(const void *a, const void *b)
{
    return strcmp(((const rec_ent *)a)->l.path, ((const rec_ent *)b)->l.path);
}

static const EVP_MD *md_of(const char *algo)
{
    if (strcmp(algo, "sha256") == 0)
        return EVP_sha256();
    if (strcmp(algo, "sha384") == 0)
        return EVP_sha384();
    if (strcmp(algo, "sha512") == 0)
        return EVP_sha512();
    return NULL;
}

static int is_record_sig(const char *path, const char *record)
{
    size_t n = strlen(record);
    return strncmp(path, record, n) == 0 &&
           (strcmp(path + n, "") == 0 || strcmp(path + n, ".jws") == 0 ||
            strcmp(path + n, ".p7s") == 0);
}

/* Hashes the rest of the current entry with md; *total counts bytes. -1 on
 * a read error or past the cap. */
static int hash_entry(struct archive *a, const EVP_MD *md, unsigned char *buf, uint64_t cap,
                      unsigned char *dig, unsigned *dlen, uint64_t *total)
{
    EVP_MD_CTX *c = EVP_MD_CTX_new();
    int ok = c && EVP_DigestInit_ex(c, md, NULL) == 1;
    for (;;) {
        la_ssize_t k = archive_read_data(a, buf, REC_CHUNK);
        if (k < 0) {
            ok = 0;
            break;
        }
        if (k == 0)
            break;
        *total += (uint64_t)k;
        if (*total > cap) {
            ok = 0;
            break;
        }
        if (ok)
            ok = EVP_DigestUpdate(c, buf, (size_t)k) == 1;
    }
    ok = ok && EVP_DigestFinal_ex(c, dig, dlen) == 1;
    EVP_MD_CTX_free(c);
    return ok ? 0 : -1;
}

static void judge_one(const xv_dist *d, size_t pkg, const char *text, const char *record,
                      xv_sum_emit_fn emit, void *ud)
{
    const xv_package *p = &d->pkgs[pkg];
    char subj[4096], msg[2048];
    snprintf(subj, sizeof subj, "%s!/%s", p->path, record);
    rec_ent *ents = NULL;
    size_t n = 0, cap = 0, lineno = 0, malformed = 0;
    for (const char *s = text; *s;) {
        const char *nl = strchr(s, '\n');
        size_t len = nl ? (size_t)(nl - s) : strlen(s);
        lineno++;
        if (lineno > REC_MAX_LINES)
            break;
        rec_ent e;
        memset(&e, 0, sizeof e);
        int rc = xv_record_parse_line(s, len, &e.l);
        if (rc < 0) {
            if (malformed++ < 5) {
                snprintf(msg, sizeof msg, "%s line %zu is not \"path,algo=digest,size\"", record,
                         lineno);
                emit(ud, XV_WARN, subj, p->path, "rebuild the wheel (python -m build)", msg);
            }
        } else if (rc == 1) {
            if (xv_dist_grow((void **)&ents, &cap, n, sizeof *ents, REC_MAX_LINES) != 0)
                break;
            e.lineno = lineno;
            ents[n++] = e;
        }
        s = nl ? nl + 1 : s + len;
    }
    if (n)
        qsort(ents, n, sizeof *ents, cmp_ent);

    void *data = NULL;
    size_t dlen = 0;
    int mapped = 0;
    unsigned char *buf = malloc(REC_CHUNK);
    if (!buf || xv_dist_package_bytes(d, pkg, &data, &dlen, &mapped) != 0) {
        emit(ud, XV_ERROR, subj, p->path, NULL, "cannot read the wheel again to check its RECORD");
        free(buf);
        free(ents);
        return;
    }
    struct archive *a = archive_read_new();
    xv_archive_read_formats(a);
    size_t nbad = 0, nok = 0, nunlisted = 0;
    uint64_t total = 0;
    int broken = archive_read_open_memory(a, data, dlen) != ARCHIVE_OK;
    struct archive_entry *e;
    while (!broken) {
        int rc = archive_read_next_header(a, &e);
        if (rc == ARCHIVE_EOF)
            break;
        if (rc < ARCHIVE_WARN) {
            broken = 1;
            break;
        }
        if (archive_entry_filetype(e) != AE_IFREG)
            continue;
        const char *name = archive_entry_pathname(e);
        if (!name)
            continue;
        while (name[0] == '.' && name[1] == '/')
            name += 2;
        rec_ent key;
        snprintf(key.l.path, sizeof key.l.path, "%s", name);
        rec_ent *hit = n ? bsearch(&key, ents, n, sizeof *ents, cmp_ent) : NULL;
        snprintf(subj, sizeof subj, "%s!/%s", p->path, name);
        if (!hit) {
            if (!is_record_sig(name, record) && nunlisted++ < 20) {
                snprintf(msg, sizeof msg, "%s is in the wheel but not listed in %s", name, record);
                emit(ud, XV_WARN, subj, p->path, "rebuild the wheel so RECORD lists every file",
                     msg);
            }
            continue;
        }
        hit->seen = 1;
        if (!hit->l.algo[0])
            continue;
        const EVP_MD *md = md_of(hit->l.algo);
        if (!md) {
            snprintf(msg, sizeof msg, "%s lists %s with %s, not sha256 or stronger", record, name,
                     hit->l.algo);
            emit(ud, XV_WARN, subj, p->path, "rebuild the wheel with a current build backend", msg);
            continue;
        }
        unsigned char dig[EVP_MAX_MD_SIZE];
        unsigned dl = 0;
        uint64_t before = total;
        if (hash_entry(a, md, buf, d->opts.max_total, dig, &dl, &total) != 0) {
            broken = 1;
            break;
        }
        if (dl != hit->l.dlen || memcmp(dig, hit->l.digest, dl) != 0) {
            nbad++;
            snprintf(msg, sizeof msg, "%s hash of %s does not match %s (line %zu)", hit->l.algo,
                     name, record, hit->lineno);
            emit(ud, XV_FAIL, subj, p->path,
                 "the file changed after the wheel was built: rebuild it rather than editing it", msg);
        } else if (hit->l.size >= 0 && (uint64_t)hit->l.size != total - before) {
            nbad++;
            snprintf(msg, sizeof msg, "%s is %llu bytes, %s says %lld (line %zu)", name,
                     (unsigned long long)(total - before), record, hit->l.size, hit->lineno);
            emit(ud, XV_FAIL, subj, p->path,
                 "the file changed after the wheel was built: rebuild it rather than editing it", msg);
        } else {
            nok++;
        }
    }
    snprintf(subj, sizeof subj, "%s!/%s", p->path, record);
    if (broken)
        emit(ud, XV_ERROR, subj, p->path, NULL,
             "the wheel could not be read to the end: RECORD not fully checked");
    for (size_t i = 0; i < n && !broken; i++) {
        if (ents[i].seen)
            continue;
        nbad++;
        char s2[4096];
        snprintf(s2, sizeof s2, "%s!/%s", p->path, ents[i].l.path);
        snprintf(msg, sizeof msg, "%s lists %s (line %zu), which is not in the wheel", record,
                 ents[i].l.path, ents[i].lineno);
        emit(ud, XV_FAIL, s2, p->path, "rebuild the wheel so RECORD matches its files", msg);
    }
    if (!broken && !nbad) {
        snprintf(msg, sizeof msg, "%zu file%s match%s %s", nok, nok == 1 ? "" : "s",
                 nok == 1 ? "es" : "", record);
        emit(ud, XV_PASS, subj, p->path, NULL, msg);
    }
    archive_read_free(a);
    xv_dist_bytes_free(data, dlen, mapped);
    free(buf);
    free(ents);
}

void xv_record_judge(const xv_dist *d, xv_sum_emit_fn emit, void *ud)
{
    for (size_t i = 0; i < d->npkgs; i++) {
        const char *member = NULL;
        const char *text = xv_meta_record(d, i, &member);
        if (text && member)
            judge_one(d, i, text, member, emit, ud);
    }
}
