/*
 * bagit_verify.c - validate a bag: a folder, or a serialized bag read with
 * libarchive in two passes (1: the list of entries and the tag files that
 * drive the check; 2: the digests) without writing anything to disk.
 *
 * The steps, for both kinds:
 *   collect files -> bagit.txt -> manifests -> fetch.txt -> bag-info.txt
 *   -> match manifest entries to files -> hash what is listed -> compare.
 */
#define _DEFAULT_SOURCE /* O_NOFOLLOW, strndup */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <openssl/evp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bagit.h"
#include "bagit_verify.h"
#include "libarchive_load.h"

#define MAX_ALGS 16
#define READ_CHUNK (256 * 1024)
#define MAX_DEPTH 256

struct vfile {
	char *path;              /* relative to the bag's base folder */
	uint64_t size;
	bool payload;            /* under data/ */
	bool seen;               /* archive pass 2: hashed */
	unsigned need;           /* algorithms to compute (bit per struct alg) */
	unsigned listed;         /* payload manifests listing it (bit per manifest) */
	uint64_t claimed;        /* manifests (bit per index < 64) with a line naming it */
	char *hex[MAX_ALGS];     /* computed digests */
	char *nfc, *fold;        /* keys for the fallback lookups */
};

struct alg {
	char name[32];           /* as in the manifest name: "sha512" */
	const EVP_MD *md;
};

struct mentry {
	char *path;              /* decoded */
	char *hex;               /* lowercase */
	unsigned long line;
	struct vfile *file;      /* the file it names, or NULL */
};

struct manifest {
	char *name;              /* "manifest-sha512.txt" */
	bool tag;
	int alg;                 /* index in algs, -1 if unsupported */
	struct mentry *v;
	size_t n;
	unsigned bit;            /* payload manifests: bit in vfile.listed */
};

enum enc { ENC_UTF8, ENC_UTF16, ENC_UTF16LE, ENC_UTF16BE, ENC_LATIN1 };

struct verifier {
	const struct bag_verify_opts *o;
	int status;              /* 0, 1, 2 */
	/* where the bag is */
	const char *path;
	const void *mem;         /* an archive in memory (bag_verify_memory) */
	size_t memlen;
	bool is_archive;
	char *prefix;            /* archive: the top-level folder, "name/" */
	uint64_t archive_size;
	/* the files */
	struct vfile *files;
	size_t nfiles;
	bool fold_keys;          /* nfc/fold computed */
	/* archive: tag files read in pass 1 (top-level *.txt), raw bytes */
	struct tagtext { char *name; struct wq_buf raw; } *tags;
	size_t ntags;
	/* bagit.txt */
	int major, minor;
	bool v1;                 /* BagIt 1.0 rules */
	enum enc enc;
	/* manifests */
	struct alg algs[MAX_ALGS];
	size_t nalgs;
	struct manifest *mans;
	size_t nmans;
	size_t npayload_mans;
	/* fetch.txt paths (decoded) */
	char **fetch;
	size_t nfetch;
	const struct la_functions *la; /* libarchive, once an archive is opened */
};

/* ---- reporting ---- */

static void report(struct verifier *v, bool error, const char *file, unsigned long line,
                   const char *fmt, ...) WQ_PRINTF(5, 6);

static void
report(struct verifier *v, bool error, const char *file, unsigned long line,
       const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (error && v->status < 1)
		v->status = 1;
	if (v->o->report != NULL)
		v->o->report(v->o->arg, error, file, line, msg);
}

static void
trouble(struct verifier *v, const char *file, const char *fmt, ...) WQ_PRINTF(3, 4);

static void
trouble(struct verifier *v, const char *file, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	v->status = 2;
	if (v->o->report != NULL)
		v->o->report(v->o->arg, true, file, 0, msg);
}

/* Printable form of a path for messages: control characters as \n, \r, \xHH. */
static const char *
shown(const char *p, char *out, size_t outsz)
{
	size_t j = 0;

	for (; *p && j + 5 < outsz; p++) {
		unsigned char c = (unsigned char)*p;
		if (c == '\n') { out[j++] = '\\'; out[j++] = 'n'; }
		else if (c == '\r') { out[j++] = '\\'; out[j++] = 'r'; }
		else if (c < 0x20 || c == 0x7f)
			j += (size_t)snprintf(out + j, outsz - j, "\\x%02X", c);
		else
			out[j++] = (char)c;
	}
	out[j] = '\0';
	return out;
}

/* ---- the file table ---- */

static int
add_file(struct verifier *v, const char *path, uint64_t size)
{
	struct vfile *f;

	if ((v->nfiles & (v->nfiles - 1)) == 0 || v->nfiles == 0) {
		size_t cap = v->nfiles ? v->nfiles * 2 : 64;
		if ((f = realloc(v->files, cap * sizeof(*f))) == NULL)
			return -1;
		v->files = f;
	}
	f = &v->files[v->nfiles];
	memset(f, 0, sizeof(*f));
	if ((f->path = strdup(path)) == NULL)
		return -1;
	f->size = size;
	f->payload = strncmp(path, "data/", 5) == 0;
	v->nfiles++;
	return 0;
}

static int
cmp_file(const void *a, const void *b)
{
	return strcmp(((const struct vfile *)a)->path, ((const struct vfile *)b)->path);
}

static struct vfile *
find_file(struct verifier *v, const char *path)
{
	struct vfile key;

	if (v->nfiles == 0)
		return NULL;
	key.path = (char *)path;
	return bsearch(&key, v->files, v->nfiles, sizeof(*v->files), cmp_file);
}

static void
make_fold_keys(struct verifier *v)
{
	if (v->fold_keys)
		return;
	for (size_t i = 0; i < v->nfiles; i++) {
		v->files[i].nfc = wq_utf8_nfc(v->files[i].path);
		v->files[i].fold = wq_utf8_fold(v->files[i].path);
	}
	v->fold_keys = true;
}

/* A file whose name equals path after Unicode normalization (casefold: and case). */
static struct vfile *
find_similar(struct verifier *v, const char *path, bool casefold)
{
	char *key = casefold ? wq_utf8_fold(path) : wq_utf8_nfc(path);
	struct vfile *hit = NULL;

	if (key == NULL)
		return NULL;
	make_fold_keys(v);
	for (size_t i = 0; i < v->nfiles && hit == NULL; i++) {
		const char *k = casefold ? v->files[i].fold : v->files[i].nfc;
		if (k != NULL && strcmp(k, key) == 0)
			hit = &v->files[i];
	}
	free(key);
	return hit;
}

/* ---- collecting a folder ---- */

