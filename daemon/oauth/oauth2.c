/* oauth2.c: the OAuth 2.0 token client (RFC 6749 sections 4.4 and 6) over libcurl: cache, back-off, token rotation. */
/* SPDX-License-Identifier: Apache-2.0 */
#include "oauth2.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

#include <curl/curl.h>

#include "log.h"
#include "url.h"
#include "util.h"

#define REQUEST_TIMEOUT 30L    /* seconds for the whole token request */
#define ANSWER_MAX (64 * 1024) /* a token answer is a few kilobytes; more is not one */
#define REFRESH_MAX (16 * 1024)

/* One cache per set of settings, process-wide: the mailbox and a same_as_mailbox transport share it. */
struct entry {
	unsigned long long key;
	char *token;                   /* the access token, or NULL */
	long long renew_at;            /* monotonic seconds: ask for a new one from then on */
	char *rotated;                 /* a rotated refresh token that could not be saved: used for the next refresh */
	int failures;                  /* in a row */
	long long retry_at;            /* monotonic seconds: the endpoint is not asked before */
	char *err;                     /* the last failure, repeated verbatim during the back-off */
	int fatal;                     /* the last failure was a refusal */
	unsigned long long refused_rt; /* hash of the refresh token the endpoint refused (a new one ends the wait) */
};

static struct entry *entries;
static size_t nentries;

static long long
mono_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec;
}

static void
fnv(unsigned long long *h, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
		*h ^= *p;
		*h *= 0x100000001b3ULL;
	}
	*h ^= 0xff;
	*h *= 0x100000001b3ULL;
}

static unsigned long long
settings_key(const struct oauth2_settings *s)
{
	unsigned long long h = 0xcbf29ce484222325ULL;

	fnv(&h, s->token_url);
	fnv(&h, s->client_id);
	fnv(&h, s->client_secret);
	fnv(&h, s->refresh_token_file);
	fnv(&h, s->scope);
	return h;
}

static struct entry *
entry_of(const struct oauth2_settings *s)
{
	unsigned long long key = settings_key(s);

	for (size_t i = 0; i < nentries; i++)
		if (entries[i].key == key)
			return &entries[i];
	entries = xrealloc(entries, (nentries + 1) * sizeof(*entries));
	memset(&entries[nentries], 0, sizeof(*entries));
	entries[nentries].key = key;
	return &entries[nentries++];
}

static void
wipe_free(char *s)
{
	if (s) {
		memset(s, 0, strlen(s));
		free(s);
	}
}

/* The refresh token: a rotated one not yet saved, else the file's one line. Owned, or NULL with *err. */
static char *
refresh_token(const struct oauth2_settings *s, const struct entry *e, char **err)
{
	char *data = NULL, *ferr = NULL, *t, *rt = NULL;
	size_t len = 0;

	if (e->rotated)
		return xstrdup(e->rotated);
	if (file_read(s->refresh_token_file, REFRESH_MAX, &data, &len, &ferr) != 0) {
		*err = xasprintf("%s: refresh_token_file: %s", s->group, ferr);
		goto out;
	}
	t = memchr(data, '\0', len) ? NULL : str_trim(data);
	if (!t || !*t || str_has_ctl(t))
		*err = xasprintf("%s: refresh_token_file %s: expected one refresh token on one line", s->group,
		    s->refresh_token_file);
	else
		rt = xstrdup(t);
out:
	if (data) {
		memset(data, 0, len);
		free(data);
	}
	free(ferr);
	return rt;
}

/* Saves a rotated refresh token: atomically (a crash leaves the old or the new one), readable by the owner only. */
static int
save_refresh_token(const struct oauth2_settings *s, const char *rt, char **err)
{
	char *line = xasprintf("%s\n", rt), *ferr = NULL;
	int rc = -1;

	if (file_write_atomic_mode(s->refresh_token_file, line, strlen(line), 0600, &ferr) != 0) {
		*err = xasprintf("%s: cannot save the rotated refresh token: %s", s->group, ferr);
		goto out;
	}
	/* The umask may have taken bits away, never added any; a file that existed before keeps 0600 too. */
	if (chmod(s->refresh_token_file, 0600) != 0) {
		*err = xasprintf("%s: cannot make %s private (0600)", s->group, s->refresh_token_file);
		goto out;
	}
	rc = 0;
out:
	wipe_free(line);
	free(ferr);
	return rc;
}

