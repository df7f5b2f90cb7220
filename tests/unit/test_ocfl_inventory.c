/* test_ocfl_inventory.c - inventory parsing, checking, building, canonical writing. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "wathiqa.h"
#include "../../archive/ocfl_inventory.h"
#include "../../archive/ocfl_inventory_out.h"

#define D1 "4dff4ea340f0a823f15d3f4f01ab62eae0e5da579ccb851f8db9dfe84c58b2b37b89903a740e1ee172da793a6e79d560e5f7f9bd058a12a280433ed6fa46510a"
#define D2 "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e"

/*
 * open(2) as a file system without O_DIRECT answers it (EINVAL), while
 * refuse_direct is set: this executable's open() comes before the C
 * library's for the code under test.
 */
static int refuse_direct;

int
open(const char *path, int flags, ...)
{
	mode_t mode = 0;

	if (flags & O_CREAT) {
		va_list ap;
		va_start(ap, flags);
		mode = (mode_t)va_arg(ap, int);
		va_end(ap);
	}
	if (refuse_direct && (flags & O_DIRECT)) {
		errno = EINVAL;
		return -1;
	}
	return openat(AT_FDCWD, path, flags, mode);
}

static const char good[] =
	"{\"id\":\"urn:t:1\",\"type\":\"https://ocfl.io/1.1/spec/#inventory\","
	"\"digestAlgorithm\":\"sha512\",\"head\":\"v2\","
	"\"manifest\":{\"" D1 "\":[\"v1/content/a.txt\"],\"" D2 "\":[\"v2/content/e\"]},"
	"\"versions\":{"
	"\"v2\":{\"created\":\"2024-01-02T00:00:00Z\",\"message\":\"two\",\"state\":{\"" D1 "\":[\"b/a.txt\",\"a.txt\"],\"" D2 "\":[\"e\"]}},"
	"\"v1\":{\"created\":\"2024-01-01T00:00:00Z\",\"user\":{\"name\":\"Ann\",\"address\":\"mailto:a@b\"},\"state\":{\"" D1 "\":[\"a.txt\"]}}"
	"}}";

static struct ocfl_inventory *
parse(const char *s, char *err)
{
	return ocfl_inventory_parse(s, strlen(s), err, 256);
}

static void
parses_good(void **state)
{
	char err[256] = "";
	struct ocfl_inventory *inv = parse(good, err);
	struct ocfl_file *f;
	struct ocfl_version_info vi;
	size_t n;

	(void)state;
	assert_non_null(inv);
	assert_string_equal(ocfl_inventory_id(inv), "urn:t:1");
	assert_string_equal(ocfl_inventory_head(inv), "v2");
	assert_string_equal(ocfl_inventory_alg(inv), "sha512");
	assert_int_equal(ocfl_inventory_nversions(inv), 2);
	assert_string_equal(ocfl_inventory_version_name(inv, 0), "v1");
	assert_null(ocfl_inventory_version_name(inv, 2));
	assert_int_equal(ocfl_version_files(inv, NULL, &f, &n), 0);
	assert_int_equal(n, 3);
	assert_string_equal(f[0].logical, "a.txt");
	assert_string_equal(f[1].logical, "b/a.txt");
	assert_string_equal(f[1].content, "v1/content/a.txt");
	assert_string_equal(f[2].content, "v2/content/e");
	assert_true(f[0].size == UINT64_MAX); /* parsed from memory: no object root */
	ocfl_files_free(f, n);
	assert_int_equal(ocfl_version_info(inv, "v1", &vi), 0);
	assert_string_equal(vi.user_name, "Ann");
	assert_string_equal(vi.user_address, "mailto:a@b");
	assert_null(vi.message);
	assert_int_equal(ocfl_version_info(inv, NULL, &vi), 0);
	assert_string_equal(vi.message, "two");
	assert_int_equal(ocfl_version_info(inv, "v3", &vi), -1);
	assert_int_equal(ocfl_version_files(inv, "v0", &f, &n), -1);
	assert_int_equal(ocfl_version_files(inv, "x", &f, &n), -1);
	ocfl_inventory_free(inv);
}

