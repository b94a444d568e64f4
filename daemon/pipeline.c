/* pipeline.c: poll, parse, classify, file in one transaction, and only then mark at the source or send. */
#include "pipeline.h"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

#include "analyze.h"
#include "compose.h"
#include "config.h"
#include "log.h"
#include "message.h"
#include "notice.h"
#include "source.h"
#include "store.h"
#include "transport.h"

/* Crashes and hangs in the parser are caught and the message set aside at once (see crash_note());
 * this counts the deaths nothing can catch (the OOM killer), so that a restarting daemon cannot loop.
 * High enough that an operator's kill -9 landing on the same message a few times never trips it. */
#define MAX_ATTEMPTS 8
#define MAX_ACKS_A_DAY 20 /* acknowledgements to one address in 24 hours */

/*
 * The message in hand, for the signal handlers: formatted before parsing starts, because a handler
 * may only call async-signal-safe functions (open, write, close, _exit, raise). A crash or hang
 * writes STORE.crashed ("reason\nkey\n"); the next start quarantines that key before anything else.
 * A kill -9 writes nothing, so it never counts against a message.
 */
static char inhand_path[4096];
static char inhand_key[512];
static size_t inhand_keylen;
static volatile sig_atomic_t in_parse;
static char watchdog_line[600];
static size_t watchdog_len;

