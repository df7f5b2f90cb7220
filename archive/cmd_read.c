/*
 * cmd_read.c - wathiqa log, ls and diff: reading a store, writing nothing.
 *
 * Text fields (ids, messages, paths) are printed with control characters
 * and the backslash escaped (\n, \r, \t, \\, \xHH), so one line is one record.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wathiqa.h"
#include "commands.h"
#include "ocfl_inventory.h"
#include "ocfl_store.h"


/* Every command closes stdout itself (a failed write changes the exit status). */
static int
closeout(int rc)
{
	int c = wq_close_stdout();

	return c > rc ? c : rc;
}

static void
put_escaped(const char *s)
{
	const unsigned char *p;

	for (p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '\n': fputs("\\n", stdout); break;
		case '\r': fputs("\\r", stdout); break;
		case '\t': fputs("\\t", stdout); break;
		case '\\': fputs("\\\\", stdout); break;
		default:
			if (*p < 0x20 || *p == 0x7f)
				printf("\\x%02x", *p);
			else
				putchar(*p);
		}
	}
}

static int
read_usage(const char *cmd, FILE *fp, int rc)
{
	fprintf(fp, "usage: wathiqa [--store DIR] %s\n", wq_cmd_usage(cmd));
	return rc;
}

/* Parse only --help (and the given extra options); returns -1 to go on, else an exit code. */
static int
simple_opts(const char *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int ch;

	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (ch == 'h')
			return read_usage(cmd, stdout, WQ_EXIT_OK);
		return read_usage(cmd, stderr, WQ_EXIT_TROUBLE);
	}
	return -1;
}

/* Load object id: exit code 2 when the store is unusable, 1 for a missing or damaged object. */
static struct ocfl_inventory *
load(const struct wq_cmd_ctx *ctx, const char *id, int *rc)
{
	struct ocfl_inventory *inv;
	char err[1024];

	if (ocfl_store_check(ctx->store, err, sizeof err) != 0) {
		wq_warnx("%s", err);
		*rc = WQ_EXIT_TROUBLE;
		return NULL;
	}
	if ((inv = ocfl_store_load(ctx->store, id, err, sizeof err)) == NULL) {
		wq_warnx("%s", err);
		*rc = WQ_EXIT_INVALID;
	}
	return inv;
}

/* ---- log ---- */

static void
log_object(const struct ocfl_inventory *inv)
{
	size_t i;

	fputs("object ", stdout);
	put_escaped(inv->id);
	putchar('\n');
	for (i = inv->nversions; i-- > 0;) {
		const struct ocfl_version *v = &inv->versions[i];

		printf("%s\t%s\t%zu files\t", v->info.name, v->info.created ? v->info.created : "",
		       v->nstate);
		if (v->info.user_name != NULL) {
			put_escaped(v->info.user_name);
			if (v->info.user_address != NULL) {
				fputs(" <", stdout);
				put_escaped(v->info.user_address);
				putchar('>');
			}
		}
		putchar('\t');
		if (v->info.message != NULL)
			put_escaped(v->info.message);
		putchar('\n');
	}
}

struct log_walk {
	struct ocfl_inventory **invs;
	size_t n, cap;
	int rc;
};

static int
log_one(const char *objroot, void *arg)
{
	struct log_walk *w = arg;
	struct ocfl_inventory *inv, **ni;
	char err[1024];

	if ((inv = ocfl_inventory_load(objroot, err, sizeof err)) == NULL) {
		wq_warnx("%s", err);
		w->rc = WQ_EXIT_INVALID;
		return 0;
	}
	if (w->n == w->cap) {
		w->cap = w->cap ? w->cap * 2 : 16;
		if ((ni = realloc(w->invs, w->cap * sizeof *ni)) == NULL) {
			ocfl_inventory_free(inv);
			return -1;
		}
		w->invs = ni;
	}
	w->invs[w->n++] = inv;
	return 0;
}

static int
cmp_inv(const void *a, const void *b)
{
	return strcmp((*(struct ocfl_inventory *const *)a)->id, (*(struct ocfl_inventory *const *)b)->id);
}

