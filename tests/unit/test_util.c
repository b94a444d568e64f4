/* test_util.c: common/util: white space, one-line strings, controls, parse_long, JSON strings, ISO 8601, files. */
/* SPDX-License-Identifier: Apache-2.0 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <dirent.h>
#include <cmocka.h>

#include "util.h"

static const struct {
	const char *in, *out;
} collapse[] = {
    {"", ""}, {"   ", ""}, {"a", "a"}, {"  a  b  ", "a b"}, {"a\tb\nc\r\nd", "a b c d"}, {"a\t\t \n\n b", "a b"},
    {"\xc2\xa0"
     "a\xc2\xa0\xc2\xa0"
     "b\xc2\xa0",
        "a b"}, /* NBSP */
    {"a\xe2\x80\x83"
     "b",
        "a b"}, /* EM SPACE */
    {"a\xe2\x80\xaf"
     "b\xe3\x80\x80"
     "c",
        "a b c"},                                                                 /* NNBSP, ideographic space */
    {"a\f\vb", "a b"}, {"caf\xc3\xa9  cr\xc3\xa8me", "caf\xc3\xa9 cr\xc3\xa8me"}, /* other UTF-8 untouched */
    {"\xe2\x80\x9cmeta\xe2\x80\x9d", "\xe2\x80\x9cmeta\xe2\x80\x9d"},             /* curly quotes are not spaces */
};

static void
test_collapse_ws(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(collapse) / sizeof(*collapse); i++) {
		char *got = str_collapse_ws(collapse[i].in);
		if (strcmp(got, collapse[i].out) != 0)
			fail_msg("case %zu: collapse(\"%s\") = \"%s\", want \"%s\"", i, collapse[i].in, got,
			    collapse[i].out);
		free(got);
	}
	{
		char *got = str_collapse_ws(NULL);
		assert_string_equal(got, "");
		free(got);
	}
}

static const struct {
	const char *in;
	size_t max;
	const char *out;
} oneline[] = {
    {"plain", 100, "plain"},
    {"a\r\nb", 100, "a  b"},
    {"Subject\r\nBcc: evil@x", 100, "Subject  Bcc: evil@x"},
    {"t\tab", 100, "t ab"},
    {"nul\x01"
     "bel\x07"
     "esc\x1b"
     "del\x7f"
     "end",
        100, "nul bel esc del end"},
    {"abcdef", 3, "abc"},
    {"abc", 3, "abc"},
    {"", 5, ""},
    /* é is C3 A9: a cap of 2 after "a" would split it */
    {"a\xc3\xa9"
     "b",
        2, "a"},
    {"a\xc3\xa9"
     "b",
        3, "a\xc3\xa9"},
    /* € is E2 82 AC */
    {"\xe2\x82\xac\xe2\x82\xac", 4, "\xe2\x82\xac"},
    {"\xe2\x82\xac\xe2\x82\xac", 5, "\xe2\x82\xac"},
    {"\xe2\x82\xac\xe2\x82\xac", 6, "\xe2\x82\xac\xe2\x82\xac"},
    {"\xe2\x82\xac", 1, ""},
    {"\xe2\x82\xac", 2, ""},
    /* U+1F600 is F0 9F 98 80 */
    {"x\xf0\x9f\x98\x80y", 4, "x"},
    {"x\xf0\x9f\x98\x80y", 5, "x\xf0\x9f\x98\x80"},
    /* Korean: 연락 is EC 97 B0 EB 9D BD */
    {"\xec\x97\xb0\xeb\x9d\xbd", 5, "\xec\x97\xb0"},
};

static int
valid_utf8(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p) {
		size_t n = *p < 0x80      ? 1
		    : (*p & 0xe0) == 0xc0 ? 2
		    : (*p & 0xf0) == 0xe0 ? 3
		    : (*p & 0xf8) == 0xf0 ? 4
		                          : 0;
		if (!n)
			return 0;
		for (size_t i = 1; i < n; i++)
			if ((p[i] & 0xc0) != 0x80)
				return 0;
		p += n;
	}
	return 1;
}

