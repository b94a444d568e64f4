/* ls.c: liaison statements: the entry point (template choice), merge of body and attachment, free. */
/* SPDX-License-Identifier: Apache-2.0 */
#include "ls.h"
#include "ls_fields.h"
#include "ls_refs.h"
#include "ls_scan.h"
#include "ls_template.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static const struct ls_template *const templates[] = {
    &ls_tpl_ietf,
    &ls_tpl_3gpp,
    &ls_tpl_etsi,
    &ls_tpl_iso,
    &ls_tpl_itut,
    &ls_tpl_itur,
    &ls_tpl_letter,
};

/* "SG21-LS82" and "sg21-ls 82" are one number. */
static int
same_ref(const char *a, const char *b)
{
	while (*a || *b) {
		while (*a && ls_sp((unsigned char)*a))
			a++;
		while (*b && ls_sp((unsigned char)*b))
			b++;
		if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
			return 0;
		if (*a)
			a++, b++;
	}
	return 1;
}

/* A statement never answers itself: a "Ref.:" row or a revision may repeat its own number. */
static void
drop_own_ref(struct ls *ls)
{
	size_t w = 0;

	if (!ls->ref)
		return;
	for (size_t i = 0; i < ls->reply_to.n; i++) {
		if (same_ref(ls->reply_to.v[i], ls->ref)) {
			free(ls->reply_to.v[i]);
			continue;
		}
		ls->reply_to.v[w++] = ls->reply_to.v[i];
	}
	ls->reply_to.n = w;
}

static int
reply_title(const char *t)
{
	return t && (str_startswith_ci(t, "LS/r") || strcasestr(t, "reply") || strcasestr(t, "response"));
}

/*
 * An LS/r whose title and cover name no statement says in its text what it answers: "in reply to
 * JCA-MV-LS3", "SG17 thanks the JCA-MV for JCA-MV-LS3". The first line that names one is taken.
 */
static void
reply_from_text(const struct ls_scan *sc, struct ls *ls)
{
	if (ls->reply_to.n || !reply_title(ls->title))
		return;
	for (size_t i = 0; i < sc->nlines && !ls->reply_to.n; i++) {
		const struct ls_line *ln = &sc->lines[i];
		const char *th = NULL;
		char *t;

		if (ln->len < 8)
			continue;
		t = xstrndup(ln->s, ln->len);
		ls_reply_refs(t, &ls->reply_to);
		if (!ls->reply_to.n && (th = strcasestr(t, "thank")) && i + 1 < sc->nlines && sc->lines[i + 1].len) {
			/* the thanks run on to the next line of a wrapped paragraph */
			char *j = xasprintf("%s %.*s", t, (int)sc->lines[i + 1].len, sc->lines[i + 1].s);
			free(t);
			t = j;
			th = strcasestr(t, "thank");
		}
		if (!ls->reply_to.n && th) {
			size_t len = strlen(th), b, e;
			/* the thanks name the statement within a few words: "thanks SG20 for its LS SG20-LS9" */
			if (ls_find_lsnum(th, len < 120 ? len : 120, &b, &e)) {
				char *r = xstrndup(th + b, e - b);
				if (!ls->ref || !same_ref(r, ls->ref))
					strv_push(&ls->reply_to, r);
				free(r);
			}
		}
		free(t);
		drop_own_ref(ls);
	}
	if (ls->reply_to.n)
		ls_prov(ls, sc, "reply_to", "text");
}

static int
has_substance(const struct ls *ls)
{
	int addressed = ls->for_action.n || ls->for_comment.n || ls->for_information.n;

	return (ls->title || ls->ref) && (addressed || ls->source);
}

/* "New Liaison Statement, "TITLE"" (the Datatracker's notification) or "Liaison statement": the mail says what it is.
 */
static int
announced(const char *subject, const char **title, size_t *tlen)
{
	const char *s = subject, *q, *e;

	*title = NULL;
	*tlen = 0;
	while (s && ls_sp((unsigned char)*s))
		s++;
	if (!s || (!str_startswith_ci(s, "new liaison statement") && strcasecmp(s, "liaison statement") != 0))
		return 0;
	if ((q = strchr(s, '"')) && (e = strrchr(q + 1, '"')) && e > q + 1) {
		*title = q + 1;
		*tlen = (size_t)(e - q - 1);
	}
	return 1;
}

