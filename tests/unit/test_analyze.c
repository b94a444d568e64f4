/* test_analyze.c: analyze_message: auto-replies, bounces, list mail, direction, roadmap tables, the corpus, JSON. */
/* SPDX-License-Identifier: Apache-2.0 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "analyze.h"

static struct extract_limits lim;

static int
group_setup(void **state)
{
	(void)state;
	msg_library_init();
	extract_limits_default(&lim);
	return 0;
}

static int
group_teardown(void **state)
{
	(void)state;
	msg_library_shutdown();
	return 0;
}

static struct analysis *
analyze_raw(const char *raw, size_t len, int force_outgoing, struct msg **out)
{
	struct analyze_opts o = {sdo_dir_builtin(), "tsbjcamv@itu.int", &lim, force_outgoing, NULL, 0};
	char *err = NULL;
	struct msg *m = msg_parse(raw, len, &err);
	struct analysis *a;

	if (!m)
		fail_msg("msg_parse: %s", err);
	a = analyze_message(m, &o);
	assert_non_null(a);
	if (out)
		*out = m;
	else
		msg_free(m);
	return a;
}

#define BODY "\nDear colleagues,\n\nThe meeting will take place in Geneva next week.\n\nRegards\n"
#define FROM "From: Someone <someone@example.org>\nTo: tsbjcamv@itu.int\n"
#define SUBJ "Subject: Meeting arrangements\n"

static const struct {
	const char *name;
	const char *raw;
	int force_outgoing;
	enum doc_kind kind;
	int outgoing, machine;
} cases[] = {
    /* RFC 3834 */
    {"auto-replied", FROM SUBJ "Auto-Submitted: auto-replied\n" BODY, 0, KIND_AUTO_REPLY, 0, 1},
    {"auto-generated", FROM SUBJ "Auto-Submitted: auto-generated\n" BODY, 0, KIND_AUTO_REPLY, 0, 1},
    {"auto-replied with comment", FROM SUBJ "Auto-Submitted: auto-replied (vacation)\n" BODY, 0, KIND_AUTO_REPLY, 0, 1},
    {"auto-submitted no", FROM SUBJ "Auto-Submitted: no\n" BODY, 0, KIND_OTHER, 0, 0},
    {"auto-submitted No", FROM SUBJ "Auto-Submitted: No\n" BODY, 0, KIND_OTHER, 0, 0},
    {"auto-submitted no with comment", FROM SUBJ "Auto-Submitted: no (a person)\n" BODY, 0, KIND_OTHER, 0, 0},
    {"no signals", FROM SUBJ BODY, 0, KIND_OTHER, 0, 0},
    /* Vendor headers */
    {"x-autoreply", FROM SUBJ "X-Autoreply: yes\n" BODY, 0, KIND_AUTO_REPLY, 0, 1},
    {"x-autorespond", FROM SUBJ "X-Autorespond: yes\n" BODY, 0, KIND_AUTO_REPLY, 0, 1},
    {"x-auto-response-suppress", FROM SUBJ "X-Auto-Response-Suppress: All\n" BODY, 0, KIND_AUTO_REPLY, 0, 1},
    /* Subjects of responders that send no header */
    {"out of office subject", FROM "Subject: Out of Office: Meeting arrangements\n" BODY, 0, KIND_AUTO_REPLY, 0, 1},
    {"automatic reply subject", FROM "Subject: Automatic reply: JCA-MV-LS1\n" BODY, 0, KIND_AUTO_REPLY, 0, 1},
    {"lower case subject", FROM "Subject: automatic reply: x\n" BODY, 0, KIND_AUTO_REPLY, 0, 1},
    {"out of office inside", FROM "Subject: RE: I am out of the office\n" BODY, 0, KIND_AUTO_REPLY, 0, 1},
    {"encoded subject", FROM "Subject: =?utf-8?q?R=C3=A9ponse_automatique=3A_x?=\n" BODY, 0, KIND_AUTO_REPLY, 0, 1},
    /* RFC 3464 and friends */
    {"delivery-status report",
        FROM
        "Subject: Delivery Status Notification (Failure)\nMIME-Version: 1.0\n"
        "Content-Type: multipart/report; report-type=delivery-status; boundary=B\n\n"
        "--B\nContent-Type: text/plain\n\nfailed\n--B\nContent-Type: message/delivery-status\n\n"
        "Reporting-MTA: dns; mx.example.org\n\nFinal-Recipient: rfc822; x@y.z\nAction: failed\nStatus: 5.1.1\n--B--\n",
        0, KIND_BOUNCE, 0, 1},
    {"report type in upper case",
        FROM
        "Subject: x\nMIME-Version: 1.0\nContent-Type: multipart/report; report-type=Delivery-Status; boundary=B\n\n"
        "--B\nContent-Type: text/plain\n\nfailed\n--B--\n",
        0, KIND_BOUNCE, 0, 1},
    {"disposition report is not a bounce",
        FROM SUBJ
        "MIME-Version: 1.0\nContent-Type: multipart/report; report-type=disposition-notification; boundary=B\n\n"
        "--B\nContent-Type: text/plain\n\nread\n--B--\n",
        0, KIND_OTHER, 0, 0},
    {"mailer-daemon", "From: Mail Delivery System <MAILER-DAEMON@mx.example.org>\n" SUBJ BODY, 0, KIND_BOUNCE, 0, 1},
    {"postmaster", "From: postmaster@example.org\n" SUBJ BODY, 0, KIND_BOUNCE, 0, 1},
    {"Postmaster mixed case", "From: Postmaster@Example.ORG\n" SUBJ BODY, 0, KIND_BOUNCE, 0, 1},
    {"postmaster-like local part", "From: postmasters@example.org\n" SUBJ BODY, 0, KIND_OTHER, 0, 0},
    {"empty return path", "Return-Path: <>\n" FROM SUBJ BODY, 0, KIND_BOUNCE, 0, 1},
    {"empty return path, auto-replied", "Return-Path: <>\n" FROM SUBJ "Auto-Submitted: auto-replied\n" BODY, 0,
        KIND_AUTO_REPLY, 0, 1},
    {"return path of a person", "Return-Path: <someone@example.org>\n" FROM SUBJ BODY, 0, KIND_OTHER, 0, 0},
    /* RFC 2369/2919 list traffic: read, never answered */
    {"precedence bulk", FROM SUBJ "Precedence: bulk\n" BODY, 0, KIND_OTHER, 0, 1},
    {"precedence list", FROM SUBJ "Precedence: list\n" BODY, 0, KIND_OTHER, 0, 1},
    {"precedence junk", FROM SUBJ "Precedence: junk\n" BODY, 0, KIND_OTHER, 0, 1},
    {"precedence Bulk", FROM SUBJ "Precedence: Bulk\n" BODY, 0, KIND_OTHER, 0, 1},
    {"precedence first-class", FROM SUBJ "Precedence: first-class\n" BODY, 0, KIND_OTHER, 0, 0},
    {"list-id", FROM SUBJ "List-Id: JCA-MV <jcamv.lists.itu.int>\n" BODY, 0, KIND_OTHER, 0, 1},
    /* The secretariat's own mail */
    {"from the secretariat", "From: JCA-MV Secretariat <tsbjcamv@itu.int>\nTo: x@y.z\n" SUBJ BODY, 0, KIND_OTHER, 1, 0},
    {"secretariat in upper case", "From: TSBJCAMV@ITU.INT\nTo: x@y.z\n" SUBJ BODY, 0, KIND_OTHER, 1, 0},
    {"secretariat auto-submitted", "From: tsbjcamv@itu.int\n" SUBJ "Auto-Submitted: auto-generated\n" BODY, 0,
        KIND_OTHER, 1, 0},
    {"secretariat out-of-office subject", "From: tsbjcamv@itu.int\nSubject: Out of Office: x\n" BODY, 0, KIND_OTHER, 1,
        0},
    {"secretariat null return path", "Return-Path: <>\nFrom: tsbjcamv@itu.int\n" SUBJ BODY, 0, KIND_OTHER, 1, 0},
    {"secretariat report",
        "From: tsbjcamv@itu.int\nSubject: x\nMIME-Version: 1.0\n"
        "Content-Type: multipart/report; report-type=delivery-status; boundary=B\n\n--B\nContent-Type: "
        "text/plain\n\nx\n--B--\n",
        0, KIND_OTHER, 1, 0},
    {"look-alike address", "From: tsbjcamv@itu.int.evil.example\n" SUBJ BODY, 0, KIND_OTHER, 0, 0},
    {"display name only", "From: \"tsbjcamv@itu.int\" <someone@example.org>\n" SUBJ BODY, 0, KIND_OTHER, 0, 0},
    /* A sent folder */
    {"sent folder", FROM SUBJ BODY, 1, KIND_OTHER, 1, 0},
    {"sent folder auto-reply header", FROM SUBJ "Auto-Submitted: auto-replied\n" BODY, 1, KIND_OTHER, 1, 0},
};

