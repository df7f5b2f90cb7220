/* test_te_book.c - tei2epub's book model: identifiers, languages, the toc. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "wathiqa.h"
#include "../../converters/te_book.h"

#define SHA_A "aaa864d1d5c6ea5d18c706554247578b79b0a58a97d6367f4e4de01c76aaf125"
#define SHA_B "0f6c2a528e1bfc3d9a4e2b7c1d3e4f500f6c2a528e1bfc3d9a4e2b7c1d3e4f50"

/* A book of one statement per sha, each with one chapter. */
static void
make(struct te_book *b, const char *const *shas, size_t n)
{
	size_t i;

	te_book_init(b);
	for (i = 0; i < n; i++) {
		struct te_stmt *s = te_book_add_stmt(b, "in.xml");

		assert_non_null(s);
		memcpy(s->sha256, shas[i], 65);
		s->lang = te_book_lang(b, i == 0 ? "ar" : "en");
		assert_int_equal(te_book_add_chapter(b, 0, 0), 0);
	}
}

static void
identifiers(void **state)
{
	static const char *const one[] = { SHA_A }, *const two[] = { SHA_A, SHA_B };
	struct te_book b;
	char want[46], first[64];

	(void)state;
	/* one input without a UUID: the name-based UUID of its bytes */
	make(&b, one, 1);
	te_book_finish(&b, true, 1706054400, 0);
	wq_uuid_from_sha256(SHA_A, want);
	assert_string_equal(b.uid, want);
	assert_string_equal(b.uid, "urn:uuid:aaa864d1-d5c6-5a5d-98c7-06554247578b");
	assert_string_equal(b.modified, "2024-01-24T00:00:00Z");
	assert_false(b.anthology);
	te_book_free(&b);

	/* one input with the TEI's UUID: that one */
	make(&b, one, 1);
	b.stmts[0].uuid = strdup("urn:uuid:0f6c2a52-8e1b-5c3d-9a4e-2b7c1d3e4f50");
	te_book_finish(&b, true, 0, 0);
	assert_string_equal(b.uid, "urn:uuid:0f6c2a52-8e1b-5c3d-9a4e-2b7c1d3e4f50");
	te_book_free(&b);

	/* an anthology: from its parts, stable, and the title counts */
	make(&b, two, 2);
	te_book_finish(&b, true, 0, 0);
	assert_true(b.anthology);
	assert_int_equal(strncmp(b.uid, "urn:uuid:", 9), 0);
	assert_int_equal(strlen(b.uid), 45);
	assert_int_not_equal(strcmp(b.uid, want), 0);
	strcpy(first, b.uid);
	te_book_free(&b);
	make(&b, two, 2);
	te_book_finish(&b, true, 0, 0);
	assert_string_equal(b.uid, first);
	te_book_free(&b);
	make(&b, two, 2);
	b.title_opt = "Another title";
	te_book_finish(&b, true, 0, 0);
	assert_int_not_equal(strcmp(b.uid, first), 0);
	assert_string_equal(b.title, "Another title");
	te_book_free(&b);
}

static void
modified_from_tei(void **state)
{
	static const char *const two[] = { SHA_A, SHA_B };
	struct te_book b;

	(void)state;
	make(&b, two, 2);
	b.stmts[0].stamp = 1000000000;
	b.stmts[1].stamp = 1706054400;
	te_book_finish(&b, false, 0, 42);
	assert_string_equal(b.modified, "2024-01-24T00:00:00Z");
	te_book_free(&b);
	make(&b, two, 2);
	te_book_finish(&b, false, 0, 86400);     /* no dates: now */
	assert_string_equal(b.modified, "1970-01-02T00:00:00Z");
	te_book_free(&b);
}

static void
languages(void **state)
{
	struct te_book b;

	(void)state;
	te_book_init(&b);
	assert_int_equal(te_book_lang(&b, "ar"), 0);
	assert_int_equal(te_book_lang(&b, "ckb"), 1);
	assert_int_equal(te_book_lang(&b, "ar"), 0);
	assert_int_equal(te_book_lang(&b, "not a tag"), -1);
	assert_int_equal(te_book_lang(&b, ""), -1);
	te_book_free(&b);
}

/* Heading levels with gaps nest as siblings, and the nav and NCX balance. */
static void
toc_nesting(void **state)
{
	static const char *const one[] = { SHA_A };
	struct te_book b;
	struct wq_buf nav = WQ_BUF_INIT, ncx = WQ_BUF_INIT;

	(void)state;
	make(&b, one, 1);
	b.nchaps = 0;  /* headings belong to the chapter being written */
	b.stmts[0].nchap = 0;
	assert_int_equal(te_book_add_nav(&b, 1, 1, -1, "Title"), 0);
	assert_int_equal(te_book_add_nav(&b, 3, 2, -1, "Deep A"), 0);
	assert_int_equal(te_book_add_nav(&b, 3, 3, -1, "Deep B"), 0);
	assert_int_equal(te_book_add_nav(&b, 2, 4, -1, "Middle"), 0);
	assert_int_equal(te_book_add_chapter(&b, 0, 0), 0);
	te_book_finish(&b, true, 0, 0);
	assert_int_equal(te_book_navdoc(&b, &nav), 0);
	assert_non_null(strstr(nav.data,
	    "<li><a href=\"c0001.xhtml#h1\">Title</a>\n<ol>\n"
	    "<li><a href=\"c0001.xhtml#h2\">Deep A</a></li>\n"
	    "<li><a href=\"c0001.xhtml#h3\">Deep B</a></li>\n"
	    "<li><a href=\"c0001.xhtml#h4\">Middle</a></li>\n</ol>\n</li>\n</ol>\n</nav>"));
	assert_int_equal(te_book_ncx(&b, &ncx), 0);
	assert_non_null(strstr(ncx.data, "<meta name=\"dtb:depth\" content=\"2\"/>"));
	assert_non_null(strstr(ncx.data, "playOrder=\"4\""));
	wq_buf_free(&nav);
	wq_buf_free(&ncx);
	te_book_free(&b);
}

static void
escaping(void **state)
{
	struct wq_buf out = WQ_BUF_INIT;

	(void)state;
	assert_int_equal(te_xml_escape(&out, "a<b>&\"c\"", 9), 0);
	assert_string_equal(out.data, "a&lt;b&gt;&amp;&quot;c&quot;");
	wq_buf_reset(&out);
	assert_int_equal(te_xml_escape(&out, "ab&c", 2), 0);   /* a prefix only */
	assert_string_equal(out.data, "ab");
	wq_buf_reset(&out);
	assert_int_equal(te_xml_escape(&out, "&&", 1), 0);
	assert_string_equal(out.data, "&amp;");
	wq_buf_reset(&out);
	assert_int_equal(te_xml_escape(&out, "", 0), 0);
	assert_int_equal(out.len, 0);
	wq_buf_free(&out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(identifiers),
		cmocka_unit_test(modified_from_tei),
		cmocka_unit_test(languages),
		cmocka_unit_test(toc_nesting),
		cmocka_unit_test(escaping),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
