/*
 * fuzz_tei2txt.c - libFuzzer target for tei2txt's input: every input is
 * one document, converted from memory into a wq_buf; everything is freed.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/xmlerror.h>

#include "wathiqa.h"
#include "../../converters/t2t_text.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
quiet(void *ud, xmlErrorPtr err)
{
	(void)ud;
	(void)err;
}

static void
quiet_generic(void *ud, const char *fmt, ...)
{
	(void)ud;
	(void)fmt;
}

/* Format every message, as tei2txt would print it (lets ASan check the arguments). */
static void
on_msg(void *ud, const char *file, unsigned long line, unsigned long col,
       const char *fmt, va_list ap)
{
	size_t *n = ud;
	char msg[1024];

	if (!file || !fmt)
		abort();
	if (vsnprintf(msg, sizeof msg, fmt, ap) <= 0)
		abort();
	*n += strlen(msg) + line + col;
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	xmlSetStructuredErrorFunc(NULL, quiet);
	xmlSetGenericErrorFunc(NULL, quiet_generic);
	wq_xml_refuse_external();
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct wq_buf out = WQ_BUF_INIT;
	size_t n = 0;
	struct t2t *c;
	enum t2t_result r;

	c = t2t_new(NULL, &out, on_msg, &n);
	if (!c)
		return 0;
	xmlSetGenericErrorFunc(c, t2t_generic_error);
	r = t2t_convert_mem(c, data, size, "fuzz.xml");
	xmlSetGenericErrorFunc(NULL, quiet_generic);
	if (r != T2T_OK && r != T2T_INVALID && r != T2T_NOMEM)
		abort();
	/* the output is text: blocks end with a newline, never a NUL inside */
	if (r != T2T_NOMEM && out.len &&
	    (out.data[out.len - 1] != '\n' || memchr(out.data, '\0', out.len)))
		abort();
	if (t2t_write_error(c))
		abort();
	t2t_free(c);
	wq_buf_free(&out);
	return 0;
}
