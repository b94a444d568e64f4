/* liaisonctl.c: the operator's tool: global options, then one command of the table below. */
/* SPDX-License-Identifier: Apache-2.0 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "config.h"
#include "ctl.h"
#include "ctl_cli.h"
#include "message.h"
#include "sdo.h"
#include "store.h"

#define DEFAULT_CONFIG LSD_SYSCONFDIR "/liaisond/liaisond.conf"

/* What a command needs before it runs; the store itself it opens after its options (ctl_store). */
enum needs {
	NEEDS_NOTHING, /* help */
	NEEDS_CONFIG,  /* the configuration and the directory of standards bodies */
	NEEDS_STORE,   /* those and the store, which it may write (waiting for the daemon's transaction) */
	READS_STORE,   /* those and the store, read only: never waits for the daemon, never migrates */
};

struct command {
	const char *name;
	int (*fn)(struct ctl_ctx *ctx, int argc, char **argv);
	enum needs needs;
	const char *usage; /* see ctl.h */
};

static int help(struct ctl_ctx *ctx, int argc, char **argv);
static const char help_usage[] = "help [COMMAND]\tthis summary, or one command's usage\n";

static const struct command commands[] = {
    {"parse", ctl_parse, NEEDS_CONFIG, ctl_parse_usage},
    {"list", ctl_list, READS_STORE, ctl_list_usage},
    {"show", ctl_show, READS_STORE, ctl_show_usage},
    {"search", ctl_search, READS_STORE, ctl_search_usage},
    {"deadlines", ctl_deadlines, READS_STORE, ctl_deadlines_usage},
    {"answer", ctl_answer, NEEDS_STORE, ctl_answer_usage},
    {"unanswer", ctl_unanswer, NEEDS_STORE, ctl_unanswer_usage},
    {"roadmap", ctl_roadmap, READS_STORE, ctl_roadmap_usage},
    {"meeting", ctl_meeting, READS_STORE, ctl_meeting_usage},
    {"report", ctl_report, READS_STORE, ctl_report_usage},
    {"sdo", ctl_sdo, NEEDS_STORE, ctl_sdo_usage},
    {"outbox", ctl_outbox, NEEDS_STORE, ctl_outbox_usage},
    {"digest", ctl_digest, NEEDS_STORE, ctl_digest_usage},
    {"ics", ctl_ics, READS_STORE, ctl_ics_usage},
    {"quarantine", ctl_quarantine, NEEDS_STORE, ctl_quarantine_usage},
    {"requeue", ctl_requeue, NEEDS_STORE, ctl_requeue_usage},
    {"init", ctl_init, NEEDS_STORE, ctl_init_usage}, /* store_path set, the store created, not opened */
    {"status", ctl_status, READS_STORE, ctl_status_usage},
    {"config", ctl_config, NEEDS_CONFIG, ctl_config_usage},
    {"help", help, NEEDS_NOTHING, help_usage},
};

static void
overview(FILE *f)
{
	fputs("usage: liaisonctl [-c FILE] COMMAND [ARGS]\n", f);
	for (size_t i = 0; i < sizeof(commands) / sizeof(*commands); i++)
		ctl_usage(f, commands[i].usage, 1);
	fputs("options: -c, --config FILE (default " DEFAULT_CONFIG "), --help, --version\n"
	      "Every command takes --help; an unknown option or argument exits 2.\n",
	    f);
}

static const struct command *
find_command(const char *name)
{
	for (size_t i = 0; i < sizeof(commands) / sizeof(*commands); i++)
		if (strcmp(name, commands[i].name) == 0)
			return &commands[i];
	return NULL;
}

/* help [COMMAND]: on stdout, for `liaisonctl help | less`. */
static int
help(struct ctl_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {CTL_OPT_HELP, CTL_OPT_END};
	const struct command *cmd;
	int c, rc;

	optind = 0;
	if ((c = ctl_getopt(argc, argv, "h", opts, help_usage)) != -1) /* only --help */
		return ctl_opt_status(c);
	if ((rc = ctl_operands(argc, argv, 0, 1, help_usage)) != 0)
		return rc;
	if (optind == argc) {
		overview(stdout);
		return 0;
	}
	if (!(cmd = find_command(argv[optind])))
		return ctl_usage_error(help_usage, "unknown command '%s'", argv[optind]);
	ctl_usage(stdout, cmd->usage, 0);
	return 0;
}

/* -c, --help, --version, up to the command's word. Returns -1 to go on, else the exit status. */
static int
global_options(int argc, char **argv, const char **cfgpath)
{
	static const struct option opts[] = {
	    {"config", required_argument, NULL, 'c'},
	    {"help", no_argument, NULL, 'h'},
	    {"version", no_argument, NULL, 'V'},
	    {NULL, 0, NULL, 0},
	};
	int c;

	/* "+": options stop at the command; what follows is the command's. */
	while ((c = getopt_long(argc, argv, "+c:h", opts, NULL)) != -1) {
		switch (c) {
		case 'c': *cfgpath = optarg; break;
		case 'h': overview(stdout); return 0;
		case 'V': printf("liaisonctl %s\n", LSD_VERSION); return 0;
		default: overview(stderr); return 2;
		}
	}
	if (optind >= argc) {
		overview(stderr);
		return 2;
	}
	return -1;
}

/* The configuration (without -c and without the default file, the built-in defaults: the JCA-MV's). */
static struct config *
load_config(const char *cfgpath)
{
	struct config *cfg;
	struct stat sb;
	char *err = NULL;

	if (!cfgpath && stat(DEFAULT_CONFIG, &sb) != 0)
		return config_defaults();
	if (!(cfg = config_load(cfgpath ? cfgpath : DEFAULT_CONFIG, &err)))
		fprintf(stderr, "liaisonctl: %s\n", err);
	free(err);
	return cfg;
}

static int
run(const struct command *cmd, const char *cfgpath, int argc, char **argv)
{
	struct ctl_ctx ctx = {0};
	struct config *cfg = NULL;
	struct sdo_dir *dir = NULL;
	char *err = NULL;
	int rc = 2;

	if (!(cfg = load_config(cfgpath)))
		goto out;
	if (!(dir = (cfg->sdo_file && *cfg->sdo_file) ? sdo_dir_load(cfg->sdo_file, &err) : sdo_dir_builtin())) {
		fprintf(stderr, "liaisonctl: %s\n", err);
		goto out;
	}
	msg_library_init();
	ctx.cfg = cfg;
	ctx.dir = dir;
	ctx.store_path = cmd->needs >= NEEDS_STORE ? cfg->store_path : NULL;
	ctx.store_rdonly = cmd->needs == READS_STORE;
	rc = cmd->fn(&ctx, argc, argv);
out:
	free(err);
	store_close(ctx.st);
	sdo_dir_free(dir);
	config_free(cfg);
	return rc;
}

int
main(int argc, char **argv)
{
	const struct command *cmd;
	const char *cfgpath = NULL;
	int rc;

	if ((rc = global_options(argc, argv, &cfgpath)) >= 0)
		return rc;
	if (!(cmd = find_command(argv[optind]))) {
		fprintf(stderr, "liaisonctl: unknown command '%s'\n", argv[optind]);
		overview(stderr);
		return 2;
	}
	if (cmd->needs == NEEDS_NOTHING)
		return cmd->fn(NULL, argc - optind, argv + optind);
	return run(cmd, cfgpath, argc - optind, argv + optind);
}
