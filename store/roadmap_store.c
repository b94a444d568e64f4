/* roadmap_store.c: roadmap entries and their versions in the store: filing rows, current state, changes. */
/* SPDX-License-Identifier: Apache-2.0 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "roadmap_category.h"
#include "roadmap_store.h"
#include "sdo.h"
#include "store_int.h"

/*
 * An entry is a body's deliverable, keyed by the canonical body and the reference (or the
 * title when there is none); a version is what one filing said about it. A filing that
 * repeats the newest version only moves `confirmed`: versions are kept for ever.
 */
const char store_roadmap_schema[] =
    "CREATE TABLE roadmap_entry (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  body TEXT NOT NULL,          -- canonical body, or the cell as written\n"
    "  body_key TEXT NOT NULL,      -- body, lower case, spaces collapsed\n"
    "  ref_key TEXT NOT NULL,       -- reference, lower case, no spaces; '' when none\n"
    "  title_key TEXT NOT NULL,     -- title, lower case, spaces collapsed, when ref_key is ''; else ''\n"
    "  created INTEGER NOT NULL,    -- epoch of the first filing\n"
    "  confirmed INTEGER NOT NULL,  -- epoch of the last filing carrying the entry, changed or not\n"
    "  confirmed_doc INTEGER REFERENCES document(id),\n"
    "  UNIQUE (body_key, ref_key, title_key)\n"
    ");\n"
    "CREATE TABLE roadmap_version (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  entry_id INTEGER NOT NULL REFERENCES roadmap_entry(id) ON DELETE CASCADE,\n"
    "  seq INTEGER NOT NULL,        -- 1, 2, ... in filing order\n"
    "  doc_id INTEGER REFERENCES document(id),\n"
    "  filed INTEGER NOT NULL,      -- epoch\n"
    "  changed TEXT NOT NULL,       -- cells differing from seq - 1, e.g. 'status,summary'; '' for the first\n"
    "  sdo TEXT NOT NULL,\n"
    "  reference TEXT NOT NULL,\n"
    "  type TEXT NOT NULL,\n"
    "  title TEXT NOT NULL,\n"
    "  status TEXT NOT NULL,\n"
    "  category TEXT NOT NULL,\n"
    "  summary TEXT NOT NULL,\n"
    "  UNIQUE (entry_id, seq)\n"
    ");\n"
    "CREATE INDEX roadmap_version_filed ON roadmap_version(filed);\n"
    "CREATE INDEX roadmap_version_doc ON roadmap_version(doc_id);\n";

/* Lower case (ASCII), white space collapsed, or removed when squeeze. Owned. */
static char *
key_of(const char *s, int squeeze)
{
	char *c = str_collapse_ws(s);
	size_t j = 0;

	for (size_t i = 0; c[i]; i++) {
		if (squeeze && c[i] == ' ')
			continue;
		c[j++] = (char)tolower((unsigned char)c[i]);
	}
	c[j] = '\0';
	return c;
}

static int
bind_doc(sqlite3_stmt *s, int col, long long doc_id)
{
	return doc_id > 0 ? sqlite3_bind_int64(s, col, doc_id) : sqlite3_bind_null(s, col);
}

/* Inserts version seq of an entry. 0 ok, -1 error. */
static int
version_add(struct store *st, long long entry, int seq, long long doc_id, long long when, const char *changed,
    const struct rm_row *r)
{
	sqlite3_stmt *s = store_stmt(st,
	    "INSERT INTO roadmap_version (entry_id, seq, doc_id, filed, changed, sdo, reference, type, title, status,"
	    " category, summary) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)");
	int rc = -1;

	if (!s)
		goto out;
	sqlite3_bind_int64(s, 1, entry);
	sqlite3_bind_int(s, 2, seq);
	bind_doc(s, 3, doc_id);
	sqlite3_bind_int64(s, 4, when);
	sqlite3_bind_text(s, 5, changed, -1, SQLITE_STATIC);
	for (int c = 0; c < RM_NCOLS; c++)
		sqlite3_bind_text(s, 6 + c, r->f[c] ? r->f[c] : "", -1, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_DONE) {
		store_seterr(st, "roadmap version");
		goto out;
	}
	rc = 0;
out:
	if (s)
		sqlite3_reset(s);
	return rc;
}

