/* source.c: choosing the mail source from mailbox.url; the pipeline sees only the ops table. */
/* SPDX-License-Identifier: Apache-2.0 */
#include "source.h"

#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "util.h"

void
source_msg_clear(struct source_msg *m)
{
	free(m->key);
	free(m->folder);
	free(m->data);
	free(m->reason);
	memset(m, 0, sizeof(*m));
}

struct source *
source_new(const struct config *cfg, struct store *store, char **err)
{
	struct source *s;
	const struct source_ops *ops;

	if (strncmp(cfg->mailbox_url, "maildir:", 8) == 0)
		ops = &maildir_source_ops;
	else if (strncmp(cfg->mailbox_url, "imap://", 7) == 0 || strncmp(cfg->mailbox_url, "imaps://", 8) == 0)
		ops = &imap_source_ops;
	else {
		*err = xasprintf("mailbox.url: unknown scheme in %s", cfg->mailbox_url);
		return NULL;
	}
	s = xcalloc(1, sizeof(*s));
	s->ops = ops;
	s->cfg = cfg;
	s->store = store;
	return s;
}

void
source_free(struct source *s)
{
	if (!s)
		return;
	if (s->ops && s->ops->free)
		s->ops->free(s);
	free(s);
}
