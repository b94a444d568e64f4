/* store.h: the SQLite store (WAL, foreign keys, versioned schema); every SQL statement lives in store/. */
/* SPDX-License-Identifier: Apache-2.0 */
#ifndef LSD_STORE_H
#define LSD_STORE_H

#include <stddef.h>
#include "analyze.h"
#include "message.h"
#include "util.h"

struct store;

enum store_flags {
	STORE_RDONLY = 1,
	STORE_NOCREATE =
	    2, /* the store must exist already (liaisonctl: a mistyped path is an error, not a new store) */
};

/* Opens (creating and migrating) the store. NULL with *err (owned). */
struct store *store_open(const char *path, int flags, char **err);

/*
 * How long a program waits for another's transaction on the store (the daemon filing a message),
 * and how it says so: notice(arg) is called once, when a wait has lasted half a second.
 */
struct store_wait {
	long timeout_ms;
	void (*notice)(void *arg);
	void *arg;
};
/*
 * store_open, waiting as w says (NULL: 10 seconds, silently). With STORE_RDONLY the store is read
 * only and never migrated, unless its schema is older than this program's: then it is opened
 * read-write once, migrated (which may wait), and stays so.
 */
struct store *store_open_wait(const char *path, int flags, const struct store_wait *w, char **err);
void store_close(struct store *st); /* accepts NULL */
const char *store_errmsg(struct store *st);

/* The secretariat's series of document numbers (secretariat.doc_prefix's default). */
#define STORE_DOC_PREFIX "JCA-MV-Doc-"

struct outmail;

/* What a filing decided, known only inside its transaction: for the acknowledgement. Borrowed. */
struct filed {
	long long doc_id;
	const char *docno;          /* the secretariat's number, or NULL (outgoing, machine, other) */
	const struct strv *answers; /* the numbers of the statements it answers */
	const struct strv *claims;  /* those it says it answers, from an address the body never registered */
};

/* What the pipeline files: borrowed pointers, one message and its meaning. */
struct filing {
	const struct msg *msg;
	const struct analysis *an;
	const char *source_key; /* the message's id at its source, or NULL */
	const char *folder;     /* or NULL */
	const unsigned char *raw;
	size_t rawlen;
	long long received;        /* epoch */
	const struct sdo_dir *dir; /* borrowed: canonical names for roadmap bodies */
	const char *doc_prefix;    /* numbers incoming statements and roadmap inputs; NULL: STORE_DOC_PREFIX */
	/*
	 * Or NULL. Called inside the transaction once the number and the answers are known, to write
	 * the acknowledgement's text into om->data and om->len (kept by the caller until store_file
	 * returns). Non-zero: no acknowledgement is queued.
	 */
	int (*ack_compose)(const struct filed *fd, struct outmail *om, void *arg);
	void *ack_arg;
};

/*
 * Files a message in one transaction: document, attachments (by hash), liaison statement,
 * targets, contacts, obligations (none for an->unverified), roadmap entries, events, and the acknowledgement in the
 * outbox when ack is non-NULL. Idempotent: a message already filed (same Message-ID, or
 * same sha256 when it has none) sets *dup (2: same Message-ID, other bytes) and files nothing. 0 ok, -1 error (*err
 * owned).
 */
struct outmail;
int store_file(
    struct store *st, const struct filing *f, const struct outmail *ack, long long *doc_id, int *dup, char **err);

/* The dedupe key of a message: its Message-ID, or "sha256:" and the hash of the raw bytes. Owned. */
char *store_dedupe_key(const struct msg *m);
/*
 * 1 when a message with this key is filed, 0 when not, -1 error; 2 when sha256 is non-NULL and the
 * filed message's differs (same Message-ID, other bytes).
 */
int store_has_same(struct store *st, const char *dedupe_key, const char *sha256);

/* Quarantine: messages that could not be processed, with the reason. */
int store_quarantine_add(struct store *st, const char *source_key, const char *reason, char **err);
/* 1 when source_key is quarantined and not requeued, 0 not, -1 error. */
int store_quarantine_held(struct store *st, const char *source_key);
int store_quarantine_get(struct store *st, long long id, char **source_key, char **err); /* 1 found, 0 not */
int store_quarantine_done(struct store *st, long long id, const char *state, char **err);

int store_quarantine_list(struct store *st,
    int (*fn)(long long id, const char *key, const char *reason, long long created, const char *state, void *),
    void *arg);

