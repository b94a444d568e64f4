/* ctl_search.c: liaisonctl search: full-text search of the filed documents (SQLite FTS5), as a table or JSON Lines. */
/* SPDX-License-Identifier: Apache-2.0 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl.h"
#include "ctl_cli.h"
#include "ctl_table.h"
#include "store.h"

const char ctl_search_usage[] = "search [--json] [--limit N] WORDS...\tdocuments holding every word, best first\n";

static const struct ctl_col search_cols[] = {
    {"id", 0, CTL_COL_RIGHT},
    {"date", 0, 0},
    {"kind", 0, 0},
    {"ref", 24, 0},
    {"subject", 48, 0},
    {"snippet", 0, 0},
};

struct search_ctx {
	int json;
	struct ctl_table *t;
};

static int
hit_one(const struct search_hit *h, void *arg)
{
	struct search_ctx *c = arg;
	char date[21];

	iso8601_utc(h->date, date);
	if (c->json) {
		struct buf b = {0};
		buf_printf(&b, "{\"id\": %lld, \"message_id\": ", h->id);
		json_str(&b, h->message_id);
		buf_adds(&b, ", \"date\": ");
		json_str(&b, date);
		buf_adds(&b, ", \"kind\": ");
		json_str(&b, h->kind);
		buf_adds(&b, ", \"direction\": ");
		json_str(&b, h->direction);
		buf_adds(&b, ", \"ref\": ");
		json_str(&b, h->ref);
		buf_adds(&b, ", \"subject\": ");
		json_str(&b, h->subject);
		buf_adds(&b, ", \"snippet\": ");
		json_str(&b, h->snippet);
		buf_addc(&b, '}');
		printf("%s\n", buf_str(&b));
		buf_free(&b);
		return 0;
	}
	date[10] = '\0';
	ctl_table_addf(c->t, "%lld", h->id);
	ctl_table_add(c->t, date);
	ctl_table_add(c->t, h->kind);
	ctl_table_add(c->t, h->ref ? h->ref : "-");
	ctl_table_add(c->t, h->subject);
	ctl_table_add(c->t, h->snippet);
	return 0;
}

/* The operands as one text: the words to look for, whatever characters they hold. Owned. */
static char *
words(int argc, char **argv)
{
	struct buf b = {0};

	for (int i = optind; i < argc; i++) {
		if (b.len)
			buf_addc(&b, ' ');
		buf_adds(&b, argv[i]);
	}
	return buf_steal(&b);
}

int
ctl_search(struct ctl_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"json", no_argument, NULL, 'j'},
	    {"limit", required_argument, NULL, 'l'},
	    CTL_OPT_HELP,
	    CTL_OPT_END,
	};
	struct search_ctx c = {0, NULL};
	char *text = NULL;
	long limit = 50;
	int o, rc;

	for (optind = 0; (o = ctl_getopt(argc, argv, "h", opts, ctl_search_usage)) != -1;) {
		switch (o) {
		case 'j': c.json = 1; break;
		case 'l':
			if (parse_long(optarg, 0, 1000000L, &limit) != 0)
				return ctl_usage_error(ctl_search_usage, "--limit: expected a number (0: no limit)");
			break;
		default: return ctl_opt_status(o);
		}
	}
	if ((rc = ctl_operands(argc, argv, 1, -1, ctl_search_usage)) != 0)
		return rc;
	text = words(argc, argv);
	if (str_empty(text)) {
		free(text);
		return ctl_usage_error(ctl_search_usage, "%s", "nothing to search for");
	}
	rc = 1;
	if (!ctl_store(ctx))
		goto out;
	c.t = ctl_table_new(search_cols, sizeof(search_cols) / sizeof(*search_cols));
	if (store_search(ctx->st, text, limit, hit_one, &c) != 0)
		fprintf(stderr, "liaisonctl: %s\n", store_errmsg(ctx->st));
	else if (c.json || ctl_table_print(c.t, CTL_FORMAT_TEXT) == 0)
		rc = 0;
out:
	ctl_table_free(c.t);
	free(text);
	return rc;
}
