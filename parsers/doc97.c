/* doc97.c: Word 97-2003 .doc ([MS-DOC]): the compound file through libgsf, then the FIB, the piece table (CLX) and
 * the paragraph properties (PAPX FKPs) read by hand, for the main text with its tables. */
/* SPDX-License-Identifier: Apache-2.0 */
#include "doc97.h"
#include "charset.h"
#include "doc97_fkp.h"
#include "xout.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <gsf/gsf-infile-msole.h>
#include <gsf/gsf-infile.h>
#include <gsf/gsf-input-memory.h>
#include <gsf/gsf-input.h>

#define FIB_IDENT 0xA5EC
#define FIB_NFIB_97 0x00C1         /* Word 97; Word 6 and 95 (0x0065-0x0068) have another layout */
#define FIB_ENCRYPTED 0x0100       /* FibBase.fEncrypted */
#define FIB_WHICH_TABLE 0x0200     /* FibBase.fWhichTblStm: 1Table, else 0Table */
#define FIB_CLX 33                 /* fcClx/lcbClx in FibRgFcLcb97 */
#define FIB_BTE_CHPX 12            /* fcPlcfBteChpx/lcbPlcfBteChpx */
#define FIB_BTE_PAPX 13            /* fcPlcfBtePapx/lcbPlcfBtePapx */
#define FIELD_DEPTH 32             /* Word nests fields 20 deep at most */
#define MAX_COLS 64                /* Word's own limit is 63 */
#define PARA_MAX ((size_t)1 << 20) /* a longer paragraph is cut there: no statement has one */

/* A row's cells as sprmTDefTable defines them: right edges, and which continue a vertical merge. */
struct rowdef {
	size_t n;
	int left; /* the first cell's left edge */
	int right[MAX_COLS];
	unsigned char vmerge[MAX_COLS];
};

/* Edges within this many twips are one grid line (Word rounds widths differently from row to row). */
#define EDGE_SLACK 20

struct w97 {
	struct xout *o;         /* borrowed */
	unsigned char *wd, *tb; /* owned: WordDocument and the table stream */
	size_t wdlen, tblen;
	const unsigned char *plc; /* borrowed from tb: the PlcPcd */
	size_t npieces;
	struct fkp_runs paps;  /* owned: paragraph properties */
	struct fkp_runs chps;  /* owned: character properties */
	struct buf para, cell; /* the open paragraph and table cell */
	struct strv row;       /* the open row's cells */
	struct strv prev;      /* the previous row, for vertically merged cells */
	struct rowdef prevdef; /* and its cells' edges */
	struct rowdef grid;    /* the table's row with the most cells: its columns */
	int table;             /* the open table's id, -1 outside tables */
	unsigned fdepth;       /* field nesting, and whether each level is in its instructions */
	unsigned char finstr[FIELD_DEPTH];
};

int
doc97_sniff(const void *data, size_t len)
{
	static const unsigned char magic[8] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};

	return data && len >= sizeof(magic) && memcmp(data, magic, sizeof(magic)) == 0;
}

static uint16_t
le16(const unsigned char *p)
{
	return (uint16_t)(p[0] | (p[1] << 8));
}

