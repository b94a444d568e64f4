/* test_date.c: date_parse over the forms deadlines are written in. */
/* SPDX-License-Identifier: Apache-2.0 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "date.h"

static const struct {
	const char *in;
	const char *iso; /* NULL: no calendar date */
} cases[] = {
    {"30 June 2023", "2023-06-30"},
    {"Friday 16 January 2026", "2026-01-16"},
    {"2026-03-06", "2026-03-06"},
    {"March 31, 2026", "2026-03-31"},
    {"March 31 2026", "2026-03-31"},
    {"31.03.2026", "2026-03-31"},
    {"31/03/2026", "2026-03-31"},
    {"05/04/2026", "2026-04-05"}, /* day first */
    {"1st April 2026", "2026-04-01"},
    {"16-Jan-2026", "2026-01-16"},
    {"5 Sept. 2025", "2025-09-05"},
    {"Mar. 3rd, 2026", "2026-03-03"},
    {"29 February 2024", "2024-02-29"},
    {"29 February 2026", NULL}, /* not a leap year */
    {"31 April 2026", NULL},
    {"2026-13-01", NULL},
    {"… SA1 asks SA4 to provide feedback by 27 February 2026.", "2026-02-27"},
    {"Geneva, 1-12 July 2024", "2024-07-12"},
    {"ACT / Due date: 2026-04-15", "2026-04-15"},
    {"N/A", NULL},
    {"None", NULL},
    {"TBD", NULL},
    {"Two weeks before the next meeting", NULL},
    {"Rel-20", NULL},
    {"S1-260123", NULL},
    {"20260306", NULL},
    {"", NULL},
    {"May 2026", NULL},
    {"11 May 2026", "2026-05-11"},
    {"31 December 2199", "2199-12-31"},
    {"1 January 1899", NULL},
};

static void
test_forms(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		char iso[11] = "";
		int r = date_parse(cases[i].in, iso);
		if (cases[i].iso) {
			if (!r || strcmp(iso, cases[i].iso) != 0)
				fail_msg("%s: expected %s, got %s", cases[i].in, cases[i].iso, r ? iso : "nothing");
		} else if (r) {
			fail_msg("%s: expected no date, got %s", cases[i].in, iso);
		}
	}
}

static void
test_null_and_long(void **state)
{
	char iso[11];
	size_t n = 4 << 20;
	char *big = test_malloc(n + 32);

	(void)state;
	assert_int_equal(date_parse(NULL, iso), 0);
	/* a long run of digits and dots must neither match nor take long */
	for (size_t i = 0; i < n; i++)
		big[i] = (i % 3 == 2) ? '.' : '1';
	big[n] = '\0';
	assert_int_equal(date_parse(big, iso), 0);
	test_free(big);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_forms),
	    cmocka_unit_test(test_null_and_long),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
