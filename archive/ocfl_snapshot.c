/*
 * ocfl_snapshot.c - binary snapshots of parsed inventories (see ocfl_snapshot.h).
 *
 * The decoder reads bytes from our own work area, which a crash, a full
 * disk or a person can damage: every length and count is checked against
 * what is left, the checksum before anything is built, and the order bsearch
 * relies on (manifest by digest, state by logical path) is checked again.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ocfl_layout.h"
#include "ocfl_snapshot.h"

#define MAGIC "wathiqa-inventory-snapshot 4\n"
#define MAGIC_LEN (sizeof MAGIC - 1)

#define SUM_LEN 64 /* the SHA-256 hex at the end */
#define SIG_LEN (7 * 8) /* bytes of a file signature */

/* The SHA-256 hex of n bytes into sum[SUM_LEN + 1]. 0, or -1. */
static int
sum_of(const void *p, size_t n, char *sum)
{
	char hex[WQ_DIGEST_HEX_MAX + 1];

	if (wq_digest_mem(WQ_SHA256, p, n, hex) != 0)
		return -1;
	memcpy(sum, hex, SUM_LEN + 1);
	return 0;
}

/* ---- writing ---- */

static void
store_u32(char *p, uint32_t v)
{
	p[0] = (char)(v & 0xff);
	p[1] = (char)(v >> 8 & 0xff);
	p[2] = (char)(v >> 16 & 0xff);
	p[3] = (char)(v >> 24 & 0xff);
}

static int
put_u32(struct wq_buf *b, uint32_t v)
{
	if (wq_buf_grow(b, 4) != 0)
		return -1;
	store_u32(b->data + b->len, v);
	b->len += 4;
	b->data[b->len] = '\0';
	return 0;
}

static void
store_u64(char *p, uint64_t v)
{
	store_u32(p, (uint32_t)v);
	store_u32(p + 4, (uint32_t)(v >> 32));
}

static int
put_u64(struct wq_buf *b, uint64_t v)
{
	return put_u32(b, (uint32_t)v) != 0 || put_u32(b, (uint32_t)(v >> 32)) != 0 ? -1 : 0;
}


/*
 * A string and its NUL, which lets a reader use the strings where they lie.
 * (room reserved once and written in place: the snapshot is some 50,000 of these)
 */
static int
put_s(struct wq_buf *b, const char *s)
{
	size_t n = strlen(s);

	if (n >= UINT32_MAX) {
		errno = EOVERFLOW;
		return -1;
	}
	if (wq_buf_grow(b, 4 + n + 1) != 0)
		return -1;
	store_u32(b->data + b->len, (uint32_t)n);
	memcpy(b->data + b->len + 4, s, n + 1);
	b->len += 4 + n + 1;
	return 0;
}

static int
put_opt(struct wq_buf *b, const char *s)
{
	if (s == NULL)
		return wq_buf_putc(b, 0);
	return wq_buf_putc(b, 1) != 0 || put_s(b, s) != 0 ? -1 : 0;
}

/*
 * Manifest index by the address of its digest string: state digests are
 * the manifest's own strings, so the state of every version (20,000
 * entries and more) is encoded without reading a digest again.
 */
struct pmap {
	const char **keys;
	uint32_t *vals;
	size_t mask;
};

static size_t
pslot(const char *p, size_t mask)
{
	uint64_t h = (uint64_t)(uintptr_t)p * 0x9E3779B97F4A7C15ULL;
	return (size_t)(h >> 32) & mask;
}

/* false without memory (the encoder then searches by digest) */
static bool
pmap_make(struct pmap *m, const struct ocfl_inventory *inv)
{
	size_t cap = 16, i, k;

	memset(m, 0, sizeof *m);
	while (cap < 2 * inv->nmanifest)
		cap *= 2;
	if ((m->keys = calloc(cap, sizeof *m->keys)) == NULL ||
	    (m->vals = malloc(cap * sizeof *m->vals)) == NULL) {
		free(m->keys);
		m->keys = NULL;
		return false;
	}
	m->mask = cap - 1;
	for (i = 0; i < inv->nmanifest; i++) {
		for (k = pslot(inv->manifest[i].digest, m->mask); m->keys[k] != NULL; k = (k + 1) & m->mask)
			;
		m->keys[k] = inv->manifest[i].digest;
		m->vals[k] = (uint32_t)i;
	}
	return true;
}

