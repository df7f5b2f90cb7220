/* tt_conv.c - txt2tei: the two passes of the pipeline (see tt_conv.h). */
#include "tt_conv.h"

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "tt_classify.h"
#include "tt_lang.h"
#include "tt_tei.h"
#include "tt_text.h"
#include "wathiqa.h"

/* ---- limits and shapes -------------------------------------------------- */

#define NB_KEEP 5            /* first non-blank lines kept for title, category, repeats */
#define NB_TEXT_MAX 1216     /* bytes kept of each of them */
#define TITLE_MAX_CP 300     /* a longer first line is not a title */
#define RING 7               /* last non-blank lines kept for the closing block */
#define RING_TEXT_MAX 336    /* bytes: 80 code points of up to 4 bytes, and some */
#define CLOSER_LINE_CP 80
#define CLOSER_MAX_LINES 6
#define CLOSER_DATE_WORDS 10
#define HEAD_MAX_CP 100
#define HEAD_MAX_WORDS 12
#define CAT_MAX_CP 100
#define BLOCK_MAX (64 * 1024) /* a longer block is streamed */
#define BLOCK_LINES 64
#define DUP_MIN_BYTES 40      /* shorter lines may repeat without a warning */
#define DUP_MAX_ENTRIES (1u << 16)

static const char normalization_text[] =
    "Text in Unicode NFC; line ends normalised to LF; a byte order mark removed; "
    "no other change.";

/* ---- pass 1: facts about the whole input --------------------------------- */

struct facts;
struct scan;
struct emit;

/* See tt_conv_new: working memory kept from one input to the next. */
struct tt_conv {
	struct tt_reader *reader;
	struct wq_digest *sha;
	struct facts *facts;
	struct scan *scan;
	struct emit *emit;
};

static void emit_reset(struct emit *e);

struct nbline {
	char text[NB_TEXT_MAX];
	size_t len;          /* bytes kept */
	bool over;           /* the line was longer than what was kept */
	size_t cp;           /* code points of the whole line */
	unsigned long line;
	enum tt_lang lang;
	uint64_t letters;
};

struct ringline {
	char text[RING_TEXT_MAX];
	size_t len;
	bool is_short;       /* fits, and at most CLOSER_LINE_CP code points */
	bool gap_before;     /* a blank line comes before it */
	unsigned long line;
	unsigned long prev_line; /* the previous non-blank line (0: none) */
};

struct facts {
	char sha256[WQ_DIGEST_HEX_MAX + 1];
	uint64_t size;
	uint64_t words;
	uint64_t lang_letters[TT_LANG_COUNT];
	unsigned long nonblank;
	struct nbline nb[NB_KEEP];
	bool gap_after[NB_KEEP];
	bool gap_late;
	struct ringline ring[RING];
	unsigned long nring;   /* lines pushed in all */
	/* conclusions */
	unsigned long title_line; /* 0: no title line */
	char title[NB_TEXT_MAX + 4];
	enum tt_lang title_lang;
	int category;          /* index into nb, or -1 */
	bool repeat[NB_KEEP];
	unsigned long skip[NB_KEEP]; /* lines moved to the header */
	int nskip;
	unsigned long zone_end;  /* last line of the title zone */
	bool blank_mode;         /* blocks are separated by blank lines */
	unsigned long closer_first; /* 0: no closing block */
	char author[RING_TEXT_MAX];
	enum tt_lang author_lang;
	enum tt_lang main_lang;
};

struct scan {
	struct facts *f;
	struct wq_digest *sha;
	FILE *spool;
	/* the current line */
	struct tt_letters letters;
	bool blank;
	bool multi;          /* came in several pieces */
	size_t cp;
	char keep[NB_TEXT_MAX];
	size_t keeplen;
	bool keepover;
	bool in_word;
	bool blank_pending;
	unsigned long prev_nonblank;
};

static int
scan_raw(void *ctx, const void *p, size_t n)
{
	struct scan *s = ctx;

	s->f->size += n;
	if (wq_digest_update(s->sha, p, n) != 0)
		return -1;
	if (s->spool != NULL && fwrite(p, 1, n, s->spool) != n)
		return -1;
	return 0;
}

/* Classes of ASCII bytes for the hot loops. */
enum { AC_OTHER, AC_SPACE, AC_CTRL, AC_LETTER, AC_DIGIT };
static const unsigned char ascii_class[128] = {
	AC_CTRL, AC_CTRL, AC_CTRL, AC_CTRL, AC_CTRL, AC_CTRL, AC_CTRL, AC_CTRL,
	AC_CTRL, AC_SPACE, AC_CTRL, AC_CTRL, AC_CTRL, AC_CTRL, AC_CTRL, AC_CTRL,
	AC_CTRL, AC_CTRL, AC_CTRL, AC_CTRL, AC_CTRL, AC_CTRL, AC_CTRL, AC_CTRL,
	AC_CTRL, AC_CTRL, AC_CTRL, AC_CTRL, AC_CTRL, AC_CTRL, AC_CTRL, AC_CTRL,
	AC_SPACE, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	AC_DIGIT, AC_DIGIT, AC_DIGIT, AC_DIGIT, AC_DIGIT, AC_DIGIT, AC_DIGIT, AC_DIGIT,
	AC_DIGIT, AC_DIGIT, 0, 0, 0, 0, 0, 0,
	0, AC_LETTER, AC_LETTER, AC_LETTER, AC_LETTER, AC_LETTER, AC_LETTER, AC_LETTER,
	AC_LETTER, AC_LETTER, AC_LETTER, AC_LETTER, AC_LETTER, AC_LETTER, AC_LETTER, AC_LETTER,
	AC_LETTER, AC_LETTER, AC_LETTER, AC_LETTER, AC_LETTER, AC_LETTER, AC_LETTER, AC_LETTER,
	AC_LETTER, AC_LETTER, AC_LETTER, 0, 0, 0, 0, 0,
	0, AC_LETTER, AC_LETTER, AC_LETTER, AC_LETTER, AC_LETTER, AC_LETTER, AC_LETTER,
	AC_LETTER, AC_LETTER, AC_LETTER, AC_LETTER, AC_LETTER, AC_LETTER, AC_LETTER, AC_LETTER,
	AC_LETTER, AC_LETTER, AC_LETTER, AC_LETTER, AC_LETTER, AC_LETTER, AC_LETTER, AC_LETTER,
	AC_LETTER, AC_LETTER, AC_LETTER, 0, 0, 0, 0, AC_CTRL,
};

/*
 * The Arabic block U+0600..U+06FF (two-byte sequences with lead byte
 * D8..DB), indexed by code point - 0x600: the class of each, made from
 * tt_script_of() and the ranges below, so the hot loops need no decoding
 * for Arabic text.
 */
enum {
	AB_NONE = 0,      /* punctuation, signs */
	AB_LETTER = 1,    /* Arabic letter */
	AB_SORANI = 2,    /* letter Sorani writes and Arabic does not */
	AB_DIGIT = 3,     /* U+0660..0669, U+06F0..06F9 */
	AB_TATWEEL = 4,   /* U+0640: continues a word, not a letter */
	AB_MARK_CONT = 5, /* U+064B..065F, U+0670: combining, continue a word */
	AB_MARK = 6       /* U+06D6..06ED: combining */
};
static const unsigned char arabic_block[256] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	4, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 5, 5, 5, 5, 5,
	5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5,
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 0, 0, 0, 0, 1, 1,
	5, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 2, 1, 1, 1, 2, 1, 1, 1, 2, 1,
	1, 1, 1, 1, 0, 2, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6,
	6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 1, 1,
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 1, 1, 1, 0, 0, 1,
};

/*
 * Canonical combining classes of the harakat U+064B..U+065F, indexed by
 * code point - 0x64B; 0 for the three that may compose with what precedes
 * them (U+0653..U+0655). Lets the Arabic runs below do the NFC quick check
 * of tt_nfc_step() without a utf8proc lookup per mark (same answers).
 */
static const unsigned char harakat_ccc[0x65F - 0x64B + 1] = {
	27, 28, 29, 30, 31, 32, 33, 34, 0, 0, 0, 220,
	230, 230, 230, 230, 230, 220, 230, 230, 220,
};

/*
 * Letters counted per class of arabic_block, both counts in one addition:
 * Arabic letters in bits 0..20, Sorani ones from bit 21 (a run is far
 * shorter than 2^21 characters: pieces are at most TT_PIECE_MAX bytes).
 */
static const uint64_t ab_count[8] = {
	[AB_LETTER] = 1,
	[AB_SORANI] = 1 | UINT64_C(1) << 21,
};

