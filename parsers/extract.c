/* extract.c: picks the extractor for an attachment, from its MIME type or its file name. */
/* SPDX-License-Identifier: Apache-2.0 */
#include "extract.h"
#include "csv.h"
#include "docx.h"
#include "html.h"
#include "pdf.h"
#include "text.h"
#include "xlsx.h"

#include <string.h>
#include <glib.h>

enum doc_type
extract_type(const char *content_type, const char *filename)
{
	static const struct {
		const char *mime;
		enum doc_type t;
	} mimes[] = {
	    {"application/vnd.openxmlformats-officedocument.wordprocessingml.document", DOC_DOCX},
	    {"application/vnd.openxmlformats-officedocument.wordprocessingml.template", DOC_DOCX},
	    {"application/vnd.ms-word.document.macroenabled.12", DOC_DOCX},
	    {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", DOC_XLSX},
	    {"application/vnd.openxmlformats-officedocument.spreadsheetml.template", DOC_XLSX},
	    {"application/vnd.ms-excel.sheet.macroenabled.12", DOC_XLSX},
	    {"application/pdf", DOC_PDF},
	    {"application/x-pdf", DOC_PDF},
	    {"text/csv", DOC_CSV},
	    {"text/comma-separated-values", DOC_CSV},
	    {"text/x-csv", DOC_CSV},
	    {"application/csv", DOC_CSV},
	    {"text/tab-separated-values", DOC_CSV},
	    {"text/html", DOC_HTML},
	    {"application/xhtml+xml", DOC_HTML},
	};
	static const struct {
		const char *ext;
		enum doc_type t;
	} exts[] = {
	    {".docx", DOC_DOCX},
	    {".docm", DOC_DOCX},
	    {".dotx", DOC_DOCX},
	    {".xlsx", DOC_XLSX},
	    {".xlsm", DOC_XLSX},
	    {".xltx", DOC_XLSX},
	    {".pdf", DOC_PDF},
	    {".csv", DOC_CSV},
	    {".tsv", DOC_CSV},
	    {".htm", DOC_HTML},
	    {".html", DOC_HTML},
	    {".xhtml", DOC_HTML},
	    {".txt", DOC_TEXT},
	    {".text", DOC_TEXT},
	};
	char mime[128] = "";
	enum doc_type t = DOC_UNKNOWN;
	size_t n = 0;

	if (content_type) {
		while (content_type[n] && content_type[n] != ';' && n + 1 < sizeof(mime)) {
			mime[n] = content_type[n];
			n++;
		}
		mime[n] = '\0';
		str_lower(mime);
		g_strstrip(mime);
	}
	for (size_t i = 0; i < sizeof(mimes) / sizeof(mimes[0]); i++)
		if (!strcmp(mime, mimes[i].mime))
			return mimes[i].t;
	/* Generic types (octet-stream, zip, vnd.ms-excel for a .csv, text/plain for anything) defer to the name. */
	for (size_t i = 0; filename && i < sizeof(exts) / sizeof(exts[0]); i++)
		if (str_endswith_ci(filename, exts[i].ext))
			return exts[i].t;
	if (!strcmp(mime, "text/plain") || (!*mime && !filename))
		t = DOC_TEXT;
	return t;
}

const char *
extract_type_name(enum doc_type t)
{
	switch (t) {
	case DOC_TEXT: return "text";
	case DOC_HTML: return "html";
	case DOC_DOCX: return "docx";
	case DOC_XLSX: return "xlsx";
	case DOC_PDF: return "pdf";
	case DOC_CSV: return "csv";
	case DOC_UNKNOWN: break;
	}
	return "unknown";
}

int
extract_doc(enum doc_type type, const void *data, size_t len, const char *charset, const struct extract_limits *lim,
    struct doc **out, char **err)
{
	switch (type) {
	case DOC_TEXT: return text_extract(data, len, charset, lim, out, err);
	case DOC_HTML: return html_extract(data, len, charset, lim, out, err);
	case DOC_DOCX: return docx_extract(data, len, lim, out, err);
	case DOC_XLSX: return xlsx_extract(data, len, lim, out, err);
	case DOC_PDF: return pdf_extract(data, len, lim, out, err);
	case DOC_CSV: return csv_extract(data, len, charset, lim, out, err);
	case DOC_UNKNOWN: break;
	}
	if (out)
		*out = NULL;
	if (err)
		*err = xstrdup("unsupported attachment type");
	return -1;
}
