/*
 * tt_text.h - txt2tei: the decode and lines stages.
 * A reader turns a byte stream into line pieces: a UTF-8 byte order mark
 * at the start is dropped, CR LF and CR become LF, and a line longer than
 * TT_PIECE_MAX comes in several pieces split where Unicode normalisation
 * cannot reach across (so each piece can be normalised on its own).
 * Memory is bounded by the buffer size whatever the input.
 */
#ifndef TT_TEXT_H
#define TT_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "wathiqa.h"

#define TT_PIECE_MAX (64 * 1024)

struct tt_piece {
	const char *p;      /* the bytes, no line end; valid until the next call */
	size_t n;
	bool bol;           /* the piece starts a line */
	bool eol;           /* the piece ends a line */
	unsigned long line; /* 1-based line number */
	unsigned long col;  /* 1-based column (code points) of p[0] */
};

/* Called with every raw byte read, before any change (digests, spooling). */
typedef int (*tt_raw_fn)(void *ctx, const void *p, size_t n);

struct tt_reader;
/* A reader of fp (not closed by the reader); raw may be NULL. NULL on ENOMEM. */
struct tt_reader *tt_reader_new(FILE *fp, tt_raw_fn raw, void *rawctx);
void tt_reader_free(struct tt_reader *r);
/* Start reading fp afresh, keeping the buffer (many inputs, one allocation). */
void tt_reader_reset(struct tt_reader *r, FILE *fp, tt_raw_fn raw, void *rawctx);
/*
 * The next piece: 1, 0 at the end, -1 on a read error (errno set) or when
 * the raw callback failed.
 */
int tt_reader_next(struct tt_reader *r, struct tt_piece *pc);
/*
 * After the end: read the same input again from memory when it all fitted
 * in one buffer (small inputs: no second read). false if it did not.
 */
bool tt_reader_rewind(struct tt_reader *r);
/* Bytes read so far, as they were in the input. */
unsigned long long tt_reader_rawbytes(const struct tt_reader *r);

/*
 * Unicode NFC of s[0..n): *out points either at s itself (already NFC, the
 * common case, found by a quick check) or into scratch. 0, or -1 when
 * utf8proc fails (invalid UTF-8 or no memory).
 */
int tt_nfc(const char *s, size_t n, struct wq_buf *scratch, const char **out, size_t *outn);
/* True when s[0..n) is certainly NFC already (the quick check). */
bool tt_nfc_quick(const char *s, size_t n);

/*
 * The quick check one code point at a time, for loops that decode anyway:
 * false when cp may change under NFC given what came before it (*prev_ccc,
 * the combining class of the previous code point, updated; 0 at the start).
 * ASCII never changes and resets *prev_ccc to 0.
 */
bool tt_nfc_step_slow(uint32_t cp, int *prev_ccc);
static inline bool
tt_nfc_step(uint32_t cp, int *prev_ccc)
{
	if (cp < 0x0300 || (cp >= 0x0600 && cp < 0x0700 && !(cp >= 0x064B && cp <= 0x065F) &&
	                    cp != 0x0670 && !(cp >= 0x06D6 && cp <= 0x06ED))) {
		*prev_ccc = 0;
		return true;
	}
	return tt_nfc_step_slow(cp, prev_ccc);
}

#endif
