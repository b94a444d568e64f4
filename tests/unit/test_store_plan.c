/* test_store_plan.c: every statement the filing path prepares uses an index: EXPLAIN QUERY PLAN over the cache. */
/* SPDX-License-Identifier: Apache-2.0 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <sqlite3.h>

#include "analyze.h"
#include "store.h"
#include "store_int.h" /* the statement cache and the connection, to ask SQLite for each statement's plan */

/*
 * The filing path is what daemon/pipeline.c asks of the store for each message: the quarantine and
 * attempt checks, the dedupe lookup, the acknowledgement caps, store_file (document, attachments,
 * statement, targets, obligations, answers, roadmap, search index, event, outbox) and the folder's
 * state. The test empties the statement cache, walks that path over the corpus and a statement with
 * its answers, then asks SQLite for the plan of every statement the path prepared: a full SCAN of a
 * table that grows with the mailbox fails, whoever wrote the statement.
 */

/* Tables that do not grow with the mailbox: a scan of them costs the same at 1,000 and 1,000,000 messages. */
static const char *const small_tables[] = {"sdo", "mailbox", "daemon_state", "attempt", NULL};

/*
 * Statements known to scan, each to be rewritten (a prefix of its text). An entry that matches no
 * statement fails the test too, so that it is removed once the statement is fixed.
 */
static const char *const known_scans[] = {
    /* None: the answer matching uses liaison.ref_key and doc_body (store/answer_store.c). An entry here must match a
     * statement the filing path prepares, or the test fails, so that a fixed scan leaves no stale excuse behind. */
    NULL,
};

static char dir[] = "/tmp/lsd-plan-XXXXXX";
static struct extract_limits lim;

static const char statement[] =
    "From: ITU-T TSAG <tsbtsag@itu.int>\nTo: tsbjcamv@itu.int\nSubject: TSAG-LS35: LS on FG-MV deliverables\n"
    "Date: Mon, 10 Jun 2024 09:00:00 +0000\nMessage-ID: <plan-ls35@itu.int>\nMIME-Version: 1.0\n"
    "Content-Type: text/plain; charset=utf-8\n\nTSAG-LS35\n\nSource:\tTSAG\nTitle:\tLS on FG-MV deliverables\n\n"
    "LIAISON STATEMENT\nFor action to:\tITU-T SG20, ITU-T SG21\nFor comment to:\tITU-T SG16\n"
    "For information to:\tITU-T JCA-MV\nDeadline:\t30 July 2024\nContact:\tTSB\tE-mail: tsbtsag@itu.int\n\n"
    "TSAG allocated the FG-MV deliverables to the study groups.\n";

static const char answer_ls[] =
    "From: ITU-T SG20 <tsbsg20@itu.int>\nTo: tsbtsag@itu.int\nSubject: SG20-LS9: Reply to TSAG-LS35\n"
    "Message-ID: <plan-sg20@itu.int>\nIn-Reply-To: <plan-ls35@itu.int>\nMIME-Version: 1.0\n"
    "Content-Type: text/plain; charset=utf-8\n\nSG20-LS9\n\nSource:\tITU-T SG20\nTitle:\tReply to TSAG-LS35\n"
    "Reply to:\tTSAG-LS35\n\nLIAISON STATEMENT\nFor information to:\tTSAG\n\nSG20 thanks TSAG.\n";

static const char answer_roadmap[] =
    "From: ITU-T SG16 <tsbsg16@itu.int>\nTo: tsbjcamv@itu.int\nSubject: RE: TSAG-LS35 - SG16 roadmap input\n"
    "Message-ID: <plan-sg16-rm@itu.int>\nIn-Reply-To: <plan-ls35@itu.int>\n"
    "MIME-Version: 1.0\nContent-Type: text/html; charset=utf-8\n\n"
    "<table><tr><th>SDO / Org.</th><th>Document</th><th>Deliverable type</th><th>Title</th><th>Status</th>"
    "<th>Category</th></tr>\n<tr><td>ITU-T SG16</td><td>H.MV-ARCH</td><td>Draft Recommendation</td>"
    "<td>Architecture of metaverse multimedia services</td><td>Under development</td><td>General</td></tr>"
    "</table>\n";

static int
group_setup(void **state)
{
	(void)state;
	msg_library_init();
	extract_limits_default(&lim);
	return mkdtemp(dir) ? 0 : -1;
}

static int
group_teardown(void **state)
{
	char *cmd = xasprintf("rm -rf '%s'", dir);
	int rc;

	(void)state;
	msg_library_shutdown();
	rc = system(cmd);
	free(cmd);
	return rc == 0 ? 0 : -1;
}