static void
test_oneline(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(oneline) / sizeof(*oneline); i++) {
		char *got = str_oneline(oneline[i].in, oneline[i].max);
		if (strcmp(got, oneline[i].out) != 0)
			fail_msg("case %zu: oneline(\"%s\", %zu) = \"%s\", want \"%s\"", i, oneline[i].in,
			    oneline[i].max, got, oneline[i].out);
		assert_true(strlen(got) <= oneline[i].max);
		assert_false(str_has_ctl(got));
		assert_true(valid_utf8(got));
		free(got);
	}
	/* Every cap over a mixed string: never a control, never over the cap, never a cut sequence. */
	{
		const char *mixed = "A\xc3\xa9\r\n\xe2\x82\xac\t\xf0\x9f\x98\x80 \xec\x97\xb0!";
		for (size_t max = 0; max <= strlen(mixed) + 1; max++) {
			char *got = str_oneline(mixed, max);
			assert_true(strlen(got) <= max);
			assert_true(valid_utf8(got));
			assert_false(str_has_ctl(got));
			/* It is a prefix of the whole line. */
			{
				char *all = str_oneline(mixed, 1000);
				assert_memory_equal(got, all, strlen(got));
				free(all);
			}
			free(got);
		}
	}
	{
		char *got = str_oneline(NULL, 10);
		assert_string_equal(got, "");
		free(got);
	}
}

static const struct {
	const char *in;
	int ctl;
} ctls[] = {
    {"", 0},
    {"plain text", 0},
    {"caf\xc3\xa9", 0},
    {"a\tb", 1},
    {"a\nb", 1},
    {"a\rb", 1},
    {"\x01", 1},
    {"x\x1f", 1},
    {"x\x7f", 1},
    {"~ !", 0},
    {"\xc2\xa0", 0},
};

static void
test_has_ctl(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(ctls) / sizeof(*ctls); i++)
		if (str_has_ctl(ctls[i].in) != ctls[i].ctl)
			fail_msg("case %zu: str_has_ctl = %d, want %d", i, str_has_ctl(ctls[i].in), ctls[i].ctl);
	assert_int_equal(str_has_ctl(NULL), 0);
}

static const struct {
	const char *in;
	long min, max;
	int rc;
	long out;
} longs[] = {
    {"0", 0, 10, 0, 0},
    {"10", 0, 10, 0, 10},
    {"11", 0, 10, -1, 0},
    {"-1", 0, 10, -1, 0},
    {"-5", -10, 10, 0, -5},
    {"60", 1, 86400, 0, 60},
    {"86401", 1, 86400, -1, 0},
    {"", 0, 10, -1, 0},
    {"x", 0, 10, -1, 0},
    {"5x", 0, 10, -1, 0},
    {"5 ", 0, 10, -1, 0},
    {"5.0", 0, 10, -1, 0},
    {"0x5", 0, 10, -1, 0},
    {"-", 0, 10, -1, 0},
    {"99999999999999999999999", 0, 0x7fffffffL, -1, 0},
    {"2147483647", 1, 0x7fffffffL, 0, 2147483647L},
    {"2147483648", 1, 0x7fffffffL, -1, 0},
};

static void
test_parse_long(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(longs) / sizeof(*longs); i++) {
		long v = -12345;
		int rc = parse_long(longs[i].in, longs[i].min, longs[i].max, &v);
		if (rc != longs[i].rc)
			fail_msg("case %zu: parse_long(\"%s\", %ld, %ld) = %d, want %d", i, longs[i].in, longs[i].min,
			    longs[i].max, rc, longs[i].rc);
		if (rc == 0 && v != longs[i].out)
			fail_msg("case %zu: value %ld, want %ld", i, v, longs[i].out);
		if (rc != 0 && v != -12345)
			fail_msg("case %zu: *out written on failure (%ld)", i, v);
	}
	{
		long v = 7;
		assert_int_equal(parse_long(NULL, 0, 10, &v), -1);
		assert_int_equal(v, 7);
	}
}

