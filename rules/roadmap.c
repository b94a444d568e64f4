/* roadmap.c: finds the JCA-MV roadmap template in a document's tables or text and reads its rows. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "roadmap_int.h"

const char *const rm_col_names[RM_NCOLS] = {"sdo", "reference", "type", "title", "status", "category", "summary"};

/* The rows of the template's own example (Annex 1): never entries, however often they are sent back. */
static const char *const example_rows[][RM_NCOLS] = {
    {"ITU-T SG21", "H.MV-FRADAI", "Draft Recommendation",
        "Functional requirements and architecture for digital asset interoperability", "Under development",
        "Interoperability", "Defines functions and architecture for asset transfer, exchange, and synchronization."},
    {"ISO/IEC JTC 1", "ISO/IEC 18026", "Standard", "Spatial Reference Model", "Published", "Enabling technology",
        "Provides a geospatial reference framework for 3D/VR integration."},
    {"IEEE", "IEEE P7016", "Draft Standard", "Ethically aligned design for XR/Metaverse", "Under development",
        "General", "Provides ethical guidance for metaverse-based systems."},
    {"W3C", "WebXR API", "Standard", "WebXR Device API", "Published", "Enabling technology, Interoperability",
        "API for web-based immersive technologies."},
    {"3GPP SA1", "TR 22.87x", "Technical Report", "6G service requirements for metaverse use cases",
        "Under development", "Application/Service",
        "Identifies service-level requirements for immersive metaverse applications."},
    {"ETSI ISG MEC", "MEC Spec.", "Technical Specification", "Multi-access Edge Computing for XR/Metaverse",
        "Published", "Infrastructure",
        "Specifies edge computing capabilities to support low-latency immersive services."},
};

/* Categories by their letters and digits ('&' read as "and"), and the template group each belongs to. */
static const struct {
	const char *key;
	int group; /* index in rm_groups */
} category_syn[] = {
    {"general", 0},
    {"applicationservice", 1},
    {"application", 1},
    {"service", 1},
    {"applicationsservices", 1},
    {"enablingtechnology", 2},
    {"enablingtechnologies", 2},
    {"interoperabilityandinfrastructure", 3},
    {"interoperabilityinfrastructure", 3},
    {"interoperability", 3},
    {"infrastructure", 3},
};
static const char *const rm_groups[] = {
    "General", "Application/Service", "Enabling Technology", "Interoperability & Infrastructure"};
#define RM_NGROUPS (sizeof(rm_groups) / sizeof(rm_groups[0]))

static const char *const statuses[] = {"published", "underdevelopment", "approved", "draft", "planned", "withdrawn",
    "inforce", "underrevision", "consented", "determined", "workitem", "proposed"};

/* The template's categories word by word, for the abbreviations bodies write ("App/Service", "I&I"). */
static const struct {
	const char *words; /* lower case, '&' a word of its own */
	int group;
} category_words[] = {
    {"general", 0},
    {"application service", 1},
    {"application", 1},
    {"enabling technology", 2},
    {"enabling", 2},
    {"interoperability & infrastructure", 3},
    {"interoperability", 3},
    {"infrastructure", 3},
};

/* The next word of s[*i..n): a run of letters and digits, folded, or '&' ("and" read as '&'). */
static size_t
next_word(const char *s, size_t n, size_t *i, char *w, size_t cap)
{
	size_t len = 0, k;
	int c;

	for (; *i < n; *i += k) {
		c = rm_fold(s + *i, n - *i, &k);
		if (isalnum(c) || c == '&' || c >= 0x80)
			break;
	}
	if (*i < n && s[*i] == '&') {
		(*i)++;
		w[len++] = '&';
	} else
		for (; *i < n && len + 1 < cap; *i += k) {
			c = rm_fold(s + *i, n - *i, &k);
			if (!isalnum(c) && c < 0x80)
				break;
			w[len++] = (char)c;
		}
	w[len] = '\0';
	if (strcmp(w, "and") == 0) {
		w[0] = '&';
		w[1] = '\0';
		len = 1;
	}
	return len;
}

/* Each word of s[0..n) begins the word of name in its place: "Interop. & Infra.", "Enabling tech.". */
static int
abbreviates(const char *s, size_t n, const char *name)
{
	char a[32], b[32];
	size_t i = 0, j = 0, nl = strlen(name), words = 0, letters = 0, la;

	while ((la = next_word(s, n, &i, a, sizeof(a))) > 0) {
		if (next_word(name, nl, &j, b, sizeof(b)) == 0 || strncmp(a, b, la) != 0)
			return 0;
		words++;
		letters += la;
	}
	/* One word needs three letters to say which category it is; "I&I" says it by its shape. */
	return next_word(name, nl, &j, b, sizeof(b)) == 0 && (words > 1 || letters >= 3);
}

