/*
 * ocfl_layout.c - the OCFL 1.1 storage root and its 0004 layout.
 *
 * A store made by wathiqa init:
 *   0=ocfl_1.1                      "ocfl_1.1\n"
 *   ocfl_layout.json                {"description", "extension"}
 *   extensions/0004-hashed-n-tuple-storage-layout/config.json
 *   extensions/wathiqa-work/        staging, locks, inventory snapshots (made on first commit)
 *   3c0/ff4/240/3c0ff424...         the objects
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "ocfl_layout.h"

void
ocfl_seterr(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (errlen == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

bool
ocfl_path_ok(const char *p)
{
	const char *s = p, *e;

	if (p == NULL || *p == '\0' || *p == '/')
		return false;
	for (;;) {
		e = strchr(s, '/');
		size_t n = e != NULL ? (size_t)(e - s) : strlen(s);
		if (n == 0 || (n == 1 && s[0] == '.') || (n == 2 && s[0] == '.' && s[1] == '.'))
			return false;
		if (e == NULL)
			return true;
		s = e + 1;
	}
}

void
ocfl_id_key(const char *id, char key[WQ_DIGEST_HEX_MAX + 1])
{
	if (wq_digest_mem(WQ_SHA256, id, strlen(id), key) != 0)
		key[0] = '\0';
}

char *
ocfl_work_path(const char *store, const char *sub)
{
	struct wq_buf b = WQ_BUF_INIT;

	if (wq_buf_printf(&b, "%s/extensions/%s%s%s", store, OCFL_WORK_EXT,
	                  sub != NULL ? "/" : "", sub != NULL ? sub : "") != 0) {
		wq_buf_free(&b);
		return NULL;
	}
	return wq_buf_steal(&b);
}

/* n bytes at offset 0 of fd, whatever the partial writes */
static int
pwrite_all(int fd, const char *p, size_t n)
{
	off_t off = 0;

	while (n > 0) {
		ssize_t w = pwrite(fd, p, n, off);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		off += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Replace path by a new file through path.tmp and a rename (one temporary name: the caller holds the lock). */
static int
replace_file(const char *path, const void *data, size_t n)
{
	struct wq_buf t = WQ_BUF_INIT;
	int fd, rc = -1, e;

	if (wq_buf_printf(&t, "%s.tmp", path) != 0)
		return -1;
	if ((fd = open(t.data, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644)) < 0)
		goto out;
	if (wq_write_all(fd, data, n) != 0) {
		e = errno;
		close(fd);
		(void)unlink(t.data);
		errno = e;
		goto out;
	}
#ifdef SYNC_FILE_RANGE_WRITE
	(void)sync_file_range(fd, 0, (off_t)n, SYNC_FILE_RANGE_WRITE); /* (see below) */
#endif
	if (close(fd) != 0 || rename(t.data, path) != 0) {
		e = errno;
		(void)unlink(t.data);
		errno = e;
		goto out;
	}
	rc = 0;
out:
	wq_buf_free(&t);
	return rc;
}

int
ocfl_work_rewrite(const char *path, const void *data, size_t n)
{
	struct stat st;
	int fd, e;

	fd = open(path, O_WRONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_nlink != 1 ||
	    (uint64_t)st.st_size / 2 > n + 65536 || n > (size_t)INT64_MAX) {
		/* none yet, not ours alone, or far larger than needed: a new file */
		if (fd >= 0)
			close(fd);
		return replace_file(path, data, n);
	}
	if (pwrite_all(fd, data, n) != 0) {
		e = errno;
		close(fd);
		(void)unlink(path); /* a torn cache would be refused when read: gone is plainer */
		errno = e;
		return -1;
	}
#ifdef SYNC_FILE_RANGE_WRITE
	/*
	 * Not synced (a cache, checked when read), but written out now, without
	 * waiting: else the next commit's syncfs() would have to write it.
	 */
	(void)sync_file_range(fd, 0, (off_t)n, SYNC_FILE_RANGE_WRITE);
#endif
	return close(fd);
}

static json_t *
load_json(const char *path, char *err, size_t errlen)
{
	json_error_t je;
	json_t *j;

	j = json_load_file(path, JSON_REJECT_DUPLICATES, &je);
	if (j == NULL)
		ocfl_seterr(err, errlen, "%s:%d:%d: %s", path, je.line, je.column, je.text);
	return j;
}

int
ocfl_layout_read(const char *store, struct ocfl_layout *lay, char *err, size_t errlen)
{
	char *path = NULL;
	json_t *j = NULL, *v;
	int rc = -1;

	lay->alg = WQ_SHA256;
	lay->tuple_size = 3;
	lay->ntuples = 3;
	lay->short_root = false;
	if ((path = wq_path_join(store, "ocfl_layout.json")) == NULL)
		goto nomem;
	if (access(path, F_OK) != 0) {
		ocfl_seterr(err, errlen, "%s: not an OCFL storage root with a known layout "
		       "(no ocfl_layout.json)", store);
		goto out;
	}
	if ((j = load_json(path, err, errlen)) == NULL)
		goto out;
	v = json_object_get(j, "extension");
	if (!json_is_string(v) || strcmp(json_string_value(v), OCFL_LAYOUT_EXT) != 0) {
		ocfl_seterr(err, errlen, "%s: layout is not %s", path, OCFL_LAYOUT_EXT);
		goto out;
	}
	json_decref(j);
	j = NULL;
	free(path);
	if ((path = wq_path_join(store, "extensions/" OCFL_LAYOUT_EXT "/config.json")) == NULL)
		goto nomem;
	if (access(path, F_OK) != 0) {
		rc = 0; /* all defaults */
		goto out;
	}
	if ((j = load_json(path, err, errlen)) == NULL)
		goto out;
	if ((v = json_object_get(j, "digestAlgorithm")) != NULL &&
	    (!json_is_string(v) || wq_digest_from_name(json_string_value(v), &lay->alg) != 0)) {
		ocfl_seterr(err, errlen, "%s: unsupported digestAlgorithm", path);
		goto out;
	}
	if ((v = json_object_get(j, "tupleSize")) != NULL) {
		if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > 64)
			goto bad;
		lay->tuple_size = (unsigned)json_integer_value(v);
	}
	if ((v = json_object_get(j, "numberOfTuples")) != NULL) {
		if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > 64)
			goto bad;
		lay->ntuples = (unsigned)json_integer_value(v);
	}
	if ((v = json_object_get(j, "shortObjectRoot")) != NULL) {
		if (!json_is_boolean(v))
			goto bad;
		lay->short_root = json_is_true(v);
	}
	if ((lay->tuple_size == 0) != (lay->ntuples == 0) ||
	    (size_t)lay->tuple_size * lay->ntuples > wq_digest_hex_len(lay->alg) ||
	    (lay->short_root && (size_t)lay->tuple_size * lay->ntuples == wq_digest_hex_len(lay->alg)))
		goto bad;
	rc = 0;
	goto out;
bad:
	ocfl_seterr(err, errlen, "%s: bad 0004 layout parameters", path);
	goto out;
nomem:
	ocfl_seterr(err, errlen, "%s", strerror(ENOMEM));
out:
	json_decref(j);
	free(path);
	return rc;
}

