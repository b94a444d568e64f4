/* test_sdo.c: the standards-body directory: canonical names, list splitting, mail domains, loading. */
/* SPDX-License-Identifier: Apache-2.0 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sdo.h"

static const struct {
	const char *in, *canon; /* canon NULL: unknown */
} names[] = {
    {"ITU-T Study Group 21", "ITU-T SG21"},
    {"ITU-T SG21", "ITU-T SG21"},
    {"SG21", "ITU-T SG21"},
    {"Study Group 20", "ITU-T SG20"},
    {"itu-t sg 20", "ITU-T SG20"},
    {"ISO/IEC JTC1 SC29", "ISO/IEC JTC 1/SC 29"},
    {"ISO/IEC JTC 1/SC 29", "ISO/IEC JTC 1/SC 29"},
    {"JTC 1 SC 29", "ISO/IEC JTC 1/SC 29"},
    {"JTC1/SC29", "ISO/IEC JTC 1/SC 29"},
    {"JCA-MV", "ITU-T JCA-MV"},
    {"ITU-T JCA-MV", "ITU-T JCA-MV"},
    {"ITU-T-JCA-MV", "ITU-T JCA-MV"},
    {"TSAG", "ITU-T TSAG"},
    {"FG-MV", "ITU-T FG-MV"},
    {"SA1", "3GPP SA1"},
    {"SA WG1", "3GPP SA1"},
    {"3GPP TSG SA WG4", "3GPP SA4"},
    {"SA", "3GPP TSG SA"},
    {"CT1", "3GPP CT1"},
    {"RAN2", "3GPP RAN2"},
    {"ISO TC 307", "ISO/TC 307"},
    {"ETSI ISG-ARF", "ETSI ISG ARF"},
    {"ITU IRG AVA", "ITU IRG-AVA"},
    {"the Metaverse Standards Forum", "Metaverse Standards Forum"},
    {"Internet Engineering Task Force (IETF)", "IETF"},
    {"IETF (Jane Doe)", "IETF"},
    {"TMForum", "TM Forum"},
    {"IEC SEG15", "IEC SEG 15"},
    /* the IETF Datatracker's group codes */
    {"ITU-T-SG-15", "ITU-T SG15"},
    {"3GPP-TSGCT-CT4", "3GPP CT4"},
    {"3GPP-TSG-SA", "3GPP TSG SA"},
    {"IEEE-802-1", "IEEE 802.1"},
    {"BROADBAND-FORUM", "Broadband Forum"},
    {"MEF Forum", "MEF"},
    {"The IESG", "IESG"},
    {"oneM2M TP", "oneM2M"},
    {"Acme Metaverse Alliance", NULL},
    {"", NULL},
    {"SG99", NULL},
};

static void
test_canonical(void **state)
{
	const struct sdo_dir *d = sdo_dir_builtin();

	(void)state;
	for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++) {
		const char *c = sdo_canonical(d, names[i].in);
		if (!names[i].canon ? c != NULL : (!c || strcmp(c, names[i].canon) != 0))
			fail_msg("%s: expected %s, got %s", names[i].in, names[i].canon ? names[i].canon : "(unknown)",
			    c ? c : "(unknown)");
	}
	assert_null(sdo_canonical(d, NULL));
	assert_true(sdo_find(d, "SG20") >= 0);
	assert_int_equal(sdo_find(d, "nobody at all"), -1);
}

static const struct {
	const char *in;
	const char *out; /* "|"-joined */
} lists[] = {
    {"ITU-T SGs 2, 3, 5, 9, 11, 12, 13, 15, 16, 17, 20, and TSAG; ITU-D SGs 1, 2; ITU-R SG6",
        "ITU-T SG2|ITU-T SG3|ITU-T SG5|ITU-T SG9|ITU-T SG11|ITU-T SG12|ITU-T SG13|ITU-T SG15|ITU-T SG16|ITU-T "
        "SG17|ITU-T SG20|ITU-T TSAG|ITU-D SG1|ITU-D SG2|ITU-R SG6"},
    {"ISO/IEC JTC1 SC24, VRM consortium, and IOWN Global Forum",
        "ISO/IEC JTC 1/SC 24|VRM consortium|IOWN Global Forum"},
    {"TSAG, JCA-MV", "ITU-T TSAG|ITU-T JCA-MV"},
    {"SA1, SA4 and IETF", "3GPP SA1|3GPP SA4|IETF"},
    {"ITU-T SGs 16 and 21", "ITU-T SG16|ITU-T SG21"},
    {"ISO/IEC JTC 1/SC 24 and SC 29", "ISO/IEC JTC 1/SC 24|ISO/IEC JTC 1/SC 29"},
    {"ITU-R SG5, SG6", "ITU-R SG5|ITU-R SG6"},
    {"ITU-T JCA-IoT and SC&C", "ITU-T JCA-IoT and SC&C"},
    {"Acme Forum (Europe, Asia), W3C.", "Acme Forum (Europe, Asia)|W3C"},
    {"ITU-T SG20, ITU-T SG20, SG20", "ITU-T SG20"},
    {"N/A", ""},
    {"", ""},
};

