/* test_delivery.c: delivery per recipient: attempts recorded before sending, each fate after, unconcluded ones,
 * back-off. */
/* SPDX-License-Identifier: Apache-2.0 */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <sqlite3.h>

#include "config.h"
#include "pipeline.h"
#include "store.h"
#include "store_int.h" /* the store's own connection, to stage what a test needs */
#include "transport.h"

static char dir[] = "/tmp/lsd-delivery-XXXXXX";
static int seq;

struct fx {
	char *path;
	struct store *st;
	struct config *cfg;
};

static int
setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof(*f));
	char *err = NULL;

	f->path = xasprintf("%s/t%d.db", dir, ++seq);
	if (!(f->st = store_open(f->path, 0, &err)))
		fail_msg("store_open: %s", err);
	f->cfg = config_defaults();
	free(f->cfg->smtp_url);
	f->cfg->smtp_url = xstrdup("smtp://mail.test:587");
	now_set(1770000000LL);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	store_close(f->st);
	config_free(f->cfg);
	free(f->path);
	free(f);
	now_set(-1);
	return 0;
}

static long long
sql_int(struct fx *f, const char *sql)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *s = NULL;
	long long v = -1;

	assert_int_equal(sqlite3_open_v2(f->path, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
	sqlite3_busy_timeout(db, 5000);
	if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(db));
	if (sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	sqlite3_close(db);
	return v;
}

/* Queues one mail of kind with key to the recipients given (NULL-terminated); returns its id. */
static long long
queue(struct fx *f, const char *kind, const char *key, const char *from, ...)
{
	static const char mail[] = "From: a@example.org\r\nSubject: hello\r\n\r\nhello\r\n";
	struct strv rcpt = {0};
	struct outmail om = {kind, key, from, &rcpt, mail, sizeof(mail) - 1, 0};
	long long id = 0;
	char *err = NULL;
	const char *a;
	va_list ap;
	int dup;

	va_start(ap, from);
	while ((a = va_arg(ap, const char *)))
		strv_push(&rcpt, a);
	va_end(ap);
	if (store_outbox_add(f->st, &om, &id, &dup, &err) != 0)
		fail_msg("%s", err);
	strv_free(&rcpt);
	return id;
}

/* "rcpt=state/attempts" for each recipient of mail id, joined by spaces. */
static int
fate_one(const struct delivery_row *d, void *arg)
{
	buf_printf(arg, "%s%s=%s/%d", ((struct buf *)arg)->len ? " " : "", d->rcpt, d->state, d->attempts);
	return 0;
}

static char *
fates(struct fx *f, long long id)
{
	struct buf b = {0};

	assert_int_equal(store_deliveries(f->st, id, fate_one, &b), 0);
	return buf_steal(&b);
}

#define FATES(f, id, want)                                                                                             \
	do {                                                                                                           \
		char *got_ = fates(f, id);                                                                             \
		assert_string_equal(got_, want);                                                                       \
		free(got_);                                                                                            \
	} while (0)

static int
count_due(struct outbox_item *it, void *arg)
{
	*(size_t *)arg += it->rcpt.n;
	return 0;
}

static size_t
due(struct fx *f, long long at)
{
	size_t n = 0;

	assert_int_equal(store_outbox_due(f->st, at, count_due, &n), 0);
	return n;
}

/* An obligation to remind, with the rows it needs; returns its id. */
static long long
obligation(struct fx *f)
{
	assert_int_equal(sqlite3_exec(f->st->db,
	                     "INSERT INTO document (dedupe_key, sha256, received, kind, direction)"
	                     " VALUES ('<o@x>', 'h', 1, 'liaison', 'outgoing');"
	                     "INSERT INTO liaison (document_id, ref) VALUES (last_insert_rowid(), 'SG21-LS1');"
	                     "INSERT INTO document_raw (document_id, raw) SELECT max(id), x'00' FROM document;"
	                     "INSERT INTO sdo (name, first_seen) VALUES ('ITU-T SG20', 1);"
	                     "INSERT INTO obligation (liaison_id, sdo, role, deadline) VALUES"
	                     " (last_insert_rowid(), 'ITU-T SG20', 'action', '2026-03-01')",
	                     NULL, NULL, NULL),
	    SQLITE_OK);
	return sqlite3_last_insert_rowid(f->st->db);
}

/*
 * Two recipients, each with its own fate: one reached, one refused for good. A reminder's level
 * counts for its obligation only once it reached someone, not when it was queued.
 */
static void
test_per_recipient(void **state)
{
	struct fx *f = *state;
	long long obl = obligation(f), id;
	char key[64];
	int a = 0, b = 1;

	snprintf(key, sizeof(key), "reminder:%lld:14", obl);
	id = queue(f, "reminder", key, "tsbjcamv@itu.int", "a@sg20.example", "b@sg20.example", NULL);
	FATES(f, id, "a@sg20.example=queued/0 b@sg20.example=queued/0");
	assert_int_equal(due(f, 1770000000LL), 2);
	assert_int_equal(sql_int(f, "SELECT coalesce(reminded_days, -1) FROM obligation"), -1); /* queued only */
	/* The attempt is on disk before anything is sent. */
	assert_int_equal(store_delivery_begin(f->st, id, &a, 1), 1);
	FATES(f, id, "a@sg20.example=sending/1 b@sg20.example=queued/0");
	assert_int_equal(due(f, 1770000000LL), 1); /* b only */
	assert_int_equal(store_delivery_result(f->st, id, &a, 1, DELIVERY_SENT, NULL, 0), 0);
	assert_int_equal(sql_int(f, "SELECT reminded_days FROM obligation"), 14);
	assert_int_equal(sql_int(f, "SELECT state = 'queued' FROM outbox"), 1);
	assert_int_equal(store_delivery_begin(f->st, id, &b, 1), 1);
	assert_int_equal(store_delivery_result(f->st, id, &b, 1, DELIVERY_FAILED,
	                     "smtp: mail.test:587 refused the recipient <b@sg20.example>: 550 no such user", 0),
	    0);
	FATES(f, id, "a@sg20.example=sent/1 b@sg20.example=failed/1");
	assert_int_equal(
	    sql_int(f, "SELECT state = 'failed' AND instr(last_error, '550 no such user') > 0 FROM outbox"), 1);
	assert_int_equal(due(f, 1780000000LL), 0); /* never retried by itself */
	/* A later copy of an earlier level never undoes a nearer one. */
	assert_int_equal(
	    sqlite3_exec(f->st->db, "UPDATE obligation SET reminded_days = 7", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(store_outbox_retry(f->st, id), 1); /* the operator: the failed one again, not the sent one */
	FATES(f, id, "a@sg20.example=sent/1 b@sg20.example=queued/1");
	assert_int_equal(store_delivery_begin(f->st, id, &b, 1), 1);
	assert_int_equal(store_delivery_result(f->st, id, &b, 1, DELIVERY_SENT, NULL, 0), 0);
	assert_int_equal(sql_int(f, "SELECT reminded_days FROM obligation"), 7);
	assert_int_equal(sql_int(f, "SELECT state = 'sent' AND last_error IS NULL FROM outbox"), 1);
	assert_int_equal(sql_int(f, "SELECT count(*) FROM event WHERE what = 'attempt'"), 3);
}

struct failures {
	struct strv seen;
};

static int
failure_one(const struct delivery_row *d, void *arg)
{
	strv_pushf(arg, "%s|%s|%s", d->rcpt, d->state, d->last_error ? d->last_error : "-");
	return 0;
}

/* What the digest lists: failed for good since a time, then what is deferred with an error; not the cancelled. */
static void
test_failures(void **state)
{
	struct fx *f = *state;
	long long x =
	    queue(f, "digest", "digest:1", "tsbjcamv@itu.int", "chairs@example.org", "gone@example.org", NULL);
	long long y = queue(f, "ack", "ack:1", "", "later@example.org", NULL);
	long long z = queue(f, "ack", "ack:2", "", "cancelled@example.org", NULL);
	struct strv seen = {0};
	int p0 = 0, p1 = 1;

	assert_int_equal(store_delivery_result(f->st, x, &p0, 1, DELIVERY_SENT, NULL, 0), 0);
	assert_int_equal(store_delivery_result(f->st, x, &p1, 1, DELIVERY_FAILED, "550 gone", 0), 0);
	assert_int_equal(store_delivery_result(f->st, y, &p0, 1, DELIVERY_DEFERRED, "451 later", 1770000060LL), 0);
	assert_int_equal(store_delivery_result(f->st, z, &p0, 1, DELIVERY_FAILED, "550 x", 0), 0);
	assert_int_equal(store_outbox_cancel(f->st, z), 1);
	assert_int_equal(store_delivery_failures(f->st, 1770000000LL, failure_one, &seen), 0);
	assert_int_equal(seen.n, 2);
	assert_string_equal(seen.v[0], "gone@example.org|failed|550 gone");
	assert_string_equal(seen.v[1], "later@example.org|queued|451 later");
	strv_free(&seen);
	assert_int_equal(store_delivery_failures(f->st, 1770000001LL, failure_one, &seen), 0);
	assert_int_equal(seen.n, 1); /* the failure is older than that */
	strv_free(&seen);
	/* The acknowledgements keep the null sender. */
	assert_int_equal(sql_int(f, "SELECT count(*) FROM outbox WHERE kind = 'ack' AND mail_from = ''"), 2);
}

/*
 * An attempt found unconcluded (a crash, or a result that could not be written) is tried once more
 * after the delay; a second one is failed, never sent every cycle. A cancelled mail starts no attempt.
 */
static void
test_unsure(void **state)
{
	struct fx *f = *state;
	long long id = queue(f, "ack", "ack:1", "", "x@example.org", NULL), id2;
	int p = 0;

	assert_int_equal(store_delivery_unsure(f->st, 1770003600LL), 0);
	assert_int_equal(store_delivery_begin(f->st, id, &p, 1), 1);
	assert_int_equal(store_delivery_unsure(f->st, 1770003600LL), 1);
	FATES(f, id, "x@example.org=queued/1");
	assert_int_equal(due(f, 1770003599LL), 0);
	assert_int_equal(due(f, 1770003600LL), 1);
	assert_int_equal(sql_int(f, "SELECT instr(last_error, 'may have reached the recipient') > 0 FROM outbox"), 1);
	assert_int_equal(store_delivery_begin(f->st, id, &p, 1), 1);
	assert_int_equal(store_delivery_unsure(f->st, 1770007200LL), 1);
	FATES(f, id, "x@example.org=failed/2");
	assert_int_equal(sql_int(f, "SELECT state = 'failed' FROM outbox"), 1);
	assert_int_equal(due(f, 1780000000LL), 0);
	assert_int_equal(sql_int(f, "SELECT count(*) FROM event WHERE what = 'unsure'"), 2);
	/* Cancelled: no attempt begins. */
	id2 = queue(f, "ack", "ack:2", "", "y@example.org", "z@example.org", NULL);
	assert_int_equal(store_outbox_cancel(f->st, id2), 1);
	assert_int_equal(store_delivery_begin(f->st, id2, &p, 1), 0);
	FATES(f, id2, "y@example.org=cancelled/0 z@example.org=cancelled/0");
}

/* The back-off per server: failures counted in a row, cleared when it works. */
static void
test_server_state(void **state)
{
	struct fx *f = *state;
	struct server_state ss;

	assert_int_equal(store_server_get(f->st, "smtp://a", &ss), 0);
	assert_int_equal(store_server_set(f->st, "smtp://a", "cannot connect", 1770000060LL), 0);
	assert_int_equal(store_server_set(f->st, "smtp://a", "cannot connect again", 1770000180LL), 0);
	assert_int_equal(store_server_get(f->st, "smtp://a", &ss), 1);
	assert_int_equal(ss.failures, 2);
	assert_int_equal(ss.since, 1770000000LL);
	assert_int_equal(ss.next_attempt, 1770000180LL);
	assert_string_equal(ss.last_error, "cannot connect again");
	server_state_clear(&ss);
	assert_int_equal(store_server_get(f->st, "smtp://b", &ss), 0);
	assert_int_equal(store_server_set(f->st, "smtp://a", NULL, 0), 0);
	assert_int_equal(store_server_get(f->st, "smtp://a", &ss), 0);
	server_state_clear(NULL);
}

/* A store of the previous version: its outbox rows get their recipients, acks queued get the null sender. */
static void
test_migration(void **state)
{
	struct fx *f = *state;
	char *err = NULL;

	assert_int_equal(
	    sqlite3_exec(f->st->db,
	        "ALTER TABLE document ADD COLUMN raw BLOB;"
	        "UPDATE document SET raw = (SELECT raw FROM document_raw WHERE document_id = document.id);"
	        "DROP TABLE document_raw;"
	        "DROP INDEX document_docno; ALTER TABLE document DROP COLUMN docno; ALTER TABLE document DROP COLUMN "
	        "refs;"
	        "DROP TABLE docno_counter; DROP INDEX liaison_ref_key; ALTER TABLE liaison DROP COLUMN ref_key;"
	        "DROP INDEX obligation_sdo; DROP INDEX obligation_liaison; DROP INDEX sdo_contact_email;"
	        "DROP TABLE doc_body; DROP TABLE answer;"
	        "DROP TABLE reminder; DROP TABLE digest_mark;"
	        "DROP TABLE delivery; DROP TABLE smtp_server; PRAGMA user_version = 4;"
	        "INSERT INTO outbox (kind, dedupe_key, mail_from, rcpt, data, state, attempts, next_attempt, "
	        "last_error,"
	        " created) VALUES ('digest', 'd', 's@x', 'a@x' || char(10) || 'b@x' || char(10), x'00', 'failed', 1, 5,"
	        " '550 no', 1), ('ack', 'k', 's@x', 'c@x' || char(10), x'00', 'queued', 0, 5, NULL, 1)",
	        NULL, NULL, NULL),
	    SQLITE_OK);
	store_close(f->st);
	if (!(f->st = store_open(f->path, 0, &err)))
		fail_msg("%s", err);
	FATES(f, 1, "a@x=failed/1 b@x=failed/1");
	FATES(f, 2, "c@x=queued/0");
	assert_int_equal(sql_int(f, "SELECT count(*) FROM outbox WHERE mail_from = ''"), 1);
	assert_int_equal(sql_int(f, "SELECT count(*) FROM delivery WHERE last_error = '550 no'"), 2);
}

/* A transport that refuses one address for good, defers another, and fails as a server on a third. */
struct fake {
	struct strv calls; /* "FROM>RCPT" per send */
	int fail_record;   /* make the store refuse to record the next result */
	struct fx *f;
};

static int
fake_send(struct transport *t, const char *mail_from, const char *const *rcpt, size_t nrcpt, const char *data,
    size_t len, const char *key, char **err)
{
	struct fake *fk = t->priv;

	(void)data, (void)len, (void)key;
	assert_int_equal(nrcpt, 1); /* per_rcpt */
	strv_pushf(&fk->calls, "%s>%s", mail_from, rcpt[0]);
	if (fk->fail_record) /* the disk fills up while the server takes the message */
		assert_int_equal(sqlite3_exec(fk->f->st->db,
		                     "CREATE TRIGGER full BEFORE UPDATE ON delivery WHEN NEW.state <> 'sending'"
		                     " BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END",
		                     NULL, NULL, NULL),
		    SQLITE_OK);
	if (strncmp(rcpt[0], "refused", 7) == 0) {
		*err = xstrdup("smtp: mail.test:587 refused the recipient: 550 5.1.1 no such user");
		return TR_FAIL;
	}
	if (strncmp(rcpt[0], "busy", 4) == 0) {
		*err = xstrdup("smtp: mail.test:587 deferred the recipient: 450 4.2.1 mailbox busy");
		return TR_DEFER;
	}
	if (strncmp(rcpt[0], "down", 4) == 0) {
		*err = xstrdup("smtp: cannot connect to mail.test:587: Connection refused");
		return TR_RETRY;
	}
	return TR_OK;
}

static int
run_cycle(struct fx *f, struct fake *fk, char **err)
{
	static const struct transport_ops ops = {"fake", fake_send, NULL, NULL, NULL, 1};
	struct transport tr = {&ops, f->cfg, fk};
	volatile sig_atomic_t stop = 0;
	struct pipeline p = {.cfg = f->cfg, .st = f->st, .tr = &tr, .stop = &stop};

	*err = NULL;
	return pipeline_send(&p, err);
}

/* One refused address never stops the others; a server that is down is tried once, then backs off. */
static void
test_pipeline(void **state)
{
	struct fx *f = *state;
	struct fake fk = {{0}, 0, f};
	long long m1 = queue(f, "digest", "d1", "tsbjcamv@itu.int", "refused@x.example", "busy@x.example",
	    "ok@x.example", "bad\rname@x.example", NULL);
	long long m2 = queue(f, "ack", "a1", "", "down@x.example", NULL),
	          m3 = queue(f, "ack", "a2", "", "later@x.example", NULL);
	char *err = NULL;
	struct server_state ss;

	assert_int_equal(run_cycle(f, &fk, &err), -1);
	assert_string_equal(err, "smtp: cannot connect to mail.test:587: Connection refused");
	free(err);
	/* The bad address never reached the transport; the server's failure stopped the rest (m3). */
	assert_int_equal(fk.calls.n, 4);
	assert_string_equal(fk.calls.v[0], "tsbjcamv@itu.int>refused@x.example");
	assert_string_equal(fk.calls.v[3], ">down@x.example"); /* MAIL FROM:<> */
	FATES(f, m1,
	    "refused@x.example=failed/1 busy@x.example=queued/1 ok@x.example=sent/1 bad\rname@x.example=failed/1");
	FATES(f, m2, "down@x.example=queued/1");
	FATES(f, m3, "later@x.example=queued/0");
	assert_int_equal(store_server_get(f->st, f->cfg->smtp_url, &ss), 1);
	assert_int_equal(ss.next_attempt, 1770000060LL);
	server_state_clear(&ss);
	/* Backed off: nothing is tried, not even once, until the server's time comes. */
	now_set(1770000030LL);
	assert_int_equal(run_cycle(f, &fk, &err), -1);
	assert_string_equal(err, "smtp: cannot connect to mail.test:587: Connection refused");
	free(err);
	assert_int_equal(fk.calls.n, 4);
	/* Then the queue drains in order; the busy recipient waits for its own back-off (60 s). */
	now_set(1770000060LL);
	assert_int_equal(
	    sqlite3_exec(
	        f->st->db, "UPDATE delivery SET rcpt = 'up@x.example' WHERE rcpt = 'down@x.example'", NULL, NULL, NULL),
	    SQLITE_OK);
	assert_int_equal(run_cycle(f, &fk, &err), 0);
	assert_null(err);
	assert_int_equal(fk.calls.n, 7);
	assert_string_equal(fk.calls.v[4], "tsbjcamv@itu.int>busy@x.example");
	assert_string_equal(fk.calls.v[5], ">up@x.example");
	assert_string_equal(fk.calls.v[6], ">later@x.example");
	assert_int_equal(store_server_get(f->st, f->cfg->smtp_url, &ss), 0);
	FATES(f, m1,
	    "refused@x.example=failed/1 busy@x.example=queued/2 ok@x.example=sent/1 bad\rname@x.example=failed/1");
	strv_free(&fk.calls);
}

/* The result cannot be recorded (disk full): the cycle stops, and the mail is not sent again every cycle. */
static void
test_pipeline_unrecorded(void **state)
{
	struct fx *f = *state;
	struct fake fk = {{0}, 1, f};
	long long id = queue(f, "ack", "a1", "", "x@example.org", NULL);
	char *err = NULL;

	assert_int_equal(run_cycle(f, &fk, &err), -1);
	assert_non_null(strstr(err, "disk is full"));
	free(err);
	FATES(f, id, "x@example.org=sending/1");
	assert_int_equal(sqlite3_exec(f->st->db, "DROP TRIGGER full", NULL, NULL, NULL), SQLITE_OK);
	fk.fail_record = 0;
	/* The next cycles: unsure, so not sent before the delay. */
	assert_int_equal(run_cycle(f, &fk, &err), 0);
	assert_int_equal(run_cycle(f, &fk, &err), 0);
	assert_int_equal(fk.calls.n, 1);
	FATES(f, id, "x@example.org=queued/1");
	now_set(1770003600LL);
	assert_int_equal(run_cycle(f, &fk, &err), 0);
	assert_int_equal(fk.calls.n, 2);
	FATES(f, id, "x@example.org=sent/2");
	strv_free(&fk.calls);
}

/* The attempt cannot be written before the transaction: nothing is sent, the mail stays queued. */
static void
test_pipeline_unwritable(void **state)
{
	struct fx *f = *state;
	struct fake fk = {{0}, 0, f};
	long long id = queue(f, "ack", "a1", "", "x@example.org", NULL);
	char *err = NULL;

	assert_int_equal(sqlite3_exec(f->st->db,
	                     "CREATE TRIGGER full BEFORE UPDATE ON delivery WHEN NEW.state = 'sending'"
	                     " BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END",
	                     NULL, NULL, NULL),
	    SQLITE_OK);
	assert_int_equal(run_cycle(f, &fk, &err), -1);
	assert_non_null(strstr(err, "disk is full"));
	free(err);
	assert_int_equal(fk.calls.n, 0);
	FATES(f, id, "x@example.org=queued/0");
}

static int
group_setup(void **state)
{
	(void)state;
	return mkdtemp(dir) ? 0 : -1;
}

static int
group_teardown(void **state)
{
	char *cmd = xasprintf("rm -rf '%s'", dir);
	int rc;

	(void)state;
	rc = system(cmd);
	free(cmd);
	return rc == 0 ? 0 : -1;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_per_recipient, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_failures, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_unsure, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_server_state, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_migration, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_pipeline, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_pipeline_unrecorded, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_pipeline_unwritable, setup, teardown),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
