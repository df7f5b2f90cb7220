/*
 * export.c - write a BagIt 1.0 bag: a folder, or one top-level folder in a
 * tar, tar.gz or zip written with libarchive.
 *
 * Entries go out in one sorted order: NAME/, bag-info.txt, bagit.txt, data/...
 * (folders before their contents), manifest-sha256.txt, manifest-sha512.txt,
 * tagmanifest-sha256.txt, tagmanifest-sha512.txt. That is bytewise order,
 * and it lets each payload file be read once: its SHA-512 is checked against
 * the store and its SHA-256 computed while it is copied, and the manifests,
 * which come after data/, are written from those digests.
 */
#define _GNU_SOURCE /* renameat2, syncfs, O_NOFOLLOW */
#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "bagit.h"
#include "export.h"
#include "libarchive_load.h"

#define COPY_CHUNK (256 * 1024)

int
export_format_parse(const char *s, enum export_format *f)
{
	if (strcmp(s, "dir") == 0)
		*f = EXPORT_DIR;
	else if (strcmp(s, "tar") == 0)
		*f = EXPORT_TAR;
	else if (strcmp(s, "tar.gz") == 0 || strcmp(s, "tgz") == 0)
		*f = EXPORT_TGZ;
	else if (strcmp(s, "zip") == 0)
		*f = EXPORT_ZIP;
	else
		return -1;
	return 0;
}

char *
export_bag_name(const char *out)
{
	static const char *const ext[] = { ".tar.gz", ".tgz", ".tar", ".zip" };
	size_t n = strlen(out);
	const char *b;
	char *s;

	while (n > 1 && out[n - 1] == '/')
		n--;
	if ((s = strndup(out, n)) == NULL)
		return NULL;
	b = wq_path_base(s);
	memmove(s, b, strlen(b) + 1);
	n = strlen(s);
	for (size_t i = 0; i < sizeof(ext) / sizeof(ext[0]); i++) {
		size_t e = strlen(ext[i]);
		if (n > e && strcmp(s + n - e, ext[i]) == 0) {
			s[n - e] = '\0';
			break;
		}
	}
	return s;
}

/* ---- sinks: where the entries go ---- */

struct sink {
	const struct export_job *job;
	char *err;
	size_t errlen;
	/* archive formats */
	const struct la_functions *la;
	struct archive *a;
	struct archive_entry *e;
	struct wq_atomicfile *af;
	char *prefix;          /* "NAME/" */
	/* dir format */
	char *tmpdir;
	int fd;
	char **dirs;
	size_t ndirs;
};

static void seterr(struct sink *s, const char *fmt, ...) WQ_PRINTF(2, 3);

static void
seterr(struct sink *s, const char *fmt, ...)
{
	va_list ap;

	if (s->errlen == 0 || s->err[0] != '\0')
		return; /* keep the first */
	va_start(ap, fmt);
	vsnprintf(s->err, s->errlen, fmt, ap);
	va_end(ap);
}

static int
ar_fail(struct sink *s, const char *what)
{
	const char *m = s->la->error_string(s->a);

	seterr(s, "%s: %s", what, m ? m : strerror(s->la->error_number(s->a)));
	return -1;
}

