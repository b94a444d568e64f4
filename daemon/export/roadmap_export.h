/* roadmap_export.h: the roadmap's current entries as CSV, Markdown, JSON Lines or one self-contained HTML page. */
/* SPDX-License-Identifier: Apache-2.0 */
#ifndef LSD_ROADMAP_EXPORT_H
#define LSD_ROADMAP_EXPORT_H

#include "report_store.h"
#include "roadmap_store.h"
#include "util.h"

/*
 * Exports of the current entries, appended to b, in the order given.
 * The template's seven columns, then the last update (date) and the source document
 * (Message-ID, else document id).
 */
void roadmap_csv(struct buf *b, const struct rm_entries *e);      /* RFC 4180, CRLF, one header row */
void roadmap_md(struct buf *b, const struct rm_entries *e);       /* a Markdown table, markup escaped */
void roadmap_jsonl(struct buf *b, const struct rm_entries *e);    /* one object a line */
void roadmap_entry_json(struct buf *b, const struct rm_entry *e); /* the object, no newline */
/*
 * One self-contained page: the counts by category and status, then the entries grouped by
 * category, sortable, filterable, each with its input's document number and date from src (may
 * be NULL: the filing's date and Message-ID), every text escaped; one card an entry on a phone.
 */
void roadmap_html(struct buf *b, const struct rm_entries *e, const struct rp_sources *src, long long now);

#endif
