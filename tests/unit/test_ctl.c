/* test_ctl.c: liaisonctl's commands read their options with one parser: usage errors exit 2 and do nothing. */
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
#include "ctl.h"
#include "message.h"
#include "pipeline.h"
#include "sdo.h"
#include "store.h"
#include "transport.h"
#include "util.h"

struct fx {
	char dir[64];
	char *path;
	struct config *cfg;
	struct ctl_ctx ctx;
};

static int
setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof(*f));
	char *err = NULL;

	snprintf(f->dir, sizeof(f->dir), "/tmp/test_ctl.XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	f->path = xasprintf("%s/store.db", f->dir);
	f->cfg = config_defaults();
	strv_push(&f->cfg->digest_to, "chairs@example.org"); /* so that a real digest would be queued */
	f->ctx.cfg = f->cfg;
	f->ctx.dir = sdo_dir_builtin();
	if (!(f->ctx.st = store_open(f->path, 0, &err))) {
		fprintf(stderr, "store_open: %s\n", err);
		free(err);
		return -1;
	}
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;
	char cmd[128];

	store_close(f->ctx.st);
	config_free(f->cfg);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", f->dir);
	free(f->path);
	free(f);
	return 0;
}

/* Runs fn with a copy of args (getopt permutes its argv), NULL-terminated; returns its exit status. */
static int
run(int (*fn)(struct ctl_ctx *, int, char **), struct ctl_ctx *ctx, const char **args)
{
	char *argv[16];
	int argc = 0, rc;

	for (; args[argc]; argc++)
		argv[argc] = xstrdup(args[argc]);
	argv[argc] = NULL;
	rc = fn(ctx, argc, argv);
	for (int i = 0; i < argc; i++)
		free(argv[i]);
	return rc;
}
#define RUN(fn, ...) run(fn, &f->ctx, (const char *[]){__VA_ARGS__, NULL})

/* As run, with what fn printed on standard output returned in *out (owned). */
static int
run_out(int (*fn)(struct ctl_ctx *, int, char **), struct ctl_ctx *ctx, const char **args, char **out)
{
	char tmpl[] = "/tmp/test_ctl.out.XXXXXX", *err = NULL;
	int rc, fd = mkstemp(tmpl), saved;
	size_t len;

	assert_true(fd >= 0);
	fflush(stdout);
	saved = dup(1);
	dup2(fd, 1);
	rc = run(fn, ctx, args);
	fflush(stdout);
	dup2(saved, 1);
	close(saved);
	close(fd);
	if (file_read(tmpl, 1u << 20, out, &len, &err) != 0)
		fail_msg("%s", err);
	unlink(tmpl);
	return rc;
}
#define RUN_OUT(out, fn, ...) run_out(fn, &f->ctx, (const char *[]){__VA_ARGS__, NULL}, out)

static int
count_one(struct outbox_item *it, void *arg)
{
	(void)it;
	(*(int *)arg)++;
	return 0;
}

static int
outbox_count(struct store *st)
{
	int n = 0;

	assert_int_equal(store_outbox_list(st, count_one, &n), 0);
	return n;
}

/* `digest --dryrun` once sent a real digest: an unknown option now exits 2 before anything is done. */
static void
test_digest(void **state)
{
	struct fx *f = *state;

	assert_int_equal(RUN(ctl_digest, "digest", "--dryrun"), 2);
	assert_int_equal(RUN(ctl_digest, "digest", "--dry-run", "extra"), 2);
	assert_int_equal(RUN(ctl_digest, "digest", "--now"), 2);
	assert_int_equal(RUN(ctl_digest, "digest", "-x"), 2);
	assert_int_equal(RUN(ctl_digest, "digest", "--now", "yesterday"), 2);
	assert_int_equal(RUN(ctl_digest, "digest", "--help"), 0);
	assert_int_equal(RUN(ctl_digest, "digest", "-h"), 0);
	assert_int_equal(RUN(ctl_digest, "digest", "--now", "2026-01-10T08:00:00Z", "--dry-run"), 0);
	assert_int_equal(RUN(ctl_digest, "digest", "--dry-run", "--now=2026-01-10T08:00:00Z"), 0);
	assert_int_equal(outbox_count(f->ctx.st), 0);
	/* Without the dry run, the same command queues it: the zero above was not for want of a digest. */
	assert_int_equal(RUN(ctl_digest, "digest", "--now", "2026-01-10T08:00:00Z"), 0);
	assert_int_equal(outbox_count(f->ctx.st), 1);
}

