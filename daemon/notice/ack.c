/* notify.c: the acknowledgement owed to a sender; never to machines (RFC 3834 section 2). */
#include <stdlib.h>
#include <string.h>

#include "analyze.h"
#include "compose.h"
#include "config.h"
#include "log.h"
#include "notice.h"

static void
describe(struct buf *b, const struct analysis *a)
{
	if (a->kind == KIND_LIAISON && a->ls) {
		buf_printf(b, "It has been filed as liaison statement %s", a->ls->ref ? a->ls->ref : "(no number)");
		if (a->ls->source)
			buf_printf(b, " from %s", a->ls->source);
		buf_adds(b, ".\n");
		if (a->ls->title)
			buf_printf(b, "Title: %s\n", a->ls->title);
		if (a->ls->deadline)
			buf_printf(b, "Deadline: %s\n", a->ls->deadline);
		else if (a->ls->deadline_text)
			buf_printf(b, "Deadline: %s (no calendar date read)\n", a->ls->deadline_text);
	} else if (a->kind == KIND_ROADMAP) {
		buf_printf(b, "It has been filed as input to the Metaverse Standardization Roadmap: %zu %s.\n", a->rm.n,
		    a->rm.n == 1 ? "entry" : "entries");
		for (size_t i = 0; i < a->rm.n && i < 50; i++)
			buf_printf(
			    b, "  - %s %s: %s\n", a->rm.v[i].f[RM_SDO], a->rm.v[i].f[RM_REF], a->rm.v[i].f[RM_TITLE]);
	}
}

char *
ack_compose(const struct config *cfg, const struct msg *m, const struct analysis *a, size_t *len, char **rcpt)
{
	struct compose c = {0};
	struct strv to = {0};
	struct buf body = {0}, subj = {0};
	char *addr = NULL, *out = NULL, *err = NULL, *when;
	char date[21];

	*rcpt = NULL;
	if (!cfg->send_acks || a->outgoing || a->machine || (a->kind != KIND_LIAISON && a->kind != KIND_ROADMAP))
		return NULL;
	/* Never answer a null or odd sender, nor ourselves (RFC 3834 section 2). */
	if (m->return_path && *m->return_path == '\0')
		return NULL;
	if (!(addr = address_only(m->from_addr)) || strcmp(addr, cfg->secretariat_address) == 0)
		goto out;
	if (str_startswith_ci(addr, "noreply") || str_startswith_ci(addr, "no-reply") ||
	    str_startswith_ci(addr, "owner-") || strstr(addr, "-request@"))
		goto out;
	strv_push(&to, addr);
	buf_printf(&subj, "Received: %s", m->subject);
	buf_adds(&body, "Dear colleague,\n\nThe JCA-MV secretariat has received your message");
	if (*m->subject)
		buf_printf(&body, " \"%s\"", m->subject);
	if (m->date) {
		iso8601_utc(m->date, date);
		when = date;
		buf_printf(&body, " of %.10s", when);
	}
	buf_adds(&body, ".\n");
	describe(&body, a);
	buf_adds(&body,
	    "\nThis acknowledgement was sent automatically; there is no need to answer it.\n\n"
	    "JCA-MV Secretariat\n");
	c.from = cfg->smtp_from;
	c.to = &to;
	c.subject = buf_str(&subj);
	c.in_reply_to = m->message_id;
	c.auto_submitted = "auto-replied";
	c.body = buf_str(&body);
	c.date = now_epoch();
	out = compose_mail(&c, len, &err);
	if (out)
		*rcpt = xstrdup(addr);
	else
		log_warning("acknowledgement to %s not composed: %s", addr, err);
out:
	free(err);
	free(addr);
	strv_free(&to);
	buf_free(&body);
	buf_free(&subj);
	return out;
}
