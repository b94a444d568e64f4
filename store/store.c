/* store.c: opening the SQLite store (WAL, foreign keys, migrated) and its small tables (mailboxes, events, attempts,
 * quarantine). */
/* SPDX-License-Identifier: Apache-2.0 */
#include "store_int.h"
#include "store_schema.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/*
 * A new store is made here, not by SQLite (which would make it 0644 less the umask): 0640 whatever
 * the umask, for the daemon and its group (the operators' liaisonctl), never for others. SQLite's
 * unix VFS gives the -wal and -shm files the database file's mode and owner.
 */
static void
create_store_file(const char *path)
{
	int fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0640);

	if (fd < 0)
		return; /* there already, or not creatable: sqlite3_open_v2 says which */
	/* Should it fail, 0640 less the umask remains, which others cannot read either. */
	(void)fchmod(fd, 0640);
	close(fd);
}

static long long
mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* SQLite's busy handler: sleep and retry until the timeout, saying once that we wait and for what. */
static int
busy_wait(void *arg, int count)
{
	struct store *st = arg;
	long long now = mono_ms();

	if (count == 0)
		st->busy_since = now;
	if (now - st->busy_since >= st->wait.timeout_ms)
		return 0;
	if (!st->busy_told && st->wait.notice && now - st->busy_since >= 500) {
		st->busy_told = 1;
		st->wait.notice(st->wait.arg);
	}
	sqlite3_sleep(count < 10 ? 5 : 50);
	return 1;
}

struct store *
store_open(const char *path, int flags, char **err)
{
	return store_open_wait(path, flags, NULL, err);
}

/* A read-only store that its schema puts behind this program: read-write, to migrate it once. */
static struct store *
reopen_to_migrate(struct store *st, int flags, const struct store_wait *w, char **err)
{
	char *path = xstrdup(st->path);
	struct store *rw;

	store_close(st);
	rw = store_open_wait(path, (flags & ~STORE_RDONLY) | STORE_NOCREATE, w, err);
	free(path);
	return rw;
}

struct store *
store_open_wait(const char *path, int flags, const struct store_wait *w, char **err)
{
	struct store *st = xcalloc(1, sizeof(*st));
	int behind = 0;
	int oflags = (flags & STORE_RDONLY) ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
	char *dir, *slash;

	st->path = xstrdup(path);
	if (!(flags & (STORE_RDONLY | STORE_NOCREATE))) {
		oflags |= SQLITE_OPEN_CREATE;
		dir = xstrdup(path);
		if ((slash = strrchr(dir, '/')) != NULL && slash != dir) {
			*slash = '\0';
			mkdir_p(dir, 0750);
		}
		free(dir);
		create_store_file(path);
	}
	if (sqlite3_open_v2(path, &st->db, oflags | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		*err = xasprintf("%s: %s%s", path, st->db ? sqlite3_errmsg(st->db) : "cannot open",
		    (flags & STORE_NOCREATE) ? " (no store there: check store.path, or run liaisond once)" : "");
		goto fail;
	}
	sqlite3_extended_result_codes(st->db, 1);
	/* The daemon and liaisonctl share the file: wait for each other instead of failing. */
	st->wait.timeout_ms = 10000;
	if (w)
		st->wait = *w;
	sqlite3_busy_handler(st->db, busy_wait, st);
	if (store_exec(st, "PRAGMA foreign_keys = ON") != 0 || store_exec(st, "PRAGMA trusted_schema = OFF") != 0)
		goto fail_msg;
	if ((flags & STORE_RDONLY) && store_schema_check(st, &behind) != 0)
		goto fail_msg;
	if (behind)
		return reopen_to_migrate(st, flags, w, err);
	if (!(flags & STORE_RDONLY)) {
		if (store_exec(st, "PRAGMA journal_mode = WAL") != 0 ||
		    store_exec(st, "PRAGMA synchronous = FULL") != 0)
			goto fail_msg;
		if (store_migrate(st) != 0)
			goto fail_msg;
	}
	return st;
fail_msg:
	*err = xasprintf("%s: %s", path, st->errbuf);
fail:
	store_close(st);
	return NULL;
}

void
store_close(struct store *st)
{
	if (!st)
		return;
	for (size_t i = 0; i < STORE_NSTMT; i++)
		if (st->cache[i].stmt)
			sqlite3_finalize(st->cache[i].stmt);
	if (st->db)
		sqlite3_close(st->db);
	free(st->path);
	free(st);
}

int
store_mailbox_get(struct store *st, const char *name, unsigned long long *uidvalidity, unsigned long long *last_uid)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT uidvalidity, last_uid FROM mailbox WHERE name = ?1");
	int rc;

	if (!s)
		return -1;
	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*uidvalidity = (unsigned long long)sqlite3_column_int64(s, 0);
		*last_uid = (unsigned long long)sqlite3_column_int64(s, 1);
		sqlite3_reset(s);
		return 1;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		store_seterr(st, "mailbox state");
		return -1;
	}
	return 0;
}

