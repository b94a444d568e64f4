/* service.c: what makes liaisond a service: one daemon per store (a lock), signals, systemd's notify protocol. */
/* SPDX-License-Identifier: Apache-2.0 */
#include "service.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>
#ifdef HAVE_SYSTEMD
#include <systemd/sd-daemon.h>
#endif

#include "log.h"
#include "util.h"

volatile sig_atomic_t service_stop, service_reload;

static void
on_stop(int sig)
{
	(void)sig;
	service_stop = 1;
}

static void
on_hup(int sig)
{
	(void)sig;
	service_reload = 1;
}

void
service_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sa.sa_handler = on_hup;
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

/* Says who holds the lock: the pid the owner wrote into it. */
static void
lock_refused(int fd, const char *store_path)
{
	char pid[32] = "";
	ssize_t n = pread(fd, pid, sizeof(pid) - 1, 0);

	pid[n > 0 ? n : 0] = '\0';
	pid[strcspn(pid, "\n")] = '\0';
	log_error(
	    "another liaisond (pid %s) is already processing mail for %s; exiting", *pid ? pid : "unknown", store_path);
}

int
service_lock(const char *store_path, int *fd_out)
{
	char *path = xasprintf("%s.lock", store_path), pid[32], *slash;
	int fd = -1, n, rc = -1;

	/* The store's folder may not exist yet on a first start. */
	if ((slash = strrchr(path, '/')) != NULL && slash != path) {
		*slash = '\0';
		mkdir_p(path, 0750);
		*slash = '/';
	}
	if ((fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0640)) < 0) {
		log_error("cannot open the lock %s: %s", path, strerror(errno));
		goto out;
	}
	if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
		lock_refused(fd, store_path);
		close(fd);
		goto out;
	}
	n = snprintf(pid, sizeof(pid), "%ld\n", (long)getpid());
	if (ftruncate(fd, 0) != 0 || pwrite(fd, pid, (size_t)n, 0) != n)
		log_warning("cannot write the pid into %s", path);
	*fd_out = fd;
	rc = 0;
out:
	free(path);
	return rc;
}

void
service_notify(const char *state)
{
#ifdef HAVE_SYSTEMD
	sd_notify(0, state);
#else
	(void)state;
#endif
}

void
service_status(const char *fmt, ...)
{
#ifdef HAVE_SYSTEMD
	struct buf b = {0};
	char *line;
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	line = str_oneline(buf_str(&b), 400);
	sd_notifyf(0, "STATUS=%s", line);
	free(line);
	buf_free(&b);
#else
	(void)fmt;
#endif
}

void
service_alive(void)
{
#ifdef HAVE_SYSTEMD
	static int checked;
	static uint64_t period, last;
	struct timespec ts;
	uint64_t now;

	if (!checked) {
		checked = 1;
		if (sd_watchdog_enabled(0, &period) <= 0)
			period = 0;
	}
	if (!period || clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
		return;
	now = (uint64_t)ts.tv_sec * 1000000 + (uint64_t)ts.tv_nsec / 1000;
	if (last && now - last < period / 2)
		return;
	last = now;
	sd_notify(0, "WATCHDOG=1");
#endif
}

void
service_sleep(long secs)
{
	for (long i = 0; i < secs * 10 && !service_stop && !service_reload; i++) {
		service_alive();
		struct timespec ts = {0, 100 * 1000 * 1000};
		nanosleep(&ts, NULL);
	}
}
