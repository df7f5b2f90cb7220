/* te_book.c - the book model and its generated files (see te_book.h). */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "wathiqa.h"
#include "te_book.h"
#include "te_util.h"

#define MAX_LANGS 512

/* ---- spool ---------------------------------------------------------------- */

uint64_t
te_spool_size(const struct te_spool *s)
{
	return s->flen + s->mem.len;
}

int
te_spool_maybe_flush(struct te_spool *s)
{
	if (s->mem.len < TE_SPOOL_MEM)
		return 0;
	if (s->fp == NULL && (s->fp = wq_tmpfile()) == NULL)
		return -1;
	if (fseeko(s->fp, (off_t)s->flen, SEEK_SET) != 0 ||
	    fwrite(s->mem.data, 1, s->mem.len, s->fp) != s->mem.len || fflush(s->fp) != 0)
		return -1;
	s->flen += s->mem.len;
	wq_buf_reset(&s->mem);
	return 0;
}

int
te_spool_read(struct te_spool *s, uint64_t off, void *p, size_t n)
{
	unsigned char *q = p;

	if (off < s->flen) {
		size_t k = (size_t)(s->flen - off < n ? s->flen - off : n);
		size_t done = 0;

		while (done < k) {
			ssize_t r = pread(fileno(s->fp), q + done, k - done, (off_t)(off + done));

			if (r < 0 && errno == EINTR)
				continue;
			if (r <= 0) {
				if (r == 0)
					errno = EIO;
				return -1;
			}
			done += (size_t)r;
		}
		q += k;
		off += k;
		n -= k;
	}
	if (n > 0) {
		if (off - s->flen + n > s->mem.len) {
			errno = EINVAL;
			return -1;
		}
		memcpy(q, s->mem.data + (off - s->flen), n);
	}
	return 0;
}

/* ---- the model ------------------------------------------------------------- */

void
te_book_init(struct te_book *b)
{
	memset(b, 0, sizeof *b);
	b->lang = -1;
	b->title_lang = -1;
}

static void
free_stmt(struct te_stmt *s)
{
	free(s->name);
	free(s->title);
	free(s->creator);
	free(s->publisher);
	free(s->date);
	free(s->source);
	free(s->uuid);
	free(s->first_head);
}

void
te_book_reset(struct te_book *b)
{
	size_t i;

	for (i = 0; i < b->nlangs; i++)
		free(b->langs[i]);
	b->nlangs = 0;
	for (i = 0; i < b->nstmts; i++)
		free_stmt(&b->stmts[i]);
	b->nstmts = 0;
	b->nchaps = 0;
	for (i = 0; i < b->nnavs; i++)
		free(b->navs[i].label);
	b->nnavs = 0;
	b->next_anchor = 0;
	wq_buf_reset(&b->spool.mem);
	b->spool.flen = 0;
	b->lang = -1;
	b->uid[0] = '\0';
	b->title = NULL;
	b->title_lang = -1;
	b->modified[0] = '\0';
	b->mtime = 0;
	b->anthology = false;
}

void
te_book_free(struct te_book *b)
{
	te_book_reset(b);
	free(b->langs);
	free(b->lang_used);
	free(b->stmts);
	free(b->chaps);
	free(b->navs);
	wq_buf_free(&b->spool.mem);
	if (b->spool.fp != NULL)
		fclose(b->spool.fp);
	memset(b, 0, sizeof *b);
}

/* Make room for one more element in an array. 0 or -1. */
static int
grow(void **v, size_t *cap, size_t n, size_t size)
{
	void *p;
	size_t nc;

	if (n < *cap)
		return 0;
	nc = *cap ? *cap * 2 : 16;
	if ((p = realloc(*v, nc * size)) == NULL)
		return -1;
	*v = p;
	*cap = nc;
	return 0;
}

int
te_book_lang(struct te_book *b, const char *tag)
{
	size_t i;
	char *t;

	if (!te_lang_ok(tag))
		return -1;
	for (i = 0; i < b->nlangs; i++)
		if (strcmp(b->langs[i], tag) == 0)
			return (int)i;
	if (b->nlangs >= MAX_LANGS && strcmp(tag, "und") != 0)
		return -1;
	if (b->nlangs == b->langcap) {
		size_t nc = b->langcap ? b->langcap * 2 : 8;
		char **nl = realloc(b->langs, nc * sizeof *nl);
		bool *nu;

		if (nl == NULL)
			return -1;
		b->langs = nl;
		if ((nu = realloc(b->lang_used, nc * sizeof *nu)) == NULL)
			return -1;
		b->lang_used = nu;
		b->langcap = nc;
	}
	if ((t = strdup(tag)) == NULL)
		return -1;
	b->langs[b->nlangs] = t;
	b->lang_used[b->nlangs] = false;
	return (int)b->nlangs++;
}

