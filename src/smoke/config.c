/* Placeholder until the smoke issue lands: a matrix with a "smoke" section is
 * rejected rather than silently ignored. */
#include <stdio.h>
#include "smoke/smoke.h"

int xv_smoke_config_parse(const cJSON *node, const char *path,
                          xv_smoke_config **out, char *err, size_t errlen)
{
    (void)node;
    *out = NULL;
    snprintf(err, errlen, "%s: smoke tests are not supported by this build yet", path);
    return -1;
}

void xv_smoke_config_free(xv_smoke_config *cfg)
{
    (void)cfg;
}
