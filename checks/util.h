/* Private helpers shared by the checks in checks/ (checks/util.c). */
#ifndef XV_CHECKS_UTIL_H
#define XV_CHECKS_UTIL_H

#include <stddef.h>
#include "checks/check.h"
#include "core/ctx.h"

/* Last path component of a member or logical path (after '/' or '!'). */
const char *xv_cu_basename(const char *path);
/* Folder of a package-relative member into out ("" for a top-level member). */
void xv_cu_dirname(const char *member, char *out, size_t n);
/* Joins folder + rel and normalises "." and ".." into out. Returns 0, or -1
 * when the result would leave the package root (more ".." than folders). */
int xv_cu_join_norm(const char *dir, const char *rel, char *out, size_t n);
/* The path looks like a build machine's (/home/, /Users/, /tmp/, /build/,
 * C:\Users\, GitHub runner folders, ...): returns the matched marker, else NULL. */
const char *xv_cu_build_path(const char *path);
/* An artifact that holds at least one parsed binary (a regular file). */
int xv_cu_is_binary(const xv_artifact *a);
/* A regular file whose member path or logical path matches the glob of a
 * matrix files[] rule: 1, 0, or -1 when the glob ran out of its matching
 * budget (undecided). */
int xv_cu_rule_matches(const xv_mx_file_rule *rule, const xv_artifact *a);
/* xv_cu_rule_matches for check `self` on rule files[ri]: an undecided glob
 * is an error result on the artifact naming the pattern (never a silent
 * miss), and the rule is then not applied (0). */
int xv_cu_rule_applies(xv_check_ctx *ctx, const xv_check *self, const xv_mx_file_rule *rule,
                       size_t ri, const xv_artifact *a);
/* Human size: "1.2 MB" into buf. */
const char *xv_cu_size(uint64_t n, char *buf, size_t len);
/* The first binary of an image that is a Mach-O/ELF/PE executable kind. */
int xv_cu_is_exe(const xv_binary *b);

#endif
