/* extract.c: picks the extractor for an attachment, from its MIME type, its file name and what its bytes show. */
/* SPDX-License-Identifier: Apache-2.0 */
#include "extract.h"
#include "archive.h"
#include "csv.h"
#include "doc97.h"
#include "docx.h"
#include "html.h"
#include "odt.h"
#include "pdf.h"
#include "rtf.h"
#include "text.h"
#include "xlsx.h"

#include <string.h>
#include <glib.h>
#include <zip.h>

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
	    {"application/msword", DOC_DOC97},
	    {"application/vnd.ms-word", DOC_DOC97},
	    {"application/vnd.oasis.opendocument.text", DOC_ODT},
	    {"application/vnd.oasis.opendocument.text-template", DOC_ODT},
	    {"application/rtf", DOC_RTF},
	    {"application/x-rtf", DOC_RTF},
	    {"text/rtf", DOC_RTF},
	    {"text/richtext", DOC_RTF},
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
	    {".doc", DOC_DOC97},
	    {".dot", DOC_DOC97},
	    {".odt", DOC_ODT},
	    {".ott", DOC_ODT},
	    {".rtf", DOC_RTF},
	    {".zip", DOC_ZIP},
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
	/* An archive by its type alone: a .docx sent as application/zip was named above. */
	if (!strcmp(mime, "application/zip") || !strcmp(mime, "application/x-zip-compressed") ||
	    !strcmp(mime, "application/x-zip"))
		return DOC_ZIP;
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
	case DOC_DOC97: return "doc";
	case DOC_ODT: return "odt";
	case DOC_RTF: return "rtf";
	case DOC_ZIP: return "zip";
	case DOC_UNKNOWN: break;
	}
	return "unknown";
}

/* What a zip holds: an OOXML or OpenDocument package by its parts, else an archive of documents. */
static enum doc_type
sniff_zip(enum doc_type declared, const void *data, size_t len)
{
	zip_source_t *src;
	zip_error_t zerr;
	zip_t *z;
	enum doc_type t = DOC_ZIP;

	if (declared == DOC_DOCX || declared == DOC_XLSX || declared == DOC_ODT)
		return declared; /* a damaged package: its extractor says why */
	zip_error_init(&zerr);
	if (!(src = zip_source_buffer_create(data, len, 0, &zerr))) {
		zip_error_fini(&zerr);
		return declared;
	}
	if (!(z = zip_open_from_source(src, ZIP_RDONLY, &zerr))) {
		zip_source_free(src);
		zip_error_fini(&zerr);
		return DOC_ZIP; /* the archive reader says why */
	}
	if (zip_name_locate(z, "word/document.xml", 0) >= 0)
		t = DOC_DOCX;
	else if (zip_name_locate(z, "xl/workbook.xml", 0) >= 0)
		t = DOC_XLSX;
	else if (zip_name_locate(z, "content.xml", 0) >= 0 && zip_name_locate(z, "mimetype", 0) >= 0)
		t = DOC_ODT;
	zip_discard(z);
	zip_error_fini(&zerr);
	return t;
}

enum doc_type
extract_sniff(enum doc_type declared, const void *data, size_t len)
{
	static const char word[] = "W\0o\0r\0d\0D\0o\0c\0u\0m\0e\0n\0t\0";
	static const char enc[] = "E\0n\0c\0r\0y\0p\0t\0e\0d\0P\0a\0c\0k\0a\0g\0e\0";
	const char *p = data;

	if (!data || len < 5)
		return declared;
	if (doc97_sniff(data, len)) {
		/* Any Office 97 file is a compound file: only one with a WordDocument stream is Word. */
		if (declared == DOC_DOC97 || memmem(data, len, word, sizeof(word) - 1))
			return DOC_DOC97;
		/* An encrypted .docx is a compound file too; the Word reader names the problem. */
		if (declared == DOC_DOCX || memmem(data, len, enc, sizeof(enc) - 1))
			return DOC_DOC97;
		return declared == DOC_ZIP || declared == DOC_RTF || declared == DOC_ODT ? DOC_UNKNOWN : declared;
	}
	if (!memcmp(p, "{\\rtf", 5))
		return DOC_RTF;
	if (!memcmp(p, "%PDF-", 5))
		return DOC_PDF;
	if (len >= 4 && !memcmp(p, "PK\3\4", 4))
		return sniff_zip(declared, data, len);
	return declared;
}

int
extract_doc(enum doc_type type, const void *data, size_t len, const char *charset, const struct extract_limits *lim,
    struct doc **out, char **err)
{
	return extract_doc_depth(type, data, len, charset, lim, 0, out, err);
}

int
extract_doc_depth(enum doc_type type, const void *data, size_t len, const char *charset,
    const struct extract_limits *lim, unsigned depth, struct doc **out, char **err)
{
	switch (type) {
	case DOC_TEXT: return text_extract(data, len, charset, lim, out, err);
	case DOC_HTML: return html_extract(data, len, charset, lim, out, err);
	case DOC_DOCX: return docx_extract(data, len, lim, out, err);
	case DOC_XLSX: return xlsx_extract(data, len, lim, out, err);
	case DOC_PDF: return pdf_extract(data, len, lim, out, err);
	case DOC_CSV: return csv_extract(data, len, charset, lim, out, err);
	case DOC_DOC97: return doc97_extract(data, len, lim, out, err);
	case DOC_ODT: return odt_extract(data, len, lim, out, err);
	case DOC_RTF: return rtf_extract(data, len, lim, out, err);
	case DOC_ZIP: return archive_extract(data, len, charset, lim, depth, out, err);
	case DOC_UNKNOWN: break;
	}
	if (out)
		*out = NULL;
	if (err)
		*err = xstrdup("unsupported attachment type");
	return -1;
}
