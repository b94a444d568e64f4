/* meeting.h: the document list of a JCA-MV meeting, in the style of its reports, as Markdown, HTML or Word. */
/* SPDX-License-Identifier: Apache-2.0 */
#ifndef LSD_MEETING_H
#define LSD_MEETING_H

#include "report_store.h"
#include "util.h"

/* What the list covers: documents dated in [since, until), obligations as they stand today. */
struct meeting_span {
	const char *since;  /* "2026-01-01" */
	const char *until;  /* "2026-05-11", or NULL: up to today */
	const char *today;  /* "2026-05-11", the secretariat's day: what is overdue */
	long long since_at; /* the same as epochs; until_at 0 when there is no end */
	long long until_at;
};

/*
 * The list: incoming liaison statements ("JCA-MV-Doc-017: LS/i/r on … (reply to SG21-LS82)
 * [from ITU-T SG20]"), inputs to the roadmap by body, other input documents, then the
 * secretariat's outgoing statements (those of the span, and earlier ones answered in it or still
 * open) with who has answered each. docs: report_documents of the span; ob: report_obligations.
 * format "md", "html" or "docx"; appended to out. 0 ok, -1 with *err (owned).
 */
int meeting_write(struct buf *out, const char *format, const struct meeting_span *span, const struct rp_docs *docs,
    const struct rp_obligations *ob, char **err);

#endif
