/* text.h: the plain-text extractor, for mail bodies and .txt attachments. */
/* SPDX-License-Identifier: Apache-2.0 */
#ifndef LSD_TEXT_H
#define LSD_TEXT_H

#include <stddef.h>

struct doc;
struct extract_limits;

/*
 * Reads data (len bytes, borrowed) into a new document, within lim (NULL: the defaults).
 * Returns 0 and *out (owned), or -1 with *err (owned) saying why the document was skipped.
 * charset applies when the bytes are not UTF-8 (may be NULL).
 */
int text_extract(
    const void *data, size_t len, const char *charset, const struct extract_limits *lim, struct doc **out, char **err);

#endif
