/* test_config.c: config_load on temporary files: values, exact "FILE:LINE: setting: reason" errors, secrets, paths. */
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

static char dir[] = "/tmp/lsd-config-XXXXXX";

/* Writes text to DIR/name with the given mode; returns the path (owned). */
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
	unsetenv("LIAISOND_IMAP_PASSWORD");
	unsetenv("LIAISOND_SMTP_PASSWORD");
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

/* The settings INTERFACE.md promises, with values that differ from the defaults where they can. */
static const char full_conf[] = "# liaisond.conf as in INTERFACE.md\n"
                                "store:       { path = \"/var/lib/liaisond/test.db\"; };\n"
                                "mailbox:     { url = \"imaps://imap.example.org/INBOX\";\n"
                                "               user = \"tsbjcamv\"; password = \"pw-imap\";\n"
                                "               poll_interval = 90;\n"
                                "               tls_verify = false;\n"
                                "               ca_file = \"extra.pem\";\n"
                                "               starttls = false;\n"
                                "               folders = [ \"Liaisons\" ];\n"
                                "               sent_folders = [ \"Sent\", \"Sent Items\" ];\n"
                                "               mark = \"move\"; };\n"
                                "smtp:        { url = \"smtp://mail.example.org:587\";\n"
                                "               user = \"sender\"; password = \"pw-smtp\";\n"
                                "               tls_verify = true; ca_file = \"\"; starttls = true;\n"
                                "               from = \"JCA-MV Secretariat <tsbjcamv@itu.int>\"; };\n"
                                "secretariat: { address = \"TsbJcaMv@ITU.int\";\n"
                                "               digest_to = [ \"jcamv-chairs@example.org\", \"second@example.org\" ];\n"
                                "               digest_time = \"07:30\"; timezone = \"Europe/Paris\"; };\n"
                                "reminders:   { days_before = [ 21, 14, 7, 1 ]; overdue_every = 10; overdue_max = 2;\n"
                                "               self_to = \"JCA-MV Tasks <Tasks@ITU.int>\"; };\n";

static void
test_full(void **state)
{
	char *path = put("full.conf", full_conf, 0600), *err = (char *)1, *ca = put("extra.pem", "PEM\n", 0644);
	struct config *c;

	(void)state;
	c = config_load(path, &err);
	if (!c)
		fail_msg("config_load: %s", err);
	assert_null(err);
	assert_string_equal(c->path, path);
	assert_string_equal(c->store_path, "/var/lib/liaisond/test.db");
	assert_string_equal(c->mailbox_url, "imaps://imap.example.org/INBOX");
	assert_string_equal(c->mailbox_user, "tsbjcamv");
	assert_string_equal(c->mailbox_password, "pw-imap");
	assert_int_equal(c->poll_interval, 90);
	assert_int_equal(c->mailbox_tls.verify, 0);
	assert_string_equal(c->mailbox_tls.ca_file, ca); /* relative: next to the configuration file */
	assert_int_equal(c->mailbox_tls.starttls, 0);
	assert_int_equal(c->folders.n, 1);
	assert_string_equal(c->folders.v[0], "Liaisons");
	assert_int_equal(c->sent_folders.n, 2);
	assert_string_equal(c->sent_folders.v[0], "Sent");
	assert_string_equal(c->sent_folders.v[1], "Sent Items");
	assert_string_equal(c->mark, "move");
	assert_string_equal(c->smtp_url, "smtp://mail.example.org:587");
	assert_string_equal(c->smtp_user, "sender");
	assert_string_equal(c->smtp_password, "pw-smtp");
	assert_int_equal(c->smtp_tls.verify, 1);
	assert_string_equal(c->smtp_tls.ca_file, "");
	assert_int_equal(c->smtp_tls.starttls, 1);
	assert_string_equal(c->smtp_from, "JCA-MV Secretariat <tsbjcamv@itu.int>");
	assert_string_equal(c->secretariat_address, "tsbjcamv@itu.int"); /* lower case */
	assert_int_equal(c->digest_to.n, 2);
	assert_string_equal(c->digest_to.v[0], "jcamv-chairs@example.org");
	assert_string_equal(c->digest_to.v[1], "second@example.org");
	assert_string_equal(c->digest_time, "07:30");
	assert_string_equal(c->timezone, "Europe/Paris");
	assert_int_equal(c->ndays_before, 4);
	assert_int_equal(c->days_before[0], 21);
	assert_int_equal(c->days_before[3], 1);
	assert_int_equal(c->overdue_every, 10);
	assert_int_equal(c->overdue_max, 2);
	assert_string_equal(c->self_to, "tasks@itu.int"); /* bare, lower case */
	/* Not in the file: the defaults. */
	assert_string_equal(c->keyword, "$Filed");
	assert_string_equal(c->filed_folder, "Filed");
	assert_string_equal(c->quarantine_folder, "Quarantine");
	assert_int_equal(c->send_acks, 1);
	assert_int_equal(c->acks_per_day, 200);
	assert_int_equal(c->trusted_authserv_ids.n, 0);
	assert_int_equal(c->trust_sender_address, 0);
	config_free(c);
	free(path);
	free(ca);
}

