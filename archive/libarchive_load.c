/* libarchive_load.c - libarchive, loaded when a command first needs it (see the header). */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "libarchive_load.h"

/*
 * The library whose archive.h we were built with: libarchive 3 has kept
 * soname 13 (and its ABI) since 2011.
 */
#define LA_SONAME "libarchive.so.13"

static struct la_functions la;
static char la_err[256];
static pthread_once_t la_once = PTHREAD_ONCE_INIT;

/*
 * The function name of h into the function pointer at fp (memcpy: ISO C
 * has no cast from dlsym's void * to a function pointer; POSIX makes them
 * the same size). False, with la_err set, when it is missing.
 */
static bool
get_function(void *h, const char *name, void *fp)
{
	void *p = dlsym(h, name);

	if (p == NULL) {
		snprintf(la_err, sizeof la_err, "%s: no function %s", LA_SONAME, name);
		return false;
	}
	memcpy(fp, &p, sizeof p);
	return true;
}

static void
load_once(void)
{
	void *h = dlopen(LA_SONAME, RTLD_NOW | RTLD_LOCAL);

	if (h == NULL) {
		snprintf(la_err, sizeof la_err, "%s", dlerror());
		return;
	}
#define LA_GET(name)                                              \
	if (!get_function(h, "archive_" #name, &la.name))         \
		return;
	LA_FUNCTIONS(LA_GET)
#undef LA_GET
	(void)get_function(h, "archive_errno", &la.error_number);
}

const struct la_functions *
la_load(char *err, size_t errlen)
{
	pthread_once(&la_once, load_once);
	if (la_err[0] != '\0') {
		snprintf(err, errlen, "%s", la_err);
		return NULL;
	}
	return &la;
}
