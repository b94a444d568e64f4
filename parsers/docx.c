/* docx.c: paragraphs and tables out of a WordprocessingML main part (ECMA-376 part 1 §17), streamed. */
/* SPDX-License-Identifier: Apache-2.0 */
#include "docx.h"
#include "ooxml.h"

#include <stdlib.h>
#include <string.h>

/* Word itself stops at 63 columns; a larger span is hostile and would multiply the cell text. */
#define DOCX_MAX_SPAN 64

/* One open table; nested tables stack up and flatten into their parent's cell. */
struct dtable {
	int id;           /* doc table id (outermost table only) */
	struct strv row;  /* cells of the open row, one per grid column */
	struct strv prev; /* the previous row, for w:vMerge continuation */
	struct buf cell;  /* text of the open cell */
	int in_row, in_cell;
	unsigned span;
	int vcont;
};

struct docx {
	struct xout *o;       /* borrowed */
	struct ooxml_part *p; /* borrowed */
	struct dtable *tabs;  /* owned stack */
	size_t ntabs, captabs;
	struct buf para; /* the open paragraph's text */
	int para_depth;  /* w:p nested through text boxes */
	int in_t;
	struct buf *saved; /* owned: outer paragraphs around text boxes */
	int *saved_depth;
	size_t nsaved;
};

static int
is(const char *name, const char *want)
{
	return !strcmp(name, want);
}

static struct dtable *
top(struct docx *x)
{
	return x->ntabs ? &x->tabs[x->ntabs - 1] : NULL;
}

static void
dtable_free(struct dtable *t)
{
	strv_free(&t->row);
	strv_free(&t->prev);
	buf_free(&t->cell);
}

static unsigned
attr_uint(xmlTextReaderPtr r, const char *local, unsigned dflt, unsigned max)
{
	char *v = ooxml_attr(r, local);
	long n;
	unsigned rc = dflt;

	if (v && parse_long(v, 0, (long)max, &n) == 0)
		rc = (unsigned)n;
	free(v);
	return rc;
}

/* A finished paragraph goes to the open cell (joined by '\n') or becomes a document paragraph. */
static int
flush_para(struct docx *x)
{
	struct dtable *t = top(x);
	int rc = 0;

	if (str_empty(buf_str(&x->para)))
		goto out;
	if (t && t->in_cell) {
		if (t->cell.len)
			buf_addc(&t->cell, '\n');
		buf_add(&t->cell, x->para.s, x->para.len);
		rc = xout_account(x->o, x->para.len);
	} else {
		rc = xout_para(x->o, buf_str(&x->para));
	}
out:
	buf_reset(&x->para);
	return rc;
}

static int
end_row(struct docx *x)
{
	struct dtable *t = top(x), *parent = x->ntabs > 1 ? &x->tabs[x->ntabs - 2] : NULL;
	struct strv tmp;
	int rc;

	if (!t || !t->in_row)
		return 0;
	if ((rc = xout_table_row(x->o, t->id, &t->row, parent ? &parent->cell : NULL, parent && parent->in_cell)) < 0)
		return rc;
	tmp = t->prev;
	t->prev = t->row;
	t->row = tmp;
	strv_free(&t->row);
	t->in_row = 0;
	return rc;
}

static int
end_cell(struct docx *x)
{
	struct dtable *t = top(x);
	const char *text;
	int rc = 0;

	if (!t || !t->in_cell)
		return 0;
	if ((rc = flush_para(x)) < 0)
		return rc;
	text = buf_str(&t->cell);
	/* A continued vertical merge shows the value of the cell above, in the same grid column. */
	if (t->vcont && t->row.n < t->prev.n)
		text = t->prev.v[t->row.n];
	for (unsigned i = 0; i < t->span && rc == 0; i++) {
		strv_push(&t->row, text);
		rc = xout_account(x->o, strlen(text) + 16);
	}
	buf_reset(&t->cell);
	t->in_cell = 0;
	return rc;
}

static int
on_end(struct docx *x, const char *n)
{
	struct dtable *t = top(x);

	if (is(n, "t")) {
		x->in_t = 0;
	} else if (is(n, "p")) {
		if (x->para_depth > 0 && --x->para_depth > 0)
			return 0;
		return flush_para(x);
	} else if (is(n, "tc")) {
		return end_cell(x);
	} else if (is(n, "tr")) {
		if (t && t->in_cell && end_cell(x) < 0)
			return -1;
		return end_row(x);
	} else if (is(n, "tbl") && t) {
		if (end_cell(x) < 0 || end_row(x) < 0)
			return -1;
		dtable_free(t);
		x->ntabs--;
	} else if (is(n, "txbxContent") && x->nsaved > 0) {
		/* Back to the paragraph that anchors the text box. */
		if (flush_para(x) < 0)
			return -1;
		x->nsaved--;
		buf_free(&x->para);
		x->para = x->saved[x->nsaved];
		x->para_depth = x->saved_depth[x->nsaved];
	}
	return 0;
}

