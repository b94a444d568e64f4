/* exports.c: the secretariat's documents from the store, for liaisonctl and for the daemon's exports.dir. */
/* SPDX-License-Identifier: Apache-2.0 */
#include <stdlib.h>
#include <string.h>

#include "exports.h"
#include "ics_export.h"
#include "report_html.h"
#include "report_store.h"
#include "roadmap_docx.h"
#include "roadmap_export.h"
#include "store.h"

static const char *const formats[] = {"csv", "md", "html", "json", "docx"};

int
export_roadmap_format(const char *format)
{
	for (size_t i = 0; i < sizeof(formats) / sizeof(*formats); i++)
		if (strcmp(format, formats[i]) == 0)
			return 1;
	return 0;
}

int
export_roadmap(struct store *st, const char *format, const char *today, struct buf *out, char **err)
{
	struct rm_entries e = {0};
	struct rp_sources src = {0};
	int rc = -1;

	if (!export_roadmap_format(format)) {
		*err = xasprintf("roadmap: unknown format '%s'", format);
		goto out;
	}
	if (roadmap_current(st, &e) != 0 || report_roadmap_sources(st, &src) != 0) {
		*err = xasprintf("roadmap: %s", store_errmsg(st));
		goto out;
	}
	rc = 0;
	if (strcmp(format, "csv") == 0)
		roadmap_csv(out, &e);
	else if (strcmp(format, "md") == 0)
		roadmap_md(out, &e);
	else if (strcmp(format, "json") == 0)
		roadmap_jsonl(out, &e);
	else if (strcmp(format, "html") == 0)
		roadmap_html(out, &e, &src, now_epoch()); /* the page says when it was generated */
	else
		rc = roadmap_docx(out, &e, &src, today, err);
out:
	rm_entries_free(&e);
	rp_sources_free(&src);
	return rc;
}

int
export_report(struct store *st, const char *today, struct buf *out, char **err)
{
	struct rp_docs docs = {0};
	struct rp_obligations ob = {0};
	struct rm_entries e = {0};
	struct report_in in;
	int rc = -1;

	if (report_documents(st, 0, 0, &docs) != 0 || report_obligations(st, &ob) != 0 ||
	    roadmap_current(st, &e) != 0) {
		*err = xasprintf("report: %s", store_errmsg(st));
		goto out;
	}
	in.docs = &docs;
	in.ob = &ob;
	in.rm = &e;
	in.today = today;
	in.now = now_epoch();
	report_html(out, &in);
	rc = 0;
out:
	rp_docs_free(&docs);
	rp_obligations_free(&ob);
	rm_entries_free(&e);
	return rc;
}

/* One file of the directory: built by the caller into b, written atomically, readable by all. */
static void
put(const char *dir, const char *name, struct buf *b, int built, char **err, char **first)
{
	char *path = xasprintf("%s/%s", dir, name);
	char *werr = NULL;

	if (built && file_write_atomic_mode(path, buf_str(b), b->len, 0644, &werr) != 0)
		*err = werr;
	if (*err && !*first)
		*first = *err;
	else
		free(*err);
	*err = NULL;
	buf_reset(b);
	free(path);
}

int
exports_write_dir(struct store *st, const char *dir, const char *today, char **err)
{
	static const struct {
		const char *name, *format;
	} rm[] = {{"roadmap.html", "html"}, {"roadmap.csv", "csv"}, {"roadmap.json", "json"}};
	struct buf b = {0};
	char *e = NULL, *first = NULL;

	if (mkdir_p(dir, 0755) != 0) {
		*err = xasprintf("%s: cannot create the directory", dir);
		return -1;
	}
	for (size_t i = 0; i < sizeof(rm) / sizeof(*rm); i++)
		put(dir, rm[i].name, &b, export_roadmap(st, rm[i].format, today, &b, &e) == 0, &e, &first);
	put(dir, "report.html", &b, export_report(st, today, &b, &e) == 0, &e, &first);
	put(dir, "deadlines.ics", &b, ics_feed(st, &b, &e) == 0, &e, &first);
	buf_free(&b);
	*err = first;
	return first ? -1 : 0;
}
