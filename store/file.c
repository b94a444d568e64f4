/* file.c: filing one message in one transaction: document, attachments, statement, obligations, roadmap, ack. */
/* SPDX-License-Identifier: Apache-2.0 */
#include "store_int.h"

#include <stdlib.h>
#include <string.h>

#include "sdo.h"

char *
store_dedupe_key(const struct msg *m)
{
	if (m->message_id && *m->message_id)
		return xstrdup(m->message_id);
	return xasprintf("sha256:%s", m->sha256);
}

int
store_has_same(struct store *st, const char *key, const char *sha256)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT sha256 FROM document WHERE dedupe_key = ?1");
	int rc, have = 0;

	if (!s)
		return -1;
	sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		const char *old = (const char *)sqlite3_column_text(s, 0);
		have = (sha256 && old && strcmp(old, sha256) != 0) ? 2 : 1;
	}
	sqlite3_reset(s);
	if (rc == SQLITE_ROW)
		return have;
	if (rc == SQLITE_DONE)
		return 0;
	store_seterr(st, "lookup");
	return -1;
}

static void
bind_text_or_null(sqlite3_stmt *s, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(s, i, v, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(s, i);
}

static int
sdo_seen(struct store *st, const struct sdo_dir *dir, const char *name, long long when)
{
	sqlite3_stmt *s = store_stmt(st, "INSERT OR IGNORE INTO sdo (name, known, first_seen) VALUES (?1, ?2, ?3)");

	if (!s)
		return -1;
	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 2, dir && sdo_find(dir, name) >= 0);
	sqlite3_bind_int64(s, 3, when);
	return store_done(st, s, "sdo");
}

static int
insert_document(struct store *st, const struct filing *f, const char *key, long long *id)
{
	const struct msg *m = f->msg;
	const struct analysis *a = f->an;
	struct buf w = {0};
	char *rcpt = xasprintf("%s%s%s", m->to, *m->cc ? ", " : "", m->cc);
	sqlite3_stmt *s = store_stmt(st,
	    "INSERT INTO document (dedupe_key, message_id, sha256, sender, sender_name, sender_sdo, recipients,"
	    " subject, date, received, kind, direction, machine, in_reply_to, source_key, folder, warnings)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)");
	int rc = -1;

	if (!s)
		goto out;
	json_strv(&w, &a->warnings);
	sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	bind_text_or_null(s, 2, m->message_id);
	sqlite3_bind_text(s, 3, m->sha256, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, m->from_addr, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, m->from_name, -1, SQLITE_STATIC);
	bind_text_or_null(s, 6, a->sender_sdo);
	sqlite3_bind_text(s, 7, rcpt, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 8, m->subject, -1, SQLITE_STATIC);
	if (m->date)
		sqlite3_bind_int64(s, 9, m->date);
	sqlite3_bind_int64(s, 10, f->received);
	sqlite3_bind_text(s, 11, kind_name(a->kind), -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 12, a->outgoing ? "outgoing" : "incoming", -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 13, a->machine);
	bind_text_or_null(s, 14, m->in_reply_to);
	bind_text_or_null(s, 15, f->source_key);
	bind_text_or_null(s, 16, f->folder);
	sqlite3_bind_text(s, 17, buf_str(&w), -1, SQLITE_STATIC);
	if (store_done(st, s, "document") != 0)
		goto out;
	*id = sqlite3_last_insert_rowid(st->db);
	/* The raw bytes apart (schema version 5): nothing that reads documents by their columns reads them. */
	if (!(s = store_stmt(st, "INSERT INTO document_raw (document_id, raw) VALUES (?1, ?2)")))
		goto out;
	sqlite3_bind_int64(s, 1, *id);
	sqlite3_bind_blob64(s, 2, f->raw, f->rawlen, SQLITE_STATIC);
	if (store_done(st, s, "document") != 0)
		goto out;
	rc = 0;
out:
	buf_free(&w);
	free(rcpt);
	return rc;
}

static int
insert_attachments(struct store *st, const struct msg *m, long long doc_id)
{
	sqlite3_stmt *b, *a;

	for (size_t i = 0; i < m->natt; i++) {
		const struct msg_attachment *at = &m->att[i];
		if (!(b = store_stmt(st, "INSERT OR IGNORE INTO blob (sha256, size, data) VALUES (?1, ?2, ?3)")))
			return -1;
		sqlite3_bind_text(b, 1, at->sha256, -1, SQLITE_STATIC);
		sqlite3_bind_int64(b, 2, (sqlite3_int64)at->size);
		sqlite3_bind_blob64(b, 3, at->data, at->size, SQLITE_STATIC);
		if (store_done(st, b, "blob") != 0)
			return -1;
		if (!(a = store_stmt(st,
		          "INSERT INTO attachment (document_id, position, sha256, filename, content_type,"
		          " size) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")))
			return -1;
		sqlite3_bind_int64(a, 1, doc_id);
		sqlite3_bind_int(a, 2, (int)i);
		sqlite3_bind_text(a, 3, at->sha256, -1, SQLITE_STATIC);
		sqlite3_bind_text(a, 4, at->filename, -1, SQLITE_STATIC);
		sqlite3_bind_text(a, 5, at->content_type, -1, SQLITE_STATIC);
		sqlite3_bind_int64(a, 6, (sqlite3_int64)at->size);
		if (store_done(st, a, "attachment") != 0)
			return -1;
	}
	return 0;
}

