/* imap_int.h: the IMAP source's pure helpers (RFC 3501/9051, URLs RFC 5092); for daemon/imap*.c and tests only. */
#ifndef LSD_IMAP_INT_H
#define LSD_IMAP_INT_H

#include <stddef.h>
#include "util.h"

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
/* 0 ok, -1 with *err (owned). Credentials, queries and fragments in the URL are refused. */
int imap_url_parse(const char *url, struct imap_url *u, char **err);
void imap_url_clear(struct imap_url *u);
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

#endif
