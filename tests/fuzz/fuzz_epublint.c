/*
 * fuzz_epublint.c - libFuzzer target for epublint's zip and XML input: each
 * input is a whole EPUB opened from memory (zip_source_buffer), then the
 * container, container.xml, package document and XHTML checks run on it.
 * Small limits keep every run fast; every finding's fields are touched so
 * ASan checks them.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <libxml/parser.h>

#include "wathiqa.h"
#include "../../converters/el_check.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	xmlInitParser();
	wq_xml_refuse_external();
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct el_limits lim = { 2000, 8u << 20, 4u << 20, 1u << 20, 200 };
	struct el_report r = EL_REPORT_INIT;
	size_t i, sum = 0;

	(void)el_check_buffer(data, size, &lim, &r);
	for (i = 0; i < r.n; i++) {
		const struct el_msg *m = &r.msgs[i];
		if ((unsigned)m->rule >= R_COUNT)
			__builtin_trap();
		sum += strlen(m->text) + (m->path ? strlen(m->path) : 0) +
		       strlen(el_rules[m->rule].id);
	}
	(void)el_report_valid(&r);
	el_report_free(&r);
	return sum == (size_t)-1;
}
