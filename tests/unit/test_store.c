/* test_store.c: the SQLite store on a temporary file: schema, filing and dedupe, blobs, obligations, outbox, state. */
/* SPDX-License-Identifier: Apache-2.0 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <cmocka.h>
#include <sqlite3.h>

#include "analyze.h"
#include "store.h"
#include "store_int.h"    /* only to ask the store's own connection for PRAGMA foreign_keys */
#include "store_schema.h" /* the version this program migrates to */

static char dir[] = "/tmp/lsd-store-XXXXXX";
static struct extract_limits lim;
static int seq;

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

/* A fresh store per test, in a folder that does not exist yet (store_open creates it). */
static char *
fresh_path(void)
{
	return xasprintf("%s/t%d/sub/liaisond.db", dir, ++seq);
}

static struct store *
open_fresh(char **pathp)
{
	char *path = fresh_path(), *err = NULL;
	struct store *st = store_open(path, 0, &err);

	if (!st)
		fail_msg("store_open: %s", err);
	*pathp = path;
	return st;
}

static long long
sql_int(const char *path, const char *sql)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *s = NULL;
	long long v = -1;

	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	sqlite3_busy_timeout(db, 5000);
	if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(db));
	if (sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	sqlite3_close(db);
	return v;
}

static char *
sql_text(const char *path, const char *sql)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *s = NULL;
	char *v = NULL;

	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	sqlite3_busy_timeout(db, 5000);
	if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(db));
	if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0))
		v = xstrdup((const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	sqlite3_close(db);
	return v;
}

/* Version 5 undone: the raw bytes back in the document row, as the releases before it kept them. */
#define UNDO_V5                                                                                                        \
	"ALTER TABLE document ADD COLUMN raw BLOB;"                                                                    \
	" UPDATE document SET raw = (SELECT raw FROM document_raw WHERE document_id = document.id);"                   \
	" DROP TABLE document_raw; DROP INDEX sdo_contact_email;"

static int from_sent_folder; /* file_raw's messages come from a sent folder: the secretariat's own */

static char *
corpus_raw(const char *name, size_t *len)
{
	char *path = xasprintf("%s/%s", CORPUS, name), *data = NULL, *err = NULL;

	if (file_read(path, 64u << 20, &data, len, &err) != 0)
		fail_msg("%s", err);
	free(path);
	return data;
}

/* Parses, analyzes and files raw; returns store_file's result. */
static int
file_raw(struct store *st, const char *raw, size_t len, const char *source_key, const struct outmail *ack,
    long long *doc_id, int *dup, char **errp)
{
	struct analyze_opts o = {sdo_dir_builtin(), "tsbjcamv@itu.int", &lim, from_sent_folder, NULL, 0};
	char *err = NULL;
	struct msg *m = msg_parse(raw, len, &err);
	struct analysis *a;
	struct filing f;
	int rc;

	if (!m)
		fail_msg("msg_parse: %s", err);
	a = analyze_message(m, &o);
	memset(&f, 0, sizeof(f));
	f.msg = m;
	f.an = a;
	f.source_key = source_key;
	f.folder = "INBOX";
	f.raw = (const unsigned char *)raw;
	f.rawlen = len;
	f.received = 1770000000LL;
	f.dir = sdo_dir_builtin();
	rc = store_file(st, &f, ack, doc_id, dup, &err);
	if (errp)
		*errp = err;
	else {
		if (rc != 0)
			fail_msg("store_file: %s", err);
		free(err);
	}
	analysis_free(a);
	msg_free(m);
	return rc;
}

static void
file_ok(struct store *st, const char *raw, size_t len, long long *doc_id, int *dup)
{
	assert_int_equal(file_raw(st, raw, len, NULL, NULL, doc_id, dup, NULL), 0);
}

static void
test_schema(void **state)
{
	char *path, *err = NULL, *mode;
	struct store *st = open_fresh(&path);
	sqlite3_stmt *s;

	(void)state;
	assert_int_equal(sql_int(path, "PRAGMA user_version"), store_schema_target());
	mode = sql_text(path, "PRAGMA journal_mode");
	assert_string_equal(mode, "wal");
	free(mode);
	/* foreign_keys belongs to a connection: ask the store's own. */
	assert_int_equal(sqlite3_prepare_v2(st->db, "PRAGMA foreign_keys", -1, &s, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(s, 0), 1);
	sqlite3_finalize(s);
	/* And it is enforced: an attachment of a document that does not exist is refused. */
	assert_int_not_equal(sqlite3_exec(st->db,
	                         "INSERT INTO blob (sha256, size, data) VALUES ('x', 1, x'00');"
	                         "INSERT INTO attachment (document_id, position, sha256, content_type, size)"
	                         " VALUES (999, 0, 'x', 'a/b', 1)",
	                         NULL, NULL, NULL),
	    SQLITE_OK);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM attachment"), 0);
	assert_int_equal(sql_int(path,
	                     "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN"
	                     " ('document', 'blob', 'attachment', 'liaison', 'obligation', 'outbox',"
	                     " 'quarantine', 'attempt', 'mailbox', 'event')"),
	    10);
	{
		long long ntables = sql_int(path, "SELECT count(*) FROM sqlite_master");
		store_close(st);
		/* Re-opening migrates nothing and changes nothing. */
		st = store_open(path, 0, &err);
		assert_non_null(st);
		assert_int_equal(sql_int(path, "PRAGMA user_version"), store_schema_target());
		assert_int_equal(sql_int(path, "SELECT count(*) FROM sqlite_master"), ntables);
		store_close(st);
		/* Read-only opening works on the existing file. */
		st = store_open(path, STORE_RDONLY, &err);
		assert_non_null(st);
		store_close(st);
	}
	store_close(NULL);
	free(path);
}

static void
test_future_schema(void **state)
{
	char *path = fresh_path(), *err = NULL, *dirpart = xstrdup(path);
	sqlite3 *db = NULL;
	struct store *st;

	(void)state;
	*strrchr(dirpart, '/') = '\0';
	assert_int_equal(mkdir_p(dirpart, 0700), 0);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "CREATE TABLE x (y); PRAGMA user_version = 99", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	st = store_open(path, 0, &err);
	assert_null(st);
	assert_non_null(err);
	char want[80];
	snprintf(want, sizeof(want), "schema version 99 is newer than this program's %d", store_schema_target());
	if (!strstr(err, want))
		fail_msg("unclear message: %s", err);
	assert_non_null(strstr(err, path));
	free(err);
	assert_int_equal(sql_int(path, "PRAGMA user_version"), 99); /* left alone */
	free(dirpart);
	free(path);
}

static void
test_file_dedupe(void **state)
{
	char *path;
	struct store *st = open_fresh(&path);
	size_t len = 0;
	char *raw = corpus_raw("p01-itu-ls-docx.eml", &len);
	long long id = -1, id2 = -1;
	int dup = -1;
	struct doc_row row;
	struct ls *ls = NULL;
	unsigned char *back = NULL;
	size_t backlen = 0;

	(void)state;
	file_ok(st, raw, len, &id, &dup);
	assert_int_equal(dup, 0);
	assert_true(id > 0);
	assert_int_equal(store_has_same(st, "<fgmv-ls1.20230310@itu.int>", NULL), 1);
	assert_int_equal(store_has_same(st, "<other@itu.int>", NULL), 0);
	file_ok(st, raw, len, &id2, &dup);
	assert_int_equal(dup, 1);
	assert_int_equal(id2, 0);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM document"), 1);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM liaison"), 1);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM attachment"), 1);

	/* What was filed. */
	assert_int_equal(store_find(st, "<fgmv-ls1.20230310@itu.int>", &row, &ls, NULL), 1);
	assert_int_equal(row.id, id);
	assert_string_equal(row.kind, "liaison");
	assert_string_equal(row.direction, "incoming");
	assert_string_equal(row.sender, "tsbfgmv@itu.int");
	assert_string_equal(row.ref, "FG-MV-LS1");
	assert_int_equal(row.received, 1770000000LL);
	assert_non_null(ls);
	assert_string_equal(ls->ref, "FG-MV-LS1");
	assert_string_equal(ls->deadline, "2023-06-30");
	assert_int_equal(ls->for_action.n, 38);
	assert_int_equal(ls->for_information.n, 15);
	ls_free(ls);
	doc_row_clear(&row);
	/* The raw bytes come back unchanged. */
	assert_int_equal(store_raw(st, id, &back, &backlen), 1);
	assert_int_equal(backlen, len);
	assert_memory_equal(back, raw, len);
	free(back);
	assert_int_equal(store_raw(st, id + 100, &back, &backlen), 0);

	store_close(st);
	free(raw);
	free(path);
}

