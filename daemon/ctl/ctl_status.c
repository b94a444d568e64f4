/* ctl_status.c: liaisonctl status: is the daemon running, how did its last cycle go, what waits in the store. */
/* SPDX-License-Identifier: Apache-2.0 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "ctl.h"
#include "ctl_cli.h"
#include "store.h"
#include "util.h"

const char ctl_status_usage[] = "status [--json]\tthe daemon, its last poll, the queues and the store\n";

static const char *const states[] = {"queued", "failed", "sent", "cancelled"};
static const char *const kinds[] = {"ack", "reminder", "digest"};
#define NSTATES (sizeof(states) / sizeof(*states))
#define NKINDS (sizeof(kinds) / sizeof(*kinds))

struct status {
	int running; /* 1 yes, 0 no, -1 unknown (the lock could not be opened) */
	long pid;    /* from the lock file, 0 when none */
	char *lock_err;
	struct daemon_poll dp;
	int have_poll;
	long long outbox[NSTATES][NKINDS];
	long long quarantined;
	long long size, wal_size; /* bytes, -1 when absent */
};

/*
 * liaisond holds an exclusive flock on STORE.lock while it runs, its pid written in it. A shared,
 * non-blocking flock on our own open of the file fails exactly while the daemon holds it; when it
 * succeeds, closing the file drops it at once. The file is opened, never created.
 */
static void
daemon_running(const char *store_path, struct status *s)
{
	char *path = xasprintf("%s.lock", store_path), buf[32];
	ssize_t n;
	int fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY)) < 0) {
		s->running = errno == ENOENT ? 0 : -1;
		if (errno != ENOENT)
			s->lock_err = xasprintf("%s: %s", path, strerror(errno));
		goto out;
	}
	n = read(fd, buf, sizeof(buf) - 1);
	buf[n > 0 ? n : 0] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	if (parse_long(buf, 1, 0x7fffffffL, &s->pid) != 0)
		s->pid = 0;
	if (flock(fd, LOCK_SH | LOCK_NB) == 0)
		s->running = 0;
	else if (errno == EWOULDBLOCK)
		s->running = 1;
	else {
		s->running = -1;
		s->lock_err = xasprintf("%s: %s", path, strerror(errno));
	}
	close(fd);
out:
	free(path);
}

static int
count_one(const char *kind, const char *state, long long n, void *arg)
{
	struct status *s = arg;

	for (size_t i = 0; i < NSTATES; i++)
		for (size_t k = 0; k < NKINDS; k++)
			if (strcmp(state, states[i]) == 0 && strcmp(kind, kinds[k]) == 0)
				s->outbox[i][k] = n;
	return 0;
}

static long long
file_size(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0 ? (long long)sb.st_size : -1;
}

/* Everything status shows. 0 ok, -1 a store error (reported). */
static int
gather(struct ctl_ctx *ctx, struct status *s)
{
	char *wal = xasprintf("%s-wal", ctx->cfg->store_path);
	int rc = -1;

	daemon_running(ctx->cfg->store_path, s);
	s->size = file_size(ctx->cfg->store_path);
	s->wal_size = file_size(wal);
	if ((s->have_poll = store_daemon_poll_get(ctx->st, &s->dp)) < 0 ||
	    store_outbox_counts(ctx->st, count_one, s) != 0 || (s->quarantined = store_quarantine_count(ctx->st)) < 0) {
		fprintf(stderr, "liaisonctl: %s\n", store_errmsg(ctx->st));
		goto out;
	}
	rc = 0;
out:
	free(wal);
	return rc;
}

static long long
total(const struct status *s, size_t state)
{
	long long n = 0;

	for (size_t k = 0; k < NKINDS; k++)
		n += s->outbox[state][k];
	return n;
}