static int
walk(struct verifier *v, const char *root, struct wq_buf *rel, int depth)
{
	char *dirpath = rel->len ? wq_path_join(root, rel->data) : strdup(root);
	DIR *d;
	struct dirent *de;
	size_t base = rel->len;
	char **names = NULL;
	size_t nn = 0;
	int rc = 0;

	if (dirpath == NULL)
		return -1;
	if (depth > MAX_DEPTH) {
		report(v, true, rel->data, 0, "folders nested too deeply");
		free(dirpath);
		return 0;
	}
	if ((d = opendir(dirpath)) == NULL) {
		trouble(v, rel->len ? rel->data : NULL, "cannot open folder: %s", strerror(errno));
		free(dirpath);
		return 0;
	}
	while ((de = readdir(d)) != NULL) {
		char **nv;
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		if ((nv = realloc(names, (nn + 1) * sizeof(*nv))) == NULL ||
		    (nv[nn] = strdup(de->d_name)) == NULL) {
			if (nv != NULL)
				names = nv;
			rc = -1;
			break;
		}
		names = nv;
		nn++;
	}
	closedir(d);
	for (size_t i = 0; i < nn && rc == 0; i++) {
		struct stat st;
		char *full;
		rel->len = base;
		if ((base > 0 && wq_buf_putc(rel, '/') != 0) || wq_buf_puts(rel, names[i]) != 0) {
			rc = -1;
			break;
		}
		if ((full = wq_path_join(root, rel->data)) == NULL) {
			rc = -1;
			break;
		}
		if (lstat(full, &st) != 0)
			trouble(v, rel->data, "cannot stat: %s", strerror(errno));
		else if (S_ISLNK(st.st_mode))
			report(v, true, rel->data, 0, "symbolic link in the bag (not followed)");
		else if (S_ISDIR(st.st_mode))
			rc = walk(v, root, rel, depth + 1);
		else if (S_ISREG(st.st_mode))
			rc = add_file(v, rel->data, (uint64_t)st.st_size);
		else
			report(v, true, rel->data, 0, "not a regular file or folder");
		free(full);
	}
	rel->len = base;
	if (rel->data != NULL)
		rel->data[base] = '\0';
	for (size_t i = 0; i < nn; i++)
		free(names[i]);
	free(names);
	free(dirpath);
	return rc;
}

/* ---- collecting an archive (pass 1) ---- */

/* libarchive's message, never NULL. */
static const char *
aerr(const struct verifier *v, struct archive *a)
{
	const char *m = v->la->error_string(a);

	return m != NULL ? m : "archive read error";
}

static struct archive *
archive_open(struct verifier *v)
{
	char err[256];
	struct archive *a;

	if (v->la == NULL && (v->la = la_load(err, sizeof err)) == NULL) {
		trouble(v, NULL, "cannot read archives: %s", err);
		return NULL;
	}
	if ((a = v->la->read_new()) == NULL)
		return NULL;
	v->la->read_support_filter_all(a);
	v->la->read_support_format_all(a);
	if ((v->mem != NULL ? v->la->read_open_memory(a, v->mem, v->memlen)
	                    : v->la->read_open_filename(a, v->path, READ_CHUNK)) != ARCHIVE_OK) {
		int e = v->la->error_number(a);
		if (e == EILSEQ || e == -1 || e == 0)
			report(v, true, NULL, 0, "not a bag folder nor a readable archive: %s",
			       aerr(v, a));
		else
			trouble(v, NULL, "%s", aerr(v, a));
		v->la->read_free(a);
		return NULL;
	}
	return a;
}

/* Is name (a top-level file of the bag) a tag file pass 1 keeps in memory? */
static bool
keep_tag(const char *name)
{
	bool tag;
	char alg[32];

	return strcmp(name, "bagit.txt") == 0 || strcmp(name, "bag-info.txt") == 0 ||
	       strcmp(name, "package-info.txt") == 0 || strcmp(name, "fetch.txt") == 0 ||
	       bag_manifest_name(name, &tag, alg, sizeof(alg));
}

/*
 * The entry's path inside the bag, or NULL (reported) when the entry must
 * be refused. Strips "./" and trailing '/'; sets *top to the first segment.
 */
static char *
entry_path(struct verifier *v, const char *raw, char **top)
{
	char sh[512];
	const char *p = raw;
	size_t n;
	char *s, *slash;
	enum bag_path_err pe;

	while (p[0] == '.' && p[1] == '/')
		p += 2;
	n = strlen(p);
	while (n > 0 && p[n - 1] == '/')
		n--;
	if (n == 0)
		return strdup("");
	pe = bag_path_check(p, n);
	if (pe != BAG_PATH_OK) {
		report(v, true, shown(raw, sh, sizeof(sh)), 0, "archive entry refused: %s",
		       bag_path_strerror(pe));
		return NULL;
	}
	if ((s = strndup(p, n)) == NULL)
		return NULL;
	slash = strchr(s, '/');
	*top = strndup(s, slash ? (size_t)(slash - s) : n);
	if (*top == NULL) {
		free(s);
		return NULL;
	}
	if (slash == NULL) {
		s[0] = '\0';
		return s;
	}
	memmove(s, slash + 1, strlen(slash + 1) + 1);
	return s;
}

static int
read_entry_data(struct verifier *v, struct archive *a, const char *name, uint64_t declared,
                bool declared_set, uint64_t *budget, struct wq_buf *keep, EVP_MD_CTX **ctx,
                size_t nctx, uint64_t *done, struct wq_progress *pg)
{
	const void *buf;
	size_t len;
	la_int64_t off;
	uint64_t got = 0;
	int r;

	while ((r = v->la->read_data_block(a, &buf, &len, &off)) == ARCHIVE_OK) {
		(void)off;
		got += len;
		if (declared_set && got > declared) {
			report(v, true, name, 0, "entry holds more data than its header says");
			return 1;
		}
		if (len > *budget) {
			report(v, true, name, 0,
			       "archive expands to more than %llu times its size; refusing to read on (zip bomb?)",
			       (unsigned long long)(v->o->max_ratio ? v->o->max_ratio : 10000));
			return 1;
		}
		*budget -= len;
		if (keep != NULL) {
			size_t lim = v->o->max_tag_size ? v->o->max_tag_size : (size_t)256 << 20;
			if (keep->len + len > lim) {
				report(v, true, name, 0, "tag file larger than %zu bytes", lim);
				return 1;
			}
			if (wq_buf_append(keep, buf, len) != 0)
				return -1;
		}
		for (size_t i = 0; i < nctx; i++)
			if (ctx[i] != NULL && !EVP_DigestUpdate(ctx[i], buf, len))
				return -1;
		if (done != NULL) {
			*done += len;
			wq_progress_update(pg, *done);
		}
	}
	if (r != ARCHIVE_EOF) {
		report(v, true, name, 0, "%s", aerr(v, a));
		return 1;
	}
	return 0;
}

/* The entry's name: as UTF-8 when libarchive knows it (pax, zip's UTF-8 flag), else its bytes. */
static const char *
entry_name(const struct verifier *v, struct archive_entry *e)
{
	const char *p = v->la->entry_pathname_utf8(e);

	return p != NULL ? p : v->la->entry_pathname(e);
}

static uint64_t
budget_of(struct verifier *v)
{
	uint64_t ratio = v->o->max_ratio ? v->o->max_ratio : 10000;
	uint64_t sz = v->archive_size;

	if (sz > (UINT64_MAX - 65536) / ratio)
		return UINT64_MAX;
	return sz * ratio + 65536;
}

