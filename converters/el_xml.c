/*
 * el_xml.c - parsing the book's XML resources with libxml2: the encoding
 * rules (EPUB 3.3: UTF-8, UTF-16 tolerated), well-formedness with the
 * parser's own message and position, no network, no DTD loading, no entity
 * expansion beyond libxml2's default limits. Errors go to the report through
 * the parser context's structured handler (no global libxml2 state).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlerror.h>

#include "el_book.h"

struct parse_state {
	struct el_book *bk;
	const char *path;
	bool fatal_reported;
	unsigned nerrors;
};

static void
on_error(void *ctx, xmlErrorPtr err)
{
	xmlParserCtxtPtr pc = ctx;
	struct parse_state *ps = pc != NULL ? pc->_private : NULL;
	char msg[512];
	size_t n;

	if (ps == NULL || err == NULL || err->level == XML_ERR_WARNING)
		return;
	snprintf(msg, sizeof msg, "%s", err->message ? err->message : "parse error");
	for (n = 0; msg[n] != 0; n++)
		if (msg[n] == 0x0A)
			msg[n] = 0x20;
	n = strlen(msg);
	while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
		msg[--n] = '\0';
	if (err->level == XML_ERR_FATAL) {
		if (!ps->fatal_reported)
			el_report_add(ps->bk->r, R_XML_FATAL, ps->path,
			              err->line > 0 ? (unsigned long)err->line : 0,
			              err->int2 > 0 ? (unsigned long)err->int2 : 0, msg);
		ps->fatal_reported = true;
	} else if (ps->nerrors++ < 20) {
		el_report_add(ps->bk->r, R_SCHEMA, ps->path,
		              err->line > 0 ? (unsigned long)err->line : 0,
		              err->int2 > 0 ? (unsigned long)err->int2 : 0, msg);
	}
}

/* The encoding named in the XML declaration, into out (empty if none). */
static void
declared_encoding(const char *d, size_t len, char *out, size_t outsz)
{
	const char *end, *p;
	size_t n;

	out[0] = '\0';
	if (len < 5 || memcmp(d, "<?xml", 5) != 0)
		return;
	end = memchr(d, '>', len < 512 ? len : 512);
	if (end == NULL)
		return;
	for (p = d; p + 8 < end; p++)
		if (memcmp(p, "encoding", 8) == 0)
			break;
	if (p + 8 >= end)
		return;
	p += 8;
	while (p < end && (*p == ' ' || *p == '=' || *p == '\t'))
		p++;
	if (p >= end || (*p != '"' && *p != '\''))
		return;
	p++;
	for (n = 0; p + n < end && p[n] != '"' && p[n] != '\'' && n + 1 < outsz; n++)
		out[n] = p[n];
	out[n] = '\0';
}

xmlDocPtr
el_xml_parse(struct el_book *bk, const char *path, const char *data, size_t len)
{
	struct parse_state ps = { bk, path, false, 0 };
	xmlParserCtxtPtr pc;
	xmlDocPtr doc;
	char enc[64];
	const unsigned char *u = (const unsigned char *)data;

	if (len >= 2 && ((u[0] == 0xFE && u[1] == 0xFF) || (u[0] == 0xFF && u[1] == 0xFE))) {
		el_report_add(bk->r, R_XML_UTF16, path, 0, 0);
	} else {
		size_t skip = (len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) ? 3 : 0;
		declared_encoding(data + skip, len - skip, enc, sizeof enc);
		if (enc[0] != '\0' && strcasecmp(enc, "UTF-8") != 0) {
			if (strncasecmp(enc, "UTF-16", 6) == 0)
				el_report_add(bk->r, R_XML_UTF16, path, 1, 0);
			else
				el_report_add(bk->r, R_XML_ENCODING, path, 1, 0, enc);
		}
	}
	if (len > (size_t)0x7FFFFFFF) {
		el_report_add(bk->r, R_ZIP_LIMIT, path, 0, 0, "The size of this document", "2 GiB");
		return NULL;
	}
	if (len == 0) {
		el_report_add(bk->r, R_XML_FATAL, path, 1, 1, "Document is empty");
		return NULL;
	}
	pc = xmlCreateMemoryParserCtxt(data, (int)len);
	if (pc == NULL) {
		bk->syserr = ENOMEM;
		return NULL;
	}
	xmlCtxtUseOptions(pc, XML_PARSE_NONET | XML_PARSE_NOWARNING);
	pc->_private = &ps;
	pc->sax->serror = on_error;
	xmlParseDocument(pc);
	doc = pc->myDoc;
	pc->myDoc = NULL;
	if (doc != NULL && (!pc->wellFormed || ps.fatal_reported)) {
		xmlFreeDoc(doc);
		doc = NULL;
	}
	if (doc == NULL && !ps.fatal_reported)
		el_report_add(bk->r, R_XML_FATAL, path, 0, 0, "the document could not be parsed");
	xmlFreeParserCtxt(pc);
	return doc;
}

char *
el_xml_attr(xmlNodePtr n, const char *name, const char *ns)
{
	if (ns == NULL)
		return (char *)xmlGetNoNsProp(n, (const xmlChar *)name);
	return (char *)xmlGetNsProp(n, (const xmlChar *)name, (const xmlChar *)ns);
}

bool
el_xml_is(xmlNodePtr n, const char *ns, const char *local)
{
	return n != NULL && n->type == XML_ELEMENT_NODE && n->ns != NULL &&
	       strcmp((const char *)n->ns->href, ns) == 0 &&
	       strcmp((const char *)n->name, local) == 0;
}

bool
el_has_token(const char *s, const char *t)
{
	size_t tl = strlen(t);

	while (s != NULL && *s != '\0') {
		size_t n;
		s += strspn(s, " \t\r\n");
		n = strcspn(s, " \t\r\n");
		if (n == tl && memcmp(s, t, n) == 0)
			return true;
		s += n;
	}
	return false;
}

char *
el_strdup(struct el_book *bk, const char *s)
{
	char *d;
	size_t n;

	if (s == NULL)
		return NULL;
	n = strlen(s) + 1;
	d = malloc(n);
	if (d == NULL) {
		bk->syserr = ENOMEM;
		return NULL;
	}
	memcpy(d, s, n);
	return d;
}

xmlDocPtr
el_xml_read(struct el_book *bk, struct el_entry *e)
{
	struct wq_buf b = WQ_BUF_INIT;
	xmlDocPtr doc = NULL;

	if (el_book_read(bk, e, &b, bk->lim->max_xml) == 0)
		doc = el_xml_parse(bk, e->name, b.data ? b.data : "", b.len);
	wq_buf_free(&b);
	return doc;
}

unsigned long
el_xml_line(xmlNodePtr n)
{
	long l = xmlGetLineNo(n);
	return l > 0 ? (unsigned long)l : 0;
}
