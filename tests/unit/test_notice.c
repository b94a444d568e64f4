/* test_notice.c: the acknowledgement's rules: who is acknowledged and what it says (test_loop.c: reminders, digest). */
/* SPDX-License-Identifier: Apache-2.0 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "ack.h"
#include "message.h"

#define N(a) (sizeof(a) / sizeof(*(a)))
#define SECRETARIAT "tsbjcamv@itu.int"

static int
group_setup(void **state)
{
	(void)state;
	msg_library_init(); /* address_only() parses with GMime */
	return 0;
}

static int
group_teardown(void **state)
{
	(void)state;
	msg_library_shutdown();
	return 0;
}

static long long
epoch(const char *iso)
{
	long long t = 0;

	if (iso8601_parse(iso, &t) != 0)
		fail_msg("bad test time %s", iso);
	return t;
}

static const struct {
	const char *what;
	int send_acks, outgoing, machine;
	enum doc_kind kind;
	const char *return_path, *from;
	enum ack_verdict want;
	const char *rcpt;
} ack_cases[] = {
    {"a liaison statement", 1, 0, 0, KIND_LIAISON, NULL, "rapporteur@sdo.example", ACK_SEND, "rapporteur@sdo.example"},
    {"a roadmap input", 1, 0, 0, KIND_ROADMAP, "<x@y.example>", "Editor@SDO.example", ACK_SEND, "editor@sdo.example"},
    {"a display name is dropped", 1, 0, 0, KIND_LIAISON, NULL, "Ann Editor <ann@sdo.example>", ACK_SEND,
        "ann@sdo.example"},
    {"answered at From:, not at Return-Path:", 1, 0, 0, KIND_LIAISON, "bounces@list.example", "ann@sdo.example",
        ACK_SEND, "ann@sdo.example"},
    {"acks switched off", 0, 0, 0, KIND_LIAISON, NULL, "ann@sdo.example", ACK_OFF, NULL},
    {"other correspondence", 1, 0, 0, KIND_OTHER, NULL, "ann@sdo.example", ACK_KIND, NULL},
    {"an auto-reply", 1, 0, 0, KIND_AUTO_REPLY, NULL, "ann@sdo.example", ACK_KIND, NULL},
    {"a bounce", 1, 0, 0, KIND_BOUNCE, NULL, "mailer-daemon@itu.int", ACK_KIND, NULL},
    {"our own statement", 1, 1, 0, KIND_LIAISON, NULL, "ann@sdo.example", ACK_OUTGOING, NULL},
    {"machine mail", 1, 0, 1, KIND_LIAISON, NULL, "ann@sdo.example", ACK_MACHINE, NULL},
    {"null Return-Path", 1, 0, 0, KIND_LIAISON, "", "ann@sdo.example", ACK_NULL_SENDER, NULL},
    {"no From: address", 1, 0, 0, KIND_LIAISON, NULL, "", ACK_NO_ADDRESS, NULL},
    {"no From: at all", 1, 0, 0, KIND_LIAISON, NULL, NULL, ACK_NO_ADDRESS, NULL},
    {"two mailboxes", 1, 0, 0, KIND_LIAISON, NULL, "a@x.example, b@x.example", ACK_NO_ADDRESS, NULL},
    {"ourselves", 1, 0, 0, KIND_LIAISON, NULL, SECRETARIAT, ACK_OURSELVES, NULL},
    {"ourselves, in capitals", 1, 0, 0, KIND_ROADMAP, NULL, "TSBJCAMV@ITU.INT", ACK_OURSELVES, NULL},
    {"noreply", 1, 0, 0, KIND_LIAISON, NULL, "noreply@sdo.example", ACK_ROBOT, NULL},
    {"NoReply-Bot", 1, 0, 0, KIND_LIAISON, NULL, "NoReply-Bot@sdo.example", ACK_ROBOT, NULL},
    {"no-reply", 1, 0, 0, KIND_LIAISON, NULL, "no-reply@sdo.example", ACK_ROBOT, NULL},
    {"owner-", 1, 0, 0, KIND_LIAISON, NULL, "owner-jcamv@lists.example", ACK_ROBOT, NULL},
    {"-request", 1, 0, 0, KIND_LIAISON, NULL, "jcamv-request@lists.example", ACK_ROBOT, NULL},
    {"reply is not noreply", 1, 0, 0, KIND_LIAISON, NULL, "reply@sdo.example", ACK_SEND, "reply@sdo.example"},
    {"-request in the middle", 1, 0, 0, KIND_LIAISON, NULL, "a-requests@sdo.example", ACK_SEND,
        "a-requests@sdo.example"},
};