static void
test_dedupe_without_message_id(void **state)
{
	static const char a[] = "From: someone@example.org\nSubject: no id\n\nfirst\n";
	static const char b[] = "From: someone@example.org\nSubject: no id\n\nfirsT\n";
	char *path, *err = NULL, *key, *want;
	struct store *st = open_fresh(&path);
	long long id = 0;
	int dup = -1;
	struct msg *m;

	(void)state;
	m = msg_parse(a, sizeof(a) - 1, &err);
	key = store_dedupe_key(m);
	want = xasprintf("sha256:%s", m->sha256);
	assert_string_equal(key, want);
	assert_int_equal(strlen(key), 7 + 64);
	msg_free(m);

	file_ok(st, a, sizeof(a) - 1, &id, &dup);
	assert_int_equal(dup, 0);
	file_ok(st, a, sizeof(a) - 1, &id, &dup);
	assert_int_equal(dup, 1);
	file_ok(st, b, sizeof(b) - 1, &id, &dup); /* other bytes: another message */
	assert_int_equal(dup, 0);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM document"), 2);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM document WHERE message_id IS NULL"), 2);
	assert_int_equal(store_has_same(st, key, NULL), 1);
	free(key);
	free(want);
	store_close(st);
	free(path);
}

/* The same raw message under another Message-ID. GCC 12 at -O2 takes file_read()'s inlined buffer for a
 * local and warns of a dangling pointer here (a known false positive of -Wdangling-pointer). */
#pragma GCC diagnostic push
#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ >= 12
#pragma GCC diagnostic ignored "-Wdangling-pointer"
#endif
static char *
with_message_id(const char *raw, size_t len, const char *old, const char *new, size_t *outlen)
{
	const char *hit = strstr(raw, old);
	size_t off = hit ? (size_t)(hit - raw) : len; /* an offset: GCC 12 misreads a kept pointer as dangling */
	struct buf b = {0};

	assert_true(off < len);
	buf_add(&b, raw, off);
	buf_adds(&b, new);
	buf_add(&b, raw + off + strlen(old), len - off - strlen(old));
	*outlen = b.len;
	return buf_steal(&b);
}
#pragma GCC diagnostic pop

static void
test_blobs_by_hash(void **state)
{
	char *path;
	struct store *st = open_fresh(&path);
	size_t len = 0, len2 = 0;
	char *raw = corpus_raw("p01-itu-ls-docx.eml", &len);
	char *raw2 = with_message_id(raw, len, "<fgmv-ls1.20230310@itu.int>", "<resent-copy@itu.int>", &len2);
	long long id1 = 0, id2 = 0;
	int dup = -1;
	struct doc_row row;
	struct ls *ls = NULL;
	struct strv atts = {0};

	(void)state;
	file_ok(st, raw, len, &id1, &dup);
	file_ok(st, raw2, len2, &id2, &dup);
	assert_int_equal(dup, 0);
	assert_true(id2 > id1);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM document"), 2);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM attachment"), 2);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM blob"), 1);
	assert_int_equal(sql_int(path, "SELECT size FROM blob"), 37624);
	assert_int_equal(sql_int(path,
	                     "SELECT count(*) FROM blob WHERE sha256 ="
	                     " 'bf155d55e7e0c74d242787d3b76bbd26b9028c33d6a101988c595a0274f303d6'"),
	    1);
	assert_int_equal(store_find(st, "resent-copy@itu.int", &row, &ls, &atts), 1);
	assert_int_equal(row.id, id2);
	assert_int_equal(atts.n, 1);
	assert_string_equal(atts.v[0],
	    "{\"filename\": \"FG-MV-LS1.docx\", \"content_type\": "
	    "\"application/vnd.openxmlformats-officedocument.wordprocessingml.document\", "
	    "\"size\": 37624, \"sha256\": "
	    "\"bf155d55e7e0c74d242787d3b76bbd26b9028c33d6a101988c595a0274f303d6\"}");
	strv_free(&atts);
	ls_free(ls);
	doc_row_clear(&row);
	store_close(st);
	free(raw);
	free(raw2);
	free(path);
}

