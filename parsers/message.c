/* message.c: GMime 3 → struct msg (RFC 5322, MIME RFC 2045-2049, RFC 2047/2231 names); GMime stays in here. */
/* SPDX-License-Identifier: Apache-2.0 */
#include "message.h"
#include "html.h"
#include "text.h"

#include <glib.h>
#include <gmime/gmime.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DEPTH 8   /* nested multiparts and forwarded messages */
#define MAX_PARTS 512 /* leaves kept per message */
#define MAX_WARNINGS 64
/* GMime makes an object of every header field and every part, hundreds of bytes to kilobytes each whatever
 * their size in the message: 20 MB of tiny fields cost it 1.6 GB and 45 s. A message over these is not parsed. */
#define MAX_FIELDS 100000            /* lines that start a header field, in the whole message */
#define MAX_FIELD_BYTES (256 * 1024) /* one field with its folded lines (GMime grows it in steps) */
#define MAX_DASH_LINES 25000         /* lines that start with "--": boundaries, so parts */

static struct extract_limits limits;

struct walk {
	struct msg *m;
	int parts;
	int have_plain;
	int have_html;
	char *html; /* owned: the first text/html body, decoded */
	size_t htmllen;
	char *html_charset;
};

static struct msg *convert(GMimeMessage *gm, const void *raw, size_t len, int depth);
static void warn(struct msg *m, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
warn(struct msg *m, const char *fmt, ...)
{
	struct buf b = {0};
	va_list ap;

	if (m->warnings.n >= MAX_WARNINGS)
		return;
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	strv_push_owned(&m->warnings, buf_steal(&b));
}

static void
parser_warning(gint64 offset, GMimeParserWarning errcode, const gchar *item, gpointer data)
{
	struct msg *m = data;
	const char *what;

	switch (errcode) {
	case GMIME_WARN_MALFORMED_MULTIPART: what = "malformed multipart (no closing boundary?)"; break;
	case GMIME_WARN_TRUNCATED_MESSAGE:
		what = "the message ends before the closing boundary of its multipart";
		break;
	case GMIME_WARN_MALFORMED_MESSAGE: what = "malformed message"; break;
	case GMIME_WARN_INVALID_CONTENT_TYPE: what = "invalid Content-Type"; break;
	case GMIME_WARN_INVALID_PARAMETER: what = "invalid parameter"; break;
	case GMIME_WARN_INVALID_RFC2047_HEADER_VALUE: what = "invalid encoded word"; break;
	case GMIME_WARN_PART_WITHOUT_CONTENT: what = "part without content"; break;
	case GMIME_CRIT_MULTIPART_WITHOUT_BOUNDARY: what = "multipart without boundary"; break;
	case GMIME_CRIT_CONFLICTING_HEADER: what = "conflicting header"; break;
	case GMIME_CRIT_CONFLICTING_PARAMETER: what = "conflicting parameter"; break;
	case GMIME_WARN_UNENCODED_8BIT_HEADER: return; /* common and harmless: GMime decodes it */
	case GMIME_WARN_DUPLICATED_HEADER:
	case GMIME_WARN_DUPLICATED_PARAMETER: return;
	default: what = "MIME problem"; break;
	}
	if (item && *item) {
		char *one = str_oneline(item, 80);
		warn(m, "mime: %s (%s)", what, one);
		free(one);
	} else if (offset >= 0)
		warn(m, "mime: %s at byte %lld", what, (long long)offset);
	else
		warn(m, "mime: %s", what); /* GMime gives -1 at the end of the input */
}

static char *
sha256_hex(const void *data, size_t len, char out[65])
{
	gchar *hex = g_compute_checksum_for_data(G_CHECKSUM_SHA256, data, len);

	snprintf(out, 65, "%s", hex ? hex : "");
	g_free(hex);
	return out;
}

/* Header text, unfolded and decoded where GMime decodes it; owned or NULL when absent. */
static char *
header(GMimeObject *o, const char *name)
{
	const char *v = g_mime_object_get_header(o, name);
	char *s, *t;

	if (!v)
		return NULL;
	s = str_oneline(v, 4096);
	t = str_collapse_ws(s);
	free(s);
	return t;
}

static unsigned char *
part_bytes(GMimePart *part, size_t *len)
{
	GMimeDataWrapper *w = g_mime_part_get_content(part);
	GMimeStream *mem;
	GByteArray *arr;
	unsigned char *out;

	*len = 0;
	if (!w)
		return (unsigned char *)xstrdup("");
	mem = g_mime_stream_mem_new();
	g_mime_data_wrapper_write_to_stream(w, mem);
	arr = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem));
	out = xmalloc(arr->len + 1);
	if (arr->len)
		memcpy(out, arr->data, arr->len);
	out[arr->len] = '\0';
	*len = arr->len;
	g_object_unref(mem);
	return out;
}

