/* report_svg.h: the report page's charts as inline SVG: horizontal bars, and a timeline of deadlines. */
/* SPDX-License-Identifier: Apache-2.0 */
#ifndef LSD_REPORT_SVG_H
#define LSD_REPORT_SVG_H

#include <stddef.h>
#include "rm_counts.h"
#include "util.h"

/* One bar a count, the label above its bar; a figure with its caption. Every label escaped. */
void svg_bars(struct buf *b, const char *id, const char *caption, const struct rm_count *v, size_t n);

/* A deadline on the timeline. */
struct tl_point {
	int day;           /* days from today, 0..span */
	const char *date;  /* "2026-05-11" */
	const char *label; /* the statement, e.g. "JCA-MV-Doc-003 JCA-MV-LS3" (escaped when written) */
	int outgoing;      /* the secretariat's statement (others owe an answer), else one it was sent */
	long long doc_id;  /* the statement's document */
};

/* The next span days from today (its date, "2026-05-11") with a dot per point and a tick each week. */
void svg_timeline(struct buf *b, const char *today, int span, const struct tl_point *p, size_t n);

#endif