static void
print_text(const struct ctl_ctx *ctx, const struct status *s)
{
	char t[21];

	if (s->running == 1)
		printf("daemon:     running, pid %ld\n", s->pid);
	else if (s->running == 0)
		printf("daemon:     not running\n");
	else
		printf("daemon:     unknown (%s)\n", s->lock_err);
	if (s->have_poll) {
		iso8601_utc(s->dp.at, t);
		printf("last poll:  %s by pid %lld: %s\n", t, s->dp.pid, s->dp.result);
		printf("            %u filed, %u already filed, %u quarantined; %u sent, %u deferred\n", s->dp.filed,
		    s->dp.duplicates, s->dp.quarantined, s->dp.sent, s->dp.deferred);
		if (strcmp(s->dp.send_result, "ok") != 0)
			printf("sending:    %s\n", s->dp.send_result);
		printf("back-off:   %lld s\n", s->dp.backoff);
	} else
		printf("last poll:  none recorded\n");
	for (size_t i = 0; i < NSTATES; i++) {
		int first = 1;
		printf("%s%lld %s", i ? "" : "outbox:     ", total(s, i), states[i]);
		for (size_t k = 0; i < 2 && k < NKINDS; k++) /* by kind for what waits: queued and failed */
			if (s->outbox[i][k]) {
				printf("%s%s %lld", first ? " (" : ", ", kinds[k], s->outbox[i][k]);
				first = 0;
			}
		printf("%s%s", first ? "" : ")", i + 1 < NSTATES ? ", " : "\n");
	}
	printf("quarantine: %lld held\n", s->quarantined);
	printf("store:      %s, %lld bytes", ctx->cfg->store_path, s->size);
	if (s->wal_size > 0)
		printf(" (and %lld in its write-ahead log)", s->wal_size);
	putchar('\n');
}

static void
json_poll(struct buf *b, const struct status *s)
{
	char t[21];

	if (!s->have_poll) {
		buf_adds(b, "null");
		return;
	}
	iso8601_utc(s->dp.at, t);
	buf_adds(b, "{\"at\": ");
	json_str(b, t);
	buf_printf(b, ", \"pid\": %lld, \"result\": ", s->dp.pid);
	json_str(b, s->dp.result);
	buf_printf(b, ", \"backoff\": %lld, \"send_result\": ", s->dp.backoff);
	json_str(b, s->dp.send_result);
	buf_printf(b, ", \"filed\": %u, \"duplicates\": %u, \"quarantined\": %u, \"sent\": %u, \"deferred\": %u}",
	    s->dp.filed, s->dp.duplicates, s->dp.quarantined, s->dp.sent, s->dp.deferred);
}

static void
print_json(const struct ctl_ctx *ctx, const struct status *s)
{
	struct buf b = {0};

	buf_printf(&b, "{\"daemon\": {\"running\": %s, \"pid\": ",
	    s->running == 1  ? "true"
	        : s->running ? "null"
	                     : "false");
	if (s->pid && s->running != 0) /* a stopped daemon's pid, left in the file, is nobody's */
		buf_printf(&b, "%ld", s->pid);
	else
		buf_adds(&b, "null");
	buf_adds(&b, "}, \"last_poll\": ");
	json_poll(&b, s);
	buf_adds(&b, ", \"outbox\": {");
	for (size_t i = 0; i < NSTATES; i++) {
		buf_printf(&b, "%s\"%s\": {\"total\": %lld", i ? ", " : "", states[i], total(s, i));
		for (size_t k = 0; k < NKINDS; k++)
			buf_printf(&b, ", \"%s\": %lld", kinds[k], s->outbox[i][k]);
		buf_addc(&b, '}');
	}
	buf_printf(&b, "}, \"quarantined\": %lld, \"store\": {\"path\": ", s->quarantined);
	json_str(&b, ctx->cfg->store_path);
	buf_printf(&b, ", \"size\": %lld, \"wal_size\": %lld}}", s->size, s->wal_size > 0 ? s->wal_size : 0);
	printf("%s\n", buf_str(&b));
	buf_free(&b);
}

int
ctl_status(struct ctl_ctx *ctx, int argc, char **argv)
{
	struct status s = {0};
	int json = 0, rc;

	if ((rc = ctl_json_args(argc, argv, 0, 0, ctl_status_usage, &json)) >= 0)
		return rc;
	rc = 1;
	if (!ctl_store(ctx) || gather(ctx, &s) != 0)
		goto out;
	if (json)
		print_json(ctx, &s);
	else
		print_text(ctx, &s);
	rc = 0;
out:
	daemon_poll_clear(&s.dp);
	free(s.lock_err);
	return rc;
}
