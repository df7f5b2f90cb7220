/*
 * ocfl_object.c - the next version of an OCFL object, safely.
 *
 * One commit, in order:
 *  1. scan the inputs (lstat, by two threads in large folders; symlinks and
 *     special files refused), and meanwhile, in a thread, find the object's
 *     place (the id's SHA-256) and read its inventory snapshot
 *     (ocfl_snapshot.h), with the signatures of the head's files;
 *  2. take the object's lock (flock on STORE/extensions/wathiqa-work/locks/KEY.lock,
 *     released by the kernel when a process dies), remove staging leftovers;
 *     read the root inventory (the snapshot, if it still stands for the
 *     root's inventory.json; else the JSON);
 *  3. complete an interrupted earlier commit if the object shows one
 *     (a vN+1 folder whose inventory the root does not have yet);
 *  4. hash every input (256 KiB reads, one worker thread per processor, at
 *     most 4, taking a few inputs at a time), except those the head state
 *     holds whose device, inode, size, mtime and ctime are those its
 *     signature records (the head's digest stands for them),
 *     copying content the object does not hold yet straight to its place in
 *     the staged version as it is read; then, in path order, keep the first
 *     copy of identical new files;
 *  5. identical state: stop, nothing written;
 *  6. write the version's inventory and the root's copy in one pass, with
 *     direct I/O (ocfl_inventory_out.h), then the sidecars, in staging
 *     (meanwhile a thread's syncfs() takes the new content to the disk);
 *     syncfs() once more for the whole staging tree (meanwhile a thread makes
 *     the new inventory's snapshot, with the signatures of the files this
 *     commit saw, which the next commit ignores until the root sidecar
 *     holds its digest; it writes it over the old one in place during 7,
 *     so that the sync does not wait for it);
 *  7. move the version into place with renameat2(RENAME_NOREPLACE) (a new
 *     object: its whole folder, including any missing n-tuple folders, in
 *     one rename), then rename the root inventory and, last, its sidecar;
 *  8. when no version was made, save the snapshot here if it was missing
 *     or stale or files look other than their signatures say (a speed-up
 *     only: not synced, and ignored by the next commit when stale or
 *     damaged).
 * A process killed before 7 leaves the object as it was; one killed between
 * the renames of step 7 leaves a complete vN+1 that the next commit finishes
 * installing (step 3).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "ocfl_inventory.h"
#include "ocfl_inventory_out.h"
#include "ocfl_layout.h"
#include "ocfl_object.h"
#include "ocfl_snapshot.h"

#define BUFSZ (256 * 1024)
#define TAKE 16 /* inputs a worker takes at a time */

enum { OK = WQ_EXIT_OK, BAD = WQ_EXIT_INVALID, SYS = WQ_EXIT_TROUBLE };

struct input {
	char *src;
	char *logical;
	struct ocfl_filesig seen; /* lstat() when scanned, fstat() when read */
	char *digest;    /* was, or hashed (a pointer: a commit has an input a file) */
	char *hashed;    /* the digest of its bytes, when it was read */
	char *was;       /* the head state's digest for this path (NULL: none) */
	bool cached; /* the head's signature matched: digest is was, the file is not read */
	bool stale;  /* the head's signature is known and did not match: it changed */
	bool staged; /* its copy is in the staged version */
};

/* digest -> content path of content staged by this commit */
struct dset {
	char **keys;
	char **vals;
	size_t cap, n;
};

struct commit {
	const struct ocfl_commit_opts *o;
	struct ocfl_commit_result *res;
	char *err;
	size_t errlen;
	char key[WQ_DIGEST_HEX_MAX + 1];
	char *objroot, *objrel, *stage, *vdir, *rootdir;
	int stagefd, lockfd;
	struct ocfl_inventory *inv;
	const struct ocfl_layout *lay;
	int located;         /* locate_object's result (it runs beside the scan) */
	char *cachedir;      /* STORE/extensions/wathiqa-work/cache (may not exist yet) */
	char *snappath;      /* the inventory snapshot: cache/KEY.inventory */
	char *oldcache;      /* cache/KEY: the hash cache of earlier versions, removed */
	struct ocfl_inventory *snapinv; /* that snapshot, read while scanning; not yet checked */
	struct ocfl_snapshot_stamp snapst;
	struct ocfl_filesig *snapsigs; /* its file signatures */
	struct ocfl_filesig *sigs;     /* those of inv's head state (NULL: none known) */
	struct ocfl_filesig *newsigs;  /* those of the new head state, for its snapshot */
	bool inv_from_json;  /* inv was parsed from inventory.json, not a snapshot */
	char newsidecar[WQ_DIGEST_HEX_MAX + 1]; /* the new inventory's digest */
	struct ocfl_inventory snapcopy; /* the new inventory as its snapshot is written (shallow) */
	struct ocfl_snapshot_stamp newstamp;
	pthread_t snaptid;
	bool snapwriting;    /* snaptid makes and writes the new inventory's snapshot */
	bool snapinline;     /* no thread: make and write it after the sync */
	bool snapok;         /* (under mu) the new inventory's snapshot is to be written */
	bool written;        /* (under mu, with cv) its inventory is written: snapok is known */
	bool abandon;        /* (under mu) no new version: leave the old snapshot alone */
	bool synced;         /* (under mu, with cv) the staged version is synced: snaptid may write */
	pthread_cond_t cv;
	bool new_object;
	char vname[32];
	struct input *in;
	size_t nin, capin;
	char **blocks;            /* the inputs' path strings, a block per folder (scan_dir) */
	size_t nblocks, capblocks;
	size_t *todo, ntodo;      /* the inputs to read: all but those match_head answered for */
	size_t next_todo;         /* the workers' next one to take (under mu) */
	struct dset staged;
	struct wq_progress *prog;
	pthread_mutex_t mu;  /* guards err, failed and done while the workers run */
	bool failed;
	uint64_t done;
	int64_t start_ns;
};

/* Record the first error (the workers may race to report one) and return code. */
static int
fail(struct commit *c, int code, const char *fmt, ...)
{
	va_list ap;

	pthread_mutex_lock(&c->mu);
	if (!c->failed && c->errlen > 0) {
		va_start(ap, fmt);
		vsnprintf(c->err, c->errlen, fmt, ap);
		va_end(ap);
	}
	c->failed = true;
	pthread_mutex_unlock(&c->mu);
	return code;
}

