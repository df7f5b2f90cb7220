/*
 * el_check.h - epublint's checker: rules, the report, and the checks.
 *
 * Every check reports through el_report_add() with a rule from the table in
 * el_rules.c: one entry per rule (name, EPUBCheck message ID, severity,
 * message), so a new rule is one enum value, one table entry and one test.
 * Nothing here prints or exits; epublint.c decides what to print.
 */
#ifndef EL_CHECK_H
#define EL_CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum el_severity { EL_FATAL, EL_ERROR, EL_WARNING, EL_INFO, EL_USAGE, EL_NSEV };

/* The rules, in the order of el_rules[] (el_rules.c). */
enum el_rule {
	/* the zip container */
	R_ZIP_HEADER,          /* PKG-003 */
	R_ZIP_CORRUPT,         /* PKG-004 */
	R_ZIP_READ,            /* PKG-008 */
	R_ZIP_LIMIT,           /* ELT-001: a resource limit (zip bomb, entry count) */
	R_ZIP_RATIO,           /* ELT-002: suspicious compression ratio */
	R_ZIP_UNSAFE_PATH,     /* ELT-003: ../ or absolute entry name */
	R_ZIP_SYMLINK,         /* ELT-004 */
	R_ZIP_DUPLICATE,       /* OPF-060 */
	R_MIMETYPE_FIRST,      /* PKG-006 */
	R_MIMETYPE_CONTENT,    /* PKG-007 */
	R_MIMETYPE_EXTRA,      /* PKG-005 */
	R_NAME_NOT_UTF8,       /* PKG-027 */
	R_NAME_BAD_CHAR,       /* PKG-009 */
	R_NAME_SPACE,          /* PKG-010 */
	R_NAME_TRAILING_DOT,   /* PKG-011 */
	R_NAME_NON_ASCII,      /* PKG-012 */
	R_ENCRYPTED,           /* RSC-004 */
	/* META-INF/container.xml */
	R_CONTAINER_MISSING,   /* RSC-002 */
	R_ROOTFILE_NONE,       /* RSC-003 */
	R_ROOTFILE_PATH,       /* OPF-016 */
	R_OPF_MISSING,         /* OPF-002 */
	/* XML in general */
	R_XML_FATAL,           /* RSC-016 */
	R_XML_ENCODING,        /* RSC-028 */
	R_XML_UTF16,           /* RSC-027 */
	R_SCHEMA,              /* RSC-005 */
	/* the package document */
	R_UID_MISSING,         /* OPF-048 */
	R_UID_NOT_FOUND,       /* OPF-030 */
	R_MANIFEST_FILE_MISSING, /* RSC-001 */
	R_NOT_MANIFESTED,      /* OPF-003 */
	R_MANIFEST_DUP_HREF,   /* OPF-074 */
	R_MANIFEST_FRAGMENT,   /* OPF-091 */
	R_MANIFEST_SELF,       /* OPF-099 */
	R_SPINE_IDREF,         /* OPF-049 */
	R_SPINE_DUP,           /* OPF-034 */
	R_SPINE_NO_LINEAR,     /* OPF-033 */
	R_SPINE_MEDIA_TYPE,    /* OPF-043 */
	R_LANG_TAG,            /* OPF-092 */
	/* content documents and links */
	R_NO_TITLE,            /* RSC-017 */
	R_NAV_NO_TOC,          /* NAV-001 */
	R_NAV_REMOTE,          /* NAV-010 */
	R_DOCTYPE,             /* HTM-004 */
	R_REF_MISSING,         /* RSC-007 */
	R_REF_NOT_MANIFESTED,  /* RSC-008 */
	R_REF_NOT_SPINE,       /* RSC-011 */
	R_REF_FRAGMENT,        /* RSC-012 */
	R_REF_REMOTE,          /* RSC-006 */
	R_REF_BAD_URL,         /* RSC-020 */
	R_REF_LEAK,            /* RSC-026 */
	R_COUNT
};

struct el_rule_def {
	const char *name;          /* short name, e.g. "mimetype-first" */
	const char *id;            /* EPUBCheck message ID, or ELT-nnn for our own */
	enum el_severity sev;
	const char *fmt;           /* message; %s are the caller's arguments */
};
extern const struct el_rule_def el_rules[R_COUNT];
const char *el_severity_name(enum el_severity s); /* "ERROR", ... */

