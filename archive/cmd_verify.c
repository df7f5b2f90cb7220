/*
 * cmd_verify.c - "wathiqa verify": validate a storage root or objects
 * against the OCFL 1.1 (and 1.0) specification, fixity included.
 *
 * Each problem goes to stderr as "wathiqa: PATH: E040: message", one per
 * line; a verdict per target goes to stdout ("PATH: valid"), or one JSON
 * document with --json. Exit 0 valid (warnings allowed), 1 invalid, 2
 * usage or system error.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <jansson.h>

#include "commands.h"
#include "ocfl_verify.h"
#include "wathiqa.h"

static void
usage(FILE *fp)
{
	fprintf(fp, "usage: %s verify [--json] [-q] [--store DIR] [ID... | PATH...]\n",
	        wq_progname());
}

/* main() closes stdout; a write error shows here already. */
static int
flush_stdout(void)
{
	if (fflush(stdout) == EOF || ferror(stdout)) {
		wq_warn("write error on standard output");
		return WQ_EXIT_TROUBLE;
	}
	return WQ_EXIT_OK;
}

struct vrun {
	const char *store;
	bool quiet, json;
	json_t *out;     /* the JSON document's array of targets */
	int status;
};

static void
print_report(struct vrun *v, const char *target, const char *kind, const struct ocfl_report *r)
{
	size_t i;

	if (v->json) {
		json_t *t = json_object(), *probs = json_array();

		for (i = 0; i < r->n; i++) {
			const struct ocfl_problem *p = &r->v[i];
			const char *text = ocfl_code_text(p->code);
			json_t *o = json_object();

			json_object_set_new(o, "code", json_string(strcmp(p->code, "E000") == 0 ? "" : p->code));
			json_object_set_new(o, "severity",
			                    json_string(p->code[0] == 'W' ? "warning" : "error"));
			json_object_set_new(o, "path", json_string(p->where));
			json_object_set_new(o, "message", json_string(p->msg));
			if (text != NULL)
				json_object_set_new(o, "description", json_string(text));
			json_array_append_new(probs, o);
		}
		json_object_set_new(t, "target", json_string(target));
		json_object_set_new(t, "kind", json_string(kind));
		json_object_set_new(t, "valid", json_boolean(r->errors == 0 && r->trouble == 0));
		json_object_set_new(t, "errors", json_integer((json_int_t)r->errors));
		json_object_set_new(t, "warnings", json_integer((json_int_t)r->warnings));
		json_object_set_new(t, "problems", probs);
		json_array_append_new(v->out, t);
		return;
	}
	for (i = 0; i < r->n; i++) {
		const struct ocfl_problem *p = &r->v[i];

		if (strcmp(p->code, "E000") == 0)
			wq_warnx("%s: %s", p->where, p->msg);
		else if (p->code[0] != 'W' || !v->quiet)
			wq_warnx("%s: %s: %s", p->where, p->code, p->msg);
	}
	if (v->quiet)
		return;
	fflush(stderr);
	if (r->trouble)
		printf("%s: not verified (%s)\n", target, strerror(r->trouble));
	else if (r->errors)
		printf("%s: invalid %s (%zu error%s, %zu warning%s)\n", target, kind, r->errors,
		       r->errors == 1 ? "" : "s", r->warnings, r->warnings == 1 ? "" : "s");
	else if (r->warnings)
		printf("%s: valid %s (%zu warning%s)\n", target, kind, r->warnings,
		       r->warnings == 1 ? "" : "s");
	else
		printf("%s: valid %s\n", target, kind);
	fflush(stdout);
}

static void
verdict(struct vrun *v, const struct ocfl_report *r)
{
	if (r->trouble)
		v->status = WQ_EXIT_TROUBLE;
	else if (r->errors && v->status == WQ_EXIT_OK)
		v->status = WQ_EXIT_INVALID;
}

static void
verify_path(struct vrun *v, const char *path, bool as_root)
{
	struct ocfl_verify_opts opts = { false, true };
	struct ocfl_report r = OCFL_REPORT_INIT;
	int rc;

	if (as_root)
		rc = ocfl_verify_root(path, &opts, &r);
	else
		rc = ocfl_verify_object(path, path, &opts, &r, NULL, NULL);
	if (rc < 0) {
		wq_warn("%s", path);
		v->status = WQ_EXIT_TROUBLE;
	} else {
		print_report(v, path, as_root ? "storage root" : "object", &r);
		verdict(v, &r);
	}
	ocfl_report_free(&r);
}

static void
verify_arg(struct vrun *v, const char *arg)
{
	struct stat st;
	char *path;

	if (stat(arg, &st) == 0) {
		if (!S_ISDIR(st.st_mode)) {
			wq_warnx("%s: not a directory (an OCFL object or storage root)", arg);
			v->status = WQ_EXIT_TROUBLE;
			return;
		}
		verify_path(v, arg, ocfl_is_storage_root(arg) && !ocfl_is_object_root(arg));
		return;
	}
	/* Not a path: an object id in the store. */
	if (stat(v->store, &st) < 0 || !S_ISDIR(st.st_mode)) {
		wq_warnx("%s: no such file, and no store '%s' to look the id up in", arg, v->store);
		v->status = WQ_EXIT_TROUBLE;
		return;
	}
	if ((path = ocfl_find_object(v->store, arg)) == NULL) {
		if (errno == ENOENT)
			wq_warnx("%s: no such object in '%s'", arg, v->store);
		else
			wq_warn("%s", arg);
		v->status = WQ_EXIT_TROUBLE;
		return;
	}
	verify_path(v, path, false);
	free(path);
}

int
cmd_verify(const struct wq_cmd_ctx *ctx, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "json", no_argument, NULL, 'j' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "store", required_argument, NULL, 's' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct vrun v = { NULL, false, false, NULL, WQ_EXIT_OK };
	int ch, i, rc;

	v.store = ctx != NULL && ctx->store != NULL ? ctx->store : "./archive";
	while ((ch = getopt_long(argc, argv, "hqs:", longopts, NULL)) != -1) {
		switch (ch) {
		case 'h':
			usage(stdout);
			return flush_stdout();
		case 'j':
			v.json = true;
			break;
		case 'q':
			v.quiet = true;
			break;
		case 's':
			v.store = optarg;
			break;
		case 'V':
			wq_print_version();
			return flush_stdout();
		default:
			usage(stderr);
			return WQ_EXIT_TROUBLE;
		}
	}
	argc -= optind;
	argv += optind;
	if (v.json && (v.out = json_array()) == NULL) {
		wq_warnx("out of memory");
		return WQ_EXIT_TROUBLE;
	}
	if (argc == 0) {
		struct stat st;

		if (stat(v.store, &st) < 0 || !S_ISDIR(st.st_mode)) {
			wq_warnx("%s: no store here (use --store DIR or 'wathiqa init')", v.store);
			v.status = WQ_EXIT_TROUBLE;
		} else {
			verify_path(&v, v.store, true);
		}
	}
	for (i = 0; i < argc; i++)
		verify_arg(&v, argv[i]);
	if (v.json) {
		if (json_dumpf(v.out, stdout, JSON_INDENT(2)) < 0 || putchar('\n') == EOF)
			v.status = WQ_EXIT_TROUBLE;
		json_decref(v.out);
	}
	rc = flush_stdout();
	return rc != 0 ? rc : v.status;
}