/* Replace the first occurrence of from in good by to, and expect the parse to fail with msg. */
static void
bad_variant(const char *from, const char *to, const char *msg)
{
	char err[256] = "", *p, *s;
	const char *at = strstr(good, from);
	struct ocfl_inventory *inv;

	assert_non_null(at);
	s = malloc(sizeof good + strlen(to));
	assert_non_null(s);
	p = s;
	memcpy(p, good, (size_t)(at - good));
	p += at - good;
	strcpy(p, to);
	strcat(p, at + strlen(from));
	inv = parse(s, err);
	if (inv != NULL)
		fail_msg("accepted: %s", s);
	if (strstr(err, msg) == NULL)
		fail_msg("message \"%s\" lacks \"%s\"", err, msg);
	free(s);
}

static void
refuses_bad(void **state)
{
	(void)state;
	bad_variant("\"head\":\"v2\",", "\"head\":\"v2\",\"head\":\"v2\",", "duplicate");
	bad_variant("{\"id\"", "[{\"id\"", "");
	bad_variant("\"id\":\"urn:t:1\",", "", "no \"id\"");
	bad_variant("\"head\":\"v2\"", "\"head\":\"v1\"", "head \"v1\" is not the last");
	bad_variant("\"head\":\"v2\"", "\"head\":\"v2\",\"extra\":1", "unknown key \"extra\"");
	bad_variant("\"sha512\"", "\"md5\"", "digestAlgorithm");
	bad_variant("v1/content/a.txt", "../a.txt", "bad content path");
	bad_variant("v1/content/a.txt", "/etc/passwd", "bad content path");
	bad_variant("v1/content/a.txt", "v1//a", "bad content path");
	bad_variant("v2/content/e", "v1/content/a.txt", "not unique");
	bad_variant("v2/content/e", "v1/content/a.txt/x", "folder of another");
	bad_variant("\"b/a.txt\"", "\"a.txt/b\"", "folder of another");
	bad_variant("\"b/a.txt\"", "\"a.txt\"", "not unique");
	bad_variant("\"b/a.txt\"", "\"./b\"", "bad logical path");
	bad_variant("\"b/a.txt\"", "\"b/\"", "bad logical path");
	bad_variant("\"b/a.txt\"", "7", "bad logical path");
	bad_variant("\"v2\":{", "\"v3\":{", "bad or missing version");
	bad_variant("\"v2\":{", "\"v02\":{", "");
	bad_variant("\"created\":\"2024-01-02T00:00:00Z\",", "", "no \"created\"");
	bad_variant("{\"name\":\"Ann\",", "{", "no \"name\"");
	bad_variant("\"" D2 "\":[\"e\"]", "\"" D2 "0\":[\"e\"]", "not in the manifest");
	bad_variant("\"" D2 "\":[\"v2", "\"" D1 "\":[\"v2", "");
	bad_variant("\"" D2 "\":[\"v2", "\"xyz\":[\"v2", "bad sha512 digest");
	bad_variant("\"message\":\"two\"", "\"message\":2", "not a string");
	bad_variant("\"id\":\"urn:t:1\"", "\"id\":\"\"", "empty id");
}

static void
uppercase_digests_and_padding(void **state)
{
	char err[256] = "", *s = strdup(good), *p;
	struct ocfl_inventory *inv;
	const struct ocfl_mentry *me;

	(void)state;
	/* uppercase the manifest key of D1 only: lookups are case-insensitive */
	p = strstr(s, "\"" D1 "\":[\"v1");
	for (p++; *p != '"'; p++)
		if (*p >= 'a' && *p <= 'f')
			*p = (char)(*p - 32);
	inv = parse(s, err);
	assert_non_null(inv);
	me = ocfl_manifest_find(inv, D1);
	assert_non_null(me);
	assert_string_equal(me->digest, D1);
	ocfl_inventory_free(inv);
	free(s);
}

static void
zero_padded(void **state)
{
	const char *s =
	    "{\"id\":\"x\",\"type\":\"https://ocfl.io/1.0/spec/#inventory\",\"digestAlgorithm\":\"sha256\","
	    "\"head\":\"v002\",\"manifest\":{},\"versions\":{"
	    "\"v001\":{\"created\":\"2024-01-01T00:00:00Z\",\"state\":{}},"
	    "\"v002\":{\"created\":\"2024-01-01T00:00:00Z\",\"state\":{}}}}";
	char err[256] = "", name[32];
	struct ocfl_inventory *inv = parse(s, err);

	(void)state;
	assert_non_null(inv);
	assert_int_equal(inv->pad, 4);
	assert_int_equal(ocfl_next_version_name(inv, name), 0);
	assert_string_equal(name, "v003");
	assert_string_equal(ocfl_inventory_alg(inv), "sha256");
	ocfl_inventory_free(inv);
}

