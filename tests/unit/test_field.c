/*
 * test_field - typed fields (lib/field.h): keys, bytes, every type's
 * parser and normaliser, a field's own rule, and CSV rows through the
 * same table.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "field.h"
#include "vntime.h"

static const char *const colours[] = { "red", "green", NULL };

static const char *not_sunday(const struct kd_values *vals, size_t i,
    const struct kd_field *f)
{
	(void)f;
	/* 1970-01-01 was a Thursday: day 3 of a week from Monday is Sunday. */
	return ((vals->t[i] + KD_VN_OFFSET) / 86400 + 3) % 7 == 6 ?
	    "Không nhận ngày Chủ nhật." : NULL;
}

enum { F_UID, F_DOSES, F_PHONE, F_ID, F_DAY, F_AT, F_COLOUR, F_NOTE, F_TEXT,
    F_REF, F_FLAG, F_NUM, F_PICK, F_COUNT };
static const struct kd_field fields[F_COUNT] = {
	[F_UID] = { .name = "uid", .type = KD_T_UID, .flags = KD_REQUIRED },
	[F_DOSES] = { .name = "doses", .type = KD_T_INT, .min = 0, .max = 4 },
	[F_PHONE] = { .name = "phone", .type = KD_T_PHONE },
	[F_ID] = { .name = "id_number", .type = KD_T_ID_NUMBER },
	[F_DAY] = { .name = "day", .type = KD_T_DATE, .check = not_sunday },
	[F_AT] = { .name = "at", .type = KD_T_DATETIME },
	[F_COLOUR] = { .name = "colour", .type = KD_T_CHOICE, .choices = colours,
	    .message = "Chọn màu." },
	[F_NOTE] = { .name = "note", .type = KD_T_MULTILINE, .max = 10 },
	[F_TEXT] = { .name = "text", .type = KD_T_TEXT, .min = 2, .max = 5 },
	[F_REF] = { .name = "ref", .type = KD_T_ID },
	[F_FLAG] = { .name = "flag", .type = KD_T_FLAG },
	[F_NUM] = { .name = "num", .type = KD_T_INT, .min = -5, .max = 5 },
	[F_PICK] = { .name = "pick", .type = KD_T_TEXT, .flags = KD_REPEATED, .max = 20 },
};

static struct kd_arena arena;

static int run_table(const char *text, const struct kd_field *table, size_t n,
    struct kd_values *vals)
{
	static char buf[1024];
	static struct kd_req r;

	kd_arena_reset(&arena);
	memset(&r, 0, sizeof(r));
	snprintf(buf, sizeof(buf), "%s", text);
	assert_int_equal(kd_parse_urlencoded(buf, r.body, KD_MAX_PARAMS, &r.nbody),
	    KD_PARSE_OK);
	return kd_fields(&arena, &r, KD_FROM_BODY, table, n, vals);
}

static int run(const char *text, struct kd_values *vals)
{
	return run_table(text, fields, F_COUNT, vals);
}

static void test_keys(void **state)
{
	struct kd_values vals;

	(void)state;
	assert_int_equal(run("uid=canbo.01&doses=2&csrf=t&action=x", &vals), 0);
	assert_string_equal(vals.v[F_UID], "canbo.01");
	assert_null(vals.v[F_PHONE]);
	assert_int_equal(run("uid=canbo&role=admin", &vals), -1);
	assert_string_equal(vals.bad_key, "role");
	assert_int_equal(run("uid=a1b&uid=c2d", &vals), -1);
	assert_int_equal(run("uid=abc&csrf=1&csrf=2", &vals), -1);
	assert_int_equal(run("uid=abc&action=1&action=2", &vals), -1);
}

static void test_required_and_empty(void **state)
{
	struct kd_values vals;

	(void)state;
	assert_int_equal(run("doses=", &vals), 1);
	assert_string_equal(vals.error[F_UID], "Vui lòng nhập tên đăng nhập.");
	assert_null(vals.v[F_DOSES]);
	assert_int_equal(vals.sent[F_DOSES], 1);
	assert_int_equal(vals.nerrors, 1);
}

