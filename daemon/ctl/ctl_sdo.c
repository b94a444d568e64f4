/* ctl_sdo.c: liaisonctl sdo: the directory of standards bodies, the names it does not know, their contacts. */
/* SPDX-License-Identifier: Apache-2.0 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "compose.h"
#include "config.h"
#include "ctl.h"
#include "ctl_cli.h"
#include "ctl_table.h"
#include "sdo.h"
#include "store.h"

const char ctl_sdo_usage[] = "sdo list [--json] [--unknown]\tthe standards bodies, or the names it does not know\n"
                             "sdo contact add SDO EMAIL\tadd a liaison contact for a standards body\n"
                             "sdo contact list [--json] [SDO]\tthe contacts: the directory's and those added\n"
                             "sdo contact remove SDO EMAIL\tremove a contact added with sdo contact add\n";

struct sdo_ctx {
	const struct sdo_dir *dir;
	int json;
	struct ctl_table *t; /* the text form */
};

/* The text columns of sdo list, sdo list --unknown and sdo contact list. */
static const struct ctl_col known_cols[] = {{"name", 0, 0}, {"contacts", 0, 0}};
static const struct ctl_col unknown_cols[] = {{"name", 0, 0}, {"mentions", 0, CTL_COL_RIGHT}};
static const struct ctl_col contact_cols[] = {{"sdo", 0, 0}, {"email", 0, 0}, {"from", 0, 0}};

/* The table (text), or nothing more (JSON, printed as it came); frees it. 0 ok, 1 failed (reported). */
static int
sdo_table_end(struct sdo_ctx *c, int failed)
{
	int rc = failed ? 1 : 0;

	if (!failed && !c->json && ctl_table_print(c->t, CTL_FORMAT_TEXT) != 0)
		rc = 1;
	ctl_table_free(c->t);
	c->t = NULL;
	return rc;
}

/* argv[from..to) joined with single spaces: a body's name that the shell split ("ITU-T SG20"). Owned. */
static char *
joined(char **argv, int from, int to)
{
	struct buf b = {0};
	char *s;

	for (int i = from; i < to; i++)
		buf_printf(&b, "%s%s", i > from ? " " : "", argv[i]);
	s = xstrdup(buf_str(&b));
	buf_free(&b);
	return s;
}

static int
unknown_one(const char *name, long long count, void *arg)
{
	struct sdo_ctx *c = arg;

	if (sdo_find(c->dir, name) >= 0)
		return 0;
	if (c->json) {
		struct buf b = {0};
		buf_adds(&b, "{\"name\": ");
		json_str(&b, name);
		buf_printf(&b, ", \"known\": false, \"mentions\": %lld}", count);
		printf("%s\n", buf_str(&b));
		buf_free(&b);
	} else {
		ctl_table_add(c->t, name);
		ctl_table_addf(c->t, "%lld", count);
	}
	return 0;
}

/* A body of the directory, with its contacts (the directory's and those added), which the store records. */
static void
known_one(struct ctl_ctx *ctx, size_t i, struct sdo_ctx *c)
{
	struct strv contacts = {0};
	const struct strv *dc = sdo_contacts(ctx->dir, i);
	struct buf b = {0};

	for (size_t j = 0; dc && j < dc->n; j++)
		strv_push_unique(&contacts, dc->v[j]);
	store_sdo_contacts(ctx->st, sdo_name(ctx->dir, i), &contacts);
	if (c->json) {
		buf_adds(&b, "{\"name\": ");
		json_str(&b, sdo_name(ctx->dir, i));
		buf_adds(&b, ", \"known\": true, \"aliases\": ");
		json_strv(&b, sdo_aliases(ctx->dir, i));
		buf_adds(&b, ", \"domains\": ");
		json_strv(&b, sdo_domains(ctx->dir, i));
		buf_adds(&b, ", \"contacts\": ");
		json_strv(&b, &contacts);
		buf_addc(&b, '}');
		printf("%s\n", buf_str(&b));
	} else {
		for (size_t j = 0; j < contacts.n; j++)
			buf_printf(&b, "%s%s", j ? ", " : "", contacts.v[j]);
		ctl_table_add(c->t, sdo_name(ctx->dir, i));
		ctl_table_add(c->t, b.len ? buf_str(&b) : "-");
	}
	buf_free(&b);
	strv_free(&contacts);
}