/* Who vouches for From: the secretariat: a sent folder, our MTA's Authentication-Results, or the operator. */
static void
test_trust(void **state)
{
	static const struct {
		const char *name, *headers;
		int force_outgoing, trust_address, outgoing, unverified;
	} t[] = {
	    {"forged", "", 0, 0, 1, 1},
	    {"sent folder", "", 1, 0, 1, 0},
	    {"operator trusts the address", "", 0, 1, 1, 0},
	    {"dmarc pass from our MTA", "Authentication-Results: mx.itu.int; dmarc=pass header.from=itu.int\n", 0, 0, 1,
	        0},
	    {"dkim pass, folded", "Authentication-Results: mx.itu.int;\n\tdkim=pass (ok)\n\theader.d=itu.int\n", 0, 0,
	        1, 0},
	    {"dmarc fail from our MTA", "Authentication-Results: mx.itu.int; dmarc=fail header.from=itu.int\n", 0, 0, 1,
	        1},
	    {"another MTA's pass", "Authentication-Results: mx.evil.example; dmarc=pass header.from=itu.int\n", 0, 0, 1,
	        1},
	    {"someone else", "", 0, 0, 0, 0},
	};
	struct strv ids = {0};

	(void)state;
	strv_push(&ids, "mx.itu.int");
	for (size_t i = 0; i < sizeof(t) / sizeof(*t); i++) {
		struct analyze_opts o = {
		    sdo_dir_builtin(), "tsbjcamv@itu.int", &lim, t[i].force_outgoing, &ids, t[i].trust_address};
		char *raw = xasprintf("%sFrom: %s\nSubject: x\n\nhello\n", t[i].headers,
		    t[i].outgoing ? "JCA-MV <tsbjcamv@itu.int>" : "someone@example.org");
		char *err = NULL;
		struct msg *m = msg_parse(raw, strlen(raw), &err);
		struct analysis *a;
		int warned = 0;

		assert_non_null(m);
		a = analyze_message(m, &o);
		for (size_t j = 0; j < a->warnings.n; j++)
			warned |= strncmp(a->warnings.v[j], "unverified-sender: ", 19) == 0;
		if (a->outgoing != t[i].outgoing || a->unverified != t[i].unverified || warned != t[i].unverified)
			fail_msg(
			    "%s: outgoing %d unverified %d warned %d", t[i].name, a->outgoing, a->unverified, warned);
		analysis_free(a);
		msg_free(m);
		free(raw);
	}
	strv_free(&ids);
}

