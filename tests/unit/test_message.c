/* test_message.c: msg_parse on the corpus and on built messages: headers, RFC 2047/2231, attachments, damage, hangs. */
/* SPDX-License-Identifier: Apache-2.0 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>
#include <glib.h>

#include "message.h"

static struct msg *
parse_file(const char *name, char **raw, size_t *rawlen)
{
	char *path = xasprintf("%s/%s", CORPUS, name), *data = NULL, *err = NULL;
	size_t len = 0;
	struct msg *m;

	if (file_read(path, 64u << 20, &data, &len, &err) != 0)
		fail_msg("%s", err);
	m = msg_parse(data, len, &err);
	if (!m)
		fail_msg("%s: %s", name, err);
	assert_null(err);
	free(path);
	if (raw) {
		*raw = data;
		*rawlen = len;
	} else
		free(data);
	return m;
}

static struct msg *
parse_str(const char *s)
{
	char *err = NULL;
	struct msg *m = msg_parse(s, strlen(s), &err);

	if (!m)
		fail_msg("msg_parse: %s", err);
	return m;
}

static int
has_warning(const struct msg *m, const char *needle)
{
	for (size_t i = 0; i < m->warnings.n; i++)
		if (strcasestr(m->warnings.v[i], needle))
			return 1;
	return 0;
}

static char *
body_text(const struct msg *m)
{
	return doc_text(m->body);
}

static int
group_setup(void **state)
{
	(void)state;
	msg_library_init();
	return 0;
}

static int
group_teardown(void **state)
{
	(void)state;
	msg_library_shutdown();
	return 0;
}

#define DOCX "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

static const struct {
	const char *file;
	const char *message_id, *from_addr, *from_name, *subject, *content_type;
	long long date;
	const char *body_has; /* a line of the text body */
	size_t natt;
	const char *att_name, *att_type; /* the first attachment */
	size_t att_size;
	const char *att_sha256; /* checked with sha256sum on the attachment decoded by Python's email package */
	enum doc_type att_doc;
} corpus[] = {
    {"p01-itu-ls-docx.eml", "<fgmv-ls1.20230310@itu.int>", "tsbfgmv@itu.int", "ITU-T FG-MV",
        "FG-MV-LS1: LS on requesting collaboration on metaverse standardization work", "multipart/mixed", 1678438800LL,
        "Please find attached liaison statement FG-MV-LS1 from the ITU-T Focus Group on metaverse.", 1,
        "FG-MV-LS1.docx", DOCX, 37624, "bf155d55e7e0c74d242787d3b76bbd26b9028c33d6a101988c595a0274f303d6", DOC_DOCX},
    {"p02-itu-ls-plaintext-reply.eml", "<sg20-ls45.20240715@itu.int>", "tsbsg20@itu.int", "ITU-T SG20",
        "SG20-LS45: LS/r on FG-MV deliverables (reply to TSAG-LS35)", "text/plain", 0, NULL, 0, NULL, NULL, 0, NULL,
        DOC_UNKNOWN},
    {"p04-roadmap-input-docx.eml", "<sg21-roadmap.20260120@itu.int>", "tsbsg21@itu.int", "ITU-T SG21",
        "RE: JCA-MV-LS1 - SG21 input to the Metaverse Standardization Roadmap", "multipart/mixed", 0, NULL, 1,
        "SG21-roadmap-input.docx", DOCX, 37228, "3bf5486ee8725f3660682f1e05157e59cef0607f106ee9d0ddfd48194eef541f",
        DOC_DOCX},
    {"p05-roadmap-input-csv.eml", "<sc24-rm.20260203@bsigroup.example>", "sc24-secretariat@bsigroup.example",
        "ISO/IEC JTC 1/SC 24 Secretariat", "SC 24 contribution to the JCA-MV metaverse standardization roadmap",
        "multipart/mixed", 0, NULL, 1, "sc24-roadmap.csv", "text/csv", 602,
        "69c7d5126762b77c4655a38d7daceb1e0cab2ec6ce958463c370ec4ead5461dd", DOC_CSV},
    {"p06-roadmap-input-xlsx.eml", "<sa1-rm.20260210@etsi.example>", "3gppliaison@etsi.example",
        "3GPP Liaisons Coordinator", "3GPP SA1 roadmap input for JCA-MV", "multipart/mixed", 0, NULL, 1,
        "S1-260123_roadmap.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", 5213,
        "dfbe6e0d9b9fcf938f1133fb1f42a17a9a204ab246104db9c731281b2996b28d", DOC_XLSX},
    {"p07-auto-reply.eml", "<ooo-1@etri.example>", "rapporteur@etri.example", "Rapporteur",
        "Automatic reply: JCA-MV-LS1: LS on nomination of representatives", "text/plain", 1762509600LL,
        "I am out of the office until 20 November with limited access to e-mail.", 0, NULL, NULL, 0, NULL, DOC_UNKNOWN},
    {"p08-bounce.eml", "<dsn-1@itu.int>", "mailer-daemon@itu.int", "Mail Delivery System",
        "Undelivered Mail Returned to Sender", "multipart/report", 1762509720LL,
        "This is the mail system at host mx.itu.int.", 0, NULL, NULL, 0, NULL, DOC_UNKNOWN},
    {"p10-encoded-words.eml", "<sg21-ls82@itu.int>", "tsbsg21@itu.int", "\xec\x9d\xb4\xec\xa0\x9c\xec\x9a\xb0",
        "SG21-LS82: LS/i/r on identity for metaverse \xe2\x80\x93 reply", "multipart/mixed", 1760950800LL,
        "Attached: SG21-LS82.", 1, "\xec\x97\xb0\xeb\x9d\xbd-SG21-LS82.docx", DOCX, 37172,
        "5106dd09ca948d99709f1025c47d5a0df97a8e5a39578be830092139f87fc191", DOC_DOCX},
    {"p11-ls-pdf.eml", "<tc307-n1234@standards.example>", "tc307@standards.example", "ISO/TC 307",
        "ISO/TC 307 N 1234 liaison to JCA-MV", "multipart/mixed", 0, NULL, 1, "ISO_TC307_N1234.pdf", "application/pdf",
        1808, "80f9101248b9a01291bb7354075675f03637492ab1a535a9171609386b09413a", DOC_PDF},
    {"p12-other-correspondence.eml", "<sg20-logistics@itu.int>", "tsbsg20@itu.int", "ITU-T SG20",
        "Logistics for the JCA-MV meeting collocated with SG20, May 2026", "text/html", 0, NULL, 0, NULL, NULL, 0, NULL,
        DOC_UNKNOWN},
};

