/*
 * te_zip.h - the EPUB container: the book's files zipped with libzip in a
 * fixed order (mimetype first and stored, container.xml, package document,
 * nav, NCX, stylesheet, cover, title page, chapters) with one fixed time and
 * fixed attributes, so the same book gives the same bytes.
 */
#ifndef TE_ZIP_H
#define TE_ZIP_H

#include <stddef.h>

#include "wathiqa.h"
#include "te_book.h"

/*
 * Write the finished book (te_book_finish) as an EPUB, appended to out.
 * The zip is built in memory (the chapters are read from the spool as
 * libzip compresses them). level is the deflate level, 1..9, or 0 to
 * store every file uncompressed. Returns 0, or -1 with a message (libzip's own) in err.
 */
int te_zip_write(struct te_book *b, int level, struct wq_buf *out, char *err, size_t errlen);

#endif
