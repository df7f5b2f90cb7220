/* te_walk.c - TEI to XHTML chapters, one reader event at a time (see te_walk.h). */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <libxml/xmlreader.h>

#include "wathiqa.h"
#include "te_book.h"
#include "te_map.h"
#include "te_util.h"
#include "te_walk.h"

#define TEI_NS "http://www.tei-c.org/ns/1.0"
/* Split a long statement before a div or head after this many bytes ... */
#define SPLIT_SOFT (128 * 1024)
/* ... and before any top-level block after this many. */
#define SPLIT_HARD (1024 * 1024)
#define LABEL_MAX 1024      /* bytes of a heading kept for the nav */
#define LABEL_SHOW 250      /* bytes shown */
#define PEND_MAX 64         /* white space held before an item's label */
#define WARN_NAMES 64       /* distinct unknown elements warned about */
#define CAPTURE_MAX 4096    /* bytes of a header field kept */

enum mode { M_NONE, M_HEADER, M_TEXT, M_SKIP };

/* Header fields captured as text. */
enum slot { S_NONE, S_TITLE, S_CREATOR, S_PUBLISHER, S_UUID, S_SRCURI, S_SRCFILE };

/* One open TEI element. */
struct tent {
	const char *name;      /* local name (the reader's dictionary) */
	unsigned char mode;    /* enum mode */
	unsigned char kind;    /* enum te_kind (text mode) */
	unsigned char pushed;  /* XHTML elements opened for it */
	unsigned char slot;    /* header capture that ends with it */
	bool head;             /* the heading collecting a nav label */
	bool dateline;
	bool space_after;      /* a block squeezed into a span: keep words apart */
	int lang;
};

/* One open XHTML element. */
struct xent {
	const char *name;
	const char *cls;
	int lang;
	unsigned char model;   /* enum te_model */
	bool langattr;
	bool section;          /* section or div: a chapter may split inside it */
	bool pending;          /* an item whose start tag is not finished */
	unsigned char digits;  /* pending item: the script of its @n */
	bool ol;               /* pending item inside ol */
	char num[32];          /* pending item: its @n, to show when there is no label */
};

struct walk {
	struct te_book *b;
	size_t si;             /* this statement */
	xmlTextReaderPtr rd;
	const char *name;
	const struct te_walk_opts *o;
	struct te_error *err;
	int status;
	struct wq_buf *out;
	struct wq_digest *dg;
	int fd;
	uint64_t nread;

	struct tent *ts;
	size_t tn, tcap;
	struct xent *xs;
	size_t xn, xcap;
	size_t nonsec;         /* open XHTML elements that are not section/div */
	size_t sections;       /* open section elements */
	int in_a;
	int dateline;
	bool seen_text;        /* TEI/text met */

	bool chap_open;
	uint64_t chap_off;
	int chap_lang;
	bool meta_pending;

	struct wq_buf label;   /* heading text for the nav */
	unsigned head_anchor;
	int head_lang;
	unsigned head_level;
	bool in_head;

	struct wq_buf pend;    /* white space held in a pending item */
	struct wq_buf cap;     /* header capture */
	bool capturing;
	bool cap_text;         /* non-blank text captured */
	int cap_lang;
	bool cap_main;         /* title: type main or no type */
	bool title_main;       /* the title kept is a main one */
	struct wq_buf attr;    /* attributes being built */

	char *warned[WARN_NAMES];
	size_t nwarned;
	bool warned_all;       /* too many names: quiet from now on */
};

static struct te_stmt *
stmt(struct walk *w)
{
	return &w->b->stmts[w->si];
}

/* ---- messages ------------------------------------------------------------- */

/* The current node's line (the parser may have read further on). */
static unsigned long
line_now(struct walk *w)
{
	xmlNodePtr n = w->rd ? xmlTextReaderCurrentNode(w->rd) : NULL;
	long l = n != NULL ? xmlGetLineNo(n) : -1;

	if (l <= 0 && w->rd != NULL)
		l = xmlTextReaderGetParserLineNumber(w->rd);
	return l > 0 ? (unsigned long)l : 0;
}

