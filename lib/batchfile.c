/*
 * batchfile.c - many outputs in one folder (-d), made durable together.
 *
 * Each output is written to a hidden temporary file beside its target;
 * when the batch is full (or at the end) one syncfs(2) makes all of them
 * durable, they are renamed over their targets and the folder is synced.
 * The same guarantee as wq_atomicfile (an output appears whole or not at
 * all) for one disk flush per batch instead of two per file.
 */
#define _GNU_SOURCE /* syncfs(2) */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wathiqa.h"

#define BATCH_MAX 256
#define OUTPUT_BUFSIZE (64 * 1024)

struct wq_batch {
	char *dir;
	int dirfd;
	wq_batch_fail_fn *fail;
	void *ctx;
	pid_t pid;               /* names the temporary files */
	unsigned long seq;
	uint64_t *claimed;       /* hashes of the paths kept so far (0: empty slot) */
	size_t nclaimed, claimcap;
	int n;                   /* queued outputs */
	char *temp[BATCH_MAX + 1]; /* [n]: the one being written, if any */
	char *path[BATCH_MAX + 1];
};

struct wq_batch *
wq_batch_new(const char *dir, wq_batch_fail_fn *fail, void *ctx)
{
	struct wq_batch *b;
	int saved;

	if ((b = calloc(1, sizeof *b)) == NULL)
		return NULL;
	b->dirfd = -1;
	b->pid = getpid();
	b->fail = fail;
	b->ctx = ctx;
	if ((b->dir = strdup(dir)) == NULL || wq_mkdirs(dir, 0777) != 0 ||
	    (b->dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
		saved = errno;
		free(b->dir);
		free(b);
		errno = saved;
		return NULL;
	}
	return b;
}

/*
 * The outputs kept in this run, so that a second input with the same base
 * name ("a/x.txt" and "b/x.txt") is refused instead of silently replacing
 * the first one's output. Only a 64-bit hash of each path is kept: memory
 * stays under 32 bytes per output whatever the names.
 */
static uint64_t
path_hash(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (; *s != '\0'; s++) {
		h ^= (unsigned char)*s;
		h *= 0x100000001b3ULL;
	}
	return h ? h : 1;
}

static uint64_t *
claim_slot(const struct wq_batch *b, uint64_t h)
{
	size_t i = (size_t)(h ^ (h >> 32)) & (b->claimcap - 1);

	while (b->claimed[i] != 0 && b->claimed[i] != h)
		i = (i + 1) & (b->claimcap - 1);
	return &b->claimed[i];
}

static bool
is_claimed(const struct wq_batch *b, const char *path)
{
	return b->claimcap > 0 && *claim_slot(b, path_hash(path)) != 0;
}

static int
claim(struct wq_batch *b, const char *path)
{
	uint64_t h = path_hash(path), *slot;

	if (2 * (b->nclaimed + 1) > b->claimcap) {
		uint64_t *old = b->claimed, *grown;
		size_t i, oldcap = b->claimcap, cap = oldcap ? 2 * oldcap : 1024;

		if ((grown = calloc(cap, sizeof *grown)) == NULL)
			return -1;
		b->claimed = grown;
		b->claimcap = cap;
		for (i = 0; i < oldcap; i++)
			if (old[i] != 0)
				*claim_slot(b, old[i]) = old[i];
		free(old);
	}
	if (*(slot = claim_slot(b, h)) == 0) {
		*slot = h;
		b->nclaimed++;
	}
	return 0;
}

/*
 * Our own temporary name instead of mkstemp(3): open(2) with 0666 lets the
 * umask give the final mode, which saves the umask and fchmod calls that
 * mkstemp's 0600 would need on every file. The pid keeps parallel writers
 * into one folder apart; a name left by a dead process is skipped.
 */
static int
open_temp(struct wq_batch *b, char *temp, size_t dlen, const char *base, size_t cap)
{
	int fd, tries;

	for (tries = 0; tries < 100; tries++) {
		snprintf(temp + dlen, cap - dlen, ".%s.%ld.%lu.tmp", base, (long)b->pid, b->seq++);
		fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
		if (fd >= 0 || errno != EEXIST)
			return fd;
	}
	return -1;
}

FILE *
wq_batch_open(struct wq_batch *b, const char *path)
{
	const char *base = wq_path_base(path);
	size_t dlen = (size_t)(base - path), cap = strlen(path) + 48;
	char *temp = malloc(cap), *dst = strdup(path);
	FILE *fp = NULL;
	int fd = -1, saved;

	if (temp == NULL || dst == NULL)
		goto fail;
	if (is_claimed(b, path)) {
		errno = EEXIST;
		goto fail;
	}
	memcpy(temp, path, dlen);
	if ((fd = open_temp(b, temp, dlen, base, cap)) < 0)
		goto fail;
	if ((fp = fdopen(fd, "wb")) == NULL) {
		saved = errno;
		close(fd);
		unlink(temp);
		errno = saved;
		goto fail;
	}
	/* one write(2) for a typical statement instead of one per 4 KiB */
	setvbuf(fp, NULL, _IOFBF, OUTPUT_BUFSIZE);
	b->temp[b->n] = temp;
	b->path[b->n] = dst;
	return fp;
fail:
	saved = errno;
	free(temp);
	free(dst);
	errno = saved;
	return NULL;
}

static void
forget_open(struct wq_batch *b)
{
	free(b->temp[b->n]);
	free(b->path[b->n]);
	b->temp[b->n] = b->path[b->n] = NULL;
}

void
wq_batch_discard(struct wq_batch *b, FILE *fp)
{
	int saved = errno;

	fclose(fp);
	unlink(b->temp[b->n]);
	forget_open(b);
	errno = saved;
}

int
wq_batch_keep(struct wq_batch *b, FILE *fp)
{
	int saved;

	if (fflush(fp) != 0 || ferror(fp)) {
		saved = errno ? errno : EIO;
		wq_batch_discard(b, fp);
		errno = saved;
		return -1;
	}
	if (fclose(fp) != 0) {
		saved = errno;
		unlink(b->temp[b->n]);
		forget_open(b);
		errno = saved;
		return -1;
	}
	if (claim(b, b->path[b->n]) != 0) {
		saved = errno;
		unlink(b->temp[b->n]);
		forget_open(b);
		errno = saved;
		return -1;
	}
	/* queued: a failure of the flush below is the fail callback's to report */
	if (++b->n == BATCH_MAX)
		wq_batch_flush(b);
	return 0;
}

int
wq_batch_write(struct wq_batch *b, const char *path, const void *p, size_t n)
{
	FILE *fp;

	if ((fp = wq_batch_open(b, path)) == NULL)
		return -1;
	if (n > 0 && fwrite(p, 1, n, fp) != n) {
		wq_batch_discard(b, fp);
		return -1;
	}
	return wq_batch_keep(b, fp);
}

int
wq_batch_flush(struct wq_batch *b)
{
	int i, rc = 0;
	bool synced;

	if (b->n == 0)
		return 0;
	synced = syncfs(b->dirfd) == 0;
	if (!synced) {
		b->fail(b->ctx, b->dir, errno);
		rc = -1;
	}
	for (i = 0; i < b->n; i++) {
		if (!synced) {
			unlink(b->temp[i]);
		} else if (rename(b->temp[i], b->path[i]) != 0) {
			b->fail(b->ctx, b->path[i], errno);
			unlink(b->temp[i]);
			rc = -1;
		}
		free(b->temp[i]);
		free(b->path[i]);
		b->temp[i] = b->path[i] = NULL;
	}
	b->n = 0;
	if (synced && fsync(b->dirfd) != 0) {
		b->fail(b->ctx, b->dir, errno);
		rc = -1;
	}
	return rc;
}

int
wq_batch_free(struct wq_batch *b)
{
	int rc;

	if (b == NULL)
		return 0;
	rc = wq_batch_flush(b);
	close(b->dirfd);
	free(b->claimed);
	free(b->dir);
	free(b);
	return rc;
}
