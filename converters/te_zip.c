/* te_zip.c - the EPUB zip, reproducible (see te_zip.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <zip.h>

#include "wathiqa.h"
#include "te_book.h"
#include "te_util.h"
#include "te_zip.h"

/* A chapter: a range of the spool, read as libzip asks for it. */
struct range {
	struct te_spool *spool;
	uint64_t off, len, pos;
	zip_error_t error;
};

static zip_int64_t
range_cb(void *ud, void *data, zip_uint64_t len, zip_source_cmd_t cmd)
{
	struct range *r = ud;
	zip_uint64_t n;

	switch (cmd) {
	case ZIP_SOURCE_OPEN:
		r->pos = 0;
		return 0;
	case ZIP_SOURCE_READ:
		n = r->len - r->pos < len ? r->len - r->pos : len;
		if (n > 0 && te_spool_read(r->spool, r->off + r->pos, data, (size_t)n) != 0) {
			zip_error_set(&r->error, ZIP_ER_READ, errno);
			return -1;
		}
		r->pos += n;
		return (zip_int64_t)n;
	case ZIP_SOURCE_CLOSE:
		return 0;
	case ZIP_SOURCE_STAT: {
		zip_stat_t *st = data;

		if (len < sizeof *st) {
			zip_error_set(&r->error, ZIP_ER_INVAL, 0);
			return -1;
		}
		zip_stat_init(st);
		st->size = r->len;
		st->valid |= ZIP_STAT_SIZE;
		return sizeof *st;
	}
	case ZIP_SOURCE_ERROR:
		return zip_error_to_data(&r->error, data, len);
	case ZIP_SOURCE_FREE:
		return 0;
	case ZIP_SOURCE_SUPPORTS:
		return zip_source_make_command_bitmap(ZIP_SOURCE_OPEN, ZIP_SOURCE_READ,
		    ZIP_SOURCE_CLOSE, ZIP_SOURCE_STAT, ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE, -1);
	default:
		zip_error_set(&r->error, ZIP_ER_OPNOTSUPP, 0);
		return -1;
	}
}

struct zw {
	zip_t *za;
	uint16_t dtime, ddate;
	int level;
	char *err;
	size_t errlen;
};

static int
zfail(struct zw *w, const char *what)
{
	snprintf(w->err, w->errlen, "%s: %s", what, zip_strerror(w->za));
	return -1;
}

/* Add a file from src (freed on failure) with the fixed attributes. */
static int
add(struct zw *w, const char *name, zip_source_t *src, bool store)
{
	zip_int64_t idx;

	if (src == NULL)
		return zfail(w, name);
	if ((idx = zip_file_add(w->za, name, src, ZIP_FL_ENC_GUESS)) < 0) {
		zip_source_free(src);
		return zfail(w, name);
	}
	store = store || w->level == 0;
	if (zip_set_file_compression(w->za, (zip_uint64_t)idx,
	        store ? ZIP_CM_STORE : ZIP_CM_DEFLATE, store ? 0 : (zip_uint32_t)w->level) != 0 ||
	    zip_file_set_dostime(w->za, (zip_uint64_t)idx, w->dtime, w->ddate, 0) != 0 ||
	    zip_file_set_external_attributes(w->za, (zip_uint64_t)idx, 0, ZIP_OPSYS_UNIX,
	        (zip_uint32_t)0100644 << 16) != 0)
		return zfail(w, name);
	return 0;
}

static int
add_buf(struct zw *w, const char *name, const struct wq_buf *b, bool store)
{
	return add(w, name, zip_source_buffer(w->za, b->data ? b->data : "", b->len, 0), store);
}

enum { F_CONTAINER, F_OPF, F_NAV, F_NCX, F_CSS, F_COVERSVG, F_COVER, F_TITLE, NFILES };

