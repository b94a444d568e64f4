/* answer.h: whether a filed document answers a body's obligation on a statement, automatically or as a claim. */
/* SPDX-License-Identifier: Apache-2.0 */
#ifndef LSD_ANSWER_H
#define LSD_ANSWER_H

#include "sdo.h"
#include "util.h"

/*
 * A statement's number as the store indexes it: upper case, letters and digits only
 * ("SG21-LS 82" and "sg21ls82" are both "SG21LS82"). Owned; NULL for NULL, for a number
 * with fewer than 3 letters and digits, or one without a digit (too vague to be looked for).
 */
char *answer_ref_key(const char *ref);

/*
 * 1 when text names the statement whose number is ref, anywhere, written with any case,
 * spaces, hyphens, slashes, dots or underscores between its letters and digits, and not as
 * part of a longer number ("JCA-MV-LS12" does not name "JCA-MV-LS1"); else 0.
 */
int answer_names_ref(const char *text, const char *ref);

/*
 * The bodies a body speaks for: itself and every body it is part of, canonical where the
 * directory knows them: "ISO/IEC JTC 1/SC 24/WG 9" speaks for "ISO/IEC JTC 1/SC 24" and
 * "ISO/IEC JTC 1"; "3GPP SA1" for "3GPP TSG SA" and "3GPP". Appended to out without duplicates.
 */
void answer_bodies(const struct sdo_dir *d, const char *body, struct strv *out);

/* The statement an obligation belongs to. */
struct answer_stmt {
	const char *ref;        /* its number, or NULL */
	const char *message_id; /* its Message-ID with <>, or NULL */
	long long date;         /* when it was sent (epoch), 0 unknown */
	const char *deadline;   /* ISO date, or NULL */
};

/* A document from one of the bodies the obligation is on (or a sub-group of it). */
struct answer_doc {
	int roadmap;                /* a roadmap input */
	long long date;             /* when it was sent (epoch), 0 unknown */
	const char *in_reply_to;    /* or NULL */
	const struct strv *refs;    /* References: message ids, or NULL */
	const struct strv *replies; /* the statement numbers its reply-to fields give, or NULL */
	const char *const *texts;   /* what can be read of it: subject, body, attachments (NULL entries skipped) */
	size_t ntexts;
	int trusted; /* its sender is the body's own (its domain, a registered contact, a trusted DKIM/DMARC pass) */
};

enum answer_how {
	ANSWER_NONE,    /* not an answer to this statement */
	ANSWER_AUTO,    /* an answer from the body itself: the obligation is answered */
	ANSWER_CLAIMED, /* it says it answers, from an address the body never registered: a person confirms */
};

/*
 * Whether d answers the statement s: it names s's number (reply-to fields, or anywhere in its
 * texts), points at it (In-Reply-To, References), or is a roadmap input sent between the
 * statement and the end of its deadline's day. ANSWER_AUTO when d->trusted, else ANSWER_CLAIMED.
 */
enum answer_how answer_decide(const struct answer_stmt *s, const struct answer_doc *d);

const char *answer_how_name(enum answer_how h); /* "none", "auto", "claimed" */

#endif