/* Its To line's bodies, known by name or address, under its "For action:" or "For comment:" if it has one. */
static void
announced_to(struct ls_scan *sc, struct ls *ls)
{
	const struct ls_field *to = ls_field(sc, L_TO);
	struct strv *role = &ls->for_information, named = {0};
	const char *rname = "for_information";
	char *t, *save = NULL;

	if (!to)
		return;
	if (ls_field(sc, L_ACTION))
		role = &ls->for_action, rname = "for_action";
	else if (ls_field(sc, L_COMMENT))
		role = &ls->for_comment, rname = "for_comment";
	ls_bodies_in(sc->dir, to->value, &named);
	t = xstrdup(to->value);
	for (char *w = strtok_r(t, " \t\n,;<>", &save); w; w = strtok_r(NULL, " \t\n,;<>", &save)) {
		const char *c = strchr(w, '@') ? sdo_by_email(sc->dir, w) : NULL;
		if (c)
			strv_push_unique(&named, c);
	}
	for (size_t i = 0; i < named.n; i++)
		if ((!ls->source || strcmp(named.v[i], ls->source) != 0) && strv_push_unique(role, named.v[i]))
			ls_prov(ls, sc, rname, ls_where(to));
	strv_free(&named);
	free(t);
}

/*
 * A statement that no template reads, in a mail whose subject announces one, from a body the directory
 * knows by its address: what the page kept (its title) and the subject give.
 */
static struct ls *
announced_ls(struct ls_scan *sc, const char *sender)
{
	const struct ls_field *f = ls_field(sc, L_TITLE);
	const char *t;
	size_t tlen;
	struct ls *ls;

	if (!sender || !announced(sc->subject, &t, &tlen))
		return NULL;
	ls = xcalloc(1, sizeof(*ls));
	sc->tname = str_startswith_ci(sc->subject, "new") ? "ietf" : "letter";
	ls->template_name = xstrdup(sc->tname);
	if (f) {
		ls_set(ls, sc, &ls->title, f->value, "title", ls_where(f));
	} else if (t) {
		char *tt = xstrndup(t, tlen);
		ls_set(ls, sc, &ls->title, tt, "title", "subject");
		free(tt);
	}
	ls_set(ls, sc, &ls->source, sender, "source", "sender's address");
	announced_to(sc, ls);
	return ls;
}

struct ls *
ls_parse_from(
    const struct doc *doc, const struct sdo_dir *dir, const char *origin, const char *subject, const char *sender)
{
	struct ls_scan sc = {0};
	struct ls *ls = NULL;
	const struct ls_template *best = NULL;
	int bestscore = 0;

	if (!doc)
		return NULL;
	sc.doc = doc;
	sc.dir = dir ? dir : sdo_dir_builtin();
	sc.origin = origin ? origin : "body";
	sc.subject = subject;
	ls_scan_read(&sc);
	for (size_t i = 0; i < sizeof(templates) / sizeof(*templates); i++) {
		int s = templates[i]->detect(&sc);
		if (s > bestscore) {
			bestscore = s;
			best = templates[i];
		}
	}
	if (!best)
		goto announced;
	ls = xcalloc(1, sizeof(*ls));
	sc.tname = best->name;
	ls->template_name = xstrdup(best->name);
	best->fill(&sc, ls);
	drop_own_ref(ls);
	reply_from_text(&sc, ls);
	if (!ls->source && sender)
		ls_set(ls, &sc, &ls->source, sender, "source", "sender's address");
	if (!has_substance(ls)) {
		ls_free(ls);
		ls = NULL;
		goto announced;
	}
	if (sc.nlines >= LS_LINES_MAX)
		strv_pushf(&ls->warnings, "%s: only the first %d lines were read for the liaison statement", sc.origin,
		    LS_LINES_MAX);
	goto out;
announced:
	ls = announced_ls(&sc, sender);
out:
	ls_scan_free(&sc);
	return ls;
}

struct ls *
ls_parse(const struct doc *doc, const struct sdo_dir *dir, const char *origin, const char *subject)
{
	return ls_parse_from(doc, dir, origin, subject, NULL);
}

static void
free_contacts(struct ls_contact *c, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(c[i].name);
		free(c[i].organization);
		free(c[i].email);
	}
	free(c);
}

static void
free_prov(struct ls_prov *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(p[i].field);
		free(p[i].origin);
	}
	free(p);
}