static int
sink_open(struct sink *s)
{
	const struct export_job *j = s->job;

	if (j->format == EXPORT_DIR) {
		char *dir = strdup(j->out), *slash, *name = export_bag_name(j->out);
		if (dir == NULL || name == NULL) {
			free(dir);
			free(name);
			seterr(s, "%s", strerror(ENOMEM));
			return -1;
		}
		slash = strrchr(dir, '/');
		if (slash == NULL)
			strcpy(dir, ".");
		else if (slash == dir)
			slash[1] = '\0';
		else
			*slash = '\0';
		size_t n = strlen(dir) + strlen(name) + 32;
		if ((s->tmpdir = malloc(n)) == NULL) {
			free(dir);
			free(name);
			seterr(s, "%s", strerror(ENOMEM));
			return -1;
		}
		snprintf(s->tmpdir, n, "%s/.%s.tmpXXXXXX", dir, name);
		free(dir);
		free(name);
		if (mkdtemp(s->tmpdir) == NULL) {
			seterr(s, "%s: %s", s->tmpdir, strerror(errno));
			free(s->tmpdir);
			s->tmpdir = NULL;
			return -1;
		}
		return 0;
	}
	char *name = export_bag_name(j->out);
	if (name == NULL || (s->prefix = malloc(strlen(name) + 2)) == NULL) {
		free(name);
		seterr(s, "%s", strerror(ENOMEM));
		return -1;
	}
	sprintf(s->prefix, "%s/", name);
	free(name);
	if ((s->af = wq_atomicfile_open(j->out, 0644)) == NULL) {
		seterr(s, "%s: %s", j->out, strerror(errno));
		return -1;
	}
	if ((s->la = la_load(s->err, s->errlen)) == NULL)
		return -1;
	if ((s->a = s->la->write_new()) == NULL || (s->e = s->la->entry_new()) == NULL) {
		seterr(s, "%s", strerror(ENOMEM));
		return -1;
	}
	switch (j->format) {
	case EXPORT_TGZ:
		if (s->la->write_add_filter_gzip(s->a) != ARCHIVE_OK ||
		    s->la->write_set_filter_option(s->a, "gzip", "timestamp", NULL) != ARCHIVE_OK)
			return ar_fail(s, j->out);
		/* FALLTHROUGH */
	case EXPORT_TAR:
		if (s->la->write_set_format_pax_restricted(s->a) != ARCHIVE_OK)
			return ar_fail(s, j->out);
		break;
	case EXPORT_ZIP:
		if (s->la->write_set_format_zip(s->a) != ARCHIVE_OK ||
		    s->la->write_set_format_option(s->a, "zip", "compression", "deflate") != ARCHIVE_OK)
			return ar_fail(s, j->out);
		break;
	case EXPORT_DIR:
		break;
	}
	if (s->la->write_open_fd(s->a, wq_atomicfile_fd(s->af)) != ARCHIVE_OK)
		return ar_fail(s, j->out);
	return 0;
}

/* Start an entry: rel "" is the top folder; dir for folders. */
static int
sink_begin(struct sink *s, const char *rel, bool dir, uint64_t size)
{
	if (s->a != NULL) {
		struct wq_buf p = WQ_BUF_INIT;
		size_t n = strlen(rel);
		if (wq_buf_puts(&p, s->prefix) != 0 || wq_buf_puts(&p, rel) != 0) {
			wq_buf_free(&p);
			seterr(s, "%s", strerror(ENOMEM));
			return -1;
		}
		if (n == 0 || dir) {
			if (n != 0 && wq_buf_putc(&p, '/') != 0) {
				wq_buf_free(&p);
				seterr(s, "%s", strerror(ENOMEM));
				return -1;
			}
		}
		s->la->entry_clear(s->e);
		s->la->entry_copy_pathname(s->e, p.data);
		wq_buf_free(&p);
		s->la->entry_set_filetype(s->e, dir ? AE_IFDIR : AE_IFREG);
		s->la->entry_set_perm(s->e, dir ? 0755 : 0644);
		s->la->entry_set_size(s->e, dir ? 0 : (la_int64_t)size);
		s->la->entry_set_uid(s->e, 0);
		s->la->entry_set_gid(s->e, 0);
		s->la->entry_set_mtime(s->e, (time_t)s->job->mtime, 0);
		s->la->entry_set_nlink(s->e, dir ? 2 : 1);
		if (s->la->write_header(s->a, s->e) != ARCHIVE_OK)
			return ar_fail(s, rel[0] ? rel : "bag folder");
		return 0;
	}
	char *full = rel[0] ? wq_path_join(s->tmpdir, rel) : strdup(s->tmpdir);
	if (full == NULL) {
		seterr(s, "%s", strerror(ENOMEM));
		return -1;
	}
	if (dir) {
		char **d;
		if (rel[0] && mkdir(full, 0755) != 0) {
			seterr(s, "%s: %s", full, strerror(errno));
			free(full);
			return -1;
		}
		if ((d = realloc(s->dirs, (s->ndirs + 1) * sizeof(*d))) == NULL) {
			free(full);
			seterr(s, "%s", strerror(ENOMEM));
			return -1;
		}
		s->dirs = d;
		s->dirs[s->ndirs++] = full;
		return 0;
	}
	s->fd = open(full, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0644);
	if (s->fd < 0 || fchmod(s->fd, 0644) != 0) {
		seterr(s, "%s: %s", full, strerror(errno));
		free(full);
		return -1;
	}
	free(full);
	return 0;
}

