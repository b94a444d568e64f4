/* ctl_cli.c: one option parser for every liaisonctl command (getopt_long), its usage, the store, the output. */
/* SPDX-License-Identifier: Apache-2.0 */
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl.h"
#include "ctl_cli.h"
#include "store.h"
#include "util.h"

int
ctl_getopt(int argc, char **argv, const char *shortopts, const struct option *longopts, const char *usage)
{
	static char prog[] = "liaisonctl";
	char *word = argv[0];
	int c;

	/* getopt's messages begin with argv[0]: the program's name, where the user looks for it. */
	argv[0] = prog;
	opterr = 1;
	c = getopt_long(argc, argv, shortopts, longopts, NULL);
	argv[0] = word;
	if (c == 'h')
		ctl_usage(stdout, usage, 0);
	else if (c == '?' || c == ':') {
		ctl_usage(stderr, usage, 0);
		c = '?';
	}
	return c;
}

int
ctl_json_args(int argc, char **argv, int min, int max, const char *usage, int *json)
{
	static const struct option opts[] = {{"json", no_argument, NULL, 'j'}, CTL_OPT_HELP, CTL_OPT_END};
	int c;

	*json = 0;
	for (optind = 0; (c = ctl_getopt(argc, argv, "h", opts, usage)) != -1;) {
		if (c != 'j')
			return ctl_opt_status(c);
		*json = 1;
	}
	return ctl_operands(argc, argv, min, max, usage) != 0 ? 2 : -1;
}

int
ctl_opt_status(int c)
{
	return c == 'h' ? 0 : 2;
}

int
ctl_operands(int argc, char **argv, int min, int max, const char *usage)
{
	int n = argc - optind;

	if (n < min)
		return ctl_usage_error(usage, "%s", "an argument is missing");
	if (max >= 0 && n > max)
		return ctl_usage_error(usage, "unexpected argument '%s'", argv[optind + max]);
	return 0;
}

int
ctl_usage_error(const char *usage, const char *fmt, ...)
{
	va_list ap;

	fputs("liaisonctl: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	ctl_usage(stderr, usage, 0);
	return 2;
}

void
ctl_usage(FILE *f, const char *usage, int overview)
{
	const char *p = usage, *nl, *tab;
	int first = 1;

	for (; p && *p; p = *nl ? nl + 1 : nl, first = 0) {
		if (!(nl = strchr(p, '\n')))
			nl = p + strlen(p);
		if (!(tab = memchr(p, '\t', (size_t)(nl - p))))
			tab = nl;
		if (!overview)
			fprintf(f, "%s liaisonctl %.*s\n", first ? "usage:" : "      ", (int)(tab - p), p);
		else if (tab == nl)
			fprintf(f, "  %.*s\n", (int)(tab - p), p);
		else if (tab - p <= 34)
			fprintf(f, "  %-34.*s  %.*s\n", (int)(tab - p), p, (int)(nl - tab - 1), tab + 1);
		else /* a long synopsis: the description under it, in its column, to stay within 80 columns */
			fprintf(f, "  %.*s\n%38s%.*s\n", (int)(tab - p), p, "", (int)(nl - tab - 1), tab + 1);
	}
}

int
ctl_dispatch(struct ctl_ctx *ctx, int argc, char **argv, const struct ctl_sub *subs, size_t nsubs, const char *usage)
{
	static const struct option opts[] = {CTL_OPT_HELP, CTL_OPT_END};
	int c;

	/* "+": options stop at the sub-command's word; what follows is the sub-command's. */
	optind = 0;
	if ((c = ctl_getopt(argc, argv, "+h", opts, usage)) != -1)
		return ctl_opt_status(c);
	if (optind >= argc)
		return ctl_usage_error(usage, "'%s' needs a sub-command", argv[0]);
	for (size_t i = 0; i < nsubs; i++)
		if (strcmp(argv[optind], subs[i].name) == 0)
			return subs[i].fn(ctx, argc - optind, argv + optind);
	return ctl_usage_error(usage, "%s: unknown sub-command '%s'", argv[0], argv[optind]);
}

static void
waiting(void *arg)
{
	(void)arg;
	fputs("liaisonctl: waiting for the daemon's transaction to finish…\n", stderr);
}

struct store *
ctl_store(struct ctl_ctx *ctx)
{
	/* A write waits for the daemon's transaction (a large message may take a while), and says so once. */
	static const struct store_wait wait = {60000, waiting, NULL};
	char *err = NULL;

	if (ctx->st)
		return ctx->st;
	if (!ctx->store_path) {
		fputs("liaisonctl: no store for this command\n", stderr);
		return NULL;
	}
	if (!(ctx->st = store_open_wait(
	          ctx->store_path, STORE_NOCREATE | (ctx->store_rdonly ? STORE_RDONLY : 0), &wait, &err)))
		fprintf(stderr, "liaisonctl: store: %s\n", err);
	free(err);
	return ctx->st;
}

int
ctl_output(const char *path, const char *out, size_t len)
{
	char *err = NULL;

	if (!path || strcmp(path, "-") == 0) {
		if (fwrite(out, 1, len, stdout) != len || fflush(stdout) != 0) {
			perror("liaisonctl: stdout");
			return -1;
		}
		return 0;
	}
	/* An export is the user's file: their umask decides who may read it, as for any file they write. */
	if (file_write_atomic_mode(path, out, len, 0666, &err) != 0) {
		fprintf(stderr, "liaisonctl: %s\n", err ? err : path);
		free(err);
		return -1;
	}
	return 0;
}
