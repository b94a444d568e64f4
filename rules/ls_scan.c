/* ls_scan.c: flattening a document into lines (header blocks, flattened covers, Markdown rows) and reading its
 * labelled fields (value continuation). */
/* SPDX-License-Identifier: Apache-2.0 */
#include "ls_scan.h"
#include "ls_label.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* ---- flattening ---- */

static void
add_line(struct ls_scan *sc, const char *s, size_t len, size_t block, size_t cell, int table)
{
	struct ls_line *ln;
	int indent = len > 0 && ls_sp((unsigned char)s[0]);

	if (sc->nlines >= LS_LINES_MAX)
		return;
	while (len && (ls_sp((unsigned char)*s) || *s == '\n')) {
		s++;
		len--;
	}
	while (len && (ls_sp((unsigned char)s[len - 1]) || s[len - 1] == '\n'))
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
	ln->cell = cell;
	ln->table = table;
	ln->indent = indent;
	ln->header = 0;
}

/*
 * A Markdown table row in running text ("| From Group | ccamp |"): one line per cell, so that its
 * label and value read as a header block's; the rule row ("|---|---|") says nothing. 1 when taken.
 */
static int
pipe_row(struct ls_scan *sc, const char *s, size_t len, size_t block, size_t cell)
{
	size_t b = 0, e = len;

	while (b < e && ls_sp((unsigned char)s[b]))
		b++;
	while (e > b && ls_sp((unsigned char)s[e - 1]))
		e--;
	if (e - b < 3 || s[b] != '|' || s[e - 1] != '|')
		return 0;
	for (size_t i = b + 1; i < e;) {
		const char *bar = memchr(s + i, '|', e - i);
		size_t n = bar ? (size_t)(bar - (s + i)) : e - i;
		if (n && strspn(s + i, "-: \t") < n)
			add_line(sc, s + i, n, block, cell, -1);
		i += n + 1;
	}
	return 1;
}

/* Where a known label with its colon starts at s[p] ("… Source: ITU-T SG 17 …"): its start, or p when none. */
static size_t
label_back(const char *s, size_t p, enum ls_label *l)
{
	size_t starts[3], nw = 0, q = p;

	while (nw < 3 && q > 0) {
		size_t e = q;
		while (q > 0 && (isalnum((unsigned char)s[q - 1]) || strchr("()/.-&'#*", s[q - 1])))
			q--;
		if (q == e || (q > 0 && !ls_sp((unsigned char)s[q - 1])))
			break;
		starts[nw++] = q;
		while (q > 0 && ls_sp((unsigned char)s[q - 1]))
			q--;
	}
	for (size_t w = nw; w > 0; w--) {
		struct ls_line t = {.s = s + starts[w - 1], .len = p + 1 - starts[w - 1], .table = -1};
		size_t voff;
		/* an unknown label of one word still ends the field before it; of more, it is prose */
		if ((*l = ls_colon_label(&t, &voff)) != L_NONE && voff == t.len && (*l != L_OTHER || w == 1))
			return starts[w - 1];
	}
	return p;
}

/* One label's stretch of a flattened line; a heading in capitals before the next label ("LIAISON STATEMENT") is its
 * own. */
static void
flat_segment(struct ls_scan *sc, const char *s, size_t n, size_t block, size_t cell)
{
	size_t h = n, words = 0;

	while (h > 0 && ls_sp((unsigned char)s[h - 1]))
		h--;
	for (;;) {
		size_t e = h, caps = 0;
		while (h > 0 && isupper((unsigned char)s[h - 1]))
			h--, caps++;
		if (caps < 2 || (h > 0 && !ls_sp((unsigned char)s[h - 1]))) {
			h = e;
			break;
		}
		words++;
		while (h > 0 && ls_sp((unsigned char)s[h - 1]))
			h--;
	}
	while (h < n && ls_sp((unsigned char)s[h]))
		h++;
	if (words >= 2 && h > 0) {
		add_line(sc, s, h, block, cell, -1);
		add_line(sc, s + h, n - h, block, cell, -1);
	} else {
		add_line(sc, s, n, block, cell, -1);
	}
}

