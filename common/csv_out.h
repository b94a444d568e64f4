/* csv_out.h: one CSV cell (RFC 4180) written for a spreadsheet: quoted as needed, never run as a formula. */
/* SPDX-License-Identifier: Apache-2.0 */
#ifndef LSD_CSV_OUT_H
#define LSD_CSV_OUT_H

#include "util.h"

/*
 * Appends s (NULL is "") to b as one RFC 4180 field: quoted when it holds a comma, a quote, CR or
 * LF, quotes doubled. Text from mail opens in a spreadsheet: a cell starting with = + - @ TAB or
 * CR, also after leading spaces (a spreadsheet trims them), gets a leading single quote, which
 * makes it text (OWASP, CSV injection). Used by every CSV liaisonctl writes.
 */
void csv_cell(struct buf *b, const char *s);

/* 1 when a spreadsheet would read s as a formula (the rule above), else 0. */
int csv_formula_like(const char *s);

#endif
