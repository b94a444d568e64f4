/* ctl_report.c: `liaisonctl report`: one self-contained page showing where every liaison stands. */
/* SPDX-License-Identifier: Apache-2.0 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "ctl.h"
#include "ctl_cli.h"
#include "exports.h"
#include "tzclock.h"

const char ctl_report_usage[] =
    "report [--format html] [-o FILE] [--now ISO8601]\tthe register, answers, deadlines and roadmap on one page\n";

int
ctl_report(struct ctl_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"format", required_argument, NULL, 'f'},
	    {"output", required_argument, NULL, 'o'},
	    {"now", required_argument, NULL, 'n'},
	    CTL_OPT_HELP,
	    CTL_OPT_END,
	};
	const char *format = "html", *path = NULL, *nowarg = NULL;
	struct buf out = {0};
	char today[11], *err = NULL;
	long long now;
	int o, rc;

	for (optind = 0; (o = ctl_getopt(argc, argv, "f:ho:", opts, ctl_report_usage)) != -1;) {
		switch (o) {
		case 'f': format = optarg; break;
		case 'o': path = optarg; break;
		case 'n': nowarg = optarg; break;
		default: return ctl_opt_status(o);
		}
	}
	if ((rc = ctl_operands(argc, argv, 0, 0, ctl_report_usage)) != 0)
		return rc;
	if (strcmp(format, "html") != 0)
		return ctl_usage_error(ctl_report_usage, "report: --format must be html");
	if (nowarg) {
		if (iso8601_parse(nowarg, &now) != 0)
			return ctl_usage_error(ctl_report_usage, "report: --now: expected an ISO 8601 date or time");
		now_set(now);
	}
	rc = 1;
	if (!ctl_store(ctx))
		goto out;
	/* the secretariat's day: what is overdue */
	tz_local_date(ctx->cfg ? ctx->cfg->timezone : NULL, now_epoch(), today);
	if (export_report(ctx->st, today, &out, &err) != 0) { /* daemon/export/exports.c */
		fprintf(stderr, "liaisonctl: %s\n", err);
		goto out;
	}
	rc = ctl_output(path, buf_str(&out), out.len) == 0 ? 0 : 1;
out:
	free(err);
	buf_free(&out);
	return rc;
}
