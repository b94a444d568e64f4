/* ctl_roadmap.c: `liaisonctl roadmap export|changes`: the filed roadmap for the editors and the digest. */
/* SPDX-License-Identifier: Apache-2.0 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "ctl.h"
#include "ctl_cli.h"
#include "exports.h"
#include "roadmap_export.h"
#include "roadmap_store.h"
#include "store.h"
#include "tzclock.h"

const char ctl_roadmap_usage[] =
    "roadmap export --format csv|md|html|json|docx [-o FILE]\tthe roadmap, newest state of each entry\n"
    "roadmap changes --since DATE [--json]\tnew and changed roadmap entries\n";

static int
cmd_export(struct ctl_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"format", required_argument, NULL, 'f'},
	    {"output", required_argument, NULL, 'o'},
	    CTL_OPT_HELP,
	    CTL_OPT_END,
	};
	const char *format = NULL, *path = NULL;
	struct buf out = {0};
	char today[11], *err = NULL;
	int o, rc;

	for (optind = 0; (o = ctl_getopt(argc, argv, "f:ho:", opts, ctl_roadmap_usage)) != -1;) {
		switch (o) {
		case 'f': format = optarg; break;
		case 'o': path = optarg; break;
		default: return ctl_opt_status(o);
		}
	}
	if ((rc = ctl_operands(argc, argv, 0, 0, ctl_roadmap_usage)) != 0)
		return rc;
	if (!format)
		return ctl_usage_error(ctl_roadmap_usage, "roadmap export: --format is required");
	if (!export_roadmap_format(format))
		return ctl_usage_error(
		    ctl_roadmap_usage, "roadmap export: --format must be csv, md, html, json or docx");
	if (strcmp(format, "docx") == 0 && !path && isatty(STDOUT_FILENO))
		return ctl_usage_error(ctl_roadmap_usage, "roadmap export: a Word document needs -o FILE (or a pipe)");
	rc = 1;
	if (!ctl_store(ctx))
		goto out;
	/* the secretariat's day: the document's date */
	tz_local_date(ctx->cfg ? ctx->cfg->timezone : NULL, now_epoch(), today);
	if (export_roadmap(ctx->st, format, today, &out, &err) != 0) { /* daemon/export/exports.c */
		fprintf(stderr, "liaisonctl: %s\n", err);
		goto out;
	}
	rc = ctl_output(path, buf_str(&out), out.len) == 0 ? 0 : 1;
out:
	free(err);
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
	static const struct option opts[] = {
	    {"since", required_argument, NULL, 's'},
	    {"json", no_argument, NULL, 'j'},
	    CTL_OPT_HELP,
	    CTL_OPT_END,
	};
	const char *since_s = NULL;
	struct rm_changes ch = {0};
	struct buf out = {0};
	long long since = 0;
	int o, rc, json = 0;

	for (optind = 0; (o = ctl_getopt(argc, argv, "h", opts, ctl_roadmap_usage)) != -1;) {
		switch (o) {
		case 's': since_s = optarg; break;
		case 'j': json = 1; break;
		default: return ctl_opt_status(o);
		}
	}
	if ((rc = ctl_operands(argc, argv, 0, 0, ctl_roadmap_usage)) != 0)
		return rc;
	if (!since_s)
		return ctl_usage_error(ctl_roadmap_usage, "roadmap changes: --since is required");
	if (iso8601_parse(since_s, &since) != 0)
		return ctl_usage_error(ctl_roadmap_usage,
		    "roadmap changes: --since: expected an ISO 8601 date, e.g. 2026-05-11 or 2026-05-11T09:00Z");
	rc = 1;
	if (!ctl_store(ctx))
		goto out;
	if (roadmap_changes(ctx->st, since, &ch) != 0) {
		fprintf(stderr, "liaisonctl: roadmap: %s\n", store_errmsg(ctx->st));
		goto out;
	}
	for (size_t i = 0; i < ch.n; i++) {
		if (json)
			change_json(&out, &ch.v[i]);
		else
			change_text(&out, &ch.v[i]);
	}
	rc = ctl_output(NULL, buf_str(&out), out.len) == 0 ? 0 : 1;
out:
	rm_changes_free(&ch);
	buf_free(&out);
	return rc;
}

int
ctl_roadmap(struct ctl_ctx *ctx, int argc, char **argv)
{
	static const struct ctl_sub subs[] = {{"export", cmd_export}, {"changes", cmd_changes}};

	return ctl_dispatch(ctx, argc, argv, subs, sizeof(subs) / sizeof(*subs), ctl_roadmap_usage);
}
