/* test_ocfl_verify.c - the OCFL validator's small rules and its inventory checker. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../archive/ocfl_verify.h"
#include "wathiqa.h"

static void
test_version_names(void **state)
{
	unsigned long n;
	size_t pad;

	(void)state;
	assert_true(ocfl_version_parse("v1", &n, &pad));
	assert_int_equal(n, 1);
	assert_int_equal(pad, 0);
	assert_true(ocfl_version_parse("v12", &n, &pad));
	assert_int_equal(n, 12);
	assert_true(ocfl_version_parse("v001", &n, &pad));
	assert_int_equal(n, 1);
	assert_int_equal(pad, 4);
	assert_true(ocfl_version_parse("v010", &n, &pad));
	assert_int_equal(n, 10);
	assert_false(ocfl_version_parse("v0", &n, &pad));     /* versions are positive */
	assert_false(ocfl_version_parse("v000", &n, &pad));
	assert_false(ocfl_version_parse("1", &n, &pad));      /* E104 */
	assert_false(ocfl_version_parse("V1", &n, &pad));
	assert_false(ocfl_version_parse("v", &n, &pad));
	assert_false(ocfl_version_parse("v1a", &n, &pad));
	assert_false(ocfl_version_parse("v-1", &n, &pad));
	assert_false(ocfl_version_parse("v+1", &n, &pad));
	assert_false(ocfl_version_parse("v 1", &n, &pad));
	assert_false(ocfl_version_parse("v12345678901", &n, &pad)); /* no overflow */
}

static void
test_rfc3339(void **state)
{
	(void)state;
	assert_true(ocfl_rfc3339_ok("2018-10-31T12:54:57Z"));
	assert_true(ocfl_rfc3339_ok("2018-10-31T12:54:57.688459Z"));
	assert_true(ocfl_rfc3339_ok("2021-03-30T15:18:29.613693922-05:00"));
	assert_true(ocfl_rfc3339_ok("2021-03-29T19:50:12+05:00"));
	assert_true(ocfl_rfc3339_ok("2020-02-29T00:00:00z"));
	assert_true(ocfl_rfc3339_ok("2016-12-31T23:59:60Z"));  /* a leap second */
	assert_false(ocfl_rfc3339_ok("2019-01-01T02:03:04"));  /* no time zone */
	assert_false(ocfl_rfc3339_ok("2019-01-01T01:02Z"));    /* no seconds */
	assert_false(ocfl_rfc3339_ok("2019-01-01 01:02:03Z")); /* a space */
	assert_false(ocfl_rfc3339_ok("2019-13-01T01:02:03Z"));
	assert_false(ocfl_rfc3339_ok("2019-02-29T01:02:03Z")); /* not a leap year */
	assert_false(ocfl_rfc3339_ok("2019-04-31T01:02:03Z"));
	assert_false(ocfl_rfc3339_ok("2019-01-01T24:00:00Z"));
	assert_false(ocfl_rfc3339_ok("2019-01-01T01:02:03.Z"));
	assert_false(ocfl_rfc3339_ok("2019-01-01T01:02:03+0500"));
	assert_false(ocfl_rfc3339_ok("2019-01-01T01:02:03Zjunk"));
	assert_false(ocfl_rfc3339_ok(""));
}

static void
test_paths(void **state)
{
	(void)state;
	assert_int_equal(ocfl_path_check("v1/content/a.txt"), 0);
	assert_int_equal(ocfl_path_check("a"), 0);
	assert_int_equal(ocfl_path_check("a/.b/..c/c..."), 0);
	assert_int_equal(ocfl_path_check("/a"), OCFL_PATH_SLASH);
	assert_int_equal(ocfl_path_check("a/"), OCFL_PATH_SLASH);
	assert_int_equal(ocfl_path_check("a//b"), OCFL_PATH_ELEMENT);
	assert_int_equal(ocfl_path_check("a/./b"), OCFL_PATH_ELEMENT);
	assert_int_equal(ocfl_path_check("a/../b"), OCFL_PATH_ELEMENT);
	assert_int_equal(ocfl_path_check(".."), OCFL_PATH_ELEMENT);
	assert_int_equal(ocfl_path_check("."), OCFL_PATH_ELEMENT);
	assert_int_equal(ocfl_path_check("/a/../b"), OCFL_PATH_SLASH | OCFL_PATH_ELEMENT);
	assert_int_equal(ocfl_path_check("//"), OCFL_PATH_SLASH | OCFL_PATH_ELEMENT);
	assert_int_equal(ocfl_path_check(""), OCFL_PATH_EMPTY);
}