static int
collect_archive(struct verifier *v)
{
	struct archive *a;
	struct archive_entry *e;
	char *top0 = NULL;
	uint64_t budget = budget_of(v);
	int r, rc = 0;
	bool bad_top = false;

	if ((a = archive_open(v)) == NULL)
		return 0;
	while ((r = v->la->read_next_header(a, &e)) == ARCHIVE_OK ||
	       r == ARCHIVE_WARN) {
		const char *raw = entry_name(v, e);
		char *top = NULL, *path, sh[512];
		mode_t type = v->la->entry_filetype(e);

		if (raw == NULL) {
			report(v, true, NULL, 0, "archive entry without a name");
			continue;
		}
		if (v->la->entry_hardlink(e) != NULL) {
			report(v, true, shown(raw, sh, sizeof(sh)), 0,
			       "hard link entry refused (a bag holds only files and folders)");
			continue;
		}
		if (type == AE_IFLNK) {
			report(v, true, shown(raw, sh, sizeof(sh)), 0,
			       "symbolic link entry refused (a bag holds only files and folders)");
			continue;
		}
		if (type != AE_IFREG && type != AE_IFDIR) {
			report(v, true, shown(raw, sh, sizeof(sh)), 0,
			       "entry is not a regular file or folder");
			continue;
		}
		if ((path = entry_path(v, raw, &top)) == NULL) {
			if (errno == ENOMEM) {
				rc = -1;
				break;
			}
			continue;
		}
		if (top != NULL) {
			if (top0 == NULL)
				top0 = top, top = NULL;
			else if (strcmp(top, top0) != 0 && !bad_top) {
				report(v, true, shown(raw, sh, sizeof(sh)), 0,
				       "a serialized bag must hold exactly one top-level folder (found '%s' and '%s')",
				       top0, top);
				bad_top = true;
			}
		}
		free(top);
		if (type == AE_IFDIR || path[0] == '\0') {
			if (type != AE_IFDIR && !bad_top) {
				report(v, true, shown(raw, sh, sizeof(sh)), 0,
				       "file at the top of the archive: a serialized bag must hold exactly one top-level folder");
				bad_top = true;
			}
			free(path);
			continue;
		}
		if (add_file(v, path, (uint64_t)v->la->entry_size(e)) != 0) {
			free(path);
			rc = -1;
			break;
		}
		if (strchr(path, '/') == NULL && keep_tag(path)) {
			struct tagtext *t = realloc(v->tags, (v->ntags + 1) * sizeof(*t));
			if (t == NULL) {
				free(path);
				rc = -1;
				break;
			}
			v->tags = t;
			t = &v->tags[v->ntags++];
			t->name = path;
			path = NULL;
			memset(&t->raw, 0, sizeof(t->raw));
			int dr = read_entry_data(v, a, t->name, (uint64_t)v->la->entry_size(e),
			                         v->la->entry_size_is_set(e), &budget, &t->raw,
			                         NULL, 0, NULL, NULL);
			if (dr != 0) {
				if (dr < 0)
					rc = -1;
				r = ARCHIVE_EOF; /* reported; stop reading */
				break;
			}
		}
		free(path);
	}
	if (r != ARCHIVE_EOF && r != ARCHIVE_OK && r != ARCHIVE_WARN)
		report(v, true, NULL, 0, "%s", aerr(v, a));
	if (rc == 0 && top0 == NULL && v->status < 2)
		report(v, true, NULL, 0, "empty archive: no bag inside");
	if (top0 != NULL) {
		v->prefix = top0;
		/* 0.97's rule: the archive is named after the bag's folder */
		const char *b = wq_path_base(v->path);
		size_t tl = strlen(top0);
		if (strncmp(b, top0, tl) != 0 || (b[tl] != '.' && b[tl] != '\0'))
			report(v, false, NULL, 0, "top-level folder '%s' is not named after the archive",
			       top0);
	}
	v->la->read_free(a);
	return rc;
}

/* ---- reading tag files ---- */

/* 0 found (raw bytes appended to out), 1 absent, 2 refused (reported), -1 ENOMEM. */
static int
get_tag(struct verifier *v, const char *name, struct wq_buf *out)
{
	size_t lim = v->o->max_tag_size ? v->o->max_tag_size : (size_t)256 << 20;

	if (v->is_archive) {
		for (size_t i = 0; i < v->ntags; i++)
			if (strcmp(v->tags[i].name, name) == 0)
				return wq_buf_append(out, v->tags[i].raw.data ? v->tags[i].raw.data : "",
				                     v->tags[i].raw.len) ? -1 : 0;
		return 1;
	}
	struct vfile *f = find_file(v, name);
	if (f == NULL)
		return 1;
	char *full = wq_path_join(v->path, name);
	if (full == NULL)
		return -1;
	int fd = open(full, O_RDONLY | O_NOFOLLOW);
	free(full);
	if (fd < 0) {
		trouble(v, name, "cannot open: %s", strerror(errno));
		return 2;
	}
	struct stat st;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || (uint64_t)st.st_size > lim) {
		report(v, true, name, 0, "not a regular file of at most %zu bytes", lim);
		close(fd);
		return 2;
	}
	FILE *fp = fdopen(fd, "rb");
	if (fp == NULL) {
		close(fd);
		return -1;
	}
	int r = wq_read_stream(fp, out, lim);
	fclose(fp);
	if (r != 0) {
		if (errno == ENOMEM)
			return -1;
		trouble(v, name, "cannot read: %s", strerror(errno));
		return 2;
	}
	return 0;
}

static bool
has_bom(const struct wq_buf *b)
{
	return b->len >= 3 && memcmp(b->data, "\xEF\xBB\xBF", 3) == 0;
}

/* Decode raw bytes in the bag's tag-file encoding to UTF-8 into out. */
static int
decode_tag(struct verifier *v, const char *name, const struct wq_buf *raw, struct wq_buf *out)
{
	const unsigned char *s = (const unsigned char *)(raw->data ? raw->data : "");
	size_t n = raw->len, i = 0;

	switch (v->enc) {
	case ENC_UTF8:
		if (has_bom(raw)) {
			report(v, v->v1, name, 0, "starts with a byte-order mark (forbidden)");
			i = 3;
		}
		for (size_t k = i; k < n;) {
			uint32_t cp;
			size_t l = wq_utf8_decode(s + k, n - k, &cp);
			if (l == 0) {
				report(v, false, name, 0, "not valid UTF-8 (byte %zu)", k);
				break;
			}
			k += l;
		}
		return wq_buf_append(out, s + i, n - i);
	case ENC_LATIN1:
		for (; i < n; i++) {
			unsigned char u[4];
			size_t l = wq_utf8_encode(s[i], u);
			if (wq_buf_append(out, u, l) != 0)
				return -1;
		}
		return wq_buf_append(out, "", 0);
	case ENC_UTF16:
	case ENC_UTF16LE:
	case ENC_UTF16BE: {
		bool le = v->enc == ENC_UTF16LE;
		if (v->enc == ENC_UTF16 && n >= 2) {
			if (s[0] == 0xFF && s[1] == 0xFE)
				le = true, i = 2;
			else if (s[0] == 0xFE && s[1] == 0xFF)
				i = 2;
		} else if (n >= 2 && ((le && s[0] == 0xFF && s[1] == 0xFE) ||
		                      (!le && s[0] == 0xFE && s[1] == 0xFF)))
			i = 2;
		if ((n - i) % 2 != 0)
			report(v, true, name, 0, "odd number of bytes for UTF-16");
		while (i + 1 < n) {
			uint32_t cp = le ? (uint32_t)(s[i] | s[i + 1] << 8) : (uint32_t)(s[i] << 8 | s[i + 1]);
			i += 2;
			if (cp >= 0xD800 && cp < 0xDC00 && i + 1 < n) {
				uint32_t lo = le ? (uint32_t)(s[i] | s[i + 1] << 8) : (uint32_t)(s[i] << 8 | s[i + 1]);
				if (lo >= 0xDC00 && lo < 0xE000) {
					cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
					i += 2;
				}
			}
			unsigned char u[4];
			size_t l = wq_utf8_encode(cp, u);
			if (l == 0) {
				report(v, true, name, 0, "invalid UTF-16 (unpaired surrogate)");
				return wq_buf_append(out, "", 0);
			}
			if (wq_buf_append(out, u, l) != 0)
				return -1;
		}
		return wq_buf_append(out, "", 0);
	}
	}
	return 0;
}