static void
test_classify(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		struct analysis *a = analyze_raw(cases[i].raw, strlen(cases[i].raw), cases[i].force_outgoing, NULL);
		if (a->kind != cases[i].kind || a->outgoing != cases[i].outgoing || a->machine != cases[i].machine)
			fail_msg("%s: kind %s outgoing %d machine %d; want %s %d %d", cases[i].name, kind_name(a->kind),
			    a->outgoing, a->machine, kind_name(cases[i].kind), cases[i].outgoing, cases[i].machine);
		if (a->kind == KIND_AUTO_REPLY || a->kind == KIND_BOUNCE) {
			assert_null(a->ls);
			assert_int_equal(a->rm.n, 0);
		}
		analysis_free(a);
	}
}

/* The template's columns in an HTML table in the body: a roadmap input. */
static const char roadmap_html[] =
    "From: ITU-T SG16 <tsbsg16@itu.int>\nTo: tsbjcamv@itu.int\nSubject: SG16 roadmap input\n"
    "Message-ID: <sg16-rm@itu.int>\nMIME-Version: 1.0\nContent-Type: text/html; charset=utf-8\n\n"
    "<html><body><p>Dear JCA-MV,</p><p>Our input:</p>\n"
    "<table border=1>\n"
    "<tr><th>SDO / Org.</th><th>Document</th><th>Deliverable type</th><th>Title</th><th>Status</th>"
    "<th>Category</th><th>Description</th></tr>\n"
    "<tr><td>ITU-T SG16</td><td>H.MV-ARCH</td><td>Draft Recommendation</td>"
    "<td>Architecture of metaverse multimedia services</td><td>Under development</td><td>General</td>"
    "<td>Defines the reference architecture.</td></tr>\n"
    "<tr><td>ITU-T SG16</td><td>F.MV-UC</td><td>Technical Report</td><td>Metaverse use cases</td>"
    "<td>Published</td><td>Application/Service</td><td>Collects use cases.</td></tr>\n"
    "</table><p>Best regards</p></body></html>\n";

