/* test_tt_lang.c - txt2tei: language from letters, the NFC quick check, the line reader. */
#define _DEFAULT_SOURCE /* fmemopen */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "../../converters/tt_lang.h"
#include "../../converters/tt_text.h"

static enum tt_lang
lang_of(const char *s)
{
	struct tt_letters l;

	memset(&l, 0, sizeof l);
	tt_letters_add_utf8(&l, s, strlen(s));
	return tt_lang_decide(&l);
}

static void
test_scripts(void **state)
{
	(void)state;
	assert_int_equal(tt_script_of('a'), TT_SCRIPT_LATIN);
	assert_int_equal(tt_script_of('Z'), TT_SCRIPT_LATIN);
	assert_int_equal(tt_script_of(0xE9), TT_SCRIPT_LATIN);   /* é */
	assert_int_equal(tt_script_of('1'), TT_SCRIPT_NONE);
	assert_int_equal(tt_script_of(0xA0), TT_SCRIPT_NONE);
	assert_int_equal(tt_script_of(0x0628), TT_SCRIPT_ARABIC); /* ب */
	assert_int_equal(tt_script_of(0x06A9), TT_SCRIPT_ARABIC); /* ک */
	assert_int_equal(tt_script_of(0x0640), TT_SCRIPT_NONE);   /* tatweel */
	assert_int_equal(tt_script_of(0x064E), TT_SCRIPT_NONE);   /* fatha */
	assert_int_equal(tt_script_of(0x0661), TT_SCRIPT_NONE);   /* ١ */
	assert_int_equal(tt_script_of(0x06D5), TT_SCRIPT_SORANI); /* ە */
	assert_int_equal(tt_script_of(0x06CE), TT_SCRIPT_SORANI); /* ێ */
	assert_int_equal(tt_script_of(0x06C6), TT_SCRIPT_SORANI); /* ۆ */
	assert_int_equal(tt_script_of(0x06B5), TT_SCRIPT_SORANI); /* ڵ */
	assert_int_equal(tt_script_of(0x0695), TT_SCRIPT_SORANI); /* ڕ */
	assert_int_equal(tt_script_of(0x0416), TT_SCRIPT_OTHER);  /* Ж */
	assert_int_equal(tt_script_of(0x4E2D), TT_SCRIPT_OTHER);  /* 中 */
	assert_int_equal(tt_script_of(0xFEFB), TT_SCRIPT_ARABIC); /* presentation form */
}

static void
test_languages(void **state)
{
	(void)state;
	assert_int_equal(lang_of("The commitment to the unity."), TT_LANG_EN);
	assert_int_equal(lang_of("\xd8\xa7\xd9\x84\xd9\x85\xd8\xa8\xd8\xa7\xd8\xaf\xd8\xa6 \xd9\x88 \xd8\xa7\xd9\x84\xd9\x82\xd9\x8a\xd9\x85"),
	                 TT_LANG_AR); /* المبادئ و القيم */
	/* سەرۆکایەتی هەرێمی کوردستان */
	assert_int_equal(lang_of("\xd8\xb3\xdb\x95\xd8\xb1\xdb\x86\xda\xa9\xd8\xa7\xdb\x8c\xdb\x95\xd8\xaa\xdb\x8c "
	                         "\xd9\x87\xdb\x95\xd8\xb1\xdb\x8e\xd9\x85\xdb\x8c \xda\xa9\xd9\x88\xd8\xb1\xd8\xaf\xd8\xb3\xd8\xaa\xd8\xa7\xd9\x86"),
	                 TT_LANG_CKB);
	assert_int_equal(lang_of("\xd0\xad\xd1\x82\xd0\xbe \xd1\x82\xd0\xb5\xd0\xba\xd1\x81\xd1\x82"), TT_LANG_UND);
	assert_int_equal(lang_of("2024 - 12 (5)"), TT_LANG_NONE);
	assert_int_equal(lang_of(""), TT_LANG_NONE);
	/* Arabic text with an English word glued to it is still Arabic */
	assert_int_equal(lang_of("\xd8\xaa\xd8\xb9\xd8\xb1\xd9\x81 \xd8\xb9\xd9\x84\xd9\x89 \xd8\xa7\xd9\x84\xd8\xa3\xd9\x85\xd9\x8a\xd9\x86 "
	                         "\xd8\xa7\xd9\x84\xd8\xb9\xd8\xa7\xd9\x85 \xd9\x84\xd9\x84\xd8\xad\xd8\xb2\xd8\xa8Loading"),
	                 TT_LANG_AR);
}

