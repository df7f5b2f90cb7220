/* tt_text.c - txt2tei: decode and lines (see tt_text.h). */
#include "tt_text.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "tt_lang.h"

#define BUFSZ (4 * TT_PIECE_MAX)

struct tt_reader {
	FILE *fp;
	tt_raw_fn raw;
	void *rawctx;
	unsigned char *buf;
	size_t start, end;        /* unread bytes: buf[start..end) */
	bool eof;
	bool first;               /* nothing read yet (the BOM check) */
	bool pending_cr;          /* the last chunk ended with CR */
	bool in_line;             /* the last piece did not end its line */
	unsigned fills;           /* reads into the buffer */
	unsigned long line, col;
	unsigned long long rawbytes;
};

struct tt_reader *
tt_reader_new(FILE *fp, tt_raw_fn raw, void *rawctx)
{
	struct tt_reader *r = calloc(1, sizeof *r);

	if (r == NULL)
		return NULL;
	r->buf = malloc(BUFSZ);
	if (r->buf == NULL) {
		free(r);
		return NULL;
	}
	r->fp = fp;
	r->raw = raw;
	r->rawctx = rawctx;
	r->first = true;
	r->line = 1;
	r->col = 1;
	return r;
}

void
tt_reader_reset(struct tt_reader *r, FILE *fp, tt_raw_fn raw, void *rawctx)
{
	unsigned char *buf = r->buf;

	memset(r, 0, sizeof *r);
	r->buf = buf;
	r->fp = fp;
	r->raw = raw;
	r->rawctx = rawctx;
	r->first = true;
	r->line = 1;
	r->col = 1;
}

bool
tt_reader_rewind(struct tt_reader *r)
{
	/* only when the whole input came in one read: the buffer still holds it all */
	if (!r->eof || r->fills != 1 || r->start != r->end)
		return false;
	r->start = 0;
	r->in_line = false;
	r->line = 1;
	r->col = 1;
	r->raw = NULL;
	return true;
}

void
tt_reader_free(struct tt_reader *r)
{
	if (r == NULL)
		return;
	free(r->buf);
	free(r);
}

unsigned long long
tt_reader_rawbytes(const struct tt_reader *r)
{
	return r->rawbytes;
}

/* Make CR LF and lone CR into LF, in place, in p[0..n); returns the new length. */
static size_t
fix_line_ends(struct tt_reader *r, unsigned char *p, size_t n)
{
	unsigned char *cr, *w, *end = p + n, *s = p;

	if (r->pending_cr) {
		/* the CR was already turned into LF: drop an LF that follows it */
		r->pending_cr = false;
		if (n > 0 && p[0] == '\n')
			s = p + 1;
	}
	cr = memchr(s, '\r', (size_t)(end - s));
	if (cr == NULL) {
		if (s != p)
			memmove(p, s, (size_t)(end - s));
		return (size_t)(end - s);
	}
	w = p;
	while (s < end) {
		cr = memchr(s, '\r', (size_t)(end - s));
		if (cr == NULL) {
			memmove(w, s, (size_t)(end - s));
			w += end - s;
			break;
		}
		memmove(w, s, (size_t)(cr - s));
		w += cr - s;
		*w++ = '\n';
		s = cr + 1;
		if (s == end)
			r->pending_cr = true;
		else if (*s == '\n')
			s++;
	}
	return (size_t)(w - p);
}

static int
fill(struct tt_reader *r)
{
	size_t got, n;

	if (r->start > 0) {
		memmove(r->buf, r->buf + r->start, r->end - r->start);
		r->end -= r->start;
		r->start = 0;
	}
	r->fills++;
	got = fread(r->buf + r->end, 1, BUFSZ - r->end, r->fp);
	if (got < BUFSZ - r->end) {
		if (ferror(r->fp))
			return -1;
		r->eof = true;
	}
	if (got > 0 && r->raw != NULL && r->raw(r->rawctx, r->buf + r->end, got) != 0)
		return -1;
	r->rawbytes += got;
	n = got;
	if (r->first && n > 0) {
		r->first = false;
		if (n >= 3 && memcmp(r->buf + r->end, "\xEF\xBB\xBF", 3) == 0) {
			memmove(r->buf + r->end, r->buf + r->end + 3, n - 3);
			n -= 3;
		}
	}
	n = fix_line_ends(r, r->buf + r->end, n);
	r->end += n;
	return 0;
}

/* May a long line be cut just before the code point starting at p? */
static bool
safe_cut(const unsigned char *p, size_t avail)
{
	uint32_t cp;
	const utf8proc_property_t *prop;

	if (p[0] < 0x80)
		return true;
	if ((p[0] & 0xC0) == 0x80)
		return false;
	if (wq_utf8_decode(p, avail, &cp) == 0)
		return true; /* invalid input: reported elsewhere */
	prop = utf8proc_get_property((utf8proc_int32_t)cp);
	return prop->combining_class == 0 && prop->comb_index == UINT16_MAX &&
	       !(cp >= 0x1100 && cp <= 0x11FF);
}

/* Is there a digit (ASCII or Arabic-Indic) in b[from..to)? */
static bool
digit_near(const unsigned char *b, size_t from, size_t to)
{
	size_t j;

	for (j = from; j < to; j++)
		if ((b[j] >= '0' && b[j] <= '9') ||
		    (b[j] == 0xD9 && b[j + 1] >= 0xA0 && b[j + 1] <= 0xA9) ||
		    (b[j] == 0xDB && b[j + 1] >= 0xB0 && b[j + 1] <= 0xB9))
			return true;
	return false;
}

