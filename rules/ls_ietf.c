/* ls_ietf.c: IETF Datatracker liaison notifications and pages (From/To Group codes, Purpose, Response/Technical
 * Contacts, numbers in attachment names). */
/* SPDX-License-Identifier: Apache-2.0 */
#include "ls_template.h"
#include "ls_fields.h"
#include "ls_refs.h"
#include "ls_scan.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static const char tracker[] = "datatracker.ietf.org/liaison/";

/* The Datatracker liaison id in s ("…/liaison/1234/"), as "LS-1234". */
static char *
tracker_id(const char *s, size_t len)
{
	const char *p = s ? memmem(s, len, tracker, sizeof(tracker) - 1) : NULL;
	size_t k = 0;

	if (!p)
		return NULL;
	p += sizeof(tracker) - 1;
	while (p + k < s + len && isdigit((unsigned char)p[k]) && k < 12)
		k++;
	return k ? xasprintf("LS-%.*s", (int)k, p) : NULL;
}

static int
ietf_detect(const struct ls_scan *sc)
{
	int score = 0, url = ls_field(sc, L_URL) != NULL;

	for (size_t i = 0; i < sc->nlines && i < LS_HEAD_LINES && !url; i++)
		url = memmem(sc->lines[i].s, sc->lines[i].len, tracker, sizeof(tracker) - 1) != NULL;
	if (!ls_field(sc, L_TITLE))
		return 0;
	score += ls_field(sc, L_SUBMITTED) ? 4 : 0;
	score += url ? 4 : 0;
	score += ls_field(sc, L_PURPOSE) ? 2 : 0;
	score += ls_field(sc, L_RESPCONTACT) || ls_field(sc, L_TECHCONTACT) ? 2 : 0;
	score += ls_field(sc, L_BODY) ? 1 : 0;
	return score >= 6 ? score + 4 : 0;
}

/* "ITU-T-JCA-MV (Jane Doe)", "jane@example.org": bodies, canonical where known. */
static void
bodies(const struct ls_scan *sc, const char *text, struct strv *out)
{
	struct strv raw = {0};
	char *t = xstrdup(text);

	for (char *p = t; *p; p++) /* addresses become words the splitter keeps whole */
		if (*p == '<' || *p == '>')
			*p = ' ';
	sdo_split_list(sc->dir, t, &raw);
	for (size_t i = 0; i < raw.n && out->n < LS_LIST_MAX; i++) {
		char *item = xstrdup(raw.v[i]), *at = strchr(item, '@');
		const char *c = NULL;
		if (at) {
			/* a person's address: the body that owns its domain, if any */
			char *sp = item + strlen(item);
			while (sp > item && sp[-1] != ' ')
				sp--;
			c = sdo_by_email(sc->dir, sp);
			if (c)
				strv_push_unique(out, c);
		} else {
			ls_strip_parens(item);
			c = sdo_canonical(sc->dir, item);
			char *w = str_collapse_ws(item);
			if (*w)
				strv_push_unique(out, c ? c : w);
			free(w);
		}
		free(item);
	}
	strv_free(&raw);
	free(t);
}

/* A copy to the sender's own organisation ("IETF" for "IETF MOQ WG", a chairs' list) informs no one new. */
static int
same_house(const char *source, const char *body)
{
	size_t n = strlen(body);

	return source && strncmp(source, body, n) == 0 && (source[n] == '\0' || source[n] == ' ');
}

/* Was field f read from a page's header block ("To Group ccamp"), where groups go by their codes? */
static int
in_header(const struct ls_scan *sc, const struct ls_field *f)
{
	return f && f->line < sc->nlines && sc->lines[f->line].header;
}

/* Cuts a trailing qualifier that names a part of a body: "IETF CCAMP WG", "ITU-T SG15 Question 6". 1 when cut. */
static int
cut_part(char *w)
{
	static const char *const parts[] = {" working group", " wg", " question", " q"};
	size_t n = strlen(w);

	while (n && (isdigit((unsigned char)w[n - 1]) || w[n - 1] == '/' || w[n - 1] == '.'))
		n--; /* "Question 6", "Q6/15" */
	while (n && w[n - 1] == ' ' && n < strlen(w))
		n--;
	for (size_t i = 0; i < sizeof(parts) / sizeof(*parts); i++) {
		size_t pl = strlen(parts[i]);
		int numbered = parts[i][1] == 'q';
		if (n > pl && strncasecmp(w + n - pl, parts[i], pl) == 0 &&
		    (numbered ? n < strlen(w) : n == strlen(w))) {
			w[n - pl] = '\0';
			return 1;
		}
	}
	return 0;
}

/*
 * One group as a Datatracker page names it: a directory body ("ITU-T-SG-15", "3GPP-TSGCT-CT4"), an
 * IETF working group or area by its acronym ("ccamp", "OPS": the tracker's other groups are bodies
 * the directory knows), or a name with its person in parentheses ("IETF CCAMP WG (Adrian Farrel)").
 * code: the value is a group code field. Owned; NULL when nothing is left.
 */
