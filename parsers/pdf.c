/* pdf.c: the text of a PDF (ISO 32000) through poppler-glib, page by page, one paragraph a line. */
/* SPDX-License-Identifier: Apache-2.0 */
#include "pdf.h"
#include "xout.h"

#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>
#include <poppler.h>

/*
 * poppler-glib is opened on the first PDF, not linked: with it come some forty libraries (poppler,
 * cairo, NSS, X11, the image codecs) that every start of liaisonctl and liaisond would otherwise
 * map and relocate, for the few messages that carry a PDF. The prototypes are poppler's own.
 */
struct poppler_api {
	__typeof__(poppler_document_new_from_bytes) *document_new_from_bytes;
	__typeof__(poppler_document_get_n_pages) *document_get_n_pages;
	__typeof__(poppler_document_get_page) *document_get_page;
	__typeof__(poppler_page_get_text) *page_get_text;
	__typeof__(poppler_error_quark) *error_quark;
};

/* The API, loaded once; NULL with *why when the library cannot be opened. */
static const struct poppler_api *
poppler_api(const char **why)
{
	static struct poppler_api api;
	static int tried;
	static const char *failed;
	void *h;

	if (!tried) {
		tried = 1;
		if (!(h = dlopen(LSD_POPPLER_SONAME, RTLD_NOW | RTLD_LOCAL))) {
			failed = "cannot load " LSD_POPPLER_SONAME;
		} else {
			*(void **)&api.document_new_from_bytes = dlsym(h, "poppler_document_new_from_bytes");
			*(void **)&api.document_get_n_pages = dlsym(h, "poppler_document_get_n_pages");
			*(void **)&api.document_get_page = dlsym(h, "poppler_document_get_page");
			*(void **)&api.page_get_text = dlsym(h, "poppler_page_get_text");
			*(void **)&api.error_quark = dlsym(h, "poppler_error_quark");
			if (!api.document_new_from_bytes || !api.document_get_n_pages || !api.document_get_page ||
			    !api.page_get_text || !api.error_quark)
				failed = LSD_POPPLER_SONAME " lacks a function liaisond needs";
		}
	}
	*why = failed;
	return failed ? NULL : &api;
}

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
	const char *why = NULL;
	const struct poppler_api *pop;
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
	if (!(pop = poppler_api(&why))) {
		xout_fail(&o, "no PDF reader: %s", why);
		goto out;
	}
	/* Static bytes: poppler reads the caller's buffer in place, and is done with it before we return. */
	bytes = g_bytes_new_static(data, len);
	pd = pop->document_new_from_bytes(bytes, NULL, &gerr);
	if (!pd) {
		if (gerr && gerr->domain == pop->error_quark() && gerr->code == POPPLER_ERROR_ENCRYPTED)
			xout_fail(&o, "encrypted PDF (needs a password)");
		else {
			ok = str_oneline(gerr ? gerr->message : "unreadable", 200);
			xout_fail(&o, "damaged PDF: %s", ok);
		}
		goto out;
	}
	npages = pop->document_get_n_pages(pd);
	for (int i = 0; i < npages; i++) {
		PopplerPage *page;

		/* A page cannot be interrupted inside poppler: the clock is checked between pages. */
		if (xout_late(&o) < 0)
			goto out;
		if (!(page = pop->document_get_page(pd, i))) {
			doc_warn(o.doc, "pdf: page %d unreadable", i + 1);
			continue;
		}
		text = pop->page_get_text(page);
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