static void
build_dump_roundtrip(void **state)
{
	struct ocfl_inventory *inv = ocfl_inventory_new("urn:t:new"), *back;
	struct ocfl_sentry st[3] = {
		{ "z/last", D2 },
		{ "line\nbreak %25 é", D1 },
		{ "a", D1 },
	};
	struct ocfl_sentry add[1] = { { "v1/content/a", D1 } };
	struct ocfl_sentry add2[1] = { { "v2/content/z/last", D2 } };
	struct ocfl_version_info vi = { NULL, "2024-01-24T00:00:00Z", "m\r\n", "N", NULL };
	char err[256] = "", *json, *json2, name[32];
	size_t len, len2;

	(void)state;
	assert_non_null(inv);
	assert_int_equal(ocfl_next_version_name(inv, name), 0);
	assert_string_equal(name, "v1");
	assert_int_equal(ocfl_inventory_add_version(inv, &vi, &st[1], 2, add, 1), 0);
	assert_int_equal(ocfl_inventory_add_version(inv, &vi, st, 3, add2, 1), 0);
	/* adding content the manifest already has is the caller's bug */
	assert_int_equal(ocfl_inventory_add_version(inv, &vi, st, 3, add2, 1), -1);
	json = ocfl_inventory_dump(inv, &len);
	assert_non_null(json);
	assert_int_equal(json[len - 1], '\n');
	assert_non_null(strstr(json, "\n  \"digestAlgorithm\": \"sha512\",\n  \"head\": \"v2\",\n  \"id\": \"urn:t:new\",\n"));
	assert_non_null(strstr(json, "\"line\\nbreak %25 é\""));
	assert_non_null(strstr(json, "\"message\": \"m\\r\\n\""));
	back = ocfl_inventory_parse(json, len, err, sizeof err);
	if (back == NULL)
		fail_msg("%s", err);
	json2 = ocfl_inventory_dump(back, &len2);
	assert_non_null(json2);
	assert_int_equal(len, len2);
	assert_memory_equal(json, json2, len); /* stable: the same bytes again */
	assert_int_equal(back->nversions, 2);
	assert_int_equal(back->versions[1].nstate, 3);
	assert_string_equal(back->versions[1].state[0].logical, "a");
	free(json);
	free(json2);
	ocfl_inventory_free(back);
	ocfl_inventory_free(inv);
}

/* An inventory of n files (digests of "0", "1", ...) in one version: large enough for pieces. */
static struct ocfl_inventory *
big_inventory(size_t n, const char *message)
{
	struct ocfl_inventory *inv = ocfl_inventory_new("urn:t:big");
	struct ocfl_sentry *st = calloc(n, sizeof *st), *add = calloc(n, sizeof *add);
	struct ocfl_version_info vi = { NULL, "2024-01-24T00:00:00Z", (char *)message, NULL, NULL };
	size_t i;

	assert_non_null(inv);
	assert_non_null(st);
	assert_non_null(add);
	for (i = 0; i < n; i++) {
		char num[32], hex[WQ_DIGEST_HEX_MAX + 1];
		snprintf(num, sizeof num, "%zu", i);
		assert_int_equal(wq_digest_mem(WQ_SHA512, num, strlen(num), hex), 0);
		assert_true(asprintf(&st[i].digest, "%s", hex) > 0);
		assert_true(asprintf(&st[i].logical, "folder/file-%05zu.txt", i) > 0);
		add[i].digest = st[i].digest;
		assert_true(asprintf(&add[i].logical, "v1/content/folder/file-%05zu.txt", i) > 0);
	}
	assert_int_equal(ocfl_inventory_add_version(inv, &vi, st, n, add, n), 0);
	for (i = 0; i < n; i++) {
		free(st[i].digest);
		free(st[i].logical);
		free(add[i].logical);
	}
	free(st);
	free(add);
	return inv;
}

