/* reminder_store.h: reminders and overdue notices: the obligations they chase, and each one queued once. */
/* SPDX-License-Identifier: Apache-2.0 */
#ifndef LSD_REMINDER_STORE_H
#define LSD_REMINDER_STORE_H

#include "store.h"

/* An open obligation with a deadline, as a reminder needs it (borrowed for the call). */
struct remind_row {
	long long id;            /* the obligation */
	const char *ref, *title; /* the statement's, or NULL */
	const char *message_id;  /* the statement's Message-ID as filed, or NULL */
	const char *source;      /* the body that sent it, or NULL */
	const char *sdo, *role;  /* the body asked, "action" or "comment" */
	const char *deadline;    /* "YYYY-MM-DD" */
	const char *direction;   /* the statement's: "outgoing" when the secretariat sent it */
	long long reminded;      /* the last level reminded before the deadline, or -1 */
	long long overdue_sent;  /* overdue notices queued so far */
	long long overdue_last;  /* days past the deadline of the last one, or -1 */
};
/* Open obligations with a deadline, soonest first, until fn returns non-zero. 0 ok, -1 error (store_errmsg). */
int store_remind_rows(struct store *st, int (*fn)(const struct remind_row *, void *), void *arg);

/*
 * Queues a reminder (om) and records it in one transaction: kind "before" (level: days before the
 * deadline, also kept as the obligation's last level) or "overdue" (level: days past it). A mail
 * whose dedupe key is queued already sets *dup and records nothing. 0 ok, -1 with *err (owned).
 */
int store_remind(struct store *st, long long obligation_id, const char *kind, long level, const struct outmail *om,
    int *dup, char **err);

#endif