/* Each command: its options in any order (getopt permutes), an extra or missing argument is 2. */
static void
test_commands(void **state)
{
	struct fx *f = *state;
	char *ics = xasprintf("%s/deadlines.ics", f->dir);

	assert_int_equal(RUN(ctl_show, "show", "999", "--json"), 1); /* parsed, then not found */
	assert_int_equal(RUN(ctl_show, "show", "--json", "999"), 1);
	assert_int_equal(RUN(ctl_show, "show"), 2);
	assert_int_equal(RUN(ctl_show, "show", "1", "2"), 2);
	assert_int_equal(RUN(ctl_show, "show", "--jsonl", "1"), 2);
	assert_int_equal(RUN(ctl_list, "list", "--kind=liaison", "--json"), 0);
	assert_int_equal(RUN(ctl_list, "list", "--json", "--kind", "other", "--since", "2026-01-01"), 0);
	assert_int_equal(RUN(ctl_list, "list", "--kind"), 2);
	assert_int_equal(RUN(ctl_list, "list", "--kind", "memo"), 2);
	assert_int_equal(RUN(ctl_list, "list", "stray"), 2);
	assert_int_equal(RUN(ctl_deadlines, "deadlines", "--json", "--all", "--now", "2026-02-01"), 0);
	assert_int_equal(RUN(ctl_deadlines, "deadlines", "--overdue"), 2);
	assert_int_equal(RUN(ctl_ics, "ics", "-o", ics), 0);
	assert_int_equal(access(ics, R_OK), 0);
	assert_int_equal(RUN(ctl_ics, "ics", "-o"), 2);
	assert_int_equal(RUN(ctl_ics, "ics", "--json"), 2);
	assert_int_equal(RUN(ctl_outbox, "outbox", "--json"), 0);
	assert_int_equal(RUN(ctl_outbox, "outbox", "--all"), 2);
	assert_int_equal(RUN(ctl_outbox, "outbox", "retry"), 2);
	assert_int_equal(RUN(ctl_outbox, "outbox", "retry", "x"), 2);
	assert_int_equal(RUN(ctl_outbox, "outbox", "retry", "1", "2"), 2);
	assert_int_equal(RUN(ctl_outbox, "outbox", "retry", "5"), 1); /* parsed, then no such mail */
	assert_int_equal(RUN(ctl_quarantine, "quarantine", "--json"), 0);
	assert_int_equal(RUN(ctl_quarantine, "quarantine", "all"), 2);
	assert_int_equal(RUN(ctl_requeue, "requeue"), 2);
	assert_int_equal(RUN(ctl_requeue, "requeue", "x"), 2);
	assert_int_equal(RUN(ctl_requeue, "requeue", "1", "--help"), 0);
	assert_int_equal(RUN(ctl_requeue, "requeue", "1"), 1); /* parsed, then nothing quarantined */
	free(ics);
}