/*
 * A cover page a converter flattened into one long line ("Source: ITU-T SG 17 Title: … To: TSAG
 * Approval: … Deadline: 6 April 2007 Contact: …"): one line per label when three different known
 * labels stand in it. 1 when split.
 */
static int
flat_line(struct ls_scan *sc, const char *s, size_t n, size_t block, size_t cell)
{
	enum { CUTS = 64 };
	size_t cut[CUTS], nc = 0, kinds = 0;
	unsigned seen[L_COUNT] = {0};

	if (n < 200)
		return 0;
	for (size_t p = 1; p < n && nc < CUTS; p++) {
		enum ls_label l;
		size_t b;
		if (s[p] != ':' || (p + 1 < n && !ls_sp((unsigned char)s[p + 1])) || (b = label_back(s, p, &l)) == p)
			continue;
		if (l != L_SUB && l != L_OTHER && !seen[l]++)
			kinds++;
		cut[nc++] = b;
	}
	if (kinds < 3)
		return 0;
	flat_segment(sc, s, cut[0], block, cell);
	for (size_t i = 0; i < nc; i++)
		flat_segment(sc, s + cut[i], (i + 1 < nc ? cut[i + 1] : n) - cut[i], block, cell);
	return 1;
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
				size_t n;
				nl = strchr(s, '\n');
				n = nl ? (size_t)(nl - s) : strlen(s);
				if (d->blocks[b].table >= 0 ||
				    (!pipe_row(sc, s, n, b, c) && !flat_line(sc, s, n, b, c)))
					add_line(sc, s, n, b, c, d->blocks[b].table);
				s = nl ? nl + 1 : NULL;
			} while (s && sc->nlines < LS_LINES_MAX);
		}
}

/* A line of a header block: a bare label with a short value ("Purpose For action"); 2 for a label only such blocks use.
 */
static int
header_line(const struct ls_line *ln)
{
	struct ls_line t = *ln;
	size_t voff;
	enum ls_label l;

	t.header = 1;
	if (ln->table >= 0 || ls_colon_label(ln, &voff) != L_NONE || (l = ls_bare_label(&t, &voff)) == L_NONE)
		return 0;
	if (l == L_CC || l == L_PURPOSE || l == L_DEADLINE || l == L_ATTACH || l == L_SUBMITTED || voff > 6)
		return 2; /* "From Group", "Cc", "Purpose": not a sentence's first word */
	return ln->len - voff <= 80;
}

/*
 * The header block of a page that writes its labels without colons (the IETF Datatracker's
 * "From Group / To Group / Purpose / Deadline / Attachments"): it starts where four of eight lines
 * are labelled so, one of them by a label no sentence starts with, and ends at a blank line, at a
 * long line of prose or after "Body".
 */
