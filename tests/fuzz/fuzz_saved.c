/* Fuzz target: saved JSON results read back (src/core/result_load.c): the
 * checks of every field, the rebuilt dist and run, and every report writer
 * on the rebuilt run (what `xverify report` does with the file). */
#include <stddef.h>
#include <stdint.h>

#include "core/saved.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > (1u << 20))
        return 0;
    (void)xv_saved_parse_buffer((const char *)data, size);
    return 0;
}
