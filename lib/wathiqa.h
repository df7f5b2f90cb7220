/*
 * wathiqa.h - the small shared library of the wathiqa tools.
 *
 * Every function here returns a result or an error value; none prints
 * (except the msg_* helpers, whose job it is) and none calls exit()
 * (except wq_die, meant for a tool's main file only).
 * Ownership: a function that returns a pointer says who frees it.
 */
#ifndef WATHIQA_H
#define WATHIQA_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#ifndef WQ_VERSION
#define WQ_VERSION "0.0.0-dev"
#endif

/* One exit-code contract for every tool (see every man page). */
enum wq_exit {
	WQ_EXIT_OK = 0,      /* success, or the input is valid */
	WQ_EXIT_INVALID = 1, /* invalid input or a validation failure */
	WQ_EXIT_TROUBLE = 2  /* usage error or a system error */
};

#if defined(__GNUC__)
#define WQ_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define WQ_NORETURN __attribute__((noreturn))
#else
#define WQ_PRINTF(f, a)
#define WQ_NORETURN
#endif

/* ---- msg.c: messages on stderr, always prefixed by the program name ---- */

/* Set once by main() from argv[0]; the basename is kept. */
void wq_setprogname(const char *argv0);
const char *wq_progname(void);
/* "prog: message" */
void wq_warnx(const char *fmt, ...) WQ_PRINTF(1, 2);
/* "prog: message: strerror(errno)" */
void wq_warn(const char *fmt, ...) WQ_PRINTF(1, 2);
/* "prog: FILE:LINE:COL: message"; line or col 0 is left out. */
void wq_warnat(const char *file, unsigned long line, unsigned long col,
               const char *fmt, ...) WQ_PRINTF(4, 5);
void wq_vwarnat(const char *file, unsigned long line, unsigned long col,
                const char *fmt, va_list ap);
/* For a tool's main file only: print "prog: message" and exit(status). */
WQ_NORETURN void wq_die(int status, const char *fmt, ...) WQ_PRINTF(2, 3);
/* Flush and close stdout; on failure warn and return WQ_EXIT_TROUBLE. */
int wq_close_stdout(void);
/* Print "prog VERSION" to stdout (for --version). */
void wq_print_version(void);

/* ---- buf.c: a growable byte buffer, always NUL-terminated ---- */

struct wq_buf {
	char *data;  /* owned; NULL until the first append */
	size_t len;
	size_t cap;
};
#define WQ_BUF_INIT { NULL, 0, 0 }
/* All return 0, or -1 with errno ENOMEM (the buffer is left as it was). */
int wq_buf_grow(struct wq_buf *b, size_t extra);
int wq_buf_append(struct wq_buf *b, const void *p, size_t n);
int wq_buf_puts(struct wq_buf *b, const char *s);
int wq_buf_putc(struct wq_buf *b, int c);
int wq_buf_printf(struct wq_buf *b, const char *fmt, ...) WQ_PRINTF(2, 3);
void wq_buf_reset(struct wq_buf *b); /* len = 0, memory kept */
void wq_buf_free(struct wq_buf *b);
/* Hand the data over to the caller, who frees it; b is emptied. */
char *wq_buf_steal(struct wq_buf *b);

/* ---- utf8.c: UTF-8 decoding with line/column positions ---- */

/*
 * Decode one code point from s (n bytes available, n > 0).
 * Returns its length (1..4) and sets *cp, or 0 for an invalid, overlong,
 * surrogate or truncated sequence (then *cp is unspecified).
 */
size_t wq_utf8_decode(const unsigned char *s, size_t n, uint32_t *cp);
/* Encode cp (<= 0x10FFFF, not a surrogate) into out; returns 1..4, 0 if bad. */
size_t wq_utf8_encode(uint32_t cp, unsigned char out[4]);
/* The XML 1.0 Char production. */
bool wq_xml_char_ok(uint32_t cp);

/* A position in text: line and column both count from 1, columns in code points. */
struct wq_textpos {
	unsigned long line;
	unsigned long col;
};
#define WQ_TEXTPOS_INIT { 1, 1 }
void wq_textpos_advance(struct wq_textpos *pos, uint32_t cp);

