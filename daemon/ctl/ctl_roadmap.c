/* ctl_roadmap.c: `liaisonctl roadmap export|changes`: the filed roadmap for the editors and the digest. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl.h"
#include "roadmap_export.h"
#include "roadmap_store.h"
#include "store.h"

static const char usage_text[] = "usage: liaisonctl roadmap export --format csv|md|html|json [-o FILE]\n"
                                 "       liaisonctl roadmap changes --since DATE [--json]\n";

static int
usage(const char *why)
{
	if (why)
		fprintf(stderr, "liaisonctl roadmap: %s\n", why);
	fputs(usage_text, stderr);
	return 2;
}

/*
 * "--name VALUE", "--name=VALUE" or, for a one-letter short form, "-x VALUE". Returns 1 and
 * sets *val (borrowed) when argv[*i] is the option, advancing *i past its value; 0 when it
 * is not; -1 when its value is missing.
 */
static int
opt_value(int argc, char **argv, int *i, const char *name, char shortc, const char **val)
{
	const char *a = argv[*i];
	size_t n = strlen(name);

	if (strncmp(a, "--", 2) == 0 && strncmp(a + 2, name, n) == 0 && a[2 + n] == '=') {
		*val = a + 3 + n;
		return 1;
	}
	if (!((strncmp(a, "--", 2) == 0 && strcmp(a + 2, name) == 0) ||
	        (shortc && a[0] == '-' && a[1] == shortc && !a[2])))
		return 0;
	if (*i + 1 >= argc)
		return -1;
	*val = argv[++*i];
	return 1;
}

/* Writes out to path atomically, or to stdout. 0 ok, 1 failure (reported). */
static int
emit(struct buf *out, const char *path)
{
	char *err = NULL;
	int rc = 0;

	if (path) {
		if (file_write_atomic(path, buf_str(out), out->len, &err) != 0) {
			fprintf(stderr, "liaisonctl roadmap: %s\n", err ? err : path);
			rc = 1;
		}
	} else if (fwrite(buf_str(out), 1, out->len, stdout) != out->len || fflush(stdout) != 0) {
		perror("liaisonctl roadmap: stdout");
		rc = 1;
	}
	free(err);
	return rc;
}

static int
cmd_export(struct ctl_ctx *ctx, int argc, char **argv)
{
	const char *format = NULL, *path = NULL, *v;
	struct rm_entries e = {0};
	struct buf out = {0};
	int rc = 2, r;

	for (int i = 2; i < argc; i++) {
		if ((r = opt_value(argc, argv, &i, "format", 'f', &v)) == 1)
			format = v;
		else if (r == 0 && (r = opt_value(argc, argv, &i, "output", 'o', &v)) == 1)
			path = v;
		else {
			rc = usage(r < 0 ? "option needs a value" : "unknown argument");
			goto out;
		}
	}
	if (!format) {
		rc = usage("--format is required");
		goto out;
	}
	if (strcmp(format, "csv") && strcmp(format, "md") && strcmp(format, "html") && strcmp(format, "json")) {
		rc = usage("--format must be csv, md, html or json");
		goto out;
	}
	rc = 1;
	if (!ctx || !ctx->st) {
		fputs("liaisonctl roadmap: no store\n", stderr);
		goto out;
	}
	if (roadmap_current(ctx->st, &e) != 0) {
		fprintf(stderr, "liaisonctl roadmap: %s\n", store_errmsg(ctx->st));
		goto out;
	}
	if (strcmp(format, "csv") == 0)
		roadmap_csv(&out, &e);
	else if (strcmp(format, "md") == 0)
		roadmap_md(&out, &e);
	else if (strcmp(format, "json") == 0)
		roadmap_jsonl(&out, &e);
	else
		roadmap_html(&out, &e, now_epoch());
	rc = emit(&out, path);
out:
	rm_entries_free(&e);
	buf_free(&out);
	return rc;
}

static void
change_text(struct buf *b, const struct rm_change *c)
{
	const struct rm_entry *e = &c->cur;
	char date[11];

	iso_date(e->updated, date);
	buf_printf(b, "%s %s  %s  %s  %s", c->is_new ? "new    " : "changed", date, e->body,
	    *e->row.f[RM_REF] ? e->row.f[RM_REF] : "-", e->row.f[RM_TITLE]);
	if (e->message_id)
		buf_printf(b, "  (from %s)", e->message_id);
	else if (e->doc_id > 0)
		buf_printf(b, "  (from document %lld)", e->doc_id);
	buf_addc(b, '\n');
	for (int f = 0; !c->is_new && f < RM_NCOLS; f++)
		if (c->changed & (1u << f))
			buf_printf(b, "        %s: '%s' -> '%s'\n", rm_col_names[f], c->old.f[f], e->row.f[f]);
}

static void
change_json(struct buf *b, const struct rm_change *c)
{
	int first = 1;

	buf_printf(b, "{\"change\": \"%s\", \"entry\": ", c->is_new ? "new" : "changed");
	roadmap_entry_json(b, &c->cur);
	buf_adds(b, ", \"fields\": {");
	for (int f = 0; !c->is_new && f < RM_NCOLS; f++) {
		if (!(c->changed & (1u << f)))
			continue;
		buf_adds(b, first ? "" : ", ");
		json_str(b, rm_col_names[f]);
		buf_adds(b, ": {\"old\": ");
		json_str(b, c->old.f[f]);
		buf_adds(b, ", \"new\": ");
		json_str(b, c->cur.row.f[f]);
		buf_addc(b, '}');
		first = 0;
	}
	buf_adds(b, "}}\n");
}

static int
cmd_changes(struct ctl_ctx *ctx, int argc, char **argv)
{
	const char *since_s = NULL, *v;
	struct rm_changes ch = {0};
	struct buf out = {0};
	long long since = 0;
	int rc = 2, json = 0, r;

	for (int i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0)
			json = 1;
		else if ((r = opt_value(argc, argv, &i, "since", 0, &v)) == 1)
			since_s = v;
		else {
			rc = usage(r < 0 ? "option needs a value" : "unknown argument");
			goto out;
		}
	}
	if (!since_s) {
		rc = usage("--since is required");
		goto out;
	}
	if (iso8601_parse(since_s, &since) != 0) {
		rc = usage("--since: expected an ISO 8601 date, e.g. 2026-05-11 or 2026-05-11T09:00Z");
		goto out;
	}
	rc = 1;
	if (!ctx || !ctx->st) {
		fputs("liaisonctl roadmap: no store\n", stderr);
		goto out;
	}
	if (roadmap_changes(ctx->st, since, &ch) != 0) {
		fprintf(stderr, "liaisonctl roadmap: %s\n", store_errmsg(ctx->st));
		goto out;
	}
	for (size_t i = 0; i < ch.n; i++) {
		if (json)
			change_json(&out, &ch.v[i]);
		else
			change_text(&out, &ch.v[i]);
	}
	rc = emit(&out, NULL);
out:
	rm_changes_free(&ch);
	buf_free(&out);
	return rc;
}

int
ctl_roadmap(struct ctl_ctx *ctx, int argc, char **argv)
{
	if (argc < 2)
		return usage(NULL);
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		fputs(usage_text, stdout);
		return 0;
	}
	if (strcmp(argv[1], "export") == 0)
		return cmd_export(ctx, argc, argv);
	if (strcmp(argv[1], "changes") == 0)
		return cmd_changes(ctx, argc, argv);
	return usage("unknown sub-command");
}
