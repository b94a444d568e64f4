/* test_maildir.c: the maildir: source (scan order, sent folders, filing, rejection, quarantine, requeue) and the spool:
 * transport. */
/* SPDX-License-Identifier: Apache-2.0 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "caps.h"
#include "config.h"
#include "source.h"
#include "transport.h"

static char top[] = "/tmp/lsd-maildir-XXXXXX";
static int seq;

static int
group_setup(void **state)
{
	(void)state;
	return mkdtemp(top) ? 0 : -1;
}

static int
group_teardown(void **state)
{
	char *cmd = xasprintf("rm -rf '%s'", top);
	int rc;

	(void)state;
	rc = system(cmd);
	free(cmd);
	return rc == 0 ? 0 : -1;
}

static void
put(const char *root, const char *rel, const char *text)
{
	char *path = xasprintf("%s/%s", root, rel), *err = NULL, *d = xstrdup(path);

	*strrchr(d, '/') = '\0';
	assert_int_equal(mkdir_p(d, 0700), 0);
	if (file_write_atomic(path, text, strlen(text), &err) != 0)
		fail_msg("%s", err);
	free(d);
	free(path);
}

static int
exists(const char *root, const char *rel)
{
	char *path = xasprintf("%s/%s", root, rel);
	struct stat sb;
	int rc = stat(path, &sb) == 0;

	free(path);
	return rc;
}

static char *
slurp(const char *root, const char *rel)
{
	char *path = xasprintf("%s/%s", root, rel), *data = NULL, *err = NULL;
	size_t len;

	if (file_read(path, 1 << 20, &data, &len, &err) != 0)
		fail_msg("%s", err);
	free(path);
	return data;
}

static int
count_files(const char *root, const char *rel)
{
	char *path = xasprintf("%s/%s", root, rel);
	DIR *d = opendir(path);
	struct dirent *de;
	int n = 0;

	free(path);
	if (!d)
		return -1;
	while ((de = readdir(d)) != NULL)
		if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0)
			n++;
	closedir(d);
	return n;
}

/* A Maildir with an inbox (new/, cur/, tmp/), a hidden file, and a Maildir++ .Sent folder. */
static char *
make_maildir(void)
{
	char *root = xasprintf("%s/m%d", top, ++seq);
	static const char *const dirs[] = {"tmp", ".Sent/new", ".Sent/tmp", ".Other/cur", ".Other/tmp"};

	put(root, "new/1700000002.M2P1.host", "Subject: two\n\nsecond\n");
	put(root, "new/1700000001.M1P1.host", "Subject: one\n\nfirst\n");
	put(root, "new/1700000003.M3P1.host", "Subject: three\n\nthird\n");
	put(root, "new/.1700000000.hidden", "Subject: hidden\n\nx\n");
	put(root, "new/bad\nname", "Subject: control character in the name\n\nx\n");
	put(root, "cur/1699999999.M0P1.host:2,S", "Subject: seen\n\nalready read\n");
	put(root, ".Sent/cur/1700000004.M4P1.host:2,S", "From: tsbjcamv@itu.int\nSubject: sent\n\nours\n");
	put(root, ".Other/new/1700000005.M5P1.host", "Subject: not watched\n\nx\n");
	for (size_t i = 0; i < sizeof(dirs) / sizeof(*dirs); i++) {
		char *d = xasprintf("%s/%s", root, dirs[i]);
		assert_int_equal(mkdir_p(d, 0700), 0);
		free(d);
	}
	return root;
}

static struct config *
config_for(const char *root, int maildir_slashes)
{
	struct config *c = config_defaults();

	free(c->mailbox_url);
	c->mailbox_url = xasprintf("maildir:%s%s", maildir_slashes ? "//" : "", root);
	assert_true(strv_contains(&c->sent_folders, "Sent")); /* the default, as etc/liaisond.conf shows */
	return c;
}

/* The messages of make_maildir(), as the source reports them. */
static const struct {
	const char *key, *folder, *subject;
	int outgoing;
} want_msgs[] = {
    {"cur/1699999999.M0P1.host:2,S", "cur", "Subject: seen", 0},
    {"new/1700000001.M1P1.host", "new", "Subject: one", 0},
    {"new/1700000002.M2P1.host", "new", "Subject: two", 0},
    {"new/1700000003.M3P1.host", "new", "Subject: three", 0},
    {".Sent/cur/1700000004.M4P1.host:2,S", ".Sent", "From: tsbjcamv@itu.int", 1},
};