enum wq_utf8_error {
	WQ_UTF8_OK = 0,
	WQ_UTF8_INVALID,   /* not UTF-8 */
	WQ_UTF8_NUL,       /* a NUL byte */
	WQ_UTF8_NOT_XML    /* a character XML 1.0 forbids */
};
/* Human text for an error value, e.g. "invalid UTF-8". */
const char *wq_utf8_strerror(enum wq_utf8_error e);
/*
 * Check s[0..n) as XML-safe UTF-8. On error returns the kind and sets *at
 * to the byte offset of the bad sequence, and *pos (if not NULL) to its
 * position counted from *pos's value on entry. Streaming callers keep
 * *pos between calls and must pass whole sequences (see wq_utf8_tail).
 */
enum wq_utf8_error wq_utf8_check_xml(const unsigned char *s, size_t n,
                                     size_t *at, struct wq_textpos *pos);
/* How many bytes at the end of s[0..n) are the start of an unfinished sequence (0..3). */
size_t wq_utf8_tail(const unsigned char *s, size_t n);

/* ---- digest.c: message digests through OpenSSL's libcrypto ---- */

enum wq_digest_alg {
	WQ_MD5,
	WQ_SHA1,
	WQ_SHA256,
	WQ_SHA512,
	WQ_BLAKE2B512
};
#define WQ_DIGEST_HEX_MAX 128 /* sha512 and blake2b-512: 128 hex digits */
struct wq_digest;
/* Returns a new context (caller frees with wq_digest_free) or NULL. */
struct wq_digest *wq_digest_new(enum wq_digest_alg alg);
int wq_digest_update(struct wq_digest *d, const void *p, size_t n);
/* Writes lowercase hex and a NUL into hex[WQ_DIGEST_HEX_MAX + 1]; the context may be reused after wq_digest_reset. */
int wq_digest_final_hex(struct wq_digest *d, char *hex);
int wq_digest_reset(struct wq_digest *d);
void wq_digest_free(struct wq_digest *d);
/* Whole-buffer and whole-file helpers; 0 on success, -1 with errno. */
int wq_digest_mem(enum wq_digest_alg alg, const void *p, size_t n, char *hex);
int wq_digest_fd(enum wq_digest_alg alg, int fd, char *hex, uint64_t *size);
int wq_digest_file(enum wq_digest_alg alg, const char *path, char *hex, uint64_t *size);
/* Names as OCFL and BagIt spell them: "md5", "sha1", "sha256", "sha512", "blake2b-512". */
const char *wq_digest_name(enum wq_digest_alg alg);
/* Parse a name (case-insensitive); BagIt's "blake2b512" is accepted too. 0 or -1. */
int wq_digest_from_name(const char *name, enum wq_digest_alg *alg);
size_t wq_digest_hex_len(enum wq_digest_alg alg);
/* How many hex digits s starts with (lowercase only, or either case). */
size_t wq_hex_span(const char *s, bool lowercase);
/* A RFC 4122 version-5-style urn:uuid from a SHA-256 hex digest, into out[46]. */
void wq_uuid_from_sha256(const char *sha256hex, char *out);

/* ---- atomicfile.c: outputs appear whole or not at all ---- */

struct wq_atomicfile;
/*
 * Start writing path: a temporary file beside it (same folder, so the
 * rename is atomic). Returns NULL with errno on failure.
 * mode is as for open(2): the umask applies (pass 0666 for an ordinary file).
 * An existing device or FIFO (-o /dev/stdout) is written in place instead:
 * a rename would put a regular file where the device was.
 * Finish with exactly one of wq_atomicfile_commit or wq_atomicfile_abort,
 * both of which free af.
 */
