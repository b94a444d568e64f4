/* ctl_table.c: liaisonctl's tables as aligned text (UTF-8 aware) or as CSV (RFC 4180, OWASP CSV injection). */
/* SPDX-License-Identifier: Apache-2.0 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl_table.h"
#include "csv_out.h"

struct ctl_table {
	const struct ctl_col *cols;
	size_t ncols;
	char **cells; /* owned, row after row */
	size_t n, cap;
};

int
ctl_format_parse(const char *s, enum ctl_format *out)
{
	static const char *const names[] = {"text", "csv", "json"};

	for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++)
		if (s && strcmp(s, names[i]) == 0) {
			*out = (enum ctl_format)i;
			return 0;
		}
	return -1;
}

struct ctl_table *
ctl_table_new(const struct ctl_col *cols, size_t ncols)
{
	struct ctl_table *t = xcalloc(1, sizeof(*t));

	t->cols = cols;
	t->ncols = ncols;
	return t;
}

void
ctl_table_free(struct ctl_table *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->n; i++)
		free(t->cells[i]);
	free(t->cells);
	free(t);
}

void
ctl_table_add(struct ctl_table *t, const char *cell)
{
	if (t->n == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 64;
		t->cells = xrealloc(t->cells, t->cap * sizeof(*t->cells));
	}
	t->cells[t->n++] = xstrdup(cell ? cell : "");
}

void
ctl_table_addf(struct ctl_table *t, const char *fmt, ...)
{
	struct buf b = {0};
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	ctl_table_add(t, buf_str(&b));
	buf_free(&b);
}

size_t
ctl_table_rows(const struct ctl_table *t)
{
	return t->ncols ? (t->n + t->ncols - 1) / t->ncols : 0;
}

/* One UTF-8 sequence at s: its code point, or U+FFFD for a byte that starts none. Returns its length. */
static size_t
utf8_next(const unsigned char *s, unsigned *cp)
{
	size_t len = s[0] < 0x80    ? 1
	    : (s[0] & 0xe0) == 0xc0 ? 2
	    : (s[0] & 0xf0) == 0xe0 ? 3
	    : (s[0] & 0xf8) == 0xf0 ? 4
	                            : 0;
	unsigned v = len == 1 ? s[0] : len == 2 ? s[0] & 0x1fu : len == 3 ? s[0] & 0x0fu : s[0] & 0x07u;

	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80) {
			len = 0;
			break;
		}
		v = (v << 6) | (s[i] & 0x3fu);
	}
	/* Overlong forms, surrogates and values past U+10FFFF are not text either. */
	if (len == 0 || (len == 2 && v < 0x80) || (len == 3 && v < 0x800) || (len == 4 && v < 0x10000) ||
	    (v >= 0xd800 && v <= 0xdfff) || v > 0x10ffff) {
		*cp = 0xfffd;
		return 1;
	}
	*cp = v;
	return len;
}

/* Columns a code point takes: an approximation of wcwidth() that needs no locale. */
static size_t
cp_width(unsigned cp)
{
	if ((cp >= 0x300 && cp <= 0x36f) || (cp >= 0x1ab0 && cp <= 0x1aff) || (cp >= 0x20d0 && cp <= 0x20ff) ||
	    (cp >= 0x200b && cp <= 0x200f) || (cp >= 0xfe00 && cp <= 0xfe0f) || cp == 0xfeff)
		return 0;
	if ((cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf && cp != 0x303f) ||
	    (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xfe30 && cp <= 0xfe4f) ||
	    (cp >= 0xff00 && cp <= 0xff60) || (cp >= 0xffe0 && cp <= 0xffe6) || (cp >= 0x1f300 && cp <= 0x1faff) ||
	    (cp >= 0x20000 && cp <= 0x3fffd))
		return 2;
	return 1;
}

size_t
ctl_text_width(const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	size_t w = 0;
	unsigned cp;

	while (*p) {
		p += utf8_next(p, &cp);
		w += cp_width(cp);
	}
	return w;
}

/* C0, DEL and C1 controls (terminal escapes), and the bidirectional overrides that reorder what is shown. */
static int
unsafe_cp(unsigned cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || (cp >= 0x202a && cp <= 0x202e) ||
	    (cp >= 0x2066 && cp <= 0x2069);
}