bool
ocfl_id_ok(const char *id)
{
	const unsigned char *p;

	if (id == NULL || *id == '\0' || strlen(id) > 4096 || !ocfl_utf8_ok(id))
		return false;
	for (p = (const unsigned char *)id; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return false;
	return true;
}

/* ---- small file-system helpers ---- */

static char *
xjoin(const char *a, const char *b)
{
	return wq_path_join(a, b);
}

static int
install_rename(int olddirfd, const char *old, int newdirfd, const char *new)
{
	if (renameat2(olddirfd, old, newdirfd, new, RENAME_NOREPLACE) == 0)
		return 0;
	if (errno != EINVAL && errno != ENOSYS)
		return -1;
	/* no RENAME_NOREPLACE here: claim the name with mkdir, then replace the empty folder */
	if (mkdirat(newdirfd, new, 0755) != 0)
		return -1;
	if (renameat(olddirfd, old, newdirfd, new) != 0) {
		int e = errno;
		(void)unlinkat(newdirfd, new, AT_REMOVEDIR);
		errno = e;
		return -1;
	}
	return 0;
}

int
ocfl_open_beneath(const char *root, const char *rel)
{
	char *copy, *seg, *save = NULL;
	int fd, nfd;

	if (!ocfl_path_ok(rel)) {
		errno = EINVAL;
		return -1;
	}
	if ((fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		return -1;
	if ((copy = strdup(rel)) == NULL) {
		close(fd);
		return -1;
	}
	for (seg = strtok_r(copy, "/", &save); seg != NULL; ) {
		char *next = strtok_r(NULL, "/", &save);
		int flags = O_RDONLY | O_NOFOLLOW | O_CLOEXEC | (next != NULL ? O_DIRECTORY : 0);
		nfd = openat(fd, seg, flags);
		close(fd);
		if (nfd < 0) {
			int e = errno;
			free(copy);
			errno = e;
			return -1;
		}
		fd = nfd;
		seg = next;
	}
	free(copy);
	{
		struct stat st;
		if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
			close(fd);
			errno = EISDIR;
			return -1;
		}
	}
	return fd;
}

/* ---- file signatures: which inputs the head state already knows ---- */

/* What of st a signature keeps (the inputs keep only that: 56 bytes, not 144). */
static void
look(struct ocfl_filesig *g, const struct stat *st)
{
	g->dev = (uint64_t)st->st_dev;
	g->ino = (uint64_t)st->st_ino;
	g->size = (uint64_t)st->st_size;
	g->mt_s = (int64_t)st->st_mtim.tv_sec;
	g->mt_ns = (int64_t)st->st_mtim.tv_nsec;
	g->ct_s = (int64_t)st->st_ctim.tv_sec;
	g->ct_ns = (int64_t)st->st_ctim.tv_nsec;
}

/*
 * The signature to keep of a file this commit hashed or found unchanged,
 * seen so: none (all 0) when its times are too close to the start of this
 * commit to tell a later change apart (the racy case): 100 ms, or 2 s on
 * file systems without sub-second times.
 */
static bool
not_before(int64_t s, int64_t ns, int64_t limit_ns)
{
	int64_t ls = limit_ns / 1000000000LL;

	/* (seconds first: a time centuries away must not overflow in nanoseconds) */
	if (s != ls)
		return s > ls;
	return ns >= limit_ns % 1000000000LL;
}

static void
sig_of(const struct commit *c, const struct ocfl_filesig *seen, struct ocfl_filesig *g)
{
	int64_t margin = seen->mt_ns == 0 && seen->ct_ns == 0 ? 2000000000LL : 100000000LL;
	int64_t limit = c->start_ns - margin;

	if (not_before(seen->mt_s, seen->mt_ns, limit) || not_before(seen->ct_s, seen->ct_ns, limit))
		memset(g, 0, sizeof *g);
	else
		*g = *seen;
}

/* Does the file look as it did when it was hashed? (an unknown signature, all 0, never does) */
static bool
sig_same(const struct ocfl_filesig *g, const struct ocfl_filesig *seen)
{
	return g->ino != 0 && g->dev == seen->dev && g->ino == seen->ino && g->size == seen->size &&
	       g->mt_s == seen->mt_s && g->mt_ns == seen->mt_ns && g->ct_s == seen->ct_s &&
	       g->ct_ns == seen->ct_ns;
}

/*
 * Match the inputs with the head state, both in path order: an input the
 * head has gets its digest there as in->was; one whose file looks as the
 * head's signature says (c->sigs: from the snapshot, unless --rehash) takes
 * that digest and is not read. Returns the bytes of those.
 */
static uint64_t
match_head(struct commit *c, const struct ocfl_version *head)
{
	size_t i = 0, j = 0;
	uint64_t bytes = 0;

	while (head != NULL && i < c->nin && j < head->nstate) {
		struct input *in = &c->in[i];
		int d = strcmp(in->logical, head->state[j].logical);

		if (d < 0) {
			i++;
			continue;
		}
		if (d > 0) {
			j++;
			continue;
		}
		in->was = head->state[j].digest;
		if (c->sigs != NULL && !c->o->rehash) {
			if (sig_same(&c->sigs[j], &in->seen)) {
				in->digest = in->was;
				in->cached = true;
				bytes += in->seen.size;
			} else if (c->sigs[j].ino != 0)
				in->stale = true;
		}
		i++;
		j++;
	}
	return bytes;
}

/*
 * The signatures of v's files (the new head), in its state order: an
 * input's as this commit saw it, else (a path --update kept without
 * looking) what old's signatures (NULL: none) said. NULL without memory.
 */
static struct ocfl_filesig *
new_sigs(const struct commit *c, const struct ocfl_version *v, const struct ocfl_version *old,
         const struct ocfl_filesig *oldsigs)
{
	struct ocfl_filesig *g = calloc(v->nstate ? v->nstate : 1, sizeof *g);
	size_t i = 0, j, k = 0;

	if (g == NULL)
		return NULL;
	for (j = 0; j < v->nstate; j++) {
		const char *logical = v->state[j].logical;
		int d = 1;

		while (i < c->nin && (d = strcmp(c->in[i].logical, logical)) < 0)
			i++;
		if (i < c->nin && d == 0) {
			sig_of(c, &c->in[i].seen, &g[j]);
			continue;
		}
		if (old == NULL || oldsigs == NULL)
			continue;
		d = 1;
		while (k < old->nstate && (d = strcmp(old->state[k].logical, logical)) < 0)
			k++;
		if (k < old->nstate && d == 0)
			g[j] = oldsigs[k];
	}
	return g;
}

/* ---- a small string map: digests staged by this commit ---- */

static size_t
shash(const char *s, size_t cap)
{
	uint64_t h = 1469598103934665603ULL;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return (size_t)(h & (cap - 1));
}

static const char *
dset_get(const struct dset *d, const char *k)
{
	size_t i;

	if (d->cap == 0)
		return NULL;
	for (i = shash(k, d->cap); d->keys[i] != NULL; i = (i + 1) & (d->cap - 1))
		if (strcmp(d->keys[i], k) == 0)
			return d->vals[i];
	return NULL;
}

static int
dset_put(struct dset *d, const char *k, const char *v)
{
	size_t i;

	if (2 * (d->n + 1) > d->cap) {
		struct dset nd = { NULL, NULL, d->cap ? d->cap * 2 : 256, 0 };
		if ((nd.keys = calloc(nd.cap, sizeof *nd.keys)) == NULL ||
		    (nd.vals = calloc(nd.cap, sizeof *nd.vals)) == NULL) {
			free(nd.keys);
			return -1;
		}
		for (i = 0; i < d->cap; i++) {
			if (d->keys[i] != NULL) {
				size_t j = shash(d->keys[i], nd.cap);
				while (nd.keys[j] != NULL)
					j = (j + 1) & (nd.cap - 1);
				nd.keys[j] = d->keys[i];
				nd.vals[j] = d->vals[i];
			}
		}
		nd.n = d->n;
		free(d->keys);
		free(d->vals);
		*d = nd;
	}
	for (i = shash(k, d->cap); d->keys[i] != NULL; i = (i + 1) & (d->cap - 1))
		;
	if ((d->keys[i] = strdup(k)) == NULL)
		return -1;
	if ((d->vals[i] = strdup(v)) == NULL) {
		free(d->keys[i]);
		d->keys[i] = NULL;
		return -1;
	}
	d->n++;
	return 0;
}

static void
dset_free(struct dset *d)
{
	size_t i;

	for (i = 0; i < d->cap; i++) {
		free(d->keys[i]);
		free(d->vals[i]);
	}
	free(d->keys);
	free(d->vals);
}

/* ---- scanning the inputs ---- */

/* Room for n more inputs (a folder's entries at once: one copy, not one per doubling). */
static int
reserve_inputs(struct commit *c, size_t n)
{
	size_t want = c->nin + n, ncap = c->capin ? c->capin : 64;
	struct input *in;

	if (want <= c->capin)
		return OK;
	while (ncap < want)
		ncap *= 2;
	if ((in = realloc(c->in, ncap * sizeof *in)) == NULL)
		return fail(c, SYS, "%s", strerror(ENOMEM));
	c->in = in;
	c->capin = ncap;
	return OK;
}

/* What the scan keeps of an lstat(): the file's signature, its type, or the errno. */
struct looked {
	struct ocfl_filesig sig;
	mode_t mode;
	int err;
};

/* lstat() of dfd/name (dfd AT_FDCWD: of name) into *lk. */
static void
look_at(int dfd, const char *name, struct looked *lk)
{
	struct stat st;

	if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
		memset(lk, 0, sizeof *lk);
		lk->err = errno;
		return;
	}
	look(&lk->sig, &st);
	lk->mode = st.st_mode;
	lk->err = 0;
}

/* Add a file to the inputs; src and logical live in one of c->blocks. */
static int
add_input(struct commit *c, char *src, char *logical, const struct ocfl_filesig *seen)
{
	struct input *in;

	if (reserve_inputs(c, 1) != OK)
		return SYS;
	in = &c->in[c->nin];
	memset(in, 0, sizeof *in);
	in->src = src;
	in->logical = logical;
	in->seen = *seen;
	c->nin++;
	return OK;
}

static int scan_dir(struct commit *c, const char *src, const char *logical, int depth);

/* One path of the scan, as its lstat() found it (src and logical: in c->blocks). */
static int
scan_one(struct commit *c, char *src, char *logical, const struct looked *lk, int depth)
{
	int rc, err = lk->err;

	if (depth > 256)
		rc = fail(c, BAD, "%s: folders nested too deep", src);
	else if (err != 0)
		rc = fail(c, err == ENOENT || err == ENOTDIR ? BAD : SYS, "%s: %s", src, strerror(err));
	else if (S_ISLNK(lk->mode))
		rc = fail(c, BAD, "%s: is a symbolic link; OCFL objects hold no links "
		          "(commit the file it points to instead)", src);
	else if (S_ISREG(lk->mode))
		return add_input(c, src, logical, &lk->sig);
	else if (!S_ISDIR(lk->mode))
		rc = fail(c, BAD, "%s: not a regular file or folder", src);
	else
		rc = scan_dir(c, src, logical, depth);
	return rc;
}

/*
 * The next at most k of n items for a thread to take, [*from, *to), where
 * *next (under mu) is the first one no thread took yet. False when none are
 * left, or *stop (read under mu; NULL: never) is set.
 */
static bool
take_range(pthread_mutex_t *mu, size_t *next, size_t n, size_t k, const bool *stop,
           size_t *from, size_t *to)
{
	bool more;

	pthread_mutex_lock(mu);
	more = (stop == NULL || !*stop) && *next < n;
	if (more) {
		*from = *next;
		*to = n - *from > k ? *from + k : n;
		*next = *to;
	}
	pthread_mutex_unlock(mu);
	return more;
}

/*
 * The lstat() of a large folder's entries, made by two threads: a stat is
 * mostly the kernel's path lookup, and with thousands of files the scan is
 * a good part of a commit that finds little changed.
 */
struct prestat {
	int dfd;
	char **names;
	size_t n;
	atomic_size_t next; /* the first entry no thread took yet */
	struct looked *lk;
};

#define PRESTAT_MIN 512  /* entries: fewer are not worth a thread */
#define PRESTAT_TAKE 64

static void *
prestat_run(void *arg)
{
	struct prestat *p = arg;
	size_t i, end;

	/* (no lock: with thousands of entries, two threads taking turns at one would wait on each other) */
	while ((i = atomic_fetch_add(&p->next, PRESTAT_TAKE)) < p->n)
		for (end = i + PRESTAT_TAKE < p->n ? i + PRESTAT_TAKE : p->n; i < end; i++)
			look_at(p->dfd, p->names[i], &p->lk[i]);
	return NULL;
}

/* Fill p->lk for all n names; false (nothing done) when out of memory. */
static bool
prestat(struct prestat *p, int dfd, char **names, size_t n)
{
	pthread_t tid;
	bool helped;

	memset(p, 0, sizeof *p);
	if ((p->lk = malloc(n * sizeof *p->lk)) == NULL)
		return false;
	p->dfd = dfd;
	p->names = names;
	p->n = n;
	atomic_init(&p->next, 0);
	helped = pthread_create(&tid, NULL, prestat_run, p) == 0;
	(void)prestat_run(p);
	if (helped)
		pthread_join(tid, NULL);
	return true;
}

/*
 * A block of n bytes for the inputs' path strings, freed at the end of the
 * commit: one allocation a folder, not two a file.
 */
static char *
new_block(struct commit *c, size_t n)
{
	char *b;

	if (c->nblocks == c->capblocks) {
		size_t cap = c->capblocks ? 2 * c->capblocks : 16;
		char **v = realloc(c->blocks, cap * sizeof *v);
		if (v == NULL)
			return NULL;
		c->blocks = v;
		c->capblocks = cap;
	}
	if ((b = malloc(n ? n : 1)) != NULL)
		c->blocks[c->nblocks++] = b;
	return b;
}

/* The folder src (just lstat()ed): its entries, in name order, each lstat()ed relative to it. */
static int
scan_dir(struct commit *c, const char *src, const char *logical, int depth)
{
	char **names, *p = NULL;
	size_t n, i, nsrc, nlog, size;
	struct prestat pre;
	bool pre_done = false;
	int dfd, rc = OK;

	if ((dfd = open(src, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)) < 0 ||
	    wq_dir_names(dup(dfd), &names, &n) != 0) {
		rc = fail(c, SYS, "%s: %s", src, strerror(errno));
		if (dfd >= 0)
			close(dfd);
		return rc;
	}
	if (n >= PRESTAT_MIN)
		pre_done = prestat(&pre, dfd, names, n);
	rc = reserve_inputs(c, n);
	nsrc = strlen(src);
	nlog = strlen(logical);
	for (i = 0, size = 0; i < n; i++)
		size += nsrc + nlog + 2 * strlen(names[i]) + 4;
	if (rc == OK && (p = new_block(c, size)) == NULL)
		rc = fail(c, SYS, "%s", strerror(ENOMEM));
	for (i = 0; i < n && rc == OK; i++) {
		size_t nname = strlen(names[i]);
		char *csrc = p, *clog = wq_path_join_to(csrc, src, nsrc, names[i], nname);
		struct looked lk;

		p = wq_path_join_to(clog, logical, nlog, names[i], nname);
		if (!ocfl_utf8_ok(names[i]))
			rc = fail(c, BAD, "%s: file name is not UTF-8 (OCFL paths are UTF-8)", csrc);
		else {
			if (pre_done)
				lk = pre.lk[i];
			else
				look_at(dfd, names[i], &lk);
			rc = scan_one(c, csrc, clog, &lk, depth + 1);
		}
	}
	if (pre_done)
		free(pre.lk);
	close(dfd);
	wq_names_free(names, n);
	return rc;
}

/* A command-line path: src, named logical in the object. */
static int
scan(struct commit *c, const char *src, const char *logical)
{
	size_t ns = strlen(src), nl = strlen(logical);
	char *s = new_block(c, ns + nl + 2), *l;
	struct looked lk;

	if (s == NULL)
		return fail(c, SYS, "%s", strerror(ENOMEM));
	memcpy(s, src, ns + 1);
	l = s + ns + 1;
	memcpy(l, logical, nl + 1);
	look_at(AT_FDCWD, src, &lk);
	return scan_one(c, s, l, &lk, 0);
}

/* The logical name of a command-line path: its last segment. Caller frees. */
static char *
top_name(const char *path)
{
	char *p = strdup(path), *base, *real = NULL;
	size_t n;

	if (p == NULL)
		return NULL;
	n = strlen(p);
	while (n > 1 && p[n - 1] == '/')
		p[--n] = '\0';
	base = strrchr(p, '/');
	base = base != NULL ? base + 1 : p;
	if (*base == '\0' || strcmp(base, ".") == 0 || strcmp(base, "..") == 0) {
		if ((real = realpath(path, NULL)) == NULL) {
			free(p);
			return NULL;
		}
		base = strrchr(real, '/');
		base = base != NULL ? base + 1 : real;
		if (*base == '\0') {
			free(real);
			free(p);
			errno = EINVAL;
			return NULL;
		}
	}
	base = strdup(base);
	free(real);
	free(p);
	return base;
}

static int
cmp_input(const void *a, const void *b)
{
	return strcmp(((const struct input *)a)->logical, ((const struct input *)b)->logical);
}

static int
scan_all(struct commit *c)
{
	size_t i;
	const char *which;
	char **names;
	int rc;

	for (i = 0; i < c->o->npaths; i++) {
		char *name = top_name(c->o->paths[i]);

		if (name == NULL)
			return fail(c, BAD, "%s: %s", c->o->paths[i],
			            errno == EINVAL ? "cannot name it in the object" : strerror(errno));
		if (!ocfl_utf8_ok(name)) {
			free(name);
			return fail(c, BAD, "%s: file name is not UTF-8 (OCFL paths are UTF-8)",
			            c->o->paths[i]);
		}
		rc = scan(c, c->o->paths[i], name);
		free(name);
		if (rc != OK)
			return rc;
	}
	/* (one folder's entries come sorted already: no need to move megabytes of inputs) */
	for (i = 1; i < c->nin && cmp_input(&c->in[i - 1], &c->in[i]) < 0; i++)
		;
	if (i < c->nin)
		qsort(c->in, c->nin, sizeof *c->in, cmp_input);
	/* (one folder's walk gives each path once, and no file where a folder is) */
	if (c->o->npaths < 2)
		return OK;
	if ((names = malloc((c->nin ? c->nin : 1) * sizeof *names)) == NULL)
		return fail(c, SYS, "%s", strerror(ENOMEM));
	for (i = 0; i < c->nin; i++)
		names[i] = c->in[i].logical;
	if (ocfl_paths_conflict(names, c->nin, &which)) {
		free(names);
		return fail(c, BAD, "%s: two inputs give this path in the object", which);
	}
	free(names);
	return OK;
}

/* ---- locking, staging, recovery ---- */

static void
clean_staging(struct commit *c, const char *stagingdir, const char *locksdir)
{
	DIR *d = opendir(stagingdir);
	struct dirent *e;

	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		char k[WQ_DIGEST_HEX_MAX + 8], *lockp, *path;
		const char *dot;
		int fd;
		bool ours;

		if (e->d_name[0] == '.')
			continue;
		dot = strchr(e->d_name, '.');
		if (dot == NULL || (size_t)(dot - e->d_name) >= sizeof k - 6)
			continue;
		memcpy(k, e->d_name, (size_t)(dot - e->d_name));
		memcpy(k + (dot - e->d_name), ".lock", 6);
		if ((path = xjoin(stagingdir, e->d_name)) == NULL)
			continue;
		ours = strncmp(e->d_name, c->key, strlen(c->key)) == 0 && e->d_name[strlen(c->key)] == '.';
		if (ours) {
			(void)wq_remove_tree(path);
		} else if ((lockp = xjoin(locksdir, k)) != NULL) {
			/* another object's leftover: only when no commit of it is running */
			fd = open(lockp, O_RDWR | O_CLOEXEC);
			if (fd >= 0 && flock(fd, LOCK_EX | LOCK_NB) == 0)
				(void)wq_remove_tree(path);
			if (fd >= 0)
				close(fd);
			free(lockp);
		}
		free(path);
	}
	closedir(d);
}

