/* ls_fields.h: what the LS templates share: fields looked up, values set with their provenance, bodies named. */
/* SPDX-License-Identifier: Apache-2.0 */
#ifndef LSD_LS_FIELDS_H
#define LSD_LS_FIELDS_H

#include "ls.h"
#include "ls_scan.h"

const struct ls_field *ls_field(const struct ls_scan *sc, enum ls_label l); /* the first, or NULL */
int ls_is_none(const char *s);                                              /* "N/A", "None", "-", … */
const char *ls_where(const struct ls_field *f);                             /* "cover table" or "text" */
void ls_prov(struct ls *ls, const struct ls_scan *sc, const char *field, const char *where);
void ls_set(
    struct ls *ls, const struct ls_scan *sc, char **slot, const char *value, const char *field, const char *where);
void ls_list(
    struct ls *ls, const struct ls_scan *sc, struct strv *slot, const char *text, const char *field, const char *where);
void ls_contacts(struct ls *ls, const char *text);
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

/*
 * The number a name starts with: a 3GPP Tdoc ("C4-185491-LSOUT-IETF"), a body's letters and digits
 * ("LIAISE-439-IPPM", "TP-2016-0294R01-LS_to_W3C.doc") or a letter and five digits ("L00259_001_…");
 * its length, 0 when the name starts with none.
 */
size_t ls_name_number(const char *s, size_t n);
/*
 * Where a page gives the statement's own number only as an attachment's name ("Attachments SP-170579"):
 * the number that starts an attachment's name, a 3GPP sender's own Tdoc (S2 for SA2) before another's.
 */
void ls_attachment_ref(struct ls_scan *sc, struct ls *ls);

#endif
