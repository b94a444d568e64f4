/* text.c: a plain-text attachment or mail body (RFC 2046 §4.1) as paragraphs, one a line. */
/* SPDX-License-Identifier: Apache-2.0 */
#include "text.h"
#include "xout.h"

#include <stdlib.h>
#include <string.h>

int
text_extract(
    const void *data, size_t len, const char *charset, const struct extract_limits *lim, struct doc **out, char **err)
{
	struct xout o;
	char *text = NULL; /* owned */
	size_t start = 0, i, n;
	int rc = -1;

	xout_init(&o, lim);
	if (out)
		*out = NULL;
	if (err)
		*err = NULL;
	if (xout_input(&o, "text", len) < 0)
		goto out;
	text = xto_utf8(data, len, charset);
	n = strlen(text);
	/* One paragraph a line, blank lines kept: mail bodies separate paragraphs with them. */
	for (i = 0; i <= n; i++) {
		if (i < n && text[i] != '\n' && text[i] != '\r')
			continue;
		if (i == n && start == n)
			break;
		{
			char save = text[i];
			int r;

			text[i] = '\0';
			r = xout_para(&o, text + start);
			text[i] = save;
			if (r < 0)
				goto out;
		}
		if (i + 1 < n && text[i] == '\r' && text[i + 1] == '\n')
			i++;
		start = i + 1;
	}
	rc = 0;
out:
	free(text);
	return xout_finish(&o, rc, out, err);
}
