/* meeting.c: the document list of a JCA-MV meeting, in the style of its reports, as Markdown, HTML or Word. */
/* SPDX-License-Identifier: Apache-2.0 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "docx_out.h"
#include "html_out.h"
#include "meeting.h"

/* The list is built once as lines, then written in the format asked. */
enum ml_kind { ML_TITLE, ML_PARA, ML_H1, ML_H2, ML_ITEM, ML_SUBITEM };

struct ml_line {
	enum ml_kind kind;
	char *text; /* owned */
};

struct ml {
	struct ml_line *v;
	size_t n, cap;
};

static void
ml_add(struct ml *m, enum ml_kind kind, char *text)
{
	if (m->n == m->cap) {
		m->cap = m->cap ? m->cap * 2 : 32;
		m->v = xrealloc(m->v, m->cap * sizeof(*m->v));
	}
	m->v[m->n].kind = kind;
	m->v[m->n++].text = text;
}

static void
ml_free(struct ml *m)
{
	for (size_t i = 0; i < m->n; i++)
		free(m->v[i].text);
	free(m->v);
}

/* The statement's subject from its title: "LS/i/r on X (reply to Y)", "Liaison statement to Z on X" are "X". */
static char *
bare_title(const char *title)
{
	char *t = str_collapse_ws(title), *p = t, *on;
	size_t n;

	if ((str_startswith_ci(p, "LS") && (p[2] == '/' || p[2] == ' ')) || str_startswith_ci(p, "Liaison statement")) {
		if ((on = strstr(p, " on ")) != NULL && on - p < 100)
			p = on + 4;
	}
	if ((on = strstr(p, " (reply to ")) != NULL && strchr(on, ')') && strchr(on, ')')[1] == '\0')
		*on = '\0';
	n = strlen(p);
	while (n > 0 && (p[n - 1] == '.' || p[n - 1] == ' '))
		p[--n] = '\0';
	p = xstrdup(p);
	free(t);
	return p;
}

/* The title after "on": the first word lower case unless it is a name or an acronym. */
static void
add_title(struct buf *b, const char *title)
{
	char *p = bare_title(title);

	if (isupper((unsigned char)p[0]) && islower((unsigned char)p[1]) && strncmp(p, "Metaverse", 9) != 0)
		p[0] = (char)tolower((unsigned char)p[0]);
	buf_adds(b, *p ? p : "(no title)");
	free(p);
}

static int
str_cmp(const void *a, const void *b)
{
	return strcasecmp(*(char *const *)a, *(char *const *)b);
}

static void
join(struct buf *b, const struct strv *sv, const char *sep)
{
	for (size_t i = 0; i < sv->n; i++)
		buf_printf(b, "%s%s", i ? sep : "", sv->v[i]);
}

/* "JCA-MV-Doc-017: LS/i/r on TITLE (reply to SG21-LS82) [from ITU-T SG20]" */
static char *
incoming_line(const struct rp_doc *d)
{
	struct buf b = {0};
	const char *src = *d->source ? d->source : *d->body ? d->body : d->sender;

	buf_printf(&b, "%s: LS/%c%s on ", d->number, d->role ? d->role : 'i', d->reply_to.n ? "/r" : "");
	add_title(&b, *d->title ? d->title : d->subject);
	if (d->reply_to.n) {
		buf_adds(&b, " (reply to ");
		join(&b, &d->reply_to, ", ");
		buf_addc(&b, ')');
	}
	buf_printf(&b, " [from %s]", src);
	return buf_steal(&b);
}

static void
incoming(struct ml *m, const struct rp_docs *docs)
{
	size_t n = 0;

	ml_add(m, ML_H1, xstrdup("Incoming liaison statements"));
	for (size_t i = 0; i < docs->n; i++) {
		if (strcmp(docs->v[i].kind, "liaison") == 0 && strcmp(docs->v[i].direction, "incoming") == 0) {
			ml_add(m, ML_ITEM, incoming_line(&docs->v[i]));
			n++;
		}
	}
	if (!n)
		ml_add(m, ML_PARA, xstrdup("None."));
}

