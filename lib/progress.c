/* progress.c - progress on stderr, only when a person is watching it. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "wathiqa.h"

struct wq_progress {
	const char *what;
	uint64_t total;
	time_t last;
};

struct wq_progress *
wq_progress_new(const char *what, uint64_t total)
{
	struct wq_progress *p;

	if (!isatty(STDERR_FILENO))
		return NULL;
	if ((p = calloc(1, sizeof *p)) == NULL)
		return NULL;
	p->what = what;
	p->total = total;
	return p;
}

void
wq_progress_update(struct wq_progress *p, uint64_t done)
{
	time_t now;

	if (p == NULL)
		return;
	/* At most once a second: a terminal is slow, and so is the eye. */
	now = time(NULL);
	if (now == p->last)
		return;
	p->last = now;
	if (p->total > 0)
		fprintf(stderr, "\r%s: %s: %llu/%llu (%u%%)", wq_progname(), p->what,
		        (unsigned long long)done, (unsigned long long)p->total,
		        (unsigned)(done * 100 / p->total));
	else
		fprintf(stderr, "\r%s: %s: %llu", wq_progname(), p->what,
		        (unsigned long long)done);
}

void
wq_progress_free(struct wq_progress *p)
{
	if (p == NULL)
		return;
	if (p->last != 0)
		fputs("\r\033[K", stderr);
	free(p);
}
