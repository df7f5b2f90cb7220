/*
 * t2t_text.c - tei2txt's engine: the text of TEI documents as plain text.
 *
 * The title from the header comes first, then every block of <text> (head,
 * p, ab, list item, closer, ...) as a paragraph of its own, separated by
 * blank lines. Text inside a block is written as it is, line breaks and
 * all; list items keep their markers as written (the label txt2tei
 * stores, or @n with a separator when there is no label).
 *
 * Streaming with libxml2's xmlReader: memory is bounded by the largest
 * block, not by the document. An entity reference is reported as an error.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlreader.h>

#include "wathiqa.h"
#include "t2t_text.h"

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

/* A converter: one output, many inputs. */
struct t2t {
	FILE *out;               /* the output stream, or NULL: */
	struct wq_buf *outbuf;   /* the output buffer */
	t2t_msg_fn *msg;
	void *ud;
	const char *file;        /* the input being read, for messages */
	bool failed;             /* this input had an error */
	bool nomem;              /* out of memory: stop, write nothing more */
	bool any_block;          /* a block was written: the next needs a blank line */
	bool write_error;
	/* per document */
	struct frame *stack;
	size_t depth, cap;
	int in_header, in_text;
	struct wq_buf block;     /* the block being gathered */
	bool pending_lb;
	struct wq_buf title;     /* the header's title */
	struct wq_buf cand;      /* a title being read */
	bool capturing, cand_main, have_title, title_main, title_pending;
};

static void say(struct t2t *c, unsigned long line, unsigned long col,
                const char *fmt, ...) WQ_PRINTF(4, 5);

static void
say(struct t2t *c, unsigned long line, unsigned long col, const char *fmt, ...)
{
	va_list ap;

	if (!c->msg)
		return;
	va_start(ap, fmt);
	c->msg(c->ud, c->file, line, col, fmt, ap);
	va_end(ap);
}

struct t2t *
t2t_new(FILE *fp, struct wq_buf *buf, t2t_msg_fn *msg, void *ud)
{
	struct t2t *c = calloc(1, sizeof *c);

	if (!c)
		return NULL;
	c->out = fp;
	c->outbuf = fp ? NULL : buf;
	c->msg = msg;
	c->ud = ud;
	return c;
}

void
t2t_free(struct t2t *c)
{
	if (!c)
		return;
	while (c->depth > 0) {
		free(c->stack[c->depth - 1].n);
		c->depth--;
	}
	free(c->stack);
	wq_buf_free(&c->block);
	wq_buf_free(&c->title);
	wq_buf_free(&c->cand);
	free(c);
}

bool
t2t_write_error(const struct t2t *c)
{
	return c->write_error;
}

void
t2t_begin(struct t2t *c, const char *name)
{
	c->file = name;
	c->failed = false;
}

#if LIBXML_VERSION >= 21200
static void
on_reader_error(void *arg, const xmlError *err)
#else
static void
on_reader_error(void *arg, xmlErrorPtr err)
#endif
{
	struct t2t *c = arg;
	char msg[512];

	snprintf(msg, sizeof msg, "%s", err->message ? err->message : "unknown error");
	wq_xml_oneline(msg);
	if (err->level == XML_ERR_WARNING) {
		say(c, err->line > 0 ? (unsigned long)err->line : 0,
		    err->int2 > 0 ? (unsigned long)err->int2 : 0, "warning: %s", msg);
		return;
	}
	c->failed = true;
	say(c, err->line > 0 ? (unsigned long)err->line : 0,
	    err->int2 > 0 ? (unsigned long)err->int2 : 0, "%s", msg);
}

/* libxml2's generic messages (a few, such as encoder errors, come only this way). */
void
t2t_generic_error(void *arg, const char *fmt, ...)
{
	struct t2t *c = arg;
	char msg[512];
	va_list ap;
	size_t n;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	n = wq_xml_oneline(msg);
	if (n == 0 || !c)
		return;
	c->failed = true;
	say(c, 0, 0, "%s", msg);
}

static void
put(struct t2t *c, const char *p, size_t n)
{
	if (n == 0 || c->nomem)
		return;
	if (c->out) {
		if (fwrite(p, 1, n, c->out) != n)
			c->write_error = true;
	} else if (wq_buf_append(c->outbuf, p, n) < 0) {
		c->nomem = true;
	}
}