static void warnf(struct walk *w, const char *fmt, ...) WQ_PRINTF(2, 3);
static void
warnf(struct walk *w, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	if (w->o == NULL || w->o->warn == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	w->o->warn(w->o->ctx, w->name, line_now(w), 0, msg);
}

static void fail(struct walk *w, int status, const char *fmt, ...) WQ_PRINTF(3, 4);
static void
fail(struct walk *w, int status, const char *fmt, ...)
{
	va_list ap;

	if (w->status != 0)
		return;
	w->status = status;
	w->err->line = line_now(w);
	w->err->col = 0;
	va_start(ap, fmt);
	vsnprintf(w->err->msg, sizeof w->err->msg, fmt, ap);
	va_end(ap);
}

static void
nomem(struct walk *w)
{
	fail(w, TE_WALK_SYSTEM, "%s", strerror(errno ? errno : ENOMEM));
}

/* Warn once per file about an element name. */
static void
warn_once(struct walk *w, const char *name, const char *what)
{
	size_t i;

	for (i = 0; i < w->nwarned; i++)
		if (strcmp(w->warned[i], name) == 0)
			return;
	if (w->warned_all)
		return;
	if (w->nwarned == WARN_NAMES) {
		warnf(w, "more elements without a mapping: not named any more (their text is kept)");
		w->warned_all = true;
		return;
	}
	if ((w->warned[w->nwarned] = strdup(name)) != NULL)
		w->nwarned++;
	warnf(w, "element '%s' %s", name, what);
}

#if LIBXML_VERSION >= 21200
static void
xml_error(void *arg, const xmlError *e)
#else
static void
xml_error(void *arg, xmlErrorPtr e)
#endif
{
	struct walk *w = arg;
	char msg[512];
	size_t n;

	snprintf(msg, sizeof msg, "%s", e->message ? e->message : "XML error");
	n = strlen(msg);
	while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
		msg[--n] = '\0';
	if (e->level == XML_ERR_WARNING) {
		if (w->o != NULL && w->o->warn != NULL)
			w->o->warn(w->o->ctx, w->name, e->line > 0 ? (unsigned long)e->line : 0,
			           e->int2 > 0 ? (unsigned long)e->int2 : 0, msg);
		return;
	}
	if (w->status != 0)
		return;
	w->status = TE_WALK_INVALID;
	w->err->line = e->line > 0 ? (unsigned long)e->line : 0;
	w->err->col = e->int2 > 0 ? (unsigned long)e->int2 : 0;
	snprintf(w->err->msg, sizeof w->err->msg, "%s", msg);
}

/* ---- output helpers ---------------------------------------------------------- */

static void
put(struct walk *w, const char *s)
{
	if (wq_buf_puts(w->out, s) != 0)
		nomem(w);
}

static void
putn(struct walk *w, const char *s, size_t n)
{
	if (te_xml_escape(w->out, s, n) != 0)
		nomem(w);
}

static const char *
lang_name(struct walk *w, int l)
{
	return l >= 0 && (size_t)l < w->b->nlangs ? w->b->langs[l] : "und";
}

static int
xlang(struct walk *w)
{
	return w->xn ? w->xs[w->xn - 1].lang : w->chap_lang;
}

static enum te_model
xmodel(struct walk *w)
{
	return w->xn ? (enum te_model)w->xs[w->xn - 1].model : TE_M_FLOW;
}

static void
lang_attrs(struct walk *w, int l)
{
	if (te_lang_attrs(w->out, lang_name(w, l)) != 0)
		nomem(w);
	if (l >= 0)
		w->b->lang_used[l] = true;
}

static bool
is_space(const char *s, size_t n, bool unicode)
{
	size_t i = 0;

	while (i < n) {
		unsigned char c = (unsigned char)s[i];

		if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
			i++;
			continue;
		}
		if (!unicode)
			return false;
		/* U+00A0, U+2000..U+200B, U+202F, U+3000 */
		if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xA0) {
			i += 2;
			continue;
		}
		if (c == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 &&
		    ((unsigned char)s[i + 2] <= 0x8B || (unsigned char)s[i + 2] == 0xAF)) {
			i += 3;
			continue;
		}
		if (c == 0xE3 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 &&
		    (unsigned char)s[i + 2] == 0x80) {
			i += 3;
			continue;
		}
		return false;
	}
	return true;
}

/* Open an XHTML element: <name class lang attrs extra> and push it. */
static void
open_x(struct walk *w, const char *name, const char *cls, int lang, const char *extra,
       bool pending)
{
	const struct te_xhtml *x = te_xhtml_lookup(name);
	struct xent *e;
	bool la = lang != xlang(w);

	if (w->xn == w->xcap) {
		size_t nc = w->xcap ? w->xcap * 2 : 32;
		struct xent *p = realloc(w->xs, nc * sizeof *p);

		if (p == NULL) {
			nomem(w);
			return;
		}
		w->xs = p;
		w->xcap = nc;
	}
	put(w, "<");
	put(w, name);
	if (cls != NULL && !pending) {
		put(w, " class=\"");
		put(w, cls);
		put(w, "\"");
	}
	if (la)
		lang_attrs(w, lang);
	if (extra != NULL)
		put(w, extra);
	if (!pending)
		put(w, ">");
	e = &w->xs[w->xn++];
	memset(e, 0, sizeof *e);
	e->name = name;
	e->cls = cls;
	e->lang = lang;
	e->langattr = la;
	e->model = (unsigned char)(x ? x->model : TE_M_PHRASE);
	e->section = strcmp(name, "section") == 0 || strcmp(name, "div") == 0;
	e->pending = pending;
	if (!e->section)
		w->nonsec++;
	if (strcmp(name, "section") == 0)
		w->sections++;
	if (strcmp(name, "a") == 0)
		w->in_a++;
}

/* Finish a pending item's start tag, label_first saying whether a label comes first. */
static void
resolve(struct walk *w, bool label_first)
{
	struct xent *e = &w->xs[w->xn - 1];
	const char *cls = NULL;

	if (label_first || (e->num[0] != '\0' && (!e->ol || e->digits == TE_DIGITS_NONE)))
		cls = "lbl";
	else if (e->digits == TE_DIGITS_ARAB)
		cls = "num-arab";
	else if (e->digits == TE_DIGITS_PERS)
		cls = "num-pers";
	if (cls != NULL) {
		put(w, " class=\"");
		put(w, cls);
		put(w, "\"");
	}
	put(w, ">");
	e->pending = false;
	/* an item numbered in words (or in a ul) with no label: show its number */
	if (!label_first && cls != NULL && strcmp(cls, "lbl") == 0) {
		put(w, "<span class=\"label\">");
		putn(w, e->num, strlen(e->num));
		put(w, "</span> ");
	}
	if (w->pend.len > 0) {
		putn(w, w->pend.data, w->pend.len);
		wq_buf_reset(&w->pend);
	}
}

