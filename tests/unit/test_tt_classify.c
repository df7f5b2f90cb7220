/* test_tt_classify.c - txt2tei's tables: list markers, ordinals, dates, line shapes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "../../converters/tt_classify.h"

static bool
mark(const char *s, struct tt_mark *m)
{
	return tt_list_mark(s, strlen(s), m);
}

/* The number or word of the marker, as written. */
static void
assert_n(const char *s, const struct tt_mark *m, const char *want)
{
	assert_int_equal(m->n_len, strlen(want));
	assert_memory_equal(s + m->n_off, want, m->n_len);
}

static void
test_numbered_markers(void **state)
{
	struct tt_mark m;
	(void)state;

	assert_true(mark("1-Ending the mission", &m));
	assert_int_equal(m.kind, TT_MARK_NUM_DASH);
	assert_int_equal(m.value, 1);
	assert_int_equal(m.lead, 0);
	assert_int_equal(m.len, 2);
	assert_n("1-Ending the mission", &m, "1");

	assert_true(mark("10- Supporting", &m));
	assert_int_equal(m.value, 10);
	assert_int_equal(m.len, 3);

	assert_true(mark("2. two", &m));
	assert_int_equal(m.kind, TT_MARK_NUM_DOT);
	assert_true(mark("3) three", &m));
	assert_int_equal(m.kind, TT_MARK_NUM_PAREN);
	assert_true(mark("(4) four", &m));
	assert_int_equal(m.kind, TT_MARK_NUM_PARENS);
	assert_int_equal(m.value, 4);
	assert_int_equal(m.len, 3);
	assert_n("(4) four", &m, "4");

	/* Arabic-Indic and Extended Arabic-Indic digits */
	assert_true(mark("\xd9\xa1\xd9\xa2- \xd9\x86\xd8\xb5", &m)); /* ١٢- نص */
	assert_int_equal(m.kind, TT_MARK_NUM_DASH);
	assert_int_equal(m.value, 12);
	assert_n("\xd9\xa1\xd9\xa2- \xd9\x86\xd8\xb5", &m, "\xd9\xa1\xd9\xa2");
	assert_true(mark("\xdb\xb3. text", &m)); /* ۳. */
	assert_int_equal(m.value, 3);

	/* leading white space, no-break space included, is kept apart */
	assert_true(mark("\xc2\xa0 5. five", &m));
	assert_int_equal(m.lead, 3);
	assert_int_equal(m.value, 5);
}

static void
test_not_markers(void **state)
{
	struct tt_mark m;
	(void)state;

	assert_false(mark("3-year plan", &m));    /* a compound word */
	assert_false(mark("1.5 million", &m));    /* a decimal number */
	assert_false(mark("10-20 people", &m));   /* a range */
	assert_false(mark("2024. The year", &m)); /* more than three digits */
	assert_false(mark("1-", &m));             /* nothing after it */
	assert_false(mark("12", &m));
	assert_false(mark("(1 two", &m));
	assert_false(mark("-dash", &m));          /* a bullet needs a space */
	assert_false(mark("- ", &m));
	assert_false(mark("First, we", &m));      /* an ordinal needs a colon */
	assert_false(mark("Firstborn: x", &m));
	assert_false(mark("Plain text.", &m));
	assert_false(mark("", &m));
	assert_false(mark("   ", &m));
	assert_false(mark("\xd8\xa3\xd9\x88\xd9\x84\xd8\xa7\xd9\x8b \xd9\x86\xd8\xb5", &m)); /* أولاً نص: no colon */
}

