/* answer_store.c: the correspondence loop in the store: document numbers, who answered which obligation, how. */
/* SPDX-License-Identifier: Apache-2.0 */
#include "store_int.h"

#include <stdlib.h>
#include <string.h>

#include "answer.h"
#include "sdo.h"

int
store_docno_next(struct store *st, const char *prefix, char **docno)
{
	sqlite3_stmt *s = store_stmt(st, "UPDATE docno_counter SET last = last + 1 WHERE id = 1 RETURNING last");
	int rc;

	*docno = NULL;
	if (!s)
		return -1;
	if ((rc = sqlite3_step(s)) == SQLITE_ROW)
		*docno =
		    xasprintf("%s%03lld", prefix ? prefix : STORE_DOC_PREFIX, (long long)sqlite3_column_int64(s, 0));
	sqlite3_reset(s);
	if (!*docno)
		store_seterr(st, "document number");
	return *docno ? 0 : -1;
}

/* The bodies `from` is registered for: the directory's domains and contacts, and the operator's contacts. */
static int
registered_for(struct store *st, const struct sdo_dir *dir, const char *sender_sdo, const char *from, struct strv *out)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT sdo FROM sdo_contact WHERE email = ?1 COLLATE NOCASE");
	int rc;

	if (sender_sdo)
		strv_push_unique(out, sender_sdo);
	for (size_t i = 0; dir && from && *from && i < sdo_count(dir); i++) {
		const struct strv *c = sdo_contacts(dir, i);
		for (size_t j = 0; j < c->n; j++)
			if (strcasecmp(c->v[j], from) == 0)
				strv_push_unique(out, sdo_name(dir, i));
	}
	if (!s)
		return -1;
	sqlite3_bind_text(s, 1, from ? from : "", -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		strv_push_unique(out, (const char *)sqlite3_column_text(s, 0));
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* 1 when a and b are one body, or one is part of the other. */
static int
related(const struct sdo_dir *dir, const char *a, const char *b)
{
	struct strv up = {0};
	int r;

	answer_bodies(dir, a, &up);
	r = strv_contains(&up, b);
	strv_free(&up);
	if (!r) {
		answer_bodies(dir, b, &up);
		r = strv_contains(&up, a);
		strv_free(&up);
	}
	return r;
}

static int
body_add(struct store *st, long long doc_id, const char *sdo, int trusted)
{
	sqlite3_stmt *s = store_stmt(st,
	    "INSERT INTO doc_body (sdo, document_id, trusted) VALUES (?1, ?2, ?3)"
	    " ON CONFLICT (sdo, document_id) DO UPDATE SET trusted = max(trusted, excluded.trusted)");

	if (!s)
		return -1;
	sqlite3_bind_text(s, 1, sdo, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, doc_id);
	sqlite3_bind_int(s, 3, trusted);
	return store_done(st, s, "document body");
}

/*
 * The bodies an incoming document speaks for: the source it names, else its sender's (by domain
 * or as a registered contact) and the bodies of its roadmap rows; each with every body it is part
 * of, trusted when the sender is registered for a body related to it.
 */
static int
bodies_file(struct store *st, const struct filing *f, long long doc_id)
{
	const struct analysis *a = f->an;
	struct strv speak = {0}, reg = {0};
	int rc = -1;

	if (registered_for(st, f->dir, a->sender_sdo, f->msg->from_addr, &reg) != 0)
		goto out;
	if (a->ls && a->ls->source)
		strv_push_unique(&speak, a->ls->source);
	else {
		for (size_t i = 0; i < reg.n; i++)
			strv_push_unique(&speak, reg.v[i]);
		for (size_t i = 0; i < a->rm.n; i++) {
			const char *name = a->rm.v[i].f[RM_SDO];
			const char *canon = f->dir && name ? sdo_canonical(f->dir, name) : NULL;
			if (name && *name)
				strv_push_unique(&speak, canon ? canon : name);
		}
	}
	for (size_t i = 0; i < speak.n; i++) {
		struct strv up = {0};
		int trusted = 0;
		for (size_t j = 0; j < reg.n && !trusted; j++)
			trusted = related(f->dir, speak.v[i], reg.v[j]);
		answer_bodies(f->dir, speak.v[i], &up);
		for (size_t j = 0; j < up.n; j++)
			if (body_add(st, doc_id, up.v[j], trusted) != 0) {
				strv_free(&up);
				goto out;
			}
		strv_free(&up);
	}
	rc = 0;
out:
	strv_free(&speak);
	strv_free(&reg);
	return rc;
}

/* What the rules need of a filed document that may answer, read back from the store. */
struct cand {
	long long id;
	int roadmap;
	long long date;
	char *in_reply_to, *subject, *body, *ref, *message_id, *deadline;
	struct strv refs, replies;
};

static void
cand_clear(struct cand *c)
{
	free(c->in_reply_to);
	free(c->subject);
	free(c->body);
	free(c->ref);
	free(c->message_id);
	free(c->deadline);
	strv_free(&c->refs);
	strv_free(&c->replies);
	memset(c, 0, sizeof(*c));
}

static void
split_refs(const char *s, struct strv *out)
{
	for (const char *nl; s && *s; s = nl + 1) {
		if (!(nl = strchr(s, '\n'))) {
			strv_push(out, s);
			break;
		}
		if (nl > s)
			strv_push_owned(out, xstrndup(s, (size_t)(nl - s)));
	}
}

/* A document as the rules see it; its text (up to a MiB) only when it may be the answer (text). */
static int
cand_load(struct store *st, long long id, int text, struct cand *c)
{
	sqlite3_stmt *s = store_stmt(st,
	    "SELECT d.kind, coalesce(d.date, d.received), d.in_reply_to, d.refs, d.subject,"
	    " CASE WHEN ?2 THEN (SELECT body FROM document_text WHERE document_id = d.id) END, l.ref,"
	    " d.message_id, l.deadline FROM document d LEFT JOIN liaison l ON l.document_id = d.id WHERE d.id = ?1");
	char *refs;
	int rc;

	memset(c, 0, sizeof(*c));
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int(s, 2, text);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		c->id = id;
		c->roadmap = strcmp((const char *)sqlite3_column_text(s, 0), "roadmap_input") == 0;
		c->date = sqlite3_column_int64(s, 1);
		c->in_reply_to = store_col_text(s, 2);
		refs = store_col_text(s, 3);
		split_refs(refs, &c->refs);
		free(refs);
		c->subject = store_col_text(s, 4);
		c->body = store_col_text(s, 5);
		c->ref = store_col_text(s, 6);
		c->message_id = store_col_text(s, 7);
		c->deadline = store_col_text(s, 8);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW)
		return rc == SQLITE_DONE ? 0 : -1;
	if (!(s = store_stmt(st,
	          "SELECT r.ref FROM liaison l JOIN liaison_reply r ON r.liaison_id = l.id WHERE l.document_id = ?1")))
		return -1;
	sqlite3_bind_int64(s, 1, id);
	while (sqlite3_step(s) == SQLITE_ROW)
		strv_push(&c->replies, (const char *)sqlite3_column_text(s, 0));
	sqlite3_reset(s);
	return 1;
}

