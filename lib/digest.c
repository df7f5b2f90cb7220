/* digest.c - message digests through OpenSSL's libcrypto (EVP). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "wathiqa.h"

struct wq_digest {
	EVP_MD_CTX *ctx;
	const EVP_MD *md;
};

static const struct {
	enum wq_digest_alg alg;
	const char *name;
	size_t hexlen;
} algs[] = {
	{ WQ_MD5, "md5", 32 },
	{ WQ_SHA1, "sha1", 40 },
	{ WQ_SHA256, "sha256", 64 },
	{ WQ_SHA512, "sha512", 128 },
	{ WQ_BLAKE2B512, "blake2b-512", 128 },
};

static const EVP_MD *
evp_md(enum wq_digest_alg alg)
{
	switch (alg) {
	case WQ_MD5:
		return EVP_md5();
	case WQ_SHA1:
		return EVP_sha1();
	case WQ_SHA256:
		return EVP_sha256();
	case WQ_SHA512:
		return EVP_sha512();
	case WQ_BLAKE2B512:
		return EVP_blake2b512();
	}
	return NULL;
}

const char *
wq_digest_name(enum wq_digest_alg alg)
{
	size_t i;

	for (i = 0; i < sizeof algs / sizeof algs[0]; i++)
		if (algs[i].alg == alg)
			return algs[i].name;
	return "unknown";
}

size_t
wq_digest_hex_len(enum wq_digest_alg alg)
{
	size_t i;

	for (i = 0; i < sizeof algs / sizeof algs[0]; i++)
		if (algs[i].alg == alg)
			return algs[i].hexlen;
	return 0;
}

size_t
wq_hex_span(const char *s, bool lowercase)
{
	/* (strspn: glibc's is vectorised, ten times a loop over a table) */
	return strspn(s, lowercase ? "0123456789abcdef" : "0123456789abcdefABCDEF");
}

int
wq_digest_from_name(const char *name, enum wq_digest_alg *alg)
{
	size_t i;

	for (i = 0; i < sizeof algs / sizeof algs[0]; i++) {
		if (strcasecmp(name, algs[i].name) == 0) {
			*alg = algs[i].alg;
			return 0;
		}
	}
	if (strcasecmp(name, "blake2b512") == 0) {
		*alg = WQ_BLAKE2B512;
		return 0;
	}
	return -1;
}

struct wq_digest *
wq_digest_new(enum wq_digest_alg alg)
{
	struct wq_digest *d;

	if ((d = calloc(1, sizeof *d)) == NULL)
		return NULL;
	d->md = evp_md(alg);
	if (d->md == NULL || (d->ctx = EVP_MD_CTX_new()) == NULL ||
	    EVP_DigestInit_ex(d->ctx, d->md, NULL) != 1) {
		wq_digest_free(d);
		errno = EINVAL;
		return NULL;
	}
	return d;
}

int
wq_digest_update(struct wq_digest *d, const void *p, size_t n)
{
	if (EVP_DigestUpdate(d->ctx, p, n) != 1) {
		errno = EIO;
		return -1;
	}
	return 0;
}

int
wq_digest_final_hex(struct wq_digest *d, char *hex)
{
	static const char digits[] = "0123456789abcdef";
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n, i;

	if (EVP_DigestFinal_ex(d->ctx, md, &n) != 1) {
		errno = EIO;
		return -1;
	}
	for (i = 0; i < n; i++) {
		hex[2 * i] = digits[md[i] >> 4];
		hex[2 * i + 1] = digits[md[i] & 0xF];
	}
	hex[2 * n] = '\0';
	return 0;
}

int
wq_digest_reset(struct wq_digest *d)
{
	if (EVP_DigestInit_ex(d->ctx, d->md, NULL) != 1) {
		errno = EIO;
		return -1;
	}
	return 0;
}

void
wq_digest_free(struct wq_digest *d)
{
	if (d == NULL)
		return;
	EVP_MD_CTX_free(d->ctx);
	free(d);
}

int
wq_digest_mem(enum wq_digest_alg alg, const void *p, size_t n, char *hex)
{
	struct wq_digest *d;
	int rc;

	if ((d = wq_digest_new(alg)) == NULL)
		return -1;
	rc = wq_digest_update(d, p, n) == 0 && wq_digest_final_hex(d, hex) == 0 ? 0 : -1;
	wq_digest_free(d);
	return rc;
}

int
wq_digest_fd(enum wq_digest_alg alg, int fd, char *hex, uint64_t *size)
{
	enum { BUFSZ = 256 * 1024 }; /* large reads: hashing, not syscalls, should cost */
	struct wq_digest *d;
	unsigned char *buf;
	uint64_t total = 0;
	ssize_t r;
	int rc = -1, saved;

	if ((buf = malloc(BUFSZ)) == NULL)
		return -1;
	if ((d = wq_digest_new(alg)) == NULL)
		goto out;
	for (;;) {
		r = read(fd, buf, BUFSZ);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			goto out;
		}
		if (r == 0)
			break;
		if (wq_digest_update(d, buf, (size_t)r) < 0)
			goto out;
		total += (uint64_t)r;
	}
	if (wq_digest_final_hex(d, hex) < 0)
		goto out;
	if (size != NULL)
		*size = total;
	rc = 0;
out:
	saved = errno;
	wq_digest_free(d);
	free(buf);
	errno = saved;
	return rc;
}

int
wq_digest_file(enum wq_digest_alg alg, const char *path, char *hex, uint64_t *size)
{
	int fd, rc, saved;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return -1;
	rc = wq_digest_fd(alg, fd, hex, size);
	saved = errno;
	close(fd);
	errno = saved;
	return rc;
}

void
wq_uuid_from_sha256(const char *hex, char *out)
{
	char h[32];
	size_t i, o = 0;
	static const char digits[] = "0123456789abcdef";

	memcpy(h, hex, 32);
	/* Set the version (5: name-based) and the RFC 4122 variant bits. */
	h[12] = '5';
	{
		const char *d = strchr(digits, h[16]);

		h[16] = digits[(d != NULL && *d != '\0' ? d - digits : 0) % 4 + 8];
	}
	memcpy(out, "urn:uuid:", 9);
	o = 9;
	for (i = 0; i < 32; i++) {
		if (i == 8 || i == 12 || i == 16 || i == 20)
			out[o++] = '-';
		out[o++] = h[i];
	}
	out[o] = '\0';
}
