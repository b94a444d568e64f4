/* roadmap_docx.h: the roadmap as a Word document an editor starts from: summary, one table per category, annex. */
/* SPDX-License-Identifier: Apache-2.0 */
#ifndef LSD_ROADMAP_DOCX_H
#define LSD_ROADMAP_DOCX_H

#include "report_store.h"
#include "roadmap_store.h"
#include "util.h"

/*
 * The .docx of the current entries (sorted as roadmap_current), their input documents from src
 * (may be NULL), dated today ("2026-05-11"). Appended to out. 0 ok, -1 with *err (owned).
 */
int roadmap_docx(
    struct buf *out, const struct rm_entries *e, const struct rp_sources *src, const char *today, char **err);

#endif