/* ---- bagit.txt ---- */

static bool
streq_ci(const char *a, const char *b)
{
	while (*a && *b && tolower((unsigned char)*a) == tolower((unsigned char)*b))
		a++, b++;
	return *a == *b;
}

static bool
parse_version(const char *s, int *major, int *minor)
{
	int a = 0, b = 0;
	const char *p = s;

	if (!isdigit((unsigned char)*p))
		return false;
	for (; isdigit((unsigned char)*p); p++)
		if ((a = a * 10 + (*p - '0')) > 1000)
			return false;
	if (*p++ != '.' || !isdigit((unsigned char)*p))
		return false;
	for (; isdigit((unsigned char)*p); p++)
		if ((b = b * 10 + (*p - '0')) > 1000)
			return false;
	if (*p != '\0')
		return false;
	*major = a;
	*minor = b;
	return true;
}

static int
check_bagit_txt(struct verifier *v)
{
	struct wq_buf raw = WQ_BUF_INIT;
	const char *line;
	size_t pos = 0, len, nlines = 0;
	char *ver = NULL, *enc = NULL;
	unsigned long lineno = 0, ver_line = 0, enc_line = 0;
	bool ws_colon = false;
	int r = get_tag(v, "bagit.txt", &raw), rc = 0;

	if (r < 0)
		return -1;
	if (r == 1) {
		report(v, true, "bagit.txt", 0, "missing (required in every bag)");
		goto out;
	}
	if (r == 2)
		goto out;
	if (has_bom(&raw)) {
		report(v, true, "bagit.txt", 1, "starts with a byte-order mark (forbidden)");
		goto out;
	}
	while (bag_next_line(raw.data ? raw.data : "", raw.len, &pos, &line, &len)) {
		const char *colon, *l1, *v0, *end = line + len;
		lineno++;
		if (len == 0)
			continue;
		nlines++;
		if ((colon = memchr(line, ':', len)) == NULL) {
			report(v, true, "bagit.txt", lineno, "line has no ':'");
			continue;
		}
		for (l1 = colon; l1 > line && (l1[-1] == ' ' || l1[-1] == '\t'); l1--)
			ws_colon = true;
		v0 = colon + 1;
		while (v0 < end && (*v0 == ' ' || *v0 == '\t'))
			v0++;
		const char *v1 = end;
		while (v1 > v0 && (v1[-1] == ' ' || v1[-1] == '\t'))
			v1--;
		if (v1 != end)
			report(v, false, "bagit.txt", lineno, "trailing whitespace");
		char *label = strndup(line, (size_t)(l1 - line));
		char *value = strndup(v0, (size_t)(v1 - v0));
		if (label == NULL || value == NULL) {
			free(label);
			free(value);
			rc = -1;
			goto out;
		}
		if (strcmp(label, "BagIt-Version") == 0 && ver == NULL) {
			ver = value, ver_line = lineno;
			if (nlines != 1)
				report(v, true, "bagit.txt", lineno, "BagIt-Version must be the first line");
		} else if (strcmp(label, "Tag-File-Character-Encoding") == 0 && enc == NULL) {
			enc = value, enc_line = lineno;
		} else {
			report(v, true, "bagit.txt", lineno, "unexpected element '%s'", label);
			free(value);
		}
		free(label);
	}
	if (ver == NULL) {
		report(v, true, "bagit.txt", 0, "no BagIt-Version line");
		goto out;
	}
	if (!parse_version(ver, &v->major, &v->minor)) {
		report(v, true, "bagit.txt", ver_line, "invalid BagIt-Version '%s' (must be M.N)", ver);
		goto out;
	}
	v->v1 = v->major >= 1;
	if (v->major > 1 || (v->major == 1 && v->minor > 0))
		report(v, false, "bagit.txt", ver_line,
		       "BagIt-Version %d.%d is newer than 1.0: checked by the 1.0 rules", v->major, v->minor);
	else if (v->major == 0 && v->minor < 93)
		report(v, false, "bagit.txt", ver_line,
		       "BagIt-Version %d.%d is older than 0.93: checked by the 0.93 rules", v->major, v->minor);
	if (ws_colon)
		report(v, v->v1, "bagit.txt", 0, "whitespace before ':' (BagIt 1.0 requires \"Label: value\")");
	if (enc == NULL) {
		report(v, true, "bagit.txt", 0, "no Tag-File-Character-Encoding line");
		goto out;
	}
	if (enc_line != ver_line + 1 && v->v1)
		report(v, true, "bagit.txt", enc_line, "Tag-File-Character-Encoding must be the second line");
	if (streq_ci(enc, "UTF-8") || streq_ci(enc, "UTF8"))
		v->enc = ENC_UTF8;
	else if (streq_ci(enc, "UTF-16"))
		v->enc = ENC_UTF16;
	else if (streq_ci(enc, "UTF-16LE"))
		v->enc = ENC_UTF16LE;
	else if (streq_ci(enc, "UTF-16BE"))
		v->enc = ENC_UTF16BE;
	else if (streq_ci(enc, "ISO-8859-1") || streq_ci(enc, "latin1") ||
	         streq_ci(enc, "ISO_8859-1") || streq_ci(enc, "US-ASCII") || streq_ci(enc, "ASCII"))
		v->enc = ENC_LATIN1;
	else
		report(v, true, "bagit.txt", enc_line, "unsupported Tag-File-Character-Encoding '%s'", enc);
	if (v->v1 && v->enc != ENC_UTF8)
		report(v, false, "bagit.txt", enc_line, "BagIt 1.0 recommends UTF-8 tag files");
out:
	free(ver);
	free(enc);
	wq_buf_free(&raw);
	return rc;
}

/* ---- manifests ---- */

static const struct { const char *bag, *ossl; } alg_names[] = {
	{ "blake2b512", "BLAKE2b512" }, { "blake2b-512", "BLAKE2b512" },
	{ "md5", "MD5" }, { "sha1", "SHA1" }, { "sha224", "SHA224" },
	{ "sha256", "SHA256" }, { "sha384", "SHA384" }, { "sha512", "SHA512" },
	{ "sha3224", "SHA3-224" }, { "sha3256", "SHA3-256" }, { "sha3384", "SHA3-384" },
	{ "sha3512", "SHA3-512" },
};

static int
alg_index(struct verifier *v, const char *name)
{
	const EVP_MD *md = NULL;

	for (size_t i = 0; i < v->nalgs; i++)
		if (strcmp(v->algs[i].name, name) == 0)
			return (int)i;
	for (size_t i = 0; i < sizeof(alg_names) / sizeof(alg_names[0]); i++)
		if (strcmp(alg_names[i].bag, name) == 0)
			md = EVP_get_digestbyname(alg_names[i].ossl);
	if (md == NULL || v->nalgs == MAX_ALGS)
		return -1;
	snprintf(v->algs[v->nalgs].name, sizeof(v->algs[0].name), "%s", name);
	v->algs[v->nalgs].md = md;
	return (int)v->nalgs++;
}

static int
cmp_mentry(const void *a, const void *b)
{
	return strcmp(((const struct mentry *)a)->path, ((const struct mentry *)b)->path);
}