static void
pmap_free(struct pmap *m)
{
	free(m->keys);
	free(m->vals);
}

/* The manifest index of digest d: by its address, else by its value. -1 if absent. */
static long
manifest_index(const struct pmap *m, const struct ocfl_inventory *inv, const char *d)
{
	const struct ocfl_mentry *me;
	size_t k;

	if (m->keys != NULL)
		for (k = pslot(d, m->mask); m->keys[k] != NULL; k = (k + 1) & m->mask)
			if (m->keys[k] == d)
				return (long)m->vals[k];
	me = ocfl_manifest_find(inv, d);
	return me != NULL ? (long)(me - inv->manifest) : -1;
}

static int
put_version(struct wq_buf *b, const struct ocfl_inventory *inv, const struct pmap *pm,
            const struct ocfl_version *v)
{
	const uint32_t *order;
	uint32_t *own = NULL;
	size_t i;

	/* what the JSON holds: no user without a name (ocfl_inventory_dump leaves it out) */
	if (v->nstate > UINT32_MAX || put_s(b, v->info.name) != 0 || put_opt(b, v->info.created) != 0 ||
	    put_opt(b, v->info.message) != 0 || put_opt(b, v->info.user_name) != 0 ||
	    put_opt(b, v->info.user_name != NULL ? v->info.user_address : NULL) != 0 ||
	    put_u32(b, (uint32_t)v->nstate) != 0)
		return -1;
	for (i = 0; i < v->nstate; i++) {
		long mi = manifest_index(pm, inv, v->state[i].digest);

		if (mi < 0) {
			errno = EINVAL;
			return -1;
		}
		if (put_s(b, v->state[i].logical) != 0 || put_u32(b, (uint32_t)mi) != 0)
			return -1;
	}
	/* the digest order, made once for the version (its JSON, written by every later commit, wants it) */
	order = v->by_digest;
	if (order == NULL && (order = own = ocfl_state_digest_order(v)) == NULL)
		return -1;
	for (i = 0; i < v->nstate; i++)
		if (put_u32(b, order[i]) != 0) {
			free(own);
			return -1;
		}
	free(own);
	return 0;
}

/* The head state's file signatures (sigs NULL: none), fixed-size records. */
static int
put_sigs(struct wq_buf *b, const struct ocfl_inventory *inv, const struct ocfl_filesig *sigs)
{
	const struct ocfl_version *head = &inv->versions[inv->nversions - 1];
	size_t i;

	if (sigs == NULL)
		return wq_buf_putc(b, 0);
	if (wq_buf_putc(b, 1) != 0 || wq_buf_grow(b, head->nstate * SIG_LEN) != 0)
		return -1;
	for (i = 0; i < head->nstate; i++) { /* (room made above: stored in place) */
		const struct ocfl_filesig *g = &sigs[i];
		char *p = b->data + b->len;

		store_u64(p, g->dev);
		store_u64(p + 8, g->ino);
		store_u64(p + 16, g->size);
		store_u64(p + 24, (uint64_t)g->mt_s);
		store_u64(p + 32, (uint64_t)g->mt_ns);
		store_u64(p + 40, (uint64_t)g->ct_s);
		store_u64(p + 48, (uint64_t)g->ct_ns);
		b->len += SIG_LEN;
	}
	b->data[b->len] = '\0';
	return 0;
}

/* Bytes of a string, and of an optional one. */
static size_t
str_size(const char *s)
{
	return 4 + strlen(s) + 1;
}

static size_t
opt_size(const char *s)
{
	return s == NULL ? 1 : 1 + str_size(s);
}

/*
 * The snapshot's size, to allocate it at once: grown as it is written, a
 * 3 MB buffer is copied on the way, into pages the process never touched.
 */
