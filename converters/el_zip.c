/*
 * el_zip.c - the OCF zip container: opening (from a file or memory), the
 * directory, the mimetype entry, file names, duplicates, bounded reading,
 * and the order of the whole check (el_check_file, el_check_buffer).
 *
 * Hostile input: the directory is walked once, entry counts and expanded
 * sizes are capped (struct el_limits), every read goes through one 64 KiB
 * buffer and stops at the declared size, and nothing is ever written.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zip.h>

#include "el_book.h"

#define MIMETYPE "application/epub+zip"

static int
entry_cmp(const void *a, const void *b)
{
	const struct el_entry *x = *(struct el_entry *const *)a;
	const struct el_entry *y = *(struct el_entry *const *)b;
	return strcmp(x->name, y->name);
}

struct el_entry *
el_book_find(struct el_book *bk, const char *path)
{
	struct el_entry key, *kp = &key, **hit;

	if (bk->sorted == NULL || path == NULL)
		return NULL;
	key.name = (char *)path;
	hit = bsearch(&kp, bk->sorted, bk->nents, sizeof *bk->sorted, entry_cmp);
	if (hit == NULL || (*hit)->excluded || (*hit)->dir)
		return NULL;
	return *hit;
}

static void
u64str(uint64_t v, char *out)
{
	snprintf(out, 24, "%llu", (unsigned long long)v);
}

int
el_book_read(struct el_book *bk, struct el_entry *e, struct wq_buf *out, uint64_t max)
{
	char chunk[65536], lim[24];
	zip_file_t *zf;
	uint64_t got = 0;
	bool keep = out != NULL;

	if (e->unreadable)
		return -1;
	if (keep && e->size > max) {
		u64str(max, lim);
		el_report_add(bk->r, R_ZIP_LIMIT, e->name, 0, 0, "The size of this document", lim);
		e->unreadable = true;
		return -1;
	}
	if (bk->total_read + e->size > bk->lim->max_total) {
		u64str(bk->lim->max_total, lim);
		el_report_add(bk->r, R_ZIP_LIMIT, e->name, 0, 0,
		              "The total expanded size of the entries", lim);
		e->unreadable = true;
		bk->stop = bk->halt = true;
		return -1;
	}
	zf = zip_fopen_index(bk->za, e->index, 0);
	if (zf == NULL) {
		el_report_add(bk->r, R_ZIP_READ, e->name, 0, 0, e->name,
		              zip_error_strerror(zip_get_error(bk->za)));
		e->unreadable = true;
		return -1;
	}
	for (;;) {
		zip_int64_t n = zip_fread(zf, chunk, sizeof chunk);
		if (n < 0) {
			el_report_add(bk->r, R_ZIP_READ, e->name, 0, 0, e->name,
			              zip_error_strerror(zip_file_get_error(zf)));
			goto bad;
		}
		if (n == 0)
			break;
		got += (uint64_t)n;
		if (got > e->size) {
			el_report_add(bk->r, R_ZIP_READ, e->name, 0, 0, e->name,
			              "more data than the zip directory declares");
			goto bad;
		}
		if (keep && wq_buf_append(out, chunk, (size_t)n) < 0) {
			bk->syserr = ENOMEM;
			bk->stop = true;
			goto bad;
		}
	}
	zip_fclose(zf);
	bk->total_read += got;
	if (got != e->size) {
		el_report_add(bk->r, R_ZIP_READ, e->name, 0, 0, e->name,
		              "less data than the zip directory declares");
		e->unreadable = true;
		return -1;
	}
	e->read_done = true;
	return 0;
bad:
	zip_fclose(zf);
	bk->total_read += got;
	e->unreadable = true;
	return -1;
}

/* The mimetype entry: first, stored, no extra field, exact content. */
static void
check_mimetype(struct el_book *bk)
{
	struct el_entry *e = bk->nents > 0 ? &bk->ents[0] : NULL;
	struct wq_buf b = WQ_BUF_INIT;
	zip_int16_t nef;
	zip_stat_t st;
	char num[24];

	if (e == NULL || strcmp(e->name, "mimetype") != 0) {
		el_report_add(bk->r, R_MIMETYPE_FIRST, NULL, 0, 0);
		return;
	}
	nef = zip_file_extra_fields_count(bk->za, 0, ZIP_FL_LOCAL);
	if (nef > 0) {
		unsigned long total = 0;
		zip_int16_t i;
		for (i = 0; i < nef; i++) {
			zip_uint16_t len = 0;
			if (zip_file_extra_field_get(bk->za, 0, (zip_uint16_t)i, NULL, &len,
			                             ZIP_FL_LOCAL) != NULL)
				total += 4u + len;
		}
		snprintf(num, sizeof num, "%lu", total);
		el_report_add(bk->r, R_MIMETYPE_EXTRA, "mimetype", 0, 0, num);
	}
	zip_stat_init(&st);
	if (zip_stat_index(bk->za, 0, ZIP_FL_ENC_RAW, &st) == 0 &&
	    (st.valid & ZIP_STAT_COMP_METHOD) && st.comp_method != ZIP_CM_STORE) {
		el_report_add(bk->r, R_MIMETYPE_CONTENT, "mimetype", 0, 0, " (it is compressed)");
		return;
	}
	if (e->size != strlen(MIMETYPE)) {
		el_report_add(bk->r, R_MIMETYPE_CONTENT, "mimetype", 0, 0, "");
		return;
	}
	if (el_book_read(bk, e, &b, 64) == 0 &&
	    (b.len != strlen(MIMETYPE) || memcmp(b.data, MIMETYPE, b.len) != 0))
		el_report_add(bk->r, R_MIMETYPE_CONTENT, "mimetype", 0, 0, "");
	wq_buf_free(&b);
}

