/* test_ocfl_layout.c - the storage root, the 0004 layout, path rules, safe opening. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <errno.h>

#include <cmocka.h>

#include "wathiqa.h"
#include "../../archive/ocfl_layout.h"
#include "../../archive/ocfl_object.h"

static char *
scratch(void)
{
	const char *t = getenv("TMPDIR");
	char *p;

	if (asprintf(&p, "%s/test_ocfl_layout.XXXXXX", t != NULL && *t ? t : "/tmp") < 0)
		return NULL;
	return mkdtemp(p);
}

static void
path_rules(void **state)
{
	(void)state;
	assert_true(ocfl_path_ok("a"));
	assert_true(ocfl_path_ok("v1/content/a b/%25\n\\x"));
	assert_true(ocfl_path_ok("..a/b.."));
	assert_false(ocfl_path_ok(""));
	assert_false(ocfl_path_ok("/a"));
	assert_false(ocfl_path_ok("a/"));
	assert_false(ocfl_path_ok("a//b"));
	assert_false(ocfl_path_ok("."));
	assert_false(ocfl_path_ok("a/./b"));
	assert_false(ocfl_path_ok("a/.."));
	assert_false(ocfl_path_ok("../a"));
	assert_false(ocfl_path_ok(NULL));
	assert_true(ocfl_id_ok("urn:x:1"));
	assert_true(ocfl_id_ok("../../etc/passwd")); /* hashed: harmless */
	assert_false(ocfl_id_ok(""));
	assert_false(ocfl_id_ok("a\nb"));
	assert_false(ocfl_id_ok("a\x7f"));
	assert_false(ocfl_id_ok("\xff"));
}

static void
layout_vectors(void **state)
{
	struct ocfl_layout lay = { WQ_SHA256, 3, 3, false };
	char *p;

	(void)state;
	p = ocfl_layout_relpath(&lay, "object-01");
	assert_string_equal(p, "3c0/ff4/240/3c0ff4240c1e116dba14c7627f2319b58aa3d77606d0d90dfc6161608ac987d4");
	free(p);
	p = ocfl_layout_relpath(&lay, "..hor/rib:le-$id");
	assert_string_equal(p, "487/326/d8c/487326d8c2a3c0b885e23da1469b4d6671fd4e76978924b4443e9e3c316cda6d");
	free(p);
	lay.short_root = true;
	p = ocfl_layout_relpath(&lay, "object-01");
	assert_string_equal(p, "3c0/ff4/240/c1e116dba14c7627f2319b58aa3d77606d0d90dfc6161608ac987d4");
	free(p);
	lay.short_root = false;
	lay.tuple_size = 0;
	lay.ntuples = 0;
	p = ocfl_layout_relpath(&lay, "object-01");
	assert_string_equal(p, "3c0ff4240c1e116dba14c7627f2319b58aa3d77606d0d90dfc6161608ac987d4");
	free(p);
	assert_null(ocfl_layout_relpath(&lay, ""));
	assert_int_equal(errno, EINVAL);
}

static int
count_objects(const char *objroot, void *arg)
{
	(void)objroot;
	(*(int *)arg)++;
	return 0;
}

static void
init_and_check(void **state)
{
	char *dir = scratch(), *store, *obj, *marker, err[512];
	bool exists;
	int n = 0;
	struct ocfl_layout lay;

	(void)state;
	assert_non_null(dir);
	store = wq_path_join(dir, "store");
	assert_int_equal(ocfl_store_check(store, err, sizeof err), -1);
	assert_int_equal(ocfl_store_init(store, &exists, err, sizeof err), 0);
	assert_int_equal(ocfl_store_check(store, err, sizeof err), 0);
	assert_int_equal(ocfl_layout_read(store, &lay, err, sizeof err), 0);
	assert_int_equal(lay.tuple_size, 3);
	assert_int_equal(lay.ntuples, 3);
	assert_int_equal(ocfl_store_init(store, &exists, err, sizeof err), -1);
	assert_true(exists);
	obj = ocfl_object_path(store, "object-01");
	assert_non_null(strstr(obj, "/store/3c0/ff4/240/3c0ff4240c1e"));
	assert_int_equal(wq_mkdirs(obj, 0755), 0);
	marker = wq_path_join(obj, "0=ocfl_object_1.1");
	assert_int_equal(wq_write_file_atomic(marker, "ocfl_object_1.1\n", 16, 0644), 0);
	assert_int_equal(ocfl_store_walk(store, count_objects, &n, err, sizeof err), 0);
	assert_int_equal(n, 1);
	free(marker);
	free(obj);
	free(store);
	assert_int_equal(wq_remove_tree(dir), 0);
	free(dir);
}

