/* message.h: an RFC 5322 / MIME message as plain structs; GMime never leaves parsers/. */
/* SPDX-License-Identifier: Apache-2.0 */
#ifndef LSD_MESSAGE_H
#define LSD_MESSAGE_H

#include <stddef.h>
#include "doc.h"
#include "extract.h"

struct msg;

struct msg_attachment {
	char *filename;      /* owned, UTF-8 (RFC 2047/2231 decoded), never used as a path; may be "" */
	char *content_type;  /* owned, "type/subtype" lower case */
	char *charset;       /* owned or NULL */
	size_t size;         /* decoded bytes */
	unsigned char *data; /* owned, decoded content */
	char sha256[65];     /* of data: the attachment's name in the store */
	enum doc_type type;  /* what extract_doc() will read it as */
	struct msg *message; /* owned: a forwarded message/rfc822, or NULL */
};

struct msg {
	char *message_id;  /* owned, with <>, or NULL when absent */
	char *from_addr;   /* owned, lower case addr-spec, or "" */
	char *from_name;   /* owned, decoded display name, or "" */
	char *reply_to;    /* owned, lower case addr-spec of Reply-To's first mailbox, or NULL */
	char *to;          /* owned, decoded To: as written, or "" */
	char *cc;          /* owned, or "" */
	char *subject;     /* owned, decoded, unfolded, or "" */
	char *in_reply_to; /* owned or NULL */
	struct strv references;
	long long date;  /* epoch seconds; 0 when absent or unreadable */
	char sha256[65]; /* of the raw message */

	/* Signals of machine-generated mail (RFC 3834, RFC 3464, RFC 2369/2919). Owned or NULL when absent. */
	char *auto_submitted;
	char *x_autoreply;
	char *x_auto_response_suppress;
	char *precedence;
	char *list_id;
	char *return_path;  /* "" for an empty Return-Path: <> */
	char *content_type; /* top-level "type/subtype", lower case */
	char *report_type;  /* multipart/report's report-type parameter */

	struct strv auth_results; /* every Authentication-Results value (RFC 8601), unfolded, top first */

	struct doc *body;      /* owned: the text body (text/plain preferred, else text/html reduced), never NULL */
	struct doc *body_html; /* owned: the text/html alternative when there is a text/plain body too, or NULL */
	struct msg_attachment *att; /* owned array */
	size_t natt;
	struct strv warnings; /* damaged parts, undecodable text, limits hit */
};

/*
 * Parses raw (len bytes, borrowed). Damaged mail is not an error: what can be read is
 * returned and the damage is listed in warnings. Returns NULL only when raw is not a
 * message at all, with *err (owned) saying why.
 */
struct msg *msg_parse(const void *raw, size_t len, char **err);
void msg_free(struct msg *m); /* accepts NULL */

/* Global library set-up, once per process (GMime). */
void msg_library_init(void);
void msg_library_shutdown(void);

#endif
