/* test_answer.c: whether a document answers a statement (rules/answer.c): numbers, sub-groups, windows, trust. */
/* SPDX-License-Identifier: Apache-2.0 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "answer.h"

#define N(a) (sizeof(a) / sizeof(*(a)))

static long long
epoch(const char *iso)
{
	long long t = 0;

	if (iso8601_parse(iso, &t) != 0)
		fail_msg("bad test time %s", iso);
	return t;
}

static void
test_ref_key(void **state)
{
	static const struct {
		const char *ref, *key; /* key NULL: not looked for */
	} cases[] = {
	    {"SG21-LS82", "SG21LS82"},
	    {"sg21 ls 82", "SG21LS82"},
	    {"JCA-MV-LS1", "JCAMVLS1"},
	    {"ISO/IEC JTC 1/SC 24 N 1234", "ISOIECJTC1SC24N1234"},
	    {"S1-231234", "S1231234"},
	    {"LS", NULL},      /* no digit */
	    {"A1", NULL},      /* too short */
	    {"Liaison", NULL}, /* a word */
	    {"", NULL},
	    {NULL, NULL},
	};

	(void)state;
	for (size_t i = 0; i < N(cases); i++) {
		char *k = answer_ref_key(cases[i].ref);
		if (!cases[i].key != !k || (k && strcmp(k, cases[i].key) != 0))
			fail_msg("answer_ref_key(%s) = %s, want %s", cases[i].ref ? cases[i].ref : "NULL",
			    k ? k : "NULL", cases[i].key ? cases[i].key : "NULL");
		free(k);
	}
}

static void
test_names_ref(void **state)
{
	static const struct {
		const char *text, *ref;
		int want;
	} cases[] = {
	    {"Re: JCA-MV-LS1 on the roadmap", "JCA-MV-LS1", 1},
	    {"in reply to jca-mv-ls1.", "JCA-MV-LS1", 1},
	    {"in reply to JCA-MV LS 1, thank you", "JCA-MV-LS1", 1},
	    {"(JCA-MV-LS1)", "JCA-MV-LS1", 1},
	    {"JCA-MV-LS1", "JCA-MV-LS1", 1},
	    {"see JCA-MV-LS12", "JCA-MV-LS1", 0}, /* a longer number */
	    {"see XJCA-MV-LS1", "JCA-MV-LS1", 0}, /* inside a word */
	    {"see JCA-MV-LS1a", "JCA-MV-LS1", 0}, /* followed by a letter */
	    {"JCA-MV----LS1", "JCA-MV-LS1", 0},   /* too many separators */
	    {"nothing here", "JCA-MV-LS1", 0},
	    {"SG21 LS82 and more", "SG21-LS82", 1},
	    {"sg21-ls82", "SG21-LS82", 1},
	    {"", "SG21-LS82", 0},
	    {"A1 is everywhere", "A1", 0}, /* too vague to look for */
	    {"the first TD001 and TD0012", "TD0012", 1},
	};

	(void)state;
	for (size_t i = 0; i < N(cases); i++)
		if (answer_names_ref(cases[i].text, cases[i].ref) != cases[i].want)
			fail_msg("answer_names_ref(\"%s\", %s) != %d", cases[i].text, cases[i].ref, cases[i].want);
	assert_int_equal(answer_names_ref(NULL, "SG21-LS82"), 0);
	assert_int_equal(answer_names_ref("SG21-LS82", NULL), 0);
}

static int
has(const struct strv *sv, const char *s)
{
	return strv_contains(sv, s);
}

static void
test_bodies(void **state)
{
	const struct sdo_dir *d = sdo_dir_builtin();
	struct strv b = {0};

	(void)state;
	/* A working group of SC 24 the directory does not know speaks for SC 24 and JTC 1. */
	answer_bodies(d, "ISO/IEC JTC 1/SC 24/WG 9", &b);
	assert_true(has(&b, "ISO/IEC JTC 1/SC 24/WG 9"));
	assert_true(has(&b, "ISO/IEC JTC 1/SC 24"));
	assert_true(has(&b, "ISO/IEC JTC 1"));
	assert_false(has(&b, "ISO"));
	strv_free(&b);
	/* Written another way: canonical first. */
	answer_bodies(d, "JTC 1/SC 24/WG 9", &b);
	assert_true(has(&b, "ISO/IEC JTC 1/SC 24"));
	strv_free(&b);
	/* 3GPP SA WG1 (an alias of 3GPP SA1) answers for 3GPP TSG SA, and 3GPP. */
	answer_bodies(d, "3GPP SA WG1", &b);
	assert_string_equal(b.v[0], "3GPP SA1");
	assert_true(has(&b, "3GPP TSG SA"));
	assert_true(has(&b, "3GPP"));
	assert_false(has(&b, "3GPP TSG RAN"));
	strv_free(&b);
	answer_bodies(d, "ETSI ISG ARF", &b);
	assert_true(has(&b, "ETSI"));
	strv_free(&b);
	/* A body is not part of its sibling nor of its own sub-group. */
	answer_bodies(d, "ISO/IEC JTC 1/SC 29", &b);
	assert_false(has(&b, "ISO/IEC JTC 1/SC 24"));
	strv_free(&b);
	answer_bodies(d, "3GPP TSG SA", &b);
	assert_false(has(&b, "3GPP SA1"));
	assert_true(has(&b, "3GPP"));
	strv_free(&b);
	answer_bodies(d, "ITU-T SG21", &b);
	assert_int_equal(b.n, 1);
	strv_free(&b);
	answer_bodies(d, NULL, &b);
	answer_bodies(NULL, "", &b);
	assert_int_equal(b.n, 0);
}

