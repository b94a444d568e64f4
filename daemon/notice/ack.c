/* ack.c: the acknowledgement of a filed message composed as mail; rules/ack.c decides whom and what (RFC 3834). */
/* SPDX-License-Identifier: Apache-2.0 */
#include <stdlib.h>

#include "ack.h"
#include "compose.h"
#include "config.h"
#include "log.h"
#include "notice.h"
#include "store.h"

char *
ack_recipient(const struct config *cfg, const struct msg *m, const struct analysis *a)
{
	struct ack_policy p = {cfg->send_acks, cfg->secretariat_address, cfg->ack_max_age, now_epoch()};
	struct ack_sender s = {m->return_path, m->from_addr, m->reply_to, m->date};
	char *addr = NULL;

	if (ack_decide(&p, &s, a, &addr) == ACK_OLD)
		log_info("%s: not acknowledged: dated more than %ld days ago (secretariat.acknowledge_max_age)",
		    m->message_id ? m->message_id : m->sha256, cfg->ack_max_age);
	return addr;
}

char *
ack_compose(const struct config *cfg, const struct msg *m, const struct analysis *a, const struct filed *fd,
    const char *rcpt, size_t *len)
{
	struct ack_filed af = {fd ? fd->docno : NULL, fd ? fd->answers : NULL, fd ? fd->claims : NULL,
	    *cfg->ack_contact ? cfg->ack_contact : cfg->smtp_from};
	struct compose c = {0};
	struct strv to = {0};
	struct buf body = {0}, subj = {0};
	char *out = NULL, *err = NULL;

	strv_push(&to, rcpt);
	ack_text(m->subject, m->date, a, &af, &subj, &body);
	c.from = cfg->smtp_from;
	c.to = &to;
	c.subject = buf_str(&subj);
	c.in_reply_to = m->message_id;
	c.auto_submitted = "auto-replied";
	c.body = buf_str(&body);
	c.date = now_epoch();
	if (!(out = compose_mail(&c, len, &err)))
		log_warning("acknowledgement to %s not composed: %s", rcpt, err);
	free(err);
	strv_free(&to);
	buf_free(&body);
	buf_free(&subj);
	return out;
}