struct obl_list {
	struct strv rows; /* "REF|SDO|ROLE|STATE|DEADLINE" */
};

static int
collect_obl(const struct obligation *o, void *arg)
{
	struct obl_list *l = arg;

	strv_pushf(&l->rows, "%s|%s|%s|%s|%s", o->ref ? o->ref : "-", o->sdo, o->role, o->state,
	    o->deadline ? o->deadline : "-");
	return 0;
}

static const char tsag_ls35[] =
    "From: ITU-T TSAG <tsbtsag@itu.int>\nTo: tsbsg20@itu.int\nCc: tsbjcamv@itu.int\n"
    "Subject: TSAG-LS35: LS on allocation of FG-MV deliverables\nDate: Mon, 10 Jun 2024 09:00:00 +0000\n"
    "Message-ID: <tsag-ls35@itu.int>\nMIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\n"
    "INTERNATIONAL TELECOMMUNICATION UNION\nTELECOMMUNICATION STANDARDIZATION SECTOR\nSTUDY PERIOD 2022-2024\n"
    "TSAG-LS35\n\n"
    "Source:\tTSAG\n"
    "Title:\tLS on allocation of FG-MV deliverables\n\n"
    "LIAISON STATEMENT\n"
    "For action to:\tITU-T SG20, ITU-T SG21\n"
    "For comment to:\tITU-T SG16\n"
    "For information to:\tITU-T JCA-MV\n"
    "Approval:\tTSAG meeting (Geneva, 3 June 2024)\n"
    "Deadline:\t30 July 2024\n"
    "Contact:\tTSB\tE-mail: tsbtsag@itu.int\n\n"
    "TSAG allocated the FG-MV deliverables to the study groups.\n";

static const char sg16_roadmap_reply[] =
    "From: ITU-T SG16 <tsbsg16@itu.int>\nTo: tsbjcamv@itu.int\nSubject: RE: TSAG-LS35 - SG16 roadmap input\n"
    "Message-ID: <sg16-rm@itu.int>\nIn-Reply-To: <tsag-ls35@itu.int>\n"
    "MIME-Version: 1.0\nContent-Type: text/html; charset=utf-8\n\n"
    "<table><tr><th>SDO / Org.</th><th>Document</th><th>Deliverable type</th><th>Title</th><th>Status</th>"
    "<th>Category</th><th>Description</th></tr>\n"
    "<tr><td>ITU-T SG16</td><td>H.MV-ARCH</td><td>Draft Recommendation</td>"
    "<td>Architecture of metaverse multimedia services</td><td>Under development</td><td>General</td>"
    "<td>Defines the reference architecture.</td></tr></table>\n";

static void
test_obligations(void **state)
{
	char *path;
	struct store *st = open_fresh(&path);
	size_t len = 0;
	char *p01 = corpus_raw("p01-itu-ls-docx.eml", &len), *p02;
	long long id = 0;
	int dup = -1;
	struct obl_list l = {{0}};

	(void)state;
	/* p01: one obligation per body for action, all with the deadline. */
	file_ok(st, p01, len, &id, &dup);
	assert_int_equal(store_obligations(st, 0, collect_obl, &l), 0);
	assert_int_equal(l.rows.n, 38);
	for (size_t i = 0; i < l.rows.n; i++) {
		if (strncmp(l.rows.v[i], "FG-MV-LS1|", 10) != 0 || !strstr(l.rows.v[i], "|action|open|2023-06-30"))
			fail_msg("row %zu: %s", i, l.rows.v[i]);
	}
	assert_true(strv_contains(&l.rows, "FG-MV-LS1|ITU-R SG5|action|open|2023-06-30"));
	strv_free(&l.rows);
	free(p01);

	/* A statement with bodies for action and for comment, then SG20's reply to it. */
	file_ok(st, tsag_ls35, sizeof(tsag_ls35) - 1, &id, &dup);
	assert_int_equal(dup, 0);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM liaison WHERE ref = 'TSAG-LS35'"), 1);
	assert_int_equal(store_obligations(st, 1, collect_obl, &l), 0);
	assert_true(strv_contains(&l.rows, "TSAG-LS35|ITU-T SG20|action|open|2024-07-30"));
	assert_true(strv_contains(&l.rows, "TSAG-LS35|ITU-T SG21|action|open|2024-07-30"));
	assert_true(strv_contains(&l.rows, "TSAG-LS35|ITU-T SG16|comment|open|2024-07-30"));
	assert_int_equal(l.rows.n, 38 + 3); /* no obligation for information */
	strv_free(&l.rows);

	p02 = corpus_raw("p02-itu-ls-plaintext-reply.eml", &len);
	file_ok(st, p02, len, &id, &dup);
	assert_int_equal(store_obligations(st, 1, collect_obl, &l), 0);
	assert_true(strv_contains(&l.rows, "TSAG-LS35|ITU-T SG20|action|answered|2024-07-30"));
	assert_true(strv_contains(&l.rows, "TSAG-LS35|ITU-T SG21|action|open|2024-07-30")); /* not SG20's to answer */
	assert_true(strv_contains(&l.rows, "TSAG-LS35|ITU-T SG16|comment|open|2024-07-30"));
	assert_true(strv_contains(&l.rows, "SG20-LS45|ITU-T TSAG|action|open|2024-07-29")); /* the reply's own */
	strv_free(&l.rows);
	assert_int_equal(sql_int(path, "SELECT answered_by FROM obligation WHERE sdo = 'ITU-T SG20'"), id);

	/* Open ones only: the answered obligation is gone from the default list. */
	assert_int_equal(store_obligations(st, 0, collect_obl, &l), 0);
	assert_false(strv_contains(&l.rows, "TSAG-LS35|ITU-T SG20|action|answered|2024-07-30"));
	assert_int_equal(l.rows.n, 38 + 2 + 1);
	strv_free(&l.rows);
	free(p02);

	/* A roadmap input sent in reply (In-Reply-To) to the statement answers its sender's obligation. */
	file_ok(st, sg16_roadmap_reply, sizeof(sg16_roadmap_reply) - 1, &id, &dup);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM document WHERE kind = 'roadmap_input'"), 1);
	assert_int_equal(store_obligations(st, 1, collect_obl, &l), 0);
	assert_true(strv_contains(&l.rows, "TSAG-LS35|ITU-T SG16|comment|answered|2024-07-30"));
	assert_true(strv_contains(&l.rows, "TSAG-LS35|ITU-T SG21|action|open|2024-07-30"));
	strv_free(&l.rows);
	store_close(st);
	free(path);
}

