/* test_buf.c - the growable buffer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "wathiqa.h"

static void
append_and_grow(void **state)
{
	struct wq_buf b = WQ_BUF_INIT;
	int i;
	(void)state;

	for (i = 0; i < 1000; i++)
		assert_int_equal(wq_buf_puts(&b, "abc"), 0);
	assert_int_equal(b.len, 3000);
	assert_int_equal(strlen(b.data), 3000);
	assert_memory_equal(b.data + 2997, "abc", 4);
	wq_buf_reset(&b);
	assert_int_equal(b.len, 0);
	assert_string_equal(b.data, "");
	wq_buf_free(&b);
	assert_null(b.data);
}

static void
printf_and_steal(void **state)
{
	struct wq_buf b = WQ_BUF_INIT;
	char *s;
	(void)state;

	assert_int_equal(wq_buf_printf(&b, "%s-%d", "v", 12), 0);
	assert_int_equal(wq_buf_putc(&b, '!'), 0);
	assert_int_equal(wq_buf_append(&b, "x\0y", 3), 0);
	assert_int_equal(b.len, 8);
	s = wq_buf_steal(&b);
	assert_memory_equal(s, "v-12!x\0y", 9);
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	free(s);
	s = wq_buf_steal(&b); /* an empty buffer still gives a string */
	assert_string_equal(s, "");
	free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(append_and_grow),
		cmocka_unit_test(printf_and_steal),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