struct wq_atomicfile *wq_atomicfile_open(const char *path, mode_t mode);
FILE *wq_atomicfile_stream(struct wq_atomicfile *af);
int wq_atomicfile_fd(struct wq_atomicfile *af);
const char *wq_atomicfile_temppath(const struct wq_atomicfile *af);
/* Flush, fsync, close, rename over path, fsync the folder. 0 or -1 with errno (temp removed). */
int wq_atomicfile_commit(struct wq_atomicfile *af);
void wq_atomicfile_abort(struct wq_atomicfile *af);
/* Write n bytes to path atomically. 0 or -1 with errno. */
int wq_write_file_atomic(const char *path, const void *p, size_t n, mode_t mode);
/* An unnamed temporary file in $TMPDIR (default /tmp), opened "w+b"; NULL with errno. */
FILE *wq_tmpfile(void);
/* fsync a folder by path. 0 or -1 with errno. */
int wq_fsync_dir(const char *path);

/* ---- fileio.c ---- */

/* Read a whole file ("-" is stdin) into b (appended). 0 or -1 with errno. */
int wq_read_file(const char *path, struct wq_buf *b);
/* Read all of a stream into b (appended), up to max bytes (0: no limit; past it errno EFBIG). */
int wq_read_stream(FILE *fp, struct wq_buf *b, size_t max);
/* Write all n bytes to fd, retrying short writes. 0 or -1 with errno. */
int wq_write_all(int fd, const void *p, size_t n);
/*
 * A regular file's bytes in a new buffer of its size (plus a NUL after
 * them): one allocation and one read, not the growing buffer of
 * wq_read_file. Private memory on purpose: a file that another process
 * may rewrite in place is checked and then parsed from these bytes, which
 * cannot change in between (a mapping of it could). *data NULL and *len 0
 * for an empty file. 0, or -1 with errno (EISDIR, EINVAL for a file that
 * is not regular, EIO if it shrank while read). The caller frees *data.
 */
int wq_read_regular(const char *path, char **data, size_t *len);

/* ---- path.c: safe relative paths ---- */

/*
 * True if p is a safe relative path: not empty, not absolute, '/'-separated,
 * no empty, "." or ".." segment, no trailing '/', no NUL, no backslash.
 */
bool wq_path_is_safe_relative(const char *p);
/* Join a and b with one '/'; caller frees; NULL on ENOMEM. */
char *wq_path_join(const char *a, const char *b);
/*
 * The same join of a[0..na) and b[0..nb) and its NUL at dst, which has room
 * for na + nb + 2 bytes (many paths in one block); returns the byte after the NUL.
 */
char *wq_path_join_to(char *dst, const char *a, size_t na, const char *b, size_t nb);
/* Pointer to the last segment of p (inside p). */
const char *wq_path_base(const char *p);
/* mkdir -p; 0 or -1 with errno. */
int wq_mkdirs(const char *path, mode_t mode);
/* rm -rf (does not follow symlinks); 0 or -1 with errno. */
int wq_remove_tree(const char *path);

/*
 * The first 8 bytes of s (0 past its end) as a big-endian number: two
 * strings with different keys compare as their keys do (strcmp order), so
 * a sort compares integers first and strings only on a tie.
 */
static inline uint64_t
wq_prefix8(const char *s)
{
	uint64_t v = 0;
	int i;

	for (i = 0; i < 8; i++) {
		unsigned char ch = (unsigned char)*s;
		v = v << 8 | ch;
		if (ch != '\0')
			s++;
	}
	return v;
}

/*
 * The entries of the folder open as dfd but "." and "..", sorted bytewise:
 * *names (free with wq_names_free) and *n. dfd is closed in any case.
 * 0, or -1 with errno (nothing to free).
 */
int wq_dir_names(int dfd, char ***names, size_t *n);
void wq_names_free(char **names, size_t n);
/*
 * The output path for input in batch mode: DIR/BASE.EXT where BASE is the
 * input's basename without its last extension ("stdin" for "-").
 * Caller frees; NULL on ENOMEM.
 */
char *wq_output_name(const char *dir, const char *input, const char *ext);

/* ---- progress.c: progress on stderr, only when it is a terminal ---- */

