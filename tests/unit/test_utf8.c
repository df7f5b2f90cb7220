/* test_utf8.c - UTF-8 decoding, XML character checks, positions. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "wathiqa.h"

static void
decode_valid(void **state)
{
	uint32_t cp;
	(void)state;

	assert_int_equal(wq_utf8_decode((const unsigned char *)"A", 1, &cp), 1);
	assert_int_equal(cp, 'A');
	/* ARABIC LETTER ALEF, two bytes */
	assert_int_equal(wq_utf8_decode((const unsigned char *)"\xd8\xa7", 2, &cp), 2);
	assert_int_equal(cp, 0x627);
	/* ARABIC-INDIC DIGIT ONE */
	assert_int_equal(wq_utf8_decode((const unsigned char *)"\xd9\xa1", 2, &cp), 2);
	assert_int_equal(cp, 0x661);
	assert_int_equal(wq_utf8_decode((const unsigned char *)"\xe2\x80\xa2", 3, &cp), 3);
	assert_int_equal(cp, 0x2022);
	assert_int_equal(wq_utf8_decode((const unsigned char *)"\xf0\x9f\x98\x80", 4, &cp), 4);
	assert_int_equal(cp, 0x1F600);
}

static void
decode_invalid(void **state)
{
	uint32_t cp;
	(void)state;

	/* overlong '/', lone continuation, surrogate, past U+10FFFF, truncated */
	assert_int_equal(wq_utf8_decode((const unsigned char *)"\xc0\xaf", 2, &cp), 0);
	assert_int_equal(wq_utf8_decode((const unsigned char *)"\x80", 1, &cp), 0);
	assert_int_equal(wq_utf8_decode((const unsigned char *)"\xed\xa0\x80", 3, &cp), 0);
	assert_int_equal(wq_utf8_decode((const unsigned char *)"\xf4\x90\x80\x80", 4, &cp), 0);
	assert_int_equal(wq_utf8_decode((const unsigned char *)"\xd8", 1, &cp), 0);
	assert_int_equal(wq_utf8_decode((const unsigned char *)"\xe0\x80\x80", 3, &cp), 0);
}

static void
encode_roundtrip(void **state)
{
	unsigned char out[4];
	uint32_t cps[] = { 0x24, 0x6D5, 0x20AC, 0x10348 }, cp;
	size_t i, n;
	(void)state;

	for (i = 0; i < sizeof cps / sizeof cps[0]; i++) {
		n = wq_utf8_encode(cps[i], out);
		assert_int_equal(n, i + 1);
		assert_int_equal(wq_utf8_decode(out, n, &cp), n);
		assert_int_equal(cp, cps[i]);
	}
	assert_int_equal(wq_utf8_encode(0xD800, out), 0);
	assert_int_equal(wq_utf8_encode(0x110000, out), 0);
}

static void
xml_chars(void **state)
{
	(void)state;
	assert_true(wq_xml_char_ok('\t'));
	assert_true(wq_xml_char_ok('\n'));
	assert_true(wq_xml_char_ok(0x640)); /* tatweel */
	assert_false(wq_xml_char_ok(0x0));
	assert_false(wq_xml_char_ok(0x1B));
	assert_false(wq_xml_char_ok(0xFFFE));
	assert_false(wq_xml_char_ok(0xFFFF));
}

static void
check_xml_positions(void **state)
{
	struct wq_textpos pos = WQ_TEXTPOS_INIT;
	const char *s = "ab\n\xd8\xa7\xd8\xa8\x01x";
	size_t at = 0;
	(void)state;

	assert_int_equal(wq_utf8_check_xml((const unsigned char *)s, strlen(s), &at, &pos),
	                 WQ_UTF8_NOT_XML);
	assert_int_equal(at, 7);
	assert_int_equal(pos.line, 2);
	assert_int_equal(pos.col, 3);

	pos = (struct wq_textpos)WQ_TEXTPOS_INIT;
	assert_int_equal(wq_utf8_check_xml((const unsigned char *)"a\0b", 3, &at, &pos),
	                 WQ_UTF8_NUL);
	assert_int_equal(at, 1);
	assert_int_equal(pos.col, 2);

	pos = (struct wq_textpos)WQ_TEXTPOS_INIT;
	assert_int_equal(wq_utf8_check_xml((const unsigned char *)"x\n\nyy\xff", 6, &at, &pos),
	                 WQ_UTF8_INVALID);
	assert_int_equal(at, 5);
	assert_int_equal(pos.line, 3);
	assert_int_equal(pos.col, 3);
	assert_string_equal(wq_utf8_strerror(WQ_UTF8_INVALID), "invalid UTF-8");
}

static void
tail_of_buffer(void **state)
{
	(void)state;
	assert_int_equal(wq_utf8_tail((const unsigned char *)"ab", 2), 0);
	assert_int_equal(wq_utf8_tail((const unsigned char *)"a\xd8", 2), 1);
	assert_int_equal(wq_utf8_tail((const unsigned char *)"a\xd8\xa7", 3), 0);
	assert_int_equal(wq_utf8_tail((const unsigned char *)"a\xe2\x80", 3), 2);
	assert_int_equal(wq_utf8_tail((const unsigned char *)"a\xf0\x9f\x98", 4), 3);
	assert_int_equal(wq_utf8_tail((const unsigned char *)"\xf0\x9f\x98\x80", 4), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(decode_valid),
		cmocka_unit_test(decode_invalid),
		cmocka_unit_test(encode_roundtrip),
		cmocka_unit_test(xml_chars),
		cmocka_unit_test(check_xml_positions),
		cmocka_unit_test(tail_of_buffer),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