static bool
is_space(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r';
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
write_block(struct t2t *c, const char *p, size_t n)
{
	if (c->any_block)
		put(c, "\n", 1);
	put(c, p, n);
	put(c, "\n", 1);
	c->any_block = true;
}

/* The title goes first, unless the first block repeats it (txt2tei's head). */
static void
write_title_before(struct t2t *c, const char *p, size_t n)
{
	size_t tn = c->title.len;
	const char *t = c->title.data ? trim(c->title.data, &tn) : "";
	static const char ellipsis[] = "\xe2\x80\xa6"; /* U+2026 */

	c->title_pending = false;
	if (tn == 0)
		return;
	if (p && n == tn && memcmp(p, t, n) == 0)
		return;
	/* txt2tei shortens a title line over 300 characters and keeps the line as a paragraph */
	if (p && tn > 3 && memcmp(t + tn - 3, ellipsis, 3) == 0 && n >= tn - 3 &&
	    memcmp(p, t, tn - 3) == 0)
		return;
	write_block(c, t, tn);
}

/* The innermost open item, or NULL. */
static struct frame *
open_item(struct t2t *c)
{
	for (size_t i = c->depth; i > 0; i--) {
		if (c->stack[i - 1].kind == K_ITEM)
			return &c->stack[i - 1];
		if (c->stack[i - 1].kind == K_LIST)
			return NULL;
	}
	return NULL;
}

/* Write the gathered text as a block (if it has any) and start afresh. */
static void
flush(struct t2t *c)
{
	size_t n = c->block.len;
	const char *p = c->block.data ? trim(c->block.data, &n) : "";
	struct frame *item = open_item(c);
	struct wq_buf marked = WQ_BUF_INIT;

	c->pending_lb = false;
	if (n == 0) {
		wq_buf_reset(&c->block);
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
		    wq_buf_putc(&marked, ' ') < 0 || wq_buf_append(&marked, p, n) < 0) {
			c->nomem = true;
			wq_buf_free(&marked);
			return;
		}
		p = marked.data;
		n = marked.len;
	}
	if (item)
		item->marked = true;
	if (c->title_pending)
		write_title_before(c, p, n);
	write_block(c, p, n);
	wq_buf_free(&marked);
	wq_buf_reset(&c->block);
}

