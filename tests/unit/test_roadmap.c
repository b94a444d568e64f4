/* test_roadmap.c: roadmap_extract on hand-built documents: header matching, text tables, the corpus tables. */
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
#include "roadmap.h"
#include "roadmap_category.h"
#include "roadmap_store.h"

static const char *const H7 = "T:SDO / Org.\tReference\tType\tTitle\tStatus\tCategory\tSummary";

struct hcase {
	const char *name;
	const char *lines[10];
	size_t nrows;
	const char *want[RM_NCOLS]; /* the first row, or NULL to skip */
	size_t nwarn;
	const char *warn; /* a warning that must be present, or NULL */
};

static const struct hcase hcases[] = {
    {"template order",
        {"T:SDO / Org.\tReference\tType\tTitle\tStatus\tCategory\tSummary",
            "T:ITU-T SG20\tY.4238\tRecommendation\tDigital twins in the metaverse\tConsented\tGeneral\tReqs.", NULL},
        1,
        {"ITU-T SG20", "Y.4238", "Recommendation", "Digital twins in the metaverse", "Consented", "General", "Reqs."},
        0, NULL},
    {"other order",
        {"T:Title\tStatus\tSummary\tSDO / Org.\tCategory\tType\tReference",
            "T:Digital twins\tApproved\tS\tITU-T SG20\tGeneral\tRecommendation\tY.4238", NULL},
        1, {"ITU-T SG20", "Y.4238", "Recommendation", "Digital twins", "Approved", "General", "S"}, 0, NULL},
    {"extra columns ignored",
        {"T:No.\tSDO / Org.\tReference\tContact\tTitle\tStatus\tCategory\tSummary\tRemarks",
            "T:1\tIEEE SA\tP2048.1\tjane@example.org\tVirtual world\tUnder development\tGeneral\tS\tnone", NULL},
        1, {"IEEE SA", "P2048.1", "", "Virtual world", "Under development", "General", "S"}, 0, NULL},
    {"preamble rows",
        {"T:3GPP TSG SA WG1 input to JCA-MV roadmap",
            "T:", "T:SDO / Org.\tReference\tType\tTitle\tStatus\tCategory\tSummary",
            "T:3GPP SA1\tTS 22.156\tTechnical Specification\tMobile Metaverse "
            "Services\tPublished\tApplication/Service\tR19",
            NULL},
        1,
        {"3GPP SA1", "TS 22.156", "Technical Specification", "Mobile Metaverse Services", "Published",
            "Application/Service", "R19"},
        0, NULL},
    {"synonyms",
        {"T:Organization\tDocument\tDeliverable type\tName\tStage\tCategories\tDescription",
            "T:ETSI ISG ARF\tGS ARF 003\tGroup Specification\tAR framework\tPublished\tEnabling Technology\tD", NULL},
        1,
        {"ETSI ISG ARF", "GS ARF 003", "Group Specification", "AR framework", "Published", "Enabling Technology", "D"},
        0, NULL},
    {"synonyms, hints and case",
        {"T:BODY\tRef.\tTITLE (in English)\tstage:\tScope", "T:W3C\tWebXR Layers\tWebXR Layers API\tDraft\tLayers",
            NULL},
        1, {"W3C", "WebXR Layers", "", "WebXR Layers API", "Draft", "", "Layers"}, 0, NULL},
    {"too few columns", {"T:Title\tStatus", "T:Something\tPublished", NULL}, 0, {NULL}, 0, NULL},
    {"no title column", {"T:SDO / Org.\tReference\tStatus\tCategory", "T:IEEE\tP7016\tDraft\tGeneral", NULL}, 0, {NULL},
        0, NULL},
    {"text table, tabs",
        {"Our input:", "SDO / Org.\tReference\tType\tTitle\tStatus\tCategory\tSummary",
            "ITU-T SG21\tH.MV-HIA\tDraft Recommendation\tHigh-level interoperability\tUnder "
            "development\tInteroperability\tS",
            "", "Best regards", NULL},
        1,
        {"ITU-T SG21", "H.MV-HIA", "Draft Recommendation", "High-level interoperability", "Under development",
            "Interoperability", "S"},
        0, NULL},
    {"text table, markdown",
        {"| SDO / Org. | Reference | Type | Title | Status | Category | Summary |", "|---|---|---|:---|---|---|---|",
            "| IETF | RFC 9000 | RFC | QUIC \\| transport | Published | Infrastructure | UDP |", "", "Thanks", NULL},
        1, {"IETF", "RFC 9000", "RFC", "QUIC | transport", "Published", "Infrastructure", "UDP"}, 0, NULL},
    {"text table, aligned on spaces with an empty cell",
        {"SDO / Org.    Reference    Title                    Status",
            "MSF           MSF-1        Interop primer           Planned",
            "OMF                         Governance guide         Proposed", NULL},
        2, {"MSF", "MSF-1", "", "Interop primer", "Planned", "", ""}, 0, NULL},
    {"line breaks and spaces in cells",
        {H7,
            "T:  ITU-T\nSG21 \tH.MV-FRAVI\tDraft\u00a0Recommendation\tAvatar\n\ninteroperability\tUnder  development\t"
            "Interoperability\tAvatar migration.",
            NULL},
        1,
        {"ITU-T SG21", "H.MV-FRAVI", "Draft Recommendation", "Avatar interoperability", "Under development",
            "Interoperability", "Avatar migration."},
        0, NULL},
    {"blank and merged rows skipped",
        {H7, "T:\t\t\t\t\t\t", "T:ITU-T\tITU-T\tITU-T\tITU-T\tITU-T\tITU-T\tITU-T",
            "T:Note \u2013 a merged row given once",
            "T:ITU-T SG16\tH.430.1\tRecommendation\tImmersive telepresence\tIn force\tApplication/Service\t", H7, NULL},
        1, {NULL}, 0, NULL},
    {"no title rejected", {H7, "T:IEEE\tP2874\tStandard\t\tPublished\tGeneral\tSpatial web", NULL}, 0, {NULL}, 1,
        "roadmap row 1 ('P2874'): no title, rejected"},
    {"unknown category and status flagged, kept",
        {H7, "T:OMA3\tOMA3-1\tSpec\tPortals\tSomeday\tGaming, Interoperability\tS", NULL}, 1,
        {"OMA3", "OMA3-1", "Spec", "Portals", "Someday", "Gaming, Interoperability", "S"}, 2,
        "roadmap row 'Portals': unknown category 'Gaming'"},
    {"several known categories",
        {H7, "T:W3C\tX\tStandard\tT1\tPublished\tEnabling technology, Interoperability & Infrastructure\tS",
            "T:W3C\tY\tStandard\tT2\tWork item\tgeneral; application / service\tS",
            "T:W3C\tZ\tStandard\tT3\tPublished (2024)\tInteroperability and Infrastructure\tS", NULL},
        3, {NULL}, 0, NULL},
    {"the Annex 1 template sent back as it is",
        {H7,
            "T:ITU-T SG21\tH.MV-FRADAI\tDraft Recommendation\tFunctional requirements and architecture for digital "
            "asset interoperability\tUnder development\tInteroperability\tDefines functions and architecture for asset "
            "transfer, exchange, and synchronization.",
            "T:ISO/IEC JTC 1\tISO/IEC 18026\tStandard\tSpatial Reference Model\tPublished\tEnabling technology\t"
            "Provides a geospatial reference framework for 3D/VR integration.",
            "T:IEEE\tIEEE P7016\tDraft Standard\tEthically aligned design for XR/Metaverse\tUnder "
            "development\tGeneral\t"
            "Provides ethical guidance for metaverse-based systems.",
            "T:W3C\tWebXR API\tStandard\tWebXR Device API\tPublished\tEnabling technology, Interoperability\t"
            "API for web-based immersive technologies.",
            "T:3GPP SA1\tTR 22.87x\tTechnical Report\t6G service requirements for metaverse use cases\tUnder "
            "development"
            "\tApplication/Service\tIdentifies service-level requirements for immersive metaverse applications.",
            "T:ETSI ISG MEC\tMEC Spec.\tTechnical Specification\tMulti-access Edge Computing for "
            "XR/Metaverse\tPublished"
            "\tInfrastructure\tSpecifies edge computing capabilities to support low-latency immersive services.",
            "T:\t\t\t\t\t\t",
            "Note \u2013 Categories include: General, Application/Service, Enabling Technology, and "
            "Interoperability & Infrastructure.",
            NULL},
        0, {NULL}, 0, NULL},
    {"template example rows skipped, a genuine reuse kept",
        {H7,
            "T:ITU-T SG21\tH.MV-FRADAI\tDraft Recommendation\tFunctional requirements and architecture for digital "
            "asset interoperability\tUnder development\tInteroperability\tDefines functions and architecture for asset "
            "transfer, exchange, and synchronization.",
            "T:IEEE\tIEEE P7016\tDraft Standard\tEthically aligned design for XR/Metaverse\tUnder "
            "development\tGeneral\t"
            "Provides ethical guidance for metaverse-based systems.",
            "T:etsi isg mec\tMEC Spec.\tTechnical Specification\tMulti-access  Edge Computing for "
            "XR/Metaverse\tPublished"
            "\tInfrastructure\tSpecifies edge computing capabilities to support low-latency immersive services.",
            "T:IEEE\tIEEE P7016\tDraft Standard\tEthically aligned design for XR/Metaverse\tApproved\tGeneral\t"
            "Provides ethical guidance for metaverse-based systems.",
            NULL},
        1,
        {"IEEE", "IEEE P7016", "Draft Standard", "Ethically aligned design for XR/Metaverse", "Approved", "General",
            "Provides ethical guidance for metaverse-based systems."},
        0, NULL},
};

