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

static const char tei_ns[] = "http://www.tei-c.org/ns/1.0";

/* What an element means for the text. */
enum kind {
	K_INLINE,    /* anything else: its text joins the block around it */
	K_ROOT,      /* TEI, teiCorpus */
	K_HEADER,    /* teiHeader */
	K_TITLESTMT, /* titleStmt */
	K_TITLE,     /* title (the document's title when in titleStmt) */
	K_TEXT,      /* text */
	K_DIV,       /* structure: body, front, back, group, div, div1.., lg */
	K_BLOCK,     /* a paragraph of its own: head, p, ab, closer, ... */
	K_LINE,      /* a line in a closer or opener: signed, dateline, salute */
	K_LIST,      /* list */
	K_ITEM,      /* item */
	K_LABEL,     /* label: the marker inside an item, a block in a list */
	K_LB         /* lb */
};

/* TEI elements by what they mean here (others are inline). */
static const struct {
	const char *name;
	enum kind kind;
} kinds[] = {
	{ "TEI", K_ROOT }, { "teiCorpus", K_ROOT }, { "teiHeader", K_HEADER },
	{ "titleStmt", K_TITLESTMT }, { "title", K_TITLE }, { "text", K_TEXT },
	{ "body", K_DIV }, { "front", K_DIV }, { "back", K_DIV }, { "group", K_DIV },
	{ "div", K_DIV }, { "div1", K_DIV }, { "div2", K_DIV }, { "div3", K_DIV },
	{ "div4", K_DIV }, { "div5", K_DIV }, { "div6", K_DIV }, { "div7", K_DIV },
	{ "lg", K_DIV }, { "sp", K_DIV },
	{ "head", K_BLOCK }, { "p", K_BLOCK }, { "ab", K_BLOCK }, { "l", K_BLOCK },
	{ "closer", K_BLOCK }, { "opener", K_BLOCK }, { "trailer", K_BLOCK },
	{ "byline", K_BLOCK }, { "docTitle", K_BLOCK }, { "epigraph", K_BLOCK },
	{ "postscript", K_BLOCK }, { "argument", K_BLOCK }, { "stage", K_BLOCK },
	{ "signed", K_LINE }, { "dateline", K_LINE }, { "salute", K_LINE },
	{ "list", K_LIST }, { "item", K_ITEM }, { "label", K_LABEL }, { "lb", K_LB },
};

struct frame {
	enum kind kind;
	char *n;           /* item: @n (owned), or NULL */
	bool bulleted;     /* list: type="bulleted"; item: in such a list */
	bool seen_label;   /* item: a label child was met */
	bool marked;       /* item: its marker has been written */
	bool lines;        /* closer/opener: its signed/dateline are lines */
};

/* All the run's state (one output, many inputs). */
struct run {
	FILE *out;
	struct wq_atomicfile *af; /* -o: the output being written, or NULL */
	const char *file;        /* the input being read, for messages */
	bool failed;             /* this input had an error */
	bool any_block;          /* a block was written: the next needs a blank line */
	/* per document */
	struct frame *stack;
	size_t depth, cap;
	int in_header, in_text;
	struct wq_buf block;     /* the block being gathered */
	bool in_block;           /* block.data belongs to an open block element */
	bool pending_lb;
	struct wq_buf title;     /* the header's title */
	struct wq_buf cand;      /* a title being read */
	bool capturing, cand_main, have_title, title_main, title_pending;
	bool write_error;
};

static void
usage(FILE *fp)
{
	fprintf(fp, "usage: %s [-o FILE] [FILE ...]\n"
	            "       %s --help | --version\n", wq_progname(), wq_progname());
}

static void
on_reader_error(void *arg, xmlErrorPtr err)
{
	struct run *r = arg;
	char msg[512];

	snprintf(msg, sizeof msg, "%s", err->message ? err->message : "unknown error");
	wq_xml_oneline(msg);
	if (err->level == XML_ERR_WARNING) {
		wq_warnat(r->file, err->line > 0 ? (unsigned long)err->line : 0,
		          err->int2 > 0 ? (unsigned long)err->int2 : 0, "warning: %s", msg);
		return;
	}
	r->failed = true;
	wq_warnat(r->file, err->line > 0 ? (unsigned long)err->line : 0,
	          err->int2 > 0 ? (unsigned long)err->int2 : 0, "%s", msg);
}

/* libxml2's generic messages (a few, such as encoder errors, come only this way). */
static void
on_generic_error(void *arg, const char *fmt, ...)
{
	struct run *r = arg;
	char msg[512];
	va_list ap;
	size_t n;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	n = wq_xml_oneline(msg);
	if (n == 0)
		return;
	r->failed = true;
	wq_warnat(r->file, 0, 0, "%s", msg);
}

