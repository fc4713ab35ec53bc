/* The Windows sleeper (tests/smoke/signals.sh): prints "slept N" after N
 * seconds and exits 0. usage: sleeper.exe N */
#include <windows.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    unsigned n = argc > 1 ? (unsigned)atoi(argv[1]) : 3;
    Sleep(n * 1000u);
    printf("slept %u\n", n);
    return 0;
}