static size_t
encoded_size(const struct ocfl_inventory *inv, const struct ocfl_filesig *sigs)
{
	size_t n = MAGIC_LEN + 8 + str_size(inv->alg_name) + str_size(inv->sidecar) + 3 * 8 +
	           str_size(inv->id) + str_size(inv->type) + str_size(inv->head) + 1 +
	           str_size(inv->content_dir) + 4 + 4 + 4 + 1 + SUM_LEN, i, j;

	for (i = 0; i < inv->nmanifest; i++) {
		n += str_size(inv->manifest[i].digest) + 4;
		for (j = 0; j < inv->manifest[i].npaths; j++)
			n += str_size(inv->manifest[i].paths[j]);
	}
	for (i = 0; i < inv->nversions; i++) {
		const struct ocfl_version *v = &inv->versions[i];

		n += str_size(v->info.name) + opt_size(v->info.created) + opt_size(v->info.message) +
		     opt_size(v->info.user_name) +
		     opt_size(v->info.user_name != NULL ? v->info.user_address : NULL) + 4;
		for (j = 0; j < v->nstate; j++)
			n += str_size(v->state[j].logical) + 4 + 4;
	}
	if (sigs != NULL && inv->nversions > 0)
		n += inv->versions[inv->nversions - 1].nstate * SIG_LEN;
	return n;
}

/* The snapshot bytes: with their sum, or (draft) with zeros in its place. */
static char *
encode(const struct ocfl_inventory *inv, const struct ocfl_snapshot_stamp *st,
       const struct ocfl_filesig *sigs, bool draft, size_t *len)
{
	struct wq_buf b = WQ_BUF_INIT;
	struct pmap pm = { NULL, NULL, 0 };
	size_t i, j;

	if (inv->fixity != NULL) {
		errno = ENOTSUP;
		return NULL;
	}
	if (inv->nmanifest > UINT32_MAX || inv->nversions > UINT32_MAX || inv->nversions == 0 ||
	    inv->head == NULL) {
		errno = EINVAL;
		return NULL;
	}
	if (wq_buf_grow(&b, encoded_size(inv, sigs)) != 0 ||
	    wq_buf_append(&b, MAGIC, MAGIC_LEN) != 0 || put_u64(&b, 0) != 0 || /* (the length, below) */
	    put_s(&b, inv->alg_name) != 0 ||
	    put_s(&b, inv->sidecar) != 0 || put_u64(&b, st->size) != 0 ||
	    put_u64(&b, (uint64_t)st->mtime_s) != 0 || put_u64(&b, (uint64_t)st->mtime_ns) != 0 ||
	    put_s(&b, inv->id) != 0 ||
	    put_s(&b, inv->type) != 0 || put_s(&b, inv->head) != 0 ||
	    wq_buf_putc(&b, inv->content_dir_set) != 0 || put_s(&b, inv->content_dir) != 0 ||
	    put_u32(&b, inv->pad) != 0 || put_u32(&b, (uint32_t)inv->nmanifest) != 0)
		goto fail;
	for (i = 0; i < inv->nmanifest; i++) {
		const struct ocfl_mentry *me = &inv->manifest[i];

		if (me->npaths > UINT32_MAX) {
			errno = EINVAL;
			goto fail;
		}
		if (put_s(&b, me->digest) != 0 || put_u32(&b, (uint32_t)me->npaths) != 0)
			goto fail;
		for (j = 0; j < me->npaths; j++)
			if (put_s(&b, me->paths[j]) != 0)
				goto fail;
	}
	if (put_u32(&b, (uint32_t)inv->nversions) != 0)
		goto fail;
	(void)pmap_make(&pm, inv);
	for (i = 0; i < inv->nversions; i++)
		if (put_version(&b, inv, &pm, &inv->versions[i]) != 0)
			goto fail;
	if (put_sigs(&b, inv, sigs) != 0)
		goto fail;
	{
		char sum[SUM_LEN + 1];
		store_u64(b.data + MAGIC_LEN, (uint64_t)b.len + SUM_LEN);
		if (draft)
			memset(sum, '0', SUM_LEN);
		else if (sum_of(b.data, b.len, sum) != 0)
			goto fail;
		if (wq_buf_append(&b, sum, SUM_LEN) != 0)
			goto fail;
	}
	pmap_free(&pm);
	*len = b.len;
	return wq_buf_steal(&b);
fail:
	pmap_free(&pm);
	wq_buf_free(&b);
	return NULL;
}

char *
ocfl_snapshot_encode(const struct ocfl_inventory *inv, const struct ocfl_snapshot_stamp *st,
                     const struct ocfl_filesig *sigs, size_t *len)
{
	return encode(inv, st, sigs, false, len);
}

