/* pipeline.c: one cycle: poll, parse, classify, file (commit first), mark at the source, record its progress. */
/* SPDX-License-Identifier: Apache-2.0 */
#include "pipeline.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyze.h"
#include "compose.h"
#include "config.h"
#include "guard.h"
#include "log.h"
#include "message.h"
#include "notice.h"
#include "service.h"
#include "source.h"
#include "store.h"
#include "transport.h"

/* Crashes and hangs in the parser are caught and the message set aside at once (guard.c);
 * this counts the deaths nothing can catch (the OOM killer), so that a restarting daemon cannot loop.
 * High enough that an operator's kill -9 landing on the same message a few times never trips it. */
#define MAX_ATTEMPTS 8

/*
 * The pipeline is the only writer of what a source reports: a filing, a quarantine (the
 * parser's verdict or the source's SRC_REJECT), a folder's progress. Each is committed first;
 * only then is the source asked to act on the mail, and only after that is the progress the
 * action finished recorded. A kill -9 anywhere in between loses nothing: the mail is read
 * again, the store's dedupe files nothing twice, and a quarantine is recorded again.
 */

/* The message in hand, from parse to mark. */
struct inhand {
	const struct source_msg *sm;
	struct msg *m;
	struct analysis *an;
	char *key; /* the dedupe key */
	char *ack, *ackkey, *to;
	struct strv rcpt; /* the acknowledgement's */
	struct outmail om;
};

static void
inhand_clear(struct inhand *h)
{
	free(h->key);
	free(h->ack);
	free(h->ackkey);
	free(h->to);
	strv_free(&h->rcpt);
	analysis_free(h->an);
	msg_free(h->m);
	memset(h, 0, sizeof(*h));
}

/* The note a crash or hang left: that message goes to quarantine before anything else is read. */
static void
crashed_take(struct pipeline *p)
{
	char *key = NULL, *why = NULL, *err = NULL;

	if (guard_note_get(&key, &why) != 1)
		return;
	if (store_quarantine_add(p->st, key, why, &err) != 0)
		log_error("%s: cannot record its quarantine: %s", key, err); /* the note stays for the next try */
	else {
		log_warning("%s: %s; it will be quarantined", key, why);
		guard_note_remove();
	}
	free(key);
	free(why);
	free(err);
}

int
pipeline_init(struct pipeline *p, const struct config *cfg, struct store *st, const struct sdo_dir *dir,
    volatile sig_atomic_t *stop, char **err)
{
	memset(p, 0, sizeof(*p));
	p->cfg = cfg;
	p->st = st;
	p->dir = dir;
	p->stop = stop;
	extract_limits_default(&p->lim);
	p->parse_timeout = p->lim.max_seconds * 3 + 30;
	p->parse_timeout_ms = (long)p->parse_timeout * 1000;
	{
		/* For tests of the hang path: a parse limit of a few milliseconds that every message exceeds. */
		const char *t = getenv("LIAISOND_PARSE_TIMEOUT_MS");
		long v;
		if (t && parse_long(t, 1, 3600000, &v) == 0)
			p->parse_timeout_ms = v;
	}
	if (!(p->src = source_new(cfg, st, err)))
		return -1;
	p->src->stop = stop;
	if (!(p->tr = transport_new(cfg, err))) {
		source_free(p->src);
		p->src = NULL;
		return -1;
	}
	guard_init(cfg->store_path);
	return 0;
}

void
pipeline_fini(struct pipeline *p)
{
	source_free(p->src);
	transport_free(p->tr);
	p->src = NULL;
	p->tr = NULL;
}

/* The source's progress, recorded once the commits and marks it stands for are done. */
static void
checkpoints_record(struct pipeline *p)
{
	struct source_checkpoint cp;

	if (!p->src->ops->checkpoint)
		return;
	while (p->src->ops->checkpoint(p->src, &cp) == 1) {
		/* A failed write only means the folder is searched again and the store's dedupe skips what it finds. */
		if (store_mailbox_set(p->st, cp.folder, cp.uidvalidity, cp.last_uid) != 0)
			log_warning("store: the state of %s is not kept: %s", cp.folder, store_errmsg(p->st));
		free(cp.folder);
	}
}

