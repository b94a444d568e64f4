/* liaisond_main.c: the daemon: options, the store lock, signals, the poll loop with back-off, systemd notify. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>
#ifdef HAVE_SYSTEMD
#include <systemd/sd-daemon.h>
#endif
#include <curl/curl.h>

#include "config.h"
#include "log.h"
#include "message.h"
#include "pipeline.h"
#include "notice.h"
#include "sdo.h"
#include "source.h"
#include "store.h"

#define DEFAULT_CONFIG LSD_SYSCONFDIR "/liaisond/liaisond.conf"
#define BACKOFF_CAP 1800 /* seconds between tries while a server keeps failing */

static volatile sig_atomic_t stop_flag, reload_flag;

static void
on_stop(int sig)
{
	(void)sig;
	stop_flag = 1;
}

static void
on_hup(int sig)
{
	(void)sig;
	reload_flag = 1;
}

static void
usage(FILE *f)
{
	fprintf(f,
	    "usage: liaisond [-c FILE] [--foreground] [--once] [--now ISO8601] [--log-level LEVEL]\n"
	    "  -c, --config FILE    configuration (default " DEFAULT_CONFIG ")\n"
	    "      --foreground     stay in the foreground and log to stderr\n"
	    "      --once           run one cycle (poll, file, send) and exit\n"
	    "      --now ISO8601    the clock for deadline, reminder and digest decisions\n"
	    "      --log-level L    error, warning, notice, info or debug\n"
	    "      --help, --version\n");
}

static void
notify(const char *state)
{
#ifdef HAVE_SYSTEMD
	sd_notify(0, state);
#else
	(void)state;
#endif
}

/* One daemon per store: an exclusive lock on STORE.lock, which holds the owner's pid for the message. */
static int
take_lock(const char *store_path, int *fd_out)
{
	char *path = xasprintf("%s.lock", store_path), pid[32] = "", *slash;
	ssize_t n;
	int fd;

	/* The store's folder may not exist yet on a first start. */
	if ((slash = strrchr(path, '/')) != NULL && slash != path) {
		*slash = '\0';
		mkdir_p(path, 0750);
		*slash = '/';
	}
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0640);

	if (fd < 0) {
		log_error("cannot open the lock %s: %s", path, strerror(errno));
		free(path);
		return -1;
	}
	if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
		n = pread(fd, pid, sizeof(pid) - 1, 0);
		pid[n > 0 ? n : 0] = '\0';
		pid[strcspn(pid, "\n")] = '\0';
		log_error("another liaisond (pid %s) is already processing mail for %s; exiting",
		    *pid ? pid : "unknown", store_path);
		close(fd);
		free(path);
		return -1;
	}
	n = snprintf(pid, sizeof(pid), "%ld\n", (long)getpid());
	if (ftruncate(fd, 0) != 0 || pwrite(fd, pid, (size_t)n, 0) != n)
		log_warning("cannot write the pid into %s", path);
	free(path);
	*fd_out = fd;
	return 0;
}

