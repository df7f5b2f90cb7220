/*
 * ocfl_inventory.c - OCFL inventories: parse and check, build, write.
 *
 * The parser is strict about what could make us read or write the wrong
 * bytes (bad JSON, duplicate keys, unsafe or conflicting paths, digests
 * missing from the manifest, gaps in the versions) and lenient about the
 * rest, which `wathiqa verify` reports with the spec's codes.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "ocfl_inventory.h"
#include "ocfl_layout.h"

bool
ocfl_utf8_ok(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), k;
	uint32_t cp;

	while (n > 0) {
		if (*p < 0x80) {
			p++;
			n--;
			continue;
		}
		if ((k = wq_utf8_decode(p, n, &cp)) == 0)
			return false;
		p += k;
		n -= k;
	}
	return true;
}

static int
cmp_pstr(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

bool
ocfl_paths_conflict(char *const *sorted, size_t n, const char **which)
{
	size_t i, lo, hi, len;

	for (i = 0; i < n; i++) {
		if (i + 1 < n && strcmp(sorted[i], sorted[i + 1]) == 0) {
			*which = sorted[i];
			return true;
		}
		/* first index after i whose entry is >= sorted[i] + "/" */
		len = strlen(sorted[i]);
		lo = i + 1;
		hi = n;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			int c = strncmp(sorted[mid], sorted[i], len);
			if (c == 0)
				c = (unsigned char)sorted[mid][len] - (unsigned char)'/';
			if (c < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo < n && strncmp(sorted[lo], sorted[i], len) == 0 && sorted[lo][len] == '/') {
			*which = sorted[i];
			return true;
		}
	}
	return false;
}

long
ocfl_version_number(const char *name, unsigned *width)
{
	size_t n = strlen(name), i;
	long v = 0;

	if (n < 2 || n > 10 || name[0] != 'v')
		return -1;
	for (i = 1; i < n; i++) {
		if (!isdigit((unsigned char)name[i]))
			return -1;
		v = v * 10 + (name[i] - '0');
	}
	if (v <= 0)
		return -1;
	if (width != NULL)
		*width = name[1] == '0' ? (unsigned)n : 0;
	return v;
}

static void
version_name(unsigned pad, size_t num, char *out)
{
	if (pad > 0)
		snprintf(out, 32, "v%0*zu", (int)(pad - 1), num);
	else
		snprintf(out, 32, "v%zu", num);
}

int
ocfl_next_version_name(const struct ocfl_inventory *inv, char *out)
{
	size_t next = inv->nversions + 1;

	version_name(inv->pad, next, out);
	if (inv->pad > 0 && strlen(out) != inv->pad)
		return -1;
	return 0;
}

static bool
hex_ok(const char *s, size_t len)
{
	return wq_hex_span(s, false) == len && s[len] == '\0';
}

static char *
lowerdup(const char *s)
{
	char *p = strdup(s), *q;

	if (p != NULL)
		for (q = p; *q; q++)
			*q = (char)tolower((unsigned char)*q);
	return p;
}

static int
cmp_mentry(const void *a, const void *b)
{
	const struct ocfl_mentry *x = a, *y = b;

	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return strcmp(x->digest, y->digest);
}

static int
cmp_sentry(const void *a, const void *b)
{
	return strcmp(((const struct ocfl_sentry *)a)->logical,
	              ((const struct ocfl_sentry *)b)->logical);
}

/* The home slot of a manifest key (the first 8 hex digits: mixed, they spread well). */
static size_t
mslot(uint64_t key, size_t mask)
{
	key *= 0x9E3779B97F4A7C15ULL;
	return (size_t)(key ^ key >> 32) & mask;
}

/* The entry whose digest is exactly digest, or NULL. */
static const struct ocfl_mentry *
find_exact(const struct ocfl_inventory *inv, const char *digest)
{
	struct ocfl_mentry key;
	size_t i;

	if (inv->nmanifest == 0)
		return NULL;
	key.digest = (char *)digest;
	key.key = wq_prefix8(digest);
	if (inv->mindex != NULL) {
		size_t mask = inv->mindex_cap - 1;

		/* (a state's digest is mostly the manifest's own string: no strcmp then) */
		for (i = mslot(key.key, mask); inv->mindex[i] != 0; i = (i + 1) & mask) {
			const struct ocfl_mentry *me = &inv->manifest[inv->mindex[i] - 1];
			if (me->key == key.key && (me->digest == digest || strcmp(me->digest, digest) == 0))
				return me;
		}
		return NULL;
	}
	return bsearch(&key, inv->manifest, inv->nmanifest, sizeof key, cmp_mentry);
}

const struct ocfl_mentry *
ocfl_manifest_find(const struct ocfl_inventory *inv, const char *digest)
{
	const struct ocfl_mentry *me = find_exact(inv, digest);
	char low[WQ_DIGEST_HEX_MAX + 1];
	size_t i, n;

	if (me != NULL)
		return me;
	/* a digest as a person may type it: in uppercase */
	for (i = 0; digest[i] != '\0' && !(digest[i] >= 'A' && digest[i] <= 'Z'); i++)
		;
	if (digest[i] == '\0' || (n = i + strlen(digest + i)) > WQ_DIGEST_HEX_MAX)
		return NULL;
	for (i = 0; i <= n; i++)
		low[i] = (char)tolower((unsigned char)digest[i]);
	return find_exact(inv, low);
}

void
ocfl_manifest_reindex(struct ocfl_inventory *inv)
{
	size_t cap = 16, i, mask;

	free(inv->mindex);
	inv->mindex = NULL;
	inv->mindex_cap = 0;
	if (inv->nmanifest >= UINT32_MAX / 4)
		return;
	while (cap < 2 * inv->nmanifest) /* at most half full */
		cap *= 2;
	if ((inv->mindex = calloc(cap, sizeof *inv->mindex)) == NULL)
		return;
	inv->mindex_cap = cap;
	mask = cap - 1;
	for (i = 0; i < inv->nmanifest; i++) {
		size_t s = mslot(inv->manifest[i].key, mask);
		while (inv->mindex[s] != 0)
			s = (s + 1) & mask;
		inv->mindex[s] = (uint32_t)(i + 1);
	}
}

const struct ocfl_sentry *
ocfl_state_find(const struct ocfl_version *v, const char *logical)
{
	struct ocfl_sentry key;

	if (v->nstate == 0)
		return NULL;
	key.logical = (char *)logical;
	return bsearch(&key, v->state, v->nstate, sizeof key, cmp_sentry);
}

const struct ocfl_version *
ocfl_inventory_find_version(const struct ocfl_inventory *inv, const char *name)
{
	unsigned w;
	long n;

	if (name == NULL)
		name = inv->head;
	if (name == NULL || (n = ocfl_version_number(name, &w)) < 0 || (size_t)n > inv->nversions)
		return NULL;
	if (strcmp(inv->versions[n - 1].info.name, name) != 0)
		return NULL;
	return &inv->versions[n - 1];
}

