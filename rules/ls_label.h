/* ls_label.h: the vocabulary of LS labels and how a line is read as one (private to the LS parser). */
/* SPDX-License-Identifier: Apache-2.0 */
#ifndef LSD_LS_LABEL_H
#define LSD_LS_LABEL_H

#include <stddef.h>
#include "ls_scan.h"

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
