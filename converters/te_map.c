/* te_map.c - the TEI to XHTML table (see te_map.h). */
#include <stdlib.h>
#include <string.h>

#include "te_map.h"

/*
 * Sorted by TEI name (strcmp order: capitals first). One line per element:
 * what txt2tei writes first among equals, then TEI Lite.
 */
static const struct te_map map[] = {
	{ "abbr",        TE_K_BLOCK,     "abbr",       "abbr", NULL },
	{ "add",         TE_K_BLOCK,     "div",        "span", "add" },
	{ "addName",     TE_K_BLOCK,     "span",       "span", "name" },
	{ "addrLine",    TE_K_BLOCK,     "p",          "span", "addrLine" },
	{ "address",     TE_K_BLOCK,     "div",        "span", "address" },
	{ "anchor",      TE_K_EMPTY,     NULL,         NULL,   NULL },
	{ "argument",    TE_K_BLOCK,     "div",        "span", "argument" },
	{ "back",        TE_K_CONTAINER, "div",        "span", "back" },
	{ "bibl",        TE_K_BLOCK,     "p",          "cite", "bibl" },
	{ "biblScope",   TE_K_BLOCK,     "span",       "span", "biblScope" },
	{ "body",        TE_K_CONTAINER, "div",        "span", "body" },
	{ "byline",      TE_K_BLOCK,     "p",          "span", "byline" },
	{ "c",           TE_K_BLOCK,     "span",       "span", NULL },
	{ "caption",     TE_K_BLOCK,     "p",          "span", "caption" },
	{ "cb",          TE_K_EMPTY,     NULL,         NULL,   NULL },
	{ "cell",        TE_K_CELL,      "div",        "span", NULL },
	{ "choice",      TE_K_BLOCK,     "span",       "span", "choice" },
	{ "cit",         TE_K_BLOCK,     "blockquote", "span", "cit" },
	{ "cl",          TE_K_BLOCK,     "span",       "span", NULL },
	{ "closer",      TE_K_BLOCK,     "div",        "span", "closer" },
	{ "code",        TE_K_BLOCK,     "pre",        "code", NULL },
	{ "corr",        TE_K_BLOCK,     "span",       "span", "corr" },
	{ "date",        TE_K_DATE,      "time",       "time", NULL },
	{ "dateline",    TE_K_BLOCK,     "p",          "span", "dateline" },
	{ "del",         TE_K_BLOCK,     "div",        "span", "del" },
	{ "distinct",    TE_K_BLOCK,     "em",         "em",   NULL },
	{ "div",         TE_K_DIV,       "section",    "span", NULL },
	{ "div1",        TE_K_DIV,       "section",    "span", NULL },
	{ "div2",        TE_K_DIV,       "section",    "span", NULL },
	{ "div3",        TE_K_DIV,       "section",    "span", NULL },
	{ "div4",        TE_K_DIV,       "section",    "span", NULL },
	{ "div5",        TE_K_DIV,       "section",    "span", NULL },
	{ "div6",        TE_K_DIV,       "section",    "span", NULL },
	{ "div7",        TE_K_DIV,       "section",    "span", NULL },
	{ "docAuthor",   TE_K_BLOCK,     "p",          "span", "docAuthor" },
	{ "docDate",     TE_K_BLOCK,     "p",          "span", "docDate" },
	{ "docEdition",  TE_K_BLOCK,     "p",          "span", "docEdition" },
	{ "docImprint",  TE_K_BLOCK,     "p",          "span", "docImprint" },
	{ "docTitle",    TE_K_BLOCK,     "div",        "span", "docTitle" },
	{ "eg",          TE_K_BLOCK,     "pre",        "code", NULL },
	{ "email",       TE_K_BLOCK,     "span",       "span", "email" },
	{ "emph",        TE_K_BLOCK,     "em",         "em",   NULL },
	{ "epigraph",    TE_K_BLOCK,     "blockquote", "span", "epigraph" },
	{ "expan",       TE_K_BLOCK,     "span",       "span", "expan" },
	{ "figDesc",     TE_K_BLOCK,     "p",          "span", "figDesc" },
	{ "figure",      TE_K_BLOCK,     "div",        "span", "figure" },
	{ "floatingText", TE_K_BLOCK,    "div",        "span", "floatingText" },
	{ "foreign",     TE_K_BLOCK,     "span",       "span", "foreign" },
	{ "forename",    TE_K_BLOCK,     "span",       "span", "name" },
	{ "formula",     TE_K_BLOCK,     "span",       "span", "formula" },
	{ "front",       TE_K_CONTAINER, "div",        "span", "front" },
	{ "gap",         TE_K_EMPTY,     NULL,         NULL,   NULL },
	{ "geogName",    TE_K_BLOCK,     "span",       "span", "name" },
	{ "gloss",       TE_K_BLOCK,     "span",       "span", "gloss" },
	{ "group",       TE_K_CONTAINER, "div",        "span", "group" },
	{ "head",        TE_K_HEAD,      "h1",         "span", NULL },
	{ "hi",          TE_K_HI,        "em",         "em",   NULL },
	{ "ident",       TE_K_BLOCK,     "code",       "code", NULL },
	{ "item",        TE_K_ITEM,      "div",        "span", NULL },
	{ "l",           TE_K_BLOCK,     "p",          "span", "l" },
	{ "label",       TE_K_LABEL,     "span",       "span", "label" },
	{ "lb",          TE_K_BREAK,     "br",         "br",   NULL },
	{ "lg",          TE_K_BLOCK,     "div",        "span", "lg" },
	{ "list",        TE_K_LIST,      "ul",         "span", NULL },
	{ "listBibl",    TE_K_LIST,      "ul",         "span", "listBibl" },
	{ "measure",     TE_K_BLOCK,     "span",       "span", "measure" },
	{ "mentioned",   TE_K_BLOCK,     "em",         "em",   NULL },
	{ "milestone",   TE_K_EMPTY,     NULL,         NULL,   NULL },
	{ "name",        TE_K_BLOCK,     "span",       "span", "name" },
	{ "note",        TE_K_BLOCK,     "aside",      "small", "note" },
	{ "num",         TE_K_BLOCK,     "span",       "span", "num" },
	{ "opener",      TE_K_BLOCK,     "div",        "span", "opener" },
	{ "orgName",     TE_K_BLOCK,     "span",       "span", "name" },
	{ "orig",        TE_K_BLOCK,     "span",       "span", "orig" },
	{ "p",           TE_K_BLOCK,     "p",          "span", NULL },
	{ "pb",          TE_K_EMPTY,     NULL,         NULL,   NULL },
	{ "pc",          TE_K_BLOCK,     "span",       "span", NULL },
	{ "persName",    TE_K_BLOCK,     "span",       "span", "name" },
	{ "placeName",   TE_K_BLOCK,     "span",       "span", "name" },
	{ "postscript",  TE_K_BLOCK,     "div",        "span", "postscript" },
	{ "ptr",         TE_K_EMPTY,     NULL,         NULL,   NULL },
	{ "q",           TE_K_BLOCK,     "blockquote", "q",    NULL },
	{ "quote",       TE_K_BLOCK,     "blockquote", "q",    NULL },
	{ "ref",         TE_K_REF,       "a",          "a",    NULL },
	{ "reg",         TE_K_BLOCK,     "span",       "span", "reg" },
	{ "roleName",    TE_K_BLOCK,     "span",       "span", "name" },
	{ "row",         TE_K_ROW,       "div",        "span", NULL },
	{ "rs",          TE_K_BLOCK,     "span",       "span", "name" },
	{ "s",           TE_K_BLOCK,     "span",       "span", NULL },
	{ "said",        TE_K_BLOCK,     "blockquote", "q",    NULL },
	{ "salute",      TE_K_BLOCK,     "p",          "span", "salute" },
	{ "seg",         TE_K_BLOCK,     "span",       "span", NULL },
	{ "sic",         TE_K_BLOCK,     "span",       "span", "sic" },
	{ "signed",      TE_K_BLOCK,     "p",          "span", "signed" },
	{ "soCalled",    TE_K_BLOCK,     "q",          "q",    NULL },
	{ "sp",          TE_K_BLOCK,     "div",        "span", "sp" },
	{ "speaker",     TE_K_BLOCK,     "p",          "span", "speaker" },
	{ "stage",       TE_K_BLOCK,     "p",          "span", "stage" },
	{ "surname",     TE_K_BLOCK,     "span",       "span", "name" },
	{ "table",       TE_K_TABLE,     "table",      "span", NULL },
	{ "teiHeader",   TE_K_SKIP,      NULL,         NULL,   NULL },
	{ "term",        TE_K_BLOCK,     "span",       "span", "term" },
	{ "text",        TE_K_CONTAINER, "div",        "span", "text" },
	{ "time",        TE_K_BLOCK,     "span",       "span", "time" },
	{ "title",       TE_K_BLOCK,     "cite",       "cite", NULL },
	{ "titlePage",   TE_K_BLOCK,     "section",    "span", "titlePage" },
	{ "titlePart",   TE_K_BLOCK,     "p",          "span", "titlePart" },
	{ "trailer",     TE_K_BLOCK,     "p",          "span", "trailer" },
	{ "unclear",     TE_K_BLOCK,     "span",       "span", "unclear" },
	{ "w",           TE_K_BLOCK,     "span",       "span", NULL },
};

