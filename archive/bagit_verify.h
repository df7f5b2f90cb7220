/*
 * bagit_verify.h - validate a BagIt bag (BagIt 0.93 .. 0.97 and RFC 8493 1.0),
 * as a folder or as a serialized bag (tar, tar.gz and the other tar
 * compressions, zip) read with libarchive without extracting anything.
 *
 * Every problem is reported through the callback (never printed here), every
 * bad file, not just the first.
 */
#ifndef WQ_BAGIT_VERIFY_H
#define WQ_BAGIT_VERIFY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * One problem: error (the bag is invalid) or a warning. file is the file
 * inside the bag the problem is about (relative to the bag's base folder)
 * or NULL for the bag as a whole; line 0 when not about a line.
 */
typedef void bag_report_fn(void *arg, bool error, const char *file, unsigned long line,
                           const char *msg);

struct bag_verify_opts {
	bag_report_fn *report;
	void *arg;
	bool progress;          /* progress on stderr when it is a terminal */
	/*
	 * Serialized bags: refuse to read more than max_ratio times the
	 * archive's own size of uncompressed data (zip and gzip bombs);
	 * 0 means the default, 10000 (deflate cannot exceed about 1032).
	 */
	uint64_t max_ratio;
	/* Largest tag file held in memory (bytes); 0 means 256 MiB. */
	size_t max_tag_size;
};

/*
 * Validate the bag at path (a folder, or an archive file holding one
 * top-level folder). Returns 0 (valid, maybe with warnings), 1 (invalid)
 * or 2 (could not be read: a system error, reported too).
 */
int bag_verify(const char *path, const struct bag_verify_opts *opts);
/* The same for a serialized bag in memory (p[0..n)); name is used in messages. */
int bag_verify_memory(const char *name, const void *p, size_t n,
                      const struct bag_verify_opts *opts);

#endif
