/* test_reports.c: the secretariat's documents: the Word writer's text, the meeting list's wording, escaping. */
/* SPDX-License-Identifier: Apache-2.0 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <zip.h>

#include "docx_out.h"
#include "meeting.h"
#include "report_store.h"

/* word/document.xml of a .docx in memory. Owned. */
static char *
document_xml(const struct buf *docx)
{
	zip_error_t ze;
	zip_source_t *src;
	zip_t *za;
	zip_file_t *f;
	zip_stat_t sb;
	char *xml;

	zip_error_init(&ze);
	src = zip_source_buffer_create(docx->s, docx->len, 0, &ze);
	assert_non_null(src);
	za = zip_open_from_source(src, ZIP_RDONLY, &ze);
	assert_non_null(za);
	assert_int_equal(zip_stat(za, "word/document.xml", 0, &sb), 0);
	xml = calloc(1, sb.size + 1);
	f = zip_fopen(za, "word/document.xml", 0);
	assert_non_null(f);
	assert_int_equal(zip_fread(f, xml, sb.size), (zip_int64_t)sb.size);
	zip_fclose(f);
	zip_close(za);
	zip_error_fini(&ze);
	return xml;
}

/* Markup, control characters and broken UTF-8 from mail are text in valid XML; a newline is a break. */
static void
test_docx_text(void **state)
{
	static const char hostile[] = "<script>&\"x\"]]>\x01\x1b\xff\xc3(\xed\xa0\x80 end\nline two";
	const char *cells[2] = {hostile, NULL};
	const char *head[2] = {"A", "B"};
	struct docx *d = docx_new("t<i>tle", 0);
	struct buf out = {0};
	char *err = NULL, *xml;

	(void)state;
	docx_para(d, DOCX_HEADING1, hostile);
	docx_table_begin(d, 2, NULL, head);
	docx_table_row(d, cells);
	docx_table_end(d);
	assert_int_equal(docx_finish(d, &out, &err), 0);
	assert_null(err);
	assert_memory_equal(out.s, "PK\x03\x04", 4);
	xml = document_xml(&out);
	assert_null(strstr(xml, "<script"));
	/* controls as spaces; \xff, the \xc3 before "(" and the surrogate's three bytes each U+FFFD */
	assert_non_null(strstr(xml,
	    "&lt;script&gt;&amp;&quot;x&quot;]]&gt;  \xef\xbf\xbd\xef\xbf\xbd(\xef\xbf\xbd"
	    "\xef\xbf\xbd\xef\xbf\xbd end</w:t><w:br/><w:t xml:space=\"preserve\">line two</w:t>"));
	for (const char *p = xml; *p; p++) /* no control character but the XML declaration's newline */
		assert_true((unsigned char)*p >= 0x20 || *p == '\n');
	assert_non_null(strstr(xml, "<w:tblHeader/>"));
	free(xml);
	buf_free(&out);
	docx_free(d);
	docx_free(NULL);
}

static void
add_doc(struct rp_docs *docs, long long id, const char *kind, const char *dir, const char *title, char role,
    const char *reply, const char *source)
{
	struct rp_doc *x;

	docs->v = realloc(docs->v, (docs->n + 1) * sizeof(*docs->v));
	x = &docs->v[docs->n++];
	memset(x, 0, sizeof(*x));
	x->id = id;
	x->number = xasprintf("JCA-MV-Doc-%03lld", id);
	x->kind = xstrdup(kind);
	x->direction = xstrdup(dir);
	x->date = 1773100800; /* 2026-03-10 */
	x->subject = xstrdup("a subject");
	x->sender = xstrdup("someone@example.org");
	x->sender_name = xstrdup("Some One");
	x->body = xstrdup("");
	x->ref = xstrdup("");
	x->source = xstrdup(source);
	x->title = xstrdup(title);
	x->deadline = xstrdup("");
	x->role = role;
	if (reply)
		strv_push(&x->reply_to, reply);
	x->rm_body = xstrdup("");
}

