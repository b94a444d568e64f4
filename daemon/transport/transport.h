/* transport.h: where outgoing mail goes (spool:, smtp:, smtps:), one ops table behind one interface. */
/* SPDX-License-Identifier: Apache-2.0 */
#ifndef LSD_TRANSPORT_H
#define LSD_TRANSPORT_H

#include <stddef.h>

struct config;
struct transport;

/* Graded outcomes: the pipeline keeps the mail queued, marks it sent, or marks it failed for good. */
enum tr_rc {
	TR_OK = 0,
	TR_RETRY =
	    -1, /* the server (network, TLS, login, 4xx before RCPT, a setting to fix): keep it queued, back off */
	TR_FAIL = -2,  /* permanent for these recipients (5xx to this message, bad address): mark them failed */
	TR_DEFER = -3, /* temporary for these recipients (4xx to RCPT or the message): retry them later, go on */
};

struct transport_ops {
	const char *name; /* "spool", "smtp" */
	/*
	 * Sends one RFC 5322 message (data, len) from the envelope sender ("" for the null sender, MAIL
	 * FROM:<>) to the recipients; key names the mail (the outbox row) and is used for the spool
	 * file's name. Everything is borrowed for the call. Callers check every address with
	 * transport_address_ok() first. Returns an enum tr_rc; unless TR_OK, *err is a message the
	 * caller owns.
	 */
	int (*send)(struct transport *t, const char *mail_from, const char *const *rcpt, size_t nrcpt, const char *data,
	    size_t len, const char *key, char **err);
	/*
	 * Reaches the server as a send would (connect, TLS, EHLO, AUTH) and leaves (QUIT), sending nothing:
	 * liaisond --check-config --connect. TR_OK, or TR_RETRY / TR_FAIL with *err (owned). NULL when
	 * there is nothing to reach.
	 */
	int (*probe)(struct transport *t, char **err);
	/* The cycle's sending is over: close what is open (may be NULL); the next send opens again. */
	void (*idle)(struct transport *t);
	/* Frees t->priv, not t (may be NULL): transport_free() frees t. */
	void (*free)(struct transport *t);
	/* 1: give send() one recipient at a time, so that each one's fate is its own (SMTP); 0: all at once. */
	int per_rcpt;
};

struct transport {
	const struct transport_ops *ops;
	const struct config *cfg; /* borrowed: outlives the transport */
	void *priv;               /* the implementation's state (smtp: made at the first send), freed by ops->free */
};

/* Picks the implementation from cfg->smtp_url. NULL with *err (owned) for an unknown scheme. */
struct transport *transport_new(const struct config *cfg, char **err);
void transport_free(struct transport *t); /* accepts NULL */

/*
 * An envelope address we may put between < and >: 1..320 bytes, no control character (libcurl
 * 7.88 writes CR, LF through to the wire, and the spool writes addresses into headers), no space,
 * '<' or '>', and one '@' with something either side. 1 ok, 0 not.
 */
int transport_address_ok(const char *a);

/* Implementations (spool.c, smtp.c). */
extern const struct transport_ops spool_transport_ops;
extern const struct transport_ops smtp_transport_ops;

#endif