struct pieces {
	struct wq_buf all;
	size_t n, largest;
	size_t fail_at; /* fail the call with this number (1-based), 0: never */
};

static int
collect(void *ctx, const char *data, size_t len)
{
	struct pieces *p = ctx;

	if (++p->n == p->fail_at) {
		errno = ENOSPC;
		return -1;
	}
	if (len > p->largest)
		p->largest = len;
	return wq_buf_append(&p->all, data, len);
}

static void
written_in_pieces(void **state)
{
	struct ocfl_inventory *inv = big_inventory(5000, "many"), *bad;
	struct pieces p = { WQ_BUF_INIT, 0, 0, 0 };
	char *json;
	size_t len;

	(void)state;
	json = ocfl_inventory_dump(inv, &len);
	assert_non_null(json);
	assert_true(len > 3 * 256 * 1024);
	assert_int_equal(ocfl_inventory_write(inv, collect, &p), 0);
	/* the same bytes, in pieces of about 256 KiB (one entry more at most) */
	assert_int_equal(p.all.len, len);
	assert_memory_equal(p.all.data, json, len);
	assert_true(p.n >= 3);
	assert_true(p.largest < 256 * 1024 + 4096);
	wq_buf_free(&p.all);
	/* the sink's failure stops it, with the sink's errno */
	memset(&p, 0, sizeof p);
	p.fail_at = 2;
	errno = 0;
	assert_int_equal(ocfl_inventory_write(inv, collect, &p), -1);
	assert_int_equal(errno, ENOSPC);
	assert_int_equal(p.n, 2);
	wq_buf_free(&p.all);
	/* a string that is not UTF-8: refused before anything is passed on */
	bad = big_inventory(10, "bad \xff");
	memset(&p, 0, sizeof p);
	assert_int_equal(ocfl_inventory_write(bad, collect, &p), -1);
	assert_int_equal(errno, EILSEQ);
	assert_int_equal(p.n, 0);
	assert_null(ocfl_inventory_dump(bad, &len));
	ocfl_inventory_free(bad);
	free(json);
	ocfl_inventory_free(inv);
}

static void
state_digest_must_be_in_manifest(void **state)
{
	struct ocfl_inventory *inv = ocfl_inventory_new("urn:t:x");
	struct ocfl_sentry st[1] = { { "a", D1 } };
	struct ocfl_sentry add[1] = { { "v1/content/a", D2 } };
	struct ocfl_version_info vi = { NULL, "2024-01-24T00:00:00Z", NULL, NULL, NULL };

	(void)state;
	errno = 0;
	assert_int_equal(ocfl_inventory_add_version(inv, &vi, st, 1, add, 1), -1);
	assert_int_equal(errno, EINVAL);
	assert_int_equal(inv->nversions, 0);
	ocfl_inventory_free(inv);
}

static char *
slurp(const char *path, size_t *len)
{
	struct wq_buf b = WQ_BUF_INIT;

	assert_int_equal(wq_read_file(path, &b), 0);
	*len = b.len;
	return wq_buf_steal(&b);
}

/*
 * In a new folder dir: one and two, written by ocfl_inventory_out; both
 * hold inv's JSON (at least min_len bytes), hex its digest.
 */
static void
assert_out_writes(struct ocfl_inventory *inv, size_t min_len, char *dir, size_t dirsz, char *p1,
                  char *p2, size_t psz)
{
	const char *tmp = getenv("TMPDIR");
	char err[1024] = "", hex[WQ_DIGEST_HEX_MAX + 1], want[WQ_DIGEST_HEX_MAX + 1], *json, *f1, *f2;
	size_t len, l1, l2;

	snprintf(dir, dirsz, "%s/test_ocfl_inventory.XXXXXX", tmp != NULL && *tmp != '\0' ? tmp : "/tmp");
	assert_non_null(mkdtemp(dir));
	snprintf(p1, psz, "%s/one", dir);
	snprintf(p2, psz, "%s/two", dir);
	json = ocfl_inventory_dump(inv, &len);
	assert_non_null(json);
	assert_true(len % 4096 != 0); /* (a short last block: padded, then cut, with direct I/O) */
	assert_true(len >= min_len);
	assert_int_equal(ocfl_inventory_out(inv, p1, p2, hex, err, sizeof err), 0);
	f1 = slurp(p1, &l1);
	f2 = slurp(p2, &l2);
	assert_int_equal(l1, len);
	assert_int_equal(l2, len);
	assert_memory_equal(f1, json, len);
	assert_memory_equal(f2, json, len);
	assert_int_equal(wq_digest_mem(WQ_SHA512, json, len, want), 0);
	assert_string_equal(hex, want);
	free(f1);
	free(f2);
	free(json);
}

