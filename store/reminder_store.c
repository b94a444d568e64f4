/* reminder_store.c: reminders and overdue notices queued with their record in one transaction, once per level. */
/* SPDX-License-Identifier: Apache-2.0 */
#include "reminder_store.h"
#include "store_int.h"

#include <stdlib.h>
#include <string.h>

static const char *
col(sqlite3_stmt *s, int i)
{
	return (const char *)sqlite3_column_text(s, i);
}

int
store_remind_rows(struct store *st, int (*fn)(const struct remind_row *, void *), void *arg)
{
	sqlite3_stmt *s = store_stmt(st,
	    "SELECT o.id, l.ref, l.title, d.message_id, l.source, o.sdo, o.role, o.deadline, d.direction,"
	    " coalesce(o.reminded_days, -1),"
	    " (SELECT count(*) FROM reminder r WHERE r.obligation_id = o.id AND r.kind = 'overdue'),"
	    " coalesce((SELECT max(r.level) FROM reminder r WHERE r.obligation_id = o.id AND r.kind = 'overdue'), -1)"
	    " FROM obligation o JOIN liaison l ON l.id = o.liaison_id JOIN document d ON d.id = l.document_id"
	    " WHERE o.state = 'open' AND o.deadline IS NOT NULL ORDER BY o.deadline, l.ref, o.liaison_id, o.sdo");
	struct remind_row r;
	int rc;

	if (!s)
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		r.id = sqlite3_column_int64(s, 0);
		r.ref = col(s, 1);
		r.title = col(s, 2);
		r.message_id = col(s, 3);
		r.source = col(s, 4);
		r.sdo = col(s, 5);
		r.role = col(s, 6);
		r.deadline = col(s, 7);
		r.direction = col(s, 8);
		r.reminded = sqlite3_column_int64(s, 9);
		r.overdue_sent = sqlite3_column_int64(s, 10);
		r.overdue_last = sqlite3_column_int64(s, 11);
		if (fn(&r, arg))
			break;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		store_seterr(st, "reminders");
	sqlite3_reset(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

/* The record of one reminder queued as outbox mail id. 0, or -1. */
static int
record(struct store *st, long long obligation_id, const char *kind, long level, long long id)
{
	sqlite3_stmt *s = store_stmt(st,
	    "INSERT INTO reminder (outbox_id, obligation_id, kind, level, at)"
	    " VALUES (?1, ?2, ?3, ?4, ?5)");

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, obligation_id);
	sqlite3_bind_text(s, 3, kind, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 4, level);
	sqlite3_bind_int64(s, 5, now_epoch());
	/* A "before" level counts for the obligation only once the reminder reached someone (outbox_store.c). */
	return store_done(st, s, "reminder");
}

int
store_remind(struct store *st, long long obligation_id, const char *kind, long level, const struct outmail *om,
    int *dup, char **err)
{
	long long id;
	int rc = -1;

	*err = NULL;
	if (store_begin(st) != 0)
		goto out;
	if (store_outbox_add(st, om, &id, dup, err) != 0)
		goto out;
	if (!*dup && record(st, obligation_id, kind, level, id) != 0)
		goto out;
	rc = store_commit(st);
out:
	if (rc != 0) {
		if (!*err)
			*err = xstrdup(st->errbuf);
		store_rollback(st);
	}
	return rc;
}
