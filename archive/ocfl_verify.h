/*
 * ocfl_verify.h - an independent, strict OCFL 1.0/1.1 validator.
 *
 * The validator parses inventories itself (jansson, duplicate keys
 * rejected) and reports every problem it finds, each with the code the
 * OCFL specification gives it (1.1/spec/validation-codes.md): E001...E112
 * for MUSTs, W001...W016 for SHOULDs. Problems are collected in a report;
 * nothing is printed here.
 */
#ifndef OCFL_VERIFY_H
#define OCFL_VERIFY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum ocfl_severity { OCFL_ERROR, OCFL_WARNING };

/*
 * One problem: its code ("E040"), the file it concerns, a message.
 * The pseudo-code "E000" marks a system error (a file that could not be
 * read); it also sets the report's trouble.
 */
struct ocfl_problem {
	char code[5];
	char *where; /* owned by the report */
	char *msg;   /* owned by the report */
};

/* The problems found, in the order found. Zero-initialise, or OCFL_REPORT_INIT. */
struct ocfl_report {
	struct ocfl_problem *v;
	size_t n, cap;
	size_t errors, warnings;
	int trouble;  /* a system error (ENOMEM, EIO, EACCES): the verdict is not reliable */
};
#define OCFL_REPORT_INIT { NULL, 0, 0, 0, 0, 0 }
void ocfl_report_free(struct ocfl_report *r);
/* Add a problem; code's first letter gives its severity. Never fails (ENOMEM sets trouble). */
void ocfl_report_add(struct ocfl_report *r, const char *code, const char *where,
                     const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 4, 5)))
#endif
	;
bool ocfl_report_has(const struct ocfl_report *r, const char *code);

/* The specification's wording for a code ("E040"), or NULL for an unknown code. */
const char *ocfl_code_text(const char *code);
/* Every code we know, in order, for listing: the i-th code or NULL past the end. */
const char *ocfl_code_at(size_t i);

struct ocfl_verify_opts {
	bool no_fixity;     /* skip recomputing content digests (structure only) */
	bool progress;      /* show progress on a terminal for big objects */
};

/*
 * Validate the OCFL object whose root is the folder path. Problems are
 * named by display (path if NULL) followed by the path inside the object.
 * If spec_out is not NULL it receives the object's declared spec version
 * (10 for 1.0, 11 for 1.1, 0 if none) and id_out a copy of the root
 * inventory's id (caller frees; NULL if none).
 * Returns 0 (look at r for the verdict) or -1 for a system error.
 */
int ocfl_verify_object(const char *path, const char *display,
                       const struct ocfl_verify_opts *opts, struct ocfl_report *r,
                       int *spec_out, char **id_out);

/*
 * Validate a storage root: its declaration, ocfl_layout.json, its
 * hierarchy (E072-E090) and every object in it (and, when the 0004 layout
 * is declared, that each object sits where the layout puts its id).
 */
int ocfl_verify_root(const char *path, const struct ocfl_verify_opts *opts,
                     struct ocfl_report *r);

/*
 * Find the object with the given id under a storage root: through the
 * 0004 layout when it is declared, else by reading every object's
 * inventory. Returns a new path (caller frees), or NULL with errno
 * (ENOENT: no such object).
 */
char *ocfl_find_object(const char *root, const char *id);

/*
 * True if path is a folder holding a file named "0=ocfl_object_*" (an object
 * root) / "0=ocfl_*" or ocfl_layout.json (a storage root, maybe a broken one).
 */
bool ocfl_is_object_root(const char *path);
bool ocfl_is_storage_root(const char *path);

/*
 * Check one inventory held in memory on its own (no files looked at):
 * JSON, keys, digests, paths, versions. spec is 10 or 11. For the fuzzer
 * and the unit tests. Returns 0 or -1 on ENOMEM.
 */
int ocfl_check_inventory_mem(const char *buf, size_t len, int spec, const char *where,
                             struct ocfl_report *r);

/* ---- the small rules, exported for the unit tests ---- */

/*
 * A version name "v1", "v2" ... or zero-padded "v001". Returns true and
 * sets *num and *padded (the name's length if it starts "v0", else 0).
 */
bool ocfl_version_parse(const char *s, unsigned long *num, size_t *padded);
/* RFC 3339 date-time with seconds and a time-zone. */
bool ocfl_rfc3339_ok(const char *s);
/* True if s starts with a URI scheme and ':' and has no spaces (W005, W009). */
bool ocfl_uri_ok(const char *s);
/* True if s is alg_len hex digits (either case). */
bool ocfl_hex_ok(const char *s, size_t alg_len);

/* Path checks: 0 if fine, else one of these bits. */
#define OCFL_PATH_SLASH   1u  /* begins or ends with '/' (E100, E053) */
#define OCFL_PATH_ELEMENT 2u  /* an empty, "." or ".." element (E099, E052) */
#define OCFL_PATH_EMPTY   4u  /* the empty string */
unsigned ocfl_path_check(const char *p);

/* The 0004-hashed-n-tuple path of id; caller frees; NULL on ENOMEM or bad parameters. */
char *ocfl_layout_0004(const char *id, unsigned tuple_size, unsigned tuples, bool short_root);

#endif