static void
test_scan(void **state)
{
	char *root = make_maildir(), *err = NULL;
	struct config *c = config_for(root, 0);
	struct source *s = source_new(c, NULL, &err);
	struct source_msg m;
	struct strv seen = {0};

	(void)state;
	assert_non_null(s);
	assert_ptr_equal(s->ops, &maildir_source_ops);
	assert_string_equal(s->ops->name, "maildir");
	assert_int_equal(s->ops->open(s, &err), SRC_OK);
	for (size_t i = 0; i < sizeof(want_msgs) / sizeof(*want_msgs); i++) {
		size_t k;
		memset(&m, 0, sizeof(m));
		assert_int_equal(s->ops->next(s, &m, &err), SRC_OK);
		for (k = 0; k < sizeof(want_msgs) / sizeof(*want_msgs); k++)
			if (strcmp(m.key, want_msgs[k].key) == 0)
				break;
		if (k == sizeof(want_msgs) / sizeof(*want_msgs))
			fail_msg("unexpected message %s", m.key);
		assert_false(strv_contains(&seen, m.key)); /* each once */
		/* Within one folder, in name order. */
		if (seen.n) {
			const char *prev = seen.v[seen.n - 1];
			size_t pd = (size_t)(strrchr(prev, '/') - prev), md = (size_t)(strrchr(m.key, '/') - m.key);
			if (pd == md && strncmp(prev, m.key, pd) == 0 && strcmp(prev, m.key) > 0)
				fail_msg("%s after %s", m.key, prev);
		}
		strv_push(&seen, m.key);
		assert_string_equal(m.folder, want_msgs[k].folder);
		assert_int_equal(m.outgoing, want_msgs[k].outgoing);
		assert_int_equal(m.len, strlen((char *)m.data));
		assert_int_equal(strncmp((char *)m.data, want_msgs[k].subject, strlen(want_msgs[k].subject)), 0);
		source_msg_clear(&m);
		assert_null(m.key);
	}
	strv_free(&seen);
	/* The hidden file, the bad name, tmp/ and unwatched folders are never offered. */
	memset(&m, 0, sizeof(m));
	assert_int_equal(s->ops->next(s, &m, &err), SRC_NONE);
	assert_int_equal(s->ops->next(s, &m, &err), SRC_NONE);
	s->ops->close(s);

	/* Another cycle sees the same messages again (nothing was marked done). */
	assert_int_equal(s->ops->open(s, &err), SRC_OK);
	assert_int_equal(s->ops->next(s, &m, &err), SRC_OK);
	assert_non_null(strstr(m.key, ".host"));
	source_msg_clear(&m);
	s->ops->close(s);

	/* A watched extra folder is read too, as incoming. */
	strv_push(&c->folders, "Other");
	assert_int_equal(s->ops->open(s, &err), SRC_OK);
	{
		int found = 0, n = 0;
		while (s->ops->next(s, &m, &err) == SRC_OK) {
			n++;
			if (strcmp(m.key, ".Other/new/1700000005.M5P1.host") == 0) {
				found = 1;
				assert_int_equal(m.outgoing, 0);
				assert_string_equal(m.folder, ".Other");
			}
			source_msg_clear(&m);
		}
		assert_true(found);
		assert_int_equal(n, 6);
	}
	s->ops->close(s);
	source_free(s);
	config_free(c);
	free(root);
}

/*
 * Maildir names start with the delivery time: one cycle files the whole mailbox (new/, cur/ and the
 * watched folders) oldest first, so a statement is filed before the replies that answer it.
 */
