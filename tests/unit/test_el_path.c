/* test_el_path.c - epublint's EPUB 3.3 file name rules and URL resolution. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../converters/el_check.h"

static unsigned
fn(const char *s)
{
	return el_fname_check(s, strlen(s), NULL);
}

static void
fname_good(void **state)
{
	(void)state;
	assert_int_equal(fn("mimetype"), 0);
	assert_int_equal(fn("OEBPS/text/ch1.xhtml"), 0);
	assert_int_equal(fn("META-INF/"), 0);            /* a folder entry */
	assert_int_equal(fn("a.b/c-d_e~f(1)"), 0);
	assert_int_equal(fn("..a/b..c"), 0);             /* dots inside names */
	assert_int_equal(fn("OEBPS/\xd9\x85\xd8\xa8\xd8\xa7\xd8\xaf\xd8\xa6.xhtml"),
	                 EL_FN_NON_ASCII);               /* Arabic is allowed */
}

static void
fname_forbidden_chars(void **state)
{
	static const char *const bad[] = {
		"a:b", "a\"b", "a*b", "a<b", "a>b", "a?b", "a|b",
		"a\x01" "b", "a\x7f" "b",
		"a\xc2\x85" "b",          /* U+0085, a C1 control */
		"a\xee\x80\x80" "b",      /* U+E000, private use */
		"a\xef\xb7\x90" "b",      /* U+FDD0, a non-character */
		"a\xef\xbf\xb9" "b",      /* U+FFF9, specials */
		"a\xf3\xa0\x80\x81" "b",  /* U+E0001, a tag */
		"a\xf3\xb0\x80\x80" "b",  /* U+F0000, supplementary private use */
		"a\xf0\x9f\xbf\xbe" "b",  /* U+1FFFE, a plane's last two */
	};
	size_t i;
	uint32_t cp = 0;
	(void)state;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		unsigned r = fn(bad[i]);
		if (!(r & EL_FN_BAD_CHAR))
			fail_msg("not flagged: case %zu", i);
	}
	assert_true(el_fname_check("x/a:b", 5, &cp) & EL_FN_BAD_CHAR);
	assert_int_equal(cp, ':');
	/* backslash: forbidden, and a path separator elsewhere */
	assert_int_equal(fn("a\\b"), EL_FN_BAD_CHAR | EL_FN_UNSAFE);
	assert_false(el_fname_char_forbidden('a'));
	assert_false(el_fname_char_forbidden(0x0645));
	assert_true(el_fname_char_forbidden(0xFFFD));  /* specials block */
	assert_false(el_fname_char_forbidden(0xFFE0));
	assert_true(el_fname_char_forbidden(0x10FFFF));
}

static void
fname_other_rules(void **state)
{
	(void)state;
	assert_int_equal(fn("notes."), EL_FN_TRAILING_DOT);
	assert_int_equal(fn("dir./a"), EL_FN_TRAILING_DOT);
	assert_int_equal(fn("my file.css"), EL_FN_SPACE);
	assert_int_equal(fn("a\xc2\xa0" "b"), EL_FN_SPACE | EL_FN_NON_ASCII); /* NBSP */
	assert_int_equal(fn("/etc/passwd") & EL_FN_UNSAFE, EL_FN_UNSAFE);
	assert_int_equal(fn("../evil"), EL_FN_UNSAFE);
	assert_int_equal(fn("a/../b"), EL_FN_UNSAFE);
	assert_int_equal(fn("a/./b"), EL_FN_UNSAFE);
	assert_int_equal(fn("a//b"), EL_FN_UNSAFE);
	assert_int_equal(fn(""), EL_FN_UNSAFE);
	assert_int_equal(fn("a\xff" "b"), EL_FN_NOT_UTF8);
	assert_int_equal(fn("a\xc0\xaf"), EL_FN_NOT_UTF8); /* overlong "/" */
	assert_int_equal(el_fname_check("a\0b", 3, NULL), EL_FN_NOT_UTF8);
}

static void
fname_key(void **state)
{
	char *a, *b, *c;
	(void)state;

	a = el_fname_key("OEBPS/caf\xc3\xa9.xhtml");   /* precomposed */
	b = el_fname_key("oebps/CAFE\xcc\x81.XHTML");  /* decomposed, upper case */
	c = el_fname_key("OEBPS/cafe.xhtml");
	assert_non_null(a);
	assert_non_null(b);
	assert_non_null(c);
	assert_string_equal(a, b);
	assert_string_not_equal(a, c);
	free(a);
	free(b);
	free(c);
	a = el_fname_key("Stra\xc3\x9f" "e");   /* full folding: ß = ss */
	b = el_fname_key("STRASSE");
	assert_string_equal(a, b);
	free(a);
	free(b);
	assert_null(el_fname_key("bad\xff"));
}

