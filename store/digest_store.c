/* digest_store.c: the digest's queries over the window since the previous digest, and its mark moved with it. */
/* SPDX-License-Identifier: Apache-2.0 */
#include "digest_store.h"
#include "store_int.h"

#include <stdlib.h>

/*
 * A document's number as the digest shows it: the one expression every query uses. Incoming
 * statements and roadmap inputs have the secretariat's number (document.docno); anything else
 * is shown by its store id ("#12", as liaisonctl show takes it).
 */
#define DOCNO(t) "coalesce(" t ".docno, '#' || " t ".id)"

static const char *
col(sqlite3_stmt *s, int i)
{
	return (const char *)sqlite3_column_text(s, i);
}

/* Steps s to its end; 0, or -1 with what in the error. */
static int
finish(struct store *st, sqlite3_stmt *s, int rc, const char *what)
{
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		store_seterr(st, what);
	sqlite3_reset(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

int
store_digest_window(struct store *st, long long now, struct digest_window *w)
{
	sqlite3_stmt *s = store_stmt(st,
	    "SELECT (SELECT coalesce(max(id), 0) FROM document), (SELECT coalesce(max(id), 0) FROM outbox),"
	    " m.at IS NULL, coalesce(m.at, ?1),"
	    " coalesce(m.last_document, (SELECT coalesce(max(id), 0) FROM document WHERE received < ?1)),"
	    " coalesce(m.last_outbox, (SELECT coalesce(max(id), 0) FROM outbox WHERE created < ?1))"
	    " FROM (SELECT 1) LEFT JOIN digest_mark m ON m.id = 1");
	int rc;

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, now - 86400);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		w->doc = sqlite3_column_int64(s, 0);
		w->outbox = sqlite3_column_int64(s, 1);
		w->first = sqlite3_column_int(s, 2);
		w->prev_at = sqlite3_column_int64(s, 3);
		w->prev_doc = sqlite3_column_int64(s, 4);
		w->prev_outbox = sqlite3_column_int64(s, 5);
	}
	return finish(st, s, rc == SQLITE_ROW ? SQLITE_DONE : rc, "digest window");
}

int
store_digest_filed(
    struct store *st, const struct digest_window *w, int (*fn)(const struct digest_filed *, void *), void *arg)
{
	sqlite3_stmt *s = store_stmt(st,
	    "SELECT " DOCNO("d") ", d.kind, d.direction, l.ref, l.title, d.subject, coalesce(l.source, d.sender_sdo),"
	                         " d.warnings"
	                         " FROM document d LEFT JOIN liaison l ON l.document_id = d.id WHERE d.id > ?1 AND "
	                         "d.id <= ?2 ORDER BY d.id");
	struct digest_filed f;
	int rc;

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, w->prev_doc);
	sqlite3_bind_int64(s, 2, w->doc);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		f = (struct digest_filed){
		    col(s, 0), col(s, 1), col(s, 2), col(s, 3), col(s, 4), col(s, 5), col(s, 6), col(s, 7)};
		if (fn(&f, arg))
			break;
	}
	return finish(st, s, rc, "digest documents");
}

/* Each body asked by a statement still open or answered in the window; a claimed answer is to confirm. */
/* One clause a line: clang-format would split the strings at the DOCNO() calls. */
/* clang-format off */
static const char states_sql[] =
    "SELECT " DOCNO("d") ", l.ref, l.title, l.source, d.direction, o.sdo, o.role, o.state, o.deadline,"
    " CASE WHEN a.id IS NOT NULL THEN " DOCNO("a") " END, al.ref,"
    " (SELECT " DOCNO("c") " FROM answer ca JOIN document c ON c.id = ca.document_id"
    "  WHERE ca.obligation_id = o.id AND ca.how = 'claimed' AND c.id <= ?2 ORDER BY c.id LIMIT 1)"
    " FROM obligation o JOIN liaison l ON l.id = o.liaison_id JOIN document d ON d.id = l.document_id"
    " LEFT JOIN document a ON a.id = o.answered_by LEFT JOIN liaison al ON al.document_id = a.id"
    " WHERE d.id <= ?2 AND o.liaison_id IN (SELECT liaison_id FROM obligation"
    "  WHERE state = 'open' OR (answered_by > ?1 AND answered_by <= ?2))"
    " ORDER BY o.deadline IS NULL, o.deadline, l.ref, o.liaison_id, o.role, o.sdo";
/* clang-format on */

int
store_digest_states(
    struct store *st, const struct digest_window *w, int (*fn)(const struct digest_state *, void *), void *arg)
{
	sqlite3_stmt *s = store_stmt(st, states_sql);
	struct digest_state r;
	int rc;

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, w->prev_doc);
	sqlite3_bind_int64(s, 2, w->doc);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		r = (struct digest_state){col(s, 0), col(s, 1), col(s, 2), col(s, 3), col(s, 4), col(s, 5), col(s, 6),
		    col(s, 7), col(s, 8), col(s, 9), col(s, 10), col(s, 11)};
		if (fn(&r, arg))
			break;
	}
	return finish(st, s, rc, "digest obligations");
}