/* GMime's base64 decoder skips what it cannot read; say so, since the attachment is damaged. */
static int
base64_damaged(GMimePart *part)
{
	GMimeDataWrapper *w = g_mime_part_get_content(part);
	GMimeStream *raw;
	char buf[4096];
	ssize_t n;
	int bad = 0;

	if (!w || g_mime_part_get_content_encoding(part) != GMIME_CONTENT_ENCODING_BASE64)
		return 0;
	raw = g_mime_data_wrapper_get_stream(w);
	if (!raw)
		return 0;
	g_mime_stream_reset(raw);
	while (!bad && (n = g_mime_stream_read(raw, buf, sizeof(buf))) > 0)
		for (ssize_t i = 0; i < n; i++) {
			unsigned char c = (unsigned char)buf[i];
			if (!(g_ascii_isalnum(c) || c == '+' || c == '/' || c == '=' || g_ascii_isspace(c))) {
				bad = 1;
				break;
			}
		}
	g_mime_stream_reset(raw);
	return bad;
}

/*
 * RFC 3676 format=flowed: a line that ends in a space continues on the next one (with
 * DelSp=yes that space goes too), and a leading space is stuffing. Thunderbird and Apple Mail
 * send tables and cover sheets this way; unjoined, every row would be cut at the soft breaks.
 */
static unsigned char *
unflow(const unsigned char *in, size_t len, int delsp, size_t *outlen)
{
	struct buf b = {0};
	size_t i = 0;

	while (i < len) {
		size_t start = i, end, depth = 0;
		const unsigned char *l;
		while (i < len && in[i] != '\n')
			i++;
		end = i < len ? i : len;
		i = i < len ? i + 1 : len;
		if (end > start && in[end - 1] == '\r')
			end--;
		l = in + start;
		while (start + depth < end && l[depth] == '>')
			depth++;
		buf_add(&b, l, depth);
		l += depth;
		end -= start + depth;
		if (end > 0 && l[0] == ' ')
			l++, end--;
		/* "-- " is the signature separator, never a soft break (section 4.3). */
		if (end > 0 && l[end - 1] == ' ' && !(end == 3 && memcmp(l, "-- ", 3) == 0)) {
			buf_add(&b, l, delsp ? end - 1 : end);
			continue;
		}
		buf_add(&b, l, end);
		buf_addc(&b, '\n');
	}
	*outlen = b.len;
	return (unsigned char *)buf_steal(&b);
}

static char *
mime_type(GMimeObject *o)
{
	GMimeContentType *ct = g_mime_object_get_content_type(o);
	char *t, *s;

	if (!ct)
		return xstrdup("text/plain");
	t = g_mime_content_type_get_mime_type(ct);
	s = str_oneline(t ? t : "application/octet-stream", 200);
	g_free(t);
	str_lower(s);
	return s;
}

static char *
ct_param(GMimeObject *o, const char *name)
{
	GMimeContentType *ct = g_mime_object_get_content_type(o);
	const char *v = ct ? g_mime_content_type_get_parameter(ct, name) : NULL;

	return v ? str_oneline(v, 200) : NULL;
}