/* Copy objroot/from to objroot/to through a temporary file in staging: never a partial file. */
static int
install_copy(struct commit *c, const char *from, const char *to, const char *tmpname)
{
	struct wq_buf b = WQ_BUF_INIT;
	char *src = xjoin(c->objroot, from), *tmp = xjoin(c->stage, tmpname), *dst = xjoin(c->objroot, to);
	int fd = -1, rc = -1;

	if (src == NULL || tmp == NULL || dst == NULL || wq_read_file(src, &b) != 0)
		goto out;
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644)) < 0)
		goto out;
	if (wq_write_all(fd, b.data, b.len) != 0 || fsync(fd) != 0)
		goto out;
	close(fd);
	fd = -1;
	if (rename(tmp, dst) != 0)
		goto out;
	rc = 0;
out:
	if (fd >= 0)
		close(fd);
	free(src);
	free(tmp);
	free(dst);
	wq_buf_free(&b);
	return rc;
}

/*
 * The root inventory: from the snapshot when it still stands for
 * inventory.json (not with --rehash: trust nothing cached), else parsed.
 */
static struct ocfl_inventory *
root_inventory(struct commit *c, char *err, size_t errlen)
{
	struct ocfl_inventory *inv = c->snapinv;

	/* checked now, under the lock: the snapshot was read before it */
	c->snapinv = NULL;
	if (inv != NULL && ocfl_snapshot_check(inv, &c->snapst, c->objroot) != 0) {
		ocfl_inventory_free(inv);
		inv = NULL;
	}
	/* the signatures are of this inventory's head: only with it */
	if (inv != NULL)
		c->sigs = c->snapsigs;
	else
		free(c->snapsigs);
	c->snapsigs = NULL;
	c->inv_from_json = inv == NULL;
	return inv != NULL ? inv : ocfl_inventory_load(c->objroot, err, errlen);
}