static void
test_split(void **state)
{
	const struct sdo_dir *d = sdo_dir_builtin();

	(void)state;
	for (size_t i = 0; i < sizeof(lists) / sizeof(*lists); i++) {
		struct strv sv = {0};
		struct buf b = {0};
		sdo_split_list(d, lists[i].in, &sv);
		for (size_t j = 0; j < sv.n; j++)
			buf_printf(&b, "%s%s", j ? "|" : "", sv.v[j]);
		if (strcmp(buf_str(&b), lists[i].out) != 0)
			fail_msg("%s:\n expected %s\n got      %s", lists[i].in, lists[i].out, buf_str(&b));
		buf_free(&b);
		strv_free(&sv);
	}
}

static void
test_split_bounded(void **state)
{
	struct strv sv = {0};
	struct buf b = {0};

	(void)state;
	for (int i = 0; i < 200000; i++)
		buf_printf(&b, "Body %d and ", i);
	sdo_split_list(sdo_dir_builtin(), buf_str(&b), &sv);
	assert_true(sv.n <= 500);
	assert_true(sv.n > 0);
	strv_free(&sv);
	buf_free(&b);
}

static void
test_email(void **state)
{
	const struct sdo_dir *d = sdo_dir_builtin();
	static const struct {
		const char *addr, *sdo;
	} mails[] = {
	    {"tsbsg20@itu.int", "ITU-T SG20"},
	    {"TSBJCAMV@ITU.INT", "ITU-T JCA-MV"},
	    {"ITU-T TSAG <tsbtsag@itu.int>", "ITU-T TSAG"},
	    {"someone@itu.int", NULL},
	    {"x@3gpp.org", "3GPP"},
	    {"liaisons@etsi.org", "ETSI"},
	    {"a@mail.ietf.org", "IETF"},
	    {"b@w3.org", "W3C"},
	    {"c@ieee.org", "IEEE SA"},
	    {"d@metaverse-standards.org", "Metaverse Standards Forum"},
	    {"e@notietf.org", NULL},
	    {"no-at-sign", NULL},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(mails) / sizeof(*mails); i++) {
		const char *s = sdo_by_email(d, mails[i].addr);
		if (!mails[i].sdo ? s != NULL : (!s || strcmp(s, mails[i].sdo) != 0))
			fail_msg("%s: expected %s, got %s", mails[i].addr, mails[i].sdo ? mails[i].sdo : "none",
			    s ? s : "none");
	}
}

static char *
write_tmp(const char *text)
{
	char *path = strdup("/tmp/test_sdo_XXXXXX");
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	return path;
}

static void
test_load(void **state)
{
	char *err = NULL, *path;
	struct sdo_dir *d;
	long i;

	(void)state;
	path = write_tmp("sdos = (\n { name = \"Acme Forum\"; aliases = [\"AF\"]; domains = [\"acme.example\"]; "
	                 "contacts = [\"liaison@acme.example\"]; }\n);\n");
	d = sdo_dir_load(path, &err);
	assert_non_null(d);
	assert_null(err);
	assert_int_equal(sdo_count(d), 1);
	assert_string_equal(sdo_canonical(d, "af"), "Acme Forum");
	assert_string_equal(sdo_by_email(d, "x@lists.acme.example"), "Acme Forum");
	i = sdo_find(d, "Acme Forum");
	assert_int_equal(i, 0);
	assert_string_equal(sdo_name(d, 0), "Acme Forum");
	assert_int_equal(sdo_aliases(d, 0)->n, 1);
	assert_string_equal(sdo_contacts(d, 0)->v[0], "liaison@acme.example");
	assert_string_equal(sdo_domains(d, 0)->v[0], "acme.example");
	assert_null(sdo_name(d, 1));
	sdo_dir_free(d);
	unlink(path);
	free(path);

	path = write_tmp("sdos = (\n { name = \"A\"; },\n { name = \"B\";\n   aliases = [ 3 ]; }\n);\n");
	d = sdo_dir_load(path, &err);
	assert_null(d);
	assert_non_null(err);
	assert_non_null(strstr(err, ":4: sdos.[1].aliases"));
	assert_non_null(strstr(err, path));
	free(err);
	unlink(path);
	free(path);

	path = write_tmp("sdos = ( { name = ; } );\n");
	d = sdo_dir_load(path, &err);
	assert_null(d);
	assert_non_null(strstr(err, ":1: "));
	free(err);
	unlink(path);
	free(path);

	d = sdo_dir_load("/nonexistent/sdos.conf", &err);
	assert_null(d);
	assert_non_null(err);
	free(err);
	sdo_dir_free(NULL);
}

static void
test_builtin(void **state)
{
	struct sdo_dir *d = sdo_dir_builtin();

	(void)state;
	assert_true(sdo_count(d) > 80);
	assert_ptr_equal(d, sdo_dir_builtin());
	sdo_dir_free(d); /* the shared directory survives */
	assert_string_equal(sdo_canonical(sdo_dir_builtin(), "SG21"), "ITU-T SG21");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_canonical),
	    cmocka_unit_test(test_split),
	    cmocka_unit_test(test_split_bounded),
	    cmocka_unit_test(test_email),
	    cmocka_unit_test(test_load),
	    cmocka_unit_test(test_builtin),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
