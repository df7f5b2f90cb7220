/*
 * ocfl_inventory_out.h - write an inventory to its two places in one pass.
 */
#ifndef WQ_OCFL_INVENTORY_OUT_H
#define WQ_OCFL_INVENTORY_OUT_H

#include <stddef.h>

#include "ocfl_inventory.h"

/*
 * Create path1 and path2 (O_EXCL, 0644 before the umask) holding inv's
 * canonical JSON (ocfl_inventory_dump), and put its digest (inv->alg, lower
 * case hex) in hex[WQ_DIGEST_HEX_MAX + 1]. The JSON is made a piece at a
 * time while two other threads write and hash the pieces made before. The
 * files are not durable yet: sync them.
 * 0, or -1 with errno (EILSEQ: a string in inv is not UTF-8) and a message
 * in err; the files may then exist, partly written.
 */
int ocfl_inventory_out(const struct ocfl_inventory *inv, const char *path1, const char *path2,
                       char *hex, char *err, size_t errlen);

#endif
