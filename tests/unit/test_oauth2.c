/* test_oauth2.c: the OAuth 2.0 token client's pure parts: token answers, form encoding, renewal, settings. */
/* SPDX-License-Identifier: Apache-2.0 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "config.h"
#include "oauth2.h"
#include "util.h"

static char dir[] = "/tmp/lsd-oauth2-XXXXXX";

static char *
put(const char *name, const char *text, unsigned mode)
{
	char *path = xasprintf("%s/%s", dir, name), *err = NULL;

	if (file_write_atomic(path, text, strlen(text), &err) != 0)
		fail_msg("%s", err);
	assert_int_equal(chmod(path, (mode_t)mode), 0);
	return path;
}

static int
setup(void **state)
{
	(void)state;
	unsetenv("LIAISOND_IMAP_OAUTH2_SECRET");
	unsetenv("LIAISOND_SMTP_OAUTH2_SECRET");
	return mkdtemp(dir) ? 0 : -1;
}

static int
teardown(void **state)
{
	char *cmd = xasprintf("rm -rf '%s'", dir);
	int rc;

	(void)state;
	rc = system(cmd);
	free(cmd);
	return rc == 0 ? 0 : -1;
}

/* What providers answer: Microsoft's (expires_in a number, ext_expires_in), Google's, and strings for numbers. */
static void
test_reply_success(void **state)
{
	static const struct {
		const char *body;
		const char *access, *refresh;
		long expires;
	} cases[] = {
	    {"{\"token_type\":\"Bearer\",\"scope\":\"https://outlook.office.com/IMAP.AccessAsUser.All\","
	     "\"expires_in\":4626,\"ext_expires_in\":4626,\"access_token\":\"eyJ0eXAi.x-y_z\",\"refresh_token\":\"0."
	     "AR8\"}",
	        "eyJ0eXAi.x-y_z", "0.AR8", 4626},
	    {" {\n  \"access_token\": \"ya29.a0Af\",\n  \"expires_in\": 3599,\n  \"scope\": "
	     "\"https://mail.google.com/\",\n"
	     "  \"token_type\": \"Bearer\"\n}\n",
	        "ya29.a0Af", NULL, 3599},
	    {"{\"access_token\":\"a\\/b\\u00e9\",\"expires_in\":\"300\",\"token_type\":\"bearer\"}", "a/b\xc3\xa9",
	        NULL, 300},
	    {"{\"nested\":{\"a\":[1,2,{\"b\":null}],\"c\":true},\"access_token\":\"t\"}", "t", NULL, -1},
	    {"{\"access_token\":\"t\",\"expires_in\":1.5e3}", "t", NULL, -1},
	    {"{\"access_token\":\"t\",\"expires_in\":-5}", "t", NULL, -1},
	    {"{\"access_token\":\"\\ud83d\\ude00\"}", "\xf0\x9f\x98\x80", NULL, -1},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		struct oauth2_reply r;
		assert_int_equal(oauth2_reply_parse(cases[i].body, strlen(cases[i].body), &r), 0);
		assert_non_null(r.access_token);
		assert_string_equal(r.access_token, cases[i].access);
		if (cases[i].refresh)
			assert_string_equal(r.refresh_token, cases[i].refresh);
		else
			assert_null(r.refresh_token);
		assert_int_equal(r.expires_in, cases[i].expires);
		assert_null(r.error);
		oauth2_reply_clear(&r);
		assert_null(r.access_token);
	}
}

static void
test_reply_error(void **state)
{
	const char *body = "{\"error\":\"invalid_grant\",\"error_description\":\"AADSTS70000: the grant is expired\","
	                   "\"error_codes\":[70000],\"timestamp\":\"2026-12-01 12:00:00Z\"}";
	struct oauth2_reply r;

	(void)state;
	assert_int_equal(oauth2_reply_parse(body, strlen(body), &r), 0);
	assert_null(r.access_token);
	assert_string_equal(r.error, "invalid_grant");
	assert_string_equal(r.error_description, "AADSTS70000: the grant is expired");
	oauth2_reply_clear(&r);
}

/* Not a JSON object, or cut short: refused whole, nothing half-filled. */
static void
test_reply_malformed(void **state)
{
	static const char *const bad[] = {
	    "",
	    "<html>502 Bad Gateway</html>",
	    "[\"access_token\",\"t\"]",
	    "{\"access_token\":\"t\"",
	    "{\"access_token\":\"t\",}",
	    "{\"access_token\" \"t\"}",
	    "{\"access_token\":\"t\"} trailing",
	    "{\"access_token\":\"a\\u0000b\"}",
	    "{\"access_token\":\"a\\ud800\"}",
	    "{\"access_token\":\"a\nb\"}",
	    "{\"access_token\":\"\\x41\"}",
	    "{\"a\":[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]],\"access_token\":\"t\"}",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		struct oauth2_reply r;
		if (oauth2_reply_parse(bad[i], strlen(bad[i]), &r) != -1)
			fail_msg("accepted case %zu: %s", i, bad[i]);
		assert_null(r.access_token);
		assert_null(r.error);
	}
}

