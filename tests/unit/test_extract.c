/* test_extract.c: the attachment extractors on real corpus attachments and hostile fixtures (tests/fixtures/extract).
 */
/* SPDX-License-Identifier: Apache-2.0 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "charset.h"
#include "extract.h"

#define FIX FIXTURES "/extract/"
#define MAXWANT 10

/* A block expected in the output: at index (or anywhere when -1), in a table or not, cells joined by '|'. */
struct want {
	int index;
	int in_table;
	const char *row;
};

struct okcase {
	const char *file; /* fixture, or NULL for data */
	const char *data; /* inline input */
	enum doc_type type;
	const char *charset;
	size_t min_blocks;
	struct want want[MAXWANT];
	const char *absent[4]; /* never in the text */
};

static const struct okcase okcases[] = {
    {"p01-FG-MV-LS1.docx", NULL, DOC_DOCX, NULL, 20,
        {
            {0, 0, "INTERNATIONAL TELECOMMUNICATION UNION"},
            {3, 0, "FG-MV-LS1"},
            {7, 1, "Ref.:|FG-MV-O-001"},
            {-1, 1,
                "For action to:|ITU-R SG5, IEC SEG15, IEC TC57, IEC TC65, IEC TC79, IEC TC85, IEC TC100, ISO TC68, "
                "ISO TC69, ISO TC133, ISO TC184, ISO TC 307, ISO/IEC JTC1 SC24, ISO/IEC JTC1 SC27, ISO/IEC JTC1 SC29, "
                "ISO/IEC JTC1 SC38, ISO/IEC JTC1 SC41, ISO/IEC JTC1 SC43, IEEE SA, W3C, IETF, ETSI ISG-ARF, 3GPP SA1, "
                "3GPP SA4, IPv6 Forum, Broadband Forum, TMForum, ISO/IEC JTC 1 SC42, INATBA, ITU IRG AVA, ETSI TC "
                "Cyber, "
                "ISO/IEC JTC1 SC35, World Metaverse Council, Metaverse Standards Forum, Open Metaverse Foundation, "
                "Digital Twin Consortium, VRM consortium, and IOWN Global Forum"},
            {-1, 1, "Contact:|Shin-Gak Kang\nETRI\nRep. of Korea\nE-mail: sgkang@etri.re.kr"},
            {-1, 1, "Contact:|Hideo Imanaka\nNICT\nJapan\nE-mail: h.imanaka@nict.go.jp"},
            {-1, 1, "LIAISON STATEMENT|"},
            {-1, 0,
                "FG-MV would be grateful if you would designate a liaison rapporteur to facilitate the collaboration."},
        },
        {NULL}},
    {"p10-SG21-LS82.docx", NULL, DOC_DOCX, NULL, 10,
        {
            {-1, 1, "Contact:|\xea\xb0\x95\xec\x8b\xa0\xea\xb0\x81 (Shin-Gak Kang)\nETRI\nE-mail: sgkang@etri.re.kr"},
            {-1, 1, "Deadline:|2026-05-11"},
        },
        {NULL}},
    {"p04-SG21-roadmap-input.docx", NULL, DOC_DOCX, NULL, 7,
        {
            {0, 0, "Input to the Metaverse Standardization Roadmap"},
            {2, 1, "SDO / Org.|Reference|Type|Title|Status|Category|Summary"},
            {-1, 1,
                "ITU-T SG21|TR.MV-MML|Technical Report|Maturity levels for metaverse service and application|"
                "Under development|Application/Service|"},
        },
        {NULL}},
    {"features.docx", NULL, DOC_DOCX, NULL, 11,
        {
            {0, 0, "Name\tValue"},
            {1, 0, "First line\nsecond line"},
            {2, 0, "link text inserted Geneva in control"},
            {3, 0, "7"},
            {-1, 0, "Box text"},
            {-1, 1, "H1|H2|H3"},
            {-1, 1, "Wide|Wide|Tall"},
            {-1, 1, "a\nb|x\ty|Tall"},
            {-1, 1, "outer\nn1\tn2\nn3\tn4\nafter|r|s"},
            {-1, 0, "The end"},
        },
        {"deleted", "PAGE", "MERGEFORMAT", NULL}},
    {"p06-S1-260123_roadmap.xlsx", NULL, DOC_XLSX, NULL, 5,
        {
            {0, 1, "3GPP TSG SA WG1 input to JCA-MV roadmap"},
            {1, 1, "SDO / Org.|Reference|Type|Title|Status|Category|Summary"},
            {4, 1,
                "3GPP TSG SA WG1|TR 22.87x|Technical Report|6G service requirements for metaverse use cases|"
                "Under development|Application/Service|Identifies service-level requirements for immersive metaverse "
                "applications."},
        },
        {NULL}},
    {"features.xlsx", NULL, DOC_XLSX, NULL, 6,
        {
            {0, 1, "Input from SG21|Input from SG21|Input from SG21|Input from SG21|Input from SG21"},
            {1, 1, "Reference|Title & scope||Status"},
            {2, 1, "Y.3000|Rich inline|42.5|Merged status|TRUE"},
            {3, 1, "Y.3000||FALSE|Merged status"},
            {4, 1, "no ref|next"},
            {5, 1, "|note"},
        },
        {"PHONETIC", NULL}},
    {"dates.xlsx", NULL, DOC_XLSX, NULL, 4,
        {
            {0, 1, "Reference|Published|Updated|Due"},
            {1, 1, "Y.1|2024-01-01|2024-01-01 12:00|2026-03-31"},
            {2, 1, "Y.2|42.5|45292|0.75"},
            {3, 1, "Y.3|1900-02-28|1900-03-01|TBD"},
        },
        {NULL}},
    {"p05-sc24-roadmap.csv", NULL, DOC_CSV, NULL, 4,
        {
            {0, 1, "SDO / Org.|Reference|Type|Title|Status|Category|Summary"},
            {3, 1,
                "ISO/IEC JTC 1/SC 24|ISO/IEC 18038|Standard|Sensor representation in mixed and augmented reality|"
                "Published|Enabling technology, Interoperability|Represents physical sensors in MAR scenes."},
        },
        {NULL}},
    {"semicolon-bom.csv", NULL, DOC_CSV, NULL, 3,
        {
            {0, 1, "SDO|Reference|Title|Summary"},
            {1, 1, "ITU-T SG21|H.MV-HIA|High-level architecture; cross-platform|Line one\nline two, with \"quotes\""},
            {2, 1, "ISO/IEC JTC 1/SC 24|ISO/IEC 18026|Spatial Reference Model, SRM|Geospatial, 3D"},
        },
        {"\xef\xbb\xbf", NULL}},
    {"latin1.csv", NULL, DOC_CSV, NULL, 2,
        {
            {1, 1,
                "ETSI|R\xc3\xa9"
                "alit\xc3\xa9 \xc3\xa9tendue"},
        },
        {NULL}},
    {NULL, "a\tb\tc, d\n1\t2\t3\n\n", DOC_CSV, NULL, 2,
        {
            {0, 1, "a|b|c, d"},
            {1, 1, "1|2|3"},
        },
        {NULL}},
    {NULL, "Titre;R\xe9sum\xe9\n\"x\";\"y\"\"z\"\n", DOC_CSV, "iso-8859-1", 2,
        {
            {0, 1, "Titre|R\xc3\xa9sum\xc3\xa9"},
            {1, 1, "x|y\"z"},
        },
        {NULL}},
    {"two-pages.pdf", NULL, DOC_PDF, NULL, 4,
        {
            {0, 0, "Page one title"},
            {1, 0, "For action to: ITU-T JCA-MV"},
            {2, 0, "Page two line"},
            {3, 0, "Deadline: 1 April 2026"},
        },
        {NULL}},
    {"p11-ISO_TC307_N1234.pdf", NULL, DOC_PDF, NULL, 9,
        {
            {0, 0, "ISO/TC 307 N 1234"},
            {-1, 0, "For action to: ITU-T JCA-MV"},
            {-1, 0, "Contact: ISO/TC 307 Committee Manager, E-mail: tc307@standards.example"},
        },
        {NULL}},
    {"table.html", NULL, DOC_HTML, NULL, 10,
        {
            {0, 0, "Roadmap & status"},
            {1, 0, "First paragraph spans lines here."},
            {2, 0, "Line A"},
            {3, 0, "Line B"},
            {4, 1, "SDO|Reference & title|Reference & title"},
            {5, 1, "ITU\xe2\x80\x91T|Y.3000|Caf\xc3\xa9 <draft>"},
            {6, 1, "ISO|A\nB|p1\np2"},
            {7, 1, "ISO|C|D"},
            {8, 0, "item one"},
            {9, 0, "item two"},
        },
        {"dropped", "color", NULL}},
    {NULL,
        "<p>Gr\xfc\xdf"
        "e &amp; <b>bold</b></p>",
        DOC_HTML, "iso-8859-1", 1,
        {
            {0, 0,
                "Gr\xc3\xbc\xc3\x9f"
                "e & bold"},
        },
        {NULL}},
    {NULL, "<html><head><meta charset=\"iso-8859-1\"></head><body>caf\xc3\xa9</body></html>", DOC_HTML, "utf-8", 1,
        {
            {0, 0, "caf\xc3\xa9"},
        },
        {NULL}},
    {NULL,
        "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1252\"></head>"
        "<body><p>\x93"
        "caf\xe9\x94</p></body></html>",
        DOC_HTML, NULL, 1,
        {
            {0, 0,
                "\xe2\x80\x9c"
                "caf\xc3\xa9\xe2\x80\x9d"},
        },
        {NULL}},
    {NULL, "line 1\r\nline 2\r\n\r\nafter a blank\n", DOC_TEXT, NULL, 4,
        {
            {0, 0, "line 1"},
            {1, 0, "line 2"},
            {2, 0, ""},
            {3, 0, "after a blank"},
        },
        {NULL}},
    {NULL, "Caf\xe9 \x93quoted\x94", DOC_TEXT, NULL, 1,
        {
            {0, 0, "Caf\xc3\xa9 \xe2\x80\x9cquoted\xe2\x80\x9d"},
        },
        {NULL}},
    {NULL, "\xb0\xad\xbd\xc5\xb0\xa2", DOC_TEXT, "ks_c_5601-1987", 1,
        {
            {0, 0, "\xea\xb0\x95\xec\x8b\xa0\xea\xb0\x81"},
        },
        {NULL}},
};

