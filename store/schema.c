/* schema.c: the store's tables and their migrations, applied in order under PRAGMA user_version. */
/* SPDX-License-Identifier: Apache-2.0 */
#include "store_schema.h"
#include "store_int.h"

#include <stdio.h>
#include <stdlib.h>

/*
 * Version 1. Every document keeps its raw bytes, so anything can be re-parsed later;
 * attachments are content-addressed (blob by sha256), never kept under their given name.
 */
static const char schema_v1[] =
    "CREATE TABLE document ("
    "  id INTEGER PRIMARY KEY,"
    "  dedupe_key TEXT NOT NULL UNIQUE," /* Message-ID, or sha256:HASH without one */
    "  message_id TEXT,"
    "  sha256 TEXT NOT NULL,"
    "  sender TEXT NOT NULL DEFAULT '',"
    "  sender_name TEXT NOT NULL DEFAULT '',"
    "  sender_sdo TEXT,"
    "  recipients TEXT NOT NULL DEFAULT '',"
    "  subject TEXT NOT NULL DEFAULT '',"
    "  date INTEGER,"
    "  received INTEGER NOT NULL,"
    "  kind TEXT NOT NULL CHECK (kind IN ('liaison','roadmap_input','auto_reply','bounce','other')),"
    "  direction TEXT NOT NULL CHECK (direction IN ('incoming','outgoing')),"
    "  machine INTEGER NOT NULL DEFAULT 0,"
    "  in_reply_to TEXT,"
    "  source_key TEXT,"
    "  folder TEXT,"
    "  warnings TEXT NOT NULL DEFAULT '[]',"
    "  raw BLOB NOT NULL"
    ");"
    "CREATE INDEX document_received ON document(received);"
    "CREATE INDEX document_message_id ON document(message_id);"
    "CREATE TABLE blob ("
    "  sha256 TEXT PRIMARY KEY,"
    "  size INTEGER NOT NULL,"
    "  data BLOB NOT NULL"
    ") WITHOUT ROWID;"
    "CREATE TABLE attachment ("
    "  id INTEGER PRIMARY KEY,"
    "  document_id INTEGER NOT NULL REFERENCES document(id) ON DELETE CASCADE,"
    "  position INTEGER NOT NULL,"
    "  sha256 TEXT NOT NULL REFERENCES blob(sha256),"
    "  filename TEXT NOT NULL DEFAULT ''," /* as given, for display only */
    "  content_type TEXT NOT NULL,"
    "  size INTEGER NOT NULL"
    ");"
    "CREATE INDEX attachment_document ON attachment(document_id);"
    "CREATE TABLE sdo ("
    "  name TEXT PRIMARY KEY," /* canonical, or as written when the directory does not know it */
    "  known INTEGER NOT NULL DEFAULT 1,"
    "  first_seen INTEGER NOT NULL"
    ") WITHOUT ROWID;"
    "CREATE TABLE sdo_contact ("
    "  sdo TEXT NOT NULL,"
    "  email TEXT NOT NULL,"
    "  added INTEGER NOT NULL,"
    "  PRIMARY KEY (sdo, email)"
    ") WITHOUT ROWID;"
    "CREATE TABLE liaison ("
    "  id INTEGER PRIMARY KEY,"
    "  document_id INTEGER NOT NULL UNIQUE REFERENCES document(id) ON DELETE CASCADE,"
    "  ref TEXT,"
    "  source TEXT,"
    "  title TEXT,"
    "  approval TEXT,"
    "  deadline TEXT," /* ISO date or NULL */
    "  deadline_text TEXT,"
    "  abstract TEXT,"
    "  template TEXT"
    ");"
    "CREATE INDEX liaison_ref ON liaison(ref COLLATE NOCASE);"
    "CREATE TABLE liaison_target ("
    "  liaison_id INTEGER NOT NULL REFERENCES liaison(id) ON DELETE CASCADE,"
    "  role TEXT NOT NULL CHECK (role IN ('action','comment','information')),"
    "  position INTEGER NOT NULL,"
    "  sdo TEXT NOT NULL REFERENCES sdo(name),"
    "  PRIMARY KEY (liaison_id, role, position)"
    ");"
    "CREATE TABLE liaison_contact ("
    "  liaison_id INTEGER NOT NULL REFERENCES liaison(id) ON DELETE CASCADE,"
    "  position INTEGER NOT NULL,"
    "  name TEXT NOT NULL DEFAULT '',"
    "  organization TEXT NOT NULL DEFAULT '',"
    "  email TEXT NOT NULL DEFAULT '',"
    "  PRIMARY KEY (liaison_id, position)"
    ");"
    "CREATE TABLE liaison_reply ("
    "  liaison_id INTEGER NOT NULL REFERENCES liaison(id) ON DELETE CASCADE,"
    "  ref TEXT NOT NULL,"
    "  PRIMARY KEY (liaison_id, ref)"
    ");"
    "CREATE TABLE provenance ("
    "  liaison_id INTEGER NOT NULL REFERENCES liaison(id) ON DELETE CASCADE,"
    "  field TEXT NOT NULL,"
    "  origin TEXT NOT NULL,"
    "  PRIMARY KEY (liaison_id, field)"
    ");"
    "CREATE TABLE obligation ("
    "  id INTEGER PRIMARY KEY,"
    "  liaison_id INTEGER NOT NULL REFERENCES liaison(id) ON DELETE CASCADE,"
    "  sdo TEXT NOT NULL REFERENCES sdo(name),"
    "  role TEXT NOT NULL CHECK (role IN ('action','comment')),"
    "  deadline TEXT,"
    "  state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open','answered')),"
    "  answered_by INTEGER REFERENCES document(id),"
    "  reminded_days INTEGER," /* the last reminder sent, days before the deadline */
    "  UNIQUE (liaison_id, sdo, role)"
    ");"
    "CREATE INDEX obligation_open ON obligation(state, deadline);"
    "CREATE TABLE mailbox ("
    "  name TEXT PRIMARY KEY,"
    "  uidvalidity INTEGER NOT NULL,"
    "  last_uid INTEGER NOT NULL,"
    "  updated INTEGER NOT NULL"
    ") WITHOUT ROWID;"
    "CREATE TABLE attempt (" /* messages in hand: a crash or hang during one counts against it */
    "  source_key TEXT PRIMARY KEY,"
    "  count INTEGER NOT NULL,"
    "  last INTEGER NOT NULL"
    ") WITHOUT ROWID;"
    "CREATE TABLE quarantine ("
    "  id INTEGER PRIMARY KEY,"
    "  source_key TEXT NOT NULL UNIQUE,"
    "  reason TEXT NOT NULL,"
    "  created INTEGER NOT NULL,"
    "  state TEXT NOT NULL DEFAULT 'held' CHECK (state IN ('held','requeued'))"
    ");"
    "CREATE TABLE outbox ("
    "  id INTEGER PRIMARY KEY,"
    "  kind TEXT NOT NULL CHECK (kind IN ('ack','reminder','digest')),"
    "  dedupe_key TEXT NOT NULL UNIQUE,"
    "  document_id INTEGER REFERENCES document(id),"
    "  mail_from TEXT NOT NULL,"
    "  rcpt TEXT NOT NULL," /* one address a line */
    "  data BLOB NOT NULL,"
    "  state TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued','sent','failed')),"
    "  attempts INTEGER NOT NULL DEFAULT 0,"
    "  next_attempt INTEGER NOT NULL,"
    "  last_error TEXT,"
    "  created INTEGER NOT NULL,"
    "  sent INTEGER"
    ");"
    "CREATE INDEX outbox_due ON outbox(state, next_attempt);"
    "CREATE TABLE event ("
    "  id INTEGER PRIMARY KEY,"
    "  at INTEGER NOT NULL,"
    "  document_id INTEGER REFERENCES document(id) ON DELETE CASCADE,"
    "  outbox_id INTEGER REFERENCES outbox(id) ON DELETE CASCADE,"
    "  what TEXT NOT NULL,"
    "  detail TEXT"
    ");"
    "CREATE INDEX event_document ON event(document_id);";