/* -1 unknown, else the group's index, for one category as written. */
static int
category_one(const char *s, size_t n)
{
	char *k = rm_key(s, n);
	int g = -1;

	for (size_t i = 0; i < sizeof(category_syn) / sizeof(category_syn[0]); i++)
		if (strcmp(k, category_syn[i].key) == 0) {
			g = category_syn[i].group;
			break;
		}
	for (size_t i = 0; g < 0 && *k && i < sizeof(category_words) / sizeof(category_words[0]); i++)
		if (abbreviates(s, n, category_words[i].words))
			g = category_words[i].group;
	free(k);
	return g;
}

/*
 * Calls fn on each category of a cell: several are separated by ',', ';' or " and "
 * ("Interoperability & Infrastructure" is one). Stops and returns fn's value when non-zero.
 */
static int
category_each(const char *cell, int (*fn)(const char *s, size_t n, void *arg), void *arg)
{
	const char *p = cell, *e;
	int rc = 0;

	while (p && *p && rc == 0) {
		size_t n, skip = 1;
		e = p + strcspn(p, ",;");
		/* " and " looked for within the piece only: a cell of many pieces costs its length. */
		const char *conj = p;
		while (conj + 5 <= e && strncmp(conj, " and ", 5) != 0)
			conj++;
		if (conj + 5 <= e && category_one(p, (size_t)(conj - p)) >= 0) {
			e = conj;
			skip = 5;
		}
		n = (size_t)(e - p);
		while (n > 0 && isspace((unsigned char)*p)) {
			p++;
			n--;
		}
		while (n > 0 && isspace((unsigned char)p[n - 1]))
			n--;
		if (n > 0)
			rc = fn(p, n, arg);
		p = *e ? e + skip : e;
	}
	return rc;
}

struct cat_warn {
	const char *title;
	struct strv *warnings;
};

static int
category_check(const char *s, size_t n, void *arg)
{
	struct cat_warn *w = arg;

	if (category_one(s, n) < 0)
		strv_pushf(w->warnings, "roadmap row '%s': unknown category '%.*s'", w->title, (int)n, s);
	return 0;
}

struct cat_first {
	int group;
	char *name;
};

static int
category_first(const char *s, size_t n, void *arg)
{
	struct cat_first *f = arg;

	f->group = category_one(s, n);
	f->name = f->group >= 0 ? xstrdup(rm_groups[f->group]) : xstrndup(s, n);
	return 1;
}

int
rm_category_group(const char *cell, char **name)
{
	struct cat_first f = {-1, NULL};

	category_each(cell, category_first, &f);
	if (!f.name) {
		*name = xstrdup("Uncategorised");
		return (int)RM_NGROUPS + 1;
	}
	*name = f.name;
	return f.group >= 0 ? f.group : (int)RM_NGROUPS;
}

static int
status_known(const char *s)
{
	char *k = rm_key(s, strlen(s));
	int ok = 0;

	/* "Published (2024)" and "Under development, target 2026" are the status and a note. */
	for (size_t i = 0; !ok && i < sizeof(statuses) / sizeof(statuses[0]); i++) {
		size_t n = strlen(statuses[i]);
		ok = strncmp(k, statuses[i], n) == 0 && !isalpha((unsigned char)k[n]);
	}
	free(k);
	return ok;
}

/* Cells equal by their letters and digits: a quoted or retyped example keeps its words, not its punctuation. */
static int
key_eq(const char *a, const char *b)
{
	char *ka = rm_key(a, strlen(a)), *kb = rm_key(b, strlen(b));
	int eq = strcmp(ka, kb) == 0;

	free(ka);
	free(kb);
	return eq;
}

/*
 * One of Annex 1's examples, sent back with the template: every cell given is the example's.
 * A column the sender dropped does not make it an entry; a cell the sender changed does.
 */
static int
is_example(const struct rm_row *r)
{
	if (!*r->f[RM_REF] || !*r->f[RM_TITLE])
		return 0;
	for (size_t i = 0; i < sizeof(example_rows) / sizeof(example_rows[0]); i++) {
		int c = 0;
		while (c < RM_NCOLS && (!*r->f[c] || key_eq(r->f[c], example_rows[i][c])))
			c++;
		if (c == RM_NCOLS)
			return 1;
	}
	return 0;
}

static void
row_clear(struct rm_row *r)
{
	for (int c = 0; c < RM_NCOLS; c++) {
		free(r->f[c]);
		r->f[c] = NULL;
	}
}

