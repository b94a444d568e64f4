/* ctl_outbox.c: liaisonctl outbox: the mail liaisond queued, sent or failed to send (RFC 5321), and retry. */
/* SPDX-License-Identifier: Apache-2.0 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl.h"
#include "ctl_cli.h"
#include "ctl_table.h"
#include "doc.h"
#include "message.h"
#include "store.h"

const char ctl_outbox_usage[] = "outbox [--json]\tqueued, sent and failed outgoing mail\n"
                                "outbox show ID\tone mail: its state, recipients and text\n"
                                "outbox cancel ID\tnever send a queued or failed mail\n"
                                "outbox retry ID\tsend a failed mail again\n";

/* outbox's text columns: the time to the minute, the recipients as far as they fit. */
static const struct ctl_col outbox_cols[] = {{"id", 0, CTL_COL_RIGHT}, {"created", 0, 0}, {"kind", 0, 0},
    {"state", 0, 0}, {"to", 40, 0}, {"attempts", 0, CTL_COL_RIGHT}, {"error", 0, 0}};

struct outbox_ctx {
	int json;
	struct ctl_table *t; /* the text form */
};

static void
outbox_json(const struct outbox_item *it, const char *created)
{
	struct buf b = {0};

	buf_printf(&b, "{\"id\": %lld, \"kind\": ", it->id);
	json_str(&b, it->kind);
	buf_adds(&b, ", \"state\": ");
	json_str(&b, it->state);
	buf_adds(&b, ", \"to\": ");
	json_strv(&b, &it->rcpt);
	buf_adds(&b, ", \"created\": ");
	json_str(&b, created);
	buf_printf(&b, ", \"attempts\": %d, \"last_error\": ", it->attempts);
	json_str(&b, it->last_error);
	buf_addc(&b, '}');
	printf("%s\n", buf_str(&b));
	buf_free(&b);
}

static int
outbox_one(struct outbox_item *it, void *arg)
{
	struct outbox_ctx *c = arg;
	struct buf to = {0};
	char t[21];

	iso8601_utc(it->created, t);
	if (c->json) {
		outbox_json(it, t);
		return 0;
	}
	for (size_t i = 0; i < it->rcpt.n; i++)
		buf_printf(&to, "%s%s", i ? ", " : "", it->rcpt.v[i]);
	ctl_table_addf(c->t, "%lld", it->id);
	ctl_table_addf(c->t, "%.16s", t);
	ctl_table_add(c->t, it->kind);
	ctl_table_add(c->t, it->state);
	ctl_table_add(c->t, buf_str(&to));
	ctl_table_addf(c->t, "%d", it->attempts);
	ctl_table_add(c->t, it->last_error ? it->last_error : "-");
	buf_free(&to);
	return 0;
}

static int
outbox_list(struct ctl_ctx *ctx, int argc, char **argv)
{
	struct outbox_ctx c = {0, NULL};
	int rc;

	if ((rc = ctl_json_args(argc, argv, 0, 0, ctl_outbox_usage, &c.json)) >= 0)
		return rc;
	rc = 0;
	if (!ctl_store(ctx))
		return 1;
	c.t = ctl_table_new(outbox_cols, sizeof(outbox_cols) / sizeof(*outbox_cols));
	if (store_outbox_list(ctx->st, outbox_one, &c) != 0) {
		fprintf(stderr, "liaisonctl: %s\n", store_errmsg(ctx->st));
		rc = 1;
	} else if (!c.json && ctl_table_print(c.t, CTL_FORMAT_TEXT) != 0)
		rc = 1;
	ctl_table_free(c.t);
	return rc;
}

/* The ID operand of "outbox WORD ID" (only --help as an option): 0 with *id, else the exit status. */
static int
id_operand(int argc, char **argv, long *id)
{
	static const struct option opts[] = {CTL_OPT_HELP, CTL_OPT_END};
	int o, rc;

	optind = 0;
	if ((o = ctl_getopt(argc, argv, "h", opts, ctl_outbox_usage)) != -1)
		return ctl_opt_status(o);
	if ((rc = ctl_operands(argc, argv, 1, 1, ctl_outbox_usage)) != 0)
		return rc;
	if (parse_long(argv[optind], 1, 0x7fffffffL, id) != 0)
		return ctl_usage_error(ctl_outbox_usage, "outbox %s: '%s' is not an ID", argv[0], argv[optind]);
	return 0;
}

/* Why a mail could not be retried or cancelled: it is not there, or its state. Returns 1 (exit status). */
static int
not_done(struct ctl_ctx *ctx, long id, const char *what)
{
	struct outbox_item it;
	int found = store_outbox_get(ctx->st, id, &it);

	if (found < 0)
		fprintf(stderr, "liaisonctl: %s\n", store_errmsg(ctx->st));
	else if (found == 0)
		fprintf(stderr, "liaisonctl: no mail %ld in the outbox\n", id);
	else
		fprintf(stderr, "liaisonctl: outbox %ld is %s: nothing to %s\n", id, it.state, what);
	outbox_item_clear(&it);
	return 1;
}