/*
 * Version 3: liaisonctl's operations side. outbox.cancelled is the time the operator cancelled
 * a mail: a column rather than a new state, because widening the CHECK on outbox.state means
 * rebuilding the table, and dropping the old one (event.outbox_id cascades) would delete its
 * events with it. A cancelled mail is also set to 'failed', so that everything that sends only
 * 'queued' mail skips it even without looking at the column. daemon_state is one row: the
 * daemon's last cycle, for `liaisonctl status`.
 */
static const char schema_v3[] =
    "ALTER TABLE outbox ADD COLUMN cancelled INTEGER;"
    "CREATE TABLE daemon_state ("
    "  id INTEGER PRIMARY KEY CHECK (id = 1),"
    "  pid INTEGER NOT NULL,"
    "  at INTEGER NOT NULL,"       /* when the cycle ended */
    "  result TEXT NOT NULL,"      /* the poll's: "ok" or the error */
    "  backoff INTEGER NOT NULL,"  /* seconds before the next poll after a failure, 0 when ok */
    "  send_result TEXT NOT NULL," /* the sending's: "ok" or the error */
    "  filed INTEGER NOT NULL,"
    "  duplicates INTEGER NOT NULL,"
    "  quarantined INTEGER NOT NULL,"
    "  sent INTEGER NOT NULL,"
    "  deferred INTEGER NOT NULL"
    ");";

