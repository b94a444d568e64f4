/* ls_itut.c: the ITU-T liaison statement template (cover table, LS number heading, For action/comment/information to).
 */
/* SPDX-License-Identifier: Apache-2.0 */
#include "ls_template.h"
#include "ls_fields.h"
#include "ls_refs.h"
#include "ls_scan.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* "-R1" after an LS number: a revised document of the same statement, which keeps its number. */
static int
revision(const char *s, size_t n)
{
	size_t k = 2;

	if (n < 3 || s[0] != '-' || (s[1] != 'R' && s[1] != 'r') || !isdigit((unsigned char)s[2]))
		return 0;
	while (k < n && isdigit((unsigned char)s[k]))
		k++;
	return k == n || isspace((unsigned char)s[k]) || s[k] == '(';
}

/* "SG20-LS45" standing alone at the top, as the template's heading puts it. */
static int
heading_lsnum(const struct ls_scan *sc, size_t *line, size_t *b, size_t *e)
{
	size_t fb, fe;

	for (size_t i = 0; i < sc->nlines && i < LS_HEAD_LINES; i++) {
		const struct ls_line *ln = &sc->lines[i];
		if (ls_find_lsnum(ln->s, ln->len, &fb, &fe) && fb == 0 &&
		    (fe == ln->len || isspace((unsigned char)ln->s[fe]) || ln->s[fe] == '/' || ln->s[fe] == '(' ||
		        revision(ln->s + fe, ln->len - fe))) {
			*line = i;
			*b = fb;
			*e = fe;
			return 1;
		}
	}
	return 0;
}

static int
liaison_heading(const struct ls_scan *sc)
{
	for (size_t i = 0; i < sc->nlines && i < 4 * LS_HEAD_LINES; i++) {
		const struct ls_line *ln = &sc->lines[i];
		if (ln->len >= 17 && ln->len <= 24 && strncasecmp(ln->s, "liaison statement", 17) == 0)
			return 1;
	}
	return 0;
}

static int
itut_detect(const struct ls_scan *sc)
{
	size_t l, b, e;
	int score = 0, addressed, lsnum, heading;

	addressed = ls_field(sc, L_ACTION) || ls_field(sc, L_COMMENT) || ls_field(sc, L_INFO);
	lsnum = heading_lsnum(sc, &l, &b, &e);
	heading = liaison_heading(sc);
	if (!ls_field(sc, L_TITLE) && !lsnum)
		return 0;
	if (!addressed && !heading)
		return 0;
	score += addressed ? 2 : 0;
	score += lsnum ? 4 : 0;
	score += heading ? 2 : 0;
	score += ls_field(sc, L_TITLE) ? 1 : 0;
	score += ls_field(sc, L_SOURCE) ? 1 : 0;
	score += ls_field(sc, L_APPROVAL) ? 1 : 0;
	return score >= 3 ? score : 0;
}

/* The first LS number in s that is not the one it replies to. */
static int
own_lsnum(const char *s, size_t *b, size_t *e)
{
	size_t len = strlen(s), off = 0, fb, fe;

	while (off < len && ls_find_lsnum(s + off, len - off, &fb, &fe)) {
		size_t at = off + fb, k = at > 16 ? at - 16 : 0;
		char ctx[17] = {0};
		memcpy(ctx, s + k, at - k);
		if (!strcasestr(ctx, "reply to") && !strcasestr(ctx, "response to") && !strcasestr(ctx, "answer")) {
			*b = at;
			*e = off + fe;
			return 1;
		}
		off += fe;
	}
	return 0;
}

static void
itut_fill(struct ls_scan *sc, struct ls *ls)
{
	const struct ls_field *f;
	size_t line, b, e;

	ls_common(sc, ls);
	if (heading_lsnum(sc, &line, &b, &e)) {
		char *r = xstrndup(sc->lines[line].s + b, e - b);
		ls_set(ls, sc, &ls->ref, r, "ref", sc->lines[line].table >= 0 ? "cover table" : "heading");
		free(r);
	} else if (sc->subject && own_lsnum(sc->subject, &b, &e)) {
		char *r = xstrndup(sc->subject + b, e - b);
		ls_set(ls, sc, &ls->ref, r, "ref", "subject");
		free(r);
	} else if ((f = ls_field(sc, L_REF))) {
		ls_set(ls, sc, &ls->ref, f->value, "ref", ls_where(f));
	} else if (ls_head_find(sc, ls_find_comls, &line, &b, &e)) {
		char *r = xstrndup(sc->lines[line].s + b, e - b);
		ls_set(ls, sc, &ls->ref, r, "ref", "heading");
		free(r);
	}
	if (!ls->source && ls->ref) {
		/* "SG20-LS45" is SG20's */
		size_t n = strlen(ls->ref);
		char *p = xstrdup(ls->ref);
		const char *c;
		if (n > 3 && ls_find_lsnum(p, n, &b, &e) && e > b + 3) {
			char *dash = p + e;
			while (dash > p && strncmp(dash, "-LS", 3) != 0)
				dash--;
			*dash = '\0';
			if ((c = sdo_canonical(sc->dir, p)))
				ls_set(ls, sc, &ls->source, c, "source", "number");
		}
		free(p);
	}
	if (!ls->title && sc->subject) {
		/* "SG20-LS45: LS/r on …" */
		const char *t = sc->subject;
		if (own_lsnum(t, &b, &e) && b == 0 && (t[e] == ':' || t[e] == ' '))
			t += e + 1;
		ls_set(ls, sc, &ls->title, t, "title", "subject");
	}
	if (!ls->for_action.n && !ls->for_comment.n && !ls->for_information.n && (f = ls_field(sc, L_TO)))
		ls_list(ls, sc, &ls->for_action, f->value, "for_action", ls_where(f));
}

const struct ls_template ls_tpl_itut = {"itu-t", itut_detect, itut_fill};
