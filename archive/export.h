/*
 * export.h - write a BagIt 1.0 bag from a list of files, as a folder or
 * serialized with libarchive (tar, tar.gz, zip), reproducibly: the same
 * input always gives the same bytes (sorted entries, one fixed time,
 * uid/gid 0 without owner names, modes 0644/0755, gzip without name or
 * time).
 *
 * The output appears whole or not at all: files through wq_atomicfile,
 * folders built in a temporary folder beside OUT and renamed.
 */
#ifndef WQ_EXPORT_H
#define WQ_EXPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wathiqa.h"

enum export_format { EXPORT_DIR, EXPORT_TAR, EXPORT_TGZ, EXPORT_ZIP };

/* "dir", "tar", "tar.gz" (or "tgz"), "zip". 0, or -1 if unknown. */
int export_format_parse(const char *s, enum export_format *f);

struct export_file {
	const char *logical;    /* its path in the bag is data/LOGICAL */
	const char *source;     /* the file to copy */
	const char *digest;     /* expected digest, hex (checked on the way) */
	enum wq_digest_alg alg; /* of digest: WQ_SHA512 or WQ_SHA256 */
};

struct export_info {
	const char *label;
	const char *value;
};

struct export_job {
	const char *out;
	enum export_format format;
	bool force;             /* replace an existing OUT */
	bool progress;          /* progress on stderr when it is a terminal */
	int64_t mtime;          /* the time of every entry (seconds since the epoch) */
	const char *bagging_date; /* YYYY-MM-DD */
	/* bag-info.txt elements written after Bag-Software-Agent, Bagging-Date, Payload-Oxum */
	const struct export_info *info;
	size_t ninfo;
	const struct export_file *files; /* any order; logical paths unique */
	size_t nfiles;
	/*
	 * Optional: told about payload names that differ only in case (BagIt
	 * discourages them; exported with a warning). Names that differ only
	 * in Unicode normalization are refused (EXPORT_BAD).
	 */
	void (*warn)(void *arg, const char *msg);
	void *warn_arg;
};

enum export_result {
	EXPORT_OK = 0,
	EXPORT_BAD = 1,         /* a source file is missing, changed or corrupt */
	EXPORT_TROUBLE = 2      /* OUT exists, or a system error */
};

/*
 * Write the bag. On failure nothing is left at OUT (or the old OUT stays)
 * and a message is put in err. The top-level folder of a serialized bag is
 * named after OUT without its extension (0.97's serialization rule).
 */
enum export_result export_bag(const struct export_job *job, char *err, size_t errlen);

/* The bag's name for OUT: its base name without .tar.gz, .tgz, .tar or .zip. Caller frees. */
char *export_bag_name(const char *out);

#endif