static void
test_digests_and_uris(void **state)
{
	(void)state;
	assert_true(ocfl_hex_ok("0123456789abcdefABCDEF", 22));
	assert_false(ocfl_hex_ok("0123456789abcdefABCDEF", 128));
	assert_false(ocfl_hex_ok("xyz", 3));
	assert_false(ocfl_hex_ok("", 0));
	assert_true(ocfl_hex_ok("ab", 0));
	assert_true(ocfl_uri_ok("urn:example:1"));
	assert_true(ocfl_uri_ok("mailto:a@example.org"));
	assert_true(ocfl_uri_ok("https://orcid.org/0000-0002-1825-0097"));
	assert_true(ocfl_uri_ok("ark:123/abc"));
	assert_false(ocfl_uri_ok("not_a_uri"));
	assert_false(ocfl_uri_ok("bb123cd4567"));
	assert_false(ocfl_uri_ok("1 Wonky Way, Wibblesville, WW"));
	assert_false(ocfl_uri_ok("a:"));
	assert_false(ocfl_uri_ok("x: y"));
	assert_false(ocfl_uri_ok(""));
}

static void
test_layout_0004(void **state)
{
	char *p;

	(void)state;
	/* The extension's own test vector. */
	p = ocfl_layout_0004("object-01", 3, 3, false);
	assert_non_null(p);
	assert_string_equal(p, "3c0/ff4/240/3c0ff4240c1e116dba14c7627f2319b58aa3d77606d0d90dfc6161608ac987d4");
	free(p);
	p = ocfl_layout_0004("object-01", 3, 3, true);
	assert_non_null(p);
	assert_string_equal(p, "3c0/ff4/240/c1e116dba14c7627f2319b58aa3d77606d0d90dfc6161608ac987d4");
	free(p);
	p = ocfl_layout_0004("object-01", 0, 0, false);
	assert_non_null(p);
	assert_string_equal(p, "3c0ff4240c1e116dba14c7627f2319b58aa3d77606d0d90dfc6161608ac987d4");
	free(p);
	assert_null(ocfl_layout_0004("object-01", 0, 3, false));
	assert_null(ocfl_layout_0004("object-01", 33, 2, false));
	assert_null(ocfl_layout_0004("object-01", 32, 2, true));
}

/* Check an inventory text; return the codes reported, comma-separated (static buffer). */
static const char *
codes_of(const char *json, int spec)
{
	static char out[1024];
	struct ocfl_report r = OCFL_REPORT_INIT;
	size_t i;

	out[0] = '\0';
	assert_int_equal(ocfl_check_inventory_mem(json, strlen(json), spec, "inventory.json", &r), 0);
	for (i = 0; i < r.n; i++) {
		if (strstr(out, r.v[i].code) != NULL)
			continue;
		if (out[0] != '\0')
			strcat(out, ",");
		strcat(out, r.v[i].code);
	}
	ocfl_report_free(&r);
	return out;
}

#define D1 "43a43fe8a8a082d3b5343dfaf2fd0c8b8e370675b1f376e92e9994612c33ea255b11298269d72f797399ebb94edeefe53df243643676548f584fb8603ca53a0f"
#define D2 "33a43fe8a8a082d3b5343dfaf2fd0c8b8e370675b1f376e92e9994612c33ea255b11298269d72f797399ebb94edeefe53df243643676548f584fb8603ca53a0f"
#define HEAD "\"id\":\"urn:x:1\",\"type\":\"https://ocfl.io/1.1/spec/#inventory\",\"digestAlgorithm\":\"sha512\","
#define USER ",\"message\":\"m\",\"user\":{\"name\":\"n\",\"address\":\"mailto:a@b\"}"
#define V1 "\"v1\":{\"created\":\"2024-01-24T00:00:00Z\",\"state\":{\"" D1 "\":[\"a.txt\"]}" USER "}"

static void
test_inventory_good(void **state)
{
	(void)state;
	assert_string_equal(codes_of("{" HEAD "\"head\":\"v1\",\"manifest\":{\"" D1
	                             "\":[\"v1/content/a.txt\"]},\"versions\":{" V1 "}}", 11), "");
	/* Upper-case digests are digests. */
	assert_string_equal(codes_of("{" HEAD "\"head\":\"v1\",\"manifest\":{\"43A43FE8A8A082D3B5343DFAF2FD0C8B8E370675B1F376E92E9994612C33EA255B11298269D72F797399EBB94EDEEFE53DF243643676548F584FB8603CA53A0F\":[\"v1/content/a.txt\"]},\"versions\":{\"v1\":{\"created\":\"2024-01-24T00:00:00Z\",\"state\":{\"43A43FE8A8A082D3B5343DFAF2FD0C8B8E370675B1F376E92E9994612C33EA255B11298269D72F797399EBB94EDEEFE53DF243643676548F584FB8603CA53A0F\":[\"a.txt\"]}" USER "}}}", 11), "");
}

