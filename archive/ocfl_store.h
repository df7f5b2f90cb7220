/*
 * ocfl_store.h - reading an OCFL 1.1 store: the stable API other archive
 * code (the BagIt exporter, the read commands) uses to get at a version.
 *
 * Implemented in ocfl_layout.c (storage root, 0004 layout) and
 * ocfl_inventory.c (inventory model). Writing (commit) is ocfl_object.h.
 *
 * Conventions: functions that return a pointer say who frees it; errors
 * come back as NULL or -1 with a message in err (errlen bytes, always
 * NUL-terminated when errlen > 0) or errno, never printed here.
 */
#ifndef OCFL_STORE_H
#define OCFL_STORE_H

#include <stddef.h>
#include <stdint.h>

/* The storage layout extension every store made by wathiqa uses. */
#define OCFL_LAYOUT_EXT "0004-hashed-n-tuple-storage-layout"
/*
 * Our own storage-root extension folder: STORE/extensions/wathiqa-work/
 * holds the staging area, the per-object lock files and inventory snapshots.
 * It is never inside an object.
 */
#define OCFL_WORK_EXT "wathiqa-work"

/* ---- the storage root (ocfl_layout.c) ---- */

/*
 * Object root path for id in store (0004 layout: sha256 of the id, 3 tuples
 * of 3 hex digits, then the full digest). Caller frees.
 * NULL + errno (EINVAL for an empty id, ENOMEM).
 */
char *ocfl_object_path(const char *store, const char *id);

/* Is store an OCFL storage root wathiqa can use? 0, or -1 with a message in err. */
int ocfl_store_check(const char *store, char *err, size_t errlen);

/*
 * Call fn(objroot, arg) for every object root under store (a folder holding
 * a 0=ocfl_object_* file), in sorted path order. Stops and returns fn's value
 * when it is non-zero; 0 when all were visited; -1 + err on a read error.
 */
int ocfl_store_walk(const char *store, int (*fn)(const char *objroot, void *arg),
                    void *arg, char *err, size_t errlen);

/* ---- an object's inventory (ocfl_inventory.c) ---- */

/*
 * One file of a version's state. logical: the path in the version;
 * content: the content path, relative to the object root (open it as
 * objroot + "/" + content); digest: lowercase hex in the inventory's
 * digestAlgorithm (see ocfl_inventory_alg); size: from stat() of the
 * content file, UINT64_MAX when it could not be stat()ed.
 */
struct ocfl_file {
	char *logical;
	char *content;
	char *digest;
	uint64_t size;
};

/* Borrowed strings (owned by the inventory); NULL when absent. */
struct ocfl_version_info {
	char *name;         /* "v3" */
	char *created;      /* RFC 3339 */
	char *message;
	char *user_name;
	char *user_address;
};

struct ocfl_inventory; /* opaque */

/*
 * Load and check an object's root inventory (objroot/inventory.json; its
 * sidecar digest is verified, the JSON checked for the structure wathiqa
 * relies on: duplicate keys, bad paths and dangling digests are refused).
 * NULL + message in err. Free with ocfl_inventory_free.
 */
struct ocfl_inventory *ocfl_inventory_load(const char *objroot, char *err, size_t errlen);
/* ocfl_object_path + ocfl_inventory_load + a check that the id matches. */
struct ocfl_inventory *ocfl_store_load(const char *store, const char *id,
                                       char *err, size_t errlen);
void ocfl_inventory_free(struct ocfl_inventory *inv);

const char *ocfl_inventory_id(const struct ocfl_inventory *inv);
const char *ocfl_inventory_head(const struct ocfl_inventory *inv);
/* The object root it was loaded from. */
const char *ocfl_inventory_objroot(const struct ocfl_inventory *inv);
/* "sha512" or "sha256" (the inventory's digestAlgorithm). */
const char *ocfl_inventory_alg(const struct ocfl_inventory *inv);
/* Number of versions, and the name of the i-th (0-based, oldest first). */
size_t ocfl_inventory_nversions(const struct ocfl_inventory *inv);
const char *ocfl_inventory_version_name(const struct ocfl_inventory *inv, size_t i);

/*
 * version NULL = head. Files sorted by logical path (bytewise); caller frees
 * with ocfl_files_free. 0, or -1 if no such version (errno ENOENT) or ENOMEM.
 */
int ocfl_version_files(const struct ocfl_inventory *inv, const char *version,
                       struct ocfl_file **files, size_t *n);
void ocfl_files_free(struct ocfl_file *files, size_t n);
/* version NULL = head. Fills vi with borrowed strings. 0, or -1 if no such version. */
int ocfl_version_info(const struct ocfl_inventory *inv, const char *version,
                      struct ocfl_version_info *vi);

#endif
