/* guard.c: the parse watchdog and crash notes (async-signal-safe handlers: open, write, close, _exit, raise). */
/* SPDX-License-Identifier: Apache-2.0 */
#include "guard.h"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

#include "log.h"
#include "util.h"

/* The message in hand, for the signal handlers: formatted before parsing starts, because a handler
 * may only call async-signal-safe functions. */
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

void
guard_init(const char *store_path)
{
	struct sigaction sa;

	snprintf(inhand_path, sizeof(inhand_path), "%s.crashed", store_path);
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

void
guard_begin(const char *key, long ms)
{
	inhand_set(key, ms);
	in_parse = 1;
	parse_timer(ms);
}

void
guard_end(void)
{
	parse_timer(0);
	in_parse = 0;
}

int
guard_note_get(char **key, char **why)
{
	char *data = NULL, *err = NULL, *nl, *k;
	size_t len;
	int rc = 0;

	*key = *why = NULL;
	if (!*inhand_path || access(inhand_path, F_OK) != 0)
		return 0;
	if (file_read(inhand_path, 8192, &data, &len, &err) != 0) {
		log_warning("%s", err);
		goto out;
	}
	if (!(nl = strchr(data, '\n')) || !*(k = nl + 1) || *k == '\n') {
		guard_note_remove();
		goto out;
	}
	*nl = '\0';
	k[strcspn(k, "\n")] = '\0';
	*key = xstrdup(k);
	*why = data;
	data = NULL;
	rc = 1;
out:
	free(data);
	free(err);
	return rc;
}

void
guard_note_remove(void)
{
	unlink(inhand_path);
}
