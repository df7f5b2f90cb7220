/* test_te_map.c - the TEI to XHTML table of tei2epub. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "../../converters/te_map.h"

/* bsearch needs the table sorted and without duplicates. */
static void
sorted(void **state)
{
	size_t i;

	(void)state;
	assert_true(te_map_count() > 50);
	for (i = 1; i < te_map_count(); i++)
		assert_true(strcmp(te_map_at(i - 1)->tei, te_map_at(i)->tei) < 0);
	assert_null(te_map_at(te_map_count()));
}

/* Every element txt2tei writes (doc/tei-profile.md) is in the table. */
static void
txt2tei_vocabulary(void **state)
{
	static const char *const names[] = {
		"text", "body", "div", "head", "p", "list", "item", "label", "date",
		"closer", "signed", "dateline", "quote", "foreign",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof names / sizeof names[0]; i++)
		assert_non_null(te_map_lookup(names[i]));
}

static void
lookups(void **state)
{
	const struct te_map *m;

	(void)state;
	m = te_map_lookup("p");
	assert_non_null(m);
	assert_string_equal(m->flow, "p");
	assert_string_equal(m->phrase, "span");
	m = te_map_lookup("quote");
	assert_string_equal(m->flow, "blockquote");
	assert_string_equal(m->phrase, "q");
	m = te_map_lookup("head");
	assert_int_equal(m->kind, TE_K_HEAD);
	m = te_map_lookup("list");
	assert_int_equal(m->kind, TE_K_LIST);
	m = te_map_lookup("item");
	assert_int_equal(m->kind, TE_K_ITEM);
	m = te_map_lookup("date");
	assert_int_equal(m->kind, TE_K_DATE);
	assert_string_equal(m->flow, "time");
	m = te_map_lookup("closer");
	assert_string_equal(m->flow, "div");
	assert_string_equal(m->cls, "closer");
	m = te_map_lookup("foreign");
	assert_string_equal(m->phrase, "span");
	m = te_map_lookup("body");
	assert_int_equal(m->kind, TE_K_CONTAINER);
	m = te_map_lookup("pb");
	assert_int_equal(m->kind, TE_K_EMPTY);
	assert_null(te_map_lookup("mystery"));
	assert_null(te_map_lookup(""));
	assert_null(te_map_lookup("P"));      /* names are case-sensitive */
	assert_null(te_map_lookup("TEI"));    /* the root is not content */
	m = te_map_unknown();
	assert_string_equal(m->flow, "div");
	assert_string_equal(m->phrase, "span");
	assert_string_equal(m->cls, "tei");
}

/* Every XHTML name the table writes is described, with the right content. */
static void
xhtml_side(void **state)
{
	const struct te_xhtml *x;
	size_t i;

	(void)state;
	for (i = 0; i < te_map_count(); i++) {
		const struct te_map *m = te_map_at(i);

		if (m->flow != NULL)
			assert_non_null(te_xhtml_lookup(m->flow));
		if (m->phrase != NULL) {
			x = te_xhtml_lookup(m->phrase);
			assert_non_null(x);
			/* what goes inside a p must be phrasing content */
			assert_true(x->phrasing);
		}
	}
	x = te_xhtml_lookup("ol");
	assert_int_equal(x->model, TE_M_LIST);
	x = te_xhtml_lookup("p");
	assert_int_equal(x->model, TE_M_PHRASE);
	assert_false(x->phrasing);
	x = te_xhtml_lookup("section");
	assert_int_equal(x->model, TE_M_FLOW);
	x = te_xhtml_lookup("tr");
	assert_int_equal(x->model, TE_M_ROW);
	x = te_xhtml_lookup("br");
	assert_int_equal(x->model, TE_M_EMPTY);
	assert_null(te_xhtml_lookup("script"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sorted),
		cmocka_unit_test(txt2tei_vocabulary),
		cmocka_unit_test(lookups),
		cmocka_unit_test(xhtml_side),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