static void
mark_header(struct ls_scan *sc)
{
	for (size_t i = 0; i < sc->nlines && i < 2 * LS_HEAD_LINES; i++) {
		int count = 0, strong = 0;
		size_t voff;
		for (size_t j = i; j < sc->nlines && j < i + 8 && sc->lines[j].len > 0; j++) {
			int h = header_line(&sc->lines[j]);
			count += h > 0;
			strong |= h == 2;
		}
		if (count < 4 || !strong || !header_line(&sc->lines[i]))
			continue;
		for (size_t j = i; j < sc->nlines && sc->lines[j].len > 0; j++) {
			struct ls_line *ln = &sc->lines[j];
			/* prose ends the block; a long list of addresses does not */
			if (ln->len > 80 && !header_line(ln) && !memchr(ln->s, '@', ln->len) &&
			    !memchr(ln->s, '<', ln->len))
				break;
			ln->header = 1;
			if (ls_bare_label(ln, &voff) == L_BODY)
				break;
		}
		return;
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

/* Is the line, less trailing punctuation, a body the directory knows ("ITU-T SG20,")? */
static int
known_body_line(const struct ls_scan *sc, const struct ls_line *ln)
{
	char *t;
	size_t n = ln->len;
	int r;

	if (n == 0 || n > 80)
		return 0;
	while (n && strchr(",;. ", ln->s[n - 1]))
		n--;
	t = xstrndup(ln->s, n);
	r = sdo_canonical(sc->dir, t) != NULL;
	free(t);
	return r;
}

/* A short line that could be a body's name: no sentence, no label. */
static int
name_line(const struct ls_line *ln)
{
	size_t voff;

	return ln->table < 0 && ln->len > 0 && ln->len <= 60 && !strchr(".?!:;", ln->s[ln->len - 1]) &&
	    (isupper((unsigned char)ln->s[0]) || isdigit((unsigned char)ln->s[0])) && !memchr(ln->s, '\t', ln->len) &&
	    ls_label_of(ln, &voff) == L_NONE;
}

/*
 * Word's plain rendering of a cover cell puts one body per line, known or not ("ITU-R WP 5D", "GSMA"):
 * line j carries on a list when it starts a run of name lines that the next label closes.
 */
static int
closed_run(const struct ls_scan *sc, size_t j)
{
	for (size_t k = j; k < sc->nlines && k < j + 20; k++) {
		size_t voff;
		if (name_line(&sc->lines[k]))
			continue;
		return k > j && sc->lines[k].table < 0 && ls_label_of(&sc->lines[k], &voff) != L_NONE;
	}
	return 0;
}

/* "Soonchunhyang University<TAB>Fax: +82 …": a two-column contact line, its right half a contact sub-label. */
static int
tabbed_sub(const struct ls_line *ln)
{
	const char *tab = memrchr(ln->s, '\t', ln->len);
	struct ls_line right;
	size_t voff;

	if (!tab)
		return 0;
	right = *ln;
	right.s = tab + 1;
	right.len = ln->len - (size_t)(right.s - ln->s);
	while (right.len && ls_sp((unsigned char)*right.s))
		right.s++, right.len--;
	return right.len && (ls_label_of(&right, &voff) == L_SUB || memchr(right.s, '@', right.len));
}

static int
contactish(const struct ls_line *ln, enum ls_label l)
{
	if (l == L_SUB || memchr(ln->s, '@', ln->len))
		return 1;
	/* a name, an organisation, a country; not a sentence of the body */
	return ln->len <= 60 && (ln->s[ln->len - 1] != '.' || ln->len <= 30);
}

/* A reply's quoted original starts here: what follows is someone else's statement. */
static int
quote_separator(const struct ls_line *ln)
{
	size_t n = ln->len, u = 0;

	if (ln->table >= 0 || n < 6)
		return 0;
	if (ln->s[0] == '-' && memmem(ln->s, n, "riginal ", 8) && (memmem(ln->s, n, "essage", 6)))
		return 1;
	while (u < n && ln->s[u] == '_')
		u++;
	if (u >= 20 && u == n)
		return 1;
	return n < 200 && n >= 6 && strncmp(ln->s + n - 6, "wrote:", 6) == 0;
}

/* May line j carry on the value in v (paragraph text only)? */
static int
continues(const struct ls_scan *sc, size_t j, enum ls_class cls, const struct buf *v, size_t taken)
{
	const struct ls_line *ln = &sc->lines[j];
	size_t voff;
	enum ls_label l;

	if (ln->table >= 0 || ln->len == 0 || v->len >= LS_FIELD_MAX || quote_separator(ln))
		return 0;
	l = ls_label_of(ln, &voff);
	/* "TSB<tab>E-mail: x@y" reads like a label but carries on a contact */
	if (cls == C_CONTACT && l == L_OTHER && (memchr(ln->s, '@', ln->len) || tabbed_sub(ln)))
		l = L_SUB;
	if (l != L_NONE && !(cls == C_CONTACT && l == L_SUB))
		return 0;
	/* in a header block every line that is not a label carries on the one above */
	if (ln->header && j > 0 && sc->lines[j - 1].header && (cls == C_LIST || cls == C_CONTACT))
		return taken < 100;
	switch (cls) {
	case C_ONE: return 0;
	case C_TITLE: return taken < 4 && (islower((unsigned char)ln->s[0]) || ln->s[0] == '(' || hanging(v));
	case C_LIST: return taken < 100 && (hanging(v) || ln->indent || known_body_line(sc, ln) || closed_run(sc, j));
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
	if (ls_label_class(l) == C_LIST || ls_label_class(l) == C_CONTACT) {
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

/* Does line j begin a cell other than the one before it, in the same row? */
static int
new_cell(const struct ls_scan *sc, size_t j)
{
	return j > 0 && sc->lines[j].block == sc->lines[j - 1].block && sc->lines[j].cell != sc->lines[j - 1].cell;
}

/* Line j begins a cell the extractor repeated for a merged span (same text as the cell before it). */
static int
repeated_cell(const struct ls_scan *sc, size_t j)
{
	const struct doc_block *blk = &sc->doc->blocks[sc->lines[j].block];
	size_t c = sc->lines[j].cell, p = sc->lines[j - 1].cell;

	return c < blk->ncells && p < blk->ncells && blk->cells[c] && blk->cells[p] &&
	    strcmp(blk->cells[c], blk->cells[p]) == 0;
}

/* Line j begins a cell that is a label of its own ("Meeting, date:" in a four-column header row). */
static int
label_cell(const struct ls_scan *sc, size_t j)
{
	size_t voff;
	enum ls_label l = ls_label_of(&sc->lines[j], &voff);

	return l != L_NONE && l != L_SUB && voff > 0 && sc->lines[j].s[voff - 1] == ':';
}

/* Has the statement itself been read, so that a quoted original below can be left out? */
static int
statement_read(const struct ls_scan *sc)
{
	int titled = 0, addressed = 0;

	for (size_t i = 0; i < sc->nfields; i++) {
		enum ls_label l = sc->fields[i].label;
		titled |= l == L_TITLE;
		addressed |= l == L_ACTION || l == L_COMMENT || l == L_INFO || l == L_TO;
	}
	return titled && addressed;
}

/* What follows the label on its own line, when anything does. */
static void
value_after_label(const struct ls_line *ln, size_t voff, enum ls_class cls, struct buf *v)
{
	struct ls_line rest = {
	    .s = ln->s + voff, .len = ln->len - voff, .block = ln->block, .cell = ln->cell, .table = ln->table};

	if (voff >= ln->len)
		return;
	while (rest.len && ls_sp((unsigned char)*rest.s))
		rest.s++, rest.len--;
	if (rest.len)
		append(v, &rest, cls);
}

/*
 * A label in a table cell (line i): the rest of the row is the value, up to a cell that is a label
 * of its own; a merged cell comes repeated once per column it spans and is read once. A lone label
 * row may have its value in the next row. Returns the first line not taken.
 */
static size_t
row_value(const struct ls_scan *sc, size_t i, enum ls_class cls, struct buf *v)
{
	const struct ls_line *ln = &sc->lines[i];
	size_t j = i + 1, voff;
	int skipping = 0;

	for (; j < sc->nlines && sc->lines[j].block == ln->block; j++) {
		if (new_cell(sc, j)) {
			if ((skipping = repeated_cell(sc, j)))
				continue;
			if (label_cell(sc, j))
				break;
		}
		if (!skipping)
			append(v, &sc->lines[j], cls);
	}
	if (v->len == 0 && j < sc->nlines && sc->lines[j].table >= 0 && ls_label_of(&sc->lines[j], &voff) == L_NONE) {
		size_t blk = sc->lines[j].block;
		for (; j < sc->nlines && sc->lines[j].block == blk; j++)
			append(v, &sc->lines[j], cls);
	}
	return j;
}

/*
 * A label in running text (line i): the value goes on over the lines that continue it; a label
 * standing alone has its value on the next line with words. Returns the first line not taken.
 */
static size_t
text_value(const struct ls_scan *sc, size_t i, enum ls_class cls, struct buf *v)
{
	size_t j = i + 1, taken = 0, voff;
	int alone = 0;

	if (v->len == 0) {
		/* the label stands alone: the value is the next line with words */
		size_t skip = 0;
		enum ls_label nl = L_NONE;
		alone = 1;
		while (j < sc->nlines && sc->lines[j].len == 0 && skip < 3)
			j++, skip++;
		if (j < sc->nlines)
			nl = ls_label_of(&sc->lines[j], &voff);
		if (j < sc->nlines && sc->lines[j].len && (nl == L_NONE || (cls == C_CONTACT && nl == L_SUB)))
			append(v, &sc->lines[j++], cls);
	}
	if (v->len)
		while (j < sc->nlines && continues(sc, j, cls, v, taken)) {
			append(v, &sc->lines[j++], cls);
			taken++;
		}
	/* a list whose cells a mailer rendered one a paragraph: known bodies past one blank line */
	while (cls == C_LIST && alone && taken < 100 && j + 1 < sc->nlines && sc->lines[j].len == 0 &&
	    sc->lines[j + 1].table < 0 && known_body_line(sc, &sc->lines[j + 1])) {
		append(v, &sc->lines[j + 1], cls);
		j += 2;
		taken++;
	}
	return j;
}

/*
 * A page headed "Liaison statement" whose next line is the statement's title and whose header block
 * follows within a few lines (the Datatracker's page): *t is the title's line.
 */
static int
heading_title(const struct ls_scan *sc, size_t i, size_t *t)
{
	const struct ls_line *ln = &sc->lines[i];
	size_t j = i + 1;

	if (ln->len != 17 || strncasecmp(ln->s, "liaison statement", 17) != 0 || ln->header)
		return 0;
	while (j < sc->nlines && j < i + 3 && sc->lines[j].len == 0)
		j++;
	/* the title may read like a label ("For Action: YANG model for CFM OAM"): the block below decides */
	if (j >= sc->nlines || sc->lines[j].header || sc->lines[j].len > 300 || sc->lines[j].table >= 0)
		return 0;
	*t = j;
	for (size_t k = j + 1; k < sc->nlines && k <= j + 6; k++)
		if (sc->lines[k].header)
			return 1;
	return 0;
}

/* "Purpose" standing alone over "For action" (a table's cells on their own lines): that is its value. */
static int
purpose_next(const struct ls_scan *sc, size_t i, struct buf *v)
{
	const struct ls_line *nx = i + 1 < sc->nlines ? &sc->lines[i + 1] : NULL;
	size_t voff;
	enum ls_label l = nx ? ls_label_of(nx, &voff) : L_NONE;

	if (!nx || voff != nx->len || (l != L_ACTION && l != L_COMMENT && l != L_INFO))
		return 0;
	append(v, nx, C_ONE);
	return 1;
}

static void
read_fields(struct ls_scan *sc)
{
	struct buf v = {0};
	size_t i = 0, voff, j;
	enum ls_label l;
	enum ls_class cls;

	while (i < sc->nlines) {
		const struct ls_line *ln = &sc->lines[i];

		if (quote_separator(ln) && statement_read(sc)) {
			sc->nlines = i; /* the templates look at lines too, not only fields */
			break;
		}
		if (heading_title(sc, i, &j)) {
			buf_reset(&v);
			append(&v, &sc->lines[j], C_TITLE);
			push_field(sc, L_TITLE, &v, j, -1);
			i = j + 1;
			continue;
		}
		l = ls_label_of(ln, &voff);
		if (l == L_NONE || l == L_SUB) {
			i++;
			continue;
		}
		cls = ls_label_class(l);
		buf_reset(&v);
		value_after_label(ln, voff, cls, &v);
		if (l == L_PURPOSE && v.len == 0 && purpose_next(sc, i, &v)) {
			push_field(sc, l, &v, i, ln->table);
			i += 2;
			continue;
		}
		j = ln->table >= 0 ? row_value(sc, i, cls, &v) : text_value(sc, i, cls, &v);
		push_field(sc, l, &v, i, ln->table);
		i = j;
	}
	buf_free(&v);
}

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
	if (k >= ln->len || !ls_sp((unsigned char)ln->s[k]))
		return 0;
	while (k < ln->len && ls_sp((unsigned char)ln->s[k]))
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

void
ls_scan_read(struct ls_scan *sc)
{
	flatten(sc);
	mark_header(sc);
	read_fields(sc);
}

void
ls_scan_free(struct ls_scan *sc)
{
	for (size_t i = 0; i < sc->nfields; i++)
		free(sc->fields[i].value);
	free(sc->fields);
	free(sc->lines);
	sc->fields = NULL;
	sc->lines = NULL;
	sc->nfields = sc->fcap = sc->nlines = sc->lcap = 0;
}
