/* outbox_store.c: delivery per recipient (attempts, fate, the server's words) and the back-off per server. */
/* SPDX-License-Identifier: Apache-2.0 */
#include "store_int.h"

#include <stdlib.h>
#include <string.h>

/* The outbox row's summary of its recipients; the state of a cancelled mail stays as the operator left it. */
static const char summary_sql[] =
    "UPDATE outbox SET"
    " state = CASE WHEN cancelled IS NOT NULL THEN state"
    "  WHEN EXISTS (SELECT 1 FROM delivery d WHERE d.outbox_id = outbox.id AND d.state IN ('queued', 'sending'))"
    "   THEN 'queued'"
    "  WHEN EXISTS (SELECT 1 FROM delivery d WHERE d.outbox_id = outbox.id AND d.state = 'failed') THEN 'failed'"
    "  WHEN EXISTS (SELECT 1 FROM delivery d WHERE d.outbox_id = outbox.id AND d.state = 'sent') THEN 'sent'"
    "  ELSE state END,"
    " attempts = coalesce((SELECT max(d.attempts) FROM delivery d WHERE d.outbox_id = outbox.id), attempts),"
    " next_attempt = coalesce((SELECT min(d.next_attempt) FROM delivery d"
    "  WHERE d.outbox_id = outbox.id AND d.state = 'queued'), next_attempt),"
    " sent = coalesce(sent, (SELECT max(d.done) FROM delivery d WHERE d.outbox_id = outbox.id AND d.state = 'sent')),"
    " last_error = (SELECT d.last_error FROM delivery d WHERE d.outbox_id = outbox.id AND d.state <> 'sent'"
    "  AND d.last_error IS NOT NULL ORDER BY d.started DESC, d.position LIMIT 1)"
    " WHERE id = ?1";

static int
summary(struct store *st, long long id)
{
	sqlite3_stmt *s = store_stmt(st, summary_sql);

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	return store_done(st, s, "outbox");
}

int
store_delivery_add(struct store *st, long long id, const struct strv *rcpt)
{
	sqlite3_stmt *s = store_stmt(st,
	    "INSERT INTO delivery (outbox_id, position, rcpt, next_attempt)"
	    " SELECT ?1, ?2, ?3, next_attempt FROM outbox WHERE id = ?1");

	if (!s)
		return -1;
	for (size_t i = 0; i < rcpt->n; i++) {
		sqlite3_bind_int64(s, 1, id);
		sqlite3_bind_int(s, 2, (int)i);
		sqlite3_bind_text(s, 3, rcpt->v[i], -1, SQLITE_STATIC);
		if (store_done(st, s, "delivery") != 0)
			return -1;
	}
	return 0;
}

/* The recipients of it due at now, in place of the whole list. 0, or -1. */
static int
due_rcpts(struct store *st, struct outbox_item *it, long long now)
{
	sqlite3_stmt *s = store_stmt(st,
	    "SELECT position, rcpt, attempts FROM delivery"
	    " WHERE outbox_id = ?1 AND state = 'queued' AND next_attempt <= ?2 ORDER BY position");
	size_t n = 0;
	int rc;

	if (!s)
		return -1;
	strv_free(&it->rcpt);
	sqlite3_bind_int64(s, 1, it->id);
	sqlite3_bind_int64(s, 2, now);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		it->due = xrealloc(it->due, (n + 1) * sizeof(*it->due));
		it->due[n].pos = sqlite3_column_int(s, 0);
		it->due[n++].attempts = sqlite3_column_int(s, 2);
		strv_push(&it->rcpt, (const char *)sqlite3_column_text(s, 1));
	}
	sqlite3_reset(s);
	if (rc == SQLITE_DONE)
		return 0;
	store_seterr(st, "delivery");
	return -1;
}

