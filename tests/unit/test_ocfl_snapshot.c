/* test_ocfl_snapshot.c - binary inventory snapshots: round trip, damaged and stale ones refused. */
#define _GNU_SOURCE
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "wathiqa.h"
#include "../../archive/ocfl_inventory.h"
#include "../../archive/ocfl_snapshot.h"

#define D1 "4dff4ea340f0a823f15d3f4f01ab62eae0e5da579ccb851f8db9dfe84c58b2b37b89903a740e1ee172da793a6e79d560e5f7f9bd058a12a280433ed6fa46510a"
#define D2 "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e"
#define S256 "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

static const char good[] =
	"{\"id\":\"urn:t:1\",\"type\":\"https://ocfl.io/1.1/spec/#inventory\","
	"\"digestAlgorithm\":\"sha512\",\"head\":\"v2\",\"contentDirectory\":\"stuff\","
	"\"manifest\":{\"" D1 "\":[\"v1/stuff/a.txt\",\"v1/stuff/b\"],\"" D2 "\":[\"v2/stuff/e\"]},"
	"\"versions\":{"
	"\"v2\":{\"created\":\"2024-01-02T00:00:00Z\",\"message\":\"two \\\"q\\\"\\n\",\"state\":{\"" D1 "\":[\"b/a.txt\",\"a.txt\"],\"" D2 "\":[\"e\"]}},"
	"\"v1\":{\"created\":\"2024-01-01T00:00:00Z\",\"user\":{\"name\":\"Ann\",\"address\":\"mailto:a@b\"},\"state\":{\"" D1 "\":[\"a.txt\",\"b\"]}}"
	"}}";

static const char padded[] =
	"{\"id\":\"x\",\"type\":\"https://ocfl.io/1.0/spec/#inventory\",\"digestAlgorithm\":\"sha256\","
	"\"head\":\"v002\",\"manifest\":{\"" S256 "\":[\"v001/content/é\"]},\"versions\":{"
	"\"v001\":{\"created\":\"2024-01-01T00:00:00Z\",\"state\":{\"" S256 "\":[\"é\"]}},"
	"\"v002\":{\"created\":\"2024-01-01T00:00:00Z\",\"user\":{\"name\":\"B\"},\"state\":{}}}}";

static struct ocfl_inventory *
parse(const char *s)
{
	char err[256] = "";
	struct ocfl_inventory *inv = ocfl_inventory_parse(s, strlen(s), err, sizeof err);

	if (inv == NULL)
		fail_msg("%s", err);
	return inv;
}

/* encode inv, decode it again: the same canonical JSON, the same sidecar and size */
static void
assert_roundtrip(struct ocfl_inventory *inv)
{
	struct ocfl_inventory *back;
	char err[256] = "", *snap, *j1, *j2;
	size_t slen, l1, l2;
	struct ocfl_snapshot_stamp st = { 12345, 1706054400, 999999999 }, got;

	memset(inv->sidecar, 0, sizeof inv->sidecar);
	memset(inv->sidecar, 'a', wq_digest_hex_len(inv->alg));
	snap = ocfl_snapshot_encode(inv, &st, NULL, &slen);
	assert_non_null(snap);
	back = ocfl_snapshot_decode(snap, slen, &got, NULL, err, sizeof err);
	if (back == NULL)
		fail_msg("%s", err);
	assert_true(got.size == st.size && got.mtime_s == st.mtime_s && got.mtime_ns == st.mtime_ns);
	assert_string_equal(back->sidecar, inv->sidecar);
	assert_null(back->objroot);
	j1 = ocfl_inventory_dump(inv, &l1);
	j2 = ocfl_inventory_dump(back, &l2);
	assert_non_null(j1);
	assert_non_null(j2);
	assert_int_equal(l1, l2);
	assert_memory_equal(j1, j2, l1);
	assert_int_equal(back->pad, inv->pad);
	/* each version comes back with its digest order, the one the JSON writer makes */
	for (size_t v = 0; v < back->nversions; v++) {
		uint32_t *want = ocfl_state_digest_order(&inv->versions[v]);

		assert_non_null(want);
		assert_non_null(back->versions[v].by_digest);
		if (inv->versions[v].nstate > 0)
			assert_memory_equal(back->versions[v].by_digest, want,
			                    inv->versions[v].nstate * sizeof *want);
		free(want);
	}
	assert_int_equal(back->content_dir_set, inv->content_dir_set);
	assert_string_equal(back->content_dir, inv->content_dir);
	assert_int_equal(back->alg, inv->alg);
	free(j1);
	free(j2);
	free(snap);
	ocfl_inventory_free(back);
}