/* The secretariat's statement by its From: alone is filed as outgoing, flagged, and asks nothing of anyone. */
static void
test_unverified_outgoing(void **state)
{
	char *path, *path2;
	struct store *st = open_fresh(&path), *st2;
	size_t len = 0;
	char *p03 = corpus_raw("p03-outgoing-ls-from-secretariat.eml", &len), *w;
	long long id = 0;
	int dup = -1;

	(void)state;
	file_ok(st, p03, len, &id, &dup);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM obligation"), 0);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM liaison_target WHERE role = 'action'"), 8);
	w = sql_text(path, "SELECT direction || ' ' || warnings FROM document");
	assert_non_null(strstr(w, "outgoing [\"unverified-sender: "));
	free(w);
	/* The same from a sent folder: one obligation per body asked to act. */
	from_sent_folder = 1;
	st2 = open_fresh(&path2);
	file_ok(st2, p03, len, &id, &dup);
	from_sent_folder = 0;
	assert_int_equal(sql_int(path2, "SELECT count(*) FROM obligation"), 8);
	w = sql_text(path2, "SELECT warnings FROM document");
	assert_null(strstr(w, "unverified"));
	free(w);
	store_close(st);
	store_close(st2);
	free(p03);
	free(path);
	free(path2);
}

/* STORE_RDONLY: reads work, writes are refused, nothing is migrated; an older schema is migrated once. */
static void
test_read_only(void **state)
{
	char *path, *err = NULL;
	struct store *st = open_fresh(&path), *ro;

	(void)state;
	store_close(st);
	ro = store_open(path, STORE_RDONLY | STORE_NOCREATE, &err);
	if (!ro)
		fail_msg("%s", err);
	assert_int_equal(store_event(ro, 0, 0, "test", NULL), -1); /* SQLITE_READONLY */
	store_close(ro);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM event"), 0);
	/* A store one version behind: the read-only open migrates it, read-write. */
	st = store_open(path, 0, &err);
	assert_int_equal(
	    sqlite3_exec(st->db,
	        UNDO_V5
	        "DROP INDEX outbox_kind_created; ALTER TABLE outbox DROP COLUMN cancelled; DROP TABLE daemon_state;"
	        " DROP INDEX document_docno; ALTER TABLE document DROP COLUMN docno; ALTER TABLE document DROP COLUMN "
	        "refs;"
	        " DROP TABLE docno_counter; DROP INDEX liaison_ref_key; ALTER TABLE liaison DROP COLUMN ref_key;"
	        " DROP INDEX obligation_sdo; DROP INDEX obligation_liaison;"
	        " DROP TABLE doc_body; DROP TABLE answer;"
	        " DROP TABLE reminder; DROP TABLE digest_mark; DROP TABLE delivery; DROP TABLE smtp_server;"
	        " PRAGMA user_version = 2",
	        NULL, NULL, NULL),
	    SQLITE_OK);
	store_close(st);
	ro = store_open(path, STORE_RDONLY | STORE_NOCREATE, &err);
	if (!ro)
		fail_msg("%s", err);
	assert_int_equal(sql_int(path, "PRAGMA user_version"), store_schema_target());
	store_close(ro);
	/* A newer one is refused. */
	st = store_open(path, 0, &err);
	assert_int_equal(sqlite3_exec(st->db, "PRAGMA user_version = 99", NULL, NULL, NULL), SQLITE_OK);
	store_close(st);
	assert_null(store_open(path, STORE_RDONLY | STORE_NOCREATE, &err));
	char want[80];
	snprintf(want, sizeof(want), "schema version 99 is newer than this program's %d", store_schema_target());
	assert_non_null(strstr(err, want));
	free(err);
	free(path);
}

/* The store and its -wal and -shm are 0640 whatever the umask: the mail in them is nobody else's. */
static void
test_file_modes(void **state)
{
	static const mode_t masks[] = {0, 022, 077};
	static const char raw[] = "From: a@example.org\nSubject: x\nMessage-ID: <m@x>\n\nhi\n";
	struct stat sb;

	(void)state;
	for (size_t i = 0; i < sizeof(masks) / sizeof(*masks); i++) {
		mode_t old = umask(masks[i]);
		char *path, *wal, *shm;
		struct store *st = open_fresh(&path);
		long long id = 0;
		int dup;
		file_ok(st, raw, strlen(raw), &id, &dup);
		wal = xasprintf("%s-wal", path);
		shm = xasprintf("%s-shm", path);
		assert_int_equal(stat(path, &sb), 0);
		if ((sb.st_mode & 07777) != 0640)
			fail_msg("umask %03o: %s is %04o", (unsigned)masks[i], path, (unsigned)(sb.st_mode & 07777));
		assert_int_equal(stat(wal, &sb), 0);
		if ((sb.st_mode & 07777) != 0640)
			fail_msg("umask %03o: -wal is %04o", (unsigned)masks[i], (unsigned)(sb.st_mode & 07777));
		assert_int_equal(stat(shm, &sb), 0);
		if ((sb.st_mode & 07777) != 0640)
			fail_msg("umask %03o: -shm is %04o", (unsigned)masks[i], (unsigned)(sb.st_mode & 07777));
		store_close(st);
		umask(old);
		free(wal);
		free(shm);
		free(path);
	}
}

