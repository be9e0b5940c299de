/*
 * test_masked - names and ID numbers as a QR code's label and a family's
 * sheet show them (lib/masked.h).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "masked.h"

static void test_names(void **state)
{
	static const char *const cases[][2] = {
		{ "Nguyễn Văn An", "Nguyễn V. A." },
		{ "Đặng Thị Ánh Tuyết", "Đặng T. Á. T." },
		{ "Lê  Ư", "Lê Ư." },
		{ "An", "A." },
		{ "Ê", "Ê." },
		{ "H'Hen Niê", "H'Hen N." },
		/* A letter with a combining mark keeps it: "A" + U+0301. */
		{ "Trần A\xcc\x81nh", "Trần A\xcc\x81." },
	};
	char out[KD_MASKED_NAME_MAX];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(kd_masked_name(cases[i][0], out, sizeof(out)), 0);
		assert_string_equal(out, cases[i][1]);
	}
	/* Too small, or not UTF-8: nothing shown. */
	assert_int_equal(kd_masked_name("Nguyễn Văn An", out, 6), -1);
	assert_string_equal(out, "");
	assert_int_equal(kd_masked_name("Nguy\xff", out, sizeof(out)), -1);
	assert_string_equal(out, "");
}

static void test_ids(void **state)
{
	char out[KD_MASKED_ID_MAX];

	(void)state;
	assert_int_equal(kd_masked_id("038123456734", out, sizeof(out)), 0);
	assert_string_equal(out, "038*******34");
	assert_int_equal(kd_masked_id("123456789", out, sizeof(out)), 0);
	assert_string_equal(out, "123****89");
	assert_int_equal(kd_masked_id("12345", out, sizeof(out)), 0);
	assert_string_equal(out, "*****");
	assert_int_equal(kd_masked_id("038123456734", out, 5), -1);
	assert_string_equal(out, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_ids),
	};

	return cmocka_run_group_tests_name("masked names and ID numbers", tests, NULL, NULL);
}