static void
test_sorani_threshold(void **state)
{
	struct tt_letters l;
	(void)state;

	/* one Sorani letter in a long Arabic paragraph is a borrowed name */
	memset(&l, 0, sizeof l);
	l.arabic = 500;
	l.sorani = 1;
	assert_int_equal(tt_lang_decide(&l), TT_LANG_AR);
	l.sorani = 10;
	assert_int_equal(tt_lang_decide(&l), TT_LANG_CKB);
	l.latin = 600;
	assert_int_equal(tt_lang_decide(&l), TT_LANG_EN);
	assert_int_equal(tt_letters_total(&l), 1100);
}

static void
test_codes_and_names(void **state)
{
	(void)state;
	assert_string_equal(tt_lang_code(TT_LANG_EN), "en");
	assert_string_equal(tt_lang_code(TT_LANG_AR), "ar");
	assert_string_equal(tt_lang_code(TT_LANG_CKB), "ckb");
	assert_string_equal(tt_lang_code(TT_LANG_UND), "und");
	assert_string_equal(tt_lang_code(TT_LANG_NONE), "und");
	assert_string_equal(tt_lang_name(TT_LANG_CKB), "Central Kurdish");
	assert_string_equal(tt_lang_name(TT_LANG_AR), "Arabic");
}

static void
test_nfc(void **state)
{
	struct wq_buf scratch = WQ_BUF_INIT;
	const char *out;
	size_t n;
	(void)state;

	assert_true(tt_nfc_quick("plain ASCII text, long enough for the fast path", 47));
	assert_true(tt_nfc_quick("caf\xc3\xa9", 5));
	assert_true(tt_nfc_quick("\xd8\xaa\xd8\xa3\xd8\xb3\xd9\x91\xd8\xb3", 10)); /* تأسّس */
	assert_false(tt_nfc_quick("cafe\xcc\x81", 6));                        /* e + U+0301 */
	assert_false(tt_nfc_quick("\xe2\x84\xab", 3));                        /* U+212B */
	assert_false(tt_nfc_quick("\xd8\xa7\xd9\x94", 4));                    /* alef + hamza above */
	assert_false(tt_nfc_quick("\xd8\xa8\xd9\x91\xd9\x8e", 6));            /* shadda, fatha: reorder */

	assert_int_equal(tt_nfc("cafe\xcc\x81", 6, &scratch, &out, &n), 0);
	assert_int_equal(n, 5);
	assert_memory_equal(out, "caf\xc3\xa9", 5);
	assert_int_equal(tt_nfc("\xd8\xa7\xd9\x94", 4, &scratch, &out, &n), 0);
	assert_int_equal(n, 2);
	assert_memory_equal(out, "\xd8\xa3", 2);                             /* أ */
	assert_int_equal(tt_nfc("same", 4, &scratch, &out, &n), 0);
	assert_int_equal(n, 4);
	wq_buf_free(&scratch);
}

/* The reader: BOM dropped, CR LF and CR made LF, pieces with positions. */
static void
test_reader_line_ends(void **state)
{
	static char text[] = "\xef\xbb\xbf" "one\r\ntwo\rthree\n\nfour";
	static const char *const want[] = { "one", "two", "three", "", "four" };
	FILE *fp = fmemopen(text, sizeof text - 1, "r");
	struct tt_reader *r;
	struct tt_piece pc;
	int i = 0;
	(void)state;

	assert_non_null(fp);
	r = tt_reader_new(fp, NULL, NULL);
	assert_non_null(r);
	while (tt_reader_next(r, &pc) > 0) {
		assert_true(i < 5);
		assert_int_equal(pc.n, strlen(want[i]));
		assert_memory_equal(pc.p, want[i], pc.n);
		assert_true(pc.bol && pc.eol);
		assert_int_equal(pc.line, (unsigned long)i + 1);
		assert_int_equal(pc.col, 1);
		i++;
	}
	assert_int_equal(i, 5);
	assert_int_equal(tt_reader_rawbytes(r), sizeof text - 1);
	tt_reader_free(r);
	fclose(fp);
}

