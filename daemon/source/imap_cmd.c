/* imap_cmd.c: the IMAP source's pure helpers: quoting (RFC 3501/9051), URLs (RFC 5092), parsing responses. */
/* SPDX-License-Identifier: Apache-2.0 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>

#include "imap_int.h"
#include "url.h"

int
imap_cmd_ok(const char *cmd, size_t len)
{
	/* libcurl appends CRLF to a custom request: a CR or LF inside would start a second, injected command. */
	if (!cmd || len == 0)
		return -1;
	if (memchr(cmd, '\r', len) || memchr(cmd, '\n', len) || memchr(cmd, '\0', len))
		return -1;
	return 0;
}

int
imap_mailbox_ok(const char *name)
{
	size_t n = 0;

	if (!name || !*name)
		return 0;
	/* Non-ASCII names travel as modified UTF-7 (RFC 3501 §5.1.3): the operator writes them so; never 8-bit. */
	for (; name[n]; n++)
		if ((unsigned char)name[n] < 0x20 || (unsigned char)name[n] > 0x7e)
			return 0;
	return n <= 255;
}

int
imap_keyword_ok(const char *kw)
{
	const unsigned char *p;

	if (!kw || !*kw || *kw == '\\' || strlen(kw) > 64)
		return 0;
	for (p = (const unsigned char *)kw; *p; p++)
		if (*p <= 0x20 || *p >= 0x7f || strchr("(){%*\"\\]", *p))
			return 0;
	return 1;
}

int
imap_quote(struct buf *b, const char *s)
{
	if (!imap_mailbox_ok(s))
		return -1;
	buf_addc(b, '"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			buf_addc(b, '\\');
		buf_addc(b, *s);
	}
	buf_addc(b, '"');
	return 0;
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

void
imap_url_clear(struct imap_url *u)
{
	if (!u)
		return;
	free(u->base);
	free(u->host);
	free(u->folder);
	memset(u, 0, sizeof(*u));
}

int
imap_host_is_loopback(const char *host)
{
	return url_host_is_loopback(host);
}

int
imap_url_parse(const char *url, struct imap_url *u, char **err)
{
	struct url p;
	enum url_err e = url_split(url, &p);
	struct buf folder = {0};
	const char *s;
	int rc = -1;

	memset(u, 0, sizeof(*u));
	if (e == URL_E_CTL) {
		*err = xstrdup("mailbox.url: control characters in the URL");
		goto out;
	}
	if (str_startswith_ci(url, "imaps://"))
		u->tls = 1;
	else if (!str_startswith_ci(url, "imap://")) {
		*err = xstrdup("mailbox.url: expected imap://HOST[:PORT]/FOLDER or imaps://…");
		goto out;
	}
	if (p.user) {
		/* Credentials in a URL end up in logs and process lists: they belong in user and password_file. */
		*err = xstrdup("mailbox.url: no user or password in the URL; set mailbox.user and "
		               "mailbox.password_file");
		goto out;
	}
	if (e == URL_E_PORT || e == URL_E_PORT_EMPTY) {
		*err = xstrdup("mailbox.url: the port is not a number from 1 to 65535");
		goto out;
	}
	if (e != URL_OK) {
		*err = xasprintf("mailbox.url: %s", url_err_str(e));
		goto out;
	}
	if (strpbrk(p.path, "?#;")) {
		*err = xstrdup("mailbox.url: no query, fragment or ;parameters: only imap[s]://HOST[:PORT]/FOLDER");
		goto out;
	}
	for (s = *p.path == '/' ? p.path + 1 : p.path; *s; s++) {
		if (*s == '%') {
			int hi = hexval((unsigned char)s[1]), lo = hi < 0 ? -1 : hexval((unsigned char)s[2]);
			if (hi < 0 || lo < 0) {
				*err = xstrdup("mailbox.url: bad %-escape in the folder");
				goto out;
			}
			buf_addc(&folder, (char)(hi * 16 + lo));
			s += 2;
		} else {
			buf_addc(&folder, *s);
		}
	}
	if (folder.len && folder.s[folder.len - 1] == '/')
		folder.s[--folder.len] = '\0';
	if (folder.len == 0)
		buf_adds(&folder, "INBOX");
	if (strlen(buf_str(&folder)) != folder.len || !imap_mailbox_ok(buf_str(&folder))) {
		*err = xstrdup("mailbox.url: the folder must be printable ASCII (modified UTF-7 for other names)");
		goto out;
	}
	u->folder = buf_steal(&folder);
	u->host = xstrdup(p.host);
	u->base = xasprintf("%s%s", u->tls ? "imaps://" : "imap://", p.authority);
	rc = 0;
out:
	buf_free(&folder);
	url_clear(&p);
	return rc;
}

void
imap_url_escape(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";

	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
			buf_addc(b, (char)c);
		} else {
			buf_addc(b, '%');
			buf_addc(b, hex[c >> 4]);
			buf_addc(b, hex[c & 15]);
		}
	}
}

