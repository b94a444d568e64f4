/* test_trust.c: Authentication-Results (RFC 8601) as read by rules/trust.c, on a table of real-looking headers. */
/* SPDX-License-Identifier: Apache-2.0 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include "trust.h"

static const struct {
	const char *name, *value;
	int trusted;
} cases[] = {
    {"dmarc pass", "mx.itu.int; dmarc=pass (p=reject dis=none) header.from=itu.int", 1},
    {"dkim pass, header.d",
        "mx.itu.int; dkim=pass (2048-bit key; secure) header.d=itu.int header.i=@itu.int "
        "header.s=sel1 header.b=AbCd+Ef==",
        1},
    {"dkim pass, header.i only", "mx.itu.int; dkim=pass header.i=tsbjcamv@itu.int", 1},
    {"version after the id", "mx.itu.int 1; dkim=pass header.d=itu.int", 1},
    {"upper case", "MX.ITU.INT; DKIM=PASS HEADER.D=ITU.INT", 1},
    {"method version", "mx.itu.int; dkim/1=pass header.d=itu.int", 1},
    {"spaces around =", "mx.itu.int; dmarc = pass header.from = itu.int", 1},
    {"quoted value", "mx.itu.int; dmarc=pass header.from=\"itu.int\"", 1},
    {"root dot", "mx.itu.int; dkim=pass header.d=itu.int.", 1},
    {"header.from an address", "mx.itu.int; dmarc=pass header.from=tsbjcamv@itu.int", 1},
    {"folded (CRLF)", "mx.itu.int;\r\n\tspf=pass smtp.mailfrom=itu.int;\r\n\tdkim=pass\r\n header.d=itu.int", 1},
    {"folded (LF)", "mx.itu.int;\n spf=fail smtp.mailfrom=evil.example;\n dmarc=pass header.from=itu.int", 1},
    {"second of several results",
        "mx.itu.int; spf=pass smtp.mailfrom=itu.int; dkim=fail header.d=itu.int; "
        "dmarc=pass header.from=itu.int",
        1},
    {"comment before the id", "(our gateway) mx.itu.int; dkim=pass header.d=itu.int", 1},
    {"nested comment", "mx.itu.int; dkim=pass (a (nested; comment) here) header.d=itu.int", 1},
    {"reason quoted with ;", "mx.itu.int; dkim=pass reason=\"good; signature\" header.d=itu.int", 1},

    {"dmarc fail", "mx.itu.int; dmarc=fail (p=reject dis=reject) header.from=itu.int", 0},
    {"dkim fail", "mx.itu.int; dkim=fail (bad signature) header.d=itu.int", 0},
    {"dkim neutral", "mx.itu.int; dkim=neutral header.d=itu.int", 0},
    {"dmarc none", "mx.itu.int; dmarc=none header.from=itu.int", 0},
    {"no results", "mx.itu.int; none", 0},
    {"spf pass is not enough", "mx.itu.int; spf=pass smtp.mailfrom=tsbjcamv@itu.int", 0},
    {"other authserv-id", "mx.evil.example; dmarc=pass header.from=itu.int", 0},
    {"authserv-id a suffix", "evil-mx.itu.int; dmarc=pass header.from=itu.int", 0},
    {"other domain", "mx.itu.int; dkim=pass header.d=evil.example", 0},
    {"a subdomain", "mx.itu.int; dkim=pass header.d=mail.itu.int", 0},
    {"a superstring", "mx.itu.int; dkim=pass header.d=itu.int.evil.example", 0},
    {"pass with no domain", "mx.itu.int; dkim=pass", 0},
    {"domain only in a comment", "mx.itu.int; dkim=pass (header.d=itu.int) header.d=evil.example", 0},
    {"pass only in a comment", "mx.itu.int; dkim=fail (dkim=pass) header.d=itu.int", 0},
    {"pass only in a quoted reason", "mx.itu.int; dkim=fail reason=\"; dkim=pass header.d=itu.int\"", 0},
    {"smtp.mailfrom is not header", "mx.itu.int; dkim=pass smtp.mailfrom=itu.int", 0},
    {"pass split from the domain", "mx.itu.int; dkim=pass header.d=evil.example; dkim=fail header.d=itu.int", 0},
    {"empty", "", 0},
    {"garbage", ";;;=(((", 0},
    {"unclosed quote", "mx.itu.int; dkim=pass header.d=\"itu.int", 1},
};

static void
test_table(void **state)
{
	struct strv ids = {0};

	(void)state;
	strv_push(&ids, "other-mx.example");
	strv_push(&ids, "mx.itu.int");
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		int got = trust_auth_result(cases[i].value, &ids, "itu.int");
		if (got != cases[i].trusted)
			fail_msg("%s: got %d, want %d", cases[i].name, got, cases[i].trusted);
	}
	strv_free(&ids);
}

static void
test_nothing_trusted(void **state)
{
	struct strv ids = {0}, values = {0};

	(void)state;
	strv_push(&values, "mx.itu.int; dmarc=pass header.from=itu.int");
	assert_int_equal(trust_auth_results(&values, &ids, "itu.int"), 0); /* no authserv-id configured */
	assert_int_equal(trust_auth_results(&values, NULL, "itu.int"), 0);
	strv_push(&ids, "mx.itu.int");
	assert_int_equal(trust_auth_results(&values, &ids, ""), 0);
	assert_int_equal(trust_auth_results(NULL, &ids, "itu.int"), 0);
	assert_int_equal(trust_auth_result(NULL, &ids, "itu.int"), 0);
	assert_int_equal(trust_auth_results(&values, &ids, "itu.int"), 1);
	strv_free(&ids);
	strv_free(&values);
}