static void
roundtrip_parsed(void **state)
{
	struct ocfl_inventory *inv = parse(good);
	struct ocfl_inventory *pad = parse(padded);

	(void)state;
	assert_roundtrip(inv);
	assert_roundtrip(pad);
	ocfl_inventory_free(inv);
	ocfl_inventory_free(pad);
}

static void
roundtrip_built(void **state)
{
	struct ocfl_inventory *inv = ocfl_inventory_new("urn:t:new");
	struct ocfl_sentry st[2] = { { "z/last", D2 }, { "a", D1 } };
	struct ocfl_sentry add[2] = { { "v1/content/a", D1 }, { "v1/content/z/last", D2 } };
	/* an address without a name is not written: the snapshot must not keep it either */
	struct ocfl_version_info vi = { NULL, "2024-01-24T00:00:00Z", NULL, NULL, "mailto:x@y" };
	struct ocfl_inventory *back;
	char err[256], *snap;
	size_t slen;
	struct ocfl_snapshot_stamp ss = { 1, 0, 0 };

	(void)state;
	assert_non_null(inv);
	assert_int_equal(ocfl_inventory_add_version(inv, &vi, st, 2, add, 2), 0);
	/* a new version comes with its digest order: "a" (D1) before "z/last" (D2) */
	assert_non_null(inv->versions[0].by_digest);
	assert_true(ocfl_state_order_ok(&inv->versions[0], inv->versions[0].by_digest));
	assert_string_equal(inv->versions[0].state[inv->versions[0].by_digest[0]].logical, "a");
	assert_roundtrip(inv);
	snap = ocfl_snapshot_encode(inv, &ss, NULL, &slen);
	back = ocfl_snapshot_decode(snap, slen, &ss, NULL, err, sizeof err);
	assert_non_null(back);
	assert_null(back->versions[0].info.user_address);
	assert_null(back->versions[0].info.message);
	free(snap);
	ocfl_inventory_free(back);
	ocfl_inventory_free(inv);
}

/* The head state's file signatures: kept in order, all 0 kept as "unknown", and optional. */
static void
signatures(void **state)
{
	struct ocfl_inventory *inv = parse(good), *back;
	/* the head (v2) has three entries, in path order: a.txt, b/a.txt, e */
	struct ocfl_filesig sigs[3] = {
		{ 2049, 131074, 10, 1706054400, 5, 1706054401, 6 },
		{ 0, 0, 0, 0, 0, 0, 0 },
		{ UINT64_MAX, 7, 0, -1, 999999999, INT64_MIN, 0 },
	};
	struct ocfl_filesig *got = (struct ocfl_filesig *)1;
	struct ocfl_snapshot_stamp ss = { 1, 2, 3 };
	char err[256] = "", *with, *without;
	size_t wlen, nlen, i;

	(void)state;
	memset(inv->sidecar, 'a', wq_digest_hex_len(inv->alg));
	assert_int_equal(inv->versions[1].nstate, 3);
	with = ocfl_snapshot_encode(inv, &ss, sigs, &wlen);
	without = ocfl_snapshot_encode(inv, &ss, NULL, &nlen);
	assert_non_null(with);
	assert_non_null(without);
	assert_int_equal(wlen, nlen + 3 * 56);
	back = ocfl_snapshot_decode(with, wlen, &ss, &got, err, sizeof err);
	if (back == NULL)
		fail_msg("%s", err);
	assert_non_null(got);
	assert_memory_equal(got, sigs, sizeof sigs);
	free(got);
	ocfl_inventory_free(back);
	/* none recorded: NULL, not an array of zeros */
	back = ocfl_snapshot_decode(without, nlen, &ss, &got, err, sizeof err);
	assert_non_null(back);
	assert_null(got);
	ocfl_inventory_free(back);
	/* the caller that does not want them */
	back = ocfl_snapshot_decode(with, wlen, &ss, NULL, err, sizeof err);
	assert_non_null(back);
	ocfl_inventory_free(back);
	/* a snapshot cut inside the signatures is refused (the length is checked, the sum too) */
	for (i = wlen - 64 - 3 * 56; i < wlen; i += 13) {
		got = (struct ocfl_filesig *)1;
		assert_null(ocfl_snapshot_decode(with, i, &ss, &got, err, sizeof err));
		assert_null(got);
	}
	free(with);
	free(without);
	ocfl_inventory_free(inv);
}

