/* The check registry: every check, in run order (checks/check.h). */
#include <string.h>
#include "checks/check.h"

const xv_check *const xv_checks[] = {
    &xv_check_archive_safe,
    &xv_check_checksums,
    &xv_check_binary_parse,
    &xv_check_arch_match,
    &xv_check_deps_resolve,
    &xv_check_deps_paths,
    &xv_check_symbols_versions,
    &xv_check_symbols_exports,
    &xv_check_os_min,
    &xv_check_hardening,
    &xv_check_size_budget,
    &xv_check_size_baseline,
    &xv_check_size_consistency,
    &xv_check_abi_exports,
    &xv_check_deps_baseline,
    &xv_check_floors_baseline,
    &xv_check_hardening_baseline,
    &xv_check_manifest,
    &xv_check_platforms,
    &xv_check_smoke_load,
    &xv_check_smoke_run,
    NULL
};

const xv_check *xv_check_find(const char *id)
{
    for (size_t i = 0; id && xv_checks[i]; i++)
        if (strcmp(xv_checks[i]->id, id) == 0)
            return xv_checks[i];
    return NULL;
}