static int
sink_write(struct sink *s, const void *p, size_t n)
{
	if (s->a != NULL) {
		const char *c = p;
		while (n > 0) {
			la_ssize_t w = s->la->write_data(s->a, c, n);
			if (w <= 0)
				return ar_fail(s, "write");
			c += w;
			n -= (size_t)w;
		}
		return 0;
	}
	if (wq_write_all(s->fd, p, n) != 0) {
		seterr(s, "write: %s", strerror(errno));
		return -1;
	}
	return 0;
}

static int
sink_end(struct sink *s)
{
	if (s->a != NULL)
		return s->la->write_finish_entry(s->a) == ARCHIVE_OK ? 0 : ar_fail(s, "write");
	struct timespec ts[2];
	ts[0].tv_sec = ts[1].tv_sec = (time_t)s->job->mtime;
	ts[0].tv_nsec = ts[1].tv_nsec = 0;
	int rc = 0;
	if (futimens(s->fd, ts) != 0) {
		seterr(s, "set time: %s", strerror(errno));
		rc = -1;
	}
	if (close(s->fd) != 0 && rc == 0) {
		seterr(s, "close: %s", strerror(errno));
		rc = -1;
	}
	s->fd = -1;
	return rc;
}

static int
sink_mem(struct sink *s, const char *rel, const struct wq_buf *b)
{
	if (sink_begin(s, rel, false, b->len) != 0 ||
	    sink_write(s, b->data ? b->data : "", b->len) != 0)
		return -1;
	return sink_end(s);
}

static int
sink_commit(struct sink *s)
{
	const struct export_job *j = s->job;

	if (s->a != NULL) {
		if (s->la->write_close(s->a) != ARCHIVE_OK)
			return ar_fail(s, j->out);
		if (wq_atomicfile_commit(s->af) != 0) {
			s->af = NULL;
			seterr(s, "%s: %s", j->out, strerror(errno));
			return -1;
		}
		s->af = NULL;
		return 0;
	}
	/* folders: times (deepest first, after their contents), then durable, then in place */
	struct timespec ts[2];
	ts[0].tv_sec = ts[1].tv_sec = (time_t)j->mtime;
	ts[0].tv_nsec = ts[1].tv_nsec = 0;
	for (size_t i = s->ndirs; i-- > 0;)
		if (chmod(s->dirs[i], 0755) != 0 || utimensat(AT_FDCWD, s->dirs[i], ts, 0) != 0) {
			seterr(s, "%s: %s", s->dirs[i], strerror(errno));
			return -1;
		}
	int dfd = open(s->tmpdir, O_RDONLY | O_DIRECTORY);
	if (dfd < 0 || syncfs(dfd) != 0) {
		seterr(s, "%s: %s", s->tmpdir, strerror(errno));
		if (dfd >= 0)
			close(dfd);
		return -1;
	}
	close(dfd);
	if (renameat2(AT_FDCWD, s->tmpdir, AT_FDCWD, j->out, RENAME_NOREPLACE) != 0) {
		struct stat st;
		if (errno != EEXIST || !j->force) {
			seterr(s, "%s: %s", j->out, errno == EEXIST ?
			       "exists (use --force to replace it)" : strerror(errno));
			return -1;
		}
		if (lstat(j->out, &st) == 0 && S_ISDIR(st.st_mode)) {
			if (renameat2(AT_FDCWD, s->tmpdir, AT_FDCWD, j->out, RENAME_EXCHANGE) != 0) {
				seterr(s, "%s: %s", j->out, strerror(errno));
				return -1;
			}
			/* tmpdir now holds the old bag */
			if (wq_remove_tree(s->tmpdir) != 0)
				seterr(s, "%s: %s", s->tmpdir, strerror(errno));
		} else if (unlink(j->out) != 0 || rename(s->tmpdir, j->out) != 0) {
			seterr(s, "%s: %s", j->out, strerror(errno));
			return -1;
		}
	}
	free(s->tmpdir);
	s->tmpdir = NULL;
	char *parent = strdup(j->out), *slash;
	if (parent != NULL) {
		slash = strrchr(parent, '/');
		if (slash == NULL)
			strcpy(parent, ".");
		else if (slash == parent)
			slash[1] = '\0';
		else
			*slash = '\0';
		(void)wq_fsync_dir(parent);
		free(parent);
	}
	return 0;
}

