/*
 * fuzz_txt2tei.c - libFuzzer target for txt2tei's text parser: the whole
 * pipeline (decode, lines, blocks, classify, language, TEI writer) on
 * arbitrary bytes. Valid input must give well-formed XML; invalid input
 * must be refused before anything is written.
 */
#define _DEFAULT_SOURCE /* fmemopen, open_memstream */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "../../converters/tt_conv.h"

static void
no_warning(void *ctx, unsigned long line, unsigned long col, const char *msg)
{
	(void)ctx;
	(void)line;
	(void)col;
	(void)msg;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	FILE *in, *out;
	char *buf = NULL;
	size_t len = 0;
	struct tt_opts o;
	struct tt_fail f;
	enum tt_status st;

	if (size == 0 || size > (1u << 20))
		return 0;
	in = fmemopen((void *)data, size, "rb");
	if (in == NULL)
		return 0;
	out = open_memstream(&buf, &len);
	if (out == NULL) {
		fclose(in);
		return 0;
	}
	memset(&o, 0, sizeof o);
	o.version = "0.1.0";
	o.now = 1706054400;
	o.warn = no_warning;
	o.max_warnings = 100;
	st = tt_convert(NULL, in, "fuzz.txt", &o, out, &f);
	fclose(out);
	fclose(in);
	if (st == TT_INVALID && len != 0)
		abort(); /* bad input must leave the output untouched */
	if (st == TT_OK) {
		xmlDocPtr doc = xmlReadMemory(buf, (int)len, "fuzz.xml", NULL,
		                              XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
		if (doc == NULL)
			abort(); /* the output must be well-formed */
		xmlFreeDoc(doc);
	}
	free(buf);
	return 0;
}
