/* test_containers.c: the Word 97 .doc, .odt, .rtf and .zip extractors and content sniffing (tests/fixtures/extract,
 * and the real 3GPP .doc of tests/fixtures/realworld). */
/* SPDX-License-Identifier: Apache-2.0 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "extract.h"
#include "message.h"

#define FIX FIXTURES "/extract/"

static char *
load(const char *file, size_t *len)
{
	char path[512], *data = NULL, *err = NULL;

	snprintf(path, sizeof(path), "%s%s", file[0] == '/' ? "" : FIX, file);
	if (file_read(path, (size_t)1 << 26, &data, len, &err) < 0)
		fail_msg("%s: %s", path, err);
	return data;
}

/* Every block as "T|cell|cell" or "P|text", one a line: what two documents must agree on. */
static char *
blocks(const struct doc *d)
{
	struct buf s = {0};

	for (size_t i = 0; i < d->nblocks; i++) {
		buf_adds(&s, d->blocks[i].table >= 0 ? "T" : "P");
		for (size_t j = 0; j < d->blocks[i].ncells; j++) {
			buf_addc(&s, '|');
			buf_adds(&s, d->blocks[i].cells[j]);
		}
		buf_addc(&s, '\n');
	}
	return buf_steal(&s);
}

static struct doc *
extract_file(const char *file, enum doc_type t, const struct extract_limits *lim)
{
	size_t len;
	char *data = load(file, &len), *err = NULL;
	struct doc *d = NULL;

	if (extract_doc(t, data, len, NULL, lim, &d, &err) != 0)
		fail_msg("%s: %s", file, err);
	free(data);
	return d;
}

/* The ITU-T LS template and a roadmap table, converted by LibreOffice, read exactly as the .docx they came from. */
static void
test_same_as_docx(void **state)
{
	static const struct {
		const char *docx, *other;
		enum doc_type t;
	} cases[] = {
	    {"p01-FG-MV-LS1.docx", "p01-FG-MV-LS1.doc", DOC_DOC97},
	    {"p01-FG-MV-LS1.docx", "p01-FG-MV-LS1.odt", DOC_ODT},
	    {"p01-FG-MV-LS1.docx", "p01-FG-MV-LS1.rtf", DOC_RTF},
	    {"p04-SG21-roadmap-input.docx", "p04-SG21-roadmap-input.doc", DOC_DOC97},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct doc *a = extract_file(cases[i].docx, DOC_DOCX, NULL),
		           *b = extract_file(cases[i].other, cases[i].t, NULL);
		char *sa = blocks(a), *sb = blocks(b);

		if (strcmp(sa, sb))
			fail_msg("%s differs from %s:\n%s\n---\n%s", cases[i].other, cases[i].docx, sb, sa);
		assert_true(a->ntables > 0 && a->ntables == b->ntables);
		free(sa);
		free(sb);
		doc_free(a);
		doc_free(b);
	}
}

static int
has_line(const char *all, const char *line)
{
	size_t n = strlen(line);

	for (const char *p = all; (p = strstr(p, line)); p++)
		if ((p == all || p[-1] == '\n') && p[n] == '\n')
			return 1;
	return 0;
}

/*
 * Fields keep their result, tracked deletions go, merged cells repeat in every column and row they
 * cover, cells keep their paragraphs. (LibreOffice moved the .docx's horizontal merge from "Wide" to
 * "Tall" when converting; the three formats agree on what it wrote.)
 */
static void
test_features(void **state)
{
	static const struct {
		const char *file;
		enum doc_type t;
	} files[] = {{"features.doc", DOC_DOC97}, {"features.rtf", DOC_RTF}, {"features.odt", DOC_ODT}};
	static const char *const want[] = {"P|First line\nsecond line", "T|H1|H2|H3", "T|a\nb|x\ty|Tall", "P|The end",
	    "P|link text inserted Geneva in control", "T|Wide|Tall|Tall"};

	for (size_t f = 0; f < sizeof(files) / sizeof(files[0]); f++) {
		struct doc *d = extract_file(files[f].file, files[f].t, NULL);
		char *s = blocks(d);

		for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++)
			if (!has_line(s, want[i]))
				fail_msg("%s: no \"%s\" in\n%s", files[f].file, want[i], s);
		assert_null(strstr(s, "HYPERLINK"));
		free(s);
		doc_free(d);
	}
}

