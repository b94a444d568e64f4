/* spool.c: the spool: transport: one .eml file per mail, written atomically, the envelope in front as an MTA would. */
/* SPDX-License-Identifier: Apache-2.0 */
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "transport.h"
#include "util.h"

/* The spool file's name comes from our own key, reduced to a safe alphabet: never from mail. */
static char *
spool_name(const char *dir, const char *key)
{
	struct buf b = {0};

	buf_printf(&b, "%s/", dir);
	for (const char *p = key; *p && b.len < 200; p++) {
		char c = *p;
		buf_addc(&b,
		    ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
		        c == '_' || c == '.')
		        ? c
		        : '_');
	}
	buf_adds(&b, ".eml");
	return buf_steal(&b);
}

static int
spool_send(struct transport *t, const char *mail_from, const char *const *rcpt, size_t nrcpt, const char *data,
    size_t len, const char *key, char **err)
{
	const char *dir = t->cfg->smtp_url + strlen("spool:");
	struct buf b = {0};
	char *path = NULL;
	int rc = TR_RETRY;

	if (strncmp(dir, "//", 2) == 0)
		dir += 2;
	/* The addresses go into headers: nothing that could end one. */
	for (size_t i = 0; i < nrcpt; i++)
		if (!transport_address_ok(rcpt[i])) {
			*err = xasprintf("spool: refusing recipient %zu: not a plain address", i + 1);
			rc = TR_FAIL;
			goto out;
		}
	if (*mail_from && !transport_address_ok(mail_from)) {
		*err = xstrdup("spool: refusing an envelope sender that is not a plain address");
		rc = TR_FAIL;
		goto out;
	}
	if (mkdir_p(dir, 0750) != 0) {
		*err = xasprintf("spool %s: cannot create the folder", dir);
		goto out;
	}
	/* The envelope travels in front, as the Return-Path and X-Envelope-To an MTA would add. */
	buf_printf(&b, "Return-Path: <%s>\r\n", mail_from);
	for (size_t i = 0; i < nrcpt; i++)
		buf_printf(&b, "X-Envelope-To: <%s>\r\n", rcpt[i]);
	buf_add(&b, data, len);
	path = spool_name(dir, key);
	if (file_write_atomic(path, b.s, b.len, err) != 0)
		goto out;
	rc = TR_OK;
out:
	free(path);
	buf_free(&b);
	return rc;
}

const struct transport_ops spool_transport_ops = {
    .name = "spool",
    .send = spool_send,
    .free = NULL,
};
