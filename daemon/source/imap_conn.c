/* imap_conn.c: the IMAP source's libcurl handle (RFC 3501/9051 session, RFC 7628 OAuth): timeouts, requests, errors. */
/* SPDX-License-Identifier: Apache-2.0 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <curl/curl.h>

#include "config.h"
#include "imap_int.h"
#include "log.h"
#include "oauth2.h"
#include "source.h"
#include "util.h"

#define BACKOFF_MIN 60 /* seconds before the first retry after a login was denied */
#define BACKOFF_MAX 3600
#define REQUEST_MIN 300  /* seconds: the least a whole request (a 64 MB fetch on a slow link) may take */
#define REQUEST_MAX 3600 /* and the most, however large mailbox.timeout is */

/* Login denials back off process-wide, keyed by the settings tried: a new source with the same ones waits too. */
static unsigned long long denied_key;
static long long denied_until;
static long denied_wait;
static char denied_msg[512]; /* repeated verbatim while waiting, so the daemon's log_state() logs it once */

static long long
mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static long long
mono_now(void)
{
	return mono_ms() / 1000;
}

static unsigned long long
settings_key(const struct config *cfg)
{
	const struct oauth2_settings *o = cfg->mailbox_oauth2;
	const char *parts[6] = {cfg->mailbox_url, cfg->mailbox_user, cfg->mailbox_password,
	    cfg->mailbox_oauth_token_file, o ? o->token_url : "", o ? o->client_id : ""};
	unsigned long long h = 0xcbf29ce484222325ULL;

	for (int i = 0; i < 6; i++) {
		for (const unsigned char *p = (const unsigned char *)(parts[i] ? parts[i] : ""); *p; p++) {
			h ^= *p;
			h *= 0x100000001b3ULL;
		}
		h ^= 0xff;
		h *= 0x100000001b3ULL;
	}
	return h;
}

static size_t
on_body(char *ptr, size_t size, size_t nmemb, void *arg)
{
	struct imap *im = arg;

	im->heard_ms = mono_ms();
	if (im->body.len + size * nmemb > LSD_MAX_MESSAGE) {
		im->too_big = 1;
		return 0;
	}
	buf_add(&im->body, ptr, size * nmemb);
	return size * nmemb;
}

static size_t
on_header(char *ptr, size_t size, size_t nmemb, void *arg)
{
	struct imap *im = arg;
	size_t n = size * nmemb, i = 0;

	im->heard_ms = mono_ms();
	im->lines++;
	/* Only tagged completions are wanted; a huge "* SEARCH" line must not pile up here. */
	if (n == 0 || ptr[0] == '*' || ptr[0] == '+')
		return n;
	buf_reset(&im->tagged);
	buf_add(&im->tagged, ptr, n);
	while (i < n && ptr[i] != ' ')
		i++;
	if (i + 3 < n && (strncasecmp(ptr + i, " NO ", 4) == 0 || strncasecmp(ptr + i, " BAD ", 5) == 0)) {
		buf_reset(&im->refused);
		buf_add(&im->refused, ptr, n);
	}
	return n;
}

/*
 * The watchdog. libcurl bounds each phase itself (see start_handle()), but after a command
 * timed out it marks the connection closed *without* calling it dead, and so sends LOGOUT
 * and waits the whole response timeout once more for a server that has already shown it
 * is not answering. This callback runs about once a second during those waits and cuts
 * any request in which the server has been silent for the full timeout.
 */
static int
on_progress(void *arg, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal, curl_off_t ulnow)
{
	struct imap *im = arg;

	/* SIGTERM: the message in hand is not finished by a request that may wait a whole timeout. */
	if (im->stop && *im->stop)
		return 1;
	if (mono_ms() - im->heard_ms < im->timeout * 1000)
		return 0;
	im->watchdog = 1;
	return 1;
}

