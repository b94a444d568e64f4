/* maildir.c: the maildir: source (new/ and cur/, Maildir++ folders); filed mail moves to .Filed, bad mail to
 * .Quarantine. */
/* SPDX-License-Identifier: Apache-2.0 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "caps.h"
#include "log.h"
#include "source.h"
#include "util.h"

struct maildir {
	char *root;           /* owned */
	struct strv keys;     /* this cycle's messages, relative to root: "new/NAME", ".Sent/cur/NAME" */
	struct strv outgoing; /* "1" or "0" per key */
	size_t next;
};

static const char *
base_of(const char *key)
{
	const char *b = strrchr(key, '/');

	return b ? b + 1 : key;
}

static int
valid_name(const char *n)
{
	return n[0] != '\0' && n[0] != '.' && !strchr(n, '/') && !str_has_ctl(n);
}

/* Keys carry their direction as a prefix while sorting: "1" or "0", then the key. */
static int
cmp_base(const void *a, const void *b)
{
	const char *x = *(char *const *)a + 1, *y = *(char *const *)b + 1;
	int c = strcmp(base_of(x), base_of(y));

	return c ? c : strcmp(x, y);
}

static void
scan(struct maildir *md, const char *folder, const char *sub, int outgoing)
{
	char *dir = xasprintf("%s/%s%s%s", md->root, folder, *folder ? "/" : "", sub);
	struct strv names = {0};
	struct dirent *de;
	DIR *d;

	if (!(d = opendir(dir)))
		goto out;
	while ((de = readdir(d)) != NULL)
		if (valid_name(de->d_name))
			strv_push(&names, de->d_name);
	closedir(d);
	for (size_t i = 0; i < names.n; i++)
		strv_pushf(&md->keys, "%d%s%s%s/%s", outgoing, folder, *folder ? "/" : "", sub, names.v[i]);
out:
	strv_free(&names);
	free(dir);
}

