/* compose.c: outgoing RFC 5322 messages built with GMime, so headers are encoded (RFC 2047) and folded right. */
/* SPDX-License-Identifier: Apache-2.0 */
#include "compose.h"

#include <glib.h>
#include <gmime/gmime.h>
#include <stdlib.h>
#include <string.h>

/* One mailbox, nothing more: GMime's lenient parser would return the first of a list.
 * Outside quoted display names there is one '@' and no list separator. */
static int
single_mailbox(const char *s)
{
	int quoted = 0, at = 0;

	for (; *s; s++) {
		if (*s == '\\' && quoted && s[1])
			s++;
		else if (*s == '"')
			quoted = !quoted;
		else if (!quoted && (*s == ',' || *s == ';'))
			return 0;
		else if (!quoted && *s == '@')
			at++;
	}
	return at == 1 && !quoted;
}

char *
address_only(const char *mailbox)
{
	InternetAddressList *l;
	InternetAddress *a;
	char *out = NULL;
	const char *addr;

	if (!mailbox || str_has_ctl(mailbox) || !single_mailbox(mailbox))
		return NULL;
	l = internet_address_list_parse(NULL, mailbox);
	if (!l)
		return NULL;
	if (internet_address_list_length(l) == 1 &&
	    INTERNET_ADDRESS_IS_MAILBOX(a = internet_address_list_get_address(l, 0))) {
		addr = internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(a));
		if (addr && strchr(addr, '@') && strchr(addr, '@') == strrchr(addr, '@') && !str_has_ctl(addr) &&
		    !strpbrk(addr, " <>\"") && strlen(addr) <= 320) {
			out = xstrdup(addr);
			str_lower(out);
		}
	}
	g_object_unref(l);
	return out;
}

/* A Message-ID we repeat in In-Reply-To: "<…@…>" with nothing that could break the header. */
static int
valid_msgid(const char *id)
{
	size_t n = id ? strlen(id) : 0;

	return n >= 3 && n < 900 && id[0] == '<' && id[n - 1] == '>' && strchr(id, '@') && !str_has_ctl(id) &&
	    !strpbrk(id + 1, " <\"") && strchr(id, '>') == id + n - 1;
}

/* A UTF-8 text part of subtype sub, quoted-printable. Owned (a reference). */
static GMimeObject *
text_part(const char *sub, const char *text)
{
	GMimeTextPart *p = g_mime_text_part_new_with_subtype(sub);

	g_mime_text_part_set_text(p, text ? text : "");
	g_mime_text_part_set_charset(p, "utf-8");
	g_mime_part_set_content_encoding(GMIME_PART(p), GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE);
	return GMIME_OBJECT(p);
}

/* The body: the text alone, or text and HTML as alternatives, the preferred (HTML) last (RFC 2046 5.1.4). */
static GMimeObject *
body_part(const struct compose *c)
{
	GMimeMultipart *alt;
	GMimeObject *p;

	if (!c->html)
		return text_part("plain", c->body);
	alt = g_mime_multipart_new_with_subtype("alternative");
	p = text_part("plain", c->body);
	g_mime_multipart_add(alt, p);
	g_object_unref(p);
	p = text_part("html", c->html);
	g_mime_multipart_add(alt, p);
	g_object_unref(p);
	return GMIME_OBJECT(alt);
}

char *
compose_mail(const struct compose *c, size_t *len, char **err)
{
	GMimeMessage *m = g_mime_message_new(TRUE);
	GMimeObject *body = NULL;
	GMimeFormatOptions *fo = g_mime_format_options_new();
	InternetAddressList *from = NULL;
	GDateTime *dt = NULL;
	char *subject = str_oneline(c->subject ? c->subject : "", 900);
	char *fromaddr = address_only(c->from), *domain, *id = NULL, *text = NULL, *out = NULL;

	*err = NULL;
	if (!fromaddr) {
		*err = xasprintf("smtp.from: not a mailbox: %s", c->from ? c->from : "(none)");
		goto out;
	}
	from = internet_address_list_parse(NULL, c->from);
	if (!from) {
		*err = xasprintf("smtp.from: not a mailbox: %s", c->from);
		goto out;
	}
	internet_address_list_append(g_mime_message_get_from(m), from);
	for (size_t i = 0; i < c->to->n; i++) {
		char *a = address_only(c->to->v[i]);
		if (!a) {
			*err = xstrdup("refusing a recipient address that is not a plain mailbox");
			goto out;
		}
		g_mime_message_add_mailbox(m, GMIME_ADDRESS_TYPE_TO, NULL, a);
		free(a);
	}
	g_mime_message_set_subject(m, subject, "utf-8");
	dt = g_date_time_new_from_unix_utc(c->date);
	g_mime_message_set_date(m, dt);
	domain = strchr(fromaddr, '@') + 1;
	id = g_mime_utils_generate_message_id(domain);
	g_mime_message_set_message_id(m, id);
	if (c->in_reply_to && valid_msgid(c->in_reply_to)) {
		g_mime_object_set_header(GMIME_OBJECT(m), "In-Reply-To", c->in_reply_to, NULL);
		g_mime_object_set_header(GMIME_OBJECT(m), "References", c->in_reply_to, NULL);
	}
	if (c->auto_submitted) {
		/* RFC 3834, and the headers Exchange and others honour, so no responder answers us back. */
		g_mime_object_set_header(GMIME_OBJECT(m), "Auto-Submitted", c->auto_submitted, NULL);
		g_mime_object_set_header(GMIME_OBJECT(m), "X-Auto-Response-Suppress", "All", NULL);
	}
	body = body_part(c);
	g_mime_message_set_mime_part(m, body);
	g_mime_format_options_set_newline_format(fo, GMIME_NEWLINE_FORMAT_DOS);
	text = g_mime_object_to_string(GMIME_OBJECT(m), fo);
	out = xstrdup(text);
	*len = strlen(out);
out:
	g_free(text);
	g_free(id);
	if (dt)
		g_date_time_unref(dt);
	if (from)
		g_object_unref(from);
	if (body)
		g_object_unref(body);
	g_object_unref(m);
	g_mime_format_options_free(fo);
	free(subject);
	free(fromaddr);
	return out;
}
