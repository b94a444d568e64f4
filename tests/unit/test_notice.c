/* test_notice.c: the notices' rules: who is acknowledged, which reminder is due, when the digest is, what it holds. */
/* SPDX-License-Identifier: Apache-2.0 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "ack.h"
#include "digest.h"
#include "message.h"
#include "remind.h"
#include "tzclock.h"

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

static const long levels[] = {14, 7, 1};
static const long levels_unsorted[] = {1, 14, 7};

static const struct {
	long left;
	long long reminded;
	long want;
} level_cases[] = {
    {40, -1, -1}, /* further off than every level */
    {15, -1, -1},
    {14, -1, 14},
    {10, -1, 14},
    {10, 14, -1}, /* not twice on one level */
    {7, 14, 7},
    {5, 7, -1},
    {2, -1, 7}, /* missed days: the nearest level, not a burst of all */
    {2, 14, 7},
    {1, 7, 1},
    {0, 7, 1},
    {0, 1, -1},
    {1, 1, -1},
    {-1, -1, -1}, /* past the deadline */
    {-30, 7, -1},
};

static void
test_remind_level_due(void **state)
{
	(void)state;
	for (size_t i = 0; i < N(level_cases); i++) {
		long got = remind_level_due(levels, N(levels), level_cases[i].left, level_cases[i].reminded);
		long got2 = remind_level_due(levels_unsorted, N(levels), level_cases[i].left, level_cases[i].reminded);
		if (got != level_cases[i].want || got2 != level_cases[i].want)
			fail_msg("%ld days left, reminded %lld: level %ld (unsorted %ld), want %ld",
			    level_cases[i].left, level_cases[i].reminded, got, got2, level_cases[i].want);
	}
	assert_int_equal(remind_level_due(levels, 0, 3, -1), -1); /* no levels configured */
}

/* Polls on some days only, as a daemon that was down: each level at most once, never after the deadline. */
static void
test_remind_polls(void **state)
{
	static const struct {
		long days[8];
		size_t n;
		long sent[4];
		size_t nsent;
	} runs[] = {
	    {{30, 20, 14, 13, 7, 6, 1, 0}, 8, {14, 7, 1}, 3},
	    {{30, 3, 2, 1, 0, -1}, 6, {7, 1}, 2},
	    {{20, 0, -1}, 3, {1}, 1},
	    {{-1, -2}, 2, {0}, 0},
	};

	(void)state;
	for (size_t r = 0; r < N(runs); r++) {
		long long reminded = -1;
		size_t nsent = 0;
		for (size_t i = 0; i < runs[r].n; i++) {
			long level = remind_level_due(levels, N(levels), runs[r].days[i], reminded);
			if (level < 0)
				continue;
			if (nsent >= runs[r].nsent || level != runs[r].sent[nsent])
				fail_msg("run %zu: unexpected reminder at level %ld, %ld days before", r, level,
				    runs[r].days[i]);
			nsent++;
			reminded = level;
		}
		if (nsent != runs[r].nsent)
			fail_msg("run %zu: %zu reminders, want %zu", r, nsent, runs[r].nsent);
	}
}

static const struct {
	const char *direction, *state, *deadline, *today;
	long long reminded;
	long want;
} due_cases[] = {
    {"outgoing", "open", "2026-03-15", "2026-03-05", -1, 14}, {"outgoing", "open", "2026-03-15", "2026-03-10", 14, 7},
    {"outgoing", "open", "2026-03-15", "2026-03-16", -1, -1}, {"outgoing", "open", "2026-03-15", "2026-03-15", 7, 1},
    {"incoming", "open", "2026-03-15", "2026-03-05", -1, -1}, /* somebody else's statement */
    {"outgoing", "answered", "2026-03-15", "2026-03-05", -1, -1},
    {"outgoing", "closed", "2026-03-15", "2026-03-05", -1, -1},
    {"outgoing", "open", NULL, "2026-03-05", -1, -1}, /* no date, no reminder */
};