/* Does p lie in inv->strings (a snapshot's block, freed as a whole)? */
static bool
in_strings(const struct ocfl_inventory *inv, const char *p)
{
	uintptr_t a = (uintptr_t)p, lo = (uintptr_t)inv->strings;

	return inv->strings != NULL && a >= lo && a < lo + inv->strings_len;
}

/* Does the path list p lie in inv->path_lists? */
static bool
in_path_lists(const struct ocfl_inventory *inv, char **p)
{
	uintptr_t a = (uintptr_t)p, lo = (uintptr_t)inv->path_lists;

	return inv->path_lists != NULL && a >= lo && a < lo + inv->path_lists_len * sizeof *p;
}

/* Free a manifest or state string, unless it lives in inv->strings. */
static void
str_free(const struct ocfl_inventory *inv, char *p)
{
	if (!in_strings(inv, p))
		free(p);
}

static void
version_free(const struct ocfl_inventory *inv, struct ocfl_version *v)
{
	size_t i;

	free(v->info.name);
	free(v->info.created);
	free(v->info.message);
	free(v->info.user_name);
	free(v->info.user_address);
	for (i = 0; i < v->nstate; i++)
		str_free(inv, v->state[i].logical); /* (the digests are the manifest's) */
	free(v->state);
	free(v->by_digest);
}

void
ocfl_inventory_free(struct ocfl_inventory *inv)
{
	size_t i, j;

	if (inv == NULL)
		return;
	free(inv->objroot);
	free(inv->id);
	free(inv->type);
	free(inv->alg_name);
	free(inv->head);
	free(inv->content_dir);
	for (i = 0; i < inv->nmanifest; i++) {
		str_free(inv, inv->manifest[i].digest);
		for (j = 0; j < inv->manifest[i].npaths; j++)
			str_free(inv, inv->manifest[i].paths[j]);
		if (!in_path_lists(inv, inv->manifest[i].paths))
			free(inv->manifest[i].paths);
	}
	free(inv->manifest);
	free(inv->path_lists);
	free(inv->mindex);
	for (i = 0; i < inv->nversions; i++)
		version_free(inv, &inv->versions[i]);
	free(inv->versions);
	json_decref(inv->fixity);
	free(inv->strings); /* (last: the frees above look at it) */
	free(inv);
}

struct ocfl_inventory *
ocfl_inventory_new(const char *id)
{
	struct ocfl_inventory *inv = calloc(1, sizeof *inv);

	if (inv == NULL)
		return NULL;
	inv->id = strdup(id);
	inv->type = strdup(OCFL_TYPE_1_1);
	inv->alg_name = strdup("sha512");
	inv->content_dir = strdup("content");
	inv->alg = WQ_SHA512;
	if (inv->id == NULL || inv->type == NULL || inv->alg_name == NULL || inv->content_dir == NULL) {
		ocfl_inventory_free(inv);
		return NULL;
	}
	return inv;
}

static int
dup_opt_string(json_t *obj, const char *key, char **out, bool required,
               const char *where, char *err, size_t errlen)
{
	json_t *v = json_object_get(obj, key);

	*out = NULL;
	if (v == NULL) {
		if (required)
			ocfl_seterr(err, errlen, "%s: no \"%s\"", where, key);
		return required ? -1 : 0;
	}
	if (!json_is_string(v)) {
		ocfl_seterr(err, errlen, "%s: \"%s\" is not a string", where, key);
		return -1;
	}
	if ((*out = strdup(json_string_value(v))) == NULL) {
		ocfl_seterr(err, errlen, "%s", strerror(ENOMEM));
		return -1;
	}
	return 0;
}

static bool
keys_allowed(json_t *obj, const char *const *allowed, const char **bad)
{
	const char *k;
	json_t *v;
	size_t i;

	json_object_foreach(obj, k, v) {
		for (i = 0; allowed[i] != NULL; i++)
			if (strcmp(k, allowed[i]) == 0)
				break;
		if (allowed[i] == NULL) {
			*bad = k;
			return false;
		}
	}
	return true;
}

static int
parse_manifest(struct ocfl_inventory *inv, json_t *m, char *err, size_t errlen)
{
	const char *k, *which;
	json_t *v, *p;
	size_t n = json_object_size(m), i = 0, j, total = 0, hexlen = wq_digest_hex_len(inv->alg);
	char **all = NULL;
	int rc = -1;

	if ((inv->manifest = calloc(n ? n : 1, sizeof *inv->manifest)) == NULL)
		goto nomem;
	json_object_foreach(m, k, v) {
		struct ocfl_mentry *e = &inv->manifest[i];

		if (!hex_ok(k, hexlen)) {
			ocfl_seterr(err, errlen, "manifest: bad %s digest \"%s\"", inv->alg_name, k);
			goto out;
		}
		if (!json_is_array(v) || json_array_size(v) == 0) {
			ocfl_seterr(err, errlen, "manifest: %s: not a list of content paths", k);
			goto out;
		}
		if ((e->digest = lowerdup(k)) == NULL ||
		    (e->paths = calloc(json_array_size(v), sizeof *e->paths)) == NULL)
			goto nomem;
		e->key = wq_prefix8(e->digest);
		inv->nmanifest = ++i;
		json_array_foreach(v, j, p) {
			if (!json_is_string(p) || !ocfl_path_ok(json_string_value(p))) {
				ocfl_seterr(err, errlen, "manifest: %s: bad content path", k);
				goto out;
			}
			if ((e->paths[j] = strdup(json_string_value(p))) == NULL)
				goto nomem;
			e->npaths = j + 1;
		}
		qsort(e->paths, e->npaths, sizeof *e->paths, cmp_pstr);
		total += e->npaths;
	}
	qsort(inv->manifest, inv->nmanifest, sizeof *inv->manifest, cmp_mentry);
	for (i = 0; i + 1 < inv->nmanifest; i++) {
		if (strcmp(inv->manifest[i].digest, inv->manifest[i + 1].digest) == 0) {
			ocfl_seterr(err, errlen, "manifest: digest %s appears twice", inv->manifest[i].digest);
			goto out;
		}
	}
	ocfl_manifest_reindex(inv);
	if ((all = malloc((total ? total : 1) * sizeof *all)) == NULL)
		goto nomem;
	total = 0;
	for (i = 0; i < inv->nmanifest; i++)
		for (j = 0; j < inv->manifest[i].npaths; j++)
			all[total++] = inv->manifest[i].paths[j];
	qsort(all, total, sizeof *all, cmp_pstr);
	if (ocfl_paths_conflict(all, total, &which)) {
		ocfl_seterr(err, errlen, "manifest: content path \"%s\" is not unique or is a folder of another",
		       which);
		goto out;
	}
	rc = 0;
	goto out;
nomem:
	ocfl_seterr(err, errlen, "%s", strerror(ENOMEM));
out:
	free(all);
	return rc;
}

