/* timefmt.c - timestamps that honour SOURCE_DATE_EPOCH, for reproducible outputs. */
#include <errno.h>
#include <stdlib.h>
#include <time.h>

#include "wathiqa.h"

int
wq_now(int64_t *t)
{
	const char *s = getenv("SOURCE_DATE_EPOCH");
	char *end;
	long long v;

	if (s == NULL || *s == '\0') {
		*t = (int64_t)time(NULL);
		return 0;
	}
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < 0 || v > 253402300799LL) /* 9999-12-31 */
		return -1;
	*t = (int64_t)v;
	return 0;
}

static void
civil(int64_t t, struct tm *tm)
{
	time_t tt = (time_t)t;

	gmtime_r(&tt, tm);
}

void
wq_format_date(int64_t t, char *out)
{
	struct tm tm;

	civil(t, &tm);
	if (strftime(out, 11, "%Y-%m-%d", &tm) == 0)
		out[0] = '\0';
}

void
wq_format_datetime(int64_t t, char *out)
{
	struct tm tm;

	civil(t, &tm);
	if (strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		out[0] = '\0';
}
