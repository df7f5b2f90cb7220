/*
 * ocfl_inventory_out.c - write an inventory to its two places in one pass.
 *
 * A commit writes the new inventory twice (the version's copy and the
 * root's) and hashes it for the sidecar. Done one after the other from one
 * large buffer, that is three passes over megabytes of freshly allocated
 * memory. Here the JSON is made in pieces of about 256 KiB (this thread)
 * that a writer thread copies into both files and into the digest while
 * the next piece is made: a few small buffers, reused while they are still
 * in the CPU's cache, and the two halves of the work on two processors.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ocfl_inventory_out.h"
#include "wathiqa.h"

#define NSLOTS 4 /* pieces made ahead of the writer, at most */

struct piece {
	char *data;
	size_t len, cap;
};

struct out {
	int fd[2];
	const char *path[2];
	off_t off;
	struct wq_digest *dg;
	/* the ring of pieces: made counts those handed over, taken those written */
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct piece slot[NSLOTS];
	size_t made, taken;
	bool done, threaded;
	int err;              /* the writer's errno, 0 while all is well */
	const char *errpath;  /* where it failed (read after the writer stopped) */
};

/* Write one piece to both files and the digest; start its writeback. 0, or an errno value. */
static int
put_piece(struct out *o, const char *data, size_t len)
{
	int i;

	for (i = 0; i < 2; i++) {
		if (wq_write_all(o->fd[i], data, len) != 0) {
			o->errpath = o->path[i];
			return errno;
		}
#ifdef SYNC_FILE_RANGE_WRITE
		/* a head start for the sync that makes it durable: its failure is that sync's */
		(void)sync_file_range(o->fd[i], o->off, (off_t)len, SYNC_FILE_RANGE_WRITE);
#endif
	}
	o->off += (off_t)len;
	if (wq_digest_update(o->dg, data, len) != 0) {
		o->errpath = "digest";
		return errno ? errno : EIO;
	}
	return 0;
}

static void *
writer(void *arg)
{
	struct out *o = arg;
	struct piece *p;
	int e;

	pthread_mutex_lock(&o->mu);
	for (;;) {
		while (o->taken == o->made && !o->done)
			pthread_cond_wait(&o->cv, &o->mu);
		if (o->taken == o->made)
			break; /* done, and all written */
		p = &o->slot[o->taken % NSLOTS];
		pthread_mutex_unlock(&o->mu);
		if ((e = put_piece(o, p->data, p->len)) != 0) {
			pthread_mutex_lock(&o->mu);
			o->err = e;
			pthread_cond_signal(&o->cv);
			break;
		}
		pthread_mutex_lock(&o->mu);
		o->taken++;
		pthread_cond_signal(&o->cv);
	}
	pthread_mutex_unlock(&o->mu);
	return NULL;
}

/* The JSON writer's sink: hand a piece to the writer thread (or write it here). */
static int
hand_over(void *ctx, const char *data, size_t len)
{
	struct out *o = ctx;
	struct piece *p;
	int e;

	if (!o->threaded) {
		if ((o->err = put_piece(o, data, len)) == 0)
			return 0;
		errno = o->err;
		return -1;
	}
	pthread_mutex_lock(&o->mu);
	while (o->made - o->taken == NSLOTS && o->err == 0)
		pthread_cond_wait(&o->cv, &o->mu);
	e = o->err;
	pthread_mutex_unlock(&o->mu);
	if (e != 0) { /* the writer stopped */
		errno = e;
		return -1;
	}
	/* this slot is the maker's until made moves past it */
	p = &o->slot[o->made % NSLOTS];
	if (len > p->cap) {
		char *n = realloc(p->data, len);
		if (n == NULL)
			return -1;
		p->data = n;
		p->cap = len;
	}
	memcpy(p->data, data, len);
	p->len = len;
	pthread_mutex_lock(&o->mu);
	o->made++;
	pthread_cond_signal(&o->cv);
	pthread_mutex_unlock(&o->mu);
	return 0;
}

int
ocfl_inventory_out(const struct ocfl_inventory *inv, const char *path1, const char *path2,
                   char *hex, char *err, size_t errlen)
{
	struct out o;
	pthread_t tid;
	int i, rc = -1, werr = 0, e = 0;

	memset(&o, 0, sizeof o);
	o.fd[0] = o.fd[1] = -1;
	o.path[0] = path1;
	o.path[1] = path2;
	pthread_mutex_init(&o.mu, NULL);
	pthread_cond_init(&o.cv, NULL);
	if ((o.dg = wq_digest_new(inv->alg)) == NULL) {
		e = errno;
		snprintf(err, errlen, "digest: %s", strerror(e));
		goto out;
	}
	for (i = 0; i < 2; i++) {
		o.fd[i] = open(o.path[i], O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
		if (o.fd[i] < 0) {
			e = errno;
			snprintf(err, errlen, "%s: %s", o.path[i], strerror(e));
			goto out;
		}
	}
	o.threaded = pthread_create(&tid, NULL, writer, &o) == 0;
	if (ocfl_inventory_write(inv, hand_over, &o) != 0)
		werr = errno;
	if (o.threaded) {
		pthread_mutex_lock(&o.mu);
		o.done = true;
		pthread_cond_signal(&o.cv);
		pthread_mutex_unlock(&o.mu);
		pthread_join(tid, NULL);
	}
	if ((e = o.err) != 0) {
		snprintf(err, errlen, "%s: %s", o.errpath, strerror(e));
		goto out;
	}
	if ((e = werr) != 0) {
		if (e == EILSEQ)
			snprintf(err, errlen, "cannot write the inventory "
			         "(a message or name is not UTF-8?)");
		else
			snprintf(err, errlen, "writing the inventory: %s", strerror(e));
		goto out;
	}
	if (wq_digest_final_hex(o.dg, hex) != 0) {
		e = errno;
		snprintf(err, errlen, "digest: %s", strerror(e));
		goto out;
	}
	rc = 0;
out:
	for (i = 0; i < 2; i++) {
		if (o.fd[i] >= 0 && close(o.fd[i]) != 0 && rc == 0) {
			e = errno;
			snprintf(err, errlen, "%s: %s", o.path[i], strerror(e));
			rc = -1;
		}
	}
	for (i = 0; i < NSLOTS; i++)
		free(o.slot[i].data);
	wq_digest_free(o.dg);
	pthread_cond_destroy(&o.cv);
	pthread_mutex_destroy(&o.mu);
	errno = e;
	return rc;
}
