/* sql.c: the statement cache, transactions and error messages every store file runs its SQL through. */
/* SPDX-License-Identifier: Apache-2.0 */
#include "store_int.h"

#include <stdio.h>

void
store_seterr(struct store *st, const char *what)
{
	snprintf(st->errbuf, sizeof(st->errbuf), "%s: %s", what, st->db ? sqlite3_errmsg(st->db) : "no database");
}

const char *
store_errmsg(struct store *st)
{
	return st ? st->errbuf : "no store";
}

sqlite3_stmt *
store_stmt(struct store *st, const char *sql)
{
	size_t i, free_slot = STORE_NSTMT;
	sqlite3_stmt *s;

	for (i = 0; i < STORE_NSTMT; i++) {
		if (st->cache[i].sql == sql) {
			sqlite3_reset(st->cache[i].stmt);
			sqlite3_clear_bindings(st->cache[i].stmt);
			return st->cache[i].stmt;
		}
		if (!st->cache[i].sql && free_slot == STORE_NSTMT)
			free_slot = i;
	}
	if (sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &s, NULL) != SQLITE_OK) {
		store_seterr(st, "prepare");
		return NULL;
	}
	/* The cache is sized for every statement in store/; a full cache is a programming error. */
	if (free_slot == STORE_NSTMT) {
		sqlite3_finalize(s);
		snprintf(st->errbuf, sizeof(st->errbuf), "statement cache full (raise STORE_NSTMT)");
		return NULL;
	}
	st->cache[free_slot].sql = sql;
	st->cache[free_slot].stmt = s;
	return s;
}

void
store_stmt_forget(struct store *st)
{
	for (size_t i = 0; i < STORE_NSTMT; i++) {
		sqlite3_finalize(st->cache[i].stmt); /* NULL is a no-op */
		st->cache[i].stmt = NULL;
		st->cache[i].sql = NULL;
	}
}

int
store_exec(struct store *st, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(st->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		snprintf(st->errbuf, sizeof(st->errbuf), "%s", msg ? msg : sqlite3_errmsg(st->db));
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

int
store_begin(struct store *st)
{
	return store_exec(st, "BEGIN IMMEDIATE");
}

int
store_commit(struct store *st)
{
	return store_exec(st, "COMMIT");
}

void
store_rollback(struct store *st)
{
	if (!sqlite3_get_autocommit(st->db))
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
}

int
store_done(struct store *st, sqlite3_stmt *s, const char *what)
{
	int rc = sqlite3_step(s);

	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		store_seterr(st, what);
		return -1;
	}
	return 0;
}

char *
store_col_text(sqlite3_stmt *s, int col)
{
	const unsigned char *t = sqlite3_column_text(s, col);

	return t ? xstrdup((const char *)t) : NULL;
}
