/* oauth2_parse.c: the token endpoint's JSON answer (RFC 6749 5.1/5.2, RFC 8259), form encoding, renewal times. */
/* SPDX-License-Identifier: Apache-2.0 */
#include <stdlib.h>
#include <string.h>

#include "oauth2.h"
#include "util.h"

#define MAX_DEPTH 16 /* nested values the answer may hold (skipped): deeper is not a token answer */

struct cursor {
	const char *p, *end;
};

static void
skip_ws(struct cursor *c)
{
	while (c->p < c->end && (*c->p == ' ' || *c->p == '\t' || *c->p == '\n' || *c->p == '\r'))
		c->p++;
}

static int
hex4(const char *p, unsigned *out)
{
	unsigned v = 0;

	for (int i = 0; i < 4; i++) {
		char ch = p[i];
		v <<= 4;
		if (ch >= '0' && ch <= '9')
			v |= (unsigned)(ch - '0');
		else if (ch >= 'a' && ch <= 'f')
			v |= (unsigned)(ch - 'a' + 10);
		else if (ch >= 'A' && ch <= 'F')
			v |= (unsigned)(ch - 'A' + 10);
		else
			return -1;
	}
	*out = v;
	return 0;
}

static void
add_utf8(struct buf *b, unsigned cp)
{
	char u[4];

	if (cp < 0x80) {
		buf_addc(b, (char)cp);
		return;
	}
	if (cp < 0x800) {
		u[0] = (char)(0xc0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3f));
		buf_add(b, u, 2);
	} else if (cp < 0x10000) {
		u[0] = (char)(0xe0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[2] = (char)(0x80 | (cp & 0x3f));
		buf_add(b, u, 3);
	} else {
		u[0] = (char)(0xf0 | (cp >> 18));
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[3] = (char)(0x80 | (cp & 0x3f));
		buf_add(b, u, 4);
	}
}

/* One \uXXXX escape (a surrogate pair takes two) after the backslash and 'u'. 0 ok, -1 malformed. */
static int
unicode_escape(struct cursor *c, struct buf *out)
{
	unsigned cp, lo;

	if (c->end - c->p < 4 || hex4(c->p, &cp) != 0)
		return -1;
	c->p += 4;
	if (cp >= 0xd800 && cp < 0xdc00) {
		if (c->end - c->p < 6 || c->p[0] != '\\' || c->p[1] != 'u' || hex4(c->p + 2, &lo) != 0 || lo < 0xdc00 ||
		    lo > 0xdfff)
			return -1;
		c->p += 6;
		cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
	} else if (cp >= 0xdc00 && cp < 0xe000)
		return -1;
	/* A NUL would cut the value short where it is used as a C string. */
	if (cp == 0)
		return -1;
	add_utf8(out, cp);
	return 0;
}

/* A string at c->p (at its opening quote), decoded into out (NULL: skipped). 0 ok, -1 malformed. */
static int
parse_string(struct cursor *c, struct buf *out)
{
	struct buf tmp = {0};
	int rc = -1;

	if (!out)
		out = &tmp;
	if (c->p >= c->end || *c->p != '"')
		goto out;
	c->p++;
	while (c->p < c->end && *c->p != '"') {
		unsigned char ch = (unsigned char)*c->p++;
		if (ch < 0x20)
			goto out;
		if (ch != '\\') {
			buf_addc(out, (char)ch);
			continue;
		}
		if (c->p >= c->end)
			goto out;
		ch = (unsigned char)*c->p++;
		switch (ch) {
		case '"':
		case '\\':
		case '/': buf_addc(out, (char)ch); break;
		case 'b': buf_addc(out, '\b'); break;
		case 'f': buf_addc(out, '\f'); break;
		case 'n': buf_addc(out, '\n'); break;
		case 'r': buf_addc(out, '\r'); break;
		case 't': buf_addc(out, '\t'); break;
		case 'u':
			if (unicode_escape(c, out) != 0)
				goto out;
			break;
		default: goto out;
		}
	}
	if (c->p >= c->end)
		goto out;
	c->p++;
	rc = 0;
out:
	buf_free(&tmp);
	return rc;
}

/* A number, true, false or null: the run of its characters into out (NULL: skipped). 0 ok, -1 malformed. */
static int
parse_scalar(struct cursor *c, struct buf *out)
{
	const char *b = c->p;

	while (c->p < c->end && strchr("0123456789+-.eEtruefalsn", *c->p))
		c->p++;
	if (c->p == b)
		return -1;
	if (out)
		buf_add(out, b, (size_t)(c->p - b));
	return 0;
}

static int skip_value(struct cursor *c, int depth);

