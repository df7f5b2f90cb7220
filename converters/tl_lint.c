/*
 * tl_lint.c - teilint's engine (see tl_lint.h).
 *
 * A document goes through three stages, each reporting what it finds:
 *   1. libxml2's push parser (well-formedness, namespaces; its messages
 *      are passed through under the ID TL-XML);
 *   2. libxml2's RELAX NG validator with the compiled schema (TL-RNG);
 *   3. one walk over the tree running the rules of the table below.
 * The rules run on every well-formed document, valid or not, so one run
 * shows every problem.
 */
#include "tl_lint.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/hash.h>
#include <libxml/parser.h>
#include <libxml/relaxng.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include "tl_bcp47.h"
#include "tl_isodate.h"
#include "wathiqa.h"

/* libxml2 takes chunk sizes as int. */
#define TL_CHUNK_MAX (1 << 28)

struct tl_linter {
	xmlRelaxNGPtr schema;
};

/* A same-document pointer ("#id") waiting for the end of the walk. */
struct tl_pointer {
	char *frag;          /* without the '#'; owned */
	const char *attr;    /* attribute name (static) */
	unsigned long line;
};

/* A diagnostic waiting to be sorted. */
struct held {
	struct tl_diag d;
	char *msg;   /* owned */
	size_t seq;  /* arrival order, to keep the sort stable */
};

/* At most this many diagnostics per document are kept (then a note). */
#define TL_MAX_DIAGS 1000

struct tl_session {
	struct tl_linter *lt;
	xmlParserCtxtPtr ctxt; /* created with the first 4 bytes (or all, if fewer) */
	char head[4];          /* the first bytes, until there are 4 to tell the encoding */
	size_t nhead;
	char *name;
	tl_report_fn *fn;
	void *ud;
	unsigned long nerrors;
	bool trouble;
	/* diagnostics, held until the end to be given in line order */
	struct held *held;
	size_t nheld, capheld;
	bool overflow;
	/* the walk's state */
	xmlHashTablePtr ids;   /* xml:id -> line (as a pointer-sized integer) */
	struct tl_pointer *ptrs;
	size_t nptrs, capptrs;
};

/* ---- reporting ------------------------------------------------------------ */

static void
report(struct tl_session *s, enum tl_severity sev, const char *id,
       unsigned long line, unsigned long col, const char *msg)
{
	struct held *h;

	if (sev == TL_ERROR)
		s->nerrors++;
	if (!s->fn)
		return;
	if (s->nheld == TL_MAX_DIAGS) {
		s->overflow = true;
		return;
	}
	if (s->nheld == s->capheld) {
		size_t cap = s->capheld ? 2 * s->capheld : 8;
		h = realloc(s->held, cap * sizeof *h);
		if (!h) {
			s->trouble = true;
			return;
		}
		s->held = h;
		s->capheld = cap;
	}
	h = &s->held[s->nheld];
	h->msg = strdup(msg);
	if (!h->msg) {
		s->trouble = true;
		return;
	}
	h->d.severity = sev;
	h->d.id = id; /* always a string literal */
	h->d.line = line;
	h->d.col = col;
	h->d.msg = h->msg;
	h->seq = s->nheld++;
}