static const struct {
	const char *in, *out;
} jsons[] = {
    {"", "\"\""},
    {"plain", "\"plain\""},
    {"say \"hi\"", "\"say \\\"hi\\\"\""},
    {"C:\\path\\", "\"C:\\\\path\\\\\""},
    {"a\nb\rc\td", "\"a\\nb\\rc\\td\""},
    {"\x01", "\"\\u0001\""},
    {"x\x1fy", "\"x\\u001fy\""},
    {"\b\f", "\"\\u0008\\u000c\""},
    {"caf\xc3\xa9 \xe2\x80\x9cq\xe2\x80\x9d", "\"caf\xc3\xa9 \xe2\x80\x9cq\xe2\x80\x9d\""},
    {"</script>", "\"</script>\""},
};

/* A JSON string literal is well formed: quotes at both ends, no raw control character, escapes complete. */
static int
json_string_ok(const char *s)
{
	size_t n = strlen(s);

	if (n < 2 || s[0] != '"' || s[n - 1] != '"')
		return 0;
	for (size_t i = 1; i < n - 1; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 || c == '"')
			return 0;
		if (c == '\\') {
			char e = s[++i];
			if (i >= n - 1)
				return 0;
			if (e == 'u') {
				for (int k = 1; k <= 4; k++)
					if (i + (size_t)k >= n - 1 ||
					    !strchr("0123456789abcdefABCDEF", s[i + (size_t)k]))
						return 0;
				i += 4;
			} else if (!strchr("\"\\/bfnrt", e))
				return 0;
		}
	}
	return 1;
}

static void
test_json_str(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(jsons) / sizeof(*jsons); i++) {
		struct buf b = {0};
		json_str(&b, jsons[i].in);
		if (strcmp(buf_str(&b), jsons[i].out) != 0)
			fail_msg("case %zu: json_str = %s, want %s", i, buf_str(&b), jsons[i].out);
		assert_true(json_string_ok(buf_str(&b)));
		buf_free(&b);
	}
	/* Every byte below 0x20 comes out escaped. */
	for (int c = 1; c < 0x20; c++) {
		char in[2] = {(char)c, '\0'};
		struct buf b = {0};
		json_str(&b, in);
		assert_true(json_string_ok(buf_str(&b)));
		buf_free(&b);
	}
	{
		struct buf b = {0};
		struct strv sv = {0};
		json_str(&b, NULL);
		assert_string_equal(buf_str(&b), "null");
		buf_reset(&b);
		json_strv(&b, &sv);
		assert_string_equal(buf_str(&b), "[]");
		buf_reset(&b);
		strv_push(&sv, "a\"b");
		strv_push(&sv, "c");
		json_strv(&b, &sv);
		assert_string_equal(buf_str(&b), "[\"a\\\"b\", \"c\"]");
		strv_free(&sv);
		buf_free(&b);
	}
}

static const struct {
	const char *in;
	long long epoch;
	const char *utc; /* iso8601_utc(epoch) */
} isos[] = {
    {"2026-05-11", 1778457600LL, "2026-05-11T00:00:00Z"},
    {"2026-05-11T09:00", 1778490000LL, "2026-05-11T09:00:00Z"},
    {"2026-05-11 09:00", 1778490000LL, "2026-05-11T09:00:00Z"},
    {"2026-05-11T09:00Z", 1778490000LL, "2026-05-11T09:00:00Z"},
    {"2026-05-11T09:00:30Z", 1778490030LL, "2026-05-11T09:00:30Z"},
    {"2026-05-11T09:00:30.250Z", 1778490030LL, "2026-05-11T09:00:30Z"},
    {"2026-05-11T09:00+02:00", 1778482800LL, "2026-05-11T07:00:00Z"},
    {"2026-05-11T09:00:00+02:00", 1778482800LL, "2026-05-11T07:00:00Z"},
    {"2026-05-11T09:00-05:30", 1778509800LL, "2026-05-11T14:30:00Z"},
    {"2026-05-11T00:30+01:00", 1778455800LL, "2026-05-10T23:30:00Z"},
    {"1970-01-01T00:00:00Z", 0, "1970-01-01T00:00:00Z"},
    {"2024-02-29T23:59:59Z", 1709251199LL, "2024-02-29T23:59:59Z"},
    {"2000-01-01", 946684800LL, "2000-01-01T00:00:00Z"},
};