#define STORE "store: { path = \"/tmp/lsd.db\"; };\n"
#define MAILBOX "mailbox: { url = \"maildir:/tmp/Maildir\"; };\n"
#define SMTP "smtp: { url = \"spool:/tmp/spool\"; };\n"
#define SECR "secretariat: { address = \"tsbjcamv@itu.int\"; };\n"

static const struct {
	const char *name;
	const char *text;
	const char *want; /* the error after "FILE:" */
	int prefix;       /* want is only the start (libconfig's own wording follows) */
} errors[] = {
    {"unknown group", STORE MAILBOX SMTP SECR "bogus: { a = 1; };\n", "5: bogus: unknown group", 0},
    {"plain imap to a remote server",
        STORE "mailbox: { url = \"imap://mail.example.org/INBOX\";\n  starttls = false; };\n" SMTP SECR,
        "3: mailbox.starttls: false is allowed for a loopback server only (use TLS for imap://mail.example.org/INBOX)",
        0},
    {"plain smtp to a remote server",
        STORE MAILBOX "smtp: { url = \"smtp://[2001:db8::1]:25\"; starttls = false; };\n" SECR,
        "3: smtp.starttls: false is allowed for a loopback server only (use TLS for smtp://[2001:db8::1]:25)", 0},
    {"top-level scalar", STORE MAILBOX SMTP SECR "colour = \"blue\";\n", "5: colour: unknown group", 0},
    {"group not a group", "store = \"x\";\n" MAILBOX SMTP SECR, "1: store: expected a group { … }", 0},
    {"unknown setting", STORE "mailbox: { url = \"maildir:/m\";\n  colour = \"blue\"; };\n" SMTP SECR,
        "3: mailbox.colour: unknown setting", 0},
    {"wrong type int", STORE "mailbox: { url = \"maildir:/m\";\n\n  poll_interval = \"x\"; };\n" SMTP SECR,
        "4: mailbox.poll_interval: expected an integer", 0},
    {"float for int", STORE "mailbox: { url = \"maildir:/m\"; poll_interval = 1.5; };\n" SMTP SECR,
        "2: mailbox.poll_interval: expected an integer", 0},
    {"int too small", STORE "mailbox: { url = \"maildir:/m\"; poll_interval = 0; };\n" SMTP SECR,
        "2: mailbox.poll_interval: must be between 1 and 86400", 0},
    {"int too large", STORE "mailbox: { url = \"maildir:/m\";\n poll_interval = 86401; };\n" SMTP SECR,
        "3: mailbox.poll_interval: must be between 1 and 86400", 0},
    {"int64 too large", STORE "mailbox: { url = \"maildir:/m\"; timeout = 9999999999L; };\n" SMTP SECR,
        "2: mailbox.timeout: must be between 1 and 3600", 0},
    {"wrong type string", "store: { path = 5; };\n" MAILBOX SMTP SECR, "1: store.path: expected a string", 0},
    {"wrong type bool", STORE "mailbox: { url = \"maildir:/m\"; tls_verify = \"yes\"; };\n" SMTP SECR,
        "2: mailbox.tls_verify: expected true or false", 0},
    {"wrong type list", STORE "mailbox: { url = \"maildir:/m\"; folders = \"INBOX\"; };\n" SMTP SECR,
        "2: mailbox.folders: expected a list of strings, e.g. [ \"a\", \"b\" ]", 0},
    {"int in string list", STORE MAILBOX SMTP "secretariat: { address = \"a@b.c\"; digest_to = ( \"x@y.z\", 5 ); };\n",
        "4: secretariat.digest_to: element 2: expected a string", 0},
    {"string in int list", STORE MAILBOX SMTP SECR "reminders: { days_before = ( 14, \"7\" ); };\n",
        "5: reminders.days_before: element 2: expected an integer", 0},
    {"array of strings for ints", STORE MAILBOX SMTP SECR "reminders: { days_before = [ \"14\" ]; };\n",
        "5: reminders.days_before: element 1: expected an integer", 0},
    {"mixed array", STORE MAILBOX SMTP SECR "reminders: { days_before = [ 14, \"7\" ]; };\n", "5: syntax error", 1},
    {"int list range", STORE MAILBOX SMTP SECR "reminders: { days_before = [ 14, 4000 ]; };\n",
        "5: reminders.days_before: element 2: must be between 0 and 3650", 0},
    {"int list too long",
        STORE MAILBOX SMTP SECR
        "reminders: { days_before = [ 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17 ]; };\n",
        "5: reminders.days_before: at most 16 values", 0},
    {"overdue_every zero", STORE MAILBOX SMTP SECR "reminders: { overdue_every = 0; };\n",
        "5: reminders.overdue_every: must be between 1 and 365", 0},
    {"overdue_max range", STORE MAILBOX SMTP SECR "reminders: { overdue_max = -1; };\n",
        "5: reminders.overdue_max: must be between 0 and 100", 0},
    {"self_to not an address", STORE MAILBOX SMTP SECR "reminders: { self_to = \"secretariat\"; };\n",
        "5: reminders.self_to: expected one e-mail address, e.g. name@example.org", 0},
    {"missing store group", MAILBOX SMTP SECR, "1: store.path: missing (required)", 0},
    {"missing store.path", MAILBOX SMTP SECR "store: { };\n", "4: store.path: missing (required)", 0},
    {"missing mailbox.url", STORE "mailbox: { user = \"u\"; };\n" SMTP SECR, "2: mailbox.url: missing (required)", 0},
    {"missing smtp.url", STORE MAILBOX SECR "\nsmtp: { from = \"a@b.c\"; };\n", "5: smtp.url: missing (required)", 0},
    {"missing secretariat.address", STORE MAILBOX SMTP, "1: secretariat.address: missing (required)", 0},
    {"bad mailbox scheme", STORE "\nmailbox: { url = \"pop3://mail.example.org\"; };\n" SMTP SECR,
        "3: mailbox.url: expected maildir:/path, imap://host/folder or imaps://host/folder", 0},
    {"bad smtp scheme", STORE MAILBOX "smtp: { url = \"http://mail.example.org\"; };\n" SECR,
        "3: smtp.url: expected spool:/path, smtp://host:port or smtps://host:port", 0},
    {"bad mark", STORE "mailbox: { url = \"maildir:/m\";\n mark = \"flag\"; };\n" SMTP SECR,
        "3: mailbox.mark: expected \"keyword\" or \"move\"", 0},
    {"address without @", STORE MAILBOX SMTP "secretariat: { address = \"tsbjcamv\"; };\n",
        "4: secretariat.address: expected one e-mail address, e.g. name@example.org", 0},
    {"two digest addresses in one string",
        STORE MAILBOX SMTP
        "secretariat: { address = \"tsbjcamv@itu.int\";\n  digest_to = [ \"a@example.org, b@example.org\" ]; };\n",
        "5: secretariat.digest_to: expected one e-mail address, e.g. name@example.org", 0},
    {"from without an address", STORE MAILBOX "smtp: { url = \"spool:/s\"; from = \"JCA-MV Secretariat\"; };\n" SECR,
        "3: smtp.from: expected one e-mail address, e.g. name@example.org", 0},
    {"acks a day too many",
        STORE MAILBOX SMTP "secretariat: { address = \"tsbjcamv@itu.int\"; acknowledge_per_day = 100001; };\n",
        "4: secretariat.acknowledge_per_day: must be between 0 and 100000", 0},
    {"acks a day negative",
        STORE MAILBOX SMTP "secretariat: { address = \"tsbjcamv@itu.int\"; acknowledge_per_day = -1; };\n",
        "4: secretariat.acknowledge_per_day: must be between 0 and 100000", 0},
    {"digest time", STORE MAILBOX SMTP "secretariat: { address = \"tsbjcamv@itu.int\"; digest_time = \"6:00\"; };\n",
        "4: secretariat.digest_time: expected HH:MM, e.g. \"06:00\"", 0},
    {"time zone",
        STORE MAILBOX SMTP "secretariat: { address = \"tsbjcamv@itu.int\"; timezone = \"Europe/Atlantis\"; };\n",
        "4: secretariat.timezone: not a time zone of the system's tz database (e.g. Europe/Zurich)", 0},
    {"keyword with a space", STORE "mailbox: { url = \"maildir:/m\"; keyword = \"bad word\"; };\n" SMTP SECR,
        "2: mailbox.keyword: expected one IMAP keyword: letters, digits, $ . _ -; no spaces", 0},
    {"filed folder read too", STORE "mailbox: { url = \"maildir:/m\"; folders = [ \"Filed\" ]; };\n" SMTP SECR,
        "2: mailbox.filed_folder: must not be one of the folders read (mailbox.folders, mailbox.sent_folders)", 0},
    {"control character in string", STORE "mailbox: { url = \"maildir:/m\"; user = \"a\\nb\"; };\n" SMTP SECR,
        "2: mailbox.user: control characters are not allowed", 0},
    {"tab in string", STORE MAILBOX "smtp: { url = \"spool:/s\"; from = \"x\\t<a@b.c>\"; };\n" SECR,
        "3: smtp.from: control characters are not allowed", 0},
    {"control character in list",
        STORE MAILBOX SMTP "secretariat: { address = \"a@b.c\"; digest_to = [ \"x@y.z\\r\\nRCPT TO:<e@v.il>\" ]; };\n",
        "4: secretariat.digest_to: element 1: expected a string", 0},
    {"control character in url", STORE "mailbox: { url = \"maildir:/m\\x01\"; };\n" SMTP SECR,
        "2: mailbox.url: control characters are not allowed", 0},
    {"missing ca_file",
        STORE
        "mailbox: { url = \"imaps://mail.example.org/INBOX\";\n ca_file = \"/nonexistent/ca.pem\"; };\n" SMTP SECR,
        "3: mailbox.ca_file: /nonexistent/ca.pem: No such file or directory", 0},
    {"ca_file a folder", STORE MAILBOX "smtp: { url = \"smtps://mail.example.org\";\n\n ca_file = \"/\"; };\n" SECR,
        "5: smtp.ca_file: /: not a file", 0},
    {"authserv-id with a space",
        STORE "mailbox: { url = \"maildir:/m\"; trusted_authserv_id = [ \"mx itu\" ]; };\n" SMTP SECR,
        "2: mailbox.trusted_authserv_id: expected the host name your MTA writes first in Authentication-Results, e.g. "
        "\"mx.itu.int\"",
        0},
    {"authserv-id a string",
        STORE "mailbox: { url = \"maildir:/m\"; trusted_authserv_id = \"mx.itu.int\"; };\n" SMTP SECR,
        "2: mailbox.trusted_authserv_id: expected a list of strings, e.g. [ \"a\", \"b\" ]", 0},
    {"trust a string", STORE MAILBOX SMTP "secretariat: { address = \"a@b.c\"; trust_sender_address = \"yes\"; };\n",
        "4: secretariat.trust_sender_address: expected true or false", 0},
    {"syntax error", STORE MAILBOX "smtp: { url = ; };\n" SECR, "3: syntax error", 1},
    {"syntax error late", STORE MAILBOX SMTP SECR "\n\nreminders: { days_before = [ 1, 2 }; };\n", "7: syntax error",
        1},
};

