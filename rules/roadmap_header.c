/* roadmap_header.c: which template column a header cell means, however the sender renamed it. */
/* SPDX-License-Identifier: Apache-2.0 */
#include "roadmap_header.h"
#include "roadmap.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* A header cell longer than this is prose (a note or a data cell), not a column name. */
#define HEADER_MAX_WORDS 6

/* Word, Outlook and Google Sheets leave U+00A0 after a header's name; translators write "Catégorie". */
int
rm_fold(const char *s, size_t n, size_t *len)
{
	/* U+00C0..U+00FF by their base letter; '*' for the two signs among them. */
	static const char latin1[] = "aaaaaaaceeeeiiiidnooooo*ouuuuytsaaaaaaaceeeeiiiidnooooo*ouuuuyty";
	const unsigned char *p = (const unsigned char *)s;

	*len = 1;
	if (n >= 2 && p[0] == 0xc2 && p[1] == 0xa0) {
		*len = 2;
		return 0;
	}
	if (n >= 3 && p[0] == 0xe2 && p[1] == 0x80 && ((p[2] >= 0x80 && p[2] <= 0x8b) || p[2] == 0xaf)) {
		*len = 3;
		return 0;
	}
	if (n >= 3 && p[0] == 0xef && p[1] == 0xbb && p[2] == 0xbf) {
		*len = 3;
		return 0;
	}
	if (n >= 2 && p[0] == 0xc3 && p[1] >= 0x80 && p[1] <= 0xbf && latin1[p[1] - 0x80] != '*') {
		*len = 2;
		return latin1[p[1] - 0x80];
	}
	return tolower(p[0]);
}

char *
rm_key(const char *s, size_t n)
{
	struct buf b = {0};
	int depth = 0;

	if (s)
		n = strnlen(s, n);
	for (size_t i = 0, k; s && i < n; i += k) {
		int c = rm_fold(s + i, n - i, &k);
		if (c == '(')
			depth++;
		else if (c == ')' && depth > 0)
			depth--;
		else if (depth > 0)
			continue;
		else if (c == '&')
			buf_adds(&b, "and");
		else if (isalnum(c) || c >= 0x80)
			buf_addc(&b, (char)c);
	}
	buf_str(&b);
	return buf_steal(&b);
}

/* Spellings that glue words together, which the word-by-word reading below cannot take apart. */
static const struct {
	const char *key;
	enum rm_col col;
	int strength;
} glued[] = {
    {"sdoorg", RM_SDO, 0},
    {"orgsdo", RM_SDO, 0},
    {"sdoorgbody", RM_SDO, 0},
    {"sdoorganization", RM_SDO, 0},
    {"sdoorganisation", RM_SDO, 0},
    {"refno", RM_REF, 0},
    {"docno", RM_REF, 0},
    {"docnumber", RM_REF, 0},
    {"workitem", RM_REF, 1},
};

/*
 * How surely a header names its column. A name (0) is the column. A deliverable (1) names the
 * deliverable itself: its reference when the header has no other, else its title when it has
 * none ("Deliverable" over "Title", or alone). A bare number (2) is the reference only when no
 * other column is: a "No." before "Reference" counts the rows. "Document No." is a name.
 */
enum { HS_NAME, HS_DELIVERABLE, HS_NUMBER };

/*
 * What the words of a header say, in the order that settles a name of several words:
 * "Deliverable type" is the type, "Work item title" the title, "Organization name" the SDO,
 * "Document No." the reference. A name with a word of a column the template does not have
 * ("Publication date", "Editor(s)", "URL", "Serial No.") is that column, not one of the
 * template's. A word ending in '*' is a prefix. The template also comes back translated: French,
 * Spanish and German names are read with their accents folded ("Référence", "Título").
 */