static void
test_scan_arrival_order(void **state)
{
	char *root = make_maildir(), *err = NULL;
	struct config *c = config_for(root, 0);
	struct source *s = source_new(c, NULL, &err);
	struct source_msg m;
	struct buf order = {0};
	char prev[256] = "", msg[1024] = "";

	(void)state;
	assert_int_equal(s->ops->open(s, &err), SRC_OK);
	memset(&m, 0, sizeof(m));
	while (s->ops->next(s, &m, &err) == SRC_OK) {
		const char *base = strrchr(m.key, '/') + 1;
		buf_printf(&order, "  %s\n", m.key);
		if (*prev && strcmp(prev, base) > 0 && !*msg)
			snprintf(msg, sizeof(msg), "%s comes after a later message", m.key);
		snprintf(prev, sizeof(prev), "%s", base);
		source_msg_clear(&m);
	}
	if (*msg) {
		size_t n = strlen(msg);
		snprintf(msg + n, sizeof(msg) - n, "; order:\n%s", buf_str(&order));
	}
	buf_free(&order);
	source_free(s);
	config_free(c);
	free(root);
	if (*msg)
		fail_msg("%s", msg);
}

static void
test_message_vanishes(void **state)
{
	char *root = make_maildir(), *err = NULL, *gone = xasprintf("%s/new/1700000001.M1P1.host", root);
	struct config *c = config_for(root, 1); /* maildir://path works too */
	struct source *s = source_new(c, NULL, &err);
	struct source_msg m;

	(void)state;
	assert_int_equal(s->ops->open(s, &err), SRC_OK);
	assert_int_equal(unlink(gone), 0); /* another reader took it after the scan */
	memset(&m, 0, sizeof(m));
	{
		int n = 0;
		while (s->ops->next(s, &m, &err) == SRC_OK) {
			assert_string_not_equal(m.key, "new/1700000001.M1P1.host");
			n++;
			source_msg_clear(&m);
		}
		assert_int_equal(n, 4); /* skipped, not an error */
	}
	source_free(s);
	config_free(c);
	free(gone);
	free(root);
}

