/*
 * tei2epub - TEI P5 statements to EPUB 3.
 *
 * main() reads top to bottom: options, one check of their combination,
 * then either every input into one book (stdout or -o FILE) or, with -d,
 * one book per input. The walk (te_walk.c) streams each TEI document into
 * XHTML chapters; te_book.c makes the package document, nav and NCX from
 * what it collected; te_zip.c writes the zip.
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

#include <libxml/parser.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "wathiqa.h"
#include "te_book.h"
#include "te_walk.h"
#include "te_zip.h"

/* All the run's state. */
struct run {
	const char *output; /* -o */
	const char *dir;    /* -d */
	const char *title;  /* --title */
	bool cover;         /* --cover */
	int level;          /* --level: deflate level, 0 = store */
	bool have_epoch;
	int64_t epoch, now;
	struct te_book book;
	struct wq_buf zip;
	struct wq_batch *batch; /* -d */
	int status;         /* worst exit status so far */
};

static void
usage(FILE *fp)
{
	fprintf(fp,
	    "usage: tei2epub [--cover] [--level N] [--title TEXT] [-o FILE.epub] [FILE...]\n"
	    "       tei2epub [--cover] [--level N] [--title TEXT] -d DIR FILE...\n"
	    "       tei2epub --help | --version\n"
	    "\n"
	    "  -o, --output FILE  write the EPUB to FILE (default: standard output)\n"
	    "  -d, --dir DIR      one EPUB per input, DIR/NAME.epub\n"
	    "      --cover        add a cover page with the title\n"
	    "      --level N      deflate level 1-9 (default 6), 0 stores\n"
	    "      --title TEXT   the book's title (for an anthology of several inputs)\n"
	    "  -h, --help         this help\n"
	    "  -V, --version      the version\n"
	    "\n"
	    "Several inputs make one anthology; no input (or \"-\") is standard input.\n");
}

static void
remember(struct run *r, int status)
{
	if (status > r->status)
		r->status = status;
}

static void
warn_cb(void *ctx, const char *file, unsigned long line, unsigned long col, const char *msg)
{
	(void)ctx;
	wq_warnat(file, line, col, "%s", msg);
}

/* Walk one input into the book. Returns an exit status. */
static int
walk_one(struct run *r, const char *path)
{
	static const struct te_walk_opts opts = { warn_cb, NULL };
	struct te_error err;
	const char *name = strcmp(path, "-") == 0 ? "stdin" : path;
	int fd, st;

	if (strcmp(path, "-") == 0) {
		fd = STDIN_FILENO;
	} else if ((fd = open(path, O_RDONLY)) < 0) {
		wq_warn("%s", path);
		return WQ_EXIT_TROUBLE;
	}
	st = te_walk(&r->book, name, fd, NULL, 0, &opts, &err);
	if (fd != STDIN_FILENO)
		close(fd);
	if (st == TE_WALK_OK)
		return WQ_EXIT_OK;
	wq_warnat(name, err.line, err.col, "%s", err.msg);
	return st == TE_WALK_INVALID ? WQ_EXIT_INVALID : WQ_EXIT_TROUBLE;
}

/* A book of -d that could not be committed. */
static void
batch_failed(void *ctx, const char *path, int err)
{
	errno = err;
	wq_warn("%s", path);
	remember(ctx, WQ_EXIT_TROUBLE);
}

/* Zip the walked book; write it to path (batched with -d), or standard output when NULL. */
static int
write_book(struct run *r, const char *path)
{
	char err[512];

	te_book_finish(&r->book, r->have_epoch, r->epoch, r->now);
	wq_buf_reset(&r->zip);
	if (te_zip_write(&r->book, r->level, &r->zip, err, sizeof err) != 0) {
		wq_warnx("%s: %s", path ? path : "stdout", err);
		return WQ_EXIT_TROUBLE;
	}
	if (path != NULL && r->dir != NULL) {
		if (wq_batch_write(r->batch, path, r->zip.data, r->zip.len) != 0) {
			if (errno == EEXIST)
				wq_warnx("%s: not written: already written from another input with the same name",
				         path);
			else
				wq_warn("%s", path);
			return WQ_EXIT_TROUBLE;
		}
	} else if (path != NULL) {
		if (wq_write_file_atomic(path, r->zip.data, r->zip.len, 0644) != 0) {
			wq_warn("%s", path);
			return WQ_EXIT_TROUBLE;
		}
	} else if (wq_write_all(STDOUT_FILENO, r->zip.data, r->zip.len) != 0) {
		wq_warn("stdout");
		return WQ_EXIT_TROUBLE;
	}
	return WQ_EXIT_OK;
}