static void
check_name(struct el_book *bk, struct el_entry *e, size_t rawlen)
{
	uint32_t bad = 0;
	unsigned fl = el_fname_check(e->name, rawlen, &bad);

	if (fl & EL_FN_NOT_UTF8) {
		struct wq_buf b = WQ_BUF_INIT;
		size_t i;
		/* show the bytes escaped, never raw */
		for (i = 0; i < rawlen && i < 200; i++) {
			unsigned char c = (unsigned char)e->name[i];
			if (c >= 0x20 && c < 0x7F)
				wq_buf_putc(&b, c);
			else
				wq_buf_printf(&b, "\\x%02X", c);
		}
		el_report_add(bk->r, R_NAME_NOT_UTF8, NULL, 0, 0, b.data ? b.data : "");
		wq_buf_free(&b);
		e->excluded = true;
		return;
	}
	if (fl & EL_FN_UNSAFE) {
		el_report_add(bk->r, R_ZIP_UNSAFE_PATH, NULL, 0, 0, e->name);
		e->excluded = true;
		return;
	}
	if (fl & EL_FN_BAD_CHAR) {
		unsigned char u[5] = { 0 };
		char show[16];
		if (bad >= 0x20 && bad != 0x7F && !(bad >= 0x80 && bad <= 0x9F) &&
		    wq_utf8_encode(bad, u) > 0)
			snprintf(show, sizeof show, "%s", (char *)u);
		else
			snprintf(show, sizeof show, "U+%04lX", (unsigned long)bad);
		el_report_add(bk->r, R_NAME_BAD_CHAR, e->name, 0, 0, show);
	}
	if (fl & EL_FN_TRAILING_DOT)
		el_report_add(bk->r, R_NAME_TRAILING_DOT, e->name, 0, 0);
	if (fl & EL_FN_SPACE)
		el_report_add(bk->r, R_NAME_SPACE, e->name, 0, 0);
	if (fl & EL_FN_NON_ASCII)
		el_report_add(bk->r, R_NAME_NON_ASCII, e->name, 0, 0);
}

struct keyed {
	char *key;
	struct el_entry *e;
};

static int
keyed_cmp(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;
	int c = strcmp(x->key, y->key);
	if (c != 0)
		return c;
	return x->e->index < y->e->index ? -1 : x->e->index > y->e->index;
}

