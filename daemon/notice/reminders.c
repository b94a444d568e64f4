/* reminders.c: reminders and overdue notices gathered from the store, composed and queued; rules/remind.c decides. */
/* SPDX-License-Identifier: Apache-2.0 */
#include "notice.h"

#include <stdlib.h>
#include <string.h>

#include "compose.h"
#include "config.h"
#include "log.h"
#include "reminder_store.h"
#include "remind.h"
#include "sdo.h"
#include "tzclock.h"

/* A reminder or overdue notice due, copied out of the store's row. */
struct cand {
	long long id;
	char *ref, *title, *sdo, *role, *deadline, *message_id, *source;
	const char *kind; /* "before" or "overdue" */
	long level;       /* days before the deadline, or past it */
	long number;      /* the overdue notice's number, 1 for the first */
	int self;
};

struct cands {
	const struct config *cfg;
	const char *today, *self;
	struct cand *v;
	size_t n;
};

static char *
dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

static int
collect(const struct remind_row *r, void *arg)
{
	struct cands *c = arg;
	const struct config *cfg = c->cfg;
	struct remind_obl ro = {
	    r->direction, "open", r->deadline, r->reminded, c->self && strcmp(r->sdo, c->self) == 0};
	long level = remind_due(cfg->days_before, cfg->ndays_before, &ro, c->today);
	long number = level < 0
	    ? remind_overdue(cfg->overdue_every, cfg->overdue_max, &ro, r->overdue_sent, r->overdue_last, c->today)
	    : -1;
	struct cand *n;

	if (level < 0 && number < 0)
		return 0;
	c->v = xrealloc(c->v, (c->n + 1) * sizeof(*c->v));
	n = &c->v[c->n++];
	/* A statement without a number: ours to a body, or the asking body's to us. */
	*n = (struct cand){r->id,
	    ro.self && !r->ref ? xasprintf("the statement of %s", r->source ? r->source : "another body")
	                       : xstrdup(remind_ref(r->ref)),
	    xstrdup(r->title ? r->title : ""), xstrdup(r->sdo), xstrdup(r->role ? r->role : "action"),
	    xstrdup(r->deadline), dup_or_null(r->message_id), dup_or_null(r->source), level >= 0 ? "before" : "overdue",
	    level >= 0 ? level : -remind_days_left(c->today, r->deadline), number, ro.self};
	return 0;
}

static void
cand_free(struct cand *c)
{
	free(c->ref);
	free(c->title);
	free(c->sdo);
	free(c->role);
	free(c->deadline);
	free(c->message_id);
	free(c->source);
}

void
notice_contacts(struct store *st, const struct sdo_dir *dir, const char *sdo, struct strv *to)
{
	struct strv all = {0};
	long idx = sdo_find(dir, sdo);

	/* The directory's contacts, then those the operator added (liaisonctl sdo contact add). */
	if (idx >= 0 && sdo_contacts(dir, (size_t)idx))
		for (size_t i = 0; i < sdo_contacts(dir, (size_t)idx)->n; i++)
			strv_push(&all, sdo_contacts(dir, (size_t)idx)->v[i]);
	store_sdo_contacts(st, sdo, &all);
	remind_rcpt(&all, to);
	strv_free(&all);
}

const char *
notice_self(const struct config *cfg, const struct sdo_dir *dir)
{
	const char *self = sdo_by_email(dir, cfg->secretariat_address);

	return self ? self : sdo_canonical(dir, "JCA-MV");
}

/* The mail for c to to, in reply to the statement it chases (In-Reply-To, References). Owned, or NULL (logged). */
static char *
letter(const struct config *cfg, const struct cand *c, const struct strv *to, long long now, size_t *len)
{
	struct remind_letter l = {c->ref, c->title, c->sdo, c->deadline, cfg->secretariat_address, c->role,
	    strcmp(c->kind, "overdue") == 0 ? c->level : 0, c->source, c->self};
	struct buf body = {0}, subj = {0};
	struct compose cm = {0};
	char *mail, *err = NULL;

	remind_text(&l, &subj, &body);
	cm.from = cfg->smtp_from;
	cm.to = to;
	cm.subject = buf_str(&subj);
	cm.in_reply_to = c->message_id;
	cm.auto_submitted = "auto-generated";
	cm.body = buf_str(&body);
	cm.date = now;
	if (!(mail = compose_mail(&cm, len, &err)))
		log_warning("reminder for %s to %s: %s", c->ref, c->sdo, err);
	free(err);
	buf_free(&body);
	buf_free(&subj);
	return mail;
}

/* 1 queued, 0 nothing to do (no contact, already queued), -1 store error. */
static int
queue_one(const struct config *cfg, struct store *st, const struct sdo_dir *dir, const struct cand *c, long long now)
{
	struct strv to = {0};
	struct outmail om = {0};
	char *mail = NULL, *err = NULL, *key = NULL;
	size_t len;
	int dup, rc = 0;

	if (c->self)
		strv_push(&to, *cfg->self_to ? cfg->self_to : cfg->secretariat_address);
	else
		notice_contacts(st, dir, c->sdo, &to);
	if (to.n == 0) {
		/* The digest names the body (bodies without a liaison contact); a log line each poll would be noise. */
		log_debug("reminder for %s to %s: no liaison contact (liaisonctl sdo contact add)", c->ref, c->sdo);
		goto out;
	}
	if (!(mail = letter(cfg, c, &to, now, &len)))
		goto out;
	/* One mail per obligation and level, ever: the key keeps a restart from sending it again. */
	key = strcmp(c->kind, "before") == 0 ? xasprintf("reminder:%lld:%ld", c->id, c->level)
	                                     : xasprintf("overdue:%lld:%ld", c->id, c->number);
	om = (struct outmail){.kind = "reminder",
	    .dedupe_key = key,
	    .mail_from = cfg->secretariat_address,
	    .rcpt = &to,
	    .data = mail,
	    .len = len};
	if (store_remind(st, c->id, c->kind, c->level, &om, &dup, &err) != 0) {
		log_error("reminder for %s to %s: %s", c->ref, c->sdo, err);
		rc = -1;
		goto out;
	}
	if (!dup)
		log_info("%s queued: %s to %s, %ld days %s %s",
		    c->self                 ? "reminder to the secretariat"
		        : c->kind[0] == 'b' ? "reminder"
		                            : "overdue notice",
		    c->ref, c->sdo, c->level, c->kind[0] == 'b' ? "before" : "after", c->deadline);
	rc = dup ? 0 : 1;
out:
	free(mail);
	free(err);
	free(key);
	strv_free(&to);
	return rc;
}

int
remind_queue(const struct config *cfg, struct store *st, const struct sdo_dir *dir, long long now)
{
	char today[11];
	struct cands c = {cfg, today, notice_self(cfg, dir), NULL, 0};
	int queued = 0;

	tz_local_date(cfg->timezone, now, today);
	/* Gathered first, queued after: store_remind() writes, which waits until the obligations are read. */
	if (store_remind_rows(st, collect, &c) != 0)
		queued = -1;
	for (size_t i = 0; queued >= 0 && i < c.n; i++) {
		int r = queue_one(cfg, st, dir, &c.v[i], now);
		queued = r < 0 ? -1 : queued + r;
	}
	for (size_t i = 0; i < c.n; i++)
		cand_free(&c.v[i]);
	free(c.v);
	return queued;
}
