/* remind.h: which deadline reminder is due for an obligation, to whom, and its text. */
/* SPDX-License-Identifier: Apache-2.0 */
#ifndef LSD_REMIND_H
#define LSD_REMIND_H

#include <stddef.h>
#include "util.h"

/* An obligation as filed: a body asked by one of the secretariat's statements to act or comment. */
struct remind_obl {
	const char *direction; /* the statement's: "outgoing" when the secretariat sent it */
	const char *state;     /* "open" until answered or closed */
	const char *deadline;  /* "YYYY-MM-DD", or NULL */
	long long reminded;    /* the last level reminded, in days before the deadline, or -1 */
	int self;              /* the body asked is the JCA-MV itself: an incoming statement asks us */
};

/*
 * The level due days_left days before a deadline: the smallest of days_before[0..n) at or
 * above days_left, unless that level (or a nearer one) was reminded already. -1 when none is
 * due: past the deadline, further off than every level, or reminded. Missed days do not add
 * up: two days before, only the nearest level is due, not every level skipped.
 */
long remind_level_due(const long *days_before, size_t n, long days_left, long long reminded);

/* Whole days from today to deadline (both "YYYY-MM-DD"); 0 when either is unreadable. */
long remind_days_left(const char *today, const char *deadline);

/*
 * The level due today for o (remind_level_due), or -1; only open obligations with a date, of our
 * own statements to other bodies, or of statements that ask the JCA-MV itself (o->self, incoming).
 * Statements between other bodies are none of ours to chase.
 */
long remind_due(const long *days_before, size_t n, const struct remind_obl *o, const char *today);

/*
 * The overdue notice due days_past days after the deadline: its number (1 for the first), or -1.
 * The first is due the day after the deadline, each next one every days after the last one sent
 * (last: the days_past it was sent at), at most max in all. A daemon that was down sends one, not
 * the ones it missed.
 */
long remind_overdue_due(long every, long max, long days_past, long long sent, long long last);

/* remind_overdue_due for o today, under the same conditions as remind_due. */
long remind_overdue(
    long every, long max, const struct remind_obl *o, long long sent, long long last, const char *today);

/* The statement's number as a reminder names it: ref, or "our liaison statement" when it has none. */
const char *remind_ref(const char *ref);

/*
 * The recipients of a reminder: one bare address per mailbox among contacts ("Name <addr>" or
 * addr), in their order, appended to to. Unreadable entries are left out.
 */
void remind_rcpt(const struct strv *contacts, struct strv *to);

/* What a reminder says, and where the answer is awaited. */
struct remind_letter {
	const char *ref;      /* as remind_ref() gives it */
	const char *title;    /* or NULL */
	const char *sdo;      /* the body reminded */
	const char *deadline; /* "YYYY-MM-DD" */
	const char *reply_to; /* the secretariat's address */
	const char *role;     /* "action" or "comment" (NULL: action) */
	long days_past;       /* 0 before the deadline; an overdue notice: days since it */
	const char *source;   /* self: the body that asked the JCA-MV */
	int self;             /* to the secretariat, about what another body asked the JCA-MV */
};

/* The reminder's subject and body, appended to subj and body: worded for action or comment, before or after. */
void remind_text(const struct remind_letter *l, struct buf *subj, struct buf *body);

#endif
