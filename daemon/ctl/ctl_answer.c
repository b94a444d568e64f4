/* ctl_answer.c: liaisonctl answer and unanswer: a person says a body has (or has not) answered a statement. */
/* SPDX-License-Identifier: Apache-2.0 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl.h"
#include "ctl_cli.h"
#include "sdo.h"
#include "store.h"
#include "util.h"

const char ctl_answer_usage[] =
    "answer REF SDO [--by ID] [--note TEXT]\tmark SDO's obligation on statement REF answered (by document ID)\n";
const char ctl_unanswer_usage[] = "unanswer REF SDO\topen SDO's obligation on statement REF again\n";

/* The document --by names (an id, a document number, a Message-ID or a statement's number): 0 ok, 1 not found. */
static int
by_document(struct ctl_ctx *ctx, const char *by, long long *id)
{
	struct doc_row r = {0};
	struct ls *ls = NULL;
	int found = store_find(ctx->st, by, &r, &ls, NULL);

	*id = found == 1 ? r.id : 0;
	doc_row_clear(&r);
	ls_free(ls);
	if (found == 1)
		return 0;
	fprintf(stderr, "liaisonctl: --by: no filed document %s\n", by);
	return 1;
}

static int
set(struct ctl_ctx *ctx, const char *ref, const char *sdo, int answered, const char *by, const char *note)
{
	const char *canon = sdo_canonical(ctx->dir, sdo);
	long long doc = 0;
	int rc;

	if (!ctl_store(ctx))
		return 1;
	if (by && by_document(ctx, by, &doc) != 0)
		return 1;
	rc = store_answer_set(ctx->st, ref, canon ? canon : sdo, answered, doc, note);
	if (rc < 0) {
		fprintf(stderr, "liaisonctl: %s\n", store_errmsg(ctx->st));
		return 1;
	}
	if (rc == 0) {
		fprintf(
		    stderr, "liaisonctl: no obligation of %s on a statement numbered %s\n", canon ? canon : sdo, ref);
		return 1;
	}
	printf("%s: %s's obligation is %s\n", ref, canon ? canon : sdo, answered ? "answered" : "open again");
	return 0;
}

int
ctl_answer(struct ctl_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"by", required_argument, NULL, 'b'},
	    {"note", required_argument, NULL, 'n'},
	    CTL_OPT_HELP,
	    CTL_OPT_END,
	};
	const char *by = NULL, *note = NULL;
	int o, rc;

	for (optind = 0; (o = ctl_getopt(argc, argv, "h", opts, ctl_answer_usage)) != -1;) {
		switch (o) {
		case 'b': by = optarg; break;
		case 'n': note = optarg; break;
		default: return ctl_opt_status(o);
		}
	}
	if ((rc = ctl_operands(argc, argv, 2, 2, ctl_answer_usage)) != 0)
		return rc;
	if (note && str_has_ctl(note)) {
		fprintf(stderr, "liaisonctl: --note: one line of text, without control characters\n");
		return 2;
	}
	return set(ctx, argv[optind], argv[optind + 1], 1, by, note);
}

int
ctl_unanswer(struct ctl_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {CTL_OPT_HELP, CTL_OPT_END};
	int o, rc;

	for (optind = 0; (o = ctl_getopt(argc, argv, "h", opts, ctl_unanswer_usage)) != -1;)
		return ctl_opt_status(o);
	if ((rc = ctl_operands(argc, argv, 2, 2, ctl_unanswer_usage)) != 0)
		return rc;
	return set(ctx, argv[optind], argv[optind + 1], 0, NULL, NULL);
}