int
store_outbox_due(struct store *st, long long now, int (*fn)(struct outbox_item *, void *), void *arg)
{
	/* Collected first: fn() writes results, which must not run while this statement is open. */
	sqlite3_stmt *s = store_stmt(st,
	    "SELECT o.id, o.kind, o.mail_from, o.rcpt, o.data, o.state, o.attempts, o.last_error, o.created, o.sent,"
	    " o.next_attempt FROM outbox o WHERE o.state = 'queued' AND o.cancelled IS NULL AND o.next_attempt <= ?1"
	    " AND EXISTS (SELECT 1 FROM delivery d WHERE d.outbox_id = o.id AND d.state = 'queued'"
	    " AND d.next_attempt <= ?1) ORDER BY o.id LIMIT 500");
	struct outbox_item *items = NULL;
	size_t n = 0;
	int rc;

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, now);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		items = xrealloc(items, (n + 1) * sizeof(*items));
		store_outbox_row(s, &items[n++]);
	}
	if (rc != SQLITE_DONE)
		store_seterr(st, "outbox");
	sqlite3_reset(s);
	for (size_t i = 0; rc == SQLITE_DONE && i < n; i++)
		if (due_rcpts(st, &items[i], now) != 0)
			rc = SQLITE_ERROR;
	for (size_t i = 0; i < n; i++) {
		if (rc == SQLITE_DONE && items[i].rcpt.n && fn(&items[i], arg))
			rc = SQLITE_ABORT;
		outbox_item_clear(&items[i]);
	}
	free(items);
	return rc == SQLITE_DONE || rc == SQLITE_ABORT ? 0 : -1;
}

/* "a@x, b@y": the recipients at pos, for events. */
static char *
rcpt_names(struct store *st, long long id, const int *pos, size_t n)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT rcpt FROM delivery WHERE outbox_id = ?1 AND position = ?2");
	struct buf b = {0};

	for (size_t i = 0; s && i < n; i++) {
		sqlite3_bind_int64(s, 1, id);
		sqlite3_bind_int(s, 2, pos[i]);
		if (sqlite3_step(s) == SQLITE_ROW)
			buf_printf(&b, "%s%s", b.len ? ", " : "", (const char *)sqlite3_column_text(s, 0));
		sqlite3_reset(s);
	}
	return buf_steal(&b);
}

int
store_delivery_begin(struct store *st, long long id, const int *pos, size_t n)
{
	sqlite3_stmt *s;
	char *who = NULL;
	int rc = -1, changed = 0;

	if (store_begin(st) != 0)
		return -1;
	/* liaisonctl outbox cancel may have come after store_outbox_due read the mail. */
	if (!(s = store_stmt(st,
	          "UPDATE delivery SET state = 'sending', attempts = attempts + 1, started = ?3"
	          " WHERE outbox_id = ?1 AND position = ?2 AND state = 'queued' AND EXISTS"
	          " (SELECT 1 FROM outbox o WHERE o.id = ?1 AND o.state = 'queued' AND o.cancelled IS NULL)")))
		goto out;
	for (size_t i = 0; i < n; i++) {
		sqlite3_bind_int64(s, 1, id);
		sqlite3_bind_int(s, 2, pos[i]);
		sqlite3_bind_int64(s, 3, now_epoch());
		if (store_done(st, s, "delivery") != 0)
			goto out;
		changed += sqlite3_changes(st->db);
	}
	if (changed == 0) {
		rc = 0;
		goto out;
	}
	who = rcpt_names(st, id, pos, n);
	if (store_event(st, 0, id, "attempt", who) != 0 || store_commit(st) != 0)
		goto out;
	rc = 1;
out:
	if (rc != 1)
		store_rollback(st);
	free(who);
	return rc;
}

/* A reminder's level counts for its obligation once it reached someone: "reminder:OBLIGATION:DAYS". 0, or -1. */
static int
reminder_reached(struct store *st, long long id)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT dedupe_key FROM outbox WHERE id = ?1 AND kind = 'reminder'");
	long long obl = 0, days = -1;
	char *key = NULL, *end;

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	if (sqlite3_step(s) == SQLITE_ROW)
		key = store_col_text(s, 0);
	sqlite3_reset(s);
	if (key && strncmp(key, "reminder:", 9) == 0) {
		obl = strtoll(key + 9, &end, 10);
		if (*end == ':')
			days = strtoll(end + 1, &end, 10);
		if (*end != '\0')
			obl = 0;
	}
	free(key);
	if (obl <= 0 || days < 0)
		return 0;
	/* Levels go down towards the deadline: a late copy of an earlier level must not undo a nearer one. */
	if (!(s = store_stmt(
	          st, "UPDATE obligation SET reminded_days = min(coalesce(reminded_days, ?2), ?2) WHERE id = ?1")))
		return -1;
	sqlite3_bind_int64(s, 1, obl);
	sqlite3_bind_int64(s, 2, days);
	return store_done(st, s, "obligation");
}