/* A snapshot made with a stand-in digest and stamp, restamped: the bytes of one made with the real ones. */
static void
restamp(void **state)
{
	struct ocfl_inventory *inv = parse(good);
	struct ocfl_snapshot_stamp real = { 5348024, 1763880000, 123456789 }, none = { 0, 0, 0 }, got;
	struct ocfl_filesig sigs[3] = { { 1, 2, 3, 4, 5, 6, 7 }, { 0, 0, 0, 0, 0, 0, 0 }, { 8, 9, 10, 11, 12, 13, 14 } };
	char digest[WQ_DIGEST_HEX_MAX + 1], err[256] = "", *want, *snap;
	size_t wlen, slen;
	struct ocfl_inventory *back;

	(void)state;
	memset(digest, 0, sizeof digest);
	memset(digest, 'e', wq_digest_hex_len(inv->alg));
	memcpy(inv->sidecar, digest, sizeof digest);
	want = ocfl_snapshot_encode(inv, &real, sigs, &wlen);
	memset(inv->sidecar, '0', wq_digest_hex_len(inv->alg));
	snap = ocfl_snapshot_encode(inv, &none, sigs, &slen);
	assert_non_null(want);
	assert_non_null(snap);
	assert_int_equal(slen, wlen);
	assert_int_equal(ocfl_snapshot_restamp(snap, slen, digest, &real), 0);
	assert_memory_equal(snap, want, wlen);
	free(snap);
	/* a draft (no stamp, no sum yet) restamped: the same bytes; unstamped, refused */
	snap = ocfl_snapshot_draft(inv, sigs, &slen);
	assert_non_null(snap);
	assert_int_equal(slen, wlen);
	assert_null(ocfl_snapshot_decode(snap, slen, &got, NULL, err, sizeof err));
	assert_int_equal(ocfl_snapshot_restamp(snap, slen, digest, &real), 0);
	assert_memory_equal(snap, want, wlen);
	back = ocfl_snapshot_decode(snap, slen, &got, NULL, err, sizeof err);
	if (back == NULL)
		fail_msg("%s", err);
	assert_string_equal(back->sidecar, digest);
	assert_true(got.size == real.size && got.mtime_s == real.mtime_s && got.mtime_ns == real.mtime_ns);
	ocfl_inventory_free(back);
	/* not a digest of the snapshot's length, not the snapshot's length, not a snapshot */
	errno = 0;
	assert_int_equal(ocfl_snapshot_restamp(snap, slen, "abc", &real), -1);
	assert_int_equal(errno, EINVAL);
	assert_int_equal(ocfl_snapshot_restamp(snap, slen - 1, digest, &real), -1);
	snap[0] = 'x';
	assert_int_equal(ocfl_snapshot_restamp(snap, slen, digest, &real), -1);
	free(want);
	free(snap);
	ocfl_inventory_free(inv);
}

