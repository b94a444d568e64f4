/* imap_fetch.c: the IMAP source's per-folder state, search and fetch (RFC 3501/9051: UIDVALIDITY, UID SEARCH). */
/* SPDX-License-Identifier: Apache-2.0 */
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "config.h"
#include "imap_int.h"
#include "log.h"
#include "source.h"
#include "store.h" /* read only: the folders' recorded state */
#include "util.h"

/*
 * A folder's cycle: STATUS (UIDVALIDITY UIDNEXT); a folder whose UIDNEXT is not past the
 * highest UID done costs nothing more. Otherwise the UIDs above it that lack the keyword are
 * searched in windows of fetch_chunk UIDs (a window that finds nothing doubles, so a sparse
 * UID space costs few searches), and each message is fetched with the URL form. The store's
 * per-folder state (UIDVALIDITY, last UID) only advances over UIDs that done() or
 * quarantine() finished, in order; a message the pipeline gave up on stops the advance, so
 * it comes back next cycle. The state is read from the store here but never written: each
 * advance is queued as a checkpoint that the pipeline records (source.h).
 */

/* STATUS of the folder fi into im->uidvalidity/uidnext. SRC_OK, SRC_RETRY or SRC_FATAL. */
int
imap_folder_status(struct source *s, char **err)
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
	if ((cc = imap_perform_root(im, buf_str(&cmd))) != CURLE_OK) {
		rc = imap_fail(s, cc, what, err);
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
checkpoint_push(struct imap *im, const char *folder, unsigned long long uidvalidity, unsigned long long uid)
{
	struct source_checkpoint *cp;

	im->cps = xrealloc(im->cps, (im->ncps + 1) * sizeof(*im->cps));
	cp = &im->cps[im->ncps++];
	cp->folder = xstrdup(folder);
	cp->uidvalidity = uidvalidity;
	cp->last_uid = uid;
}

/* The current folder is finished up to uid: queued for the pipeline, which records it after its commits. */
static void
checkpoint(struct source *s, unsigned long long uid)
{
	struct imap *im = s->priv;

	if (uid <= im->last || im->stuck)
		return;
	checkpoint_push(im, im->folders[im->fi].name, im->uidvalidity, uid);
	/* Taken as kept: a failed write only means the UIDs are searched again and the store's dedupe skips them. */
	im->last = uid;
}

int
imap_checkpoint_take(struct imap *im, struct source_checkpoint *cp)
{
	if (!im || im->ncps == 0)
		return 0;
	*cp = im->cps[0];
	memmove(im->cps, im->cps + 1, (im->ncps - 1) * sizeof(*im->cps));
	im->ncps--;
	return 1;
}

void
imap_checkpoints_clear(struct imap *im)
{
	for (size_t i = 0; i < im->ncps; i++)
		free(im->cps[i].folder);
	free(im->cps);
	im->cps = NULL;
	im->ncps = 0;
}

/* Begins folder fi: state from the store, reset on a new UIDVALIDITY; skips it when nothing is new. */
static int
folder_begin(struct source *s, char **err)
{
	struct imap *im = s->priv;
	const char *name = im->folders[im->fi].name;
	unsigned long long sv = 0, slast = 0;
	int rc, found;

	if (!im->have_status && (rc = imap_folder_status(s, err)) != SRC_OK) {
		/* mailbox.sent_folders left to its default, [ "Sent" ], on a server that has no such folder. */
		if (rc == SRC_FATAL && im->folders[im->fi].optional && *err && strstr(*err, "does not exist")) {
			log_debug("imap: %s: no such folder (the default mailbox.sent_folders); skipped", name);
			free(*err);
			*err = NULL;
			im->fi++;
			return SRC_OK;
		}
		return rc;
	}
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
		checkpoint_push(im, name, im->uidvalidity, 0);
	}
	im->last = slast;
	im->uids.n = 0;
	im->pos = im->adv = 0;
	im->stuck = 0;
	if (im->uidnext && im->uidnext <= slast + 1) {
		im->fi++;
		return SRC_OK;
	}
	im->phase = IMAP_PH_WINDOWS;
	im->wfirst = 1;
	im->wlast = 0;
	im->wwidth = (unsigned long long)s->cfg->fetch_chunk;
	return SRC_OK;
}

