/* analyze.h: one message's meaning: kind, direction, liaison statement, roadmap rows (RFC 3834, RFC 3464). */
/* SPDX-License-Identifier: Apache-2.0 */
#ifndef LSD_ANALYZE_H
#define LSD_ANALYZE_H

#include "extract.h"
#include "ls.h"
#include "message.h"
#include "roadmap.h"
#include "sdo.h"

enum doc_kind { KIND_LIAISON, KIND_ROADMAP, KIND_AUTO_REPLY, KIND_BOUNCE, KIND_OTHER, KIND_COUNT };

const char *kind_name(enum doc_kind k);            /* "liaison", "roadmap_input", … */
int kind_parse(const char *s, enum doc_kind *out); /* 0 ok, -1 unknown */

struct analysis {
	enum doc_kind kind;
	int outgoing;         /* sent by the secretariat, or so its From: claims (direction "outgoing") */
	int unverified;       /* outgoing by its From: alone, nothing vouching for it: no obligations, no reminders */
	int auth_failed;      /* a trusted Authentication-Results says From:'s domain failed: not acknowledged */
	int machine;          /* auto-reply, bounce or list traffic: never answered (RFC 3834) */
	char *sender_sdo;     /* owned: canonical body of the sender's domain, or NULL */
	struct ls *ls;        /* owned, for KIND_LIAISON */
	struct rm_rows rm;    /* for KIND_ROADMAP */
	struct strv warnings; /* the message's and every document's */
	char *text;           /* owned or NULL: the attachments' text, for the search index (ANALYZE_TEXT_MAX) */
};

#define ANALYZE_TEXT_MAX (1u << 20) /* bytes of attachment text kept for searching, per message */

struct analyze_opts {
	const struct sdo_dir *dir;        /* borrowed */
	const char *secretariat;          /* the secretariat's own address, lower case */
	const struct extract_limits *lim; /* borrowed */
	int force_outgoing;               /* read from a sent folder: the secretariat's own, trusted */
	const struct strv *authserv_ids;  /* borrowed or NULL: MTAs whose Authentication-Results are trusted */
	int trust_sender_address;         /* the MTA refuses forged From: the secretariat: trust it as written */
};

/* The warning an unverified claim to be the secretariat's own carries (its first word is the tag). */
#define ANALYZE_UNVERIFIED                                                                                             \
	"unverified-sender: From: the secretariat's address, but not read from a sent folder nor vouched for by a "    \
	"trusted Authentication-Results: filed without obligations or reminders"

/* Never fails on bad mail: what cannot be read is a warning and the kind falls back to other. */
struct analysis *analyze_message(const struct msg *m, const struct analyze_opts *o);
void analysis_free(struct analysis *a); /* accepts NULL */

/* The object `liaisonctl parse --json` prints (INTERFACE.md), without a trailing newline. */
void analysis_json(struct buf *b, const char *file, const struct msg *m, const struct analysis *a);
void ls_json(struct buf *b, const struct ls *ls);           /* the "liaison" object, or null */
void rm_rows_json(struct buf *b, const struct rm_rows *rm); /* the "roadmap" array of row objects */

#endif