static void
test_sdo_parse(void **state)
{
	struct fx *f = *state;
	const char *eml = FIXTURES "/templates/3gpp-body.eml";

	assert_int_equal(RUN(ctl_sdo, "sdo", "list", "--unknown", "--json"), 0);
	assert_int_equal(RUN(ctl_sdo, "sdo", "list", "--json"), 0);
	assert_int_equal(RUN(ctl_sdo, "sdo"), 2);
	assert_int_equal(RUN(ctl_sdo, "sdo", "--json", "list"), 2);
	assert_int_equal(RUN(ctl_sdo, "sdo", "lists"), 2);
	assert_int_equal(RUN(ctl_sdo, "sdo", "list", "--bogus"), 2);
	assert_int_equal(RUN(ctl_sdo, "sdo", "contact", "add", "W3C"), 2);
	assert_int_equal(RUN(ctl_sdo, "sdo", "contact", "add", "W3C", "a@example.org", "b@example.org"), 2);
	assert_int_equal(RUN(ctl_sdo, "sdo", "contact", "add", "W3C", "w3c@example.org"), 0);
	assert_int_equal(RUN(ctl_sdo, "sdo", "contact", "add", "No Such Body", "x@example.org"), 1);
	assert_int_equal(RUN(ctl_sdo, "sdo", "--help"), 0);
	assert_int_equal(RUN(ctl_sdo, "sdo", "contact", "--help"), 0);
	/* parse works without a store and takes its files after the options or among them. */
	struct ctl_ctx nostore = {f->ctx.cfg, NULL, f->ctx.dir, NULL, 0};
	assert_int_equal(run(ctl_parse, &nostore, (const char *[]){"parse", eml, "--json", NULL}), 0);
	assert_int_equal(run(ctl_parse, &nostore, (const char *[]){"parse", "--json", "--", eml, NULL}), 0);
	assert_int_equal(run(ctl_parse, &nostore, (const char *[]){"parse", "--json", NULL}), 2);
	assert_int_equal(run(ctl_parse, &nostore, (const char *[]){"parse", "--jsn", eml, NULL}), 2);
	assert_int_equal(run(ctl_parse, &nostore, (const char *[]){"parse", "/nonexistent.eml", NULL}), 1);
	/* A command that needs the store, given none to open, says so and fails. */
	assert_int_equal(run(ctl_list, &nostore, (const char *[]){"list", NULL}), 1);
	assert_int_equal(run(ctl_list, &nostore, (const char *[]){"list", "--help", NULL}), 0);
}

/* Queues one mail of kind to rcpt with key, as the daemon would; returns its id. */
static long long
queue_mail(struct store *st, const char *kind, const char *key)
{
	static const char mail[] = "From: a@example.org\r\nTo: b@example.org\r\nSubject: hello\r\n\r\nhello\r\n";
	struct strv rcpt = {0};
	struct outmail om = {kind, key, "a@example.org", &rcpt, mail, sizeof(mail) - 1, 0};
	long long id = 0;
	char *err = NULL;
	int dup;

	strv_push(&rcpt, "b@example.org");
	assert_int_equal(store_outbox_add(st, &om, &id, &dup, &err), 0);
	strv_free(&rcpt);
	return id;
}

static int
due_one(struct outbox_item *it, void *arg)
{
	(void)it;
	(*(int *)arg)++;
	return 0;
}

static int
due_count(struct store *st)
{
	int n = 0;

	assert_int_equal(store_outbox_due(st, now_epoch() + 86400, due_one, &n), 0);
	return n;
}

/* outbox show and cancel: a cancelled mail is never due again, and retry does not bring it back. */
static void
test_outbox_cancel(void **state)
{
	struct fx *f = *state;
	struct outbox_item it;
	long long a = queue_mail(f->ctx.st, "ack", "k1"), b = queue_mail(f->ctx.st, "reminder", "k2");
	char id[24];

	snprintf(id, sizeof(id), "%lld", a);
	assert_int_equal(due_count(f->ctx.st), 2);
	assert_int_equal(RUN(ctl_outbox, "outbox", "show", id), 0);
	assert_int_equal(RUN(ctl_outbox, "outbox", "show", "999"), 1);
	assert_int_equal(RUN(ctl_outbox, "outbox", "show"), 2);
	assert_int_equal(RUN(ctl_outbox, "outbox", "cancel", "x"), 2);
	assert_int_equal(RUN(ctl_outbox, "outbox", "cancel", id, "--bogus"), 2);
	assert_int_equal(due_count(f->ctx.st), 2); /* usage errors did nothing */
	assert_int_equal(RUN(ctl_outbox, "outbox", "cancel", id), 0);
	assert_int_equal(due_count(f->ctx.st), 1);
	assert_int_equal(store_outbox_get(f->ctx.st, a, &it), 1);
	assert_string_equal(it.state, "cancelled");
	outbox_item_clear(&it);
	assert_int_equal(RUN(ctl_outbox, "outbox", "cancel", id), 1); /* cancelled already */
	assert_int_equal(RUN(ctl_outbox, "outbox", "retry", id), 1);  /* stays cancelled */
	assert_int_equal(due_count(f->ctx.st), 1);
	/* A failed mail can be cancelled too; a sent one cannot. */
	assert_int_equal(store_outbox_result(f->ctx.st, b, 0, 1, "550 no such user", now_epoch()), 0);
	assert_int_equal(store_outbox_cancel(f->ctx.st, b), 1);
	assert_int_equal(store_outbox_retry(f->ctx.st, b), 0);
	b = queue_mail(f->ctx.st, "digest", "k3");
	assert_int_equal(store_outbox_result(f->ctx.st, b, 1, 0, NULL, now_epoch()), 0);
	assert_int_equal(store_outbox_cancel(f->ctx.st, b), 0);
	assert_int_equal(store_outbox_cancel(f->ctx.st, 999), 0);
	assert_int_equal(due_count(f->ctx.st), 0);
}