static char *
group_name(const struct sdo_dir *d, const char *item, int code)
{
	char *t = xstrdup(item), *w, *res = NULL;
	const char *c;
	size_t n;

	ls_strip_parens(t);
	w = str_collapse_ws(t);
	n = strlen(w);
	while (n && strchr(" ,;:-", w[n - 1]))
		w[--n] = '\0';
	if (!n)
		goto out;
	if ((c = sdo_canonical(d, w)) || (cut_part(w) && (c = sdo_canonical(d, w)))) {
		res = xstrdup(c);
		goto out;
	}
	if (code && strspn(w, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") == strlen(w)) {
		res = xasprintf("IETF %s", w);
		for (char *p = res; *p; p++)
			*p = (char)toupper((unsigned char)*p);
		goto out;
	}
	res = xstrdup(w);
out:
	free(w);
	free(t);
	return res;
}

/* "dmm, IETF", "ITU-T SG15 (Greg Jones)": the groups of a To/From field read from a header block. */
static void
groups(const struct ls_scan *sc, const char *text, struct strv *out)
{
	char *t = xstrdup(text), *save = NULL;

	for (char *p = t; *p; p++)
		if (*p == '\n' || *p == ';')
			*p = ',';
	for (char *tok = strtok_r(t, ",", &save); tok && out->n < LS_LIST_MAX; tok = strtok_r(NULL, ",", &save)) {
		char *g = group_name(sc->dir, tok, 1);
		if (g && *g)
			strv_push_unique(out, g);
		free(g);
	}
	free(t);
}

static void
ietf_source(struct ls_scan *sc, struct ls *ls)
{
	const struct ls_field *f = ls_field(sc, L_FROM);
	struct strv tmp = {0};
	char *name;

	if (ls->source || !f)
		return;
	if (in_header(sc, f)) {
		groups(sc, f->value, &tmp);
		if (tmp.n)
			ls_set(ls, sc, &ls->source, tmp.v[0], "source", "header block");
		strv_free(&tmp);
		return;
	}
	/* "IETF MOQ WG (Alice <alice@example.com>)": the group, its chair in parentheses */
	name = ls_body_name(sc->dir, f->value);
	if (strchr(name, '@')) {
		bodies(sc, f->value, &tmp);
		if (tmp.n)
			ls_set(ls, sc, &ls->source, tmp.v[0], "source", ls_where(f));
		strv_free(&tmp);
	} else {
		ls_set(ls, sc, &ls->source, name, "source", ls_where(f));
	}
	free(name);
}

/* The To groups under the Purpose; a notification's Cc bodies are informed, a page's Cc are people and lists. */
static void
ietf_addressees(struct ls_scan *sc, struct ls *ls)
{
	const struct ls_field *f, *purpose = ls_field(sc, L_PURPOSE);
	struct strv *role = &ls->for_information, tmp = {0};
	const char *rname = "for_information";

	if (purpose && strcasestr(purpose->value, "action"))
		role = &ls->for_action, rname = "for_action";
	else if (purpose && strcasestr(purpose->value, "comment"))
		role = &ls->for_comment, rname = "for_comment";
	if ((f = ls_field(sc, L_TO))) {
		if (in_header(sc, f))
			groups(sc, f->value, role);
		else
			bodies(sc, f->value, role);
		if (role->n)
			ls_prov(ls, sc, rname, "to, purpose");
	}
	if ((f = ls_field(sc, L_CC)) && !in_header(sc, f)) {
		bodies(sc, f->value, &tmp);
		for (size_t i = 0; i < tmp.n; i++)
			if (!strv_contains(role, tmp.v[i]) && !same_house(ls->source, tmp.v[i]) &&
			    strv_push_unique(&ls->for_information, tmp.v[i]))
				ls_prov(ls, sc, "for_information", ls_where(f));
		strv_free(&tmp);
	}
}

static void
ietf_fields(struct ls_scan *sc, struct ls *ls)
{
	for (size_t i = 0; i < sc->nfields; i++) {
		const struct ls_field *f = &sc->fields[i];
		if ((f->label == L_RESPCONTACT || f->label == L_TECHCONTACT) && !ls_is_none(f->value)) {
			char *t = xstrdup(f->value);
			size_t before = ls->ncontacts;
			for (char *p = t; *p; p++)
				if (*p == ',' || *p == ';')
					*p = '\n';
			ls_contacts(ls, t);
			if (ls->ncontacts > before)
				ls_prov(ls, sc, "contacts", ls_where(f));
			free(t);
		} else if (f->label == L_REFERENCED && !ls_is_none(f->value)) {
			size_t before = ls->reply_to.n;
			char *r;
			ls_find_refs(f->value, &ls->reply_to);
			if ((r = tracker_id(f->value, strlen(f->value)))) {
				strv_push_unique(&ls->reply_to, r);
				free(r);
			}
			if (ls->reply_to.n > before)
				ls_prov(ls, sc, "reply_to", "referenced liaisons");
		}
	}
}

static void
ietf_fill(struct ls_scan *sc, struct ls *ls)
{
	const struct ls_field *f;
	char *id = NULL;

	ls_common(sc, ls);
	if ((f = ls_field(sc, L_REF)))
		ls_set(ls, sc, &ls->ref, f->value, "ref", ls_where(f));
	for (size_t i = 0; i < sc->nlines && i < LS_HEAD_LINES && !id && !ls->ref; i++)
		id = tracker_id(sc->lines[i].s, sc->lines[i].len);
	if (id)
		ls_set(ls, sc, &ls->ref, id, "ref", "datatracker URL");
	free(id);
	ietf_source(sc, ls);
	ietf_addressees(sc, ls);
	ietf_fields(sc, ls);
	if (!ls->ref)
		ls_attachment_ref(sc, ls);
	if (!ls->abstract && (f = ls_field(sc, L_BODY)))
		ls_set(ls, sc, &ls->abstract, f->value, "abstract", ls_where(f));
}

const struct ls_template ls_tpl_ietf = {"ietf", ietf_detect, ietf_fill};