static void
resolve_top(struct walk *w, bool label_first)
{
	if (w->xn > 0 && w->xs[w->xn - 1].pending)
		resolve(w, label_first);
}

static void
close_x(struct walk *w)
{
	struct xent *e;

	resolve_top(w, false);
	e = &w->xs[--w->xn];
	put(w, "</");
	put(w, e->name);
	put(w, ">");
	if (!e->section)
		w->nonsec--;
	if (strcmp(e->name, "section") == 0)
		w->sections--;
	if (strcmp(e->name, "a") == 0)
		w->in_a--;
}

/* ---- chapters ----------------------------------------------------------------- */

static const char *
chapter_title(struct walk *w, int *lang)
{
	struct te_stmt *s = stmt(w);

	*lang = s->title_lang;
	if (s->title != NULL && *s->title != '\0')
		return s->title;
	*lang = -1;
	return strcmp(s->name, "-") == 0 ? "stdin" : wq_path_base(s->name);
}

static void
open_chapter(struct walk *w)
{
	int tl;
	const char *title = chapter_title(w, &tl);
	size_t i;

	w->chap_off = te_spool_size(&w->b->spool);
	if (te_xhtml_start(w->out, lang_name(w, w->chap_lang), title,
	                   tl >= 0 ? lang_name(w, tl) : NULL) != 0)
		nomem(w);
	put(w, "<body>\n");
	if (w->chap_lang >= 0)
		w->b->lang_used[w->chap_lang] = true;
	w->chap_open = true;
	/* after a split: the open sections again (no ids) */
	for (i = 0; i < w->xn; i++) {
		struct xent *e = &w->xs[i];

		put(w, "<");
		put(w, e->name);
		if (e->cls != NULL) {
			put(w, " class=\"");
			put(w, e->cls);
			put(w, "\"");
		}
		if (e->langattr)
			lang_attrs(w, e->lang);
		put(w, ">");
	}
}

static void emit_meta(struct walk *w);

static void
close_chapter(struct walk *w)
{
	size_t i;

	for (i = w->xn; i > 0; i--) {
		put(w, "</");
		put(w, w->xs[i - 1].name);
		put(w, ">");
	}
	put(w, "\n</body>\n</html>\n");
	if (te_book_add_chapter(w->b, w->chap_off, te_spool_size(&w->b->spool) - w->chap_off) != 0)
		nomem(w);
	w->chap_open = false;
}

static bool
splittable(struct walk *w)
{
	return w->nonsec == 0;
}

/* The statement's metadata line: organisation, date, source. */
static void
emit_meta(struct walk *w)
{
	struct te_stmt *s = stmt(w);
	bool any = false;

	w->meta_pending = false;
	if ((s->creator == NULL || *s->creator == '\0') && (s->source == NULL || *s->source == '\0') &&
	    (s->date == NULL || !te_datetime_ok(s->date)))
		return;
	put(w, "\n<p class=\"meta\">");
	if (s->creator != NULL && *s->creator != '\0') {
		put(w, "<span class=\"org\"");
		if (s->creator_lang >= 0 && s->creator_lang != xlang(w))
			lang_attrs(w, s->creator_lang);
		put(w, ">");
		putn(w, s->creator, strlen(s->creator));
		put(w, "</span>");
		any = true;
	}
	if (s->date != NULL && te_datetime_ok(s->date)) {
		if (any)
			put(w, " · ");
		put(w, "<time datetime=\"");
		put(w, s->date);
		put(w, "\">");
		put(w, s->date);
		put(w, "</time>");
		any = true;
	}
	if (s->source != NULL && *s->source != '\0') {
		if (any)
			put(w, " · ");
		if (s->source_url) {
			put(w, "<a href=\"");
			putn(w, s->source, strlen(s->source));
			put(w, "\" dir=\"ltr\">");
		} else {
			put(w, "<span class=\"source\" dir=\"ltr\">");
		}
		putn(w, s->source, strlen(s->source));
		put(w, s->source_url ? "</a>" : "</span>");
	}
	put(w, "</p>\n");
}

/* Before content: a chapter open, and split if it is long. */
static void
ensure_chapter(struct walk *w, enum te_kind kind)
{
	bool soft = kind == TE_K_DIV || kind == TE_K_HEAD;

	if (!w->chap_open) {
		open_chapter(w);
	} else if (splittable(w)) {
		uint64_t size = te_spool_size(&w->b->spool) - w->chap_off;

		if (size >= (soft ? SPLIT_SOFT : SPLIT_HARD)) {
			close_chapter(w);
			open_chapter(w);
		}
	}
}

/* ---- header ------------------------------------------------------------------ */

static char *
attr(struct walk *w, const char *name)
{
	return (char *)xmlTextReaderGetAttribute(w->rd, (const xmlChar *)name);
}

static const char *
parent_name(struct walk *w)
{
	return w->tn > 0 ? w->ts[w->tn - 1].name : "";
}

static bool
has_ancestor(struct walk *w, const char *name)
{
	size_t i;

	for (i = w->tn; i > 0; i--)
		if (strcmp(w->ts[i - 1].name, name) == 0)
			return true;
	return false;
}

static void
stamp(struct walk *w, const char *when)
{
	int64_t t = te_date_epoch(when);

	if (t >= 0 && t > stmt(w)->stamp)
		stmt(w)->stamp = t;
}

