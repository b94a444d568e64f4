/* roadmap_category.h: the roadmap template's categories, as bodies write them. */
/* SPDX-License-Identifier: Apache-2.0 */
#ifndef LSD_ROADMAP_CATEGORY_H
#define LSD_ROADMAP_CATEGORY_H

#include <stddef.h>
#include "util.h"

/* The template group of one category as written (s[0..n)): its index, or -1 when unknown. */
int rm_category_of(const char *s, size_t n);

/* Appends "roadmap row 'title': unknown category '…'" to warnings for each unknown category of a cell. */
void rm_category_warn(const char *cell, const char *title, struct strv *warnings);

/*
 * The group a category cell is shown under: its first category's template group
 * ("Interoperability" is under "Interoperability & Infrastructure"), the first category as
 * written when unknown, "Uncategorised" when empty. *name owned. Returns the rank to sort by.
 */
int rm_category_group(const char *cell, char **name);

#endif