static void
test_errors(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(errors) / sizeof(*errors); i++) {
		char *path = put("bad.conf", errors[i].text, 0600), *err = NULL;
		struct config *c = config_load(path, &err);
		struct buf want = {0};

		buf_printf(&want, "%s:%s", path, errors[i].want);
		if (c)
			fail_msg("%s: config_load accepted the file", errors[i].name);
		if (!err)
			fail_msg("%s: no error text", errors[i].name);
		if (errors[i].prefix ? strncmp(err, buf_str(&want), want.len) != 0 : strcmp(err, buf_str(&want)) != 0)
			fail_msg("%s:\n  got  \"%s\"\n  want \"%s\"%s", errors[i].name, err, buf_str(&want),
			    errors[i].prefix ? "…" : "");
		free(err);
		buf_free(&want);
		unlink(path);
		free(path);
	}
}

static void
test_missing_file(void **state)
{
	char *path = xasprintf("%s/nonexistent.conf", dir), *err = NULL;

	(void)state;
	assert_null(config_load(path, &err));
	assert_non_null(err);
	assert_true(strncmp(err, path, strlen(path)) == 0);
	assert_non_null(strstr(err, "cannot read"));
	free(err);
	free(path);
}

static void
test_password_file(void **state)
{
	char *secret = put("imap.secret", "s3cret-pw\nsecond line ignored\n", 0644);
	char *conf = put("pw.conf",
	    STORE "mailbox: { url = \"imaps://imap.example.org/INBOX\";\n"
	          "  password_file = \"imap.secret\"; };\n" /* relative: next to the configuration file */
	    SMTP SECR,
	    0600);
	char *err = NULL;
	struct config *c;
	struct buf want = {0};

	(void)state;
	/* World-readable: refused, naming the file, the line and the setting. */
	assert_null(config_load(conf, &err));
	assert_non_null(err);
	buf_printf(
	    &want, "%s:3: mailbox.password_file: %s is readable by others (mode 0644); chmod o-rwx it", conf, secret);
	assert_string_equal(err, buf_str(&want));
	free(err);
	err = NULL;

	/* 0604 is still readable by others. */
	assert_int_equal(chmod(secret, 0604), 0);
	assert_null(config_load(conf, &err));
	assert_non_null(strstr(err, "readable by others"));
	free(err);
	err = NULL;

	/* 0600: the first line, without its newline. */
	assert_int_equal(chmod(secret, 0600), 0);
	c = config_load(conf, &err);
	if (!c)
		fail_msg("%s", err);
	assert_string_equal(c->mailbox_password, "s3cret-pw");
	config_free(c);

	/* CRLF line end stripped too. */
	free(put("imap.secret", "crlf-pw\r\n", 0600));
	c = config_load(conf, &err);
	assert_non_null(c);
	assert_string_equal(c->mailbox_password, "crlf-pw");
	config_free(c);

	/* A symlink (mode 0777 itself) to a 0600 file: the file's mode counts (stat, not lstat). */
	{
		char *target = put("real.secret", "linked-pw\n", 0600);
		assert_int_equal(unlink(secret), 0);
		assert_int_equal(symlink(target, secret), 0);
		c = config_load(conf, &err);
		if (!c)
			fail_msg("%s", err);
		assert_string_equal(c->mailbox_password, "linked-pw");
		config_free(c);
		assert_int_equal(chmod(target, 0644), 0); /* and the target's mode is what is refused */
		assert_null(config_load(conf, &err));
		assert_non_null(strstr(err, "readable by others (mode 0644)"));
		free(err);
		err = NULL;
		unlink(target);
		free(target);
		unlink(secret);
		free(put("imap.secret", "crlf-pw\r\n", 0600));
	}

	/* The environment wins over the file. */
	setenv("LIAISOND_IMAP_PASSWORD", "from-env", 1);
	c = config_load(conf, &err);
	assert_non_null(c);
	assert_string_equal(c->mailbox_password, "from-env");
	config_free(c);
	unsetenv("LIAISOND_IMAP_PASSWORD");

	/* A missing password file is an error at its line. */
	unlink(secret);
	assert_null(config_load(conf, &err));
	buf_reset(&want);
	buf_printf(&want, "%s:3: mailbox.password_file: %s: ", conf, secret);
	if (strncmp(err, buf_str(&want), want.len) != 0)
		fail_msg("got \"%s\", want \"%s…\"", err, buf_str(&want));
	free(err);

	buf_free(&want);
	unlink(conf);
	free(conf);
	free(secret);
}

