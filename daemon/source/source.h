/* source.h: where mail comes from (maildir:, imap:, imaps:), one ops table behind one interface. */
#ifndef LSD_SOURCE_H
#define LSD_SOURCE_H

#include <signal.h>
#include <stddef.h>

struct config;
struct store;
struct source;

/* Graded outcomes: the pipeline decides to retry now, later, or never from these. */
enum src_rc {
	SRC_OK = 0,
	SRC_NONE = 1,   /* nothing more this cycle */
	SRC_RETRY = -1, /* transient (network, server busy): back off and retry later */
	SRC_FATAL = -2, /* configuration or authentication: needs the operator */
};

struct source_msg {
	char *key;           /* owned: stable id within the source ("cur/1700000000.M1.host", "INBOX/5/42") */
	char *folder;        /* owned: the folder it came from, for the log */
	int outgoing;        /* 1 when read from a folder of the secretariat's sent mail */
	unsigned char *data; /* owned: the raw message */
	size_t len;
};
void source_msg_clear(struct source_msg *m); /* frees the contents */

struct source_ops {
	const char *name; /* "maildir", "imap" */
	/* Connect/open for one cycle. err owned. */
	int (*open)(struct source *s, char **err);
	/* The next new message into *m, or SRC_NONE when the cycle has seen everything. */
	int (*next)(struct source *s, struct source_msg *m, char **err);
	/* The message is committed to the store: mark it at the source (never before). */
	int (*done)(struct source *s, const struct source_msg *m, char **err);
	/* The message cannot be processed: set it aside with the reason. */
	int (*quarantine)(struct source *s, const struct source_msg *m, const char *reason, char **err);
	/* Move a quarantined message back for another try (liaisonctl requeue); key as given to quarantine. */
	int (*requeue)(struct source *s, const char *key, char **err);
	/* End the cycle (logout / close). */
	void (*close)(struct source *s);
	void (*free)(struct source *s);
};

struct source {
	const struct source_ops *ops;
	const struct config *cfg;    /* borrowed */
	struct store *store;         /* borrowed: mailbox state (UIDVALIDITY, last UID) */
	volatile sig_atomic_t *stop; /* borrowed or NULL: set on SIGTERM; a request in flight is cut short */
	void *priv;                  /* the implementation's state */
};

/* Picks the implementation from cfg->mailbox_url. NULL with *err (owned) for an unknown scheme. */
struct source *source_new(const struct config *cfg, struct store *store, char **err);
void source_free(struct source *s); /* accepts NULL */

/* Implementations (daemon/maildir.c, daemon/imap.c). */
extern const struct source_ops maildir_source_ops;
extern const struct source_ops imap_source_ops;

#endif
