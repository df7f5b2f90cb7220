/*
 * tl_bcp47.h - is a string a well-formed BCP 47 language tag?
 *
 * "Well-formed" in the sense of RFC 5646 section 2.2.9: the tag matches
 * the ABNF of section 2.1 (letters compared without regard to case).
 * Whether its subtags are registered ("valid") is not checked.
 */
#ifndef TL_BCP47_H
#define TL_BCP47_H

#include <stdbool.h>

/*
 * True if tag (NUL-terminated) is a well-formed language tag.
 * Otherwise false, and *why (if why is not NULL) points to a static
 * English phrase saying what is wrong, e.g. "subtag longer than 8 characters".
 */
bool tl_bcp47_check(const char *tag, const char **why);

#endif