static void
test_headers(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(hcases) / sizeof(hcases[0]); i++) {
		const struct hcase *c = &hcases[i];
		struct doc *d = build(c->lines);
		struct rm_rows r = {0};
		size_t n = roadmap_extract(d, &r);

		print_message("case: %s\n", c->name);
		assert_int_equal(n, c->nrows);
		assert_int_equal(r.n, c->nrows);
		assert_int_equal(r.warnings.n, c->nwarn);
		if (c->warn)
			assert_true(strv_contains(&r.warnings, c->warn));
		for (int col = 0; c->want[0] && col < RM_NCOLS; col++)
			assert_string_equal(r.v[0].f[col], c->want[col]);
		rm_rows_free(&r);
		doc_free(d);
	}
}

/* The corpus inputs' tables, as the extractors give them (unzip -p … word/document.xml, sheet1.xml, the CSV). */
static const char *const p04[] = {"Input to the Metaverse Standardization Roadmap",
    "Source: ITU-T Study Group 21 (Q9/21)", "T:SDO / Org.\tReference\tType\tTitle\tStatus\tCategory\tSummary",
    "T:ITU-T SG21\tH.MV-FRADAI\tDraft Recommendation\tFunctional requirements and architecture for digital asset "
    "interoperability in cross-platform metaverse\tUnder development\tInteroperability\tDefines functions and "
    "architecture for asset transfer, exchange, and synchronization.",
    "T:ITU-T SG21\tH.MV-FRAVI\tDraft Recommendation\tFunctional requirements and architecture for avatar "
    "interoperability in cross-platform metaverse\tUnder development\tInteroperability\tAvatar migration between "
    "metaverse platforms.",
    "T:ITU-T SG21\tH.MV-HIA\tDraft Recommendation\tHigh-level interoperability architecture for cross-platform "
    "metaverse\tUnder development\tInteroperability\tFunctional components, reference points and information flows "
    "for avatar, asset, content and identity migration.",
    "T:ITU-T SG21\tH.MV-MAMA\tDraft Recommendation\tMultimedia aspect of metaverse architecture\tUnder development\t"
    "General\tBased on FGMV-40.",
    "T:ITU-T SG21\tTR.MV-MML\tTechnical Report\tMaturity levels for metaverse service and application\tUnder "
    "development\tApplication/Service\t",
    NULL};