/* Records how doc answers obligation ob (of the statement numbered ref, on sdo); answered ones are closed. */
static int
record(struct store *st, long long ob, long long doc, enum answer_how how, const char *ref, const char *sdo)
{
	sqlite3_stmt *s = store_stmt(st,
	    "INSERT INTO answer (obligation_id, document_id, how, at) VALUES (?1, ?2, ?3, ?4)"
	    " ON CONFLICT DO NOTHING");
	char *detail;
	int rc;

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, ob);
	sqlite3_bind_int64(s, 2, doc);
	sqlite3_bind_text(s, 3, answer_how_name(how), -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 4, now_epoch());
	if (store_done(st, s, "answer") != 0)
		return -1;
	if (sqlite3_changes(st->db) == 0)
		return 0;
	if (how == ANSWER_AUTO) {
		if (!(s = store_stmt(st,
		          "UPDATE obligation SET state = 'answered', answered_by = ?2 WHERE id = ?1 AND state = "
		          "'open'")))
			return -1;
		sqlite3_bind_int64(s, 1, ob);
		sqlite3_bind_int64(s, 2, doc);
		if (store_done(st, s, "answered") != 0)
			return -1;
	}
	detail = xasprintf("%s %s (%s)", ref ? ref : "-", sdo, answer_how_name(how));
	rc = store_event(st, doc, 0, how == ANSWER_AUTO ? "answered" : "answer claimed", detail);
	free(detail);
	return rc;
}

