/* transport.c: choosing the transport from smtp.url; the pipeline sees only the ops table. */
/* SPDX-License-Identifier: Apache-2.0 */
#include "transport.h"

#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "util.h"

struct transport *
transport_new(const struct config *cfg, char **err)
{
	struct transport *t;
	const struct transport_ops *ops;

	if (strncmp(cfg->smtp_url, "spool:", 6) == 0)
		ops = &spool_transport_ops;
	else if (strncmp(cfg->smtp_url, "smtp://", 7) == 0 || strncmp(cfg->smtp_url, "smtps://", 8) == 0)
		ops = &smtp_transport_ops;
	else {
		*err = xasprintf("smtp.url: unknown scheme in %s", cfg->smtp_url);
		return NULL;
	}
	t = xcalloc(1, sizeof(*t));
	t->ops = ops;
	t->cfg = cfg;
	return t;
}

int
transport_address_ok(const char *a)
{
	const char *at;
	size_t n;

	if (!a)
		return 0;
	n = strlen(a);
	if (n == 0 || n > 320 || str_has_ctl(a) || strpbrk(a, " <>"))
		return 0;
	at = strrchr(a, '@');
	return at && at != a && at[1] != '\0';
}

void
transport_free(struct transport *t)
{
	if (!t)
		return;
	if (t->ops && t->ops->free)
		t->ops->free(t);
	free(t);
}
