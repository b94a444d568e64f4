/* analyze.c: what a message is: kind and direction (RFC 3834 auto-replies, RFC 3464 bounces), its LS and roadmap rows.
 */
/* SPDX-License-Identifier: Apache-2.0 */
#include "analyze.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "trust.h"

static const char *const kind_names[KIND_COUNT] = {"liaison", "roadmap_input", "auto_reply", "bounce", "other"};

const char *
kind_name(enum doc_kind k)
{
	return (k >= 0 && k < KIND_COUNT) ? kind_names[k] : "other";
}

int
kind_parse(const char *s, enum doc_kind *out)
{
	for (int i = 0; i < KIND_COUNT; i++)
		if (s && strcmp(s, kind_names[i]) == 0) {
			*out = (enum doc_kind)i;
			return 0;
		}
	return -1;
}

/* Subjects that out-of-office responders use when they send no Auto-Submitted header. */
static const char *const ooo_prefixes[] = {
    "automatic reply",
    "auto reply",
    "autoreply",
    "auto-reply",
    "auto:",
    "out of office",
    "out of the office",
    "abwesenheitsnotiz",
    "absence du bureau",
    "réponse automatique",
    "respuesta automática",
    "risposta automatica",
    "automatisch antwoord",
    "autosvar",
    "自動応答",
    "자동 회신",
};

static int
ooo_subject(const char *subj)
{
	for (size_t i = 0; i < sizeof(ooo_prefixes) / sizeof(*ooo_prefixes); i++)
		if (str_startswith_ci(subj, ooo_prefixes[i]))
			return 1;
	return strcasestr(subj, "out of office") != NULL || strcasestr(subj, "out of the office") != NULL;
}

static int
local_part_is(const char *addr, const char *name)
{
	size_t n = strlen(name);

	return strncasecmp(addr, name, n) == 0 && addr[n] == '@';
}

static int
is_bounce(const struct msg *m)
{
	if (m->content_type && strcmp(m->content_type, "multipart/report") == 0 && m->report_type &&
	    strcmp(m->report_type, "delivery-status") == 0)
		return 1;
	if (local_part_is(m->from_addr, "mailer-daemon") || local_part_is(m->from_addr, "postmaster"))
		return 1;
	/* An empty Return-Path alone: a bounce unless it announces itself as an auto-reply. */
	return m->return_path && *m->return_path == '\0' && !m->auto_submitted;
}

static int
is_auto_reply(const struct msg *m)
{
	if (m->auto_submitted) {
		char *v = str_collapse_ws(m->auto_submitted);
		int no = strncasecmp(v, "no", 2) == 0 && (v[2] == '\0' || v[2] == ';' || v[2] == ' ');
		free(v);
		if (!no)
			return 1;
	}
	if (m->x_autoreply)
		return 1;
	return ooo_subject(m->subject);
}

static int
is_list(const struct msg *m)
{
	if (m->list_id)
		return 1;
	if (m->precedence) {
		const char *p = m->precedence;
		return strcasecmp(p, "list") == 0 || strcasecmp(p, "bulk") == 0 || strcasecmp(p, "junk") == 0;
	}
	return 0;
}

/* Every readable document of a message, in order: its body, its attachments, forwarded messages' too. */
struct cand {
	struct doc *doc; /* owned */
	char *origin;    /* owned: "body", "attachment X.docx", "forwarded message, attachment X.pdf" */
	int is_body;
	int is_alt; /* the HTML alternative of a body: read only where the plain text said nothing */
};

struct cands {
	struct cand *v;
	size_t n;
};

static void
cand_add(struct cands *c, struct doc *d, char *origin, int is_body)
{
	c->v = xrealloc(c->v, (c->n + 1) * sizeof(*c->v));
	c->v[c->n].doc = d;
	c->v[c->n].origin = origin;
	c->v[c->n].is_body = is_body;
	c->v[c->n].is_alt = 0;
	c->n++;
}

static void
collect(const struct msg *m, const struct analyze_opts *o, const char *prefix, int depth, struct cands *c,
    struct strv *warnings)
{
	struct doc *body = doc_new();

