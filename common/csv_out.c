/* csv_out.c: one CSV cell (RFC 4180) for a spreadsheet, formulas neutralised (OWASP CSV injection). */
/* SPDX-License-Identifier: Apache-2.0 */
#include "csv_out.h"

#include <string.h>

int
csv_formula_like(const char *s)
{
	/* "-2+3+cmd|' /C calc'!A0" is a formula too: a leading '-' is never let through, digit or not. */
	while (*s == ' ')
		s++;
	return *s && strchr("=+-@\t\r", *s) != NULL;
}

void
csv_cell(struct buf *b, const char *s)
{
	int quote;

	if (!s)
		s = "";
	quote = strpbrk(s, ",\"\r\n") != NULL;
	if (quote)
		buf_addc(b, '"');
	if (csv_formula_like(s))
		buf_addc(b, '\'');
	for (; *s; s++) {
		if (*s == '"')
			buf_addc(b, '"');
		buf_addc(b, *s);
	}
	if (quote)
		buf_addc(b, '"');
}
