/* ctl_cli.h: the command line liaisonctl's commands share: options (getopt_long), operands, usage, output. */
/* SPDX-License-Identifier: Apache-2.0 */
#ifndef LSD_CTL_CLI_H
#define LSD_CTL_CLI_H

#include <getopt.h>
#include <stddef.h>
#include <stdio.h>

struct ctl_ctx;
struct store;

/* Every command's option table ends with these two: --help (also -h, so "h" in its short options). */
#define CTL_OPT_HELP                                                                                                   \
	{                                                                                                              \
		"help", no_argument, NULL, 'h'                                                                         \
	}
#define CTL_OPT_END                                                                                                    \
	{                                                                                                              \
		NULL, 0, NULL, 0                                                                                       \
	}

/*
 * getopt_long over one command's arguments, argv[0] being the command's word; the caller's
 * loop starts with optind = 0 so that getopt begins afresh. Options and operands may mix
 * (`show 5 --json`). Returns the option's value; -1 after the last option, the operands
 * being argv[optind..argc); 'h' after printing usage on stdout; '?' after printing getopt's
 * one-line message and usage on stderr (an unknown option, a value missing or unexpected).
 */
int ctl_getopt(int argc, char **argv, const char *shortopts, const struct option *longopts, const char *usage);
/*
 * The command line of a command whose one option is --json: sets *json, then checks that min to
 * max operands follow (as ctl_operands). -1 to go on, the operands at argv[optind..argc); else the
 * exit status (0 after --help, 2 for a usage error, usage printed).
 */
int ctl_json_args(int argc, char **argv, int min, int max, const char *usage, int *json);
/* The exit status for what ctl_getopt returned outside the command's options: 0 for 'h', else 2. */
int ctl_opt_status(int c);
/* 0 when argv[optind..argc) holds min to max operands (max < 0: no limit), else 2 with usage on stderr. */
int ctl_operands(int argc, char **argv, int min, int max, const char *usage);
/* "liaisonctl: " and the message, then usage, on stderr. Returns 2, a usage error's exit status. */
int ctl_usage_error(const char *usage, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* usage (see ctl.h) as "usage: liaisonctl SYNOPSIS" lines, or as the two columns of `liaisonctl help` when overview. */
void ctl_usage(FILE *f, const char *usage, int overview);

/* A command made of sub-commands (roadmap export, sdo list): each word with its function. */
struct ctl_sub {
	const char *name;
	int (*fn)(struct ctl_ctx *ctx, int argc, char **argv);
};
/*
 * Runs the sub-command argv[1] names with argv + 1 (its word first) and returns its exit
 * status; --help, or a missing or unknown sub-command, print usage as ctl_getopt does.
 */
int ctl_dispatch(
    struct ctl_ctx *ctx, int argc, char **argv, const struct ctl_sub *subs, size_t nsubs, const char *usage);

/*
 * The store, opened read-write on the first call: commands call it after reading their
 * options, so that --help and usage errors need none. NULL with the reason on stderr.
 */
struct store *ctl_store(struct ctl_ctx *ctx);
/* Writes out (len bytes) to path atomically, or to stdout when path is NULL or "-". 0 ok, -1 reported. */
int ctl_output(const char *path, const char *out, size_t len);

#endif