static void
test_corpus(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(corpus) / sizeof(*corpus); i++) {
		char *raw = NULL, *text;
		size_t rawlen = 0;
		struct msg *m = parse_file(corpus[i].file, &raw, &rawlen);
		gchar *hex;

		print_message("%s\n", corpus[i].file);
		assert_non_null(m->message_id);
		assert_string_equal(m->message_id, corpus[i].message_id);
		assert_string_equal(m->from_addr, corpus[i].from_addr);
		assert_string_equal(m->from_name, corpus[i].from_name);
		assert_string_equal(m->subject, corpus[i].subject);
		assert_string_equal(m->content_type, corpus[i].content_type);
		if (corpus[i].date)
			assert_int_equal(m->date, corpus[i].date);
		else
			assert_true(m->date > 1600000000LL);
		/* The raw message's hash. */
		hex = g_compute_checksum_for_data(G_CHECKSUM_SHA256, (const guchar *)raw, rawlen);
		assert_string_equal(m->sha256, hex);
		g_free(hex);
		text = body_text(m);
		if (corpus[i].body_has && !strstr(text, corpus[i].body_has))
			fail_msg("%s: body lacks \"%s\":\n%s", corpus[i].file, corpus[i].body_has, text);
		free(text);
		assert_int_equal(m->natt, corpus[i].natt);
		if (corpus[i].natt) {
			const struct msg_attachment *a = &m->att[0];
			assert_string_equal(a->filename, corpus[i].att_name);
			assert_string_equal(a->content_type, corpus[i].att_type);
			assert_int_equal(a->size, corpus[i].att_size);
			assert_string_equal(a->sha256, corpus[i].att_sha256);
			hex = g_compute_checksum_for_data(G_CHECKSUM_SHA256, a->data, a->size);
			assert_string_equal(a->sha256, hex); /* the hash is of the decoded data */
			g_free(hex);
			assert_int_equal(a->type, corpus[i].att_doc);
			assert_null(a->message);
		}
		assert_int_equal(m->warnings.n, 0); /* undamaged mail gives no warnings */
		msg_free(m);
		free(raw);
	}
}

