/*
 * el_xhtml.c - XHTML content documents and the navigation document:
 * well-formed (el_xml.c), a title, unique ids, lang = xml:lang, legal dir
 * values, a toc nav, and every link and fragment resolved once all the
 * documents' ids are known.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/parser.h>

#include "el_book.h"

/* Which attributes are references, and what kind (one row per pair). */
static const struct link_attr {
	const char *ns;        /* element namespace */
	const char *elem;
	const char *attr;
	const char *attr_ns;   /* NULL: no namespace */
	enum el_link_kind kind;
} link_attrs[] = {
	{ EL_NS_XHTML, "a", "href", NULL, EL_LINK_HYPER },
	{ EL_NS_XHTML, "area", "href", NULL, EL_LINK_HYPER },
	{ EL_NS_XHTML, "link", "href", NULL, EL_LINK_RESOURCE }, /* see link_kind() */
	{ EL_NS_XHTML, "img", "src", NULL, EL_LINK_RESOURCE },
	{ EL_NS_XHTML, "script", "src", NULL, EL_LINK_RESOURCE },
	{ EL_NS_XHTML, "iframe", "src", NULL, EL_LINK_RESOURCE },
	{ EL_NS_XHTML, "embed", "src", NULL, EL_LINK_RESOURCE },
	{ EL_NS_XHTML, "object", "data", NULL, EL_LINK_RESOURCE },
	{ EL_NS_XHTML, "track", "src", NULL, EL_LINK_RESOURCE },
	{ EL_NS_XHTML, "audio", "src", NULL, EL_LINK_OPTIONAL },
	{ EL_NS_XHTML, "video", "src", NULL, EL_LINK_OPTIONAL },
	{ EL_NS_XHTML, "source", "src", NULL, EL_LINK_OPTIONAL },
	{ EL_NS_XHTML, "blockquote", "cite", NULL, EL_LINK_OPTIONAL },
	{ EL_NS_XHTML, "q", "cite", NULL, EL_LINK_OPTIONAL },
	{ EL_NS_SVG, "image", "href", EL_NS_XLINK, EL_LINK_RESOURCE },
	{ EL_NS_SVG, "a", "href", EL_NS_XLINK, EL_LINK_HYPER },
};

static void
add_link(struct el_book *bk, struct el_item *it, unsigned long line,
         enum el_link_kind kind, const char *href, const char *nav_type)
{
	struct el_link *l;

	if (bk->nlinks == bk->caplinks) {
		size_t nc = bk->caplinks ? bk->caplinks * 2 : 64;
		struct el_link *nl = realloc(bk->links, nc * sizeof *nl);
		if (nl == NULL) {
			bk->syserr = ENOMEM;
			return;
		}
		bk->links = nl;
		bk->caplinks = nc;
	}
	l = &bk->links[bk->nlinks];
	l->from = it;
	l->line = line;
	l->kind = kind;
	l->nav_type = nav_type;
	l->href = el_strdup(bk, href);
	if (l->href != NULL)
		bk->nlinks++;
}

static void
add_id(struct el_book *bk, struct el_item *it, const char *id)
{
	if (it->nids == it->capids) {
		size_t nc = it->capids ? it->capids * 2 : 32;
		char **nv = realloc(it->ids, nc * sizeof *nv);
		if (nv == NULL) {
			bk->syserr = ENOMEM;
			return;
		}
		it->ids = nv;
		it->capids = nc;
	}
	if ((it->ids[it->nids] = el_strdup(bk, id)) != NULL)
		it->nids++;
}

static int
str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool
has_id(const struct el_item *it, const char *id)
{
	return it->nids > 0 &&
	       bsearch(&id, it->ids, it->nids, sizeof *it->ids, str_cmp) != NULL;
}

static void
schema_msg(struct el_book *bk, const char *path, unsigned long line, const char *fmt,
           const char *arg)
{
	struct wq_buf b = WQ_BUF_INIT;

	wq_buf_printf(&b, fmt, arg);
	el_report_add(bk->r, R_SCHEMA, path, line, 0, b.data ? b.data : "");
	wq_buf_free(&b);
}

/* The navigation type (toc, landmarks, page-list) of the nav element around n, or NULL. */
static const char *
nav_type_of(xmlNodePtr n)
{
	static const char *const types[] = { "toc", "landmarks", "page-list" };
	size_t i;

	for (; n != NULL && n->type == XML_ELEMENT_NODE; n = n->parent) {
		char *t;
		if (!el_xml_is(n, EL_NS_XHTML, "nav"))
			continue;
		t = el_xml_attr(n, "type", EL_NS_OPS);
		for (i = 0; i < sizeof types / sizeof types[0]; i++)
			if (el_has_token(t, types[i])) {
				xmlFree(t);
				return types[i];
			}
		xmlFree(t);
		return NULL;
	}
	return NULL;
}

