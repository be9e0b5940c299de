/*
 * test_listw - one list as JSON objects or CSV lines (lib/listw.h): the
 * same calls give the same columns and values; CSV quoting, empty cells,
 * the formula guard, and a record with a wrong number of values.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "listw.h"

static const char *const cols[] = { "id", "name", "n" };

static void write_two(struct kd_listw *w)
{
	kd_listw_str(w, "038");
	kd_listw_str(w, "Nguyễn \"Út\", em");
	kd_listw_int(w, 7);
	kd_listw_end_row(w);
	kd_listw_str(w, "=1+1");
	kd_listw_str(w, NULL);
	kd_listw_int(w, -2);
	kd_listw_end_row(w);
	kd_listw_end(w);
}

static void test_json(void **state)
{
	struct kd_json j;
	struct kd_listw w;

	(void)state;
	kd_json_init(&j);
	kd_json_obj(&j);
	kd_json_key(&j, "items");
	kd_listw_begin(&w, &j, cols, 3);
	write_two(&w);
	kd_json_obj_end(&j);
	assert_false(kd_listw_failed(&w));
	assert_string_equal(kd_json_text(&j),
	    "{\"items\":[{\"id\":\"038\",\"name\":\"Nguyễn \\\"Út\\\", em\",\"n\":7},"
	    "{\"id\":\"=1+1\",\"name\":null,\"n\":-2}]}");
	kd_json_free(&j);
}

static void test_csv(void **state)
{
	struct kd_listw w;

	(void)state;
	kd_listw_begin(&w, NULL, cols, 3);
	write_two(&w);
	assert_false(kd_listw_failed(&w));
	assert_string_equal(kd_listw_csv(&w),
	    "id,name,n\r\n038,\"Nguyễn \"\"Út\"\", em\",7\r\n'=1+1,,-2\r\n");
	assert_int_equal(kd_listw_csv_len(&w), strlen(kd_listw_csv(&w)));
	kd_listw_free(&w);
}

static void test_wrong_count_fails(void **state)
{
	struct kd_listw w;

	(void)state;
	kd_listw_begin(&w, NULL, cols, 3);
	kd_listw_str(&w, "a");
	kd_listw_end_row(&w);                 /* two values missing */
	assert_true(kd_listw_failed(&w));
	assert_null(kd_listw_csv(&w));
	kd_listw_free(&w);
	kd_listw_begin(&w, NULL, cols, 1);
	kd_listw_str(&w, "a");
	kd_listw_str(&w, "b");                /* one too many */
	assert_true(kd_listw_failed(&w));
	kd_listw_free(&w);
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
