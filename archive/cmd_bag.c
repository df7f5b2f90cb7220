/* cmd_bag.c - "wathiqa bag verify PATH...": validate BagIt bags. */
#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bagit_verify.h"
#include "commands.h"
#include "wathiqa.h"

static const char bag_usage[] =
	"usage: wathiqa bag verify [-q] [--max-ratio N] PATH...\n";

struct bag_run {
	const char *bag;
	bool quiet;
	unsigned long errors, warnings;
};

static void
bag_report(void *arg, bool error, const char *file, unsigned long line, const char *msg)
{
	struct bag_run *r = arg;

	if (error)
		r->errors++;
	else
		r->warnings++;
	if (!error && r->quiet)
		return;
	if (file == NULL)
		wq_warnx("%s: %s%s", r->bag, error ? "" : "warning: ", msg);
	else if (line == 0)
		wq_warnx("%s: %s: %s%s", r->bag, file, error ? "" : "warning: ", msg);
	else
		wq_warnx("%s: %s:%lu: %s%s", r->bag, file, line, error ? "" : "warning: ", msg);
}

static int
bag_verify_cmd(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "max-ratio", required_argument, NULL, 'R' },
		{ "quiet", no_argument, NULL, 'q' },
		{ NULL, 0, NULL, 0 }
	};
	struct bag_run run = { NULL, false, 0, 0 };
	int c, status = WQ_EXIT_OK;
	uint64_t max_ratio = 0;
	char *end;

#ifdef __GLIBC__
	optind = 0;
#else
	optind = 1;
#endif
	opterr = 0; /* our own messages, with the program's name */
	while ((c = getopt_long(argc, argv, "hq", opts, NULL)) != -1) {
		switch (c) {
		case 'h':
			fputs(bag_usage, stdout);
			return wq_close_stdout();
		case 'q':
			run.quiet = true;
			break;
		case 'R':
			errno = 0;
			max_ratio = strtoull(optarg, &end, 10);
			if (errno != 0 || end == optarg || *end != '\0' || max_ratio == 0 ||
			    optarg[0] == '-') {
				wq_warnx("bag verify: --max-ratio: not a positive number: %s", optarg);
				return WQ_EXIT_TROUBLE;
			}
			break;
		default:
			wq_warnx("bag verify: unknown option or missing value: %s", argv[optind - 1]);
			fputs(bag_usage, stderr);
			return WQ_EXIT_TROUBLE;
		}
	}
	if (optind >= argc) {
		fputs(bag_usage, stderr);
		return WQ_EXIT_TROUBLE;
	}
	for (int i = optind; i < argc; i++) {
		struct bag_verify_opts o = { bag_report, &run, true, max_ratio, 0 };
		int r;

		run.bag = argv[i];
		run.errors = run.warnings = 0;
		r = bag_verify(argv[i], &o);
		if (r > status)
			status = r;
		if (run.quiet)
			continue;
		if (r == 0)
			printf("%s: valid", argv[i]);
		else if (r == 1)
			printf("%s: invalid, %lu error%s", argv[i], run.errors,
			       run.errors == 1 ? "" : "s");
		else
			printf("%s: not checked", argv[i]);
		if (run.warnings > 0)
			printf(", %lu warning%s", run.warnings, run.warnings == 1 ? "" : "s");
		putchar('\n');
	}
	if (wq_close_stdout() != 0)
		status = WQ_EXIT_TROUBLE;
	return status;
}

int
cmd_bag(const struct wq_cmd_ctx *ctx, int argc, char **argv)
{
	(void)ctx;
	if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		fputs(bag_usage, stdout);
		return wq_close_stdout();
	}
	if (argc < 2 || strcmp(argv[1], "verify") != 0) {
		if (argc >= 2)
			wq_warnx("bag: unknown subcommand '%s'", argv[1]);
		fputs(bag_usage, stderr);
		return WQ_EXIT_TROUBLE;
	}
	return bag_verify_cmd(argc - 1, argv + 1);
}
