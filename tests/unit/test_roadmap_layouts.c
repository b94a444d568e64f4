/* test_roadmap_layouts.c: roadmap_extract on the layouts bodies really send: renamed headers, headers over two
 * rows, the template's examples quoted or trimmed, SDOs given once, wrapped text tables. */
/* SPDX-License-Identifier: Apache-2.0 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "doc.h"
#include "doc_build.h"
#include "roadmap_category.h"
#include "roadmap_header.h"
#include "roadmap_table.h"
#include "roadmap_store.h"

/* The columns a header row maps its cells to, as "sdo,reference,-,title" (-1 as "-"). Owned. */
static char *
header_of(const char *row, int *match)
{
	const char *lines[] = {row, NULL};
	struct doc *d = build(lines);
	const struct doc_block *b = &d->blocks[0];
	int *map = xcalloc(b->ncells, sizeof(int));
	struct buf out = {0};

	*match = rm_header_match(b->cells, b->ncells, map);
	for (size_t i = 0; i < b->ncells; i++) {
		if (i)
			buf_addc(&out, ',');
		buf_adds(&out, map[i] >= 0 ? rm_col_names[map[i]] : "-");
	}
	free(map);
	doc_free(d);
	buf_str(&out);
	return buf_steal(&out);
}

static void
test_header_names(void **state)
{
	static const struct {
		const char *row;
		int match;
		const char *map;
	} cases[] = {
	    {"T:Organization\tDocument No.\tDeliverable type\tWork item title\tStage\tCategories\tScope/Summary", 1,
	        "sdo,reference,type,title,status,category,summary"},
	    /* A "Deliverable" beside a "Title" is the reference; alone, the deliverable's name. */
	    {"T:SDO/Org\tDeliverable\tTitle\tStatus", 1, "sdo,reference,title,status"},
	    {"T:Organization\tDeliverable\tStatus\tSummary", 1, "sdo,title,status,summary"},
	    {"T:Standards body\tStandard\tName\tAbstract", 1, "sdo,reference,title,summary"},
	    {"T:Study Group\tWork item\tTitle\tTiming", 1, "sdo,reference,title,-"},
	    /* A row count, dates, people and links are columns the template does not have. */
	    {"T:No.\tReference\tTitle\tPublication date\tEditor(s)\tURL\tSerial No.\tStatus", 1,
	        "-,reference,title,-,-,-,-,status"},
	    {"T:No.\tOrganization\tDeliverable\tStatus", 1, "-,sdo,title,status"},
	    /* Hints, in parentheses or on a line of their own, and marks of a required column. */
	    {"T:SDO / Org.\n(e.g. ITU-T SG21)\tType\ne.g. Recommendation, Standard, Technical Report\tTitle*\tStatus "
	     "(Published / Under development)",
	        1, "sdo,type,title,status"},
	    /* Prose and data rows are not headers, whatever words they use. */
	    {"T:The title, status and type of each document are given below\tTitle\tStatus", 0, "-,title,status"},
	    {"T:Khronos Group\tOpenXR 1.1\tSpecification\tOpenXR: API for XR applications and devices\tPublished", 0,
	        "sdo,-,title,-,-"},
	    {"T:SDO / Org.\tReference\tStatus\tCategory", 0, "sdo,reference,status,category"},
	    /* The template translated, accents and all, in the translator's order. */
	    {"T:Titre\tOrganisme\tR\xc3\xa9"
	     "f\xc3\xa9rence\tType de document\tCat\xc3\xa9gorie\tStatut\tR\xc3\xa9sum\xc3\xa9",
	        1, "title,sdo,reference,type,category,status,summary"},
	    {"T:Organismo\tReferencia\tTipo\tT\xc3\xadtulo\tEstado\tCategor\xc3\xad"
	     "a\tResumen",
	        1, "sdo,reference,type,title,status,category,summary"},
	    /* Non-breaking spaces a spreadsheet leaves after a name; a hidden "Row ID" beside a reference. */
	    {"T:Row ID\tSDO / Org.\xc2\xa0\tReference\xc2\xa0\tTitle\xc2\xa0 \tStatus", 1,
	        "-,sdo,reference,title,status"},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int match;
		char *map = header_of(cases[i].row, &match);
		print_message("header: %s\n", cases[i].row + 2);
		assert_string_equal(map, cases[i].map);
		assert_int_equal(match, cases[i].match);
		free(map);
	}
}

