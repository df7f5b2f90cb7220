/* test_tl_bcp47.c - RFC 5646 well-formedness (converters/tl_bcp47.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "../../converters/tl_bcp47.h"

static void
test_well_formed(void **state)
{
	static const char *const good[] = {
		"en", "ar", "ckb", "und", "EN", "en-US", "en-GB", "ar-IQ",
		"ckb-Arab-IQ", "zh-Hant", "zh-Hant-TW", "sr-Latn-RS", "es-419",
		"de-CH-1901", "sl-rozaj-biske", "de-DE-u-co-phonebk",
		"en-a-bbb-x-a-ccc", "x-whatever", "X-A", "qaa-Qaaa-QM-x-southern",
		"zh-yue-HK", "zh-min-nan", "art-lojban", "i-klingon", "en-GB-oed",
		"sgn-BE-FR", "abcdefgh", "tlh", "en-x-1", "az-Latn",
		"de-1996", "hy-Latn-IT-arevela", "en-US-u-islamcal",
		"zh-cmn-Hans-CN", "sl-IT-nedis", "en-US-x-twain",
	};
	(void)state;
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
		const char *why = NULL;
		if (!tl_bcp47_check(good[i], &why))
			fail_msg("%s rejected: %s", good[i], why);
	}
}

static void
test_ill_formed(void **state)
{
	static const struct {
		const char *tag;
		const char *why;
	} bad[] = {
		{ "", "empty language tag" },
		{ "e", "primary language subtag must be 2 to 8 letters" },
		{ "i", "primary language subtag must be 2 to 8 letters" },
		{ "12", "primary language subtag must be 2 to 8 letters" },
		{ "en-", "empty subtag" },
		{ "-en", "empty subtag" },
		{ "en--US", "empty subtag" },
		{ "en_US", "character other than a letter, digit or hyphen" },
		{ "en US", "character other than a letter, digit or hyphen" },
		{ "عربي", "character other than a letter, digit or hyphen" },
		{ "abcdefghi", "subtag longer than 8 characters" },
		{ "en-abcdefghi", "subtag longer than 8 characters" },
		{ "en-x", "private use 'x' without a subtag after it" },
		{ "x", "private use 'x' without a subtag after it" },
		{ "fr-x", "private use 'x' without a subtag after it" },
		{ "en-a", "extension singleton without a subtag of 2 to 8 characters" },
		{ "en-a-b", "extension singleton without a subtag of 2 to 8 characters" },
		{ "en-u-x-foo", "extension singleton without a subtag of 2 to 8 characters" },
		{ "en-US-Latn", "subtag out of place (not a script, region, variant or extension)" },
		{ "en-US-US", "subtag out of place (not a script, region, variant or extension)" },
		{ "en-1234x", NULL }, /* 5 characters: a variant, fine */
		{ "en-123x", NULL }, /* DIGIT 3alphanum: a variant */
		{ "en-12x", "subtag out of place (not a script, region, variant or extension)" },
		{ "en-abc-def-ghi-jkl", "subtag out of place (not a script, region, variant or extension)" },
		{ "en-US-a-b", "extension singleton without a subtag of 2 to 8 characters" },
		{ "abcd-abc", "subtag out of place (not a script, region, variant or extension)" },
	};
	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		const char *why = NULL;
		bool ok = tl_bcp47_check(bad[i].tag, &why);
		if (bad[i].why == NULL) {
			if (!ok)
				fail_msg("%s rejected: %s", bad[i].tag, why);
			continue;
		}
		if (ok)
			fail_msg("%s accepted", bad[i].tag);
		assert_non_null(why);
		assert_string_equal(why, bad[i].why);
	}
}

static void
test_why_optional(void **state)
{
	(void)state;
	assert_false(tl_bcp47_check("en-", NULL));
	assert_true(tl_bcp47_check("en", NULL));
	assert_false(tl_bcp47_check(NULL, NULL));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_well_formed),
		cmocka_unit_test(test_ill_formed),
		cmocka_unit_test(test_why_optional),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
