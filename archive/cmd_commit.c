/*
 * cmd_commit.c - wathiqa commit: files and folders as the next version.
 */
#define _GNU_SOURCE
#include <getopt.h>
#include <stdio.h>

#include "wathiqa.h"
#include "commands.h"
#include "ocfl_object.h"


/* Every command closes stdout itself (a failed write changes the exit status). */
static int
closeout(int rc)
{
	int c = wq_close_stdout();

	return c > rc ? c : rc;
}

static int
commit_usage(FILE *fp, int rc)
{
	fprintf(fp, "usage: wathiqa [--store DIR] %s\n", wq_cmd_usage("commit"));
	return rc;
}

static int
commit_main(const struct wq_cmd_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "address", required_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'h' },
		{ "id", required_argument, NULL, 'i' },
		{ "message", required_argument, NULL, 'm' },
		{ "rehash", no_argument, NULL, 'R' },
		{ "update", no_argument, NULL, 'U' },
		{ "user", required_argument, NULL, 'u' },
		{ NULL, 0, NULL, 0 },
	};
	struct ocfl_commit_opts o = { 0 };
	struct ocfl_commit_result res;
	char err[2048];
	int ch, rc;

	o.store = ctx->store;
	while ((ch = getopt_long(argc, argv, "hm:", opts, NULL)) != -1) {
		switch (ch) {
		case 'a':
			o.user_address = optarg;
			break;
		case 'h':
			return commit_usage(stdout, WQ_EXIT_OK);
		case 'i':
			o.id = optarg;
			break;
		case 'm':
			o.message = optarg;
			break;
		case 'R':
			o.rehash = true;
			break;
		case 'U':
			o.update = true;
			break;
		case 'u':
			o.user_name = optarg;
			break;
		default:
			return commit_usage(stderr, WQ_EXIT_TROUBLE);
		}
	}
	if (o.id == NULL) {
		wq_warnx("commit: --id ID is required");
		return commit_usage(stderr, WQ_EXIT_TROUBLE);
	}
	if (o.user_address != NULL && o.user_name == NULL) {
		wq_warnx("commit: --address needs --user");
		return commit_usage(stderr, WQ_EXIT_TROUBLE);
	}
	if (optind >= argc) {
		wq_warnx("commit: no files or folders to commit");
		return commit_usage(stderr, WQ_EXIT_TROUBLE);
	}
	o.paths = argv + optind;
	o.npaths = (size_t)(argc - optind);
	rc = ocfl_commit(&o, &res, err, sizeof err);
	if (res.recovered)
		wq_warnx("%s: completed an interrupted earlier commit first", o.id);
	if (rc != WQ_EXIT_OK) {
		wq_warnx("%s", err);
		return rc;
	}
	if (res.unchanged)
		printf("%s: unchanged (%zu files, same as %s); no new version\n", o.id, res.nfiles,
		       res.version);
	else
		printf("%s: %s%s (%zu files, %zu new content files, %llu bytes new)\n", o.id,
		       res.version, res.created ? ", new object" : "", res.nfiles, res.nnew,
		       (unsigned long long)res.bytes_new);
	return WQ_EXIT_OK;
}

int
cmd_commit(const struct wq_cmd_ctx *ctx, int argc, char **argv)
{
	return closeout(commit_main(ctx, argc, argv));
}
