/* ls_template.h: a body's LS template (how to recognise it, how to read it), and the templates ls_parse() tries. */
/* SPDX-License-Identifier: Apache-2.0 */
#ifndef LSD_LS_TEMPLATE_H
#define LSD_LS_TEMPLATE_H

#include "ls.h"
#include "ls_scan.h"

/* ls_parse() scans the document once, asks every template's detect() and fills the statement with the best. */
struct ls_template {
	const char *name;
	int (*detect)(const struct ls_scan *sc); /* a score; 0 when the cues are not there */
	void (*fill)(struct ls_scan *sc, struct ls *ls);
};

/* One per file (ls_itut.c, ls_3gpp.c, ls_etsi.c, ls_ietf.c, ls_iso.c); ls_letter.c has ITU-R's and the letter's. */
extern const struct ls_template ls_tpl_itut, ls_tpl_3gpp, ls_tpl_etsi, ls_tpl_ietf, ls_tpl_iso, ls_tpl_itur,
    ls_tpl_letter;

#endif
