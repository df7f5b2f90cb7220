/*
 * el_opf.c - META-INF/container.xml and the package document: required
 * metadata, unique-identifier, manifest (every item's file present, no
 * duplicates), spine (idrefs, duplicates, linear items), exactly one nav,
 * and every file of the container manifested.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "el_book.h"

#define OPF_MEDIA_TYPE "application/oebps-package+xml"

void
el_check_container_xml(struct el_book *bk)
{
	struct el_entry *e = el_book_find(bk, "META-INF/container.xml");
	xmlDocPtr doc;
	xmlNodePtr root, rfs, rf;
	char *full = NULL;
	unsigned long line = 0;

	if (e == NULL) {
		el_report_add(bk->r, R_CONTAINER_MISSING, NULL, 0, 0);
		bk->stop = true;
		return;
	}
	doc = el_xml_read(bk, e);
	if (doc == NULL) {
		bk->stop = true;
		return;
	}
	root = xmlDocGetRootElement(doc);
	if (!el_xml_is(root, EL_NS_OCF, "container")) {
		el_report_add(bk->r, R_SCHEMA, e->name, el_xml_line(root), 0,
		              "the root element must be \"container\" in the OCF namespace");
		goto out;
	}
	for (rfs = root->children; rfs != NULL; rfs = rfs->next) {
		if (!el_xml_is(rfs, EL_NS_OCF, "rootfiles"))
			continue;
		for (rf = rfs->children; rf != NULL; rf = rf->next) {
			char *mt, *fp;
			if (!el_xml_is(rf, EL_NS_OCF, "rootfile"))
				continue;
			mt = el_xml_attr(rf, "media-type", NULL);
			fp = el_xml_attr(rf, "full-path", NULL);
			if (mt != NULL && strcmp(mt, OPF_MEDIA_TYPE) == 0 && full == NULL) {
				full = fp;
				fp = NULL;
				line = el_xml_line(rf);
				if (full == NULL || *full == '\0')
					el_report_add(bk->r, R_ROOTFILE_PATH, e->name, line, 0);
			}
			xmlFree(mt);
			xmlFree(fp);
			if (full != NULL)
				break;
		}
		if (full != NULL)
			break;
	}
	if (full == NULL || *full == '\0') {
		if (full == NULL)
			el_report_add(bk->r, R_ROOTFILE_NONE, e->name, 0, 0);
		bk->stop = true;
		goto out;
	}
	if (el_book_find(bk, full) == NULL) {
		el_report_add(bk->r, R_OPF_MISSING, e->name, line, 0, full);
		bk->stop = true;
		goto out;
	}
	bk->opf_path = el_strdup(bk, full);
out:
	if (bk->opf_path == NULL)
		bk->stop = true;
	xmlFree(full);
	xmlFreeDoc(doc);
}

/* ---- the package document ---------------------------------------------- */

struct idrec {
	const char *id;
	unsigned long line;
};

static int
idrec_cmp(const void *a, const void *b)
{
	const struct idrec *x = a, *y = b;
	int c = strcmp(x->id, y->id);
	if (c != 0)
		return c;
	return x->line < y->line ? -1 : x->line > y->line;
}