struct te_stmt *
te_book_add_stmt(struct te_book *b, const char *name)
{
	struct te_stmt *s;

	if (grow((void **)&b->stmts, &b->stmtcap, b->nstmts, sizeof *b->stmts) != 0)
		return NULL;
	s = &b->stmts[b->nstmts];
	memset(s, 0, sizeof *s);
	if ((s->name = strdup(name)) == NULL)
		return NULL;
	s->title_lang = s->creator_lang = s->lang = -1;
	s->stamp = -1;
	s->chap0 = b->nchaps;
	s->nav0 = b->nnavs;
	b->nstmts++;
	return s;
}

int
te_book_add_chapter(struct te_book *b, uint64_t off, uint64_t len)
{
	struct te_chapter *c;

	if (grow((void **)&b->chaps, &b->chapcap, b->nchaps, sizeof *b->chaps) != 0)
		return -1;
	c = &b->chaps[b->nchaps++];
	c->off = off;
	c->len = len;
	c->stmt = b->nstmts - 1;
	b->stmts[c->stmt].nchap++;
	return 0;
}

int
te_book_add_nav(struct te_book *b, unsigned level, unsigned anchor, int lang, const char *label)
{
	struct te_nav *n;

	if (grow((void **)&b->navs, &b->navcap, b->nnavs, sizeof *b->navs) != 0)
		return -1;
	n = &b->navs[b->nnavs];
	if ((n->label = strdup(label)) == NULL)
		return -1;
	n->level = level;
	n->chapter = b->nchaps; /* the chapter being written */
	n->anchor = anchor;
	n->lang = lang;
	b->nnavs++;
	b->stmts[b->nstmts - 1].nnav++;
	return 0;
}

/* ---- finishing -------------------------------------------------------------- */

static const char *
stmt_title(const struct te_stmt *s, int *lang)
{
	*lang = s->title_lang;
	if (s->title != NULL && *s->title != '\0')
		return s->title;
	if (s->first_head != NULL && *s->first_head != '\0') {
		*lang = s->lang;
		return s->first_head;
	}
	*lang = -1;
	return strcmp(s->name, "-") == 0 ? "stdin" : wq_path_base(s->name);
}

void
te_book_finish(struct te_book *b, bool have_epoch, int64_t epoch, int64_t now)
{
	size_t i, j, best = 0, *count;
	char hex[WQ_DIGEST_HEX_MAX + 1];
	struct wq_digest *d;
	int64_t t = -1;

	b->anthology = b->nstmts > 1 || b->force_anthology;
	/* main language: the one most statements have (first on a tie) */
	b->lang = -1;
	count = calloc(b->nlangs + 1, sizeof *count);
	for (i = 0; i < b->nstmts; i++) {
		int l = b->stmts[i].lang;

		if (l >= 0 && count != NULL && ++count[l] > best) {
			best = count[l];
			b->lang = l;
		} else if (l >= 0 && count == NULL && b->lang < 0) {
			b->lang = l;
		}
	}
	free(count);
	if (b->lang < 0)
		b->lang = te_book_lang(b, "und");
	if (b->lang >= 0)
		b->lang_used[b->lang] = true;
	/* (b->lang < 0 only without memory: lang_of() says "und" then) */

	/* identifier */
	if (b->nstmts == 1 && b->stmts[0].uuid != NULL && !b->anthology) {
		snprintf(b->uid, sizeof b->uid, "%s", b->stmts[0].uuid);
	} else if (b->nstmts == 1 && !b->anthology) {
		wq_uuid_from_sha256(b->stmts[0].sha256, b->uid);
	} else {
		hex[0] = '\0';
		if ((d = wq_digest_new(WQ_SHA256)) != NULL) {
			wq_digest_update(d, "tei2epub anthology\n", 19);
			if (b->title_opt != NULL)
				wq_digest_update(d, b->title_opt, strlen(b->title_opt));
			wq_digest_update(d, "\n", 1);
			for (i = 0; i < b->nstmts; i++) {
				const char *id = b->stmts[i].uuid ? b->stmts[i].uuid : b->stmts[i].sha256;

				wq_digest_update(d, id, strlen(id));
				wq_digest_update(d, "\n", 1);
			}
			wq_digest_final_hex(d, hex);
			wq_digest_free(d);
		}
		if (strlen(hex) != 64)
			memset(hex, '0', 64), hex[64] = '\0';
		wq_uuid_from_sha256(hex, b->uid);
	}

	/* title */
	if (b->title_opt != NULL) {
		b->title = b->title_opt;
		b->title_lang = -1;
	} else if (b->nstmts == 1) {
		b->title = stmt_title(&b->stmts[0], &b->title_lang);
	} else {
		b->title = "Statements";
		b->title_lang = te_book_lang(b, "en");
	}

	/* modification time */
	if (have_epoch) {
		t = epoch;
	} else {
		for (i = 0; i < b->nstmts; i++)
			if (b->stmts[i].stamp > t)
				t = b->stmts[i].stamp;
		if (t < 0)
			t = now;
	}
	b->mtime = t;
	wq_format_datetime(t, b->modified);
	(void)j;
}