static int
md_open(struct source *s, char **err)
{
	struct maildir *md = s->priv;
	const char *root = s->cfg->mailbox_url + strlen("maildir:");
	struct stat sb;
	char *p;

	if (!md) {
		md = s->priv = xcalloc(1, sizeof(*md));
		if (strncmp(root, "//", 2) == 0)
			root += 2;
		md->root = xstrdup(root);
	}
	strv_free(&md->keys);
	strv_free(&md->outgoing);
	md->next = 0;
	p = xasprintf("%s/new", md->root);
	if (stat(p, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
		*err = xasprintf("maildir %s: no new/ folder (%s)", md->root, strerror(errno ? errno : ENOTDIR));
		free(p);
		return SRC_FATAL;
	}
	free(p);
	strv_free(&md->outgoing);
	scan(md, "", "new", 0);
	scan(md, "", "cur", 0);
	for (size_t i = 0; i < s->cfg->folders.n; i++) {
		char *f = xasprintf(".%s", s->cfg->folders.v[i]);
		scan(md, f, "new", 0);
		scan(md, f, "cur", 0);
		free(f);
	}
	for (size_t i = 0; i < s->cfg->sent_folders.n; i++) {
		char *f = xasprintf(".%s", s->cfg->sent_folders.v[i]);
		scan(md, f, "new", 1);
		scan(md, f, "cur", 1);
		free(f);
	}
	/* Maildir names begin with the delivery time: across every folder, sorted by name, the
	 * cycle files in arrival order, so a statement is filed before the replies to it. */
	if (md->keys.n)
		qsort(md->keys.v, md->keys.n, sizeof(*md->keys.v), cmp_base);
	for (size_t i = 0; i < md->keys.n; i++) {
		char *k = md->keys.v[i];
		strv_push(&md->outgoing, k[0] == '1' ? "1" : "0");
		memmove(k, k + 1, strlen(k));
	}
	return SRC_OK;
}

/* Message i of the cycle into *m, without its bytes. */
static void
msg_fill(const struct maildir *md, size_t i, struct source_msg *m)
{
	memset(m, 0, sizeof(*m));
	m->key = xstrdup(md->keys.v[i]);
	m->folder = xstrndup(m->key, strcspn(m->key, "/"));
	m->outgoing = md->outgoing.v[i][0] == '1';
}

static int
md_next(struct source *s, struct source_msg *m, char **err)
{
	struct maildir *md = s->priv;

	(void)err;
	while (md->next < md->keys.n) {
		size_t i = md->next++;
		char *path = xasprintf("%s/%s", md->root, md->keys.v[i]), *data = NULL, *e = NULL, *why = NULL;
		struct stat sb;
		size_t len;
		int r;

		/* Too large to read: set aside unread, with the reason, so it cannot block the folder. */
		if (stat(path, &sb) == 0 && (unsigned long long)sb.st_size > LSD_MAX_MESSAGE)
			why = xasprintf("%lld bytes, over the %u byte limit for one message", (long long)sb.st_size,
			    LSD_MAX_MESSAGE);
		else if ((r = file_read(path, LSD_MAX_MESSAGE, &data, &len, &e)) != 0 && errno == ENOENT) {
			free(path); /* gone since the scan: another reader took it */
			free(e);
			continue;
		} else if (r != 0) {
			/* A directory, a FIFO, a file we may not read: one bad entry must not stop the rest. */
			why = xasprintf("cannot be read: %s", e);
			free(e);
		}
		free(path);
		msg_fill(md, i, m);
		if (why) {
			m->reason = why; /* the pipeline records it, then calls md_quarantine() */
			return SRC_REJECT;
		}
		m->data = (unsigned char *)data;
		m->len = len;
		return SRC_OK;
	}
	return SRC_NONE;
}

/* Moves key into folder's cur/ (Maildir++ ".NAME"), creating it; the name keeps its unique part. */
static int
move_to(struct maildir *md, const char *key, const char *folder, const char *sub, char **err)
{
	const char *base = strrchr(key, '/');
	char *dir = xasprintf("%s/.%s", md->root, folder), *from = NULL, *to = NULL;
	int rc = -1;

	base = base ? base + 1 : key;
	for (const char *p = "cur\0new\0tmp\0"; *p; p += 4) {
		char *d = xasprintf("%s/%s", dir, p);
		mkdir_p(d, 0700);
		free(d);
	}
	from = xasprintf("%s/%s", md->root, key);
	to = xasprintf("%s/%s/%s", dir, sub, base);
	if (rename(from, to) != 0) {
		*err = xasprintf("maildir: cannot move %s to %s: %s", from, to, strerror(errno));
		goto out;
	}
	rc = 0;
out:
	free(dir);
	free(from);
	free(to);
	return rc;
}

static int
md_done(struct source *s, const struct source_msg *m, char **err)
{
	return move_to(s->priv, m->key, s->cfg->filed_folder, "cur", err) == 0 ? SRC_OK : SRC_RETRY;
}

static int
md_quarantine(struct source *s, const struct source_msg *m, const char *reason, char **err)
{
	return move_to(s->priv, m->key, s->cfg->quarantine_folder, "cur", err) == 0 ? SRC_OK : SRC_RETRY;
}

static int
md_requeue(struct source *s, const char *key, char **err)
{
	struct maildir *md = s->priv;
	const char *base = strrchr(key, '/');
	char *from, *to;
	int rc = SRC_OK;

	if (!md) {
		char *e = NULL;
		if (md_open(s, &e) != SRC_OK) {
			*err = e;
			return SRC_FATAL;
		}
		md = s->priv;
	}
	base = base ? base + 1 : key;
	if (!valid_name(base)) {
		*err = xasprintf("maildir: %s is not a message name", key);
		return SRC_FATAL;
	}
	from = xasprintf("%s/.%s/cur/%s", md->root, s->cfg->quarantine_folder, base);
	/* Back into the folder it came from, as new mail. */
	to = xasprintf("%s/%.*s%snew/%s", md->root, key[0] == '.' ? (int)strcspn(key, "/") : 0, key,
	    key[0] == '.' ? "/" : "", base);
	if (rename(from, to) != 0) {
		*err = xasprintf("maildir: cannot move %s back to %s: %s", from, to, strerror(errno));
		rc = SRC_FATAL;
	}
	free(from);
	free(to);
	return rc;
}

static void
md_close(struct source *s)
{
	struct maildir *md = s->priv;

	if (md) {
		strv_free(&md->keys);
		strv_free(&md->outgoing);
		md->next = 0;
	}
}

static void
md_free(struct source *s)
{
	struct maildir *md = s->priv;

	if (!md)
		return;
	md_close(s);
	free(md->root);
	free(md);
	s->priv = NULL;
}

const struct source_ops maildir_source_ops = {
    .name = "maildir",
    .open = md_open,
    .next = md_next,
    .done = md_done,
    .quarantine = md_quarantine,
    .requeue = md_requeue,
    .close = md_close,
    .free = md_free,
};
