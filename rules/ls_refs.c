/* ls_refs.c: document numbers of every body (SG21-LS82, S4-260123, ARF(26)000045r1) and the ones a statement replies
 * to. */
/* SPDX-License-Identifier: Apache-2.0 */
#include "ls_refs.h"
#include "ls.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static int
wordch(unsigned char c)
{
	return isalnum(c);
}

int
ls_find_lsnum(const char *s, size_t len, size_t *b, size_t *e)
{
	for (size_t i = 1; i + 3 < len; i++) {
		size_t st = i, en = i + 3;
		if (s[i] != '-' || s[i + 1] != 'L' || s[i + 2] != 'S' || !isdigit((unsigned char)s[i + 3]))
			continue;
		while (st > 0 && i - st < 32 && (isalnum((unsigned char)s[st - 1]) || s[st - 1] == '-'))
			st--;
		while (st < i && !isalpha((unsigned char)s[st]))
			st++;
		while (en < len && isdigit((unsigned char)s[en]))
			en++;
		if (st == i || (en < len && isalpha((unsigned char)s[en])) || en - i > 8)
			continue;
		*b = st;
		*e = en;
		return 1;
	}
	return 0;
}

int
ls_find_tdoc(const char *s, size_t len, size_t *b, size_t *e)
{
	/* S1-260123, SP-251234, S2-2601234, R2-2501234, C1-261234, RP-…, CP-…; also "S2- 1812758", as a Word
	 * template's number field often leaves it (one blank after the dash) */
	for (size_t i = 0; i + 9 <= len; i++) {
		size_t d = 0, sp;
		if (i > 0 && (wordch((unsigned char)s[i - 1]) || s[i - 1] == '-'))
			continue;
		if (!s[i] || !strchr("SRC", s[i]) || !(isdigit((unsigned char)s[i + 1]) || s[i + 1] == 'P') ||
		    s[i + 2] != '-')
			continue;
		sp = i + 3 < len && s[i + 3] == ' ' ? 1 : 0;
		while (i + 3 + sp + d < len && d < 8 && isdigit((unsigned char)s[i + 3 + sp + d]))
			d++;
		if ((d != 6 && d != 7) || (i + 3 + sp + d < len && wordch((unsigned char)s[i + 3 + sp + d])))
			continue;
		*b = i;
		*e = i + 3 + sp + d;
		return 1;
	}
	return 0;
}

char *
ls_tdoc_copy(const char *s, size_t len)
{
	char *r = xstrndup(s, len);

	if (len > 3 && strchr("SRC", r[0]) && r[2] == '-' && r[3] == ' ')
		memmove(r + 3, r + 4, len - 3); /* "S2- 1812758" is S2-1812758; moves the NUL too */
	return r;
}

int
ls_find_etsinum(const char *s, size_t len, size_t *b, size_t *e)
{
	/* ARF(26)000123, MEC(25)000456r1, CYBER(26)001234 */
	for (size_t i = 2; i + 6 < len; i++) {
		size_t st = i, en;
		if (s[i] != '(' || !isdigit((unsigned char)s[i + 1]) || !isdigit((unsigned char)s[i + 2]) ||
		    s[i + 3] != ')')
			continue;
		while (st > 0 && i - st < 12 && (isalnum((unsigned char)s[st - 1]) || s[st - 1] == '-'))
			st--;
		if (st == i || !isupper((unsigned char)s[st]))
			continue;
		for (en = i + 4; en < len && isdigit((unsigned char)s[en]); en++)
			;
		if (en - (i + 4) < 3)
			continue;
		if (en + 1 < len && s[en] == 'r' && isdigit((unsigned char)s[en + 1]))
			for (en++; en < len && isdigit((unsigned char)s[en]); en++)
				;
		*b = st;
		*e = en;
		return 1;
	}
	return 0;
}

/* The earliest number of any kind in s[0..len). */
static int
find_any(const char *s, size_t len, size_t *b, size_t *e)
{
	int (*const finders[])(const char *, size_t, size_t *, size_t *) = {
	    ls_find_lsnum, ls_find_tdoc, ls_find_etsinum};
	int found = 0;

	for (size_t i = 0; i < sizeof(finders) / sizeof(*finders); i++) {
		size_t fb, fe;
		if (finders[i](s, len, &fb, &fe) && (!found || fb < *b)) {
			*b = fb;
			*e = fe;
			found = 1;
		}
	}
	return found;
}

