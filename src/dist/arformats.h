/* The archive formats xverify reads, shared by every libarchive reader of a
 * release (walk, nested archives, wheel RECORD, smoke extraction). */
#ifndef XV_DIST_ARFORMATS_H
#define XV_DIST_ARFORMATS_H

struct archive;

/* The compression codecs linked into libarchive (never one it would run as
 * an external program): gzip, bzip2, xz, lzma, lzip, zstd, lz4, compress,
 * and the rpm payload. */
void xv_archive_read_filters(struct archive *a);

/* Those filters, and the formats a release's archive names stand
 * for (xv_dist_is_archive_name): tar, zip, ar, cpio, 7z, and the empty
 * archive. */
void xv_archive_read_formats(struct archive *a);

#endif
