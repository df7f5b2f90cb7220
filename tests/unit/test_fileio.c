/* test_fileio.c - whole regular files read into memory of their size (wq_read_regular). */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "wathiqa.h"

static char *
scratch(void)
{
	const char *t = getenv("TMPDIR");
	char *p;

	if (asprintf(&p, "%s/test_fileio.XXXXXX", t != NULL && *t ? t : "/tmp") < 0)
		return NULL;
	return mkdtemp(p);
}

static void
read_regular(void **state)
{
	char *dir = scratch(), *p, *e, *f, *data;
	static char big[3 * 4096 + 17];
	size_t i, len;

	(void)state;
	assert_non_null(dir);
	for (i = 0; i < sizeof big; i++)
		big[i] = (char)('a' + i % 26);
	p = wq_path_join(dir, "f");
	assert_int_equal(wq_write_file_atomic(p, big, sizeof big, 0644), 0);
	assert_int_equal(wq_read_regular(p, &data, &len), 0);
	assert_int_equal(len, sizeof big);
	assert_memory_equal(data, big, sizeof big);
	assert_int_equal(data[len], '\0');
	free(data);
	/* empty: no bytes, no buffer */
	e = wq_path_join(dir, "empty");
	assert_int_equal(wq_write_file_atomic(e, "", 0, 0644), 0);
	assert_int_equal(wq_read_regular(e, &data, &len), 0);
	assert_null(data);
	assert_int_equal(len, 0);
	/* not there, a folder, a FIFO (refused, not waited on) */
	f = wq_path_join(dir, "none");
	assert_int_equal(wq_read_regular(f, &data, &len), -1);
	assert_int_equal(errno, ENOENT);
	assert_int_equal(wq_read_regular(dir, &data, &len), -1);
	assert_int_equal(errno, EISDIR);
	assert_int_equal(mkfifo(f, 0600), 0);
	assert_int_equal(wq_read_regular(f, &data, &len), -1);
	assert_int_equal(errno, EINVAL);
	assert_null(data);
	free(f);
	free(e);
	free(p);
	assert_int_equal(wq_remove_tree(dir), 0);
	free(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(read_regular),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