static const char *const p05[] = {"T:SDO / Org.\tReference\tType\tTitle\tStatus\tCategory\tSummary",
    "T:ISO/IEC JTC 1/SC 24\tISO/IEC 18026\tStandard\tSpatial Reference Model\tPublished\tEnabling technology\t"
    "Provides a geospatial reference framework for 3D/VR integration.",
    "T:ISO/IEC JTC 1/SC 24\tISO/IEC 19775-1\tStandard\tExtensible 3D (X3D) - Part 1: Architecture and base "
    "components\tPublished\tEnabling technology\tScene graph architecture for interactive 3D content.",
    "T:ISO/IEC JTC 1/SC 24\tISO/IEC 18038\tStandard\tSensor representation in mixed and augmented reality\t"
    "Published\tEnabling technology, Interoperability\tRepresents physical sensors in MAR scenes.",
    NULL};

static const char *const p06[] = {"T:3GPP TSG SA WG1 input to JCA-MV roadmap",
    "T:SDO / Org.\tReference\tType\tTitle\tStatus\tCategory\tSummary",
    "T:3GPP TSG SA WG1\tTS 22.156\tTechnical Specification\tMobile Metaverse Services\tPublished\tApplication/Service\t"
    "Service requirements for mobile metaverse services (Release 19).",
    "T:3GPP TSG SA WG1\tTR 22.856\tTechnical Report\tFeasibility Study on Localized Mobile Metaverse Services\t"
    "Published\tApplication/Service\tUse cases for localized mobile metaverse services.",
    "T:3GPP TSG SA WG1\tTR 22.87x\tTechnical Report\t6G service requirements for metaverse use cases\tUnder "
    "development\tApplication/Service\tIdentifies service-level requirements for immersive metaverse applications.",
    NULL};