/*
 * Messages in hand: counted before processing, cleared when filed. Crashes and hangs are set aside at
 * once by the daemon; this count catches only the deaths nothing can catch (the OOM killer, kill -9), so
 * that a message the process keeps dying on is quarantined after MAX_ATTEMPTS starts (daemon/pipeline.c)
 * instead of killing every restart.
 */
int store_attempt_begin(struct store *st, const char *key, int *count);
int store_attempt_end(struct store *st, const char *key);
/* Forgets attempts older than before: messages that left the source (moved away by a person). */
int store_attempt_prune(struct store *st, long long before);

/* Mailbox state per folder (IMAP UIDVALIDITY and the highest UID filed). 1 found, 0 not, -1 error. */
int store_mailbox_get(
    struct store *st, const char *name, unsigned long long *uidvalidity, unsigned long long *last_uid);
int store_mailbox_set(struct store *st, const char *name, unsigned long long uidvalidity, unsigned long long last_uid);

/* The event log. */
int store_event(struct store *st, long long doc_id, long long outbox_id, const char *what, const char *detail);

/* Outgoing mail. */
struct outmail {
	const char *kind;       /* "ack", "reminder", "digest" */
	const char *dedupe_key; /* one mail per key, ever */
	const char *mail_from;  /* envelope sender */
	const struct strv *rcpt;
	const char *data; /* the RFC 5322 message */
	size_t len;
	long long doc_id; /* or 0 */
};
int store_outbox_add(struct store *st, const struct outmail *om, long long *id, int *dup, char **err);

struct outbox_item {
	long long id;
	char *kind, *mail_from, *state, *last_error;
	struct strv rcpt; /* every recipient; from store_outbox_due: those due now */
	/* store_outbox_due only, one per rcpt (owned): its position among the mail's recipients, its attempts */
	struct outbox_due {
		int pos, attempts;
	} * due;
	char *data;
	size_t len;
	int attempts;
	long long created, sent, next_attempt;
};
void outbox_item_clear(struct outbox_item *it);
/* Mail with recipients due at now, oldest first (at most 500); calls fn for each until it returns non-zero. */
int store_outbox_due(struct store *st, long long now, int (*fn)(struct outbox_item *, void *), void *arg);
int store_outbox_list(struct store *st, int (*fn)(struct outbox_item *, void *), void *arg);
/* 1 when a mail with this key is in the outbox (whatever its state), 0 not, -1 error. */
int store_outbox_exists(struct store *st, const char *dedupe_key);
/* How many mails of kind went to the one recipient rcpt (any recipient: NULL) since an epoch; -1 on error. */
long long store_outbox_count_to(struct store *st, const char *kind, const char *rcpt, long long since);
/* A failed (or queued) mail back in the queue, due now: 1 done, 0 no such unsent (or a cancelled) mail, -1 error. */
int store_outbox_retry(struct store *st, long long id);
/* One result for every recipient of a mail not yet sent or failed (the whole mail at once). 0 ok, -1 error. */
int store_outbox_result(
    struct store *st, long long id, int sent, int permanent, const char *error, long long next_attempt);

/*
 * Delivery per recipient (store/outbox_store.c). Each recipient of a mail has its own state:
 * "queued", "sending" (an attempt recorded before the transaction and not yet concluded),
 * "sent", "failed" (for good, with the server's words) or "cancelled". The outbox row's state
 * sums them up: queued while any is queued or sending, else failed when any failed, else sent.
 */
enum delivery_result {
	DELIVERY_SENT,
	DELIVERY_FAILED,   /* for good: never tried again (liaisonctl outbox retry) */
	DELIVERY_DEFERRED, /* tried again at next_attempt */
};
/*
 * Records, durably and before anything is sent, that an attempt to the recipients at pos[0..n) of
 * mail id starts: 'queued' becomes 'sending', attempts + 1. 1 done (send now), 0 the mail is no
 * longer queued (cancelled): send nothing, -1 error (store_errmsg): send nothing.
 */
int store_delivery_begin(struct store *st, long long id, const int *pos, size_t n);
/*
 * The attempt's outcome for those recipients (queued or sending), the outbox row's summary and an
 * event, in one transaction. A reminder that reaches a recipient makes its level count as reminded
 * on its obligation. 0 ok, -1 error (store_errmsg).
 */
int store_delivery_result(struct store *st, long long id, const int *pos, size_t n, enum delivery_result r,
    const char *error, long long next_attempt);
/*
 * Attempts found 'sending' at the start of a cycle were not concluded (a crash, or their result
 * could not be written): each may have reached its recipient. One found for the first time is
 * queued again at retry_at; one whose retry was not concluded either becomes failed, never sent a
 * third time. Returns how many rows were found, -1 on error.
 */
