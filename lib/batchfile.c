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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wathiqa.h"

#define BATCH_MAX 256

struct wq_batch {
	char *dir;
	int dirfd;
	wq_batch_fail_fn *fail;
	void *ctx;
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

FILE *
wq_batch_open(struct wq_batch *b, const char *path)
{
	const char *base = wq_path_base(path);
	size_t dlen = (size_t)(base - path);
	char *temp = malloc(strlen(path) + 16), *dst = strdup(path);
	FILE *fp = NULL;
	int fd = -1, saved;

	if (temp == NULL || dst == NULL)
		goto fail;
	memcpy(temp, path, dlen);
	snprintf(temp + dlen, strlen(base) + 16, ".%s.XXXXXX", base);
	if ((fd = mkstemp(temp)) < 0)
		goto fail;
	/* mkstemp's 0600 would outlive the rename: give it what open(2) would */
	{
		mode_t mask = umask(022);

		umask(mask);
		if (fchmod(fd, 0666 & ~mask) != 0 || (fp = fdopen(fd, "wb")) == NULL) {
			saved = errno;
			close(fd);
			unlink(temp);
			errno = saved;
			goto fail;
		}
	}
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
	free(b->dir);
	free(b);
	return rc;
}