/* Names equal after NFC and case folding (EPUB 3.3 6.1.3), exact duplicates too. */
static void
check_duplicates(struct el_book *bk)
{
	struct keyed *k = calloc(bk->nents ? bk->nents : 1, sizeof *k);
	size_t i, n = 0;

	if (k == NULL) {
		bk->syserr = ENOMEM;
		return;
	}
	for (i = 0; i < bk->nents; i++) {
		struct el_entry *e = &bk->ents[i];
		if (e->excluded)
			continue;
		k[n].key = el_fname_key(e->name);
		if (k[n].key == NULL)
			continue;
		k[n].e = e;
		n++;
	}
	qsort(k, n, sizeof *k, keyed_cmp);
	for (i = 1; i < n; i++) {
		if (strcmp(k[i].key, k[i - 1].key) != 0)
			continue;
		if (k[i].e->dir && k[i - 1].e->dir)
			continue;
		if (strcmp(k[i].e->name, k[i - 1].e->name) == 0) {
			el_report_add(bk->r, R_ZIP_DUPLICATE, NULL, 0, 0, k[i].e->name, "");
		} else {
			struct wq_buf b = WQ_BUF_INIT;
			wq_buf_printf(&b, " (the same as \"%s\" after Unicode normalization "
			              "and case folding)", k[i - 1].e->name);
			el_report_add(bk->r, R_ZIP_DUPLICATE, NULL, 0, 0, k[i].e->name,
			              b.data ? b.data : "");
			wq_buf_free(&b);
		}
	}
	for (i = 0; i < n; i++)
		free(k[i].key);
	free(k);
}

/* Walk the zip directory into bk->ents. */
static void
read_directory(struct el_book *bk)
{
	zip_int64_t n = zip_get_num_entries(bk->za, 0);
	zip_uint64_t i;
	char num[24], lim[24];

	if (n < 0)
		n = 0;
	if ((uint64_t)n > bk->lim->max_entries) {
		char what[64];
		u64str((uint64_t)n, num);
		u64str(bk->lim->max_entries, lim);
		snprintf(what, sizeof what, "The number of zip entries (%s)", num);
		el_report_add(bk->r, R_ZIP_LIMIT, NULL, 0, 0, what, lim);
		bk->stop = true;
		bk->halt = true;
		return;
	}
	bk->ents = calloc((size_t)n + 1, sizeof *bk->ents);
	bk->sorted = calloc((size_t)n + 1, sizeof *bk->sorted);
	if (bk->ents == NULL || bk->sorted == NULL) {
		bk->syserr = ENOMEM;
		bk->stop = true;
		return;
	}
	for (i = 0; i < (zip_uint64_t)n; i++) {
		struct el_entry *e = &bk->ents[bk->nents];
		zip_stat_t st;
		zip_uint8_t opsys;
		zip_uint32_t attr;
		const char *raw;
		size_t rawlen;

		zip_stat_init(&st);
		if (zip_stat_index(bk->za, i, ZIP_FL_ENC_RAW, &st) != 0 ||
		    !(st.valid & ZIP_STAT_NAME)) {
			u64str(i, num);
			el_report_add(bk->r, R_ZIP_READ, NULL, 0, 0, num,
			              zip_error_strerror(zip_get_error(bk->za)));
			continue;
		}
		raw = st.name;
		rawlen = strlen(raw);
		e->name = malloc(rawlen + 1);
		if (e->name == NULL) {
			bk->syserr = ENOMEM;
			bk->stop = true;
			return;
		}
		memcpy(e->name, raw, rawlen + 1);
		e->index = i;
		e->size = (st.valid & ZIP_STAT_SIZE) ? st.size : 0;
		e->csize = (st.valid & ZIP_STAT_COMP_SIZE) ? st.comp_size : 0;
		e->dir = rawlen > 0 && raw[rawlen - 1] == '/';
		bk->nents++;
		check_name(bk, e, rawlen);
		if (zip_file_get_external_attributes(bk->za, i, 0, &opsys, &attr) == 0 &&
		    opsys == ZIP_OPSYS_UNIX && ((attr >> 16) & 0170000) == 0120000) {
			if (!e->excluded)
				el_report_add(bk->r, R_ZIP_SYMLINK, NULL, 0, 0, e->name);
			e->excluded = true;
		}
		if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) &&
		    st.encryption_method != ZIP_EM_NONE) {
			el_report_add(bk->r, R_ZIP_READ, e->name, 0, 0, e->name,
			              "the zip entry is encrypted");
			e->unreadable = true;
		} else if (e->size > bk->lim->max_entry) {
			u64str(bk->lim->max_entry, lim);
			el_report_add(bk->r, R_ZIP_LIMIT, e->name, 0, 0,
			              "The expanded size of this entry", lim);
			e->unreadable = true;
		} else if (e->csize > 0 && e->size > (UINT64_C(1) << 20) &&
		           e->size / e->csize > bk->lim->ratio_warn) {
			u64str(e->size / e->csize, num);
			el_report_add(bk->r, R_ZIP_RATIO, NULL, 0, 0, e->name, num);
		}
	}
	for (i = 0; i < bk->nents; i++)
		bk->sorted[i] = &bk->ents[i];
	qsort(bk->sorted, bk->nents, sizeof *bk->sorted, entry_cmp);
}

