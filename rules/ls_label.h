/* ls_label.h: the vocabulary of LS labels, one document line, and how a line reads as a label. */
/* SPDX-License-Identifier: Apache-2.0 */
#ifndef LSD_LS_LABEL_H
#define LSD_LS_LABEL_H

#include <stddef.h>

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

/* How far a field's value runs past its label's line. */
enum ls_class { C_ONE, C_TITLE, C_LIST, C_CONTACT, C_PARA };

enum ls_class ls_label_class(enum ls_label l);
/*
 * The label a line starts with and where its value starts (*voff); L_NONE when none. Labels without
 * a colon count only on a line of a header block (ln->header).
 */
enum ls_label ls_label_of(const struct ls_line *ln, size_t *voff);
enum ls_label ls_colon_label(const struct ls_line *ln, size_t *voff); /* "Title:", "Title:*", a table cell "Title" */
enum ls_label ls_bare_label(const struct ls_line *ln, size_t *voff);  /* "From Group ccamp", "CcEric Gray" */

#endif