/*
 * Where the object and its snapshot lie: the layout's path of the id and
 * the id's key (SHA-256 both, and OpenSSL's first digest in a process takes
 * a millisecond or two of setting up: the scan goes on meanwhile).
 */
static int
locate_object(struct commit *c)
{
	struct wq_buf b = WQ_BUF_INIT;

	ocfl_id_key(c->o->id, c->key);
	if ((c->objrel = ocfl_layout_relpath(c->lay, c->o->id)) == NULL ||
	    (c->objroot = xjoin(c->o->store, c->objrel)) == NULL)
		return fail(c, SYS, "%s", strerror(ENOMEM));
	if ((c->cachedir = ocfl_work_path(c->o->store, "cache")) != NULL) {
		if (wq_buf_printf(&b, "%s/%s.inventory", c->cachedir, c->key) == 0)
			c->snappath = wq_buf_steal(&b);
		wq_buf_free(&b);
		c->oldcache = xjoin(c->cachedir, c->key);
	}
	return OK;
}

/*
 * The inventory snapshot, with the head's file signatures, read in a thread
 * of its own while the inputs are scanned, before the lock (not with
 * --rehash: trust nothing cached); checked against the inventory under the
 * lock.
 */
static void *
read_caches(void *arg)
{
	struct commit *c = arg;

	c->located = locate_object(c);
	if (c->located == OK && !c->o->rehash && c->snappath != NULL)
		c->snapinv = ocfl_snapshot_read(c->snappath, &c->snapst, &c->snapsigs);
	return NULL;
}

static int
scan_and_read(struct commit *c)
{
	pthread_t tid;
	bool reading;
	int rc;

	reading = pthread_create(&tid, NULL, read_caches, c) == 0;
	rc = scan_all(c);
	if (reading)
		pthread_join(tid, NULL);
	else if (rc == OK)
		(void)read_caches(c);
	return rc == OK ? c->located : rc;
}

/* Load the object's inventory, finishing an interrupted commit first. */
static int
load_object(struct commit *c)
{
	DIR *d;
	struct dirent *e;
	long maxv = 0;
	char maxname[32] = "", err[512];
	struct ocfl_inventory *vinv = NULL;

	if ((d = opendir(c->objroot)) == NULL)
		return fail(c, SYS, "%s: %s", c->objroot, strerror(errno));
	while ((e = readdir(d)) != NULL) {
		long v = ocfl_version_number(e->d_name, NULL);
		size_t n = strlen(e->d_name);
		if (v > maxv && n < sizeof maxname) { /* version names are at most 10 bytes */
			maxv = v;
			memcpy(maxname, e->d_name, n + 1);
		}
	}
	closedir(d);
	c->inv = root_inventory(c, err, sizeof err);
	if (c->inv != NULL && (long)c->inv->nversions >= maxv)
		return OK;
	if (maxv > 0) {
		char *vpath = xjoin(c->objroot, maxname), e2[512];

		if (vpath == NULL)
			return fail(c, SYS, "%s", strerror(ENOMEM));
		vinv = ocfl_inventory_load(vpath, e2, sizeof e2);
		free(vpath);
	}
	if (vinv == NULL || strcmp(vinv->id, c->o->id) != 0 || (long)vinv->nversions != maxv ||
	    (c->inv != NULL && (c->inv->nversions + 1 != vinv->nversions ||
	                        strcmp(c->inv->id, vinv->id) != 0))) {
		ocfl_inventory_free(vinv);
		if (c->inv == NULL)
			return fail(c, BAD, "object %s is damaged: %s (see wathiqa verify)", c->o->id, err);
		return fail(c, BAD, "object %s is damaged: %s has no usable inventory (see wathiqa verify)",
		            c->o->id, maxname);
	}
	/* a complete vN+1 whose root inventory was not installed: finish the job */
	{
		char inv_from[64], sc_from[64], sc_to[64];
		snprintf(inv_from, sizeof inv_from, "%s/inventory.json", maxname);
		snprintf(sc_from, sizeof sc_from, "%s/inventory.json.%s", maxname, vinv->alg_name);
		snprintf(sc_to, sizeof sc_to, "inventory.json.%s", vinv->alg_name);
		ocfl_inventory_free(vinv);
		if (install_copy(c, inv_from, "inventory.json", "recover-inventory") != 0 ||
		    install_copy(c, sc_from, sc_to, "recover-sidecar") != 0 ||
		    wq_fsync_dir(c->objroot) != 0)
			return fail(c, SYS, "%s: completing the interrupted commit of %s: %s", c->objroot,
			            maxname, strerror(errno));
	}
	ocfl_inventory_free(c->inv);
	c->inv = ocfl_inventory_load(c->objroot, err, sizeof err);
	c->inv_from_json = true;
	free(c->sigs); /* (of the head before: this one is new) */
	c->sigs = NULL;
	if (c->inv == NULL)
		return fail(c, BAD, "object %s is damaged: %s", c->o->id, err);
	c->res->recovered = true;
	return OK;
}

/* ---- hashing and staging content (in worker threads) ---- */

/*
 * What one worker thread owns. The workers share, read-only, the inputs'
 * scan and the object's inventory; each writes only its own
 * inputs' digests and flags. Deciding between identical new files is left
 * to the single-threaded pass after them, so the result does not depend on
 * timing.
 */
struct worker {
	struct commit *c;
	struct wq_digest *dg;
	char *buf;
	char *lastdir;      /* the folder the last staged file went to, open as lastfd */
	int lastfd;
	size_t nhashed;
	bool dropped;       /* removed a staged file again: prune empty folders */
	bool progress;      /* this one draws the progress line */
	int rc;
};

static void
add_done(struct worker *w, uint64_t n)
{
	struct commit *c = w->c;
	uint64_t d;

	pthread_mutex_lock(&c->mu);
	c->done += n;
	d = c->done;
	pthread_mutex_unlock(&c->mu);
	if (w->progress)
		wq_progress_update(c->prog, d);
}

/*
 * Make path's folder (kept open: the files of one folder are created
 * relative to it, without walking the long staging path again each time).
 * The name to create relative to w->lastfd goes to *base. 0, or -1 with errno.
 */
