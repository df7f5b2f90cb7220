/* test_bagit.c - the BagIt model: percent-encoding, lines, manifest lines, bag-info. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../archive/bagit.h"
#include "../../archive/bagit_verify.h"
#include "wathiqa.h"

static char *
enc(const char *s)
{
	struct wq_buf b = WQ_BUF_INIT;

	assert_int_equal(bag_path_encode(s, strlen(s), &b), 0);
	return wq_buf_steal(&b);
}

static char *
dec(const char *s, bool *stray)
{
	struct wq_buf b = WQ_BUF_INIT;

	*stray = false;
	assert_int_equal(bag_path_decode(s, strlen(s), &b, stray), 0);
	return wq_buf_steal(&b);
}

static void
percent_encode_exactly_three(void **state)
{
	char *s;
	(void)state;

	s = enc("data/a\rb\nc%d e~f%7E");
	assert_string_equal(s, "data/a%0Db%0Ac%25d e~f%257E");
	free(s);
	s = enc("plain/path with spaces/وثيقة.txt");
	assert_string_equal(s, "plain/path with spaces/وثيقة.txt");
	free(s);
	s = enc("");
	assert_string_equal(s, "");
	free(s);
	s = enc("%%\r\n");
	assert_string_equal(s, "%25%25%0D%0A");
	free(s);
}

static void
percent_decode(void **state)
{
	bool stray;
	char *s;
	(void)state;

	s = dec("data/a%0Db%0ac%25d", &stray);
	assert_string_equal(s, "data/a\rb\nc%d");
	assert_false(stray);
	free(s);
	/* anything else is kept as it is, and flagged */
	s = dec("data/%7Etest %20 %2", &stray);
	assert_string_equal(s, "data/%7Etest %20 %2");
	assert_true(stray);
	free(s);
	/* %2525 is a literal "%25" */
	s = dec("a%2525", &stray);
	assert_string_equal(s, "a%25");
	assert_false(stray);
	free(s);
	s = dec("%", &stray);
	assert_string_equal(s, "%");
	assert_true(stray);
	free(s);
}

static void
percent_round_trip(void **state)
{
	static const char *const names[] = {
		"data/%", "data/%25", "data/\r\n", "data/%0D", "data/ü%0A\r%", "data/x%2",
	};
	bool stray;
	(void)state;

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		char *e = enc(names[i]), *d = dec(e, &stray);
		assert_string_equal(d, names[i]);
		assert_false(stray);
		assert_null(strchr(e, '\n'));
		assert_null(strchr(e, '\r'));
		free(e);
		free(d);
	}
}

static void
lines_lf_cr_crlf(void **state)
{
	const char *t = "a\nb\r\nc\rd\n\ne";
	const char *expect[] = { "a", "b", "c", "d", "", "e" };
	size_t pos = 0, len, i = 0;
	const char *line;
	(void)state;

	while (bag_next_line(t, strlen(t), &pos, &line, &len)) {
		assert_true(i < 6);
		assert_int_equal(len, strlen(expect[i]));
		assert_memory_equal(line, expect[i], len);
		i++;
	}
	assert_int_equal(i, 6);
	pos = 0;
	assert_false(bag_next_line("", 0, &pos, &line, &len));
}

static void
manifest_lines(void **state)
{
	struct bag_mline ml;
	const char *l;
	(void)state;

	l = "abcDEF0123  data/a b.txt";
	assert_int_equal(bag_mline_parse(l, strlen(l), &ml), BAG_ML_OK);
	assert_int_equal(ml.digest_len, 10);
	assert_memory_equal(ml.path, "data/a b.txt", ml.path_len);
	assert_false(ml.star);
	l = "abc\t \tdata/x ";
	assert_int_equal(bag_mline_parse(l, strlen(l), &ml), BAG_ML_OK);
	assert_int_equal(ml.path_len, 7); /* the trailing space is part of the name */
	l = "b1946ac9 *data/hello.txt";
	assert_int_equal(bag_mline_parse(l, strlen(l), &ml), BAG_ML_OK);
	assert_true(ml.star);
	assert_memory_equal(ml.path, "data/hello.txt", ml.path_len);
	l = "b1946ac9  ./data/hello.txt";
	assert_int_equal(bag_mline_parse(l, strlen(l), &ml), BAG_ML_OK);
	assert_true(ml.dotslash);
	assert_memory_equal(ml.path, "data/hello.txt", ml.path_len);
	l = "   ";
	assert_int_equal(bag_mline_parse(l, strlen(l), &ml), BAG_ML_EMPTY);
	assert_int_equal(bag_mline_parse("", 0, &ml), BAG_ML_EMPTY);
	l = "abcdef";
	assert_int_equal(bag_mline_parse(l, strlen(l), &ml), BAG_ML_NO_PATH);
	l = "abcdef   ";
	assert_int_equal(bag_mline_parse(l, strlen(l), &ml), BAG_ML_NO_PATH);
	l = "xyz  data/a";
	assert_int_equal(bag_mline_parse(l, strlen(l), &ml), BAG_ML_BAD_DIGEST);
	l = " abc  data/a";
	assert_int_equal(bag_mline_parse(l, strlen(l), &ml), BAG_ML_BAD_DIGEST);
}

