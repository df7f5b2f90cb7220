/*
 * fuzz_ocfl_inventory_parse.c - the store's inventory parser (archive/ocfl_inventory.c):
 * never crashes; whatever it accepts it writes back canonically, and the
 * canonical form parses to the same bytes again.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "wathiqa.h"
#include "../../archive/ocfl_inventory.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[256];
	struct ocfl_inventory *inv, *again;
	struct ocfl_file *files;
	char *json, *json2;
	size_t len, len2, n, i;

	inv = ocfl_inventory_parse((const char *)data, size, err, sizeof err);
	if (inv == NULL)
		return 0;
	for (i = 0; i < ocfl_inventory_nversions(inv); i++) {
		if (ocfl_version_files(inv, ocfl_inventory_version_name(inv, i), &files, &n) != 0)
			abort();
		ocfl_files_free(files, n);
	}
	json = ocfl_inventory_dump(inv, &len);
	if (json != NULL) {
		again = ocfl_inventory_parse(json, len, err, sizeof err);
		if (again == NULL)
			abort(); /* we wrote something we cannot read */
		json2 = ocfl_inventory_dump(again, &len2);
		if (json2 == NULL || len2 != len || memcmp(json, json2, len) != 0)
			abort(); /* not canonical */
		free(json2);
		ocfl_inventory_free(again);
		free(json);
	}
	ocfl_inventory_free(inv);
	return 0;
}
