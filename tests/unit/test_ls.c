/* test_ls.c: ls_parse on every template (corpus bodies, cover tables, PDF text, fixtures), ls_merge, hostile input. */
/* SPDX-License-Identifier: Apache-2.0 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "doc.h"
#include "ls.h"

/* A document written as lines: "a | b | c" is a table row (cells split on " | "), anything else a paragraph. */
static struct doc *
build(const char *const *lines)
{
	struct doc *d = doc_new();
	int table = -1;

	for (size_t i = 0; lines[i]; i++) {
		const char *s = lines[i], *bar;
		if (!strstr(s, " | ") && !(strlen(s) > 2 && strcmp(s + strlen(s) - 2, " |") == 0)) {
			doc_add_para(d, s);
			table = -1;
			continue;
		}
		if (table < 0)
			table = doc_table_begin(d);
		doc_row_begin(d, table);
		for (;;) {
			bar = strstr(s, " |");
			char *cell = xstrndup(s, bar ? (size_t)(bar - s) : strlen(s));
			doc_row_cell(d, cell);
			free(cell);
			if (!bar)
				break;
			s = bar + 2;
			if (*s == ' ')
				s++;
		}
	}
	return d;
}

/* Quoted-printable, as the MIME layer would decode it. */
static char *
qp_decode(const char *s, size_t n)
{
	struct buf b = {0};

	for (size_t i = 0; i < n; i++) {
		if (s[i] == '=' && i + 1 < n && s[i + 1] == '\n') {
			i++;
		} else if (s[i] == '=' && i + 2 < n) {
			char hex[3] = {s[i + 1], s[i + 2], 0};
			buf_addc(&b, (char)strtol(hex, NULL, 16));
			i += 2;
		} else {
			buf_addc(&b, s[i]);
		}
	}
	return buf_steal(&b);
}

/* The first text part's body of a corpus message (quoted-printable). */
static struct doc *
corpus_body(const char *name)
{
	char *path = xasprintf("%s/%s", CORPUS, name), *data = NULL, *err = NULL, *text;
	const char *b, *e;
	size_t len;
	struct doc *d = doc_new();

	if (file_read(path, 1 << 20, &data, &len, &err) != 0)
		fail_msg("%s: %s", path, err);
	/* CRLF to LF first: the corpus is stored as it came off the wire */
	for (size_t i = 0, j = 0; i <= len; i++)
		if (data[i] != '\r')
			data[j++] = data[i];
	b = strstr(data, "quoted-printable\n\n");
	assert_non_null(b);
	b += strlen("quoted-printable\n\n");
	e = strstr(b, "\n--XX");
	text = qp_decode(b, e ? (size_t)(e - b) : strlen(b));
	doc_add_lines(d, text, strlen(text));
	free(text);
	free(data);
	free(path);
	return d;
}

static struct doc *
fixture(const char *name)
{
	char *path = xasprintf("%s/ls/%s", FIXTURES, name), *data = NULL, *err = NULL;
	size_t len;
	struct doc *d = doc_new();

	if (file_read(path, 1 << 20, &data, &len, &err) != 0)
		fail_msg("%s: %s", path, err);
	doc_add_lines(d, data, len);
	free(data);
	free(path);
	return d;
}

struct expect {
	const char *what;
	const char *tmpl; /* NULL: not a liaison statement */
	const char *ref, *source, *title, *deadline, *deadline_text;
	const char *action, *comment, *info, *emails, *reply_to; /* "|"-joined, "" for none */
	const char *approval, *abstract_starts;
};

static void
check_list(const char *what, const char *field, const struct strv *got, const char *want)
{
	struct buf b = {0};

	for (size_t i = 0; i < got->n; i++)
		buf_printf(&b, "%s%s", i ? "|" : "", got->v[i]);
	if (strcmp(buf_str(&b), want) != 0)
		fail_msg("%s: %s\n expected %s\n got      %s", what, field, want, buf_str(&b));
	buf_free(&b);
}

static void
check_str(const char *what, const char *field, const char *got, const char *want)
{
	if (!want ? got != NULL : (!got || strcmp(got, want) != 0))
		fail_msg("%s: %s: expected %s, got %s", what, field, want ? want : "NULL", got ? got : "NULL");
}

static void
check(const struct expect *x, struct doc *d, const char *subject)
{
	struct ls *ls = ls_parse(d, NULL, "body", subject);
	struct strv mails = {0};

	if (!x->tmpl) {
		if (ls)
			fail_msg("%s: expected no liaison statement, got template %s title %s", x->what,
			    ls->template_name, ls->title);
		doc_free(d);
		return;
	}
	if (!ls)
		fail_msg("%s: no liaison statement read", x->what);
	check_str(x->what, "template", ls->template_name, x->tmpl);
	check_str(x->what, "ref", ls->ref, x->ref);
	check_str(x->what, "source", ls->source, x->source);
	check_str(x->what, "title", ls->title, x->title);
	check_str(x->what, "deadline", ls->deadline, x->deadline);
	check_str(x->what, "deadline_text", ls->deadline_text, x->deadline_text);
	check_list(x->what, "for_action", &ls->for_action, x->action);
	check_list(x->what, "for_comment", &ls->for_comment, x->comment);
	check_list(x->what, "for_information", &ls->for_information, x->info);
	for (size_t i = 0; i < ls->ncontacts; i++)
		strv_push(&mails, ls->contacts[i].email);
	check_list(x->what, "contacts", &mails, x->emails);
	check_list(x->what, "reply_to", &ls->reply_to, x->reply_to);
	if (x->approval)
		check_str(x->what, "approval", ls->approval, x->approval);
	if (x->abstract_starts &&
	    (!ls->abstract || strncmp(ls->abstract, x->abstract_starts, strlen(x->abstract_starts)) != 0))
		fail_msg("%s: abstract: expected %s…, got %s", x->what, x->abstract_starts,
		    ls->abstract ? ls->abstract : "NULL");
	/* every field set says where it came from */
	if (ls->title) {
		size_t i;
		for (i = 0; i < ls->nprov && strcmp(ls->prov[i].field, "title") != 0; i++)
			;
		if (i == ls->nprov || !strstr(ls->prov[i].origin, "body (") || !strstr(ls->prov[i].origin, x->tmpl))
			fail_msg("%s: no provenance for title", x->what);
	}
	strv_free(&mails);
	ls_free(ls);
	doc_free(d);
}

