/*
 * fuzz_tei2epub.c - libFuzzer target for tei2epub's TEI input: the walk
 * (header, body mapping, languages, chapter splitting) and, when the input
 * is accepted, the whole EPUB built in memory (package, nav, NCX, zip).
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <libxml/parser.h>

#include "wathiqa.h"
#include "../../converters/te_book.h"
#include "../../converters/te_walk.h"
#include "../../converters/te_zip.h"

static void
quiet(void *ctx, const char *file, unsigned long line, unsigned long col, const char *msg)
{
	(void)ctx;
	(void)file;
	(void)line;
	(void)col;
	(void)msg;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct te_walk_opts opts = { quiet, NULL };
	struct te_book b;
	struct te_error err;
	struct wq_buf out = WQ_BUF_INIT;
	char msg[256];

	te_book_init(&b);
	/* an odd length also turns on the cover and a second copy (anthology) */
	b.cover = size % 2 == 1;
	if (te_walk(&b, "fuzz.xml", -1, data, size, &opts, &err) == TE_WALK_OK &&
	    (size % 2 == 0 || te_walk(&b, "again.xml", -1, data, size, &opts, &err) == TE_WALK_OK)) {
		te_book_finish(&b, true, 1706054400, 0);
		if (te_zip_write(&b, (int)(size % 3), &out, msg, sizeof msg) != 0)
			__builtin_trap();
		/* an EPUB starts with its stored mimetype */
		if (out.len < 58 || memcmp(out.data + 30, "mimetypeapplication/epub+zip", 28) != 0)
			__builtin_trap();
	}
	wq_buf_free(&out);
	te_book_free(&b);
	return 0;
}
