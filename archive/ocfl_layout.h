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
 * Make path (a cache in the work area) begin with n bytes, not fsynced.
 * They are written over the old ones in place: the page cache holds that
 * file already, and a new file plus a rename would cost a fresh page for
 * every 4 KiB and the freeing of the old file, some ten times the write.
 * So a reader that runs meanwhile, or after a crash, may meet old and new
 * bytes mixed, and old bytes after the n new ones: the file is not cut
 * shorter in place (a reader in the middle of it would come up short).
 * Readers read such a file into their own memory (wq_read_regular), then
 * check and parse those bytes. Every cache written this way records its
 * own length and ends in a SHA-256 of what is before it, and a reader
 * refuses anything that does not match (a cache is a speed-up only:
 * refused, it is rebuilt). A file more than twice as long as needed,
 * shared by a hard link, or missing, is replaced by a new one through
 * path.tmp and a rename. 0, or -1 + errno (path then removed).
 */
int ocfl_work_rewrite(const char *path, const void *data, size_t n);
/* The sha256 hex of id, the key naming its lock, cache and staging entries. */
void ocfl_id_key(const char *id, char key[WQ_DIGEST_HEX_MAX + 1]);
/* The message for a caller's err[errlen] (nothing when errlen is 0). */
void ocfl_seterr(char *err, size_t errlen, const char *fmt, ...) WQ_PRINTF(3, 4);
/* OCFL path rules for content and logical paths (no empty, ".", ".." segments). */
bool ocfl_path_ok(const char *p);

#endif
