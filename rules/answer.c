/* answer.c: whether a filed document answers a body's obligation on a statement, automatically or as a claim. */
/* SPDX-License-Identifier: Apache-2.0 */
#include "answer.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define REF_KEY_MAX 64 /* letters and digits: longer is no statement number */
#define SEP_MAX 3      /* separators between two letters or digits of a number as written */

char *
answer_ref_key(const char *ref)
{
	char key[REF_KEY_MAX + 1];
	size_t n = 0;
	int digit = 0;

	if (!ref)
		return NULL;
	for (; *ref; ref++) {
		unsigned char c = (unsigned char)*ref;
		if (c >= 0x80 || !isalnum(c))
			continue;
		if (n == REF_KEY_MAX)
			return NULL;
		digit |= isdigit(c) != 0;
		key[n++] = (char)toupper(c);
	}
	key[n] = '\0';
	return n >= 3 && digit ? xstrdup(key) : NULL;
}

static int
is_alnum(char c)
{
	return (unsigned char)c < 0x80 && isalnum((unsigned char)c);
}

static int
is_sep(char c)
{
	return c == ' ' || c == '-' || c == '/' || c == '.' || c == '_' || c == '\t';
}

/* 1 when the letters and digits of text from its start spell key, then stop (the next one is no letter or digit). */
static int
match_at(const char *t, const char *key)
{
	int seps = 0;

	while (*key) {
		if (is_alnum(*t)) {
			if (toupper((unsigned char)*t) != *key)
				return 0;
			key++;
			seps = 0;
		} else if (!is_sep(*t) || ++seps > SEP_MAX)
			return 0;
		t++;
	}
	return !is_alnum(*t);
}

int
answer_names_ref(const char *text, const char *ref)
{
	char *key = answer_ref_key(ref);
	int found = 0;

	if (!key || !text)
		goto out;
	for (const char *t = text; *t && !found; t++)
		if (toupper((unsigned char)*t) == key[0] && (t == text || !is_alnum(t[-1])))
			found = match_at(t, key);
out:
	free(key);
	return found;
}

/* "ISO/IEC JTC 1/SC 24/WG 9" → "ISO/IEC JTC 1/SC 24": the part before a sub-group's "/SC n", "/WG n"… */
static char *
slash_parent(const char *name)
{
	static const char *const subs[] = {"SC ", "SC", "WG ", "WG", "JWG ", "JWG", "AG ", "AG", "TF ", "TF"};
	const char *sl = strrchr(name, '/');

	if (!sl || sl == name)
		return NULL;
	for (size_t i = 0; i < sizeof(subs) / sizeof(*subs); i++)
		if (str_startswith_ci(sl + 1, subs[i]) && isdigit((unsigned char)sl[1 + strlen(subs[i])]))
			return xstrndup(name, (size_t)(sl - name));
	return NULL;
}

/* "3GPP SA1" → "3GPP TSG SA", "3GPP RAN2" → "3GPP TSG RAN", "3GPP CT4" → "3GPP TSG CT". */
static char *
tsg_parent(const char *name)
{
	static const char *const tsgs[] = {"SA", "RAN", "CT"};

	if (!str_startswith_ci(name, "3GPP "))
		return NULL;
	for (size_t i = 0; i < sizeof(tsgs) / sizeof(*tsgs); i++) {
		size_t n = strlen(tsgs[i]);
		if (str_startswith_ci(name + 5, tsgs[i]) && isdigit((unsigned char)name[5 + n]))
			return xasprintf("3GPP TSG %s", tsgs[i]);
	}
	return NULL;
}

/* "ETSI ISG ARF" → "ETSI", "W3C Metaverse Interoperability CG" → "W3C": a first word the directory knows. */
static char *
word_parent(const struct sdo_dir *d, const char *name)
{
	const char *sp = strchr(name, ' ');
	char *w;

	if (!sp || !d)
		return NULL;
	w = xstrndup(name, (size_t)(sp - name));
	if (sdo_find(d, w) < 0 || strcmp(sdo_canonical(d, w), name) == 0) {
		free(w);
		return NULL;
	}
	return w;
}

void
answer_bodies(const struct sdo_dir *d, const char *body, struct strv *out)
{
	char *cur, *next;
	int depth = 0;

	if (!body || !*body)
		return;
	cur = xstrdup(d && sdo_canonical(d, body) ? sdo_canonical(d, body) : body);
	while (cur && depth++ < 8) {
		const char *canon = d ? sdo_canonical(d, cur) : NULL;
		if (canon && strcmp(canon, cur) != 0) {
			next = xstrdup(canon);
			free(cur);
			cur = next;
		}
		strv_push_unique(out, cur);
		if (!(next = slash_parent(cur)) && !(next = tsg_parent(cur)))
			next = word_parent(d, cur);
		free(cur);
		cur = next;
	}
	free(cur);
}

/* 1 when the ISO date of when (UTC) is on or before the ISO date iso. */
static int
on_or_before(long long when, const char *iso)
{
	char t[21];

	iso8601_utc(when, t);
	return strncmp(t, iso, 10) <= 0;
}

static int
points_at(const struct answer_stmt *s, const struct answer_doc *d)
{
	if (!s->message_id)
		return 0;
	if (d->in_reply_to && strcmp(d->in_reply_to, s->message_id) == 0)
		return 1;
	return d->refs && strv_contains(d->refs, s->message_id);
}

static int
names_it(const struct answer_stmt *s, const struct answer_doc *d)
{
	char *key = answer_ref_key(s->ref);
	int found = 0;

	if (!key)
		return 0;
	for (size_t i = 0; d->replies && i < d->replies->n && !found; i++) {
		char *k = answer_ref_key(d->replies->v[i]);
		found = k && strcmp(k, key) == 0;
		free(k);
	}
	for (size_t i = 0; i < d->ntexts && !found; i++)
		found = d->texts[i] && answer_names_ref(d->texts[i], s->ref);
	free(key);
	return found;
}

enum answer_how
answer_decide(const struct answer_stmt *s, const struct answer_doc *d)
{
	int linked = points_at(s, d) || names_it(s, d);

	/* A roadmap input sent while the statement asked for one is the body's answer, thread or not. */
	if (!linked && d->roadmap && s->deadline && d->date > 0 && (!s->date || d->date >= s->date))
		linked = on_or_before(d->date, s->deadline);
	if (!linked)
		return ANSWER_NONE;
	return d->trusted ? ANSWER_AUTO : ANSWER_CLAIMED;
}

const char *
answer_how_name(enum answer_how h)
{
	switch (h) {
	case ANSWER_AUTO: return "auto";
	case ANSWER_CLAIMED: return "claimed";
	default: return "none";
	}
}