static const char *
input_body(const struct rp_doc *d)
{
	return *d->rm_body ? d->rm_body : *d->body ? d->body : "Other contributors";
}

/* Roadmap inputs under their body's heading, bodies in alphabetical order. */
static void
roadmap_inputs(struct ml *m, const struct rp_docs *docs)
{
	struct strv bodies = {0};

	ml_add(m, ML_H1, xstrdup("Inputs to the Metaverse Standardization Roadmap"));
	for (size_t i = 0; i < docs->n; i++)
		if (strcmp(docs->v[i].kind, "roadmap_input") == 0 && strcmp(docs->v[i].direction, "incoming") == 0)
			strv_push_unique(&bodies, input_body(&docs->v[i]));
	if (bodies.n > 1)
		qsort(bodies.v, bodies.n, sizeof(*bodies.v), str_cmp);
	for (size_t b = 0; b < bodies.n; b++) {
		ml_add(m, ML_H2, xstrdup(bodies.v[b]));
		for (size_t i = 0; i < docs->n; i++) {
			const struct rp_doc *d = &docs->v[i];
			if (strcmp(d->kind, "roadmap_input") != 0 || strcmp(d->direction, "incoming") != 0 ||
			    strcmp(input_body(d), bodies.v[b]) != 0)
				continue;
			ml_add(m, ML_ITEM,
			    xasprintf("%s: %s (%lld roadmap entr%s)", d->number, d->subject, d->entries,
			        d->entries == 1 ? "y" : "ies"));
		}
	}
	if (!bodies.n)
		ml_add(m, ML_PARA, xstrdup("None."));
	strv_free(&bodies);
}

static void
others(struct ml *m, const struct rp_docs *docs)
{
	size_t n = 0;

	ml_add(m, ML_H1, xstrdup("Other input documents"));
	for (size_t i = 0; i < docs->n; i++) {
		const struct rp_doc *d = &docs->v[i];
		if (strcmp(d->kind, "other") != 0 || strcmp(d->direction, "incoming") != 0)
			continue;
		ml_add(m, ML_ITEM,
		    xasprintf("%s: %s [%s]", d->number, *d->subject ? d->subject : "(no subject)",
		        *d->body              ? d->body
		            : *d->sender_name ? d->sender_name
		                              : d->sender));
		n++;
	}
	if (!n)
		ml_add(m, ML_PARA, xstrdup("None."));
}

static const struct rp_doc *
doc_by_id(const struct rp_docs *docs, long long id)
{
	for (size_t i = 0; i < docs->n; i++)
		if (docs->v[i].id == id)
			return &docs->v[i];
	return NULL;
}

static int
id_cmp(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return x < y ? -1 : x > y;
}

/* The outgoing statements listed: those of the span, and earlier ones answered in it or still open. */
static size_t
outgoing_ids(
    const struct meeting_span *span, const struct rp_docs *docs, const struct rp_obligations *ob, long long **ids)
{
	size_t n = 0, k = 0;

	*ids = xcalloc(docs->n + ob->n + 1, sizeof(**ids));
	for (size_t i = 0; i < docs->n; i++)
		if (strcmp(docs->v[i].kind, "liaison") == 0 && strcmp(docs->v[i].direction, "outgoing") == 0)
			(*ids)[n++] = docs->v[i].id;
	for (size_t i = 0; i < ob->n; i++) {
		const struct rp_obligation *o = &ob->v[i];
		int answered_in = o->answered_by && !o->claimed && o->answer_date >= span->since_at &&
		    (!span->until_at || o->answer_date < span->until_at);
		if (strcmp(o->direction, "outgoing") == 0 && (strcmp(o->state, "open") == 0 || answered_in))
			(*ids)[n++] = o->doc_id;
	}
	if (n > 1)
		qsort(*ids, n, sizeof(**ids), id_cmp);
	for (size_t i = 0; i < n; i++)
		if (k == 0 || (*ids)[k - 1] != (*ids)[i])
			(*ids)[k++] = (*ids)[i];
	return k;
}

