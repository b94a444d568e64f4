/* liaisond.c: the daemon: options, configuration, the store, then the poll loop with back-off until a signal ends it.
 */
/* SPDX-License-Identifier: Apache-2.0 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "exports.h"
#include "log.h"
#include "message.h"
#include "notice.h"
#include "pipeline.h"
#include "sdo.h"
#include "service.h"
#include "source.h"
#include "store.h"
#include "transport.h"
#include "tzclock.h"

#define DEFAULT_CONFIG LSD_SYSCONFDIR "/liaisond/liaisond.conf"
#define BACKOFF_CAP 1800 /* seconds between tries while a server keeps failing */

/* The daemon's state: what main() opens and closes; everything borrowed from here is owned here. */
struct daemon {
	const char *cfgpath;   /* -c, or NULL for the default */
	const char *level_arg; /* --log-level, which outranks log.level */
	enum log_level level;
	int foreground, once;
	int check;   /* --check-config: validate and exit */
	int connect; /* --connect: --check-config also logs in to the mailbox and the SMTP server */
	struct config *cfg;
	struct sdo_dir *dir;
	struct store *st;
	struct pipeline p;
	int have_pipeline;
	int lockfd;
	long backoff;      /* seconds to wait after a failed poll, 0 when the last one worked */
	char exported[11]; /* the secretariat's day exports.dir was last written, "" since start or reload */
};

static void
usage(FILE *f)
{
	fprintf(f,
	    "usage: liaisond [-c FILE] [--foreground] [--once] [--now ISO8601] [--log-level LEVEL]\n"
	    "       liaisond [-c FILE] --check-config [--connect]\n"
	    "  -c, --config FILE    configuration (default " DEFAULT_CONFIG ")\n"
	    "      --check-config   validate the configuration as a start would, print the result, exit 0 or 2\n"
	    "      --connect        with --check-config: also log in to the mailbox and the SMTP server\n"
	    "      --foreground     stay in the foreground and log to stderr\n"
	    "      --once           run one cycle (poll, file, send) and exit\n"
	    "      --now ISO8601    the clock for deadline, reminder and digest decisions\n"
	    "      --log-level L    error, warning, notice, info or debug\n"
	    "      --help, --version\n");
}

/* One option that takes a value: 0 ok, 2 (the exit status) when the value is wrong. */
static int
option_value(struct daemon *d, int c, const char *arg)
{
	long long t;

	if (c == 'n') {
		if (iso8601_parse(arg, &t) != 0) {
			fprintf(stderr, "liaisond: --now: expected an ISO 8601 date or time, not %s\n", arg);
			return 2;
		}
		now_set(t);
	} else if (c == 'l') {
		d->level_arg = arg;
		if (log_level_parse(arg, &d->level) != 0) {
			fprintf(stderr, "liaisond: --log-level: expected error, warning, notice, info or debug\n");
			return 2;
		}
	}
	return 0;
}

