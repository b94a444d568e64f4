/* search_store.c: finding filed documents: the full-text index (SQLite FTS5), filtered lists, attachments, warnings. */
/* SPDX-License-Identifier: Apache-2.0 */
#include "store_int.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* The most body text indexed per message: enough for any letter, bounded for a pathological one. */
#define SEARCH_MAX_TEXT (1024u * 1024)

/*
 * Version 2: full-text search over subjects, statement titles and abstracts, and the text
 * of each message's body (forwarded messages' too) and attachments. That text is kept in
 * document_text, the only one of these not stored elsewhere as text.
 *
 * document_fts is an external-content FTS5 table over the document_search view: every
 * value it indexes already lives in document, liaison and document_text, and never changes
 * once filed, so the index keeps no second copy, yet snippet() can still read the text
 * back (a contentless table could not: SQLite 3.40 has no snippets without content).
 * The filing transaction adds each document's row (store_search_index).
 */
const char store_search_schema[] =
    "CREATE TABLE document_text ("
    "  document_id INTEGER PRIMARY KEY REFERENCES document(id) ON DELETE CASCADE,"
    "  body TEXT NOT NULL DEFAULT ''"
    ");"
    "CREATE VIEW document_search (id, subject, title, abstract, body) AS"
    "  SELECT d.id, d.subject, l.title, l.abstract, t.body FROM document d"
    "  LEFT JOIN liaison l ON l.document_id = d.id LEFT JOIN document_text t ON t.document_id = d.id;"
    "CREATE VIRTUAL TABLE document_fts USING fts5(subject, title, abstract, body,"
    "  content = 'document_search', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2');";

/* The text of m's body and of the bodies of messages forwarded in it, one paragraph a line. */
static void
body_text(const struct msg *m, int depth, struct buf *b)
{
	char *t = doc_text(m->body);
	size_t n = strlen(t), room = b->len < SEARCH_MAX_TEXT ? SEARCH_MAX_TEXT - b->len : 0;

	if (n > room) /* cut on a character's first byte */
		for (n = room; n > 0 && ((unsigned char)t[n] & 0xc0) == 0x80; n--)
			;
	buf_add(b, t, n);
	if (n)
		buf_addc(b, '\n');
	free(t);
	for (size_t i = 0; i < m->natt && depth < 3; i++)
		if (m->att[i].message)
			body_text(m->att[i].message, depth + 1, b);
}

int
store_search_index(struct store *st, long long doc_id, const struct msg *m, const char *attachments)
{
	sqlite3_stmt *s = store_stmt(st, "INSERT OR REPLACE INTO document_text (document_id, body) VALUES (?1, ?2)");
	struct buf b = {0};
	int rc = -1;

	if (!s)
		goto out;
	if (m)
		body_text(m, 0, &b);
	if (attachments) {
		buf_addc(&b, '\n');
		buf_adds(&b, attachments);
	}
	sqlite3_bind_int64(s, 1, doc_id);
	sqlite3_bind_text(s, 2, buf_str(&b), -1, SQLITE_STATIC);
	if (store_done(st, s, "document text") != 0)
		goto out;
	if (!(s = store_stmt(st,
	          "INSERT INTO document_fts (rowid, subject, title, abstract, body)"
	          " SELECT id, subject, title, abstract, body FROM document_search WHERE id = ?1")))
		goto out;
	sqlite3_bind_int64(s, 1, doc_id);
	rc = store_done(st, s, "search index");
out:
	buf_free(&b);
	return rc;
}

/* The ids of documents filed before version 2, which have no text yet. *ids owned. */
static int
unindexed(struct store *st, long long **ids, size_t *n)
{
	sqlite3_stmt *s = store_stmt(
	    st, "SELECT id FROM document WHERE id NOT IN (SELECT document_id FROM document_text) ORDER BY id");
	int rc;

	*ids = NULL;
	*n = 0;
	if (!s)
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		*ids = xrealloc(*ids, (*n + 1) * sizeof(**ids));
		(*ids)[(*n)++] = sqlite3_column_int64(s, 0);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		store_seterr(st, "search index");
	return rc == SQLITE_DONE ? 0 : -1;
}

int
store_search_fill(struct store *st)
{
	long long *ids = NULL;
	size_t n = 0;
	int rc = -1;

	if (unindexed(st, &ids, &n) != 0)
		goto out;
	/* Re-read from the raw bytes the store keeps; the parser is the one that filed them. */
	if (n)
		msg_library_init(); /* counted by GMime: a no-op when the program did it already */
	for (size_t i = 0; i < n; i++) {
		unsigned char *raw = NULL;
		struct msg *m = NULL;
		char *err = NULL;
		size_t len;
		int ok;
		/* Version 2 runs before version 5 moves the raw bytes out of the document row. */
		if (store_raw_in_document(st, ids[i], &raw, &len) == 1)
			m = msg_parse(raw, len, &err);
		ok = store_search_index(st, ids[i], m, NULL) == 0;
		msg_free(m);
		free(raw);
		free(err);
		if (!ok)
			goto out_gmime;
	}
	rc = 0;
out_gmime:
	if (n)
		msg_library_shutdown();
out:
	free(ids);
	return rc;
}

/*
 * The user's words as FTS5 strings, implicitly ANDed: `"word"` with quotes doubled, so no
 * word is ever read as FTS5 syntax (AND, OR, NOT, NEAR, *, ^, :, parentheses). Text from mail
 * (a subject pasted as a query) can therefore not make the query fail. NULL when no word.
 */
