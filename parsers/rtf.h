/* rtf.h: the Rich Text Format (.rtf, RTF 1.9.1) extractor. */
/* SPDX-License-Identifier: Apache-2.0 */
#ifndef LSD_RTF_H
#define LSD_RTF_H

#include <stddef.h>

struct doc;
struct extract_limits;

/*
 * Reads data (len bytes, borrowed) into a new document, within lim (NULL: the defaults; group
 * nesting is capped by max_xml_depth): paragraphs, \cell/\row tables, field results, \uN and
 * \'hh characters in the document's \ansicpg. Fonts, styles, pictures, objects, headers, notes
 * and every \* destination are skipped.
 * Returns 0 and *out (owned), or -1 with *err (owned) saying why the document was skipped.
 */
int rtf_extract(const void *data, size_t len, const struct extract_limits *lim, struct doc **out, char **err);

#endif
