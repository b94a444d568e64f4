/* pipeline_send.c: sending what the store queued (acknowledgements, reminders, digests), each result recorded. */
/* SPDX-License-Identifier: Apache-2.0 */
#include <stdlib.h>

#include "log.h"
#include "pipeline.h"
#include "service.h"
#include "store.h"
#include "transport.h"
#include "util.h"

struct send_ctx {
	struct pipeline *p;
	int failing;
	char *err;
};

static int
send_one(struct outbox_item *it, void *arg)
{
	struct send_ctx *c = arg;
	struct pipeline *p = c->p;
	char *err = NULL, *key = xasprintf("%s-%lld", it->kind, it->id);
	long long backoff;
	int rc, recorded;

	if (*p->stop) {
		free(key);
		return 1;
	}
	service_alive(); /* a long queue after an outage is not a hang */
	/* Read at the cycle's start: `liaisonctl outbox cancel` may have cancelled it since. */
	if ((rc = store_outbox_sendable(p->st, it->id)) <= 0) {
		if (rc == 0)
			log_info("outbox %lld: %s no longer queued (cancelled): not sent", it->id, it->kind);
		else {
			c->failing = 1;
			free(c->err);
			c->err = xasprintf("store: %s", store_errmsg(p->st));
		}
		free(key);
		return c->failing;
	}
	rc = p->tr->ops->send(
	    p->tr, it->mail_from, (const char *const *)it->rcpt.v, it->rcpt.n, it->data, it->len, key, &err);
	/* 1, 2, 4 … minutes, at most six hours between tries. */
	backoff = 60LL << (it->attempts < 8 ? it->attempts : 8);
	if (backoff > 6 * 3600)
		backoff = 6 * 3600;
	if (rc == TR_OK) {
		p->sent++;
		recorded = store_outbox_result(p->st, it->id, 1, 0, NULL, now_epoch());
		log_info("outbox %lld: %s sent to %s", it->id, it->kind, it->rcpt.n ? it->rcpt.v[0] : "");
	} else if (rc == TR_FAIL) {
		recorded = store_outbox_result(p->st, it->id, 0, 1, err, now_epoch());
		log_warning("outbox %lld: %s failed for good: %s", it->id, it->kind, err);
	} else {
		p->deferred++;
		recorded = store_outbox_result(p->st, it->id, 0, 0, err, now_epoch() + backoff);
		c->failing = 1;
		free(c->err);
		c->err = xstrdup(err ? err : "transport failing");
	}
	/* Sent but not recorded: stop, or every later cycle would send it again while the store stays stuck. */
	if (recorded != 0) {
		log_error("outbox %lld: the result could not be recorded: %s", it->id, store_errmsg(p->st));
		c->failing = 1;
		free(c->err);
		c->err = xasprintf("store: %s", store_errmsg(p->st));
	}
	free(err);
	free(key);
	return c->failing; /* a failing transport fails for the rest too: stop and back off */
}

int
pipeline_send(struct pipeline *p, char **err)
{
	struct send_ctx c = {p, 0, NULL};
	int rc;

	*err = NULL;
	p->sent = p->deferred = 0;
	rc = store_outbox_due(p->st, now_epoch(), send_one, &c);
	if (p->tr->ops->idle)
		p->tr->ops->idle(p->tr);
	if (rc != 0) {
		*err = xasprintf("store: %s", store_errmsg(p->st));
		free(c.err);
		return -1;
	}
	if (c.failing) {
		*err = c.err;
		return -1;
	}
	return 0;
}
