/* rtf.c: a bounded hand-written RTF reader (groups, control words, \'hh and \uN with \ucN, \cell and \row) for the
 * text and tables of a document; no maintained C library in Debian reads RTF. */
/* SPDX-License-Identifier: Apache-2.0 */
#include "rtf.h"
#include "charset.h"
#include "xout.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>

#define RTF_WORD_MAX 32 /* longest control word kept; longer ones are skipped whole */

/* What a group inherits from its parent and restores on '}'. */
struct rgroup {
	unsigned char skip; /* inside an ignored destination */
	unsigned char del;  /* \deleted: a tracked deletion */
	unsigned char uc;   /* bytes of fallback after each \uN */
};

/* Columns whose \clvmrg is remembered for a row; wider rows repeat nothing. */
#define RTF_MAX_COLS 64

struct rtf {
	struct xout *o;               /* borrowed */
	const unsigned char *p, *end; /* the input, borrowed */
	struct rgroup *st;            /* owned stack; st[depth] is the open group */
	unsigned depth, maxdepth;
	unsigned ucskip;                  /* fallback bytes still to drop */
	char cp[24];                      /* \ansicpg as an iconv name, "" for 1252 */
	struct buf raw;                   /* 8-bit text not yet converted */
	struct buf para, cell;            /* the open paragraph and table cell */
	struct strv row;                  /* the open row's cells */
	struct strv prev;                 /* the previous row, for vertically merged cells */
	int table, intbl;                 /* the open table's id (-1 for none); \intbl in effect */
	unsigned ncols;                   /* cells defined by the row's \cellx so far */
	int vmrg_next;                    /* \clvmrg seen for the next \cellx */
	unsigned char vmrg[RTF_MAX_COLS]; /* cell k continues the merge of the cell above */
	long right[RTF_MAX_COLS];         /* and its right edge (\cellx) */
	long prevright[RTF_MAX_COLS];     /* the previous row's edges */
	unsigned prevcols;
	long grid[RTF_MAX_COLS]; /* the table's row with the most cells: its columns */
	unsigned ngrid;
	long trleft; /* the row's left edge (\trleft) */
};

/* Destinations that hold no text of the document itself. */
static int
skipped_destination(const char *w)
{
	static const char *const names[] = {"fonttbl", "colortbl", "stylesheet", "info", "pict", "object", "objdata",
	    "header", "headerl", "headerr", "headerf", "footer", "footerl", "footerr", "footerf", "fldinst",
	    "themedata", "colorschememapping", "datastore", "latentstyles", "listtable", "listoverridetable", "rsidtbl",
	    "generator", "xmlnstbl", "mmathPr", "pgdsctbl", "filetbl", "revtbl", "userprops", "docvar", "footnote",
	    "annotation", "atnid", "atnauthor", "nonshppict", "pn", "xe", "tc", "sp", "bkmkstart", "bkmkend", "fldtype",
	    "template", "nonesttables"};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(w, names[i]))
			return 1;
	return 0;
}

static void
flush_raw(struct rtf *r)
{
	char *u;

	if (!r->raw.len)
		return;
	if (!r->cp[0]) { /* windows-1252, by far the commonest: no iconv for every run of text */
		char c8[8];
		for (size_t i = 0; i < r->raw.len; i++) {
			gunichar c = charset_cp1252((unsigned char)r->raw.s[i]);
			if (c < 0x20 && c != '\t')
				continue;
			buf_add(&r->para, c8, (size_t)g_unichar_to_utf8(c, c8));
		}
		buf_reset(&r->raw);
		return;
	}
	u = charset_to_utf8(r->raw.s, r->raw.len, r->cp);
	buf_adds(&r->para, u);
	free(u);
	buf_reset(&r->raw);
}

static void
add_unichar(struct rtf *r, gunichar c)
{
	char u[8];

	flush_raw(r);
	if (c < 0x20 || (c >= 0xD800 && c < 0xE000) || c > 0x10FFFF || r->st[r->depth].del)
		return;
	buf_add(&r->para, u, (size_t)g_unichar_to_utf8(c, u));
}

