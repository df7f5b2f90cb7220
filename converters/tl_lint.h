/*
 * tl_lint.h - teilint's engine: well-formedness, RELAX NG validity and
 * the extra rules RELAX NG cannot express, for TEI documents.
 *
 * A linter holds one compiled schema and checks any number of documents
 * with it. Diagnostics go to a callback; nothing is printed here.
 * Parsing is safe for hostile input: no network, no DTD loading, no
 * entity substitution, libxml2's default limits on entity expansion and
 * on the size of text nodes and names. The caller should also install
 * an external entity loader that refuses everything (libxml2 keeps that
 * in a global, which belongs to the program's main file).
 */
#ifndef TL_LINT_H
#define TL_LINT_H

#include <stddef.h>

enum tl_severity { TL_WARNING, TL_ERROR };

/* One diagnostic; every pointer is valid only during the callback. */
struct tl_diag {
	enum tl_severity severity;
	const char *id;     /* rule or message ID, e.g. "TL-XML", "TL-ID-UNIQUE" */
	unsigned long line; /* 1-based; 0 when unknown */
	unsigned long col;  /* 1-based; 0 when unknown */
	const char *msg;    /* the message, no trailing newline */
};
typedef void tl_report_fn(void *ud, const struct tl_diag *d);

enum tl_result {
	TL_VALID = 0,   /* well-formed, valid, every rule satisfied */
	TL_INVALID = 1, /* at least one error was reported */
	TL_TROUBLE = 2  /* out of memory or an internal libxml2 error */
};

struct tl_linter;
/*
 * Compile a RELAX NG schema (XML syntax) given as bytes, or read from a
 * file (whose includes are resolved relative to it). Errors go to fn.
 * Returns NULL on failure; the caller frees with tl_linter_free.
 */
struct tl_linter *tl_linter_new_mem(const void *rng, size_t len,
                                    tl_report_fn *fn, void *ud);
struct tl_linter *tl_linter_new_file(const char *path,
                                     tl_report_fn *fn, void *ud);
void tl_linter_free(struct tl_linter *lt);

/*
 * Check one document, given in pieces: tl_session_new, any number of
 * tl_session_feed, then tl_session_end (which frees the session and
 * returns the verdict). name is used as the document's URL. The
 * session holds the document's tree: memory grows with its size.
 * The document's diagnostics reach fn during tl_session_end, sorted by
 * line, each distinct one once (at most 1000, then a note).
 * tl_session_feed returns 0, or -1 when parsing has already failed
 * (feeding more is then pointless; tl_session_end still must be called).
 */
struct tl_session;
struct tl_session *tl_session_new(struct tl_linter *lt, const char *name,
                                  tl_report_fn *fn, void *ud);
int tl_session_feed(struct tl_session *s, const void *p, size_t n);
enum tl_result tl_session_end(struct tl_session *s);

/* The same for a document held in memory. */
enum tl_result tl_lint_mem(struct tl_linter *lt, const void *p, size_t n,
                           const char *name, tl_report_fn *fn, void *ud);

#endif