/* An inline password makes the file a secret: refused when others may read it, as a password_file is. */
static void
test_inline_password(void **state)
{
	char *conf = put("inline.conf",
	    STORE "mailbox: { url = \"imaps://imap.example.org/INBOX\";\n"
	          "  password = \"inline-pw\"; };\n" SMTP SECR,
	    0644);
	char *err = NULL;
	struct config *c;
	struct buf want = {0};

	(void)state;
	assert_null(config_load(conf, &err));
	buf_printf(&want,
	    "%s:3: mailbox.password: an inline password in a file readable by others (mode 0644); chmod o-rwx %s, or "
	    "use password_file",
	    conf, conf);
	assert_string_equal(err, buf_str(&want));
	free(err);
	err = NULL;
	assert_int_equal(chmod(conf, 0640), 0); /* the group may read it: the operators' liaisonctl */
	c = config_load(conf, &err);
	if (!c)
		fail_msg("%s", err);
	assert_string_equal(c->mailbox_password, "inline-pw");
	config_free(c);
	/* An empty password is no secret. */
	free(put("inline.conf", STORE "mailbox: { url = \"maildir:/m\"; password = \"\"; };\n" SMTP SECR, 0644));
	c = config_load(conf, &err);
	if (!c)
		fail_msg("%s", err);
	config_free(c);
	/* smtp.password too, with the mode as it is. */
	free(put(
	    "inline.conf", STORE MAILBOX "smtp: { url = \"smtps://s.example.org\"; password = \"x\"; };\n" SECR, 0604));
	assert_null(config_load(conf, &err));
	assert_non_null(strstr(err, ":3: smtp.password: an inline password in a file readable by others (mode 0604)"));
	free(err);
	buf_free(&want);
	unlink(conf);
	free(conf);
}

