/* sdo.c: the standards-body directory (etc/sdos.conf): canonical names, alias matching, mail domains, list splitting.
 */
/* SPDX-License-Identifier: Apache-2.0 */
#include "sdo.h"

#include <ctype.h>
#include <libconfig.h>
#include <stdlib.h>
#include <string.h>

extern const char sdos_builtin[];
extern const size_t sdos_builtin_len;

#define SDO_ITEM_MAX 500   /* bodies taken from one list */
#define SDO_LIST_MAX 65536 /* bytes of one list looked at */
#define SDO_NAME_MAX 512   /* bytes of one name looked at */

struct sdo {
	char *name; /* owned */
	struct strv aliases, domains, contacts;
};

struct sdo_key {
	char *key; /* owned, normalised */
	size_t idx;
	size_t seq; /* keeps the first spelling when two bodies claim one key */
};

struct sdo_dir {
	struct sdo *v; /* owned */
	size_t n;
	struct sdo_key *keys; /* owned, sorted */
	size_t nkeys;
	int builtin; /* the shared built-in directory is never freed */
};

/*
 * Prefixes tried when a name is written without its organisation ("SG21", "JTC 1/SC 29",
 * "SA4", "IRG AVA"): the JCA-MV's correspondence is mostly ITU-T's, so ITU-T comes first.
 */
static const char *const fallback_prefix[] = {
    "itut",
    "isoiec",
    "3gpp",
    "3gpptsg",
    "etsi",
    "etsiisg",
    "itu",
};

/* Lower-case letters and digits only, "Study Group(s)" read as "SG"; bytes >= 0x80 kept. */
static void
make_key(const char *s, size_t n, struct buf *out)
{
	size_t i = 0;

	buf_reset(out);
	buf_adds(out, "");
	while (i < n && out->len < SDO_NAME_MAX) {
		unsigned char c = (unsigned char)s[i];
		int wordstart = i == 0 || !isalnum((unsigned char)s[i - 1]);

		if (wordstart && n - i >= 11 && strncasecmp(s + i, "study group", 11) == 0) {
			buf_adds(out, "sg");
			i += 11;
			if (i < n && (s[i] == 's' || s[i] == 'S'))
				i++;
			continue;
		}
		if (wordstart && n - i >= 13 && strncasecmp(s + i, "working group", 13) == 0) {
			buf_adds(out, "wg");
			i += 13;
			continue;
		}
		if (isalnum(c))
			buf_addc(out, (char)tolower(c));
		else if (c >= 0x80)
			buf_addc(out, (char)c);
		i++;
	}
}

