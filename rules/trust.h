/* trust.h: whether mail from the secretariat's own address is vouched for by a trusted MTA (RFC 8601). */
/* SPDX-License-Identifier: Apache-2.0 */
#ifndef LSD_TRUST_H
#define LSD_TRUST_H

#include "util.h"

/*
 * One Authentication-Results header value (RFC 8601, folded or not, comments allowed): 1 when its
 * authserv-id is one of authserv_ids (ASCII case-insensitive) and one of its results is dkim=pass
 * or dmarc=pass with header.d, header.i or header.from naming domain exactly; else 0. SPF is
 * never enough: it vouches for the envelope, not for From:. NULL or empty arguments give 0.
 */
int trust_auth_result(const char *value, const struct strv *authserv_ids, const char *domain);

/* 1 when any of values (the message's Authentication-Results headers) vouches for domain. */
int trust_auth_results(const struct strv *values, const struct strv *authserv_ids, const char *domain);

/* The domain of an address (after its last '@'), borrowed from addr; "" without one. */
const char *trust_domain_of(const char *addr);

#endif
