/* test_imap.c: the IMAP source's pure helpers: command safety, quoting (RFC 3501), URLs (RFC 5092), responses;
 * the checkpoints it reports instead of writing the store. */
/* SPDX-License-Identifier: Apache-2.0 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <curl/curl.h>

#include "imap_int.h"
#include "source.h"

static void
test_cmd_rejects_line_breaks(void **state)
{
	static const char nul[] = "UID STORE 1 +FLAGS (a)\0A2 DELETE INBOX";
	(void)state;
	assert_int_equal(imap_cmd_ok("UID SEARCH UID 1:* UNKEYWORD $Filed", 35), 0);
	assert_int_equal(imap_cmd_ok("STATUS \"INBOX\"\r\nA1 DELETE \"INBOX\"", 34), -1);
	assert_int_equal(imap_cmd_ok("CREATE \"x\ny\"", 12), -1);
	assert_int_equal(imap_cmd_ok("CREATE \"x\ry\"", 12), -1);
	assert_int_equal(imap_cmd_ok(nul, sizeof(nul) - 1), -1);
	assert_int_equal(imap_cmd_ok("", 0), -1);
	assert_int_equal(imap_cmd_ok(NULL, 3), -1);
}

static void
test_mailbox_names(void **state)
{
	char big[300];
	(void)state;
	assert_true(imap_mailbox_ok("INBOX"));
	assert_true(imap_mailbox_ok("Lists/ITU-T SG20"));
	assert_true(imap_mailbox_ok("&AMk-t&AOk-")); /* modified UTF-7 */
	assert_false(imap_mailbox_ok(""));
	assert_false(imap_mailbox_ok(NULL));
	assert_false(imap_mailbox_ok("Inbox\r\nA1 LOGOUT"));
	assert_false(imap_mailbox_ok("tab\there"));
	assert_false(imap_mailbox_ok("\xc3\xa9t\xc3\xa9"));
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	assert_false(imap_mailbox_ok(big));
}

static void
test_quote(void **state)
{
	struct buf b = {0};
	(void)state;
	assert_int_equal(imap_quote(&b, "INBOX"), 0);
	assert_string_equal(buf_str(&b), "\"INBOX\"");
	buf_reset(&b);
	assert_int_equal(imap_quote(&b, "a \"b\" \\c"), 0);
	assert_string_equal(buf_str(&b), "\"a \\\"b\\\" \\\\c\"");
	buf_reset(&b);
	assert_int_equal(imap_quote(&b, "evil\r\nA1 DELETE INBOX"), -1);
	assert_int_equal(b.len, 0);
	assert_int_equal(imap_quote(&b, "x\n"), -1);
	assert_int_equal(b.len, 0);
	buf_free(&b);
}

static void
test_keywords(void **state)
{
	(void)state;
	assert_true(imap_keyword_ok("$Filed"));
	assert_true(imap_keyword_ok("JCA-MV_filed"));
	assert_false(imap_keyword_ok("\\Seen"));
	assert_false(imap_keyword_ok("two words"));
	assert_false(imap_keyword_ok("a)b"));
	assert_false(imap_keyword_ok("a]b"));
	assert_false(imap_keyword_ok("$Filed\r\nA9 LOGOUT"));
	assert_false(imap_keyword_ok(""));
	assert_false(imap_keyword_ok("%"));
	assert_false(imap_keyword_ok("\"q\""));
}

