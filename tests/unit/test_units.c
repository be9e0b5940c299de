/*
 * test_units - the units loaded from data/admin_units.csv: labels, the
 * search by name (tone marks, ranks, subtrees, the one unit a text names)
 * (how fast: bench/citizens.sh).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "units.h"

static int setup(void **state)
{
	(void)state;
	return kd_units_load_csv("data/admin_units.csv");
}

static void test_labels(void **state)
{
	char label[KD_UNIT_LABEL_MAX];

	(void)state;
	assert_true(kd_units_count() > 11000);
	assert_string_equal(kd_unit_label(kd_unit_find("14755"), label, sizeof(label)), "Phường Hàm Rồng, TP Thanh Hóa, Thanh Hóa");
	assert_string_equal(kd_unit_find("380")->short_name, "TP Thanh Hóa");
	assert_string_equal(kd_unit_label(kd_unit_find("318"), label, sizeof(label)), "Huyện Bạch Long Vĩ, Hải Phòng");
	assert_string_equal(kd_unit_label(kd_unit_find("380"), label, sizeof(label)),
	    "TP Thanh Hóa, Thanh Hóa");
	assert_string_equal(kd_unit_label(kd_unit_find("38"), label, sizeof(label)), "Tỉnh Thanh Hóa");
	assert_string_equal(kd_unit_find("01")->display, "Thành phố Hà Nội");
	assert_string_equal(kd_unit_find("00001")->province, "01");
	assert_string_equal(kd_unit_find("00001")->district, "001");
	assert_true(kd_unit_named(kd_unit_find("14755"), "phuong ham rong, tp thanh hoa, thanh hoa"));
	assert_false(kd_unit_named(kd_unit_find("14755"), "ham rong"));
	/* Provinces in Vietnamese order: Bạc Liêu, Bắc Giang, Bắc Kạn. */
	assert_true(kd_unit_find("95")->order < kd_unit_find("24")->order);
	assert_true(kd_unit_find("24")->order < kd_unit_find("06")->order);
}

static size_t codes(const char *q, enum kd_units_kind what, const char *within,
    char out[][6], size_t *total)
{
	const struct kd_unit *found[KD_UNITS_FOUND_MAX];
	size_t n = kd_units_search(q, what, within, found, KD_UNITS_FOUND_MAX, total), k;

	for (k = 0; k < n; k++)
		strcpy(out[k], found[k]->code);
	return n;
}

static void test_search(void **state)
{
	char c[KD_UNITS_FOUND_MAX][6];
	size_t total;

	(void)state;
	assert_int_equal(codes("ham rong", KD_UNITS_ADDRESS, NULL, c, &total), 3);
	assert_int_equal(codes("HÀM RỒNG", KD_UNITS_ADDRESS, NULL, c, &total), 3);
	assert_int_equal(codes("Ha\xcc\x80m Ro\xcc\x82\xcc\x80ng", KD_UNITS_ADDRESS, NULL, c,
	    &total), 3);                                  /* decomposed marks */
	assert_int_equal(codes("ham rong", KD_UNITS_ADDRESS, "38", c, &total), 1);
	assert_string_equal(c[0], "14755");
	/* An island district is an address; a province only for all units. */
	assert_int_equal(codes("bach long vi", KD_UNITS_ADDRESS, NULL, c, &total), 1);
	assert_string_equal(c[0], "318");
	assert_true(codes("thanh hoa", KD_UNITS_ANY, NULL, c, &total) > 2);
	assert_string_equal(c[0], "38");                  /* the province first */
	assert_string_equal(c[1], "380");
	/* The name itself beats a name that only has the words. */
	assert_true(codes("phuc xa ha noi", KD_UNITS_ADDRESS, NULL, c, &total) > 1);
	assert_string_equal(c[0], "00001");
	/* At most 20, however many match; nothing for nothing. */
	assert_int_equal(codes("xa", KD_UNITS_ADDRESS, NULL, c, &total), 20);
	assert_true(total > 5000);
	assert_int_equal(codes("", KD_UNITS_ADDRESS, NULL, c, &total), 0);
	assert_int_equal(codes(" , ", KD_UNITS_ADDRESS, NULL, c, &total), 0);
	assert_int_equal(codes("zzqx", KD_UNITS_ADDRESS, NULL, c, &total), 0);
	/* Hyphens and commas split words. */
	assert_true(codes("thap cham", KD_UNITS_ANY, NULL, c, &total) >= 1);
}

static void test_pick(void **state)
{
	(void)state;
	assert_null(kd_units_pick("ham rong", KD_UNITS_ADDRESS, NULL));
	assert_string_equal(kd_units_pick("ham rong thanh hoa", KD_UNITS_ADDRESS, NULL)->code,
	    "14755");
	assert_string_equal(kd_units_pick("phuc xa ha noi", KD_UNITS_ADDRESS, NULL)->code,
	    "00001");
	assert_string_equal(kd_units_pick("tp thanh hoa", KD_UNITS_ANY, NULL)->code, "380");
	assert_string_equal(kd_units_pick("ham rong", KD_UNITS_ADDRESS, "38")->code, "14755");
	assert_null(kd_units_pick("zzqx", KD_UNITS_ADDRESS, NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_labels),
		cmocka_unit_test(test_search),
		cmocka_unit_test(test_pick),
	};

	return cmocka_run_group_tests_name("units", tests, setup, NULL);
}