/* A digest order is every index once, by digest then logical path. */
static void
digest_order(void **state)
{
	struct ocfl_inventory *inv = parse(good);
	/* v2: a.txt (D1), b/a.txt (D1), e (D2): by digest D1 < D2, then path */
	const struct ocfl_version *v = &inv->versions[1];
	uint32_t *o = ocfl_state_digest_order(v);
	uint32_t bad_order[3] = { 1, 0, 2 }, dup[3] = { 0, 0, 2 }, out_of_range[3] = { 0, 1, 3 };

	(void)state;
	assert_non_null(o);
	assert_int_equal(v->nstate, 3);
	assert_string_equal(v->state[o[0]].logical, "a.txt");
	assert_string_equal(v->state[o[1]].logical, "b/a.txt");
	assert_string_equal(v->state[o[2]].logical, "e");
	assert_true(ocfl_state_order_ok(v, o));
	assert_false(ocfl_state_order_ok(v, bad_order));
	assert_false(ocfl_state_order_ok(v, dup));
	assert_false(ocfl_state_order_ok(v, out_of_range));
	free(o);
	ocfl_inventory_free(inv);
}

/* The hex SHA-512 of the text of n, into hex. */
static void
digest_of(size_t n, char *hex)
{
	char num[32];

	snprintf(num, sizeof num, "%zu", n);
	assert_int_equal(wq_digest_mem(WQ_SHA512, num, strlen(num), hex), 0);
}

static int
cmp_logical(const void *a, const void *b)
{
	return strcmp(((const struct ocfl_sentry *)a)->logical, ((const struct ocfl_sentry *)b)->logical);
}

/*
 * A decoded snapshot's next version: the kept paths share the snapshot's
 * strings, and the digest order made from the previous one is the one a
 * full sort gives; the same with the state given out of order.
 */
static void
next_version_of_decoded(void **state)
{
	enum { N = 600 };
	struct ocfl_inventory *inv = ocfl_inventory_new("urn:t:next");
	struct ocfl_sentry *st = calloc(N, sizeof *st), *add = calloc(N, sizeof *add), *st2, *add2;
	struct ocfl_version_info vi = { NULL, "2024-01-24T00:00:00Z", NULL, NULL, NULL };
	struct ocfl_snapshot_stamp ss = { 1, 0, 0 };
	char hex[N][WQ_DIGEST_HEX_MAX + 1], err[256], *snap, newhex[40][WQ_DIGEST_HEX_MAX + 1];
	char *made[20], *copies[20];
	size_t i, n, nadd, slen, round;

	(void)state;
	assert_non_null(inv);
	/* v1: 600 paths, 400 digests (equal digests are ordered by path) */
	for (i = 0; i < N; i++) {
		digest_of(i % 400, hex[i]);
		st[i].digest = hex[i];
		assert_true(asprintf(&st[i].logical, "f/%03zu", (i * 7) % N) > 0);
	}
	for (i = 0; i < 400; i++) {
		add[i].digest = hex[i];
		assert_true(asprintf(&add[i].logical, "v1/content/f/%03zu", i) > 0);
	}
	assert_int_equal(ocfl_inventory_add_version(inv, &vi, st, N, add, 400), 0);
	memset(inv->sidecar, 'a', wq_digest_hex_len(inv->alg));
	snap = ocfl_snapshot_encode(inv, &ss, NULL, &slen);
	assert_non_null(snap);
	for (round = 0; round < 2; round++) {
		struct ocfl_inventory *back = ocfl_snapshot_decode(snap, slen, &ss, NULL, err, sizeof err);
		const struct ocfl_version *head;

		assert_non_null(back);
		head = &back->versions[0];
		st2 = calloc(N + 20, sizeof *st2);
		add2 = calloc(40, sizeof *add2);
		/* v2: most kept; every 7th changed (new content), every 11th gone, 20 new paths */
		for (i = 0, n = 0, nadd = 0; i < head->nstate; i++) {
			if (i % 11 == 3)
				continue;
			st2[n].logical = head->state[i].logical;
			st2[n].digest = head->state[i].digest;
			if (i % 7 == 5 && nadd < 30) {
				digest_of(1000 + nadd, newhex[nadd]);
				st2[n].digest = newhex[nadd];
				add2[nadd].digest = newhex[nadd];
				assert_true(asprintf(&add2[nadd].logical, "v2/content/%s", head->state[i].logical) > 0);
				nadd++;
			}
			n++;
		}
		for (i = 0; i < 20; i++) { /* (with digests the object holds; half of them as copies) */
			assert_true(asprintf(&made[i], "f/%03zun", i * 29) > 0);
			copies[i] = i % 2 ? strdup(hex[i * 13]) : NULL;
			st2[n].logical = made[i];
			st2[n++].digest = copies[i] != NULL ? copies[i] : hex[i * 17];
		}
		qsort(st2, n, sizeof *st2, cmp_logical);
		if (round == 1) /* out of order: sorted by add_version itself */
			for (i = 0; i < n / 2; i++) {
				struct ocfl_sentry t = st2[i];
				st2[i] = st2[n - 1 - i];
				st2[n - 1 - i] = t;
			}
		assert_int_equal(ocfl_inventory_add_version(back, &vi, st2, n, add2, nadd), 0);
		assert_int_equal(back->versions[1].nstate, n);
		if (round == 0) /* kept paths are the snapshot's own strings, not copies */
			assert_ptr_equal(back->versions[1].state[0].logical, back->versions[0].state[0].logical);
		assert_roundtrip(back); /* (checks each version's order against a full sort) */
		for (i = 0; i < 20; i++) {
			free(made[i]);
			free(copies[i]);
		}
		for (i = 0; i < nadd; i++)
			free(add2[i].logical);
		free(st2);
		free(add2);
		ocfl_inventory_free(back);
	}
	for (i = 0; i < N; i++)
		free(st[i].logical);
	for (i = 0; i < 400; i++)
		free(add[i].logical);
	free(st);
	free(add);
	free(snap);
	ocfl_inventory_free(inv);
}