char *
imap_url_mailbox(const char *base, const char *folder, unsigned long long uidvalidity)
{
	struct buf b = {0};

	buf_adds(&b, base);
	buf_addc(&b, '/');
	imap_url_escape(&b, folder);
	if (uidvalidity)
		buf_printf(&b, ";UIDVALIDITY=%llu", uidvalidity);
	return buf_steal(&b);
}

char *
imap_url_fetch(const char *base, const char *folder, unsigned long long uidvalidity, unsigned long long uid)
{
	struct buf b = {0};

	buf_adds(&b, base);
	buf_addc(&b, '/');
	imap_url_escape(&b, folder);
	if (uidvalidity)
		buf_printf(&b, ";UIDVALIDITY=%llu", uidvalidity);
	buf_printf(&b, "/;UID=%llu", uid);
	return buf_steal(&b);
}

void
imap_uids_push(struct imap_uids *u, unsigned long long uid)
{
	if (u->n == u->cap) {
		u->cap = u->cap ? u->cap * 2 : 64;
		u->v = xrealloc(u->v, u->cap * sizeof(*u->v));
	}
	u->v[u->n++] = uid;
}

void
imap_uids_free(struct imap_uids *u)
{
	if (!u)
		return;
	free(u->v);
	memset(u, 0, sizeof(*u));
}

static int
cmp_uid(const void *a, const void *b)
{
	unsigned long long x = *(const unsigned long long *)a, y = *(const unsigned long long *)b;
	return x < y ? -1 : x > y;
}

/* Calls fn on each line of resp (without CR LF) until it returns non-zero; returns that value. */
static int
each_line(const char *resp, size_t len, int (*fn)(const char *line, size_t n, void *arg), void *arg)
{
	const char *p = resp, *end = resp + len;
	int rc = 0;

	while (p < end && rc == 0) {
		const char *nl = memchr(p, '\n', end - p);
		const char *le = nl ? nl : end;
		size_t n = le - p;
		if (n && p[n - 1] == '\r')
			n--;
		rc = fn(p, n, arg);
		p = nl ? nl + 1 : end;
	}
	return rc;
}

/* Case-insensitive prefix match of an untagged response name: "* WORD" followed by space or end. */
static size_t
untagged(const char *line, size_t n, const char *word)
{
	size_t wl = strlen(word);

	if (n < 2 + wl || memcmp(line, "* ", 2) != 0 || strncasecmp(line + 2, word, wl) != 0)
		return 0;
	if (n > 2 + wl && line[2 + wl] != ' ')
		return 0;
	return 2 + wl;
}

/* A decimal number at *p (advanced past it); -1 when none or too large for a UID or UIDVALIDITY. */
static int
take_number(const char **p, const char *end, unsigned long long *out)
{
	unsigned long long v = 0;
	const char *s = *p;

	if (s >= end || !isdigit((unsigned char)*s))
		return -1;
	for (; s < end && isdigit((unsigned char)*s); s++) {
		v = v * 10 + (unsigned)(*s - '0');
		if (v > UINT32_MAX * 16ULL)
			return -1;
	}
	*p = s;
	*out = v;
	return 0;
}

