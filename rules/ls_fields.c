/* ls_fields.c: helpers the templates share: setting fields with provenance, body lists, deadlines, contacts, common
 * fields. */
/* SPDX-License-Identifier: Apache-2.0 */
#include "ls_fields.h"
#include "date.h"
#include "ls_refs.h"
#include "ls_label.h"
#include "ls_scan.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

const struct ls_field *
ls_field(const struct ls_scan *sc, enum ls_label l)
{
	for (size_t i = 0; i < sc->nfields; i++)
		if (sc->fields[i].label == l && !str_empty(sc->fields[i].value))
			return &sc->fields[i];
	return NULL;
}

int
ls_is_none(const char *s)
{
	static const char *const none[] = {
	    "n/a", "na", "none", "nil", "-", "--", "—", "–", "not applicable", "no", "tbd", "tba"};
	char *c = str_collapse_ws(s);
	size_t n = strlen(c);
	int r = 0;

	while (n && (c[n - 1] == '.' || c[n - 1] == ' '))
		c[--n] = '\0';
	for (size_t i = 0; i < sizeof(none) / sizeof(*none) && !r; i++)
		r = strcasecmp(c, none[i]) == 0;
	r = r || n == 0;
	free(c);
	return r;
}

const char *
ls_where(const struct ls_field *f)
{
	return f && f->table >= 0 ? "cover table" : "text";
}

void
ls_prov(struct ls *ls, const struct ls_scan *sc, const char *field, const char *where)
{
	for (size_t i = 0; i < ls->nprov; i++)
		if (strcmp(ls->prov[i].field, field) == 0)
			return;
	ls->prov = xrealloc(ls->prov, (ls->nprov + 1) * sizeof(*ls->prov));
	ls->prov[ls->nprov].field = xstrdup(field);
	ls->prov[ls->nprov].origin =
	    xasprintf("%s (%s template, %s)", sc->origin ? sc->origin : "body", sc->tname, where);
	ls->nprov++;
}

/* A number given as its document's file name ("TP-2016-0294R01-LS_to_W3C_WoT.doc"): the number. */
static char *
ref_of_file(const char *v)
{
	static const char *const ext[] = {".doc", ".docx", ".pdf", ".zip"};
	size_t n;

	for (size_t i = 0; i < sizeof(ext) / sizeof(*ext); i++)
		if (str_endswith_ci(v, ext[i]) && !strchr(v, ' ') && (n = ls_name_number(v, strlen(v))) > 0)
			return xstrndup(v, n);
	return xstrdup(v);
}

void
ls_set(struct ls *ls, const struct ls_scan *sc, char **slot, const char *value, const char *field, const char *where)
{
	char *v;

	if (str_empty(value))
		return;
	if (strcmp(field, "ref") == 0) {
		char *r = ref_of_file(value);
		v = str_oneline(r, LS_FIELD_MAX);
		free(r);
	} else
		v = str_oneline(value, LS_FIELD_MAX);
	free(*slot);
	*slot = str_collapse_ws(v);
	free(v);
	ls_prov(ls, sc, field, where);
}

void
ls_list(
    struct ls *ls, const struct ls_scan *sc, struct strv *slot, const char *text, const char *field, const char *where)
{
	size_t before = slot->n;

	if (slot->n >= LS_LIST_MAX || str_empty(text) || ls_is_none(text))
		return;
	sdo_split_list(sc->dir, text, slot);
	while (slot->n > LS_LIST_MAX)
		free(slot->v[--slot->n]);
	if (slot->n > before)
		ls_prov(ls, sc, field, where);
}

/* The deadline as written, and as an ISO date when it reads as one. */
static void
ls_deadline(struct ls *ls, const struct ls_scan *sc, const char *text, const char *where)
{
	char iso[11];

	if (str_empty(text))
		return;
	ls_set(ls, sc, &ls->deadline_text, text, "deadline_text", where);
	free(ls->deadline);
	ls->deadline = NULL;
	if (!ls_is_none(text) && date_parse(ls->deadline_text, iso)) {
		ls->deadline = xstrdup(iso);
		ls_prov(ls, sc, "deadline", where);
	}
}

static void
ls_add_contact(struct ls *ls, const char *name, const char *org, const char *email)
{
	struct ls_contact *c;
	char *e = str_collapse_ws(email ? email : "");

	str_lower(e);
	for (size_t i = 0; i < ls->ncontacts; i++)
		if (*e && strcmp(ls->contacts[i].email, e) == 0) {
			free(e);
			return;
		}
	if (ls->ncontacts >= LS_CONTACTS_MAX || (!*e && str_empty(name))) {
		free(e);
		return;
	}
	ls->contacts = xrealloc(ls->contacts, (ls->ncontacts + 1) * sizeof(*ls->contacts));
	c = &ls->contacts[ls->ncontacts++];
	c->name = str_collapse_ws(name ? name : "");
	c->organization = str_collapse_ws(org ? org : "");
	c->email = e;
}

