/* digest.c: the chairs' digest gathered from the store since the previous one, queued once a day (RFC 2046
 * alternative). */
/* SPDX-License-Identifier: Apache-2.0 */
#include <stdlib.h>
#include <string.h>

#include "compose.h"
#include "config.h"
#include "digest.h"
#include "digest_store.h"
#include "notice.h"
#include "roadmap_store.h"
#include "sdo.h"
#include "store.h"
#include "tzclock.h"

/* What the gathering callbacks need beside the digest. */
struct gather {
	struct digest d;
	struct store *st;
	const struct sdo_dir *dir;
};

static int
filed_one(const struct digest_filed *f, void *arg)
{
	digest_add_filed(&((struct gather *)arg)->d, f);
	return 0;
}

/* The state of each body asked; a body the secretariat waits for must be reachable, or the digest says so. */
static int
state_one(const struct digest_state *s, void *arg)
{
	struct gather *g = arg;
	struct strv to = {0};

	if (digest_add_state(&g->d, s)) {
		notice_contacts(g->st, g->dir, s->sdo, &to);
		if (to.n == 0)
			digest_add_nocontact(&g->d, s->sdo, s->ref);
		strv_free(&to);
	}
	return 0;
}

static int
answer_one(const struct digest_answer *a, void *arg)
{
	digest_add_answer(&((struct gather *)arg)->d, a);
	return 0;
}

static int
reminder_one(const struct digest_reminder *r, void *arg)
{
	digest_add_reminder(&((struct gather *)arg)->d, r);
	return 0;
}

static int
body_one(const char *name, const char *docno, void *arg)
{
	struct gather *g = arg;

	if (sdo_find(g->dir, name) < 0)
		digest_add_unknown(&g->d, name, docno);
	return 0;
}

static int
failed_one(const char *label, const char *what, const char *reason, void *arg)
{
	digest_add_failed(&((struct gather *)arg)->d, label, what, reason);
	return 0;
}

/* Roadmap entries new or changed since the previous digest. */
static int
changes(struct gather *g, long long since)
{
	struct rm_changes ch = {0};
	int rc = roadmap_changes(g->st, since, &ch);

	for (size_t i = 0; rc == 0 && i < ch.n; i++) {
		const struct rm_entry *e = &ch.v[i].cur;
		struct digest_change c = {ch.v[i].is_new, (ch.v[i].changed & (1u << RM_STATUS)) != 0, e->body,
		    e->row.f[RM_REF], e->row.f[RM_TITLE], ch.v[i].old.f[RM_STATUS], e->row.f[RM_STATUS]};
		digest_add_change(&g->d, &c);
	}
	rm_changes_free(&ch);
	return rc;
}

int
digest_gather(const struct config *cfg, struct store *st, const struct sdo_dir *dir, long long now, struct digest *d,
    struct digest_window *w)
{
	struct gather g;
	int rc = -1;

	memset(&g, 0, sizeof(g));
	g.st = st;
	g.dir = dir;
	if (store_digest_window(st, now, w) != 0)
		goto out;
	digest_begin(&g.d, cfg->timezone, now, w->prev_at, notice_self(cfg, dir));
	g.d.first = w->first;
	if (store_digest_filed(st, w, filed_one, &g) != 0 || store_digest_states(st, w, state_one, &g) != 0 ||
	    store_digest_answers(st, w, answer_one, &g) != 0 || store_digest_reminders(st, w, reminder_one, &g) != 0 ||
	    changes(&g, w->prev_at) != 0 || store_digest_bodies(st, w, body_one, &g) != 0 ||
	    store_digest_failed(st, failed_one, &g) != 0)
		goto out;
	rc = 0;
out:
	if (rc == 0)
		*d = g.d;
	else
		digest_clear(&g.d);
	return rc;
}

/* The one mail a day: its key is the secretariat's date, whatever the server's zone. */
static char *
digest_key(const struct config *cfg, long long now)
{
	char today[11];

	tz_local_date(cfg->timezone, now, today);
	return xasprintf("digest:%s", today);
}

/* The digest as mail: text and HTML as alternatives. Owned, or NULL with *err. */
static char *
digest_mail(const struct config *cfg, const struct digest *d, long long now, size_t *len, char **err)
{
	struct compose c = {0};
	char *subj = digest_subject(d), *text = digest_text(d), *html = digest_html(d), *mail;

	c.from = cfg->smtp_from;
	c.to = &cfg->digest_to;
	c.subject = subj;
	c.auto_submitted = "auto-generated";
	c.body = text;
	c.html = html;
	c.date = now;
	mail = compose_mail(&c, len, err);
	free(subj);
	free(text);
	free(html);
	return mail;
}

int
digest_queue(const struct config *cfg, struct store *st, const struct sdo_dir *dir, long long now, int *dup, char **err)
{
	struct digest d = {0};
	struct digest_window w = {0};
	struct outmail om = {0};
	char *mail = NULL, *key = digest_key(cfg, now);
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
	if (digest_gather(cfg, st, dir, now, &d, &w) != 0) {
		*err = xstrdup(store_errmsg(st));
		goto out;
	}
	if (!(mail = digest_mail(cfg, &d, now, &len, err)))
		goto out;
	om = (struct outmail){.kind = "digest",
	    .dedupe_key = key,
	    .mail_from = cfg->secretariat_address,
	    .rcpt = &cfg->digest_to,
	    .data = mail,
	    .len = len};
	/* The mark moves with the queued mail, in one transaction: the next digest starts where this one ends. */
	rc = store_digest_queue(st, &om, &w, now, dup, err);
out:
	digest_clear(&d);
	free(mail);
	free(key);
	return rc;
}
