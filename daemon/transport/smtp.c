/* smtp.c: the smtp:/smtps: transport over libcurl (RFC 5321, STARTTLS RFC 3207); TLS verified by default. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>

#include "config.h"
#include "log.h"
#include "smtp_int.h"
#include "transport.h"
#include "url.h"
#include "util.h"

/*
 * Waits, in seconds. CONNECT covers what libcurl does before MAIL FROM: TCP, TLS, the greeting,
 * EHLO, STARTTLS and AUTH. REPLY bounds each later reply; RFC 5321 section 4.5.3.2 asks clients
 * for minutes, and 120 s is what a healthy server never needs while a stuck one does not hold the
 * cycle for long. MESSAGE bounds one whole transaction against a server that drips bytes.
 */
#define CONNECT_TIMEOUT 30L
#define REPLY_TIMEOUT 120L
#define MESSAGE_TIMEOUT 600L
/* A connection idle this long is not reused: the sends of one cycle share one, the next cycle dials again. */
#define REUSE_MAX_IDLE 30L

/* ---- pure helpers (smtp_int.h) ---- */

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
	const char *at;
	size_t n;

	if (!a)
		return 0;
	n = strlen(a);
	if (n == 0 || n > 320 || str_has_ctl(a) || strpbrk(a, " <>"))
		return 0;
	at = strrchr(a, '@');
	return at && at != a && at[1] != '\0';
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
	if (r->code >= 400 && r->code < 500)
		return SMTP_E_DEFERRED;
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
	return e == SMTP_E_REFUSED ? TR_FAIL : TR_RETRY;
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

/* ---- the transport ---- */

/* The transport's private state (t->priv): one libcurl handle, so that the sends of a cycle share a connection. */
struct smtp {
	CURL *h;
	struct smtp_url url;
	char *setup_err; /* owned: a setting that forbids any send; repeated on every attempt */
	int trace;       /* LIAISOND_SMTP_TRACE: the dialogue at debug level, credentials hidden */
	/* per transaction, from the debug callback */
	enum smtp_phase phase;
	int quitting; /* QUIT sent: what follows is no longer about the message */
	struct smtp_reply reply;
	char rcpt[321];
	char errbuf[CURL_ERROR_SIZE];
};

struct reader {
	const char *data;
	size_t len, off;
};

static size_t
read_cb(char *ptr, size_t size, size_t nmemb, void *arg)
{
	struct reader *r = arg;
	size_t n = size * nmemb;

	if (n > r->len - r->off)
		n = r->len - r->off;
	memcpy(ptr, r->data + r->off, n);
	r->off += n;
	return n;
}

/* One client command: its phase, and the recipient a refusal will be about. AUTH lines never leave this function. */
static void
on_command(struct smtp *s, const char *line, size_t len)
{
	int ph = smtp_phase_of(line, len);

	/* After a refusal libcurl says QUIT: the 221 that follows must not hide the refusal. */
	if (ph == SMTP_P_QUIT)
		s->quitting = 1;
	else if (ph >= 0 && !s->quitting)
		s->phase = (enum smtp_phase)ph;
	if (ph == SMTP_P_RCPT) {
		const char *lt = memchr(line, '<', len), *gt = lt ? memchr(lt, '>', len - (lt - line)) : NULL;
		size_t n = lt && gt ? (size_t)(gt - lt - 1) : 0;
		if (n >= sizeof(s->rcpt))
			n = sizeof(s->rcpt) - 1;
		memcpy(s->rcpt, lt ? lt + 1 : "", n);
		s->rcpt[n] = '\0';
	}
	if (s->trace) {
		if (s->phase == SMTP_P_AUTH)
			log_debug(
			    "smtp: C: %s", ph == SMTP_P_AUTH ? "AUTH (credentials hidden)" : "(credentials hidden)");
		else
			log_debug("smtp: C: %.*s", (int)(len > 200 ? 200 : len), line);
	}
}

static int
on_debug(CURL *h, curl_infotype type, char *data, size_t size, void *arg)
{
	struct smtp *s = arg;
	size_t i = 0;

	(void)h;
	if (type != CURLINFO_HEADER_IN && type != CURLINFO_HEADER_OUT)
		return 0;
	/* One callback may carry several lines. */
	while (i < size) {
		const char *nl = memchr(data + i, '\n', size - i);
		size_t n = nl ? (size_t)(nl - (data + i)) + 1 : size - i, m = n;
		while (m && (data[i + m - 1] == '\n' || data[i + m - 1] == '\r'))
			m--;
		if (type == CURLINFO_HEADER_OUT)
			on_command(s, data + i, m);
		else if (!s->quitting) {
			smtp_reply_line(&s->reply, data + i, m);
			/* After 354 the message goes out; the next reply is about all of it. */
			if (s->phase == SMTP_P_DATA && s->reply.code == 354 && s->reply.done)
				s->phase = SMTP_P_BODY;
			if (s->trace)
				log_debug("smtp: S: %.*s", (int)(m > 300 ? 300 : m), data + i);
		} else if (s->trace)
			log_debug("smtp: S: %.*s", (int)(m > 300 ? 300 : m), data + i);
		i += n;
	}
	return 0;
}

