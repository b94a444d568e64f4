/* doc_build.h: a document from lines for the unit tests: "T:" lines are table rows (cells split on TAB). */
/* SPDX-License-Identifier: Apache-2.0 */
#ifndef LSD_TEST_DOC_BUILD_H
#define LSD_TEST_DOC_BUILD_H

#include <stdlib.h>
#include <string.h>

#include "doc.h"

/* A line starting with "T:" is a table row (cells split on '\t'), anything else a paragraph. */
static struct doc *
build(const char *const *lines)
{
	struct doc *d = doc_new();
	int table = -1;

	for (size_t i = 0; lines[i]; i++) {
		if (strncmp(lines[i], "T:", 2) != 0) {
			doc_add_para(d, lines[i]);
			table = -1;
			continue;
		}
		if (table < 0)
			table = doc_table_begin(d);
		doc_row_begin(d, table);
		const char *p = lines[i] + 2;
		for (;;) {
			size_t n = strcspn(p, "\t");
			char *cell = xstrndup(p, n);
			doc_row_cell(d, cell);
			free(cell);
			if (!p[n])
				break;
			p += n + 1;
		}
	}
	return d;
}

#endif
