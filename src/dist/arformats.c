/* Formats enabled one by one rather than with archive_read_support_format_all:
 * that one also enables xar, whose reader needs libxml2, which needs ICU and
 * libstdc++. A release names its archives .tar*, .zip (and the zip family:
 * .whl, .jar, .nupkg, .apk...), .deb/.ipk (ar), .rpm (cpio inside the rpm
 * filter), .cpio, .7z, .gem/.crate (tar): those are the readers here, so a
 * portable xverify links libarchive statically without pulling in XML and
 * ICU, and the formats a release never holds (xar, rar, cab, lha, iso9660,
 * warc, mtree, which would also open files named inside it) are no attack
 * surface. An archive name holding another format is "unrecognized archive
 * format", an error naming the file.
 *
 * Filters likewise: filter_all would also register lrzip, grzip and lzop
 * (and any other codec libarchive was built without), which libarchive runs
 * as external programs on the archive's bytes. A hostile release must not
 * choose which program runs on the host, so only the codecs linked in are
 * enabled: those cover every compressed name a release uses (.gz, .bz2,
 * .xz, .lzma, .lz, .zst, .lz4, .Z) and the rpm payload. */
#include <archive.h>

#include "dist/arformats.h"

void xv_archive_read_filters(struct archive *a)
{
    archive_read_support_filter_gzip(a);
    archive_read_support_filter_bzip2(a);
    archive_read_support_filter_xz(a);
    archive_read_support_filter_lzma(a);
    archive_read_support_filter_lzip(a);
    archive_read_support_filter_zstd(a);
    archive_read_support_filter_lz4(a);
    archive_read_support_filter_compress(a);
    archive_read_support_filter_rpm(a);
}

void xv_archive_read_formats(struct archive *a)
{
    xv_archive_read_filters(a);
    archive_read_support_format_tar(a);
    archive_read_support_format_zip(a);
    archive_read_support_format_ar(a);
    archive_read_support_format_cpio(a);
    archive_read_support_format_7zip(a);
    archive_read_support_format_empty(a);
}