static char *
load(const char *file, size_t *len)
{
	char path[512], *data = NULL, *err = NULL;

	snprintf(path, sizeof(path), "%s%s", FIX, file);
	if (file_read(path, (size_t)1 << 26, &data, len, &err) < 0)
		fail_msg("%s: %s", path, err);
	return data;
}

static char *
joined(const struct doc_block *b)
{
	struct buf s = {0};

	for (size_t j = 0; j < b->ncells; j++) {
		if (j)
			buf_addc(&s, '|');
		buf_adds(&s, b->cells[j]);
	}
	return buf_steal(&s);
}

static int
block_is(const struct doc_block *b, const struct want *w)
{
	char *s = joined(b);
	int ok = !strcmp(s, w->row) && (b->table >= 0) == w->in_table;

	free(s);
	return ok;
}

static void
dump(const struct doc *d)
{
	for (size_t i = 0; i < d->nblocks; i++) {
		char *s = joined(&d->blocks[i]);

		print_message("  [%zu] table %d: %s\n", i, d->blocks[i].table, s);
		free(s);
	}
}

static void
test_ok_cases(void **state)
{
	for (size_t c = 0; c < sizeof(okcases) / sizeof(okcases[0]); c++) {
		const struct okcase *k = &okcases[c];
		char *data = NULL, *err = NULL, *text;
		size_t len;
		struct doc *d = NULL;
		int rc;

		if (k->file) {
			data = load(k->file, &len);
		} else {
			data = xstrdup(k->data);
			len = strlen(k->data);
		}
		rc = extract_doc(k->type, data, len, k->charset, NULL, &d, &err);
		if (rc != 0)
			fail_msg("case %zu (%s): %s", c, k->file ? k->file : k->data, err);
		assert_null(err);
		if (d->nblocks < k->min_blocks) {
			dump(d);
			fail_msg("case %zu (%s): %zu blocks, want at least %zu", c, k->file ? k->file : "inline",
			    d->nblocks, k->min_blocks);
		}
		for (size_t i = 0; i < MAXWANT && k->want[i].row; i++) {
			const struct want *w = &k->want[i];
			int found = 0;

			if (w->index >= 0)
				found = (size_t)w->index < d->nblocks && block_is(&d->blocks[w->index], w);
			for (size_t b = 0; w->index < 0 && b < d->nblocks && !found; b++)
				found = block_is(&d->blocks[b], w);
			if (!found) {
				dump(d);
				fail_msg("case %zu (%s): no block %d \"%s\"", c, k->file ? k->file : "inline", w->index,
				    w->row);
			}
		}
		text = doc_text(d);
		for (size_t i = 0; i < 4 && k->absent[i]; i++)
			if (strstr(text, k->absent[i]))
				fail_msg("case %zu: \"%s\" should not be in the text", c, k->absent[i]);
		free(text);
		doc_free(d);
		free(data);
	}
}

