/* te_util.c - language tags, dates, URLs and list numbers (see te_util.h). */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "wathiqa.h"
#include "te_util.h"

static bool
is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

bool
te_lang_ok(const char *tag)
{
	const char *p = tag;
	size_t n, i;
	int first = 1;

	if (tag == NULL || *tag == '\0')
		return false;
	for (;;) {
		n = strcspn(p, "-");
		if (n == 0 || n > 8)
			return false;
		for (i = 0; i < n; i++) {
			if (!is_alpha((unsigned char)p[i]) &&
			    (first || !is_digit((unsigned char)p[i])))
				return false;
		}
		/* A primary language subtag has 2-8 letters, or is "x"/"i". */
		if (first && n == 1 && !(p[0] == 'x' || p[0] == 'X' || p[0] == 'i' || p[0] == 'I'))
			return false;
		if (first && n == 1 && p[n] == '\0')
			return false;
		first = 0;
		if (p[n] == '\0')
			return true;
		p += n + 1;
	}
}

/* Primary subtags of languages normally written right to left. */
static const char *const rtl_langs[] = {
	"ar", "arc", "azb", "bal", "bqi", "ckb", "dv", "fa", "glk", "he", "iw", "ji",
	"khw", "ks", "lrc", "mzn", "nqo", "pnb", "prs", "ps", "sd", "sdh", "skr",
	"syr", "ug", "ur", "yi",
};
/* Script subtags written right to left. */
static const char *const rtl_scripts[] = {
	"Adlm", "Arab", "Hebr", "Mand", "Mend", "Nkoo", "Rohg", "Samr", "Syrc", "Thaa",
};

bool
te_lang_rtl(const char *tag)
{
	char primary[9];
	const char *p;
	size_t n, i;

	if (tag == NULL || !te_lang_ok(tag))
		return false;
	/* A script subtag (4 letters, second position) decides. */
	p = strchr(tag, '-');
	if (p != NULL) {
		n = strcspn(p + 1, "-");
		if (n == 4 && is_alpha((unsigned char)p[1])) {
			for (i = 0; i < sizeof rtl_scripts / sizeof rtl_scripts[0]; i++)
				if (strncasecmp(p + 1, rtl_scripts[i], 4) == 0)
					return true;
			return false;
		}
	}
	n = strcspn(tag, "-");
	if (n >= sizeof primary)
		return false;
	memcpy(primary, tag, n);
	primary[n] = '\0';
	for (i = 0; i < sizeof rtl_langs / sizeof rtl_langs[0]; i++)
		if (strcasecmp(primary, rtl_langs[i]) == 0)
			return true;
	return false;
}

const char *
te_lang_dir(const char *tag)
{
	return te_lang_rtl(tag) ? "rtl" : "ltr";
}

