/* report_store.c: what the secretariat's documents read: filed documents by number, obligations, roadmap inputs. */
/* SPDX-License-Identifier: Apache-2.0 */
#include "report_store.h"
#include "store_int.h"

#include <stdlib.h>
#include <string.h>

/*
 * The secretariat's document number of the document row aliased A, as an SQL expression: the
 * one place every query here takes it from: the number filing gave it (document.docno, incoming
 * statements and roadmap inputs), else its store id ("#12", as liaisonctl show takes it).
 */
#define DOC_NUMBER(A) "coalesce(" A ".docno, '#' || " A ".id)"

/* Text of a column, "" for SQL NULL. Owned. */
static char *
col_str(sqlite3_stmt *s, int col)
{
	char *t = store_col_text(s, col);

	return t ? t : xstrdup("");
}

/* "a\nb\n" from group_concat into sv. */
static void
split_lines(const char *s, struct strv *sv)
{
	while (s && *s) {
		const char *e = strchr(s, '\n');
		size_t n = e ? (size_t)(e - s) : strlen(s);
		if (n)
			strv_push_owned(sv, xstrndup(s, n));
		s = e ? e + 1 : NULL;
	}
}

/* "role\tsdo" lines into the three lists of d. */
static void
split_targets(const char *s, struct rp_doc *d)
{
	struct strv lines = {0};

	split_lines(s, &lines);
	for (size_t i = 0; i < lines.n; i++) {
		char *tab = strchr(lines.v[i], '\t');
		if (!tab)
			continue;
		*tab = '\0';
		if (strcmp(lines.v[i], "action") == 0)
			strv_push(&d->action, tab + 1);
		else if (strcmp(lines.v[i], "comment") == 0)
			strv_push(&d->comment, tab + 1);
		else
			strv_push(&d->information, tab + 1);
	}
	strv_free(&lines);
}

#define DOCS_SQL                                                                                                       \
	"SELECT d.id, " DOC_NUMBER(                                                                                    \
	    "d") ", d.kind, d.direction, coalesce(d.date, d.received), d.subject, d.sender,"                           \
	         " d.sender_name, coalesce(d.sender_sdo, ''), l.ref, l.source, l.title, l.deadline,"                   \
	         " (SELECT min(CASE t.role WHEN 'action' THEN 1 WHEN 'comment' THEN 2 ELSE 3 END) FROM "               \
	         "liaison_target t"                                                                                    \
	         "   WHERE t.liaison_id = l.id AND t.sdo = ?3),"                                                       \
	         " (SELECT group_concat(ref, char(10)) FROM (SELECT ref FROM liaison_reply WHERE liaison_id = l.id"    \
	         "   ORDER BY ref)),"                                                                                  \
	         " (SELECT group_concat(role || char(9) || sdo, char(10)) FROM (SELECT role, sdo FROM liaison_target"  \
	         "   WHERE liaison_id = l.id ORDER BY role, position)),"                                               \
	         " (SELECT count(*) FROM roadmap_entry e WHERE e.confirmed_doc = d.id OR EXISTS (SELECT 1 FROM"        \
	         "   roadmap_version v WHERE v.entry_id = e.id AND v.doc_id = d.id)),"                                 \
	         " (SELECT e.body FROM roadmap_version v JOIN roadmap_entry e ON e.id = v.entry_id WHERE v.doc_id = "  \
	         "d.id"                                                                                                \
	         "   GROUP BY e.body ORDER BY count(*) DESC, e.body LIMIT 1)"                                          \
	         " FROM document d LEFT JOIN liaison l ON l.document_id = d.id"                                        \
	         " WHERE d.machine = 0 AND d.kind IN ('liaison', 'roadmap_input', 'other')"                            \
	         " AND coalesce(d.date, d.received) >= ?1 AND (?2 = 0 OR coalesce(d.date, d.received) < ?2) ORDER BY " \
	         "d.id"

