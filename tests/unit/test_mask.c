/* Names and ID numbers shown to the public (lib/mask.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "mask.h"

static const char *name_of(const char *in)
{
	static char out[KD_MASK_NAME_MAX];

	assert_int_equal(kd_mask_name(in, out, sizeof(out)), 0);
	return out;
}

static void test_name_keeps_the_family_name_and_initials(void **state)
{
	(void)state;
	assert_string_equal(name_of("Nguyễn Văn An"), "Nguyễn V. A.");
	assert_string_equal(name_of("Đặng Thị Ánh Tuyết"), "Đặng T. Á. T.");
	assert_string_equal(name_of("Lê Ơn"), "Lê Ơ.");
	assert_string_equal(name_of("H'Hen Niê"), "H'Hen N.");
	/* Spacing does not matter; no space is left at either end. */
	assert_string_equal(name_of("  Trần   Thị\tBé  "), "Trần T. B.");
}

static void test_name_of_one_word_is_never_whole(void **state)
{
	(void)state;
	assert_string_equal(name_of("Út"), "Ú.");
	assert_string_equal(name_of("A"), "A.");
	assert_string_equal(name_of(""), "");
	assert_string_equal(name_of("   "), "");
}

static void test_name_keeps_combining_marks_of_an_initial(void **state)
{
	(void)state;
	/* "Ánh" written as A + U+0301 (combining acute), then nh. */
	assert_string_equal(name_of("Vũ A\xcc\x81nh"), "Vũ A\xcc\x81.");
	/* Ệ as E + U+0323 (dot below) + U+0302 (circumflex). */
	assert_string_equal(name_of("Hồ E\xcc\xa3\xcc\x82n"), "Hồ E\xcc\xa3\xcc\x82.");
}

static void test_name_refuses_bad_input_and_small_buffers(void **state)
{
	char out[8];

	(void)state;
	assert_int_equal(kd_mask_name("Nguy\xff" "n An", out, sizeof(out)), -1);
	assert_string_equal(out, "");
	/* "Nguyễn V." needs 12 bytes with its NUL. */
	assert_int_equal(kd_mask_name("Nguyễn Văn", out, sizeof(out)), -1);
	assert_string_equal(out, "");
	assert_int_equal(kd_mask_name("An", out, 0), -1);
}

static void test_name_never_contains_a_later_word_whole(void **state)
{
	static const char *const names[] = {
		"Nguyễn Văn An", "Phạm Thị Hồng Nhung", "Bùi Xuân Phái",
		"Tôn Nữ Thị Ninh", "Y Ngông Niê Kdăm",
	};
	char copy[128], *word, *save;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		const char *masked = name_of(names[i]);

		strcpy(copy, names[i]);
		word = strtok_r(copy, " ", &save);       /* the family name */
		while ((word = strtok_r(NULL, " ", &save)) != NULL)
			if (strlen(word) > 2)
				assert_null(strstr(masked, word));
		assert_null(strstr(masked, names[i]));
	}
}

static void test_id_number(void **state)
{
	char out[KD_MASK_ID_MAX];

	(void)state;
	assert_int_equal(kd_mask_id_number("038123456734", out, sizeof(out)), 0);
	assert_string_equal(out, "038*******34");
	assert_int_equal(kd_mask_id_number("123456789", out, sizeof(out)), 0);
	assert_string_equal(out, "123****89");
	assert_int_equal(kd_mask_id_number("12345", out, sizeof(out)), 0);
	assert_string_equal(out, "*****");
	assert_int_equal(kd_mask_id_number("", out, sizeof(out)), 0);
	assert_string_equal(out, "");
	assert_int_equal(kd_mask_id_number("038123456734", out, 12), -1);
	assert_string_equal(out, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_name_keeps_the_family_name_and_initials),
		cmocka_unit_test(test_name_of_one_word_is_never_whole),
		cmocka_unit_test(test_name_keeps_combining_marks_of_an_initial),
		cmocka_unit_test(test_name_refuses_bad_input_and_small_buffers),
		cmocka_unit_test(test_name_never_contains_a_later_word_whole),
		cmocka_unit_test(test_id_number),
	};

	return cmocka_run_group_tests_name("mask", tests, NULL, NULL);
}