char *
ocfl_layout_relpath(const struct ocfl_layout *lay, const char *id)
{
	char hex[WQ_DIGEST_HEX_MAX + 1];
	struct wq_buf b = WQ_BUF_INIT;
	unsigned i;
	size_t used;

	if (id == NULL || *id == '\0') {
		errno = EINVAL;
		return NULL;
	}
	if (wq_digest_mem(lay->alg, id, strlen(id), hex) != 0)
		return NULL;
	for (i = 0; i < lay->ntuples; i++) {
		if (wq_buf_append(&b, hex + (size_t)i * lay->tuple_size, lay->tuple_size) != 0 ||
		    wq_buf_putc(&b, '/') != 0)
			goto fail;
	}
	used = (size_t)lay->ntuples * lay->tuple_size;
	if (wq_buf_puts(&b, lay->short_root ? hex + used : hex) != 0)
		goto fail;
	return wq_buf_steal(&b);
fail:
	wq_buf_free(&b);
	errno = ENOMEM;
	return NULL;
}

char *
ocfl_object_path(const char *store, const char *id)
{
	struct ocfl_layout lay;
	char err[16];
	char *rel, *p;

	if (ocfl_layout_read(store, &lay, err, sizeof err) != 0) {
		/* fall back to the defaults; ocfl_store_check reports the problem */
		lay.alg = WQ_SHA256;
		lay.tuple_size = lay.ntuples = 3;
		lay.short_root = false;
	}
	if ((rel = ocfl_layout_relpath(&lay, id)) == NULL)
		return NULL;
	p = wq_path_join(store, rel);
	free(rel);
	if (p == NULL)
		errno = ENOMEM;
	return p;
}