static int
sdo_list(struct ctl_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"json", no_argument, NULL, 'j'},
	    {"unknown", no_argument, NULL, 'u'},
	    CTL_OPT_HELP,
	    CTL_OPT_END,
	};
	struct sdo_ctx c = {ctx->dir, 0, NULL};
	int o, unknown = 0, rc;

	for (optind = 0; (o = ctl_getopt(argc, argv, "h", opts, ctl_sdo_usage)) != -1;) {
		switch (o) {
		case 'j': c.json = 1; break;
		case 'u': unknown = 1; break;
		default: return ctl_opt_status(o);
		}
	}
	if ((rc = ctl_operands(argc, argv, 0, 0, ctl_sdo_usage)) != 0)
		return rc;
	if (!ctl_store(ctx))
		return 1;
	if (unknown) {
		c.t = ctl_table_new(unknown_cols, sizeof(unknown_cols) / sizeof(*unknown_cols));
		if ((rc = store_sdo_seen(ctx->st, unknown_one, &c)) != 0)
			fprintf(stderr, "liaisonctl: %s\n", store_errmsg(ctx->st));
		return sdo_table_end(&c, rc != 0);
	}
	c.t = ctl_table_new(known_cols, sizeof(known_cols) / sizeof(*known_cols));
	for (size_t i = 0; i < sdo_count(ctx->dir); i++)
		known_one(ctx, i, &c);
	return sdo_table_end(&c, 0);
}

/* Not in the directory: says so. Returns 1, the exit status. */
static int
not_a_body(const char *name)
{
	fprintf(
	    stderr, "liaisonctl: %s is not in the directory of standards bodies (see: liaisonctl sdo list)\n", name);
	return 1;
}

/*
 * The operands SDO... EMAIL of contact add and remove: the body's index in the directory and
 * the address (owned). 0, or the exit status (reported).
 */
static int
body_and_address(struct ctl_ctx *ctx, int argc, char **argv, long *i, char **addr)
{
	char *name;
	int rc;

	if ((rc = ctl_operands(argc, argv, 2, -1, ctl_sdo_usage)) != 0)
		return rc;
	for (int k = optind; k < argc - 1; k++)
		if (strchr(argv[k], '@')) /* no body's name has one */
			return ctl_usage_error(ctl_sdo_usage, "sdo contact %s: one address at a time", argv[0]);
	name = joined(argv, optind, argc - 1);
	*i = sdo_find(ctx->dir, name);
	rc = *i < 0 ? not_a_body(name) : 0;
	free(name);
	if (rc == 0 && !(*addr = address_only(argv[argc - 1]))) {
		fprintf(stderr, "liaisonctl: %s is not an e-mail address\n", argv[argc - 1]);
		rc = 2;
	}
	return rc;
}

/* sdo contact add SDO EMAIL: SDO may come in words, as the shell split it. */
static int
contact_add(struct ctl_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {CTL_OPT_HELP, CTL_OPT_END};
	const char *name;
	char *addr = NULL, *err = NULL;
	long i;
	int o, rc;

	optind = 0;
	if ((o = ctl_getopt(argc, argv, "h", opts, ctl_sdo_usage)) != -1) /* only --help */
		return ctl_opt_status(o);
	if ((rc = body_and_address(ctx, argc, argv, &i, &addr)) != 0)
		return rc;
	name = sdo_name(ctx->dir, (size_t)i);
	rc = 1;
	if (!ctl_store(ctx))
		goto out;
	if (store_sdo_contact_add(ctx->st, name, addr, &err) != 0) {
		fprintf(stderr, "liaisonctl: %s\n", err);
		goto out;
	}
	printf("%s: liaison contact %s\n", name, addr);
	rc = 0;
out:
	free(err);
	free(addr);
	return rc;
}

/* One contact: "directory" from the directory of standards bodies, "added" by sdo contact add. */
static void
contact_one(struct sdo_ctx *c, const char *sdo, const char *email, const char *from)
{
	if (c->json) {
		struct buf b = {0};
		buf_adds(&b, "{\"sdo\": ");
		json_str(&b, sdo);
		buf_adds(&b, ", \"email\": ");
		json_str(&b, email);
		buf_adds(&b, ", \"from\": ");
		json_str(&b, from);
		buf_addc(&b, '}');
		printf("%s\n", buf_str(&b));
		buf_free(&b);
	} else {
		ctl_table_add(c->t, sdo);
		ctl_table_add(c->t, email);
		ctl_table_add(c->t, from);
	}
}

