/* extract.h: text and tables out of attachments (.docx, .xlsx, .pdf, .csv, HTML, text), within limits. */
#ifndef LSD_EXTRACT_H
#define LSD_EXTRACT_H

#include <stddef.h>
#include "doc.h"

enum doc_type {
	DOC_UNKNOWN = 0,
	DOC_TEXT,
	DOC_HTML,
	DOC_DOCX,
	DOC_XLSX,
	DOC_PDF,
	DOC_CSV,
};

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

/* What a part is, from its MIME type, then its file name's extension. */
enum doc_type extract_type(const char *content_type, const char *filename);
const char *extract_type_name(enum doc_type t); /* "docx", "pdf", … */

/*
 * Reads data (len bytes, borrowed) of the given type into a new document.
 * Returns 0 and *out (owned), or -1 with *err (owned) saying why the document was skipped.
 * charset applies to DOC_TEXT, DOC_HTML and DOC_CSV when the bytes are not UTF-8 (may be NULL).
 */
int extract_doc(enum doc_type type, const void *data, size_t len, const char *charset, const struct extract_limits *lim,
    struct doc **out, char **err);

/* The individual extractors, same contract as extract_doc(). */
int docx_extract(const void *data, size_t len, const struct extract_limits *lim, struct doc **out, char **err);
int xlsx_extract(const void *data, size_t len, const struct extract_limits *lim, struct doc **out, char **err);
int pdf_extract(const void *data, size_t len, const struct extract_limits *lim, struct doc **out, char **err);
int csv_extract(
    const void *data, size_t len, const char *charset, const struct extract_limits *lim, struct doc **out, char **err);
int html_extract(
    const void *data, size_t len, const char *charset, const struct extract_limits *lim, struct doc **out, char **err);
int text_extract(
    const void *data, size_t len, const char *charset, const struct extract_limits *lim, struct doc **out, char **err);

/* Bytes in charset to owned UTF-8 (invalid sequences replaced); NULL or "utf-8" validates only. */
char *charset_to_utf8(const void *data, size_t len, const char *charset);

#endif
