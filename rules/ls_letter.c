/* ls_letter.c: statements outside the five templates: ITU-R's "LIAISON STATEMENT TO …" documents, and the plain
 * liaison letters of bodies with no template of their own (From/To/Subject under a liaison heading). */
/* SPDX-License-Identifier: Apache-2.0 */
#include "ls_template.h"
#include "date.h"
#include "ls_fields.h"
#include "ls_label.h"
#include "ls_scan.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define HEAD_TO "liaison statement to "

/* The line "LIAISON STATEMENT TO ITU-T JCA-MV" near the top, or -1. */
static long
itur_heading(const struct ls_scan *sc)
{
	for (size_t i = 0; i < sc->nlines && i < LS_HEAD_LINES; i++) {
		const struct ls_line *ln = &sc->lines[i];
		size_t hl = sizeof(HEAD_TO) - 1;
		if (ln->len > hl && ln->len < 300 && strncasecmp(ln->s, HEAD_TO, hl) == 0)
			return (long)i;
	}
	return -1;
}

/* "Document 6B/171-E": the ITU-R number "6B/171" at s[*b, *e); not the "6B/TEMP/89" of a draft. */
static int
itur_number(const char *s, size_t len, size_t *b, size_t *e)
{
	static const char doc[] = "Document ";
	const char *p = len >= sizeof(doc) ? memmem(s, len, doc, sizeof(doc) - 1) : NULL;
	size_t k, d;

	if (!p)
		return 0;
	k = (size_t)(p - s) + sizeof(doc) - 1;
	*b = k;
	for (d = 0; k < len && isdigit((unsigned char)s[k]) && d < 3; k++, d++)
		;
	if (d == 0)
		return 0;
	for (d = 0; k < len && isupper((unsigned char)s[k]) && d < 2; k++, d++)
		;
	if (k >= len || s[k] != '/' || k + 1 >= len || !isdigit((unsigned char)s[k + 1]))
		return 0;
	for (k++, d = 0; k < len && isdigit((unsigned char)s[k]) && d < 6; k++, d++)
		;
	if (k < len && (isalnum((unsigned char)s[k]) || s[k] == '/'))
		return 0;
	*e = k;
	return 1;
}

static int
itur_find(const struct ls_scan *sc, size_t *line, size_t *b, size_t *e)
{
	for (size_t i = 0; i < sc->nlines && i < LS_HEAD_LINES; i++) {
		size_t voff;
		if (ls_label_of(&sc->lines[i], &voff) == L_SOURCE)
			continue; /* "Source: Document 6B/TEMP/89" is the draft it came from */
		if (itur_number(sc->lines[i].s, sc->lines[i].len, b, e)) {
			*line = i;
			return 1;
		}
	}
	return 0;
}

static int
itur_detect(const struct ls_scan *sc)
{
	size_t l, b, e;
	int radio = 0;

	if (itur_heading(sc) < 0)
		return 0;
	for (size_t i = 0; i < sc->nlines && i < 10 && !radio; i++)
		radio = memmem(sc->lines[i].s, sc->lines[i].len, "Radiocommunication", 18) != NULL;
	return itur_find(sc, &l, &b, &e) || radio ? 6 : 0;
}

/* "6B" is Working Party 6B's register, "5" Study Group 5's. */
static char *
itur_body(const struct sdo_dir *d, const char *num, size_t n)
{
	char *name = isalpha((unsigned char)num[n - 1]) ? xasprintf("ITU-R WP %.*s", (int)n, num)
	                                                : xasprintf("ITU-R SG%.*s", (int)n, num);
	const char *c = sdo_canonical(d, name);

	if (c) {
		free(name);
		name = xstrdup(c);
	}
	return name;
}

static struct strv *
role_of(struct ls *ls, const char *purpose, const char **rname)
{
	if (purpose && strcasestr(purpose, "information") && !strcasestr(purpose, "action")) {
		*rname = "for_information";
		return &ls->for_information;
	}
	if (purpose && strcasestr(purpose, "comment") && !strcasestr(purpose, "action")) {
		*rname = "for_comment";
		return &ls->for_comment;
	}
	*rname = "for_action";
	return &ls->for_action;
}

static void
itur_fill(struct ls_scan *sc, struct ls *ls)
{
	const struct ls_field *st = ls_field(sc, L_STATUS);
	long h = itur_heading(sc);
	size_t line, b, e, i;
	const char *rname;
	struct strv *role = role_of(ls, st ? st->value : NULL, &rname);
	char *t;

	ls_common(sc, ls);
	if (ls->source && str_startswith_ci(ls->source, "document")) {
		free(ls->source);
		ls->source = NULL;
	}
	if (itur_find(sc, &line, &b, &e)) {
		const char *num = sc->lines[line].s + b;
		t = xstrndup(num, e - b);
		ls_set(ls, sc, &ls->ref, t, "ref", "header");
		free(t);
		if (!ls->source) {
			t = itur_body(sc->dir, num, (size_t)(strchr(num, '/') - num));
			ls_set(ls, sc, &ls->source, t, "source", "document number");
			free(t);
		}
	}
	if (h < 0)
		return;
	t = xstrndup(sc->lines[h].s + sizeof(HEAD_TO) - 1, sc->lines[h].len - (sizeof(HEAD_TO) - 1));
	ls_list(ls, sc, role, t, rname, "heading");
	free(t);
	/* "(copy for information to ITU-T SG21)" lines, then the title */
	for (i = (size_t)h + 1; i < sc->nlines && i < (size_t)h + 6; i++) {
		const struct ls_line *ln = &sc->lines[i];
		const char *to;
		size_t voff;
		if (ln->len == 0)
			continue;
		t = xstrndup(ln->s, ln->len);
		if ((t[0] == '(' || str_startswith_ci(t, "copy")) && (to = strcasestr(t, " to "))) {
			char *list = xstrdup(to + 4);
			ls_strip_parens(list);
			list[strcspn(list, ")")] = '\0';
			ls_list(ls, sc, &ls->for_information, list, "for_information", "heading");
			free(list);
		} else if (!ls->title && ls_label_of(ln, &voff) == L_NONE && ln->len < 300) {
			ls_set(ls, sc, &ls->title, t, "title", "heading");
			free(t);
			break;
		}
		free(t);
	}
}