/* A transport that sends nothing: it counts, and on its first send cancels another mail as liaisonctl would. */
struct fake_tr {
	struct fx *f;
	const char *cancel; /* the ID to cancel, as typed */
	int sends;
};

static int
fake_send(struct transport *t, const char *mail_from, const char *const *rcpt, size_t nrcpt, const char *data,
    size_t len, const char *key, char **err)
{
	struct fake_tr *fk = t->priv;
	struct fx *f = fk->f;

	(void)mail_from, (void)rcpt, (void)nrcpt, (void)data, (void)len, (void)key, (void)err;
	if (fk->sends++ == 0)
		assert_int_equal(RUN(ctl_outbox, "outbox", "cancel", fk->cancel), 0);
	return TR_OK;
}

/*
 * The cancel race: store_outbox_due read both mails before the first was sent; the second,
 * cancelled meanwhile, must not go. The daemon records each attempt (store_delivery_begin) just before
 * sending, and that refuses a cancelled mail.
 */
static void
test_outbox_cancel_race(void **state)
{
	static const struct transport_ops fake_ops = {"fake", fake_send, NULL, NULL, NULL, 0};
	struct fx *f = *state;
	long long a = queue_mail(f->ctx.st, "ack", "r1"), b = queue_mail(f->ctx.st, "reminder", "r2");
	char id[24], *err = NULL;
	struct fake_tr fk = {f, id, 0};
	struct transport tr = {&fake_ops, f->cfg, &fk};
	volatile sig_atomic_t stop = 0;
	struct pipeline p = {.cfg = f->cfg, .st = f->ctx.st, .dir = f->ctx.dir, .tr = &tr, .stop = &stop};
	struct outbox_item it;

	snprintf(id, sizeof(id), "%lld", b);
	assert_int_equal(pipeline_send(&p, &err), 0);
	assert_null(err);
	assert_int_equal(fk.sends, 1);
	assert_int_equal(p.sent, 1);
	assert_int_equal(store_outbox_get(f->ctx.st, a, &it), 1);
	assert_string_equal(it.state, "sent");
	outbox_item_clear(&it);
	assert_int_equal(store_outbox_get(f->ctx.st, b, &it), 1);
	assert_string_equal(it.state, "cancelled");
	assert_int_equal(it.attempts, 0);
	outbox_item_clear(&it);
	assert_int_equal(due_count(f->ctx.st), 0); /* one sent, one cancelled */
}

/* status reads what the daemon's cycle records; with no daemon it says so. */
static void
test_status(void **state)
{
	struct fx *f = *state;
	struct daemon_poll in = {.pid = 42, .at = 1700000000, .result = "imap: login refused", .backoff = 60}, out;

	f->cfg->store_path = (free(f->cfg->store_path), xstrdup(f->path));
	assert_int_equal(store_daemon_poll_get(f->ctx.st, &out), 0);
	assert_int_equal(RUN(ctl_status, "status"), 0);
	in.filed = 3;
	in.sent = 2;
	assert_int_equal(store_daemon_poll_set(f->ctx.st, &in), 0);
	in.result = NULL; /* ok */
	in.at++;
	assert_int_equal(store_daemon_poll_set(f->ctx.st, &in), 0); /* replaces: one row */
	assert_int_equal(store_daemon_poll_get(f->ctx.st, &out), 1);
	assert_int_equal(out.pid, 42);
	assert_int_equal(out.at, 1700000001);
	assert_string_equal(out.result, "ok");
	assert_string_equal(out.send_result, "ok");
	assert_int_equal(out.backoff, 60);
	assert_int_equal(out.filed, 3);
	assert_int_equal(out.sent, 2);
	daemon_poll_clear(&out);
	daemon_poll_clear(NULL);
	queue_mail(f->ctx.st, "ack", "s1");
	assert_int_equal(RUN(ctl_status, "status", "--json"), 0);
	assert_int_equal(RUN(ctl_status, "status", "now"), 2);
	assert_int_equal(RUN(ctl_status, "status", "--jsn"), 2);
	assert_int_equal(store_quarantine_count(f->ctx.st), 0);
}