static void
append_text(struct t2t *c, const char *s)
{
	size_t n = strlen(s);

	if (c->capturing) {
		if (wq_buf_append(&c->cand, s, n) < 0)
			c->nomem = true;
		return;
	}
	if (c->in_text == 0)
		return;
	if (c->pending_lb) {
		/* <lb/> is a line break, unless the text already starts a new line */
		const char *q = s;
		while (*q == ' ' || *q == '\t')
			q++;
		if (*q != '\n' && *q != '\r' && wq_buf_putc(&c->block, '\n') < 0) {
			c->nomem = true;
			return;
		}
		c->pending_lb = false;
	}
	if (wq_buf_append(&c->block, s, n) < 0)
		c->nomem = true;
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

/* Open an element; false (nothing pushed) when out of memory. */
static bool
start_element(struct t2t *c, xmlTextReaderPtr rd)
{
	enum kind k = classify(rd);
	struct frame *parent;
	struct frame f = { k, NULL, false, false, false, false };

	if (c->depth == 0 && k != K_ROOT) {
		say(c, node_line(rd), 0, "not a TEI document: the root element is <%s>",
		    (const char *)xmlTextReaderConstName(rd));
		c->failed = true;
	}
	if (c->depth == c->cap) {
		size_t cap = c->cap ? 2 * c->cap : 32;
		struct frame *s = realloc(c->stack, cap * sizeof *s);
		if (!s) {
			c->nomem = true;
			return false;
		}
		c->stack = s;
		c->cap = cap;
	}
	parent = c->depth ? &c->stack[c->depth - 1] : NULL;
	/* inside the header only the title matters */
	if (c->in_header && k != K_HEADER && k != K_TITLESTMT && k != K_TITLE)
		f.kind = k = K_INLINE;
	/* inside text, a title is ordinary inline content */
	if (k == K_TITLE && !(c->in_header && parent && parent->kind == K_TITLESTMT))
		f.kind = k = K_INLINE;
	if (c->in_text == 0 && (k == K_DIV || k == K_BLOCK || k == K_LINE || k == K_LIST ||
	                        k == K_ITEM || k == K_LABEL || k == K_LB))
		f.kind = k = K_INLINE; /* outside <text> (front matter of a corpus, ...) */

	switch (k) {
	case K_ROOT:
		if (c->depth == 0 || (parent && parent->kind == K_ROOT)) {
			/* a new document: its own title */
			wq_buf_reset(&c->title);
			c->have_title = c->title_main = false;
		}
		break;
	case K_HEADER:
		c->in_header++;
		break;
	case K_TITLE:
		if (!c->capturing && (!c->have_title || !c->title_main)) {
			c->capturing = true;
			c->cand_main = attr_is(rd, "type", "main");
			wq_buf_reset(&c->cand);
		} else {
			f.kind = K_INLINE;
		}
		break;
	case K_TEXT:
		if (c->in_text++ == 0 && c->have_title)
			c->title_pending = true;
		flush(c);
		break;
	case K_DIV:
	case K_BLOCK:
	case K_LIST:
		flush(c);
		if (k == K_LIST)
			f.bulleted = attr_is(rd, "type", "bulleted");
		if (k == K_BLOCK)
			f.lines = true; /* closer, opener: signed and dateline are its lines */
		break;
	case K_ITEM:
		flush(c);
		f.bulleted = parent && parent->kind == K_LIST && parent->bulleted;
		{
			xmlChar *n = xmlTextReaderGetAttribute(rd, BAD_CAST "n");
			if (n) {
				f.n = strdup((const char *)n);
				xmlFree(n);
				if (!f.n)
					c->nomem = true;
			}
		}
		break;
	case K_LINE:
		if (parent && parent->kind == K_BLOCK && parent->lines) {
			/* a new line: the white space before it was only indentation */
			while (c->block.len > 0 && is_space(c->block.data[c->block.len - 1]))
				c->block.data[--c->block.len] = '\0';
			if (c->block.len > 0 && wq_buf_putc(&c->block, '\n') < 0)
				c->nomem = true;
		} else {
			flush(c); /* a signed outside a closer: a block of its own */
		}
		break;
	case K_LABEL:
		if (parent && parent->kind == K_ITEM)
			parent->seen_label = true;
		else if (parent && parent->kind == K_LIST)
			flush(c); /* a glossary label: a block */
		else
			f.kind = K_INLINE;
		break;
	case K_LB:
		c->pending_lb = true;
		break;
	default:
		break;
	}
	c->stack[c->depth++] = f;
	return true;
}

static void
end_element(struct t2t *c)
{
	struct frame *f;

	if (c->depth == 0)
		return;
	f = &c->stack[c->depth - 1];
	switch (f->kind) {
	case K_HEADER:
		c->in_header--;
		break;
	case K_TITLE:
		if (c->capturing) {
			c->capturing = false;
			if (!c->have_title || (!c->title_main && c->cand_main)) {
				wq_buf_reset(&c->title);
				if (c->cand.len && wq_buf_append(&c->title, c->cand.data, c->cand.len) < 0)
					c->nomem = true;
				c->have_title = true;
				c->title_main = c->cand_main;
			}
		}
		break;
	case K_TEXT:
		flush(c);
		if (--c->in_text == 0 && c->title_pending)
			write_title_before(c, NULL, 0); /* a text with no block at all */
		break;
	case K_DIV:
	case K_BLOCK:
	case K_LIST:
	case K_ITEM:
		flush(c);
		break;
	case K_LABEL:
		if (c->depth >= 2 && c->stack[c->depth - 2].kind == K_LIST)
			flush(c);
		break;
	case K_LINE:
		if (!(c->depth >= 2 && c->stack[c->depth - 2].kind == K_BLOCK &&
		      c->stack[c->depth - 2].lines))
			flush(c);
		break;
	default:
		break;
	}
	free(f->n);
	c->depth--;
}

enum t2t_result
t2t_convert_reader(struct t2t *c, xmlTextReaderPtr rd)
{
	int rc = 0;

	xmlTextReaderSetStructuredErrorHandler(rd, on_reader_error, c);
	c->nomem = false;
	c->depth = 0;
	c->in_header = c->in_text = 0;
	c->capturing = c->title_pending = c->have_title = c->title_main = false;
	c->pending_lb = false;
	wq_buf_reset(&c->block);
	while (!c->nomem && (rc = xmlTextReaderRead(rd)) == 1 && !c->failed) {
		switch (xmlTextReaderNodeType(rd)) {
		case XML_READER_TYPE_ELEMENT:
			if (start_element(c, rd) && !c->nomem && xmlTextReaderIsEmptyElement(rd))
				end_element(c);
			break;
		case XML_READER_TYPE_END_ELEMENT:
			end_element(c);
			break;
		case XML_READER_TYPE_TEXT:
		case XML_READER_TYPE_CDATA:
		case XML_READER_TYPE_WHITESPACE:
		case XML_READER_TYPE_SIGNIFICANT_WHITESPACE: {
			const char *v = (const char *)xmlTextReaderConstValue(rd);
			if (v)
				append_text(c, v);
			break;
		}
		case XML_READER_TYPE_ENTITY_REFERENCE:
			say(c, node_line(rd), 0,
			    "entity reference &%s; not expanded (tei2txt expands no entities)",
			    (const char *)xmlTextReaderConstName(rd));
			c->failed = true;
			break;
		default:
			break;
		}
	}
	if (!c->nomem && rc < 0)
		c->failed = true;
	while (c->depth > 0) { /* after an error: drop what is open */
		free(c->stack[c->depth - 1].n);
		c->depth--;
	}
	if (c->nomem)
		return T2T_NOMEM;
	return c->failed ? T2T_INVALID : T2T_OK;
}

enum t2t_result
t2t_convert_mem(struct t2t *c, const void *p, size_t n, const char *name)
{
	xmlTextReaderPtr rd;
	enum t2t_result res;

	t2t_begin(c, name);
	if (n > (size_t)0x7fffffff) {
		say(c, 0, 0, "document too large");
		return T2T_INVALID;
	}
	/* nothing is fetched, no entity expanded (see WQ_XML_SAFE_OPTIONS) */
	rd = xmlReaderForMemory(p, (int)n, name, NULL, WQ_XML_SAFE_OPTIONS);
	if (!rd)
		return T2T_NOMEM;
	res = t2t_convert_reader(c, rd);
	xmlFreeTextReader(rd);
	return res;
}