/* The class of the two bytes at u (u[0] in D8..DB), or -1 if they are not a sequence. */
static inline int
arabic_class(const unsigned char *u, size_t avail)
{
	if (avail < 2 || (u[1] & 0xC0) != 0x80)
		return -1;
	return arabic_block[((unsigned)(u[0] - 0xD8) << 6) | (u[1] & 0x3Fu)];
}

/*
 * Eight ASCII bytes at a time (w has no byte >= 0x80): per-byte flags in
 * the high bit of each byte. No byte can carry into the next: every byte
 * is below 0x80 and the addends keep the sum below 0x100.
 */
#define SWAR_ONES UINT64_C(0x0101010101010101)
#define SWAR_HIGH UINT64_C(0x8080808080808080)
/* bytes b with lo <= b < hi */
static inline uint64_t
swar_in(uint64_t w, unsigned lo, unsigned hi)
{
	return (w + SWAR_ONES * (0x80 - lo)) & ~(w + SWAR_ONES * (0x80 - hi)) & SWAR_HIGH;
}
static inline uint64_t
swar_letters(uint64_t w)
{
	return swar_in(w | SWAR_ONES * 0x20, 'a', 'z' + 1);
}
static inline uint64_t
swar_eq(uint64_t w, unsigned c)
{
	return swar_in(w, c, c + 1);
}
/* The number of flags in a word of per-byte high-bit flags. */
static inline unsigned
count_flags(uint64_t x)
{
	return (unsigned)(((x >> 7) * SWAR_ONES) >> 56);
}

/*
 * Count words and letters of one piece and check it: returns the offset of
 * the first byte that is not XML-safe UTF-8, or (size_t)-1.
 * (Locals, not the struct's fields, in the loop: the byte pointer could
 * alias them and the compiler would reload them at every byte.)
 */
static size_t
scan_piece_text(struct scan *s, const char *p, size_t n)
{
	const unsigned char *u = (const unsigned char *)p;
	size_t i = 0, k, cps = 0;
	uint32_t cp;
	uint64_t words = 0, latin = 0, arabic = 0, sorani = 0, other = 0;
	bool in_word = s->in_word, blank = s->blank;
	size_t bad = (size_t)-1;

	while (i < n) {
		if (i + 8 <= n) {
			uint64_t w, sp, ns, starts;
			memcpy(&w, u + i, 8);
			if ((w & SWAR_HIGH) == 0 &&
			    (swar_in(w, 0, 0x20) & ~swar_eq(w, '\t')) == 0) {
				/* eight ASCII bytes, no control character */
				sp = swar_eq(w, ' ') | swar_eq(w, '\t');
				ns = ~sp & SWAR_HIGH;
				starts = ns & ((sp << 8) | (in_word ? 0 : 0x80));
				words += count_flags(starts);
				latin += count_flags(swar_letters(w));
				if (ns)
					blank = false;
				in_word = (ns >> 63) & 1;
				cps += 8;
				i += 8;
				continue;
			}
		}
		if (u[i] < 0x80) {
			unsigned c = ascii_class[u[i]];
			cps++;
			i++;
			if (c == AC_SPACE) {
				in_word = false;
				continue;
			}
			if (c == AC_CTRL) {
				bad = i - 1;
				break;
			}
			blank = false;
			words += !in_word;
			in_word = true;
			latin += c == AC_LETTER;
			continue;
		}
		if (u[i] >= 0xD8 && u[i] <= 0xDB) {
			int ac = arabic_class(u + i, n - i);
			if (ac >= 0) {
				/* an Arabic-block character: never a space, always XML */
				i += 2;
				cps++;
				blank = false;
				words += !in_word;
				in_word = true;
				arabic += ac == AB_LETTER || ac == AB_SORANI;
				sorani += ac == AB_SORANI;
				/*
				 * The rest of the run of Arabic-block characters in a
				 * tight loop: none of them is a space, so only counting.
				 */
				size_t run = i;
				uint64_t acc = 0;
				while (i + 2 <= n) {
					unsigned v = u[i] | (unsigned)u[i + 1] << 8;
					if ((v & 0xC0FCu) != 0x80D8u)
						break; /* not D8..DB then a continuation byte */
					acc += ab_count[arabic_block[(v & 3u) << 6 | (v >> 8 & 0x3Fu)]];
					i += 2;
				}
				cps += (i - run) / 2;
				arabic += acc & 0x1FFFFFu;
				sorani += acc >> 21 & 0x1FFFFFu;
				continue;
			}
		}
		k = tt_decode(u + i, n - i, &cp);
		if (k == 0 || (k >= 3 && !wq_xml_char_ok(cp))) {
			bad = i;
			break;
		}
		i += k;
		cps++;
		if (!(cp >= 0x0600 && cp < 0x1680) && tt_is_space_cp(cp)) {
			in_word = false;
			continue;
		}
		blank = false;
		words += !in_word;
		in_word = true;
		switch (tt_script_fast(cp)) {
		case TT_SCRIPT_LATIN: latin++; break;
		case TT_SCRIPT_SORANI: sorani++; arabic++; break;
		case TT_SCRIPT_ARABIC: arabic++; break;
		case TT_SCRIPT_OTHER: other++; break;
		case TT_SCRIPT_NONE: break;
		}
	}
	s->cp += cps;
	s->f->words += words;
	s->letters.latin += latin;
	s->letters.arabic += arabic;
	s->letters.sorani += sorani;
	s->letters.other += other;
	s->in_word = in_word;
	s->blank = blank;
	return bad;
}

static void
scan_line_end(struct scan *s, unsigned long line)
{
	struct facts *f = s->f;
	unsigned long idx;
	enum tt_lang lang;
	struct ringline *r;

	s->in_word = false;
	if (s->blank && !s->multi) {
		if (f->nonblank > 0)
			s->blank_pending = true;
		goto reset;
	}
	idx = f->nonblank;
	if (s->blank_pending && idx > 0) {
		if (idx - 1 < NB_KEEP)
			f->gap_after[idx - 1] = true;
		else
			f->gap_late = true;
	}
	lang = tt_lang_decide(&s->letters);
	if (lang != TT_LANG_NONE)
		f->lang_letters[lang] += tt_letters_total(&s->letters);
	if (idx < NB_KEEP) {
		struct nbline *nb = &f->nb[idx];
		memcpy(nb->text, s->keep, s->keeplen);
		nb->len = s->keeplen;
		nb->text[nb->len] = '\0';
		nb->over = s->keepover;
		nb->cp = s->cp;
		nb->line = line;
		nb->lang = lang;
		nb->letters = tt_letters_total(&s->letters);
	}
	r = &f->ring[f->nring % RING];
	r->line = line;
	r->prev_line = s->prev_nonblank;
	r->gap_before = s->blank_pending;
	r->is_short = !s->keepover && s->cp <= CLOSER_LINE_CP && s->keeplen < RING_TEXT_MAX;
	r->len = r->is_short ? s->keeplen : 0;
	memcpy(r->text, s->keep, r->len);
	r->text[r->len] = '\0';
	f->nring++;
	f->nonblank++;
	s->blank_pending = false;
	s->prev_nonblank = line;
reset:
	memset(&s->letters, 0, sizeof s->letters);
	s->blank = true;
	s->multi = false;
	s->cp = 0;
	s->keeplen = 0;
	s->keepover = false;
}

static void
trim(const char **p, size_t *n)
{
	const char *s = *p;
	size_t len = *n;

	while (len > 0) {
		uint32_t cp;
		size_t k = ((unsigned char)s[0] < 0x80) ? 1 : wq_utf8_decode((const unsigned char *)s, len, &cp);
		if ((unsigned char)s[0] < 0x80)
			cp = (unsigned char)s[0];
		if (k == 0 || !tt_is_space_cp(cp))
			break;
		s += k;
		len -= k;
	}
	while (len > 0) {
		size_t j = len - 1;
		uint32_t cp;
		while (j > 0 && ((unsigned char)s[j] & 0xC0) == 0x80)
			j--;
		if (wq_utf8_decode((const unsigned char *)s + j, len - j, &cp) == 0 ||
		    !tt_is_space_cp(cp))
			break;
		len = j;
	}
	*p = s;
	*n = len;
}

static bool
same_trimmed(const char *a, size_t an, const char *b, size_t bn)
{
	trim(&a, &an);
	trim(&b, &bn);
	return an == bn && memcmp(a, b, an) == 0;
}

/* The shape of a heading: short, one line, a letter, no closing punctuation, no marker. */
static bool
heading_shape(const char *s, size_t n, size_t maxcp)
{
	struct tt_mark m;

	return n > 0 && n <= maxcp * 4 && !tt_ends_with_closing_punct(s, n) &&
	       tt_count_cp(s, n) <= maxcp && tt_count_words(s, n) <= HEAD_MAX_WORDS &&
	       tt_has_letter(s, n) && !tt_list_mark(s, n, &m);
}