static const char *const p01_rows[] = {
    "INTERNATIONAL TELECOMMUNICATION UNION",
    "TELECOMMUNICATION STANDARDIZATION SECTOR",
    "STUDY PERIOD 2022-2024",
    "FG-MV-LS1",
    "Focus Group on metaverse",
    "Original: English",
    "Riyadh, 8-9 March 2023",
    "Ref.: | FG-MV-O-001 |",
    "Source: | FG-MV |",
    "Title: | LS on requesting collaboration on metaverse standardization work |",
    "LIAISON STATEMENT |  |",
    "For action to: | ITU-R SG5, IEC SEG15, IEC TC57, IEC TC65, IEC TC79, IEC TC85, IEC TC100, ISO TC68, ISO TC69, ISO "
    "TC133, "
    "ISO TC184, ISO TC 307, ISO/IEC JTC1 SC24, ISO/IEC JTC1 SC27, ISO/IEC JTC1 SC29, ISO/IEC JTC1 SC38, ISO/IEC JTC1 "
    "SC41, "
    "ISO/IEC JTC1 SC43, IEEE SA, W3C, IETF, ETSI ISG-ARF, 3GPP SA1, 3GPP SA4, IPv6 Forum, Broadband Forum, TMForum, "
    "ISO/IEC JTC 1 SC42, INATBA, ITU IRG AVA, ETSI TC Cyber, ISO/IEC JTC1 SC35, World Metaverse Council, Metaverse "
    "Standards "
    "Forum, Open Metaverse Foundation, Digital Twin Consortium, VRM consortium, and IOWN Global Forum |",
    "For information to: | ITU-T SGs 2, 3, 5, 9, 11, 12, 13, 15, 16, 17, 20, and TSAG; ITU-D SGs 1, 2; ITU-R SG6 |",
    "Approval: | ITU-T FG-MV meeting (Riyadh, 09 March 2023) |",
    "Deadline: | 30 June 2023 |",
    "Contact: | Shin-Gak Kang\nETRI\nRep. of Korea\nE-mail: sgkang@etri.re.kr |",
    "Contact: | Hideo Imanaka\nNICT\nJapan\nE-mail: h.imanaka@nict.go.jp |",
    "Abstract: | A new ITU-T Focus Group on metaverse (FG-MV) established in December 2022, would like to collaborate "
    "with SDOs on metaverse. |",
    "A new ITU-T Focus Group on metaverse (FG-MV) was created in December 2022.",
    NULL,
};

static const struct expect p01 = {
    "p01 docx cover table",
    "itu-t",
    "FG-MV-LS1",
    "ITU-T FG-MV",
    "LS on requesting collaboration on metaverse standardization work",
    "2023-06-30",
    "30 June 2023",
    "ITU-R SG5|IEC SEG 15|IEC TC 57|IEC TC 65|IEC TC 79|IEC TC 85|IEC TC 100|ISO/TC 68|ISO/TC 69|ISO/TC 133|ISO/TC 184|"
    "ISO/TC 307|ISO/IEC JTC 1/SC 24|ISO/IEC JTC 1/SC 27|ISO/IEC JTC 1/SC 29|ISO/IEC JTC 1/SC 38|ISO/IEC JTC 1/SC 41|"
    "ISO/IEC JTC 1/SC 43|IEEE SA|W3C|IETF|ETSI ISG ARF|3GPP SA1|3GPP SA4|IPv6 Forum|Broadband Forum|TM Forum|"
    "ISO/IEC JTC 1/SC 42|INATBA|ITU IRG-AVA|ETSI TC CYBER|ISO/IEC JTC 1/SC 35|World Metaverse Council|"
    "Metaverse Standards Forum|Open Metaverse Foundation|Digital Twin Consortium|VRM consortium|IOWN Global Forum",
    "",
    "ITU-T SG2|ITU-T SG3|ITU-T SG5|ITU-T SG9|ITU-T SG11|ITU-T SG12|ITU-T SG13|ITU-T SG15|ITU-T SG16|ITU-T SG17|"
    "ITU-T SG20|ITU-T TSAG|ITU-D SG1|ITU-D SG2|ITU-R SG6",
    "sgkang@etri.re.kr|h.imanaka@nict.go.jp",
    "",
    "ITU-T FG-MV meeting (Riyadh, 09 March 2023)",
    "A new ITU-T Focus Group",
};

static const char *const p10_rows[] = {
    "INTERNATIONAL TELECOMMUNICATION UNION",
    "STUDY PERIOD 2025-2028",
    "SG21-LS82",
    "Source: | ITU-T Study Group 21 |",
    "Title: | LS/i/r on the initiation of two new work items related to identity for metaverse (reply to SG20-LS9) |",
    "For action to: | ITU-T SG20 |",
    "For information to: | JCA-MV |",
    "Approval: | ITU-T Study Group 21 meeting (Geneva, 17 October 2025) |",
    "Deadline: | 2026-05-11 |",
    "Contact: | 강신각 (Shin-Gak Kang)\nETRI\nE-mail: SGKang@etri.re.kr |",
    "Abstract: | ITU-T SG21 thanks SG20 for its liaison on identity for metaverse. |",
    NULL,
};

static const struct expect p10 = {
    "p10 docx cover table",
    "itu-t",
    "SG21-LS82",
    "ITU-T SG21",
    "LS/i/r on the initiation of two new work items related to identity for metaverse (reply to SG20-LS9)",
    "2026-05-11",
    "2026-05-11",
    "ITU-T SG20",
    "",
    "ITU-T JCA-MV",
    "sgkang@etri.re.kr",
    "SG20-LS9",
    NULL,
    "ITU-T SG21 thanks",
};

static const char *const p11_lines[] = {
    "ISO/TC 307 N 1234",
    "ISO/TC 307 Blockchain and distributed ledger technologies",
    "Document type: Liaison statement",
    "Title: Liaison statement to ITU-T JCA-MV on DLT work related to metaverse",
    "Source: ISO/TC 307",
    "For action to: ITU-T JCA-MV",
    "For information to: ITU-T SG21, ISO/IEC JTC 1/SC 24",
    "Deadline: 1 April 2026",
    "Contact: ISO/TC 307 Committee Manager, E-mail: tc307@standards.example",
    "ISO/TC 307 thanks the JCA-MV for its liaison statement and provides information on ISO 22739.",
    NULL,
};

