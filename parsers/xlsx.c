/* xlsx.c: every worksheet of a SpreadsheetML workbook as a table (ECMA-376 part 1 §18), streamed. */
/* SPDX-License-Identifier: Apache-2.0 */
#include "xlsx.h"
#include "ooxml.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define XLSX_MAX_COL 16384 /* XFD */
#define XLSX_MAX_ROW 1048576

/* A non-empty cell; text is an index into the sheet's string pool (merges share it). */
struct xcell {
	uint32_t row, col; /* 0-based */
	uint32_t seq;      /* order of appearance: the sheet's own cell beats a merge copy */
	size_t text;
};

struct sheet {
	struct xcell *cells; /* owned */
	size_t n, cap;
	struct strv pool;   /* owned cell texts */
	struct strv merges; /* owned "A1:C3" refs */
};

static int
is(const xmlChar *name, const char *want)
{
	return name && !strcmp((const char *)name, want);
}

static int
is_text(int type)
{
	return type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA || type == XML_READER_TYPE_WHITESPACE ||
	    type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE;
}

/* "C5" → col 2, row 4. Returns -1 when not a cell reference inside the sheet's bounds. */
static int
parse_ref(const char *s, uint32_t *row, uint32_t *col)
{
	uint32_t c = 0, r = 0;
	int nl = 0, nd = 0;

	while (*s == '$')
		s++;
	for (; *s >= 'A' && *s <= 'Z' && nl < 4; s++, nl++)
		c = c * 26 + (uint32_t)(*s - 'A' + 1);
	while (*s == '$')
		s++;
	for (; *s >= '0' && *s <= '9' && nd < 8; s++, nd++)
		r = r * 10 + (uint32_t)(*s - '0');
	if (nl == 0 || nd == 0 || *s || c > XLSX_MAX_COL || r == 0 || r > XLSX_MAX_ROW)
		return -1;
	*row = r - 1;
	*col = c - 1;
	return 0;
}

static int
add_cell(struct xout *o, struct sheet *sh, uint32_t row, uint32_t col, size_t text)
{
	if (xout_account(o, sizeof(struct xcell)) < 0)
		return -1;
	if (sh->n == sh->cap) {
		sh->cap = sh->cap ? sh->cap * 2 : 64;
		sh->cells = xrealloc(sh->cells, sh->cap * sizeof(*sh->cells));
	}
	sh->cells[sh->n].row = row;
	sh->cells[sh->n].col = col;
	sh->cells[sh->n].seq = (uint32_t)sh->n;
	sh->cells[sh->n].text = text;
	sh->n++;
	return 0;
}