static const struct {
	const char *url, *want;
} url_refusals[] = {
    {"imaps://user:pw@host/INBOX",
        "mailbox.url: no user or password in the URL; set mailbox.user and mailbox.password_file"},
    {"imaps://host/INBOX;UIDVALIDITY=3",
        "mailbox.url: no query, fragment or ;parameters: only imap[s]://HOST[:PORT]/FOLDER"},
    {"imaps://host?x", "mailbox.url: no query, fragment or ;parameters: only imap[s]://HOST[:PORT]/FOLDER"},
    {"imaps://host/IN%0D%0ABOX", "mailbox.url: the folder must be printable ASCII (modified UTF-7 for other names)"},
    {"imaps://host:99999/", "mailbox.url: the port is not a number from 1 to 65535"},
    {"imaps://host:/", "mailbox.url: the port is not a number from 1 to 65535"},
    {"imaps://[::1]:0/", "mailbox.url: the port is not a number from 1 to 65535"},
    {"pop3://host/", "mailbox.url: expected imap://HOST[:PORT]/FOLDER or imaps://…"},
    {"imaps:///INBOX", "mailbox.url: no host"},
    {"imaps://:993/INBOX", "mailbox.url: no host"},
    {"imaps://[::1/INBOX", "mailbox.url: unterminated [IPv6] host"},
    {"imaps://host/%zz", "mailbox.url: bad %-escape in the folder"},
    {"imaps://host/IN\tBOX", "mailbox.url: control characters in the URL"},
};

static void
test_url_parse(void **state)
{
	struct imap_url u;
	char *err = NULL;
	(void)state;

	assert_int_equal(imap_url_parse("imaps://imap.example.org/INBOX", &u, &err), 0);
	assert_string_equal(u.base, "imaps://imap.example.org");
	assert_string_equal(u.host, "imap.example.org");
	assert_string_equal(u.folder, "INBOX");
	assert_int_equal(u.tls, 1);
	imap_url_clear(&u);

	assert_int_equal(imap_url_parse("imap://127.0.0.1:1143", &u, &err), 0);
	assert_string_equal(u.base, "imap://127.0.0.1:1143");
	assert_string_equal(u.folder, "INBOX");
	assert_int_equal(u.tls, 0);
	imap_url_clear(&u);

	assert_int_equal(imap_url_parse("imaps://[::1]:993/Lists%2FITU%20SG20/", &u, &err), 0);
	assert_string_equal(u.host, "[::1]");
	assert_string_equal(u.folder, "Lists/ITU SG20");
	imap_url_clear(&u);

	for (size_t i = 0; i < sizeof(url_refusals) / sizeof(*url_refusals); i++) {
		if (imap_url_parse(url_refusals[i].url, &u, &err) == 0)
			fail_msg("accepted %s", url_refusals[i].url);
		if (strcmp(err, url_refusals[i].want) != 0)
			fail_msg("%s: said \"%s\", want \"%s\"", url_refusals[i].url, err, url_refusals[i].want);
		assert_null(u.host);
		free(err);
		err = NULL;
	}

	assert_true(imap_host_is_loopback("127.0.0.1"));
	assert_true(imap_host_is_loopback("localhost"));
	assert_true(imap_host_is_loopback("[::1]"));
	assert_false(imap_host_is_loopback("imap.example.org"));
	assert_false(imap_host_is_loopback("128.0.0.1"));
}

static void
test_url_build(void **state)
{
	char *u;
	(void)state;
	u = imap_url_mailbox("imaps://h:993", "INBOX", 0);
	assert_string_equal(u, "imaps://h:993/INBOX");
	free(u);
	u = imap_url_mailbox("imaps://h", "Sent Items", 1700000000ULL);
	assert_string_equal(u, "imaps://h/Sent%20Items;UIDVALIDITY=1700000000");
	free(u);
	/* '/', ';' and '%' in names cannot split the path or inject URL parameters. */
	u = imap_url_fetch("imap://h:143", "a/b;UID=9%", 5, 42);
	assert_string_equal(u, "imap://h:143/a%2Fb%3BUID%3D9%25;UIDVALIDITY=5/;UID=42");
	free(u);
}