/* The outcome for the recipients at pos, inside the caller's transaction. */
static int
record(struct store *st, long long id, const int *pos, size_t n, enum delivery_result r, const char *error,
    long long next_attempt)
{
	sqlite3_stmt *s = store_stmt(st,
	    "UPDATE delivery SET state = CASE ?3 WHEN 0 THEN 'sent' WHEN 1 THEN 'failed' ELSE 'queued' END,"
	    " attempts = attempts + (state = 'queued'), started = CASE WHEN state = 'queued' THEN ?6 ELSE started END,"
	    " last_error = ?4, next_attempt = ?5, done = CASE WHEN ?3 IN (0, 1) THEN ?6 END"
	    " WHERE outbox_id = ?1 AND position = ?2 AND state IN ('queued', 'sending')");

	if (!s)
		return -1;
	for (size_t i = 0; i < n; i++) {
		sqlite3_bind_int64(s, 1, id);
		sqlite3_bind_int(s, 2, pos[i]);
		sqlite3_bind_int(s, 3, (int)r);
		if (error)
			sqlite3_bind_text(s, 4, error, -1, SQLITE_STATIC);
		sqlite3_bind_int64(s, 5, next_attempt);
		sqlite3_bind_int64(s, 6, now_epoch());
		if (store_done(st, s, "delivery") != 0)
			return -1;
	}
	if (r == DELIVERY_SENT && reminder_reached(st, id) != 0)
		return -1;
	return summary(st, id);
}

int
store_delivery_result(struct store *st, long long id, const int *pos, size_t n, enum delivery_result r,
    const char *error, long long next_attempt)
{
	static const char *const what[] = {"sent", "failed", "deferred"};
	char *who = NULL, *detail = NULL;
	int rc = -1;

	/* The new state and its event together: one durable fact, "sent", that stops a second send. */
	if (store_begin(st) != 0)
		return -1;
	if (record(st, id, pos, n, r, error, next_attempt) != 0)
		goto out;
	who = rcpt_names(st, id, pos, n);
	detail = error ? xasprintf("%s: %s", who, error) : xstrdup(who);
	if (store_event(st, 0, id, what[r], detail) != 0)
		goto out;
	rc = store_commit(st);
out:
	if (rc != 0)
		store_rollback(st);
	free(who);
	free(detail);
	return rc;
}

/* The positions of mail id's recipients in one of states (a SQL list), for the whole-mail functions. */
static int
positions(struct store *st, long long id, int **pos, size_t *n)
{
	sqlite3_stmt *s = store_stmt(st,
	    "SELECT position FROM delivery WHERE outbox_id = ?1 AND state IN ('queued', 'sending') ORDER BY position");
	int rc;

	*pos = NULL;
	*n = 0;
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		*pos = xrealloc(*pos, (*n + 1) * sizeof(**pos));
		(*pos)[(*n)++] = sqlite3_column_int(s, 0);
	}
	sqlite3_reset(s);
	if (rc == SQLITE_DONE)
		return 0;
	store_seterr(st, "delivery");
	return -1;
}

int
store_outbox_result(struct store *st, long long id, int sent, int permanent, const char *error, long long next_attempt)
{
	int *pos = NULL;
	size_t n;
	int rc = -1;

	if (positions(st, id, &pos, &n) == 0)
		rc = store_delivery_result(st, id, pos, n,
		    sent            ? DELIVERY_SENT
		        : permanent ? DELIVERY_FAILED
		                    : DELIVERY_DEFERRED,
		    error, next_attempt);
	free(pos);
	return rc;
}

