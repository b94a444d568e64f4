/* roadmap_table.h: one table of the roadmap template, fed row after row. */
/* SPDX-License-Identifier: Apache-2.0 */
#ifndef LSD_ROADMAP_TABLE_H
#define LSD_ROADMAP_TABLE_H

#include <stddef.h>
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
 * Feeds one row of a table: the first row that reads as a header becomes the header, a row of
 * header names right under it completes it (a header over two rows), every later row is data.
 * Returns the number of rows added to out (0 or 1).
 */
size_t rm_table_row(struct rm_table *t, char *const *cells, size_t n, struct rm_rows *out);

/* Forgets the header and what the rows left behind, for the next table. Accepts NULL. */
void rm_table_reset(struct rm_table *t);

#endif