static void
set_date(struct walk *w, const char *when, int rank)
{
	struct te_stmt *s = stmt(w);
	char *d;

	if (when == NULL || !te_w3cdtf_ok(when))
		return;
	if (s->date_rank != 0 && s->date_rank <= rank)
		return;
	if ((d = strdup(when)) == NULL) {
		nomem(w);
		return;
	}
	free(s->date);
	s->date = d;
	s->date_rank = rank;
}

static void
set_str(struct walk *w, char **dst, const char *v)
{
	char *d = strdup(v);

	if (d == NULL) {
		nomem(w);
		return;
	}
	free(*dst);
	*dst = d;
}

/* An element starts inside teiHeader; returns the capture slot it opens. */
static enum slot
header_start(struct walk *w, const char *name, int lang)
{
	const char *parent = parent_name(w);
	enum slot slot = S_NONE;
	char *a;

	if (strcmp(name, "title") == 0 && strcmp(parent, "titleStmt") == 0) {
		a = attr(w, "type");
		w->cap_main = a == NULL || strcmp(a, "main") == 0;
		xmlFree(a);
		slot = S_TITLE;
	} else if (strcmp(name, "author") == 0 && strcmp(parent, "titleStmt") == 0) {
		slot = stmt(w)->creator == NULL ? S_CREATOR : S_NONE;
	} else if (strcmp(name, "publisher") == 0 && strcmp(parent, "publicationStmt") == 0) {
		slot = stmt(w)->publisher == NULL ? S_PUBLISHER : S_NONE;
	} else if (strcmp(name, "date") == 0 && strcmp(parent, "publicationStmt") == 0) {
		if ((a = attr(w, "when")) != NULL)
			stamp(w, a);
		xmlFree(a);
	} else if (strcmp(name, "idno") == 0 && strcmp(parent, "publicationStmt") == 0) {
		a = attr(w, "type");
		if (a != NULL && strcasecmp(a, "UUID") == 0)
			slot = S_UUID;
		xmlFree(a);
	} else if (strcmp(name, "date") == 0 && strcmp(parent, "creation") == 0) {
		if ((a = attr(w, "when")) != NULL)
			set_date(w, a, 1);
		xmlFree(a);
	} else if (has_ancestor(w, "sourceDesc")) {
		if (strcmp(name, "ref") == 0) {
			a = attr(w, "target");
			if (a != NULL && te_url_ok(a) && !stmt(w)->source_url) {
				set_str(w, &stmt(w)->source, a);
				stmt(w)->source_url = true;
			}
			xmlFree(a);
		} else if (strcmp(name, "idno") == 0) {
			a = attr(w, "type");
			if (a != NULL && strcasecmp(a, "URI") == 0 && !stmt(w)->source_url)
				slot = S_SRCURI;
			else if (a != NULL && strcmp(a, "filename") == 0 && stmt(w)->source == NULL)
				slot = S_SRCFILE;
			xmlFree(a);
		} else if (strcmp(name, "date") == 0) {
			char *type = attr(w, "type");

			a = attr(w, "when");
			if (a != NULL && (type == NULL || strcmp(type, "retrieved") != 0))
				set_date(w, a, 3);
			xmlFree(a);
			xmlFree(type);
		}
	} else if (strcmp(name, "language") == 0 && strcmp(parent, "langUsage") == 0) {
		char *usage = attr(w, "usage");

		a = attr(w, "ident");
		if (a != NULL && (usage == NULL || strcmp(usage, "0") != 0)) {
			int l = te_book_lang(w->b, a);

			if (l >= 0 && strcmp(a, "und") != 0)
				w->b->lang_used[l] = true;
		}
		xmlFree(a);
		xmlFree(usage);
	} else if ((strcmp(name, "change") == 0 && strcmp(parent, "revisionDesc") == 0) ||
	           strcmp(name, "application") == 0) {
		if ((a = attr(w, "when")) != NULL)
			stamp(w, a);
		xmlFree(a);
	}
	if (slot != S_NONE) {
		wq_buf_reset(&w->cap);
		w->cap_lang = lang;
		w->cap_text = false;
	}
	return slot;
}

static bool
uuid_ok(const char *s)
{
	size_t i;

	if (strncmp(s, "urn:uuid:", 9) != 0 || strlen(s) != 45)
		return false;
	for (i = 9; i < 45; i++) {
		if (i == 17 || i == 22 || i == 27 || i == 32) {
			if (s[i] != '-')
				return false;
		} else if (strchr("0123456789abcdefABCDEF", s[i]) == NULL || s[i] == '\0') {
			return false;
		}
	}
	return true;
}

static void
header_end(struct walk *w, enum slot slot)
{
	struct te_stmt *s = stmt(w);
	char *v;

	if (wq_buf_putc(&w->cap, '\0') != 0) {
		nomem(w);
		return;
	}
	v = te_squeeze(w->cap.data);
	switch (slot) {
	case S_TITLE:
		/* the main title, in the text's language if there are several */
		if (*v == '\0')
			break;
		if (s->title == NULL || (w->cap_main && !w->title_main) ||
		    (w->cap_main && s->title_lang != s->lang && w->cap_lang == s->lang)) {
			set_str(w, &s->title, v);
			s->title_lang = w->cap_lang;
			w->title_main = w->cap_main;
		}
		break;
	case S_CREATOR:
		if (*v != '\0') {
			set_str(w, &s->creator, v);
			s->creator_lang = w->cap_lang;
		}
		break;
	case S_PUBLISHER:
		if (*v != '\0')
			set_str(w, &s->publisher, v);
		break;
	case S_UUID:
		if (uuid_ok(v)) {
			size_t i;

			set_str(w, &s->uuid, v);
			for (i = 0; s->uuid != NULL && s->uuid[i] != '\0'; i++)
				if (s->uuid[i] >= 'A' && s->uuid[i] <= 'F')
					s->uuid[i] = (char)(s->uuid[i] - 'A' + 'a');
		}
		break;
	case S_SRCURI:
		if (te_url_ok(v) && !s->source_url) {
			set_str(w, &s->source, v);
			s->source_url = true;
		}
		break;
	case S_SRCFILE:
		if (*v != '\0' && s->source == NULL)
			set_str(w, &s->source, v);
		break;
	case S_NONE:
		break;
	}
	wq_buf_reset(&w->cap);
}