/* A small input is read again from memory, exactly as the first time. */
static void
test_reader_rewind(void **state)
{
	static char text[] = "\xef\xbb\xbf" "one\r\ntwo\rthree";
	FILE *fp = fmemopen(text, sizeof text - 1, "r");
	struct tt_reader *r;
	struct tt_piece pc;
	char first[64] = "", second[64] = "";
	int round;
	(void)state;

	assert_non_null(fp);
	r = tt_reader_new(fp, NULL, NULL);
	assert_false(tt_reader_rewind(r)); /* nothing read yet */
	for (round = 0; round < 2; round++) {
		char *out = round == 0 ? first : second;
		while (tt_reader_next(r, &pc) > 0) {
			strncat(out, pc.p, pc.n);
			strcat(out, "|");
		}
		if (round == 0)
			assert_true(tt_reader_rewind(r));
	}
	assert_string_equal(first, "one|two|three|");
	assert_string_equal(second, first);
	assert_int_equal(tt_reader_rawbytes(r), sizeof text - 1);
	tt_reader_free(r);
	fclose(fp);
}

/* A CR at the very end of a read chunk followed by LF is one line end. */
static void
test_reader_cr_across_chunks(void **state)
{
	static char text[4 * TT_PIECE_MAX + 8];
	FILE *fp;
	struct tt_reader *r;
	struct tt_piece pc;
	int lines = 0;
	(void)state;

	memset(text, 'a', sizeof text);
	text[4 * TT_PIECE_MAX - 1] = '\r'; /* the last byte of the first read */
	text[4 * TT_PIECE_MAX] = '\n';
	text[4 * TT_PIECE_MAX - 2] = ' ';
	fp = fmemopen(text, sizeof text, "r");
	assert_non_null(fp);
	r = tt_reader_new(fp, NULL, NULL);
	while (tt_reader_next(r, &pc) > 0) {
		assert_true(pc.n <= TT_PIECE_MAX);
		if (pc.eol)
			lines++;
	}
	assert_int_equal(lines, 2);
	tt_reader_free(r);
	fclose(fp);
}

/* A long line comes in pieces that never split a UTF-8 sequence. */
static void
test_reader_long_line(void **state)
{
	static char text[3 * TT_PIECE_MAX];
	FILE *fp;
	struct tt_reader *r;
	struct tt_piece pc;
	size_t total = 0, i;
	unsigned long col = 1;
	int pieces = 0;
	(void)state;

	for (i = 0; i + 2 <= sizeof text; i += 2)
		memcpy(text + i, "\xd8\xb9", 2); /* ع, no space at all */
	fp = fmemopen(text, sizeof text, "r");
	r = tt_reader_new(fp, NULL, NULL);
	while (tt_reader_next(r, &pc) > 0) {
		assert_true(pc.n > 0 && pc.n <= TT_PIECE_MAX);
		assert_true(((unsigned char)pc.p[0] & 0xC0) != 0x80);
		assert_int_equal(pc.n % 2, 0);
		assert_int_equal(pc.line, 1);
		assert_int_equal(pc.col, col);
		assert_int_equal(pc.bol, pieces == 0);
		col += pc.n / 2;
		total += pc.n;
		pieces++;
	}
	assert_true(pieces >= 3);
	assert_int_equal(total, sizeof text);
	tt_reader_free(r);
	fclose(fp);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scripts),
		cmocka_unit_test(test_languages),
		cmocka_unit_test(test_sorani_threshold),
		cmocka_unit_test(test_codes_and_names),
		cmocka_unit_test(test_nfc),
		cmocka_unit_test(test_reader_line_ends),
		cmocka_unit_test(test_reader_rewind),
		cmocka_unit_test(test_reader_cr_across_chunks),
		cmocka_unit_test(test_reader_long_line),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