static void
oom(struct run *r)
{
	errno = ENOMEM;
	wq_warn("%s", r->file);
	if (r->af)
		wq_atomicfile_abort(r->af); /* never a partial output file */
	exit(WQ_EXIT_TROUBLE);
}

static void
put(struct run *r, const char *p, size_t n)
{
	if (n && fwrite(p, 1, n, r->out) != n)
		r->write_error = true;
}

static bool
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* s[0..n) without its leading and trailing ASCII white space. */
static const char *
trim(const char *s, size_t *n)
{
	while (*n > 0 && is_space(s[0])) {
		s++;
		(*n)--;
	}
	while (*n > 0 && is_space(s[*n - 1]))
		(*n)--;
	return s;
}

static void
write_block(struct run *r, const char *p, size_t n)
{
	if (r->any_block)
		put(r, "\n", 1);
	put(r, p, n);
	put(r, "\n", 1);
	r->any_block = true;
}

/* The title goes first, unless the first block repeats it (txt2tei's head). */
static void
write_title_before(struct run *r, const char *p, size_t n)
{
	size_t tn = r->title.len;
	const char *t = r->title.data ? trim(r->title.data, &tn) : "";
	static const char ellipsis[] = "\xe2\x80\xa6"; /* U+2026 */

	r->title_pending = false;
	if (tn == 0)
		return;
	if (p && n == tn && memcmp(p, t, n) == 0)
		return;
	/* txt2tei shortens a title line over 300 characters and keeps the line as a paragraph */
	if (p && tn > 3 && memcmp(t + tn - 3, ellipsis, 3) == 0 && n >= tn - 3 &&
	    memcmp(p, t, tn - 3) == 0)
		return;
	write_block(r, t, tn);
}

/* The innermost open item, or NULL. */
static struct frame *
open_item(struct run *r)
{
	for (size_t i = r->depth; i > 0; i--) {
		if (r->stack[i - 1].kind == K_ITEM)
			return &r->stack[i - 1];
		if (r->stack[i - 1].kind == K_LIST)
			return NULL;
	}
	return NULL;
}

/* Write the gathered text as a block (if it has any) and start afresh. */
static void
flush(struct run *r)
{
	size_t n = r->block.len;
	const char *p = r->block.data ? trim(r->block.data, &n) : "";
	struct frame *item = open_item(r);
	struct wq_buf marked = WQ_BUF_INIT;

	r->pending_lb = false;
	if (n == 0) {
		wq_buf_reset(&r->block);
		return;
	}
	/* an item with no label of its own: its number as written, then a separator */
	if (item && !item->marked && !item->seen_label && (item->n || item->bulleted)) {
		const char *m = item->n ? item->n : "-";
		size_t mn = strlen(m);
		bool sep = mn > 0 && strchr(".)-:]}", m[mn - 1]) != NULL;
		if (item->n && !sep)
			sep = mn >= 2 && (memcmp(m + mn - 2, "\xd8\x8c", 2) == 0 || /* ، */
			                  memcmp(m + mn - 2, "\xd8\x9b", 2) == 0);  /* ؛ */
		if (wq_buf_puts(&marked, m) < 0 || (!sep && wq_buf_putc(&marked, '.') < 0) ||
		    wq_buf_putc(&marked, ' ') < 0 || wq_buf_append(&marked, p, n) < 0)
			oom(r);
		p = marked.data;
		n = marked.len;
	}
	if (item)
		item->marked = true;
	if (r->title_pending)
		write_title_before(r, p, n);
	write_block(r, p, n);
	wq_buf_free(&marked);
	wq_buf_reset(&r->block);
}

static void
append_text(struct run *r, const char *s)
{
	size_t n = strlen(s);

	if (r->capturing) {
		if (wq_buf_append(&r->cand, s, n) < 0)
			oom(r);
		return;
	}
	if (r->in_text == 0)
		return;
	if (r->pending_lb) {
		/* <lb/> is a line break, unless the text already starts a new line */
		const char *q = s;
		while (*q == ' ' || *q == '\t')
			q++;
		if (*q != '\n' && *q != '\r' && wq_buf_putc(&r->block, '\n') < 0)
			oom(r);
		r->pending_lb = false;
	}
	if (wq_buf_append(&r->block, s, n) < 0)
		oom(r);
}