/*
 * One body asked: "ITU-T SG20 (action): answered by JCA-MV-Doc-021 (SG20-LS12) of 2026-03-02"; an
 * answer only claimed (not from the body's registered contact) is named as such, with the deadline.
 */
static char *
answer_line(const struct rp_obligation *o, const char *today)
{
	struct buf b = {0};
	char date[11];

	buf_printf(&b, "%s (%s): ", o->sdo, o->role);
	if (o->answered_by) {
		iso_date(o->answer_date, date);
		buf_printf(&b, "%s %s", o->claimed ? "answer claimed by" : "answered by", o->answer_number);
		if (*o->answer_ref)
			buf_printf(&b, " (%s)", o->answer_ref);
		buf_printf(&b, " of %s", date);
		if (!o->claimed)
			return buf_steal(&b);
		buf_adds(&b, ", not from its registered contact; ");
	}
	if (*o->deadline && strcmp(o->deadline, today) < 0)
		buf_printf(&b, "overdue%s (deadline %s)", o->answered_by ? "" : ", no answer", o->deadline);
	else if (*o->deadline)
		buf_printf(&b, "%s (deadline %s)", o->answered_by ? "open" : "no answer yet", o->deadline);
	else
		buf_adds(&b, o->answered_by ? "open" : "no answer yet");
	return buf_steal(&b);
}

/* "JCA-MV-Doc-003: LS/o on TITLE (JCA-MV-LS3) [to ITU-T SG20, ITU-T SG21]", then a line per body asked. */
static void
outgoing_one(struct ml *m, long long id, const struct meeting_span *span, const struct rp_docs *docs,
    const struct rp_obligations *ob)
{
	const struct rp_doc *d = doc_by_id(docs, id);
	const struct rp_obligation *first = NULL;
	struct strv to = {0};
	struct buf b = {0};

	for (size_t i = 0; i < ob->n; i++)
		if (ob->v[i].doc_id == id) {
			first = first ? first : &ob->v[i];
			strv_push_unique(&to, ob->v[i].sdo);
		}
	for (size_t i = 0; d && i < d->action.n; i++)
		strv_push_unique(&to, d->action.v[i]);
	for (size_t i = 0; d && i < d->comment.n; i++)
		strv_push_unique(&to, d->comment.v[i]);
	buf_printf(&b, "%s: LS/o on ", d ? d->number : first->number);
	add_title(&b, d ? (*d->title ? d->title : d->subject) : first->title);
	if (*(d ? d->ref : first->ref))
		buf_printf(&b, " (%s)", d ? d->ref : first->ref);
	if (to.n) {
		buf_adds(&b, " [to ");
		join(&b, &to, ", ");
		buf_addc(&b, ']');
	}
	ml_add(m, ML_ITEM, buf_steal(&b));
	for (size_t i = 0; i < ob->n; i++)
		if (ob->v[i].doc_id == id)
			ml_add(m, ML_SUBITEM, answer_line(&ob->v[i], span->today));
	strv_free(&to);
}

static void
outgoing(struct ml *m, const struct meeting_span *span, const struct rp_docs *docs, const struct rp_obligations *ob)
{
	long long *ids;
	size_t n = outgoing_ids(span, docs, ob, &ids);

	ml_add(m, ML_H1, xstrdup("Outgoing liaison statements of the secretariat"));
	for (size_t i = 0; i < n; i++)
		outgoing_one(m, ids[i], span, docs, ob);
	if (!n)
		ml_add(m, ML_PARA, xstrdup("None."));
	free(ids);
}

/* Markdown: the characters that would start markup escaped, line breaks as spaces. */
static void
md_text(struct buf *b, const char *s)
{
	for (; s && *s; s++) {
		if (strchr("\\`*_[]<>#|!&", *s))
			buf_addc(b, '\\');
		buf_addc(b, (unsigned char)*s < 0x20 ? ' ' : *s);
	}
}

