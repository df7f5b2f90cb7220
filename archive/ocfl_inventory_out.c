/*
 * ocfl_inventory_out.c - write an inventory to its two places in one pass.
 *
 * A commit writes the new inventory twice (the version's copy and the
 * root's) and hashes it for the sidecar. Done one after the other from one
 * large buffer, that is three passes over megabytes of freshly allocated
 * memory. Here the JSON is made (this thread) into a ring of a few
 * page-aligned slots of 256 KiB; two writer threads, one a file, write
 * each slot and a hasher thread hashes it, while the next slots are
 * filled: a little memory, reused while it is still in the CPU's cache,
 * the work spread over the processors, and the two files' writes in
 * flight at once (a direct write waits for the device).
 *
 * The files are written with O_DIRECT where the file system takes it.
 * Nothing reads them back in this process, and through the page cache
 * every 4 KiB would need a fresh page: on a virtual machine whose host
 * takes back free memory (free page reporting), a fault on the host each,
 * which made writing two 5 MB inventories the largest cost of a commit
 * that changes little. Direct writes also start the disk at once, without
 * the writeback throttling that made sync_file_range() block on a busy
 * disk. Where O_DIRECT is refused (tmpfs, some FUSE file systems) or a
 * write is not aligned as the device wants, the same bytes go through the
 * page cache.
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

#define NSLOTS 4              /* slots filled ahead of the readers, at most */
#define SLOT (256 * 1024)      /* bytes in a slot: a multiple of ALIGN */
#define ALIGN 4096             /* of O_DIRECT buffers, offsets and lengths */

/* the readers of each slot: a writer for each file (WRITER + i), and the hasher */
enum { WRITER, HASHER = 2, NROLES };

struct out {
	int fd[2];
	const char *path[2];
	bool direct[2];       /* fd[i] has O_DIRECT */
	off_t off[2];         /* where file i's next slot goes */
	struct wq_digest *dg;
	/* the ring: made counts the slots handed over, taken[role] those each reader is done with */
	pthread_mutex_t mu;
	pthread_cond_t cv;
	char *slot[NSLOTS];   /* SLOT bytes each, ALIGN-aligned */
	size_t len[NSLOTS];   /* bytes in each; only the last slot is short */
	size_t fill;          /* bytes in the slot being filled (slot[made % NSLOTS]) */
	size_t made, taken[NROLES];
	bool done;
	int nthreads;         /* readers running in threads: 0 (all here), or NROLES */
	int err;              /* the first errno of a reader, 0 while all is well */
	const char *errpath;  /* where it failed (read after the readers stopped) */
};

struct reader {
	struct out *o;
	int role;
};

/*
 * len bytes of buf (ALIGN-aligned, with room to round len up) at o->off[i] in
 * file i. A short last slot is padded with zeros to ALIGN for a direct
 * write; ocfl_inventory_out cuts the file to its length afterwards.
 */
static int
write_slot(struct out *o, int i, char *buf, size_t len)
{
	size_t n = len;

	if (o->direct[i] && len % ALIGN != 0) {
		n = (len + ALIGN - 1) / ALIGN * ALIGN;
		memset(buf + len, 0, n - len);
	}
	for (;;) {
		const char *p = buf;
		size_t left = n;
		off_t at = o->off[i];

		while (left > 0) {
			ssize_t w = pwrite(o->fd[i], p, left, at);
			if (w < 0 && errno == EINTR)
				continue;
			if (w <= 0)
				break;
			p += w;
			at += w;
			left -= (size_t)w;
		}
		if (left == 0)
			return 0;
		if (!o->direct[i] || (errno != EINVAL && errno != 0))
			return -1;
		/* the device wants another alignment: through the page cache, then */
		if (fcntl(o->fd[i], F_SETFL, fcntl(o->fd[i], F_GETFL) & ~O_DIRECT) != 0)
			return -1;
		o->direct[i] = false;
		n = len;
	}
}

/*
 * One role's part of a slot: each role has its own file, offset or digest,
 * so the roles need no lock here. 0, or an errno value with *where set.
 */
static int
use_slot(struct out *o, int role, char *buf, size_t len, const char **where)
{
	int i = role - WRITER;

	if (role == HASHER) {
		if (wq_digest_update(o->dg, buf, len) == 0)
			return 0;
		*where = "digest";
		return errno ? errno : EIO;
	}
	errno = 0;
	if (write_slot(o, i, buf, len) != 0) {
		*where = o->path[i];
		return errno ? errno : EIO;
	}
	o->off[i] += (off_t)len;
	return 0;
}

static size_t
least_taken(const struct out *o)
{
	size_t least = o->taken[0];
	int role;

	for (role = 1; role < NROLES; role++)
		if (o->taken[role] < least)
			least = o->taken[role];
	return least;
}

