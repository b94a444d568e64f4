/* odt.c: paragraphs and tables out of an OpenDocument text's content.xml (ISO/IEC 26300 §5, §9), streamed through
 * the same zip and XML limits as the OOXML extractors. */
/* SPDX-License-Identifier: Apache-2.0 */
#include "odt.h"
#include "ooxml.h"

#include <stdlib.h>
#include <string.h>

/* Repeated and spanned columns are capped: a spreadsheet-like table repeats its last empty column 1000 times. */
#define ODT_MAX_REPEAT 64

/* One open table; nested tables flatten into their parent's cell. */
struct otable {
	int id;           /* doc table id (outermost table only) */
	struct strv row;  /* cells of the open row */
	struct strv prev; /* the previous row, for cells covered by a vertical merge */
	struct buf cell;  /* text of the open cell */
	int in_cell;
	unsigned repeat, spanleft;
};

struct odt {
	struct xout *o;       /* borrowed */
	struct ooxml_part *p; /* borrowed */
	struct otable *tabs;  /* owned stack */
	size_t ntabs, captabs;
	struct buf para; /* the open paragraph or heading */
	int pdepth;      /* text:p and text:h nested through frames */
};

static int
is(const char *name, const char *want)
{
	return !strcmp(name, want);
}

static struct otable *
top(struct odt *x)
{
	return x->ntabs ? &x->tabs[x->ntabs - 1] : NULL;
}

static unsigned
attr_uint(xmlTextReaderPtr r, const char *local, unsigned dflt)
{
	char *v = ooxml_attr(r, local);
	long n;
	unsigned rc = dflt;

	if (v && parse_long(v, 1, 1000000, &n) == 0)
		rc = n > ODT_MAX_REPEAT ? ODT_MAX_REPEAT : (unsigned)n;
	free(v);
	return rc;
}

