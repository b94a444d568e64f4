/* digest.h: the chairs' digest: when it is due, what it holds (from plain rows), its subject, text and HTML. */
/* SPDX-License-Identifier: Apache-2.0 */
#ifndef LSD_DIGEST_H
#define LSD_DIGEST_H

#include <stddef.h>
#include "util.h"

/* 1 when now is at or past hhmm ("06:00") in the zone tz (NULL or "": UTC), else 0; 0 when hhmm is not HH:MM. */
int digest_due(const char *hhmm, const char *tz, long long now);

/* The digest's sections, in the order shown. */
enum digest_sec {
	DS_LS_IN,     /* liaison statements received */
	DS_LS_OUT,    /* liaison statements the secretariat sent */
	DS_ROADMAP,   /* roadmap inputs */
	DS_OTHER,     /* other mail filed */
	DS_OURS,      /* the secretariat's statements: each body's state */
	DS_ASKED,     /* what other bodies asked the JCA-MV itself to do */
	DS_ANSWERS,   /* answers received */
	DS_REMINDERS, /* reminders and overdue notices */
	DS_CHANGES,   /* roadmap entries new or changed */
	DS_UNKNOWN,   /* bodies the directory does not know */
	DS_NOCONTACT, /* bodies that cannot be reminded: no liaison contact */
	DS_FAILED,    /* mail that failed, messages in quarantine */
	DS_LOOK,      /* filed, but a person must look: flagged roadmap rows, unverified senders */
	DS_N
};

/* One line of a section: its group (a heading shared by consecutive lines, or NULL), label, text and state. */
struct digest_line {
	char *group, *label, *text, *state;
	int alert; /* the state needs the chairs' attention (overdue, failed) */
};

/*
 * A digest being gathered: digest_begin(), then the rows through the digest_add_* calls (each
 * in its section's order), then digest_subject(), digest_text() and digest_html(), then
 * digest_clear(). Every count shown is the number of lines listed under it.
 */
struct digest {
	char today[11]; /* now's day in the secretariat's zone: the digest's date */
	char since[64]; /* "2026-03-09 06:00 Europe/Zurich": the previous digest, in the same zone */
	char *self;     /* the JCA-MV's own name in the directory ("ITU-T JCA-MV"), owned */
	int first;      /* no digest before this one: it covers the 24 hours since d->since */
	struct digest_sec_lines {
		struct digest_line *v;
		size_t n;
	} sec[DS_N];
	struct strv nocontact; /* bodies already listed as without contact */
};

/* Starts a digest for now's day in tz, covering what came after prev (epoch); self is the JCA-MV's name. */
void digest_begin(struct digest *d, const char *tz, long long now, long long prev, const char *self);
void digest_clear(struct digest *d); /* frees the contents, not d; accepts a zeroed d */

/* A document filed since the previous digest (borrowed). */
struct digest_filed {
	const char *docno;            /* the document number: "JCA-MV-Doc-012" */
	const char *kind, *direction; /* "liaison", "incoming", … */
	const char *ref, *title;      /* the statement's, or NULL */
	const char *subject;
	const char *source;        /* the body that sent it, or NULL */
	const char *warnings_json; /* JSON array, or NULL */
};
void digest_add_filed(struct digest *d, const struct digest_filed *f);

/* One body asked by a statement, with its state (borrowed); rows of one statement come together. */
struct digest_state {
	const char *docno, *ref, *title;       /* the statement's */
	const char *source, *direction;        /* who sent it; "outgoing" when the secretariat did */
	const char *sdo, *role;                /* the body asked; "action" or "comment" */
	const char *state;                     /* "open", "answered", … */
	const char *deadline;                  /* "YYYY-MM-DD", or NULL */
	const char *answer_docno, *answer_ref; /* the answering document, or NULL */
	const char *claim_docno;               /* a document claimed to answer it, to confirm; or NULL */
};
/*
 * The secretariat's statements go to DS_OURS, those asking the JCA-MV itself to DS_ASKED;
 * statements between other bodies are information only and are not listed here. Returns 1
 * when the row is an open obligation on the secretariat's own statement (its body must be reachable).
 */
int digest_add_state(struct digest *d, const struct digest_state *s);

/* An obligation answered by a document filed since the previous digest (borrowed). */
struct digest_answer {
	const char *docno, *ref, *title; /* the answer */
	const char *sdo;                 /* the body that answered */
	const char *stmt_docno, *stmt_ref;
};
void digest_add_answer(struct digest *d, const struct digest_answer *a);

/* A reminder or overdue notice queued since the previous digest (borrowed). */
struct digest_reminder {
	const char *kind; /* "before" or "overdue" */
	long long level;  /* days before the deadline, or past it */
	const char *sdo, *ref, *docno, *deadline;
	const char *state; /* the mail's: "queued", "sent", "failed" */
	const char *rcpt;  /* one address a line */
};
void digest_add_reminder(struct digest *d, const struct digest_reminder *r);

/* A roadmap entry new or changed since the previous digest (borrowed). */
struct digest_change {
	int is_new;
	int status_changed; /* the status cell differs from its earlier state */
	const char *body;   /* the canonical body */
	const char *ref, *title;
	const char *old_status, *status;
};
void digest_add_change(struct digest *d, const struct digest_change *c);

/* A body named in a document filed since the previous digest that the directory does not know. */
void digest_add_unknown(struct digest *d, const char *name, const char *docno);
/* A body the secretariat waits for that has no liaison contact: it cannot be reminded. Listed once. */
void digest_add_nocontact(struct digest *d, const char *sdo, const char *ref);
/* Mail that failed (what: "reminder to …") or a message in quarantine, with the reason. */
void digest_add_failed(struct digest *d, const char *label, const char *what, const char *reason);

/* The subject: "JCA-MV secretariat digest for 2026-03-10". Owned. */
char *digest_subject(const struct digest *d);
/* The plain-text body. Owned. */
char *digest_text(const struct digest *d);
/* The HTML body (rules/digest_html.c): inline CSS only, every text escaped. Owned. */
char *digest_html(const struct digest *d);

/* For the renderers: a section's heading, and the line a section shows when it is empty (NULL: not shown). */
const char *digest_sec_title(enum digest_sec s);
const char *digest_sec_empty(enum digest_sec s);

#endif