static void
test_parse_search(void **state)
{
	struct imap_uids u = {0};
	const char *r1 = "* SEARCH 7 3 5 5 12\r\n* FLAGS (\\Seen $Filed)\r\n";
	const char *r2 = "* SEARCH 2\r\n"; /* the answer to "UID 5:*" when 2 is the highest UID */
	const char *r3 = "* SEARCH\r\n";
	const char *r4 = "* SEARCH 4 9 (MODSEQ 17)\n";
	const char *r5 = "* 3 EXISTS\r\n* OK [PERMANENTFLAGS ()] x\r\n";
	(void)state;

	assert_int_equal(imap_parse_search(r1, strlen(r1), 1, 0, &u), 0);
	assert_int_equal(u.n, 4);
	assert_true(u.v[0] == 3 && u.v[1] == 5 && u.v[2] == 7 && u.v[3] == 12);
	assert_int_equal(imap_parse_search(r1, strlen(r1), 4, 10, &u), 0);
	assert_int_equal(u.n, 2);
	assert_true(u.v[0] == 5 && u.v[1] == 7);
	assert_int_equal(imap_parse_search(r2, strlen(r2), 5, 0, &u), 0);
	assert_int_equal(u.n, 0);
	assert_int_equal(imap_parse_search(r3, strlen(r3), 1, 0, &u), 0);
	assert_int_equal(u.n, 0);
	assert_int_equal(imap_parse_search(r4, strlen(r4), 1, 0, &u), 0);
	assert_int_equal(u.n, 2);
	assert_int_equal(imap_parse_search(r5, strlen(r5), 1, 0, &u), -1);
	assert_int_equal(imap_parse_search(NULL, 0, 1, 0, &u), -1);
	imap_uids_free(&u);
}

static void
test_parse_status(void **state)
{
	unsigned long long v = 0, n = 0;
	const char *r1 = "* STATUS INBOX (MESSAGES 2 UIDNEXT 3 UIDVALIDITY 1795259804)\r\n";
	const char *r2 = "* STATUS \"Odd (name)\" (UIDVALIDITY 9)\r\n";
	const char *r3 = "* STATUS INBOX (UIDNEXT 3)\r\n";
	const char *r4 = "* LIST () \"/\" INBOX\r\n";
	(void)state;

	assert_int_equal(imap_parse_status(r1, strlen(r1), &v, &n), 0);
	assert_true(v == 1795259804ULL && n == 3);
	assert_int_equal(imap_parse_status(r2, strlen(r2), &v, &n), 0);
	assert_true(v == 9 && n == 0);
	assert_int_equal(imap_parse_status(r3, strlen(r3), &v, &n), -1);
	assert_int_equal(imap_parse_status(r4, strlen(r4), &v, &n), -1);
}

static void
test_capability(void **state)
{
	const char *r = "* CAPABILITY IMAP4rev1 SASL-IR UIDPLUS MOVE LITERAL+\r\n";
	const char *greet = "* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] ready.\r\n";
	(void)state;
	assert_true(imap_has_capability(r, strlen(r), "MOVE"));
	assert_true(imap_has_capability(r, strlen(r), "uidplus"));
	assert_false(imap_has_capability(r, strlen(r), "MOV"));
	assert_false(imap_has_capability(r, strlen(r), "ESEARCH"));
	assert_true(imap_has_capability(greet, strlen(greet), "AUTH=PLAIN"));
	assert_false(imap_has_capability(greet, strlen(greet), "ready."));
	assert_true(imap_has_list("* LIST (\\HasNoChildren) \"/\" Filed\r\n", 34));
	assert_false(imap_has_list("A1 OK done\r\n", 12));
}

