/* The Windows side of the hostile release (tests/smoke/hostile.sh): under
 * Wine, drive Z: is the Unix root, so a PE can write the host's /tmp, /etc
 * and /usr unless the sandbox stops it, and winsock reaches 127.0.0.1.
 *
 * usage: hostile.exe TAG PORT  (prints "ATTEMPT name: result" lines) */
#include <winsock2.h>
#include <windows.h>
#include <stdio.h>
#include <stdlib.h>

static const char *tag;

static void marker(const char *dir)
{
    char p[512];
    snprintf(p, sizeof p, "%s\\xv-marker-%s", dir, tag);
    FILE *f = fopen(p, "w");
    int ok = f && fputs("hostile\n", f) >= 0;
    if (f)
        ok = fclose(f) == 0 && ok;
    printf("ATTEMPT write %s: %s\n", dir, ok ? "SUCCEEDED" : "refused");
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: hostile.exe TAG PORT\n");
        return 2;
    }
    tag = argv[1];
    marker("Z:\\tmp");
    marker("Z:\\etc");
    marker("Z:\\usr");
    WSADATA w;
    int ok = 0;
    if (WSAStartup(MAKEWORD(2, 2), &w) == 0) {
        SOCKET s = socket(AF_INET, SOCK_STREAM, 0);
        struct sockaddr_in a;
        memset(&a, 0, sizeof a);
        a.sin_family = AF_INET;
        a.sin_port = htons((unsigned short)atoi(argv[2]));
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (s != INVALID_SOCKET) {
            ok = connect(s, (struct sockaddr *)&a, sizeof a) == 0;
            if (ok)
                send(s, "hostile\n", 8, 0);
            closesocket(s);
        }
    }
    printf("ATTEMPT connect 127.0.0.1: %s\n", ok ? "SUCCEEDED" : "refused");
    /* A detached process meant to outlive the run. */
    STARTUPINFOA si;
    PROCESS_INFORMATION pi;
    memset(&si, 0, sizeof si);
    si.cb = sizeof si;
    char cmd[] = "cmd.exe /c ping -n 600 127.0.0.1";
    ok = CreateProcessA(NULL, cmd, NULL, NULL, FALSE, DETACHED_PROCESS, NULL, NULL, &si, &pi);
    printf("ATTEMPT detached process: %s\n", ok ? "started" : "refused");
    fflush(stdout);
    return 0;
}
