/* compose.h: outgoing mail (acknowledgements, reminders, digests) as RFC 5322 bytes, headers encoded by GMime. */
/* SPDX-License-Identifier: Apache-2.0 */
#ifndef LSD_COMPOSE_H
#define LSD_COMPOSE_H

#include <stddef.h>
#include "util.h"

struct compose {
	const char *from;           /* "JCA-MV Secretariat <tsbjcamv@itu.int>" */
	const struct strv *to;      /* addresses */
	const char *subject;        /* UTF-8; control characters become spaces */
	const char *in_reply_to;    /* "<id@host>" or NULL */
	const char *auto_submitted; /* "auto-replied", "auto-generated" (RFC 3834), or NULL */
	const char *body;           /* UTF-8 text */
	long long date;             /* epoch */
	const char *html;           /* an HTML alternative to body (multipart/alternative, RFC 2046), or NULL */
};

/* The message with CRLF line ends (owned, *len bytes), or NULL with *err (owned). */
char *compose_mail(const struct compose *c, size_t *len, char **err);

/* A bare address (lower case, no CR/LF, one '@') out of "Name <addr>", or NULL. Owned. */
char *address_only(const char *mailbox);

#endif