static int
cmp_cell(const void *a, const void *b)
{
	const struct xcell *x = a, *y = b;

	if (x->row != y->row)
		return x->row < y->row ? -1 : 1;
	if (x->col != y->col)
		return x->col < y->col ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Shared strings (§18.4.9): one <si> each, the text of all its runs, phonetic guides (rPh) left out. */
static int
read_shared(struct ooxml *ox, const char *name, struct strv *ss)
{
	struct ooxml_part *p = NULL;
	struct buf b = {0};
	int r, in_si = 0, in_t = 0, type;
	const xmlChar *n;

	if ((r = ooxml_part_open(ox, name, &p)) != 0)
		return r > 0 ? 0 : -1;
	while ((r = ooxml_part_next(p)) > 0) {
		type = xmlTextReaderNodeType(p->r);
		n = xmlTextReaderConstLocalName(p->r);
		if (type == XML_READER_TYPE_ELEMENT && is(n, "rPh") && !xmlTextReaderIsEmptyElement(p->r)) {
			if ((r = ooxml_part_skip(p)) <= 0)
				break;
			type = xmlTextReaderNodeType(p->r);
			n = xmlTextReaderConstLocalName(p->r);
		}
		if (type == XML_READER_TYPE_ELEMENT && is(n, "si")) {
			buf_reset(&b);
			in_si = 1;
			if (xmlTextReaderIsEmptyElement(p->r)) {
				strv_push(ss, "");
				in_si = 0;
			}
		} else if (type == XML_READER_TYPE_ELEMENT && is(n, "t")) {
			in_t = !xmlTextReaderIsEmptyElement(p->r);
		} else if (type == XML_READER_TYPE_END_ELEMENT && is(n, "t")) {
			in_t = 0;
		} else if (type == XML_READER_TYPE_END_ELEMENT && is(n, "si") && in_si) {
			strv_push(ss, buf_str(&b));
			in_si = 0;
			if (xout_account(ox->o, b.len + 16) < 0) {
				r = -1;
				break;
			}
		} else if (in_si && in_t && is_text(type)) {
			buf_adds(&b, (const char *)xmlTextReaderConstValue(p->r));
		}
	}
	ooxml_part_close(p);
	buf_free(&b);
	return r < 0 ? -1 : 0;
}

/* Number formats that show a date (§18.8.30): built-in ids, and custom codes with a day or year in them. */
enum { XF_NUMBER = 0, XF_DATE = 1, XF_DATETIME = 2 };

static int
builtin_date(long id)
{
	if (id == 22)
		return XF_DATETIME;
	return (id >= 14 && id <= 17) || (id >= 27 && id <= 36) || (id >= 50 && id <= 58) ? XF_DATE : XF_NUMBER;
}

static int
code_date(const char *code)
{
	int date = 0, time = 0, quoted = 0, bracket = 0;

	for (const char *c = code; c && *c; c++) {
		if (*c == '"')
			quoted = !quoted;
		else if (quoted)
			continue;
		else if (*c == '\\' && c[1])
			c++;
		else if (*c == '[')
			bracket = 1;
		else if (*c == ']')
			bracket = 0;
		else if (!bracket && strchr("dDyY", *c))
			date = 1;
		else if (!bracket && strchr("hHsS", *c))
			time = 1;
	}
	return date ? (time ? XF_DATETIME : XF_DATE) : XF_NUMBER;
}

/* The kind of each cell format (<cellXfs><xf>, by index), so date serials can be shown as dates. */
static int
read_styles(struct ooxml *ox, const char *name, struct buf *xf)
{
	struct ooxml_part *p = NULL;
	struct strv ids = {0}, kinds = {0}; /* custom numFmtId -> XF_ kind, as decimal strings */
	int r, in_xfs = 0;

	if ((r = ooxml_part_open(ox, name, &p)) != 0)
		return r > 0 ? 0 : -1;
	while ((r = ooxml_part_next(p)) > 0) {
		int type = xmlTextReaderNodeType(p->r);
		const xmlChar *n = xmlTextReaderConstLocalName(p->r);
		if (type == XML_READER_TYPE_ELEMENT && is(n, "numFmt")) {
			char *id = ooxml_attr(p->r, "numFmtId"), *code = ooxml_attr(p->r, "formatCode");
			if (id && ids.n < 1000) {
				strv_push(&ids, id);
				strv_pushf(&kinds, "%d", code_date(code));
			}
			free(id);
			free(code);
		} else if (type == XML_READER_TYPE_ELEMENT && is(n, "cellXfs")) {
			in_xfs = !xmlTextReaderIsEmptyElement(p->r);
		} else if (type == XML_READER_TYPE_END_ELEMENT && is(n, "cellXfs")) {
			in_xfs = 0;
		} else if (type == XML_READER_TYPE_ELEMENT && in_xfs && is(n, "xf") && xf->len < 65536) {
			char *id = ooxml_attr(p->r, "numFmtId");
			long k = 0;
			int kind = XF_NUMBER;
			if (id && parse_long(id, 0, 100000, &k) == 0) {
				kind = builtin_date(k);
				for (size_t i = 0; i < ids.n; i++)
					if (strcmp(ids.v[i], id) == 0)
						kind = kinds.v[i][0] - '0';
			}
			buf_addc(xf, (char)kind);
			free(id);
		}
	}
	ooxml_part_close(p);
	strv_free(&ids);
	strv_free(&kinds);
	return r < 0 ? -1 : 0;
}

/* An Excel serial day (1900 system, with its phantom 29 February 1900) as "YYYY-MM-DD[ HH:MM]". */
static int
serial_date(const char *v, int kind, char *out, size_t outlen)
{
	char *end;
	double d = strtod(v, &end);
	long long days, secs;
	time_t t;
	struct tm tm;

	if (end == v || *end || d < 1 || d > 2958465) /* 9999-12-31 */
		return 0;
	days = (long long)d;
	secs = (long long)((d - (double)days) * 86400.0 + 0.5);
	/* Serials before 1 March 1900 count from 31 December 1899; later ones skip the day that never was. */
	t = (time_t)(((days < 61 ? days + 1 : days) - 25569) * 86400LL + secs);
	gmtime_r(&t, &tm);
	strftime(out, outlen, kind == XF_DATETIME && secs ? "%Y-%m-%d %H:%M" : "%Y-%m-%d", &tm);
	return 1;
}

/* The value a <c> shows, from its type (§18.18.11) and its <v> or inline string. */
static const char *
cell_value(const char *t, const char *v, const char *is_text_val, const struct strv *ss)
{
	long k;

	if (t && !strcmp(t, "inlineStr"))
		return is_text_val;
	if (t && !strcmp(t, "s"))
		return parse_long(v, 0, (long)ss->n - 1, &k) == 0 && ss->n ? ss->v[k] : "";
	if (t && !strcmp(t, "b"))
		return !strcmp(v, "1") ? "TRUE" : !strcmp(v, "0") ? "FALSE" : v;
	return *v ? v : is_text_val; /* n, str (formula text), e (#N/A), d (ISO date) */
}

/* Where read_sheet() is in a worksheet: the position of the last row and cell, and the open <c>. */
struct sheet_reader {
	struct ooxml *ox;      /* borrowed */
	const struct strv *ss; /* borrowed: shared strings */
	const struct buf *xf;  /* borrowed: XF_* kind of each cell style */
	struct sheet *sh;      /* borrowed: where cells go */
	struct buf v, ist;     /* the open cell's <v>, and its inline string's <t> */
	char *t, *style;       /* owned: the open cell's type and style attributes, or NULL */
	uint32_t row, col, nextrow, nextcol;
	int in_c, in_v, in_is, in_t;
};

/* <row r="5">: rows without r="" follow the previous one. */
static void
sheet_row(struct sheet_reader *sr, xmlTextReaderPtr r)
{
	char *ref = ooxml_attr(r, "r");
	long k;

	sr->row = ref && parse_long(ref, 1, XLSX_MAX_ROW, &k) == 0 ? (uint32_t)k - 1 : sr->nextrow;
	sr->nextrow = sr->row + 1;
	sr->nextcol = 0;
	free(ref);
}

/* <c r="C5" t="s" s="3">: a cell without r="" follows the previous one. */
static void
sheet_cell_open(struct sheet_reader *sr, xmlTextReaderPtr r)
{
	char *ref = ooxml_attr(r, "r");

	free(sr->t);
	free(sr->style);
	sr->t = ooxml_attr(r, "t");
	sr->style = ooxml_attr(r, "s");
	if (!ref || parse_ref(ref, &sr->row, &sr->col) < 0) {
		sr->row = sr->nextrow ? sr->nextrow - 1 : 0;
		sr->col = sr->nextcol;
	}
	sr->nextrow = sr->row + 1;
	sr->nextcol = sr->col + 1;
	buf_reset(&sr->v);
	buf_reset(&sr->ist);
	sr->in_c = !xmlTextReaderIsEmptyElement(r);
	free(ref);
}

/* </c>: the cell's value, kept when not empty. 0 ok, -1 past a limit. */
static int
sheet_cell_close(struct sheet_reader *sr)
{
	const char *val = cell_value(sr->t, buf_str(&sr->v), buf_str(&sr->ist), sr->ss);
	char date[24];
	long k;

	sr->in_c = 0;
	/* A number in a date format is a date to the reader of the sheet: show it as one. */
	if ((!sr->t || !strcmp(sr->t, "n")) && sr->style && parse_long(sr->style, 0, (long)sr->xf->len - 1, &k) == 0 &&
	    sr->xf->s[k] != XF_NUMBER && serial_date(val, sr->xf->s[k], date, sizeof(date)))
		val = date;
	if (!*val || sr->col >= XLSX_MAX_COL)
		return 0;
	strv_push(&sr->sh->pool, val);
	if (xout_account(sr->ox->o, strlen(val) + 16) < 0 ||
	    add_cell(sr->ox->o, sr->sh, sr->row, sr->col, sr->sh->pool.n - 1) < 0)
		return -1;
	return 0;
}

static int
read_sheet(struct ooxml *ox, const char *name, const struct strv *ss, const struct buf *xf, struct sheet *sh)
{
	struct sheet_reader sr = {.ox = ox, .ss = ss, .xf = xf, .sh = sh};
	struct ooxml_part *p = NULL;
	int r, type;
	const xmlChar *n;

	if ((r = ooxml_part_open(ox, name, &p)) != 0)
		return r > 0 ? 0 : -1; /* a dangling relationship: nothing to show */
	while ((r = ooxml_part_next(p)) > 0) {
		type = xmlTextReaderNodeType(p->r);
		n = xmlTextReaderConstLocalName(p->r);
		if (type == XML_READER_TYPE_ELEMENT && (is(n, "f") || is(n, "rPh") || is(n, "extLst")) &&
		    !xmlTextReaderIsEmptyElement(p->r)) {
			if ((r = ooxml_part_skip(p)) <= 0)
				break;
			type = xmlTextReaderNodeType(p->r);
			n = xmlTextReaderConstLocalName(p->r);
		}
		if (type == XML_READER_TYPE_ELEMENT && is(n, "row")) {
			sheet_row(&sr, p->r);
		} else if (type == XML_READER_TYPE_ELEMENT && is(n, "c")) {
			sheet_cell_open(&sr, p->r);
		} else if (type == XML_READER_TYPE_END_ELEMENT && is(n, "c") && sr.in_c) {
			if (sheet_cell_close(&sr) < 0) {
				r = -1;
				break;
			}
		} else if (type == XML_READER_TYPE_ELEMENT && sr.in_c && (is(n, "v") || is(n, "is") || is(n, "t"))) {
			if (!xmlTextReaderIsEmptyElement(p->r)) {
				sr.in_v |= is(n, "v");
				sr.in_is |= is(n, "is");
				sr.in_t |= is(n, "t");
			}
		} else if (type == XML_READER_TYPE_END_ELEMENT && (is(n, "v") || is(n, "is") || is(n, "t"))) {
			sr.in_v &= !is(n, "v");
			sr.in_is &= !is(n, "is");
			sr.in_t &= !is(n, "t");
		} else if (type == XML_READER_TYPE_ELEMENT && is(n, "mergeCell")) {
			char *m = ooxml_attr(p->r, "ref");

			if (m)
				strv_push_owned(&sh->merges, m);
		} else if (sr.in_c && is_text(type)) {
			if (sr.in_v)
				buf_adds(&sr.v, (const char *)xmlTextReaderConstValue(p->r));
			else if (sr.in_is && sr.in_t)
				buf_adds(&sr.ist, (const char *)xmlTextReaderConstValue(p->r));
		}
	}
	ooxml_part_close(p);
	buf_free(&sr.v);
	buf_free(&sr.ist);
	free(sr.t);
	free(sr.style);
	return r < 0 ? -1 : 0;
}

/* Copies the top-left value of each merged range (§18.3.1.55) into the rest, clipped to the used area. */
static int
apply_merges(struct xout *o, struct sheet *sh)
{
	uint32_t maxrow = 0, maxcol = 0, r1, c1, r2, c2;
	size_t orig = sh->n, text;
	char *colon;
	int found;

	if (sh->n == 0 || sh->merges.n == 0)
		return 0;
	qsort(sh->cells, sh->n, sizeof(*sh->cells), cmp_cell);
	for (size_t i = 0; i < sh->n; i++) {
		maxrow = sh->cells[i].row > maxrow ? sh->cells[i].row : maxrow;
		maxcol = sh->cells[i].col > maxcol ? sh->cells[i].col : maxcol;
	}
	for (size_t m = 0; m < sh->merges.n; m++) {
		if (!(colon = strchr(sh->merges.v[m], ':')))
			continue;
		*colon = '\0';
		if (parse_ref(sh->merges.v[m], &r1, &c1) < 0 || parse_ref(colon + 1, &r2, &c2) < 0 || r1 > r2 ||
		    c1 > c2)
			continue;
		/* Only the sheet's own cells (sorted, the first orig) can be a top-left. */
		found = 0;
		text = 0;
		for (size_t lo = 0, hi = orig; lo < hi;) {
			size_t mid = lo + (hi - lo) / 2;
			const struct xcell *c = &sh->cells[mid];

			if (c->row == r1 && c->col == c1) {
				found = 1;
				text = c->text;
				break;
			}
			if (c->row < r1 || (c->row == r1 && c->col < c1))
				lo = mid + 1;
			else
				hi = mid;
		}
		if (!found)
			continue;
		/* Clipping keeps a hostile A1:XFD1048576 from costing more than the cells the sheet has. */
		r2 = r2 > maxrow ? maxrow : r2;
		c2 = c2 > maxcol ? maxcol : c2;
		for (uint32_t r = r1; r <= r2; r++)
			for (uint32_t c = c1; c <= c2; c++) {
				if (r == r1 && c == c1)
					continue;
				if (xout_tick(o) < 0 || add_cell(o, sh, r, c, text) < 0)
					return -1;
			}
	}
	return 0;
}

/* One table a sheet: each row with a value, gaps before a value filled with empty cells. */
static int
emit_sheet(struct xout *o, struct sheet *sh)
{
	int table;
	uint32_t col = 0;

	if (sh->n == 0)
		return 0;
	qsort(sh->cells, sh->n, sizeof(*sh->cells), cmp_cell);
	table = doc_table_begin(o->doc);
	for (size_t i = 0; i < sh->n; i++) {
		struct xcell *c = &sh->cells[i];

		if (i > 0 && c->row == sh->cells[i - 1].row && c->col == sh->cells[i - 1].col)
			continue; /* a merge copy over the sheet's own cell */
		if (i == 0 || c->row != sh->cells[i - 1].row) {
			if (xout_row(o, table) < 0)
				return -1;
			col = 0;
		}
		for (; col < c->col; col++)
			if (xout_cell(o, "") < 0)
				return -1;
		if (xout_cell(o, sh->pool.v[c->text]) < 0)
			return -1;
		col = c->col + 1;
	}
	return 0;
}

static void
sheet_free(struct sheet *sh)
{
	free(sh->cells);
	strv_free(&sh->pool);
	strv_free(&sh->merges);
	memset(sh, 0, sizeof(*sh));
}

/* Sheet part names in workbook order (§18.2.20), through the workbook's relationships. */
static int
sheet_names(struct ooxml *ox, const char *wb, const struct ooxml_rels *rels, struct strv *names)
{
	struct ooxml_part *p = NULL;
	const char *target;
	char *id;
	int r, root = 1;

	if ((r = ooxml_part_open(ox, wb, &p)) != 0)
		return r > 0 ? 0 : -1;
	while ((r = ooxml_part_next(p)) > 0) {
		if (xmlTextReaderNodeType(p->r) != XML_READER_TYPE_ELEMENT)
			continue;
		if (root && !is(xmlTextReaderConstLocalName(p->r), "workbook")) {
			const xmlChar *n = xmlTextReaderConstLocalName(p->r);

			/* The package's main part could be a word-processing document. */
			r = xout_fail(ox->o, "not a .xlsx: %s is a <%s>", wb, n ? (const char *)n : "?");
			break;
		}
		root = 0;
		if (!is(xmlTextReaderConstLocalName(p->r), "sheet"))
			continue;
		id = ooxml_attr(p->r, "id");
		if (id && (target = ooxml_rels_by_id(rels, id)))
			strv_push_unique(names, target);
		free(id);
	}
	ooxml_part_close(p);
	return r < 0 ? -1 : 0;
}

int
xlsx_extract(const void *data, size_t len, const struct extract_limits *lim, struct doc **out, char **err)
{
	struct xout o;
	struct ooxml ox = {0};
	struct ooxml_rels root = {0}, wbrels = {0};
	struct strv ss = {0}, names = {0};
	struct sheet sh = {0};
	const char *wb = NULL, *sst, *sty;
	struct buf xf = {0}; /* one XF_ kind a cell format */
	char *wbname = NULL;
	int rc = -1;

	xout_init(&o, lim);
	if (out)
		*out = NULL;
	if (err)
		*err = NULL;
	if (xout_input(&o, "xlsx", len) < 0 || ooxml_open(&ox, &o, data, len) < 0)
		goto out;
	if (ooxml_rels_read(&ox, "", &root) == 0)
		wb = ooxml_rels_by_type(&root, "/officeDocument");
	/* A damaged _rels/.rels is not fatal: fall back to the conventional name. */
	free(o.err);
	o.err = NULL;
	wbname = xstrdup(wb && ooxml_exists(&ox, wb) ? wb : "xl/workbook.xml");
	if (!ooxml_exists(&ox, wbname)) {
		xout_fail(&o, "not a .xlsx: no %s", wbname);
		goto out;
	}
	if (ooxml_rels_read(&ox, wbname, &wbrels) < 0 || sheet_names(&ox, wbname, &wbrels, &names) < 0)
		goto out;
	if (names.n == 0 && ooxml_exists(&ox, "xl/worksheets/sheet1.xml"))
		strv_push(&names, "xl/worksheets/sheet1.xml");
	sst = ooxml_rels_by_type(&wbrels, "/sharedStrings");
	if (read_shared(&ox, sst ? sst : "xl/sharedStrings.xml", &ss) < 0)
		goto out;
	sty = ooxml_rels_by_type(&wbrels, "/styles");
	if (read_styles(&ox, sty ? sty : "xl/styles.xml", &xf) < 0)
		goto out;
	for (size_t i = 0; i < names.n; i++) {
		if (read_sheet(&ox, names.v[i], &ss, &xf, &sh) < 0 || apply_merges(&o, &sh) < 0 ||
		    emit_sheet(&o, &sh) < 0)
			goto out;
		sheet_free(&sh);
	}
	rc = 0;
out:
	sheet_free(&sh);
	strv_free(&ss);
	buf_free(&xf);
	strv_free(&names);
	ooxml_rels_free(&root);
	ooxml_rels_free(&wbrels);
	ooxml_close(&ox);
	free(wbname);
	return xout_finish(&o, rc, out, err);
}
