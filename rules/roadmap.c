/* roadmap.c: finds the JCA-MV roadmap template in a document's tables or text and reads its rows. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "roadmap.h"
#include "roadmap_store.h"

const char *const rm_col_names[RM_NCOLS] = {"sdo", "reference", "type", "title", "status", "category", "summary"};

/*
 * Header cells are compared by their letters and digits only, lower case, with any
 * parenthesised hint dropped: "SDO / Org.", "Sdo/Org" and "SDO / Org. (e.g. ITU-T SG21)"
 * are all "sdoorg".
 */
static const struct {
	const char *key;
	enum rm_col col;
} header_syn[] = {
    {"sdoorg", RM_SDO},
    {"sdo", RM_SDO},
    {"org", RM_SDO},
    {"organization", RM_SDO},
    {"organisation", RM_SDO},
    {"sdoorganization", RM_SDO},
    {"sdoorganisation", RM_SDO},
    {"body", RM_SDO},
    {"standardsbody", RM_SDO},
    {"orgsdo", RM_SDO},
    {"sdoorgbody", RM_SDO},
    {"document", RM_REF},
    {"reference", RM_REF},
    {"number", RM_REF},
    {"ref", RM_REF},
    {"documentnumber", RM_REF},
    {"documentreference", RM_REF},
    {"referencenumber", RM_REF},
    {"refno", RM_REF},
    {"docno", RM_REF},
    {"deliverabletype", RM_TYPE},
    {"type", RM_TYPE},
    {"documenttype", RM_TYPE},
    {"title", RM_TITLE},
    {"name", RM_TITLE},
    {"deliverabletitle", RM_TITLE},
    {"status", RM_STATUS},
    {"stage", RM_STATUS},
    {"category", RM_CATEGORY},
    {"categories", RM_CATEGORY},
    {"description", RM_SUMMARY},
    {"summary", RM_SUMMARY},
    {"scope", RM_SUMMARY},
    {"abstract", RM_SUMMARY},
};

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

/* Letters and digits of s, lower case (ASCII; other UTF-8 bytes kept), '&' as "and", "(…)" dropped. Owned. */
static char *
alnum_key(const char *s, size_t n)
{
	struct buf b = {0};
	int depth = 0;

	for (size_t i = 0; s && i < n && s[i]; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '(')
			depth++;
		else if (c == ')' && depth > 0)
			depth--;
		else if (depth > 0)
			continue;
		else if (c == '&')
			buf_adds(&b, "and");
		else if (isalnum(c) || c >= 0x80)
			buf_addc(&b, (char)tolower(c));
	}
	buf_str(&b);
	return buf_steal(&b);
}

static int
header_col(const char *cell)
{
	char *k = alnum_key(cell, strlen(cell));
	int col = -1;

	for (size_t i = 0; i < sizeof(header_syn) / sizeof(header_syn[0]); i++)
		if (strcmp(k, header_syn[i].key) == 0) {
			col = (int)header_syn[i].col;
			break;
		}
	free(k);
	return col;
}

/*
 * Maps cells to template columns: map[i] is the column of cell i or -1. 1 when the cells
 * form a template header (a title and at least two other columns), 0 otherwise.
 */
static int
header_match(char *const *cells, size_t n, int *map)
{
	int seen[RM_NCOLS] = {0}, nseen = 0;

	for (size_t i = 0; i < n; i++) {
		int c = str_empty(cells[i]) ? -1 : header_col(cells[i]);
		if (c >= 0 && seen[c])
			c = -1; /* a second "Name" column is not a second title */
		if (c >= 0) {
			seen[c] = 1;
			nseen++;
		}
		map[i] = c;
	}
	return seen[RM_TITLE] && nseen >= 3;
}