static void
test_ordinals(void **state)
{
	static const struct {
		const char *text;
		enum tt_mark_kind kind;
		long value;
		const char *n;
	} cases[] = {
		{ "First: x", TT_MARK_ORD_EN, 1, "First" },
		{ "Second: x", TT_MARK_ORD_EN, 2, "Second" },
		{ "THIRD: x", TT_MARK_ORD_EN, 3, "THIRD" },
		{ "fifth : x", TT_MARK_ORD_EN, 5, "fifth" },
		{ "Tenth: x", TT_MARK_ORD_EN, 10, "Tenth" },
		{ "Secondly: x", TT_MARK_ORD_EN, 2, "Secondly" },
		/* أولاً: ثانياً: ثالثاً - رابعًا: (tanween before the alef) اولا: */
		{ "\xd8\xa3\xd9\x88\xd9\x84\xd8\xa7\xd9\x8b: x", TT_MARK_ORD_AR, 1,
		  "\xd8\xa3\xd9\x88\xd9\x84\xd8\xa7\xd9\x8b" },
		{ "\xd8\xab\xd8\xa7\xd9\x86\xd9\x8a\xd8\xa7\xd9\x8b: x", TT_MARK_ORD_AR, 2,
		  "\xd8\xab\xd8\xa7\xd9\x86\xd9\x8a\xd8\xa7\xd9\x8b" },
		{ "\xd8\xab\xd8\xa7\xd9\x84\xd8\xab\xd8\xa7\xd9\x8b - x", TT_MARK_ORD_AR, 3,
		  "\xd8\xab\xd8\xa7\xd9\x84\xd8\xab\xd8\xa7\xd9\x8b" },
		{ "\xd8\xb1\xd8\xa7\xd8\xa8\xd8\xb9\xd9\x8b\xd8\xa7: x", TT_MARK_ORD_AR, 4,
		  "\xd8\xb1\xd8\xa7\xd8\xa8\xd8\xb9\xd9\x8b\xd8\xa7" },
		{ "\xd8\xa7\xd9\x88\xd9\x84\xd8\xa7: x", TT_MARK_ORD_AR, 1,
		  "\xd8\xa7\xd9\x88\xd9\x84\xd8\xa7" },
		{ "\xd8\xb9\xd8\xa7\xd8\xb4\xd8\xb1\xd8\xa7\xd9\x8b: x", TT_MARK_ORD_AR, 10,
		  "\xd8\xb9\xd8\xa7\xd8\xb4\xd8\xb1\xd8\xa7\xd9\x8b" },
	};
	size_t i;
	struct tt_mark m;
	(void)state;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		assert_true(mark(cases[i].text, &m));
		assert_int_equal(m.kind, cases[i].kind);
		assert_int_equal(m.value, cases[i].value);
		assert_n(cases[i].text, &m, cases[i].n);
		assert_true(tt_mark_is_ordered(m.kind));
	}
}

static void
test_bullets(void **state)
{
	struct tt_mark m;
	(void)state;

	assert_true(mark("- item", &m));
	assert_int_equal(m.kind, TT_MARK_BULLET_DASH);
	assert_int_equal(m.len, 1);
	assert_false(tt_mark_is_ordered(m.kind));
	assert_true(mark("* item", &m));
	assert_int_equal(m.kind, TT_MARK_BULLET_STAR);
	assert_true(mark("\xe2\x80\xa2item", &m)); /* •item */
	assert_int_equal(m.kind, TT_MARK_BULLET_DOT);
	assert_int_equal(m.len, 3);
	assert_true(mark("  \xe2\x80\xa2 item", &m));
	assert_int_equal(m.lead, 2);
}

/* Find the first date in s; check its span text and ISO value. */
static void
assert_date(const char *s, const char *span, int y, int mo, int d)
{
	struct tt_date dt;

	assert_true(tt_find_date(s, strlen(s), 0, &dt));
	assert_int_equal(dt.end - dt.start, strlen(span));
	assert_memory_equal(s + dt.start, span, strlen(span));
	assert_int_equal(dt.year, y);
	assert_int_equal(dt.month, mo);
	assert_int_equal(dt.day, d);
}

static void
assert_no_date(const char *s)
{
	struct tt_date dt;

	assert_false(tt_find_date(s, strlen(s), 0, &dt));
}