/* The first mail address in s[0..n), lower-cased into out; 1 when found. */
static int
email_in(const char *s, size_t n, struct buf *out)
{
	for (size_t i = 0; i < n; i++) {
		size_t b = i, e = i + 1;
		if (s[i] != '@')
			continue;
		while (b > 0 && (isalnum((unsigned char)s[b - 1]) || strchr("._%+-'", s[b - 1])))
			b--;
		while (e < n && (isalnum((unsigned char)s[e]) || s[e] == '.' || s[e] == '-'))
			e++;
		while (e > i + 1 && s[e - 1] == '.')
			e--;
		if (b == i || e == i + 1 || !memchr(s + i, '.', e - i))
			continue;
		buf_reset(out);
		buf_add(out, s + b, e - b);
		str_lower(out->s);
		return 1;
	}
	return 0;
}

/*
 * A contact line with its spelled-out "@" restored into out: "name [at] example.org", "name(at)example.org",
 * "name at example.org" (between a one-word local part and a dotted domain) read as name@example.org.
 */
static void
unobfuscate(const char *s, size_t n, struct buf *out)
{
	static const char *const ats[] = {" [at] ", "[at]", " (at) ", "(at)", " at "};

	buf_reset(out);
	for (size_t i = 0; i < n;) {
		size_t k = sizeof(ats) / sizeof(*ats), al = 0, d;
		if (i > 0 && (isalnum((unsigned char)s[i - 1]) || strchr("._-", s[i - 1])))
			for (k = 0; k < sizeof(ats) / sizeof(*ats); k++)
				if (n - i >= (al = strlen(ats[k])) && strncasecmp(s + i, ats[k], al) == 0)
					break;
		if (k == sizeof(ats) / sizeof(*ats)) {
			buf_addc(out, s[i++]);
			continue;
		}
		for (d = i + al; d < n && (isalnum((unsigned char)s[d]) || s[d] == '.' || s[d] == '-'); d++)
			;
		if (d == i + al || !memchr(s + i + al, '.', d - i - al) || s[i + al] == '.') {
			buf_addc(out, s[i++]);
			continue;
		}
		buf_addc(out, '@');
		i += al;
	}
	buf_adds(out, "");
}

/* Copies the part of a contact line that is a name or an organisation (before "E-mail", a tab, a comma). */
static void
line_text(const char *s, size_t n, struct buf *out)
{
	size_t k;

	buf_reset(out);
	while (n && ls_sp((unsigned char)*s))
		s++, n--;
	for (k = 0; k < n; k++) {
		if (s[k] == '\t' || s[k] == '<' || s[k] == '@' ||
		    (k + 1 < n && s[k] == ',' && s[k + 1] == ' ' && k + 2 < n &&
		        (strncasecmp(s + k + 2, "e-mail", 6) == 0 || strncasecmp(s + k + 2, "email", 5) == 0 ||
		            strncasecmp(s + k + 2, "tel", 3) == 0)) ||
		    (n - k >= 6 && strncasecmp(s + k, "e-mail", 6) == 0 && (k == 0 || s[k - 1] == ' ')) ||
		    (n - k >= 5 && strncasecmp(s + k, "email", 5) == 0 && (k == 0 || s[k - 1] == ' ')))
			break;
	}
	if (k < n && s[k] == '@') {
		/* "Alice Martin, FOKUS, alice@x": keep what stands before the address */
		while (k > 0 && !ls_sp((unsigned char)s[k - 1]) && s[k - 1] != ',')
			k--;
	}
	buf_add(out, s, k);
	buf_adds(out, "");
	{
		char *t = str_collapse_ws(out->s);
		size_t m = strlen(t);
		while (m && (t[m - 1] == ',' || t[m - 1] == '(' || t[m - 1] == ' '))
			t[--m] = '\0';
		buf_reset(out);
		buf_adds(out, t);
		free(t);
	}
}