static int
ensure_parent(struct worker *w, const char *path, const char **base)
{
	const char *slash = strrchr(path, '/');
	size_t n;

	if (slash == NULL) { /* (staged paths always have a folder) */
		errno = EINVAL;
		return -1;
	}
	*base = slash + 1;
	n = (size_t)(slash - path);
	if (w->lastdir != NULL && strlen(w->lastdir) == n && memcmp(w->lastdir, path, n) == 0)
		return 0;
	free(w->lastdir);
	if (w->lastfd >= 0)
		close(w->lastfd);
	w->lastfd = -1;
	if ((w->lastdir = strndup(path, n)) == NULL)
		return -1;
	if (wq_mkdirs(w->lastdir, 0755) != 0 ||
	    (w->lastfd = open(w->lastdir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
		free(w->lastdir);
		w->lastdir = NULL;
		return -1;
	}
	return 0;
}

/*
 * Read in->src, hash it into hex; when outfd >= 0 also write the bytes there.
 * The file must not change while it is read.
 */
static int
hash_input(struct worker *w, struct input *in, int outfd, char *hex)
{
	struct commit *c = w->c;
	struct stat st;
	uint64_t total = 0;
	ssize_t r;
	int fd, rc = OK;

	if ((fd = open(in->src, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) < 0)
		return fail(c, errno == ELOOP ? BAD : SYS, "%s: %s", in->src,
		            errno == ELOOP ? "is a symbolic link" : strerror(errno));
	if (fstat(fd, &st) != 0) {
		rc = fail(c, SYS, "%s: %s", in->src, strerror(errno));
		goto out;
	}
	if (!S_ISREG(st.st_mode) || (uint64_t)st.st_ino != in->seen.ino || (uint64_t)st.st_dev != in->seen.dev) {
		rc = fail(c, BAD, "%s: replaced while being committed", in->src);
		goto out;
	}
	look(&in->seen, &st);
	if (wq_digest_reset(w->dg) != 0) {
		rc = fail(c, SYS, "digest: %s", strerror(errno));
		goto out;
	}
	for (;;) {
		r = read(fd, w->buf, BUFSZ);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			rc = fail(c, SYS, "%s: %s", in->src, strerror(errno));
			goto out;
		}
		if (r == 0)
			break;
		if (wq_digest_update(w->dg, w->buf, (size_t)r) != 0) {
			rc = fail(c, SYS, "digest: %s", strerror(errno));
			goto out;
		}
		if (outfd >= 0 && wq_write_all(outfd, w->buf, (size_t)r) != 0) {
			rc = fail(c, SYS, "%s: writing to staging: %s", c->stage, strerror(errno));
			goto out;
		}
		total += (uint64_t)r;
		add_done(w, (uint64_t)r);
	}
	if (fstat(fd, &st) != 0 || (uint64_t)st.st_size != total ||
	    (int64_t)st.st_mtim.tv_sec != in->seen.mt_s || (int64_t)st.st_mtim.tv_nsec != in->seen.mt_ns) {
		rc = fail(c, BAD, "%s: changed while being committed", in->src);
		goto out;
	}
	if (wq_digest_final_hex(w->dg, hex) != 0)
		rc = fail(c, SYS, "digest: %s", strerror(errno));
	w->nhashed++;
out:
	close(fd);
	return rc;
}

/* in's digest is hex, read from its bytes. */
static int
set_hashed(struct worker *w, struct input *in, const char *hex)
{
	if (in->hashed == NULL && (in->hashed = malloc(WQ_DIGEST_HEX_MAX + 1)) == NULL)
		return fail(w->c, SYS, "%s", strerror(ENOMEM));
	memcpy(in->hashed, hex, strlen(hex) + 1);
	in->digest = in->hashed;
	return OK;
}

/* Does the object hold this content already? (read-only: safe in the workers) */
static bool
in_object(struct commit *c, const char *digest)
{
	return ocfl_manifest_find(c->inv, digest) != NULL;
}

/* The staging path of in's content. Caller frees; NULL on ENOMEM. */
static char *
staged_path(struct commit *c, const struct input *in)
{
	struct wq_buf b = WQ_BUF_INIT;

	if (wq_buf_printf(&b, "%s/%s/%s", c->vdir, c->inv->content_dir, in->logical) != 0) {
		wq_buf_free(&b);
		return NULL;
	}
	return wq_buf_steal(&b);
}

/*
 * Copy in into staging as new content, hashing on the way: written straight
 * to its place in the version (one create, no rename), and removed again at
 * once if the object holds that content already (forward delta).
 */
static int
stage_input(struct worker *w, struct input *in)
{
	struct commit *c = w->c;
	char hex[WQ_DIGEST_HEX_MAX + 1], *dst;
	const char *base;
	int fd, rc;

	if ((dst = staged_path(c, in)) == NULL)
		return fail(c, SYS, "%s", strerror(ENOMEM));
	if (ensure_parent(w, dst, &base) != 0 ||
	    (fd = openat(w->lastfd, base, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644)) < 0) {
		rc = fail(c, SYS, "%s: %s", dst, strerror(errno));
		free(dst);
		return rc;
	}
	rc = hash_input(w, in, fd, hex);
	if (close(fd) != 0 && rc == OK)
		rc = fail(c, SYS, "%s: %s", dst, strerror(errno));
	if (rc == OK && (rc = set_hashed(w, in, hex)) == OK)
		in->staged = true;
	if (rc != OK || in_object(c, hex)) {
		in->staged = false;
		w->dropped = true;
		(void)unlink(dst);
	}
	free(dst);
	return rc;
}

static int
one_input(struct worker *w, struct input *in)
{
	struct commit *c = w->c;
	int rc;

	if (in->cached) /* unchanged since the head's commit hashed it (match_head) */
		return OK;
	if (in->was != NULL && !in->stale) {
		/* probably unchanged: hash only, and copy if it turns out new */
		char first[WQ_DIGEST_HEX_MAX + 1];

		if ((rc = hash_input(w, in, -1, first)) != OK || (rc = set_hashed(w, in, first)) != OK ||
		    in_object(c, first))
			return rc;
		if ((rc = stage_input(w, in)) != OK)
			return rc;
		if (strcmp(first, in->digest) != 0)
			return fail(c, BAD, "%s: changed while being committed", in->src);
		return OK;
	}
	return stage_input(w, in);
}

static void *
work(void *arg)
{
	struct worker *w = arg;
	struct commit *c = w->c;
	size_t i, end;

	/* a few at a time: the workers stay equally busy when changed files are bunched together */
	while (w->rc == OK && take_range(&c->mu, &c->next_todo, c->ntodo, TAKE, &c->failed, &i, &end))
		for (; i < end && w->rc == OK; i++)
			w->rc = one_input(w, &c->in[c->todo[i]]);
	return NULL;
}

/* Remove the folders a dropped duplicate left empty (OCFL E024); true if dir is now gone. */
static bool
prune_empty(const char *dir, int depth)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	bool empty = true;

	if (d == NULL || depth > 256) {
		if (d != NULL)
			closedir(d);
		return false;
	}
	while ((e = readdir(d)) != NULL) {
		char *child;
		struct stat st;

		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if ((child = xjoin(dir, e->d_name)) == NULL) {
			empty = false;
			continue;
		}
		if (lstat(child, &st) != 0 || !S_ISDIR(st.st_mode) || !prune_empty(child, depth + 1))
			empty = false;
		free(child);
	}
	closedir(d);
	return empty && rmdir(dir) == 0;
}

/* How many worker threads: one per processor, at most 4, fewer for few inputs. */
static size_t
nworkers(size_t nin)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	if (n < 1)
		n = 1;
	if (n > 4)
		n = 4;
	if ((size_t)n > nin / 64 + 1)
		n = (long)(nin / 64 + 1);
	return (size_t)n;
}

