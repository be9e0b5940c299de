/*
 * test_rows - one list as JSON objects or CSV lines (lib/rows.h): the
 * same calls give the same columns and values; CSV quoting, empty cells,
 * the formula guard, and a record with a wrong number of values.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "rows.h"

static const char *const cols[] = { "id", "name", "n" };

static void write_two(struct kd_rows *w)
{
	kd_rows_str(w, "038");
	kd_rows_str(w, "Nguyễn \"Út\", em");
	kd_rows_int(w, 7);
	kd_rows_end_row(w);
	kd_rows_str(w, "=1+1");
	kd_rows_str(w, NULL);
	kd_rows_int(w, -2);
	kd_rows_end_row(w);
	kd_rows_end(w);
}

static void test_json(void **state)
{
	struct kd_json j;
	struct kd_rows w;

	(void)state;
	kd_json_init(&j);
	kd_json_obj(&j);
	kd_json_key(&j, "items");
	kd_rows_begin(&w, &j, cols, 3);
	write_two(&w);
	kd_json_obj_end(&j);
	assert_false(kd_rows_failed(&w));
	assert_string_equal(kd_json_text(&j),
	    "{\"items\":[{\"id\":\"038\",\"name\":\"Nguyễn \\\"Út\\\", em\",\"n\":7},"
	    "{\"id\":\"=1+1\",\"name\":null,\"n\":-2}]}");
	kd_json_free(&j);
}

static void test_csv(void **state)
{
	struct kd_rows w;

	(void)state;
	kd_rows_begin(&w, NULL, cols, 3);
	write_two(&w);
	assert_false(kd_rows_failed(&w));
	assert_string_equal(kd_rows_csv(&w),
	    "id,name,n\r\n038,\"Nguyễn \"\"Út\"\", em\",7\r\n'=1+1,,-2\r\n");
	assert_int_equal(kd_rows_csv_len(&w), strlen(kd_rows_csv(&w)));
	kd_rows_free(&w);
}

static void test_wrong_count_fails(void **state)
{
	struct kd_rows w;

	(void)state;
	kd_rows_begin(&w, NULL, cols, 3);
	kd_rows_str(&w, "a");
	kd_rows_end_row(&w);                 /* two values missing */
	assert_true(kd_rows_failed(&w));
	assert_null(kd_rows_csv(&w));
	kd_rows_free(&w);
	kd_rows_begin(&w, NULL, cols, 1);
	kd_rows_str(&w, "a");
	kd_rows_str(&w, "b");                /* one too many */
	assert_true(kd_rows_failed(&w));
	kd_rows_free(&w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_csv),
		cmocka_unit_test(test_wrong_count_fails),
	};

	return cmocka_run_group_tests_name("rows", tests, NULL, NULL);
}