struct search_ctx {
	unsigned long long lo, hi;
	struct imap_uids *out;
	int seen;
};

static int
search_line(const char *line, size_t n, void *arg)
{
	struct search_ctx *c = arg;
	const char *p, *end = line + n;
	size_t off = untagged(line, n, "SEARCH");

	if (!off)
		return 0;
	c->seen = 1;
	for (p = line + off; p < end;) {
		unsigned long long uid;
		if (*p == ' ') {
			p++;
			continue;
		}
		if (*p == '(') /* (MODSEQ n) from CONDSTORE closes the list */
			break;
		if (take_number(&p, end, &uid) != 0) {
			while (p < end && *p != ' ')
				p++;
			continue;
		}
		if (uid >= c->lo && (c->hi == 0 || uid <= c->hi))
			imap_uids_push(c->out, uid);
	}
	return 0;
}

int
imap_parse_search(const char *resp, size_t len, unsigned long long lo, unsigned long long hi, struct imap_uids *out)
{
	struct search_ctx c = {lo, hi, out, 0};
	size_t i, j;

	out->n = 0;
	if (!resp)
		return -1;
	each_line(resp, len, search_line, &c);
	if (!c.seen)
		return -1;
	if (out->n > 1)
		qsort(out->v, out->n, sizeof(*out->v), cmp_uid);
	for (i = j = 0; i < out->n; i++)
		if (j == 0 || out->v[j - 1] != out->v[i])
			out->v[j++] = out->v[i];
	out->n = j;
	return 0;
}

struct status_ctx {
	unsigned long long uidvalidity, uidnext;
	int seen;
};

static int
status_line(const char *line, size_t n, void *arg)
{
	struct status_ctx *c = arg;
	const char *p, *end = line + n, *open = NULL;

	if (!untagged(line, n, "STATUS"))
		return 0;
	/* The attribute list is the last parenthesis: the mailbox name before it may hold '(' itself. */
	for (p = line; p < end; p++)
		if (*p == '(')
			open = p;
	if (!open)
		return 0;
	for (p = open + 1; p < end && *p != ')';) {
		const char *w = p;
		size_t wl;
		unsigned long long v;
		while (p < end && *p != ' ' && *p != ')')
			p++;
		wl = p - w;
		while (p < end && *p == ' ')
			p++;
		if (take_number(&p, end, &v) != 0)
			return 0;
		if (wl == 11 && strncasecmp(w, "UIDVALIDITY", 11) == 0) {
			c->uidvalidity = v;
			c->seen = 1;
		} else if (wl == 7 && strncasecmp(w, "UIDNEXT", 7) == 0) {
			c->uidnext = v;
		}
		while (p < end && *p == ' ')
			p++;
	}
	return c->seen;
}

int
imap_parse_status(const char *resp, size_t len, unsigned long long *uidvalidity, unsigned long long *uidnext)
{
	struct status_ctx c = {0, 0, 0};

	if (!resp)
		return -1;
	each_line(resp, len, status_line, &c);
	if (!c.seen || c.uidvalidity == 0)
		return -1;
	*uidvalidity = c.uidvalidity;
	*uidnext = c.uidnext;
	return 0;
}

struct cap_ctx {
	const char *cap;
};

static int
cap_line(const char *line, size_t n, void *arg)
{
	struct cap_ctx *c = arg;
	const char *p, *end = line + n;
	size_t off = untagged(line, n, "CAPABILITY"), cl = strlen(c->cap);

	if (!off) {
		const char *code = NULL;
		for (p = line; p + 12 <= end; p++)
			if (strncasecmp(p, "[CAPABILITY ", 12) == 0) {
				code = p;
				break;
			}
		if (!code)
			return 0;
		off = code + 11 - line;
		for (p = code; p < end; p++)
			if (*p == ']') {
				end = p;
				break;
			}
	}
	for (p = line + off; p < end;) {
		const char *w;
		while (p < end && *p == ' ')
			p++;
		w = p;
		while (p < end && *p != ' ')
			p++;
		if ((size_t)(p - w) == cl && strncasecmp(w, c->cap, cl) == 0)
			return 1;
	}
	return 0;
}

