/* test_te_util.c - language tags, dates, URLs and list numbers for tei2epub. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "../../converters/te_util.h"

static void
lang_tags(void **state)
{
	(void)state;
	assert_true(te_lang_ok("en"));
	assert_true(te_lang_ok("ckb"));
	assert_true(te_lang_ok("ar-IQ"));
	assert_true(te_lang_ok("ku-Arab"));
	assert_true(te_lang_ok("und"));
	assert_true(te_lang_ok("x-private"));
	assert_true(te_lang_ok("zh-Hant-TW"));
	assert_false(te_lang_ok(""));
	assert_false(te_lang_ok("e"));
	assert_false(te_lang_ok("x"));
	assert_false(te_lang_ok("en-"));
	assert_false(te_lang_ok("-en"));
	assert_false(te_lang_ok("en--GB"));
	assert_false(te_lang_ok("not a tag"));
	assert_false(te_lang_ok("e1"));
	assert_false(te_lang_ok("en-abcdefghi"));
	assert_false(te_lang_ok(NULL));
}

static void
directions(void **state)
{
	(void)state;
	assert_true(te_lang_rtl("ar"));
	assert_true(te_lang_rtl("ckb"));
	assert_true(te_lang_rtl("ckb-IQ"));
	assert_true(te_lang_rtl("fa"));
	assert_true(te_lang_rtl("he"));
	assert_true(te_lang_rtl("ur"));
	assert_true(te_lang_rtl("AR"));
	assert_true(te_lang_rtl("ku-Arab"));   /* the script decides */
	assert_true(te_lang_rtl("az-Arab-IR"));
	assert_false(te_lang_rtl("ku"));
	assert_false(te_lang_rtl("ku-Latn"));
	assert_false(te_lang_rtl("ar-Latn"));
	assert_false(te_lang_rtl("en"));
	assert_false(te_lang_rtl("und"));
	assert_false(te_lang_rtl("arx"));
	assert_false(te_lang_rtl("bad tag"));
	assert_string_equal(te_lang_dir("ar"), "rtl");
	assert_string_equal(te_lang_dir("en"), "ltr");
}

static void
dates(void **state)
{
	(void)state;
	assert_true(te_w3cdtf_ok("2024"));
	assert_true(te_w3cdtf_ok("2024-01"));
	assert_true(te_w3cdtf_ok("2024-01-24"));
	assert_true(te_w3cdtf_ok("2024-02-29"));
	assert_true(te_w3cdtf_ok("2024-01-31T09:20:00Z"));
	assert_true(te_w3cdtf_ok("2024-01-31T09:20Z"));
	assert_false(te_w3cdtf_ok("2023-02-29"));
	assert_false(te_w3cdtf_ok("2024-13-01"));
	assert_false(te_w3cdtf_ok("2024-00"));
	assert_false(te_w3cdtf_ok("0000"));
	assert_false(te_w3cdtf_ok("24-01-2024"));
	assert_false(te_w3cdtf_ok("2024-01-24T25:00:00Z"));
	assert_false(te_w3cdtf_ok("2024-01-24T10:00:00+02:00"));
	assert_false(te_w3cdtf_ok("sometime"));
	assert_false(te_w3cdtf_ok("2024-01-24 "));
	assert_true(te_datetime_ok("2024-01-24"));
	assert_true(te_datetime_ok("2024-01-31T09:20:00Z"));
	assert_false(te_datetime_ok("2024-01-31T09:20Z"));
	assert_int_equal(te_date_epoch("1970-01-01"), 0);
	assert_int_equal(te_date_epoch("2024-01-24"), 1706054400);
	assert_int_equal(te_date_epoch("2024-01-31T09:20:00Z"), 1706692800);
	assert_int_equal(te_date_epoch("2024"), 1704067200);
	assert_int_equal(te_date_epoch("2000-03-01"), 951868800);
	assert_int_equal(te_date_epoch("bad"), -1);
}

