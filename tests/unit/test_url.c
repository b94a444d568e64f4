/* test_url.c: common/url: URLs split as text (RFC 3986), the loopback check of IMAP, SMTP and the configuration. */
/* SPDX-License-Identifier: Apache-2.0 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "url.h"

static void
test_split(void **state)
{
	struct url u;
	(void)state;

	assert_int_equal(url_split("imaps://imap.example.org/INBOX", &u), URL_OK);
	assert_string_equal(u.scheme, "imaps");
	assert_null(u.user);
	assert_string_equal(u.host, "imap.example.org");
	assert_int_equal(u.port, 0);
	assert_string_equal(u.authority, "imap.example.org");
	assert_string_equal(u.path, "/INBOX");
	url_clear(&u);

	assert_int_equal(url_split("SMTP://jcamv:p@ss@[::1]:2525?x#y", &u), URL_OK);
	assert_string_equal(u.scheme, "SMTP");
	assert_string_equal(u.user, "jcamv:p@ss"); /* the last '@' ends the userinfo */
	assert_string_equal(u.host, "[::1]");
	assert_int_equal(u.port, 2525);
	assert_string_equal(u.authority, "[::1]:2525");
	assert_string_equal(u.path, "?x#y");
	url_clear(&u);

	assert_int_equal(url_split("smtp://127.0.0.1:65535", &u), URL_OK);
	assert_int_equal(u.port, 65535);
	assert_string_equal(u.path, "");
	url_clear(&u);
	url_clear(NULL);
}

static void
test_faults(void **state)
{
	static const struct {
		const char *url;
		enum url_err want;
	} bad[] = {
	    {"smtp://h\r\n.example.org", URL_E_CTL},
	    {"smtp://h/\x7f", URL_E_CTL},
	    {"spool:/var/spool", URL_E_SCHEME},
	    {"://host", URL_E_SCHEME},
	    {"/a://host", URL_E_SCHEME},
	    {"smtp://", URL_E_NO_HOST},
	    {"smtp:///path", URL_E_NO_HOST},
	    {"smtp://:25", URL_E_NO_HOST},
	    {"smtp://user@", URL_E_NO_HOST},
	    {"smtp://[]:25", URL_E_NO_HOST},
	    {"smtp://[::1", URL_E_IPV6_OPEN},
	    {"smtp://[::1/]", URL_E_IPV6_OPEN},
	    {"smtp://[::1]x", URL_E_IPV6_TAIL},
	    {"smtp://h:", URL_E_PORT_EMPTY},
	    {"smtp://[::1]:/x", URL_E_PORT_EMPTY},
	    {"smtp://h:0", URL_E_PORT},
	    {"smtp://h:65536", URL_E_PORT},
	    {"smtp://h:99999999999999999999", URL_E_PORT},
	    {"smtp://h:+25", URL_E_PORT},
	    {"smtp://h: 25", URL_E_PORT},
	    {"smtp://h:25x", URL_E_PORT},
	};
	(void)state;

	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		struct url u;
		enum url_err e = url_split(bad[i].url, &u);
		if (e != bad[i].want)
			fail_msg("%s: fault %d, want %d", bad[i].url, (int)e, (int)bad[i].want);
		assert_null(u.host);
		assert_null(u.authority);
		assert_non_null(url_err_str(e));
		url_clear(&u);
	}
	assert_int_equal(url_split(NULL, &(struct url){0}), URL_E_CTL);
}

/* What a caller needs to name the first fault the way it always has: credentials and path survive a bad port. */
static void
test_parts_on_fault(void **state)
{
	struct url u;
	(void)state;

	assert_int_equal(url_split("imap://u:pw@h:99999/INBOX", &u), URL_E_PORT);
	assert_string_equal(u.scheme, "imap");
	assert_string_equal(u.user, "u:pw");
	assert_string_equal(u.path, "/INBOX");
	url_clear(&u);
	assert_int_equal(url_split("smtp://", &u), URL_E_NO_HOST);
	assert_null(u.scheme);
	assert_null(u.path);
	url_clear(&u);
}

static void
test_loopback(void **state)
{
	static const char *yes[] = {"localhost", "LocalHost", "127.0.0.1", "127.255.255.254", "127.1.2.3", "::1",
	    "[::1]", "[0:0:0:0:0:0:0:1]", "0::1"};
	static const char *no[] = {"", "localhost.example.org", "localhost.", "127.0.0.1.example.org",
	    "127.evil.example", "127.1", "128.0.0.1", "126.255.255.255", "0.0.0.0", "192.0.2.1", "[::1", "::1]",
	    "[::2]", "[::]", "::ffff:127.0.0.1", "[2001:db8::1]", "[::1]:25", "127.0.0.1:25", "[::1%lo]",
	    "mail.example.org"};
	(void)state;

	for (size_t i = 0; i < sizeof(yes) / sizeof(*yes); i++)
		if (!url_host_is_loopback(yes[i]))
			fail_msg("%s should be loopback", yes[i]);
	for (size_t i = 0; i < sizeof(no) / sizeof(*no); i++)
		if (url_host_is_loopback(no[i]))
			fail_msg("%s should not be loopback", no[i]);
	assert_false(url_host_is_loopback(NULL));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_split),
	    cmocka_unit_test(test_faults),
	    cmocka_unit_test(test_parts_on_fault),
	    cmocka_unit_test(test_loopback),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