/* A finished paragraph goes to the open cell (joined by '\n') or becomes a document paragraph. */
static int
flush_para(struct odt *x)
{
	struct otable *t = top(x);
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
push_cells(struct odt *x, struct otable *t, const char *text, unsigned n)
{
	int rc = 0;

	for (unsigned i = 0; i < n && rc == 0; i++) {
		strv_push(&t->row, text);
		rc = xout_account(x->o, strlen(text) + 16);
	}
	return rc;
}

/* A cell covered by a merge shows the merged value: its left neighbour's in a row span, else the one above. */
static int
covered_cell(struct odt *x, struct otable *t, unsigned n)
{
	const char *text = "";
	char *copy;
	int rc;

	if (t->spanleft > 0 && t->row.n > 0) {
		text = t->row.v[t->row.n - 1];
		t->spanleft = t->spanleft > n ? t->spanleft - n : 0;
	} else if (t->row.n < t->prev.n) {
		text = t->prev.v[t->row.n];
	}
	/* text may point into t->row, which push_cells() grows: copy it first. */
	copy = xstrdup(text);
	rc = push_cells(x, t, copy, n);
	free(copy);
	return rc;
}

static int
end_row(struct odt *x)
{
	struct otable *t = top(x), *parent = x->ntabs > 1 ? &x->tabs[x->ntabs - 2] : NULL;
	struct strv tmp;
	int rc;

	if ((rc = xout_table_row(x->o, t->id, &t->row, parent ? &parent->cell : NULL, parent && parent->in_cell)) < 0)
		return rc;
	tmp = t->prev;
	t->prev = t->row;
	t->row = tmp;
	strv_free(&t->row);
	return 0;
}

static void
otable_free(struct otable *t)
{
	strv_free(&t->row);
	strv_free(&t->prev);
	buf_free(&t->cell);
}

static int
on_end(struct odt *x, const char *n)
{
	struct otable *t = top(x);
	int rc;

	if (is(n, "p") || is(n, "h")) {
		if (x->pdepth > 0 && --x->pdepth > 0)
			return 0;
		return flush_para(x);
	}
	if (!t)
		return 0;
	if (is(n, "table-cell") && t->in_cell) {
		if ((rc = flush_para(x)) < 0 || (rc = push_cells(x, t, buf_str(&t->cell), t->repeat)) < 0)
			return rc;
		buf_reset(&t->cell);
		t->in_cell = 0;
	} else if (is(n, "table-row")) {
		return end_row(x);
	} else if (is(n, "table")) {
		otable_free(t);
		x->ntabs--;
	}
	return 0;
}

static int
on_start(struct odt *x, const char *n)
{
	xmlTextReaderPtr r = x->p->r;
	struct otable *t = top(x);
	unsigned k;

	if (is(n, "p") || is(n, "h")) {
		if (x->pdepth++ == 0)
			buf_reset(&x->para);
		else
			buf_addc(&x->para, '\n'); /* a frame's paragraph inside a paragraph */
	} else if (is(n, "s") && x->pdepth > 0) {
		for (k = attr_uint(r, "c", 1); k > 0; k--)
			buf_addc(&x->para, ' ');
	} else if (is(n, "tab") && x->pdepth > 0) {
		buf_addc(&x->para, '\t');
	} else if (is(n, "line-break") && x->pdepth > 0) {
		buf_addc(&x->para, '\n');
	} else if (is(n, "table")) {
		if (x->ntabs == x->captabs) {
			x->captabs = x->captabs ? x->captabs * 2 : 4;
			x->tabs = xrealloc(x->tabs, x->captabs * sizeof(*x->tabs));
		}
		t = &x->tabs[x->ntabs++];
		memset(t, 0, sizeof(*t));
		t->id = x->ntabs == 1 ? doc_table_begin(x->o->doc) : -1;
	} else if (is(n, "table-row") && t) {
		strv_free(&t->row);
		t->spanleft = 0;
	} else if (is(n, "table-cell") && t) {
		t->in_cell = 1;
		t->repeat = attr_uint(r, "number-columns-repeated", 1);
		t->spanleft = attr_uint(r, "number-columns-spanned", 1) - 1;
		buf_reset(&t->cell);
	} else if (is(n, "covered-table-cell") && t) {
		return covered_cell(x, t, attr_uint(r, "number-columns-repeated", 1));
	}
	return 0;
}

/* Tracked deletions, comments, notes and declarations hold no text of the document's own. */
static int
skipped(const char *n)
{
	static const char *const names[] = {
	    "tracked-changes",
	    "annotation",
	    "note",
	    "sequence-decls",
	    "variable-decls",
	    "user-field-decls",
	    "table-of-content-source",
	    "automatic-styles",
	    "font-face-decls",
	    "scripts",
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (is(n, names[i]))
			return 1;
	return 0;
}

static void
add_text(struct odt *x, const char *s)
{
	/* Line ends in the XML are white space; <text:line-break/> is the document's own. */
	for (; *s; s++)
		buf_addc(&x->para, (*s == '\n' || *s == '\r' || *s == '\t') ? ' ' : *s);
}

static int
walk(struct odt *x)
{
	xmlTextReaderPtr r = x->p->r;
	const char *n;
	int rc, type, root = 1;

	rc = ooxml_part_next(x->p);
	while (rc > 0) {
		type = xmlTextReaderNodeType(r);
		n = (const char *)xmlTextReaderConstLocalName(r);
		if (type == XML_READER_TYPE_ELEMENT && root) {
			if (!n || !is(n, "document-content"))
				return xout_fail(x->o, "not an .odt: %s is a <%s>", x->p->name, n ? n : "?");
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
		} else if (x->pdepth > 0 &&
		    (type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA ||
		        type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE)) {
			add_text(x, (const char *)xmlTextReaderConstValue(r));
		}
		rc = ooxml_part_next(x->p);
	}
	return rc;
}

int
odt_extract(const void *data, size_t len, const struct extract_limits *lim, struct doc **out, char **err)
{
	struct xout o;
	struct ooxml ox = {0};
	struct odt x = {0};
	int rc = -1, r;

	xout_init(&o, lim);
	if (out)
		*out = NULL;
	if (err)
		*err = NULL;
	x.o = &o;
	if (xout_input(&o, "odt", len) < 0 || ooxml_open(&ox, &o, data, len) < 0)
		goto out;
	if ((r = ooxml_part_open(&ox, "content.xml", &x.p)) != 0) {
		if (r > 0)
			xout_fail(&o, "not an .odt: no content.xml");
		goto out;
	}
	if (walk(&x) < 0 || flush_para(&x) < 0)
		goto out;
	rc = 0;
out:
	while (x.ntabs > 0)
		otable_free(&x.tabs[--x.ntabs]);
	free(x.tabs);
	buf_free(&x.para);
	ooxml_part_close(x.p);
	ooxml_close(&ox);
	return xout_finish(&o, rc, out, err);
}
