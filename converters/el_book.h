/*
 * el_book.h - epublint's internal state for one book, shared by el_zip.c
 * (the container), el_xml.c (parsing), el_opf.c (container.xml and the
 * package document) and el_xhtml.c (content documents and links).
 */
#ifndef EL_BOOK_H
#define EL_BOOK_H

#include <libxml/tree.h>
#include <zip.h>

#include "el_check.h"
#include "wathiqa.h"

struct el_entry {
	char *name;            /* owned; the raw name from the zip directory */
	zip_uint64_t index;
	uint64_t size, csize;
	bool dir;              /* a folder entry */
	bool excluded;         /* not part of the publication (unsafe, symlink, bad name) */
	bool unreadable;       /* reported already: do not read */
	bool read_done;        /* read to the end once (CRC checked) */
	bool manifested;
	bool encrypted;        /* listed in META-INF/encryption.xml */
};

struct el_item {               /* a manifest item */
	char *id, *href, *media_type, *properties; /* owned, may be NULL */
	char *path;            /* owned: resolved container path, or NULL (remote, bad) */
	unsigned long line;
	struct el_entry *ent;  /* NULL if the file is missing */
	bool in_spine, nav, xhtml, svg, fallback;
	bool parsed;           /* its ids below are known */
	char **ids;            /* owned, sorted after parsing */
	size_t nids, capids;
};

enum el_link_kind {
	EL_LINK_HYPER,         /* a, area: must reach a spine item */
	EL_LINK_RESOURCE,      /* img, link, script ...: must be inside the container */
	EL_LINK_OPTIONAL       /* cite and the like: only checked when local */
};

struct el_link {
	struct el_item *from;
	unsigned long line;
	enum el_link_kind kind;
	char *href;            /* owned, as written */
	const char *nav_type;  /* "toc", "landmarks", "page-list" when inside that nav */
};

struct el_book {
	zip_t *za;
	const struct el_limits *lim;
	struct el_report *r;
	struct el_entry *ents; /* owned, in zip order */
	size_t nents;
	struct el_entry **sorted; /* by name, for el_book_find */
	uint64_t total_read;
	bool stop;             /* a fatal condition: no further checks */
	bool halt;             /* a limit was reached: read nothing more */
	int syserr;            /* errno of a system error (ENOMEM), else 0 */
	char *opf_path;        /* owned */
	struct el_item *items; /* owned */
	size_t nitems;
	struct el_link *links; /* owned */
	size_t nlinks, caplinks;
};

/* el_zip.c */
struct el_entry *el_book_find(struct el_book *bk, const char *path);
/*
 * Read entry e whole into out (appended) when out is not NULL, else just
 * read it through (checking its CRC). At most max bytes are kept; a bigger
 * entry is reported and not kept. Returns 0, or -1 after reporting why.
 */
int el_book_read(struct el_book *bk, struct el_entry *e, struct wq_buf *out, uint64_t max);

/* el_xml.c: parse an XML resource of the book; NULL after reporting why. */
xmlDocPtr el_xml_parse(struct el_book *bk, const char *path, const char *data, size_t len);
/* Read entry e and parse it; NULL after reporting why. */
xmlDocPtr el_xml_read(struct el_book *bk, struct el_entry *e);
/* The line of node n, 0 if unknown. */
unsigned long el_xml_line(xmlNodePtr n);
/* Attribute value (caller frees with xmlFree) in namespace ns (NULL: none). */
char *el_xml_attr(xmlNodePtr n, const char *name, const char *ns);
bool el_xml_is(xmlNodePtr n, const char *ns, const char *local);
/* True if the space-separated list s holds token t. */
bool el_has_token(const char *s, const char *t);
/* strdup that records ENOMEM in bk; NULL if s is NULL or on ENOMEM. */
char *el_strdup(struct el_book *bk, const char *s);

/* el_opf.c */
void el_check_container_xml(struct el_book *bk);
void el_check_encryption(struct el_book *bk);
void el_check_package(struct el_book *bk);
/* Report duplicate id attributes under root (RSC-005). */
void el_check_ids(struct el_book *bk, xmlNodePtr root, const char *path);
/* el_xhtml.c */
void el_check_contents(struct el_book *bk);

#define EL_NS_OPF "http://www.idpf.org/2007/opf"
#define EL_NS_DC "http://purl.org/dc/elements/1.1/"
#define EL_NS_OCF "urn:oasis:names:tc:opendocument:xmlns:container"
#define EL_NS_XHTML "http://www.w3.org/1999/xhtml"
#define EL_NS_OPS "http://www.idpf.org/2007/ops"
#define EL_NS_XML "http://www.w3.org/XML/1998/namespace"
#define EL_NS_XLINK "http://www.w3.org/1999/xlink"
#define EL_NS_SVG "http://www.w3.org/2000/svg"

#endif
