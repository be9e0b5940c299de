/*
 * test_decl.c - the pure parts of lib/decl.c: the registry comparison, the
 * field validators of the declaration, the cross-field check, the column
 * order of the statements against the field table, and the time formats.
 * (Commune codes need the units table: the integration tests cover them.)
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "decl.h"
#include "sql.h"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

static void test_registry_compare(void **state)
{
	static const struct {
		const char *reg_name, *reg_dob, *reg_gender, *name, *dob, *gender;
		enum kd_registry want;
	} cases[] = {
		{ "Nguyễn Văn Hòa", "1980-05-02", "M", "Nguyễn Văn Hòa", "1980-05-02", "M", KD_REG_MATCHED },
		/* Tone placement (Hòa/Hoà), case and spacing do not matter. */
		{ "Nguyễn Văn Hòa", "1980-05-02", "M", "NGUYỄN VĂN HOÀ", "1980-05-02", "M", KD_REG_MATCHED },
		{ "Nguyễn Văn Hòa", "1980-05-02", "M", "  nguyễn   văn hoà ", "1980-05-02", "M", KD_REG_MATCHED },
		/* Decomposed marks (NFD) compare like precomposed ones. */
		{ "Lê Thị Thúy", "1990-01-01", "F", "Le\xcc\x82 Thi\xcc\xa3 Thu\xcc\x81y", "1990-01-01", "F", KD_REG_MATCHED },
		{ "Nguyễn Văn Hòa", "1980-05-02", "M", "Nguyễn Văn Hải", "1980-05-02", "M", KD_REG_MISMATCH },
		{ "Nguyễn Văn Hòa", "1980-05-02", "M", "Nguyễn Văn Hòa", "1980-05-03", "M", KD_REG_MISMATCH },
		{ "Nguyễn Văn Hòa", "1980-05-02", "M", "Nguyễn Văn Hòa", "1980-05-02", "F", KD_REG_MISMATCH },
		{ "Nguyễn Văn Hòa", "1980-05-02", "M", "Nguyễn Hòa", "1980-05-02", "M", KD_REG_MISMATCH },
	};
	size_t i;

	(void)state;
	for (i = 0; i < N_ELEMS(cases); i++) {
		enum kd_registry got = kd_decl_compare(cases[i].reg_name, cases[i].reg_dob,
		    cases[i].reg_gender, cases[i].name, cases[i].dob, cases[i].gender);

		if (got != cases[i].want)
			fail_msg("registry case %zu: got %d want %d", i, got, cases[i].want);
	}
	assert_string_equal(kd_registry_name(KD_REG_MATCHED), "matched");
	assert_string_equal(kd_registry_name(KD_REG_MISMATCH), "mismatch");
	assert_string_equal(kd_registry_name(KD_REG_NOT_FOUND), "not_found");
}

/* The field's type and rule, as a form would check one value. */
static const char *check(enum kd_decl_field f, const char *v)
{
	static struct kd_arena a;
	struct kd_values vals;
	char *cells[1] = { (char *)(uintptr_t)v };

	kd_arena_reset(&a);
	if (kd_fields_row(&a, cells, 1, &kd_decl_fields[f], 1, &vals) == 0)
		return NULL;
	return vals.error[0];
}

