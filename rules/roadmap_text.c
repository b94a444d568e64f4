/* roadmap_text.c: roadmap template tables written as text: TAB-separated, Markdown pipes, or aligned columns. */
/* SPDX-License-Identifier: Apache-2.0 */
#include "roadmap_text.h"
#include "roadmap_table.h"

#include <stdlib.h>
#include <string.h>

/* Lines a hard-wrapped TAB row may take after its first: seven cells of a long summary at most. */
#define RM_MAX_WRAP 32

enum split { SPLIT_NONE, SPLIT_TAB, SPLIT_PIPE, SPLIT_SPACES };

/* A rule under a header: |---|:---:| in markdown, ----  ---- or ==== in plain text. */
static int
is_rule(const char *s)
{
	int dash = 0;

	for (; *s; s++) {
		if (*s == '-' || *s == '=')
			dash = 1;
		else if (!strchr("|:+ \t", *s))
			return 0;
	}
	return dash;
}

/* Cells of one text line; with their byte offsets, so that space-aligned rows can follow the header. */
static void
split_line(const char *line, enum split how, struct strv *cells, size_t **off)
{
	const char *p = line;
	struct buf cell = {0};
	size_t start = 0;

	strv_free(cells);
	*off = NULL;
	if (how == SPLIT_TAB) {
		for (;; p++) {
			if (*p == '\t' || !*p) {
				strv_push_owned(cells, xstrndup(line + start, (size_t)(p - line) - start));
				start = (size_t)(p - line) + 1;
				if (!*p)
					break;
			}
		}
	} else if (how == SPLIT_PIPE) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '|')
			p++;
		for (;; p++) {
			if (*p == '\\' && p[1] == '|') {
				buf_addc(&cell, '|');
				p++;
			} else if (*p == '|' || !*p) {
				if (*p || !str_empty(buf_str(&cell)))
					strv_push_owned(cells, buf_steal(&cell));
				if (!*p)
					break;
			} else
				buf_addc(&cell, *p);
		}
	} else {
		size_t *o = NULL, n = 0;
		while (*p) {
			while (*p == ' ')
				p++;
			if (!*p)
				break;
			const char *s = p;
			while (*p && !(p[0] == ' ' && (p[1] == ' ' || !p[1])))
				p++;
			strv_push_owned(cells, xstrndup(s, (size_t)(p - s)));
			o = xrealloc(o, (n + 1) * sizeof(*o));
			o[n++] = (size_t)(s - line);
		}
		*off = o;
	}
	buf_free(&cell);
}

static enum split
split_kind(const char *line)
{
	if (strchr(line, '\t'))
		return SPLIT_TAB;
	if (strchr(line, '|'))
		return SPLIT_PIPE;
	if (strstr(line, "  "))
		return SPLIT_SPACES;
	return SPLIT_NONE;
}

/*
 * Space-aligned rows may leave cells empty, which the split cannot see: each piece goes
 * to the header column it starts under (give or take a space), pieces in one column joined.
 */
static void
align_to_header(struct strv *cells, const size_t *off, const size_t *hoff, size_t nh)
{
	struct strv out = {0};
	char **joined = xcalloc(nh ? nh : 1, sizeof(char *));

	for (size_t i = 0; i < cells->n; i++) {
		size_t col = 0;
		for (size_t h = 0; h < nh; h++)
			if (hoff[h] <= off[i] + 1)
				col = h;
		if (joined[col]) {
			char *j = xasprintf("%s %s", joined[col], cells->v[i]);
			free(joined[col]);
			joined[col] = j;
		} else
			joined[col] = xstrdup(cells->v[i]);
	}
	for (size_t h = 0; h < nh; h++)
		strv_push_owned(&out, joined[h] ? joined[h] : xstrdup(""));
	free(joined);
	strv_free(cells);
	*cells = out;
}

/* A quoted reply's "> " markers are not part of the table it quotes. */
static const char *
unquote(const char *s)
{
	while (*s == '>') {
		s++;
		if (*s == ' ')
			s++;
	}
	return s;
}

/*
 * A line of a space-aligned table with nothing under the SDO and reference columns carries on
 * the row above: a long title or summary wrapped onto the next line to keep the columns.
 */
static int
continues(const struct rm_table *t, const struct strv *cells)
{
	int keyed = 0;

	for (size_t i = 0; i < t->nmap && i < cells->n; i++) {
		if (t->map[i] != RM_SDO && t->map[i] != RM_REF)
			continue;
		keyed = 1;
		if (!str_empty(cells->v[i]))
			return 0;
	}
	return keyed;
}

static void
join_cells(struct strv *row, const struct strv *more)
{
	for (size_t i = 0; i < more->n && i < row->n; i++) {
		char *j;
		if (str_empty(more->v[i]))
			continue;
		j = str_empty(row->v[i]) ? xstrdup(more->v[i]) : xasprintf("%s\n%s", row->v[i], more->v[i]);
		free(row->v[i]);
		row->v[i] = j;
	}
}