static const struct expect p11 = {
    "p11 pdf text",
    "iso",
    "ISO/TC 307 N 1234",
    "ISO/TC 307",
    "Liaison statement to ITU-T JCA-MV on DLT work related to metaverse",
    "2026-04-01",
    "1 April 2026",
    "ITU-T JCA-MV",
    "",
    "ITU-T SG21|ISO/IEC JTC 1/SC 24",
    "tc307@standards.example",
    "",
    NULL,
    NULL,
};

static void
test_cover_tables(void **state)
{
	(void)state;
	check(&p01, build(p01_rows), "FG-MV-LS1");
	check(&p10, build(p10_rows), NULL);
	check(&p11, build(p11_lines), "ISO/TC 307 N 1234 liaison to JCA-MV");
}

static void
test_corpus_bodies(void **state)
{
	static const struct expect p02 = {
	    "p02 plain-text body",
	    "itu-t",
	    "SG20-LS45",
	    "ITU-T SG20",
	    "LS/r on FG-MV deliverables (reply to TSAG-LS35)",
	    "2024-07-29",
	    "29 July 2024",
	    "ITU-T TSAG",
	    "",
	    "ITU-T SG16|ITU-T SG17",
	    "tsbsg20@itu.int",
	    "TSAG-LS35",
	    "ITU-T Study Group 20 meeting (Geneva, 12 July 2024)",
	    "This liaison statement is a reply to TSAG-LS35 on metaverse. ITU-T Study Group 20 informs TSAG of its "
	    "interest",
	};
	static const struct expect p09 = {
	    "p09 soft breaks",
	    "itu-t",
	    "SG17-LS120",
	    "ITU-T SG17",
	    "LS/i on common definition on “metaverse”",
	    NULL,
	    "N/A",
	    "ITU-T TSAG|ITU-T JCA-MV",
	    "",
	    "ITU-T SG21|ITU-T SG20",
	    "tsbsg17@itu.int",
	    "",
	    NULL,
	    NULL,
	};

	(void)state;
	check(&p02, corpus_body("p02-itu-ls-plaintext-reply.eml"),
	    "SG20-LS45: LS/r on FG-MV deliverables (reply to TSAG-LS35)");
	check(&p09, corpus_body("p09-damaged-mime.eml"), "SG17-LS120: LS/i on common definition on \"metaverse\"");
}

static void
test_fixtures(void **state)
{
	static const struct {
		const char *file, *subject;
		struct expect x;
	} cases[] = {
	    {"3gpp-s1-260123.txt", NULL,
	        {"3gpp", "3gpp", "S1-260123", "3GPP SA1", "LS on mobile metaverse services and the JCA-MV roadmap",
	            "2026-02-27", "27 February 2026", "3GPP SA4|ITU-T JCA-MV", "", "3GPP SA2|3GPP TSG SA",
	            "jane.roe@example.com", "SP-251234|JCA-MV-LS1", NULL, "SA1 thanks the ITU-T JCA-MV"}},
	    {"etsi-arf-26-000123.txt", NULL,
	        {"etsi", "etsi", "ARF(26)000123", "ETSI ISG ARF",
	            "LS on the ARF functional reference architecture and metaverse standardization", "2026-03-31",
	            "31.03.2026", "ITU-T JCA-MV|ITU-T SG21", "", "ETSI TC CYBER|Metaverse Standards Forum",
	            "alice.martin@example.org", "JCA-MV-LS1", NULL, "ETSI ISG ARF thanks"}},
	    {"ietf-datatracker-1234.txt", NULL,
	        {"ietf", "ietf", "LS-1234", "IETF",
	            "Liaison statement on IETF work related to metaverse and immersive media", "2026-03-06",
	            "2026-03-06", "ITU-T JCA-MV", "", "",
	            "jane.doe@example.net|john.smith@example.com|mia.wong@example.org", "JCA-MV-LS1|LS-1200", NULL,
	            "The IETF thanks the JCA-MV"}},
	    {"iso-jtc1-sc29-n23456.txt", NULL,
	        {"iso jtc 1", "iso", "ISO/IEC JTC 1/SC 29 N 23456", "ISO/IEC JTC 1/SC 29",
	            "Liaison statement to ITU-T JCA-MV on MPEG immersive media standards", "2026-04-15", "2026-04-15",
	            "ITU-T JCA-MV|ITU-T SG21", "", "ISO/IEC JTC 1/SC 24|Metaverse Standards Forum",
	            "sc29-secretariat@example.jp", "", NULL, NULL}},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++)
		check(&cases[i].x, fixture(cases[i].file), cases[i].subject);
}