/* The entry with these keys: 0 and *entry (0 when there is none), or -1 error. */
static int
entry_find(struct store *st, const char *bkey, const char *rkey, const char *tkey, long long *entry)
{
	sqlite3_stmt *s;
	int step;

	*entry = 0;
	if (!(s = store_stmt(
	          st, "SELECT id FROM roadmap_entry WHERE body_key = ?1 AND ref_key = ?2 AND title_key = ?3")))
		return -1;
	sqlite3_bind_text(s, 1, bkey, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, rkey, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, tkey, -1, SQLITE_STATIC);
	step = sqlite3_step(s);
	if (step == SQLITE_ROW)
		*entry = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	if (step != SQLITE_ROW && step != SQLITE_DONE) {
		store_seterr(st, "roadmap entry");
		return -1;
	}
	return 0;
}

/* A new entry and its first version. 0 ok, -1 error. */
static int
entry_add(struct store *st, const char *body, const char *bkey, const char *rkey, const char *tkey, long long doc_id,
    long long when, const struct rm_row *r)
{
	sqlite3_stmt *s;
	int step;

	if (!(s = store_stmt(st,
	          "INSERT INTO roadmap_entry (body, body_key, ref_key, title_key, created, confirmed,"
	          " confirmed_doc) VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?6)")))
		return -1;
	sqlite3_bind_text(s, 1, body, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, bkey, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, rkey, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, tkey, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 5, when);
	bind_doc(s, 6, doc_id);
	step = sqlite3_step(s);
	sqlite3_reset(s);
	if (step != SQLITE_DONE) {
		store_seterr(st, "roadmap entry");
		return -1;
	}
	return version_add(st, sqlite3_last_insert_rowid(st->db), 1, doc_id, when, "", r);
}

/* The newest version's seq (0 when none) and the cells r changes from it, comma-separated. 0 ok, -1 error. */
static int
entry_changes(struct store *st, long long entry, const struct rm_row *r, int *seq, struct buf *changed)
{
	sqlite3_stmt *s;
	int step;

	*seq = 0;
	if (!(s = store_stmt(st,
	          "SELECT seq, sdo, reference, type, title, status, category, summary FROM roadmap_version"
	          " WHERE entry_id = ?1 ORDER BY seq DESC LIMIT 1")))
		return -1;
	sqlite3_bind_int64(s, 1, entry);
	if ((step = sqlite3_step(s)) == SQLITE_ROW) {
		*seq = sqlite3_column_int(s, 0);
		for (int c = 0; c < RM_NCOLS; c++) {
			const char *old = (const char *)sqlite3_column_text(s, 1 + c);
			if (strcmp(old ? old : "", r->f[c] ? r->f[c] : "") != 0)
				buf_printf(changed, "%s%s", changed->len ? "," : "", rm_col_names[c]);
		}
	}
	sqlite3_reset(s);
	if (step != SQLITE_ROW && step != SQLITE_DONE) {
		store_seterr(st, "roadmap version");
		return -1;
	}
	return 0;
}

/* The entry was carried by this filing, changed or not. 0 ok, -1 error. */
static int
entry_confirm(struct store *st, long long entry, long long doc_id, long long when)
{
	sqlite3_stmt *s;
	int step;

	if (!(s = store_stmt(
	          st, "UPDATE roadmap_entry SET confirmed = max(confirmed, ?2), confirmed_doc = ?3 WHERE id = ?1")))
		return -1;
	sqlite3_bind_int64(s, 1, entry);
	sqlite3_bind_int64(s, 2, when);
	bind_doc(s, 3, doc_id);
	step = sqlite3_step(s);
	sqlite3_reset(s);
	if (step != SQLITE_DONE) {
		store_seterr(st, "roadmap confirm");
		return -1;
	}
	return 0;
}

/* One row: a new entry, a new version of one, or a confirmation. 0 ok, -1 error. */
static int
file_row(struct store *st, long long doc_id, long long when, const struct rm_row *r, const struct sdo_dir *dir)
{
	const char *canon = dir && *r->f[RM_SDO] ? sdo_canonical(dir, r->f[RM_SDO]) : NULL;
	const char *body = canon ? canon : r->f[RM_SDO];
	char *bkey = key_of(body, 0), *rkey = key_of(r->f[RM_REF], 1);
	char *tkey = *rkey ? xstrdup("") : key_of(r->f[RM_TITLE], 0);
	struct buf changed = {0};
	long long entry;
	int seq, rc = -1;

	if (entry_find(st, bkey, rkey, tkey, &entry) != 0)
		goto out;
	if (!entry) {
		rc = entry_add(st, body, bkey, rkey, tkey, doc_id, when, r);
		goto out;
	}
	if (entry_changes(st, entry, r, &seq, &changed) != 0)
		goto out;
	if ((seq == 0 || changed.len > 0) && version_add(st, entry, seq + 1, doc_id, when, buf_str(&changed), r) != 0)
		goto out;
	rc = entry_confirm(st, entry, doc_id, when);
out:
	buf_free(&changed);
	free(bkey);
	free(rkey);
	free(tkey);
	return rc;
}

