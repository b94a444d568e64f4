/* html.c: paragraphs and tables out of HTML (libxml2's HTML 4 parser, tolerant), for mail bodies and .htm attachments.
 */
/* SPDX-License-Identifier: Apache-2.0 */
#include "html.h"
#include "xout.h"

#include <stdlib.h>
#include <string.h>
#include <glib.h>
#include <libxml/HTMLparser.h>

/* HTML allows colspan up to 1000; anything past that is hostile. */
#define HTML_MAX_SPAN 1000

/* A row-spanning cell still owed to the rows below, per column. */
struct rowspan {
	unsigned left;
	char *text; /* owned */
};

/* One open table; nested tables flatten into their parent's cell, a line a row. */
struct htable {
	int id;          /* doc table id (outermost only) */
	struct strv row; /* cells of the open row */
	struct buf cell; /* text of the open cell */
	int in_row, in_cell;
	unsigned colspan, rowspan;
	struct rowspan *spans; /* owned, by column */
	size_t nspans;
};

struct html {
	struct xout *o;      /* borrowed */
	struct htable *tabs; /* owned stack */
	size_t ntabs, captabs;
	struct buf para; /* inline text of the open paragraph, raw */
	int pre;         /* inside <pre>: line breaks are real */
};

static int
name_in(const char *n, const char *const *list)
{
	for (; *list; list++)
		if (!g_ascii_strcasecmp(n, *list))
			return 1;
	return 0;
}

static const char *const blocks[] = {
    "p",
    "div",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "pre",
    "section",
    "article",
    "header",
    "footer",
    "nav",
    "aside",
    "main",
    "address",
    "center",
    "form",
    "fieldset",
    "hr",
    "caption",
    "figure",
    "figcaption",
    "body",
    "html",
    "title",
    NULL,
};
static const char *const dropped[] = {"script", "style", "head", "template", "noscript", "object", NULL};

static struct htable *
top(struct html *h)
{
	return h->ntabs ? &h->tabs[h->ntabs - 1] : NULL;
}

/* A paragraph ends: its collapsed text joins the open cell ('\n' between) or becomes a document paragraph. */
static int
flush(struct html *h)
{
	struct htable *t = top(h);
	char *s = str_collapse_ws(buf_str(&h->para));
	int rc = 0;

	buf_reset(&h->para);
	if (!*s)
		goto out;
	if (t && t->in_cell) {
		if (t->cell.len)
			buf_addc(&t->cell, '\n');
		buf_adds(&t->cell, s);
		rc = xout_account(h->o, strlen(s));
	} else {
		rc = xout_para(h->o, s);
	}
out:
	free(s);
	return rc;
}

static void
push_cell(struct htable *t, const char *text)
{
	strv_push(&t->row, text);
}

/* Cells owed by rowspans from above, at the column about to be filled. */
static void
fill_spans(struct htable *t)
{
	while (t->row.n < t->nspans && t->spans[t->row.n].left > 0) {
		struct rowspan *s = &t->spans[t->row.n];

		push_cell(t, s->text ? s->text : "");
		if (--s->left == 0) {
			free(s->text);
			s->text = NULL;
		}
	}
}

static int
end_cell(struct html *h)
{
	struct htable *t = top(h);
	const char *text;
	size_t col;
	int rc = 0;

	if (!t || !t->in_cell)
		return 0;
	if ((rc = flush(h)) < 0)
		return rc;
	text = buf_str(&t->cell);
	fill_spans(t);
	col = t->row.n;
	for (unsigned i = 0; i < t->colspan && rc == 0; i++) {
		push_cell(t, text);
		rc = xout_account(h->o, strlen(text) + 16);
		if (t->rowspan > 1 && rc == 0) {
			if (col + i >= t->nspans) {
				t->spans = xrealloc(t->spans, (col + i + 1) * sizeof(*t->spans));
				memset(t->spans + t->nspans, 0, (col + i + 1 - t->nspans) * sizeof(*t->spans));
				t->nspans = col + i + 1;
			}
			free(t->spans[col + i].text);
			t->spans[col + i].text = xstrdup(text);
			t->spans[col + i].left = t->rowspan - 1;
			rc = xout_account(h->o, strlen(text) + 16);
		}
	}
	buf_reset(&t->cell);
	t->in_cell = 0;
	return rc;
}

static int
end_row(struct html *h)
{
	struct htable *t = top(h), *parent = h->ntabs > 1 ? &h->tabs[h->ntabs - 2] : NULL;
	int rc;

	if (!t || !t->in_row)
		return 0;
	if ((rc = end_cell(h)) < 0)
		return rc;
	fill_spans(t);
	if (t->row.n > 0)
		rc = xout_table_row(h->o, t->id, &t->row, parent ? &parent->cell : NULL, parent && parent->in_cell);
	strv_free(&t->row);
	t->in_row = 0;
	return rc;
}

static void
htable_free(struct htable *t)
{
	strv_free(&t->row);
	buf_free(&t->cell);
	for (size_t i = 0; i < t->nspans; i++)
		free(t->spans[i].text);
	free(t->spans);
}

static unsigned
span_attr(xmlNode *n, const char *name)
{
	xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
	long k;
	unsigned rc = 1;

	if (v && parse_long(str_trim((char *)v), 1, HTML_MAX_SPAN, &k) == 0)
		rc = (unsigned)k;
	xmlFree(v);
	return rc;
}

