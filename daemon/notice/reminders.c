/* remind.c: deadline reminders to bodies that have not answered the secretariat's statements (RFC 3834 headers). */
#include "notice.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "compose.h"
#include "config.h"
#include "log.h"
#include "sdo.h"
#include "store.h"

static struct tm
local_tm(const struct config *cfg, long long now)
{
	const char *old = getenv("TZ");
	char *saved = old ? xstrdup(old) : NULL;
	time_t t = (time_t)now;
	struct tm tm;

	/* The secretariat's day, not the server's: deadlines and the digest hour are Geneva's. */
	setenv("TZ", cfg->timezone && *cfg->timezone ? cfg->timezone : "UTC", 1);
	tzset();
	localtime_r(&t, &tm);
	if (saved) {
		setenv("TZ", saved, 1);
		free(saved);
	} else
		unsetenv("TZ");
	tzset();
	return tm;
}

void
local_date(const struct config *cfg, long long now, char out[11])
{
	struct tm tm = local_tm(cfg, now);

	strftime(out, 11, "%Y-%m-%d", &tm);
}

int
digest_due(const struct config *cfg, long long now)
{
	struct tm tm = local_tm(cfg, now);
	long hh, mm;
	char h[3] = "", m[3] = "";

	if (!cfg->digest_time || strlen(cfg->digest_time) != 5 || cfg->digest_time[2] != ':')
		return 0;
	memcpy(h, cfg->digest_time, 2);
	memcpy(m, cfg->digest_time + 3, 2);
	if (parse_long(h, 0, 23, &hh) != 0 || parse_long(m, 0, 59, &mm) != 0)
		return 0;
	return tm.tm_hour * 60 + tm.tm_min >= hh * 60 + mm;
}

static long
days_between(const char *from, const char *to)
{
	long long a, b;

	if (iso8601_parse(from, &a) != 0 || iso8601_parse(to, &b) != 0)
		return 0;
	return (long)((b - a) / 86400);
}

struct cand {
	long long id;
	char *ref, *title, *sdo, *deadline;
	long reminded;
};

struct cands {
	struct cand *v;
	size_t n;
};

static int
collect(const struct obligation *o, void *arg)
{
	struct cands *c = arg;

	if (!o->deadline || strcmp(o->direction, "outgoing") != 0 || strcmp(o->state, "open") != 0)
		return 0;
	c->v = xrealloc(c->v, (c->n + 1) * sizeof(*c->v));
	c->v[c->n].id = o->id;
	c->v[c->n].ref = xstrdup(o->ref ? o->ref : "our liaison statement");
	c->v[c->n].title = xstrdup(o->title ? o->title : "");
	c->v[c->n].sdo = xstrdup(o->sdo);
	c->v[c->n].deadline = xstrdup(o->deadline);
	c->v[c->n].reminded = (long)o->reminded_days;
	c->n++;
	return 0;
}

/* The reminder level due: the smallest days_before still ahead of the deadline, or -1. */
static long
level_due(const struct config *cfg, long left, long reminded)
{
	long best = -1;

	for (size_t i = 0; i < cfg->ndays_before; i++)
		if (left <= cfg->days_before[i] && (best < 0 || cfg->days_before[i] < best))
			best = cfg->days_before[i];
	if (best < 0 || (reminded >= 0 && reminded <= best))
		return -1;
	return best;
}

static int
queue_one(const struct config *cfg, struct store *st, const struct sdo_dir *dir, const struct cand *c, long level,
    long long now)
{
	struct strv to = {0};
	struct buf body = {0}, subj = {0};
	struct compose cm = {0};
	struct outmail om = {0};
	char *mail = NULL, *err = NULL, *key = NULL;
	long idx = sdo_find(dir, c->sdo);
	size_t len;
	int dup, rc = 0;

	struct strv added = {0};

	if (idx >= 0 && sdo_contacts(dir, (size_t)idx))
		for (size_t i = 0; i < sdo_contacts(dir, (size_t)idx)->n; i++)
			strv_push(&added, sdo_contacts(dir, (size_t)idx)->v[i]);
	store_sdo_contacts(st, c->sdo, &added);
	/* The directory's contacts and the operator's may overlap: one copy per mailbox. */
	for (size_t i = 0; i < added.n; i++) {
		char *a = address_only(added.v[i]);
		if (a)
			strv_push_unique(&to, a);
		free(a);
	}
	strv_free(&added);
	if (to.n == 0) {
		log_debug("reminder for %s to %s: no liaison contact (liaisonctl sdo contact add)", c->ref, c->sdo);
		goto out;
	}
	buf_printf(&subj, "Reminder: %s - reply due %s", c->ref, c->deadline);
	buf_printf(&body,
	    "Dear colleagues of %s,\n\nThe JCA-MV asked your group to act on %s\n\"%s\"\nby %s.\n\n"
	    "We have not yet received your reply. If you have sent it, please disregard this reminder;\n"
	    "otherwise we would be grateful to receive it by the deadline, at %s.\n\nJCA-MV Secretariat\n",
	    c->sdo, c->ref, c->title, c->deadline, cfg->secretariat_address);
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
	key = xasprintf("reminder:%lld:%ld", c->id, level);
	om.kind = "reminder";
	om.dedupe_key = key;
	om.mail_from = cfg->secretariat_address;
	om.rcpt = &to;
	om.data = mail;
	om.len = len;
	if (store_remind(st, c->id, level, &om, &dup, &err) != 0) {
		log_error("reminder for %s to %s: %s", c->ref, c->sdo, err);
		rc = -1;
		goto out;
	}
	if (!dup)
		log_info("reminder queued: %s to %s, %ld days before %s", c->ref, c->sdo, level, c->deadline);
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
	struct cands c = {0};
	char today[11];
	int queued = 0;

	local_date(cfg, now, today);
	if (store_obligations(st, 0, collect, &c) != 0)
		return -1;
	for (size_t i = 0; i < c.n; i++) {
		long left = days_between(today, c.v[i].deadline), level;
		int r;
		if (left < 0 || (level = level_due(cfg, left, c.v[i].reminded)) < 0)
			continue;
		if ((r = queue_one(cfg, st, dir, &c.v[i], level, now)) < 0) {
			queued = -1;
			break;
		}
		queued += r;
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
