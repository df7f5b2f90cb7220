/*
 * cmd_store.c - wathiqa init: make an OCFL 1.1 storage root.
 */
#define _GNU_SOURCE
#include <getopt.h>
#include <stdio.h>

#include "wathiqa.h"
#include "commands.h"
#include "ocfl_layout.h"


/* Every command closes stdout itself (a failed write changes the exit status). */
static int
closeout(int rc)
{
	int c = wq_close_stdout();

	return c > rc ? c : rc;
}

static int
init_main(const struct wq_cmd_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	char err[1024];
	bool exists;
	int ch;

	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (ch) {
		case 'h':
			printf("usage: wathiqa [--store DIR] %s\n", wq_cmd_usage("init"));
			return WQ_EXIT_OK;
		default:
			fprintf(stderr, "usage: wathiqa [--store DIR] %s\n", wq_cmd_usage("init"));
			return WQ_EXIT_TROUBLE;
		}
	}
	if (optind != argc) {
		wq_warnx("init: unexpected argument '%s' (the store is --store DIR)", argv[optind]);
		fprintf(stderr, "usage: wathiqa [--store DIR] %s\n", wq_cmd_usage("init"));
		return WQ_EXIT_TROUBLE;
	}
	if (ocfl_store_init(ctx->store, &exists, err, sizeof err) != 0) {
		wq_warnx("%s", err);
		return exists ? WQ_EXIT_INVALID : WQ_EXIT_TROUBLE;
	}
	printf("initialized OCFL 1.1 store %s\n", ctx->store);
	return WQ_EXIT_OK;
}

int
cmd_init(const struct wq_cmd_ctx *ctx, int argc, char **argv)
{
	return closeout(init_main(ctx, argc, argv));
}
