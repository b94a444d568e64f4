/* html_out.h: text from mail into HTML, and the head every page liaisond writes shares (strict CSP). */
/* SPDX-License-Identifier: Apache-2.0 */
#ifndef LSD_HTML_OUT_H
#define LSD_HTML_OUT_H

#include "util.h"

/* s as HTML text or a quoted attribute value: & < > " ' escaped, control characters as spaces. */
void html_text(struct buf *b, const char *s);

/*
 * "<!DOCTYPE html>…<title>TITLE</title><style>" with a Content-Security-Policy that loads
 * nothing from anywhere and runs only the page's own inline script (scripts: 1) or none; the
 * caller writes its CSS, then "</style></head>".
 */
void html_head(struct buf *b, const char *title, int scripts);

#endif
