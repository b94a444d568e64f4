/* ack.h: whether a filed message is acknowledged, to whom, and the acknowledgement's text (RFC 3834 section 2). */
/* SPDX-License-Identifier: Apache-2.0 */
#ifndef LSD_ACK_H
#define LSD_ACK_H

#include "analyze.h"
#include "util.h"

/* What the configuration says (secretariat.acknowledge, secretariat.address). */
struct ack_policy {
	int send_acks;           /* acknowledge incoming liaison statements and roadmap inputs */
	const char *secretariat; /* our own address, lower case */
	long max_age_days;       /* secretariat.acknowledge_max_age: older mail is filed, not acknowledged; 0 none */
	long long now;           /* epoch, for max_age_days */
};

/* Where an answer to the message would go, as its headers say. */
struct ack_sender {
	const char *return_path; /* "" for an empty Return-Path: <>, NULL when absent */
	const char *from;        /* From:'s address, or "" */
	const char *reply_to;    /* Reply-To:'s first address, or NULL: where the answer goes when there is one */
	long long date;          /* Date: (epoch), 0 when unknown */
};

/* Why a message is or is not acknowledged. */
enum ack_verdict {
	ACK_SEND,        /* acknowledge, to *rcpt */
	ACK_OFF,         /* acknowledgements are switched off */
	ACK_KIND,        /* neither a liaison statement nor a roadmap input */
	ACK_OUTGOING,    /* sent by the secretariat */
	ACK_MACHINE,     /* auto-reply, bounce or list traffic */
	ACK_NULL_SENDER, /* Return-Path: <>, which nothing may answer */
	ACK_NO_ADDRESS,  /* From: is not one readable mailbox */
	ACK_OURSELVES,   /* From: is the secretariat's own address */
	ACK_ROBOT,       /* noreply, no-reply, owner-… or …-request@: nobody reads the answer */
	ACK_AUTH_FAILED, /* a trusted Authentication-Results says From: failed dmarc (or dkim): forged */
	ACK_OLD,         /* dated more than max_age_days ago: a first import of an old mailbox answers nobody */
};

/*
 * Decides whether the message a was read from is acknowledged. *rcpt is the bare address to
 * send to (owned) when ACK_SEND, NULL otherwise: Reply-To when there is one, else From.
 */
enum ack_verdict ack_decide(
    const struct ack_policy *p, const struct ack_sender *s, const struct analysis *a, char **rcpt);

/* What filing decided, echoed to the sender. */
struct ack_filed {
	const char *docno;          /* the secretariat's document number, or NULL */
	const struct strv *answers; /* the numbers of our statements it answers, or NULL */
	const struct strv *claims;  /* those it says it answers from an address the body never registered, or NULL */
	const char *contact;        /* whom to write to when something was misread, or NULL */
};

/*
 * The acknowledgement's subject and body, appended to subj and body, for a message with this
 * Subject: ("" when none) and Date: (epoch, 0 when unknown), filed as a and fd (NULL: nothing
 * more) say. It echoes what was read, cut (docs/trust.md): titles at 200 characters, ten roadmap rows.
 */
void ack_text(const char *subject, long long date, const struct analysis *a, const struct ack_filed *fd,
    struct buf *subj, struct buf *body);

#endif