/* Every id attribute unique in the document (RSC-005). */
void
el_check_ids(struct el_book *bk, xmlNodePtr root, const char *path)
{
	struct idrec *v = NULL;
	size_t n = 0, cap = 0, i;
	xmlNodePtr cur = root;
	xmlChar **vals = NULL;

	/* iterative pre-order walk */
	while (cur != NULL) {
		if (cur->type == XML_ELEMENT_NODE) {
			xmlAttrPtr a;
			for (a = cur->properties; a != NULL; a = a->next) {
				if (strcmp((const char *)a->name, "id") != 0 ||
				    (a->ns != NULL && strcmp((const char *)a->ns->href, EL_NS_XML) != 0))
					continue;
				if (n == cap) {
					size_t nc = cap ? cap * 2 : 32;
					struct idrec *nv = realloc(v, nc * sizeof *nv);
					xmlChar **nvals = realloc(vals, nc * sizeof *nvals);
					if (nv == NULL || nvals == NULL) {
						free(nv ? nv : v);
						if (nvals == NULL) {
							for (i = 0; i < n; i++)
								xmlFree(vals[i]);
							free(vals);
						} else {
							for (i = 0; i < n; i++)
								xmlFree(nvals[i]);
							free(nvals);
						}
						bk->syserr = ENOMEM;
						return;
					}
					v = nv;
					vals = nvals;
					cap = nc;
				}
				vals[n] = xmlNodeListGetString(cur->doc, a->children, 1);
				if (vals[n] == NULL)
					continue;
				v[n].id = (const char *)vals[n];
				v[n].line = el_xml_line(cur);
				n++;
			}
		}
		if (cur->type == XML_ELEMENT_NODE && cur->children != NULL) {
			cur = cur->children;
			continue;
		}
		while (cur != NULL && cur != root && cur->next == NULL)
			cur = cur->parent;
		if (cur == NULL || cur == root)
			break;
		cur = cur->next;
	}
	if (n > 1) {
		qsort(v, n, sizeof *v, idrec_cmp);
		for (i = 1; i < n; i++) {
			if (strcmp(v[i].id, v[i - 1].id) == 0) {
				struct wq_buf b = WQ_BUF_INIT;
				wq_buf_printf(&b, "Duplicate ID \"%s\"", v[i].id);
				el_report_add(bk->r, R_SCHEMA, path, v[i].line, 0, b.data ? b.data : "");
				wq_buf_free(&b);
			}
		}
	}
	for (i = 0; i < n; i++)
		xmlFree(vals[i]);
	free(vals);
	free(v);
}

static bool
text_empty(xmlNodePtr n)
{
	xmlChar *t = xmlNodeGetContent(n);
	const xmlChar *p = t;
	bool empty = true;

	for (; p != NULL && *p != '\0'; p++)
		if (*p != ' ' && *p != '\t' && *p != '\n' && *p != '\r') {
			empty = false;
			break;
		}
	xmlFree(t);
	return empty;
}

/* BCP 47, loosely: alphanumeric subtags of 1..8 characters, the first alphabetic. */
static bool
lang_ok(const char *s)
{
	size_t n = 0, i = 0;
	bool first = true;

	for (;; i++) {
		char c = s[i];
		if (c == '-' || c == '\0') {
			if (n == 0 || n > 8)
				return false;
			if (c == '\0')
				return true;
			n = 0;
			first = false;
			continue;
		}
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (!first && c >= '0' && c <= '9')))
			return false;
		n++;
	}
}

/* CCYY-MM-DDThh:mm:ssZ */
static bool
modified_ok(const char *s)
{
	static const char pat[] = "dddd-dd-ddTdd:dd:ddZ";
	size_t i;

	for (i = 0; pat[i] != '\0'; i++) {
		if (pat[i] == 'd' ? !(s[i] >= '0' && s[i] <= '9') : s[i] != pat[i])
			return false;
	}
	return s[i] == '\0';
}

static void
missing(struct el_book *bk, unsigned long line, const char *parent, const char *child)
{
	struct wq_buf b = WQ_BUF_INIT;

	wq_buf_printf(&b, "element \"%s\" incomplete; missing required element \"%s\"",
	              parent, child);
	el_report_add(bk->r, R_SCHEMA, bk->opf_path, line, 0, b.data ? b.data : "");
	wq_buf_free(&b);
}

