/*
 * fuzz_ocfl_inventory.c - libFuzzer target for the OCFL validator's
 * inventory parser and checker: any bytes, checked as a 1.1 and as a 1.0
 * inventory; must never crash, leak or read out of bounds.
 */
#include <stddef.h>
#include <stdint.h>

#include "../../archive/ocfl_verify.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ocfl_report r = OCFL_REPORT_INIT;

	(void)ocfl_check_inventory_mem((const char *)data, size, 11, "inventory.json", &r);
	ocfl_report_free(&r);
	(void)ocfl_check_inventory_mem((const char *)data, size, 10, "inventory.json", &r);
	ocfl_report_free(&r);
	return 0;
}
