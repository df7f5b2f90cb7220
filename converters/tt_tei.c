/* tt_tei.c - txt2tei: TEI writer over libxml2's xmlwriter (see tt_tei.h). */
#include "tt_tei.h"

#include <stdint.h>
#include <string.h>

#include "tt_classify.h"

#define X(s) ((const xmlChar *)(s))

int
tt_tei_open(struct tt_tei *t, FILE *out)
{
	xmlOutputBufferPtr ob;
	struct wq_buf esc = t->esc;

	memset(t, 0, sizeof *t);
	t->esc = esc; /* kept from one document to the next */
	ob = xmlOutputBufferCreateFile(out, NULL);
	if (ob == NULL)
		return -1;
	t->w = xmlNewTextWriter(ob);
	if (t->w == NULL) {
		xmlOutputBufferClose(ob);
		return -1;
	}
	if (xmlTextWriterStartDocument(t->w, "1.0", "UTF-8", NULL) < 0)
		t->err = -1;
	return t->err;
}

int
tt_tei_finish(struct tt_tei *t)
{
	int rc = t->err;

	if (t->w != NULL) {
		if (rc == 0 && xmlTextWriterEndDocument(t->w) < 0)
			rc = -1;
		if (rc == 0 && xmlTextWriterFlush(t->w) < 0)
			rc = -1;
		xmlFreeTextWriter(t->w);
		t->w = NULL;
	}
	return rc;
}

void
tt_tei_discard(struct tt_tei *t)
{
	if (t->w != NULL)
		xmlFreeTextWriter(t->w);
	t->w = NULL;
}

void
tt_tei_release(struct tt_tei *t)
{
	tt_tei_discard(t);
	wq_buf_free(&t->esc);
}

static void
check(struct tt_tei *t, int rc)
{
	if (rc < 0)
		t->err = -1;
}

void
tt_tei_nl(struct tt_tei *t, int depth)
{
	static const char spaces[] = "\n                                        ";
	size_t n = 1 + 2 * (size_t)depth;

	if (t->err)
		return;
	if (n > sizeof spaces - 1)
		n = sizeof spaces - 1;
	check(t, xmlTextWriterWriteRawLen(t->w, X(spaces), (int)n));
}

void
tt_tei_start(struct tt_tei *t, const char *name)
{
	if (!t->err)
		check(t, xmlTextWriterStartElement(t->w, X(name)));
}

void
tt_tei_attr(struct tt_tei *t, const char *name, const char *value)
{
	if (!t->err)
		check(t, xmlTextWriterWriteAttribute(t->w, X(name), X(value)));
}

void
tt_tei_end(struct tt_tei *t)
{
	if (!t->err)
		check(t, xmlTextWriterFullEndElement(t->w));
}

void
tt_tei_text(struct tt_tei *t, const char *s, size_t n)
{
	const char *run = s, *end = s + n, *p;
	const char *rep;

	if (t->err || n == 0)
		return;
	wq_buf_reset(&t->esc);
	for (p = s; p < end; p++) {
		/* skip eight bytes at a time while none of them is & < > */
		while (end - p >= 8) {
			uint64_t w, a, l, g;
			const uint64_t ones = UINT64_C(0x0101010101010101);
			const uint64_t high = UINT64_C(0x8080808080808080);
			memcpy(&w, p, 8);
			a = w ^ (ones * '&');
			l = w ^ (ones * '<');
			g = w ^ (ones * '>');
			if ((((a - ones) & ~a) | ((l - ones) & ~l) | ((g - ones) & ~g)) & high)
				break;
			p += 8;
		}
		if (p >= end)
			break;
		switch (*p) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		default: continue;
		}
		if (wq_buf_append(&t->esc, run, (size_t)(p - run)) != 0 ||
		    wq_buf_puts(&t->esc, rep) != 0) {
			t->err = -1;
			return;
		}
		run = p + 1;
	}
	if (run == s) {
		/* nothing to escape: write the text as it is */
		while (n > 0 && !t->err) {
			int k = n > (1u << 30) ? (1 << 30) : (int)n;
			check(t, xmlTextWriterWriteRawLen(t->w, X(s), k));
			s += k;
			n -= (size_t)k;
		}
		return;
	}
	if (wq_buf_append(&t->esc, run, (size_t)(end - run)) != 0) {
		t->err = -1;
		return;
	}
	check(t, xmlTextWriterWriteRawLen(t->w, X(t->esc.data), (int)t->esc.len));
}

void
tt_tei_text_dates(struct tt_tei *t, const char *s, size_t n)
{
	struct tt_date d;
	size_t at = 0;
	char when[16];

	while (at < n && tt_find_date(s, n, at, &d)) {
		tt_tei_text(t, s + at, d.start - at);
		snprintf(when, sizeof when, "%04d-%02d-%02d", d.year, d.month, d.day);
		tt_tei_start(t, "date");
		tt_tei_attr(t, "when", when);
		tt_tei_text(t, s + d.start, d.end - d.start);
		tt_tei_end(t);
		at = d.end;
	}
	tt_tei_text(t, s + at, n - at);
}

void
tt_tei_leaf(struct tt_tei *t, int depth, const char *name, const char *text)
{
	tt_tei_nl(t, depth);
	tt_tei_start(t, name);
	tt_tei_text(t, text, strlen(text));
	tt_tei_end(t);
}
