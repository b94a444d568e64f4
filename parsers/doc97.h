/* doc97.h: the Word 97-2003 binary (.doc, [MS-DOC]) extractor: main text and tables out of an OLE2 compound file. */
/* SPDX-License-Identifier: Apache-2.0 */
#ifndef LSD_DOC97_H
#define LSD_DOC97_H

#include <stddef.h>

struct doc;
struct extract_limits;

/* 1 when data starts like an OLE2 compound file (any Office 97 document: .doc, .xls, .ppt, .msg). */
int doc97_sniff(const void *data, size_t len);

/*
 * Reads data (len bytes, borrowed) into a new document, within lim (NULL: the defaults).
 * Returns 0 and *out (owned), or -1 with *err (owned) saying why the document was skipped
 * (not a compound file, no WordDocument stream, encrypted, Word 6/95, damaged).
 */
int doc97_extract(const void *data, size_t len, const struct extract_limits *lim, struct doc **out, char **err);

#endif
