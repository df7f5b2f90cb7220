/*
 * epublint - check EPUB 3 publications: the OCF container, container.xml,
 * the package document, XHTML content documents and the navigation
 * document, with EPUBCheck's message IDs.
 *
 * Exit status: 0 every book is valid (warnings allowed, as EPUBCheck),
 * 1 a book has a FATAL or ERROR message, 2 usage or system error.
 * epublint reads its inputs and writes nothing but stdout and stderr.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <libxml/parser.h>

#include "el_check.h"
#include "wathiqa.h"

struct run {
	bool json, quiet, usage;
	struct el_limits lim;
	json_t *pubs;          /* --json: the publications array */
	int status;
};

static void
usage(FILE *fp)
{
	fprintf(fp, "usage: %s [--json] [-q] [-u] [--max-entries N] [--max-expanded BYTES] FILE.epub...\n",
	        wq_progname());
}

static bool
shown(const struct run *run, enum el_severity s)
{
	if (s == EL_USAGE)
		return run->usage;
	if (run->quiet)
		return s == EL_FATAL || s == EL_ERROR;
	return true;
}

/* s with control characters shown as \xNN, so names cannot drive the terminal; caller frees. */
static char *
printable(const char *s)
{
	struct wq_buf b = WQ_BUF_INIT;

	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;
		int rc = (c < 0x20 || c == 0x7F) ? wq_buf_printf(&b, "\\x%02X", c) : wq_buf_putc(&b, c);
		if (rc < 0) {
			wq_buf_free(&b);
			return NULL;
		}
	}
	return b.data != NULL ? wq_buf_steal(&b) : calloc(1, 1);
}

static void
print_text(const struct run *run, const char *file, const struct el_report *r)
{
	size_t i;

	for (i = 0; i < r->n; i++) {
		const struct el_msg *m = &r->msgs[i];
		const struct el_rule_def *d = &el_rules[m->rule];
		char loc[64] = "";
		char *path, *text;

		if (!shown(run, d->sev))
			continue;
		if (m->line > 0 && m->col > 0)
			snprintf(loc, sizeof loc, "(%lu,%lu)", m->line, m->col);
		else if (m->line > 0)
			snprintf(loc, sizeof loc, "(%lu)", m->line);
		path = m->path != NULL ? printable(m->path) : NULL;
		text = printable(m->text);
		if (path != NULL)
			wq_warnx("%s: %s(%s): %s%s: %s", file, el_severity_name(d->sev), d->id,
			         path, loc, text ? text : "");
		else
			wq_warnx("%s: %s(%s): %s", file, el_severity_name(d->sev), d->id,
			         text ? text : "");
		free(path);
		free(text);
	}
}

/* jansson helpers that record failure instead of crashing */
static int
jset(json_t *o, const char *k, json_t *v)
{
	return v == NULL ? -1 : json_object_set_new(o, k, v);
}

static json_t *
json_report(const struct run *run, const char *file, const struct el_report *r)
{
	json_t *pub = json_object(), *msgs = json_array();
	size_t i;
	int bad = 0;

	if (pub == NULL || msgs == NULL) {
		json_decref(pub);
		json_decref(msgs);
		return NULL;
	}
	bad |= jset(pub, "path", json_string(file));
	bad |= jset(pub, "valid", json_boolean(el_report_valid(r)));
	bad |= jset(pub, "fatals", json_integer((json_int_t)r->count[EL_FATAL]));
	bad |= jset(pub, "errors", json_integer((json_int_t)r->count[EL_ERROR]));
	bad |= jset(pub, "warnings", json_integer((json_int_t)r->count[EL_WARNING]));
	bad |= jset(pub, "infos", json_integer((json_int_t)r->count[EL_INFO]));
	bad |= jset(pub, "usages", json_integer((json_int_t)r->count[EL_USAGE]));
	for (i = 0; i < r->n && !bad; i++) {
		const struct el_msg *m = &r->msgs[i];
		const struct el_rule_def *d = &el_rules[m->rule];
		json_t *o, *loc, *locs;

		if (d->sev == EL_USAGE && !run->usage)
			continue;
		o = json_object();
		locs = json_array();
		loc = json_object();
		if (o == NULL || locs == NULL || loc == NULL) {
			json_decref(o);
			json_decref(locs);
			json_decref(loc);
			bad = 1;
			break;
		}
		bad |= json_array_append_new(msgs, o);
		bad |= jset(o, "ID", json_string(d->id));
		bad |= jset(o, "severity", json_string(el_severity_name(d->sev)));
		bad |= jset(o, "rule", json_string(d->name));
		bad |= jset(o, "message", json_string(m->text));
		bad |= jset(loc, "path", m->path ? json_string(m->path) : json_null());
		bad |= jset(loc, "line", json_integer(m->line ? (json_int_t)m->line : -1));
		bad |= jset(loc, "column", json_integer(m->col ? (json_int_t)m->col : -1));
		bad |= json_array_append_new(locs, loc);
		bad |= jset(o, "locations", locs);
	}
	bad |= json_object_set_new(pub, "messages", msgs);
	if (bad) {
		json_decref(pub);
		return NULL;
	}
	return pub;
}