static void
test_inventory_bad(void **state)
{
	(void)state;
	/* Duplicate keys are refused by the parser: E033. */
	assert_string_equal(codes_of("{\"id\":\"urn:a\",\"id\":\"urn:b\"}", 11), "E033");
	assert_string_equal(codes_of("{", 11), "E033");
	assert_string_equal(codes_of("[]", 11), "E033");
	assert_string_equal(codes_of("", 11), "E033");
	/* Missing keys. */
	assert_string_equal(codes_of("{\"type\":\"https://ocfl.io/1.1/spec/#inventory\"}", 11),
	                    "E036,E041");
	/* Unknown key (1.1), wrong type, sha256 warns, md5 is refused. */
	assert_string_equal(codes_of("{" HEAD "\"head\":\"v1\",\"extra\":1,\"manifest\":{\"" D1
	                             "\":[\"v1/content/a.txt\"]},\"versions\":{" V1 "}}", 11), "E102");
	assert_string_equal(codes_of("{\"id\":\"urn:x:1\",\"type\":\"https://ocfl.io/1.0/spec/#inventory\",\"digestAlgorithm\":\"sha512\",\"head\":\"v1\",\"manifest\":{\"" D1
	                             "\":[\"v1/content/a.txt\"]},\"versions\":{" V1 "}}", 11), "E038");
	assert_string_equal(codes_of("{\"id\":\"urn:x:1\",\"type\":\"https://ocfl.io/1.1/spec/#inventory\",\"digestAlgorithm\":\"md5\",\"head\":\"v1\",\"manifest\":{},\"versions\":{\"v1\":{\"created\":\"2024-01-24T00:00:00Z\",\"state\":{}" USER "}}}", 11), "E025");
	/* Paths: .., leading slash, duplicates, prefix conflicts, outside the content dir. */
	assert_string_equal(codes_of("{" HEAD "\"head\":\"v1\",\"manifest\":{\"" D1
	                             "\":[\"v1/content/../a.txt\"]},\"versions\":{" V1 "}}", 11), "E099");
	assert_string_equal(codes_of("{" HEAD "\"head\":\"v1\",\"manifest\":{\"" D1
	                             "\":[\"/v1/content/a.txt\"]},\"versions\":{" V1 "}}", 11), "E100");
	assert_string_equal(codes_of("{" HEAD "\"head\":\"v1\",\"manifest\":{\"" D1
	                             "\":[\"v1/content/a\",\"v1/content/a/b\"]},\"versions\":{" V1 "}}", 11), "E101");
	assert_string_equal(codes_of("{" HEAD "\"head\":\"v1\",\"manifest\":{\"" D1
	                             "\":[\"v1/other/a.txt\"]},\"versions\":{" V1 "}}", 11), "E042");
	assert_string_equal(codes_of("{" HEAD "\"head\":\"v1\",\"manifest\":{\"" D1
	                             "\":[\"v1/content/a.txt\"]},\"versions\":{\"v1\":{\"created\":\"2024-01-24T00:00:00Z\",\"state\":{\"" D1 "\":[\"a\",\"a/b\",\"../c\"]}" USER "}}}", 11), "E052,E095");
	/* A digest twice (case), a state digest not in the manifest, one never used. */
	assert_string_equal(codes_of("{" HEAD "\"head\":\"v1\",\"manifest\":{\"" D1
	                             "\":[\"v1/content/a.txt\"],\"" "43A43FE8A8A082D3B5343DFAF2FD0C8B8E370675B1F376E92E9994612C33EA255B11298269D72F797399EBB94EDEEFE53DF243643676548F584FB8603CA53A0F" "\":[\"v1/content/b.txt\"]},\"versions\":{" V1 "}}", 11), "E096,E107");
	assert_string_equal(codes_of("{" HEAD "\"head\":\"v1\",\"manifest\":{\"" D2
	                             "\":[\"v1/content/a.txt\"]},\"versions\":{" V1 "}}", 11), "E050,E107");
	/* E107 is a 1.1 rule: a 1.0 inventory may keep an unused manifest entry. */
	assert_string_equal(codes_of("{\"id\":\"urn:x:1\",\"type\":\"https://ocfl.io/1.0/spec/#inventory\",\"digestAlgorithm\":\"sha512\",\"head\":\"v1\",\"manifest\":{\"" D1
	                             "\":[\"v1/content/a.txt\"],\"" D2 "\":[\"v1/content/b.txt\"]},\"versions\":{" V1 "}}", 10), "");
	/* Versions: a gap, a wrong head, a bad date, padding. */
	assert_string_equal(codes_of("{" HEAD "\"head\":\"v3\",\"manifest\":{\"" D1
	                             "\":[\"v1/content/a.txt\"]},\"versions\":{" V1 ",\"v3\":{\"created\":\"2024-01-24T00:00:00Z\",\"state\":{}" USER "}}}", 11), "E010");
	assert_string_equal(codes_of("{" HEAD "\"head\":\"v2\",\"manifest\":{\"" D1
	                             "\":[\"v1/content/a.txt\"]},\"versions\":{" V1 "}}", 11), "E040");
	assert_string_equal(codes_of("{" HEAD "\"head\":\"v1\",\"manifest\":{\"" D1
	                             "\":[\"v1/content/a.txt\"]},\"versions\":{\"v1\":{\"created\":\"2024-01-24\",\"state\":{\"" D1 "\":[\"a.txt\"]}" USER "}}}", 11), "E049");
	assert_string_equal(codes_of("{" HEAD "\"head\":\"v01\",\"manifest\":{\"" D1
	                             "\":[\"v01/content/a.txt\"]},\"versions\":{\"v01\":{\"created\":\"2024-01-24T00:00:00Z\",\"state\":{\"" D1 "\":[\"a.txt\"]}" USER "}}}", 11), "W001");
	/* Fixity: unknown algorithm, a path not in the manifest, not an object. */
	assert_string_equal(codes_of("{" HEAD "\"head\":\"v1\",\"manifest\":{\"" D1
	                             "\":[\"v1/content/a.txt\"]},\"versions\":{" V1 "},\"fixity\":{\"crc99\":{}}}", 11), "E056");
	assert_string_equal(codes_of("{" HEAD "\"head\":\"v1\",\"manifest\":{\"" D1
	                             "\":[\"v1/content/a.txt\"]},\"versions\":{" V1 "},\"fixity\":{\"md5\":{\"184f84e28cbe75e050e9c25ea7f2e939\":[\"v1/content/b.txt\"]}}}", 11), "E057");
	assert_string_equal(codes_of("{" HEAD "\"head\":\"v1\",\"manifest\":{\"" D1
	                             "\":[\"v1/content/a.txt\"]},\"versions\":{" V1 "},\"fixity\":[]}", 11), "E111");
	/* User without name, message not a string; W007 without message and user. */
	assert_string_equal(codes_of("{" HEAD "\"head\":\"v1\",\"manifest\":{\"" D1
	                             "\":[\"v1/content/a.txt\"]},\"versions\":{\"v1\":{\"created\":\"2024-01-24T00:00:00Z\",\"state\":{\"" D1 "\":[\"a.txt\"]},\"message\":1,\"user\":{\"address\":\"mailto:a@b\"}}}}", 11), "E094,E054");
	assert_string_equal(codes_of("{" HEAD "\"head\":\"v1\",\"manifest\":{\"" D1
	                             "\":[\"v1/content/a.txt\"]},\"versions\":{\"v1\":{\"created\":\"2024-01-24T00:00:00Z\",\"state\":{\"" D1 "\":[\"a.txt\"]}}}}", 11), "W007");
}