/*
 * Version 4: the daily cap over all acknowledgements (secretariat.acknowledge_per_day) counts
 * the outbox's acks of the last 24 hours on every filing; this index keeps that a range seek.
 */
static const char schema_v4[] = "CREATE INDEX outbox_kind_created ON outbox(kind, created);";

/*
 * Version 5: delivery per recipient (outbox_store.c). Each recipient of a mail has its own row: its
 * state ('sending' is an attempt recorded before the SMTP transaction and not concluded yet), its
 * attempts, its back-off and the server's words; the outbox row keeps the mail and a summary of
 * them. smtp_server is the back-off per server: a server that is down is tried once, not once per
 * mail. Rows for the mail already queued are made from outbox.rcpt (one address a line), and queued
 * acknowledgements get the null envelope sender that acknowledgements now have.
 */
static const char schema_v5[] =
    "CREATE TABLE delivery ("
    "  outbox_id INTEGER NOT NULL REFERENCES outbox(id) ON DELETE CASCADE,"
    "  position INTEGER NOT NULL,"
    "  rcpt TEXT NOT NULL,"
    "  state TEXT NOT NULL DEFAULT 'queued'"
    "    CHECK (state IN ('queued','sending','sent','failed','cancelled')),"
    "  attempts INTEGER NOT NULL DEFAULT 0,"
    "  unsure INTEGER NOT NULL DEFAULT 0," /* attempts found not concluded: maybe delivered */
    "  next_attempt INTEGER NOT NULL,"
    "  started INTEGER," /* the last attempt's start */
    "  done INTEGER,"    /* when it was sent or failed for good */
    "  last_error TEXT,"
    "  PRIMARY KEY (outbox_id, position)"
    ") WITHOUT ROWID;"
    "CREATE INDEX delivery_due ON delivery(state, next_attempt);"
    "CREATE TABLE smtp_server ("
    "  server TEXT PRIMARY KEY," /* smtp.url */
    "  failures INTEGER NOT NULL,"
    "  since INTEGER NOT NULL,"
    "  next_attempt INTEGER NOT NULL,"
    "  last_error TEXT"
    ") WITHOUT ROWID;"
    "WITH RECURSIVE split(id, pos, addr, rest) AS ("
    "  SELECT id, 0, '', rcpt FROM outbox"
    "  UNION ALL SELECT id, pos + 1, substr(rest, 1, instr(rest, char(10)) - 1),"
    "    substr(rest, instr(rest, char(10)) + 1) FROM split WHERE instr(rest, char(10)) > 0)"
    " INSERT INTO delivery (outbox_id, position, rcpt, state, attempts, next_attempt, done, last_error)"
    " SELECT s.id, s.pos - 1, s.addr,"
    "  CASE WHEN o.cancelled IS NOT NULL AND o.state <> 'sent' THEN 'cancelled' ELSE o.state END,"
    "  o.attempts, o.next_attempt, CASE o.state WHEN 'sent' THEN o.sent WHEN 'failed' THEN o.next_attempt END,"
    "  o.last_error FROM split s JOIN outbox o ON o.id = s.id WHERE s.pos > 0 AND s.addr <> '';"
    "UPDATE outbox SET mail_from = '' WHERE kind = 'ack' AND state = 'queued';";