static void
test_find(void **state)
{
	static const struct {
		const char *q;
		int found;
	} finds[] = {
	    {"SG20-LS45", 1},
	    {"sg20-ls45", 1},
	    {"Sg20-Ls45", 1},
	    {"SG20 -LS 45", 1},
	    {" sg20-ls45 ", 1},
	    {"<sg20-ls45.20240715@itu.int>", 1},
	    {"sg20-ls45.20240715@itu.int", 1},
	    {"SG20-LS4", 0},
	    {"SG20-LS456", 0},
	    {"sg20_ls45", 1}, /* numbers are compared by their letters and digits (answer_ref_key) */
	    {"sg20_ls4", 0},
	    {"", 0},
	    {"%", 0},
	    {"0", 0},
	};
	char *path;
	struct store *st = open_fresh(&path);
	size_t len = 0;
	char *p02 = corpus_raw("p02-itu-ls-plaintext-reply.eml", &len);
	long long id = 0;
	int dup = -1;
	struct doc_row row;
	struct ls *ls = NULL;
	char idstr[24];

	(void)state;
	file_ok(st, p02, len, &id, &dup);
	for (size_t i = 0; i < sizeof(finds) / sizeof(*finds); i++) {
		int rc = store_find(st, finds[i].q, &row, &ls, NULL);
		if (rc != finds[i].found)
			fail_msg("store_find(\"%s\") = %d, want %d", finds[i].q, rc, finds[i].found);
		if (rc == 1) {
			assert_int_equal(row.id, id);
			assert_string_equal(row.message_id, "<sg20-ls45.20240715@itu.int>");
			assert_string_equal(row.subject, "SG20-LS45: LS/r on FG-MV deliverables (reply to TSAG-LS35)");
			assert_non_null(ls);
			assert_string_equal(ls->ref, "SG20-LS45");
			assert_string_equal(ls->source, "ITU-T SG20");
			assert_int_equal(ls->reply_to.n, 1);
			assert_string_equal(ls->reply_to.v[0], "TSAG-LS35");
			assert_int_equal(ls->for_action.n, 1);
			assert_string_equal(ls->for_action.v[0], "ITU-T TSAG");
			ls_free(ls);
			doc_row_clear(&row);
		} else
			assert_null(ls);
	}
	snprintf(idstr, sizeof(idstr), "%lld", id);
	assert_int_equal(store_find(st, idstr, &row, &ls, NULL), 1);
	assert_int_equal(row.id, id);
	ls_free(ls);
	doc_row_clear(&row);
	snprintf(idstr, sizeof(idstr), "%lld", id + 1);
	assert_int_equal(store_find(st, idstr, &row, &ls, NULL), 0);
	free(p02);
	store_close(st);
	free(path);
}

struct due {
	struct strv seen; /* "ID|KIND|ATTEMPTS|STATE|RCPT0" */
	long long last_id;
	char *data;
};

static int
collect_due(struct outbox_item *it, void *arg)
{
	struct due *d = arg;

	strv_pushf(&d->seen, "%lld|%s|%d|%s|%s|%s", it->id, it->kind, it->attempts, it->state,
	    it->rcpt.n ? it->rcpt.v[0] : "-", it->last_error ? it->last_error : "-");
	d->last_id = it->id;
	free(d->data);
	d->data = xstrndup(it->data, it->len);
	return 0;
}

