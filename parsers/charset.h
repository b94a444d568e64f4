/* charset.h: bytes in a MIME charset to valid UTF-8. */
/* SPDX-License-Identifier: Apache-2.0 */
#ifndef LSD_CHARSET_H
#define LSD_CHARSET_H

#include <stddef.h>

/* Bytes in charset to owned UTF-8 (invalid sequences replaced); NULL or "utf-8" validates only. */
char *charset_to_utf8(const void *data, size_t len, const char *charset);

/* One windows-1252 byte as a Unicode code point, without iconv (Word's "compressed" text, RTF's default). */
unsigned charset_cp1252(unsigned char b);

#endif