/* ---- XML helpers ------------------------------------------------------------- */

int
te_xml_escape(struct wq_buf *out, const char *s, size_t n)
{
	size_t i = 0, k;
	const char *rep;

	while (i < n) {
		/* strcspn is vectorised; s is NUL-terminated (see te_book.h) */
		k = strcspn(s + i, "&<>\"");
		if (k >= n - i)
			break;
		if (wq_buf_append(out, s + i, k) != 0)
			return -1;
		i += k;
		switch (s[i]) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		default: rep = NULL; break; /* an embedded NUL: not XML, kept as is */
		}
		if (rep != NULL ? wq_buf_puts(out, rep) != 0 : wq_buf_append(out, s + i, 1) != 0)
			return -1;
		i++;
	}
	return wq_buf_append(out, s + i, n - i);
}

static int
esc(struct wq_buf *out, const char *s)
{
	return te_xml_escape(out, s, strlen(s));
}

int
te_lang_attrs(struct wq_buf *out, const char *tag)
{
	if (wq_buf_puts(out, " xml:lang=\"") != 0 || wq_buf_puts(out, tag) != 0 ||
	    wq_buf_puts(out, "\" lang=\"") != 0 || wq_buf_puts(out, tag) != 0 ||
	    wq_buf_puts(out, "\" dir=\"") != 0 || wq_buf_puts(out, te_lang_dir(tag)) != 0 ||
	    wq_buf_puts(out, "\"") != 0)
		return -1;
	return 0;
}

/* The tag of language index l; "und" for none. */
static const char *
lang_of(const struct te_book *b, int l)
{
	return l >= 0 && (size_t)l < b->nlangs ? b->langs[l] : "und";
}

/* Language attributes for text in language l inside the book's language. */
static int
lang_if_differs(const struct te_book *b, struct wq_buf *out, int l)
{
	if (l < 0 || (size_t)l >= b->nlangs || l == b->lang)
		return 0;
	return te_lang_attrs(out, lang_of(b, l));
}

void
te_book_chapter_name(size_t i, char *out)
{
	snprintf(out, 32, "c%04zu.xhtml", i + 1);
}

/* ---- the generated files ---------------------------------------------------- */

int
te_book_container(const struct te_book *b, struct wq_buf *out)
{
	(void)b;
	return wq_buf_puts(out,
	    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<container version=\"1.0\" xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\">\n"
	    "  <rootfiles>\n"
	    "    <rootfile full-path=\"EPUB/package.opf\" media-type=\"application/oebps-package+xml\"/>\n"
	    "  </rootfiles>\n"
	    "</container>\n");
}

/* A dc element with optional language, escaped text. */
static int
dc(const struct te_book *b, struct wq_buf *out, const char *el, const char *id, int l,
   const char *text)
{
	int r = wq_buf_printf(out, "    <dc:%s", el);

	if (r == 0 && id != NULL)
		r = wq_buf_printf(out, " id=\"%s\"", id);
	if (r == 0 && l >= 0 && (size_t)l < b->nlangs && l != b->lang)
		r = wq_buf_printf(out, " xml:lang=\"%s\" dir=\"%s\"", lang_of(b, l),
		                  te_lang_dir(lang_of(b, l)));
	if (r == 0)
		r = wq_buf_puts(out, ">");
	if (r == 0)
		r = esc(out, text);
	if (r == 0)
		r = wq_buf_printf(out, "</dc:%s>\n", el);
	return r;
}

