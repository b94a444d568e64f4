/* pipeline.h: one cycle: poll the source, parse, classify, file (commit first), mark, then send what is due. */
/* SPDX-License-Identifier: Apache-2.0 */
#ifndef LSD_PIPELINE_H
#define LSD_PIPELINE_H

#include <signal.h>

#include "extract.h"

struct config;
struct store;
struct sdo_dir;
struct source;
struct transport;

struct pipeline {
	const struct config *cfg;  /* borrowed */
	struct store *st;          /* borrowed */
	const struct sdo_dir *dir; /* borrowed */
	struct source *src;        /* owned */
	struct transport *tr;      /* owned */
	struct extract_limits lim;
	volatile sig_atomic_t *stop; /* borrowed: set by SIGTERM/SIGINT; the message in hand is finished */
	unsigned parse_timeout;      /* seconds one message may take to parse before the process gives up */
	long parse_timeout_ms;       /* the same in ms ($LIAISOND_PARSE_TIMEOUT_MS overrides it, for tests) */
	/* This cycle's counts. */
	unsigned filed, duplicates, quarantined, sent, deferred;
};

/* 0 ok; -1 with *err (owned) when set-up fails. */
int pipeline_init(struct pipeline *p, const struct config *cfg, struct store *st, const struct sdo_dir *dir,
    volatile sig_atomic_t *stop, char **err);
void pipeline_fini(struct pipeline *p);

/*
 * One cycle of the source (pipeline.c): every message is filed, or quarantined with its reason,
 * in the store first, then marked or set aside at the source; the source's progress is recorded
 * last. Returns SRC_OK, SRC_RETRY (try again after a back-off) or SRC_FATAL (needs the operator);
 * *err owned.
 */
int pipeline_poll(struct pipeline *p, char **err);
/* Sends queued mail that is due (pipeline_send.c). 0 ok, -1 when the transport is failing (retry later). */
int pipeline_send(struct pipeline *p, char **err);

#endif
