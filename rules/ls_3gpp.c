/* ls_3gpp.c: the 3GPP LS template (Tdoc header, Title/To/Cc/Contact Person, "2. Actions" with ACTION: paragraphs). */
/* SPDX-License-Identifier: Apache-2.0 */
#include "ls_template.h"
#include "date.h"
#include "ls_fields.h"
#include "ls_refs.h"
#include "ls_label.h"
#include "ls_scan.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* "3GPP TSG SA WG1 Meeting #110" near the top */
static int
meeting_line(const struct ls_scan *sc, size_t *line)
{
	for (size_t i = 0; i < sc->nlines && i < 15; i++) {
		const struct ls_line *ln = &sc->lines[i];
		size_t voff;
		if (ln->len >= 8 && strncmp(ln->s, "3GPP", 4) == 0 && ls_label_of(ln, &voff) == L_NONE) {
			*line = i;
			return 1;
		}
	}
	return 0;
}

static int
tgpp_detect(const struct ls_scan *sc)
{
	size_t l, b, e;
	int score = 0;

	if (!ls_field(sc, L_TITLE) || !(ls_field(sc, L_TO) || ls_field(sc, L_ACTIONPARA)))
		return 0;
	score += meeting_line(sc, &l) ? 5 : 0;
	score += ls_head_find(sc, ls_find_tdoc, &l, &b, &e) ? 3 : 0;
	score += ls_field(sc, L_REPLYLS) ? 3 : 0;
	score += ls_field(sc, L_RELEASE) ? 1 : 0;
	score += ls_field(sc, L_WORKITEM) ? 1 : 0;
	score += ls_field(sc, L_ACTIONPARA) ? 2 : 0;
	return score >= 6 ? score + 2 : 0;
}

static int
is_actions_heading(const struct ls_line *ln)
{
	size_t k = 0;

	if (!ls_numbered_heading(ln))
		return 0;
	while (k < ln->len && (isdigit((unsigned char)ln->s[k]) || ln->s[k] == '.' || isspace((unsigned char)ln->s[k])))
		k++;
	return ln->len - k >= 6 && strncasecmp(ln->s + k, "action", 6) == 0;
}

static int
is_description_heading(const struct ls_line *ln)
{
	size_t k = 0;

	if (!ls_numbered_heading(ln))
		return 0;
	while (k < ln->len && (isdigit((unsigned char)ln->s[k]) || ln->s[k] == '.' || isspace((unsigned char)ln->s[k])))
		k++;
	return ln->len - k >= 7 && strncasecmp(ln->s + k, "overall", 7) == 0;
}

/* Lines [*from, *to) of the numbered section whose heading pred() recognises. */
static int
section(const struct ls_scan *sc, int (*pred)(const struct ls_line *), size_t *from, size_t *to)
{
	for (size_t i = 0; i < sc->nlines; i++) {
		if (!pred(&sc->lines[i]))
			continue;
		*from = i + 1;
		for (*to = i + 1; *to < sc->nlines && !ls_numbered_heading(&sc->lines[*to]); (*to)++)
			;
		return 1;
	}
	return 0;
}

/* The first Tdoc in s that is not the one it revises ("S4-250123 (revision of S4-250100)"). */
static int
own_tdoc(const char *s, size_t len, size_t *b, size_t *e)
{
	size_t off = 0, fb, fe;

	while (off < len && ls_find_tdoc(s + off, len - off, &fb, &fe)) {
		size_t at = off + fb, k = at > 16 ? at - 16 : 0;
		char ctx[17] = {0};
		memcpy(ctx, s + k, at - k);
		if (!strcasestr(ctx, "revision of") && !strcasestr(ctx, "rev. of") && !strcasestr(ctx, "replaces") &&
		    !strcasestr(ctx, " was ")) {
			*b = at;
			*e = off + fe;
			return 1;
		}
		off += fe;
	}
	return 0;
}

/*
 * The Tdoc prefix of a 3GPP group, "3GPP RAN2" -> "R2", "3GPP TSG SA" -> "SP" (out holds 3 bytes); 0 when the
 * name is not a 3GPP group's.
 */
static int
group_prefix(const char *name, char *out)
{
	static const char *const bodies[][2] = {{"SA", "S"}, {"RAN", "R"}, {"CT", "C"}};
	const char *s;

	if (!name || strncmp(name, "3GPP ", 5) != 0)
		return 0;
	s = name + 5;
	for (size_t i = 0; i < sizeof(bodies) / sizeof(*bodies); i++) {
		size_t n = strlen(bodies[i][0]);
		if (strncmp(s, "TSG ", 4) == 0 && strcmp(s + 4, bodies[i][0]) == 0) {
			out[0] = bodies[i][1][0], out[1] = 'P', out[2] = '\0';
			return 1;
		}
		if (strncmp(s, bodies[i][0], n) == 0 && isdigit((unsigned char)s[n]) && s[n + 1] == '\0') {
			out[0] = bodies[i][1][0], out[1] = s[n], out[2] = '\0';
			return 1;
		}
	}
	return 0;
}