/* The same template written in other layouts: label alone, fields out of order, number in the subject. */
static void
test_itut_layouts(void **state)
{
	static const char *const alone[] = {
	    "TSAG-LS40",
	    "",
	    "Title:",
	    "",
	    "LS on the allocation of FG-MV deliverables",
	    "",
	    "Source:",
	    "TSAG",
	    "",
	    "For comment to:",
	    "ITU-T SG21",
	    "",
	    "Deadline:",
	    "Two weeks before the next meeting",
	    "",
	    "Contact:",
	    "Jane Roe",
	    "ACME Corp.",
	    "Switzerland",
	    "Tel: +41 22 730 0000",
	    "E-mail: Jane.Roe@Example.COM",
	    NULL,
	};
	static const struct expect x_alone = {
	    "label alone",
	    "itu-t",
	    "TSAG-LS40",
	    "ITU-T TSAG",
	    "LS on the allocation of FG-MV deliverables",
	    NULL,
	    "Two weeks before the next meeting",
	    "",
	    "ITU-T SG21",
	    "",
	    "jane.roe@example.com",
	    "",
	    NULL,
	    NULL,
	};
	static const char *const reordered[] = {
	    "Deadline:   Friday 16 January 2026",
	    "For information to: ITU-T SG16",
	    "Title:  LS on avatar interoperability, in reply to SG16-LS12 and SG16-LS13",
	    "For action to:   ITU-T Study Group 21, JCA-MV",
	    "Source: ITU-T Study Group 20",
	    NULL,
	};
	static const struct expect x_reordered = {
	    "reordered, number from subject",
	    "itu-t",
	    "SG20-LS50",
	    "ITU-T SG20",
	    "LS on avatar interoperability, in reply to SG16-LS12 and SG16-LS13",
	    "2026-01-16",
	    "Friday 16 January 2026",
	    "ITU-T SG21|ITU-T JCA-MV",
	    "",
	    "ITU-T SG16",
	    "",
	    "SG16-LS12|SG16-LS13",
	    NULL,
	    NULL,
	};
	static const char *const wrapped[] = {
	    "JCA-MV-LS2",
	    "LIAISON STATEMENT",
	    "Source:\tITU-T JCA-MV",
	    "Title:\tLS on the second edition of the Metaverse Standardization Roadmap and the call",
	    "for input from standards bodies",
	    "For action to:\tISO/IEC JTC 1/SC 24, ISO/IEC JTC 1/SC 29,",
	    "\tW3C and IEEE SA",
	    "Deadline:\tMarch 31, 2026",
	    "",
	    "Body text that is not part of any field.",
	    NULL,
	};
	static const struct expect x_wrapped = {
	    "wrapped values",
	    "itu-t",
	    "JCA-MV-LS2",
	    "ITU-T JCA-MV",
	    "LS on the second edition of the Metaverse Standardization Roadmap and the call for input from standards "
	    "bodies",
	    "2026-03-31",
	    "March 31, 2026",
	    "ISO/IEC JTC 1/SC 24|ISO/IEC JTC 1/SC 29|W3C|IEEE SA",
	    "",
	    "",
	    "",
	    "",
	    NULL,
	    NULL,
	};

	(void)state;
	check(&x_alone, build(alone), NULL);
	check(&x_reordered, build(reordered), "SG20-LS50: LS on avatar interoperability (reply to SG16-LS12)");
	check(&x_wrapped, build(wrapped), NULL);
}

/* Layouts met in statements nobody here had seen (tests/fixtures/ls_template_layouts has them end to end). */
static void
test_unseen_layouts(void **state)
{
	/* a four-column header row; merged cells come repeated, once per column they span */
	static const char *const merged[] = {
	    "Question(s): | 16/13 | Meeting, date: | Geneva, 2-13 February 2026",
	    "Source: | ITU-T Study Group 13 (Networks) | ITU-T Study Group 13 (Networks)",
	    "Title: | LS on network requirements | LS on network requirements | LS on network requirements",
	    "For action to: | ITU-T JCA-MV",
	    "Deadline: | 15 May 2026 (SG21 meeting) | 15 May 2026 (SG21 meeting)",
	    "Contact: | Jiguang Cao, China Mobile | E-mail: cao@example.cn",
	    NULL,
	};
	static const struct expect x_merged = {"merged and four-column cells", "itu-t", "SG13-LS77", "ITU-T SG13",
	    "LS on network requirements", "2026-05-15", "15 May 2026 (SG21 meeting)", "ITU-T JCA-MV", "", "",
	    "cao@example.cn", "", NULL, NULL};
	/* a reply carrying its own statement above the quoted original */
	static const char *const reply[] = {
	    "SG21-LS88",
	    "Source: ITU-T Study Group 21",
	    "Title: LS/r on the roadmap (reply to JCA-MV-LS3)",
	    "For information to: ITU-T JCA-MV",
	    "Contact: Hideo Imanaka, E-mail: h.imanaka@example.jp",
	    "-----Original Message-----",
	    "JCA-MV-LS3",
	    "Source: ITU-T JCA-MV",
	    "Title: LS on the roadmap",
	    "For action to: ITU-T SG20, ITU-T SG21",
	    "Contact: JCA-MV Secretariat, E-mail: tsbjcamv@itu.int",
	    NULL,
	};
	static const struct expect x_reply = {"quoted original left out", "itu-t", "SG21-LS88", "ITU-T SG21",
	    "LS/r on the roadmap (reply to JCA-MV-LS3)", NULL, NULL, "", "", "ITU-T JCA-MV", "h.imanaka@example.jp",
	    "JCA-MV-LS3", NULL, NULL};
	/* 3GPP: who is asked, not who else an ACTION paragraph names; a source signed by its secretariat */
	static const char *const tgpp[] = {
	    "3GPP TSG-SA4 Meeting #135\tS4-260123",
	    "Title:\tLS on immersive media",
	    "Source:\tTSG SA WG4 Secretariat",
	    "To:\tITU-T JCA-MV, ITU-T SG21",
	    "Cc:\tETSI ISG ARF",
	    "Send any reply LS to:\t3GPP Liaisons Coordinator, mailto:3GPPLiaison@etsi.org",
	    "2. Actions",
	    "ACTION: SA4 asks ITU-T SG21 to provide information on its avatar work.",
	    "ACTION: SA4 asks JCA-MV to take the study into account.",
	    "SA4 would appreciate a reply by 3GPP TSG SA#112 (June 2026).",
	    "3. Date of next TSG SA WG4 meetings",
	    NULL,
	};
	static const struct expect x_tgpp = {"3GPP asked bodies", "3gpp", "S4-260123", "3GPP SA4",
	    "LS on immersive media", NULL, NULL, "ITU-T SG21|ITU-T JCA-MV", "", "ETSI ISG ARF", "", "", NULL, NULL};

	(void)state;
	check(&x_merged, build(merged), "SG13-LS77: LS on network requirements");
	check(&x_reply, build(reply), "RE: JCA-MV-LS3: LS on the roadmap");
	check(&x_tgpp, build(tgpp), NULL);
}

