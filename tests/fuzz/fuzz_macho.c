/* Fuzz target for the Mach-O reader (thin and fat), through the public
 * xv_image_read so detection and dispatch are covered too. Also renders the
 * result as text and JSON, which walks every string and array the reader
 * filled (catching dangling pointers and unterminated strings under ASan). */
#include <stdint.h>
#include <stdlib.h>

#include "xverify/binary.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    xv_image *img = NULL;
    xv_format f = xv_detect(data, size);
    if (f != XV_FMT_MACHO && f != XV_FMT_MACHO_FAT)
        return 0;
    if (xv_image_read(data, size, "fuzz", NULL, &img) == XV_ENOMEM)
        return 0;
    char *t = xv_image_to_text(img);
    char *j = xv_image_to_json(img);
    free(t);
    free(j);
    xv_image_free(img);
    return 0;
}
