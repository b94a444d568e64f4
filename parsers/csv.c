/* csv.c: a CSV file (RFC 4180, plus the ';' and TAB dialects Excel writes) as one table, a row per record. */
/* SPDX-License-Identifier: Apache-2.0 */
#include "csv.h"
#include "xout.h"

#include <stdlib.h>
#include <string.h>

/* Lines looked at to guess the delimiter. */
#define SNIFF_LINES 10
#define SNIFF_BYTES 65536

/*
 * Counts each candidate outside quotes, line by line. A delimiter found the same number of
 * times on every line wins over one merely frequent: "a;b\nc, d, e;f" is ';'.
 */
static char
sniff_delim(const char *s, size_t len)
{
	static const char cands[] = {',', ';', '\t'};
	unsigned counts[3][SNIFF_LINES] = {{0}};
	size_t i, lines = 0;
	int quoted = 0, best = -1;
	unsigned besttotal = 0;

	if (len > SNIFF_BYTES)
		len = SNIFF_BYTES;
	for (i = 0; i < len && lines < SNIFF_LINES; i++) {
		if (s[i] == '"')
			quoted = !quoted;
		else if (!quoted && s[i] == '\n')
			lines++;
		else if (!quoted)
			for (int c = 0; c < 3; c++)
				counts[c][lines] += s[i] == cands[c];
	}
	if (lines < SNIFF_LINES && i == len && len > 0 && s[len - 1] != '\n')
		lines++;
	/* First pass: consistent and present on every line. */
	for (int c = 0; c < 3; c++) {
		int consistent = lines > 0 && counts[c][0] > 0;

		for (size_t l = 1; l < lines && consistent; l++)
			consistent = counts[c][l] == counts[c][0] || (counts[c][l] == 0 && l == lines - 1);
		if (consistent && counts[c][0] > besttotal) {
			best = c;
			besttotal = counts[c][0];
		}
	}
	if (best >= 0)
		return cands[best];
	/* Otherwise the most frequent, ',' on a tie or when there is none at all. */
	best = 0;
	besttotal = 0;
	for (int c = 0; c < 3; c++) {
		unsigned total = 0;

		for (size_t l = 0; l < lines && l < SNIFF_LINES; l++)
			total += counts[c][l];
		if (total > besttotal) {
			best = c;
			besttotal = total;
		}
	}
	return cands[best];
}

static int
flush_record(struct xout *o, int table, struct strv *fields)
{
	int rc = 0;

	/* A blank line is not a record with one empty field. */
	if (fields->n == 1 && fields->v[0][0] == '\0')
		goto out;
	if ((rc = xout_row(o, table)) < 0)
		goto out;
	for (size_t i = 0; i < fields->n && rc == 0; i++)
		rc = xout_cell(o, fields->v[i]);
out:
	strv_free(fields);
	return rc;
}

int
csv_extract(
    const void *data, size_t len, const char *charset, const struct extract_limits *lim, struct doc **out, char **err)
{
	struct xout o;
	struct strv fields = {0};
	struct buf f = {0};
	char *text = NULL; /* owned */
	size_t n, i;
	int rc = -1, table, quoted = 0, was_quoted = 0;
	char delim, c;

	xout_init(&o, lim);
	if (out)
		*out = NULL;
	if (err)
		*err = NULL;
	if (xout_input(&o, "csv", len) < 0)
		goto out;
	text = xto_utf8(data, len, charset); /* also drops a UTF-8 BOM */
	n = strlen(text);
	delim = sniff_delim(text, n);
	table = doc_table_begin(o.doc);
	for (i = 0; i < n; i++) {
		c = text[i];
		if (quoted) {
			if (c == '\r' && i + 1 < n && text[i + 1] == '\n') {
				continue; /* a quoted CRLF becomes '\n', the cell convention of struct doc */
			} else if (c != '"') {
				buf_addc(&f, c);
			} else if (i + 1 < n && text[i + 1] == '"') {
				buf_addc(&f, '"');
				i++;
			} else {
				quoted = 0;
			}
			continue;
		}
		if (c == '"' && f.len == 0 && !was_quoted) {
			quoted = was_quoted = 1;
		} else if (c == delim) {
			strv_push(&fields, buf_str(&f));
			buf_reset(&f);
			was_quoted = 0;
		} else if (c == '\r' || c == '\n') {
			if (c == '\r' && i + 1 < n && text[i + 1] == '\n')
				i++;
			strv_push(&fields, buf_str(&f));
			buf_reset(&f);
			was_quoted = 0;
			if (flush_record(&o, table, &fields) < 0 || xout_tick(&o) < 0)
				goto out;
		} else {
			/* A stray quote inside an unquoted field, or text after a closing quote, is kept as is. */
			buf_addc(&f, c);
		}
	}
	/* The last record, with or without its line break; an unterminated quote keeps what it had. */
	if (f.len || fields.n || was_quoted) {
		strv_push(&fields, buf_str(&f));
		if (flush_record(&o, table, &fields) < 0)
			goto out;
	}
	if (quoted)
		doc_warn(o.doc, "csv: unterminated quoted field at the end");
	rc = 0;
out:
	strv_free(&fields);
	buf_free(&f);
	free(text);
	return xout_finish(&o, rc, out, err);
}