int
ocfl_store_check(const char *store, char *err, size_t errlen)
{
	struct ocfl_layout lay;
	struct wq_buf b = WQ_BUF_INIT;
	struct stat st;
	char *path;
	int rc = -1;

	if (stat(store, &st) != 0) {
		ocfl_seterr(err, errlen, "%s: %s (no store; make one with wathiqa init)", store,
		       strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		ocfl_seterr(err, errlen, "%s: not a folder", store);
		return -1;
	}
	if ((path = wq_path_join(store, "0=ocfl_1.1")) == NULL) {
		ocfl_seterr(err, errlen, "%s", strerror(ENOMEM));
		return -1;
	}
	if (wq_read_file(path, &b) != 0) {
		ocfl_seterr(err, errlen, "%s: not an OCFL 1.1 storage root (0=ocfl_1.1: %s)", store,
		       strerror(errno));
		goto out;
	}
	if (b.len != 9 || memcmp(b.data, "ocfl_1.1\n", 9) != 0) {
		ocfl_seterr(err, errlen, "%s: bad storage root declaration", path);
		goto out;
	}
	rc = ocfl_layout_read(store, &lay, err, errlen);
out:
	wq_buf_free(&b);
	free(path);
	return rc;
}

static int
write_in(const char *dir, const char *name, const char *text, char *err, size_t errlen)
{
	char *p = wq_path_join(dir, name);
	int rc;

	if (p == NULL) {
		ocfl_seterr(err, errlen, "%s", strerror(ENOMEM));
		return -1;
	}
	rc = wq_write_file_atomic(p, text, strlen(text), 0644);
	if (rc != 0)
		ocfl_seterr(err, errlen, "%s: %s", p, strerror(errno));
	free(p);
	return rc;
}

int
ocfl_store_init(const char *store, bool *exists, char *err, size_t errlen)
{
	static const char layout[] =
	    "{\n"
	    "  \"description\": \"Hashed N-tuple storage layout: the sha256 digest of the "
	    "object id in lowercase hex, three tuples of three characters as folders, "
	    "then the full digest as the object root\",\n"
	    "  \"extension\": \"" OCFL_LAYOUT_EXT "\"\n"
	    "}\n";
	static const char config[] =
	    "{\n"
	    "  \"digestAlgorithm\": \"sha256\",\n"
	    "  \"extensionName\": \"" OCFL_LAYOUT_EXT "\",\n"
	    "  \"numberOfTuples\": 3,\n"
	    "  \"shortObjectRoot\": false,\n"
	    "  \"tupleSize\": 3\n"
	    "}\n";
	struct wq_buf tmpl = WQ_BUF_INIT;
	struct stat st;
	char *tmp = NULL, *ext = NULL;
	int rc = -1;
	DIR *d;
	struct dirent *e;

	*exists = false;
	if (stat(store, &st) == 0) {
		if (!S_ISDIR(st.st_mode)) {
			ocfl_seterr(err, errlen, "%s: exists and is not a folder", store);
			*exists = true;
			return -1;
		}
		if ((d = opendir(store)) == NULL) {
			ocfl_seterr(err, errlen, "%s: %s", store, strerror(errno));
			return -1;
		}
		while ((e = readdir(d)) != NULL) {
			if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) {
				*exists = true;
				break;
			}
		}
		closedir(d);
		if (*exists) {
			ocfl_seterr(err, errlen, "%s: folder exists and is not empty", store);
			return -1;
		}
	} else if (errno != ENOENT) {
		ocfl_seterr(err, errlen, "%s: %s", store, strerror(errno));
		return -1;
	}
	/* build beside the store (same file system), then rename into place */
	if (wq_buf_printf(&tmpl, "%s.init-XXXXXX", store) != 0) {
		ocfl_seterr(err, errlen, "%s", strerror(ENOMEM));
		goto out;
	}
	if (mkdtemp(tmpl.data) == NULL) {
		ocfl_seterr(err, errlen, "%s: %s", tmpl.data, strerror(errno));
		goto out;
	}
	tmp = tmpl.data;
	if (chmod(tmp, 0755) != 0) {
		ocfl_seterr(err, errlen, "%s: %s", tmp, strerror(errno));
		goto fail;
	}
	if ((ext = wq_path_join(tmp, "extensions/" OCFL_LAYOUT_EXT)) == NULL) {
		ocfl_seterr(err, errlen, "%s", strerror(ENOMEM));
		goto fail;
	}
	if (wq_mkdirs(ext, 0755) != 0) {
		ocfl_seterr(err, errlen, "%s: %s", ext, strerror(errno));
		goto fail;
	}
	if (write_in(tmp, "0=ocfl_1.1", "ocfl_1.1\n", err, errlen) != 0 ||
	    write_in(tmp, "ocfl_layout.json", layout, err, errlen) != 0 ||
	    write_in(ext, "config.json", config, err, errlen) != 0)
		goto fail;
	if (wq_fsync_dir(ext) != 0 || wq_fsync_dir(tmp) != 0) {
		ocfl_seterr(err, errlen, "%s: %s", tmp, strerror(errno));
		goto fail;
	}
	{
		char *e2 = wq_path_join(tmp, "extensions");
		int r = e2 != NULL ? wq_fsync_dir(e2) : -1;
		free(e2);
		if (r != 0) {
			ocfl_seterr(err, errlen, "%s: %s", tmp, strerror(errno));
			goto fail;
		}
	}
	if (rename(tmp, store) != 0) {
		if (errno == ENOTEMPTY || errno == EEXIST)
			*exists = true;
		ocfl_seterr(err, errlen, "%s: %s", store, strerror(errno));
		goto fail;
	}
	{
		char *parent = strdup(store), *slash;
		if (parent != NULL) {
			slash = strrchr(parent, '/');
			if (slash == NULL)
				(void)wq_fsync_dir(".");
			else {
				if (slash == parent)
					slash[1] = '\0';
				else
					*slash = '\0';
				(void)wq_fsync_dir(parent);
			}
			free(parent);
		}
	}
	rc = 0;
	goto out;
fail:
	(void)wq_remove_tree(tmp);
out:
	free(ext);
	wq_buf_free(&tmpl);
	return rc;
}

