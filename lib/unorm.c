/*
 * unorm.c - Unicode normalization keys for names (utf8proc): two names are
 * "the same but for normalization" when their NFC forms are equal, and
 * "the same but for normalization and case" when their folded keys are.
 */
#include <stddef.h>

#include <utf8proc.h>

#include "wathiqa.h"

char *
wq_utf8_nfc(const char *s)
{
	return (char *)utf8proc_NFC((const utf8proc_uint8_t *)s);
}

char *
wq_utf8_fold(const char *s)
{
	utf8proc_uint8_t *out = NULL;

	if (utf8proc_map((const utf8proc_uint8_t *)s, 0, &out,
	                 UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPOSE |
	                 UTF8PROC_CASEFOLD) < 0)
		return NULL;
	return (char *)out;
}