static void
path_checks(void **state)
{
	(void)state;
#define PC(s) bag_path_check(s, sizeof(s) - 1)
	assert_int_equal(PC("data/a/b.txt"), BAG_PATH_OK);
	assert_int_equal(PC("data/..a/b..c"), BAG_PATH_OK);
	assert_int_equal(PC("data/%7Ex"), BAG_PATH_OK);
	assert_int_equal(PC(""), BAG_PATH_EMPTY);
	assert_int_equal(PC("/tmp/foo"), BAG_PATH_ABSOLUTE);
	assert_int_equal(PC("../../../README.md"), BAG_PATH_DOTDOT);
	assert_int_equal(PC("data/../../x"), BAG_PATH_DOTDOT);
	assert_int_equal(PC("data/..\\..\\x"), BAG_PATH_DOTDOT);
	assert_int_equal(PC("data/./x"), BAG_PATH_DOT);
	assert_int_equal(PC("data//x"), BAG_PATH_EMPTY_SEG);
	assert_int_equal(PC("data/x/"), BAG_PATH_EMPTY_SEG);
	assert_int_equal(PC("~/foo"), BAG_PATH_HOME);
	assert_int_equal(PC("~root/foo"), BAG_PATH_HOME);
	assert_int_equal(PC("%HomeDrive%\\Windows"), BAG_PATH_HOME);
	assert_int_equal(PC("C:\\Windows\\System32\\setx.exe"), BAG_PATH_DRIVE);
	assert_int_equal(PC("c:/x"), BAG_PATH_DRIVE);
	assert_int_equal(PC("\\\\?\\UNC\\server\\x"), BAG_PATH_UNC);
	assert_int_equal(PC("\\x"), BAG_PATH_ABSOLUTE);
	assert_int_equal(bag_path_check("data/a\0b", 8), BAG_PATH_NUL);
#undef PC
}

static void
manifest_names(void **state)
{
	bool tag;
	char alg[32];
	(void)state;

	assert_true(bag_manifest_name("manifest-sha512.txt", &tag, alg, sizeof(alg)));
	assert_false(tag);
	assert_string_equal(alg, "sha512");
	assert_true(bag_manifest_name("tagmanifest-md5.txt", &tag, alg, sizeof(alg)));
	assert_true(tag);
	assert_string_equal(alg, "md5");
	assert_false(bag_manifest_name("manifest-.txt", &tag, alg, sizeof(alg)));
	assert_false(bag_manifest_name("manifest-sha1.TXT", &tag, alg, sizeof(alg)));
	assert_false(bag_manifest_name("manifest-a/b.txt", &tag, alg, sizeof(alg)));
	assert_false(bag_manifest_name("bag-info.txt", &tag, alg, sizeof(alg)));
}

struct probs {
	int errors, warnings;
	unsigned long last_line;
};

static void
count_problem(void *arg, bool error, unsigned long line, const char *msg)
{
	struct probs *p = arg;
	(void)msg;

	if (error)
		p->errors++;
	else
		p->warnings++;
	p->last_line = line;
}

