/* pdf.c: the text of a PDF (ISO 32000) through poppler-glib, page by page, one paragraph a line. */
/* SPDX-License-Identifier: Apache-2.0 */
#include "pdf.h"
#include "xout.h"

#include <stdlib.h>
#include <string.h>
#include <poppler.h>

/* Lines of one page's text as paragraphs; blank lines (column and page gaps) carry nothing. */
static int
add_page_lines(struct xout *o, char *text)
{
	char *line = text, *end;
	int rc = 0;

	while (rc == 0 && line && *line) {
		end = strpbrk(line, "\r\n");
		if (end)
			*end = '\0';
		if (!str_empty(line))
			rc = xout_para(o, line);
		line = end ? end + 1 : NULL;
	}
	return rc;
}

int
pdf_extract(const void *data, size_t len, const struct extract_limits *lim, struct doc **out, char **err)
{
	struct xout o;
	GBytes *bytes = NULL;
	PopplerDocument *pd = NULL;
	GError *gerr = NULL;
	char *text = NULL, *ok = NULL;
	int rc = -1, npages;

	xout_init(&o, lim);
	if (out)
		*out = NULL;
	if (err)
		*err = NULL;
	if (xout_input(&o, "pdf", len) < 0)
		goto out;
	if (!data || len < 5 || memcmp(data, "%PDF-", 5) != 0) {
		/* Poppler tolerates junk before the header; mail attachments named .pdf that are not PDFs are common.
		 */
		if (!data || len < 5 || !memmem(data, len < 1024 ? len : 1024, "%PDF-", 5)) {
			xout_fail(&o, "not a PDF (no %%PDF- header)");
			goto out;
		}
	}
	/* Static bytes: poppler reads the caller's buffer in place, and is done with it before we return. */
	bytes = g_bytes_new_static(data, len);
	pd = poppler_document_new_from_bytes(bytes, NULL, &gerr);
	if (!pd) {
		if (gerr && gerr->domain == POPPLER_ERROR && gerr->code == POPPLER_ERROR_ENCRYPTED)
			xout_fail(&o, "encrypted PDF (needs a password)");
		else {
			ok = str_oneline(gerr ? gerr->message : "unreadable", 200);
			xout_fail(&o, "damaged PDF: %s", ok);
		}
		goto out;
	}
	npages = poppler_document_get_n_pages(pd);
	for (int i = 0; i < npages; i++) {
		PopplerPage *page;

		/* A page cannot be interrupted inside poppler: the clock is checked between pages. */
		if (xout_late(&o) < 0)
			goto out;
		if (!(page = poppler_document_get_page(pd, i))) {
			doc_warn(o.doc, "pdf: page %d unreadable", i + 1);
			continue;
		}
		text = poppler_page_get_text(page);
		g_object_unref(page);
		if (text && add_page_lines(&o, text) < 0)
			goto out;
		g_free(text);
		text = NULL;
	}
	rc = 0;
out:
	g_free(text);
	free(ok);
	if (gerr)
		g_error_free(gerr);
	if (pd)
		g_object_unref(pd);
	if (bytes)
		g_bytes_unref(bytes);
	return xout_finish(&o, rc, out, err);
}