	doc_append(body, m->body);
	cand_add(c, body, xasprintf("%sbody", prefix), depth == 0);
	if (m->body_html) {
		struct doc *alt = doc_new();
		doc_append(alt, m->body_html);
		cand_add(c, alt, xasprintf("%sbody (HTML)", prefix), depth == 0);
		c->v[c->n - 1].is_alt = 1;
	}
	for (size_t i = 0; i < m->natt; i++) {
		const struct msg_attachment *a = &m->att[i];
		const char *name = *a->filename ? a->filename : a->content_type;
		struct doc *d = NULL;
		char *err = NULL;

		if (a->message) {
			char *p = xasprintf("%sforwarded message, ", prefix);
			if (depth < 3)
				collect(a->message, o, p, depth + 1, c, warnings);
			free(p);
			continue;
		}
		if (a->type == DOC_UNKNOWN)
			continue;
		if (extract_doc(a->type, a->data, a->size, a->charset, o->lim, &d, &err) != 0) {
			strv_pushf(warnings, "attachment %s skipped: %s", name, err ? err : "unreadable");
			free(err);
			continue;
		}
		for (size_t j = 0; j < d->warnings.n; j++)
			strv_pushf(warnings, "attachment %s: %s", name, d->warnings.v[j]);
		cand_add(c, d, xasprintf("%sattachment %s", prefix, name), 0);
	}
}

/* What the attachments say, for `liaisonctl search`; bounded, the bodies are indexed from the message. */
static char *
attachments_text(const struct cands *c)
{
	struct buf b = {0};

	for (size_t i = 0; i < c->n && b.len < ANALYZE_TEXT_MAX; i++) {
		size_t n, ol = strlen(c->v[i].origin);
		char *t;
		/* Bodies, forwarded ones too, are indexed from the message itself. */
		if (c->v[i].is_body || c->v[i].is_alt || (ol >= 4 && strcmp(c->v[i].origin + ol - 4, "body") == 0))
			continue;
		if (!(t = doc_text(c->v[i].doc)))
			continue;
		if ((n = strlen(t)) > ANALYZE_TEXT_MAX - b.len) {
			n = ANALYZE_TEXT_MAX - b.len;
			while (n > 0 && ((unsigned char)t[n] & 0xC0) == 0x80) /* never half a UTF-8 character */
				n--;
		}
		buf_add(&b, t, n);
		buf_addc(&b, '\n');
		free(t);
	}
	if (!b.len)
		return NULL;
	return buf_steal(&b);
}

static size_t
ls_weight(const struct ls *ls)
{
	return (ls->ref ? 2 : 0) + (ls->title ? 2 : 0) + (ls->source ? 1 : 0) + ls->for_action.n +
	    ls->for_information.n + ls->for_comment.n + ls->ncontacts + (ls->deadline_text ? 1 : 0);
}

static int
ls_has_targets(const struct ls *ls)
{
	return ls->for_action.n + ls->for_comment.n + ls->for_information.n > 0;
}

/*
 * Outgoing: read from a sent folder, or From: the secretariat. Anyone can write that From:, so
 * only a sent folder, our own MTA's Authentication-Results or the operator's word makes it ours.
 */
static void
direction(struct analysis *a, const struct msg *m, const struct analyze_opts *o)
{
	a->outgoing =
	    o->force_outgoing || (o->secretariat && *o->secretariat && strcasecmp(m->from_addr, o->secretariat) == 0);
	if (a->outgoing && !o->force_outgoing && !o->trust_sender_address &&
	    !trust_auth_results(&m->auth_results, o->authserv_ids, trust_domain_of(o->secretariat))) {
		a->unverified = 1;
		strv_push(&a->warnings, ANALYZE_UNVERIFIED);
	}
	a->auth_failed = trust_auth_failed(&m->auth_results, o->authserv_ids, trust_domain_of(m->from_addr));
}

