/* ls_iso.c: ISO and ISO/IEC JTC 1 liaison documents (N-number, Document type, Expected action / Due date). */
#include "ls_int.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* "ISO/TC 307 N 1234", "ISO/IEC JTC 1/SC 29 N 23456" at the start of s. */
static int
iso_nnum(const char *s, size_t len, size_t *b, size_t *e)
{
	size_t k;

	if (len < 7 || !(strncmp(s, "ISO", 3) == 0 || strncmp(s, "IEC", 3) == 0 || strncmp(s, "JTC", 3) == 0))
		return 0;
	for (k = 3; k + 2 < len && k < 60; k++) {
		unsigned char c = (unsigned char)s[k];
		if (c == ' ' && s[k + 1] == 'N' && (s[k + 2] == ' ' || isdigit((unsigned char)s[k + 2]))) {
			size_t d = k + 2;
			while (d < len && s[d] == ' ')
				d++;
			if (d >= len || !isdigit((unsigned char)s[d]))
				return 0;
			while (d < len && isdigit((unsigned char)s[d]))
				d++;
			if (d < len && isalnum((unsigned char)s[d]))
				return 0;
			*b = 0;
			*e = d;
			return 1;
		}
		if (!isalnum(c) && !strchr(" /-", c))
			return 0;
	}
	return 0;
}

static int
liaison_doctype(const struct ls_scan *sc)
{
	const struct ls_field *f = ls_field(sc, L_DOCTYPE);

	return f && strcasestr(f->value, "liaison") != NULL;
}

static int
iso_detect(const struct ls_scan *sc)
{
	size_t l, b, e;
	int score = 0, nnum = ls_head_find(sc, iso_nnum, &l, &b, &e);
	int addressed = ls_field(sc, L_TO) || ls_field(sc, L_ACTION) || ls_field(sc, L_INFO);

	if (!ls_field(sc, L_TITLE) || !(liaison_doctype(sc) || (nnum && addressed)))
		return 0;
	score += nnum ? 4 : 0;
	score += liaison_doctype(sc) ? 4 : 0;
	score += ls_field(sc, L_EXPECTED) ? 2 : 0;
	return score >= 4 ? score + 4 : 0;
}

static char *
collapse_span(const char *s, size_t n)
{
	char *t = xstrndup(s, n), *c = str_collapse_ws(t);

	free(t);
	return c;
}

static void
iso_fill(struct ls_scan *sc, struct ls *ls)
{
	const struct ls_field *f, *exp = ls_field(sc, L_EXPECTED);
	struct strv *role = &ls->for_action;
	const char *rname = "for_action";
	size_t line, b, e;

	ls_common(sc, ls);
	if (ls_head_find(sc, iso_nnum, &line, &b, &e)) {
		char *r = collapse_span(sc->lines[line].s + b, e - b);
		ls_set(ls, sc, &ls->ref, r, "ref", "header");
		free(r);
	} else if ((f = ls_field(sc, L_REF))) {
		ls_set(ls, sc, &ls->ref, f->value, "ref", ls_where(f));
	} else if (sc->subject && iso_nnum(sc->subject, strlen(sc->subject), &b, &e)) {
		char *r = collapse_span(sc->subject + b, e - b);
		ls_set(ls, sc, &ls->ref, r, "ref", "subject");
		free(r);
	}
	if (!ls->source && ls->ref) {
		/* the committee whose document register the number is in */
		char *p = xstrdup(ls->ref), *n = strstr(p, " N");
		const char *c;
		if (n) {
			*n = '\0';
			c = sdo_canonical(sc->dir, p);
			ls_set(ls, sc, &ls->source, c ? c : p, "source", "document number");
		}
		free(p);
	}
	if (exp) {
		if (strcasestr(exp->value, "info") && !strcasestr(exp->value, "action"))
			role = &ls->for_information, rname = "for_information";
		else if (strcasestr(exp->value, "comm"))
			role = &ls->for_comment, rname = "for_comment";
	}
	for (size_t i = 0; i < sc->nfields; i++)
		if (sc->fields[i].label == L_TO)
			ls_list(ls, sc, role, sc->fields[i].value, rname, ls_where(&sc->fields[i]));
	if (!ls->deadline_text && exp) {
		const char *due = strcasestr(exp->value, "due date");
		char iso[11];
		if (due) {
			due += 8;
			while (*due == ':' || *due == ' ')
				due++;
			ls_set(ls, sc, &ls->deadline_text, due, "deadline_text", "expected action");
		}
		if (date_parse(due ? due : exp->value, iso))
			ls_set(ls, sc, &ls->deadline, iso, "deadline", "expected action");
	}
}

const struct ls_template ls_tpl_iso = {"iso", iso_detect, iso_fill};