char *
ocfl_snapshot_draft(const struct ocfl_inventory *inv, const struct ocfl_filesig *sigs, size_t *len)
{
	static const struct ocfl_snapshot_stamp none = { 0, 0, 0 };

	return encode(inv, &none, sigs, true, len);
}

/* ---- reading ---- */

/*
 * The bytes being decoded. They are the inventory's strings block
 * (inv->strings): the manifest's and states' strings (some 50,000 of them)
 * are used where they lie, each with the NUL the writer put after it.
 */
struct rd {
	unsigned char *p;
	size_t left;
	bool bad;
};

static uint32_t
get_u32(struct rd *r)
{
	uint32_t v;

	if (r->bad || r->left < 4) {
		r->bad = true;
		return 0;
	}
	v = (uint32_t)r->p[0] | (uint32_t)r->p[1] << 8 | (uint32_t)r->p[2] << 16 |
	    (uint32_t)r->p[3] << 24;
	r->p += 4;
	r->left -= 4;
	return v;
}

/* A little-endian u64 at p (the caller checked the bytes are there). */
static uint64_t
load_u64(const unsigned char *p)
{
	uint64_t v = 0;
	int i;

	for (i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

static uint64_t
get_u64(struct rd *r)
{
	uint64_t lo = get_u32(r);

	return lo | (uint64_t)get_u32(r) << 32;
}

static unsigned
get_u8(struct rd *r)
{
	if (r->bad || r->left < 1) {
		r->bad = true;
		return 0;
	}
	r->left--;
	return *r->p++;
}

/* Are the n bytes at s all ASCII (so UTF-8, with nothing to decode)? */
static bool
ascii(const char *s, size_t n)
{
	unsigned char bits = 0;
	size_t i;

	for (i = 0; i < n; i++) /* (no early exit: the compiler does 16 bytes at a time) */
		bits |= (unsigned char)s[i];
	return bits < 0x80;
}

/*
 * The next string (NUL-free, UTF-8): where it lies when bulk (in the
 * strings block), else a copy of its own. NULL with r->bad set.
 */
static char *
get_str(struct rd *r, bool bulk)
{
	uint32_t n = get_u32(r);
	char *s = (char *)r->p;

	if (r->bad || n >= r->left || s[n] != '\0' || strlen(s) != n ||
	    (!ascii(s, n) && !ocfl_utf8_ok(s)) || (!bulk && (s = strdup(s)) == NULL)) {
		r->bad = true;
		return NULL;
	}
	r->p += n + 1;
	r->left -= n + 1;
	return s;
}

static char *
get_s(struct rd *r)
{
	return get_str(r, false);
}

/* The next string where it lies (get_str), or NULL with r->bad set. */
static char *
get_s_at(struct rd *r)
{
	return get_str(r, true);
}

/* The next string, of exactly len lowercase hex digits (bulk: as get_str), or NULL with r->bad set. */
static char *
get_hex(struct rd *r, size_t len, bool bulk)
{
	uint32_t n = get_u32(r);
	char *s = (char *)r->p;

	if (r->bad || n != len || n >= r->left || s[n] != '\0' || wq_hex_span(s, true) != n)
		goto bad;
	if (!bulk && (s = strdup(s)) == NULL)
		goto bad;
	r->p += n + 1;
	r->left -= n + 1;
	return s;
bad:
	r->bad = true;
	return NULL;
}

int
ocfl_snapshot_restamp(char *snap, size_t len, const char *sidecar,
                      const struct ocfl_snapshot_stamp *st)
{
	struct rd r = { (unsigned char *)snap + MAGIC_LEN, 0, false };
	size_t hexlen = strlen(sidecar);
	char sum[SUM_LEN + 1], *old;

	if (len < MAGIC_LEN + 8 + SUM_LEN || memcmp(snap, MAGIC, MAGIC_LEN) != 0)
		goto bad;
	r.left = len - MAGIC_LEN - SUM_LEN;
	/* the length, digestAlgorithm, the sidecar (the same length), then the stamp */
	if (get_u64(&r) != len || get_s_at(&r) == NULL || (old = get_s_at(&r)) == NULL ||
	    strlen(old) != hexlen || r.left < 3 * 8)
		goto bad;
	memcpy(old, sidecar, hexlen);
	store_u64((char *)r.p, st->size);
	store_u64((char *)r.p + 8, (uint64_t)st->mtime_s);
	store_u64((char *)r.p + 16, (uint64_t)st->mtime_ns);
	if (sum_of(snap, len - SUM_LEN, sum) != 0)
		return -1;
	memcpy(snap + len - SUM_LEN, sum, SUM_LEN);
	return 0;
bad:
	errno = EINVAL;
	return -1;
}

/* 0 with *out set (NULL when absent), or -1 */
static int
get_opt(struct rd *r, char **out)
{
	unsigned flag = get_u8(r);

	*out = NULL;
	if (r->bad || flag > 1)
		return -1;
	if (flag == 1 && (*out = get_s(r)) == NULL)
		return -1;
	return 0;
}

/* A count of items that take at least min bytes each: no more than the bytes left allow. */
static size_t
get_count(struct rd *r, size_t min)
{
	uint32_t n = get_u32(r);

	if (r->bad || n > r->left / min) {
		r->bad = true;
		return 0;
	}
	return n;
}

static int
get_manifest(struct rd *r, struct ocfl_inventory *inv, char *err, size_t errlen)
{
	size_t hexlen = wq_digest_hex_len(inv->alg), n = get_count(r, 4 + hexlen + 4 + 5), i, j, np;

	if (r->bad)
		goto bad;
	/* (an entry of one path, as nearly all are, takes its list from one array) */
	if ((inv->manifest = calloc(n ? n : 1, sizeof *inv->manifest)) == NULL ||
	    (inv->path_lists = malloc((n ? n : 1) * sizeof *inv->path_lists)) == NULL)
		goto nomem;
	inv->path_lists_len = n;
	for (i = 0; i < n; i++) {
		struct ocfl_mentry *e = &inv->manifest[i];

		inv->nmanifest = i + 1;
		if ((e->digest = get_hex(r, hexlen, true)) == NULL ||
		    (i > 0 && strcmp(inv->manifest[i - 1].digest, e->digest) >= 0))
			goto bad;
		e->key = wq_prefix8(e->digest);
		np = get_count(r, 5);
		if (r->bad || np == 0)
			goto bad;
		if (np == 1)
			e->paths = &inv->path_lists[i];
		else if ((e->paths = calloc(np, sizeof *e->paths)) == NULL)
			goto nomem;
		e->npaths = np;
		for (j = 0; j < np; j++)
			if ((e->paths[j] = get_str(r, true)) == NULL || !ocfl_path_ok(e->paths[j]) ||
			    (j > 0 && strcmp(e->paths[j - 1], e->paths[j]) >= 0))
				goto bad;
	}
	return 0;
bad:
	ocfl_seterr(err, errlen, "damaged manifest");
	return -1;
nomem:
	ocfl_seterr(err, errlen, "%s", strerror(ENOMEM));
	return -1;
}

/*
 * Is order each of v's indices once, by digest then logical path? mix[i]
 * is the manifest index of v->state[i]'s digest: the manifest is in digest
 * order, one entry a digest, so the indices compare as the digests do
 * (and in a small array, not in megabytes of strings).
 */
static bool
order_ok(const struct ocfl_version *v, const uint32_t *mix, const uint32_t *order)
{
	unsigned char *seen = calloc(v->nstate ? v->nstate : 1, 1);
	size_t i;
	bool ok = seen != NULL;

	for (i = 0; ok && i < v->nstate; i++) {
		uint32_t a, b = order[i];

		if (b >= v->nstate || seen[b]) {
			ok = false;
			break;
		}
		seen[b] = 1;
		if (i == 0)
			continue;
		a = order[i - 1];
		ok = mix[a] < mix[b] ||
		     (mix[a] == mix[b] && strcmp(v->state[a].logical, v->state[b].logical) < 0);
	}
	free(seen);
	return ok;
}

static int
get_version(struct rd *r, struct ocfl_inventory *inv, struct ocfl_version *v, size_t num,
            char *err, size_t errlen)
{
	unsigned width;
	uint32_t *mix = NULL;
	size_t n, i;

	if ((v->info.name = get_s(r)) == NULL ||
	    ocfl_version_number(v->info.name, &width) != (long)num ||
	    width != inv->pad)
		goto bad;
	if (get_opt(r, &v->info.created) != 0 || get_opt(r, &v->info.message) != 0 ||
	    get_opt(r, &v->info.user_name) != 0 || get_opt(r, &v->info.user_address) != 0 ||
	    (v->info.user_name == NULL && v->info.user_address != NULL))
		goto bad;
	n = get_count(r, 4 + 2 + 4 + 4); /* (logical path, manifest index, place in the digest order) */
	if (r->bad)
		goto bad;
	if ((v->state = calloc(n ? n : 1, sizeof *v->state)) == NULL ||
	    (mix = malloc((n ? n : 1) * sizeof *mix)) == NULL)
		goto nomem;
	for (i = 0; i < n; i++) {
		struct ocfl_sentry *s = &v->state[i];

		v->nstate = i + 1;
		if ((s->logical = get_str(r, true)) == NULL || !ocfl_path_ok(s->logical) ||
		    (i > 0 && strcmp(v->state[i - 1].logical, s->logical) >= 0))
			goto bad;
		mix[i] = get_u32(r);
		if (r->bad || mix[i] >= inv->nmanifest)
			goto bad;
		s->digest = inv->manifest[mix[i]].digest;
	}
	if (r->left / 4 < n)
		goto bad;
	if ((v->by_digest = malloc((n ? n : 1) * sizeof *v->by_digest)) == NULL)
		goto nomem;
	for (i = 0; i < n; i++)
		v->by_digest[i] = get_u32(r);
	if (!order_ok(v, mix, v->by_digest))
		goto bad;
	free(mix);
	return 0;
bad:
	free(mix);
	ocfl_seterr(err, errlen, "damaged version %zu", num);
	return -1;
nomem:
	free(mix);
	ocfl_seterr(err, errlen, "%s", strerror(ENOMEM));
	return -1;
}

/* The head state's file signatures: *out NULL when there are none (or out is NULL). */
static int
get_sigs(struct rd *r, const struct ocfl_inventory *inv, struct ocfl_filesig **out, char *err,
         size_t errlen)
{
	const struct ocfl_version *head = &inv->versions[inv->nversions - 1];
	struct ocfl_filesig *g = NULL;
	unsigned given = get_u8(r);
	size_t i;

	if (r->bad || given > 1 || (given == 1 && r->left / SIG_LEN < head->nstate)) {
		ocfl_seterr(err, errlen, "damaged file signatures");
		return -1;
	}
	if (given == 1 && out != NULL && (g = malloc((head->nstate ? head->nstate : 1) * sizeof *g)) == NULL) {
		ocfl_seterr(err, errlen, "%s", strerror(ENOMEM));
		return -1;
	}
	/* (all of them are there, checked above) */
	for (i = 0; given == 1 && g != NULL && i < head->nstate; i++) {
		const unsigned char *p = r->p + i * SIG_LEN;

		g[i].dev = load_u64(p);
		g[i].ino = load_u64(p + 8);
		g[i].size = load_u64(p + 16);
		g[i].mt_s = (int64_t)load_u64(p + 24);
		g[i].mt_ns = (int64_t)load_u64(p + 32);
		g[i].ct_s = (int64_t)load_u64(p + 40);
		g[i].ct_ns = (int64_t)load_u64(p + 48);
	}
	if (given == 1) {
		r->p += head->nstate * SIG_LEN;
		r->left -= head->nstate * SIG_LEN;
	}
	if (out != NULL)
		*out = g;
	return 0;
}

static int
get_top(struct rd *r, struct ocfl_inventory *inv, char *err, size_t errlen)
{
	unsigned set;

	if ((inv->id = get_s(r)) == NULL || *inv->id == '\0' || (inv->type = get_s(r)) == NULL ||
	    (strcmp(inv->type, OCFL_TYPE_1_1) != 0 && strcmp(inv->type, OCFL_TYPE_1_0) != 0) ||
	    (inv->head = get_s(r)) == NULL)
		goto bad;
	if ((set = get_u8(r)) > 1)
		goto bad;
	inv->content_dir_set = set == 1;
	if ((inv->content_dir = get_s(r)) == NULL || *inv->content_dir == '\0' ||
	    strchr(inv->content_dir, '/') != NULL || strcmp(inv->content_dir, ".") == 0 ||
	    strcmp(inv->content_dir, "..") == 0 ||
	    (!inv->content_dir_set && strcmp(inv->content_dir, "content") != 0))
		goto bad;
	inv->pad = get_u32(r);
	if (r->bad || inv->pad > 10)
		goto bad;
	return 0;
bad:
	ocfl_seterr(err, errlen, "damaged header");
	return -1;
}

/*
 * ocfl_snapshot_decode of data[0..len), which the inventory takes as its
 * strings block (freed here on failure): the strings are used where they
 * lie, not copied.
 */
static struct ocfl_inventory *
decode_owned(char *data, size_t len, struct ocfl_snapshot_stamp *st, struct ocfl_filesig **sigs,
             char *err, size_t errlen)
{
	struct rd r = { (unsigned char *)data, len, false };
	struct ocfl_inventory *inv = NULL;
	struct ocfl_filesig *g = NULL;
	char *sidecar = NULL;
	size_t n, i;

	if (sigs != NULL)
		*sigs = NULL;
	if (len < MAGIC_LEN + 8 + SUM_LEN || memcmp(data, MAGIC, MAGIC_LEN) != 0) {
		ocfl_seterr(err, errlen, "not a snapshot of format 3");
		free(data);
		return NULL;
	}
	r.p += MAGIC_LEN;
	r.left -= MAGIC_LEN;
	{
		uint64_t total = get_u64(&r);
		if (total < MAGIC_LEN + 8 + SUM_LEN || total > len) {
			ocfl_seterr(err, errlen, "bad length");
			free(data);
			return NULL;
		}
		len = (size_t)total; /* (bytes after it: left by a longer snapshot before) */
	}
#ifndef WQ_FUZZING
	/* (left out for the fuzzer, which could not get past it) */
	{
		char sum[SUM_LEN + 1];
		if (sum_of(data, len - SUM_LEN, sum) != 0 || memcmp(sum, data + len - SUM_LEN, SUM_LEN) != 0) {
			ocfl_seterr(err, errlen, "checksum mismatch");
			free(data);
			return NULL;
		}
	}
#endif
	r.left = len - MAGIC_LEN - 8 - SUM_LEN;
	if ((inv = calloc(1, sizeof *inv)) == NULL) {
		ocfl_seterr(err, errlen, "%s", strerror(ENOMEM));
		free(data);
		return NULL;
	}
	inv->strings = data;
	inv->strings_len = len;
	if ((inv->alg_name = get_s(&r)) == NULL ||
	    wq_digest_from_name(inv->alg_name, &inv->alg) != 0 ||
	    (inv->alg != WQ_SHA512 && inv->alg != WQ_SHA256) ||
	    strcmp(inv->alg_name, wq_digest_name(inv->alg)) != 0 ||
	    (sidecar = get_hex(&r, wq_digest_hex_len(inv->alg), false)) == NULL) {
		ocfl_seterr(err, errlen, "damaged header");
		goto fail;
	}
	memcpy(inv->sidecar, sidecar, strlen(sidecar) + 1);
	st->size = get_u64(&r);
	st->mtime_s = (int64_t)get_u64(&r);
	st->mtime_ns = (int64_t)get_u64(&r);
	if (get_top(&r, inv, err, errlen) != 0 || get_manifest(&r, inv, err, errlen) != 0)
		goto fail;
	ocfl_manifest_reindex(inv);
	n = get_count(&r, 4 + 2 + 4 + 4);
	if (r.bad || n == 0) {
		ocfl_seterr(err, errlen, "damaged version list");
		goto fail;
	}
	if ((inv->versions = calloc(n, sizeof *inv->versions)) == NULL) {
		ocfl_seterr(err, errlen, "%s", strerror(ENOMEM));
		goto fail;
	}
	for (i = 0; i < n; i++) {
		inv->nversions = i + 1;
		if (get_version(&r, inv, &inv->versions[i], i + 1, err, errlen) != 0)
			goto fail;
	}
	if (get_sigs(&r, inv, sigs != NULL ? &g : NULL, err, errlen) != 0)
		goto fail;
	if (strcmp(inv->head, inv->versions[n - 1].info.name) != 0 || r.bad || r.left != 0) {
		ocfl_seterr(err, errlen, "damaged snapshot");
		goto fail;
	}
	free(sidecar);
	if (sigs != NULL)
		*sigs = g;
	return inv;
fail:
	free(g);
	free(sidecar);
	ocfl_inventory_free(inv);
	return NULL;
}

struct ocfl_inventory *
ocfl_snapshot_decode(const char *data, size_t len, struct ocfl_snapshot_stamp *st,
                     struct ocfl_filesig **sigs, char *err, size_t errlen)
{
	char *own = malloc(len ? len : 1);

	if (sigs != NULL)
		*sigs = NULL;
	if (own == NULL) {
		ocfl_seterr(err, errlen, "%s", strerror(ENOMEM));
		return NULL;
	}
	memcpy(own, data, len);
	return decode_owned(own, len, st, sigs, err, errlen);
}

/* ---- files ---- */

int
ocfl_snapshot_save(const char *path, const struct ocfl_inventory *inv,
                   const struct ocfl_snapshot_stamp *st, const struct ocfl_filesig *sigs)
{
	char *data;
	size_t len;
	int rc;

	if ((data = ocfl_snapshot_encode(inv, st, sigs, &len)) == NULL)
		return -1;
	rc = ocfl_work_rewrite(path, data, len);
	free(data);
	return rc;
}

struct ocfl_inventory *
ocfl_snapshot_read(const char *path, struct ocfl_snapshot_stamp *st, struct ocfl_filesig **sigs)
{
	struct ocfl_inventory *inv = NULL;
	char err[128], *data;
	size_t len;

	if (sigs != NULL)
		*sigs = NULL;
	/* (read, not mapped: another commit may rewrite the file while it is decoded) */
	if (wq_read_regular(path, &data, &len) == 0 && data != NULL)
		inv = decode_owned(data, len, st, sigs, err, sizeof err);
	return inv;
}

int
ocfl_snapshot_stamp_of(const char *path, struct ocfl_snapshot_stamp *st)
{
	struct stat sb;

	if (stat(path, &sb) != 0)
		return -1;
	if (!S_ISREG(sb.st_mode)) {
		errno = EINVAL;
		return -1;
	}
	st->size = (uint64_t)sb.st_size;
	st->mtime_s = (int64_t)sb.st_mtim.tv_sec;
	st->mtime_ns = (int64_t)sb.st_mtim.tv_nsec;
	return 0;
}

int
ocfl_snapshot_check(struct ocfl_inventory *inv, const struct ocfl_snapshot_stamp *was,
                    const char *objroot)
{
	struct wq_buf sc = WQ_BUF_INIT, p = WQ_BUF_INIT;
	char want[WQ_DIGEST_HEX_MAX + 1];
	struct ocfl_snapshot_stamp now;
	int rc = -1;

	/* the root sidecar holds the digest of the bytes the snapshot was made from */
	if (wq_buf_printf(&p, "%s/inventory.json.%s", objroot, inv->alg_name) != 0 ||
	    wq_read_file(p.data, &sc) != 0 ||
	    ocfl_sidecar_parse(sc.data != NULL ? sc.data : "", sc.len, wq_digest_hex_len(inv->alg),
	                       want) != 0 ||
	    strcmp(want, inv->sidecar) != 0)
		goto out;
	/* and inventory.json was not written since (nor cut short, nor replaced) */
	p.len -= strlen(inv->alg_name) + 1;
	p.data[p.len] = '\0';
	if (ocfl_snapshot_stamp_of(p.data, &now) != 0 || now.size != was->size ||
	    now.mtime_s != was->mtime_s || now.mtime_ns != was->mtime_ns)
		goto out;
	free(inv->objroot);
	if ((inv->objroot = strdup(objroot)) == NULL)
		goto out;
	rc = 0;
out:
	wq_buf_free(&sc);
	wq_buf_free(&p);
	return rc;
}

struct ocfl_inventory *
ocfl_snapshot_load(const char *path, const char *objroot)
{
	struct ocfl_snapshot_stamp st;
	struct ocfl_inventory *inv = ocfl_snapshot_read(path, &st, NULL);

	if (inv != NULL && ocfl_snapshot_check(inv, &st, objroot) != 0) {
		ocfl_inventory_free(inv);
		inv = NULL;
	}
	return inv;
}
