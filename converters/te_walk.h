/*
 * te_walk.h - read one TEI document as a stream (libxml2's xmlTextReader)
 * and add it to a book: its header's metadata, its text as XHTML chapters
 * in the book's spool, its headings as nav entries, its languages.
 *
 * No DOM is built: memory stays bounded by the longest text node and the
 * nesting depth, whatever the size of the input. Entities are not
 * expanded and nothing is fetched from the network or the file system.
 */
#ifndef TE_WALK_H
#define TE_WALK_H

#include <stddef.h>

#include "te_book.h"

/* How warnings reach the tool (the walk never prints). */
struct te_walk_opts {
	void (*warn)(void *ctx, const char *file, unsigned long line, unsigned long col,
	             const char *msg);
	void *ctx;
};

struct te_error {
	unsigned long line, col; /* 0 when unknown */
	char msg[512];
};

enum te_walk_status {
	TE_WALK_OK = 0,
	TE_WALK_INVALID = -1, /* not well-formed, not TEI: the input's fault */
	TE_WALK_SYSTEM = -2   /* out of memory, a failed read or write */
};

/*
 * Walk one TEI document into a new statement of b. The input is read from
 * fd when fd >= 0, else it is mem[0..len). name is used in messages and
 * as the fallback title. On failure err says what and where; the book
 * then holds a partial statement and should not be written.
 */
enum te_walk_status te_walk(struct te_book *b, const char *name, int fd,
                            const void *mem, size_t len,
                            const struct te_walk_opts *opts, struct te_error *err);

#endif