/* Expects the rows of out to be the given cells (NULL-terminated rows of RM_NCOLS). */
static void
expect_rows(const struct rm_rows *r, const char *const (*want)[RM_NCOLS], size_t n)
{
	assert_int_equal(r->n, n);
	for (size_t i = 0; i < n; i++)
		for (int c = 0; c < RM_NCOLS; c++)
			assert_string_equal(r->v[i].f[c], want[i][c]);
}

/* "Deliverable" merged over Reference, Type and Title: the row under the header completes it. */
static void
test_two_row_header(void **state)
{
	static const char *const merged[] = {"T:SC 24 input\tSC 24 input\tSC 24 input\tSC 24 input",
	    "T:SDO / Org.\tDeliverable\tDeliverable\tDeliverable\tStatus",
	    "T:SDO / Org.\tReference\tType\tTitle\tStatus",
	    "T:ISO/IEC JTC 1/SC 24\tISO/IEC 18039\tIS\tMAR reference model\tPublished", NULL};
	/* As a CSV keeps a merged header: the name in its first cell only. */
	static const char *const top_left[] = {"T:Organization\tDeliverable\t\t\tStage", "T:\tNumber\tType\tTitle\t",
	    "T:OMA3\tOMA3-IWPS\tSpecification\tInter-World Portaling System\tPlanned", NULL};
	static const char *const want1[][RM_NCOLS] = {
	    {"ISO/IEC JTC 1/SC 24", "ISO/IEC 18039", "IS", "MAR reference model", "Published", "", ""}};
	static const char *const want2[][RM_NCOLS] = {
	    {"OMA3", "OMA3-IWPS", "Specification", "Inter-World Portaling System", "Planned", "", ""}};
	struct doc *d = build(merged);
	struct rm_rows r = {0};

	(void)state;
	assert_int_equal(roadmap_extract(d, &r), 1);
	expect_rows(&r, want1, 1);
	rm_rows_free(&r);
	doc_free(d);
	d = build(top_left);
	assert_int_equal(roadmap_extract(d, &r), 1);
	expect_rows(&r, want2, 1);
	assert_int_equal(r.warnings.n, 0);
	rm_rows_free(&r);
	doc_free(d);
}

/* Annex 1's examples are not entries: quoted in a reply, retyped, or with a column the sender dropped. */
static void
test_examples(void **state)
{
	static const char *const quoted[] = {"We have nothing to add.", "", "On 7 Nov 2025, JCA-MV Secretariat wrote:",
	    "> SDO / Org.\tReference\tType\tTitle\tStatus\tCategory\tSummary",
	    "> W3C\tWebXR API\tStandard\tWebXR Device API\tPublished\tEnabling technology, Interoperability\tAPI for "
	    "web-based immersive technologies.",
	    ">> IEEE\tIEEE P7016\tDraft Standard\tEthically aligned design for XR / Metaverse\tUnder "
	    "development\tGeneral\t"
	    "Provides ethical guidance for metaverse-based systems",
	    "> \t\t\t\t\t\t", ">", "> Note - Categories include: General.", NULL};
	static const char *const trimmed[] = {"T:SDO / Org.\tReference\tTitle\tStatus",
	    "T:ISO/IEC JTC 1\tISO/IEC 18026\tSpatial Reference Model\tPublished",
	    "T:ISO/IEC JTC 1/SC 24\tISO/IEC 18026\tSpatial Reference Model\tPublished", NULL};
	struct doc *d = build(quoted);
	struct rm_rows r = {0};

	(void)state;
	assert_int_equal(roadmap_extract(d, &r), 0);
	rm_rows_free(&r);
	doc_free(d);
	/* The sender's own SDO makes the last row theirs. */
	d = build(trimmed);
	assert_int_equal(roadmap_extract(d, &r), 1);
	assert_string_equal(r.v[0].f[RM_SDO], "ISO/IEC JTC 1/SC 24");
	rm_rows_free(&r);
	doc_free(d);
}

