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
 * It also records how the files behind the head version's state looked
 * when that commit hashed them (struct ocfl_filesig): the next commit does
 * not read again a file that still looks so (git's index does the same).
 *
 * Format 4, integers little-endian, a string is a u32 length, its bytes
 * (no NUL among them) and a NUL (the reader uses the strings where they
 * lie), an optional string a u8 (0 absent, 1 present) then the string:
 *   "wathiqa-inventory-snapshot 4\n", u64 length of the snapshot (all of it,
 *   this included: a file rewritten in place may go on past it)
 *   str digestAlgorithm, str sidecar digest, u64 inventory.json size,
 *   u64 its mtime seconds, u64 its mtime nanoseconds
 *   str id, str type, str head, u8 contentDirectory given, str contentDirectory,
 *   u32 padding width
 *   u32 manifest entries; each: str digest, u32 n, n x str content path
 *   u32 versions; each: str name, opt created, opt message, opt user name,
 *     opt user address, u32 state entries; each: str logical path,
 *     u32 index of its digest in the manifest; then the state's digest
 *     order (ocfl_state_digest_order), a u32 an entry: the inventory's
 *     JSON lists each version so, and is written again by every commit
 *   u8 file signatures given (0 or 1); if 1, for each entry of the head
 *     state in order: u64 device, u64 inode, u64 size, u64 mtime seconds,
 *     u64 mtime nanoseconds, u64 ctime seconds, u64 ctime nanoseconds
 *     (all 0: not known)
 *   64 bytes: the SHA-256 of all the bytes before it, in lowercase hex (format 1
 *   had a CRC-32: a snapshot is now rewritten in place, and a reader that
 *   meets old and new bytes mixed must not take them for a snapshot)
 * Inventories with a fixity block have no snapshot. Other formats are
 * ignored (2 had no file signatures: the commit kept them in a cache file
 * of its own; 3 had no digest order).
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

/*
 * How a file looked (lstat) when a commit hashed it for a head state entry.
 * A file that looks the same (device, inode, size, mtime and ctime) has
 * the same content, unless it changed within the clock's resolution of
 * being hashed: commits record no signature (all 0) for a file whose times
 * are that close to the commit's start. All 0 never matches a file.
 */
struct ocfl_filesig {
	uint64_t dev, ino, size;
	int64_t mt_s, mt_ns, ct_s, ct_ns;
};

/* The stamp of the file at path (a regular file). 0, or -1 with errno. */
int ocfl_snapshot_stamp_of(const char *path, struct ocfl_snapshot_stamp *st);

/*
 * The snapshot bytes of inv, which stands for the inventory.json file
 * stamped st whose digest is inv->sidecar; sigs: the signatures of the
 * head state's files, one an entry in state order (NULL: none). Caller frees.
 * NULL with errno: ENOTSUP for an inventory with fixity, EINVAL for a state
 * digest missing from the manifest, ENOMEM.
 */
char *ocfl_snapshot_encode(const struct ocfl_inventory *inv, const struct ocfl_snapshot_stamp *st,
                           const struct ocfl_filesig *sigs, size_t *len);

/*
 * ocfl_snapshot_encode's bytes with a zero stamp and no sum yet, to be
 * finished by ocfl_snapshot_restamp: a commit makes the snapshot while it
 * still writes the inventory whose digest and stamp it will hold, and
 * sums it once.
 */
char *ocfl_snapshot_draft(const struct ocfl_inventory *inv, const struct ocfl_filesig *sigs,
                          size_t *len);

/*
 * Put the sidecar digest (lowercase hex) and the stamp st into snapshot
 * bytes made by ocfl_snapshot_draft (or ocfl_snapshot_encode) with another
 * sidecar of the same length, and their sum.
 * 0, or -1 with errno EINVAL (not such bytes).
 */
int ocfl_snapshot_restamp(char *snap, size_t len, const char *sidecar,
                          const struct ocfl_snapshot_stamp *st);

/*
 * Check and decode snapshot bytes (data[0..len): bytes past the length the
 * snapshot records are ignored). The inventory (objroot NULL, sidecar from
 * the snapshot), *st, and when sigs is not NULL the head state's file
 * signatures into *sigs (NULL if the snapshot has none; caller frees);
 * or NULL with a message in err.
 * The caller frees the inventory with ocfl_inventory_free.
 */
struct ocfl_inventory *ocfl_snapshot_decode(const char *data, size_t len,
                                            struct ocfl_snapshot_stamp *st,
                                            struct ocfl_filesig **sigs, char *err, size_t errlen);

/*
 * Write the snapshot of inv (see ocfl_snapshot_encode) over path, in place
 * (ocfl_work_rewrite); not fsynced (a lost snapshot costs a JSON parse).
 * 0, or -1 with errno.
 */
int ocfl_snapshot_save(const char *path, const struct ocfl_inventory *inv,
                       const struct ocfl_snapshot_stamp *st, const struct ocfl_filesig *sigs);

/*
 * The snapshot at path decoded, its stamp into *st and its signatures into
 * *sigs (see ocfl_snapshot_decode): NULL when missing or damaged. Not yet
 * compared with any object: see ocfl_snapshot_check.
 * The caller frees with ocfl_inventory_free.
 */
struct ocfl_inventory *ocfl_snapshot_read(const char *path, struct ocfl_snapshot_stamp *st,
                                          struct ocfl_filesig **sigs);

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
