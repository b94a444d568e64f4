/* date.h: calendar dates written in any common form, read as ISO 8601 ("2026-05-11"). */
/* SPDX-License-Identifier: Apache-2.0 */
#ifndef LSD_DATE_H
#define LSD_DATE_H

#include <stddef.h>

/* Deadlines in any common form; 1 and iso set when a calendar date is read, else 0. */
int date_parse(const char *text, char iso[11]);

/* The first date in text[0..len): 1 with iso set and [*start, *stop) where it was written, else 0. */
int date_find(const char *text, size_t len, char iso[11], size_t *start, size_t *stop);

#endif
