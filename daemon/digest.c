/* digest.c: the chairs' digest: what was filed in the last day, deadlines due or overdue, and the outbox's state. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compose.h"
#include "config.h"
#include "ctl.h"
#include "remind.h"
#include "store.h"

#define DAY 86400LL
#define SOON_DAYS 30

struct dg {
	struct buf filed, due;
	char today[11], soon[11];
	size_t nfiled, ndue;
};

static int
filed_one(const struct doc_row *r, void *arg)
{
	struct dg *d = arg;

	d->nfiled++;
	buf_printf(&d->filed, "  - [%s, %s] %s%s%s\n", r->kind, r->direction, r->ref ? r->ref : "", r->ref ? ": " : "",
	    r->subject);
	return 0;
}

static int
due_one(const struct obligation *o, void *arg)
{
	struct dg *d = arg;

	if (!o->deadline || strcmp(o->deadline, d->soon) > 0)
		return 0;
	d->ndue++;
	buf_printf(&d->due, "  - %s %s: %s (%s)%s\n", o->deadline, o->ref ? o->ref : "LS", o->sdo, o->role,
	    strcmp(o->deadline, d->today) < 0 ? "  OVERDUE" : "");
	return 0;
}

char *
digest_text(struct store *st, long long now)
{
	struct dg d = {0};
	struct buf b = {0};

	iso_date(now, d.today);
	iso_date(now + SOON_DAYS * DAY, d.soon);
	store_list(st, NULL, now - DAY, filed_one, &d);
	store_obligations(st, 0, due_one, &d);
	buf_printf(&b, "JCA-MV secretariat digest for %s\n\n", d.today);
	buf_printf(&b, "Filed in the last 24 hours: %zu\n%s\n", d.nfiled, buf_str(&d.filed));
	buf_printf(&b, "Open deadlines due by %s: %zu\n%s\n", d.soon, d.ndue, buf_str(&d.due));
	buf_adds(&b, "Details: liaisonctl list, liaisonctl deadlines, liaisonctl roadmap changes --since YESTERDAY\n");
	buf_free(&d.filed);
	buf_free(&d.due);
	return buf_steal(&b);
}

int
digest_queue(const struct config *cfg, struct store *st, long long now, int *dup, char **err)
{
	struct compose c = {0};
	struct outmail om = {0};
	char *text = digest_text(st, now), *mail = NULL, *key = NULL;
	char today[11];
	long long id;
	size_t len;
	int rc = -1;

	*err = NULL;
	*dup = 0;
	if (cfg->digest_to.n == 0) {
		*err = xstrdup("secretariat.digest_to is empty: nobody to send the digest to");
		goto out;
	}
	local_date(cfg, now, today);
	c.from = cfg->smtp_from;
	c.to = &cfg->digest_to;
	c.subject = "JCA-MV secretariat digest";
	c.auto_submitted = "auto-generated";
	c.body = text;
	c.date = now;
	if (!(mail = compose_mail(&c, &len, err)))
		goto out;
	key = xasprintf("digest:%s", today);
	om.kind = "digest";
	om.dedupe_key = key;
	om.mail_from = cfg->secretariat_address;
	om.rcpt = &cfg->digest_to;
	om.data = mail;
	om.len = len;
	rc = store_outbox_add(st, &om, &id, dup, err);
out:
	free(text);
	free(mail);
	free(key);
	return rc;
}

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
		char *text = digest_text(ctx->st, now);
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