struct wq_progress;
/* NULL (and every call a no-op) when stderr is not a terminal; total 0 = unknown. */
struct wq_progress *wq_progress_new(const char *what, uint64_t total);
void wq_progress_update(struct wq_progress *p, uint64_t done);
/* Clears the line; p may be NULL. */
void wq_progress_free(struct wq_progress *p);

/* ---- timefmt.c: timestamps honouring SOURCE_DATE_EPOCH ---- */

/* SOURCE_DATE_EPOCH when set and valid, else the current time. -1 if SOURCE_DATE_EPOCH is set but bad. */
int wq_now(int64_t *t);
/* "YYYY-MM-DD" into out[11]; "YYYY-MM-DDTHH:MM:SSZ" into out[21]. UTC. */
void wq_format_date(int64_t t, char *out);
void wq_format_datetime(int64_t t, char *out);

/* ---- xmlsafe.c: libxml2 reads only the document; its messages on one line ---- */

/*
 * Install, for the whole process, a libxml2 external entity loader that
 * loads nothing: no external DTD, no external entity, no URL, whatever the
 * document or the parser options ask. Call it after anything that must
 * still load through libxml2 (a RELAX NG schema read from a file).
 */
void wq_xml_refuse_external(void);
/*
 * The libxml2 parser options for untrusted documents (in files that include
 * <libxml/parser.h>). XML_PARSE_NONET: no network access, whatever the
 * document says. XML_PARSE_BIG_LINES: true line numbers past 65535.
 * Deliberately no XML_PARSE_NOENT (entities are not substituted), no
 * XML_PARSE_DTDLOAD or DTDVALID (no external subset, no external entity is
 * ever read), no XML_PARSE_HUGE (libxml2's limits on entity amplification,
 * text and name sizes and nesting depth stay on).
 */
#define WQ_XML_SAFE_OPTIONS (XML_PARSE_NONET | XML_PARSE_BIG_LINES)
/*
 * Make a (libxml2) message one line, in place: trailing newlines and spaces
 * are cut, every other LF or CR becomes a space. Returns the new length.
 */
size_t wq_xml_oneline(char *msg);

/* ---- unorm.c: Unicode normalization keys for comparing names (utf8proc) ---- */

/* s (NUL-terminated UTF-8) in NFC. Caller frees; NULL if s is not UTF-8 or on ENOMEM. */
char *wq_utf8_nfc(const char *s);
/*
 * s in NFC with full case folding (stable): names equal but for Unicode
 * normalization and case have the same key. Caller frees; NULL as above.
 */
char *wq_utf8_fold(const char *s);

/* ---- batchfile.c: many outputs of one folder (-d), made durable together ---- */

/*
 * Outputs are written to hidden temporary files beside their targets; every
 * 256 outputs (and at wq_batch_free) one syncfs(2) makes them durable and
 * they are renamed into place: each appears whole or not at all, as with
 * wq_atomicfile, for one disk flush per batch. fail is called for every
 * output (or the folder) that could not be committed, with its errno.
 */
struct wq_batch;
typedef void wq_batch_fail_fn(void *ctx, const char *path, int err);
/* Makes dir when missing. Caller frees with wq_batch_free. NULL + errno. */
struct wq_batch *wq_batch_new(const char *dir, wq_batch_fail_fn *fail, void *ctx);
/*
 * Start the output for path (inside dir); one at a time. NULL + errno;
 * EEXIST when an output for path was already kept in this batch's life.
 */
FILE *wq_batch_open(struct wq_batch *b, const char *path);
/* Close fp and queue it (0), or drop it (-1 with errno). May flush the batch (failures go to fail). */
int wq_batch_keep(struct wq_batch *b, FILE *fp);
/* Close fp and throw the output away. */
void wq_batch_discard(struct wq_batch *b, FILE *fp);
/* Open, write n bytes and keep: 0 or -1 with errno. */
int wq_batch_write(struct wq_batch *b, const char *path, const void *p, size_t n);
/* Commit every queued output now. 0, or -1 if fail was called. */
int wq_batch_flush(struct wq_batch *b);
/* Flush, then free. Returns what the flush returned. */
int wq_batch_free(struct wq_batch *b);

#endif
