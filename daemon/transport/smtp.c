/* smtp.c: the smtp:/smtps: transport over libcurl (RFC 5321, STARTTLS RFC 3207); TLS verified by default. */
/* SPDX-License-Identifier: Apache-2.0 */
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "config.h"
#include "log.h"
#include "oauth2.h"
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

/* The transport's private state (t->priv): one libcurl handle, so that the sends of a cycle share a connection. */
struct smtp {
	CURL *h;
	struct smtp_url url;
	char *setup_err; /* owned: a setting that forbids any send; repeated on every attempt */
	int global;      /* holds one curl_global_init() reference, given back in smtp_state_free() */
	int trace;       /* LIAISOND_SMTP_TRACE: the dialogue at debug level, credentials hidden */
	const struct oauth2_settings *oauth; /* borrowed from the configuration: smtp.oauth2, or mailbox.oauth2 */
	int renewed;                         /* a refused token was renewed already: once per cycle, not per mail */
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
	if (s->global)
		curl_global_cleanup();
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
	/* The room initialises libcurl itself (reference-counted, thread-safe since 7.84): no main() has to. */
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		s->setup_err = xstrdup("smtp: cannot initialise libcurl");
		goto out;
	}
	s->global = 1;
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
		if (c->smtp_oauth2) {
			s->oauth = c->smtp_oauth2->same_as_mailbox ? c->mailbox_oauth2 : c->smtp_oauth2;
			/* OAUTHBEARER (RFC 7628) or XOAUTH2, whichever the server offers; never a password. */
			curl_easy_setopt(s->h, CURLOPT_LOGIN_OPTIONS, "AUTH=OAUTHBEARER;AUTH=XOAUTH2");
		} else
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

/*
 * The access token on the handle: the cached one while it has time left, or (renew) a new one
 * after the server refused the last. TR_OK, or TR_RETRY with *err: the mail stays queued (the token client backs off).
 */
static int
bearer_set(struct smtp *s, int renew, char **err)
{
	char *tok, *terr = NULL;
	int fatal = 0;

	/* Asked before every transaction: a long cycle may outlive a token; the cache answers at once. */
	if (!s->oauth)
		return TR_OK;
	if (renew)
		oauth2_invalidate(s->oauth);
	if (!(tok = oauth2_token(s->oauth, &fatal, &terr))) {
		*err = xasprintf("smtp: %s", terr);
		free(terr);
		return TR_RETRY;
	}
	curl_easy_setopt(s->h, CURLOPT_XOAUTH2_BEARER, tok);
	memset(tok, 0, strlen(tok)); /* libcurl copied it */
	free(tok);
	return TR_OK;
}

/*
 * Checks the envelope and hands it to libcurl. The sender and the list stay the caller's, to free
 * after the transaction (and after taking them back from libcurl). TR_OK, or TR_FAIL with *err.
 */
static int
envelope_set(struct smtp *s, const char *mail_from, const char *const *rcpt, size_t nrcpt, char **from,
    struct curl_slist **to, char **err)
{
	int rc = TR_FAIL;

	/* "": the null reverse-path (RFC 5321 section 4.5.5), so that nothing can bounce back to us. */
	if (*mail_from && !smtp_address_ok(mail_from)) {
		*err = xstrdup("smtp: refusing an envelope sender that is not a plain address (control characters, "
		               "spaces or angle brackets)");
		goto out;
	}
	if (nrcpt == 0) {
		*err = xstrdup("smtp: no recipient");
		goto out;
	}
	for (size_t i = 0; i < nrcpt; i++) {
		char *a;
		if (!smtp_address_ok(rcpt[i])) {
			*err = xasprintf(
			    "smtp: refusing recipient %zu: not a plain address (control characters, spaces or "
			    "angle brackets)",
			    i + 1);
			goto out;
		}
		a = xasprintf("<%s>", rcpt[i]);
		*to = curl_slist_append(*to, a);
		free(a);
	}
	*from = xasprintf("<%s>", mail_from); /* libcurl sends "<>" as MAIL FROM:<> */
	curl_easy_setopt(s->h, CURLOPT_MAIL_FROM, *from);
	curl_easy_setopt(s->h, CURLOPT_MAIL_RCPT, *to);
	rc = TR_OK;
out:
	return rc;
}

/* One transaction, the message read from r; what went wrong is left in s (phase, reply, rcpt, errbuf). */
static CURLcode
transact(struct smtp *s, struct reader *r)
{
	CURLcode cc = CURLE_OK;
	long connects;

	for (int attempt = 0; attempt < 2; attempt++) {
		r->off = 0;
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
		 * or 421; one that reached the server's limit of messages per session gets a 4xx to
		 * MAIL FROM and is closed (OpenSMTPD: "452 Too many messages sent" after 100): a new
		 * session, once. Never after DATA: the server may have taken the message.
		 */
		if (attempt == 0 && connects == 0 && s->phase <= SMTP_P_RCPT && s->phase >= SMTP_P_MAIL &&
		    (s->reply.code == 0 || s->reply.code == 421 ||
		        (s->phase == SMTP_P_MAIL && s->reply.code >= 400 && s->reply.code < 500))) {
			log_debug("smtp: %s ended the session (%s); connecting again", s->url.authority,
			    s->reply.code ? s->reply.text : "dropped while idle");
			curl_easy_setopt(s->h, CURLOPT_FRESH_CONNECT, 1L);
			continue;
		}
		break;
	}
	return cc;
}

