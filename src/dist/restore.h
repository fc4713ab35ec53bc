/* Private: a dist rebuilt from a saved result, and the share of a walked
 * dist one shard judges (src/dist/restore.c). */
#ifndef XV_DIST_RESTORE_H
#define XV_DIST_RESTORE_H

#include "xverify/xverify.h"

/* An empty dist (no input) to fill; free with xv_dist_free. NULL on OOM. */
xv_dist *xv_dist_blank(void);
/* Copies s into the dist's memory; NULL stays NULL (and on OOM). */
const char *xv_dist_dup(xv_dist *d, const char *s);
/* Appends a zeroed package (not extractable). NULL on OOM or over the cap. */
xv_package *xv_dist_restore_package(xv_dist *d);
/* Room for n artifacts, once, before xv_dist_restore_artifact. */
xv_status xv_dist_reserve_artifacts(xv_dist *d, size_t n);
/* Appends a zeroed artifact (at most cap, the reserved count). */
xv_artifact *xv_dist_restore_artifact(xv_dist *d, size_t cap);
xv_status xv_dist_restore_sumfile(xv_dist *d, const char *path, const char *text, size_t len);
void xv_dist_restore_release(xv_dist *d, const xv_release_info *ri);
/* A new empty image owned by the dist (formats/image.h fills it). */
xv_image *xv_dist_restore_image(xv_dist *d);

/* Keeps the packages i with keep[i] (one flag per package) and their
 * artifacts and findings; the order stays. */
xv_status xv_dist_keep(xv_dist *d, const unsigned char *keep);
/* The top-level package package i was found in (i itself when top-level). */
size_t xv_dist_top(const xv_dist *d, size_t i);
/* Whether package i is a top-level input entry (a file of its own, which
 * checksum lists may name), not found inside another package. */
int xv_package_is_top(const xv_dist *d, size_t i);
/* Sets that for a restored package. */
void xv_dist_restore_top(xv_dist *d, size_t i, int top);

#endif