static void
test_roadmap_table(void **state)
{
	struct msg *m = NULL;
	struct analysis *a = analyze_raw(roadmap_html, sizeof(roadmap_html) - 1, 0, &m);

	(void)state;
	assert_string_equal(kind_name(a->kind), "roadmap_input");
	assert_int_equal(a->outgoing, 0);
	assert_int_equal(a->machine, 0);
	assert_null(a->ls);
	assert_int_equal(a->rm.n, 2);
	assert_string_equal(a->rm.v[0].f[RM_SDO], "ITU-T SG16");
	assert_string_equal(a->rm.v[0].f[RM_REF], "H.MV-ARCH");
	assert_string_equal(a->rm.v[0].f[RM_TITLE], "Architecture of metaverse multimedia services");
	assert_string_equal(a->rm.v[1].f[RM_TYPE], "Technical Report");
	assert_string_equal(a->rm.v[1].f[RM_STATUS], "Published");
	assert_string_equal(a->rm.v[1].f[RM_SUMMARY], "Collects use cases.");
	analysis_free(a);
	msg_free(m);
}

/* Every labelled corpus message: kind, direction, the liaison's ref and the number of roadmap rows. */
static const struct {
	const char *file;
	enum doc_kind kind;
	int outgoing;
	const char *ref; /* NULL: no liaison */
	size_t rows;
	const char *deadline;
} corpus[] = {
    {"p01-itu-ls-docx.eml", KIND_LIAISON, 0, "FG-MV-LS1", 0, "2023-06-30"},
    {"p02-itu-ls-plaintext-reply.eml", KIND_LIAISON, 0, "SG20-LS45", 0, "2024-07-29"},
    {"p03-outgoing-ls-from-secretariat.eml", KIND_LIAISON, 1, "JCA-MV-LS1", 0, "2026-03-15"},
    {"p04-roadmap-input-docx.eml", KIND_ROADMAP, 0, NULL, 5, NULL},
    {"p05-roadmap-input-csv.eml", KIND_ROADMAP, 0, NULL, 3, NULL},
    {"p06-roadmap-input-xlsx.eml", KIND_ROADMAP, 0, NULL, 3, NULL},
    {"p07-auto-reply.eml", KIND_AUTO_REPLY, 0, NULL, 0, NULL},
    {"p08-bounce.eml", KIND_BOUNCE, 0, NULL, 0, NULL},
    {"p09-damaged-mime.eml", KIND_LIAISON, 0, "SG17-LS120", 0, NULL},
    {"p10-encoded-words.eml", KIND_LIAISON, 0, "SG21-LS82", 0, "2026-05-11"},
    {"p11-ls-pdf.eml", KIND_LIAISON, 0, "ISO/TC 307 N 1234", 0, NULL},
    {"p12-other-correspondence.eml", KIND_OTHER, 0, NULL, 0, NULL},
};

static void
test_corpus(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(corpus) / sizeof(*corpus); i++) {
		char *path = xasprintf("%s/%s", CORPUS, corpus[i].file), *data = NULL, *err = NULL;
		size_t len = 0;
		struct analysis *a;

		if (file_read(path, 64u << 20, &data, &len, &err) != 0)
			fail_msg("%s", err);
		a = analyze_raw(data, len, 0, NULL);
		if (a->kind != corpus[i].kind || a->outgoing != corpus[i].outgoing)
			fail_msg("%s: %s/%d, want %s/%d", corpus[i].file, kind_name(a->kind), a->outgoing,
			    kind_name(corpus[i].kind), corpus[i].outgoing);
		if (corpus[i].ref) {
			assert_non_null(a->ls);
			assert_string_equal(a->ls->ref, corpus[i].ref);
			if (corpus[i].deadline) {
				assert_non_null(a->ls->deadline);
				assert_string_equal(a->ls->deadline, corpus[i].deadline);
			}
		} else
			assert_null(a->ls);
		assert_int_equal(a->rm.n, corpus[i].rows);
		assert_int_equal(a->machine, corpus[i].kind == KIND_AUTO_REPLY || corpus[i].kind == KIND_BOUNCE);
		analysis_free(a);
		free(data);
		free(path);
	}
}