long long store_delivery_unsure(struct store *st, long long retry_at);

/* One recipient of one mail (borrowed for the call). */
struct delivery_row {
	long long outbox_id;
	int position;
	const char *kind;                      /* the mail's */
	const char *rcpt, *state, *last_error; /* last_error may be NULL */
	int attempts, unsure;
	long long next_attempt, started, done; /* 0 when not set */
};
/* The recipients of mail id (all mail: id 0) in order, until fn returns non-zero. 0 ok, -1 error. */
int store_deliveries(struct store *st, long long id, int (*fn)(const struct delivery_row *, void *), void *arg);
/*
 * What did not reach its recipient: recipients failed for good at or after since, then those still
 * queued with an error (deferred), oldest mail first. For the digest and liaisonctl. 0 ok, -1 error.
 */
int store_delivery_failures(
    struct store *st, long long since, int (*fn)(const struct delivery_row *, void *), void *arg);

/* Back-off per server (store/outbox_store.c): the server failing, since when, and when to try it next. */
struct server_state {
	int failures; /* in a row; 0: not failing */
	long long since, next_attempt;
	char *last_error; /* owned, or NULL */
};
void server_state_clear(struct server_state *s); /* accepts NULL */
/* 1 failing (*s filled), 0 not, -1 error. */
int store_server_get(struct store *st, const char *server, struct server_state *s);
/* A failure (error) with the next try at next_attempt; error NULL: the server works again. 0 ok, -1 error. */
int store_server_set(struct store *st, const char *server, const char *error, long long next_attempt);

/* Obligations: one per body asked to act or comment, with its deadline. */
struct obligation {
	long long id, liaison_id, doc_id;
	char *ref, *title, *sdo, *role, *state, *deadline; /* owned; deadline may be NULL */
	char *direction;
	long long reminded_days; /* the last reminder delivered to someone, in days before the deadline, or -1 */
	char *answer_how;        /* "auto", "manual", "claimed" (then state is still "open"), or NULL */
	long long answer_doc;    /* the answering document, or 0 */
	char *answer_docno;      /* its number, or NULL */
	char *answer_note;       /* or NULL */
};
void obligation_clear(struct obligation *o);
/*
 * In store_obligations, each obligation's answer: how (answer_how), the answering document's id
 * and number, and a person's note; NULL and 0 when nothing answered it. A claimed answer leaves
 * the obligation open until a person confirms it (store_answer_set).
 */
int store_obligations(struct store *st, int all, int (*fn)(const struct obligation *, void *), void *arg);

/* Reminders and overdue notices: store/reminder_store.h. The digest's queries: store/digest_store.h. */

/*
 * liaisonctl answer / unanswer: the obligations on sdo (canonical) of the statements numbered ref
 * are answered (answered = 1: by document by_doc, 0 for none, with a note or NULL) or open again
 * (answered = 0: automatic and manual answers are forgotten, claims kept), each change an event.
 * 1 done, 0 no such obligation, -1 error (store_errmsg). Its own transaction.
 */
int store_answer_set(
    struct store *st, const char *ref, const char *sdo, int answered, long long by_doc, const char *note);
/* Links a filed document both ways (it answers; it is answered), as filing does: for re-parsing. */
int store_answers_link(struct store *st, long long doc_id, struct strv *answered, struct strv *claimed);

/* Listing what is filed. */
struct doc_row {
	long long id;
	char *message_id, *kind, *direction, *subject, *sender;
	long long received, date;
	char *warnings_json; /* JSON array */
	char *ref;           /* the liaison's number, or NULL */
	char *docno;         /* the secretariat's document number, or NULL */
};
void doc_row_clear(struct doc_row *r);
/* Documents of kind (NULL: all) dated (by_received: filed) at or after since, in filing order. */
int store_list(struct store *st, const char *kind, long long since, int by_received,
    int (*fn)(const struct doc_row *, void *), void *arg);
/* One document by id or by liaison ref / Message-ID: 1 found, 0 not. *ls owned (NULL when not a liaison). */
int store_find(
    struct store *st, const char *id_or_ref, struct doc_row *row, struct ls **ls, struct strv *attachments_json);

/* liaisonctl list's filters (store/search_store.c); a NULL or 0 field matches every document. */
struct doc_filter {
	const char *kind;      /* "liaison", "roadmap_input", … */
	const char *direction; /* "incoming" or "outgoing" */
	const char *sdo;       /* a canonical name: the statement's source (else the sender's body) or an addressee */
	long long since;       /* the message's Date (the filing time without one) at or after since */
	long long until;       /* and before until (0: no end) */
};
/* Documents matching f in filing order, each with its source body (or NULL), until fn returns non-zero. */
int store_list_filter(struct store *st, const struct doc_filter *f,
    int (*fn)(const struct doc_row *, const char *source, void *), void *arg);