void
ls_free(struct ls *ls)
{
	if (!ls)
		return;
	free(ls->ref);
	free(ls->source);
	free(ls->title);
	strv_free(&ls->for_action);
	strv_free(&ls->for_comment);
	strv_free(&ls->for_information);
	free(ls->approval);
	free(ls->deadline);
	free(ls->deadline_text);
	free_contacts(ls->contacts, ls->ncontacts);
	strv_free(&ls->reply_to);
	free(ls->abstract);
	free(ls->template_name);
	free_prov(ls->prov, ls->nprov);
	strv_free(&ls->warnings);
	free(ls);
}
static int
same_text(const char *a, const char *b)
{
	char *x = str_collapse_ws(a), *y = str_collapse_ws(b);
	int r = strcasecmp(x, y) == 0;

	free(x);
	free(y);
	return r;
}

static int
same_set(const struct strv *a, const struct strv *b)
{
	if (a->n != b->n)
		return 0;
	for (size_t i = 0; i < a->n; i++) {
		size_t j;
		for (j = 0; j < b->n && !same_text(a->v[i], b->v[j]); j++)
			;
		if (j == b->n)
			return 0;
	}
	return 1;
}

static char *
joined(const struct strv *sv)
{
	struct buf b = {0};

	for (size_t i = 0; i < sv->n; i++)
		buf_printf(&b, "%s%s", i ? ", " : "", sv->v[i]);
	return buf_steal(&b);
}

/* Moves the provenance of field from src to dst (dropping dst's). */
static void
take_prov(struct ls *dst, struct ls *src, const char *field)
{
	size_t w = 0;

	for (size_t i = 0; i < dst->nprov; i++) {
		if (strcmp(dst->prov[i].field, field) == 0) {
			free(dst->prov[i].field);
			free(dst->prov[i].origin);
			continue;
		}
		dst->prov[w++] = dst->prov[i];
	}
	dst->nprov = w;
	for (size_t i = 0; i < src->nprov; i++)
		if (src->prov[i].field && strcmp(src->prov[i].field, field) == 0) {
			dst->prov = xrealloc(dst->prov, (dst->nprov + 1) * sizeof(*dst->prov));
			dst->prov[dst->nprov++] = src->prov[i];
			src->prov[i].field = NULL;
			src->prov[i].origin = NULL;
		}
}

static void
merge_str(struct ls *res, struct ls *body, char **rslot, char **bslot, const char *field)
{
	if (!*bslot)
		return;
	if (!*rslot) {
		*rslot = *bslot;
		*bslot = NULL;
		take_prov(res, body, field);
		return;
	}
	if (!same_text(*rslot, *bslot))
		strv_pushf(&res->warnings,
		    "field %s: body says %.200s, attachment says %.200s; the attachment's is kept", field, *bslot,
		    *rslot);
}

static void
merge_list(struct ls *res, struct ls *body, struct strv *rl, struct strv *bl, const char *field)
{
	struct strv tmp;

	if (!bl->n)
		return;
	if (!rl->n) {
		tmp = *rl;
		*rl = *bl;
		*bl = tmp;
		take_prov(res, body, field);
		return;
	}
	if (!same_set(rl, bl)) {
		char *x = joined(bl), *y = joined(rl);
		strv_pushf(&res->warnings,
		    "field %s: body says %.300s, attachment says %.300s; the attachment's is kept", field, x, y);
		free(x);
		free(y);
	}
}

struct ls *
ls_merge(struct ls *body, struct ls *att)
{
	struct ls *res = att;

	if (!body || !att)
		return att ? att : body;
	merge_str(res, body, &res->ref, &body->ref, "ref");
	merge_str(res, body, &res->source, &body->source, "source");
	merge_str(res, body, &res->title, &body->title, "title");
	merge_list(res, body, &res->for_action, &body->for_action, "for_action");
	merge_list(res, body, &res->for_comment, &body->for_comment, "for_comment");
	merge_list(res, body, &res->for_information, &body->for_information, "for_information");
	merge_str(res, body, &res->approval, &body->approval, "approval");
	if (!res->deadline_text && body->deadline_text) {
		res->deadline_text = body->deadline_text;
		body->deadline_text = NULL;
		take_prov(res, body, "deadline_text");
	}
	merge_str(res, body, &res->deadline, &body->deadline, "deadline");
	if (!res->ncontacts && body->ncontacts) {
		res->contacts = body->contacts;
		res->ncontacts = body->ncontacts;
		body->contacts = NULL;
		body->ncontacts = 0;
		take_prov(res, body, "contacts");
	}
	merge_list(res, body, &res->reply_to, &body->reply_to, "reply_to");
	merge_str(res, body, &res->abstract, &body->abstract, "abstract");
	for (size_t i = 0; i < body->warnings.n; i++)
		strv_push_unique(&res->warnings, body->warnings.v[i]);
	ls_free(body);
	return res;
}
