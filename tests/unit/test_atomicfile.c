/* test_atomicfile.c - outputs appear whole or not at all. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "wathiqa.h"

static char dir[] = "/tmp/wq-test-atomic.XXXXXX";

static int
setup(void **state)
{
	(void)state;
	return mkdtemp(dir) == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	(void)state;
	return wq_remove_tree(dir);
}

static size_t
count_entries(void)
{
	struct wq_buf cmd = WQ_BUF_INIT;
	FILE *p;
	size_t n = 0;
	int c;

	wq_buf_printf(&cmd, "ls -A '%s'", dir);
	p = popen(cmd.data, "r");
	while ((c = fgetc(p)) != EOF)
		n += c == '\n';
	pclose(p);
	wq_buf_free(&cmd);
	return n;
}

static void
commit_replaces_whole(void **state)
{
	char *path = wq_path_join(dir, "out.txt");
	struct wq_atomicfile *af;
	struct wq_buf b = WQ_BUF_INIT;
	struct stat st;
	(void)state;

	assert_int_equal(wq_write_file_atomic(path, "old\n", 4, 0666), 0);
	assert_non_null(af = wq_atomicfile_open(path, 0666));
	fputs("new", wq_atomicfile_stream(af));
	/* Not visible before the commit. */
	assert_int_equal(wq_read_file(path, &b), 0);
	assert_string_equal(b.data, "old\n");
	assert_int_equal(wq_atomicfile_commit(af), 0);
	wq_buf_reset(&b);
	assert_int_equal(wq_read_file(path, &b), 0);
	assert_string_equal(b.data, "new");
	assert_int_equal(stat(path, &st), 0);
	assert_true((st.st_mode & 0444) != 0); /* not left at mkstemp's 0600 */
	assert_int_equal(count_entries(), 1);  /* no temp file left */
	wq_buf_free(&b);
	free(path);
}

static void
abort_leaves_nothing(void **state)
{
	char *path = wq_path_join(dir, "never.txt");
	struct wq_atomicfile *af;
	(void)state;

	assert_non_null(af = wq_atomicfile_open(path, 0666));
	fputs("partial", wq_atomicfile_stream(af));
	wq_atomicfile_abort(af);
	assert_int_equal(access(path, F_OK), -1);
	assert_int_equal(count_entries(), 1);
	free(path);
}

static void
open_in_missing_dir_fails(void **state)
{
	char *path = wq_path_join(dir, "no/such/dir/x");
	(void)state;

	assert_null(wq_atomicfile_open(path, 0666));
	free(path);
}

static void
special_file_written_in_place(void **state)
{
	struct wq_atomicfile *af;
	struct stat st;
	(void)state;

	/* A rename would replace the device with a regular file. */
	assert_non_null(af = wq_atomicfile_open("/dev/null", 0666));
	fputs("discarded", wq_atomicfile_stream(af));
	assert_int_equal(wq_atomicfile_commit(af), 0);
	assert_int_equal(stat("/dev/null", &st), 0);
	assert_true(S_ISCHR(st.st_mode));
	/* A device that refuses the write makes the commit fail. */
	if (access("/dev/full", W_OK) == 0) {
		assert_non_null(af = wq_atomicfile_open("/dev/full", 0666));
		fputs("no room", wq_atomicfile_stream(af));
		assert_int_equal(wq_atomicfile_commit(af), -1);
		assert_int_equal(stat("/dev/full", &st), 0);
		assert_true(S_ISCHR(st.st_mode));
	}
	assert_non_null(af = wq_atomicfile_open("/dev/null", 0666));
	wq_atomicfile_abort(af);
	assert_int_equal(stat("/dev/null", &st), 0);
	assert_true(S_ISCHR(st.st_mode));
}

static void
tmpfile_honours_tmpdir(void **state)
{
	FILE *fp;
	(void)state;

	setenv("TMPDIR", dir, 1);
	assert_non_null(fp = wq_tmpfile());
	fputs("spool", fp);
	rewind(fp);
	assert_int_equal(fgetc(fp), 's');
	fclose(fp);
	assert_int_equal(count_entries(), 1); /* unlinked at once */
	setenv("TMPDIR", "/nonexistent-wq", 1);
	assert_null(wq_tmpfile());
	unsetenv("TMPDIR");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(commit_replaces_whole),
		cmocka_unit_test(abort_leaves_nothing),
		cmocka_unit_test(open_in_missing_dir_fails),
		cmocka_unit_test(special_file_written_in_place),
		cmocka_unit_test(tmpfile_honours_tmpdir),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
