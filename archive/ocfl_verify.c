/*
 * ocfl_verify.c - the OCFL 1.0/1.1 specification's checks, each with its code.
 *
 * Independent of the store writer on purpose: inventories are parsed here
 * with jansson (duplicate keys rejected) and every rule of the spec that
 * can be checked from the files is checked, reporting every problem found
 * (not just the first) with the code of 1.1/spec/validation-codes.md.
 *
 * Shape: a table of codes; the small rules (version names, RFC 3339,
 * paths, digests); the inventory checker (one inventory on its own); the
 * object checker (the files against the inventories, fixity included,
 * every content file hashed once with every algorithm that names it;
 * the version inventories checked on a helper thread meanwhile);
 * the storage-root checker (declaration, layout, hierarchy, each object).
 */
#define _DEFAULT_SOURCE /* sysconf(_SC_NPROCESSORS_ONLN) */
#include <ctype.h>
#include <dirent.h>
#include <pthread.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "ocfl_verify.h"
#include "wathiqa.h"

/* ---- the codes ------------------------------------------------------------ */

static const struct ocfl_code {
	const char *code;
	const char *text;
} codes[] = {
	{ "E001", "The OCFL Object Root must not contain files or directories other than those specified." },
	{ "E002", "The version declaration must be formatted according to the NAMASTE specification." },
	{ "E003", "There must be exactly one version declaration file in the base directory of the OCFL Object Root giving the OCFL version in the filename." },
	{ "E004", "The version declaration filename must conform to the pattern T=dvalue, where T must be 0." },
	{ "E005", "The version declaration filename must conform to the pattern T=dvalue, where T must be 0." },
	{ "E006", "The version declaration dvalue must be ocfl_object_, followed by the OCFL specification version number." },
	{ "E007", "The text contents of the version declaration file must be the same as dvalue, followed by a newline." },
	{ "E008", "OCFL Object content must be stored as a sequence of one or more versions." },
	{ "E009", "The version number sequence must start at 1." },
	{ "E010", "The version number sequence must be continuous without missing integers." },
	{ "E011", "If zero-padded version directory numbers are used then they must start with the prefix v and then a zero." },
	{ "E012", "All version directories of an object must use the same naming convention." },
	{ "E013", "Operations that add a new version must follow the version directory naming convention established by earlier versions." },
	{ "E014", "References to files inside version directories from inventory files must use the actual version directory names." },
	{ "E015", "There must be no other files as children of a version directory, other than an inventory file and an inventory digest." },
	{ "E016", "Version directories must contain a designated content sub-directory if the version contains files to be preserved." },
	{ "E017", "The contentDirectory value must not contain the forward slash (/) path separator." },
	{ "E018", "The contentDirectory value must not be either one or two periods (. or ..)." },
	{ "E019", "If the key contentDirectory is set, it must be set in the first version of the object." },
	{ "E020", "If the key contentDirectory is set, it must not change between versions of the same object." },
	{ "E021", "If the key contentDirectory is not present, the name of the designated content sub-directory must be content." },
	{ "E022", "OCFL-compliant tools must ignore all directories in the object version directory except for the designated content directory." },
	{ "E023", "Every file within a version's content directory must be referenced in the manifest section of the inventory." },
	{ "E024", "There must not be empty directories within a version's content directory." },
	{ "E025", "For content-addressing, OCFL Objects must use either sha512 or sha256." },
	{ "E026", "Fixity algorithms must come from the controlled vocabulary or the Digest Algorithms extension." },
	{ "E027", "OCFL clients must support all fixity algorithms given in the table." },
	{ "E028", "Optional fixity algorithms that are not supported by a client must be ignored by that client." },
	{ "E029", "SHA-1 digests must be encoded using hex (base16)." },
	{ "E030", "SHA-256 digests must be encoded using hex (base16)." },
	{ "E031", "SHA-512 digests must be encoded using hex (base16)." },
	{ "E032", "blake2b-512 digests must be encoded using hex (base16)." },
	{ "E033", "An OCFL Object Inventory must follow the JSON structure described in the specification." },
	{ "E034", "An OCFL Object Inventory must be named inventory.json." },
	{ "E035", "The forward slash (/) path separator must be used in content paths in the manifest and fixity blocks." },
	{ "E036", "An OCFL Object Inventory must include the keys id, type, digestAlgorithm and head." },
	{ "E037", "The id must be unique in the local context, and should be a URI." },
	{ "E038", "In the object root inventory the type value must be the URI of the inventory section of the specification version matching the object conformance declaration." },
	{ "E039", "digestAlgorithm must be the algorithm used in the manifest and state blocks." },
	{ "E040", "head must be the version directory name with the highest version number." },
	{ "E041", "There must be two other blocks present, manifest and versions." },
	{ "E042", "Content paths within a manifest block must be relative to the OCFL Object Root." },
	{ "E043", "An OCFL Object Inventory must include a block for storing versions." },
	{ "E044", "The versions block must have the key versions within the inventory." },
	{ "E045", "The versions block must be a JSON object." },
	{ "E046", "The keys of the versions object must correspond to the names of the version directories used." },
	{ "E047", "Each value of the versions object must be a JSON object that characterizes the version." },
	{ "E048", "A version must include the keys created and state." },
	{ "E049", "created must be expressed in the Internet Date/Time Format defined by RFC 3339." },
	{ "E050", "The keys of the state object are digest values, each of which must correspond to an entry in the manifest of the inventory." },
	{ "E051", "The logical path must be interpreted as a set of one or more path elements joined by a / path separator." },
	{ "E052", "Logical path elements must not be ., .., or empty (//)." },
	{ "E053", "A logical path must not begin or end with a forward slash (/)." },
	{ "E054", "The value of the user key must contain a user name key, name." },
	{ "E055", "If present, the fixity block must have the key of fixity within the inventory." },
	{ "E056", "The fixity block must contain keys from the controlled vocabulary of digest algorithms." },
	{ "E057", "The fixity block for a digest algorithm must follow the structure of the manifest block." },
	{ "E058", "Every occurrence of an inventory file must have an accompanying sidecar file stating its digest." },
	{ "E059", "The sidecar's algorithm must match the value given for the digestAlgorithm key in the inventory." },
	{ "E060", "The digest sidecar file must contain the digest of the inventory file." },
	{ "E061", "The digest sidecar file must follow the format: DIGEST inventory.json." },
	{ "E062", "The digest of the inventory must be computed only after all changes to the inventory have been made." },
	{ "E063", "Every OCFL Object must have an inventory file within the OCFL Object Root." },
	{ "E064", "The inventory file in the OCFL Object Root must be the same as the file in the most recent version." },
	{ "E066", "Each version block in each prior inventory file must represent the same object state as the corresponding version block in the current inventory file." },
	{ "E067", "The extensions directory must not contain any files or sub-directories other than extension sub-directories." },
	{ "E069", "An OCFL Storage Root must contain a Root Conformance Declaration identifying it as such." },
	{ "E070", "If present, ocfl_layout.json must include the keys extension and description." },
	{ "E071", "The ocfl_layout.json extension value must be the registered extension name of the arrangement under the storage root." },
	{ "E072", "The directory hierarchy used to store OCFL Objects must not contain files that are not part of an OCFL Object." },
	{ "E073", "Empty directories must not appear under a storage root." },
	{ "E074", "Each OCFL Storage Root must be independent." },
	{ "E075", "The OCFL version declaration must be formatted according to the NAMASTE specification." },
	{ "E076", "There must be exactly one version declaration file in the base directory of the OCFL Storage Root." },
	{ "E077", "The storage root declaration filename must conform to the pattern T=dvalue." },
	{ "E078", "The storage root declaration filename T must be 0." },
	{ "E079", "The storage root declaration dvalue must be ocfl_, followed by the OCFL specification version number." },
	{ "E080", "The text contents of the storage root declaration file must be the same as dvalue, followed by a newline." },
	{ "E081", "Objects within a Storage Root must declare conformance to the same or an earlier version of the specification." },
	{ "E082", "OCFL Object Roots must be stored either as the terminal resource of a directory storage hierarchy or as direct children of the Storage Root." },
	{ "E083", "There must be a deterministic mapping from an object identifier to a unique storage path." },
	{ "E084", "Storage hierarchies must not include files within intermediate directories." },
	{ "E085", "Storage hierarchies must be terminated by OCFL Object Roots." },
	{ "E087", "An OCFL validator must ignore any files in the storage root it does not understand." },
	{ "E088", "An OCFL Storage Root must not contain directories other than a directory hierarchy used to store OCFL Objects or for storage root extensions." },
	{ "E089", "Non-OCFL-compliant features must be wrapped in a suitable disk or filesystem image format." },
	{ "E090", "Hard and soft (symbolic) links must not be used within OCFL Storage hierarchies." },
	{ "E091", "Filesystems must preserve the case of OCFL filepaths and filenames." },
	{ "E092", "The value for each key in the manifest must be an array containing the content paths of files in the OCFL Object that have content with the given digest." },
	{ "E093", "Where included in the fixity block, the digest values given must match the digests of the files at the corresponding content paths." },
	{ "E094", "The value of the message key must be a JSON string." },
	{ "E095", "Within a version, logical paths must be unique and non-conflicting." },
	{ "E096", "Each digest value must occur only once in the manifest regardless of case." },
	{ "E097", "Each digest value must occur only once in the fixity block for any digest algorithm, regardless of case." },
	{ "E098", "The content path must be interpreted as a set of one or more path elements joined by a / path separator." },
	{ "E099", "Content path elements must not be ., .., or empty (//)." },
	{ "E100", "A content path must not begin or end with a forward slash (/)." },
	{ "E101", "Within an inventory, content paths must be unique and non-conflicting." },
	{ "E102", "An inventory file must not contain keys that are not specified." },
	{ "E103", "Each version directory must conform to the same or a later OCFL specification version as the preceding version directory." },
	{ "E104", "Version directory names must be constructed by prepending v to the version number." },
	{ "E105", "The version number must be taken from the sequence of positive, base-ten integers." },
	{ "E106", "The value of the manifest key must be a JSON object." },
	{ "E107", "Each manifest key must correspond to a digest value found in one or more state blocks." },
	{ "E108", "The contentDirectory value must represent a direct child directory of the version directory." },
	{ "E110", "A unique identifier for the OCFL Object must not change between versions of the same object." },
	{ "E111", "If present, the value of the fixity key must be a JSON object, which may be empty." },
	{ "E112", "The extensions directory must not contain any files or sub-directories other than extension sub-directories." },
	{ "W001", "Implementations should use version directory names constructed without zero-padding the version number." },
	{ "W002", "The version directory should not contain any directories other than the designated content sub-directory." },
	{ "W003", "Version directories should not contain a content sub-directory if the version contains no files to be preserved." },
	{ "W004", "For content-addressing, OCFL Objects should use sha512." },
	{ "W005", "The OCFL Object Inventory id should be a URI." },
	{ "W007", "The JSON object describing an OCFL Version should include the message and user keys." },
	{ "W008", "In the version block, the value of the user key should contain an address key." },
	{ "W009", "In the version block, the address value should be a URI." },
	{ "W010", "Every version directory should include an inventory file." },
	{ "W011", "The created, message and user keys in each version block of each prior inventory should have the same values as in the current inventory." },
	{ "W012", "Implementers should use the logs directory, if present, for storing files that contain a record of actions taken on the object." },
	{ "W013", "In an OCFL Object, extension sub-directories should be named according to a registered extension name." },
	{ "W014", "Storage hierarchies within the same OCFL Storage Root should use just one layout pattern." },
	{ "W015", "Storage hierarchies within the same OCFL Storage Root should consistently use either a directory hierarchy of OCFL Objects or top-level OCFL Objects." },
	{ "W016", "In the Storage Root, extension sub-directories should be named according to a registered extension name." },
};

const char *
ocfl_code_text(const char *code)
{
	size_t i;

	for (i = 0; i < sizeof codes / sizeof codes[0]; i++)
		if (strcmp(codes[i].code, code) == 0)
			return codes[i].text;
	return NULL;
}

const char *
ocfl_code_at(size_t i)
{
	return i < sizeof codes / sizeof codes[0] ? codes[i].code : NULL;
}

/* Registered extension names (OCFL/extensions), for W013 and W016. */
static const char *const registered_ext[] = {
	"0001-digest-algorithms", "0002-flat-direct-storage-layout",
	"0003-hash-and-id-n-tuple-storage-layout", "0004-hashed-n-tuple-storage-layout",
	"0005-mutable-head", "0006-flat-omit-prefix-storage-layout",
	"0007-n-tuple-omit-prefix-storage-layout", "0008-schema-registry",
	"0009-digest-algorithms", "0010-differential-versioning",
	"0011-direct-clean-path-layout",
};

static bool
ext_registered(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof registered_ext / sizeof registered_ext[0]; i++)
		if (strcmp(registered_ext[i], name) == 0)
			return true;
	return false;
}

/* ---- the report ------------------------------------------------------------ */

void
ocfl_report_add(struct ocfl_report *r, const char *code, const char *where,
                const char *fmt, ...)
{
	struct ocfl_problem *p;
	struct wq_buf b = WQ_BUF_INIT;
	va_list ap;
	int rc;

	if (code[0] == 'W')
		r->warnings++;
	else
		r->errors++;
	if (r->n == r->cap) {
		size_t ncap = r->cap ? r->cap * 2 : 16;
		struct ocfl_problem *nv = realloc(r->v, ncap * sizeof *nv);
		if (nv == NULL) {
			r->trouble = ENOMEM;
			return;
		}
		r->v = nv;
		r->cap = ncap;
	}
	va_start(ap, fmt);
	{
		char tmp[512];
		va_list ap2;
		int n;

		va_copy(ap2, ap);
		n = vsnprintf(tmp, sizeof tmp, fmt, ap2);
		va_end(ap2);
		if (n >= 0 && (size_t)n < sizeof tmp) {
			rc = wq_buf_puts(&b, tmp);
		} else if (n >= 0 && wq_buf_grow(&b, (size_t)n + 1) == 0) {
			vsnprintf(b.data, (size_t)n + 1, fmt, ap);
			b.len = (size_t)n;
			rc = 0;
		} else {
			rc = -1;
		}
	}
	va_end(ap);
	p = &r->v[r->n];
	snprintf(p->code, sizeof p->code, "%s", code);
	p->where = strdup(where != NULL ? where : "");
	p->msg = rc == 0 && b.data != NULL ? wq_buf_steal(&b) : strdup("");
	wq_buf_free(&b);
	if (p->where == NULL || p->msg == NULL) {
		free(p->where);
		free(p->msg);
		r->trouble = ENOMEM;
		return;
	}
	r->n++;
}

