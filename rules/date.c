/* date.c: reads a calendar date written in any common form ("30 June 2023", "2026-03-06", "March 31, 2026",
 * "31.03.2026"). */
/* SPDX-License-Identifier: Apache-2.0 */
#include "date.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#define DATE_SCAN_MAX (1024 * 1024) /* bytes of text searched for a date */

static const struct {
	const char *name;
	size_t min; /* shortest accepted abbreviation */
} months[12] = {
    {"january", 3},
    {"february", 3},
    {"march", 3},
    {"april", 3},
    {"may", 3},
    {"june", 3},
    {"july", 3},
    {"august", 3},
    {"september", 3},
    {"october", 3},
    {"november", 3},
    {"december", 3},
};

static int
leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
valid(int y, int m, int d)
{
	static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	if (y < 1900 || y > 2199 || m < 1 || m > 12 || d < 1)
		return 0;
	return d <= mdays[m - 1] + (m == 2 && leap(y));
}

/* Up to maxd digits at p; the count read (0 when none), the value in *v. */
static size_t
digits(const char *p, const char *end, size_t maxd, int *v)
{
	size_t n = 0;

	*v = 0;
	while (p + n < end && n <= maxd && isdigit((unsigned char)p[n])) {
		*v = *v * 10 + (p[n] - '0');
		n++;
	}
	return n > maxd ? 0 : n;
}

/* A month name or its abbreviation ("Sept", "Jan."), as a whole word; its length, or 0. */
static size_t
month_at(const char *p, const char *end, int *m)
{
	size_t n = 0;

	while (p + n < end && isalpha((unsigned char)p[n]) && n < 10)
		n++;
	if (n < 3 || (p + n < end && isalpha((unsigned char)p[n])))
		return 0;
	for (int i = 0; i < 12; i++) {
		size_t full = strlen(months[i].name);
		if (n <= full && n >= months[i].min && strncasecmp(p, months[i].name, n) == 0) {
			*m = i + 1;
			return n;
		}
		if (i == 8 && n == 4 && strncasecmp(p, "sept", 4) == 0) {
			*m = 9;
			return n;
		}
	}
	return 0;
}

static const char *
skip_sp(const char *p, const char *end)
{
	while (p < end &&
	    (*p == ' ' || *p == '\t' || (unsigned char)*p == 0xa0 ||
	        ((unsigned char)*p == 0xc2 && p + 1 < end && (unsigned char)p[1] == 0xa0)))
		p += (unsigned char)*p == 0xc2 ? 2 : 1;
	return p;
}

/* "st", "nd", "rd", "th" after a day number */
static const char *
skip_ordinal(const char *p, const char *end)
{
	if (end - p >= 2 &&
	    (strncasecmp(p, "st", 2) == 0 || strncasecmp(p, "nd", 2) == 0 || strncasecmp(p, "rd", 2) == 0 ||
	        strncasecmp(p, "th", 2) == 0) &&
	    (end - p == 2 || !isalpha((unsigned char)p[2])))
		return p + 2;
	return p;
}

static int
year_end_ok(const char *p, const char *end)
{
	return p >= end || !isalnum((unsigned char)*p);
}

/* Tries every form starting at p; the end of the date on success, NULL otherwise. */
static const char *
date_at(const char *p, const char *end, int *y, int *m, int *d)
{
	const char *q;
	size_t n;
	int a, b, c;

	if ((n = digits(p, end, 4, &a)) == 4) {
		/* 2026-03-06, 2026/03/06, 2026.03.06 */
		char sep;
		q = p + 4;
		if (q >= end || (*q != '-' && *q != '/' && *q != '.'))
			return NULL;
		sep = *q++;
		if ((n = digits(q, end, 2, &b)) == 0 || (q += n) >= end || *q != sep)
			return NULL;
		q++;
		if ((n = digits(q, end, 2, &c)) == 0 || !year_end_ok(q + n, end) || !valid(a, b, c))
			return NULL;
		*y = a, *m = b, *d = c;
		return q + n;
	}
	if (n == 1 || n == 2) {
		q = p + n;
		/* 31.03.2026, 31/03/2026, 31-03-2026: day first */
		if (q < end && (*q == '.' || *q == '/' || *q == '-') && q + 1 < end && isdigit((unsigned char)q[1])) {
			char sep = *q++;
			if ((n = digits(q, end, 2, &b)) == 0 || (q += n) >= end || *q != sep)
				return NULL;
			q++;
			if (digits(q, end, 4, &c) != 4 || !year_end_ok(q + 4, end) || !valid(c, b, a))
				return NULL;
			*y = c, *m = b, *d = a;
			return q + 4;
		}
		/* 30 June 2023, 1st of April 2026, 16-Jan-2026, 5 Sept. 2025 */
		q = skip_ordinal(q, end);
		if (q < end && *q == '-')
			q++;
		else
			q = skip_sp(q, end);
		if (end - q > 3 && strncasecmp(q, "of ", 3) == 0)
			q = skip_sp(q + 3, end);
		if ((n = month_at(q, end, &b)) == 0)
			return NULL;
		q += n;
		if (q < end && *q == '.')
			q++;
		if (q < end && (*q == '-' || *q == ','))
			q++;
		q = skip_sp(q, end);
		if (digits(q, end, 4, &c) != 4 || !year_end_ok(q + 4, end) || !valid(c, b, a))
			return NULL;
		*y = c, *m = b, *d = a;
		return q + 4;
	}
	/* March 31, 2026; March 31 2026; Mar. 31st, 2026 */
	if ((n = month_at(p, end, &b)) == 0)
		return NULL;
	q = p + n;
	if (q < end && *q == '.')
		q++;
	q = skip_sp(q, end);
	if ((n = digits(q, end, 2, &a)) == 0)
		return NULL;
	q = skip_ordinal(q + n, end);
	if (q < end && *q == ',')
		q++;
	q = skip_sp(q, end);
	if (digits(q, end, 4, &c) != 4 || !year_end_ok(q + 4, end) || !valid(c, b, a))
		return NULL;
	*y = c, *m = b, *d = a;
	return q + 4;
}

int
date_find(const char *text, size_t len, char iso[11], size_t *start, size_t *stop)
{
	const char *end;

	if (!text)
		return 0;
	if (len > DATE_SCAN_MAX)
		len = DATE_SCAN_MAX;
	end = text + len;
	for (const char *p = text; p < end; p++) {
		const char *e;
		int y, m, d;
		if (!isalnum((unsigned char)*p) || (p > text && isalnum((unsigned char)p[-1])))
			continue;
		if ((e = date_at(p, end, &y, &m, &d)) != NULL && y >= 1000 && y <= 9999 && m >= 1 && m <= 12 &&
		    d >= 1 && d <= 31) {
			snprintf(iso, 11, "%04d-%02d-%02d", y, m, d);
			if (start)
				*start = (size_t)(p - text);
			if (stop)
				*stop = (size_t)(e - text);
			return 1;
		}
	}
	return 0;
}

int
date_parse(const char *text, char iso[11])
{
	if (!text)
		return 0;
	return date_find(text, strnlen(text, DATE_SCAN_MAX), iso, NULL, NULL);
}