/* n digits at s as a number, or -1. */
static long
digits(const char *s, size_t n)
{
	long v = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		if (!is_digit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

static bool
leap(long y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
mdays(long y, long m)
{
	static const int d[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	return m == 2 && leap(y) ? 29 : d[m - 1];
}

/*
 * Parse YYYY[-MM[-DD[Thh:mm[:ss]Z]]]: fills f[0..5] (missing parts 1 or 0),
 * returns the number of date parts (1..3) plus 3 with a time, or 0 if bad.
 * A time needs seconds when need_sec.
 */
static int
parse_date(const char *s, long f[6], bool need_sec)
{
	size_t n = strlen(s);
	int parts;

	f[1] = f[2] = 1;
	f[3] = f[4] = f[5] = 0;
	if (n < 4 || (f[0] = digits(s, 4)) < 0 || f[0] == 0)
		return 0;
	if (n == 4)
		return 1;
	if (s[4] != '-' || n < 7 || (f[1] = digits(s + 5, 2)) < 1 || f[1] > 12)
		return 0;
	if (n == 7)
		return 2;
	if (s[7] != '-' || n < 10 || (f[2] = digits(s + 8, 2)) < 1 || f[2] > mdays(f[0], f[1]))
		return 0;
	if (n == 10)
		return 3;
	parts = 4;
	if (s[10] != 'T' || n < 17 || s[13] != ':' ||
	    (f[3] = digits(s + 11, 2)) < 0 || f[3] > 23 ||
	    (f[4] = digits(s + 14, 2)) < 0 || f[4] > 59)
		return 0;
	if (n == 17 && s[16] == 'Z' && !need_sec)
		return parts;
	if (n != 20 || s[16] != ':' || s[19] != 'Z' ||
	    (f[5] = digits(s + 17, 2)) < 0 || f[5] > 59)
		return 0;
	return parts;
}

bool
te_w3cdtf_ok(const char *s)
{
	long f[6];

	return s != NULL && parse_date(s, f, false) > 0;
}

bool
te_datetime_ok(const char *s)
{
	long f[6];

	return s != NULL && parse_date(s, f, true) > 0;
}

/* Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm). */
static int64_t
days_from_civil(long y, long m, long d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

int64_t
te_date_epoch(const char *s)
{
	long f[6];

	if (s == NULL || parse_date(s, f, false) == 0)
		return -1;
	return days_from_civil(f[0], f[1], f[2]) * 86400 + f[3] * 3600 + f[4] * 60 + f[5];
}

void
te_dos_time(int64_t t, uint16_t *dostime, uint16_t *dosdate)
{
	int64_t days, secs, z, era, doe, yoe, y, doy, mp, d, m;

	if (t < 315532800)             /* 1980-01-01 */
		t = 315532800;
	if (t > 4354819198LL)          /* 2107-12-31T23:59:58 */
		t = 4354819198LL;
	days = t / 86400;
	secs = t % 86400;
	/* civil_from_days */
	z = days + 719468;
	era = z / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp < 10 ? mp + 3 : mp - 9;
	y += m <= 2;
	*dostime = (uint16_t)(((secs / 3600) << 11) | (((secs / 60) % 60) << 5) | ((secs % 60) / 2));
	*dosdate = (uint16_t)(((y - 1980) << 9) | (m << 5) | d);
}

bool
te_url_ok(const char *s)
{
	const char *p;
	size_t n;

	if (s == NULL)
		return false;
	if (strncmp(s, "https://", 8) == 0)
		n = 8;
	else if (strncmp(s, "http://", 7) == 0)
		n = 7;
	else if (strncmp(s, "mailto:", 7) == 0)
		n = 7;
	else
		return false;
	if (s[n] == '\0' || s[n] == '/')
		return false;
	for (p = s + n; *p != '\0'; p++) {
		unsigned char c = (unsigned char)*p;

		if (is_alpha(c) || is_digit(c) || strchr("-._~:/?#[]@!$&'()*+,;=", c) != NULL)
			continue;
		if (c == '%' && p[1] != '\0' && p[2] != '\0' &&
		    strchr("0123456789abcdefABCDEF", p[1]) != NULL &&
		    strchr("0123456789abcdefABCDEF", p[2]) != NULL)
			continue;
		return false;
	}
	return true;
}

enum te_digits
te_number(const char *s, long *value)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), k;
	enum te_digits script = TE_DIGITS_NONE, d;
	long v = 0;
	int count = 0, seen_end = 0;
	uint32_t cp;

	while (n > 0) {
		k = wq_utf8_decode(p, n, &cp);
		if (k == 0)
			return TE_DIGITS_NONE;
		if (cp >= '0' && cp <= '9') {
			d = TE_DIGITS_ASCII;
			cp -= '0';
		} else if (cp >= 0x660 && cp <= 0x669) {
			d = TE_DIGITS_ARAB;
			cp -= 0x660;
		} else if (cp >= 0x6F0 && cp <= 0x6F9) {
			d = TE_DIGITS_PERS;
			cp -= 0x6F0;
		} else if (cp < 0x80 && strchr(" \t\n\r.-)(:", (int)cp) != NULL && cp != 0) {
			if (count > 0)
				seen_end = 1;
			p += k;
			n -= k;
			continue;
		} else {
			return TE_DIGITS_NONE;
		}
		if (seen_end || (script != TE_DIGITS_NONE && d != script) || count >= 9)
			return TE_DIGITS_NONE;
		script = d;
		v = v * 10 + (long)cp;
		count++;
		p += k;
		n -= k;
	}
	if (count == 0)
		return TE_DIGITS_NONE;
	*value = v;
	return script;
}

char *
te_squeeze(char *s)
{
	char *r = s, *w = s;
	int space = 0;

	while (*r == ' ' || *r == '\t' || *r == '\n' || *r == '\r')
		r++;
	for (; *r != '\0'; r++) {
		if (*r == ' ' || *r == '\t' || *r == '\n' || *r == '\r') {
			space = 1;
			continue;
		}
		if (space)
			*w++ = ' ';
		space = 0;
		*w++ = *r;
	}
	*w = '\0';
	return s;
}

void
te_truncate_utf8(char *s, size_t max)
{
	size_t n = strlen(s);

	if (n <= max)
		return;
	n = max;
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	s[n] = '\0';
}
