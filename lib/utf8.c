/* utf8.c - UTF-8 decoding and checking, with line/column positions. */
#include "wathiqa.h"

size_t
wq_utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	unsigned char c = s[0];
	size_t len, i;
	uint32_t v, min;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF) {
		len = 2; v = c & 0x1F; min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		len = 3; v = c & 0x0F; min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4; v = c & 0x07; min = 0x10000;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		v = (v << 6) | (s[i] & 0x3F);
	}
	if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		return 0;
	*cp = v;
	return len;
}

size_t
wq_utf8_encode(uint32_t cp, unsigned char out[4])
{
	if (cp < 0x80) {
		out[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (unsigned char)(0xC0 | (cp >> 6));
		out[1] = (unsigned char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp >= 0xD800 && cp <= 0xDFFF)
		return 0;
	if (cp < 0x10000) {
		out[0] = (unsigned char)(0xE0 | (cp >> 12));
		out[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (unsigned char)(0x80 | (cp & 0x3F));
		return 3;
	}
	if (cp <= 0x10FFFF) {
		out[0] = (unsigned char)(0xF0 | (cp >> 18));
		out[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
		out[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		out[3] = (unsigned char)(0x80 | (cp & 0x3F));
		return 4;
	}
	return 0;
}

bool
wq_xml_char_ok(uint32_t cp)
{
	return cp == 0x9 || cp == 0xA || cp == 0xD ||
	       (cp >= 0x20 && cp <= 0xD7FF) ||
	       (cp >= 0xE000 && cp <= 0xFFFD) ||
	       (cp >= 0x10000 && cp <= 0x10FFFF);
}

void
wq_textpos_advance(struct wq_textpos *pos, uint32_t cp)
{
	if (cp == '\n') {
		pos->line++;
		pos->col = 1;
	} else {
		pos->col++;
	}
}

const char *
wq_utf8_strerror(enum wq_utf8_error e)
{
	switch (e) {
	case WQ_UTF8_OK:
		return "no error";
	case WQ_UTF8_INVALID:
		return "invalid UTF-8";
	case WQ_UTF8_NUL:
		return "NUL byte in text";
	case WQ_UTF8_NOT_XML:
		return "character not allowed in XML 1.0";
	}
	return "unknown error";
}

enum wq_utf8_error
wq_utf8_check_xml(const unsigned char *s, size_t n, size_t *at,
                  struct wq_textpos *pos)
{
	size_t i = 0, len;
	uint32_t cp;
	enum wq_utf8_error err;

	while (i < n) {
		/* ASCII fast path: most statements' markup and all English text. */
		if (s[i] >= 0x20 && s[i] < 0x80) {
			if (pos != NULL)
				pos->col++;
			i++;
			continue;
		}
		len = wq_utf8_decode(s + i, n - i, &cp);
		if (len == 0) {
			err = WQ_UTF8_INVALID;
			goto bad;
		}
		if (cp == 0) {
			err = WQ_UTF8_NUL;
			goto bad;
		}
		if (!wq_xml_char_ok(cp)) {
			err = WQ_UTF8_NOT_XML;
			goto bad;
		}
		if (pos != NULL)
			wq_textpos_advance(pos, cp);
		i += len;
	}
	return WQ_UTF8_OK;
bad:
	if (at != NULL)
		*at = i;
	return err;
}

size_t
wq_utf8_tail(const unsigned char *s, size_t n)
{
	size_t k, need;

	/* Look back at most 3 bytes for a lead byte whose sequence runs past the end. */
	for (k = 1; k <= 3 && k <= n; k++) {
		unsigned char c = s[n - k];

		if ((c & 0xC0) == 0x80)
			continue;
		if (c >= 0xF0)
			need = 4;
		else if (c >= 0xE0)
			need = 3;
		else if (c >= 0xC0)
			need = 2;
		else
			need = 1;
		return need > k ? k : 0;
	}
	return 0;
}