static void
check_metadata(struct el_book *bk, xmlNodePtr md, const char *uid)
{
	xmlNodePtr n;
	unsigned nid = 0, ntitle = 0, nlang = 0, nmod = 0;
	bool uid_found = false;
	const char *opf = bk->opf_path;

	for (n = md->children; n != NULL; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (el_xml_is(n, EL_NS_DC, "identifier")) {
			char *id = el_xml_attr(n, "id", NULL);
			nid++;
			if (uid != NULL && id != NULL && strcmp(id, uid) == 0)
				uid_found = true;
			xmlFree(id);
			if (text_empty(n))
				el_report_add(bk->r, R_SCHEMA, opf, el_xml_line(n), 0,
				              "Element \"dc:identifier\" must not be empty");
		} else if (el_xml_is(n, EL_NS_DC, "title")) {
			ntitle++;
			if (text_empty(n))
				el_report_add(bk->r, R_SCHEMA, opf, el_xml_line(n), 0,
				              "Element \"dc:title\" must not be empty");
		} else if (el_xml_is(n, EL_NS_DC, "language")) {
			xmlChar *t = xmlNodeGetContent(n);
			nlang++;
			if (t == NULL || !lang_ok((const char *)t))
				el_report_add(bk->r, R_LANG_TAG, opf, el_xml_line(n), 0,
				              t ? (const char *)t : "");
			xmlFree(t);
		} else if (el_xml_is(n, EL_NS_OPF, "meta")) {
			char *prop = el_xml_attr(n, "property", NULL), *ref;
			ref = el_xml_attr(n, "refines", NULL);
			if (prop != NULL && ref == NULL && strcmp(prop, "dcterms:modified") == 0) {
				xmlChar *t = xmlNodeGetContent(n);
				nmod++;
				if (t == NULL || !modified_ok((const char *)t))
					el_report_add(bk->r, R_SCHEMA, opf, el_xml_line(n), 0,
					              "dcterms:modified illegal syntax (expecting: \"CCYY-MM-DDThh:mm:ssZ\")");
				xmlFree(t);
			}
			xmlFree(prop);
			xmlFree(ref);
		}
	}
	if (nid == 0)
		missing(bk, el_xml_line(md), "metadata", "dc:identifier");
	if (ntitle == 0)
		missing(bk, el_xml_line(md), "metadata", "dc:title");
	if (nlang == 0)
		missing(bk, el_xml_line(md), "metadata", "dc:language");
	if (nmod != 1)
		el_report_add(bk->r, R_SCHEMA, opf, el_xml_line(md), 0,
		              "package dcterms:modified meta element must occur exactly once");
	if (uid != NULL && !uid_found)
		el_report_add(bk->r, R_UID_NOT_FOUND, opf, el_xml_line(md), 0, uid);
}

static int
item_path_cmp(const void *a, const void *b)
{
	const struct el_item *x = *(struct el_item *const *)a;
	const struct el_item *y = *(struct el_item *const *)b;
	return strcmp(x->path, y->path);
}

