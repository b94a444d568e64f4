/* roadmap.c: finds the JCA-MV roadmap template in a document's tables or text and reads its rows. */
/* SPDX-License-Identifier: Apache-2.0 */
#include "roadmap.h"
#include "roadmap_header.h"
#include "roadmap_table.h"
#include "roadmap_text.h"

#include <stdlib.h>
#include <string.h>

const char *const rm_col_names[RM_NCOLS] = {"sdo", "reference", "type", "title", "status", "category", "summary"};

/* Where each table's rows start and end among the blocks, found in one pass. */
struct span {
	size_t first, last;
};

/* A line between the parts of a split table: blank, or saying the table goes on ("(continued)", "cont'd"). */
static int
continued_line(const char *s)
{
	char *low;
	int yes;

	if (str_empty(s))
		return 1;
	if (strlen(s) > 60)
		return 0;
	low = xstrdup(s);
	str_lower(low);
	yes = strstr(low, "continu") || strstr(low, "cont'd") || strstr(low, "cont.");
	free(low);
	return yes;
}

/*
 * A table split in two, by a page break or a "Table 1 (continued)" line, goes on under the
 * header of the part before it: the next table, with nothing but such lines between, no
 * header of its own and rows of as many cells as that header.
 */
static int
continues_table(const struct doc *doc, const struct rm_table *t, const struct span *prev, const struct span *cur)
{
	const struct doc_block *b = &doc->blocks[cur->first];
	int *m, header;

	/* Three lines at most: an empty paragraph or two and the "(continued)". */
	if (!t->map || b->ncells != t->nmap || cur->first <= prev->last || cur->first - prev->last > 4)
		return 0;
	for (size_t i = prev->last + 1; i < cur->first; i++) {
		const struct doc_block *p = &doc->blocks[i];
		if (p->table >= 0 || !continued_line(p->ncells ? p->cells[0] : NULL))
			return 0;
	}
	m = xcalloc(b->ncells ? b->ncells : 1, sizeof(int));
	header = rm_header_match(b->cells, b->ncells, m);
	free(m);
	return !header;
}

/* Table rows: the header is the first row that reads as one; every later row of the table is data. */
size_t
roadmap_extract(const struct doc *doc, struct rm_rows *out)
{
	struct rm_table t = {0};
	struct span *sp;
	size_t added = 0;

	if (!doc || !out)
		return 0;
	sp = xcalloc(doc->ntables > 0 ? (size_t)doc->ntables : 1, sizeof(*sp));
	for (size_t i = 0; i < doc->nblocks; i++) {
		int tb = doc->blocks[i].table;
		if (tb < 0 || tb >= doc->ntables)
			continue;
		if (sp[tb].last == 0)
			sp[tb].first = i;
		sp[tb].last = i + 1; /* one past, so that 0 means "no rows" */
	}
	for (int tb = 0; tb < doc->ntables; tb++) {
		struct span cur = {sp[tb].first, sp[tb].last ? sp[tb].last - 1 : 0}, prev = {0, 0};
		if (!sp[tb].last)
			continue;
		if (tb > 0 && sp[tb - 1].last)
			prev.last = sp[tb - 1].last - 1;
		if (!(tb > 0 && sp[tb - 1].last && continues_table(doc, &t, &prev, &cur)))
			rm_table_reset(&t);
		for (size_t i = cur.first; i <= cur.last; i++)
			if (doc->blocks[i].table == tb)
				added += rm_table_row(&t, doc->blocks[i].cells, doc->blocks[i].ncells, out);
	}
	rm_table_reset(&t);
	free(sp);
	added += rm_from_text(doc, out);
	return added;
}

void
rm_rows_free(struct rm_rows *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->n; i++)
		for (int c = 0; c < RM_NCOLS; c++)
			free(r->v[i].f[c]);
	free(r->v);
	r->v = NULL;
	r->n = r->cap = 0;
	strv_free(&r->warnings);
}
