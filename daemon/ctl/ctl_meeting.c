/* ctl_meeting.c: `liaisonctl meeting`: the document list of a JCA-MV meeting, as Markdown, HTML or Word. */
/* SPDX-License-Identifier: Apache-2.0 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "ctl.h"
#include "ctl_cli.h"
#include "meeting.h"
#include "report_store.h"
#include "store.h"
#include "tzclock.h"

const char ctl_meeting_usage[] =
    "meeting --since DATE [--until DATE] [--format md|html|docx] [-o FILE] [--now ISO8601]\tthe documents for a "
    "meeting, by document number\n";

struct meeting_args {
	const char *since, *until, *format, *path, *now;
};

/* The options; -1 to go on, else the exit status. */
static int
meeting_args(int argc, char **argv, struct meeting_args *a)
{
	static const struct option opts[] = {
	    {"since", required_argument, NULL, 's'},
	    {"until", required_argument, NULL, 'u'},
	    {"format", required_argument, NULL, 'f'},
	    {"output", required_argument, NULL, 'o'},
	    {"now", required_argument, NULL, 'n'},
	    CTL_OPT_HELP,
	    CTL_OPT_END,
	};
	int o, rc;

	for (optind = 0; (o = ctl_getopt(argc, argv, "f:ho:", opts, ctl_meeting_usage)) != -1;) {
		switch (o) {
		case 's': a->since = optarg; break;
		case 'u': a->until = optarg; break;
		case 'f': a->format = optarg; break;
		case 'o': a->path = optarg; break;
		case 'n': a->now = optarg; break;
		default: return ctl_opt_status(o);
		}
	}
	if ((rc = ctl_operands(argc, argv, 0, 0, ctl_meeting_usage)) != 0)
		return rc;
	if (!a->since)
		return ctl_usage_error(ctl_meeting_usage, "meeting: --since is required");
	if (strcmp(a->format, "md") != 0 && strcmp(a->format, "html") != 0 && strcmp(a->format, "docx") != 0)
		return ctl_usage_error(ctl_meeting_usage, "meeting: --format must be md, html or docx");
	if (strcmp(a->format, "docx") == 0 && !a->path && isatty(STDOUT_FILENO))
		return ctl_usage_error(ctl_meeting_usage, "meeting: a Word document needs -o FILE (or a pipe)");
	return -1;
}

/* The span from the options: a date-only --until includes its day. -1 to go on, else the exit status. */
static int
meeting_span(const struct meeting_args *a, struct meeting_span *sp)
{
	long long now;

	if (a->now) {
		if (iso8601_parse(a->now, &now) != 0)
			return ctl_usage_error(ctl_meeting_usage, "meeting: --now: expected an ISO 8601 date or time");
		now_set(now);
	}
	if (iso8601_parse(a->since, &sp->since_at) != 0)
		return ctl_usage_error(
		    ctl_meeting_usage, "meeting: --since: expected an ISO 8601 date, e.g. 2026-01-01");
	if (a->until) {
		if (iso8601_parse(a->until, &sp->until_at) != 0)
			return ctl_usage_error(
			    ctl_meeting_usage, "meeting: --until: expected an ISO 8601 date, e.g. 2026-05-11");
		if (strlen(a->until) == 10)
			sp->until_at += 86400;
		if (sp->until_at <= sp->since_at)
			return ctl_usage_error(ctl_meeting_usage, "meeting: --until is before --since");
	}
	sp->since = a->since;
	sp->until = a->until;
	return -1;
}

int
ctl_meeting(struct ctl_ctx *ctx, int argc, char **argv)
{
	struct meeting_args a = {NULL, NULL, "md", NULL, NULL};
	struct meeting_span sp = {0};
	struct rp_docs docs = {0};
	struct rp_obligations ob = {0};
	struct buf out = {0};
	char today[11], *err = NULL;
	int rc;

	if ((rc = meeting_args(argc, argv, &a)) >= 0 || (rc = meeting_span(&a, &sp)) >= 0)
		return rc;
	rc = 1;
	if (!ctl_store(ctx))
		goto out;
	tz_local_date(ctx->cfg ? ctx->cfg->timezone : NULL, now_epoch(), today);
	sp.today = today;
	if (report_documents(ctx->st, sp.since_at, sp.until_at, &docs) != 0 || report_obligations(ctx->st, &ob) != 0) {
		fprintf(stderr, "liaisonctl: meeting: %s\n", store_errmsg(ctx->st));
		goto out;
	}
	if (meeting_write(&out, a.format, &sp, &docs, &ob, &err) != 0) { /* daemon/export/meeting.c */
		fprintf(stderr, "liaisonctl: meeting: %s\n", err);
		goto out;
	}
	rc = ctl_output(a.path, buf_str(&out), out.len) == 0 ? 0 : 1;
out:
	free(err);
	buf_free(&out);
	rp_docs_free(&docs);
	rp_obligations_free(&ob);
	return rc;
}