static int walk(struct html *h, xmlNode *n, unsigned depth);

static int
element(struct html *h, xmlNode *n, unsigned depth)
{
	const char *name = (const char *)n->name;
	struct htable *t = top(h);
	int rc = 0, block = name_in(name, blocks);

	if (name_in(name, dropped))
		return 0;
	if (!g_ascii_strcasecmp(name, "br")) {
		/* Inside a cell a break is a line of the cell; elsewhere it ends the paragraph. */
		if (t && t->in_cell && !h->para.len)
			buf_addc(&t->cell, '\n');
		return flush(h);
	}
	if (!g_ascii_strcasecmp(name, "table")) {
		if (flush(h) < 0)
			return -1;
		if (h->ntabs == h->captabs) {
			h->captabs = h->captabs ? h->captabs * 2 : 4;
			h->tabs = xrealloc(h->tabs, h->captabs * sizeof(*h->tabs));
		}
		t = &h->tabs[h->ntabs++];
		memset(t, 0, sizeof(*t));
		t->id = h->ntabs == 1 ? doc_table_begin(h->o->doc) : -1;
		rc = walk(h, n->children, depth + 1);
		if (rc == 0)
			rc = end_row(h);
		htable_free(&h->tabs[--h->ntabs]);
		return rc;
	}
	if (t && !g_ascii_strcasecmp(name, "tr")) {
		if (end_row(h) < 0 || flush(h) < 0)
			return -1;
		t->in_row = 1;
		if ((rc = walk(h, n->children, depth + 1)) == 0)
			rc = end_row(h);
		return rc;
	}
	if (t && (!g_ascii_strcasecmp(name, "td") || !g_ascii_strcasecmp(name, "th"))) {
		if (end_cell(h) < 0 || flush(h) < 0)
			return -1;
		t->in_row = 1; /* a <td> straight under <table> opens a row */
		t->in_cell = 1;
		t->colspan = span_attr(n, "colspan");
		t->rowspan = span_attr(n, "rowspan");
		buf_reset(&t->cell);
		if ((rc = walk(h, n->children, depth + 1)) == 0)
			rc = end_cell(h);
		return rc;
	}
	if (block && flush(h) < 0)
		return -1;
	if (!g_ascii_strcasecmp(name, "pre"))
		h->pre++;
	rc = walk(h, n->children, depth + 1);
	if (!g_ascii_strcasecmp(name, "pre"))
		h->pre--;
	if (rc == 0 && block)
		rc = flush(h);
	return rc;
}

static int
text(struct html *h, const char *s)
{
	const char *nl;

	if (!h->pre) {
		buf_adds(&h->para, s);
		return 0;
	}
	while ((nl = strchr(s, '\n'))) {
		buf_add(&h->para, s, (size_t)(nl - s));
		if (flush(h) < 0)
			return -1;
		s = nl + 1;
	}
	buf_adds(&h->para, s);
	return 0;
}

static int
walk(struct html *h, xmlNode *n, unsigned depth)
{
	if (depth > h->o->lim->max_xml_depth)
		return xout_fail(h->o, "html: element nesting deeper than %u", h->o->lim->max_xml_depth);
	for (; n; n = n->next) {
		if (xout_tick(h->o) < 0)
			return -1;
		if (n->type == XML_ELEMENT_NODE && n->name) {
			if (element(h, n, depth) < 0)
				return -1;
		} else if ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) && n->content) {
			if (text(h, (const char *)n->content) < 0)
				return -1;
		}
	}
	return 0;
}

int
html_extract(
    const void *data, size_t len, const char *charset, const struct extract_limits *lim, struct doc **out, char **err)
{
	struct xout o;
	struct html h = {0};
	htmlDocPtr hd = NULL;
	char *utf8 = NULL; /* owned */
	const char *enc = NULL;
	const char *src = data;
	size_t srclen = len;
	int rc = -1;

	xout_init(&o, lim);
	if (out)
		*out = NULL;
	if (err)
		*err = NULL;
	h.o = &o;
	if (xout_input(&o, "html", len) < 0)
		goto out;
	if (len > (size_t)0x7fffffff) {
		xout_fail(&o, "html: too large");
		goto out;
	}
	/*
	 * The MIME charset is authoritative: convert first and tell libxml2 it is UTF-8 (a <meta>
	 * charset is then ignored). Unlabelled, valid UTF-8 is taken as such; anything else is left
	 * to libxml2's own <meta> sniffing.
	 */
	if ((charset && *charset) || g_utf8_validate_len(data, len, NULL)) {
		utf8 = xto_utf8(data, len, charset);
		src = utf8;
		srclen = strlen(utf8);
		enc = "UTF-8";
	}
	if (srclen == 0) {
		rc = 0; /* an empty body is an empty document, not an error */
		goto out;
	}
	hd = htmlReadMemory(src, (int)srclen, NULL, enc,
	    HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_RECOVER);
	if (!hd) {
		xout_fail(&o, "html: unparseable");
		goto out;
	}
	if (walk(&h, xmlDocGetRootElement(hd), 0) < 0 || flush(&h) < 0)
		goto out;
	rc = 0;
out:
	while (h.ntabs > 0)
		htable_free(&h.tabs[--h.ntabs]);
	free(h.tabs);
	buf_free(&h.para);
	if (hd)
		xmlFreeDoc(hd);
	free(utf8);
	return xout_finish(&o, rc, out, err);
}
