/* ls_iso.c: ISO and ISO/IEC JTC 1 liaison documents (N-number, Document type, Expected action / Due date). */
/* SPDX-License-Identifier: Apache-2.0 */
#include "ls_template.h"
#include "date.h"
#include "ls_fields.h"
#include "ls_scan.h"

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
		/* "… N 1234", and the older register's "ISO/IEC JTC1/SGFS/N755" */
		if ((c == ' ' || c == '/') && s[k + 1] == 'N' &&
		    (s[k + 2] == ' ' || isdigit((unsigned char)s[k + 2]))) {
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

/* IEC document types that end a number ("SEG 15/45/INF", "100/4123/DC"). */
static const char *const iec_types[] = {"INF", "DC", "CD", "CDV", "RVC", "RVD", "RVN", "NP", "RR", "Q", "RQ", "DA",
    "DL", "AC", "MTG", "RM", "FDIS", "PAS", "DPAS", "DTR", "DTS", "ISH", "CC", "SBP"};

/* An IEC number at the start of s: committee ("SEG 15", "100", "SyC AAL"), serial, type. */
static int
iec_num(const char *s, size_t len, size_t *b, size_t *e)
{
	size_t k = 0, d, t;

	while (k < len && k < 24 && (isalnum((unsigned char)s[k]) || s[k] == ' '))
		k++;
	if (k == 0 || k >= len || s[k] != '/' || s[k - 1] == ' ')
		return 0;
	for (d = ++k; k < len && isdigit((unsigned char)s[k]) && k - d < 7; k++)
		;
	if (k == d || k >= len || s[k] != '/')
		return 0;
	for (t = ++k; k < len && isupper((unsigned char)s[k]) && k - t < 5; k++)
		;
	if (k == t || (k < len && isalnum((unsigned char)s[k])))
		return 0;
	for (size_t i = 0; i < sizeof(iec_types) / sizeof(*iec_types); i++)
		if (strlen(iec_types[i]) == k - t && strncmp(s + t, iec_types[i], k - t) == 0) {
			*b = 0;
			*e = k;
			return 1;
		}
	return 0;
}

/* ISO's N-number or IEC's committee/serial/type number. */
static int
any_num(const char *s, size_t len, size_t *b, size_t *e)
{
	return iso_nnum(s, len, b, e) || iec_num(s, len, b, e);
}

/* "Document type: Liaison statement", or the older "Status: Liaison Statement to …". */
static int
liaison_doctype(const struct ls_scan *sc)
{
	const struct ls_field *f = ls_field(sc, L_DOCTYPE), *st = ls_field(sc, L_STATUS);

	return (f && strcasestr(f->value, "liaison") != NULL) ||
	    (st && str_startswith_ci(st->value, "liaison statement"));
}

static int
iso_detect(const struct ls_scan *sc)
{
	size_t l, b, e;
	int score = 0, nnum = ls_head_find(sc, any_num, &l, &b, &e);
	int addressed = ls_field(sc, L_TO) || ls_field(sc, L_ACTION) || ls_field(sc, L_INFO);

	if (!(ls_field(sc, L_TITLE) || ls_field(sc, L_SUBJECT)) || !(liaison_doctype(sc) || (nnum && addressed)))
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

/* "Subject: Issues Relating to National Profiles, SGFS/N733": the title, and the document it answers after the comma.
 */
static void
iso_subject(struct ls_scan *sc, struct ls *ls, const struct ls_field *f)
{
	char *t = xstrdup(f->value), *comma = strrchr(t, ','), *num;
	size_t n;

	if (comma) {
		num = comma + 1 + strspn(comma + 1, " ");
		n = strcspn(num, " ");
		/* a register number: "SGFS/N733", "SC 22 N3284" without its spaces */
		if (num[n] == '\0' && n > 2 && strstr(num, "/N") && isdigit((unsigned char)num[n - 1])) {
			strv_push_unique(&ls->reply_to, num);
			ls_prov(ls, sc, "reply_to", ls_where(f));
			*comma = '\0';
		}
	}
	ls_set(ls, sc, &ls->title, t, "title", ls_where(f));
	free(t);
}

static void
iso_fill(struct ls_scan *sc, struct ls *ls)
{
	const struct ls_field *f, *exp = ls_field(sc, L_EXPECTED);
	struct strv *role = &ls->for_action;
	const char *rname = "for_action";
	size_t line, b, e;

	ls_common(sc, ls);
	if (!ls->title && (f = ls_field(sc, L_SUBJECT)))
		iso_subject(sc, ls, f);
	if (ls_head_find(sc, any_num, &line, &b, &e)) {
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
	if (!ls->source && ls->ref && strchr(ls->ref, '/') && iec_num(ls->ref, strlen(ls->ref), &b, &e)) {
		/* IEC numbers start with the committee: "SEG 15/45/INF" is IEC SEG 15's, "100/4123/DC" TC 100's */
		size_t n = strcspn(ls->ref, "/"), k = 0;
		char *name;
		const char *c;
		while (k < n && isdigit((unsigned char)ls->ref[k]))
			k++;
		name = xasprintf("IEC %s%.*s", k == n ? "TC " : "", (int)n, ls->ref);
		c = sdo_canonical(sc->dir, name);
		ls_set(ls, sc, &ls->source, c ? c : name, "source", "document number");
		free(name);
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
	if (!exp && ls->ref && iec_num(ls->ref, strlen(ls->ref), &b, &e)) {
		/* without an expected action, the IEC document type says what the addressees are to do */
		const char *type = strrchr(ls->ref, '/') + 1;
		if (strcmp(type, "INF") == 0)
			role = &ls->for_information, rname = "for_information";
		else if (strcmp(type, "DC") == 0 || strncmp(type, "CD", 2) == 0)
			role = &ls->for_comment, rname = "for_comment";
	} else if (exp) {
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