static void
test_done_quarantine_requeue(void **state)
{
	char *root = make_maildir(), *err = NULL, *data;
	struct config *c = config_for(root, 0);
	struct source *s = source_new(c, NULL, &err);
	struct source_msg m1, m2, m3, sent, any;

	(void)state;
	assert_int_equal(s->ops->open(s, &err), SRC_OK);
	memset(&m1, 0, sizeof(m1));
	memset(&m2, 0, sizeof(m2));
	memset(&m3, 0, sizeof(m3));
	memset(&sent, 0, sizeof(sent));
	memset(&any, 0, sizeof(any));
	/* Whatever the order of the cycle, pick the messages by key. */
	while (s->ops->next(s, &any, &err) == SRC_OK) {
		struct source_msg *to = strcmp(any.key, "new/1700000001.M1P1.host") == 0 ? &m1
		    : strcmp(any.key, "new/1700000002.M2P1.host") == 0                   ? &m2
		    : strcmp(any.key, "new/1700000003.M3P1.host") == 0                   ? &m3
		    : strcmp(any.key, ".Sent/cur/1700000004.M4P1.host:2,S") == 0         ? &sent
		                                                                         : NULL;
		if (to) {
			*to = any;
			memset(&any, 0, sizeof(any));
		} else
			source_msg_clear(&any);
	}
	assert_non_null(m1.key);
	assert_non_null(m2.key);
	assert_non_null(m3.key);
	assert_non_null(sent.key);

	/* Filed: into .Filed/cur, under the same name. */
	assert_int_equal(s->ops->done(s, &m1, &err), SRC_OK);
	assert_false(exists(root, "new/1700000001.M1P1.host"));
	assert_true(exists(root, ".Filed/cur/1700000001.M1P1.host"));
	assert_true(exists(root, ".Filed/new"));
	assert_true(exists(root, ".Filed/tmp"));
	data = slurp(root, ".Filed/cur/1700000001.M1P1.host");
	assert_string_equal(data, "Subject: one\n\nfirst\n");
	free(data);
	assert_int_equal(s->ops->done(s, &sent, &err), SRC_OK);
	assert_true(exists(root, ".Filed/cur/1700000004.M4P1.host:2,S"));
	assert_false(exists(root, ".Sent/cur/1700000004.M4P1.host:2,S"));

	/* Done twice: the file is gone, an error, not a crash. */
	assert_int_equal(s->ops->done(s, &m1, &err), SRC_RETRY);
	assert_non_null(err);
	free(err);
	err = NULL;

	/* Quarantined: into .Quarantine/cur. */
	assert_int_equal(s->ops->quarantine(s, &m2, "parse failed", &err), SRC_OK);
	assert_false(exists(root, "new/1700000002.M2P1.host"));
	assert_true(exists(root, ".Quarantine/cur/1700000002.M2P1.host"));

	/* Requeued: back into new/ of the folder it came from. */
	assert_int_equal(s->ops->requeue(s, m2.key, &err), SRC_OK);
	assert_true(exists(root, "new/1700000002.M2P1.host"));
	assert_false(exists(root, ".Quarantine/cur/1700000002.M2P1.host"));
	assert_int_equal(count_files(root, ".Quarantine/cur"), 0);

	/* A sent message quarantined and requeued goes back to .Sent/new. */
	put(root, ".Sent/cur/1700000006.M6P1.host:2,S", "Subject: sent 2\n\nx\n");
	{
		struct source_msg q = {
		    xstrdup(".Sent/cur/1700000006.M6P1.host:2,S"), xstrdup(".Sent"), 1, NULL, 0, NULL};
		assert_int_equal(s->ops->quarantine(s, &q, "crashed", &err), SRC_OK);
		assert_true(exists(root, ".Quarantine/cur/1700000006.M6P1.host:2,S"));
		assert_int_equal(s->ops->requeue(s, q.key, &err), SRC_OK);
		assert_true(exists(root, ".Sent/new/1700000006.M6P1.host:2,S"));
		source_msg_clear(&q);
	}

	/* Requeue refuses names that are not message names, and reports a missing one. */
	{
		static const char *const bad[] = {"new/..", "new/.hidden", "new/", "new/a\nb"};
		for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
			if (s->ops->requeue(s, bad[i], &err) != SRC_FATAL)
				fail_msg("requeue(\"%s\") accepted", bad[i]);
			free(err);
			err = NULL;
		}
		assert_int_equal(s->ops->requeue(s, "new/1700009999.none", &err), SRC_FATAL);
		assert_non_null(strstr(err, "1700009999.none"));
		free(err);
		err = NULL;
	}
	s->ops->close(s);

	/* The next cycle: m1 and the sent message are filed, m2 is back. */
	assert_int_equal(s->ops->open(s, &err), SRC_OK);
	{
		struct strv keys = {0};
		struct source_msg m;
		memset(&m, 0, sizeof(m));
		while (s->ops->next(s, &m, &err) == SRC_OK) {
			strv_push(&keys, m.key);
			source_msg_clear(&m);
		}
		assert_false(strv_contains(&keys, "new/1700000001.M1P1.host"));
		assert_true(strv_contains(&keys, "new/1700000002.M2P1.host"));
		assert_true(strv_contains(&keys, "new/1700000003.M3P1.host"));
		assert_true(strv_contains(&keys, ".Sent/new/1700000006.M6P1.host:2,S"));
		assert_false(strv_contains(&keys, ".Sent/cur/1700000004.M4P1.host:2,S"));
		strv_free(&keys);
	}
	source_msg_clear(&m1);
	source_msg_clear(&m2);
	source_msg_clear(&m3);
	source_msg_clear(&sent);
	source_free(s);
	config_free(c);
	free(root);
}

/*
 * What cannot be read (over the size cap, a directory) is reported, not handled: SRC_REJECT with the
 * key and the reason, the entry left where it is until the pipeline, having recorded the reason,
 * calls quarantine(). The source has no store here (NULL): it must not need one.
 */
