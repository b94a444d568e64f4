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
#include "ics_export.h"
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

int
ctl_ics(struct ctl_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {CTL_OPT_HELP, CTL_OPT_END};
	struct buf out = {0};
	const char *path = NULL;
	char *err = NULL;
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
	if (ctl_store(ctx) && ics_feed(ctx->st, &out, &err) == 0) /* daemon/export/ics_export.c */
		rc = ctl_output(path, buf_str(&out), out.len) == 0 ? 0 : 1;
	else if (err)
		fprintf(stderr, "liaisonctl: %s\n", err);
	free(err);
	buf_free(&out);
	return rc;
}
