/* Private: the distro catalogue (matrices/distros/<family>.json, schema in
 * matrices/distros/schema.json): per release its libc and version, the newest
 * GLIBCXX_/CXXABI_ of its libstdc++, the sonames of a minimal and a typical
 * server install and its end of life. Used for matrix promises by name
 * ("distros": ["ubuntu:20.04"]) and for the "runs on" answer. */
#ifndef XV_CONFIG_DISTROS_H
#define XV_CONFIG_DISTROS_H

#include <stddef.h>
#include "xverify/xverify.h"
#include "common/strbuf.h"

typedef struct xv_distro_rel {
    const char *family;        /* "debian" */
    const char *family_name;   /* "Debian" */
    const char *version;       /* "12" */
    const char *codename;      /* "bookworm" or NULL */
    xv_libc libc;
    const char *libc_version;  /* "2.36" / musl "1.2.4" */
    const char *glibcxx, *cxxabi; /* newest of its libstdc++, or NULL */
    const char *eol;           /* "YYYY-MM-DD" */
    const char *const *sonames; /* minimal + server */
    size_t nsonames;
} xv_distro_rel;

typedef struct xv_distro_family {
    const char *id, *name;
    int lts;                   /* "kind": "lts" (Fedora is not) */
    const char *const *aliases; /* rebuild ids that map here (rocky, almalinux) */
    size_t naliases;
    xv_distro_rel *rels;       /* oldest first */
    size_t nrels;
} xv_distro_family;

typedef struct xv_catalog {
    xv_distro_family *fams;    /* sorted by id */
    size_t nfams;
    void *priv;
} xv_catalog;

/* Loads every <data_dir>/distros/<family>.json. -1 with err naming the file
 * and the key when one is malformed (the catalogue is data xverify ships,
 * but a user may point --data-dir at an edited copy). */
int xv_catalog_load(const char *data_dir, xv_catalog **out, char *err, size_t errlen);
/* One family file's text as a catalogue of that family (tests, fuzzing). */
int xv_catalog_parse(const char *text, size_t len, const char *name, xv_catalog **out,
                     char *err, size_t errlen);
void xv_catalog_free(xv_catalog *c);
/* "ubuntu:20.04", "debian:bookworm" (codename), "rocky:9" (rebuild alias).
 * NULL when unknown. */
const xv_distro_rel *xv_catalog_find(const xv_catalog *c, const char *spec);
/* True when some release of the catalogue ships this soname: only such
 * names are judged against promises (libX11 is not catalogued). */
int xv_catalog_knows(const xv_catalog *c, const char *soname);
int xv_distro_has(const xv_distro_rel *r, const char *soname);

/* What a binary (or a platform) needs, for the "runs on" answer. */
typedef struct xv_needs {
    xv_libc libc;              /* GLIBC or MUSL */
    const char *glibc;         /* "2.34" (libc floor: GLIBC_ for glibc) or NULL */
    const char *glibcxx, *cxxabi; /* "3.4.29" or NULL */
    const char *const *libs;   /* catalogued system sonames it needs */
    size_t nlibs;
} xv_needs;

/* True when release r satisfies n. */
int xv_distro_ok(const xv_distro_rel *r, const xv_needs *n);
/* Appends the answer: "glibc >= 2.34, libssl.so.3: Debian 12+, Ubuntu
 * 22.04+, ...; not Alpine (glibc)". Families in catalogue order of
 * display (Debian, Ubuntu, RHEL, Amazon Linux, Fedora, SLES, Alpine). */
void xv_runs_on(const xv_catalog *c, const xv_needs *n, xv_strbuf *out);
/* Number of releases of Debian, Ubuntu LTS and RHEL that satisfy n and whose
 * end of life is on or after today ("YYYY-MM-DD"). */
size_t xv_runs_on_supported(const xv_catalog *c, const xv_needs *n, const char *today);

#endif
