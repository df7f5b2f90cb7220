/*
 * el_rules.c - epublint's rules (one table entry each) and the report.
 *
 * IDs and severities are EPUBCheck's (MessageBundle.properties and
 * DefaultSeverities) where the check is the same; ELT-nnn are epublint's own
 * (hostile-input limits EPUBCheck has no message for).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "el_check.h"
#include "wathiqa.h"

const struct el_rule_def el_rules[R_COUNT] = {
	[R_ZIP_HEADER] = { "zip-header", "PKG-003", EL_ERROR,
	    "Unable to read EPUB file header. This is likely a corrupted EPUB file" },
	[R_ZIP_CORRUPT] = { "zip-corrupt", "PKG-004", EL_FATAL,
	    "Corrupted EPUB ZIP header: %s" },
	[R_ZIP_READ] = { "zip-read", "PKG-008", EL_FATAL,
	    "Unable to read file \"%s\": %s" },
	[R_ZIP_LIMIT] = { "zip-limit", "ELT-001", EL_FATAL,
	    "%s exceeds the limit of %s; not checked further" },
	[R_ZIP_RATIO] = { "zip-ratio", "ELT-002", EL_WARNING,
	    "Entry \"%s\" expands %s times (a possible zip bomb)" },
	[R_ZIP_UNSAFE_PATH] = { "zip-unsafe-path", "ELT-003", EL_WARNING,
	    "Entry name \"%s\" is absolute or leaves the container root; it is not part of the publication" },
	[R_ZIP_SYMLINK] = { "zip-symlink", "ELT-004", EL_WARNING,
	    "Entry \"%s\" is a symbolic link; it is not followed" },
	[R_ZIP_DUPLICATE] = { "zip-duplicate", "OPF-060", EL_ERROR,
	    "Duplicate entry in the ZIP file: \"%s\"%s" },
	[R_MIMETYPE_FIRST] = { "mimetype-first", "PKG-006", EL_ERROR,
	    "Mimetype file entry is missing or is not the first file in the archive" },
	[R_MIMETYPE_CONTENT] = { "mimetype-content", "PKG-007", EL_ERROR,
	    "Mimetype file should only contain the string \"application/epub+zip\" and should not be compressed%s" },
	[R_MIMETYPE_EXTRA] = { "mimetype-extra-field", "PKG-005", EL_ERROR,
	    "The mimetype file has an extra field of length %s. The use of the extra field feature of the ZIP format is not permitted for the mimetype file" },
	[R_NAME_NOT_UTF8] = { "name-not-utf8", "PKG-027", EL_FATAL,
	    "Could not extract EPUB ZIP content: file name \"%s\" is not UTF-8" },
	[R_NAME_BAD_CHAR] = { "name-bad-char", "PKG-009", EL_ERROR,
	    "File name contains characters that are not allowed in OCF file names: \"%s\"" },
	[R_NAME_SPACE] = { "name-space", "PKG-010", EL_WARNING,
	    "Filename contains spaces, therefore URI escaping is necessary. Consider removing spaces from filename" },
	[R_NAME_TRAILING_DOT] = { "name-trailing-dot", "PKG-011", EL_ERROR,
	    "Filename is not allowed to end with \".\"" },
	[R_NAME_NON_ASCII] = { "name-non-ascii", "PKG-012", EL_USAGE,
	    "File name contains non-ASCII characters. Consider changing the filename" },
	[R_ENCRYPTED] = { "encrypted", "RSC-004", EL_INFO,
	    "File \"%s\" is encrypted, its content will not be checked" },
	[R_CONTAINER_MISSING] = { "container-missing", "RSC-002", EL_FATAL,
	    "Required META-INF/container.xml resource could not be found" },
	[R_ROOTFILE_NONE] = { "rootfile-none", "RSC-003", EL_ERROR,
	    "No rootfile tag with media type \"application/oebps-package+xml\" was found in the container" },
	[R_ROOTFILE_PATH] = { "rootfile-path", "OPF-016", EL_ERROR,
	    "The element \"rootfile\" is missing its required attribute \"full-path\"" },
	[R_OPF_MISSING] = { "opf-missing", "OPF-002", EL_FATAL,
	    "The OPF file \"%s\" was not found in the EPUB" },
	[R_XML_FATAL] = { "xml-not-well-formed", "RSC-016", EL_FATAL,
	    "Fatal Error while parsing file: %s" },
	[R_XML_ENCODING] = { "xml-encoding", "RSC-028", EL_ERROR,
	    "XML documents must be encoded in UTF-8, but %s was detected" },
	[R_XML_UTF16] = { "xml-utf16", "RSC-027", EL_WARNING,
	    "XML documents should be encoded in UTF-8, but UTF-16 was detected" },
	[R_SCHEMA] = { "schema", "RSC-005", EL_ERROR,
	    "Error while parsing file: %s" },
	[R_UID_MISSING] = { "uid-missing", "OPF-048", EL_ERROR,
	    "Package tag is missing its required unique-identifier attribute and value" },
	[R_UID_NOT_FOUND] = { "uid-not-found", "OPF-030", EL_ERROR,
	    "The unique-identifier \"%s\" was not found" },
	[R_MANIFEST_FILE_MISSING] = { "manifest-file-missing", "RSC-001", EL_ERROR,
	    "File \"%s\" could not be found" },
	[R_NOT_MANIFESTED] = { "not-manifested", "OPF-003", EL_WARNING,
	    "Item \"%s\" exists in the EPUB, but is not declared in the OPF manifest" },
	[R_MANIFEST_DUP_HREF] = { "manifest-duplicate-href", "OPF-074", EL_ERROR,
	    "Package resource \"%s\" is declared in several manifest item" },
	[R_MANIFEST_FRAGMENT] = { "manifest-fragment", "OPF-091", EL_ERROR,
	    "The item href URL must not have a fragment identifier: \"%s\"" },
	[R_MANIFEST_SELF] = { "manifest-self", "OPF-099", EL_ERROR,
	    "The manifest must not list the package document" },
	[R_SPINE_IDREF] = { "spine-idref", "OPF-049", EL_ERROR,
	    "Item id \"%s\" was not found in the manifest" },
	[R_SPINE_DUP] = { "spine-duplicate", "OPF-034", EL_ERROR,
	    "The spine contains multiple references to the manifest item with id \"%s\"" },
	[R_SPINE_NO_LINEAR] = { "spine-no-linear", "OPF-033", EL_ERROR,
	    "The spine contains no linear resources" },
	[R_SPINE_MEDIA_TYPE] = { "spine-media-type", "OPF-043", EL_ERROR,
	    "Spine item \"%s\" with non-standard media-type \"%s\" has no fallback" },
	[R_LANG_TAG] = { "lang-tag", "OPF-092", EL_ERROR,
	    "Language tag \"%s\" is not well-formed" },
	[R_NO_TITLE] = { "no-title", "RSC-017", EL_WARNING,
	    "Warning while parsing file: %s" },
	[R_NAV_NO_TOC] = { "nav-no-toc", "NAV-001", EL_ERROR,
	    "The Navigation Document must have a nav element with epub:type=\"toc\"" },
	[R_NAV_REMOTE] = { "nav-remote", "NAV-010", EL_ERROR,
	    "\"%s\" nav must not link to remote resources; found link to \"%s\"" },
	[R_DOCTYPE] = { "doctype", "HTM-004", EL_ERROR,
	    "Irregular DOCTYPE: found \"%s\", expected \"<!DOCTYPE html>\"" },
	[R_REF_MISSING] = { "ref-missing", "RSC-007", EL_ERROR,
	    "Referenced resource \"%s\" could not be found in the EPUB" },
	[R_REF_NOT_MANIFESTED] = { "ref-not-manifested", "RSC-008", EL_ERROR,
	    "Referenced resource \"%s\" is not declared in the OPF manifest" },
	[R_REF_NOT_SPINE] = { "ref-not-spine", "RSC-011", EL_ERROR,
	    "Found a reference to a resource that is not a spine item: \"%s\"" },
	[R_REF_FRAGMENT] = { "ref-fragment", "RSC-012", EL_ERROR,
	    "Fragment identifier is not defined: \"%s\"" },
	[R_REF_REMOTE] = { "ref-remote", "RSC-006", EL_ERROR,
	    "Remote resource reference is not allowed; resource must be placed in the OCF: \"%s\"" },
	[R_REF_BAD_URL] = { "ref-bad-url", "RSC-020", EL_ERROR,
	    "\"%s\" is not a valid URL" },
	[R_REF_LEAK] = { "ref-leak", "RSC-026", EL_ERROR,
	    "URL \"%s\" leaks outside the container (it is not a valid-relative-ocf-URL-with-fragment string)" },
};

const char *
el_severity_name(enum el_severity s)
{
	static const char *const names[EL_NSEV] = {
		"FATAL", "ERROR", "WARNING", "INFO", "USAGE"
	};
	return (unsigned)s < EL_NSEV ? names[s] : "?";
}

static char *
xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = malloc(n);
	if (d != NULL)
		memcpy(d, s, n);
	return d;
}

void
el_report_add(struct el_report *r, enum el_rule rule, const char *path,
              unsigned long line, unsigned long col, ...)
{
	const struct el_rule_def *d = &el_rules[rule];
	struct wq_buf b = WQ_BUF_INIT;
	const char *f;
	va_list ap;
	struct el_msg *m;

	r->count[d->sev]++;
	/* %s only: substitute the arguments ourselves, truncating long ones */
	va_start(ap, col);
	for (f = d->fmt; *f != '\0'; f++) {
		if (f[0] == '%' && f[1] == 's') {
			const char *a = va_arg(ap, const char *);
			size_t n = a != NULL ? strlen(a) : 0;
			if (n > 300) {
				if (wq_buf_append(&b, a, 300) < 0 || wq_buf_puts(&b, "...") < 0)
					r->oom = true;
			} else if (n > 0 && wq_buf_append(&b, a, n) < 0) {
				r->oom = true;
			}
			f++;
		} else if (wq_buf_putc(&b, *f) < 0) {
			r->oom = true;
		}
	}
	va_end(ap);
	if (r->n == r->cap) {
		size_t nc = r->cap ? r->cap * 2 : 16;
		struct el_msg *nm = realloc(r->msgs, nc * sizeof *nm);
		if (nm == NULL) {
			r->oom = true;
			wq_buf_free(&b);
			return;
		}
		r->msgs = nm;
		r->cap = nc;
	}
	m = &r->msgs[r->n];
	m->rule = rule;
	m->path = path != NULL ? xstrdup(path) : NULL;
	m->line = line;
	m->col = col;
	m->text = wq_buf_steal(&b);
	if (m->text == NULL)
		m->text = xstrdup("");
	if ((path != NULL && m->path == NULL) || m->text == NULL) {
		free(m->path);
		free(m->text);
		r->oom = true;
		return;
	}
	r->n++;
}

bool
el_report_valid(const struct el_report *r)
{
	return r->count[EL_FATAL] == 0 && r->count[EL_ERROR] == 0;
}

void
el_report_free(struct el_report *r)
{
	size_t i;

	for (i = 0; i < r->n; i++) {
		free(r->msgs[i].path);
		free(r->msgs[i].text);
	}
	free(r->msgs);
	*r = (struct el_report)EL_REPORT_INIT;
}
