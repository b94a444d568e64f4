/* ctl_digest.c: liaisonctl digest: print the chairs' digest (--dry-run) or queue it for sending. */
/* SPDX-License-Identifier: Apache-2.0 */
#include <stdio.h>
#include <stdlib.h>

#include "config.h"
#include "digest.h"
#include "digest_store.h"
#include "ctl.h"
#include "ctl_cli.h"
#include "notice.h"
#include "tzclock.h"
#include "util.h"

const char ctl_digest_usage[] =
    "digest [--now ISO8601] [--dry-run [--html]]\tprint (dry run: its text, or its HTML) or queue the digest\n";

/* The digest as it would be sent now, printed; nothing queued, the mark left where it is. */
static int
dry_run(struct ctl_ctx *ctx, long long now, int html)
{
	struct digest d = {0};
	struct digest_window w;
	char *out;

	if (digest_gather(ctx->cfg, ctx->st, ctx->dir, now, &d, &w) != 0) {
		fprintf(stderr, "liaisonctl: %s\n", store_errmsg(ctx->st));
		return 1;
	}
	out = html ? digest_html(&d) : digest_text(&d);
	if (!html) {
		char *subj = digest_subject(&d);
		printf("Subject: %s\n\n", subj);
		free(subj);
	}
	fputs(out, stdout);
	free(out);
	digest_clear(&d);
	return 0;
}

int
ctl_digest(struct ctl_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"now", required_argument, NULL, 'n'},
	    {"dry-run", no_argument, NULL, 'd'},
	    {"html", no_argument, NULL, 'H'},
	    CTL_OPT_HELP,
	    CTL_OPT_END,
	};
	const char *nowarg = NULL;
	char *err = NULL, today[11];
	long long now;
	int o, dry = 0, html = 0, dup, rc;

	/* Read every option before acting: a misspelt --dry-run must not send the digest. */
	for (optind = 0; (o = ctl_getopt(argc, argv, "h", opts, ctl_digest_usage)) != -1;) {
		switch (o) {
		case 'n': nowarg = optarg; break;
		case 'd': dry = 1; break;
		case 'H': html = 1; break;
		default: return ctl_opt_status(o);
		}
	}
	if ((rc = ctl_operands(argc, argv, 0, 0, ctl_digest_usage)) != 0)
		return rc;
	if (html && !dry)
		return ctl_usage_error(ctl_digest_usage, "digest: --html only with --dry-run");
	if (nowarg) {
		if (iso8601_parse(nowarg, &now) != 0) {
			fprintf(stderr, "liaisonctl: --now: expected an ISO 8601 date or time\n");
			return 2;
		}
		now_set(now);
	}
	if (!ctl_store(ctx))
		return 1;
	now = now_epoch();
	if (dry)
		return dry_run(ctx, now, html);
	if (digest_queue(ctx->cfg, ctx->st, ctx->dir, now, &dup, &err) != 0) {
		fprintf(stderr, "liaisonctl: %s\n", err);
		free(err);
		return 1;
	}
	tz_local_date(ctx->cfg->timezone, now, today);
	if (dup)
		printf("the digest for %s is in the outbox already (liaisonctl outbox); nothing queued\n", today);
	else {
		printf("digest for %s queued to", today);
		for (size_t i = 0; i < ctx->cfg->digest_to.n; i++)
			printf("%s%s", i ? ", " : " ", ctx->cfg->digest_to.v[i]);
		printf("; the daemon's next cycle sends it\n");
	}
	return 0;
}
