/* source.h: where mail comes from (maildir:, imap:, imaps:), one ops table behind one interface. */
/* SPDX-License-Identifier: Apache-2.0 */
#ifndef LSD_SOURCE_H
#define LSD_SOURCE_H

#include <signal.h>
#include <stddef.h>

struct config;
struct store;
struct source;

/*
 * A source reads and reports; it never writes the store. The pipeline records what it reports
 * (a filing, a quarantine, a folder's progress), commits, and only then asks the source to act
 * on the mail (done(), quarantine()).
 */

/* Graded outcomes: the pipeline decides to retry now, later, or never from these. */
enum src_rc {
	SRC_OK = 0,
	SRC_NONE = 1,   /* nothing more this cycle */
	SRC_REJECT = 2, /* next(): a message that cannot be handed over; m->key and m->reason say which and why */
	SRC_RETRY = -1, /* transient (network, server busy): back off and retry later */
	SRC_FATAL = -2, /* configuration or authentication: needs the operator */
};

struct source_msg {
	char *key;           /* owned: stable id within the source ("cur/1700000000.M1.host", "INBOX/5/42") */
	char *folder;        /* owned: the folder it came from, for the log */
	int outgoing;        /* 1 when read from a folder of the secretariat's sent mail */
	unsigned char *data; /* owned: the raw message (NULL with SRC_REJECT) */
	size_t len;
	char *reason; /* owned: SRC_REJECT only, why it was not read ("over the … byte limit") */
};
void source_msg_clear(struct source_msg *m); /* frees the contents */

/* A folder's progress, for the store: every UID up to last_uid under uidvalidity is finished. */
struct source_checkpoint {
	char *folder; /* owned */
	unsigned long long uidvalidity, last_uid;
};

struct source_ops {
	const char *name; /* "maildir", "imap" */
	/* Connect/open for one cycle. err owned. */
	int (*open)(struct source *s, char **err);
	/*
	 * The next new message into *m (SRC_OK), one to set aside unread (SRC_REJECT: the pipeline records
	 * the reason, then calls quarantine()), or SRC_NONE when the cycle has seen everything.
	 */
	int (*next)(struct source *s, struct source_msg *m, char **err);
	/* The message is committed to the store: mark it at the source (never before). */
	int (*done)(struct source *s, const struct source_msg *m, char **err);
	/* The message's quarantine is committed to the store: set it aside at the source. */
	int (*quarantine)(struct source *s, const struct source_msg *m, const char *reason, char **err);
	/*
	 * Progress to record, one at a time, oldest first: 1 with *cp filled (the pipeline writes it to the
	 * store, then frees cp->folder), 0 when none. The pipeline asks after every next(), done() and
	 * quarantine(), so a checkpoint always follows the commit and the mark it stands for. NULL: the
	 * source keeps no state in the store.
	 */
	int (*checkpoint)(struct source *s, struct source_checkpoint *cp);
	/* Move a quarantined message back for another try (liaisonctl requeue); key as given to quarantine. */
	int (*requeue)(struct source *s, const char *key, char **err);
	/* End the cycle (logout / close). */
	void (*close)(struct source *s);
	void (*free)(struct source *s);
};

struct source {
	const struct source_ops *ops;
	const struct config *cfg;    /* borrowed */
	struct store *store;         /* borrowed, read only: the folders' recorded progress (UIDVALIDITY, last UID) */
	volatile sig_atomic_t *stop; /* borrowed or NULL: set on SIGTERM; a request in flight is cut short */
	void *priv;                  /* the implementation's state */
};

/* Picks the implementation from cfg->mailbox_url. NULL with *err (owned) for an unknown scheme. */
struct source *source_new(const struct config *cfg, struct store *store, char **err);
void source_free(struct source *s); /* accepts NULL */

/* Implementations (daemon/source/maildir.c, daemon/source/imap.c). */
extern const struct source_ops maildir_source_ops;
extern const struct source_ops imap_source_ops;

#endif