static void
copy_prefix_cp(char *out, size_t outsz, const char *s, size_t n, size_t maxcp)
{
	size_t i = 0, c = 0;

	while (i < n && c < maxcp) {
		size_t j = i + 1;
		while (j < n && ((unsigned char)s[j] & 0xC0) == 0x80)
			j++;
		if (j + 1 > outsz)
			break;
		i = j;
		c++;
	}
	memcpy(out, s, i);
	out[i] = '\0';
}

/* NFC of the NUL-terminated s (size sz), in place; left as it is if it would not fit. */
static void
nfc_in_place(char *s, size_t sz)
{
	struct wq_buf b = WQ_BUF_INIT;
	const char *out;
	size_t n;

	if (tt_nfc(s, strlen(s), &b, &out, &n) == 0 && out != s && n < sz) {
		memcpy(s, out, n);
		s[n] = '\0';
	}
	wq_buf_free(&b);
}

/* Decide title, category, repeats, blocks mode, closing block, languages. */
static void
scan_conclude(struct facts *f)
{
	int i, zone = 0;
	unsigned long k, best;
	struct tt_letters tl;

	f->category = -1;
	/* title */
	if (f->nb[0].cp <= TITLE_MAX_CP && !f->nb[0].over) {
		const char *t = f->nb[0].text;
		size_t tn = f->nb[0].len;
		f->title_line = f->nb[0].line;
		trim(&t, &tn);
		memcpy(f->title, t, tn);
		f->title[tn] = '\0';
		for (i = 1; i < NB_KEEP && i <= 3 && (unsigned long)i < f->nonblank; i++) {
			if (!f->nb[i].over &&
			    same_trimmed(f->nb[i].text, f->nb[i].len, f->nb[0].text, f->nb[0].len)) {
				f->repeat[i] = true;
				zone = i;
			}
		}
		if (f->nonblank > 2 && !f->repeat[1] && f->repeat[2] && !f->nb[1].over &&
		    heading_shape(f->nb[1].text, f->nb[1].len, CAT_MAX_CP)) {
			f->category = 1;
			nfc_in_place(f->nb[1].text, sizeof f->nb[1].text);
			f->nb[1].len = strlen(f->nb[1].text);
			if (zone < 1)
				zone = 1;
		}
	} else {
		/* not a title: the start of the line stands for one in the header */
		size_t len;
		copy_prefix_cp(f->title, sizeof f->title - 4, f->nb[0].text, f->nb[0].len, 100);
		len = strlen(f->title);
		memcpy(f->title + len, "\xe2\x80\xa6", 4);
	}
	nfc_in_place(f->title, sizeof f->title);
	memset(&tl, 0, sizeof tl);
	tt_letters_add_utf8(&tl, f->title, strlen(f->title));
	f->title_lang = tt_lang_decide(&tl);
	for (i = 1; i < NB_KEEP; i++) {
		if (f->repeat[i] || i == f->category) {
			f->skip[f->nskip++] = f->nb[i].line;
			if (f->nb[i].lang != TT_LANG_NONE)
				f->lang_letters[f->nb[i].lang] -= f->nb[i].letters;
		}
	}
	f->zone_end = f->title_line ? f->nb[zone].line : 0;
	/* blank lines between two lines of the body make blocks; else every line is one */
	f->blank_mode = f->gap_late;
	for (i = f->title_line ? zone + 1 : 0; i < NB_KEEP; i++)
		if (f->gap_after[i])
			f->blank_mode = true;
	/* closing block: the longest run of short last lines, starting a block, with a date */
	best = 0;
	for (k = 1; k <= CLOSER_MAX_LINES && k <= f->nring && k < RING; k++) {
		struct ringline *r = &f->ring[(f->nring - k) % RING];
		struct tt_mark m;
		struct tt_date d;
		if (!r->is_short || r->line <= f->zone_end ||
		    tt_list_mark(r->text, r->len, &m))
			break;
		/* a date line is short; any other line does not end a sentence */
		if (tt_find_date(r->text, r->len, 0, &d) ?
		    tt_count_words(r->text, r->len) > CLOSER_DATE_WORDS :
		    tt_ends_with_closing_punct(r->text, r->len))
			break;
		if (!f->blank_mode || r->gap_before || r->prev_line <= f->zone_end)
			best = k;
	}
	if (best > 0) {
		bool dated = false;
		const char *author = NULL;
		size_t alen = 0;
		for (k = best; k >= 1; k--) {
			struct ringline *r = &f->ring[(f->nring - k) % RING];
			struct tt_date d;
			if (tt_find_date(r->text, r->len, 0, &d)) {
				dated = true;
			} else if (author == NULL) {
				author = r->text;
				alen = r->len;
			}
		}
		/* TEI wants a closer to follow some text: with nothing before it, the lines stay paragraphs */
		if (dated && f->ring[(f->nring - best) % RING].prev_line > f->zone_end) {
			f->closer_first = f->ring[(f->nring - best) % RING].line;
			if (author != NULL) {
				trim(&author, &alen);
				memcpy(f->author, author, alen);
				f->author[alen] = '\0';
				nfc_in_place(f->author, sizeof f->author);
				memset(&tl, 0, sizeof tl);
				tt_letters_add_utf8(&tl, f->author, alen);
				f->author_lang = tt_lang_decide(&tl);
			}
		}
	}
	/* main language */
	f->main_lang = TT_LANG_UND;
	best = 0;
	for (i = 0; i < TT_LANG_COUNT; i++) {
		if (f->lang_letters[i] > best) {
			best = f->lang_letters[i];
			f->main_lang = (enum tt_lang)i;
		}
	}
}

static void
fail(struct tt_fail *f, unsigned long line, unsigned long col, const char *fmt, ...)
{
	va_list ap;

	f->line = line;
	f->col = col;
	va_start(ap, fmt);
	vsnprintf(f->msg, sizeof f->msg, fmt, ap);
	va_end(ap);
}

/* Pass 1. TT_OK, or a failure in *fl. */
static enum tt_status
pass1(struct tt_conv *c, FILE *in, FILE *spool, struct facts *f, struct tt_fail *fl)
{
	struct scan *s = c->scan;
	struct tt_reader *r = c->reader;
	struct tt_piece pc;
	enum tt_status st = TT_OK;
	int rc;

	memset(s, 0, sizeof *s);
	s->f = f;
	s->spool = spool;
	s->blank = true;
	s->sha = c->sha;
	if (wq_digest_reset(s->sha) != 0) {
		fail(fl, 0, 0, "digest failed");
		return TT_TROUBLE;
	}
	tt_reader_reset(r, in, scan_raw, s);
	while ((rc = tt_reader_next(r, &pc)) > 0) {
		struct wq_textpos pos;
		size_t at;
		enum wq_utf8_error e;

		if (!pc.bol || !pc.eol)
			s->multi = true;
		if (s->keeplen + pc.n < NB_TEXT_MAX && !s->keepover) {
			memcpy(s->keep + s->keeplen, pc.p, pc.n);
			s->keeplen += pc.n;
		} else {
			s->keepover = true;
		}
		if (scan_piece_text(s, pc.p, pc.n) != (size_t)-1) {
			pos.line = pc.line;
			pos.col = pc.col;
			e = wq_utf8_check_xml((const unsigned char *)pc.p, pc.n, &at, &pos);
			if (e != WQ_UTF8_OK) {
				unsigned char b = (unsigned char)pc.p[at];
				if (e == WQ_UTF8_INVALID) {
					fail(fl, pos.line, pos.col, "invalid UTF-8 (byte 0x%02X)", b);
				} else if (e == WQ_UTF8_NUL) {
					fail(fl, pos.line, pos.col, "NUL byte in text");
				} else {
					uint32_t cp = 0;
					wq_utf8_decode((const unsigned char *)pc.p + at, pc.n - at, &cp);
					fail(fl, pos.line, pos.col,
					     "character U+%04X is not allowed in XML 1.0", (unsigned)cp);
				}
				st = TT_INVALID;
				goto out;
			}
			fail(fl, pc.line, pc.col, "invalid text");
			st = TT_INVALID;
			goto out;
		}
		if (pc.eol)
			scan_line_end(s, pc.line);
	}
	if (rc < 0) {
		fail(fl, 0, 0, "read error: %s", strerror(errno));
		st = TT_TROUBLE;
		goto out;
	}
	if (wq_digest_final_hex(s->sha, f->sha256) != 0) {
		fail(fl, 0, 0, "digest failed");
		st = TT_TROUBLE;
		goto out;
	}
	if (f->nonblank == 0) {
		if (f->size == 0)
			fail(fl, 1, 1, "empty input");
		else
			fail(fl, 1, 1, "no text: the input holds only white space");
		st = TT_INVALID;
		goto out;
	}
	scan_conclude(f);
out:
	return st;
}

