/* tt_classify.c - txt2tei: recognising forms in text from data tables (see tt_classify.h). */
#include "tt_classify.h"

#include <string.h>

#include "tt_lang.h"
#include "wathiqa.h"

/* ---- small UTF-8 helpers ------------------------------------------------ */

/* Decode the code point at s[i] (i < n); returns its length, 1 on a bad byte. */
static size_t
cp_at(const char *s, size_t n, size_t i, uint32_t *cp)
{
	const unsigned char *p = (const unsigned char *)s + i;
	size_t k;

	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	}
	k = wq_utf8_decode(p, n - i, cp);
	if (k == 0) {
		*cp = 0xFFFD;
		return 1;
	}
	return k;
}

/* The code point ending just before s[i] (i > 0); sets *len. */
static uint32_t
cp_before(const char *s, size_t i, size_t *len)
{
	size_t j = i;
	uint32_t cp;

	do
		j--;
	while (j > 0 && i - j < 4 && ((unsigned char)s[j] & 0xC0) == 0x80);
	if (cp_at(s, i, j, &cp) != i - j)
		cp = 0xFFFD;
	*len = i - j;
	return cp;
}

bool
tt_is_space_cp(uint32_t cp)
{
	switch (cp) {
	case ' ': case '\t': case 0x00A0: case 0x1680: case 0x202F: case 0x205F:
	case 0x3000: case 0x200E: case 0x200F: case 0xFEFF:
		return true;
	default:
		return cp >= 0x2000 && cp <= 0x200A;
	}
}

static bool
is_letter_cp(uint32_t cp)
{
	return tt_script_of(cp) != TT_SCRIPT_NONE;
}

/* Value of a decimal digit (ASCII, Arabic-Indic, Extended Arabic-Indic), or -1. */
static int
digit_value(uint32_t cp, int *family)
{
	if (cp >= '0' && cp <= '9') {
		*family = 0;
		return (int)(cp - '0');
	}
	if (cp >= 0x0660 && cp <= 0x0669) {
		*family = 1;
		return (int)(cp - 0x0660);
	}
	if (cp >= 0x06F0 && cp <= 0x06F9) {
		*family = 2;
		return (int)(cp - 0x06F0);
	}
	return -1;
}

/* Read 1..maxd digits of one family at s[i]; returns bytes used (0 if none). */
static size_t
read_number(const char *s, size_t n, size_t i, int maxd, long *val, int *ndig)
{
	size_t j = i, k;
	int fam0 = -1, fam, d, count = 0;
	uint32_t cp;
	long v = 0;

	while (j < n) {
		k = cp_at(s, n, j, &cp);
		d = digit_value(cp, &fam);
		if (d < 0 || (fam0 >= 0 && fam != fam0))
			break;
		fam0 = fam;
		if (++count > maxd)
			return 0;
		v = v * 10 + d;
		j += k;
	}
	if (count == 0)
		return 0;
	*val = v;
	if (ndig)
		*ndig = count;
	return j - i;
}

static bool
digit_at(const char *s, size_t n, size_t i)
{
	uint32_t cp;
	int fam;

	if (i >= n)
		return false;
	cp_at(s, n, i, &cp);
	return digit_value(cp, &fam) >= 0;
}

static bool
letter_or_digit_before(const char *s, size_t i)
{
	size_t len;
	uint32_t cp;
	int fam;

	if (i == 0)
		return false;
	cp = cp_before(s, i, &len);
	return is_letter_cp(cp) || digit_value(cp, &fam) >= 0;
}

static bool
letter_or_digit_at(const char *s, size_t n, size_t i)
{
	uint32_t cp;
	int fam;

	if (i >= n)
		return false;
	cp_at(s, n, i, &cp);
	/* Arabic combining marks (tanween, shadda ...) continue a word. */
	if ((cp >= 0x064B && cp <= 0x065F) || cp == 0x0670 || cp == 0x0640)
		return true;
	return is_letter_cp(cp) || digit_value(cp, &fam) >= 0;
}