static void
open_beneath(void **state)
{
	char *dir = scratch(), *p, *q;
	int fd;

	(void)state;
	assert_non_null(dir);
	p = wq_path_join(dir, "a/b");
	assert_int_equal(wq_mkdirs(p, 0755), 0);
	free(p);
	p = wq_path_join(dir, "a/b/f");
	assert_int_equal(wq_write_file_atomic(p, "x", 1, 0644), 0);
	fd = ocfl_open_beneath(dir, "a/b/f");
	assert_true(fd >= 0);
	close(fd);
	q = wq_path_join(dir, "link");
	assert_int_equal(symlink("a", q), 0);
	assert_int_equal(ocfl_open_beneath(dir, "link/b/f"), -1);
	assert_true(errno == ELOOP || errno == ENOTDIR);
	free(q);
	q = wq_path_join(dir, "a/b/lf");
	assert_int_equal(symlink(p, q), 0);
	assert_int_equal(ocfl_open_beneath(dir, "a/b/lf"), -1);
	assert_int_equal(ocfl_open_beneath(dir, "a/../a/b/f"), -1);
	assert_int_equal(errno, EINVAL);
	assert_int_equal(ocfl_open_beneath(dir, "a/b"), -1);
	free(p);
	free(q);
	assert_int_equal(wq_remove_tree(dir), 0);
	free(dir);
}

static char *
slurp(const char *path, size_t *len)
{
	struct wq_buf b = WQ_BUF_INIT;

	assert_int_equal(wq_read_file(path, &b), 0);
	*len = b.len;
	return b.data ? b.data : strdup("");
}

/* Caches are rewritten in place, never cut shorter in place, and not through links. */
static void
work_rewrite(void **state)
{
	char *dir = scratch(), *p, *q, *t, *data;
	static char big[200000]; /* (past twice the need and 64 KiB more: replaced) */
	struct stat a, b;
	size_t len;

	(void)state;
	assert_non_null(dir);
	p = wq_path_join(dir, "cache");
	/* none yet: made */
	assert_int_equal(ocfl_work_rewrite(p, "first version", 13), 0);
	data = slurp(p, &len);
	assert_int_equal(len, 13);
	assert_memory_equal(data, "first version", 13);
	free(data);
	/* shorter: written over the same file, the old bytes after it left */
	assert_int_equal(stat(p, &a), 0);
	assert_int_equal(ocfl_work_rewrite(p, "2nd", 3), 0);
	assert_int_equal(stat(p, &b), 0);
	assert_int_equal(a.st_ino, b.st_ino);
	data = slurp(p, &len);
	assert_int_equal(len, 13);
	assert_memory_equal(data, "2nd", 3);
	assert_memory_equal(data + 3, "st version", 10);
	free(data);
	/* longer: the same file, grown */
	memset(big, 'x', sizeof big);
	assert_int_equal(ocfl_work_rewrite(p, big, sizeof big), 0);
	assert_int_equal(stat(p, &b), 0);
	assert_int_equal(a.st_ino, b.st_ino);
	assert_int_equal(b.st_size, (off_t)sizeof big);
	/* far longer than needed: a new file, of the new length */
	assert_int_equal(ocfl_work_rewrite(p, "small", 5), 0);
	assert_int_equal(stat(p, &b), 0);
	assert_int_equal(b.st_size, 5);
	t = wq_path_join(dir, "cache.tmp");
	assert_int_equal(access(t, F_OK), -1);
	/* a hard link to it elsewhere is not written through */
	q = wq_path_join(dir, "other");
	assert_int_equal(link(p, q), 0);
	assert_int_equal(ocfl_work_rewrite(p, "SMALL", 5), 0);
	data = slurp(q, &len);
	assert_int_equal(len, 5);
	assert_memory_equal(data, "small", 5);
	free(data);
	data = slurp(p, &len);
	assert_memory_equal(data, "SMALL", 5);
	free(data);
	/* nor a symbolic link: replaced by a file, its target untouched */
	assert_int_equal(unlink(p), 0);
	assert_int_equal(symlink("other", p), 0);
	assert_int_equal(ocfl_work_rewrite(p, "three", 5), 0);
	assert_int_equal(lstat(p, &b), 0);
	assert_true(S_ISREG(b.st_mode));
	data = slurp(q, &len);
	assert_memory_equal(data, "small", 5);
	free(data);
	free(t);
	free(q);
	free(p);
	assert_int_equal(wq_remove_tree(dir), 0);
	free(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(path_rules),
		cmocka_unit_test(layout_vectors),
		cmocka_unit_test(init_and_check),
		cmocka_unit_test(open_beneath),
		cmocka_unit_test(work_rewrite),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
