/* test_compose.c: outgoing mail: header injection, RFC 2047 subjects, RFC 3834 headers, CRLF, bare addresses. */
/* SPDX-License-Identifier: Apache-2.0 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <cmocka.h>

#include "compose.h"
#include "message.h"

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

/* The header section, unfolded: one header a line, lines joined by '\n'. Owned. */
static char *
headers_of(const char *mail)
{
	const char *end = strstr(mail, "\r\n\r\n");
	struct buf b = {0};

	assert_non_null(end);
	for (const char *p = mail; p < end; p++) {
		if (p[0] == '\r' && p[1] == '\n' && (p[2] == ' ' || p[2] == '\t')) {
			p++; /* a fold: the white space stays, the line break goes */
			continue;
		}
		if (p[0] == '\r' && p[1] == '\n') {
			buf_addc(&b, '\n');
			p++;
			continue;
		}
		buf_addc(&b, *p);
	}
	buf_addc(&b, '\n');
	return buf_steal(&b);
}

/* The value of the first header called name (unfolded), or NULL. Owned. */
static char *
header_value(const char *hdrs, const char *name)
{
	size_t n = strlen(name);

	for (const char *p = hdrs; *p;) {
		const char *nl = strchr(p, '\n');
		if (strncasecmp(p, name, n) == 0 && p[n] == ':') {
			const char *v = p + n + 1;
			while (*v == ' ')
				v++;
			return xstrndup(v, (size_t)(nl - v));
		}
		p = nl + 1;
	}
	return NULL;
}

static int
count_headers(const char *hdrs, const char *name)
{
	size_t n = strlen(name);
	int k = 0;

	for (const char *p = hdrs; *p;) {
		const char *nl = strchr(p, '\n');
		if (strncasecmp(p, name, n) == 0 && p[n] == ':')
			k++;
		p = nl + 1;
	}
	return k;
}

static void
assert_crlf(const char *mail, size_t len)
{
	assert_true(len >= 2);
	for (size_t i = 0; i < len; i++) {
		if (mail[i] == '\n' && (i == 0 || mail[i - 1] != '\r'))
			fail_msg("bare LF at byte %zu", i);
		if (mail[i] == '\r' && (i + 1 >= len || mail[i + 1] != '\n'))
			fail_msg("bare CR at byte %zu", i);
	}
	assert_int_equal(mail[len - 2], '\r');
	assert_int_equal(mail[len - 1], '\n');
}

static char *
compose_ok(const struct compose *c, size_t *len)
{
	char *err = NULL, *mail = compose_mail(c, len, &err);

	if (!mail)
		fail_msg("compose_mail: %s", err);
	assert_null(err);
	assert_int_equal(strlen(mail), *len);
	assert_crlf(mail, *len);
	return mail;
}

static const struct {
	const char *name;
	const char *subject;
	const char *want_subject; /* decoded by msg_parse */
} subjects[] = {
    {"injection", "Ack\r\nBcc: evil@x", "Ack Bcc: evil@x"},
    {"bare LF", "Ack\nBcc: evil@x", "Ack Bcc: evil@x"},
    {"bare CR", "Ack\rTo: evil@x", "Ack To: evil@x"},
    {"double CRLF", "Ack\r\n\r\nbody injected", "Ack body injected"},
    {"NUL-free controls",
        "A\x01"
        "B\x1b"
        "C\x7f"
        "D",
        "A B C D"},
    {"non-ASCII",
        "Accus\xc3\xa9 de r\xc3\xa9"
        "ception \xe2\x80\x93 SG21-LS82 \xec\x97\xb0\xeb\x9d\xbd",
        "Accus\xc3\xa9 de r\xc3\xa9"
        "ception \xe2\x80\x93 SG21-LS82 \xec\x97\xb0\xeb\x9d\xbd"},
    {"long",
        "Acknowledgement: LS on requesting collaboration on metaverse standardization work, with a subject "
        "long enough to be folded over several header lines by any conforming writer",
        "Acknowledgement: LS on requesting collaboration on metaverse standardization work, with a subject "
        "long enough to be folded over several header lines by any conforming writer"},
    {"empty", "", ""},
};

