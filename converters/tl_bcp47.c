/*
 * tl_bcp47.c - RFC 5646 language tag syntax.
 *
 *   Language-Tag  = langtag / privateuse / grandfathered
 *   langtag       = language ["-" script] ["-" region] *("-" variant)
 *                   *("-" extension) ["-" privateuse]
 *   language      = 2*3ALPHA ["-" extlang] / 4ALPHA / 5*8ALPHA
 *   extlang       = 3ALPHA *2("-" 3ALPHA)
 *   script        = 4ALPHA
 *   region        = 2ALPHA / 3DIGIT
 *   variant       = 5*8alphanum / (DIGIT 3alphanum)
 *   extension     = singleton 1*("-" (2*8alphanum))
 *   privateuse    = "x" 1*("-" (1*8alphanum))
 *
 * The subtags are read left to right by a small state machine whose states
 * are the places in langtag where the next subtag may stand. The regular
 * grandfathered tags ("zh-min-nan", "art-lojban", ...) match langtag; the
 * irregular ones are a table.
 */
#include "tl_bcp47.h"

#include <stddef.h>
#include <strings.h>

static const char *const irregular[] = {
	"en-GB-oed", "i-ami", "i-bnn", "i-default", "i-enochian", "i-hak",
	"i-klingon", "i-lux", "i-mingo", "i-navajo", "i-pwn", "i-tao", "i-tay",
	"i-tsu", "sgn-BE-FR", "sgn-BE-NL", "sgn-CH-DE",
};

static bool
is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static bool
is_digit(char c) { return c >= '0' && c <= '9'; }

static bool
all_alpha(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!is_alpha(s[i]))
			return false;
	return true;
}

static bool
all_digit(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!is_digit(s[i]))
			return false;
	return true;
}

static bool
fail(const char **why, const char *msg)
{
	if (why)
		*why = msg;
	return false;
}

enum state {
	S_START,     /* nothing read yet */
	S_EXTLANG,   /* after a 2-3 letter language: extlang, script, ... */
	S_SCRIPT,    /* script, region, variant, extension or private use may follow */
	S_REGION,    /* region, variant, ... */
	S_VARIANT,   /* variant, extension, private use */
	S_EXT_NEED,  /* after a singleton: an extension subtag must follow */
	S_EXT_HAVE,  /* more extension subtags, a singleton or "x" */
	S_PRIV_NEED, /* after "x": a private use subtag must follow */
	S_PRIV_HAVE
};

bool
tl_bcp47_check(const char *tag, const char **why)
{
	enum state st = S_START;
	int nextlang = 0;
	const char *p = tag;

	if (!tag || !*tag)
		return fail(why, "empty language tag");
	for (size_t i = 0; i < sizeof irregular / sizeof irregular[0]; i++)
		if (strcasecmp(tag, irregular[i]) == 0)
			return true;

	for (;;) {
		const char *s = p;
		size_t n;
		bool x, single;

		while (is_alpha(*p) || is_digit(*p))
			p++;
		if (*p && *p != '-')
			return fail(why, "character other than a letter, digit or hyphen");
		n = (size_t)(p - s);
		if (n == 0)
			return fail(why, "empty subtag");
		if (n > 8)
			return fail(why, "subtag longer than 8 characters");
		x = n == 1 && (*s == 'x' || *s == 'X');
		single = n == 1 && !x;

		switch (st) {
		case S_START:
			if (x)
				st = S_PRIV_NEED;
			else if (n >= 2 && all_alpha(s, n))
				st = n <= 3 ? S_EXTLANG : S_SCRIPT;
			else
				return fail(why, "primary language subtag must be 2 to 8 letters");
			break;
		case S_EXTLANG:
			if (n == 3 && all_alpha(s, n) && nextlang < 3) {
				nextlang++;
				break;
			}
			/* fall through */
		case S_SCRIPT:
			if (n == 4 && all_alpha(s, n)) {
				st = S_REGION;
				break;
			}
			/* fall through */
		case S_REGION:
			if ((n == 2 && all_alpha(s, n)) || (n == 3 && all_digit(s, n))) {
				st = S_VARIANT;
				break;
			}
			/* fall through */
		case S_VARIANT:
			if (n >= 5 || (n == 4 && is_digit(*s))) {
				st = S_VARIANT;
				break;
			}
			if (single)
				st = S_EXT_NEED;
			else if (x)
				st = S_PRIV_NEED;
			else
				return fail(why, "subtag out of place (not a script, region, variant or extension)");
			break;
		case S_EXT_NEED:
			if (n < 2)
				return fail(why, "extension singleton without a subtag of 2 to 8 characters");
			st = S_EXT_HAVE;
			break;
		case S_EXT_HAVE:
			if (n >= 2)
				break;
			st = x ? S_PRIV_NEED : S_EXT_NEED;
			break;
		case S_PRIV_NEED:
		case S_PRIV_HAVE:
			st = S_PRIV_HAVE;
			break;
		}
		if (!*p)
			break;
		p++; /* the hyphen */
	}
	if (st == S_EXT_NEED)
		return fail(why, "extension singleton without a subtag of 2 to 8 characters");
	if (st == S_PRIV_NEED)
		return fail(why, "private use 'x' without a subtag after it");
	return true;
}