static void
check_manifest(struct el_book *bk, xmlNodePtr mf)
{
	xmlNodePtr n;
	size_t count = 0, i, nnav = 0, np = 0;
	struct el_item **byp;
	const char *opf = bk->opf_path;

	for (n = mf->children; n != NULL; n = n->next)
		if (el_xml_is(n, EL_NS_OPF, "item"))
			count++;
	if (count == 0) {
		missing(bk, el_xml_line(mf), "manifest", "item");
		return;
	}
	bk->items = calloc(count, sizeof *bk->items);
	byp = calloc(count, sizeof *byp);
	if (bk->items == NULL || byp == NULL) {
		free(byp);
		bk->syserr = ENOMEM;
		return;
	}
	for (n = mf->children; n != NULL; n = n->next) {
		struct el_item *it;
		char *id, *href, *mt, *props, *fb;
		struct el_url u;

		if (!el_xml_is(n, EL_NS_OPF, "item"))
			continue;
		it = &bk->items[bk->nitems++];
		it->line = el_xml_line(n);
		id = el_xml_attr(n, "id", NULL);
		href = el_xml_attr(n, "href", NULL);
		mt = el_xml_attr(n, "media-type", NULL);
		props = el_xml_attr(n, "properties", NULL);
		fb = el_xml_attr(n, "fallback", NULL);
		it->id = el_strdup(bk, id);
		it->href = el_strdup(bk, href);
		it->media_type = el_strdup(bk, mt);
		it->properties = el_strdup(bk, props);
		it->fallback = fb != NULL;
		xmlFree(id);
		xmlFree(href);
		xmlFree(mt);
		xmlFree(props);
		xmlFree(fb);
		if (it->id == NULL || it->href == NULL || it->media_type == NULL) {
			const char *what = it->id == NULL ? "id" : it->href == NULL ? "href" : "media-type";
			struct wq_buf b = WQ_BUF_INIT;
			wq_buf_printf(&b, "element \"item\" missing required attribute \"%s\"", what);
			el_report_add(bk->r, R_SCHEMA, opf, it->line, 0, b.data ? b.data : "");
			wq_buf_free(&b);
			if (it->href == NULL)
				continue;
		}
		it->nav = el_has_token(it->properties, "nav");
		if (it->nav)
			nnav++;
		it->xhtml = it->media_type != NULL &&
		            strcmp(it->media_type, "application/xhtml+xml") == 0;
		it->svg = it->media_type != NULL && strcmp(it->media_type, "image/svg+xml") == 0;
		if (el_url_resolve(opf, it->href, &u) < 0) {
			bk->syserr = ENOMEM;
			break;
		}
		switch (u.kind) {
		case EL_URL_REMOTE:
			break;
		case EL_URL_LEAK:
			el_report_add(bk->r, R_REF_LEAK, opf, it->line, 0, it->href);
			break;
		case EL_URL_BAD:
		case EL_URL_SAMEDOC:
			el_report_add(bk->r, R_REF_BAD_URL, opf, it->line, 0, it->href);
			break;
		case EL_URL_LOCAL:
			if (u.frag != NULL)
				el_report_add(bk->r, R_MANIFEST_FRAGMENT, opf, it->line, 0, it->href);
			it->path = u.path;
			u.path = NULL;
			if (strcmp(it->path, opf) == 0) {
				el_report_add(bk->r, R_MANIFEST_SELF, opf, it->line, 0);
				break;
			}
			byp[np++] = it;
			it->ent = el_book_find(bk, it->path);
			if (it->ent == NULL)
				el_report_add(bk->r, R_MANIFEST_FILE_MISSING, opf, it->line, 0, it->path);
			else
				it->ent->manifested = true;
			break;
		}
		el_url_free(&u);
	}
	qsort(byp, np, sizeof *byp, item_path_cmp);
	for (i = 1; i < np; i++)
		if (strcmp(byp[i]->path, byp[i - 1]->path) == 0)
			el_report_add(bk->r, R_MANIFEST_DUP_HREF, opf, byp[i]->line, 0, byp[i]->path);
	free(byp);
	if (nnav != 1) {
		char msg[128];
		snprintf(msg, sizeof msg, "Exactly one manifest item must declare the \"nav\" "
		         "property (number of \"nav\" items: %zu)", nnav);
		el_report_add(bk->r, R_SCHEMA, opf, el_xml_line(mf), 0, msg);
	}
}

static int
item_id_cmp(const void *a, const void *b)
{
	const struct el_item *x = *(struct el_item *const *)a;
	const struct el_item *y = *(struct el_item *const *)b;
	int c = strcmp(x->id, y->id);
	return c != 0 ? c : (x > y) - (x < y);
}

/* The first item with this id, by binary search in byid[0..n) (sorted, stable by position). */
static struct el_item *
item_by_id(struct el_item **byid, size_t n, const char *id)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(byid[mid]->id, id) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && strcmp(byid[lo]->id, id) == 0 ? byid[lo] : NULL;
}