char *
ctl_text_clean(const char *s, int keep_newlines)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	struct buf b = {0};
	unsigned cp;
	size_t len;

	while (*p) {
		len = utf8_next(p, &cp);
		if (cp == '\n' && keep_newlines)
			buf_addc(&b, '\n');
		else if (unsafe_cp(cp))
			buf_addc(&b, ' ');
		else if (cp == 0xfffd && len == 1)
			buf_adds(&b, "\xef\xbf\xbd");
		else
			buf_add(&b, p, len);
		p += len;
	}
	return buf_steal(&b);
}

/* A cleaned cell cut to max columns (0: any), ending in "…" when cut. Owned. */
static char *
cell_text(const char *s, size_t max)
{
	char *c = ctl_text_clean(s, 0), *cut;
	const unsigned char *p = (const unsigned char *)c;
	size_t w = 0, len;
	unsigned cp;

	if (!max || ctl_text_width(c) <= max)
		return c;
	while (*p) {
		len = utf8_next(p, &cp);
		if (w + cp_width(cp) > max - 1)
			break;
		w += cp_width(cp);
		p += len;
	}
	cut = xasprintf("%.*s\xe2\x80\xa6", (int)((const char *)p - c), c);
	free(c);
	return cut;
}

static void
pad(struct buf *b, size_t n)
{
	while (n--)
		buf_addc(b, ' ');
}

/* One line of the text form: cells[i] for each column shown, widths from widths[]. */
static void
text_line(const struct ctl_table *t, char **cells, const size_t *widths, struct buf *out)
{
	size_t last = 0;

	for (size_t c = 0; c < t->ncols; c++)
		if (!(t->cols[c].flags & CTL_COL_CSV_ONLY))
			last = c;
	for (size_t c = 0, first = 1; c < t->ncols; c++) {
		size_t w;
		if (t->cols[c].flags & CTL_COL_CSV_ONLY)
			continue;
		if (!first)
			buf_adds(out, "  ");
		first = 0;
		w = ctl_text_width(cells[c]);
		if (t->cols[c].flags & CTL_COL_RIGHT)
			pad(out, widths[c] - w);
		buf_adds(out, cells[c]);
		if (!(t->cols[c].flags & CTL_COL_RIGHT) && c != last)
			pad(out, widths[c] - w);
	}
	buf_addc(out, '\n');
}

void
ctl_table_text(const struct ctl_table *t, struct buf *out)
{
	size_t rows = ctl_table_rows(t), *widths = xcalloc(t->ncols + 1, sizeof(*widths));
	char **cells = xcalloc(t->n + t->ncols + 1, sizeof(*cells)); /* the header, then every cell */

	for (size_t c = 0; c < t->ncols; c++) {
		cells[c] = xstrdup(t->cols[c].name);
		for (char *p = cells[c]; *p; p++)
			if (*p >= 'a' && *p <= 'z')
				*p = (char)(*p - 'a' + 'A');
	}
	for (size_t i = 0; i < rows * t->ncols; i++)
		cells[t->ncols + i] = cell_text(i < t->n ? t->cells[i] : "", t->cols[i % t->ncols].max);
	for (size_t i = 0; i < (rows + 1) * t->ncols; i++) {
		size_t w = ctl_text_width(cells[i]);
		if (w > widths[i % t->ncols])
			widths[i % t->ncols] = w;
	}
	for (size_t r = 0; r <= rows; r++)
		text_line(t, cells + r * t->ncols, widths, out);
	for (size_t i = 0; i < (rows + 1) * t->ncols; i++)
		free(cells[i]);
	free(cells);
	free(widths);
}

void
ctl_table_csv(const struct ctl_table *t, struct buf *out)
{
	size_t rows = ctl_table_rows(t);

	for (size_t c = 0; c < t->ncols; c++) {
		if (c)
			buf_addc(out, ',');
		csv_cell(out, t->cols[c].name);
	}
	buf_adds(out, "\r\n");
	for (size_t i = 0; i < rows * t->ncols; i++) {
		if (i % t->ncols)
			buf_addc(out, ',');
		csv_cell(out, i < t->n ? t->cells[i] : "");
		if (i % t->ncols == t->ncols - 1)
			buf_adds(out, "\r\n");
	}
}

int
ctl_table_print(const struct ctl_table *t, enum ctl_format f)
{
	struct buf b = {0};
	int rc = 0;

	if (f == CTL_FORMAT_CSV)
		ctl_table_csv(t, &b);
	else
		ctl_table_text(t, &b);
	if (fwrite(buf_str(&b), 1, b.len, stdout) != b.len || fflush(stdout) != 0) {
		if (errno != EPIPE) /* `| head` has read enough: not worth a message */
			perror("liaisonctl: stdout");
		rc = -1;
	}
	buf_free(&b);
	return rc;
}