/* ---- body ----------------------------------------------------------------------- */

static const char *
hi_name(struct walk *w)
{
	static const struct { const char *rend, *el; } rends[] = {
		{ "b", "b" }, { "bold", "b" }, { "i", "i" }, { "italic", "i" },
		{ "italics", "i" }, { "sub", "sub" }, { "subscript", "sub" },
		{ "sup", "sup" }, { "superscript", "sup" }, { "u", "u" }, { "underline", "u" },
	};
	char *r = attr(w, "rend");
	const char *el = "em";
	size_t i;

	if (r != NULL) {
		for (i = 0; i < sizeof rends / sizeof rends[0]; i++)
			if (strcmp(r, rends[i].rend) == 0)
				el = rends[i].el;
		xmlFree(r);
	}
	return el;
}

static const char *
list_name(struct walk *w)
{
	static const char *const ordered[] = { "ordered", "numbered", "decimal", "arabic" };
	char *t = attr(w, "type");
	const char *el = "ul";
	size_t i;

	if (t == NULL)
		t = attr(w, "rend");
	for (i = 0; t != NULL && i < sizeof ordered / sizeof ordered[0]; i++)
		if (strcmp(t, ordered[i]) == 0)
			el = "ol";
	xmlFree(t);
	return el;
}

static void
body_start(struct walk *w, struct tent *t, const char *name, bool tei, int lang)
{
	const struct te_map *m = tei ? te_map_lookup(name) : NULL;
	enum te_kind kind;
	enum te_model c;
	const char *el = NULL, *cls;
	bool phr, pending = false;
	char *a;

	if (m == NULL) {
		if (tei)
			warn_once(w, name, "has no XHTML mapping: its text is kept");
		else
			warn_once(w, (const char *)xmlTextReaderConstName(w->rd),
			          "is not in the TEI namespace: its text is kept");
		m = te_map_unknown();
	}
	kind = m->kind;
	cls = m->cls;
	t->kind = (unsigned char)kind;
	if (kind == TE_K_SKIP) {
		warn_once(w, name, "inside text is not converted");
		t->mode = M_SKIP;
		return;
	}
	/* chapter-level containers write nothing */
	if (kind == TE_K_CONTAINER && w->xn == 0)
		return;
	if (kind == TE_K_EMPTY)
		return;
	resolve_top(w, kind == TE_K_LABEL);
	ensure_chapter(w, kind);
	if (w->status)
		return;
	c = xmodel(w);
	if (kind == TE_K_BREAK) {
		if (c == TE_M_FLOW || c == TE_M_PHRASE)
			put(w, "<br/>");
		return;
	}
	/* implicit wrappers where only li, tr or td may go */
	if (c == TE_M_LIST && kind != TE_K_ITEM) {
		open_x(w, "li", NULL, xlang(w), NULL, false);
		t->pushed++;
		c = TE_M_FLOW;
	}
	if (c == TE_M_TABLE && kind != TE_K_ROW) {
		open_x(w, "tr", NULL, xlang(w), NULL, false);
		t->pushed++;
		c = TE_M_ROW;
	}
	if (c == TE_M_ROW && kind != TE_K_CELL) {
		open_x(w, "td", NULL, xlang(w), NULL, false);
		t->pushed++;
		c = TE_M_FLOW;
	}
	phr = c == TE_M_PHRASE;
	if (phr && kind != TE_K_LABEL) {
		const struct te_xhtml *fx = m->flow ? te_xhtml_lookup(m->flow) : NULL;

		t->space_after = kind == TE_K_ITEM || kind == TE_K_ROW || kind == TE_K_CELL ||
		                 kind == TE_K_HEAD || (fx != NULL && !fx->phrasing);
	}
	wq_buf_reset(&w->attr);
	switch (kind) {
	case TE_K_ITEM:
		el = c == TE_M_LIST ? "li" : phr ? "span" : "div";
		pending = true;
		break;
	case TE_K_ROW:
		el = c == TE_M_TABLE ? "tr" : phr ? "span" : "div";
		break;
	case TE_K_CELL:
		el = c == TE_M_ROW ? "td" : phr ? "span" : "div";
		break;
	case TE_K_HEAD:
		if (phr) {
			el = "span";
			cls = "head";
		} else if (splittable(w) && !w->in_head) {
			static const char *const h[] = { "h1", "h2", "h3", "h4", "h5", "h6" };
			size_t lv = w->sections < 1 ? 1 : w->sections > 6 ? 6 : w->sections;

			el = h[lv - 1];
			w->head_anchor = ++w->b->next_anchor;
			w->head_level = (unsigned)(w->sections < 1 ? 1 : w->sections);
			w->head_lang = lang;
			w->in_head = true;
			t->head = true;
			wq_buf_reset(&w->label);
			wq_buf_printf(&w->attr, " id=\"h%u\"", w->head_anchor);
		} else {
			el = "p";
			cls = "head";
		}
		break;
	case TE_K_DIV:
		el = phr ? "span" : "section";
		break;
	case TE_K_LIST:
		el = phr ? "span" : list_name(w);
		if (phr)
			cls = "list";
		break;
	case TE_K_TABLE:
		el = phr ? "span" : "table";
		break;
	case TE_K_DATE:
		a = attr(w, "when");
		if (a != NULL && te_datetime_ok(a)) {
			el = "time";
			wq_buf_puts(&w->attr, " datetime=\"");
			te_xml_escape(&w->attr, a, strlen(a));
			wq_buf_puts(&w->attr, "\"");
			set_date(w, a, w->dateline > 0 ? 2 : 4);
		} else {
			el = "span";
			cls = "date";
		}
		xmlFree(a);
		break;
	case TE_K_REF:
		a = attr(w, "target");
		if (a != NULL && te_url_ok(a) && w->in_a == 0) {
			el = "a";
			wq_buf_puts(&w->attr, " href=\"");
			te_xml_escape(&w->attr, a, strlen(a));
			wq_buf_puts(&w->attr, "\"");
		} else {
			el = "span";
			cls = "ref";
		}
		xmlFree(a);
		break;
	case TE_K_HI:
		el = hi_name(w);
		break;
	default:
		el = phr ? m->phrase : m->flow;
		break;
	}
	if (strcmp(el, "a") == 0 && w->in_a > 0)
		el = "span";
	if (strcmp(name, "dateline") == 0) {
		t->dateline = true;
		w->dateline++;
	}
	if (pending) {
		struct xent *e;
		long v = 0;
		enum te_digits d = TE_DIGITS_NONE;
		bool ol = c == TE_M_LIST && w->xn > 0 && strcmp(w->xs[w->xn - 1].name, "ol") == 0;

		a = attr(w, "n");
		if (a != NULL)
			d = te_number(a, &v);
		if (ol && d != TE_DIGITS_NONE)
			wq_buf_printf(&w->attr, " value=\"%ld\"", v);
		open_x(w, el, cls, lang, w->attr.data, true);
		e = &w->xs[w->xn - 1];
		e->digits = (unsigned char)d;
		e->ol = ol;
		if (a != NULL) {
			snprintf(e->num, sizeof e->num, "%s", a);
			te_truncate_utf8(e->num, sizeof e->num - 1);
		}
		xmlFree(a);
		wq_buf_reset(&w->pend);
	} else {
		open_x(w, el, cls, lang, w->attr.len ? w->attr.data : NULL, false);
	}
	t->pushed++;
}