/* -d: one book per input. */
static void
run_batch(struct run *r, int n, char **inputs)
{
	struct wq_progress *pr;
	char *out;
	int i, st;

	if ((r->batch = wq_batch_new(r->dir, batch_failed, r)) == NULL) {
		wq_warn("%s", r->dir);
		remember(r, WQ_EXIT_TROUBLE);
		return;
	}
	pr = wq_progress_new("tei2epub", (uint64_t)n);
	for (i = 0; i < n; i++) {
		te_book_reset(&r->book);
		st = walk_one(r, inputs[i]);
		if (st == WQ_EXIT_OK) {
			if ((out = wq_output_name(r->dir, inputs[i], "epub")) == NULL) {
				wq_warn("%s", inputs[i]);
				st = WQ_EXIT_TROUBLE;
			} else {
				st = write_book(r, out);
				free(out);
			}
		}
		remember(r, st);
		wq_progress_update(pr, (uint64_t)i + 1);
	}
	wq_batch_free(r->batch);
	r->batch = NULL;
	wq_progress_free(pr);
}

/* Every input into one book. */
static void
run_one(struct run *r, int n, char **inputs)
{
	static char *stdin_only[] = { "-" };
	int i, st = WQ_EXIT_OK;

	if (n == 0) {
		n = 1;
		inputs = stdin_only;
	}
	for (i = 0; i < n; i++) {
		int s = walk_one(r, inputs[i]);

		if (s > st)
			st = s;
	}
	if (st == WQ_EXIT_OK)
		st = write_book(r, r->output);
	remember(r, st);
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "cover",   no_argument,       NULL, 'c' },
		{ "dir",     required_argument, NULL, 'd' },
		{ "help",    no_argument,       NULL, 'h' },
		{ "level",   required_argument, NULL, 'l' },
		{ "output",  required_argument, NULL, 'o' },
		{ "title",   required_argument, NULL, 't' },
		{ "version", no_argument,       NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct run r;
	int ch;

	wq_setprogname(argv[0]);
	memset(&r, 0, sizeof r);
	r.level = 6;
	te_book_init(&r.book);
	while ((ch = getopt_long(argc, argv, "d:ho:V", longopts, NULL)) != -1) {
		switch (ch) {
		case 'c':
			r.cover = true;
			break;
		case 'd':
			r.dir = optarg;
			break;
		case 'h':
			usage(stdout);
			return wq_close_stdout();
		case 'l':
			if (strlen(optarg) != 1 || optarg[0] < '0' || optarg[0] > '9') {
				wq_warnx("--level wants a number from 0 to 9: %s", optarg);
				usage(stderr);
				return WQ_EXIT_TROUBLE;
			}
			r.level = optarg[0] - '0';
			break;
		case 'o':
			r.output = optarg;
			break;
		case 't':
			r.title = optarg;
			break;
		case 'V':
			wq_print_version();
			return wq_close_stdout();
		default:
			usage(stderr);
			return WQ_EXIT_TROUBLE;
		}
	}
	argc -= optind;
	argv += optind;

	if (r.dir != NULL && r.output != NULL) {
		wq_warnx("-d and -o cannot be used together");
		usage(stderr);
		return WQ_EXIT_TROUBLE;
	}
	if (r.dir != NULL && argc == 0) {
		wq_warnx("-d needs input files");
		usage(stderr);
		return WQ_EXIT_TROUBLE;
	}
	if (r.title != NULL && *r.title == '\0') {
		wq_warnx("--title must not be empty");
		return WQ_EXIT_TROUBLE;
	}
	if (r.dir == NULL && r.output == NULL && isatty(STDOUT_FILENO)) {
		wq_warnx("refusing to write an EPUB to a terminal: use -o FILE or a redirection");
		return WQ_EXIT_TROUBLE;
	}
	if (wq_now(&r.now) != 0) {
		wq_warnx("SOURCE_DATE_EPOCH is not a valid number of seconds");
		return WQ_EXIT_TROUBLE;
	}
	r.have_epoch = getenv("SOURCE_DATE_EPOCH") != NULL && *getenv("SOURCE_DATE_EPOCH") != '\0';
	r.epoch = r.now;
	r.book.title_opt = r.title;
	r.book.cover = r.cover;

	LIBXML_TEST_VERSION
#ifdef __GLIBC__
	/*
	 * zlib allocates and clears about 300 KB per zip entry: keep that memory
	 * in the heap between entries instead of mapping fresh pages each time
	 * (a third of the time of a -d run of small books went to page faults).
	 */
	mallopt(M_MMAP_THRESHOLD, 4 * 1024 * 1024);
	mallopt(M_TRIM_THRESHOLD, 16 * 1024 * 1024);
#endif
	if (r.dir != NULL)
		run_batch(&r, argc, argv);
	else
		run_one(&r, argc, argv);

	te_book_free(&r.book);
	wq_buf_free(&r.zip);
	xmlCleanupParser();
	remember(&r, wq_close_stdout());
	return r.status;
}