/* p01: the folded Subject (its text starts on a continuation line) comes out on one line, without leading space. */
static void
test_p01_folded_subject(void **state)
{
	struct msg *m = parse_file("p01-itu-ls-docx.eml", NULL, NULL);

	(void)state;
	assert_string_equal(m->subject, "FG-MV-LS1: LS on requesting collaboration on metaverse standardization work");
	assert_string_equal(m->to, "tsbjcamv@itu.int");
	assert_string_equal(m->cc, "");
	assert_null(m->in_reply_to);
	assert_null(m->auto_submitted);
	assert_null(m->return_path);
	msg_free(m);
}

static void
test_p07_p08_signals(void **state)
{
	struct msg *m = parse_file("p07-auto-reply.eml", NULL, NULL);

	(void)state;
	assert_non_null(m->auto_submitted);
	assert_string_equal(m->auto_submitted, "auto-replied");
	assert_non_null(m->x_auto_response_suppress);
	assert_string_equal(m->x_auto_response_suppress, "All");
	assert_null(m->report_type);
	msg_free(m);

	m = parse_file("p08-bounce.eml", NULL, NULL);
	assert_string_equal(m->content_type, "multipart/report");
	assert_non_null(m->report_type);
	assert_string_equal(m->report_type, "delivery-status");
	assert_int_equal(m->natt, 0); /* delivery-status and rfc822-headers are not attachments */
	assert_null(m->auto_submitted);
	msg_free(m);
}

/* p09: a broken base64 part and no closing boundary: warned about, and the body is still read. */
static void
test_p09_damaged(void **state)
{
	struct msg *m = parse_file("p09-damaged-mime.eml", NULL, NULL);
	char *text = body_text(m);

	(void)state;
	assert_string_equal(m->message_id, "<sg17-ls120@itu.int>");
	if (!has_warning(m, "invalid base64"))
		fail_msg("no warning about invalid base64");
	assert_non_null(strstr(text, "Title:\tLS/i on common definition on \xe2\x80\x9cmetaverse\xe2\x80\x9d\n"));
	assert_non_null(strstr(text, "For information to:\tITU-T SG21, ITU-T SG20\n")); /* soft break joined */
	assert_int_equal(m->natt, 1);
	assert_string_equal(m->att[0].filename, "broken.bin");
	free(text);
	msg_free(m);
}

static void
test_p09_closing_boundary_warning(void **state)
{
	struct msg *m;
	struct buf all = {0};

	(void)state;
	/* With its closing boundary added, only the base64 warning is left: the other one is the boundary's. */
	{
		char *raw = NULL, *err = NULL;
		size_t len = 0;
		struct buf b = {0};
		m = parse_file("p09-damaged-mime.eml", &raw, &len);
		msg_free(m);
		buf_add(&b, raw, len);
		buf_adds(&b, "\n--XX--\n");
		m = msg_parse(b.s, b.len, &err);
		assert_non_null(m);
		assert_int_equal(m->warnings.n, 1);
		assert_non_null(strstr(m->warnings.v[0], "invalid base64"));
		msg_free(m);
		buf_free(&b);
		free(raw);
	}

	m = parse_file("p09-damaged-mime.eml", NULL, NULL);
	assert_int_equal(m->warnings.n, 2);
	for (size_t i = 0; i < m->warnings.n; i++)
		buf_printf(&all, "  %s\n", m->warnings.v[i]);
	{
		/* The operator must learn that the multipart has no closing boundary, not a meaningless offset. */
		int named = has_warning(m, "closing boundary"), minus = has_warning(m, "byte -1");
		char list[1024];
		snprintf(list, sizeof(list), "%s", buf_str(&all));
		buf_free(&all);
		msg_free(m);
		if (!named)
			fail_msg("no warning names the missing closing boundary; warnings:\n%s", list);
		if (minus)
			fail_msg("a warning gives an offset of -1; warnings:\n%s", list);
	}
}