/* SA2's reply LS S2-1812758 as 3GPP wrote it: cp1252 pieces, tab-separated fields, a HYPERLINK field's result. */
static void
test_real_3gpp_doc(void **state)
{
	struct doc *d =
	    extract_file(FIXTURES "/realworld/originals/"
	                          "S2-1812758 was S2-1811878_S5-186491 Reply LS on Data Analytics in SA WG2 v1.doc",
	        DOC_DOC97, NULL);
	char *s = blocks(d);

	assert_true(has_line(s, "P|Title:\tLS on slice related Data Analytics "));
	assert_true(has_line(s, "P|Cc:\t3GPP SA, RAN, RAN3, RAN2"));
	assert_true(has_line(s, "P|Send any reply LS to:\t3GPP Liaisons Coordinator, mailto:3GPPLiaison@etsi.org \t"));
	assert_non_null(strstr(s, "Regarding SA5\xe2\x80\x99s question")); /* U+2019 from a 1252 byte */
	free(s);
	doc_free(d);
}

/* The zip: members read in order, media passed over, a zip in a zip read, a zip in that one not opened. */
static void
test_zip(void **state)
{
	struct doc *d = extract_file("ls.zip", DOC_ZIP, NULL), *ls = extract_file("p01-FG-MV-LS1.doc", DOC_DOC97, NULL);
	char *s = blocks(d), *sls = blocks(ls), *w;
	struct buf all = {0};
	struct extract_limits lim;

	assert_true(strncmp(s, sls, strlen(sls)) == 0);
	assert_true(has_line(s, "T|H1|H2|H3"));
	assert_true(has_line(s, "P|a path that would climb out"));
	for (size_t i = 0; i < d->warnings.n; i++)
		buf_printf(&all, "%s\n", d->warnings.v[i]);
	w = buf_steal(&all);
	assert_non_null(strstr(w, "deeper.zip: an archive inside an archive inside an archive, not opened"));
	assert_null(strstr(w, "logo.png"));
	free(w);
	doc_free(d);
	/* A member over what the archive has left is skipped with its reason; the others are kept. */
	extract_limits_default(&lim);
	lim.max_blocks = 3;
	d = extract_file("ls.zip", DOC_ZIP, &lim);
	assert_int_equal(d->nblocks, 1);
	assert_non_null(strstr(d->warnings.v[0], "p01-FG-MV-LS1.doc skipped: more than 3 paragraphs and table rows"));
	free(s);
	free(sls);
	doc_free(d);
	doc_free(ls);
}

static void
patch_fib(char *data, size_t len, size_t off, unsigned char val, int or)
{
	/* The WordDocument stream starts on a sector with the FIB's 0xA5EC. */
	for (size_t k = 512; k + 512 <= len; k += 512)
		if ((unsigned char)data[k] == 0xEC && (unsigned char)data[k + 1] == 0xA5) {
			data[k + off] = (char)(or ? (unsigned char)data[k + off] | val : val);
			return;
		}
	fail_msg("no FIB found");
}

static void
tiny(struct extract_limits *l)
{
	l->max_blocks = 3;
}

static void
entries2(struct extract_limits *l)
{
	l->max_entries = 2;
}

