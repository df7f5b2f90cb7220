/*
 * tt_classify.h - txt2tei: recognising forms in a line of text, from
 * data tables: list markers (numbers, English and Arabic ordinal words,
 * bullets), dates (ISO, English and Arabic month names, ASCII and
 * Arabic-Indic digits), closing punctuation, interface labels.
 * All functions take valid UTF-8 (NFC) and never allocate.
 */
#ifndef TT_CLASSIFY_H
#define TT_CLASSIFY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The kinds of list marker; items of one list share a kind. */
enum tt_mark_kind {
	TT_MARK_NONE = 0,
	TT_MARK_NUM_DASH,   /* 1-  ١-  */
	TT_MARK_NUM_DOT,    /* 1.      */
	TT_MARK_NUM_PAREN,  /* 1)      */
	TT_MARK_NUM_PARENS, /* (1)     */
	TT_MARK_ORD_EN,     /* First:  */
	TT_MARK_ORD_AR,     /* أولاً:  */
	TT_MARK_BULLET_DASH, /* - */
	TT_MARK_BULLET_STAR, /* * */
	TT_MARK_BULLET_DOT   /* • */
};

struct tt_mark {
	enum tt_mark_kind kind;
	long value;      /* 1, 2, ... for ordered kinds; 0 for bullets */
	size_t lead;     /* bytes of white space before the marker */
	size_t len;      /* bytes of the marker itself, punctuation included */
	size_t n_off;    /* the number or word as written: s[n_off .. n_off+n_len) */
	size_t n_len;
};

/* True if s[0..n) starts with a list marker; fills *m. */
bool tt_list_mark(const char *s, size_t n, struct tt_mark *m);
bool tt_mark_is_ordered(enum tt_mark_kind k);

struct tt_date {
	size_t start, end; /* byte span of the date as written */
	int year, month, day;
};
/*
 * Find the first date in s[0..n) that starts at or after byte from.
 * Returns true and fills *d.
 */
bool tt_find_date(const char *s, size_t n, size_t from, struct tt_date *d);
/* Days in a month of the Gregorian calendar (0 for a bad month). */
int tt_days_in_month(int year, int month);

/* True if the last visible character of s[0..n) closes a sentence or clause. */
bool tt_ends_with_closing_punct(const char *s, size_t n);
/* Number of code points and of white-space-separated words in s[0..n). */
size_t tt_count_cp(const char *s, size_t n);
size_t tt_count_words(const char *s, size_t n);
/* True if s[0..n) holds at least one letter. */
bool tt_has_letter(const char *s, size_t n);
/* True for the white space txt2tei trims and skips: space, tab, NBSP, ... */
bool tt_is_space_cp(uint32_t cp);

/*
 * If s[0..n) is an interface label scraped with the text ("Loading",
 * "Read more", ...), return the label's table spelling, else NULL.
 */
const char *tt_ui_label(const char *s, size_t n);

#endif
