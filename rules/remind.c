/* remind.c: deadline reminders to bodies that have not answered the secretariat's statements: when, to whom, what. */
/* SPDX-License-Identifier: Apache-2.0 */
#include "remind.h"

#include <stdlib.h>
#include <string.h>

#include "compose.h"

long
remind_level_due(const long *days_before, size_t n, long days_left, long long reminded)
{
	long best = -1;

	/* After the deadline a reminder would only annoy: the digest lists it as overdue instead. */
	if (days_left < 0)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (days_left <= days_before[i] && (best < 0 || days_before[i] < best))
			best = days_before[i];
	/* Levels go down towards the deadline: one reminded at or below best means best is done. */
	if (best < 0 || (reminded >= 0 && reminded <= best))
		return -1;
	return best;
}

long
remind_days_left(const char *today, const char *deadline)
{
	long long a, b;

	if (iso8601_parse(today, &a) != 0 || iso8601_parse(deadline, &b) != 0)
		return 0;
	return (long)((b - a) / 86400);
}

/* Open, dated, and ours to chase: our statement to another body, or another body's asking the JCA-MV. */
static int
chased(const struct remind_obl *o)
{
	if (!o->deadline || !o->direction || !o->state || strcmp(o->state, "open") != 0)
		return 0;
	return o->self ? strcmp(o->direction, "incoming") == 0 : strcmp(o->direction, "outgoing") == 0;
}

long
remind_due(const long *days_before, size_t n, const struct remind_obl *o, const char *today)
{
	if (!chased(o))
		return -1;
	return remind_level_due(days_before, n, remind_days_left(today, o->deadline), o->reminded);
}

long
remind_overdue_due(long every, long max, long days_past, long long sent, long long last)
{
	if (days_past < 1 || max <= 0 || sent >= max || every <= 0)
		return -1;
	if (sent > 0 && days_past - last < every)
		return -1;
	return (long)sent + 1;
}

long
remind_overdue(long every, long max, const struct remind_obl *o, long long sent, long long last, const char *today)
{
	if (!chased(o))
		return -1;
	return remind_overdue_due(every, max, -remind_days_left(today, o->deadline), sent, last);
}

const char *
remind_ref(const char *ref)
{
	return ref ? ref : "our liaison statement";
}

void
remind_rcpt(const struct strv *contacts, struct strv *to)
{
	/* The directory's contacts and the operator's may overlap: one copy per mailbox. */
	for (size_t i = 0; i < contacts->n; i++) {
		char *a = address_only(contacts->v[i]);
		if (a)
			strv_push_unique(to, a);
		free(a);
	}
}

/* The subject's words: prefix[self][overdue], then what is due[overdue][comment]. */
static const char *const prefix[2][2] = {{"Reminder", "Overdue"}, {"JCA-MV to answer", "JCA-MV overdue"}};
static const char *const due[2][2] = {{"reply due", "comments due"}, {"reply was due", "comments were due"}};

/* To the body that has not answered: before the deadline, or after it. */
/* The statement's title on a line of its own, quoted; nothing without one. Owned. */
static char *
quoted_title(const struct remind_letter *l)
{
	return l->title && *l->title ? xasprintf("\n\"%s\"", l->title) : xstrdup("");
}

static void
to_body(const struct remind_letter *l, int comment, struct buf *body)
{
	char *t = quoted_title(l);

	buf_printf(body, "Dear colleagues of %s,\n\nThe JCA-MV asked your group %s %s%s\nby %s.\n\n", l->sdo,
	    comment ? "for comments on" : "to act on", l->ref, t, l->deadline);
	free(t);
	if (l->days_past > 0)
		buf_printf(body,
		    "That date passed %ld day%s ago and we have not yet received your %s. If you have sent it,\n"
		    "please disregard this notice; otherwise we would be grateful to receive it as soon as you can,\n"
		    "at %s.\n\nJCA-MV Secretariat\n",
		    l->days_past, l->days_past == 1 ? "" : "s", comment ? "comments" : "reply", l->reply_to);
	else
		buf_printf(body,
		    "We have not yet received your %s. If you have sent it, please disregard this reminder;\n"
		    "otherwise we would be grateful to receive it by the deadline, at %s.\n\nJCA-MV Secretariat\n",
		    comment ? "comments" : "reply", l->reply_to);
}

/* To the secretariat: another body asked the JCA-MV itself, and no answer of ours is filed. */
static void
to_self(const struct remind_letter *l, int comment, struct buf *body)
{
	const char *src = l->source ? l->source : "A body";
	char *t = quoted_title(l);

	buf_printf(body, "To the JCA-MV secretariat,\n\n%s asked the JCA-MV %s %s%s\nby %s.\n\n", src,
	    comment ? "for comments on" : "to act on", l->ref, t, l->deadline);
	free(t);
	if (l->days_past > 0)
		buf_printf(body, "That date passed %ld day%s ago. ", l->days_past, l->days_past == 1 ? "" : "s");
	buf_printf(body,
	    "No %s of the JCA-MV to it has been filed yet. Send one as a liaison statement that\n"
	    "names %s (or record one sent otherwise with liaisonctl answer).\n\nliaisond\n",
	    comment ? "comment" : "reply", l->ref);
}

void
remind_text(const struct remind_letter *l, struct buf *subj, struct buf *body)
{
	int comment = l->role && strcmp(l->role, "comment") == 0;

	buf_printf(subj, "%s: %s - %s %s", prefix[l->self != 0][l->days_past > 0], l->ref,
	    due[l->days_past > 0][comment], l->deadline);
	if (l->self)
		to_self(l, comment, body);
	else
		to_body(l, comment, body);
}