static void
test_unseen2_layouts(void **state)
{
	/* "Ref.:" names the statement answered; the text's thanks are not needed then */
	static const char *const refrow[] = {
	    "JCA-IoT-LS3",
	    "Ref.:\tJCA-MV-LS4",
	    "Source:\tITU-T JCA-IoT and SC&C",
	    "Title:\tLS/r on roadmap alignment",
	    "LIAISON STATEMENT",
	    "For action to:\tITU-T JCA-MV",
	    NULL,
	};
	static const struct expect x_refrow = {"Ref. row", "itu-t", "JCA-IoT-LS3", "ITU-T JCA-IoT and SC&C",
	    "LS/r on roadmap alignment", NULL, NULL, "ITU-T JCA-MV", "", "", "", "JCA-MV-LS4", NULL, NULL};
	/* an LS/r whose cover names nothing it answers: the text does; its own number is never a reply */
	static const char *const thanks[] = {
	    "SG17-LS155",
	    "Reference:\tSG17-LS155",
	    "Title:\tLS/r on security for the roadmap",
	    "LIAISON STATEMENT",
	    "For action to:\tITU-T JCA-MV",
	    "SG17 thanks the JCA-MV for JCA-MV-LS3 and provides its list.",
	    NULL,
	};
	static const struct expect x_thanks = {"reply named in the text", "itu-t", "SG17-LS155", "ITU-T SG17",
	    "LS/r on security for the roadmap", NULL, NULL, "ITU-T JCA-MV", "", "", "", "JCA-MV-LS3", NULL, NULL};
	/* one body per line, known or not, up to the next label */
	static const char *const lines[] = {
	    "SG13-LS90",
	    "Title:\tLS on network capabilities",
	    "LIAISON STATEMENT",
	    "For information to:\tITU-T SG21",
	    "ITU-R WP 5D",
	    "GSMA",
	    "Approval:\tSG13 meeting",
	    "SG13 informs the addressees.",
	    NULL,
	};
	static const struct expect x_lines = {"one body per line", "itu-t", "SG13-LS90", "ITU-T SG13",
	    "LS on network capabilities", NULL, NULL, "", "", "ITU-T SG21|ITU-R WP 5D|GSMA", "", "", NULL, NULL};
	/* IEC: the committee and the document type come from the number */
	static const char *const iec[] = {
	    "SEG 15/45/INF",
	    "Title: | Liaison statement on metaverse use cases",
	    "Liaison to: | ITU-T JCA-MV",
	    NULL,
	};
	static const struct expect x_iec = {"IEC INF document", "iso", "SEG 15/45/INF", "IEC SEG 15",
	    "Liaison statement on metaverse use cases", NULL, NULL, "", "", "ITU-T JCA-MV", "", "", NULL, NULL};
	/* ITU-R: number, heading addressees, copy line, title */
	static const char *const itur[] = {
	    "Radiocommunication Study Groups",
	    "Source: Document 6B/TEMP/89 | Document 6B/171-E",
	    "LIAISON STATEMENT TO ITU-T JCA-MV",
	    "(copy for information to ITU-T SG21)",
	    "Immersive audio-visual systems",
	    "Status:\tFor action",
	    "Deadline:\t15 April 2026",
	    NULL,
	};
	static const struct expect x_itur = {"ITU-R liaison", "itu-r", "6B/171", "ITU-R WP 6B",
	    "Immersive audio-visual systems", "2026-04-15", "15 April 2026", "ITU-T JCA-MV", "", "ITU-T SG21", "", "",
	    NULL, NULL};
	/* a body's own letter */
	static const char *const letter[] = {
	    "LIAISON STATEMENT",
	    "From: Metaverse Standards Forum",
	    "To: ITU-T JCA-MV, ITU-T SG21",
	    "Subject: Metaverse glossary",
	    "Action requested: The Forum asks the JCA-MV to review the glossary by 31 March 2026.",
	    NULL,
	};
	static const struct expect x_letter = {"liaison letter", "letter", NULL, "Metaverse Standards Forum",
	    "Metaverse glossary", "2026-03-31", "31 March 2026", "ITU-T JCA-MV", "", "ITU-T SG21", "", "", NULL, NULL};
	/* "Actions: To SA4: …" names the body asked; "Due date", "Contact person" */
	static const char *const actions[] = {
	    "LIAISON STATEMENT",
	    "From: Metaverse Standards Forum",
	    "To: 3GPP SA4, ITU-T SG21",
	    "Title: LS on gizmo rendering",
	    "Actions: To SA4: please review the gizmo specification.",
	    "Due date: 12 May 2026",
	    "Contact person: Jane Roe, jane@example.org",
	    NULL,
	};
	static const struct expect x_actions = {"actions to a body", "letter", NULL, "Metaverse Standards Forum",
	    "LS on gizmo rendering", "2026-05-12", "12 May 2026", "3GPP SA4", "", "ITU-T SG21", "jane@example.org", "",
	    NULL, NULL};
	/* forwarded headers with no addresses, a sentence about liaison statements below them */
	static const char *const fwd[] = {
	    "From: Jane Member",
	    "To: JCA-MV Secretariat",
	    "Subject: Liaison statements for June",
	    "Which liaison statements will be on the agenda?",
	    NULL,
	};
	static const struct expect none = {
	    "not a letter", NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL};

	(void)state;
	check(&x_refrow, build(refrow), NULL);
	check(&x_thanks, build(thanks), NULL);
	check(&x_lines, build(lines), NULL);
	check(&x_iec, build(iec), NULL);
	check(&x_itur, build(itur), NULL);
	check(&x_letter, build(letter), NULL);
	check(&x_actions, build(actions), NULL);
	check(&none, build(fwd), "RE: Liaison statements for June");
}

static void
test_not_liaisons(void **state)
{
	static const char *const letter[] = {
	    "The next meeting of JCA-MV will be held in conjunction with the meeting of ITU-T Study Group 20, "
	    "11 to 22 May 2026 in Geneva. Room allocations will follow.",
	    NULL,
	};
	static const char *const roadmap[] = {
	    "Annex 1: template for input to the Metaverse Standardization Roadmap",
	    "SDO / Org. | Reference | Type | Title | Status | Category | Summary",
	    "ITU-T SG21 | H.MV-HIA | Draft Recommendation | High-level interoperability architecture | Under "
	    "development | Interoperability | x",
	    NULL,
	};
	static const char *const forwarded_headers[] = {
	    "From: Jane <jane@example.org>",
	    "To: tsbjcamv@itu.int",
	    "Subject: lunch",
	    "Date: Mon, 2 Mar 2026",
	    "",
	    "Shall we meet on Tuesday?",
	    NULL,
	};
	static const char *const empty[] = {NULL};
	static const struct expect none = {
	    "not a liaison", NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL};

	(void)state;
	check(&none, build(letter), "Logistics for the JCA-MV meeting collocated with SG20, May 2026");
	check(&none, build(roadmap), "Roadmap input");
	check(&none, build(forwarded_headers), "lunch");
	check(&none, build(empty), NULL);
	assert_null(ls_parse(NULL, NULL, "body", NULL));
}

/* A document that is one paragraph of text, as a mail body or a page's text arrives. */
static struct doc *
text_doc(const char *text)
{
	struct doc *d = doc_new();

	doc_add_para(d, text);
	return d;
}

