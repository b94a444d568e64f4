/* trust.h: whether a trusted MTA vouches for From: (the secretariat's own) or says it failed (RFC 8601). */
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

/*
 * 1 when a trusted one of values says the mail's From: domain failed: dmarc=fail, or dkim=fail with
 * no dkim or dmarc pass, each naming domain as above. Such a sender is not acknowledged (the
 * acknowledgement would go to whoever was impersonated). No trusted result, or none naming it: 0.
 */
int trust_auth_failed(const struct strv *values, const struct strv *authserv_ids, const char *domain);

/* The domain of an address (after its last '@'), borrowed from addr; "" without one. */
const char *trust_domain_of(const char *addr);

#endif
