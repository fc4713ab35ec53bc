/* Placeholder until the PE reader lands (issue 3). */
#include "formats/image.h"

xv_status xv_pe_read(xv_image *img, const uint8_t *data, size_t size)
{
    (void)data;
    (void)size;
    img->format = XV_FMT_PE;
    return xv_img_fail(img, "PE files are not read by this build yet");
}
