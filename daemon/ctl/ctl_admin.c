/* ctl_admin.c: liaisonctl deadlines, ics (RFC 5545), sdo, outbox, digest, quarantine and requeue. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compose.h"
#include "config.h"
#include "ctl.h"
#include "notice.h"
#include "sdo.h"
#include "source.h"
#include "store.h"

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
};

static int
deadline_one(const struct obligation *o, void *arg)
{
	struct dl_ctx *c = arg;
	const char *state = obligation_state(o, c->today);

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
		buf_printf(&b, ", \"document_id\": %lld}", o->doc_id);
		printf("%s\n", buf_str(&b));
		buf_free(&b);
	} else
		printf("%-10s  %-8s  %-16s %-7s %-28s %s\n", o->deadline ? o->deadline : "-", state,
		    o->ref ? o->ref : "-", o->role, o->sdo, o->title ? o->title : "");
	return 0;
}

int
ctl_deadlines(struct ctl_ctx *ctx, int argc, char **argv)
{
	struct dl_ctx c = {ctl_flag(argc, argv, "--json"), "", 0};
	const char *nowarg = ctl_value(argc, argv, "--now");
	long long now;

	if (nowarg) {
		if (iso8601_parse(nowarg, &now) != 0) {
			fprintf(stderr, "liaisonctl: --now: expected an ISO 8601 date or time\n");
			return 2;
		}
		now_set(now);
	}
	local_date(ctx->cfg, now_epoch(), c.today); /* the secretariat's day, as for reminders */
	if (store_obligations(ctx->st, ctl_flag(argc, argv, "--all"), deadline_one, &c) != 0) {
		fprintf(stderr, "liaisonctl: %s\n", store_errmsg(ctx->st));
		return 1;
	}
	return 0;
}

/* RFC 5545 section 3.3.11: backslash, semicolon, comma and newline are escaped in TEXT. */
static void
ics_text(struct buf *b, const char *s)
{
	for (; s && *s; s++) {
		if (*s == '\\' || *s == ';' || *s == ',')
			buf_addc(b, '\\');
		if (*s == '\n')
			buf_adds(b, "\\n");
		else if ((unsigned char)*s >= 0x20 && *s != 0x7f)
			buf_addc(b, *s);
	}
}

/* Section 3.1: lines longer than 75 octets are folded, never inside a UTF-8 sequence. */
static void
ics_line(struct buf *out, const char *line)
{
	size_t len = strlen(line), col = 0;

	for (size_t i = 0; i < len; i++) {
		if (col >= 74 && ((unsigned char)line[i] & 0xc0) != 0x80) {
			buf_adds(out, "\r\n ");
			col = 1;
		}
		buf_addc(out, line[i]);
		col++;
	}
	buf_adds(out, "\r\n");
}

struct ics_ctx {
	struct buf out;
	struct buf bodies;
	long long liaison;
	struct obligation last;
	char stamp[17];
};

static void
ics_flush(struct ics_ctx *c)
{
	struct buf l = {0};
	char date[9];

	if (!c->liaison)
		return;
	snprintf(date, sizeof(date), "%.4s%.2s%.2s", c->last.deadline, c->last.deadline + 5, c->last.deadline + 8);
	ics_line(&c->out, "BEGIN:VEVENT");
	buf_printf(&l, "UID:liaison-%lld-%s@liaisond", c->last.liaison_id, date);
	ics_line(&c->out, buf_str(&l));
	buf_reset(&l);
	buf_printf(&l, "DTSTAMP:%s", c->stamp);
	ics_line(&c->out, buf_str(&l));
	buf_reset(&l);
	buf_printf(&l, "DTSTART;VALUE=DATE:%s", date);
	ics_line(&c->out, buf_str(&l));
	buf_reset(&l);
	buf_adds(&l, "SUMMARY:");
	ics_text(&l, "Deadline ");
	ics_text(&l, c->last.ref ? c->last.ref : "LS");
	ics_text(&l, ": ");
	ics_text(&l, c->last.title ? c->last.title : "");
	ics_line(&c->out, buf_str(&l));
	buf_reset(&l);
	buf_adds(&l, "DESCRIPTION:");
	ics_text(&l, "Asked to answer: ");
	ics_text(&l, buf_str(&c->bodies));
	ics_line(&c->out, buf_str(&l));
	ics_line(&c->out, "TRANSP:TRANSPARENT");
	ics_line(&c->out, "END:VEVENT");
	buf_free(&l);
	buf_reset(&c->bodies);
	obligation_clear(&c->last);
	c->liaison = 0;
}