static void *
reader_run(void *arg)
{
	const struct reader *r = arg;
	struct out *o = r->o;
	const char *where = NULL;
	size_t k;
	int e;

	pthread_mutex_lock(&o->mu);
	for (;;) {
		while (o->taken[r->role] == o->made && !o->done && o->err == 0)
			pthread_cond_wait(&o->cv, &o->mu);
		if (o->taken[r->role] == o->made || o->err != 0)
			break; /* done and all used, or another reader failed */
		k = o->taken[r->role] % NSLOTS;
		pthread_mutex_unlock(&o->mu);
		e = use_slot(o, r->role, o->slot[k], o->len[k], &where);
		pthread_mutex_lock(&o->mu);
		if (e != 0) {
			if (o->err == 0) {
				o->err = e;
				o->errpath = where;
			}
			pthread_cond_broadcast(&o->cv);
			break;
		}
		o->taken[r->role]++;
		pthread_cond_broadcast(&o->cv);
	}
	pthread_mutex_unlock(&o->mu);
	return NULL;
}

/* Hand the slot being filled to the readers (or use it here); the next one is then free. */
static int
publish(struct out *o)
{
	size_t k = o->made % NSLOTS;
	int role, e;

	o->len[k] = o->fill;
	o->fill = 0;
	if (o->nthreads == 0) {
		for (role = 0; role < NROLES; role++) {
			if ((o->err = use_slot(o, role, o->slot[k], o->len[k], &o->errpath)) != 0) {
				errno = o->err;
				return -1;
			}
		}
		return 0;
	}
	pthread_mutex_lock(&o->mu);
	o->made++;
	pthread_cond_broadcast(&o->cv);
	/* the next slot must be free of all the readers before it is filled */
	while (o->made - least_taken(o) == NSLOTS && o->err == 0)
		pthread_cond_wait(&o->cv, &o->mu);
	e = o->err;
	pthread_mutex_unlock(&o->mu);
	if (e != 0) { /* a reader stopped */
		errno = e;
		return -1;
	}
	return 0;
}

/* The JSON writer's sink: into the slots, each handed over once full. */
static int
fill_slots(void *ctx, const char *data, size_t len)
{
	struct out *o = ctx;

	while (len > 0) {
		size_t k = o->made % NSLOTS, n = SLOT - o->fill;
		if (n > len)
			n = len;
		memcpy(o->slot[k] + o->fill, data, n);
		o->fill += n;
		data += n;
		len -= n;
		if (o->fill == SLOT && publish(o) != 0)
			return -1;
	}
	return 0;
}

/* Create path: O_DIRECT if the file system takes it. */
static int
create_out(struct out *o, int i)
{
	int flags = O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC;

	o->fd[i] = open(o->path[i], flags | O_DIRECT, 0644);
	if (o->fd[i] >= 0) {
		o->direct[i] = true;
		return 0;
	}
	if (errno != EINVAL)
		return -1;
	o->fd[i] = open(o->path[i], flags, 0644);
	return o->fd[i] >= 0 ? 0 : -1;
}

int
ocfl_inventory_out(const struct ocfl_inventory *inv, const char *path1, const char *path2,
                   char *hex, char *err, size_t errlen)
{
	struct out o;
	struct reader rd[NROLES];
	pthread_t tid[NROLES];
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
	for (i = 0; i < NSLOTS; i++) {
		if ((e = posix_memalign((void **)&o.slot[i], ALIGN, SLOT)) != 0) {
			o.slot[i] = NULL;
			snprintf(err, errlen, "%s", strerror(e));
			goto out;
		}
	}
	for (i = 0; i < 2; i++) {
		if (create_out(&o, i) != 0) {
			e = errno;
			snprintf(err, errlen, "%s: %s", o.path[i], strerror(e));
			goto out;
		}
	}
	for (i = 0; i < NROLES; i++)
		rd[i] = (struct reader){ &o, i };
	for (i = 0; i < NROLES && pthread_create(&tid[i], NULL, reader_run, &rd[i]) == 0; i++)
		;
	if (i == NROLES)
		o.nthreads = NROLES;
	else if (i > 0) { /* (stop those started: all here, then) */
		pthread_mutex_lock(&o.mu);
		o.done = true;
		pthread_cond_broadcast(&o.cv);
		pthread_mutex_unlock(&o.mu);
		while (i-- > 0)
			pthread_join(tid[i], NULL);
		o.done = false;
	}
	if (ocfl_inventory_write(inv, fill_slots, &o) != 0 || (o.fill > 0 && publish(&o) != 0))
		werr = errno;
	if (o.nthreads > 0) {
		pthread_mutex_lock(&o.mu);
		o.done = true;
		pthread_cond_broadcast(&o.cv);
		pthread_mutex_unlock(&o.mu);
		for (i = 0; i < o.nthreads; i++)
			pthread_join(tid[i], NULL);
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
	for (i = 0; i < 2; i++) {
		if (o.direct[i] && ftruncate(o.fd[i], o.off[i]) != 0) { /* (the last slot's padding) */
			e = errno;
			snprintf(err, errlen, "%s: %s", o.path[i], strerror(e));
			goto out;
		}
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
		free(o.slot[i]);
	wq_digest_free(o.dg);
	pthread_cond_destroy(&o.cv);
	pthread_mutex_destroy(&o.mu);
	errno = e;
	return rc;
}
