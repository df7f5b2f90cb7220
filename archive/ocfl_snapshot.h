/*
 * ocfl_snapshot.h - a parsed inventory saved in binary form, so that the
 * next commit of an object need not parse its inventory.json again.
 *
 * A snapshot lives in our work area (STORE/extensions/wathiqa-work/cache/
 * KEY.inventory, never inside an object). It records the digest of the
 * inventory.json bytes it stands for, that file's size and modification
 * time, and a SHA-256 of itself; it is used only while the object's root
 * sidecar still holds that digest and inventory.json still has that size
 * and time (a file rewritten behind our back is read and checked again).
 * Anything else (missing, stale, damaged, another format) and the caller
 * reads the JSON as before: the snapshot is a speed-up, never the record.
 *
 * Format 2, integers little-endian, a string is a u32 length and its bytes
 * (no NUL), an optional string a u8 (0 absent, 1 present) then the string:
 *   "wathiqa-inventory-snapshot 2\n", u64 length of the snapshot (all of it,
 *   this included: a file rewritten in place may go on past it)
 *   str digestAlgorithm, str sidecar digest, u64 inventory.json size,
 *   u64 its mtime seconds, u64 its mtime nanoseconds
 *   str id, str type, str head, u8 contentDirectory given, str contentDirectory,
 *   u32 padding width
 *   u32 manifest entries; each: str digest, u32 n, n x str content path
 *   u32 versions; each: str name, opt created, opt message, opt user name,
 *     opt user address, u32 state entries; each: str logical path,
 *     u32 index of its digest in the manifest
 *   64 bytes: the SHA-256 of all the bytes before it, in lowercase hex (format 1
 *   had a CRC-32: a snapshot is now rewritten in place, and a reader that
 *   meets old and new bytes mixed must not take them for a snapshot)
 * Inventories with a fixity block have no snapshot.
 */
#ifndef OCFL_SNAPSHOT_H
#define OCFL_SNAPSHOT_H

#include <stddef.h>
#include <stdint.h>

#include "ocfl_inventory.h"

/* What a snapshot knows of the inventory.json file it stands for, besides its digest. */
struct ocfl_snapshot_stamp {
	uint64_t size;
	int64_t mtime_s, mtime_ns;
};

/* The stamp of the file at path (a regular file). 0, or -1 with errno. */
int ocfl_snapshot_stamp_of(const char *path, struct ocfl_snapshot_stamp *st);

/*
 * The snapshot bytes of inv, which stands for the inventory.json file
 * stamped st whose digest is inv->sidecar. Caller frees.
 * NULL with errno: ENOTSUP for an inventory with fixity, EINVAL for a state
 * digest missing from the manifest, ENOMEM.
 */
char *ocfl_snapshot_encode(const struct ocfl_inventory *inv, const struct ocfl_snapshot_stamp *st,
                           size_t *len);

/*
 * Check and decode snapshot bytes (data[0..len): bytes past the length the
 * snapshot records are ignored). The inventory (objroot NULL, sidecar from
 * the snapshot) and *st, or NULL with a message in err.
 * The caller frees with ocfl_inventory_free.
 */
struct ocfl_inventory *ocfl_snapshot_decode(const char *data, size_t len,
                                            struct ocfl_snapshot_stamp *st, char *err, size_t errlen);

/*
 * Write the snapshot of inv (see ocfl_snapshot_encode) over path, in place
 * (ocfl_work_rewrite); not fsynced (a lost snapshot costs a JSON parse).
 * 0, or -1 with errno.
 */
int ocfl_snapshot_save(const char *path, const struct ocfl_inventory *inv,
                       const struct ocfl_snapshot_stamp *st);

/*
 * The snapshot at path decoded, and its stamp into *st: NULL when missing
 * or damaged. Not yet compared with any object: see ocfl_snapshot_check.
 * The caller frees with ocfl_inventory_free.
 */
struct ocfl_inventory *ocfl_snapshot_read(const char *path, struct ocfl_snapshot_stamp *st);

/*
 * Does inv (from ocfl_snapshot_read, stamped st) stand for the inventory.json
 * objroot holds now (the root sidecar holds its digest, the file has its size
 * and mtime)? 0 (and inv->objroot set), or -1.
 */
int ocfl_snapshot_check(struct ocfl_inventory *inv, const struct ocfl_snapshot_stamp *st,
                        const char *objroot);

/*
 * Both in one: the inventory of objroot from the snapshot at path, if that
 * snapshot is whole and was made from the inventory.json objroot holds now.
 * Otherwise NULL: read the JSON instead.
 * The caller frees with ocfl_inventory_free.
 */
struct ocfl_inventory *ocfl_snapshot_load(const char *path, const char *objroot);

#endif