static void
refuses_damaged(void **state)
{
	struct ocfl_inventory *inv = parse(good), *back;
	char err[256], *snap;
	size_t slen, i;
	struct ocfl_snapshot_stamp ss = { 7, 8, 9 };

	(void)state;
	memset(inv->sidecar, 'b', 128);
	snap = ocfl_snapshot_encode(inv, &ss, NULL, &slen);
	assert_non_null(snap);
	/* any one byte changed, anywhere: refused */
	for (i = 0; i < slen; i++) {
		snap[i] ^= 0x20;
		back = ocfl_snapshot_decode(snap, slen, &ss, NULL, err, sizeof err);
		if (back != NULL)
			fail_msg("byte %zu changed, still accepted", i);
		snap[i] ^= 0x20;
	}
	/* cut short anywhere: refused */
	for (i = 0; i < slen; i++)
		assert_null(ocfl_snapshot_decode(snap, i, &ss, NULL, err, sizeof err));
	back = ocfl_snapshot_decode(snap, slen, &ss, NULL, err, sizeof err);
	assert_non_null(back);
	ocfl_inventory_free(back);
	free(snap);
	ocfl_inventory_free(inv);
}

/*
 * A snapshot is rewritten in place: a reader may meet the first bytes of
 * a new one and the rest of the old one, and old bytes past the end of a
 * shorter new one. Mixed: refused wherever the cut; past the end: ignored.
 */
/*
 * A digest order out of order, with a duplicate or out of range, is
 * refused even under a good checksum (as a person or a bug could write it).
 */
