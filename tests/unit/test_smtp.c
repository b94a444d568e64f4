/* test_smtp.c: the SMTP transport's pure helpers: URLs, envelope addresses, replies and grading (RFC 5321, 3207). */
/* SPDX-License-Identifier: Apache-2.0 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <curl/curl.h>

#include "smtp_int.h"
#include "transport.h"
#include "url.h"

static void
test_url(void **state)
{
	struct smtp_url u;
	char *err = NULL;
	(void)state;

	assert_int_equal(smtp_url_parse("smtp://mail.example.org:587", &u, &err), 0);
	assert_string_equal(u.authority, "mail.example.org:587");
	assert_string_equal(u.host, "mail.example.org");
	assert_int_equal(u.tls, 0);
	smtp_url_clear(&u);
	assert_int_equal(smtp_url_parse("smtps://mail.example.org", &u, &err), 0);
	assert_string_equal(u.authority, "mail.example.org:465");
	assert_int_equal(u.tls, 1);
	smtp_url_clear(&u);
	assert_int_equal(smtp_url_parse("SMTP://127.0.0.1/liaisond.example.org", &u, &err), 0);
	assert_string_equal(u.authority, "127.0.0.1:25");
	smtp_url_clear(&u);
	assert_int_equal(smtp_url_parse("smtp://[::1]:2525", &u, &err), 0);
	assert_string_equal(u.host, "[::1]");
	assert_string_equal(u.authority, "[::1]:2525");
	smtp_url_clear(&u);
	smtp_url_clear(NULL);
}

static void
test_url_refusals(void **state)
{
	static const struct {
		const char *url, *want;
	} bad[] = {
	    /* credentials end up in logs */
	    {"smtp://user:pw@mail.example.org",
	        "smtp.url: no user or password in the URL; set smtp.user and smtp.password_file"},
	    /* libcurl decodes the EHLO name */
	    {"smtp://mail.example.org/x%0d%0aRSET",
	        "smtp.url: the path is the name given in EHLO: letters, digits, '.', '-' only"},
	    {"smtp://mail.example.org/a b",
	        "smtp.url: the path is the name given in EHLO: letters, digits, '.', '-' only"},
	    {"smtp://mail.example.org?x=1", "smtp.url: no query or fragment is allowed"},
	    {"smtp://mail.example.org#f", "smtp.url: no query or fragment is allowed"},
	    {"smtp://mail.example.org/ehlo?x", "smtp.url: no query or fragment is allowed"},
	    {"smtp://mail.example.org:0", "smtp.url: the port must be a number from 1 to 65535"},
	    {"smtp://mail.example.org:70000", "smtp.url: the port must be a number from 1 to 65535"},
	    {"smtp://mail.example.org:25x", "smtp.url: the port must be a number from 1 to 65535"},
	    {"smtp://mail.example.org:+25", "smtp.url: the port must be a number from 1 to 65535"},
	    {"smtp://mail.example.org:", "smtp.url: expected a port number after ':'"},
	    {"smtp://", "smtp.url: no host"},
	    {"smtp://:25", "smtp.url: no host"},
	    {"smtp://[]:25", "smtp.url: no host"},
	    {"smtp://[::1", "smtp.url: unterminated [IPv6] host"},
	    {"smtp://[::1]x", "smtp.url: expected :PORT after the [IPv6] host"},
	    {"smtp://[::1]:", "smtp.url: expected a port number after ':'"},
	    {"smtp://mail\r\n.example.org", "smtp.url: control characters in the URL"},
	    {"imap://mail.example.org", "smtp.url: expected smtp://HOST[:PORT] or smtps://HOST[:PORT]"},
	    {"spool:/tmp", "smtp.url: expected smtp://HOST[:PORT] or smtps://HOST[:PORT]"},
	};
	(void)state;

	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		struct smtp_url u;
		char *err = NULL;
		if (smtp_url_parse(bad[i].url, &u, &err) == 0)
			fail_msg("accepted %s", bad[i].url);
		assert_non_null(err);
		if (strcmp(err, bad[i].want) != 0)
			fail_msg("%s: said \"%s\", want \"%s\"", bad[i].url, err, bad[i].want);
		assert_null(u.host);
		free(err);
	}
}