static enum kind
classify(xmlTextReaderPtr rd)
{
	const char *ns = (const char *)xmlTextReaderConstNamespaceUri(rd);
	const char *name = (const char *)xmlTextReaderConstLocalName(rd);

	if (!name || (ns && strcmp(ns, tei_ns) != 0))
		return K_INLINE;
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if (strcmp(name, kinds[i].name) == 0)
			return kinds[i].kind;
	return K_INLINE;
}

/* The line of the reader's current node. */
static unsigned long
node_line(xmlTextReaderPtr rd)
{
	xmlNodePtr n = xmlTextReaderCurrentNode(rd);
	long l = n ? xmlGetLineNo(n) : -1;
	return l > 0 ? (unsigned long)l : (unsigned long)xmlTextReaderGetParserLineNumber(rd);
}

static bool
attr_is(xmlTextReaderPtr rd, const char *name, const char *value)
{
	xmlChar *v = xmlTextReaderGetAttribute(rd, BAD_CAST name);
	bool yes = v && strcmp((const char *)v, value) == 0;
	xmlFree(v);
	return yes;
}

static void start_element(struct run *r, xmlTextReaderPtr rd);
static void end_element(struct run *r);

static void
start_element(struct run *r, xmlTextReaderPtr rd)
{
	enum kind k = classify(rd);
	struct frame *parent = r->depth ? &r->stack[r->depth - 1] : NULL;
	struct frame f = { k, NULL, false, false, false, false };

	if (r->depth == 0 && k != K_ROOT) {
		wq_warnat(r->file, node_line(rd), 0,
		          "not a TEI document: the root element is <%s>",
		          (const char *)xmlTextReaderConstName(rd));
		r->failed = true;
	}
	if (r->depth == r->cap) {
		size_t cap = r->cap ? 2 * r->cap : 32;
		struct frame *s = realloc(r->stack, cap * sizeof *s);
		if (!s)
			oom(r);
		r->stack = s;
		r->cap = cap;
	}
	/* inside the header only the title matters */
	if (r->in_header && k != K_HEADER && k != K_TITLESTMT && k != K_TITLE)
		f.kind = k = K_INLINE;
	/* inside text, a title is ordinary inline content */
	if (k == K_TITLE && !(r->in_header && parent && parent->kind == K_TITLESTMT))
		f.kind = k = K_INLINE;
	if (r->in_text == 0 && (k == K_DIV || k == K_BLOCK || k == K_LINE || k == K_LIST ||
	                        k == K_ITEM || k == K_LABEL || k == K_LB))
		f.kind = k = K_INLINE; /* outside <text> (front matter of a corpus, ...) */

	switch (k) {
	case K_ROOT:
		if (r->depth == 0 || (parent && parent->kind == K_ROOT)) {
			/* a new document: its own title */
			wq_buf_reset(&r->title);
			r->have_title = r->title_main = false;
		}
		break;
	case K_HEADER:
		r->in_header++;
		break;
	case K_TITLE:
		if (!r->capturing && (!r->have_title || !r->title_main)) {
			r->capturing = true;
			r->cand_main = attr_is(rd, "type", "main");
			wq_buf_reset(&r->cand);
		} else {
			f.kind = K_INLINE;
		}
		break;
	case K_TEXT:
		if (r->in_text++ == 0 && r->have_title)
			r->title_pending = true;
		flush(r);
		break;
	case K_DIV:
	case K_BLOCK:
	case K_LIST:
		flush(r);
		if (k == K_LIST)
			f.bulleted = attr_is(rd, "type", "bulleted");
		if (k == K_BLOCK)
			f.lines = true; /* closer, opener: signed and dateline are its lines */
		break;
	case K_ITEM:
		flush(r);
		f.bulleted = parent && parent->kind == K_LIST && parent->bulleted;
		{
			xmlChar *n = xmlTextReaderGetAttribute(rd, BAD_CAST "n");
			if (n) {
				f.n = strdup((const char *)n);
				xmlFree(n);
				if (!f.n)
					oom(r);
			}
		}
		break;
	case K_LINE:
		if (parent && parent->kind == K_BLOCK && parent->lines) {
			/* a new line: the white space before it was only indentation */
			while (r->block.len > 0 && is_space(r->block.data[r->block.len - 1]))
				r->block.data[--r->block.len] = '\0';
			if (r->block.len > 0 && wq_buf_putc(&r->block, '\n') < 0)
				oom(r);
		} else {
			flush(r); /* a signed outside a closer: a block of its own */
		}
		break;
	case K_LABEL:
		if (parent && parent->kind == K_ITEM)
			parent->seen_label = true;
		else if (parent && parent->kind == K_LIST)
			flush(r); /* a glossary label: a block */
		else
			f.kind = K_INLINE;
		break;
	case K_LB:
		r->pending_lb = true;
		break;
	default:
		break;
	}
	r->stack[r->depth++] = f;
}