enum { HW_OTHER = -2 };
static const struct {
	const char *word;
	int col; /* enum rm_col, or HW_OTHER */
	int strength;
} header_words[] = {
    {"date", HW_OTHER, 0},
    {"year", HW_OTHER, 0},
    {"url", HW_OTHER, 0},
    {"link*", HW_OTHER, 0},
    {"editor*", HW_OTHER, 0},
    {"rapporteur*", HW_OTHER, 0},
    {"contact*", HW_OTHER, 0},
    {"email", HW_OTHER, 0},
    {"comment*", HW_OTHER, 0},
    {"remark*", HW_OTHER, 0},
    {"note", HW_OTHER, 0},
    {"notes", HW_OTHER, 0},
    {"serial", HW_OTHER, 0},
    {"type", RM_TYPE, 0},
    {"types", RM_TYPE, 0},
    {"tipo", RM_TYPE, 0},
    {"typ", RM_TYPE, 0},
    {"categor*", RM_CATEGORY, 0},
    {"kategor*", RM_CATEGORY, 0},
    {"classification", RM_CATEGORY, 0},
    {"status", RM_STATUS, 0},
    {"stage", RM_STATUS, 0},
    {"maturity", RM_STATUS, 0},
    {"statut", RM_STATUS, 0},
    {"etat", RM_STATUS, 0},
    {"estado", RM_STATUS, 0},
    {"summary", RM_SUMMARY, 0},
    {"description", RM_SUMMARY, 0},
    {"scope", RM_SUMMARY, 0},
    {"abstract", RM_SUMMARY, 0},
    {"synopsis", RM_SUMMARY, 0},
    {"overview", RM_SUMMARY, 0},
    {"resume", RM_SUMMARY, 0},
    {"resumen", RM_SUMMARY, 0},
    {"descripcion", RM_SUMMARY, 0},
    {"zusammenfassung", RM_SUMMARY, 0},
    {"beschreibung", RM_SUMMARY, 0},
    {"title", RM_TITLE, 0},
    {"titles", RM_TITLE, 0},
    {"titre", RM_TITLE, 0},
    {"intitule", RM_TITLE, 0},
    {"titulo", RM_TITLE, 0},
    {"titel", RM_TITLE, 0},
    {"sdo", RM_SDO, 0},
    {"sdos", RM_SDO, 0},
    {"org", RM_SDO, 0},
    {"orgs", RM_SDO, 0},
    {"organi*", RM_SDO, 0},
    {"body", RM_SDO, 0},
    {"bodies", RM_SDO, 0},
    {"committee", RM_SDO, 0},
    {"group", RM_SDO, 0},
    {"consortium", RM_SDO, 0},
    {"forum", RM_SDO, 0},
    {"reference", RM_REF, 0},
    {"ref", RM_REF, 0},
    {"identifier", RM_REF, 0},
    {"designation", RM_REF, 0},
    {"referencia", RM_REF, 0},
    {"referenz", RM_REF, 0},
    {"name", RM_TITLE, 0},
    {"deliverable*", RM_REF, HS_DELIVERABLE},
    {"document*", RM_REF, HS_DELIVERABLE},
    {"doc", RM_REF, HS_DELIVERABLE},
    {"standard*", RM_REF, HS_DELIVERABLE},
    {"specification*", RM_REF, HS_DELIVERABLE},
    {"spec", RM_REF, HS_DELIVERABLE},
    {"project*", RM_REF, HS_DELIVERABLE},
    {"recommendation*", RM_REF, HS_DELIVERABLE},
    {"number", RM_REF, HS_NUMBER},
    {"no", RM_REF, HS_NUMBER},
    {"nr", RM_REF, HS_NUMBER},
    {"id", RM_REF, HS_NUMBER},
};
#define NWORDS (sizeof(header_words) / sizeof(header_words[0]))

static int
word_is(const char *w, size_t n, const char *pat)
{
	size_t k = strlen(pat);

	if (pat[k - 1] == '*')
		return n >= k - 1 && strncmp(w, pat, k - 1) == 0;
	return n == k && strncmp(w, pat, k) == 0;
}

/* The column the words of s[0..n) name (parenthesised hints dropped), or -1, and how surely. */
static int
words_col(const char *s, size_t n, int *strength)
{
	size_t nw = 0;
	int best = -1, depth = 0, number = 0;
	struct buf w = {0};

	/* Words are runs of letters and digits (any non-ASCII byte counts as a letter), folded. */
	for (size_t i = 0, k = 1; i <= n; i += k) {
		int c = i < n ? rm_fold(s + i, n - i, &k) : 0;
		if (c == '(')
			depth++;
		else if (c == ')' && depth > 0)
			depth--;
		if (depth == 0 && c && (isalnum(c) || c >= 0x80)) {
			buf_addc(&w, (char)c);
			continue;
		}
		if (w.len == 0)
			continue;
		if (++nw > HEADER_MAX_WORDS) {
			best = -1;
			break;
		}
		for (size_t j = 0; j < NWORDS; j++)
			if (word_is(buf_str(&w), w.len, header_words[j].word)) {
				number |= header_words[j].strength == HS_NUMBER;
				if (best < 0 || j < (size_t)best)
					best = (int)j;
				break;
			}
		buf_reset(&w);
	}
	buf_free(&w);
	if (best < 0 || header_words[best].col == HW_OTHER)
		return -1;
	*strength = header_words[best].strength;
	/* The number of a deliverable is its reference, for sure. */
	if (*strength == HS_DELIVERABLE && number)
		*strength = HS_NAME;
	return header_words[best].col;
}