static void
sink_free(struct sink *s)
{
	if (s->a != NULL) {
		/*
		 * Close even on failure (into the temporary file, removed below):
		 * archive_write_fail() would leave the compressor's memory behind.
		 */
		(void)s->la->write_close(s->a);
		s->la->write_free(s->a);
	}
	if (s->e != NULL)
		s->la->entry_free(s->e);
	if (s->af != NULL)
		wq_atomicfile_abort(s->af);
	if (s->fd >= 0)
		close(s->fd);
	if (s->tmpdir != NULL) {
		(void)wq_remove_tree(s->tmpdir);
		free(s->tmpdir);
	}
	for (size_t i = 0; i < s->ndirs; i++)
		free(s->dirs[i]);
	free(s->dirs);
	free(s->prefix);
}

/* ---- the entries ---- */

struct ent {
	char *path;            /* "data/..." with '/' at the end for folders (sort key) */
	size_t file;           /* index in job->files, or SIZE_MAX for a folder */
};

static int
cmp_ent(const void *a, const void *b)
{
	return strcmp(((const struct ent *)a)->path, ((const struct ent *)b)->path);
}

static int
push_ent(struct ent **v, size_t *n, size_t *cap, char *path, size_t file)
{
	if (*n == *cap) {
		size_t nc = *cap ? *cap * 2 : 64;
		struct ent *nv = realloc(*v, nc * sizeof(*nv));
		if (nv == NULL)
			return -1;
		*v = nv;
		*cap = nc;
	}
	(*v)[*n].path = path;
	(*v)[*n].file = file;
	(*n)++;
	return 0;
}

/* The payload's entries, folders included, sorted. NULL + err. */
static struct ent *
payload_entries(const struct export_job *j, size_t *count, struct sink *s)
{
	struct ent *v = NULL;
	size_t n = 0, cap = 0;
	char *p;

	if ((p = strdup("data/")) == NULL || push_ent(&v, &n, &cap, p, SIZE_MAX) != 0) {
		free(p);
		goto nomem;
	}
	for (size_t i = 0; i < j->nfiles; i++) {
		const char *l = j->files[i].logical;
		char sh[256];
		if (bag_path_check(l, strlen(l)) != BAG_PATH_OK) {
			snprintf(sh, sizeof(sh), "%s", l);
			seterr(s, "%s: unsafe logical path", sh);
			goto fail;
		}
		if ((p = wq_path_join("data", l)) == NULL || push_ent(&v, &n, &cap, p, i) != 0) {
			free(p);
			goto nomem;
		}
		/* each parent folder once: "data/a/", "data/a/b/" */
		for (const char *c = l; (c = strchr(c, '/')) != NULL; c++) {
			size_t k = (size_t)(c - l);
			if ((p = malloc(k + 7)) == NULL)
				goto nomem;
			memcpy(p, "data/", 5);
			memcpy(p + 5, l, k);
			p[5 + k] = '/';
			p[6 + k] = '\0';
			if (push_ent(&v, &n, &cap, p, SIZE_MAX) != 0) {
				free(p);
				goto nomem;
			}
		}
	}
	qsort(v, n, sizeof(*v), cmp_ent);
	for (size_t i = 1; i < n; i++)
		if (v[i].file != SIZE_MAX && strcmp(v[i - 1].path, v[i].path) == 0) {
			seterr(s, "%s: listed twice", v[i].path);
			goto fail;
		}
	/* drop repeated folders */
	size_t w = 0;
	for (size_t i = 0; i < n; i++) {
		if (w > 0 && strcmp(v[w - 1].path, v[i].path) == 0) {
			free(v[i].path);
			continue;
		}
		v[w++] = v[i];
	}
	*count = w;
	return v;
nomem:
	seterr(s, "%s", strerror(ENOMEM));
fail:
	for (size_t i = 0; i < n; i++)
		free(v[i].path);
	free(v);
	return NULL;
}

