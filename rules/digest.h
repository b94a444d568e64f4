/* digest.h: the chairs' daily digest: when it is due, what it holds, and its text, from plain rows. */
/* SPDX-License-Identifier: Apache-2.0 */
#ifndef LSD_DIGEST_H
#define LSD_DIGEST_H

#include <stddef.h>
#include "util.h"

/* 1 when now is at or past hhmm ("06:00") in the zone tz (NULL or "": UTC), else 0; 0 when hhmm is not HH:MM. */
int digest_due(const char *hhmm, const char *tz, long long now);

/*
 * A digest being gathered: digest_begin(), then the rows in the store's order through the
 * digest_add_* calls, then digest_render(). The fields below the first three are its own.
 */
struct digest {
	char today[11];  /* now's day in the secretariat's zone: the digest's date */
	char soon[11];   /* the last day of the deadlines listed: 30 days on */
	long long since; /* the start of "the last 24 hours": what was filed or changed after it is listed */
	struct buf filed, due, changes, flagged, unverified;
	size_t nfiled, ndue, nchanges, nflagged, nunverified;
	int changes_read; /* the roadmap's changes could be read: their section is shown */
	int line_open;    /* a deadline line is being written */
	long long liaison;
	char deadline[11]; /* the statement and deadline of the open line */
};

/* Starts a digest for now's day in tz. Zero-initialise d first, or digest_clear() it. */
void digest_begin(struct digest *d, const char *tz, long long now);

/* A document filed since d->since. */
struct digest_filed {
	long long id;
	const char *kind, *direction; /* "liaison", "incoming", … */
	const char *ref;              /* the liaison's number, or NULL */
	const char *subject;
	const char *warnings_json; /* JSON array, or NULL */
};
/*
 * Listed; flagged too when its warnings name a roadmap row (a person must look at it), and listed
 * apart when it claims to be the secretariat's own and nothing vouches for it (unverified-sender).
 */
void digest_add_filed(struct digest *d, const struct digest_filed *f);

/* An open obligation, in the store's order (by deadline, then statement). */
struct digest_obl {
	long long liaison_id;
	const char *deadline; /* "YYYY-MM-DD", or NULL */
	const char *ref;      /* the statement's number, or NULL */
	const char *sdo;      /* the body asked */
	const char *role;     /* "action" or "comment" */
};
/*
 * Listed when due by d->soon (OVERDUE before d->today): one line per statement and deadline,
 * the bodies after it. Obligations without a date or due later are left out.
 */
void digest_add_obligation(struct digest *d, const struct digest_obl *o);

/* A roadmap entry new or changed since d->since. */
struct digest_change {
	int is_new;
	int status_changed; /* the status cell differs from its state at d->since */
	const char *body;   /* the canonical body */
	const char *ref, *title;
	const char *old_status; /* at d->since */
	const char *status;     /* now */
};
/* Marks the roadmap's changes read (their section is shown even when none), then adds c when non-NULL. */
void digest_add_change(struct digest *d, const struct digest_change *c);

/* The digest's text (owned); d is cleared. */
char *digest_render(struct digest *d);
void digest_clear(struct digest *d); /* frees the contents, not d */

#endif