static void
test_reject(void **state)
{
	char *root = xasprintf("%s/r%d", top, ++seq), *err = NULL, *huge = NULL;
	struct config *c = config_for(root, 0);
	struct source *s;
	struct source_msg m = {0};

	(void)state;
	put(root, "new/1.good", "Subject: good\n\nx\n");
	huge = xasprintf("%s/new/0.huge", root);
	put(root, "new/0.huge", "");
	assert_int_equal(truncate(huge, (off_t)LSD_MAX_MESSAGE + 1), 0); /* sparse */
	{
		char *d = xasprintf("%s/new/0.dir", root);
		assert_int_equal(mkdir_p(d, 0700), 0);
		free(d);
	}
	s = source_new(c, NULL, &err);
	assert_null(s->ops->checkpoint); /* a maildir keeps no state in the store */
	assert_int_equal(s->ops->open(s, &err), SRC_OK);

	assert_int_equal(s->ops->next(s, &m, &err), SRC_REJECT);
	assert_string_equal(m.key, "new/0.dir");
	assert_string_equal(m.folder, "new");
	assert_null(m.data);
	assert_non_null(strstr(m.reason, "cannot be read"));
	assert_true(exists(root, "new/0.dir")); /* untouched until the pipeline says so */
	assert_int_equal(s->ops->quarantine(s, &m, m.reason, &err), SRC_OK);
	assert_true(exists(root, ".Quarantine/cur/0.dir"));
	source_msg_clear(&m);

	assert_int_equal(s->ops->next(s, &m, &err), SRC_REJECT);
	assert_string_equal(m.key, "new/0.huge");
	assert_null(m.data);
	assert_non_null(strstr(m.reason, "byte limit for one message"));
	assert_true(exists(root, "new/0.huge"));
	source_msg_clear(&m); /* not set aside (the store refused, say): it stays for the next cycle */

	assert_int_equal(s->ops->next(s, &m, &err), SRC_OK);
	assert_string_equal(m.key, "new/1.good");
	assert_null(m.reason);
	source_msg_clear(&m);
	assert_int_equal(s->ops->next(s, &m, &err), SRC_NONE);
	s->ops->close(s);

	/* The next cycle reports the one left behind again. */
	assert_int_equal(s->ops->open(s, &err), SRC_OK);
	assert_int_equal(s->ops->next(s, &m, &err), SRC_REJECT);
	assert_string_equal(m.key, "new/0.huge");
	source_msg_clear(&m);
	source_free(s);
	config_free(c);
	free(huge);
	free(root);
}

/* A key with an empty name ("new/") names no message: requeue must not move the quarantine folder itself. */
static void
test_requeue_empty_name(void **state)
{
	char *root = xasprintf("%s/e%d", top, ++seq), *err = NULL;
	struct config *c = config_for(root, 0);
	struct source *s;
	static const char *const keys[] = {"new/", "", ".Sent/new/"};
	char msg[512] = "";

	(void)state;
	put(root, ".Quarantine/cur/1700000001.M1P1.host", "Subject: held\n\nx\n");
	{
		static const char *const dirs[] = {"new", "cur", "tmp", ".Sent/new", ".Sent/cur", ".Sent/tmp"};
		for (size_t i = 0; i < sizeof(dirs) / sizeof(*dirs); i++) {
			char *d = xasprintf("%s/%s", root, dirs[i]);
			assert_int_equal(mkdir_p(d, 0700), 0);
			free(d);
		}
	}
	s = source_new(c, NULL, &err);
	for (size_t i = 0; i < sizeof(keys) / sizeof(*keys) && !*msg; i++) {
		int rc = s->ops->requeue(s, keys[i], &err);
		int held = exists(root, ".Quarantine/cur/1700000001.M1P1.host");
		int in_new = count_files(root, "new");
		free(err);
		err = NULL;
		if (rc != SRC_FATAL || !held || in_new != 0)
			snprintf(msg, sizeof(msg),
			    "requeue(\"%s\") = %d; quarantined message still held: %d; files in new/: %d "
			    "(want SRC_FATAL, 1, 0)",
			    keys[i], rc, held, in_new);
	}
	source_free(s);
	config_free(c);
	free(root);
	if (*msg)
		fail_msg("%s", msg);
}

static void
test_open_errors(void **state)
{
	char *root = xasprintf("%s/missing%d", top, ++seq), *err = NULL;
	struct config *c = config_for(root, 0);
	struct source *s = source_new(c, NULL, &err);

	(void)state;
	assert_non_null(s);
	assert_int_equal(s->ops->open(s, &err), SRC_FATAL);
	assert_non_null(err);
	assert_non_null(strstr(err, root));
	free(err);
	err = NULL;
	source_free(s);

	free(c->mailbox_url);
	c->mailbox_url = xstrdup("pop3://mail.example.org");
	assert_null(source_new(c, NULL, &err));
	assert_non_null(err);
	free(err);
	err = NULL;
	free(c->mailbox_url);
	c->mailbox_url = xstrdup("imaps://imap.example.org/INBOX");
	s = source_new(c, NULL, &err);
	assert_non_null(s);
	assert_ptr_equal(s->ops, &imap_source_ops);
	source_free(s);
	source_free(NULL);
	config_free(c);
	free(root);
}

