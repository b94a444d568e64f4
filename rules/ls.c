/* ls.c: liaison statements: flattening a document into labelled fields, template choice, merge and free. */
#include "ls.h"
#include "ls_int.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* How far a field's value runs past its label's line. */
enum ls_class { C_ONE, C_TITLE, C_LIST, C_CONTACT, C_PARA };

static const struct {
	const char *label; /* normalised: lower case, single spaces, no trailing dot */
	enum ls_label id;
} labels[] = {
    {"ls number", L_REF},
    {"liaison number", L_REF},
    {"document number", L_REF},
    {"document no", L_REF},
    {"doc number", L_REF},
    {"our reference", L_REF},
    {"tdoc", L_REF},
    {"question(s)", L_QUESTION},
    {"question", L_QUESTION},
    {"questions", L_QUESTION},
    {"source", L_SOURCE},
    {"from", L_FROM},
    {"title", L_TITLE},
    {"for action to", L_ACTION},
    {"for action", L_ACTION},
    {"action to", L_ACTION},
    {"for comment to", L_COMMENT},
    {"for comment", L_COMMENT},
    {"for comments to", L_COMMENT},
    {"for comments", L_COMMENT},
    {"for information to", L_INFO},
    {"for information", L_INFO},
    {"for info to", L_INFO},
    {"for info", L_INFO},
    {"to", L_TO},
    {"liaison to", L_TO},
    {"addressee", L_TO},
    {"addressees", L_TO},
    {"cc", L_CC},
    {"copy", L_CC},
    {"copy to", L_CC},
    {"copies to", L_CC},
    {"approval", L_APPROVAL},
    {"approved", L_APPROVAL},
    {"approved at", L_APPROVAL},
    {"deadline", L_DEADLINE},
    {"reply by", L_DEADLINE},
    {"response deadline", L_DEADLINE},
    {"due date", L_DEADLINE},
    {"reply deadline", L_DEADLINE},
    {"contact", L_CONTACT},
    {"contacts", L_CONTACT},
    {"contact(s)", L_CONTACT},
    {"contact person", L_CONTACT},
    {"contact persons", L_CONTACT},
    {"contact person(s)", L_CONTACT},
    {"abstract", L_ABSTRACT},
    {"summary", L_ABSTRACT},
    {"overall description", L_ABSTRACT},
    {"response to", L_RESPONSE},
    {"in response to", L_RESPONSE},
    {"reply to", L_RESPONSE},
    {"in reply to", L_RESPONSE},
    {"responding to", L_RESPONSE},
    {"release", L_RELEASE},
    {"work item", L_WORKITEM},
    {"work items", L_WORKITEM},
    {"work item(s)", L_WORKITEM},
    {"send any reply ls to", L_REPLYLS},
    {"send any reply to", L_REPLYLS},
    {"attachment", L_ATTACH},
    {"attachments", L_ATTACH},
    {"attachment(s)", L_ATTACH},
    {"decision/action requested", L_DECISION},
    {"decision / action requested", L_DECISION},
    {"action requested", L_DECISION},
    {"decision requested", L_DECISION},
    {"actions requested", L_DECISION},
    {"purpose", L_PURPOSE},
    {"submission date", L_SUBMITTED},
    {"url of the ietf web page", L_URL},
    {"document type", L_DOCTYPE},
    {"expected action", L_EXPECTED},
    {"referenced liaisons", L_REFERENCED},
    {"referenced liaison", L_REFERENCED},
    {"related liaisons", L_REFERENCED},
    {"response contacts", L_RESPCONTACT},
    {"response contact", L_RESPCONTACT},
    {"technical contacts", L_TECHCONTACT},
    {"technical contact", L_TECHCONTACT},
    {"body", L_BODY},
    {"action", L_ACTIONPARA},
    {"name", L_SUB},
    {"e-mail", L_SUB},
    {"email", L_SUB},
    {"e-mail address", L_SUB},
    {"email address", L_SUB},
    {"e-mail addresses", L_SUB},
    {"tel", L_SUB},
    {"phone", L_SUB},
    {"telephone", L_SUB},
    {"fax", L_SUB},
    {"mobile", L_SUB},
    {"organization", L_SUB},
    {"tel. number", L_SUB},
    {"tel. no", L_SUB},
    {"tel no", L_SUB},
    {"tel.", L_SUB},
    {"telephone number", L_SUB},
    {"phone number", L_SUB},
    {"mobile number", L_SUB},
    {"fax number", L_SUB},
    {"e-mail addr", L_SUB},
    {"organisation", L_SUB},
    {"country", L_SUB},
    {"address", L_SUB},
    {"company", L_SUB},
    {"ref", L_OTHER},
    {"original", L_OTHER},
    {"meeting", L_OTHER},
    {"agenda item", L_OTHER},
    {"date", L_OTHER},
    {"subject", L_OTHER},
    {"wg(s)", L_OTHER},
    {"location", L_OTHER},
    {"status", L_OTHER},
    {"study period", L_OTHER},
    {"your reference", L_OTHER},
    {"note", L_OTHER},
    {"sent", L_OTHER},
    {"secretariat", L_OTHER},
};

