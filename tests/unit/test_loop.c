/* test_loop.c: the correspondence loop's rules: which reminder or overdue notice is due, its words, the digest. */
/* SPDX-License-Identifier: Apache-2.0 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

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
	int self;
} due_cases[] = {
    {"outgoing", "open", "2026-03-15", "2026-03-05", -1, 14, 0},
    {"outgoing", "open", "2026-03-15", "2026-03-10", 14, 7, 0},
    {"outgoing", "open", "2026-03-15", "2026-03-16", -1, -1, 0},
    {"outgoing", "open", "2026-03-15", "2026-03-15", 7, 1, 0},
    {"incoming", "open", "2026-03-15", "2026-03-05", -1, -1, 0}, /* somebody else's statement */
    {"outgoing", "answered", "2026-03-15", "2026-03-05", -1, -1, 0},
    {"outgoing", "closed", "2026-03-15", "2026-03-05", -1, -1, 0},
    {"outgoing", "open", NULL, "2026-03-05", -1, -1, 0}, /* no date, no reminder */
    /* a statement asking the JCA-MV itself: the secretariat is reminded on the same schedule */
    {"incoming", "open", "2026-03-15", "2026-03-05", -1, 14, 1},
    {"incoming", "open", "2026-03-15", "2026-03-10", 14, 7, 1},
    {"incoming", "answered", "2026-03-15", "2026-03-05", -1, -1, 1},
    {"outgoing", "open", "2026-03-15", "2026-03-05", -1, -1, 1}, /* our own statement naming us: nobody to chase */
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
		struct remind_obl o = {due_cases[i].direction, due_cases[i].state, due_cases[i].deadline,
		    due_cases[i].reminded, due_cases[i].self};
		long got = remind_due(levels, N(levels), &o, due_cases[i].today);
		if (got != due_cases[i].want)
			fail_msg("case %zu: level %ld, want %ld", i, got, due_cases[i].want);
	}
}