/* A document over a limit is refused with a reason, never half-read. */
struct errcase {
	const char *file;
	enum doc_type type;
	void (*tweak)(struct extract_limits *);
	const char *msg; /* substring of *err */
};

static void
small_out(struct extract_limits *l)
{
	l->max_ratio = 100000;
	l->max_uncompressed = (size_t)8 << 20;
}
static void
depth64(struct extract_limits *l)
{
	l->max_xml_depth = 64;
}
static void
entries5(struct extract_limits *l)
{
	l->max_entries = 5;
}
static void
input1k(struct extract_limits *l)
{
	l->max_input = 1024;
}
static void
blocks3(struct extract_limits *l)
{
	l->max_blocks = 3;
}
static void
no_time(struct extract_limits *l)
{
	l->max_seconds = 0;
}

static const struct errcase errcases[] = {
    {"bomb.docx", DOC_DOCX, NULL, "word/document.xml: compression ratio 1019:1 over the 200:1 limit"},
    {"bomb.docx", DOC_DOCX, small_out, "word/document.xml: uncompressed size 20 MiB over the 8 MiB limit"},
    {"bomb-lying.docx", DOC_DOCX, NULL, "word/document.xml: inflates to more than its declared 4 KiB"},
    {"deep.docx", DOC_DOCX, NULL, "depth"},
    {"deep.docx", DOC_DOCX, depth64, "word/document.xml: XML nesting depth over the 64 limit"},
    {"p01-FG-MV-LS1.docx", DOC_DOCX, entries5, "zip has 17 entries, over the 5 limit"},
    {"p01-FG-MV-LS1.docx", DOC_DOCX, input1k, "input size 36 KiB over the 1 KiB limit"},
    {"p01-FG-MV-LS1.docx", DOC_DOCX, blocks3, "more than 3 paragraphs and table rows"},
    {"p06-S1-260123_roadmap.xlsx", DOC_XLSX, blocks3, "more than 3 paragraphs and table rows"},
    {"p05-sc24-roadmap.csv", DOC_CSV, blocks3, "more than 3 paragraphs and table rows"},
    {"p05-sc24-roadmap.csv", DOC_XLSX, NULL, "not a zip container"},
    {"features.xlsx", DOC_DOCX, NULL, "not a .docx: xl/workbook.xml is a <workbook>"},
    {"p11-ISO_TC307_N1234.pdf", DOC_DOCX, NULL, "not a zip container"},
    {"features.docx", DOC_XLSX, NULL, "not a .xlsx"},
    {"encrypted.pdf", DOC_PDF, NULL, "encrypted PDF"},
    {"damaged.pdf", DOC_PDF, NULL, "damaged PDF"},
    {"table.html", DOC_PDF, NULL, "not a PDF"},
    {"two-pages.pdf", DOC_PDF, no_time, "longer than 0 s"},
    {"p01-FG-MV-LS1.docx", DOC_UNKNOWN, NULL, "unsupported"},
};

