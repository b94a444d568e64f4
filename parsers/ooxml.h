/* ooxml.h: OOXML packages (ECMA-376 part 2) for the docx and xlsx extractors: zip parts streamed as XML, within limits.
 */
/* SPDX-License-Identifier: Apache-2.0 */
#ifndef LSD_OOXML_H
#define LSD_OOXML_H

#include <stddef.h>
#include <libxml/xmlreader.h>
#include <zip.h>

#include "xout.h"

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
/* Entry idx inflated whole, under the same checks as a part: 0 and *out (owned, NUL-terminated), or -1. */
int ooxml_entry_read(struct ooxml *ox, zip_uint64_t idx, unsigned char **out, size_t *outlen);

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