/* The body i's contacts. 0 ok, -1 a store error (reported). */
static int
contacts_of(struct ctl_ctx *ctx, size_t i, struct sdo_ctx *c)
{
	const struct strv *dc = sdo_contacts(ctx->dir, i);
	struct strv added = {0};
	int rc = -1;

	for (size_t j = 0; dc && j < dc->n; j++)
		contact_one(c, sdo_name(ctx->dir, i), dc->v[j], "directory");
	if (store_sdo_contacts(ctx->st, sdo_name(ctx->dir, i), &added) != 0) {
		fprintf(stderr, "liaisonctl: %s\n", store_errmsg(ctx->st));
		goto out;
	}
	for (size_t j = 0; j < added.n; j++)
		contact_one(c, sdo_name(ctx->dir, i), added.v[j], "added");
	rc = 0;
out:
	strv_free(&added);
	return rc;
}

/* sdo contact list [--json] [SDO]: SDO may come in words, as the shell split it. */
static int
contact_list(struct ctl_ctx *ctx, int argc, char **argv)
{
	struct sdo_ctx c = {ctx->dir, 0, NULL};
	size_t first = 0, end = sdo_count(ctx->dir);
	char *name;
	long one;
	int rc, failed = 0;

	if ((rc = ctl_json_args(argc, argv, 0, -1, ctl_sdo_usage, &c.json)) >= 0)
		return rc;
	if (optind < argc) {
		name = joined(argv, optind, argc);
		one = sdo_find(ctx->dir, name);
		rc = one < 0 ? not_a_body(name) : 0;
		free(name);
		if (rc != 0)
			return rc;
		first = (size_t)one;
		end = first + 1;
	}
	if (!ctl_store(ctx))
		return 1;
	c.t = ctl_table_new(contact_cols, sizeof(contact_cols) / sizeof(*contact_cols));
	for (size_t i = first; !failed && i < end; i++)
		failed = contacts_of(ctx, i, &c) != 0;
	return sdo_table_end(&c, failed);
}

/* 1 when the directory lists addr (lower case) among the body's contacts, which it keeps as written. */
static int
in_directory(const struct strv *dc, const char *addr)
{
	for (size_t j = 0; dc && j < dc->n; j++)
		if (strcasecmp(dc->v[j], addr) == 0)
			return 1;
	return 0;
}

/* sdo contact remove SDO EMAIL: only what sdo contact add added; the directory's contacts are its file's. */
static int
contact_remove(struct ctl_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {CTL_OPT_HELP, CTL_OPT_END};
	char *addr = NULL;
	long i;
	int o, rc;

	optind = 0;
	if ((o = ctl_getopt(argc, argv, "h", opts, ctl_sdo_usage)) != -1) /* only --help */
		return ctl_opt_status(o);
	if ((rc = body_and_address(ctx, argc, argv, &i, &addr)) != 0)
		return rc;
	rc = 1;
	if (!ctl_store(ctx))
		goto out;
	if ((o = store_sdo_contact_remove(ctx->st, sdo_name(ctx->dir, (size_t)i), addr)) < 0)
		fprintf(stderr, "liaisonctl: %s\n", store_errmsg(ctx->st));
	else if (o == 0 && in_directory(sdo_contacts(ctx->dir, (size_t)i), addr))
		fprintf(stderr, "liaisonctl: %s: %s comes from the directory of standards bodies (%s); edit it there\n",
		    sdo_name(ctx->dir, (size_t)i), addr,
		    ctx->cfg->sdo_file && *ctx->cfg->sdo_file ? ctx->cfg->sdo_file : "the built-in one, or sdo.file");
	else if (o == 0)
		fprintf(stderr, "liaisonctl: %s: %s is not a contact added with sdo contact add\n",
		    sdo_name(ctx->dir, (size_t)i), addr);
	else {
		printf("%s: liaison contact %s removed\n", sdo_name(ctx->dir, (size_t)i), addr);
		rc = 0;
	}
out:
	free(addr);
	return rc;
}

static int
sdo_contact(struct ctl_ctx *ctx, int argc, char **argv)
{
	static const struct ctl_sub subs[] = {{"add", contact_add}, {"list", contact_list}, {"remove", contact_remove}};

	return ctl_dispatch(ctx, argc, argv, subs, sizeof(subs) / sizeof(*subs), ctl_sdo_usage);
}

int
ctl_sdo(struct ctl_ctx *ctx, int argc, char **argv)
{
	static const struct ctl_sub subs[] = {{"list", sdo_list}, {"contact", sdo_contact}};

	return ctl_dispatch(ctx, argc, argv, subs, sizeof(subs) / sizeof(*subs), ctl_sdo_usage);
}
