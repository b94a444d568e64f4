/* digest_store.h: what the chairs' digest reads: everything since the previous digest's high-water mark. */
/* SPDX-License-Identifier: Apache-2.0 */
#ifndef LSD_DIGEST_STORE_H
#define LSD_DIGEST_STORE_H

#include "digest.h"
#include "store.h"

/*
 * The digest's window: what the previous digest covered (its mark), and what is filed now. The
 * next digest lists documents with prev_doc < id <= doc and outbox mail with prev_outbox < id <=
 * outbox: nothing twice, nothing lost to a clock change or a morning the daemon was down. Before
 * the first digest the mark is the last 24 hours.
 */
struct digest_window {
	long long prev_at;               /* the previous digest's time (epoch) */
	long long prev_doc, prev_outbox; /* its high-water marks */
	long long doc, outbox;           /* the highest ids now */
	int first;                       /* no digest was queued before */
};
/* 0 ok, -1 error (store_errmsg). */
int store_digest_window(struct store *st, long long now, struct digest_window *w);

/*
 * The rows of each section, borrowed for the call, until fn returns non-zero. 0 ok, -1 error
 * (store_errmsg). The document numbers come from one SQL expression (digest_store.c's DOCNO).
 */
int store_digest_filed(
    struct store *st, const struct digest_window *w, int (*fn)(const struct digest_filed *, void *), void *arg);
/* Every obligation of a statement with an open one or one answered in the window, by deadline and statement. */
int store_digest_states(
    struct store *st, const struct digest_window *w, int (*fn)(const struct digest_state *, void *), void *arg);
int store_digest_answers(
    struct store *st, const struct digest_window *w, int (*fn)(const struct digest_answer *, void *), void *arg);
int store_digest_reminders(
    struct store *st, const struct digest_window *w, int (*fn)(const struct digest_reminder *, void *), void *arg);
/* Every body named (source or addressee) by a statement filed in the window, with the first document naming it. */
int store_digest_bodies(
    struct store *st, const struct digest_window *w, int (*fn)(const char *name, const char *docno, void *), void *arg);
/* Mail that failed (not cancelled) and messages held in quarantine: label, what, reason. */
int store_digest_failed(
    struct store *st, int (*fn)(const char *label, const char *what, const char *reason, void *), void *arg);

/*
 * Queues the digest (om) and moves the mark to w (and now) in one transaction: committed
 * first, sent after. A digest already queued under om's key sets *dup and moves nothing.
 * 0 ok, -1 with *err (owned).
 */
int store_digest_queue(
    struct store *st, const struct outmail *om, const struct digest_window *w, long long now, int *dup, char **err);

#endif
