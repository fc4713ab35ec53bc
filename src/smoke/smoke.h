/* Private: smoke-test configuration and runners (issue 7). */
#ifndef XV_SMOKE_SMOKE_H
#define XV_SMOKE_SMOKE_H

#include <cjson/cJSON.h>
#include <stddef.h>

typedef struct xv_smoke_config xv_smoke_config;

/* Parses the matrix's "smoke" object into typed structs. `path` is the JSON
 * path of the node for messages ("smoke"). Unknown keys and wrong types fail
 * with a message naming the key's path in err. Returns 0 or -1.
 * Called by src/config/matrix.c; the tree is deleted by the caller after. */
int xv_smoke_config_parse(const cJSON *node, const char *path,
                          xv_smoke_config **out, char *err, size_t errlen);
void xv_smoke_config_free(xv_smoke_config *cfg);

#endif