static void
test_errors(void **state)
{
	static const struct {
		const char *file;
		enum doc_type t;
		int patch; /* 1 encrypted, 2 Word 6 */
		void (*tweak)(struct extract_limits *);
		const char *msg;
	} cases[] = {
	    {"features.doc", DOC_DOC97, 1, NULL, "encrypted .doc"},
	    {"features.doc", DOC_DOC97, 2, NULL, "Word 6/95 document"},
	    {"features.docx", DOC_DOC97, 0, NULL, "not a Word 97 document"},
	    {"features.xlsx", DOC_ODT, 0, NULL, "not an .odt: no content.xml"},
	    {"features.doc", DOC_RTF, 0, NULL, "not an RTF document"},
	    {"bomb.zip", DOC_ZIP, 0, NULL, "bomb.doc: compression ratio"},
	    {"bomb-nested.zip", DOC_ZIP, 0, NULL, "inner.zip skipped: bomb.doc: compression ratio"},
	    {"pictures.zip", DOC_ZIP, 0, NULL, "no document in the archive (1 entries)"},
	    {"ls.zip", DOC_ZIP, 0, entries2, "zip has 5 entries, over the 2 limit"},
	    {"p01-FG-MV-LS1.doc", DOC_DOC97, 0, tiny, "more than 3 paragraphs and table rows"},
	    {"p01-FG-MV-LS1.rtf", DOC_RTF, 0, tiny, "more than 3 paragraphs and table rows"},
	    {"p01-FG-MV-LS1.odt", DOC_ODT, 0, tiny, "more than 3 paragraphs and table rows"},
	};

	for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		struct extract_limits lim;
		struct doc *d = NULL;
		char *err = NULL, *data;
		size_t len;

		extract_limits_default(&lim);
		if (cases[c].tweak)
			cases[c].tweak(&lim);
		data = load(cases[c].file, &len);
		if (cases[c].patch == 1)
			patch_fib(data, len, 0x0B, 0x01, 1); /* FibBase.fEncrypted */
		else if (cases[c].patch == 2) {
			patch_fib(data, len, 0x02, 0x65, 0); /* nFib 0x0065: Word 6 */
			patch_fib(data, len, 0x03, 0x00, 0);
		}
		if (extract_doc(cases[c].t, data, len, NULL, &lim, &d, &err) != -1) {
			free(data);
			doc_free(d);
			fail_msg("case %zu (%s): accepted", c, cases[c].file);
		}
		assert_null(d);
		if (!strstr(err, cases[c].msg))
			fail_msg("case %zu (%s): error \"%s\", want \"%s\"", c, cases[c].file, err, cases[c].msg);
		free(err);
		free(data);
	}
}

/* Hand-written RTF: escapes, \uN with its fallback, code pages, fields, destinations, tables, nesting. */
static void
test_rtf(void **state)
{
	static const struct {
		const char *in, *want; /* want: blocks(), or "!" and a substring of the error */
	} cases[] = {
	    {"{\\rtf1\\ansi Hello \\{world\\}\\par Bye}", "P|Hello {world}\nP|Bye\n"},
	    {"{\\rtf1\\uc1 caf\\u233?\\par \\uc2 \\u8364\\'80\\'80 euro}", "P|caf\xc3\xa9\nP|\xe2\x82\xac euro\n"},
	    {"{\\rtf1\\ansi\\ansicpg1251 \\'cf\\'f0\\'e8\\'e2\\'e5\\'f2}",
	        "P|\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82\n"},
	    {"{\\rtf1\\ansi\\ansicpg1252 \\'80 caf\\'e9\\'00}", "P|\xe2\x82\xac caf\xc3\xa9\n"},
	    {"{\\rtf1{\\fonttbl{\\f0 Times;}}{\\*\\generator Word;}{\\info{\\title T}}Body}", "P|Body\n"},
	    {"{\\rtf1{\\field{\\*\\fldinst HYPERLINK \"mailto:a@b\"}{\\fldrslt a@b}}}", "P|a@b\n"},
	    {"{\\rtf1 kept {\\deleted gone }here}", "P|kept here\n"},
	    {"{\\rtf1\\trowd\\cellx100\\cellx200 \\intbl To:\\cell SG21\\cell\\row\\pard after\\par}",
	        "T|To:|SG21\nP|after\n"},
	    {"{\\rtf1 a\\bin3 {}}b\\tab c\\line d}", "P|ab\tc\nd\n"},
	    {"{\\rtf1 \\emdash\\lquote x\\rquote}", "P|\xe2\x80\x94\xe2\x80\x98x\xe2\x80\x99\n"},
	    {"not rtf", "!not an RTF document"},
	};
	struct extract_limits lim;

	extract_limits_default(&lim);
	for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		struct doc *d = NULL;
		char *err = NULL, *s;
		int rc = extract_doc(DOC_RTF, cases[c].in, strlen(cases[c].in), NULL, &lim, &d, &err);

		if (cases[c].want[0] == '!') {
			assert_int_equal(rc, -1);
			assert_non_null(strstr(err, cases[c].want + 1));
			free(err);
			continue;
		}
		if (rc != 0)
			fail_msg("case %zu: %s", c, err);
		s = blocks(d);
		if (strcmp(s, cases[c].want))
			fail_msg("case %zu: got \"%s\", want \"%s\"", c, s, cases[c].want);
		free(s);
		doc_free(d);
	}
}

static void
test_rtf_depth(void **state)
{
	struct extract_limits lim;
	struct buf in = {0};
	struct doc *d = NULL;
	char *err = NULL;

	extract_limits_default(&lim);
	buf_adds(&in, "{\\rtf1 ");
	for (int i = 0; i < 300; i++)
		buf_addc(&in, '{');
	assert_int_equal(extract_doc(DOC_RTF, in.s, in.len, NULL, &lim, &d, &err), -1);
	assert_non_null(strstr(err, "RTF groups nested deeper than 256"));
	free(err);
	buf_free(&in);
}