/* The host as smtp_url_parse() leaves it is what the plain-text check judges (common/url.c). */
static void
test_loopback(void **state)
{
	static const struct {
		const char *url;
		int loopback;
	} hosts[] = {
	    {"smtp://127.0.0.1:2525", 1},
	    {"smtp://LocalHost", 1},
	    {"smtp://[::1]:2525", 1},
	    {"smtp://192.0.2.1", 0},
	    {"smtp://localhost.example.org", 0},
	    {"smtp://127.0.0.1.example.org", 0},
	    {"smtp://[2001:db8::1]:25", 0},
	};
	(void)state;

	for (size_t i = 0; i < sizeof(hosts) / sizeof(*hosts); i++) {
		struct smtp_url u;
		char *err = NULL;
		assert_int_equal(smtp_url_parse(hosts[i].url, &u, &err), 0);
		if (url_host_is_loopback(u.host) != hosts[i].loopback)
			fail_msg("%s: loopback should be %d", hosts[i].url, hosts[i].loopback);
		smtp_url_clear(&u);
	}
	assert_false(url_host_is_loopback(NULL));
}

static void
test_addresses(void **state)
{
	char big[330];
	(void)state;

	assert_true(smtp_address_ok("tsbjcamv@itu.int"));
	assert_false(smtp_address_ok("\"odd name\"@example.org")); /* a space: never on the wire */
	assert_false(smtp_address_ok("a@b\r\nRCPT TO:<evil@example.org>"));
	assert_false(smtp_address_ok("a@b\n"));
	assert_false(smtp_address_ok("a\x7f@b"));
	assert_false(smtp_address_ok("<a@b>"));
	assert_false(smtp_address_ok("a@b> SIZE=1"));
	assert_false(smtp_address_ok("nobody"));
	assert_false(smtp_address_ok("@example.org"));
	assert_false(smtp_address_ok("a@"));
	assert_false(smtp_address_ok(""));
	assert_false(smtp_address_ok(NULL));
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	big[10] = '@';
	assert_false(smtp_address_ok(big));
}

static void
test_phases(void **state)
{
	(void)state;
	assert_int_equal(smtp_phase_of("EHLO vm", 7), SMTP_P_EHLO);
	assert_int_equal(smtp_phase_of("helo vm", 7), SMTP_P_EHLO);
	assert_int_equal(smtp_phase_of("STARTTLS", 8), SMTP_P_STARTTLS);
	assert_int_equal(smtp_phase_of("AUTH PLAIN AGpjYW12AHB3", 23), SMTP_P_AUTH);
	assert_int_equal(smtp_phase_of("MAIL FROM:<a@b> SIZE=10", 23), SMTP_P_MAIL);
	assert_int_equal(smtp_phase_of("RCPT TO:<a@b>", 13), SMTP_P_RCPT);
	assert_int_equal(smtp_phase_of("DATA", 4), SMTP_P_DATA);
	assert_int_equal(smtp_phase_of("QUIT\r\n", 6), SMTP_P_QUIT);
	/* AUTH LOGIN continuations (base64) and other commands leave the phase as it is. */
	assert_int_equal(smtp_phase_of("amNhbXY=", 8), -1);
	assert_int_equal(smtp_phase_of("DATAX", 5), -1);
	assert_int_equal(smtp_phase_of("RSET", 4), -1);
	assert_string_equal(smtp_phase_name(SMTP_P_RCPT), "RCPT TO");
}

