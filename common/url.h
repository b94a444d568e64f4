/* url.h: server URLs split as text, scheme://[user@]host[:port][/path] (RFC 3986); is a host this machine? */
/* SPDX-License-Identifier: Apache-2.0 */
#ifndef LSD_URL_H
#define LSD_URL_H

/* Why a URL does not split. Callers put their setting's name in front of url_err_str(). */
enum url_err {
	URL_OK = 0,
	URL_E_CTL,        /* a control character anywhere */
	URL_E_SCHEME,     /* no "scheme://" in front */
	URL_E_NO_HOST,    /* nothing between "//" and the path, or an empty host ("[]" too) */
	URL_E_IPV6_OPEN,  /* '[' and no ']' */
	URL_E_IPV6_TAIL,  /* after ']' something other than ":PORT" */
	URL_E_PORT_EMPTY, /* ':' and nothing after it */
	URL_E_PORT,       /* not a decimal number from 1 to 65535 */
};

/* The parts, as written: nothing is percent-decoded, nothing resolved. */
struct url {
	char *scheme; /* owned: before "://", as written */
	char *user;   /* owned: the userinfo before the last '@' of the authority (user[:password]), NULL when none */
	char *host;   /* owned: as written; an IPv6 literal keeps its brackets ("[::1]") */
	long port;    /* 0 when the URL names none */
	char *authority; /* owned: host[:port] as written, without the userinfo */
	char *path;      /* owned: all after the authority ('/', '?' or '#' onward), "" when nothing follows */
};

/*
 * Splits s into u: URL_OK, or the first fault. The authority ends at the first '/', '?' or '#'.
 * A control character, no "scheme://" or an empty authority leave u empty (scheme NULL). A fault
 * in host or port leaves scheme, user and path set, so that a caller can name credentials or a
 * bad path first; host and authority are set with URL_OK only. url_clear() u in every case.
 * Plain string work: no name is resolved, no library asked.
 */
enum url_err url_split(const char *s, struct url *u);
void url_clear(struct url *u);           /* frees the parts, not u; accepts NULL */
const char *url_err_str(enum url_err e); /* "no host", "unterminated [IPv6] host", …: static */

/*
 * 1 when host names this machine: "localhost" (any case), an IPv4 address in 127.0.0.0/8 in
 * dotted-quad form, or ::1 with or without brackets. Names that only look like it
 * ("127.0.0.1.example.org", "localhost.example.org") are not. NULL: 0.
 */
int url_host_is_loopback(const char *host);

#endif