/* Skip spaces (tt_is_space_cp) from i. */
static size_t
skip_spaces(const char *s, size_t n, size_t i)
{
	uint32_t cp;
	size_t k;

	while (i < n) {
		k = cp_at(s, n, i, &cp);
		if (!tt_is_space_cp(cp))
			break;
		i += k;
	}
	return i;
}

/* ---- list markers ------------------------------------------------------- */

struct ordinal {
	const char *word;
	long value;
};

/* English ordinal labels, matched without regard to ASCII case. */
static const struct ordinal ordinals_en[] = {
	{ "first", 1 }, { "second", 2 }, { "third", 3 }, { "fourth", 4 },
	{ "fifth", 5 }, { "sixth", 6 }, { "seventh", 7 }, { "eighth", 8 },
	{ "ninth", 9 }, { "tenth", 10 }, { "eleventh", 11 }, { "twelfth", 12 },
	{ "thirteenth", 13 }, { "fourteenth", 14 }, { "fifteenth", 15 },
	{ "sixteenth", 16 }, { "seventeenth", 17 }, { "eighteenth", 18 },
	{ "nineteenth", 19 }, { "twentieth", 20 },
	{ "firstly", 1 }, { "secondly", 2 }, { "thirdly", 3 }, { "fourthly", 4 },
	{ "fifthly", 5 }, { "sixthly", 6 }, { "seventhly", 7 }, { "eighthly", 8 },
	{ "ninthly", 9 }, { "tenthly", 10 },
};

/*
 * Arabic ordinal labels in a folded spelling: hamza forms of alef made
 * bare alef, tanween and tatweel removed (أولاً, اولا, أولًا all fold to اولا).
 */
static const struct ordinal ordinals_ar[] = {
	{ "اولا", 1 }, { "ثانيا", 2 }, { "ثالثا", 3 }, { "رابعا", 4 },
	{ "خامسا", 5 }, { "سادسا", 6 }, { "سابعا", 7 }, { "ثامنا", 8 },
	{ "تاسعا", 9 }, { "عاشرا", 10 },
};

/* Fold an Arabic word at s[i..) into out; returns the bytes of s consumed. */
static size_t
fold_arabic_word(const char *s, size_t n, size_t i, char *out, size_t outsz, size_t *outlen)
{
	size_t j = i, k, o = 0;
	uint32_t cp;
	unsigned char enc[4];

	while (j < n) {
		k = cp_at(s, n, j, &cp);
		if (cp == 0x064B || cp == 0x064C || cp == 0x064D || cp == 0x064E ||
		    cp == 0x0640) {
			j += k;
			continue;
		}
		if (tt_script_of(cp) != TT_SCRIPT_ARABIC && tt_script_of(cp) != TT_SCRIPT_SORANI)
			break;
		if (cp == 0x0623 || cp == 0x0625 || cp == 0x0622 || cp == 0x0671)
			cp = 0x0627;
		{
			size_t m = wq_utf8_encode(cp, enc);
			if (o + m >= outsz)
				return 0;
			memcpy(out + o, enc, m);
			o += m;
		}
		j += k;
	}
	out[o] = '\0';
	*outlen = o;
	return j - i;
}

/* ASCII-case-insensitive comparison of a word at s[i..) with w; returns its length or 0. */
static size_t
match_word_ci(const char *s, size_t n, size_t i, const char *w)
{
	size_t k = 0;

	while (w[k] != '\0') {
		if (i + k >= n)
			return 0;
		if ((((unsigned char)s[i + k]) | 0x20) != (unsigned char)w[k])
			return 0;
		k++;
	}
	if (letter_or_digit_at(s, n, i + k))
		return 0;
	return k;
}

bool
tt_mark_is_ordered(enum tt_mark_kind k)
{
	return k >= TT_MARK_NUM_DASH && k <= TT_MARK_ORD_AR;
}