/* outbox retry ID */
static int
outbox_retry(struct ctl_ctx *ctx, int argc, char **argv)
{
	long id;
	int rc;

	if ((rc = id_operand(argc, argv, &id)) != 0)
		return rc;
	if (!ctl_store(ctx))
		return 1;
	if ((rc = store_outbox_retry(ctx->st, id)) < 0) {
		fprintf(stderr, "liaisonctl: %s\n", store_errmsg(ctx->st));
		return 1;
	}
	if (rc == 0)
		return not_done(ctx, id, "retry");
	printf("outbox %ld queued again; the next cycle sends it\n", id);
	return 0;
}

/* outbox cancel ID: a mail the daemon is sending at this moment still goes; it checks every other before sending. */
static int
outbox_cancel(struct ctl_ctx *ctx, int argc, char **argv)
{
	long id;
	int rc;

	if ((rc = id_operand(argc, argv, &id)) != 0)
		return rc;
	if (!ctl_store(ctx))
		return 1;
	if ((rc = store_outbox_cancel(ctx->st, id)) < 0) {
		fprintf(stderr, "liaisonctl: %s\n", store_errmsg(ctx->st));
		return 1;
	}
	if (rc == 0)
		return not_done(ctx, id, "cancel");
	printf("outbox %ld cancelled: it will not be sent\n", id);
	return 0;
}

/* Text for a terminal: CR dropped, other control characters (but tab and newline) as '?'. */
static void
print_clean(const char *data, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)data[i];
		if (c != '\r')
			putchar(c == '\n' || c == '\t' || (c >= 0x20 && c != 0x7f) ? c : '?');
	}
	if (len && data[len - 1] != '\n')
		putchar('\n');
}

/* The mail's header as stored, then its text decoded (quoted-printable, base64) as the recipients read it. */
static void
print_mail(const char *data, size_t len)
{
	const char *end = strstr(data, "\r\n\r\n"), *lf = strstr(data, "\n\n");
	char *err = NULL, *text;
	struct msg *m = msg_parse(data, len, &err);
	size_t hlen = len;

	text = m ? doc_text(m->body) : NULL;

	if (lf && (!end || lf < end))
		end = lf;
	if (end && text)
		hlen = (size_t)(end - data);
	print_clean(data, hlen);
	if (end && text) {
		putchar('\n');
		print_clean(text, strlen(text));
	}
	free(text);
	free(err);
	msg_free(m);
}

/* outbox show ID */
static int
outbox_show(struct ctl_ctx *ctx, int argc, char **argv)
{
	struct outbox_item it = {0};
	char t[21];
	long id;
	int rc, found;

	if ((rc = id_operand(argc, argv, &id)) != 0)
		return rc;
	if (!ctl_store(ctx))
		return 1;
	if ((found = store_outbox_get(ctx->st, id, &it)) <= 0) {
		fprintf(stderr, "liaisonctl: %s\n", found < 0 ? store_errmsg(ctx->st) : "no such mail in the outbox");
		return 1;
	}
	iso8601_utc(it.created, t);
	printf("outbox:     %lld (%s)\nstate:      %s\nqueued:     %s\n", it.id, it.kind, it.state, t);
	printf("envelope:   from %s to", it.mail_from);
	for (size_t i = 0; i < it.rcpt.n; i++)
		printf("%s%s", i ? ", " : " ", it.rcpt.v[i]);
	printf("\nattempts:   %d\n", it.attempts);
	if (strcmp(it.state, "sent") == 0) {
		iso8601_utc(it.sent, t);
		printf("sent:       %s\n", t);
	} else if (strcmp(it.state, "queued") == 0) {
		iso8601_utc(it.next_attempt, t);
		printf("next try:   %s\n", t);
	}
	if (it.last_error)
		printf("last error: %s\n", it.last_error);
	putchar('\n');
	print_mail(it.data, it.len);
	outbox_item_clear(&it);
	return 0;
}

int
ctl_outbox(struct ctl_ctx *ctx, int argc, char **argv)
{
	static const struct ctl_sub subs[] = {
	    {"show", outbox_show}, {"cancel", outbox_cancel}, {"retry", outbox_retry}};

	/* Without a sub-command, outbox lists. */
	for (size_t i = 0; argc >= 2 && i < sizeof(subs) / sizeof(*subs); i++)
		if (strcmp(argv[1], subs[i].name) == 0)
			return subs[i].fn(ctx, argc - 1, argv + 1);
	return outbox_list(ctx, argc, argv);
}
