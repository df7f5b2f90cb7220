/*
 * tl_isodate.c - ISO 8601 calendar dates and times (see tl_isodate.h).
 */
#include "tl_isodate.h"

#include <stddef.h>

static bool
fail(const char **why, const char *msg)
{
	if (why)
		*why = msg;
	return false;
}

/* Read exactly n digits at *p into *v; advance *p. False if not n digits. */
static bool
digits(const char **p, int n, int *v)
{
	int x = 0;
	for (int i = 0; i < n; i++) {
		char c = (*p)[i];
		if (c < '0' || c > '9')
			return false;
		x = x * 10 + (c - '0');
	}
	*p += n;
	*v = x;
	return true;
}

static bool
leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
days_in_month(int y, int m)
{
	static const int mdays[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	return m == 2 && leap(y) ? 29 : mdays[m - 1];
}

static const char form[] = "not in the form YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDThh:mm:ss";

bool
tl_isodate_check(const char *s, const char **why)
{
	const char *p = s;
	int y, m, d, hh, mm, ss;

	if (!s)
		return fail(why, form);
	if (!digits(&p, 4, &y))
		return fail(why, form);
	if (y == 0)
		return fail(why, "year 0000 does not exist");
	if (*p == '\0')
		return true; /* YYYY */
	if (*p++ != '-' || !digits(&p, 2, &m))
		return fail(why, form);
	if (m < 1 || m > 12)
		return fail(why, "month out of range 01-12");
	if (*p == '\0')
		return true; /* YYYY-MM */
	if (*p++ != '-' || !digits(&p, 2, &d))
		return fail(why, form);
	if (d < 1 || d > days_in_month(y, m))
		return fail(why, "no such day in that month");
	if (*p == '\0')
		return true;
	if (*p++ != 'T')
		return fail(why, form);
	if (!digits(&p, 2, &hh) || *p++ != ':' || !digits(&p, 2, &mm) ||
	    *p++ != ':' || !digits(&p, 2, &ss))
		return fail(why, form);
	if (hh > 23 || mm > 59 || ss > 59)
		return fail(why, "time out of range 00:00:00-23:59:59");
	if (*p == '.') {
		p++;
		if (*p < '0' || *p > '9')
			return fail(why, "no digit after the decimal point of the seconds");
		while (*p >= '0' && *p <= '9')
			p++;
	}
	if (*p == 'Z')
		p++;
	else if (*p == '+' || *p == '-') {
		int zh, zm;
		p++;
		if (!digits(&p, 2, &zh) || *p++ != ':' || !digits(&p, 2, &zm))
			return fail(why, "time zone not in the form Z, +hh:mm or -hh:mm");
		if (zm > 59 || zh > 14 || (zh == 14 && zm != 0))
			return fail(why, "time zone offset out of range -14:00 to +14:00");
	}
	if (*p != '\0')
		return fail(why, "unexpected characters after the date and time");
	return true;
}