struct el_msg {
	enum el_rule rule;
	char *path;                /* path inside the container, or NULL */
	unsigned long line, col;   /* 0: unknown */
	char *text;                /* the formatted message */
};

/* The findings about one book. */
struct el_report {
	struct el_msg *msgs;
	size_t n, cap;
	unsigned long count[EL_NSEV];
	bool oom;                  /* a message could not be recorded */
};
#define EL_REPORT_INIT { NULL, 0, 0, { 0, 0, 0, 0, 0 }, false }
/* Record a finding; the varargs are strings for the rule's %s. */
void el_report_add(struct el_report *r, enum el_rule rule, const char *path,
                   unsigned long line, unsigned long col, ...);
/* True when the report has no FATAL or ERROR message. */
bool el_report_valid(const struct el_report *r);
void el_report_free(struct el_report *r);

/* ---- limits against hostile input ---- */
struct el_limits {
	uint64_t max_entries;      /* entries in the zip directory */
	uint64_t max_total;        /* sum of expanded sizes read */
	uint64_t max_entry;        /* expanded size of one entry */
	uint64_t max_xml;          /* size of one XML document we parse */
	uint64_t ratio_warn;       /* expansion ratio that earns a warning */
};
#define EL_LIMITS_DEFAULT { 100000, UINT64_C(2) << 30, UINT64_C(1) << 30, \
	UINT64_C(64) << 20, 200 }

/*
 * Check one EPUB. The file is read only; nothing is ever written.
 * Returns 0 when the book was checked (findings in r, which may say it is
 * invalid), -1 on a system error (errno set: ENOMEM, or the file cannot be
 * opened or read), with r possibly holding partial findings.
 */
int el_check_file(const char *path, const struct el_limits *lim, struct el_report *r);
/* The same for a book in memory (p stays the caller's). */
int el_check_buffer(const void *p, size_t n, const struct el_limits *lim,
                    struct el_report *r);

/* ---- el_path.c: file names and URLs (no I/O) ---- */

/* Findings about one zip entry name, as a bit set. */
enum {
	EL_FN_NOT_UTF8 = 1 << 0,   /* not UTF-8: nothing else checked */
	EL_FN_BAD_CHAR = 1 << 1,   /* a character EPUB 3.3 forbids in file names */
	EL_FN_TRAILING_DOT = 1 << 2, /* a segment ends with "." */
	EL_FN_SPACE = 1 << 3,      /* a space character */
	EL_FN_NON_ASCII = 1 << 4,
	EL_FN_UNSAFE = 1 << 5,     /* absolute, "..", ".", empty segment or backslash */
	EL_FN_TOO_LONG = 1 << 6    /* a segment over 255 bytes */
};
/*
 * Check a zip entry name (a directory name may end with '/'), byte string
 * of n bytes. Returns the bit set; when EL_FN_BAD_CHAR is set and bad is
 * not NULL, *bad is the first forbidden code point.
 */
unsigned el_fname_check(const char *name, size_t n, uint32_t *bad);
/* True if code point cp is forbidden in EPUB 3.3 file names. */
bool el_fname_char_forbidden(uint32_t cp);
/*
 * The key under which two names count as the same file: NFC then full
 * case folding (utf8proc). Caller frees; NULL on ENOMEM or bad UTF-8.
 */
char *el_fname_key(const char *name);

enum el_url_kind {
	EL_URL_LOCAL,    /* a file in the container: path (and maybe frag) set */
	EL_URL_SAMEDOC,  /* "" or "#frag": frag set (maybe empty) */
	EL_URL_REMOTE,   /* has a scheme (http:, mailto:, data: ...) */
	EL_URL_LEAK,     /* climbs above the container root or is absolute */
	EL_URL_BAD       /* not a valid URL (bad %-escape, NUL ...) */
};
struct el_url {
	enum el_url_kind kind;
	char *path;      /* owned: decoded, normalized container path, or NULL */
	char *frag;      /* owned: decoded fragment without '#', or NULL */
};
/*
 * Resolve href against the container path of the document it appears in
 * (base; "" for the container root). Returns 0, or -1 on ENOMEM.
 * Free u with el_url_free.
 */
int el_url_resolve(const char *base, const char *href, struct el_url *u);
void el_url_free(struct el_url *u);
/* The folder part of a container path with its trailing '/' ("" if none); caller frees. */
char *el_path_dir(const char *path);

#endif
