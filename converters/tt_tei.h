/*
 * tt_tei.h - txt2tei: the TEI writer stage, a thin layer over libxml2's
 * xmlwriter. Errors are sticky: after the first failure every call is a
 * no-op and tt_tei_finish reports it, so callers need not check each call.
 */
#ifndef TT_TEI_H
#define TT_TEI_H

#include <stddef.h>
#include <stdio.h>

#include <libxml/xmlwriter.h>

#include "wathiqa.h"

struct tt_tei {
	xmlTextWriterPtr w;
	struct wq_buf esc; /* scratch for escaped text */
	int err;           /* 0, or -1 after a failed write */
};

/*
 * Start a document on out (not closed here). t must be zeroed before its
 * first use; its scratch buffer is kept from one document to the next.
 * 0 or -1.
 */
int tt_tei_open(struct tt_tei *t, FILE *out);
/* End the document, flush and free the writer. 0, or -1 if any write failed. */
int tt_tei_finish(struct tt_tei *t);
/* Free the writer without finishing (after an error). */
void tt_tei_discard(struct tt_tei *t);
/* Free everything, the scratch buffer too. */
void tt_tei_release(struct tt_tei *t);

/* A newline and two spaces per depth level (white space between elements). */
void tt_tei_nl(struct tt_tei *t, int depth);
void tt_tei_start(struct tt_tei *t, const char *name);
void tt_tei_attr(struct tt_tei *t, const char *name, const char *value);
void tt_tei_end(struct tt_tei *t);
/* Character data s[0..n) (UTF-8), escaped. */
void tt_tei_text(struct tt_tei *t, const char *s, size_t n);
/* Character data with every date in it as <date when="YYYY-MM-DD">. */
void tt_tei_text_dates(struct tt_tei *t, const char *s, size_t n);
/* nl(depth) <name>text</name> */
void tt_tei_leaf(struct tt_tei *t, int depth, const char *name, const char *text);

#endif