void
ocfl_report_free(struct ocfl_report *r)
{
	size_t i;

	for (i = 0; i < r->n; i++) {
		free(r->v[i].where);
		free(r->v[i].msg);
	}
	free(r->v);
	r->v = NULL;
	r->n = r->cap = r->errors = r->warnings = 0;
	r->trouble = 0;
}

/* Append src's problems to dst, in their order, and empty src. */
static void
report_move(struct ocfl_report *dst, struct ocfl_report *src)
{
	if (dst->n + src->n > dst->cap) {
		size_t ncap = dst->cap * 2 > dst->n + src->n ? dst->cap * 2 : dst->n + src->n;
		struct ocfl_problem *nv = realloc(dst->v, ncap * sizeof *nv);

		if (nv == NULL) {
			dst->trouble = ENOMEM;
			ocfl_report_free(src);
			return;
		}
		dst->v = nv;
		dst->cap = ncap;
	}
	if (src->n > 0)
		memcpy(dst->v + dst->n, src->v, src->n * sizeof *src->v);
	dst->n += src->n;
	dst->errors += src->errors;
	dst->warnings += src->warnings;
	if (src->trouble)
		dst->trouble = src->trouble;
	free(src->v);
	memset(src, 0, sizeof *src);
}

bool
ocfl_report_has(const struct ocfl_report *r, const char *code)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (strcmp(r->v[i].code, code) == 0)
			return true;
	return false;
}

/* ---- the small rules ------------------------------------------------------- */

bool
ocfl_version_parse(const char *s, unsigned long *num, size_t *padded)
{
	unsigned long n = 0;
	size_t i;

	if (s[0] != 'v' || !isdigit((unsigned char)s[1]))
		return false;
	for (i = 1; s[i] != '\0'; i++) {
		if (!isdigit((unsigned char)s[i]) || i > 9)
			return false;
		n = n * 10 + (unsigned long)(s[i] - '0');
	}
	if (n == 0)
		return false;
	*num = n;
	*padded = s[1] == '0' ? i : 0;
	return true;
}

static bool
digits(const char *s, size_t n, int *val)
{
	size_t i;

	*val = 0;
	for (i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return false;
		*val = *val * 10 + (s[i] - '0');
	}
	return true;
}

bool
ocfl_rfc3339_ok(const char *s)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y, mo, d, h, mi, se, oh, om;
	bool leap;

	if (strlen(s) < 20)
		return false;
	if (!digits(s, 4, &y) || s[4] != '-' || !digits(s + 5, 2, &mo) || s[7] != '-' ||
	    !digits(s + 8, 2, &d) || (s[10] != 'T' && s[10] != 't') || !digits(s + 11, 2, &h) ||
	    s[13] != ':' || !digits(s + 14, 2, &mi) || s[16] != ':' || !digits(s + 17, 2, &se))
		return false;
	if (mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] || h > 23 || mi > 59 || se > 60)
		return false;
	leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	if (mo == 2 && d == 29 && !leap)
		return false;
	s += 19;
	if (*s == '.') {
		s++;
		if (!isdigit((unsigned char)*s))
			return false;
		while (isdigit((unsigned char)*s))
			s++;
	}
	if ((*s == 'Z' || *s == 'z') && s[1] == '\0')
		return true;
	if ((*s == '+' || *s == '-') && digits(s + 1, 2, &oh) && s[3] == ':' &&
	    digits(s + 4, 2, &om) && s[6] == '\0')
		return oh <= 23 && om <= 59;
	return false;
}

bool
ocfl_uri_ok(const char *s)
{
	const char *p;

	if (!isalpha((unsigned char)s[0]))
		return false;
	for (p = s + 1; *p != ':'; p++)
		if (!isalnum((unsigned char)*p) && *p != '+' && *p != '-' && *p != '.')
			return false;
	if (p[1] == '\0')
		return false;
	for (p++; *p != '\0'; p++)
		if ((unsigned char)*p <= ' ' || *p == '"' || *p == '<' || *p == '>' ||
		    *p == '\\' || *p == '^' || *p == '`' || *p == '{' || *p == '|' || *p == '}')
			return false;
	return true;
}

bool
ocfl_hex_ok(const char *s, size_t alg_len)
{
	size_t n = wq_hex_span(s, false);

	if (s[n] != '\0')
		return false;
	return alg_len == 0 ? n > 0 : n == alg_len;
}

unsigned
ocfl_path_check(const char *p)
{
	unsigned bad = 0;
	const char *seg = p, *q;

	if (*p == '\0')
		return OCFL_PATH_EMPTY;
	if (p[0] == '/' || p[strlen(p) - 1] == '/')
		bad |= OCFL_PATH_SLASH;
	if (p[0] == '/')
		seg = p + 1;
	for (;;) {
		size_t n;

		q = strchr(seg, '/');
		n = q != NULL ? (size_t)(q - seg) : strlen(seg);
		if ((n == 0 && q != NULL) || (n == 1 && seg[0] == '.') ||
		    (n == 2 && seg[0] == '.' && seg[1] == '.'))
			bad |= OCFL_PATH_ELEMENT;
		if (q == NULL)
			break;
		seg = q + 1;
		if (*seg == '\0') /* the trailing slash, counted above */
			break;
	}
	return bad;
}

char *
ocfl_layout_0004(const char *id, unsigned tuple_size, unsigned tuples, bool short_root)
{
	char hex[WQ_DIGEST_HEX_MAX + 1];
	struct wq_buf b = WQ_BUF_INIT;
	unsigned i;
	size_t hexlen;

	if (wq_digest_mem(WQ_SHA256, id, strlen(id), hex) < 0)
		return NULL;
	hexlen = strlen(hex);
	if ((tuple_size == 0) != (tuples == 0) || (size_t)tuple_size * tuples > hexlen ||
	    (short_root && (size_t)tuple_size * tuples == hexlen)) {
		errno = EINVAL;
		return NULL;
	}
	for (i = 0; i < tuples; i++) {
		if (wq_buf_append(&b, hex + (size_t)i * tuple_size, tuple_size) < 0 ||
		    wq_buf_putc(&b, '/') < 0)
			goto fail;
	}
	if (wq_buf_puts(&b, short_root ? hex + (size_t)tuple_size * tuples : hex) < 0)
		goto fail;
	return wq_buf_steal(&b);
fail:
	wq_buf_free(&b);
	return NULL;
}

/* ---- a small string map (open addressing) ---------------------------------- */

struct hent {
	char *key; /* owned, unless the map borrows */
	void *val;
	uint64_t h;
};
struct hmap {
	struct hent *v;
	size_t cap, n;
	bool borrow; /* keys are the caller's (strings of a JSON document) and outlive the map */
};

static uint64_t
hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *s != '\0'; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return h ^ (h >> 29);
}

static struct hent *
hmap_find_h(const struct hmap *m, const char *key, uint64_t h)
{
	size_t i;

	if (m->cap == 0)
		return NULL;
	for (i = h & (m->cap - 1); m->v[i].key != NULL; i = (i + 1) & (m->cap - 1))
		if (m->v[i].h == h && strcmp(m->v[i].key, key) == 0)
			return &m->v[i];
	return NULL;
}

static struct hent *
hmap_find(const struct hmap *m, const char *key)
{
	return m->cap == 0 ? NULL : hmap_find_h(m, key, hash_str(key));
}

/* Find or insert key (copied). *isnew tells which. NULL on ENOMEM. */
static struct hent *
hmap_put(struct hmap *m, const char *key, bool *isnew)
{
	struct hent *e;
	uint64_t h = hash_str(key);
	size_t i;

	if ((e = hmap_find_h(m, key, h)) != NULL) {
		if (isnew)
			*isnew = false;
		return e;
	}
	if ((m->n + 1) * 2 > m->cap) {
		size_t ncap = m->cap ? m->cap * 2 : 64, j;
		struct hent *nv = calloc(ncap, sizeof *nv);

		if (nv == NULL)
			return NULL;
		for (j = 0; j < m->cap; j++) {
			if (m->v[j].key == NULL)
				continue;
			for (i = m->v[j].h & (ncap - 1); nv[i].key != NULL; i = (i + 1) & (ncap - 1))
				;
			nv[i] = m->v[j];
		}
		free(m->v);
		m->v = nv;
		m->cap = ncap;
	}
	for (i = h & (m->cap - 1); m->v[i].key != NULL; i = (i + 1) & (m->cap - 1))
		;
	if (m->borrow)
		m->v[i].key = (char *)key;
	else if ((m->v[i].key = strdup(key)) == NULL)
		return NULL;
	m->v[i].val = NULL;
	m->v[i].h = h;
	m->n++;
	if (isnew)
		*isnew = true;
	return &m->v[i];
}

static void
hmap_free(struct hmap *m, void (*freeval)(void *))
{
	size_t i;

	for (i = 0; i < m->cap; i++) {
		if (m->v[i].key == NULL)
			continue;
		if (!m->borrow)
			free(m->v[i].key);
		if (freeval)
			freeval(m->v[i].val);
	}
	free(m->v);
	m->v = NULL;
	m->cap = m->n = 0;
}

/* An empty map that borrows its keys. */
static struct hmap
hmap_borrowing(void)
{
	struct hmap m = { NULL, 0, 0, true };

	return m;
}

static char *
lowercase_dup(const char *s)
{
	char *d = strdup(s), *p;

	if (d != NULL)
		for (p = d; *p; p++)
			*p = (char)tolower((unsigned char)*p);
	return d;
}

/* ---- a sorted directory listing ------------------------------------------ */

struct dlist {
	char **names;
	size_t n;
};

static void
dlist_free(struct dlist *d)
{
	wq_names_free(d->names, d->n);
	d->names = NULL;
	d->n = 0;
}

/* List path's entries but "." and "..", sorted. 0, or -1 with errno. */
static int
dlist_read(const char *path, struct dlist *d)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	d->names = NULL;
	d->n = 0;
	if (fd < 0)
		return -1;
	return wq_dir_names(fd, &d->names, &d->n);
}

/* ---- one inventory on its own --------------------------------------------- */

struct iver {
	const char *name; /* borrowed from the JSON */
	unsigned long num;
	size_t padded;
	json_t *obj;      /* the version block when it is an object, else NULL */
	json_t *state;    /* its state when it is an object, else NULL */
};

struct inv {
	json_t *j;            /* the document (owned) */
	char *where;          /* display name of the file (owned) */
	char *raw;            /* the file's bytes (owned) */
	size_t rawlen;
	const char *id, *type, *head, *cdir, *algname; /* borrowed; cdir defaults to "content" */
	int alg;              /* enum wq_digest_alg, or -1 */
	int spec;             /* from type: 10, 11, or 0 */
	bool cdir_set;
	struct iver *vers;    /* well-named versions, by number */
	size_t nvers;
	json_t *manifest;     /* an object or NULL */
	json_t *fixity;       /* an object or NULL */
	struct hmap mpaths;   /* content path -> its digest key (borrowed) */
	bool same_as_root;    /* a version's byte-identical copy of the root inventory:
	                         not parsed again; the strings above are the root's */
	bool have_hex;        /* hex is the digest of raw by hex_alg (for the sidecar) */
	enum wq_digest_alg hex_alg;
	char hex[WQ_DIGEST_HEX_MAX + 1];
};

static void
inv_free(struct inv *v)
{
	json_decref(v->j);
	free(v->where);
	free(v->raw);
	free(v->vers);
	hmap_free(&v->mpaths, NULL);
	memset(v, 0, sizeof *v);
	v->alg = -1;
}

static int
spec_of_type(const char *t)
{
	if (strcmp(t, "https://ocfl.io/1.0/spec/#inventory") == 0)
		return 10;
	if (strcmp(t, "https://ocfl.io/1.1/spec/#inventory") == 0)
		return 11;
	return 0;
}

/* A fixity algorithm: a wq_digest_alg, -2 for a known one we cannot compute, -1 unknown. */
static int
fixity_alg(const char *name)
{
	static const char *const ext[] = {
		"blake2b-160", "blake2b-256", "blake2b-384", "sha512/256", "size", "crc32",
	};
	enum wq_digest_alg a;
	size_t i;

	if (strcmp(name, "md5") == 0 || strcmp(name, "sha1") == 0 || strcmp(name, "sha256") == 0 ||
	    strcmp(name, "sha512") == 0 || strcmp(name, "blake2b-512") == 0) {
		if (wq_digest_from_name(name, &a) == 0)
			return (int)a;
	}
	for (i = 0; i < sizeof ext / sizeof ext[0]; i++)
		if (strcmp(ext[i], name) == 0)
			return -2;
	return -1;
}

static int
cmp_iver(const void *a, const void *b)
{
	const struct iver *x = a, *y = b;

	return x->num < y->num ? -1 : x->num > y->num;
}

