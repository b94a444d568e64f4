/* pdf.h: the PDF extractor (poppler-glib). */
/* SPDX-License-Identifier: Apache-2.0 */
#ifndef LSD_PDF_H
#define LSD_PDF_H

#include <stddef.h>

struct doc;
struct extract_limits;

/*
 * Reads data (len bytes, borrowed) into a new document, within lim (NULL: the defaults).
 * Returns 0 and *out (owned), or -1 with *err (owned) saying why the document was skipped.
 */
int pdf_extract(const void *data, size_t len, const struct extract_limits *lim, struct doc **out, char **err);

#endif