/*
 * A tdoc registered again by another group carries that group's header above the author's ("S2-1811620" over
 * "R2-1816041"): among the header lines before the first field, the number of the sending group is the
 * statement's own. 1 with *line, *b, *e when one matches ls->source.
 */
static int
sender_tdoc(const struct ls_scan *sc, const struct ls *ls, size_t *line, size_t *b, size_t *e)
{
	char pfx[3];

	if (!group_prefix(ls->source, pfx))
		return 0;
	for (size_t i = 0; i < sc->nlines && i < LS_HEAD_LINES; i++) {
		const struct ls_line *ln = &sc->lines[i];
		size_t voff;
		if (ls_label_of(ln, &voff) != L_NONE)
			break;
		if (own_tdoc(ln->s, ln->len, b, e) && strncmp(ln->s + *b, pfx, 2) == 0) {
			*line = i;
			return 1;
		}
	}
	return 0;
}

/* The Tdoc number: the sending group's in the header, else the first in the header, else a Ref field, else in
 * the subject. */
static void
tgpp_ref(struct ls_scan *sc, struct ls *ls)
{
	const struct ls_field *f;
	size_t line, b, e;
	char *r;

	if (sender_tdoc(sc, ls, &line, &b, &e) || ls_head_find(sc, own_tdoc, &line, &b, &e)) {
		r = ls_tdoc_copy(sc->lines[line].s + b, e - b);
		ls_set(ls, sc, &ls->ref, r, "ref", "header");
		free(r);
	} else if ((f = ls_field(sc, L_REF))) {
		ls_set(ls, sc, &ls->ref, f->value, "ref", ls_where(f));
	} else if (sc->subject && ls_find_tdoc(sc->subject, strlen(sc->subject), &b, &e)) {
		r = ls_tdoc_copy(sc->subject + b, e - b);
		ls_set(ls, sc, &ls->ref, r, "ref", "subject");
		free(r);
	}
}

/* "3GPP TSG SA WG1 Meeting #110" is SA1's. */
static void
tgpp_source(struct ls_scan *sc, struct ls *ls)
{
	const struct ls_line *ln;
	size_t line;
	char *h, *cut;
	const char *c;

	if (ls->source || !meeting_line(sc, &line))
		return;
	ln = &sc->lines[line];
	h = xstrndup(ln->s, ln->len);
	if ((cut = strcasestr(h, " meeting")))
		*cut = '\0';
	if ((c = sdo_canonical(sc->dir, h)))
		ls_set(ls, sc, &ls->source, c, "source", "header");
	free(h);
}

/* "To SA4:" heading an addressee's actions */
static int
to_line(const struct ls_line *ln)
{
	return ln->len > 3 && ln->len < 160 && strncasecmp(ln->s, "To ", 3) == 0;
}

/*
 * An Actions section without the ACTION: word ("To SA4:" then "RAN2 would like to ask SA4 to take …"): each
 * paragraph that asks a body to do something is an action; the bodies it asks, and those of the "To X:" line
 * above it, are for action. A paragraph that only informs names nobody.
 */
static void
asked_paras(const struct ls_scan *sc, size_t from, size_t upto, struct buf *acts, struct strv *named, struct buf *names)
{
	const struct ls_line *to = NULL;

	for (size_t i = from; i < upto; i++) {
		const struct ls_line *ln = &sc->lines[i];
		char *para;
		if (to_line(ln)) {
			to = ln;
			continue;
		}
		if (!ln->len)
			continue;
		para = xstrndup(ln->s, ln->len);
		if (ls_asked_bodies(sc->dir, para, named)) {
			buf_printf(acts, "%s\n", para);
			if (to) {
				buf_add(names, to->s + 3, to->len - 3);
				buf_addc(names, '\n');
			}
		}
		free(para);
	}
}

/*
 * The ACTION paragraphs (and "To SA4." lines) of the Actions section name who must act: in each
 * paragraph the bodies asked ("SA4 asks ITU-T SG21 to …"), not those met later in it ("a reply by
 * TSG SA#112"); a paragraph with no such verb names them in its first sentence. The paragraphs go
 * to acts, the bodies (and the addressees in to that they name) to ls->for_action.
 */
