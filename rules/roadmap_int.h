/* roadmap_int.h: what roadmap.c (headers, rows) and roadmap_text.c (tables written as text) share. */
#ifndef LSD_ROADMAP_INT_H
#define LSD_ROADMAP_INT_H

#include "roadmap.h"

/* Reading one table, row after row: before its header, under it, and what earlier rows left behind. */
struct rm_table {
	int *map;       /* owned: template column of each header cell, or -1; NULL until the header is found */
	size_t nmap;    /* cells in the header */
	size_t rowno;   /* data rows read so far, for warnings */
	char *last_sdo; /* owned: the SDO of the last row kept, for rows that leave it to a merged cell */
	char *group;    /* owned: the category a heading row spanning the table gave the rows under it, or NULL */
};

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

/*
 * Feeds one row of a table: the first row that reads as a header becomes the header, a row of
 * header names right under it completes it (a header over two rows), every later row is data.
 * Returns the number of rows added to out (0 or 1).
 */
size_t rm_table_row(struct rm_table *t, char *const *cells, size_t n, struct rm_rows *out);

/* Forgets the header and what the rows left behind, for the next table. Accepts NULL. */
void rm_table_reset(struct rm_table *t);

/* Template rows in tables written as text (TAB, '|' or space-aligned columns); rows added. */
size_t rm_from_text(const struct doc *doc, struct rm_rows *out);

#endif
