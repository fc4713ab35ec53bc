/* Fuzz target for the PE reader: any bytes through xv_image_read (a file
 * starting with "MZ" goes to xv_pe_read), then both printers, so strings and
 * counts the reader hands out are exercised too. */
#include <stdint.h>
#include <stdlib.h>

#include "xverify/binary.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    xv_image *img = NULL;
    xv_read_opts opts = {0, 100000};
    if (xv_image_read(data, size, "fuzz.exe", &opts, &img) == XV_ENOMEM || !img)
        return 0;
    free(xv_image_to_json(img));
    free(xv_image_to_text(img));
    xv_image_free(img);
    return 0;
}