/* -1 unknown, else the group's index, for one category as written. */
static int
category_one(const char *s, size_t n)
{
	char *k = alnum_key(s, n);
	int g = -1;

	for (size_t i = 0; i < sizeof(category_syn) / sizeof(category_syn[0]); i++)
		if (strcmp(k, category_syn[i].key) == 0) {
			g = category_syn[i].group;
			break;
		}
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
		const char *conj = strstr(p, " and ");
		if (conj && conj < e && category_one(p, (size_t)(conj - p)) >= 0) {
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
	char *k = alnum_key(s, strlen(s));
	int ok = 0;

	/* "Published (2024)" and "Under development, target 2026" are the status and a note. */
	for (size_t i = 0; !ok && i < sizeof(statuses) / sizeof(statuses[0]); i++) {
		size_t n = strlen(statuses[i]);
		ok = strncmp(k, statuses[i], n) == 0 && !isalpha((unsigned char)k[n]);
	}
	free(k);
	return ok;
}

static int
is_example(const struct rm_row *r)
{
	for (size_t i = 0; i < sizeof(example_rows) / sizeof(example_rows[0]); i++) {
		size_t c = 0;
		while (c < RM_NCOLS && strcasecmp(r->f[c], example_rows[i][c]) == 0)
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

/*
 * A data row under a header: kept, skipped (blank, the template's example, a repeated
 * header, a heading merged across the row) or rejected with a warning. 1 when added.
 */
static int
take_row(struct rm_rows *out, char *const *cells, size_t n, const int *map, size_t nmap, size_t rowno)
{
	struct rm_row r = {{0}};
	int tmp[64], added = 0, nonempty = 0, same = 1;
	const char *first = NULL;

	if (n <= sizeof(tmp) / sizeof(tmp[0]) && header_match(cells, n, tmp))
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
	if (nonempty == 0 || (same && nonempty >= 3 && nonempty == (int)n) || (n == 1 && nmap > 1))
		return 0;
	for (size_t i = 0; i < nmap && i < n; i++)
		if (map[i] >= 0)
			r.f[map[i]] = str_collapse_ws(cells[i]);
	for (int c = 0; c < RM_NCOLS; c++)
		if (!r.f[c])
			r.f[c] = xstrdup("");
	if (str_empty(r.f[RM_SDO]) && str_empty(r.f[RM_REF]) && str_empty(r.f[RM_TYPE]) && str_empty(r.f[RM_TITLE]) &&
	    str_empty(r.f[RM_STATUS]) && str_empty(r.f[RM_CATEGORY]) && str_empty(r.f[RM_SUMMARY]))
		goto out;
	if (is_example(&r))
		goto out;
	if (!*r.f[RM_TITLE]) {
		char *what = str_oneline(*r.f[RM_REF] ? r.f[RM_REF] : first, 80);
		strv_pushf(&out->warnings, "roadmap row %zu ('%s'): no title, rejected", rowno, what);
		free(what);
		goto out;
	}
	{
		char *t = str_oneline(r.f[RM_TITLE], 80);
		struct cat_warn w = {t, &out->warnings};
		category_each(r.f[RM_CATEGORY], category_check, &w);
		if (*r.f[RM_STATUS] && !status_known(r.f[RM_STATUS])) {
			char *st = str_oneline(r.f[RM_STATUS], 80);
			strv_pushf(&out->warnings, "roadmap row '%s': unknown status '%s'", t, st);
			free(st);
		}
		free(t);
	}
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

/* Table rows: the header is the first row that reads as one; every later row of the table is data. */
static size_t
from_table(const struct doc *doc, int table, struct rm_rows *out)
{
	int *map = NULL;
	size_t nmap = 0, added = 0, rowno = 0;

	for (size_t i = 0; i < doc->nblocks; i++) {
		const struct doc_block *b = &doc->blocks[i];
		if (b->table != table)
			continue;
		if (!map) {
			int *m = xcalloc(b->ncells ? b->ncells : 1, sizeof(int));
			if (header_match(b->cells, b->ncells, m)) {
				map = m;
				nmap = b->ncells;
			} else
				free(m);
			continue;
		}
		rowno++;
		added += take_row(out, b->cells, b->ncells, map, nmap, rowno);
	}
	free(map);
	return added;
}

enum split { SPLIT_NONE, SPLIT_TAB, SPLIT_PIPE, SPLIT_SPACES };

/* A rule under a header: |---|:---:| in markdown, ----  ---- or ==== in plain text. */
static int
is_rule(const char *s)
{
	int dash = 0;

	for (; *s; s++) {
		if (*s == '-' || *s == '=')
			dash = 1;
		else if (!strchr("|:+ \t", *s))
			return 0;
	}
	return dash;
}

/* Cells of one text line; with their byte offsets, so that space-aligned rows can follow the header. */
static void
split_line(const char *line, enum split how, struct strv *cells, size_t **off)
{
	const char *p = line;
	struct buf cell = {0};
	size_t start = 0;

	strv_free(cells);
	*off = NULL;
	if (how == SPLIT_TAB) {
		for (;; p++) {
			if (*p == '\t' || !*p) {
				strv_push_owned(cells, xstrndup(line + start, (size_t)(p - line) - start));
				start = (size_t)(p - line) + 1;
				if (!*p)
					break;
			}
		}
	} else if (how == SPLIT_PIPE) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '|')
			p++;
		for (;; p++) {
			if (*p == '\\' && p[1] == '|') {
				buf_addc(&cell, '|');
				p++;
			} else if (*p == '|' || !*p) {
				if (*p || !str_empty(buf_str(&cell)))
					strv_push_owned(cells, buf_steal(&cell));
				if (!*p)
					break;
			} else
				buf_addc(&cell, *p);
		}
	} else {
		size_t *o = NULL, n = 0;
		while (*p) {
			while (*p == ' ')
				p++;
			if (!*p)
				break;
			const char *s = p;
			while (*p && !(p[0] == ' ' && (p[1] == ' ' || !p[1])))
				p++;
			strv_push_owned(cells, xstrndup(s, (size_t)(p - s)));
			o = xrealloc(o, (n + 1) * sizeof(*o));
			o[n++] = (size_t)(s - line);
		}
		*off = o;
	}
	buf_free(&cell);
}

static enum split
split_kind(const char *line)
{
	if (strchr(line, '\t'))
		return SPLIT_TAB;
	if (strchr(line, '|'))
		return SPLIT_PIPE;
	if (strstr(line, "  "))
		return SPLIT_SPACES;
	return SPLIT_NONE;
}

/*
 * Space-aligned rows may leave cells empty, which the split cannot see: each piece goes
 * to the header column it starts under (give or take a space), pieces in one column joined.
 */
static void
align_to_header(struct strv *cells, const size_t *off, const size_t *hoff, size_t nh)
{
	struct strv out = {0};
	char **joined = xcalloc(nh ? nh : 1, sizeof(char *));

	for (size_t i = 0; i < cells->n; i++) {
		size_t col = 0;
		for (size_t h = 0; h < nh; h++)
			if (hoff[h] <= off[i] + 1)
				col = h;
		if (joined[col]) {
			char *j = xasprintf("%s %s", joined[col], cells->v[i]);
			free(joined[col]);
			joined[col] = j;
		} else
			joined[col] = xstrdup(cells->v[i]);
	}
	for (size_t h = 0; h < nh; h++)
		strv_push_owned(&out, joined[h] ? joined[h] : xstrdup(""));
	free(joined);
	strv_free(cells);
	*cells = out;
}

/* Text tables in consecutive paragraphs, cells split on TAB, '|' or runs of spaces. */
static size_t
from_text(const struct doc *doc, struct rm_rows *out)
{
	struct strv cells = {0};
	size_t *off = NULL, *hoff = NULL, nh = 0, added = 0, rowno = 0;
	int *map = NULL;
	enum split how = SPLIT_NONE;

	for (size_t i = 0; i < doc->nblocks; i++) {
		const struct doc_block *b = &doc->blocks[i];
		const char *line = b->table < 0 && b->ncells > 0 ? b->cells[0] : NULL;
		enum split k = line ? split_kind(line) : SPLIT_NONE;

		free(off);
		off = NULL;
		/* Blank lines between rows do not end a table, prose does; but a space-aligned table
		 * ends at a blank line, as the prose after it may well have two spaces in a row. */
		if (map && str_empty(line) && how != SPLIT_SPACES)
			continue;
		if (map && k == how && is_rule(line))
			continue;
		if (map && (k != how || str_empty(line))) {
			free(map);
			free(hoff);
			map = NULL;
			hoff = NULL;
			how = SPLIT_NONE;
		}
		if (k == SPLIT_NONE)
			continue;
		split_line(line, k, &cells, &off);
		if (!map) {
			int *m = xcalloc(cells.n ? cells.n : 1, sizeof(int));
			if (cells.n >= 3 && header_match(cells.v, cells.n, m)) {
				map = m;
				nh = cells.n;
				how = k;
				rowno = 0;
				hoff = off;
				off = NULL;
			} else
				free(m);
			continue;
		}
		if (how == SPLIT_SPACES && off)
			align_to_header(&cells, off, hoff, nh);
		rowno++;
		added += take_row(out, cells.v, cells.n, map, nh, rowno);
	}
	free(off);
	free(hoff);
	free(map);
	strv_free(&cells);
	return added;
}

size_t
roadmap_extract(const struct doc *doc, struct rm_rows *out)
{
	size_t added = 0;

	if (!doc || !out)
		return 0;
	for (int t = 0; t < doc->ntables; t++)
		added += from_table(doc, t, out);
	added += from_text(doc, out);
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
