/* Shared definitions of the public API: export macro, version, status codes. */
#ifndef XVERIFY_COMMON_H
#define XVERIFY_COMMON_H

#include <stddef.h>
#include <stdint.h>

#if defined(XV_STATIC_DEFINE)
#  define XV_API
#elif defined(_WIN32)
#  ifdef XV_BUILDING_LIBRARY
#    define XV_API __declspec(dllexport)
#  else
#    define XV_API __declspec(dllimport)
#  endif
#else
#  define XV_API __attribute__((visibility("default")))
#endif

#define XV_VERSION_MAJOR 0
#define XV_VERSION_MINOR 1
#define XV_VERSION_PATCH 0
#define XV_VERSION_STRING "0.1.0"

/* Returns XV_VERSION_STRING of the library actually linked. Static storage. */
XV_API const char *xv_version(void);

/* The git commit the library was built from (short hash), or "" when it was
 * built outside a git checkout. Static storage. */
XV_API const char *xv_version_commit(void);

/* Writes one line per library xverify runs with (libelf, libarchive and the
 * compression libraries it was built with, cJSON, libcrypto, libseccomp), as
 * the loaded copies report themselves, into buf (NUL-terminated, truncated to size).
 * Returns the length the full text needs, like snprintf. */
XV_API size_t xv_version_details(char *buf, size_t size);

/* Status of an API call. A malformed *input file* is not an API failure: it is
 * reported as XV_EFORMAT together with a message on the object concerned, and
 * callers are expected to go on with the next input. */
typedef enum xv_status {
    XV_OK = 0,
    XV_EFORMAT = 1, /* the input is not a valid file of the claimed format */
    XV_EUSAGE = 2,  /* bad argument or configuration (maps to exit code 2) */
    XV_ENOMEM = 3,  /* allocation failed or a cap was hit */
    XV_EIO = 4,     /* a file could not be opened, mapped or read */
    XV_EINTERNAL = 5
} xv_status;

/* Static English name of a status ("ok", "malformed input", ...). */
XV_API const char *xv_status_str(xv_status st);

/* Parses a size as matrices and options write it: "10MB", "1.5 KiB", "4096",
 * "2GB" (KB/MB/GB = 1000^n, KiB/MiB/GiB = 1024^n, B optional). 0 on success,
 * -1 on anything else. */
XV_API int xv_size_parse(const char *s, uint64_t *out);

/* Tri-state for facts that a format may not be able to state. Zero is
 * "unknown" so a zeroed struct states nothing. */
typedef enum xv_tri { XV_UNKNOWN = 0, XV_NO = 1, XV_YES = 2 } xv_tri;

#endif
