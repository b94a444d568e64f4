/* roadmap_store.h: the roadmap as filed: every entry's current state, and what changed since a date. */
/* SPDX-License-Identifier: Apache-2.0 */
#ifndef LSD_ROADMAP_STORE_H
#define LSD_ROADMAP_STORE_H

#include <stddef.h>
#include "roadmap.h"

struct store;

/* One entry (a body's deliverable) as its newest version gives it. */
struct rm_entry {
	long long id;
	char *body;          /* owned: the canonical body the entry is keyed by */
	struct rm_row row;   /* owned: the newest version's cells, as written */
	int version;         /* the newest version's number, 1 for the first */
	long long created;   /* epoch of the first filing */
	long long updated;   /* epoch of the filing that brought the newest version */
	long long confirmed; /* epoch of the last filing that carried the entry, changed or not */
	long long doc_id;    /* the document of the newest version, 0 when unknown */
	char *message_id;    /* owned, that document's Message-ID, or NULL */
	char *docno;         /* owned, that document's number in the secretariat's series, or NULL */
	char *subject;       /* owned, or NULL */
	char *group;         /* owned: the category group shown (the first category's), never NULL */
	int group_rank;      /* template order of the group; unknown groups after, empty last */
};

struct rm_entries {
	struct rm_entry *v; /* owned */
	size_t n;
	size_t cap;
};

/* Every entry, sorted by category group, body, reference, title. Appends to out; 0 ok, -1 error. */
int roadmap_current(struct store *st, struct rm_entries *out);
void rm_entries_free(struct rm_entries *e); /* frees contents, not the struct; accepts NULL */

/* An entry that is new, or whose cells differ, between an epoch and now. */
struct rm_change {
	int is_new;          /* no version existed at `since` */
	unsigned changed;    /* (1u << enum rm_col) for each cell that differs; every bit when new */
	struct rm_row old;   /* owned: the state at `since` (cells "" when new) */
	struct rm_entry cur; /* owned: the state now */
};

struct rm_changes {
	struct rm_change *v; /* owned */
	size_t n;
	size_t cap;
};

/*
 * Entries filed after since, each compared with its state at since (net change: an entry
 * changed and changed back is left out). Sorted as roadmap_current. 0 ok, -1 error.
 */
int roadmap_changes(struct store *st, long long since, struct rm_changes *out);
void rm_changes_free(struct rm_changes *c); /* frees contents, not the struct; accepts NULL */

#endif
