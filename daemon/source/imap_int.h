/* imap_int.h: the IMAP source's private interface between daemon/imap*.c (RFC 3501/9051, URLs RFC 5092); and tests. */
/* SPDX-License-Identifier: Apache-2.0 */
#ifndef LSD_IMAP_INT_H
#define LSD_IMAP_INT_H

#include <stddef.h>

#include <curl/curl.h>
#include <signal.h>

#include "caps.h"
#include "util.h"

/*
 * The source is split by concern; each part's interface is below, under its file's name:
 *   imap_cmd.c    pure helpers: command safety, quoting, URLs, parsing responses, keys, error classes
 *   imap_conn.c   the libcurl handle: options and timeouts, callbacks, requests, login back-off, error messages
 *   imap_fetch.c  per-folder state: STATUS and UIDVALIDITY, windowed SEARCH, FETCH, the checkpoints to record
 *   imap_mark.c   what happens to mail on the server: the keyword, moves, quarantine and requeue
 *   imap.c        the ops table: settings checked once, the cycle's life, the entry points
 * Calls go one way: imap.c uses the other three; imap_fetch.c and imap_mark.c use imap_conn.c; all use imap_cmd.c.
 * None writes the store: imap_fetch.c queues checkpoints, which the pipeline records after its commits.
 */

/* ---- imap_cmd.c: pure helpers ---- */

/* A custom request may go to the server: non-empty, no CR, LF or NUL within len bytes. 0 ok, -1 not. */
int imap_cmd_ok(const char *cmd, size_t len);
/* A mailbox name we can quote: 1..255 bytes of printable ASCII (RFC 3501 quoted string, no literals). */
int imap_mailbox_ok(const char *name);
/* A keyword flag (RFC 3501 flag-keyword = atom): printable ASCII, none of (){ %*"\] and no leading '\'. */
int imap_keyword_ok(const char *kw);
/* Appends s as an IMAP quoted string ("…" with \ and " escaped). -1 and nothing appended when !imap_mailbox_ok(s). */
int imap_quote(struct buf *b, const char *s);

/* The mailbox URL, split (RFC 5092): base "imaps://host:port" (no path) and the folder ("INBOX" when none). */
struct imap_url {
	char *base;   /* owned */
	char *host;   /* owned: host as written, for messages and the loopback check */
	char *folder; /* owned: percent-decoded */
	int tls;      /* 1 for imaps:// */
};
/* 0 ok, -1 with *err (owned). Split by common/url.c; credentials, queries and fragments in the URL are refused. */
int imap_url_parse(const char *url, struct imap_url *u, char **err);
void imap_url_clear(struct imap_url *u);
/* url_host_is_loopback() (common/url.c), kept for imap.c's call until it names that one itself. */
int imap_host_is_loopback(const char *host);
/* Percent-encodes everything but RFC 3986 unreserved characters (so '/' and ';' cannot split the path). */
void imap_url_escape(struct buf *b, const char *s);
/* base/FOLDER[;UIDVALIDITY=v] (v 0: none). Owned. */
char *imap_url_mailbox(const char *base, const char *folder, unsigned long long uidvalidity);
/* base/FOLDER;UIDVALIDITY=v/;UID=n: libcurl fetches the whole body itself (BODY[]). Owned. */
char *imap_url_fetch(const char *base, const char *folder, unsigned long long uidvalidity, unsigned long long uid);

/* A growable list of UIDs. Zero-initialise. */
struct imap_uids {
	unsigned long long *v;
	size_t n, cap;
};
void imap_uids_push(struct imap_uids *u, unsigned long long uid);
void imap_uids_free(struct imap_uids *u);

/*
 * The UIDs of "* SEARCH" lines in resp (untagged lines as libcurl hands them over), kept
 * when lo <= uid <= hi (hi 0: no upper bound), sorted ascending, without duplicates. The
 * filter matters: "UID SEARCH UID n:*" answers the highest UID even when it is below n.
 * 0 ok, -1 when resp holds no SEARCH line.
 */
int imap_parse_search(
    const char *resp, size_t len, unsigned long long lo, unsigned long long hi, struct imap_uids *out);
/* "* STATUS name (UIDVALIDITY v UIDNEXT n …)": 0 ok (uidnext 0 when absent), -1 no UIDVALIDITY. */
int imap_parse_status(const char *resp, size_t len, unsigned long long *uidvalidity, unsigned long long *uidnext);
/* 1 when a "* CAPABILITY" line (or [CAPABILITY …] code) in resp lists cap, case-insensitively. */
int imap_has_capability(const char *resp, size_t len, const char *cap);
/* 1 when resp has an untagged "* LIST" line (the mailbox asked for exists). */
int imap_has_list(const char *resp, size_t len);

/*
 * Source keys: "FOLDER/UIDVALIDITY/UID", read from the right so that the folder may hold '/'.
 * imap_key_parse: 0 ok (*folder owned), -1 malformed.
 */