static void
test_p12_html(void **state)
{
	struct msg *m = parse_file("p12-other-correspondence.eml", NULL, NULL);
	char *text = body_text(m);

	(void)state;
	assert_non_null(strstr(text, "Room allocations"));
	assert_null(strchr(text, '<')); /* tags are gone */
	assert_int_equal(m->natt, 0);
	free(text);
	msg_free(m);
}

static const char forwarded[] = "From: \"Chair\" <chair@example.org>\r\n"
                                "To: tsbjcamv@itu.int\r\n"
                                "Subject: Fwd: the statement\r\n"
                                "Message-ID: <outer@example.org>\r\n"
                                "MIME-Version: 1.0\r\n"
                                "Content-Type: multipart/mixed; boundary=\"OUT\"\r\n"
                                "\r\n"
                                "--OUT\r\n"
                                "Content-Type: text/plain; charset=utf-8\r\n"
                                "\r\n"
                                "See the forwarded statement.\r\n"
                                "--OUT\r\n"
                                "Content-Type: message/rfc822\r\n"
                                "Content-Disposition: attachment\r\n"
                                "\r\n"
                                "From: ITU-T SG21 <tsbsg21@itu.int>\r\n"
                                "Subject: =?utf-8?q?SG21-LS99=3A_inner_=E2=80=93_subject?=\r\n"
                                "Message-ID: <inner@itu.int>\r\n"
                                "Date: Mon, 20 Oct 2025 09:00:00 +0000\r\n"
                                "MIME-Version: 1.0\r\n"
                                "Content-Type: multipart/mixed; boundary=\"IN\"\r\n"
                                "\r\n"
                                "--IN\r\n"
                                "Content-Type: text/plain\r\n"
                                "\r\n"
                                "Inner body text.\r\n"
                                "--IN\r\n"
                                "Content-Type: text/csv; name=\"rows.csv\"\r\n"
                                "Content-Disposition: attachment; filename=\"rows.csv\"\r\n"
                                "\r\n"
                                "a,b\r\n"
                                "--IN--\r\n"
                                "\r\n"
                                "--OUT--\r\n";

static void
test_forwarded(void **state)
{
	struct msg *m = parse_str(forwarded), *in;
	char *text;
	gchar *hex;

	(void)state;
	assert_string_equal(m->subject, "Fwd: the statement");
	assert_string_equal(m->from_name, "Chair");
	assert_int_equal(m->natt, 1);
	assert_string_equal(m->att[0].content_type, "message/rfc822");
	in = m->att[0].message;
	assert_non_null(in);
	assert_string_equal(in->subject, "SG21-LS99: inner \xe2\x80\x93 subject");
	assert_string_equal(in->message_id, "<inner@itu.int>");
	assert_string_equal(in->from_addr, "tsbsg21@itu.int");
	assert_int_equal(in->date, 1760950800LL);
	text = body_text(in);
	assert_non_null(strstr(text, "Inner body text."));
	free(text);
	assert_int_equal(in->natt, 1);
	assert_string_equal(in->att[0].filename, "rows.csv");
	assert_int_equal(in->att[0].size, 3); /* the CRLF before a boundary belongs to the boundary */
	assert_memory_equal(in->att[0].data, "a,b", 3);
	/* The forwarded message's hash is that of the bytes kept as the attachment. */
	hex = g_compute_checksum_for_data(G_CHECKSUM_SHA256, m->att[0].data, m->att[0].size);
	assert_string_equal(in->sha256, hex);
	assert_string_equal(m->att[0].sha256, hex);
	g_free(hex);
	text = body_text(m);
	assert_non_null(strstr(text, "See the forwarded statement."));
	assert_null(strstr(text, "Inner body text.")); /* the inner body is not the outer one */
	free(text);
	msg_free(m);
}