/* Is text already among the first n statements' values of field? */
static bool
seen_before(const struct te_book *b, size_t n, size_t off, const char *text)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const char *v = *(char *const *)((const char *)&b->stmts[i] + off);

		if (v != NULL && strcmp(v, text) == 0)
			return true;
	}
	return false;
}

int
te_book_package(const struct te_book *b, struct wq_buf *out)
{
	size_t i;
	int r = 0, l;
	const char *lang = lang_of(b, b->lang);
	char name[32], day[11];
	const char *date = NULL;

	r |= wq_buf_printf(out,
	    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\" "
	    "unique-identifier=\"uid\" xml:lang=\"%s\" dir=\"%s\">\n"
	    "  <metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n",
	    lang, te_lang_dir(lang));
	r |= dc(b, out, "identifier", "uid", -1, b->uid);
	r |= dc(b, out, "title", "title", b->title_lang, b->title);
	r |= wq_buf_printf(out, "    <dc:language>%s</dc:language>\n", lang);
	for (l = 0; (size_t)l < b->nlangs; l++)
		if (l != b->lang && b->lang_used[l] && strcmp(b->langs[l], "und") != 0)
			r |= wq_buf_printf(out, "    <dc:language>%s</dc:language>\n", b->langs[l]);
	for (i = 0; i < b->nstmts; i++) {
		const struct te_stmt *s = &b->stmts[i];

		if (s->creator != NULL && *s->creator != '\0' &&
		    !seen_before(b, i, offsetof(struct te_stmt, creator), s->creator))
			r |= dc(b, out, "creator", NULL, s->creator_lang, s->creator);
	}
	for (i = 0; i < b->nstmts; i++) {
		const struct te_stmt *s = &b->stmts[i];

		if (s->publisher != NULL && *s->publisher != '\0' &&
		    strcmp(s->publisher, "txt2tei") != 0 &&
		    !seen_before(b, i, offsetof(struct te_stmt, publisher), s->publisher))
			r |= dc(b, out, "publisher", NULL, -1, s->publisher);
	}
	/* dc:date: the statement's date; for an anthology the latest one */
	for (i = 0; i < b->nstmts; i++) {
		const char *d = b->stmts[i].date;

		if (d != NULL && (date == NULL || strcmp(d, date) > 0))
			date = d;
	}
	if (date == NULL) {
		/* no statement date: the book's own */
		memcpy(day, b->modified, 10);
		day[10] = '\0';
		date = day;
	}
	r |= dc(b, out, "date", NULL, -1, date);
	for (i = 0; i < b->nstmts; i++) {
		const struct te_stmt *s = &b->stmts[i];

		if (s->source != NULL && *s->source != '\0' &&
		    !seen_before(b, i, offsetof(struct te_stmt, source), s->source))
			r |= dc(b, out, "source", NULL, -1, s->source);
	}
	r |= wq_buf_printf(out, "    <meta property=\"dcterms:modified\">%s</meta>\n", b->modified);
	/* accessibility: what the book is, not a conformance claim */
	r |= wq_buf_puts(out,
	    "    <meta property=\"schema:accessMode\">textual</meta>\n");
	if (b->cover)
		r |= wq_buf_puts(out,
		    "    <meta property=\"schema:accessMode\">visual</meta>\n");
	r |= wq_buf_puts(out,
	    "    <meta property=\"schema:accessModeSufficient\">textual</meta>\n"
	    "    <meta property=\"schema:accessibilityFeature\">structuralNavigation</meta>\n"
	    "    <meta property=\"schema:accessibilityFeature\">tableOfContents</meta>\n"
	    "    <meta property=\"schema:accessibilityFeature\">readingOrder</meta>\n");
	if (b->cover)
		r |= wq_buf_puts(out,
		    "    <meta property=\"schema:accessibilityFeature\">alternativeText</meta>\n");
	r |= wq_buf_puts(out,
	    "    <meta property=\"schema:accessibilityHazard\">none</meta>\n"
	    "    <meta property=\"schema:accessibilitySummary\">Text with headings, a table of "
	    "contents and the language of every passage marked.</meta>\n");
	if (b->cover)
		r |= wq_buf_puts(out, "    <meta name=\"cover\" content=\"cover-image\"/>\n");
	r |= wq_buf_puts(out, "  </metadata>\n  <manifest>\n"
	    "    <item id=\"nav\" href=\"nav.xhtml\" media-type=\"application/xhtml+xml\" properties=\"nav\"/>\n"
	    "    <item id=\"ncx\" href=\"toc.ncx\" media-type=\"application/x-dtbncx+xml\"/>\n"
	    "    <item id=\"css\" href=\"style.css\" media-type=\"text/css\"/>\n");
	if (b->cover)
		r |= wq_buf_puts(out,
		    "    <item id=\"cover-image\" href=\"cover.svg\" media-type=\"image/svg+xml\" properties=\"cover-image\"/>\n"
		    "    <item id=\"cover\" href=\"cover.xhtml\" media-type=\"application/xhtml+xml\"/>\n");
	if (b->anthology)
		r |= wq_buf_puts(out,
		    "    <item id=\"titlepage\" href=\"title.xhtml\" media-type=\"application/xhtml+xml\"/>\n");
	for (i = 0; i < b->nchaps; i++) {
		te_book_chapter_name(i, name);
		r |= wq_buf_printf(out,
		    "    <item id=\"c%04zu\" href=\"%s\" media-type=\"application/xhtml+xml\"/>\n",
		    i + 1, name);
	}
	r |= wq_buf_printf(out, "  </manifest>\n  <spine toc=\"ncx\"%s>\n",
	                   te_lang_rtl(lang) ? " page-progression-direction=\"rtl\"" : "");
	if (b->cover)
		r |= wq_buf_puts(out, "    <itemref idref=\"cover\"/>\n");
	if (b->anthology)
		r |= wq_buf_puts(out, "    <itemref idref=\"titlepage\"/>\n    <itemref idref=\"nav\"/>\n");
	for (i = 0; i < b->nchaps; i++)
		r |= wq_buf_printf(out, "    <itemref idref=\"c%04zu\"/>\n", i + 1);
	r |= wq_buf_puts(out, "  </spine>\n</package>\n");
	return r ? -1 : 0;
}

