/* xverify: verify a software release before it is published.
 *
 * Umbrella header of libxverify's public API. The library never prints and
 * never exits: every function returns a status, and messages live on the
 * object they concern. */
#ifndef XVERIFY_XVERIFY_H
#define XVERIFY_XVERIFY_H

#include "xverify/common.h"
#include "xverify/binary.h"
#include "xverify/dist.h"
#include "xverify/result.h"
#include "xverify/run.h"
#include "xverify/verdict.h"
#include "xverify/report.h"
#include "xverify/saved.h"

#endif