static bool
mark_numeric(const char *s, size_t n, size_t i, struct tt_mark *m)
{
	size_t j = i, k;
	long v;
	uint32_t cp, next;
	bool paren = false;

	if (s[j] == '(') {
		paren = true;
		j++;
	}
	k = read_number(s, n, j, 3, &v, NULL);
	if (k == 0)
		return false;
	m->n_off = j;
	m->n_len = k;
	m->value = v;
	j += k;
	if (j >= n)
		return false;
	if (paren) {
		if (s[j] != ')')
			return false;
		m->kind = TT_MARK_NUM_PARENS;
		j++;
	} else if (s[j] == ')') {
		m->kind = TT_MARK_NUM_PAREN;
		j++;
	} else if (s[j] == '.') {
		m->kind = TT_MARK_NUM_DOT;
		j++;
	} else if (s[j] == '-') {
		m->kind = TT_MARK_NUM_DASH;
		j++;
	} else {
		return false;
	}
	/* Something must follow, and not a digit (1.5, 10-20 are numbers). */
	if (j >= n || digit_at(s, n, j))
		return false;
	cp_at(s, n, j, &next);
	cp = next;
	if (m->kind == TT_MARK_NUM_DASH) {
		/* "1-Ending" or "1- text", but not "3-year". */
		if (cp >= 'a' && cp <= 'z')
			return false;
		if (cp < 0x80 && !tt_is_space_cp(cp) && !(cp >= 'A' && cp <= 'Z') &&
		    cp != '"' && cp != '(')
			return false;
	} else if (cp < 0x80 && !tt_is_space_cp(cp) && !((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z') &&
	           cp != '"' && cp != '(') {
		return false;
	}
	m->len = j - i;
	return true;
}

static bool
mark_ordinal(const char *s, size_t n, size_t i, struct tt_mark *m)
{
	size_t t, k, j, flen;
	char fold[64];
	uint32_t cp;

	cp_at(s, n, i, &cp);
	if (cp < 0x80) {
		for (t = 0; t < sizeof ordinals_en / sizeof ordinals_en[0]; t++) {
			/* first letter first: most lines start with none of these words */
			if (((unsigned char)s[i] | 0x20) != (unsigned char)ordinals_en[t].word[0])
				continue;
			k = match_word_ci(s, n, i, ordinals_en[t].word);
			if (k == 0)
				continue;
			j = skip_spaces(s, n, i + k);
			if (j < n && s[j] == ':') {
				m->kind = TT_MARK_ORD_EN;
				m->value = ordinals_en[t].value;
				m->n_off = i;
				m->n_len = k;
				m->len = j + 1 - i;
				return true;
			}
			return false;
		}
		return false;
	}
	if (tt_script_of(cp) != TT_SCRIPT_ARABIC)
		return false;
	/*
	 * The longest ordinal folds to 10 bytes: a word that does not fold
	 * into 16 is none of them, so longer words are not folded to the end.
	 */
	k = fold_arabic_word(s, n, i, fold, 16, &flen);
	if (k == 0)
		return false;
	for (t = 0; t < sizeof ordinals_ar / sizeof ordinals_ar[0]; t++) {
		if (strcmp(fold, ordinals_ar[t].word) != 0)
			continue;
		j = skip_spaces(s, n, i + k);
		if (j < n && (s[j] == ':' || s[j] == '-')) {
			m->kind = TT_MARK_ORD_AR;
			m->value = ordinals_ar[t].value;
			m->n_off = i;
			m->n_len = k;
			m->len = j + 1 - i;
			return true;
		}
		return false;
	}
	return false;
}

/* Bullets: the character, then white space (• may be followed directly by text). */
static const struct {
	const char *bullet;
	enum tt_mark_kind kind;
	bool needs_space;
} bullets[] = {
	{ "-", TT_MARK_BULLET_DASH, true },
	{ "\xe2\x80\x93", TT_MARK_BULLET_DASH, true }, /* – */
	{ "*", TT_MARK_BULLET_STAR, true },
	{ "\xe2\x80\xa2", TT_MARK_BULLET_DOT, false }, /* • */
	{ "\xc2\xb7", TT_MARK_BULLET_DOT, true },      /* · */
	{ "\xe2\x97\x8f", TT_MARK_BULLET_DOT, false }, /* ● */
	{ "\xe2\x96\xaa", TT_MARK_BULLET_DOT, false }, /* ▪ */
};

static bool
mark_bullet(const char *s, size_t n, size_t i, struct tt_mark *m)
{
	size_t t, bl, j;
	uint32_t cp;

	for (t = 0; t < sizeof bullets / sizeof bullets[0]; t++) {
		if (s[i] != bullets[t].bullet[0])
			continue; /* the cheap test first (i < n here) */
		bl = strlen(bullets[t].bullet);
		if (n - i < bl || memcmp(s + i, bullets[t].bullet, bl) != 0)
			continue;
		j = i + bl;
		if (j >= n)
			return false;
		cp_at(s, n, j, &cp);
		if (bullets[t].needs_space && !tt_is_space_cp(cp))
			return false;
		if (skip_spaces(s, n, j) >= n)
			return false;
		m->kind = bullets[t].kind;
		m->value = 0;
		m->n_off = i;
		m->n_len = 0;
		m->len = bl;
		return true;
	}
	return false;
}

bool
tt_list_mark(const char *s, size_t n, struct tt_mark *m)
{
	size_t i = skip_spaces(s, n, 0);

	memset(m, 0, sizeof *m);
	if (i >= n)
		return false;
	m->lead = i;
	if (mark_numeric(s, n, i, m) || mark_ordinal(s, n, i, m) || mark_bullet(s, n, i, m)) {
		m->lead = i;
		return true;
	}
	memset(m, 0, sizeof *m);
	return false;
}

/* ---- dates -------------------------------------------------------------- */

#define SWAR_ONES UINT64_C(0x0101010101010101)
#define SWAR_HIGH UINT64_C(0x8080808080808080)
/* Eight bytes, p[0] in the low byte whatever the byte order (one load on x86). */
static inline uint64_t
load_le64(const unsigned char *p)
{
	return (uint64_t)p[0] | (uint64_t)p[1] << 8 | (uint64_t)p[2] << 16 |
	       (uint64_t)p[3] << 24 | (uint64_t)p[4] << 32 | (uint64_t)p[5] << 40 |
	       (uint64_t)p[6] << 48 | (uint64_t)p[7] << 56;
}
/* High bit of each byte b of w (every byte below 0x80) with lo <= b < hi. */
static inline uint64_t
swar_in7(uint64_t w, unsigned lo, unsigned hi)
{
	return (w + SWAR_ONES * (0x80 - lo)) & ~(w + SWAR_ONES * (0x80 - hi)) & SWAR_HIGH;
}

struct month_name {
	const char *name;
	size_t len;
	int month;
	bool latin; /* matched without regard to ASCII case */
};
#define M(name, month, latin) { name, sizeof name - 1, month, latin }

static const struct month_name months[] = {
	M("january", 1, true), M("february", 2, true), M("march", 3, true),
	M("april", 4, true), M("may", 5, true), M("june", 6, true),
	M("july", 7, true), M("august", 8, true), M("september", 9, true),
	M("october", 10, true), M("november", 11, true), M("december", 12, true),
	M("jan", 1, true), M("feb", 2, true), M("mar", 3, true), M("apr", 4, true),
	M("jun", 6, true), M("jul", 7, true), M("aug", 8, true), M("sept", 9, true),
	M("sep", 9, true), M("oct", 10, true), M("nov", 11, true), M("dec", 12, true),
	/* Iraqi and Levantine (Syriac) month names */
	M("كانون الثاني", 1, false), M("شباط", 2, false), M("آذار", 3, false),
	M("اذار", 3, false), M("نيسان", 4, false), M("أيار", 5, false),
	M("ايار", 5, false), M("حزيران", 6, false), M("تموز", 7, false),
	M("آب", 8, false), M("اب", 8, false), M("أيلول", 9, false),
	M("ايلول", 9, false), M("تشرين الأول", 10, false), M("تشرين الاول", 10, false),
	M("تشرين الثاني", 11, false), M("كانون الأول", 12, false),
	M("كانون الاول", 12, false),
	/* Egyptian (and Gulf) month names */
	M("يناير", 1, false), M("فبراير", 2, false), M("مارس", 3, false),
	M("أبريل", 4, false), M("ابريل", 4, false), M("إبريل", 4, false),
	M("مايو", 5, false), M("يونيو", 6, false), M("يونيه", 6, false),
	M("يوليو", 7, false), M("يوليه", 7, false), M("أغسطس", 8, false),
	M("اغسطس", 8, false), M("سبتمبر", 9, false), M("أكتوبر", 10, false),
	M("اكتوبر", 10, false), M("نوفمبر", 11, false), M("ديسمبر", 12, false),
};

/* Match a month name at s[i]; returns its length (0 if none) and the month. */
static size_t
match_month(const char *s, size_t n, size_t i, int *month)
{
	size_t t, k, best = 0;

	for (t = 0; t < sizeof months / sizeof months[0]; t++) {
		if (((unsigned char)s[i] | (months[t].latin ? 0x20 : 0)) !=
		    (unsigned char)months[t].name[0])
			continue;
		if (months[t].latin) {
			k = match_word_ci(s, n, i, months[t].name);
			/* "Jan." */
			if (k > 0 && k <= 4 && i + k < n && s[i + k] == '.')
				k++;
		} else {
			k = months[t].len;
			if (n - i < k || memcmp(s + i, months[t].name, k) != 0 ||
			    letter_or_digit_at(s, n, i + k))
				k = 0;
		}
		if (k > best) {
			best = k;
			*month = months[t].month;
		}
	}
	return best;
}

int
tt_days_in_month(int year, int month)
{
	static const int mdays[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (month < 1 || month > 12)
		return 0;
	if (month == 2 && ((year % 4 == 0 && year % 100 != 0) || year % 400 == 0))
		return 29;
	return mdays[month - 1];
}

static bool
date_ok(int y, int m, int d)
{
	return y >= 1000 && y <= 2999 && d >= 1 && d <= tt_days_in_month(y, m);
}

/* Separators between the parts of a written date: spaces, optional comma. */
static size_t
skip_date_sep(const char *s, size_t n, size_t i, bool comma_ok)
{
	size_t j = skip_spaces(s, n, i);

	if (comma_ok && j < n) {
		if (s[j] == ',')
			j = skip_spaces(s, n, j + 1);
		else if (n - j >= 2 && memcmp(s + j, "\xd8\x8c", 2) == 0) /* ، */
			j = skip_spaces(s, n, j + 2);
	}
	return j;
}

static bool
date_at(const char *s, size_t n, size_t i, struct tt_date *d)
{
	size_t j, k;
	long a, b, c;
	int nd, month;

	if (letter_or_digit_before(s, i))
		return false;
	k = read_number(s, n, i, 4, &a, &nd);
	if (k > 0) {
		j = i + k;
		/* ISO: YYYY-MM-DD */
		if (nd == 4 && j < n && s[j] == '-') {
			size_t k2 = read_number(s, n, j + 1, 2, &b, &nd);
			if (k2 > 0 && nd == 2 && j + 1 + k2 < n && s[j + 1 + k2] == '-') {
				size_t j3 = j + 2 + k2;
				size_t k3 = read_number(s, n, j3, 2, &c, &nd);
				if (k3 > 0 && nd == 2 && !letter_or_digit_at(s, n, j3 + k3) &&
				    date_ok((int)a, (int)b, (int)c)) {
					d->start = i;
					d->end = j3 + k3;
					d->year = (int)a;
					d->month = (int)b;
					d->day = (int)c;
					return true;
				}
			}
			return false;
		}
		/* D Month YYYY */
		if (nd > 2)
			return false;
		j = skip_spaces(s, n, j);
		if (j == i + k)
			return false;
		k = match_month(s, n, j, &month);
		if (k == 0)
			return false;
		j = skip_date_sep(s, n, j + k, true);
		k = read_number(s, n, j, 4, &c, &nd);
		if (k == 0 || nd != 4 || letter_or_digit_at(s, n, j + k) ||
		    !date_ok((int)c, month, (int)a))
			return false;
		d->start = i;
		d->end = j + k;
		d->year = (int)c;
		d->month = month;
		d->day = (int)a;
		return true;
	}
	/* Month D, YYYY */
	k = match_month(s, n, i, &month);
	if (k == 0)
		return false;
	j = skip_spaces(s, n, i + k);
	if (j == i + k)
		return false;
	k = read_number(s, n, j, 2, &a, &nd);
	if (k == 0)
		return false;
	j += k;
	if (n - j >= 2 && (memcmp(s + j, "st", 2) == 0 || memcmp(s + j, "nd", 2) == 0 ||
	                   memcmp(s + j, "rd", 2) == 0 || memcmp(s + j, "th", 2) == 0))
		j += 2;
	j = skip_date_sep(s, n, j, true);
	k = read_number(s, n, j, 4, &c, &nd);
	if (k == 0 || nd != 4 || letter_or_digit_at(s, n, j + k) ||
	    !date_ok((int)c, month, (int)a))
		return false;
	d->start = i;
	d->end = j + k;
	d->year = (int)c;
	d->month = month;
	d->day = (int)a;
	return true;
}

/* Does a month name end at s[j] (exclusive)? Returns where it starts, or (size_t)-1. */
static size_t
month_ending_at(const char *s, size_t j, int *month)
{
	size_t t, st, k, dot;

	for (t = 0; t < sizeof months / sizeof months[0]; t++) {
		for (dot = 0; dot <= (months[t].latin && months[t].len <= 4 ? 1u : 0u); dot++) {
			k = months[t].len + dot;
			if (j < k)
				continue;
			st = j - k;
			if (dot && s[j - 1] != '.')
				continue;
			if (months[t].latin) {
				size_t c;
				for (c = 0; c < months[t].len; c++)
					if ((((unsigned char)s[st + c]) | 0x20) != (unsigned char)months[t].name[c])
						break;
				if (c != months[t].len)
					continue;
			} else if (memcmp(s + st, months[t].name, months[t].len) != 0) {
				continue;
			}
			if (letter_or_digit_before(s, st))
				continue;
			*month = months[t].month;
			return st;
		}
	}
	return (size_t)-1;
}

/* Length of the digit starting at s[i] (ASCII or Arabic-Indic), or 0. */
static size_t
digit_len(const unsigned char *p, size_t n, size_t i)
{
	if (p[i] >= '0' && p[i] <= '9')
		return 1;
	if (i + 1 < n && ((p[i] == 0xD9 && p[i + 1] >= 0xA0 && p[i + 1] <= 0xA9) ||
	                  (p[i] == 0xDB && p[i + 1] >= 0xB0 && p[i + 1] <= 0xB9)))
		return 2;
	return 0;
}

bool
tt_find_date(const char *s, size_t n, size_t from, struct tt_date *d)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = from, k, j, st;
	int month;

	/* Every date form holds a number: look only where digit runs start. */
	while (i < n) {
		unsigned char c;
		/*
		 * Skip eight bytes at a time while none starts a digit: an ASCII
		 * digit, D9 A0..A9 or DB B0..B9 (Arabic-Indic digits); a D9 or DB
		 * in the last byte stops the skip too (its pair is not in w).
		 */
		while (n - i >= 8) {
			uint64_t w, lo, hi, dig, d9, db, a0, b0;
			w = load_le64(p + i);
			lo = w & ~SWAR_HIGH;
			hi = w & SWAR_HIGH;
			dig = swar_in7(lo, '0', '9' + 1) & ~hi;
			a0 = swar_in7(lo, 0x20, 0x2A) & hi; /* bytes A0..A9 */
			b0 = swar_in7(lo, 0x30, 0x3A) & hi; /* bytes B0..B9 */
			d9 = swar_in7(lo, 0x59, 0x5A) & hi; /* bytes D9 */
			db = swar_in7(lo, 0x5B, 0x5C) & hi; /* bytes DB */
			if ((dig | (d9 & (a0 >> 8)) | (db & (b0 >> 8)) |
			     ((d9 | db) & (SWAR_HIGH << 56))) != 0)
				break;
			i += 8;
		}
		if (i >= n)
			break;
		c = p[i];
		if ((unsigned)(c - '0') >= 10u &&
		    !(c == 0xD9 && i + 1 < n && (unsigned)(p[i + 1] - 0xA0) < 10u) &&
		    !(c == 0xDB && i + 1 < n && (unsigned)(p[i + 1] - 0xB0) < 10u)) {
			i++;
			continue;
		}
		k = digit_len(p, n, i);
		if (!(i > 0 && digit_at(s, n, i - (((p[i - 1] & 0xC0) == 0x80) ? 2 : 1)))) {
			if (date_at(s, n, i, d))
				return true;
			/* Month D, YYYY: a month name just before the number */
			j = i;
			while (j > from) {
				size_t len;
				uint32_t cp = cp_before(s, j, &len);
				if (!tt_is_space_cp(cp))
					break;
				j -= len;
			}
			if (j < i && j > from) {
				st = month_ending_at(s, j, &month);
				if (st != (size_t)-1 && st >= from && date_at(s, n, st, d))
					return true;
			}
		}
		i += k;
	}
	return false;
}

/* ---- line shapes -------------------------------------------------------- */

/* Characters that close a sentence or a clause (a heading never ends with one). */
static const uint32_t closing_punct[] = {
	'.', '!', '?', ':', ';', ',', 0x2026, 0x06D4, 0x060C, 0x061B, 0x061F,
};

bool
tt_ends_with_closing_punct(const char *s, size_t n)
{
	size_t len, t;
	uint32_t cp;

	while (n > 0) {
		cp = cp_before(s, n, &len);
		if (tt_is_space_cp(cp)) {
			n -= len;
			continue;
		}
		for (t = 0; t < sizeof closing_punct / sizeof closing_punct[0]; t++)
			if (cp == closing_punct[t])
				return true;
		return false;
	}
	return false;
}

size_t
tt_count_cp(const char *s, size_t n)
{
	size_t i, c = 0;

	for (i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			c++;
	return c;
}

size_t
tt_count_words(const char *s, size_t n)
{
	size_t i = 0, k, w = 0;
	bool in = false;
	uint32_t cp;

	while (i < n) {
		k = cp_at(s, n, i, &cp);
		if (tt_is_space_cp(cp) || cp == '\n') {
			in = false;
		} else if (!in) {
			in = true;
			w++;
		}
		i += k;
	}
	return w;
}

bool
tt_has_letter(const char *s, size_t n)
{
	size_t i = 0;
	uint32_t cp;

	while (i < n) {
		i += cp_at(s, n, i, &cp);
		if (is_letter_cp(cp))
			return true;
	}
	return false;
}

/* Interface labels that scraping leaves behind. */
static const char *const ui_labels[] = {
	"Loading", "Loading...", "Loading\xe2\x80\xa6", "Read more", "Read More",
	"Share", "Print", "Tweet", "Subscribe", "Skip to content", "Menu",
	"Search", "Back to top", "Load more",
	"جار التحميل", "جاري التحميل", "تحميل", "اقرأ المزيد", "إقرأ المزيد",
	"مشاركة", "طباعة", "القائمة", "بحث",
};

const char *
tt_ui_label(const char *s, size_t n)
{
	size_t t, len;

	if (n == 0 || n > 32) /* no label is longer */
		return NULL;
	for (t = 0; t < sizeof ui_labels / sizeof ui_labels[0]; t++) {
		len = strlen(ui_labels[t]);
		if (len == n && memcmp(s, ui_labels[t], n) == 0)
			return ui_labels[t];
	}
	return NULL;
}