static const struct {
	const char *name;
	const char *raw;
	const char *subject;
	const char *message_id;  /* NULL: absent */
	const char *in_reply_to; /* NULL: absent */
	const char *return_path; /* NULL: absent */
	const char *precedence, *list_id, *x_autoreply;
	size_t nrefs;
} headers[] = {
    {"plain", "From: a@b.c\nSubject: hello\nMessage-ID: <x@y>\n\nbody\n", "hello", "<x@y>", NULL, NULL, NULL, NULL,
        NULL, 0},
    {"no message-id", "From: a@b.c\nSubject: hello\n\nbody\n", "hello", NULL, NULL, NULL, NULL, NULL, NULL, 0},
    {"folded and encoded", "From: a@b.c\nSubject: =?iso-8859-1?q?caf=E9?=\n =?utf-8?b?4oCT?= end\n\nx\n",
        "caf\xc3\xa9\xe2\x80\x93 end", NULL, NULL, NULL, NULL, NULL, NULL, 0},
    {"tabs and newlines in subject", "From: a@b.c\nSubject: a\tb\n\t c\n\nx\n", "a b c", NULL, NULL, NULL, NULL, NULL,
        NULL, 0},
    {"reply", "From: a@b.c\nSubject: Re: x\nIn-Reply-To: <orig@itu.int>\nReferences: <r1@a> <orig@itu.int>\n\nx\n",
        "Re: x", NULL, "<orig@itu.int>", NULL, NULL, NULL, NULL, 2},
    {"null return path", "Return-Path: <>\nFrom: a@b.c\nSubject: s\n\nx\n", "s", NULL, NULL, "", NULL, NULL, NULL, 0},
    {"return path", "Return-Path: <bounce@list.example>\nFrom: a@b.c\nSubject: s\n\nx\n", "s", NULL, NULL,
        "<bounce@list.example>", NULL, NULL, NULL, 0},
    {"list", "From: a@b.c\nSubject: s\nPrecedence: bulk\nList-Id: Metaverse <mv.lists.example>\n\nx\n", "s", NULL, NULL,
        NULL, "bulk", "Metaverse <mv.lists.example>", NULL, 0},
    {"x-autoreply", "From: a@b.c\nSubject: s\nX-Autoreply: yes\n\nx\n", "s", NULL, NULL, NULL, NULL, NULL, "yes", 0},
    {"x-autorespond", "From: a@b.c\nSubject: s\nX-Autorespond: yes\n\nx\n", "s", NULL, NULL, NULL, NULL, NULL, "yes",
        0},
    {"no subject", "From: a@b.c\n\nx\n", "", NULL, NULL, NULL, NULL, NULL, NULL, 0},
};

static void
test_headers(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(headers) / sizeof(*headers); i++) {
		struct msg *m = parse_str(headers[i].raw);
#define OPT(field, want)                                                                                               \
	do {                                                                                                           \
		if ((want) ? !(field) || strcmp((field), (want)) != 0 : (field) != NULL)                               \
			fail_msg("%s: " #field " = %s, want %s", headers[i].name, (field) ? (field) : "(absent)",      \
			    (want) ? (want) : "(absent)");                                                             \
	} while (0)
		OPT(m->subject, headers[i].subject);
		OPT(m->message_id, headers[i].message_id);
		OPT(m->in_reply_to, headers[i].in_reply_to);
		OPT(m->return_path, headers[i].return_path);
		OPT(m->precedence, headers[i].precedence);
		OPT(m->list_id, headers[i].list_id);
		OPT(m->x_autoreply, headers[i].x_autoreply);
#undef OPT
		assert_int_equal(m->references.n, headers[i].nrefs);
		assert_string_equal(m->from_addr, "a@b.c");
		assert_non_null(m->body);
		assert_false(str_has_ctl(m->subject));
		msg_free(m);
	}
}

/* Every Authentication-Results header (RFC 8601), top first, unfolded; nested parts' headers are not the message's. */
static void
test_auth_results(void **state)
{
	struct msg *m = parse_str("Authentication-Results: mx.itu.int;\n\tdkim=pass header.d=itu.int\n"
	                          "Received: from x by y\n"
	                          "authentication-results: mx.evil.example; dmarc=pass header.from=itu.int\n"
	                          "From: a@b.c\nSubject: s\n\nbody\n");

	(void)state;
	assert_int_equal(m->auth_results.n, 2);
	assert_string_equal(m->auth_results.v[0], "mx.itu.int; dkim=pass header.d=itu.int");
	assert_non_null(strstr(m->auth_results.v[1], "mx.evil.example; dmarc=pass"));
	msg_free(m);
	m = parse_str("From: a@b.c\nSubject: s\n\nbody\n");
	assert_int_equal(m->auth_results.n, 0);
	msg_free(m);
}

