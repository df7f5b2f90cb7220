/*
 * test_tl_lint.c - teilint's engine (converters/tl_lint.c) with the
 * compiled-in schema: the verdict and the messages do not depend on how
 * the input is cut into pieces; messages come in line order.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <libxml/parser.h>

#include "../../converters/tl_lint.h"
#include "wathiqa.h"

extern const unsigned char wathiqa_rng[];
extern const size_t wathiqa_rng_len;

#define HEADER \
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" \
	"<TEI xmlns=\"http://www.tei-c.org/ns/1.0\" xml:lang=\"en\">\n" \
	"<teiHeader><fileDesc><titleStmt><title>T</title></titleStmt>\n" \
	"<publicationStmt><publisher>P</publisher></publicationStmt>\n" \
	"<sourceDesc><p>S</p></sourceDesc></fileDesc></teiHeader>\n" \
	"<text><body><div type=\"statement\">\n"
#define FOOTER "</div></body></text></TEI>\n"

static const char valid_doc[] = HEADER "<p>One <date when=\"2024-02-29\">day</date>.</p>\n" FOOTER;
static const char invalid_doc[] = HEADER
	"<p xml:id=\"a\" xml:lang=\"en-\">One.</p>\n"
	"<p xml:id=\"a\">Two <date when=\"2023-02-29\">day</date>.</p>\n"
	"<figure/>\n"
	"<p><ref target=\"#b\">to nowhere</ref></p>\n" FOOTER;
static const char broken_doc[] = HEADER "<p>One <hi>two</p></hi>\n" FOOTER;

/* All the diagnostics of one run, as text. */
struct collect {
	struct wq_buf text;
	unsigned long last_line;
	int unsorted;
};

static void
on_diag(void *ud, const struct tl_diag *d)
{
	struct collect *c = ud;
	if (d->line < c->last_line)
		c->unsorted = 1;
	c->last_line = d->line;
	wq_buf_printf(&c->text, "%d %s %lu:%lu %s\n", (int)d->severity, d->id, d->line, d->col, d->msg);
}

/* Lint doc[0..n) fed in pieces of `piece` bytes (0: all at once). */
static enum tl_result
lint(struct tl_linter *lt, const char *doc, size_t n, size_t piece, struct collect *c)
{
	struct tl_session *s;
	memset(c, 0, sizeof *c);
	if (piece == 0)
		return tl_lint_mem(lt, doc, n, "doc.xml", on_diag, c);
	s = tl_session_new(lt, "doc.xml", on_diag, c);
	assert_non_null(s);
	for (size_t i = 0; i < n; i += piece)
		if (tl_session_feed(s, doc + i, n - i < piece ? n - i : piece) < 0)
			break;
	return tl_session_end(s);
}

static int
setup(void **state)
{
	*state = tl_linter_new_mem(wathiqa_rng, wathiqa_rng_len, NULL, NULL);
	return *state ? 0 : -1;
}

static int
teardown(void **state)
{
	tl_linter_free(*state);
	xmlCleanupParser();
	return 0;
}

/* The same verdict and messages whatever the pieces. */
static void
check_pieces(struct tl_linter *lt, const char *doc, size_t n, enum tl_result want)
{
	static const size_t pieces[] = { 1, 2, 3, 5, 7, 64, 4096 };
	struct collect whole, cut;

	assert_int_equal(lint(lt, doc, n, 0, &whole), want);
	assert_int_equal(whole.unsorted, 0);
	for (size_t i = 0; i < sizeof pieces / sizeof pieces[0]; i++) {
		assert_int_equal(lint(lt, doc, n, pieces[i], &cut), want);
		assert_string_equal(whole.text.data ? whole.text.data : "", cut.text.data ? cut.text.data : "");
		wq_buf_free(&cut.text);
	}
	wq_buf_free(&whole.text);
}

static void
test_valid(void **state)
{
	check_pieces(*state, valid_doc, strlen(valid_doc), TL_VALID);
}

static void
test_invalid(void **state)
{
	struct collect c;
	check_pieces(*state, invalid_doc, strlen(invalid_doc), TL_INVALID);
	assert_int_equal(lint(*state, invalid_doc, strlen(invalid_doc), 0, &c), TL_INVALID);
	assert_non_null(strstr(c.text.data, "1 TL-LANG-BCP47 7:0 xml:lang \"en-\" is not a well-formed BCP 47 language tag: empty subtag\n"));
	assert_non_null(strstr(c.text.data, "1 TL-ID-UNIQUE 8:0 duplicate xml:id \"a\" (first at line 7)\n"));
	assert_non_null(strstr(c.text.data, "1 TL-WHEN-ISO 8:0 @when \"2023-02-29\""));
	assert_non_null(strstr(c.text.data, "1 TL-RNG 9:0 Did not expect element figure there\n"));
	assert_non_null(strstr(c.text.data, "1 TL-REF-LOCAL 10:0 @target points to \"#b\", but no element has xml:id \"b\"\n"));
	wq_buf_free(&c.text);
}

static void
test_not_well_formed(void **state)
{
	struct collect c;
	check_pieces(*state, broken_doc, strlen(broken_doc), TL_INVALID);
	assert_int_equal(lint(*state, broken_doc, strlen(broken_doc), 0, &c), TL_INVALID);
	assert_non_null(strstr(c.text.data, "1 TL-XML 7:"));
	assert_non_null(strstr(c.text.data, "Opening and ending tag mismatch: hi line 7 and p\n"));
	assert_null(strstr(c.text.data, "TL-RNG")); /* no validation of a broken tree */
	wq_buf_free(&c.text);
}

static void
test_bom_and_utf16(void **state)
{
	struct wq_buf b = WQ_BUF_INIT;
	size_t n = strlen(valid_doc);

	/* a UTF-8 byte order mark */
	wq_buf_append(&b, "\xef\xbb\xbf", 3);
	wq_buf_append(&b, valid_doc, n);
	check_pieces(*state, b.data, b.len, TL_VALID);
	/* UTF-16LE with its byte order mark, the declaration saying so */
	wq_buf_reset(&b);
	wq_buf_append(&b, "\xff\xfe", 2);
	for (const char *p = valid_doc; *p; p++) {
		if ((unsigned char)*p >= 0x80)
			fail_msg("test document must be ASCII");
		wq_buf_putc(&b, *p);
		wq_buf_putc(&b, 0);
	}
	{
		/* "UTF-8" -> "UTF16" in the declaration, same length */
		char *enc = NULL;
		for (size_t i = 0; i + 10 <= b.len && !enc; i++)
			if (memcmp(b.data + i, "U\0T\0F\0-\0" "8\0", 10) == 0)
				enc = b.data + i;
		assert_non_null(enc);
		memcpy(enc, "U\0T\0F\0" "1\0" "6\0", 10);
	}
	check_pieces(*state, b.data, b.len, TL_VALID);
	wq_buf_free(&b);
}

static void
test_tiny(void **state)
{
	struct collect c;
	assert_int_equal(lint(*state, "", 0, 0, &c), TL_INVALID);
	assert_string_equal(c.text.data, "1 TL-XML 1:1 Document is empty\n");
	wq_buf_free(&c.text);
	check_pieces(*state, "<a", 2, TL_INVALID);
	check_pieces(*state, "<a/>", 4, TL_INVALID);
	check_pieces(*state, "\xef\xbb\xbf", 3, TL_INVALID);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_invalid),
		cmocka_unit_test(test_not_well_formed),
		cmocka_unit_test(test_bom_and_utf16),
		cmocka_unit_test(test_tiny),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