/* ---- walking the storage hierarchy ---- */

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
walk(const char *dir, bool top, int (*fn)(const char *, void *), void *arg,
     char *err, size_t errlen, int depth)
{
	DIR *d;
	struct dirent *e;
	char **names = NULL, **nn;
	size_t n = 0, cap = 0, i;
	bool is_object = false;
	int rc = 0;

	if (depth > 64) {
		ocfl_seterr(err, errlen, "%s: storage hierarchy too deep", dir);
		return -1;
	}
	if ((d = opendir(dir)) == NULL) {
		ocfl_seterr(err, errlen, "%s: %s", dir, strerror(errno));
		return -1;
	}
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if (!top && strncmp(e->d_name, "0=ocfl_object_", 14) == 0)
			is_object = true;
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			if ((nn = realloc(names, cap * sizeof *names)) == NULL) {
				rc = -1;
				break;
			}
			names = nn;
		}
		if ((names[n] = strdup(e->d_name)) == NULL) {
			rc = -1;
			break;
		}
		n++;
	}
	closedir(d);
	if (rc != 0) {
		ocfl_seterr(err, errlen, "%s", strerror(ENOMEM));
		goto out;
	}
	if (is_object) {
		rc = fn(dir, arg);
		goto out;
	}
	qsort(names, n, sizeof *names, cmp_str);
	for (i = 0; i < n && rc == 0; i++) {
		struct stat st;
		char *child;

		if (top && strcmp(names[i], "extensions") == 0)
			continue;
		if ((child = wq_path_join(dir, names[i])) == NULL) {
			ocfl_seterr(err, errlen, "%s", strerror(ENOMEM));
			rc = -1;
			break;
		}
		if (lstat(child, &st) == 0 && S_ISDIR(st.st_mode))
			rc = walk(child, false, fn, arg, err, errlen, depth + 1);
		free(child);
	}
out:
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return rc;
}

int
ocfl_store_walk(const char *store, int (*fn)(const char *objroot, void *arg), void *arg,
                char *err, size_t errlen)
{
	return walk(store, true, fn, arg, err, errlen, 0);
}