static void
test_outbox(void **state)
{
	char *path, *err = NULL;
	struct store *st = open_fresh(&path);
	struct strv rcpt = {0};
	static const char mail[] = "From: x\r\nSubject: ack\r\n\r\nthanks\r\n";
	struct outmail om = {"ack", "ack:<m1@x>", "tsbjcamv@itu.int", &rcpt, mail, sizeof(mail) - 1, 0};
	struct due d = {{0}, 0, NULL};
	long long id = 0, id2 = 0;
	int dup = -1;

	(void)state;
	strv_push(&rcpt, "sender@example.org");
	strv_push(&rcpt, "second@example.org");
	now_set(1770000000LL);
	assert_int_equal(store_outbox_add(st, &om, &id, &dup, &err), 0);
	assert_int_equal(dup, 0);
	assert_true(id > 0);
	assert_int_equal(store_outbox_add(st, &om, &id2, &dup, &err), 0);
	assert_int_equal(dup, 1);
	assert_int_equal(id2, 0);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM outbox"), 1);

	/* Due now; the row carries everything the transport needs. */
	assert_int_equal(store_outbox_due(st, 1770000000LL, collect_due, &d), 0);
	assert_int_equal(d.seen.n, 1);
	assert_string_equal(d.seen.v[0], "1|ack|0|queued|sender@example.org|-");
	assert_string_equal(d.data, mail);
	strv_free(&d.seen);
	/* Not due before it was queued. */
	assert_int_equal(store_outbox_due(st, 1769999999LL, collect_due, &d), 0);
	assert_int_equal(d.seen.n, 0);

	/* A temporary failure: queued again, due only after the back-off. */
	assert_int_equal(store_outbox_result(st, id, 0, 0, "421 try later", 1770000300LL), 0);
	assert_int_equal(store_outbox_due(st, 1770000299LL, collect_due, &d), 0);
	assert_int_equal(d.seen.n, 0);
	assert_int_equal(store_outbox_due(st, 1770000300LL, collect_due, &d), 0);
	assert_int_equal(d.seen.n, 1);
	assert_string_equal(d.seen.v[0], "1|ack|1|queued|sender@example.org|421 try later");
	strv_free(&d.seen);

	/* Sent: never due again. */
	now_set(1770000400LL);
	assert_int_equal(store_outbox_result(st, id, 1, 0, NULL, 0), 0);
	assert_int_equal(store_outbox_due(st, 1780000000LL, collect_due, &d), 0);
	assert_int_equal(d.seen.n, 0);
	assert_int_equal(sql_int(path, "SELECT sent FROM outbox WHERE id = 1"), 1770000400LL);
	assert_int_equal(sql_int(path, "SELECT attempts FROM outbox WHERE id = 1"), 2);

	/* A permanent failure: failed, never due again. */
	om.dedupe_key = "ack:<m2@x>";
	assert_int_equal(store_outbox_add(st, &om, &id2, &dup, &err), 0);
	assert_int_equal(dup, 0);
	assert_int_equal(store_outbox_result(st, id2, 0, 1, "550 no such user", 0), 0);
	assert_int_equal(store_outbox_due(st, 1780000000LL, collect_due, &d), 0);
	assert_int_equal(d.seen.n, 0);

	/* The list shows all, in order, with their states. */
	assert_int_equal(store_outbox_list(st, collect_due, &d), 0);
	assert_int_equal(d.seen.n, 2);
	assert_string_equal(d.seen.v[0], "1|ack|2|sent|sender@example.org|-");
	assert_string_equal(d.seen.v[1], "2|ack|1|failed|sender@example.org|550 no such user");
	strv_free(&d.seen);
	assert_int_equal(
	    sql_int(path, "SELECT count(*) FROM event WHERE outbox_id = 1"), 3); /* queued, deferred, sent */

	/* A recipient list survives the trip: both addresses. */
	assert_int_equal(sql_int(path,
	                     "SELECT rcpt = 'sender@example.org' || char(10) || 'second@example.org' || char(10)"
	                     " FROM outbox WHERE id = 1"),
	    1);
	now_set(-1);
	free(d.data);
	strv_free(&rcpt);
	store_close(st);
	free(path);
}

/* The plan of sql on the store's own connection, its rows' details joined by '|'. */
static void
query_plan(struct store *st, const char *sql, char *out, size_t size)
{
	char *q = xasprintf("EXPLAIN QUERY PLAN %s", sql);
	sqlite3_stmt *s = NULL;
	size_t n = 0;

	out[0] = '\0';
	assert_int_equal(sqlite3_prepare_v2(st->db, q, -1, &s, NULL), SQLITE_OK);
	while (sqlite3_step(s) == SQLITE_ROW && n < size)
		n += (size_t)snprintf(out + n, size - n, "%s|", (const char *)sqlite3_column_text(s, 3));
	sqlite3_finalize(s);
	free(q);
}

/* The acknowledgement caps' counts: one recipient's and everyone's, both a seek on (kind, created). */
static void
test_outbox_count(void **state)
{
	char *path, *err = NULL, plan[512];
	struct store *st = open_fresh(&path);
	struct strv rcpt = {0};
	struct outmail om = {"ack", NULL, "tsbjcamv@itu.int", &rcpt, "x", 1, 0};
	static const char *const who[] = {"a@example.org", "b@example.org", "a@example.org", "c@example.org"};
	long long id = 0;
	int dup = -1;

	(void)state;
	for (int i = 0; i < 4; i++) {
		char key[32];
		snprintf(key, sizeof(key), "ack:<m%d@x>", i);
		om.dedupe_key = key;
		strv_free(&rcpt);
		strv_push(&rcpt, who[i]);
		now_set(1770000000LL + i * 1000);
		assert_int_equal(store_outbox_add(st, &om, &id, &dup, &err), 0);
	}
	om.kind = "reminder"; /* not an acknowledgement: never counted */
	om.dedupe_key = "reminder:1";
	assert_int_equal(store_outbox_add(st, &om, &id, &dup, &err), 0);
	assert_int_equal(store_outbox_count_to(st, "ack", NULL, 1770000000LL), 4);
	assert_int_equal(store_outbox_count_to(st, "ack", NULL, 1770001000LL), 3);
	assert_int_equal(store_outbox_count_to(st, "ack", "a@example.org", 1770000000LL), 2);
	assert_int_equal(store_outbox_count_to(st, "ack", "a@example.org", 1770000001LL), 1);
	assert_int_equal(store_outbox_count_to(st, "ack", "c@example.org", 1770000000LL), 1);
	assert_int_equal(store_outbox_count_to(st, "ack", NULL, 1780000000LL), 0);
	/* Both queries seek the index; neither reads the whole outbox. */
	query_plan(st, "SELECT count(*) FROM outbox WHERE kind = ?1 AND created >= ?3", plan, sizeof(plan));
	assert_non_null(strstr(plan, "outbox_kind_created (kind=? AND created>?)"));
	assert_null(strstr(plan, "SCAN"));
	query_plan(st, "SELECT count(*) FROM outbox WHERE kind = ?1 AND created >= ?3 AND rcpt = ?2 || char(10)", plan,
	    sizeof(plan));
	assert_non_null(strstr(plan, "outbox_kind_created (kind=? AND created>?)"));
	assert_null(strstr(plan, "SCAN"));
	now_set(-1);
	strv_free(&rcpt);
	store_close(st);
	free(path);
}

