/* ctl_quarantine.c: liaisonctl quarantine and requeue: messages set aside, and putting one back at its source. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl.h"
#include "ctl_cli.h"
#include "source.h"
#include "store.h"

const char ctl_quarantine_usage[] = "quarantine [--json]\tmessages set aside, with the reason\n";
const char ctl_requeue_usage[] = "requeue ID\tretry a quarantined message (IDs: liaisonctl quarantine)\n";

static int
quarantine_one(long long id, const char *key, const char *reason, long long created, const char *state, void *arg)
{
	int json = *(int *)arg;
	char t[21];

	iso8601_utc(created, t);
	if (json) {
		struct buf b = {0};
		buf_printf(&b, "{\"id\": %lld, \"key\": ", id);
		json_str(&b, key);
		buf_adds(&b, ", \"reason\": ");
		json_str(&b, reason);
		buf_adds(&b, ", \"state\": ");
		json_str(&b, state);
		buf_adds(&b, ", \"created\": ");
		json_str(&b, t);
		buf_addc(&b, '}');
		printf("%s\n", buf_str(&b));
		buf_free(&b);
	} else
		printf("%6lld  %.16s  %-8s  %s: %s\n", id, t, state, key, reason);
	return 0;
}

int
ctl_quarantine(struct ctl_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {{"json", no_argument, NULL, 'j'}, CTL_OPT_HELP, CTL_OPT_END};
	int o, json = 0, rc;

	for (optind = 0; (o = ctl_getopt(argc, argv, "h", opts, ctl_quarantine_usage)) != -1;) {
		switch (o) {
		case 'j': json = 1; break;
		default: return ctl_opt_status(o);
		}
	}
	if ((rc = ctl_operands(argc, argv, 0, 0, ctl_quarantine_usage)) != 0)
		return rc;
	if (!ctl_store(ctx))
		return 1;
	return store_quarantine_list(ctx->st, quarantine_one, &json) == 0 ? 0 : 1;
}

int
ctl_requeue(struct ctl_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {CTL_OPT_HELP, CTL_OPT_END};
	struct source *src = NULL;
	char *key = NULL, *err = NULL;
	long id;
	int o, found, rc;

	optind = 0;
	if ((o = ctl_getopt(argc, argv, "h", opts, ctl_requeue_usage)) != -1) /* only --help */
		return ctl_opt_status(o);
	if ((rc = ctl_operands(argc, argv, 1, 1, ctl_requeue_usage)) != 0)
		return rc;
	if (parse_long(argv[optind], 1, 0x7fffffffL, &id) != 0)
		return ctl_usage_error(ctl_requeue_usage, "requeue: '%s' is not an ID", argv[optind]);
	rc = 1;
	if (!ctl_store(ctx))
		goto out;
	if ((found = store_quarantine_get(ctx->st, id, &key, &err)) <= 0) {
		fprintf(stderr, "liaisonctl: %s\n", found < 0 ? err : "no such quarantined message");
		goto out;
	}
	if (!(src = source_new(ctx->cfg, ctx->st, &err)) || src->ops->requeue(src, key, &err) != SRC_OK) {
		fprintf(stderr, "liaisonctl: requeue %s: %s\n", key, err ? err : "failed");
		goto out;
	}
	/* Back at the source as new mail; its attempt count starts again. */
	store_attempt_end(ctx->st, key);
	if (store_quarantine_done(ctx->st, id, "requeued", &err) != 0) {
		fprintf(stderr, "liaisonctl: %s\n", err);
		goto out;
	}
	printf("requeued %s; the next cycle will process it\n", key);
	rc = 0;
out:
	if (src && src->ops->close)
		src->ops->close(src);
	source_free(src);
	free(key);
	free(err);
	return rc;
}