/* quarantine show and discard: the record goes, whatever its state. */
static void
test_quarantine_discard(void **state)
{
	struct fx *f = *state;
	struct quarantine_row q;
	char *err = NULL;

	assert_int_equal(store_quarantine_add(f->ctx.st, "cur/1.x", "too large", &err), 0);
	assert_int_equal(store_quarantine_count(f->ctx.st), 1);
	assert_int_equal(store_quarantine_row(f->ctx.st, 1, &q), 1);
	assert_string_equal(q.source_key, "cur/1.x");
	assert_string_equal(q.reason, "too large");
	assert_string_equal(q.state, "held");
	quarantine_row_clear(&q);
	assert_int_equal(RUN(ctl_quarantine, "quarantine", "show", "1"), 0);
	assert_int_equal(RUN(ctl_quarantine, "quarantine", "show", "2"), 1);
	assert_int_equal(RUN(ctl_quarantine, "quarantine", "discard"), 2);
	assert_int_equal(RUN(ctl_quarantine, "quarantine", "discard", "1", "2"), 2);
	assert_int_equal(store_quarantine_count(f->ctx.st), 1);
	assert_int_equal(RUN(ctl_quarantine, "quarantine", "discard", "1"), 0);
	assert_int_equal(store_quarantine_count(f->ctx.st), 0);
	assert_int_equal(store_quarantine_row(f->ctx.st, 1, &q), 0);
	assert_int_equal(store_quarantine_held(f->ctx.st, "cur/1.x"), 0);
	assert_int_equal(RUN(ctl_quarantine, "quarantine", "discard", "1"), 1);
	assert_int_equal(store_quarantine_forget(f->ctx.st, 1), 0);
}

/* sdo contact list and remove: only what the operator added can be removed. */
static void
test_contacts(void **state)
{
	struct fx *f = *state;
	struct strv c = {0};

	assert_int_equal(RUN(ctl_sdo, "sdo", "contact", "add", "SG16", "Rapporteur@Example.org"), 0);
	assert_int_equal(RUN(ctl_sdo, "sdo", "contact", "list"), 0);
	assert_int_equal(RUN(ctl_sdo, "sdo", "contact", "list", "--json", "ITU-T SG16"), 0);
	assert_int_equal(RUN(ctl_sdo, "sdo", "contact", "list", "No Such Body"), 1);
	assert_int_equal(RUN(ctl_sdo, "sdo", "contact", "list", "No", "Such", "Body"), 1);
	assert_int_equal(RUN(ctl_sdo, "sdo", "contact", "remove", "SG16"), 2);
	assert_int_equal(RUN(ctl_sdo, "sdo", "contact", "remove", "SG16", "not an address"), 2);
	/* The directory's own contact: it comes from the directory, not the store. */
	assert_int_equal(RUN(ctl_sdo, "sdo", "contact", "remove", "SG16", "tsbsg16@itu.int"), 1);
	assert_int_equal(RUN(ctl_sdo, "sdo", "contact", "remove", "SG16", "other@example.org"), 1);
	assert_int_equal(store_sdo_contacts(f->ctx.st, "ITU-T SG16", &c), 0);
	assert_int_equal(c.n, 1);
	strv_free(&c);
	assert_int_equal(RUN(ctl_sdo, "sdo", "contact", "remove", "itu-t sg16", "rapporteur@example.org"), 0);
	assert_int_equal(store_sdo_contacts(f->ctx.st, "ITU-T SG16", &c), 0);
	assert_int_equal(c.n, 0);
	assert_int_equal(store_sdo_contact_remove(f->ctx.st, "ITU-T SG16", "rapporteur@example.org"), 0);
}

