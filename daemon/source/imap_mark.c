/* imap_mark.c: marking, moving (MOVE RFC 6851, UIDPLUS RFC 4315), quarantine and requeue on the IMAP server. */
/* SPDX-License-Identifier: Apache-2.0 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "config.h"
#include "imap_int.h"
#include "log.h"
#include "source.h"
#include "util.h"

static int
capabilities(struct source *s, char **err)
{
	struct imap *im = s->priv;
	CURLcode cc;

	if (im->caps_known)
		return SRC_OK;
	if ((cc = imap_perform_root(im, "CAPABILITY")) != CURLE_OK)
		return imap_fail(s, cc, "CAPABILITY", err);
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
	if ((cc = imap_perform_root(im, buf_str(&cmd))) != CURLE_OK) {
		rc = imap_fail(s, cc, "LIST", err);
		goto out;
	}
	if (!imap_has_list(im->body.s, im->body.len)) {
		buf_reset(&cmd);
		buf_printf(&cmd, "CREATE %s", buf_str(&q));
		if ((cc = imap_perform_root(im, buf_str(&cmd))) != CURLE_OK) {
			rc = imap_fail(s, cc, "CREATE", err);
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
 * uidset: UIDs and commas only (the caller formats it from numbers).
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
	if ((cc = imap_perform_in(im, folder, uidvalidity, buf_str(&cmd))) != CURLE_OK) {
		rc = imap_fail(s, cc, what, err);
		goto out;
	}
	if (!im->cap_move) {
		buf_reset(&cmd);
		/* The keyword too: without UIDPLUS the original stays, and a re-read must not move it again. */
		buf_printf(&cmd, "UID STORE %s +FLAGS.SILENT (\\Deleted %s)", uidset, im->keyword);
		if ((cc = imap_perform_in(im, folder, uidvalidity, buf_str(&cmd))) != CURLE_OK) {
			rc = imap_fail(s, cc, what, err);
			goto out;
		}
		if (im->cap_uidplus) {
			buf_reset(&cmd);
			buf_printf(&cmd, "UID EXPUNGE %s", uidset);
			if ((cc = imap_perform_in(im, folder, uidvalidity, buf_str(&cmd))) != CURLE_OK) {
				rc = imap_fail(s, cc, what, err);
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

int
imap_mark_done(struct source *s, const char *folder, unsigned long long uidvalidity, unsigned long long uid, char **err)
{
	char set[24];

	snprintf(set, sizeof(set), "%llu", uid);
	return imap_mark_set(s, folder, uidvalidity, set, err);
}

int
imap_mark_set(struct source *s, const char *folder, unsigned long long uidvalidity, const char *uidset, char **err)
{
	struct imap *im = s->priv;
	struct buf cmd = {0};
	char *what = NULL;
	int rc = SRC_OK;
	CURLcode cc;

	if (strspn(uidset, "0123456789,:") != strlen(uidset) || !*uidset) {
		*err = xasprintf("imap: not a UID set: %s", uidset);
		return SRC_FATAL;
	}
	if (strcmp(s->cfg->mark, "move") == 0) {
		rc = move_uid(s, folder, uidvalidity, uidset, s->cfg->filed_folder, err);
	} else {
		what = xasprintf("marking UID %s of %s %s", uidset, folder, im->keyword);
		buf_printf(&cmd, "UID STORE %s +FLAGS.SILENT (%s)", uidset, im->keyword);
		/* The URL's UIDVALIDITY makes libcurl refuse rather than mark a stranger after a rebuild. */
		if ((cc = imap_perform_in(im, folder, uidvalidity, buf_str(&cmd))) != CURLE_OK)
			rc = imap_fail(s, cc, what, err);
	}
	buf_free(&cmd);
	free(what);
	return rc;
}

/* Tags the message with its quarantine keyword and moves it to the quarantine folder. */
int
imap_quarantine_uid(
    struct source *s, const char *key, const char *folder, unsigned long long uidv, unsigned long long uid, char **err)
{
	struct imap *im = s->priv;
	const char *quar = s->cfg->quarantine_folder;
	char tag[IMAP_QTAG_LEN + 1], set[24];
	struct buf cmd = {0};
	int rc;
	CURLcode cc;

	/* The tag survives the move (flags are copied), so requeue() can find the message under its new UID. */
	imap_quarantine_tag(key, tag);
	buf_printf(&cmd, "UID STORE %llu +FLAGS.SILENT (%s)", uid, tag);
	if ((cc = imap_perform_in(im, folder, uidv, buf_str(&cmd))) != CURLE_OK) {
		char *why = NULL;
		rc = imap_fail(s, cc, "tagging for quarantine", &why);
		if (rc == SRC_FATAL || cc != CURLE_QUOTE_ERROR) {
			*err = why;
			goto out;
		}
		/* A server without keywords: quarantine anyway; only requeue will need the operator. */
		log_warning("%s (liaisonctl requeue will not find it)", why);
		free(why);
	}
	snprintf(set, sizeof(set), "%llu", uid);
	rc = move_uid(s, folder, uidv, set, quar, err);
out:
	buf_free(&cmd);
	return rc;
}

int
imap_requeue_key(struct source *s, const char *key, const char *folder, char **err)
{
	struct imap *im = s->priv;
	const char *quar = s->cfg->quarantine_folder;
	char tag[IMAP_QTAG_LEN + 1];
	unsigned long long qv = 0, qnext = 0;
	struct imap_uids found = {0};
	struct buf cmd = {0}, set = {0};
	int rc;
	CURLcode cc;

	/*
	 * The quarantine folder's UIDVALIDITY first, then the search and the move under it: a
	 * refused command drops libcurl's connection, and UIDs found before a reconnection must
	 * not be moved if the folder was rebuilt meanwhile.
	 */
	buf_adds(&cmd, "STATUS ");
	imap_quote(&cmd, quar); /* checked in setup() */
	buf_adds(&cmd, " (UIDVALIDITY UIDNEXT)");
	if ((cc = imap_perform_root(im, buf_str(&cmd))) != CURLE_OK) {
		rc = imap_fail(s, cc, "STATUS of the quarantine folder", err);
		goto out;
	}
	if (imap_parse_status(im->body.s, im->body.len, &qv, &qnext) != 0) {
		*err = xasprintf("imap: requeue: %s gave no UIDVALIDITY for %s", im->url.host, quar);
		rc = SRC_RETRY;
		goto out;
	}
	imap_quarantine_tag(key, tag);
	buf_reset(&cmd);
	buf_printf(&cmd, "UID SEARCH KEYWORD %s", tag);
	if ((cc = imap_perform_in(im, quar, qv, buf_str(&cmd))) != CURLE_OK) {
		rc = imap_fail(s, cc, "searching the quarantine folder", err);
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
	rc = move_uid(s, quar, qv, buf_str(&set), folder, err);
out:
	imap_uids_free(&found);
	buf_free(&cmd);
	buf_free(&set);
	return rc;
}
