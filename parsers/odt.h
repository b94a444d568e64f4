/* odt.h: the OpenDocument text (.odt, ISO/IEC 26300) extractor. */
/* SPDX-License-Identifier: Apache-2.0 */
#ifndef LSD_ODT_H
#define LSD_ODT_H

#include <stddef.h>

struct doc;
struct extract_limits;

/*
 * Reads data (len bytes, borrowed) into a new document, within lim (NULL: the defaults): the
 * paragraphs, headings and tables of content.xml, in order.
 * Returns 0 and *out (owned), or -1 with *err (owned) saying why the document was skipped.
 */
int odt_extract(const void *data, size_t len, const struct extract_limits *lim, struct doc **out, char **err);

#endif
