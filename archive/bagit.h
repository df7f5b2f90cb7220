/*
 * bagit.h - the BagIt model shared by the bag writer (export.c) and the
 * verifier (bagit_verify.c): tag-file lines, manifest lines, the percent-
 * encoding of file paths, bag-info.txt elements. RFC 8493 (BagIt 1.0) and
 * the drafts before it (0.93 .. 0.97).
 *
 * Nothing here prints or exits; parsers return error values and report
 * problems of a document through a callback.
 */
#ifndef WQ_BAGIT_H
#define WQ_BAGIT_H

#include <stdbool.h>
#include <stddef.h>

#include "wathiqa.h"

#define BAG_VERSION "1.0"
#define BAG_SOFTWARE_AGENT "wathiqa " WQ_VERSION

/* ---- lines ---- */

/*
 * Next line of text[0..n) from *pos: sets *line and *len (without its end)
 * and moves *pos past the line end (LF, CR or CRLF). Returns false at the end.
 * A final line without a line end is returned too.
 */
bool bag_next_line(const char *text, size_t n, size_t *pos, const char **line, size_t *len);

/* ---- percent-encoding of file paths (RFC 8493 section 2.1.3) ---- */

/*
 * Append path[0..n) to out with exactly CR -> %0D, LF -> %0A and % -> %25,
 * nothing else. 0, or -1 with errno ENOMEM.
 */
int bag_path_encode(const char *path, size_t n, struct wq_buf *out);
/*
 * Append s[0..n) to out, decoding %0D, %0A and %25 (hex digits in either
 * case). Any other '%' is kept as it is and sets *stray (if stray is not
 * NULL). 0, or -1 with errno ENOMEM.
 */
int bag_path_decode(const char *s, size_t n, struct wq_buf *out, bool *stray);

/* ---- paths inside a bag ---- */

enum bag_path_err {
	BAG_PATH_OK = 0,
	BAG_PATH_EMPTY,        /* "" */
	BAG_PATH_ABSOLUTE,     /* "/x" */
	BAG_PATH_DRIVE,        /* "C:..." */
	BAG_PATH_UNC,          /* "\\server..." */
	BAG_PATH_HOME,         /* "~", "~user", "%HomeDrive%" */
	BAG_PATH_DOTDOT,       /* a ".." segment */
	BAG_PATH_DOT,          /* a "." segment (other than a leading "./") */
	BAG_PATH_EMPTY_SEG,    /* "a//b" or "a/" */
	BAG_PATH_NUL           /* a NUL byte */
};
/* Is p[0..n) (decoded, a leading "./" already removed) a path inside the bag? */
enum bag_path_err bag_path_check(const char *p, size_t n);
/* "path escapes the bag: absolute" etc.: the reason, for messages. */
const char *bag_path_strerror(enum bag_path_err e);

/* ---- manifest lines: "CHECKSUM<spaces or tabs>FILEPATH" ---- */

struct bag_mline {
	const char *digest;   /* inside the line */
	size_t digest_len;
	const char *path;     /* inside the line: still percent-encoded, '*' and "./" removed */
	size_t path_len;
	bool star;            /* md5sum's binary marker "*path" (accepted, MUST warn) */
	bool dotslash;        /* a leading "./" was removed */
};
enum bag_mline_err {
	BAG_ML_OK = 0,
	BAG_ML_EMPTY,         /* blank line */
	BAG_ML_NO_PATH,       /* a checksum with no file path */
	BAG_ML_BAD_DIGEST     /* the checksum is not hex */
};
enum bag_mline_err bag_mline_parse(const char *line, size_t n, struct bag_mline *ml);
const char *bag_mline_strerror(enum bag_mline_err e);

/*
 * The algorithm of a manifest file name: "manifest-sha512.txt" (tag = false)
 * or "tagmanifest-md5.txt" (tag = true) gives "sha512" / "md5" in alg
 * (at most algsz bytes with the NUL). false if name is not such a file.
 */
bool bag_manifest_name(const char *name, bool *tag, char *alg, size_t algsz);

/* ---- bag-info.txt ---- */

struct bag_info_elem {
	char *label;
	char *value;          /* continuation lines joined with one space */
	unsigned long line;   /* line of the label */
};
struct bag_info {
	struct bag_info_elem *v; /* owned, in file order */
	size_t n;
};
#define BAG_INFO_INIT { NULL, 0 }

/* A problem in a tag file: error (invalid) or warning, at line (0 = whole file). */
typedef void bag_problem_fn(void *arg, bool error, unsigned long line, const char *msg);

/*
 * Parse bag-info.txt (UTF-8, already decoded from the declared encoding).
 * strict: BagIt 1.0 rules (no whitespace around the label, a separator
 * of ':' and whitespace); else the older drafts' leniency (warnings).
 * Problems go to fn. Returns 0 (problems or not) or -1 with errno ENOMEM.
 * The caller frees out with bag_info_free.
 */
int bag_info_parse(const char *text, size_t n, bool strict, struct bag_info *out,
                   bag_problem_fn *fn, void *arg);
void bag_info_free(struct bag_info *bi);
/* First value for label (case-insensitive) and how many there are; NULL if none. */
const char *bag_info_get(const struct bag_info *bi, const char *label, size_t *count);
/* Parse "OCTETS.FILES"; true if well-formed. */
bool bag_oxum_parse(const char *s, unsigned long long *octets, unsigned long long *files);

/* ---- writing tag files ---- */

/* bagit.txt of a BagIt 1.0 bag, appended to out. 0 or -1 ENOMEM. */
int bag_bagit_txt(struct wq_buf *out);
/*
 * Append "Label: value" to out. CR, LF and CRLF in value become
 * continuation lines indented by two spaces; empty lines of the value are
 * dropped (a whitespace-only line would read as an empty continuation).
 * -1 with errno EINVAL if label is empty, has ':' or whitespace at its ends
 * or a control character; ENOMEM.
 */
int bag_info_append(struct wq_buf *out, const char *label, const char *value);
/* Append "HEX  ENCODED-PATH\n" to out. 0 or -1 ENOMEM. */
int bag_manifest_append(struct wq_buf *out, const char *hex, const char *path);

#endif