/* "Vui lòng chọn" for what is chosen, "nhập" for what is typed; a field
 * may say its own. */
static void test_required_by_kind(void **state)
{
	enum { R_TEXT, R_PICK, R_GENDER, R_COMMUNE, R_DOSES, R_COUNT };
	static const struct kd_field req[R_COUNT] = {
		[R_TEXT] = { .name = "text", .type = KD_T_TEXT, .flags = KD_REQUIRED },
		[R_PICK] = { .name = "pick", .type = KD_T_CHOICE, .flags = KD_REQUIRED,
		    .choices = colours },
		[R_GENDER] = { .name = "gender", .type = KD_T_GENDER, .flags = KD_REQUIRED },
		[R_COMMUNE] = { .name = "commune", .type = KD_T_COMMUNE, .flags = KD_REQUIRED },
		[R_DOSES] = { .name = "doses", .type = KD_T_INT, .flags = KD_REQUIRED,
		    .max = 4, .required = "Vui lòng chọn số mũi." },
	};
	struct kd_values vals;

	(void)state;
	assert_int_equal(run_table("text=", req, R_COUNT, &vals), 1);
	assert_int_equal(vals.nerrors, R_COUNT);
	assert_string_equal(vals.error[R_TEXT], kd_msg_required);
	assert_non_null(strstr(vals.error[R_TEXT], "Vui lòng nhập"));
	assert_non_null(strstr(vals.error[R_PICK], "Vui lòng chọn"));
	assert_string_equal(vals.error[R_GENDER], "Vui lòng chọn giới tính.");
	assert_string_equal(vals.error[R_COMMUNE], "Vui lòng chọn xã/phường.");
	assert_string_equal(vals.error[R_DOSES], "Vui lòng chọn số mũi.");
	assert_string_equal(kd_field_required_message(&fields[F_PHONE]),
	    "Vui lòng nhập số điện thoại.");
	/* A withdrawn message counts no more. */
	kd_field_clear(&vals, R_TEXT);
	kd_field_clear(&vals, R_TEXT);
	assert_null(vals.error[R_TEXT]);
	assert_int_equal(vals.nerrors, R_COUNT - 1);
}

/* A slot keeps its index and takes no key. */
static void test_slots(void **state)
{
	static const struct kd_field slotted[3] = {
		{ .name = "uid", .type = KD_T_UID },
		{ .name = NULL },
		{ .name = "phone", .type = KD_T_PHONE },
	};
	struct kd_values vals;

	(void)state;
	assert_int_equal(run_table("uid=abc&phone=0912345678", slotted, 3, &vals), 0);
	assert_null(vals.v[1]);
	assert_string_equal(vals.v[2], "0912345678");
	assert_int_equal(run_table("uid=abc&x=1", slotted, 3, &vals), -1);
}

/* Twelve digits whose province does not exist are told so. */
static void test_cccd_province(void **state)
{
	struct kd_values vals;

	(void)state;
	assert_int_equal(run("uid=abc&id_number=001+032-130.449", &vals), 0);
	assert_string_equal(vals.v[F_ID], "001032130449");
	assert_int_equal(run("uid=abc&id_number=099032130449", &vals), 1);
	assert_non_null(strstr(vals.error[F_ID], "mã tỉnh"));
	assert_string_equal(vals.v[F_ID], "099032130449");     /* kept as typed */
	assert_int_equal(run("uid=abc&id_number=12345", &vals), 1);
	assert_null(strstr(vals.error[F_ID], "mã tỉnh"));
	assert_int_equal(run("uid=abc&id_number=123456789", &vals), 0);   /* CMND */
}