static void
dos_times(void **state)
{
	uint16_t t, d;

	(void)state;
	te_dos_time(1706054400, &t, &d);           /* 2024-01-24 00:00:00 */
	assert_int_equal(t, 0);
	assert_int_equal(d, ((2024 - 1980) << 9) | (1 << 5) | 24);
	te_dos_time(1000000000, &t, &d);           /* 2001-09-09 01:46:40 */
	assert_int_equal(t, (1 << 11) | (46 << 5) | 20);
	assert_int_equal(d, ((2001 - 1980) << 9) | (9 << 5) | 9);
	te_dos_time(0, &t, &d);                    /* before 1980: clamped */
	assert_int_equal(d, (0 << 9) | (1 << 5) | 1);
	assert_int_equal(t, 0);
}

static void
urls(void **state)
{
	(void)state;
	assert_true(te_url_ok("https://party.example.org/news/2024/01/24/rail-fares"));
	assert_true(te_url_ok("http://example.org/a?b=c&d=%20#f"));
	assert_true(te_url_ok("mailto:press@example.org"));
	assert_false(te_url_ok("https://example.org/a b"));
	assert_false(te_url_ok("https://"));
	assert_false(te_url_ok("https:///path"));
	assert_false(te_url_ok("javascript:alert(1)"));
	assert_false(te_url_ok("../etc/passwd"));
	assert_false(te_url_ok("#h1"));
	assert_false(te_url_ok("http://example.org/\"onmouseover"));
	assert_false(te_url_ok("http://example.org/%zz"));
	assert_false(te_url_ok("http://exämple.org/"));
	assert_false(te_url_ok(NULL));
}

static void
numbers(void **state)
{
	long v = -1;

	(void)state;
	assert_int_equal(te_number("1", &v), TE_DIGITS_ASCII);
	assert_int_equal(v, 1);
	assert_int_equal(te_number("12.", &v), TE_DIGITS_ASCII);
	assert_int_equal(v, 12);
	assert_int_equal(te_number("(3)", &v), TE_DIGITS_ASCII);
	assert_int_equal(v, 3);
	assert_int_equal(te_number("١", &v), TE_DIGITS_ARAB);
	assert_int_equal(v, 1);
	assert_int_equal(te_number("١٢-", &v), TE_DIGITS_ARAB);
	assert_int_equal(v, 12);
	assert_int_equal(te_number("۴", &v), TE_DIGITS_PERS);
	assert_int_equal(v, 4);
	assert_int_equal(te_number("First", &v), TE_DIGITS_NONE);
	assert_int_equal(te_number("أولاً", &v), TE_DIGITS_NONE);
	assert_int_equal(te_number("iv", &v), TE_DIGITS_NONE);
	assert_int_equal(te_number("1١", &v), TE_DIGITS_NONE);   /* mixed scripts */
	assert_int_equal(te_number("1 2", &v), TE_DIGITS_NONE);
	assert_int_equal(te_number("", &v), TE_DIGITS_NONE);
	assert_int_equal(te_number("-", &v), TE_DIGITS_NONE);
	assert_int_equal(te_number("1234567890", &v), TE_DIGITS_NONE);
	assert_int_equal(te_number("\xff", &v), TE_DIGITS_NONE);
}

static void
text(void **state)
{
	char a[] = "  one\n\t two  three \n";
	char b[] = "بيان";   /* 8 bytes, 4 letters of 2 bytes */

	(void)state;
	assert_string_equal(te_squeeze(a), "one two three");
	te_truncate_utf8(b, 5);
	assert_string_equal(b, "بي");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(lang_tags),
		cmocka_unit_test(directions),
		cmocka_unit_test(dates),
		cmocka_unit_test(dos_times),
		cmocka_unit_test(urls),
		cmocka_unit_test(numbers),
		cmocka_unit_test(text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