static void
test_replies(void **state)
{
	struct smtp_reply r = {0};
	char big[600];
	(void)state;

	smtp_reply_line(&r, "250-mta.test Hello\r\n", 20);
	assert_int_equal(r.code, 250);
	assert_false(r.done);
	smtp_reply_line(&r, "250-SIZE 36700160", 17);
	smtp_reply_line(&r, "250 HELP", 8);
	assert_true(r.done);
	assert_string_equal(r.text, "250 mta.test Hello SIZE 36700160 HELP");
	/* The next reply replaces it. */
	smtp_reply_line(&r, "550 5.1.1 Invalid recipient: <x@y>", 34);
	assert_int_equal(r.code, 550);
	assert_string_equal(r.text, "550 5.1.1 Invalid recipient: <x@y>");
	/* Control bytes from the server are not echoed into logs. */
	smtp_reply_line(&r, "421 bye\x1b[2J", 11);
	assert_string_equal(r.text, "421 bye?[2J");
	/* Not a reply line: ignored. */
	smtp_reply_line(&r, "hello", 5);
	smtp_reply_line(&r, "42", 2);
	smtp_reply_line(&r, "4210", 4);
	assert_int_equal(r.code, 421);
	smtp_reply_line(&r, "354", 3);
	assert_int_equal(r.code, 354);
	assert_true(r.done);
	/* Long replies are cut, never overflow. */
	memset(big, 'x', sizeof(big));
	memcpy(big, "554 ", 4);
	smtp_reply_line(&r, big, sizeof(big));
	assert_int_equal(strlen(r.text), SMTP_REPLY_MAX);
}

static struct smtp_reply
reply(const char *line)
{
	struct smtp_reply r = {0};

	smtp_reply_line(&r, line, strlen(line));
	return r;
}

static void
test_grading(void **state)
{
	struct smtp_reply none = {0}, r550 = reply("550 5.1.1 unknown"), r451 = reply("451 4.3.0 later"),
	                  r530 = reply("530 5.7.0 Authentication required"), r535 = reply("535 5.7.8 bad"),
	                  r554 = reply("554 5.7.1 Relay access denied"), r421 = reply("421 4.4.2 timeout"),
	                  r452 = reply("452 4.5.3 Too many messages sent");
	(void)state;

	assert_int_equal(smtp_grade(CURLE_OK, SMTP_P_QUIT, &none), SMTP_E_OK);
	/* 5xx about this message: failed for good. */
	assert_int_equal(smtp_grade(CURLE_RECV_ERROR, SMTP_P_RCPT, &r550), SMTP_E_REFUSED);
	assert_int_equal(smtp_grade(CURLE_SEND_ERROR, SMTP_P_MAIL, &r550), SMTP_E_REFUSED);
	assert_int_equal(smtp_grade(CURLE_WEIRD_SERVER_REPLY, SMTP_P_BODY, &r554), SMTP_E_REFUSED);
	assert_int_equal(smtp_rc(SMTP_E_REFUSED), TR_FAIL);
	/* Everything else keeps the mail queued: a 4xx to RCPT or the message is this recipient's, */
	assert_int_equal(smtp_grade(CURLE_RECV_ERROR, SMTP_P_RCPT, &r451), SMTP_E_DEFERRED);
	assert_int_equal(smtp_grade(CURLE_RECV_ERROR, SMTP_P_BODY, &r451), SMTP_E_DEFERRED);
	assert_int_equal(smtp_rc(SMTP_E_DEFERRED), TR_DEFER);
	/* before RCPT it is the server's (busy, its limit of messages per session), as is the rest. */
	assert_int_equal(smtp_grade(CURLE_RECV_ERROR, SMTP_P_MAIL, &r421), SMTP_E_BUSY);
	assert_int_equal(smtp_grade(CURLE_SEND_ERROR, SMTP_P_MAIL, &r452), SMTP_E_BUSY);
	assert_int_equal(smtp_grade(CURLE_RECV_ERROR, SMTP_P_MAIL, &r530), SMTP_E_NEED_AUTH);
	assert_int_equal(smtp_grade(CURLE_LOGIN_DENIED, SMTP_P_AUTH, &r535), SMTP_E_AUTH);
	assert_int_equal(smtp_grade(CURLE_WEIRD_SERVER_REPLY, SMTP_P_AUTH, &r535), SMTP_E_AUTH);
	assert_int_equal(smtp_grade(CURLE_WEIRD_SERVER_REPLY, SMTP_P_EHLO, &r550), SMTP_E_SERVER);
	assert_int_equal(smtp_grade(CURLE_PEER_FAILED_VERIFICATION, SMTP_P_STARTTLS, &none), SMTP_E_TLS_VERIFY);
	assert_int_equal(smtp_grade(CURLE_SSL_CACERT_BADFILE, SMTP_P_CONNECT, &none), SMTP_E_CA_FILE);
	assert_int_equal(smtp_grade(CURLE_USE_SSL_FAILED, SMTP_P_EHLO, &none), SMTP_E_STARTTLS);
	assert_int_equal(smtp_grade(CURLE_COULDNT_CONNECT, SMTP_P_CONNECT, &none), SMTP_E_CONNECT);
	assert_int_equal(smtp_grade(CURLE_OPERATION_TIMEDOUT, SMTP_P_BODY, &none), SMTP_E_TIMEOUT);
	assert_int_equal(smtp_grade(CURLE_GOT_NOTHING, SMTP_P_MAIL, &none), SMTP_E_NET);
	for (int e = SMTP_E_BUSY; e <= SMTP_E_NET; e++)
		assert_int_equal(smtp_rc((enum smtp_err)e), TR_RETRY);
	assert_int_equal(smtp_rc(SMTP_E_OK), TR_OK);
}

