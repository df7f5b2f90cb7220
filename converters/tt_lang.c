/* tt_lang.c - txt2tei: language of a block from its letters (see tt_lang.h). */
#include "tt_lang.h"

#include <utf8proc.h>

#include "wathiqa.h"

/* Arabic-script letters Sorani writes and Arabic does not: ە ێ ۆ ڵ ڕ ڤ ۊ. */
static const uint32_t sorani_letters[] = {
	0x0695, 0x06A4, 0x06B5, 0x06C6, 0x06CA, 0x06CE, 0x06D5
};

/* Arabic-script letter ranges (inclusive). */
static const uint32_t arabic_ranges[][2] = {
	{ 0x0620, 0x064A }, { 0x066E, 0x066F }, { 0x0671, 0x06D3 },
	{ 0x06D5, 0x06D5 }, { 0x06EE, 0x06EF }, { 0x06FA, 0x06FC },
	{ 0x06FF, 0x06FF }, { 0x0750, 0x077F }, { 0x0870, 0x0887 },
	{ 0x0889, 0x088E }, { 0x08A0, 0x08C9 }, { 0xFB50, 0xFBB1 },
	{ 0xFBD3, 0xFD3D }, { 0xFD50, 0xFDC7 }, { 0xFDF0, 0xFDFB },
	{ 0xFE70, 0xFEFC }
};

enum tt_script
tt_script_of(uint32_t cp)
{
	size_t i;

	if (cp < 0x80) {
		cp |= 0x20;
		return cp >= 'a' && cp <= 'z' ? TT_SCRIPT_LATIN : TT_SCRIPT_NONE;
	}
	if (cp >= 0x0620 && cp <= 0x064A)
		return cp == 0x0640 ? TT_SCRIPT_NONE : TT_SCRIPT_ARABIC; /* tatweel is no letter */
	if (cp >= 0x0600 && cp <= 0x08FF) {
		for (i = 0; i < sizeof sorani_letters / sizeof sorani_letters[0]; i++)
			if (cp == sorani_letters[i])
				return TT_SCRIPT_SORANI;
	}
	if ((cp >= 0x0600 && cp <= 0x08FF) || (cp >= 0xFB50 && cp <= 0xFEFF)) {
		for (i = 0; i < sizeof arabic_ranges / sizeof arabic_ranges[0]; i++)
			if (cp >= arabic_ranges[i][0] && cp <= arabic_ranges[i][1])
				return TT_SCRIPT_ARABIC;
		return TT_SCRIPT_NONE; /* marks, digits, punctuation */
	}
	if (cp < 0x0250 && cp >= 0xC0 && cp != 0xD7 && cp != 0xF7)
		return TT_SCRIPT_LATIN;
	if (cp >= 0x1E00 && cp <= 0x1EFF)
		return TT_SCRIPT_LATIN;
	switch (utf8proc_get_property((utf8proc_int32_t)cp)->category) {
	case UTF8PROC_CATEGORY_LU:
	case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LT:
	case UTF8PROC_CATEGORY_LO:
		return TT_SCRIPT_OTHER;
	default:
		return TT_SCRIPT_NONE;
	}
}

void
tt_letters_add_utf8(struct tt_letters *l, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, k;
	uint32_t cp;

	while (i < n) {
		if (p[i] < 0x80) {
			unsigned c = p[i] | 0x20u;
			if (c >= 'a' && c <= 'z')
				l->latin++;
			i++;
			continue;
		}
		k = tt_decode(p + i, n - i, &cp);
		if (k == 0) {
			i++;
			continue;
		}
		i += k;
		switch (tt_script_of(cp)) {
		case TT_SCRIPT_LATIN: l->latin++; break;
		case TT_SCRIPT_SORANI: l->sorani++; l->arabic++; break;
		case TT_SCRIPT_ARABIC: l->arabic++; break;
		case TT_SCRIPT_OTHER: l->other++; break;
		case TT_SCRIPT_NONE: break;
		}
	}
}

void
tt_letters_add(struct tt_letters *l, const struct tt_letters *m)
{
	l->latin += m->latin;
	l->arabic += m->arabic;
	l->sorani += m->sorani;
	l->other += m->other;
}

uint64_t
tt_letters_total(const struct tt_letters *l)
{
	return l->latin + l->arabic + l->other;
}

enum tt_lang
tt_lang_decide(const struct tt_letters *l)
{
	if (tt_letters_total(l) == 0)
		return TT_LANG_NONE;
	if (l->arabic >= l->latin && l->arabic >= l->other) {
		/* Sorani letters are common in Sorani text (several per cent);
		 * one in a long Arabic paragraph is a borrowed name. */
		if (l->sorani > 0 && l->sorani * 50 >= l->arabic)
			return TT_LANG_CKB;
		return TT_LANG_AR;
	}
	if (l->latin >= l->other)
		return TT_LANG_EN;
	return TT_LANG_UND;
}

static const char *const lang_codes[TT_LANG_COUNT] = { "en", "ar", "ckb", "und" };
static const char *const lang_names[TT_LANG_COUNT] = {
	"English", "Arabic", "Central Kurdish", "Undetermined"
};

const char *
tt_lang_code(enum tt_lang lang)
{
	return lang >= 0 && lang < TT_LANG_COUNT ? lang_codes[lang] : "und";
}

const char *
tt_lang_name(enum tt_lang lang)
{
	return lang >= 0 && lang < TT_LANG_COUNT ? lang_names[lang] : "Undetermined";
}
