/* ooxml.h: internals shared by the extractors: bounded output (struct xout) and OOXML zip+XML streaming (ECMA-376 part
 * 2). */
#ifndef LSD_OOXML_H
#define LSD_OOXML_H

#include <stddef.h>
#include <time.h>
#include <libxml/xmlreader.h>
#include <zip.h>

#include "extract.h"

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
/* UTF-8 from bytes: the given charset, else UTF-8 when valid, else windows-1252 (owned). */
char *xto_utf8(const void *data, size_t len, const char *charset);

/* An OOXML package opened from memory. */
struct ooxml {
	zip_t *zip;     /* owned */
	struct xout *o; /* borrowed: limits, clock and the error */
	size_t total;   /* bytes decompressed so far, all parts together */
};

/* One part streamed through an xmlTextReader, bytes counted as they are inflated. */
struct ooxml_part {
	struct ooxml *ox;   /* borrowed */
	char *name;         /* owned */
	zip_file_t *zf;     /* owned */
	xmlTextReaderPtr r; /* owned */
	size_t declared;    /* uncompressed size from the central directory (not trusted) */
	size_t comp;        /* compressed size */
	size_t got;         /* bytes actually inflated */
	int failed;
};

int ooxml_open(struct ooxml *ox, struct xout *o, const void *data, size_t len);
void ooxml_close(struct ooxml *ox); /* accepts a zeroed struct */
int ooxml_exists(struct ooxml *ox, const char *name);
/* 0 and *p (owned), 1 when the part is missing, -1 on a limit or a damaged entry (in ox->o). */
int ooxml_part_open(struct ooxml *ox, const char *name, struct ooxml_part **p);
/* 1 positioned on a node, 0 at the end, -1 on error (depth, time, XML, limits). */
int ooxml_part_next(struct ooxml_part *p);
/* Skips the subtree of the current element; same returns as ooxml_part_next(). */
int ooxml_part_skip(struct ooxml_part *p);
void ooxml_part_close(struct ooxml_part *p); /* accepts NULL */

/* The value of the current element's attribute with that local name (any namespace), owned or NULL. */
char *ooxml_attr(xmlTextReaderPtr r, const char *local);

/* A part's relationships (ECMA-376 part 2 §9.3): parallel vectors, targets resolved to part names. */
struct ooxml_rels {
	struct strv id, type, target;
};
int ooxml_rels_read(struct ooxml *ox, const char *part, struct ooxml_rels *rels); /* 0 (maybe empty) or -1 */
void ooxml_rels_free(struct ooxml_rels *rels);
const char *ooxml_rels_by_type(const struct ooxml_rels *rels, const char *suffix); /* borrowed */
const char *ooxml_rels_by_id(const struct ooxml_rels *rels, const char *id);       /* borrowed */

#endif
