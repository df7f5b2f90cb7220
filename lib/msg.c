/* msg.c - messages on stderr, prefixed by the program name. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wathiqa.h"

/* Set once at start by main(); read-only afterwards. */
static const char *progname = "wathiqa";

void
wq_setprogname(const char *argv0)
{
	if (argv0 != NULL && *argv0 != '\0')
		progname = wq_path_base(argv0);
}

const char *
wq_progname(void)
{
	return progname;
}

void
wq_vwarnat(const char *file, unsigned long line, unsigned long col,
           const char *fmt, va_list ap)
{
	fprintf(stderr, "%s: ", progname);
	if (file != NULL) {
		fputs(file, stderr);
		if (line > 0) {
			fprintf(stderr, ":%lu", line);
			if (col > 0)
				fprintf(stderr, ":%lu", col);
		}
		fputs(": ", stderr);
	}
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void
wq_warnat(const char *file, unsigned long line, unsigned long col,
          const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	wq_vwarnat(file, line, col, fmt, ap);
	va_end(ap);
}

void
wq_warnx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	wq_vwarnat(NULL, 0, 0, fmt, ap);
	va_end(ap);
}

void
wq_warn(const char *fmt, ...)
{
	va_list ap;
	int saved = errno;

	fprintf(stderr, "%s: ", progname);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, ": %s\n", strerror(saved));
}

void
wq_die(int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	wq_vwarnat(NULL, 0, 0, fmt, ap);
	va_end(ap);
	exit(status);
}

int
wq_close_stdout(void)
{
	/* A full disk or a closed pipe shows up only here: it must change the exit status. */
	if (fflush(stdout) != 0 || ferror(stdout)) {
		wq_warn("write error on standard output");
		fclose(stdout);
		return WQ_EXIT_TROUBLE;
	}
	if (fclose(stdout) != 0) {
		wq_warn("write error on standard output");
		return WQ_EXIT_TROUBLE;
	}
	return WQ_EXIT_OK;
}

void
wq_print_version(void)
{
	printf("%s %s\n", progname, WQ_VERSION);
}