static void
test_decide(void **state)
{
	struct answer_stmt s = {
	    "JCA-MV-LS1", "<jcamv-ls1.20251107@itu.int>", epoch("2025-11-07T09:00:00Z"), "2026-03-15"};
	struct strv refs = {0}, replies = {0};
	const char *texts[2] = {"Re: your liaison", "We thank you for JCA-MV-LS1 and reply."};
	struct answer_doc d = {0, epoch("2026-01-10T09:00:00Z"), NULL, &refs, &replies, texts, 2, 1};

	(void)state;
	/* Named in the body, from the body itself: answered. */
	assert_int_equal(answer_decide(&s, &d), ANSWER_AUTO);
	/* The same from an address nobody registered: a claim. */
	d.trusted = 0;
	assert_int_equal(answer_decide(&s, &d), ANSWER_CLAIMED);
	d.trusted = 1;
	/* Not named anywhere, not in the thread, not a roadmap input: no answer. */
	texts[1] = "Unrelated news about JCA-MV-LS12.";
	assert_int_equal(answer_decide(&s, &d), ANSWER_NONE);
	/* Its reply-to field names it (written another way). */
	strv_push(&replies, "JCA-MV LS 1");
	assert_int_equal(answer_decide(&s, &d), ANSWER_AUTO);
	strv_free(&replies);
	/* In-Reply-To, or References. */
	d.in_reply_to = "<jcamv-ls1.20251107@itu.int>";
	assert_int_equal(answer_decide(&s, &d), ANSWER_AUTO);
	d.in_reply_to = "<other@itu.int>";
	assert_int_equal(answer_decide(&s, &d), ANSWER_NONE);
	strv_push(&refs, "<a@b>");
	strv_push(&refs, "<jcamv-ls1.20251107@itu.int>");
	assert_int_equal(answer_decide(&s, &d), ANSWER_AUTO);
	strv_free(&refs);
	/* A roadmap input between the statement and the end of its deadline's day, thread or not. */
	d.roadmap = 1;
	assert_int_equal(answer_decide(&s, &d), ANSWER_AUTO);
	d.date = epoch("2026-03-15T23:00:00Z");
	assert_int_equal(answer_decide(&s, &d), ANSWER_AUTO);
	d.date = epoch("2026-03-16T00:00:01Z"); /* after the deadline */
	assert_int_equal(answer_decide(&s, &d), ANSWER_NONE);
	d.date = epoch("2025-11-06T09:00:00Z"); /* before the statement */
	assert_int_equal(answer_decide(&s, &d), ANSWER_NONE);
	d.date = 0; /* undated */
	assert_int_equal(answer_decide(&s, &d), ANSWER_NONE);
	d.date = epoch("2026-01-10T09:00:00Z");
	s.deadline = NULL; /* no deadline: no window */
	assert_int_equal(answer_decide(&s, &d), ANSWER_NONE);
	d.trusted = 0;
	s.deadline = "2026-03-15";
	assert_int_equal(answer_decide(&s, &d), ANSWER_CLAIMED);
	/* A statement without number nor Message-ID is answered only by a roadmap input in its window. */
	s.ref = NULL;
	s.message_id = NULL;
	d.roadmap = 0;
	texts[1] = "JCA-MV-LS1";
	assert_int_equal(answer_decide(&s, &d), ANSWER_NONE);
	assert_string_equal(answer_how_name(ANSWER_AUTO), "auto");
	assert_string_equal(answer_how_name(ANSWER_CLAIMED), "claimed");
	assert_string_equal(answer_how_name(ANSWER_NONE), "none");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_ref_key),
	    cmocka_unit_test(test_names_ref),
	    cmocka_unit_test(test_bodies),
	    cmocka_unit_test(test_decide),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
