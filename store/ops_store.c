/* ops_store.c: what the operator looks after: the daemon's last cycle, one mail, one quarantined message. */
/* SPDX-License-Identifier: Apache-2.0 */
#include "store_int.h"

#include <stdlib.h>
#include <string.h>

void
daemon_poll_clear(struct daemon_poll *dp)
{
	if (!dp)
		return;
	free(dp->result);
	free(dp->send_result);
	memset(dp, 0, sizeof(*dp));
}

int
store_daemon_poll_set(struct store *st, const struct daemon_poll *dp)
{
	/* One statement, so its own transaction: the cycle's filings are committed already. */
	sqlite3_stmt *s = store_stmt(st,
	    "INSERT OR REPLACE INTO daemon_state (id, pid, at, result, backoff, send_result, filed, duplicates,"
	    " quarantined, sent, deferred) VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, dp->pid);
	sqlite3_bind_int64(s, 2, dp->at);
	sqlite3_bind_text(s, 3, dp->result ? dp->result : "ok", -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 4, dp->backoff);
	sqlite3_bind_text(s, 5, dp->send_result ? dp->send_result : "ok", -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 6, dp->filed);
	sqlite3_bind_int64(s, 7, dp->duplicates);
	sqlite3_bind_int64(s, 8, dp->quarantined);
	sqlite3_bind_int64(s, 9, dp->sent);
	sqlite3_bind_int64(s, 10, dp->deferred);
	return store_done(st, s, "daemon state");
}

int
store_daemon_poll_get(struct store *st, struct daemon_poll *dp)
{
	sqlite3_stmt *s = store_stmt(st,
	    "SELECT pid, at, result, backoff, send_result, filed, duplicates, quarantined, sent, deferred"
	    " FROM daemon_state WHERE id = 1");
	int rc;

	memset(dp, 0, sizeof(*dp));
	if (!s)
		return -1;
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		dp->pid = sqlite3_column_int64(s, 0);
		dp->at = sqlite3_column_int64(s, 1);
		dp->result = store_col_text(s, 2);
		dp->backoff = sqlite3_column_int64(s, 3);
		dp->send_result = store_col_text(s, 4);
		dp->filed = (unsigned)sqlite3_column_int(s, 5);
		dp->duplicates = (unsigned)sqlite3_column_int(s, 6);
		dp->quarantined = (unsigned)sqlite3_column_int(s, 7);
		dp->sent = (unsigned)sqlite3_column_int(s, 8);
		dp->deferred = (unsigned)sqlite3_column_int(s, 9);
	}
	sqlite3_reset(s);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	store_seterr(st, "daemon state");
	return -1;
}

int
store_outbox_counts(struct store *st, int (*fn)(const char *kind, const char *state, long long n, void *), void *arg)
{
	sqlite3_stmt *s = store_stmt(st,
	    "SELECT kind, CASE WHEN cancelled IS NULL THEN state ELSE 'cancelled' END AS st, count(*)"
	    " FROM outbox GROUP BY st, kind ORDER BY st, kind");
	int rc;

	if (!s)
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		if (fn((const char *)sqlite3_column_text(s, 0), (const char *)sqlite3_column_text(s, 1),
		        sqlite3_column_int64(s, 2), arg))
			break;
	sqlite3_reset(s);
	if (rc == SQLITE_ROW || rc == SQLITE_DONE)
		return 0;
	store_seterr(st, "outbox");
	return -1;
}

long long
store_quarantine_count(struct store *st)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT count(*) FROM quarantine WHERE state = 'held'");
	long long n = -1;

	if (!s)
		return -1;
	if (sqlite3_step(s) == SQLITE_ROW)
		n = sqlite3_column_int64(s, 0);
	else
		store_seterr(st, "quarantine");
	sqlite3_reset(s);
	return n;
}

/* "a\nb\n" into its lines. */
static void
rcpt_lines(const char *s, struct strv *out)
{
	size_t n;

	for (; s && *s; s += n + (s[n] == '\n')) {
		n = strcspn(s, "\n");
		if (n)
			strv_push_owned(out, xstrndup(s, n));
	}
}