static void
check_spine(struct el_book *bk, xmlNodePtr sp)
{
	xmlNodePtr n;
	size_t nref = 0, nlinear = 0;
	const char *opf = bk->opf_path;
	struct el_item **byid = calloc(bk->nitems + 1, sizeof *byid);
	char *ppd;
	size_t i, nid = 0;

	if (byid == NULL) {
		bk->syserr = ENOMEM;
		return;
	}
	for (i = 0; i < bk->nitems; i++)
		if (bk->items[i].id != NULL)
			byid[nid++] = &bk->items[i];
	qsort(byid, nid, sizeof *byid, item_id_cmp);

	ppd = el_xml_attr(sp, "page-progression-direction", NULL);
	if (ppd != NULL && strcmp(ppd, "ltr") != 0 && strcmp(ppd, "rtl") != 0 &&
	    strcmp(ppd, "default") != 0) {
		struct wq_buf b = WQ_BUF_INIT;
		wq_buf_printf(&b, "value of attribute \"page-progression-direction\" is invalid: "
		              "\"%s\"; must be equal to \"default\", \"ltr\" or \"rtl\"", ppd);
		el_report_add(bk->r, R_SCHEMA, opf, el_xml_line(sp), 0, b.data ? b.data : "");
		wq_buf_free(&b);
	}
	xmlFree(ppd);
	for (n = sp->children; n != NULL; n = n->next) {
		char *idref, *linear;
		struct el_item *it;

		if (!el_xml_is(n, EL_NS_OPF, "itemref"))
			continue;
		nref++;
		idref = el_xml_attr(n, "idref", NULL);
		linear = el_xml_attr(n, "linear", NULL);
		if (idref == NULL) {
			el_report_add(bk->r, R_SCHEMA, opf, el_xml_line(n), 0,
			              "element \"itemref\" missing required attribute \"idref\"");
		} else if ((it = item_by_id(byid, nid, idref)) == NULL) {
			el_report_add(bk->r, R_SPINE_IDREF, opf, el_xml_line(n), 0, idref);
		} else if (it->in_spine) {
			el_report_add(bk->r, R_SPINE_DUP, opf, el_xml_line(n), 0, idref);
		} else {
			it->in_spine = true;
			if (!it->xhtml && !it->svg && !it->fallback)
				el_report_add(bk->r, R_SPINE_MEDIA_TYPE, opf, el_xml_line(n), 0, idref,
				              it->media_type ? it->media_type : "");
			if (linear == NULL || strcmp(linear, "no") != 0)
				nlinear++;
		}
		xmlFree(idref);
		xmlFree(linear);
	}
	free(byid);
	if (nref == 0)
		missing(bk, el_xml_line(sp), "spine", "itemref");
	else if (nlinear == 0)
		el_report_add(bk->r, R_SPINE_NO_LINEAR, opf, el_xml_line(sp), 0);
}

/* Files in the container that no manifest item lists. */
static void
check_unlisted(struct el_book *bk)
{
	size_t i;

	for (i = 0; i < bk->nents; i++) {
		struct el_entry *e = &bk->ents[i];
		if (e->dir || e->excluded || e->manifested || strcmp(e->name, "mimetype") == 0 ||
		    strncmp(e->name, "META-INF/", 9) == 0 || strcmp(e->name, bk->opf_path) == 0)
			continue;
		el_report_add(bk->r, R_NOT_MANIFESTED, NULL, 0, 0, e->name);
	}
}