static void
test_err_cases(void **state)
{
	for (size_t c = 0; c < sizeof(errcases) / sizeof(errcases[0]); c++) {
		const struct errcase *k = &errcases[c];
		struct extract_limits lim;
		struct doc *d = (struct doc *)&lim; /* must be reset to NULL */
		char *data, *err = NULL;
		size_t len;

		extract_limits_default(&lim);
		if (k->tweak)
			k->tweak(&lim);
		data = load(k->file, &len);
		if (extract_doc(k->type, data, len, NULL, &lim, &d, &err) != -1)
			fail_msg("case %zu (%s): accepted", c, k->file);
		assert_null(d);
		assert_non_null(err);
		if (!strstr(err, k->msg))
			fail_msg("case %zu (%s): error \"%s\", want \"%s\"", c, k->file, err, k->msg);
		free(err);
		free(data);
	}
}

static void
test_types(void **state)
{
	static const struct {
		const char *ct, *name;
		enum doc_type t;
		const char *tname;
	} cases[] = {
	    {"application/vnd.openxmlformats-officedocument.wordprocessingml.document", "x.bin", DOC_DOCX, "docx"},
	    {"Application/PDF; name=\"a.pdf\"", NULL, DOC_PDF, "pdf"},
	    {"application/octet-stream", "Roadmap.XLSX", DOC_XLSX, "xlsx"},
	    {"application/vnd.ms-excel", "roadmap.csv", DOC_CSV, "csv"},
	    {"text/plain; charset=utf-8", "input.csv", DOC_CSV, "csv"},
	    {"text/plain", NULL, DOC_TEXT, "text"},
	    {"text/html; charset=\"utf-8\"", NULL, DOC_HTML, "html"},
	    {NULL, "page.htm", DOC_HTML, "html"},
	    {"application/msword", "old.doc", DOC_DOC97, "doc"},
	    {"application/zip", "S2-1811620.zip", DOC_ZIP, "zip"},
	    {"image/png", "logo.png", DOC_UNKNOWN, "unknown"},
	    {"text/csv", "x.txt", DOC_CSV, "csv"},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		enum doc_type t = extract_type(cases[i].ct, cases[i].name);

		if (t != cases[i].t)
			fail_msg("case %zu: %s/%s gave %s", i, cases[i].ct, cases[i].name, extract_type_name(t));
		assert_string_equal(extract_type_name(t), cases[i].tname);
	}
}

