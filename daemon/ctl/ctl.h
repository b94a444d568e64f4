/* ctl.h: liaisonctl's commands, one function and one usage text each, listed in liaisonctl.c's table. */
/* SPDX-License-Identifier: Apache-2.0 */
#ifndef LSD_CTL_H
#define LSD_CTL_H

struct config;
struct store;
struct sdo_dir;

/* What every command gets: borrowed; main loads the configuration and closes the store. */
struct ctl_ctx {
	const struct config *cfg;
	struct store *st; /* NULL until ctl_store() (ctl_cli.h) opens it; a test may set it */
	const struct sdo_dir *dir;
	const char *store_path; /* where ctl_store() opens it; NULL for a command that works without */
	int store_rdonly;       /* a command that only reads: ctl_store() opens it read-only, never waiting */
};

/*
 * Each command returns the exit status: 0 ok, 1 runtime failure, 2 usage. argv[0] is the
 * command's word; it reads its options with ctl_getopt (ctl_cli.h). Its usage text has one
 * line per form, "SYNOPSIS\tWHAT IT DOES\n", the synopsis without "liaisonctl ".
 */
int ctl_parse(struct ctl_ctx *ctx, int argc, char **argv); /* daemon/ctl/ctl_docs.c */
int ctl_list(struct ctl_ctx *ctx, int argc, char **argv);
int ctl_show(struct ctl_ctx *ctx, int argc, char **argv);
extern const char ctl_parse_usage[], ctl_list_usage[], ctl_show_usage[];

int ctl_search(struct ctl_ctx *ctx, int argc, char **argv); /* daemon/ctl/ctl_search.c */
extern const char ctl_search_usage[];

int ctl_init(struct ctl_ctx *ctx, int argc, char **argv); /* daemon/ctl/ctl_init.c: opens ctx->st itself */
extern const char ctl_init_usage[];

int ctl_deadlines(struct ctl_ctx *ctx, int argc, char **argv); /* daemon/ctl/ctl_deadlines.c */
int ctl_ics(struct ctl_ctx *ctx, int argc, char **argv);
extern const char ctl_deadlines_usage[], ctl_ics_usage[];

int ctl_answer(struct ctl_ctx *ctx, int argc, char **argv); /* daemon/ctl/ctl_answer.c */
int ctl_unanswer(struct ctl_ctx *ctx, int argc, char **argv);
extern const char ctl_answer_usage[], ctl_unanswer_usage[];

int ctl_roadmap(struct ctl_ctx *ctx, int argc, char **argv); /* daemon/ctl/ctl_roadmap.c */
extern const char ctl_roadmap_usage[];

int ctl_meeting(struct ctl_ctx *ctx, int argc, char **argv); /* daemon/ctl/ctl_meeting.c */
extern const char ctl_meeting_usage[];

int ctl_report(struct ctl_ctx *ctx, int argc, char **argv); /* daemon/ctl/ctl_report.c */
extern const char ctl_report_usage[];

int ctl_sdo(struct ctl_ctx *ctx, int argc, char **argv); /* daemon/ctl/ctl_sdo.c */
extern const char ctl_sdo_usage[];

int ctl_outbox(struct ctl_ctx *ctx, int argc, char **argv); /* daemon/ctl/ctl_outbox.c */
extern const char ctl_outbox_usage[];

int ctl_digest(struct ctl_ctx *ctx, int argc, char **argv); /* daemon/ctl/ctl_digest.c */
extern const char ctl_digest_usage[];

int ctl_quarantine(struct ctl_ctx *ctx, int argc, char **argv); /* daemon/ctl/ctl_quarantine.c */
int ctl_requeue(struct ctl_ctx *ctx, int argc, char **argv);
extern const char ctl_quarantine_usage[], ctl_requeue_usage[];

int ctl_status(struct ctl_ctx *ctx, int argc, char **argv); /* daemon/ctl/ctl_status.c */
extern const char ctl_status_usage[];

int ctl_config(struct ctl_ctx *ctx, int argc, char **argv); /* daemon/ctl/ctl_config.c */
extern const char ctl_config_usage[];

#endif