/*
 * A cell merged across columns is one wider cell (one \cellx): it is repeated once per column of the
 * table's widest row under it (edges within 20 twips are one), so cells stay under their header.
 */
static void
spread(struct rtf *r, struct strv *out)
{
	unsigned n = r->ncols < RTF_MAX_COLS ? r->ncols : RTF_MAX_COLS;

	if (n > r->ngrid) {
		memcpy(r->grid, r->right, sizeof(r->grid));
		r->ngrid = n;
	}
	for (size_t k = 0; k < r->row.n; k++) {
		size_t span = 0;
		long l = k == 0 ? r->trleft : r->right[k - 1];
		for (size_t j = 0; k < n && j < r->ngrid; j++)
			span += r->grid[j] > l + 20 && r->grid[j] <= r->right[k] + 20;
		for (size_t i = 0; i < (span ? span : 1) && out->n < RTF_MAX_COLS; i++)
			strv_push(out, r->row.v[k]);
	}
}

static int
emit_row(struct rtf *r)
{
	struct strv tmp, wide = {0};
	int rc;

	if (r->table < 0) {
		r->table = doc_table_begin(r->o->doc);
		r->ngrid = 0;
	}
	/* A cell merged with the one above shows that cell's value (the one with the same right edge), as in .docx. */
	for (size_t k = 0; k < r->row.n && k < RTF_MAX_COLS && k < r->ncols; k++)
		for (size_t j = 0; r->vmrg[k] && j < r->prev.n && j < r->prevcols && j < RTF_MAX_COLS; j++)
			if (r->prevright[j] == r->right[k]) {
				free(r->row.v[k]);
				r->row.v[k] = xstrdup(r->prev.v[j]);
				break;
			}
	memcpy(r->prevright, r->right, sizeof(r->right));
	r->prevcols = r->ncols;
	spread(r, &wide);
	rc = xout_table_row(r->o, r->table, &wide, NULL, 0);
	strv_free(&wide);
	tmp = r->prev;
	r->prev = r->row;
	r->row = tmp;
	strv_free(&r->row);
	return rc;
}

/* Row definitions: \trowd starts one, \clvmrg marks the next \cellx as continuing a vertical merge. */
static int
on_rowdef(struct rtf *r, const char *w, long n)
{
	if (!strcmp(w, "trowd")) {
		r->ncols = 0;
		r->trleft = 0;
		r->vmrg_next = 0;
		memset(r->vmrg, 0, sizeof(r->vmrg));
	} else if (!strcmp(w, "trleft")) {
		r->trleft = n;
	} else if (!strcmp(w, "clvmrg")) {
		r->vmrg_next = 1;
	} else if (!strcmp(w, "cellx")) {
		if (r->ncols < RTF_MAX_COLS) {
			r->vmrg[r->ncols] = (unsigned char)r->vmrg_next;
			r->right[r->ncols] = n;
		}
		r->ncols++;
		r->vmrg_next = 0;
	} else {
		return 0;
	}
	return 1;
}

/* \par: a line of the open cell inside a table, else a paragraph, which closes any table. */
static int
end_para(struct rtf *r)
{
	int rc = 0;

	flush_raw(r);
	if (r->intbl) {
		if (r->cell.len && r->para.len)
			buf_addc(&r->cell, '\n');
		buf_add(&r->cell, r->para.s, r->para.len);
		rc = xout_account(r->o, r->para.len);
	} else {
		if (r->row.n > 0 || r->cell.len)
			rc = emit_row(r);
		buf_reset(&r->cell);
		r->table = -1;
		if (rc == 0 && !str_empty(buf_str(&r->para)))
			rc = xout_para(r->o, buf_str(&r->para));
	}
	buf_reset(&r->para);
	return rc;
}

static int
end_cell(struct rtf *r)
{
	flush_raw(r);
	if (r->cell.len && r->para.len)
		buf_addc(&r->cell, '\n');
	buf_add(&r->cell, r->para.s, r->para.len);
	buf_reset(&r->para);
	strv_push(&r->row, buf_str(&r->cell));
	buf_reset(&r->cell);
	return xout_account(r->o, 16);
}

