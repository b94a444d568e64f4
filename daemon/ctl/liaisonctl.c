/* liaisonctl_main.c: the operator's tool: options, configuration and store, then one sub-command. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <curl/curl.h>

#include "config.h"
#include "ctl.h"
#include "message.h"
#include "sdo.h"
#include "store.h"

#define DEFAULT_CONFIG LSD_SYSCONFDIR "/liaisond/liaisond.conf"

static void
usage(FILE *f)
{
	fprintf(f,
	    "usage: liaisonctl [-c FILE] COMMAND [ARGS]\n"
	    "  parse [--json] FILE.eml...          parse messages without touching the store\n"
	    "  list [--json] [--kind K] [--since DATE]\n"
	    "  show [--json] ID|REF                one filed document with its extracted fields\n"
	    "  deadlines [--json] [--all]          open deadlines, soonest first\n"
	    "  roadmap export --format csv|md|html|json [-o FILE]\n"
	    "  roadmap changes --since DATE [--json]\n"
	    "  sdo list [--json] [--unknown]\n"
	    "  sdo contact add SDO EMAIL           add a liaison contact for a standards body\n"
	    "  outbox [--json]                     queued, sent and failed outgoing mail\n"
	    "  outbox retry ID                     send a failed mail again\n"
	    "  digest [--now ISO8601] [--dry-run]  print (dry run) or queue the digest\n"
	    "  ics [-o FILE]                       deadlines as an iCalendar (RFC 5545) feed\n"
	    "  quarantine [--json]                 messages set aside, with the reason\n"
	    "  requeue ID                          retry a quarantined message\n"
	    "options: -c, --config FILE (default " DEFAULT_CONFIG "), --help, --version\n");
}

struct command {
	const char *name;
	int (*fn)(struct ctl_ctx *, int, char **);
	int needs_store;
};

static const struct command commands[] = {
    {"parse", ctl_parse, 0},
    {"list", ctl_list, 1},
    {"show", ctl_show, 1},
    {"deadlines", ctl_deadlines, 1},
    {"roadmap", ctl_roadmap, 1},
    {"sdo", ctl_sdo, 1},
    {"outbox", ctl_outbox, 1},
    {"digest", ctl_digest, 1},
    {"ics", ctl_ics, 1},
    {"quarantine", ctl_quarantine, 1},
    {"requeue", ctl_requeue, 1},
};

int
main(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"config", required_argument, NULL, 'c'},
	    {"help", no_argument, NULL, 'h'},
	    {"version", no_argument, NULL, 'V'},
	    {NULL, 0, NULL, 0},
	};
	const struct command *cmd = NULL;
	const char *cfgpath = NULL;
	struct ctl_ctx ctx = {0};
	struct config *cfg = NULL;
	struct sdo_dir *dir = NULL;
	struct stat sb;
	char *err = NULL;
	int c, rc = 1;

	/* Options stop at the command: what follows belongs to it. */
	while ((c = getopt_long(argc, argv, "+c:h", opts, NULL)) != -1) {
		switch (c) {
		case 'c': cfgpath = optarg; break;
		case 'h': usage(stdout); return 0;
		case 'V': printf("liaisonctl %s\n", LSD_VERSION); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (optind >= argc) {
		usage(stderr);
		return 2;
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(*commands); i++)
		if (strcmp(argv[optind], commands[i].name) == 0)
			cmd = &commands[i];
	if (!cmd) {
		fprintf(stderr, "liaisonctl: unknown command '%s'\n", argv[optind]);
		usage(stderr);
		return 2;
	}
	/* Without -c and without the default file, the built-in defaults (the JCA-MV's) apply. */
	if (cfgpath || stat(DEFAULT_CONFIG, &sb) == 0) {
		if (!(cfg = config_load(cfgpath ? cfgpath : DEFAULT_CONFIG, &err))) {
			fprintf(stderr, "liaisonctl: %s\n", err);
			free(err);
			return 2;
		}
	} else
		cfg = config_defaults();
	dir = (cfg->sdo_file && *cfg->sdo_file) ? sdo_dir_load(cfg->sdo_file, &err) : sdo_dir_builtin();
	if (!dir) {
		fprintf(stderr, "liaisonctl: %s\n", err);
		rc = 2;
		goto out;
	}
	curl_global_init(CURL_GLOBAL_DEFAULT);
	msg_library_init();
	ctx.cfg = cfg;
	ctx.dir = dir;
	if (cmd->needs_store && !(ctx.st = store_open(cfg->store_path, STORE_NOCREATE, &err))) {
		fprintf(stderr, "liaisonctl: store: %s\n", err);
		goto out;
	}
	optind++;
	rc = cmd->fn(&ctx, argc - optind + 1, argv + optind - 1);
out:
	free(err);
	store_close(ctx.st);
	sdo_dir_free(dir);
	config_free(cfg);
	return rc;
}