static void
test_ack_decide(void **state)
{
	struct ack_policy p = {1, SECRETARIAT, 0, 0};

	(void)state;
	for (size_t i = 0; i < N(ack_cases); i++) {
		struct analysis a = {0};
		struct ack_sender s = {ack_cases[i].return_path, ack_cases[i].from, NULL, 0};
		char *rcpt = (char *)"unset";
		enum ack_verdict v;

		p.send_acks = ack_cases[i].send_acks;
		a.kind = ack_cases[i].kind;
		a.outgoing = ack_cases[i].outgoing;
		a.machine = ack_cases[i].machine;
		v = ack_decide(&p, &s, &a, &rcpt);
		if (v != ack_cases[i].want)
			fail_msg("%s: verdict %d, want %d", ack_cases[i].what, (int)v, (int)ack_cases[i].want);
		if (!ack_cases[i].rcpt != !rcpt || (rcpt && strcmp(rcpt, ack_cases[i].rcpt) != 0))
			fail_msg("%s: to %s, want %s", ack_cases[i].what, rcpt ? rcpt : "nobody",
			    ack_cases[i].rcpt ? ack_cases[i].rcpt : "nobody");
		free(rcpt);
	}
	/* A trusted Authentication-Results says the From: domain failed: forged, not answered. */
	{
		struct analysis a = {.kind = KIND_LIAISON, .auth_failed = 1};
		struct ack_sender s = {NULL, "ann@sdo.example", NULL, 0};
		char *rcpt = (char *)"unset";

		p.send_acks = 1;
		assert_int_equal(ack_decide(&p, &s, &a, &rcpt), ACK_AUTH_FAILED);
		assert_null(rcpt);
	}
	/* Reply-To: wins over From:, and is checked as From: would be. */
	{
		struct analysis a = {.kind = KIND_LIAISON};
		struct ack_sender s = {NULL, "ann@sdo.example", "Liaisons <liaisons@sdo.example>", 0};
		char *rcpt = NULL;

		assert_int_equal(ack_decide(&p, &s, &a, &rcpt), ACK_SEND);
		assert_string_equal(rcpt, "liaisons@sdo.example");
		free(rcpt);
		s.reply_to = "noreply@sdo.example";
		assert_int_equal(ack_decide(&p, &s, &a, &rcpt), ACK_ROBOT);
		assert_null(rcpt);
		s.reply_to = "";
		assert_int_equal(ack_decide(&p, &s, &a, &rcpt), ACK_SEND);
		assert_string_equal(rcpt, "ann@sdo.example");
		free(rcpt);
	}
	/* Mail older than secretariat.acknowledge_max_age days is filed, not acknowledged; undated mail is. */
	{
		struct analysis a = {.kind = KIND_ROADMAP};
		struct ack_sender s = {NULL, "ann@sdo.example", NULL, epoch("2026-01-01T00:00:00Z")};
		char *rcpt = NULL;

		p.max_age_days = 14;
		p.now = epoch("2026-01-15T00:00:00Z"); /* exactly 14 days: still acknowledged */
		assert_int_equal(ack_decide(&p, &s, &a, &rcpt), ACK_SEND);
		free(rcpt);
		p.now += 1;
		assert_int_equal(ack_decide(&p, &s, &a, &rcpt), ACK_OLD);
		assert_null(rcpt);
		s.date = 0;
		assert_int_equal(ack_decide(&p, &s, &a, &rcpt), ACK_SEND);
		free(rcpt);
		p.max_age_days = 0; /* 0: any age */
		s.date = epoch("2001-01-01T00:00:00Z");
		assert_int_equal(ack_decide(&p, &s, &a, &rcpt), ACK_SEND);
		free(rcpt);
	}
}

static char *
ack_body(const char *subject, long long date, const struct analysis *a, char **subj)
{
	struct buf s = {0}, b = {0};

	ack_text(subject, date, a, NULL, &s, &b);
	*subj = buf_steal(&s);
	return buf_steal(&b);
}

#define ACK_END "\nThis acknowledgement was sent automatically; there is no need to answer it.\n\nJCA-MV Secretariat\n"

