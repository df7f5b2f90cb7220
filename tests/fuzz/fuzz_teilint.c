/*
 * fuzz_teilint.c - libFuzzer target for teilint's input: parse, validate
 * against the embedded schema/wathiqa.rng, run the extra rules.
 * The schema is compiled once; every input is one document.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <libxml/parser.h>
#include <libxml/xmlerror.h>

#include "wathiqa.h"
#include "../../converters/tl_lint.h"

extern const unsigned char wathiqa_rng[];
extern const size_t wathiqa_rng_len;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct tl_linter *linter;

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

/* Every diagnostic must be a well-formed one; touching its fields lets ASan check them. */
static void
on_diag(void *ud, const struct tl_diag *d)
{
	size_t *n = ud;
	if (!d->id || !d->msg || !d->msg[0])
		abort();
	*n += d->line + d->col;
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	xmlSetStructuredErrorFunc(NULL, quiet);
	xmlSetGenericErrorFunc(NULL, quiet_generic);
	linter = tl_linter_new_mem(wathiqa_rng, wathiqa_rng_len, NULL, NULL);
	if (!linter)
		abort();
	wq_xml_refuse_external();
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t n = 0;
	enum tl_result r;

	r = tl_lint_mem(linter, data, size, "fuzz.xml", on_diag, &n);
	if (r != TL_VALID && r != TL_INVALID && r != TL_TROUBLE)
		abort();
	return 0;
}