static int
process_inputs(struct commit *c)
{
	struct worker w[4];
	pthread_t tid[4];
	bool started[4] = { false, false, false, false };
	size_t nw, i;
	uint64_t total = 0;
	bool dropped = false;
	int rc = OK;

	for (i = 0; i < c->nin; i++)
		total += c->in[i].seen.size;
	c->prog = wq_progress_new("hashing", total);
	c->done = match_head(c, c->inv->nversions ? ocfl_inventory_find_version(c->inv, NULL) : NULL);
	/* the workers go through the few files to read, not the thousands left as they are */
	if ((c->todo = malloc((c->nin ? c->nin : 1) * sizeof *c->todo)) == NULL)
		return fail(c, SYS, "%s", strerror(ENOMEM));
	for (i = 0; i < c->nin; i++)
		if (!c->in[i].cached)
			c->todo[c->ntodo++] = i;
	nw = nworkers(c->ntodo);
	memset(w, 0, sizeof w);
	for (i = 0; i < sizeof w / sizeof w[0]; i++)
		w[i].lastfd = -1;
	for (i = 0; i < nw; i++) {
		w[i].c = c;
		w[i].progress = i == 0;
		if ((w[i].dg = wq_digest_new(c->inv->alg)) == NULL || (w[i].buf = malloc(BUFSZ)) == NULL) {
			rc = fail(c, SYS, "%s", strerror(ENOMEM));
			goto out;
		}
	}
	/* worker 0 is this thread (and takes all the inputs if no thread starts) */
	for (i = 1; i < nw; i++) {
		if (pthread_create(&tid[i], NULL, work, &w[i]) != 0)
			break;
		started[i] = true;
	}
	work(&w[0]);
	for (i = 1; i < nw; i++)
		if (started[i])
			pthread_join(tid[i], NULL);
	for (i = 0; i < nw; i++) {
		if (w[i].rc != OK && rc == OK)
			rc = w[i].rc;
		c->res->nhashed += w[i].nhashed;
		dropped = dropped || w[i].dropped;
	}
	if (rc != OK)
		goto out;
	/* in path order: the first of identical new files keeps its copy, the rest drop theirs */
	for (i = 0; i < c->nin; i++) {
		struct input *in = &c->in[i];
		struct wq_buf b = WQ_BUF_INIT;

		if (!in->staged)
			continue;
		if (dset_get(&c->staged, in->digest) != NULL) {
			char *dst = staged_path(c, in);
			if (dst == NULL || unlink(dst) != 0) {
				rc = fail(c, SYS, "%s: %s", dst != NULL ? dst : "staging", strerror(errno));
				free(dst);
				goto out;
			}
			free(dst);
			dropped = true;
			continue;
		}
		if (wq_buf_printf(&b, "%s/%s/%s", c->vname, c->inv->content_dir, in->logical) != 0 ||
		    dset_put(&c->staged, in->digest, b.data) != 0) {
			wq_buf_free(&b);
			rc = fail(c, SYS, "%s", strerror(ENOMEM));
			goto out;
		}
		wq_buf_free(&b);
		c->res->nnew++;
		c->res->bytes_new += in->seen.size;
	}
	if (dropped) {
		char *content = xjoin(c->vdir, c->inv->content_dir);
		if (content == NULL) {
			rc = fail(c, SYS, "%s", strerror(ENOMEM));
			goto out;
		}
		(void)prune_empty(content, 0);
		free(content);
	}
out:
	for (i = 0; i < nw; i++) {
		wq_digest_free(w[i].dg);
		free(w[i].buf);
		free(w[i].lastdir);
		if (w[i].lastfd >= 0)
			close(w[i].lastfd);
	}
	wq_progress_free(c->prog);
	c->prog = NULL;
	return rc;
}

/* ---- the new state, the inventories, installing ---- */

static int
write_at(struct commit *c, const char *path, const char *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);

	if (fd < 0)
		return fail(c, SYS, "%s: %s", path, strerror(errno));
	if (wq_write_all(fd, data, len) != 0) {
		close(fd);
		return fail(c, SYS, "%s: %s", path, strerror(errno));
	}
	if (close(fd) != 0)
		return fail(c, SYS, "%s: %s", path, strerror(errno));
	return OK;
}

/* The inventory (both copies, in one pass) and its sidecars, in staging. */
static int
write_inventories(struct commit *c)
{
	char name[64], msg[512];
	struct wq_buf sc = WQ_BUF_INIT;
	char *p1 = NULL, *p2 = NULL, *p3 = NULL, *p4 = NULL;
	int rc;

	snprintf(name, sizeof name, "inventory.json.%s", c->inv->alg_name);
	if ((p1 = xjoin(c->vdir, "inventory.json")) == NULL || (p2 = xjoin(c->vdir, name)) == NULL ||
	    (p3 = xjoin(c->rootdir, "inventory.json")) == NULL || (p4 = xjoin(c->rootdir, name)) == NULL) {
		rc = fail(c, SYS, "%s", strerror(ENOMEM));
		goto out;
	}
	/* (all of it is in staging, synced at once later: the order of the writes does not matter) */
	if (ocfl_inventory_out(c->inv, p1, p3, c->newsidecar, msg, sizeof msg) != 0) {
		rc = fail(c, errno == EILSEQ ? BAD : SYS, "%s", msg);
		goto out;
	}
	if (wq_buf_printf(&sc, "%s inventory.json\n", c->newsidecar) != 0) {
		rc = fail(c, SYS, "%s", strerror(ENOMEM));
		goto out;
	}
	if ((rc = write_at(c, p2, sc.data, sc.len)) != OK || (rc = write_at(c, p4, sc.data, sc.len)) != OK)
		goto out;
	if (c->new_object) {
		free(p1);
		if ((p1 = xjoin(c->rootdir, "0=ocfl_object_1.1")) == NULL) {
			rc = fail(c, SYS, "%s", strerror(ENOMEM));
			goto out;
		}
		rc = write_at(c, p1, "ocfl_object_1.1\n", 16);
	}
out:
	free(p1);
	free(p2);
	free(p3);
	free(p4);
	wq_buf_free(&sc);
	return rc;
}

static int
sync_staging(struct commit *c)
{
	if (syncfs(c->stagefd) == 0)
		return OK;
	if (errno == ENOSYS) {
		sync();
		return OK;
	}
	return fail(c, SYS, "%s: syncfs: %s", c->stage, strerror(errno));
}

/*
 * A head start for sync_staging: the new content goes to the disk while the
 * inventories are made and written (they take direct writes of their own),
 * and the sync after them finds little left to do. Its result does not
 * matter: that sync is the one checked.
 */
static void *
early_sync_run(void *arg)
{
	struct commit *c = arg;

	(void)syncfs(c->stagefd);
	return NULL;
}

static int
fsync_parent(const char *path)
{
	char *p = strdup(path), *slash;
	int rc;

	if (p == NULL)
		return -1;
	slash = strrchr(p, '/');
	if (slash == NULL)
		rc = wq_fsync_dir(".");
	else {
		if (slash == p)
			slash[1] = '\0';
		else
			*slash = '\0';
		rc = wq_fsync_dir(p);
	}
	free(p);
	return rc;
}

static int
install_new_object(struct commit *c)
{
	/* objrel = "3c0/ff4/240/3c0ff...": rename the highest missing folder in one go */
	size_t len = strlen(c->objrel), i;
	char *tree = xjoin(c->stage, "tree");
	int rc = SYS;
	bool done = false;

	if (tree == NULL)
		return fail(c, SYS, "%s", strerror(ENOMEM));
	for (i = 1; i <= len && !done; i++) {
		bool last = c->objrel[i] == '\0';
		char *rel, *src = NULL, *dst = NULL;
		struct stat st;

		if (c->objrel[i] != '/' && !last)
			continue;
		if ((rel = strndup(c->objrel, i)) == NULL || (src = xjoin(tree, rel)) == NULL ||
		    (dst = xjoin(c->o->store, rel)) == NULL) {
			rc = fail(c, SYS, "%s", strerror(ENOMEM));
			done = true;
		} else if (!last && lstat(dst, &st) == 0 && S_ISDIR(st.st_mode)) {
			; /* exists: one level down */
		} else if (install_rename(AT_FDCWD, src, AT_FDCWD, dst) == 0) {
			rc = fsync_parent(dst) == 0 ? OK : fail(c, SYS, "%s: fsync: %s", dst, strerror(errno));
			done = true;
		} else if (!last && (errno == EEXIST || errno == ENOTEMPTY)) {
			; /* made meanwhile by a commit of another object: one level down */
		} else {
			rc = fail(c, errno == EEXIST || errno == ENOTEMPTY ? BAD : SYS, "%s: %s", dst,
			          strerror(errno));
			done = true;
		}
		free(rel);
		free(src);
		free(dst);
	}
	free(tree);
	if (!done)
		rc = fail(c, SYS, "%s: cannot install the object", c->objroot);
	return rc;
}

