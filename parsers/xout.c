/* xout.c: the bounded output every extractor writes through, and the caps on untrusted content it enforces. */
/* SPDX-License-Identifier: Apache-2.0 */
#include "xout.h"
#include "charset.h"
#include "caps.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>

/* Bookkeeping charged per cell or paragraph on top of its text, so empty cells are not free. */
#define XOUT_BLOCK_COST 32

void
extract_limits_default(struct extract_limits *lim)
{
	lim->max_input = LSD_MAX_MESSAGE;
	lim->max_uncompressed = (size_t)256 << 20;
	lim->max_entries = 4096;
	lim->max_ratio = 200;
	lim->max_xml_depth = 256;
	lim->max_blocks = 200000;
	lim->max_seconds = 20;
}

void
xsize(char *dst, size_t cap, size_t n)
{
	if (n >= ((size_t)1 << 20))
		snprintf(dst, cap, "%zu MiB", n >> 20);
	else if (n >= 1024)
		snprintf(dst, cap, "%zu KiB", n >> 10);
	else
		snprintf(dst, cap, "%zu bytes", n);
}

void
xout_init(struct xout *o, const struct extract_limits *lim)
{
	memset(o, 0, sizeof(*o));
	extract_limits_default(&o->deflim);
	o->lim = lim ? lim : &o->deflim;
	o->doc = doc_new();
	clock_gettime(CLOCK_MONOTONIC, &o->start);
}

int
xout_fail(struct xout *o, const char *fmt, ...)
{
	struct buf b = {0};
	va_list ap;

	if (o->err)
		return -1;
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	o->err = buf_steal(&b);
	return -1;
}

int
xout_input(struct xout *o, const char *what, size_t len)
{
	char got[32], max[32];

	if (len <= o->lim->max_input)
		return 0;
	xsize(got, sizeof(got), len);
	xsize(max, sizeof(max), o->lim->max_input);
	return xout_fail(o, "%s: input size %s over the %s limit", what, got, max);
}

int
xout_account(struct xout *o, size_t n)
{
	char max[32];

	if (o->err)
		return -1;
	if (n > o->lim->max_uncompressed || o->bytes > o->lim->max_uncompressed - n) {
		xsize(max, sizeof(max), o->lim->max_uncompressed);
		return xout_fail(o, "extracted text over the %s limit", max);
	}
	o->bytes += n;
	return 0;
}

int
xout_table_row(struct xout *o, int table, const struct strv *row, struct buf *parent, int parent_in_cell)
{
	struct buf line = {0};
	int rc = 0, any = 0;

	if (!parent) {
		if ((rc = xout_row(o, table)) < 0)
			return rc;
		for (size_t i = 0; i < row->n && rc == 0; i++)
			rc = xout_cell(o, row->v[i]);
		return rc;
	}
	/* A nested table becomes lines of its parent's cell, its cells separated by tabs. */
	for (size_t i = 0; i < row->n; i++) {
		if (i)
			buf_addc(&line, '\t');
		buf_adds(&line, row->v[i]);
		any |= !str_empty(row->v[i]);
	}
	if (any && parent_in_cell) {
		if (parent->len)
			buf_addc(parent, '\n');
		buf_add(parent, line.s, line.len);
		rc = xout_account(o, line.len);
	} else if (any)
		rc = xout_para(o, buf_str(&line));
	buf_free(&line);
	return rc;
}

static int
xout_block(struct xout *o)
{
	if (o->err)
		return -1;
	if (o->doc->nblocks >= o->lim->max_blocks)
		return xout_fail(o, "more than %zu paragraphs and table rows", o->lim->max_blocks);
	return xout_account(o, XOUT_BLOCK_COST);
}

int
xout_para(struct xout *o, const char *text)
{
	if (xout_block(o) < 0 || xout_account(o, strlen(text)) < 0)
		return -1;
	doc_add_para(o->doc, text);
	return 0;
}

int
xout_row(struct xout *o, int table)
{
	if (xout_block(o) < 0)
		return -1;
	doc_row_begin(o->doc, table);
	return 0;
}

int
xout_cell(struct xout *o, const char *text)
{
	if (xout_account(o, XOUT_BLOCK_COST + strlen(text ? text : "")) < 0)
		return -1;
	doc_row_cell(o->doc, text ? text : "");
	return 0;
}

int
xout_late(struct xout *o)
{
	struct timespec now;
	double el;

	if (o->err)
		return -1;
	clock_gettime(CLOCK_MONOTONIC, &now);
	el = (double)(now.tv_sec - o->start.tv_sec) + (double)(now.tv_nsec - o->start.tv_nsec) / 1e9;
	if (el > (double)o->lim->max_seconds)
		return xout_fail(o, "extraction took longer than %u s", o->lim->max_seconds);
	return 0;
}

int
xout_tick(struct xout *o)
{
	if (o->err)
		return -1;
	if (++o->ticks < 4096)
		return 0;
	o->ticks = 0;
	return xout_late(o);
}

int
xout_finish(struct xout *o, int rc, struct doc **out, char **err)
{
	if (rc == 0 && o->err)
		rc = -1;
	if (rc < 0 && !o->err)
		o->err = xstrdup("extraction failed");
	if (rc == 0 && out) {
		*out = o->doc;
		o->doc = NULL;
	} else if (rc < 0 && err) {
		*err = o->err;
		o->err = NULL;
	}
	doc_free(o->doc);
	free(o->err);
	o->doc = NULL;
	o->err = NULL;
	return rc;
}

static int
is_utf8_name(const char *cs)
{
	return !cs || !*cs || !g_ascii_strcasecmp(cs, "utf-8") || !g_ascii_strcasecmp(cs, "utf8") ||
	    !g_ascii_strcasecmp(cs, "us-ascii") || !g_ascii_strcasecmp(cs, "ascii");
}

char *
xto_utf8(const void *data, size_t len, const char *charset)
{
	const unsigned char *p = data;

	/* A byte-order mark outranks a label: Excel's "Unicode text" export is UTF-16 whatever the mail says. */
	if (len >= 2 && p[0] == 0xff && p[1] == 0xfe)
		return charset_to_utf8(p + 2, len - 2, "UTF-16LE");
	if (len >= 2 && p[0] == 0xfe && p[1] == 0xff)
		return charset_to_utf8(p + 2, len - 2, "UTF-16BE");
	if (!is_utf8_name(charset))
		return charset_to_utf8(data, len, charset);
	if (len >= 3 && p[0] == 0xef && p[1] == 0xbb && p[2] == 0xbf) {
		p += 3;
		len -= 3;
	}
	/* Unlabelled 8-bit text that is not UTF-8 is, in mail, almost always windows-1252. */
	if (!g_utf8_validate_len((const char *)p, len, NULL))
		return charset_to_utf8(p, len, "windows-1252");
	return charset_to_utf8(p, len, NULL);
}
