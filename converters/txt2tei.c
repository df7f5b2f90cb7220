/*
 * txt2tei - convert raw statement text to TEI P5.
 *
 * main() reads top to bottom: options, one check of their combination,
 * then one conversion per input (tt_conv.c does the work), exit status
 * from the worst result.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/parser.h>

#include "tt_conv.h"
#include "wathiqa.h"

struct run {
	struct tt_opts opts;
	struct tt_conv *conv; /* working memory shared by the inputs */
	struct wq_batch *batch; /* -d */
	const char *outfile; /* -o */
	const char *outdir;  /* -d */
	bool quiet;          /* -q */
	int status;          /* worst exit status so far */
};

static void
usage(FILE *fp)
{
	fprintf(fp,
	    "usage: txt2tei [-q] [--author TEXT] [--publisher TEXT] [--retrieved DATE]\n"
	    "               [--source-url URL] [-o FILE | -d DIR] [FILE ...]\n"
	    "       txt2tei --help | --version\n");
}

static void
set_status(struct run *r, int st)
{
	if (st > r->status)
		r->status = st;
}

/* An output of -d that could not be committed. */
static void
batch_failed(void *ctx, const char *path, int err)
{
	errno = err;
	wq_warn("%s", path);
	set_status(ctx, WQ_EXIT_TROUBLE);
}

/* Warnings from the converter, "txt2tei: FILE:LINE:COL: warning: ..." */
struct warnctx {
	const char *name;
};

static void
print_warning(void *ctx, unsigned long line, unsigned long col, const char *msg)
{
	const struct warnctx *w = ctx;

	wq_warnat(w->name, line, col, "%s", msg);
}

/* YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDThh:mm:ss(Z|+hh:mm|-hh:mm). */
static bool
iso_date_ok(const char *s)
{
	static const char *const shapes[] = {
		"dddd", "dddd-dd", "dddd-dd-dd", "dddd-dd-ddTdd:dd:ddZ",
		"dddd-dd-ddTdd:dd:dd+dd:dd", "dddd-dd-ddTdd:dd:dd-dd:dd",
	};
	size_t i, k, len = strlen(s);
	int month, day, year;

	for (i = 0; i < sizeof shapes / sizeof shapes[0]; i++) {
		const char *p = shapes[i];
		if (strlen(p) != len)
			continue;
		for (k = 0; k < len; k++) {
			if (p[k] == 'd' ? (s[k] < '0' || s[k] > '9') : s[k] != p[k])
				break;
		}
		if (k != len)
			continue;
		year = atoi(s);
		if (year < 1)
			return false;
		if (len >= 7) {
			month = (s[5] - '0') * 10 + (s[6] - '0');
			if (month < 1 || month > 12)
				return false;
		}
		if (len >= 10) {
			static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
			day = (s[8] - '0') * 10 + (s[9] - '0');
			if (day < 1 || day > mdays[month - 1])
				return false;
			if (month == 2 && day == 29 &&
			    !((year % 4 == 0 && year % 100 != 0) || year % 400 == 0))
				return false;
		}
		if (len > 10) {
			if ((s[11] - '0') * 10 + (s[12] - '0') > 23 ||
			    (s[14] - '0') * 10 + (s[15] - '0') > 59 ||
			    (s[17] - '0') * 10 + (s[18] - '0') > 59)
				return false;
		}
		return true;
	}
	return false;
}

/* Option text must be UTF-8 that XML allows. */
static bool
text_ok(const char *s)
{
	return wq_utf8_check_xml((const unsigned char *)s, strlen(s), NULL, NULL) == WQ_UTF8_OK;
}

static bool
url_ok(const char *s)
{
	const unsigned char *p;

	if (*s == '\0' || !text_ok(s))
		return false;
	for (p = (const unsigned char *)s; *p; p++)
		if (*p <= 0x20 || *p == 0x7F || *p == '<' || *p == '>' || *p == '"')
			return false;
	return true;
}

