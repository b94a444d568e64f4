/* ctl_docs.c: liaisonctl parse, list and show: documents as JSON Lines (INTERFACE.md) or as text. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyze.h"
#include "config.h"
#include "ctl.h"
#include "ctl_cli.h"
#include "caps.h"
#include "message.h"
#include "store.h"

const char ctl_parse_usage[] = "parse [--json] FILE.eml...\tparse messages without touching the store\n";
const char ctl_list_usage[] = "list [--json] [--kind K] [--since DATE]\tfiled documents\n";
const char ctl_show_usage[] = "show [--json] ID|REF|MESSAGE-ID\tone filed document with its extracted fields\n";

static void
print_text(const char *file, const struct msg *m, const struct analysis *a)
{
	printf("%s: %s, %s", file, kind_name(a->kind), a->outgoing ? "outgoing" : "incoming");
	if (a->ls)
		printf(", %s from %s: %s", a->ls->ref ? a->ls->ref : "(no number)", a->ls->source ? a->ls->source : "?",
		    a->ls->title ? a->ls->title : "(no title)");
	else if (a->rm.n)
		printf(", %zu roadmap rows", a->rm.n);
	else if (m)
		printf(": %s", m->subject);
	printf("\n");
	for (size_t i = 0; i < a->warnings.n; i++)
		printf("  warning: %s\n", a->warnings.v[i]);
}

/* One file: a JSON object or a line of text, even when it is not a message. 0 ok, -1 unreadable. */
static int
parse_one(struct ctl_ctx *ctx, const struct extract_limits *lim, const char *file, int json)
{
	struct analyze_opts o = {ctx->dir, ctx->cfg->secretariat_address, lim, 0};
	struct analysis *a = NULL, fallback = {0};
	struct msg *m = NULL;
	struct buf b = {0};
	char *data = NULL, *err = NULL;
	size_t len;
	int rc = -1;

	if (file_read(file, LSD_MAX_MESSAGE, &data, &len, &err) != 0) {
		fprintf(stderr, "liaisonctl: %s\n", err);
		goto out;
	}
	if ((m = msg_parse(data, len, &err)) != NULL)
		a = analyze_message(m, &o);
	else {
		/* Not a message at all: still one object, kind other, the reason in warnings. */
		fallback.kind = KIND_OTHER;
		strv_pushf(&fallback.warnings, "not parsed: %s", err);
	}
	if (json) {
		analysis_json(&b, file, m, a ? a : &fallback);
		printf("%s\n", buf_str(&b));
	} else
		print_text(file, m, a ? a : &fallback);
	fflush(stdout);
	rc = 0;
out:
	strv_free(&fallback.warnings);
	buf_free(&b);
	analysis_free(a);
	msg_free(m);
	free(data);
	free(err);
	return rc;
}

int
ctl_parse(struct ctl_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {{"json", no_argument, NULL, 'j'}, CTL_OPT_HELP, CTL_OPT_END};
	struct extract_limits lim;
	int c, json = 0, rc;

	for (optind = 0; (c = ctl_getopt(argc, argv, "h", opts, ctl_parse_usage)) != -1;) {
		switch (c) {
		case 'j': json = 1; break;
		default: return ctl_opt_status(c);
		}
	}
	if ((rc = ctl_operands(argc, argv, 1, -1, ctl_parse_usage)) != 0)
		return rc;
	extract_limits_default(&lim);
	for (int i = optind; i < argc; i++)
		if (parse_one(ctx, &lim, argv[i], json) != 0)
			rc = 1;
	return rc;
}

static void
row_json(struct buf *b, const struct doc_row *r, const struct ls *ls, const struct strv *att, const struct rm_rows *rm)
{
	char t[21];

	buf_printf(b, "{\"id\": %lld, \"message_id\": ", r->id);
	json_str(b, r->message_id);
	buf_adds(b, ", \"kind\": ");
	json_str(b, r->kind);
	buf_adds(b, ", \"direction\": ");
	json_str(b, r->direction);
	iso8601_utc(r->received, t);
	buf_adds(b, ", \"received\": ");
	json_str(b, t);
	buf_adds(b, ", \"date\": ");
	if (r->date) {
		iso8601_utc(r->date, t);
		json_str(b, t);
	} else
		buf_adds(b, "null");
	buf_adds(b, ", \"from\": ");
	json_str(b, r->sender);
	buf_adds(b, ", \"subject\": ");
	json_str(b, r->subject);
	buf_adds(b, ", \"liaison\": ");
	ls_json(b, ls);
	if (rm) {
		buf_adds(b, ", \"roadmap\": ");
		rm_rows_json(b, rm);
	}
	if (att) {
		buf_adds(b, ", \"attachments\": [");
		for (size_t i = 0; i < att->n; i++) {
			if (i)
				buf_adds(b, ", ");
			buf_adds(b, att->v[i]);
		}
		buf_addc(b, ']');
	}
	buf_adds(b, ", \"warnings\": ");
	buf_adds(b, r->warnings_json ? r->warnings_json : "[]");
	buf_addc(b, '}');
}