static void
test_page_layouts(void **state)
{
	/* a tracker page: labels without colons, group codes, a Cc of people, numbers only in attachment names */
	static const char page[] =
	    "Liaison statement\n"
	    "LS on widget numbering\n"
	    "\n"
	    "State Posted\n"
	    "Submitted Date 2025-02-03\n"
	    "From Group 3GPP-TSGSA-SA2\n"
	    "From Contact jane@example.org\n"
	    "To Groups wxyz, OPS\n"
	    "To Contacts Alice <alice@example.org>\n"
	    "CcBob Smith\n"
	    "Widget Discussion List <>\n"
	    "Response Contact r1@example.com;\n"
	    "r2@example.com\n"
	    "Purpose For comment\n"
	    "Deadline 2025-04-30 Action Needed\n"
	    "Attachments SP-250001_was_SP-250000\n"
	    "S2-2500123 was 0999r02\n"
	    "SA2 thanks you for your work on widgets and asks for your comments on the numbering plan.\n";
	static const struct expect x_page = {"tracker page", "ietf", "S2-2500123", "3GPP SA2", "LS on widget numbering",
	    "2025-04-30", "2025-04-30 Action Needed", "", "IETF WXYZ|IETF OPS", "",
	    "jane@example.org|r1@example.com|r2@example.com", "", NULL, NULL};
	/* the older page: "From <group> (<person>)", a To cut inside its parentheses */
	static const char old[] = "Liaison statement\n"
	                          "Gadget encoding\n"
	                          "\n"
	                          "Submission date 2009-01-02\n"
	                          "From IETF GADGET WG (Carol Chair)\n"
	                          "To ITU-T SG15 Question 6 (\n"
	                          "Cc Dan Doe, Erin Roe, IESG, GADGET mailing list\n"
	                          "Response contact carol@example.net\n"
	                          "Technical contact\n"
	                          "Purpose For action\n"
	                          "Attachments (None)\n"
	                          "The GADGET working group asks SG15 to review the encoding of the gadget label.\n";
	static const struct expect x_old = {"older tracker page", "ietf", NULL, "IETF GADGET", "Gadget encoding", NULL,
	    NULL, "ITU-T SG15", "", "", "carol@example.net", "", NULL, NULL};
	/* the same page rendered as a Markdown table, "Purpose" over "For action" */
	static const char md[] =
	    "Liaison statement\n"
	    "LS on gizmos\n"
	    "| State | Posted |\n"
	    "|---|---|\n"
	    "| Submitted Date | 2026-01-30 |\n"
	    "| From Group | ITU-T-SG-17 |\n"
	    "| From Contact | tsbsg17@itu.int |\n"
	    "| To Groups | IAB, IESG |\n"
	    "| Cc | The IESG <iesg@ietf.org> The IAB <iab@iab.org> The IETF Chair <chair@ietf.org> Dan "
	    "<dan@example.org> |\n"
	    "| Response Contact | a@example.org; b@example.org |\n"
	    "| Purpose | For action |\n"
	    "| Deadline | 2026-03-09 Action Taken |\n"
	    "| Body |\n"
	    "SG17 asks the IAB to review the gizmo strategy.\n";
	static const struct expect x_md = {"tracker page as a table", "ietf", NULL, "ITU-T SG17", "LS on gizmos",
	    "2026-03-09", "2026-03-09 Action Taken", "IAB|IESG", "", "", "tsbsg17@itu.int|a@example.org|b@example.org",
	    "", NULL, NULL};
	/* sentences that begin with label words are not a header block */
	static const char prose[] = "To the members of the group\n"
	                            "For your information, the meeting has moved.\n"
	                            "From next week the rooms change.\n"
	                            "Cc list updated by the secretariat\n"
	                            "Purpose of the meeting is planning.\n";
	static const struct expect none = {
	    "prose", NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL};

	(void)state;
	check(&x_page, text_doc(page), NULL);
	check(&x_old, text_doc(old), NULL);
	check(&x_md, text_doc(md), NULL);
	check(&none, text_doc(prose), "Meeting");
}

static void
test_flat_and_marked(void **state)
{
	/* mandatory fields marked "Title:*", the number in the page header "Doc# …doc", "Send replies to" */
	static const char *const marked[] = {
	    "Doc# TP-2020-0123R02-LS_to_ABC.doc",
	    "Liaison Statement",
	    "Title:*  Gizmo collaboration",
	    "Source:*  oneM2M TP",
	    "Date:*  2020-10-21",
	    "To:*  ABC Gizmo Group",
	    "Copy to:",
	    "In response to:  n/a",
	    "Send replies to:*  liaison@example.org",
	    "List of attachments:  n/a",
	    NULL,
	};
	/* an ITU-T cover flattened by a converter into one line */
	static const char flat[] =
	    "INTERNATIONAL TELECOMMUNICATION UNION STUDY PERIOD 2025-2028 Question(s): 3/17 Geneva, 1-5 June 2026 "
	    "Source: ITU-T SG 17 (Geneva, 1-5 June 2026) Title: LS on gizmo security LIAISON STATEMENT To: TSAG "
	    "Approval: Agreed at SG17 meeting For: Information Deadline: 6 April 2027 Contact: Ann Example Tel: +41 22 "
	    "000 0000 Email: ann@example.org 1. Introduction SG17 informs about gizmo security.";
	struct ls *ls;
	struct doc *d = build(marked);

	(void)state;
	ls = ls_parse(d, NULL, "body", NULL);
	assert_non_null(ls);
	assert_string_equal(ls->ref, "TP-2020-0123R02");
	assert_string_equal(ls->title, "Gizmo collaboration");
	assert_string_equal(ls->source, "oneM2M");
	assert_int_equal(ls->ncontacts, 1);
	assert_string_equal(ls->contacts[0].email, "liaison@example.org");
	ls_free(ls);
	doc_free(d);
	d = text_doc(flat);
	ls = ls_parse(d, NULL, "body", NULL);
	assert_non_null(ls);
	assert_string_equal(ls->template_name, "itu-t");
	assert_string_equal(ls->source, "ITU-T SG17");
	assert_string_equal(ls->title, "LS on gizmo security");
	assert_string_equal(ls->deadline, "2027-04-06");
	assert_int_equal(ls->ncontacts, 1);
	assert_string_equal(ls->contacts[0].email, "ann@example.org");
	ls_free(ls);
	doc_free(d);
}