char *imap_key_make(const char *folder, unsigned long long uidvalidity, unsigned long long uid);
int imap_key_parse(const char *key, char **folder, unsigned long long *uidvalidity, unsigned long long *uid);
/* The keyword quarantine() sets so requeue() can find the message after its UID changed: "$LsdQ" + 16 hex. */
#define IMAP_QTAG_LEN 21
void imap_quarantine_tag(const char *key, char out[IMAP_QTAG_LEN + 1]);

/* The last tagged response line in lines, without its tag ("A4 NO [TRYCREATE] x" → "NO [TRYCREATE] x"). Owned. */
char *imap_tagged_text(const char *lines, size_t len);

/* What a failed libcurl call means for the operator. */
enum imap_err {
	IMAP_E_NET,         /* network, timeout, server hiccup: retry */
	IMAP_E_REFUSED,     /* the server said NO/BAD to a command */
	IMAP_E_AUTH,        /* login denied */
	IMAP_E_SELECT,      /* the folder could not be selected (libcurl reports it as a login denial) */
	IMAP_E_TLS_VERIFY,  /* the certificate does not verify */
	IMAP_E_CA_FILE,     /* ca_file unreadable */
	IMAP_E_STARTTLS,    /* no STARTTLS offered while required */
	IMAP_E_CONFIG,      /* URL, protocol or local setup */
	IMAP_E_UIDVALIDITY, /* the mailbox's UIDVALIDITY is not the one asked for */
	IMAP_E_GONE,        /* no such message (expunged meanwhile) */
};
enum imap_err imap_classify(int curlcode, const char *errbuf);

/* Debug traces: 1 when a line we send must not be shown (LOGIN, AUTHENTICATE and SASL exchanges). */
int imap_trace_secret(const char *line, size_t len);
/* The command word of a line sent ("A3 UID SEARCH …" → "UID") into out; "AUTHENTICATE" for a SASL continuation. */
void imap_command_word(const char *line, size_t len, char *out, size_t outsz);

/* A destination folder: imap_mailbox_ok() and no LIST wildcard ('*', '%'), since LIST is how its existence is asked. */
int imap_list_name_ok(const char *name);

/* How far a conversation got before the server stopped answering, for the operator's message. */
enum imap_stall {
	IMAP_STALL_CONNECT,  /* no TCP connection */
	IMAP_STALL_TLS,      /* connected, the TLS handshake (imaps://) never completed */
	IMAP_STALL_GREETING, /* connected, not a line from the server */
	IMAP_STALL_LOGIN,    /* STARTTLS, LOGIN or AUTHENTICATE unanswered */
	IMAP_STALL_COMMAND,  /* logged in: a command unanswered */
};
/* connected/tls_done: libcurl's connect and TLS times were recorded; lines: server lines heard; sent:
 * imap_command_word(). */
enum imap_stall imap_stall_phase(int connected, int tls, int tls_done, size_t lines, const char *sent);

/*
 * The stored state's advance: marks uid finished among the UIDs handed out, v[adv..pos), and
 * returns the new adv, the first one not finished (finished[i] 1; 2 is a mark still owed, not
 * finished). A UID outside that range changes nothing.
 */
size_t imap_finish_mark(
    const unsigned long long *v, unsigned char *finished, size_t adv, size_t pos, unsigned long long uid);

/* ---- The source's state, shared by imap.c, imap_conn.c, imap_fetch.c and imap_mark.c ---- */

struct source;
struct source_msg;
struct source_checkpoint;

enum imap_phase { IMAP_PH_STATUS, IMAP_PH_WINDOWS };

struct imap_folder {
	char *name; /* owned */
	int outgoing;
	int optional; /* the default sent folder: skipped when the server has none */
};

struct imap {
	CURL *curl;
	char errbuf[CURL_ERROR_SIZE];
	struct buf body;    /* untagged lines of a custom request, or a fetched message */
	int too_big;        /* the body passed LSD_MAX_MESSAGE: the write callback stopped the transfer */
	struct buf tagged;  /* the last tagged response line of the last request (header callback) */
	struct buf refused; /* the last tagged NO/BAD: libcurl LOGOUTs after a refusal, so "last" is not it */
	struct imap_url url;
	char *keyword; /* owned */
	struct imap_folder *folders;
	size_t nfolders;
	enum imap_err last_err; /* the class of the last failure, for the login back-off */

	/* The connection's watchdog (imap_conn.c): see on_progress(). */
	long timeout;                /* mailbox.timeout, seconds */
	long long heard_ms;          /* monotonic ms: the request began or the server last sent something */
	size_t lines;                /* response lines heard in the current request */
	int watchdog;                /* the watchdog, not libcurl, ended the last request */
	char sent[16];               /* the command word last sent in the current request (never its arguments) */
	int trace;                   /* LIAISOND_IMAP_TRACE: log the conversation, secrets hidden */
	volatile sig_atomic_t *stop; /* borrowed from the source: SIGTERM cuts the request in flight */

