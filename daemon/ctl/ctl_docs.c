/* ctl_docs.c: liaisonctl parse, list and show: documents as JSON Lines (INTERFACE.md), tables, CSV or text. */
/* SPDX-License-Identifier: Apache-2.0 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyze.h"
#include "config.h"
#include "ctl.h"
#include "ctl_cli.h"
#include "ctl_table.h"
#include "caps.h"
#include "message.h"
#include "store.h"

const char ctl_parse_usage[] = "parse [--json] FILE.eml...\tparse messages without touching the store\n";
const char ctl_list_usage[] = "list [--json|--format F] [--kind K] [--direction D] [--sdo NAME] [--since DATE]"
                              " [--until DATE]\tfiled documents (F: text, csv or json)\n";
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
	struct analyze_opts o = {ctx->dir, ctx->cfg->secretariat_address, lim, 0, &ctx->cfg->trusted_authserv_ids,
	    ctx->cfg->trust_sender_address};
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
	struct extract_limits lim;
	int json = 0, rc;

	if ((rc = ctl_json_args(argc, argv, 1, -1, ctl_parse_usage, &json)) >= 0)
		return rc;
	rc = 0;
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
	buf_adds(b, ", \"docno\": ");
	json_str(b, r->docno);
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

/* list's columns: the text form shows the day, CSV every column with times in full. */
static const struct ctl_col list_cols[] = {
    {"id", 0, CTL_COL_RIGHT},
    {"message_id", 0, CTL_COL_CSV_ONLY},
    {"date", 0, 0},
    {"received", 0, CTL_COL_CSV_ONLY},
    {"kind", 0, 0},
    {"direction", 0, 0},
    {"from", 0, CTL_COL_CSV_ONLY},
    {"source", 28, 0},
    {"ref", 24, 0},
    {"docno", 0, 0},
    {"subject", 0, 0},
};

struct list_ctx {
	struct store *st;
	enum ctl_format fmt;
	struct ctl_table *t;
};

static void
list_json(struct store *st, const struct doc_row *r)
{
	struct doc_row full = {0};
	struct ls *ls = NULL;
	struct buf b = {0};
	char id[32];

	snprintf(id, sizeof(id), "%lld", r->id);
	if (strcmp(r->kind, "liaison") == 0 && store_find(st, id, &full, &ls, NULL) == 1)
		doc_row_clear(&full);
	row_json(&b, r, ls, NULL, NULL);
	printf("%s\n", buf_str(&b));
	buf_free(&b);
	ls_free(ls);
}

static int
list_one(const struct doc_row *r, const char *source, void *arg)
{
	struct list_ctx *c = arg;
	const char *none = c->fmt == CTL_FORMAT_TEXT ? "-" : "";
	char date[21], received[21];

	if (c->fmt == CTL_FORMAT_JSON) {
		list_json(c->st, r);
		return 0;
	}
	iso8601_utc(r->date ? r->date : r->received, date);
	iso8601_utc(r->received, received);
	if (c->fmt == CTL_FORMAT_TEXT)
		date[10] = '\0'; /* the day */
	ctl_table_addf(c->t, "%lld", r->id);
	ctl_table_add(c->t, r->message_id);
	ctl_table_add(c->t, date);
	ctl_table_add(c->t, received);
	ctl_table_add(c->t, r->kind);
	ctl_table_add(c->t, r->direction);
	ctl_table_add(c->t, r->sender);
	ctl_table_add(c->t, source ? source : none);
	ctl_table_add(c->t, r->ref ? r->ref : none);
	ctl_table_add(c->t, r->docno ? r->docno : none);
	ctl_table_add(c->t, r->subject);
	return 0;
}

/* A --since or --until value; a bare day given to --until is included to its end. 0 ok, 2 usage. */
static int
list_date(const char *opt, const char *arg, int end, long long *t)
{
	if (iso8601_parse(arg, t) != 0) {
		fprintf(stderr, "liaisonctl: %s: expected an ISO 8601 date, e.g. 2026-01-31\n", opt);
		return 2;
	}
	if (end && strlen(arg) == 10)
		*t += 86400;
	return 0;
}

