/* ls_refs.h: document numbers of every body, and the ones a statement replies to. */
/* SPDX-License-Identifier: Apache-2.0 */
#ifndef LSD_LS_REFS_H
#define LSD_LS_REFS_H

#include <stddef.h>
#include "util.h"

/* Each finds the first number of its kind in s[0..len): 1 with [*b, *e) set, else 0. */
int ls_find_lsnum(const char *s, size_t len, size_t *b, size_t *e); /* SG21-LS82, FG-MV-LS1 */
int ls_find_tdoc(const char *s, size_t len, size_t *b, size_t *e);  /* S1-260123, SP-251234, S2- 1812758 */
/* A copy (owned) of the number s[0..len) as it is cited: "S2- 1812758" without its blank; others as they are. */
char *ls_tdoc_copy(const char *s, size_t len);
int ls_find_comls(const char *s, size_t len, size_t *b, size_t *e);   /* COM 17 – LS 139 Rev.1 (before 2009) */
int ls_find_etsinum(const char *s, size_t len, size_t *b, size_t *e); /* ARF(26)000123 */
void ls_find_refs(const char *s, struct strv *out);                   /* every number of any kind */
void ls_reply_refs(const char *s, struct strv *out); /* the numbers after "reply to", "response to", … */

#endif
