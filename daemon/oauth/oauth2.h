/* oauth2.h: OAuth 2.0 access tokens for IMAP and SMTP (RFC 6749 refresh and client-credentials grants). */
/* SPDX-License-Identifier: Apache-2.0 */
#ifndef LSD_OAUTH2_H
#define LSD_OAUTH2_H

#include <libconfig.h>
#include <stddef.h>
#include <stdio.h>

/*
 * The room daemon/oauth/ obtains access tokens for the mail source (daemon/source/) and the
 * transport (daemon/transport/), which hand them to libcurl (CURLOPT_XOAUTH2_BEARER; libcurl picks
 * OAUTHBEARER, RFC 7628, or XOAUTH2 from the server's offer). It is split by concern:
 *   oauth2_conf.c   the `oauth2 = { … }` group of liaisond.conf: reading, checking, printing
 *   oauth2_parse.c  pure helpers: the token endpoint's JSON answer, form encoding, when to renew
 *   oauth2.c        the token client: one cache per set of settings, the HTTPS request (libcurl:
 *                   the one file outside source/ and transport/ that may use it), back-off, and
 *                   the refresh token file, rewritten atomically (0600) when the provider rotates it
 * No access token, refresh token or client secret is ever logged or put in an error message.
 */

/* ---- oauth2_conf.c: the settings ---- */

struct oauth2_settings {
	char *group;         /* owned: "mailbox.oauth2" or "smtp.oauth2", for messages */
	char *token_url;     /* owned */
	char *client_id;     /* owned */
	char *client_secret; /* owned, secret: from client_secret_file or the environment; "" for a public client */
	char *client_secret_from; /* owned: the file or "$VARIABLE" it came from, "" when none (for config show) */
	char *refresh_token_file; /* owned, "" for the client-credentials grant */
	char *scope;              /* owned, "" for none */
	int same_as_mailbox;      /* smtp.oauth2 only: use mailbox.oauth2 (the other fields are empty) */
};

/*
 * Reads the group g (`mailbox.oauth2` or `smtp.oauth2`, named by group) of the configuration file
 * `file`: paths made absolute against the file's folder, the client secret read from
 * client_secret_file (refused when others may read it) or from the environment variable
 * LIAISOND_IMAP_OAUTH2_SECRET / LIAISOND_SMTP_OAUTH2_SECRET, which wins. 0 with *out (owned), or
 * -1 with *err "FILE:LINE: group.setting: reason" (owned).
 */
int oauth2_conf_read(
    const char *file, config_setting_t *g, const char *group, struct oauth2_settings **out, char **err);
/*
 * The checks between settings, once all are read: smtp's same_as_mailbox needs mailbox.oauth2;
 * oauth2 and mailbox.oauth_token_file exclude each other; smtp.oauth2 needs smtp.user. imap and
 * smtp may be NULL. 0, or -1 with *err as above (line: the group's, or 0).
 */
int oauth2_conf_check(const char *file, config_t *cf, const struct oauth2_settings *imap,
    const struct oauth2_settings *smtp, const char *token_file, const char *smtp_user, char **err);
/* Prints s as the `oauth2 = { … };` group of liaisonctl config show: never the secret, only where it came from. */
void oauth2_conf_show(FILE *f, const struct oauth2_settings *s);
void oauth2_settings_free(struct oauth2_settings *s); /* accepts NULL */

/* ---- oauth2_parse.c: pure helpers ---- */

/* What the token endpoint answered (RFC 6749 sections 5.1 and 5.2). Strings owned, NULL when absent. */
struct oauth2_reply {
	char *access_token;
	char *refresh_token; /* a rotated refresh token, to be saved */
	char *token_type;
	long expires_in; /* seconds; -1 when absent */
	char *error;     /* "invalid_grant", … */
	char *error_description;
};
/*
 * Parses a JSON object (the endpoint's body, len bytes). Unknown members, nested values included,
 * are skipped. 0 ok (fields as found), -1 when it is not one JSON object.
 */
int oauth2_reply_parse(const char *body, size_t len, struct oauth2_reply *r);
void oauth2_reply_clear(struct oauth2_reply *r); /* wipes the tokens, frees, zeroes; accepts NULL */

/* Appends s to b form-encoded (application/x-www-form-urlencoded: unreserved kept, space as %20). */
struct buf;
void oauth2_form_add(struct buf *b, const char *name, const char *value);

/*
 * When a token obtained at `got` (seconds, monotonic) that lives `expires_in` seconds is renewed:
 * shortly before it expires (a minute, or a quarter of its life when that is shorter; without
 * expires_in, after an hour). Returns the instant.
 */
long long oauth2_renew_at(long long got, long expires_in);
/* The wait after the n-th failure in a row (n >= 1) at the token endpoint: refused (4xx, an OAuth error) or not. */
long oauth2_backoff(int n, int refused);

/* ---- oauth2.c: the token client ---- */

/*
 * A valid access token for s (for same_as_mailbox, pass the mailbox's settings): the cached one
 * while it has time left, else a new one from the token endpoint. Owned: the caller wipes and frees
 * it. NULL with *err (owned, no secret in it), and *fatal 1 when the provider refused (a revoked
 * refresh token, a wrong client secret: the operator must act) or 0 (network, 5xx). After a failure
 * the endpoint is not asked again until the back-off has passed: the same error comes back at once.
 */
char *oauth2_token(const struct oauth2_settings *s, int *fatal, char **err);
/*
 * The server refused the token s gave last: forget it, so that the next oauth2_token() asks the
 * endpoint for a new one. The callers retry a refused login once with the new token; a second
 * refusal is a login denial, and backs off as one.
 */
void oauth2_invalidate(const struct oauth2_settings *s);
/* Forgets every cached token (tests; a reload keeps them, keyed by the settings). */
void oauth2_forget_all(void);

#endif