void
ls_contacts(struct ls *ls, const char *text)
{
	struct buf name = {0}, org = {0}, mail = {0}, t = {0}, plain = {0};
	const char *s = text;
	int have_mail = 0;

	while (s && *s) {
		const char *nl = strchr(s, '\n');
		size_t n = nl ? (size_t)(nl - s) : strlen(s), voff = 0;
		struct ls_line ln = {.s = s, .len = n, .table = -1};
		enum ls_label l;

		while (ln.len && ls_sp((unsigned char)*ln.s))
			ln.s++, ln.len--;
		if (ln.len && !memchr(ln.s, '@', ln.len)) {
			unobfuscate(ln.s, ln.len, &plain);
			ln.s = plain.s, ln.len = plain.len;
		}
		l = ls_label_of(&ln, &voff);
		if (l == L_OTHER)
			l = L_NONE; /* "SG17 Secretariat E-mail: …" */
		if (l == L_SUB && voff <= ln.len &&
		    (strncasecmp(ln.s, "name", 4) == 0 || strncasecmp(ln.s, "organi", 6) == 0 ||
		        strncasecmp(ln.s, "company", 7) == 0)) {
			struct buf *dst = ln.s[0] == 'n' || ln.s[0] == 'N' ? &name : &org;
			if (dst == &name && have_mail) {
				ls_add_contact(ls, name.s, org.s, mail.s);
				buf_reset(&name), buf_reset(&org), buf_reset(&mail), have_mail = 0;
			}
			line_text(ln.s + voff, ln.len - voff, &t);
			buf_reset(dst);
			buf_adds(dst, buf_str(&t));
		} else if (l != L_SUB || !email_in(ln.s, ln.len, &t)) {
			line_text(ln.s, ln.len, &t);
			if (t.len && l == L_NONE) {
				char *comma = strstr(t.s, ", ");
				if (have_mail && name.len) {
					ls_add_contact(ls, name.s, org.s, mail.s);
					buf_reset(&name), buf_reset(&org), buf_reset(&mail), have_mail = 0;
				}
				if (!name.len && comma) {
					/* "Name, Organization" on one line */
					buf_add(&name, t.s, (size_t)(comma - t.s));
					buf_adds(&org, comma + 2);
				} else if (!name.len) {
					buf_adds(&name, buf_str(&t));
				} else if (!org.len) {
					buf_adds(&org, buf_str(&t));
				}
			}
		}
		if (email_in(ln.s, ln.len, &t)) {
			if (have_mail) {
				ls_add_contact(ls, name.s, org.s, mail.s);
				buf_reset(&name), buf_reset(&org);
			}
			buf_reset(&mail);
			buf_adds(&mail, buf_str(&t));
			have_mail = 1;
		}
		s = nl ? nl + 1 : NULL;
	}
	if (have_mail || name.len)
		ls_add_contact(ls, name.s, org.s, mail.s);
	buf_free(&name);
	buf_free(&org);
	buf_free(&mail);
	buf_free(&t);
	buf_free(&plain);
}

void
ls_strip_parens(char *s)
{
	char *w = s;
	int depth = 0;
	char close = 0;

	for (char *r = s; *r; r++) {
		if (!depth && (*r == '(' || *r == '<')) {
			close = *r == '(' ? ')' : '>';
			depth = 1;
			continue;
		}
		if (depth) {
			if (*r == close)
				depth = 0;
			continue;
		}
		*w++ = *r;
	}
	*w = '\0';
}

/* Words of prose, longest known name first: "SA1 asks SA4 and ITU-T SG21 to …". */
void
ls_bodies_in(const struct sdo_dir *d, const char *text, struct strv *out)
{
	enum { WMAX = 6, NWORDS = 20000 };
	const char **wb = xcalloc(NWORDS, sizeof(*wb));
	size_t *wl = xcalloc(NWORDS, sizeof(*wl)), nw = 0;
	struct buf cand = {0};

	for (const char *p = text; p && *p && nw < NWORDS;) {
		const char *b;
		while (*p && !(isalnum((unsigned char)*p) || (unsigned char)*p >= 0x80))
			p++;
		b = p;
		while (*p &&
		    (isalnum((unsigned char)*p) || (unsigned char)*p >= 0x80 || *p == '-' || *p == '/' || *p == '&'))
			p++;
		while (p > b && (p[-1] == '-' || p[-1] == '/'))
			p--, (void)0;
		if (p > b) {
			wb[nw] = b;
			wl[nw++] = (size_t)(p - b);
		}
		while (*p == '-' || *p == '/')
			p++;
	}
	for (size_t i = 0; i < nw;) {
		size_t k, used = 0;
		for (k = WMAX; k >= 1; k--) {
			long idx;
			if (i + k > nw)
				continue;
			buf_reset(&cand);
			buf_add(&cand, wb[i], (size_t)(wb[i + k - 1] + wl[i + k - 1] - wb[i]));
			/* one short word alone ("to", "a") is never a body */
			if (k == 1 && wl[i] < 2)
				continue;
			if ((idx = sdo_find(d, buf_str(&cand))) >= 0) {
				strv_push_unique(out, sdo_name(d, (size_t)idx));
				used = k;
				break;
			}
		}
		i += used ? used : 1;
		if (out->n >= LS_LIST_MAX)
			break;
	}
	buf_free(&cand);
	free(wb);
	free(wl);
}