static void
out_to_two_files(void **state)
{
	struct ocfl_inventory *inv = big_inventory(8000, "two copies"), *bad;
	char dir[512], p1[600], p2[600], err[1024] = "", hex[WQ_DIGEST_HEX_MAX + 1];

	(void)state;
	/* (over 2 MiB: the ring of slots goes round, and a writer takes several at once) */
	assert_out_writes(inv, 5 * 512 * 1024, dir, sizeof dir, p1, p2, sizeof p1);
	/* the files are new ones: an existing one is not overwritten */
	assert_int_equal(ocfl_inventory_out(inv, p1, p2, hex, err, sizeof err), -1);
	assert_int_equal(errno, EEXIST);
	assert_non_null(strstr(err, p1));
	assert_int_equal(unlink(p1), 0);
	assert_int_equal(unlink(p2), 0);
	/* not UTF-8: EILSEQ, with a message that says so */
	bad = big_inventory(10, "bad \xff");
	assert_int_equal(ocfl_inventory_out(bad, p1, p2, hex, err, sizeof err), -1);
	assert_int_equal(errno, EILSEQ);
	assert_non_null(strstr(err, "UTF-8"));
	(void)unlink(p1);
	(void)unlink(p2);
	assert_int_equal(rmdir(dir), 0);
	ocfl_inventory_free(bad);
	ocfl_inventory_free(inv);
}

/* Through the page cache where O_DIRECT is refused: the same bytes. */
static void
out_without_direct_io(void **state)
{
	struct ocfl_inventory *inv = big_inventory(2500, "buffered");
	char dir[512], p1[600], p2[600];

	(void)state;
	refuse_direct = 1;
	/* (the stand-in open does refuse) */
	assert_int_equal(open("/", O_RDONLY | O_DIRECT), -1);
	assert_int_equal(errno, EINVAL);
	assert_out_writes(inv, 0, dir, sizeof dir, p1, p2, sizeof p1);
	refuse_direct = 0;
	assert_int_equal(unlink(p1), 0);
	assert_int_equal(unlink(p2), 0);
	assert_int_equal(rmdir(dir), 0);
	ocfl_inventory_free(inv);
}

/* The manifest's index finds what a binary search finds, after a parse and after new versions. */
static void
manifest_index(void **state)
{
	struct ocfl_inventory *inv = big_inventory(3000, "index");
	struct ocfl_sentry st[2] = { { "new-a", NULL }, { "new-b", NULL } };
	struct ocfl_version_info vi = { NULL, "2024-01-25T00:00:00Z", NULL, NULL, NULL };
	char *json, up[WQ_DIGEST_HEX_MAX + 1], na[WQ_DIGEST_HEX_MAX + 1], nb[WQ_DIGEST_HEX_MAX + 1];
	char err[256];
	struct ocfl_inventory *back;
	uint32_t *saved;
	size_t len, i, j;

	(void)state;
	assert_int_equal(wq_digest_mem(WQ_SHA512, "new a", 5, na), 0);
	assert_int_equal(wq_digest_mem(WQ_SHA512, "new b", 5, nb), 0);
	assert_null(ocfl_manifest_find(inv, na));
	st[0].digest = na;
	st[1].digest = nb;
	{
		struct ocfl_sentry add[2] = { { "v2/content/new-a", na }, { "v2/content/new-b", nb } };
		assert_int_equal(ocfl_inventory_add_version(inv, &vi, st, 2, add, 2), 0);
	}
	json = ocfl_inventory_dump(inv, &len);
	assert_non_null(json);
	back = ocfl_inventory_parse(json, len, err, sizeof err);
	assert_non_null(back);
	assert_int_equal(back->nmanifest, 3002);
	assert_non_null(inv->mindex);
	assert_non_null(back->mindex);
	for (j = 0; j < 2; j++) {
		struct ocfl_inventory *v = j == 0 ? inv : back;
		for (i = 0; i < v->nmanifest; i++) {
			const char *d = v->manifest[i].digest;
			size_t k;
			assert_ptr_equal(ocfl_manifest_find(v, d), &v->manifest[i]);
			for (k = 0; d[k] != '\0'; k++) /* (as a person may type it) */
				up[k] = (char)(d[k] >= 'a' && d[k] <= 'f' ? d[k] - 'a' + 'A' : d[k]);
			up[k] = '\0';
			assert_ptr_equal(ocfl_manifest_find(v, up), &v->manifest[i]);
		}
		/* absent: one digit off, and too short */
		snprintf(up, sizeof up, "%s", v->manifest[7].digest);
		up[127] = up[127] == '0' ? '1' : '0';
		assert_null(ocfl_manifest_find(v, up));
		up[100] = '\0';
		assert_null(ocfl_manifest_find(v, up));
		/* the same answers without the index (a binary search) */
		saved = v->mindex;
		for (i = 0; i < v->nmanifest; i += 97) {
			const struct ocfl_mentry *a = ocfl_manifest_find(v, v->manifest[i].digest);
			v->mindex = NULL;
			assert_ptr_equal(ocfl_manifest_find(v, v->manifest[i].digest), a);
			v->mindex = saved;
		}
		assert_non_null(ocfl_manifest_find(v, na));
		assert_non_null(ocfl_manifest_find(v, nb));
	}
	free(json);
	ocfl_inventory_free(back);
	ocfl_inventory_free(inv);
}