static void
body_end(struct walk *w, struct tent *t)
{
	unsigned i;

	for (i = 0; i < t->pushed && w->xn > 0; i++)
		close_x(w);
	if (t->space_after)
		put(w, " ");
	if (t->dateline)
		w->dateline--;
	if (t->head) {
		struct te_stmt *s = stmt(w);
		char *label;

		w->in_head = false;
		if (wq_buf_putc(&w->label, '\0') != 0) {
			nomem(w);
			return;
		}
		label = te_squeeze(w->label.data);
		te_truncate_utf8(label, LABEL_SHOW);
		if (te_book_add_nav(w->b, w->head_level, w->head_anchor, w->head_lang, label) != 0)
			nomem(w);
		if (s->first_head == NULL && *label != '\0')
			set_str(w, &s->first_head, label);
	}
}

/* Append s to b while b stays under max bytes, cutting at a UTF-8 boundary. */
static void
append_capped(struct wq_buf *b, const char *s, size_t n, size_t max)
{
	size_t k;

	if (b->len >= max)
		return;
	k = max - b->len < n ? max - b->len : n;
	if (k < n)
		while (k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80)
			k--;
	wq_buf_append(b, s, k);
}

static void
body_text(struct walk *w, const char *s, size_t n)
{
	enum te_model c;
	int tl = w->tn ? w->ts[w->tn - 1].lang : w->chap_lang;
	bool wrap;

	if (w->xn > 0 && w->xs[w->xn - 1].pending) {
		if (is_space(s, n, true) && w->pend.len + n <= PEND_MAX) {
			if (wq_buf_append(&w->pend, s, n) != 0)
				nomem(w);
			return;
		}
		resolve(w, false);
	}
	if (is_space(s, n, false)) {
		c = xmodel(w);
		if (w->chap_open && (c == TE_M_FLOW || c == TE_M_PHRASE))
			putn(w, s, n);
		if (w->in_head && w->label.len < LABEL_MAX)
			wq_buf_append(&w->label, " ", 1);
		return;
	}
	ensure_chapter(w, TE_K_BLOCK);
	c = xmodel(w);
	if (c == TE_M_LIST)
		put(w, "<li>");
	else if (c == TE_M_TABLE)
		put(w, "<tr><td>");
	else if (c == TE_M_ROW)
		put(w, "<td>");
	wrap = tl != xlang(w);
	if (wrap) {
		put(w, "<span");
		lang_attrs(w, tl);
		put(w, ">");
	}
	putn(w, s, n);
	if (wrap)
		put(w, "</span>");
	if (c == TE_M_LIST)
		put(w, "</li>");
	else if (c == TE_M_TABLE)
		put(w, "</td></tr>");
	else if (c == TE_M_ROW)
		put(w, "</td>");
	if (w->in_head)
		append_capped(&w->label, s, n, LABEL_MAX);
}