static int
parse_version(struct ocfl_inventory *inv, struct ocfl_version *ver, const char *name, json_t *vj,
              char *err, size_t errlen)
{
	static const char *const vkeys[] = { "created", "message", "state", "user", NULL };
	static const char *const ukeys[] = { "address", "name", NULL };
	const char *bad, *k, *which;
	json_t *state, *user, *v, *p;
	size_t n = 0, i, j;
	char **paths = NULL;
	int rc = -1;

	if ((ver->info.name = strdup(name)) == NULL)
		goto nomem;
	if (!json_is_object(vj)) {
		ocfl_seterr(err, errlen, "version %s: not an object", name);
		goto out;
	}
	if (!keys_allowed(vj, vkeys, &bad)) {
		ocfl_seterr(err, errlen, "version %s: unknown key \"%s\"", name, bad);
		goto out;
	}
	if (dup_opt_string(vj, "created", &ver->info.created, true, name, err, errlen) != 0 ||
	    dup_opt_string(vj, "message", &ver->info.message, false, name, err, errlen) != 0)
		goto out;
	if ((user = json_object_get(vj, "user")) != NULL) {
		if (!json_is_object(user) || !keys_allowed(user, ukeys, &bad)) {
			ocfl_seterr(err, errlen, "version %s: bad user", name);
			goto out;
		}
		if (dup_opt_string(user, "name", &ver->info.user_name, true, name, err, errlen) != 0 ||
		    dup_opt_string(user, "address", &ver->info.user_address, false, name, err, errlen) != 0)
			goto out;
	}
	state = json_object_get(vj, "state");
	if (!json_is_object(state)) {
		ocfl_seterr(err, errlen, "version %s: no state object", name);
		goto out;
	}
	json_object_foreach(state, k, v) {
		if (!json_is_array(v)) {
			ocfl_seterr(err, errlen, "version %s: state %s: not a list", name, k);
			goto out;
		}
		n += json_array_size(v);
	}
	if ((ver->state = calloc(n ? n : 1, sizeof *ver->state)) == NULL)
		goto nomem;
	json_object_foreach(state, k, v) {
		const struct ocfl_mentry *me = ocfl_manifest_find(inv, k);

		if (me == NULL) {
			ocfl_seterr(err, errlen, "version %s: state digest %s is not in the manifest", name, k);
			goto out;
		}
		json_array_foreach(v, j, p) {
			if (!json_is_string(p) || !ocfl_path_ok(json_string_value(p))) {
				ocfl_seterr(err, errlen, "version %s: bad logical path", name);
				goto out;
			}
			struct ocfl_sentry *s = &ver->state[ver->nstate];
			if ((s->logical = strdup(json_string_value(p))) == NULL)
				goto nomem;
			s->digest = me->digest;
			ver->nstate++;
		}
	}
	qsort(ver->state, ver->nstate, sizeof *ver->state, cmp_sentry);
	if ((paths = malloc((ver->nstate ? ver->nstate : 1) * sizeof *paths)) == NULL)
		goto nomem;
	for (i = 0; i < ver->nstate; i++)
		paths[i] = ver->state[i].logical;
	if (ocfl_paths_conflict(paths, ver->nstate, &which)) {
		ocfl_seterr(err, errlen, "version %s: logical path \"%s\" is not unique or is a folder of another",
		       name, which);
		goto out;
	}
	rc = 0;
	goto out;
nomem:
	ocfl_seterr(err, errlen, "%s", strerror(ENOMEM));
out:
	free(paths);
	return rc;
}

struct ocfl_inventory *
ocfl_inventory_parse(const char *json, size_t len, char *err, size_t errlen)
{
	static const char *const keys[] = { "contentDirectory", "digestAlgorithm", "fixity", "head",
		"id", "manifest", "type", "versions", NULL };
	struct ocfl_inventory *inv;
	json_error_t je;
	json_t *root, *m, *vs, *v;
	const char *bad, *k;
	size_t n, i;
	char **names = NULL;

	if ((inv = calloc(1, sizeof *inv)) == NULL) {
		ocfl_seterr(err, errlen, "%s", strerror(ENOMEM));
		return NULL;
	}
	root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &je);
	if (root == NULL) {
		ocfl_seterr(err, errlen, "%d:%d: %s", je.line, je.column, je.text);
		goto fail;
	}
	if (!json_is_object(root)) {
		ocfl_seterr(err, errlen, "inventory is not a JSON object");
		goto fail;
	}
	if (!keys_allowed(root, keys, &bad)) {
		ocfl_seterr(err, errlen, "unknown key \"%s\"", bad);
		goto fail;
	}
	if (dup_opt_string(root, "id", &inv->id, true, "inventory", err, errlen) != 0 ||
	    dup_opt_string(root, "type", &inv->type, true, "inventory", err, errlen) != 0 ||
	    dup_opt_string(root, "digestAlgorithm", &inv->alg_name, true, "inventory", err, errlen) != 0 ||
	    dup_opt_string(root, "head", &inv->head, true, "inventory", err, errlen) != 0 ||
	    dup_opt_string(root, "contentDirectory", &inv->content_dir, false, "inventory", err, errlen) != 0)
		goto fail;
	if (*inv->id == '\0') {
		ocfl_seterr(err, errlen, "empty id");
		goto fail;
	}
	if (strcmp(inv->type, OCFL_TYPE_1_1) != 0 && strcmp(inv->type, OCFL_TYPE_1_0) != 0) {
		ocfl_seterr(err, errlen, "unknown type \"%s\"", inv->type);
		goto fail;
	}
	if (strcmp(inv->alg_name, "sha512") == 0)
		inv->alg = WQ_SHA512;
	else if (strcmp(inv->alg_name, "sha256") == 0)
		inv->alg = WQ_SHA256;
	else {
		ocfl_seterr(err, errlen, "digestAlgorithm \"%s\" is not sha512 or sha256", inv->alg_name);
		goto fail;
	}
	if (inv->content_dir != NULL) {
		inv->content_dir_set = true;
		if (*inv->content_dir == '\0' || strchr(inv->content_dir, '/') != NULL ||
		    strcmp(inv->content_dir, ".") == 0 || strcmp(inv->content_dir, "..") == 0) {
			ocfl_seterr(err, errlen, "bad contentDirectory");
			goto fail;
		}
	} else if ((inv->content_dir = strdup("content")) == NULL)
		goto nomem;
	if ((v = json_object_get(root, "fixity")) != NULL) {
		if (!json_is_object(v)) {
			ocfl_seterr(err, errlen, "fixity is not an object");
			goto fail;
		}
		inv->fixity = json_incref(v);
	}
	m = json_object_get(root, "manifest");
	if (!json_is_object(m)) {
		ocfl_seterr(err, errlen, "no manifest object");
		goto fail;
	}
	if (parse_manifest(inv, m, err, errlen) != 0)
		goto fail;
	vs = json_object_get(root, "versions");
	if (!json_is_object(vs) || (n = json_object_size(vs)) == 0) {
		ocfl_seterr(err, errlen, "no versions");
		goto fail;
	}
	if ((names = calloc(n, sizeof *names)) == NULL ||
	    (inv->versions = calloc(n, sizeof *inv->versions)) == NULL)
		goto nomem;
	i = 0;
	json_object_foreach(vs, k, v) {
		unsigned w;
		long num = ocfl_version_number(k, &w);

		if (num < 0 || (size_t)num > n || names[num - 1] != NULL) {
			ocfl_seterr(err, errlen, "versions: bad or missing version names (\"%s\")", k);
			goto fail;
		}
		if (i == 0)
			inv->pad = w;
		else if (w != inv->pad) {
			ocfl_seterr(err, errlen, "versions: mixed zero-padded and unpadded names");
			goto fail;
		}
		names[num - 1] = (char *)k;
		i++;
	}
	for (i = 0; i < n; i++) {
		if (parse_version(inv, &inv->versions[i], names[i], json_object_get(vs, names[i]),
		                  err, errlen) != 0) {
			inv->nversions = i + 1;
			goto fail;
		}
		inv->nversions = i + 1;
	}
	if (strcmp(inv->head, names[n - 1]) != 0) {
		ocfl_seterr(err, errlen, "head \"%s\" is not the last version %s", inv->head, names[n - 1]);
		goto fail;
	}
	free(names);
	json_decref(root);
	return inv;
