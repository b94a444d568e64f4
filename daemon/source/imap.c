/* imap.c: the imap:/imaps: source's ops table (RFC 3501/9051): settings, the cycle's life, the entry points. */
/* SPDX-License-Identifier: Apache-2.0 */
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "config.h"
#include "imap_int.h"
#include "log.h"
#include "oauth2.h"
#include "source.h"
#include "util.h"

/*
 * One cycle: open() logs in (imap_conn.c) with the STATUS (UIDVALIDITY UIDNEXT) of the first
 * folder (imap_fetch.c); next() reads the folders in turn (imap_fetch.c); done() and
 * quarantine() mark or move each message once the store has committed it (imap_mark.c), and
 * only then may the folder's state advance over it: checkpoint() hands each advance to the
 * pipeline, which records it. close() logs out.
 *
 * Source key: "FOLDER/UIDVALIDITY/UID" (read from the right: folders may hold '/').
 */

static void
cycle_reset(struct imap *im)
{
	im->caps_known = im->cap_move = im->cap_uidplus = 0;
	strv_free(&im->present);
	im->fi = 0;
	im->phase = IMAP_PH_STATUS;
	im->have_status = 0;
	im->uids.n = 0;
	im->pending.n = 0;
	free(im->finished);
	im->finished = NULL;
	im->pos = im->adv = 0;
	im->stuck = 0;
	imap_checkpoints_clear(im);
}

static void
imap_close(struct source *s)
{
	struct imap *im = s->priv;

	if (!im)
		return;
	/* Not to a server that stopped answering (a second wait for nothing), nor once SIGTERM cuts requests. */
	if (im->curl && im->pending.n && !im->watchdog && !(im->stop && *im->stop)) {
		char *err = NULL;
		/* Committed, so only the mark is owed: unsent, the messages are read again and found filed. */
		if (imap_pending_flush(s, &err) != SRC_OK)
			log_warning("%s (they will be seen again and skipped)", err ? err : "imap: marking failed");
		free(err);
	}
	imap_disconnect(im);
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
	imap_uids_free(&im->pending);
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
	im->folders[im->nfolders].optional = 0;
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

/*
 * The settings, checked once: everything that later goes into a command or a URL is
 * validated here, so no CR, LF or NUL can reach the server from the configuration.
 * SRC_OK or SRC_FATAL.
 */
static int
setup(struct source *s, char **err)
{
	const struct config *cfg = s->cfg;
	struct imap *im;
	const char *mark = cfg->mark, *kw = cfg->keyword, *filed = cfg->filed_folder, *quar = cfg->quarantine_folder;
	char *uerr = NULL;
	size_t i;

	if (s->priv)
		return SRC_OK;
	im = xcalloc(1, sizeof(*im));
	s->priv = im;
	im->stop = s->stop;
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
	for (i = 0; i < cfg->sent_folders.n; i++) {
		size_t n = im->nfolders;
		add_folder(im, cfg->sent_folders.v[i], 1);
		if (im->nfolders > n) /* a folder of its own, not also read as mailbox.url or mailbox.folders */
			im->folders[n].optional = cfg->sent_folders_default;
	}
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
	/* Their existence is asked with LIST, where '*' and '%' are wildcards that would match other folders. */
	if (!imap_list_name_ok(filed) || !imap_list_name_ok(quar)) {
		*err = xstrdup("imap: mailbox.filed_folder and mailbox.quarantine_folder cannot hold '*' or '%'");
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

/* Connects; the first folder's STATUS is the login: one round trip that is needed anyway. */
static int
login(struct source *s, char **err)
{
	struct imap *im = s->priv;
	int rc;

	if ((rc = imap_connect(s, err)) != SRC_OK)
		return rc;
	im->fi = 0;
	rc = imap_folder_status(s, err);
	/* A refused access token (revoked, or expired early): renew it and try once more, in this cycle. */
	if (rc == SRC_FATAL && im->last_err == IMAP_E_AUTH && s->cfg->mailbox_oauth2) {
		log_notice("%s; renewing the access token and logging in once more", *err);
		free(*err);
		*err = NULL;
		oauth2_invalidate(s->cfg->mailbox_oauth2);
		imap_disconnect(im);
		if ((rc = imap_connect(s, err)) != SRC_OK)
			return rc;
		rc = imap_folder_status(s, err);
	}
	if ((rc = imap_login_outcome(s, rc, err)) == SRC_OK)
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
	if ((rc = login(s, err)) != SRC_OK)
		imap_close(s);
	return rc;
}

static int
imap_next(struct source *s, struct source_msg *m, char **err)
{
	struct imap *im = s->priv;

	*err = NULL;
	if (!im || !im->curl) {
		*err = xstrdup("imap: next() without open()");
		return SRC_RETRY;
	}
	return imap_fetch_next(s, m, err);
}

static int
imap_done(struct source *s, const struct source_msg *m, char **err)
{
	struct imap *im = s->priv;
	char *folder = NULL;
	unsigned long long uidv, uid;
	int rc;

	*err = NULL;
	/* The key's folder passed imap_mailbox_ok() in imap_key_parse(): it can go into a command. */
	if (!im || !im->curl || imap_key_parse(m->key, &folder, &uidv, &uid) != 0) {
		*err = xasprintf("imap: done(): %s", im && im->curl ? "malformed key" : "not open");
		rc = SRC_RETRY;
		goto out;
	}
	/* A message of the window being read: its mark goes with the next batch. */
	if (imap_pending_add(s, folder, uidv, uid)) {
		rc = SRC_OK;
		goto out;
	}
	if ((rc = imap_mark_done(s, folder, uidv, uid, err)) == SRC_OK)
		imap_finished(s, folder, uidv, uid);
out:
	free(folder);
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
	if ((rc = imap_quarantine_uid(s, m->key, folder, uidv, uid, err)) == SRC_OK)
		imap_finished(s, folder, uidv, uid);
out:
	free(folder);
	return rc;
}

static int
imap_requeue(struct source *s, const char *key, char **err)
{
	struct imap *im;
	char *folder = NULL;
	unsigned long long uidv, uid;
	int rc, opened = 0;

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
		if ((rc = login(s, err)) != SRC_OK)
			goto out;
		opened = 1;
	}
	rc = imap_requeue_key(s, key, folder, err);
out:
	if (opened)
		imap_close(s);
	free(folder);
	return rc;
}

static int
imap_checkpoint(struct source *s, struct source_checkpoint *cp)
{
	return imap_checkpoint_take(s->priv, cp);
}

const struct source_ops imap_source_ops = {
    .name = "imap",
    .open = imap_open,
    .next = imap_next,
    .done = imap_done,
    .quarantine = imap_quarantine,
    .checkpoint = imap_checkpoint,
    .requeue = imap_requeue,
    .close = imap_close,
    .free = imap_free,
};