static void date_in_days(int days, char out[11])
{
	time_t t = time(NULL) + 7 * 3600 + (time_t)days * 86400;
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

static void test_field_validators(void **state)
{
	static const struct {
		enum kd_decl_field f;
		const char *v;
		int ok;
	} cases[] = {
		{ KD_DF_ID_NUMBER, "001032130449", 1 },
		{ KD_DF_ID_NUMBER, "123456789", 1 },
		{ KD_DF_ID_NUMBER, "12345678", 0 },
		{ KD_DF_ID_NUMBER, "1' OR '1'='1", 0 },
		{ KD_DF_FULL_NAME, "Nguyễn Văn A", 1 },
		{ KD_DF_FULL_NAME, "<script>", 0 },
		{ KD_DF_DOB, "1990-02-28", 1 },
		{ KD_DF_DOB, "1990-02-30", 0 },
		{ KD_DF_DOB, "1899-12-31", 0 },
		{ KD_DF_GENDER, "M", 1 },
		{ KD_DF_GENDER, "X", 0 },
		{ KD_DF_PHONE, "0912345678", 1 },
		{ KD_DF_PHONE, "912345678", 0 },
		{ KD_DF_PERM_ADDRESS, "Số 1, ngõ 2 <b>", 1 },
		{ KD_DF_PERM_ADDRESS, "   ", 0 },
		{ KD_DF_PERM_ADDRESS, "dòng\nhai", 0 },
		{ KD_DF_VEHICLE, "car", 1 },
		{ KD_DF_VEHICLE, "walk", 1 },
		{ KD_DF_VEHICLE, "rocket", 0 },
		{ KD_DF_VEHICLE, "Car", 0 },
		{ KD_DF_PLATE, "29A-123.45", 1 },
		{ KD_DF_PLATE, "59X3 123.45", 1 },
		{ KD_DF_PLATE, "VN123", 1 },
		{ KD_DF_PLATE, "ABC", 0 },            /* no digit */
		{ KD_DF_PLATE, "29A  12345", 0 },     /* two spaces */
		{ KD_DF_PLATE, " 29A", 0 },
		{ KD_DF_PLATE, "29A<12345>", 0 },
		{ KD_DF_PLATE, "1234567890123456", 0 },
		{ KD_DF_FEVER, "1", 1 },
		{ KD_DF_FEVER, "on", 0 },
		{ KD_DF_VACCINE_DOSES, "0", 1 },
		{ KD_DF_VACCINE_DOSES, "4", 1 },
		{ KD_DF_VACCINE_DOSES, "5", 0 },
		{ KD_DF_VACCINE_DOSES, "-1", 0 },
		{ KD_DF_VACCINE_DOSES, "2.0", 0 },
		{ KD_DF_CLIENT_REF, "a", 1 },
		{ KD_DF_CLIENT_REF, "550e8400-e29b-41d4-a716-446655440000", 1 },
		{ KD_DF_CLIENT_REF, "a b", 0 },
		{ KD_DF_CLIENT_REF, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 0 },
	};
	char address[256 * 4 + 1], day[11];
	size_t i;

	(void)state;
	for (i = 0; i < N_ELEMS(cases); i++) {
		const char *msg = check(cases[i].f, cases[i].v);

		if ((msg == NULL) != cases[i].ok)
			fail_msg("field %s = \"%s\": %s", kd_decl_fields[cases[i].f].name,
			    cases[i].v, msg ? msg : "accepted");
	}
	/* 200 characters of address are fine, 201 are not (counted in
	 * characters: "ễ" is 3 bytes). */
	address[0] = '\0';
	for (i = 0; i < 200; i++)
		strcat(address, "ễ");
	assert_null(check(KD_DF_TO_ADDRESS, address));
	strcat(address, "a");
	assert_non_null(check(KD_DF_TO_ADDRESS, address));
	/* Birth date: today yes, tomorrow no. */
	date_in_days(0, day);
	assert_null(check(KD_DF_DOB, day));
	date_in_days(1, day);
	assert_non_null(check(KD_DF_DOB, day));
	/* Travel date: within 60 days either side of today. */
	date_in_days(-59, day);
	assert_null(check(KD_DF_TRAVEL_DATE, day));
	date_in_days(59, day);
	assert_null(check(KD_DF_TRAVEL_DATE, day));
	date_in_days(-61, day);
	assert_non_null(check(KD_DF_TRAVEL_DATE, day));
	date_in_days(61, day);
	assert_non_null(check(KD_DF_TRAVEL_DATE, day));
	/* Required: exactly the fields SPEC does not call optional. */
	for (i = 0; i < KD_DF_COUNT; i++) {
		int required = (kd_decl_fields[i].flags & KD_REQUIRED) != 0;
		int want = i == KD_DF_ID_NUMBER || i == KD_DF_FULL_NAME || i == KD_DF_DOB ||
		    i == KD_DF_GENDER || i == KD_DF_PHONE || i == KD_DF_PERM_COMMUNE ||
		    i == KD_DF_PERM_ADDRESS || i == KD_DF_FROM_COMMUNE ||
		    i == KD_DF_FROM_ADDRESS || i == KD_DF_TO_COMMUNE ||
		    i == KD_DF_TO_ADDRESS || i == KD_DF_VACCINE_DOSES;

		if (required != want)
			fail_msg("field %s: required %d", kd_decl_fields[i].name, required);
	}
	for (i = 0; kd_decl_vehicles[i] != NULL; i++)
		assert_non_null(kd_decl_vehicle_name(kd_decl_vehicles[i]));
	assert_null(kd_decl_vehicle_name("rocket"));
}

static void test_cross_check(void **state)
{
	struct kd_values vals;

	(void)state;
	memset(&vals, 0, sizeof(vals));
	assert_int_equal(kd_decl_cross_check(&vals), 0);
	vals.v[KD_DF_TEMP_COMMUNE] = "00001";
	assert_int_equal(kd_decl_cross_check(&vals), 1);
	assert_non_null(vals.error[KD_DF_TEMP_ADDRESS]);
	assert_null(vals.error[KD_DF_TEMP_COMMUNE]);
	memset(&vals, 0, sizeof(vals));
	vals.v[KD_DF_STAY_ADDRESS] = "Số 1";
	assert_int_equal(kd_decl_cross_check(&vals), 1);
	assert_non_null(vals.error[KD_DF_STAY_COMMUNE]);
	assert_int_equal(vals.nerrors, 1);
	memset(&vals, 0, sizeof(vals));
	vals.v[KD_DF_STAY_ADDRESS] = "Số 1";
	vals.v[KD_DF_STAY_COMMUNE] = "00001";
	assert_int_equal(kd_decl_cross_check(&vals), 0);
}

/* The names in a column list "(a, b, c)" or "SELECT a, f(b, 'x'), c FROM",
 * with function calls reduced to their first argument. */
static size_t column_names(const char *list, const char *end, char names[][40],
    size_t max)
{
	size_t n = 0;
	const char *p = list;

	while (p < end && n < max) {
		const char *start, *stop;
		size_t len;
		int depth = 0;

		while (p < end && (*p == ' ' || *p == ','))
			p++;
		start = p;
		while (p < end && (depth > 0 || *p != ',')) {
			if (*p == '(')
				depth++;
			else if (*p == ')')
				depth--;
			p++;
		}
		stop = p;
		/* f(x, ...) -> x */
		{
			const char *paren = memchr(start, '(', (size_t)(stop - start));

			if (paren != NULL) {
				start = paren + 1;
				stop = start + strcspn(start, ",)");
			}
		}
		while (stop > start && stop[-1] == ' ')
			stop--;
		len = (size_t)(stop - start);
		if (len >= 40)
			len = 39;
		memcpy(names[n], start, len);
		names[n][len] = '\0';
		n++;
	}
	return n;
}

static void test_statements_follow_the_field_table(void **state)
{
	const char *ins = kd_decl_sql.sql[KD_SQL_DECL_INSERT - KD_SQL_BASE(KD_MOD_DECL)];
	const char *load = kd_decl_sql.sql[KD_SQL_DECL_LOAD - KD_SQL_BASE(KD_MOD_DECL)];
	const char *open, *close_paren;
	char names[64][40];
	size_t n, i;

	(void)state;
	open = strchr(ins, '(');
	close_paren = strchr(open, ')');
	n = column_names(open + 1, close_paren, names, 64);
	assert_true(n >= KD_DF_COUNT);
	for (i = 0; i < KD_DF_COUNT; i++)
		if (strcmp(names[i], kd_decl_fields[i].name) != 0)
			fail_msg("INSERT column %zu is %s, field is %s", i, names[i],
			    kd_decl_fields[i].name);
	open = load + strlen("SELECT ");
	close_paren = strstr(load, " FROM ");
	n = column_names(open, close_paren, names, 64);
	assert_true(n >= KD_DF_COUNT);
	for (i = 0; i < KD_DF_COUNT; i++)
		if (strcmp(names[i], kd_decl_fields[i].name) != 0)
			fail_msg("SELECT column %zu is %s, field is %s", i, names[i],
			    kd_decl_fields[i].name);
}

static void test_fields_with_extra(void **state)
{
	static const struct kd_field extra[1] = {
		{ .name = "direction", .type = KD_T_CHOICE, .flags = KD_REQUIRED },
	};
	struct kd_field table[KD_DF_FORM_COUNT + 1];

	(void)state;
	kd_decl_fields_with(table, extra, 1);
	assert_string_equal(table[KD_DF_PHONE].name, "phone");
	assert_string_equal(table[KD_DF_CLIENT_REF].name, "client_ref");
	assert_string_equal(table[KD_DF_FROM_SAME].name, "from_same");
	assert_string_equal(table[KD_DF_PERM_COMMUNE_Q].name, "perm_commune_q");
	assert_string_equal(table[KD_DF_FORM_COUNT].name, "direction");
	assert_true(KD_DF_FORM_COUNT + 1 <= KD_MAX_FIELDS);
}

static void test_times(void **state)
{
	char iso[32], vn[40], day[11];

	(void)state;
	/* 2021-09-01 01:30:00 UTC = 08:30 in Hà Nội. */
	kd_time_iso(1630459800, iso);
	assert_string_equal(iso, "2021-09-01T08:30:00+07:00");
	kd_time_vn(1630459800, vn);
	assert_string_equal(vn, "08:30 ngày 01/09/2021");
	/* 17:30 UTC is already the next day in Hà Nội. */
	kd_today(1630517400, day);
	assert_string_equal(day, "2021-09-02");
}

static void test_json_object(void **state)
{
	static struct kd_decl d;
	struct kd_json j;
	const char *text;

	(void)state;
	memset(&d, 0, sizeof(d));
	d.declaration_id = 42;
	strcpy(d.v[KD_DF_ID_NUMBER], "001032130449");
	strcpy(d.v[KD_DF_FULL_NAME], "Bùi Minh Toản");
	strcpy(d.v[KD_DF_DOB], "1932-03-29");
	strcpy(d.v[KD_DF_GENDER], "M");
	strcpy(d.v[KD_DF_PHONE], "0912345678");
	strcpy(d.v[KD_DF_PERM_COMMUNE], "00574");
	strcpy(d.v[KD_DF_PERM_ADDRESS], "<b>\"Số 1\"</b>");
	strcpy(d.v[KD_DF_FROM_COMMUNE], "00001");
	strcpy(d.v[KD_DF_FROM_ADDRESS], "a");
	strcpy(d.v[KD_DF_TO_COMMUNE], "318");
	strcpy(d.v[KD_DF_TO_ADDRESS], "b");
	strcpy(d.v[KD_DF_FEVER], "1");
	strcpy(d.v[KD_DF_COUGH], "0");
	strcpy(d.v[KD_DF_BREATH], "0");
	strcpy(d.v[KD_DF_SORE_THROAT], "0");
	strcpy(d.v[KD_DF_TASTE_SMELL], "0");
	strcpy(d.v[KD_DF_CONTACT_F0], "1");
	strcpy(d.v[KD_DF_FROM_EPIDEMIC_ZONE], "0");
	strcpy(d.v[KD_DF_VACCINE_DOSES], "3");
	strcpy(d.source, "paper");
	strcpy(d.entered_by, "canbo01");
	strcpy(d.registry, "matched");
	d.created_at = 1630459800;
	d.expires_at = 1630459800 + 72 * 3600;
	kd_json_init(&j);
	kd_decl_json(&j, &d);
	text = kd_json_text(&j);
	assert_non_null(text);
	assert_string_equal(text,
	    "{\"declaration_id\":42,\"id_number\":\"001032130449\","
	    "\"full_name\":\"Bùi Minh Toản\",\"dob\":\"1932-03-29\",\"gender\":\"M\","
	    "\"phone\":\"0912345678\",\"perm_commune\":\"00574\","
	    "\"perm_address\":\"\\u003cb\\u003e\\\"Số 1\\\"\\u003c/b\\u003e\","
	    "\"temp_commune\":null,\"temp_address\":null,\"stay_commune\":null,"
	    "\"stay_address\":null,\"from_commune\":\"00001\",\"from_address\":\"a\","
	    "\"to_commune\":\"318\",\"to_address\":\"b\",\"travel_date\":null,"
	    "\"vehicle\":null,\"plate\":null,\"fever\":1,\"cough\":0,\"breath\":0,"
	    "\"sore_throat\":0,\"taste_smell\":0,\"contact_f0\":1,"
	    "\"from_epidemic_zone\":0,\"vaccine_doses\":3,\"client_ref\":null,"
	    "\"source\":\"paper\",\"entered_by\":\"canbo01\",\"registry\":\"matched\","
	    "\"created_at\":\"2021-09-01T08:30:00+07:00\","
	    "\"expires_at\":\"2021-09-04T08:30:00+07:00\",\"revoked_at\":null}");
	kd_json_free(&j);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_registry_compare),
		cmocka_unit_test(test_field_validators),
		cmocka_unit_test(test_cross_check),
		cmocka_unit_test(test_statements_follow_the_field_table),
		cmocka_unit_test(test_fields_with_extra),
		cmocka_unit_test(test_times),
		cmocka_unit_test(test_json_object),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
