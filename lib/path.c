/* path.c - safe relative paths and folder helpers. */
#define _DEFAULT_SOURCE /* DT_DIR in struct dirent */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wathiqa.h"

bool
wq_path_is_safe_relative(const char *p)
{
	const char *seg = p, *s;
	size_t n;

	if (*p == '\0' || *p == '/')
		return false;
	for (;;) {
		s = strchr(seg, '/');
		n = s ? (size_t)(s - seg) : strlen(seg);
		if (n == 0 || (n == 1 && seg[0] == '.') ||
		    (n == 2 && seg[0] == '.' && seg[1] == '.'))
			return false;
		if (memchr(seg, '\\', n) != NULL)
			return false;
		if (s == NULL)
			return true;
		seg = s + 1;
	}
}

char *
wq_path_join(const char *a, const char *b)
{
	size_t na = strlen(a), nb = strlen(b);
	char *p;

	if ((p = malloc(na + nb + 2)) == NULL)
		return NULL;
	(void)wq_path_join_to(p, a, na, b, nb);
	return p;
}

char *
wq_path_join_to(char *dst, const char *a, size_t na, const char *b, size_t nb)
{
	while (na > 1 && a[na - 1] == '/')
		na--;
	memcpy(dst, a, na);
	if (na > 0 && a[na - 1] != '/')
		dst[na++] = '/';
	memcpy(dst + na, b, nb);
	dst[na + nb] = '\0';
	return dst + na + nb + 1;
}

const char *
wq_path_base(const char *p)
{
	const char *s = strrchr(p, '/');

	return s ? s + 1 : p;
}

int
wq_mkdirs(const char *path, mode_t mode)
{
	char *p, *s;
	struct stat st;
	int saved;

	if ((p = strdup(path)) == NULL)
		return -1;
	for (s = p + 1; ; s++) {
		if (*s != '/' && *s != '\0')
			continue;
		char c = *s;
		*s = '\0';
		if (mkdir(p, mode) != 0 && errno != EEXIST)
			goto fail;
		if (stat(p, &st) != 0)
			goto fail;
		if (!S_ISDIR(st.st_mode)) {
			errno = ENOTDIR;
			goto fail;
		}
		*s = c;
		if (c == '\0')
			break;
	}
	free(p);
	return 0;
fail:
	saved = errno;
	free(p);
	errno = saved;
	return -1;
}

int
wq_remove_tree(const char *path)
{
	struct stat st;
	DIR *d;
	struct dirent *e;
	char *child;
	int rc = 0, saved;

	if (lstat(path, &st) != 0)
		return errno == ENOENT ? 0 : -1;
	if (!S_ISDIR(st.st_mode))
		return unlink(path);
	if ((d = opendir(path)) == NULL)
		return -1;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if ((child = wq_path_join(path, e->d_name)) == NULL) {
			rc = -1;
			break;
		}
		if (wq_remove_tree(child) != 0)
			rc = -1;
		free(child);
	}
	saved = errno;
	closedir(d);
	if (rc == 0 && rmdir(path) != 0)
		return -1;
	errno = saved;
	return rc;
}

/* A name with its wq_prefix8(): most comparisons of a large folder's names are then one integer's. */
struct keyed_name {
	uint64_t pre;
	char *name;
};

static int
cmp_keyed(const void *a, const void *b)
{
	const struct keyed_name *x = a, *y = b;

	if (x->pre != y->pre)
		return x->pre < y->pre ? -1 : 1;
	return strcmp(x->name, y->name);
}

/* Sort n names bytewise; false (left as they are) without memory. */
static bool
sort_names(char **v, size_t n)
{
	struct keyed_name *k = malloc(n * sizeof *k);
	size_t i;

	if (k == NULL)
		return false;
	for (i = 0; i < n; i++)
		k[i] = (struct keyed_name){ wq_prefix8(v[i]), v[i] };
	qsort(k, n, sizeof *k, cmp_keyed);
	for (i = 0; i < n; i++)
		v[i] = k[i].name;
	free(k);
	return true;
}

void
wq_names_free(char **names, size_t n)
{
	(void)n; /* (the pointers and the names are one allocation) */
	free(names);
}

int
wq_dir_names(int dfd, char ***names, size_t *n)
{
	DIR *d = fdopendir(dfd);
	struct dirent *e;
	struct wq_buf text = WQ_BUF_INIT; /* the names, each with its NUL */
	char **v = NULL, *p;
	size_t k = 0, i;
	int err = 0;

	*names = NULL;
	*n = 0;
	if (d == NULL) {
		err = errno;
		close(dfd);
		errno = err;
		return -1;
	}
	for (;;) {
		errno = 0;
		if ((e = readdir(d)) == NULL) {
			err = errno;
			break;
		}
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if (wq_buf_append(&text, e->d_name, strlen(e->d_name) + 1) != 0) {
			err = ENOMEM;
			break;
		}
		k++;
	}
	closedir(d);
	/* one allocation, not one a name: the pointers, then the names they point to */
	if (err == 0 && (k > (SIZE_MAX - text.len) / sizeof *v ||
	                 (v = malloc(k * sizeof *v + text.len + 1)) == NULL))
		err = ENOMEM;
	if (err == 0) {
		p = memcpy((char *)(v + k), text.data != NULL ? text.data : "", text.len);
		for (i = 0; i < k; i++) {
			v[i] = p;
			p += strlen(p) + 1;
		}
		if (k > 1 && !sort_names(v, k))
			err = ENOMEM;
	}
	wq_buf_free(&text);
	if (err != 0) {
		free(v);
		errno = err;
		return -1;
	}
	*names = v;
	*n = k;
	return 0;
}

char *
wq_output_name(const char *dir, const char *input, const char *ext)
{
	const char *base = strcmp(input, "-") == 0 ? "stdin" : wq_path_base(input);
	const char *dot = strrchr(base, '.');
	size_t nb = (dot != NULL && dot != base) ? (size_t)(dot - base) : strlen(base);
	size_t nd = strlen(dir), ne = strlen(ext);
	char *p;

	if ((p = malloc(nd + nb + ne + 3)) == NULL)
		return NULL;
	memcpy(p, dir, nd);
	p[nd] = '/';
	memcpy(p + nd + 1, base, nb);
	p[nd + 1 + nb] = '.';
	memcpy(p + nd + 2 + nb, ext, ne + 1);
	return p;
}