static void
test_announced(void **state)
{
	/* a page that kept only its body: the subject announces a statement, the sender's address names the body */
	static const char body[] = "The board thanks you for the white paper and offers the following review.\n";
	/* a page reduced to its title: the title is the page's */
	static const char titled[] = "Liaison statement\nGizmo YANG module\n\nPosted Date 2017-03-25\n"
	                             "Thank you for your liaison on the gizmo module.\n";
	struct doc *d = text_doc(body);
	struct ls *ls;

	(void)state;
	ls = ls_parse_from(d, NULL, "body", "New Liaison Statement, \"Review of the white paper\"", "IAB");
	assert_non_null(ls);
	assert_string_equal(ls->title, "Review of the white paper");
	assert_string_equal(ls->source, "IAB");
	ls_free(ls);
	ls = ls_parse_from(d, NULL, "body", "Liaison statement", "IAB");
	assert_non_null(ls);
	assert_null(ls->title);
	assert_string_equal(ls->source, "IAB");
	ls_free(ls);
	/* nobody the directory knows, a reply about a statement, or no announcement: nothing */
	assert_null(ls_parse_from(d, NULL, "body", "New Liaison Statement, \"Review\"", NULL));
	assert_null(ls_parse_from(d, NULL, "body", "Re: [wg] New Liaison Statement, \"Review\"", "IAB"));
	assert_null(ls_parse_from(d, NULL, "body", "White paper", "IAB"));
	assert_null(ls_parse(d, NULL, "body", "Liaison statement"));
	doc_free(d);
	d = text_doc(titled);
	ls = ls_parse_from(d, NULL, "body", "New Liaison Statement, \"Gizmo YANG module\"", "IEEE 802.1");
	assert_non_null(ls);
	assert_string_equal(ls->title, "Gizmo YANG module");
	assert_string_equal(ls->source, "IEEE 802.1");
	ls_free(ls);
	doc_free(d);
	/* its To line, by address or name, under its "For Action:"; the Cc informs no one */
	d = text_doc(
	    "To: tsbsg13@itu.int Jane Roe Q5/13 CC: IESG IAB Bob Example Carol Example For Action: As a result "
	    "of the activities at the last meeting, the IAB formed a group on gizmos and asks you to review the "
	    "gizmo.\n");
	ls = ls_parse_from(d, NULL, "body", "Liaison statement", "IETF");
	assert_non_null(ls);
	assert_int_equal(ls->for_action.n, 1);
	assert_string_equal(ls->for_action.v[0], "ITU-T SG13");
	assert_int_equal(ls->for_information.n, 0);
	ls_free(ls);
	doc_free(d);
}

static void
test_revision_and_star(void **state)
{
	/* the revised document's number is not the statement's */
	static const char *const revised[] = {
	    "3GPP TSG-SA4 Meeting #135",
	    "(revision of S4-260100)",
	    "Tdoc S4-260123",
	    "Title:\tLS on gizmo media",
	    "Source:\tTSG SA WG4",
	    "To:\tITU-T SG21",
	    "2. Actions",
	    "ACTION: SA4 asks ITU-T SG21 to provide information on gizmos.",
	    NULL,
	};
	/* labels marked by an asterisk alone */
	static const char *const starred[] = {
	    "Liaison Statement",
	    "Title* Gizmo collaboration",
	    "Source* oneM2M TP",
	    "To* ITU-T SG21",
	    "Send replies to* liaison@example.org",
	    NULL,
	};
	/* an ITU-T number of before 2009 */
	static const char *const com[] = {
	    "INTERNATIONAL TELECOMMUNICATION UNION",
	    "COM 13 \xe2\x80\x93 LS 45 Rev.2 \xe2\x80\x93 E",
	    "Source: ITU-T SG13",
	    "Title: LS on gizmo networks",
	    "LIAISON STATEMENT",
	    "For action to: ITU-T SG11",
	    NULL,
	};
	struct doc *d = build(revised);
	struct ls *ls = ls_parse(d, NULL, "body", NULL);

	(void)state;
	assert_non_null(ls);
	assert_string_equal(ls->template_name, "3gpp");
	assert_string_equal(ls->ref, "S4-260123");
	ls_free(ls);
	doc_free(d);
	d = build(starred);
	ls = ls_parse(d, NULL, "body", NULL);
	assert_non_null(ls);
	assert_string_equal(ls->title, "Gizmo collaboration");
	assert_string_equal(ls->source, "oneM2M");
	assert_int_equal(ls->ncontacts, 1);
	assert_string_equal(ls->contacts[0].email, "liaison@example.org");
	ls_free(ls);
	doc_free(d);
	d = build(com);
	ls = ls_parse(d, NULL, "body", NULL);
	assert_non_null(ls);
	assert_string_equal(ls->ref, "COM 13 \xe2\x80\x93 LS 45 Rev.2");
	ls_free(ls);
	doc_free(d);
}

static void
test_old_register(void **state)
{
	/* an older JTC 1 statement: "/N755" numbers, "Status: Liaison Statement to …", the answered document after the
	 * subject */
	static const char text[] =
	    "ISO/IEC JTC1/SGFS/N755 SGFS discussed the statement from WG15 and produced the following reply. "
	    "Subject: Issues relating to gizmo profiles, SGFS/N733 Source: ISO/IEC JTC1/SGFS Status: Liaison Statement "
	    "to ISO/IEC JTC1/SC22/WG15 Date: December 1992 General The issues raised in this document are recognised "
	    "as having applicability in several areas.";
	struct doc *d = text_doc(text);
	struct ls *ls = ls_parse(d, NULL, "body", "n353");

	(void)state;
	assert_non_null(ls);
	assert_string_equal(ls->template_name, "iso");
	assert_string_equal(ls->ref, "ISO/IEC JTC1/SGFS/N755");
	assert_string_equal(ls->title, "Issues relating to gizmo profiles");
	assert_int_equal(ls->reply_to.n, 1);
	assert_string_equal(ls->reply_to.v[0], "SGFS/N733");
	ls_free(ls);
	doc_free(d);
}

static struct ls *
parse_lines(const char *const *lines, const char *origin)
{
	struct doc *d = build(lines);
	struct ls *ls = ls_parse(d, NULL, origin, NULL);

	doc_free(d);
	return ls;
}