/*
 * Version 6: the correspondence loop. reminder records each reminder and overdue notice queued
 * (its mail, its obligation, which level), so overdue notices are counted per obligation and the
 * digest lists what was sent; digest_mark is the last digest's high-water mark (the documents and
 * outbox mail it covered, and its time), advanced in the transaction that queues the digest, so
 * the next digest covers everything filed since, whatever the clock did or how long the daemon slept.
 */
static const char schema_v6[] = "CREATE TABLE reminder ("
                                "  outbox_id INTEGER PRIMARY KEY REFERENCES outbox(id) ON DELETE CASCADE,"
                                "  obligation_id INTEGER NOT NULL REFERENCES obligation(id) ON DELETE CASCADE,"
                                "  kind TEXT NOT NULL CHECK (kind IN ('before','overdue')),"
                                "  level INTEGER NOT NULL," /* days before the deadline, or days past it */
                                "  at INTEGER NOT NULL"
                                ");"
                                "CREATE INDEX reminder_obligation ON reminder(obligation_id, kind);"
                                "CREATE TABLE digest_mark ("
                                "  id INTEGER PRIMARY KEY CHECK (id = 1),"
                                "  at INTEGER NOT NULL,"            /* the digest's time */
                                "  last_document INTEGER NOT NULL," /* the highest document id it covered */
                                "  last_outbox INTEGER NOT NULL,"   /* the highest outbox id it covered */
                                "  outbox_id INTEGER"               /* the digest's own mail */
                                ");";

/*
 * Version 7: answers and document numbers (store/answer_store.c). document.docno is the secretariat's
 * number for an incoming statement or roadmap input, from a counter that only grows (never
 * reused, even after a delete); document.refs keeps References: for answers filed before their
 * statement. liaison.ref_key is the number normalised (answer_ref_key) and indexed, so that
 * finding a statement by its number never scans. doc_body holds the bodies a filed document
 * speaks for (with every body they are part of), and whether its sender is their own; answer
 * records who answered which obligation, with which document, and how (auto, claimed, manual).
 */
static const char schema_v7[] = "ALTER TABLE document ADD COLUMN docno TEXT;"
                                "ALTER TABLE document ADD COLUMN refs TEXT;" /* References:, one message id a line */
                                "CREATE UNIQUE INDEX document_docno ON document(docno);"
                                "CREATE TABLE docno_counter ("
                                "  id INTEGER PRIMARY KEY CHECK (id = 1),"
                                "  last INTEGER NOT NULL"
                                ");"
                                "INSERT INTO docno_counter (id, last) VALUES (1, 0);"
                                "ALTER TABLE liaison ADD COLUMN ref_key TEXT;"
                                "CREATE INDEX liaison_ref_key ON liaison(ref_key);"
                                "CREATE INDEX obligation_sdo ON obligation(sdo, state);"
                                "CREATE INDEX obligation_liaison ON obligation(liaison_id);"
                                "CREATE INDEX sdo_contact_email ON sdo_contact(email COLLATE NOCASE);"
                                "CREATE TABLE doc_body ("
                                "  sdo TEXT NOT NULL,"
                                "  document_id INTEGER NOT NULL REFERENCES document(id) ON DELETE CASCADE,"
                                "  trusted INTEGER NOT NULL DEFAULT 0,"
                                "  PRIMARY KEY (sdo, document_id)"
                                ") WITHOUT ROWID;"
                                "CREATE INDEX doc_body_document ON doc_body(document_id);"
                                "CREATE TABLE answer ("
                                "  id INTEGER PRIMARY KEY,"
                                "  obligation_id INTEGER NOT NULL REFERENCES obligation(id) ON DELETE CASCADE,"
                                "  document_id INTEGER REFERENCES document(id) ON DELETE CASCADE,"
                                "  how TEXT NOT NULL CHECK (how IN ('auto','claimed','manual')),"
                                "  note TEXT,"
                                "  at INTEGER NOT NULL"
                                ");"
                                "CREATE UNIQUE INDEX answer_one ON answer(obligation_id, coalesce(document_id, 0));"
                                "CREATE INDEX answer_document ON answer(document_id);";

