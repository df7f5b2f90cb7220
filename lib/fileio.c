/* fileio.c - whole-file reads and complete writes. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
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
