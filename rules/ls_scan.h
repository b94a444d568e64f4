/* ls_scan.h: a document flattened into lines, and the labelled fields read from them (private to the LS parser). */
/* SPDX-License-Identifier: Apache-2.0 */
#ifndef LSD_LS_SCAN_H
#define LSD_LS_SCAN_H

#include <stddef.h>
#include "ls.h"

#define LS_LINES_MAX 200000 /* lines of a document looked at; the cover is always near the top */
#define LS_HEAD_LINES 60    /* lines at the top searched for document numbers and headings */

enum ls_label {
	L_NONE,
	L_REF,
	L_QUESTION,
	L_SOURCE,
	L_FROM,
	L_TITLE,
	L_ACTION,
	L_COMMENT,
	L_INFO,
	L_TO,
	L_CC,
	L_APPROVAL,
	L_DEADLINE,
	L_CONTACT,
	L_ABSTRACT,
	L_RESPONSE,
	L_RELEASE,
	L_WORKITEM,
	L_REPLYLS,
	L_ATTACH,
	L_DECISION,
	L_PURPOSE,
	L_SUBMITTED,
	L_URL,
	L_DOCTYPE,
	L_EXPECTED,
	L_REFERENCED,
	L_RESPCONTACT,
	L_TECHCONTACT,
	L_BODY,
	L_ACTIONPARA,
	L_REFERENCE, /* "Ref.:", "Reference:": the statement this one answers */
	L_SUBJECT,   /* a letter's "Subject:", its title */
	L_STATUS,    /* ITU-R's "Status: For action" */
	L_SUB,       /* inside a contact: Name, E-mail, Tel, … */
	L_OTHER,     /* a label we do not read, which still ends the field before it */
	L_COUNT
};

/* White space inside a line (not '\n'). */
static inline int
ls_sp(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

/* One line of the document; text borrowed from the doc, trimmed. */
struct ls_line {
	const char *s;
	size_t len;
	size_t block; /* doc block index: a table row's cells share one */
	size_t cell;  /* cell index within the block */
	int table;    /* -1 for paragraphs */
	int indent;   /* began with white space */
	int header;   /* inside a header block whose labels go without a colon ("From Group ccamp") */
};

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
