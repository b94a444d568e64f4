/* ctl_config.c: liaisonctl config: check a configuration as a start would, show it with the defaults and no secrets. */
/* SPDX-License-Identifier: Apache-2.0 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "ctl.h"
#include "ctl_cli.h"
#include "source.h"
#include "transport.h"

#define DEFAULT_CONFIG LSD_SYSCONFDIR "/liaisond/liaisond.conf" /* as liaisonctl.c and liaisond.c */

const char ctl_config_usage[] = "config check\tvalidate the configuration as liaisond's start does\n"
                                "config show\tthe effective configuration, passwords not shown\n";

/* Only --help, and no operand. 0 to go on, else the exit status. */
static int
no_arguments(int argc, char **argv)
{
	static const struct option opts[] = {CTL_OPT_HELP, CTL_OPT_END};
	int o;

	optind = 0;
	if ((o = ctl_getopt(argc, argv, "h", opts, ctl_config_usage)) != -1)
		return ctl_opt_status(o);
	return ctl_operands(argc, argv, 0, 0, ctl_config_usage);
}

/* "FILE:LINE: " before an error of the form "group.setting: reason". Returns 2, the exit status. */
static int
setting_error(const char *path, const char *err)
{
	char setting[64];

	snprintf(setting, sizeof(setting), "%.*s", (int)strcspn(err, ":"), err);
	fprintf(stderr, "liaisonctl: %s:%d: %s\n", path, config_line(path, setting), err);
	return 2;
}

/*
 * config check: main has loaded the configuration and the directory of standards bodies, which
 * is where most errors are found (exit 2 with FILE:LINE: setting). What remains of a start
 * before it touches the store: the source and the transport the URLs name. Nothing connects.
 */
static int
config_check(struct ctl_ctx *ctx, int argc, char **argv)
{
	struct source *src = NULL;
	struct transport *tr = NULL;
	char *err = NULL;
	int rc;

	if ((rc = no_arguments(argc, argv)) != 0)
		return rc;
	/* liaisonctl falls back to the built-in defaults without the default file; liaisond does not. */
	if (!ctx->cfg->path) {
		fprintf(
		    stderr, "liaisonctl: %s: no such file: liaisond would not start (give -c FILE)\n", DEFAULT_CONFIG);
		return 2;
	}
	rc = 2;
	if (!(src = source_new(ctx->cfg, NULL, &err)) || !(tr = transport_new(ctx->cfg, &err))) {
		setting_error(ctx->cfg->path, err);
		goto out;
	}
	printf("%s: configuration OK\n", ctx->cfg->path);
	rc = 0;
out:
	source_free(src);
	transport_free(tr);
	free(err);
	return rc;
}

static int
config_show_cmd(struct ctl_ctx *ctx, int argc, char **argv)
{
	int rc;

	if ((rc = no_arguments(argc, argv)) != 0)
		return rc;
	if (config_show(ctx->cfg, stdout) != 0 || fflush(stdout) != 0) {
		perror("liaisonctl: stdout");
		return 1;
	}
	return 0;
}

int
ctl_config(struct ctl_ctx *ctx, int argc, char **argv)
{
	static const struct ctl_sub subs[] = {{"check", config_check}, {"show", config_show_cmd}};

	return ctl_dispatch(ctx, argc, argv, subs, sizeof(subs) / sizeof(*subs), ctl_config_usage);
}
