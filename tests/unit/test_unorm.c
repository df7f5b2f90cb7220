/* test_unorm.c - NFC and folded keys for names. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "wathiqa.h"

static void
nfc(void **state)
{
	char *a, *b;
	(void)state;

	a = wq_utf8_nfc("caf\xc3\xa9");    /* precomposed stays */
	b = wq_utf8_nfc("cafe\xcc\x81");   /* decomposed is composed */
	assert_non_null(a);
	assert_non_null(b);
	assert_string_equal(a, "caf\xc3\xa9");
	assert_string_equal(b, "caf\xc3\xa9");
	free(a);
	free(b);
	a = wq_utf8_nfc("Caf\xc3\xa9");      /* case is kept */
	assert_string_equal(a, "Caf\xc3\xa9");
	free(a);
	a = wq_utf8_nfc("");
	assert_string_equal(a, "");
	free(a);
	assert_null(wq_utf8_nfc("bad\xff"));
	assert_null(wq_utf8_nfc("\xed\xa0\x80")); /* a surrogate */
}

static void
fold(void **state)
{
	char *a, *b, *c;
	(void)state;

	a = wq_utf8_fold("data/caf\xc3\xa9.txt");   /* precomposed */
	b = wq_utf8_fold("DATA/CAFE\xcc\x81.TXT");  /* decomposed, upper case */
	c = wq_utf8_fold("data/cafe.txt");
	assert_non_null(a);
	assert_non_null(b);
	assert_non_null(c);
	assert_string_equal(a, b);
	assert_string_equal(a, "data/caf\xc3\xa9.txt");
	assert_string_not_equal(a, c);
	free(a);
	free(b);
	free(c);
	a = wq_utf8_fold("Stra\xc3\x9f" "e");     /* full folding: sharp s is ss */
	b = wq_utf8_fold("STRASSE");
	assert_string_equal(a, b);
	free(a);
	free(b);
	assert_null(wq_utf8_fold("bad\xff"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(nfc),
		cmocka_unit_test(fold),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