/* The template column a header cell names, or -1, and how surely (enum above). */
static int
header_col(const char *cell, int *strength)
{
	char *k = rm_key(cell, strlen(cell));
	const char *nl = strchr(cell, '\n');
	int col = -1;

	*strength = HS_NAME;
	for (size_t i = 0; i < sizeof(glued) / sizeof(glued[0]); i++)
		if (strcmp(k, glued[i].key) == 0) {
			col = (int)glued[i].col;
			*strength = glued[i].strength;
			goto out;
		}
	col = words_col(cell, strlen(cell), strength);
	/* "Type\ne.g. Recommendation, Standard, Technical Report" is the type with a hint under it. */
	if (col < 0 && nl)
		col = words_col(cell, (size_t)(nl - cell), strength);
out:
	free(k);
	return col;
}

int
rm_header_name(const char *cell)
{
	int strength;

	return str_empty(cell) ? -1 : header_col(cell, &strength);
}

/* Gives the cells of one strength (pending in st[]) their columns, each column once. */
static void
assign(char *const *cells, size_t n, int *map, const int *st, int strength, int *seen, int *wref, int *nweak)
{
	const char *last = NULL;

	for (size_t i = 0; i < n; i++) {
		if (map[i] != -2 || st[i] != strength)
			continue;
		map[i] = -1;
		/* A merged "Deliverable" over three columns is repeated in each: it is one column. */
		if (last && strcmp(last, cells[i]) == 0)
			continue;
		last = cells[i];
		if (!seen[RM_REF]) {
			map[i] = RM_REF;
			if (strength == HS_DELIVERABLE)
				*wref = (int)i;
		} else if (strength == HS_DELIVERABLE && !seen[RM_TITLE])
			map[i] = RM_TITLE;
		if (strength == HS_DELIVERABLE)
			(*nweak)++;
		if (map[i] >= 0)
			seen[map[i]] = 1;
	}
}

int
rm_header_map(char *const *cells, size_t n, int *map)
{
	int seen[RM_NCOLS] = {0}, nseen = 0, wref = -1, nweak = 0;
	int *st = xcalloc(n ? n : 1, sizeof(int));

	/* Names first: a "Deliverable" column is the reference only when no "Reference" is there. */
	for (size_t i = 0; i < n; i++) {
		int c = str_empty(cells[i]) ? -1 : header_col(cells[i], &st[i]);
		if (c >= 0 && st[i] == HS_NAME && seen[c])
			c = -1; /* a second "Name" column is not a second title */
		if (c >= 0 && st[i] == HS_NAME)
			seen[c] = 1;
		map[i] = c >= 0 && st[i] != HS_NAME ? -2 : c;
	}
	assign(cells, n, map, st, HS_DELIVERABLE, seen, &wref, &nweak);
	assign(cells, n, map, st, HS_NUMBER, seen, &wref, &nweak);
	/* "Organization | Deliverable | Status": the deliverable is named by its title. */
	if (!seen[RM_TITLE] && wref >= 0 && nweak == 1) {
		map[wref] = RM_TITLE;
		seen[RM_TITLE] = 1;
		seen[RM_REF] = 0;
		for (size_t i = 0; i < n; i++)
			seen[RM_REF] |= map[i] == RM_REF;
	}
	for (int c = 0; c < RM_NCOLS; c++)
		nseen += seen[c];
	free(st);
	return nseen;
}

int
rm_header_match(char *const *cells, size_t n, int *map)
{
	int title = 0;

	if (rm_header_map(cells, n, map) < 3)
		return 0;
	for (size_t i = 0; i < n; i++)
		title |= map[i] == RM_TITLE;
	return title;
}