static void
add_attachment(struct walk *w, GMimeObject *o, const char *type, struct msg *fwd, unsigned char *data, size_t len)
{
	struct msg *m = w->m;
	struct msg_attachment *a;
	const char *fn = GMIME_IS_PART(o) ? g_mime_part_get_filename(GMIME_PART(o)) : NULL;

	m->att = xrealloc(m->att, (m->natt + 1) * sizeof(*m->att));
	a = &m->att[m->natt++];
	memset(a, 0, sizeof(*a));
	a->filename = str_oneline(fn ? fn : "", 255);
	a->content_type = xstrdup(type);
	a->charset = ct_param(o, "charset");
	a->data = data ? data : (unsigned char *)xstrdup("");
	a->size = len;
	sha256_hex(a->data, len, a->sha256);
	a->type = extract_sniff(extract_type(a->content_type, a->filename), a->data, len);
	a->message = fwd;
}

static int
is_attachment(GMimeObject *o)
{
	GMimeContentDisposition *cd = g_mime_object_get_content_disposition(o);

	if (cd && g_mime_content_disposition_is_attachment(cd))
		return 1;
	return GMIME_IS_PART(o) && g_mime_part_get_filename(GMIME_PART(o)) != NULL;
}

/* A forwarded message/rfc822: parsed as a message of its own, and kept whole as an attachment. */
static void
walk_forwarded(struct walk *w, GMimeObject *o, const char *type, int depth)
{
	GMimeMessage *inner = g_mime_message_part_get_message(GMIME_MESSAGE_PART(o));
	struct msg *fwd = inner ? convert(inner, NULL, 0, depth + 1) : NULL;
	GMimeStream *mem = g_mime_stream_mem_new();
	GByteArray *arr;
	unsigned char *data;
	size_t len;

	if (inner)
		g_mime_object_write_to_stream(GMIME_OBJECT(inner), NULL, mem);
	arr = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem));
	len = arr->len;
	data = xmalloc(len + 1);
	if (len)
		memcpy(data, arr->data, len);
	data[len] = '\0';
	g_object_unref(mem);
	if (fwd)
		sha256_hex(data, len, fwd->sha256);
	add_attachment(w, o, type, fwd, data, len);
}

/* The first inline text/plain part is the body (format=flowed lines joined first). */
static void
walk_plain(struct walk *w, GMimeObject *o)
{
	struct msg *m = w->m;
	size_t len;
	unsigned char *data = part_bytes(GMIME_PART(o), &len);
	char *cs = ct_param(o, "charset"), *fmt = ct_param(o, "format"), *dsp = ct_param(o, "delsp");
	struct doc *d = NULL;
	char *err = NULL;

	if (fmt && strcasecmp(fmt, "flowed") == 0) {
		size_t n;
		unsigned char *joined = unflow(data, len, dsp && strcasecmp(dsp, "yes") == 0, &n);
		free(data);
		data = joined;
		len = n;
	}
	free(fmt);
	free(dsp);

	if (text_extract(data, len, cs, &limits, &d, &err) == 0) {
		doc_free(m->body);
		m->body = d;
		w->have_plain = 1;
	} else {
		warn(m, "body: %s", err);
		free(err);
	}
	free(cs);
	free(data);
}

/* A leaf part: the text body, the HTML body (read once the walk is over), a part to skip, or an attachment. */
static void
walk_part(struct walk *w, GMimeObject *o, const char *type)
{
	int inline_part = !is_attachment(o);
	unsigned char *data;
	size_t len;

	if (base64_damaged(GMIME_PART(o))) {
		const char *fn = g_mime_part_get_filename(GMIME_PART(o));
		char *one = str_oneline(fn ? fn : type, 120);
		warn(w->m, "mime: part %s has invalid base64; what could be decoded is kept", one);
		free(one);
	}
	if (inline_part && strcmp(type, "text/plain") == 0 && !w->have_plain) {
		walk_plain(w, o);
		return;
	}
	if (inline_part && strcmp(type, "text/html") == 0 && !w->have_html) {
		w->html = (char *)part_bytes(GMIME_PART(o), &w->htmllen);
		w->html_charset = ct_param(o, "charset");
		w->have_html = 1;
		return;
	}
	if (inline_part && strncmp(type, "text/", 5) == 0 && strcmp(type, "text/csv") != 0 &&
	    strcmp(type, "text/html") != 0 && strcmp(type, "text/plain") != 0)
		return; /* delivery-status, rfc822-headers, calendar… are not attachments */
	if (inline_part && strncmp(type, "message/", 8) == 0)
		return;
	data = part_bytes(GMIME_PART(o), &len);
	add_attachment(w, o, type, NULL, data, len);
}