int
store_mailbox_set(struct store *st, const char *name, unsigned long long uidvalidity, unsigned long long last_uid)
{
	sqlite3_stmt *s = store_stmt(st,
	    "INSERT INTO mailbox (name, uidvalidity, last_uid, updated) VALUES (?1, ?2, ?3, ?4) "
	    "ON CONFLICT (name) DO UPDATE SET uidvalidity = ?2, last_uid = ?3, updated = ?4");

	if (!s)
		return -1;
	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, (sqlite3_int64)uidvalidity);
	sqlite3_bind_int64(s, 3, (sqlite3_int64)last_uid);
	sqlite3_bind_int64(s, 4, now_epoch());
	return store_done(st, s, "mailbox state");
}

int
store_event(struct store *st, long long doc_id, long long outbox_id, const char *what, const char *detail)
{
	sqlite3_stmt *s =
	    store_stmt(st, "INSERT INTO event (at, document_id, outbox_id, what, detail) VALUES (?1, ?2, ?3, ?4, ?5)");

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, now_epoch());
	if (doc_id > 0)
		sqlite3_bind_int64(s, 2, doc_id);
	if (outbox_id > 0)
		sqlite3_bind_int64(s, 3, outbox_id);
	sqlite3_bind_text(s, 4, what, -1, SQLITE_STATIC);
	if (detail)
		sqlite3_bind_text(s, 5, detail, -1, SQLITE_STATIC);
	return store_done(st, s, "event");
}

int
store_attempt_begin(struct store *st, const char *key, int *count)
{
	sqlite3_stmt *s = store_stmt(st,
	    "INSERT INTO attempt (source_key, count, last) VALUES (?1, 1, ?2) "
	    "ON CONFLICT (source_key) DO UPDATE SET count = count + 1, last = ?2 RETURNING count");
	int rc;

	if (!s)
		return -1;
	sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, now_epoch());
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*count = sqlite3_column_int(s, 0);
	sqlite3_reset(s);
	if (rc != SQLITE_ROW) {
		store_seterr(st, "attempt");
		return -1;
	}
	return 0;
}

int
store_attempt_end(struct store *st, const char *key)
{
	sqlite3_stmt *s = store_stmt(st, "DELETE FROM attempt WHERE source_key = ?1");

	if (!s)
		return -1;
	sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	return store_done(st, s, "attempt");
}

int
store_attempt_prune(struct store *st, long long before)
{
	sqlite3_stmt *s = store_stmt(st, "DELETE FROM attempt WHERE last < ?1");

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, before);
	return store_done(st, s, "attempt");
}

int
store_quarantine_add(struct store *st, const char *source_key, const char *reason, char **err)
{
	sqlite3_stmt *s = store_stmt(st,
	    "INSERT INTO quarantine (source_key, reason, created) VALUES (?1, ?2, ?3) "
	    "ON CONFLICT (source_key) DO UPDATE SET reason = ?2, created = ?3, state = 'held'");
	int rc;

	if (!s)
		goto fail;
	sqlite3_bind_text(s, 1, source_key, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, reason, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, now_epoch());
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc == SQLITE_DONE)
		return 0;
	store_seterr(st, "quarantine");
fail:
	*err = xstrdup(st->errbuf);
	return -1;
}

int
store_quarantine_held(struct store *st, const char *source_key)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT 1 FROM quarantine WHERE source_key = ?1 AND state = 'held'");
	int rc;

	if (!s)
		return -1;
	sqlite3_bind_text(s, 1, source_key, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

int
store_quarantine_get(struct store *st, long long id, char **source_key, char **err)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT source_key FROM quarantine WHERE id = ?1 AND state = 'held'");
	int rc;

	if (!s) {
		*err = xstrdup(st->errbuf);
		return -1;
	}
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*source_key = store_col_text(s, 0);
	sqlite3_reset(s);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	store_seterr(st, "quarantine");
	*err = xstrdup(st->errbuf);
	return -1;
}

int
store_quarantine_done(struct store *st, long long id, const char *state, char **err)
{
	sqlite3_stmt *s = store_stmt(st, "UPDATE quarantine SET state = ?2 WHERE id = ?1");
	int rc;

	if (!s) {
		*err = xstrdup(st->errbuf);
		return -1;
	}
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_text(s, 2, state, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		store_seterr(st, "quarantine");
		*err = xstrdup(st->errbuf);
		return -1;
	}
	return 0;
}

int
store_quarantine_list(struct store *st,
    int (*fn)(long long id, const char *key, const char *reason, long long created, const char *state, void *),
    void *arg)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT id, source_key, reason, created, state FROM quarantine ORDER BY id");
	int rc;

	if (!s)
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		if (fn(sqlite3_column_int64(s, 0), (const char *)sqlite3_column_text(s, 1),
		        (const char *)sqlite3_column_text(s, 2), sqlite3_column_int64(s, 3),
		        (const char *)sqlite3_column_text(s, 4), arg))
			break;
	sqlite3_reset(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}
