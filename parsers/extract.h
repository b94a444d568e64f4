/* extract.h: text and tables out of attachments (.docx, .doc, .odt, .rtf, .xlsx, .pdf, .csv, HTML, text, and .zip
 * archives of them), within limits: which extractor reads which part. */
/* SPDX-License-Identifier: Apache-2.0 */
#ifndef LSD_EXTRACT_H
#define LSD_EXTRACT_H

#include <stddef.h>
#include "doc.h"
#include "xout.h" /* struct extract_limits */

enum doc_type {
	DOC_UNKNOWN = 0,
	DOC_TEXT,
	DOC_HTML,
	DOC_DOCX,
	DOC_XLSX,
	DOC_PDF,
	DOC_CSV,
	DOC_DOC97, /* Word 97-2003 binary */
	DOC_ODT,
	DOC_RTF,
	DOC_ZIP, /* an archive of any of the above */
};

/* What a part is, from its MIME type, then its file name's extension. */
enum doc_type extract_type(const char *content_type, const char *filename);
const char *extract_type_name(enum doc_type t); /* "docx", "pdf", … */

/*
 * The type the content itself shows (a compound file, "{\rtf", "%PDF-", a zip and the parts it
 * names), which outranks the declared one: Word saves RTF under .doc, mailers send octet-stream.
 * Returns declared when the content shows nothing conclusive.
 */
enum doc_type extract_sniff(enum doc_type declared, const void *data, size_t len);

/*
 * Reads data (len bytes, borrowed) of the given type into a new document.
 * Returns 0 and *out (owned), or -1 with *err (owned) saying why the document was skipped.
 * charset applies to DOC_TEXT, DOC_HTML and DOC_CSV when the bytes are not UTF-8 (may be NULL).
 */
int extract_doc(enum doc_type type, const void *data, size_t len, const char *charset, const struct extract_limits *lim,
    struct doc **out, char **err);

/* extract_doc() at a nesting depth: a DOC_ZIP member of a DOC_ZIP is depth 1, and no deeper archive is opened. */
int extract_doc_depth(enum doc_type type, const void *data, size_t len, const char *charset,
    const struct extract_limits *lim, unsigned depth, struct doc **out, char **err);

#endif