/* Decides whether the document d answers the statement stmt (both loaded) and records how. */
static int
judge(struct store *st, long long ob, const char *sdo, const struct cand *stmt, const struct cand *d, int trusted,
    struct strv **lists)
{
	const char *texts[] = {d->subject, d->body};
	struct answer_stmt as = {stmt->ref, stmt->message_id, stmt->date, stmt->deadline};
	struct answer_doc ad = {d->roadmap, d->date, d->in_reply_to, &d->refs, &d->replies, texts, 2, trusted};
	enum answer_how how = answer_decide(&as, &ad);
	int rc;

	if (how == ANSWER_NONE)
		return 0;
	if ((rc = record(st, ob, d->id, how, stmt->ref, sdo)) == 0 && lists && stmt->ref)
		strv_push_unique(lists[how == ANSWER_CLAIMED], stmt->ref);
	return rc < 0 ? -1 : 0;
}

struct pair {
	long long ob, other;
	int trusted;
	char *sdo;
};

static void
pairs_free(struct pair *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(p[i].sdo);
	free(p);
}

/*
 * Open obligations the document speaks to (forward: its bodies' obligations on other statements), or, for a
 * statement, the documents that may answer it (backward: documents from the bodies it asks). Collected first.
 */
static int
pairs_collect(struct store *st, long long doc_id, int backward, struct pair **out, size_t *n)
{
	static const char fwd[] =
	    "SELECT o.id, l.document_id, b.trusted, o.sdo FROM doc_body b JOIN obligation o ON o.sdo = b.sdo"
	    " AND o.state = 'open' JOIN liaison l ON l.id = o.liaison_id WHERE b.document_id = ?1 AND l.document_id != "
	    "?1";
	static const char bwd[] =
	    "SELECT o.id, b.document_id, b.trusted, o.sdo FROM liaison l JOIN obligation o ON o.liaison_id = l.id"
	    " AND o.state = 'open' JOIN doc_body b ON b.sdo = o.sdo WHERE l.document_id = ?1 AND b.document_id != ?1";
	sqlite3_stmt *s = store_stmt(st, backward ? bwd : fwd);
	int rc;

	*out = NULL;
	*n = 0;
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, doc_id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW && *n < 10000) {
		*out = xrealloc(*out, (*n + 1) * sizeof(**out));
		(*out)[*n].ob = sqlite3_column_int64(s, 0);
		(*out)[*n].other = sqlite3_column_int64(s, 1);
		(*out)[*n].trusted = sqlite3_column_int(s, 2);
		(*out)[*n].sdo = store_col_text(s, 3);
		(*n)++;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		store_seterr(st, "answers");
		return -1;
	}
	return 0;
}

static int
link_dir(struct store *st, long long doc_id, int backward, struct strv **lists)
{
	struct pair *p = NULL;
	struct cand me, other;
	size_t n = 0;
	int rc = -1;

	memset(&me, 0, sizeof(me));
	if (pairs_collect(st, doc_id, backward, &p, &n) != 0)
		goto out;
	if (n && cand_load(st, doc_id, !backward, &me) < 0)
		goto out;
	for (size_t i = 0; i < n; i++) {
		if (cand_load(st, p[i].other, backward, &other) < 0)
			goto out;
		rc = backward ? judge(st, p[i].ob, p[i].sdo, &me, &other, p[i].trusted, NULL)
		              : judge(st, p[i].ob, p[i].sdo, &other, &me, p[i].trusted, lists);
		cand_clear(&other);
		if (rc != 0)
			goto out;
	}
	rc = 0;
out:
	cand_clear(&me);
	pairs_free(p, n);
	return rc;
}

int
store_answers_link(struct store *st, long long doc_id, struct strv *answered, struct strv *claimed)
{
	struct strv *lists[2] = {answered, claimed};

	if (link_dir(st, doc_id, 0, answered && claimed ? lists : NULL) != 0)
		return -1;
	return link_dir(st, doc_id, 1, NULL);
}