/* A body's name the shell split into words is joined again: `sdo contact list ITU-T SG20`. */
static void
test_contact_words(void **state)
{
	struct fx *f = *state;
	struct strv c = {0};
	char *out = NULL;

	assert_int_equal(RUN(ctl_sdo, "sdo", "contact", "add", "ITU-T", "SG20", "a@example.org"), 0);
	assert_int_equal(RUN(ctl_sdo, "sdo", "contact", "add", "No", "Such", "Body", "a@example.org"), 1);
	assert_int_equal(RUN(ctl_sdo, "sdo", "contact", "add", "ITU-T", "SG20", "not-an-address"), 2);
	assert_int_equal(store_sdo_contacts(f->ctx.st, "ITU-T SG20", &c), 0);
	assert_int_equal(c.n, 1);
	strv_free(&c);
	assert_int_equal(RUN_OUT(&out, ctl_sdo, "sdo", "contact", "list", "ITU-T", "SG20"), 0);
	assert_string_equal(out,
	    "SDO         EMAIL            FROM\n"
	    "ITU-T SG20  tsbsg20@itu.int  directory\n"
	    "ITU-T SG20  a@example.org    added\n");
	free(out);
	assert_int_equal(RUN_OUT(&out, ctl_sdo, "sdo", "contact", "list", "--json", "ITU-T", "SG20"), 0);
	assert_string_equal(out,
	    "{\"sdo\": \"ITU-T SG20\", \"email\": \"tsbsg20@itu.int\", \"from\": \"directory\"}\n"
	    "{\"sdo\": \"ITU-T SG20\", \"email\": \"a@example.org\", \"from\": \"added\"}\n");
	free(out);
	assert_int_equal(RUN(ctl_sdo, "sdo", "contact", "remove", "ITU-T", "SG20", "a@example.org"), 0);
	assert_int_equal(store_sdo_contacts(f->ctx.st, "ITU-T SG20", &c), 0);
	assert_int_equal(c.n, 0);
}

/* outbox, quarantine and sdo list: a header row, columns as wide as their widest cell; --json as it was. */
static void
test_tables(void **state)
{
	struct fx *f = *state;
	char *out = NULL, *err = NULL;

	now_set(1768032000); /* 2026-01-10T08:00:00Z */
	queue_mail(f->ctx.st, "ack", "t1");
	assert_int_equal(RUN_OUT(&out, ctl_outbox, "outbox"), 0);
	assert_string_equal(out,
	    "ID  CREATED           KIND  STATE   TO             ATTEMPTS  ERROR\n"
	    " 1  2026-01-10T08:00  ack   queued  b@example.org         0  -\n");
	free(out);
	assert_int_equal(RUN_OUT(&out, ctl_outbox, "outbox", "--json"), 0);
	assert_string_equal(out,
	    "{\"id\": 1, \"kind\": \"ack\", \"state\": \"queued\", \"to\": [\"b@example.org\"], "
	    "\"created\": \"2026-01-10T08:00:00Z\", \"attempts\": 0, \"last_error\": null, \"recipients\": "
	    "[{\"to\": \"b@example.org\", \"state\": \"queued\", \"attempts\": 0, \"last_error\": null, \"done\": "
	    "null}]}\n");
	free(out);
	assert_int_equal(RUN_OUT(&out, ctl_quarantine, "quarantine"), 0);
	assert_string_equal(out, "ID  CREATED  STATE  KEY  REASON\n"); /* the header, even when empty */
	free(out);
	assert_int_equal(store_quarantine_add(f->ctx.st, "cur/1.x", "too large", &err), 0);
	assert_int_equal(RUN_OUT(&out, ctl_quarantine, "quarantine"), 0);
	assert_string_equal(out,
	    "ID  CREATED           STATE  KEY      REASON\n"
	    " 1  2026-01-10T08:00  held   cur/1.x  too large\n");
	free(out);
	assert_int_equal(RUN_OUT(&out, ctl_quarantine, "quarantine", "--json"), 0);
	assert_string_equal(out,
	    "{\"id\": 1, \"key\": \"cur/1.x\", \"reason\": \"too large\", \"state\": \"held\", "
	    "\"created\": \"2026-01-10T08:00:00Z\"}\n");
	free(out);
	assert_int_equal(RUN_OUT(&out, ctl_sdo, "sdo", "list"), 0);
	assert_true(strncmp(out, "NAME ", 5) == 0);
	assert_non_null(strstr(out, "  CONTACTS\nITU-T TSAG "));
	assert_non_null(strstr(out, "\nITU-T SG16 "));
	free(out);
	assert_int_equal(RUN_OUT(&out, ctl_sdo, "sdo", "list", "--unknown"), 0);
	assert_string_equal(out, "NAME  MENTIONS\n");
	free(out);
	now_set(-1);
}