static void
doc_read(sqlite3_stmt *s, struct rp_doc *d)
{
	static const char roles[] = {0, 'a', 'c', 'i'};
	int r = sqlite3_column_int(s, 13);
	const char *reply = (const char *)sqlite3_column_text(s, 14);
	const char *targets = (const char *)sqlite3_column_text(s, 15);

	d->id = sqlite3_column_int64(s, 0);
	d->number = col_str(s, 1);
	d->kind = col_str(s, 2);
	d->direction = col_str(s, 3);
	d->date = sqlite3_column_int64(s, 4);
	d->subject = col_str(s, 5);
	d->sender = col_str(s, 6);
	d->sender_name = col_str(s, 7);
	d->body = col_str(s, 8);
	d->ref = col_str(s, 9);
	d->source = col_str(s, 10);
	d->title = col_str(s, 11);
	d->deadline = col_str(s, 12);
	d->role = r >= 1 && r <= 3 ? roles[r] : 0;
	split_lines(reply, &d->reply_to);
	split_targets(targets, d);
	d->entries = sqlite3_column_int64(s, 16);
	d->rm_body = col_str(s, 17);
}

int
report_documents(struct store *st, long long since, long long until, struct rp_docs *out)
{
	sqlite3_stmt *s = store_stmt(st, DOCS_SQL);
	int step;

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, since);
	sqlite3_bind_int64(s, 2, until);
	sqlite3_bind_text(s, 3, RP_SELF, -1, SQLITE_STATIC);
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		if (out->n == out->cap) {
			out->cap = out->cap ? out->cap * 2 : 32;
			out->v = xrealloc(out->v, out->cap * sizeof(*out->v));
		}
		memset(&out->v[out->n], 0, sizeof(out->v[0]));
		doc_read(s, &out->v[out->n++]);
	}
	if (step != SQLITE_DONE)
		store_seterr(st, "documents");
	sqlite3_reset(s);
	return step == SQLITE_DONE ? 0 : -1;
}

void
rp_docs_free(struct rp_docs *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->n; i++) {
		struct rp_doc *x = &d->v[i];
		free(x->number), free(x->kind), free(x->direction), free(x->subject), free(x->sender);
		free(x->sender_name), free(x->body), free(x->ref), free(x->source), free(x->title);
		free(x->deadline), free(x->rm_body);
		strv_free(&x->reply_to), strv_free(&x->action), strv_free(&x->comment), strv_free(&x->information);
	}
	free(d->v);
	memset(d, 0, sizeof(*d));
}

/*
 * An obligation's answer: the one that counts (obligation.answered_by), else the first answer only
 * claimed (answer.how 'claimed': from outside the body's domain and registered contacts), which
 * leaves the obligation open; its last column says which.
 */
#define OBLIGATIONS_SQL                                                                                                \
	"SELECT l.document_id, " DOC_NUMBER(                                                                           \
	    "d") ", coalesce(l.ref, ''), coalesce(l.title, d.subject), d.direction,"                                   \
	         " o.sdo, o.role, o.state, coalesce(o.deadline, ''), coalesce(a.id, 0),"                               \
	         " CASE WHEN a.id IS NULL THEN '' ELSE " DOC_NUMBER(                                                   \
	             "a") " END, coalesce(al.ref, ''),"                                                                \
	                  " coalesce(a.date, a.received, 0), o.answered_by IS NULL AND a.id IS NOT NULL"               \
	                  " FROM obligation o JOIN liaison l ON l.id = o.liaison_id JOIN document d ON d.id = "        \
	                  "l.document_id"                                                                              \
	                  " LEFT JOIN document a ON a.id = coalesce(o.answered_by, (SELECT c.document_id FROM answer " \
	                  "c"                                                                                          \
	                  " WHERE c.obligation_id = o.id AND c.how = 'claimed' AND c.document_id IS NOT NULL"          \
	                  " ORDER BY c.at, c.id LIMIT 1))"                                                             \
	                  " LEFT JOIN liaison al ON al.document_id = a.id"                                             \
	                  " ORDER BY l.document_id, o.sdo, o.role"