static void
test_form(void **state)
{
	struct buf b = {0};

	(void)state;
	oauth2_form_add(&b, "grant_type", "refresh_token");
	oauth2_form_add(&b, "refresh_token", "a+b/c=d&e f~_.-");
	oauth2_form_add(&b, "scope", "https://outlook.office.com/IMAP.AccessAsUser.All offline_access");
	assert_string_equal(buf_str(&b),
	    "grant_type=refresh_token&refresh_token=a%2Bb%2Fc%3Dd%26e%20f~_.-"
	    "&scope=https%3A%2F%2Foutlook.office.com%2FIMAP.AccessAsUser.All%20offline_access");
	buf_free(&b);
}

/* A minute before expiry, a quarter of the life for short-lived tokens, an hour when the provider says nothing. */
static void
test_renew_at(void **state)
{
	(void)state;
	assert_int_equal(oauth2_renew_at(1000, 3600), 1000 + 3540);
	assert_int_equal(oauth2_renew_at(1000, 240), 1000 + 180);
	assert_int_equal(oauth2_renew_at(1000, 8), 1000 + 6);
	assert_int_equal(oauth2_renew_at(1000, 0), 1000);
	assert_int_equal(oauth2_renew_at(1000, -1), 1000 + 3600);
}

static void
test_backoff(void **state)
{
	(void)state;
	assert_int_equal(oauth2_backoff(1, 1), 60);
	assert_int_equal(oauth2_backoff(2, 1), 120);
	assert_int_equal(oauth2_backoff(7, 1), 3600);
	assert_int_equal(oauth2_backoff(100, 1), 3600);
	assert_int_equal(oauth2_backoff(1, 0), 10);
	assert_int_equal(oauth2_backoff(3, 0), 40);
	assert_int_equal(oauth2_backoff(50, 0), 600);
}

static char *
conf_with(const char *mailbox_extra, const char *smtp_extra)
{
	char *text = xasprintf("store: { path = \"s.db\"; };\n"
	                       "mailbox: { url = \"imaps://imap.example.org/INBOX\"; user = \"u@example.org\";\n"
	                       "%s };\n"
	                       "smtp: { url = \"smtp://smtp.example.org:587\"; user = \"u@example.org\";\n"
	                       "%s };\n"
	                       "secretariat: { address = \"u@example.org\"; };\n",
	    mailbox_extra, smtp_extra);
	char *path = put("t.conf", text, 0600);

	free(text);
	return path;
}

static void
test_settings(void **state)
{
	char *secret = put("secret", "s3cr3t-value\n", 0600), *rt = put("rt", "1//0refresh\n", 0600), *err = NULL;
	char *path = conf_with("oauth2 = { token_url = \"https://login.example.org/token\"; client_id = \"cid\";\n"
	                       "  client_secret_file = \"secret\"; refresh_token_file = \"rt\";\n"
	                       "  scope = \"https://mail.example.org/ offline_access\"; };",
	    "oauth2 = { same_as_mailbox = true; };");
	struct config *c = config_load(path, &err);
	char *shown = NULL;
	size_t n = 0;
	FILE *f;

	(void)state;
	if (!c)
		fail_msg("%s", err);
	assert_non_null(c->mailbox_oauth2);
	assert_string_equal(c->mailbox_oauth2->token_url, "https://login.example.org/token");
	assert_string_equal(c->mailbox_oauth2->client_secret, "s3cr3t-value");
	assert_string_equal(c->mailbox_oauth2->refresh_token_file, rt);
	assert_string_equal(c->mailbox_oauth2->group, "mailbox.oauth2");
	assert_non_null(c->smtp_oauth2);
	assert_true(c->smtp_oauth2->same_as_mailbox);
	/* config show: where the secret came from, never the secret. */
	f = open_memstream(&shown, &n);
	assert_int_equal(config_show(c, f), 0);
	fclose(f);
	assert_non_null(strstr(shown, "client_secret_file = \""));
	assert_non_null(strstr(shown, "same_as_mailbox = true;"));
	assert_null(strstr(shown, "s3cr3t-value"));
	assert_null(strstr(shown, "1//0refresh"));
	free(shown);
	config_free(c);
	/* The environment wins over the file. */
	setenv("LIAISOND_IMAP_OAUTH2_SECRET", "from-env", 1);
	c = config_load(path, &err);
	unsetenv("LIAISOND_IMAP_OAUTH2_SECRET");
	assert_non_null(c);
	assert_string_equal(c->mailbox_oauth2->client_secret, "from-env");
	assert_string_equal(c->mailbox_oauth2->client_secret_from, "$LIAISOND_IMAP_OAUTH2_SECRET");
	config_free(c);
	free(path);
	free(secret);
	free(rt);
}

