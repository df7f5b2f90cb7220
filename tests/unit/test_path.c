/* test_path.c - safe relative paths and folder helpers. */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "wathiqa.h"

static void
safe_relative(void **state)
{
	(void)state;
	assert_true(wq_path_is_safe_relative("a"));
	assert_true(wq_path_is_safe_relative("data/a b/%25.txt"));
	assert_true(wq_path_is_safe_relative("..a/b..")); /* dots inside names are fine */
	assert_false(wq_path_is_safe_relative(""));
	assert_false(wq_path_is_safe_relative("/etc/passwd"));
	assert_false(wq_path_is_safe_relative("a/../b"));
	assert_false(wq_path_is_safe_relative(".."));
	assert_false(wq_path_is_safe_relative("./a"));
	assert_false(wq_path_is_safe_relative("a//b"));
	assert_false(wq_path_is_safe_relative("a/"));
	assert_false(wq_path_is_safe_relative("a\\..\\b"));
}

static void
join_and_base(void **state)
{
	char *p;
	(void)state;

	p = wq_path_join("a/", "b");
	assert_string_equal(p, "a/b");
	free(p);
	p = wq_path_join("/", "b");
	assert_string_equal(p, "/b");
	free(p);
	assert_string_equal(wq_path_base("x/y/z.txt"), "z.txt");
	assert_string_equal(wq_path_base("z"), "z");
}

static void
output_names(void **state)
{
	char *p;
	(void)state;

	p = wq_output_name("out", "samples/en-nasr.txt", "xml");
	assert_string_equal(p, "out/en-nasr.xml");
	free(p);
	p = wq_output_name("out", "-", "epub");
	assert_string_equal(p, "out/stdin.epub");
	free(p);
	p = wq_output_name("o", "dir/.hidden", "xml"); /* a leading dot is not an extension */
	assert_string_equal(p, "o/.hidden.xml");
	free(p);
	p = wq_output_name("o", "a.b.c", "xml");
	assert_string_equal(p, "o/a.b.xml");
	free(p);
}

static void
mkdirs_and_remove(void **state)
{
	char dir[] = "/tmp/wq-test-path.XXXXXX";
	char *deep, *file;
	struct stat st;
	(void)state;

	assert_non_null(mkdtemp(dir));
	deep = wq_path_join(dir, "a/b/c");
	assert_int_equal(wq_mkdirs(deep, 0755), 0);
	assert_int_equal(wq_mkdirs(deep, 0755), 0); /* idempotent */
	assert_int_equal(stat(deep, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	file = wq_path_join(deep, "f");
	assert_int_equal(wq_write_file_atomic(file, "x", 1, 0666), 0);
	assert_int_equal(wq_remove_tree(dir), 0);
	assert_int_equal(access(dir, F_OK), -1);
	free(deep);
	free(file);
}

/* A folder's names, sorted bytewise, without "." and ".."; an empty one; not a folder. */
static void
dir_names(void **state)
{
	char dir[] = "/tmp/wq-test-names.XXXXXX", *p, **names;
	/* (names alike in their first 8 bytes, or shorter: the sort's integer keys tie) */
	const char *make[] = { "b", "a", "B", "\xd8\xa7", ".hidden", "report-2026-b", "report-2",
		               "report-2026-a", "report-", "report-2026" };
	const char *want[] = { ".hidden", "B", "a", "b", "report-", "report-2", "report-2026",
		               "report-2026-a", "report-2026-b", "\xd8\xa7" };
	size_t i, n;
	FILE *fp;

	(void)state;
	assert_non_null(mkdtemp(dir));
	assert_int_equal(wq_dir_names(open(dir, O_RDONLY | O_DIRECTORY), &names, &n), 0);
	assert_int_equal(n, 0);
	wq_names_free(names, n);
	for (i = 0; i < 10; i++) {
		p = wq_path_join(dir, make[i]);
		assert_non_null(fp = fopen(p, "w"));
		assert_int_equal(fclose(fp), 0);
		free(p);
	}
	assert_int_equal(wq_dir_names(open(dir, O_RDONLY | O_DIRECTORY), &names, &n), 0);
	assert_int_equal(n, 10);
	for (i = 0; i < 10; i++)
		assert_string_equal(names[i], want[i]);
	wq_names_free(names, n);
	p = wq_path_join(dir, "a");
	errno = 0;
	assert_int_equal(wq_dir_names(open(p, O_RDONLY), &names, &n), -1);
	assert_int_equal(errno, ENOTDIR);
	assert_null(names);
	free(p);
	assert_int_equal(wq_remove_tree(dir), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(safe_relative),
		cmocka_unit_test(join_and_base),
		cmocka_unit_test(output_names),
		cmocka_unit_test(mkdirs_and_remove),
		cmocka_unit_test(dir_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