/* The filters' values checked, the body's name resolved through the directory. 0 ok, 2 usage. */
static int
list_filter(struct ctl_ctx *ctx, struct doc_filter *f, const char *since, const char *until)
{
	enum doc_kind k;
	const char *canon;

	if (f->kind && kind_parse(f->kind, &k) != 0) {
		fprintf(stderr, "liaisonctl: --kind: expected liaison, roadmap_input, auto_reply, bounce or other\n");
		return 2;
	}
	if (f->direction && strcmp(f->direction, "incoming") != 0 && strcmp(f->direction, "outgoing") != 0) {
		fprintf(stderr, "liaisonctl: --direction: expected incoming or outgoing\n");
		return 2;
	}
	if (f->sdo && (canon = sdo_canonical(ctx->dir, f->sdo)) != NULL)
		f->sdo = canon; /* a name the directory does not know is matched as written */
	if (since && list_date("--since", since, 0, &f->since) != 0)
		return 2;
	if (until && list_date("--until", until, 1, &f->until) != 0)
		return 2;
	return 0;
}

int
ctl_list(struct ctl_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"json", no_argument, NULL, 'j'},
	    {"format", required_argument, NULL, 'f'},
	    {"kind", required_argument, NULL, 'k'},
	    {"direction", required_argument, NULL, 'd'},
	    {"sdo", required_argument, NULL, 'S'},
	    {"since", required_argument, NULL, 's'},
	    {"until", required_argument, NULL, 'u'},
	    CTL_OPT_HELP,
	    CTL_OPT_END,
	};
	struct list_ctx c = {NULL, CTL_FORMAT_TEXT, NULL};
	struct doc_filter f = {0};
	const char *since = NULL, *until = NULL;
	int o, rc;

	for (optind = 0; (o = ctl_getopt(argc, argv, "h", opts, ctl_list_usage)) != -1;) {
		switch (o) {
		case 'j': c.fmt = CTL_FORMAT_JSON; break;
		case 'f':
			if (ctl_format_parse(optarg, &c.fmt) != 0)
				return ctl_usage_error(ctl_list_usage, "--format: expected text, csv or json");
			break;
		case 'k': f.kind = optarg; break;
		case 'd': f.direction = optarg; break;
		case 'S': f.sdo = optarg; break;
		case 's': since = optarg; break;
		case 'u': until = optarg; break;
		default: return ctl_opt_status(o);
		}
	}
	if ((rc = ctl_operands(argc, argv, 0, 0, ctl_list_usage)) != 0 ||
	    (rc = list_filter(ctx, &f, since, until)) != 0)
		return rc;
	if (!(c.st = ctl_store(ctx)))
		return 1;
	c.t = ctl_table_new(list_cols, sizeof(list_cols) / sizeof(*list_cols));
	if (store_list_filter(c.st, &f, list_one, &c) != 0) {
		fprintf(stderr, "liaisonctl: %s\n", store_errmsg(c.st));
		rc = 1;
	} else if (c.fmt != CTL_FORMAT_JSON && ctl_table_print(c.t, c.fmt) != 0)
		rc = 1;
	ctl_table_free(c.t);
	return rc;
}

/* A label and text from mail on one line, with nothing that a terminal would obey. */
static void
field(const char *label, const char *value)
{
	char *v = ctl_text_clean(value, 0);

	printf("%s%s\n", label, v);
	free(v);
}

/* Each line of text after indent; text from mail is made safe first. */
static void
indented(const char *indent, const char *text, int from_mail)
{
	char *t = from_mail ? ctl_text_clean(text, 1) : xstrdup(text);
	const char *p = t, *nl;

	for (; *p; p = *nl ? nl + 1 : nl) {
		if (!(nl = strchr(p, '\n')))
			nl = p + strlen(p);
		printf("%s%.*s\n", indent, (int)(nl - p), p);
	}
	free(t);
}

static void
show_liaison(const struct ls *ls)
{
	char *v;

	field("\nLiaison statement ", ls->ref ? ls->ref : "(no number)");
	field("  Source:          ", ls->source ? ls->source : "");
	field("  Title:           ", ls->title ? ls->title : "");
	for (size_t i = 0; i < ls->for_action.n; i++)
		field("  For action:      ", ls->for_action.v[i]);
	for (size_t i = 0; i < ls->for_comment.n; i++)
		field("  For comment:     ", ls->for_comment.v[i]);
	for (size_t i = 0; i < ls->for_information.n; i++)
		field("  For information: ", ls->for_information.v[i]);
	v = ls->deadline_text ? xasprintf("%s (\"%s\")", ls->deadline ? ls->deadline : "none", ls->deadline_text)
	                      : xstrdup(ls->deadline ? ls->deadline : "none");
	field("  Deadline:        ", v);
	free(v);
	if (ls->approval)
		field("  Approval:        ", ls->approval);
	for (size_t i = 0; i < ls->ncontacts; i++) {
		v = xasprintf("%s, %s <%s>", ls->contacts[i].name, ls->contacts[i].organization, ls->contacts[i].email);
		field("  Contact:         ", v);
		free(v);
	}
	for (size_t i = 0; i < ls->reply_to.n; i++)
		field("  Replies to:      ", ls->reply_to.v[i]);
	if (ls->abstract && *ls->abstract) {
		printf("  Abstract:\n");
		indented("    ", ls->abstract, 1);
	}
	if (ls->nprov)
		printf("\n  Where each field was read:\n");
	for (size_t i = 0; i < ls->nprov; i++) {
		v = xasprintf("    %-16s ", ls->prov[i].field);
		field(v, ls->prov[i].origin);
		free(v);
	}
}

