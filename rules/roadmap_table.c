/* roadmap_table.c: one table of the roadmap template read row after row: its header, its data rows, headings. */
/* SPDX-License-Identifier: Apache-2.0 */
#include "roadmap_table.h"
#include "roadmap_category.h"
#include "roadmap_header.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

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

static const char *const statuses[] = {"published", "underdevelopment", "approved", "draft", "planned", "withdrawn",
    "inforce", "underrevision", "consented", "determined", "workitem", "proposed"};

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

	rm_category_warn(r->f[RM_CATEGORY], t, &out->warnings);
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
		known = rm_category_of(p, n) >= 0;
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
	if (n > 0 && n < 80 && rm_category_of(p, n) >= 0)
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