static char *
fts_query(const char *text)
{
	struct buf b = {0};
	const char *p = text;

	while (p && *p) {
		size_t n;
		while (*p && isspace((unsigned char)*p))
			p++;
		for (n = 0; p[n] && !isspace((unsigned char)p[n]); n++)
			;
		if (!n)
			break;
		buf_adds(&b, b.len ? " \"" : "\"");
		for (size_t i = 0; i < n; i++) {
			if (p[i] == '"')
				buf_addc(&b, '"');
			buf_addc(&b, p[i]);
		}
		buf_addc(&b, '"');
		p += n;
	}
	return b.len ? buf_steal(&b) : NULL;
}

int
store_search(
    struct store *st, const char *text, long long limit, int (*fn)(const struct search_hit *, void *), void *arg)
{
	/* Title and subject weigh most, then the abstract, then the body (bm25: lower is better). */
	sqlite3_stmt *s = store_stmt(st,
	    "SELECT d.id, d.message_id, coalesce(d.date, d.received), d.kind, d.direction, l.ref, d.subject,"
	    " snippet(document_fts, -1, '[', ']', '…', 12)"
	    " FROM document_fts JOIN document d ON d.id = document_fts.rowid"
	    " LEFT JOIN liaison l ON l.document_id = d.id"
	    " WHERE document_fts MATCH ?1 ORDER BY bm25(document_fts, 4.0, 4.0, 2.0, 1.0), d.id DESC LIMIT ?2");
	char *q = fts_query(text);
	int rc = SQLITE_DONE;

	if (!s) {
		free(q);
		return -1;
	}
	if (!q) /* nothing to look for: nothing found */
		return 0;
	sqlite3_bind_text(s, 1, q, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, limit > 0 ? limit : -1);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct search_hit h = {
		    sqlite3_column_int64(s, 0),
		    (const char *)sqlite3_column_text(s, 1),
		    sqlite3_column_int64(s, 2),
		    (const char *)sqlite3_column_text(s, 3),
		    (const char *)sqlite3_column_text(s, 4),
		    (const char *)sqlite3_column_text(s, 5),
		    (const char *)sqlite3_column_text(s, 6),
		    (const char *)sqlite3_column_text(s, 7),
		};
		if (fn(&h, arg))
			break;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		store_seterr(st, "search");
	sqlite3_reset(s);
	free(q);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

int
store_list_filter(struct store *st, const struct doc_filter *f,
    int (*fn)(const struct doc_row *, const char *source, void *), void *arg)
{
	sqlite3_stmt *s = store_stmt(st,
	    "SELECT d.id, d.message_id, d.kind, d.direction, d.subject, d.sender, d.received, coalesce(d.date, 0),"
	    " d.warnings, l.ref, coalesce(l.source, d.sender_sdo), d.docno"
	    " FROM document d LEFT JOIN liaison l ON l.document_id = d.id"
	    " WHERE (?1 IS NULL OR d.kind = ?1) AND (?2 IS NULL OR d.direction = ?2)"
	    " AND (?3 IS NULL OR coalesce(l.source, d.sender_sdo) = ?3 COLLATE NOCASE"
	    "  OR EXISTS (SELECT 1 FROM liaison_target t WHERE t.liaison_id = l.id AND t.sdo = ?3 COLLATE NOCASE))"
	    " AND coalesce(d.date, d.received) >= ?4 AND (?5 = 0 OR coalesce(d.date, d.received) < ?5)"
	    " ORDER BY d.id");
	struct doc_row r;
	int rc;

	if (!s)
		return -1;
	if (f->kind)
		sqlite3_bind_text(s, 1, f->kind, -1, SQLITE_STATIC);
	if (f->direction)
		sqlite3_bind_text(s, 2, f->direction, -1, SQLITE_STATIC);
	if (f->sdo)
		sqlite3_bind_text(s, 3, f->sdo, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 4, f->since);
	sqlite3_bind_int64(s, 5, f->until);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int stop;
		memset(&r, 0, sizeof(r));
		r.id = sqlite3_column_int64(s, 0);
		r.message_id = store_col_text(s, 1);
		r.kind = store_col_text(s, 2);
		r.direction = store_col_text(s, 3);
		r.subject = store_col_text(s, 4);
		r.sender = store_col_text(s, 5);
		r.received = sqlite3_column_int64(s, 6);
		r.date = sqlite3_column_int64(s, 7);
		r.warnings_json = store_col_text(s, 8);
		r.ref = store_col_text(s, 9);
		r.docno = store_col_text(s, 11);
		stop = fn(&r, (const char *)sqlite3_column_text(s, 10), arg);
		doc_row_clear(&r);
		if (stop)
			break;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		store_seterr(st, "list");
	sqlite3_reset(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

int
store_attachments(struct store *st, long long doc_id, int (*fn)(const struct doc_attachment *, void *), void *arg)
{
	sqlite3_stmt *s = store_stmt(
	    st, "SELECT filename, content_type, size, sha256 FROM attachment WHERE document_id = ?1 ORDER BY position");
	int rc;

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, doc_id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct doc_attachment a = {(const char *)sqlite3_column_text(s, 0),
		    (const char *)sqlite3_column_text(s, 1), sqlite3_column_int64(s, 2),
		    (const char *)sqlite3_column_text(s, 3)};
		if (fn(&a, arg))
			break;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		store_seterr(st, "attachments");
	sqlite3_reset(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

int
store_warnings(struct store *st, long long doc_id, struct strv *out)
{
	sqlite3_stmt *s =
	    store_stmt(st, "SELECT j.value FROM document d, json_each(d.warnings) j WHERE d.id = ?1 ORDER BY j.key");
	int rc;

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, doc_id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		strv_push(out, (const char *)sqlite3_column_text(s, 0));
	if (rc != SQLITE_DONE)
		store_seterr(st, "warnings");
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : -1;
}
