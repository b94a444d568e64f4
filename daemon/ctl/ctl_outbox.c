/* ctl_outbox.c: liaisonctl outbox: the mail liaisond queued, sent or failed to send (RFC 5321), and retry. */
/* SPDX-License-Identifier: Apache-2.0 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
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
	struct store *st;
	int rc; /* a recipient list could not be read */
};

/* The recipients' fates, for --json. */
static int
rcpt_json(const struct delivery_row *d, void *arg)
{
	struct buf *b = arg;
	char t[21];

	buf_adds(b, b->s[b->len - 1] == '[' ? "{\"to\": " : ", {\"to\": ");
	json_str(b, d->rcpt);
	buf_adds(b, ", \"state\": ");
	json_str(b, d->state);
	buf_printf(b, ", \"attempts\": %d, \"last_error\": ", d->attempts);
	json_str(b, d->last_error);
	buf_adds(b, ", \"done\": ");
	if (d->done) {
		iso8601_utc(d->done, t);
		json_str(b, t);
	} else
		buf_adds(b, "null");
	buf_addc(b, '}');
	return 0;
}

static int
outbox_json(struct store *st, const struct outbox_item *it, const char *created)
{
	struct buf b = {0};
	int rc;

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
	buf_adds(&b, ", \"recipients\": [");
	rc = store_deliveries(st, it->id, rcpt_json, &b);
	buf_adds(&b, "]}");
	printf("%s\n", buf_str(&b));
	buf_free(&b);
	return rc;
}

struct rcpt_rows {
	struct outbox_ctx *c;
	const struct outbox_item *it;
	const char *created;
	int n;
};

/* One text row per recipient: each has its own state, attempts and the server's words. */
static int
rcpt_row(const struct delivery_row *d, void *arg)
{
	struct rcpt_rows *r = arg;
	struct ctl_table *t = r->c->t;

	/* A cancelled mail shows as such for those it did not reach. */
	const char *state =
	    strcmp(r->it->state, "cancelled") == 0 && strcmp(d->state, "sent") != 0 && strcmp(d->state, "failed") != 0
	    ? "cancelled"
	    : d->state;

	ctl_table_addf(t, "%lld", r->it->id);
	ctl_table_addf(t, "%.16s", r->created);
	ctl_table_add(t, r->it->kind);
	ctl_table_add(t, state);
	ctl_table_add(t, d->rcpt);
	ctl_table_addf(t, "%d", d->attempts);
	ctl_table_add(t, d->last_error ? d->last_error : "-");
	r->n++;
	return 0;
}

static int
outbox_one(struct outbox_item *it, void *arg)
{
	struct outbox_ctx *c = arg;
	struct rcpt_rows r = {c, it, NULL, 0};
	char t[21];

	iso8601_utc(it->created, t);
	r.created = t;
	if (c->json)
		c->rc |= outbox_json(c->st, it, t) != 0;
	else
		c->rc |= store_deliveries(c->st, it->id, rcpt_row, &r) != 0;
	return c->rc;
}

/* After the list: a server that is failing, with its words and when it is tried next. */
static void
server_note(struct ctl_ctx *ctx)
{
	struct server_state ss;
	char since[21], next[21];

	if (store_server_get(ctx->st, ctx->cfg->smtp_url, &ss) == 1) {
		iso8601_utc(ss.since, since);
		iso8601_utc(ss.next_attempt, next);
		printf("\nserver %s failing since %.16s (%d attempts), next try %.16s: %s\n", ctx->cfg->smtp_url, since,
		    ss.failures, next, ss.last_error ? ss.last_error : "-");
	}
	server_state_clear(&ss);
}

static int
outbox_list(struct ctl_ctx *ctx, int argc, char **argv)
{
	struct outbox_ctx c = {0, NULL, NULL, 0};
	int rc;

	if ((rc = ctl_json_args(argc, argv, 0, 0, ctl_outbox_usage, &c.json)) >= 0)
		return rc;
	rc = 0;
	if (!ctl_store(ctx))
		return 1;
	c.t = ctl_table_new(outbox_cols, sizeof(outbox_cols) / sizeof(*outbox_cols));
	c.st = ctx->st;
	if (store_outbox_list(ctx->st, outbox_one, &c) != 0 || c.rc) {
		fprintf(stderr, "liaisonctl: %s\n", store_errmsg(ctx->st));
		rc = 1;
	} else if (!c.json && ctl_table_print(c.t, CTL_FORMAT_TEXT) != 0)
		rc = 1;
	else if (!c.json)
		server_note(ctx);
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

/* One recipient's fate, for outbox show. */
static int
show_rcpt(const struct delivery_row *d, void *arg)
{
	char t[21];

	(void)arg;
	printf("recipient:  %s: %s, %d attempt%s", d->rcpt, d->state, d->attempts, d->attempts == 1 ? "" : "s");
	if (d->done) {
		iso8601_utc(d->done, t);
		printf(", %s %.16s", d->state, t);
	} else if (strcmp(d->state, "queued") == 0) {
		iso8601_utc(d->next_attempt, t);
		printf(", next try %.16s", t);
	}
	printf("%s%s\n", d->last_error ? ": " : "", d->last_error ? d->last_error : "");
	return 0;
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
	printf("envelope:   from %s to", *it.mail_from ? it.mail_from : "<> (null: nothing bounces back)");
	for (size_t i = 0; i < it.rcpt.n; i++)
		printf("%s%s", i ? ", " : " ", it.rcpt.v[i]);
	printf("\nattempts:   %d\n", it.attempts);
	if (store_deliveries(ctx->st, it.id, show_rcpt, NULL) != 0)
		fprintf(stderr, "liaisonctl: %s\n", store_errmsg(ctx->st));
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