static enum ls_class
class_of(enum ls_label l)
{
	switch (l) {
	case L_TITLE: return C_TITLE;
	case L_ACTION:
	case L_COMMENT:
	case L_INFO:
	case L_TO:
	case L_CC:
	case L_ATTACH:
	case L_REFERENCED:
	case L_RESPCONTACT:
	case L_TECHCONTACT:
	case L_RESPONSE: return C_LIST;
	case L_CONTACT:
	case L_REPLYLS: return C_CONTACT;
	case L_ABSTRACT:
	case L_DECISION:
	case L_EXPECTED:
	case L_BODY:
	case L_ACTIONPARA: return C_PARA;
	default: return C_ONE;
	}
}

static int
is_sp(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

enum ls_label
ls_label_of(const struct ls_line *ln, size_t *voff)
{
	char norm[72];
	size_t k, n = 0, words = 1;
	const char *s = ln->s;

	*voff = 0;
	if (ln->len == 0 || !isalpha((unsigned char)s[0]))
		return L_NONE;
	if (ln->len > 15 && strncasecmp(s, "please reply by", 15) == 0 && is_sp((unsigned char)s[15])) {
		*voff = 15;
		return L_DEADLINE;
	}
	for (k = 0; k < ln->len && k < 64 && s[k] != ':'; k++) {
		unsigned char c = (unsigned char)s[k];
		if (!isalnum(c) && !is_sp(c) && !strchr("()/.-&'#", c))
			return L_NONE;
		if (is_sp(c)) {
			if (n && norm[n - 1] != ' ')
				norm[n++] = ' ', words++;
			continue;
		}
		norm[n++] = (char)tolower(c);
	}
	if (k == ln->len && ln->table >= 0) {
		/* a cover-table cell holding a label without its colon */
	} else if (k >= ln->len || k >= 64 || s[k] != ':') {
		return L_NONE;
	} else if (k + 1 < ln->len && s[k + 1] == '/') {
		return L_NONE; /* a URL */
	}
	while (n && (norm[n - 1] == ' ' || norm[n - 1] == '.'))
		n--;
	norm[n] = '\0';
	for (size_t i = 0; i < sizeof(labels) / sizeof(*labels); i++)
		if (strcmp(norm, labels[i].label) == 0) {
			*voff = k < ln->len ? k + 1 : k;
			return labels[i].id;
		}
	if (k == ln->len)
		return L_NONE;
	/* an unknown short label still ends the field above it */
	if (words <= 3 && n <= 30 && (k + 1 == ln->len || is_sp((unsigned char)s[k + 1]))) {
		*voff = k + 1;
		return L_OTHER;
	}
	return L_NONE;
}

/* ---- flattening ---- */

static void
add_line(struct ls_scan *sc, const char *s, size_t len, size_t block, int table)
{
	struct ls_line *ln;
	int indent = len > 0 && is_sp((unsigned char)s[0]);

	if (sc->nlines >= LS_LINES_MAX)
		return;
	while (len && (is_sp((unsigned char)*s) || *s == '\n')) {
		s++;
		len--;
	}
	while (len && (is_sp((unsigned char)s[len - 1]) || s[len - 1] == '\n'))
		len--;
	if (len > LS_FIELD_MAX)
		len = LS_FIELD_MAX;
	if (table >= 0 && len == 0)
		return; /* empty cells say nothing */
	if (sc->nlines == sc->lcap) {
		sc->lcap = sc->lcap ? sc->lcap * 2 : 256;
		sc->lines = xrealloc(sc->lines, sc->lcap * sizeof(*sc->lines));
	}
	ln = &sc->lines[sc->nlines++];
	ln->s = s;
	ln->len = len;
	ln->block = block;
	ln->table = table;
	ln->indent = indent;
}

static void
flatten(struct ls_scan *sc)
{
	const struct doc *d = sc->doc;

	for (size_t b = 0; b < d->nblocks && sc->nlines < LS_LINES_MAX; b++)
		for (size_t c = 0; c < d->blocks[b].ncells; c++) {
			const char *s = d->blocks[b].cells[c], *nl;
			if (!s)
				continue;
			do {
				nl = strchr(s, '\n');
				add_line(sc, s, nl ? (size_t)(nl - s) : strlen(s), b, d->blocks[b].table);
				s = nl ? nl + 1 : NULL;
			} while (s && sc->nlines < LS_LINES_MAX);
		}
}

static int
hanging(const struct buf *v)
{
	static const char *const words[] = {" and", " or", " of", " on", " to", " the", " for", " in", " with", " a"};
	size_t n = v->len;

	if (n == 0)
		return 0;
	if (strchr(",;:-&/", v->s[n - 1]))
		return 1;
	for (size_t i = 0; i < sizeof(words) / sizeof(*words); i++)
		if (str_endswith_ci(v->s, words[i]))
			return 1;
	return 0;
}

static int
contactish(const struct ls_line *ln, enum ls_label l)
{
	if (l == L_SUB || memchr(ln->s, '@', ln->len))
		return 1;
	/* a name, an organisation, a country; not a sentence of the body */
	return ln->len <= 60 && (ln->s[ln->len - 1] != '.' || ln->len <= 30);
}

/* May line j carry on the value in v (paragraph text only)? */
static int
continues(const struct ls_scan *sc, size_t j, enum ls_class cls, const struct buf *v, size_t taken)
{
	const struct ls_line *ln = &sc->lines[j];
	size_t voff;
	enum ls_label l;

	if (ln->table >= 0 || ln->len == 0 || v->len >= LS_FIELD_MAX)
		return 0;
	l = ls_label_of(ln, &voff);
	/* "TSB<tab>E-mail: x@y" reads like a label but carries on a contact */
	if (cls == C_CONTACT && l == L_OTHER && memchr(ln->s, '@', ln->len))
		l = L_SUB;
	if (l != L_NONE && !(cls == C_CONTACT && l == L_SUB))
		return 0;
	switch (cls) {
	case C_ONE: return 0;
	case C_TITLE: return taken < 4 && (islower((unsigned char)ln->s[0]) || ln->s[0] == '(' || hanging(v));
	case C_LIST: return taken < 100 && (hanging(v) || ln->indent);
	case C_CONTACT: return taken < 12 && contactish(ln, l);
	case C_PARA: return !ls_numbered_heading(ln);
	}
	return 0;
}

static void
append(struct buf *v, const struct ls_line *ln, enum ls_class cls)
{
	size_t room;

	if (v->len >= LS_FIELD_MAX)
		return;
	if (v->len)
		buf_addc(v, (cls == C_LIST || cls == C_CONTACT) ? '\n' : ' ');
	room = LS_FIELD_MAX - v->len;
	buf_add(v, ln->s, ln->len < room ? ln->len : room);
}

static void
push_field(struct ls_scan *sc, enum ls_label l, struct buf *v, size_t line, int table)
{
	struct ls_field *f;
	char *val;

	if (sc->nfields == sc->fcap) {
		sc->fcap = sc->fcap ? sc->fcap * 2 : 32;
		sc->fields = xrealloc(sc->fields, sc->fcap * sizeof(*sc->fields));
	}
	if (class_of(l) == C_LIST || class_of(l) == C_CONTACT) {
		val = buf_steal(v);
	} else {
		val = str_collapse_ws(buf_str(v));
		buf_reset(v);
	}
	f = &sc->fields[sc->nfields++];
	f->label = l;
	f->value = val;
	f->line = line;
	f->table = table;
}

static void
read_fields(struct ls_scan *sc)
{
	struct buf v = {0};
	size_t i = 0;

	while (i < sc->nlines) {
		const struct ls_line *ln = &sc->lines[i];
		size_t voff, j = i + 1, taken = 0;
		enum ls_label l = ls_label_of(ln, &voff);
		enum ls_class cls;

		if (l == L_NONE || l == L_SUB) {
			i++;
			continue;
		}
		cls = class_of(l);
		buf_reset(&v);
		if (voff < ln->len) {
			struct ls_line rest = {ln->s + voff, ln->len - voff, ln->block, ln->table, 0};
			while (rest.len && is_sp((unsigned char)*rest.s))
				rest.s++, rest.len--;
			if (rest.len)
				append(&v, &rest, cls);
		}
		if (ln->table >= 0) {
			/* the rest of the row is the value; a lone label row may have it in the next row */
			for (; j < sc->nlines && sc->lines[j].block == ln->block; j++)
				append(&v, &sc->lines[j], cls);
			if (v.len == 0 && j < sc->nlines && sc->lines[j].table >= 0 &&
			    ls_label_of(&sc->lines[j], &voff) == L_NONE) {
				size_t blk = sc->lines[j].block;
				for (; j < sc->nlines && sc->lines[j].block == blk; j++)
					append(&v, &sc->lines[j], cls);
			}
		} else {
			if (v.len == 0) {
				/* the label stands alone: the value is the next line with words */
				size_t skip = 0;
				enum ls_label nl = L_NONE;
				while (j < sc->nlines && sc->lines[j].len == 0 && skip < 3)
					j++, skip++;
				if (j < sc->nlines)
					nl = ls_label_of(&sc->lines[j], &voff);
				if (j < sc->nlines && sc->lines[j].len &&
				    (nl == L_NONE || (cls == C_CONTACT && nl == L_SUB)))
					append(&v, &sc->lines[j++], cls);
			}
			if (v.len)
				while (j < sc->nlines && continues(sc, j, cls, &v, taken)) {
					append(&v, &sc->lines[j++], cls);
					taken++;
				}
		}
		push_field(sc, l, &v, i, ln->table);
		i = j;
	}
	buf_free(&v);
}

/* ---- helpers for the templates ---- */

int
ls_numbered_heading(const struct ls_line *ln)
{
	size_t k = 0;

	while (k < ln->len && k < 3 && isdigit((unsigned char)ln->s[k]))
		k++;
	if (k == 0 || k == 3 || ln->len > 100)
		return 0;
	if (k < ln->len && ln->s[k] == '.')
		k++;
	if (k >= ln->len || !is_sp((unsigned char)ln->s[k]))
		return 0;
	while (k < ln->len && is_sp((unsigned char)ln->s[k]))
		k++;
	return k < ln->len && isupper((unsigned char)ln->s[k]);
}

int
ls_head_find(const struct ls_scan *sc, int (*finder)(const char *, size_t, size_t *, size_t *), size_t *line, size_t *b,
    size_t *e)
{
	for (size_t i = 0; i < sc->nlines && i < LS_HEAD_LINES; i++) {
		size_t voff;
		if (ls_label_of(&sc->lines[i], &voff) != L_NONE)
			continue;
		if (finder(sc->lines[i].s, sc->lines[i].len, b, e)) {
			*line = i;
			return 1;
		}
	}
	return 0;
}

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

void
ls_set(struct ls *ls, const struct ls_scan *sc, char **slot, const char *value, const char *field, const char *where)
{
	char *v;

	if (str_empty(value))
		return;
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

void
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

void
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

/* Copies the part of a contact line that is a name or an organisation (before "E-mail", a tab, a comma). */
static void
line_text(const char *s, size_t n, struct buf *out)
{
	size_t k;

	buf_reset(out);
	while (n && is_sp((unsigned char)*s))
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
		while (k > 0 && !is_sp((unsigned char)s[k - 1]) && s[k - 1] != ',')
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
	struct buf name = {0}, org = {0}, mail = {0}, t = {0};
	const char *s = text;
	int have_mail = 0;

	while (s && *s) {
		const char *nl = strchr(s, '\n');
		size_t n = nl ? (size_t)(nl - s) : strlen(s), voff = 0;
		struct ls_line ln = {s, n, 0, -1, 0};
		enum ls_label l;

		while (ln.len && is_sp((unsigned char)*ln.s))
			ln.s++, ln.len--;
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

/* ---- entry points ---- */

static const struct ls_template *const templates[] = {
    &ls_tpl_ietf,
    &ls_tpl_3gpp,
    &ls_tpl_etsi,
    &ls_tpl_iso,
    &ls_tpl_itut,
};

static int
has_substance(const struct ls *ls)
{
	int addressed = ls->for_action.n || ls->for_comment.n || ls->for_information.n;

	return (ls->title || ls->ref) && (addressed || ls->source);
}

struct ls *
ls_parse(const struct doc *doc, const struct sdo_dir *dir, const char *origin, const char *subject)
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
	flatten(&sc);
	read_fields(&sc);
	for (size_t i = 0; i < sizeof(templates) / sizeof(*templates); i++) {
		int s = templates[i]->detect(&sc);
		if (s > bestscore) {
			bestscore = s;
			best = templates[i];
		}
	}
	if (!best)
		goto out;
	ls = xcalloc(1, sizeof(*ls));
	sc.tname = best->name;
	ls->template_name = xstrdup(best->name);
	best->fill(&sc, ls);
	if (!has_substance(ls)) {
		ls_free(ls);
		ls = NULL;
		goto out;
	}
	if (sc.nlines >= LS_LINES_MAX)
		strv_pushf(&ls->warnings, "%s: only the first %d lines were read for the liaison statement", sc.origin,
		    LS_LINES_MAX);
out:
	for (size_t i = 0; i < sc.nfields; i++)
		free(sc.fields[i].value);
	free(sc.fields);
	free(sc.lines);
	return ls;
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

/* ---- document numbers ---- */

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
	/* S1-260123, SP-251234, S2-2601234, R2-2501234, C1-261234, RP-…, CP-… */
	for (size_t i = 0; i + 9 <= len; i++) {
		size_t d = 0;
		if (i > 0 && (wordch((unsigned char)s[i - 1]) || s[i - 1] == '-'))
			continue;
		if (!s[i] || !strchr("SRC", s[i]) || !(isdigit((unsigned char)s[i + 1]) || s[i + 1] == 'P') ||
		    s[i + 2] != '-')
			continue;
		while (i + 3 + d < len && d < 8 && isdigit((unsigned char)s[i + 3 + d]))
			d++;
		if ((d != 6 && d != 7) || (i + 3 + d < len && wordch((unsigned char)s[i + 3 + d])))
			continue;
		*b = i;
		*e = i + 3 + d;
		return 1;
	}
	return 0;
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
	size_t len = s ? strnlen(s, LS_FIELD_MAX) : 0, off = 0, b, e;

	while (off < len && out->n < LS_LIST_MAX && find_any(s + off, len - off, &b, &e)) {
		char *r = xstrndup(s + off + b, e - b);
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
			size_t cl = strlen(cues[c]), b, e, win;
			if (len - i < cl || strncasecmp(s + i, cues[c], cl) != 0 ||
			    (i > 0 && isalpha((unsigned char)s[i - 1])))
				continue;
			/* the number follows at once, or after a few words: "reply to the LS SG20-LS9" */
			win = len - i - cl < 40 ? len - i - cl : 40;
			if (find_any(s + i + cl, win, &b, &e)) {
				char *r = xstrndup(s + i + cl + b, e - b);
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
					r = xstrndup(s + off + skip, e);
					strv_push_unique(out, r);
					free(r);
					off += skip + e;
				}
			}
		}
	}
}

/* The fields every template shares; templates then add what is theirs. */
void
ls_common(struct ls_scan *sc, struct ls *ls)
{
	const struct ls_field *f;

	if ((f = ls_field(sc, L_TITLE)))
		ls_set(ls, sc, &ls->title, f->value, "title", ls_where(f));
	if ((f = ls_field(sc, L_SOURCE))) {
		const char *c = sdo_canonical(sc->dir, f->value);
		ls_set(ls, sc, &ls->source, c ? c : f->value, "source", ls_where(f));
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

/* ---- merge ---- */

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
