/*
 * el_path.c - EPUB 3.3 file name rules and URL resolution inside the
 * container. Pure functions: no I/O, no global state.
 */
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "el_check.h"
#include "wathiqa.h"

/*
 * EPUB 3.3, 6.1.3 (file names): forbidden are / " * : < > ? \ |, C0 and C1
 * controls and DEL, the private use areas, the non-characters U+FDD0..FDEF,
 * the specials block U+FFF0..FFFF, tags and variation selectors supplement
 * U+E0000..E0FFF, and every plane's last two code points.
 */
bool
el_fname_char_forbidden(uint32_t cp)
{
	switch (cp) {
	case '"': case '*': case ':': case '<': case '>': case '?':
	case '\\': case '|': case '/':
		return true;
	default:
		break;
	}
	if (cp <= 0x1F || (cp >= 0x7F && cp <= 0x9F))
		return true;
	if (cp >= 0xE000 && cp <= 0xF8FF)
		return true;
	if (cp >= 0xFDD0 && cp <= 0xFDEF)
		return true;
	if (cp >= 0xFFF0 && cp <= 0xFFFF)
		return true;
	if (cp >= 0xE0000 && cp <= 0xE0FFF)
		return true;
	if (cp >= 0xF0000)
		return true;
	if ((cp & 0xFFFE) == 0xFFFE)
		return true;
	return false;
}

unsigned
el_fname_check(const char *name, size_t n, uint32_t *bad)
{
	const unsigned char *s = (const unsigned char *)name;
	unsigned res = 0;
	size_t i = 0, seg = 0;
	bool have_bad = false;

	if (n > 0 && s[n - 1] == '/')
		n--; /* a directory entry */
	if (n == 0)
		return EL_FN_UNSAFE;
	if (s[0] == '/')
		res |= EL_FN_UNSAFE;
	while (i <= n) {
		uint32_t cp;
		size_t len;

		if (i == n || s[i] == '/') {
			size_t sl = i - seg;
			if (sl == 0 || (sl == 1 && s[seg] == '.') ||
			    (sl == 2 && s[seg] == '.' && s[seg + 1] == '.'))
				res |= EL_FN_UNSAFE;
			else if (s[i - 1] == '.')
				res |= EL_FN_TRAILING_DOT;
			seg = i + 1;
			i++;
			continue;
		}
		len = wq_utf8_decode(s + i, n - i, &cp);
		if (len == 0 || cp == 0)
			return EL_FN_NOT_UTF8;
		if (cp >= 0x80)
			res |= EL_FN_NON_ASCII;
		if (el_fname_char_forbidden(cp)) {
			res |= EL_FN_BAD_CHAR;
			if (cp == '\\')
				res |= EL_FN_UNSAFE;
			if (!have_bad && bad != NULL)
				*bad = cp;
			have_bad = true;
		} else {
			utf8proc_category_t c = utf8proc_category((utf8proc_int32_t)cp);
			if (c == UTF8PROC_CATEGORY_ZS || c == UTF8PROC_CATEGORY_ZL ||
			    c == UTF8PROC_CATEGORY_ZP)
				res |= EL_FN_SPACE;
		}
		i += len;
	}
	return res;
}

char *
el_fname_key(const char *name)
{
	return wq_utf8_fold(name);
}

char *
el_path_dir(const char *path)
{
	const char *slash = strrchr(path, '/');
	size_t n = slash != NULL ? (size_t)(slash - path) + 1 : 0;
	char *d = malloc(n + 1);

	if (d == NULL)
		return NULL;
	memcpy(d, path, n);
	d[n] = '\0';
	return d;
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Percent-decode s[0..n) into a new string; *ok false on a bad escape or NUL. */
static char *
pct_decode(const char *s, size_t n, bool *ok)
{
	char *d = malloc(n + 1);
	size_t i, j = 0;

	if (d == NULL)
		return NULL;
	for (i = 0; i < n; i++) {
		if (s[i] == '%') {
			int h, l;
			if (i + 2 >= n) {
				*ok = false;
				break;
			}
			h = hexval((unsigned char)s[i + 1]);
			l = hexval((unsigned char)s[i + 2]);
			if (h < 0 || l < 0 || (h == 0 && l == 0)) {
				*ok = false;
				break;
			}
			d[j++] = (char)(h * 16 + l);
			i += 2;
		} else {
			d[j++] = s[i];
		}
	}
	d[j] = '\0';
	return d;
}

static bool
has_scheme(const char *s)
{
	const char *p = s;

	if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
		return false;
	for (p++; *p != '\0' && *p != '/' && *p != '?' && *p != '#'; p++) {
		if (*p == ':')
			return true;
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '+' || *p == '-' || *p == '.'))
			return false;
	}
	return false;
}

