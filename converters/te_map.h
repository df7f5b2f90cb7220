/*
 * te_map.h - what a TEI element becomes in XHTML, in one table.
 *
 * tei2epub reads one TEI element at a time and asks this table what to
 * write. Every entry names the XHTML element used where flow content is
 * allowed (inside body, section, div, li, blockquote) and the one used where
 * only phrasing content is (inside p, h1..h6, span, q ...), plus a class.
 * The "kind" says which entries need more than a name (list numbering,
 * heading level, link targets, dates). An element the table does not know
 * keeps its text: the caller uses te_map_unknown() and warns.
 *
 * The second table describes the few XHTML elements written: which content
 * they accept, so that what is written is always valid XHTML whatever the
 * TEI nesting (a TEI list inside a p becomes spans, text directly inside a
 * list gets an li).
 */
#ifndef TE_MAP_H
#define TE_MAP_H

#include <stdbool.h>
#include <stddef.h>

enum te_kind {
	TE_K_BLOCK,     /* plain mapping: flow or phrase name and class */
	TE_K_CONTAINER, /* text, body, front, back, group: chapter level, no element */
	TE_K_DIV,       /* div, div1..div7: section, counted for heading levels */
	TE_K_HEAD,      /* head: h1..h6 by div depth, an id and a nav entry */
	TE_K_LIST,      /* list: ol (ordered) or ul */
	TE_K_ITEM,      /* item: li with a value from @n */
	TE_K_LABEL,     /* label: the marker as written; an li holding one has no CSS marker */
	TE_K_DATE,      /* date: time with @datetime from @when when valid */
	TE_K_REF,       /* ref: a with @href from @target when it is an absolute URL */
	TE_K_HI,        /* hi: b, i, sub, sup, u or em by @rend */
	TE_K_BREAK,     /* lb: br */
	TE_K_EMPTY,     /* pb, milestone, anchor, gap...: nothing; any content kept */
	TE_K_TABLE,     /* table */
	TE_K_ROW,       /* row: tr */
	TE_K_CELL,      /* cell: td */
	TE_K_SKIP       /* teiHeader inside text and the like: not text, dropped */
};

struct te_map {
	const char *tei;    /* TEI local name */
	enum te_kind kind;
	const char *flow;   /* XHTML element where flow content is allowed */
	const char *phrase; /* XHTML element where only phrasing content is */
	const char *cls;    /* class attribute or NULL */
};

/* The entry for a TEI element's local name, or NULL if the table lacks it. */
const struct te_map *te_map_lookup(const char *tei);
/* The entry used for elements the table lacks (div or span, class "tei"). */
const struct te_map *te_map_unknown(void);
/* The number of entries and the i-th one (for tests and the man page). */
size_t te_map_count(void);
const struct te_map *te_map_at(size_t i);

/* What an XHTML element accepts as content. */
enum te_model {
	TE_M_FLOW,   /* flow content: blocks, phrasing and text */
	TE_M_PHRASE, /* phrasing content and text only */
	TE_M_LIST,   /* li only (ol, ul) */
	TE_M_TABLE,  /* tr only */
	TE_M_ROW,    /* td only */
	TE_M_EMPTY   /* nothing (br) */
};

struct te_xhtml {
	const char *name;
	enum te_model model; /* its content */
	bool phrasing;       /* is it itself phrasing content */
};

/* The description of an XHTML element this program writes, or NULL. */
const struct te_xhtml *te_xhtml_lookup(const char *name);

#endif
