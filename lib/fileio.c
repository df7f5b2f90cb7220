/* fileio.c - whole-file reads and complete writes. */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wathiqa.h"

int
wq_read_stream(FILE *fp, struct wq_buf *b, size_t max)
{
	size_t n, start = b->len;

	for (;;) {
		if (wq_buf_grow(b, 65536) < 0)
			return -1;
		n = fread(b->data + b->len, 1, b->cap - b->len - 1, fp);
		b->len += n;
		b->data[b->len] = '\0';
		if (max > 0 && b->len - start > max) {
			errno = EFBIG;
			return -1;
		}
		if (n == 0) {
			if (ferror(fp)) {
				if (errno == 0)
					errno = EIO;
				return -1;
			}
			return 0;
		}
	}
}

int
wq_read_file(const char *path, struct wq_buf *b)
{
	FILE *fp;
	int rc, saved;

	if (strcmp(path, "-") == 0)
		return wq_read_stream(stdin, b, 0);
	if ((fp = fopen(path, "rb")) == NULL)
		return -1;
	rc = wq_read_stream(fp, b, 0);
	saved = errno;
	fclose(fp);
	errno = saved;
	return rc;
}

int
wq_write_all(int fd, const void *p, size_t n)
{
	const char *s = p;
	ssize_t w;

	while (n > 0) {
		w = write(fd, s, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		s += w;
		n -= (size_t)w;
	}
	return 0;
}

int
wq_read_regular(const char *path, char **data, size_t *len)
{
	struct stat st;
	char *p = NULL;
	size_t n, got = 0;
	int fd, e;

	*data = NULL;
	*len = 0;
	/* (O_NONBLOCK: a FIFO is refused below instead of waiting for a writer) */
	if ((fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)) < 0)
		return -1;
	if (fstat(fd, &st) != 0)
		goto fail;
	if (!S_ISREG(st.st_mode)) {
		errno = S_ISDIR(st.st_mode) ? EISDIR : EINVAL;
		goto fail;
	}
	if ((uintmax_t)st.st_size >= SIZE_MAX) {
		errno = EFBIG;
		goto fail;
	}
	if ((n = (size_t)st.st_size) == 0) {
		close(fd);
		return 0;
	}
	if ((p = malloc(n + 1)) == NULL)
		goto fail;
	while (got < n) {
		ssize_t r = read(fd, p + got, n - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			if (r == 0)
				errno = EIO; /* shorter than it was a moment ago */
			goto fail;
		}
		got += (size_t)r;
	}
	p[n] = '\0';
	close(fd);
	*data = p;
	*len = n;
	return 0;
fail:
	e = errno;
	free(p);
	close(fd);
	errno = e;
	return -1;
}