static void
quarantine(struct pipeline *p, const struct source_msg *sm, const char *reason)
{
	char *err = NULL;

	/* The reason is committed before the message moves, so a crash in between loses nothing. */
	if (store_quarantine_add(p->st, sm->key, reason, &err) != 0) {
		log_error("%s: cannot record the quarantine: %s", sm->key, err);
		free(err);
		return;
	}
	store_attempt_end(p->st, sm->key);
	if (p->src->ops->quarantine(p->src, sm, reason, &err) != SRC_OK) {
		log_error("%s: quarantined in the store, but the source refused to move it: %s", sm->key, err);
		free(err);
		return;
	}
	p->quarantined++;
	log_warning("%s: quarantined: %s", sm->key, reason);
}

/* Before parsing: a message quarantined already, or one that stopped the daemon too often, is set
 * aside (1); 0 parse it; -1 the store failed. */
static int
set_aside_first(struct pipeline *p, const struct source_msg *sm)
{
	char *err = NULL;
	int count = 0;

	if (store_quarantine_held(p->st, sm->key) == 1) {
		/* Quarantined by a crash note: recorded already, only the source has yet to move it. */
		if (p->src->ops->quarantine(p->src, sm, "held", &err) == SRC_OK)
			p->quarantined++;
		else
			log_warning("%s: quarantined, but the source refused to move it: %s", sm->key, err);
		free(err);
		return 1;
	}
	if (store_attempt_begin(p->st, sm->key, &count) != 0) {
		log_error("store: %s", store_errmsg(p->st));
		return -1;
	}
	if (count > MAX_ATTEMPTS) {
		char *why = xasprintf("processing it stopped the daemon %d times (killed while parsing it)", count - 1);
		quarantine(p, sm, why);
		free(why);
		return 1;
	}
	return 0;
}

/* Why no acknowledgement is queued although one is due: a cap reached (config.h), or NULL. */
static const char *
ack_capped(struct pipeline *p, const char *to, char *why, size_t size)
{
	long long since = now_epoch() - 86400;

	/* A forged sender must not turn us into a mail cannon (RFC 3834 section 2): filed, not answered. */
	if (store_outbox_count_to(p->st, "ack", to, since) >= ACKS_PER_ADDRESS) {
		snprintf(why, size, "%s had %d today already", to, ACKS_PER_ADDRESS);
		return why;
	}
	/* Nor many senders, each below that, a relay for other people's text. */
	if (store_outbox_count_to(p->st, "ack", NULL, since) >= p->cfg->acks_per_day) {
		snprintf(why, size, "secretariat.acknowledge_per_day (%ld) reached", p->cfg->acks_per_day);
		return why;
	}
	return NULL;
}

struct ack_arg {
	struct pipeline *p;
	struct inhand *h;
};

/* Inside the filing: the acknowledgement's text, now that its document number and answers are known. */
static int
ack_text_now(const struct filed *fd, struct outmail *om, void *arg)
{
	struct ack_arg *aa = arg;
	struct inhand *h = aa->h;

	free(h->ack);
	if (!(h->ack = ack_compose(aa->p->cfg, h->m, h->an, fd, h->to, &om->len)))
		return 1;
	om->data = h->ack;
	return 0;
}

/* The acknowledgement to queue with the filing, if one is due and no cap is reached: 1 when one is. */
static int
ack_prepare(struct pipeline *p, struct inhand *h)
{
	char why[384];

	h->to = ack_recipient(p->cfg, h->m, h->an);
	if (h->to && ack_capped(p, h->to, why, sizeof(why))) {
		log_notice("%s: no acknowledgement: %s", h->sm->key, why);
		free(h->to);
		h->to = NULL;
	}
	if (!h->to)
		return 0;
	h->ackkey = xasprintf("ack:%s", h->key);
	strv_push(&h->rcpt, h->to);
	h->om.kind = "ack";
	h->om.dedupe_key = h->ackkey;
	/* The null envelope sender (RFC 3834 section 3.3): an acknowledgement that cannot be delivered bounces to no
	 * one, so no loop of automatic mail can start. Reminders and digests keep the secretariat's. */
	h->om.mail_from = "";
	h->om.rcpt = &h->rcpt;
	h->om.data = "";
	return 1;
}

