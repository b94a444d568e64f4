/* digest.c: the chairs' digest gathered from the store and queued once a day; rules/digest.c writes it. */
/* SPDX-License-Identifier: Apache-2.0 */
#include <stdlib.h>

#include "compose.h"
#include "config.h"
#include "digest.h"
#include "notice.h"
#include "roadmap_store.h"
#include "store.h"
#include "tzclock.h"

static int
filed_one(const struct doc_row *r, void *arg)
{
	struct digest_filed f = {r->id, r->kind, r->direction, r->ref, r->subject, r->warnings_json};

	digest_add_filed(arg, &f);
	return 0;
}

static int
due_one(const struct obligation *o, void *arg)
{
	struct digest_obl d = {o->liaison_id, o->deadline, o->ref, o->sdo, o->role};

	digest_add_obligation(arg, &d);
	return 0;
}

/* Roadmap entries new or changed in the last day; when they cannot be read the section is left out. */
static void
changes(struct store *st, struct digest *d)
{
	struct rm_changes ch = {0};

	if (roadmap_changes(st, d->since, &ch) == 0) {
		digest_add_change(d, NULL);
		for (size_t i = 0; i < ch.n; i++) {
			const struct rm_entry *e = &ch.v[i].cur;
			struct digest_change c = {ch.v[i].is_new, (ch.v[i].changed & (1u << RM_STATUS)) != 0, e->body,
			    e->row.f[RM_REF], e->row.f[RM_TITLE], ch.v[i].old.f[RM_STATUS], e->row.f[RM_STATUS]};
			digest_add_change(d, &c);
		}
	}
	rm_changes_free(&ch);
}

char *
digest_text(const struct config *cfg, struct store *st, long long now)
{
	struct digest d = {0};

	digest_begin(&d, cfg->timezone, now);
	store_list(st, NULL, d.since, 1, filed_one, &d);
	store_obligations(st, 0, due_one, &d);
	changes(st, &d);
	return digest_render(&d);
}

/* The one mail a day: its key is the secretariat's date, whatever the server's zone. */
static char *
digest_key(const struct config *cfg, long long now)
{
	char today[11];

	tz_local_date(cfg->timezone, now, today);
	return xasprintf("digest:%s", today);
}

int
digest_queue(const struct config *cfg, struct store *st, long long now, int *dup, char **err)
{
	struct compose c = {0};
	struct outmail om = {0};
	char *text = NULL, *mail = NULL, *key = digest_key(cfg, now);
	long long id;
	size_t len;
	int rc = -1;

	*err = NULL;
	*dup = 0;
	if (cfg->digest_to.n == 0) {
		*err = xstrdup("secretariat.digest_to is empty: nobody to send the digest to");
		goto out;
	}
	/* Once the day's digest is queued, later polls need not build it again only to find it there. */
	if (store_outbox_exists(st, key) == 1) {
		*dup = 1;
		rc = 0;
		goto out;
	}
	text = digest_text(cfg, st, now);
	c.from = cfg->smtp_from;
	c.to = &cfg->digest_to;
	c.subject = "JCA-MV secretariat digest";
	c.auto_submitted = "auto-generated";
	c.body = text;
	c.date = now;
	if (!(mail = compose_mail(&c, &len, err)))
		goto out;
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
