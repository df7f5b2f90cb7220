/*
 * te_book.h - what the TEI walk collects for one EPUB, and the EPUB's
 * generated files (package document, nav, NCX, stylesheet, title page,
 * cover) built from it.
 *
 * A book holds one or more statements (one per input). The walk
 * (te_walk.h) writes each statement's XHTML chapters into the book's
 * spool and records chapters, headings (nav entries) and languages here;
 * te_zip.h writes the zip. Ownership: a book owns everything it points to;
 * te_book_free releases it all. te_book_reset empties it for the next
 * book but keeps memory and the spool's temporary file (batch mode).
 */
#ifndef TE_BOOK_H
#define TE_BOOK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "wathiqa.h"

/*
 * Chapter bytes: kept in memory, and moved to one temporary file in
 * $TMPDIR once more than TE_SPOOL_MEM bytes are waiting, so a 100 MB
 * statement does not sit in memory. Offsets are logical (file, then memory).
 */
#define TE_SPOOL_MEM (1024 * 1024)
struct te_spool {
	struct wq_buf mem; /* the bytes after the file's */
	FILE *fp;          /* NULL until needed */
	uint64_t flen;     /* bytes in the file */
};
/* Total bytes written. */
uint64_t te_spool_size(const struct te_spool *s);
/* Move the memory part to the file if it is large. 0 or -1 with errno. */
int te_spool_maybe_flush(struct te_spool *s);
/* Copy n bytes at logical offset off into p. 0 or -1 with errno. */
int te_spool_read(struct te_spool *s, uint64_t off, void *p, size_t n);

struct te_chapter {
	uint64_t off, len; /* in the spool */
	size_t stmt;       /* which statement */
};

struct te_nav {
	unsigned level;  /* 1 = top */
	size_t chapter;  /* index into chapters */
	unsigned anchor; /* the heading's id is "h<anchor>"; 0 = the chapter's top */
	int lang;        /* language index, -1 = the statement's */
	char *label;     /* owned */
};

struct te_stmt {
	char *name;       /* input name, "-" is stdin */
	char *title;      /* from the header, NULL if none */
	int title_lang;
	char *creator;    /* titleStmt/author */
	int creator_lang;
	char *publisher;
	char *date;       /* the statement's date (W3CDTF), best source so far */
	int date_rank;    /* how good date is: lower wins, 0 = none yet */
	char *source;     /* the source's URL, or its file name */
	bool source_url;
	char *uuid;       /* publicationStmt/idno[@type='UUID'] when well-formed */
	char *first_head; /* the first heading's text */
	int lang;         /* main language (index), -1 = none */
	int64_t stamp;    /* latest header date (epoch), -1 if none */
	char sha256[65];  /* of the input bytes */
	size_t chap0;     /* first chapter */
	size_t nchap;
	size_t nav0;      /* first nav entry */
	size_t nnav;
};

struct te_book {
	/* options */
	const char *title_opt; /* --title, or NULL */
	bool cover;            /* --cover */
	bool force_anthology;  /* title page and contents even for one input */

	/* languages: interned tags and whether the text uses them */
	char **langs;
	bool *lang_used;
	size_t nlangs, langcap;

	struct te_stmt *stmts;
	size_t nstmts, stmtcap;
	struct te_chapter *chaps;
	size_t nchaps, chapcap;
	struct te_nav *navs;
	size_t nnavs, navcap;
	unsigned next_anchor;

	struct te_spool spool;

	/* set by te_book_finish */
	int lang;             /* the book's main language */
	char uid[64];         /* dc:identifier */
	const char *title;    /* dc:title (points into a statement or title_opt) */
	int title_lang;
	char modified[21];    /* dcterms:modified */
	int64_t mtime;        /* zip entry times */
	bool anthology;
};

void te_book_init(struct te_book *b);
void te_book_reset(struct te_book *b);
void te_book_free(struct te_book *b);

/* Index of a language tag (interned on first use), -1 if not a valid tag or too many. */
int te_book_lang(struct te_book *b, const char *tag);
/* Add an empty statement for input name; NULL on ENOMEM. */
struct te_stmt *te_book_add_stmt(struct te_book *b, const char *name);
/* Record a chapter; 0 or -1 (ENOMEM). */
int te_book_add_chapter(struct te_book *b, uint64_t off, uint64_t len);
/* Record a nav entry; label is copied. 0 or -1 (ENOMEM). */
int te_book_add_nav(struct te_book *b, unsigned level, unsigned anchor, int lang, const char *label);

/*
 * Settle the book-wide metadata once every input is walked: main language,
 * identifier, title, modification time. modified is SOURCE_DATE_EPOCH's
 * value when have_epoch, else taken from the TEI headers' dates, else now.
 */
void te_book_finish(struct te_book *b, bool have_epoch, int64_t epoch, int64_t now);

/* The generated files, appended to out. 0 or -1 (ENOMEM). */
int te_book_container(const struct te_book *b, struct wq_buf *out);
int te_book_package(const struct te_book *b, struct wq_buf *out);
int te_book_navdoc(const struct te_book *b, struct wq_buf *out);
int te_book_ncx(const struct te_book *b, struct wq_buf *out);
int te_book_css(const struct te_book *b, struct wq_buf *out);
int te_book_titlepage(const struct te_book *b, struct wq_buf *out);
int te_book_cover_svg(const struct te_book *b, struct wq_buf *out);
int te_book_cover_xhtml(const struct te_book *b, struct wq_buf *out);
/* The name of chapter i inside the EPUB folder, e.g. "c0001.xhtml", into out[32]. */
void te_book_chapter_name(size_t i, char *out);

/*
 * Append s[0..n) to out escaped for XML text and attribute values.
 * s must be NUL-terminated at or after n (the scan may look past n up to
 * the NUL). 0 or -1.
 */
int te_xml_escape(struct wq_buf *out, const char *s, size_t n);
/*
 * The start of an XHTML content document up to </head>: html in language
 * lang, a title (with its language when it differs; title_lang may be NULL),
 * the stylesheet. 0 or -1.
 */
int te_xhtml_start(struct wq_buf *out, const char *lang, const char *title, const char *title_lang);
/* xml:lang, lang and dir attributes (with a leading space). 0 or -1. */
int te_lang_attrs(struct wq_buf *out, const char *tag);

#endif
