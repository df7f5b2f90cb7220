/*
 * tei2txt - the text of TEI documents as plain text.
 *
 * The title from the header comes first, then every block of <text> (head,
 * p, ab, list item, closer, ...) as a paragraph of its own, separated by
 * blank lines. Text inside a block is written as it is, line breaks and
 * all; list items keep their markers as written (the label txt2tei
 * stores, or @n with a separator when there is no label). The purpose is
 * to prove that txt2tei loses no word: `txt2tei | tei2txt` must give back
 * every word of the input, in order.
 *
 * Streaming with libxml2's xmlReader: memory is bounded by the largest
 * block, not by the document. Parsing is safe: no network, no DTD, no
 * entity substitution (an entity reference is reported as an error).
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlreader.h>

#include "wathiqa.h"
#include "t2t_text.h"

static void
usage(FILE *fp)
{
	fprintf(fp, "usage: %s [-o FILE] [FILE ...]\n"
	            "       %s --help | --version\n", wq_progname(), wq_progname());
}

/* The converter's messages: "prog: FILE:LINE:COL: message" on stderr. */
static void
on_msg(void *ud, const char *file, unsigned long line, unsigned long col,
       const char *fmt, va_list ap)
{
	(void)ud;
	wq_vwarnat(file, line, col, fmt, ap);
}

/* Convert one input ("-": stdin). Returns a WQ_EXIT_* value, or -1 when out of memory. */
static int
convert(struct t2t *c, const char *path)
{
	bool is_stdin = strcmp(path, "-") == 0;
	const char *name = is_stdin ? "stdin" : path;
	xmlTextReaderPtr rd;
	enum t2t_result res;
	int fd;

	t2t_begin(c, name);
	fd = is_stdin ? STDIN_FILENO : open(path, O_RDONLY);
	if (fd < 0) {
		wq_warn("%s", path);
		return WQ_EXIT_TROUBLE;
	}
	/* nothing is fetched, no entity expanded (see WQ_XML_SAFE_OPTIONS) */
	rd = xmlReaderForFd(fd, name, NULL, WQ_XML_SAFE_OPTIONS);
	if (!rd) {
		wq_warnat(name, 0, 0, "cannot start the XML reader");
		if (!is_stdin)
			close(fd);
		return WQ_EXIT_TROUBLE;
	}
	res = t2t_convert_reader(c, rd);
	xmlFreeTextReader(rd);
	if (!is_stdin)
		close(fd);
	switch (res) {
	case T2T_OK:
		return WQ_EXIT_OK;
	case T2T_INVALID:
		return WQ_EXIT_INVALID;
	default:
		errno = ENOMEM;
		wq_warn("%s", name);
		return -1;
	}
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "output", required_argument, NULL, 'o' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct t2t *conv;
	struct wq_atomicfile *af = NULL;
	FILE *out = stdout;
	const char *output = NULL;
	int c, status = WQ_EXIT_OK;

	wq_setprogname(argv[0]);
	while ((c = getopt_long(argc, argv, "o:", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			usage(stdout);
			return wq_close_stdout();
		case 'o':
			output = optarg;
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
	wq_xml_refuse_external();

	if (output) {
		af = wq_atomicfile_open(output, 0644);
		if (!af) {
			wq_warn("%s", output);
			return WQ_EXIT_TROUBLE;
		}
		out = wq_atomicfile_stream(af);
	}
	conv = t2t_new(out, NULL, on_msg, NULL);
	if (!conv) {
		wq_warn("%s", argc > 0 ? argv[0] : "stdin");
		if (af)
			wq_atomicfile_abort(af);
		return WQ_EXIT_TROUBLE;
	}
	xmlSetGenericErrorFunc(conv, t2t_generic_error);
	for (int i = 0; i < (argc > 0 ? argc : 1); i++) {
		int rc = convert(conv, argc > 0 ? argv[i] : "-");
		if (rc < 0) { /* out of memory: stop, never a partial output file */
			if (af)
				wq_atomicfile_abort(af);
			xmlSetGenericErrorFunc(NULL, NULL);
			t2t_free(conv);
			return WQ_EXIT_TROUBLE;
		}
		if (rc > status)
			status = rc;
	}
	xmlSetGenericErrorFunc(NULL, NULL);
	if (af) {
		if (status != WQ_EXIT_OK || t2t_write_error(conv) || ferror(out)) {
			if (status == WQ_EXIT_OK) {
				wq_warn("%s", output);
				status = WQ_EXIT_TROUBLE;
			}
			wq_atomicfile_abort(af); /* never a partial output file */
		} else if (wq_atomicfile_commit(af) != 0) {
			wq_warn("%s", output);
			status = WQ_EXIT_TROUBLE;
		}
	}
	t2t_free(conv);
	xmlCleanupParser();
	c = wq_close_stdout();
	return c > status ? c : status;
}