/* Reads f into a string (owned). */
static char *
slurp(FILE *fp)
{
	char *data = NULL, *err = NULL;
	size_t len = 0;

	(void)err;
	fflush(fp);
	rewind(fp);
	data = xcalloc(1, 65536);
	len = fread(data, 1, 65535, fp);
	data[len] = '\0';
	return data;
}

/* config show: every setting, the password never; what it prints loads again. */
static void
test_config_show(void **state)
{
	struct fx *f = *state;
	char *conf = xasprintf("%s/c.conf", f->dir), *pw = xasprintf("%s/pw", f->dir), *err = NULL, *out, *data;
	struct config *c, *again;
	FILE *fp;

	assert_int_equal(file_write_atomic(pw, "file-secret-42\n", 15, &err), 0);
	data =
	    xasprintf("store: { path = \"s.db\"; };\n"
	              "mailbox: { url = \"imaps://mail.example.org/INBOX\"; user = \"jca\";\n"
	              "  password_file = \"pw\"; };\n"
	              "smtp: { url = \"smtps://smtp.example.org\"; user = \"jca\"; password = \"inline-secret-7\"; };\n"
	              "secretariat: { address = \"tsbjcamv@itu.int\"; };\n");
	assert_int_equal(file_write_atomic(conf, data, strlen(data), &err), 0);
	c = config_load(conf, &err);
	if (!c)
		fail_msg("%s", err);
	assert_non_null(fp = tmpfile());
	assert_int_equal(config_show(c, fp), 0);
	out = slurp(fp);
	fclose(fp);
	assert_null(strstr(out, "file-secret-42"));
	assert_null(strstr(out, "inline-secret-7"));
	assert_non_null(strstr(out, "# password: (set)"));
	assert_non_null(strstr(out, "# password: (from "));
	assert_non_null(strstr(out, "password_file = \""));
	assert_non_null(strstr(out, "poll_interval = 60;"));
	assert_non_null(strstr(out, "days_before = [ 14, 7, 1 ];"));
	/* The output is a configuration: it loads, with the file's password and without the inline one. */
	free(data);
	assert_int_equal(file_write_atomic(conf, out, strlen(out), &err), 0);
	again = config_load(conf, &err);
	if (!again)
		fail_msg("%s", err);
	assert_string_equal(again->mailbox_password, "file-secret-42");
	assert_string_equal(again->smtp_password, "");
	assert_int_equal(config_line(conf, "smtp.url"), config_line(conf, "smtp") + 2);
	assert_int_equal(config_line(conf, "no.such"), 0);
	config_free(again);
	config_free(c);
	free(out);
	free(conf);
	free(pw);
}

/* Exports follow the user's umask, not a mode of ours. */
static void
test_export_umask(void **state)
{
	struct fx *f = *state;
	char *ics = xasprintf("%s/d.ics", f->dir);
	struct stat sb;
	mode_t old = umask(022);

	assert_int_equal(RUN(ctl_ics, "ics", "-o", ics), 0);
	assert_int_equal(stat(ics, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0644);
	umask(077);
	assert_int_equal(RUN(ctl_ics, "ics", "-o", ics), 0);
	assert_int_equal(stat(ics, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	umask(old);
	free(ics);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_digest, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_commands, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_sdo_parse, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_outbox_cancel, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_outbox_cancel_race, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_status, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_quarantine_discard, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_contacts, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_contact_words, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_tables, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_config_show, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_export_umask, setup, teardown),
	};
	msg_library_init(); /* as liaisonctl's main: the digest is composed with GMime */
	return cmocka_run_group_tests(tests, NULL, NULL);
}
