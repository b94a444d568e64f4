/* store_int.h: what the store's own files share: the connection, and sql.c's statement cache, transactions and
 * errors; not for outside store/. */
/* SPDX-License-Identifier: Apache-2.0 */
#ifndef LSD_STORE_INT_H
#define LSD_STORE_INT_H

#include <sqlite3.h>
#include "store.h"

#define STORE_NSTMT 96

struct store {
	sqlite3 *db;
	char *path;
	struct {
		const char *sql; /* the static string's address is the key */
		sqlite3_stmt *stmt;
	} cache[STORE_NSTMT];
	char errbuf[512];
	struct store_wait wait; /* how long to wait for another program's transaction, and who to tell */
	long long busy_since;   /* monotonic ms when the current wait began */
	int busy_told;          /* the notice was given: once per store */
};

/*
 * A prepared statement for sql (a string literal: cached by its address), reset and with
 * its bindings cleared. NULL on error, with the message in st->errbuf.
 */
sqlite3_stmt *store_stmt(struct store *st, const char *sql);
/* Finalizes every cached statement (the cache starts empty again): lets a test see which statements one path prepares.
 */
void store_stmt_forget(struct store *st);
int store_exec(struct store *st, const char *sql); /* DDL and transactions only; 0 ok */
int store_begin(struct store *st);                 /* BEGIN IMMEDIATE */
int store_commit(struct store *st);
void store_rollback(struct store *st);
void store_seterr(struct store *st, const char *what); /* what + sqlite3_errmsg into errbuf */

/* Steps a statement that returns no rows and resets it: 0, or -1 with what and SQLite's message in errbuf. */
int store_done(struct store *st, sqlite3_stmt *s, const char *what);

/* Text of a column, copied (NULL for SQL NULL). */
char *store_col_text(sqlite3_stmt *s, int col);

/* Roadmap tables (store/roadmap_store.c): their DDL, run by the first migration. */
extern const char store_roadmap_schema[];

/* store_raw() before schema version 5, when the raw bytes were a column of document: for the migrations before it. */
int store_raw_in_document(struct store *st, long long doc_id, unsigned char **data, size_t *len);

/* The full-text index (store/search_store.c): its DDL, run by the second migration, and its filling. */
extern const char store_search_schema[];
int store_search_fill(struct store *st); /* indexes documents filed before the index existed */
/* Indexes one filed document with the text of m's body (m may be NULL) and of its attachments (NULL: none),
 * inside the caller's transaction. */
int store_search_index(struct store *st, long long doc_id, const struct msg *m, const char *attachments);

/*
 * Files a message's roadmap rows inside the caller's transaction: each row becomes a new
 * entry or a new version of the entry with the same (canonical body, reference), or
 * (body, title) when the reference is empty. Warnings (rejected rows, unknown categories)
 * are appended. 0 ok, -1 error (message in st->errbuf).
 */
struct sdo_dir;
int store_roadmap_file(struct store *st, long long doc_id, long long when, const struct rm_rows *rows,
    const struct sdo_dir *dir, struct strv *warnings);

/* Outbox rows (store/query.c): a row of "SELECT id, kind, mail_from, rcpt, data, state, attempts, last_error,
 * created, sent, next_attempt" into *it (owned: outbox_item_clear). */
void store_outbox_row(sqlite3_stmt *s, struct outbox_item *it);
/* The delivery rows of a mail just queued, one per recipient (store/outbox_store.c); inside the caller's
 * transaction. 0 ok, -1 error (st->errbuf). */
int store_delivery_add(struct store *st, long long id, const struct strv *rcpt);
/* The correspondence loop (store/answer_store.c), inside the caller's transaction. */
/* The next document number, prefix and at least three digits (owned); the counter never goes back. */
int store_docno_next(struct store *st, const char *prefix, char **docno);
/*
 * Records the bodies a filed document speaks for, then links it both ways: the obligations it
 * answers (the statements' numbers appended to answered, or to claimed for a claim), and, for a
 * statement, the documents filed before it that answer it.
 */
int store_answers_file(
    struct store *st, const struct filing *f, long long doc_id, struct strv *answered, struct strv *claimed);
int store_answers_fill(struct store *st); /* version 7's migration: numbers, keys, answers so far */

#endif
