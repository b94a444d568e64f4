/* query.c: what liaisonctl and the daemon read back: documents, obligations, the outbox, bodies and contacts. */
/* SPDX-License-Identifier: Apache-2.0 */
#include "store_int.h"

#include <stdlib.h>
#include <string.h>

#include "answer.h"

int
store_outbox_add(struct store *st, const struct outmail *om, long long *id, int *dup, char **err)
{
	sqlite3_stmt *s = store_stmt(st,
	    "INSERT INTO outbox (kind, dedupe_key, document_id, mail_from, rcpt, data, next_attempt, created)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7) ON CONFLICT (dedupe_key) DO NOTHING");
	struct buf r = {0};
	int rc = -1;

	*dup = 0;
	*id = 0;
	if (!s)
		goto out;
	for (size_t i = 0; i < om->rcpt->n; i++) {
		buf_adds(&r, om->rcpt->v[i]);
		buf_addc(&r, '\n');
	}
	sqlite3_bind_text(s, 1, om->kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, om->dedupe_key, -1, SQLITE_STATIC);
	if (om->doc_id > 0)
		sqlite3_bind_int64(s, 3, om->doc_id);
	sqlite3_bind_text(s, 4, om->mail_from, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, buf_str(&r), -1, SQLITE_STATIC);
	sqlite3_bind_blob64(s, 6, om->data, om->len, SQLITE_STATIC);
	sqlite3_bind_int64(s, 7, now_epoch());
	if (sqlite3_step(s) != SQLITE_DONE) {
		sqlite3_reset(s);
		store_seterr(st, "outbox");
		goto out;
	}
	sqlite3_reset(s);
	if (sqlite3_changes(st->db) == 0)
		*dup = 1;
	else {
		*id = sqlite3_last_insert_rowid(st->db);
		if (store_delivery_add(st, *id, om->rcpt) != 0 ||
		    store_event(st, om->doc_id, *id, "queued", om->kind) != 0)
			goto out;
	}
	rc = 0;
out:
	if (rc != 0)
		*err = xstrdup(st->errbuf);
	buf_free(&r);
	return rc;
}

void
outbox_item_clear(struct outbox_item *it)
{
	free(it->kind);
	free(it->mail_from);
	free(it->state);
	free(it->last_error);
	free(it->data);
	free(it->due);
	strv_free(&it->rcpt);
	memset(it, 0, sizeof(*it));
}

static void
split_lines(const char *s, struct strv *out)
{
	const char *nl;

	while (s && *s) {
		nl = strchr(s, '\n');
		if (!nl) {
			strv_push(out, s);
			break;
		}
		if (nl > s)
			strv_push_owned(out, xstrndup(s, (size_t)(nl - s)));
		s = nl + 1;
	}
}

void
store_outbox_row(sqlite3_stmt *s, struct outbox_item *it)
{
	char *rcpt;

	memset(it, 0, sizeof(*it));
	it->id = sqlite3_column_int64(s, 0);
	it->kind = store_col_text(s, 1);
	it->mail_from = store_col_text(s, 2);
	rcpt = store_col_text(s, 3);
	split_lines(rcpt, &it->rcpt);
	free(rcpt);
	it->len = (size_t)sqlite3_column_bytes(s, 4);
	it->data = xmalloc(it->len + 1);
	if (it->len)
		memcpy(it->data, sqlite3_column_blob(s, 4), it->len);
	it->data[it->len] = '\0';
	it->state = store_col_text(s, 5);
	it->attempts = sqlite3_column_int(s, 6);
	it->last_error = store_col_text(s, 7);
	it->created = sqlite3_column_int64(s, 8);
	it->sent = sqlite3_column_int64(s, 9);
	it->next_attempt = sqlite3_column_int64(s, 10);
}