static int
cmp_held(const void *a, const void *b)
{
	const struct held *x = a, *y = b;
	if (x->d.line != y->d.line)
		return x->d.line < y->d.line ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Give the held diagnostics in line order, each distinct one once. */
static void
flush_diags(struct tl_session *s)
{
	const struct held *prev = NULL;

	if (!s->fn)
		return;
	if (s->nheld > 1)
		qsort(s->held, s->nheld, sizeof *s->held, cmp_held);
	for (size_t i = 0; i < s->nheld; i++) {
		const struct held *h = &s->held[i];
		if (prev && prev->d.line == h->d.line && prev->d.col == h->d.col &&
		    strcmp(prev->d.id, h->d.id) == 0 && strcmp(prev->msg, h->msg) == 0)
			continue;
		s->fn(s->ud, &h->d);
		prev = h;
	}
	if (s->overflow) {
		struct tl_diag d = { TL_ERROR, "TL-XML", 0, 0, "too many errors; the rest are not shown" };
		s->fn(s->ud, &d);
	}
}

static void reportf(struct tl_session *s, const char *id, unsigned long line,
                    const char *fmt, ...) WQ_PRINTF(4, 5);
static void
reportf(struct tl_session *s, const char *id, unsigned long line,
        const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	report(s, TL_ERROR, id, line, 0, buf);
}

/*
 * A value quoted in a message, cut to at most 80 bytes on a UTF-8 character
 * boundary (then ending in "..."), into out[88].
 */
static const char *
clip(const char *v, char *out)
{
	size_t n = strlen(v);

	if (n <= 80)
		return v;
	n = 80;
	while (n > 0 && ((unsigned char)v[n] & 0xC0) == 0x80)
		n--; /* not inside a character */
	memcpy(out, v, n);
	memcpy(out + n, "...", 4);
	return out;
}

/* A libxml2 error: its message without the trailing newline. */
static void
pass_through(struct tl_session *s, const char *id, const xmlError *err)
{
	char buf[1024];
	const char *m = err->message ? err->message : "unknown error";
	size_t n = strlen(m);
	unsigned long line = err->line > 0 ? (unsigned long)err->line : 0;
	unsigned long col = 0;

	while (n > 0 && (m[n - 1] == '\n' || m[n - 1] == ' '))
		n--;
	if (n >= sizeof buf)
		n = sizeof buf - 1;
	memcpy(buf, m, n);
	buf[n] = '\0';
	for (char *q = buf; *q; q++) /* one message, one line */
		if (*q == '\n' || *q == '\r')
			*q = ' ';
	if (err->domain == XML_FROM_PARSER || err->domain == XML_FROM_NAMESPACE)
		col = err->int2 > 0 ? (unsigned long)err->int2 : 0;
	if (line == 0 && err->node && ((xmlNodePtr)err->node)->type == XML_ELEMENT_NODE)
		line = (unsigned long)xmlGetLineNo((xmlNodePtr)err->node);
	if (err->code == XML_ERR_NO_MEMORY)
		s->trouble = true;
	report(s, err->level == XML_ERR_WARNING ? TL_WARNING : TL_ERROR, id,
	       line, col, buf);
}

/* Parser errors: libxml2 hands us the parser context, whose _private is the session. */
static void
on_parse_error(void *data, xmlErrorPtr err)
{
	xmlParserCtxtPtr ctxt = data;
	struct tl_session *s = ctxt ? ctxt->_private : NULL;

	/* The parser's "ID x already defined" is said better by TL-ID-UNIQUE. */
	if (s && err->code != XML_DTD_ID_REDEFINED)
		pass_through(s, "TL-XML", err);
}

static void
on_valid_error(void *data, xmlErrorPtr err)
{
	pass_through(data, "TL-RNG", err);
}

/* ---- the linter ------------------------------------------------------------- */

struct schema_errs {
	tl_report_fn *fn;
	void *ud;
};

static void
on_schema_error(void *data, xmlErrorPtr err)
{
	struct schema_errs *se = data;
	struct tl_session s;
	memset(&s, 0, sizeof s);
	s.fn = se->fn;
	s.ud = se->ud;
	pass_through(&s, "TL-SCHEMA", err);
	flush_diags(&s);
	for (size_t i = 0; i < s.nheld; i++)
		free(s.held[i].msg);
	free(s.held);
}

static struct tl_linter *
linter_from(xmlRelaxNGParserCtxtPtr pc, tl_report_fn *fn, void *ud)
{
	struct schema_errs se = { fn, ud };
	struct tl_linter *lt;
	xmlRelaxNGPtr schema;

	if (!pc)
		return NULL;
	xmlRelaxNGSetParserStructuredErrors(pc, on_schema_error, &se);
	schema = xmlRelaxNGParse(pc);
	xmlRelaxNGFreeParserCtxt(pc);
	if (!schema)
		return NULL;
	lt = calloc(1, sizeof *lt);
	if (!lt) {
		xmlRelaxNGFree(schema);
		return NULL;
	}
	lt->schema = schema;
	return lt;
}

struct tl_linter *
tl_linter_new_mem(const void *rng, size_t len, tl_report_fn *fn, void *ud)
{
	if (len > INT32_MAX)
		return NULL;
	return linter_from(xmlRelaxNGNewMemParserCtxt(rng, (int)len), fn, ud);
}

struct tl_linter *
tl_linter_new_file(const char *path, tl_report_fn *fn, void *ud)
{
	return linter_from(xmlRelaxNGNewParserCtxt(path), fn, ud);
}

void
tl_linter_free(struct tl_linter *lt)
{
	if (!lt)
		return;
	xmlRelaxNGFree(lt->schema);
	free(lt);
}

/* ---- the rules -------------------------------------------------------------- */

static const xmlChar tei_ns[] = "http://www.tei-c.org/ns/1.0";

/* An attribute's value: borrowed when it is one text node, else built (*tofree). */
static const char *
attr_value(xmlAttrPtr a, xmlChar **tofree)
{
	*tofree = NULL;
	if (a->children && a->children->type == XML_TEXT_NODE && !a->children->next)
		return (const char *)a->children->content;
	*tofree = xmlNodeListGetString(a->doc, a->children, 1);
	return *tofree ? (const char *)*tofree : "";
}

static bool
in_xml_ns(xmlAttrPtr a)
{
	return a->ns && xmlStrEqual(a->ns->href, XML_XML_NAMESPACE);
}

static unsigned long
line_of(xmlNodePtr n)
{
	long l = xmlGetLineNo(n);
	return l > 0 ? (unsigned long)l : 0;
}

/* TL-ID-UNIQUE: each xml:id once per document. */
static void
rule_unique_id(struct tl_session *s, xmlNodePtr el, xmlAttrPtr a, const char *v)
{
	unsigned long line = line_of(el);
	void *first;

	if (!in_xml_ns(a) || !xmlStrEqual(a->name, BAD_CAST "id"))
		return;
	if (!s->ids && !(s->ids = xmlHashCreate(64))) {
		s->trouble = true;
		return;
	}
	first = xmlHashLookup(s->ids, BAD_CAST v);
	if (first) {
		char c[88];
		reportf(s, "TL-ID-UNIQUE", line, "duplicate xml:id \"%s\" (first at line %lu)",
		        clip(v, c), (unsigned long)(uintptr_t)first - 1);
		return;
	}
	if (xmlHashAddEntry(s->ids, BAD_CAST v, (void *)(uintptr_t)(line + 1)) < 0)
		s->trouble = true;
}

/* TL-LANG-BCP47: xml:lang is a well-formed BCP 47 tag (or empty, which XML allows). */
static void
rule_bcp47(struct tl_session *s, xmlNodePtr el, xmlAttrPtr a, const char *v)
{
	const char *why;

	if (!in_xml_ns(a) || !xmlStrEqual(a->name, BAD_CAST "lang") || !*v)
		return;
	if (!tl_bcp47_check(v, &why)) {
		char c[88];
		reportf(s, "TL-LANG-BCP47", line_of(el),
		        "xml:lang \"%s\" is not a well-formed BCP 47 language tag: %s", clip(v, c), why);
	}
}

/* TL-WHEN-ISO: @when on a TEI element is an ISO 8601 date or date and time that exists. */
static void
rule_when(struct tl_session *s, xmlNodePtr el, xmlAttrPtr a, const char *v)
{
	const char *why;

	if (a->ns || !xmlStrEqual(a->name, BAD_CAST "when"))
		return;
	if (!tl_isodate_check(v, &why)) {
		char c[88], e[88];
		reportf(s, "TL-WHEN-ISO", line_of(el),
		        "@when \"%s\" on <%s> is not an ISO 8601 year, month, date or date and time: %s",
		        clip(v, c), clip((const char *)el->name, e), why);
	}
}

/* Attributes whose values are lists of TEI pointers (teidata.pointer). */
static const char *const pointer_attrs[] = {
	"ana", "corresp", "decls", "who", "ref", "resp", "sameAs", "scheme",
	"source", "target",
};

/* TL-REF-LOCAL: a pointer "#x" names an xml:id of this document (checked at the end). */
static void
rule_local_ref(struct tl_session *s, xmlNodePtr el, xmlAttrPtr a, const char *v)
{
	const char *attr = NULL;

	if (a->ns)
		return;
	for (size_t i = 0; i < sizeof pointer_attrs / sizeof pointer_attrs[0]; i++)
		if (xmlStrEqual(a->name, BAD_CAST pointer_attrs[i]))
			attr = pointer_attrs[i];
	if (!attr)
		return;
	while (*v) {
		const char *t;
		size_t n;
		while (*v == ' ' || *v == '\t' || *v == '\n' || *v == '\r')
			v++;
		t = v;
		while (*v && *v != ' ' && *v != '\t' && *v != '\n' && *v != '\r')
			v++;
		n = (size_t)(v - t);
		if (n < 2 || t[0] != '#')
			continue;
		if (s->nptrs == s->capptrs) {
			size_t cap = s->capptrs ? 2 * s->capptrs : 16;
			struct tl_pointer *p = realloc(s->ptrs, cap * sizeof *p);
			if (!p) {
				s->trouble = true;
				return;
			}
			s->ptrs = p;
			s->capptrs = cap;
		}
		s->ptrs[s->nptrs].frag = malloc(n);
		if (!s->ptrs[s->nptrs].frag) {
			s->trouble = true;
			return;
		}
		memcpy(s->ptrs[s->nptrs].frag, t + 1, n - 1);
		s->ptrs[s->nptrs].frag[n - 1] = '\0';
		s->ptrs[s->nptrs].attr = attr;
		s->ptrs[s->nptrs].line = line_of(el);
		s->nptrs++;
	}
}

static void
end_local_ref(struct tl_session *s)
{
	for (size_t i = 0; i < s->nptrs; i++) {
		struct tl_pointer *p = &s->ptrs[i];
		if (!s->ids || !xmlHashLookup(s->ids, BAD_CAST p->frag)) {
			char c[88];
			const char *f = clip(p->frag, c);
			reportf(s, "TL-REF-LOCAL", p->line,
			        "@%s points to \"#%s\", but no element has xml:id \"%s\"",
			        p->attr, f, f);
		}
	}
}

/* TL-ENTITY: no entity reference is left unexpanded (their content is never checked). */
static void
rule_entity(struct tl_session *s, xmlNodePtr n)
{
	xmlEntityPtr ent;

	if (n->type != XML_ENTITY_REF_NODE)
		return;
	ent = xmlGetDocEntity(n->doc, n->name);
	if (ent && (ent->etype == XML_EXTERNAL_GENERAL_PARSED_ENTITY ||
	            ent->etype == XML_EXTERNAL_GENERAL_UNPARSED_ENTITY))
		reportf(s, "TL-ENTITY", line_of(n->parent),
		        "reference to the external entity &%s; (teilint never reads external entities)",
		        (const char *)n->name);
	else
		reportf(s, "TL-ENTITY", line_of(n->parent),
		        "entity reference &%s; (teilint expands no entities: write the characters themselves)",
		        (const char *)n->name);
}

/* TL-DOCTYPE: no document type declaration (our TEI has none; no DTD is ever read). */
static void
rule_doctype(struct tl_session *s, xmlDocPtr doc)
{
	xmlDtdPtr dtd = doc->intSubset ? doc->intSubset : doc->extSubset;

	if (!dtd)
		return;
	if (dtd->SystemID)
		reportf(s, "TL-DOCTYPE", 0,
		        "document type declaration with the external DTD \"%s\" (never read; TEI documents here have none)",
		        (const char *)dtd->SystemID);
	else
		reportf(s, "TL-DOCTYPE", 0,
		        "document type declaration (TEI documents here have none)");
}

typedef void rule_doc_fn(struct tl_session *, xmlDocPtr);
typedef void rule_node_fn(struct tl_session *, xmlNodePtr);
typedef void rule_attr_fn(struct tl_session *, xmlNodePtr, xmlAttrPtr, const char *);
typedef void rule_end_fn(struct tl_session *);

/*
 * The rules. Each has an ID (used in its messages), a one-line statement,
 * and hooks: `doc` once before the walk, `node` on every element and
 * entity reference, `attr` on every attribute of every element (of TEI
 * elements only when tei_only), `end` after the walk. A new rule is one
 * entry here and one fixture in tests/teilint/invalid/.
 */
static const struct rule {
	struct {
		const char *id;
		const char *what;
	} info;
	bool tei_only;
	rule_doc_fn *doc;
	rule_node_fn *node;
	rule_attr_fn *attr;
	rule_end_fn *end;
} rules[] = {
	{ { "TL-DOCTYPE", "the document has no document type declaration" },
	  false, rule_doctype, NULL, NULL, NULL },
	{ { "TL-ENTITY", "no entity references other than the predefined ones and characters" },
	  false, NULL, rule_entity, NULL, NULL },
	{ { "TL-ID-UNIQUE", "every xml:id is unique in the document" },
	  false, NULL, NULL, rule_unique_id, NULL },
	{ { "TL-LANG-BCP47", "every xml:lang is a well-formed BCP 47 tag (RFC 5646) or empty" },
	  false, NULL, NULL, rule_bcp47, NULL },
	{ { "TL-WHEN-ISO", "every @when is an ISO 8601 year, month, date or date and time that exists" },
	  true, NULL, NULL, rule_when, NULL },
	{ { "TL-REF-LOCAL", "every pointer \"#x\" names an xml:id of the document" },
	  true, NULL, NULL, rule_local_ref, end_local_ref },
};
#define NRULES (sizeof rules / sizeof rules[0])

static void
check_element(struct tl_session *s, xmlNodePtr el)
{
	bool tei = el->ns && xmlStrEqual(el->ns->href, tei_ns);

	for (size_t r = 0; r < NRULES; r++)
		if (rules[r].node)
			rules[r].node(s, el);
	for (xmlAttrPtr a = el->properties; a; a = a->next) {
		xmlChar *tofree;
		const char *v = attr_value(a, &tofree);
		for (size_t r = 0; r < NRULES; r++)
			if (rules[r].attr && (tei || !rules[r].tei_only))
				rules[r].attr(s, el, a, v);
		xmlFree(tofree);
	}
}

/* Every element and entity reference in document order, without recursion. */
static void
walk(struct tl_session *s, xmlDocPtr doc)
{
	xmlNodePtr n = xmlDocGetRootElement(doc);

	for (size_t r = 0; r < NRULES; r++)
		if (rules[r].doc)
			rules[r].doc(s, doc);
	while (n) {
		if (n->type == XML_ELEMENT_NODE) {
			check_element(s, n);
			if (n->children) {
				n = n->children;
				continue;
			}
		} else if (n->type == XML_ENTITY_REF_NODE) {
			for (size_t r = 0; r < NRULES; r++)
				if (rules[r].node)
					rules[r].node(s, n);
			/* never into the entity's own nodes */
		}
		while (n && !n->next) {
			n = n->parent;
			if (n && n->type != XML_ELEMENT_NODE)
				n = NULL; /* back at the document node */
		}
		if (n)
			n = n->next;
	}
	for (size_t r = 0; r < NRULES; r++)
		if (rules[r].end)
			rules[r].end(s);
}

/* ---- sessions --------------------------------------------------------------- */

struct tl_session *
tl_session_new(struct tl_linter *lt, const char *name,
               tl_report_fn *fn, void *ud)
{
	struct tl_session *s = calloc(1, sizeof *s);
	if (!s)
		return NULL;
	s->lt = lt;
	s->fn = fn;
	s->ud = ud;
	s->name = strdup(name ? name : "-");
	if (!s->name) {
		free(s);
		return NULL;
	}
	return s;
}

static int
start_parser(struct tl_session *s, const char *p, int n)
{
	s->ctxt = xmlCreatePushParserCtxt(NULL, NULL, p, n, s->name);
	if (!s->ctxt) {
		s->trouble = true;
		return -1;
	}
	xmlCtxtUseOptions(s->ctxt, WQ_XML_SAFE_OPTIONS);
	s->ctxt->_private = s;
	if (s->ctxt->sax) {
		s->ctxt->sax->serror = on_parse_error;
		s->ctxt->sax->error = NULL;
		s->ctxt->sax->warning = NULL;
	}
	return 0;
}

/*
 * Has the parser stopped? libxml2 halts on a fatal error (and then the
 * document is not well-formed), but also on an encoder error, of which it
 * only tells the generic error handler: that must not pass for well-formed.
 */
static bool
halted(struct tl_session *s)
{
	if (!s->ctxt->disableSAX)
		return false;
	if (s->ctxt->wellFormed) {
		unsigned long line = s->ctxt->input ? (unsigned long)s->ctxt->input->line : 0;
		report(s, TL_ERROR, "TL-XML", line, 0,
		       "parsing stopped: the input cannot be decoded in its declared encoding");
		s->ctxt->wellFormed = 0;
	}
	return true;
}

int
tl_session_feed(struct tl_session *s, const void *p, size_t n)
{
	const char *c = p;

	if (s->trouble)
		return -1;
	if (!s->ctxt) {
		/* libxml2 tells the encoding from the first four bytes: gather them */
		while (n > 0 && s->nhead < sizeof s->head) {
			s->head[s->nhead++] = *c++;
			n--;
		}
		if (s->nhead < sizeof s->head)
			return 0;
		if (start_parser(s, s->head, (int)s->nhead) < 0)
			return -1;
	}
	while (n > 0) {
		int k = n > TL_CHUNK_MAX ? TL_CHUNK_MAX : (int)n;
		xmlParseChunk(s->ctxt, c, k, 0);
		if (halted(s))
			return -1;
		c += k;
		n -= (size_t)k;
	}
	return 0;
}

static void
free_session(struct tl_session *s)
{
	if (s->ctxt) {
		if (s->ctxt->myDoc)
			xmlFreeDoc(s->ctxt->myDoc);
		s->ctxt->myDoc = NULL;
		xmlFreeParserCtxt(s->ctxt);
	}
	xmlHashFree(s->ids, NULL);
	for (size_t i = 0; i < s->nptrs; i++)
		free(s->ptrs[i].frag);
	free(s->ptrs);
	for (size_t i = 0; i < s->nheld; i++)
		free(s->held[i].msg);
	free(s->held);
	free(s->name);
	free(s);
}

enum tl_result
tl_session_end(struct tl_session *s)
{
	enum tl_result res;
	xmlDocPtr doc;

	if (!s)
		return TL_TROUBLE;
	if (!s->ctxt && s->nhead == 0) {
		/* no byte at all: libxml2's push parser would only say "Extra content" */
		report(s, TL_ERROR, "TL-XML", 1, 1, "Document is empty");
		goto out;
	}
	if (!s->ctxt && start_parser(s, s->head, (int)s->nhead) < 0)
		goto out; /* a document of 1 to 3 bytes */
	if (!s->ctxt->disableSAX) {
		xmlParseChunk(s->ctxt, NULL, 0, 1);
		halted(s);
	}
	doc = s->ctxt->myDoc;
	if (!s->ctxt->wellFormed || !doc || s->trouble)
		goto out;
	/* the document is well-formed: validate, then run the rules */
	{
		xmlRelaxNGValidCtxtPtr vc = xmlRelaxNGNewValidCtxt(s->lt->schema);
		int rc;
		if (!vc) {
			s->trouble = true;
			goto out;
		}
		xmlRelaxNGSetValidStructuredErrors(vc, on_valid_error, s);
		rc = xmlRelaxNGValidateDoc(vc, doc);
		xmlRelaxNGFreeValidCtxt(vc);
		if (rc > 0 && s->nerrors == 0)
			report(s, TL_ERROR, "TL-RNG", 0, 0, "document is not valid against the schema");
		else if (rc < 0)
			report(s, TL_ERROR, "TL-RNG", 0, 0, "internal error of the RELAX NG validator");
	}
	walk(s, doc);
out:
	flush_diags(s);
	if (s->trouble)
		res = TL_TROUBLE;
	else
		res = s->nerrors || !s->ctxt || !s->ctxt->wellFormed ? TL_INVALID : TL_VALID;
	free_session(s);
	return res;
}

enum tl_result
tl_lint_mem(struct tl_linter *lt, const void *p, size_t n,
            const char *name, tl_report_fn *fn, void *ud)
{
	struct tl_session *s = tl_session_new(lt, name, fn, ud);
	if (!s)
		return TL_TROUBLE;
	tl_session_feed(s, p, n);
	return tl_session_end(s);
}
