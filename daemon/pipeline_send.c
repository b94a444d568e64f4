/* pipeline_send.c: sending what the store queued, each recipient's attempt recorded before and its fate after. */
/* SPDX-License-Identifier: Apache-2.0 */
#include <stdlib.h>

#include "config.h"
#include "log.h"
#include "pipeline.h"
#include "service.h"
#include "store.h"
#include "transport.h"
#include "util.h"

/*
 * An attempt found unconcluded at the start of a cycle (a crash, or its result could not be
 * written) may have reached its recipient: it is tried once more after UNSURE_DELAY, and a second
 * one is failed, never sent every cycle (docs/smtp.md, "Exactly once").
 */
#define UNSURE_DELAY 3600LL
/* A recipient's own back-off (a 4xx to RCPT or to the message): 1, 2, 4 … minutes, at most six hours. */
#define RCPT_BACKOFF_MAX (6 * 3600LL)
/* The server's (down, TLS, login, busy): 1, 2, 4 … minutes, at most an hour; tried once each time. */
#define SERVER_BACKOFF_MAX 3600LL

struct send_ctx {
	struct pipeline *p;
	int stop;         /* the store or the server is failing: the rest waits */
	char *err;        /* why (owned) */
	char *server_err; /* the server's failure, recorded as its back-off (owned) */
	int reached;      /* the server answered at least once */
};

static long long
backoff(long long base_cap, int n)
{
	long long b = 60LL << (n < 10 ? (n > 0 ? n - 1 : 0) : 9);

	return b > base_cap ? base_cap : b;
}

static void
failing(struct send_ctx *c, char *why)
{
	c->stop = 1;
	free(c->err);
	c->err = why;
}

/* Recipients of one attempt: positions, addresses and the most attempts among them. */
struct batch {
	int *pos;
	const char **rcpt;
	size_t n;
	int attempts;
};

/* The outcome of one attempt, recorded. */
static void
conclude(struct send_ctx *c, struct outbox_item *it, const struct batch *b, int rc, const char *err)
{
	struct pipeline *p = c->p;
	enum delivery_result r = DELIVERY_DEFERRED;
	long long next = now_epoch();

	if (rc == TR_OK) {
		r = DELIVERY_SENT;
		p->sent += (unsigned)b->n;
		log_info("outbox %lld: %s sent to %s%s", it->id, it->kind, b->rcpt[0], b->n > 1 ? " and others" : "");
	} else if (rc == TR_FAIL) {
		r = DELIVERY_FAILED;
		log_warning("outbox %lld: %s to %s failed for good: %s", it->id, it->kind, b->rcpt[0], err);
	} else {
		p->deferred += (unsigned)b->n;
		if (rc == TR_DEFER) /* this recipient: its own back-off; the others go on */
			next += backoff(RCPT_BACKOFF_MAX, b->attempts + 1);
		else { /* the server: due again as soon as the server is */
			c->stop = 1;
			free(c->server_err);
			c->server_err = xstrdup(err ? err : "transport failing");
		}
		log_info("outbox %lld: %s to %s deferred: %s", it->id, it->kind, b->rcpt[0], err ? err : "");
	}
	if (rc != TR_RETRY)
		c->reached = 1;
	/* Sent but not recorded: stop; the next cycle finds the attempt unconcluded and follows the policy above. */
	if (store_delivery_result(p->st, it->id, b->pos, b->n, r, err, next) != 0) {
		log_error("outbox %lld: the result could not be recorded: %s", it->id, store_errmsg(p->st));
		failing(c, xasprintf("store: %s", store_errmsg(p->st)));
	}
}

/* One attempt: recorded first, then sent, then its outcome. 0 go on, 1 stop. */
static int
send_batch(struct send_ctx *c, struct outbox_item *it, const struct batch *b)
{
	struct pipeline *p = c->p;
	char *err = NULL, *key = xasprintf("%s-%lld", it->kind, it->id);
	int rc;

	/* Nothing is sent unless the attempt is on disk: a crash then leaves a trace, not a silent copy. */
	if ((rc = store_delivery_begin(p->st, it->id, b->pos, b->n)) <= 0) {
		if (rc == 0)
			log_info("outbox %lld: %s no longer queued (cancelled): not sent", it->id, it->kind);
		else
			failing(c, xasprintf("store: %s", store_errmsg(p->st)));
		goto out;
	}
	rc = p->tr->ops->send(p->tr, it->mail_from, b->rcpt, b->n, it->data, it->len, key, &err);
	conclude(c, it, b, rc, err);
out:
	free(err);
	free(key);
	return c->stop;
}

/* Addresses that cannot go between < and > are failed without a word to the server. 0, or 1 (store failing). */
static int
refuse(struct send_ctx *c, struct outbox_item *it, const struct batch *b, const char *why)
{
	if (b->n == 0)
		return 0;
	log_warning("outbox %lld: %s to %s%s: %s", it->id, it->kind, b->rcpt[0], b->n > 1 ? " and others" : "", why);
	if (store_delivery_result(c->p->st, it->id, b->pos, b->n, DELIVERY_FAILED, why, now_epoch()) != 0)
		failing(c, xasprintf("store: %s", store_errmsg(c->p->st)));
	return c->stop;
}

