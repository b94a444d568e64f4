/* docx_out.h: a small Word (OOXML, ECMA-376) writer: headings, paragraphs, bullets and tables, zipped with libzip. */
/* SPDX-License-Identifier: Apache-2.0 */
#ifndef LSD_DOCX_OUT_H
#define LSD_DOCX_OUT_H

#include <stddef.h>
#include "util.h"

/*
 * A document written top to bottom. Every text may come from mail: it is written as XML
 * text (escaped by libxml2's writer), with control characters and invalid UTF-8 replaced,
 * and a line break in it becomes a Word line break. Nothing is ever markup or a field.
 */
struct docx;

struct docx *docx_new(const char *title, int landscape); /* title: the document's properties */
void docx_free(struct docx *d);                          /* accepts NULL */

enum docx_style {
	DOCX_NORMAL,
	DOCX_TITLE,
	DOCX_SUBTITLE,
	DOCX_HEADING1,
	DOCX_HEADING2,
	DOCX_BULLET,
	DOCX_CAPTION,
	DOCX_SUBBULLET
};
void docx_para(struct docx *d, enum docx_style style, const char *text);
void docx_page_break(struct docx *d);

/*
 * A table: ncols columns of relative widths (NULL: equal), a header row repeated on each
 * page, then rows of ncols cells (a NULL cell is empty), then docx_table_end.
 */
void docx_table_begin(struct docx *d, int ncols, const int *widths, const char *const *headers);
void docx_table_row(struct docx *d, const char *const *cells);
void docx_table_end(struct docx *d);

/* The .docx file's bytes, appended to out. 0 ok, -1 with *err (owned). */
int docx_finish(struct docx *d, struct buf *out, char **err);

#endif