static int
on_trace(CURL *h, curl_infotype type, char *data, size_t size, void *arg)
{
	struct imap *im = arg;
	char *line;

	(void)h;
	/* Not libcurl's farewell LOGOUT after a failure: the command that went unanswered is the one to name. */
	if (type == CURLINFO_HEADER_OUT) {
		char word[sizeof(im->sent)];
		imap_command_word(data, size, word, sizeof(word));
		if (strcasecmp(word, "LOGOUT") != 0)
			memcpy(im->sent, word, sizeof(word));
	}
	if (!im->trace ||
	    (type != CURLINFO_TEXT && type != CURLINFO_HEADER_IN && type != CURLINFO_HEADER_OUT &&
	        type != CURLINFO_DATA_IN))
		return 0;
	while (size && (data[size - 1] == '\n' || data[size - 1] == '\r'))
		size--;
	if (type == CURLINFO_DATA_IN) {
		log_debug("imap: S: [%zu bytes of data]", size);
		return 0;
	}
	/* Never the password, token or SASL exchange: only lines whose command is known to be harmless. */
	if (type == CURLINFO_HEADER_OUT && imap_trace_secret(data, size)) {
		log_debug("imap: C: [%zu bytes not shown]", size);
		return 0;
	}
	/* One log line per trace line, whatever control characters the server sends. */
	line = xstrndup(data, size);
	{
		char *one = str_oneline(line, 300);
		log_debug("imap: %s %s", type == CURLINFO_TEXT ? "*" : type == CURLINFO_HEADER_IN ? "S:" : "C:", one);
		free(one);
	}
	free(line);
	return 0;
}

/* The XOAUTH2 bearer token, re-read every cycle because tokens expire and get rotated. Owned, or NULL with *err. */
static char *
read_token(const char *path, char **err)
{
	char *data = NULL, *ferr = NULL, *tok = NULL, *t;
	size_t len = 0;

	if (file_read(path, 64 * 1024, &data, &len, &ferr) != 0) {
		*err = xasprintf("imap: mailbox.oauth_token_file: %s", ferr);
		goto out;
	}
	/* A NUL would silently cut the token short: the server would then deny a login that looks right. */
	t = memchr(data, '\0', len) ? NULL : str_trim(data);
	if (!t || !*t || str_has_ctl(t))
		*err = xasprintf("imap: mailbox.oauth_token_file %s: expected one token on one line", path);
	else
		tok = xstrdup(t);
out:
	if (data) {
		memset(data, 0, len);
		free(data);
	}
	free(ferr);
	return tok;
}

/* The login: a token from mailbox.oauth2 or oauth_token_file, else the password. SRC_OK, or SRC_* with *err. */
static int
set_credentials(CURL *h, const struct config *cfg, char **err)
{
	char *token = NULL, *terr = NULL;
	int fatal = 0;

	curl_easy_setopt(h, CURLOPT_USERNAME, cfg->mailbox_user);
	if (cfg->mailbox_oauth2) {
		if (!(token = oauth2_token(cfg->mailbox_oauth2, &fatal, &terr))) {
			*err = xasprintf("imap: %s", terr);
			free(terr);
			return fatal ? SRC_FATAL : SRC_RETRY;
		}
	} else if (cfg->mailbox_oauth_token_file && *cfg->mailbox_oauth_token_file) {
		if (!(token = read_token(cfg->mailbox_oauth_token_file, err)))
			return SRC_FATAL;
	}
	if (!token) {
		curl_easy_setopt(h, CURLOPT_PASSWORD, cfg->mailbox_password ? cfg->mailbox_password : "");
		return SRC_OK;
	}
	/*
	 * libcurl picks OAUTHBEARER (RFC 7628) or XOAUTH2, whichever the server offers, in that order;
	 * these two only, so that a server offering neither is a login denial, never a LOGIN with an
	 * empty password.
	 */
	curl_easy_setopt(h, CURLOPT_XOAUTH2_BEARER, token);
	curl_easy_setopt(h, CURLOPT_LOGIN_OPTIONS, "AUTH=OAUTHBEARER;AUTH=XOAUTH2");
	memset(token, 0, strlen(token)); /* libcurl copied it */
	free(token);
	return SRC_OK;
}

