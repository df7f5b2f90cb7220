/*
 * tl_isodate.h - is a string an ISO 8601 year, month, calendar date or
 * date and time?
 *
 * The forms accepted are the ones XML Schema's gYear, gYearMonth, date and
 * dateTime share with ISO 8601's extended format, with a four-digit year
 * and no time zone on the first three:
 *     YYYY
 *     YYYY-MM
 *     YYYY-MM-DD
 *     YYYY-MM-DDThh:mm:ss[.s+][Z|+hh:mm|-hh:mm]
 * and the date must exist in the proleptic Gregorian calendar (no 30
 * February, 29 February only in leap years, no year 0000). Hours run
 * 00-23, seconds 00-59 (no leap second: XML Schema has none), zone
 * offsets up to 14:00.
 */
#ifndef TL_ISODATE_H
#define TL_ISODATE_H

#include <stdbool.h>

/*
 * True if s (NUL-terminated) has one of these forms and exists. Otherwise false,
 * and *why (if why is not NULL) points to a static English phrase.
 */
bool tl_isodate_check(const char *s, const char **why);

#endif