/* Hands a row held back for its continuation lines to the table. Rows added. */
static size_t
flush(struct rm_table *t, struct strv *row, struct rm_rows *out)
{
	size_t n = row->n ? rm_table_row(t, row->v, row->n, out) : 0;

	strv_free(row);
	return n;
}

/* Characters of s, a TAB as one: how a mailer measures a line it wraps. */
static size_t
text_width(const char *s)
{
	size_t w = 0;

	for (; *s; s++)
		w += ((unsigned char)*s & 0xc0) != 0x80;
	return w;
}

/*
 * Outlook and other mailers hard-wrap a pasted TAB row at 72 to 78 columns, at a space: the next
 * line carries on the row's last cell and the cells after it. It does when the row's last line
 * is no wider than a wrapped line, the continuation's first word (up to a space: TABs do not
 * break) would have overflowed it, and the cells joined still fit under the header.
 */
static int
wrapped(const struct strv *held, size_t nh, size_t lastw, const char *line)
{
	size_t ntab = 0, word = strcspn(line, " ");

	if (!held->n || str_empty(line) || *line == '\t' || *line == ' ')
		return 0;
	for (const char *p = line; *p; p++)
		ntab += *p == '\t';
	return held->n + ntab <= nh && lastw <= 78 && lastw + 1 + word > 68;
}

static void
join_wrapped(struct strv *held, const char *line)
{
	struct strv more = {0};
	size_t *off = NULL;
	char *j;

	split_line(line, SPLIT_TAB, &more, &off);
	j = xasprintf("%s %s", held->v[held->n - 1], more.v[0]);
	free(held->v[held->n - 1]);
	held->v[held->n - 1] = j;
	for (size_t i = 1; i < more.n; i++)
		strv_push(held, more.v[i]);
	strv_free(&more);
	free(off);
}

/* Text tables in consecutive paragraphs, cells split on TAB, '|' or runs of spaces. */
size_t
rm_from_text(const struct doc *doc, struct rm_rows *out)
{
	struct strv cells = {0}, held = {0}; /* held: an aligned or TAB row, until its continuation lines are read */
	struct rm_table t = {0};
	size_t *off = NULL, *hoff = NULL, nh = 0, added = 0;
	size_t lastw = 0, nwrap = 0; /* the width of the last TAB line; the lines joined to the held row */
	enum split how = SPLIT_NONE;

	for (size_t i = 0; i < doc->nblocks; i++) {
		const struct doc_block *b = &doc->blocks[i];
		const char *line = b->table < 0 && b->ncells > 0 && b->cells[0] ? unquote(b->cells[0]) : NULL;
		enum split k = line ? split_kind(line) : SPLIT_NONE;

		free(off);
		off = NULL;
		/* A row wrapped over more lines than a few cells fill is not a wrap: joining is bounded. */
		if (t.map && how == SPLIT_TAB && nwrap < RM_MAX_WRAP && wrapped(&held, nh, lastw, line)) {
			join_wrapped(&held, line);
			lastw = text_width(line);
			nwrap++;
			continue;
		}
		lastw = line && k == SPLIT_TAB ? text_width(line) : 0;
		nwrap = 0;
		/* Blank lines between rows do not end a table, prose does; but a space-aligned table
		 * ends at a blank line, as the prose after it may well have two spaces in a row. */
		if (t.map && str_empty(line) && how != SPLIT_SPACES)
			continue;
		if (t.map && k == how && is_rule(line))
			continue;
		if (t.map && (k != how || str_empty(line))) {
			added += flush(&t, &held, out);
			rm_table_reset(&t);
			free(hoff);
			hoff = NULL;
			how = SPLIT_NONE;
		}
		if (k == SPLIT_NONE)
			continue;
		split_line(line, k, &cells, &off);
		if (!t.map) {
			if (cells.n >= 3 && rm_table_row(&t, cells.v, cells.n, out) == 0 && t.map) {
				nh = cells.n;
				how = k;
				hoff = off;
				off = NULL;
			}
			continue;
		}
		if (how == SPLIT_PIPE) {
			added += rm_table_row(&t, cells.v, cells.n, out);
			continue;
		}
		if (off)
			align_to_header(&cells, off, hoff, nh);
		if (how == SPLIT_SPACES && held.n && continues(&t, &cells)) {
			join_cells(&held, &cells);
			continue;
		}
		added += flush(&t, &held, out);
		held = cells;
		memset(&cells, 0, sizeof(cells));
	}
	added += flush(&t, &held, out);
	free(off);
	free(hoff);
	rm_table_reset(&t);
	strv_free(&cells);
	return added;
}