static void
walk(struct walk *w, GMimeObject *o, int depth)
{
	char *type;

	if (depth > MAX_DEPTH) {
		warn(w->m, "mime: nesting deeper than %d levels; the rest is ignored", MAX_DEPTH);
		return;
	}
	if (++w->parts > MAX_PARTS) {
		if (w->parts == MAX_PARTS + 1)
			warn(w->m, "mime: more than %d parts; the rest is ignored", MAX_PARTS);
		return;
	}
	if (GMIME_IS_MULTIPART(o)) {
		/* Never call g_mime_multipart_get_boundary(): on a malformed parameter list it
		 * re-encodes the header and can loop forever (GMime issue 165). */
		int n = g_mime_multipart_get_count(GMIME_MULTIPART(o));
		for (int i = 0; i < n; i++)
			walk(w, g_mime_multipart_get_part(GMIME_MULTIPART(o), i), depth + 1);
		return;
	}
	type = mime_type(o);
	if (GMIME_IS_MESSAGE_PART(o))
		walk_forwarded(w, o, type, depth);
	else if (GMIME_IS_PART(o))
		walk_part(w, o, type);
	free(type);
}

static void
fill_addresses(struct msg *m, GMimeMessage *gm)
{
	InternetAddressList *l = g_mime_message_get_from(gm);
	InternetAddress *a;

	m->from_addr = xstrdup("");
	m->from_name = xstrdup("");
	if (l && internet_address_list_length(l) > 0) {
		a = internet_address_list_get_address(l, 0);
		if (INTERNET_ADDRESS_IS_MAILBOX(a)) {
			const char *addr = internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(a));
			free(m->from_addr);
			m->from_addr = str_oneline(addr ? addr : "", 320);
			str_lower(m->from_addr);
		}
		free(m->from_name);
		m->from_name = str_oneline(internet_address_get_name(a) ? internet_address_get_name(a) : "", 200);
	}
	/* Reply-To's first mailbox: where answers go (RFC 5322 section 3.6.2); the acknowledgement's address. */
	l = g_mime_message_get_reply_to(gm);
	if (l && internet_address_list_length(l) > 0) {
		a = internet_address_list_get_address(l, 0);
		if (INTERNET_ADDRESS_IS_MAILBOX(a)) {
			const char *addr = internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(a));
			if (addr && *addr) {
				m->reply_to = str_oneline(addr, 320);
				str_lower(m->reply_to);
			}
		}
	}
	l = g_mime_message_get_to(gm);
	if (l) {
		char *s = internet_address_list_to_string(l, NULL, FALSE);
		m->to = str_oneline(s ? s : "", 8192);
		g_free(s);
	} else
		m->to = xstrdup("");
	l = g_mime_message_get_cc(gm);
	if (l) {
		char *s = internet_address_list_to_string(l, NULL, FALSE);
		m->cc = str_oneline(s ? s : "", 8192);
		g_free(s);
	} else
		m->cc = xstrdup("");
}

/* Every Authentication-Results header, top (the last MTA's) first; rules/trust.c decides whose word counts. */
static void
fill_auth_results(struct msg *m, GMimeMessage *gm)
{
	GMimeHeaderList *hl = g_mime_object_get_header_list(GMIME_OBJECT(gm));
	int n = hl ? g_mime_header_list_get_count(hl) : 0;

	for (int i = 0; i < n && m->auth_results.n < 32; i++) {
		GMimeHeader *h = g_mime_header_list_get_header_at(hl, i);
		const char *v = h ? g_mime_header_get_raw_value(h) : NULL;
		if (v && g_ascii_strcasecmp(g_mime_header_get_name(h), "Authentication-Results") == 0) {
			char *line = str_oneline(v, 4096);
			strv_push_owned(&m->auth_results, str_collapse_ws(line)); /* unfolded, as header() does */
			free(line);
		}
	}
}

