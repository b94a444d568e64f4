/* ctl.h: liaisonctl's sub-commands, one function each, dispatched from liaisonctl.c. */
#ifndef LSD_CTL_H
#define LSD_CTL_H

#include <stddef.h>

struct config;
struct store;
struct sdo_dir;

/* What every sub-command gets: borrowed, opened by main before the call. */
struct ctl_ctx {
	const struct config *cfg;
	struct store *st; /* opened read-write; NULL for parse */
	const struct sdo_dir *dir;
};

/* Each returns the exit status: 0 ok, 1 runtime failure, 2 usage. argv[0] is the sub-command's name. */
int ctl_roadmap(struct ctl_ctx *ctx, int argc, char **argv); /* daemon/ctl/ctl_roadmap.c */
int ctl_parse(struct ctl_ctx *ctx, int argc, char **argv);   /* daemon/ctl/ctl_docs.c */
int ctl_list(struct ctl_ctx *ctx, int argc, char **argv);
int ctl_show(struct ctl_ctx *ctx, int argc, char **argv);
int ctl_deadlines(struct ctl_ctx *ctx, int argc, char **argv); /* daemon/ctl/ctl_admin.c */
int ctl_sdo(struct ctl_ctx *ctx, int argc, char **argv);
int ctl_outbox(struct ctl_ctx *ctx, int argc, char **argv);
int ctl_ics(struct ctl_ctx *ctx, int argc, char **argv);
int ctl_quarantine(struct ctl_ctx *ctx, int argc, char **argv);
int ctl_requeue(struct ctl_ctx *ctx, int argc, char **argv);
int ctl_digest(struct ctl_ctx *ctx, int argc, char **argv); /* daemon/ctl/ctl_digest.c */

/* Shared by the sub-commands: getopt-style flag scanning without global state. */
int ctl_flag(int argc, char **argv, const char *flag);          /* 1 when present */
const char *ctl_value(int argc, char **argv, const char *flag); /* the argument after flag, or NULL */
/* Writes out (len bytes) to path atomically, or to stdout when path is NULL. 0 ok. */
int ctl_output(const char *path, const char *out, size_t len);

#endif
