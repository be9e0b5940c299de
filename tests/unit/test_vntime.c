/*
 * test_vntime - times of the database (+07:00 wall clock) to milliseconds
 * since the epoch and back (lib/vntime.h).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "vntime.h"

static void test_db_time_ms(void **state)
{
	char out[40];

	(void)state;
	/* 2021-09-01 07:00 +07:00 is 00:00 UTC: 1630454400 s. */
	assert_true(kd_db_time_ms("2021-09-01 07:00:00") == 1630454400000LL);
	assert_true(kd_db_time_ms("2021-09-01 07:00:00.5") == 1630454400500LL);
	assert_true(kd_db_time_ms("2021-09-01 07:00:01.123") == 1630454401123LL);
	assert_true(kd_db_time_ms("2021-09-01 07:00:01.123456") == 1630454401123LL);
	assert_true(kd_db_time_ms("2021-02-30 07:00:00") == -1);
	assert_true(kd_db_time_ms("2021-09-01T07:00:00") == -1);
	assert_true(kd_db_time_ms("") == -1);
	assert_true(kd_db_time_ms("2021-09-01 07:x0:00") == -1);
	assert_true(kd_db_time_ms("2021-09-01 07:00:00.1x") == -1);
	kd_ms_db_time(1630454401123LL, out, sizeof(out));
	assert_string_equal(out, "2021-09-01 07:00:01.123");
	kd_ms_db_time(1630454400000LL - 1800000, out, sizeof(out));
	assert_string_equal(out, "2021-09-01 06:30:00.000");
	kd_ms_iso(1630454401123LL, out, sizeof(out));
	assert_string_equal(out, "2021-09-01T07:00:01.123+07:00");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_db_time_ms),
	};

	return cmocka_run_group_tests_name("vntime", tests, NULL, NULL);
}