int
imap_has_capability(const char *resp, size_t len, const char *cap)
{
	struct cap_ctx c = {cap};

	if (!resp || !cap || !*cap)
		return 0;
	return each_line(resp, len, cap_line, &c) == 1;
}

static int
list_line(const char *line, size_t n, void *arg)
{
	(void)arg;
	return untagged(line, n, "LIST") ? 1 : 0;
}

int
imap_has_list(const char *resp, size_t len)
{
	return resp && each_line(resp, len, list_line, NULL) == 1;
}

char *
imap_key_make(const char *folder, unsigned long long uidvalidity, unsigned long long uid)
{
	return xasprintf("%s/%llu/%llu", folder, uidvalidity, uid);
}

/* The number after the last '/' before end; sets *slash to that '/'. */
static int
key_tail(const char *key, const char *end, const char **slash, unsigned long long *out)
{
	const char *p = end, *q;

	while (p > key && p[-1] != '/')
		p--;
	if (p == key || p == end)
		return -1;
	q = p;
	if (take_number(&q, end, out) != 0 || q != end || *out == 0)
		return -1;
	*slash = p - 1;
	return 0;
}

int
imap_key_parse(const char *key, char **folder, unsigned long long *uidvalidity, unsigned long long *uid)
{
	const char *s1, *s2;
	char *f;

	if (!key || key_tail(key, key + strlen(key), &s1, uid) != 0 || key_tail(key, s1, &s2, uidvalidity) != 0)
		return -1;
	f = xstrndup(key, s2 - key);
	if (!imap_mailbox_ok(f)) {
		free(f);
		return -1;
	}
	*folder = f;
	return 0;
}

void
imap_quarantine_tag(const char *key, char out[IMAP_QTAG_LEN + 1])
{
	/* FNV-1a: a stable name from the key alone, so requeue needs nothing but the key the store kept. */
	uint64_t h = 0xcbf29ce484222325ULL;
	const unsigned char *p;
	static const char hex[] = "0123456789abcdef";
	int i;

	for (p = (const unsigned char *)(key ? key : ""); *p; p++) {
		h ^= *p;
		h *= 0x100000001b3ULL;
	}
	memcpy(out, "$LsdQ", 5);
	for (i = 0; i < 16; i++)
		out[5 + i] = hex[(h >> (60 - 4 * i)) & 15];
	out[IMAP_QTAG_LEN] = '\0';
}

struct tagged_ctx {
	const char *line;
	size_t n;
};

static int
tagged_line(const char *line, size_t n, void *arg)
{
	struct tagged_ctx *c = arg;

	if (n && line[0] != '*' && line[0] != '+') {
		c->line = line;
		c->n = n;
	}
	return 0;
}

char *
imap_tagged_text(const char *lines, size_t len)
{
	struct tagged_ctx c = {NULL, 0};
	char *tmp, *out;
	size_t sp;

	if (!lines)
		return xstrdup("");
	each_line(lines, len, tagged_line, &c);
	if (!c.line)
		return xstrdup("");
	sp = 0;
	while (sp < c.n && c.line[sp] != ' ')
		sp++;
	while (sp < c.n && c.line[sp] == ' ')
		sp++;
	tmp = xstrndup(c.line + sp, c.n - sp);
	out = str_oneline(tmp, 300);
	free(tmp);
	return out;
}