struct analysis *
analyze_message(const struct msg *m, const struct analyze_opts *o)
{
	struct analysis *a = xcalloc(1, sizeof(*a));
	struct cands c = {0};
	struct ls *body_ls = NULL, *att_ls = NULL;
	size_t plain_rows = 0; /* rows the candidate before an HTML alternative gave */
	const char *sdo;

	for (size_t i = 0; i < m->warnings.n; i++)
		strv_push(&a->warnings, m->warnings.v[i]);
	direction(a, m, o);
	if ((sdo = sdo_by_email(o->dir, m->from_addr)) != NULL)
		a->sender_sdo = xstrdup(sdo);

	if (!a->outgoing && is_bounce(m)) {
		a->kind = KIND_BOUNCE;
		a->machine = 1;
		goto out;
	}
	if (!a->outgoing && is_auto_reply(m)) {
		a->kind = KIND_AUTO_REPLY;
		a->machine = 1;
		goto out;
	}
	/*
	 * X-Auto-Response-Suppress asks us not to answer; Exchange sets it on its own auto-replies and
	 * reports but also on some mail a person triggered. So it is machine mail either way, and an
	 * auto-reply unless the message carries a statement or roadmap rows.
	 */
	a->machine = is_list(m) || (!a->outgoing && m->x_auto_response_suppress != NULL);

	collect(m, o, "", 0, &c, &a->warnings);
	for (size_t i = 0; i < c.n; i++) {
		struct ls *ls = NULL;
		size_t before = a->rm.n;
		/* The HTML alternative repeats the plain body: read it only for what the plain text lacked. */
		if (!(c.v[i].is_alt && body_ls) &&
		    !(ls = ls_parse_from(c.v[i].doc, o->dir, c.v[i].origin, m->subject, a->sender_sdo)))
			goto rows;
		if (!ls)
			goto rows;
		if (c.v[i].is_body && !body_ls) {
			body_ls = ls;
		} else if (!att_ls || ls_weight(ls) > ls_weight(att_ls)) {
			ls_free(att_ls);
			att_ls = ls;
		} else
			ls_free(ls);
	rows:
		if (!c.v[i].is_alt || plain_rows == 0)
			roadmap_extract(c.v[i].doc, &a->rm);
		if (!c.v[i].is_alt)
			plain_rows = a->rm.n - before;
	}
	a->ls = ls_merge(body_ls, att_ls);
	for (size_t i = 0; i < a->rm.warnings.n; i++)
		strv_push(&a->warnings, a->rm.warnings.v[i]);
	/* A roadmap reply quoting an LS number in its subject is a roadmap input, not a statement. */
	if (a->ls && (ls_has_targets(a->ls) || a->rm.n == 0)) {
		a->kind = KIND_LIAISON;
		for (size_t i = 0; i < a->ls->warnings.n; i++)
			strv_push(&a->warnings, a->ls->warnings.v[i]);
	} else {
		ls_free(a->ls);
		a->ls = NULL;
		a->kind = a->rm.n > 0 ? KIND_ROADMAP : KIND_OTHER;
		if (a->kind == KIND_OTHER && !a->outgoing && m->x_auto_response_suppress)
			a->kind = KIND_AUTO_REPLY;
	}
out:
	a->text = attachments_text(&c);
	for (size_t i = 0; i < c.n; i++) {
		doc_free(c.v[i].doc);
		free(c.v[i].origin);
	}
	free(c.v);
	return a;
}

void
analysis_free(struct analysis *a)
{
	if (!a)
		return;
	free(a->sender_sdo);
	ls_free(a->ls);
	rm_rows_free(&a->rm);
	strv_free(&a->warnings);
	free(a->text);
	free(a);
}

