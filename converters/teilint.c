/*
 * teilint - check TEI documents: well-formed, valid against our TEI subset
 * (schema/wathiqa.rng, compiled in) or another RELAX NG schema, and the
 * rules RELAX NG cannot express (unique xml:id, BCP 47 xml:lang, ISO 8601
 * @when, same-document pointers). The work is in tl_lint.c; this file
 * reads the options and the files and prints what the engine reports.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/xmlerror.h>

#include "tl_lint.h"
#include "wathiqa.h"

/* build/gen/wathiqa_rng.c, made from schema/wathiqa.rng */
extern const unsigned char wathiqa_rng[];
extern const size_t wathiqa_rng_len;

/* All the run's state. */
struct run {
	const char *file;   /* the document (or schema) being read, for messages */
	bool quiet;         /* -q: no messages about documents, only the exit status */
	bool stray;         /* a libxml2 error outside the engine's handlers */
};

static void
usage(FILE *fp)
{
	fprintf(fp, "usage: %s [--schema FILE.rng] [-q] [FILE ...]\n"
	            "       %s --help | --version\n", wq_progname(), wq_progname());
}

static void
on_diag(void *ud, const struct tl_diag *d)
{
	struct run *r = ud;

	if (r->quiet)
		return;
	if (d->severity == TL_WARNING)
		wq_warnat(r->file, d->line, d->col, "warning: %s: %s", d->id, d->msg);
	else
		wq_warnat(r->file, d->line, d->col, "%s: %s", d->id, d->msg);
}

/* libxml2 errors raised outside a parser or validator context (I/O, memory). */
static void
on_stray_error(void *ud, xmlErrorPtr err)
{
	struct run *r = ud;
	char msg[512];
	size_t n;

	if (err->level == XML_ERR_WARNING)
		return;
	r->stray = true;
	if (r->quiet)
		return;
	snprintf(msg, sizeof msg, "%s", err->message ? err->message : "unknown error");
	n = strlen(msg);
	while (n > 0 && msg[n - 1] == '\n')
		msg[--n] = '\0';
	for (char *q = msg; *q; q++) /* one message, one line */
		if (*q == '\n' || *q == '\r')
			*q = ' ';
	wq_warnat(r->file, err->line > 0 ? (unsigned long)err->line : 0, 0, "TL-XML: %s", msg);
}

/* libxml2's generic messages (a few, such as encoder errors, come only this way). */
static void
on_generic_error(void *ud, const char *fmt, ...)
{
	struct run *r = ud;
	char msg[512];
	va_list ap;
	size_t n;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	n = wq_xml_oneline(msg);
	if (n == 0 || r->quiet)
		return;
	wq_warnat(r->file, 0, 0, "TL-XML: %s", msg);
}

/* Check one file ("-": stdin). Returns a WQ_EXIT_* value. */
static int
lint_file(struct tl_linter *lt, struct run *r, const char *path)
{
	bool is_stdin = strcmp(path, "-") == 0;
	const char *name = is_stdin ? "stdin" : path;
	struct tl_session *s;
	char buf[65536];
	int fd, rc = WQ_EXIT_OK;
	enum tl_result res;

	r->file = name;
	r->stray = false;
	fd = is_stdin ? STDIN_FILENO : open(path, O_RDONLY);
	if (fd < 0) {
		wq_warn("%s", path);
		return WQ_EXIT_TROUBLE;
	}
	s = tl_session_new(lt, name, on_diag, r);
	if (!s) {
		wq_warn("%s", name);
		rc = WQ_EXIT_TROUBLE;
		goto out;
	}
	for (;;) {
		ssize_t n = read(fd, buf, sizeof buf);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			wq_warn("%s", name);
			rc = WQ_EXIT_TROUBLE;
			break;
		}
		if (n == 0 || tl_session_feed(s, buf, (size_t)n) < 0)
			break; /* end of file, or the parser gave up (already reported) */
	}
	res = tl_session_end(s);
	if (rc == WQ_EXIT_OK) {
		if (res == TL_TROUBLE) {
			wq_warnat(name, 0, 0, "out of memory or internal error");
			rc = WQ_EXIT_TROUBLE;
		} else if (res == TL_INVALID || r->stray) {
			rc = WQ_EXIT_INVALID;
		}
	}
out:
	if (!is_stdin)
		close(fd);
	return rc;
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "schema", required_argument, NULL, 's' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct run r = { NULL, false, false };
	const char *schema = NULL;
	struct tl_linter *lt;
	int c, status = WQ_EXIT_OK;

	wq_setprogname(argv[0]);
	while ((c = getopt_long(argc, argv, "q", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			usage(stdout);
			return wq_close_stdout();
		case 'q':
			r.quiet = true;
			break;
		case 's':
			schema = optarg;
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

	LIBXML_TEST_VERSION
	xmlSetStructuredErrorFunc(&r, on_stray_error);
	xmlSetGenericErrorFunc(&r, on_generic_error);

	/* The schema, compiled once for every document. */
	{
		struct run sr = { schema ? schema : "wathiqa.rng", false, false };
		lt = schema ? tl_linter_new_file(schema, on_diag, &sr)
		            : tl_linter_new_mem(wathiqa_rng, wathiqa_rng_len, on_diag, &sr);
		if (!lt) {
			wq_warnx("%s: cannot compile the RELAX NG schema", sr.file);
			xmlCleanupParser();
			return WQ_EXIT_TROUBLE;
		}
	}
	/* From here on nothing is read but the documents themselves: no DTD, no external entity. */
	wq_xml_refuse_external();

	if (argc == 0) {
		status = lint_file(lt, &r, "-");
	} else {
		for (int i = 0; i < argc; i++) {
			int rc = lint_file(lt, &r, argv[i]);
			if (rc > status)
				status = rc;
		}
	}
	tl_linter_free(lt);
	xmlCleanupParser();
	c = wq_close_stdout();
	return c > status ? c : status;
}