int
store_answers_file(
    struct store *st, const struct filing *f, long long doc_id, struct strv *answered, struct strv *claimed)
{
	const struct analysis *a = f->an;

	if (!a->outgoing && !a->machine &&
	    (a->kind == KIND_LIAISON || a->kind == KIND_ROADMAP || a->kind == KIND_OTHER))
		if (bodies_file(st, f, doc_id) != 0)
			return -1;
	return store_answers_link(st, doc_id, answered, claimed);
}

/* The obligations on sdo of the statements numbered ref (by their normalised number), with their statements. */
static int
obligations_of(struct store *st, const char *ref, const char *sdo, long long **ids, long long **docs, size_t *n)
{
	sqlite3_stmt *s = store_stmt(st,
	    "SELECT o.id, l.document_id FROM liaison l JOIN obligation o ON o.liaison_id = l.id"
	    " WHERE l.ref_key = ?1 AND o.sdo = ?2 COLLATE NOCASE");
	char *key = answer_ref_key(ref);
	int rc = SQLITE_DONE;

	*ids = *docs = NULL;
	*n = 0;
	if (!s) {
		free(key);
		return -1;
	}
	sqlite3_bind_text(s, 1, key ? key : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, sdo, -1, SQLITE_STATIC);
	while (key && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		*ids = xrealloc(*ids, (*n + 1) * sizeof(**ids));
		*docs = xrealloc(*docs, (*n + 1) * sizeof(**docs));
		(*ids)[*n] = sqlite3_column_int64(s, 0);
		(*docs)[*n] = sqlite3_column_int64(s, 1);
		(*n)++;
	}
	sqlite3_reset(s);
	free(key);
	if (rc != SQLITE_DONE)
		store_seterr(st, "obligations");
	return rc == SQLITE_DONE ? 0 : -1;
}

static int
set_one(struct store *st, long long ob, long long by_doc, const char *note)
{
	sqlite3_stmt *s =
	    store_stmt(st, "DELETE FROM answer WHERE obligation_id = ?1 AND coalesce(document_id, 0) = ?2");

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, ob);
	sqlite3_bind_int64(s, 2, by_doc);
	if (store_done(st, s, "answer") != 0)
		return -1;
	if (!(s = store_stmt(st,
	          "INSERT INTO answer (obligation_id, document_id, how, note, at) VALUES (?1, ?2, 'manual', ?3, ?4)")))
		return -1;
	sqlite3_bind_int64(s, 1, ob);
	if (by_doc > 0)
		sqlite3_bind_int64(s, 2, by_doc);
	if (note)
		sqlite3_bind_text(s, 3, note, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 4, now_epoch());
	if (store_done(st, s, "answer") != 0)
		return -1;
	if (!(s = store_stmt(st, "UPDATE obligation SET state = 'answered', answered_by = ?2 WHERE id = ?1")))
		return -1;
	sqlite3_bind_int64(s, 1, ob);
	if (by_doc > 0)
		sqlite3_bind_int64(s, 2, by_doc);
	return store_done(st, s, "answered");
}

static int
unset_one(struct store *st, long long ob)
{
	sqlite3_stmt *s = store_stmt(st, "DELETE FROM answer WHERE obligation_id = ?1 AND how != 'claimed'");

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, ob);
	if (store_done(st, s, "answer") != 0)
		return -1;
	if (!(s = store_stmt(st, "UPDATE obligation SET state = 'open', answered_by = NULL WHERE id = ?1")))
		return -1;
	sqlite3_bind_int64(s, 1, ob);
	return store_done(st, s, "unanswered");
}

