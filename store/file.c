/* file.c: filing one message in one transaction: document, attachments, statement, obligations, roadmap, ack. */
/* SPDX-License-Identifier: Apache-2.0 */
#include "store_int.h"

#include <stdlib.h>
#include <string.h>

#include "answer.h"
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

/* Incoming statements and roadmap inputs get the secretariat's number, within the filing's transaction. */
static int
numbered(const struct analysis *a)
{
	return !a->outgoing && !a->machine && (a->kind == KIND_LIAISON || a->kind == KIND_ROADMAP);
}

static int
insert_document(struct store *st, const struct filing *f, const char *key, long long *id, char **docno)
{
	const struct msg *m = f->msg;
	const struct analysis *a = f->an;
	struct buf w = {0}, refs = {0};
	char *rcpt = xasprintf("%s%s%s", m->to, *m->cc ? ", " : "", m->cc);
	sqlite3_stmt *s = store_stmt(st,
	    "INSERT INTO document (dedupe_key, message_id, sha256, sender, sender_name, sender_sdo, recipients,"
	    " subject, date, received, kind, direction, machine, in_reply_to, source_key, folder, warnings,"
	    " docno, refs) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, "
	    "?19)");
	int rc = -1;

	*docno = NULL;
	if (!s || (numbered(a) && store_docno_next(st, f->doc_prefix, docno) != 0))
		goto out;
	for (size_t i = 0; i < m->references.n; i++)
		buf_printf(&refs, "%s\n", m->references.v[i]);
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
	bind_text_or_null(s, 18, *docno);
	bind_text_or_null(s, 19, refs.len ? buf_str(&refs) : NULL);
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
	buf_free(&refs);
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

static int
insert_liaison(struct store *st, const struct filing *f, long long doc_id)
{
	const struct ls *ls = f->an->ls;
	sqlite3_stmt *s = store_stmt(st,
	    "INSERT INTO liaison (document_id, ref, source, title, approval, deadline, deadline_text, abstract, "
	    "template, ref_key)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
	char *key = answer_ref_key(ls->ref);
	long long lid;

	if (!s) {
		free(key);
		return -1;
	}
	sqlite3_bind_int64(s, 1, doc_id);
	bind_text_or_null(s, 2, ls->ref);
	bind_text_or_null(s, 3, ls->source);
	bind_text_or_null(s, 4, ls->title);
	bind_text_or_null(s, 5, ls->approval);
	bind_text_or_null(s, 6, ls->deadline);
	bind_text_or_null(s, 7, ls->deadline_text);
	bind_text_or_null(s, 8, ls->abstract);
	bind_text_or_null(s, 9, ls->template_name);
	bind_text_or_null(s, 10, key);
	if (store_done(st, s, "liaison") != 0) {
		free(key);
		return -1;
	}
	free(key); /* bound as static: freed only once the statement ran */
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
	return 0;
}

/* The acknowledgement, queued with the filing; its text written now that the number and answers are known. */
static int
queue_ack(struct store *st, const struct filing *f, const struct outmail *ack, const struct filed *fd, char **err)
{
	struct outmail om = *ack;
	long long oid;
	int odup;

	om.doc_id = fd->doc_id; /* known only now: the acknowledgement belongs to the filed document */
	if (f->ack_compose && f->ack_compose(fd, &om, f->ack_arg) != 0)
		return 0; /* none after all: said by the composer */
	return store_outbox_add(st, &om, &oid, &odup, err);
}

/* Everything but the document row itself, inside the transaction. */
static int
file_parts(struct store *st, const struct filing *f, long long doc_id, struct strv *answered, struct strv *claimed)
{
	struct strv rmwarn = {0};
	int rc = -1;

	if (insert_attachments(st, f->msg, doc_id) != 0)
		goto out;
	if (f->an->ls && insert_liaison(st, f, doc_id) != 0)
		goto out;
	if (store_search_index(st, doc_id, f->msg, f->an ? f->an->text : NULL) !=
	    0) /* after the statement: its title and abstract */
		goto out;
	if (f->an->rm.n > 0 && store_roadmap_file(st, doc_id, f->received, &f->an->rm, f->dir, &rmwarn) != 0)
		goto out;
	if (store_answers_file(st, f, doc_id, answered, claimed) != 0) /* after the text: answers are read in it */
		goto out;
	rc = store_event(st, doc_id, 0, "filed", kind_name(f->an->kind));
out:
	strv_free(&rmwarn);
	return rc;
}

int
store_file(struct store *st, const struct filing *f, const struct outmail *ack, long long *doc_id, int *dup, char **err)
{
	char *key = store_dedupe_key(f->msg), *docno = NULL;
	struct strv answered = {0}, claimed = {0};
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
	if (insert_document(st, f, key, doc_id, &docno) != 0 || file_parts(st, f, *doc_id, &answered, &claimed) != 0)
		goto out;
	if (ack) {
		struct filed fd = {*doc_id, docno, &answered, &claimed};
		if (queue_ack(st, f, ack, &fd, err) != 0)
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
	strv_free(&answered);
	strv_free(&claimed);
	free(docno);
	free(key);
	return rc;
}