static void
test_remind_rcpt_and_text(void **state)
{
	struct strv contacts = {0}, to = {0};
	struct remind_letter l = {remind_ref(NULL), NULL, "W3C", "2026-03-15", SECRETARIAT, NULL, 0, NULL, 0};
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
	    "Dear colleagues of W3C,\n\nThe JCA-MV asked your group to act on our liaison statement\n"
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

/* Polls on some days after the deadline (every 7 days, at most 3): one notice per interval, never a burst. */
static void
test_remind_overdue(void **state)
{
	static const struct {
		long days[12];
		size_t n;
		long max;
		long sent[4]; /* the days past each notice went at */
		size_t nsent;
	} runs[] = {
	    {{0, 1, 2, 7, 8, 9, 15, 16, 22, 23, 30, 60}, 12, 3, {1, 8, 15}, 3}, /* a poll every day or so */
	    {{20, 21, 27, 28}, 4, 3, {20, 27}, 2},                              /* down for three weeks: one, then on */
	    {{1, 8, 15, 22}, 4, 1, {1}, 1}, {{1, 8, 15, 22}, 4, 0, {0}, 0},     /* overdue_max = 0: none */
	    {{-3, 0}, 2, 3, {0}, 0}, /* not before the day after the deadline */
	};

	(void)state;
	for (size_t r = 0; r < N(runs); r++) {
		long long sent = 0, last = -1;
		size_t nsent = 0;
		for (size_t i = 0; i < runs[r].n; i++) {
			long n = remind_overdue_due(7, runs[r].max, runs[r].days[i], sent, last);
			if (n < 0)
				continue;
			if (nsent >= runs[r].nsent || runs[r].sent[nsent] != runs[r].days[i] || n != (long)nsent + 1)
				fail_msg("run %zu: unexpected notice %ld at %ld days past", r, n, runs[r].days[i]);
			nsent++;
			sent = n;
			last = runs[r].days[i];
		}
		if (nsent != runs[r].nsent)
			fail_msg("run %zu: %zu notices, want %zu", r, nsent, runs[r].nsent);
	}
	/* Through an obligation: only those we chase. */
	struct remind_obl ours = {"outgoing", "open", "2026-03-15", 1, 0};
	struct remind_obl theirs = {"incoming", "open", "2026-03-15", -1, 0};
	struct remind_obl asked = {"incoming", "open", "2026-03-15", -1, 1};
	assert_int_equal(remind_overdue(7, 3, &ours, 0, -1, "2026-03-16"), 1);
	assert_int_equal(remind_overdue(7, 3, &ours, 0, -1, "2026-03-15"), -1);
	assert_int_equal(remind_overdue(7, 3, &theirs, 0, -1, "2026-03-16"), -1);
	assert_int_equal(remind_overdue(7, 3, &asked, 1, 1, "2026-03-23"), 2);
	assert_int_equal(remind_overdue(7, 3, &asked, 1, 1, "2026-03-22"), -1);
}

/* The words: action or comment, before or after the deadline, to a body or to the secretariat. */
static void
test_remind_wording(void **state)
{
	static const struct {
		const char *role;
		long past;
		int self;
		const char *subject, *phrase;
	} cases[] = {
	    {"action", 0, 0, "Reminder: JCA-MV-LS1 - reply due 2026-03-15", "asked your group to act on JCA-MV-LS1"},
	    {"comment", 0, 0, "Reminder: JCA-MV-LS1 - comments due 2026-03-15",
	        "asked your group for comments on JCA-MV-LS1"},
	    {"action", 8, 0, "Overdue: JCA-MV-LS1 - reply was due 2026-03-15", "That date passed 8 days ago"},
	    {"comment", 1, 0, "Overdue: JCA-MV-LS1 - comments were due 2026-03-15",
	        "passed 1 day ago and we have not yet received your comments"},
	    {"action", 0, 1, "JCA-MV to answer: JCA-MV-LS1 - reply due 2026-03-15",
	        "ITU-T SG21 asked the JCA-MV to act on JCA-MV-LS1"},
	    {"comment", 0, 1, "JCA-MV to answer: JCA-MV-LS1 - comments due 2026-03-15",
	        "ITU-T SG21 asked the JCA-MV for comments on JCA-MV-LS1"},
	    {"action", 15, 1, "JCA-MV overdue: JCA-MV-LS1 - reply was due 2026-03-15", "That date passed 15 days ago."},
	};

	(void)state;
	for (size_t i = 0; i < N(cases); i++) {
		struct remind_letter l = {"JCA-MV-LS1", "Metaverse identity", "W3C", "2026-03-15", SECRETARIAT,
		    cases[i].role, cases[i].past, "ITU-T SG21", cases[i].self};
		struct buf subj = {0}, body = {0};
		remind_text(&l, &subj, &body);
		if (strcmp(buf_str(&subj), cases[i].subject) != 0 || !strstr(buf_str(&body), cases[i].phrase) ||
		    !strstr(buf_str(&body), " JCA-MV-LS1\n\"Metaverse identity\"\nby 2026-03-15."))
			fail_msg("case %zu: %s\n%s", i, buf_str(&subj), buf_str(&body));
		/* Never the other wording, and the secretariat is never addressed as a body. */
		if (strstr(buf_str(&body), cases[i].role[0] == 'a' ? "comments" : "to act") ||
		    (cases[i].self && strstr(buf_str(&body), "Dear colleagues")))
			fail_msg("case %zu: wrong wording\n%s", i, buf_str(&body));
		buf_free(&subj);
		buf_free(&body);
	}
}

/* Counts shown are the lines listed, title by title. */
static void
check_counts(const char *text)
{
	const char *p = text;

	while ((p = strstr(p, "\n\n")) != NULL) {
		const char *h = p + 2, *open = strchr(h, '('), *nl = strchr(h, '\n');
		size_t lines = 0;
		long n;
		p = h;
		if (!open || !nl || open > nl || nl[-1] != ')' || strncmp(h, "Details", 7) == 0)
			continue;
		n = strtol(open + 1, NULL, 10);
		for (const char *q = nl + 1; *q && *q != '\n'; q = strchr(q, '\n') + 1) {
			if (strncmp(q, "  - ", 4) == 0 || strncmp(q, "    - ", 6) == 0)
				lines++;
			if (!strchr(q, '\n'))
				break;
		}
		if ((long)lines != n && !(n == 0 && lines == 0))
			fail_msg("heading %.*s: %zu lines listed\n%s", (int)(nl - h), h, lines, text);
	}
}

static const struct digest_filed filed[] = {
    {"JCA-MV-Doc-001", "liaison", "incoming", "SG21-LS82", "SG21-LS82: LS on identity", "x", "ITU-T SG21", "[]"},
    {"JCA-MV-Doc-002", "other", "incoming", NULL, NULL, "Logistics", NULL, NULL},
    {"JCA-MV-Doc-003", "roadmap_input", "incoming", NULL, NULL, "SC 24 input", "ISO/IEC JTC 1/SC 24",
        "[\"roadmap row 3: unknown status \\\"Draft\\\"\", \"roadmap row 4: no title\"]"},
    {"JCA-MV-Doc-004", "liaison", "outgoing", "JCA-MV-LS1", "nomination", "JCA-MV-LS1: nomination", "ITU-T JCA-MV",
        "[\"no deadline\"]"},
    {"JCA-MV-Doc-005", "auto_reply", "incoming", NULL, NULL, "Out of office", NULL, "[]"},
    {"JCA-MV-Doc-006", "liaison", "outgoing", "JCA-MV-LS9", "urgent", "urgent", NULL,
        "[\"unverified-sender: From: the secretariat, unverified\"]"},
};

static const struct digest_state states[] = {
    /* ours: one answered, one open, one overdue */
    {"JCA-MV-Doc-004", "JCA-MV-LS1", "JCA-MV-LS1 nomination", "ITU-T JCA-MV", "outgoing", "ITU-T SG20", "action",
        "answered", "2026-03-01", "JCA-MV-Doc-009", "SG20-LS9", NULL},
    {"JCA-MV-Doc-004", "JCA-MV-LS1", "JCA-MV-LS1 nomination", "ITU-T JCA-MV", "outgoing", "W3C", "comment", "open",
        "2026-03-01", NULL, NULL, NULL},
    {"JCA-MV-Doc-007", "JCA-MV-LS2", "Survey", "ITU-T JCA-MV", "outgoing", "IETF", "action", "open", "2026-04-01", NULL,
        NULL, NULL},
    /* between other bodies: information, never overdue noise */
    {"JCA-MV-Doc-001", "SG21-LS82", "LS on identity", "ITU-T SG21", "incoming", "ITU-T SG20", "action", "open",
        "2026-01-01", NULL, NULL, NULL},
    /* asked of the JCA-MV itself */
    {"JCA-MV-Doc-001", "SG21-LS82", "LS on identity", "ITU-T SG21", "incoming", "ITU-T JCA-MV", "comment", "open",
        "2026-03-20", NULL, NULL, NULL},
};

static struct digest *
sample(struct digest *d)
{
	static const struct digest_answer ans = {"JCA-MV-Doc-009", "SG20-LS9", "SG20-LS9: reply on nomination",
	    "ITU-T SG20", "JCA-MV-Doc-004", "JCA-MV-LS1"};
	static const struct digest_reminder rem = {
	    "overdue", 9, "W3C", "JCA-MV-LS1", "JCA-MV-Doc-004", "2026-03-01", "queued", "a@w3.example\nb@w3.example"};
	static const struct digest_change ch = {0, 1, "3GPP SA1", "TS 22.156", "Mobile Metaverse", "Draft", "Approved"};
	int reachable = 0;

	digest_begin(d, "Europe/Zurich", epoch("2026-03-10T05:00:00Z"), epoch("2026-03-09T05:00:00Z"), "ITU-T JCA-MV");
	for (size_t i = 0; i < N(filed); i++)
		digest_add_filed(d, &filed[i]);
	for (size_t i = 0; i < N(states); i++)
		reachable += digest_add_state(d, &states[i]);
	assert_int_equal(reachable, 2); /* W3C and IETF: open on our statements */
	digest_add_nocontact(d, "IETF", "JCA-MV-LS2");
	digest_add_nocontact(d, "IETF", "JCA-MV-LS3"); /* once per body */
	digest_add_answer(d, &ans);
	digest_add_reminder(d, &rem);
	digest_add_change(d, &ch);
	digest_add_unknown(d, "Metaverse <Forum>", "JCA-MV-Doc-001");
	digest_add_failed(d, "outbox 3", "reminder to x@example.org", "550 no such user");
	return d;
}

static void
test_digest_text(void **state)
{
	struct digest d = {0};
	char *text, *subj;

	(void)state;
	text = digest_text(sample(&d));
	subj = digest_subject(&d);
	assert_string_equal(subj, "JCA-MV secretariat digest for 2026-03-10");
	assert_string_equal(d.since, "2026-03-09 06:00 Europe/Zurich");
	check_counts(text);
	assert_non_null(
	    strstr(text, "Filed: 1 liaison statement received, 2 sent, 1 roadmap input, 2 other messages."));
	assert_non_null(strstr(text,
	    "Liaison statements received (1)\n  - JCA-MV-Doc-001  SG21-LS82 LS on identity "
	    "(from ITU-T SG21)\n"));
	/* No duplicated reference in titles, no internal tags, no raw warnings. */
	assert_null(strstr(text, "SG21-LS82 SG21-LS82"));
	assert_null(strstr(text, "JCA-MV-LS1 JCA-MV-LS1"));
	assert_null(strstr(text, "[liaison"));
	assert_null(strstr(text, "roadmap_input"));
	assert_null(strstr(text, "[\""));
	assert_non_null(strstr(text,
	    "The secretariat's statements: each body's state (3)\n"
	    "  JCA-MV-LS1 nomination (JCA-MV-Doc-004), reply due 2026-03-01\n"
	    "    - ITU-T SG20  for action  [answered by JCA-MV-Doc-009, SG20-LS9]\n"
	    "    - W3C  for comment  [OVERDUE since 2026-03-01]\n"
	    "  JCA-MV-LS2 Survey (JCA-MV-Doc-007), reply due 2026-04-01\n"
	    "    - IETF  for action  [open, due 2026-04-01]\n"));
	/* The statement between SG21 and SG20 is not chased, and not overdue noise. */
	assert_null(strstr(text, "OVERDUE since 2026-01-01"));
	assert_non_null(strstr(text,
	    "Asked of the JCA-MV (1)\n  SG21-LS82 LS on identity (JCA-MV-Doc-001), from "
	    "ITU-T SG21\n    - 2026-03-20  the JCA-MV's comments requested  [open, due 2026-03-20]\n"));
	assert_non_null(strstr(text,
	    "Answers received (1)\n  - JCA-MV-Doc-009  ITU-T SG20 answered JCA-MV-LS1 "
	    "(JCA-MV-Doc-004): SG20-LS9 reply on nomination\n"));
	assert_non_null(strstr(text,
	    "  - overdue notice, 9 days late  JCA-MV-LS1 (JCA-MV-Doc-004, due 2026-03-01) to W3C: "
	    "a@w3.example, b@w3.example  [queued]\n"));
	assert_non_null(
	    strstr(text, "Bodies without a liaison contact (1)\n  - IETF  cannot be reminded of JCA-MV-LS2"));
	assert_non_null(strstr(text,
	    "To look at (2)\n  - JCA-MV-Doc-003  SC 24 input  [2 roadmap rows flagged]\n"
	    "  - JCA-MV-Doc-006  urgent  [claims the secretariat's address, unverified]\n"));
	assert_non_null(
	    strstr(text, "  - 3GPP SA1  changed: TS 22.156 Mobile Metaverse  [status Draft -> Approved]\n"));
	free(text);
	free(subj);
	digest_clear(&d);
	/* Nothing at all: the state sections say so, the others are left out. */
	digest_begin(&d, "UTC", epoch("2026-03-10T07:00:00Z"), epoch("2026-03-09T07:00:00Z"), "ITU-T JCA-MV");
	text = digest_text(&d);
	check_counts(text);
	assert_string_equal(text,
	    "JCA-MV secretariat digest for 2026-03-10\n"
	    "Everything filed since the previous digest (2026-03-09 07:00 UTC).\n\n"
	    "Filed: 0 liaison statements received, 0 sent, 0 roadmap inputs, 0 other messages.\n\n"
	    "The secretariat's statements: each body's state (0)\n"
	    "  No statement of the secretariat awaits an answer.\n\n"
	    "Asked of the JCA-MV (0)\n  Nothing is asked of the JCA-MV.\n\n"
	    "Details: liaisonctl list, liaisonctl deadlines, liaisonctl outbox, liaisonctl "
	    "quarantine\n");
	free(text);
	/* The very first digest says what it covers. */
	d.first = 1;
	text = digest_text(&d);
	assert_non_null(
	    strstr(text, "\nThe first digest: what was filed in the last 24 hours (2026-03-09 07:00 UTC).\n"));
	free(text);
	digest_clear(&d);
}

/* A claimed answer leaves the obligation open: the chairs see which document, to confirm. */
static void
test_digest_claimed(void **state)
{
	static const struct digest_state claimed = {"#1", "JCA-MV-LS1", "nomination", "ITU-T JCA-MV", "outgoing", "W3C",
	    "action", "open", "2026-03-01", NULL, NULL, "JCA-MV-Doc-003"};
	struct digest d = {0};
	char *text;

	(void)state;
	digest_begin(&d, "UTC", epoch("2026-03-10T07:00:00Z"), epoch("2026-03-09T07:00:00Z"), "ITU-T JCA-MV");
	assert_int_equal(digest_add_state(&d, &claimed), 1);
	text = digest_text(&d);
	check_counts(text);
	assert_non_null(strstr(text,
	    "The secretariat's statements: each body's state (1)\n"
	    "  JCA-MV-LS1 nomination (#1), reply due 2026-03-01\n"
	    "    - W3C  for action  [claimed by JCA-MV-Doc-003, to confirm]\n"));
	assert_null(strstr(text, "OVERDUE"));
	free(text);
	digest_clear(&d);
}

/* The HTML: everything from mail escaped, inline CSS only, no script, no image, no style sheet. */
static void
test_digest_html(void **state)
{
	static const struct digest_filed evil = {"JCA-MV-Doc-010", "liaison", "incoming", "X<1>",
	    "<script>alert(1)</script> & \"q\" 'a'", "s", "Body <b>", "[]"};
	struct digest d = {0};
	char *html;

	(void)state;
	sample(&d);
	digest_add_filed(&d, &evil);
	html = digest_html(&d);
	assert_null(strstr(html, "<script"));
	assert_null(strstr(html, "<img"));
	assert_null(strstr(html, "<style"));
	assert_null(strstr(html, "<link"));
	assert_null(strstr(html, "<b>"));
	assert_non_null(strstr(html,
	    "X&lt;1&gt; &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;q&quot; &#39;a&#39; "
	    "(from Body &lt;b&gt;)"));
	assert_non_null(strstr(html, "Metaverse &lt;Forum&gt;"));
	assert_non_null(strstr(html, "Liaison statements received (2)</h2>"));
	assert_non_null(strstr(html, "color:#b00020;font-weight:bold;\">OVERDUE since 2026-03-01</td>"));
	assert_non_null(strstr(html, "<title>JCA-MV secretariat digest for 2026-03-10</title>"));
	free(html);
	digest_clear(&d);
}

/* The digest's period in the secretariat's zone across the change to summer time: the previous morning's hour. */
static void
test_digest_dst(void **state)
{
	struct digest d = {0};

	(void)state;
	/* 29 March 2026: CET to CEST. 06:00 CET on the 28th is 05:00Z; 06:00 CEST on the 29th is 04:00Z. */
	digest_begin(&d, "Europe/Zurich", epoch("2026-03-29T04:00:00Z"), epoch("2026-03-28T05:00:00Z"), "ITU-T JCA-MV");
	assert_string_equal(d.today, "2026-03-29");
	assert_string_equal(d.since, "2026-03-28 06:00 Europe/Zurich");
	assert_int_equal(digest_due("06:00", "Europe/Zurich", epoch("2026-03-29T03:59:00Z")), 0);
	assert_int_equal(digest_due("06:00", "Europe/Zurich", epoch("2026-03-29T04:00:00Z")), 1);
	digest_clear(&d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_remind_level_due),
	    cmocka_unit_test(test_remind_polls),
	    cmocka_unit_test(test_remind_due),
	    cmocka_unit_test(test_remind_rcpt_and_text),
	    cmocka_unit_test(test_remind_overdue),
	    cmocka_unit_test(test_remind_wording),
	    cmocka_unit_test(test_digest_due),
	    cmocka_unit_test(test_digest_text),
	    cmocka_unit_test(test_digest_claimed),
	    cmocka_unit_test(test_digest_html),
	    cmocka_unit_test(test_digest_dst),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
