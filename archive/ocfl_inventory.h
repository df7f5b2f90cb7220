/*
 * ocfl_inventory.h - the inventory model: parse and check (jansson,
 * duplicate keys refused), build the next version, write canonical JSON
 * (keys sorted, 2-space indent, path lists sorted: the same inventory
 * always gives the same bytes).
 */
#ifndef OCFL_INVENTORY_H
#define OCFL_INVENTORY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wathiqa.h"
#include "ocfl_store.h"

#define OCFL_TYPE_1_1 "https://ocfl.io/1.1/spec/#inventory"
#define OCFL_TYPE_1_0 "https://ocfl.io/1.0/spec/#inventory"

/* A manifest entry: digest (lowercase hex) -> content paths (sorted). */
struct ocfl_mentry {
	char *digest;
	uint64_t key;  /* wq_prefix8(digest): a search compares these, and strings once */
	char **paths;
	size_t npaths;
};

/*
 * A state entry: logical path -> digest (lowercase hex). In an inventory,
 * digest is the manifest entry's own string (every state digest is in the
 * manifest): shared, not freed with the state.
 */
struct ocfl_sentry {
	char *logical;
	char *digest;
};

struct ocfl_version {
	struct ocfl_version_info info; /* strings owned here */
	struct ocfl_sentry *state;     /* sorted by logical path */
	size_t nstate;
	uint32_t *by_digest;           /* NULL, or state's indices in digest order (the JSON's, */
	                               /* see ocfl_state_digest_order): a snapshot keeps it */
};

/* Loaded and built inventories alike; the fields are for archive/ code only. */
struct ocfl_inventory {
	char *objroot;            /* NULL when parsed from memory */
	char *id;
	char *type;
	char *alg_name;           /* "sha512" or "sha256" */
	enum wq_digest_alg alg;
	char *head;
	char *content_dir;        /* "content" unless contentDirectory says otherwise */
	bool content_dir_set;     /* contentDirectory was present */
	unsigned pad;             /* width of zero-padded version names ("v001": 4), 0 if unpadded */
	struct ocfl_mentry *manifest; /* sorted by digest */
	size_t nmanifest;
	char *strings;            /* NULL, or one block holding many of the manifest's and */
	size_t strings_len;       /* states' strings (a snapshot's): not freed one by one */
	char **path_lists;        /* NULL, or one array holding the manifest's one-path */
	size_t path_lists_len;    /* lists (a snapshot's): not freed one by one either */
	uint32_t *mindex;         /* manifest by key (ocfl_manifest_reindex), or NULL */
	size_t mindex_cap;        /* its slots: a power of two */
	struct ocfl_version *versions; /* v1 .. vN in order */
	size_t nversions;
	void *fixity;             /* json_t *, kept as read (NULL if absent) */
	char sidecar[WQ_DIGEST_HEX_MAX + 1]; /* digest of the bytes read (lowercase) */
};

/* Parse and check inventory JSON. NULL + err. The caller frees. */
struct ocfl_inventory *ocfl_inventory_parse(const char *json, size_t len, char *err, size_t errlen);
/* An empty inventory (no versions) for a new object: sha512, OCFL 1.1. NULL on ENOMEM. */
struct ocfl_inventory *ocfl_inventory_new(const char *id);

/* Lookups: the manifest through its index when it has one, else bsearch. NULL when absent. */
const struct ocfl_mentry *ocfl_manifest_find(const struct ocfl_inventory *inv, const char *digest);
/*
 * (Re)build inv->mindex after the manifest changed: a commit looks up every
 * file's digest several times, and a binary search of 10,000 digests
 * misses the cache some 14 times a lookup. Without memory the index is
 * dropped and lookups search. The parser, the snapshot reader and
 * ocfl_inventory_add_version call it.
 */
void ocfl_manifest_reindex(struct ocfl_inventory *inv);
const struct ocfl_version *ocfl_inventory_find_version(const struct ocfl_inventory *inv,
                                                       const char *name);
const struct ocfl_sentry *ocfl_state_find(const struct ocfl_version *v, const char *logical);

/*
 * The indices of v's state in the order the JSON lists them: by digest,
 * then logical path. Caller frees; NULL with errno (ENOMEM, EOVERFLOW).
 */
uint32_t *ocfl_state_digest_order(const struct ocfl_version *v);

/* Is order[0..v->nstate) that order: each index once, each entry after the one before? */
bool ocfl_state_order_ok(const struct ocfl_version *v, const uint32_t *order);

/* "v3" -> 3, with *width 0; "v003" -> 3 with *width 4 (width may be NULL); -1 if not a version name. */
long ocfl_version_number(const char *name, unsigned *width);

/* The name the next version gets ("v4", or "v004" when padded), into out[32]. -1 on overflow. */
int ocfl_next_version_name(const struct ocfl_inventory *inv, char *out);

/*
 * Append the next version. state: n entries (any order, copied, must be
 * unique logical paths, their digests in the manifest once added is in);
 * added: nadd (digest, content path) pairs for new content (copied, hex
 * digests). info strings are copied (name ignored: the next one is used).
 * The new version has its digest order (by_digest).
 * 0, or -1 with errno (EINVAL: a digest not hex, new content already there,
 * or a state digest not in the manifest).
 */
int ocfl_inventory_add_version(struct ocfl_inventory *inv, const struct ocfl_version_info *info,
                               const struct ocfl_sentry *state, size_t n,
                               const struct ocfl_sentry *added, size_t nadd);

/* Canonical JSON of inv (ends with a newline). Caller frees. NULL on error. */
char *ocfl_inventory_dump(const struct ocfl_inventory *inv, size_t *len);

/* Receives the JSON a piece at a time, in order: 0, or -1 with errno to stop. */
typedef int (*ocfl_write_fn)(void *ctx, const char *data, size_t len);

/*
 * The same JSON as ocfl_inventory_dump, passed to sink in pieces of about
 * 256 KiB (the memory used stays small). 0, or -1 with errno: EILSEQ when
 * a string is not UTF-8, or the sink's.
 */
int ocfl_inventory_write(const struct ocfl_inventory *inv, ocfl_write_fn sink, void *ctx);

/* Parse a sidecar: "HEX<ws>inventory.json\n". Writes lowercase hex into hex[WQ_DIGEST_HEX_MAX+1]. 0 or -1. */
int ocfl_sidecar_parse(const char *text, size_t len, size_t hexlen, char *hex);

/* Paths sorted bytewise: true if one is a folder prefix of another ("a" and "a/b") or duplicate. */
bool ocfl_paths_conflict(char *const *sorted, size_t n, const char **which);


/* Is s valid UTF-8 (no NUL)? */
bool ocfl_utf8_ok(const char *s);

#endif
