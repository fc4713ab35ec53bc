/* Fuzz target: the manifests of an image archive (`rootfs add --from` of a
 * podman/docker save). The input is written as manifest.json of one folder
 * and as index.json (plus itself as the blob its first digest names) of
 * another, then xv_image_layers reads each. Contract: a success lists at
 * least one layer, each inside the folder without "..". */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "smoke/image.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char base[64];

static void put(const char *dir, const char *name, const uint8_t *data, size_t size)
{
    char p[256];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    FILE *f = fopen(p, "wb");
    if (!f)
        abort();
    if (size)
        fwrite(data, 1, size, f);
    fclose(f);
}

static void judge(const char *dir)
{
    static char layers[IMG_MAX_LAYERS][1024];
    size_t n = 0;
    char err[256];
    int rc = xv_image_layers(dir, layers, &n, err, sizeof err);
    if (rc == 0) {
        if (n == 0)
            abort();
        for (size_t i = 0; i < n; i++)
            if (strncmp(layers[i], dir, strlen(dir)) != 0 || strstr(layers[i], "/../"))
                abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > (1u << 20))
        return 0;
    if (!base[0]) {
        snprintf(base, sizeof base, "/tmp/xv-fuzz-image.%ld", (long)getpid());
        char p[128];
        mkdir(base, 0700);
        snprintf(p, sizeof p, "%s/docker", base);
        mkdir(p, 0700);
        snprintf(p, sizeof p, "%s/oci", base);
        mkdir(p, 0700);
        snprintf(p, sizeof p, "%s/oci/blobs", base);
        mkdir(p, 0700);
        snprintf(p, sizeof p, "%s/oci/blobs/sha256", base);
        mkdir(p, 0700);
    }
    char d[128], o[128];
    snprintf(d, sizeof d, "%s/docker", base);
    snprintf(o, sizeof o, "%s/oci", base);
    put(d, "manifest.json", data, size);
    judge(d);
    put(o, "index.json", data, size);
    /* The blob an index of the seed corpus names: the input again. */
    put(o, "blobs/sha256/aaaa", data, size);
    judge(o);
    return 0;
}
