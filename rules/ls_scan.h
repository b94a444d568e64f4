/* ls_scan.h: a document flattened into lines, and the labelled fields read from them (private to the LS parser). */
/* SPDX-License-Identifier: Apache-2.0 */
#ifndef LSD_LS_SCAN_H
#define LSD_LS_SCAN_H

#include <stddef.h>
#include "ls.h"
#include "ls_label.h"

#define LS_LINES_MAX 200000 /* lines of a document looked at; the cover is always near the top */
#define LS_HEAD_LINES 60    /* lines at the top searched for document numbers and headings */

struct ls_field {
	enum ls_label label;
	char *value; /* owned; lists and contacts keep their line breaks */
	size_t line; /* where the label is */
	int table;
};

struct ls_scan {
	const struct doc *doc;     /* borrowed */
	const struct sdo_dir *dir; /* borrowed */
	const char *origin;        /* borrowed */
	const char *subject;       /* borrowed, may be NULL */
	const char *tname;         /* template name, for provenance */
	struct ls_line *lines;     /* owned */
	size_t nlines, lcap;
	struct ls_field *fields; /* owned */
	size_t nfields, fcap;
};

void ls_scan_read(struct ls_scan *sc);             /* fills sc->lines and sc->fields from sc->doc */
void ls_scan_free(struct ls_scan *sc);             /* frees lines and fields; the scan may be reused */
int ls_numbered_heading(const struct ls_line *ln); /* "2. Actions", "3 Date of next meetings" */
/* The first number finder() sees in the top lines that are not labelled fields. */
int ls_head_find(const struct ls_scan *sc, int (*finder)(const char *, size_t, size_t *, size_t *), size_t *line,
    size_t *b, size_t *e);

#endif