static void
sleep_interruptible(long secs)
{
	for (long i = 0; i < secs * 10 && !stop_flag && !reload_flag; i++) {
		struct timespec ts = {0, 100 * 1000 * 1000};
		nanosleep(&ts, NULL);
	}
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

int
main(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"config", required_argument, NULL, 'c'},
	    {"foreground", no_argument, NULL, 'f'},
	    {"once", no_argument, NULL, 'o'},
	    {"now", required_argument, NULL, 'n'},
	    {"log-level", required_argument, NULL, 'l'},
	    {"help", no_argument, NULL, 'h'},
	    {"version", no_argument, NULL, 'V'},
	    {NULL, 0, NULL, 0},
	};
	const char *cfgpath = NULL, *level_arg = NULL;
	int foreground = 0, once = 0, c, lockfd = -1, rc = 1;
	struct config *cfg = NULL;
	struct store *st = NULL;
	struct sdo_dir *dir = NULL;
	struct pipeline p;
	int have_pipeline = 0;
	enum log_level level = LOG_LVL_INFO;
	long backoff = 0;
	char *err = NULL;
	struct sigaction sa;

	while ((c = getopt_long(argc, argv, "c:h", opts, NULL)) != -1) {
		switch (c) {
		case 'c': cfgpath = optarg; break;
		case 'f': foreground = 1; break;
		case 'o': once = 1; break;
		case 'n': {
			long long t;
			if (iso8601_parse(optarg, &t) != 0) {
				fprintf(stderr, "liaisond: --now: expected an ISO 8601 date or time, not %s\n", optarg);
				return 2;
			}
			now_set(t);
			break;
		}
		case 'l':
			level_arg = optarg;
			if (log_level_parse(optarg, &level) != 0) {
				fprintf(
				    stderr, "liaisond: --log-level: expected error, warning, notice, info or debug\n");
				return 2;
			}
			break;
		case 'h': usage(stdout); return 0;
		case 'V': printf("liaisond %s\n", LSD_VERSION); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (optind < argc) {
		usage(stderr);
		return 2;
	}
	/* Under systemd (JOURNAL_STREAM set) stderr is the journal. */
	log_open("liaisond", foreground || once || getenv("JOURNAL_STREAM") != NULL, level);
	if (!(cfg = config_load(cfgpath ? cfgpath : DEFAULT_CONFIG, &err))) {
		log_error("%s", err);
		free(err);
		return 2;
	}
	if (!level_arg && log_level_parse(cfg->log_level, &level) == 0)
		log_set_level(level);
	if (!(dir = load_dir(cfg, &err))) {
		log_error("%s", err);
		rc = 2;
		goto out;
	}
	curl_global_init(CURL_GLOBAL_DEFAULT);
	msg_library_init();
	if (take_lock(cfg->store_path, &lockfd) != 0)
		goto out;
	if (!(st = store_open(cfg->store_path, 0, &err))) {
		log_error("store: %s", err);
		goto out;
	}
	if (store_attempt_prune(st, now_epoch() - 30 * 86400LL) != 0)
		log_warning("store: %s", store_errmsg(st));
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sa.sa_handler = on_hup;
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	if (pipeline_init(&p, cfg, st, dir, &stop_flag, &err) != 0) {
		log_error("%s", err);
		rc = 2;
		goto out;
	}
	have_pipeline = 1;
	if (!once) {
		log_notice("started: %s, polling every %ld s", cfg->mailbox_url, cfg->poll_interval);
		notify("READY=1");
	}
	for (;;) {
		int prc = pipeline_poll(&p, &err);
		if (prc == SRC_OK) {
			log_state("mailbox", LOG_LVL_ERROR, NULL);
			backoff = 0;
		} else {
			log_state("mailbox", LOG_LVL_ERROR, err ? err : "failed");
			backoff = backoff ? backoff * 2 : (cfg->poll_interval < 30 ? cfg->poll_interval : 30);
			if (backoff > BACKOFF_CAP)
				backoff = BACKOFF_CAP;
		}
		free(err);
		err = NULL;
		queue_due(cfg, st, dir);
		if (pipeline_send(&p, &err) != 0)
			log_state("transport", LOG_LVL_WARNING, err);
		else
			log_state("transport", LOG_LVL_WARNING, NULL);
		free(err);
		err = NULL;
		if (once) {
			rc = prc == SRC_OK ? 0 : 1;
			break;
		}
		if (stop_flag)
			break;
		sleep_interruptible(backoff ? backoff : cfg->poll_interval);
		if (stop_flag)
			break;
		if (reload_flag) {
			struct config *ncfg;
			reload_flag = 0;
			if (!(ncfg = config_load(cfg->path, &err))) {
				log_error("reload refused, keeping the running configuration: %s", err);
				free(err);
				err = NULL;
				continue;
			}
			notify("RELOADING=1");
			if (strcmp(ncfg->store_path, cfg->store_path) != 0)
				log_warning(
				    "reload: store.path changes only at a restart; still using %s", cfg->store_path);
			{
				struct sdo_dir *ndir = load_dir(ncfg, &err);
				if (!ndir) {
					log_error("reload refused, keeping the running configuration: %s", err);
					free(err);
					err = NULL;
					config_free(ncfg);
					notify("READY=1");
					continue;
				}
				pipeline_fini(&p);
				have_pipeline = 0;
				sdo_dir_free(dir);
				dir = ndir;
			}
			if (!level_arg && log_level_parse(ncfg->log_level, &level) == 0)
				log_set_level(level);
			config_free(cfg);
			cfg = ncfg;
			if (pipeline_init(&p, cfg, st, dir, &stop_flag, &err) != 0) {
				log_error("reload: %s", err);
				goto out;
			}
			have_pipeline = 1;
			log_notice("configuration reloaded from %s", cfg->path);
			notify("READY=1");
		}
	}
	if (!once) {
		notify("STOPPING=1");
		log_notice("stopped");
		rc = 0;
	}
out:
	free(err);
	if (have_pipeline)
		pipeline_fini(&p);
	store_close(st);
	sdo_dir_free(dir);
	config_free(cfg);
	if (lockfd >= 0)
		close(lockfd);
	return rc;
}