static const char *const bad_isos[] = {
    "",
    "2026",
    "2026-05",
    "2026-5-11",
    "26-05-11",
    "2026/05/11",
    "2026-13-01",
    "2026-00-10",
    "2026-05-00",
    "2026-05-32",
    "2026-05-11T",
    "2026-05-11T9:00",
    "2026-05-11T09",
    "2026-05-11T24:00",
    "2026-05-11T09:60",
    "2026-05-11T09:00:61",
    "2026-05-11T09:00+0200",
    "2026-05-11T09:00+02",
    "2026-05-11Z",
    "2026-05-11x",
    "2026-05-11T09:00Zjunk",
    "11 May 2026",
    "2026-05-11T09:00 +02:00",
    "abcd-ef-gh",
};

/* Days the month does not have: timegm() would silently roll them into the next month. */
static const char *const bad_days[] = {
    "2026-02-29",
    "2026-02-30",
    "2026-02-31",
    "2026-04-31",
    "2026-06-31",
    "2026-09-31",
    "2026-11-31",
    "2100-02-29",
    "2026-02-30T09:00Z",
};

static void
test_iso8601(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(isos) / sizeof(*isos); i++) {
		long long t = -1, back;
		char out[21];
		if (iso8601_parse(isos[i].in, &t) != 0)
			fail_msg("case %zu: iso8601_parse(\"%s\") failed", i, isos[i].in);
		if (t != isos[i].epoch)
			fail_msg("case %zu: iso8601_parse(\"%s\") = %lld, want %lld", i, isos[i].in, t, isos[i].epoch);
		iso8601_utc(t, out);
		assert_string_equal(out, isos[i].utc);
		/* Round trip: the UTC form parses back to the same instant. */
		assert_int_equal(iso8601_parse(out, &back), 0);
		assert_int_equal(back, t);
	}
	for (size_t i = 0; i < sizeof(bad_isos) / sizeof(*bad_isos); i++) {
		long long t = 4242;
		if (iso8601_parse(bad_isos[i], &t) == 0)
			fail_msg("bad case %zu: iso8601_parse(\"%s\") accepted (%lld)", i, bad_isos[i], t);
		assert_int_equal(t, 4242);
	}
	{
		long long t = 0;
		char d[11];
		assert_int_equal(iso8601_parse(NULL, &t), -1);
		assert_int_equal(iso8601_parse("2028-02-29", &t), 0); /* a leap year */
		iso_date(t, d);
		assert_string_equal(d, "2028-02-29");
	}
	/* now_set() overrides the clock; -1 gives it back. */
	now_set(1778457600LL);
	assert_int_equal(now_epoch(), 1778457600LL);
	now_set(-1);
	assert_true(now_epoch() > 1700000000LL);
}

static void
test_iso8601_month_days(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(bad_days) / sizeof(*bad_days); i++) {
		long long t = 4242;
		if (iso8601_parse(bad_days[i], &t) == 0)
			fail_msg("iso8601_parse(\"%s\") accepted a day the month does not have (%lld)", bad_days[i], t);
	}
	{
		long long t = 0;
		assert_int_equal(iso8601_parse("2000-02-29", &t), 0); /* divisible by 400: a leap year */
		assert_int_equal(iso8601_parse("2026-04-30", &t), 0);
		assert_int_equal(iso8601_parse("2026-12-31", &t), 0);
	}
}

static int
count_entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int n = 0;

	assert_non_null(d);
	while ((de = readdir(d)) != NULL)
		if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0)
			n++;
	closedir(d);
	return n;
}