static void
test_ack_text_liaison(void **state)
{
	struct ls ls = {0};
	struct analysis a = {0};
	struct ls_contact contacts[] = {{(char *)"Ann Editor", (char *)"ITU-T SG21", (char *)"ann@sdo.example"}};
	struct strv answers = {0};
	struct strv claims = {0};
	struct ack_filed fd = {"JCA-MV-Doc-007", &answers, &claims, "Jo Secretary <jo@itu.int>"};
	struct buf sb = {0}, bb = {0};
	char *subj, *body;

	(void)state;
	a.kind = KIND_LIAISON;
	a.ls = &ls;
	ls.ref = (char *)"SG21-LS82";
	ls.source = (char *)"ITU-T SG21";
	ls.title = (char *)"LS on identity";
	ls.deadline = (char *)"2026-04-01";
	body = ack_body("SG21-LS82: LS on identity", epoch("2026-01-12T23:30:00Z"), &a, &subj);
	assert_string_equal(subj, "Received: SG21-LS82: LS on identity");
	assert_string_equal(body,
	    "Dear colleague,\n\nThe JCA-MV secretariat has received your message "
	    "\"SG21-LS82: LS on identity\" of 2026-01-12.\n"
	    "It has been filed as liaison statement SG21-LS82 from ITU-T SG21.\n\nWhat was read:\n"
	    "  Number:          SG21-LS82\n  Source:          ITU-T SG21\n  Title:           LS on identity\n"
	    "  Deadline:        2026-04-01\n" ACK_END);
	free(subj);
	free(body);
	/* With its number, the bodies asked, the contacts read, the statement of ours it answers, whom to write to. */
	strv_push(&ls.for_action, "ITU-T SG20");
	strv_push(&ls.for_action, "ISO/IEC JTC 1/SC 24");
	strv_push(&ls.for_information, "ITU-T JCA-MV");
	ls.contacts = contacts;
	ls.ncontacts = 1;
	strv_push(&answers, "JCA-MV-LS1");
	strv_push(&claims, "JCA-MV-LS2");
	strv_push(&claims, "JCA-MV-LS3");
	ack_text("SG21-LS82", 0, &a, &fd, &sb, &bb);
	assert_string_equal(buf_str(&sb), "Received: SG21-LS82 [JCA-MV-Doc-007]");
	assert_string_equal(buf_str(&bb),
	    "Dear colleague,\n\nThe JCA-MV secretariat has received your message \"SG21-LS82\".\n"
	    "It has been filed as JCA-MV-Doc-007, liaison statement SG21-LS82 from ITU-T SG21.\n\nWhat was read:\n"
	    "  Number:          SG21-LS82\n  Source:          ITU-T SG21\n  Title:           LS on identity\n"
	    "  Deadline:        2026-04-01\n"
	    "  For action:      ITU-T SG20, ISO/IEC JTC 1/SC 24\n"
	    "  For information: ITU-T JCA-MV\n"
	    "  Contacts:        Ann Editor (ITU-T SG21) <ann@sdo.example>\n"
	    "\nIt answers our statement JCA-MV-LS1.\n"
	    "\nIt says it answers our statements JCA-MV-LS2, JCA-MV-LS3; as it does not come from an address "
	    "registered for the body, the secretariat will\nconfirm that before counting it as the answer.\n"
	    "\nPlease quote JCA-MV-Doc-007 when you write to us about it.\n"
	    "If anything above was misread, please write to Jo Secretary <jo@itu.int>.\n" ACK_END);
	buf_free(&sb);
	buf_free(&bb);
	strv_free(&ls.for_action);
	strv_free(&ls.for_information);
	strv_free(&answers);
	strv_free(&claims);
	ls.contacts = NULL;
	ls.ncontacts = 0;
	/* No number, no source, a deadline in words only; no subject, no date. */
	ls.ref = ls.source = ls.title = ls.deadline = NULL;
	ls.deadline_text = (char *)"before the next meeting";
	body = ack_body("", 0, &a, &subj);
	assert_string_equal(subj, "Received: ");
	assert_string_equal(body,
	    "Dear colleague,\n\nThe JCA-MV secretariat has received your message.\n"
	    "It has been filed as liaison statement (no number).\n\nWhat was read:\n  Number:          (none)\n"
	    "  Deadline:        before the next meeting\n                   (no calendar date read)\n" ACK_END);
	free(subj);
	free(body);
}

