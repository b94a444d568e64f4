/* roadmap.h: rows of the JCA-MV roadmap template found in any table of a document. */
/* SPDX-License-Identifier: Apache-2.0 */
#ifndef LSD_ROADMAP_H
#define LSD_ROADMAP_H

#include <stddef.h>
#include "doc.h"
#include "util.h"

enum rm_col { RM_SDO, RM_REF, RM_TYPE, RM_TITLE, RM_STATUS, RM_CATEGORY, RM_SUMMARY, RM_NCOLS };

extern const char
    *const rm_col_names[RM_NCOLS]; /* "sdo", "reference", "type", "title", "status", "category", "summary" */

struct rm_row {
	char *f[RM_NCOLS]; /* owned, whitespace normalised, "" when empty */
};

struct rm_rows {
	struct rm_row *v; /* owned */
	size_t n;
	size_t cap;
	struct strv warnings; /* rejected rows, unknown categories or statuses */
};

/* Appends every template row found in doc to out. Returns the number of rows added. */
size_t roadmap_extract(const struct doc *doc, struct rm_rows *out);
void rm_rows_free(struct rm_rows *r); /* frees contents, not the struct */

#endif
