/* transport.h: where outgoing mail goes (spool:, smtp:, smtps:), one ops table behind one interface. */
#ifndef LSD_TRANSPORT_H
#define LSD_TRANSPORT_H

#include <stddef.h>

struct config;
struct transport;

enum tr_rc {
	TR_OK = 0,
	TR_RETRY = -1, /* temporary (4xx, network): keep it queued */
	TR_FAIL = -2,  /* permanent (5xx, bad address): mark it failed */
};

struct transport_ops {
	const char *name;
	/*
	 * Sends one RFC 5322 message (data, len) from the envelope sender to the recipients.
	 * Callers guarantee that no address holds CR, LF or NUL. err owned.
	 */
	int (*send)(struct transport *t, const char *mail_from, const char *const *rcpt, size_t nrcpt, const char *data,
	    size_t len, const char *key, char **err);
	/* The cycle's sending is over: close what is open (may be NULL); the next send opens again. */
	void (*idle)(struct transport *t);
	void (*free)(struct transport *t);
};

struct transport {
	const struct transport_ops *ops;
	const struct config *cfg; /* borrowed */
	void *priv;
};

struct transport *transport_new(const struct config *cfg, char **err);
void transport_free(struct transport *t); /* accepts NULL */

extern const struct transport_ops spool_transport_ops;
extern const struct transport_ops smtp_transport_ops;

#endif