/* ---- pass 2: the TEI ---------------------------------------------------- */

struct bline {
	size_t off, len;
	unsigned long line, col;
	struct tt_letters l;
	bool digits;
};

struct block {
	struct wq_buf text;  /* lines joined by LF */
	struct bline lines[BLOCK_LINES];
	int nlines;
	int headcand;        /* -1 not known yet, else block_is_headcand() */
};

enum look { LOOK_END, LOOK_HEAD, LOOK_TEXT };

struct dupent {
	uint64_t hash;
	unsigned long line;
};

struct emit {
	const struct facts *f;
	const struct tt_opts *o;
	struct tt_tei t;
	int divs;            /* 0 statement only, 1 section, 2 subsection */
	bool group;          /* the open section holds subsections */
	bool list_open;
	enum tt_mark_kind list_kind;
	long list_last;
	char list_last_n[64];
	struct block blk[2];
	struct block *cur, *pending;
	bool has_pending;
	bool streaming;      /* a long block's element is open */
	bool closer_open;
	bool skipping;       /* inside a line moved to the header */
	bool nfc_failed;
	struct wq_buf nfc;
	/* debris */
	struct dupent *dup;
	size_t dupcap, dupcount;
	uint64_t linehash;
	size_t linebytes;
	enum tt_script glue_prev;
	struct tt_letters pl;  /* letters of the current piece */
	bool pdigits;          /* the current piece has a digit (it may hold a date) */
	unsigned warnings;
	unsigned suppress;     /* warnings not to repeat */
};

static void
warn(struct emit *e, unsigned long line, unsigned long col, const char *fmt, ...)
{
	va_list ap;
	char msg[512];

	if (e->o->warn == NULL)
		return;
	if (e->suppress > 0) {
		e->suppress--;
		return;
	}
	e->warnings++;
	if (e->o->max_warnings && e->warnings > e->o->max_warnings) {
		if (e->warnings == e->o->max_warnings + 1)
			e->o->warn(e->o->warnctx, line, col, "warning: too many warnings, no more shown");
		return;
	}
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	e->o->warn(e->o->warnctx, line, col, msg);
}

/* A short quotable copy of s[0..n) (at most 40 bytes, whole code points). */
static void
quote(char *out, size_t outsz, const char *s, size_t n)
{
	copy_prefix_cp(out, outsz < 41 ? outsz : 41, s, n, 40);
}

/* ---- debris ---- */

static void
dup_check(struct emit *e, unsigned long line)
{
	size_t i, mask;
	uint64_t h = e->linehash;

	if (e->linebytes < DUP_MIN_BYTES)
		return;
	if (e->dupcount * 2 >= e->dupcap) {
		size_t ncap = e->dupcap ? e->dupcap * 2 : 256;
		struct dupent *nd;
		if (e->dupcount >= DUP_MAX_ENTRIES)
			goto lookup_only;
		nd = calloc(ncap, sizeof *nd);
		if (nd == NULL)
			goto lookup_only;
		for (i = 0; i < e->dupcap; i++) {
			if (e->dup[i].line != 0) {
				size_t j = e->dup[i].hash & (ncap - 1);
				while (nd[j].line != 0)
					j = (j + 1) & (ncap - 1);
				nd[j] = e->dup[i];
			}
		}
		free(e->dup);
		e->dup = nd;
		e->dupcap = ncap;
	}
lookup_only:
	if (e->dupcap == 0)
		return;
	mask = e->dupcap - 1;
	for (i = h & mask; e->dup[i].line != 0; i = (i + 1) & mask) {
		if (e->dup[i].hash == h) {
			warn(e, line, 1, "warning: possible scraping debris: line repeats line %lu verbatim (kept)",
			     e->dup[i].line);
			return;
		}
	}
	if (e->dupcount * 2 < e->dupcap) {
		e->dup[i].hash = h;
		e->dup[i].line = line;
		e->dupcount++;
	}
}

static void
hash_piece(struct emit *e, const char *p, size_t n)
{
	uint64_t h = e->linehash, w;
	size_t i = 0;

	/* eight bytes at a time, then the tail (the same text gives the same pieces) */
	for (; i + 8 <= n; i += 8) {
		memcpy(&w, p + i, 8);
		h = (h ^ w) * 0x9E3779B97F4A7C15ULL;
		h ^= h >> 29;
	}
	for (; i < n; i++) {
		h ^= (unsigned char)p[i];
		h *= 0x100000001b3ULL;
	}
	e->linehash = h;
	e->linebytes += n;
}

/*
 * Letters glued across a change of script ("...للحزبLoading"); counts the
 * piece's letters and digits on the way. With nfc set it also runs the NFC
 * quick check and stops at the first code point that may change (returns
 * false): the caller normalises the piece and runs it again.
 */
static bool
glue_check(struct emit *e, const char *p, size_t n, unsigned long line, unsigned long col,
           bool nfc)
{
	int ccc = 0;
	const unsigned char *u = (const unsigned char *)p;
	size_t i = 0, k;
	uint32_t cp;
	enum tt_script sc, prev = e->glue_prev;
	struct tt_letters lt = { 0, 0, 0, 0 }, *l = &lt;
	bool digits = false;

	while (i < n) {
		size_t at = i;
		if (prev != TT_SCRIPT_ARABIC && i + 8 <= n) {
			uint64_t w, lf;
			memcpy(&w, u + i, 8);
			if ((w & SWAR_HIGH) == 0) {
				/* eight ASCII bytes after no Arabic letter: no glue here */
				lf = swar_letters(w);
				lt.latin += count_flags(lf);
				if (swar_in(w, '0', '9' + 1))
					digits = true;
				prev = (lf >> 63) ? TT_SCRIPT_LATIN : TT_SCRIPT_NONE;
				ccc = 0;
				i += 8;
				continue;
			}
		}
		if (u[i] >= 0xD8 && u[i] <= 0xDB) {
			int ac = arabic_class(u + i, n - i);
			if (ac >= 0 && ac < AB_MARK_CONT) {
				k = 2;
				ccc = 0;
				switch (ac) {
				case AB_LETTER: sc = TT_SCRIPT_ARABIC; lt.arabic++; break;
				case AB_SORANI: sc = TT_SCRIPT_ARABIC; lt.arabic++; lt.sorani++; break;
				case AB_DIGIT: sc = TT_SCRIPT_NONE; digits = true; break;
				case AB_TATWEEL: sc = prev; break;
				default: sc = TT_SCRIPT_NONE; break;
				}
				if (sc == prev || sc == TT_SCRIPT_NONE || prev == TT_SCRIPT_NONE) {
					prev = sc;
					i += 2;
					/*
					 * The rest of the Arabic run in a tight loop, with the
					 * same effects as the general path below; it stops
					 * where a glue is possible (a letter after Latin) or
					 * at anything else.
					 */
					while (i < n) {
						unsigned x, a;
						if (u[i] < 0x80) {
							/* a space or punctuation between words (a Latin letter may be glue) */
							unsigned c = ascii_class[u[i]];
							if (c == AC_LETTER)
								break;
							digits |= c == AC_DIGIT;
							prev = TT_SCRIPT_NONE;
							ccc = 0;
							i++;
							continue;
						}
						if (i + 2 > n || (unsigned)(u[i] - 0xD8) > 3 || (u[i + 1] & 0xC0) != 0x80)
							break;
						x = ((unsigned)(u[i] - 0xD8) << 6) | (u[i + 1] & 0x3Fu);
						a = arabic_block[x];
						if (a == AB_LETTER || a == AB_SORANI) {
							if (prev == TT_SCRIPT_LATIN)
								break;
							prev = TT_SCRIPT_ARABIC;
							lt.arabic++;
							lt.sorani += a == AB_SORANI;
							ccc = 0;
						} else if (a == AB_MARK_CONT && x >= 0x4B && x <= 0x5F) {
							/* a haraka: no letter, continues the word */
							int mc = harakat_ccc[x - 0x4B];
							if (nfc && (mc == 0 || ccc > mc))
								return false;
							ccc = mc;
						} else if (a < AB_MARK_CONT) {
							ccc = 0;
							if (a == AB_DIGIT)
								digits = true;
							if (a != AB_TATWEEL)
								prev = TT_SCRIPT_NONE;
						} else {
							break;
						}
						i += 2;
					}
					continue;
				}
				goto glued;
			}
		}
		if (u[i] < 0x80) {
			unsigned c = ascii_class[u[i]];
			if (c == AC_LETTER) {
				sc = TT_SCRIPT_LATIN;
				lt.latin++;
			} else {
				sc = TT_SCRIPT_NONE;
				digits |= c == AC_DIGIT;
			}
			k = 1;
			ccc = 0;
			if (sc == prev || sc == TT_SCRIPT_NONE || prev == TT_SCRIPT_NONE) {
				prev = sc;
				i++;
				continue;
			}
		} else {
			k = tt_decode(u + i, n - i, &cp);
			if (k == 0)
				k = 1, cp = 0xFFFD;
			if (nfc && !tt_nfc_step(cp, &ccc))
				return false;
			if ((cp >= 0x0660 && cp <= 0x0669) || (cp >= 0x06F0 && cp <= 0x06F9))
				digits = true;
			sc = tt_script_fast(cp);
			switch (sc) {
			case TT_SCRIPT_LATIN: l->latin++; break;
			case TT_SCRIPT_SORANI: l->sorani++; l->arabic++; sc = TT_SCRIPT_ARABIC; break;
			case TT_SCRIPT_ARABIC: l->arabic++; break;
			case TT_SCRIPT_OTHER: l->other++; break;
			case TT_SCRIPT_NONE: break;
			}
			if (cp == 0x0640 || (cp >= 0x064B && cp <= 0x065F) || cp == 0x0670)
				sc = prev; /* tatweel and Arabic marks continue a word */
		}
glued:
		i += k;
		if (sc != TT_SCRIPT_NONE && prev != TT_SCRIPT_NONE && sc != prev &&
		    (sc == TT_SCRIPT_LATIN || sc == TT_SCRIPT_ARABIC) &&
		    (prev == TT_SCRIPT_LATIN || prev == TT_SCRIPT_ARABIC)) {
			/* the glued word: from here to the next non-letter of this script */
			size_t j = at, wl;
			char q[48];
			const char *label;
			while (j < n) {
				uint32_t c2;
				size_t k2 = u[j] < 0x80 ? 1 : wq_utf8_decode(u + j, n - j, &c2);
				enum tt_script s2;
				if (u[j] < 0x80)
					c2 = u[j];
				if (k2 == 0)
					break;
				s2 = tt_script_of(c2);
				if (s2 == TT_SCRIPT_SORANI)
					s2 = TT_SCRIPT_ARABIC;
				if (s2 != sc && !(c2 == '.' && sc == TT_SCRIPT_LATIN))
					break;
				j += k2;
			}
			wl = j - at;
			label = tt_ui_label(p + at, wl);
			quote(q, sizeof q, p + at, wl);
			if (label != NULL)
				warn(e, line, col + tt_count_cp(p, at),
				     "warning: possible scraping debris: interface label '%s' glued to the preceding word (kept)",
				     q);
			else
				warn(e, line, col + tt_count_cp(p, at),
				     "warning: possible scraping debris: '%s' glued to a word in another script (kept)",
				     q);
		}
		prev = sc;
	}
	e->glue_prev = prev;
	e->pdigits = digits;
	e->pl = lt;
	return true;
}