static void
refuses_bad_digest_order(void **state)
{
	struct ocfl_inventory *inv = parse(good), *inv2;
	struct ocfl_snapshot_stamp ss = { 7, 8, 9 };
	char err[256] = "", *snap, *at, keep[12];
	const uint32_t swapped[3] = { 1, 0, 2 }, dup[3] = { 0, 0, 2 }, range[3] = { 0, 1, 3 };
	const uint32_t *bad[3] = { swapped, dup, range };
	size_t slen, k, i;

	(void)state;
	memset(inv->sidecar, 'c', 128);
	snap = ocfl_snapshot_encode(inv, &ss, NULL, &slen);
	assert_non_null(snap);
	/* v2's order (3 entries: a.txt, b/a.txt, e) is last, before "no signatures" and the sum */
	at = snap + slen - 64 - 1 - 12;
	memcpy(keep, at, 12);
	for (k = 0; k < 3; k++) {
		for (i = 0; i < 3; i++) {
			at[4 * i] = (char)bad[k][i]; /* (little-endian, below 256) */
			at[4 * i + 1] = at[4 * i + 2] = at[4 * i + 3] = 0;
		}
		assert_int_equal(ocfl_snapshot_restamp(snap, slen, inv->sidecar, &ss), 0);
		assert_null(ocfl_snapshot_decode(snap, slen, &ss, NULL, err, sizeof err));
		assert_non_null(strstr(err, "damaged version 2"));
	}
	memcpy(at, keep, 12);
	assert_int_equal(ocfl_snapshot_restamp(snap, slen, inv->sidecar, &ss), 0);
	inv2 = ocfl_snapshot_decode(snap, slen, &ss, NULL, err, sizeof err);
	assert_non_null(inv2);
	ocfl_inventory_free(inv2);
	free(snap);
	ocfl_inventory_free(inv);
}

static void
mixed_and_trailing_bytes(void **state)
{
	struct ocfl_inventory *a = parse(good), *b = parse(good), *back;
	struct ocfl_snapshot_stamp sa = { 7, 8, 9 }, sb = { 7, 8, 10 }, got;
	char err[256], *x, *y, *mix;
	size_t lx, ly, cut, n;

	(void)state;
	memset(a->sidecar, 'a', 128);
	memset(b->sidecar, 'a', 128);
	x = ocfl_snapshot_encode(a, &sa, NULL, &lx);
	y = ocfl_snapshot_encode(b, &sb, NULL, &ly); /* (the same length, one byte apart) */
	assert_non_null(x);
	assert_non_null(y);
	assert_int_equal(lx, ly);
	assert_memory_not_equal(x, y, lx);
	mix = malloc(lx + 100);
	assert_non_null(mix);
	for (cut = 1; cut < lx; cut++) {
		memcpy(mix, y, cut);
		memcpy(mix + cut, x + cut, lx - cut);
		back = ocfl_snapshot_decode(mix, lx, &got, NULL, err, sizeof err);
		if (memcmp(mix, y, lx) != 0 && memcmp(mix, x, lx) != 0 && back != NULL)
			fail_msg("new bytes up to %zu, old after: accepted", cut);
		ocfl_inventory_free(back);
	}
	/* bytes past the recorded length: ignored */
	memcpy(mix, x, lx);
	memset(mix + lx, 'z', 100);
	back = ocfl_snapshot_decode(mix, lx + 100, &got, NULL, err, sizeof err);
	assert_non_null(back);
	assert_int_equal(got.mtime_ns, 9);
	ocfl_inventory_free(back);
	/* a recorded length past the bytes there: refused */
	n = lx - 1;
	assert_null(ocfl_snapshot_decode(x, n, &got, NULL, err, sizeof err));
	free(mix);
	free(x);
	free(y);
	ocfl_inventory_free(a);
	ocfl_inventory_free(b);
}

static void
no_snapshot_with_fixity(void **state)
{
	static const char fx[] =
		"{\"id\":\"f\",\"type\":\"https://ocfl.io/1.1/spec/#inventory\",\"digestAlgorithm\":\"sha512\","
		"\"head\":\"v1\",\"fixity\":{\"md5\":{}},\"manifest\":{},\"versions\":{"
		"\"v1\":{\"created\":\"2024-01-01T00:00:00Z\",\"state\":{}}}}";
	struct ocfl_inventory *inv = parse(fx);
	struct ocfl_snapshot_stamp ss = { 1, 0, 0 };
	size_t slen;

	(void)state;
	errno = 0;
	assert_null(ocfl_snapshot_encode(inv, &ss, NULL, &slen));
	assert_int_equal(errno, ENOTSUP);
	ocfl_inventory_free(inv);
}

