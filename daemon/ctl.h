/* ctl.h: liaisonctl's sub-commands, one function each, dispatched from liaisonctl_main.c. */
#ifndef LSD_CTL_H
#define LSD_CTL_H

struct config;
struct store;
struct sdo_dir;

/* What every sub-command gets: borrowed, opened by main before the call. */
struct ctl_ctx {
	const struct config *cfg;
	struct store *st;           /* opened read-write; NULL for parse */
	const struct sdo_dir *dir;
};

/* Each returns the exit status: 0 ok, 1 runtime failure, 2 usage. argv[0] is the sub-command's name. */
int ctl_roadmap(struct ctl_ctx *ctx, int argc, char **argv); /* daemon/ctl_roadmap.c */

#endif