char *
ls_body_name(const struct sdo_dir *d, const char *text)
{
	/* who signs for a body, not a body: "ISO/IEC JTC 1/SC 42 Secretariat", "SG17 Chair" */
	static const char *const roles[] = {"secretariat", "chair", "chairman", "chairs", "convenor",
	    "committee manager", "secretary", "rapporteur", "counsellor", "liaison officer", "liaison rapporteur"};
	char *t = xstrdup(text ? text : ""), *w = NULL, *res = NULL;
	const char *c;
	int cut = 1;

	if ((c = sdo_canonical(d, t))) {
		res = xstrdup(c);
		goto out;
	}
	ls_strip_parens(t);
	w = str_collapse_ws(t);
	while (cut) {
		size_t n = strlen(w);
		while (n && strchr(" ,;:-", w[n - 1]))
			w[--n] = '\0';
		if ((c = sdo_canonical(d, w))) {
			res = xstrdup(c);
			goto out;
		}
		cut = 0;
		for (size_t i = 0; i < sizeof(roles) / sizeof(*roles) && !cut; i++) {
			size_t rl = strlen(roles[i]);
			if (n > rl + 1 && w[n - rl - 1] == ' ' && strcasecmp(w + n - rl, roles[i]) == 0) {
				w[n - rl - 1] = '\0';
				cut = 1;
			}
		}
	}
	res = *w ? xstrdup(w) : str_collapse_ws(text ? text : "");
out:
	free(w);
	free(t);
	return res;
}

int
ls_asked_bodies(const struct sdo_dir *d, const char *text, struct strv *out)
{
	static const char *const verbs[] = {" asks ", " ask ", " invites ", " invite ", " requests ", " request ",
	    " encourages ", " encourage ", " urges "};
	size_t len = text ? strnlen(text, LS_FIELD_MAX) : 0;
	const char *best = NULL, *to;
	char *seg;

	for (size_t i = 0; i < sizeof(verbs) / sizeof(*verbs); i++) {
		const char *p = memmem(text, len, verbs[i], strlen(verbs[i]));
		if (p && (!best || p < best))
			best = p + strlen(verbs[i]);
	}
	if (len > 3 && strncasecmp(text, "to ", 3) == 0 && (to = memchr(text, ':', len < 80 ? len : 80))) {
		/* "To SA4: please review …": the bodies the action is for, before its colon */
		seg = xstrndup(text + 3, (size_t)(to - text - 3));
		ls_bodies_in(d, seg, out);
		free(seg);
		return 1;
	}
	if (!best)
		return 0;
	/* the addressees run to the infinitive: "asks ITU-T SG21 and JCA-MV to provide" */
	to = memmem(best, len - (size_t)(best - text), " to ", 4);
	seg = xstrndup(best, to ? (size_t)(to - best) : len - (size_t)(best - text));
	ls_bodies_in(d, seg, out);
	free(seg);
	return 1;
}