int
store_outbox_list(struct store *st, int (*fn)(struct outbox_item *, void *), void *arg)
{
	sqlite3_stmt *s = store_stmt(st,
	    "SELECT id, kind, mail_from, rcpt, data, CASE WHEN cancelled IS NULL THEN state ELSE 'cancelled' END,"
	    " attempts, last_error, created, sent, next_attempt FROM outbox ORDER BY id");
	struct outbox_item it;
	int rc;

	if (!s)
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int stop;
		store_outbox_row(s, &it);
		stop = fn(&it, arg);
		outbox_item_clear(&it);
		if (stop)
			break;
	}
	sqlite3_reset(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

int
store_outbox_exists(struct store *st, const char *dedupe_key)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT 1 FROM outbox WHERE dedupe_key = ?1");
	int rc;

	if (!s)
		return -1;
	sqlite3_bind_text(s, 1, dedupe_key, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

long long
store_outbox_count_to(struct store *st, const char *kind, const char *rcpt, long long since)
{
	/* Two statements, so that each is a seek on outbox_kind_created (kind, created). */
	sqlite3_stmt *s = rcpt ? store_stmt(st,
	                             "SELECT count(*) FROM outbox WHERE kind = ?1 AND created >= ?3"
	                             " AND rcpt = ?2 || char(10)")
	                       : store_stmt(st, "SELECT count(*) FROM outbox WHERE kind = ?1 AND created >= ?3");
	long long n = -1;

	if (!s)
		return -1;
	sqlite3_bind_text(s, 1, kind, -1, SQLITE_STATIC);
	if (rcpt)
		sqlite3_bind_text(s, 2, rcpt, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, since);
	if (sqlite3_step(s) == SQLITE_ROW)
		n = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	return n;
}

void
obligation_clear(struct obligation *o)
{
	free(o->ref);
	free(o->title);
	free(o->sdo);
	free(o->role);
	free(o->state);
	free(o->deadline);
	free(o->direction);
	free(o->answer_how);
	free(o->answer_docno);
	free(o->answer_note);
	memset(o, 0, sizeof(*o));
}

int
store_obligations(struct store *st, int all, int (*fn)(const struct obligation *, void *), void *arg)
{
	sqlite3_stmt *s = store_stmt(st,
	    "SELECT o.id, o.liaison_id, l.document_id, l.ref, l.title, o.sdo, o.role, o.state, o.deadline, d.direction,"
	    " coalesce(o.reminded_days, -1), a.how, coalesce(a.document_id, 0), ad.docno, a.note"
	    " FROM obligation o JOIN liaison l ON l.id = o.liaison_id JOIN document d ON d.id = l.document_id"
	    " LEFT JOIN answer a ON a.id = (SELECT x.id FROM answer x WHERE x.obligation_id = o.id"
	    "  ORDER BY x.how = 'claimed', x.id DESC LIMIT 1)" /* a confirmed answer before a claim, the last first */
	    " LEFT JOIN document ad ON ad.id = a.document_id"
	    " WHERE ?1 OR (o.state = 'open' AND o.deadline IS NOT NULL)"
	    " ORDER BY o.deadline IS NULL, o.deadline, l.ref, o.liaison_id, o.sdo");
	struct obligation o;
	int rc;

	if (!s)
		return -1;
	sqlite3_bind_int(s, 1, all);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int stop;
		memset(&o, 0, sizeof(o));
		o.id = sqlite3_column_int64(s, 0);
		o.liaison_id = sqlite3_column_int64(s, 1);
		o.doc_id = sqlite3_column_int64(s, 2);
		o.ref = store_col_text(s, 3);
		o.title = store_col_text(s, 4);
		o.sdo = store_col_text(s, 5);
		o.role = store_col_text(s, 6);
		o.state = store_col_text(s, 7);
		o.deadline = store_col_text(s, 8);
		o.direction = store_col_text(s, 9);
		o.reminded_days = sqlite3_column_int64(s, 10);
		o.answer_how = store_col_text(s, 11);
		o.answer_doc = sqlite3_column_int64(s, 12);
		o.answer_docno = store_col_text(s, 13);
		o.answer_note = store_col_text(s, 14);
		stop = fn(&o, arg);
		obligation_clear(&o);
		if (stop)
			break;
	}
	sqlite3_reset(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

void
doc_row_clear(struct doc_row *r)
{
	free(r->message_id);
	free(r->kind);
	free(r->direction);
	free(r->subject);
	free(r->sender);
	free(r->warnings_json);
	free(r->ref);
	free(r->docno);
	memset(r, 0, sizeof(*r));
}

#define DOC_COLUMNS                                                                                                    \
	"d.id, d.message_id, d.kind, d.direction, d.subject, d.sender, d.received, coalesce(d.date, 0), d.warnings,"   \
	" (SELECT ref FROM liaison WHERE document_id = d.id), d.docno"

static void
doc_row_read(sqlite3_stmt *s, struct doc_row *r)
{
	memset(r, 0, sizeof(*r));
	r->id = sqlite3_column_int64(s, 0);
	r->message_id = store_col_text(s, 1);
	r->kind = store_col_text(s, 2);
	r->direction = store_col_text(s, 3);
	r->subject = store_col_text(s, 4);
	r->sender = store_col_text(s, 5);
	r->received = sqlite3_column_int64(s, 6);
	r->date = sqlite3_column_int64(s, 7);
	r->warnings_json = store_col_text(s, 8);
	r->ref = store_col_text(s, 9);
	r->docno = store_col_text(s, 10);
}

int
store_list(struct store *st, const char *kind, long long since, int by_received,
    int (*fn)(const struct doc_row *, void *), void *arg)
{
	sqlite3_stmt *s = store_stmt(st,
	    "SELECT " DOC_COLUMNS " FROM document d"
	    " WHERE (?1 IS NULL OR d.kind = ?1)"
	    " AND (CASE WHEN ?3 THEN d.received ELSE coalesce(d.date, d.received) END) >= ?2"
	    " ORDER BY d.id");
	struct doc_row r;
	int rc;

	if (!s)
		return -1;
	if (kind)
		sqlite3_bind_text(s, 1, kind, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, since);
	sqlite3_bind_int(s, 3, by_received);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int stop;
		doc_row_read(s, &r);
		stop = fn(&r, arg);
		doc_row_clear(&r);
		if (stop)
			break;
	}
	sqlite3_reset(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

static void
read_strv(struct store *st, const char *sql, long long id, const char *role, struct strv *out)
{
	sqlite3_stmt *s = store_stmt(st, sql);

	if (!s)
		return;
	sqlite3_bind_int64(s, 1, id);
	if (role)
		sqlite3_bind_text(s, 2, role, -1, SQLITE_STATIC);
	while (sqlite3_step(s) == SQLITE_ROW)
		strv_push(out, (const char *)sqlite3_column_text(s, 0));
	sqlite3_reset(s);
}

static const char targets_sql[] =
    "SELECT sdo FROM liaison_target WHERE liaison_id = ?1 AND role = ?2 ORDER BY position";

static struct ls *
read_liaison(struct store *st, long long doc_id)
{
	sqlite3_stmt *s = store_stmt(st,
	    "SELECT id, ref, source, title, approval, deadline, deadline_text, abstract,"
	    " template FROM liaison WHERE document_id = ?1");
	struct ls *ls = NULL;
	long long lid;

	if (!s)
		return NULL;
	sqlite3_bind_int64(s, 1, doc_id);
	if (sqlite3_step(s) != SQLITE_ROW) {
		sqlite3_reset(s);
		return NULL;
	}
	ls = xcalloc(1, sizeof(*ls));
	lid = sqlite3_column_int64(s, 0);
	ls->ref = store_col_text(s, 1);
	ls->source = store_col_text(s, 2);
	ls->title = store_col_text(s, 3);
	ls->approval = store_col_text(s, 4);
	ls->deadline = store_col_text(s, 5);
	ls->deadline_text = store_col_text(s, 6);
	ls->abstract = store_col_text(s, 7);
	ls->template_name = store_col_text(s, 8);
	sqlite3_reset(s);
	read_strv(st, targets_sql, lid, "action", &ls->for_action);
	read_strv(st, targets_sql, lid, "comment", &ls->for_comment);
	read_strv(st, targets_sql, lid, "information", &ls->for_information);
	read_strv(st, "SELECT ref FROM liaison_reply WHERE liaison_id = ?1 ORDER BY ref", lid, NULL, &ls->reply_to);
	if ((s = store_stmt(st,
	         "SELECT name, organization, email FROM liaison_contact WHERE liaison_id = ?1"
	         " ORDER BY position")) != NULL) {
		sqlite3_bind_int64(s, 1, lid);
		while (sqlite3_step(s) == SQLITE_ROW) {
			ls->contacts = xrealloc(ls->contacts, (ls->ncontacts + 1) * sizeof(*ls->contacts));
			ls->contacts[ls->ncontacts].name = store_col_text(s, 0);
			ls->contacts[ls->ncontacts].organization = store_col_text(s, 1);
			ls->contacts[ls->ncontacts].email = store_col_text(s, 2);
			ls->ncontacts++;
		}
		sqlite3_reset(s);
	}
	if ((s = store_stmt(st, "SELECT field, origin FROM provenance WHERE liaison_id = ?1 ORDER BY rowid")) != NULL) {
		sqlite3_bind_int64(s, 1, lid);
		while (sqlite3_step(s) == SQLITE_ROW) {
			ls->prov = xrealloc(ls->prov, (ls->nprov + 1) * sizeof(*ls->prov));
			ls->prov[ls->nprov].field = store_col_text(s, 0);
			ls->prov[ls->nprov].origin = store_col_text(s, 1);
			ls->nprov++;
		}
		sqlite3_reset(s);
	}
	return ls;
}

int
store_find(struct store *st, const char *id_or_ref, struct doc_row *row, struct ls **ls, struct strv *attachments_json)
{
	sqlite3_stmt *s = store_stmt(st,
	    "SELECT " DOC_COLUMNS " FROM document d WHERE d.id = ?1 OR d.message_id = ?2"
	    " OR d.message_id = '<' || ?2 || '>' OR d.docno = ?2"
	    " OR d.id IN (SELECT document_id FROM liaison WHERE ref_key = ?3)" /* the number, normalised: indexed */
	    " ORDER BY d.id = ?1 DESC, d.id DESC LIMIT 1"); /* a number is an id before it is a Message-ID */
	char *key = answer_ref_key(id_or_ref);
	long id = 0;
	int rc;

	*ls = NULL;
	if (!s) {
		free(key);
		return -1;
	}
	if (key)
		sqlite3_bind_text(s, 3, key, -1, SQLITE_TRANSIENT);
	free(key);
	if (parse_long(id_or_ref, 1, 0x7fffffffL, &id) == 0)
		sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_text(s, 2, id_or_ref, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(s);
		return rc == SQLITE_DONE ? 0 : -1;
	}
	doc_row_read(s, row);
	sqlite3_reset(s);
	*ls = read_liaison(st, row->id);
	if (attachments_json &&
	    (s = store_stmt(st,
	         "SELECT filename, content_type, size, sha256 FROM attachment"
	         " WHERE document_id = ?1 ORDER BY position")) != NULL) {
		sqlite3_bind_int64(s, 1, row->id);
		while (sqlite3_step(s) == SQLITE_ROW) {
			struct buf b = {0};
			buf_adds(&b, "{\"filename\": ");
			json_str(&b, (const char *)sqlite3_column_text(s, 0));
			buf_adds(&b, ", \"content_type\": ");
			json_str(&b, (const char *)sqlite3_column_text(s, 1));
			buf_printf(&b, ", \"size\": %lld, \"sha256\": ", (long long)sqlite3_column_int64(s, 2));
			json_str(&b, (const char *)sqlite3_column_text(s, 3));
			buf_addc(&b, '}');
			strv_push_owned(attachments_json, buf_steal(&b));
		}
		sqlite3_reset(s);
	}
	return 1;
}

int
store_sdo_contact_add(struct store *st, const char *sdo, const char *email, char **err)
{
	sqlite3_stmt *s = store_stmt(st, "INSERT OR IGNORE INTO sdo_contact (sdo, email, added) VALUES (?1, ?2, ?3)");
	int rc;

	if (!s) {
		*err = xstrdup(st->errbuf);
		return -1;
	}
	sqlite3_bind_text(s, 1, sdo, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, email, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, now_epoch());
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		store_seterr(st, "sdo contact");
		*err = xstrdup(st->errbuf);
		return -1;
	}
	return store_event(st, 0, 0, "sdo contact added", sdo);
}

int
store_sdo_contacts(struct store *st, const char *sdo, struct strv *out)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT email FROM sdo_contact WHERE sdo = ?1 ORDER BY email");
	int rc;

	if (!s)
		return -1;
	sqlite3_bind_text(s, 1, sdo, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		strv_push(out, (const char *)sqlite3_column_text(s, 0));
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : -1;
}

int
store_sdo_seen(struct store *st, int (*fn)(const char *name, long long count, void *), void *arg)
{
	sqlite3_stmt *s = store_stmt(st,
	    "SELECT s.name, (SELECT count(*) FROM liaison_target t WHERE t.sdo = s.name)"
	    " + (SELECT count(*) FROM liaison l WHERE l.source = s.name)"
	    " FROM sdo s ORDER BY s.name");
	int rc;

	if (!s)
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		if (fn((const char *)sqlite3_column_text(s, 0), sqlite3_column_int64(s, 1), arg))
			break;
	sqlite3_reset(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

/* The raw bytes by sql (one blob column, the id as ?1). */
static int
raw_by(struct store *st, const char *sql, long long doc_id, unsigned char **data, size_t *len)
{
	sqlite3_stmt *s = store_stmt(st, sql);
	int rc;

	*data = NULL;
	*len = 0;
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, doc_id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*len = (size_t)sqlite3_column_bytes(s, 0);
		*data = xmalloc(*len + 1);
		if (*len)
			memcpy(*data, sqlite3_column_blob(s, 0), *len);
		(*data)[*len] = '\0';
	}
	sqlite3_reset(s);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

int
store_raw(struct store *st, long long doc_id, unsigned char **data, size_t *len)
{
	return raw_by(st, "SELECT raw FROM document_raw WHERE document_id = ?1", doc_id, data, len);
}

int
store_raw_in_document(struct store *st, long long doc_id, unsigned char **data, size_t *len)
{
	return raw_by(st, "SELECT raw FROM document WHERE id = ?1", doc_id, data, len);
}