static int
install_version(struct commit *c)
{
	char name[64], *sc = NULL, *inv = NULL, *dst = NULL;
	struct wq_buf b = WQ_BUF_INIT;
	char hex[WQ_DIGEST_HEX_MAX + 1];
	int rc = OK;

	/* the guard of OCFL/spec#517: the root must still be what we read */
	snprintf(name, sizeof name, "inventory.json.%s", c->inv->alg_name);
	if ((sc = xjoin(c->objroot, name)) == NULL || (dst = xjoin(c->objroot, c->vname)) == NULL)
		goto nomem;
	if (wq_read_file(sc, &b) != 0 ||
	    ocfl_sidecar_parse(b.data ? b.data : "", b.len, wq_digest_hex_len(c->inv->alg), hex) != 0 ||
	    strcmp(hex, c->inv->sidecar) != 0) {
		rc = fail(c, SYS, "%s: the object changed during the commit; nothing was installed",
		          c->objroot);
		goto out;
	}
	if (install_rename(AT_FDCWD, c->vdir, AT_FDCWD, dst) != 0) {
		rc = fail(c, errno == EEXIST || errno == ENOTEMPTY ? BAD : SYS, "%s: %s", dst,
		          strerror(errno));
		goto out;
	}
	if (wq_fsync_dir(c->objroot) != 0) {
		rc = fail(c, SYS, "%s: fsync: %s", c->objroot, strerror(errno));
		goto out;
	}
	free(dst);
	dst = NULL;
	if ((inv = xjoin(c->rootdir, "inventory.json")) == NULL ||
	    (dst = xjoin(c->objroot, "inventory.json")) == NULL)
		goto nomem;
	if (rename(inv, dst) != 0) {
		rc = fail(c, SYS, "%s: %s", dst, strerror(errno));
		goto out;
	}
	free(inv);
	if ((inv = xjoin(c->rootdir, name)) == NULL)
		goto nomem;
	if (rename(inv, sc) != 0 || wq_fsync_dir(c->objroot) != 0) {
		rc = fail(c, SYS, "%s: %s", sc, strerror(errno));
		goto out;
	}
	goto out;
nomem:
	rc = fail(c, SYS, "%s", strerror(ENOMEM));
out:
	free(sc);
	free(inv);
	free(dst);
	wq_buf_free(&b);
	return rc;
}

static bool
same_state(const struct ocfl_version *head, const struct ocfl_sentry *st, size_t n)
{
	size_t i;

	if (head == NULL || head->nstate != n)
		return false;
	for (i = 0; i < n; i++)
		if (strcmp(head->state[i].logical, st[i].logical) != 0 ||
		    strcmp(head->state[i].digest, st[i].digest) != 0)
			return false;
	return true;
}

static int
cmp_sentry(const void *a, const void *b)
{
	return strcmp(((const struct ocfl_sentry *)a)->logical,
	              ((const struct ocfl_sentry *)b)->logical);
}

/* Is logical under one of the inputs' top names (equal or below)? */
static bool
named(const struct commit *c, const char *logical, char *const *tops, size_t ntops)
{
	size_t i, n;

	(void)c;
	for (i = 0; i < ntops; i++) {
		n = strlen(tops[i]);
		if (strncmp(logical, tops[i], n) == 0 && (logical[n] == '\0' || logical[n] == '/'))
			return true;
	}
	return false;
}

/* Can c->inv have a snapshot (no fixity block), and the stamp of dir/inventory.json? */
static bool
stamp_inventory(struct commit *c, const char *dir, struct ocfl_snapshot_stamp *ss)
{
	char *p;
	bool ok;

	if (c->inv->fixity != NULL || (p = xjoin(dir, "inventory.json")) == NULL)
		return false;
	ok = ocfl_snapshot_stamp_of(p, ss) == 0;
	free(p);
	return ok;
}

/*
 * The new inventory's snapshot, with its head's file signatures: made while
 * the inventories are written and synced, stamped with the inventory's
 * digest once it is written (ocfl_snapshot_restamp), and written over the
 * old snapshot once the sync is over (else the sync would wait for it too).
 * A commit that makes no version after all (abandon) leaves the old one.
 */
static void *
caches_write_run(void *arg)
{
	struct commit *c = arg;
	const struct ocfl_inventory *inv = &c->snapcopy;
	char *snap;
	size_t snaplen = 0;
	bool ok, abandon;

	c->newsigs = new_sigs(c, &inv->versions[inv->nversions - 1],
	                      inv->nversions > 1 ? &inv->versions[inv->nversions - 2] : NULL, c->sigs);
	snap = ocfl_snapshot_draft(inv, c->newsigs, &snaplen);
	pthread_mutex_lock(&c->mu);
	while (!c->written)
		pthread_cond_wait(&c->cv, &c->mu);
	ok = c->snapok && snap != NULL;
	abandon = c->abandon;
	pthread_mutex_unlock(&c->mu);
	if (ok && ocfl_snapshot_restamp(snap, snaplen, c->newsidecar, &c->newstamp) != 0)
		ok = false;
	pthread_mutex_lock(&c->mu);
	while (!c->synced)
		pthread_cond_wait(&c->cv, &c->mu);
	pthread_mutex_unlock(&c->mu);
	if (!abandon) {
		if (!ok || wq_mkdirs(c->cachedir, 0755) != 0 ||
		    ocfl_work_rewrite(c->snappath, snap, snaplen) != 0)
			(void)unlink(c->snappath);
		if (c->oldcache != NULL)
			(void)unlink(c->oldcache);
	}
	free(snap);
	return NULL;
}

/* The new inventory is written (ok) or will not be: the snapshot may be stamped. */
static void
caches_inventory_written(struct commit *c, bool ok)
{
	struct ocfl_snapshot_stamp ss = { 0, 0, 0 };
	/* the root inventory keeps its size and mtime through the renames */
	bool stamped = ok && stamp_inventory(c, c->rootdir, &ss);

	pthread_mutex_lock(&c->mu);
	if (!c->written) {
		c->newstamp = ss;
		c->snapok = stamped;
		c->abandon = !ok;
		c->written = true;
		pthread_cond_broadcast(&c->cv);
	}
	pthread_mutex_unlock(&c->mu);
}

/* Let caches_write_run write: the sync is over (or failed). */
static void
caches_may_write(struct commit *c)
{
	pthread_mutex_lock(&c->mu);
	c->synced = true;
	pthread_cond_broadcast(&c->cv);
	pthread_mutex_unlock(&c->mu);
	if (c->snapinline) {
		c->snapinline = false;
		(void)caches_write_run(c);
	}
}

/*
 * Make the new inventory's snapshot beside the inventories' writing, the
 * sync and the install. It may land before the root inventory does (or
 * without it, if the install fails): it is then stale, and the next commit
 * ignores it (the root sidecar does not hold its digest). c->inv and c->in
 * are only read meanwhile.
 */
static void
start_saving_caches(struct commit *c)
{
	size_t hexlen = wq_digest_hex_len(c->inv->alg);

	if (c->snappath == NULL)
		return;
	/* (a stand-in digest of the same length: ocfl_snapshot_restamp puts the real one in) */
	c->snapcopy = *c->inv;
	memset(c->snapcopy.sidecar, '0', hexlen);
	c->snapcopy.sidecar[hexlen] = '\0';
	c->snapwriting = pthread_create(&c->snaptid, NULL, caches_write_run, c) == 0;
	c->snapinline = !c->snapwriting; /* no thread: after the sync, then */
}

static int
build_and_install(struct commit *c)
{
	const struct ocfl_version *head = c->inv->nversions ? ocfl_inventory_find_version(c->inv, NULL) : NULL;
	struct ocfl_sentry *st = NULL, *added = NULL;
	size_t n = 0, nadd = 0, i;
	char **tops = NULL, created[32];
	size_t ntops = 0;
	struct ocfl_version_info vi;
	pthread_t early_tid;
	bool early;
	int rc = OK;

	if ((st = calloc(c->nin + (head ? head->nstate : 0) + 1, sizeof *st)) == NULL ||
	    (added = calloc(c->staged.n + 1, sizeof *added)) == NULL ||
	    (tops = calloc(c->o->npaths + 1, sizeof *tops)) == NULL)
		goto nomem;
	for (i = 0; i < c->nin; i++) {
		st[n].logical = c->in[i].logical;
		st[n++].digest = c->in[i].digest;
	}
	if (c->o->update && head != NULL) {
		for (i = 0; i < c->o->npaths; i++)
			if ((tops[ntops++] = top_name(c->o->paths[i])) == NULL)
				goto nomem;
		for (i = 0; i < head->nstate; i++) {
			if (named(c, head->state[i].logical, tops, ntops))
				continue;
			st[n].logical = head->state[i].logical;
			st[n++].digest = head->state[i].digest;
		}
		qsort(st, n, sizeof *st, cmp_sentry);
	}
	c->res->nfiles = n;
	if (same_state(head, st, n)) {
		c->res->unchanged = true;
		snprintf(c->res->version, sizeof c->res->version, "%s", head->info.name);
		goto out;
	}
	for (i = 0; i < c->staged.cap; i++) {
		if (c->staged.keys[i] != NULL) {
			added[nadd].digest = c->staged.keys[i];
			added[nadd++].logical = c->staged.vals[i];
		}
	}
	if (c->o->created != NULL)
		snprintf(created, sizeof created, "%s", c->o->created);
	else {
		int64_t t;
		if (wq_now(&t) != 0) {
			rc = fail(c, BAD, "SOURCE_DATE_EPOCH is not a valid time");
			goto out;
		}
		wq_format_datetime(t, created);
	}
	memset(&vi, 0, sizeof vi);
	vi.created = created;
	vi.message = (char *)c->o->message;
	vi.user_name = (char *)c->o->user_name;
	vi.user_address = (char *)c->o->user_address;
	if (ocfl_inventory_add_version(c->inv, &vi, st, n, added, nadd) != 0)
		goto nomem;
	start_saving_caches(c);
	early = pthread_create(&early_tid, NULL, early_sync_run, c) == 0;
	rc = write_inventories(c);
	if (early)
		pthread_join(early_tid, NULL);
	caches_inventory_written(c, rc == OK);
	if (rc != OK)
		goto out;
	rc = sync_staging(c);
	caches_may_write(c);
	if (rc != OK)
		goto out;
	rc = c->new_object ? install_new_object(c) : install_version(c);
	if (rc == OK)
		snprintf(c->res->version, sizeof c->res->version, "%s", c->vname);
	goto out;
nomem:
	rc = fail(c, SYS, "%s", strerror(ENOMEM));
out:
	for (i = 0; i < ntops; i++)
		free(tops[i]);
	free(tops);
	free(st);
	free(added);
	return rc;
}

