/* ctl_quarantine.c: liaisonctl quarantine and requeue: messages set aside, and putting one back at its source. */
/* SPDX-License-Identifier: Apache-2.0 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "ctl.h"
#include "ctl_cli.h"
#include "ctl_table.h"
#include "source.h"
#include "store.h"

const char ctl_quarantine_usage[] = "quarantine [--json]\tmessages set aside, with the reason\n"
                                    "quarantine show ID\tone: the reason, when, its key, its headers\n"
                                    "quarantine discard ID\tforget one; it stays at the source\n";
const char ctl_requeue_usage[] = "requeue ID\tretry a quarantined message (IDs: liaisonctl quarantine)\n";

/* quarantine's text columns: the time to the minute; the key and the reason in full. */
static const struct ctl_col quarantine_cols[] = {
    {"id", 0, CTL_COL_RIGHT}, {"created", 0, 0}, {"state", 0, 0}, {"key", 0, 0}, {"reason", 0, 0}};

struct quarantine_ctx {
	int json;
	struct ctl_table *t; /* the text form */
};

static int
quarantine_one(long long id, const char *key, const char *reason, long long created, const char *state, void *arg)
{
	struct quarantine_ctx *c = arg;
	char t[21];

	iso8601_utc(created, t);
	if (c->json) {
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
		return 0;
	}
	ctl_table_addf(c->t, "%lld", id);
	ctl_table_addf(c->t, "%.16s", t);
	ctl_table_add(c->t, state);
	ctl_table_add(c->t, key);
	ctl_table_add(c->t, reason);
	return 0;
}

/* The ID operand of "quarantine WORD ID" (only --help as an option): 0 with *id, else the exit status. */
static int
id_operand(int argc, char **argv, long *id)
{
	static const struct option opts[] = {CTL_OPT_HELP, CTL_OPT_END};
	int o, rc;

	optind = 0;
	if ((o = ctl_getopt(argc, argv, "h", opts, ctl_quarantine_usage)) != -1)
		return ctl_opt_status(o);
	if ((rc = ctl_operands(argc, argv, 1, 1, ctl_quarantine_usage)) != 0)
		return rc;
	if (parse_long(argv[optind], 1, 0x7fffffffL, id) != 0)
		return ctl_usage_error(ctl_quarantine_usage, "quarantine %s: '%s' is not an ID", argv[0], argv[optind]);
	return 0;
}

/*
 * Where the message is now. The store keeps no copy of a message it did not file: a Maildir
 * keeps it in the quarantine folder under its own name, an IMAP server in the quarantine folder.
 * Owned; NULL when it is not a Maildir.
 */
static char *
maildir_path(const struct config *cfg, const char *key)
{
	const char *base = strrchr(key, '/');

	if (strncmp(cfg->mailbox_url, "maildir:", 8) != 0)
		return NULL;
	return xasprintf("%s/.%s/cur/%s", cfg->mailbox_url + 8, cfg->quarantine_folder, base ? base + 1 : key);
}

/* The header section of the file at path (at most 64 KB), for a terminal: control characters as '?'. */
static void
print_headers(const char *path)
{
	char buf[65536];
	ssize_t n = -1;
	int e, fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);

	if (fd >= 0) {
		n = read(fd, buf, sizeof(buf));
		e = errno;
		close(fd);
		errno = e;
	}
	if (n < 0) {
		printf("(its headers cannot be read: %s)\n", strerror(errno));
		return;
	}
	for (ssize_t i = 0, bol = 1; i < n; i++) {
		unsigned char c = (unsigned char)buf[i];
		if (bol && (c == '\n' || (c == '\r' && i + 1 < n && buf[i + 1] == '\n')))
			break; /* the blank line: the body follows */
		bol = c == '\n';
		if (c != '\r')
			putchar(c == '\n' || c == '\t' || (c >= 0x20 && c != 0x7f) ? c : '?');
	}
}

/* quarantine show ID */
static int
quarantine_show(struct ctl_ctx *ctx, int argc, char **argv)
{
	struct quarantine_row q;
	char t[21], *path = NULL;
	long id;
	int rc, found;

	if ((rc = id_operand(argc, argv, &id)) != 0)
		return rc;
	if (!ctl_store(ctx))
		return 1;
	if ((found = store_quarantine_row(ctx->st, id, &q)) <= 0) {
		fprintf(stderr, "liaisonctl: %s\n", found < 0 ? store_errmsg(ctx->st) : "no such quarantined message");
		return 1;
	}
	iso8601_utc(q.created, t);
	printf("quarantine: %lld\nstate:      %s\nwhen:       %s\nkey:        %s\nreason:     %s\n", q.id, q.state, t,
	    q.source_key, q.reason);
	if (strcmp(q.state, "held") != 0)
		printf("where:      back at the source for another try\n");
	else if ((path = maildir_path(ctx->cfg, q.source_key)) != NULL) {
		printf("where:      %s\n\n", path);
		print_headers(path);
	} else
		printf("where:      the mailbox's folder %s\n", ctx->cfg->quarantine_folder);
	free(path);
	quarantine_row_clear(&q);
	return 0;
}

/* quarantine discard ID: the record goes; the message stays where the source set it aside. */
static int
quarantine_discard(struct ctl_ctx *ctx, int argc, char **argv)
{
	struct quarantine_row q;
	long id;
	int rc, found;

	if ((rc = id_operand(argc, argv, &id)) != 0)
		return rc;
	if (!ctl_store(ctx))
		return 1;
	rc = 1;
	if ((found = store_quarantine_row(ctx->st, id, &q)) > 0)
		found = store_quarantine_forget(ctx->st, id);
	if (found <= 0) {
		fprintf(stderr, "liaisonctl: %s\n", found < 0 ? store_errmsg(ctx->st) : "no such quarantined message");
		goto out;
	}
	printf("quarantine %ld discarded: %s is no longer listed", id, q.source_key);
	if (strcmp(q.state, "held") == 0)
		printf("; the message stays in the folder %s at the source", ctx->cfg->quarantine_folder);
	putchar('\n');
	rc = 0;
out:
	quarantine_row_clear(&q);
	return rc;
}

static int
quarantine_list(struct ctl_ctx *ctx, int argc, char **argv)
{
	struct quarantine_ctx c = {0, NULL};
	int rc;

	if ((rc = ctl_json_args(argc, argv, 0, 0, ctl_quarantine_usage, &c.json)) >= 0)
		return rc;
	rc = 0;
	if (!ctl_store(ctx))
		return 1;
	c.t = ctl_table_new(quarantine_cols, sizeof(quarantine_cols) / sizeof(*quarantine_cols));
	if (store_quarantine_list(ctx->st, quarantine_one, &c) != 0) {
		fprintf(stderr, "liaisonctl: %s\n", store_errmsg(ctx->st));
		rc = 1;
	} else if (!c.json && ctl_table_print(c.t, CTL_FORMAT_TEXT) != 0)
		rc = 1;
	ctl_table_free(c.t);
	return rc;
}

int
ctl_quarantine(struct ctl_ctx *ctx, int argc, char **argv)
{
	/* Without a sub-command, quarantine lists. */
	if (argc >= 2 && strcmp(argv[1], "show") == 0)
		return quarantine_show(ctx, argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "discard") == 0)
		return quarantine_discard(ctx, argc - 1, argv + 1);
	return quarantine_list(ctx, argc, argv);
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
