/* ctl_outbox.c: liaisonctl outbox: the mail liaisond queued, sent or failed to send (RFC 5321), and retry. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl.h"
#include "ctl_cli.h"
#include "store.h"

const char ctl_outbox_usage[] = "outbox [--json]\tqueued, sent and failed outgoing mail\n"
                                "outbox retry ID\tsend a failed mail again\n";

static int
outbox_one(struct outbox_item *it, void *arg)
{
	int json = *(int *)arg;
	char t[21];

	iso8601_utc(it->created, t);
	if (json) {
		struct buf b = {0};
		buf_printf(&b, "{\"id\": %lld, \"kind\": ", it->id);
		json_str(&b, it->kind);
		buf_adds(&b, ", \"state\": ");
		json_str(&b, it->state);
		buf_adds(&b, ", \"to\": ");
		json_strv(&b, &it->rcpt);
		buf_adds(&b, ", \"created\": ");
		json_str(&b, t);
		buf_printf(&b, ", \"attempts\": %d, \"last_error\": ", it->attempts);
		json_str(&b, it->last_error);
		buf_addc(&b, '}');
		printf("%s\n", buf_str(&b));
		buf_free(&b);
	} else
		printf("%6lld  %.16s  %-8s %-7s %s%s%s\n", it->id, t, it->kind, it->state,
		    it->rcpt.n ? it->rcpt.v[0] : "", it->last_error ? "  error: " : "",
		    it->last_error ? it->last_error : "");
	return 0;
}

static int
outbox_list(struct ctl_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {{"json", no_argument, NULL, 'j'}, CTL_OPT_HELP, CTL_OPT_END};
	int o, json = 0, rc;

	for (optind = 0; (o = ctl_getopt(argc, argv, "h", opts, ctl_outbox_usage)) != -1;) {
		switch (o) {
		case 'j': json = 1; break;
		default: return ctl_opt_status(o);
		}
	}
	if ((rc = ctl_operands(argc, argv, 0, 0, ctl_outbox_usage)) != 0)
		return rc;
	if (!ctl_store(ctx))
		return 1;
	return store_outbox_list(ctx->st, outbox_one, &json) == 0 ? 0 : 1;
}

/* outbox retry ID */
static int
outbox_retry(struct ctl_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {CTL_OPT_HELP, CTL_OPT_END};
	long id;
	int o, rc;

	optind = 0;
	if ((o = ctl_getopt(argc, argv, "h", opts, ctl_outbox_usage)) != -1) /* only --help */
		return ctl_opt_status(o);
	if ((rc = ctl_operands(argc, argv, 1, 1, ctl_outbox_usage)) != 0)
		return rc;
	if (parse_long(argv[optind], 1, 0x7fffffffL, &id) != 0)
		return ctl_usage_error(ctl_outbox_usage, "outbox retry: '%s' is not an ID", argv[optind]);
	if (!ctl_store(ctx))
		return 1;
	if ((rc = store_outbox_retry(ctx->st, id)) < 0) {
		fprintf(stderr, "liaisonctl: %s\n", store_errmsg(ctx->st));
		return 1;
	}
	if (rc == 0) {
		fprintf(stderr, "liaisonctl: no unsent mail %ld in the outbox\n", id);
		return 1;
	}
	printf("outbox %ld queued again; the next cycle sends it\n", id);
	return 0;
}

int
ctl_outbox(struct ctl_ctx *ctx, int argc, char **argv)
{
	/* Without a sub-command, outbox lists; "retry" is the one sub-command. */
	if (argc >= 2 && strcmp(argv[1], "retry") == 0)
		return outbox_retry(ctx, argc - 1, argv + 1);
	return outbox_list(ctx, argc, argv);
}