static void
test_describe(void **state)
{
	struct smtp_url u;
	struct smtp_reply r550 = reply("550 Invalid recipient: <x@y.example>"), r535 = reply("535 5.7.8 no");
	struct smtp_failure f = {0};
	char *err = NULL, *m;
	(void)state;

	assert_int_equal(smtp_url_parse("smtp://127.0.0.1:2525", &u, &err), 0);
	f.url = &u;
	f.user = "jcamv";
	f.ca_file = "/etc/ca.pem";
	f.rcpt = "x@y.example";
	f.mail_from = "tsbjcamv@itu.int";
	f.detail = "SSL certificate problem: self-signed certificate";

	f.err = SMTP_E_REFUSED;
	f.phase = SMTP_P_RCPT;
	f.reply = &r550;
	m = smtp_describe(&f);
	assert_string_equal(
	    m, "smtp: 127.0.0.1:2525 refused the recipient <x@y.example>: 550 Invalid recipient: <x@y.example>");
	free(m);

	f.err = SMTP_E_TLS_VERIFY;
	f.phase = SMTP_P_STARTTLS;
	f.reply = NULL;
	m = smtp_describe(&f);
	assert_string_equal(m,
	    "smtp: certificate of 127.0.0.1 does not verify: SSL certificate problem: self-signed "
	    "certificate; set smtp.ca_file or smtp.tls_verify");
	free(m);

	f.err = SMTP_E_AUTH;
	f.phase = SMTP_P_AUTH;
	f.reply = &r535;
	m = smtp_describe(&f);
	assert_string_equal(m, "smtp: login denied for user jcamv at 127.0.0.1:2525: 535 5.7.8 no");
	free(m);

	f.err = SMTP_E_TIMEOUT;
	f.phase = SMTP_P_BODY;
	f.timeout = 120;
	m = smtp_describe(&f);
	assert_string_equal(
	    m, "smtp: 127.0.0.1:2525 stopped answering after the end of the message: nothing within 120 s");
	free(m);

	/* Every grade gives a message that names the server or the setting to fix. */
	for (int e = SMTP_E_OK; e <= SMTP_E_NET; e++) {
		f.err = (enum smtp_err)e;
		m = smtp_describe(&f);
		assert_non_null(m);
		assert_true(strncmp(m, "smtp: ", 6) == 0);
		free(m);
	}
	smtp_url_clear(&u);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_url),
	    cmocka_unit_test(test_url_refusals),
	    cmocka_unit_test(test_loopback),
	    cmocka_unit_test(test_addresses),
	    cmocka_unit_test(test_phases),
	    cmocka_unit_test(test_replies),
	    cmocka_unit_test(test_grading),
	    cmocka_unit_test(test_describe),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