static int
ics_one(const struct obligation *o, void *arg)
{
	struct ics_ctx *c = arg;

	if (!o->deadline || strlen(o->deadline) != 10 || strcmp(o->state, "open") != 0)
		return 0;
	if (c->liaison && (c->liaison != o->liaison_id || strcmp(c->last.deadline, o->deadline) != 0))
		ics_flush(c);
	if (!c->liaison) {
		c->liaison = o->liaison_id;
		c->last.liaison_id = o->liaison_id;
		c->last.ref = xstrdup(o->ref);
		c->last.title = xstrdup(o->title);
		c->last.deadline = xstrdup(o->deadline);
	}
	buf_printf(&c->bodies, "%s%s (%s)", c->bodies.len ? ", " : "", o->sdo, o->role);
	return 0;
}

int
ctl_ics(struct ctl_ctx *ctx, int argc, char **argv)
{
	struct ics_ctx c = {0};
	char t[21];
	int rc = 1;

	iso8601_utc(now_epoch(), t);
	snprintf(c.stamp, sizeof(c.stamp), "%.4s%.2s%.2sT%.2s%.2s%.2sZ", t, t + 5, t + 8, t + 11, t + 14, t + 17);
	ics_line(&c.out, "BEGIN:VCALENDAR");
	ics_line(&c.out, "VERSION:2.0");
	ics_line(&c.out, "PRODID:-//ITU-T JCA-MV//liaisond " LSD_VERSION "//EN");
	ics_line(&c.out, "CALSCALE:GREGORIAN");
	ics_line(&c.out, "X-WR-CALNAME:JCA-MV liaison deadlines");
	if (store_obligations(ctx->st, 0, ics_one, &c) != 0) {
		fprintf(stderr, "liaisonctl: %s\n", store_errmsg(ctx->st));
		goto out;
	}
	ics_flush(&c);
	ics_line(&c.out, "END:VCALENDAR");
	rc = ctl_output(ctl_value(argc, argv, "-o"), buf_str(&c.out), c.out.len) == 0 ? 0 : 1;
out:
	buf_free(&c.out);
	buf_free(&c.bodies);
	obligation_clear(&c.last);
	return rc;
}

struct sdo_ctx {
	const struct sdo_dir *dir;
	int json;
};

static int
unknown_one(const char *name, long long count, void *arg)
{
	struct sdo_ctx *c = arg;

	if (sdo_find(c->dir, name) >= 0)
		return 0;
	if (c->json) {
		struct buf b = {0};
		buf_adds(&b, "{\"name\": ");
		json_str(&b, name);
		buf_printf(&b, ", \"known\": false, \"mentions\": %lld}", count);
		printf("%s\n", buf_str(&b));
		buf_free(&b);
	} else
		printf("%-40s %lld mention%s\n", name, count, count == 1 ? "" : "s");
	return 0;
}