static void
test_3gpp_registered(void **state)
{
	/* registered again by SA2: the sender's own number; "R2- 1816041" as Word left it; an Actions section
	 * without ACTION:; an address with its "@" spelled out */
	static const char *const reg[] = {
	    "SA WG2 Meeting #S2-129BIS\tS2-1811620",
	    "West Palm Beach, USA\t(revision of S2-1811226)",
	    "3GPP TSG-RAN WG2 Meeting #103bis\tR2- 1816041",
	    "Title:\tReply LS on gizmo allocation",
	    "Response to:\tS4- 180219",
	    "Source:\tRAN2",
	    "To:\tSA4",
	    "Cc:\tSA2",
	    "Contact Person:",
	    "Name:\tAnn Gizmo",
	    "E-mail Address:\tann.gizmo [at] example.com",
	    "Send any reply LS to:\t3GPP Liaisons Coordinator, mailto:liaisons@example.org",
	    "1. Overall Description:",
	    "RAN2 thanks SA4 for their LS.",
	    "2. Actions:",
	    "To SA4:",
	    "RAN2 would like to ask SA4 to take the above information into account.",
	    "To SA2:",
	    "RAN2 would like to inform SA2 of the above.",
	    "3. Date of Next TSG-RAN2 Meetings:",
	    NULL,
	};
	struct ls *ls = parse_lines(reg, "body");

	(void)state;
	assert_non_null(ls);
	assert_string_equal(ls->template_name, "3gpp");
	assert_string_equal(ls->ref, "R2-1816041");
	assert_int_equal(ls->reply_to.n, 1);
	assert_string_equal(ls->reply_to.v[0], "S4-180219");
	check_list("3gpp registered", "for_action", &ls->for_action, "3GPP SA4");
	check_list("3gpp registered", "for_information", &ls->for_information, "3GPP SA2");
	assert_int_equal(ls->ncontacts, 1);
	assert_string_equal(ls->contacts[0].email, "ann.gizmo@example.com");
	ls_free(ls);
}

static void
test_merge(void **state)
{
	static const char *const body[] = {
	    "SG21-LS82",
	    "Source: ITU-T SG21",
	    "Title: LS on identity",
	    "For action to: ITU-T SG20",
	    "Deadline: 11 May 2026",
	    "Contact: Shin-Gak Kang, E-mail: sgkang@etri.re.kr",
	    NULL,
	};
	static const char *const att[] = {
	    "SG21-LS82",
	    "Source: | ITU-T Study Group 21 |",
	    "Title: | LS/i/r on identity for metaverse |",
	    "For action to: | ITU-T SG20 |",
	    "For information to: | JCA-MV |",
	    NULL,
	};
	struct ls *b = parse_lines(body, "body"), *a = parse_lines(att, "attachment SG21-LS82.docx"), *m;
	int title_from_att = 0, deadline_from_body = 0;

	(void)state;
	assert_non_null(b);
	assert_non_null(a);
	m = ls_merge(b, a);
	assert_string_equal(m->title, "LS/i/r on identity for metaverse");
	assert_string_equal(m->deadline, "2026-05-11");
	assert_int_equal(m->ncontacts, 1);
	assert_int_equal(m->for_information.n, 1);
	assert_int_equal(m->warnings.n, 1);
	assert_string_equal(m->warnings.v[0],
	    "field title: body says LS on identity, attachment says LS/i/r on identity for "
	    "metaverse; the attachment's is kept");
	for (size_t i = 0; i < m->nprov; i++) {
		if (strcmp(m->prov[i].field, "title") == 0)
			title_from_att = strncmp(m->prov[i].origin,
			                     "attachment SG21-LS82.docx (itu-t template, cover table)", 55) == 0;
		if (strcmp(m->prov[i].field, "deadline") == 0)
			deadline_from_body = strncmp(m->prov[i].origin, "body (itu-t", 11) == 0;
	}
	assert_true(title_from_att);
	assert_true(deadline_from_body);
	ls_free(m);
	assert_null(ls_merge(NULL, NULL));
	m = ls_merge(parse_lines(body, "body"), NULL);
	assert_string_equal(m->title, "LS on identity");
	ls_free(m);
	ls_free(NULL);
}

static void
test_hostile(void **state)
{
	struct buf b = {0};
	struct doc *d = doc_new();
	struct ls *ls;
	clock_t t0 = clock();

	(void)state;
	buf_adds(&b, "SG20-LS1\nTitle: x\nFor action to: ");
	while (b.len < 4u << 20)
		buf_adds(&b, "SG20 and ITU-T SGs 2, 3, ");
	buf_adds(&b, "\nContact: ");
	while (b.len < 6u << 20)
		buf_adds(&b, "a@b.c x ");
	buf_adds(&b, "\nAbstract: ");
	while (b.len < 8u << 20)
		buf_adds(&b, "Title:\n\n:\t\n-LS-LS1 ");
	doc_add_lines(d, b.s, b.len);
	ls = ls_parse(d, NULL, "body", NULL);
	assert_non_null(ls);
	assert_true(ls->for_action.n <= 500);
	assert_true(ls->ncontacts <= 50);
	assert_true(!ls->abstract || strlen(ls->abstract) <= 65536);
	ls_free(ls);
	doc_free(d);
	/* one 8 MB line with no breaks */
	d = doc_new();
	doc_add_para(d, b.s);
	ls_free(ls_parse(d, NULL, "body", "x"));
	doc_free(d);
	buf_free(&b);
	assert_true((double)(clock() - t0) / CLOCKS_PER_SEC < 20.0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_cover_tables),
	    cmocka_unit_test(test_corpus_bodies),
	    cmocka_unit_test(test_fixtures),
	    cmocka_unit_test(test_itut_layouts),
	    cmocka_unit_test(test_unseen_layouts),
	    cmocka_unit_test(test_unseen2_layouts),
	    cmocka_unit_test(test_not_liaisons),
	    cmocka_unit_test(test_page_layouts),
	    cmocka_unit_test(test_flat_and_marked),
	    cmocka_unit_test(test_announced),
	    cmocka_unit_test(test_old_register),
	    cmocka_unit_test(test_revision_and_star),
	    cmocka_unit_test(test_3gpp_registered),
	    cmocka_unit_test(test_merge),
	    cmocka_unit_test(test_hostile),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
