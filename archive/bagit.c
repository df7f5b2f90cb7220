/* bagit.c - the BagIt model: lines, manifests, percent-encoding, bag-info. */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "bagit.h"

bool
bag_next_line(const char *text, size_t n, size_t *pos, const char **line, size_t *len)
{
	size_t i = *pos, start = i;

	if (i >= n)
		return false;
	while (i < n && text[i] != '\n' && text[i] != '\r')
		i++;
	*line = text + start;
	*len = i - start;
	if (i < n && text[i] == '\r') {
		i++;
		if (i < n && text[i] == '\n')
			i++;
	} else if (i < n) {
		i++;
	}
	*pos = i;
	return true;
}

/* ---- percent-encoding ---- */

int
bag_path_encode(const char *path, size_t n, struct wq_buf *out)
{
	size_t i, run = 0;

	for (i = 0; i < n; i++) {
		const char *esc;
		switch (path[i]) {
		case '\r': esc = "%0D"; break;
		case '\n': esc = "%0A"; break;
		case '%': esc = "%25"; break;
		default: continue;
		}
		if (wq_buf_append(out, path + run, i - run) != 0 || wq_buf_puts(out, esc) != 0)
			return -1;
		run = i + 1;
	}
	return wq_buf_append(out, path + run, n - run);
}

int
bag_path_decode(const char *s, size_t n, struct wq_buf *out, bool *stray)
{
	size_t i, run = 0;

	for (i = 0; i < n; i++) {
		char c;
		if (s[i] != '%')
			continue;
		if (i + 2 < n && s[i + 1] == '0' && (s[i + 2] == 'D' || s[i + 2] == 'd'))
			c = '\r';
		else if (i + 2 < n && s[i + 1] == '0' && (s[i + 2] == 'A' || s[i + 2] == 'a'))
			c = '\n';
		else if (i + 2 < n && s[i + 1] == '2' && s[i + 2] == '5')
			c = '%';
		else {
			if (stray != NULL)
				*stray = true;
			continue;
		}
		if (wq_buf_append(out, s + run, i - run) != 0 || wq_buf_putc(out, c) != 0)
			return -1;
		i += 2;
		run = i + 1;
	}
	return wq_buf_append(out, s + run, n - run);
}

/* ---- paths ---- */

enum bag_path_err
bag_path_check(const char *p, size_t n)
{
	size_t i, seg = 0;

	if (n == 0)
		return BAG_PATH_EMPTY;
	if (memchr(p, '\0', n) != NULL)
		return BAG_PATH_NUL;
	if (p[0] == '/')
		return BAG_PATH_ABSOLUTE;
	if (p[0] == '\\')
		return n > 1 && p[1] == '\\' ? BAG_PATH_UNC : BAG_PATH_ABSOLUTE;
	if (n >= 2 && isalpha((unsigned char)p[0]) && p[1] == ':')
		return BAG_PATH_DRIVE;
	if (p[0] == '~')
		return BAG_PATH_HOME;
	if (p[0] == '%') {
		/* %HomeDrive%, %USERPROFILE%: a Windows environment shortcut */
		for (i = 1; i < n && (isalnum((unsigned char)p[i]) || p[i] == '_'); i++)
			;
		if (i > 1 && i < n && p[i] == '%')
			return BAG_PATH_HOME;
	}
	for (i = 0; i <= n; i++) {
		if (i < n && p[i] != '/')
			continue;
		size_t len = i - seg;
		if (len == 0)
			return BAG_PATH_EMPTY_SEG;
		if (len == 1 && p[seg] == '.')
			return BAG_PATH_DOT;
		if (len == 2 && p[seg] == '.' && p[seg + 1] == '.')
			return BAG_PATH_DOTDOT;
		/* "..\x" is ".." on Windows */
		if (len >= 3 && p[seg] == '.' && p[seg + 1] == '.' && p[seg + 2] == '\\')
			return BAG_PATH_DOTDOT;
		seg = i + 1;
	}
	return BAG_PATH_OK;
}

const char *
bag_path_strerror(enum bag_path_err e)
{
	switch (e) {
	case BAG_PATH_OK: return "ok";
	case BAG_PATH_EMPTY: return "empty path";
	case BAG_PATH_ABSOLUTE: return "absolute path outside the bag";
	case BAG_PATH_DRIVE: return "drive-letter path outside the bag";
	case BAG_PATH_UNC: return "UNC path outside the bag";
	case BAG_PATH_HOME: return "home-folder shortcut outside the bag";
	case BAG_PATH_DOTDOT: return "'..' in path (escapes the bag)";
	case BAG_PATH_DOT: return "'.' segment in path";
	case BAG_PATH_EMPTY_SEG: return "empty segment in path";
	case BAG_PATH_NUL: return "NUL byte in path";
	}
	return "bad path";
}