/*
 * When nothing changed, save the snapshot for the next commit if the
 * inventory was parsed (no snapshot, or a stale one) or files look other
 * than their signatures say (touched, copied back): else the next commit
 * would read them all again. (A new version's is written by
 * start_saving_caches.) Only a speed-up: on failure the old one goes.
 */
static void
snapshot_save(struct commit *c)
{
	struct ocfl_snapshot_stamp ss;
	const struct ocfl_version *head;
	struct ocfl_filesig *g;

	if (c->snappath == NULL || !c->res->unchanged || c->inv->nversions == 0)
		return;
	head = &c->inv->versions[c->inv->nversions - 1];
	if ((g = new_sigs(c, head, head, c->sigs)) == NULL)
		return;
	if (c->inv_from_json || c->sigs == NULL || memcmp(g, c->sigs, head->nstate * sizeof *g) != 0) {
		if (!stamp_inventory(c, c->objroot, &ss) ||
		    ocfl_snapshot_save(c->snappath, c->inv, &ss, g) != 0)
			(void)unlink(c->snappath);
		if (c->oldcache != NULL)
			(void)unlink(c->oldcache);
	}
	free(g);
}

static int
prepare_staging(struct commit *c)
{
	char *stagingdir = NULL, *locksdir = NULL, *lockp = NULL;
	struct wq_buf b = WQ_BUF_INIT;
	struct stat st;
	int rc = OK;

	if ((stagingdir = ocfl_work_path(c->o->store, "staging")) == NULL ||
	    (locksdir = ocfl_work_path(c->o->store, "locks")) == NULL)
		goto nomem;
	if (wq_mkdirs(stagingdir, 0755) != 0 || wq_mkdirs(locksdir, 0755) != 0) {
		rc = fail(c, SYS, "%s: %s", stagingdir, strerror(errno));
		goto out;
	}
	if (wq_buf_printf(&b, "%s/%s.lock", locksdir, c->key) != 0)
		goto nomem;
	lockp = wq_buf_steal(&b);
	if ((c->lockfd = open(lockp, O_RDWR | O_CREAT | O_CLOEXEC, 0644)) < 0) {
		rc = fail(c, SYS, "%s: %s", lockp, strerror(errno));
		goto out;
	}
	while (flock(c->lockfd, LOCK_EX) != 0) {
		if (errno != EINTR) {
			rc = fail(c, SYS, "%s: flock: %s", lockp, strerror(errno));
			goto out;
		}
	}
	clean_staging(c, stagingdir, locksdir);
	if (wq_buf_printf(&b, "%s/%s.%ld", stagingdir, c->key, (long)getpid()) != 0)
		goto nomem;
	c->stage = wq_buf_steal(&b);
	if (mkdir(c->stage, 0755) != 0 ||
	    (c->stagefd = open(c->stage, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
		rc = fail(c, SYS, "%s: %s", c->stage, strerror(errno));
		goto out;
	}
	/* the object, as it is now (under the lock) */
	if (lstat(c->objroot, &st) == 0) {
		if ((rc = load_object(c)) != OK)
			goto out;
		if (strcmp(c->inv->id, c->o->id) != 0) {
			rc = fail(c, BAD, "%s: holds object \"%s\", not \"%s\"", c->objroot, c->inv->id, c->o->id);
			goto out;
		}
		if (strcmp(c->inv->type, OCFL_TYPE_1_1) != 0) {
			rc = fail(c, BAD, "object %s is OCFL 1.0; wathiqa adds versions to 1.1 objects only",
			          c->o->id);
			goto out;
		}
		c->rootdir = strdup(c->stage);
	} else if (errno == ENOENT) {
		c->new_object = true;
		c->res->created = true;
		if ((c->inv = ocfl_inventory_new(c->o->id)) == NULL)
			goto nomem;
		if (wq_buf_printf(&b, "%s/tree/%s", c->stage, c->objrel) != 0)
			goto nomem;
		c->rootdir = wq_buf_steal(&b);
		if (wq_mkdirs(c->rootdir, 0755) != 0) {
			rc = fail(c, SYS, "%s: %s", c->rootdir, strerror(errno));
			goto out;
		}
	} else {
		rc = fail(c, SYS, "%s: %s", c->objroot, strerror(errno));
		goto out;
	}
	if (c->rootdir == NULL)
		goto nomem;
	if (ocfl_next_version_name(c->inv, c->vname) != 0) {
		rc = fail(c, BAD, "object %s: no more zero-padded version names", c->o->id);
		goto out;
	}
	if ((c->vdir = xjoin(c->rootdir, c->vname)) == NULL)
		goto nomem;
	if (mkdir(c->vdir, 0755) != 0) {
		rc = fail(c, SYS, "%s: %s", c->vdir, strerror(errno));
		goto out;
	}
	goto out;
nomem:
	rc = fail(c, SYS, "%s", strerror(ENOMEM));
out:
	wq_buf_free(&b);
	free(stagingdir);
	free(locksdir);
	free(lockp);
	return rc;
}

int
ocfl_commit(const struct ocfl_commit_opts *o, struct ocfl_commit_result *res, char *err, size_t errlen)
{
	struct commit c;
	struct ocfl_layout lay;
	size_t i;
	int rc;

	memset(&c, 0, sizeof c);
	memset(res, 0, sizeof *res);
	c.o = o;
	c.res = res;
	c.err = err;
	c.errlen = errlen;
	c.stagefd = c.lockfd = -1;
	pthread_mutex_init(&c.mu, NULL);
	pthread_cond_init(&c.cv, NULL);
	{
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		c.start_ns = (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
	}
	if (!ocfl_id_ok(o->id)) {
		rc = fail(&c, BAD, "bad object id (empty, not UTF-8, or with control characters)");
		goto out;
	}
	if (ocfl_store_check(o->store, err, errlen) != 0 ||
	    ocfl_layout_read(o->store, &lay, err, errlen) != 0) {
		rc = SYS;
		goto out;
	}
	c.lay = &lay;
	if ((rc = scan_and_read(&c)) != OK)
		goto out;
	if ((rc = prepare_staging(&c)) != OK)
		goto out;
	if ((rc = process_inputs(&c)) != OK)
		goto out;
	if ((rc = build_and_install(&c)) != OK)
		goto out;
	snapshot_save(&c);
out:
	if (c.snapwriting) {
		/* (a commit that stopped before its inventory was written: no new snapshot) */
		caches_inventory_written(&c, false);
		caches_may_write(&c);
		pthread_join(c.snaptid, NULL); /* before c.inv, which it reads, goes */
	}
	wq_progress_free(c.prog);
	if (c.stagefd >= 0)
		close(c.stagefd);
	if (c.stage != NULL)
		(void)wq_remove_tree(c.stage);
	if (c.lockfd >= 0)
		close(c.lockfd); /* releases the lock */
	for (i = 0; i < c.nin; i++)
		free(c.in[i].hashed);
	free(c.in);
	free(c.todo);
	for (i = 0; i < c.nblocks; i++)
		free(c.blocks[i]);
	free(c.blocks);
	free(c.snapsigs);
	free(c.sigs);
	free(c.newsigs);
	dset_free(&c.staged);
	ocfl_inventory_free(c.inv);
	ocfl_inventory_free(c.snapinv);
	free(c.objroot);
	free(c.objrel);
	free(c.stage);
	free(c.vdir);
	free(c.rootdir);
	free(c.cachedir);
	free(c.snappath);
	free(c.oldcache);
	pthread_cond_destroy(&c.cv);
	pthread_mutex_destroy(&c.mu);
	return rc;
}