int
te_xhtml_start(struct wq_buf *out, const char *lang, const char *title, const char *title_lang)
{
	int r;

	r = wq_buf_puts(out,
	    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<!DOCTYPE html>\n"
	    "<html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\"");
	r |= te_lang_attrs(out, lang);
	r |= wq_buf_puts(out, ">\n<head>\n<meta charset=\"UTF-8\"/>\n<title");
	if (title_lang != NULL && strcmp(title_lang, lang) != 0)
		r |= te_lang_attrs(out, title_lang);
	r |= wq_buf_puts(out, ">");
	r |= esc(out, title);
	r |= wq_buf_puts(out, "</title>\n"
	    "<link rel=\"stylesheet\" type=\"text/css\" href=\"style.css\"/>\n</head>\n");
	return r ? -1 : 0;
}

/* The start of an XHTML document in the book's language. */
static int
xhtml_head(const struct te_book *b, struct wq_buf *out, const char *title, int title_lang)
{
	return te_xhtml_start(out, lang_of(b, b->lang), title,
	                      title_lang >= 0 && (size_t)title_lang < b->nlangs ? b->langs[title_lang] : NULL);
}

/* "Contents" in the book's language, when we know it. */
static const char *
contents_word(const char *lang, bool *known)
{
	static const struct { const char *lang, *word; } words[] = {
		{ "ar", "المحتويات" }, { "ckb", "ناوەڕۆک" }, { "de", "Inhalt" },
		{ "en", "Contents" }, { "fa", "فهرست" }, { "fr", "Sommaire" },
	};
	size_t i, n = strcspn(lang ? lang : "", "-");

	for (i = 0; i < sizeof words / sizeof words[0]; i++)
		if (lang != NULL && strlen(words[i].lang) == n && strncmp(lang, words[i].lang, n) == 0) {
			*known = true;
			return words[i].word;
		}
	*known = false;
	return "Contents";
}

/* One flattened toc entry: where it points and what it says. */
struct entry {
	unsigned level;
	size_t chapter;
	unsigned anchor;
	int lang;
	const char *label;
};