static void
fill_ids(struct msg *m, GMimeMessage *gm)
{
	const char *id = g_mime_message_get_message_id(gm);
	const char *refs;
	GMimeReferences *r;

	if (id && *id && !str_has_ctl(id) && strlen(id) < 900)
		m->message_id = xasprintf("<%s>", id);
	refs = g_mime_object_get_header(GMIME_OBJECT(gm), "In-Reply-To");
	if (refs && (r = g_mime_references_parse(NULL, refs)) != NULL) {
		if (g_mime_references_length(r) > 0)
			m->in_reply_to = xasprintf("<%s>", g_mime_references_get_message_id(r, 0));
		g_mime_references_free(r);
	}
	refs = g_mime_object_get_header(GMIME_OBJECT(gm), "References");
	if (refs && (r = g_mime_references_parse(NULL, refs)) != NULL) {
		for (int i = 0; i < g_mime_references_length(r) && i < 100; i++)
			strv_pushf(&m->references, "<%s>", g_mime_references_get_message_id(r, i));
		g_mime_references_free(r);
	}
}

static struct msg *
convert(GMimeMessage *gm, const void *raw, size_t len, int depth)
{
	struct msg *m = xcalloc(1, sizeof(*m));
	GMimeObject *top = g_mime_message_get_mime_part(gm);
	GDateTime *dt = g_mime_message_get_date(gm);
	const char *subj = g_mime_message_get_subject(gm);
	struct walk w = {.m = m};
	char *s;

	m->body = doc_new();
	if (raw)
		sha256_hex(raw, len, m->sha256);
	fill_addresses(m, gm);
	fill_ids(m, gm);
	fill_auth_results(m, gm);
	s = str_oneline(subj ? subj : "", 2000);
	m->subject = str_collapse_ws(s);
	free(s);
	m->date = dt ? (long long)g_date_time_to_unix(dt) : 0;
	m->auto_submitted = header(GMIME_OBJECT(gm), "Auto-Submitted");
	m->x_autoreply = header(GMIME_OBJECT(gm), "X-Autoreply");
	if (!m->x_autoreply)
		m->x_autoreply = header(GMIME_OBJECT(gm), "X-Autorespond");
	m->x_auto_response_suppress = header(GMIME_OBJECT(gm), "X-Auto-Response-Suppress");
	m->precedence = header(GMIME_OBJECT(gm), "Precedence");
	m->list_id = header(GMIME_OBJECT(gm), "List-Id");
	m->return_path = header(GMIME_OBJECT(gm), "Return-Path");
	if (m->return_path && strcmp(m->return_path, "<>") == 0) {
		free(m->return_path);
		m->return_path = xstrdup(""); /* the null reverse-path of RFC 5321: a bounce or an auto-reply */
	}
	if (top) {
		m->content_type = mime_type(top);
		m->report_type = ct_param(top, "report-type");
		if (m->report_type)
			str_lower(m->report_type);
		walk(&w, top, depth);
	} else {
		m->content_type = xstrdup("text/plain");
		warn(m, "mime: message has no body");
	}
	if (w.have_html) {
		struct doc *d = NULL;
		char *err = NULL;
		/* With a plain part too, the HTML one is kept as the alternative: mailers flatten tables in it. */
		if (html_extract(w.html, w.htmllen, w.html_charset, &limits, &d, &err) == 0) {
			if (w.have_plain)
				m->body_html = d;
			else {
				doc_free(m->body);
				m->body = d;
			}
		} else {
			warn(m, "body: %s", err);
			free(err);
		}
	}
	free(w.html);
	free(w.html_charset);
	return m;
}

/* A line that starts a header field: a field name (printable, no colon) then a colon. */
static int
starts_field(const char *p, size_t n)
{
	size_t i = 0;

	while (i < n && p[i] > ' ' && p[i] <= '~' && p[i] != ':')
		i++;
	return i > 0 && i < n && p[i] == ':';
}