/* An object or array at c->p, skipped whole. */
static int
skip_container(struct cursor *c, int depth)
{
	char close = *c->p == '{' ? '}' : ']';
	int first = 1;

	if (depth > MAX_DEPTH)
		return -1;
	c->p++;
	for (;;) {
		skip_ws(c);
		if (c->p < c->end && *c->p == close) {
			c->p++;
			return 0;
		}
		if (!first) {
			if (c->p >= c->end || *c->p != ',')
				return -1;
			c->p++;
			skip_ws(c);
		}
		first = 0;
		if (close == '}') {
			if (parse_string(c, NULL) != 0)
				return -1;
			skip_ws(c);
			if (c->p >= c->end || *c->p != ':')
				return -1;
			c->p++;
		}
		if (skip_value(c, depth + 1) != 0)
			return -1;
	}
}

static int
skip_value(struct cursor *c, int depth)
{
	skip_ws(c);
	if (c->p >= c->end)
		return -1;
	if (*c->p == '"')
		return parse_string(c, NULL);
	if (*c->p == '{' || *c->p == '[')
		return skip_container(c, depth);
	return parse_scalar(c, NULL);
}

/* The member's value, kept when name is one of the reply's fields. */
static int
member(struct cursor *c, const char *name, struct oauth2_reply *r)
{
	char **dst = strcmp(name, "access_token") == 0 ? &r->access_token
	    : strcmp(name, "refresh_token") == 0       ? &r->refresh_token
	    : strcmp(name, "token_type") == 0          ? &r->token_type
	    : strcmp(name, "error") == 0               ? &r->error
	    : strcmp(name, "error_description") == 0   ? &r->error_description
	                                               : NULL;
	struct buf v = {0};
	int rc = -1, is_str;

	skip_ws(c);
	if (!dst && strcmp(name, "expires_in") != 0)
		return skip_value(c, 1);
	is_str = c->p < c->end && *c->p == '"';
	if ((is_str ? parse_string(c, &v) : parse_scalar(c, &v)) != 0)
		goto out;
	if (dst) {
		if (is_str) {
			free(*dst);
			*dst = buf_steal(&v);
		}
	} else if (parse_long(buf_str(&v), 0, 100L * 365 * 86400, &r->expires_in) != 0) {
		/* Some providers send it as a string, others as a number; anything else is no lifetime. */
		r->expires_in = -1;
	}
	rc = 0;
out:
	if (v.s)
		memset(v.s, 0, v.len);
	buf_free(&v);
	return rc;
}

int
oauth2_reply_parse(const char *body, size_t len, struct oauth2_reply *r)
{
	struct cursor c = {body, body + len};
	struct buf name = {0};
	int rc = -1, first = 1;

	memset(r, 0, sizeof(*r));
	r->expires_in = -1;
	skip_ws(&c);
	if (c.p >= c.end || *c.p != '{')
		goto out;
	c.p++;
	for (;;) {
		skip_ws(&c);
		if (c.p < c.end && *c.p == '}') {
			c.p++;
			break;
		}
		if (!first) {
			if (c.p >= c.end || *c.p != ',')
				goto out;
			c.p++;
			skip_ws(&c);
		}
		first = 0;
		buf_reset(&name);
		if (parse_string(&c, &name) != 0)
			goto out;
		skip_ws(&c);
		if (c.p >= c.end || *c.p != ':')
			goto out;
		c.p++;
		if (member(&c, buf_str(&name), r) != 0)
			goto out;
	}
	skip_ws(&c);
	rc = c.p == c.end ? 0 : -1;
out:
	buf_free(&name);
	if (rc != 0)
		oauth2_reply_clear(r);
	return rc;
}

static void
wipe_free(char *s)
{
	if (s) {
		memset(s, 0, strlen(s));
		free(s);
	}
}

void
oauth2_reply_clear(struct oauth2_reply *r)
{
	if (!r)
		return;
	wipe_free(r->access_token);
	wipe_free(r->refresh_token);
	free(r->token_type);
	free(r->error);
	free(r->error_description);
	memset(r, 0, sizeof(*r));
	r->expires_in = -1;
}

static void
form_escape(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";

	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		    strchr("-._~", *p))
			buf_addc(b, (char)*p);
		else {
			buf_addc(b, '%');
			buf_addc(b, hex[*p >> 4]);
			buf_addc(b, hex[*p & 15]);
		}
	}
}

void
oauth2_form_add(struct buf *b, const char *name, const char *value)
{
	if (b->len)
		buf_addc(b, '&');
	form_escape(b, name);
	buf_addc(b, '=');
	form_escape(b, value ? value : "");
}

long long
oauth2_renew_at(long long got, long expires_in)
{
	long margin;

	if (expires_in < 0)
		return got + 3600;
	margin = expires_in / 4 < 60 ? expires_in / 4 : 60;
	return got + expires_in - margin;
}

long
oauth2_backoff(int n, int refused)
{
	long wait = refused ? 60 : 10, max = refused ? 3600 : 600;

	for (int i = 1; i < n && wait < max; i++)
		wait *= 2;
	return wait > max ? max : wait;
}