static void
test_remind_due(void **state)
{
	(void)state;
	assert_int_equal(remind_days_left("2026-03-05", "2026-03-15"), 10);
	assert_int_equal(remind_days_left("2026-03-15", "2026-03-15"), 0);
	assert_int_equal(remind_days_left("2026-03-20", "2026-03-15"), -5);
	assert_int_equal(remind_days_left("2026-02-28", "2026-03-01"), 1);
	assert_int_equal(remind_days_left("2026-03-05", "soon"), 0);
	for (size_t i = 0; i < N(due_cases); i++) {
		struct remind_obl o = {
		    due_cases[i].direction, due_cases[i].state, due_cases[i].deadline, due_cases[i].reminded};
		long got = remind_due(levels, N(levels), &o, due_cases[i].today);
		if (got != due_cases[i].want)
			fail_msg("case %zu: level %ld, want %ld", i, got, due_cases[i].want);
	}
}

static void
test_remind_rcpt_and_text(void **state)
{
	struct strv contacts = {0}, to = {0};
	struct remind_letter l = {remind_ref(NULL), NULL, "W3C", "2026-03-15", SECRETARIAT};
	struct buf subj = {0}, body = {0};

	(void)state;
	strv_push(&contacts, "SC 29 Liaison <sc29@example.org>");
	strv_push(&contacts, "sc29@example.org");
	strv_push(&contacts, "not an address");
	strv_push(&contacts, "W3C@Example.org");
	strv_push(&contacts, "w3c@example.org");
	remind_rcpt(&contacts, &to);
	assert_int_equal(to.n, 2);
	assert_string_equal(to.v[0], "sc29@example.org");
	assert_string_equal(to.v[1], "w3c@example.org");
	assert_string_equal(remind_ref("JCA-MV-LS1"), "JCA-MV-LS1");
	remind_text(&l, &subj, &body);
	assert_string_equal(buf_str(&subj), "Reminder: our liaison statement - reply due 2026-03-15");
	assert_string_equal(buf_str(&body),
	    "Dear colleagues of W3C,\n\nThe JCA-MV asked your group to act on our liaison statement\n\"\"\n"
	    "by 2026-03-15.\n\nWe have not yet received your reply. If you have sent it, please disregard this "
	    "reminder;\notherwise we would be grateful to receive it by the deadline, at tsbjcamv@itu.int.\n\n"
	    "JCA-MV Secretariat\n");
	strv_free(&contacts);
	strv_free(&to);
	buf_free(&subj);
	buf_free(&body);
}

static const struct {
	const char *hhmm, *tz, *now;
	int want;
} due_at[] = {
    {"06:00", "UTC", "2026-03-10T05:59:00Z", 0},
    {"06:00", "UTC", "2026-03-10T06:00:00Z", 1},
    {"06:00", "UTC", "2026-03-10T23:59:00Z", 1},
    {"06:00", NULL, "2026-03-10T05:59:00Z", 0}, /* no zone: UTC */
    {"06:00", "", "2026-03-10T06:00:00Z", 1},
    {"06:00", "Europe/Zurich", "2026-01-10T04:59:00Z", 0}, /* CET, UTC+1 */
    {"06:00", "Europe/Zurich", "2026-01-10T05:00:00Z", 1},
    {"06:00", "Europe/Zurich", "2026-07-10T03:59:00Z", 0}, /* CEST, UTC+2 */
    {"06:00", "Europe/Zurich", "2026-07-10T04:00:00Z", 1},
    {"06:30", "America/New_York", "2026-03-10T10:29:00Z", 0}, /* EDT, UTC-4 */
    {"06:30", "America/New_York", "2026-03-10T10:30:00Z", 1},
    {"06:30", "America/New_York", "2026-03-11T03:00:00Z", 1}, /* still the 10th there, evening */
    {"06:00", "Asia/Tokyo", "2026-03-10T20:00:00Z", 0},       /* 05:00 on the 11th */
    {"06:00", "Asia/Tokyo", "2026-03-10T21:00:00Z", 1},
    {"00:00", "UTC", "2026-03-10T00:00:00Z", 1},
    {"23:59", "UTC", "2026-03-10T23:58:59Z", 0},
    {"6:00", "UTC", "2026-03-10T12:00:00Z", 0}, /* not HH:MM */
    {"24:00", "UTC", "2026-03-10T12:00:00Z", 0},
    {"06:60", "UTC", "2026-03-10T12:00:00Z", 0},
    {"0600", "UTC", "2026-03-10T12:00:00Z", 0},
    {"06:00:00", "UTC", "2026-03-10T12:00:00Z", 0},
    {NULL, "UTC", "2026-03-10T12:00:00Z", 0},
};