/*
 * Version 8: the raw message moves out of the document row into a table of its own, read only when a
 * message is re-parsed or shown whole. A document row is then a few hundred bytes instead of a page
 * and its overflow chain, so what reads documents by their other columns (the answer matching, the
 * listings) reads a tenth of the pages, and the store's working set stays small as it grows. The
 * copy then DROP COLUMN rewrites the document table once. sdo_contact is asked by address on every
 * roadmap reply: an index on email keeps that a seek (its key is (sdo, email)); version 7 made it already.
 */
static const char schema_v8[] = "CREATE TABLE document_raw ("
                                "  document_id INTEGER PRIMARY KEY REFERENCES document(id) ON DELETE CASCADE,"
                                "  raw BLOB NOT NULL"
                                ");"
                                "INSERT INTO document_raw (document_id, raw) SELECT id, raw FROM document;"
                                "ALTER TABLE document DROP COLUMN raw;"
                                "CREATE INDEX IF NOT EXISTS sdo_contact_email ON sdo_contact(email);";

struct migration {
	const char *sql;
	const char *sql2;              /* a second part (another module's tables), or NULL */
	int (*fill)(struct store *st); /* then what SQL alone cannot compute, or NULL; 0 ok */
};

static const struct migration migrations[] = {
    {schema_v1, store_roadmap_schema, NULL},
    {store_search_schema, NULL, store_search_fill}, /* version 2: full-text search (search_store.c) */
    {schema_v3, NULL, NULL}, /* version 3: outbox cancellation, the daemon's last cycle (ops_store.c) */
    {schema_v4, NULL, NULL}, /* version 4: the outbox by kind and time, for the acknowledgement cap */
    {schema_v5, NULL, NULL}, /* version 5: delivery per recipient, back-off per server (outbox_store.c) */
    {schema_v6, NULL,
        NULL}, /* version 6: reminders sent, the digest's high-water mark (reminder_store.c, digest_store.c) */
    {schema_v7, NULL, store_answers_fill}, /* version 7: document numbers, answers (answer_store.c) */
    {schema_v8, NULL, NULL},               /* version 8: the raw message in a table of its own; contacts by address */
};

#define TARGET ((int)(sizeof(migrations) / sizeof(*migrations)))

int
store_schema_target(void)
{
	return TARGET;
}

/* PRAGMA user_version into *version; a store newer than this program is an error. 0 ok, -1. */
static int
schema_version(struct store *st, int *version)
{
	sqlite3_stmt *s = store_stmt(st, "PRAGMA user_version");

	if (!s)
		return -1;
	if (sqlite3_step(s) != SQLITE_ROW) {
		store_seterr(st, "PRAGMA user_version");
		sqlite3_reset(s);
		return -1;
	}
	*version = sqlite3_column_int(s, 0);
	sqlite3_reset(s);
	if (*version > TARGET) {
		snprintf(st->errbuf, sizeof(st->errbuf),
		    "%s: schema version %d is newer than this program's %d; upgrade liaisond", st->path, *version,
		    TARGET);
		return -1;
	}
	return 0;
}

int
store_schema_check(struct store *st, int *behind)
{
	int version;

	if (schema_version(st, &version) != 0)
		return -1;
	*behind = version < TARGET;
	return 0;
}

int
store_migrate(struct store *st)
{
	int version, behind, rc = -1;
	const int target = TARGET;

	/* Up to date, the common case: no write transaction, so liaisonctl never waits for the daemon here. */
	if (store_schema_check(st, &behind) != 0)
		return -1;
	if (!behind)
		return 0;
	if (store_begin(st) != 0)
		return -1;
	if (schema_version(st, &version) != 0) /* again, inside: another program may have migrated meanwhile */
		goto out;
	for (int v = version; v < target; v++) {
		char pragma[64];
		if (store_exec(st, migrations[v].sql) != 0)
			goto out;
		if (migrations[v].sql2 && store_exec(st, migrations[v].sql2) != 0)
			goto out;
		if (migrations[v].fill && migrations[v].fill(st) != 0)
			goto out;
		/* PRAGMA takes no parameters; v is our own integer, never input. */
		snprintf(pragma, sizeof(pragma), "PRAGMA user_version = %d", v + 1);
		if (store_exec(st, pragma) != 0)
			goto out;
	}
	if (store_commit(st) != 0)
		goto out;
	rc = 0;
out:
	if (rc != 0)
		store_rollback(st);
	return rc;
}
