/*
 * ocfl_layout.h - the OCFL storage root: making one, its 0004 layout
 * (hashed n-tuple), and our own work area under extensions/.
 */
#ifndef OCFL_LAYOUT_H
#define OCFL_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>

#include "wathiqa.h"
#include "ocfl_store.h"

/* Parameters of the 0004-hashed-n-tuple-storage-layout extension. */
struct ocfl_layout {
	enum wq_digest_alg alg; /* digestAlgorithm, default sha256 */
	unsigned tuple_size;    /* default 3 */
	unsigned ntuples;       /* default 3 */
	bool short_root;        /* shortObjectRoot, default false */
};

/* Read store's layout (ocfl_layout.json + the 0004 config.json). 0 or -1 + err. */
int ocfl_layout_read(const char *store, struct ocfl_layout *lay, char *err, size_t errlen);
/* The object root of id relative to the storage root. Caller frees; NULL + errno. */
char *ocfl_layout_relpath(const struct ocfl_layout *lay, const char *id);
/*
 * Make a new storage root at store (which must not exist, or be an empty
 * folder). Built beside it and renamed into place, so it appears whole.
 * 0, or -1 + err; *exists set when store is already a non-empty folder.
 */
int ocfl_store_init(const char *store, bool *exists, char *err, size_t errlen);
/* STORE/extensions/wathiqa-work[/sub]. Caller frees; NULL on ENOMEM. */
char *ocfl_work_path(const char *store, const char *sub);
/*
 * Replace path (in the work area) with n bytes through path.tmp and a
 * rename, without fsync: the caches there are speed-ups only, and a lost
 * one is rebuilt. One temporary name per path: the caller holds the
 * object's lock, and a killed run's leftover is reused. 0, or -1 + errno.
 */
int ocfl_work_replace(const char *path, const void *data, size_t n);
/* The sha256 hex of id, the key naming its lock, cache and staging entries. */
void ocfl_id_key(const char *id, char key[WQ_DIGEST_HEX_MAX + 1]);
/* The message for a caller's err[errlen] (nothing when errlen is 0). */
void ocfl_seterr(char *err, size_t errlen, const char *fmt, ...) WQ_PRINTF(3, 4);
/* OCFL path rules for content and logical paths (no empty, ".", ".." segments). */
bool ocfl_path_ok(const char *p);

#endif