static int
log_main(const struct wq_cmd_ctx *ctx, int argc, char **argv)
{
	struct ocfl_inventory *inv;
	struct log_walk w = { NULL, 0, 0, WQ_EXIT_OK };
	char err[1024];
	size_t i;
	int rc;

	if ((rc = simple_opts("log", argc, argv)) >= 0)
		return rc;
	if (argc - optind > 1)
		return read_usage("log", stderr, WQ_EXIT_TROUBLE);
	if (optind < argc) {
		if ((inv = load(ctx, argv[optind], &rc)) == NULL)
			return rc;
		log_object(inv);
		ocfl_inventory_free(inv);
		return WQ_EXIT_OK;
	}
	if (ocfl_store_check(ctx->store, err, sizeof err) != 0) {
		wq_warnx("%s", err);
		return WQ_EXIT_TROUBLE;
	}
	rc = ocfl_store_walk(ctx->store, log_one, &w, err, sizeof err);
	if (rc != 0) {
		wq_warnx("%s", rc < 0 && *err ? err : strerror(ENOMEM));
		w.rc = WQ_EXIT_TROUBLE;
	}
	qsort(w.invs, w.n, sizeof *w.invs, cmp_inv);
	for (i = 0; i < w.n; i++) {
		if (i > 0)
			putchar('\n');
		log_object(w.invs[i]);
		ocfl_inventory_free(w.invs[i]);
	}
	free(w.invs);
	return w.rc;
}

/* ---- ls ---- */

static int
ls_main(const struct wq_cmd_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "long", no_argument, NULL, 'l' },
		{ "version", required_argument, NULL, 'v' },
		{ NULL, 0, NULL, 0 },
	};
	struct ocfl_inventory *inv;
	struct ocfl_file *files;
	const char *version = NULL;
	bool lng = false;
	size_t n, i;
	int ch, rc;

	while ((ch = getopt_long(argc, argv, "hl", opts, NULL)) != -1) {
		switch (ch) {
		case 'h':
			return read_usage("ls", stdout, WQ_EXIT_OK);
		case 'l':
			lng = true;
			break;
		case 'v':
			version = optarg;
			break;
		default:
			return read_usage("ls", stderr, WQ_EXIT_TROUBLE);
		}
	}
	if (argc - optind != 1)
		return read_usage("ls", stderr, WQ_EXIT_TROUBLE);
	if ((inv = load(ctx, argv[optind], &rc)) == NULL)
		return rc;
	if (ocfl_version_files(inv, version, &files, &n) != 0) {
		if (errno == ENOENT)
			wq_warnx("%s: no version %s (head is %s)", inv->id, version, inv->head);
		else
			wq_warn("%s", inv->id);
		rc = errno == ENOENT ? WQ_EXIT_INVALID : WQ_EXIT_TROUBLE;
		ocfl_inventory_free(inv);
		return rc;
	}
	for (i = 0; i < n; i++) {
		if (lng) {
			if (files[i].size == UINT64_MAX)
				printf("%s\t?\t", files[i].digest);
			else
				printf("%s\t%llu\t", files[i].digest, (unsigned long long)files[i].size);
		}
		put_escaped(files[i].logical);
		putchar('\n');
	}
	ocfl_files_free(files, n);
	ocfl_inventory_free(inv);
	return WQ_EXIT_OK;
}

/* ---- diff ---- */

struct change {
	char kind;         /* A D M R */
	const char *path;  /* the path in B (A, M, R) or A (D) */
	const char *from;  /* R: the path in A */
};

static int
cmp_change(const void *a, const void *b)
{
	const struct change *x = a, *y = b;
	int c = strcmp(x->path, y->path);

	return c != 0 ? c : x->kind - y->kind;
}