/* What store_delivery_unsure found: one recipient's mail, address and new state. */
struct unsure {
	long long id;
	char *detail;
};

/* Marks the unconcluded attempts and collects them (events and summaries are written after). 0, or -1. */
static int
unsure_mark(struct store *st, long long retry_at, struct unsure **v, size_t *n)
{
	sqlite3_stmt *s = store_stmt(st,
	    "UPDATE delivery SET unsure = unsure + 1, next_attempt = ?1,"
	    " state = CASE WHEN unsure >= 1 THEN 'failed' ELSE 'queued' END,"
	    " done = CASE WHEN unsure >= 1 THEN ?2 END,"
	    " last_error = CASE WHEN unsure >= 1 THEN 'a second attempt was not concluded either: the recipient may"
	    " have it; not tried again (liaisonctl outbox retry)' ELSE 'an attempt was not concluded (the daemon"
	    " stopped, or the store could not record its result): it may have reached the recipient; tried once"
	    " more after a delay' END WHERE state = 'sending' RETURNING outbox_id, rcpt, state");
	int rc;

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, retry_at);
	sqlite3_bind_int64(s, 2, now_epoch());
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		*v = xrealloc(*v, (*n + 1) * sizeof(**v));
		(*v)[*n].id = sqlite3_column_int64(s, 0);
		(*v)[*n].detail = xasprintf("%s: %s", (const char *)sqlite3_column_text(s, 1),
		    strcmp((const char *)sqlite3_column_text(s, 2), "failed") == 0 ? "failed (unsure twice)"
		                                                                   : "queued again (unsure)");
		(*n)++;
	}
	if (rc != SQLITE_DONE)
		store_seterr(st, "delivery");
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : -1;
}

long long
store_delivery_unsure(struct store *st, long long retry_at)
{
	struct unsure *v = NULL;
	size_t n = 0;
	long long rc = -1;

	if (store_begin(st) != 0)
		return -1;
	if (unsure_mark(st, retry_at, &v, &n) != 0)
		goto out;
	for (size_t i = 0; i < n; i++)
		if (store_event(st, 0, v[i].id, "unsure", v[i].detail) != 0 || summary(st, v[i].id) != 0)
			goto out;
	if (store_commit(st) != 0)
		goto out;
	rc = (long long)n;
out:
	if (rc < 0)
		store_rollback(st);
	for (size_t i = 0; i < n; i++)
		free(v[i].detail);
	free(v);
	return rc;
}

int
store_outbox_retry(struct store *st, long long id)
{
	sqlite3_stmt *o = store_stmt(st,
	    "UPDATE outbox SET state = 'queued', next_attempt = ?2"
	    " WHERE id = ?1 AND state <> 'sent' AND cancelled IS NULL");
	sqlite3_stmt *d = store_stmt(st,
	    "UPDATE delivery SET state = 'queued', next_attempt = ?2, unsure = 0, done = NULL"
	    " WHERE outbox_id = ?1 AND state IN ('queued', 'failed')");
	int rc = -1;

	if (!o || !d || store_begin(st) != 0)
		return -1;
	sqlite3_bind_int64(o, 1, id);
	sqlite3_bind_int64(o, 2, now_epoch());
	if (store_done(st, o, "outbox") != 0)
		goto out;
	if (sqlite3_changes(st->db) == 0) {
		rc = 0;
		goto out;
	}
	/* The recipients it did not reach; those it reached are not sent it twice. */
	sqlite3_bind_int64(d, 1, id);
	sqlite3_bind_int64(d, 2, now_epoch());
	if (store_done(st, d, "delivery") != 0 || summary(st, id) != 0 ||
	    store_event(st, 0, id, "requeued", NULL) != 0 || store_commit(st) != 0)
		goto out;
	rc = 1;
out:
	if (rc != 1)
		store_rollback(st);
	return rc;
}

