/* report_html.h: one self-contained page showing where every liaison stands, with the roadmap's counts. */
/* SPDX-License-Identifier: Apache-2.0 */
#ifndef LSD_REPORT_HTML_H
#define LSD_REPORT_HTML_H

#include "report_store.h"
#include "roadmap_store.h"
#include "util.h"

/* What the page shows, borrowed. */
struct report_in {
	const struct rp_docs *docs;      /* report_documents over all time */
	const struct rp_obligations *ob; /* report_obligations */
	const struct rm_entries *rm;     /* roadmap_current */
	const char *today; /* the secretariat's day, "2026-05-11": what is overdue, where the timeline starts */
	long long now;     /* when the page was made */
};

/*
 * The page: the register of statements in and out (filterable), the matrix of the
 * secretariat's statements against the bodies asked, a timeline of the next 90 days of
 * deadlines, and the roadmap's counts as bar charts. Inline CSS and SVG, one inline script
 * (the filter), a Content-Security-Policy that loads nothing; every text from mail escaped.
 */
void report_html(struct buf *b, const struct report_in *in);

#endif
