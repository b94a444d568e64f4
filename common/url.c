/* url.c: server URLs split as text, scheme://[user@]host[:port][/path] (RFC 3986); is a host this machine? */
/* SPDX-License-Identifier: Apache-2.0 */
#include "url.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util.h"

/* The port after ':', digits only (strtol would let "+25" and " 25" through), from 1 to 65535. */
static enum url_err
port_parse(const char *p, const char *end, long *port)
{
	long v = 0;

	if (p == end)
		return URL_E_PORT_EMPTY;
	for (; p < end; p++) {
		if (*p < '0' || *p > '9')
			return URL_E_PORT;
		v = v * 10 + (*p - '0');
		if (v > 65535)
			return URL_E_PORT;
	}
	if (v < 1)
		return URL_E_PORT;
	*port = v;
	return URL_OK;
}

/* host[:port] between a and end (no userinfo left): fills u->host, u->port, u->authority. */
static enum url_err
hostport_split(const char *a, const char *end, struct url *u)
{
	const char *host_end, *port = NULL;
	enum url_err e;

	if (*a == '[') {
		const char *close = memchr(a, ']', end - a);
		if (!close)
			return URL_E_IPV6_OPEN;
		host_end = close + 1;
		if (host_end < end && *host_end != ':')
			return URL_E_IPV6_TAIL;
	} else {
		host_end = memchr(a, ':', end - a);
		if (!host_end)
			host_end = end;
	}
	if (host_end == a || (host_end - a == 2 && *a == '['))
		return URL_E_NO_HOST;
	if (host_end < end)
		port = host_end + 1;
	if (port && (e = port_parse(port, end, &u->port)) != URL_OK)
		return e;
	u->host = xstrndup(a, host_end - a);
	u->authority = xstrndup(a, end - a);
	return URL_OK;
}

enum url_err
url_split(const char *s, struct url *u)
{
	const char *sep, *auth, *end, *at = NULL;

	memset(u, 0, sizeof(*u));
	if (!s || str_has_ctl(s))
		return URL_E_CTL;
	if (!(sep = strstr(s, "://")) || sep == s || strcspn(s, "/?#") < (size_t)(sep - s))
		return URL_E_SCHEME;
	auth = sep + 3;
	end = auth + strcspn(auth, "/?#");
	if (end == auth)
		return URL_E_NO_HOST;
	/* The parts around the host first: a caller may name credentials or a bad path before a bad port. */
	u->scheme = xstrndup(s, sep - s);
	u->path = xstrdup(end);
	/* RFC 3986 3.2.1: the userinfo ends at the authority's last '@' (a password may hold one). */
	for (const char *p = auth; p < end; p++)
		if (*p == '@')
			at = p;
	if (at)
		u->user = xstrndup(auth, at - auth);
	return hostport_split(at ? at + 1 : auth, end, u);
}

void
url_clear(struct url *u)
{
	if (!u)
		return;
	free(u->scheme);
	free(u->user);
	free(u->host);
	free(u->authority);
	free(u->path);
	memset(u, 0, sizeof(*u));
}

const char *
url_err_str(enum url_err e)
{
	switch (e) {
	case URL_OK: return "ok";
	case URL_E_CTL: return "control characters in the URL";
	case URL_E_SCHEME: return "expected scheme://host";
	case URL_E_NO_HOST: return "no host";
	case URL_E_IPV6_OPEN: return "unterminated [IPv6] host";
	case URL_E_IPV6_TAIL: return "expected :PORT after the [IPv6] host";
	case URL_E_PORT_EMPTY: return "expected a port number after ':'";
	case URL_E_PORT: return "the port must be a number from 1 to 65535";
	}
	return "malformed URL";
}

int
url_host_is_loopback(const char *host)
{
	char inner[INET6_ADDRSTRLEN + 1];
	struct in_addr a4;
	struct in6_addr a6;
	size_t n;

	if (!host)
		return 0;
	if (strcasecmp(host, "localhost") == 0)
		return 1;
	/* inet_pton() takes the dotted quad only: "127.1" and "127.0.0.1.example.org" are not addresses here. */
	if (inet_pton(AF_INET, host, &a4) == 1)
		return (ntohl(a4.s_addr) >> 24) == 127;
	n = strlen(host);
	if (n >= 2 && host[0] == '[' && host[n - 1] == ']') {
		if (n - 2 >= sizeof(inner))
			return 0;
		memcpy(inner, host + 1, n - 2);
		inner[n - 2] = '\0';
		host = inner;
	}
	return inet_pton(AF_INET6, host, &a6) == 1 && IN6_IS_ADDR_LOOPBACK(&a6);
}
