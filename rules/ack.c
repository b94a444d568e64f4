/* ack.c: the acknowledgement owed to a sender and its text; never to machines nor to ourselves (RFC 3834 section 2). */
/* SPDX-License-Identifier: Apache-2.0 */
#include "ack.h"

#include <stdlib.h>
#include <string.h>

#include "compose.h"

/* Mailboxes whose mail nobody reads: answering them only feeds a robot or a list manager. */
static int
robot(const char *addr)
{
	return str_startswith_ci(addr, "noreply") || str_startswith_ci(addr, "no-reply") ||
	    str_startswith_ci(addr, "owner-") || strstr(addr, "-request@") != NULL;
}

enum ack_verdict
ack_decide(const struct ack_policy *p, const struct ack_sender *s, const struct analysis *a, char **rcpt)
{
	enum ack_verdict v = ACK_SEND;
	char *addr = NULL;

	*rcpt = NULL;
	if (!p->send_acks)
		return ACK_OFF;
	/* Other mail is filed for a person to read; only statements and roadmap inputs are receipted. */
	if (a->kind != KIND_LIAISON && a->kind != KIND_ROADMAP)
		return ACK_KIND;
	if (a->outgoing)
		return ACK_OUTGOING;
	if (a->machine)
		return ACK_MACHINE;
	/* The answer would go to whoever the forger named, carrying the forger's text. */
	if (a->auth_failed)
		return ACK_AUTH_FAILED;
	/* An empty Return-Path marks mail that must never be answered (RFC 3834 section 2, RFC 5321 section 4.5.5). */
	if (s->return_path && *s->return_path == '\0')
		return ACK_NULL_SENDER;
	if (!(addr = address_only(s->from)))
		return ACK_NO_ADDRESS;
	if (p->secretariat && strcmp(addr, p->secretariat) == 0)
		v = ACK_OURSELVES;
	else if (robot(addr))
		v = ACK_ROBOT;
	if (v == ACK_SEND)
		*rcpt = addr;
	else
		free(addr);
	return v;
}

/*
 * The acknowledgement echoes only what identifies the document: whoever forged a sender must not
 * have us deliver a page of their text (docs/trust.md). Characters, not bytes, of subject and title.
 */
#define ACK_ECHO_MAX 200
#define ACK_CELL_MAX 80 /* of each roadmap cell */
#define ACK_ROWS_MAX 10

/* Appends s, cut after max UTF-8 characters (never inside one) with "…" when longer. */
static void
put_cut(struct buf *b, const char *s, size_t max)
{
	size_t i = 0, chars = 0;

	for (; s[i]; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80 && chars++ == max)
			break;
	buf_printf(b, "%.*s%s", (int)i, s, s[i] ? "…" : "");
}

/* What the message was filed as: the statement's number, source, title and deadline, or the roadmap rows. */
static void
describe(struct buf *b, const struct analysis *a)
{
	if (a->kind == KIND_LIAISON && a->ls) {
		buf_printf(b, "It has been filed as liaison statement %s", a->ls->ref ? a->ls->ref : "(no number)");
		if (a->ls->source)
			buf_printf(b, " from %s", a->ls->source);
		buf_adds(b, ".\n");
		if (a->ls->title) {
			buf_adds(b, "Title: ");
			put_cut(b, a->ls->title, ACK_ECHO_MAX);
			buf_adds(b, "\n");
		}
		if (a->ls->deadline)
			buf_printf(b, "Deadline: %s\n", a->ls->deadline);
		else if (a->ls->deadline_text)
			buf_printf(b, "Deadline: %s (no calendar date read)\n", a->ls->deadline_text);
	} else if (a->kind == KIND_ROADMAP) {
		buf_printf(b, "It has been filed as input to the Metaverse Standardization Roadmap: %zu %s.\n", a->rm.n,
		    a->rm.n == 1 ? "entry" : "entries");
		/* The first rows are enough for the sender to see they were read. */
		for (size_t i = 0; i < a->rm.n && i < ACK_ROWS_MAX; i++) {
			buf_adds(b, "  - ");
			put_cut(b, a->rm.v[i].f[RM_SDO], ACK_CELL_MAX);
			buf_adds(b, " ");
			put_cut(b, a->rm.v[i].f[RM_REF], ACK_CELL_MAX);
			buf_adds(b, ": ");
			put_cut(b, a->rm.v[i].f[RM_TITLE], ACK_CELL_MAX);
			buf_adds(b, "\n");
		}
		if (a->rm.n > ACK_ROWS_MAX)
			buf_printf(b, "  and %zu more\n", a->rm.n - ACK_ROWS_MAX);
	}
}

void
ack_text(const char *subject, long long date, const struct analysis *a, struct buf *subj, struct buf *body)
{
	char when[21];

	if (!subject)
		subject = "";
	buf_adds(subj, "Received: ");
	put_cut(subj, subject, ACK_ECHO_MAX);
	buf_adds(body, "Dear colleague,\n\nThe JCA-MV secretariat has received your message");
	if (*subject) {
		buf_adds(body, " \"");
		put_cut(body, subject, ACK_ECHO_MAX);
		buf_adds(body, "\"");
	}
	if (date) {
		iso8601_utc(date, when);
		buf_printf(body, " of %.10s", when);
	}
	buf_adds(body, ".\n");
	describe(body, a);
	buf_adds(body,
	    "\nThis acknowledgement was sent automatically; there is no need to answer it.\n\n"
	    "JCA-MV Secretariat\n");
}