/* Each mistake: refused with the file, the line, the setting and why. */
static void
test_settings_errors(void **state)
{
	static const struct {
		const char *mailbox, *smtp, *want;
	} cases[] = {
	    {"oauth2 = { client_id = \"c\"; refresh_token_file = \"rt\"; };", "",
	        ":3: mailbox.oauth2.token_url: missing"},
	    {"oauth2 = { token_url = \"http://login.example.org/t\"; client_id = \"c\"; refresh_token_file = \"rt\"; "
	     "};",
	        "", ":3: mailbox.oauth2.token_url: expected https://"},
	    {"oauth2 = { token_url = \"https://u:p@login.example.org/t\"; client_id = \"c\"; refresh_token_file = "
	     "\"rt\"; "
	     "};",
	        "", ":3: mailbox.oauth2.token_url: credentials in the URL"},
	    {"oauth2 = { token_url = \"https://l.example.org/t\"; refresh_token_file = \"rt\"; };", "",
	        ":3: mailbox.oauth2.client_id: missing"},
	    {"oauth2 = { token_url = \"https://l.example.org/t\"; client_id = \"c\"; };", "",
	        ":3: mailbox.oauth2.client_secret_file: the client-credentials grant"},
	    {"oauth2 = { token_url = \"https://l.example.org/t\"; client_id = \"c\"; refresh_token_file = \"open\"; };",
	        "", ":3: mailbox.oauth2.refresh_token_file: "},
	    {"oauth2 = { token_url = \"https://l.example.org/t\"; client_id = \"c\"; client_secret_file = \"open\"; };",
	        "", ":3: mailbox.oauth2.client_secret_file: "},
	    {"oauth2 = { token_url = \"https://l.example.org/t\"; client_id = \"c\"; refresh_token_file = \"missing\"; "
	     "};",
	        "", ":3: mailbox.oauth2.refresh_token_file: "},
	    {"oauth2 = { token_url = \"https://l.example.org/t\"; client_id = \"c\"; tenant = \"x\"; };", "",
	        ":3: mailbox.oauth2.tenant: unknown setting"},
	    {"oauth2 = { same_as_mailbox = true; };", "", ":3: mailbox.oauth2.same_as_mailbox: unknown setting"},
	    {"oauth2 = { token_url = 5; };", "", ":3: mailbox.oauth2.token_url: expected a string"},
	    {"oauth2 = \"x\";", "", ":3: mailbox.oauth2: expected a group"},
	    {"", "oauth2 = { same_as_mailbox = true; };",
	        ":5: smtp.oauth2.same_as_mailbox: there is no mailbox.oauth2"},
	    {"", "oauth2 = { same_as_mailbox = true; client_id = \"c\"; };",
	        ":5: smtp.oauth2.same_as_mailbox: true takes"},
	    {"oauth_token_file = \"rt\"; oauth2 = { token_url = \"https://l.example.org/t\"; client_id = \"c\"; "
	     "refresh_token_file = \"rt\"; };",
	        "", ":3: mailbox.oauth2: and mailbox.oauth_token_file exclude each other"},
	};
	char *rt = put("rt", "1//0refresh\n", 0600), *open = put("open", "x\n", 0644);

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		char *path = conf_with(cases[i].mailbox, cases[i].smtp), *err = NULL;
		struct config *c = config_load(path, &err);
		if (c || !err || !strstr(err, cases[i].want))
			fail_msg("case %zu: got \"%s\", want \"%s\"", i, err ? err : "(loaded)", cases[i].want);
		assert_non_null(strstr(err, path));
		config_free(c);
		free(err);
		free(path);
	}
	free(rt);
	free(open);
}

/* smtp.oauth2 without smtp.user: the token names no account. */
static void
test_smtp_needs_user(void **state)
{
	char *rt = put("rt", "1//0refresh\n", 0600), *err = NULL;
	char *path = put("u.conf",
	    "store: { path = \"s.db\"; };\n"
	    "mailbox: { url = \"maildir:md\"; };\n"
	    "smtp: { url = \"smtp://smtp.example.org:587\";\n"
	    "  oauth2 = { token_url = \"https://l.example.org/t\"; client_id = \"c\"; refresh_token_file = \"rt\"; }; "
	    "};\n"
	    "secretariat: { address = \"u@example.org\"; };\n",
	    0600);
	struct config *c = config_load(path, &err);

	(void)state;
	assert_null(c);
	assert_non_null(strstr(err, ":4: smtp.oauth2: needs smtp.user"));
	free(err);
	free(path);
	free(rt);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_reply_success),
	    cmocka_unit_test(test_reply_error),
	    cmocka_unit_test(test_reply_malformed),
	    cmocka_unit_test(test_form),
	    cmocka_unit_test(test_renew_at),
	    cmocka_unit_test(test_backoff),
	    cmocka_unit_test(test_settings),
	    cmocka_unit_test(test_settings_errors),
	    cmocka_unit_test(test_smtp_needs_user),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
