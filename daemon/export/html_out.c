/* html_out.c: text from mail into HTML, and the head every page liaisond writes shares (strict CSP). */
/* SPDX-License-Identifier: Apache-2.0 */
#include "html_out.h"

void
html_text(struct buf *b, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '&': buf_adds(b, "&amp;"); break;
		case '<': buf_adds(b, "&lt;"); break;
		case '>': buf_adds(b, "&gt;"); break;
		case '"': buf_adds(b, "&quot;"); break;
		case '\'': buf_adds(b, "&#39;"); break;
		default: buf_addc(b, (unsigned char)*s < 0x20 && *s != '\n' && *s != '\t' ? ' ' : *s);
		}
	}
}

void
html_head(struct buf *b, const char *title, int scripts)
{
	buf_adds(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
	/* Nothing but this page's own style (and script) may run or load: the text comes from mail. */
	buf_printf(b,
	    "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline';"
	    "%s img-src data:; base-uri 'none'; form-action 'none'\">\n",
	    scripts ? " script-src 'unsafe-inline';" : "");
	buf_adds(b, "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
	html_text(b, title);
	buf_adds(b, "</title>\n<style>\n");
}
