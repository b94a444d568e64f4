/* ack.c: the acknowledgement of a filed message composed as mail; rules/ack.c decides whom and what (RFC 3834). */
/* SPDX-License-Identifier: Apache-2.0 */
#include <stdlib.h>

#include "ack.h"
#include "compose.h"
#include "config.h"
#include "log.h"
#include "notice.h"

char *
ack_compose(const struct config *cfg, const struct msg *m, const struct analysis *a, size_t *len, char **rcpt)
{
	struct ack_policy p = {cfg->send_acks, cfg->secretariat_address};
	struct ack_sender s = {m->return_path, m->from_addr};
	struct compose c = {0};
	struct strv to = {0};
	struct buf body = {0}, subj = {0};
	char *addr = NULL, *out = NULL, *err = NULL;

	*rcpt = NULL;
	if (ack_decide(&p, &s, a, &addr) != ACK_SEND)
		goto out;
	strv_push(&to, addr);
	ack_text(m->subject, m->date, a, &subj, &body);
	c.from = cfg->smtp_from;
	c.to = &to;
	c.subject = buf_str(&subj);
	c.in_reply_to = m->message_id;
	c.auto_submitted = "auto-replied";
	c.body = buf_str(&body);
	c.date = now_epoch();
	out = compose_mail(&c, len, &err);
	if (out) {
		*rcpt = addr;
		addr = NULL;
	} else
		log_warning("acknowledgement to %s not composed: %s", addr, err);
out:
	free(err);
	free(addr);
	strv_free(&to);
	buf_free(&body);
	buf_free(&subj);
	return out;
}