/* ---- names that only differ in normalization or case ---- */

struct keyref {
	char *key;
	const char *path;
};

static int
cmp_keyref(const void *a, const void *b)
{
	const struct keyref *x = a, *y = b;
	int c = strcmp(x->key, y->key);

	return c != 0 ? c : strcmp(x->path, y->path);
}

/*
 * Names that differ only in Unicode normalization are refused (RFC 8493:
 * writers SHOULD; libarchive-based readers would also merge them, as they
 * normalize names to NFC); names that differ only in case give a warning.
 * Returns 0, or -1 with the first refused pair in err.
 */
static int
check_similar(const struct export_job *j, struct sink *s)
{
	struct keyref *k;
	char msg[1024];
	int rc = 0;

	if (j->nfiles < 2)
		return 0;
	if ((k = calloc(j->nfiles, sizeof(*k))) == NULL) {
		seterr(s, "%s", strerror(ENOMEM));
		return -1;
	}
	for (int pass = 0; pass < 2; pass++) {
		size_t n = 0;
		for (size_t i = 0; i < j->nfiles; i++) {
			char *key = pass == 0 ? wq_utf8_nfc(j->files[i].logical)
			                      : wq_utf8_fold(j->files[i].logical);
			if (key == NULL)
				continue;
			k[n].key = key;
			k[n++].path = j->files[i].logical;
		}
		qsort(k, n, sizeof(*k), cmp_keyref);
		for (size_t i = 1; i < n; i++) {
			if (strcmp(k[i].key, k[i - 1].key) != 0)
				continue;
			if (pass == 1) {
				/* skip pairs already reported as normalization twins */
				char *x = wq_utf8_nfc(k[i].path), *y = wq_utf8_nfc(k[i - 1].path);
				bool twins = x != NULL && y != NULL && strcmp(x, y) == 0;
				free(x);
				free(y);
				if (twins)
					continue;
			}
			if (pass == 0) {
				seterr(s, "data/%s: name differs from data/%s only in Unicode normalization "
				       "(BagIt writers refuse such names)", k[i].path, k[i - 1].path);
				rc = -1;
				break;
			}
			snprintf(msg, sizeof(msg), "data/%s: name differs from data/%s only in case",
			         k[i].path, k[i - 1].path);
			if (j->warn != NULL)
				j->warn(j->warn_arg, msg);
		}
		for (size_t i = 0; i < n; i++)
			free(k[i].key);
		if (rc != 0)
			break;
	}
	free(k);
	return rc;
}

/* ---- copying a payload file ---- */

static enum export_result
copy_file(struct sink *s, const char *rel, const struct export_file *f, char *sha256,
          char *sha512, uint64_t *size, unsigned char *buf, struct wq_digest *d256,
          struct wq_digest *d512, struct wq_progress *pg, uint64_t *done)
{
	struct stat st;
	uint64_t got = 0;
	ssize_t n;
	int fd = open(f->source, O_RDONLY | O_NOFOLLOW);

	if (fd < 0) {
		seterr(s, "%s: cannot read %s: %s", rel, f->source, strerror(errno));
		return errno == ENOENT || errno == ELOOP ? EXPORT_BAD : EXPORT_TROUBLE;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		seterr(s, "%s: %s is not a regular file", rel, f->source);
		close(fd);
		return EXPORT_BAD;
	}
	wq_digest_reset(d256);
	wq_digest_reset(d512);
	if (sink_begin(s, rel, false, (uint64_t)st.st_size) != 0) {
		close(fd);
		return EXPORT_TROUBLE;
	}
	while ((n = read(fd, buf, COPY_CHUNK)) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			seterr(s, "%s: read %s: %s", rel, f->source, strerror(errno));
			close(fd);
			return EXPORT_TROUBLE;
		}
		got += (uint64_t)n;
		if (got > (uint64_t)st.st_size)
			break;
		if (wq_digest_update(d256, buf, (size_t)n) != 0 ||
		    wq_digest_update(d512, buf, (size_t)n) != 0 ||
		    sink_write(s, buf, (size_t)n) != 0) {
			close(fd);
			seterr(s, "%s: digest or write failed", rel);
			return EXPORT_TROUBLE;
		}
		*done += (uint64_t)n;
		wq_progress_update(pg, *done);
	}
	close(fd);
	if (got != (uint64_t)st.st_size) {
		seterr(s, "%s: %s changed size while being read", rel, f->source);
		return EXPORT_BAD;
	}
	if (wq_digest_final_hex(d256, sha256) != 0 || wq_digest_final_hex(d512, sha512) != 0) {
		seterr(s, "%s: digest failed", rel);
		return EXPORT_TROUBLE;
	}
	const char *have = f->alg == WQ_SHA256 ? sha256 : sha512;
	if (strcasecmp(have, f->digest) != 0) {
		seterr(s, "%s: %s mismatch: %s is corrupt (expected %.16s..., found %.16s...)", rel,
		       wq_digest_name(f->alg), f->source, f->digest, have);
		return EXPORT_BAD;
	}
	*size = got;
	return sink_end(s) == 0 ? EXPORT_OK : EXPORT_TROUBLE;
}