/* The per-element checks; returns true if n is a toc nav. */
static bool
check_element(struct el_book *bk, struct el_item *it, xmlNodePtr n)
{
	const char *path = it->ent->name;
	unsigned long line = el_xml_line(n);
	char *id, *lang, *xlang, *dir;
	bool toc = false;
	size_t i;

	if ((id = el_xml_attr(n, "id", NULL)) != NULL)
		add_id(bk, it, id);
	xmlFree(id);
	if ((id = el_xml_attr(n, "id", EL_NS_XML)) != NULL)
		add_id(bk, it, id);
	xmlFree(id);
	lang = el_xml_attr(n, "lang", NULL);
	xlang = el_xml_attr(n, "lang", EL_NS_XML);
	if (lang != NULL && xlang != NULL && strcasecmp(lang, xlang) != 0)
		schema_msg(bk, path, line, "The lang and xml:lang attributes must have "
		           "the same value (xml:lang=\"%s\")", xlang);
	xmlFree(lang);
	xmlFree(xlang);
	if (n->ns != NULL && strcmp((const char *)n->ns->href, EL_NS_XHTML) == 0 &&
	    (dir = el_xml_attr(n, "dir", NULL)) != NULL) {
		if (strcmp(dir, "ltr") != 0 && strcmp(dir, "rtl") != 0 && strcmp(dir, "auto") != 0)
			schema_msg(bk, path, line, "value of attribute \"dir\" is invalid: \"%s\"; "
			           "must be equal to \"auto\", \"ltr\" or \"rtl\"", dir);
		xmlFree(dir);
	}
	if (it->nav && el_xml_is(n, EL_NS_XHTML, "nav")) {
		char *t = el_xml_attr(n, "type", EL_NS_OPS);
		toc = el_has_token(t, "toc");
		xmlFree(t);
	}
	for (i = 0; i < sizeof link_attrs / sizeof link_attrs[0]; i++) {
		const struct link_attr *la = &link_attrs[i];
		enum el_link_kind kind = la->kind;
		char *v;

		if (!el_xml_is(n, la->ns, la->elem))
			continue;
		if ((v = el_xml_attr(n, la->attr, la->attr_ns)) == NULL)
			continue;
		if (strcmp(la->elem, "link") == 0) {
			char *rel = el_xml_attr(n, "rel", NULL);
			if (!el_has_token(rel, "stylesheet"))
				kind = EL_LINK_OPTIONAL;
			xmlFree(rel);
		}
		add_link(bk, it, line, kind, v, it->nav ? nav_type_of(n) : NULL);
		xmlFree(v);
	}
	return toc;
}

static void
check_document(struct el_book *bk, struct el_item *it)
{
	xmlDocPtr doc = el_xml_read(bk, it->ent);
	xmlNodePtr root, cur, head, n;
	const char *path = it->ent->name;
	bool toc = false, title = false;

	if (doc == NULL)
		return;
	root = xmlDocGetRootElement(doc);
	if (!el_xml_is(root, EL_NS_XHTML, "html")) {
		el_report_add(bk->r, R_SCHEMA, path, el_xml_line(root), 0,
		              "the root element must be \"html\" in the XHTML namespace");
		xmlFreeDoc(doc);
		return;
	}
	if (doc->intSubset != NULL && (doc->intSubset->ExternalID != NULL ||
	    (doc->intSubset->SystemID != NULL &&
	     strcmp((const char *)doc->intSubset->SystemID, "about:legacy-compat") != 0)))
		el_report_add(bk->r, R_DOCTYPE, path, 0, 0, doc->intSubset->ExternalID ?
		              (const char *)doc->intSubset->ExternalID :
		              (const char *)doc->intSubset->SystemID);
	el_check_ids(bk, root, path);
	for (head = root->children; head != NULL; head = head->next)
		if (el_xml_is(head, EL_NS_XHTML, "head"))
			break;
	for (n = head ? head->children : NULL; n != NULL; n = n->next)
		if (el_xml_is(n, EL_NS_XHTML, "title")) {
			xmlChar *t = xmlNodeGetContent(n);
			title = t != NULL && t[strspn((const char *)t, " \t\r\n")] != '\0';
			xmlFree(t);
			break;
		}
	if (!title)
		el_report_add(bk->r, R_NO_TITLE, path, el_xml_line(head ? head : root), 0,
		              "the \"head\" element should have a non-empty \"title\" child element");
	/* iterative pre-order walk over the elements */
	for (cur = root; cur != NULL && bk->syserr == 0;) {
		if (cur->type == XML_ELEMENT_NODE) {
			if (check_element(bk, it, cur))
				toc = true;
			if (cur->children != NULL) {
				cur = cur->children;
				continue;
			}
		}
		while (cur != root && cur->next == NULL)
			cur = cur->parent;
		if (cur == root)
			break;
		cur = cur->next;
	}
	if (it->nav && !toc)
		el_report_add(bk->r, R_NAV_NO_TOC, path, 0, 0);
	if (it->nids > 1)
		qsort(it->ids, it->nids, sizeof *it->ids, str_cmp);
	it->parsed = true;
	xmlFreeDoc(doc);
}