void
ls_find_refs(const char *s, struct strv *out)
{
	size_t len = s ? strnlen(s, LS_FIELD_MAX) : 0, off = 0, b = 0, e = 0;

	while (off < len && out->n < LS_LIST_MAX && find_any(s + off, len - off, &b, &e)) {
		char *r = ls_tdoc_copy(s + off + b, e - b);
		strv_push_unique(out, r);
		free(r);
		off += e;
	}
}

void
ls_reply_refs(const char *s, struct strv *out)
{
	static const char *const cues[] = {
	    "reply to ", "response to ", "replies to ", "answer to ", "answers ", "responding to "};
	size_t len = s ? strnlen(s, LS_FIELD_MAX) : 0;

	for (size_t i = 0; i < len && out->n < LS_LIST_MAX; i++) {
		for (size_t c = 0; c < sizeof(cues) / sizeof(*cues); c++) {
			size_t cl = strlen(cues[c]), b = 0, e = 0, win;
			if (len - i < cl || strncasecmp(s + i, cues[c], cl) != 0 ||
			    (i > 0 && isalpha((unsigned char)s[i - 1])))
				continue;
			/* the number follows at once, or after a few words: "reply to the LS SG20-LS9" */
			win = len - i - cl < 40 ? len - i - cl : 40;
			if (find_any(s + i + cl, win, &b, &e)) {
				char *r = ls_tdoc_copy(s + i + cl + b, e - b);
				size_t off = i + cl + e;
				strv_push_unique(out, r);
				free(r);
				/* "reply to SG20-LS9 and SG21-LS3" */
				while (off + 5 < len &&
				    (strncmp(s + off, " and ", 5) == 0 || strncmp(s + off, ", ", 2) == 0)) {
					size_t skip = s[off] == ',' ? 2 : 5;
					size_t w2 = len - off - skip < 20 ? len - off - skip : 20;
					if (!find_any(s + off + skip, w2, &b, &e) || b != 0)
						break;
					r = ls_tdoc_copy(s + off + skip, e);
					strv_push_unique(out, r);
					free(r);
					off += skip + e;
				}
			}
		}
	}
}

/* A dash between words: '-', or U+2013/U+2014 in UTF-8; its length, 0 when none. */
static size_t
dash_at(const char *s, size_t len)
{
	if (len >= 1 && s[0] == '-')
		return 1;
	if (len >= 3 && (unsigned char)s[0] == 0xE2 && (unsigned char)s[1] == 0x80 &&
	    ((unsigned char)s[2] == 0x93 || (unsigned char)s[2] == 0x94))
		return 3;
	return 0;
}

/* Digits at s, after optional blanks: the offset past them, or 0. */
static size_t
digits_at(const char *s, size_t len, size_t k)
{
	size_t d;

	while (k < len && s[k] == ' ')
		k++;
	for (d = k; d < len && isdigit((unsigned char)s[d]); d++)
		;
	return d > k ? d : 0;
}

int
ls_find_comls(const char *s, size_t len, size_t *b, size_t *e)
{
	for (size_t i = 0; i + 10 < len; i++) {
		size_t k, dl;
		if (strncmp(s + i, "COM ", 4) != 0 || (i > 0 && isalnum((unsigned char)s[i - 1])))
			continue;
		if (!(k = digits_at(s, len, i + 3)))
			continue;
		while (k < len && s[k] == ' ')
			k++;
		if (!(dl = dash_at(s + k, len - k)))
			continue;
		k += dl;
		while (k < len && s[k] == ' ')
			k++;
		if (len - k < 3 || strncmp(s + k, "LS", 2) != 0 || !(k = digits_at(s, len, k + 2)))
			continue;
		/* "Rev.1": a revision keeps the statement's number and is part of how it is cited */
		if (len - k > 5 && strncmp(s + k, " Rev.", 5) == 0 && isdigit((unsigned char)s[k + 5]))
			k = digits_at(s, len, k + 5);
		*b = i;
		*e = k;
		return 1;
	}
	return 0;
}
