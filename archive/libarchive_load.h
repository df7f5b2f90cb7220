/*
 * libarchive_load.h - libarchive, loaded when a command first needs it.
 *
 * Only `wathiqa export` (tar, tar.gz, zip) and `wathiqa bag verify` of a
 * serialized bag use libarchive. Linked at start-up, it brings libxml2,
 * ICU and the C++ library with it: 3 ms and 4 ms of CPU before main() on
 * every command, more than a whole `wathiqa log`. la_load() opens it with
 * dlopen() instead, once a process, and gives its functions through a
 * table with their own types (from archive.h).
 */
#ifndef LIBARCHIVE_LOAD_H
#define LIBARCHIVE_LOAD_H

#include <stddef.h>

#include <archive.h>
#include <archive_entry.h>

/* the libarchive functions we call, without their "archive_" prefix */
#define LA_FUNCTIONS(X) \
	X(error_string) \
	X(read_new) X(read_support_filter_all) X(read_support_format_all) \
	X(read_open_memory) X(read_open_filename) X(read_next_header) X(read_data_block) \
	X(read_free) \
	X(write_new) X(write_add_filter_gzip) X(write_set_filter_option) \
	X(write_set_format_pax_restricted) X(write_set_format_zip) X(write_set_format_option) \
	X(write_open_fd) X(write_header) X(write_data) X(write_finish_entry) X(write_close) \
	X(write_free) \
	X(entry_new) X(entry_free) X(entry_clear) X(entry_pathname) X(entry_pathname_utf8) \
	X(entry_copy_pathname) X(entry_filetype) X(entry_hardlink) X(entry_size) \
	X(entry_size_is_set) X(entry_set_filetype) X(entry_set_perm) X(entry_set_size) \
	X(entry_set_uid) X(entry_set_gid) X(entry_set_mtime) X(entry_set_nlink)

struct la_functions {
#define LA_FIELD(name) __typeof__(archive_##name) *name;
	LA_FUNCTIONS(LA_FIELD)
#undef LA_FIELD
	__typeof__(archive_errno) *error_number; /* (archive_errno: errno is a macro) */
};

/*
 * The functions, loaded at the first call (thread-safe); NULL, with a
 * message in err, when libarchive cannot be loaded.
 */
const struct la_functions *la_load(char *err, size_t errlen);

#endif