static void
test_keys(void **state)
{
	char *k, *f = NULL;
	unsigned long long v, u;
	char t1[IMAP_QTAG_LEN + 1], t2[IMAP_QTAG_LEN + 1];
	(void)state;

	k = imap_key_make("Lists/ITU/5", 1700000000ULL, 42);
	assert_string_equal(k, "Lists/ITU/5/1700000000/42");
	assert_int_equal(imap_key_parse(k, &f, &v, &u), 0);
	assert_string_equal(f, "Lists/ITU/5");
	assert_true(v == 1700000000ULL && u == 42);
	free(f);
	free(k);
	assert_int_equal(imap_key_parse("INBOX/5", &f, &v, &u), -1);
	assert_int_equal(imap_key_parse("INBOX/x/5", &f, &v, &u), -1);
	assert_int_equal(imap_key_parse("/5/6", &f, &v, &u), -1);
	assert_int_equal(imap_key_parse("IN\nBOX/5/6", &f, &v, &u), -1);
	/* A key from the store or the operator can never carry a second command into done() or requeue(). */
	assert_int_equal(imap_key_parse("INBOX\r\nA1 DELETE INBOX/5/6", &f, &v, &u), -1);
	assert_int_equal(imap_key_parse("INBOX/5/6\r\n", &f, &v, &u), -1);
	assert_int_equal(imap_key_parse("cur/1700000000.M1.host", &f, &v, &u), -1);

	imap_quarantine_tag("INBOX/5/42", t1);
	imap_quarantine_tag("INBOX/5/43", t2);
	assert_int_equal(strlen(t1), IMAP_QTAG_LEN);
	assert_true(imap_keyword_ok(t1));
	assert_string_not_equal(t1, t2);
	imap_quarantine_tag("INBOX/5/42", t2);
	assert_string_equal(t1, t2);
}

static void
test_tagged_and_classify(void **state)
{
	const char *h = "* CAPABILITY X\r\nA003 NO [TRYCREATE] Mailbox doesn't exist: Filed\r\n";
	char *t;
	(void)state;

	t = imap_tagged_text(h, strlen(h));
	assert_string_equal(t, "NO [TRYCREATE] Mailbox doesn't exist: Filed");
	free(t);
	t = imap_tagged_text("", 0);
	assert_string_equal(t, "");
	free(t);

	assert_int_equal(imap_classify(CURLE_LOGIN_DENIED, ""), IMAP_E_AUTH);
	assert_int_equal(imap_classify(CURLE_LOGIN_DENIED, "Select failed"), IMAP_E_SELECT);
	assert_int_equal(imap_classify(CURLE_PEER_FAILED_VERIFICATION, "SSL certificate problem"), IMAP_E_TLS_VERIFY);
	assert_int_equal(imap_classify(CURLE_SSL_CACERT_BADFILE, ""), IMAP_E_CA_FILE);
	assert_int_equal(imap_classify(CURLE_USE_SSL_FAILED, ""), IMAP_E_STARTTLS);
	assert_int_equal(
	    imap_classify(CURLE_REMOTE_FILE_NOT_FOUND, "Mailbox UIDVALIDITY has changed"), IMAP_E_UIDVALIDITY);
	assert_int_equal(imap_classify(CURLE_REMOTE_FILE_NOT_FOUND, ""), IMAP_E_GONE);
	assert_int_equal(imap_classify(CURLE_QUOTE_ERROR, ""), IMAP_E_REFUSED);
	assert_int_equal(imap_classify(CURLE_COULDNT_CONNECT, ""), IMAP_E_NET);
	assert_int_equal(imap_classify(CURLE_OPERATION_TIMEDOUT, ""), IMAP_E_NET);
	assert_int_equal(imap_classify(CURLE_UNSUPPORTED_PROTOCOL, ""), IMAP_E_CONFIG);
}

static void
test_trace_redaction(void **state)
{
	(void)state;
	assert_true(imap_trace_secret("A002 LOGIN jcamv s3cret\r\n", 25));
	assert_true(imap_trace_secret("A002 AUTHENTICATE PLAIN AGpjYW12AHMzY3JldA==\r\n", 46));
	assert_true(imap_trace_secret("AGpjYW12AHMzY3JldA==\r\n", 22));
	assert_true(imap_trace_secret("\r\n", 2));
	assert_false(imap_trace_secret("A003 STATUS \"INBOX\" (UIDNEXT)\r\n", 31));
	assert_false(imap_trace_secret("A004 UID SEARCH UID 1:*\r\n", 25));
}

