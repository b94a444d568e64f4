/* rm_counts.c: the roadmap's entries counted by category group, status and body, for summaries and charts. */
/* SPDX-License-Identifier: Apache-2.0 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "rm_counts.h"

#define NO_STATUS "(no status)"

size_t
rm_count_find(const struct rm_count *v, size_t n, const char *name)
{
	size_t i = 0;

	while (i < n && strcmp(v[i].name, name) != 0)
		i++;
	return i;
}

/* Counts name once in *v (of *n, grown by one when new). */
static void
count(struct rm_count **v, size_t *n, const char *name)
{
	size_t i = rm_count_find(*v, *n, name);

	if (i == *n) {
		*v = xrealloc(*v, (*n + 1) * sizeof(**v));
		(*v)[i].name = xstrdup(name);
		(*v)[i].n = 0;
		(*n)++;
	}
	(*v)[i].n++;
}

static int
most_first(const void *a, const void *b)
{
	const struct rm_count *x = a, *y = b;

	if (x->n != y->n)
		return x->n > y->n ? -1 : 1;
	return strcasecmp(x->name, y->name);
}

static const char *
status_of(const struct rm_entry *e)
{
	return *e->row.f[RM_STATUS] ? e->row.f[RM_STATUS] : NO_STATUS;
}

void
rm_counts_build(struct rm_counts *c, const struct rm_entries *e)
{
	for (size_t i = 0; e && i < e->n; i++) {
		count(&c->groups, &c->ngroups, e->v[i].group); /* in order already */
		count(&c->statuses, &c->nstatuses, status_of(&e->v[i]));
		count(&c->bodies, &c->nbodies, e->v[i].body);
		c->total++;
	}
	if (c->nstatuses)
		qsort(c->statuses, c->nstatuses, sizeof(*c->statuses), most_first);
	if (c->nbodies)
		qsort(c->bodies, c->nbodies, sizeof(*c->bodies), most_first);
	c->matrix = xcalloc(c->ngroups * c->nstatuses + 1, sizeof(*c->matrix));
	for (size_t i = 0; e && i < e->n; i++) {
		size_t g = rm_count_find(c->groups, c->ngroups, e->v[i].group);
		size_t s = rm_count_find(c->statuses, c->nstatuses, status_of(&e->v[i]));
		c->matrix[g * c->nstatuses + s]++;
	}
}

static void
list_free(struct rm_count *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i].name);
	free(v);
}

void
rm_counts_free(struct rm_counts *c)
{
	if (!c)
		return;
	list_free(c->groups, c->ngroups);
	list_free(c->statuses, c->nstatuses);
	list_free(c->bodies, c->nbodies);
	free(c->matrix);
	memset(c, 0, sizeof(*c));
}