static int
key_cmp(const void *a, const void *b)
{
	const struct sdo_key *x = a, *y = b;
	int r = strcmp(x->key, y->key);

	if (r)
		return r;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static long
key_lookup(const struct sdo_dir *d, const char *key)
{
	size_t lo = 0, hi = d->nkeys;

	if (!*key)
		return -1;
	/* lower bound, so the first (lowest seq) of equal keys is found */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(d->keys[mid].key, key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < d->nkeys && strcmp(d->keys[lo].key, key) == 0)
		return (long)d->keys[lo].idx;
	return -1;
}

static void
add_key(struct sdo_dir *d, const char *name, size_t idx, size_t *cap)
{
	struct buf b = {0};

	make_key(name, strlen(name), &b);
	if (b.len == 0) {
		buf_free(&b);
		return;
	}
	if (d->nkeys == *cap) {
		*cap = *cap ? *cap * 2 : 256;
		d->keys = xrealloc(d->keys, *cap * sizeof(*d->keys));
	}
	d->keys[d->nkeys].key = buf_steal(&b);
	d->keys[d->nkeys].idx = idx;
	d->keys[d->nkeys].seq = d->nkeys;
	d->nkeys++;
}

static void
index_keys(struct sdo_dir *d)
{
	size_t cap = 0;

	for (size_t i = 0; i < d->n; i++) {
		add_key(d, d->v[i].name, i, &cap);
		for (size_t j = 0; j < d->v[i].aliases.n; j++)
			add_key(d, d->v[i].aliases.v[j], i, &cap);
	}
	if (d->nkeys)
		qsort(d->keys, d->nkeys, sizeof(*d->keys), key_cmp);
}

/* A list of strings; a missing list is empty. Returns -1 with *why set when it is not a list of strings. */
static int
read_strings(config_setting_t *parent, const char *name, struct strv *out, config_setting_t **bad, const char **why)
{
	config_setting_t *s = config_setting_get_member(parent, name);

	if (!s)
		return 0;
	if (!config_setting_is_array(s) && !config_setting_is_list(s)) {
		*bad = s;
		*why = "expected a list of strings";
		return -1;
	}
	for (int i = 0; i < config_setting_length(s); i++) {
		config_setting_t *e = config_setting_get_elem(s, (unsigned)i);
		const char *v = e ? config_setting_get_string(e) : NULL;
		if (!v) {
			*bad = e ? e : s;
			*why = "expected a string";
			return -1;
		}
		strv_push(out, v);
	}
	return 0;
}

static void
set_err(char **err, const char *file, config_setting_t *s, const char *why)
{
	char *path = config_setting_name(s) ? xstrdup(config_setting_name(s)) : NULL;
	config_setting_t *p;
	struct buf b = {0};

	/* the setting's path, innermost last, e.g. sdos.[3].name */
	for (p = s; p && !config_setting_is_root(p); p = config_setting_parent(p)) {
		char *part = config_setting_name(p) ? xstrdup(config_setting_name(p))
		                                    : xasprintf("[%d]", config_setting_index(p));
		char *joined = b.len ? xasprintf("%s.%s", part, buf_str(&b)) : xstrdup(part);
		buf_reset(&b);
		buf_adds(&b, joined);
		free(joined);
		free(part);
	}
	*err = xasprintf("%s:%u: %s: %s", file, config_setting_source_line(s), b.len ? buf_str(&b) : "sdos", why);
	buf_free(&b);
	free(path);
}

/* Builds a directory from a parsed configuration; NULL with *err on a bad setting. */
static struct sdo_dir *
from_config(config_t *cf, const char *file, char **err)
{
	struct sdo_dir *d = xcalloc(1, sizeof(*d));
	config_setting_t *list = config_lookup(cf, "sdos"), *bad = NULL;
	const char *why = NULL;

	if (!list) {
		*err = xasprintf("%s:1: sdos: missing", file);
		goto fail;
	}
	if (!config_setting_is_list(list) && !config_setting_is_array(list)) {
		bad = list;
		why = "expected a list of groups";
		goto bad;
	}
	d->v = xcalloc((size_t)config_setting_length(list) + 1, sizeof(*d->v));
	for (int i = 0; i < config_setting_length(list); i++) {
		config_setting_t *g = config_setting_get_elem(list, (unsigned)i);
		const char *name = NULL;
		struct sdo *s;

		if (!config_setting_is_group(g)) {
			bad = g;
			why = "expected a group { name = …; }";
			goto bad;
		}
		if (!config_setting_lookup_string(g, "name", &name) || str_empty(name)) {
			bad = config_setting_get_member(g, "name");
			if (!bad)
				bad = g;
			why = "expected a non-empty string name";
			goto bad;
		}
		s = &d->v[d->n++];
		s->name = xstrdup(name);
		if (read_strings(g, "aliases", &s->aliases, &bad, &why) < 0 ||
		    read_strings(g, "domains", &s->domains, &bad, &why) < 0 ||
		    read_strings(g, "contacts", &s->contacts, &bad, &why) < 0)
			goto bad;
		for (size_t j = 0; j < s->domains.n; j++)
			str_lower(s->domains.v[j]);
	}
	index_keys(d);
	return d;
bad:
	set_err(err, file, bad, why);
fail:
	sdo_dir_free(d);
	return NULL;
}

struct sdo_dir *
sdo_dir_builtin(void)
{
	static struct sdo_dir *builtin;
	config_t cf;
	char *err = NULL;

	if (builtin)
		return builtin;
	config_init(&cf);
	if (config_read_string(&cf, sdos_builtin) == CONFIG_TRUE)
		builtin = from_config(&cf, "sdos.conf (built-in)", &err);
	config_destroy(&cf);
	free(err);
	if (!builtin) /* a build that embedded a broken file still runs, knowing no bodies */
		builtin = xcalloc(1, sizeof(*builtin));
	builtin->builtin = 1;
	return builtin;
}

struct sdo_dir *
sdo_dir_load(const char *path, char **err)
{
	struct sdo_dir *d = NULL;
	config_t cf;

	*err = NULL;
	config_init(&cf);
	if (config_read_file(&cf, path) != CONFIG_TRUE) {
		*err = xasprintf("%s:%d: %s", config_error_file(&cf) ? config_error_file(&cf) : path,
		    config_error_line(&cf), config_error_text(&cf) ? config_error_text(&cf) : "cannot read");
		goto out;
	}
	d = from_config(&cf, path, err);
out:
	config_destroy(&cf);
	return d;
}

void
sdo_dir_free(struct sdo_dir *d)
{
	if (!d || d->builtin)
		return;
	for (size_t i = 0; i < d->n; i++) {
		free(d->v[i].name);
		strv_free(&d->v[i].aliases);
		strv_free(&d->v[i].domains);
		strv_free(&d->v[i].contacts);
	}
	for (size_t i = 0; i < d->nkeys; i++)
		free(d->keys[i].key);
	free(d->keys);
	free(d->v);
	free(d);
}

/* One spelling, then with each organisation prefix. */
static long
find_span(const struct sdo_dir *d, const char *s, size_t n)
{
	struct buf k = {0}, p = {0};
	long r = -1;

	make_key(s, n, &k);
	if (k.len == 0)
		goto out;
	if ((r = key_lookup(d, buf_str(&k))) >= 0)
		goto out;
	for (size_t i = 0; i < sizeof(fallback_prefix) / sizeof(*fallback_prefix); i++) {
		buf_reset(&p);
		buf_adds(&p, fallback_prefix[i]);
		buf_adds(&p, buf_str(&k));
		if ((r = key_lookup(d, buf_str(&p))) >= 0)
			goto out;
	}
out:
	buf_free(&k);
	buf_free(&p);
	return r;
}

long
sdo_find(const struct sdo_dir *d, const char *name)
{
	const char *s, *open, *close;
	size_t n;
	long r;

	if (!d || !name)
		return -1;
	s = name;
	while (isspace((unsigned char)*s))
		s++;
	n = strnlen(s, SDO_NAME_MAX);
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	if (n > 4 && strncasecmp(s, "the ", 4) == 0) {
		s += 4;
		n -= 4;
	}
	if ((r = find_span(d, s, n)) >= 0)
		return r;
	/* "Internet Engineering Task Force (IETF)", "IETF (IAB)", "ITU-T-SG-20 (Jane Doe)" */
	open = memchr(s, '(', n);
	if (open) {
		if ((r = find_span(d, s, (size_t)(open - s))) >= 0)
			return r;
		close = memchr(open, ')', n - (size_t)(open - s));
		if (close && (r = find_span(d, open + 1, (size_t)(close - open - 1))) >= 0)
			return r;
	}
	return -1;
}

const char *
sdo_canonical(const struct sdo_dir *d, const char *name)
{
	long i = sdo_find(d, name);

	return i >= 0 ? d->v[i].name : NULL;
}

const char *
sdo_by_email(const struct sdo_dir *d, const char *addr)
{
	char *a = NULL, *at, *lt, *gt;
	const char *best = NULL;
	size_t bestlen = 0;

	if (!d || !addr)
		return NULL;
	lt = strchr(addr, '<');
	gt = lt ? strchr(lt, '>') : NULL;
	a = lt && gt ? xstrndup(lt + 1, (size_t)(gt - lt - 1)) : xstrdup(addr);
	str_lower(a);
	at = strrchr(a, '@');
	if (!at)
		goto out;
	for (size_t i = 0; i < d->n && !best; i++)
		for (size_t j = 0; j < d->v[i].domains.n; j++)
			if (strchr(d->v[i].domains.v[j], '@') && strcmp(str_trim(a), d->v[i].domains.v[j]) == 0) {
				best = d->v[i].name;
				break;
			}
	if (best)
		goto out;
	for (size_t i = 0; i < d->n; i++)
		for (size_t j = 0; j < d->v[i].domains.n; j++) {
			const char *dom = d->v[i].domains.v[j], *host = at + 1;
			size_t dl = strlen(dom), hl = strlen(host);
			if (strchr(dom, '@') || dl <= bestlen)
				continue;
			if (strcmp(host, dom) == 0 ||
			    (hl > dl && host[hl - dl - 1] == '.' && strcmp(host + hl - dl, dom) == 0)) {
				best = d->v[i].name;
				bestlen = dl;
			}
		}
out:
	free(a);
	return best;
}

/* ---- splitting addressee lists ---- */

static int
all_digits(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return 0;
	return 1;
}

/* Strips a leading "and"/"&"/"or", trailing dots and spaces; in place. */
static char *
clean_item(char *s)
{
	size_t n;

	s = str_trim(s);
	for (;;) {
		if (strncasecmp(s, "and ", 4) == 0)
			s = str_trim(s + 4);
		else if (strncasecmp(s, "or ", 3) == 0)
			s = str_trim(s + 3);
		else if (*s == '&')
			s = str_trim(s + 1);
		else
			break;
	}
	n = strlen(s);
	while (n && (s[n - 1] == '.' || isspace((unsigned char)s[n - 1])))
		s[--n] = '\0';
	if (n >= 4 && strcasecmp(s + n - 4, " and") == 0)
		s[n - 4] = '\0';
	return str_trim(s);
}

static int
is_nothing(const char *s)
{
	static const char *const none[] = {"", "-", "n/a", "na", "none", "nil", "tbd", "—", "–"};

	for (size_t i = 0; i < sizeof(none) / sizeof(*none); i++)
		if (strcasecmp(s, none[i]) == 0)
			return 1;
	return 0;
}

struct split_state {
	struct buf group;    /* "ITU-T SG" while inside "ITU-T SGs 2, 3, 5" */
	struct buf previous; /* the last body as written, for "JTC 1/SC 24 and SC 29" */
	size_t count;
};

/* "SGs 2" / "Study Groups 2": the position of the word, and where the number starts. */
static const char *
group_word(const char *s, const char **num)
{
	for (const char *p = s; *p; p++) {
		size_t w = 0;
		if (p != s && isalnum((unsigned char)p[-1]))
			continue;
		if (strncasecmp(p, "SGs", 3) == 0)
			w = 3;
		else if (strncasecmp(p, "Study Groups", 12) == 0)
			w = 12;
		if (w && (p[w] == ' ' || p[w] == '\t')) {
			const char *q = p + w;
			while (*q == ' ' || *q == '\t')
				q++;
			if (isdigit((unsigned char)*q)) {
				*num = q;
				return p;
			}
		}
	}
	return NULL;
}

static void
emit(const struct sdo_dir *d, const char *name, struct strv *out, struct split_state *st)
{
	const char *canon;
	char *w;

	if (st->count >= SDO_ITEM_MAX || is_nothing(name))
		return;
	canon = sdo_canonical(d, name);
	w = str_collapse_ws(name);
	strv_push_unique(out, canon ? canon : w);
	free(w);
	st->count++;
}

/* A bare "SC 29", "SG17", "WG 2" after "ISO/IEC JTC 1/SC 24": the earlier body's prefix. */
static int
inherit_prefix(const char *item, const char *prev, struct buf *out)
{
	static const char *const kinds[] = {"SC", "SG", "TC", "WG"};
	const char *hit = NULL;
	size_t k;

	for (k = 0; k < sizeof(kinds) / sizeof(*kinds); k++) {
		const char *q = item + 2;
		if (strncasecmp(item, kinds[k], 2) != 0)
			continue;
		if (*q == ' ')
			q++;
		if (!all_digits(q))
			return 0;
		break;
	}
	if (k == sizeof(kinds) / sizeof(*kinds) || !*prev)
		return 0;
	for (const char *p = prev + 1; *p; p++)
		if (strncasecmp(p, kinds[k], 2) == 0 && !isalpha((unsigned char)p[-1]) && !isalpha((unsigned char)p[2]))
			hit = p;
	if (!hit)
		return 0;
	buf_reset(out);
	buf_add(out, prev, (size_t)(hit - prev));
	buf_adds(out, item);
	return 1;
}

static void
one_item(const struct sdo_dir *d, char *item, struct strv *out, struct split_state *st)
{
	const char *num = NULL, *gw;
	struct buf tmp = {0};
	char *and;

	if (st->count >= SDO_ITEM_MAX)
		goto out;
	item = clean_item(item);
	if (!*item)
		goto out;
	if (all_digits(item) && st->group.len) {
		buf_printf(&tmp, "%s%s", buf_str(&st->group), item);
		emit(d, buf_str(&tmp), out, st);
		goto out;
	}
	if ((gw = group_word(item, &num)) != NULL) {
		buf_reset(&st->group);
		buf_add(&st->group, item, (size_t)(gw - item));
		buf_adds(&st->group, "SG");
		one_item(d, (char *)num, out, st);
		goto out;
	}
	/* "SA1 and SA4", "2 and 3": split on " and " unless the whole is one known body */
	if (strcasestr(item, " and ") && sdo_find(d, item) < 0) {
		/* iterative, so a hostile "a and a and a …" does not recurse deeply */
		char *p = item;
		while ((and = strcasestr(p, " and ")) != NULL) {
			*and = '\0';
			one_item(d, p, out, st);
			p = and+5;
		}
		one_item(d, p, out, st);
		goto out;
	}
	buf_reset(&st->group);
	if (sdo_find(d, item) < 0 || strlen(item) <= 5) {
		if (inherit_prefix(item, buf_str(&st->previous), &tmp) && sdo_find(d, buf_str(&tmp)) >= 0) {
			emit(d, buf_str(&tmp), out, st);
			goto out;
		}
	}
	emit(d, item, out, st);
	buf_reset(&st->previous);
	buf_adds(&st->previous, item);
out:
	buf_free(&tmp);
}

void
sdo_split_list(const struct sdo_dir *d, const char *text, struct strv *out)
{
	struct split_state st = {0};
	char *copy;
	size_t start = 0, n;
	int depth = 0;

	if (!text)
		return;
	n = strnlen(text, SDO_LIST_MAX);
	copy = xstrndup(text, n);
	for (size_t i = 0; i <= n && st.count < SDO_ITEM_MAX; i++) {
		char c = copy[i];
		if (c == '(' || c == '[')
			depth++;
		else if ((c == ')' || c == ']') && depth > 0)
			depth--;
		if (c == '\0' || ((c == ',' || c == ';' || c == '\n' || c == '\r') && depth == 0) ||
		    (c == '\n' && depth > 0)) {
			copy[i] = '\0';
			one_item(d, copy + start, out, &st);
			if (c == ';' || c == '\n')
				buf_reset(&st.group);
			start = i + 1;
			if (c == '\n')
				depth = 0;
		}
	}
	free(copy);
	buf_free(&st.group);
	buf_free(&st.previous);
}

size_t
sdo_count(const struct sdo_dir *d)
{
	return d ? d->n : 0;
}

const char *
sdo_name(const struct sdo_dir *d, size_t i)
{
	return d && i < d->n ? d->v[i].name : NULL;
}

const struct strv *
sdo_aliases(const struct sdo_dir *d, size_t i)
{
	return d && i < d->n ? &d->v[i].aliases : NULL;
}

const struct strv *
sdo_contacts(const struct sdo_dir *d, size_t i)
{
	return d && i < d->n ? &d->v[i].contacts : NULL;
}

const struct strv *
sdo_domains(const struct sdo_dir *d, size_t i)
{
	return d && i < d->n ? &d->v[i].domains : NULL;
}