/* RFC 2231 and RFC 2047 names of attachments; names are text, never paths. */
static void
test_attachment_names(void **state)
{
	static const struct {
		const char *disposition;
		const char *want;
	} names[] = {
	    {"attachment; filename*=utf-8''%EC%97%B0%EB%9D%BD.docx", "\xec\x97\xb0\xeb\x9d\xbd.docx"},
	    {"attachment; filename*0*=utf-8''part%20one; filename*1=\"-two.pdf\"", "part one-two.pdf"},
	    {"attachment; filename=\"=?utf-8?b?7Jew6529LmRvY3g=?=\"", "\xec\x97\xb0\xeb\x9d\xbd.docx"},
	    {"attachment; filename=\"../../etc/passwd\"", "../../etc/passwd"},
	    {"attachment", ""},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++) {
		struct buf b = {0};
		struct msg *m;
		buf_printf(&b,
		    "From: a@b.c\nSubject: s\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=B\n\n"
		    "--B\nContent-Type: text/plain\n\nbody\n"
		    "--B\nContent-Type: application/octet-stream\nContent-Disposition: %s\n"
		    "Content-Transfer-Encoding: base64\n\naGVsbG8=\n--B--\n",
		    names[i].disposition);
		m = parse_str(buf_str(&b));
		assert_int_equal(m->natt, 1);
		if (strcmp(m->att[0].filename, names[i].want) != 0)
			fail_msg("case %zu: filename \"%s\", want \"%s\"", i, m->att[0].filename, names[i].want);
		assert_int_equal(m->att[0].size, 5);
		assert_memory_equal(m->att[0].data, "hello", 5);
		assert_string_equal(
		    m->att[0].sha256, "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
		msg_free(m);
		buf_free(&b);
	}
}

static void
test_empty(void **state)
{
	char *err = NULL;
	struct msg *m;

	(void)state;
	m = msg_parse("", 0, &err);
	assert_null(m);
	assert_non_null(err);
	assert_string_equal(err, "empty message");
	free(err);
	msg_free(NULL);
}

/* Parses raw in a child process; fails if it does not finish within the time. */
static void
parse_within(const char *raw, size_t len, int seconds, const char *what)
{
	pid_t pid = fork();
	int status = 0;

	assert_true(pid >= 0);
	if (pid == 0) {
		char *err = NULL;
		struct msg *m = msg_parse(raw, len, &err);
		_exit(m && m->subject ? 0 : 3);
	}
	for (int i = 0; i < seconds * 20; i++) {
		pid_t r = waitpid(pid, &status, WNOHANG);
		struct timespec ts = {0, 50 * 1000 * 1000};
		if (r == pid) {
			if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
				fail_msg("%s: the parse ended badly (status %d)", what, status);
			return;
		}
		nanosleep(&ts, NULL);
	}
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	fail_msg("%s: msg_parse did not return within %d s", what, seconds);
}

/* GMime issue 165: a parameter list that makes the boundary getter re-encode the header forever. */
static const char issue165[] =
    "From: a@b.c\nSubject: x\nContent-Type: multipart/mixed;\n \xd1\x9c\xd1\x9c=\"\xd1\x9c\";\n\nbody\n";

static void
test_issue165(void **state)
{
	(void)state;
	parse_within(issue165, sizeof(issue165) - 1, 20, "top-level");
	{
		/* And in this process: a message comes back. */
		char *err = NULL;
		struct msg *m = msg_parse(issue165, sizeof(issue165) - 1, &err);
		assert_non_null(m);
		assert_string_equal(m->subject, "x");
		assert_string_equal(m->content_type, "multipart/mixed");
		msg_free(m);
	}
	{
		/* The same header inside a forwarded message (which is written back out as the attachment). */
		struct buf b = {0};
		buf_adds(&b,
		    "From: a@b.c\nSubject: outer\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=OUT\n\n"
		    "--OUT\nContent-Type: text/plain\n\nsee below\n--OUT\nContent-Type: message/rfc822\n\n");
		buf_adds(&b, issue165);
		buf_adds(&b, "--OUT--\n");
		parse_within(b.s, b.len, 20, "forwarded");
		buf_free(&b);
	}
}

/* Hostile shapes: deep nesting and many parts are cut off with a warning, never a crash. */
static void
test_limits(void **state)
{
	struct buf b = {0};
	struct msg *m;

	(void)state;
	buf_adds(&b, "From: a@b.c\nSubject: deep\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=b0\n\n");
	for (int i = 1; i <= 20; i++)
		buf_printf(&b, "--b%d\nContent-Type: multipart/mixed; boundary=b%d\n\n", i - 1, i);
	buf_adds(&b, "--b20\nContent-Type: text/plain\n\ndeep text\n");
	for (int i = 20; i >= 0; i--)
		buf_printf(&b, "--b%d--\n", i);
	m = parse_str(buf_str(&b));
	assert_true(has_warning(m, "nesting deeper"));
	msg_free(m);

	buf_reset(&b);
	buf_adds(&b, "From: a@b.c\nSubject: many\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=B\n\n");
	for (int i = 0; i < 600; i++)
		buf_printf(&b, "--B\nContent-Type: application/octet-stream; name=\"f%d.bin\"\n\nx\n", i);
	buf_adds(&b, "--B--\n");
	m = parse_str(buf_str(&b));
	assert_true(has_warning(m, "more than 512 parts"));
	assert_true(m->natt < 512);
	msg_free(m);
	buf_free(&b);
}

/* What GMime would build an object for is counted first: over a cap, the message is refused unparsed;
 * at the cap, it is parsed. The count is over every line, so the lines at the cap go in a text body, where
 * GMime makes nothing of them (real fields and parts by the 100,000 take minutes under ASan). */
static void
test_object_caps(void **state)
{
	static const struct {
		const char *what;
		int fields, dashes; /* "X-N: v" and "--B" lines in the body */
		size_t field;       /* bytes of one X-Long header field, folded in lines of 72 */
		const char *err;    /* NULL: parsed */
	} cases[] = {
	    {"100,000 fields", 100000 - 3, 0, 0, NULL},
	    {"100,001 fields", 100001 - 3, 0, 0, "more than 100000 header fields (not parsed)"},
	    {"a field of 256 KiB less a line", 0, 0, 256 * 1024 - 200, NULL},
	    {"a field over 256 KiB", 0, 0, 256 * 1024 + 1, "a header field of more than 262144 bytes (not parsed)"},
	    {"25,000 boundary lines", 0, 25000, 0, NULL},
	    {"25,001 boundary lines", 0, 25001, 0, "more than 25000 MIME boundary lines (not parsed)"},
	};

	(void)state;
	for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		struct buf b = {0};
		char *err = NULL;
		struct msg *m;

		/* Three fields: From, Subject, Content-Type (the X-Long field is the fourth when there is one). */
		buf_adds(&b, "From: a@b.c\nSubject: caps\n");
		if (cases[c].field) {
			buf_adds(&b, "X-Long: ");
			for (size_t n = 8; n < cases[c].field; n += 72)
				buf_adds(
				    &b, "\n aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
			buf_adds(&b, "\n");
		}
		buf_adds(&b, "Content-Type: text/plain\n\n");
		for (int i = 0; i < cases[c].fields; i++)
			buf_printf(&b, "X-%d: v\n", i);
		for (int i = 0; i < cases[c].dashes; i++)
			buf_adds(&b, "--B\n");
		m = msg_parse(b.s, b.len, &err);
		if (cases[c].err) {
			if (m || !err || strcmp(err, cases[c].err) != 0)
				fail_msg(
				    "%s: want \"%s\", got %s", cases[c].what, cases[c].err, err ? err : "a message");
		} else if (!m)
			fail_msg("%s: refused: %s", cases[c].what, err);
		msg_free(m);
		free(err);
		buf_free(&b);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_corpus),
	    cmocka_unit_test(test_p01_folded_subject),
	    cmocka_unit_test(test_p07_p08_signals),
	    cmocka_unit_test(test_p09_damaged),
	    cmocka_unit_test(test_p09_closing_boundary_warning),
	    cmocka_unit_test(test_p12_html),
	    cmocka_unit_test(test_forwarded),
	    cmocka_unit_test(test_headers),
	    cmocka_unit_test(test_auth_results),
	    cmocka_unit_test(test_attachment_names),
	    cmocka_unit_test(test_empty),
	    cmocka_unit_test(test_object_caps),
	    cmocka_unit_test(test_issue165),
	    cmocka_unit_test(test_limits),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