/* The bytes outrank the name: RTF saved as .doc, a .docx sent as octet-stream, an .odt in a zip's clothes. */
static void
test_sniff(void **state)
{
	static const struct {
		const char *file;
		enum doc_type declared, want;
	} cases[] = {
	    {"features.rtf", DOC_DOC97, DOC_RTF},
	    {"features.docx", DOC_UNKNOWN, DOC_DOCX},
	    {"features.xlsx", DOC_ZIP, DOC_XLSX},
	    {"features.odt", DOC_ZIP, DOC_ODT},
	    {"features.doc", DOC_UNKNOWN, DOC_DOC97},
	    {"features.doc", DOC_DOCX, DOC_DOC97},
	    {"ls.zip", DOC_UNKNOWN, DOC_ZIP},
	    {"two-pages.pdf", DOC_DOCX, DOC_PDF},
	    {"features.docx", DOC_DOCX, DOC_DOCX},
	    {"table.html", DOC_HTML, DOC_HTML},
	    {"table.html", DOC_UNKNOWN, DOC_UNKNOWN},
	};

	for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		size_t len;
		char *data = load(cases[c].file, &len);
		enum doc_type t = extract_sniff(cases[c].declared, data, len);

		if (t != cases[c].want)
			fail_msg("case %zu (%s): %s, want %s", c, cases[c].file, extract_type_name(t),
			    extract_type_name(cases[c].want));
		free(data);
	}
	assert_int_equal(extract_type("application/zip", "S2-1811620.zip"), DOC_ZIP);
	assert_int_equal(extract_type("application/zip", "LS.docx"), DOC_DOCX);
	assert_int_equal(extract_type("application/octet-stream", "LS.RTF"), DOC_RTF);
	assert_int_equal(extract_type("application/vnd.oasis.opendocument.text", NULL), DOC_ODT);
	assert_int_equal(extract_type("application/x-zip-compressed", "x.bin"), DOC_ZIP);
}

/* In a message: an RTF sent as octet-stream under a .bin name is read as RTF, by its bytes. */
static void
test_message_sniff(void **state)
{
	static const char mail[] = "From: a@example.org\r\nTo: b@example.org\r\nSubject: LS\r\nMIME-Version: 1.0\r\n"
	                           "Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n"
	                           "--b\r\nContent-Type: text/plain\r\n\r\nSee attached.\r\n"
	                           "--b\r\nContent-Type: application/octet-stream\r\n"
	                           "Content-Disposition: attachment; filename=\"statement.bin\"\r\n\r\n"
	                           "{\\rtf1 Title:\\tab LS\\par}\r\n"
	                           "--b--\r\n";
	char *err = NULL;
	struct msg *m;

	msg_library_init();
	m = msg_parse(mail, sizeof(mail) - 1, &err);

	if (!m)
		fail_msg("%s", err);
	assert_int_equal(m->natt, 1);
	assert_int_equal(m->att[0].type, DOC_RTF);
	msg_free(m);
}

/* Junk gives a clean error or a document, never a crash: truncations of every new format. */
static void
test_truncated(void **state)
{
	static const struct {
		const char *file;
		enum doc_type t;
	} files[] = {
	    {"p01-FG-MV-LS1.doc", DOC_DOC97},
	    {"features.odt", DOC_ODT},
	    {"features.rtf", DOC_RTF},
	    {"ls.zip", DOC_ZIP},
	};

	for (size_t f = 0; f < sizeof(files) / sizeof(files[0]); f++) {
		size_t len;
		char *data = load(files[f].file, &len);

		for (size_t cut = 0; cut < len; cut += len / 31 + 1) {
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
	    cmocka_unit_test(test_same_as_docx),
	    cmocka_unit_test(test_features),
	    cmocka_unit_test(test_real_3gpp_doc),
	    cmocka_unit_test(test_zip),
	    cmocka_unit_test(test_errors),
	    cmocka_unit_test(test_rtf),
	    cmocka_unit_test(test_rtf_depth),
	    cmocka_unit_test(test_sniff),
	    cmocka_unit_test(test_message_sniff),
	    cmocka_unit_test(test_truncated),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