int
report_obligations(struct store *st, struct rp_obligations *out)
{
	sqlite3_stmt *s = store_stmt(st, OBLIGATIONS_SQL);
	int step;

	if (!s)
		return -1;
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		struct rp_obligation *o;
		if (out->n == out->cap) {
			out->cap = out->cap ? out->cap * 2 : 32;
			out->v = xrealloc(out->v, out->cap * sizeof(*out->v));
		}
		o = &out->v[out->n++];
		o->doc_id = sqlite3_column_int64(s, 0);
		o->number = col_str(s, 1);
		o->ref = col_str(s, 2);
		o->title = col_str(s, 3);
		o->direction = col_str(s, 4);
		o->sdo = col_str(s, 5);
		o->role = col_str(s, 6);
		o->state = col_str(s, 7);
		o->deadline = col_str(s, 8);
		o->answered_by = sqlite3_column_int64(s, 9);
		o->answer_number = col_str(s, 10);
		o->answer_ref = col_str(s, 11);
		o->answer_date = sqlite3_column_int64(s, 12);
		o->claimed = sqlite3_column_int(s, 13);
	}
	if (step != SQLITE_DONE)
		store_seterr(st, "obligations");
	sqlite3_reset(s);
	return step == SQLITE_DONE ? 0 : -1;
}

void
rp_obligations_free(struct rp_obligations *o)
{
	if (!o)
		return;
	for (size_t i = 0; i < o->n; i++) {
		struct rp_obligation *x = &o->v[i];
		free(x->number), free(x->ref), free(x->title), free(x->direction), free(x->sdo), free(x->role);
		free(x->state), free(x->deadline), free(x->answer_number), free(x->answer_ref);
	}
	free(o->v);
	memset(o, 0, sizeof(*o));
}

#define SOURCES_SQL                                                                                                    \
	"SELECT x.entry_id, x.doc_id, " DOC_NUMBER(                                                                    \
	    "d") ", coalesce(nullif(d.sender_sdo, ''), e.body),"                                                       \
	         " coalesce(d.date, d.received), d.subject FROM (SELECT entry_id, doc_id FROM roadmap_version"         \
	         "  WHERE doc_id IS NOT NULL UNION SELECT id, confirmed_doc FROM roadmap_entry"                        \
	         "  WHERE confirmed_doc IS NOT NULL) x"                                                                \
	         " JOIN document d ON d.id = x.doc_id JOIN roadmap_entry e ON e.id = x.entry_id"                       \
	         " ORDER BY x.entry_id, coalesce(d.date, d.received), d.id"

int
report_roadmap_sources(struct store *st, struct rp_sources *out)
{
	sqlite3_stmt *s = store_stmt(st, SOURCES_SQL);
	int step;

	if (!s)
		return -1;
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		struct rp_source *x;
		if (out->n == out->cap) {
			out->cap = out->cap ? out->cap * 2 : 32;
			out->v = xrealloc(out->v, out->cap * sizeof(*out->v));
		}
		x = &out->v[out->n++];
		x->entry_id = sqlite3_column_int64(s, 0);
		x->doc_id = sqlite3_column_int64(s, 1);
		x->number = col_str(s, 2);
		x->body = col_str(s, 3);
		x->date = sqlite3_column_int64(s, 4);
		x->subject = col_str(s, 5);
	}
	if (step != SQLITE_DONE)
		store_seterr(st, "roadmap sources");
	sqlite3_reset(s);
	return step == SQLITE_DONE ? 0 : -1;
}

void
rp_sources_free(struct rp_sources *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i].number), free(s->v[i].body), free(s->v[i].subject);
	free(s->v);
	memset(s, 0, sizeof(*s));
}

const struct rp_source *
rp_source_find(const struct rp_sources *s, long long entry_id, long long doc_id)
{
	const struct rp_source *found = NULL;
	size_t lo = 0, hi = s ? s->n : 0;

	while (lo < hi) { /* the first of the entry's: sorted by entry */
		size_t mid = lo + (hi - lo) / 2;
		if (s->v[mid].entry_id < entry_id)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t i = lo; s && i < s->n && s->v[i].entry_id == entry_id; i++)
		if (!doc_id || s->v[i].doc_id == doc_id)
			found = &s->v[i];
	return found;
}