/* The header again (repeated on a new page, or pasted twice): it maps its cells as the header does. */
static int
repeated_header(const struct rm_table *t, char *const *cells, size_t n)
{
	int *m = xcalloc(n ? n : 1, sizeof(int)), same = 0;

	if (rm_header_match(cells, n, m)) {
		same = 1;
		for (size_t i = 0; i < n && same; i++)
			same = m[i] < 0 || (i < t->nmap && m[i] == t->map[i]);
	}
	free(m);
	return same;
}

static void
warn_row(struct rm_rows *out, const struct rm_row *r)
{
	char *t = str_oneline(r->f[RM_TITLE], 80);
	struct cat_warn w = {t, &out->warnings};

	category_each(r->f[RM_CATEGORY], category_check, &w);
	if (*r->f[RM_STATUS] && !status_known(r->f[RM_STATUS])) {
		char *st = str_oneline(r->f[RM_STATUS], 80);
		strv_pushf(&out->warnings, "roadmap row '%s': unknown status '%s'", t, st);
		free(st);
	}
	free(t);
}

/* Each line of a category cell a category of its own: Word users put one per line, without a comma. */
static char *
category_lines(const char *cell)
{
	struct buf b = {0};
	const char *p = cell, *nl;
	int lines = 0, known = 1;

	for (; known && *p; p = *nl ? nl + 1 : nl) {
		size_t n;
		nl = p + strcspn(p, "\n");
		n = (size_t)(nl - p);
		while (n > 0 && (isspace((unsigned char)p[n - 1]) || p[n - 1] == ',' || p[n - 1] == ';'))
			n--;
		while (n > 0 && isspace((unsigned char)*p)) {
			p++;
			n--;
		}
		if (n == 0)
			continue;
		known = category_one(p, n) >= 0;
		if (lines++)
			buf_adds(&b, ", ");
		buf_add(&b, p, n);
	}
	if (known && lines > 1) {
		char *s = str_collapse_ws(buf_str(&b));
		buf_free(&b);
		return s;
	}
	buf_free(&b);
	return str_collapse_ws(cell);
}

/* "1", "2.", "3)", "2.1": a count of the rows in a "No." column, not a deliverable's reference. */
static int
is_ordinal(const char *s)
{
	size_t d = strspn(s, "0123456789"), f = 0;

	if (d == 0 || d > 3)
		return 0;
	s += d;
	if (*s == '.' && (f = strspn(s + 1, "0123456789")) > 0) {
		if (f > 2)
			return 0;
		s += 1 + f;
	}
	if (*s == '.' || *s == ')')
		s++;
	return *s == '\0';
}

/*
 * A status a spreadsheet stores as a date (the day a deliverable was published, formatted as a
 * date) reaches us as its serial number, days since 1899-12-30: shown as the date. NULL if not one.
 */
static char *
serial_date(const char *s)
{
	size_t d = strspn(s, "0123456789");
	long serial;
	char iso[11], *digits;

	if (d != 5 || (s[d] && (s[d] != '.' || strspn(s + d + 1, "0123456789") != strlen(s + d + 1))))
		return NULL;
	digits = xstrndup(s, d);
	/* 1990-01-01 to 2050-12-31: any other five-digit number is not a date of this roadmap. */
	if (parse_long(digits, 32874, 55153, &serial) != 0) {
		free(digits);
		return NULL;
	}
	free(digits);
	iso_date((long long)(serial - 25569) * 86400, iso);
	return xstrdup(iso);
}

/* The cell of column col as filed: white space collapsed, and read as its column is written. */
static char *
cell_value(int col, const char *raw)
{
	char *v = col == RM_CATEGORY ? category_lines(raw) : str_collapse_ws(raw), *d;

	if (col == RM_REF && is_ordinal(v))
		*v = '\0';
	if (col == RM_STATUS && (d = serial_date(v)) != NULL) {
		free(v);
		v = d;
	}
	return v;
}

/*
 * A row of one text spanning the table: "Enabling Technology", "2. Interoperability &
 * Infrastructure" or "Category: General" names the category of the rows under it, until the
 * next such heading; any other ("Planned work") ends it. 1 when it names a category.
 */