/* store_file with an acknowledgement queues it in the same transaction; a failure files nothing. */
static void
test_file_with_ack(void **state)
{
	char *path, *err = NULL;
	struct store *st = open_fresh(&path);
	struct strv rcpt = {0};
	size_t len = 0;
	char *raw = corpus_raw("p10-encoded-words.eml", &len);
	struct outmail ack = {"ack", "ack:<sg21-ls82@itu.int>", "tsbjcamv@itu.int", &rcpt, "x", 1, 0};
	long long id = 0;
	int dup = -1;

	(void)state;
	strv_push(&rcpt, "tsbsg21@itu.int");
	/* A bad outbox row (kind outside the CHECK) makes the whole filing roll back. */
	ack.kind = "bogus";
	assert_int_equal(file_raw(st, raw, len, "new/1.msg", &ack, &id, &dup, &err), -1);
	assert_non_null(err);
	free(err);
	err = NULL;
	assert_int_equal(id, 0);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM document"), 0);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM liaison"), 0);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM blob"), 0);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM outbox"), 0);

	ack.kind = "ack";
	assert_int_equal(file_raw(st, raw, len, "new/1.msg", &ack, &id, &dup, &err), 0);
	free(err);
	err = NULL;
	assert_int_equal(dup, 0);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM outbox"), 1);
	assert_int_equal(
	    sql_int(path, "SELECT count(*) FROM document WHERE source_key = 'new/1.msg' AND folder = 'INBOX'"), 1);
	/* Filed again: a duplicate, no second acknowledgement. */
	assert_int_equal(file_raw(st, raw, len, "new/1.msg", &ack, &id, &dup, &err), 0);
	free(err);
	assert_int_equal(dup, 1);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM outbox"), 1);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM event WHERE what = 'filed'"), 1);
	strv_free(&rcpt);
	free(raw);
	store_close(st);
	free(path);
}

static int
collect_q(long long id, const char *key, const char *reason, long long created, const char *state, void *arg)
{
	strv_pushf(arg, "%lld|%s|%s|%lld|%s", id, key, reason, created, state);
	return 0;
}

/* A store of version 4 (the raw message a column of document) migrates: every raw byte moves, the column goes. */
static void
test_raw_migration(void **state)
{
	char *path, *err = NULL;
	struct store *st = open_fresh(&path);
	size_t len = 0, len2 = 0;
	char *raw = corpus_raw("p01-itu-ls-docx.eml", &len), *raw2 = corpus_raw("p11-ls-pdf.eml", &len2);
	unsigned char *back = NULL;
	size_t blen = 0;
	long long id1 = 0, id2 = 0;
	int dup = 0;

	(void)state;
	file_ok(st, raw, len, &id1, &dup);
	file_ok(st, raw2, len2, &id2, &dup);
	/* Back to the layout before the raw message moved (the last migration), as the previous release wrote it. */
	char undo[256];
	snprintf(undo, sizeof(undo), "%s PRAGMA user_version = %d", UNDO_V5, store_schema_target() - 1);
	assert_int_equal(sqlite3_exec(st->db, undo, NULL, NULL, NULL), SQLITE_OK);
	store_close(st);
	st = store_open(path, 0, &err);
	assert_non_null(st);
	assert_int_equal(sql_int(path, "PRAGMA user_version"), store_schema_target());
	assert_int_equal(sql_int(path, "SELECT count(*) FROM pragma_table_info('document') WHERE name = 'raw'"), 0);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM document_raw"), 2);
	assert_int_equal(store_raw(st, id2, &back, &blen), 1);
	assert_int_equal(blen, len2);
	assert_memory_equal(back, raw2, len2);
	free(back);
	/* And filing goes on, the raw bytes in their own table. */
	file_ok(st, raw, len, &id1, &dup);
	assert_int_equal(dup, 1);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM document_raw"), 2);
	store_close(st);
	free(raw);
	free(raw2);
	free(path);
}

static void
test_quarantine_attempts_mailbox(void **state)
{
	char *path, *err = NULL, *key = NULL;
	struct store *st = open_fresh(&path);
	struct strv q = {0};
	int count = 0;
	unsigned long long uv = 1, last = 1;

	(void)state;
	now_set(1770000000LL);
	assert_int_equal(store_quarantine_add(st, "new/1.host", "parse failed twice", &err), 0);
	assert_int_equal(store_quarantine_add(st, ".Sent/cur/2.host:2,S", "crashed", &err), 0);
	assert_int_equal(store_quarantine_get(st, 1, &key, &err), 1);
	assert_string_equal(key, "new/1.host");
	free(key);
	key = NULL;
	assert_int_equal(store_quarantine_get(st, 3, &key, &err), 0);
	assert_null(key);
	assert_int_equal(store_quarantine_done(st, 1, "requeued", &err), 0);
	assert_int_equal(store_quarantine_get(st, 1, &key, &err), 0); /* no longer held */
	assert_int_equal(store_quarantine_list(st, collect_q, &q), 0);
	assert_int_equal(q.n, 2);
	assert_string_equal(q.v[0], "1|new/1.host|parse failed twice|1770000000|requeued");
	assert_string_equal(q.v[1], "2|.Sent/cur/2.host:2,S|crashed|1770000000|held");
	strv_free(&q);
	/* Quarantined again: held again, with the new reason, same id. */
	assert_int_equal(store_quarantine_add(st, "new/1.host", "still broken", &err), 0);
	assert_int_equal(store_quarantine_get(st, 1, &key, &err), 1);
	free(key);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM quarantine"), 2);
	assert_int_equal(store_quarantine_done(st, 1, "gone", &err), -1); /* not a state */
	assert_non_null(err);
	free(err);
	err = NULL;

	/* Attempts count up per key and are cleared at the end. */
	for (int i = 1; i <= 3; i++) {
		assert_int_equal(store_attempt_begin(st, "new/9.host", &count), 0);
		assert_int_equal(count, i);
	}
	assert_int_equal(store_attempt_begin(st, "new/10.host", &count), 0);
	assert_int_equal(count, 1);
	assert_int_equal(store_attempt_end(st, "new/9.host"), 0);
	assert_int_equal(store_attempt_begin(st, "new/9.host", &count), 0);
	assert_int_equal(count, 1);
	assert_int_equal(store_attempt_end(st, "never-begun"), 0);

	/* Mailbox state. */
	assert_int_equal(store_mailbox_get(st, "INBOX", &uv, &last), 0);
	assert_int_equal(store_mailbox_set(st, "INBOX", 1234567890ULL, 42), 0);
	assert_int_equal(store_mailbox_get(st, "INBOX", &uv, &last), 1);
	assert_int_equal(uv, 1234567890ULL);
	assert_int_equal(last, 42);
	assert_int_equal(store_mailbox_set(st, "INBOX", 4294967295ULL, 4294967295ULL), 0);
	assert_int_equal(store_mailbox_set(st, "Sent", 7, 1), 0);
	assert_int_equal(store_mailbox_get(st, "INBOX", &uv, &last), 1);
	assert_int_equal(uv, 4294967295ULL);
	assert_int_equal(last, 4294967295ULL);
	assert_int_equal(store_mailbox_get(st, "Sent", &uv, &last), 1);
	assert_int_equal(uv, 7);
	assert_int_equal(last, 1);
	assert_int_equal(store_mailbox_get(st, "inbox", &uv, &last), 0); /* names are exact */
	now_set(-1);
	store_close(st);
	free(path);
}