static void
test_several_headers(void **state)
{
	struct strv ids = {0}, values = {0};

	(void)state;
	strv_push(&ids, "mx.itu.int");
	/* A forger's own header, then ours saying fail: not trusted. */
	strv_push(&values, "mx.evil.example; dmarc=pass header.from=itu.int");
	strv_push(&values, "mx.itu.int; dmarc=fail header.from=itu.int");
	assert_int_equal(trust_auth_results(&values, &ids, "itu.int"), 0);
	strv_push(&values, "mx.itu.int; dkim=pass header.d=itu.int");
	assert_int_equal(trust_auth_results(&values, &ids, "itu.int"), 1);
	strv_free(&ids);
	strv_free(&values);
}

/* The failures that stop an acknowledgement: only our MTA's word, only for the From: domain. */
static void
test_auth_failed(void **state)
{
	static const struct {
		const char *name, *v1, *v2;
		int failed;
	} fails[] = {
	    {"dmarc fail", "mx.itu.int; dmarc=fail header.from=sdo.example", NULL, 1},
	    {"dmarc fail despite a dkim pass",
	        "mx.itu.int; dkim=pass header.d=sdo.example; dmarc=fail header.from=sdo.example", NULL, 1},
	    {"dkim fail, nothing else", "mx.itu.int; dkim=fail header.d=sdo.example", NULL, 1},
	    {"dkim fail, another dkim passes", "mx.itu.int; dkim=fail header.d=sdo.example",
	        "mx.itu.int; dkim=pass header.d=sdo.example", 0},
	    {"dkim fail, dmarc passes", "mx.itu.int (comment); DKIM=FAIL header.d=sdo.example",
	        "mx.itu.int; dmarc=pass header.from=sdo.example", 0},
	    {"a forger's header", "mx.evil.example; dmarc=fail header.from=sdo.example", NULL, 0},
	    {"another domain", "mx.itu.int; dmarc=fail header.from=other.example", NULL, 0},
	    {"spf fail alone", "mx.itu.int; spf=fail smtp.mailfrom=sdo.example", NULL, 0},
	    {"dmarc none", "mx.itu.int; dmarc=none header.from=sdo.example", NULL, 0},
	    {"none at all", "mx.itu.int; none", NULL, 0},
	};
	struct strv ids = {0};

	(void)state;
	strv_push(&ids, "mx.itu.int");
	for (size_t i = 0; i < sizeof(fails) / sizeof(*fails); i++) {
		struct strv values = {0};
		int got;

		strv_push(&values, fails[i].v1);
		if (fails[i].v2)
			strv_push(&values, fails[i].v2);
		got = trust_auth_failed(&values, &ids, "sdo.example");
		if (got != fails[i].failed)
			fail_msg("%s: got %d, want %d", fails[i].name, got, fails[i].failed);
		strv_free(&values);
	}
	assert_int_equal(trust_auth_failed(NULL, &ids, "sdo.example"), 0);
	assert_int_equal(trust_auth_failed(NULL, NULL, ""), 0);
	strv_free(&ids);
}

static void
test_domain_of(void **state)
{
	(void)state;
	assert_string_equal(trust_domain_of("tsbjcamv@itu.int"), "itu.int");
	assert_string_equal(trust_domain_of("itu.int"), "itu.int");
	assert_string_equal(trust_domain_of(""), "");
	assert_string_equal(trust_domain_of(NULL), "");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_table),
	    cmocka_unit_test(test_nothing_trusted),
	    cmocka_unit_test(test_several_headers),
	    cmocka_unit_test(test_auth_failed),
	    cmocka_unit_test(test_domain_of),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