static void test_bytes_are_named(void **state)
{
	struct kd_values vals;

	(void)state;
	/* invalid UTF-8, an overlong, a surrogate, a cut sequence, NUL, ESC:
	 * each is a message on its own field, not a blind 400. */
	static const char *const bad[] = { "text=%FF", "text=%C0%AF",
	    "text=%ED%A0%80", "text=a%E1%BB", "text=a%00b", "text=a%1Bb",
	    "text=a%0Ab" };
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char body[64];

		snprintf(body, sizeof(body), "uid=abc&%s", bad[i]);
		assert_int_equal(run(body, &vals), 1);
		assert_non_null(vals.error[F_TEXT]);
		assert_null(vals.v[F_TEXT]);         /* never shown again */
		assert_int_equal(vals.nerrors, 1);
	}
	/* A multi-line field keeps its line breaks, but no other control. */
	assert_int_equal(run("uid=abc&note=a%0D%0Ab", &vals), 0);
	assert_int_equal(run("uid=abc&note=a%07b", &vals), 1);
}

static void test_numbers(void **state)
{
	struct kd_values vals;

	(void)state;
	assert_int_equal(run("uid=abc&doses=4&num=-5&ref=42", &vals), 0);
	assert_int_equal(vals.n[F_DOSES], 4);
	assert_int_equal(vals.n[F_NUM], -5);
	assert_int_equal(vals.n[F_REF], 42);
	assert_int_equal(run("uid=abc&doses=5", &vals), 1);
	assert_int_equal(run("uid=abc&doses=%2B1", &vals), 1);
	assert_int_equal(run("uid=abc&doses=1x", &vals), 1);
	assert_int_equal(run("uid=abc&doses=-0", &vals), 0);
	assert_int_equal(run("uid=abc&num=-6", &vals), 1);
	assert_int_equal(run("uid=abc&ref=0", &vals), 1);
	assert_int_equal(run("uid=abc&ref=99999999999999999999", &vals), 1);
	assert_int_equal(run("uid=abc&flag=1", &vals), 0);
	assert_int_equal(vals.n[F_FLAG], 1);
	assert_int_equal(run("uid=abc&flag=on", &vals), 1);
}

static void test_normalised(void **state)
{
	struct kd_values vals;

	(void)state;
	assert_int_equal(run("uid=abc&phone=0912+345+678&id_number=001+032+130449", &vals), 0);
	assert_string_equal(vals.v[F_PHONE], "0912345678");
	assert_string_equal(vals.v[F_ID], "001032130449");
	assert_int_equal(run("uid=abc&phone=%2B84+912.345.678", &vals), 0);
	assert_string_equal(vals.v[F_PHONE], "0912345678");
	assert_int_equal(run("uid=abc&phone=84912345678", &vals), 0);
	assert_string_equal(vals.v[F_PHONE], "0912345678");
	assert_int_equal(run("uid=abc&phone=912345678", &vals), 1);
	assert_int_equal(run("uid=abc&phone=0912-345-67x", &vals), 1);
}

static void test_dates(void **state)
{
	struct kd_values vals;

	(void)state;
	assert_int_equal(run("uid=abc&day=05/05/1990", &vals), 0);
	assert_string_equal(vals.v[F_DAY], "1990-05-05");
	/* 00:00 in Hà Nội is 17:00 UTC the day before. */
	assert_int_equal(vals.t[F_DAY], 641840400);
	assert_int_equal(run("uid=abc&day=1990-05-05", &vals), 0);
	assert_int_equal(vals.t[F_DAY], 641840400);
	assert_int_equal(run("uid=abc&day=5/5/1990", &vals), 0);
	assert_string_equal(vals.v[F_DAY], "1990-05-05");
	assert_int_equal(run("uid=abc&day=31/02/1990", &vals), 1);
	assert_int_equal(run("uid=abc&day=1990-5-5", &vals), 1);
	assert_int_equal(run("uid=abc&day=05/05/90", &vals), 1);
	/* The field's own rule runs on the parsed day: 1990-05-06 a Sunday. */
	assert_int_equal(run("uid=abc&day=06/05/1990", &vals), 1);
	assert_string_equal(vals.error[F_DAY], "Không nhận ngày Chủ nhật.");
}