static void
test_subjects(void **state)
{
	struct strv to = {0};

	(void)state;
	strv_push(&to, "Sender <sender@example.org>");
	for (size_t i = 0; i < sizeof(subjects) / sizeof(*subjects); i++) {
		struct compose c = {"JCA-MV Secretariat <tsbjcamv@itu.int>", &to, subjects[i].subject, NULL,
		    "auto-replied", "Thank you.\n", 1778457600LL, NULL};
		size_t len = 0;
		char *mail = compose_ok(&c, &len), *h = headers_of(mail), *err = NULL;
		struct msg *m;

		print_message("%s\n", subjects[i].name);
		/* One of each header that matters; nothing smuggled in. */
		assert_int_equal(count_headers(h, "Bcc"), 0);
		assert_int_equal(count_headers(h, "Subject"), 1);
		assert_int_equal(count_headers(h, "To"), 1);
		assert_int_equal(count_headers(h, "From"), 1);
		/* Header bytes are 7-bit. */
		for (const char *p = h; *p; p++)
			if ((unsigned char)*p >= 0x80)
				fail_msg("%s: 8-bit byte in the header section", subjects[i].name);
		/* Read back, the subject is the text with controls as spaces. */
		m = msg_parse(mail, len, &err);
		assert_non_null(m);
		if (strcmp(m->subject, subjects[i].want_subject) != 0)
			fail_msg("%s: subject read back \"%s\", want \"%s\"", subjects[i].name, m->subject,
			    subjects[i].want_subject);
		assert_string_equal(m->from_addr, "tsbjcamv@itu.int");
		msg_free(m);
		free(h);
		free(mail);
	}
	strv_free(&to);
}

static void
test_headers(void **state)
{
	struct strv to = {0};
	struct compose c = {"JCA-MV Secretariat <tsbjcamv@itu.int>", &to,
	    "Accus\xc3\xa9 de r\xc3\xa9"
	    "ception",
	    "<sg21-ls82@itu.int>", "auto-replied", "Line one\nLine two \xe2\x80\x93 caf\xc3\xa9\n", 1778457600LL, NULL};
	size_t len = 0;
	char *mail, *h, *v, *err = NULL;
	struct msg *m;

	(void)state;
	strv_push(&to, "Sender <Sender@Example.ORG>");
	strv_push(&to, "other@example.org");
	mail = compose_ok(&c, &len);
	h = headers_of(mail);

	v = header_value(h, "Subject");
	assert_non_null(v);
	assert_non_null(strcasestr(v, "=?utf-8?")); /* RFC 2047 */
	free(v);
	v = header_value(h, "Auto-Submitted");
	assert_non_null(v);
	assert_string_equal(v, "auto-replied");
	free(v);
	v = header_value(h, "X-Auto-Response-Suppress");
	assert_non_null(v);
	assert_string_equal(v, "All");
	free(v);
	v = header_value(h, "In-Reply-To");
	assert_non_null(v);
	assert_string_equal(v, "<sg21-ls82@itu.int>");
	free(v);
	v = header_value(h, "References");
	assert_non_null(v);
	assert_string_equal(v, "<sg21-ls82@itu.int>");
	free(v);
	v = header_value(h, "Message-Id");
	assert_non_null(v);
	assert_non_null(strstr(v, "@itu.int>"));
	free(v);
	v = header_value(h, "Date");
	assert_non_null(v);
	assert_non_null(strstr(v, "11 May 2026"));
	free(v);
	v = header_value(h, "To");
	assert_non_null(v);
	assert_non_null(strstr(v, "sender@example.org")); /* bare, lower case: no display name carried over */
	assert_non_null(strstr(v, "other@example.org"));
	assert_null(strstr(v, "Sender <"));
	free(v);

	m = msg_parse(mail, len, &err);
	assert_non_null(m);
	assert_string_equal(m->subject,
	    "Accus\xc3\xa9 de r\xc3\xa9"
	    "ception");
	assert_string_equal(m->in_reply_to, "<sg21-ls82@itu.int>");
	assert_string_equal(m->auto_submitted, "auto-replied");
	assert_int_equal(m->date, 1778457600LL);
	{
		char *text = doc_text(m->body);
		assert_non_null(strstr(text, "Line one\nLine two \xe2\x80\x93 caf\xc3\xa9"));
		free(text);
	}
	msg_free(m);
	free(h);
	free(mail);

	/* Without Auto-Submitted: neither header. */
	c.auto_submitted = NULL;
	c.in_reply_to = NULL;
	mail = compose_ok(&c, &len);
	h = headers_of(mail);
	assert_int_equal(count_headers(h, "Auto-Submitted"), 0);
	assert_int_equal(count_headers(h, "X-Auto-Response-Suppress"), 0);
	assert_int_equal(count_headers(h, "In-Reply-To"), 0);
	free(h);
	free(mail);
	strv_free(&to);
}

static const char *const bad_reply_ids[] = {
    "<a@b>\r\nBcc: evil@x",
    "<a@b>\nBcc: evil@x",
    "<a@b\r\n>",
    "<a b@c>",
    "a@b",
    "<a@b",
    "a@b>",
    "<ab>",
    "<>",
    "<a@b> <c@d>",
    "<a@b>x",
    "<a\"@b>",
    "",
    "<a@b>\x01",
};

