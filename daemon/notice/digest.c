/* digest.c: the chairs' digest: what was filed in the last day, deadlines due or overdue, and the outbox's state. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compose.h"
#include "config.h"
#include "notice.h"
#include "roadmap_store.h"
#include "store.h"

#define DAY 86400LL
#define SOON_DAYS 30

struct dg {
	struct buf filed, due, flagged;
	char today[11], soon[11];
	size_t nfiled, ndue, nflagged;
	long long liaison; /* the statement whose bodies are being listed on the current line */
	char deadline[11];
};

static int
filed_one(const struct doc_row *r, void *arg)
{
	struct dg *d = arg;

	d->nfiled++;
	buf_printf(&d->filed, "  - [%s, %s] %s%s%s\n", r->kind, r->direction, r->ref ? r->ref : "", r->ref ? ": " : "",
	    r->subject);
	/* Roadmap rows kept but flagged (unknown category or status, rejected rows) need a person. */
	if (r->warnings_json && strstr(r->warnings_json, "roadmap row")) {
		d->nflagged++;
		buf_printf(&d->flagged, "  - document %lld (%s): %s\n", r->id, r->subject, r->warnings_json);
	}
	return 0;
}

static int
due_one(const struct obligation *o, void *arg)
{
	struct dg *d = arg;

	if (!o->deadline || strcmp(o->deadline, d->soon) > 0)
		return 0;
	d->ndue++;
	/* One line per statement and deadline, its silent bodies after it. */
	if (o->liaison_id != d->liaison || strcmp(o->deadline, d->deadline) != 0) {
		buf_printf(&d->due, "%s  - %s %s%s: %s", d->liaison ? "\n" : "", o->deadline, o->ref ? o->ref : "LS",
		    strcmp(o->deadline, d->today) < 0 ? " (OVERDUE)" : "", o->sdo);
		d->liaison = o->liaison_id;
		snprintf(d->deadline, sizeof(d->deadline), "%s", o->deadline);
	} else
		buf_printf(&d->due, ", %s", o->sdo);
	if (strcmp(o->role, "comment") == 0)
		buf_adds(&d->due, " (comment)");
	return 0;
}

char *
digest_text(const struct config *cfg, struct store *st, long long now)
{
	struct dg d = {0};
	struct buf b = {0};

	local_date(cfg, now, d.today);
	local_date(cfg, now + SOON_DAYS * DAY, d.soon);
	store_list(st, NULL, now - DAY, 1, filed_one, &d);
	store_obligations(st, 0, due_one, &d);
	if (d.liaison)
		buf_addc(&d.due, '\n');
	buf_printf(&b, "JCA-MV secretariat digest for %s\n\n", d.today);
	buf_printf(&b, "Filed in the last 24 hours: %zu\n%s\n", d.nfiled, buf_str(&d.filed));
	buf_printf(&b, "Open deadlines due by %s: %zu\n%s\n", d.soon, d.ndue, buf_str(&d.due));
	{
		struct rm_changes ch = {0};
		if (roadmap_changes(st, now - DAY, &ch) == 0) {
			buf_printf(&b, "Roadmap entries new or changed in the last 24 hours: %zu\n", ch.n);
			for (size_t i = 0; i < ch.n; i++) {
				const struct rm_entry *e = &ch.v[i].cur;
				buf_printf(&b, "  - %s %s %s: %s", ch.v[i].is_new ? "new" : "changed", e->body,
				    e->row.f[RM_REF] && *e->row.f[RM_REF] ? e->row.f[RM_REF] : "", e->row.f[RM_TITLE]);
				if (!ch.v[i].is_new && (ch.v[i].changed & (1u << RM_STATUS)))
					buf_printf(
					    &b, " (status: %s -> %s)", ch.v[i].old.f[RM_STATUS], e->row.f[RM_STATUS]);
				buf_addc(&b, '\n');
			}
			buf_addc(&b, '\n');
		}
		rm_changes_free(&ch);
	}
	buf_printf(&b, "Roadmap inputs with flagged rows: %zu\n%s\n", d.nflagged, buf_str(&d.flagged));
	buf_adds(&b, "Details: liaisonctl list, liaisonctl deadlines, liaisonctl roadmap changes --since YESTERDAY\n");
	buf_free(&d.filed);
	buf_free(&d.due);
	buf_free(&d.flagged);
	return buf_steal(&b);
}

int
digest_queue(const struct config *cfg, struct store *st, long long now, int *dup, char **err)
{
	struct compose c = {0};
	struct outmail om = {0};
	char *text = digest_text(cfg, st, now), *mail = NULL, *key = NULL;
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
