/* ls.h: liaison statements read out of a document, in every body's template (ITU-T, ITU-R, 3GPP, ETSI, IETF, ISO,
 * and a plain letter). */
/* SPDX-License-Identifier: Apache-2.0 */
#ifndef LSD_LS_H
#define LSD_LS_H

#include <stddef.h>
#include "doc.h"
#include "sdo.h"
#include "util.h"

/* What one statement holds is bounded, whatever the document. */
#define LS_FIELD_MAX 65536 /* bytes kept of one field */
#define LS_LIST_MAX 500    /* bodies kept in one list */
#define LS_CONTACTS_MAX 50

struct ls_contact {
	char *name;         /* owned, may be "" */
	char *organization; /* owned, may be "" */
	char *email;        /* owned, lower case, may be "" */
};

/* Where a field was read: "body", "attachment FILE", with the template ("itu-t", "3gpp", …). */
struct ls_prov {
	char *field;  /* owned: "ref", "title", "deadline", … */
	char *origin; /* owned: e.g. "attachment FG-MV-LS1.docx (itu-t template, cover table)" */
};

struct ls {
	char *ref;    /* owned, e.g. "SG21-LS82", "S2-2601234", "ISO/TC 307 N 1234"; may be NULL */
	char *source; /* owned, canonical where known */
	char *title;  /* owned */
	struct strv for_action, for_comment, for_information; /* canonical where known */
	char *approval;                                       /* owned or NULL */
	char *deadline;                                       /* owned ISO date "2026-05-11", or NULL */
	char *deadline_text;                                  /* owned: the words as written, or NULL */
	struct ls_contact *contacts;                          /* owned array */
	size_t ncontacts;
	struct strv reply_to; /* references this statement answers */
	char *abstract;       /* owned or NULL */
	char *template_name;  /* owned: "itu-t", "itu-r", "3gpp", "etsi", "ietf", "iso", "letter" */
	struct ls_prov *prov; /* owned array */
	size_t nprov;
	struct strv warnings;
};

/*
 * Reads a liaison statement from doc. origin names where doc came from ("body",
 * "attachment X.docx") for provenance; subject is the mail's subject, a fall-back for the
 * number and title (may be NULL). Returns NULL when doc does not carry a liaison statement.
 */
struct ls *ls_parse(const struct doc *doc, const struct sdo_dir *dir, const char *origin, const char *subject);
/*
 * The same, for a mail sent by the body sender (canonical, from the directory; may be NULL): that body
 * is the source when the document names none, and a mail whose subject announces a statement
 * ("New Liaison Statement, "TITLE"", "Liaison statement") is one even when no template reads it.
 */
struct ls *ls_parse_from(
    const struct doc *doc, const struct sdo_dir *dir, const char *origin, const char *subject, const char *sender);
void ls_free(struct ls *ls); /* accepts NULL */

/*
 * Merges a statement read from an attachment (att) over one read from the body (body):
 * the attachment wins field by field; each disagreement becomes a warning in the result.
 * Takes both (either may be NULL); returns the merged statement (owned).
 */
struct ls *ls_merge(struct ls *body, struct ls *att);

#endif
