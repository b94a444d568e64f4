/* ls_etsi.c: the ETSI liaison template (ARF(26)000123 numbers, From/To/Copy, Decision/action requested). */
/* SPDX-License-Identifier: Apache-2.0 */
#include "ls_template.h"
#include "date.h"
#include "ls_fields.h"
#include "ls_refs.h"
#include "ls_scan.h"

#include <stdlib.h>
#include <string.h>

static int
etsi_detect(const struct ls_scan *sc)
{
	size_t l, b, e;
	int score = 0, etsi_word = 0;

	if (!ls_field(sc, L_TITLE))
		return 0;
	for (size_t i = 0; i < sc->nlines && i < 20 && !etsi_word; i++)
		etsi_word = sc->lines[i].len >= 4 && memmem(sc->lines[i].s, sc->lines[i].len, "ETSI", 4) != NULL;
	score += ls_head_find(sc, ls_find_etsinum, &l, &b, &e) ? 4 : 0;
	score += ls_field(sc, L_DECISION) ? 4 : 0;
	score += etsi_word ? 1 : 0;
	score += ls_field(sc, L_CC) ? 1 : 0;
	score += ls_field(sc, L_FROM) ? 1 : 0;
	score += ls_field(sc, L_TO) ? 1 : 0;
	return score >= 7 ? score + 2 : 0;
}

/* Is something asked of the addressees, or is the statement for information only? */
static int
requested(const char *decision)
{
	if (!decision || ls_is_none(decision))
		return 0;
	return !str_startswith_ci(decision, "none") && !str_startswith_ci(decision, "no action") &&
	    !str_startswith_ci(decision, "for information") && !str_startswith_ci(decision, "information only");
}

static void
etsi_fill(struct ls_scan *sc, struct ls *ls)
{
	const struct ls_field *f, *dec = ls_field(sc, L_DECISION);
	struct strv to = {0}, named = {0};
	size_t line, b, e;
	int act;

	ls_common(sc, ls);
	if (ls_head_find(sc, ls_find_etsinum, &line, &b, &e)) {
		char *r = xstrndup(sc->lines[line].s + b, e - b);
		ls_set(ls, sc, &ls->ref, r, "ref", "header");
		free(r);
	} else if ((f = ls_field(sc, L_REF))) {
		ls_set(ls, sc, &ls->ref, f->value, "ref", ls_where(f));
	} else if (sc->subject && ls_find_etsinum(sc->subject, strlen(sc->subject), &b, &e)) {
		char *r = xstrndup(sc->subject + b, e - b);
		ls_set(ls, sc, &ls->ref, r, "ref", "subject");
		free(r);
	}
	if (!ls->source && (f = ls_field(sc, L_FROM))) {
		const char *c = sdo_canonical(sc->dir, f->value);
		ls_set(ls, sc, &ls->source, c ? c : f->value, "source", ls_where(f));
	}
	act = requested(dec ? dec->value : NULL);
	if (act) {
		/* the bodies the request is put to; without a verb, every body the paragraph names */
		if (!ls_asked_bodies(sc->dir, dec->value, &named))
			ls_bodies_in(sc->dir, dec->value, &named);
		for (size_t i = 0; i < named.n; i++)
			if ((!ls->source || strcmp(named.v[i], ls->source) != 0) &&
			    strv_push_unique(&ls->for_action, named.v[i]))
				ls_prov(ls, sc, "for_action", "decision/action requested");
	}
	if ((f = ls_field(sc, L_TO))) {
		/* the template's To are the addressees the request is for; Copy only informs */
		sdo_split_list(sc->dir, f->value, &to);
		for (size_t i = 0; i < to.n; i++)
			if (act)
				strv_push_unique(&ls->for_action, to.v[i]);
			else if (!strv_contains(&ls->for_action, to.v[i]))
				strv_push_unique(&ls->for_information, to.v[i]);
		if (to.n)
			ls_prov(ls, sc, act ? "for_action" : "for_information", ls_where(f));
	}
	strv_free(&to);
	if ((f = ls_field(sc, L_CC))) {
		sdo_split_list(sc->dir, f->value, &to);
		for (size_t i = 0; i < to.n; i++)
			if (!strv_contains(&ls->for_action, to.v[i]))
				strv_push_unique(&ls->for_information, to.v[i]);
		if (to.n)
			ls_prov(ls, sc, "for_information", ls_where(f));
	}
	if (!ls->deadline_text && act) {
		char iso[11];
		size_t s0, s1;
		if (date_find(dec->value, strlen(dec->value), iso, &s0, &s1)) {
			char *t = xstrndup(dec->value + s0, s1 - s0);
			ls_set(ls, sc, &ls->deadline_text, t, "deadline_text", "decision/action requested");
			ls_set(ls, sc, &ls->deadline, iso, "deadline", "decision/action requested");
			free(t);
		}
	}
	strv_free(&to);
	strv_free(&named);
}

const struct ls_template ls_tpl_etsi = {"etsi", etsi_detect, etsi_fill};