/*
 * Checks on one piece of a line, which is normalised here (NFC) when the
 * quick check says it must be: *pp and *pn are then the normalised text.
 * 0, or -1 if normalisation failed.
 */
static int
debris_piece(struct emit *e, const struct tt_piece *pc, const char **pp, size_t *pn)
{
	const char *p = *pp;
	size_t n = *pn;
	enum tt_script glue_prev;
	unsigned warned;

	if (pc->bol) {
		e->linehash = 0xcbf29ce484222325ULL;
		e->linebytes = 0;
		e->glue_prev = TT_SCRIPT_NONE;
	}
	glue_prev = e->glue_prev;
	warned = e->warnings;
	if (!glue_check(e, p, n, pc->line, pc->col, true)) {
		/* not NFC: normalise, and check again without repeating a warning */
		if (tt_nfc(p, n, &e->nfc, &p, &n) != 0)
			return -1;
		e->glue_prev = glue_prev;
		e->suppress = e->warnings - warned;
		glue_check(e, p, n, pc->line, pc->col, false);
		e->suppress = 0;
		*pp = p;
		*pn = n;
	}
	hash_piece(e, p, n);
	if (pc->eol) {
		if (pc->bol) {
			const char *t = p;
			size_t tn = n;
			trim(&t, &tn);
			if (tt_ui_label(t, tn) != NULL) {
				char q[48];
				quote(q, sizeof q, t, tn);
				warn(e, pc->line, 1,
				     "warning: possible scraping debris: interface label '%s' on a line of its own (kept)",
				     q);
			}
		}
		dup_check(e, pc->line);
	}
	return 0;
}

/* ---- body structure ---- */

/* Text that may hold dates (only when it has a digit: every date form does). */
static void
text_maybe_dates(struct emit *e, const char *s, size_t n, bool digits)
{
	if (digits)
		tt_tei_text_dates(&e->t, s, n);
	else
		tt_tei_text(&e->t, s, n);
}

static int
base_depth(const struct emit *e)
{
	return 4 + e->divs;
}

static void
write_lang(struct emit *e, const struct tt_letters *l)
{
	enum tt_lang lang = tt_lang_decide(l);

	if (lang != TT_LANG_NONE && lang != e->f->main_lang)
		tt_tei_attr(&e->t, "xml:lang", tt_lang_code(lang));
}

static void
close_list(struct emit *e)
{
	if (!e->list_open)
		return;
	tt_tei_nl(&e->t, base_depth(e));
	tt_tei_end(&e->t);
	e->list_open = false;
}

static void
close_divs(struct emit *e, int keep)
{
	close_list(e);
	while (e->divs > keep) {
		e->divs--;
		tt_tei_nl(&e->t, base_depth(e));
		tt_tei_end(&e->t);
	}
	if (e->divs == 0)
		e->group = false;
}

static void
open_div(struct emit *e, const char *type)
{
	tt_tei_nl(&e->t, base_depth(e));
	tt_tei_start(&e->t, "div");
	tt_tei_attr(&e->t, "type", type);
	e->divs++;
}

static void
write_heading(struct emit *e, const char *s, size_t n, const struct tt_letters *l, bool group)
{
	if (group) {
		close_divs(e, 0);
		open_div(e, "section");
		e->group = true;
	} else if (e->group) {
		close_divs(e, 1);
		open_div(e, "subsection");
	} else {
		close_divs(e, 0);
		open_div(e, "section");
	}
	tt_tei_nl(&e->t, base_depth(e));
	tt_tei_start(&e->t, "head");
	write_lang(e, l);
	tt_tei_text_dates(&e->t, s, n);
	tt_tei_end(&e->t);
}

static void
open_paragraph(struct emit *e, const struct tt_letters *l)
{
	close_list(e);
	tt_tei_nl(&e->t, base_depth(e));
	tt_tei_start(&e->t, "p");
	write_lang(e, l);
}

/* Open a list item for a line starting with marker m (the list as needed). */
static void
open_item(struct emit *e, const char *line, size_t linelen, const struct tt_mark *m,
          const struct tt_letters *l, unsigned long lineno, unsigned long col)
{
	char nbuf[64];
	size_t nl = m->n_len < sizeof nbuf - 1 ? m->n_len : sizeof nbuf - 1;
	bool ordered = tt_mark_is_ordered(m->kind);

	(void)linelen;
	memcpy(nbuf, line + m->n_off, nl);
	nbuf[nl] = '\0';
	if (e->list_open && e->list_kind != m->kind)
		close_list(e);
	if (!e->list_open) {
		tt_tei_nl(&e->t, base_depth(e));
		tt_tei_start(&e->t, "list");
		tt_tei_attr(&e->t, "type", ordered ? "ordered" : "bulleted");
		e->list_open = true;
		e->list_kind = m->kind;
	} else if (ordered && m->value != e->list_last + 1) {
		warn(e, lineno, col + tt_count_cp(line, m->lead),
		     "warning: list numbering goes from '%s' to '%s' (kept as written)",
		     e->list_last_n, nbuf);
	}
	e->list_last = m->value;
	memcpy(e->list_last_n, nbuf, nl + 1);
	tt_tei_nl(&e->t, base_depth(e) + 1);
	tt_tei_start(&e->t, "item");
	if (ordered)
		tt_tei_attr(&e->t, "n", nbuf);
	write_lang(e, l);
	tt_tei_text(&e->t, line, m->lead);
	tt_tei_start(&e->t, "label");
	tt_tei_text(&e->t, line + m->lead, m->len);
	tt_tei_end(&e->t);
}

static bool
block_is_headcand(struct block *b)
{
	if (b->headcand < 0)
		b->headcand = b->nlines == 1 &&
		               heading_shape(b->text.data, b->text.len, HEAD_MAX_CP);
	return b->headcand;
}

