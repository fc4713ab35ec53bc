/* Replays every file of a corpus folder (recursively) through
 * LLVMFuzzerTestOneInput, so committed fuzz inputs run under plain ctest
 * (and under ASan/UBSan in the sanitizer build). Fails when the folder is
 * missing or empty: a corpus that silently vanished must not pass. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int replay_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "cannot open %s\n", path);
        return -1;
    }
    uint8_t *buf = NULL;
    size_t len = 0, cap = 0;
    for (;;) {
        if (len == cap) {
            cap = cap ? cap * 2 : 65536;
            uint8_t *nb = realloc(buf, cap);
            if (!nb) {
                free(buf);
                fclose(f);
                return -1;
            }
            buf = nb;
        }
        size_t n = fread(buf + len, 1, cap - len, f);
        len += n;
        if (n == 0)
            break;
    }
    fclose(f);
    LLVMFuzzerTestOneInput(buf, len);
    free(buf);
    return 0;
}

static long walk(const char *dir)
{
    DIR *d = opendir(dir);
    long n = 0;
    if (!d) {
        fprintf(stderr, "cannot open corpus folder %s\n", dir);
        return -1;
    }
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        struct stat st;
        if (stat(path, &st) != 0)
            continue;
        if (S_ISDIR(st.st_mode)) {
            long k = walk(path);
            if (k < 0) {
                closedir(d);
                return -1;
            }
            n += k;
        } else if (S_ISREG(st.st_mode)) {
            if (replay_file(path) != 0) {
                closedir(d);
                return -1;
            }
            n++;
        }
    }
    closedir(d);
    return n;
}

int main(int argc, char **argv)
{
    long total = 0;
    if (argc < 2) {
        fprintf(stderr, "usage: %s CORPUS_DIR...\n", argv[0]);
        return 2;
    }
    for (int i = 1; i < argc; i++) {
        long n = walk(argv[i]);
        if (n < 0)
            return 1;
        total += n;
    }
    if (total == 0) {
        fprintf(stderr, "no corpus files found\n");
        return 1;
    }
    printf("replayed %ld inputs\n", total);
    return 0;
}