/* The trust settings: authserv-ids and the operator's word. */
static void
test_trust_settings(void **state)
{
	char *conf = put("trust.conf",
	    STORE
	    "mailbox: { url = \"maildir:/m\"; trusted_authserv_id = [ \"mx.itu.int\", \"mx2.itu.int\" ]; };\n" SMTP
	    "secretariat: { address = \"tsbjcamv@itu.int\"; trust_sender_address = true; };\n",
	    0600);
	char *err = NULL;
	struct config *c = config_load(conf, &err);

	(void)state;
	if (!c)
		fail_msg("%s", err);
	assert_int_equal(c->trusted_authserv_ids.n, 2);
	assert_string_equal(c->trusted_authserv_ids.v[1], "mx2.itu.int");
	assert_int_equal(c->trust_sender_address, 1);
	config_free(c);
	unlink(conf);
	free(conf);
}

static void
test_smtp_password_file(void **state)
{
	char *secret = put("smtp.secret", "smtp-pw\n", 0600);
	char *conf = put("smtp.conf",
	    STORE MAILBOX "smtp: { url = \"smtp://mail.example.org:587\"; password_file = \"smtp.secret\"; };\n" SECR,
	    0600);
	char *err = NULL;
	struct config *c;

	(void)state;
	c = config_load(conf, &err);
	if (!c)
		fail_msg("%s", err);
	assert_string_equal(c->smtp_password, "smtp-pw");
	assert_string_equal(c->mailbox_password, "");
	config_free(c);

	setenv("LIAISOND_SMTP_PASSWORD", "smtp-env", 1);
	setenv("LIAISOND_IMAP_PASSWORD", "imap-env", 1);
	c = config_load(conf, &err);
	assert_non_null(c);
	assert_string_equal(c->smtp_password, "smtp-env");
	assert_string_equal(c->mailbox_password, "imap-env");
	config_free(c);
	unsetenv("LIAISOND_SMTP_PASSWORD");
	unsetenv("LIAISOND_IMAP_PASSWORD");

	assert_int_equal(chmod(secret, 0640), 0); /* group-readable is the operator's call */
	c = config_load(conf, &err);
	assert_non_null(c);
	config_free(c);
	assert_int_equal(chmod(secret, 0606), 0);
	assert_null(config_load(conf, &err));
	assert_non_null(strstr(err, "smtp.password_file"));
	free(err);

	unlink(secret);
	unlink(conf);
	free(conf);
	free(secret);
}