/* Steps a delivery listing, calling fn per row. 0, or -1. */
static int
delivery_rows(struct store *st, sqlite3_stmt *s, int (*fn)(const struct delivery_row *, void *), void *arg)
{
	struct delivery_row r;
	int rc;

	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		r.outbox_id = sqlite3_column_int64(s, 0);
		r.position = sqlite3_column_int(s, 1);
		r.kind = (const char *)sqlite3_column_text(s, 2);
		r.rcpt = (const char *)sqlite3_column_text(s, 3);
		r.state = (const char *)sqlite3_column_text(s, 4);
		r.last_error = (const char *)sqlite3_column_text(s, 5);
		r.attempts = sqlite3_column_int(s, 6);
		r.unsure = sqlite3_column_int(s, 7);
		r.next_attempt = sqlite3_column_int64(s, 8);
		r.started = sqlite3_column_int64(s, 9);
		r.done = sqlite3_column_int64(s, 10);
		if (fn(&r, arg))
			break;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		store_seterr(st, "delivery");
	sqlite3_reset(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

#define DELIVERY_COLS                                                                                                  \
	"SELECT d.outbox_id, d.position, o.kind, d.rcpt, d.state, d.last_error, d.attempts, d.unsure, d.next_attempt," \
	" coalesce(d.started, 0), coalesce(d.done, 0) FROM delivery d JOIN outbox o ON o.id = d.outbox_id"

int
store_deliveries(struct store *st, long long id, int (*fn)(const struct delivery_row *, void *), void *arg)
{
	sqlite3_stmt *s = id ? store_stmt(st, DELIVERY_COLS " WHERE d.outbox_id = ?1 ORDER BY d.position")
	                     : store_stmt(st, DELIVERY_COLS " ORDER BY d.outbox_id, d.position");

	if (!s)
		return -1;
	if (id)
		sqlite3_bind_int64(s, 1, id);
	return delivery_rows(st, s, fn, arg);
}

int
store_delivery_failures(struct store *st, long long since, int (*fn)(const struct delivery_row *, void *), void *arg)
{
	sqlite3_stmt *s = store_stmt(st,
	    DELIVERY_COLS " WHERE o.cancelled IS NULL AND ((d.state = 'failed' AND d.done >= ?1)"
	                  " OR (d.state = 'queued' AND d.last_error IS NOT NULL))"
	                  " ORDER BY d.state = 'queued', d.outbox_id, d.position");

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, since);
	return delivery_rows(st, s, fn, arg);
}

void
server_state_clear(struct server_state *s)
{
	if (!s)
		return;
	free(s->last_error);
	memset(s, 0, sizeof(*s));
}

int
store_server_get(struct store *st, const char *server, struct server_state *ss)
{
	sqlite3_stmt *s =
	    store_stmt(st, "SELECT failures, since, next_attempt, last_error FROM smtp_server WHERE server = ?1");
	int rc;

	memset(ss, 0, sizeof(*ss));
	if (!s)
		return -1;
	sqlite3_bind_text(s, 1, server, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		ss->failures = sqlite3_column_int(s, 0);
		ss->since = sqlite3_column_int64(s, 1);
		ss->next_attempt = sqlite3_column_int64(s, 2);
		ss->last_error = store_col_text(s, 3);
	}
	sqlite3_reset(s);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	store_seterr(st, "smtp server");
	return -1;
}

int
store_server_set(struct store *st, const char *server, const char *error, long long next_attempt)
{
	/* One statement each, so its own transaction. */
	sqlite3_stmt *s = error ? store_stmt(st,
	                              "INSERT INTO smtp_server (server, failures, since, next_attempt, last_error)"
	                              " VALUES (?1, 1, ?2, ?3, ?4) ON CONFLICT (server) DO UPDATE SET"
	                              " failures = failures + 1, next_attempt = ?3, last_error = ?4")
	                        : store_stmt(st, "DELETE FROM smtp_server WHERE server = ?1");

	if (!s)
		return -1;
	sqlite3_bind_text(s, 1, server, -1, SQLITE_STATIC);
	if (error) {
		sqlite3_bind_int64(s, 2, now_epoch());
		sqlite3_bind_int64(s, 3, next_attempt);
		sqlite3_bind_text(s, 4, error, -1, SQLITE_STATIC);
	}
	return store_done(st, s, "smtp server");
}