static int
start_handle(struct source *s, char **err)
{
	struct imap *im = s->priv;
	const struct config *cfg = s->cfg;
	long timeout = cfg->timeout;
	long whole = timeout * 30 < REQUEST_MIN ? REQUEST_MIN : timeout * 30 > REQUEST_MAX ? REQUEST_MAX : timeout * 30;
	const char *dbg;
	int rc = SRC_FATAL;

	im->timeout = timeout;
	im->heard_ms = mono_ms();
	im->watchdog = 0;
	if (!(im->curl = curl_easy_init())) {
		*err = xstrdup("imap: cannot initialise libcurl");
		goto out;
	}
	curl_easy_setopt(im->curl, CURLOPT_ERRORBUFFER, im->errbuf);
	curl_easy_setopt(im->curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(im->curl, CURLOPT_PROTOCOLS_STR, "imap,imaps");
	if ((rc = set_credentials(im->curl, cfg, err)) != SRC_OK)
		goto out;
	curl_easy_setopt(im->curl, CURLOPT_USE_SSL,
	    (long)(im->url.tls || cfg->mailbox_tls.starttls ? CURLUSESSL_ALL : CURLUSESSL_NONE));
	curl_easy_setopt(im->curl, CURLOPT_SSL_VERIFYPEER, cfg->mailbox_tls.verify ? 1L : 0L);
	curl_easy_setopt(im->curl, CURLOPT_SSL_VERIFYHOST, cfg->mailbox_tls.verify ? 2L : 0L);
	if (cfg->mailbox_tls.ca_file && *cfg->mailbox_tls.ca_file)
		curl_easy_setopt(im->curl, CURLOPT_CAINFO, cfg->mailbox_tls.ca_file);
	/*
	 * Which option bounds which wait (libcurl 7.88):
	 * - CONNECTTIMEOUT: everything before the first command: DNS, TCP, TLS, the greeting,
	 *   CAPABILITY, STARTTLS and the login, together;
	 * - SERVER_RESPONSE_TIMEOUT: each response, from the command sent to its tagged line
	 *   (also the farewell LOGOUT, which the overall TIMEOUT does not cover);
	 * - LOW_SPEED_*: a message body that stalls mid-literal;
	 * - TIMEOUT: the whole request, so that a server dripping a byte a second cannot hold a
	 *   64 MB fetch for weeks; generous, because a big message on a slow link is legitimate;
	 * - on_progress(): the silence after a command timed out (see there).
	 */
	curl_easy_setopt(im->curl, CURLOPT_CONNECTTIMEOUT, timeout);
	curl_easy_setopt(im->curl, CURLOPT_SERVER_RESPONSE_TIMEOUT, timeout);
	curl_easy_setopt(im->curl, CURLOPT_LOW_SPEED_LIMIT, 1L);
	curl_easy_setopt(im->curl, CURLOPT_LOW_SPEED_TIME, timeout);
	curl_easy_setopt(im->curl, CURLOPT_TIMEOUT, whole);
	curl_easy_setopt(im->curl, CURLOPT_XFERINFOFUNCTION, on_progress);
	curl_easy_setopt(im->curl, CURLOPT_XFERINFODATA, im);
	curl_easy_setopt(im->curl, CURLOPT_NOPROGRESS, 0L);
	curl_easy_setopt(im->curl, CURLOPT_TCP_KEEPALIVE, 1L);
	curl_easy_setopt(im->curl, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(im->curl, CURLOPT_WRITEDATA, im);
	curl_easy_setopt(im->curl, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(im->curl, CURLOPT_HEADERDATA, im);
	/*
	 * The debug callback is always on, through a filter: it records which command the server
	 * left unanswered, and logs only on request (libcurl's own verbose output would show the
	 * LOGIN line).
	 */
	dbg = getenv("LIAISOND_IMAP_TRACE");
	im->trace = dbg && *dbg && strcmp(dbg, "0") != 0;
	curl_easy_setopt(im->curl, CURLOPT_DEBUGFUNCTION, on_trace);
	curl_easy_setopt(im->curl, CURLOPT_DEBUGDATA, im);
	curl_easy_setopt(im->curl, CURLOPT_VERBOSE, 1L);
	rc = SRC_OK;
out:
	return rc;
}

void
imap_disconnect(struct imap *im)
{
	if (!im || !im->curl)
		return;
	/*
	 * Cleanup sends LOGOUT on a healthy cached connection. libcurl does it with its internal
	 * closure handle, which copied the response timeout when the last request began: setting
	 * a shorter one here would have no effect; the wait is bounded by mailbox.timeout.
	 */
	curl_easy_cleanup(im->curl);
	im->curl = NULL;
}

/* "host:port" as written in mailbox.url: the server named in messages. */
static const char *
authority(const struct imap *im)
{
	return im->url.base + (im->url.tls ? 8 : 7);
}

/* The message for a server that stopped answering, by how far the conversation got. Owned. */
static char *
timeout_message(struct imap *im, const char *what)
{
	curl_off_t connected = 0, tls = 0;
	const char *srv = authority(im);
	long t = im->timeout;

	curl_easy_getinfo(im->curl, CURLINFO_CONNECT_TIME_T, &connected);
	curl_easy_getinfo(im->curl, CURLINFO_APPCONNECT_TIME_T, &tls);
	switch (imap_stall_phase(connected > 0, im->url.tls, tls > 0, im->lines, im->sent)) {
	case IMAP_STALL_CONNECT:
		return xasprintf("imap: cannot connect to %s: no answer within %ld s (mailbox.timeout)", srv, t);
	case IMAP_STALL_TLS:
		return xasprintf("imap: %s accepted the connection but did not complete the TLS handshake within %ld s "
		                 "(mailbox.timeout)",
		    srv, t);
	case IMAP_STALL_GREETING:
		return xasprintf(
		    "imap: %s accepted the connection but sent no greeting within %ld s (mailbox.timeout)", srv, t);
	case IMAP_STALL_LOGIN:
		return xasprintf("imap: %s stopped answering during the login (%s): nothing within %ld s "
		                 "(mailbox.timeout)",
		    srv, im->sent, t);
	case IMAP_STALL_COMMAND: break;
	}
	return xasprintf("imap: %s: %s stopped answering%s%s: nothing within %ld s (mailbox.timeout)", what, srv,
	    im->sent[0] ? " to " : "", im->sent, t);
}

int
imap_fail(struct source *s, CURLcode cc, const char *what, char **err)
{
	struct imap *im = s->priv;
	const char *host = im->url.host;
	char *said = im->refused.len ? imap_tagged_text(im->refused.s, im->refused.len)
	                             : imap_tagged_text(im->tagged.s, im->tagged.len);
	const char *eb = im->errbuf[0] ? im->errbuf : curl_easy_strerror(cc);
	int rc = SRC_RETRY;

	/* The watchdog's abort is a timeout too; anything else would be graded as a local failure. */
	if (cc == CURLE_ABORTED_BY_CALLBACK && im->watchdog)
		cc = CURLE_OPERATION_TIMEDOUT;
	if (cc == CURLE_OPERATION_TIMEDOUT) {
		im->last_err = IMAP_E_NET;
		*err = timeout_message(im, what);
		goto out;
	}
	switch ((im->last_err = imap_classify(cc, im->errbuf))) {
	case IMAP_E_AUTH:
		*err = xasprintf(
		    "imap: login denied for user %s at %s%s%s", s->cfg->mailbox_user, host, *said ? ": " : "", said);
		rc = SRC_FATAL;
		break;
	case IMAP_E_TLS_VERIFY:
		*err = xasprintf("imap: certificate of %s does not verify: %s; set mailbox.ca_file or "
		                 "mailbox.tls_verify",
		    host, eb);
		rc = SRC_FATAL;
		break;
	case IMAP_E_CA_FILE:
		*err = xasprintf("imap: mailbox.ca_file %s cannot be used: %s", s->cfg->mailbox_tls.ca_file, eb);
		rc = SRC_FATAL;
		break;
	case IMAP_E_STARTTLS:
		*err = xasprintf("imap: %s does not offer STARTTLS; use imaps:// (or, on loopback only, "
		                 "mailbox.starttls = false)",
		    host);
		rc = SRC_FATAL;
		break;
	case IMAP_E_CONFIG:
		*err = xasprintf("imap: %s: %s", im->url.base, eb);
		rc = SRC_FATAL;
		break;
	case IMAP_E_SELECT:
		*err = xasprintf("imap: %s: %s refused the folder%s%s", what, host, *said ? ": " : "", said);
		break;
	case IMAP_E_REFUSED: *err = xasprintf("imap: %s: %s said %s", what, host, *said ? said : "NO"); break;
	case IMAP_E_UIDVALIDITY:
		*err = xasprintf("imap: %s: the folder's UIDVALIDITY changed; it is read again next cycle", what);
		break;
	case IMAP_E_GONE: *err = xasprintf("imap: %s: no such message at %s", what, host); break;
	case IMAP_E_NET: *err = xasprintf("imap: %s at %s: %s", what, authority(im), eb); break;
	}
out:
	free(said);
	return rc;
}

CURLcode
imap_perform(struct imap *im, const char *url, const char *cmd)
{
	/* The last defence: whatever built cmd, a line break never reaches the server. */
	if (cmd && imap_cmd_ok(cmd, strlen(cmd)) != 0)
		return CURLE_BAD_FUNCTION_ARGUMENT;
	buf_reset(&im->body);
	buf_reset(&im->tagged);
	buf_reset(&im->refused);
	im->too_big = 0;
	im->errbuf[0] = '\0';
	im->heard_ms = mono_ms();
	im->lines = 0;
	im->sent[0] = '\0';
	im->watchdog = 0;
	curl_easy_setopt(im->curl, CURLOPT_URL, url);
	curl_easy_setopt(im->curl, CURLOPT_CUSTOMREQUEST, cmd);
	return curl_easy_perform(im->curl);
}

CURLcode
imap_perform_root(struct imap *im, const char *cmd)
{
	/* The root URL: libcurl runs the command without selecting a mailbox. */
	char *url = xasprintf("%s/", im->url.base);
	CURLcode cc = imap_perform(im, url, cmd);

	free(url);
	return cc;
}

CURLcode
imap_perform_in(struct imap *im, const char *folder, unsigned long long uidvalidity, const char *cmd)
{
	char *url = imap_url_mailbox(im->url.base, folder, uidvalidity);
	CURLcode cc = imap_perform(im, url, cmd);

	free(url);
	return cc;
}

int
imap_connect(struct source *s, char **err)
{
	struct imap *im = s->priv;
	int rc;

	if (denied_key == settings_key(s->cfg) && mono_now() < denied_until) {
		log_debug("imap: login was denied; next attempt in %lld s", denied_until - mono_now());
		*err = xstrdup(denied_msg);
		return SRC_FATAL;
	}
	if ((rc = start_handle(s, err)) != SRC_OK)
		return rc;
	im->last_err = IMAP_E_NET;
	return SRC_OK;
}

int
imap_login_outcome(struct source *s, int rc, char **err)
{
	struct imap *im = s->priv;
	unsigned long long key = settings_key(s->cfg);

	if (rc == SRC_FATAL && im->last_err == IMAP_E_AUTH) {
		/* Retrying a denied login every poll_interval can lock the account: back off, doubling. */
		if (denied_key != key)
			denied_wait = 0;
		denied_key = key;
		denied_wait = denied_wait ? denied_wait * 2 : BACKOFF_MIN;
		if (denied_wait > BACKOFF_MAX)
			denied_wait = BACKOFF_MAX;
		denied_until = mono_now() + denied_wait;
		snprintf(denied_msg, sizeof(denied_msg), "%s", *err);
	} else if (rc == SRC_OK && denied_key == key) {
		denied_key = 0;
		denied_wait = 0;
	}
	return rc;
}
