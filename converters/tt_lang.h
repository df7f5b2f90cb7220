/*
 * tt_lang.h - txt2tei: language of a block from its letters.
 * Latin letters count as English, Arabic-script letters as Arabic, or
 * Central Kurdish (Sorani) when letters Arabic does not use are frequent
 * enough; letters of any other script make "und".
 */
#ifndef TT_LANG_H
#define TT_LANG_H

#include <stdint.h>
#include <stddef.h>

#include "wathiqa.h"

/* wq_utf8_decode with the one- and two-byte cases inline (hot loops). */
static inline size_t
tt_decode(const unsigned char *p, size_t n, uint32_t *cp)
{
	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	}
	if (p[0] >= 0xC2 && p[0] < 0xE0 && n >= 2 && (p[1] & 0xC0) == 0x80) {
		*cp = ((uint32_t)(p[0] & 0x1F) << 6) | (uint32_t)(p[1] & 0x3F);
		return 2;
	}
	return wq_utf8_decode(p, n, cp);
}

enum tt_lang {
	TT_LANG_NONE = -1, /* no letters at all */
	TT_LANG_EN = 0,
	TT_LANG_AR,
	TT_LANG_CKB,
	TT_LANG_UND,
	TT_LANG_COUNT
};

enum tt_script {
	TT_SCRIPT_NONE = 0, /* not a letter */
	TT_SCRIPT_LATIN,
	TT_SCRIPT_ARABIC,
	TT_SCRIPT_SORANI,   /* an Arabic-script letter typical of Sorani, not of Arabic */
	TT_SCRIPT_OTHER     /* a letter of another script */
};

struct tt_letters {
	uint64_t latin;
	uint64_t arabic; /* all Arabic-script letters, Sorani ones included */
	uint64_t sorani;
	uint64_t other;
};

/* The script class of one code point. */
enum tt_script tt_script_of(uint32_t cp);

/* tt_script_of with the Arabic letters inline (hot loops). */
static inline enum tt_script
tt_script_fast(uint32_t cp)
{
	if (cp >= 0x0621 && cp <= 0x064A && cp != 0x0640)
		return TT_SCRIPT_ARABIC;
	if (cp >= 0x064B && cp <= 0x066D)
		return TT_SCRIPT_NONE; /* marks, Arabic-Indic digits, punctuation */
	return tt_script_of(cp);
}
/* Count the letters of UTF-8 text s[0..n) (must be valid UTF-8) into *l. */
void tt_letters_add_utf8(struct tt_letters *l, const char *s, size_t n);
void tt_letters_add(struct tt_letters *l, const struct tt_letters *m);
uint64_t tt_letters_total(const struct tt_letters *l);
/* The language these letters say, or TT_LANG_NONE without letters. */
enum tt_lang tt_lang_decide(const struct tt_letters *l);
/* "en", "ar", "ckb", "und". */
const char *tt_lang_code(enum tt_lang lang);
/* "English", "Arabic", "Central Kurdish", "Undetermined". */
const char *tt_lang_name(enum tt_lang lang);

#endif
