/* pipeline.c: poll, parse, classify, file in one transaction, and only then mark at the source or send. */
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
#include "source.h"
#include "store.h"
#include "transport.h"

/* Crashes and hangs in the parser are caught and the message set aside at once (guard.c);
 * this counts the deaths nothing can catch (the OOM killer), so that a restarting daemon cannot loop.
 * High enough that an operator's kill -9 landing on the same message a few times never trips it. */
#define MAX_ATTEMPTS 8
#define MAX_ACKS_A_DAY 20 /* acknowledgements to one address in 24 hours */

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

/* Parses and files one message. SRC_OK, or SRC_RETRY when the store failed (stop the cycle). */
static int
process(struct pipeline *p, const struct source_msg *sm)
{
	struct analyze_opts ao = {p->dir, p->cfg->secretariat_address, &p->lim, sm->outgoing};
	struct filing f = {0};
	struct outmail om = {0};
	struct analysis *an = NULL;
	struct msg *m = NULL;
	struct strv rcpt = {0};
	char *err = NULL, *ack = NULL, *ackkey = NULL, *to = NULL, *key = NULL;
	long long doc_id = 0;
	int count = 0, dup = 0, rc = SRC_OK;

	if (store_quarantine_held(p->st, sm->key) == 1) {
		/* Quarantined by a crash note: recorded already, only the source has yet to move it. */
		if (p->src->ops->quarantine(p->src, sm, "held", &err) == SRC_OK)
			p->quarantined++;
		else
			log_warning("%s: quarantined, but the source refused to move it: %s", sm->key, err);
		free(err);
		return SRC_OK;
	}
	if (store_attempt_begin(p->st, sm->key, &count) != 0) {
		log_error("store: %s", store_errmsg(p->st));
		return SRC_RETRY;
	}
	if (count > MAX_ATTEMPTS) {
		char *why = xasprintf("processing it stopped the daemon %d times (killed while parsing it)", count - 1);
		quarantine(p, sm, why);
		free(why);
		return SRC_OK;
	}
	guard_begin(sm->key, p->parse_timeout_ms);
	m = msg_parse(sm->data, sm->len, &err);
	if (m)
		an = analyze_message(m, &ao);
	guard_end();
	if (!m) {
		char *why = xasprintf("not a message: %s", err);
		quarantine(p, sm, why);
		free(why);
		goto out;
	}
	key = store_dedupe_key(m);
	if ((dup = store_has_same(p->st, key, m->sha256)) > 0)
		goto mark;
	dup = 0;
	if ((ack = ack_compose(p->cfg, m, an, &om.len, &to)) != NULL &&
	    store_outbox_count_to(p->st, "ack", to, now_epoch() - 86400) >= MAX_ACKS_A_DAY) {
		/* A forged sender must not turn us into a mail cannon (RFC 3834 section 2): filed, not answered. */
		log_notice("%s: no acknowledgement: %s had %d today already", sm->key, to, MAX_ACKS_A_DAY);
		free(ack);
		ack = NULL;
	}
	if (ack) {
		ackkey = xasprintf("ack:%s", key);
		strv_push(&rcpt, to);
		om.kind = "ack";
		om.dedupe_key = ackkey;
		om.mail_from = p->cfg->secretariat_address;
		om.rcpt = &rcpt;
		om.data = ack;
	}
	f.msg = m;
	f.an = an;
	f.source_key = sm->key;
	f.folder = sm->folder;
	f.raw = sm->data;
	f.rawlen = sm->len;
	f.received = now_epoch();
	f.dir = p->dir;
	free(err);
	err = NULL;
	if (store_file(p->st, &f, ack ? &om : NULL, &doc_id, &dup, &err) != 0) {
		log_error("%s: not filed, will retry: %s", sm->key, err);
		/* A store error is not the message's fault: it must not count towards quarantine. */
		store_attempt_end(p->st, sm->key);
		rc = SRC_RETRY;
		goto out;
	}
	if (!dup) {
		p->filed++;
		log_info("%s: filed as document %lld (%s, %s)%s%s", sm->key, doc_id, kind_name(an->kind),
		    an->outgoing ? "outgoing" : "incoming", an->ls && an->ls->ref ? ": " : "",
		    an->ls && an->ls->ref ? an->ls->ref : "");
		for (size_t i = 0; i < an->warnings.n; i++)
			log_debug("%s: warning: %s", sm->key, an->warnings.v[i]);
	}
mark:
	if (dup) {
		p->duplicates++;
		store_attempt_end(p->st, sm->key);
		if (dup == 2)
			log_warning("%s: %s is filed already with other content; this copy is not filed, only marked",
			    sm->key, key);
		else
			log_info("%s: already filed (%s); marking it only", sm->key, key);
	}
	free(err);
	err = NULL;
	/* Committed: now, and only now, the source may mark or move it. */
	if (p->src->ops->done(p->src, sm, &err) != SRC_OK) {
		log_warning("%s: filed, but could not be marked at the source (it will be seen again and skipped): %s",
		    sm->key, err);
	}
out:
	free(err);
	free(ack);
	free(ackkey);
	free(to);
	free(key);
	strv_free(&rcpt);
	analysis_free(an);
	msg_free(m);
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
		rc = p->src->ops->next(p->src, &sm, err);
		if (rc == SRC_NONE) {
			rc = SRC_OK;
			break;
		}
		if (rc != SRC_OK)
			break;
		rc = process(p, &sm);
		source_msg_clear(&sm);
		if (rc != SRC_OK) {
			*err = xstrdup("the store refused a filing");
			break;
		}
	}
	p->src->ops->close(p->src);
	if (p->filed || p->duplicates || p->quarantined)
		log_notice(
		    "cycle: %u filed, %u already filed, %u quarantined", p->filed, p->duplicates, p->quarantined);
	return rc;
}
