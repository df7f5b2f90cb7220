/* test_batchfile.c - outputs of -d: all committed, nothing half-written left. */
#include <errno.h>
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

static int failures;

static void
count_failure(void *ctx, const char *path, int err)
{
	(void)ctx;
	(void)path;
	(void)err;
	failures++;
}

static size_t
count_entries(const char *dir)
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
many_outputs_across_batches(void **state)
{
	char dir[] = "/tmp/wq-test-batch.XXXXXX";
	char name[64], want[32];
	struct wq_batch *b;
	struct wq_buf got = WQ_BUF_INIT;
	char *out, *path;
	FILE *fp;
	int i;
	(void)state;

	assert_non_null(mkdtemp(dir));
	out = wq_path_join(dir, "out"); /* made by wq_batch_new */
	failures = 0;
	assert_non_null(b = wq_batch_new(out, count_failure, NULL));
	for (i = 0; i < 600; i++) { /* more than two batches */
		snprintf(name, sizeof name, "f%03d.txt", i);
		snprintf(want, sizeof want, "output %d\n", i);
		path = wq_path_join(out, name);
		if (i % 2 == 0) {
			assert_int_equal(wq_batch_write(b, path, want, strlen(want)), 0);
		} else {
			assert_non_null(fp = wq_batch_open(b, path));
			fputs(want, fp);
			assert_int_equal(wq_batch_keep(b, fp), 0);
		}
		free(path);
	}
	/* a discarded output leaves nothing behind */
	path = wq_path_join(out, "dropped.txt");
	assert_non_null(fp = wq_batch_open(b, path));
	fputs("half", fp);
	wq_batch_discard(b, fp);
	assert_int_equal(access(path, F_OK), -1);
	free(path);
	assert_int_equal(wq_batch_free(b), 0);
	assert_int_equal(failures, 0);
	assert_int_equal(count_entries(out), 600); /* no temporary file left */
	path = wq_path_join(out, "f599.txt");
	assert_int_equal(wq_read_file(path, &got), 0);
	assert_string_equal(got.data, "output 599\n");
	free(path);
	wq_buf_free(&got);
	free(out);
	assert_int_equal(wq_remove_tree(dir), 0);
}

/* A temporary name left by a dead process with our pid is stepped over, not reused. */
static void
stale_temporary_kept(void **state)
{
	char dir[] = "/tmp/wq-test-batch.XXXXXX", stale[64];
	struct wq_buf got = WQ_BUF_INIT;
	struct wq_batch *b;
	char *path, *stalep;
	FILE *fp;
	mode_t mask;
	struct stat st;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(stale, sizeof stale, ".a.xml.%ld.0.tmp", (long)getpid());
	stalep = wq_path_join(dir, stale);
	assert_non_null(fp = fopen(stalep, "w"));
	fputs("someone else's", fp);
	assert_int_equal(fclose(fp), 0);
	assert_non_null(b = wq_batch_new(dir, count_failure, NULL));
	path = wq_path_join(dir, "a.xml");
	assert_int_equal(wq_batch_write(b, path, "mine\n", 5), 0);
	assert_int_equal(wq_batch_free(b), 0);
	assert_int_equal(wq_read_file(path, &got), 0);
	assert_string_equal(got.data, "mine\n");
	/* the mode open(2) would give: 0666 less the umask */
	mask = umask(022);
	umask(mask);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0666 & ~mask);
	wq_buf_free(&got);
	assert_int_equal(wq_read_file(stalep, &got), 0);
	assert_string_equal(got.data, "someone else's");
	wq_buf_free(&got);
	free(path);
	free(stalep);
	assert_int_equal(wq_remove_tree(dir), 0);
}

/* A path kept once cannot be opened again in the same batch's life, even after a flush. */
static void
kept_path_not_reopened(void **state)
{
	char dir[] = "/tmp/wq-test-batch.XXXXXX", name[32];
	struct wq_batch *b;
	char *path;
	int i;

	(void)state;
	assert_non_null(mkdtemp(dir));
	assert_non_null(b = wq_batch_new(dir, count_failure, NULL));
	for (i = 0; i < 3000; i++) { /* past several flushes and table growths */
		snprintf(name, sizeof name, "f%d.xml", i);
		path = wq_path_join(dir, name);
		assert_int_equal(wq_batch_write(b, path, "x", 1), 0);
		free(path);
	}
	for (i = 0; i < 3000; i += 997) {
		snprintf(name, sizeof name, "f%d.xml", i);
		path = wq_path_join(dir, name);
		errno = 0;
		assert_null(wq_batch_open(b, path));
		assert_int_equal(errno, EEXIST);
		free(path);
	}
	/* a discarded output claims nothing */
	path = wq_path_join(dir, "dropped.xml");
	wq_batch_discard(b, wq_batch_open(b, path));
	assert_int_equal(wq_batch_write(b, path, "y", 1), 0);
	free(path);
	assert_int_equal(wq_batch_free(b), 0);
	assert_int_equal(count_entries(dir), 3001);
	assert_int_equal(wq_remove_tree(dir), 0);
}

static void
not_a_folder(void **state)
{
	(void)state;
	assert_null(wq_batch_new("/dev/null/x", count_failure, NULL));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(many_outputs_across_batches),
		cmocka_unit_test(stale_temporary_kept),
		cmocka_unit_test(kept_path_not_reopened),
		cmocka_unit_test(not_a_folder),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