/* Convert one input; never exits. */
static void
convert_one(struct run *r, const char *input)
{
	bool is_stdin = strcmp(input, "-") == 0;
	const char *name = is_stdin ? "<stdin>" : input;
	FILE *in = NULL, *out = stdout;
	struct wq_atomicfile *af = NULL;
	char *outpath = NULL;
	struct tt_fail fl;
	struct warnctx wc = { name };
	struct tt_opts opts = r->opts;
	enum tt_status st;

	if (is_stdin) {
		in = stdin;
	} else {
		struct stat sb;
		in = fopen(input, "rb");
		if (in == NULL) {
			wq_warnat(name, 0, 0, "cannot open: %s", strerror(errno));
			set_status(r, WQ_EXIT_INVALID);
			return;
		}
		if (fstat(fileno(in), &sb) == 0 && S_ISDIR(sb.st_mode)) {
			wq_warnat(name, 0, 0, "cannot read: %s", strerror(EISDIR));
			set_status(r, WQ_EXIT_INVALID);
			fclose(in);
			return;
		}
	}
	if (r->outdir != NULL) {
		outpath = wq_output_name(r->outdir, input, "xml");
		if (outpath == NULL || (out = wq_batch_open(r->batch, outpath)) == NULL) {
			if (outpath != NULL && errno == EEXIST)
				wq_warnat(name, 0, 0, "not converted: %s was already written from another input "
				          "with the same name", outpath);
			else
				wq_warn("%s", outpath != NULL ? outpath : name);
			set_status(r, WQ_EXIT_TROUBLE);
			goto out;
		}
	} else if (r->outfile != NULL) {
		outpath = strdup(r->outfile);
		if (outpath == NULL) {
			wq_warn("%s", name);
			set_status(r, WQ_EXIT_TROUBLE);
			goto out;
		}
		af = wq_atomicfile_open(outpath, 0644);
		if (af == NULL) {
			wq_warn("%s", outpath);
			set_status(r, WQ_EXIT_TROUBLE);
			goto out;
		}
		out = wq_atomicfile_stream(af);
	}
	opts.warn = r->quiet ? NULL : print_warning;
	opts.warnctx = &wc;
	st = tt_convert(r->conv, in, is_stdin ? NULL : input, &opts, out, &fl);
	if (st != TT_OK) {
		wq_warnat(name, fl.line, fl.col, "%s", fl.msg);
		set_status(r, st == TT_INVALID ? WQ_EXIT_INVALID : WQ_EXIT_TROUBLE);
		if (af != NULL)
			wq_atomicfile_abort(af);
		af = NULL;
		if (r->outdir != NULL)
			wq_batch_discard(r->batch, out);
		goto out;
	}
	if (r->outdir != NULL) {
		if (wq_batch_keep(r->batch, out) != 0) {
			wq_warn("%s", outpath);
			set_status(r, WQ_EXIT_TROUBLE);
			goto out;
		}
	} else if (af != NULL) {
		if (wq_atomicfile_commit(af) != 0) {
			wq_warn("%s", outpath);
			set_status(r, WQ_EXIT_TROUBLE);
		}
		af = NULL;
	} else if (fflush(stdout) != 0) {
		wq_warn("stdout");
		set_status(r, WQ_EXIT_TROUBLE);
	}
out:
	if (in != NULL && !is_stdin)
		fclose(in);
	free(outpath);
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "author", required_argument, NULL, 'A' },
		{ "dir", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ "output", required_argument, NULL, 'o' },
		{ "publisher", required_argument, NULL, 'P' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "retrieved", required_argument, NULL, 'R' },
		{ "source-url", required_argument, NULL, 'U' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct run r;
	int c, i, rc;

	wq_setprogname(argv[0]);
	memset(&r, 0, sizeof r);
	r.opts.version = WQ_VERSION;
	r.opts.max_warnings = 100;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":d:ho:q", longopts, NULL)) != -1) {
		switch (c) {
		case 'A':
			r.opts.author = optarg;
			break;
		case 'd':
			r.outdir = optarg;
			break;
		case 'h':
			usage(stdout);
			return wq_close_stdout();
		case 'o':
			r.outfile = optarg;
			break;
		case 'P':
			r.opts.publisher = optarg;
			break;
		case 'q':
			r.quiet = true;
			break;
		case 'R':
			r.opts.retrieved = optarg;
			break;
		case 'U':
			r.opts.source_url = optarg;
			break;
		case 'V':
			wq_print_version();
			return wq_close_stdout();
		case ':':
			wq_warnx("option '%s' needs an argument", argv[optind - 1]);
			usage(stderr);
			return WQ_EXIT_TROUBLE;
		default:
			if (optopt != 0)
				wq_warnx("unknown option '-%c'", optopt);
			else
				wq_warnx("unknown option '%s'", argv[optind - 1]);
			usage(stderr);
			return WQ_EXIT_TROUBLE;
		}
	}
	argc -= optind;
	argv += optind;

	if (r.outfile != NULL && r.outdir != NULL)
		wq_die(WQ_EXIT_TROUBLE, "-o and -d cannot be used together");
	if (argc > 1 && r.outdir == NULL)
		wq_die(WQ_EXIT_TROUBLE, "several inputs need -d DIR");
	if (r.opts.retrieved != NULL && !iso_date_ok(r.opts.retrieved))
		wq_die(WQ_EXIT_TROUBLE, "--retrieved: '%s' is not an ISO 8601 date (YYYY-MM-DD)",
		       r.opts.retrieved);
	if (r.opts.source_url != NULL && !url_ok(r.opts.source_url))
		wq_die(WQ_EXIT_TROUBLE, "--source-url: '%s' is not a URL", r.opts.source_url);
	if ((r.opts.author != NULL && (!text_ok(r.opts.author) || *r.opts.author == '\0')) ||
	    (r.opts.publisher != NULL && (!text_ok(r.opts.publisher) || *r.opts.publisher == '\0')))
		wq_die(WQ_EXIT_TROUBLE, "--author and --publisher need non-empty UTF-8 text");
	if (wq_now(&r.opts.now) != 0)
		wq_die(WQ_EXIT_TROUBLE, "SOURCE_DATE_EPOCH is not a valid number of seconds");
	if (r.outdir != NULL &&
	    (r.batch = wq_batch_new(r.outdir, batch_failed, &r)) == NULL)
		wq_die(WQ_EXIT_TROUBLE, "%s: %s", r.outdir, strerror(errno));

	LIBXML_TEST_VERSION
	if ((r.conv = tt_conv_new()) == NULL)
		wq_die(WQ_EXIT_TROUBLE, "%s", strerror(errno));
	if (argc == 0) {
		convert_one(&r, "-");
	} else {
		for (i = 0; i < argc; i++)
			convert_one(&r, argv[i]);
	}
	wq_batch_free(r.batch);
	tt_conv_free(r.conv);
	xmlCleanupParser();
	rc = wq_close_stdout();
	set_status(&r, rc);
	return r.status;
}
