/*
 * ocfl_inventory_out.c - write an inventory to its two places in one pass.
 *
 * A commit writes the new inventory twice (the version's copy and the
 * root's) and hashes it for the sidecar. Done one after the other from one
 * large buffer, that is three passes over megabytes of freshly allocated
 * memory. Here the JSON is made (this thread) into a ring of eight
 * page-aligned slots of 256 KiB; two writer threads, one a file, write
 * the slots and a hasher thread hashes them, while the next slots are
 * filled: a little memory, reused while it is still in the CPU's cache,
 * the work spread over the processors, and the two files' writes in
 * flight at once (a direct write waits for the device). A writer back
 * from the device writes all the slots made meanwhile in one request.
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
#include <sys/uio.h>
#include <unistd.h>

#include "ocfl_inventory_out.h"
#include "wathiqa.h"

#define NSLOTS 8              /* slots filled ahead of the readers, at most */
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
	/*
	 * The ring: made counts the slots handed over, taken[role] those each
	 * reader is done with. Readers wait for ready, the JSON maker for freed,
	 * and each side wakes the other only when it waits: on a virtual
	 * machine a wake-up costs more than the hashing of a slot.
	 */
	pthread_mutex_t mu;
	pthread_cond_t ready, freed;
	bool maker_waits;     /* the maker waits for a slot to be freed */
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
 * Slots [first, first + m) of the ring at o->off[i] in file i, in one
 * write: the device is faster with larger requests, and a writer that
 * waited for the disk finds several slots ready. Only the last slot of the
 * inventory is short; for a direct write it is padded with zeros to ALIGN
 * (its buffer has the room), and ocfl_inventory_out cuts the file to its
 * length afterwards.
 */
static int
write_slots(struct out *o, int i, size_t first, size_t m)
{
	struct iovec iov[NSLOTS];
	size_t j, last = (first + m - 1) % NSLOTS, total = 0;

	for (j = 0; j < m; j++) {
		size_t k = (first + j) % NSLOTS;
		iov[j].iov_base = o->slot[k];
		iov[j].iov_len = o->len[k];
		total += o->len[k];
	}
	if (o->direct[i] && o->len[last] % ALIGN != 0) {
		size_t n = (o->len[last] + ALIGN - 1) / ALIGN * ALIGN;
		memset(o->slot[last] + o->len[last], 0, n - o->len[last]);
		iov[m - 1].iov_len = n;
	}
	for (;;) {
		struct iovec *v = iov;
		int nv = (int)m;
		off_t at = o->off[i];

		while (nv > 0) {
			ssize_t w = pwritev(o->fd[i], v, nv, at);
			if (w < 0 && errno == EINTR)
				continue;
			if (w <= 0)
				break;
			at += w;
			while (nv > 0 && (size_t)w >= v->iov_len) { /* (a short write: go on from there) */
				w -= (ssize_t)v->iov_len;
				v++;
				nv--;
			}
			if (nv > 0) {
				v->iov_base = (char *)v->iov_base + w;
				v->iov_len -= (size_t)w;
			}
		}
		if (nv == 0) {
			o->off[i] += (off_t)total;
			return 0;
		}
		if (!o->direct[i] || (errno != EINVAL && errno != 0))
			return -1;
		/* the device wants another alignment: through the page cache, then */
		if (fcntl(o->fd[i], F_SETFL, fcntl(o->fd[i], F_GETFL) & ~O_DIRECT) != 0)
			return -1;
		o->direct[i] = false;
		for (j = 0; j < m; j++) {
			size_t k = (first + j) % NSLOTS;
			iov[j].iov_base = o->slot[k];
			iov[j].iov_len = o->len[k];
		}
	}
}

/*
 * One role's part of slots [first, first + m): each role has its own file,
 * offset or digest, so the roles need no lock here. 0, or an errno value
 * with *where set.
 */
static int
use_slots(struct out *o, int role, size_t first, size_t m, const char **where)
{
	size_t j;

	if (role == HASHER) {
		for (j = 0; j < m; j++) {
			size_t k = (first + j) % NSLOTS;
			if (wq_digest_update(o->dg, o->slot[k], o->len[k]) != 0) {
				*where = "digest";
				return errno ? errno : EIO;
			}
		}
		return 0;
	}
	errno = 0;
	if (write_slots(o, role - WRITER, first, m) != 0) {
		*where = o->path[role - WRITER];
		return errno ? errno : EIO;
	}
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
	size_t first, m;
	int e;

	pthread_mutex_lock(&o->mu);
	for (;;) {
		while (o->taken[r->role] == o->made && !o->done && o->err == 0)
			pthread_cond_wait(&o->ready, &o->mu);
		if (o->taken[r->role] == o->made || o->err != 0)
			break; /* done and all used, or another reader failed */
		first = o->taken[r->role];
		m = o->made - first; /* (all that are ready) */
		pthread_mutex_unlock(&o->mu);
		e = use_slots(o, r->role, first, m, &where);
		pthread_mutex_lock(&o->mu);
		if (e != 0) {
			if (o->err == 0) {
				o->err = e;
				o->errpath = where;
			}
			pthread_cond_broadcast(&o->ready);
			pthread_cond_signal(&o->freed);
			break;
		}
		o->taken[r->role] += m;
		if (o->maker_waits)
			pthread_cond_signal(&o->freed);
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
			if ((o->err = use_slots(o, role, k, 1, &o->errpath)) != 0) {
				errno = o->err;
				return -1;
			}
		}
		return 0;
	}
	pthread_mutex_lock(&o->mu);
	o->made++;
	pthread_cond_broadcast(&o->ready);
	/* the next slot must be free of all the readers before it is filled */
	while (o->made - least_taken(o) == NSLOTS && o->err == 0) {
		o->maker_waits = true;
		pthread_cond_wait(&o->freed, &o->mu);
	}
	o->maker_waits = false;
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
	pthread_cond_init(&o.ready, NULL);
	pthread_cond_init(&o.freed, NULL);
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
		pthread_cond_broadcast(&o.ready);
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
		pthread_cond_broadcast(&o.ready);
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
	pthread_cond_destroy(&o.ready);
	pthread_cond_destroy(&o.freed);
	pthread_mutex_destroy(&o.mu);
	errno = e;
	return rc;
}