int
te_zip_write(struct te_book *b, int level, struct wq_buf *out, char *err, size_t errlen)
{
	static const char mimetype[] = "application/epub+zip";
	struct wq_buf f[NFILES];
	struct range *ranges = NULL;
	zip_error_t ze;
	zip_source_t *src = NULL;
	struct zw w = { NULL, 0, 0, level, err, errlen };
	char name[64], chap[32];
	size_t i;
	int rc = -1, r = 0;
	zip_int64_t n;

	for (i = 0; i < NFILES; i++)
		f[i] = (struct wq_buf)WQ_BUF_INIT;
	r |= te_book_container(b, &f[F_CONTAINER]);
	r |= te_book_package(b, &f[F_OPF]);
	r |= te_book_navdoc(b, &f[F_NAV]);
	r |= te_book_ncx(b, &f[F_NCX]);
	r |= te_book_css(b, &f[F_CSS]);
	if (b->cover) {
		r |= te_book_cover_svg(b, &f[F_COVERSVG]);
		r |= te_book_cover_xhtml(b, &f[F_COVER]);
	}
	if (b->anthology)
		r |= te_book_titlepage(b, &f[F_TITLE]);
	if (r != 0) {
		snprintf(err, errlen, "%s", strerror(ENOMEM));
		goto out;
	}
	if ((ranges = calloc(b->nchaps + 1, sizeof *ranges)) == NULL) {
		snprintf(err, errlen, "%s", strerror(errno));
		goto out;
	}
	te_dos_time(b->mtime, &w.dtime, &w.ddate);

	zip_error_init(&ze);
	if ((src = zip_source_buffer_create(NULL, 0, 0, &ze)) == NULL) {
		snprintf(err, errlen, "%s", zip_error_strerror(&ze));
		zip_error_fini(&ze);
		goto out;
	}
	zip_source_keep(src);
	if ((w.za = zip_open_from_source(src, ZIP_TRUNCATE, &ze)) == NULL) {
		snprintf(err, errlen, "%s", zip_error_strerror(&ze));
		zip_error_fini(&ze);
		goto out;
	}
	zip_error_fini(&ze);

	if (add(&w, "mimetype", zip_source_buffer(w.za, mimetype, sizeof mimetype - 1, 0), true) ||
	    add_buf(&w, "META-INF/container.xml", &f[F_CONTAINER], false) ||
	    add_buf(&w, "EPUB/package.opf", &f[F_OPF], false) ||
	    add_buf(&w, "EPUB/nav.xhtml", &f[F_NAV], false) ||
	    add_buf(&w, "EPUB/toc.ncx", &f[F_NCX], false) ||
	    add_buf(&w, "EPUB/style.css", &f[F_CSS], false))
		goto out;
	if (b->cover && (add_buf(&w, "EPUB/cover.svg", &f[F_COVERSVG], false) ||
	                 add_buf(&w, "EPUB/cover.xhtml", &f[F_COVER], false)))
		goto out;
	if (b->anthology && add_buf(&w, "EPUB/title.xhtml", &f[F_TITLE], false))
		goto out;
	for (i = 0; i < b->nchaps; i++) {
		ranges[i].spool = &b->spool;
		ranges[i].off = b->chaps[i].off;
		ranges[i].len = b->chaps[i].len;
		zip_error_init(&ranges[i].error);
		te_book_chapter_name(i, chap);
		snprintf(name, sizeof name, "EPUB/%s", chap);
		if (add(&w, name, zip_source_function(w.za, range_cb, &ranges[i]), false) != 0)
			goto out;
	}
	if (zip_close(w.za) != 0) {
		zfail(&w, "writing the zip");
		zip_discard(w.za);
		w.za = NULL;
		goto out;
	}
	w.za = NULL;

	/* copy the finished zip out of the buffer source */
	if (zip_source_open(src) != 0) {
		snprintf(err, errlen, "%s", zip_error_strerror(zip_source_error(src)));
		goto out;
	}
	for (;;) {
		if (wq_buf_grow(out, 65536) != 0) {
			snprintf(err, errlen, "%s", strerror(ENOMEM));
			zip_source_close(src);
			goto out;
		}
		n = zip_source_read(src, out->data + out->len, 65536);
		if (n < 0) {
			snprintf(err, errlen, "%s", zip_error_strerror(zip_source_error(src)));
			zip_source_close(src);
			goto out;
		}
		if (n == 0)
			break;
		out->len += (size_t)n;
		out->data[out->len] = '\0';
	}
	zip_source_close(src);
	rc = 0;
out:
	if (w.za != NULL)
		zip_discard(w.za);
	if (src != NULL)
		zip_source_free(src);
	if (ranges != NULL) {
		for (i = 0; i < b->nchaps; i++)
			zip_error_fini(&ranges[i].error);
		free(ranges);
	}
	for (i = 0; i < NFILES; i++)
		wq_buf_free(&f[i]);
	return rc;
}