void
ls_json(struct buf *b, const struct ls *ls)
{
	if (!ls) {
		buf_adds(b, "null");
		return;
	}
	buf_adds(b, "{\"ref\": ");
	json_str(b, ls->ref);
	buf_adds(b, ", \"source\": ");
	json_str(b, ls->source);
	buf_adds(b, ", \"title\": ");
	json_str(b, ls->title);
	buf_adds(b, ", \"for_action\": ");
	json_strv(b, &ls->for_action);
	buf_adds(b, ", \"for_comment\": ");
	json_strv(b, &ls->for_comment);
	buf_adds(b, ", \"for_information\": ");
	json_strv(b, &ls->for_information);
	buf_adds(b, ", \"approval\": ");
	json_str(b, ls->approval);
	buf_adds(b, ", \"deadline\": ");
	json_str(b, ls->deadline);
	buf_adds(b, ", \"deadline_text\": ");
	json_str(b, ls->deadline_text);
	buf_adds(b, ", \"contacts\": [");
	for (size_t i = 0; i < ls->ncontacts; i++) {
		buf_adds(b, i ? ", {\"name\": " : "{\"name\": ");
		json_str(b, ls->contacts[i].name);
		buf_adds(b, ", \"organization\": ");
		json_str(b, ls->contacts[i].organization);
		buf_adds(b, ", \"email\": ");
		json_str(b, ls->contacts[i].email);
		buf_addc(b, '}');
	}
	buf_adds(b, "], \"reply_to\": ");
	json_strv(b, &ls->reply_to);
	buf_adds(b, ", \"abstract\": ");
	json_str(b, ls->abstract);
	buf_adds(b, ", \"template\": ");
	json_str(b, ls->template_name);
	buf_adds(b, ", \"provenance\": {");
	for (size_t i = 0; i < ls->nprov; i++) {
		if (i)
			buf_adds(b, ", ");
		json_str(b, ls->prov[i].field);
		buf_adds(b, ": ");
		json_str(b, ls->prov[i].origin);
	}
	buf_adds(b, "}}");
}

void
rm_rows_json(struct buf *b, const struct rm_rows *rm)
{
	buf_addc(b, '[');
	for (size_t i = 0; rm && i < rm->n; i++) {
		buf_adds(b, i ? ", {" : "{");
		for (int k = 0; k < RM_NCOLS; k++) {
			if (k)
				buf_adds(b, ", ");
			json_str(b, rm_col_names[k]);
			buf_adds(b, ": ");
			json_str(b, rm->v[i].f[k] ? rm->v[i].f[k] : "");
		}
		buf_addc(b, '}');
	}
	buf_addc(b, ']');
}

static void
attachments_json(struct buf *b, const struct msg *m)
{
	buf_addc(b, '[');
	for (size_t i = 0; i < m->natt; i++) {
		buf_adds(b, i ? ", {\"filename\": " : "{\"filename\": ");
		json_str(b, m->att[i].filename);
		buf_adds(b, ", \"content_type\": ");
		json_str(b, m->att[i].content_type);
		buf_printf(b, ", \"size\": %zu, \"sha256\": ", m->att[i].size);
		json_str(b, m->att[i].sha256);
		buf_addc(b, '}');
	}
	buf_addc(b, ']');
}

void
analysis_json(struct buf *b, const char *file, const struct msg *m, const struct analysis *a)
{
	char date[21];

	buf_adds(b, "{\"file\": ");
	json_str(b, file);
	buf_adds(b, ", \"message_id\": ");
	json_str(b, m ? m->message_id : NULL);
	buf_adds(b, ", \"from\": ");
	json_str(b, m ? m->from_addr : NULL);
	buf_adds(b, ", \"subject\": ");
	json_str(b, m ? m->subject : NULL);
	buf_adds(b, ", \"date\": ");
	if (m && m->date) {
		iso8601_utc(m->date, date);
		json_str(b, date);
	} else
		buf_adds(b, "null");
	buf_adds(b, ", \"kind\": ");
	json_str(b, kind_name(a ? a->kind : KIND_OTHER));
	buf_adds(b, ", \"direction\": ");
	json_str(b, a && a->outgoing ? "outgoing" : "incoming");
	buf_adds(b, ", \"liaison\": ");
	ls_json(b, a ? a->ls : NULL);
	buf_adds(b, ", \"roadmap\": ");
	rm_rows_json(b, a ? &a->rm : NULL);
	buf_adds(b, ", \"attachments\": ");
	if (m)
		attachments_json(b, m);
	else
		buf_adds(b, "[]");
	buf_adds(b, ", \"warnings\": ");
	json_strv(b, a ? &a->warnings : NULL);
	buf_addc(b, '}');
}