/* A quoted table's rows lose the quote markers; an SDO merged down its column is each row's. */
static void
test_quoted_and_given_once(void **state)
{
	static const char *const lines[] = {"> | Title | Reference | SDO/Org | Status |", "> |---|---|---|---|",
	    "> | Media over QUIC Transport | draft-ietf-moq-transport | IETF | Under development |",
	    "> | RTP Payload Format for Haptics | draft-ietf-avtcore-rtp-haptics |  | Under development |", "",
	    "T:SDO / Org.\tReference\tTitle\tStatus", "T:\tY.0\tA row before any SDO\tPlanned",
	    "T:ISO/TC 159/SC 4\tISO 9241-392\tVisual fatigue\tPublished",
	    "T:\tISO 9241-820\tImmersive interaction\tDraft", NULL};
	struct doc *d = build(lines);
	struct rm_rows r = {0};

	(void)state;
	assert_int_equal(roadmap_extract(d, &r), 5);
	/* Tables first, then text. */
	assert_string_equal(r.v[0].f[RM_SDO], "");
	assert_string_equal(r.v[1].f[RM_SDO], "ISO/TC 159/SC 4");
	assert_string_equal(r.v[2].f[RM_SDO], "ISO/TC 159/SC 4");
	assert_string_equal(r.v[2].f[RM_REF], "ISO 9241-820");
	assert_string_equal(r.v[3].f[RM_TITLE], "Media over QUIC Transport");
	assert_string_equal(r.v[3].f[RM_SDO], "IETF");
	assert_string_equal(r.v[4].f[RM_SDO], "IETF");
	assert_string_equal(r.v[4].f[RM_REF], "draft-ietf-avtcore-rtp-haptics");
	rm_rows_free(&r);
	doc_free(d);
}

/* An aligned text table whose long cells wrap: a line with no SDO and no reference carries on the row above. */
static void
test_wrapped_text(void **state)
{
	static const char *const lines[] = {"SG3 input:", "",
	    "SDO / Org.  Reference  Title                             Status",
	    "==========  =========  ================================  =================",
	    "ITU-T SG3   D.MV-econ  Economic and policy aspects of    Under development",
	    "                       the metaverse", "ITU-T SG3   TP.MV-tax  Taxation of virtual goods and     Planned",
	    "                       services in metaverse", "                       platforms", "", "Regards,  SG3",
	    NULL};
	static const char *const want[][RM_NCOLS] = {
	    {"ITU-T SG3", "D.MV-econ", "", "Economic and policy aspects of the metaverse", "Under development", "", ""},
	    {"ITU-T SG3", "TP.MV-tax", "", "Taxation of virtual goods and services in metaverse platforms", "Planned",
	        "", ""},
	};
	struct doc *d = build(lines);
	struct rm_rows r = {0};

	(void)state;
	assert_int_equal(roadmap_extract(d, &r), 2);
	expect_rows(&r, want, 2);
	assert_int_equal(r.warnings.n, 0);
	rm_rows_free(&r);
	doc_free(d);
	rm_table_reset(NULL);
}

/* Rows grouped under a heading spanning the table: the heading is their category, in its own words. */
static void
test_category_headings(void **state)
{
	static const char *const lines[] = {"T:No.\tSDO / Org.\tReference\tTitle\tStatus",
	    "T:1. General\t1. General\t1. General\t1. General\t1. General", "T:1\tSG13\tY.MV-Reqts\tNetworks\tDraft",
	    "T:Category: Enabling Technology\tCategory: Enabling Technology\tCategory: Enabling Technology",
	    "T:2.\tSG13\tY.3090\tDigital twin network\t45281", "T:2.1 Interoperability & Infrastructure\t\t\t\t",
	    "T:3)\tSG13\tY.MV-CEC\tComputing convergence\t45281.5", "T:Planned work", "T:4\tSG13\t26.928\tLater\t12345",
	    NULL};
	static const char *const want[][RM_NCOLS] = {
	    {"SG13", "Y.MV-Reqts", "", "Networks", "Draft", "General", ""},
	    {"SG13", "Y.3090", "", "Digital twin network", "2023-12-21", "Enabling Technology", ""},
	    {"SG13", "Y.MV-CEC", "", "Computing convergence", "2023-12-21", "Interoperability & Infrastructure", ""},
	    {"SG13", "26.928", "", "Later", "12345", "", ""},
	};
	struct doc *d = build(lines);
	struct rm_rows r = {0};

	(void)state;
	assert_int_equal(roadmap_extract(d, &r), 4);
	expect_rows(&r, want, 4);
	rm_rows_free(&r);
	doc_free(d);
}