/* ---- manifest lines ---- */

enum bag_mline_err
bag_mline_parse(const char *line, size_t n, struct bag_mline *ml)
{
	size_t i = 0, d;

	memset(ml, 0, sizeof(*ml));
	while (i < n && (line[i] == ' ' || line[i] == '\t'))
		i++;
	if (i == n)
		return BAG_ML_EMPTY;
	if (i > 0)
		return BAG_ML_BAD_DIGEST; /* whitespace before the checksum */
	for (; i < n && line[i] != ' ' && line[i] != '\t'; i++)
		;
	d = i;
	while (i < n && (line[i] == ' ' || line[i] == '\t'))
		i++;
	if (i == d || i >= n)
		return BAG_ML_NO_PATH;
	ml->digest = line;
	ml->digest_len = d;
	for (size_t k = 0; k < d; k++)
		if (!isxdigit((unsigned char)line[k]))
			return BAG_ML_BAD_DIGEST;
	if (line[i] == '*' && i + 1 < n) {
		ml->star = true;
		i++;
	}
	if (n - i > 2 && line[i] == '.' && line[i + 1] == '/') {
		ml->dotslash = true;
		i += 2;
	}
	ml->path = line + i;
	ml->path_len = n - i;
	return BAG_ML_OK;
}

const char *
bag_mline_strerror(enum bag_mline_err e)
{
	switch (e) {
	case BAG_ML_OK: return "ok";
	case BAG_ML_EMPTY: return "blank line";
	case BAG_ML_NO_PATH: return "checksum without a file path";
	case BAG_ML_BAD_DIGEST: return "checksum is not hexadecimal";
	}
	return "bad line";
}

bool
bag_manifest_name(const char *name, bool *tag, char *alg, size_t algsz)
{
	const char *p;
	size_t n;

	if (strncmp(name, "tagmanifest-", 12) == 0) {
		*tag = true;
		p = name + 12;
	} else if (strncmp(name, "manifest-", 9) == 0) {
		*tag = false;
		p = name + 9;
	} else
		return false;
	n = strlen(p);
	if (n <= 4 || strcmp(p + n - 4, ".txt") != 0 || n - 4 >= algsz)
		return false;
	n -= 4;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)p[i]) && p[i] != '-')
			return false;
	memcpy(alg, p, n);
	alg[n] = '\0';
	return true;
}

/* ---- bag-info.txt ---- */

static void
problem(bag_problem_fn *fn, void *arg, bool error, unsigned long line, const char *msg)
{
	if (fn != NULL)
		fn(arg, error, line, msg);
}

static int
elem_push(struct bag_info *bi, const char *label, size_t ln, const char *val, size_t vn,
          unsigned long line)
{
	struct bag_info_elem *v, *e;

	if ((v = realloc(bi->v, (bi->n + 1) * sizeof(*v))) == NULL)
		return -1;
	bi->v = v;
	e = &v[bi->n];
	e->label = strndup(label, ln);
	e->value = strndup(val, vn);
	e->line = line;
	if (e->label == NULL || e->value == NULL) {
		free(e->label);
		free(e->value);
		return -1;
	}
	bi->n++;
	return 0;
}

static int
elem_continue(struct bag_info_elem *e, const char *s, size_t n)
{
	size_t old = strlen(e->value);
	char *v;

	if ((v = realloc(e->value, old + n + 2)) == NULL)
		return -1;
	if (old > 0)
		v[old++] = ' ';
	memcpy(v + old, s, n);
	v[old + n] = '\0';
	e->value = v;
	return 0;
}