static void
test_digest_due(void **state)
{
	char day[11];

	(void)state;
	setenv("TZ", "Australia/Sydney", 1);
	for (size_t i = 0; i < N(due_at); i++)
		if (digest_due(due_at[i].hhmm, due_at[i].tz, epoch(due_at[i].now)) != due_at[i].want)
			fail_msg("%s in %s at %s: want %d", due_at[i].hhmm ? due_at[i].hhmm : "(null)",
			    due_at[i].tz ? due_at[i].tz : "(null)", due_at[i].now, due_at[i].want);
	/* The process's own zone is left as it was. */
	assert_string_equal(getenv("TZ"), "Australia/Sydney");
	unsetenv("TZ");
	tz_local_date("Europe/Zurich", epoch("2026-03-10T23:30:00Z"), day);
	assert_string_equal(day, "2026-03-11");
	assert_null(getenv("TZ"));
	tz_local_date("UTC", epoch("2026-03-10T23:30:00Z"), day);
	assert_string_equal(day, "2026-03-10");
	tz_local_date("America/New_York", epoch("2026-03-11T03:00:00Z"), day);
	assert_string_equal(day, "2026-03-10");
}

#define DIGEST_END "Details: liaisonctl list, liaisonctl deadlines, liaisonctl roadmap changes --since YESTERDAY\n"

static void
test_digest_empty(void **state)
{
	struct digest d = {0};
	char *text;

	(void)state;
	digest_begin(&d, "Europe/Zurich", epoch("2026-03-10T23:30:00Z"));
	assert_string_equal(d.today, "2026-03-11");
	assert_string_equal(d.soon, "2026-04-10");
	assert_true(d.since == epoch("2026-03-09T23:30:00Z"));
	/* The roadmap's changes could not be read: the section is left out, not shown as 0. */
	text = digest_render(&d);
	assert_string_equal(text,
	    "JCA-MV secretariat digest for 2026-03-11\n\nFiled in the last 24 hours: 0\n\n"
	    "Open deadlines due by 2026-04-10: 0\n\nRoadmap inputs with flagged rows: 0\n\n" DIGEST_END);
	free(text);
	digest_begin(&d, "UTC", epoch("2026-03-10T07:00:00Z"));
	digest_add_change(&d, NULL);
	text = digest_render(&d);
	assert_non_null(strstr(text,
	    "Open deadlines due by 2026-04-09: 0\n\n"
	    "Roadmap entries new or changed in the last 24 hours: 0\n\n"
	    "Roadmap inputs with flagged rows: 0\n\n"));
	free(text);
}

static const struct digest_filed filed[] = {
    {1, "liaison", "incoming", "SG21-LS82", "SG21-LS82: LS on identity", "[]"},
    {2, "other", "incoming", NULL, "Logistics", NULL},
    {3, "roadmap_input", "incoming", NULL, "SC 24 input", "[\"roadmap row 3: unknown status \\\"Draft\\\"\"]"},
    {4, "liaison", "outgoing", "JCA-MV-LS1", "JCA-MV-LS1: nomination", "[\"no deadline\"]"},
};

/* In the store's order: by deadline, then statement. */
static const struct digest_obl obls[] = {
    {7, "2023-06-30", "FG-MV-LS1", "3GPP SA1", "action"}, {7, "2023-06-30", "FG-MV-LS1", "W3C", "comment"},
    {9, "2026-03-10", NULL, "IEEE SA", "action"}, /* due today: not yet overdue */
    {5, "2026-03-15", "JCA-MV-LS1", "ISO/IEC JTC 1/SC 29", "action"}, {5, "2026-03-15", "JCA-MV-LS1", "W3C", "action"},
    {8, "2026-03-15", "SG20-LS45", "ITU-T TSAG", "comment"},          /* same day, another statement */
    {5, "2026-03-20", "JCA-MV-LS1", "IETF", "action"},                /* same statement, another day */
    {6, "2026-04-09", "ISO/TC 307 N 1234", "ITU-T JCA-MV", "action"}, /* the last day listed */
    {6, "2026-04-10", "ISO/TC 307 N 1234", "IEC TC 100", "action"},   /* a day too far */
    {6, NULL, "ISO/TC 307 N 1234", "IEC TC 57", "action"},            /* no date */
};

