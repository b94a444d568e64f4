/* fuzz_oauth2.c: libFuzzer target for the token endpoint's JSON answer (RFC 6749 5.1/5.2): parsed or refused whole. */
/* SPDX-License-Identifier: Apache-2.0 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "oauth2.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct oauth2_reply r;
	int rc = oauth2_reply_parse((const char *)data, size, &r);

	/* Refused: nothing half-filled. Parsed: strings are C strings with no NUL cut short into them. */
	if (rc != 0 && (r.access_token || r.refresh_token || r.error || r.expires_in != -1))
		abort();
	if (rc == 0 && r.access_token && strlen(r.access_token) > size)
		abort();
	oauth2_reply_clear(&r);
	return 0;
}