/* What the pipeline asks of the store for one message (daemon/pipeline.c: set_aside_first, ack_capped, file_it). */
static void
file_path(struct store *st, const char *raw, size_t len, const char *key)
{
	struct analyze_opts o = {sdo_dir_builtin(), "tsbjcamv@itu.int", &lim, 0, NULL, 0};
	char *err = NULL, *dkey;
	struct msg *m = msg_parse(raw, len, &err);
	struct analysis *a;
	struct filing f = {0};
	struct strv rcpt = {0};
	struct outmail om = {"ack", NULL, "tsbjcamv@itu.int", &rcpt, "ack body", 8, 0};
	long long id = 0;
	int dup = 0, count = 0;

	if (!m)
		fail_msg("msg_parse: %s", err);
	a = analyze_message(m, &o);
	assert_int_equal(store_quarantine_held(st, key), 0);
	assert_int_equal(store_attempt_begin(st, key, &count), 0);
	dkey = store_dedupe_key(m);
	assert_true(store_has_same(st, dkey, m->sha256) >= 0);
	assert_true(store_outbox_count_to(st, "ack", m->from_addr, 1769900000LL) >= 0);
	assert_true(store_outbox_count_to(st, "ack", NULL, 1769900000LL) >= 0);
	strv_push(&rcpt, *m->from_addr ? m->from_addr : "x@example.org");
	om.dedupe_key = key;
	f.msg = m;
	f.an = a;
	f.source_key = key;
	f.folder = "INBOX";
	f.raw = (const unsigned char *)raw;
	f.rawlen = len;
	f.received = 1770000000LL;
	f.dir = sdo_dir_builtin();
	if (store_file(st, &f, &om, &id, &dup, &err) != 0)
		fail_msg("store_file: %s", err);
	assert_int_equal(store_mailbox_set(st, "INBOX", 7, 1), 0);
	strv_free(&rcpt);
	free(dkey);
	free(err);
	analysis_free(a);
	msg_free(m);
}

static void
file_corpus(struct store *st)
{
	static const char *const names[] = {"p01-itu-ls-docx.eml", "p02-itu-ls-plaintext-reply.eml",
	    "p03-outgoing-ls-from-secretariat.eml", "p04-roadmap-input-docx.eml", "p05-roadmap-input-csv.eml",
	    "p06-roadmap-input-xlsx.eml", "p07-auto-reply.eml", "p08-bounce.eml", "p10-encoded-words.eml",
	    "p11-ls-pdf.eml", "p12-other-correspondence.eml"};
	unsigned long long v, last;

	for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++) {
		char *path = xasprintf("%s/%s", CORPUS, names[i]), *data = NULL, *err = NULL;
		size_t len = 0;
		if (file_read(path, 64u << 20, &data, &len, &err) != 0)
			fail_msg("%s", err);
		file_path(st, data, len, names[i]);
		free(data);
		free(path);
	}
	file_path(st, statement, sizeof(statement) - 1, "ls35");
	file_path(st, answer_ls, sizeof(answer_ls) - 1, "sg20");
	file_path(st, answer_roadmap, sizeof(answer_roadmap) - 1, "sg16");
	assert_int_equal(store_mailbox_get(st, "INBOX", &v, &last), 1);
}

/* A full scan in one line of a plan ("SCAN t", "SCAN alias" of a table): NULL when it reads a small table. */
static int
scans_big_table(const char *detail)
{
	const char *t;

	if (strncmp(detail, "SCAN ", 5) != 0 || strstr(detail, "VIRTUAL TABLE") || strstr(detail, "CONSTANT ROW"))
		return 0;
	t = detail + 5;
	for (size_t i = 0; small_tables[i]; i++) {
		size_t n = strlen(small_tables[i]);
		if (strncmp(t, small_tables[i], n) == 0 && (t[n] == '\0' || t[n] == ' '))
			return 0;
	}
	return 1;
}

static int
known(const char *sql, int *used)
{
	for (size_t i = 0; known_scans[i]; i++)
		if (strncmp(sql, known_scans[i], strlen(known_scans[i])) == 0) {
			used[i] = 1;
			return 1;
		}
	return 0;
}

/* The plan of one statement: appends each full scan of a growing table to bad. Returns the number of plan lines. */
static int
plan_of(struct store *st, const char *sql, struct buf *bad, int *used)
{
	char *q = xasprintf("EXPLAIN QUERY PLAN %s", sql);
	sqlite3_stmt *s = NULL;
	int lines = 0;

	if (sqlite3_prepare_v2(st->db, q, -1, &s, NULL) != SQLITE_OK)
		fail_msg("%s: %s", q, sqlite3_errmsg(st->db));
	while (sqlite3_step(s) == SQLITE_ROW) {
		const char *detail = (const char *)sqlite3_column_text(s, 3);
		lines++;
		if (detail && scans_big_table(detail) && !known(sql, used))
			buf_printf(bad, "\n  %s\n    in: %s", detail, sql);
	}
	sqlite3_finalize(s);
	free(q);
	return lines;
}

static void
test_filing_path_uses_indexes(void **state)
{
	char *path = xasprintf("%s/plan.db", dir), *err = NULL;
	struct store *st = store_open(path, 0, &err);
	struct buf bad = {0};
	int used[sizeof(known_scans) / sizeof(*known_scans)] = {0};
	size_t statements = 0;

	(void)state;
	if (!st)
		fail_msg("store_open: %s", err);
	store_stmt_forget(st); /* only what the filing path prepares from here on */
	file_corpus(st);
	for (size_t i = 0; i < STORE_NSTMT; i++) {
		const char *sql = st->cache[i].sql;
		if (!sql || strncmp(sql, "PRAGMA", 6) == 0)
			continue;
		statements++;
		plan_of(st, sql, &bad, used);
	}
	/* The path is really walked: the document insert, the answers and the roadmap among what was prepared. */
	assert_true(statements >= 20);
	for (size_t i = 0; known_scans[i]; i++)
		if (!used[i])
			buf_printf(
			    &bad, "\n  the known scan \"%.60s…\" is gone: remove it from known_scans", known_scans[i]);
	if (bad.len)
		fail_msg(
		    "%zu statements on the filing path; full scans of growing tables:%s", statements, buf_str(&bad));
	buf_free(&bad);
	store_close(st);
	free(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_filing_path_uses_indexes),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
