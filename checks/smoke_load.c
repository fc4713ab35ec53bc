/* smoke.load: every ELF executable and shared library of a Linux package is
 * loaded by the target distro's own dynamic loader (`ld.so --list`, under
 * qemu for foreign arches) with the package's files at their relative paths;
 * no program code runs. One result per artifact x environment. */
#include "checks/check.h"
#include "smoke/judge.h"

static void smoke_load_run(xv_check_ctx *ctx, const xv_check *self)
{
    xv_smoke_judge(ctx, self, 1);
}

const xv_check xv_check_smoke_load = {
    "smoke.load",
    "Loads on the target distros",
    "The dynamic loader of each target environment (cached distro root filesystems, "
    "--distros, the matrix's smoke environments; qemu for foreign CPUs) resolves every "
    "Linux executable and shared library of the package, without running program code: "
    "missing libraries and too-new symbol versions (GLIBC_2.34 on bullseye) fail.",
    "Ship missing libraries with a $ORIGIN runpath, or build against the oldest glibc you "
    "support. Root filesystems: xverify rootfs add debian:bookworm.",
    smoke_load_run,
};
