/* ctl_digest.c: liaisonctl digest: print the chairs' digest (--dry-run) or queue it for sending. */
#include <stdio.h>
#include <stdlib.h>

#include "ctl.h"
#include "notice.h"
#include "util.h"

int
ctl_digest(struct ctl_ctx *ctx, int argc, char **argv)
{
	const char *nowarg = ctl_value(argc, argv, "--now");
	char *err = NULL, today[11];
	long long now;
	int dup;

	if (nowarg) {
		if (iso8601_parse(nowarg, &now) != 0) {
			fprintf(stderr, "liaisonctl: --now: expected an ISO 8601 date or time\n");
			return 2;
		}
		now_set(now);
	}
	now = now_epoch();
	if (ctl_flag(argc, argv, "--dry-run")) {
		char *text = digest_text(ctx->cfg, ctx->st, now);
		fputs(text, stdout);
		free(text);
		return 0;
	}
	if (digest_queue(ctx->cfg, ctx->st, now, &dup, &err) != 0) {
		fprintf(stderr, "liaisonctl: %s\n", err);
		free(err);
		return 1;
	}
	local_date(ctx->cfg, now, today);
	printf(dup ? "the digest for %s is already queued\n" : "digest for %s queued\n", today);
	return 0;
}