static void
emit_list_block(struct emit *e, const struct block *b)
{
	int i = 0, j, k;
	struct tt_mark m;
	struct tt_letters il;
	bool dg;
	const char *t = b->text.data;

	/* a line with a marker starts an item; lines without one continue it */
	while (i < b->nlines) {
		const struct bline *l = &b->lines[i];
		size_t end;
		tt_list_mark(t + l->off, l->len, &m);
		for (j = i + 1; j < b->nlines; j++) {
			struct tt_mark m2;
			if (tt_list_mark(t + b->lines[j].off, b->lines[j].len, &m2))
				break;
		}
		end = b->lines[j - 1].off + b->lines[j - 1].len;
		memset(&il, 0, sizeof il);
		dg = false;
		for (k = i; k < j; k++) {
			tt_letters_add(&il, &b->lines[k].l);
			dg |= b->lines[k].digits;
		}
		open_item(e, t + l->off, l->len, &m, &il, l->line, l->col);
		text_maybe_dates(e, t + l->off + m.lead + m.len,
		                 end - (l->off + m.lead + m.len), dg);
		tt_tei_end(&e->t);
		i = j;
	}
}

static void
emit_block(struct emit *e, struct block *b, enum look look)
{
	struct tt_mark m;
	const char *t = b->text.data;
	struct tt_letters bl;
	int i;
	bool dg = false;

	if (b->nlines == 0)
		return;
	if (tt_list_mark(t + b->lines[0].off, b->lines[0].len, &m)) {
		emit_list_block(e, b);
		return;
	}
	if (look != LOOK_END && block_is_headcand(b)) {
		write_heading(e, t, b->text.len, &b->lines[0].l, look == LOOK_HEAD);
		return;
	}
	memset(&bl, 0, sizeof bl);
	for (i = 0; i < b->nlines; i++) {
		tt_letters_add(&bl, &b->lines[i].l);
		dg |= b->lines[i].digits;
	}
	open_paragraph(e, &bl);
	text_maybe_dates(e, t, b->text.len, dg);
	tt_tei_end(&e->t);
}

static void
block_reset(struct block *b)
{
	wq_buf_reset(&b->text);
	b->nlines = 0;
	b->headcand = -1;
}

static void
flush_pending(struct emit *e, enum look look)
{
	if (e->has_pending) {
		emit_block(e, e->pending, look);
		block_reset(e->pending);
		e->has_pending = false;
	}
}

/* The current block is complete. */
static void
finish_block(struct emit *e)
{
	struct block *tmp;

	if (e->streaming) {
		tt_tei_end(&e->t);
		e->streaming = false;
		block_reset(e->cur);
		return;
	}
	if (e->cur->nlines == 0)
		return;
	if (e->has_pending)
		flush_pending(e, block_is_headcand(e->cur) ? LOOK_HEAD : LOOK_TEXT);
	if (block_is_headcand(e->cur)) {
		tmp = e->pending;
		e->pending = e->cur;
		e->cur = tmp;
		e->has_pending = true;
	} else {
		emit_block(e, e->cur, LOOK_TEXT);
	}
	block_reset(e->cur);
}

/* The current block is too long to hold: write what we have and stream the rest. */
static void
start_streaming(struct emit *e, const char *first, size_t firstlen,
                unsigned long line, unsigned long col)
{
	struct block *b = e->cur;
	struct tt_mark m;
	const char *s;
	size_t n;
	struct tt_letters l = e->pl;
	int i;

	for (i = 0; i < b->nlines; i++)
		tt_letters_add(&l, &b->lines[i].l);
	flush_pending(e, LOOK_TEXT);
	if (b->nlines > 0) {
		s = b->text.data;
		n = b->text.len;
		line = b->lines[0].line;
		col = b->lines[0].col;
	} else {
		s = first;
		n = firstlen;
	}
	if (tt_list_mark(s, n, &m)) {
		open_item(e, s, n, &m, &l, line, col);
		s += m.lead + m.len;
		n -= m.lead + m.len;
	} else {
		open_paragraph(e, &l);
	}
	tt_tei_text_dates(&e->t, s, n);
	e->streaming = true;
	block_reset(b);
	b->nlines = 1; /* not empty: later lines are joined with LF */
}

static bool
is_skipped(const struct facts *f, unsigned long line)
{
	int i;

	for (i = 0; i < f->nskip; i++)
		if (f->skip[i] == line)
			return true;
	return false;
}

static bool
line_is_blank(const char *p, size_t n)
{
	size_t i = 0;
	uint32_t cp;

	while (i < n) {
		size_t k;
		if ((unsigned char)p[i] < 0x80) {
			if (p[i] != ' ' && p[i] != '\t')
				return false;
			i++;
			continue;
		}
		k = wq_utf8_decode((const unsigned char *)p + i, n - i, &cp);
		if (k == 0 || !tt_is_space_cp(cp))
			return false;
		i += k;
	}
	return true;
}

static void
closer_line(struct emit *e, const char *p, size_t n)
{
	struct tt_date d;

	if (!e->closer_open) {
		finish_block(e);
		flush_pending(e, LOOK_END);
		close_divs(e, 0);
		tt_tei_nl(&e->t, 4);
		tt_tei_start(&e->t, "closer");
		e->closer_open = true;
	}
	tt_tei_nl(&e->t, 5);
	tt_tei_start(&e->t, tt_find_date(p, n, 0, &d) ? "dateline" : "signed");
	write_lang(e, &e->pl);
	tt_tei_text_dates(&e->t, p, n);
	tt_tei_end(&e->t);
}

/* One NFC piece of the input in pass 2. */
static void
body_piece(struct emit *e, const struct tt_piece *pc, const char *p, size_t n)
{
	const struct facts *f = e->f;
	struct block *b = e->cur;

	if (pc->bol) {
		e->skipping = is_skipped(f, pc->line);
		if (e->skipping)
			return;
	} else if (e->skipping) {
		return;
	}
	if (pc->bol && pc->eol && line_is_blank(p, n)) {
		if (f->blank_mode || e->streaming)
			finish_block(e);
		return;
	}
	if (debris_piece(e, pc, &p, &n) != 0) {
		e->nfc_failed = true;
		return;
	}
	if (pc->bol && pc->line == f->title_line) {
		tt_tei_nl(&e->t, 4);
		tt_tei_start(&e->t, "head");
		write_lang(e, &e->pl);
		tt_tei_text_dates(&e->t, p, n);
		tt_tei_end(&e->t);
		return;
	}
	if (f->closer_first != 0 && pc->line >= f->closer_first) {
		closer_line(e, p, n);
		return;
	}
	if (pc->bol && !f->blank_mode)
		finish_block(e);
	if (e->streaming) {
		if (pc->bol)
			tt_tei_text(&e->t, "\n", 1);
		text_maybe_dates(e, p, n, e->pdigits);
		if (pc->eol && !f->blank_mode)
			finish_block(e);
		return;
	}
	if (pc->bol && pc->eol && b->nlines < BLOCK_LINES && b->text.len + n + 1 <= BLOCK_MAX) {
		struct bline *l = &b->lines[b->nlines];
		if (b->nlines > 0 && wq_buf_putc(&b->text, '\n') != 0)
			goto nomem;
		l->off = b->text.len;
		l->len = n;
		l->line = pc->line;
		l->col = pc->col;
		l->l = e->pl;
		l->digits = e->pdigits;
		if (wq_buf_append(&b->text, p, n) != 0)
			goto nomem;
		b->nlines++;
		b->headcand = -1;
		if (!f->blank_mode)
			finish_block(e);
		return;
	}
	/* too long to hold */
	if (b->nlines == 0) {
		start_streaming(e, p, n, pc->line, pc->col);
	} else {
		start_streaming(e, NULL, 0, pc->line, pc->col);
		if (pc->bol)
			tt_tei_text(&e->t, "\n", 1);
		text_maybe_dates(e, p, n, e->pdigits);
	}
	if (pc->eol && !f->blank_mode)
		finish_block(e);
	return;
nomem:
	e->t.err = -1;
}

/* ---- header ---- */

static void
leaf_lang(struct tt_tei *t, int depth, const char *name, const char *type,
          enum tt_lang lang, const char *text)
{
	tt_tei_nl(t, depth);
	tt_tei_start(t, name);
	if (type != NULL)
		tt_tei_attr(t, "type", type);
	if (lang != TT_LANG_NONE && lang != TT_LANG_EN)
		tt_tei_attr(t, "xml:lang", tt_lang_code(lang));
	tt_tei_text(t, text, strlen(text));
	tt_tei_end(t);
}

static void
measure(struct tt_tei *t, int depth, const char *unit, uint64_t q)
{
	char num[32], txt[64];

	snprintf(num, sizeof num, "%llu", (unsigned long long)q);
	snprintf(txt, sizeof txt, "%s %s", num, unit);
	tt_tei_nl(t, depth);
	tt_tei_start(t, "extent");
	tt_tei_nl(t, depth + 1);
	tt_tei_start(t, "measure");
	tt_tei_attr(t, "unit", unit);
	tt_tei_attr(t, "quantity", num);
	tt_tei_text(t, txt, strlen(txt));
	tt_tei_end(t);
	tt_tei_nl(t, depth);
	tt_tei_end(t);
}

