/* trust.c: reading Authentication-Results (RFC 8601) to decide whether the secretariat's From: is its own. */
/* SPDX-License-Identifier: Apache-2.0 */
#include "trust.h"

#include <string.h>
#include <strings.h>

/* A cursor over one header value. */
struct cur {
	const char *p;
};

/* CFWS: white space (folding included) and comments, which nest and may hold quoted pairs. */
static void
skip_cfws(struct cur *c)
{
	int depth = 0;

	for (; *c->p; c->p++) {
		if (*c->p == '\\' && depth > 0 && c->p[1])
			c->p++;
		else if (*c->p == '(')
			depth++;
		else if (*c->p == ')' && depth > 0)
			depth--;
		else if (depth == 0 && !strchr(" \t\r\n", *c->p))
			return;
	}
}

/* A name: method, ptype.property, "reason", "none"; "method/version" keeps only the method. */
static void
read_name(struct cur *c, char *out, size_t size)
{
	size_t n = 0;

	for (; *c->p &&
	     (strchr("._-/", *c->p) || (*c->p >= '0' && *c->p <= '9') ||
	         ((*c->p | 0x20) >= 'a' && (*c->p | 0x20) <= 'z'));
	     c->p++)
		if (n + 1 < size)
			out[n++] = (char)(*c->p | (*c->p >= 'A' && *c->p <= 'Z' ? 0x20 : 0));
	out[n] = '\0';
	out[strcspn(out, "/")] = '\0';
}

/* A value: a quoted string (unquoted here) or a run up to white space, ';' or a comment. */
static void
read_value(struct cur *c, char *out, size_t size)
{
	size_t n = 0;

	if (*c->p == '"') {
		for (c->p++; *c->p && *c->p != '"'; c->p++) {
			if (*c->p == '\\' && c->p[1])
				c->p++;
			if (n + 1 < size)
				out[n++] = *c->p;
		}
		if (*c->p == '"')
			c->p++;
	} else
		for (; *c->p && !strchr(" \t\r\n;()\"", *c->p); c->p++)
			if (n + 1 < size)
				out[n++] = *c->p;
	out[n] = '\0';
}

/* Past the next ';' outside comments and quoted strings: 1, or 0 at the end. */
static int
next_resinfo(struct cur *c)
{
	char scratch[8];

	for (;;) {
		skip_cfws(c);
		if (!*c->p)
			return 0;
		if (*c->p == ';') {
			c->p++;
			return 1;
		}
		if (*c->p == '"')
			read_value(c, scratch, sizeof(scratch));
		else
			c->p++;
	}
}

const char *
trust_domain_of(const char *addr)
{
	const char *at = addr ? strrchr(addr, '@') : NULL;

	return at ? at + 1 : addr ? addr : "";
}

/* header.d=itu.int, header.i=@itu.int, header.from=itu.int (or a whole address): exactly the domain. */
static int
names_domain(const char *prop, const char *value, const char *domain)
{
	const char *d = trust_domain_of(value);
	size_t n = strlen(d);

	if (strcmp(prop, "header.d") != 0 && strcmp(prop, "header.i") != 0 && strcmp(prop, "header.from") != 0)
		return 0;
	if (n > 0 && d[n - 1] == '.') /* a fully qualified name's root */
		n--;
	return n > 0 && n == strlen(domain) && strncasecmp(d, domain, n) == 0;
}

/* What one trusted header says about a domain (dkim and dmarc only). */
struct verdicts {
	int pass;       /* dkim=pass or dmarc=pass */
	int dkim_fail;  /* dkim=fail */
	int dmarc_fail; /* dmarc=fail */
};

/* One resinfo, up to its ';': a dkim or dmarc result naming the domain counts in *v. */
static void
resinfo_read(struct cur *c, const char *domain, struct verdicts *v)
{
	char method[32], result[32], prop[64], value[512];
	int domain_ok = 0;

	skip_cfws(c);
	read_name(c, method, sizeof(method));
	skip_cfws(c);
	if (*c->p != '=')
		return; /* "none", or damage: the caller moves on to the next ';' */
	c->p++;
	skip_cfws(c);
	read_value(c, result, sizeof(result));
	for (;;) {
		skip_cfws(c);
		if (!*c->p || *c->p == ';')
			break;
		read_name(c, prop, sizeof(prop));
		skip_cfws(c);
		if (!prop[0] || *c->p != '=') {
			if (*c->p && *c->p != ';')
				c->p++; /* a stray character: step over it */
			continue;
		}
		c->p++;
		skip_cfws(c);
		read_value(c, value, sizeof(value));
		if (names_domain(prop, value, domain))
			domain_ok = 1;
	}
	if (!domain_ok || (strcmp(method, "dkim") != 0 && strcmp(method, "dmarc") != 0))
		return;
	if (strcasecmp(result, "pass") == 0)
		v->pass = 1;
	else if (strcasecmp(result, "fail") == 0)
		*(method[1] == 'k' ? &v->dkim_fail : &v->dmarc_fail) = 1;
}

/* Adds what value says about domain to *v when its authserv-id is trusted. */
static void
read_header(const char *value, const struct strv *authserv_ids, const char *domain, struct verdicts *v)
{
	struct cur c = {value};
	char id[256];
	int ok = 0;

	if (!value || !authserv_ids || !domain || !*domain)
		return;
	skip_cfws(&c);
	read_value(&c, id, sizeof(id));
	for (size_t i = 0; i < authserv_ids->n && !ok; i++)
		ok = *id && strcasecmp(id, authserv_ids->v[i]) == 0;
	if (!ok)
		return; /* anyone may write this header: only our own MTA's word counts */
	while (next_resinfo(&c))
		resinfo_read(&c, domain, v);
}

int
trust_auth_result(const char *value, const struct strv *authserv_ids, const char *domain)
{
	struct verdicts v = {0};

	read_header(value, authserv_ids, domain, &v);
	return v.pass;
}

int
trust_auth_results(const struct strv *values, const struct strv *authserv_ids, const char *domain)
{
	for (size_t i = 0; values && i < values->n; i++)
		if (trust_auth_result(values->v[i], authserv_ids, domain))
			return 1;
	return 0;
}

int
trust_auth_failed(const struct strv *values, const struct strv *authserv_ids, const char *domain)
{
	struct verdicts v = {0};

	for (size_t i = 0; values && i < values->n; i++)
		read_header(values->v[i], authserv_ids, domain, &v);
	return v.dmarc_fail || (v.dkim_fail && !v.pass);
}
