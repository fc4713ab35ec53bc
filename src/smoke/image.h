/* Private: the layer list of an unpacked image archive (`podman save`,
 * `docker save`), for `rootfs add --from` (src/smoke/rootfs_cache.c) and its
 * fuzz target. */
#ifndef XV_SMOKE_IMAGE_H
#define XV_SMOKE_IMAGE_H

#include <stddef.h>

#define IMG_MAX_LAYERS 256

/* The layers of the image unpacked in folder `img`, bottom first, as paths
 * "img/REL" (REL relative, no ".."): docker-archive (manifest.json:
 * [{"Layers": [...]}]) or an OCI layout (index.json -> manifest blob ->
 * layers[].digest). layers holds IMG_MAX_LAYERS entries. 0 on success; -1
 * when img is neither (a plain root filesystem tarball); -2 on a malformed
 * image (err set). JSON files are read up to 4 MiB. */
int xv_image_layers(const char *img, char (*layers)[1024], size_t *nl, char *err,
                    size_t errlen);

#endif