/* ---- the bag ---- */

static int
tag_manifest(struct wq_buf *out, enum wq_digest_alg alg, const char *const *names,
             const struct wq_buf *const *bufs, size_t n)
{
	char hex[WQ_DIGEST_HEX_MAX + 1];

	for (size_t i = 0; i < n; i++) {
		if (wq_digest_mem(alg, bufs[i]->data ? bufs[i]->data : "", bufs[i]->len, hex) != 0 ||
		    bag_manifest_append(out, hex, names[i]) != 0)
			return -1;
	}
	return 0;
}

enum export_result
export_bag(const struct export_job *j, char *err, size_t errlen)
{
	struct sink s;
	struct ent *ents = NULL;
	size_t nents = 0;
	struct wq_buf bagit = WQ_BUF_INIT, info = WQ_BUF_INIT, m256 = WQ_BUF_INIT,
	              m512 = WQ_BUF_INIT, t256 = WQ_BUF_INIT, t512 = WQ_BUF_INIT;
	struct wq_digest *d256 = NULL, *d512 = NULL;
	unsigned char *buf = NULL;
	locale_t loc = (locale_t)0, oldloc = (locale_t)0;
	struct wq_progress *pg = NULL;
	uint64_t done = 0, octets = 0;
	enum export_result rc = EXPORT_TROUBLE;
	struct stat st;

	memset(&s, 0, sizeof(s));
	s.job = j;
	s.err = err;
	s.errlen = errlen;
	s.fd = -1;
	if (errlen > 0)
		err[0] = '\0';
	if (!j->force && lstat(j->out, &st) == 0) {
		seterr(&s, "%s: exists (use --force to replace it)", j->out);
		return EXPORT_TROUBLE;
	}
	if (j->force && j->format != EXPORT_DIR && lstat(j->out, &st) == 0 && S_ISDIR(st.st_mode)) {
		seterr(&s, "%s: is a folder; --force replaces only a file with a file", j->out);
		return EXPORT_TROUBLE;
	}
	if ((ents = payload_entries(j, &nents, &s)) == NULL)
		return EXPORT_TROUBLE;
	if (check_similar(j, &s) != 0) {
		rc = EXPORT_BAD;
		goto out;
	}

	/* bag-info.txt: everything in it is known before the payload is read */
	uint64_t total = 0;
	for (size_t i = 0; i < j->nfiles; i++) {
		if (stat(j->files[i].source, &st) != 0) {
			seterr(&s, "data/%s: cannot read %s: %s", j->files[i].logical,
			       j->files[i].source, strerror(errno));
			rc = EXPORT_BAD;
			goto out;
		}
		total += (uint64_t)st.st_size;
	}
	char oxum[64];
	snprintf(oxum, sizeof(oxum), "%llu.%zu", (unsigned long long)total, j->nfiles);
	if (bag_bagit_txt(&bagit) != 0 ||
	    bag_info_append(&info, "Bag-Software-Agent", BAG_SOFTWARE_AGENT) != 0 ||
	    bag_info_append(&info, "Bagging-Date", j->bagging_date) != 0 ||
	    bag_info_append(&info, "Payload-Oxum", oxum) != 0) {
		seterr(&s, "bag-info.txt: %s", strerror(errno));
		goto out;
	}
	for (size_t i = 0; i < j->ninfo; i++)
		if (bag_info_append(&info, j->info[i].label, j->info[i].value) != 0) {
			seterr(&s, "bag-info.txt: %s: %s", j->info[i].label, strerror(errno));
			goto out;
		}

	if ((d256 = wq_digest_new(WQ_SHA256)) == NULL || (d512 = wq_digest_new(WQ_SHA512)) == NULL ||
	    (buf = malloc(COPY_CHUNK)) == NULL) {
		seterr(&s, "%s", strerror(ENOMEM));
		goto out;
	}
	/*
	 * libarchive converts names through the current locale's charset: use
	 * a UTF-8 one for this thread (not process-wide) so that pax headers
	 * and zip's UTF-8 flag carry the logical paths as they are.
	 */
	if ((loc = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0)) == (locale_t)0)
		loc = newlocale(LC_CTYPE_MASK, "en_US.UTF-8", (locale_t)0);
	if (loc != (locale_t)0)
		oldloc = uselocale(loc);
	if (sink_open(&s) != 0)
		goto out;
	if (sink_begin(&s, "", true, 0) != 0 || sink_mem(&s, "bag-info.txt", &info) != 0 ||
	    sink_mem(&s, "bagit.txt", &bagit) != 0)
		goto out;
	if (j->progress)
		pg = wq_progress_new("exporting", total);
	for (size_t i = 0; i < nents; i++) {
		size_t len = strlen(ents[i].path);
		if (ents[i].file == SIZE_MAX) {
			ents[i].path[len - 1] = '\0';
			int r = sink_begin(&s, ents[i].path, true, 0);
			ents[i].path[len - 1] = '/';
			if (r != 0)
				goto out;
			continue;
		}
		char h256[WQ_DIGEST_HEX_MAX + 1], h512[WQ_DIGEST_HEX_MAX + 1];
		uint64_t size = 0;
		rc = copy_file(&s, ents[i].path, &j->files[ents[i].file], h256, h512, &size, buf,
		               d256, d512, pg, &done);
		if (rc != EXPORT_OK)
			goto out;
		rc = EXPORT_TROUBLE;
		octets += size;
		if (bag_manifest_append(&m256, h256, ents[i].path) != 0 ||
		    bag_manifest_append(&m512, h512, ents[i].path) != 0) {
			seterr(&s, "%s", strerror(ENOMEM));
			goto out;
		}
	}
	if (octets != total) {
		seterr(&s, "payload changed size while being exported");
		rc = EXPORT_BAD;
		goto out;
	}
	static const char *const tnames[] = { "bag-info.txt", "bagit.txt", "manifest-sha256.txt",
	                                      "manifest-sha512.txt" };
	const struct wq_buf *tbufs[] = { &info, &bagit, &m256, &m512 };
	if (tag_manifest(&t256, WQ_SHA256, tnames, tbufs, 4) != 0 ||
	    tag_manifest(&t512, WQ_SHA512, tnames, tbufs, 4) != 0) {
		seterr(&s, "tag manifests: %s", strerror(errno));
		goto out;
	}
	if (sink_mem(&s, "manifest-sha256.txt", &m256) != 0 ||
	    sink_mem(&s, "manifest-sha512.txt", &m512) != 0 ||
	    sink_mem(&s, "tagmanifest-sha256.txt", &t256) != 0 ||
	    sink_mem(&s, "tagmanifest-sha512.txt", &t512) != 0)
		goto out;
	if (sink_commit(&s) != 0)
		goto out;
	rc = EXPORT_OK;
out:
	wq_progress_free(pg);
	sink_free(&s);
	if (loc != (locale_t)0) {
		uselocale(oldloc);
		freelocale(loc);
	}
	for (size_t i = 0; i < nents; i++)
		free(ents[i].path);
	free(ents);
	wq_digest_free(d256);
	wq_digest_free(d512);
	free(buf);
	wq_buf_free(&bagit);
	wq_buf_free(&info);
	wq_buf_free(&m256);
	wq_buf_free(&m512);
	wq_buf_free(&t256);
	wq_buf_free(&t512);
	return rc;
}