int
store_digest_answers(
    struct store *st, const struct digest_window *w, int (*fn)(const struct digest_answer *, void *), void *arg)
{
	sqlite3_stmt *s = store_stmt(st,
	    "SELECT " DOCNO("a") ", al.ref, coalesce(al.title, a.subject), o.sdo, " DOCNO(
	        "d") ", l.ref"
	             " FROM obligation o JOIN document a ON a.id = o.answered_by LEFT JOIN liaison al ON "
	             "al.document_id = a.id"
	             " JOIN liaison l ON l.id = o.liaison_id JOIN document d ON d.id = l.document_id"
	             " WHERE o.answered_by > ?1 AND o.answered_by <= ?2 ORDER BY o.answered_by, o.sdo, l.ref");
	struct digest_answer r;
	int rc;

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, w->prev_doc);
	sqlite3_bind_int64(s, 2, w->doc);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		r = (struct digest_answer){col(s, 0), col(s, 1), col(s, 2), col(s, 3), col(s, 4), col(s, 5)};
		if (fn(&r, arg))
			break;
	}
	return finish(st, s, rc, "digest answers");
}

int
store_digest_reminders(
    struct store *st, const struct digest_window *w, int (*fn)(const struct digest_reminder *, void *), void *arg)
{
	sqlite3_stmt *s = store_stmt(st,
	    "SELECT r.kind, r.level, o.sdo, l.ref, " DOCNO(
	        "d") ", o.deadline,"
	             " CASE WHEN x.cancelled IS NOT NULL THEN 'cancelled' ELSE x.state END, x.rcpt"
	             " FROM reminder r JOIN outbox x ON x.id = r.outbox_id JOIN obligation o ON o.id = r.obligation_id"
	             " JOIN liaison l ON l.id = o.liaison_id JOIN document d ON d.id = l.document_id"
	             " WHERE r.outbox_id > ?1 AND r.outbox_id <= ?2 ORDER BY r.outbox_id");
	struct digest_reminder r;
	int rc;

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, w->prev_outbox);
	sqlite3_bind_int64(s, 2, w->outbox);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		r = (struct digest_reminder){col(s, 0), sqlite3_column_int64(s, 1), col(s, 2), col(s, 3), col(s, 4),
		    col(s, 5), col(s, 6), col(s, 7)};
		if (fn(&r, arg))
			break;
	}
	return finish(st, s, rc, "digest reminders");
}

int
store_digest_bodies(
    struct store *st, const struct digest_window *w, int (*fn)(const char *name, const char *docno, void *), void *arg)
{
	sqlite3_stmt *s = store_stmt(st,
	    "SELECT n.name, " DOCNO(
	        "d") " FROM (SELECT name, min(doc) AS doc FROM ("
	             "  SELECT l.source AS name, l.document_id AS doc FROM liaison l WHERE l.source IS NOT NULL"
	             "  UNION ALL SELECT t.sdo, l.document_id FROM liaison_target t JOIN liaison l ON l.id = "
	             "t.liaison_id)"
	             "  WHERE doc > ?1 AND doc <= ?2 GROUP BY name) n JOIN document d ON d.id = n.doc ORDER BY n.name");
	int rc;

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, w->prev_doc);
	sqlite3_bind_int64(s, 2, w->doc);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		if (fn(col(s, 0), col(s, 1), arg))
			break;
	return finish(st, s, rc, "digest bodies");
}

int
store_digest_failed(
    struct store *st, int (*fn)(const char *label, const char *what, const char *reason, void *), void *arg)
{
	sqlite3_stmt *s = store_stmt(st,
	    "SELECT printf('outbox %d', id), kind || ' to ' || replace(rcpt, char(10), ', '), coalesce(last_error, '')"
	    " FROM outbox WHERE state = 'failed' AND cancelled IS NULL"
	    " UNION ALL SELECT printf('quarantine %d', id), source_key, reason FROM quarantine WHERE state = 'held'");
	int rc;

	if (!s)
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		if (fn(col(s, 0), col(s, 1), col(s, 2), arg))
			break;
	return finish(st, s, rc, "digest failures");
}

/* The mark moved to w and now, naming the digest's mail id. 0, or -1. */
static int
mark(struct store *st, const struct digest_window *w, long long now, long long id)
{
	sqlite3_stmt *s = store_stmt(st,
	    "INSERT OR REPLACE INTO digest_mark (id, at, last_document, last_outbox, outbox_id) VALUES (1, ?1, ?2, ?3, "
	    "?4)");

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, now);
	sqlite3_bind_int64(s, 2, w->doc);
	sqlite3_bind_int64(s, 3, w->outbox);
	sqlite3_bind_int64(s, 4, id);
	return store_done(st, s, "digest mark");
}

int
store_digest_queue(
    struct store *st, const struct outmail *om, const struct digest_window *w, long long now, int *dup, char **err)
{
	long long id;
	int rc = -1;

	*err = NULL;
	*dup = 0;
	if (store_begin(st) != 0)
		goto out;
	if (store_outbox_add(st, om, &id, dup, err) != 0)
		goto out;
	if (!*dup && mark(st, w, now, id) != 0)
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