static int
on_start(struct docx *x, const char *n)
{
	xmlTextReaderPtr r = x->p->r;
	struct dtable *t = top(x);
	unsigned k;

	if (is(n, "t")) {
		x->in_t = 1;
	} else if (is(n, "p")) {
		if (x->para_depth++ == 0)
			buf_reset(&x->para);
	} else if (is(n, "tab") || is(n, "ptab")) {
		buf_addc(&x->para, '\t');
	} else if (is(n, "br") || is(n, "cr")) {
		buf_addc(&x->para, '\n');
	} else if (is(n, "noBreakHyphen")) {
		buf_addc(&x->para, '-');
	} else if (is(n, "tbl")) {
		if (x->ntabs == x->captabs) {
			x->captabs = x->captabs ? x->captabs * 2 : 4;
			x->tabs = xrealloc(x->tabs, x->captabs * sizeof(*x->tabs));
		}
		t = &x->tabs[x->ntabs++];
		memset(t, 0, sizeof(*t));
		t->id = x->ntabs == 1 ? doc_table_begin(x->o->doc) : -1;
	} else if (is(n, "tr") && t) {
		if (t->in_row && end_row(x) < 0)
			return -1;
		t->in_row = 1;
	} else if (is(n, "gridBefore") && t && t->in_row && !t->in_cell) {
		k = attr_uint(r, "val", 0, DOCX_MAX_SPAN);
		while (k-- > 0)
			strv_push(&t->row, "");
	} else if (is(n, "tc") && t) {
		if (t->in_cell && end_cell(x) < 0)
			return -1;
		t->in_row = 1;
		t->in_cell = 1;
		t->span = 1;
		t->vcont = 0;
		buf_reset(&t->cell);
	} else if (is(n, "gridSpan") && t && t->in_cell) {
		t->span = attr_uint(r, "val", 1, DOCX_MAX_SPAN);
		if (t->span == 0)
			t->span = 1;
	} else if (is(n, "vMerge") && t && t->in_cell) {
		char *v = ooxml_attr(r, "val");

		t->vcont = !v || !strcmp(v, "continue");
		free(v);
	} else if (is(n, "txbxContent")) {
		/* A text box's paragraphs sit inside another paragraph: set the outer one aside. */
		x->saved = xrealloc(x->saved, (x->nsaved + 1) * sizeof(*x->saved));
		x->saved_depth = xrealloc(x->saved_depth, (x->nsaved + 1) * sizeof(*x->saved_depth));
		x->saved[x->nsaved] = x->para;
		x->saved_depth[x->nsaved] = x->para_depth;
		x->nsaved++;
		memset(&x->para, 0, sizeof(x->para));
		x->para_depth = 0;
	}
	return 0;
}

/* Deleted text, field codes, and formatting (whose w:tab are tab stops, not tabs) hold no document text. */
static int
skipped(const char *n)
{
	static const char *const names[] = {
	    "del",
	    "moveFrom",
	    "instrText",
	    "delInstrText",
	    "pPr",
	    "rPr",
	    "Fallback",
	    "sectPr",
	    "tblGrid",
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (is(n, names[i]))
			return 1;
	return 0;
}

static int
walk(struct docx *x)
{
	xmlTextReaderPtr r = x->p->r;
	const char *n;
	int rc, type, root = 1;

	rc = ooxml_part_next(x->p);
	while (rc > 0) {
		type = xmlTextReaderNodeType(r);
		n = (const char *)xmlTextReaderConstLocalName(r);
		if (type == XML_READER_TYPE_ELEMENT && root) {
			/* The package's main part could be a workbook or a presentation. */
			if (!n || !is(n, "document"))
				return xout_fail(x->o, "not a .docx: %s is a <%s>", x->p->name, n ? n : "?");
			root = 0;
		}
		if (type == XML_READER_TYPE_ELEMENT && n && skipped(n) && !xmlTextReaderIsEmptyElement(r)) {
			rc = ooxml_part_skip(x->p);
			continue;
		}
		if (type == XML_READER_TYPE_ELEMENT && n) {
			if (on_start(x, n) < 0)
				return -1;
			if (xmlTextReaderIsEmptyElement(r) && on_end(x, n) < 0)
				return -1;
		} else if (type == XML_READER_TYPE_END_ELEMENT && n) {
			if (on_end(x, n) < 0)
				return -1;
		} else if (x->in_t &&
		    (type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA ||
		        type == XML_READER_TYPE_WHITESPACE || type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE)) {
			buf_adds(&x->para, (const char *)xmlTextReaderConstValue(r));
		}
		rc = ooxml_part_next(x->p);
	}
	return rc;
}

/* The main part is whatever the package's officeDocument relationship names, word/document.xml by default. */
static char *
main_part(struct ooxml *ox)
{
	struct ooxml_rels rels;
	const char *t;
	char *name = NULL;

	if (ooxml_rels_read(ox, "", &rels) == 0 && (t = ooxml_rels_by_type(&rels, "/officeDocument")) &&
	    ooxml_exists(ox, t))
		name = xstrdup(t);
	ooxml_rels_free(&rels);
	/* A damaged _rels/.rels is not fatal: Word itself falls back to the conventional name. */
	free(ox->o->err);
	ox->o->err = NULL;
	return name ? name : xstrdup("word/document.xml");
}

int
docx_extract(const void *data, size_t len, const struct extract_limits *lim, struct doc **out, char **err)
{
	struct xout o;
	struct ooxml ox = {0};
	struct docx x = {0};
	char *name = NULL;
	int rc = -1, r;

	xout_init(&o, lim);
	if (out)
		*out = NULL;
	if (err)
		*err = NULL;
	x.o = &o;
	if (xout_input(&o, "docx", len) < 0 || ooxml_open(&ox, &o, data, len) < 0)
		goto out;
	name = main_part(&ox);
	if (o.err)
		goto out;
	if ((r = ooxml_part_open(&ox, name, &x.p)) != 0) {
		if (r > 0)
			xout_fail(&o, "not a .docx: no %s", name);
		goto out;
	}
	if (walk(&x) < 0)
		goto out;
	rc = 0;
out:
	while (x.ntabs > 0)
		dtable_free(&x.tabs[--x.ntabs]);
	free(x.tabs);
	while (x.nsaved > 0)
		buf_free(&x.saved[--x.nsaved]);
	free(x.saved);
	free(x.saved_depth);
	buf_free(&x.para);
	ooxml_part_close(x.p);
	ooxml_close(&ox);
	free(name);
	return xout_finish(&o, rc, out, err);
}
