/* reminders.c: deadline reminders gathered from the store, composed and queued; rules/remind.c decides (RFC 3834). */
/* SPDX-License-Identifier: Apache-2.0 */
#include "notice.h"

#include <stdlib.h>

#include "compose.h"
#include "config.h"
#include "log.h"
#include "remind.h"
#include "sdo.h"
#include "store.h"
#include "tzclock.h"

/* An obligation a reminder is due for, copied out of the store's row. */
struct cand {
	long long id;
	char *ref, *title, *sdo, *deadline;
	long level;
};

struct cands {
	const struct config *cfg;
	const char *today;
	struct cand *v;
	size_t n;
};

static int
collect(const struct obligation *o, void *arg)
{
	struct cands *c = arg;
	struct remind_obl ro = {o->direction, o->state, o->deadline, o->reminded_days};
	long level = remind_due(c->cfg->days_before, c->cfg->ndays_before, &ro, c->today);

	if (level < 0)
		return 0;
	c->v = xrealloc(c->v, (c->n + 1) * sizeof(*c->v));
	c->v[c->n].id = o->id;
	c->v[c->n].ref = xstrdup(remind_ref(o->ref));
	c->v[c->n].title = xstrdup(o->title ? o->title : "");
	c->v[c->n].sdo = xstrdup(o->sdo);
	c->v[c->n].deadline = xstrdup(o->deadline);
	c->v[c->n].level = level;
	c->n++;
	return 0;
}

/* The body's liaison contacts: the directory's, then those the operator added (liaisonctl sdo contact add). */
static void
recipients(struct store *st, const struct sdo_dir *dir, const char *sdo, struct strv *to)
{
	struct strv all = {0};
	long idx = sdo_find(dir, sdo);

	if (idx >= 0 && sdo_contacts(dir, (size_t)idx))
		for (size_t i = 0; i < sdo_contacts(dir, (size_t)idx)->n; i++)
			strv_push(&all, sdo_contacts(dir, (size_t)idx)->v[i]);
	store_sdo_contacts(st, sdo, &all);
	remind_rcpt(&all, to);
	strv_free(&all);
}

/* 1 queued, 0 nothing to do (no contact, already queued), -1 store error. */
static int
queue_one(const struct config *cfg, struct store *st, const struct sdo_dir *dir, const struct cand *c, long long now)
{
	struct remind_letter l = {c->ref, c->title, c->sdo, c->deadline, cfg->secretariat_address};
	struct strv to = {0};
	struct buf body = {0}, subj = {0};
	struct compose cm = {0};
	struct outmail om = {0};
	char *mail = NULL, *err = NULL, *key = NULL;
	size_t len;
	int dup, rc = 0;

	recipients(st, dir, c->sdo, &to);
	if (to.n == 0) {
		log_debug("reminder for %s to %s: no liaison contact (liaisonctl sdo contact add)", c->ref, c->sdo);
		goto out;
	}
	remind_text(&l, &subj, &body);
	cm.from = cfg->smtp_from;
	cm.to = &to;
	cm.subject = buf_str(&subj);
	cm.auto_submitted = "auto-generated";
	cm.body = buf_str(&body);
	cm.date = now;
	if (!(mail = compose_mail(&cm, &len, &err))) {
		log_warning("reminder for %s to %s: %s", c->ref, c->sdo, err);
		goto out;
	}
	/* One reminder per obligation and level, ever: the key is what keeps a restart from sending it again. */
	key = xasprintf("reminder:%lld:%ld", c->id, c->level);
	om.kind = "reminder";
	om.dedupe_key = key;
	om.mail_from = cfg->secretariat_address;
	om.rcpt = &to;
	om.data = mail;
	om.len = len;
	if (store_remind(st, c->id, c->level, &om, &dup, &err) != 0) {
		log_error("reminder for %s to %s: %s", c->ref, c->sdo, err);
		rc = -1;
		goto out;
	}
	if (!dup)
		log_info("reminder queued: %s to %s, %ld days before %s", c->ref, c->sdo, c->level, c->deadline);
	rc = dup ? 0 : 1;
out:
	free(mail);
	free(err);
	free(key);
	strv_free(&to);
	buf_free(&body);
	buf_free(&subj);
	return rc;
}

int
remind_queue(const struct config *cfg, struct store *st, const struct sdo_dir *dir, long long now)
{
	char today[11];
	struct cands c = {cfg, today, NULL, 0};
	int queued = 0;

	tz_local_date(cfg->timezone, now, today);
	/* Gathered first, queued after: store_remind() writes, which waits until the obligations are read. */
	if (store_obligations(st, 0, collect, &c) != 0)
		queued = -1;
	for (size_t i = 0; queued >= 0 && i < c.n; i++) {
		int r = queue_one(cfg, st, dir, &c.v[i], now);
		queued = r < 0 ? -1 : queued + r;
	}
	for (size_t i = 0; i < c.n; i++) {
		free(c.v[i].ref);
		free(c.v[i].title);
		free(c.v[i].sdo);
		free(c.v[i].deadline);
	}
	free(c.v);
	return queued;
}
