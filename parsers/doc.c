/* doc.c: the block model every extractor fills (paragraphs and table rows). */
/* SPDX-License-Identifier: Apache-2.0 */
#include "doc.h"

#include <stdlib.h>
#include <string.h>

struct doc *
doc_new(void)
{
	return xcalloc(1, sizeof(struct doc));
}

void
doc_free(struct doc *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->nblocks; i++) {
		for (size_t j = 0; j < d->blocks[i].ncells; j++)
			free(d->blocks[i].cells[j]);
		free(d->blocks[i].cells);
	}
	free(d->blocks);
	strv_free(&d->warnings);
	free(d);
}

static struct doc_block *
add_block(struct doc *d, int table)
{
	struct doc_block *b;

	if (d->nblocks == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 32;
		d->blocks = xrealloc(d->blocks, d->cap * sizeof(*d->blocks));
	}
	b = &d->blocks[d->nblocks++];
	b->table = table;
	b->ncells = 0;
	b->cells = NULL;
	return b;
}

static void
add_cell(struct doc_block *b, const char *text)
{
	b->cells = xrealloc(b->cells, (b->ncells + 1) * sizeof(*b->cells));
	b->cells[b->ncells++] = xstrdup(text ? text : "");
}

void
doc_add_para(struct doc *d, const char *text)
{
	if (!text)
		return;
	add_cell(add_block(d, -1), text);
}

int
doc_table_begin(struct doc *d)
{
	return d->ntables++;
}

void
doc_row_begin(struct doc *d, int table)
{
	add_block(d, table);
}

void
doc_row_cell(struct doc *d, const char *text)
{
	if (d->nblocks == 0 || d->blocks[d->nblocks - 1].table < 0)
		doc_row_begin(d, doc_table_begin(d));
	add_cell(&d->blocks[d->nblocks - 1], text);
}

void
doc_warn(struct doc *d, const char *fmt, ...)
{
	struct buf b = {0};
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	strv_push_owned(&d->warnings, buf_steal(&b));
}

char *
doc_text(const struct doc *d)
{
	struct buf b = {0};

	for (size_t i = 0; d && i < d->nblocks; i++) {
		for (size_t j = 0; j < d->blocks[i].ncells; j++) {
			if (j)
				buf_addc(&b, '\t');
			buf_adds(&b, d->blocks[i].cells[j]);
		}
		buf_addc(&b, '\n');
	}
	return buf_steal(&b);
}

void
doc_add_lines(struct doc *d, const char *text, size_t len)
{
	size_t i = 0, start = 0;
	char *line;

	while (i <= len) {
		if (i == len || text[i] == '\n' || text[i] == '\r') {
			line = xstrndup(text + start, i - start);
			doc_add_para(d, line);
			free(line);
			if (i < len && text[i] == '\r' && i + 1 < len && text[i + 1] == '\n')
				i++;
			start = i + 1;
			if (i == len)
				break;
		}
		i++;
	}
}

void
doc_append(struct doc *dst, const struct doc *src)
{
	int base = dst->ntables;

	for (size_t i = 0; src && i < src->nblocks; i++) {
		const struct doc_block *sb = &src->blocks[i];
		struct doc_block *b = add_block(dst, sb->table < 0 ? -1 : sb->table + base);
		for (size_t j = 0; j < sb->ncells; j++)
			add_cell(b, sb->cells[j]);
	}
	if (src)
		dst->ntables += src->ntables;
}