static uint32_t
le32(const unsigned char *p)
{
	return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

/* A whole stream into memory; a stream longer than the file it came from is a damaged FAT. */
static int
read_stream(struct w97 *w, GsfInfile *ole, const char *name, size_t max, unsigned char **out, size_t *outlen)
{
	GsfInput *in = gsf_infile_child_by_name(ole, name);
	gsf_off_t size;
	int rc = -1;

	*out = NULL;
	*outlen = 0;
	if (!in)
		return xout_fail(w->o, "not a Word document: no %s stream", name);
	size = gsf_input_size(in);
	if (size < 0 || (guint64)size > max) {
		xout_fail(w->o, "damaged .doc: %s stream larger than the file", name);
		goto out;
	}
	*out = xcalloc(1, (size_t)size + 1);
	if (size > 0 && !gsf_input_read(in, (size_t)size, *out)) {
		xout_fail(w->o, "damaged .doc: %s stream unreadable", name);
		goto out;
	}
	*outlen = (size_t)size;
	rc = xout_account(w->o, (size_t)size);
out:
	g_object_unref(in);
	return rc;
}

/* FibRgFcLcb97 entry i: the offset and length of a structure in the table stream. */
static int
fib_fclcb(struct w97 *w, unsigned i, uint32_t *fc, uint32_t *lcb)
{
	size_t off = 32, csw, cslw, cb;

	if (w->wdlen < off + 2)
		return -1;
	csw = le16(w->wd + off);
	off += 2 + csw * 2;
	if (w->wdlen < off + 2)
		return -1;
	cslw = le16(w->wd + off);
	off += 2 + cslw * 4;
	if (w->wdlen < off + 2)
		return -1;
	cb = le16(w->wd + off);
	off += 2;
	if (i >= cb || w->wdlen < off + (size_t)(i + 1) * 8)
		return -1;
	*fc = le32(w->wd + off + (size_t)i * 8);
	*lcb = le32(w->wd + off + (size_t)i * 8 + 4);
	if (*fc > w->tblen || *lcb > w->tblen - *fc)
		return -1;
	return 0;
}

/* FibRgLw97.ccpText: the main document's length in characters. */
static uint32_t
fib_ccp_text(struct w97 *w)
{
	size_t off = 32, csw;

	csw = le16(w->wd + off);
	off += 2 + csw * 2;
	if (w->wdlen < off + 2 + 16 || le16(w->wd + off) < 4)
		return 0;
	return le32(w->wd + off + 2 + 12);
}

/* The CLX: Prc entries (skipped), then the Pcdt and its PlcPcd. */
static int
find_pieces(struct w97 *w)
{
	uint32_t fc, lcb, n;
	size_t i;

	if (fib_fclcb(w, FIB_CLX, &fc, &lcb) < 0 || lcb == 0)
		return xout_fail(w->o, "damaged .doc: no piece table");
	for (i = fc; i < (size_t)fc + lcb && w->tb[i] == 0x01;) {
		if (i + 3 > (size_t)fc + lcb)
			break;
		i += 3 + le16(w->tb + i + 1);
	}
	if (i + 5 > (size_t)fc + lcb || w->tb[i] != 0x02)
		return xout_fail(w->o, "damaged .doc: no piece table");
	n = le32(w->tb + i + 1);
	if (n < 16 || n > (size_t)fc + lcb - (i + 5) || (n - 4) % 12 != 0)
		return xout_fail(w->o, "damaged .doc: piece table of %u bytes", (unsigned)n);
	w->plc = w->tb + i + 5;
	w->npieces = (n - 4) / 12;
	return 0;
}

/* sprmTDefTable ([MS-DOC] 2.9.318): cb, itcMac, itcMac + 1 cell edges, then a TC80 of 20 bytes per cell. */
static void
read_rowdef(const struct w97 *w, const struct prun *r, struct rowdef *d)
{
	const unsigned char *op = w->wd + r->defoff;
	size_t itc, base, sz = r->deflen;

	memset(d, 0, sizeof(*d));
	if (!r->deflen || sz < 3)
		return;
	itc = op[2];
	base = 3 + (itc + 1) * 2;
	for (size_t k = 0; k < itc && k < MAX_COLS && 3 + (k + 2) * 2 <= sz; k++) {
		uint16_t grf = base + (k + 1) * 20 <= sz ? le16(op + base + k * 20) : 0;
		d->left = (int16_t)le16(op + 3);
		d->right[k] = (int16_t)le16(op + 3 + (k + 1) * 2);
		d->vmerge[k] = (grf & 0x20) && !(grf & 0x40); /* fVertMerge without fVertRestart */
		d->n = k + 1;
	}
}

/* The property pages: paragraphs (tables) and characters (tracked deletions). Without them, rows are guessed. */
static int
load_runs(struct w97 *w)
{
	uint32_t fc, lcb;

	if (fib_fclcb(w, FIB_BTE_PAPX, &fc, &lcb) == 0 &&
	    fkp_load(&w->paps, w->wd, w->wdlen, w->tb + fc, lcb, 0, w->o) < 0)
		return -1;
	if (fib_fclcb(w, FIB_BTE_CHPX, &fc, &lcb) == 0 &&
	    fkp_load(&w->chps, w->wd, w->wdlen, w->tb + fc, lcb, 1, w->o) < 0)
		return -1;
	return 0;
}

/* A cell merged with the one above shows that cell's value (the one with the same right edge), as in .docx. */
static void
fill_merged(struct w97 *w, const struct rowdef *d)
{
	for (size_t k = 0; k < w->row.n && k < d->n; k++) {
		if (!d->vmerge[k])
			continue;
		for (size_t j = 0; j < w->prevdef.n && j < w->prev.n; j++)
			if (w->prevdef.right[j] == d->right[k]) {
				free(w->row.v[k]);
				w->row.v[k] = xstrdup(w->prev.v[j]);
				break;
			}
	}
}

/*
 * A cell merged across columns is one cell in a .doc, as wide as the columns it covers: it is
 * repeated once per column of the table's widest row under it, so cells stay under their header.
 */
static void
spread(struct w97 *w, const struct rowdef *d, struct strv *out)
{
	if (d->n > w->grid.n)
		w->grid = *d;
	for (size_t k = 0; k < w->row.n; k++) {
		size_t span = 0;
		int l = k == 0 ? d->left : d->right[k - 1];
		for (size_t j = 0; k < d->n && j < w->grid.n; j++)
			span += w->grid.right[j] > l + EDGE_SLACK && w->grid.right[j] <= d->right[k] + EDGE_SLACK;
		for (size_t i = 0; i < (span ? span : 1) && out->n < MAX_COLS; i++)
			strv_push(out, w->row.v[k]);
	}
}

static int
emit_row(struct w97 *w, const struct prun *ttp)
{
	struct rowdef d;
	struct strv tmp, wide = {0};
	int rc;

	if (w->table < 0) {
		w->table = doc_table_begin(w->o->doc);
		memset(&w->grid, 0, sizeof(w->grid));
	}
	memset(&d, 0, sizeof(d));
	if (ttp)
		read_rowdef(w, ttp, &d);
	fill_merged(w, &d);
	spread(w, &d, &wide);
	rc = xout_table_row(w->o, w->table, &wide, NULL, 0);
	strv_free(&wide);
	tmp = w->prev;
	w->prev = w->row;
	w->row = tmp;
	w->prevdef = d;
	strv_free(&w->row);
	return rc;
}

/* A paragraph mark: text of a table cell (joined by '\n') or a paragraph of its own, which closes any table. */
static int
end_para(struct w97 *w, uint32_t fc)
{
	const struct prun *r = fkp_at(&w->paps, fc);
	int rc = 0;

	if (r && r->intable) {
		if (w->cell.len && w->para.len)
			buf_addc(&w->cell, '\n');
		buf_add(&w->cell, w->para.s, w->para.len);
		rc = xout_account(w->o, w->para.len);
	} else {
		if (w->row.n > 0 || w->cell.len)
			rc = emit_row(w, NULL);
		buf_reset(&w->cell);
		w->table = -1;
		if (rc == 0 && !str_empty(buf_str(&w->para)))
			rc = xout_para(w->o, buf_str(&w->para));
	}
	buf_reset(&w->para);
	return rc;
}

/* 0x07 ends a cell, or a row when its paragraph is a table terminating paragraph (TTP). */
static int
end_cell(struct w97 *w, uint32_t fc, int prev07)
{
	const struct prun *r = fkp_at(&w->paps, fc);
	int ttp = r ? r->ttp : (prev07 && !w->para.len && !w->cell.len && w->row.n > 0);

	if (ttp) {
		buf_reset(&w->para);
		buf_reset(&w->cell);
		return emit_row(w, r);
	}
	if (w->cell.len && w->para.len)
		buf_addc(&w->cell, '\n');
	buf_add(&w->cell, w->para.s, w->para.len);
	buf_reset(&w->para);
	strv_push(&w->row, buf_str(&w->cell));
	buf_reset(&w->cell);
	return xout_account(w->o, 16);
}

static int
in_instructions(const struct w97 *w)
{
	for (unsigned i = 0; i < w->fdepth && i < FIELD_DEPTH; i++)
		if (w->finstr[i])
			return 1;
	return 0;
}

/* One character of the main text; fc is where it lies in the WordDocument stream. */
static int
on_char(struct w97 *w, uint32_t c, uint32_t fc, int prev07)
{
	char u[8];

	if (xout_tick(w->o) < 0)
		return -1;
	if (c == 0x13) { /* field begin: instructions follow */
		if (w->fdepth < FIELD_DEPTH)
			w->finstr[w->fdepth] = 1;
		w->fdepth++;
		return 0;
	}
	if (c == 0x14) { /* field separator: the result follows */
		if (w->fdepth > 0 && w->fdepth <= FIELD_DEPTH)
			w->finstr[w->fdepth - 1] = 0;
		return 0;
	}
	if (c == 0x15) {
		if (w->fdepth > 0)
			w->fdepth--;
		return 0;
	}
	if (in_instructions(w))
		return 0;
	switch (c) {
	case 0x0D:
	case 0x0C: return end_para(w, fc);
	case 0x07: return end_cell(w, fc, prev07);
	case 0x0B: buf_addc(&w->para, '\n'); break;
	case 0x09: buf_addc(&w->para, '\t'); break;
	case 0x1E: buf_addc(&w->para, '-'); break;
	case 0xA0: buf_addc(&w->para, ' '); break;
	default:
		if (c < 0x20 || (c >= 0xD800 && c < 0xE000) || c == 0xFFFE || c == 0xFFFF)
			break; /* anchors of pictures, notes and objects; lone surrogates */
		buf_add(&w->para, u, (size_t)g_unichar_to_utf8((gunichar)c, u));
	}
	if (w->para.len > PARA_MAX) {
		size_t n = PARA_MAX;
		while (n > 0 && ((unsigned char)w->para.s[n] & 0xC0) == 0x80) /* never half a character */
			n--;
		w->para.len = n;
		w->para.s[n] = '\0';
	}
	return 0;
}

/* Text a tracked change deleted is not the document's; its paragraph, cell and field marks keep the structure. */
static int
deleted(const struct w97 *w, uint32_t c, uint32_t fc, const struct prun **cache)
{
	if (c == 0x0D || c == 0x07 || c == 0x0C || (c >= 0x13 && c <= 0x15) || !w->chps.n)
		return 0;
	if (!*cache || fc < (*cache)->fc || fc >= (*cache)->lim)
		*cache = fkp_at(&w->chps, fc);
	return *cache && (*cache)->deleted;
}

static int
walk_piece(struct w97 *w, size_t i, uint32_t ccp, uint32_t *last, int *prev07)
{
	const struct prun *cr = NULL;
	uint32_t cp0 = le32(w->plc + 4 * i), cp1 = le32(w->plc + 4 * (i + 1));
	const unsigned char *pcd = w->plc + 4 * (w->npieces + 1) + 8 * i;
	uint32_t raw = le32(pcd + 2), fc = raw & 0x3FFFFFFF, c;
	int compressed = (raw & 0x40000000) != 0;
	size_t n, width = compressed ? 1 : 2;

	/* Pieces follow each other in CP order; one that goes back would repeat text (damaged or hostile). */
	if (cp0 >= ccp || cp1 <= cp0 || cp0 < *last)
		return 0;
	*last = cp1;
	n = (size_t)((cp1 < ccp ? cp1 : ccp) - cp0);
	if (compressed)
		fc /= 2;
	if (fc > w->wdlen || n > (w->wdlen - fc) / width)
		return xout_fail(w->o, "damaged .doc: text piece %zu outside the document stream", i);
	for (size_t k = 0; k < n; k++) {
		const unsigned char *p = w->wd + fc + k * width;
		c = compressed ? charset_cp1252(p[0]) : le16(p); /* [MS-DOC] 2.4.1: "compressed" is 1252 */
		if (!compressed && c >= 0xD800 && c < 0xDC00 && k + 1 < n && le16(p + 2) >= 0xDC00 &&
		    le16(p + 2) < 0xE000) {
			c = 0x10000 + ((c - 0xD800) << 10) + (le16(p + 2) - 0xDC00);
			k++;
		}
		if (deleted(w, c, (uint32_t)(fc + k * width), &cr))
			continue;
		if (on_char(w, c, (uint32_t)(fc + k * width), *prev07) < 0)
			return -1;
		*prev07 = c == 0x07;
	}
	return 0;
}

/* The FIB's checks: Word 97 or later, not encrypted; returns the table stream's name. */
static const char *
check_fib(struct w97 *w)
{
	uint16_t flags;

	if (w->wdlen < 0x200 || le16(w->wd) != FIB_IDENT) {
		xout_fail(w->o, "not a Word document: no FIB in the WordDocument stream");
		return NULL;
	}
	if (le16(w->wd + 2) < FIB_NFIB_97) {
		xout_fail(w->o, "Word 6/95 document (format %u), not read", le16(w->wd + 2));
		return NULL;
	}
	flags = le16(w->wd + 0x0A);
	if (flags & FIB_ENCRYPTED) {
		xout_fail(w->o, "encrypted .doc (needs a password)");
		return NULL;
	}
	return (flags & FIB_WHICH_TABLE) ? "1Table" : "0Table";
}

/* libgsf reports damaged compound files on stderr as well as through the GError we read. */
static void
quiet_log(const gchar *domain, GLogLevelFlags level, const gchar *msg, gpointer data)
{
}

static int
read_doc(struct w97 *w, GsfInfile *ole, size_t len)
{
	const char *tname;
	uint32_t ccp, last = 0;
	int prev07 = 0;

	if (read_stream(w, ole, "WordDocument", len, &w->wd, &w->wdlen) < 0 || !(tname = check_fib(w)))
		return -1;
	if (read_stream(w, ole, tname, len, &w->tb, &w->tblen) < 0 || find_pieces(w) < 0 || load_runs(w) < 0)
		return -1;
	if (!w->paps.n)
		doc_warn(w->o->doc, "doc: no paragraph properties, table rows guessed");
	ccp = fib_ccp_text(w);
	for (size_t i = 0; i < w->npieces; i++)
		if (walk_piece(w, i, ccp, &last, &prev07) < 0)
			return -1;
	return end_para(w, UINT32_MAX);
}

int
doc97_extract(const void *data, size_t len, const struct extract_limits *lim, struct doc **out, char **err)
{
	static gsize quiet;
	struct xout o;
	struct w97 w = {0};
	GsfInput *mem = NULL;
	GsfInfile *ole = NULL;
	GError *gerr = NULL;
	char *msg = NULL;
	int rc = -1;

	xout_init(&o, lim);
	if (out)
		*out = NULL;
	if (err)
		*err = NULL;
	w.o = &o;
	w.table = -1;
	if (g_once_init_enter(&quiet)) {
		g_log_set_handler("libgsf:msole", G_LOG_LEVEL_MASK, quiet_log, NULL);
		g_once_init_leave(&quiet, 1);
	}
	if (xout_input(&o, "doc", len) < 0)
		goto out;
	if (!doc97_sniff(data, len)) {
		xout_fail(&o, "not a Word 97 document (no compound file header)");
		goto out;
	}
	mem = gsf_input_memory_new(data, (gsf_off_t)len, FALSE);
	if (!mem || !(ole = GSF_INFILE(gsf_infile_msole_new(mem, &gerr)))) {
		msg = str_oneline(gerr && gerr->message ? gerr->message : "unreadable", 200);
		xout_fail(&o, "damaged .doc: %s", msg);
		goto out;
	}
	rc = read_doc(&w, ole, len);
out:
	if (gerr)
		g_error_free(gerr);
	if (ole)
		g_object_unref(ole);
	if (mem)
		g_object_unref(mem);
	free(msg);
	free(w.wd);
	free(w.tb);
	fkp_free(&w.paps);
	fkp_free(&w.chps);
	buf_free(&w.para);
	buf_free(&w.cell);
	strv_free(&w.row);
	strv_free(&w.prev);
	return xout_finish(&o, rc, out, err);
}
