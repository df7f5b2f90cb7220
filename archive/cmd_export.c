/*
 * cmd_export.c - "wathiqa export ID [--version vN] --format FMT -o OUT":
 * a version of an object as a BagIt 1.0 bag.
 *
 * Reproducibility: every time in the bag (Bagging-Date, the entries'
 * modification times) comes from the version's "created" time, so the same
 * version always gives the same bytes, whenever and wherever it is exported.
 * SOURCE_DATE_EPOCH is not used: the version already carries its own date.
 */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "commands.h"
#include "export.h"
#include "ocfl_store.h"
#include "wathiqa.h"

static const char export_usage[] =
	"usage: wathiqa export ID [--version vN] --format dir|tar|tar.gz|zip -o OUT [--force]\n";

/* Days since 1970-01-01 of a civil date (proleptic Gregorian). */
static int64_t
days_from_civil(int64_t y, unsigned m, unsigned d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

static bool
digits(const char *s, int n, int *out)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

/* RFC 3339 "YYYY-MM-DDTHH:MM:SS[.frac](Z|+HH:MM|-HH:MM)" to seconds since the epoch. */
static int
parse_rfc3339(const char *s, int64_t *t)
{
	int Y, M, D, h, m, sec, oh = 0, om = 0, sign = 0;

	if (strlen(s) < 20 || !digits(s, 4, &Y) || s[4] != '-' || !digits(s + 5, 2, &M) ||
	    s[7] != '-' || !digits(s + 8, 2, &D) || (s[10] != 'T' && s[10] != 't' && s[10] != ' ') ||
	    !digits(s + 11, 2, &h) || s[13] != ':' || !digits(s + 14, 2, &m) || s[16] != ':' ||
	    !digits(s + 17, 2, &sec))
		return -1;
	s += 19;
	if (*s == '.') {
		s++;
		if (!isdigit((unsigned char)*s))
			return -1;
		while (isdigit((unsigned char)*s))
			s++;
	}
	if (*s == 'Z' || *s == 'z')
		s++;
	else if (*s == '+' || *s == '-') {
		sign = *s == '-' ? -1 : 1;
		if (!digits(s + 1, 2, &oh) || s[3] != ':' || !digits(s + 4, 2, &om))
			return -1;
		s += 6;
	} else
		return -1;
	if (*s != '\0' || M < 1 || M > 12 || D < 1 || D > 31 || h > 23 || m > 59 || sec > 60 ||
	    oh > 23 || om > 59)
		return -1;
	*t = days_from_civil(Y, (unsigned)M, (unsigned)D) * 86400 + h * 3600 + m * 60 + sec -
	     sign * (oh * 3600 + om * 60);
	return 0;
}

static void
export_warn(void *arg, const char *msg)
{
	wq_warnx("%s: warning: %s", (const char *)arg, msg);
}

int
cmd_export(const struct wq_cmd_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "force", no_argument, NULL, 'f' },
		{ "format", required_argument, NULL, 'F' },
		{ "help", no_argument, NULL, 'h' },
		{ "output", required_argument, NULL, 'o' },
		{ "version", required_argument, NULL, 'v' },
		{ NULL, 0, NULL, 0 }
	};
	const char *version = NULL, *fmt = NULL, *out = NULL, *id;
	struct export_job job;
	struct ocfl_inventory *inv = NULL;
	struct ocfl_version_info vi;
	struct ocfl_file *files = NULL;
	size_t nfiles = 0;
	struct export_file *ef = NULL;
	char **sources = NULL;
	struct export_info info[5];
	char err[1024], date[11], *user = NULL, *objpath = NULL, *outbuf = NULL;
	int c, status = WQ_EXIT_TROUBLE;
	bool force = false;
	struct stat st;

	memset(&job, 0, sizeof(job));
#ifdef __GLIBC__
	optind = 0;
#else
	optind = 1;
