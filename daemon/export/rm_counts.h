/* rm_counts.h: the roadmap's entries counted by category group, status and body, for summaries and charts. */
/* SPDX-License-Identifier: Apache-2.0 */
#ifndef LSD_RM_COUNTS_H
#define LSD_RM_COUNTS_H

#include <stddef.h>
#include "roadmap_store.h"

struct rm_count {
	char *name; /* owned */
	size_t n;
};

struct rm_counts {
	struct rm_count *groups;   /* owned: category groups in the roadmap's order */
	struct rm_count *statuses; /* owned: statuses as written, most entries first; "" is "(no status)" */
	struct rm_count *bodies;   /* owned: bodies, most entries first */
	size_t ngroups, nstatuses, nbodies;
	size_t *matrix; /* owned: ngroups x nstatuses, matrix[g * nstatuses + s] */
	size_t total;
};

/* Counts e (sorted as roadmap_current sorts) into c (zero-initialised). */
void rm_counts_build(struct rm_counts *c, const struct rm_entries *e);
void rm_counts_free(struct rm_counts *c); /* accepts NULL */
/* The index of name in v[0..n), or n. */
size_t rm_count_find(const struct rm_count *v, size_t n, const char *name);

#endif