static void
test_charset(void **state)
{
	static const struct {
		const char *in;
		size_t len;
		const char *cs, *want;
	} cases[] = {
	    {"plain", 5, NULL, "plain"}, {"bad \xff byte", 10, "utf-8", "bad \xef\xbf\xbd byte"},
	    {"nul\0in", 6, NULL, "nulin"}, {"\xe9t\xe9", 3, "ISO-8859-1", "\xc3\xa9t\xc3\xa9"},
	    {"\x80 euro", 6, "windows-1252", "\xe2\x82\xac euro"},
	    {"\xe9t\xe9", 3, "x-no-such-charset", "\xc3\xa9t\xc3\xa9"},
	    {"ok \xc3\xa9", 5, "x-no-such-charset", "ok \xc3\xa9"},
	    {"\x1b$B$3$s\x1b(B", 9, "iso-2022-jp", "\xe3\x81\x93\xe3\x82\x93"},
	    {"a\0b", 3, "utf-16le", "a\xef\xbf\xbd"}, /* a truncated last unit becomes U+FFFD */
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *s = charset_to_utf8(cases[i].in, cases[i].len, cases[i].cs);

		if (!strstr(s, cases[i].want))
			fail_msg("case %zu: got \"%s\", want \"%s\"", i, s, cases[i].want);
		free(s);
	}
}

/* Junk must give a clean error or a document, never a crash: truncations of every real attachment. */
static void
test_truncated(void **state)
{
	static const struct {
		const char *file;
		enum doc_type t;
	} files[] = {
	    {"p01-FG-MV-LS1.docx", DOC_DOCX},
	    {"features.xlsx", DOC_XLSX},
	    {"two-pages.pdf", DOC_PDF},
	    {"table.html", DOC_HTML},
	    {"semicolon-bom.csv", DOC_CSV},
	};

	for (size_t f = 0; f < sizeof(files) / sizeof(files[0]); f++) {
		size_t len;
		char *data = load(files[f].file, &len);

		for (size_t cut = 0; cut < len; cut += len / 23 + 1) {
			struct doc *d = NULL;
			char *err = NULL;
			int rc = extract_doc(files[f].t, data, cut, NULL, NULL, &d, &err);

			assert_true(rc == 0 ? d != NULL && err == NULL : d == NULL && err != NULL);
			doc_free(d);
			free(err);
		}
		free(data);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_ok_cases),
	    cmocka_unit_test(test_err_cases),
	    cmocka_unit_test(test_types),
	    cmocka_unit_test(test_charset),
	    cmocka_unit_test(test_truncated),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