static void
write_header(struct emit *e, const char *filename)
{
	struct tt_tei *t = &e->t;
	const struct facts *f = e->f;
	const struct tt_opts *o = e->o;
	char date[11], uuid[46];
	const char *author = o->author;
	enum tt_lang alang = TT_LANG_NONE;
	int i, order[TT_LANG_COUNT], nl = 0;
	unsigned usage[TT_LANG_COUNT];
	uint64_t total = 0;

	wq_format_date(o->now, date);
	wq_uuid_from_sha256(f->sha256, uuid);
	if (author == NULL && f->author[0] != '\0') {
		author = f->author;
		alang = f->author_lang;
	} else if (author != NULL) {
		struct tt_letters l;
		memset(&l, 0, sizeof l);
		tt_letters_add_utf8(&l, author, strlen(author));
		alang = tt_lang_decide(&l);
	}

	tt_tei_start(t, "TEI");
	tt_tei_attr(t, "xmlns", "http://www.tei-c.org/ns/1.0");
	tt_tei_attr(t, "xml:lang", tt_lang_code(f->main_lang));
	tt_tei_nl(t, 1);
	tt_tei_start(t, "teiHeader");
	tt_tei_attr(t, "xml:lang", "en");
	tt_tei_nl(t, 2);
	tt_tei_start(t, "fileDesc");
	tt_tei_nl(t, 3);
	tt_tei_start(t, "titleStmt");
	leaf_lang(t, 4, "title", "main", f->title_lang, f->title);
	if (author != NULL)
		leaf_lang(t, 4, "author", NULL, alang, author);
	tt_tei_nl(t, 4);
	tt_tei_start(t, "respStmt");
	tt_tei_leaf(t, 5, "resp", "Conversion from plain text to TEI P5");
	tt_tei_nl(t, 5);
	tt_tei_start(t, "name");
	tt_tei_attr(t, "type", "software");
	tt_tei_attr(t, "ref", "#app.txt2tei");
	tt_tei_text(t, "txt2tei", 7);
	tt_tei_end(t);
	tt_tei_nl(t, 4);
	tt_tei_end(t); /* respStmt */
	tt_tei_nl(t, 3);
	tt_tei_end(t); /* titleStmt */
	measure(t, 3, "words", f->words);
	tt_tei_nl(t, 3);
	tt_tei_start(t, "publicationStmt");
	tt_tei_leaf(t, 4, "publisher", o->publisher ? o->publisher : "txt2tei");
	tt_tei_nl(t, 4);
	tt_tei_start(t, "date");
	tt_tei_attr(t, "when", date);
	tt_tei_text(t, date, strlen(date));
	tt_tei_end(t);
	tt_tei_nl(t, 4);
	tt_tei_start(t, "idno");
	tt_tei_attr(t, "type", "UUID");
	tt_tei_text(t, uuid, strlen(uuid));
	tt_tei_end(t);
	tt_tei_nl(t, 3);
	tt_tei_end(t); /* publicationStmt */
	tt_tei_nl(t, 3);
	tt_tei_start(t, "sourceDesc");
	tt_tei_nl(t, 4);
	tt_tei_start(t, "bibl");
	leaf_lang(t, 5, "title", "main", f->title_lang, f->title);
	if (o->source_url != NULL) {
		tt_tei_nl(t, 5);
		tt_tei_start(t, "ref");
		tt_tei_attr(t, "target", o->source_url);
		tt_tei_text(t, o->source_url, strlen(o->source_url));
		tt_tei_end(t);
		leaf_lang(t, 5, "idno", "URI", TT_LANG_NONE, o->source_url);
	}
	if (filename != NULL)
		leaf_lang(t, 5, "idno", "filename", TT_LANG_NONE, wq_path_base(filename));
	leaf_lang(t, 5, "idno", "sha256", TT_LANG_NONE, f->sha256);
	measure(t, 5, "bytes", f->size);
	if (o->retrieved != NULL) {
		tt_tei_nl(t, 5);
		tt_tei_start(t, "date");
		tt_tei_attr(t, "type", "retrieved");
		tt_tei_attr(t, "when", o->retrieved);
		tt_tei_text(t, o->retrieved, strlen(o->retrieved));
		tt_tei_end(t);
	}
	tt_tei_nl(t, 4);
	tt_tei_end(t); /* bibl */
	tt_tei_nl(t, 3);
	tt_tei_end(t); /* sourceDesc */
	tt_tei_nl(t, 2);
	tt_tei_end(t); /* fileDesc */

	tt_tei_nl(t, 2);
	tt_tei_start(t, "encodingDesc");
	tt_tei_nl(t, 3);
	tt_tei_start(t, "editorialDecl");
	tt_tei_nl(t, 4);
	tt_tei_start(t, "normalization");
	tt_tei_leaf(t, 5, "p", normalization_text);
	if (f->nskip > 0) {
		char note[256];
		size_t len = 0;
		len += (size_t)snprintf(note + len, sizeof note - len, "Not repeated in the text: ");
		for (i = 1; i < NB_KEEP; i++) {
			if (i == f->category)
				len += (size_t)snprintf(note + len, sizeof note - len,
				    "%sline %lu (category line, see textClass)",
				    len > 26 ? "; " : "", f->nb[i].line);
			else if (f->repeat[i])
				len += (size_t)snprintf(note + len, sizeof note - len,
				    "%sline %lu (repeats the title)", len > 26 ? "; " : "", f->nb[i].line);
		}
		snprintf(note + len, sizeof note - len, ".");
		tt_tei_leaf(t, 5, "p", note);
	}
	tt_tei_nl(t, 4);
	tt_tei_end(t); /* normalization */
	tt_tei_nl(t, 3);
	tt_tei_end(t); /* editorialDecl */
	tt_tei_nl(t, 3);
	tt_tei_start(t, "appInfo");
	tt_tei_nl(t, 4);
	tt_tei_start(t, "application");
	tt_tei_attr(t, "xml:id", "app.txt2tei");
	tt_tei_attr(t, "ident", "txt2tei");
	tt_tei_attr(t, "version", o->version);
	tt_tei_attr(t, "when", date);
	tt_tei_leaf(t, 5, "label", "txt2tei");
	tt_tei_nl(t, 4);
	tt_tei_end(t); /* application */
	tt_tei_nl(t, 3);
	tt_tei_end(t); /* appInfo */
	tt_tei_nl(t, 2);
	tt_tei_end(t); /* encodingDesc */

	tt_tei_nl(t, 2);
	tt_tei_start(t, "profileDesc");
	tt_tei_nl(t, 3);
	tt_tei_start(t, "langUsage");
	/* shares in per cent by largest remainder, at least 1 for a used language */
	for (i = 0; i < TT_LANG_COUNT; i++)
		total += f->lang_letters[i];
	if (total == 0) {
		order[nl++] = TT_LANG_UND;
		usage[TT_LANG_UND] = 100;
	} else {
		unsigned sum = 0;
		uint64_t rem[TT_LANG_COUNT];
		int j, big = -1;
		for (i = 0; i < TT_LANG_COUNT; i++) {
			usage[i] = (unsigned)(f->lang_letters[i] * 100 / total);
			rem[i] = f->lang_letters[i] * 100 % total;
			sum += usage[i];
		}
		while (sum < 100) {
			int at = -1;
			for (i = 0; i < TT_LANG_COUNT; i++)
				if (f->lang_letters[i] > 0 && (at < 0 || rem[i] > rem[at]))
					at = i;
			usage[at]++;
			rem[at] = 0;
			sum++;
		}
		for (i = 0; i < TT_LANG_COUNT; i++)
			if (f->lang_letters[i] > 0 && (big < 0 || usage[i] > usage[big]))
				big = i;
		for (i = 0; i < TT_LANG_COUNT; i++) {
			if (f->lang_letters[i] > 0 && usage[i] == 0 && usage[big] > 1) {
				usage[i] = 1;
				usage[big]--;
			}
		}
		for (i = 0; i < TT_LANG_COUNT; i++)
			if (f->lang_letters[i] > 0)
				order[nl++] = i;
		for (i = 1; i < nl; i++)
			for (j = i; j > 0 && usage[order[j]] > usage[order[j - 1]]; j--) {
				int tmp = order[j];
				order[j] = order[j - 1];
				order[j - 1] = tmp;
			}
	}
	for (i = 0; i < nl; i++) {
		char pct[8];
		snprintf(pct, sizeof pct, "%u", usage[order[i]]);
		tt_tei_nl(t, 4);
		tt_tei_start(t, "language");
		tt_tei_attr(t, "ident", tt_lang_code((enum tt_lang)order[i]));
		tt_tei_attr(t, "usage", pct);
		tt_tei_text(t, tt_lang_name((enum tt_lang)order[i]),
		            strlen(tt_lang_name((enum tt_lang)order[i])));
		tt_tei_end(t);
	}
	tt_tei_nl(t, 3);
	tt_tei_end(t); /* langUsage */
	if (f->category >= 0) {
		const char *c = f->nb[f->category].text;
		size_t cn = f->nb[f->category].len;
		char term[NB_TEXT_MAX];
		trim(&c, &cn);
		memcpy(term, c, cn);
		term[cn] = '\0';
		tt_tei_nl(t, 3);
		tt_tei_start(t, "textClass");
		tt_tei_nl(t, 4);
		tt_tei_start(t, "keywords");
		leaf_lang(t, 5, "term", NULL, f->nb[f->category].lang, term);
		tt_tei_nl(t, 4);
		tt_tei_end(t);
		tt_tei_nl(t, 3);
		tt_tei_end(t);
	}
	tt_tei_nl(t, 2);
	tt_tei_end(t); /* profileDesc */

	tt_tei_nl(t, 2);
	tt_tei_start(t, "revisionDesc");
	tt_tei_nl(t, 3);
	tt_tei_start(t, "change");
	tt_tei_attr(t, "when", date);
	tt_tei_attr(t, "who", "#app.txt2tei");
	{
		char msg[128];
		snprintf(msg, sizeof msg, "Converted from plain text by txt2tei %s.", o->version);
		tt_tei_text(t, msg, strlen(msg));
	}
	tt_tei_end(t);
	tt_tei_nl(t, 2);
	tt_tei_end(t); /* revisionDesc */
	tt_tei_nl(t, 1);
	tt_tei_end(t); /* teiHeader */
}