/* What a timeout message names is the command word alone: never LOGIN's arguments or a SASL exchange. */
static void
test_command_word(void **state)
{
	char w[16];
	(void)state;
	imap_command_word("A002 LOGIN jcamv s3cret\r\n", 25, w, sizeof(w));
	assert_string_equal(w, "LOGIN");
	imap_command_word("A002 AUTHENTICATE PLAIN AGpjYW12AHMzY3JldA==\r\n", 46, w, sizeof(w));
	assert_string_equal(w, "AUTHENTICATE");
	imap_command_word("AGpjYW12AHMzY3JldA==\r\n", 22, w, sizeof(w));
	assert_string_equal(w, "AUTHENTICATE");
	imap_command_word("A004 UID SEARCH UID 1:*\r\n", 25, w, sizeof(w));
	assert_string_equal(w, "UID");
	imap_command_word("A003 STATUS \"INBOX\" (UIDNEXT)", 29, w, sizeof(w));
	assert_string_equal(w, "STATUS");
	imap_command_word("A1 SUPERCALIFRAGILISTIC x", 25, w, sizeof(w));
	assert_int_equal(strlen(w), sizeof(w) - 1);
	imap_command_word("A1 LOGIN", 8, w, 1);
	assert_string_equal(w, "");
	imap_command_word("", 0, w, sizeof(w));
	assert_string_equal(w, "AUTHENTICATE");
}

static void
test_stall_phase(void **state)
{
	(void)state;
	assert_int_equal(imap_stall_phase(0, 0, 0, 0, ""), IMAP_STALL_CONNECT);
	assert_int_equal(imap_stall_phase(1, 1, 0, 0, ""), IMAP_STALL_TLS);
	assert_int_equal(imap_stall_phase(1, 1, 1, 0, ""), IMAP_STALL_GREETING);
	assert_int_equal(imap_stall_phase(1, 0, 0, 0, ""), IMAP_STALL_GREETING);
	assert_int_equal(imap_stall_phase(1, 0, 0, 0, NULL), IMAP_STALL_GREETING);
	assert_int_equal(imap_stall_phase(1, 0, 0, 3, "LOGIN"), IMAP_STALL_LOGIN);
	assert_int_equal(imap_stall_phase(1, 0, 0, 3, "AUTHENTICATE"), IMAP_STALL_LOGIN);
	assert_int_equal(imap_stall_phase(1, 0, 0, 3, "STARTTLS"), IMAP_STALL_LOGIN);
	assert_int_equal(imap_stall_phase(1, 0, 0, 4, "STATUS"), IMAP_STALL_COMMAND);
	/* A reused connection: nothing heard in this request, but a command went out. */
	assert_int_equal(imap_stall_phase(1, 0, 0, 0, "UID"), IMAP_STALL_COMMAND);
}

/* Destinations are asked about with LIST: a wildcard would find some other folder and skip the CREATE. */
static void
test_list_names(void **state)
{
	(void)state;
	assert_true(imap_list_name_ok("Quarantine"));
	assert_true(imap_list_name_ok("Lists/Filed"));
	assert_false(imap_list_name_ok("Quar*"));
	assert_false(imap_list_name_ok("%"));
	assert_false(imap_list_name_ok("Filed\r\nA1 DELETE INBOX"));
	assert_false(imap_list_name_ok(""));
	assert_false(imap_list_name_ok(NULL));
}

