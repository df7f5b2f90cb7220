/*
 * tt_conv.h - txt2tei: the pipeline. Pass 1 reads the whole input once
 * (checking it, digesting it, counting letters, finding title, category
 * and closing block); pass 2 reads it again and streams the TEI out.
 * A seekable input is read twice; any other is spooled to a temporary
 * file during pass 1. Memory stays bounded whatever the input size.
 */
#ifndef TT_CONV_H
#define TT_CONV_H

#include <stdint.h>
#include <stdio.h>

typedef void (*tt_warn_fn)(void *ctx, unsigned long line, unsigned long col, const char *msg);

struct tt_opts {
	const char *author;     /* NULL: from the closing block, if any */
	const char *publisher;  /* NULL: "txt2tei" */
	const char *source_url; /* NULL: none */
	const char *retrieved;  /* NULL: none; else an ISO date checked by the caller */
	const char *version;    /* the tool's version */
	int64_t now;            /* the conversion time (seconds since the epoch) */
	tt_warn_fn warn;        /* NULL: warnings are not reported */
	void *warnctx;
	unsigned max_warnings;  /* per input; 0: no limit */
};

struct tt_fail {
	unsigned long line, col; /* 0 when the failure has no position */
	char msg[256];
};

enum tt_status {
	TT_OK = 0,
	TT_INVALID = 1, /* bad input: nothing usable was written */
	TT_TROUBLE = 2  /* read, write or memory failure */
};

/*
 * A converter's reusable working memory (buffers, digest context): one
 * for many inputs saves an allocation round per input. Caller frees.
 */
struct tt_conv;
struct tt_conv *tt_conv_new(void); /* NULL on ENOMEM */
void tt_conv_free(struct tt_conv *c);

/*
 * Convert the text read from in into TEI written to out, with c's memory
 * (c may be NULL: a temporary one is made).
 * filename is the input's name for the header (its base name is used;
 * NULL for standard input). Nothing is written to out before the whole
 * input has been checked, so a TT_INVALID input leaves out untouched.
 * On failure *f says what went wrong.
 */
enum tt_status tt_convert(struct tt_conv *c, FILE *in, const char *filename,
                          const struct tt_opts *o, FILE *out, struct tt_fail *f);

#endif