static void
set_codepage(struct rtf *r, long n)
{
	if (n == 1252)
		r->cp[0] = '\0';
	else if (n > 0 && n < 100000)
		snprintf(r->cp, sizeof(r->cp), "CP%ld", n);
}

/* Characters that Word writes as control words. */
static gunichar
word_char(const char *w)
{
	static const struct {
		const char *w;
		gunichar c;
	} map[] = {{"emdash", 0x2014}, {"endash", 0x2013}, {"lquote", 0x2018}, {"rquote", 0x2019},
	    {"ldblquote", 0x201C}, {"rdblquote", 0x201D}, {"bullet", 0x2022}, {"emspace", ' '}, {"enspace", ' '},
	    {"qmspace", ' '}};

	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (!strcmp(w, map[i].w))
			return map[i].c;
	return 0;
}

/* One control word with its parameter (has is 0 when it had none). */
static int
on_word(struct rtf *r, const char *w, long n, int has)
{
	struct rgroup *g = &r->st[r->depth];
	gunichar c;

	if (!strcmp(w, "bin")) { /* raw bytes follow, even in a skipped group */
		size_t left = (size_t)(r->end - r->p);
		r->p += has && n > 0 ? ((size_t)n < left ? (size_t)n : left) : 0;
		return 0;
	}
	if (!strcmp(w, "nesttableprops")) { /* starred, but it holds the \nestrow that ends a nested row */
		g->skip = 0;
		return 0;
	}
	if (g->skip)
		return 0;
	if (!strcmp(w, "deleted")) {
		flush_raw(r);
		g->del = !has || n != 0;
		return 0;
	}
	if (on_rowdef(r, w, n))
		return 0;
	if (skipped_destination(w)) {
		g->skip = 1;
		return 0;
	}
	if (!strcmp(w, "par") || !strcmp(w, "sect") || !strcmp(w, "page"))
		return end_para(r);
	if (!strcmp(w, "cell"))
		return end_cell(r);
	if (!strcmp(w, "row")) {
		flush_raw(r);
		buf_reset(&r->para);
		buf_reset(&r->cell);
		return emit_row(r);
	}
	if (!strcmp(w, "line") || !strcmp(w, "nestrow") || !strcmp(w, "tab") || !strcmp(w, "nestcell")) {
		flush_raw(r);
		if (!strcmp(w, "nestrow") && r->para.len && r->para.s[r->para.len - 1] == '\t')
			r->para.len--; /* the tab of the row's last \nestcell */
		buf_addc(&r->para, w[0] == 'l' || !strcmp(w, "nestrow") ? '\n' : '\t');
	} else if (!strcmp(w, "intbl"))
		r->intbl = 1;
	else if (!strcmp(w, "pard"))
		r->intbl = 0;
	else if (!strcmp(w, "uc") && has)
		g->uc = (unsigned char)(n < 0 ? 0 : n > 10 ? 10 : n);
	else if (!strcmp(w, "u") && has) {
		add_unichar(r, (gunichar)(n < 0 ? n + 65536 : n));
		r->ucskip = g->uc;
	} else if (!strcmp(w, "ansicpg") && has)
		set_codepage(r, n);
	else if (!strcmp(w, "mac"))
		snprintf(r->cp, sizeof(r->cp), "MACINTOSH");
	else if (!strcmp(w, "pc"))
		set_codepage(r, 437);
	else if (!strcmp(w, "pca"))
		set_codepage(r, 850);
	else if ((c = word_char(w)))
		add_unichar(r, c);
	return 0;
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* One 8-bit character of text, unless it is the fallback of a \uN. */
static void
on_byte(struct rtf *r, unsigned char b)
{
	if (r->ucskip > 0) {
		r->ucskip--;
		return;
	}
	if (!r->st[r->depth].skip && !r->st[r->depth].del)
		buf_addc(&r->raw, (char)b);
}

/* A control symbol: \'hh, \*, \~, \-, \_, an escaped brace or backslash, a escaped line end. */
static int
on_symbol(struct rtf *r, unsigned char c)
{
	int h, l;

	switch (c) {
	case '\'':
		if (r->end - r->p < 2 || (h = hexval(r->p[0])) < 0 || (l = hexval(r->p[1])) < 0)
			return 0;
		r->p += 2;
		on_byte(r, (unsigned char)(h * 16 + l));
		return 0;
	case '*': r->st[r->depth].skip = 1; return 0;
	case '~': on_byte(r, ' '); return 0;
	case '_': on_byte(r, '-'); return 0;
	case '\\':
	case '{':
	case '}': on_byte(r, c); return 0;
	case '\n':
	case '\r': return r->st[r->depth].skip ? 0 : end_para(r);
	default: return 0; /* \- optional hyphen, \| and the rest */
	}
}

/* After a backslash: a control word ([a-z]+, an optional signed number, one optional space) or a symbol. */
static int
on_control(struct rtf *r)
{
	char w[RTF_WORD_MAX + 1];
	size_t k = 0;
	long n = 0;
	int has = 0, neg = 0, digits = 0;

	if (r->p >= r->end)
		return 0;
	if (!isalpha(*r->p))
		return on_symbol(r, *r->p++);
	while (r->p < r->end && isalpha(*r->p)) {
		if (k < RTF_WORD_MAX)
			w[k] = (char)*r->p;
		k++;
		r->p++;
	}
	w[k < RTF_WORD_MAX ? k : RTF_WORD_MAX] = '\0';
	if (r->p < r->end && *r->p == '-') {
		neg = 1;
		r->p++;
	}
	while (r->p < r->end && isdigit(*r->p)) {
		if (digits++ < 10)
			n = n * 10 + (*r->p - '0');
		has = 1;
		r->p++;
	}
	if (r->p < r->end && *r->p == ' ')
		r->p++;
	if (k > RTF_WORD_MAX)
		return 0;
	/* A control word counts as one fallback character of a \uN. */
	if (r->ucskip > 0 && strcmp(w, "u")) {
		r->ucskip--;
		return 0;
	}
	return on_word(r, w, neg ? -n : n, has);
}

static int
open_group(struct rtf *r)
{
	if (r->depth + 1 >= r->maxdepth)
		return xout_fail(r->o, "RTF groups nested deeper than %u", r->maxdepth);
	r->st[r->depth + 1] = r->st[r->depth];
	r->depth++;
	return 0;
}

static int
walk(struct rtf *r)
{
	unsigned char c;

	while (r->p < r->end) {
		if (xout_tick(r->o) < 0)
			return -1;
		c = *r->p++;
		if (c == '{') {
			flush_raw(r);
			if (open_group(r) < 0)
				return -1;
		} else if (c == '}') {
			flush_raw(r);
			r->ucskip = 0;
			if (r->depth == 0)
				break; /* the document's closing brace */
			r->depth--;
		} else if (c == '\\') {
			if (on_control(r) < 0)
				return -1;
		} else if (c != '\r' && c != '\n') {
			on_byte(r, c);
		}
	}
	return end_para(r);
}

int
rtf_extract(const void *data, size_t len, const struct extract_limits *lim, struct doc **out, char **err)
{
	struct xout o;
	struct rtf r = {0};
	int rc = -1;

	xout_init(&o, lim);
	if (out)
		*out = NULL;
	if (err)
		*err = NULL;
	r.o = &o;
	r.table = -1;
	if (xout_input(&o, "rtf", len) < 0)
		goto out;
	if (!data || len < 5 || memcmp(data, "{\\rtf", 5) != 0) {
		xout_fail(&o, "not an RTF document (no {\\rtf header)");
		goto out;
	}
	r.p = (const unsigned char *)data + 1; /* inside the document's group */
	r.end = (const unsigned char *)data + len;
	r.maxdepth = o.lim->max_xml_depth ? o.lim->max_xml_depth : 1;
	r.st = xcalloc(r.maxdepth, sizeof(*r.st));
	r.st[0].uc = 1;
	if (walk(&r) < 0)
		goto out;
	rc = 0;
out:
	free(r.st);
	buf_free(&r.raw);
	buf_free(&r.para);
	buf_free(&r.cell);
	strv_free(&r.row);
	strv_free(&r.prev);
	return xout_finish(&o, rc, out, err);
}