/* The toc as a list of entries (caller frees *ev). -1 on ENOMEM. */
static int
toc_entries(const struct te_book *b, struct entry **ev, size_t *n)
{
	size_t i, j, k = 0, cap = b->nnavs + 2 * b->nstmts + b->nchaps + 1;
	struct entry *e = calloc(cap, sizeof *e);

	if (e == NULL)
		return -1;
	for (i = 0; i < b->nstmts; i++) {
		const struct te_stmt *s = &b->stmts[i];
		unsigned base = 0, skipped = UINT_MAX;
		int tl;
		const char *title = stmt_title(s, &tl);

		if (s->nchap == 0)
			continue;
		if (b->anthology) {
			e[k++] = (struct entry){ 1, s->chap0, 0, tl, title };
			base = 1;
		}
		if (s->nnav == 0) {
			/* no headings: one entry per chapter */
			for (j = b->anthology ? 1 : 0; j < s->nchap; j++)
				e[k++] = (struct entry){ base + 1, s->chap0 + j, 0, tl, title };
			continue;
		}
		for (j = s->nav0; j < s->nav0 + s->nnav; j++) {
			const struct te_nav *v = &b->navs[j];

			/* the statement's heading repeats its title: skip it in an anthology */
			if (b->anthology && j == s->nav0 && strcmp(v->label, title) == 0) {
				skipped = v->level;
				continue;
			}
			e[k++] = (struct entry){ base + v->level - (v->level > skipped), v->chapter, v->anchor,
			                         v->lang >= 0 ? v->lang : s->lang,
			                         *v->label ? v->label : title };
		}
	}
	if (k == 0 && b->nchaps > 0)
		e[k++] = (struct entry){ 1, 0, 0, b->title_lang, b->title };
	/* levels to nesting depths: siblings stay siblings whatever the gaps */
	{
		unsigned *stack = calloc(k + 1, sizeof *stack);
		size_t sn = 0;

		if (stack == NULL) {
			free(e);
			return -1;
		}
		for (i = 0; i < k; i++) {
			while (sn > 0 && stack[sn - 1] >= e[i].level)
				sn--;
			stack[sn++] = e[i].level;
			e[i].level = (unsigned)sn;
		}
		free(stack);
	}
	*ev = e;
	*n = k;
	return 0;
}

static int
entry_href(struct wq_buf *out, const struct entry *e)
{
	char name[32];

	te_book_chapter_name(e->chapter, name);
	if (e->anchor != 0)
		return wq_buf_printf(out, "%s#h%u", name, e->anchor);
	return wq_buf_puts(out, name);
}

int
te_book_navdoc(const struct te_book *b, struct wq_buf *out)
{
	struct entry *e = NULL;
	size_t i, n = 0;
	unsigned depth = 0, lv;
	int r = 0;
	bool known;
	const char *word = contents_word(lang_of(b, b->lang), &known);
	char first[32];

	if (toc_entries(b, &e, &n) != 0)
		return -1;
	r |= xhtml_head(b, out, b->title, b->title_lang);
	r |= wq_buf_printf(out, "<body>\n<nav epub:type=\"toc\" id=\"toc\">\n<h1%s>%s</h1>\n",
	                   known ? "" : (strcmp(lang_of(b, b->lang), "en") != 0 ?
	                   " xml:lang=\"en\" lang=\"en\" dir=\"ltr\"" : ""), word);
	for (i = 0; i < n; i++) {
		lv = e[i].level < 1 ? 1 : e[i].level;
		if (lv > depth + 1)
			lv = depth + 1;
		if (lv > depth) {
			r |= wq_buf_puts(out, "\n<ol>\n");
			depth = lv;
		} else {
			r |= wq_buf_puts(out, "</li>\n");
			while (depth > lv) {
				r |= wq_buf_puts(out, "</ol>\n</li>\n");
				depth--;
			}
		}
		r |= wq_buf_puts(out, "<li><a href=\"");
		r |= entry_href(out, &e[i]);
		r |= wq_buf_puts(out, "\"");
		r |= lang_if_differs(b, out, e[i].lang);
		r |= wq_buf_puts(out, ">");
		r |= esc(out, e[i].label);
		r |= wq_buf_puts(out, "</a>");
	}
	if (depth > 0) {
		r |= wq_buf_puts(out, "</li>\n");
		while (depth > 1) {
			r |= wq_buf_puts(out, "</ol>\n</li>\n");
			depth--;
		}
		r |= wq_buf_puts(out, "</ol>\n");
	}
	r |= wq_buf_puts(out, "</nav>\n");
	/* landmarks: only documents in the spine */
	te_book_chapter_name(0, first);
	r |= wq_buf_printf(out, "<nav epub:type=\"landmarks\" id=\"landmarks\" hidden=\"hidden\"%s>\n"
	    "<h2>Landmarks</h2>\n<ol>\n",
	    strcmp(lang_of(b, b->lang), "en") != 0 ?
	    " xml:lang=\"en\" lang=\"en\" dir=\"ltr\"" : "");
	if (b->cover)
		r |= wq_buf_puts(out, "<li><a epub:type=\"cover\" href=\"cover.xhtml\">Cover</a></li>\n");
	if (b->anthology)
		r |= wq_buf_puts(out,
		    "<li><a epub:type=\"titlepage\" href=\"title.xhtml\">Title page</a></li>\n"
		    "<li><a epub:type=\"toc\" href=\"nav.xhtml#toc\">Contents</a></li>\n");
	r |= wq_buf_printf(out, "<li><a epub:type=\"bodymatter\" href=\"%s\">Start of content</a></li>\n"
	    "</ol>\n</nav>\n</body>\n</html>\n", first);
	free(e);
	return r ? -1 : 0;
}

