/* The archive formats xverify reads, shared by every libarchive reader of a
 * release (walk, nested archives, wheel RECORD, smoke extraction). */
#ifndef XV_DIST_ARFORMATS_H
#define XV_DIST_ARFORMATS_H

struct archive;

/* Every compression filter, and the formats a release's archive names stand
 * for (xv_dist_is_archive_name): tar, zip, ar, cpio, 7z, and the empty
 * archive. */
void xv_archive_read_formats(struct archive *a);

#endif
