/* imap.c: the imap:/imaps: source over libcurl (RFC 3501/9051, MOVE RFC 6851, UIDPLUS RFC 4315); marks after commit. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <curl/curl.h>

#include "config.h"
#include "imap_int.h"
#include "log.h"
#include "source.h"
#include "store.h"
#include "util.h"

/*
 * One cycle: open() logs in and asks STATUS (UIDVALIDITY UIDNEXT) of the first folder; a
 * folder whose UIDNEXT is not past the highest UID done costs nothing more. Otherwise the
 * UIDs above it that lack the keyword are searched in windows of fetch_chunk UIDs (a window
 * that finds nothing doubles, so a sparse UID space costs few searches), and each message
 * is fetched with the URL form. The store's per-folder state (UIDVALIDITY, last UID) only
 * advances over UIDs that done() or quarantine() finished, in order; a message the
 * pipeline gave up on stops the advance, so it comes back next cycle.
 *
 * Source key: "FOLDER/UIDVALIDITY/UID" (read from the right: folders may hold '/').
 */

#define MAX_MESSAGE (64u * 1024 * 1024) /* as the maildir source: larger mail is quarantined unread */
#define BACKOFF_MIN 60                  /* seconds before the first retry after a login was denied */
#define BACKOFF_MAX 3600

enum phase { PH_STATUS, PH_WINDOWS };

struct folder {
	char *name; /* owned */
	int outgoing;
};

struct imap {
	CURL *curl;
	char errbuf[CURL_ERROR_SIZE];
	struct buf body;    /* untagged lines of a custom request, or a fetched message */
	int too_big;        /* the body passed MAX_MESSAGE: the write callback stopped the transfer */
	struct buf tagged;  /* the last tagged response line of the last request (header callback) */
	struct buf refused; /* the last tagged NO/BAD: libcurl LOGOUTs after a refusal, so "last" is not it */
	struct imap_url url;
	char *keyword; /* owned */
	struct folder *folders;
	size_t nfolders;
	enum imap_err last_err; /* the class of the last failure, for the login back-off */

	/* This cycle. */
	int caps_known, cap_move, cap_uidplus;
	struct strv present; /* destination folders seen to exist this cycle */
	size_t fi;           /* the folder being read */
	enum phase phase;
	int have_status; /* open() already asked the first folder's STATUS */
	unsigned long long uidvalidity, uidnext, last;
	unsigned long long wstart, wend, wwidth;
	int wlast, wfirst;       /* the window is open-ended (n:*); no window searched yet */
	struct imap_uids uids;   /* the window's UIDs */
	unsigned char *finished; /* per UID of the window: done() or quarantine() returned */
	size_t pos, adv;         /* next to hand out; first not finished */
	int stuck;               /* a message was left unfinished: the folder's state stops here this cycle */
};

/* Login denials back off process-wide, keyed by the settings tried: a new source with the same ones waits too. */
static unsigned long long denied_key;
static long long denied_until;
static long denied_wait;
static char denied_msg[512]; /* repeated verbatim while waiting, so the daemon's log_state() logs it once */

static long long
mono_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