int
te_book_ncx(const struct te_book *b, struct wq_buf *out)
{
	struct entry *e = NULL;
	size_t i, n = 0;
	unsigned depth = 0, lv, maxd = 1;
	int r = 0;

	if (toc_entries(b, &e, &n) != 0)
		return -1;
	/* depth first, for the head */
	for (i = 0; i < n; i++) {
		lv = e[i].level < 1 ? 1 : e[i].level;
		if (lv > depth + 1)
			lv = depth + 1;
		depth = lv;
		if (lv > maxd)
			maxd = lv;
	}
	r |= wq_buf_printf(out,
	    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<ncx xmlns=\"http://www.daisy.org/z3986/2005/ncx/\" version=\"2005-1\" xml:lang=\"%s\">\n"
	    "<head>\n<meta name=\"dtb:uid\" content=\"", lang_of(b, b->lang));
	r |= esc(out, b->uid);
	r |= wq_buf_printf(out, "\"/>\n<meta name=\"dtb:depth\" content=\"%u\"/>\n"
	    "<meta name=\"dtb:totalPageCount\" content=\"0\"/>\n"
	    "<meta name=\"dtb:maxPageNumber\" content=\"0\"/>\n</head>\n"
	    "<docTitle><text>", maxd);
	r |= esc(out, b->title);
	r |= wq_buf_puts(out, "</text></docTitle>\n<navMap>\n");
	depth = 0;
	for (i = 0; i < n; i++) {
		lv = e[i].level < 1 ? 1 : e[i].level;
		if (lv > depth + 1)
			lv = depth + 1;
		if (lv <= depth) {
			while (depth >= lv) {
				r |= wq_buf_puts(out, "</navPoint>\n");
				depth--;
			}
		}
		depth = lv;
		r |= wq_buf_printf(out, "<navPoint id=\"np%zu\" playOrder=\"%zu\"><navLabel><text>",
		                   i + 1, i + 1);
		r |= esc(out, e[i].label);
		r |= wq_buf_puts(out, "</text></navLabel><content src=\"");
		r |= entry_href(out, &e[i]);
		r |= wq_buf_puts(out, "\"/>\n");
	}
	while (depth > 0) {
		r |= wq_buf_puts(out, "</navPoint>\n");
		depth--;
	}
	r |= wq_buf_puts(out, "</navMap>\n</ncx>\n");
	free(e);
	return r ? -1 : 0;
}

int
te_book_css(const struct te_book *b, struct wq_buf *out)
{
	(void)b;
	return wq_buf_puts(out,
	    "/* tei2epub: logical properties, so right-to-left text needs no rules of its own */\n"
	    "body { line-height: 1.5; }\n"
	    "h1, h2, h3, h4, h5, h6 { text-align: start; line-height: 1.25; }\n"
	    "p { text-align: start; margin-top: 0; margin-bottom: 0.75em; }\n"
	    "p.meta { font-size: 0.85em; margin-top: 1.5em; }\n"
	    "ol, ul { margin-inline-start: 0; padding-inline-start: 2em; }\n"
	    "li.lbl { list-style-type: none; }\n"
	    "li.num-arab { list-style-type: arabic-indic; }\n"
	    "li.num-pers { list-style-type: persian; }\n"
	    "span.label { margin-inline-end: 0.25em; }\n"
	    "blockquote { margin-inline-start: 2em; margin-inline-end: 0; }\n"
	    "div.closer { margin-top: 1.5em; }\n"
	    "div.closer p { margin-bottom: 0.25em; }\n"
	    "aside.note, small.note { font-size: 0.85em; }\n"
	    "section.titlepage { text-align: center; margin-top: 30%; }\n"
	    "div.cover { text-align: center; }\n"
	    "div.cover img { max-width: 100%; max-height: 100%; }\n");
}