static void
bag_info_parsing(void **state)
{
	const char *t = "Source-Organization: Spengler University\r\n"
	                "External-Description: Uncompressed greyscale TIFF images from the\r\n"
	                "         Yoshimuri papers collection.\r\n"
	                "Test-Tag:   2\n"
	                "Test-Tag : 3\n"
	                "Payload-Oxum: 279164.2\n";
	struct bag_info bi = BAG_INFO_INIT;
	struct probs p = { 0, 0, 0 };
	size_t count;
	(void)state;

	assert_int_equal(bag_info_parse(t, strlen(t), false, &bi, count_problem, &p), 0);
	assert_int_equal(bi.n, 5);
	assert_string_equal(bi.v[1].value,
	                    "Uncompressed greyscale TIFF images from the Yoshimuri papers collection.");
	assert_int_equal(bi.v[2].line, 4);
	assert_string_equal(bi.v[2].value, "2");
	assert_string_equal(bi.v[3].label, "Test-Tag");
	assert_string_equal(bag_info_get(&bi, "test-tag", &count), "2");
	assert_int_equal(count, 2);
	assert_null(bag_info_get(&bi, "Bagging-Date", &count));
	assert_int_equal(count, 0);
	assert_int_equal(p.errors, 0);
	assert_int_equal(p.warnings, 1); /* "Test-Tag : 3" before 1.0 */
	bag_info_free(&bi);

	/* BagIt 1.0: whitespace before ':' is an error; so is a line without ':' */
	memset(&p, 0, sizeof(p));
	t = "Test-Tag : 3\nno colon here\n continued\n";
	assert_int_equal(bag_info_parse(t, strlen(t), true, &bi, count_problem, &p), 0);
	assert_int_equal(p.errors, 2);
	assert_int_equal(bi.n, 1);
	assert_string_equal(bi.v[0].value, "3 continued");
	bag_info_free(&bi);

	memset(&p, 0, sizeof(p));
	t = "  leading continuation\n";
	assert_int_equal(bag_info_parse(t, strlen(t), true, &bi, count_problem, &p), 0);
	assert_int_equal(p.errors, 1);
	assert_int_equal(bi.n, 0);
	bag_info_free(&bi);
}

static void
oxum(void **state)
{
	unsigned long long o, f;
	(void)state;

	assert_true(bag_oxum_parse("279164.2", &o, &f));
	assert_true(o == 279164 && f == 2);
	assert_false(bag_oxum_parse("279164", &o, &f));
	assert_false(bag_oxum_parse("1.2.3", &o, &f));
	assert_false(bag_oxum_parse(".2", &o, &f));
	assert_false(bag_oxum_parse("99999999999999999999999.1", &o, &f));
}

static void
writing_tag_lines(void **state)
{
	struct wq_buf b = WQ_BUF_INIT;
	struct bag_info bi = BAG_INFO_INIT;
	(void)state;

	assert_int_equal(bag_bagit_txt(&b), 0);
	assert_string_equal(b.data, "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n");
	wq_buf_reset(&b);
	assert_int_equal(bag_info_append(&b, "Version-Message", "first line\r\n\nsecond: x\rthird"), 0);
	assert_string_equal(b.data, "Version-Message: first line\n  second: x\n  third\n");
	/* and it parses back as one element */
	assert_int_equal(bag_info_parse(b.data, b.len, true, &bi, NULL, NULL), 0);
	assert_int_equal(bi.n, 1);
	assert_string_equal(bi.v[0].value, "first line second: x third");
	bag_info_free(&bi);
	assert_int_equal(bag_info_append(&b, "Bad: label", "x"), -1);
	assert_int_equal(bag_info_append(&b, " Bad", "x"), -1);
	assert_int_equal(bag_info_append(&b, "Bad\nlabel", "x"), -1);
	wq_buf_reset(&b);
	assert_int_equal(bag_manifest_append(&b, "ab12", "data/a\nb%"), 0);
	assert_string_equal(b.data, "ab12  data/a%0Ab%25\n");
	wq_buf_free(&b);
}

/* ---- the verifier on a serialized bag in memory ---- */

struct vcount {
	int errors, warnings;
	char last[1024];
};

static void
vreport(void *arg, bool error, const char *file, unsigned long line, const char *msg)
{
	struct vcount *c = arg;
	(void)line;

	if (error)
		c->errors++;
	else
		c->warnings++;
	snprintf(c->last, sizeof(c->last), "%s: %s", file ? file : "-", msg);
}