static const struct ctl_col att_cols[] = {
    {"name", 48, 0}, {"type", 0, 0}, {"size", 0, CTL_COL_RIGHT}, {"sha256", 0, 0}};

static int
att_one(const struct doc_attachment *a, void *arg)
{
	struct ctl_table *t = arg;

	ctl_table_add(t, a->filename);
	ctl_table_add(t, a->content_type);
	ctl_table_addf(t, "%lld", a->size);
	ctl_table_add(t, a->sha256);
	return 0;
}

static const struct ctl_col rm_cols[RM_NCOLS] = {{"sdo", 24, 0}, {"reference", 24, 0}, {"type", 16, 0},
    {"title", 40, 0}, {"status", 16, 0}, {"category", 24, 0}, {"summary", 0, 0}};

/* A table (cells made safe by ctl_table_text) under its title, indented, when it has rows. */
static void
show_table(const char *title, const struct ctl_table *t)
{
	struct buf b = {0};

	if (!ctl_table_rows(t))
		return;
	ctl_table_text(t, &b);
	printf("\n%s:\n", title);
	indented("  ", buf_str(&b), 0);
	buf_free(&b);
}

/* The attachments and the roadmap rows as tables, the warnings one a line. 0 ok, -1 reported. */
static int
show_parts(struct store *st, const struct doc_row *r, const struct rm_rows *rm)
{
	struct ctl_table *att = ctl_table_new(att_cols, 4), *rows = ctl_table_new(rm_cols, RM_NCOLS);
	struct strv warnings = {0};
	int rc = -1;

	if (store_attachments(st, r->id, att_one, att) != 0 || store_warnings(st, r->id, &warnings) != 0) {
		fprintf(stderr, "liaisonctl: %s\n", store_errmsg(st));
		goto out;
	}
	show_table("Attachments", att);
	for (size_t i = 0; i < rm->n; i++)
		for (int c = 0; c < RM_NCOLS; c++)
			ctl_table_add(rows, rm->v[i].f[c]);
	show_table("Roadmap rows", rows);
	if (warnings.n)
		printf("\nWarnings:\n");
	for (size_t i = 0; i < warnings.n; i++)
		field("  ", warnings.v[i]);
	rc = 0;
out:
	strv_free(&warnings);
	ctl_table_free(att);
	ctl_table_free(rows);
	return rc;
}

/* Every field as text: nothing from mail reaches the terminal uncleaned. 0 ok, -1 reported. */
static int
show_text(struct store *st, const struct doc_row *r, const struct ls *ls, const struct rm_rows *rm)
{
	char t[21];

	printf("Document %lld  (%s, %s)\n", r->id, r->kind, r->direction);
	if (r->docno)
		field("Number:     ", r->docno);
	field("Message-ID: ", r->message_id ? r->message_id : "(none)");
	field("From:       ", r->sender);
	field("Subject:    ", r->subject);
	iso8601_utc(r->date, t);
	field("Date:       ", r->date ? t : "(none)");
	iso8601_utc(r->received, t);
	field("Filed:      ", t);
	if (ls)
		show_liaison(ls);
	return show_parts(st, r, rm);
}

static void
reread_rows(struct ctl_ctx *ctx, long long id, struct rm_rows *rm)
{
	struct extract_limits lim;
	struct analyze_opts o = {ctx->dir, ctx->cfg->secretariat_address, &lim, 0, &ctx->cfg->trusted_authserv_ids,
	    ctx->cfg->trust_sender_address};
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
	struct doc_row r = {0};
	struct strv att = {0};
	struct rm_rows rm = {0};
	struct ls *ls = NULL;
	const char *key;
	int json = 0, found, rc;

	if ((rc = ctl_json_args(argc, argv, 1, 1, ctl_show_usage, &json)) >= 0)
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
	} else if (show_text(ctx->st, &r, ls, &rm) != 0)
		goto out;
	rc = 0;
out:
	rm_rows_free(&rm);
	doc_row_clear(&r);
	ls_free(ls);
	strv_free(&att);
	return rc;
}
