/* test_timefmt.c - SOURCE_DATE_EPOCH and date formats. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "wathiqa.h"

static void
source_date_epoch(void **state)
{
	int64_t t = 0;
	char d[11], dt[21];
	(void)state;

	setenv("SOURCE_DATE_EPOCH", "1706054400", 1);
	assert_int_equal(wq_now(&t), 0);
	assert_int_equal(t, 1706054400);
	wq_format_date(t, d);
	assert_string_equal(d, "2024-01-24");
	wq_format_datetime(t + 3661, dt);
	assert_string_equal(dt, "2024-01-24T01:01:01Z");
	setenv("SOURCE_DATE_EPOCH", "yesterday", 1);
	assert_int_equal(wq_now(&t), -1);
	setenv("SOURCE_DATE_EPOCH", "-5", 1);
	assert_int_equal(wq_now(&t), -1);
	unsetenv("SOURCE_DATE_EPOCH");
	assert_int_equal(wq_now(&t), 0);
	assert_true(t > 1706054400);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(source_date_epoch),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
