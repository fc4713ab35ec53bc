/* A program outside the project using the installed libxverify: reads one
 * binary and prints "<format> <arch>" for each binary in it, the way an API
 * user would. Built by tests/delivery/install.sh with pkg-config and with
 * find_package(xverify CONFIG). */
#include <stdio.h>

#include <xverify/xverify.h>

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: consumer FILE\n");
        return 2;
    }
    xv_image *img = NULL;
    xv_status st = xv_image_read_file(argv[1], NULL, &img);
    if (st != XV_OK) {
        fprintf(stderr, "consumer: %s: %s\n", argv[1], img && xv_image_error(img) ? xv_image_error(img) : "unreadable");
        xv_image_free(img);
        return 1;
    }
    printf("libxverify %s\n", xv_version());
    for (size_t i = 0; i < xv_image_count(img); i++) {
        const xv_binary *b = xv_image_binary(img, i);
        printf("%s %s\n", xv_format_name(xv_image_format(img)), b->arch);
    }
    xv_image_free(img);
    return 0;
}
