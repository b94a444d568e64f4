/* roadmap_header.h: cells compared by their letters, and a table's header cells mapped to the template's columns. */
/* SPDX-License-Identifier: Apache-2.0 */
#ifndef LSD_ROADMAP_HEADER_H
#define LSD_ROADMAP_HEADER_H

#include <stddef.h>

/*
 * What the byte at s (n bytes left) counts as when cells are compared: 0 for a Unicode space, the
 * plain lower-case letter of a Latin-1 accented one, else the byte in lower case. *len: bytes read.
 */
int rm_fold(const char *s, size_t n, size_t *len);

/* Letters and digits of s[0..n), folded, '&' as "and", "(…)" dropped: how cells are compared. Owned. */
char *rm_key(const char *s, size_t n);

/* The template column a header cell names, or -1 (blank, prose, or a column the template lacks). */
int rm_header_name(const char *cell);

/* Maps cells to template columns (map[i] or -1), each column once. Returns how many columns were found. */
int rm_header_map(char *const *cells, size_t n, int *map);

/*
 * Maps cells to template columns by meaning: map[i] is the column of cell i or -1. 1 when the
 * cells form a template header (a title and at least two other columns), 0 otherwise.
 */
int rm_header_match(char *const *cells, size_t n, int *map);

#endif
