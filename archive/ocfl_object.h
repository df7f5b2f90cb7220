/*
 * ocfl_object.h - writing OCFL objects: the next version from files on
 * disk, built in a staging folder, fsynced and moved into place under a
 * per-object lock; plus the safe reading of content files.
 *
 * Where our own files live (never inside an object), all under
 * STORE/extensions/wathiqa-work/:
 *   locks/KEY.lock     flock(2)ed while a commit runs (KEY = sha256 of the id)
 *   staging/KEY.PID.N/ the version being built; removed at the end, and
 *                      leftovers of killed commits removed by the next one
 *   cache/KEY.inventory the root inventory parsed, for the next commit, with the
 *                      signatures (device, inode, size, mtime, ctime) of the
 *                      files its head was made from (ocfl_snapshot.h)
 */
#ifndef OCFL_OBJECT_H
#define OCFL_OBJECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ocfl_store.h"

struct ocfl_commit_opts {
	const char *store;
	const char *id;
	const char *message;      /* NULL: none */
	const char *user_name;    /* NULL: none */
	const char *user_address; /* NULL: none */
	const char *created;      /* RFC 3339; NULL: now (SOURCE_DATE_EPOCH honoured) */
	bool update;              /* keep the head's files not named by paths */
	bool rehash;              /* ignore the inventory snapshot and its file signatures */
	char *const *paths;       /* files and folders on disk */
	size_t npaths;
};

struct ocfl_commit_result {
	char version[32];   /* the version made, or the head when unchanged */
	bool unchanged;     /* the state equals the head's: nothing written */
	bool created;       /* the object is new */
	bool recovered;     /* an interrupted earlier commit was completed first */
	size_t nfiles;      /* files in the new state */
	size_t nnew;        /* content files stored by this version */
	uint64_t bytes_new; /* their bytes */
	size_t nhashed;     /* files read and hashed (not answered by the cache) */
};

/*
 * Commit paths as the next version of object id. Returns WQ_EXIT_OK,
 * WQ_EXIT_INVALID (bad input: symlink, missing file, bad id or name,
 * damaged object) or WQ_EXIT_TROUBLE (system error), with a message in err.
 * Logical paths: a file is its base name; a folder is its base name and
 * everything below it.
 */
int ocfl_commit(const struct ocfl_commit_opts *o, struct ocfl_commit_result *res,
                char *err, size_t errlen);

/*
 * Open objroot/content for reading without following any symlink on the
 * way (each path segment opened with O_NOFOLLOW). fd, or -1 with errno
 * (ELOOP for a symlink).
 */
int ocfl_open_beneath(const char *root, const char *rel);

/* Is id acceptable for an object? (non-empty UTF-8, no control characters) */
bool ocfl_id_ok(const char *id);

#endif