static void
crash_note(const char *why, size_t whylen)
{
	int fd = open(inhand_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	ssize_t w;

	if (fd < 0)
		return;
	w = write(fd, why, whylen);
	w = write(fd, "\n", 1);
	w = write(fd, inhand_key, inhand_keylen);
	w = write(fd, "\n", 1);
	(void)w;
	fsync(fd);
	close(fd);
}

/* A parser stuck in a loop cannot be unwound safely: say which message, note it, and leave. */
static void
watchdog(int sig)
{
	static const char why[] = "it stalled the parser past the time limit";
	ssize_t w = write(2, watchdog_line, watchdog_len);

	(void)w;
	(void)sig;
	crash_note(why, sizeof(why) - 1);
	_exit(1);
}

#if defined(__SANITIZE_ADDRESS__)
#define LSD_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define LSD_SANITIZED 1
#endif
#endif

#ifndef LSD_SANITIZED
/* A crash inside GMime, libxml2 or poppler: note the message, then die as the signal would have us. */
static void
fatal_signal(int sig)
{
	static const char why[] = "it crashed the parser";

	if (in_parse)
		crash_note(why, sizeof(why) - 1);
	signal(sig, SIG_DFL);
	raise(sig);
}
#endif

static void
inhand_set(const char *key, long ms)
{
	size_t n = strlen(key);
	int k;

	inhand_keylen = n < sizeof(inhand_key) ? n : sizeof(inhand_key) - 1;
	memcpy(inhand_key, key, inhand_keylen);
	k = snprintf(watchdog_line, sizeof(watchdog_line),
	    "liaisond: error: message %s took longer than the %ld ms parse limit; exiting, it will be quarantined\n",
	    key, ms);
	watchdog_len = k < 0 ? 0 : (size_t)k < sizeof(watchdog_line) ? (size_t)k : sizeof(watchdog_line) - 1;
}

static void
parse_timer(long ms)
{
	struct itimerval it = {{0, 0}, {ms / 1000, (ms % 1000) * 1000}};

	setitimer(ITIMER_REAL, &it, NULL);
}

static void
handlers_install(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = watchdog;
	sigaction(SIGALRM, &sa, NULL);
#ifndef LSD_SANITIZED
	{
		static char altstack[64 * 1024]; /* a stack overflow still gets its note written */
		stack_t ss = {.ss_sp = altstack, .ss_size = sizeof(altstack), .ss_flags = 0};
		static const int sigs[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT};
		sigaltstack(&ss, NULL);
		sa.sa_handler = fatal_signal;
		sa.sa_flags = SA_ONSTACK | SA_RESETHAND;
		for (size_t i = 0; i < sizeof(sigs) / sizeof(*sigs); i++)
			sigaction(sigs[i], &sa, NULL);
	}
#endif
}

/* The note a crash or hang left: that message goes to quarantine before anything else is read. */
static void
crashed_take(struct pipeline *p)
{
	char *data = NULL, *err = NULL, *nl, *key;
	size_t len;

	if (access(inhand_path, F_OK) != 0)
		return;
	if (file_read(inhand_path, 8192, &data, &len, &err) != 0) {
		log_warning("%s", err);
		goto out;
	}
	if (!(nl = strchr(data, '\n')))
		goto done;
	*nl = '\0';
	key = nl + 1;
	key[strcspn(key, "\n")] = '\0';
	if (*key && store_quarantine_add(p->st, key, data, &err) != 0) {
		log_error("%s: cannot record its quarantine: %s", key, err);
		goto out; /* keep the note for the next try */
	}
	if (*key)
		log_warning("%s: %s; it will be quarantined", key, data);
done:
	unlink(inhand_path);
out:
	free(data);
	free(err);
}

int
pipeline_init(struct pipeline *p, const struct config *cfg, struct store *st, const struct sdo_dir *dir,
    volatile sig_atomic_t *stop, char **err)
{
	memset(p, 0, sizeof(*p));
	p->cfg = cfg;
	p->st = st;
	p->dir = dir;
	p->stop = stop;
	extract_limits_default(&p->lim);
	p->parse_timeout = p->lim.max_seconds * 3 + 30;
	p->parse_timeout_ms = (long)p->parse_timeout * 1000;
	{
		/* For tests of the hang path: a parse limit of a few milliseconds that every message exceeds. */
		const char *t = getenv("LIAISOND_PARSE_TIMEOUT_MS");
		long v;
		if (t && parse_long(t, 1, 3600000, &v) == 0)
			p->parse_timeout_ms = v;
	}
	if (!(p->src = source_new(cfg, st, err)))
		return -1;
	p->src->stop = stop;
	if (!(p->tr = transport_new(cfg, err))) {
		source_free(p->src);
		p->src = NULL;
		return -1;
	}
	snprintf(inhand_path, sizeof(inhand_path), "%s.crashed", cfg->store_path);
	handlers_install();
	return 0;
}

void
pipeline_fini(struct pipeline *p)
{
	source_free(p->src);
	transport_free(p->tr);
	p->src = NULL;
	p->tr = NULL;
}

static void
quarantine(struct pipeline *p, const struct source_msg *sm, const char *reason)
{
	char *err = NULL;

	/* The reason is committed before the message moves, so a crash in between loses nothing. */
	if (store_quarantine_add(p->st, sm->key, reason, &err) != 0) {
		log_error("%s: cannot record the quarantine: %s", sm->key, err);
		free(err);
		return;
	}
	store_attempt_end(p->st, sm->key);
	if (p->src->ops->quarantine(p->src, sm, reason, &err) != SRC_OK) {
		log_error("%s: quarantined in the store, but the source refused to move it: %s", sm->key, err);
		free(err);
		return;
	}
	p->quarantined++;
	log_warning("%s: quarantined: %s", sm->key, reason);
}

/* Parses and files one message. SRC_OK, or SRC_RETRY when the store failed (stop the cycle). */
static int
process(struct pipeline *p, const struct source_msg *sm)
{
	struct analyze_opts ao = {p->dir, p->cfg->secretariat_address, &p->lim, sm->outgoing};
	struct filing f = {0};
	struct outmail om = {0};
	struct analysis *an = NULL;
	struct msg *m = NULL;
	struct strv rcpt = {0};
	char *err = NULL, *ack = NULL, *ackkey = NULL, *to = NULL, *key = NULL;
	long long doc_id = 0;
	int count = 0, dup = 0, rc = SRC_OK;

	if (store_quarantine_held(p->st, sm->key) == 1) {
		/* Quarantined by a crash note: recorded already, only the source has yet to move it. */
		if (p->src->ops->quarantine(p->src, sm, "held", &err) == SRC_OK)
			p->quarantined++;
		else
			log_warning("%s: quarantined, but the source refused to move it: %s", sm->key, err);
		free(err);
		return SRC_OK;
	}
	if (store_attempt_begin(p->st, sm->key, &count) != 0) {
		log_error("store: %s", store_errmsg(p->st));
		return SRC_RETRY;
	}
	if (count > MAX_ATTEMPTS) {
		char *why = xasprintf("processing it stopped the daemon %d times (killed while parsing it)", count - 1);
		quarantine(p, sm, why);
		free(why);
		return SRC_OK;
	}
	inhand_set(sm->key, p->parse_timeout_ms);
	in_parse = 1;
	parse_timer(p->parse_timeout_ms);
	m = msg_parse(sm->data, sm->len, &err);
	if (m)
		an = analyze_message(m, &ao);
	parse_timer(0);
	in_parse = 0;
	if (!m) {
		char *why = xasprintf("not a message: %s", err);
		quarantine(p, sm, why);
		free(why);
		goto out;
	}
	key = store_dedupe_key(m);
	if ((dup = store_has_same(p->st, key, m->sha256)) > 0)
		goto mark;
	dup = 0;
	if ((ack = ack_compose(p->cfg, m, an, &om.len, &to)) != NULL &&
	    store_outbox_count_to(p->st, "ack", to, now_epoch() - 86400) >= MAX_ACKS_A_DAY) {
		/* A forged sender must not turn us into a mail cannon (RFC 3834 section 2): filed, not answered. */
		log_notice("%s: no acknowledgement: %s had %d today already", sm->key, to, MAX_ACKS_A_DAY);
		free(ack);
		ack = NULL;
	}
	if (ack) {
		ackkey = xasprintf("ack:%s", key);
		strv_push(&rcpt, to);
		om.kind = "ack";
		om.dedupe_key = ackkey;
		om.mail_from = p->cfg->secretariat_address;
		om.rcpt = &rcpt;
		om.data = ack;
	}
	f.msg = m;
	f.an = an;
	f.source_key = sm->key;
	f.folder = sm->folder;
	f.raw = sm->data;
	f.rawlen = sm->len;
	f.received = now_epoch();
	f.dir = p->dir;
	free(err);
	err = NULL;
	if (store_file(p->st, &f, ack ? &om : NULL, &doc_id, &dup, &err) != 0) {
		log_error("%s: not filed, will retry: %s", sm->key, err);
		/* A store error is not the message's fault: it must not count towards quarantine. */
		store_attempt_end(p->st, sm->key);
		rc = SRC_RETRY;
		goto out;
	}
	if (!dup) {
		p->filed++;
		log_info("%s: filed as document %lld (%s, %s)%s%s", sm->key, doc_id, kind_name(an->kind),
		    an->outgoing ? "outgoing" : "incoming", an->ls && an->ls->ref ? ": " : "",
		    an->ls && an->ls->ref ? an->ls->ref : "");
		for (size_t i = 0; i < an->warnings.n; i++)
			log_debug("%s: warning: %s", sm->key, an->warnings.v[i]);
	}
mark:
	if (dup) {
		p->duplicates++;
		store_attempt_end(p->st, sm->key);
		if (dup == 2)
			log_warning("%s: %s is filed already with other content; this copy is not filed, only marked",
			    sm->key, key);
		else
			log_info("%s: already filed (%s); marking it only", sm->key, key);
	}
	free(err);
	err = NULL;
	/* Committed: now, and only now, the source may mark or move it. */
	if (p->src->ops->done(p->src, sm, &err) != SRC_OK) {
		log_warning("%s: filed, but could not be marked at the source (it will be seen again and skipped): %s",
		    sm->key, err);
	}
out:
	free(err);
	free(ack);
	free(ackkey);
	free(to);
	free(key);
	strv_free(&rcpt);
	analysis_free(an);
	msg_free(m);
	return rc;
}

int
pipeline_poll(struct pipeline *p, char **err)
{
	struct source_msg sm = {0};
	int rc;

	*err = NULL;
	p->filed = p->duplicates = p->quarantined = 0;
	crashed_take(p);
	if ((rc = p->src->ops->open(p->src, err)) != SRC_OK) {
		p->src->ops->close(p->src);
		return rc;
	}
	while (!*p->stop) {
		rc = p->src->ops->next(p->src, &sm, err);
		if (rc == SRC_NONE) {
			rc = SRC_OK;
			break;
		}
		if (rc != SRC_OK)
			break;
		rc = process(p, &sm);
		source_msg_clear(&sm);
		if (rc != SRC_OK) {
			*err = xstrdup("the store refused a filing");
			break;
		}
	}
	p->src->ops->close(p->src);
	if (p->filed || p->duplicates || p->quarantined)
		log_notice(
		    "cycle: %u filed, %u already filed, %u quarantined", p->filed, p->duplicates, p->quarantined);
	return rc;
}

struct send_ctx {
	struct pipeline *p;
	int failing;
	char *err;
};

static int
send_one(struct outbox_item *it, void *arg)
{
	struct send_ctx *c = arg;
	struct pipeline *p = c->p;
	char *err = NULL, *key = xasprintf("%s-%lld", it->kind, it->id);
	long long backoff;
	int rc, recorded;

	if (*p->stop) {
		free(key);
		return 1;
	}
	rc = p->tr->ops->send(
	    p->tr, it->mail_from, (const char *const *)it->rcpt.v, it->rcpt.n, it->data, it->len, key, &err);
	/* 1, 2, 4 … minutes, at most six hours between tries. */
	backoff = 60LL << (it->attempts < 8 ? it->attempts : 8);
	if (backoff > 6 * 3600)
		backoff = 6 * 3600;
	if (rc == TR_OK) {
		p->sent++;
		recorded = store_outbox_result(p->st, it->id, 1, 0, NULL, now_epoch());
		log_info("outbox %lld: %s sent to %s", it->id, it->kind, it->rcpt.n ? it->rcpt.v[0] : "");
	} else if (rc == TR_FAIL) {
		recorded = store_outbox_result(p->st, it->id, 0, 1, err, now_epoch());
		log_warning("outbox %lld: %s failed for good: %s", it->id, it->kind, err);
	} else {
		p->deferred++;
		recorded = store_outbox_result(p->st, it->id, 0, 0, err, now_epoch() + backoff);
		c->failing = 1;
		free(c->err);
		c->err = xstrdup(err ? err : "transport failing");
	}
	/* Sent but not recorded: stop, or every later cycle would send it again while the store stays stuck. */
	if (recorded != 0) {
		log_error("outbox %lld: the result could not be recorded: %s", it->id, store_errmsg(p->st));
		c->failing = 1;
		free(c->err);
		c->err = xasprintf("store: %s", store_errmsg(p->st));
	}
	free(err);
	free(key);
	return c->failing; /* a failing transport fails for the rest too: stop and back off */
}

int
pipeline_send(struct pipeline *p, char **err)
{
	struct send_ctx c = {p, 0, NULL};
	int rc;

	*err = NULL;
	p->sent = p->deferred = 0;
	rc = store_outbox_due(p->st, now_epoch(), send_one, &c);
	if (p->tr->ops->idle)
		p->tr->ops->idle(p->tr);
	if (rc != 0) {
		*err = xasprintf("store: %s", store_errmsg(p->st));
		free(c.err);
		return -1;
	}
	if (c.failing) {
		*err = c.err;
		return -1;
	}
	return 0;
}