/* Splits it's due recipients into those that may be sent (good) and those that may not (bad). */
static void
sort_rcpts(struct outbox_item *it, struct batch *good, struct batch *bad)
{
	int sender_ok = !*it->mail_from || transport_address_ok(it->mail_from);

	for (size_t i = 0; i < it->rcpt.n; i++) {
		struct batch *b = sender_ok && transport_address_ok(it->rcpt.v[i]) ? good : bad;
		b->pos[b->n] = it->due[i].pos;
		b->rcpt[b->n++] = it->rcpt.v[i];
		if (it->due[i].attempts > b->attempts)
			b->attempts = it->due[i].attempts;
	}
}

static int
send_one(struct outbox_item *it, void *arg)
{
	struct send_ctx *c = arg;
	struct pipeline *p = c->p;
	struct batch good = {0}, bad = {0};
	int rc = 1;

	if (*p->stop)
		return 1;
	service_alive(); /* a long queue after an outage is not a hang */
	good.pos = xcalloc(it->rcpt.n, sizeof(*good.pos));
	bad.pos = xcalloc(it->rcpt.n, sizeof(*bad.pos));
	good.rcpt = xcalloc(it->rcpt.n, sizeof(*good.rcpt));
	bad.rcpt = xcalloc(it->rcpt.n, sizeof(*bad.rcpt));
	sort_rcpts(it, &good, &bad);
	if (refuse(c, it, &bad,
	        *it->mail_from && !transport_address_ok(it->mail_from)
	            ? "refusing an envelope sender that is not a plain address"
	            : "refusing a recipient that is not a plain address (control characters, spaces or angle "
	              "brackets)"))
		goto out;
	if (!p->tr->ops->per_rcpt) {
		if (good.n && send_batch(c, it, &good))
			goto out;
	} else /* one transaction per recipient: each one's fate is its own */
		for (size_t i = 0; i < good.n; i++) {
			struct batch one = {good.pos + i, good.rcpt + i, 1, it->due[0].attempts};
			for (size_t k = 0; k < it->rcpt.n; k++)
				if (it->due[k].pos == good.pos[i])
					one.attempts = it->due[k].attempts;
			if (*p->stop || send_batch(c, it, &one))
				goto out;
		}
	rc = *p->stop ? 1 : 0;
out:
	free(good.pos);
	free(bad.pos);
	free(good.rcpt);
	free(bad.rcpt);
	return rc;
}

/* Before sending: attempts left unconcluded by an earlier run. 0, or -1 (the store is failing: send nothing). */
static int
settle_unsure(struct pipeline *p)
{
	long long n = store_delivery_unsure(p->st, now_epoch() + UNSURE_DELAY);

	if (n > 0)
		log_warning("outbox: %lld attempt(s) found unconcluded (a crash, or a result not recorded): may have "
		            "been delivered; each is tried once more in %lld minutes, a second one is failed",
		    n, UNSURE_DELAY / 60);
	return n < 0 ? -1 : 0;
}

/* The server's back-off: 1 when it is not due yet (*err: its last failure, owned), 0 go, -1 store error. */
static int
server_waiting(struct pipeline *p, char **err)
{
	struct server_state ss;
	int rc = store_server_get(p->st, p->cfg->smtp_url, &ss);

	if (rc == 1 && ss.next_attempt > now_epoch()) {
		*err = xstrdup(ss.last_error ? ss.last_error : "failing");
		log_debug("transport: %s backed off after %d failure(s); next try in %lld s", p->cfg->smtp_url,
		    ss.failures, ss.next_attempt - now_epoch());
	} else
		rc = rc < 0 ? -1 : 0;
	server_state_clear(&ss);
	return rc;
}

/* The server's fate this cycle, for its back-off. */
static void
server_record(struct pipeline *p, struct send_ctx *c)
{
	struct server_state ss;
	int was = store_server_get(p->st, p->cfg->smtp_url, &ss), rc = 0;

	if (c->server_err)
		rc = store_server_set(
		    p->st, p->cfg->smtp_url, c->server_err, now_epoch() + backoff(SERVER_BACKOFF_MAX, ss.failures + 1));
	else if (was == 1 && c->reached)
		rc = store_server_set(p->st, p->cfg->smtp_url, NULL, 0);
	if (rc != 0)
		log_warning("store: the server's back-off could not be recorded: %s", store_errmsg(p->st));
	server_state_clear(&ss);
}

int
pipeline_send(struct pipeline *p, char **err)
{
	struct send_ctx c = {p, 0, NULL, NULL, 0};
	int rc;

	*err = NULL;
	p->sent = p->deferred = 0;
	if (settle_unsure(p) != 0 || (rc = server_waiting(p, err)) < 0) {
		free(*err);
		*err = xasprintf("store: %s", store_errmsg(p->st));
		return -1;
	}
	if (rc == 1)
		return -1; /* the same words as when it failed: logged once, not every cycle */
	rc = store_outbox_due(p->st, now_epoch(), send_one, &c);
	if (p->tr->ops->idle)
		p->tr->ops->idle(p->tr);
	server_record(p, &c);
	if (rc != 0) {
		*err = xasprintf("store: %s", store_errmsg(p->st));
		free(c.err);
		free(c.server_err);
		return -1;
	}
	if (c.stop) {
		*err = c.server_err ? c.server_err : c.err;
		free(c.server_err == *err ? c.err : c.server_err);
		return -1;
	}
	free(c.err);
	return 0;
}