static void
end_element(struct run *r)
{
	struct frame *f;

	if (r->depth == 0)
		return;
	f = &r->stack[r->depth - 1];
	switch (f->kind) {
	case K_HEADER:
		r->in_header--;
		break;
	case K_TITLE:
		if (r->capturing) {
			r->capturing = false;
			if (!r->have_title || (!r->title_main && r->cand_main)) {
				wq_buf_reset(&r->title);
				if (r->cand.len && wq_buf_append(&r->title, r->cand.data, r->cand.len) < 0)
					oom(r);
				r->have_title = true;
				r->title_main = r->cand_main;
			}
		}
		break;
	case K_TEXT:
		flush(r);
		if (--r->in_text == 0 && r->title_pending)
			write_title_before(r, NULL, 0); /* a text with no block at all */
		break;
	case K_DIV:
	case K_BLOCK:
	case K_LIST:
	case K_ITEM:
		flush(r);
		break;
	case K_LABEL:
		if (r->depth >= 2 && r->stack[r->depth - 2].kind == K_LIST)
			flush(r);
		break;
	case K_LINE:
		if (!(r->depth >= 2 && r->stack[r->depth - 2].kind == K_BLOCK &&
		      r->stack[r->depth - 2].lines))
			flush(r);
		break;
	default:
		break;
	}
	free(f->n);
	r->depth--;
}

/* Convert one input ("-": stdin). Returns a WQ_EXIT_* value. */
static int
convert(struct run *r, const char *path)
{
	bool is_stdin = strcmp(path, "-") == 0;
	const char *name = is_stdin ? "stdin" : path;
	xmlTextReaderPtr rd;
	int fd, rc;

	r->file = name;
	r->failed = false;
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
	xmlTextReaderSetStructuredErrorHandler(rd, on_reader_error, r);
	r->depth = 0;
	r->in_header = r->in_text = 0;
	r->capturing = r->title_pending = r->have_title = r->title_main = false;
	r->pending_lb = false;
	wq_buf_reset(&r->block);
	while ((rc = xmlTextReaderRead(rd)) == 1 && !r->failed) {
		switch (xmlTextReaderNodeType(rd)) {
		case XML_READER_TYPE_ELEMENT:
			start_element(r, rd);
			if (xmlTextReaderIsEmptyElement(rd))
				end_element(r);
			break;
		case XML_READER_TYPE_END_ELEMENT:
			end_element(r);
			break;
		case XML_READER_TYPE_TEXT:
		case XML_READER_TYPE_CDATA:
		case XML_READER_TYPE_WHITESPACE:
		case XML_READER_TYPE_SIGNIFICANT_WHITESPACE: {
			const char *v = (const char *)xmlTextReaderConstValue(rd);
			if (v)
				append_text(r, v);
			break;
		}
		case XML_READER_TYPE_ENTITY_REFERENCE:
			wq_warnat(name, node_line(rd), 0,
			          "entity reference &%s; not expanded (tei2txt expands no entities)",
			          (const char *)xmlTextReaderConstName(rd));
			r->failed = true;
			break;
		default:
			break;
		}
	}
	if (rc < 0)
		r->failed = true;
	while (r->depth > 0) { /* after an error: drop what is open */
		free(r->stack[r->depth - 1].n);
		r->depth--;
	}
	xmlFreeTextReader(rd);
	if (!is_stdin)
		close(fd);
	return r->failed ? WQ_EXIT_INVALID : WQ_EXIT_OK;
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
	struct run r;
	struct wq_atomicfile *af = NULL;
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
	memset(&r, 0, sizeof r);
	xmlSetGenericErrorFunc(&r, on_generic_error);
	wq_xml_refuse_external();

	r.out = stdout;
	if (output) {
		af = wq_atomicfile_open(output, 0644);
		if (!af) {
			wq_warn("%s", output);
			return WQ_EXIT_TROUBLE;
		}
		r.out = wq_atomicfile_stream(af);
		r.af = af;
	}
	if (argc == 0) {
		status = convert(&r, "-");
	} else {
		for (int i = 0; i < argc; i++) {
			int rc = convert(&r, argv[i]);
			if (rc > status)
				status = rc;
		}
	}
	wq_buf_free(&r.block);
	wq_buf_free(&r.title);
	wq_buf_free(&r.cand);
	free(r.stack);
	xmlCleanupParser();

	if (af) {
		if (status != WQ_EXIT_OK || r.write_error || ferror(r.out)) {
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
	c = wq_close_stdout();
	return c > status ? c : status;
}