static int
heading(struct rm_table *t, const char *text)
{
	const char *p = text, *colon;
	size_t tok, n;

	free(t->group);
	t->group = NULL;
	while (isspace((unsigned char)*p))
		p++;
	/* A numbering first: "1.", "2.1", "3)", "A)", "IV." */
	tok = strcspn(p, " \t\n");
	if (tok > 0 && tok <= 6 && strspn(p, "0123456789.") == tok)
		p += tok;
	else if (tok >= 2 && tok <= 6 && (p[tok - 1] == '.' || p[tok - 1] == ')') &&
	    (strspn(p, "0123456789.") == tok - 1 || strspn(p, "IVXivx") == tok - 1 || tok == 2))
		p += tok;
	if ((colon = strrchr(p, ':')) != NULL)
		p = colon + 1;
	while (isspace((unsigned char)*p))
		p++;
	n = strlen(p);
	while (n > 0 && isspace((unsigned char)p[n - 1]))
		n--;
	if (n > 0 && n < 80 && category_one(p, n) >= 0)
		t->group = xstrndup(p, n);
	return t->group != NULL;
}

/*
 * A data row under a header: kept, skipped (blank, the template's example, a repeated
 * header, a heading merged across the row) or rejected with a warning. 1 when added.
 */
static int
take_row(struct rm_table *t, struct rm_rows *out, char *const *cells, size_t n)
{
	struct rm_row r = {{0}};
	int added = 0, nonempty = 0, same = 1, empty = 1;
	const char *first = NULL;

	if (repeated_header(t, cells, n))
		return 0;
	for (size_t i = 0; i < n; i++) {
		if (str_empty(cells[i]))
			continue;
		if (first && strcmp(first, cells[i]) != 0)
			same = 0;
		if (!first)
			first = cells[i];
		nonempty++;
	}
	/*
	 * A merged cell is repeated in every column it spans, or given once in a short row: a
	 * row of one text is a heading or a note, not a deliverable without a title.
	 */
	if (nonempty == 0)
		return 0;
	if ((same && nonempty >= 3 && nonempty == (int)n) || (n == 1 && t->nmap > 1)) {
		heading(t, first);
		return 0;
	}
	/* A heading given once, in the first cell of an unmerged row. */
	if (nonempty == 1 && first == cells[0] && heading(t, first))
		return 0;
	for (size_t i = 0; i < t->nmap && i < n; i++)
		if (t->map[i] >= 0) {
			free(r.f[t->map[i]]);
			r.f[t->map[i]] = cell_value(t->map[i], cells[i]);
		}
	for (int c = 0; c < RM_NCOLS; c++) {
		if (!r.f[c])
			r.f[c] = xstrdup("");
		empty &= !*r.f[c];
	}
	if (empty || is_example(&r))
		goto out;
	if (!*r.f[RM_TITLE]) {
		char *what = str_oneline(*r.f[RM_REF] ? r.f[RM_REF] : first, 80);
		strv_pushf(&out->warnings, "roadmap row %zu ('%s'): no title, rejected", t->rowno, what);
		free(what);
		goto out;
	}
	/* A body's name merged down the SDO column, or exported from such a sheet, is given once. */
	if (!*r.f[RM_SDO] && t->last_sdo) {
		free(r.f[RM_SDO]);
		r.f[RM_SDO] = xstrdup(t->last_sdo);
	}
	free(t->last_sdo);
	t->last_sdo = *r.f[RM_SDO] ? xstrdup(r.f[RM_SDO]) : NULL;
	/* Rows grouped under a category heading leave the category to it, or have no such column. */
	if (!*r.f[RM_CATEGORY] && t->group) {
		free(r.f[RM_CATEGORY]);
		r.f[RM_CATEGORY] = xstrdup(t->group);
	}
	warn_row(out, &r);
	if (out->n == out->cap) {
		out->cap = out->cap ? out->cap * 2 : 8;
		out->v = xrealloc(out->v, out->cap * sizeof(*out->v));
	}
	out->v[out->n++] = r;
	memset(&r, 0, sizeof(r));
	added = 1;
out:
	row_clear(&r);
	return added;
}

/*
 * The row right under the header, when it holds nothing but column names, completes it:
 * "Deliverable" merged over "Reference | Type | Title". Its names win over the row above.
 */
static int
subheader(struct rm_table *t, char *const *cells, size_t n)
{
	size_t named = 0, nm = n > t->nmap ? n : t->nmap;
	int *m, *merged;
	const char *first = NULL;

	/* Names, not one text merged across the row ("Category: General" over a group of rows). */
	for (size_t i = 0; i < n; i++) {
		if (str_empty(cells[i]))
			continue;
		if (rm_header_name(cells[i]) < 0)
			return 0;
		if (!first)
			first = cells[i];
		named += !named || strcmp(first, cells[i]) != 0;
	}
	if (named < 2)
		return 0;
	m = xcalloc(n, sizeof(int));
	merged = xcalloc(nm, sizeof(int));
	rm_header_map(cells, n, m);
	for (size_t i = 0; i < nm; i++) {
		if (i < n && m[i] >= 0) {
			merged[i] = m[i];
			continue;
		}
		merged[i] = i < t->nmap ? t->map[i] : -1;
		for (size_t j = 0; j < n && merged[i] >= 0; j++)
			if (m[j] == merged[i])
				merged[i] = -1; /* the row below names this column elsewhere */
	}
	free(m);
	free(t->map);
	t->map = merged;
	t->nmap = nm;
	return 1;
}

