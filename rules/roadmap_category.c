/* roadmap_category.c: the roadmap template's categories as bodies write them (synonyms, abbreviations, several a
 * cell), and the group each is shown under. */
/* SPDX-License-Identifier: Apache-2.0 */
#include "roadmap_category.h"
#include "roadmap_header.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

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

int
rm_category_of(const char *s, size_t n)
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
		if (conj + 5 <= e && rm_category_of(p, (size_t)(conj - p)) >= 0) {
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

	if (rm_category_of(s, n) < 0)
		strv_pushf(w->warnings, "roadmap row '%s': unknown category '%.*s'", w->title, (int)n, s);
	return 0;
}

void
rm_category_warn(const char *cell, const char *title, struct strv *warnings)
{
	struct cat_warn w = {title, warnings};

	category_each(cell, category_check, &w);
}

struct cat_first {
	int group;
	char *name;
};

static int
category_first(const char *s, size_t n, void *arg)
{
	struct cat_first *f = arg;

	f->group = rm_category_of(s, n);
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
