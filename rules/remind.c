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

long
remind_due(const long *days_before, size_t n, const struct remind_obl *o, const char *today)
{
	/* Only what the secretariat asked for and nobody has answered yet; without a date there is no when. */
	if (!o->deadline || !o->direction || !o->state || strcmp(o->direction, "outgoing") != 0 ||
	    strcmp(o->state, "open") != 0)
		return -1;
	return remind_level_due(days_before, n, remind_days_left(today, o->deadline), o->reminded);
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

void
remind_text(const struct remind_letter *l, struct buf *subj, struct buf *body)
{
	buf_printf(subj, "Reminder: %s - reply due %s", l->ref, l->deadline);
	buf_printf(body,
	    "Dear colleagues of %s,\n\nThe JCA-MV asked your group to act on %s\n\"%s\"\nby %s.\n\n"
	    "We have not yet received your reply. If you have sent it, please disregard this reminder;\n"
	    "otherwise we would be grateful to receive it by the deadline, at %s.\n\nJCA-MV Secretariat\n",
	    l->sdo, l->ref, l->title ? l->title : "", l->deadline, l->reply_to);
}
