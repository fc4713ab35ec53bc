/* Placeholder until the ELF reader lands (issue 3). */
#include "formats/image.h"

xv_status xv_elf_read(xv_image *img, const uint8_t *data, size_t size)
{
    (void)data;
    (void)size;
    img->format = XV_FMT_ELF;
    return xv_img_fail(img, "ELF files are not read by this build yet");
}