static void
resolve(const char *base, const char *href, enum el_url_kind kind,
        const char *path, const char *frag)
{
	struct el_url u;

	assert_int_equal(el_url_resolve(base, href, &u), 0);
	if (u.kind != kind)
		fail_msg("%s + %s: kind %d, want %d", base, href, (int)u.kind, (int)kind);
	if (path == NULL)
		assert_null(u.path);
	else
		assert_string_equal(u.path, path);
	if (frag == NULL)
		assert_null(u.frag);
	else
		assert_string_equal(u.frag, frag);
	el_url_free(&u);
}

static void
url_resolution(void **state)
{
	(void)state;
	resolve("OEBPS/content.opf", "text/ch1.xhtml", EL_URL_LOCAL, "OEBPS/text/ch1.xhtml", NULL);
	resolve("OEBPS/text/ch1.xhtml", "../css/a.css", EL_URL_LOCAL, "OEBPS/css/a.css", NULL);
	resolve("OEBPS/text/ch1.xhtml", "ch2.xhtml#s1", EL_URL_LOCAL, "OEBPS/text/ch2.xhtml", "s1");
	resolve("OEBPS/text/ch1.xhtml", "./ch2.xhtml?x=1#", EL_URL_LOCAL, "OEBPS/text/ch2.xhtml", "");
	resolve("OEBPS/text/ch1.xhtml", "my%20file.xhtml", EL_URL_LOCAL, "OEBPS/text/my file.xhtml", NULL);
	resolve("OEBPS/text/ch1.xhtml", "caf%C3%A9.xhtml#%C3%A9", EL_URL_LOCAL,
	        "OEBPS/text/caf\xc3\xa9.xhtml", "\xc3\xa9");
	resolve("content.opf", "a/b/../c.xhtml", EL_URL_LOCAL, "a/c.xhtml", NULL);
	resolve("", "META-INF/x.xml", EL_URL_LOCAL, "META-INF/x.xml", NULL);
	resolve("OEBPS/text/ch1.xhtml", "#top", EL_URL_SAMEDOC, NULL, "top");
	resolve("OEBPS/text/ch1.xhtml", "", EL_URL_SAMEDOC, NULL, NULL);
	resolve("OEBPS/text/ch1.xhtml", "https://example.org/a.png", EL_URL_REMOTE, NULL, NULL);
	resolve("OEBPS/text/ch1.xhtml", "mailto:a@b.c", EL_URL_REMOTE, NULL, NULL);
	resolve("OEBPS/text/ch1.xhtml", "//example.org/a", EL_URL_REMOTE, NULL, NULL);
	resolve("OEBPS/text/ch1.xhtml", "../../../etc/passwd", EL_URL_LEAK, NULL, NULL);
	resolve("OEBPS/text/ch1.xhtml", "/etc/passwd", EL_URL_LEAK, NULL, NULL);
	resolve("OEBPS/text/ch1.xhtml", "a%2", EL_URL_BAD, NULL, NULL);
	resolve("OEBPS/text/ch1.xhtml", "a%00b", EL_URL_BAD, NULL, NULL);
	resolve("OEBPS/text/ch1.xhtml", "a%zzb", EL_URL_BAD, NULL, NULL);
	/* a trailing slash names a folder, never a file */
	resolve("OEBPS/text/ch1.xhtml", "sub/", EL_URL_LOCAL, "OEBPS/text/sub/", NULL);
	/* "a:b" is a scheme; "./a:b" is a relative path */
	resolve("OEBPS/x.xhtml", "./a:b", EL_URL_LOCAL, "OEBPS/a:b", NULL);
}

static void
path_dir(void **state)
{
	char *d;
	(void)state;

	d = el_path_dir("OEBPS/text/ch1.xhtml");
	assert_string_equal(d, "OEBPS/text/");
	free(d);
	d = el_path_dir("content.opf");
	assert_string_equal(d, "");
	free(d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(fname_good),
		cmocka_unit_test(fname_forbidden_chars),
		cmocka_unit_test(fname_other_rules),
		cmocka_unit_test(fname_key),
		cmocka_unit_test(url_resolution),
		cmocka_unit_test(path_dir),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
