/* test_digest.c - digests against published test vectors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "wathiqa.h"

static void
vectors_abc(void **state)
{
	char hex[WQ_DIGEST_HEX_MAX + 1];
	(void)state;

	assert_int_equal(wq_digest_mem(WQ_SHA256, "abc", 3, hex), 0);
	assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	assert_int_equal(wq_digest_mem(WQ_SHA512, "abc", 3, hex), 0);
	assert_string_equal(hex, "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
	                         "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f");
	assert_int_equal(wq_digest_mem(WQ_MD5, "abc", 3, hex), 0);
	assert_string_equal(hex, "900150983cd24fb0d6963f7d28e17f72");
	assert_int_equal(wq_digest_mem(WQ_SHA1, "abc", 3, hex), 0);
	assert_string_equal(hex, "a9993e364706816aba3e25717850c26c9cd0d89d");
	assert_int_equal(strlen(hex), wq_digest_hex_len(WQ_SHA1));
}

static void
streaming_equals_whole(void **state)
{
	char a[WQ_DIGEST_HEX_MAX + 1], b[WQ_DIGEST_HEX_MAX + 1];
	struct wq_digest *d;
	(void)state;

	assert_non_null(d = wq_digest_new(WQ_SHA512));
	assert_int_equal(wq_digest_update(d, "ab", 2), 0);
	assert_int_equal(wq_digest_update(d, "c", 1), 0);
	assert_int_equal(wq_digest_final_hex(d, a), 0);
	assert_int_equal(wq_digest_reset(d), 0);
	assert_int_equal(wq_digest_update(d, "abc", 3), 0);
	assert_int_equal(wq_digest_final_hex(d, b), 0);
	assert_string_equal(a, b);
	wq_digest_free(d);
}

static void
file_digest_and_size(void **state)
{
	char hex[WQ_DIGEST_HEX_MAX + 1];
	char path[] = "/tmp/wq-test-digest.XXXXXX";
	uint64_t size = 0;
	int fd;
	(void)state;

	assert_true((fd = mkstemp(path)) >= 0);
	assert_int_equal(wq_write_all(fd, "abc", 3), 0);
	close(fd);
	assert_int_equal(wq_digest_file(WQ_SHA256, path, hex, &size), 0);
	assert_int_equal(size, 3);
	assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	unlink(path);
	assert_int_equal(wq_digest_file(WQ_SHA256, path, hex, &size), -1);
}

static void
names(void **state)
{
	enum wq_digest_alg alg;
	(void)state;

	assert_int_equal(wq_digest_from_name("SHA512", &alg), 0);
	assert_int_equal(alg, WQ_SHA512);
	assert_int_equal(wq_digest_from_name("blake2b512", &alg), 0);
	assert_int_equal(alg, WQ_BLAKE2B512);
	assert_string_equal(wq_digest_name(WQ_BLAKE2B512), "blake2b-512");
	assert_int_equal(wq_digest_from_name("crc32", &alg), -1);
}

static void
uuid_from_digest(void **state)
{
	char out[46];
	(void)state;

	wq_uuid_from_sha256("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", out);
	assert_string_equal(out, "urn:uuid:ba7816bf-8f01-5fea-8141-40de5dae2223");
}

/* The run of hex digits a string starts with, in lowercase only or in either case. */
static void
hex_span(void **state)
{
	(void)state;
	assert_int_equal(wq_hex_span("", true), 0);
	assert_int_equal(wq_hex_span("0123456789abcdef", true), 16);
	assert_int_equal(wq_hex_span("0123456789abcdefABCDEF", true), 16);
	assert_int_equal(wq_hex_span("0123456789abcdefABCDEF", false), 22);
	assert_int_equal(wq_hex_span("abg", false), 2);
	assert_int_equal(wq_hex_span("a b", true), 1);
	assert_int_equal(wq_hex_span("\xc3\xa9", false), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(vectors_abc),
		cmocka_unit_test(streaming_equals_whole),
		cmocka_unit_test(file_digest_and_size),
		cmocka_unit_test(names),
		cmocka_unit_test(uuid_from_digest),
		cmocka_unit_test(hex_span),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