static const struct {
	const char *label;
	const char *const *lines;
	size_t nrows;
} corpus[] = {
    {"p04-roadmap-input-docx.json", p04, 5},
    {"p05-roadmap-input-csv.json", p05, 3},
    {"p06-roadmap-input-xlsx.json", p06, 3},
};

/* Every row extracted is in the label, cell for cell, in order (the label is JSON: its strings are quoted). */
static void
test_corpus(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(corpus) / sizeof(corpus[0]); i++) {
		char *path = xasprintf("%s/%s", CORPUS, corpus[i].label), *label = NULL, *err = NULL;
		struct doc *d = build(corpus[i].lines);
		struct rm_rows r = {0};
		size_t len;

		print_message("corpus: %s\n", corpus[i].label);
		assert_int_equal(file_read(path, 1 << 20, &label, &len, &err), 0);
		assert_int_equal(roadmap_extract(d, &r), corpus[i].nrows);
		assert_int_equal(r.warnings.n, 0);
		const char *at = label;
		for (size_t k = 0; k < r.n; k++)
			for (int c = 0; c < RM_NCOLS; c++) {
				struct buf q = {0};
				json_str(&q, r.v[k].f[c]);
				const char *hit = strstr(at, buf_str(&q));
				if (!hit)
					fail_msg(
					    "%s row %zu %s: %s not in label", corpus[i].label, k, rm_col_names[c], q.s);
				at = hit + q.len;
				buf_free(&q);
			}
		rm_rows_free(&r);
		doc_free(d);
		free(label);
		free(path);
	}
}

/* A document with several tables: the template is found in whichever holds it, once. */
static void
test_many_tables(void **state)
{
	static const char *const lines[] = {"T:Contact\tEmail", "T:Jane\tjane@example.org", "Paragraph between",
	    "T:SDO / Org.\tReference\tType\tTitle\tStatus\tCategory\tSummary",
	    "T:ITU-T SG20\tY.4238\tRecommendation\tDigital twins\tConsented\tGeneral\t", NULL};
	struct doc *d = build(lines);
	struct rm_rows r = {0};

	(void)state;
	assert_int_equal(d->ntables, 2);
	assert_int_equal(roadmap_extract(d, &r), 1);
	assert_string_equal(r.v[0].f[RM_REF], "Y.4238");
	/* Appends: a second call on the same rows adds again. */
	assert_int_equal(roadmap_extract(d, &r), 1);
	assert_int_equal(r.n, 2);
	rm_rows_free(&r);
	rm_rows_free(NULL);
	assert_int_equal(roadmap_extract(NULL, &r), 0);
	doc_free(d);
}

/* Space-aligned text: a piece goes to the column it starts under, so empty cells stay empty. */
static void
test_text_aligned(void **state)
{
	static const char *const lines[] = {"Dear Secretariat, our input:", "",
	    "SDO / Org.    Reference    Title                    Status",
	    "------------  -----------  -----------------------  ---------",
	    "MSF           MSF-1        Interop primer           Planned",
	    "OMF                        Governance  guide        Proposed", "", "Regards,  the MSF", NULL};
	struct doc *d = build(lines);
	struct rm_rows r = {0};

	(void)state;
	assert_int_equal(roadmap_extract(d, &r), 2);
	assert_string_equal(r.v[1].f[RM_SDO], "OMF");
	assert_string_equal(r.v[1].f[RM_REF], "");
	assert_string_equal(r.v[1].f[RM_TITLE], "Governance guide");
	assert_string_equal(r.v[1].f[RM_STATUS], "Proposed");
	assert_int_equal(r.warnings.n, 0);
	rm_rows_free(&r);
	doc_free(d);
}

static void
test_category_group(void **state)
{
	static const struct {
		const char *cell, *group;
		int rank;
	} g[] = {
	    {"General", "General", 0},
	    {"application/service", "Application/Service", 1},
	    {"Enabling technology, Interoperability", "Enabling Technology", 2},
	    {"Interoperability", "Interoperability & Infrastructure", 3},
	    {"Infrastructure", "Interoperability & Infrastructure", 3},
	    {"Gaming; General", "Gaming", 4},
	    {"", "Uncategorised", 5},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(g) / sizeof(g[0]); i++) {
		char *name = NULL;
		assert_int_equal(rm_category_group(g[i].cell, &name), g[i].rank);
		assert_string_equal(name, g[i].group);
		free(name);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_headers),
	    cmocka_unit_test(test_corpus),
	    cmocka_unit_test(test_many_tables),
	    cmocka_unit_test(test_text_aligned),
	    cmocka_unit_test(test_category_group),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