/*
 * TEI/text ends: the metadata line (now that the closer's date is known)
 * and the end of the statement's last chapter (or a chapter with its title).
 */
static void
text_end(struct walk *w)
{
	if (!w->chap_open && stmt(w)->nchap == 0) {
		int tl;
		const char *title = chapter_title(w, &tl);

		open_chapter(w);
		put(w, "<h1");
		if (tl >= 0 && tl != w->chap_lang)
			lang_attrs(w, tl);
		put(w, ">");
		putn(w, title, strlen(title));
		put(w, "</h1>");
	}
	if (w->chap_open) {
		if (w->meta_pending)
			emit_meta(w);
		close_chapter(w);
	}
}

/* ---- events ------------------------------------------------------------------ */

static struct tent *
push(struct walk *w, const char *name, int lang, enum mode mode)
{
	struct tent *t;

	if (w->tn == w->tcap) {
		size_t nc = w->tcap ? w->tcap * 2 : 64;
		struct tent *p = realloc(w->ts, nc * sizeof *p);

		if (p == NULL) {
			nomem(w);
			return NULL;
		}
		w->ts = p;
		w->tcap = nc;
	}
	t = &w->ts[w->tn];
	memset(t, 0, sizeof *t);
	t->name = name;
	t->lang = lang;
	t->mode = (unsigned char)mode;
	return t;
}

static void
on_start(struct walk *w)
{
	const char *name = (const char *)xmlTextReaderConstLocalName(w->rd);
	const char *ns = (const char *)xmlTextReaderConstNamespaceUri(w->rd);
	bool tei = ns != NULL && strcmp(ns, TEI_NS) == 0;
	struct tent *parent = w->tn ? &w->ts[w->tn - 1] : NULL;
	int lang = parent ? parent->lang : -1;
	enum mode mode = parent ? (enum mode)parent->mode : M_NONE;
	enum slot slot = S_NONE;
	struct tent *t;
	char *xl;

	if (name == NULL)
		name = "";
	if (w->tn == 0) {
		if (strcmp(name, "TEI") != 0 || !tei) {
			fail(w, TE_WALK_INVALID, "not a TEI document: the root element is '%s'%s",
			     (const char *)xmlTextReaderConstName(w->rd),
			     strcmp(name, "TEI") == 0 ? " outside the TEI namespace" : "");
			return;
		}
	}
	if (mode != M_SKIP) {
		xl = (char *)xmlTextReaderGetAttributeNs(w->rd, (const xmlChar *)"lang",
		                                         XML_XML_NAMESPACE);
		if (xl != NULL && *xl != '\0') {
			int l = te_book_lang(w->b, xl);

			if (l >= 0)
				lang = l;
			else if (te_lang_ok(xl))
				warnf(w, "xml:lang '%s': too many languages: ignored", xl);
			else
				warnf(w, "xml:lang '%s' is not a language tag: ignored", xl);
		}
		xmlFree(xl);
	}
	if (w->tn == 1 && mode != M_SKIP) {
		if (strcmp(name, "teiHeader") == 0 && tei) {
			mode = M_HEADER;
		} else if (strcmp(name, "text") == 0 && tei) {
			mode = M_TEXT;
			if (lang < 0)
				lang = te_book_lang(w->b, "und");
			w->chap_lang = lang;
			w->seen_text = true;
			stmt(w)->lang = lang;
			w->meta_pending = true;
		} else {
			warn_once(w, name, "outside text is not converted");
			mode = M_SKIP;
		}
	} else if (mode == M_HEADER && !w->capturing) {
		slot = header_start(w, name, lang);
	}
	if (w->tn == 0)
		stmt(w)->lang = lang;
	if ((t = push(w, name, lang, mode)) == NULL)
		return;
	t->slot = (unsigned char)slot;
	if (slot != S_NONE)
		w->capturing = true;
	if (mode == M_TEXT && w->tn > 1)
		body_start(w, t, name, tei, lang);
	w->tn++;
}

static void
on_end(struct walk *w)
{
	struct tent *t;

	if (w->tn == 0)
		return;
	t = &w->ts[--w->tn];
	if (t->slot != S_NONE) {
		header_end(w, (enum slot)t->slot);
		w->capturing = false;
	}
	if (t->mode == M_TEXT) {
		if (w->tn == 1)
			text_end(w);
		else
			body_end(w, t);
	}
}

static void
on_text(struct walk *w)
{
	const char *v = (const char *)xmlTextReaderConstValue(w->rd);
	struct tent *t = w->tn ? &w->ts[w->tn - 1] : NULL;
	size_t n;

	if (v == NULL || t == NULL)
		return;
	n = strlen(v);
	switch ((enum mode)t->mode) {
	case M_HEADER:
		if (!w->capturing)
			break;
		/* the text's own language, e.g. an orgName's inside author */
		if (!w->cap_text && !is_space(v, n, false)) {
			w->cap_lang = t->lang;
			w->cap_text = true;
		}
		append_capped(&w->cap, v, n, CAPTURE_MAX);
		break;
	case M_TEXT:
		if (w->tn > 1 || !is_space(v, n, false))
			body_text(w, v, n);
		break;
	case M_NONE:
		if (!is_space(v, n, false))
			warn_once(w, "TEI", "holds text outside teiHeader and text: not converted");
		break;
	case M_SKIP:
		break;
	}
}