/* Categories one per line, abbreviated or in lower case, are the template's own. */
static void
test_category_forms(void **state)
{
	static const char *const lines[] = {"T:SDO / Org.\tTitle\tCategory\tStatus",
	    "T:SG21\tNeural rendering\tEnabling Technology\nInteroperability & Infrastructure\tDraft",
	    "T:SG21\tAccessibility\tApplication/Service,\nGeneral\tDraft",
	    "T:SG21\tWrapped\tInteroperability &\nInfrastructure\tDraft", "T:SG9\tA\tApp/Service\tDraft",
	    "T:SG9\tB\tI&I\tDraft", "T:SG9\tC\tEnabling tech.\tDraft", "T:SG9\tD\tinterop. & infra.\tDraft",
	    "T:SG9\tE\tI\tDraft", NULL};
	static const struct {
		const char *cat;
		int rank;
	} want[] = {
	    {"Enabling Technology, Interoperability & Infrastructure", 2},
	    {"Application/Service, General", 1},
	    {"Interoperability & Infrastructure", 3},
	    {"App/Service", 1},
	    {"I&I", 3},
	    {"Enabling tech.", 2},
	    {"interop. & infra.", 3},
	    {"I", 4},
	};
	struct doc *d = build(lines);
	struct rm_rows r = {0};

	(void)state;
	assert_int_equal(roadmap_extract(d, &r), 8);
	for (size_t i = 0; i < 8; i++) {
		char *name = NULL;
		assert_string_equal(r.v[i].f[RM_CATEGORY], want[i].cat);
		assert_int_equal(rm_category_group(r.v[i].f[RM_CATEGORY], &name), want[i].rank);
		free(name);
	}
	/* Only the one-letter category is unknown. */
	assert_int_equal(r.warnings.n, 1);
	rm_rows_free(&r);
	doc_free(d);
}

/* A table split by a page break or a "(continued)" line goes on under the first part's header. */
static void
test_table_continued(void **state)
{
	static const char *const lines[] = {"T:SDO / Org.\tReference\tTitle\tStatus",
	    "T:SG17\tX.sr-mv\tSecurity\tDraft", "Table 1 (continued)", "T:SG17\tX.1280\tAuthentication\tPublished",
	    "Contacts", "", "T:Name\tE-mail\tPhone\tRole", "Far away", "One", "Two",
	    "T:SG17\tX.late\tNot continued\tDraft", NULL};
	struct doc *d = build(lines);
	struct rm_rows r = {0};

	(void)state;
	assert_int_equal(roadmap_extract(d, &r), 2);
	assert_string_equal(r.v[1].f[RM_REF], "X.1280");
	assert_string_equal(r.v[1].f[RM_SDO], "SG17");
	rm_rows_free(&r);
	doc_free(d);
}

/* A TAB row pasted into a mail its client hard-wrapped at 76 columns, at spaces. */
static void
test_tabs_hard_wrapped(void **state)
{
	static const char *const lines[] = {"Our input:", "", "SDO / Org.\tReference\tType\tTitle\tStatus\tSummary",
	    "ETSI ISG MEC\tETSI GS MEC 003 V3.2.1\tGroup Specification\tMulti-access Edge",
	    "Computing (MEC); Framework and Reference",
	    "Architecture\tPublished\tFramework and reference architecture of MEC, including", "XR use.",
	    "ETSI ISG MEC\tMEC 040\tGS\tFederation APIs\tPublished", "Short prose line", NULL};
	static const char *const want[][RM_NCOLS] = {
	    {"ETSI ISG MEC", "ETSI GS MEC 003 V3.2.1", "Group Specification",
	        "Multi-access Edge Computing (MEC); Framework and Reference Architecture", "Published", "",
	        "Framework and reference architecture of MEC, including XR use."},
	    {"ETSI ISG MEC", "MEC 040", "GS", "Federation APIs", "Published", "", ""},
	};
	struct doc *d = build(lines);
	struct rm_rows r = {0};

	(void)state;
	assert_int_equal(roadmap_extract(d, &r), 2);
	expect_rows(&r, want, 2);
	rm_rows_free(&r);
	doc_free(d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_header_names),
	    cmocka_unit_test(test_two_row_header),
	    cmocka_unit_test(test_examples),
	    cmocka_unit_test(test_quoted_and_given_once),
	    cmocka_unit_test(test_wrapped_text),
	    cmocka_unit_test(test_category_headings),
	    cmocka_unit_test(test_category_forms),
	    cmocka_unit_test(test_table_continued),
	    cmocka_unit_test(test_tabs_hard_wrapped),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