int
store_outbox_get(struct store *st, long long id, struct outbox_item *it)
{
	sqlite3_stmt *s = store_stmt(st,
	    "SELECT kind, mail_from, rcpt, data, CASE WHEN cancelled IS NULL THEN state ELSE 'cancelled' END,"
	    " attempts, last_error, created, sent, next_attempt FROM outbox WHERE id = ?1");
	char *rcpt;
	int rc;

	memset(it, 0, sizeof(*it));
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		it->id = id;
		it->kind = store_col_text(s, 0);
		it->mail_from = store_col_text(s, 1);
		rcpt = store_col_text(s, 2);
		rcpt_lines(rcpt, &it->rcpt);
		free(rcpt);
		it->len = (size_t)sqlite3_column_bytes(s, 3);
		it->data = xmalloc(it->len + 1);
		if (it->len)
			memcpy(it->data, sqlite3_column_blob(s, 3), it->len);
		it->data[it->len] = '\0';
		it->state = store_col_text(s, 4);
		it->attempts = sqlite3_column_int(s, 5);
		it->last_error = store_col_text(s, 6);
		it->created = sqlite3_column_int64(s, 7);
		it->sent = sqlite3_column_int64(s, 8);
		it->next_attempt = sqlite3_column_int64(s, 9);
	}
	sqlite3_reset(s);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	store_seterr(st, "outbox");
	return -1;
}

int
store_outbox_cancel(struct store *st, long long id)
{
	/* 'failed' as well as cancelled: whatever sends 'queued' mail, by any path, leaves it alone. */
	sqlite3_stmt *s = store_stmt(st,
	    "UPDATE outbox SET state = 'failed', cancelled = ?2"
	    " WHERE id = ?1 AND state IN ('queued', 'failed') AND cancelled IS NULL");
	sqlite3_stmt *d;
	int rc = -1;

	if (!s || store_begin(st) != 0)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, now_epoch());
	if (store_done(st, s, "outbox") != 0)
		goto out;
	if (sqlite3_changes(st->db) == 0) {
		rc = 0;
		goto out;
	}
	/* Recipients it reached or failed keep their fate; the others will not get it. */
	if (!(d = store_stmt(
	          st, "UPDATE delivery SET state = 'cancelled', done = ?2 WHERE outbox_id = ?1 AND state = 'queued'")))
		goto out;
	sqlite3_bind_int64(d, 1, id);
	sqlite3_bind_int64(d, 2, now_epoch());
	if (store_done(st, d, "delivery") != 0 || store_event(st, 0, id, "cancelled", NULL) != 0 ||
	    store_commit(st) != 0)
		goto out;
	rc = 1;
out:
	if (rc != 1)
		store_rollback(st);
	return rc;
}

void
quarantine_row_clear(struct quarantine_row *q)
{
	if (!q)
		return;
	free(q->source_key);
	free(q->reason);
	free(q->state);
	memset(q, 0, sizeof(*q));
}

int
store_quarantine_row(struct store *st, long long id, struct quarantine_row *q)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT source_key, reason, created, state FROM quarantine WHERE id = ?1");
	int rc;

	memset(q, 0, sizeof(*q));
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		q->id = id;
		q->source_key = store_col_text(s, 0);
		q->reason = store_col_text(s, 1);
		q->created = sqlite3_column_int64(s, 2);
		q->state = store_col_text(s, 3);
	}
	sqlite3_reset(s);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	store_seterr(st, "quarantine");
	return -1;
}

int
store_quarantine_forget(struct store *st, long long id)
{
	sqlite3_stmt *d = store_stmt(st, "DELETE FROM quarantine WHERE id = ?1 RETURNING source_key");
	char *key = NULL;
	int rc = -1, step;

	if (!d || store_begin(st) != 0)
		return -1;
	sqlite3_bind_int64(d, 1, id);
	if ((step = sqlite3_step(d)) == SQLITE_ROW)
		key = store_col_text(d, 0);
	if (step == SQLITE_ROW)
		step = sqlite3_step(d);
	sqlite3_reset(d);
	if (step != SQLITE_DONE) {
		store_seterr(st, "quarantine");
		goto out;
	}
	rc = 0;
	if (!key)
		goto out;
	rc = -1;
	if (store_event(st, 0, 0, "quarantine discarded", key) != 0 || store_commit(st) != 0)
		goto out;
	rc = 1;
out:
	if (rc != 1)
		store_rollback(st);
	free(key);
	return rc;
}

int
store_sdo_contact_remove(struct store *st, const char *sdo, const char *email)
{
	sqlite3_stmt *s = store_stmt(st, "DELETE FROM sdo_contact WHERE sdo = ?1 AND email = ?2");
	char *what = NULL;
	int rc = -1;

	if (!s || store_begin(st) != 0)
		return -1;
	sqlite3_bind_text(s, 1, sdo, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, email, -1, SQLITE_STATIC);
	if (store_done(st, s, "sdo contact") != 0)
		goto out;
	if (sqlite3_changes(st->db) == 0) {
		rc = 0;
		goto out;
	}
	what = xasprintf("%s %s", sdo, email);
	if (store_event(st, 0, 0, "sdo contact removed", what) != 0 || store_commit(st) != 0)
		goto out;
	rc = 1;
out:
	if (rc != 1)
		store_rollback(st);
	free(what);
	return rc;
}