struct list_ctx {
	struct store *st;
	int json;
};

static int
list_one(const struct doc_row *r, void *arg)
{
	struct list_ctx *c = arg;
	char t[21];

	if (c->json) {
		struct doc_row full = {0};
		struct ls *ls = NULL;
		struct buf b = {0};
		char id[32];
		snprintf(id, sizeof(id), "%lld", r->id);
		if (strcmp(r->kind, "liaison") == 0 && store_find(c->st, id, &full, &ls, NULL) == 1)
			doc_row_clear(&full);
		row_json(&b, r, ls, NULL, NULL);
		printf("%s\n", buf_str(&b));
		buf_free(&b);
		ls_free(ls);
	} else {
		iso8601_utc(r->received, t);
		printf("%6lld  %.10s  %-13s %-8s  %-14s %s\n", r->id, t, r->kind, r->direction, r->ref ? r->ref : "-",
		    r->subject);
	}
	return 0;
}

int
ctl_list(struct ctl_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"json", no_argument, NULL, 'j'},
	    {"kind", required_argument, NULL, 'k'},
	    {"since", required_argument, NULL, 's'},
	    CTL_OPT_HELP,
	    CTL_OPT_END,
	};
	struct list_ctx c = {NULL, 0};
	const char *kind = NULL, *since = NULL;
	enum doc_kind k;
	long long t = 0;
	int o, rc;

	for (optind = 0; (o = ctl_getopt(argc, argv, "h", opts, ctl_list_usage)) != -1;) {
		switch (o) {
		case 'j': c.json = 1; break;
		case 'k': kind = optarg; break;
		case 's': since = optarg; break;
		default: return ctl_opt_status(o);
		}
	}
	if ((rc = ctl_operands(argc, argv, 0, 0, ctl_list_usage)) != 0)
		return rc;
	if (kind && kind_parse(kind, &k) != 0) {
		fprintf(stderr, "liaisonctl: --kind: expected liaison, roadmap_input, auto_reply, bounce or other\n");
		return 2;
	}
	if (since && iso8601_parse(since, &t) != 0) {
		fprintf(stderr, "liaisonctl: --since: expected an ISO 8601 date, e.g. 2026-01-31\n");
		return 2;
	}
	if (!(c.st = ctl_store(ctx)))
		return 1;
	if (store_list(c.st, kind, t, 0, list_one, &c) != 0) {
		fprintf(stderr, "liaisonctl: %s\n", store_errmsg(c.st));
		return 1;
	}
	return 0;
}