static void test_datetimes(void **state)
{
	struct kd_values vals;

	(void)state;
	assert_int_equal(run("uid=abc&at=2021-09-01T08:30", &vals), 0);
	assert_int_equal(vals.t[F_AT], 1630459800);
	assert_int_equal(run("uid=abc&at=2021-09-01T08:30:00%2B07:00", &vals), 0);
	assert_int_equal(vals.t[F_AT], 1630459800);
	assert_int_equal(run("uid=abc&at=2021-09-01T01:30:00.250Z", &vals), 0);
	assert_int_equal(vals.t[F_AT], 1630459800);
	assert_int_equal(run("uid=abc&at=2021-09-01+08:30:00", &vals), 0);
	assert_int_equal(vals.t[F_AT], 1630459800);
	assert_int_equal(run("uid=abc&at=2021-09-01T24:00", &vals), 1);
	assert_int_equal(run("uid=abc&at=2021-09-01", &vals), 1);
	assert_int_equal(run("uid=abc&at=2021-09-01T08:30%2B7", &vals), 1);
}

static void test_choices_and_text(void **state)
{
	struct kd_values vals;

	(void)state;
	assert_int_equal(run("uid=abc&colour=green&text=ab", &vals), 0);
	assert_int_equal(vals.n[F_COLOUR], 1);
	assert_int_equal(run("uid=abc&colour=blue", &vals), 1);
	assert_string_equal(vals.error[F_COLOUR], "Chọn màu.");
	assert_string_equal(vals.v[F_COLOUR], "blue");   /* kept as typed */
	assert_int_equal(run("uid=abc&text=a", &vals), 1);           /* min 2 */
	assert_int_equal(run("uid=abc&text=%C4%91%C3%A2%E1%BB%83u%C3%A1", &vals), 0);
	assert_int_equal(run("uid=abc&text=abcdef", &vals), 1);      /* max 5 */
}

/* Check boxes of one name: joined in the order sent, empty ones dropped;
 * the joined value is judged as one (its length, its bytes). */
static void test_repeated(void **state)
{
	struct kd_values vals;

	(void)state;
	assert_int_equal(run("uid=abc&pick=a&pick=&pick=bc&doses=1&pick=d", &vals), 0);
	assert_string_equal(vals.v[F_PICK], "a,bc,d");
	assert_int_equal(run("uid=abc&pick=x", &vals), 0);
	assert_string_equal(vals.v[F_PICK], "x");
	assert_int_equal(run("uid=abc&pick=&pick=", &vals), 0);
	assert_null(vals.v[F_PICK]);
	assert_int_equal(run("uid=abc&pick=0123456789&pick=0123456789", &vals), 1);
	assert_non_null(vals.error[F_PICK]);
	assert_int_equal(run("uid=abc&pick=a&pick=b%01", &vals), 1);
	assert_non_null(vals.error[F_PICK]);
	/* Other fields still refuse a second key. */
	assert_int_equal(run("uid=abc&pick=a&uid=def", &vals), -1);
	assert_string_equal(vals.bad_key, "uid");
}

static void test_rows(void **state)
{
	char *good[] = { "canbo", "2", "0912 345 678" };
	char *bad[] = { "X", "9" };
	struct kd_values vals;

	(void)state;
	kd_arena_reset(&arena);
	assert_int_equal(kd_fields_row(&arena, good, 3, fields, F_COUNT, &vals), 0);
	assert_int_equal(vals.n[F_DOSES], 2);
	assert_string_equal(vals.v[F_PHONE], "0912345678");
	assert_int_equal(kd_fields_row(&arena, bad, 2, fields, F_COUNT, &vals), 1);
	assert_non_null(vals.error[F_UID]);
	assert_non_null(vals.error[F_DOSES]);
	assert_int_equal(vals.nerrors, 2);
	kd_arena_reset(&arena);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_keys),
		cmocka_unit_test(test_required_and_empty),
		cmocka_unit_test(test_required_by_kind),
		cmocka_unit_test(test_slots),
		cmocka_unit_test(test_cccd_province),
		cmocka_unit_test(test_bytes_are_named),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_normalised),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_datetimes),
		cmocka_unit_test(test_choices_and_text),
		cmocka_unit_test(test_repeated),
		cmocka_unit_test(test_rows),
	};

	return cmocka_run_group_tests_name("typed fields", tests, NULL, NULL);
}
