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
	/* A first import of years of mail must not write to everyone who ever sent a statement. */
	if (p->max_age_days > 0 && s->date > 0 && p->now - s->date > p->max_age_days * 86400LL)
		return ACK_OLD;
	/* The answer goes where the sender asks answers to go (RFC 5322 section 3.6.2). */
	if (!(s->reply_to && *s->reply_to && (addr = address_only(s->reply_to))) && !(addr = address_only(s->from)))
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

/* "Label: a, b, c", each name cut, at most ACK_ROWS_MAX of them. */
static void
put_list(struct buf *b, const char *label, const struct strv *sv)
{
	if (!sv || !sv->n)
		return;
	buf_printf(b, "  %-16s ", label);
	for (size_t i = 0; i < sv->n && i < ACK_ROWS_MAX; i++) {
		buf_adds(b, i ? ", " : "");
		put_cut(b, sv->v[i], ACK_CELL_MAX);
	}
	if (sv->n > ACK_ROWS_MAX)
		buf_printf(b, " and %zu more", sv->n - ACK_ROWS_MAX);
	buf_adds(b, "\n");
}

static void
put_field(struct buf *b, const char *label, const char *v, size_t max)
{
	if (!v || !*v)
		return;
	buf_printf(b, "  %-16s ", label);
	put_cut(b, v, max);
	buf_adds(b, "\n");
}

static void
put_contacts(struct buf *b, const struct ls *ls)
{
	for (size_t i = 0; i < ls->ncontacts && i < ACK_ROWS_MAX; i++) {
		const struct ls_contact *c = &ls->contacts[i];
		buf_printf(b, "  %-16s ", i ? "" : "Contacts:");
		put_cut(b, c->name && *c->name ? c->name : "-", ACK_CELL_MAX);
		if (c->organization && *c->organization) {
			buf_adds(b, " (");
			put_cut(b, c->organization, ACK_CELL_MAX);
			buf_adds(b, ")");
		}
		if (c->email && *c->email) {
			buf_adds(b, " <");
			put_cut(b, c->email, ACK_CELL_MAX);
			buf_adds(b, ">");
		}
		buf_adds(b, "\n");
	}
	if (ls->ncontacts > ACK_ROWS_MAX)
		buf_printf(b, "  %-16s and %zu more\n", "", ls->ncontacts - ACK_ROWS_MAX);
}

static void
describe_liaison(struct buf *b, const struct ls *ls)
{
	buf_printf(b, "liaison statement %s", ls->ref ? ls->ref : "(no number)");
	if (ls->source)
		buf_printf(b, " from %s", ls->source);
	buf_adds(b, ".\n\nWhat was read:\n");
	put_field(b, "Number:", ls->ref ? ls->ref : "(none)", ACK_CELL_MAX);
	put_field(b, "Source:", ls->source, ACK_CELL_MAX);
	put_field(b, "Title:", ls->title, ACK_ECHO_MAX);
	if (ls->deadline)
		put_field(b, "Deadline:", ls->deadline, ACK_CELL_MAX);
	else if (ls->deadline_text) {
		put_field(b, "Deadline:", ls->deadline_text, ACK_CELL_MAX);
		buf_adds(b, "                   (no calendar date read)\n");
	} else
		put_field(b, "Deadline:", "(none)", ACK_CELL_MAX);
	put_list(b, "For action:", &ls->for_action);
	put_list(b, "For comment:", &ls->for_comment);
	put_list(b, "For information:", &ls->for_information);
	put_contacts(b, ls);
}

/* The roadmap rows, seven fields each, one line a row: the first ACK_ROWS_MAX. */
static void
describe_roadmap(struct buf *b, const struct rm_rows *rm)
{
	buf_printf(
	    b, "input to the Metaverse Standardization Roadmap: %zu %s.\n", rm->n, rm->n == 1 ? "entry" : "entries");
	if (rm->n)
		buf_adds(b, "\n  body | reference | type | title | status | category | summary\n");
	for (size_t i = 0; i < rm->n && i < ACK_ROWS_MAX; i++) {
		buf_adds(b, "  - ");
		for (int c = 0; c < RM_NCOLS; c++) {
			const char *v = rm->v[i].f[c];
			buf_adds(b, c ? " | " : "");
			put_cut(b, v && *v ? v : "-", ACK_CELL_MAX);
		}
		buf_adds(b, "\n");
	}
	if (rm->n > ACK_ROWS_MAX)
		buf_printf(b, "  and %zu more\n", rm->n - ACK_ROWS_MAX);
}

/* "statement A" or "statements A, B", at most ACK_ROWS_MAX numbers. */
static void
put_refs(struct buf *b, const struct strv *refs)
{
	buf_adds(b, refs->n > 1 ? "statements " : "statement ");
	for (size_t i = 0; i < refs->n && i < ACK_ROWS_MAX; i++) {
		buf_adds(b, i ? ", " : "");
		put_cut(b, refs->v[i], ACK_CELL_MAX);
	}
}

/* What the message was filed as: its number, then the statement's fields or the roadmap rows. */
static void
describe(struct buf *b, const struct analysis *a, const struct ack_filed *fd)
{
	if (fd && fd->docno)
		buf_printf(b, "It has been filed as %s, ", fd->docno);
	else
		buf_adds(b, "It has been filed as ");
	if (a->kind == KIND_LIAISON && a->ls)
		describe_liaison(b, a->ls);
	else if (a->kind == KIND_ROADMAP)
		describe_roadmap(b, &a->rm);
	else
		buf_adds(b, "a message.\n");
	if (fd && fd->answers && fd->answers->n) {
		buf_adds(b, "\nIt answers our ");
		put_refs(b, fd->answers);
		buf_adds(b, ".\n");
	}
	if (fd && fd->claims && fd->claims->n) {
		buf_adds(b, "\nIt says it answers our ");
		put_refs(b, fd->claims);
		buf_adds(b,
		    "; as it does not come from an address registered for the body, the secretariat will\n"
		    "confirm that before counting it as the answer.\n");
	}
}

void
ack_text(const char *subject, long long date, const struct analysis *a, const struct ack_filed *fd, struct buf *subj,
    struct buf *body)
{
	char when[21];

	if (!subject)
		subject = "";
	buf_adds(subj, "Received: ");
	put_cut(subj, subject, ACK_ECHO_MAX);
	if (fd && fd->docno)
		buf_printf(subj, " [%s]", fd->docno);
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
	describe(body, a, fd);
	if (fd && fd->docno)
		buf_printf(body, "\nPlease quote %s when you write to us about it.\n", fd->docno);
	if (fd && fd->contact && *fd->contact)
		buf_printf(body, "If anything above was misread, please write to %s.\n", fd->contact);
	buf_adds(body,
	    "\nThis acknowledgement was sent automatically; there is no need to answer it.\n\n"
	    "JCA-MV Secretariat\n");
}
