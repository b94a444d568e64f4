/* ctl_table.h: liaisonctl's tables: a header row and columns as wide as their widest cell, or CSV (RFC 4180). */
/* SPDX-License-Identifier: Apache-2.0 */
#ifndef LSD_CTL_TABLE_H
#define LSD_CTL_TABLE_H

#include <stddef.h>

#include "util.h"

/* What a listing command prints: --format text|csv|json (--json being json). */
enum ctl_format { CTL_FORMAT_TEXT, CTL_FORMAT_CSV, CTL_FORMAT_JSON };
/* "text", "csv" or "json" into *out: 0, or -1 for another word. */
int ctl_format_parse(const char *s, enum ctl_format *out);

enum ctl_col_flags {
	CTL_COL_RIGHT = 1,    /* text: right-aligned (numbers) */
	CTL_COL_CSV_ONLY = 2, /* left out of the text form (a long identifier, a full timestamp) */
};

struct ctl_col {
	const char *name; /* the CSV header cell; upper-cased for the text form's header */
	size_t max;       /* text: the widest a cell may be, in columns (a longer one ends in "…"); 0: any */
	unsigned flags;   /* enum ctl_col_flags */
};

struct ctl_table;

/* An empty table of ncols columns; cols is borrowed and must outlive it. Never NULL. */
struct ctl_table *ctl_table_new(const struct ctl_col *cols, size_t ncols);
void ctl_table_free(struct ctl_table *t); /* accepts NULL */
/* Appends a cell (copied; NULL is empty) to the last row; after ncols cells, the next one starts a row. */
void ctl_table_add(struct ctl_table *t, const char *cell);
void ctl_table_addf(struct ctl_table *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
size_t ctl_table_rows(const struct ctl_table *t);

/*
 * The text form: the header, then a line per row, columns two spaces apart and as wide as
 * their widest cell (or their max), the last one unpadded. Cells are made one line and safe
 * for a terminal (ctl_text_clean). The header is printed even when there are no rows.
 */
void ctl_table_text(const struct ctl_table *t, struct buf *out);
/*
 * RFC 4180: a header row, CRLF line ends, a cell quoted when it holds a comma, a quote, CR
 * or LF (quotes doubled). A cell a spreadsheet would run as a formula is neutralised.
 */
void ctl_table_csv(const struct ctl_table *t, struct buf *out);
/* The table as text or CSV on stdout. 0 ok, -1 reported. */
int ctl_table_print(const struct ctl_table *t, enum ctl_format f);

/*
 * Text from mail made safe to print on a terminal: control characters (C0, DEL, C1: escape
 * sequences) and bidirectional overrides become spaces, except '\n' when keep_newlines;
 * bytes that are not UTF-8 become U+FFFD. NULL becomes "". Owned.
 */
char *ctl_text_clean(const char *s, int keep_newlines);
/* Columns that UTF-8 text takes on a terminal (wide East Asian characters 2, combining marks 0). */
size_t ctl_text_width(const char *s);

#endif