/* The fields every template shares; templates then add what is theirs. */
void
ls_common(struct ls_scan *sc, struct ls *ls)
{
	const struct ls_field *f;

	if ((f = ls_field(sc, L_TITLE)))
		ls_set(ls, sc, &ls->title, f->value, "title", ls_where(f));
	if ((f = ls_field(sc, L_SOURCE))) {
		char *name = ls_body_name(sc->dir, f->value);
		ls_set(ls, sc, &ls->source, name, "source", ls_where(f));
		free(name);
	}
	if ((f = ls_field(sc, L_APPROVAL)))
		ls_set(ls, sc, &ls->approval, f->value, "approval", ls_where(f));
	if ((f = ls_field(sc, L_ABSTRACT)))
		ls_set(ls, sc, &ls->abstract, f->value, "abstract", ls_where(f));
	if ((f = ls_field(sc, L_DEADLINE)))
		ls_deadline(ls, sc, f->value, ls_where(f));
	for (size_t i = 0; i < sc->nfields; i++) {
		f = &sc->fields[i];
		switch (f->label) {
		case L_ACTION: ls_list(ls, sc, &ls->for_action, f->value, "for_action", ls_where(f)); break;
		case L_COMMENT: ls_list(ls, sc, &ls->for_comment, f->value, "for_comment", ls_where(f)); break;
		case L_INFO: ls_list(ls, sc, &ls->for_information, f->value, "for_information", ls_where(f)); break;
		case L_CONTACT:
			if (!ls_is_none(f->value)) {
				size_t before = ls->ncontacts;
				ls_contacts(ls, f->value);
				if (ls->ncontacts > before)
					ls_prov(ls, sc, "contacts", ls_where(f));
			}
			break;
		case L_RESPONSE:
		case L_REFERENCE:
			if (!ls_is_none(f->value)) {
				size_t before = ls->reply_to.n;
				ls_find_refs(f->value, &ls->reply_to);
				if (ls->reply_to.n > before)
					ls_prov(ls, sc, "reply_to", ls_where(f));
			}
			break;
		default: break;
		}
	}
	if (ls->title) {
		size_t before = ls->reply_to.n;
		ls_reply_refs(ls->title, &ls->reply_to);
		if (ls->reply_to.n > before)
			ls_prov(ls, sc, "reply_to", "title");
	}
	if (!ls->reply_to.n && ls->abstract) {
		ls_reply_refs(ls->abstract, &ls->reply_to);
		if (ls->reply_to.n)
			ls_prov(ls, sc, "reply_to", "abstract");
	}
}

/* "LIAISE-439", "TP-2016-0294R01": letters, then '-' and digits once or more, then "R01" maybe. */
static size_t
dashed_number(const char *s, size_t n)
{
	size_t k = 0, groups = 0;

	while (k < n && k < 8 && isalpha((unsigned char)s[k]))
		k++;
	if (k < 2)
		return 0;
	while (k + 1 < n && s[k] == '-' && isdigit((unsigned char)s[k + 1])) {
		size_t d = 0;
		k++;
		while (k < n && isdigit((unsigned char)s[k]))
			k++, d++;
		if (d < 3)
			return 0;
		groups++;
	}
	if (!groups)
		return 0;
	if (k + 1 < n && (s[k] == 'R' || s[k] == 'r') && isdigit((unsigned char)s[k + 1]))
		for (k++; k < n && isdigit((unsigned char)s[k]); k++)
			;
	return k < n && isalnum((unsigned char)s[k]) ? 0 : k;
}

size_t
ls_name_number(const char *s, size_t n)
{
	size_t b, e, k = 0;

	if (ls_find_tdoc(s, n, &b, &e) && b == 0)
		return e;
	if ((e = dashed_number(s, n)) > 0)
		return e;
	/* "L00259", "LS00307" */
	while (k < n && k < 2 && isupper((unsigned char)s[k]))
		k++;
	for (b = k; k < n && isdigit((unsigned char)s[k]); k++)
		;
	if (b == 0 || k - b < 5 || (k < n && isalnum((unsigned char)s[k])))
		return 0;
	return k;
}

/* A 3GPP group's Tdoc prefix: "S2" for SA2, "SP" for TSG SA, "C4" for CT4, "RP" for TSG RAN. */
static int
tdoc_prefix(const char *source, char out[3])
{
	const char *g;

	if (!source || strncmp(source, "3GPP ", 5) != 0)
		return 0;
	g = source + 5;
	if (strncmp(g, "TSG ", 4) == 0) {
		out[0] = g[4];
		out[1] = 'P';
	} else {
		out[0] = g[0];
		out[1] = g[strcspn(g, "0123456789")];
	}
	out[2] = '\0';
	return out[0] && out[1];
}

void
ls_attachment_ref(struct ls_scan *sc, struct ls *ls)
{
	char pre[3] = "";
	char *best = NULL;
	const struct ls_field *f = NULL;
	int own = tdoc_prefix(ls->source, pre);

	for (size_t i = 0; i < sc->nfields; i++) {
		const char *p = sc->fields[i].value;
		if (sc->fields[i].label != L_ATTACH || ls_is_none(p))
			continue;
		for (; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL) {
			size_t len = strcspn(p, "\n"), k;
			while (len && ls_sp((unsigned char)*p))
				p++, len--;
			if ((k = ls_name_number(p, len)) == 0)
				continue;
			if (!best || (own && strncmp(p, pre, 2) == 0 && strncmp(best, pre, 2) != 0)) {
				free(best);
				best = xstrndup(p, k);
				f = &sc->fields[i];
			}
		}
	}
	if (best)
		ls_set(
		    ls, sc, &ls->ref, best, "ref", f->table >= 0 ? "attachment name, cover table" : "attachment name");
	free(best);
}