static int
itemp_cmp(const void *a, const void *b)
{
	const struct el_item *x = *(struct el_item *const *)a;
	const struct el_item *y = *(struct el_item *const *)b;
	return strcmp(x->path, y->path);
}

static struct el_item *
find_item(struct el_item **byp, size_t n, const char *path)
{
	struct el_item key, *kp = &key, **hit;

	key.path = (char *)path;
	hit = n > 0 ? bsearch(&kp, byp, n, sizeof *byp, itemp_cmp) : NULL;
	return hit != NULL ? *hit : NULL;
}

static void
check_link(struct el_book *bk, struct el_item **byp, size_t np, struct el_link *l)
{
	const char *from = l->from->ent->name;
	struct el_url u;
	struct el_item *t;

	if (el_url_resolve(l->from->path, l->href, &u) < 0) {
		bk->syserr = ENOMEM;
		return;
	}
	switch (u.kind) {
	case EL_URL_REMOTE:
		if (l->kind == EL_LINK_RESOURCE)
			el_report_add(bk->r, R_REF_REMOTE, from, l->line, 0, l->href);
		else if (l->nav_type != NULL)
			el_report_add(bk->r, R_NAV_REMOTE, from, l->line, 0, l->nav_type, l->href);
		break;
	case EL_URL_BAD:
		el_report_add(bk->r, R_REF_BAD_URL, from, l->line, 0, l->href);
		break;
	case EL_URL_LEAK:
		el_report_add(bk->r, R_REF_LEAK, from, l->line, 0, l->href);
		break;
	case EL_URL_SAMEDOC:
		if (u.frag != NULL && *u.frag != '\0' && strncmp(u.frag, "epubcfi(", 8) != 0 &&
		    !has_id(l->from, u.frag))
			el_report_add(bk->r, R_REF_FRAGMENT, from, l->line, 0, l->href);
		break;
	case EL_URL_LOCAL:
		if (el_book_find(bk, u.path) == NULL) {
			el_report_add(bk->r, R_REF_MISSING, from, l->line, 0, u.path);
			break;
		}
		if ((t = find_item(byp, np, u.path)) == NULL) {
			el_report_add(bk->r, R_REF_NOT_MANIFESTED, from, l->line, 0, u.path);
			break;
		}
		if (l->kind == EL_LINK_HYPER && (t->xhtml || t->svg) && !t->in_spine)
			el_report_add(bk->r, R_REF_NOT_SPINE, from, l->line, 0, u.path);
		/* a fragment into an encrypted document cannot be verified: EPUBCheck says RSC-012 */
		if (u.frag != NULL && *u.frag != '\0' &&
		    (t->parsed || (t->xhtml && t->ent != NULL && t->ent->encrypted)) &&
		    strncmp(u.frag, "epubcfi(", 8) != 0 && !has_id(t, u.frag))
			el_report_add(bk->r, R_REF_FRAGMENT, from, l->line, 0, l->href);
		break;
	}
	el_url_free(&u);
}

void
el_check_contents(struct el_book *bk)
{
	struct el_item **byp;
	size_t i, np = 0;

	for (i = 0; i < bk->nitems && bk->syserr == 0 && !bk->stop; i++) {
		struct el_item *it = &bk->items[i];
		if (it->xhtml && it->ent != NULL && !it->ent->encrypted)
			check_document(bk, it);
	}
	if (bk->syserr != 0 || bk->stop)
		return;
	byp = calloc(bk->nitems + 1, sizeof *byp);
	if (byp == NULL) {
		bk->syserr = ENOMEM;
		return;
	}
	for (i = 0; i < bk->nitems; i++)
		if (bk->items[i].path != NULL)
			byp[np++] = &bk->items[i];
	qsort(byp, np, sizeof *byp, itemp_cmp);
	for (i = 0; i < bk->nlinks && bk->syserr == 0; i++)
		check_link(bk, byp, np, &bk->links[i]);
	free(byp);
}