static void
write_md(struct buf *out, const struct ml *m)
{
	static const char *const pre[] = {"# ", "", "## ", "### ", "- ", "    - "};

	for (size_t i = 0; i < m->n; i++) {
		enum ml_kind k = m->v[i].kind;
		if ((k == ML_H1 || k == ML_H2) && i > 0 && m->v[i - 1].kind >= ML_ITEM)
			buf_addc(out, '\n'); /* a blank line closes the list */
		buf_adds(out, pre[k]);
		md_text(out, m->v[i].text);
		buf_addc(out, '\n');
		if (k == ML_TITLE || k == ML_PARA || k == ML_H1 || k == ML_H2)
			buf_addc(out, '\n');
	}
}

static const char meeting_css[] =
    "body{font:15px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;margin:1.5em auto;max-width:60em;"
    "padding:0 1em;color:#1b1b1b;overflow-wrap:anywhere}\n"
    "h1{font-size:1.5em;color:#0b4f8a}h2{font-size:1.2em;color:#0b4f8a;border-bottom:1px solid #ccd;margin-top:1.6em}"
    "h3{font-size:1.05em}\nli{margin:.25em 0}ul ul{color:#333;font-size:.95em}\n"
    "@media print{body{margin:0;max-width:none}h2{break-after:avoid}li{break-inside:avoid}}\n";

static void
write_html(struct buf *out, const struct ml *m)
{
	static const char *const tag[] = {"h1", "p", "h2", "h3", "li", "li"};
	int depth = 0; /* lists open */

	html_head(out, m->n ? m->v[0].text : "Meeting documents", 0);
	buf_adds(out, meeting_css);
	buf_adds(out, "</style>\n</head>\n<body>\n");
	for (size_t i = 0; i < m->n; i++) {
		enum ml_kind k = m->v[i].kind;
		int want = k == ML_ITEM ? 1 : k == ML_SUBITEM ? 2 : 0;
		for (; depth > want; depth--)
			buf_adds(out, depth == 2 ? "</li></ul>\n" : "</li></ul>\n");
		if (want == depth && want > 0)
			buf_adds(out, "</li>\n");
		for (; depth < want; depth++)
			buf_adds(out, "<ul>\n");
		buf_printf(out, "<%s>", tag[k]);
		html_text(out, m->v[i].text);
		if (!want)
			buf_printf(out, "</%s>\n", tag[k]);
	}
	for (; depth > 0; depth--)
		buf_adds(out, "</li></ul>\n");
	buf_adds(out, "</body>\n</html>\n");
}

static int
write_docx(struct buf *out, const struct ml *m, char **err)
{
	static const enum docx_style style[] = {
	    DOCX_TITLE, DOCX_NORMAL, DOCX_HEADING1, DOCX_HEADING2, DOCX_BULLET, DOCX_BULLET};
	struct docx *d = docx_new(m->n ? m->v[0].text : "Meeting documents", 0);
	int rc;

	for (size_t i = 0; i < m->n; i++) {
		if (m->v[i].kind == ML_SUBITEM) { /* indented under its statement, with a dash */
			char *t = xasprintf("\xe2\x80\x93 %s", m->v[i].text);
			docx_para(d, DOCX_SUBBULLET, t);
			free(t);
		} else
			docx_para(d, style[m->v[i].kind], m->v[i].text);
	}
	rc = docx_finish(d, out, err);
	docx_free(d);
	return rc;
}

int
meeting_write(struct buf *out, const char *format, const struct meeting_span *span, const struct rp_docs *docs,
    const struct rp_obligations *ob, char **err)
{
	struct ml m = {0};
	int rc = 0;

	ml_add(&m, ML_TITLE, xstrdup("JCA-MV meeting documents"));
	ml_add(&m, ML_PARA,
	    xasprintf("Documents received by the JCA-MV secretariat from %s to %s, by document number; the state "
	              "of the answers as of %s.",
	        span->since, span->until ? span->until : span->today, span->today));
	incoming(&m, docs);
	roadmap_inputs(&m, docs);
	others(&m, docs);
	outgoing(&m, span, docs, ob);
	if (strcmp(format, "md") == 0)
		write_md(out, &m);
	else if (strcmp(format, "html") == 0)
		write_html(out, &m);
	else
		rc = write_docx(out, &m, err);
	ml_free(&m);
	return rc;
}
