/* ctl_deadlines.c: liaisonctl deadlines (a table or JSON) and ics, the same deadlines as an RFC 5545 calendar. */
/* SPDX-License-Identifier: Apache-2.0 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "answer.h"
#include "config.h"
#include "ctl.h"
#include "ctl_cli.h"
#include "ctl_table.h"
#include "store.h"
#include "tzclock.h"

const char ctl_deadlines_usage[] = "deadlines [--json] [--all] [--now ISO8601]\topen deadlines, soonest first\n";
const char ctl_ics_usage[] = "ics [-o FILE]\tdeadlines as an iCalendar (RFC 5545) feed\n";

static const char *
obligation_state(const struct obligation *o, const char *today)
{
	if (strcmp(o->state, "open") == 0 && o->deadline && strcmp(o->deadline, today) < 0)
		return "overdue";
	return o->state;
}

struct dl_ctx {
	int json;
	char today[11];
	size_t n;
	struct ctl_table *t; /* the text form */
};

static const struct ctl_col dl_cols[] = {{"deadline", 0, 0}, {"state", 0, 0}, {"ref", 24, 0}, {"role", 0, 0},
    {"sdo", 32, 0}, {"answered by", 0, 0}, {"title", 0, 0}};

/* Who answered, with which document: "JCA-MV-Doc-012 (auto)", "#12 (claimed)", "(manual)"; "-" for none. */
static char *
answered_by(const struct obligation *o)
{
	if (!o->answer_how)
		return xstrdup("-");
	if (o->answer_docno)
		return xasprintf("%s (%s)", o->answer_docno, o->answer_how);
	if (o->answer_doc)
		return xasprintf("#%lld (%s)", o->answer_doc, o->answer_how);
	return xasprintf("(%s)", o->answer_how);
}

static void
answer_json(struct buf *b, const struct obligation *o)
{
	buf_adds(b, ", \"answer\": ");
	if (!o->answer_how) {
		buf_adds(b, "null");
		return;
	}
	buf_adds(b, "{\"how\": ");
	json_str(b, o->answer_how);
	if (o->answer_doc)
		buf_printf(b, ", \"document_id\": %lld", o->answer_doc);
	else
		buf_adds(b, ", \"document_id\": null");
	buf_adds(b, ", \"docno\": ");
	json_str(b, o->answer_docno);
	buf_adds(b, ", \"note\": ");
	json_str(b, o->answer_note);
	buf_addc(b, '}');
}

static int
deadline_one(const struct obligation *o, void *arg)
{
	struct dl_ctx *c = arg;
	const char *state = obligation_state(o, c->today);
	char *by = answered_by(o);

	c->n++;
	if (c->json) {
		struct buf b = {0};
		buf_adds(&b, "{\"ref\": ");
		json_str(&b, o->ref);
		buf_adds(&b, ", \"title\": ");
		json_str(&b, o->title);
		buf_adds(&b, ", \"deadline\": ");
		json_str(&b, o->deadline);
		buf_adds(&b, ", \"sdo\": ");
		json_str(&b, o->sdo);
		buf_adds(&b, ", \"role\": ");
		json_str(&b, o->role);
		buf_adds(&b, ", \"state\": ");
		json_str(&b, state);
		buf_adds(&b, ", \"direction\": ");
		json_str(&b, o->direction);
		buf_printf(&b, ", \"document_id\": %lld", o->doc_id);
		buf_adds(&b, ", \"claimed\": ");
		buf_adds(&b, o->answer_how && strcmp(o->answer_how, "claimed") == 0 ? "true" : "false");
		answer_json(&b, o);
		buf_addc(&b, '}');
		printf("%s\n", buf_str(&b));
		buf_free(&b);
	} else {
		ctl_table_add(c->t, o->deadline ? o->deadline : "-");
		ctl_table_add(c->t, state);
		ctl_table_add(c->t, o->ref ? o->ref : "-");
		ctl_table_add(c->t, o->role);
		ctl_table_add(c->t, o->sdo);
		ctl_table_add(c->t, by);
		ctl_table_add(c->t, o->title);
	}
	free(by);
	return 0;
}

int
ctl_deadlines(struct ctl_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"json", no_argument, NULL, 'j'},
	    {"all", no_argument, NULL, 'a'},
	    {"now", required_argument, NULL, 'n'},
	    CTL_OPT_HELP,
	    CTL_OPT_END,
	};
	struct dl_ctx c = {0, "", 0, NULL};
	const char *nowarg = NULL;
	long long now;
	int o, all = 0, rc;

	for (optind = 0; (o = ctl_getopt(argc, argv, "h", opts, ctl_deadlines_usage)) != -1;) {
		switch (o) {
		case 'j': c.json = 1; break;
		case 'a': all = 1; break;
		case 'n': nowarg = optarg; break;
		default: return ctl_opt_status(o);
		}
	}
	if ((rc = ctl_operands(argc, argv, 0, 0, ctl_deadlines_usage)) != 0)
		return rc;
	if (nowarg) {
		if (iso8601_parse(nowarg, &now) != 0) {
			fprintf(stderr, "liaisonctl: --now: expected an ISO 8601 date or time\n");
			return 2;
		}
		now_set(now);
	}
	if (!ctl_store(ctx))
		return 1;
	tz_local_date(ctx->cfg->timezone, now_epoch(), c.today); /* the secretariat's day, as for reminders */
	c.t = ctl_table_new(dl_cols, sizeof(dl_cols) / sizeof(*dl_cols));
	if (store_obligations(ctx->st, all, deadline_one, &c) != 0) {
		fprintf(stderr, "liaisonctl: %s\n", store_errmsg(ctx->st));
		rc = 1;
	} else if (!c.json && ctl_table_print(c.t, CTL_FORMAT_TEXT) != 0)
		rc = 1;
	ctl_table_free(c.t);
	return rc;
}

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

/* The calendar's header and one event per obligation with a deadline, into c->out. 0 ok, -1 reported. */
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
	if (store_obligations(st, 0, ics_one, c) != 0) {
		fprintf(stderr, "liaisonctl: %s\n", store_errmsg(st));
		return -1;
	}
	ics_line(&c->out, "END:VCALENDAR");
	return 0;
}

int
ctl_ics(struct ctl_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {CTL_OPT_HELP, CTL_OPT_END};
	struct ics_ctx c = {0};
	const char *path = NULL;
	int o, rc;

	for (optind = 0; (o = ctl_getopt(argc, argv, "ho:", opts, ctl_ics_usage)) != -1;) {
		switch (o) {
		case 'o': path = optarg; break;
		default: return ctl_opt_status(o);
		}
	}
	if ((rc = ctl_operands(argc, argv, 0, 0, ctl_ics_usage)) != 0)
		return rc;
	rc = 1;
	if (ctl_store(ctx) && ics_build(ctx->st, &c) == 0)
		rc = ctl_output(path, buf_str(&c.out), c.out.len) == 0 ? 0 : 1;
	buf_free(&c.out);
	return rc;
}