/* Read every entry not read yet to the end: zip integrity (CRC, sizes). */
static void
check_integrity(struct el_book *bk)
{
	size_t i;

	for (i = 0; i < bk->nents && !bk->halt; i++) {
		struct el_entry *e = &bk->ents[i];
		if (!e->dir && !e->read_done && !e->unreadable)
			el_book_read(bk, e, NULL, 0);
	}
}

static void
book_free(struct el_book *bk)
{
	size_t i, j;

	for (i = 0; i < bk->nents; i++)
		free(bk->ents[i].name);
	free(bk->ents);
	free(bk->sorted);
	for (i = 0; i < bk->nitems; i++) {
		struct el_item *it = &bk->items[i];
		free(it->id);
		free(it->href);
		free(it->media_type);
		free(it->properties);
		free(it->path);
		for (j = 0; j < it->nids; j++)
			free(it->ids[j]);
		free(it->ids);
	}
	free(bk->items);
	for (i = 0; i < bk->nlinks; i++)
		free(bk->links[i].href);
	free(bk->links);
	free(bk->opf_path);
}

/* Check the book in src (taken over). */
static int
check_source(zip_source_t *src, const struct el_limits *lim, struct el_report *r)
{
	struct el_book bk;
	zip_error_t ze;
	int ret = 0;

	memset(&bk, 0, sizeof bk);
	bk.lim = lim;
	bk.r = r;
	zip_error_init(&ze);
	bk.za = zip_open_from_source(src, ZIP_RDONLY, &ze);
	if (bk.za == NULL) {
		if (zip_error_code_zip(&ze) == ZIP_ER_MEMORY) {
			errno = ENOMEM;
			ret = -1;
		} else {
			el_report_add(r, R_ZIP_CORRUPT, NULL, 0, 0, zip_error_strerror(&ze));
		}
		zip_error_fini(&ze);
		zip_source_free(src);
		return ret;
	}
	zip_error_fini(&ze);
	read_directory(&bk);
	if (!bk.stop) {
		check_mimetype(&bk);
		check_duplicates(&bk);
	}
	if (!bk.stop && bk.syserr == 0)
		el_check_container_xml(&bk);
	if (!bk.stop && bk.syserr == 0)
		el_check_encryption(&bk);
	if (!bk.stop && bk.syserr == 0)
		el_check_package(&bk);
	if (!bk.stop && bk.syserr == 0)
		el_check_contents(&bk);
	if (bk.syserr == 0)
		check_integrity(&bk);
	zip_discard(bk.za);
	if (bk.syserr != 0 || r->oom) {
		errno = bk.syserr ? bk.syserr : ENOMEM;
		ret = -1;
	}
	book_free(&bk);
	return ret;
}

static bool
header_ok(const unsigned char *p, size_t n)
{
	return n >= 4 && p[0] == 'P' && p[1] == 'K' && p[2] == 3 && p[3] == 4;
}

int
el_check_file(const char *path, const struct el_limits *lim, struct el_report *r)
{
	unsigned char head[4];
	size_t n;
	zip_source_t *src;
	zip_error_t ze;
	FILE *fp = fopen(path, "rb");

	if (fp == NULL)
		return -1;
	n = fread(head, 1, sizeof head, fp);
	if (ferror(fp)) {
		int e = errno;
		fclose(fp);
		errno = e;
		return -1;
	}
	fclose(fp);
	if (!header_ok(head, n))
		el_report_add(r, R_ZIP_HEADER, NULL, 0, 0);
	zip_error_init(&ze);
	src = zip_source_file_create(path, 0, -1, &ze);
	if (src == NULL) {
		errno = zip_error_code_system(&ze) ? zip_error_code_system(&ze) : EIO;
		zip_error_fini(&ze);
		return -1;
	}
	zip_error_fini(&ze);
	return check_source(src, lim, r);
}

int
el_check_buffer(const void *p, size_t n, const struct el_limits *lim, struct el_report *r)
{
	zip_source_t *src;
	zip_error_t ze;

	if (!header_ok(p, n))
		el_report_add(r, R_ZIP_HEADER, NULL, 0, 0);
	zip_error_init(&ze);
	src = zip_source_buffer_create(n ? p : "", n, 0, &ze);
	zip_error_fini(&ze);
	if (src == NULL) {
		errno = ENOMEM;
		return -1;
	}
	return check_source(src, lim, r);
}