static void
test_bad_in_reply_to(void **state)
{
	struct strv to = {0};

	(void)state;
	strv_push(&to, "sender@example.org");
	for (size_t i = 0; i < sizeof(bad_reply_ids) / sizeof(*bad_reply_ids); i++) {
		struct compose c = {
		    "tsbjcamv@itu.int", &to, "Ack", bad_reply_ids[i], "auto-replied", "x", 1778457600LL, NULL};
		size_t len = 0;
		char *mail = compose_ok(&c, &len), *h = headers_of(mail);

		if (count_headers(h, "In-Reply-To") || count_headers(h, "References") || count_headers(h, "Bcc"))
			fail_msg("case %zu: In-Reply-To \"%s\" was not dropped:\n%s", i, bad_reply_ids[i], h);
		free(h);
		free(mail);
	}
	strv_free(&to);
}

static void
test_refused(void **state)
{
	struct strv to = {0}, bad = {0};
	struct compose c = {"not a mailbox", &to, "Ack", NULL, NULL, "x", 1778457600LL, NULL};
	size_t len = 0;
	char *err = NULL;

	(void)state;
	strv_push(&to, "sender@example.org");
	assert_null(compose_mail(&c, &len, &err));
	assert_non_null(err);
	assert_non_null(strstr(err, "smtp.from"));
	free(err);
	err = NULL;
	c.from = "tsbjcamv@itu.int\r\nBcc: evil@x";
	assert_null(compose_mail(&c, &len, &err));
	free(err);
	err = NULL;

	c.from = "tsbjcamv@itu.int";
	strv_push(&bad, "ok@example.org");
	strv_push(&bad, "victim@example.org\r\nRCPT TO:<evil@x>");
	c.to = &bad;
	assert_null(compose_mail(&c, &len, &err));
	assert_non_null(err);
	free(err);
	strv_free(&bad);
	strv_free(&to);
}

static const struct {
	const char *in, *out; /* out NULL: refused */
} addrs[] = {
    {"Name <Foo@Example.ORG>", "foo@example.org"},
    {"foo@example.org", "foo@example.org"},
    {"<foo@example.org>", "foo@example.org"},
    {"\"Doe, Jane\" <jane@example.org>", "jane@example.org"},
    {"=?utf-8?b?7J207KCc7Jqw?= <tsbsg21@itu.int>", "tsbsg21@itu.int"},
    {"a@b\r\nRCPT TO:<x>", NULL},
    {"a@b\nRCPT TO:<x>", NULL},
    {"a@b\rx", NULL},
    {"a@b\t", NULL},
    {"two@a.b, three@c.d", NULL},
    {"no-at-sign", NULL},
    {"", NULL},
    {"Group: a@b.c, d@e.f;", NULL},
    {"Undisclosed recipients:;", NULL},
};

static void
test_address_only(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(addrs) / sizeof(*addrs); i++) {
		char *got = address_only(addrs[i].in);
		if (addrs[i].out ? !got || strcmp(got, addrs[i].out) != 0 : got != NULL)
			fail_msg("case %zu: address_only(\"%s\") = %s, want %s", i, addrs[i].in, got ? got : "NULL",
			    addrs[i].out ? addrs[i].out : "NULL");
		if (got) {
			assert_false(str_has_ctl(got));
			assert_null(strpbrk(got, " <>,;\""));
		}
		free(got);
	}
	assert_null(address_only(NULL));
}

/*
 * GMime's loose parser stops where it cannot go on and returns what it read: a second mailbox after
 * ';' or the part after a second '@' must not be dropped silently, leaving another address.
 */
static void
test_address_trailing_junk(void **state)
{
	static const char *const lists[] = {"two@a.b; three@c.d", "Two <two@a.b>; three@c.d", "a@b@c"};
	struct buf bad = {0};

	(void)state;
	for (size_t i = 0; i < sizeof(lists) / sizeof(*lists); i++) {
		char *got = address_only(lists[i]);
		if (got)
			buf_printf(&bad, "  address_only(\"%s\") = %s\n", lists[i], got);
		free(got);
	}
	if (bad.len) {
		char msg[1024];
		snprintf(msg, sizeof(msg), "%s", buf_str(&bad));
		buf_free(&bad);
		fail_msg("part of the input is dropped, want NULL:\n%s", msg);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_subjects),
	    cmocka_unit_test(test_headers),
	    cmocka_unit_test(test_bad_in_reply_to),
	    cmocka_unit_test(test_refused),
	    cmocka_unit_test(test_address_only),
	    cmocka_unit_test(test_address_trailing_junk),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