static void
test_dates_english(void **state)
{
	(void)state;
	assert_date("on 2024-01-24.", "2024-01-24", 2024, 1, 24);
	assert_date("launched on January 24, 2024, as", "January 24, 2024", 2024, 1, 24);
	assert_date("on 24 January 2024 the", "24 January 2024", 2024, 1, 24);
	assert_date("Jan. 5, 2023", "Jan. 5, 2023", 2023, 1, 5);
	assert_date("SEPTEMBER 9 2001", "SEPTEMBER 9 2001", 2001, 9, 9);
	assert_date("March 3rd, 2020.", "March 3rd, 2020", 2020, 3, 3);
	assert_date("29 February 2024", "29 February 2024", 2024, 2, 29);
	assert_date("x 1 may 2019", "1 may 2019", 2019, 5, 1);
}

static void
test_dates_arabic(void **state)
{
	(void)state;
	/* ٢٤ كانون الثاني ٢٠٢٤ */
	assert_date("\xd9\x81\xd9\x8a \xd9\xa2\xd9\xa4 \xd9\x83\xd8\xa7\xd9\x86\xd9\x88\xd9\x86 "
	            "\xd8\xa7\xd9\x84\xd8\xab\xd8\xa7\xd9\x86\xd9\x8a \xd9\xa2\xd9\xa0\xd9\xa2\xd9\xa4.",
	            "\xd9\xa2\xd9\xa4 \xd9\x83\xd8\xa7\xd9\x86\xd9\x88\xd9\x86 "
	            "\xd8\xa7\xd9\x84\xd8\xab\xd8\xa7\xd9\x86\xd9\x8a \xd9\xa2\xd9\xa0\xd9\xa2\xd9\xa4",
	            2024, 1, 24);
	/* 3 يناير 2023 (Egyptian) */
	assert_date("3 \xd9\x8a\xd9\x86\xd8\xa7\xd9\x8a\xd8\xb1 2023",
	            "3 \xd9\x8a\xd9\x86\xd8\xa7\xd9\x8a\xd8\xb1 2023", 2023, 1, 3);
	/* 1 تشرين الأول، 2022 (Arabic comma) */
	assert_date("1 \xd8\xaa\xd8\xb4\xd8\xb1\xd9\x8a\xd9\x86 \xd8\xa7\xd9\x84\xd8\xa3\xd9\x88\xd9\x84\xd8\x8c 2022",
	            "1 \xd8\xaa\xd8\xb4\xd8\xb1\xd9\x8a\xd9\x86 \xd8\xa7\xd9\x84\xd8\xa3\xd9\x88\xd9\x84\xd8\x8c 2022",
	            2022, 10, 1);
	/* 30 تشرين الثاني 2021 */
	assert_date("30 \xd8\xaa\xd8\xb4\xd8\xb1\xd9\x8a\xd9\x86 \xd8\xa7\xd9\x84\xd8\xab\xd8\xa7\xd9\x86\xd9\x8a 2021",
	            "30 \xd8\xaa\xd8\xb4\xd8\xb1\xd9\x8a\xd9\x86 \xd8\xa7\xd9\x84\xd8\xab\xd8\xa7\xd9\x86\xd9\x8a 2021",
	            2021, 11, 30);
	/* 15 آذار 2021, 9 أغسطس 2020, 1 ديسمبر 1999, 4 حزيران 2014, 2 أيلول 2010 */
	assert_date("15 \xd8\xa2\xd8\xb0\xd8\xa7\xd8\xb1 2021", "15 \xd8\xa2\xd8\xb0\xd8\xa7\xd8\xb1 2021", 2021, 3, 15);
	assert_date("9 \xd8\xa3\xd8\xba\xd8\xb3\xd8\xb7\xd8\xb3 2020", "9 \xd8\xa3\xd8\xba\xd8\xb3\xd8\xb7\xd8\xb3 2020", 2020, 8, 9);
	assert_date("1 \xd8\xaf\xd9\x8a\xd8\xb3\xd9\x85\xd8\xa8\xd8\xb1 1999", "1 \xd8\xaf\xd9\x8a\xd8\xb3\xd9\x85\xd8\xa8\xd8\xb1 1999", 1999, 12, 1);
	assert_date("4 \xd8\xad\xd8\xb2\xd9\x8a\xd8\xb1\xd8\xa7\xd9\x86 2014", "4 \xd8\xad\xd8\xb2\xd9\x8a\xd8\xb1\xd8\xa7\xd9\x86 2014", 2014, 6, 4);
	assert_date("2 \xd8\xa3\xd9\x8a\xd9\x84\xd9\x88\xd9\x84 2010", "2 \xd8\xa3\xd9\x8a\xd9\x84\xd9\x88\xd9\x84 2010", 2010, 9, 2);
	/* ISO with Arabic-Indic digits: ٢٠٢٤-٠١-٢٤ */
	assert_date("\xd9\xa2\xd9\xa0\xd9\xa2\xd9\xa4-\xd9\xa0\xd9\xa1-\xd9\xa2\xd9\xa4",
	            "\xd9\xa2\xd9\xa0\xd9\xa2\xd9\xa4-\xd9\xa0\xd9\xa1-\xd9\xa2\xd9\xa4", 2024, 1, 24);
}