const struct ls_template ls_tpl_itur = {"itu-r", itur_detect, itur_fill};

/* ---- plain liaison letters ---- */

/*
 * A heading above the letter's fields that names it a liaison statement ("LIAISON STATEMENT", "W3C Liaison
 * Statement to …"); a sentence about liaison statements below a forwarded mail's headers is not one.
 */
static int
letter_heading(const struct ls_scan *sc, size_t before)
{
	for (size_t i = 0; i < sc->nlines && i < 20 && i < before; i++) {
		const struct ls_line *ln = &sc->lines[i];
		size_t voff;
		if (ln->len < 7 || ln->len > 120 || strchr(".?!", ln->s[ln->len - 1]) ||
		    ls_label_of(ln, &voff) != L_NONE)
			continue;
		if (memmem(ln->s, ln->len, "iaison", 6) || memmem(ln->s, ln->len, "IAISON", 6))
			return 1;
	}
	return 0;
}

static int
letter_detect(const struct ls_scan *sc)
{
	const struct ls_field *from = ls_field(sc, L_FROM);
	struct strv named = {0};
	int score = 0;

	/* a mail header's From carries an address or a person; a letter's names a body the directory knows */
	if (!from || strchr(from->value, '@') || !ls_field(sc, L_TO))
		return 0;
	if (!ls_field(sc, L_SUBJECT) && !ls_field(sc, L_TITLE))
		return 0;
	ls_bodies_in(sc->dir, from->value, &named);
	if (named.n && letter_heading(sc, from->line))
		score = 4;
	strv_free(&named);
	return score;
}

static int
requests(const char *s)
{
	return s && !ls_is_none(s) && !str_startswith_ci(s, "none") && !str_startswith_ci(s, "no action") &&
	    !strcasestr(s, "for information") && !str_startswith_ci(s, "information");
}

static void
letter_fill(struct ls_scan *sc, struct ls *ls)
{
	const struct ls_field *f, *dec = ls_field(sc, L_DECISION), *pur = ls_field(sc, L_PURPOSE);
	const char *purpose = pur ? pur->value : dec ? dec->value : NULL, *rname;
	struct strv to = {0}, asked = {0};
	struct strv *role;
	int act = dec && requests(dec->value);

	ls_common(sc, ls);
	if (!ls->title && (f = ls_field(sc, L_SUBJECT)))
		ls_set(ls, sc, &ls->title, f->value, "title", ls_where(f));
	if ((f = ls_field(sc, L_REF)))
		ls_set(ls, sc, &ls->ref, f->value, "ref", ls_where(f));
	if (!ls->source && (f = ls_field(sc, L_FROM))) {
		char *name = ls_body_name(sc->dir, f->value);
		ls_set(ls, sc, &ls->source, name, "source", ls_where(f));
		free(name);
	}
	role = role_of(ls, act ? NULL : purpose, &rname);
	if (!act && !(purpose && (strcasestr(purpose, "action") || strcasestr(purpose, "comment"))))
		role = &ls->for_information, rname = "for_information";
	if ((f = ls_field(sc, L_TO)))
		sdo_split_list(sc->dir, f->value, &to);
	/* "The Forum asks the JCA-MV to review …": the bodies asked act, the other addressees are informed */
	if (act && ls_asked_bodies(sc->dir, dec->value, &asked) && asked.n) {
		for (size_t i = 0; i < asked.n; i++)
			if ((!ls->source || strcmp(asked.v[i], ls->source) != 0) &&
			    strv_push_unique(&ls->for_action, asked.v[i]))
				ls_prov(ls, sc, "for_action", "action requested");
		role = &ls->for_information, rname = "for_information";
	}
	for (size_t i = 0; i < to.n; i++)
		if (!strv_contains(&ls->for_action, to.v[i]) && strv_push_unique(role, to.v[i]))
			ls_prov(ls, sc, rname, ls_where(ls_field(sc, L_TO)));
	strv_free(&to);
	if ((f = ls_field(sc, L_CC))) {
		sdo_split_list(sc->dir, f->value, &to);
		for (size_t i = 0; i < to.n; i++)
			if (!strv_contains(&ls->for_action, to.v[i]) && strv_push_unique(&ls->for_information, to.v[i]))
				ls_prov(ls, sc, "for_information", ls_where(f));
	}
	if (!ls->deadline_text && act) {
		char iso[11];
		size_t s0, s1;
		if (date_find(dec->value, strlen(dec->value), iso, &s0, &s1)) {
			char *t = xstrndup(dec->value + s0, s1 - s0);
			ls_set(ls, sc, &ls->deadline_text, t, "deadline_text", "action requested");
			ls_set(ls, sc, &ls->deadline, iso, "deadline", "action requested");
			free(t);
		}
	}
	strv_free(&to);
	strv_free(&asked);
}

const struct ls_template ls_tpl_letter = {"letter", letter_detect, letter_fill};
