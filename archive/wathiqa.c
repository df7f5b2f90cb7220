/*
 * wathiqa - versioned snapshots with checksums: an OCFL 1.1 store and
 * BagIt exports. This file is only the subcommand table, the global
 * options and the dispatch; each subcommand parses its own options.
 */
#define _GNU_SOURCE
#include <getopt.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wathiqa.h"
#include "commands.h"

static const struct cmd {
	const char *name;
	wq_cmd_fn *fn;
	const char *usage;
} cmds[] = {
	{ "bag", cmd_bag, "bag verify [-q] [--max-ratio N] PATH..." },
	{ "commit", cmd_commit,
	  "commit --id ID [-m MESSAGE] [--user NAME [--address URI]] [--update] [--rehash] PATH..." },
	{ "diff", cmd_diff, "diff ID VERSION [VERSION]" },
	{ "export", cmd_export, "export ID [--version vN] --format dir|tar|tar.gz|zip -o OUT [--force]" },
	{ "init", cmd_init, "init" },
	{ "log", cmd_log, "log [ID]" },
	{ "ls", cmd_ls, "ls [-l] [--version vN] ID" },
	{ "restore", cmd_restore, "restore [--force] [--version vN] ID DIR" },
	{ "verify", cmd_verify, "verify [--json] [-q] [ID... | PATH...]" },
};
#define NCMDS (sizeof cmds / sizeof cmds[0])

const char *
wq_cmd_usage(const char *name)
{
	size_t i;

	for (i = 0; i < NCMDS; i++)
		if (strcmp(cmds[i].name, name) == 0)
			return cmds[i].usage;
	return NULL;
}

static void
usage(FILE *fp)
{
	size_t i;

	fprintf(fp, "usage: wathiqa [--store DIR] COMMAND [ARGS]\n"
	            "       wathiqa --help | --version\n"
	            "commands:\n");
	for (i = 0; i < NCMDS; i++)
		fprintf(fp, "  wathiqa %s\n", cmds[i].usage);
	fprintf(fp, "The store is --store DIR, else $WATHIQA_STORE, else ./archive.\n");
}

int
main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "store", required_argument, NULL, 's' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct wq_cmd_ctx ctx;
	const char *env;
	size_t i;
	int ch;

	wq_setprogname(argv[0]);
#ifdef __GLIBC__
	/*
	 * A commit or verify allocates and frees buffers of megabytes one after
	 * the other. Kept in the heap once freed, they are reused by the next
	 * with their pages already mapped; given back at once, each new one
	 * faults in fresh pages, which is a good part of a small commit's time.
	 */
	(void)mallopt(M_MMAP_THRESHOLD, 32 << 20);
	(void)mallopt(M_TRIM_THRESHOLD, 64 << 20);
#endif
	env = getenv("WATHIQA_STORE");
	ctx.store = env != NULL && *env != '\0' ? env : "./archive";
	while ((ch = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
		switch (ch) {
		case 'h':
			usage(stdout);
			return wq_close_stdout();
		case 's':
			if (*optarg == '\0')
				wq_die(WQ_EXIT_TROUBLE, "--store: empty folder name");
			ctx.store = optarg;
			break;
		case 'V':
			wq_print_version();
			return wq_close_stdout();
		default:
			usage(stderr);
			return WQ_EXIT_TROUBLE;
		}
	}
	if (optind >= argc) {
		usage(stderr);
		return WQ_EXIT_TROUBLE;
	}
	for (i = 0; i < NCMDS; i++)
		if (strcmp(cmds[i].name, argv[optind]) == 0)
			break;
	if (i == NCMDS) {
		wq_warnx("unknown command '%s'", argv[optind]);
		usage(stderr);
		return WQ_EXIT_TROUBLE;
	}
	argc -= optind;
	argv += optind;
	optind = 0; /* the subcommand's getopt starts afresh */
	/* each command closes stdout itself (see commands.h) */
	return cmds[i].fn(&ctx, argc, argv);
}
