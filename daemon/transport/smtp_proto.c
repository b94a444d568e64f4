/* smtp_proto.c: the SMTP transport's pure helpers: smtp.url, envelope addresses, the dialogue's phases and replies,
 * and what a failure means for the message and the operator (RFC 5321, enhanced codes RFC 3463). */
/* SPDX-License-Identifier: Apache-2.0 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>

#include "smtp_int.h"
#include "transport.h"
#include "url.h"
#include "util.h"

void
smtp_url_clear(struct smtp_url *u)
{
	if (!u)
		return;
	free(u->authority);
	free(u->host);
	memset(u, 0, sizeof(*u));
}

/* An EHLO name: a domain or an address literal, nothing libcurl would decode into something else. */
static int
ehlo_name_ok(const char *s, size_t n)
{
	if (n > 255)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && !strchr(".-[]:", s[i]))
			return 0;
	return 1;
}

int
smtp_url_parse(const char *url, struct smtp_url *u, char **err)
{
	struct url p;
	enum url_err e = url_split(url, &p);
	const char *name;
	int rc = -1;

	memset(u, 0, sizeof(*u));
	if (e == URL_E_CTL) {
		*err = xstrdup("smtp.url: control characters in the URL");
		goto out;
	}
	if (str_startswith_ci(url, "smtps://"))
		u->tls = 1;
	else if (!str_startswith_ci(url, "smtp://")) {
		*err = xstrdup("smtp.url: expected smtp://HOST[:PORT] or smtps://HOST[:PORT]");
		goto out;
	}
	/* In the order smtp.url's faults have always been named: nothing split, credentials, path, host and port. */
	if (e != URL_OK && !p.scheme) {
		*err = xasprintf("smtp.url: %s", url_err_str(e));
		goto out;
	}
	if (p.user) {
		*err = xstrdup("smtp.url: no user or password in the URL; set smtp.user and smtp.password_file");
		goto out;
	}
	if (strpbrk(p.path, "?#")) {
		*err = xstrdup("smtp.url: no query or fragment is allowed");
		goto out;
	}
	name = *p.path == '/' ? p.path + 1 : p.path;
	if (!ehlo_name_ok(name, strlen(name))) {
		*err = xstrdup("smtp.url: the path is the name given in EHLO: letters, digits, '.', '-' only");
		goto out;
	}
	if (e != URL_OK) {
		*err = xasprintf("smtp.url: %s", url_err_str(e));
		goto out;
	}
	u->host = xstrdup(p.host);
	u->authority = xasprintf("%s:%ld", p.host, p.port ? p.port : u->tls ? 465 : 25);
	rc = 0;
out:
	url_clear(&p);
	return rc;
}

int
smtp_address_ok(const char *a)
{
	return transport_address_ok(a);
}

int
smtp_phase_of(const char *line, size_t len)
{
	static const struct {
		const char *verb;
		enum smtp_phase ph;
	} verbs[] = {
	    {"EHLO", SMTP_P_EHLO},
	    {"HELO", SMTP_P_EHLO},
	    {"STARTTLS", SMTP_P_STARTTLS},
	    {"AUTH", SMTP_P_AUTH},
	    {"MAIL", SMTP_P_MAIL},
	    {"RCPT", SMTP_P_RCPT},
	    {"DATA", SMTP_P_DATA},
	    {"QUIT", SMTP_P_QUIT},
	};

	for (size_t i = 0; i < sizeof(verbs) / sizeof(*verbs); i++) {
		size_t n = strlen(verbs[i].verb);
		if (len >= n && strncasecmp(line, verbs[i].verb, n) == 0 &&
		    (len == n || line[n] == ' ' || line[n] == '\r' || line[n] == '\n'))
			return (int)verbs[i].ph;
	}
	return -1;
}

const char *
smtp_phase_name(enum smtp_phase ph)
{
	switch (ph) {
	case SMTP_P_CONNECT: return "the greeting";
	case SMTP_P_EHLO: return "EHLO";
	case SMTP_P_STARTTLS: return "STARTTLS";
	case SMTP_P_AUTH: return "AUTH";
	case SMTP_P_MAIL: return "MAIL FROM";
	case SMTP_P_RCPT: return "RCPT TO";
	case SMTP_P_DATA: return "DATA";
	case SMTP_P_BODY: return "the end of the message";
	case SMTP_P_QUIT: return "QUIT";
	}
	return "?";
}

/* Appends to the reply's text, printable ASCII only, cut at SMTP_REPLY_MAX. */
static void
reply_add(struct smtp_reply *r, const char *p, size_t len)
{
	size_t n = strlen(r->text);

	for (size_t i = 0; i < len && n < SMTP_REPLY_MAX; i++) {
		unsigned char c = (unsigned char)p[i];
		r->text[n++] = (char)(c >= 0x20 && c < 0x7f ? c : '?');
	}
	r->text[n] = '\0';
}

