/* ics_export.c: the open deadlines as an iCalendar (RFC 5545) feed, one event per statement and body. */
/* SPDX-License-Identifier: Apache-2.0 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "answer.h"
#include "ics_export.h"
#include "store.h"

/* RFC 5545 section 3.3.11: backslash, semicolon, comma and newline are escaped in TEXT. */
static void
ics_text(struct buf *b, const char *s)
{
	for (; s && *s; s++) {
		if (*s == '\\' || *s == ';' || *s == ',')
			buf_addc(b, '\\');
		if (*s == '\n')
			buf_adds(b, "\\n");
		else if ((unsigned char)*s >= 0x20 && *s != 0x7f)
			buf_addc(b, *s);
	}
}

/* Section 3.1: lines longer than 75 octets are folded, never inside a UTF-8 sequence. */
static void
ics_line(struct buf *out, const char *line)
{
	size_t len = strlen(line), col = 0;

	for (size_t i = 0; i < len; i++) {
		if (col >= 74 && ((unsigned char)line[i] & 0xc0) != 0x80) {
			buf_adds(out, "\r\n ");
			col = 1;
		}
		buf_addc(out, line[i]);
		col++;
	}
	buf_adds(out, "\r\n");
}

struct ics_ctx {
	struct buf out;
	char stamp[17];
};

/*
 * The event's UID: the statement's number and the body, normalised, so that it stays the same
 * across a rebuilt store and a corrected deadline (a calendar then moves the event, not adds one).
 */
static void
ics_uid(struct buf *l, const struct obligation *o)
{
	char *key = answer_ref_key(o->ref);

	buf_adds(l, "UID:");
	if (key)
		buf_adds(l, key);
	else
		buf_printf(l, "DOC%lld", o->doc_id); /* no number to go by */
	buf_addc(l, '-');
	for (const char *p = o->sdo; *p; p++)
		if ((unsigned char)*p < 0x80 && isalnum((unsigned char)*p))
			buf_addc(l, (char)tolower((unsigned char)*p));
	buf_adds(l, "@liaisond");
	free(key);
}

/* One event per obligation: a statement's deadline for one body. */
static int
ics_one(const struct obligation *o, void *arg)
{
	struct ics_ctx *c = arg;
	struct buf l = {0};

	if (!o->deadline || strlen(o->deadline) != 10 || strcmp(o->state, "open") != 0)
		return 0;
	ics_line(&c->out, "BEGIN:VEVENT");
	ics_uid(&l, o);
	ics_line(&c->out, buf_str(&l));
	buf_reset(&l);
	buf_printf(&l, "DTSTAMP:%s", c->stamp);
	ics_line(&c->out, buf_str(&l));
	buf_reset(&l);
	buf_printf(&l, "DTSTART;VALUE=DATE:%.4s%.2s%.2s", o->deadline, o->deadline + 5, o->deadline + 8);
	ics_line(&c->out, buf_str(&l));
	buf_reset(&l);
	buf_adds(&l, "SUMMARY:");
	ics_text(&l, "Deadline ");
	ics_text(&l, o->ref ? o->ref : "LS");
	ics_text(&l, " (");
	ics_text(&l, o->sdo);
	ics_text(&l, "): ");
	ics_text(&l, o->title ? o->title : "");
	ics_line(&c->out, buf_str(&l));
	buf_reset(&l);
	buf_adds(&l, "DESCRIPTION:");
	ics_text(&l, "Asked to answer: ");
	ics_text(&l, o->sdo);
	ics_text(&l, strcmp(o->role, "action") == 0 ? " (for action)" : " (for comment)");
	if (o->answer_how && strcmp(o->answer_how, "claimed") == 0)
		ics_text(&l, "; an answer is claimed, not confirmed");
	ics_line(&c->out, buf_str(&l));
	ics_line(&c->out, "TRANSP:TRANSPARENT");
	ics_line(&c->out, "END:VEVENT");
	buf_free(&l);
	return 0;
}

/* The calendar's header and one event per statement and body, into c->out. 0 ok, -1 error. */
static int
ics_build(struct store *st, struct ics_ctx *c)
{
	char t[21];

	iso8601_utc(now_epoch(), t);
	snprintf(c->stamp, sizeof(c->stamp), "%.4s%.2s%.2sT%.2s%.2s%.2sZ", t, t + 5, t + 8, t + 11, t + 14, t + 17);
	ics_line(&c->out, "BEGIN:VCALENDAR");
	ics_line(&c->out, "VERSION:2.0");
	ics_line(&c->out, "PRODID:-//ITU-T JCA-MV//liaisond " LSD_VERSION "//EN");
	ics_line(&c->out, "CALSCALE:GREGORIAN");
	ics_line(&c->out, "X-WR-CALNAME:JCA-MV liaison deadlines");
	if (store_obligations(st, 0, ics_one, c) != 0)
		return -1;
	ics_line(&c->out, "END:VCALENDAR");
	return 0;
}

int
ics_feed(struct store *st, struct buf *out, char **err)
{
	struct ics_ctx c;
	int rc;

	memset(&c, 0, sizeof(c));
	rc = ics_build(st, &c);
	if (rc == 0)
		buf_add(out, c.out.s ? c.out.s : "", c.out.len);
	else
		*err = xstrdup(store_errmsg(st));
	buf_free(&c.out);
	return rc;
}