/* Join base's folder and rel, resolving "." and ".."; NULL + *leak on escape. */
static char *
join_norm(const char *base, const char *rel, bool *leak)
{
	struct wq_buf b = WQ_BUF_INIT;
	char *dir = el_path_dir(base), *all, *p, *seg, *save = NULL, *res;
	size_t *starts = NULL, ns = 0;

	if (dir == NULL)
		return NULL;
	all = wq_path_join(dir, rel);
	free(dir);
	if (all == NULL)
		return NULL;
	if (*all == '/') /* wq_path_join of "" and rel */
		memmove(all, all + 1, strlen(all));
	starts = malloc((strlen(all) / 2 + 2) * sizeof *starts);
	if (starts == NULL) {
		free(all);
		return NULL;
	}
	/* keep segment boundaries in b so ".." can truncate */
	for (p = all; (seg = strtok_r(p, "/", &save)) != NULL; p = NULL) {
		if (strcmp(seg, ".") == 0)
			continue;
		if (strcmp(seg, "..") == 0) {
			if (ns == 0) {
				*leak = true;
				goto fail;
			}
			b.len = starts[--ns];
			if (b.data != NULL)
				b.data[b.len] = '\0';
			continue;
		}
		starts[ns++] = b.len;
		if ((b.len > 0 && wq_buf_putc(&b, '/') < 0) || wq_buf_puts(&b, seg) < 0)
			goto fail;
	}
	/* a trailing '/' names a folder: keep it so it never matches a file */
	if (*rel != '\0' && rel[strlen(rel) - 1] == '/' && b.len > 0 &&
	    wq_buf_putc(&b, '/') < 0)
		goto fail;
	free(starts);
	free(all);
	res = wq_buf_steal(&b);
	if (res == NULL) {
		res = malloc(1);
		if (res != NULL)
			*res = '\0';
	}
	return res;
fail:
	free(starts);
	free(all);
	wq_buf_free(&b);
	return NULL;
}

int
el_url_resolve(const char *base, const char *href, struct el_url *u)
{
	size_t plen;
	const char *hash;
	bool ok = true, leak = false;
	char *dec;

	u->kind = EL_URL_BAD;
	u->path = NULL;
	u->frag = NULL;
	if (has_scheme(href) || (href[0] == '/' && href[1] == '/')) {
		u->kind = EL_URL_REMOTE;
		return 0;
	}
	hash = strchr(href, '#');
	plen = strcspn(href, "?#");
	if (hash != NULL) {
		u->frag = pct_decode(hash + 1, strlen(hash + 1), &ok);
		if (u->frag == NULL)
			return -1;
	}
	if (plen == 0) {
		u->kind = ok ? EL_URL_SAMEDOC : EL_URL_BAD;
		return 0;
	}
	if (href[0] == '/') {
		u->kind = EL_URL_LEAK;
		return 0;
	}
	dec = pct_decode(href, plen, &ok);
	if (dec == NULL)
		return -1;
	if (!ok) {
		free(dec);
		return 0;
	}
	u->path = join_norm(base, dec, &leak);
	free(dec);
	if (u->path == NULL) {
		if (leak) {
			u->kind = EL_URL_LEAK;
			return 0;
		}
		return -1;
	}
	u->kind = EL_URL_LOCAL;
	return 0;
}

void
el_url_free(struct el_url *u)
{
	free(u->path);
	free(u->frag);
	u->path = u->frag = NULL;
}