/* Decode and check one file path of a manifest or fetch.txt; NULL if refused (reported). */
static char *
decode_path(struct verifier *v, const char *file, unsigned long line, const char *p, size_t n,
            bool *oom)
{
	struct wq_buf b = WQ_BUF_INIT;
	bool stray = false;
	enum bag_path_err pe;
	char sh[512];

	*oom = false;
	if (v->v1) {
		if (bag_path_decode(p, n, &b, &stray) != 0)
			goto nomem;
		if (stray)
			report(v, false, file, line,
			       "'%%' not followed by 0D, 0A or 25 is kept as it is (BagIt 1.0 writes a literal %% as %%25)");
	} else if (wq_buf_append(&b, p, n) != 0)
		goto nomem;
	pe = bag_path_check(b.data, b.len);
	if (pe != BAG_PATH_OK) {
		report(v, true, file, line, "%s: %s", shown(b.data, sh, sizeof(sh)), bag_path_strerror(pe));
		wq_buf_free(&b);
		return NULL;
	}
	if (memchr(b.data, '\\', b.len) != NULL)
		report(v, false, file, line, "%s: backslash in path (BagIt separates with '/')",
		       shown(b.data, sh, sizeof(sh)));
	return wq_buf_steal(&b);
nomem:
	wq_buf_free(&b);
	*oom = true;
	return NULL;
}

static int
parse_manifest(struct verifier *v, struct manifest *m, const char *text, size_t n)
{
	size_t pos = 0, len, hexlen = 0;
	const char *line;
	unsigned long lineno = 0;
	char sh[512];

	if (m->alg >= 0)
		hexlen = (size_t)EVP_MD_get_size(v->algs[m->alg].md) * 2;
	while (bag_next_line(text, n, &pos, &line, &len)) {
		struct bag_mline ml;
		enum bag_mline_err e;
		struct mentry *me;
		bool oom;
		char *path;

		lineno++;
		if ((e = bag_mline_parse(line, len, &ml)) != BAG_ML_OK) {
			if (e == BAG_ML_EMPTY)
				report(v, false, m->name, lineno, "blank line");
			else
				report(v, true, m->name, lineno, "%s", bag_mline_strerror(e));
			continue;
		}
		if (ml.star)
			report(v, false, m->name, lineno,
			       "md5sum-style '*' before the path (accepted, but not BagIt)");
		if (ml.dotslash)
			report(v, false, m->name, lineno, "path starts with './'");
		if (hexlen != 0 && ml.digest_len != hexlen) {
			report(v, true, m->name, lineno, "checksum has %zu hex digits, %s needs %zu",
			       ml.digest_len, v->algs[m->alg].name, hexlen);
			continue;
		}
		if ((path = decode_path(v, m->name, lineno, ml.path, ml.path_len, &oom)) == NULL) {
			if (oom)
				return -1;
			continue;
		}
		if (!m->tag && strncmp(path, "data/", 5) != 0) {
			report(v, true, m->name, lineno, "%s: payload manifest entry outside data/",
			       shown(path, sh, sizeof(sh)));
			free(path);
			continue;
		}
		if (m->tag && strncmp(path, "data/", 5) == 0) {
			report(v, true, m->name, lineno, "%s: tag manifest lists a payload file",
			       shown(path, sh, sizeof(sh)));
			free(path);
			continue;
		}
		if ((me = realloc(m->v, (m->n + 1) * sizeof(*me))) == NULL) {
			free(path);
			return -1;
		}
		m->v = me;
		me = &m->v[m->n];
		me->path = path;
		me->line = lineno;
		me->file = NULL;
		if ((me->hex = strndup(ml.digest, ml.digest_len)) == NULL)
			return -1;
		m->n++;
		for (char *c = me->hex; *c; c++)
			*c = (char)tolower((unsigned char)*c);
	}
	/* the same path twice */
	if (m->n > 1)
		qsort(m->v, m->n, sizeof(*m->v), cmp_mentry);
	for (size_t i = 1; i < m->n; i++) {
		if (strcmp(m->v[i].path, m->v[i - 1].path) != 0)
			continue;
		bool same = strcmp(m->v[i].hex, m->v[i - 1].hex) == 0;
		report(v, v->v1 || !same, m->name, m->v[i].line,
		       "%s listed twice (also line %lu)%s", shown(m->v[i].path, sh, sizeof(sh)),
		       m->v[i - 1].line, same ? "" : " with different checksums");
		free(m->v[i].path);
		free(m->v[i].hex);
		memmove(&m->v[i], &m->v[i + 1], (m->n - i - 1) * sizeof(*m->v));
		m->n--;
		i--;
	}
	return 0;
}

static int
load_manifests(struct verifier *v)
{
	struct wq_buf raw = WQ_BUF_INIT, text = WQ_BUF_INIT;
	int rc = 0;

	for (size_t i = 0; i < v->nfiles; i++) {
		const char *name = v->files[i].path;
		bool tag;
		char alg[32];
		struct manifest *m;

		if (strchr(name, '/') != NULL || !bag_manifest_name(name, &tag, alg, sizeof(alg)))
			continue;
		if ((m = realloc(v->mans, (v->nmans + 1) * sizeof(*m))) == NULL)
			return -1;
		v->mans = m;
		m = &v->mans[v->nmans];
		memset(m, 0, sizeof(*m));
		if ((m->name = strdup(name)) == NULL)
			return -1;
		v->nmans++;
		m->tag = tag;
		m->alg = alg_index(v, alg);
		if (m->alg < 0) {
			report(v, false, name, 0, "unsupported algorithm '%s': not checked", alg);
			continue;
		}
		if (!tag) {
			if (v->npayload_mans >= 32) {
				report(v, false, name, 0, "too many payload manifests: not checked");
				m->alg = -1;
				continue;
			}
			m->bit = 1u << v->npayload_mans++;
		}
		wq_buf_reset(&raw);
		wq_buf_reset(&text);
		int r = get_tag(v, name, &raw);
		if (r < 0 || (r == 0 && decode_tag(v, name, &raw, &text) != 0)) {
			rc = -1;
			break;
		}
		if (r == 0 && parse_manifest(v, m, text.data ? text.data : "", text.len) != 0) {
			rc = -1;
			break;
		}
	}
	wq_buf_free(&raw);
	wq_buf_free(&text);
	if (rc == 0 && v->npayload_mans == 0)
		report(v, true, NULL, 0, "no payload manifest (manifest-ALG.txt) this tool can check");
	return rc;
}

/* ---- fetch.txt ---- */

