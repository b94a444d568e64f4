/* doc.h: a document reduced to ordered paragraphs and table rows, the one shape every extractor produces. */
/* SPDX-License-Identifier: Apache-2.0 */
#ifndef LSD_DOC_H
#define LSD_DOC_H

#include <stddef.h>
#include "util.h"

/*
 * A block is a paragraph (table == -1, one cell) or one row of a table (table >= 0).
 * Several paragraphs inside one cell are joined with '\n'. A merged cell is repeated
 * in each column it spans, so row cells stay aligned with the header. Text is UTF-8.
 */
struct doc_block {
	int table; /* -1 for a paragraph */
	size_t ncells;
	char **cells; /* owned */
};

struct doc {
	struct doc_block *blocks; /* owned */
	size_t nblocks;
	size_t cap;
	int ntables;
	struct strv warnings; /* problems met while extracting (limits hit, damaged parts) */
};

struct doc *doc_new(void);
void doc_free(struct doc *d); /* accepts NULL */

void doc_add_para(struct doc *d, const char *text); /* copies; skipped when NULL */
int doc_table_begin(struct doc *d);                 /* returns the new table's id */
void doc_row_begin(struct doc *d, int table);       /* appends an empty row block */
void doc_row_cell(struct doc *d, const char *text); /* appends a cell (copied) to the last row */
void doc_warn(struct doc *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Plain text in one string: one paragraph a line, a row's cells joined by '\t'. Owned. */
char *doc_text(const struct doc *d);

/* Split text into paragraph blocks, one a line (CRLF, CR or LF). */
void doc_add_lines(struct doc *d, const char *text, size_t len);

/* Append every block of src to dst (tables renumbered); src is left unchanged. */
void doc_append(struct doc *dst, const struct doc *src);

#endif