static void
show_text(const struct doc_row *r, const struct ls *ls, const struct strv *att)
{
	char t[21];

	iso8601_utc(r->received, t);
	printf("Document %lld  (%s, %s)\nMessage-ID: %s\nFrom:       %s\nSubject:    %s\nFiled:      %s\n", r->id,
	    r->kind, r->direction, r->message_id ? r->message_id : "(none)", r->sender, r->subject, t);
	if (ls) {
		printf("\nLiaison statement %s\n", ls->ref ? ls->ref : "(no number)");
		printf("  Source:          %s\n  Title:           %s\n", ls->source ? ls->source : "",
		    ls->title ? ls->title : "");
		for (size_t i = 0; i < ls->for_action.n; i++)
			printf("  For action:      %s\n", ls->for_action.v[i]);
		for (size_t i = 0; i < ls->for_comment.n; i++)
			printf("  For comment:     %s\n", ls->for_comment.v[i]);
		for (size_t i = 0; i < ls->for_information.n; i++)
			printf("  For information: %s\n", ls->for_information.v[i]);
		printf("  Deadline:        %s%s%s%s\n", ls->deadline ? ls->deadline : "none",
		    ls->deadline_text ? " (\"" : "", ls->deadline_text ? ls->deadline_text : "",
		    ls->deadline_text ? "\")" : "");
		if (ls->approval)
			printf("  Approval:        %s\n", ls->approval);
		for (size_t i = 0; i < ls->ncontacts; i++)
			printf("  Contact:         %s, %s <%s>\n", ls->contacts[i].name, ls->contacts[i].organization,
			    ls->contacts[i].email);
		for (size_t i = 0; i < ls->reply_to.n; i++)
			printf("  Replies to:      %s\n", ls->reply_to.v[i]);
		if (ls->nprov) {
			printf("\n  Where each field was read:\n");
			for (size_t i = 0; i < ls->nprov; i++)
				printf("    %-16s %s\n", ls->prov[i].field, ls->prov[i].origin);
		}
	}
	if (att->n) {
		printf("\nAttachments (JSON):\n");
		for (size_t i = 0; i < att->n; i++)
			printf("  %s\n", att->v[i]);
	}
	if (r->warnings_json && strcmp(r->warnings_json, "[]") != 0)
		printf("\nWarnings: %s\n", r->warnings_json);
}

static void
reread_rows(struct ctl_ctx *ctx, long long id, struct rm_rows *rm)
{
	struct extract_limits lim;
	struct analyze_opts o = {ctx->dir, ctx->cfg->secretariat_address, &lim, 0};
	struct analysis *a = NULL;
	unsigned char *raw = NULL;
	struct msg *m = NULL;
	char *err = NULL;
	size_t len;

	extract_limits_default(&lim);
	if (store_raw(ctx->st, id, &raw, &len) != 1 || !(m = msg_parse(raw, len, &err)))
		goto out;
	a = analyze_message(m, &o);
	*rm = a->rm;
	memset(&a->rm, 0, sizeof(a->rm));
out:
	analysis_free(a);
	msg_free(m);
	free(raw);
	free(err);
}

int
ctl_show(struct ctl_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {{"json", no_argument, NULL, 'j'}, CTL_OPT_HELP, CTL_OPT_END};
	struct doc_row r = {0};
	struct strv att = {0};
	struct rm_rows rm = {0};
	struct ls *ls = NULL;
	const char *key;
	int c, json = 0, found, rc;

	for (optind = 0; (c = ctl_getopt(argc, argv, "h", opts, ctl_show_usage)) != -1;) {
		switch (c) {
		case 'j': json = 1; break;
		default: return ctl_opt_status(c);
		}
	}
	if ((rc = ctl_operands(argc, argv, 1, 1, ctl_show_usage)) != 0)
		return rc;
	key = argv[optind];
	rc = 1;
	if (!ctl_store(ctx))
		goto out;
	found = store_find(ctx->st, key, &r, &ls, &att);
	if (found < 0) {
		fprintf(stderr, "liaisonctl: %s\n", store_errmsg(ctx->st));
		goto out;
	}
	if (!found) {
		fprintf(stderr, "liaisonctl: no document %s\n", key);
		goto out;
	}
	/* The rows as this message gave them: re-read from the raw message the store keeps (the
	 * roadmap itself holds each entry's history, where an unchanged row adds no version). */
	if (strcmp(r.kind, "roadmap_input") == 0)
		reread_rows(ctx, r.id, &rm);
	if (json) {
		struct buf b = {0};
		row_json(&b, &r, ls, &att, &rm);
		printf("%s\n", buf_str(&b));
		buf_free(&b);
	} else {
		show_text(&r, ls, &att);
		for (size_t i = 0; i < rm.n; i++)
			printf("%s  %s | %s | %s | %s | %s | %s | %s\n", i ? "" : "\nRoadmap rows:\n",
			    rm.v[i].f[RM_SDO], rm.v[i].f[RM_REF], rm.v[i].f[RM_TYPE], rm.v[i].f[RM_TITLE],
			    rm.v[i].f[RM_STATUS], rm.v[i].f[RM_CATEGORY], rm.v[i].f[RM_SUMMARY]);
	}
	rc = 0;
out:
	rm_rows_free(&rm);
	doc_row_clear(&r);
	ls_free(ls);
	strv_free(&att);
	return rc;
}