static int
insert_targets(struct store *st, const struct filing *f, long long lid, const struct strv *sv, const char *role)
{
	const struct ls *ls = f->an->ls;
	sqlite3_stmt *s;

	for (size_t i = 0; i < sv->n; i++) {
		if (sdo_seen(st, f->dir, sv->v[i], f->received) != 0)
			return -1;
		if (!(s = store_stmt(st,
		          "INSERT OR IGNORE INTO liaison_target (liaison_id, role, position, sdo)"
		          " VALUES (?1, ?2, ?3, ?4)")))
			return -1;
		sqlite3_bind_int64(s, 1, lid);
		sqlite3_bind_text(s, 2, role, -1, SQLITE_STATIC);
		sqlite3_bind_int(s, 3, (int)i);
		sqlite3_bind_text(s, 4, sv->v[i], -1, SQLITE_STATIC);
		if (store_done(st, s, "target") != 0)
			return -1;
		/* An unverified claim to be the secretariat's own asks nothing of anyone: no obligation, no reminder.
		 */
		if (strcmp(role, "information") == 0 || f->an->unverified)
			continue;
		if (!(s = store_stmt(st,
		          "INSERT OR IGNORE INTO obligation (liaison_id, sdo, role, deadline)"
		          " VALUES (?1, ?2, ?3, ?4)")))
			return -1;
		sqlite3_bind_int64(s, 1, lid);
		sqlite3_bind_text(s, 2, sv->v[i], -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 3, role, -1, SQLITE_STATIC);
		bind_text_or_null(s, 4, ls->deadline);
		if (store_done(st, s, "obligation") != 0)
			return -1;
	}
	return 0;
}

/* A reply answers the obligations its sender had on the statements it names or replies to. */
static int
answer(struct store *st, const char *body, const char *ref, const char *in_reply_to, long long doc_id)
{
	sqlite3_stmt *s = store_stmt(st,
	    "UPDATE obligation SET state = 'answered', answered_by = ?3 WHERE state = 'open' AND sdo = ?1 AND "
	    "liaison_id IN"
	    " (SELECT l.id FROM liaison l JOIN document d ON d.id = l.document_id"
	    "  WHERE (?2 IS NOT NULL AND replace(upper(l.ref), ' ', '') = replace(upper(?2), ' ', ''))"
	    "     OR (?4 IS NOT NULL AND d.message_id = ?4))");

	if (!body || !s)
		return s ? 0 : -1;
	sqlite3_bind_text(s, 1, body, -1, SQLITE_STATIC);
	bind_text_or_null(s, 2, ref);
	sqlite3_bind_int64(s, 3, doc_id);
	bind_text_or_null(s, 4, in_reply_to);
	return store_done(st, s, "answer");
}

static int
insert_liaison(struct store *st, const struct filing *f, long long doc_id)
{
	const struct ls *ls = f->an->ls;
	sqlite3_stmt *s = store_stmt(st,
	    "INSERT INTO liaison (document_id, ref, source, title, approval, deadline, deadline_text, abstract, "
	    "template)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
	long long lid;

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, doc_id);
	bind_text_or_null(s, 2, ls->ref);
	bind_text_or_null(s, 3, ls->source);
	bind_text_or_null(s, 4, ls->title);
	bind_text_or_null(s, 5, ls->approval);
	bind_text_or_null(s, 6, ls->deadline);
	bind_text_or_null(s, 7, ls->deadline_text);
	bind_text_or_null(s, 8, ls->abstract);
	bind_text_or_null(s, 9, ls->template_name);
	if (store_done(st, s, "liaison") != 0)
		return -1;
	lid = sqlite3_last_insert_rowid(st->db);
	if (ls->source && sdo_seen(st, f->dir, ls->source, f->received) != 0)
		return -1;
	if (insert_targets(st, f, lid, &ls->for_action, "action") != 0 ||
	    insert_targets(st, f, lid, &ls->for_comment, "comment") != 0 ||
	    insert_targets(st, f, lid, &ls->for_information, "information") != 0)
		return -1;
	for (size_t i = 0; i < ls->ncontacts; i++) {
		if (!(s = store_stmt(st,
		          "INSERT INTO liaison_contact (liaison_id, position, name, organization, email)"
		          " VALUES (?1, ?2, ?3, ?4, ?5)")))
			return -1;
		sqlite3_bind_int64(s, 1, lid);
		sqlite3_bind_int(s, 2, (int)i);
		sqlite3_bind_text(s, 3, ls->contacts[i].name ? ls->contacts[i].name : "", -1, SQLITE_STATIC);
		sqlite3_bind_text(
		    s, 4, ls->contacts[i].organization ? ls->contacts[i].organization : "", -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 5, ls->contacts[i].email ? ls->contacts[i].email : "", -1, SQLITE_STATIC);
		if (store_done(st, s, "contact") != 0)
			return -1;
	}
	for (size_t i = 0; i < ls->reply_to.n; i++) {
		if (!(s = store_stmt(st, "INSERT OR IGNORE INTO liaison_reply (liaison_id, ref) VALUES (?1, ?2)")))
			return -1;
		sqlite3_bind_int64(s, 1, lid);
		sqlite3_bind_text(s, 2, ls->reply_to.v[i], -1, SQLITE_STATIC);
		if (store_done(st, s, "reply") != 0)
			return -1;
		if (answer(st, ls->source, ls->reply_to.v[i], NULL, doc_id) != 0)
			return -1;
	}
	for (size_t i = 0; i < ls->nprov; i++) {
		if (!(s = store_stmt(
		          st, "INSERT OR REPLACE INTO provenance (liaison_id, field, origin) VALUES (?1, ?2, ?3)")))
			return -1;
		sqlite3_bind_int64(s, 1, lid);
		sqlite3_bind_text(s, 2, ls->prov[i].field, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 3, ls->prov[i].origin, -1, SQLITE_STATIC);
		if (store_done(st, s, "provenance") != 0)
			return -1;
	}
	return answer(st, ls->source ? ls->source : f->an->sender_sdo, NULL, f->msg->in_reply_to, doc_id);
}

