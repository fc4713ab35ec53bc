/* binary.parse: every artifact that claims a binary format parses cleanly. */
#include "checks/check.h"

static void run(xv_check_ctx *ctx, const xv_check *self)
{
    const xv_dist *d = xv_ctx_dist(ctx);
    size_t n = xv_dist_artifact_count(d);
    for (size_t i = 0; i < n; i++) {
        const xv_artifact *a = xv_dist_artifact(d, i);
        if (!a->image || a->type != XV_ENTRY_FILE)
            continue;
        const char *err = xv_image_error(a->image);
        if (err) {
            xv_result *r = xv_emit(ctx, self, NULL, a, XV_FAIL,
                                   "the file is damaged: rebuild or remove the file",
                                   "%s: %s", xv_format_name(xv_image_format(a->image)), err);
            xv_result_add_fact(ctx, r, "format", xv_format_name(xv_image_format(a->image)));
            continue;
        }
        const xv_binary *b = xv_image_binary(a->image, 0);
        xv_result *r = xv_emit(ctx, self, NULL, a, XV_PASS, NULL, "%s %s %s",
                               xv_format_name(xv_image_format(a->image)),
                               b ? xv_kind_name(b->kind) : "", b && b->arch ? b->arch : "");
        xv_result_add_fact(ctx, r, "format", xv_format_name(xv_image_format(a->image)));
    }
}

const xv_check xv_check_binary_parse = {
    "binary.parse",
    "Binaries parse cleanly",
    "Every file that claims a binary format (ELF, Mach-O, PE, ar) is read without "
    "truncation, out-of-range offsets or malformed tables.",
    "A damaged binary cannot load: rebuild it, or remove it from the release.",
    run,
};