static const struct digest_change changes[] = {
    {1, 0, "ITU-T SG21", "H.MV-MAMA", "Multimedia aspects", "", "Draft"},
    {0, 1, "3GPP SA1", "TS 22.156", "Mobile Metaverse Services", "Draft", "Approved"},
    {0, 0, "ISO/IEC JTC 1/SC 24", "", "Spatial Reference Model", "Published", "Published"},
};

static void
test_digest_content(void **state)
{
	struct digest d = {0};
	char *text;

	(void)state;
	digest_begin(&d, "UTC", epoch("2026-03-10T07:00:00Z"));
	for (size_t i = 0; i < N(filed); i++)
		digest_add_filed(&d, &filed[i]);
	for (size_t i = 0; i < N(obls); i++)
		digest_add_obligation(&d, &obls[i]);
	digest_add_change(&d, NULL);
	for (size_t i = 0; i < N(changes); i++)
		digest_add_change(&d, &changes[i]);
	text = digest_render(&d);
	assert_string_equal(text,
	    "JCA-MV secretariat digest for 2026-03-10\n\n"
	    "Filed in the last 24 hours: 4\n"
	    "  - [liaison, incoming] SG21-LS82: SG21-LS82: LS on identity\n"
	    "  - [other, incoming] Logistics\n"
	    "  - [roadmap_input, incoming] SC 24 input\n"
	    "  - [liaison, outgoing] JCA-MV-LS1: JCA-MV-LS1: nomination\n\n"
	    "Open deadlines due by 2026-04-09: 8\n"
	    "  - 2023-06-30 FG-MV-LS1 (OVERDUE): 3GPP SA1, W3C (comment)\n"
	    "  - 2026-03-10 LS: IEEE SA\n"
	    "  - 2026-03-15 JCA-MV-LS1: ISO/IEC JTC 1/SC 29, W3C\n"
	    "  - 2026-03-15 SG20-LS45: ITU-T TSAG (comment)\n"
	    "  - 2026-03-20 JCA-MV-LS1: IETF\n"
	    "  - 2026-04-09 ISO/TC 307 N 1234: ITU-T JCA-MV\n\n"
	    "Roadmap entries new or changed in the last 24 hours: 3\n"
	    "  - new ITU-T SG21 H.MV-MAMA: Multimedia aspects\n"
	    "  - changed 3GPP SA1 TS 22.156: Mobile Metaverse Services (status: Draft -> Approved)\n"
	    "  - changed ISO/IEC JTC 1/SC 24 : Spatial Reference Model\n\n"
	    "Roadmap inputs with flagged rows: 1\n"
	    "  - document 3 (SC 24 input): [\"roadmap row 3: unknown status \\\"Draft\\\"\"]\n\n" DIGEST_END);
	free(text);
}

/* A claim to be the secretariat's own that nothing vouches for is listed apart; the section only when there is one. */
static void
test_digest_unverified(void **state)
{
	static const struct digest_filed forged = {
	    9, "liaison", "outgoing", "JCA-MV-LS9", "JCA-MV-LS9: urgent", "[\"unverified-sender: From: …\"]"};
	struct digest d = {0};
	char *text;

	(void)state;
	digest_begin(&d, "UTC", epoch("2026-03-10T07:00:00Z"));
	digest_add_filed(&d, &filed[0]);
	text = digest_render(&d);
	assert_null(strstr(text, "Unverified"));
	free(text);
	digest_begin(&d, "UTC", epoch("2026-03-10T07:00:00Z"));
	digest_add_filed(&d, &forged);
	text = digest_render(&d);
	assert_non_null(strstr(text,
	    "Roadmap inputs with flagged rows: 0\n\n"
	    "Unverified mail from the secretariat's address: 1\n"
	    "  - document 9 (JCA-MV-LS9: urgent)\n\n" DIGEST_END));
	free(text);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_ack_decide),
	    cmocka_unit_test(test_digest_unverified),
	    cmocka_unit_test(test_ack_text_liaison),
	    cmocka_unit_test(test_ack_text_roadmap),
	    cmocka_unit_test(test_ack_text_trimmed),
	    cmocka_unit_test(test_remind_level_due),
	    cmocka_unit_test(test_remind_polls),
	    cmocka_unit_test(test_remind_due),
	    cmocka_unit_test(test_remind_rcpt_and_text),
	    cmocka_unit_test(test_digest_due),
	    cmocka_unit_test(test_digest_empty),
	    cmocka_unit_test(test_digest_content),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