static int
load_fetch(struct verifier *v)
{
	struct wq_buf raw = WQ_BUF_INIT, text = WQ_BUF_INIT;
	const char *line;
	size_t pos = 0, len;
	unsigned long lineno = 0;
	int r = get_tag(v, "fetch.txt", &raw), rc = 0;

	if (r != 0) {
		wq_buf_free(&raw);
		return r < 0 ? -1 : 0;
	}
	if (decode_tag(v, "fetch.txt", &raw, &text) != 0) {
		rc = -1;
		goto out;
	}
	while (bag_next_line(text.data ? text.data : "", text.len, &pos, &line, &len)) {
		size_t i = 0, f;
		char *path, **nv;
		bool oom;
		lineno++;
		if (len == 0)
			continue;
		/* URL LENGTH FILEPATH */
		size_t fs[2], fe[2];
		for (f = 0; f < 2; f++) {
			fs[f] = i;
			while (i < len && line[i] != ' ' && line[i] != '\t')
				i++;
			fe[f] = i;
			while (i < len && (line[i] == ' ' || line[i] == '\t'))
				i++;
		}
		if (i >= len || fs[0] == fe[0] || fs[1] == fe[1]) {
			report(v, true, "fetch.txt", lineno, "not \"URL LENGTH FILEPATH\"");
			continue;
		}
		/* an absolute URL: a scheme, then ':' */
		size_t u = fs[0];
		while (u < fe[0] && (isalnum((unsigned char)line[u]) || line[u] == '+' ||
		                     line[u] == '-' || line[u] == '.'))
			u++;
		if (u == fs[0] || u >= fe[0] || line[u] != ':' || !isalpha((unsigned char)line[fs[0]]))
			report(v, true, "fetch.txt", lineno, "URL is not absolute (no scheme)");
		bool len_ok = fe[1] - fs[1] == 1 && line[fs[1]] == '-';
		if (!len_ok) {
			len_ok = true;
			for (size_t d = fs[1]; d < fe[1]; d++)
				len_ok = len_ok && isdigit((unsigned char)line[d]);
		}
		if (!len_ok)
			report(v, true, "fetch.txt", lineno, "LENGTH is neither a number nor '-'");
		if ((path = decode_path(v, "fetch.txt", lineno, line + i, len - i, &oom)) == NULL) {
			if (oom) {
				rc = -1;
				goto out;
			}
			continue;
		}
		if (strncmp(path, "data/", 5) != 0) {
			char sh[512];
			report(v, true, "fetch.txt", lineno, "%s: fetch entry outside data/",
			       shown(path, sh, sizeof(sh)));
			free(path);
			continue;
		}
		if ((nv = realloc(v->fetch, (v->nfetch + 1) * sizeof(*nv))) == NULL) {
			free(path);
			rc = -1;
			goto out;
		}
		v->fetch = nv;
		v->fetch[v->nfetch++] = path;
	}
out:
	wq_buf_free(&raw);
	wq_buf_free(&text);
	return rc;
}

static bool
in_fetch(const struct verifier *v, const char *path)
{
	for (size_t i = 0; i < v->nfetch; i++)
		if (strcmp(v->fetch[i], path) == 0)
			return true;
	return false;
}

/* ---- bag-info.txt ---- */

struct info_ctx {
	struct verifier *v;
	const char *name;
};

static void
info_problem(void *arg, bool error, unsigned long line, const char *msg)
{
	struct info_ctx *c = arg;

	report(c->v, error, c->name, line, "%s", msg);
}

static bool
date_ok(const char *s)
{
	for (int i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? s[i] != '-' : !isdigit((unsigned char)s[i]))
			return false;
	return s[10] == '\0';
}

static int
check_bag_info(struct verifier *v)
{
	const char *name = v->major == 0 && v->minor <= 95 ? "package-info.txt" : "bag-info.txt";
	struct wq_buf raw = WQ_BUF_INIT, text = WQ_BUF_INIT;
	struct bag_info bi = BAG_INFO_INIT;
	struct info_ctx ctx = { v, name };
	const char *val;
	size_t count;
	int r = get_tag(v, name, &raw), rc = 0;

	if (r == 1 && strcmp(name, "package-info.txt") == 0) {
		name = ctx.name = "bag-info.txt";
		r = get_tag(v, name, &raw);
	}
	if (r != 0) {
		rc = r < 0 ? -1 : 0;
		goto out;
	}
	if (decode_tag(v, name, &raw, &text) != 0 ||
	    bag_info_parse(text.data ? text.data : "", text.len, v->v1, &bi, info_problem, &ctx) != 0) {
		rc = -1;
		goto out;
	}
	if ((val = bag_info_get(&bi, "Payload-Oxum", &count)) != NULL) {
		unsigned long long oct, nf, aoct = 0, anf = 0;
		if (count > 1)
			report(v, v->v1, name, 0, "Payload-Oxum appears %zu times", count);
		for (size_t i = 0; i < v->nfiles; i++)
			if (v->files[i].payload) {
				aoct += v->files[i].size;
				anf++;
			}
		if (!bag_oxum_parse(val, &oct, &nf))
			report(v, true, name, 0, "Payload-Oxum '%s' is not OCTETS.COUNT", val);
		else if (oct != aoct || nf != anf)
			report(v, true, name, 0,
			       "Payload-Oxum %llu.%llu does not match the payload (%llu bytes in %llu files)",
			       oct, nf, aoct, anf);
	}
	if ((val = bag_info_get(&bi, "Bagging-Date", &count)) != NULL && !date_ok(val))
		report(v, false, name, 0, "Bagging-Date '%s' is not YYYY-MM-DD", val);
	static const char *const once[] = { "Bagging-Date", "Bag-Size", "Bag-Count",
	                                    "Bag-Group-Identifier", "Bag-Software-Agent" };
	for (size_t i = 0; i < sizeof(once) / sizeof(once[0]); i++)
		if (bag_info_get(&bi, once[i], &count) != NULL && count > 1)
			report(v, false, name, 0, "%s should not be repeated (%zu times)", once[i], count);
out:
	bag_info_free(&bi);
	wq_buf_free(&raw);
	wq_buf_free(&text);
	return rc;
}

/* ---- matching entries to files ---- */

static bool
is_special(const char *path)
{
	const char *b = wq_path_base(path);

	return strcmp(b, ".DS_Store") == 0 || strcmp(b, "Thumbs.db") == 0 ||
	       strcmp(b, "desktop.ini") == 0 || strncmp(b, "._", 2) == 0 ||
	       strcmp(b, ".Spotlight-V100") == 0 || strcmp(b, ".Trashes") == 0;
}

static void
match_entries(struct verifier *v)
{
	char sh[512], sh2[512];

	for (size_t mi = 0; mi < v->nmans; mi++) {
		struct manifest *m = &v->mans[mi];
		if (m->alg < 0)
			continue;
		for (size_t i = 0; i < m->n; i++) {
			struct mentry *me = &m->v[i];
			struct vfile *f = find_file(v, me->path);
			if (f == NULL) {
				bool casefold = false;
				f = find_similar(v, me->path, false);
				if (f == NULL) {
					f = find_similar(v, me->path, true);
					casefold = true;
				}
				if (f != NULL && !casefold && v->is_archive) {
					/* libarchive gives names in NFC: compare after normalizing */
				} else if (f != NULL) {
					/*
					 * Readers SHOULD compare names after Unicode normalization
					 * (a warning); a case-only match is a missing file in 1.0.
					 */
					bool err = casefold && v->v1;
					report(v, err, m->name, me->line,
					       "%s is missing; %s differs from it only in %s",
					       shown(me->path, sh, sizeof(sh)), shown(f->path, sh2, sizeof(sh2)),
					       casefold ? "case" : "Unicode normalization");
					if (err)
						f = NULL;
				} else if (in_fetch(v, me->path))
					report(v, true, shown(me->path, sh, sizeof(sh)), 0,
					       "missing: listed in fetch.txt but not fetched (this tool does not fetch)");
				else
					report(v, true, shown(me->path, sh, sizeof(sh)), 0,
					       "missing: listed in %s", m->name);
			}
			if (f == NULL)
				continue;
			if (mi < 64 && (f->claimed & ((uint64_t)1 << mi))) {
				report(v, v->v1, m->name, me->line,
				       "%s names the same file as another line (%s)",
				       shown(me->path, sh, sizeof(sh)), shown(f->path, sh2, sizeof(sh2)));
				continue;
			}
			if (mi < 64)
				f->claimed |= (uint64_t)1 << mi;
			me->file = f;
			f->need |= 1u << m->alg;
			if (!m->tag)
				f->listed |= m->bit;
		}
	}
}

struct keyref {
	const char *key;
	const char *path;
};

