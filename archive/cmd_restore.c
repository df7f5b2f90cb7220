/*
 * cmd_restore.c - wathiqa restore: write a version's files into a folder,
 * checking every digest on the way out.
 *
 * Each file is written to a temporary name in its folder, its digest
 * checked against the inventory, fsynced (syncfs once at the end) and
 * renamed into place (RENAME_NOREPLACE unless --force): a file is there
 * whole and correct, or not at all. No path segment is followed through a
 * symlink, so nothing is written outside DIR.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wathiqa.h"
#include "commands.h"
#include "ocfl_inventory.h"
#include "ocfl_object.h"
#include "ocfl_store.h"

#define BUFSZ (256 * 1024)

struct restore {
	const struct ocfl_inventory *inv;
	const char *dir;
	int dirfd;
	bool force;
	char *buf;
	struct wq_digest *dg;
	struct wq_progress *prog;
	uint64_t done;
	unsigned seq;
	dev_t store_dev;
	ino_t store_ino;
};

/* Is the folder open as fd the store's root folder? */
static bool
in_store(const struct restore *r, int fd)
{
	struct stat st;

	return fstat(fd, &st) == 0 && st.st_dev == r->store_dev && st.st_ino == r->store_ino;
}

/* Is dir (or, when it does not exist yet, its nearest existing parent) the store or inside it? */
static bool
dir_in_store(const struct restore *r, const char *dir)
{
	char *p = strdup(dir), *slash;
	struct stat st, up;
	int fd, pfd, depth;
	bool found = false;

	if (p == NULL)
		return false;
	while (stat(p, &st) != 0) {
		if ((slash = strrchr(p, '/')) == NULL) {
			strcpy(p, ".");
			break;
		}
		if (slash == p)
			slash[1] = '\0';
		else
			*slash = '\0';
	}
	fd = open(p, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	free(p);
	for (depth = 0; fd >= 0 && depth < 4096 && !found; depth++) {
		if (in_store(r, fd)) {
			found = true;
			break;
		}
		if (fstat(fd, &st) != 0 || (pfd = openat(fd, "..", O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
			break;
		close(fd);
		fd = pfd;
		if (fstat(fd, &up) != 0 || (up.st_dev == st.st_dev && up.st_ino == st.st_ino))
			break; /* the root */
	}
	if (fd >= 0)
		close(fd);
	return found;
}

/* Open (making it when missing) the folder holding logical's last segment; never via a symlink. */

/* Every command closes stdout itself (a failed write changes the exit status). */
static int
closeout(int rc)
{
	int c = wq_close_stdout();

	return c > rc ? c : rc;
}

static int
open_parent(struct restore *r, const char *logical, const char **base)
{
	char *copy = strdup(logical), *seg, *slash;
	int fd, nfd;

	if (copy == NULL)
		return -1;
	if ((fd = dup(r->dirfd)) < 0) {
		free(copy);
		return -1;
	}
	seg = copy;
	while ((slash = strchr(seg, '/')) != NULL) {
		*slash = '\0';
		if (mkdirat(fd, seg, 0755) != 0 && errno != EEXIST)
			goto fail;
		nfd = openat(fd, seg, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (nfd < 0)
			goto fail;
		close(fd);
		fd = nfd;
		if (in_store(r, fd)) {
			errno = EXDEV;
			goto fail;
		}
		seg = slash + 1;
	}
	*base = logical + (seg - copy);
	free(copy);
	return fd;
fail:
	{
		int e = errno;
		close(fd);
		free(copy);
		errno = e;
	}
	return -1;
}

static int
restore_one(struct restore *r, const struct ocfl_file *f)
{
	char tmp[64], hex[WQ_DIGEST_HEX_MAX + 1];
	const char *base;
	struct stat st;
	int in = -1, out = -1, pfd, rc = WQ_EXIT_OK;
	ssize_t n;

	if ((pfd = open_parent(r, f->logical, &base)) < 0) {
		int e = errno;
		wq_warnx("%s/%s: %s", r->dir, f->logical,
		         e == ELOOP || e == ENOTDIR ? "a folder on the way is a symlink or a file; not written"
		         : e == EXDEV ? "would be written into the store; not written" : strerror(e));
		return e == ELOOP || e == ENOTDIR || e == EXDEV ? WQ_EXIT_INVALID : WQ_EXIT_TROUBLE;
	}
	if (fstatat(pfd, base, &st, AT_SYMLINK_NOFOLLOW) == 0) {
		if (S_ISDIR(st.st_mode) || !r->force) {
			wq_warnx("%s/%s: exists; not overwritten%s", r->dir, f->logical,
			         S_ISDIR(st.st_mode) ? "" : " (use --force)");
			close(pfd);
			return WQ_EXIT_INVALID;
		}
	}
	if ((in = ocfl_open_beneath(r->inv->objroot, f->content)) < 0) {
		wq_warnx("%s/%s: %s", r->inv->objroot, f->content,
		         errno == ENOENT ? "missing from the object" : strerror(errno));
		rc = WQ_EXIT_INVALID;
		goto out;
	}
	snprintf(tmp, sizeof tmp, ".wathiqa-restore.%ld.%u", (long)getpid(), r->seq++);
	if ((out = openat(pfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644)) < 0) {
		wq_warn("%s/%s", r->dir, f->logical);
		rc = WQ_EXIT_TROUBLE;
		goto out;
	}
	if (wq_digest_reset(r->dg) != 0)
		goto syserr;
	while ((n = read(in, r->buf, BUFSZ)) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			wq_warn("%s/%s", r->inv->objroot, f->content);
			rc = WQ_EXIT_INVALID;
			goto out;
		}
		if (wq_digest_update(r->dg, r->buf, (size_t)n) != 0 ||
		    wq_write_all(out, r->buf, (size_t)n) != 0)
			goto syserr;
		r->done += (uint64_t)n;
		wq_progress_update(r->prog, r->done);
	}
	if (wq_digest_final_hex(r->dg, hex) != 0)
		goto syserr;
	if (strcasecmp(hex, f->digest) != 0) {
		wq_warnx("%s/%s: digest mismatch (content corrupt); %s not restored", r->inv->objroot,
		         f->content, f->logical);
		rc = WQ_EXIT_INVALID;
		goto out;
	}
	if (close(out) != 0) {
		out = -1;
		goto syserr;
	}
	out = -1;
	if (renameat2(pfd, tmp, pfd, base, r->force ? 0 : RENAME_NOREPLACE) != 0) {
		if (errno == EINVAL && !r->force && linkat(pfd, tmp, pfd, base, 0) == 0) {
			(void)unlinkat(pfd, tmp, 0);
		} else {
			wq_warnx("%s/%s: %s", r->dir, f->logical,
			         errno == EEXIST ? "exists; not overwritten (use --force)" : strerror(errno));
			rc = errno == EEXIST ? WQ_EXIT_INVALID : WQ_EXIT_TROUBLE;
			goto out;
		}
	}
	tmp[0] = '\0';
	goto out;
syserr:
	wq_warn("%s/%s", r->dir, f->logical);
	rc = WQ_EXIT_TROUBLE;
out:
	if (out >= 0)
		close(out);
	if (tmp[0] != '\0' && rc != WQ_EXIT_OK)
		(void)unlinkat(pfd, tmp, 0);
	if (in >= 0)
		close(in);
	close(pfd);
	return rc;
}

static int
restore_usage(FILE *fp, int rc)
{
	fprintf(fp, "usage: wathiqa [--store DIR] %s\n", wq_cmd_usage("restore"));
	return rc;
}

static int
restore_main(const struct wq_cmd_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "force", no_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", required_argument, NULL, 'v' },
		{ NULL, 0, NULL, 0 },
	};
	struct restore r;
	struct ocfl_inventory *inv = NULL;
	struct ocfl_file *files = NULL;
	const char *version = NULL;
	char err[1024];
	size_t n = 0, i;
	uint64_t total = 0;
	int ch, rc = WQ_EXIT_OK, one;

	memset(&r, 0, sizeof r);
	r.dirfd = -1;
	while ((ch = getopt_long(argc, argv, "fh", opts, NULL)) != -1) {
		switch (ch) {
		case 'f':
			r.force = true;
			break;
		case 'h':
			return restore_usage(stdout, WQ_EXIT_OK);
		case 'v':
			version = optarg;
			break;
		default:
			return restore_usage(stderr, WQ_EXIT_TROUBLE);
		}
	}
	if (argc - optind != 2)
		return restore_usage(stderr, WQ_EXIT_TROUBLE);
	r.dir = argv[optind + 1];
	if (ocfl_store_check(ctx->store, err, sizeof err) != 0) {
		wq_warnx("%s", err);
		return WQ_EXIT_TROUBLE;
	}
	if ((inv = ocfl_store_load(ctx->store, argv[optind], err, sizeof err)) == NULL) {
		wq_warnx("%s", err);
		return WQ_EXIT_INVALID;
	}
	r.inv = inv;
	if (ocfl_version_files(inv, version, &files, &n) != 0) {
		if (errno == ENOENT)
			wq_warnx("%s: no version %s (head is %s)", inv->id, version, inv->head);
		else
			wq_warn("%s", inv->id);
		rc = errno == ENOENT ? WQ_EXIT_INVALID : WQ_EXIT_TROUBLE;
		goto out;
	}
	{
		/* writing into the store would put stray files in its hierarchy */
		struct stat st;
		if (stat(ctx->store, &st) == 0) {
			r.store_dev = st.st_dev;
			r.store_ino = st.st_ino;
		}
		if (dir_in_store(&r, r.dir)) {
			wq_warnx("%s: is inside the store %s; restore elsewhere", r.dir, ctx->store);
			rc = WQ_EXIT_INVALID;
			goto out;
		}
	}
	if (wq_mkdirs(r.dir, 0755) != 0 ||
	    (r.dirfd = open(r.dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
		wq_warn("%s", r.dir);
		rc = WQ_EXIT_TROUBLE;
		goto out;
	}
	if ((r.buf = malloc(BUFSZ)) == NULL || (r.dg = wq_digest_new(inv->alg)) == NULL) {
		wq_warn("restore");
		rc = WQ_EXIT_TROUBLE;
		goto out;
	}
	for (i = 0; i < n; i++)
		total += files[i].size != UINT64_MAX ? files[i].size : 0;
	r.prog = wq_progress_new("restoring", total);
	for (i = 0; i < n; i++) {
		one = restore_one(&r, &files[i]);
		if (one > rc)
			rc = one;
	}
	wq_progress_free(r.prog);
	if (syncfs(r.dirfd) != 0) {
		wq_warn("%s: syncfs", r.dir);
		rc = WQ_EXIT_TROUBLE;
	}
out:
	if (r.dirfd >= 0)
		close(r.dirfd);
	free(r.buf);
	wq_digest_free(r.dg);
	ocfl_files_free(files, n);
	ocfl_inventory_free(inv);
	return rc;
}

int
cmd_restore(const struct wq_cmd_ctx *ctx, int argc, char **argv)
{
	return closeout(restore_main(ctx, argc, argv));
}