static enum tt_status
pass2(struct tt_conv *c, FILE *in, bool rewound, const char *filename, const struct facts *f,
      const struct tt_opts *o, FILE *out, struct tt_fail *fl)
{
	struct emit *e = c->emit;
	struct tt_reader *r = c->reader;
	struct tt_piece pc;
	enum tt_status st = TT_OK;
	int rc = 0;

	emit_reset(e);
	if (!rewound)
		tt_reader_reset(r, in, NULL, NULL);
	e->f = f;
	e->o = o;
	e->cur = &e->blk[0];
	e->pending = &e->blk[1];
	e->blk[0].headcand = e->blk[1].headcand = -1;
	if (tt_tei_open(&e->t, out) != 0) {
		fail(fl, 0, 0, "cannot start the XML writer");
		st = TT_TROUBLE;
		goto out;
	}
	write_header(e, filename);
	tt_tei_nl(&e->t, 1);
	tt_tei_start(&e->t, "text");
	tt_tei_nl(&e->t, 2);
	tt_tei_start(&e->t, "body");
	tt_tei_nl(&e->t, 3);
	tt_tei_start(&e->t, "div");
	tt_tei_attr(&e->t, "type", "statement");
	while (e->t.err == 0 && (rc = tt_reader_next(r, &pc)) > 0) {
		body_piece(e, &pc, pc.p, pc.n);
		if (e->nfc_failed) {
			fail(fl, pc.line, pc.col, "Unicode normalisation failed (did the input change?)");
			st = TT_TROUBLE;
			goto out;
		}
	}
	if (e->t.err == 0 && rc < 0) {
		fail(fl, 0, 0, "read error: %s", strerror(errno));
		st = TT_TROUBLE;
		goto out;
	}
	if (tt_reader_rawbytes(r) != f->size) {
		fail(fl, 0, 0, "the input changed while it was read");
		st = TT_TROUBLE;
		goto out;
	}
	finish_block(e);
	flush_pending(e, LOOK_END);
	close_divs(e, 0);
	if (e->closer_open) {
		tt_tei_nl(&e->t, 4);
		tt_tei_end(&e->t);
	}
	tt_tei_nl(&e->t, 3);
	tt_tei_end(&e->t); /* div */
	tt_tei_nl(&e->t, 2);
	tt_tei_end(&e->t); /* body */
	tt_tei_nl(&e->t, 1);
	tt_tei_end(&e->t); /* text */
	tt_tei_nl(&e->t, 0);
	tt_tei_end(&e->t); /* TEI */
	tt_tei_text(&e->t, "\n", 1);
	if (tt_tei_finish(&e->t) != 0) {
		fail(fl, 0, 0, "write error: %s", errno ? strerror(errno) : "output failed");
		st = TT_TROUBLE;
	}
out:
	if (st != TT_OK)
		tt_tei_discard(&e->t);
	return st;
}

/* Make e ready for a new document, keeping its buffers. */
static void
emit_reset(struct emit *e)
{
	struct tt_tei t = e->t;
	struct wq_buf b0 = e->blk[0].text, b1 = e->blk[1].text, nfc = e->nfc;
	struct dupent *dup = e->dup;
	size_t dupcap = e->dupcap;

	if (dupcap > 4096) {
		/* a big table from a long input: do not keep it, nor clear it */
		free(dup);
		dup = NULL;
		dupcap = 0;
	} else if (dup != NULL) {
		memset(dup, 0, dupcap * sizeof *dup);
	}
	memset(e, 0, sizeof *e);
	e->t.esc = t.esc;
	wq_buf_reset(&b0);
	wq_buf_reset(&b1);
	e->blk[0].text = b0;
	e->blk[1].text = b1;
	e->nfc = nfc;
	e->dup = dup;
	e->dupcap = dupcap;
}

struct tt_conv *
tt_conv_new(void)
{
	struct tt_conv *c = calloc(1, sizeof *c);

	if (c == NULL)
		return NULL;
	c->reader = tt_reader_new(NULL, NULL, NULL);
	c->sha = wq_digest_new(WQ_SHA256);
	c->facts = calloc(1, sizeof *c->facts);
	c->scan = calloc(1, sizeof *c->scan);
	c->emit = calloc(1, sizeof *c->emit);
	if (c->reader == NULL || c->sha == NULL || c->facts == NULL || c->scan == NULL ||
	    c->emit == NULL) {
		tt_conv_free(c);
		errno = ENOMEM;
		return NULL;
	}
	return c;
}

void
tt_conv_free(struct tt_conv *c)
{
	if (c == NULL)
		return;
	tt_reader_free(c->reader);
	wq_digest_free(c->sha);
	if (c->emit != NULL) {
		tt_tei_release(&c->emit->t);
		wq_buf_free(&c->emit->blk[0].text);
		wq_buf_free(&c->emit->blk[1].text);
		wq_buf_free(&c->emit->nfc);
		free(c->emit->dup);
	}
	free(c->emit);
	free(c->scan);
	free(c->facts);
	free(c);
}

enum tt_status
tt_convert(struct tt_conv *conv, FILE *in, const char *filename, const struct tt_opts *o,
           FILE *out, struct tt_fail *fl)
{
	struct tt_conv *c = conv;
	struct facts *f;
	FILE *spool = NULL, *src = in;
	long start;
	enum tt_status st;
	bool rewound = false;

	memset(fl, 0, sizeof *fl);
	if (c == NULL && (c = tt_conv_new()) == NULL) {
		fail(fl, 0, 0, "%s", strerror(errno));
		return TT_TROUBLE;
	}
	f = c->facts;
	memset(f, 0, sizeof *f);
	start = ftell(in); /* fails on a pipe: then spool what is read */
	if (start < 0) {
		spool = wq_tmpfile();
		if (spool == NULL) {
			fail(fl, 0, 0, "cannot create a temporary file: %s", strerror(errno));
			st = TT_TROUBLE;
			goto out;
		}
	}
	st = pass1(c, in, spool, f, fl);
	if (st != TT_OK)
		goto out;
	if (tt_reader_rewind(c->reader)) {
		rewound = true; /* small input: read again from memory */
	} else if (spool != NULL) {
		if (fflush(spool) != 0 || fseek(spool, 0, SEEK_SET) != 0) {
			fail(fl, 0, 0, "temporary file: %s", strerror(errno));
			st = TT_TROUBLE;
			goto out;
		}
		src = spool;
	} else if (fseek(in, start, SEEK_SET) != 0) {
		fail(fl, 0, 0, "cannot read the input again: %s", strerror(errno));
		st = TT_TROUBLE;
		goto out;
	}
	clearerr(src);
	st = pass2(c, src, rewound, filename, f, o, out, fl);
out:
	if (spool != NULL)
		fclose(spool);
	if (conv == NULL)
		tt_conv_free(c);
	return st;
}