static size_t
on_body(char *ptr, size_t size, size_t nmemb, void *arg)
{
	struct buf *b = arg;

	if (b->len + size * nmemb > ANSWER_MAX)
		return 0;
	buf_add(b, ptr, size * nmemb);
	return size * nmemb;
}

/* The request's form: grant, client, scope. Owned (secrets inside: wiped by the caller). */
static char *
request_form(const struct oauth2_settings *s, const char *rt)
{
	struct buf f = {0};

	oauth2_form_add(&f, "grant_type", rt ? "refresh_token" : "client_credentials");
	if (rt)
		oauth2_form_add(&f, "refresh_token", rt);
	oauth2_form_add(&f, "client_id", s->client_id);
	if (*s->client_secret)
		oauth2_form_add(&f, "client_secret", s->client_secret);
	if (*s->scope)
		oauth2_form_add(&f, "scope", s->scope);
	return buf_steal(&f);
}

/* POSTs form to the token endpoint; the answer into body, the HTTP status into *status. 0, or -1 with *err. */
static int
post(const struct oauth2_settings *s, const char *form, struct buf *body, long *status, char **err)
{
	struct url u = {0};
	char errbuf[CURL_ERROR_SIZE] = "";
	struct curl_slist *hdr = NULL;
	CURL *h = NULL;
	CURLcode cc;
	int global = 0, rc = -1, loop = url_split(s->token_url, &u) == URL_OK && url_host_is_loopback(u.host);

	global = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
	if (!global || !(h = curl_easy_init())) {
		*err = xasprintf("%s: cannot initialise libcurl", s->group);
		goto out;
	}
	hdr = curl_slist_append(hdr, "Accept: application/json");
	curl_easy_setopt(h, CURLOPT_URL, s->token_url);
	/* HTTPS only: the refresh token and the client secret travel in the body. Plain HTTP to loopback only. */
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, loop ? "http,https" : "https");
	curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(h, CURLOPT_POSTFIELDS, form);
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdr);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, REQUEST_TIMEOUT);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, REQUEST_TIMEOUT);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, body);
	curl_easy_setopt(h, CURLOPT_USERAGENT, "liaisond/" LSD_VERSION);
	if ((cc = curl_easy_perform(h)) != CURLE_OK) {
		*err = xasprintf("%s: token endpoint %s: %s%s", s->group, u.authority ? u.authority : s->token_url,
		    errbuf[0] ? errbuf : curl_easy_strerror(cc),
		    cc == CURLE_UNSUPPORTED_PROTOCOL ? " (token_url must be https://, http:// only to loopback)" : "");
		goto out;
	}
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, status);
	rc = 0;
out:
	curl_easy_cleanup(h);
	curl_slist_free_all(hdr);
	if (global)
		curl_global_cleanup();
	url_clear(&u);
	return rc;
}

/* What a refusal means for the operator. Owned. */
static char *
refusal(const struct oauth2_settings *s, long status, const struct oauth2_reply *r)
{
	const char *e = r->error ? r->error : "";
	char *desc = str_oneline(r->error_description ? r->error_description : "", 200), *m;
	const char *what = strcmp(e, "invalid_grant") == 0
	    ? (*s->refresh_token_file ? "the refresh token was revoked or has expired: obtain a new "
	                                "one (docs/oauth2.md) and write it to refresh_token_file"
	                              : "the grant was refused")
	    : strcmp(e, "invalid_client") == 0 || strcmp(e, "unauthorized_client") == 0
	    ? "client_id or the client secret is wrong, or the client may not use this grant"
	    : strcmp(e, "invalid_scope") == 0 ? "the scope is not one this client may ask for"
	                                      : "the request was refused";

	m = xasprintf("%s: token endpoint answered %ld%s%s: %s%s%s", s->group, status, *e ? " " : "", e, what,
	    *desc ? "; it says: " : "", desc);
	free(desc);
	return m;
}