/* The stored state advances only over a prefix of UIDs handed out and finished, whatever order they finish in. */
static void
test_finish_mark(void **state)
{
	const unsigned long long v[] = {5, 7, 9, 11};
	unsigned char fin[4] = {0};
	size_t adv = 0;
	(void)state;
	/* 5, 7 and 9 handed out (pos 3); 7 finishes first: 5 still holds the state back. */
	adv = imap_finish_mark(v, fin, adv, 3, 7);
	assert_int_equal(adv, 0);
	adv = imap_finish_mark(v, fin, adv, 3, 5);
	assert_int_equal(adv, 2);
	/* Not handed out yet, or not in the window at all: no effect. */
	adv = imap_finish_mark(v, fin, adv, 3, 11);
	assert_int_equal(adv, 2);
	assert_int_equal(fin[3], 0);
	adv = imap_finish_mark(v, fin, adv, 3, 8);
	assert_int_equal(adv, 2);
	/* Finishing one again changes nothing. */
	adv = imap_finish_mark(v, fin, adv, 3, 5);
	assert_int_equal(adv, 2);
	adv = imap_finish_mark(v, fin, adv, 3, 9);
	assert_int_equal(adv, 3);
	adv = imap_finish_mark(v, fin, adv, 4, 11);
	assert_int_equal(adv, 4);
}

/*
 * Finishing a message never writes the store (the source has none here): the folder's progress is
 * queued as checkpoints, oldest first, for the pipeline to record after its commits.
 */
static void
test_checkpoints(void **state)
{
	struct imap_folder inbox = {"INBOX", 0, 0};
	unsigned long long uids[] = {3, 5, 7};
	unsigned char fin[3] = {0};
	struct imap im = {0};
	struct source s = {0};
	struct source_checkpoint cp;
	(void)state;
	s.priv = &im;
	im.folders = &inbox;
	im.nfolders = 1;
	im.phase = IMAP_PH_WINDOWS;
	im.uidvalidity = 42;
	im.uids.v = uids;
	im.uids.n = 3;
	im.finished = fin;
	im.pos = 3; /* all three handed out */
	assert_int_equal(imap_checkpoint_take(&im, &cp), 0);
	imap_finished(&s, "INBOX", 42, 5); /* 3 still holds the state back */
	assert_int_equal(imap_checkpoint_take(&im, &cp), 0);
	imap_finished(&s, "INBOX", 41, 3); /* another UIDVALIDITY: not this window's */
	imap_finished(&s, "Sent", 42, 3);  /* another folder */
	assert_int_equal(imap_checkpoint_take(&im, &cp), 0);
	imap_finished(&s, "INBOX", 42, 3);
	imap_finished(&s, "INBOX", 42, 7);
	assert_int_equal(imap_checkpoint_take(&im, &cp), 1);
	assert_string_equal(cp.folder, "INBOX");
	assert_true(cp.uidvalidity == 42 && cp.last_uid == 5);
	free(cp.folder);
	assert_int_equal(imap_checkpoint_take(&im, &cp), 1);
	assert_true(cp.last_uid == 7);
	free(cp.folder);
	assert_int_equal(imap_checkpoint_take(&im, &cp), 0);
	assert_int_equal(imap_checkpoint_take(NULL, &cp), 0);
	/* What is not taken is dropped at the end of the cycle: the next one searches those UIDs again. */
	im.last = 0;
	fin[0] = fin[1] = fin[2] = 0;
	im.adv = 0;
	imap_finished(&s, "INBOX", 42, 3);
	assert_int_equal(im.ncps, 1);
	imap_checkpoints_clear(&im);
	assert_int_equal(imap_checkpoint_take(&im, &cp), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_cmd_rejects_line_breaks),
	    cmocka_unit_test(test_mailbox_names),
	    cmocka_unit_test(test_quote),
	    cmocka_unit_test(test_keywords),
	    cmocka_unit_test(test_url_parse),
	    cmocka_unit_test(test_url_build),
	    cmocka_unit_test(test_parse_search),
	    cmocka_unit_test(test_parse_status),
	    cmocka_unit_test(test_capability),
	    cmocka_unit_test(test_keys),
	    cmocka_unit_test(test_tagged_and_classify),
	    cmocka_unit_test(test_trace_redaction),
	    cmocka_unit_test(test_command_word),
	    cmocka_unit_test(test_stall_phase),
	    cmocka_unit_test(test_list_names),
	    cmocka_unit_test(test_finish_mark),
	    cmocka_unit_test(test_checkpoints),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