int
te_book_titlepage(const struct te_book *b, struct wq_buf *out)
{
	int r = xhtml_head(b, out, b->title, b->title_lang);
	size_t i, n = 0;

	r |= wq_buf_puts(out, "<body>\n<section epub:type=\"titlepage\" class=\"titlepage\">\n<h1");
	r |= lang_if_differs(b, out, b->title_lang);
	r |= wq_buf_puts(out, ">");
	r |= esc(out, b->title);
	r |= wq_buf_puts(out, "</h1>\n");
	for (i = 0; i < b->nstmts; i++)
		if (b->stmts[i].creator != NULL && *b->stmts[i].creator != '\0' &&
		    !seen_before(b, i, offsetof(struct te_stmt, creator), b->stmts[i].creator)) {
			r |= wq_buf_puts(out, n++ == 0 ? "<p class=\"creators\">" : "<br/>");
			r |= wq_buf_puts(out, "<span");
			r |= lang_if_differs(b, out, b->stmts[i].creator_lang);
			r |= wq_buf_puts(out, ">");
			r |= esc(out, b->stmts[i].creator);
			r |= wq_buf_puts(out, "</span>");
		}
	if (n > 0)
		r |= wq_buf_puts(out, "</p>\n");
	r |= wq_buf_puts(out, "</section>\n</body>\n</html>\n");
	return r ? -1 : 0;
}

/* Split the title into lines of about width characters at spaces. */
static size_t
cover_lines(const char *t, size_t width, const char *start[8], size_t len[8])
{
	size_t n = 0, chars = 0;
	const char *line = t, *p, *lastsp = NULL;

	while (*line == ' ')
		line++;
	for (p = line; *p != '\0' && n < 8; p++) {
		if (((unsigned char)*p & 0xC0) != 0x80)
			chars++;
		if (*p == ' ')
			lastsp = p;
		if (chars > width && lastsp != NULL) {
			start[n] = line;
			len[n++] = (size_t)(lastsp - line);
			line = lastsp + 1;
			p = line - 1;
			chars = 0;
			lastsp = NULL;
		}
	}
	if (n < 8 && *line != '\0') {
		start[n] = line;
		len[n++] = strlen(line);
	}
	return n;
}

int
te_book_cover_svg(const struct te_book *b, struct wq_buf *out)
{
	const char *start[8], *lang = lang_of(b, b->title_lang >= 0 ? b->title_lang : b->lang);
	size_t len[8], n, i, y;
	char *flat = strdup(b->title);
	int r = 0;

	if (flat == NULL)
		return -1;
	te_squeeze(flat);
	n = cover_lines(flat, 18, start, len);
	y = 450 - (n * 60) / 2 + 40;
	r |= wq_buf_puts(out,
	    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"600\" height=\"900\" "
	    "viewBox=\"0 0 600 900\">\n<title>");
	r |= esc(out, flat);
	r |= wq_buf_puts(out, "</title>\n"
	    "<rect x=\"0\" y=\"0\" width=\"600\" height=\"900\" fill=\"#f4efe6\"/>\n"
	    "<rect x=\"30\" y=\"30\" width=\"540\" height=\"840\" fill=\"none\" stroke=\"#3b4a5a\" stroke-width=\"4\"/>\n");
	r |= wq_buf_printf(out, "<g font-family=\"serif\" font-size=\"40\" fill=\"#1f2a36\" "
	    "text-anchor=\"middle\" xml:lang=\"%s\" direction=\"%s\">\n", lang ? lang : "und",
	    te_lang_dir(lang));
	for (i = 0; i < n; i++) {
		r |= wq_buf_printf(out, "<text x=\"300\" y=\"%zu\">", y + i * 60);
		r |= te_xml_escape(out, start[i], len[i]);
		r |= wq_buf_puts(out, "</text>\n");
	}
	r |= wq_buf_puts(out, "</g>\n</svg>\n");
	free(flat);
	return r ? -1 : 0;
}

int
te_book_cover_xhtml(const struct te_book *b, struct wq_buf *out)
{
	int r = xhtml_head(b, out, b->title, b->title_lang);

	r |= wq_buf_puts(out, "<body epub:type=\"cover\">\n<div class=\"cover\"><img src=\"cover.svg\" alt=\"");
	r |= esc(out, b->title);
	r |= wq_buf_puts(out, "\"/></div>\n</body>\n</html>\n");
	return r ? -1 : 0;
}
