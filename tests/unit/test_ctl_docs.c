/* test_ctl_docs.c: liaisonctl's document side: tables and CSV, list filters, show as text, search (FTS5), init. */
/* SPDX-License-Identifier: Apache-2.0 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>
#include <sqlite3.h>

#include "analyze.h"
#include "config.h"
#include "ctl.h"
#include "csv_out.h"
#include "ctl_table.h"
#include "sdo.h"
#include "store.h"
#include "util.h"

struct fx {
	char dir[64];
	char *path;
	struct config *cfg;
	struct ctl_ctx ctx;
};

/* Files a corpus message as the pipeline does. */
static void
file_corpus(struct store *st, const char *name)
{
	struct extract_limits lim;
	struct analyze_opts o = {sdo_dir_builtin(), "tsbjcamv@itu.int", &lim, 0, NULL, 0};
	char *path = xasprintf("%s/%s", CORPUS, name), *data = NULL, *err = NULL;
	struct analysis *a;
	struct filing f = {0};
	struct msg *m;
	long long id;
	size_t len;
	int dup;

	extract_limits_default(&lim);
	if (file_read(path, 64u << 20, &data, &len, &err) != 0 || !(m = msg_parse(data, len, &err)))
		fail_msg("%s: %s", path, err);
	a = analyze_message(m, &o);
	f.msg = m;
	f.an = a;
	f.raw = (const unsigned char *)data;
	f.rawlen = len;
	f.received = 1780000000LL; /* 2026-05-28: after every corpus Date */
	f.dir = o.dir;
	if (store_file(st, &f, NULL, &id, &dup, &err) != 0)
		fail_msg("store_file: %s", err);
	analysis_free(a);
	msg_free(m);
	free(data);
	free(path);
}

static const char *const corpus[] = {"p01-itu-ls-docx.eml", "p02-itu-ls-plaintext-reply.eml",
    "p03-outgoing-ls-from-secretariat.eml", "p05-roadmap-input-csv.eml", "p07-auto-reply.eml", "p10-encoded-words.eml",
    "p12-other-correspondence.eml"};
#define NCORPUS (sizeof(corpus) / sizeof(*corpus))

static int
setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof(*f));
	char *err = NULL;

	snprintf(f->dir, sizeof(f->dir), "/tmp/test_ctl_docs.XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	f->path = xasprintf("%s/store.db", f->dir);
	f->cfg = config_defaults();
	f->ctx.cfg = f->cfg;
	f->ctx.dir = sdo_dir_builtin();
	if (!(f->ctx.st = store_open(f->path, 0, &err))) {
		fprintf(stderr, "store_open: %s\n", err);
		free(err);
		return -1;
	}
	for (size_t i = 0; i < NCORPUS; i++)
		file_corpus(f->ctx.st, corpus[i]);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;
	char cmd[128];

	store_close(f->ctx.st);
	config_free(f->cfg);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", f->dir);
	free(f->path);
	free(f);
	return 0;
}

/*
 * Runs fn with a copy of args, its standard output caught in a file; returns the exit status
 * and, when out is not NULL, what it printed (owned).
 */
static int
run(int (*fn)(struct ctl_ctx *, int, char **), struct ctl_ctx *ctx, const char **args, char **out)
{
	char *argv[16], tmpl[] = "/tmp/test_ctl_docs.out.XXXXXX", *err = NULL;
	int argc = 0, rc, fd = mkstemp(tmpl), saved;
	size_t len;

	assert_true(fd >= 0);
	for (; args[argc]; argc++)
		argv[argc] = xstrdup(args[argc]);
	argv[argc] = NULL;
	fflush(stdout);
	saved = dup(1);
	dup2(fd, 1);
	rc = fn(ctx, argc, argv);
	fflush(stdout);
	dup2(saved, 1);
	close(saved);
	close(fd);
	for (int i = 0; i < argc; i++)
		free(argv[i]);
	if (out && file_read(tmpl, 1u << 24, out, &len, &err) != 0)
		fail_msg("%s", err);
	unlink(tmpl);
	return rc;
}
#define RUN(out, fn, ...) run(fn, &f->ctx, (const char *[]){__VA_ARGS__, NULL}, out)