/* Files the message and its acknowledgement in one transaction. SRC_OK (*dup set), or SRC_RETRY. */
static int
file_it(struct pipeline *p, struct inhand *h, int *dup)
{
	const struct source_msg *sm = h->sm;
	const struct analysis *an = h->an;
	struct filing f = {.msg = h->m,
	    .an = an,
	    .source_key = sm->key,
	    .folder = sm->folder,
	    .raw = sm->data,
	    .rawlen = sm->len,
	    .received = now_epoch(),
	    .dir = p->dir,
	    .doc_prefix = p->cfg->doc_prefix};
	struct ack_arg aa = {p, h};
	long long doc_id = 0;
	char *err = NULL;
	int ack = ack_prepare(p, h);

	f.ack_compose = ack_text_now;
	f.ack_arg = &aa;
	if (store_file(p->st, &f, ack ? &h->om : NULL, &doc_id, dup, &err) != 0) {
		log_error("%s: not filed, will retry: %s", sm->key, err);
		/* A store error is not the message's fault: it must not count towards quarantine. */
		store_attempt_end(p->st, sm->key);
		free(err);
		return SRC_RETRY;
	}
	if (*dup)
		return SRC_OK;
	p->filed++;
	log_info("%s: filed as document %lld (%s, %s)%s%s", sm->key, doc_id, kind_name(an->kind),
	    an->outgoing ? "outgoing" : "incoming", an->ls && an->ls->ref ? ": " : "",
	    an->ls && an->ls->ref ? an->ls->ref : "");
	for (size_t i = 0; i < an->warnings.n; i++)
		log_debug("%s: warning: %s", sm->key, an->warnings.v[i]);
	return SRC_OK;
}

/* Committed: now, and only now, the source may mark or move it. */
static void
mark(struct pipeline *p, const struct inhand *h, int dup)
{
	const struct source_msg *sm = h->sm;
	char *err = NULL;

	if (dup) {
		p->duplicates++;
		store_attempt_end(p->st, sm->key);
		if (dup == 2)
			log_warning("%s: %s is filed already with other content; this copy is not filed, only marked",
			    sm->key, h->key);
		else
			log_info("%s: already filed (%s); marking it only", sm->key, h->key);
	}
	if (p->src->ops->done(p->src, sm, &err) != SRC_OK) {
		log_warning("%s: filed, but could not be marked at the source (it will be seen again and skipped): %s",
		    sm->key, err);
	}
	free(err);
}

/* Parses and files one message. SRC_OK, or SRC_RETRY when the store failed (stop the cycle). */
static int
process(struct pipeline *p, const struct source_msg *sm)
{
	struct analyze_opts ao = {p->dir, p->cfg->secretariat_address, &p->lim, sm->outgoing,
	    &p->cfg->trusted_authserv_ids, p->cfg->trust_sender_address};
	struct inhand h = {.sm = sm};
	char *err = NULL;
	int dup, rc;

	if ((rc = set_aside_first(p, sm)) != 0)
		return rc < 0 ? SRC_RETRY : SRC_OK;
	guard_begin(sm->key, p->parse_timeout_ms);
	h.m = msg_parse(sm->data, sm->len, &err);
	if (h.m)
		h.an = analyze_message(h.m, &ao);
	guard_end();
	rc = SRC_OK;
	if (!h.m) {
		char *why = xasprintf("not a message: %s", err);
		quarantine(p, sm, why);
		free(why);
		goto out;
	}
	h.key = store_dedupe_key(h.m);
	if ((dup = store_has_same(p->st, h.key, h.m->sha256)) <= 0) {
		dup = 0;
		if ((rc = file_it(p, &h, &dup)) != SRC_OK)
			goto out;
	}
	mark(p, &h, dup);
out:
	free(err);
	inhand_clear(&h);
	return rc;
}

int
pipeline_poll(struct pipeline *p, char **err)
{
	struct source_msg sm = {0};
	int rc;

	*err = NULL;
	p->filed = p->duplicates = p->quarantined = 0;
	crashed_take(p);
	if ((rc = p->src->ops->open(p->src, err)) != SRC_OK) {
		p->src->ops->close(p->src);
		return rc;
	}
	while (!*p->stop) {
		service_alive(); /* a long first import is not a hang */
		rc = p->src->ops->next(p->src, &sm, err);
		checkpoints_record(p);
		if (rc == SRC_NONE) {
			rc = SRC_OK;
			break;
		}
		if (rc == SRC_REJECT) {
			/* Not read: its reason is recorded, then the source sets it aside. */
			quarantine(p, &sm, sm.reason ? sm.reason : "refused by the source");
			rc = SRC_OK;
		} else if (rc == SRC_OK)
			rc = process(p, &sm);
		else
			break;
		checkpoints_record(p);
		source_msg_clear(&sm);
		if (rc != SRC_OK) {
			*err = xstrdup("the store refused a filing");
			break;
		}
	}
	source_msg_clear(&sm);
	p->src->ops->close(p->src);
	if (p->filed || p->duplicates || p->quarantined)
		log_notice(
		    "cycle: %u filed, %u already filed, %u quarantined", p->filed, p->duplicates, p->quarantined);
	return rc;
}