static int
sdo_list(struct ctl_ctx *ctx, int argc, char **argv)
{
	struct sdo_ctx c = {ctx->dir, ctl_flag(argc, argv, "--json")};

	if (ctl_flag(argc, argv, "--unknown"))
		return store_sdo_seen(ctx->st, unknown_one, &c) == 0 ? 0 : 1;
	for (size_t i = 0; i < sdo_count(ctx->dir); i++) {
		struct strv contacts = {0};
		const struct strv *dc = sdo_contacts(ctx->dir, i);
		for (size_t j = 0; dc && j < dc->n; j++)
			strv_push_unique(&contacts, dc->v[j]);
		store_sdo_contacts(ctx->st, sdo_name(ctx->dir, i), &contacts);
		if (c.json) {
			struct buf b = {0};
			buf_adds(&b, "{\"name\": ");
			json_str(&b, sdo_name(ctx->dir, i));
			buf_adds(&b, ", \"known\": true, \"aliases\": ");
			json_strv(&b, sdo_aliases(ctx->dir, i));
			buf_adds(&b, ", \"domains\": ");
			json_strv(&b, sdo_domains(ctx->dir, i));
			buf_adds(&b, ", \"contacts\": ");
			json_strv(&b, &contacts);
			buf_addc(&b, '}');
			printf("%s\n", buf_str(&b));
			buf_free(&b);
		} else {
			printf("%s", sdo_name(ctx->dir, i));
			for (size_t j = 0; j < contacts.n; j++)
				printf("%s%s", j ? ", " : "  <", contacts.v[j]);
			printf("%s\n", contacts.n ? ">" : "");
		}
		strv_free(&contacts);
	}
	return 0;
}

int
ctl_sdo(struct ctl_ctx *ctx, int argc, char **argv)
{
	const char *name;
	char *addr = NULL, *err = NULL;
	int rc = 1;

	if (argc >= 2 && strcmp(argv[1], "list") == 0)
		return sdo_list(ctx, argc - 1, argv + 1);
	if (argc != 5 || strcmp(argv[1], "contact") != 0 || strcmp(argv[2], "add") != 0) {
		fprintf(stderr,
		    "usage: liaisonctl sdo list [--json] [--unknown]\n"
		    "       liaisonctl sdo contact add SDO EMAIL\n");
		return 2;
	}
	if (!(name = sdo_canonical(ctx->dir, argv[3]))) {
		fprintf(stderr,
		    "liaisonctl: %s is not in the directory of standards bodies (see: liaisonctl sdo list)\n", argv[3]);
		return 1;
	}
	if (!(addr = address_only(argv[4]))) {
		fprintf(stderr, "liaisonctl: %s is not an e-mail address\n", argv[4]);
		return 2;
	}
	if (store_sdo_contact_add(ctx->st, name, addr, &err) != 0) {
		fprintf(stderr, "liaisonctl: %s\n", err);
		goto out;
	}
	printf("%s: liaison contact %s\n", name, addr);
	rc = 0;
out:
	free(err);
	free(addr);
	return rc;
}

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

int
ctl_outbox(struct ctl_ctx *ctx, int argc, char **argv)
{
	int json = ctl_flag(argc, argv, "--json"), rc;
	long id;

	if (argc >= 2 && strcmp(argv[1], "retry") == 0) {
		if (argc != 3 || parse_long(argv[2], 1, 0x7fffffffL, &id) != 0) {
			fprintf(stderr, "usage: liaisonctl outbox retry ID\n");
			return 2;
		}
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
	return store_outbox_list(ctx->st, outbox_one, &json) == 0 ? 0 : 1;
}

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
	int json = ctl_flag(argc, argv, "--json");

	return store_quarantine_list(ctx->st, quarantine_one, &json) == 0 ? 0 : 1;
}

int
ctl_requeue(struct ctl_ctx *ctx, int argc, char **argv)
{
	struct source *src = NULL;
	char *key = NULL, *err = NULL;
	long id;
	int found, rc = 1;

	if (argc != 2 || parse_long(argv[1], 1, 0x7fffffffL, &id) != 0) {
		fprintf(stderr, "usage: liaisonctl requeue ID   (IDs: liaisonctl quarantine)\n");
		return 2;
	}
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