static size_t
lines(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

static const struct ctl_col cols[] = {
    {"id", 0, CTL_COL_RIGHT}, {"message_id", 0, CTL_COL_CSV_ONLY}, {"ref", 6, 0}, {"subject", 0, 0}};

/* The text form: a header, columns as wide as their widest cell, wide characters counted twice. */
static void
test_table_text(void **state)
{
	struct ctl_table *t = ctl_table_new(cols, 4);
	struct buf b = {0};

	(void)state;
	ctl_table_text(t, &b);
	assert_string_equal(buf_str(&b), "ID  REF  SUBJECT\n"); /* no rows: still the header */
	buf_reset(&b);
	ctl_table_addf(t, "%d", 7);
	ctl_table_add(t, "<a@b>");
	ctl_table_add(t, "연락");
	ctl_table_add(t, "first");
	ctl_table_add(t, "12");
	ctl_table_add(t, NULL);
	ctl_table_add(t, "SG21-LS82");
	ctl_table_add(t,
	    "tab\there, \x1b[31mred\x1b[0m \xc2\x9b"
	    "2J and \xe2\x80\xae"
	    "desrever \xff");
	assert_int_equal(ctl_table_rows(t), 2);
	ctl_table_text(t, &b);
	assert_string_equal(buf_str(&b),
	    "ID  REF     SUBJECT\n"
	    " 7  연락    first\n"
	    "12  SG21-…  tab here,  [31mred [0m  2J and  desrever \xef\xbf\xbd\n");
	ctl_table_free(t);
	buf_free(&b);
	assert_int_equal(ctl_text_width("a\xcc\x81"
	                                "b"),
	    2); /* a combining accent takes no column */
	assert_int_equal(ctl_text_width("\xe4\xb8\xad\xe6\x96\x87"), 4);
	ctl_table_free(NULL);
}

/* CSV: RFC 4180 quoting, CRLF, a header, and no cell a spreadsheet would run as a formula. */
static void
test_table_csv(void **state)
{
	static const char *const hostile[][2] = {
	    {"=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\""},
	    {"+1+1", "'+1+1"},
	    {"-2+3", "'-2+3"},
	    {"@SUM(A1)", "'@SUM(A1)"},
	    {"\t=1", "'\t=1"},
	    {"\r=1", "\"'\r=1\""},
	    {"   =cmd|' /C calc'!A0", "'   =cmd|' /C calc'!A0"},
	    {"a,b", "\"a,b\""},
	    {"say \"hi\"", "\"say \"\"hi\"\"\""},
	    {"two\nlines", "\"two\nlines\""},
	    {"plain", "plain"},
	    {"", ""},
	    {"x=1", "x=1"},
	};
	static const struct ctl_col one[] = {{"v", 0, 0}};
	struct ctl_table *t = ctl_table_new(cols, 4);
	enum ctl_format fmt;
	struct buf b = {0};

	(void)state;
	for (size_t i = 0; i < sizeof(hostile) / sizeof(*hostile); i++) {
		buf_reset(&b);
		csv_cell(&b, hostile[i][0]);
		assert_string_equal(buf_str(&b), hostile[i][1]);
	}
	buf_reset(&b);
	ctl_table_add(t, "1");
	ctl_table_add(t, "<m@x>");
	ctl_table_add(t, "=1");
	ctl_table_add(t, "a, \"b\"");
	ctl_table_csv(t, &b);
	assert_string_equal(buf_str(&b), "id,message_id,ref,subject\r\n1,<m@x>,'=1,\"a, \"\"b\"\"\"\r\n");
	ctl_table_free(t);
	buf_reset(&b);
	t = ctl_table_new(one, 1);
	ctl_table_csv(t, &b);
	assert_string_equal(buf_str(&b), "v\r\n");
	ctl_table_free(t);
	buf_free(&b);
	assert_int_equal(ctl_format_parse("csv", &fmt), 0);
	assert_int_equal(fmt, CTL_FORMAT_CSV);
	assert_int_equal(ctl_format_parse("json", &fmt), 0);
	assert_int_equal(fmt, CTL_FORMAT_JSON);
	assert_int_equal(ctl_format_parse("xml", &fmt), -1);
}

static int
count_row(const struct doc_row *r, const char *source, void *arg)
{
	(void)r;
	(void)source;
	(*(int *)arg)++;
	return 0;
}

static int
count_filter(struct store *st, const char *kind, const char *dir, const char *sdo, const char *since, const char *until)
{
	struct doc_filter f = {kind, dir, sdo, 0, 0};
	int n = 0;

	if (since)
		assert_int_equal(iso8601_parse(since, &f.since), 0);
	if (until)
		assert_int_equal(iso8601_parse(until, &f.until), 0);
	assert_int_equal(store_list_filter(st, &f, count_row, &n), 0);
	return n;
}

/* list's filters: kind, direction, a body as source or addressee, the message's Date. */
static void
test_list_filters(void **state)
{
	struct fx *f = *state;
	struct store *st = f->ctx.st;
	char *out = NULL;

	assert_int_equal(count_filter(st, NULL, NULL, NULL, NULL, NULL), (int)NCORPUS);
	assert_int_equal(count_filter(st, "liaison", NULL, NULL, NULL, NULL), 4);
	assert_int_equal(count_filter(st, NULL, "outgoing", NULL, NULL, NULL), 1);
	assert_int_equal(count_filter(st, "liaison", "incoming", NULL, NULL, NULL), 3);
	assert_int_equal(count_filter(st, NULL, NULL, "ITU-T SG21", NULL, NULL), 2); /* p03 asks it, p10 is from it */
	assert_int_equal(count_filter(st, NULL, NULL, "itu-t sg21", NULL, NULL), 2);
	assert_int_equal(count_filter(st, NULL, NULL, "Nobody", NULL, NULL), 0);
	/* The Date: header decides, not the filing time (every message here was filed in May 2026). */
	assert_int_equal(count_filter(st, NULL, NULL, NULL, "2026-01-01", NULL), 2);
	assert_int_equal(count_filter(st, NULL, NULL, NULL, NULL, "2024-01-01"), 1);
	assert_int_equal(count_filter(st, NULL, NULL, NULL, "2025-11-07", "2025-11-08"), 2);
	/* Through liaisonctl: aliases resolved, --until takes its whole day, --json stays JSON Lines. */
	assert_int_equal(RUN(&out, ctl_list, "list", "--sdo", "SG21"), 0);
	assert_int_equal(lines(out), 3); /* the header and two documents */
	free(out);
	assert_int_equal(RUN(&out, ctl_list, "list", "--until", "2025-11-07", "--format=json"), 0);
	assert_int_equal(lines(out), 5); /* p01, p02, p10, and p03 and p07 on the day itself */
	assert_non_null(strstr(out, "{\"id\": 1, \"message_id\": "));
	free(out);
	assert_int_equal(RUN(&out, ctl_list, "list", "--since", "2025-11-07", "--until", "2025-11-07", "--json"), 0);
	assert_int_equal(lines(out), 2);
	free(out);
	assert_int_equal(RUN(&out, ctl_list, "list", "--format", "csv", "--direction", "outgoing"), 0);
	assert_non_null(strstr(out, "id,message_id,date,received,kind,direction,from,source,ref,docno,subject\r\n3,"));
	assert_int_equal(lines(out), 2);
	free(out);
	assert_int_equal(RUN(NULL, ctl_list, "list", "--format", "xml"), 2);
	assert_int_equal(RUN(NULL, ctl_list, "list", "--direction", "sideways"), 2);
	assert_int_equal(RUN(NULL, ctl_list, "list", "--until", "soon"), 2);
	assert_int_equal(RUN(NULL, ctl_list, "list", "--sdo"), 2);
}

/* show: every field as text, attachments and warnings included, no JSON. */
static void
test_show_text(void **state)
{
	struct fx *f = *state;
	char *out = NULL;

	assert_int_equal(RUN(&out, ctl_show, "show", "FG-MV-LS1"), 0);
	assert_non_null(strstr(out, "\nDate:       2023-03-10T09:00:00Z\n"));
	assert_non_null(strstr(out, "  Abstract:\n    A new ITU-T Focus Group on metaverse"));
	assert_non_null(strstr(out, "\nAttachments:\n  NAME            TYPE"));
	assert_non_null(strstr(out, "  FG-MV-LS1.docx  application/vnd.openxmlformats"));
	assert_null(strchr(out, '{'));
	free(out);
	assert_int_equal(RUN(&out, ctl_show, "show", "4"), 0); /* the roadmap input: its rows as a table */
	assert_non_null(strstr(out, "\nRoadmap rows:\n  SDO "));
	assert_null(strchr(out, '{'));
	free(out);
	file_corpus(f->ctx.st, "p09-damaged-mime.eml"); /* document 8, with warnings: one a line */
	assert_int_equal(RUN(&out, ctl_show, "show", "8"), 0);
	assert_non_null(strstr(out,
	    "\nWarnings:\n  mime: part broken.bin has invalid base64; what could be decoded is kept\n"
	    "  mime: the message ends before"));
	assert_null(strchr(out, '['));
	free(out);
}

struct hits {
	int n;
	long long first;
	char snippet[256];
};

static int
hit(const struct search_hit *h, void *arg)
{
	struct hits *c = arg;

	if (!c->n++) {
		c->first = h->id;
		snprintf(c->snippet, sizeof(c->snippet), "%s", h->snippet ? h->snippet : "");
	}
	return 0;
}

static int
search(struct store *st, const char *q, struct hits *c)
{
	memset(c, 0, sizeof(*c));
	assert_int_equal(store_search(st, q, 0, hit, c), 0);
	return c->n;
}

/* Search: FTS5 in the library; every word required; user text never read as FTS5 syntax. */
static void
test_search(void **state)
{
	static const char *const hostile[] = {"\"", "\"unbalanced", "NEAR(a b)", "a NEAR/2 b", "AND", "OR NOT", "*",
	    "meta*", "(metaverse", "metaverse)", "subject:metaverse", "^start", "-x", "a + b", "''", "{subject}: x",
	    "\"\"\"\"", "NOT", "\x01\x7f", "\xff\xfe"};
	struct fx *f = *state;
	struct store *st = f->ctx.st;
	struct hits c;
	char *out = NULL;

	assert_int_equal(sqlite3_compileoption_used("ENABLE_FTS5"), 1);
	assert_int_equal(search(st, "metaverse", &c), 5);
	assert_int_equal(search(st, "METAVERSE collaboration", &c), 1); /* every word, any case */
	assert_int_equal(c.first, 1);
	assert_int_equal(search(st, "conjunction", &c), 1); /* a word only in a message's body */
	assert_non_null(strstr(c.snippet, "[conjunction]"));
	assert_int_equal(search(st, "FG-MV-LS1", &c) >= 1, 1);
	assert_int_equal(search(st, "métaverse", &c), 5); /* diacritics folded */
	assert_int_equal(search(st, "nosuchwordanywhere", &c), 0);
	for (size_t i = 0; i < sizeof(hostile) / sizeof(*hostile); i++)
		search(st, hostile[i], &c);                   /* returns 0: asserted in search() */
	assert_int_equal(search(st, "\"metaverse\"", &c), 5); /* the quotes are not syntax either */
	/* OR is a word to find, not an operator: no document has all three. */
	assert_int_equal(search(st, "metaverse OR nosuchwordanywhere", &c), 0);
	assert_int_equal(RUN(&out, ctl_search, "search", "--limit", "2", "metaverse"), 0);
	assert_int_equal(lines(out), 3);
	free(out);
	assert_int_equal(RUN(&out, ctl_search, "search", "--json", "identity", "metaverse"), 0);
	assert_int_equal(lines(out), 1);
	assert_non_null(strstr(out, "\"ref\": \"SG21-LS82\""));
	assert_non_null(strstr(out, "\"snippet\": "));
	free(out);
	assert_int_equal(RUN(NULL, ctl_search, "search"), 2);
	assert_int_equal(RUN(NULL, ctl_search, "search", " "), 2);
	assert_int_equal(RUN(NULL, ctl_search, "search", "--limit", "x", "a"), 2);
	assert_int_equal(RUN(NULL, ctl_search, "search", "NEAR(", "\"", "*"), 0);
}

/* A store from before the index: the migration creates it and indexes what is filed already. */
static void
test_search_migration(void **state)
{
	struct fx *f = *state;
	sqlite3 *db = NULL;
	struct hits c;
	char *err = NULL;

	store_close(f->ctx.st);
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_equal(
	    sqlite3_exec(db,
	        "ALTER TABLE document ADD COLUMN raw BLOB;"
	        " UPDATE document SET raw = (SELECT raw FROM document_raw WHERE document_id = document.id);"
	        " DROP TABLE document_raw; DROP INDEX sdo_contact_email;"
	        " DROP TABLE document_fts; DROP VIEW document_search; DROP TABLE document_text;"
	        " DROP INDEX outbox_kind_created; ALTER TABLE outbox DROP COLUMN cancelled;"
	        " DROP TABLE daemon_state; DROP TABLE delivery; DROP TABLE smtp_server;"
	        " DROP TABLE reminder; DROP TABLE digest_mark;"
	        " DROP INDEX document_docno; ALTER TABLE document DROP COLUMN docno; ALTER TABLE document DROP COLUMN "
	        "refs;"
	        " DROP TABLE docno_counter; DROP INDEX liaison_ref_key; ALTER TABLE liaison DROP COLUMN ref_key;"
	        " DROP INDEX obligation_sdo; DROP INDEX obligation_liaison;"
	        " DROP TABLE doc_body; DROP TABLE answer;"
	        " PRAGMA user_version = 1",
	        NULL, NULL, NULL),
	    SQLITE_OK);
	sqlite3_close(db);
	f->ctx.st = store_open(f->path, STORE_NOCREATE, &err);
	assert_non_null(f->ctx.st);
	assert_int_equal(search(f->ctx.st, "conjunction", &c), 1);
	assert_int_equal(search(f->ctx.st, "metaverse", &c), 5);
	/* And filing goes on indexing. */
	file_corpus(f->ctx.st, "p11-ls-pdf.eml");
	assert_int_equal(search(f->ctx.st, "metaverse", &c), 6);
}

/* init: a new store with the daemon's modes, never over an existing file; other commands create none. */
static void
test_init(void **state)
{
	struct fx *f = *state;
	char *path = xasprintf("%s/new/sub/liaisond.db", f->dir), *wal = xasprintf("%s-wal", path), *out = NULL,
	     *err = NULL;
	struct ctl_ctx ctx = {f->cfg, NULL, f->ctx.dir, path, 0};
	struct stat sb;

	assert_int_equal(run(ctl_list, &ctx, (const char *[]){"list", NULL}, NULL), 1);
	assert_int_equal(stat(path, &sb), -1); /* list did not create it */
	assert_int_equal(run(ctl_init, &ctx, (const char *[]){"init", "extra", NULL}, NULL), 2);
	assert_int_equal(run(ctl_init, &ctx, (const char *[]){"init", NULL}, &out), 0);
	assert_non_null(strstr(out, path));
	free(out);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777 & ~0640u, 0);
	*strrchr(path, '/') = '\0';
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777 & ~0750u, 0);
	path[strlen(path)] = '/';
	store_close(ctx.st);
	ctx.st = NULL;
	/* The new store is a store: list runs on it, empty. */
	assert_int_equal(run(ctl_list, &ctx, (const char *[]){"list", "--json", NULL}, &out), 0);
	assert_string_equal(out, "");
	free(out);
	store_close(ctx.st);
	ctx.st = NULL;
	assert_int_equal(run(ctl_init, &ctx, (const char *[]){"init", NULL}, NULL), 1);
	assert_null(ctx.st);
	/* A WAL left behind by a deleted store would be replayed into a new one: refused too. */
	assert_int_equal(unlink(path), 0);
	assert_int_equal(file_write_atomic(wal, "x", 1, &err), 0);
	assert_int_equal(run(ctl_init, &ctx, (const char *[]){"init", NULL}, NULL), 1);
	assert_int_equal(stat(path, &sb), -1);
	free(wal);
	free(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_table_text),
	    cmocka_unit_test(test_table_csv),
	    cmocka_unit_test_setup_teardown(test_list_filters, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_show_text, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_search, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_search_migration, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_init, setup, teardown),
	};
	msg_library_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