static void
sidecars(void **state)
{
	char hex[WQ_DIGEST_HEX_MAX + 1];
	const char *d = D1;
	char buf[300];

	(void)state;
	snprintf(buf, sizeof buf, "%s inventory.json\n", d);
	assert_int_equal(ocfl_sidecar_parse(buf, strlen(buf), 128, hex), 0);
	assert_string_equal(hex, D1);
	snprintf(buf, sizeof buf, "%s\t\tinventory.json", d);
	assert_int_equal(ocfl_sidecar_parse(buf, strlen(buf), 128, hex), 0);
	snprintf(buf, sizeof buf, "%sinventory.json", d);
	assert_int_equal(ocfl_sidecar_parse(buf, strlen(buf), 128, hex), -1);
	snprintf(buf, sizeof buf, "%s inventory.jso", d);
	assert_int_equal(ocfl_sidecar_parse(buf, strlen(buf), 128, hex), -1);
	snprintf(buf, sizeof buf, "%s inventory.json extra", d);
	assert_int_equal(ocfl_sidecar_parse(buf, strlen(buf), 128, hex), -1);
	assert_int_equal(ocfl_sidecar_parse("abc inventory.json", 18, 128, hex), -1);
	snprintf(buf, sizeof buf, "%s inventory.json\n", d);
	buf[5] = 'g';
	assert_int_equal(ocfl_sidecar_parse(buf, strlen(buf), 128, hex), -1);
}

static void
conflicts(void **state)
{
	char *ok[] = { "a", "a b", "a.txt", "b/c", "b/d" };
	char *dup[] = { "a", "a" };
	char *pre[] = { "a", "a b", "a/c" };
	const char *w = NULL;

	(void)state;
	assert_false(ocfl_paths_conflict(ok, 5, &w));
	assert_true(ocfl_paths_conflict(dup, 2, &w));
	assert_true(ocfl_paths_conflict(pre, 3, &w));
	assert_string_equal(w, "a");
	assert_false(ocfl_paths_conflict(ok, 0, &w));
	assert_true(ocfl_utf8_ok("ñandú"));
	assert_false(ocfl_utf8_ok("\xff"));
	assert_false(ocfl_utf8_ok("\xc3"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parses_good),
		cmocka_unit_test(refuses_bad),
		cmocka_unit_test(uppercase_digests_and_padding),
		cmocka_unit_test(zero_padded),
		cmocka_unit_test(build_dump_roundtrip),
		cmocka_unit_test(written_in_pieces),
		cmocka_unit_test(state_digest_must_be_in_manifest),
		cmocka_unit_test(out_to_two_files),
		cmocka_unit_test(out_without_direct_io),
		cmocka_unit_test(manifest_index),
		cmocka_unit_test(sidecars),
		cmocka_unit_test(conflicts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
