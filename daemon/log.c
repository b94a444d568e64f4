/* log.c: levelled one-line logging to stderr (foreground, systemd) or syslog, with change-only state lines. */
/* SPDX-License-Identifier: Apache-2.0 */
#include "log.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <syslog.h>
#include <time.h>

#include "util.h"

static const char *const names[] = {"error", "warning", "notice", "info", "debug"};
static const int prio[] = {LOG_ERR, LOG_WARNING, LOG_NOTICE, LOG_INFO, LOG_DEBUG};
static int use_stderr = 1;
static int journal; /* stderr is systemd's journal: each line starts with its priority, "<3>" */
static enum log_level cur = LOG_LVL_INFO;
static const char *prog = "liaisond";

#define NSTATES 16
static struct {
	char key[48];
	char msg[256];
} states[NSTATES];

/* systemd sets JOURNAL_STREAM to "DEVICE:INODE" of the stream it connected; stderr may since have been
 * redirected elsewhere, so it counts only when it is still that stream (sd_journal_stream_fd(3)). */
static int
stderr_is_journal(void)
{
	const char *js = getenv("JOURNAL_STREAM");
	unsigned long long dev, ino;
	struct stat sb;
	char end;

	if (!js || sscanf(js, "%llu:%llu%c", &dev, &ino, &end) != 2 || fstat(2, &sb) != 0)
		return 0;
	return (unsigned long long)sb.st_dev == dev && (unsigned long long)sb.st_ino == ino;
}

void
log_open(const char *ident, int to_stderr, enum log_level level)
{
	prog = ident;
	use_stderr = to_stderr;
	journal = to_stderr && stderr_is_journal();
	cur = level;
	if (!to_stderr)
		openlog(ident, LOG_PID | LOG_NDELAY, LOG_MAIL);
}

int
log_level_parse(const char *s, enum log_level *out)
{
	for (int i = 0; i < (int)(sizeof(names) / sizeof(*names)); i++)
		if (s && strcmp(s, names[i]) == 0) {
			*out = (enum log_level)i;
			return 0;
		}
	return -1;
}

void
log_set_level(enum log_level level)
{
	cur = level;
}

void
log_msg(enum log_level level, const char *fmt, ...)
{
	struct buf b = {0};
	char *line;
	va_list ap;

	if (level > cur)
		return;
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	/* One event, one line: whatever the text came from (mail, servers), it cannot split a log line. */
	line = str_oneline(buf_str(&b), 4000);
	if (journal) /* journalctl -p err then shows errors; the journal adds the program's name */
		fprintf(stderr, "<%d>%s: %s\n", prio[level], names[level], line);
	else if (use_stderr)
		fprintf(stderr, "%s: %s: %s\n", prog, names[level], line);
	else
		syslog(prio[level], "%s: %s", names[level], line);
	free(line);
	buf_free(&b);
}

void
log_state(const char *key, enum log_level level, const char *msg)
{
	int slot = -1, empty = -1;

	for (int i = 0; i < NSTATES; i++) {
		if (strcmp(states[i].key, key) == 0)
			slot = i;
		else if (!states[i].key[0] && empty < 0)
			empty = i;
	}
	if (slot < 0) {
		if (!msg)
			return; /* was never bad */
		slot = empty >= 0 ? empty : 0;
		snprintf(states[slot].key, sizeof(states[slot].key), "%s", key);
		states[slot].msg[0] = '\0';
	}
	if (!msg) {
		if (states[slot].msg[0])
			log_msg(LOG_LVL_NOTICE, "%s: recovered", key);
		states[slot].key[0] = '\0';
		states[slot].msg[0] = '\0';
		return;
	}
	if (strncmp(states[slot].msg, msg, sizeof(states[slot].msg) - 1) == 0)
		return;
	snprintf(states[slot].msg, sizeof(states[slot].msg), "%s", msg);
	log_msg(level, "%s: %s", key, msg);
}