/* ---- input -------------------------------------------------------------------- */

static int
read_cb(void *ctx, char *buf, int len)
{
	struct walk *w = ctx;
	ssize_t n;

	do
		n = read(w->fd, buf, (size_t)len);
	while (n < 0 && errno == EINTR);
	if (n < 0) {
		fail(w, TE_WALK_SYSTEM, "read error: %s", strerror(errno));
		return -1;
	}
	w->nread += (uint64_t)n;
	/* the digest only names a statement without a UUID of its own */
	if (n > 0 && stmt(w)->uuid == NULL && wq_digest_update(w->dg, buf, (size_t)n) != 0) {
		fail(w, TE_WALK_SYSTEM, "digest: %s", strerror(errno));
		return -1;
	}
	return (int)n;
}

static int
close_cb(void *ctx)
{
	(void)ctx;
	return 0;
}

enum te_walk_status
te_walk(struct te_book *b, const char *name, int fd, const void *mem, size_t len,
        const struct te_walk_opts *opts, struct te_error *err)
{
	struct walk w;
	struct te_stmt *s;
	int ret = 0, type, empty;
	size_t k;
	const int xopts = WQ_XML_SAFE_OPTIONS | XML_PARSE_NOCDATA;

	memset(err, 0, sizeof *err);
	memset(&w, 0, sizeof w);
	w.b = b;
	w.name = name;
	w.o = opts;
	w.err = err;
	w.fd = fd;
	w.out = &b->spool.mem;
	w.chap_lang = -1;
	if ((s = te_book_add_stmt(b, name)) == NULL) {
		fail(&w, TE_WALK_SYSTEM, "%s", strerror(ENOMEM));
		return TE_WALK_SYSTEM;
	}
	w.si = b->nstmts - 1;
	if ((w.dg = wq_digest_new(WQ_SHA256)) == NULL) {
		fail(&w, TE_WALK_SYSTEM, "digest: %s", strerror(errno ? errno : ENOMEM));
		return TE_WALK_SYSTEM;
	}
	if (fd >= 0) {
		w.rd = xmlReaderForIO(read_cb, close_cb, &w, name, NULL, xopts);
	} else {
		if (len > (size_t)INT32_MAX) {
			fail(&w, TE_WALK_INVALID, "input too large");
			goto out;
		}
		wq_digest_update(w.dg, mem, len);
		w.rd = xmlReaderForMemory(mem, (int)len, name, NULL, xopts);
	}
	if (w.rd == NULL) {
		fail(&w, TE_WALK_SYSTEM, "cannot start the XML reader");
		goto out;
	}
	xmlTextReaderSetStructuredErrorHandler(w.rd, xml_error, &w);
	while (w.status == 0 && (ret = xmlTextReaderRead(w.rd)) == 1) {
		type = xmlTextReaderNodeType(w.rd);
		switch (type) {
		case XML_READER_TYPE_ELEMENT:
			empty = xmlTextReaderIsEmptyElement(w.rd);
			on_start(&w);
			if (empty == 1 && w.status == 0)
				on_end(&w);
			break;
		case XML_READER_TYPE_END_ELEMENT:
			on_end(&w);
			break;
		case XML_READER_TYPE_TEXT:
		case XML_READER_TYPE_CDATA:
		case XML_READER_TYPE_WHITESPACE:
		case XML_READER_TYPE_SIGNIFICANT_WHITESPACE:
			on_text(&w);
			break;
		case XML_READER_TYPE_ENTITY_REFERENCE:
			warnf(&w, "entity reference '&%s;' is not expanded: its text is left out",
			      (const char *)xmlTextReaderConstName(w.rd));
			break;
		default:
			break;
		}
		if (w.status == 0 && te_spool_maybe_flush(&b->spool) != 0)
			fail(&w, TE_WALK_SYSTEM, "temporary file: %s", strerror(errno));
	}
	if (w.status == 0 && ret < 0)
		fail(&w, TE_WALK_INVALID, "not well-formed XML");
	if (w.status == TE_WALK_INVALID && (fd >= 0 ? w.nread == 0 : len == 0)) {
		w.status = 0;
		fail(&w, TE_WALK_INVALID, "empty input");
		err->line = err->col = 0;
	}
	if (w.status == 0 && !w.seen_text)
		fail(&w, TE_WALK_INVALID, "TEI document without a text element");
	if (w.status == 0 && stmt(&w)->uuid != NULL) {
		/* not needed (and not complete): the TEI's UUID names it */
		memset(stmt(&w)->sha256, '0', 64);
		stmt(&w)->sha256[64] = '\0';
	} else if (w.status == 0) {
		char hex[WQ_DIGEST_HEX_MAX + 1];

		if (wq_digest_final_hex(w.dg, hex) != 0)
			fail(&w, TE_WALK_SYSTEM, "digest: %s", strerror(errno));
		else
			memcpy(stmt(&w)->sha256, hex, 65);
	}
out:
	if (w.rd != NULL)
		xmlFreeTextReader(w.rd);
	wq_digest_free(w.dg);
	free(w.ts);
	free(w.xs);
	wq_buf_free(&w.label);
	wq_buf_free(&w.pend);
	wq_buf_free(&w.cap);
	wq_buf_free(&w.attr);
	for (k = 0; k < w.nwarned; k++)
		free(w.warned[k]);
	return (enum te_walk_status)w.status;
}