/* One request to the endpoint: the token into e, or *err and *fatal. */
static int
fetch(const struct oauth2_settings *s, struct entry *e, int *fatal, char **err)
{
	struct oauth2_reply r = {0};
	struct buf body = {0};
	char *rt = NULL, *form = NULL, *werr = NULL;
	long status = 0;
	int rc = -1;

	*fatal = 1;
	if (*s->refresh_token_file && !(rt = refresh_token(s, e, err)))
		goto out;
	form = request_form(s, rt);
	*fatal = 0;
	if (post(s, form, &body, &status, err) != 0)
		goto out;
	if (oauth2_reply_parse(body.s ? body.s : "", body.len, &r) != 0 || (status == 200 && !r.access_token)) {
		*err =
		    xasprintf("%s: token endpoint answered %ld without a token (not OAuth 2.0 JSON)", s->group, status);
		*fatal = status >= 400 && status < 500;
		goto out;
	}
	if (status != 200) {
		*err = refusal(s, status, &r);
		*fatal = status >= 400 && status < 500;
		goto out;
	}
	if (r.token_type && strcasecmp(r.token_type, "bearer") != 0) {
		*err =
		    xasprintf("%s: token endpoint gave a token of type \"%.40s\", not Bearer", s->group, r.token_type);
		*fatal = 1;
		goto out;
	}
	if (str_has_ctl(r.access_token) || !*r.access_token) {
		*err = xasprintf("%s: token endpoint gave an access token with control characters", s->group);
		*fatal = 1;
		goto out;
	}
	if (rt && r.refresh_token && *r.refresh_token && strcmp(r.refresh_token, rt) != 0 &&
	    !str_has_ctl(r.refresh_token)) {
		wipe_free(e->rotated);
		e->rotated = NULL;
		if (save_refresh_token(s, r.refresh_token, &werr) != 0) {
			/* Kept in memory for the next refresh; the operator must know the file is stale. */
			log_error("%s", werr);
			e->rotated = xstrdup(r.refresh_token);
		} else
			log_info(
			    "%s: the provider rotated the refresh token; saved in %s", s->group, s->refresh_token_file);
	}
	wipe_free(e->token);
	e->token = r.access_token;
	r.access_token = NULL;
	e->renew_at = oauth2_renew_at(mono_now(), r.expires_in);
	if (r.expires_in >= 0)
		log_info("%s: new access token, valid for %ld s", s->group, r.expires_in);
	else
		log_info("%s: new access token (the provider gave no lifetime: renewed in an hour)", s->group);
	rc = 0;
out:
	oauth2_reply_clear(&r);
	if (body.s)
		memset(body.s, 0, body.len);
	buf_free(&body);
	wipe_free(rt);
	wipe_free(form);
	free(werr);
	return rc;
}

/* Hash of the refresh token now in the file (0 when unreadable): a new one ends a refusal's back-off. */
static unsigned long long
refresh_token_hash(const struct oauth2_settings *s, const struct entry *e)
{
	char *err = NULL, *rt;
	unsigned long long h = 0xcbf29ce484222325ULL;

	if (!*s->refresh_token_file || !(rt = refresh_token(s, e, &err))) {
		free(err);
		return 0;
	}
	fnv(&h, rt);
	wipe_free(rt);
	return h;
}

char *
oauth2_token(const struct oauth2_settings *s, int *fatal, char **err)
{
	struct entry *e = entry_of(s);
	long long now = mono_now();
	long wait;

	*fatal = 0;
	if (e->token && now < e->renew_at)
		return xstrdup(e->token);
	if (e->failures && now < e->retry_at &&
	    !(e->fatal && e->refused_rt && refresh_token_hash(s, e) != e->refused_rt)) {
		*fatal = e->fatal;
		*err = xstrdup(e->err);
		return NULL;
	}
	wipe_free(e->token);
	e->token = NULL;
	free(e->err);
	e->err = NULL;
	if (fetch(s, e, fatal, &e->err) == 0) {
		e->failures = 0;
		e->refused_rt = 0;
		return xstrdup(e->token);
	}
	e->failures++;
	e->fatal = *fatal;
	e->refused_rt = *fatal ? refresh_token_hash(s, e) : 0;
	wait = oauth2_backoff(e->failures, *fatal);
	e->retry_at = now + wait;
	log_debug("%s: next request to the token endpoint in %ld s", s->group, wait);
	*err = xstrdup(e->err);
	return NULL;
}

void
oauth2_invalidate(const struct oauth2_settings *s)
{
	struct entry *e = entry_of(s);

	wipe_free(e->token);
	e->token = NULL;
}

void
oauth2_forget_all(void)
{
	for (size_t i = 0; i < nentries; i++) {
		wipe_free(entries[i].token);
		wipe_free(entries[i].rotated);
		free(entries[i].err);
	}
	free(entries);
	entries = NULL;
	nentries = 0;
}
