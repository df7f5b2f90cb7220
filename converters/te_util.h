/*
 * te_util.h - small checks and conversions tei2epub needs: language tags
 * and their direction, dates, URLs, list numbers, identifiers.
 * Pure functions: no allocation unless said, no printing.
 */
#ifndef TE_UTIL_H
#define TE_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * True if tag looks like a BCP 47 language tag: a primary subtag of 2 to 8
 * ASCII letters, then subtags of 1 to 8 letters or digits, "-"-separated
 * (the private-use "x-..." form too).
 */
bool te_lang_ok(const char *tag);
/* True if the language (or its script subtag) is written right to left. */
bool te_lang_rtl(const char *tag);
/* "rtl" or "ltr". */
const char *te_lang_dir(const char *tag);

/*
 * True if s is a W3CDTF date as the OPF wants it: YYYY, YYYY-MM, YYYY-MM-DD,
 * or YYYY-MM-DDThh:mm[:ss]Z (month and day in range).
 */
bool te_w3cdtf_ok(const char *s);
/*
 * True if s is an HTML "valid date string" or "valid global date and
 * time string" as written here: YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ, or
 * a month YYYY-MM or a year YYYY.
 */
bool te_datetime_ok(const char *s);
/* The UTC epoch seconds of a date YYYY[-MM[-DD[Thh:mm[:ss]Z]]]; -1 if not one. */
int64_t te_date_epoch(const char *s);
/* The MS-DOS time and date of epoch seconds t (UTC), clamped to 1980..2107. */
void te_dos_time(int64_t t, uint16_t *dostime, uint16_t *dosdate);

/* True if s is an absolute http, https or mailto URL with no space or odd byte. */
bool te_url_ok(const char *s);

/* Digits of a list number. */
enum te_digits {
	TE_DIGITS_NONE,  /* not a number: an ordinal word, a letter ... */
	TE_DIGITS_ASCII, /* 0-9 */
	TE_DIGITS_ARAB,  /* Arabic-Indic U+0660..U+0669 */
	TE_DIGITS_PERS   /* Extended Arabic-Indic U+06F0..U+06F9 (Persian, Urdu) */
};
/*
 * Read s as a list number of one digit script (surrounding white space and
 * punctuation like "1." or "(١)" allowed); on success sets *value (at most
 * 999999999) and returns the script, else TE_DIGITS_NONE.
 */
enum te_digits te_number(const char *s, long *value);

/* Collapse runs of white space into one space and trim, in place; returns s. */
char *te_squeeze(char *s);
/* Cut s to at most max bytes at a UTF-8 boundary, in place. */
void te_truncate_utf8(char *s, size_t max);

#endif
