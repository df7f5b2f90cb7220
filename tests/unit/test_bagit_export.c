/* test_bagit_export.c - writing bags (export.c) and reading them back (bagit_verify.c). */
#define _DEFAULT_SOURCE /* mkdtemp */
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

#include "../../archive/bagit.h"
#include "../../archive/bagit_verify.h"
#include "../../archive/export.h"
#include "wathiqa.h"

struct fx {
	char dir[256];
	char src[4][300];
	char sha[4][WQ_DIGEST_HEX_MAX + 1];
	struct export_file files[4];
};

static const char *const logical[4] = { "a.txt", "sub/وثيقة.txt", "odd %25 name\r\nx", "sub/deeper/z" };
static const char *const content[4] = { "hello\n", "مرحبا\n", "percent, CR and LF\n", "" };

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	const char *tmp = getenv("TMPDIR");

	assert_non_null(f);
	if (tmp == NULL || strlen(tmp) > 200)
		tmp = "/tmp";
	snprintf(f->dir, sizeof(f->dir), "%s/test_bagit_export.XXXXXX", tmp);
	assert_non_null(mkdtemp(f->dir));
	for (int i = 0; i < 4; i++) {
		memcpy(f->src[i], f->dir, strlen(f->dir));
		snprintf(f->src[i] + strlen(f->dir), 16, "/src%d", i);
		assert_int_equal(wq_write_file_atomic(f->src[i], content[i], strlen(content[i]), 0644), 0);
		assert_int_equal(wq_digest_mem(WQ_SHA512, content[i], strlen(content[i]), f->sha[i]), 0);
		f->files[i].logical = logical[i];
		f->files[i].source = f->src[i];
		f->files[i].digest = f->sha[i];
		f->files[i].alg = WQ_SHA512;
	}
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	wq_remove_tree(f->dir);
	free(f);
	return 0;
}

static void
job_init(struct export_job *j, struct fx *f, const char *out, enum export_format fmt)
{
	static const struct export_info info[] = {
		{ "External-Identifier", "urn:example:1" },
		{ "Version", "v2" },
		{ "Version-Message", "line one\nline two" },
	};
	memset(j, 0, sizeof(*j));
	j->out = out;
	j->format = fmt;
	j->mtime = 1706091630;
	j->bagging_date = "2024-01-24";
	j->info = info;
	j->ninfo = 3;
	j->files = f->files;
	j->nfiles = 4;
}

struct vcount {
	int errors, warnings;
};

static void
vreport(void *arg, bool error, const char *file, unsigned long line, const char *msg)
{
	struct vcount *c = arg;

	if (error)
		c->errors++;
	else
		c->warnings++;
	print_message("verify: %s:%lu: %s\n", file ? file : "-", line, msg);
}

static int
verify(const char *path, struct vcount *c)
{
	struct bag_verify_opts o = { vreport, c, false, 0, 0 };

	memset(c, 0, sizeof(*c));
	return bag_verify(path, &o);
}

static void
every_format_verifies_and_is_reproducible(void **state)
{
	struct fx *f = *state;
	static const char *const ext[] = { "", ".tar", ".tar.gz", ".zip" };
	static const enum export_format fmts[] = { EXPORT_DIR, EXPORT_TAR, EXPORT_TGZ, EXPORT_ZIP };
	char out[400], out2[400], err[512];
	struct export_job j;
	struct vcount c;

	for (int i = 0; i < 4; i++) {
		snprintf(out, sizeof(out), "%s/bag%s", f->dir, ext[i]);
		job_init(&j, f, out, fmts[i]);
		assert_int_equal(export_bag(&j, err, sizeof(err)), EXPORT_OK);
		assert_int_equal(verify(out, &c), 0);
		assert_int_equal(c.errors, 0);
		assert_int_equal(c.warnings, 0);
		/* again, elsewhere under the same name: the same bytes */
		snprintf(out2, sizeof(out2), "%s/again", f->dir);
		mkdir(out2, 0755);
		snprintf(out2, sizeof(out2), "%s/again/bag%s", f->dir, ext[i]);
		job_init(&j, f, out2, fmts[i]);
		assert_int_equal(export_bag(&j, err, sizeof(err)), EXPORT_OK);
		if (fmts[i] != EXPORT_DIR) {
			struct wq_buf a = WQ_BUF_INIT, b = WQ_BUF_INIT;
			assert_int_equal(wq_read_file(out, &a), 0);
			assert_int_equal(wq_read_file(out2, &b), 0);
			assert_int_equal(a.len, b.len);
			assert_memory_equal(a.data, b.data, a.len);
			wq_buf_free(&a);
			wq_buf_free(&b);
		}
		/* OUT exists: refused, left alone; --force replaces it */
		job_init(&j, f, out, fmts[i]);
		assert_int_equal(export_bag(&j, err, sizeof(err)), EXPORT_TROUBLE);
		assert_non_null(strstr(err, "exists"));
		j.force = true;
		assert_int_equal(export_bag(&j, err, sizeof(err)), EXPORT_OK);
		assert_int_equal(verify(out, &c), 0);
	}
}