nomem:
	ocfl_seterr(err, errlen, "%s", strerror(ENOMEM));
fail:
	free(names);
	json_decref(root);
	ocfl_inventory_free(inv);
	return NULL;
}

int
ocfl_sidecar_parse(const char *text, size_t len, size_t hexlen, char *hex)
{
	size_t i = 0, j;

	if (hexlen > WQ_DIGEST_HEX_MAX || len < hexlen)
		return -1;
	for (j = 0; j < hexlen; j++) {
		if (!isxdigit((unsigned char)text[j]))
			return -1;
		hex[j] = (char)tolower((unsigned char)text[j]);
	}
	hex[hexlen] = '\0';
	i = hexlen;
	if (i >= len || (text[i] != ' ' && text[i] != '\t'))
		return -1;
	while (i < len && (text[i] == ' ' || text[i] == '\t'))
		i++;
	if (len - i < 14 || memcmp(text + i, "inventory.json", 14) != 0)
		return -1;
	i += 14;
	while (i < len && (text[i] == '\n' || text[i] == '\r' || text[i] == ' ' || text[i] == '\t'))
		i++;
	return i == len ? 0 : -1;
}

struct ocfl_inventory *
ocfl_inventory_load(const char *objroot, char *err, size_t errlen)
{
	struct wq_buf b = WQ_BUF_INIT, sc = WQ_BUF_INIT;
	struct ocfl_inventory *inv = NULL;
	char *path = NULL, *scpath = NULL, want[WQ_DIGEST_HEX_MAX + 1], got[WQ_DIGEST_HEX_MAX + 1];
	char sub[256];

	if ((path = wq_path_join(objroot, "inventory.json")) == NULL)
		goto nomem;
	if (wq_read_file(path, &b) != 0) {
		ocfl_seterr(err, errlen, "%s: %s", path, strerror(errno));
		goto fail;
	}
	if ((inv = ocfl_inventory_parse(b.data != NULL ? b.data : "", b.len, sub, sizeof sub)) == NULL) {
		ocfl_seterr(err, errlen, "%s: %s", path, sub);
		goto fail;
	}
	{
		struct wq_buf t = WQ_BUF_INIT;
		if (wq_buf_printf(&t, "%s.%s", path, inv->alg_name) != 0)
			goto nomem;
		scpath = wq_buf_steal(&t);
	}
	if (wq_read_file(scpath, &sc) != 0) {
		ocfl_seterr(err, errlen, "%s: %s", scpath, strerror(errno));
		goto fail;
	}
	if (ocfl_sidecar_parse(sc.data != NULL ? sc.data : "", sc.len, wq_digest_hex_len(inv->alg),
	                       want) != 0) {
		ocfl_seterr(err, errlen, "%s: not a digest followed by inventory.json", scpath);
		goto fail;
	}
	if (wq_digest_mem(inv->alg, b.data != NULL ? b.data : "", b.len, got) != 0) {
		ocfl_seterr(err, errlen, "%s: %s", path, strerror(errno));
		goto fail;
	}
	if (strcmp(want, got) != 0) {
		ocfl_seterr(err, errlen, "%s: digest does not match %s", path, scpath);
		goto fail;
	}
	memcpy(inv->sidecar, got, sizeof got);
	if ((inv->objroot = strdup(objroot)) == NULL)
		goto nomem;
	free(path);
	free(scpath);
	wq_buf_free(&b);
	wq_buf_free(&sc);
	return inv;
nomem:
	ocfl_seterr(err, errlen, "%s", strerror(ENOMEM));
fail:
	ocfl_inventory_free(inv);
	free(path);
	free(scpath);
	wq_buf_free(&b);
	wq_buf_free(&sc);
	return NULL;
}

struct ocfl_inventory *
ocfl_store_load(const char *store, const char *id, char *err, size_t errlen)
{
	struct ocfl_inventory *inv;
	struct stat st;
	char *objroot;

	if (ocfl_store_check(store, err, errlen) != 0)
		return NULL;
	if ((objroot = ocfl_object_path(store, id)) == NULL) {
		ocfl_seterr(err, errlen, "%s: %s", id, strerror(errno));
		return NULL;
	}
	if (stat(objroot, &st) != 0) {
		ocfl_seterr(err, errlen, "%s: no such object in %s", id, store);
		free(objroot);
		return NULL;
	}
	inv = ocfl_inventory_load(objroot, err, errlen);
	if (inv != NULL && strcmp(inv->id, id) != 0) {
		ocfl_seterr(err, errlen, "%s: object holds id \"%s\", not \"%s\"", objroot, inv->id, id);
		ocfl_inventory_free(inv);
		inv = NULL;
	}
	free(objroot);
	return inv;
}

/* ---- accessors ---- */

const char *ocfl_inventory_id(const struct ocfl_inventory *inv) { return inv->id; }
const char *ocfl_inventory_head(const struct ocfl_inventory *inv) { return inv->head; }
const char *ocfl_inventory_objroot(const struct ocfl_inventory *inv) { return inv->objroot; }
const char *ocfl_inventory_alg(const struct ocfl_inventory *inv) { return inv->alg_name; }
size_t ocfl_inventory_nversions(const struct ocfl_inventory *inv) { return inv->nversions; }

const char *
ocfl_inventory_version_name(const struct ocfl_inventory *inv, size_t i)
{
	return i < inv->nversions ? inv->versions[i].info.name : NULL;
}

