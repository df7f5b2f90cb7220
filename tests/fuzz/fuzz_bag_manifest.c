/*
 * fuzz_bag_manifest.c - libFuzzer target for the BagIt tag-file parsers.
 *
 * The input is split at NUL bytes into up to three parts: a payload
 * manifest (manifest-sha256.txt), bag-info.txt and fetch.txt. Each is run
 * through the line-level parsers (manifest lines, percent-decoding, path
 * checks, bag-info in 1.0 and in lenient mode), then the three are put into
 * a small tar in memory with bagit.txt (1.0 or 0.97, by the input's first
 * byte) and one payload file, and the whole verifier runs over it.
 * Must never crash, leak or read out of bounds; decode(encode(x)) == x.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../archive/bagit.h"
#include "../../archive/bagit_verify.h"
#include "wathiqa.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
no_problem(void *arg, bool error, unsigned long line, const char *msg)
{
	(void)arg, (void)error, (void)line, (void)msg;
}

static void
no_report(void *arg, bool error, const char *file, unsigned long line, const char *msg)
{
	(void)arg, (void)error, (void)file, (void)line, (void)msg;
}

static void
tar_add(struct wq_buf *t, const char *name, const char *p, size_t n)
{
	char h[512];
	static const char pad[512];
	unsigned sum = 0;

	memset(h, 0, sizeof(h));
	snprintf(h, 100, "%s", name);
	snprintf(h + 100, 8, "%07o", 0644);
	snprintf(h + 108, 8, "%07o", 0);
	snprintf(h + 116, 8, "%07o", 0);
	snprintf(h + 124, 12, "%011lo", (unsigned long)n);
	snprintf(h + 136, 12, "%011o", 0);
	memset(h + 148, ' ', 8);
	h[156] = '0';
	memcpy(h + 257, "ustar", 6);
	memcpy(h + 263, "00", 2);
	for (int i = 0; i < 512; i++)
		sum += (unsigned char)h[i];
	snprintf(h + 148, 8, "%06o", sum);
	h[155] = ' ';
	wq_buf_append(t, h, 512);
	wq_buf_append(t, p, n);
	wq_buf_append(t, pad, (512 - n % 512) % 512);
}

static void
lines(const char *p, size_t n)
{
	size_t pos = 0, len;
	const char *line;

	while (bag_next_line(p, n, &pos, &line, &len)) {
		struct bag_mline ml;
		struct wq_buf d = WQ_BUF_INIT, e = WQ_BUF_INIT, back = WQ_BUF_INIT;
		bool stray = false;

		if (bag_mline_parse(line, len, &ml) != BAG_ML_OK)
			continue;
		if (bag_path_decode(ml.path, ml.path_len, &d, &stray) == 0) {
			(void)bag_path_check(d.data, d.len);
			if (bag_path_encode(d.data, d.len, &e) == 0 &&
			    bag_path_decode(e.data, e.len, &back, NULL) == 0 &&
			    (back.len != d.len || memcmp(back.data, d.data, d.len) != 0))
				abort(); /* decode(encode(x)) must be x */
		}
		wq_buf_free(&d);
		wq_buf_free(&e);
		wq_buf_free(&back);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *part[3] = { "", "", "" };
	size_t plen[3] = { 0, 0, 0 }, k = 0, start = 0;
	struct bag_info bi = BAG_INFO_INIT;
	struct wq_buf t = WQ_BUF_INIT;
	static const char z[1024];
	bool v1 = size == 0 || (data[0] & 1) == 0;

	for (size_t i = 0; i <= size && k < 3; i++) {
		if (i == size || data[i] == 0) {
			part[k] = (const char *)data + start;
			plen[k++] = i - start;
			start = i + 1;
		}
	}
	lines(part[0], plen[0]);
	lines(part[2], plen[2]);
	(void)bag_info_parse(part[1], plen[1], true, &bi, no_problem, NULL);
	bag_info_free(&bi);
	(void)bag_info_parse(part[1], plen[1], false, &bi, no_problem, NULL);
	bag_info_free(&bi);

	const char *bagit = v1 ? "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"
	                       : "BagIt-Version: 0.97\nTag-File-Character-Encoding: UTF-8\n";
	tar_add(&t, "bag/bagit.txt", bagit, strlen(bagit));
	tar_add(&t, "bag/data/hello.txt", "hello\n", 6);
	tar_add(&t, "bag/manifest-sha256.txt", part[0], plen[0]);
	if (k > 1)
		tar_add(&t, "bag/bag-info.txt", part[1], plen[1]);
	if (k > 2)
		tar_add(&t, "bag/fetch.txt", part[2], plen[2]);
	wq_buf_append(&t, z, sizeof(z));
	if (t.data != NULL) {
		struct bag_verify_opts o = { no_report, NULL, false, 0, 0 };
		(void)bag_verify_memory("fuzz.tar", t.data, t.len, &o);
	}
	wq_buf_free(&t);
	return 0;
}
