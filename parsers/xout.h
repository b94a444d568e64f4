/* xout.h: what every extractor shares: the caps on untrusted content and the bounded output a document is built
 * through.
 */
/* SPDX-License-Identifier: Apache-2.0 */
#ifndef LSD_XOUT_H
#define LSD_XOUT_H

#include <stddef.h>
#include <time.h>
#include "doc.h"

/* Caps on untrusted content. A document over a cap is skipped with a reason, never half-read. */
struct extract_limits {
	size_t max_input;        /* bytes of the attachment itself */
	size_t max_uncompressed; /* total bytes read out of a zip container */
	size_t max_entries;      /* entries in a zip container */
	unsigned max_ratio;      /* uncompressed / compressed, per entry */
	unsigned max_xml_depth;  /* element nesting */
	size_t max_blocks;       /* paragraphs + rows kept */
	unsigned max_seconds;    /* wall time per document (PDF pages, XML) */
};

/* The defaults (64 MiB in, 256 MiB out, 4096 entries, ratio 200, depth 256, 200000 blocks, 20 s). */
void extract_limits_default(struct extract_limits *lim);

/*
 * Everything an extractor emits goes through an xout, so the caps on blocks, output bytes
 * and wall time are enforced the same way in every format. The first failure wins: later
 * calls keep returning -1 and the message in err is the one the caller sees.
 */
struct xout {
	struct doc *doc;                  /* owned until xout_finish() */
	const struct extract_limits *lim; /* borrowed, or points at deflim */
	struct extract_limits deflim;     /* used when the caller passed no limits */
	size_t bytes;                     /* output bytes (and bookkeeping) so far */
	struct timespec start;            /* CLOCK_MONOTONIC */
	unsigned long ticks;              /* calls to xout_tick() since the last clock read */
	char *err;                        /* owned: the first failure */
};

void xout_init(struct xout *o, const struct extract_limits *lim);
int xout_fail(struct xout *o, const char *fmt, ...) __attribute__((format(printf, 2, 3))); /* always -1 */
int xout_input(struct xout *o, const char *what, size_t len); /* -1 when len is over max_input */
int xout_para(struct xout *o, const char *text);
int xout_row(struct xout *o, int table);
int xout_cell(struct xout *o, const char *text);
int xout_account(struct xout *o, size_t n); /* memory held besides the document */
/*
 * A finished table row (docx and HTML alike): a row of table `table` when the table is outermost
 * (parent NULL); inside another table, one tab-joined line of the parent's open cell, or a paragraph
 * when the parent has no cell open. Empty nested rows are dropped.
 */
int xout_table_row(struct xout *o, int table, const struct strv *row, struct buf *parent, int parent_in_cell);
int xout_late(struct xout *o); /* -1 past max_seconds */
int xout_tick(struct xout *o); /* xout_late() every few thousand calls */
/* Hands the document (rc 0) or the reason (rc -1) to the caller; o is emptied. Returns rc. */
int xout_finish(struct xout *o, int rc, struct doc **out, char **err);
/* "12 KiB", "300 MiB": sizes in messages. */
void xsize(char *dst, size_t cap, size_t n);
/* UTF-8 from bytes (owned): a byte-order mark, else the given charset, else UTF-8 when valid, else windows-1252. */
char *xto_utf8(const void *data, size_t len, const char *charset);

#endif