int
store_roadmap_file(struct store *st, long long doc_id, long long when, const struct rm_rows *rows,
    const struct sdo_dir *dir, struct strv *warnings)
{
	if (!rows)
		return 0;
	for (size_t i = 0; warnings && i < rows->warnings.n; i++)
		strv_push_unique(warnings, rows->warnings.v[i]);
	for (size_t i = 0; i < rows->n; i++)
		if (!str_empty(rows->v[i].f[RM_TITLE]) && file_row(st, doc_id, when, &rows->v[i], dir) != 0)
			return -1;
	return 0;
}

static void
row_free(struct rm_row *r)
{
	for (int c = 0; c < RM_NCOLS; c++) {
		free(r->f[c]);
		r->f[c] = NULL;
	}
}

static void
entry_clear(struct rm_entry *e)
{
	free(e->body);
	row_free(&e->row);
	free(e->message_id);
	free(e->subject);
	free(e->group);
	free(e->docno);
	memset(e, 0, sizeof(*e));
}

/* The columns every entry query selects, in this order. */
#define ENTRY_COLS                                                                                                     \
	"e.id, e.body, e.created, e.confirmed, v.seq, v.filed, v.doc_id, d.message_id, d.subject, v.sdo, v.reference," \
	" v.type, v.title, v.status, v.category, v.summary, d.docno"
#define ENTRY_FROM                                                                                                     \
	" FROM roadmap_entry e JOIN roadmap_version v ON v.entry_id = e.id AND v.seq ="                                \
	" (SELECT max(seq) FROM roadmap_version WHERE entry_id = e.id) LEFT JOIN document d ON d.id = v.doc_id"
#define ENTRY_NCOLS 17

static void
entry_read(sqlite3_stmt *s, struct rm_entry *e)
{
	e->id = sqlite3_column_int64(s, 0);
	e->body = store_col_text(s, 1);
	if (!e->body)
		e->body = xstrdup("");
	e->created = sqlite3_column_int64(s, 2);
	e->confirmed = sqlite3_column_int64(s, 3);
	e->version = sqlite3_column_int(s, 4);
	e->updated = sqlite3_column_int64(s, 5);
	e->doc_id = sqlite3_column_int64(s, 6);
	e->message_id = store_col_text(s, 7);
	e->subject = store_col_text(s, 8);
	for (int c = 0; c < RM_NCOLS; c++) {
		e->row.f[c] = store_col_text(s, 9 + c);
		if (!e->row.f[c])
			e->row.f[c] = xstrdup("");
	}
	e->docno = store_col_text(s, 16);
	e->group_rank = rm_category_group(e->row.f[RM_CATEGORY], &e->group);
}

static int
entry_cmp(const struct rm_entry *a, const struct rm_entry *b)
{
	int d;

	if (a->group_rank != b->group_rank)
		return a->group_rank < b->group_rank ? -1 : 1;
	if ((d = strcasecmp(a->group, b->group)) != 0)
		return d;
	if ((d = strcasecmp(a->body, b->body)) != 0)
		return d;
	if ((d = strcasecmp(a->row.f[RM_REF], b->row.f[RM_REF])) != 0)
		return d;
	if ((d = strcasecmp(a->row.f[RM_TITLE], b->row.f[RM_TITLE])) != 0)
		return d;
	return a->id < b->id ? -1 : a->id > b->id;
}

static int
entry_qcmp(const void *a, const void *b)
{
	return entry_cmp(a, b);
}

static int
change_qcmp(const void *a, const void *b)
{
	return entry_cmp(&((const struct rm_change *)a)->cur, &((const struct rm_change *)b)->cur);
}