static int
cmp_cstr(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Report the folders of k that are paths of the set, dir (k's folder) and up; true if any. */
static bool
report_folders(struct ocfl_report *r, const char *where, const struct hmap *set,
               const char *code, const char *what, const char *k, char *dir)
{
	char *slash;
	bool hit = false;

	for (;;) {
		if (hmap_find(set, dir) != NULL) {
			hit = true;
			ocfl_report_add(r, code, where, "%s '%s' is also a directory in '%s'", what, dir,
			                k);
		}
		if ((slash = strrchr(dir, '/')) == NULL)
			return hit;
		*slash = '\0';
	}
}

/*
 * Report paths of the set that are a directory prefix of another (a and
 * a/b): E101 for content paths, E095 for logical paths. Paths share their
 * folders: one found clean (no path of the set at or above it) is not
 * walked up again.
 */
static int
check_conflicts(struct ocfl_report *r, const char *where, const struct hmap *set,
                const char *code, const char *what)
{
	struct wq_buf b = WQ_BUF_INIT;
	struct hmap folders = { 0 }; /* k's folder -> NULL when clean */
	size_t i;
	int rc = -1;

	for (i = 0; i < set->cap; i++) {
		const char *k = set->v[i].key, *last;
		struct hent *e;
		bool isnew;

		if (k == NULL || (last = strrchr(k, '/')) == NULL)
			continue;
		wq_buf_reset(&b);
		if (wq_buf_append(&b, k, (size_t)(last - k)) < 0 ||
		    (e = hmap_put(&folders, b.data, &isnew)) == NULL)
			goto out;
		if (!isnew && e->val == NULL)
			continue;
		e->val = report_folders(r, where, set, code, what, k, b.data) ? (void *)k : NULL;
	}
	rc = 0;
out:
	hmap_free(&folders, NULL);
	wq_buf_free(&b);
	return rc;
}

/* Check the sequence of version names (E009-E013, W001); v sorted by number. */
static void
check_version_sequence(struct ocfl_report *r, const char *where, const struct iver *v, size_t n,
                       bool warn)
{
	size_t i;

	if (n == 0)
		return;
	if (v[0].num != 1)
		ocfl_report_add(r, "E009", where, "versions start at '%s', not at 1", v[0].name);
	for (i = 1; i < n; i++) {
		if (v[i].num == v[i - 1].num)
			ocfl_report_add(r, "E012", where, "versions '%s' and '%s' have the same number",
			                v[i - 1].name, v[i].name);
		else if (v[i].num != v[i - 1].num + 1)
			ocfl_report_add(r, "E010", where, "versions jump from '%s' to '%s'",
			                v[i - 1].name, v[i].name);
	}
	if (v[0].padded) {
		if (warn)
			ocfl_report_add(r, "W001", where, "zero-padded version names ('%s')", v[0].name);
		for (i = 1; i < n; i++) {
			if (v[i].name[1] != '0' && strlen(v[i].name) == v[0].padded) {
				ocfl_report_add(r, "E011", where,
				                "'%s' follows zero-padded '%s' but does not start with v0",
				                v[i].name, v[0].name);
				ocfl_report_add(r, "E013", where,
				                "'%s' breaks the naming convention of '%s' (the padding is used up)",
				                v[i].name, v[0].name);
			} else if (strlen(v[i].name) != v[0].padded) {
				ocfl_report_add(r, "E012", where,
				                "'%s' and '%s' use different version naming", v[0].name,
				                v[i].name);
			}
		}
	} else {
		for (i = 1; i < n; i++)
			if (v[i].padded)
				ocfl_report_add(r, "E012", where,
				                "'%s' is zero-padded but '%s' is not", v[i].name, v[0].name);
	}
}

static bool
key_in(const char *k, const char *const *set)
{
	for (; *set != NULL; set++)
		if (strcmp(k, *set) == 0)
			return true;
	return false;
}

/* A content path's first element must be a version of this inventory, then the content dir. */
static bool
content_path_placed(const struct inv *v, const char *p)
{
	const char *s = strchr(p, '/'), *t;
	size_t i, n;

	if (s == NULL)
		return false;
	n = (size_t)(s - p);
	for (i = 0; i < v->nvers; i++)
		if (strlen(v->vers[i].name) == n && strncmp(v->vers[i].name, p, n) == 0)
			break;
	if (i == v->nvers)
		return false;
	t = strchr(s + 1, '/');
	n = strlen(v->cdir);
	return t != NULL && (size_t)(t - s - 1) == n && strncmp(s + 1, v->cdir, n) == 0 &&
	       t[1] != '\0';
}

static void
check_manifest(struct ocfl_report *r, struct inv *v, bool is11)
{
	struct hmap lower = { 0 };
	const char *dkey;
	json_t *paths, *p;
	size_t i, hexlen = v->alg >= 0 ? wq_digest_hex_len((enum wq_digest_alg)v->alg) : 0;
	bool isnew, fold = false;

	if (!json_is_object(v->manifest)) {
		ocfl_report_add(r, is11 ? "E106" : "E033", v->where, "manifest is not a JSON object");
		v->manifest = NULL;
		return;
	}
	v->mpaths.borrow = true; /* the paths live in v->j */
	/* Exact duplicates are refused by the parser: fold case only if some key has capitals. */
	json_object_foreach(v->manifest, dkey, paths) {
		const char *q;

		for (q = dkey; *q != '\0' && !isupper((unsigned char)*q); q++)
			;
		if (*q != '\0') {
			fold = true;
			break;
		}
	}
	json_object_foreach(v->manifest, dkey, paths) {
		char *lk;
		struct hent *e;

		if (!ocfl_hex_ok(dkey, hexlen))
			ocfl_report_add(r, "E092", v->where, "manifest key '%s' is not a %s digest",
			                dkey, v->algname ? v->algname : "hex");
		isnew = true;
		if (fold) {
			if ((lk = lowercase_dup(dkey)) == NULL ||
			    (e = hmap_put(&lower, lk, &isnew)) == NULL) {
				free(lk);
				r->trouble = ENOMEM;
				break;
			}
			free(lk);
		}
		if (!isnew)
			ocfl_report_add(r, "E096", v->where,
			                "digest '%s' appears more than once in the manifest", dkey);
		if (!json_is_array(paths) || json_array_size(paths) == 0) {
			ocfl_report_add(r, "E092", v->where,
			                "manifest entry '%s' is not a non-empty array of content paths", dkey);
			continue;
		}
		json_array_foreach(paths, i, p) {
			const char *cp;
			unsigned bad;

			if (!json_is_string(p)) {
				ocfl_report_add(r, "E092", v->where, "manifest entry '%s' holds a non-string",
				                dkey);
				continue;
			}
			cp = json_string_value(p);
			bad = ocfl_path_check(cp);
			if (bad & OCFL_PATH_SLASH)
				ocfl_report_add(r, "E100", v->where,
				                "content path '%s' begins or ends with '/'", cp);
			if (bad & (OCFL_PATH_ELEMENT | OCFL_PATH_EMPTY))
				ocfl_report_add(r, "E099", v->where,
				                "content path '%s' has an empty, '.' or '..' element", cp);
			if (bad == 0 && !content_path_placed(v, cp))
				ocfl_report_add(r, "E042", v->where,
				                "content path '%s' is not inside a version's content directory '%s'",
				                cp, v->cdir);
			if ((e = hmap_put(&v->mpaths, cp, &isnew)) == NULL) {
				r->trouble = ENOMEM;
				break;
			}
			if (!isnew)
				ocfl_report_add(r, "E101", v->where, "content path '%s' is listed twice", cp);
			else
				e->val = (void *)(uintptr_t)dkey;
		}
	}
	hmap_free(&lower, NULL);
	if (check_conflicts(r, v->where, &v->mpaths, "E101", "content path") < 0)
		r->trouble = ENOMEM;
}

static void
check_fixity(struct ocfl_report *r, struct inv *v)
{
	const char *alg, *dkey;
	json_t *block, *paths, *p;
	size_t i;

	json_object_foreach(v->fixity, alg, block) {
		struct hmap lower = { 0 };
		int a = fixity_alg(alg);
		size_t hexlen = a >= 0 ? wq_digest_hex_len((enum wq_digest_alg)a) : 0;
		bool isnew;

		if (a == -1)
			ocfl_report_add(r, "E056", v->where, "unknown fixity algorithm '%s'", alg);
		if (!json_is_object(block)) {
			ocfl_report_add(r, "E057", v->where, "fixity block '%s' is not a JSON object", alg);
			continue;
		}
		json_object_foreach(block, dkey, paths) {
			char *lk = lowercase_dup(dkey);

			if (lk == NULL || hmap_put(&lower, lk, &isnew) == NULL) {
				free(lk);
				r->trouble = ENOMEM;
				break;
			}
			free(lk);
			if (!isnew)
				ocfl_report_add(r, "E097", v->where,
				                "fixity digest '%s' (%s) appears more than once", dkey, alg);
			if (a >= 0 && !ocfl_hex_ok(dkey, hexlen))
				ocfl_report_add(r, "E057", v->where, "fixity key '%s' is not a %s digest",
				                dkey, alg);
			if (!json_is_array(paths)) {
				ocfl_report_add(r, "E057", v->where,
				                "fixity entry '%s' (%s) is not an array of content paths", dkey,
				                alg);
				continue;
			}
			json_array_foreach(paths, i, p) {
				const char *cp;
				unsigned bad;

				if (!json_is_string(p)) {
					ocfl_report_add(r, "E057", v->where,
					                "fixity entry '%s' (%s) holds a non-string", dkey, alg);
					continue;
				}
				cp = json_string_value(p);
				bad = ocfl_path_check(cp);
				if (bad & OCFL_PATH_SLASH)
					ocfl_report_add(r, "E100", v->where,
					                "fixity content path '%s' begins or ends with '/'", cp);
				if (bad & (OCFL_PATH_ELEMENT | OCFL_PATH_EMPTY))
					ocfl_report_add(r, "E099", v->where,
					                "fixity content path '%s' has an empty, '.' or '..' element",
					                cp);
				if (v->manifest != NULL && hmap_find(&v->mpaths, cp) == NULL)
					ocfl_report_add(r, "E057", v->where,
					                "fixity content path '%s' (%s) is not in the manifest", cp,
					                alg);
			}
		}
		hmap_free(&lower, NULL);
	}
}

/* Check one version block; used marks the manifest digests its state uses. */
static void
check_version_block(struct ocfl_report *r, struct inv *v, struct iver *iv,
                    bool warn, struct hmap *used)
{
	static const char *const vkeys[] = { "created", "state", "message", "user", NULL };
	const char *k, *dkey;
	json_t *val, *created, *state, *msg, *user, *paths, *p;
	struct hmap logical = hmap_borrowing();
	size_t i;
	bool isnew;

	json_object_foreach(iv->obj, k, val)
		if (!key_in(k, vkeys))
			ocfl_report_add(r, "E102", v->where, "version '%s' has an unknown key '%s'",
			                iv->name, k);
	created = json_object_get(iv->obj, "created");
	if (created == NULL)
		ocfl_report_add(r, "E048", v->where, "version '%s' has no 'created'", iv->name);
	else if (!json_is_string(created) || !ocfl_rfc3339_ok(json_string_value(created)))
		ocfl_report_add(r, "E049", v->where,
		                "version '%s': 'created' is not an RFC 3339 date-time with seconds and a time zone",
		                iv->name);
	msg = json_object_get(iv->obj, "message");
	if (msg != NULL && !json_is_string(msg))
		ocfl_report_add(r, "E094", v->where, "version '%s': 'message' is not a string",
		                iv->name);
	user = json_object_get(iv->obj, "user");
	if (user != NULL) {
		json_t *name = json_object_get(user, "name");
		json_t *addr = json_object_get(user, "address");

		if (!json_is_object(user) || !json_is_string(name))
			ocfl_report_add(r, "E054", v->where, "version '%s': 'user' has no string 'name'",
			                iv->name);
		if (json_is_object(user)) {
			json_object_foreach(user, k, val)
				if (strcmp(k, "name") != 0 && strcmp(k, "address") != 0)
					ocfl_report_add(r, "E102", v->where,
					                "version '%s': 'user' has an unknown key '%s'",
					                iv->name, k);
			if (addr == NULL && warn)
				ocfl_report_add(r, "W008", v->where, "version '%s': 'user' has no 'address'",
				                iv->name);
			else if (addr != NULL && (!json_is_string(addr) ||
			                          !ocfl_uri_ok(json_string_value(addr))) && warn)
				ocfl_report_add(r, "W009", v->where,
				                "version '%s': user address is not a URI", iv->name);
		}
	}
	if ((msg == NULL || user == NULL) && warn)
		ocfl_report_add(r, "W007", v->where, "version '%s' has no %s", iv->name,
		                msg == NULL && user == NULL ? "'message' or 'user'"
		                : msg == NULL ? "'message'" : "'user'");
	state = json_object_get(iv->obj, "state");
	if (state == NULL) {
		ocfl_report_add(r, "E048", v->where, "version '%s' has no 'state'", iv->name);
		return;
	}
	if (!json_is_object(state)) {
		ocfl_report_add(r, "E050", v->where, "version '%s': 'state' is not a JSON object",
		                iv->name);
		return;
	}
	iv->state = state;
	json_object_foreach(state, dkey, paths) {
		if (v->manifest != NULL && json_object_get(v->manifest, dkey) == NULL)
			ocfl_report_add(r, "E050", v->where,
			                "version '%s': state digest '%s' is not in the manifest", iv->name,
			                dkey);
		else if (used != NULL && hmap_put(used, dkey, NULL) == NULL)
			r->trouble = ENOMEM;
		if (!json_is_array(paths) || json_array_size(paths) == 0) {
			ocfl_report_add(r, "E051", v->where,
			                "version '%s': state entry '%s' is not a non-empty array of paths",
			                iv->name, dkey);
			continue;
		}
		json_array_foreach(paths, i, p) {
			const char *lp;
			unsigned bad;

			if (!json_is_string(p)) {
				ocfl_report_add(r, "E051", v->where,
				                "version '%s': state entry '%s' holds a non-string", iv->name,
				                dkey);
				continue;
			}
			lp = json_string_value(p);
			bad = ocfl_path_check(lp);
			if (bad & OCFL_PATH_SLASH)
				ocfl_report_add(r, "E053", v->where,
				                "version '%s': logical path '%s' begins or ends with '/'",
				                iv->name, lp);
			if (bad & (OCFL_PATH_ELEMENT | OCFL_PATH_EMPTY))
				ocfl_report_add(r, "E052", v->where,
				                "version '%s': logical path '%s' has an empty, '.' or '..' element",
				                iv->name, lp);
			if (hmap_put(&logical, lp, &isnew) == NULL) {
				r->trouble = ENOMEM;
				break;
			}
			if (!isnew)
				ocfl_report_add(r, "E095", v->where,
				                "version '%s': logical path '%s' appears twice", iv->name, lp);
		}
	}
	{
		char where[64];

		snprintf(where, sizeof where, "version '%s': logical path", iv->name);
		if (check_conflicts(r, v->where, &logical, "E095", where) < 0)
			r->trouble = ENOMEM;
	}
	hmap_free(&logical, NULL);
}

/*
 * Parse and check one inventory (raw bytes in v->raw, display name in
 * v->where). spec: the spec version the inventory should declare (0: any).
 * root: warn (W00x) here; the copies in version directories are not warned
 * about twice.
 */
static void
inv_check(struct ocfl_report *r, struct inv *v, int spec, bool root)
{
	static const char *const keys[] = { "id", "type", "digestAlgorithm", "head",
		                            "contentDirectory", "fixity", "manifest", "versions",
		                            NULL };
	json_error_t err;
	json_t *x, *versions, *val;
	const char *k;
	struct hmap used = hmap_borrowing();
	bool is11;
	size_t i;

	v->alg = -1;
	v->cdir = "content";
	v->j = json_loadb(v->raw, v->rawlen, JSON_REJECT_DUPLICATES, &err);
	if (v->j == NULL) {
		ocfl_report_add(r, "E033", v->where, "not valid JSON: %s (line %d, column %d)",
		                err.text, err.line, err.column);
		return;
	}
	if (!json_is_object(v->j)) {
		ocfl_report_add(r, "E033", v->where, "not a JSON object");
		return;
	}
	/* The type first: it tells which spec's rules apply. */
	x = json_object_get(v->j, "type");
	if (x == NULL) {
		ocfl_report_add(r, "E036", v->where, "no 'type'");
	} else if (!json_is_string(x) || (v->spec = spec_of_type(json_string_value(x))) == 0) {
		ocfl_report_add(r, "E038", v->where, "'type' is not an OCFL inventory type");
	} else {
		v->type = json_string_value(x);
		if (spec != 0 && root && v->spec != spec)
			ocfl_report_add(r, "E038", v->where,
			                "'type' is '%s' but the object declares OCFL 1.%d", v->type,
			                spec % 10);
	}
	is11 = (spec ? spec : v->spec ? v->spec : 11) >= 11;
	json_object_foreach(v->j, k, val)
		if (!key_in(k, keys))
			ocfl_report_add(r, "E102", v->where, "unknown key '%s'", k);

	x = json_object_get(v->j, "id");
	if (x == NULL)
		ocfl_report_add(r, "E036", v->where, "no 'id'");
	else if (!json_is_string(x) || json_string_length(x) == 0)
		ocfl_report_add(r, "E037", v->where, "'id' is not a non-empty string");
	else {
		v->id = json_string_value(x);
		if (root && !ocfl_uri_ok(v->id))
			ocfl_report_add(r, "W005", v->where, "id '%s' is not a URI", v->id);
	}

	x = json_object_get(v->j, "digestAlgorithm");
	if (x == NULL) {
		ocfl_report_add(r, "E036", v->where, "no 'digestAlgorithm'");
	} else if (!json_is_string(x)) {
		ocfl_report_add(r, "E025", v->where, "'digestAlgorithm' is not a string");
	} else {
		enum wq_digest_alg a;

		v->algname = json_string_value(x);
		if (strcmp(v->algname, "sha512") == 0) {
			v->alg = WQ_SHA512;
		} else if (strcmp(v->algname, "sha256") == 0) {
			v->alg = WQ_SHA256;
			ocfl_report_add(r, "W004", v->where, "digestAlgorithm is sha256, not sha512");
		} else {
			ocfl_report_add(r, "E025", v->where,
			                "digestAlgorithm '%s' is neither sha512 nor sha256", v->algname);
			/* Keep a computable one to check the sidecar and the files anyway. */
			if (fixity_alg(v->algname) >= 0 && wq_digest_from_name(v->algname, &a) == 0)
				v->alg = (int)a;
		}
	}

	x = json_object_get(v->j, "head");
	if (x == NULL) {
		ocfl_report_add(r, "E036", v->where, "no 'head'");
	} else {
		unsigned long n;
		size_t pad;

		if (!json_is_string(x) || !ocfl_version_parse(json_string_value(x), &n, &pad))
			ocfl_report_add(r, "E040", v->where, "'head' is not a version name");
		else
			v->head = json_string_value(x);
	}

	x = json_object_get(v->j, "contentDirectory");
	if (x != NULL) {
		if (!json_is_string(x) || json_string_length(x) == 0 ||
		    strchr(json_string_value(x), '/') != NULL)
			ocfl_report_add(r, "E017", v->where,
			                "contentDirectory is not a single path element");
		else if (strcmp(json_string_value(x), ".") == 0 ||
		         strcmp(json_string_value(x), "..") == 0)
			ocfl_report_add(r, "E018", v->where, "contentDirectory is '%s'",
			                json_string_value(x));
		else {
			v->cdir = json_string_value(x);
			v->cdir_set = true;
		}
	}

	/* versions before the manifest: content paths name versions. */
	versions = json_object_get(v->j, "versions");
	if (versions == NULL) {
		ocfl_report_add(r, "E041", v->where, "no 'versions' block");
	} else if (!json_is_object(versions)) {
		ocfl_report_add(r, "E044", v->where, "'versions' is not a JSON object");
	} else if (json_object_size(versions) == 0) {
		ocfl_report_add(r, "E008", v->where, "'versions' is empty: an object has at least one version");
	} else {
		v->vers = calloc(json_object_size(versions), sizeof *v->vers);
		if (v->vers == NULL) {
			r->trouble = ENOMEM;
			return;
		}
		json_object_foreach(versions, k, val) {
			struct iver *iv = &v->vers[v->nvers];

			if (!ocfl_version_parse(k, &iv->num, &iv->padded)) {
				ocfl_report_add(r, k[0] == 'v' ? "E105" : "E104", v->where,
				                "'%s' is not a version name (v1, v2, ...)", k);
				continue;
			}
			iv->name = k;
			if (!json_is_object(val)) {
				ocfl_report_add(r, "E047", v->where, "version '%s' is not a JSON object", k);
			} else {
				iv->obj = val;
			}
			v->nvers++;
		}
		qsort(v->vers, v->nvers, sizeof *v->vers, cmp_iver);
		check_version_sequence(r, v->where, v->vers, v->nvers, root);
		if (v->head != NULL && v->nvers > 0 &&
		    strcmp(v->head, v->vers[v->nvers - 1].name) != 0)
			ocfl_report_add(r, "E040", v->where,
			                "head is '%s' but the highest version is '%s'", v->head,
			                v->vers[v->nvers - 1].name);
	}

	v->manifest = json_object_get(v->j, "manifest");
	if (v->manifest == NULL)
		ocfl_report_add(r, "E041", v->where, "no 'manifest' block");
	else
		check_manifest(r, v, is11);

	for (i = 0; i < v->nvers; i++)
		if (v->vers[i].obj != NULL)
			check_version_block(r, v, &v->vers[i], root, &used);
	/* E107 is a rule of 1.1 (1.0 did not forbid unused manifest entries). */
	if (is11 && v->manifest != NULL && v->nvers > 0) {
		json_object_foreach(v->manifest, k, val)
			if (hmap_find(&used, k) == NULL)
				ocfl_report_add(r, "E107", v->where,
				                "manifest digest '%s' is used by no version's state", k);
	}
	hmap_free(&used, NULL);

	x = json_object_get(v->j, "fixity");
	if (x != NULL) {
		if (!json_is_object(x))
			ocfl_report_add(r, "E111", v->where, "'fixity' is not a JSON object");
		else {
			v->fixity = x;
			check_fixity(r, v);
		}
	}
}

int
ocfl_check_inventory_mem(const char *buf, size_t len, int spec, const char *where,
                         struct ocfl_report *r)
{
	struct inv v;
	int rc = 0;

	memset(&v, 0, sizeof v);
	v.where = strdup(where);
	v.raw = malloc(len ? len : 1);
	if (v.where == NULL || v.raw == NULL) {
		rc = -1;
		goto out;
	}
	memcpy(v.raw, buf, len);
	v.rawlen = len;
	inv_check(r, &v, spec, true);
	if (r->trouble)
		rc = -1;
out:
	inv_free(&v);
	return rc;
}

/* ---- an object ------------------------------------------------------------- */

#define INVENTORY_MAX (256UL * 1024 * 1024) /* held in memory whole: bounded */
#define NALGS 5                             /* enum wq_digest_alg */

struct cfile {
	char *path;     /* relative to the object root (owned) */
	uint64_t size;
	unsigned need;  /* bit per enum wq_digest_alg */
	int unreadable; /* errno of a failed open or read, else 0 */
	char *hex[NALGS];
};

struct dver {
	char *name;
	unsigned long num;
	size_t padded;
	struct inv inv;  /* its inventory, when it has one */
	bool has_inv;
};

/*
 * The version inventories depend on nothing but their own bytes, so a
 * helper thread reads and checks them, each into a report of its own,
 * while the main thread checks the root inventory and walks the content
 * (on big objects, parsing is most of the time). Each report is moved into
 * the object's where the version directory is checked: the problems and
 * their order are those of doing it all in line. The main thread does
 * not wait for one the helper has not begun: it checks that one itself.
 * Small inventories are not worth a thread (PREFETCH_MIN).
 */
#define PREFETCH_MIN (128 * 1024) /* bytes of version inventories to parse */

enum vpre_state {
	VP_PENDING,            /* not begun */
	VP_BUSY,               /* on the helper thread */
	VP_DONE,               /* done there */
	VP_MAIN                /* left to the main thread, which came for it first */
};

struct vpre {
	const char *name;      /* the version directory (borrowed from the root listing) */
	unsigned long num;
	struct inv inv;
	struct ocfl_report r;  /* the problems inv_check found */
	int err;               /* errno of a failed read, else 0 */
	enum vpre_state state; /* under the mutex */
	bool taken;            /* asked for by the main thread */
};

struct prefetch {
	struct vpre *v;        /* by version number, the order they are taken in */
	size_t n;
	const char *root, *disp;
	const char *rootraw;   /* the root inventory's bytes (NULL if unread) */
	size_t rootrawlen;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	pthread_t tid;
	bool running, stop;
};

struct octx {
	struct ocfl_report *r;
	const struct ocfl_verify_opts *opts;
	const char *root;    /* the object root on disk */
	const char *disp;    /* its name in messages */
	struct wq_buf wb;    /* message "where" */
	struct wq_buf pb;    /* disk paths */
	struct hmap files;   /* content path -> struct cfile * */
	struct cfile **list; /* the same, in walk order */
	size_t nlist, caplist;
	int spec;
	int rootfd;          /* the object root, for short lookups */
	struct inv inv;      /* the root inventory */
	bool have_inv;
	struct dver *dv;     /* version directories, by number */
	size_t ndv;
	struct prefetch pre; /* the version inventories, checked on a helper thread */
};

/* "DISPLAY/rel": valid until the next call. */
static const char *
at(struct octx *c, const char *rel)
{
	wq_buf_reset(&c->wb);
	if (wq_buf_puts(&c->wb, c->disp) < 0 || (rel[0] != '\0' &&
	    (wq_buf_putc(&c->wb, '/') < 0 || wq_buf_puts(&c->wb, rel) < 0))) {
		c->r->trouble = ENOMEM;
		return c->disp;
	}
	return c->wb.data;
}

/* "ROOT/rel" on disk: valid until the next call. */
static const char *
dpath(struct octx *c, const char *rel)
{
	wq_buf_reset(&c->pb);
	if (wq_buf_puts(&c->pb, c->root) < 0 || (rel[0] != '\0' &&
	    (wq_buf_putc(&c->pb, '/') < 0 || wq_buf_puts(&c->pb, rel) < 0))) {
		c->r->trouble = ENOMEM;
		return c->root;
	}
	return c->pb.data;
}

static char *
join3(const char *a, const char *b, const char *c)
{
	size_t la = strlen(a), lb = strlen(b), lc = c ? strlen(c) : 0;
	char *s = malloc(la + lb + lc + 3), *p;

	if (s == NULL)
		return NULL;
	p = s;
	if (la) {
		memcpy(p, a, la);
		p += la;
		*p++ = '/';
	}
	memcpy(p, b, lb);
	p += lb;
	if (c != NULL) {
		*p++ = '/';
		memcpy(p, c, lc);
		p += lc;
	}
	*p = '\0';
	return s;
}

/* Read a whole small file; -1 with errno (EFBIG past max). */
static int
read_limited(const char *path, size_t max, char **out, size_t *len)
{
	struct stat st;
	struct wq_buf b = WQ_BUF_INIT;
	FILE *fp;
	int rc;

	if ((fp = fopen(path, "rb")) == NULL)
		return -1;
	if (fstat(fileno(fp), &st) < 0 || !S_ISREG(st.st_mode)) {
		fclose(fp);
		errno = S_ISDIR(st.st_mode) ? EISDIR : EINVAL;
		return -1;
	}
	rc = wq_read_stream(fp, &b, max);
	fclose(fp);
	if (rc < 0) {
		int saved = errno;
		wq_buf_free(&b);
		errno = saved;
		return -1;
	}
	*len = b.len;
	*out = b.data != NULL ? wq_buf_steal(&b) : strdup("");
	return *out != NULL ? 0 : -1;
}

static void
trouble(struct octx *c, const char *where, int err)
{
	c->r->trouble = err ? err : EIO;
	ocfl_report_add(c->r, "E000", where, "%s", strerror(err ? err : EIO));
}

/* "base/rel", or base when rel is empty: a new string, NULL on ENOMEM. */
static char *
path_at(const char *base, const char *rel)
{
	return rel[0] != '\0' ? join3(base, rel, NULL) : strdup(base);
}

/*
 * Read dirrel/inventory.json of the object at root into v, named after
 * disp. Touches nothing else, so the helper thread can call it too.
 * 0, or -1 with errno.
 */
static int
inv_read(const char *root, const char *disp, const char *dirrel, struct inv *v)
{
	char *rel = join3(dirrel, "inventory.json", NULL), *path = NULL;
	int rc = -1, saved;

	memset(v, 0, sizeof *v);
	v->alg = -1;
	v->cdir = "content";
	if (rel == NULL || (v->where = path_at(disp, rel)) == NULL ||
	    (path = path_at(root, rel)) == NULL)
		errno = ENOMEM;
	else
		rc = read_limited(path, INVENTORY_MAX, &v->raw, &v->rawlen);
	saved = errno;
	free(rel);
	free(path);
	errno = saved;
	return rc;
}

/* Why v could not be read: E063 for the root's, E033 too big, else trouble. */
static void
inv_read_failed(struct octx *c, const struct inv *v, int err, bool root)
{
	if (err == ENOENT || err == EISDIR || err == EINVAL) {
		if (root)
			ocfl_report_add(c->r, "E063", v->where, "no inventory");
	} else if (err == EFBIG) {
		ocfl_report_add(c->r, "E033", v->where, "inventory larger than %lu bytes",
		                INVENTORY_MAX);
	} else {
		trouble(c, v->where, err);
	}
}

static bool
same_bytes(const struct inv *v, const char *raw, size_t len)
{
	return raw != NULL && v->rawlen == len && memcmp(v->raw, raw, len) == 0;
}

/* A copy of the root inventory: checked there, not parsed twice; borrow its values. */
static void
share_root(struct octx *c, struct inv *v)
{
	v->same_as_root = true;
	v->id = c->inv.id;
	v->type = c->inv.type;
	v->head = c->inv.head;
	v->cdir = c->inv.cdir;
	v->algname = c->inv.algname;
	v->alg = c->inv.alg;
	v->spec = c->inv.spec;
	if (c->inv.have_hex) {
		v->have_hex = true;
		v->hex_alg = c->inv.hex_alg;
		memcpy(v->hex, c->inv.hex, sizeof v->hex);
	}
}

/* Load a version's dir/inventory.json into v and check it. true if read. */
static bool
load_inventory(struct octx *c, const char *dirrel, struct inv *v)
{
	if (inv_read(c->root, c->disp, dirrel, v) < 0) {
		inv_read_failed(c, v, errno, false);
		return false;
	}
	if (c->have_inv && same_bytes(v, c->inv.raw, c->inv.rawlen))
		share_root(c, v);
	else
		inv_check(c->r, v, 0, false);
	return true;
}

static int
cmp_vpre(const void *a, const void *b)
{
	const struct vpre *x = a, *y = b;

	return x->num < y->num ? -1 : x->num > y->num;
}

/* The size of dir/inventory.json when it has to be parsed (not the root's size), else 0. */
static uint64_t
inv_size(struct octx *c, const char *dir)
{
	char *rel = join3(dir, "inventory.json", NULL);
	struct stat st;
	uint64_t n = 0;

	if (rel != NULL && fstatat(c->rootfd, rel, &st, 0) == 0 && S_ISREG(st.st_mode) &&
	    !(c->have_inv && (uint64_t)st.st_size == c->inv.rawlen))
		n = (uint64_t)st.st_size;
	free(rel);
	return n;
}

static void
vpre_work(struct prefetch *p, struct vpre *e)
{
	if (inv_read(p->root, p->disp, e->name, &e->inv) < 0) {
		e->err = errno ? errno : EIO;
		return;
	}
	if (same_bytes(&e->inv, p->rootraw, p->rootrawlen)) {
		e->inv.same_as_root = true; /* the main thread shares the root's values */
		return;
	}
	inv_check(&e->r, &e->inv, 0, false);
	/* The sidecar check wants this digest; no matter if it fails here. */
	if (e->inv.alg >= 0 && wq_digest_mem((enum wq_digest_alg)e->inv.alg, e->inv.raw,
	                                     e->inv.rawlen, e->inv.hex) == 0) {
		e->inv.hex_alg = (enum wq_digest_alg)e->inv.alg;
		e->inv.have_hex = true;
	}
}

static void *
prefetch_main(void *arg)
{
	struct prefetch *p = arg;
	size_t i;
	bool stop, mine;

	for (i = 0; i < p->n; i++) {
		pthread_mutex_lock(&p->mu);
		stop = p->stop;
		if ((mine = !stop && p->v[i].state == VP_PENDING))
			p->v[i].state = VP_BUSY;
		pthread_mutex_unlock(&p->mu);
		if (stop)
			break;
		if (!mine)
			continue;
		vpre_work(p, &p->v[i]);
		pthread_mutex_lock(&p->mu);
		p->v[i].state = VP_DONE;
		pthread_cond_broadcast(&p->cv);
		pthread_mutex_unlock(&p->mu);
	}
	return NULL;
}

/*
 * Start the helper on the entries of l that will be version directories
 * (as ocfl_verify_object decides below). Without a thread, nothing is
 * prefetched and the inventories are loaded in line.
 */
static void
prefetch_start(struct octx *c, const struct dlist *l)
{
	struct prefetch *p = &c->pre;
	uint64_t bytes = 0;
	size_t i;

	p->root = c->root;
	p->disp = c->disp;
	p->rootraw = c->have_inv ? c->inv.raw : NULL;
	p->rootrawlen = c->inv.rawlen;
	if ((p->v = calloc(l->n + 1, sizeof *p->v)) == NULL)
		return;
	for (i = 0; i < l->n; i++) {
		struct vpre *e = &p->v[p->n];
		struct stat st;
		size_t pad;

		if (ocfl_version_parse(l->names[i], &e->num, &pad) &&
		    fstatat(c->rootfd, l->names[i], &st, AT_SYMLINK_NOFOLLOW) == 0 &&
		    S_ISDIR(st.st_mode)) {
			e->name = l->names[i];
			e->inv.alg = -1;
			p->n++;
			bytes += inv_size(c, l->names[i]);
		}
	}
	if (bytes < PREFETCH_MIN)
		return;
	qsort(p->v, p->n, sizeof *p->v, cmp_vpre);
	if (pthread_mutex_init(&p->mu, NULL) != 0)
		return;
	if (pthread_cond_init(&p->cv, NULL) != 0) {
		pthread_mutex_destroy(&p->mu);
		return;
	}
	/* Seed jansson's hash function here, not racing in two threads. */
	json_object_seed(0);
	if (pthread_create(&p->tid, NULL, prefetch_main, p) != 0) {
		pthread_cond_destroy(&p->cv);
		pthread_mutex_destroy(&p->mu);
		return;
	}
	p->running = true;
}

/* Wait for the helper to finish (it stops after the inventory at hand). */
static void
prefetch_join(struct prefetch *p)
{
	if (!p->running)
		return;
	pthread_mutex_lock(&p->mu);
	p->stop = true;
	pthread_mutex_unlock(&p->mu);
	pthread_join(p->tid, NULL);
	pthread_cond_destroy(&p->cv);
	pthread_mutex_destroy(&p->mu);
	p->running = false;
}

static void
prefetch_free(struct prefetch *p)
{
	size_t i;

	prefetch_join(p);
	for (i = 0; i < p->n; i++) {
		inv_free(&p->v[i].inv);
		ocfl_report_free(&p->v[i].r);
	}
	free(p->v);
	memset(p, 0, sizeof *p);
}

/* The helper's result for version directory name, waited for; NULL if none or not begun. */
static struct vpre *
prefetch_get(struct prefetch *p, const char *name)
{
	struct vpre *e = NULL;
	enum vpre_state st;
	size_t i;

	if (!p->running)
		return NULL;
	for (i = 0; i < p->n && e == NULL; i++)
		if (!p->v[i].taken && strcmp(p->v[i].name, name) == 0)
			e = &p->v[i];
	if (e == NULL)
		return NULL;
	e->taken = true;
	pthread_mutex_lock(&p->mu);
	if (e->state == VP_PENDING)
		e->state = VP_MAIN;
	while (e->state == VP_BUSY)
		pthread_cond_wait(&p->cv, &p->mu);
	st = e->state;
	pthread_mutex_unlock(&p->mu);
	return st == VP_DONE ? e : NULL;
}

/* Version directory d's inventory: the helper's when it has it, else loaded here. */
static bool
take_inventory(struct octx *c, struct dver *d)
{
	struct vpre *e = prefetch_get(&c->pre, d->name);

	if (e == NULL)
		return load_inventory(c, d->name, &d->inv);
	d->inv = e->inv;
	memset(&e->inv, 0, sizeof e->inv);
	report_move(c->r, &e->r);
	if (e->err) {
		inv_read_failed(c, &d->inv, e->err, false);
		return false;
	}
	if (d->inv.same_as_root)
		share_root(c, &d->inv);
	return true;
}

/* The sidecar of dir/inventory.json (E058, E060, E061). */
static void
check_sidecar(struct octx *c, const char *dirrel, struct inv *v)
{
	static const char *const guess[] = { "sha512", "sha256" };
	char *rel = NULL, *buf = NULL, *p, *end;
	char hex[WQ_DIGEST_HEX_MAX + 1];
	const char *algname = v->algname;
	enum wq_digest_alg alg;
	size_t len, i;

	if (v->alg >= 0) {
		alg = (enum wq_digest_alg)v->alg;
	} else if (algname != NULL) {
		return; /* E025 said it: no sidecar name to look for */
	} else {
		/* Unreadable inventory: check whichever sidecar is there. */
		for (i = 0; i < 2; i++) {
			struct stat st;
			char *g = join3(dirrel, "inventory.json.", NULL);
			char *gg;

			if (g == NULL)
				return;
			g[strlen(g) - 1] = '\0'; /* join3 put a '/' after the dot */
			gg = malloc(strlen(g) + 8);
			if (gg == NULL) {
				free(g);
				return;
			}
			sprintf(gg, "%s%s", g, guess[i]);
			free(g);
			if (lstat(dpath(c, gg), &st) == 0) {
				free(gg);
				algname = guess[i];
				break;
			}
			free(gg);
		}
		if (algname == NULL) {
			ocfl_report_add(c->r, "E058", at(c, dirrel[0] ? dirrel : ""),
			                "no inventory sidecar (inventory.json.sha512)");
			return;
		}
		wq_digest_from_name(algname, &alg);
	}
	{
		size_t n = strlen(dirrel) + strlen(algname) + 20;

		if ((rel = malloc(n)) == NULL) {
			c->r->trouble = ENOMEM;
			return;
		}
		snprintf(rel, n, "%s%sinventory.json.%s", dirrel, dirrel[0] ? "/" : "",
		         wq_digest_name(alg));
	}
	if (read_limited(dpath(c, rel), 4096, &buf, &len) < 0) {
		if (errno == ENOENT || errno == EISDIR || errno == EINVAL)
			ocfl_report_add(c->r, "E058", at(c, rel), "sidecar missing");
		else if (errno == EFBIG)
			ocfl_report_add(c->r, "E061", at(c, rel), "sidecar is not 'DIGEST inventory.json'");
		else
			trouble(c, at(c, rel), errno);
		goto out;
	}
	/* DIGEST, white space, "inventory.json", an optional newline. */
	for (p = buf; isxdigit((unsigned char)*p); p++)
		;
	end = p;
	if (p == buf || (*p != ' ' && *p != '\t') || strlen(buf) != len) {
		ocfl_report_add(c->r, "E061", at(c, rel), "sidecar is not 'DIGEST inventory.json'");
		goto out;
	}
	while (*p == ' ' || *p == '\t')
		p++;
	if (strncmp(p, "inventory.json", 14) != 0 ||
	    (p[14] != '\0' && strcmp(p + 14, "\n") != 0 && strcmp(p + 14, "\r\n") != 0)) {
		ocfl_report_add(c->r, "E061", at(c, rel), "sidecar is not 'DIGEST inventory.json'");
		goto out;
	}
	*end = '\0';
	if (v->raw != NULL) {
		/* Computed already for a copy of the root inventory or by the helper thread. */
		if (v->have_hex && v->hex_alg == alg) {
			memcpy(hex, v->hex, sizeof hex);
		} else if (wq_digest_mem(alg, v->raw, v->rawlen, hex) < 0) {
			c->r->trouble = errno ? errno : ENOMEM;
			goto out;
		} else {
			memcpy(v->hex, hex, sizeof v->hex);
			v->hex_alg = alg;
			v->have_hex = true;
		}
		if (strcasecmp(hex, buf) != 0)
			ocfl_report_add(c->r, "E060", at(c, rel),
			                "the inventory's %s digest is %s, not %s", wq_digest_name(alg), hex,
			                buf);
	}
out:
	free(buf);
	free(rel);
}

static void
cfile_free(void *p)
{
	struct cfile *f = p;
	int i;

	if (f == NULL)
		return;
	for (i = 0; i < NALGS; i++)
		free(f->hex[i]);
	free(f->path);
	free(f);
}

static int
add_file(struct octx *c, const char *rel, uint64_t size)
{
	struct cfile *f;
	struct hent *e;

	if (c->nlist == c->caplist) {
		size_t ncap = c->caplist ? c->caplist * 2 : 256;
		struct cfile **nv = realloc(c->list, ncap * sizeof *nv);
		if (nv == NULL)
			return -1;
		c->list = nv;
		c->caplist = ncap;
	}
	if ((f = calloc(1, sizeof *f)) == NULL || (f->path = strdup(rel)) == NULL ||
	    (e = hmap_put(&c->files, f->path, NULL)) == NULL) {
		cfile_free(f);
		return -1;
	}
	f->size = size;
	e->val = f;
	c->list[c->nlist++] = f;
	return 0;
}

/* Walk a content directory: every file, no links, no empty directories. */
static void
walk_content(struct octx *c, const char *rel, bool top)
{
	struct dlist d;
	size_t i;

	if (dlist_read(dpath(c, rel), &d) < 0) {
		trouble(c, at(c, rel), errno);
		return;
	}
	if (d.n == 0)
		ocfl_report_add(c->r, top ? "W003" : "E024", at(c, rel),
		                top ? "empty content directory" : "empty directory in the content directory");
	for (i = 0; i < d.n; i++) {
		char *crel = join3(rel, d.names[i], NULL);
		struct stat st;

		if (crel == NULL) {
			c->r->trouble = ENOMEM;
			break;
		}
		if (fstatat(c->rootfd, crel, &st, AT_SYMLINK_NOFOLLOW) < 0) {
			trouble(c, at(c, crel), errno);
		} else if (S_ISLNK(st.st_mode)) {
			ocfl_report_add(c->r, "E090", at(c, crel), "symbolic link in an object");
		} else if (S_ISDIR(st.st_mode)) {
			walk_content(c, crel, false);
		} else if (!S_ISREG(st.st_mode)) {
			ocfl_report_add(c->r, "E090", at(c, crel), "not a regular file");
		} else {
			if (st.st_nlink > 1)
				ocfl_report_add(c->r, "E090", at(c, crel), "hard link (%lu names)",
				                (unsigned long)st.st_nlink);
			if (add_file(c, crel, (uint64_t)st.st_size) < 0)
				c->r->trouble = ENOMEM;
		}
		free(crel);
	}
	dlist_free(&d);
}

static bool
is_sidecar_name(const char *name, const char *algname)
{
	if (strncmp(name, "inventory.json.", 15) != 0)
		return false;
	if (algname != NULL)
		return strcmp(name + 15, algname) == 0;
	return strcmp(name + 15, "sha512") == 0 || strcmp(name + 15, "sha256") == 0;
}

/* One version directory: its entries, its content, its inventory and sidecar. */
static void
check_version_dir(struct octx *c, struct dver *d)
{
	const char *cdir = c->have_inv ? c->inv.cdir : "content";
	struct dlist l;
	size_t i;

	if (dlist_read(dpath(c, d->name), &l) < 0) {
		trouble(c, at(c, d->name), errno);
		return;
	}
	/* The inventory first: its digestAlgorithm names the sidecar. */
	for (i = 0; i < l.n; i++)
		if (strcmp(l.names[i], "inventory.json") == 0)
			d->has_inv = take_inventory(c, d);
	if (!d->has_inv)
		ocfl_report_add(c->r, "W010", at(c, d->name), "version directory has no inventory");
	for (i = 0; i < l.n; i++) {
		const char *n = l.names[i];
		char *rel = join3(d->name, n, NULL);
		struct stat st;

		if (rel == NULL) {
			c->r->trouble = ENOMEM;
			break;
		}
		if (lstat(dpath(c, rel), &st) < 0) {
			trouble(c, at(c, rel), errno);
		} else if (S_ISLNK(st.st_mode)) {
			ocfl_report_add(c->r, "E090", at(c, rel), "symbolic link in an object");
		} else if (S_ISDIR(st.st_mode)) {
			if (strcmp(n, cdir) == 0)
				walk_content(c, rel, true);
			else
				ocfl_report_add(c->r, "W002", at(c, rel),
				                "directory other than the content directory '%s'", cdir);
		} else if (strcmp(n, "inventory.json") == 0) {
			/* loaded above */
		} else if (d->has_inv && is_sidecar_name(n, d->inv.algname)) {
			/* checked below */
		} else if (!d->has_inv && is_sidecar_name(n, NULL)) {
			/* a sidecar without an inventory */
		} else if (d->has_inv && d->inv.alg >= 0 && strncmp(n, "inventory.json.", 15) == 0) {
			ocfl_report_add(c->r, "E059", at(c, rel),
			                "sidecar for another algorithm than the inventory's %s",
			                d->inv.algname);
		} else {
			ocfl_report_add(c->r, "E015", at(c, rel),
			                "unexpected file in a version directory");
		}
		free(rel);
	}
	dlist_free(&l);
	if (d->has_inv)
		check_sidecar(c, d->name, &d->inv);
}

/* The object's extensions directory (E067, W013). */
static void
check_obj_extensions(struct octx *c)
{
	struct dlist l;
	size_t i;

	if (dlist_read(dpath(c, "extensions"), &l) < 0) {
		trouble(c, at(c, "extensions"), errno);
		return;
	}
	for (i = 0; i < l.n; i++) {
		char *rel = join3("extensions", l.names[i], NULL);
		struct stat st;

		if (rel == NULL) {
			c->r->trouble = ENOMEM;
			break;
		}
		if (lstat(dpath(c, rel), &st) < 0)
			trouble(c, at(c, rel), errno);
		else if (S_ISLNK(st.st_mode))
			ocfl_report_add(c->r, "E090", at(c, rel), "symbolic link in an object");
		else if (!S_ISDIR(st.st_mode))
			ocfl_report_add(c->r, "E067", at(c, rel),
			                "file in the extensions directory (only extension directories belong there)");
		else if (!ext_registered(l.names[i]))
			ocfl_report_add(c->r, "W013", at(c, rel), "unregistered extension '%s'",
			                l.names[i]);
		free(rel);
	}
	dlist_free(&l);
}

/* The version declaration (E003, E006, E007); returns the spec (10, 11) or 0. */
static int
check_declaration(struct octx *c, const struct dlist *l)
{
	size_t i, ndecl = 0;
	int spec = 0;

	for (i = 0; i < l->n; i++) {
		const char *n = l->names[i];
		int s = 0;
		char *buf = NULL;
		size_t len;

		if (strncmp(n, "0=", 2) != 0)
			continue;
		if (strcmp(n, "0=ocfl_object_1.0") == 0)
			s = 10;
		else if (strcmp(n, "0=ocfl_object_1.1") == 0)
			s = 11;
		else if (strncmp(n, "0=ocfl_object_", 14) == 0) {
			ocfl_report_add(c->r, "E006", at(c, n), "unknown OCFL version in the declaration");
			ndecl++;
			continue;
		} else {
			continue; /* not a declaration: E001 below */
		}
		ndecl++;
		if (read_limited(dpath(c, n), 64, &buf, &len) < 0) {
			if (errno == EFBIG || errno == EISDIR || errno == EINVAL)
				ocfl_report_add(c->r, "E007", at(c, n), "declaration is not '%s\\n'", n + 2);
			else
				trouble(c, at(c, n), errno);
		} else if (len != strlen(n + 2) + 1 || memcmp(buf, n + 2, len - 1) != 0 ||
		           buf[len - 1] != '\n') {
			ocfl_report_add(c->r, "E007", at(c, n), "declaration is not '%s\\n'", n + 2);
		}
		free(buf);
		if (spec == 0 || s > spec)
			spec = s;
	}
	if (ndecl == 0)
		ocfl_report_add(c->r, "E003", at(c, ""),
		                "no version declaration (0=ocfl_object_1.1): not an OCFL object");
	else if (ndecl > 1)
		ocfl_report_add(c->r, "E003", at(c, ""), "more than one version declaration");
	return spec;
}

/* logical path (borrowed) -> lowercase digest, or -> sorted content paths (different algorithms). */
static int
state_map(const struct inv *v, const struct iver *iv, bool by_content, struct hmap *out)
{
	const char *dkey;
	json_t *paths, *p;
	size_t i;

	if (iv->state == NULL)
		return 0;
	json_object_foreach(iv->state, dkey, paths) {
		char *val = NULL;

		if (!json_is_array(paths))
			continue;
		if (by_content) {
			json_t *cps = v->manifest ? json_object_get(v->manifest, dkey) : NULL;
			const char **arr;
			struct wq_buf b = WQ_BUF_INIT;
			size_t n = json_is_array(cps) ? json_array_size(cps) : 0, j, k = 0;

			arr = calloc(n + 1, sizeof *arr);
			if (arr == NULL)
				return -1;
			for (j = 0; j < n; j++)
				if (json_is_string(json_array_get(cps, j)))
					arr[k++] = json_string_value(json_array_get(cps, j));
			qsort(arr, k, sizeof *arr, cmp_cstr);
			for (j = 0; j < k; j++)
				if (wq_buf_puts(&b, arr[j]) < 0 || wq_buf_putc(&b, '\n') < 0) {
					free(arr);
					wq_buf_free(&b);
					return -1;
				}
			free(arr);
			val = b.data != NULL ? wq_buf_steal(&b) : strdup("");
		} else {
			val = lowercase_dup(dkey);
		}
		if (val == NULL)
			return -1;
		json_array_foreach(paths, i, p) {
			struct hent *e;
			char *copy;

			if (!json_is_string(p))
				continue;
			if ((copy = strdup(val)) == NULL ||
			    (e = hmap_put(out, json_string_value(p), NULL)) == NULL) {
				free(copy);
				free(val);
				return -1;
			}
			free(e->val);
			e->val = copy;
		}
		free(val);
	}
	return 0;
}

/* Compare a prior inventory's version block with the root's (E066, W011). */
static void
compare_version(struct octx *c, const struct dver *d, const struct iver *old,
                const struct iver *cur)
{
	struct hmap a = hmap_borrowing(), b = hmap_borrowing();
	bool by_content = d->inv.alg != c->inv.alg || d->inv.alg < 0;
	const char *k[] = { "created", "message", "user" };
	size_t i;

	/* Equal states, the usual case, map every logical path to the same digest. */
	if (!by_content && old->state != NULL && cur->state != NULL &&
	    json_equal(old->state, cur->state))
		goto meta;
	if (state_map(&d->inv, old, by_content, &a) < 0 ||
	    state_map(&c->inv, cur, by_content, &b) < 0) {
		c->r->trouble = ENOMEM;
		goto out;
	}
	if (a.n != b.n) {
		ocfl_report_add(c->r, "E066", d->inv.where,
		                "version '%s' has %zu logical paths here but %zu in the root inventory",
		                old->name, a.n, b.n);
		goto meta;
	}
	for (i = 0; i < a.cap; i++) {
		struct hent *e;

		if (a.v[i].key == NULL)
			continue;
		e = hmap_find(&b, a.v[i].key);
		if (e == NULL || strcmp(e->val, a.v[i].val) != 0) {
			ocfl_report_add(c->r, "E066", d->inv.where,
			                "version '%s': logical path '%s' differs from the root inventory",
			                old->name, a.v[i].key);
			break;
		}
	}
meta:
	if (old->obj != NULL && cur->obj != NULL)
		for (i = 0; i < 3; i++) {
			json_t *x = json_object_get(old->obj, k[i]), *y = json_object_get(cur->obj, k[i]);

			if ((x == NULL) != (y == NULL) || (x != NULL && !json_equal(x, y)))
				ocfl_report_add(c->r, "W011", d->inv.where,
				                "version '%s': '%s' differs from the root inventory", old->name,
				                k[i]);
		}
out:
	hmap_free(&a, free);
	hmap_free(&b, free);
}

static const struct iver *
find_ver(const struct inv *v, const char *name)
{
	size_t i;

	for (i = 0; i < v->nvers; i++)
		if (strcmp(v->vers[i].name, name) == 0)
			return &v->vers[i];
	return NULL;
}

/* Is content path p in version directory number <= k (by the directory list)? */
static bool
path_in_versions_upto(const struct octx *c, const char *p, unsigned long k)
{
	size_t i, n;

	for (i = 0; i < c->ndv && c->dv[i].num <= k; i++) {
		n = strlen(c->dv[i].name);
		if (strncmp(p, c->dv[i].name, n) == 0 && p[n] == '/')
			return true;
	}
	return false;
}

/* A prior (or the head's) inventory against the root inventory and the files. */
static void
check_version_inventory(struct octx *c, struct dver *d, int *prev_spec)
{
	struct inv *vi = &d->inv;
	size_t i;

	if (!vi->same_as_root && (vi->j == NULL || !json_is_object(vi->j)))
		return;
	if (vi->spec != 0) {
		if (vi->spec < *prev_spec)
			ocfl_report_add(c->r, "E103", vi->where,
			                "declares OCFL 1.%d, older than an earlier version's 1.%d",
			                vi->spec % 10, *prev_spec % 10);
		else if (c->spec != 0 && vi->spec > c->spec)
			ocfl_report_add(c->r, "E103", vi->where,
			                "declares OCFL 1.%d, later than the object's 1.%d", vi->spec % 10,
			                c->spec % 10);
		if (vi->spec > *prev_spec)
			*prev_spec = vi->spec;
	}
	if (vi->head != NULL && strcmp(vi->head, d->name) != 0)
		ocfl_report_add(c->r, "E040", vi->where, "head is '%s' in version directory '%s'",
		                vi->head, d->name);
	if (vi->same_as_root || !c->have_inv || c->inv.j == NULL || !json_is_object(c->inv.j))
		return;
	if (vi->id != NULL && c->inv.id != NULL && strcmp(vi->id, c->inv.id) != 0)
		ocfl_report_add(c->r, "E037", vi->where,
		                "id '%s' differs from the root inventory's '%s'", vi->id, c->inv.id);
	if (strcmp(vi->cdir, c->inv.cdir) != 0)
		ocfl_report_add(c->r, "E019", vi->where,
		                "contentDirectory '%s' differs from the root inventory's '%s'",
		                vi->cdir, c->inv.cdir);
	if (c->inv.head != NULL && strcmp(d->name, c->inv.head) == 0 && c->inv.raw != NULL &&
	    (vi->rawlen != c->inv.rawlen || memcmp(vi->raw, c->inv.raw, vi->rawlen) != 0))
		ocfl_report_add(c->r, "E064", vi->where,
		                "differs from the root inventory of head version '%s'", d->name);
	for (i = 0; i < vi->nvers; i++) {
		const struct iver *cur = find_ver(&c->inv, vi->vers[i].name);

		if (cur == NULL)
			ocfl_report_add(c->r, "E066", vi->where,
			                "version '%s' is not in the root inventory", vi->vers[i].name);
		else
			compare_version(c, d, &vi->vers[i], cur);
	}
	/* Its manifest against the files of its versions (E023); missing ones (E092). */
	if (vi->manifest != NULL) {
		for (i = 0; i < c->nlist; i++)
			if (path_in_versions_upto(c, c->list[i]->path, d->num) &&
			    hmap_find(&vi->mpaths, c->list[i]->path) == NULL &&
			    hmap_find(&c->inv.mpaths, c->list[i]->path) != NULL)
				ocfl_report_add(c->r, "E023", at(c, c->list[i]->path),
				                "not in the manifest of '%s'", vi->where);
		for (i = 0; i < vi->mpaths.cap; i++) {
			const char *p = vi->mpaths.v[i].key;

			if (p != NULL && hmap_find(&c->files, p) == NULL &&
			    hmap_find(&c->inv.mpaths, p) == NULL)
				ocfl_report_add(c->r, "E092", at(c, p),
				                "content file named in '%s' does not exist", vi->where);
		}
	}
}

static void
need(struct octx *c, const char *path, int alg)
{
	struct hent *e;

	if (alg < 0 || alg >= NALGS)
		return;
	if ((e = hmap_find(&c->files, path)) != NULL)
		((struct cfile *)e->val)->need |= 1u << alg;
}

/*
 * Hashing: every content file once, with every algorithm some inventory
 * names it by, 256 KiB reads, on up to HASH_THREADS threads (the main one
 * included) taking the next file from a shared index. Workers only write
 * their own files' records; errors are reported afterwards, in order.
 */
#define HASH_THREADS 4

struct hjob {
	struct octx *c;
	pthread_mutex_t mu;
	size_t next;
	uint64_t done;
	struct wq_progress *prog;
	int err; /* ENOMEM */
};

static void *
hash_worker(void *arg)
{
	enum { BUFSZ = 256 * 1024 };
	struct hjob *j = arg;
	struct octx *c = j->c;
	struct wq_digest *ctx[NALGS] = { 0 };
	unsigned char *buf = malloc(BUFSZ);
	int a;

	if (buf == NULL) {
		pthread_mutex_lock(&j->mu);
		j->err = ENOMEM;
		pthread_mutex_unlock(&j->mu);
		return NULL;
	}
	for (;;) {
		struct cfile *f;
		size_t i;
		ssize_t n = 0;
		int fd;

		pthread_mutex_lock(&j->mu);
		i = j->err ? c->nlist : j->next++;
		pthread_mutex_unlock(&j->mu);
		if (i >= c->nlist)
			break;
		f = c->list[i];
		if (!f->need)
			continue;
		for (a = 0; a < NALGS; a++)
			if ((f->need & (1u << a)) && ctx[a] == NULL &&
			    (ctx[a] = wq_digest_new((enum wq_digest_alg)a)) == NULL)
				goto nomem;
		fd = openat(c->rootfd, f->path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
		if (fd < 0) {
			f->unreadable = errno ? errno : EIO;
			continue;
		}
		for (;;) {
			n = read(fd, buf, BUFSZ);
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0)
				break;
			for (a = 0; a < NALGS; a++)
				if (f->need & (1u << a))
					wq_digest_update(ctx[a], buf, (size_t)n);
			if (j->prog != NULL) {
				pthread_mutex_lock(&j->mu);
				j->done += (uint64_t)n;
				wq_progress_update(j->prog, j->done);
				pthread_mutex_unlock(&j->mu);
			}
		}
		if (n < 0)
			f->unreadable = errno ? errno : EIO;
		close(fd);
		for (a = 0; a < NALGS; a++) {
			char hex[WQ_DIGEST_HEX_MAX + 1];

			if (!(f->need & (1u << a)))
				continue;
			if (!f->unreadable && wq_digest_final_hex(ctx[a], hex) == 0 &&
			    (f->hex[a] = strdup(hex)) == NULL) {
				wq_digest_reset(ctx[a]);
				goto nomem;
			}
			wq_digest_reset(ctx[a]);
		}
	}
	goto out;
nomem:
	pthread_mutex_lock(&j->mu);
	j->err = ENOMEM;
	pthread_mutex_unlock(&j->mu);
out:
	for (a = 0; a < NALGS; a++)
		wq_digest_free(ctx[a]);
	free(buf);
	return NULL;
}

static void
hash_files(struct octx *c)
{
	pthread_t tid[HASH_THREADS];
	struct hjob j;
	uint64_t total = 0;
	size_t i, nfiles = 0, nt = 0, want;
	long ncpu;

	for (i = 0; i < c->nlist; i++)
		if (c->list[i]->need) {
			total += c->list[i]->size;
			nfiles++;
		}
	memset(&j, 0, sizeof j);
	j.c = c;
	if (pthread_mutex_init(&j.mu, NULL) != 0) {
		c->r->trouble = EAGAIN;
		return;
	}
	if (c->opts != NULL && c->opts->progress && total >= 64u * 1024 * 1024)
		j.prog = wq_progress_new("verifying", total);
	ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	want = ncpu < 1 ? 1 : ncpu > HASH_THREADS ? HASH_THREADS : (size_t)ncpu;
	if (nfiles < 16 || total < 1024 * 1024)
		want = 1;
	for (nt = 0; nt + 1 < want; nt++)
		if (pthread_create(&tid[nt], NULL, hash_worker, &j) != 0)
			break;
	hash_worker(&j);
	for (i = 0; i < nt; i++)
		pthread_join(tid[i], NULL);
	pthread_mutex_destroy(&j.mu);
	wq_progress_free(j.prog);
	if (j.err)
		c->r->trouble = j.err;
	for (i = 0; i < c->nlist; i++)
		if (c->list[i]->unreadable)
			trouble(c, at(c, c->list[i]->path), c->list[i]->unreadable);
}

static const char *
file_hex(struct octx *c, const char *path, int alg)
{
	struct hent *e = hmap_find(&c->files, path);

	if (e == NULL || alg < 0 || alg >= NALGS)
		return NULL;
	return ((struct cfile *)e->val)->hex[alg];
}

/* Every manifest digest against the file's (E092), every fixity digest (E093). */
static void
compare_digests(struct octx *c)
{
	const char *dkey, *alg;
	json_t *paths, *p, *block;
	size_t i, k;

	if (c->inv.manifest != NULL && c->inv.alg >= 0) {
		json_object_foreach(c->inv.manifest, dkey, paths) {
			json_array_foreach(paths, i, p) {
				const char *h;

				if (!json_is_string(p))
					continue;
				h = file_hex(c, json_string_value(p), c->inv.alg);
				if (h != NULL && strcasecmp(h, dkey) != 0)
					ocfl_report_add(c->r, "E092", at(c, json_string_value(p)),
					                "content differs from the manifest: %s is %s, not %s",
					                c->inv.algname, h, dkey);
			}
		}
	}
	/* Prior inventories: only what the root inventory does not already say. */
	for (k = 0; k < c->ndv; k++) {
		const struct inv *vi = &c->dv[k].inv;

		if (!c->dv[k].has_inv || vi->manifest == NULL || vi->alg < 0)
			continue;
		json_object_foreach(vi->manifest, dkey, paths) {
			if (!json_is_array(paths))
				continue;
			json_array_foreach(paths, i, p) {
				const char *h, *cp;
				struct hent *e;

				if (!json_is_string(p))
					continue;
				cp = json_string_value(p);
				if (vi->alg == c->inv.alg && (e = hmap_find(&c->inv.mpaths, cp)) != NULL &&
				    strcasecmp((const char *)e->val, dkey) == 0)
					continue;
				h = file_hex(c, cp, vi->alg);
				if (h != NULL && strcasecmp(h, dkey) != 0)
					ocfl_report_add(c->r, "E092", at(c, cp),
					                "content differs from the manifest of '%s': %s is %s, not %s",
					                vi->where, vi->algname, h, dkey);
			}
		}
	}
	if (c->inv.fixity == NULL)
		return;
	json_object_foreach(c->inv.fixity, alg, block) {
		int a = fixity_alg(alg);

		if (!json_is_object(block))
			continue;
		json_object_foreach(block, dkey, paths) {
			if (!json_is_array(paths))
				continue;
			json_array_foreach(paths, i, p) {
				const char *h, *cp;

				if (!json_is_string(p))
					continue;
				cp = json_string_value(p);
				if (hmap_find(&c->files, cp) == NULL) {
					ocfl_report_add(c->r, "E093", at(c, cp),
					                "fixity (%s) names a content file that does not exist", alg);
					continue;
				}
				if (a < 0 || (c->opts != NULL && c->opts->no_fixity))
					continue;
				h = file_hex(c, cp, a);
				if (h != NULL && strcasecmp(h, dkey) != 0)
					ocfl_report_add(c->r, "E093", at(c, cp),
					                "content differs from the fixity block: %s is %s, not %s",
					                alg, h, dkey);
			}
		}
	}
}

static void
mark_needs(struct octx *c)
{
	const char *alg, *dkey;
	json_t *block, *paths, *p;
	size_t i, k;

	for (i = 0; i < c->inv.mpaths.cap; i++)
		if (c->inv.mpaths.v[i].key != NULL)
			need(c, c->inv.mpaths.v[i].key, c->inv.alg);
	for (k = 0; k < c->ndv; k++) {
		const struct inv *vi = &c->dv[k].inv;

		if (!c->dv[k].has_inv || vi->alg < 0)
			continue;
		for (i = 0; i < vi->mpaths.cap; i++) {
			struct hent *e;
			const char *cp = vi->mpaths.v[i].key;

			if (cp == NULL)
				continue;
			if (vi->alg == c->inv.alg && (e = hmap_find(&c->inv.mpaths, cp)) != NULL &&
			    strcasecmp((const char *)e->val, (const char *)vi->mpaths.v[i].val) == 0)
				continue;
			need(c, cp, vi->alg);
		}
	}
	if (c->inv.fixity == NULL)
		return;
	json_object_foreach(c->inv.fixity, alg, block) {
		int a = fixity_alg(alg);

		if (a < 0 || !json_is_object(block))
			continue;
		json_object_foreach(block, dkey, paths)
			if (json_is_array(paths))
				json_array_foreach(paths, i, p)
					if (json_is_string(p))
						need(c, json_string_value(p), a);
	}
}

static int
cmp_dver(const void *a, const void *b)
{
	const struct dver *x = a, *y = b;

	return x->num < y->num ? -1 : x->num > y->num;
}

int
ocfl_verify_object(const char *path, const char *display, const struct ocfl_verify_opts *opts,
                   struct ocfl_report *r, int *spec_out, char **id_out)
{
	struct octx c;
	struct dlist l;
	size_t i, j;
	int prev_spec = 0, rc = 0;
	bool have_ext = false;

	memset(&c, 0, sizeof c);
	c.r = r;
	c.opts = opts;
	c.root = path;
	c.disp = display != NULL ? display : path;
	c.inv.alg = -1;
	c.files.borrow = true; /* keyed by each struct cfile's path */
	if (spec_out)
		*spec_out = 0;
	if (id_out)
		*id_out = NULL;
	if ((c.rootfd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		return -1;
	if (dlist_read(path, &l) < 0) {
		int saved = errno;

		close(c.rootfd);
		errno = saved;
		return -1;
	}

	c.spec = check_declaration(&c, &l);
	for (i = 0; i < l.n; i++) {
		if (strcmp(l.names[i], "inventory.json") != 0)
			continue;
		if (inv_read(c.root, c.disp, "", &c.inv) == 0)
			c.have_inv = true;
		else
			inv_read_failed(&c, &c.inv, errno, true);
	}
	/* The version inventories get checked meanwhile (read only c.inv.raw there). */
	prefetch_start(&c, &l);
	if (c.have_inv)
		inv_check(r, &c.inv, c.spec, true);
	if (!c.have_inv && !ocfl_report_has(r, "E063") && r->trouble == 0)
		ocfl_report_add(r, "E063", at(&c, "inventory.json"), "no inventory");
	if (c.spec == 0)
		c.spec = c.inv.spec ? c.inv.spec : 11;

	/* The root's entries (E001). */
	if ((c.dv = calloc(l.n + 1, sizeof *c.dv)) == NULL) {
		rc = -1;
		goto out;
	}
	for (i = 0; i < l.n; i++) {
		const char *n = l.names[i];
		struct stat st;
		unsigned long num;
		size_t pad;

		if (lstat(dpath(&c, n), &st) < 0) {
			trouble(&c, at(&c, n), errno);
			continue;
		}
		if (S_ISLNK(st.st_mode)) {
			ocfl_report_add(r, "E090", at(&c, n), "symbolic link in an object");
			continue;
		}
		if (S_ISREG(st.st_mode) && (strcmp(n, "0=ocfl_object_1.0") == 0 ||
		                            strcmp(n, "0=ocfl_object_1.1") == 0 ||
		                            strncmp(n, "0=ocfl_object_", 14) == 0))
			continue;
		if (S_ISREG(st.st_mode) && strcmp(n, "inventory.json") == 0)
			continue;
		if (S_ISREG(st.st_mode) &&
		    is_sidecar_name(n, c.have_inv && c.inv.alg >= 0 ? wq_digest_name(
		                           (enum wq_digest_alg)c.inv.alg) : NULL))
			continue;
		if (S_ISDIR(st.st_mode) && strcmp(n, "logs") == 0)
			continue; /* free for the implementation's use */
		if (S_ISDIR(st.st_mode) && strcmp(n, "extensions") == 0) {
			have_ext = true;
			continue;
		}
		if (S_ISDIR(st.st_mode) && ocfl_version_parse(n, &num, &pad)) {
			if ((c.dv[c.ndv].name = strdup(n)) == NULL) {
				rc = -1;
				goto out;
			}
			c.dv[c.ndv].num = num;
			c.dv[c.ndv].padded = pad;
			c.ndv++;
			continue;
		}
		if (S_ISREG(st.st_mode) && strncmp(n, "inventory.json.", 15) == 0 && c.have_inv &&
		    c.inv.alg >= 0)
			ocfl_report_add(r, "E059", at(&c, n),
			                "sidecar for another algorithm than the inventory's %s",
			                c.inv.algname);
		else
			ocfl_report_add(r, "E001", at(&c, n), "unexpected %s in the object root",
			                S_ISDIR(st.st_mode) ? "directory" : "file");
	}
	if (have_ext)
		check_obj_extensions(&c);
	if (c.have_inv)
		check_sidecar(&c, "", &c.inv);
	qsort(c.dv, c.ndv, sizeof *c.dv, cmp_dver);

	/* Version directories against the inventory's versions (E010, E046, E008). */
	if (c.have_inv && c.inv.nvers > 0) {
		for (i = 0; i < c.inv.nvers; i++) {
			for (j = 0; j < c.ndv; j++)
				if (strcmp(c.dv[j].name, c.inv.vers[i].name) == 0)
					break;
			if (j == c.ndv)
				ocfl_report_add(r, "E010", at(&c, c.inv.vers[i].name),
				                "version directory missing (the inventory has version '%s')",
				                c.inv.vers[i].name);
		}
		for (j = 0; j < c.ndv; j++)
			if (find_ver(&c.inv, c.dv[j].name) == NULL)
				ocfl_report_add(r, "E046", at(&c, c.dv[j].name),
				                "version directory not in the root inventory's versions");
	} else if (c.ndv == 0) {
		ocfl_report_add(r, "E008", at(&c, ""), "no version directories");
	} else {
		struct iver *tmp = calloc(c.ndv, sizeof *tmp);

		if (tmp == NULL) {
			rc = -1;
			goto out;
		}
		for (j = 0; j < c.ndv; j++) {
			tmp[j].name = c.dv[j].name;
			tmp[j].num = c.dv[j].num;
			tmp[j].padded = c.dv[j].padded;
		}
		check_version_sequence(r, at(&c, ""), tmp, c.ndv, false);
		free(tmp);
	}

	for (j = 0; j < c.ndv; j++)
		check_version_dir(&c, &c.dv[j]);
	prefetch_join(&c.pre); /* done by now: the hashing wants the processors */

	/* The root manifest against the files (E023, E092). */
	if (c.have_inv && c.inv.manifest != NULL) {
		for (i = 0; i < c.nlist; i++)
			if (hmap_find(&c.inv.mpaths, c.list[i]->path) == NULL)
				ocfl_report_add(r, "E023", at(&c, c.list[i]->path),
				                "file not in the manifest of the root inventory");
		{
			const char *dkey;
			json_t *paths, *p;

			json_object_foreach(c.inv.manifest, dkey, paths) {
				if (!json_is_array(paths))
					continue;
				json_array_foreach(paths, i, p)
					if (json_is_string(p) && hmap_find(&c.files, json_string_value(p)) == NULL)
						ocfl_report_add(r, "E092", at(&c, json_string_value(p)),
						                "content file in the manifest does not exist");
			}
		}
	}
	for (j = 0; j < c.ndv; j++)
		if (c.dv[j].has_inv)
			check_version_inventory(&c, &c.dv[j], &prev_spec);
	if (c.have_inv && c.inv.spec != 0 && prev_spec > c.inv.spec)
		ocfl_report_add(r, "E103", c.inv.where,
		                "declares OCFL 1.%d, older than a version's 1.%d", c.inv.spec % 10,
		                prev_spec % 10);

	if (opts == NULL || !opts->no_fixity) {
		mark_needs(&c);
		hash_files(&c);
	}
	compare_digests(&c);

	if (spec_out)
		*spec_out = c.spec;
	if (id_out && c.inv.id != NULL)
		*id_out = strdup(c.inv.id);
out:
	if (rc < 0)
		r->trouble = errno ? errno : ENOMEM;
	prefetch_free(&c.pre); /* first: the helper reads l and c.inv.raw */
	dlist_free(&l);
	inv_free(&c.inv);
	for (j = 0; j < c.ndv; j++) {
		free(c.dv[j].name);
		inv_free(&c.dv[j].inv);
	}
	free(c.dv);
	hmap_free(&c.files, cfile_free);
	free(c.list);
	close(c.rootfd);
	wq_buf_free(&c.wb);
	wq_buf_free(&c.pb);
	return rc;
}

/* ---- a storage root -------------------------------------------------------- */

struct layout {
	bool is0004;
	unsigned tuple_size, tuples;
	bool short_root;
	bool bad;
};

struct rctx {
	struct ocfl_report *r;
	const struct ocfl_verify_opts *opts;
	const char *root;
	int spec;
	struct layout lay;
	size_t nobjects;
};

bool
ocfl_is_object_root(const char *path)
{
	struct dlist l;
	size_t i;
	bool yes = false;

	if (dlist_read(path, &l) < 0)
		return false;
	for (i = 0; i < l.n; i++)
		if (strncmp(l.names[i], "0=ocfl_object_", 14) == 0)
			yes = true;
	dlist_free(&l);
	return yes;
}

bool
ocfl_is_storage_root(const char *path)
{
	struct dlist l;
	size_t i;
	bool yes = false;

	if (dlist_read(path, &l) < 0)
		return false;
	for (i = 0; i < l.n; i++)
		if ((strncmp(l.names[i], "0=ocfl_", 7) == 0 &&
		     strncmp(l.names[i], "0=ocfl_object_", 14) != 0) ||
		    strcmp(l.names[i], "ocfl_layout.json") == 0)
			yes = true;
	dlist_free(&l);
	return yes;
}

static json_t *
load_json_file(const char *path, json_error_t *err, int *errnum)
{
	char *buf = NULL;
	size_t len;
	json_t *j;

	*errnum = 0;
	if (read_limited(path, 1024 * 1024, &buf, &len) < 0) {
		*errnum = errno;
		return NULL;
	}
	j = json_loadb(buf, len, JSON_REJECT_DUPLICATES, err);
	free(buf);
	return j;
}

/* ocfl_layout.json and the 0004 extension's config.json (E070, E071). */
static void
read_layout(const char *root, struct layout *lay, struct ocfl_report *r)
{
	json_error_t err;
	json_t *j, *ext, *desc, *cfg, *x;
	char *p, *cp;
	int e;

	memset(lay, 0, sizeof *lay);
	if ((p = join3(root, "ocfl_layout.json", NULL)) == NULL) {
		if (r)
			r->trouble = ENOMEM;
		return;
	}
	j = load_json_file(p, &err, &e);
	if (j == NULL) {
		if (e != ENOENT && r != NULL)
			ocfl_report_add(r, "E070", p, "%s", e ? strerror(e) : err.text);
		free(p);
		return;
	}
	ext = json_object_get(j, "extension");
	desc = json_object_get(j, "description");
	if (!json_is_object(j) || !json_is_string(ext) || !json_is_string(desc)) {
		if (r)
			ocfl_report_add(r, "E070", p, "needs string keys 'extension' and 'description'");
	} else if (!ext_registered(json_string_value(ext))) {
		if (r)
			ocfl_report_add(r, "E071", p, "'%s' is not a registered layout extension",
			                json_string_value(ext));
	} else if (strcmp(json_string_value(ext), "0004-hashed-n-tuple-storage-layout") == 0) {
		lay->is0004 = true;
		lay->tuple_size = 3;
		lay->tuples = 3;
		cp = join3(root, "extensions/0004-hashed-n-tuple-storage-layout/config.json", NULL);
		cfg = cp ? load_json_file(cp, &err, &e) : NULL;
		if (cfg != NULL) {
			if ((x = json_object_get(cfg, "digestAlgorithm")) != NULL &&
			    (!json_is_string(x) || strcmp(json_string_value(x), "sha256") != 0)) {
				lay->bad = true; /* we map with sha256 only */
			}
			if ((x = json_object_get(cfg, "tupleSize")) != NULL) {
				if (json_is_integer(x) && json_integer_value(x) >= 0 &&
				    json_integer_value(x) <= 64)
					lay->tuple_size = (unsigned)json_integer_value(x);
				else
					lay->bad = true;
			}
			if ((x = json_object_get(cfg, "numberOfTuples")) != NULL) {
				if (json_is_integer(x) && json_integer_value(x) >= 0 &&
				    json_integer_value(x) <= 64)
					lay->tuples = (unsigned)json_integer_value(x);
				else
					lay->bad = true;
			}
			if ((x = json_object_get(cfg, "shortObjectRoot")) != NULL)
				lay->short_root = json_is_true(x);
			json_decref(cfg);
		} else if (cp != NULL && e != ENOENT && r != NULL) {
			ocfl_report_add(r, "E070", cp, "%s", e ? strerror(e) : err.text);
			lay->bad = true;
		}
		free(cp);
	}
	json_decref(j);
	free(p);
}

/* Walk the hierarchy under the root: objects, and nothing else (E072-E090). */
static bool
walk_hierarchy(struct rctx *c, const char *rel)
{
	char *path = join3(c->root, rel, NULL);
	struct dlist l;
	size_t i;
	bool found = false, subdirs = false;

	if (path == NULL) {
		c->r->trouble = ENOMEM;
		return false;
	}
	if (dlist_read(path, &l) < 0) {
		c->r->trouble = errno;
		ocfl_report_add(c->r, "E000", path, "%s", strerror(errno));
		free(path);
		return false;
	}
	if (ocfl_is_object_root(path)) {
		int spec = 0;
		char *id = NULL;

		c->nobjects++;
		if (ocfl_verify_object(path, path, c->opts, c->r, &spec, &id) < 0) {
			c->r->trouble = errno ? errno : EIO;
			ocfl_report_add(c->r, "E000", path, "%s", strerror(c->r->trouble));
		}
		if (c->spec != 0 && spec > c->spec)
			ocfl_report_add(c->r, "E081", path,
			                "object declares OCFL 1.%d, later than the storage root's 1.%d",
			                spec % 10, c->spec % 10);
		if (c->lay.is0004 && !c->lay.bad && id != NULL) {
			char *want = ocfl_layout_0004(id, c->lay.tuple_size, c->lay.tuples,
			                              c->lay.short_root);

			if (want != NULL && strcmp(want, rel) != 0)
				ocfl_report_add(c->r, "E083", path,
				                "object '%s' belongs at '%s' under the 0004 layout", id, want);
			free(want);
		}
		free(id);
		dlist_free(&l);
		free(path);
		return true;
	}
	if (l.n == 0)
		ocfl_report_add(c->r, "E073", path, "empty directory in the storage hierarchy");
	for (i = 0; i < l.n; i++) {
		char *crel = join3(rel, l.names[i], NULL);
		char *cpath = crel ? join3(c->root, crel, NULL) : NULL;
		struct stat st;

		if (cpath == NULL) {
			free(crel);
			c->r->trouble = ENOMEM;
			break;
		}
		if (lstat(cpath, &st) < 0) {
			c->r->trouble = errno;
			ocfl_report_add(c->r, "E000", cpath, "%s", strerror(errno));
		} else if (S_ISLNK(st.st_mode)) {
			ocfl_report_add(c->r, "E090", cpath, "symbolic link in the storage hierarchy");
		} else if (S_ISDIR(st.st_mode)) {
			subdirs = true;
			if (walk_hierarchy(c, crel))
				found = true;
		} else {
			ocfl_report_add(c->r, "E084", cpath,
			                "file in an intermediate directory of the storage hierarchy");
		}
		free(crel);
		free(cpath);
	}
	if (l.n > 0 && !subdirs)
		ocfl_report_add(c->r, "E085", path,
		                "storage hierarchy does not end in an object root here");
	dlist_free(&l);
	free(path);
	return found;
}

int
ocfl_verify_root(const char *path, const struct ocfl_verify_opts *opts, struct ocfl_report *r)
{
	struct rctx c;
	struct dlist l;
	size_t i, ndecl = 0;

	memset(&c, 0, sizeof c);
	c.r = r;
	c.opts = opts;
	c.root = path;
	if (dlist_read(path, &l) < 0)
		return -1;
	for (i = 0; i < l.n; i++) {
		const char *n = l.names[i];
		char *p, *buf = NULL;
		size_t len;
		int s = 0;

		if (strncmp(n, "0=", 2) != 0)
			continue;
		if ((p = join3(path, n, NULL)) == NULL) {
			r->trouble = ENOMEM;
			break;
		}
		if (strcmp(n, "0=ocfl_1.0") == 0)
			s = 10;
		else if (strcmp(n, "0=ocfl_1.1") == 0)
			s = 11;
		else if (strncmp(n, "0=ocfl_object_", 14) == 0) {
			ocfl_report_add(r, "E079", p, "an object declaration in the storage root");
			free(p);
			continue;
		} else {
			ocfl_report_add(r, "E079", p, "unknown storage root declaration");
			ndecl++;
			free(p);
			continue;
		}
		ndecl++;
		if (read_limited(p, 64, &buf, &len) < 0 || len != strlen(n + 2) + 1 ||
		    memcmp(buf, n + 2, len - 1) != 0 || buf[len - 1] != '\n')
			ocfl_report_add(r, "E080", p, "declaration is not '%s\\n'", n + 2);
		free(buf);
		free(p);
		if (s > c.spec)
			c.spec = s;
	}
	if (ndecl == 0)
		ocfl_report_add(r, "E069", path, "no storage root declaration (0=ocfl_1.1)");
	else if (ndecl > 1)
		ocfl_report_add(r, "E076", path, "more than one storage root declaration");
	read_layout(path, &c.lay, r);

	for (i = 0; i < l.n; i++) {
		const char *n = l.names[i];
		char *p = join3(path, n, NULL);
		struct stat st;

		if (p == NULL) {
			r->trouble = ENOMEM;
			break;
		}
		if (lstat(p, &st) < 0) {
			r->trouble = errno;
			ocfl_report_add(r, "E000", p, "%s", strerror(errno));
		} else if (S_ISLNK(st.st_mode)) {
			ocfl_report_add(r, "E090", p, "symbolic link in the storage root");
		} else if (S_ISDIR(st.st_mode) && strcmp(n, "extensions") == 0) {
			struct dlist e;
			size_t k;

			if (dlist_read(p, &e) == 0) {
				for (k = 0; k < e.n; k++)
					if (!ext_registered(e.names[k])) {
						char *ep = join3(p, e.names[k], NULL);

						ocfl_report_add(r, "W016", ep ? ep : p,
						                "unregistered storage root extension '%s'",
						                e.names[k]);
						free(ep);
					}
				dlist_free(&e);
			}
		} else if (S_ISDIR(st.st_mode)) {
			walk_hierarchy(&c, n);
		}
		/* Files in the root: ignored (E087). */
		free(p);
	}
	dlist_free(&l);
	return 0;
}

/* ---- finding an object by id ----------------------------------------------- */

static char *
find_by_scan(const char *dir, const char *id, int depth)
{
	struct dlist l;
	size_t i;
	char *hit = NULL;

	if (depth > 64 || dlist_read(dir, &l) < 0)
		return NULL;
	if (ocfl_is_object_root(dir)) {
		char *p = join3(dir, "inventory.json", NULL);
		json_error_t err;
		int e;
		json_t *j = p ? load_json_file(p, &err, &e) : NULL;

		free(p);
		if (j == NULL && p != NULL) {
			char *buf = NULL;
			size_t len;
			/* A big inventory: read it without the 1 MiB limit. */
			p = join3(dir, "inventory.json", NULL);
			if (p != NULL && read_limited(p, INVENTORY_MAX, &buf, &len) == 0)
				j = json_loadb(buf, len, 0, &err);
			free(buf);
			free(p);
		}
		if (json_is_string(json_object_get(j, "id")) &&
		    strcmp(json_string_value(json_object_get(j, "id")), id) == 0)
			hit = strdup(dir);
		json_decref(j);
		dlist_free(&l);
		return hit;
	}
	for (i = 0; i < l.n && hit == NULL; i++) {
		char *p;
		struct stat st;

		if (depth == 0 && strcmp(l.names[i], "extensions") == 0)
			continue;
		if ((p = join3(dir, l.names[i], NULL)) == NULL)
			break;
		if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode))
			hit = find_by_scan(p, id, depth + 1);
		free(p);
	}
	dlist_free(&l);
	return hit;
}

char *
ocfl_find_object(const char *root, const char *id)
{
	struct layout lay;
	char *rel, *p;

	read_layout(root, &lay, NULL);
	if (lay.is0004 && !lay.bad) {
		if ((rel = ocfl_layout_0004(id, lay.tuple_size, lay.tuples, lay.short_root)) == NULL)
			return NULL;
		p = join3(root, rel, NULL);
		free(rel);
		if (p != NULL && !ocfl_is_object_root(p)) {
			free(p);
			errno = ENOENT;
			return NULL;
		}
		return p;
	}
	if ((p = find_by_scan(root, id, 0)) == NULL)
		errno = ENOENT;
	return p;
}