size_t
rm_table_row(struct rm_table *t, char *const *cells, size_t n, struct rm_rows *out)
{
	if (!t->map) {
		int *m = xcalloc(n ? n : 1, sizeof(int));
		if (rm_header_match(cells, n, m)) {
			t->map = m;
			t->nmap = n;
			t->rowno = 0;
		} else
			free(m);
		return 0;
	}
	if (t->rowno == 0 && subheader(t, cells, n))
		return 0;
	t->rowno++;
	return (size_t)take_row(t, out, cells, n);
}

void
rm_table_reset(struct rm_table *t)
{
	if (!t)
		return;
	free(t->map);
	free(t->last_sdo);
	free(t->group);
	memset(t, 0, sizeof(*t));
}

/* Where each table's rows start and end among the blocks, found in one pass. */
struct span {
	size_t first, last;
};

/* A line between the parts of a split table: blank, or saying the table goes on ("(continued)", "cont'd"). */
static int
continued_line(const char *s)
{
	char *low;
	int yes;

	if (str_empty(s))
		return 1;
	if (strlen(s) > 60)
		return 0;
	low = xstrdup(s);
	str_lower(low);
	yes = strstr(low, "continu") || strstr(low, "cont'd") || strstr(low, "cont.");
	free(low);
	return yes;
}

/*
 * A table split in two, by a page break or a "Table 1 (continued)" line, goes on under the
 * header of the part before it: the next table, with nothing but such lines between, no
 * header of its own and rows of as many cells as that header.
 */
static int
continues_table(const struct doc *doc, const struct rm_table *t, const struct span *prev, const struct span *cur)
{
	const struct doc_block *b = &doc->blocks[cur->first];
	int *m, header;

	/* Three lines at most: an empty paragraph or two and the "(continued)". */
	if (!t->map || b->ncells != t->nmap || cur->first <= prev->last || cur->first - prev->last > 4)
		return 0;
	for (size_t i = prev->last + 1; i < cur->first; i++) {
		const struct doc_block *p = &doc->blocks[i];
		if (p->table >= 0 || !continued_line(p->ncells ? p->cells[0] : NULL))
			return 0;
	}
	m = xcalloc(b->ncells ? b->ncells : 1, sizeof(int));
	header = rm_header_match(b->cells, b->ncells, m);
	free(m);
	return !header;
}

/* Table rows: the header is the first row that reads as one; every later row of the table is data. */
size_t
roadmap_extract(const struct doc *doc, struct rm_rows *out)
{
	struct rm_table t = {0};
	struct span *sp;
	size_t added = 0;

	if (!doc || !out)
		return 0;
	sp = xcalloc(doc->ntables > 0 ? (size_t)doc->ntables : 1, sizeof(*sp));
	for (size_t i = 0; i < doc->nblocks; i++) {
		int tb = doc->blocks[i].table;
		if (tb < 0 || tb >= doc->ntables)
			continue;
		if (sp[tb].last == 0)
			sp[tb].first = i;
		sp[tb].last = i + 1; /* one past, so that 0 means "no rows" */
	}
	for (int tb = 0; tb < doc->ntables; tb++) {
		struct span cur = {sp[tb].first, sp[tb].last ? sp[tb].last - 1 : 0}, prev = {0, 0};
		if (!sp[tb].last)
			continue;
		if (tb > 0 && sp[tb - 1].last)
			prev.last = sp[tb - 1].last - 1;
		if (!(tb > 0 && sp[tb - 1].last && continues_table(doc, &t, &prev, &cur)))
			rm_table_reset(&t);
		for (size_t i = cur.first; i <= cur.last; i++)
			if (doc->blocks[i].table == tb)
				added += rm_table_row(&t, doc->blocks[i].cells, doc->blocks[i].ncells, out);
	}
	rm_table_reset(&t);
	free(sp);
	added += rm_from_text(doc, out);
	return added;
}

void
rm_rows_free(struct rm_rows *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->n; i++)
		row_clear(&r->v[i]);
	free(r->v);
	r->v = NULL;
	r->n = r->cap = 0;
	strv_free(&r->warnings);
}
