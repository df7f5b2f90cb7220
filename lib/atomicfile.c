/* atomicfile.c - outputs appear whole or not at all: temp + fsync + rename. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wathiqa.h"

struct wq_atomicfile {
	char *path;
	char *temp;  /* NULL when writing straight to a special file */
	FILE *fp;
	mode_t mode;
};

/*
 * A device or a FIFO (-o /dev/stdout, /dev/full, a named pipe) cannot be
 * replaced by a rename: that would put a regular file in its place. Such
 * targets are written directly, as cat(1) would.
 */
static struct wq_atomicfile *
open_special(struct wq_atomicfile *af, const char *path)
{
	int saved;

	if ((af->path = strdup(path)) == NULL || (af->fp = fopen(path, "wb")) == NULL) {
		saved = errno;
		free(af->path);
		free(af);
		errno = saved;
		return NULL;
	}
	return af;
}

struct wq_atomicfile *
wq_atomicfile_open(const char *path, mode_t mode)
{
	struct wq_atomicfile *af;
	size_t n = strlen(path);
	struct stat st;
	int fd, saved;

	if ((af = calloc(1, sizeof *af)) == NULL)
		return NULL;
	af->mode = mode;
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode))
		return open_special(af, path);
	if ((af->path = strdup(path)) == NULL || (af->temp = malloc(n + 16)) == NULL)
		goto fail;
	/* Beside the target, so rename(2) stays on one file system. */
	memcpy(af->temp, path, n);
	memcpy(af->temp + n, ".tmp.XXXXXX", 12);
	if ((fd = mkstemp(af->temp)) < 0)
		goto fail;
	if ((af->fp = fdopen(fd, "wb")) == NULL) {
		saved = errno;
		close(fd);
		unlink(af->temp);
		errno = saved;
		goto fail;
	}
	return af;
fail:
	saved = errno;
	free(af->path);
	free(af->temp);
	free(af);
	errno = saved;
	return NULL;
}

FILE *
wq_atomicfile_stream(struct wq_atomicfile *af)
{
	return af->fp;
}

int
wq_atomicfile_fd(struct wq_atomicfile *af)
{
	return fileno(af->fp);
}

const char *
wq_atomicfile_temppath(const struct wq_atomicfile *af)
{
	return af->temp != NULL ? af->temp : af->path;
}

static void
atomicfile_free(struct wq_atomicfile *af)
{
	free(af->path);
	free(af->temp);
	free(af);
}

void
wq_atomicfile_abort(struct wq_atomicfile *af)
{
	int saved = errno;

	if (af == NULL)
		return;
	if (af->fp != NULL)
		fclose(af->fp);
	if (af->temp != NULL)
		unlink(af->temp);
	atomicfile_free(af);
	errno = saved;
}

static int
parent_dir_fsync(const char *path)
{
	char *dir, *slash;
	int rc;

	if ((dir = strdup(path)) == NULL)
		return -1;
	slash = strrchr(dir, '/');
	if (slash == NULL)
		rc = wq_fsync_dir(".");
	else if (slash == dir)
		rc = wq_fsync_dir("/");
	else {
		*slash = '\0';
		rc = wq_fsync_dir(dir);
	}
	free(dir);
	return rc;
}

int
wq_atomicfile_commit(struct wq_atomicfile *af)
{
	FILE *fp = af->fp;
	mode_t mask;
	int saved;

	af->fp = NULL;
	if (af->temp == NULL) { /* a special file: nothing to rename */
		saved = fflush(fp) != 0 || ferror(fp) ? (errno ? errno : EIO) : 0;
		if (fclose(fp) != 0 && saved == 0)
			saved = errno;
		atomicfile_free(af);
		errno = saved;
		return saved ? -1 : 0;
	}
	/* mkstemp made the file 0600: give it the mode a plain open(2) would. */
	mask = umask(022);
	umask(mask);
	af->mode &= ~mask;
	if (fflush(fp) != 0 || ferror(fp) || fchmod(fileno(fp), af->mode) != 0 ||
	    fsync(fileno(fp)) != 0) {
		saved = errno ? errno : EIO;
		fclose(fp);
		goto fail;
	}
	if (fclose(fp) != 0) {
		saved = errno;
		goto fail;
	}
	if (rename(af->temp, af->path) != 0) {
		saved = errno;
		goto fail;
	}
	/* Make the new name itself durable. */
	if (parent_dir_fsync(af->path) != 0 && errno != EINVAL) {
		saved = errno;
		atomicfile_free(af);
		errno = saved;
		return -1;
	}
	atomicfile_free(af);
	return 0;
fail:
	unlink(af->temp);
	atomicfile_free(af);
	errno = saved;
	return -1;
}

int
wq_write_file_atomic(const char *path, const void *p, size_t n, mode_t mode)
{
	struct wq_atomicfile *af;

	if ((af = wq_atomicfile_open(path, mode)) == NULL)
		return -1;
	if (n > 0 && fwrite(p, 1, n, af->fp) != n) {
		wq_atomicfile_abort(af);
		return -1;
	}
	return wq_atomicfile_commit(af);
}

FILE *
wq_tmpfile(void)
{
	const char *dir = getenv("TMPDIR");
	char *path;
	size_t n;
	int fd, saved;
	FILE *fp;

	if (dir == NULL || *dir == '\0')
		dir = "/tmp";
	n = strlen(dir);
	if ((path = malloc(n + 20)) == NULL)
		return NULL;
	memcpy(path, dir, n);
	memcpy(path + n, "/wathiqa.XXXXXX", 16);
	if ((fd = mkstemp(path)) < 0) {
		saved = errno;
		free(path);
		errno = saved;
		return NULL;
	}
	/* Unlinked at once: nothing is left behind, whatever happens to us. */
	unlink(path);
	free(path);
	if ((fp = fdopen(fd, "w+b")) == NULL) {
		saved = errno;
		close(fd);
		errno = saved;
	}
	return fp;
}

int
wq_fsync_dir(const char *path)
{
	int fd, rc, saved;

	if ((fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		return -1;
	rc = fsync(fd);
	saved = errno;
	close(fd);
	errno = saved;
	return rc;
}
