/* ls_int.h: private to the liaison-statement parser: the flattened document, its labelled fields, template hooks. */
#ifndef LSD_LS_INT_H
#define LSD_LS_INT_H

#include <stddef.h>
#include "ls.h"

#define LS_FIELD_MAX 65536  /* bytes kept of one field */
#define LS_LIST_MAX 500     /* bodies kept in one list */
#define LS_LINES_MAX 200000 /* lines of a document looked at; the cover is always near the top */
#define LS_HEAD_LINES 60    /* lines at the top searched for document numbers and headings */
#define LS_CONTACTS_MAX 50

enum ls_label {
	L_NONE,
	L_REF,
	L_QUESTION,
	L_SOURCE,
	L_FROM,
	L_TITLE,
	L_ACTION,
	L_COMMENT,
	L_INFO,
	L_TO,
	L_CC,
	L_APPROVAL,
	L_DEADLINE,
	L_CONTACT,
	L_ABSTRACT,
	L_RESPONSE,
	L_RELEASE,
	L_WORKITEM,
	L_REPLYLS,
	L_ATTACH,
	L_DECISION,
	L_PURPOSE,
	L_SUBMITTED,
	L_URL,
	L_DOCTYPE,
	L_EXPECTED,
	L_REFERENCED,
	L_RESPCONTACT,
	L_TECHCONTACT,
	L_BODY,
	L_ACTIONPARA,
	L_REFERENCE, /* "Ref.:", "Reference:": the statement this one answers */
	L_SUBJECT,   /* a letter's "Subject:", its title */
	L_STATUS,    /* ITU-R's "Status: For action" */
	L_SUB,       /* inside a contact: Name, E-mail, Tel, … */
	L_OTHER,     /* a label we do not read, which still ends the field before it */
	L_COUNT
};

/* White space inside a line (not '\n'). */
static inline int
ls_sp(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

/* One line of the document; text borrowed from the doc, trimmed. */
struct ls_line {
	const char *s;
	size_t len;
	size_t block; /* doc block index: a table row's cells share one */
	size_t cell;  /* cell index within the block */
	int table;    /* -1 for paragraphs */
	int indent;   /* began with white space */
};

struct ls_field {
	enum ls_label label;
	char *value; /* owned; lists and contacts keep their line breaks */
	size_t line; /* where the label is */
	int table;
};

struct ls_scan {
	const struct doc *doc;     /* borrowed */
	const struct sdo_dir *dir; /* borrowed */
	const char *origin;        /* borrowed */
	const char *subject;       /* borrowed, may be NULL */
	const char *tname;         /* template name, for provenance */
	struct ls_line *lines;     /* owned */
	size_t nlines, lcap;
	struct ls_field *fields; /* owned */
	size_t nfields, fcap;
};

struct ls_template {
	const char *name;
	int (*detect)(const struct ls_scan *sc); /* a score; 0 when the cues are not there */
	void (*fill)(struct ls_scan *sc, struct ls *ls);
};

extern const struct ls_template ls_tpl_itut, ls_tpl_3gpp, ls_tpl_etsi, ls_tpl_ietf, ls_tpl_iso, ls_tpl_itur,
    ls_tpl_letter;

/*
 * ls.c: ls_parse (flatten, read, pick the template with the highest detect score, fill), ls_merge, ls_free.
 */

/* ls_scan.c: the flattened document and its labelled fields. */
void ls_scan_read(struct ls_scan *sc); /* fills sc->lines and sc->fields from sc->doc */
void ls_scan_free(struct ls_scan *sc); /* frees lines and fields; the scan may be reused */
enum ls_label ls_label_of(const struct ls_line *ln, size_t *voff);
int ls_numbered_heading(const struct ls_line *ln); /* "2. Actions", "3 Date of next meetings" */
/* The first number finder() sees in the top lines that are not labelled fields. */
int ls_head_find(const struct ls_scan *sc, int (*finder)(const char *, size_t, size_t *, size_t *), size_t *line,
    size_t *b, size_t *e);

/* ls_fields.c: helpers the templates share. */
const struct ls_field *ls_field(const struct ls_scan *sc, enum ls_label l); /* the first, or NULL */
int ls_is_none(const char *s);                                              /* "N/A", "None", "-", … */
const char *ls_where(const struct ls_field *f);                             /* "cover table" or "text" */
void ls_prov(struct ls *ls, const struct ls_scan *sc, const char *field, const char *where);
void ls_set(
    struct ls *ls, const struct ls_scan *sc, char **slot, const char *value, const char *field, const char *where);
void ls_list(
    struct ls *ls, const struct ls_scan *sc, struct strv *slot, const char *text, const char *field, const char *where);
void ls_deadline(struct ls *ls, const struct ls_scan *sc, const char *text, const char *where);
void ls_contacts(struct ls *ls, const char *text);
void ls_add_contact(struct ls *ls, const char *name, const char *org, const char *email);
void ls_common(struct ls_scan *sc, struct ls *ls);
void ls_bodies_in(const struct sdo_dir *d, const char *text, struct strv *out); /* known bodies named in prose */
void ls_strip_parens(char *s);                                                  /* drops "(…)" and "<…>" in place */
/*
 * A body's name as written in a Source/From field, canonical where the directory knows it once the
 * parenthesised gloss ("(Technologies for …)", "(Jane <j@x>)") and a trailing role ("Secretariat",
 * "Chair") are set aside; else as written without them. Owned.
 */
char *ls_body_name(const struct sdo_dir *d, const char *text);
/*
 * In a request ("SA4 asks ITU-T SG21 and JCA-MV to provide …"), the bodies asked: those between the
 * verb and the following " to "; 0 when the sentence has no such verb (then nothing is appended).
 */
int ls_asked_bodies(const struct sdo_dir *d, const char *text, struct strv *out);

/* ls_refs.c: document numbers; each finds the first in s[0..len), 1 with [*b, *e) set. */
int ls_find_lsnum(const char *s, size_t len, size_t *b, size_t *e);   /* SG21-LS82, FG-MV-LS1 */
int ls_find_tdoc(const char *s, size_t len, size_t *b, size_t *e);    /* S1-260123, SP-251234 */
int ls_find_etsinum(const char *s, size_t len, size_t *b, size_t *e); /* ARF(26)000123 */
void ls_find_refs(const char *s, struct strv *out);                   /* every number of any kind */
void ls_reply_refs(const char *s, struct strv *out); /* the numbers after "reply to", "response to", … */

/* date.c: the first date in text[0..len), with where it was written. */
int date_find(const char *text, size_t len, char iso[11], size_t *start, size_t *stop);

#endif