/* Over the raw bytes, before GMime sees them: NULL, or why the message is too costly to parse (owned).
 * Lines are counted wherever they are (part headers, forwarded messages, bodies), so the count is an upper bound. */
static char *
over_caps(const char *raw, size_t len)
{
	const char *p = raw, *end = raw + len;
	size_t fields = 0, dashes = 0, field = 0;
	int in_field = 0;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) + 1 : (size_t)(end - p);

		if (in_field && (*p == ' ' || *p == '\t'))
			field += n;
		else {
			in_field = starts_field(p, n);
			field = in_field ? n : 0;
			fields += (size_t)in_field;
			dashes += (size_t)(n >= 2 && p[0] == '-' && p[1] == '-');
		}
		if (field > MAX_FIELD_BYTES)
			return xasprintf("a header field of more than %d bytes (not parsed)", MAX_FIELD_BYTES);
		if (fields > MAX_FIELDS)
			return xasprintf("more than %d header fields (not parsed)", MAX_FIELDS);
		if (dashes > MAX_DASH_LINES)
			return xasprintf("more than %d MIME boundary lines (not parsed)", MAX_DASH_LINES);
		p += n;
	}
	return NULL;
}

struct msg *
msg_parse(const void *raw, size_t len, char **err)
{
	GMimeStream *stream = NULL;
	GMimeParser *parser = NULL;
	GMimeParserOptions *opts = NULL;
	GMimeMessage *gm = NULL;
	struct msg *m = NULL, *tmp = xcalloc(1, sizeof(*tmp));

	*err = NULL;
	if (len == 0) {
		*err = xstrdup("empty message");
		goto out;
	}
	if ((*err = over_caps(raw, len)))
		goto out;
	/* The bytes are copied: GMime must not read past what the source handed us. */
	stream = g_mime_stream_mem_new_with_buffer(raw, len);
	parser = g_mime_parser_new_with_stream(stream);
	g_mime_parser_set_format(parser, GMIME_FORMAT_MESSAGE);
	opts = g_mime_parser_options_new();
	g_mime_parser_options_set_warning_callback(opts, parser_warning, tmp);
	g_mime_parser_options_set_rfc2047_compliance_mode(opts, GMIME_RFC_COMPLIANCE_LOOSE);
	g_mime_parser_options_set_parameter_compliance_mode(opts, GMIME_RFC_COMPLIANCE_LOOSE);
	gm = g_mime_parser_construct_message(parser, opts);
	if (!gm) {
		*err = xstrdup("not a MIME message (no headers could be read)");
		goto out;
	}
	m = convert(gm, raw, len, 0);
	/* Parser warnings were collected before m existed. */
	for (size_t i = 0; i < tmp->warnings.n; i++)
		strv_push(&m->warnings, tmp->warnings.v[i]);
out:
	msg_free(tmp);
	if (gm)
		g_object_unref(gm);
	if (opts)
		g_mime_parser_options_free(opts);
	if (parser)
		g_object_unref(parser);
	if (stream)
		g_object_unref(stream);
	return m;
}

void
msg_free(struct msg *m)
{
	if (!m)
		return;
	free(m->message_id);
	free(m->from_addr);
	free(m->from_name);
	free(m->to);
	free(m->cc);
	free(m->subject);
	free(m->in_reply_to);
	free(m->reply_to);
	strv_free(&m->references);
	free(m->auto_submitted);
	free(m->x_autoreply);
	free(m->x_auto_response_suppress);
	free(m->precedence);
	free(m->list_id);
	free(m->return_path);
	free(m->content_type);
	free(m->report_type);
	strv_free(&m->auth_results);
	doc_free(m->body);
	doc_free(m->body_html);
	for (size_t i = 0; i < m->natt; i++) {
		free(m->att[i].filename);
		free(m->att[i].content_type);
		free(m->att[i].charset);
		free(m->att[i].data);
		msg_free(m->att[i].message);
	}
	free(m->att);
	strv_free(&m->warnings);
	free(m);
}

void
msg_library_init(void)
{
	g_mime_init();
	extract_limits_default(&limits);
}

void
msg_library_shutdown(void)
{
	g_mime_shutdown();
}
