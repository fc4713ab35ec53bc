/* Placeholder until the Mach-O reader lands (issue 3). */
#include "formats/image.h"

xv_status xv_macho_read(xv_image *img, const uint8_t *data, size_t size)
{
    (void)data;
    (void)size;
    img->format = XV_FMT_MACHO;
    return xv_img_fail(img, "Mach-O files are not read by this build yet");
}
