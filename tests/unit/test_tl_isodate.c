/* test_tl_isodate.c - ISO 8601 dates and times (converters/tl_isodate.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "../../converters/tl_isodate.h"

static void
test_good(void **state)
{
	static const char *const good[] = {
		"2024", "2024-01", "2024-12", "2024-01-24", "0001-01-01", "9999-12-31",
		"2024-02-29", "2000-02-29", "1600-02-29", "2023-02-28",
		"2024-04-30", "2024-01-31T09:15:00Z", "2024-01-31T00:00:00",
		"2024-01-31T23:59:59.5", "2024-01-31T23:59:59.123456+03:00",
		"2024-01-31T12:00:00-14:00", "2024-01-31T12:00:00+14:00",
		"2024-01-31T12:00:00+05:45",
	};
	(void)state;
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
		const char *why = NULL;
		if (!tl_isodate_check(good[i], &why))
			fail_msg("%s rejected: %s", good[i], why);
	}
}

static void
test_bad(void **state)
{
	static const char form[] = "not in the form YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDThh:mm:ss";
	static const struct {
		const char *s;
		const char *why;
	} bad[] = {
		{ "", form },
		{ "24", form },
		{ "20245", form },
		{ "2024-1-24", form },
		{ "2024-01-4", form },
		{ "24-01-2024", form },
		{ "2024/01/24", form },
		{ "2024-01-24 09:15:00", form },
		{ "2024-01-24T09:15", form },
		{ "2024-01-24T9:15:00", form },
		{ "-2024-01-24", form },
		{ "٢٠٢٤-٠١-٢٤", form },
		{ "0000", "year 0000 does not exist" },
		{ "0000-01-01", "year 0000 does not exist" },
		{ "2024-00", "month out of range 01-12" },
		{ "2024-13-01", "month out of range 01-12" },
		{ "2024-02-30", "no such day in that month" },
		{ "2023-02-29", "no such day in that month" },
		{ "1900-02-29", "no such day in that month" },
		{ "2024-04-31", "no such day in that month" },
		{ "2024-01-00", "no such day in that month" },
		{ "2024-01-32", "no such day in that month" },
		{ "2024-01-24T24:00:00", "time out of range 00:00:00-23:59:59" },
		{ "2024-01-24T23:60:00", "time out of range 00:00:00-23:59:59" },
		{ "2024-01-24T23:59:60", "time out of range 00:00:00-23:59:59" },
		{ "2024-01-24T23:59:59.", "no digit after the decimal point of the seconds" },
		{ "2024-01-24T23:59:59+3", "time zone not in the form Z, +hh:mm or -hh:mm" },
		{ "2024-01-24T23:59:59+0300", "time zone not in the form Z, +hh:mm or -hh:mm" },
		{ "2024-01-24T23:59:59+15:00", "time zone offset out of range -14:00 to +14:00" },
		{ "2024-01-24T23:59:59+14:30", "time zone offset out of range -14:00 to +14:00" },
		{ "2024-01-24T23:59:59+03:60", "time zone offset out of range -14:00 to +14:00" },
		{ "2024-01-24T23:59:59ZZ", "unexpected characters after the date and time" },
		{ "2024-01-24Z", form },
		{ "2024-01-24T", form },
	};
	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		const char *why = NULL;
		if (tl_isodate_check(bad[i].s, &why))
			fail_msg("%s accepted", bad[i].s);
		assert_non_null(why);
		if (strcmp(why, bad[i].why) != 0)
			fail_msg("%s: got \"%s\", want \"%s\"", bad[i].s, why, bad[i].why);
	}
}

static void
test_why_optional(void **state)
{
	(void)state;
	assert_false(tl_isodate_check("2024-02-30", NULL));
	assert_true(tl_isodate_check("2024-02-29", NULL));
	assert_false(tl_isodate_check(NULL, NULL));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good),
		cmocka_unit_test(test_bad),
		cmocka_unit_test(test_why_optional),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
