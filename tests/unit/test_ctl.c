/* test_ctl.c: liaisonctl's commands read their options with one parser: usage errors exit 2 and do nothing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "config.h"
#include "ctl.h"
#include "message.h"
#include "sdo.h"
#include "store.h"
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
	struct ctl_ctx nostore = {f->ctx.cfg, NULL, f->ctx.dir, NULL};
	assert_int_equal(run(ctl_parse, &nostore, (const char *[]){"parse", eml, "--json", NULL}), 0);
	assert_int_equal(run(ctl_parse, &nostore, (const char *[]){"parse", "--json", "--", eml, NULL}), 0);
	assert_int_equal(run(ctl_parse, &nostore, (const char *[]){"parse", "--json", NULL}), 2);
	assert_int_equal(run(ctl_parse, &nostore, (const char *[]){"parse", "--jsn", eml, NULL}), 2);
	assert_int_equal(run(ctl_parse, &nostore, (const char *[]){"parse", "/nonexistent.eml", NULL}), 1);
	/* A command that needs the store, given none to open, says so and fails. */
	assert_int_equal(run(ctl_list, &nostore, (const char *[]){"list", NULL}), 1);
	assert_int_equal(run(ctl_list, &nostore, (const char *[]){"list", "--help", NULL}), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_digest, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_commands, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_sdo_parse, setup, teardown),
	};
	msg_library_init(); /* as liaisonctl's main: the digest is composed with GMime */
	return cmocka_run_group_tests(tests, NULL, NULL);
}
