/* smoke.run: the matrix's smoke commands (argv, env, stdin, cwd, timeout,
 * expected exit code and output) run on each environment listed for the
 * artifact's platform. One result per artifact x environment x command. */
#include "checks/check.h"
#include "smoke/judge.h"

static void smoke_run_run(xv_check_ctx *ctx, const xv_check *self)
{
    xv_smoke_judge(ctx, self, 0);
}

const xv_check xv_check_smoke_run = {
    "smoke.run",
    "Runs with the expected result",
    "Each smoke command of the matrix runs on every environment listed for the platform "
    "(native, qemu, distro root filesystems under bubblewrap, OCI containers, wine) with a "
    "timeout, no network and the package read-only; its exit code and output are compared "
    "with the expectation. Failures are classified: missing library, symbol version not "
    "found, exec format error, killed by signal, timeout, unexpected exit code, output mismatch.",
    "Reproduce with the command shown in the detail, in the same environment.",
    smoke_run_run,
};