	/* This cycle. */
	int caps_known, cap_move, cap_uidplus;
	struct strv present; /* destination folders seen to exist this cycle */
	size_t fi;           /* the folder being read */
	enum imap_phase phase;
	int have_status; /* open() already asked the first folder's STATUS */
	unsigned long long uidvalidity, uidnext, last;
	unsigned long long wend, wwidth;
	int wlast, wfirst;             /* the window is open-ended (n:*); no window searched yet */
	struct imap_uids uids;         /* the window's UIDs */
	unsigned char *finished;       /* per UID of the window: done() or quarantine() returned */
	size_t pos, adv;               /* next to hand out; first not finished */
	int stuck;                     /* a message was left unfinished: the folder's state stops here this cycle */
	struct imap_uids pending;      /* committed, handed back by done(), their mark not yet sent (finished[] 2) */
	struct source_checkpoint *cps; /* progress for the pipeline to record, oldest first */
	size_t ncps;
};

/* ---- imap_conn.c: the libcurl handle ---- */

/* Opens the handle, unless a recent login denial with the same settings says wait; libcurl logs in with the
 * first request. SRC_OK, or SRC_FATAL/SRC_RETRY with *err (owned). */
int imap_connect(struct source *s, char **err);
/* rc and *err, the outcome of the first request after imap_connect(), are the login's: a denial starts or
 * doubles the back-off, a success ends it. Returns rc. */
int imap_login_outcome(struct source *s, int rc, char **err);
/* Ends the connection (LOGOUT when it is healthy) and frees the handle; im may be NULL. */
void imap_disconnect(struct imap *im);
/* One request: a custom command (cmd) on url, or a URL fetch (cmd NULL). The answer is in im->body. */
CURLcode imap_perform(struct imap *im, const char *url, const char *cmd);
/* A custom command outside any mailbox (STATUS, LIST, CREATE, CAPABILITY). */
CURLcode imap_perform_root(struct imap *im, const char *cmd);
/* A custom command inside folder: libcurl SELECTs it first when needed (and checks uidvalidity when non-zero). */
CURLcode imap_perform_in(struct imap *im, const char *folder, unsigned long long uidvalidity, const char *cmd);
/* A failed request as SRC_RETRY or SRC_FATAL with the operator's message *err (owned); what: "STATUS of INBOX". */
int imap_fail(struct source *s, CURLcode cc, const char *what, char **err);

/* ---- imap_fetch.c: per-folder state, search and fetch ---- */

/* STATUS of the folder im->fi into im->uidvalidity/uidnext. SRC_OK, SRC_RETRY or SRC_FATAL. */
int imap_folder_status(struct source *s, char **err);
/* The next message of the cycle (the ops' next() once open), SRC_REJECT for one to set aside unread, or SRC_NONE. */
int imap_fetch_next(struct source *s, struct source_msg *m, char **err);
/* done() or quarantine() finished folder/uidvalidity/uid: the folder's state may advance over it (a checkpoint). */
void imap_finished(struct source *s, const char *folder, unsigned long long uidvalidity, unsigned long long uid);
/*
 * Marks are sent in batches: done() of a message of the current window only queues its UID
 * (committed already; its mark is owed). One UID STORE (or MOVE) for up to IMAP_MARK_BATCH of them
 * is sent when the batch is full, when the window is read, and at close(); only then are they
 * finished and may the folder's state advance over them. A crash before that leaves them unmarked:
 * read again, found filed, marked then. 1 queued, 0 not this window's (mark it now).
 */
#define IMAP_MARK_BATCH 64
int imap_pending_add(struct source *s, const char *folder, unsigned long long uidvalidity, unsigned long long uid);
/* Sends the queued marks. SRC_OK (none queued included), or the error: those UIDs stay unmarked for now. */
int imap_pending_flush(struct source *s, char **err);
/* The oldest checkpoint not yet taken into *cp (cp->folder owned by the caller): 1, or 0 when none. */
int imap_checkpoint_take(struct imap *im, struct source_checkpoint *cp);
/* Drops the checkpoints not taken: their progress is found again by the next cycle's searches. */
void imap_checkpoints_clear(struct imap *im);

/* ---- imap_mark.c: marking, moving, quarantine, requeue ---- */

/* Marks a filed message: the keyword, or a move to filed_folder. The caller calls imap_finished() on success. */
int imap_mark_done(
    struct source *s, const char *folder, unsigned long long uidvalidity, unsigned long long uid, char **err);
/* The same for a UID set ("5,7,9:12": digits, commas and colons only), in one command. */
int imap_mark_set(struct source *s, const char *folder, unsigned long long uidvalidity, const char *uidset, char **err);
/* Tags the message with the quarantine keyword of key and moves it to the quarantine folder (then, as above). */
int imap_quarantine_uid(struct source *s, const char *key, const char *folder, unsigned long long uidvalidity,
    unsigned long long uid, char **err);
/* Finds the message quarantined under key by its keyword and moves it back to folder. Needs a connection. */
int imap_requeue_key(struct source *s, const char *key, const char *folder, char **err);

#endif
