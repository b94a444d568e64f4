/* report_store.h: what the secretariat's documents read: filed documents by number, obligations, roadmap inputs. */
/* SPDX-License-Identifier: Apache-2.0 */
#ifndef LSD_REPORT_STORE_H
#define LSD_REPORT_STORE_H

#include <stddef.h>
#include "util.h"

struct store;

/* The JCA-MV's canonical name in the directory of standards bodies: whose purposes "LS/a|c|i" gives. */
#define RP_SELF "ITU-T JCA-MV"

/* One filed document as the secretariat lists it (strings owned; "" rather than NULL unless said). */
struct rp_doc {
	long long id;
	char *number;    /* the secretariat's document number, "JCA-MV-Doc-017" */
	char *kind;      /* "liaison", "roadmap_input", "other" */
	char *direction; /* "incoming", "outgoing" */
	long long date;  /* the message's Date, else the filing time */
	char *subject, *sender, *sender_name;
	char *body; /* the sender's standards body, "" when unknown */
	/* A liaison statement's fields ("" for other documents). */
	char *ref, *source, *title, *deadline;
	char role; /* the JCA-MV's purpose in it: 'a' action, 'c' comment, 'i' information, 0 not named */
	struct strv reply_to;
	struct strv action, comment, information; /* the bodies asked to act, to comment, informed */
	/* A roadmap input's rows. */
	long long entries; /* roadmap rows filed from it (new versions and confirmations) */
	char *rm_body;     /* the body its rows name most, "" when none */
};

struct rp_docs {
	struct rp_doc *v; /* owned */
	size_t n, cap;
};

/*
 * Documents of people (machine mail left out) of kind liaison, roadmap_input or other, dated in
 * [since, until) (until 0: no end), in document-number order; appended to out. 0 ok, -1 error
 * (store_errmsg).
 */
int report_documents(struct store *st, long long since, long long until, struct rp_docs *out);
void rp_docs_free(struct rp_docs *d); /* frees contents, not the struct; accepts NULL */

/* One body asked by a statement to act or comment, and whether it has answered. */
struct rp_obligation {
	long long doc_id;           /* the statement's document */
	char *number, *ref, *title; /* the statement's document number, LS number ("" none), title */
	char *direction;            /* the statement's */
	char *sdo, *role, *state;   /* role "action"|"comment", state "open"|"answered" */
	char *deadline;             /* ISO date, "" when none */
	long long answered_by;      /* the answer's document (or claimed answer's), 0 when none */
	char *answer_number;        /* its document number, "" when none */
	char *answer_ref;           /* its LS number, "" when none */
	long long answer_date;
	int claimed; /* 1: that answer is only claimed (sender not the body's), the obligation stays open */
};

struct rp_obligations {
	struct rp_obligation *v; /* owned */
	size_t n, cap;
};

/* Every obligation, by the statement's document then body. 0 ok, -1 error (store_errmsg). */
int report_obligations(struct store *st, struct rp_obligations *out);
void rp_obligations_free(struct rp_obligations *o); /* accepts NULL */

/* One input document a roadmap entry came from (a version it brought, or the last confirmation). */
struct rp_source {
	long long entry_id, doc_id;
	char *number;   /* the document number */
	char *body;     /* the sending body, else the entry's */
	long long date; /* the input's Date, else its filing time */
	char *subject;
};

struct rp_sources {
	struct rp_source *v; /* owned; by entry, then date */
	size_t n, cap;
};

int report_roadmap_sources(struct store *st, struct rp_sources *out); /* 0 ok, -1 error (store_errmsg) */
void rp_sources_free(struct rp_sources *s);                           /* accepts NULL */
/* The source of entry_id from doc_id (doc_id 0: the newest of the entry), or NULL. Borrowed. */
const struct rp_source *rp_source_find(const struct rp_sources *s, long long entry_id, long long doc_id);

#endif