static void
tgpp_actions(struct ls_scan *sc, struct ls *ls, const struct strv *to, struct buf *acts)
{
	const struct ls_field *f;
	struct strv named = {0};
	struct buf names = {0};
	size_t from = 0, upto = sc->nlines;
	int have_section = section(sc, is_actions_heading, &from, &upto);

	for (size_t i = 0; i < sc->nfields; i++) {
		f = &sc->fields[i];
		if (f->label != L_ACTIONPARA || (have_section && (f->line < from || f->line >= upto)))
			continue;
		if (ls_is_none(f->value) || str_startswith_ci(f->value, "none"))
			continue;
		buf_printf(acts, "%s\n", f->value);
		if (!ls_asked_bodies(sc->dir, f->value, &named)) {
			const char *stop = strstr(f->value, ". ");
			char *first = xstrndup(f->value, stop ? (size_t)(stop - f->value) : strlen(f->value));
			ls_bodies_in(sc->dir, first, &named);
			free(first);
		}
	}
	if (have_section && !acts->len)
		asked_paras(sc, from, upto, acts, &named, &names);
	else
		for (size_t i = from; have_section && i < upto; i++) {
			const struct ls_line *ln = &sc->lines[i];
			if (to_line(ln)) {
				buf_add(&names, ln->s + 3, ln->len - 3);
				buf_addc(&names, '\n');
			}
		}
	if (acts->len) {
		ls_bodies_in(sc->dir, buf_str(&names), &named);
		buf_adds(&names, buf_str(acts));
		for (size_t i = 0; i < to->n; i++) /* addressees the directory does not know */
			if (!sdo_canonical(sc->dir, to->v[i]) && strcasestr(buf_str(&names), to->v[i]))
				strv_push_unique(&named, to->v[i]);
		for (size_t i = 0; i < named.n && ls->for_action.n < LS_LIST_MAX; i++)
			if (!ls->source || strcmp(named.v[i], ls->source) != 0)
				strv_push_unique(&ls->for_action, named.v[i]);
		if (ls->for_action.n)
			ls_prov(ls, sc, "for_action", "action section");
	}
	strv_free(&named);
	buf_free(&names);
}

/* The first date in the action paragraphs, when no field gave a deadline. */
static void
tgpp_deadline(struct ls_scan *sc, struct ls *ls, const struct buf *acts)
{
	char iso[11], *t;
	size_t s0, s1;

	if (ls->deadline_text || !acts->len || !date_find(acts->s, acts->len, iso, &s0, &s1))
		return;
	t = xstrndup(acts->s + s0, s1 - s0);
	ls_set(ls, sc, &ls->deadline_text, t, "deadline_text", "action section");
	ls_set(ls, sc, &ls->deadline, iso, "deadline", "action section");
	free(t);
}

/* The first paragraph of the "Overall description" section, when no field gave an abstract. */
static void
tgpp_abstract(struct ls_scan *sc, struct ls *ls)
{
	struct buf desc = {0};
	size_t from, upto;

	if (ls->abstract || !section(sc, is_description_heading, &from, &upto))
		return;
	for (size_t i = from; i < upto && desc.len < LS_FIELD_MAX; i++) {
		if (sc->lines[i].len == 0) {
			if (desc.len)
				break;
			continue;
		}
		if (desc.len)
			buf_addc(&desc, ' ');
		buf_add(&desc, sc->lines[i].s, sc->lines[i].len);
	}
	ls_set(ls, sc, &ls->abstract, buf_str(&desc), "abstract", "overall description");
	buf_free(&desc);
}

static void
tgpp_fill(struct ls_scan *sc, struct ls *ls)
{
	const struct ls_field *f;
	struct strv to = {0};
	struct buf acts = {0};

	ls_common(sc, ls);
	tgpp_source(sc, ls);
	tgpp_ref(sc, ls);
	if ((f = ls_field(sc, L_TO)))
		sdo_split_list(sc->dir, f->value, &to);
	if ((f = ls_field(sc, L_CC)))
		sdo_split_list(sc->dir, f->value, &to);
	tgpp_actions(sc, ls, &to, &acts);
	for (size_t i = 0; i < to.n && ls->for_information.n < LS_LIST_MAX; i++)
		if (!strv_contains(&ls->for_action, to.v[i]) && strv_push_unique(&ls->for_information, to.v[i]))
			ls_prov(ls, sc, "for_information", "to/cc");
	tgpp_deadline(sc, ls, &acts);
	tgpp_abstract(sc, ls);
	strv_free(&to);
	buf_free(&acts);
}

const struct ls_template ls_tpl_3gpp = {"3gpp", tgpp_detect, tgpp_fill};