/* Where to cut a long line in buf[s .. s+TT_PIECE_MAX]: after a space if we can. */
static size_t
cut_point(const unsigned char *b, size_t s, size_t lim)
{
	size_t i, lo = s + TT_PIECE_MAX / 2;

	/* after a space not followed by a digit soon: every space inside a written
	 * date (24 January 2024, January 24, 2024, ٢٤ كانون الثاني ٢٠٢٤) is */
	for (i = s + TT_PIECE_MAX; i > lo; i--) {
		if (b[i - 1] == ' ' && b[i] != ' ' && i + 29 < lim && !digit_near(b, i, i + 28))
			return i;
	}
	for (i = s + TT_PIECE_MAX; i > lo; i--)
		if (b[i] < 0x80)
			return i;
	for (i = s + TT_PIECE_MAX; i > s; i--)
		if (safe_cut(b + i, lim - i))
			return i;
	for (i = s + TT_PIECE_MAX; i > s; i--)
		if ((b[i] & 0xC0) != 0x80)
			return i;
	return s + TT_PIECE_MAX;
}

static size_t
count_cp(const char *p, size_t n)
{
	size_t i, c = 0;

	for (i = 0; i < n; i++)
		c += ((unsigned char)p[i] & 0xC0) != 0x80;
	return c;
}

int
tt_reader_next(struct tt_reader *r, struct tt_piece *pc)
{
	unsigned char *nl;
	size_t cut;

	for (;;) {
		size_t avail = r->end - r->start;

		nl = avail > 0 ? memchr(r->buf + r->start, '\n', avail) : NULL;
		if (nl != NULL && (size_t)(nl - (r->buf + r->start)) <= TT_PIECE_MAX) {
			pc->p = (const char *)r->buf + r->start;
			pc->n = (size_t)(nl - (r->buf + r->start));
			pc->eol = true;
			r->start += pc->n + 1;
			break;
		}
		if (avail > TT_PIECE_MAX) {
			cut = cut_point(r->buf, r->start, r->end);
			pc->p = (const char *)r->buf + r->start;
			pc->n = cut - r->start;
			pc->eol = false;
			r->start = cut;
			break;
		}
		if (r->eof) {
			if (avail == 0)
				return 0;
			pc->p = (const char *)r->buf + r->start;
			pc->n = avail;
			pc->eol = true;
			r->start = r->end;
			break;
		}
		if (fill(r) != 0)
			return -1;
	}
	pc->bol = !r->in_line;
	pc->line = r->line;
	pc->col = r->col;
	if (pc->eol) {
		r->in_line = false;
		r->line++;
		r->col = 1;
	} else {
		r->in_line = true;
		r->col += count_cp(pc->p, pc->n);
	}
	return 1;
}

bool
tt_nfc_step_slow(uint32_t cp, int *prev_ccc)
{
	const utf8proc_property_t *prop = utf8proc_get_property((utf8proc_int32_t)cp);

	if (prop->comp_exclusion || (cp >= 0x1100 && cp <= 0x11FF))
		return false;
	if (prop->comb_index != UINT16_MAX && (prop->comb_index & 0x8000))
		return false; /* may compose with what precedes it */
	if (prop->combining_class != 0) {
		if (*prev_ccc > prop->combining_class)
			return false; /* needs canonical reordering */
		*prev_ccc = prop->combining_class;
		return true;
	}
	*prev_ccc = 0;
	if (prop->decomp_seqindex != UINT16_MAX && prop->decomp_type == 0) {
		/* NFC only if decomposing and composing again gives it back
		 * (not so for singletons like U+212B ANGSTROM SIGN) */
		utf8proc_int32_t d[8];
		int last = 0;
		utf8proc_ssize_t m = utf8proc_decompose_char((utf8proc_int32_t)cp, d, 8,
		    UTF8PROC_DECOMPOSE, &last);
		if (m < 1 || m > 8)
			return false;
		m = utf8proc_normalize_utf32(d, m, UTF8PROC_COMPOSE | UTF8PROC_STABLE);
		if (m != 1 || (uint32_t)d[0] != cp)
			return false;
	}
	return true;
}

bool
tt_nfc_quick(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, k;
	int prev_ccc = 0;
	uint32_t cp;

	while (i < n) {
		if (p[i] < 0x80) {
			uint64_t w;
			prev_ccc = 0;
			i++;
			/* skip ASCII eight bytes at a time */
			while (i + 8 <= n) {
				memcpy(&w, p + i, 8);
				if (w & UINT64_C(0x8080808080808080))
					break;
				i += 8;
			}
			continue;
		}
		k = tt_decode(p + i, n - i, &cp);
		if (k == 0 || !tt_nfc_step(cp, &prev_ccc))
			return false;
		i += k;
	}
	return true;
}

int
tt_nfc(const char *s, size_t n, struct wq_buf *scratch, const char **out, size_t *outn)
{
	utf8proc_uint8_t *res = NULL;
	utf8proc_ssize_t m;

	if (tt_nfc_quick(s, n)) {
		*out = s;
		*outn = n;
		return 0;
	}
	m = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &res,
	                 UTF8PROC_STABLE | UTF8PROC_COMPOSE);
	if (m < 0)
		return -1;
	wq_buf_reset(scratch);
	if (wq_buf_append(scratch, res, (size_t)m) != 0) {
		free(res);
		return -1;
	}
	free(res);
	*out = scratch->data;
	*outn = scratch->len;
	return 0;
}
