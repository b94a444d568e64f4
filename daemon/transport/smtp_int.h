/* smtp_int.h: the SMTP transport's pure helpers (smtp_proto.c; RFC 5321, RFC 3207), for smtp.c and its tests. */
/* SPDX-License-Identifier: Apache-2.0 */
#ifndef LSD_SMTP_INT_H
#define LSD_SMTP_INT_H

#include <stddef.h>

#include <curl/curl.h>

/* smtp.url, split (by common/url.c): smtp://HOST[:PORT][/EHLO-NAME] or smtps://… */
struct smtp_url {
	char *authority; /* owned: "host:port" with the default port filled in, for messages */
	char *host;      /* owned: as written ("[::1]" keeps its brackets), for messages and url_host_is_loopback() */
	int tls;         /* 1 for smtps:// (TLS from the first byte) */
};
/*
 * 0 ok, -1 with *err (owned). Refused: control characters, credentials in the URL (they would
 * reach logs and process lists), queries and fragments, and an EHLO name that is not a plain
 * domain or address literal (libcurl percent-decodes it into the EHLO line).
 */
int smtp_url_parse(const char *url, struct smtp_url *u, char **err);
void smtp_url_clear(struct smtp_url *u); /* accepts NULL */

/* An envelope address we may put between < and >: transport_address_ok(). 1 ok, 0 not. */
int smtp_address_ok(const char *a);

/* Which command a server reply answers, in the order of a session. */
enum smtp_phase {
	SMTP_P_CONNECT, /* nothing sent yet: TCP, TLS, the greeting */
	SMTP_P_EHLO,
	SMTP_P_STARTTLS,
	SMTP_P_AUTH,
	SMTP_P_MAIL,
	SMTP_P_RCPT,
	SMTP_P_DATA, /* the DATA command itself */
	SMTP_P_BODY, /* the message, after 354: its reply is the one that counts */
	SMTP_P_QUIT,
};
/* The phase a client command line starts, or -1 for lines that start none (AUTH continuations, RSET, NOOP). */
int smtp_phase_of(const char *line, size_t len);
const char *smtp_phase_name(enum smtp_phase ph); /* "MAIL FROM", "end of data", … */

#define SMTP_REPLY_MAX 300

/* The server's last reply, its lines joined; printable ASCII only, at most SMTP_REPLY_MAX bytes. */
struct smtp_reply {
	int code;                      /* 0: no reply seen */
	int done;                      /* the final line arrived; the next line starts a new reply */
	char text[SMTP_REPLY_MAX + 1]; /* "550 5.1.1 Invalid recipient: <x@y>" */
};
/* Adds one line as libcurl hands it over (with or without CR LF). Lines that are not "NNN[ -]…" are ignored. */
void smtp_reply_line(struct smtp_reply *r, const char *line, size_t len);

/* What went wrong, graded: decides both the outbox state and the message. */
enum smtp_err {
	SMTP_E_OK,
	SMTP_E_REFUSED,    /* 5xx to MAIL, RCPT or the message: permanent, for this message only */
	SMTP_E_DEFERRED,   /* 4xx to RCPT or the message: try this recipient again later */
	SMTP_E_BUSY,       /* 4xx before RCPT (MAIL FROM, a session limit): the server, try it again later */
	SMTP_E_AUTH,       /* the login was refused */
	SMTP_E_NEED_AUTH,  /* the server wants a login we do not give (530, 5.7.0) */
	SMTP_E_TLS_VERIFY, /* the certificate or its name does not verify */
	SMTP_E_CA_FILE,    /* smtp.ca_file cannot be read */
	SMTP_E_STARTTLS,   /* smtp:// and the server does not offer STARTTLS */
	SMTP_E_CONNECT,    /* no TCP connection */
	SMTP_E_TIMEOUT,
	SMTP_E_SERVER, /* a 5xx before MAIL (greeting, EHLO): the server, not the message */
	SMTP_E_NET,    /* anything else on the way */
};
enum smtp_err smtp_grade(CURLcode cc, enum smtp_phase ph, const struct smtp_reply *r);
/* TR_OK, TR_FAIL for SMTP_E_REFUSED, TR_DEFER for SMTP_E_DEFERRED, TR_RETRY for the rest: a setting, the network
 * or the server is at fault, not the recipient. */
int smtp_rc(enum smtp_err e);

/* Everything an operator's message may name. Never the password. */
struct smtp_failure {
	enum smtp_err err;
	enum smtp_phase phase;
	const struct smtp_url *url;
	const char *user;      /* smtp.user or "" */
	const char *ca_file;   /* smtp.ca_file or "" */
	const char *rcpt;      /* the recipient of the last RCPT TO, or "" */
	const char *mail_from; /* the envelope sender */
	const char *detail;    /* libcurl's error text */
	const struct smtp_reply *reply;
	long timeout; /* seconds: the wait that ran out */
};
/* "smtp: 127.0.0.1:2525 refused the recipient <x@y>: 550 …". Owned. */
char *smtp_describe(const struct smtp_failure *f);

#endif
