/* A program that takes its time (tests/smoke/signals.sh): it leaves a child
 * in its process group and one in a new session, prints "slept N" after N
 * seconds and exits 0. usage: sleeper N */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    unsigned n = argc > 1 ? (unsigned)atoi(argv[1]) : 3;
    if (fork() == 0) {
        sleep(600);
        _exit(0);
    }
    if (fork() == 0) {
        setsid();
        sleep(600);
        _exit(0);
    }
    sleep(n);
    printf("slept %u\n", n);
    return 0;
}
