/* ctl_sdo.c: liaisonctl sdo: the directory of standards bodies, the names it does not know, their contacts. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "compose.h"
#include "config.h"
#include "ctl.h"
#include "ctl_cli.h"
#include "sdo.h"
#include "store.h"

const char ctl_sdo_usage[] = "sdo list [--json] [--unknown]\tthe standards bodies, or the names it does not know\n"
                             "sdo contact add SDO EMAIL\tadd a liaison contact for a standards body\n"
                             "sdo contact list [--json] [SDO]\tthe contacts: the directory's and those added\n"
                             "sdo contact remove SDO EMAIL\tremove a contact added with sdo contact add\n";

struct sdo_ctx {
	const struct sdo_dir *dir;
	int json;
};

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
	} else
		printf("%-40s %lld mention%s\n", name, count, count == 1 ? "" : "s");
	return 0;
}

/* A body of the directory, with its contacts (the directory's and those added), which the store records. */
static void
known_one(struct ctl_ctx *ctx, size_t i, int json)
{
	struct strv contacts = {0};
	const struct strv *dc = sdo_contacts(ctx->dir, i);

	for (size_t j = 0; dc && j < dc->n; j++)
		strv_push_unique(&contacts, dc->v[j]);
	store_sdo_contacts(ctx->st, sdo_name(ctx->dir, i), &contacts);
	if (json) {
		struct buf b = {0};
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
		buf_free(&b);
	} else {
		printf("%s", sdo_name(ctx->dir, i));
		for (size_t j = 0; j < contacts.n; j++)
			printf("%s%s", j ? ", " : "  <", contacts.v[j]);
		printf("%s\n", contacts.n ? ">" : "");
	}
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
	struct sdo_ctx c = {ctx->dir, 0};
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
	if (unknown)
		return store_sdo_seen(ctx->st, unknown_one, &c) == 0 ? 0 : 1;
	for (size_t i = 0; i < sdo_count(ctx->dir); i++)
		known_one(ctx, i, c.json);
	return 0;
}

/* sdo contact add SDO EMAIL */
static int
contact_add(struct ctl_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {CTL_OPT_HELP, CTL_OPT_END};
	const char *name;
	char *addr = NULL, *err = NULL;
	int o, rc;

	optind = 0;
	if ((o = ctl_getopt(argc, argv, "h", opts, ctl_sdo_usage)) != -1) /* only --help */
		return ctl_opt_status(o);
	if ((rc = ctl_operands(argc, argv, 2, 2, ctl_sdo_usage)) != 0)
		return rc;
	if (!(name = sdo_canonical(ctx->dir, argv[optind]))) {
		fprintf(stderr,
		    "liaisonctl: %s is not in the directory of standards bodies (see: liaisonctl sdo list)\n",
		    argv[optind]);
		return 1;
	}
	if (!(addr = address_only(argv[optind + 1]))) {
		fprintf(stderr, "liaisonctl: %s is not an e-mail address\n", argv[optind + 1]);
		return 2;
	}
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

/* One contact line: "directory" from the directory of standards bodies, "added" by sdo contact add. */
static void
contact_one(const char *sdo, const char *email, const char *from, int json)
{
	if (json) {
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
	} else
		printf("%-24s %-40s %s\n", sdo, email, from);
}

/* The body i's contacts. 0 ok, -1 a store error (reported). */
static int
contacts_of(struct ctl_ctx *ctx, size_t i, int json)
{
	const struct strv *dc = sdo_contacts(ctx->dir, i);
	struct strv added = {0};
	int rc = -1;

	for (size_t j = 0; dc && j < dc->n; j++)
		contact_one(sdo_name(ctx->dir, i), dc->v[j], "directory", json);
	if (store_sdo_contacts(ctx->st, sdo_name(ctx->dir, i), &added) != 0) {
		fprintf(stderr, "liaisonctl: %s\n", store_errmsg(ctx->st));
		goto out;
	}
	for (size_t j = 0; j < added.n; j++)
		contact_one(sdo_name(ctx->dir, i), added.v[j], "added", json);
	rc = 0;
out:
	strv_free(&added);
	return rc;
}

/* sdo contact list [--json] [SDO] */
static int
contact_list(struct ctl_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {{"json", no_argument, NULL, 'j'}, CTL_OPT_HELP, CTL_OPT_END};
	size_t first = 0, end = sdo_count(ctx->dir);
	long one;
	int o, json = 0, rc;

	for (optind = 0; (o = ctl_getopt(argc, argv, "h", opts, ctl_sdo_usage)) != -1;) {
		switch (o) {
		case 'j': json = 1; break;
		default: return ctl_opt_status(o);
		}
	}
	if ((rc = ctl_operands(argc, argv, 0, 1, ctl_sdo_usage)) != 0)
		return rc;
	if (optind < argc && (one = sdo_find(ctx->dir, argv[optind])) < 0) {
		fprintf(stderr,
		    "liaisonctl: %s is not in the directory of standards bodies (see: liaisonctl sdo list)\n",
		    argv[optind]);
		return 1;
	}
	if (optind < argc) {
		first = (size_t)one;
		end = first + 1;
	}
	if (!ctl_store(ctx))
		return 1;
	for (size_t i = first; i < end; i++)
		if (contacts_of(ctx, i, json) != 0)
			return 1;
	return 0;
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
	if ((rc = ctl_operands(argc, argv, 2, 2, ctl_sdo_usage)) != 0)
		return rc;
	if ((i = sdo_find(ctx->dir, argv[optind])) < 0) {
		fprintf(stderr,
		    "liaisonctl: %s is not in the directory of standards bodies (see: liaisonctl sdo list)\n",
		    argv[optind]);
		return 1;
	}
	if (!(addr = address_only(argv[optind + 1]))) {
		fprintf(stderr, "liaisonctl: %s is not an e-mail address\n", argv[optind + 1]);
		return 2;
	}
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