/* A small JSON reader: 0 when s is exactly one well-formed value. */
static const char *json_value(const char *s, int depth);

static const char *
json_ws(const char *s)
{
	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	return s;
}

static const char *
json_string(const char *s)
{
	if (*s++ != '"')
		return NULL;
	while (*s && *s != '"') {
		if ((unsigned char)*s < 0x20)
			return NULL;
		if (*s == '\\') {
			s++;
			if (*s == 'u') {
				for (int k = 1; k <= 4; k++)
					if (!s[k] || !strchr("0123456789abcdefABCDEF", s[k]))
						return NULL;
				s += 4;
			} else if (!*s || !strchr("\"\\/bfnrt", *s))
				return NULL;
		}
		s++;
	}
	return *s == '"' ? s + 1 : NULL;
}

static const char *
json_value(const char *s, int depth)
{
	s = json_ws(s);
	if (depth > 32)
		return NULL;
	if (*s == '"')
		return json_string(s);
	if (*s == '{' || *s == '[') {
		char close = *s == '{' ? '}' : ']';
		int obj = *s == '{';
		s = json_ws(s + 1);
		if (*s == close)
			return s + 1;
		for (;;) {
			if (obj) {
				if (!(s = json_string(json_ws(s))))
					return NULL;
				s = json_ws(s);
				if (*s++ != ':')
					return NULL;
			}
			if (!(s = json_value(s, depth + 1)))
				return NULL;
			s = json_ws(s);
			if (*s == ',') {
				s++;
				continue;
			}
			return *s == close ? s + 1 : NULL;
		}
	}
	if (strncmp(s, "null", 4) == 0 || strncmp(s, "true", 4) == 0)
		return s + 4;
	if (strncmp(s, "false", 5) == 0)
		return s + 5;
	if (*s == '-' || (*s >= '0' && *s <= '9')) {
		s++;
		while ((*s >= '0' && *s <= '9') || *s == '.' || *s == 'e' || *s == 'E' || *s == '+' || *s == '-')
			s++;
		return s;
	}
	return NULL;
}

static int
json_ok(const char *s)
{
	const char *e = json_value(s, 0);
	return e && *json_ws(e) == '\0';
}

static void
check_order(const char *json, const char *const *keys, size_t n)
{
	const char *prev = json;

	for (size_t i = 0; i < n; i++) {
		const char *p = strstr(prev, keys[i]);
		if (!p)
			fail_msg("%s missing or out of order in %s", keys[i], json);
		prev = p;
	}
}

