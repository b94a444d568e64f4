/* ctl_init.c: liaisonctl init: an empty store where the configuration puts it, never over an existing file. */
/* SPDX-License-Identifier: Apache-2.0 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ctl.h"
#include "ctl_cli.h"
#include "store.h"

const char ctl_init_usage[] = "init\ta new, empty store at store.path\n";

/*
 * Nothing may be there: not the store, nor a journal or WAL that SQLite would replay into
 * the new file (left by a store deleted without them). 0 when free, else 1 reported.
 */
static int
path_free(const char *path)
{
	static const char *const suffixes[] = {"", "-wal", "-journal"};
	struct stat sb;
	int rc = 0;

	for (size_t i = 0; i < sizeof(suffixes) / sizeof(*suffixes) && rc == 0; i++) {
		char *p = xasprintf("%s%s", path, suffixes[i]);
		if (lstat(p, &sb) == 0) {
			fprintf(stderr,
			    "liaisonctl: %s is already there; init creates a store only where there is none\n", p);
			rc = 1;
		} else if (errno != ENOENT) {
			fprintf(stderr, "liaisonctl: %s: %s\n", p, strerror(errno));
			rc = 1;
		}
		free(p);
	}
	return rc;
}

/* The file itself, created exclusively (a daemon starting meanwhile cannot have it overwritten). 0 ok, 1. */
static int
create_file(const char *path)
{
	char *dir = xstrdup(path), *slash;
	int fd;

	/* The parent folders as the daemon makes them (store_open), the file as its service's UMask does. */
	if ((slash = strrchr(dir, '/')) != NULL && slash != dir) {
		*slash = '\0';
		mkdir_p(dir, 0750);
	}
	free(dir);
	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0640)) < 0) {
		fprintf(stderr, "liaisonctl: %s: %s\n", path, strerror(errno));
		return 1;
	}
	close(fd);
	return 0;
}

int
ctl_init(struct ctl_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {CTL_OPT_HELP, CTL_OPT_END};
	const char *path = ctx->store_path;
	char *err = NULL;
	int c, rc;

	for (optind = 0; (c = ctl_getopt(argc, argv, "h", opts, ctl_init_usage)) != -1;)
		return ctl_opt_status(c);
	if ((rc = ctl_operands(argc, argv, 0, 0, ctl_init_usage)) != 0)
		return rc;
	if (!path || !*path) {
		fputs("liaisonctl: no store.path in the configuration\n", stderr);
		return 1;
	}
	if (path_free(path) != 0 || create_file(path) != 0)
		return 1;
	/* An empty file is an empty database: the store's migrations make it a store. */
	if (!(ctx->st = store_open(path, STORE_NOCREATE, &err))) {
		fprintf(stderr, "liaisonctl: store: %s\n", err);
		free(err);
		unlink(path); /* ours, and unusable: the next init may try again */
		return 1;
	}
	printf("created the store %s\n", path);
	return 0;
}