static void
test_not_dates(void **state)
{
	(void)state;
	assert_no_date("2024-02-30");          /* no such day */
	assert_no_date("29 February 2023");    /* not a leap year */
	assert_no_date("31 April 2024");
	assert_no_date("in 2024 and January 2024");
	assert_no_date("12024-01-24");         /* part of a longer number */
	assert_no_date("2024-01-245");
	assert_no_date("Januaryy 24, 2024");
	assert_no_date("24 Januar 2024");
	assert_no_date("the 24 may");
	assert_no_date("\xd8\xab\xd9\x88\xd8\xb1\xd8\xa9 \xd8\xaa\xd8\xb4\xd8\xb1\xd9\x8a\xd9\x86"); /* ثورة تشرين */
	assert_no_date("2024/01/24");
}

static void
test_dates_in_sequence(void **state)
{
	const char *s = "From 2024-01-01 to 31 December 2024.";
	struct tt_date d;
	(void)state;

	assert_true(tt_find_date(s, strlen(s), 0, &d));
	assert_int_equal(d.start, 5);
	assert_true(tt_find_date(s, strlen(s), d.end, &d));
	assert_int_equal(d.month, 12);
	assert_int_equal(d.day, 31);
	assert_false(tt_find_date(s, strlen(s), d.end, &d));
	assert_int_equal(tt_days_in_month(2000, 2), 29);
	assert_int_equal(tt_days_in_month(1900, 2), 28);
	assert_int_equal(tt_days_in_month(2024, 13), 0);
}

static void
test_line_shapes(void **state)
{
	(void)state;
	assert_true(tt_ends_with_closing_punct("works to:", 9));
	assert_true(tt_ends_with_closing_punct("end.  ", 6));
	assert_true(tt_ends_with_closing_punct("\xd9\x86\xd8\xb5\xd8\x9f", 6)); /* نص؟ */
	assert_true(tt_ends_with_closing_punct("\xd9\x86\xd8\xb5\xd8\x8c", 6)); /* نص، */
	assert_false(tt_ends_with_closing_punct("Our Visions and Commitments", 27));
	assert_false(tt_ends_with_closing_punct("", 0));
	assert_int_equal(tt_count_cp("\xd8\xb9\xd8\xb1\xd8\xa8\xd9\x8a x", 10), 6);
	assert_int_equal(tt_count_words(" two\xc2\xa0words  and\tthree ", 22), 4);
	assert_true(tt_has_letter("12 x", 4));
	assert_false(tt_has_letter("12 34!", 6));
	assert_true(tt_is_space_cp(0xA0));
	assert_false(tt_is_space_cp('x'));
	assert_string_equal(tt_ui_label("Loading", 7), "Loading");
	assert_null(tt_ui_label("Loadings", 8));
	assert_null(tt_ui_label("loading", 7));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_numbered_markers),
		cmocka_unit_test(test_not_markers),
		cmocka_unit_test(test_ordinals),
		cmocka_unit_test(test_bullets),
		cmocka_unit_test(test_dates_english),
		cmocka_unit_test(test_dates_arabic),
		cmocka_unit_test(test_not_dates),
		cmocka_unit_test(test_dates_in_sequence),
		cmocka_unit_test(test_line_shapes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