static const struct te_map unknown = { "", TE_K_BLOCK, "div", "span", "tei" };

static int
cmp_map(const void *key, const void *elem)
{
	return strcmp(key, ((const struct te_map *)elem)->tei);
}

const struct te_map *
te_map_lookup(const char *tei)
{
	return bsearch(tei, map, sizeof map / sizeof map[0], sizeof map[0], cmp_map);
}

const struct te_map *
te_map_unknown(void)
{
	return &unknown;
}

size_t
te_map_count(void)
{
	return sizeof map / sizeof map[0];
}

const struct te_map *
te_map_at(size_t i)
{
	return i < te_map_count() ? &map[i] : NULL;
}

/* Every XHTML element named in the table above or written by the walk. */
static const struct te_xhtml xhtml[] = {
	{ "a",          TE_M_PHRASE, true },
	{ "abbr",       TE_M_PHRASE, true },
	{ "aside",      TE_M_FLOW,   false },
	{ "b",          TE_M_PHRASE, true },
	{ "blockquote", TE_M_FLOW,   false },
	{ "br",         TE_M_EMPTY,  true },
	{ "cite",       TE_M_PHRASE, true },
	{ "code",       TE_M_PHRASE, true },
	{ "div",        TE_M_FLOW,   false },
	{ "em",         TE_M_PHRASE, true },
	{ "h1",         TE_M_PHRASE, false },
	{ "h2",         TE_M_PHRASE, false },
	{ "h3",         TE_M_PHRASE, false },
	{ "h4",         TE_M_PHRASE, false },
	{ "h5",         TE_M_PHRASE, false },
	{ "h6",         TE_M_PHRASE, false },
	{ "i",          TE_M_PHRASE, true },
	{ "li",         TE_M_FLOW,   false },
	{ "ol",         TE_M_LIST,   false },
	{ "p",          TE_M_PHRASE, false },
	{ "pre",        TE_M_PHRASE, false },
	{ "q",          TE_M_PHRASE, true },
	{ "section",    TE_M_FLOW,   false },
	{ "small",      TE_M_PHRASE, true },
	{ "span",       TE_M_PHRASE, true },
	{ "sub",        TE_M_PHRASE, true },
	{ "sup",        TE_M_PHRASE, true },
	{ "table",      TE_M_TABLE,  false },
	{ "td",         TE_M_FLOW,   false },
	{ "time",       TE_M_PHRASE, true },
	{ "tr",         TE_M_ROW,    false },
	{ "u",          TE_M_PHRASE, true },
	{ "ul",         TE_M_LIST,   false },
};

static int
cmp_xhtml(const void *key, const void *elem)
{
	return strcmp(key, ((const struct te_xhtml *)elem)->name);
}

const struct te_xhtml *
te_xhtml_lookup(const char *name)
{
	return bsearch(name, xhtml, sizeof xhtml / sizeof xhtml[0], sizeof xhtml[0], cmp_xhtml);
}