static void
test_codes_table(void **state)
{
	size_t i;
	const char *c;

	(void)state;
	assert_non_null(ocfl_code_text("E040"));
	assert_non_null(ocfl_code_text("W004"));
	assert_null(ocfl_code_text("E999"));
	for (i = 0; (c = ocfl_code_at(i)) != NULL; i++) {
		assert_int_equal(strlen(c), 4);
		if (i > 0)
			assert_true(strcmp(ocfl_code_at(i - 1), c) < 0);
	}
	assert_true(i > 100);
}

static void
test_report(void **state)
{
	struct ocfl_report r = OCFL_REPORT_INIT;
	char big[2000];
	int i;

	(void)state;
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	for (i = 0; i < 100; i++)
		ocfl_report_add(&r, i % 2 ? "W004" : "E040", "obj/inventory.json", "n %d", i);
	ocfl_report_add(&r, "E092", "f", "%s", big);
	assert_int_equal(r.n, 101);
	assert_int_equal(r.errors, 51);
	assert_int_equal(r.warnings, 50);
	assert_string_equal(r.v[3].msg, "n 3");
	assert_int_equal(strlen(r.v[100].msg), sizeof big - 1);
	assert_true(ocfl_report_has(&r, "E092"));
	assert_false(ocfl_report_has(&r, "E001"));
	ocfl_report_free(&r);
	assert_int_equal(r.n, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_version_names),
		cmocka_unit_test(test_rfc3339),
		cmocka_unit_test(test_paths),
		cmocka_unit_test(test_digests_and_uris),
		cmocka_unit_test(test_layout_0004),
		cmocka_unit_test(test_inventory_good),
		cmocka_unit_test(test_inventory_bad),
		cmocka_unit_test(test_codes_table),
		cmocka_unit_test(test_report),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