static void
test_files(void **state)
{
	char dir[] = "/tmp/lsd-util-XXXXXX";
	char *path, *data = NULL, *err = NULL;
	size_t len = 99;
	static const char bin[] = "line 1\r\nline 2\0after nul";
	struct stat sb;

	(void)state;
	assert_non_null(mkdtemp(dir));
	path = xasprintf("%s/out.dat", dir);

	assert_int_equal(file_write_atomic(path, bin, sizeof(bin) - 1, &err), 0);
	assert_null(err);
	assert_int_equal(count_entries(dir), 1); /* no temporary file left behind */
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal((int)sb.st_size, (int)(sizeof(bin) - 1));
	assert_int_equal(sb.st_mode & 0007, 0); /* never world-readable */

	assert_int_equal(file_read(path, 1 << 20, &data, &len, &err), 0);
	assert_int_equal(len, sizeof(bin) - 1);
	assert_memory_equal(data, bin, len);
	assert_int_equal(data[len], '\0');
	free(data);

	/* Exactly at the cap is fine, one byte over is an error naming the file. */
	assert_int_equal(file_read(path, sizeof(bin) - 1, &data, &len, &err), 0);
	free(data);
	data = (char *)1;
	assert_int_equal(file_read(path, sizeof(bin) - 2, &data, &len, &err), -1);
	assert_null(data);
	assert_int_equal(len, 0);
	assert_non_null(err);
	assert_non_null(strstr(err, path));
	assert_non_null(strstr(err, "larger than"));
	free(err);
	err = NULL;

	/* Replacing is atomic: the new content, still one file. */
	assert_int_equal(file_write_atomic(path, "new", 3, &err), 0);
	assert_int_equal(file_read(path, 100, &data, &len, &err), 0);
	assert_string_equal(data, "new");
	free(data);
	assert_int_equal(count_entries(dir), 1);

	/* Empty file. */
	assert_int_equal(file_write_atomic(path, "", 0, &err), 0);
	assert_int_equal(file_read(path, 100, &data, &len, &err), 0);
	assert_int_equal(len, 0);
	assert_string_equal(data, "");
	free(data);

	/* A missing file and a missing folder are errors with the path. */
	{
		char *missing = xasprintf("%s/missing", dir);
		char *nodir = xasprintf("%s/no/such/dir/f", dir);
		assert_int_equal(file_read(missing, 100, &data, &len, &err), -1);
		assert_non_null(strstr(err, missing));
		free(err);
		err = NULL;
		assert_int_equal(file_write_atomic(nodir, "x", 1, &err), -1);
		assert_non_null(err);
		free(err);
		err = NULL;
		free(missing);
		free(nodir);
	}
	unlink(path);
	free(path);
	assert_int_equal(rmdir(dir), 0);
}

static void
test_strv_buf(void **state)
{
	struct strv sv = {0};
	struct buf b = {0};
	char *s;

	(void)state;
	for (int i = 0; i < 20; i++)
		strv_pushf(&sv, "item %d", i);
	assert_int_equal(sv.n, 20);
	assert_null(sv.v[20]); /* NULL-terminated */
	assert_string_equal(sv.v[19], "item 19");
	assert_true(strv_contains(&sv, "item 7"));
	assert_false(strv_contains(&sv, "item"));
	assert_int_equal(strv_push_unique(&sv, "item 7"), 0);
	assert_int_equal(strv_push_unique(&sv, "new"), 1);
	assert_int_equal(sv.n, 21);
	strv_free(&sv);
	assert_int_equal(sv.n, 0);

	for (int i = 0; i < 1000; i++)
		buf_printf(&b, "%d,", i % 10);
	assert_int_equal(b.len, 2000);
	assert_int_equal(strlen(buf_str(&b)), 2000);
	s = buf_steal(&b);
	assert_int_equal(b.len, 0);
	assert_string_equal(buf_str(&b), "");
	free(s);
	{
		char t[] = " \xc2\xa0 padded\t \xc2\xa0";
		assert_string_equal(str_trim(t), "padded");
	}
	assert_true(str_empty(NULL));
	assert_true(str_empty(" \t\xc2\xa0\n"));
	assert_false(str_empty(" x "));
	assert_true(str_startswith_ci("Out of Office: x", "out of office"));
	assert_true(str_endswith_ci("REPORT.DOCX", ".docx"));
	assert_false(str_endswith_ci("x", ".docx"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_collapse_ws),
	    cmocka_unit_test(test_oneline),
	    cmocka_unit_test(test_has_ctl),
	    cmocka_unit_test(test_parse_long),
	    cmocka_unit_test(test_json_str),
	    cmocka_unit_test(test_iso8601),
	    cmocka_unit_test(test_iso8601_month_days),
	    cmocka_unit_test(test_files),
	    cmocka_unit_test(test_strv_buf),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