/* The number a filed document got, or NULL (owned). */
static char *
docno_of(struct store *st, long long id)
{
	char q[24];
	struct doc_row row;
	struct ls *ls = NULL;
	char *no = NULL;

	snprintf(q, sizeof(q), "%lld", id);
	if (store_find(st, q, &row, &ls, NULL) == 1) {
		no = row.docno ? xstrdup(row.docno) : NULL;
		doc_row_clear(&row);
	}
	ls_free(ls);
	return no;
}

static void
expect_docno(struct store *st, long long id, const char *want)
{
	char *no = docno_of(st, id);

	if (!want != !no || (no && strcmp(no, want) != 0))
		fail_msg("document %lld: number %s, want %s", id, no ? no : "none", want ? want : "none");
	free(no);
}

/* Incoming statements and roadmap inputs are numbered in filing order; a number is never given twice. */
static void
test_docno(void **state)
{
	static const char *const names[] = {"p02-itu-ls-plaintext-reply.eml", "p05-roadmap-input-csv.eml",
	    "p03-outgoing-ls-from-secretariat.eml", "p07-auto-reply.eml", "p01-itu-ls-docx.eml",
	    "p04-roadmap-input-docx.eml", "p06-roadmap-input-xlsx.eml"};
	char *path, *raw[7], *no = NULL;
	size_t len[7];
	long long id[7];
	struct store *st = open_fresh(&path);
	int dup;

	(void)state;
	for (size_t i = 0; i < 7; i++)
		raw[i] = corpus_raw(names[i], &len[i]);
	file_raw(st, raw[0], len[0], NULL, NULL, &id[0], &dup, NULL);
	file_raw(st, raw[1], len[1], NULL, NULL, &id[1], &dup, NULL);
	from_sent_folder = 1;
	file_raw(st, raw[2], len[2], NULL, NULL, &id[2], &dup, NULL);
	from_sent_folder = 0;
	file_raw(st, raw[3], len[3], NULL, NULL, &id[3], &dup, NULL);
	expect_docno(st, id[0], "JCA-MV-Doc-001");
	expect_docno(st, id[1], "JCA-MV-Doc-002");
	expect_docno(st, id[2], NULL); /* our own statement */
	expect_docno(st, id[3], NULL); /* an auto-reply */
	/* Found by its number too. */
	{
		struct doc_row row;
		struct ls *ls = NULL;
		assert_int_equal(store_find(st, "JCA-MV-Doc-002", &row, &ls, NULL), 1);
		assert_int_equal(row.id, id[1]);
		doc_row_clear(&row);
		ls_free(ls);
	}
	/* The newest document deleted (as a person might, by hand): its number is not given again. */
	assert_int_equal(sqlite3_exec(st->db,
	                     "PRAGMA foreign_keys = OFF; DELETE FROM document WHERE docno = 'JCA-MV-Doc-002';"
	                     " PRAGMA foreign_keys = ON",
	                     NULL, NULL, NULL),
	    SQLITE_OK);
	file_raw(st, raw[4], len[4], NULL, NULL, &id[4], &dup, NULL);
	expect_docno(st, id[4], "JCA-MV-Doc-003");
	/* A filing that is rolled back leaves no document with a number, nor a gap that a later one fills twice. */
	assert_int_equal(store_begin(st), 0);
	assert_int_equal(store_docno_next(st, NULL, &no), 0);
	assert_string_equal(no, "JCA-MV-Doc-004");
	free(no);
	store_rollback(st);
	file_raw(st, raw[5], len[5], NULL, NULL, &id[5], &dup, NULL);
	expect_docno(st, id[5], "JCA-MV-Doc-004");
	/* Past 999: more digits, never a wrap. */
	assert_int_equal(sqlite3_exec(st->db, "UPDATE docno_counter SET last = 999", NULL, NULL, NULL), SQLITE_OK);
	file_raw(st, raw[6], len[6], NULL, NULL, &id[6], &dup, NULL);
	expect_docno(st, id[6], "JCA-MV-Doc-1000");
	assert_int_equal(sql_int(path, "SELECT count(docno) - count(DISTINCT docno) FROM document"), 0);
	for (size_t i = 0; i < 7; i++)
		free(raw[i]);
	store_close(st);
	free(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_schema),
	    cmocka_unit_test(test_future_schema),
	    cmocka_unit_test(test_file_dedupe),
	    cmocka_unit_test(test_dedupe_without_message_id),
	    cmocka_unit_test(test_blobs_by_hash),
	    cmocka_unit_test(test_obligations),
	    cmocka_unit_test(test_unverified_outgoing),
	    cmocka_unit_test(test_file_modes),
	    cmocka_unit_test(test_read_only),
	    cmocka_unit_test(test_find),
	    cmocka_unit_test(test_outbox),
	    cmocka_unit_test(test_outbox_count),
	    cmocka_unit_test(test_file_with_ack),
	    cmocka_unit_test(test_docno),
	    cmocka_unit_test(test_quarantine_attempts_mailbox),
	    cmocka_unit_test(test_raw_migration),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
