/* roadmap_docx.c: the roadmap as a Word document an editor starts from: summary, one table per category, annex. */
/* SPDX-License-Identifier: Apache-2.0 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "docx_out.h"
#include "rm_counts.h"
#include "roadmap_docx.h"

#define TITLE "Metaverse Standardization Roadmap"

static void
title_page(struct docx *d, const struct rm_entries *e, const struct rm_counts *c, const struct rp_sources *src,
    const char *today)
{
	struct strv docs = {0};
	char line[160];

	for (size_t i = 0; src && i < src->n; i++)
		strv_push_unique(&docs, src->v[i].number);
	docx_para(d, DOCX_TITLE, TITLE);
	docx_para(d, DOCX_SUBTITLE, "ITU-T Joint Coordination Activity on Metaverse Standardization (JCA-MV)");
	snprintf(line, sizeof(line), "Date: %s", today);
	docx_para(d, DOCX_NORMAL, line);
	snprintf(line, sizeof(line), "Entries: %zu", e ? e->n : 0);
	docx_para(d, DOCX_NORMAL, line);
	snprintf(line, sizeof(line), "Standards bodies: %zu; categories: %zu; input documents: %zu", c->nbodies,
	    c->ngroups, docs.n);
	docx_para(d, DOCX_NORMAL, line);
	docx_para(d, DOCX_NORMAL,
	    "Draft compiled by the JCA-MV secretariat from the roadmap inputs received (template of Annex 1). "
	    "Each entry shows the newest information its body has sent; the annex lists the input documents.");
	docx_page_break(d);
	strv_free(&docs);
}

/* Categories down, statuses across, totals on the right. */
static void
summary_matrix(struct docx *d, const struct rm_counts *c)
{
	size_t ncols = c->nstatuses + 2 > 30 ? 30 : c->nstatuses + 2, ns = ncols - 2;
	const char **cells = xcalloc(ncols, sizeof(*cells));
	char(*num)[24] = xcalloc(ncols, sizeof(*num));

	cells[0] = "Category";
	for (size_t s = 0; s < ns; s++)
		cells[s + 1] = c->statuses[s].name;
	cells[ncols - 1] = "Total";
	docx_para(d, DOCX_CAPTION, "Table 1 – Entries by category and status");
	docx_table_begin(d, (int)ncols, NULL, cells);
	for (size_t g = 0; g < c->ngroups; g++) {
		cells[0] = c->groups[g].name;
		for (size_t s = 0; s < ns; s++) {
			snprintf(num[s + 1], sizeof(num[0]), "%zu", c->matrix[g * c->nstatuses + s]);
			cells[s + 1] = num[s + 1];
		}
		snprintf(num[ncols - 1], sizeof(num[0]), "%zu", c->groups[g].n);
		cells[ncols - 1] = num[ncols - 1];
		docx_table_row(d, cells);
	}
	cells[0] = "Total";
	for (size_t s = 0; s < ns; s++) {
		snprintf(num[s + 1], sizeof(num[0]), "%zu", c->statuses[s].n);
		cells[s + 1] = num[s + 1];
	}
	snprintf(num[ncols - 1], sizeof(num[0]), "%zu", c->total);
	cells[ncols - 1] = num[ncols - 1];
	docx_table_row(d, cells);
	docx_table_end(d);
	free(cells);
	free(num);
}

static void
summary(struct docx *d, const struct rm_counts *c)
{
	static const int w[] = {3, 1};
	const char *head[] = {"Standards body", "Entries"};

	docx_para(d, DOCX_HEADING1, "Summary");
	summary_matrix(d, c);
	docx_para(d, DOCX_CAPTION, "Table 2 – Entries per standards body");
	docx_table_begin(d, 2, w, head);
	for (size_t b = 0; b < c->nbodies; b++) {
		char n[24];
		const char *row[2] = {c->bodies[b].name, n};
		snprintf(n, sizeof(n), "%zu", c->bodies[b].n);
		docx_table_row(d, row);
	}
	docx_table_end(d);
}

/* One section per category group: body, reference, type, title, status, summary. */
static void
sections(struct docx *d, const struct rm_entries *e)
{
	static const int w[] = {3, 3, 3, 6, 3, 8};
	const char *head[] = {"SDO / Org.", "Reference", "Type", "Title", "Status", "Summary"};
	int clause = 1;

	for (size_t i = 0; e && i < e->n;) {
		size_t j = i;
		char *h;
		while (j < e->n && strcmp(e->v[j].group, e->v[i].group) == 0)
			j++;
		h = xasprintf("%d\t%s", clause++, e->v[i].group);
		docx_para(d, DOCX_HEADING1, h);
		free(h);
		docx_table_begin(d, 6, w, head);
		for (; i < j; i++) {
			const struct rm_row *r = &e->v[i].row;
			const char *row[6] = {e->v[i].body, r->f[RM_REF], r->f[RM_TYPE], r->f[RM_TITLE],
			    r->f[RM_STATUS], r->f[RM_SUMMARY]};
			docx_table_row(d, row);
		}
		docx_table_end(d);
	}
}

/* Every entry with the input documents it came from, oldest first. */
static void
annex(struct docx *d, const struct rm_entries *e, const struct rp_sources *src)
{
	static const int w[] = {3, 6, 3, 3, 2};
	const char *head[] = {"Entry", "Title", "Document", "Body", "Date"};

	docx_page_break(d);
	docx_para(d, DOCX_HEADING1, "Annex – Input documents");
	docx_para(d, DOCX_NORMAL, "The input documents each entry came from, by the secretariat's document number.");
	docx_table_begin(d, 5, w, head);
	for (size_t i = 0; e && i < e->n; i++) {
		const struct rm_entry *x = &e->v[i];
		const struct rp_source *s = rp_source_find(src, x->id, 0);
		char *entry = xasprintf("%s %s", x->body, *x->row.f[RM_REF] ? x->row.f[RM_REF] : "");
		size_t k = s ? (size_t)(s - src->v) : 0;
		/* the entry's first source: rp_source_find gives its last; walk back to the first */
		while (s && k > 0 && src->v[k - 1].entry_id == x->id)
			k--;
		for (; s && k < src->n && src->v[k].entry_id == x->id; k++) {
			char date[11];
			const char *row[5] = {entry, x->row.f[RM_TITLE], src->v[k].number, src->v[k].body, date};
			iso_date(src->v[k].date, date);
			docx_table_row(d, row);
		}
		if (!s) {
			const char *row[5] = {entry, x->row.f[RM_TITLE], "", x->body, ""};
			docx_table_row(d, row);
		}
		free(entry);
	}
	docx_table_end(d);
}

int
roadmap_docx(struct buf *out, const struct rm_entries *e, const struct rp_sources *src, const char *today, char **err)
{
	struct docx *d = docx_new(TITLE, 1);
	struct rm_counts c = {0};
	int rc;

	rm_counts_build(&c, e);
	title_page(d, e, &c, src, today);
	summary(d, &c);
	sections(d, e);
	annex(d, e, src);
	rc = docx_finish(d, out, err);
	rm_counts_free(&c);
	docx_free(d);
	return rc;
}