/* -1 to go on, else the exit status (0 after --help or --version, 2 for a usage error). */
static int
parse_options(struct daemon *d, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"config", required_argument, NULL, 'c'},
	    {"foreground", no_argument, NULL, 'f'},
	    {"once", no_argument, NULL, 'o'},
	    {"now", required_argument, NULL, 'n'},
	    {"log-level", required_argument, NULL, 'l'},
	    {"check-config", no_argument, NULL, 'C'},
	    {"connect", no_argument, NULL, 'K'},
	    {"help", no_argument, NULL, 'h'},
	    {"version", no_argument, NULL, 'V'},
	    {NULL, 0, NULL, 0},
	};
	int c;

	while ((c = getopt_long(argc, argv, "c:h", opts, NULL)) != -1) {
		switch (c) {
		case 'c': d->cfgpath = optarg; break;
		case 'f': d->foreground = 1; break;
		case 'o': d->once = 1; break;
		case 'C': d->check = 1; break;
		case 'K': d->connect = 1; break;
		case 'n':
		case 'l':
			if (option_value(d, c, optarg) != 0)
				return 2;
			break;
		case 'h': usage(stdout); return 0;
		case 'V': printf("liaisond %s\n", LSD_VERSION); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (optind < argc || (d->connect && !d->check)) {
		usage(stderr);
		return 2;
	}
	return -1;
}

static struct sdo_dir *
load_dir(const struct config *cfg, char **err)
{
	if (cfg->sdo_file && *cfg->sdo_file)
		return sdo_dir_load(cfg->sdo_file, err);
	return sdo_dir_builtin();
}

/* Reminders and the digest are queued in the store first; pipeline_send() then delivers them. */
static void
queue_due(const struct config *cfg, struct store *st, const struct sdo_dir *dir)
{
	notice_queue_due(cfg, st, dir, now_epoch());
}

/* The configuration and the directory of standards bodies. 0 ok, 2 (the exit status) on an error. */
static int
load_configuration(struct daemon *d)
{
	char *err = NULL;

	if (!(d->cfg = config_load(d->cfgpath ? d->cfgpath : DEFAULT_CONFIG, &err)) ||
	    !(d->dir = load_dir(d->cfg, &err))) {
		log_error("%s", err);
		free(err);
		return 2;
	}
	if (!d->level_arg && log_level_parse(d->cfg->log_level, &d->level) == 0)
		log_set_level(d->level);
	return 0;
}

/* --connect: a login to the mailbox (the first folder's STATUS) and to the SMTP server, nothing read or sent. */
static int
reach(struct source *src, struct transport *tr)
{
	char *err = NULL;
	int rc = 0;

	if (src->ops->open(src, &err) != SRC_OK) {
		log_error("mailbox: %s", err ? err : "cannot be opened");
		rc = -1;
	} else
		src->ops->close(src);
	free(err);
	err = NULL;
	if (tr->ops->probe && tr->ops->probe(tr, &err) != TR_OK) {
		log_error("%s", err ? err : "smtp: cannot be reached");
		rc = -1;
	}
	free(err);
	return rc;
}

/*
 * --check-config: what a start validates besides the store (the configuration, its secrets, the
 * directory of standards bodies, the mailbox and SMTP settings as their drivers read them), for
 * ExecStartPre= and operators. Exit status 0 or 2; nothing is opened, locked or sent.
 */
static int
check_config(struct daemon *d)
{
	struct source *src = NULL;
	struct transport *tr = NULL;
	char *err = NULL;
	int rc = 2;

	if (load_configuration(d) != 0)
		return 2;
	if (!(src = source_new(d->cfg, NULL, &err)) || !(tr = transport_new(d->cfg, &err))) {
		log_error("%s: %s", d->cfg->path, err);
		goto out;
	}
	if (d->connect && reach(src, tr) != 0)
		goto out;
	printf("%s: configuration OK (mailbox %s, smtp %s)\n", d->cfg->path, d->cfg->mailbox_url, d->cfg->smtp_url);
	rc = 0;
out:
	free(err);
	source_free(src);
	transport_free(tr);
	return rc;
}

/* The lock, the store and the pipeline over it. 0 ok, else the exit status. */
static int
open_store(struct daemon *d)
{
	char *err = NULL;

	/* libcurl initialises itself on first use; liaisond has one thread, so that is safe. */
	msg_library_init();
	if (service_lock(d->cfg->store_path, &d->lockfd) != 0)
		return 1;
	if (!(d->st = store_open(d->cfg->store_path, 0, &err))) {
		log_error("store: %s", err);
		free(err);
		return 1;
	}
	if (store_attempt_prune(d->st, now_epoch() - 30 * 86400LL) != 0)
		log_warning("store: %s", store_errmsg(d->st));
	if (pipeline_init(&d->p, d->cfg, d->st, d->dir, &service_stop, &err) != 0) {
		log_error("%s", err);
		free(err);
		return 2;
	}
	d->have_pipeline = 1;
	return 0;
}

static int
count_queued(const char *kind, const char *state, long long n, void *arg)
{
	(void)kind;
	if (strcmp(state, "queued") == 0)
		*(long long *)arg += n;
	return 0;
}

/* systemctl status: the last poll, what it filed, and the mail still queued. */
static void
status_line(struct daemon *d, const struct daemon_poll *dp)
{
	long long queued = 0;
	char at[21];

	iso8601_utc(dp->at, at);
	if (store_outbox_counts(d->st, count_queued, &queued) != 0)
		queued = -1;
	service_status("last poll %s: %s; %u filed, %u sent, %lld queued%s", at, dp->result, dp->filed, dp->sent,
	    queued, d->backoff ? "; backing off" : "");
}

/* The secretariat's day exports.dir's report page was written, from its time; "" when there is none. */
static void
exported_day(const struct config *cfg, char out[11])
{
	char *path = xasprintf("%s/report.html", cfg->exports_dir);
	struct stat sb;

	out[0] = '\0';
	if (stat(path, &sb) == 0)
		tz_local_date(cfg->timezone, (long long)sb.st_mtime, out);
	free(path);
}

/*
 * exports.dir: the roadmap (HTML, CSV, JSON), the report page and the calendar rewritten, each
 * atomically, after a cycle that filed something, and when the secretariat's day changes (what
 * is overdue changes with it) or the files are missing. A failure is logged once and retried at
 * the next cycle.
 */
static void
export_dir(struct daemon *d)
{
	char today[11], *err = NULL;

	if (!d->cfg->exports_dir || !*d->cfg->exports_dir)
		return;
	tz_local_date(d->cfg->timezone, now_epoch(), today);
	if (!d->exported[0]) /* since start or reload: as the files on disk say */
		exported_day(d->cfg, d->exported);
	if (!d->p.filed && strcmp(today, d->exported) == 0)
		return;
	if (exports_write_dir(d->st, d->cfg->exports_dir, today, &err) == 0) {
		memcpy(d->exported, today, sizeof(d->exported));
		log_debug("exports: %s rewritten", d->cfg->exports_dir);
	}
	log_state("exports", LOG_LVL_WARNING, err);
	free(err);
}

/* One cycle: poll and file, queue what has fallen due, send, record it for status. Returns the poll's outcome. */
static int
cycle(struct daemon *d)
{
	struct daemon_poll dp = {0};
	char *err = NULL, *send_err = NULL;
	int rc = pipeline_poll(&d->p, &err);

	dp.result = xstrdup(rc == SRC_OK ? "ok" : err ? err : "failed");
	if (rc == SRC_OK) {
		log_state("mailbox", LOG_LVL_ERROR, NULL);
		d->backoff = 0;
	} else {
		log_state("mailbox", LOG_LVL_ERROR, err ? err : "failed");
		d->backoff = d->backoff ? d->backoff * 2 : (d->cfg->poll_interval < 30 ? d->cfg->poll_interval : 30);
		if (d->backoff > BACKOFF_CAP)
			d->backoff = BACKOFF_CAP;
	}
	free(err);
	queue_due(d->cfg, d->st, d->dir);
	log_state("transport", LOG_LVL_WARNING, pipeline_send(&d->p, &send_err) != 0 ? send_err : NULL);
	export_dir(d);
	dp.pid = (long long)getpid();
	dp.at = (long long)time(NULL); /* the wall clock, not --now: when it really ran */
	dp.backoff = d->backoff;
	dp.send_result = send_err;
	dp.filed = d->p.filed;
	dp.duplicates = d->p.duplicates;
	dp.quarantined = d->p.quarantined;
	dp.sent = d->p.sent;
	dp.deferred = d->p.deferred;
	if (store_daemon_poll_set(d->st, &dp) != 0)
		log_warning("store: the cycle could not be recorded: %s", store_errmsg(d->st));
	status_line(d, &dp);
	daemon_poll_clear(&dp); /* frees send_err too */
	return rc;
}

/* SIGHUP: a configuration that does not load is refused and the running one kept. -1 when the
 * new one loaded but its pipeline could not be set up (the daemon cannot go on). */
static int
reload(struct daemon *d)
{
	struct config *ncfg = NULL;
	struct sdo_dir *ndir = NULL;
	char *err = NULL;

	if (!(ncfg = config_load(d->cfg->path, &err)) || !(ndir = load_dir(ncfg, &err))) {
		log_error("reload refused, keeping the running configuration: %s", err);
		free(err);
		config_free(ncfg);
		return 0;
	}
	service_notify("RELOADING=1");
	if (strcmp(ncfg->store_path, d->cfg->store_path) != 0)
		log_warning("reload: store.path changes only at a restart; still using %s", d->cfg->store_path);
	pipeline_fini(&d->p);
	d->have_pipeline = 0;
	sdo_dir_free(d->dir);
	config_free(d->cfg);
	d->dir = ndir;
	d->cfg = ncfg;
	d->exported[0] = '\0'; /* exports.dir may have changed: write it at the next cycle */
	if (!d->level_arg && log_level_parse(d->cfg->log_level, &d->level) == 0)
		log_set_level(d->level);
	if (pipeline_init(&d->p, d->cfg, d->st, d->dir, &service_stop, &err) != 0) {
		log_error("reload: %s", err);
		free(err);
		return -1;
	}
	d->have_pipeline = 1;
	log_notice("configuration reloaded from %s", d->cfg->path);
	service_notify("READY=1");
	return 0;
}

/* Cycles until a signal stops us (or once). Returns the exit status. */
static int
loop(struct daemon *d)
{
	int rc;

	if (d->once)
		return cycle(d) == SRC_OK ? 0 : 1;
	log_notice("started: %s, polling every %ld s", d->cfg->mailbox_url, d->cfg->poll_interval);
	service_notify("READY=1");
	while (!service_stop) {
		cycle(d);
		if (service_stop)
			break;
		service_sleep(d->backoff ? d->backoff : d->cfg->poll_interval);
		if (service_reload && !service_stop) {
			service_reload = 0;
			if ((rc = reload(d)) != 0)
				return 1;
		}
	}
	service_notify("STOPPING=1");
	log_notice("stopped");
	return 0;
}

int
main(int argc, char **argv)
{
	struct daemon d = {.level = LOG_LVL_INFO, .lockfd = -1};
	int rc;

	if ((rc = parse_options(&d, argc, argv)) >= 0)
		return rc;
	/* Under systemd (JOURNAL_STREAM set) stderr is the journal. */
	log_open("liaisond", d.foreground || d.once || d.check || getenv("JOURNAL_STREAM") != NULL, d.level);
	service_signals();
	if (d.check)
		rc = check_config(&d);
	else if ((rc = load_configuration(&d)) == 0 && (rc = open_store(&d)) == 0)
		rc = loop(&d);
	if (d.have_pipeline)
		pipeline_fini(&d.p);
	store_close(d.st);
	sdo_dir_free(d.dir);
	config_free(d.cfg);
	if (d.lockfd >= 0)
		close(d.lockfd);
	return rc;
}