static int
cmp_keyref(const void *a, const void *b)
{
	const struct keyref *x = a, *y = b;
	int c = strcmp(x->key, y->key);

	return c != 0 ? c : strcmp(x->path, y->path);
}

/* Payload names that differ only in Unicode normalization or in case: warnings. */
static int
check_similar_names(struct verifier *v)
{
	struct keyref *k;
	size_t n = 0;
	char sh[512], sh2[512];

	if (v->nfiles < 2)
		return 0;
	make_fold_keys(v);
	if ((k = malloc(v->nfiles * sizeof(*k))) == NULL)
		return -1;
	for (int pass = 0; pass < 2; pass++) {
		n = 0;
		for (size_t i = 0; i < v->nfiles; i++) {
			const char *key = pass == 0 ? v->files[i].nfc : v->files[i].fold;
			if (key != NULL && v->files[i].payload)
				k[n++] = (struct keyref){ key, v->files[i].path };
		}
		qsort(k, n, sizeof(*k), cmp_keyref);
		for (size_t i = 1; i < n; i++) {
			if (strcmp(k[i].key, k[i - 1].key) != 0)
				continue;
			/* case-only: not when the names are already the same after NFC */
			if (pass == 1) {
				char *a = wq_utf8_nfc(k[i].path), *b = wq_utf8_nfc(k[i - 1].path);
				bool same = a != NULL && b != NULL && strcmp(a, b) == 0;
				free(a);
				free(b);
				if (same)
					continue;
			}
			report(v, false, shown(k[i].path, sh, sizeof(sh)), 0,
			       "name differs from %s only in %s (a problem on some file systems)",
			       shown(k[i - 1].path, sh2, sizeof(sh2)),
			       pass == 0 ? "Unicode normalization" : "case");
		}
	}
	free(k);
	return 0;
}

static void
check_coverage(struct verifier *v)
{
	char sh[512];
	unsigned all = v->npayload_mans >= 32 ? ~0u : (1u << v->npayload_mans) - 1;

	for (size_t i = 0; i < v->nfiles; i++) {
		struct vfile *f = &v->files[i];
		if (!f->payload)
			continue;
		if (is_special(f->path))
			report(v, false, shown(f->path, sh, sizeof(sh)), 0, "operating-system file in the payload");
		if (f->listed == all)
			continue;
		for (size_t mi = 0; mi < v->nmans; mi++) {
			struct manifest *m = &v->mans[mi];
			if (m->tag || m->alg < 0 || (f->listed & m->bit))
				continue;
			report(v, true, shown(f->path, sh, sizeof(sh)), 0, "not listed in %s", m->name);
		}
	}
	for (size_t i = 0; i < v->nfetch; i++) {
		for (size_t mi = 0; mi < v->nmans; mi++) {
			struct manifest *m = &v->mans[mi];
			if (m->tag || m->alg < 0)
				continue;
			bool found = false;
			struct mentry key = { v->fetch[i], NULL, 0, NULL };
			found = m->n > 0 && bsearch(&key, m->v, m->n, sizeof(*m->v), cmp_mentry) != NULL;
			if (!found)
				report(v, true, "fetch.txt", 0, "%s is not listed in %s",
				       shown(v->fetch[i], sh, sizeof(sh)), m->name);
		}
	}
	/* tag manifests: every payload manifest, no tag manifests */
	for (size_t mi = 0; mi < v->nmans; mi++) {
		struct manifest *t = &v->mans[mi];
		if (!t->tag || t->alg < 0)
			continue;
		for (size_t i = 0; i < t->n; i++) {
			bool tag;
			char alg[32];
			if (bag_manifest_name(t->v[i].path, &tag, alg, sizeof(alg)) && tag)
				report(v, v->v1, t->name, t->v[i].line, "lists the tag manifest %s",
				       t->v[i].path);
		}
		for (size_t mj = 0; mj < v->nmans; mj++) {
			struct mentry key = { v->mans[mj].name, NULL, 0, NULL };
			if (v->mans[mj].tag)
				continue;
			if (t->n == 0 || bsearch(&key, t->v, t->n, sizeof(*t->v), cmp_mentry) == NULL)
				report(v, v->v1, t->name, 0, "does not list the payload manifest %s",
				       v->mans[mj].name);
		}
	}
}

/* ---- hashing ---- */

static int
ctx_start(struct verifier *v, struct vfile *f, EVP_MD_CTX **ctx)
{
	for (size_t a = 0; a < v->nalgs; a++) {
		ctx[a] = NULL;
		if (!(f->need & (1u << a)))
			continue;
		if ((ctx[a] = EVP_MD_CTX_new()) == NULL ||
		    !EVP_DigestInit_ex(ctx[a], v->algs[a].md, NULL))
			return -1;
	}
	return 0;
}

static int
ctx_finish(struct verifier *v, struct vfile *f, EVP_MD_CTX **ctx, bool keep)
{
	int rc = 0;

	for (size_t a = 0; a < v->nalgs; a++) {
		unsigned char md[EVP_MAX_MD_SIZE];
		unsigned int len = 0;
		if (ctx[a] == NULL)
			continue;
		if (keep && rc == 0) {
			if (!EVP_DigestFinal_ex(ctx[a], md, &len) ||
			    (f->hex[a] = malloc(len * 2 + 1)) == NULL)
				rc = -1;
			else
				for (unsigned i = 0; i < len; i++)
					snprintf(f->hex[a] + i * 2, 3, "%02x", md[i]);
		}
		EVP_MD_CTX_free(ctx[a]);
		ctx[a] = NULL;
	}
	return rc;
}

static int
hash_folder(struct verifier *v, struct wq_progress *pg, uint64_t *done)
{
	EVP_MD_CTX *ctx[MAX_ALGS];
	unsigned char *buf = malloc(READ_CHUNK);
	int rc = 0;

	if (buf == NULL)
		return -1;
	for (size_t i = 0; i < v->nfiles && rc == 0; i++) {
		struct vfile *f = &v->files[i];
		char *full, sh[512];
		int fd;
		ssize_t n;
		bool ok = true;

		if (f->need == 0)
			continue;
		if ((full = wq_path_join(v->path, f->path)) == NULL) {
			rc = -1;
			break;
		}
		fd = open(full, O_RDONLY | O_NOFOLLOW);
		free(full);
		if (fd < 0) {
			trouble(v, shown(f->path, sh, sizeof(sh)), "cannot open: %s", strerror(errno));
			continue;
		}
		if (ctx_start(v, f, ctx) != 0) {
			ctx_finish(v, f, ctx, false);
			close(fd);
			rc = -1;
			break;
		}
		while ((n = read(fd, buf, READ_CHUNK)) != 0) {
			if (n < 0) {
				if (errno == EINTR)
					continue;
				trouble(v, shown(f->path, sh, sizeof(sh)), "read error: %s", strerror(errno));
				ok = false;
				break;
			}
			for (size_t a = 0; a < v->nalgs; a++)
				if (ctx[a] != NULL)
					EVP_DigestUpdate(ctx[a], buf, (size_t)n);
			*done += (uint64_t)n;
			wq_progress_update(pg, *done);
		}
		close(fd);
		if (ctx_finish(v, f, ctx, ok) != 0)
			rc = -1;
	}
	free(buf);
	return rc;
}