static void
check_one(struct run *run, const char *file)
{
	struct el_report r = EL_REPORT_INIT;
	int e;

	if (el_check_file(file, &run->lim, &r) < 0) {
		e = errno;
		wq_warnx("%s: %s", file, strerror(e));
		if (run->json) {
			json_t *o = json_object();
			if (o == NULL || jset(o, "path", json_string(file)) < 0 ||
			    jset(o, "error", json_string(strerror(e))) < 0 ||
			    json_array_append_new(run->pubs, o) < 0)
				wq_warnx("out of memory");
		}
		run->status = WQ_EXIT_TROUBLE;
		el_report_free(&r);
		return;
	}
	if (!el_report_valid(&r) && run->status == WQ_EXIT_OK)
		run->status = WQ_EXIT_INVALID;
	if (run->json) {
		json_t *pub = json_report(run, file, &r);
		if (pub == NULL || json_array_append_new(run->pubs, pub) < 0) {
			wq_warnx("%s: out of memory", file);
			run->status = WQ_EXIT_TROUBLE;
		}
	} else {
		print_text(run, file, &r);
		if (!run->quiet &&
		    printf("%s: %s (%lu fatal, %lu errors, %lu warnings)\n", file,
		           el_report_valid(&r) ? "valid" : "invalid", r.count[EL_FATAL],
		           r.count[EL_ERROR], r.count[EL_WARNING]) < 0)
			run->status = WQ_EXIT_TROUBLE;
	}
	el_report_free(&r);
}

static int
parse_size(const char *s, uint64_t *out)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno != 0 || end == s || *s == '-')
		return -1;
	if (*end == 'K' || *end == 'k')
		v <<= 10, end++;
	else if (*end == 'M')
		v <<= 20, end++;
	else if (*end == 'G')
		v <<= 30, end++;
	if (*end != '\0' || v == 0)
		return -1;
	*out = v;
	return 0;
}

int
main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "json", no_argument, NULL, 'j' },
		{ "max-entries", required_argument, NULL, 'N' },
		{ "max-expanded", required_argument, NULL, 'M' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "usage", no_argument, NULL, 'u' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct run run = { false, false, false, EL_LIMITS_DEFAULT, NULL, WQ_EXIT_OK };
	uint64_t max;
	int c, i, st;

	wq_setprogname(argv[0]);
	while ((c = getopt_long(argc, argv, "hqu", opts, NULL)) != -1) {
		switch (c) {
		case 'h':
			usage(stdout);
			return wq_close_stdout();
		case 'j':
			run.json = true;
			break;
		case 'M':
			if (parse_size(optarg, &max) < 0)
				wq_die(WQ_EXIT_TROUBLE, "bad size for --max-expanded: %s", optarg);
			run.lim.max_total = max;
			if (run.lim.max_entry > max)
				run.lim.max_entry = max;
			break;
		case 'N':
			if (parse_size(optarg, &max) < 0)
				wq_die(WQ_EXIT_TROUBLE, "bad number for --max-entries: %s", optarg);
			run.lim.max_entries = max;
			break;
		case 'q':
			run.quiet = true;
			break;
		case 'u':
			run.usage = true;
			break;
		case 'V':
			wq_print_version();
			return wq_close_stdout();
		default:
			usage(stderr);
			return WQ_EXIT_TROUBLE;
		}
	}
	argc -= optind;
	argv += optind;
	if (argc == 0) {
		usage(stderr);
		return WQ_EXIT_TROUBLE;
	}
	xmlInitParser();
	wq_xml_refuse_external(); /* never load external entities or DTDs */
	if (run.json && (run.pubs = json_array()) == NULL)
		wq_die(WQ_EXIT_TROUBLE, "out of memory");
	for (i = 0; i < argc; i++)
		check_one(&run, argv[i]);
	if (run.json) {
		json_t *top = json_object(), *chk = json_object();
		if (top == NULL || chk == NULL ||
		    jset(chk, "name", json_string("epublint")) < 0 ||
		    jset(chk, "version", json_string(WQ_VERSION)) < 0 ||
		    json_object_set_new(top, "checker", chk) < 0 ||
		    json_object_set_new(top, "publications", run.pubs) < 0 ||
		    json_dumpf(top, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER) < 0 ||
		    putchar('\n') == EOF) {
			wq_warnx("cannot write the JSON report");
			run.status = WQ_EXIT_TROUBLE;
		}
		json_decref(top);
	}
	xmlCleanupParser();
	st = wq_close_stdout();
	return st != WQ_EXIT_OK ? st : run.status;
}