void
el_check_package(struct el_book *bk)
{
	struct el_entry *e = el_book_find(bk, bk->opf_path);
	xmlDocPtr doc;
	xmlNodePtr root, n, md = NULL, mf = NULL, sp = NULL;
	char *uid, *version;
	const char *opf = bk->opf_path;

	if (e == NULL || (doc = el_xml_read(bk, e)) == NULL) {
		bk->stop = true;
		return;
	}
	root = xmlDocGetRootElement(doc);
	if (!el_xml_is(root, EL_NS_OPF, "package")) {
		el_report_add(bk->r, R_SCHEMA, opf, el_xml_line(root), 0,
		              "the root element must be \"package\" in the OPF namespace");
		xmlFreeDoc(doc);
		bk->stop = true;
		return;
	}
	version = el_xml_attr(root, "version", NULL);
	if (version == NULL)
		el_report_add(bk->r, R_SCHEMA, opf, el_xml_line(root), 0,
		              "element \"package\" missing required attribute \"version\"");
	xmlFree(version);
	uid = el_xml_attr(root, "unique-identifier", NULL);
	if (uid == NULL)
		el_report_add(bk->r, R_UID_MISSING, opf, el_xml_line(root), 0);
	el_check_ids(bk, root, opf);
	for (n = root->children; n != NULL; n = n->next) {
		if (el_xml_is(n, EL_NS_OPF, "metadata") && md == NULL)
			md = n;
		else if (el_xml_is(n, EL_NS_OPF, "manifest") && mf == NULL)
			mf = n;
		else if (el_xml_is(n, EL_NS_OPF, "spine") && sp == NULL)
			sp = n;
	}
	if (md != NULL)
		check_metadata(bk, md, uid);
	else
		missing(bk, el_xml_line(root), "package", "metadata");
	if (mf != NULL)
		check_manifest(bk, mf);
	else
		missing(bk, el_xml_line(root), "package", "manifest");
	if (sp != NULL && bk->syserr == 0)
		check_spine(bk, sp);
	else if (sp == NULL)
		missing(bk, el_xml_line(root), "package", "spine");
	if (bk->syserr == 0)
		check_unlisted(bk);
	xmlFree(uid);
	xmlFreeDoc(doc);
}

/*
 * META-INF/encryption.xml: files encrypted with an algorithm epublint
 * cannot read are reported (RSC-004, INFO, as EPUBCheck) and their content
 * is not checked; font obfuscation (IDPF, Adobe) only hides fonts, whose
 * content is not checked anyway.
 */
void
el_check_encryption(struct el_book *bk)
{
	static const char ns_enc[] = "http://www.w3.org/2001/04/xmlenc#";
	struct el_entry *e = el_book_find(bk, "META-INF/encryption.xml");
	xmlDocPtr doc;
	xmlNodePtr root, ed, c, cr;

	if (e == NULL || (doc = el_xml_read(bk, e)) == NULL)
		return;
	root = xmlDocGetRootElement(doc);
	for (ed = root ? root->children : NULL; ed != NULL; ed = ed->next) {
		char *alg = NULL, *uri = NULL;
		if (!el_xml_is(ed, ns_enc, "EncryptedData"))
			continue;
		for (c = ed->children; c != NULL; c = c->next) {
			if (el_xml_is(c, ns_enc, "EncryptionMethod") && alg == NULL)
				alg = el_xml_attr(c, "Algorithm", NULL);
			if (!el_xml_is(c, ns_enc, "CipherData"))
				continue;
			for (cr = c->children; cr != NULL; cr = cr->next)
				if (el_xml_is(cr, ns_enc, "CipherReference") && uri == NULL)
					uri = el_xml_attr(cr, "URI", NULL);
		}
		if (uri != NULL) {
			struct el_url u;
			struct el_entry *t;
			if (el_url_resolve("", uri, &u) < 0) {
				bk->syserr = ENOMEM;
			} else if (u.kind == EL_URL_LOCAL && (t = el_book_find(bk, u.path)) != NULL) {
				t->encrypted = true;
				if (alg == NULL ||
				    (strcmp(alg, "http://www.idpf.org/2008/embedding") != 0 &&
				     strcmp(alg, "http://ns.adobe.com/pdf/enc#RC") != 0))
					el_report_add(bk->r, R_ENCRYPTED, e->name, el_xml_line(ed), 0,
					              t->name);
			}
			el_url_free(&u);
		}
		xmlFree(alg);
		xmlFree(uri);
	}
	xmlFreeDoc(doc);
}