static int
diff_main(const struct wq_cmd_ctx *ctx, int argc, char **argv)
{
	struct ocfl_inventory *inv;
	const struct ocfl_version *va, *vb;
	struct change *ch = NULL;
	const struct ocfl_sentry **gone = NULL;
	size_t nch = 0, ngone = 0, i, j, k, pass;
	bool *paired = NULL;
	int rc;

	if ((rc = simple_opts("diff", argc, argv)) >= 0)
		return rc;
	if (argc - optind != 2 && argc - optind != 3)
		return read_usage("diff", stderr, WQ_EXIT_TROUBLE);
	if ((inv = load(ctx, argv[optind], &rc)) == NULL)
		return rc;
	va = ocfl_inventory_find_version(inv, argv[optind + 1]);
	vb = ocfl_inventory_find_version(inv, argc - optind == 3 ? argv[optind + 2] : NULL);
	if (va == NULL || vb == NULL) {
		wq_warnx("%s: no version %s (head is %s)", inv->id,
		         va == NULL ? argv[optind + 1] : argv[optind + 2], inv->head);
		ocfl_inventory_free(inv);
		return WQ_EXIT_INVALID;
	}
	if ((ch = calloc(va->nstate + vb->nstate + 1, sizeof *ch)) == NULL ||
	    (gone = calloc(va->nstate + 1, sizeof *gone)) == NULL ||
	    (paired = calloc(va->nstate + 1, sizeof *paired)) == NULL) {
		wq_warn("diff");
		rc = WQ_EXIT_TROUBLE;
		goto out;
	}
	/* both states are sorted by logical path: merge */
	for (i = j = 0; i < va->nstate || j < vb->nstate;) {
		int c = i == va->nstate ? 1 : j == vb->nstate ? -1
		      : strcmp(va->state[i].logical, vb->state[j].logical);
		if (c < 0) {
			gone[ngone++] = &va->state[i++];
		} else if (c > 0) {
			ch[nch].kind = 'A';
			ch[nch++].path = vb->state[j++].logical;
		} else {
			if (strcmp(va->state[i].digest, vb->state[j].digest) != 0) {
				ch[nch].kind = 'M';
				ch[nch++].path = vb->state[j].logical;
			}
			i++;
			j++;
		}
	}
	/*
	 * An added path with the digest of a removed one is a rename; a removed
	 * path with the same base name is preferred, then the first by path.
	 */
	for (pass = 0; pass < 2; pass++) {
		for (k = 0; k < nch; k++) {
			const struct ocfl_sentry *added;
			if (ch[k].kind != 'A')
				continue;
			added = ocfl_state_find(vb, ch[k].path);
			for (i = 0; i < ngone; i++) {
				if (paired[i] || strcmp(gone[i]->digest, added->digest) != 0)
					continue;
				if (pass == 0 && strcmp(wq_path_base(gone[i]->logical),
				                        wq_path_base(added->logical)) != 0)
					continue;
				paired[i] = true;
				ch[k].kind = 'R';
				ch[k].from = gone[i]->logical;
				break;
			}
		}
	}
	for (i = 0; i < ngone; i++) {
		if (!paired[i]) {
			ch[nch].kind = 'D';
			ch[nch++].path = gone[i]->logical;
		}
	}
	qsort(ch, nch, sizeof *ch, cmp_change);
	for (k = 0; k < nch; k++) {
		printf("%c\t", ch[k].kind);
		if (ch[k].kind == 'R') {
			put_escaped(ch[k].from);
			putchar('\t');
		}
		put_escaped(ch[k].path);
		putchar('\n');
	}
	rc = WQ_EXIT_OK;
out:
	free(ch);
	free(gone);
	free(paired);
	ocfl_inventory_free(inv);
	return rc;
}

int
cmd_log(const struct wq_cmd_ctx *ctx, int argc, char **argv)
{
	return closeout(log_main(ctx, argc, argv));
}

int
cmd_ls(const struct wq_cmd_ctx *ctx, int argc, char **argv)
{
	return closeout(ls_main(ctx, argc, argv));
}

int
cmd_diff(const struct wq_cmd_ctx *ctx, int argc, char **argv)
{
	return closeout(diff_main(ctx, argc, argv));
}
