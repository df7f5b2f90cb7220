/*
 * fuzz_ocfl_snapshot.c - the inventory snapshot decoder (archive/ocfl_snapshot.c),
 * built with WQ_FUZZING so the checksum does not stop the fuzzer: never crashes;
 * whatever it accepts encodes and decodes again to the same canonical JSON and
 * the same file signatures.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "wathiqa.h"
#include "../../archive/ocfl_inventory.h"
#include "../../archive/ocfl_snapshot.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[256];
	struct ocfl_inventory *inv, *again;
	char *snap, *json, *json2;
	size_t slen, len, len2;
	struct ocfl_snapshot_stamp st, st2;
	struct ocfl_filesig *sigs, *sigs2;
	size_t nsigs;

	inv = ocfl_snapshot_decode((const char *)data, size, &st, &sigs, err, sizeof err);
	if (inv == NULL)
		return 0;
	nsigs = inv->versions[inv->nversions - 1].nstate;
	if ((snap = ocfl_snapshot_encode(inv, &st, sigs, &slen)) == NULL)
		abort(); /* we read something we cannot write */
	again = ocfl_snapshot_decode(snap, slen, &st2, &sigs2, err, sizeof err);
	if (again == NULL || memcmp(&st, &st2, sizeof st) != 0 || strcmp(again->sidecar, inv->sidecar) != 0)
		abort();
	if ((sigs == NULL) != (sigs2 == NULL) ||
	    (sigs != NULL && nsigs > 0 && memcmp(sigs, sigs2, nsigs * sizeof *sigs) != 0))
		abort(); /* not the same signatures */
	free(sigs);
	free(sigs2);
	json = ocfl_inventory_dump(inv, &len);
	json2 = ocfl_inventory_dump(again, &len2);
	if ((json == NULL) != (json2 == NULL) ||
	    (json != NULL && (len != len2 || memcmp(json, json2, len) != 0)))
		abort(); /* not the same inventory */
	free(json);
	free(json2);
	free(snap);
	ocfl_inventory_free(again);
	ocfl_inventory_free(inv);
	return 0;
}