static void
put_file(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

/* A snapshot is used only while the object's root inventory is the one it was made from. */
static void
load_checks_the_root(void **state)
{
	char dir[] = "/tmp/test_ocfl_snapshot.XXXXXX", path[128], sc[128], snap[128], hex[WQ_DIGEST_HEX_MAX + 1];
	char line[256], *json;
	struct ocfl_inventory *inv = parse(good), *got;
	struct ocfl_snapshot_stamp ss;
	struct timespec ts[2];
	struct stat st;
	size_t len;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/inventory.json", dir);
	snprintf(sc, sizeof sc, "%s/inventory.json.sha512", dir);
	snprintf(snap, sizeof snap, "%s/KEY.inventory", dir);
	json = ocfl_inventory_dump(inv, &len);
	assert_non_null(json);
	assert_int_equal(wq_digest_mem(WQ_SHA512, json, len, hex), 0);
	put_file(path, json, len);
	snprintf(line, sizeof line, "%s inventory.json\n", hex);
	put_file(sc, line, strlen(line));
	memcpy(inv->sidecar, hex, sizeof hex);

	assert_null(ocfl_snapshot_load(snap, dir)); /* none yet */
	assert_int_equal(stat(path, &st), 0);
	ss.size = (uint64_t)st.st_size;
	ss.mtime_s = st.st_mtim.tv_sec;
	ss.mtime_ns = st.st_mtim.tv_nsec;
	assert_int_equal(ocfl_snapshot_save(snap, inv, &ss, NULL), 0);
	got = ocfl_snapshot_load(snap, dir);
	assert_non_null(got);
	assert_string_equal(got->objroot, dir);
	assert_string_equal(got->sidecar, hex);
	ocfl_inventory_free(got);

	/* inventory.json of another size, or written again (another mtime) */
	put_file(path, json, len - 1);
	assert_null(ocfl_snapshot_load(snap, dir));
	put_file(path, json, len);
	assert_null(ocfl_snapshot_load(snap, dir));
	ts[0].tv_sec = ts[1].tv_sec = ss.mtime_s;
	ts[0].tv_nsec = ts[1].tv_nsec = ss.mtime_ns;
	assert_int_equal(utimensat(AT_FDCWD, path, ts, 0), 0);
	assert_non_null(got = ocfl_snapshot_load(snap, dir));
	ocfl_inventory_free(got);
	/* the sidecar names other bytes: stale */
	line[0] = line[0] == '0' ? '1' : '0';
	put_file(sc, line, strlen(line));
	assert_null(ocfl_snapshot_load(snap, dir));
	line[0] = hex[0];
	put_file(sc, line, strlen(line));
	assert_non_null(got = ocfl_snapshot_load(snap, dir));
	ocfl_inventory_free(got);
	/* the snapshot file damaged, or of the old format */
	put_file(snap, "wathiqa-inventory-snapshot 1\n", 29);
	assert_null(ocfl_snapshot_load(snap, dir));

	unlink(path);
	unlink(sc);
	unlink(snap);
	assert_int_equal(rmdir(dir), 0);
	free(json);
	ocfl_inventory_free(inv);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(roundtrip_parsed),
		cmocka_unit_test(roundtrip_built),
		cmocka_unit_test(signatures),
		cmocka_unit_test(digest_order),
		cmocka_unit_test(next_version_of_decoded),
		cmocka_unit_test(restamp),
		cmocka_unit_test(refuses_damaged),
		cmocka_unit_test(refuses_bad_digest_order),
		cmocka_unit_test(mixed_and_trailing_bytes),
		cmocka_unit_test(no_snapshot_with_fixity),
		cmocka_unit_test(load_checks_the_root),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