static int
hash_archive(struct verifier *v, struct wq_progress *pg, uint64_t *done)
{
	struct archive *a;
	struct archive_entry *e;
	EVP_MD_CTX *ctx[MAX_ALGS];
	uint64_t budget = budget_of(v);
	size_t plen = strlen(v->prefix);
	int r, rc = 0;

	if ((a = archive_open(v)) == NULL)
		return 0;
	while ((r = v->la->read_next_header(a, &e)) == ARCHIVE_OK || r == ARCHIVE_WARN) {
		const char *raw = entry_name(v, e);
		struct vfile *f;

		if (raw == NULL || v->la->entry_filetype(e) != AE_IFREG ||
		    v->la->entry_hardlink(e) != NULL)
			continue;
		while (raw[0] == '.' && raw[1] == '/')
			raw += 2;
		if (strncmp(raw, v->prefix, plen) != 0 || raw[plen] != '/')
			continue;
		if ((f = find_file(v, raw + plen + 1)) == NULL || f->need == 0 || f->seen)
			continue;
		f->seen = true;
		if (ctx_start(v, f, ctx) != 0) {
			ctx_finish(v, f, ctx, false);
			rc = -1;
			break;
		}
		int dr = read_entry_data(v, a, f->path, (uint64_t)v->la->entry_size(e),
		                         v->la->entry_size_is_set(e), &budget, NULL, ctx, v->nalgs,
		                         done, pg);
		if (ctx_finish(v, f, ctx, dr == 0) != 0 || dr < 0) {
			rc = -1;
			r = ARCHIVE_EOF;
			break;
		}
		if (dr > 0) {
			r = ARCHIVE_EOF; /* reported; stop reading */
			break;
		}
	}
	if (r != ARCHIVE_EOF && r != ARCHIVE_OK && r != ARCHIVE_WARN)
		report(v, true, NULL, 0, "%s", aerr(v, a));
	v->la->read_free(a);
	return rc;
}

static void
compare(struct verifier *v)
{
	char sh[512];

	for (size_t mi = 0; mi < v->nmans; mi++) {
		struct manifest *m = &v->mans[mi];
		if (m->alg < 0)
			continue;
		for (size_t i = 0; i < m->n; i++) {
			struct mentry *me = &m->v[i];
			const char *got;
			if (me->file == NULL)
				continue;
			got = me->file->hex[m->alg];
			if (got == NULL)
				continue; /* unreadable: reported */
			if (strcmp(got, me->hex) != 0)
				report(v, true, shown(me->path, sh, sizeof(sh)), 0,
				       "%s checksum mismatch (%s says %.16s..., file has %.16s...)",
				       v->algs[m->alg].name, m->name, me->hex, got);
		}
	}
}

/* ---- the whole check ---- */

static void
verifier_free(struct verifier *v)
{
	for (size_t i = 0; i < v->nfiles; i++) {
		free(v->files[i].path);
		free(v->files[i].nfc);
		free(v->files[i].fold);
		for (size_t a = 0; a < MAX_ALGS; a++)
			free(v->files[i].hex[a]);
	}
	free(v->files);
	for (size_t i = 0; i < v->ntags; i++) {
		free(v->tags[i].name);
		wq_buf_free(&v->tags[i].raw);
	}
	free(v->tags);
	for (size_t i = 0; i < v->nmans; i++) {
		for (size_t j = 0; j < v->mans[i].n; j++) {
			free(v->mans[i].v[j].path);
			free(v->mans[i].v[j].hex);
		}
		free(v->mans[i].v);
		free(v->mans[i].name);
	}
	free(v->mans);
	for (size_t i = 0; i < v->nfetch; i++)
		free(v->fetch[i]);
	free(v->fetch);
	free(v->prefix);
}

static int
verify_core(struct verifier *v0, const char *path, mode_t mode)
{
	struct verifier v = *v0;
	struct wq_progress *pg = NULL;
	const struct bag_verify_opts *opts = v.o;
	uint64_t total = 0, done = 0;
	int rc = 0;
	locale_t loc = (locale_t)0, oldloc = (locale_t)0;

	if (S_ISDIR(mode)) {
		struct wq_buf rel = WQ_BUF_INIT;
		rc = walk(&v, path, &rel, 0);
		wq_buf_free(&rel);
	} else {
		/* names through libarchive as UTF-8: a UTF-8 locale for this thread only */
		if ((loc = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0)) == (locale_t)0)
			loc = newlocale(LC_CTYPE_MASK, "en_US.UTF-8", (locale_t)0);
		if (loc != (locale_t)0)
			oldloc = uselocale(loc);
		v.is_archive = true;
		rc = collect_archive(&v);
	}
	if (rc != 0 || v.status == 2 || (v.is_archive && v.prefix == NULL))
		goto out;
	if (v.nfiles > 1)
		qsort(v.files, v.nfiles, sizeof(*v.files), cmp_file);
	for (size_t i = 1; i < v.nfiles; i++)
		if (strcmp(v.files[i].path, v.files[i - 1].path) == 0) {
			char sh[512];
			report(&v, true, shown(v.files[i].path, sh, sizeof(sh)), 0,
			       "appears twice in the archive (libarchive reads names in Unicode NFC: "
			       "names that differ only in normalization read as one)");
		}
	if ((rc = check_bagit_txt(&v)) != 0 || (v.major == 0 && v.minor == 0))
		goto out;
	bool has_data = false;
	for (size_t i = 0; i < v.nfiles && !has_data; i++)
		has_data = v.files[i].payload;
	if (!has_data && !v.is_archive) {
		struct stat ds;
		char *d = wq_path_join(path, "data");
		if (d == NULL) {
			rc = -1;
			goto out;
		}
		if (lstat(d, &ds) != 0 || !S_ISDIR(ds.st_mode))
			report(&v, true, "data", 0, "no payload folder data/");
		free(d);
	}
	if ((rc = load_manifests(&v)) != 0 || (rc = load_fetch(&v)) != 0 ||
	    (rc = check_bag_info(&v)) != 0)
		goto out;
	match_entries(&v);
	check_coverage(&v);
	if ((rc = check_similar_names(&v)) != 0)
		goto out;
	for (size_t i = 0; i < v.nfiles; i++)
		if (v.files[i].need)
			total += v.files[i].size;
	if (opts->progress)
		pg = wq_progress_new("verifying", total);
	rc = v.is_archive ? hash_archive(&v, pg, &done) : hash_folder(&v, pg, &done);
	wq_progress_free(pg);
	if (rc != 0)
		goto out;
	compare(&v);
out:
	if (rc != 0)
		trouble(&v, NULL, "%s", strerror(ENOMEM));
	verifier_free(&v);
	if (loc != (locale_t)0) {
		uselocale(oldloc);
		freelocale(loc);
	}
	return v.status;
}

int
bag_verify(const char *path, const struct bag_verify_opts *opts)
{
	struct verifier v;
	struct stat st;

	memset(&v, 0, sizeof(v));
	v.o = opts;
	v.path = path;
	if (stat(path, &st) != 0) {
		trouble(&v, NULL, "%s", strerror(errno));
		return 2;
	}
	if (!S_ISDIR(st.st_mode) && !S_ISREG(st.st_mode)) {
		trouble(&v, NULL, "not a folder or an archive file");
		return 2;
	}
	v.archive_size = (uint64_t)st.st_size;
	return verify_core(&v, path, st.st_mode);
}

int
bag_verify_memory(const char *name, const void *p, size_t n, const struct bag_verify_opts *opts)
{
	struct verifier v;

	memset(&v, 0, sizeof(v));
	v.o = opts;
	v.path = name;
	v.mem = p;
	v.memlen = n;
	v.archive_size = n;
	return verify_core(&v, name, S_IFREG);
}