static void
smtp_state_free(struct smtp *s)
{
	if (!s)
		return;
	/* Sends QUIT on a connection still open. */
	if (s->h)
		curl_easy_cleanup(s->h);
	smtp_url_clear(&s->url);
	free(s->setup_err);
	free(s);
}

/* Settings are read once per transport (a reload makes a new one). Always returns the state; setup_err says if it is
 * usable. */
static struct smtp *
smtp_state_new(const struct config *c)
{
	struct smtp *s = xcalloc(1, sizeof(*s));
	const char *tr = getenv("LIAISOND_SMTP_TRACE");
	char *err = NULL;

	s->trace = tr && *tr && strcmp(tr, "0") != 0;
	if (smtp_url_parse(c->smtp_url, &s->url, &err) != 0) {
		s->setup_err = xasprintf("smtp: %s", err);
		goto out;
	}
	if (!s->url.tls && !c->smtp_tls.starttls && !url_host_is_loopback(s->url.host)) {
		/* Plain text would carry the mail, and the password if any, over the network. */
		s->setup_err = xasprintf("smtp: smtp.starttls = false sends mail in clear text: allowed only to "
		                         "loopback, not to %s; use smtps:// or STARTTLS",
		    s->url.host);
		goto out;
	}
	if (!(s->h = curl_easy_init())) {
		s->setup_err = xstrdup("smtp: cannot initialise libcurl");
		goto out;
	}
	curl_easy_setopt(s->h, CURLOPT_URL, c->smtp_url);
	curl_easy_setopt(s->h, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	curl_easy_setopt(s->h, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(s->h, CURLOPT_READFUNCTION, read_cb);
	curl_easy_setopt(s->h, CURLOPT_ERRORBUFFER, s->errbuf);
	curl_easy_setopt(s->h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(s->h, CURLOPT_CONNECTTIMEOUT, CONNECT_TIMEOUT);
	curl_easy_setopt(s->h, CURLOPT_SERVER_RESPONSE_TIMEOUT, REPLY_TIMEOUT);
	curl_easy_setopt(s->h, CURLOPT_LOW_SPEED_LIMIT, 1L);
	curl_easy_setopt(s->h, CURLOPT_LOW_SPEED_TIME, REPLY_TIMEOUT);
	curl_easy_setopt(s->h, CURLOPT_TIMEOUT, MESSAGE_TIMEOUT);
	curl_easy_setopt(s->h, CURLOPT_MAXAGE_CONN, REUSE_MAX_IDLE);
	curl_easy_setopt(s->h, CURLOPT_TCP_KEEPALIVE, 1L);
	curl_easy_setopt(s->h, CURLOPT_SSL_VERIFYPEER, c->smtp_tls.verify ? 1L : 0L);
	curl_easy_setopt(s->h, CURLOPT_SSL_VERIFYHOST, c->smtp_tls.verify ? 2L : 0L);
	if (c->smtp_tls.ca_file && *c->smtp_tls.ca_file)
		curl_easy_setopt(s->h, CURLOPT_CAINFO, c->smtp_tls.ca_file);
	/* smtps:// is TLS from the first byte; smtp:// must upgrade unless plain text was allowed above. */
	curl_easy_setopt(
	    s->h, CURLOPT_USE_SSL, s->url.tls || c->smtp_tls.starttls ? (long)CURLUSESSL_ALL : (long)CURLUSESSL_NONE);
	if (c->smtp_user && *c->smtp_user) {
		curl_easy_setopt(s->h, CURLOPT_USERNAME, c->smtp_user);
		curl_easy_setopt(s->h, CURLOPT_PASSWORD, c->smtp_password ? c->smtp_password : "");
	}
	/* Always on, through on_debug(): it sees the replies libcurl keeps to itself, and logs only when asked. */
	curl_easy_setopt(s->h, CURLOPT_DEBUGFUNCTION, on_debug);
	curl_easy_setopt(s->h, CURLOPT_DEBUGDATA, s);
	curl_easy_setopt(s->h, CURLOPT_VERBOSE, 1L);
out:
	free(err);
	return s;
}

static int
smtp_send(struct transport *t, const char *mail_from, const char *const *rcpt, size_t nrcpt, const char *data,
    size_t len, const char *key, char **err)
{
	const struct config *c = t->cfg;
	struct smtp *s;
	struct curl_slist *to = NULL;
	struct reader r = {data, len, 0};
	struct smtp_failure f = {0};
	char *from = NULL;
	long connects = 0;
	CURLcode cc = CURLE_OK;
	int rc = TR_RETRY;

	if (!t->priv)
		t->priv = smtp_state_new(c);
	s = t->priv;
	if (s->setup_err) {
		/* A setting, not the message: keep it queued until the operator fixes it. */
		*err = xstrdup(s->setup_err);
		goto out;
	}
	if (!smtp_address_ok(mail_from)) {
		*err = xstrdup("smtp: refusing an envelope sender that is not a plain address (control characters, "
		               "spaces or angle brackets)");
		rc = TR_FAIL;
		goto out;
	}
	if (nrcpt == 0) {
		*err = xstrdup("smtp: no recipient");
		rc = TR_FAIL;
		goto out;
	}
	for (size_t i = 0; i < nrcpt; i++) {
		char *a;
		if (!smtp_address_ok(rcpt[i])) {
			*err = xasprintf(
			    "smtp: refusing recipient %zu: not a plain address (control characters, spaces or "
			    "angle brackets)",
			    i + 1);
			rc = TR_FAIL;
			goto out;
		}
		a = xasprintf("<%s>", rcpt[i]);
		to = curl_slist_append(to, a);
		free(a);
	}
	from = xasprintf("<%s>", mail_from);
	curl_easy_setopt(s->h, CURLOPT_MAIL_FROM, from);
	curl_easy_setopt(s->h, CURLOPT_MAIL_RCPT, to);
	curl_easy_setopt(s->h, CURLOPT_READDATA, &r);
	curl_easy_setopt(s->h, CURLOPT_INFILESIZE_LARGE, (curl_off_t)len);
	for (int attempt = 0; attempt < 2; attempt++) {
		r.off = 0;
		s->phase = SMTP_P_CONNECT;
		s->quitting = 0;
		memset(&s->reply, 0, sizeof(s->reply));
		s->rcpt[0] = '\0';
		s->errbuf[0] = '\0';
		cc = curl_easy_perform(s->h);
		curl_easy_setopt(s->h, CURLOPT_FRESH_CONNECT, 0L);
		if (cc == CURLE_OK)
			break;
		connects = 0;
		curl_easy_getinfo(s->h, CURLINFO_NUM_CONNECTS, &connects);
		/*
		 * A reused connection the server dropped while idle fails at MAIL FROM with nothing
		 * or 421: dial again once. Never after DATA: the server may have taken the message.
		 */
		if (attempt == 0 && connects == 0 && s->phase <= SMTP_P_RCPT && s->phase >= SMTP_P_MAIL &&
		    (s->reply.code == 0 || s->reply.code == 421)) {
			log_debug("smtp: %s dropped the idle connection; connecting again", s->url.authority);
			curl_easy_setopt(s->h, CURLOPT_FRESH_CONNECT, 1L);
			continue;
		}
		break;
	}
	f.err = smtp_grade(cc, s->phase, &s->reply);
	if ((rc = smtp_rc(f.err)) == TR_OK)
		goto out;
	f.phase = s->phase;
	f.url = &s->url;
	f.user = c->smtp_user ? c->smtp_user : "";
	f.ca_file = c->smtp_tls.ca_file ? c->smtp_tls.ca_file : "";
	f.rcpt = s->rcpt;
	f.mail_from = mail_from;
	f.detail = s->errbuf[0] ? s->errbuf : curl_easy_strerror(cc);
	f.reply = &s->reply;
	f.timeout = s->phase <= SMTP_P_AUTH ? CONNECT_TIMEOUT : REPLY_TIMEOUT;
	*err = smtp_describe(&f);
out:
	if (s && s->h) {
		/* The list and the sender are ours and freed below: libcurl must not keep pointers to them. */
		curl_easy_setopt(s->h, CURLOPT_MAIL_RCPT, NULL);
		curl_easy_setopt(s->h, CURLOPT_MAIL_FROM, NULL);
		curl_easy_setopt(s->h, CURLOPT_READDATA, NULL);
	}
	curl_slist_free_all(to);
	free(from);
	(void)key;
	return rc;
}

static void
smtp_free(struct transport *t)
{
	if (!t)
		return;
	smtp_state_free(t->priv);
	t->priv = NULL;
}

const struct transport_ops smtp_transport_ops = {
    .name = "smtp",
    .send = smtp_send,
    .idle = smtp_free, /* the cycle's sends are done: QUIT now, not when the server times us out */
    .free = smtp_free,
};