static const struct {
	const char *key, *file;
} spool_names[] = {
    {"ack-1", "ack-1.eml"},
    {"ack:<m1@x>", "ack__m1_x_.eml"},
    {"../../etc/passwd", ".._.._etc_passwd.eml"},
    {"a b\r\nc", "a_b__c.eml"},
    {"digest.2026-05-11_X", "digest.2026-05-11_X.eml"},
    {"\xc3\xa9", "__.eml"},
};

static void
test_spool(void **state)
{
	char *spool = xasprintf("%s/spool%d/out", top, ++seq), *err = NULL, *data;
	struct config *c = config_defaults();
	struct transport *t;
	const char *rcpt[] = {"a@example.org", "b@example.org"};
	static const char mail[] = "From: tsbjcamv@itu.int\r\nSubject: Ack\r\n\r\nThank you.\r\n";

	(void)state;
	free(c->smtp_url);
	c->smtp_url = xasprintf("spool:%s", spool);
	t = transport_new(c, &err);
	assert_non_null(t);
	assert_ptr_equal(t->ops, &spool_transport_ops);
	for (size_t i = 0; i < sizeof(spool_names) / sizeof(*spool_names); i++) {
		char *want = xasprintf("%s/%s", spool, spool_names[i].file);
		struct stat sb;
		assert_int_equal(
		    t->ops->send(t, "tsbjcamv@itu.int", rcpt, 2, mail, sizeof(mail) - 1, spool_names[i].key, &err),
		    TR_OK);
		if (stat(want, &sb) != 0)
			fail_msg("key \"%s\": no %s", spool_names[i].key, want);
		free(want);
	}
	assert_int_equal(
	    count_files(spool, ""), (int)(sizeof(spool_names) / sizeof(*spool_names))); /* no temporaries */
	data = slurp(spool, "ack-1.eml");
	assert_string_equal(data,
	    "Return-Path: <tsbjcamv@itu.int>\r\nX-Envelope-To: <a@example.org>\r\n"
	    "X-Envelope-To: <b@example.org>\r\n"
	    "From: tsbjcamv@itu.int\r\nSubject: Ack\r\n\r\nThank you.\r\n");
	free(data);
	/* Nothing escaped the spool folder. */
	{
		char *up = xasprintf("%s/..", spool);
		assert_int_equal(count_files(up, ""), 1);
		free(up);
	}
	/* The same key again replaces the file atomically. */
	assert_int_equal(t->ops->send(t, "tsbjcamv@itu.int", rcpt, 1, "x\r\n", 3, "ack-1", &err), TR_OK);
	data = slurp(spool, "ack-1.eml");
	assert_string_equal(data, "Return-Path: <tsbjcamv@itu.int>\r\nX-Envelope-To: <a@example.org>\r\nx\r\n");
	free(data);
	assert_int_equal(count_files(spool, ""), (int)(sizeof(spool_names) / sizeof(*spool_names)));
	transport_free(t);

	/* spool://path and unknown schemes. */
	free(c->smtp_url);
	c->smtp_url = xasprintf("spool://%s", spool);
	t = transport_new(c, &err);
	assert_int_equal(t->ops->send(t, "tsbjcamv@itu.int", rcpt, 1, "y\r\n", 3, "slashes", &err), TR_OK);
	assert_true(exists(spool, "slashes.eml"));
	transport_free(t);
	free(c->smtp_url);
	c->smtp_url = xstrdup("http://x");
	assert_null(transport_new(c, &err));
	assert_non_null(err);
	free(err);
	transport_free(NULL);
	config_free(c);
	free(spool);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_scan),
	    cmocka_unit_test(test_scan_arrival_order),
	    cmocka_unit_test(test_message_vanishes),
	    cmocka_unit_test(test_done_quarantine_requeue),
	    cmocka_unit_test(test_reject),
	    cmocka_unit_test(test_requeue_empty_name),
	    cmocka_unit_test(test_open_errors),
	    cmocka_unit_test(test_spool),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