/* A document's attachments, in their order in the message (borrowed for the call). */
struct doc_attachment {
	const char *filename, *content_type;
	long long size;
	const char *sha256;
};
int store_attachments(struct store *st, long long doc_id, int (*fn)(const struct doc_attachment *, void *), void *arg);
/* A document's warnings, one string each, appended to out. 0 ok, -1 error. */
int store_warnings(struct store *st, long long doc_id, struct strv *out);

/* One document found by store_search (borrowed for the call); text may be NULL. */
struct search_hit {
	long long id;
	const char *message_id;
	long long date; /* the message's Date, or the filing time without one */
	const char *kind, *direction, *ref, *subject;
	const char *snippet; /* the best matching passage, the words found in [brackets] */
};
/*
 * Full-text search (SQLite FTS5) over subjects, titles, abstracts and message bodies: the
 * documents holding every word of text, best first, at most limit (0: all). The words are
 * taken literally, never as FTS5 syntax: no text makes the query fail, and a text with no
 * word finds nothing. 0 ok, -1 error (store_errmsg).
 */
int store_search(
    struct store *st, const char *text, long long limit, int (*fn)(const struct search_hit *, void *), void *arg);

/* Standards bodies met in the mail, with their liaison contacts added by the operator. */
int store_sdo_contact_add(struct store *st, const char *sdo, const char *email, char **err);
int store_sdo_contacts(struct store *st, const char *sdo, struct strv *out);
int store_sdo_seen(struct store *st, int (*fn)(const char *name, long long count, void *), void *arg);

/* A raw message back out of the store (for requeue and re-parsing). */
int store_raw(struct store *st, long long doc_id, unsigned char **data, size_t *len);

/* The operator's side (store/ops_store.c). */

/* The daemon's last cycle, one row that each cycle replaces (liaisonctl status). */
struct daemon_poll {
	long long pid;
	long long at;      /* when the cycle ended (epoch) */
	char *result;      /* the poll's outcome: "ok" or the error */
	long long backoff; /* seconds before the next poll after a failed one, 0 when it worked */
	char *send_result; /* the sending's: "ok" or the transport's error */
	unsigned filed, duplicates, quarantined, sent, deferred; /* this cycle's counts */
};
/* Records dp (strings borrowed; NULL means "ok") in its own transaction. 0 ok, -1 error (store_errmsg). */
int store_daemon_poll_set(struct store *st, const struct daemon_poll *dp);
/* 1 with *dp filled (its strings owned: daemon_poll_clear), 0 when no cycle was ever recorded, -1 error. */
int store_daemon_poll_get(struct store *st, struct daemon_poll *dp);
void daemon_poll_clear(struct daemon_poll *dp); /* frees the strings; accepts NULL */

/* Outgoing mail counted by state ("queued", "sent", "failed", "cancelled") and kind. 0 ok, -1 error. */
int store_outbox_counts(
    struct store *st, int (*fn)(const char *kind, const char *state, long long n, void *), void *arg);
/* One mail (state "cancelled" when cancelled): 1 found (outbox_item_clear it), 0 not, -1 error. */
int store_outbox_get(struct store *st, long long id, struct outbox_item *it);
/*
 * Cancels a queued or failed mail: it is never sent, and retry leaves it alone. Its state becomes
 * "failed" with outbox.cancelled set. 1 done, 0 no such unsent mail, -1 error (store_errmsg).
 */
int store_outbox_cancel(struct store *st, long long id);

/* Messages held in quarantine now (not requeued); -1 on error. */
long long store_quarantine_count(struct store *st);
struct quarantine_row {
	long long id;
	char *source_key, *reason, *state; /* owned */
	long long created;
};
void quarantine_row_clear(struct quarantine_row *q); /* accepts NULL */
/* One quarantine record, whatever its state: 1 found, 0 not, -1 error. */
int store_quarantine_row(struct store *st, long long id, struct quarantine_row *q);
/* Forgets a quarantine record (event "quarantine discarded"): 1 done, 0 no such record, -1 error. */
int store_quarantine_forget(struct store *st, long long id);

/* Removes a contact the operator added (event "sdo contact removed"): 1 done, 0 none such, -1 error. */
int store_sdo_contact_remove(struct store *st, const char *sdo, const char *email);

#endif