int
store_answer_set(struct store *st, const char *ref, const char *sdo, int answered, long long by_doc, const char *note)
{
	long long *ids = NULL, *docs = NULL;
	size_t n = 0;
	int rc = -1;

	if (store_begin(st) != 0)
		return -1;
	if (obligations_of(st, ref, sdo, &ids, &docs, &n) != 0)
		goto out;
	for (size_t i = 0; i < n; i++) {
		char *detail = answered
		    ? xasprintf("%s %s by %lld%s%s", ref, sdo, by_doc, note ? ": " : "", note ? note : "")
		    : xasprintf("%s %s", ref, sdo);
		int r = answered ? set_one(st, ids[i], by_doc, note) : unset_one(st, ids[i]);
		if (r == 0)
			r = store_event(st, docs[i], 0, answered ? "answer set" : "answer removed", detail);
		free(detail);
		if (r != 0)
			goto out;
	}
	if (store_commit(st) != 0)
		goto out;
	rc = n > 0;
out:
	if (rc < 0)
		store_rollback(st);
	free(ids);
	free(docs);
	return rc;
}

/* Version 5's numbers for what was filed before: documents in filing order, statements' normalised numbers. */
static int
fill_numbers(struct store *st)
{
	sqlite3_stmt *s = store_stmt(st,
	    "SELECT id FROM document WHERE direction = 'incoming' AND kind IN ('liaison', 'roadmap_input') ORDER BY "
	    "id");
	long long *ids = NULL;
	size_t n = 0;
	int rc = -1;

	if (!s)
		return -1;
	while (sqlite3_step(s) == SQLITE_ROW) {
		ids = xrealloc(ids, (n + 1) * sizeof(*ids));
		ids[n++] = sqlite3_column_int64(s, 0);
	}
	sqlite3_reset(s);
	for (size_t i = 0; i < n; i++) {
		char *no = NULL;
		if (store_docno_next(st, STORE_DOC_PREFIX, &no) != 0 ||
		    !(s = store_stmt(st, "UPDATE document SET docno = ?2 WHERE id = ?1"))) {
			free(no);
			goto out;
		}
		sqlite3_bind_int64(s, 1, ids[i]);
		sqlite3_bind_text(s, 2, no, -1, SQLITE_TRANSIENT);
		free(no);
		if (store_done(st, s, "document number") != 0)
			goto out;
	}
	rc = 0;
out:
	free(ids);
	return rc;
}

static int
fill_keys(struct store *st)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT id, ref FROM liaison WHERE ref IS NOT NULL");
	struct strv refs = {0};
	long long *ids = NULL;
	int rc = 0;

	if (!s)
		return -1;
	while (sqlite3_step(s) == SQLITE_ROW) {
		ids = xrealloc(ids, (refs.n + 1) * sizeof(*ids));
		ids[refs.n] = sqlite3_column_int64(s, 0);
		strv_push(&refs, (const char *)sqlite3_column_text(s, 1));
	}
	sqlite3_reset(s);
	for (size_t i = 0; i < refs.n && rc == 0; i++) {
		char *key = answer_ref_key(refs.v[i]);
		if (!(s = store_stmt(st, "UPDATE liaison SET ref_key = ?2 WHERE id = ?1")))
			rc = -1;
		else {
			sqlite3_bind_int64(s, 1, ids[i]);
			if (key)
				sqlite3_bind_text(s, 2, key, -1, SQLITE_TRANSIENT);
			rc = store_done(st, s, "reference key");
		}
		free(key);
	}
	free(ids);
	strv_free(&refs);
	return rc;
}

int
store_answers_fill(struct store *st)
{
	if (fill_numbers(st) != 0 || fill_keys(st) != 0)
		return -1;
	/* What was answered before is kept, as an automatic answer by the document that answered it. */
	return store_exec(st,
	    "INSERT INTO answer (obligation_id, document_id, how, at) SELECT id, answered_by, 'auto',"
	    " CAST(strftime('%s', 'now') AS INTEGER) FROM obligation WHERE state = 'answered';"
	    /* The bodies filed documents speak for, without the bodies those are part of (no directory here). */
	    "INSERT OR IGNORE INTO doc_body (sdo, document_id, trusted) SELECT coalesce(l.source, d.sender_sdo), d.id,"
	    " d.sender_sdo IS NOT NULL AND d.sender_sdo = coalesce(l.source, d.sender_sdo)"
	    " FROM document d LEFT JOIN liaison l ON l.document_id = d.id WHERE d.direction = 'incoming'"
	    " AND d.machine = 0 AND d.kind IN ('liaison', 'roadmap_input', 'other')"
	    " AND coalesce(l.source, d.sender_sdo) IS NOT NULL");
}
