/* fileio.c - whole-file reads and complete writes. */
#define _GNU_SOURCE /* MAP_POPULATE */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
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

/* (the file as read(2) gives it: for file systems without mmap) */
static int
read_all(int fd, size_t len, struct wq_map *m)
{
	char *p = malloc(len ? len : 1);
	size_t got = 0;

	if (p == NULL)
		return -1;
	while (got < len) {
		ssize_t r = read(fd, p + got, len - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) { /* (0: the file shrank meanwhile) */
			if (r == 0)
				errno = EIO;
			free(p);
			return -1;
		}
		got += (size_t)r;
	}
	m->data = p;
	m->len = len;
	m->mapped = false;
	return 0;
}

int
wq_map_file(const char *path, struct wq_map *m)
{
	struct stat st;
	void *p;
	int fd, rc = -1, e;

	memset(m, 0, sizeof *m);
	/* (O_NONBLOCK: a FIFO is refused below instead of waiting for a writer) */
	if ((fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)) < 0)
		return -1;
	if (fstat(fd, &st) != 0)
		goto out;
	if (!S_ISREG(st.st_mode)) {
		errno = S_ISDIR(st.st_mode) ? EISDIR : EINVAL;
		goto out;
	}
	if ((uintmax_t)st.st_size > SIZE_MAX) {
		errno = EFBIG;
		goto out;
	}
	if (st.st_size == 0) {
		rc = 0;
		goto out;
	}
	p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
	if (p != MAP_FAILED) {
		m->data = p;
		m->len = (size_t)st.st_size;
		m->mapped = true;
		rc = 0;
	} else
		rc = read_all(fd, (size_t)st.st_size, m);
out:
	e = errno;
	close(fd);
	errno = e;
	return rc;
}

void
wq_unmap_file(struct wq_map *m)
{
	if (m->data != NULL) {
		if (m->mapped)
			(void)munmap((void *)m->data, m->len);
		else
			free((void *)m->data);
	}
	memset(m, 0, sizeof *m);
}