/* The purpose letter from the JCA-MV's role, /r for a reply, the title after "on", the source in brackets. */
static void
test_meeting_lines(void **state)
{
	struct meeting_span sp = {"2026-01-01", NULL, "2026-04-01", 0, 0};
	struct rp_docs docs = {0};
	struct rp_obligations ob = {0};
	struct buf out = {0};
	char *err = NULL;

	(void)state;
	add_doc(
	    &docs, 4, "liaison", "incoming", "LS/i on common definition on \"metaverse\".", 'i', NULL, "ITU-T SG17");
	add_doc(&docs, 7, "liaison", "incoming", "Liaison statement to ITU-T JCA-MV on Avatars", 'a', "SG21-LS9",
	    "ISO/IEC JTC 1/SC 29");
	add_doc(
	    &docs, 9, "liaison", "incoming", "Initiation of work (reply to SG20-LS9)", 'c', "SG20-LS9", "ITU-T SG21");
	add_doc(&docs, 12, "liaison", "incoming", "IMT-2030 metaverse", 0, NULL, "ITU-R WP 5D");
	add_doc(&docs, 13, "other", "incoming", "", 0, NULL, "");
	assert_int_equal(meeting_write(&out, "md", &sp, &docs, &ob, &err), 0);
	assert_non_null(
	    strstr(out.s, "- JCA-MV-Doc-004: LS/i on common definition on \"metaverse\" \\[from ITU-T SG17\\]\n"));
	assert_non_null(
	    strstr(out.s, "- JCA-MV-Doc-007: LS/a/r on avatars (reply to SG21-LS9) \\[from ISO/IEC JTC 1/SC 29\\]\n"));
	assert_non_null(strstr(
	    out.s, "- JCA-MV-Doc-009: LS/c/r on initiation of work (reply to SG20-LS9) \\[from ITU-T SG21\\]\n"));
	assert_non_null(strstr(out.s, "- JCA-MV-Doc-012: LS/i on IMT-2030 metaverse \\[from ITU-R WP 5D\\]\n"));
	assert_non_null(strstr(out.s, "## Other input documents\n\n- JCA-MV-Doc-013: a subject \\[Some One\\]\n"));
	assert_non_null(strstr(out.s, "## Outgoing liaison statements of the secretariat\n\nNone.\n"));
	buf_reset(&out);
	assert_int_equal(meeting_write(&out, "html", &sp, &docs, &ob, &err), 0);
	assert_non_null(strstr(
	    out.s, "<li>JCA-MV-Doc-004: LS/i on common definition on &quot;metaverse&quot; [from ITU-T SG17]</li>"));
	assert_null(strstr(out.s, "<script"));
	buf_free(&out);
	rp_docs_free(&docs);
	rp_docs_free(NULL);
	rp_obligations_free(NULL);
}

static void
add_ob(struct rp_obligations *ob, const char *sdo, long long by, const char *by_number, int claimed)
{
	struct rp_obligation *x;

	ob->v = realloc(ob->v, (ob->n + 1) * sizeof(*ob->v));
	x = &ob->v[ob->n++];
	memset(x, 0, sizeof(*x));
	x->doc_id = 3;
	x->number = xstrdup("#3");
	x->ref = xstrdup("JCA-MV-LS1");
	x->title = xstrdup("LS on nominations");
	x->direction = xstrdup("outgoing");
	x->sdo = xstrdup(sdo);
	x->role = xstrdup("action");
	x->state = xstrdup(by && !claimed ? "answered" : "open");
	x->deadline = xstrdup("2026-03-15");
	x->answered_by = by;
	x->answer_number = xstrdup(by_number);
	x->answer_ref = xstrdup("");
	x->answer_date = 1773100800; /* 2026-03-10 */
	x->claimed = claimed;
}

/* A body's answer, an answer only claimed (named so, the deadline still counting), no answer. */
static void
test_meeting_answers(void **state)
{
	struct meeting_span sp = {"2026-01-01", NULL, "2026-04-01", 0, 0};
	struct rp_docs docs = {0};
	struct rp_obligations ob = {0};
	struct buf out = {0};
	char *err = NULL;

	(void)state;
	add_doc(&docs, 3, "liaison", "outgoing", "LS on nominations", 0, NULL, "ITU-T JCA-MV");
	free(docs.v[0].number);
	docs.v[0].number = xstrdup("#3");
	add_ob(&ob, "ITU-T SG20", 9, "JCA-MV-Doc-009", 0);
	add_ob(&ob, "W3C", 10, "JCA-MV-Doc-010", 1);
	add_ob(&ob, "IEEE SA", 0, "", 0);
	assert_int_equal(meeting_write(&out, "md", &sp, &docs, &ob, &err), 0);
	assert_non_null(strstr(out.s, "    - ITU-T SG20 (action): answered by JCA-MV-Doc-009 of 2026-03-10\n"));
	assert_non_null(strstr(out.s,
	    "    - W3C (action): answer claimed by JCA-MV-Doc-010 of 2026-03-10, not from its "
	    "registered contact; overdue (deadline 2026-03-15)\n"));
	assert_non_null(strstr(out.s, "    - IEEE SA (action): overdue, no answer (deadline 2026-03-15)\n"));
	buf_free(&out);
	rp_docs_free(&docs);
	rp_obligations_free(&ob);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_docx_text),
	    cmocka_unit_test(test_meeting_lines),
	    cmocka_unit_test(test_meeting_answers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