/*
 * A roadmap input sent in reply to a call for input answers the obligations of the bodies it
 * speaks for: the sender's (by mail domain or as a registered liaison contact) and the bodies
 * named in its rows.
 */
static int
answer_roadmap(struct store *st, const struct filing *f, long long doc_id)
{
	const char *irt = f->msg->in_reply_to;
	struct strv bodies = {0};
	sqlite3_stmt *s;
	int rc = -1;

	if (f->an->sender_sdo)
		strv_push_unique(&bodies, f->an->sender_sdo);
	if (!(s = store_stmt(st, "SELECT sdo FROM sdo_contact WHERE email = ?1")))
		goto out;
	sqlite3_bind_text(s, 1, f->msg->from_addr, -1, SQLITE_STATIC);
	while (sqlite3_step(s) == SQLITE_ROW)
		strv_push_unique(&bodies, (const char *)sqlite3_column_text(s, 0));
	sqlite3_reset(s);
	for (size_t i = 0; i < f->an->rm.n; i++) {
		const char *name = f->an->rm.v[i].f[RM_SDO];
		const char *canon = f->dir ? sdo_canonical(f->dir, name) : NULL;
		if (name && *name)
			strv_push_unique(&bodies, canon ? canon : name);
	}
	for (size_t i = 0; i < bodies.n; i++)
		if (answer(st, bodies.v[i], NULL, irt, doc_id) != 0)
			goto out;
	rc = 0;
out:
	strv_free(&bodies);
	return rc;
}

int
store_file(struct store *st, const struct filing *f, const struct outmail *ack, long long *doc_id, int *dup, char **err)
{
	char *key = store_dedupe_key(f->msg);
	struct strv rmwarn = {0};
	int rc = -1, have;

	*dup = 0;
	*doc_id = 0;
	*err = NULL;
	if (store_begin(st) != 0)
		goto out;
	if ((have = store_has_same(st, key, f->msg->sha256)) < 0)
		goto out;
	if (have) {
		*dup = have;
		/* Same Message-ID, other bytes (a resend with a footer, a guessed ID): kept as it was, and said. */
		if (have == 2 && store_event(st, 0, 0, "duplicate Message-ID with other content", key) != 0)
			goto out;
		if (f->source_key && store_attempt_end(st, f->source_key) != 0)
			goto out;
		rc = store_commit(st);
		goto out;
	}
	if (insert_document(st, f, key, doc_id) != 0 || insert_attachments(st, f->msg, *doc_id) != 0)
		goto out;
	if (f->an->ls && insert_liaison(st, f, *doc_id) != 0)
		goto out;
	if (store_search_index(st, *doc_id, f->msg, f->an ? f->an->text : NULL) !=
	    0) /* after the statement: its title and abstract */
		goto out;
	if (f->an->rm.n > 0) {
		if (store_roadmap_file(st, *doc_id, f->received, &f->an->rm, f->dir, &rmwarn) != 0)
			goto out;
		if (f->msg->in_reply_to && answer_roadmap(st, f, *doc_id) != 0)
			goto out;
	}
	if (store_event(st, *doc_id, 0, "filed", kind_name(f->an->kind)) != 0)
		goto out;
	if (ack) {
		struct outmail om = *ack;
		long long oid;
		int odup;
		om.doc_id = *doc_id; /* known only now: the acknowledgement belongs to the filed document */
		if (store_outbox_add(st, &om, &oid, &odup, err) != 0)
			goto out;
	}
	if (f->source_key && store_attempt_end(st, f->source_key) != 0)
		goto out;
	rc = store_commit(st);
out:
	if (rc != 0) {
		if (!*err)
			*err = xstrdup(st->errbuf);
		store_rollback(st);
		*doc_id = 0;
	}
	strv_free(&rmwarn);
	free(key);
	return rc;
}