static void
test_json(void **state)
{
	static const char *const keys[] = {"{\"file\": ", ", \"message_id\": ", ", \"from\": ", ", \"subject\": ",
	    ", \"date\": ", ", \"kind\": ", ", \"direction\": ", ", \"liaison\": ", ", \"roadmap\": [",
	    ", \"attachments\": [", ", \"warnings\": ["};
	static const char *const ls_keys[] = {"\"liaison\": {\"ref\": \"SG21-LS82\"", ", \"source\": \"ITU-T SG21\"",
	    ", \"title\": ", ", \"for_action\": [\"ITU-T SG20\"]", ", \"for_comment\": []",
	    ", \"for_information\": [\"ITU-T JCA-MV\"]", ", \"approval\": ", ", \"deadline\": \"2026-05-11\"",
	    ", \"deadline_text\": ", ", \"contacts\": [{\"name\": ", ", \"reply_to\": [\"SG20-LS9\"]",
	    ", \"abstract\": "};
	char *path = xasprintf("%s/p10-encoded-words.eml", CORPUS), *data = NULL, *err = NULL;
	size_t len = 0;
	struct msg *m = NULL;
	struct analysis *a;
	struct buf b = {0};

	(void)state;
	assert_int_equal(file_read(path, 64u << 20, &data, &len, &err), 0);
	a = analyze_raw(data, len, 0, &m);
	analysis_json(&b, "p10 \"quoted\".eml", m, a);
	if (!json_ok(buf_str(&b)))
		fail_msg("not JSON: %s", buf_str(&b));
	assert_null(strchr(buf_str(&b), '\n')); /* one line: JSON Lines */
	check_order(buf_str(&b), keys, sizeof(keys) / sizeof(*keys));
	check_order(buf_str(&b), ls_keys, sizeof(ls_keys) / sizeof(*ls_keys));
	assert_non_null(
	    strstr(buf_str(&b), "{\"file\": \"p10 \\\"quoted\\\".eml\", \"message_id\": \"<sg21-ls82@itu.int>\""));
	assert_non_null(strstr(buf_str(&b), "\"from\": \"tsbsg21@itu.int\""));
	assert_non_null(strstr(buf_str(&b), "\"date\": \"2025-10-20T09:00:00Z\""));
	assert_non_null(strstr(buf_str(&b), "\"kind\": \"liaison\", \"direction\": \"incoming\""));
	assert_non_null(strstr(buf_str(&b),
	    "\"attachments\": [{\"filename\": \"\xec\x97\xb0\xeb\x9d\xbd-SG21-LS82.docx\", "
	    "\"content_type\": \"application/vnd.openxmlformats-officedocument."
	    "wordprocessingml.document\", \"size\": 37172"));
	assert_int_equal(b.s[b.len - 1], '}');
	analysis_free(a);
	msg_free(m);
	buf_free(&b);
	free(data);

	/* A roadmap input: rows with the seven keys in order. */
	a = analyze_raw(roadmap_html, sizeof(roadmap_html) - 1, 0, &m);
	analysis_json(&b, "rm.eml", m, a);
	assert_true(json_ok(buf_str(&b)));
	assert_non_null(strstr(buf_str(&b), "\"kind\": \"roadmap_input\""));
	assert_non_null(strstr(buf_str(&b), "\"liaison\": null"));
	assert_non_null(strstr(buf_str(&b),
	    "\"roadmap\": [{\"sdo\": \"ITU-T SG16\", \"reference\": \"H.MV-ARCH\", "
	    "\"type\": \"Draft Recommendation\", \"title\": \"Architecture of metaverse "
	    "multimedia services\", \"status\": \"Under development\", \"category\": "
	    "\"General\", \"summary\": \"Defines the reference architecture.\"}, {"));
	assert_non_null(strstr(buf_str(&b), "\"attachments\": []"));
	analysis_free(a);
	msg_free(m);
	buf_reset(&b);

	/* No date, no Message-ID, control characters in the subject: still JSON, with nulls. */
	{
		static const char raw[] =
		    "From: a@b.c\nSubject: =?utf-8?q?tab=09and=01ctl?=\nAuto-Submitted: auto-replied\n\nx\n";
		a = analyze_raw(raw, sizeof(raw) - 1, 0, &m);
		analysis_json(&b, NULL, m, a);
		if (!json_ok(buf_str(&b)))
			fail_msg("not JSON: %s", buf_str(&b));
		assert_non_null(strstr(buf_str(&b), "{\"file\": null, \"message_id\": null"));
		assert_non_null(strstr(buf_str(&b), "\"date\": null"));
		assert_non_null(strstr(buf_str(&b), "\"kind\": \"auto_reply\""));
		analysis_free(a);
		msg_free(m);
		buf_reset(&b);
	}
	/* Nothing parsed at all: the object is still complete. */
	analysis_json(&b, "x.eml", NULL, NULL);
	assert_true(json_ok(buf_str(&b)));
	assert_non_null(strstr(buf_str(&b),
	    "\"kind\": \"other\", \"direction\": \"incoming\", \"liaison\": null, "
	    "\"roadmap\": [], \"attachments\": [], \"warnings\": []}"));
	buf_free(&b);
	free(path);
}

static void
test_kind_names(void **state)
{
	static const char *const names[] = {"liaison", "roadmap_input", "auto_reply", "bounce", "other"};
	enum doc_kind k;

	(void)state;
	for (int i = 0; i < KIND_COUNT; i++) {
		assert_string_equal(kind_name((enum doc_kind)i), names[i]);
		assert_int_equal(kind_parse(names[i], &k), 0);
		assert_int_equal(k, i);
	}
	assert_int_equal(kind_parse("Liaison", &k), -1);
	assert_int_equal(kind_parse("", &k), -1);
	assert_int_equal(kind_parse(NULL, &k), -1);
	assert_string_equal(kind_name(KIND_COUNT), "other");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_kind_names),
	    cmocka_unit_test(test_classify),
	    cmocka_unit_test(test_trust),
	    cmocka_unit_test(test_roadmap_table),
	    cmocka_unit_test(test_corpus),
	    cmocka_unit_test(test_json),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