int
roadmap_current(struct store *st, struct rm_entries *out)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT " ENTRY_COLS ENTRY_FROM);
	size_t first = out->n;
	int step, rc = -1;

	if (!s)
		goto out;
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		if (out->n == out->cap) {
			out->cap = out->cap ? out->cap * 2 : 32;
			out->v = xrealloc(out->v, out->cap * sizeof(*out->v));
		}
		memset(&out->v[out->n], 0, sizeof(out->v[0]));
		entry_read(s, &out->v[out->n++]);
	}
	if (step != SQLITE_DONE) {
		store_seterr(st, "roadmap entries");
		goto out;
	}
	if (out->n > first)
		qsort(out->v + first, out->n - first, sizeof(*out->v), entry_qcmp);
	rc = 0;
out:
	if (s)
		sqlite3_reset(s);
	return rc;
}

void
rm_entries_free(struct rm_entries *e)
{
	if (!e)
		return;
	for (size_t i = 0; i < e->n; i++)
		entry_clear(&e->v[i]);
	free(e->v);
	e->v = NULL;
	e->n = e->cap = 0;
}

/* The cells of an entry's version seq into r (owned). 0 ok, -1 error. */
static int
version_row(struct store *st, long long entry, int seq, struct rm_row *r)
{
	sqlite3_stmt *s = store_stmt(st,
	    "SELECT sdo, reference, type, title, status, category, summary"
	    " FROM roadmap_version WHERE entry_id = ?1 AND seq = ?2");
	int rc = -1;

	if (!s)
		goto out;
	sqlite3_bind_int64(s, 1, entry);
	sqlite3_bind_int(s, 2, seq);
	if (sqlite3_step(s) != SQLITE_ROW) {
		store_seterr(st, "roadmap version");
		goto out;
	}
	for (int c = 0; c < RM_NCOLS; c++) {
		r->f[c] = store_col_text(s, c);
		if (!r->f[c])
			r->f[c] = xstrdup("");
	}
	rc = 0;
out:
	if (s)
		sqlite3_reset(s);
	return rc;
}

int
roadmap_changes(struct store *st, long long since, struct rm_changes *out)
{
	/* The base is the newest version filed at or before since; none makes the entry new. */
	sqlite3_stmt *s = store_stmt(st,
	    "SELECT " ENTRY_COLS ", (SELECT max(seq) FROM roadmap_version w"
	    " WHERE w.entry_id = e.id AND w.filed <= ?1)" ENTRY_FROM
	    " WHERE EXISTS (SELECT 1 FROM roadmap_version w WHERE w.entry_id = e.id AND w.filed > ?1)");
	struct rm_change ch;
	size_t first = out->n;
	int step, rc = -1;

	memset(&ch, 0, sizeof(ch));
	if (!s)
		goto out;
	sqlite3_bind_int64(s, 1, since);
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		entry_read(s, &ch.cur);
		if (sqlite3_column_type(s, ENTRY_NCOLS) == SQLITE_NULL) {
			ch.is_new = 1;
			ch.changed = (1u << RM_NCOLS) - 1;
			for (int c = 0; c < RM_NCOLS; c++)
				ch.old.f[c] = xstrdup("");
		} else {
			int base = sqlite3_column_int(s, ENTRY_NCOLS);
			if (version_row(st, ch.cur.id, base, &ch.old) != 0)
				goto out;
			for (int c = 0; c < RM_NCOLS; c++)
				if (strcmp(ch.old.f[c], ch.cur.row.f[c]) != 0)
					ch.changed |= 1u << c;
		}
		if (ch.changed) {
			if (out->n == out->cap) {
				out->cap = out->cap ? out->cap * 2 : 16;
				out->v = xrealloc(out->v, out->cap * sizeof(*out->v));
			}
			out->v[out->n++] = ch;
		} else {
			entry_clear(&ch.cur);
			row_free(&ch.old);
		}
		memset(&ch, 0, sizeof(ch));
	}
	if (step != SQLITE_DONE) {
		store_seterr(st, "roadmap changes");
		goto out;
	}
	if (out->n > first)
		qsort(out->v + first, out->n - first, sizeof(*out->v), change_qcmp);
	rc = 0;
out:
	entry_clear(&ch.cur);
	row_free(&ch.old);
	if (s)
		sqlite3_reset(s);
	return rc;
}

void
rm_changes_free(struct rm_changes *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->n; i++) {
		entry_clear(&c->v[i].cur);
		row_free(&c->v[i].old);
	}
	free(c->v);
	c->v = NULL;
	c->n = c->cap = 0;
}
