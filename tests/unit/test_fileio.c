/* test_fileio.c - whole files read without a copy (wq_map_file). */
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
map_file(void **state)
{
	char *dir = scratch(), *p, *e, *f;
	static char big[3 * 4096 + 17];
	struct wq_map m;
	size_t i;

	(void)state;
	assert_non_null(dir);
	for (i = 0; i < sizeof big; i++)
		big[i] = (char)('a' + i % 26);
	p = wq_path_join(dir, "f");
	assert_int_equal(wq_write_file_atomic(p, big, sizeof big, 0644), 0);
	assert_int_equal(wq_map_file(p, &m), 0);
	assert_true(m.mapped);
	assert_int_equal(m.len, sizeof big);
	assert_memory_equal(m.data, big, sizeof big);
	wq_unmap_file(&m);
	assert_null(m.data);
	/* empty: no bytes, no mapping */
	e = wq_path_join(dir, "empty");
	assert_int_equal(wq_write_file_atomic(e, "", 0, 0644), 0);
	assert_int_equal(wq_map_file(e, &m), 0);
	assert_null(m.data);
	assert_int_equal(m.len, 0);
	wq_unmap_file(&m);
	/* not there, a folder, a FIFO */
	f = wq_path_join(dir, "none");
	assert_int_equal(wq_map_file(f, &m), -1);
	assert_int_equal(errno, ENOENT);
	assert_int_equal(wq_map_file(dir, &m), -1);
	assert_int_equal(errno, EISDIR);
	assert_int_equal(mkfifo(f, 0600), 0);
	assert_int_equal(wq_map_file(f, &m), -1);
	assert_int_equal(errno, EINVAL);
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
		cmocka_unit_test(map_file),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