static unsigned long long
settings_key(const struct config *cfg)
{
	const char *parts[4] = {
	    cfg->mailbox_url, cfg->mailbox_user, cfg->mailbox_password, cfg->mailbox_oauth_token_file};
	unsigned long long h = 0xcbf29ce484222325ULL;

	for (int i = 0; i < 4; i++) {
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

	if (im->body.len + size * nmemb > MAX_MESSAGE) {
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

static int
on_trace(CURL *h, curl_infotype type, char *data, size_t size, void *arg)
{
	int n;

	(void)h;
	(void)arg;
	while (size && (data[size - 1] == '\n' || data[size - 1] == '\r'))
		size--;
	n = (int)(size > 300 ? 300 : size);
	if (type == CURLINFO_TEXT) {
		log_debug("imap: * %.*s", n, data);
	} else if (type == CURLINFO_HEADER_IN) {
		log_debug("imap: S: %.*s", n, data);
	} else if (type == CURLINFO_HEADER_OUT) {
		/* Never the password, token or SASL exchange: only lines whose command is known to be harmless. */
		if (imap_trace_secret(data, size))
			log_debug("imap: C: [%zu bytes not shown]", size);
		else
			log_debug("imap: C: %.*s", n, data);
	} else if (type == CURLINFO_DATA_IN) {
		log_debug("imap: S: [%zu bytes of data]", size);
	}
	return 0;
}

static void
cycle_reset(struct imap *im)
{
	im->caps_known = im->cap_move = im->cap_uidplus = 0;
	strv_free(&im->present);
	im->fi = 0;
	im->phase = PH_STATUS;
	im->have_status = 0;
	im->uids.n = 0;
	free(im->finished);
	im->finished = NULL;
	im->pos = im->adv = 0;
	im->stuck = 0;
}

static void
imap_close(struct source *s)
{
	struct imap *im = s->priv;

	if (!im)
		return;
	/* Cleanup sends LOGOUT on the cached connection. */
	if (im->curl)
		curl_easy_cleanup(im->curl);
	im->curl = NULL;
	cycle_reset(im);
	buf_free(&im->body);
	buf_free(&im->tagged);
	buf_free(&im->refused);
}

static void
imap_free(struct source *s)
{
	struct imap *im = s->priv;

	if (!im)
		return;
	imap_close(s);
	imap_url_clear(&im->url);
	free(im->keyword);
	for (size_t i = 0; i < im->nfolders; i++)
		free(im->folders[i].name);
	free(im->folders);
	imap_uids_free(&im->uids);
	free(im);
	s->priv = NULL;
}

static void
add_folder(struct imap *im, const char *name, int outgoing)
{
	for (size_t i = 0; i < im->nfolders; i++)
		if (strcmp(im->folders[i].name, name) == 0) {
			im->folders[i].outgoing |= outgoing;
			return;
		}
	im->folders = xrealloc(im->folders, (im->nfolders + 1) * sizeof(*im->folders));
	im->folders[im->nfolders].name = xstrdup(name);
	im->folders[im->nfolders].outgoing = outgoing;
	im->nfolders++;
}

static int
watched(const struct imap *im, const char *name)
{
	for (size_t i = 0; i < im->nfolders; i++)
		if (strcmp(im->folders[i].name, name) == 0)
			return 1;
	return 0;
}

/* The settings, checked once: everything that later goes into a command is validated here. SRC_OK or SRC_FATAL. */
static int
setup(struct source *s, char **err)
{
	const struct config *cfg = s->cfg;
	struct imap *im;
	const char *mark = cfg->mark && *cfg->mark ? cfg->mark : "keyword";
	const char *kw = cfg->keyword && *cfg->keyword ? cfg->keyword : "$Filed";
	const char *filed = cfg->filed_folder && *cfg->filed_folder ? cfg->filed_folder : "Filed";
	const char *quar = cfg->quarantine_folder && *cfg->quarantine_folder ? cfg->quarantine_folder : "Quarantine";
	char *uerr = NULL;
	size_t i;

	if (s->priv)
		return SRC_OK;
	im = xcalloc(1, sizeof(*im));
	s->priv = im;
	if (imap_url_parse(cfg->mailbox_url, &im->url, &uerr) != 0) {
		*err = xasprintf("imap: %s", uerr);
		free(uerr);
		goto fail;
	}
	if (!imap_keyword_ok(kw)) {
		*err = xasprintf("imap: mailbox.keyword \"%s\" is not an IMAP keyword (letters, digits, $ …)", kw);
		goto fail;
	}
	im->keyword = xstrdup(kw);
	if (strcmp(mark, "keyword") != 0 && strcmp(mark, "move") != 0) {
		*err = xstrdup("imap: mailbox.mark: expected \"keyword\" or \"move\"");
		goto fail;
	}
	add_folder(im, im->url.folder, 0);
	for (i = 0; i < cfg->folders.n; i++)
		add_folder(im, cfg->folders.v[i], 0);
	for (i = 0; i < cfg->sent_folders.n; i++)
		add_folder(im, cfg->sent_folders.v[i], 1);
	for (i = 0; i < im->nfolders; i++)
		if (!imap_mailbox_ok(im->folders[i].name)) {
			*err = xasprintf("imap: folder \"%s\": names must be printable ASCII (modified UTF-7 for "
			                 "others)",
			    im->folders[i].name);
			goto fail;
		}
	if (!imap_mailbox_ok(filed) || !imap_mailbox_ok(quar)) {
		*err = xstrdup("imap: mailbox.filed_folder and mailbox.quarantine_folder must be printable ASCII");
		goto fail;
	}
	/* Watching the folder mail is moved to would file it again and move it onto itself, forever. */
	if (watched(im, quar) || (strcmp(mark, "move") == 0 && watched(im, filed))) {
		*err = xasprintf("imap: the folder \"%s\" is both watched and a destination "
		                 "(filed_folder/quarantine_folder)",
		    watched(im, quar) ? quar : filed);
		goto fail;
	}
	if (!cfg->mailbox_user || !*cfg->mailbox_user) {
		*err = xstrdup("imap: mailbox.user is not set");
		goto fail;
	}
	/* libcurl quotes LOGIN arguments but does not refuse CR/LF in them: they would end the command. */
	if (str_has_ctl(cfg->mailbox_user) || str_has_ctl(cfg->mailbox_password)) {
		*err = xstrdup("imap: mailbox.user or the password holds control characters");
		goto fail;
	}
	if (!im->url.tls && !cfg->mailbox_tls.starttls && !imap_host_is_loopback(im->url.host)) {
		*err = xasprintf("imap: mailbox.starttls = false sends the password in clear text: allowed only to "
		                 "loopback, not to %s; use imaps:// or STARTTLS",
		    im->url.host);
		goto fail;
	}
	return SRC_OK;
fail:
	imap_free(s);
	return SRC_FATAL;
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
	t = str_trim(data);
	if (!*t || str_has_ctl(t))
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

static int
start_handle(struct source *s, char **err)
{
	struct imap *im = s->priv;
	const struct config *cfg = s->cfg;
	long timeout = cfg->timeout > 0 ? cfg->timeout : 60;
	char *token = NULL;
	const char *dbg;
	int rc = SRC_FATAL;

	if (!(im->curl = curl_easy_init())) {
		*err = xstrdup("imap: cannot initialise libcurl");
		goto out;
	}
	curl_easy_setopt(im->curl, CURLOPT_ERRORBUFFER, im->errbuf);
	curl_easy_setopt(im->curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(im->curl, CURLOPT_PROTOCOLS_STR, "imap,imaps");
	curl_easy_setopt(im->curl, CURLOPT_USERNAME, cfg->mailbox_user);
	if (cfg->mailbox_oauth_token_file && *cfg->mailbox_oauth_token_file) {
		if (!(token = read_token(cfg->mailbox_oauth_token_file, err)))
			goto out;
		/* libcurl then picks OAUTHBEARER or XOAUTH2, whichever the server offers. */
		curl_easy_setopt(im->curl, CURLOPT_XOAUTH2_BEARER, token);
	} else {
		curl_easy_setopt(im->curl, CURLOPT_PASSWORD, cfg->mailbox_password ? cfg->mailbox_password : "");
	}
	curl_easy_setopt(im->curl, CURLOPT_USE_SSL,
	    (long)(im->url.tls || cfg->mailbox_tls.starttls ? CURLUSESSL_ALL : CURLUSESSL_NONE));
	curl_easy_setopt(im->curl, CURLOPT_SSL_VERIFYPEER, cfg->mailbox_tls.verify ? 1L : 0L);
	curl_easy_setopt(im->curl, CURLOPT_SSL_VERIFYHOST, cfg->mailbox_tls.verify ? 2L : 0L);
	if (cfg->mailbox_tls.ca_file && *cfg->mailbox_tls.ca_file)
		curl_easy_setopt(im->curl, CURLOPT_CAINFO, cfg->mailbox_tls.ca_file);
	/* Connect, each server response and a stalled body get the timeout; a big message may take longer overall. */
	curl_easy_setopt(im->curl, CURLOPT_CONNECTTIMEOUT, timeout);
	curl_easy_setopt(im->curl, CURLOPT_SERVER_RESPONSE_TIMEOUT, timeout);
	curl_easy_setopt(im->curl, CURLOPT_LOW_SPEED_LIMIT, 1L);
	curl_easy_setopt(im->curl, CURLOPT_LOW_SPEED_TIME, timeout);
	curl_easy_setopt(im->curl, CURLOPT_TCP_KEEPALIVE, 1L);
	curl_easy_setopt(im->curl, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(im->curl, CURLOPT_WRITEDATA, im);
	curl_easy_setopt(im->curl, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(im->curl, CURLOPT_HEADERDATA, im);
	/* Tracing only on request, and through a filter: libcurl's own verbose output would show the LOGIN line. */
	if ((dbg = getenv("LIAISOND_IMAP_TRACE")) && *dbg && strcmp(dbg, "0") != 0) {
		curl_easy_setopt(im->curl, CURLOPT_DEBUGFUNCTION, on_trace);
		curl_easy_setopt(im->curl, CURLOPT_VERBOSE, 1L);
	}
	rc = SRC_OK;
out:
	if (token) {
		/* libcurl copied it. */
		memset(token, 0, strlen(token));
		free(token);
	}
	return rc;
}

/*
 * Turns a failed request into the graded result with an operator's message. what says what
 * was attempted ("STATUS of INBOX"). Returns SRC_RETRY or SRC_FATAL; *err owned.
 */
static int
fail(struct source *s, CURLcode cc, const char *what, char **err)
{
	struct imap *im = s->priv;
	const char *host = im->url.host;
	char *said = im->refused.len ? imap_tagged_text(im->refused.s, im->refused.len)
	                             : imap_tagged_text(im->tagged.s, im->tagged.len);
	const char *eb = im->errbuf[0] ? im->errbuf : curl_easy_strerror(cc);
	int rc = SRC_RETRY;

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
	case IMAP_E_NET: *err = xasprintf("imap: %s at %s: %s", what, host, eb); break;
	}
	free(said);
	return rc;
}

/* One request on the cycle's handle: a custom command (cmd) on url, or a URL fetch (cmd NULL). */
static CURLcode
perform(struct imap *im, const char *url, const char *cmd)
{
	/* The last defence: whatever built cmd, a line break never reaches the server. */
	if (cmd && imap_cmd_ok(cmd, strlen(cmd)) != 0)
		return CURLE_BAD_FUNCTION_ARGUMENT;
	buf_reset(&im->body);
	buf_reset(&im->tagged);
	buf_reset(&im->refused);
	im->too_big = 0;
	im->errbuf[0] = '\0';
	curl_easy_setopt(im->curl, CURLOPT_URL, url);
	curl_easy_setopt(im->curl, CURLOPT_CUSTOMREQUEST, cmd);
	return curl_easy_perform(im->curl);
}

/* A custom command outside any mailbox (STATUS, LIST, CREATE, CAPABILITY): the root URL leaves the selection. */
static CURLcode
perform_root(struct imap *im, const char *cmd)
{
	char *url = xasprintf("%s/", im->url.base);
	CURLcode cc = perform(im, url, cmd);

	free(url);
	return cc;
}

/* A custom command inside folder: libcurl SELECTs it first when needed (and checks uidvalidity when non-zero). */
static CURLcode
perform_in(struct imap *im, const char *folder, unsigned long long uidvalidity, const char *cmd)
{
	char *url = imap_url_mailbox(im->url.base, folder, uidvalidity);
	CURLcode cc = perform(im, url, cmd);

	free(url);
	return cc;
}

static int
capabilities(struct source *s, char **err)
{
	struct imap *im = s->priv;
	CURLcode cc;

	if (im->caps_known)
		return SRC_OK;
	if ((cc = perform_root(im, "CAPABILITY")) != CURLE_OK)
		return fail(s, cc, "CAPABILITY", err);
	im->cap_move = imap_has_capability(im->body.s, im->body.len, "MOVE");
	im->cap_uidplus = imap_has_capability(im->body.s, im->body.len, "UIDPLUS");
	im->caps_known = 1;
	return SRC_OK;
}

/*
 * Makes sure dest exists, once per cycle: LIST, and CREATE when it is missing. Asking first
 * matters because libcurl drops the connection after any refused command, so "try the
 * MOVE, create on NO [TRYCREATE]" would cost a second login.
 */
static int
ensure_folder(struct source *s, const char *dest, char **err)
{
	struct imap *im = s->priv;
	struct buf q = {0}, cmd = {0};
	int rc = SRC_OK;
	CURLcode cc;

	if (strv_contains(&im->present, dest))
		goto out;
	if (imap_quote(&q, dest) != 0) {
		*err = xasprintf("imap: cannot name folder \"%s\" in a command", dest);
		rc = SRC_FATAL;
		goto out;
	}
	buf_printf(&cmd, "LIST \"\" %s", buf_str(&q));
	if ((cc = perform_root(im, buf_str(&cmd))) != CURLE_OK) {
		rc = fail(s, cc, "LIST", err);
		goto out;
	}
	if (!imap_has_list(im->body.s, im->body.len)) {
		buf_reset(&cmd);
		buf_printf(&cmd, "CREATE %s", buf_str(&q));
		if ((cc = perform_root(im, buf_str(&cmd))) != CURLE_OK) {
			rc = fail(s, cc, "CREATE", err);
			goto out;
		}
		log_notice("imap: created the folder %s", dest);
	}
	strv_push(&im->present, dest);
out:
	buf_free(&q);
	buf_free(&cmd);
	return rc;
}

/*
 * Moves uid from folder to dest: UID MOVE when offered, else UID COPY, \Deleted and (with
 * UIDPLUS) UID EXPUNGE of that UID only: a plain EXPUNGE would also purge what a person
 * marked deleted. A missing dest is created first. uidvalidity 0 skips libcurl's check.
 */
static int
move_uid(struct source *s, const char *folder, unsigned long long uidvalidity, const char *uidset, const char *dest,
    char **err)
{
	struct imap *im = s->priv;
	struct buf qdest = {0}, cmd = {0};
	char *what = NULL;
	int rc;
	CURLcode cc = CURLE_OK;

	if ((rc = capabilities(s, err)) != SRC_OK || (rc = ensure_folder(s, dest, err)) != SRC_OK)
		goto out;
	if (imap_quote(&qdest, dest) != 0) {
		*err = xasprintf("imap: cannot name folder \"%s\" in a command", dest);
		rc = SRC_FATAL;
		goto out;
	}
	what = xasprintf("moving UID %s of %s to %s", uidset, folder, dest);
	buf_printf(&cmd, "UID %s %s %s", im->cap_move ? "MOVE" : "COPY", uidset, buf_str(&qdest));
	if ((cc = perform_in(im, folder, uidvalidity, buf_str(&cmd))) != CURLE_OK) {
		rc = fail(s, cc, what, err);
		goto out;
	}
	if (!im->cap_move) {
		buf_reset(&cmd);
		buf_printf(&cmd, "UID STORE %s +FLAGS.SILENT (\\Deleted)", uidset);
		if ((cc = perform_in(im, folder, uidvalidity, buf_str(&cmd))) != CURLE_OK) {
			rc = fail(s, cc, what, err);
			goto out;
		}
		if (im->cap_uidplus) {
			buf_reset(&cmd);
			buf_printf(&cmd, "UID EXPUNGE %s", uidset);
			if ((cc = perform_in(im, folder, uidvalidity, buf_str(&cmd))) != CURLE_OK) {
				rc = fail(s, cc, what, err);
				goto out;
			}
		}
	}
	rc = SRC_OK;
out:
	free(what);
	buf_free(&qdest);
	buf_free(&cmd);
	return rc;
}

/* STATUS of the folder fi into im->uidvalidity/uidnext. SRC_OK, SRC_RETRY or SRC_FATAL. */
static int
folder_status(struct source *s, char **err)
{
	struct imap *im = s->priv;
	const char *name = im->folders[im->fi].name;
	struct buf cmd = {0};
	char *what = xasprintf("STATUS of %s", name);
	int rc = SRC_OK;
	CURLcode cc;

	buf_adds(&cmd, "STATUS ");
	imap_quote(&cmd, name); /* checked in setup() */
	buf_adds(&cmd, " (UIDVALIDITY UIDNEXT)");
	if ((cc = perform_root(im, buf_str(&cmd))) != CURLE_OK) {
		rc = fail(s, cc, what, err);
		/* A folder that does not exist is a setting to fix, not a network hiccup to retry. */
		if (cc == CURLE_QUOTE_ERROR &&
		    (strstr(buf_str(&im->refused), "exist") || strstr(buf_str(&im->refused), "NONEXISTENT"))) {
			free(*err);
			*err = xasprintf("imap: folder \"%s\" does not exist at %s (mailbox.url, mailbox.folders, "
			                 "mailbox.sent_folders)",
			    name, im->url.host);
			rc = SRC_FATAL;
		}
		goto out;
	}
	if (imap_parse_status(im->body.s, im->body.len, &im->uidvalidity, &im->uidnext) != 0) {
		*err = xasprintf("imap: %s: %s gave no UIDVALIDITY", what, im->url.host);
		rc = SRC_RETRY;
	}
out:
	buf_free(&cmd);
	free(what);
	return rc;
}

static void
checkpoint(struct source *s, unsigned long long uid)
{
	struct imap *im = s->priv;

	if (uid <= im->last || im->stuck)
		return;
	/* A failed write only means the UIDs are searched again and the store's dedupe skips them. */
	if (store_mailbox_set(s->store, im->folders[im->fi].name, im->uidvalidity, uid) == 0)
		im->last = uid;
}

/* Begins folder fi: state from the store, reset on a new UIDVALIDITY; skips it when nothing is new. */
static int
folder_begin(struct source *s, char **err)
{
	struct imap *im = s->priv;
	const char *name = im->folders[im->fi].name;
	unsigned long long sv = 0, slast = 0;
	int rc, found;

	if (!im->have_status && (rc = folder_status(s, err)) != SRC_OK)
		return rc;
	im->have_status = 0;
	found = store_mailbox_get(s->store, name, &sv, &slast);
	if (found < 0) {
		*err = xasprintf("imap: the store cannot give the state of %s: %s", name, store_errmsg(s->store));
		return SRC_RETRY;
	}
	if (found == 0 || sv != im->uidvalidity) {
		/* New UIDVALIDITY: old UIDs mean nothing; read it all again, the dedupe keeps filing exactly once. */
		if (found)
			log_notice("imap: %s: UIDVALIDITY changed from %llu to %llu; reading the folder again", name,
			    sv, im->uidvalidity);
		slast = 0;
		if (store_mailbox_set(s->store, name, im->uidvalidity, 0) != 0) {
			*err =
			    xasprintf("imap: the store cannot keep the state of %s: %s", name, store_errmsg(s->store));
			return SRC_RETRY;
		}
	}
	im->last = slast;
	im->uids.n = 0;
	im->pos = im->adv = 0;
	im->stuck = 0;
	if (im->uidnext && im->uidnext <= slast + 1) {
		im->fi++;
		return SRC_OK;
	}
	im->phase = PH_WINDOWS;
	im->wfirst = 1;
	im->wlast = 0;
	im->wwidth = s->cfg->fetch_chunk > 0 ? (unsigned long long)s->cfg->fetch_chunk : 200;
	return SRC_OK;
}

/* Searches the next window of UIDs into im->uids. */
static int
search_window(struct source *s, char **err)
{
	struct imap *im = s->priv;
	const char *name = im->folders[im->fi].name;
	unsigned long long chunk = s->cfg->fetch_chunk > 0 ? (unsigned long long)s->cfg->fetch_chunk : 200;
	unsigned long long a = im->wfirst ? im->last + 1 : im->wend + 1, b;
	struct buf cmd = {0};
	char *what = NULL;
	int rc = SRC_OK;
	CURLcode cc;

	im->wfirst = 0;
	/* The last window is open-ended so that mail arriving during the cycle is seen too. */
	if (im->uidnext && a + im->wwidth - 1 < im->uidnext - 1) {
		b = a + im->wwidth - 1;
		buf_printf(&cmd, "UID SEARCH UID %llu:%llu UNKEYWORD %s", a, b, im->keyword);
	} else {
		b = 0;
		im->wlast = 1;
		buf_printf(&cmd, "UID SEARCH UID %llu:* UNKEYWORD %s", a, im->keyword);
	}
	what = xasprintf("SEARCH in %s", name);
	if ((cc = perform_in(im, name, im->uidvalidity, buf_str(&cmd))) != CURLE_OK) {
		rc = fail(s, cc, what, err);
		goto out;
	}
	/* "UID n:*" also answers the highest UID when it is below n: the filter drops it. */
	if (imap_parse_search(im->body.s, im->body.len, a, b, &im->uids) != 0) {
		*err = xasprintf("imap: %s: no SEARCH response from %s", what, im->url.host);
		rc = SRC_RETRY;
		goto out;
	}
	/* Without UIDNEXT only what was found is known to be done: a-1, not a, which may arrive later. */
	im->wend = b ? b : (im->uidnext ? im->uidnext - 1 : a - 1);
	if (im->uids.n > chunk) {
		/* A dense stretch after a widened window: keep one batch; the next window starts after it. */
		im->uids.n = chunk;
		im->wend = im->uids.v[chunk - 1];
		im->wlast = 0;
	}
	if (im->wlast && im->uids.n && im->uids.v[im->uids.n - 1] > im->wend)
		im->wend = im->uids.v[im->uids.n - 1];
	im->wwidth = im->uids.n ? chunk : (im->wwidth < (1ULL << 40) ? im->wwidth * 2 : im->wwidth);
	free(im->finished);
	im->finished = xcalloc(im->uids.n ? im->uids.n : 1, 1);
	im->pos = im->adv = 0;
out:
	buf_free(&cmd);
	free(what);
	return rc;
}

static void finished(struct source *s, const char *folder, unsigned long long uidvalidity, unsigned long long uid);
static int quarantine_uid(
    struct source *s, const char *key, const char *folder, unsigned long long uidv, unsigned long long uid, char **err);

/*
 * A message over MAX_MESSAGE never reaches the pipeline (it would be held in memory, then
 * again by the parser): recorded in the store's quarantine and moved aside here, so it
 * cannot block the folder. SRC_NONE when done (the caller moves on), or the error.
 */
static int
too_big(struct source *s, unsigned long long uid, char **err)
{
	struct imap *im = s->priv;
	const char *name = im->folders[im->fi].name;
	char *key = imap_key_make(name, im->uidvalidity, uid), *why = NULL;
	int rc = SRC_NONE;

	if (store_quarantine_add(s->store, key, "larger than 64 MB: not read", &why) != 0) {
		*err = xasprintf("imap: %s is larger than 64 MB and the store cannot record it: %s", key, why);
		rc = SRC_RETRY;
		goto out;
	}
	log_warning("%s: quarantined: larger than 64 MB", key);
	if ((rc = quarantine_uid(s, key, name, im->uidvalidity, uid, err)) == SRC_OK)
		rc = SRC_NONE;
out:
	free(why);
	free(key);
	return rc;
}

/* Fetches one message. SRC_OK, SRC_NONE when it vanished meanwhile, or the error. */
static int
fetch(struct source *s, unsigned long long uid, struct source_msg *m, char **err)
{
	struct imap *im = s->priv;
	const struct folder *f = &im->folders[im->fi];
	char *url = imap_url_fetch(im->url.base, f->name, im->uidvalidity, uid);
	char *what = xasprintf("fetching UID %llu of %s", uid, f->name);
	int rc = SRC_OK, tries;
	CURLcode cc = CURLE_OK;

	/* A custom UID FETCH would return only its first line (libcurl 7.88): the URL form reads the literal. */
	for (tries = 0; tries < 2; tries++) {
		cc = perform(im, url, NULL);
		/* An unsolicited FETCH (flags changed by another client) first confuses libcurl's parser: once more. */
		if (cc != CURLE_WEIRD_SERVER_REPLY)
			break;
	}
	if (cc == CURLE_WRITE_ERROR && im->too_big) {
		rc = too_big(s, uid, err);
		goto out;
	}
	if (cc != CURLE_OK) {
		if (imap_classify(cc, im->errbuf) == IMAP_E_GONE) {
			rc = SRC_NONE;
			goto out;
		}
		rc = fail(s, cc, what, err);
		goto out;
	}
	m->key = imap_key_make(f->name, im->uidvalidity, uid);
	m->folder = xstrdup(f->name);
	m->outgoing = f->outgoing;
	m->len = im->body.len;
	m->data = (unsigned char *)buf_steal(&im->body);
	if (!m->data)
		m->data = (unsigned char *)xstrdup("");
out:
	free(url);
	free(what);
	return rc;
}

/* A message of this cycle's current window is finished: advance the stored state over the finished prefix. */
static void
finished(struct source *s, const char *folder, unsigned long long uidvalidity, unsigned long long uid)
{
	struct imap *im = s->priv;
	size_t i;

	if (im->fi >= im->nfolders || im->phase != PH_WINDOWS || strcmp(folder, im->folders[im->fi].name) != 0 ||
	    uidvalidity != im->uidvalidity || !im->finished)
		return;
	for (i = im->adv; i < im->pos; i++)
		if (im->uids.v[i] == uid) {
			im->finished[i] = 1;
			break;
		}
	while (im->adv < im->pos && im->finished[im->adv])
		im->adv++;
	if (im->adv > 0)
		checkpoint(s, im->uids.v[im->adv - 1]);
}

static int
connect_login(struct source *s, char **err)
{
	struct imap *im = s->priv;
	unsigned long long key = settings_key(s->cfg);
	int rc;

	if (denied_key == key && mono_now() < denied_until) {
		log_debug("imap: login was denied; next attempt in %lld s", denied_until - mono_now());
		*err = xstrdup(denied_msg);
		return SRC_FATAL;
	}
	if ((rc = start_handle(s, err)) != SRC_OK)
		return rc;
	im->fi = 0;
	im->last_err = IMAP_E_NET;
	/* The first folder's STATUS is the login: one round trip that is needed anyway. */
	rc = folder_status(s, err);
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
	if (rc == SRC_OK)
		im->have_status = 1;
	return rc;
}

static int
imap_open(struct source *s, char **err)
{
	int rc;

	*err = NULL;
	if ((rc = setup(s, err)) != SRC_OK)
		return rc;
	imap_close(s);
	/* The pipeline does not close() after a failed open(): leave nothing behind. */
	if ((rc = connect_login(s, err)) != SRC_OK)
		imap_close(s);
	return rc;
}

static int
imap_next(struct source *s, struct source_msg *m, char **err)
{
	struct imap *im = s->priv;
	int rc;

	*err = NULL;
	if (!im || !im->curl) {
		*err = xstrdup("imap: next() without open()");
		return SRC_RETRY;
	}
	for (;;) {
		if (im->fi >= im->nfolders)
			return SRC_NONE;
		if (im->phase == PH_STATUS) {
			if ((rc = folder_begin(s, err)) != SRC_OK)
				return rc;
			continue;
		}
		/* A message handed out before and not finished: the pipeline gave up on it for now. */
		if (im->pos > im->adv)
			im->stuck = 1;
		if (im->pos < im->uids.n) {
			unsigned long long uid = im->uids.v[im->pos];
			rc = fetch(s, uid, m, err);
			im->pos++;
			if (rc == SRC_NONE) {
				/* Expunged since the search: nothing to file, nothing to hold the state back. */
				finished(s, im->folders[im->fi].name, im->uidvalidity, uid);
				continue;
			}
			if (rc != SRC_OK)
				im->pos--;
			return rc;
		}
		if (!im->wfirst && !im->stuck && im->adv == im->uids.n)
			checkpoint(s, im->wend);
		if (im->wlast) {
			im->fi++;
			im->phase = PH_STATUS;
			continue;
		}
		if ((rc = search_window(s, err)) != SRC_OK)
			return rc;
	}
}

static int
imap_done(struct source *s, const struct source_msg *m, char **err)
{
	struct imap *im = s->priv;
	char *folder = NULL;
	unsigned long long uidv, uid;
	struct buf cmd = {0};
	char *what = NULL;
	int rc = SRC_OK;
	CURLcode cc;

	*err = NULL;
	if (!im || !im->curl || imap_key_parse(m->key, &folder, &uidv, &uid) != 0) {
		*err = xasprintf("imap: done(): %s", im && im->curl ? "malformed key" : "not open");
		rc = SRC_RETRY;
		goto out;
	}
	if (strcmp(s->cfg->mark ? s->cfg->mark : "keyword", "move") == 0) {
		char set[24];
		snprintf(set, sizeof(set), "%llu", uid);
		rc = move_uid(s, folder, uidv, set,
		    s->cfg->filed_folder && *s->cfg->filed_folder ? s->cfg->filed_folder : "Filed", err);
	} else {
		what = xasprintf("marking UID %llu of %s %s", uid, folder, im->keyword);
		buf_printf(&cmd, "UID STORE %llu +FLAGS.SILENT (%s)", uid, im->keyword);
		/* The URL's UIDVALIDITY makes libcurl refuse rather than mark a stranger after a rebuild. */
		if ((cc = perform_in(im, folder, uidv, buf_str(&cmd))) != CURLE_OK)
			rc = fail(s, cc, what, err);
	}
	if (rc == SRC_OK)
		finished(s, folder, uidv, uid);
out:
	buf_free(&cmd);
	free(what);
	free(folder);
	return rc;
}

/* Tags the message with its quarantine keyword and moves it to the quarantine folder. */
static int
quarantine_uid(
    struct source *s, const char *key, const char *folder, unsigned long long uidv, unsigned long long uid, char **err)
{
	struct imap *im = s->priv;
	const char *quar =
	    s->cfg->quarantine_folder && *s->cfg->quarantine_folder ? s->cfg->quarantine_folder : "Quarantine";
	char tag[IMAP_QTAG_LEN + 1], set[24];
	struct buf cmd = {0};
	int rc;
	CURLcode cc;

	/* The tag survives the move (flags are copied), so requeue() can find the message under its new UID. */
	imap_quarantine_tag(key, tag);
	buf_printf(&cmd, "UID STORE %llu +FLAGS.SILENT (%s)", uid, tag);
	if ((cc = perform_in(im, folder, uidv, buf_str(&cmd))) != CURLE_OK) {
		char *why = NULL;
		rc = fail(s, cc, "tagging for quarantine", &why);
		if (rc == SRC_FATAL || cc != CURLE_QUOTE_ERROR) {
			*err = why;
			goto out;
		}
		/* A server without keywords: quarantine anyway; only requeue will need the operator. */
		log_warning("%s (liaisonctl requeue will not find it)", why);
		free(why);
	}
	snprintf(set, sizeof(set), "%llu", uid);
	if ((rc = move_uid(s, folder, uidv, set, quar, err)) == SRC_OK)
		finished(s, folder, uidv, uid);
out:
	buf_free(&cmd);
	return rc;
}

static int
imap_quarantine(struct source *s, const struct source_msg *m, const char *reason, char **err)
{
	struct imap *im = s->priv;
	char *folder = NULL;
	unsigned long long uidv, uid;
	int rc;

	(void)reason; /* the pipeline keeps it in the store */
	*err = NULL;
	if (!im || !im->curl || imap_key_parse(m->key, &folder, &uidv, &uid) != 0) {
		*err = xasprintf("imap: quarantine(): %s", im && im->curl ? "malformed key" : "not open");
		rc = SRC_RETRY;
		goto out;
	}
	rc = quarantine_uid(s, m->key, folder, uidv, uid, err);
out:
	free(folder);
	return rc;
}

static int
imap_requeue(struct source *s, const char *key, char **err)
{
	struct imap *im;
	const char *quar =
	    s->cfg->quarantine_folder && *s->cfg->quarantine_folder ? s->cfg->quarantine_folder : "Quarantine";
	char *folder = NULL, tag[IMAP_QTAG_LEN + 1];
	unsigned long long uidv, uid;
	struct imap_uids found = {0};
	struct buf cmd = {0}, set = {0};
	int rc, opened = 0;
	CURLcode cc;

	*err = NULL;
	if ((rc = setup(s, err)) != SRC_OK)
		goto out;
	im = s->priv;
	if (imap_key_parse(key, &folder, &uidv, &uid) != 0) {
		*err = xasprintf("imap: requeue: \"%s\" is not an IMAP source key (FOLDER/UIDVALIDITY/UID)", key);
		rc = SRC_FATAL;
		goto out;
	}
	if (!im->curl) {
		if ((rc = connect_login(s, err)) != SRC_OK)
			goto out;
		opened = 1;
	}
	imap_quarantine_tag(key, tag);
	buf_printf(&cmd, "UID SEARCH KEYWORD %s", tag);
	if ((cc = perform_in(im, quar, 0, buf_str(&cmd))) != CURLE_OK) {
		rc = fail(s, cc, "searching the quarantine folder", err);
		goto out;
	}
	if (imap_parse_search(im->body.s, im->body.len, 1, 0, &found) != 0 || found.n == 0) {
		*err = xasprintf("imap: requeue: %s is not in the folder %s (moved by hand, or the server keeps no "
		                 "keywords: move it back to %s yourself)",
		    key, quar, folder);
		rc = SRC_FATAL;
		goto out;
	}
	for (size_t i = 0; i < found.n; i++)
		buf_printf(&set, "%s%llu", i ? "," : "", found.v[i]);
	/* The tag stays on: harmless, and a retry after a failure half-way still finds the message. */
	rc = move_uid(s, quar, 0, buf_str(&set), folder, err);
out:
	if (opened)
		imap_close(s);
	imap_uids_free(&found);
	buf_free(&cmd);
	buf_free(&set);
	free(folder);
	return rc;
}

const struct source_ops imap_source_ops = {
    .name = "imap",
    .open = imap_open,
    .next = imap_next,
    .done = imap_done,
    .quarantine = imap_quarantine,
    .requeue = imap_requeue,
    .close = imap_close,
    .free = imap_free,
};