int
bag_info_parse(const char *text, size_t n, bool strict, struct bag_info *out,
               bag_problem_fn *fn, void *arg)
{
	size_t pos = 0, len;
	const char *line;
	unsigned long lineno = 0;

	while (bag_next_line(text, n, &pos, &line, &len)) {
		const char *colon, *l0, *l1, *v0, *end = line + len;
		lineno++;
		if (len == 0) {
			problem(fn, arg, false, lineno, "blank line");
			continue;
		}
		if (line[0] == ' ' || line[0] == '\t') {
			const char *s = line, *e = end;
			while (s < e && (*s == ' ' || *s == '\t'))
				s++;
			while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
				e--;
			if (out->n == 0) {
				problem(fn, arg, true, lineno, "continuation line before any element");
				continue;
			}
			if (s < e && elem_continue(&out->v[out->n - 1], s, (size_t)(e - s)) != 0)
				return -1;
			continue;
		}
		if ((colon = memchr(line, ':', len)) == NULL) {
			problem(fn, arg, true, lineno, "line has no ':' (not \"Label: value\")");
			continue;
		}
		l0 = line;
		l1 = colon;
		while (l1 > l0 && (l1[-1] == ' ' || l1[-1] == '\t'))
			l1--;
		if (l1 != colon)
			problem(fn, arg, strict, lineno, "whitespace before ':' after the label");
		if (l1 == l0) {
			problem(fn, arg, true, lineno, "empty label");
			continue;
		}
		v0 = colon + 1;
		if (v0 < end && *v0 != ' ' && *v0 != '\t')
			problem(fn, arg, false, lineno, "no whitespace after ':'");
		while (v0 < end && (*v0 == ' ' || *v0 == '\t'))
			v0++;
		while (end > v0 && (end[-1] == ' ' || end[-1] == '\t'))
			end--;
		if (elem_push(out, l0, (size_t)(l1 - l0), v0, (size_t)(end - v0), lineno) != 0)
			return -1;
	}
	return 0;
}

void
bag_info_free(struct bag_info *bi)
{
	for (size_t i = 0; i < bi->n; i++) {
		free(bi->v[i].label);
		free(bi->v[i].value);
	}
	free(bi->v);
	bi->v = NULL;
	bi->n = 0;
}

const char *
bag_info_get(const struct bag_info *bi, const char *label, size_t *count)
{
	const char *first = NULL;
	size_t c = 0;

	for (size_t i = 0; i < bi->n; i++) {
		const char *a = bi->v[i].label, *b = label;
		while (*a && *b && tolower((unsigned char)*a) == tolower((unsigned char)*b))
			a++, b++;
		if (*a || *b)
			continue;
		if (c++ == 0)
			first = bi->v[i].value;
	}
	if (count != NULL)
		*count = c;
	return first;
}

static bool
parse_ull(const char **s, unsigned long long *v)
{
	const char *p = *s;
	unsigned long long x = 0;

	if (!isdigit((unsigned char)*p))
		return false;
	for (; isdigit((unsigned char)*p); p++) {
		unsigned d = (unsigned)(*p - '0');
		if (x > (~0ULL - d) / 10)
			return false;
		x = x * 10 + d;
	}
	*v = x;
	*s = p;
	return true;
}

bool
bag_oxum_parse(const char *s, unsigned long long *octets, unsigned long long *files)
{
	if (!parse_ull(&s, octets) || *s++ != '.' || !parse_ull(&s, files))
		return false;
	return *s == '\0';
}

/* ---- writing ---- */

int
bag_bagit_txt(struct wq_buf *out)
{
	return wq_buf_puts(out, "BagIt-Version: " BAG_VERSION "\n"
	                        "Tag-File-Character-Encoding: UTF-8\n");
}

int
bag_info_append(struct wq_buf *out, const char *label, const char *value)
{
	size_t n = strlen(label), pos = 0, len;
	const char *line;
	bool first = true;

	if (n == 0 || strchr(label, ':') != NULL || isspace((unsigned char)label[0]) ||
	    isspace((unsigned char)label[n - 1])) {
		errno = EINVAL;
		return -1;
	}
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)label[i] < 0x20 || label[i] == 0x7f) {
			errno = EINVAL;
			return -1;
		}
	if (wq_buf_puts(out, label) != 0 || wq_buf_puts(out, ":") != 0)
		return -1;
	while (bag_next_line(value, strlen(value), &pos, &line, &len)) {
		size_t k = len;
		while (k > 0 && (line[k - 1] == ' ' || line[k - 1] == '\t'))
			k--;
		if (k == 0 && !first)
			continue;
		if (wq_buf_puts(out, first ? " " : "\n  ") != 0 ||
		    wq_buf_append(out, line, k) != 0)
			return -1;
		first = false;
	}
	if (first && wq_buf_puts(out, " ") != 0)
		return -1;
	return wq_buf_putc(out, '\n');
}

int
bag_manifest_append(struct wq_buf *out, const char *hex, const char *path)
{
	if (wq_buf_puts(out, hex) != 0 || wq_buf_puts(out, "  ") != 0 ||
	    bag_path_encode(path, strlen(path), out) != 0)
		return -1;
	return wq_buf_putc(out, '\n');
}