enum imap_err
imap_classify(int curlcode, const char *errbuf)
{
	errbuf = errbuf ? errbuf : "";
	switch (curlcode) {
	case CURLE_LOGIN_DENIED:
		/* libcurl 7.88 reports a refused SELECT as a login denial; only the message tells them apart. */
		return strncmp(errbuf, "Select failed", 13) == 0 ? IMAP_E_SELECT : IMAP_E_AUTH;
	case CURLE_PEER_FAILED_VERIFICATION: /* also CURLE_SSL_CACERT */
	case CURLE_SSL_ISSUER_ERROR:
	case CURLE_SSL_PINNEDPUBKEYNOTMATCH: return IMAP_E_TLS_VERIFY;
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_CRL_BADFILE: return IMAP_E_CA_FILE;
	case CURLE_USE_SSL_FAILED: return IMAP_E_STARTTLS;
	case CURLE_UNSUPPORTED_PROTOCOL:
	case CURLE_URL_MALFORMAT:
	case CURLE_NOT_BUILT_IN:
	case CURLE_FAILED_INIT:
	case CURLE_BAD_FUNCTION_ARGUMENT:
	case CURLE_UNKNOWN_OPTION:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_ENGINE_NOTFOUND:
	case CURLE_SSL_ENGINE_SETFAILED:
	case CURLE_SSL_CIPHER: return IMAP_E_CONFIG;
	case CURLE_REMOTE_FILE_NOT_FOUND: return strstr(errbuf, "UIDVALIDITY") ? IMAP_E_UIDVALIDITY : IMAP_E_GONE;
	case CURLE_QUOTE_ERROR:
	case CURLE_REMOTE_ACCESS_DENIED: return IMAP_E_REFUSED;
	default: return IMAP_E_NET;
	}
}

int
imap_trace_secret(const char *line, size_t len)
{
	static const char *const safe[] = {
	    "CAPABILITY", "STARTTLS", "SELECT", "EXAMINE", "STATUS", "UID", "LIST", "CREATE", "LOGOUT", "NOOP", NULL};
	size_t i = 0, w;
	int k;

	/* Whitelist, not blacklist: a SASL continuation line has no command word at all and must stay hidden. */
	while (i < len && isalnum((unsigned char)line[i]))
		i++;
	if (i == 0 || i >= len || line[i] != ' ')
		return 1;
	i++;
	for (w = i; w < len && isalpha((unsigned char)line[w]);)
		w++;
	for (k = 0; safe[k]; k++)
		if (strlen(safe[k]) == w - i && strncasecmp(line + i, safe[k], w - i) == 0)
			return 0;
	return 1;
}

int
imap_list_name_ok(const char *name)
{
	return imap_mailbox_ok(name) && !strpbrk(name, "*%");
}

void
imap_command_word(const char *line, size_t len, char *out, size_t outsz)
{
	size_t i = 0, w;

	if (outsz == 0)
		return;
	/* Only the word, never its arguments: LOGIN's are the user name and the password. */
	while (i < len && isalnum((unsigned char)line[i]))
		i++;
	if (i == 0 || i >= len || line[i] != ' ') {
		/* Not "tag WORD": a SASL continuation, which only the login sends. */
		snprintf(out, outsz, "%s", "AUTHENTICATE");
		return;
	}
	for (w = ++i; w < len && w - i < outsz - 1 && isalpha((unsigned char)line[w]);)
		w++;
	snprintf(out, outsz, "%.*s", (int)(w - i), line + i);
}

enum imap_stall
imap_stall_phase(int connected, int tls, int tls_done, size_t lines, const char *sent)
{
	if (!connected && !lines)
		return IMAP_STALL_CONNECT;
	if (tls && !tls_done && !lines)
		return IMAP_STALL_TLS;
	if (!lines && (!sent || !*sent))
		return IMAP_STALL_GREETING;
	if (sent &&
	    (strcasecmp(sent, "LOGIN") == 0 || strcasecmp(sent, "AUTHENTICATE") == 0 ||
	        strcasecmp(sent, "STARTTLS") == 0))
		return IMAP_STALL_LOGIN;
	return IMAP_STALL_COMMAND;
}

size_t
imap_finish_mark(const unsigned long long *v, unsigned char *finished, size_t adv, size_t pos, unsigned long long uid)
{
	size_t i;

	/* Only a UID handed out and not yet counted: anything else must not move the state. */
	for (i = adv; i < pos; i++)
		if (v[i] == uid) {
			finished[i] = 1;
			break;
		}
	while (adv < pos && finished[adv] == 1)
		adv++;
	return adv;
}