int
ocfl_version_info(const struct ocfl_inventory *inv, const char *version, struct ocfl_version_info *vi)
{
	const struct ocfl_version *v = ocfl_inventory_find_version(inv, version);

	if (v == NULL) {
		errno = ENOENT;
		return -1;
	}
	*vi = v->info;
	return 0;
}

void
ocfl_files_free(struct ocfl_file *files, size_t n)
{
	size_t i;

	if (files == NULL)
		return;
	for (i = 0; i < n; i++) {
		free(files[i].logical);
		free(files[i].content);
		free(files[i].digest);
	}
	free(files);
}

int
ocfl_version_files(const struct ocfl_inventory *inv, const char *version, struct ocfl_file **files,
                   size_t *n)
{
	const struct ocfl_version *v = ocfl_inventory_find_version(inv, version);
	struct ocfl_file *f;
	size_t i;
	int dfd = -1;

	*files = NULL;
	*n = 0;
	if (v == NULL) {
		errno = ENOENT;
		return -1;
	}
	if ((f = calloc(v->nstate ? v->nstate : 1, sizeof *f)) == NULL)
		return -1;
	if (inv->objroot != NULL)
		dfd = open(inv->objroot, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	for (i = 0; i < v->nstate; i++) {
		const struct ocfl_mentry *me = ocfl_manifest_find(inv, v->state[i].digest);
		struct stat st;

		f[i].size = UINT64_MAX;
		if (me == NULL || (f[i].logical = strdup(v->state[i].logical)) == NULL ||
		    (f[i].content = strdup(me->paths[0])) == NULL ||
		    (f[i].digest = strdup(v->state[i].digest)) == NULL) {
			ocfl_files_free(f, i + 1);
			if (dfd >= 0)
				close(dfd);
			errno = ENOMEM;
			return -1;
		}
		if (dfd >= 0 && fstatat(dfd, f[i].content, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
		    S_ISREG(st.st_mode))
			f[i].size = (uint64_t)st.st_size;
	}
	if (dfd >= 0)
		close(dfd);
	*files = f;
	*n = v->nstate;
	return 0;
}

/* ---- building ---- */

static int
strdup_opt(const char *s, char **out)
{
	*out = NULL;
	if (s == NULL)
		return 0;
	return (*out = strdup(s)) == NULL ? -1 : 0;
}

/*
 * m[0..orig) and the nadd entries after them are each sorted by digest (no
 * digest twice): merge them in place from the back, cheaper than sorting
 * the whole manifest again for a few new entries.
 */
static void
merge_new(struct ocfl_mentry *m, size_t orig, size_t nadd)
{
	struct ocfl_mentry *add = malloc(nadd * sizeof *add);
	size_t i = orig, j = nadd, k = orig + nadd;

	if (add == NULL) {
		qsort(m, orig + nadd, sizeof *m, cmp_mentry);
		return;
	}
	memcpy(add, m + orig, nadd * sizeof *add);
	while (j > 0) {
		if (i > 0 && strcmp(m[i - 1].digest, add[j - 1].digest) > 0)
			m[--k] = m[--i];
		else
			m[--k] = add[--j];
	}
	free(add);
}

static uint32_t *digest_order_after(const struct ocfl_version *v, const struct ocfl_version *prev,
                                   const uint32_t *kept);

int
ocfl_inventory_add_version(struct ocfl_inventory *inv, const struct ocfl_version_info *info,
                           const struct ocfl_sentry *state, size_t n,
                           const struct ocfl_sentry *added, size_t nadd)
{
	struct ocfl_version *nv, *v;
	const struct ocfl_version *prev;
	uint32_t *kept = NULL;
	char name[32];
	size_t i, j;
	bool sorted;

	if (ocfl_next_version_name(inv, name) != 0) {
		errno = EOVERFLOW;
		return -1;
	}
	/* new content only: append, sort once, refuse digests already there */
	if (nadd > 0) {
		size_t orig = inv->nmanifest;
		struct ocfl_mentry *nm = realloc(inv->manifest, (orig + nadd) * sizeof *nm);
		if (nm == NULL)
			return -1;
		inv->manifest = nm;
		for (i = 0; i < nadd; i++) {
			struct ocfl_mentry *me = &nm[orig + i], key;
			char low[WQ_DIGEST_HEX_MAX + 1];

			memset(me, 0, sizeof *me);
			/* (the writer copies digests without escaping: hex only) */
			if (!hex_ok(added[i].digest, wq_digest_hex_len(inv->alg))) {
				errno = EINVAL;
				goto undo;
			}
			for (j = 0; added[i].digest[j] != '\0'; j++)
				low[j] = (char)tolower((unsigned char)added[i].digest[j]);
			low[j] = '\0';
			key.digest = low;
			key.key = wq_prefix8(low);
			if (ocfl_manifest_find(inv, low) != NULL) { /* (inv->nmanifest is still orig) */
				errno = EINVAL;
				goto undo;
			}
			if ((me->digest = strdup(low)) == NULL ||
			    (me->paths = malloc(sizeof *me->paths)) == NULL ||
			    (me->paths[0] = strdup(added[i].logical)) == NULL) {
				errno = ENOMEM;
				goto undo;
			}
			me->key = key.key;
			me->npaths = 1;
		}
		inv->nmanifest = orig + nadd;
		qsort(nm + orig, nadd, sizeof *nm, cmp_mentry);
		for (i = orig; i + 1 < inv->nmanifest; i++) {
			if (strcmp(nm[i].digest, nm[i + 1].digest) == 0) {
				errno = EINVAL;
				ocfl_manifest_reindex(inv);
				return -1; /* the caller's bug: the same new digest twice */
			}
		}
		merge_new(nm, orig, nadd);
		ocfl_manifest_reindex(inv);
		goto added;
undo:
		for (j = 0; j <= i && j < nadd; j++) {
			struct ocfl_mentry *me = &nm[orig + j];
			if (me->paths != NULL)
				free(me->paths[0]);
			free(me->paths);
			free(me->digest);
		}
		inv->nmanifest = orig;
		return -1;
	}
added:
	if ((nv = realloc(inv->versions, (inv->nversions + 1) * sizeof *nv)) == NULL)
		return -1;
	inv->versions = nv;
	v = &nv[inv->nversions];
	memset(v, 0, sizeof *v);
	if ((v->state = calloc(n ? n : 1, sizeof *v->state)) == NULL)
		return -1;
	prev = inv->nversions > 0 ? &nv[inv->nversions - 1] : NULL;
	/* a commit gives its state in order already */
	for (i = 1; i < n && strcmp(state[i - 1].logical, state[i].logical) < 0; i++)
		;
	sorted = i >= n;
	/* the previous version's place of each path the new one keeps as it was */
	if (sorted && n <= UINT32_MAX && prev != NULL && prev->by_digest != NULL &&
	    (kept = malloc((prev->nstate ? prev->nstate : 1) * sizeof *kept)) != NULL)
		for (j = 0; j < prev->nstate; j++)
			kept[j] = UINT32_MAX;
	for (i = 0, j = 0; i < n; i++) {
		char *d = NULL, *logical = NULL;

		/*
		 * The previous version's digests are the manifest's own strings: a
		 * path that keeps its digest needs no search. (Both states are in
		 * path order, mostly: j follows i.)
		 */
		while (prev != NULL && j < prev->nstate && strcmp(prev->state[j].logical, state[i].logical) < 0)
			j++;
		if (prev != NULL && j < prev->nstate && prev->state[j].digest == state[i].digest &&
		    strcmp(prev->state[j].logical, state[i].logical) == 0) {
			d = prev->state[j].digest;
			if (in_strings(inv, prev->state[j].logical))
				logical = prev->state[j].logical; /* (a snapshot's: shared, never freed alone) */
			if (kept != NULL)
				kept[j] = (uint32_t)i;
		} else {
			const struct ocfl_mentry *me = ocfl_manifest_find(inv, state[i].digest);
			if (me != NULL)
				d = me->digest;
			else
				errno = EINVAL; /* the caller's bug: content the object does not hold */
		}
		if (d == NULL || (logical == NULL && (logical = strdup(state[i].logical)) == NULL)) {
			v->nstate = i;
			version_free(inv, v);
			memset(v, 0, sizeof *v);
			free(kept);
			return -1;
		}
		v->state[i].logical = logical;
		v->state[i].digest = d;
		v->nstate = i + 1;
	}
	if (!sorted)
		qsort(v->state, v->nstate, sizeof *v->state, cmp_sentry);
	/* (made once here: the JSON and the snapshot both want it) */
	v->by_digest = kept != NULL ? digest_order_after(v, prev, kept) : ocfl_state_digest_order(v);
	free(kept);
	if (v->by_digest == NULL) {
		version_free(inv, v);
		memset(v, 0, sizeof *v);
		return -1;
	}
	if ((v->info.name = strdup(name)) == NULL || strdup_opt(info->created, &v->info.created) != 0 ||
	    strdup_opt(info->message, &v->info.message) != 0 ||
	    strdup_opt(info->user_name, &v->info.user_name) != 0 ||
	    strdup_opt(info->user_address, &v->info.user_address) != 0) {
		version_free(inv, v);
		memset(v, 0, sizeof *v);
		return -1;
	}
	free(inv->head);
	if ((inv->head = strdup(name)) == NULL)
		return -1;
	inv->nversions++;
	return 0;
}

/* ---- writing ---- */
/*
 * A hand-written writer (jansson's dump of a 10,000-file inventory is ten
 * times slower) giving what json_dumps(JSON_INDENT(2) | JSON_SORT_KEYS)
 * gives, keys sorted bytewise, two-space indent, UTF-8 as is, only '"',
 * '\\' and control characters escaped, but for the arrays of paths of
 * the manifest and the states: each on its digest's line (put_paths).
 */

/*
 * The writers below reserve room once and store straight into b->data:
 * the dump is a few hundred thousand small pieces, each call counts.
 */
static int
put_str(struct wq_buf *b, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	size_t n = strlen(s);
	const unsigned char *p = (const unsigned char *)s, *end = p + n, *run;
	char *q;

	/* at worst every byte is written \u00XX */
	if (n > (SIZE_MAX - 3) / 6 || wq_buf_grow(b, 6 * n + 2) != 0)
		return -1;
	q = b->data + b->len;
	*q++ = '"';
	for (;;) {
		for (run = p; p < end && *p >= 0x20 && *p != '"' && *p != '\\'; p++)
			;
		memcpy(q, run, (size_t)(p - run));
		q += p - run;
		if (p == end)
			break;
		*q++ = '\\';
		switch (*p) {
		case '"': *q++ = '"'; break;
		case '\\': *q++ = '\\'; break;
		case '\b': *q++ = 'b'; break;
		case '\f': *q++ = 'f'; break;
		case '\n': *q++ = 'n'; break;
		case '\r': *q++ = 'r'; break;
		case '\t': *q++ = 't'; break;
		default:
			memcpy(q, "u00", 3);
			q[3] = hex[*p >> 4];
			q[4] = hex[*p & 15];
			q += 5;
		}
		p++;
	}
	*q++ = '"';
	b->len = (size_t)(q - b->data);
	b->data[b->len] = '\0';
	return 0;
}

static int
indent(struct wq_buf *b, int level)
{
	size_t n = 1 + 2 * (size_t)level;

	if (wq_buf_grow(b, n) != 0)
		return -1;
	b->data[b->len] = '\n';
	memset(b->data + b->len + 1, ' ', n - 1);
	b->len += n;
	b->data[b->len] = '\0';
	return 0;
}

/* "key": with the indent of level (after a comma when not first) */
static int
put_key(struct wq_buf *b, int level, bool *first, const char *key)
{
	if ((!*first && wq_buf_putc(b, ',') != 0) || indent(b, level) != 0 || put_str(b, key) != 0 ||
	    wq_buf_puts(b, ": ") != 0)
		return -1;
	*first = false;
	return 0;
}

/* put_key for a manifest digest: checked hex of known length, so nothing to escape */
static int
put_digest_key(struct wq_buf *b, int level, bool *first, const char *digest, size_t len)
{
	char *q;

	if (wq_buf_grow(b, 2 + 2 * (size_t)level + len + 4) != 0)
		return -1;
	q = b->data + b->len;
	if (!*first)
		*q++ = ',';
	*q++ = '\n';
	memset(q, ' ', 2 * (size_t)level);
	q += 2 * level;
	*q++ = '"';
	memcpy(q, digest, len);
	q += len;
	memcpy(q, "\": ", 3);
	q += 3;
	*q = '\0';
	b->len = (size_t)(q - b->data);
	*first = false;
	return 0;
}

/*
 * A digest's paths, on its line as in the OCFL specification's examples:
 * [ "v1/content/a.txt" ]. An inventory is then a line a file (grep finds
 * a file's digest), and a tenth smaller than with a line a path: a commit
 * writes and hashes it whole, twice the state of every version.
 */
static int
put_paths(struct wq_buf *b, char *const *paths, size_t n)
{
	size_t i;

	if (n == 0)
		return wq_buf_puts(b, "[]");
	if (wq_buf_puts(b, "[ ") != 0)
		return -1;
	for (i = 0; i < n; i++)
		if ((i > 0 && wq_buf_puts(b, ", ") != 0) || put_str(b, paths[i]) != 0)
			return -1;
	return wq_buf_puts(b, " ]");
}

/*
 * The JSON being written: a buffer, handed to the sink (when there is one)
 * each time it holds JOUT_CHUNK bytes, so that a large inventory is written
 * through a small buffer that stays in the CPU's cache.
 */
#define JOUT_CHUNK (256 * 1024)

struct jout {
	struct wq_buf b;
	ocfl_write_fn sink; /* NULL: keep it all in b */
	void *ctx;
};

/* Called between entries: pass a full buffer on. 0, or -1 with errno (the sink's). */
static int
jout_flush(struct jout *o, bool all)
{
	if (o->sink == NULL || o->b.len == 0 || (!all && o->b.len < JOUT_CHUNK))
		return 0;
	if (o->sink(o->ctx, o->b.data, o->b.len) != 0)
		return -1;
	o->b.len = 0;
	return 0;
}

/* a state entry with the first 8 bytes of its digest, to sort without most strcmp calls */
struct skey {
	uint64_t pre;
	const struct ocfl_sentry *s;
};

static int
cmp_by_digest(const void *a, const void *b)
{
	const struct skey *x = a, *y = b;
	int c;

	if (x->pre != y->pre)
		return x->pre < y->pre ? -1 : 1;
	c = strcmp(x->s->digest, y->s->digest);
	return c != 0 ? c : strcmp(x->s->logical, y->s->logical);
}

uint32_t *
ocfl_state_digest_order(const struct ocfl_version *v)
{
	struct skey *ix;
	uint32_t *order;
	size_t i;

	if (v->nstate > UINT32_MAX) {
		errno = EOVERFLOW;
		return NULL;
	}
	ix = malloc((v->nstate ? v->nstate : 1) * sizeof *ix);
	order = malloc((v->nstate ? v->nstate : 1) * sizeof *order);
	if (ix == NULL || order == NULL) {
		free(ix);
		free(order);
		return NULL;
	}
	for (i = 0; i < v->nstate; i++) {
		ix[i].pre = wq_prefix8(v->state[i].digest);
		ix[i].s = &v->state[i];
	}
	qsort(ix, v->nstate, sizeof *ix, cmp_by_digest);
	for (i = 0; i < v->nstate; i++)
		order[i] = (uint32_t)(ix[i].s - v->state);
	free(ix);
	return order;
}

/*
 * v's digest order (as ocfl_state_digest_order gives it), from that of
 * prev, the version before it: kept[j] is the index in v of prev's entry j
 * when v keeps it as it was, else UINT32_MAX. The kept entries are in
 * order among themselves already: only the others (a commit that changes
 * little has few) are sorted, and the two lists merged. NULL without memory.
 */
static uint32_t *
digest_order_after(const struct ocfl_version *v, const struct ocfl_version *prev,
                   const uint32_t *kept)
{
	uint32_t *order = malloc((v->nstate ? v->nstate : 1) * sizeof *order);
	uint32_t *old = malloc((v->nstate ? v->nstate : 1) * sizeof *old);
	unsigned char *is_kept = calloc(v->nstate ? v->nstate : 1, 1);
	struct skey *fresh = malloc((v->nstate ? v->nstate : 1) * sizeof *fresh);
	size_t nold = 0, nfresh = 0, a = 0, b = 0, i, k;

	if (order == NULL || old == NULL || is_kept == NULL || fresh == NULL) {
		free(order);
		order = NULL;
		goto out;
	}
	for (k = 0; k < prev->nstate; k++) {
		uint32_t ix = kept[prev->by_digest[k]];
		if (ix != UINT32_MAX) {
			old[nold++] = ix;
			is_kept[ix] = 1;
		}
	}
	for (i = 0; i < v->nstate; i++)
		if (!is_kept[i])
			fresh[nfresh++] = (struct skey){ wq_prefix8(v->state[i].digest), &v->state[i] };
	qsort(fresh, nfresh, sizeof *fresh, cmp_by_digest);
	for (k = 0; k < v->nstate; k++) {
		struct skey x;
		if (a < nold)
			x = (struct skey){ wq_prefix8(v->state[old[a]].digest), &v->state[old[a]] };
		if (b == nfresh || (a < nold && cmp_by_digest(&x, &fresh[b]) < 0))
			order[k] = old[a++];
		else
			order[k] = (uint32_t)(fresh[b++].s - v->state);
	}
out:
	free(old);
	free(is_kept);
	free(fresh);
	return order;
}

bool
ocfl_state_order_ok(const struct ocfl_version *v, const uint32_t *order)
{
	unsigned char *seen = calloc(v->nstate ? v->nstate : 1, 1);
	struct skey prev = { 0, NULL }, cur;
	size_t i;
	bool ok = seen != NULL;

	for (i = 0; ok && i < v->nstate; i++) {
		if (order[i] >= v->nstate || seen[order[i]]) {
			ok = false;
			break;
		}
		seen[order[i]] = 1;
		cur.s = &v->state[order[i]];
		cur.pre = wq_prefix8(cur.s->digest);
		ok = i == 0 || cmp_by_digest(&prev, &cur) < 0;
		prev = cur;
	}
	free(seen);
	return ok;
}

static int
put_state(struct jout *o, int level, const struct ocfl_version *v, size_t hexlen)
{
	struct wq_buf *b = &o->b;
	const uint32_t *order = v->by_digest;
	uint32_t *own = NULL;
	char **paths;
	size_t i, j, k;
	bool first = true;
	int rc = -1;

	if (v->nstate == 0)
		return wq_buf_puts(b, "{}");
	/* (a snapshot keeps each version's order: only a new version is sorted here) */
	if (order == NULL && (order = own = ocfl_state_digest_order(v)) == NULL)
		return -1;
	if ((paths = malloc(v->nstate * sizeof *paths)) == NULL)
		goto out;
	if (wq_buf_putc(b, '{') != 0)
		goto out;
	for (i = 0; i < v->nstate; i = j) {
		const char *d = v->state[order[i]].digest;

		/* (equal digests are mostly the same manifest string) */
		for (j = i, k = 0; j < v->nstate && (j == i || v->state[order[j]].digest == d ||
		                                     strcmp(v->state[order[j]].digest, d) == 0); j++)
			paths[k++] = v->state[order[j]].logical;
		if (put_digest_key(b, level + 1, &first, d, hexlen) != 0 ||
		    put_paths(b, paths, k) != 0 || jout_flush(o, false) != 0)
			goto out;
	}
	if (indent(b, level) != 0 || wq_buf_putc(b, '}') != 0)
		goto out;
	rc = 0;
out:
	free(own);
	free(paths);
	return rc;
}

static int
cmp_vname(const void *a, const void *b)
{
	return strcmp((*(const struct ocfl_version *const *)a)->info.name,
	              (*(const struct ocfl_version *const *)b)->info.name);
}

static int
put_version(struct jout *o, int level, const struct ocfl_version *v, size_t hexlen)
{
	struct wq_buf *b = &o->b;
	bool first = true, ufirst = true;

	if (wq_buf_putc(b, '{') != 0 ||
	    put_key(b, level + 1, &first, "created") != 0 ||
	    put_str(b, v->info.created != NULL ? v->info.created : "") != 0)
		return -1;
	if (v->info.message != NULL &&
	    (put_key(b, level + 1, &first, "message") != 0 || put_str(b, v->info.message) != 0))
		return -1;
	if (put_key(b, level + 1, &first, "state") != 0 || put_state(o, level + 1, v, hexlen) != 0)
		return -1;
	if (v->info.user_name != NULL) {
		if (put_key(b, level + 1, &first, "user") != 0 || wq_buf_putc(b, '{') != 0)
			return -1;
		if (v->info.user_address != NULL &&
		    (put_key(b, level + 2, &ufirst, "address") != 0 || put_str(b, v->info.user_address) != 0))
			return -1;
		if (put_key(b, level + 2, &ufirst, "name") != 0 || put_str(b, v->info.user_name) != 0 ||
		    indent(b, level + 1) != 0 || wq_buf_putc(b, '}') != 0)
			return -1;
	}
	if (indent(b, level) != 0 || wq_buf_putc(b, '}') != 0)
		return -1;
	return 0;
}

/* jansson's dump of a sub-value, re-indented to level (strings hold no raw newline) */
static int
put_json(struct wq_buf *b, int level, json_t *j)
{
	char *s = json_dumps(j, JSON_INDENT(2) | JSON_SORT_KEYS), *p;
	int rc = 0;

	if (s == NULL)
		return -1;
	for (p = s; *p && rc == 0; p++) {
		if (*p == '\n')
			rc = indent(b, level);
		else
			rc = wq_buf_putc(b, *p);
	}
	free(s);
	return rc;
}

static bool
all_utf8(const struct ocfl_inventory *inv)
{
	size_t i, j;

	if (!ocfl_utf8_ok(inv->id) || !ocfl_utf8_ok(inv->content_dir))
		return false;
	for (i = 0; i < inv->nmanifest; i++)
		for (j = 0; j < inv->manifest[i].npaths; j++)
			if (!ocfl_utf8_ok(inv->manifest[i].paths[j]))
				return false;
	for (i = 0; i < inv->nversions; i++) {
		const struct ocfl_version *v = &inv->versions[i];
		if ((v->info.created && !ocfl_utf8_ok(v->info.created)) ||
		    (v->info.message && !ocfl_utf8_ok(v->info.message)) ||
		    (v->info.user_name && !ocfl_utf8_ok(v->info.user_name)) ||
		    (v->info.user_address && !ocfl_utf8_ok(v->info.user_address)))
			return false;
		for (j = 0; j < v->nstate; j++)
			if (!ocfl_utf8_ok(v->state[j].logical))
				return false;
	}
	return true;
}

/* The canonical JSON of inv into o (see ocfl_inventory_write). 0, or -1 with errno. */
static int
put_inventory(struct jout *o, const struct ocfl_inventory *inv)
{
	struct wq_buf *b = &o->b;
	const struct ocfl_version **vs = NULL;
	bool first = true, vfirst = true;
	size_t i, hexlen = wq_digest_hex_len(inv->alg);

	if (!all_utf8(inv)) {
		errno = EILSEQ;
		return -1;
	}
	if (wq_buf_putc(b, '{') != 0)
		goto fail;
	if (inv->content_dir_set &&
	    (put_key(b, 1, &first, "contentDirectory") != 0 || put_str(b, inv->content_dir) != 0))
		goto fail;
	if (put_key(b, 1, &first, "digestAlgorithm") != 0 || put_str(b, inv->alg_name) != 0)
		goto fail;
	if (inv->fixity != NULL &&
	    (put_key(b, 1, &first, "fixity") != 0 || put_json(b, 1, inv->fixity) != 0))
		goto fail;
	if (put_key(b, 1, &first, "head") != 0 || put_str(b, inv->head ? inv->head : "") != 0 ||
	    put_key(b, 1, &first, "id") != 0 || put_str(b, inv->id) != 0 ||
	    put_key(b, 1, &first, "manifest") != 0)
		goto fail;
	if (inv->nmanifest == 0) {
		if (wq_buf_puts(b, "{}") != 0)
			goto fail;
	} else {
		bool mfirst = true;
		if (wq_buf_putc(b, '{') != 0)
			goto fail;
		for (i = 0; i < inv->nmanifest; i++)
			if (put_digest_key(b, 2, &mfirst, inv->manifest[i].digest, hexlen) != 0 ||
			    put_paths(b, inv->manifest[i].paths, inv->manifest[i].npaths) != 0 ||
			    jout_flush(o, false) != 0)
				goto fail;
		if (indent(b, 1) != 0 || wq_buf_putc(b, '}') != 0)
			goto fail;
	}
	if (put_key(b, 1, &first, "type") != 0 || put_str(b, inv->type) != 0 ||
	    put_key(b, 1, &first, "versions") != 0)
		goto fail;
	if (inv->nversions == 0) {
		if (wq_buf_puts(b, "{}") != 0)
			goto fail;
	} else {
		if ((vs = malloc(inv->nversions * sizeof *vs)) == NULL)
			goto fail;
		for (i = 0; i < inv->nversions; i++)
			vs[i] = &inv->versions[i];
		qsort(vs, inv->nversions, sizeof *vs, cmp_vname);
		if (wq_buf_putc(b, '{') != 0)
			goto fail;
		for (i = 0; i < inv->nversions; i++)
			if (put_key(b, 2, &vfirst, vs[i]->info.name) != 0 ||
			    put_version(o, 2, vs[i], hexlen) != 0)
				goto fail;
		if (indent(b, 1) != 0 || wq_buf_putc(b, '}') != 0)
			goto fail;
	}
	/* indent(b, 0) writes "\n" before the closing brace: that is jansson's shape too */
	if (indent(b, 0) != 0 || wq_buf_puts(b, "}\n") != 0 || jout_flush(o, true) != 0)
		goto fail;
	free(vs);
	return 0;
fail:
	free(vs);
	return -1;
}

int
ocfl_inventory_write(const struct ocfl_inventory *inv, ocfl_write_fn sink, void *ctx)
{
	struct jout o = { WQ_BUF_INIT, sink, ctx };
	int rc;

	if (wq_buf_grow(&o.b, JOUT_CHUNK + 4096) != 0)
		return -1;
	rc = put_inventory(&o, inv);
	wq_buf_free(&o.b);
	return rc;
}

char *
ocfl_inventory_dump(const struct ocfl_inventory *inv, size_t *len)
{
	struct jout o = { WQ_BUF_INIT, NULL, NULL };
	size_t i, est, hexlen = wq_digest_hex_len(inv->alg);

	/* about the size it will have: one realloc at most, no copying as it grows */
	est = 4096 + inv->nmanifest * (hexlen + 64);
	for (i = 0; i < inv->nversions; i++)
		est += 256 + inv->versions[i].nstate * (hexlen + 64);
	if (wq_buf_grow(&o.b, est) != 0 || put_inventory(&o, inv) != 0) {
		wq_buf_free(&o.b);
		return NULL;
	}
	*len = o.b.len;
	return wq_buf_steal(&o.b);
}