/* A ustar header + data for one file. */
static void
tar_add(struct wq_buf *t, const char *name, const char *data, char type)
{
	char h[512];
	size_t n = strlen(data);
	unsigned sum = 0;

	memset(h, 0, sizeof(h));
	snprintf(h, 100, "%s", name);
	snprintf(h + 100, 8, "%07o", type == '5' ? 0755 : 0644);
	snprintf(h + 108, 8, "%07o", 0);
	snprintf(h + 116, 8, "%07o", 0);
	snprintf(h + 124, 12, "%011o", type == '0' ? (unsigned)n : 0);
	snprintf(h + 136, 12, "%011o", 0);
	memset(h + 148, ' ', 8);
	h[156] = type;
	if (type == '2')
		snprintf(h + 157, 100, "%s", data);
	memcpy(h + 257, "ustar", 6);
	memcpy(h + 263, "00", 2);
	for (int i = 0; i < 512; i++)
		sum += (unsigned char)h[i];
	snprintf(h + 148, 8, "%06o", sum);
	h[155] = ' ';
	assert_int_equal(wq_buf_append(t, h, 512), 0);
	if (type == '0') {
		char pad[512] = { 0 };
		assert_int_equal(wq_buf_append(t, data, n), 0);
		assert_int_equal(wq_buf_append(t, pad, (512 - n % 512) % 512), 0);
	}
}

static void
tar_end(struct wq_buf *t)
{
	char z[1024] = { 0 };

	assert_int_equal(wq_buf_append(t, z, sizeof(z)), 0);
}

static int
verify_tar(struct wq_buf *t, struct vcount *c)
{
	struct bag_verify_opts o = { vreport, c, false, 0, 0 };

	memset(c, 0, sizeof(*c));
	return bag_verify_memory("bag.tar", t->data, t->len, &o);
}

#define HELLO_SHA256 "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03"

static void
verify_memory_tar(void **state)
{
	struct wq_buf t = WQ_BUF_INIT;
	struct vcount c;
	(void)state;

	tar_add(&t, "bag/bagit.txt", "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n", '0');
	tar_add(&t, "bag/data/a%b", "hello\n", '0');
	tar_add(&t, "bag/manifest-sha256.txt", HELLO_SHA256 "  data/a%25b\n", '0');
	tar_end(&t);
	assert_int_equal(verify_tar(&t, &c), 0);
	assert_int_equal(c.errors, 0);
	assert_int_equal(c.warnings, 0);
	wq_buf_free(&t);

	/* wrong digest: invalid, the file is named */
	tar_add(&t, "bag/bagit.txt", "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n", '0');
	tar_add(&t, "bag/data/a", "hellO\n", '0');
	tar_add(&t, "bag/manifest-sha256.txt", HELLO_SHA256 "  data/a\n", '0');
	tar_end(&t);
	assert_int_equal(verify_tar(&t, &c), 1);
	assert_int_equal(c.errors, 1);
	assert_non_null(strstr(c.last, "data/a: sha256 checksum mismatch"));
	wq_buf_free(&t);

	/* an entry that escapes and a symlink: refused, reported */
	tar_add(&t, "bag/bagit.txt", "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n", '0');
	tar_add(&t, "bag/data/a", "hello\n", '0');
	tar_add(&t, "bag/../../evil", "x", '0');
	tar_add(&t, "bag/data/link", "/etc/passwd", '2');
	tar_add(&t, "bag/manifest-sha256.txt", HELLO_SHA256 "  data/a\n", '0');
	tar_end(&t);
	assert_int_equal(verify_tar(&t, &c), 1);
	assert_int_equal(c.errors, 2);
	wq_buf_free(&t);

	/* two top-level folders */
	tar_add(&t, "bag/bagit.txt", "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n", '0');
	tar_add(&t, "other/data/a", "hello\n", '0');
	tar_end(&t);
	assert_int_equal(verify_tar(&t, &c), 1);
	wq_buf_free(&t);

	/* not an archive at all: invalid */
	assert_int_equal(wq_buf_puts(&t, "just some text"), 0);
	assert_int_equal(verify_tar(&t, &c), 1);
	wq_buf_free(&t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(percent_encode_exactly_three),
		cmocka_unit_test(percent_decode),
		cmocka_unit_test(percent_round_trip),
		cmocka_unit_test(lines_lf_cr_crlf),
		cmocka_unit_test(manifest_lines),
		cmocka_unit_test(path_checks),
		cmocka_unit_test(manifest_names),
		cmocka_unit_test(bag_info_parsing),
		cmocka_unit_test(oxum),
		cmocka_unit_test(writing_tag_lines),
		cmocka_unit_test(verify_memory_tar),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