/* Searches the next window of UIDs into im->uids. */
static int
search_window(struct source *s, char **err)
{
	struct imap *im = s->priv;
	const char *name = im->folders[im->fi].name;
	unsigned long long chunk = (unsigned long long)s->cfg->fetch_chunk; /* at least 1 (config.c) */
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
	if ((cc = imap_perform_in(im, name, im->uidvalidity, buf_str(&cmd))) != CURLE_OK) {
		rc = imap_fail(s, cc, what, err);
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

/*
 * A message the pipeline cannot be given (over LSD_MAX_MESSAGE: it would be held in memory,
 * then again by the parser; or one the server refuses to hand over) is reported with the
 * reason, without its bytes: the pipeline records the quarantine, then calls quarantine()
 * to move it aside, so it cannot block the folder and the state advances over it only once
 * it is out of the way. Returns SRC_REJECT.
 */
static int
reject(struct source *s, unsigned long long uid, const char *reason, struct source_msg *m)
{
	struct imap *im = s->priv;
	const struct imap_folder *f = &im->folders[im->fi];

	m->key = imap_key_make(f->name, im->uidvalidity, uid);
	m->folder = xstrdup(f->name);
	m->outgoing = f->outgoing;
	m->reason = xstrdup(reason);
	return SRC_REJECT;
}

/*
 * libcurl reports "not found" for any tagged answer to a FETCH that brought no message, a
 * NO included. Only a search that no longer finds the UID shows it was expunged (SRC_NONE);
 * a message still there that the server would not give is reported (SRC_REJECT). said: the
 * FETCH's tagged answer.
 */
static int
fetch_refused(struct source *s, unsigned long long uid, const char *said, struct source_msg *m, char **err)
{
	struct imap *im = s->priv;
	const char *name = im->folders[im->fi].name;
	struct imap_uids found = {0};
	struct buf cmd = {0};
	char *what = xasprintf("looking for UID %llu in %s", uid, name), *reason = NULL;
	int rc;
	CURLcode cc;

	buf_printf(&cmd, "UID SEARCH UID %llu", uid);
	if ((cc = imap_perform_in(im, name, im->uidvalidity, buf_str(&cmd))) != CURLE_OK) {
		rc = imap_fail(s, cc, what, err);
		goto out;
	}
	if (imap_parse_search(im->body.s, im->body.len, uid, uid, &found) != 0) {
		*err = xasprintf("imap: %s: no SEARCH response from %s", what, im->url.host);
		rc = SRC_RETRY;
		goto out;
	}
	if (found.n == 0) {
		rc = SRC_NONE;
		goto out;
	}
	reason = xasprintf("the server would not give it: %s", *said ? said : "no data");
	rc = reject(s, uid, reason, m);
out:
	imap_uids_free(&found);
	buf_free(&cmd);
	free(what);
	free(reason);
	return rc;
}

/* Fetches one message. SRC_OK, SRC_NONE when it vanished meanwhile, SRC_REJECT (see reject()), or the error. */
static int
fetch(struct source *s, unsigned long long uid, struct source_msg *m, char **err)
{
	struct imap *im = s->priv;
	const struct imap_folder *f = &im->folders[im->fi];
	char *url = imap_url_fetch(im->url.base, f->name, im->uidvalidity, uid);
	char *what = xasprintf("fetching UID %llu of %s", uid, f->name), *said = NULL;
	int rc = SRC_OK, tries;
	CURLcode cc = CURLE_OK;

	/* A custom UID FETCH would return only its first line (libcurl 7.88): the URL form reads the literal. */
	for (tries = 0; tries < 2; tries++) {
		cc = imap_perform(im, url, NULL);
		/* An unsolicited FETCH (flags changed by another client) first confuses libcurl's parser: once more. */
		if (cc != CURLE_WEIRD_SERVER_REPLY)
			break;
	}
	if (cc == CURLE_WRITE_ERROR && im->too_big) {
		rc = reject(s, uid, "larger than 64 MB: not read", m);
		goto out;
	}
	if (cc != CURLE_OK) {
		if (imap_classify(cc, im->errbuf) == IMAP_E_GONE) {
			said = imap_tagged_text(im->tagged.s, im->tagged.len);
			rc = fetch_refused(s, uid, said, m, err);
			goto out;
		}
		rc = imap_fail(s, cc, what, err);
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
	free(said);
	free(url);
	free(what);
	return rc;
}

/* A message of this cycle's current window is finished: advance the stored state over the finished prefix. */
void
imap_finished(struct source *s, const char *folder, unsigned long long uidvalidity, unsigned long long uid)
{
	struct imap *im = s->priv;

	if (im->fi >= im->nfolders || im->phase != IMAP_PH_WINDOWS || strcmp(folder, im->folders[im->fi].name) != 0 ||
	    uidvalidity != im->uidvalidity || !im->finished)
		return;
	im->adv = imap_finish_mark(im->uids.v, im->finished, im->adv, im->pos, uid);
	if (im->adv > 0)
		checkpoint(s, im->uids.v[im->adv - 1]);
}

/* The index of uid among the UIDs handed out and not finished, or -1. */
static long
handed_out(const struct imap *im, unsigned long long uid)
{
	for (size_t i = im->adv; i < im->pos; i++)
		if (im->uids.v[i] == uid)
			return (long)i;
	return -1;
}

int
imap_pending_add(struct source *s, const char *folder, unsigned long long uidvalidity, unsigned long long uid)
{
	struct imap *im = s->priv;
	long i;

	if (im->fi >= im->nfolders || im->phase != IMAP_PH_WINDOWS || strcmp(folder, im->folders[im->fi].name) != 0 ||
	    uidvalidity != im->uidvalidity || !im->finished || (i = handed_out(im, uid)) < 0 || im->finished[i])
		return 0;
	im->finished[i] = 2;
	imap_uids_push(&im->pending, uid);
	return 1;
}

int
imap_pending_flush(struct source *s, char **err)
{
	struct imap *im = s->priv;
	struct buf set = {0};
	const char *folder;
	int rc = SRC_OK;
	long i;

	if (!im || im->pending.n == 0)
		return SRC_OK;
	folder = im->folders[im->fi].name;
	for (size_t k = 0; k < im->pending.n; k++)
		buf_printf(&set, "%s%llu", k ? "," : "", im->pending.v[k]);
	rc = imap_mark_set(s, folder, im->uidvalidity, buf_str(&set), err);
	for (size_t k = 0; k < im->pending.n; k++) {
		if (rc == SRC_OK)
			imap_finished(s, folder, im->uidvalidity, im->pending.v[k]);
		else if ((i = handed_out(im, im->pending.v[k])) >= 0)
			im->finished[i] = 0; /* not marked: the folder's state stops before it this cycle */
	}
	im->pending.n = 0;
	buf_free(&set);
	return rc;
}

/* A message handed out and neither finished nor owed its mark: the pipeline gave up on it for now. */
static int
left_unfinished(const struct imap *im)
{
	for (size_t i = im->adv; i < im->pos; i++)
		if (!im->finished[i])
			return 1;
	return 0;
}

int
imap_fetch_next(struct source *s, struct source_msg *m, char **err)
{
	struct imap *im = s->priv;
	int rc;

	for (;;) {
		if (im->fi >= im->nfolders)
			return SRC_NONE;
		if (im->phase == IMAP_PH_STATUS) {
			if ((rc = folder_begin(s, err)) != SRC_OK)
				return rc;
			continue;
		}
		/* A batch of marks is full, or the window is read: send them before anything moves on. */
		if (im->pending.n >= IMAP_MARK_BATCH || (im->pending.n && im->pos >= im->uids.n)) {
			if ((rc = imap_pending_flush(s, err)) != SRC_OK)
				return rc;
		}
		if (im->pos > im->adv && left_unfinished(im))
			im->stuck = 1;
		if (im->pos < im->uids.n) {
			unsigned long long uid = im->uids.v[im->pos];
			rc = fetch(s, uid, m, err);
			im->pos++;
			if (rc == SRC_NONE) {
				/* Expunged since the search: nothing to file, nothing to hold the state back. */
				imap_finished(s, im->folders[im->fi].name, im->uidvalidity, uid);
				continue;
			}
			/* SRC_REJECT counts as handed out: finished once quarantine() has moved it. */
			if (rc != SRC_OK && rc != SRC_REJECT)
				im->pos--;
			return rc;
		}
		if (!im->wfirst && !im->stuck && im->adv == im->uids.n)
			checkpoint(s, im->wend);
		if (im->wlast) {
			im->fi++;
			im->phase = IMAP_PH_STATUS;
			continue;
		}
		if ((rc = search_window(s, err)) != SRC_OK)
			return rc;
	}
}
