/*
 * t2t_text.h - tei2txt's engine: the text of TEI documents as plain text.
 *
 * A converter writes any number of documents, one after another, to one
 * output: a stream or a wq_buf. Blocks are separated by blank lines
 * across documents too. Nothing is printed here and nothing exits:
 * messages go to a callback, errors are returned.
 *
 * Parsing is the caller's (t2t_convert_reader) or done here with safe
 * options (t2t_convert_mem: WQ_XML_SAFE_OPTIONS, no entity substitution).
 * The caller should also install an external entity loader that refuses
 * everything (wq_xml_refuse_external) and, to see libxml2's generic
 * messages, t2t_generic_error (both are process-wide libxml2 state that
 * belongs to the program's main file).
 */
#ifndef T2T_TEXT_H
#define T2T_TEXT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include <libxml/xmlreader.h>

#include "wathiqa.h"

enum t2t_result {
	T2T_OK = 0,      /* converted (write errors on a stream: t2t_write_error) */
	T2T_INVALID = 1, /* an error was reported through the callback */
	T2T_NOMEM = 2    /* out of memory: the output is incomplete, stop */
};

/*
 * One message about the document being converted: FILE:LINE:COL (line or
 * col 0 when unknown) and the text as fmt and ap. Warnings start with
 * "warning: ". Print it with wq_vwarnat(file, line, col, fmt, ap).
 */
typedef void t2t_msg_fn(void *ud, const char *file, unsigned long line,
                        unsigned long col, const char *fmt, va_list ap);

struct t2t;
/*
 * A converter writing to fp, or (fp NULL) appending to *buf, which the
 * caller owns. msg may be NULL (silence). NULL on ENOMEM.
 */
struct t2t *t2t_new(FILE *fp, struct wq_buf *buf, t2t_msg_fn *msg, void *ud);
void t2t_free(struct t2t *c);

/*
 * Name the next document (for messages; the pointer must stay valid
 * until it is converted) and clear its error state. Call it before the
 * reader is created, so that libxml2's messages while it starts count
 * for the document.
 */
void t2t_begin(struct t2t *c, const char *name);
/*
 * Convert the document rd reads (after t2t_begin). The reader's error
 * handler is set to the converter's: the caller frees rd before c.
 */
enum t2t_result t2t_convert_reader(struct t2t *c, xmlTextReaderPtr rd);
/*
 * t2t_begin, then convert the document in p[0..n) (xmlReaderForMemory
 * with WQ_XML_SAFE_OPTIONS). T2T_NOMEM if the reader cannot start.
 */
enum t2t_result t2t_convert_mem(struct t2t *c, const void *p, size_t n,
                                const char *name);
/* True once a write to the stream has failed. */
bool t2t_write_error(const struct t2t *c);

/*
 * A libxml2 generic error handler (xmlSetGenericErrorFunc(c, ...)):
 * a message fails the document being converted and reaches the callback.
 */
void t2t_generic_error(void *c, const char *fmt, ...) WQ_PRINTF(2, 3);

#endif