/* The operator's message for a transaction that failed with e. Owned. */
static char *
failure_text(const struct config *c, const struct smtp *s, enum smtp_err e, CURLcode cc, const char *mail_from)
{
	struct smtp_failure f = {0};

	f.err = e;
	f.phase = s->phase;
	f.url = &s->url;
	f.user = c->smtp_user ? c->smtp_user : "";
	f.ca_file = c->smtp_tls.ca_file ? c->smtp_tls.ca_file : "";
	f.rcpt = s->rcpt;
	f.mail_from = mail_from;
	f.detail = s->errbuf[0] ? s->errbuf : curl_easy_strerror(cc);
	f.reply = &s->reply;
	f.timeout = s->phase <= SMTP_P_AUTH ? CONNECT_TIMEOUT : REPLY_TIMEOUT;
	return smtp_describe(&f);
}

static int
smtp_send(struct transport *t, const char *mail_from, const char *const *rcpt, size_t nrcpt, const char *data,
    size_t len, const char *key, char **err)
{
	const struct config *c = t->cfg;
	struct smtp *s;
	struct curl_slist *to = NULL;
	struct reader r = {data, len, 0};
	char *from = NULL;
	enum smtp_err e;
	CURLcode cc;
	int rc = TR_RETRY;

	(void)key;
	if (!t->priv)
		t->priv = smtp_state_new(c);
	s = t->priv;
	if (s->setup_err) {
		/* A setting, not the message: keep it queued until the operator fixes it. */
		*err = xstrdup(s->setup_err);
		goto out;
	}
	if ((rc = bearer_set(s, 0, err)) != TR_OK ||
	    (rc = envelope_set(s, mail_from, rcpt, nrcpt, &from, &to, err)) != TR_OK)
		goto out;
	curl_easy_setopt(s->h, CURLOPT_READDATA, &r);
	curl_easy_setopt(s->h, CURLOPT_INFILESIZE_LARGE, (curl_off_t)len);
	cc = transact(s, &r);
	e = smtp_grade(cc, s->phase, &s->reply);
	/* A refused access token (revoked, or expired early): renew it and send once more, on a new connection. */
	if (e == SMTP_E_AUTH && s->oauth && !s->renewed) {
		s->renewed = 1;
		log_notice("smtp: %s refused the access token (%s); renewing it and trying once more", s->url.authority,
		    s->reply.code ? s->reply.text : "no reply");
		if ((rc = bearer_set(s, 1, err)) != TR_OK)
			goto out;
		curl_easy_setopt(s->h, CURLOPT_FRESH_CONNECT, 1L);
		cc = transact(s, &r);
		e = smtp_grade(cc, s->phase, &s->reply);
	}
	if ((rc = smtp_rc(e)) != TR_OK)
		*err = failure_text(c, s, e, cc, mail_from);
out:
	if (s->h) {
		/* The list and the sender are ours and freed below: libcurl must not keep pointers to them. */
		curl_easy_setopt(s->h, CURLOPT_MAIL_RCPT, NULL);
		curl_easy_setopt(s->h, CURLOPT_MAIL_FROM, NULL);
		curl_easy_setopt(s->h, CURLOPT_READDATA, NULL);
	}
	curl_slist_free_all(to);
	free(from);
	return rc;
}

/* libcurl's connect phase for SMTP is the greeting, EHLO, STARTTLS and AUTH: CONNECT_ONLY stops there. */
static int
smtp_probe(struct transport *t, char **err)
{
	struct smtp *s = smtp_state_new(t->cfg);
	enum smtp_err e;
	CURLcode cc;
	int rc = TR_RETRY;

	if (s->setup_err) {
		*err = xstrdup(s->setup_err);
		goto out;
	}
	if ((rc = bearer_set(s, 0, err)) != TR_OK)
		goto out;
	curl_easy_setopt(s->h, CURLOPT_CONNECT_ONLY, 1L);
	s->phase = SMTP_P_CONNECT;
	cc = curl_easy_perform(s->h);
	e = smtp_grade(cc, s->phase, &s->reply);
	if ((rc = smtp_rc(e)) != TR_OK)
		*err = failure_text(t->cfg, s, e, cc, "");
out:
	smtp_state_free(s); /* QUIT */
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
    .probe = smtp_probe,
    .idle = smtp_free, /* the cycle's sends are done: QUIT now, not when the server times us out */
    .free = smtp_free,
    .per_rcpt = 1, /* one transaction per recipient: a refused address never stops the others */
};