static void
tag_files_of_a_dir_bag(void **state)
{
	struct fx *f = *state;
	char out[400], p[500], err[512];
	struct export_job j;
	struct wq_buf b = WQ_BUF_INIT;

	snprintf(out, sizeof(out), "%s/tags", f->dir);
	job_init(&j, f, out, EXPORT_DIR);
	assert_int_equal(export_bag(&j, err, sizeof(err)), EXPORT_OK);
	snprintf(p, sizeof(p), "%s/bagit.txt", out);
	assert_int_equal(wq_read_file(p, &b), 0);
	assert_string_equal(b.data, "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n");
	wq_buf_reset(&b);
	snprintf(p, sizeof(p), "%s/bag-info.txt", out);
	assert_int_equal(wq_read_file(p, &b), 0);
	assert_string_equal(b.data, "Bag-Software-Agent: wathiqa " WQ_VERSION "\n"
	                            "Bagging-Date: 2024-01-24\n"
	                            "Payload-Oxum: 36.4\n"
	                            "External-Identifier: urn:example:1\n"
	                            "Version: v2\n"
	                            "Version-Message: line one\n  line two\n");
	wq_buf_reset(&b);
	snprintf(p, sizeof(p), "%s/manifest-sha512.txt", out);
	assert_int_equal(wq_read_file(p, &b), 0);
	assert_non_null(strstr(b.data, "  data/odd %2525 name%0D%0Ax\n"));
	assert_non_null(strstr(b.data, "  data/sub/وثيقة.txt\n"));
	wq_buf_free(&b);
}

static void
corrupt_source_fails_without_output(void **state)
{
	struct fx *f = *state;
	static const enum export_format fmts[] = { EXPORT_DIR, EXPORT_TAR, EXPORT_TGZ, EXPORT_ZIP };
	char out[400], err[512], good[WQ_DIGEST_HEX_MAX + 1];
	struct export_job j;
	struct stat st;

	memcpy(good, f->sha[1], sizeof(good));
	f->sha[1][5] = f->sha[1][5] == '0' ? '1' : '0';
	for (int i = 0; i < 4; i++) {
		snprintf(out, sizeof(out), "%s/corrupt%d", f->dir, i);
		job_init(&j, f, out, fmts[i]);
		assert_int_equal(export_bag(&j, err, sizeof(err)), EXPORT_BAD);
		assert_non_null(strstr(err, "data/sub/وثيقة.txt: sha512 mismatch"));
		assert_int_equal(lstat(out, &st), -1);
	}
	memcpy(f->sha[1], good, sizeof(good));
	/* a missing source: EXPORT_BAD too */
	f->files[0].source = "/nonexistent/file";
	snprintf(out, sizeof(out), "%s/missing.tar", f->dir);
	job_init(&j, f, out, EXPORT_TAR);
	assert_int_equal(export_bag(&j, err, sizeof(err)), EXPORT_BAD);
	assert_int_equal(lstat(out, &st), -1);
	f->files[0].source = f->src[0];
}

static void
unsafe_logical_paths_refused(void **state)
{
	struct fx *f = *state;
	char out[400], err[512];
	struct export_job j;
	struct export_file bad = f->files[0];
	static const char *const paths[] = { "../x", "/etc/passwd", "a//b", "a/./b" };

	snprintf(out, sizeof(out), "%s/unsafe", f->dir);
	for (size_t i = 0; i < 4; i++) {
		bad.logical = paths[i];
		job_init(&j, f, out, EXPORT_DIR);
		j.files = &bad;
		j.nfiles = 1;
		assert_int_equal(export_bag(&j, err, sizeof(err)), EXPORT_TROUBLE);
		assert_non_null(strstr(err, "unsafe logical path"));
	}
}

static void
empty_payload(void **state)
{
	struct fx *f = *state;
	static const enum export_format fmts[] = { EXPORT_DIR, EXPORT_TAR, EXPORT_TGZ, EXPORT_ZIP };
	char out[400], err[512];
	struct export_job j;
	struct vcount c;

	for (int i = 0; i < 4; i++) {
		snprintf(out, sizeof(out), "%s/empty%d", f->dir, i);
		job_init(&j, f, out, fmts[i]);
		j.nfiles = 0;
		assert_int_equal(export_bag(&j, err, sizeof(err)), EXPORT_OK);
		assert_int_equal(verify(out, &c), 0);
		assert_int_equal(c.errors, 0);
	}
}

static void
format_names(void **state)
{
	enum export_format fm;
	char *s;
	(void)state;

	assert_int_equal(export_format_parse("tar.gz", &fm), 0);
	assert_int_equal(fm, EXPORT_TGZ);
	assert_int_equal(export_format_parse("zip", &fm), 0);
	assert_int_equal(fm, EXPORT_ZIP);
	assert_int_equal(export_format_parse("rar", &fm), -1);
	s = export_bag_name("/x/y/obj-v2.tar.gz");
	assert_string_equal(s, "obj-v2");
	free(s);
	s = export_bag_name("bag.zip");
	assert_string_equal(s, "bag");
	free(s);
	s = export_bag_name("dir/bag/");
	assert_string_equal(s, "bag");
	free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(every_format_verifies_and_is_reproducible, setup, teardown),
		cmocka_unit_test_setup_teardown(tag_files_of_a_dir_bag, setup, teardown),
		cmocka_unit_test_setup_teardown(corrupt_source_fails_without_output, setup, teardown),
		cmocka_unit_test_setup_teardown(unsafe_logical_paths_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(empty_payload, setup, teardown),
		cmocka_unit_test(format_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