#endif
	opterr = 0; /* our own messages, with the program's name */
	while ((c = getopt_long(argc, argv, "fF:ho:v:", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			force = true;
			break;
		case 'F':
			fmt = optarg;
			break;
		case 'h':
			fputs(export_usage, stdout);
			return wq_close_stdout();
		case 'o':
			out = optarg;
			break;
		case 'v':
			version = optarg;
			break;
		default:
			if (c == ':' || (optopt != 0 && strchr("Fov", optopt) != NULL))
				wq_warnx("export: option needs a value: %s", argv[optind - 1]);
			else
				wq_warnx("export: unknown option: %s", argv[optind - 1]);
			fputs(export_usage, stderr);
			return WQ_EXIT_TROUBLE;
		}
	}
	if (optind != argc - 1 || fmt == NULL || out == NULL) {
		if (optind == argc)
			wq_warnx("export: no object ID");
		else if (optind < argc - 1)
			wq_warnx("export: one object ID at a time");
		else
			wq_warnx("export: %s is required", fmt == NULL ? "--format" : "-o OUT");
		fputs(export_usage, stderr);
		return WQ_EXIT_TROUBLE;
	}
	id = argv[optind];
	if ((outbuf = strdup(out)) == NULL) {
		wq_warn("export");
		return WQ_EXIT_TROUBLE;
	}
	for (size_t n = strlen(outbuf); n > 1 && outbuf[n - 1] == '/'; n--)
		outbuf[n - 1] = '\0'; /* "bag/" is the folder "bag" */
	out = outbuf;
	if (export_format_parse(fmt, &job.format) != 0) {
		wq_warnx("export: unknown format '%s' (dir, tar, tar.gz or zip)", fmt);
		goto out;
	}
	if (!force && lstat(out, &st) == 0) {
		wq_warnx("%s: exists (use --force to replace it)", out);
		goto out;
	}
	if ((objpath = ocfl_object_path(ctx->store, id)) == NULL) {
		wq_warn("%s", id);
		goto out;
	}
	if (stat(objpath, &st) != 0) {
		wq_warnx("%s: no such object in %s", id, ctx->store);
		goto out;
	}
	if ((inv = ocfl_store_load(ctx->store, id, err, sizeof(err))) == NULL) {
		wq_warnx("%s: %s", id, err);
		status = WQ_EXIT_INVALID;
		goto out;
	}
	if (ocfl_version_info(inv, version, &vi) != 0) {
		wq_warnx("%s: no version %s (head is %s)", id, version ? version : "(head)",
		         ocfl_inventory_head(inv));
		goto out;
	}
	if (ocfl_version_files(inv, version, &files, &nfiles) != 0) {
		wq_warn("%s", id);
		goto out;
	}
	enum wq_digest_alg alg;
	if (wq_digest_from_name(ocfl_inventory_alg(inv), &alg) != 0 ||
	    (alg != WQ_SHA512 && alg != WQ_SHA256)) {
		wq_warnx("%s: unsupported digest algorithm %s", id, ocfl_inventory_alg(inv));
		status = WQ_EXIT_INVALID;
		goto out;
	}
	if (vi.created == NULL || parse_rfc3339(vi.created, &job.mtime) != 0) {
		wq_warnx("%s: version %s: bad created time '%s'", id, vi.name,
		         vi.created ? vi.created : "");
		status = WQ_EXIT_INVALID;
		goto out;
	}
	wq_format_date(job.mtime, date);
	if ((ef = calloc(nfiles ? nfiles : 1, sizeof(*ef))) == NULL ||
	    (sources = calloc(nfiles ? nfiles : 1, sizeof(*sources))) == NULL) {
		wq_warn("export");
		goto out;
	}
	for (size_t i = 0; i < nfiles; i++) {
		if ((sources[i] = wq_path_join(ocfl_inventory_objroot(inv), files[i].content)) == NULL) {
			wq_warn("export");
			goto out;
		}
		ef[i].logical = files[i].logical;
		ef[i].source = sources[i];
		ef[i].digest = files[i].digest;
		ef[i].alg = alg;
	}
	size_t ni = 0;
	info[ni++] = (struct export_info){ "External-Identifier", id };
	info[ni++] = (struct export_info){ "Version", vi.name };
	info[ni++] = (struct export_info){ "Version-Created", vi.created };
	if (vi.message != NULL && vi.message[0] != '\0')
		info[ni++] = (struct export_info){ "Version-Message", vi.message };
	if (vi.user_name != NULL) {
		size_t n = strlen(vi.user_name) + (vi.user_address ? strlen(vi.user_address) : 0) + 4;
		if ((user = malloc(n)) == NULL) {
			wq_warn("export");
			goto out;
		}
		if (vi.user_address != NULL)
			snprintf(user, n, "%s <%s>", vi.user_name, vi.user_address);
		else
			snprintf(user, n, "%s", vi.user_name);
		info[ni++] = (struct export_info){ "Version-User", user };
	}
	job.out = out;
	job.force = force;
	job.progress = true;
	job.bagging_date = date;
	job.info = info;
	job.ninfo = ni;
	job.files = ef;
	job.nfiles = nfiles;
	job.warn = export_warn;
	job.warn_arg = (void *)id;
	switch (export_bag(&job, err, sizeof(err))) {
	case EXPORT_OK:
		status = WQ_EXIT_OK;
		break;
	case EXPORT_BAD:
		wq_warnx("%s: %s: %s", id, vi.name, err);
		status = WQ_EXIT_INVALID;
		break;
	case EXPORT_TROUBLE:
		wq_warnx("%s", err);
		status = WQ_EXIT_TROUBLE;
		break;
	}
out:
	if (sources != NULL)
		for (size_t i = 0; i < nfiles; i++)
			free(sources[i]);
	free(sources);
	free(ef);
	free(user);
	free(objpath);
	free(outbuf);
	if (files != NULL)
		ocfl_files_free(files, nfiles);
	if (inv != NULL)
		ocfl_inventory_free(inv);
	return status;
}