void
smtp_reply_line(struct smtp_reply *r, const char *line, size_t len)
{
	int code;

	while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
		len--;
	if (len < 3 || !isdigit((unsigned char)line[0]) || !isdigit((unsigned char)line[1]) ||
	    !isdigit((unsigned char)line[2]) || (len > 3 && line[3] != ' ' && line[3] != '-'))
		return;
	code = (line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0');
	if (r->done || r->code != code || !r->text[0]) {
		/* A new reply: the last one is what an operator needs to see. */
		r->code = code;
		r->text[0] = '\0';
		reply_add(r, line, 3);
	}
	r->done = len == 3 || line[3] == ' ';
	/* Continuation lines repeat the code: it is kept once, the texts joined with a space. */
	if (len > 4) {
		reply_add(r, " ", 1);
		reply_add(r, line + 4, len - 4);
	}
}

/* The enhanced status code (RFC 3463) at the start of a reply's text: "5.7.0", or "". */
static void
enhanced(const struct smtp_reply *r, char out[16])
{
	const char *t = r->text + (strlen(r->text) > 4 ? 4 : strlen(r->text));
	size_t n = strspn(t, "0123456789.");

	out[0] = '\0';
	if (n >= 5 && n < 16 && (t[n] == ' ' || t[n] == '\0')) {
		memcpy(out, t, n);
		out[n] = '\0';
	}
}

enum smtp_err
smtp_grade(CURLcode cc, enum smtp_phase ph, const struct smtp_reply *r)
{
	char enh[16];

	if (cc == CURLE_OK)
		return SMTP_E_OK;
	switch (cc) {
	case CURLE_LOGIN_DENIED: return SMTP_E_AUTH;
	case CURLE_PEER_FAILED_VERIFICATION: return SMTP_E_TLS_VERIFY;
	case CURLE_SSL_CACERT_BADFILE: return SMTP_E_CA_FILE;
	case CURLE_USE_SSL_FAILED: return SMTP_E_STARTTLS;
	case CURLE_COULDNT_CONNECT:
	case CURLE_COULDNT_RESOLVE_HOST: return SMTP_E_CONNECT;
	case CURLE_OPERATION_TIMEDOUT: return SMTP_E_TIMEOUT;
	default: break;
	}
	enhanced(r, enh);
	if (r->code == 530 || strcmp(enh, "5.7.0") == 0)
		return SMTP_E_NEED_AUTH;
	/* A 4xx to RCPT or to the message is about this recipient; before, it is the server's (busy, a limit). */
	if (r->code >= 400 && r->code < 500)
		return ph == SMTP_P_RCPT || ph == SMTP_P_DATA || ph == SMTP_P_BODY ? SMTP_E_DEFERRED : SMTP_E_BUSY;
	if (r->code >= 500 && r->code < 600) {
		/* Only the replies about this message are final for it; the rest is the server or our settings. */
		if (ph == SMTP_P_MAIL || ph == SMTP_P_RCPT || ph == SMTP_P_DATA || ph == SMTP_P_BODY)
			return SMTP_E_REFUSED;
		if (ph == SMTP_P_AUTH)
			return SMTP_E_AUTH;
		return SMTP_E_SERVER;
	}
	return SMTP_E_NET;
}

int
smtp_rc(enum smtp_err e)
{
	if (e == SMTP_E_OK)
		return TR_OK;
	if (e == SMTP_E_REFUSED)
		return TR_FAIL;
	return e == SMTP_E_DEFERRED ? TR_DEFER : TR_RETRY;
}

char *
smtp_describe(const struct smtp_failure *f)
{
	const char *srv = f->url->authority, *what = smtp_phase_name(f->phase);
	const char *said = f->reply && f->reply->code ? f->reply->text : "";
	const char *sep = *said ? ": " : "";
	const char *detail = f->detail && *f->detail ? f->detail : "failed";

	switch (f->err) {
	case SMTP_E_OK: return xstrdup("smtp: sent");
	case SMTP_E_REFUSED:
		if (f->phase == SMTP_P_RCPT)
			return xasprintf("smtp: %s refused the recipient <%s>%s%s", srv, f->rcpt, sep, said);
		if (f->phase == SMTP_P_MAIL)
			return xasprintf("smtp: %s refused the sender <%s>%s%s", srv, f->mail_from, sep, said);
		return xasprintf("smtp: %s refused the message (at %s)%s%s", srv, what, sep, said);
	case SMTP_E_DEFERRED:
	case SMTP_E_BUSY:
		if (f->phase == SMTP_P_RCPT)
			return xasprintf(
			    "smtp: %s deferred the recipient <%s> (will retry)%s%s", srv, f->rcpt, sep, said);
		return xasprintf("smtp: %s deferred the message at %s (will retry)%s%s", srv, what, sep, said);
	case SMTP_E_AUTH: return xasprintf("smtp: login denied for user %s at %s%s%s", f->user, srv, sep, said);
	case SMTP_E_NEED_AUTH:
		return xasprintf(
		    "smtp: %s wants a login at %s; set smtp.user and smtp.password_file%s%s", srv, what, sep, said);
	case SMTP_E_TLS_VERIFY:
		return xasprintf("smtp: certificate of %s does not verify: %s; set smtp.ca_file or smtp.tls_verify",
		    f->url->host, detail);
	case SMTP_E_CA_FILE: return xasprintf("smtp: smtp.ca_file %s cannot be used: %s", f->ca_file, detail);
	case SMTP_E_STARTTLS:
		return xasprintf("smtp: %s does not offer STARTTLS; use smtps:// (or, on loopback only, "
		                 "smtp.starttls = false)",
		    srv);
	case SMTP_E_CONNECT: return xasprintf("smtp: cannot connect to %s: %s", srv, detail);
	case SMTP_E_TIMEOUT:
		if (f->phase == SMTP_P_CONNECT)
			return xasprintf("smtp: %s: no greeting or TLS handshake within %ld s", srv, f->timeout);
		return xasprintf("smtp: %s stopped answering after %s: nothing within %ld s", srv, what, f->timeout);
	case SMTP_E_SERVER: return xasprintf("smtp: %s refused %s%s%s", srv, what, sep, said);
	case SMTP_E_NET: break;
	}
	return xasprintf("smtp: %s: %s (at %s)%s%s", srv, detail, what, sep, said);
}