static const struct {
	const char *store, *mailbox, *smtp, *sdo;                     /* as written */
	const char *want_store, *want_mailbox, *want_smtp, *want_sdo; /* after DIR/ (NULL: exactly as written) */
} paths[] = {
    {"data/liaisond.db", "maildir:Maildir", "spool:outgoing", "sdos.conf", "data/liaisond.db", "Maildir", "outgoing",
        "sdos.conf"},
    {"/abs/liaisond.db", "maildir:/abs/Maildir", "spool:/abs/spool", "/abs/sdos.conf", NULL, NULL, NULL, NULL},
    {"liaisond.db", "imaps://imap.example.org/INBOX", "smtps://mail.example.org:465", "", "liaisond.db", NULL, NULL,
        NULL},
};

static void
test_relative_paths(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(paths) / sizeof(*paths); i++) {
		struct buf t = {0}, w = {0};
		char *conf, *err = NULL;
		struct config *c;

		buf_printf(&t,
		    "store: { path = \"%s\"; };\nmailbox: { url = \"%s\"; };\nsmtp: { url = \"%s\"; };\n"
		    "secretariat: { address = \"tsbjcamv@itu.int\"; };\nsdo: { file = \"%s\"; };\n",
		    paths[i].store, paths[i].mailbox, paths[i].smtp, paths[i].sdo);
		conf = put("rel.conf", buf_str(&t), 0600);
		c = config_load(conf, &err);
		if (!c)
			fail_msg("case %zu: %s", i, err);

		buf_reset(&w);
		if (paths[i].want_store)
			buf_printf(&w, "%s/%s", dir, paths[i].want_store);
		else
			buf_adds(&w, paths[i].store);
		assert_string_equal(c->store_path, buf_str(&w));

		buf_reset(&w);
		if (paths[i].want_mailbox)
			buf_printf(&w, "maildir:%s/%s", dir, paths[i].want_mailbox);
		else
			buf_adds(&w, paths[i].mailbox);
		assert_string_equal(c->mailbox_url, buf_str(&w));

		buf_reset(&w);
		if (paths[i].want_smtp)
			buf_printf(&w, "spool:%s/%s", dir, paths[i].want_smtp);
		else
			buf_adds(&w, paths[i].smtp);
		assert_string_equal(c->smtp_url, buf_str(&w));

		buf_reset(&w);
		if (paths[i].want_sdo)
			buf_printf(&w, "%s/%s", dir, paths[i].want_sdo);
		else
			buf_adds(&w, paths[i].sdo);
		assert_string_equal(c->sdo_file, buf_str(&w));

		config_free(c);
		unlink(conf);
		free(conf);
		buf_free(&t);
		buf_free(&w);
	}
}

static void
test_defaults(void **state)
{
	struct config *c = config_defaults();

	(void)state;
	assert_null(c->path);
	assert_string_equal(c->secretariat_address, "tsbjcamv@itu.int");
	assert_string_equal(c->smtp_from, "JCA-MV Secretariat <tsbjcamv@itu.int>");
	assert_int_equal(strncmp(c->mailbox_url, "maildir:", 8), 0);
	assert_int_equal(strncmp(c->smtp_url, "spool:", 6), 0);
	assert_int_equal(c->poll_interval, 60);
	assert_string_equal(c->mark, "keyword");
	assert_int_equal(c->ndays_before, 3);
	assert_int_equal(c->days_before[0], 14);
	assert_int_equal(c->days_before[1], 7);
	assert_int_equal(c->days_before[2], 1);
	config_free(c);
	config_free(NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_defaults),
	    cmocka_unit_test(test_full),
	    cmocka_unit_test(test_errors),
	    cmocka_unit_test(test_missing_file),
	    cmocka_unit_test(test_password_file),
	    cmocka_unit_test(test_smtp_password_file),
	    cmocka_unit_test(test_inline_password),
	    cmocka_unit_test(test_trust_settings),
	    cmocka_unit_test(test_relative_paths),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
