/* fuzz_ls.c: libFuzzer target: bytes → doc_add_lines → ls_parse (and ls_merge of two readings). */
/* SPDX-License-Identifier: Apache-2.0 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "date.h"
#include "ls.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct doc *d = doc_new(), *t = doc_new();
	const char *nl = memchr(data, '\n', size);
	char *subject = nl ? xstrndup((const char *)data, (size_t)(nl - (const char *)data)) : NULL;
	struct ls *a, *b;
	char iso[11];

	doc_add_lines(d, (const char *)data, size);
	(void)doc_table_begin(t);
	/* the same text as a cover table: every line a row, tabs between cells */
	for (size_t i = 0; i < d->nblocks && i < 2000; i++) {
		const char *s = d->blocks[i].cells[0], *tab;
		doc_row_begin(t, 0);
		while ((tab = strchr(s, '\t')) != NULL) {
			char *cell = xstrndup(s, (size_t)(tab - s));
			doc_row_cell(t, cell);
			free(cell);
			s = tab + 1;
		}
		doc_row_cell(t, s);
	}
	a = ls_parse(d, NULL, "body", subject);
	b = ls_parse(t, NULL, "attachment fuzz.docx", subject);
	ls_free(ls_merge(a, b));
	if (subject)
		date_parse(subject, iso);
	free(subject);
	doc_free(d);
	doc_free(t);
	return 0;
}