static void
test_ack_text_roadmap(void **state)
{
	static const size_t counts[] = {1, 2, 10, 51};
	struct analysis a = {0};
	char *subj, *body;

	(void)state;
	a.kind = KIND_ROADMAP;
	for (size_t k = 0; k < N(counts); k++) {
		a.rm.v = test_calloc(counts[k], sizeof(*a.rm.v));
		a.rm.n = counts[k];
		for (size_t i = 0; i < counts[k]; i++) {
			a.rm.v[i].f[RM_SDO] = (char *)"ISO/IEC JTC 1/SC 24";
			a.rm.v[i].f[RM_REF] = (char *)(i == 0 ? "ISO/IEC 18038" : "ISO/IEC 19775-1");
			a.rm.v[i].f[RM_TITLE] = (char *)"Sensors";
			a.rm.v[i].f[RM_TYPE] = (char *)"Standard";
			a.rm.v[i].f[RM_STATUS] = (char *)"Published";
			a.rm.v[i].f[RM_CATEGORY] = (char *)"Devices";
			a.rm.v[i].f[RM_SUMMARY] = (char *)"Read";
		}
		body = ack_body("SC 24 input", 0, &a, &subj);
		if (counts[k] == 1)
			assert_string_equal(body,
			    "Dear colleague,\n\nThe JCA-MV secretariat has received your message \"SC 24 input\".\n"
			    "It has been filed as input to the Metaverse Standardization Roadmap: 1 entry.\n\n"
			    "  body | reference | type | title | status | category | summary\n"
			    "  - ISO/IEC JTC 1/SC 24 | ISO/IEC 18038 | Standard | Sensors | Published | Devices | "
			    "Read\n" ACK_END);
		else if (counts[k] == 2)
			assert_non_null(strstr(body,
			    "Roadmap: 2 entries.\n\n  body | reference | type | title | status | category | summary\n"
			    "  - ISO/IEC JTC 1/SC 24 | ISO/IEC 18038 | Standard | Sensors | Published | Devices | "
			    "Read\n"
			    "  - ISO/IEC JTC 1/SC 24 | ISO/IEC 19775-1 | Standard | Sensors | Published | Devices | "
			    "Read\n\n"));
		else {
			size_t lines = 0;
			for (const char *p = body; (p = strstr(p, "\n  - ")) != NULL; p++)
				lines++;
			assert_non_null(
			    strstr(body, counts[k] == 10 ? "Roadmap: 10 entries.\n" : "Roadmap: 51 entries.\n"));
			assert_int_equal(lines, 10); /* the first ten rows, not all */
			if (counts[k] == 51)
				assert_non_null(strstr(body,
				    "\n  - ISO/IEC JTC 1/SC 24 | ISO/IEC 19775-1 | Standard | Sensors | Published | "
				    "Devices | "
				    "Read\n  and 41 more\n\n"));
			else
				assert_null(strstr(body, " more\n"));
		}
		free(subj);
		free(body);
		test_free(a.rm.v);
	}
}

/* What is echoed is cut: whoever forged a sender must not have us deliver their text (docs/trust.md). */
static void
test_ack_text_trimmed(void **state)
{
	struct ls ls = {0};
	struct analysis a = {0};
	struct rm_row row = {0};
	char *subj, *body, *long_subject, *long_title, *want;
	struct buf b = {0};

	(void)state;
	/* 300 characters of subject; a title of 199 ASCII then "é" (2 bytes) at the 200th, then more. */
	for (int i = 0; i < 300; i++)
		buf_adds(&b, i % 10 == 9 ? " " : "x");
	long_subject = buf_steal(&b);
	for (int i = 0; i < 199; i++)
		buf_adds(&b, "t");
	buf_adds(&b, "\xc3\xa9\xc3\xa9 and the rest of a very long text");
	long_title = buf_steal(&b);
	a.kind = KIND_LIAISON;
	a.ls = &ls;
	ls.title = long_title;
	body = ack_body(long_subject, 0, &a, &subj);
	want = xasprintf("Received: %.200s…", long_subject);
	assert_string_equal(subj, want);
	free(want);
	want = xasprintf("message \"%.200s…\".\n", long_subject);
	assert_non_null(strstr(body, want));
	free(want);
	want = xasprintf("Title:           %.201s…\n", long_title); /* 199 bytes and the two of "é": 200 characters */
	assert_non_null(strstr(body, want));
	free(want);
	free(subj);
	free(body);
	/* Exactly 200 characters: whole, no "…". */
	long_subject[200] = '\0';
	ls.title = NULL;
	body = ack_body(long_subject, 0, &a, &subj);
	want = xasprintf("Received: %s", long_subject);
	assert_string_equal(subj, want);
	assert_null(strstr(body, "…"));
	free(want);
	free(subj);
	free(body);
	/* A roadmap cell of 100 characters: 80 and "…". */
	a.kind = KIND_ROADMAP;
	a.ls = NULL;
	a.rm.v = &row;
	a.rm.n = 1;
	row.f[RM_SDO] = (char *)"ISO";
	row.f[RM_REF] = (char *)"ISO 1";
	row.f[RM_TITLE] = long_subject + 100;
	body = ack_body("x", 0, &a, &subj);
	want = xasprintf("  - ISO | ISO 1 | - | %.80s… | - | - | -\n", long_subject + 100);
	assert_non_null(strstr(body, want));
	free(want);
	free(subj);
	free(body);
	free(long_subject);
	free(long_title);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_ack_decide),
	    cmocka_unit_test(test_ack_text_liaison),
	    cmocka_unit_test(test_ack_text_roadmap),
	    cmocka_unit_test(test_ack_text_trimmed),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
