/* Private: where an installed xverify keeps its data (matrices/system-libs). */
#ifndef XV_CORE_DATADIR_H
#define XV_CORE_DATADIR_H

#include <stddef.h>

/* Finds the data folder of a relocated install from the running program's
 * location (<prefix>/bin/xverify -> <prefix>/share/xverify) or, for another
 * program using the shared library, from libxverify's own location
 * (<prefix>/lib/libxverify.so -> <prefix>/share/xverify). Writes the first
 * candidate that holds system-libs/ into out and returns 1; 0 when none
 * does (out is then ""). */
int xv_datadir_relative(char *out, size_t size);

#endif
