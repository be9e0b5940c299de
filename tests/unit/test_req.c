/* The urlencoded and cookie parsers, fed hostile input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "field.h"
#include "req.h"

static enum kd_parse_status parse(const char *text, struct kd_kv *out, size_t *n)
{
	static char buf[8192];

	snprintf(buf, sizeof(buf), "%s", text);
	return kd_parse_urlencoded(buf, out, KD_MAX_PARAMS, n);
}

static void test_plain_pairs(void **state)
{
	struct kd_kv kv[KD_MAX_PARAMS];
	size_t n;

	(void)state;
	assert_int_equal(parse("uid=admin&password=a+b%21&empty=", kv, &n), KD_PARSE_OK);
	assert_int_equal(n, 3);
	assert_string_equal(kv[0].key, "uid");
	assert_string_equal(kv[0].value, "admin");
	assert_string_equal(kv[1].value, "a b!");
	assert_string_equal(kv[2].value, "");
}

static void test_vietnamese_utf8_decodes(void **state)
{
	struct kd_kv kv[KD_MAX_PARAMS];
	size_t n;

	(void)state;
	/* "Nguyễn" percent-encoded */
	assert_int_equal(parse("full_name=Nguy%E1%BB%85n", kv, &n), KD_PARSE_OK);
	assert_string_equal(kv[0].value, "Nguy\xe1\xbb\x85n");
}

static void test_broken_escapes(void **state)
{
	struct kd_kv kv[KD_MAX_PARAMS];
	size_t n;

	(void)state;
	assert_int_equal(parse("a=%", kv, &n), KD_PARSE_BAD_ENCODING);
	assert_int_equal(parse("a=%4", kv, &n), KD_PARSE_BAD_ENCODING);
	assert_int_equal(parse("a=%zz", kv, &n), KD_PARSE_BAD_ENCODING);
	assert_int_equal(parse("a=ok&b=%G1", kv, &n), KD_PARSE_BAD_ENCODING);
}

static void test_invalid_utf8_and_controls(void **state)
{
	struct kd_kv kv[KD_MAX_PARAMS];
	size_t n;

	(void)state;
	assert_int_equal(parse("a=%FF", kv, &n), KD_PARSE_BAD_UTF8);
	assert_int_equal(parse("a=%C0%AF", kv, &n), KD_PARSE_BAD_UTF8);      /* overlong '/' */
	assert_int_equal(parse("a=%ED%A0%80", kv, &n), KD_PARSE_BAD_UTF8);   /* surrogate */
	assert_int_equal(parse("a=%E1%BB", kv, &n), KD_PARSE_BAD_UTF8);      /* truncated */
	assert_int_equal(parse("a=x%00y", kv, &n), KD_PARSE_BAD_UTF8);       /* NUL */
	assert_int_equal(parse("a=x%1By", kv, &n), KD_PARSE_BAD_UTF8);       /* ESC */
	assert_int_equal(parse("a=line1%0D%0Aline2%09", kv, &n), KD_PARSE_OK);
}

static void test_keys_are_strict(void **state)
{
	struct kd_kv kv[KD_MAX_PARAMS];
	size_t n;

	(void)state;
	assert_int_equal(parse("Uid=x", kv, &n), KD_PARSE_BAD_ENCODING);
	assert_int_equal(parse("a.b=x", kv, &n), KD_PARSE_BAD_ENCODING);
	assert_int_equal(parse("a%00b=x", kv, &n), KD_PARSE_BAD_ENCODING);
	assert_int_equal(parse("=x", kv, &n), KD_PARSE_BAD_ENCODING);
	/* 32 bytes is the longest key; 33 is refused. */
	assert_int_equal(parse("abcdefghijklmnopqrstuvwxyz012345=1", kv, &n), KD_PARSE_OK);
	assert_int_equal(parse("abcdefghijklmnopqrstuvwxyz0123456=1", kv, &n), KD_PARSE_BAD_ENCODING);
}

static void test_too_many_pairs(void **state)
{
	struct kd_kv kv[KD_MAX_PARAMS];
	char text[2048] = "";
	size_t n, i;

	(void)state;
	for (i = 0; i < KD_MAX_PARAMS; i++)
		strcat(text, "a=1&");
	assert_int_equal(parse(text, kv, &n), KD_PARSE_OK);
	strcat(text, "b=2");
	assert_int_equal(parse(text, kv, &n), KD_PARSE_TOO_MANY);
}

static void test_cookies(void **state)
{
	struct kd_arena a = { 0 };
	struct kd_kv kv[KD_MAX_COOKIES];
	size_t n;

	(void)state;
	kd_parse_cookies(&a, "sid=abc; theme=dark;broken; =x", kv, KD_MAX_COOKIES, &n);
	assert_int_equal(n, 2);
	assert_string_equal(kv[0].key, "sid");
	assert_string_equal(kv[0].value, "abc");
	assert_string_equal(kv[1].key, "theme");
	kd_arena_reset(&a);
}

/* Field tables: unknown and repeated keys, validators, empty = absent. */
static const struct kd_field fields[] = {
	{ "uid", kd_v_uid, KD_REQUIRED, 0, 0, NULL },
	{ "doses", kd_v_int, 0, 0, 4, NULL },
	{ "phone", kd_v_phone, 0, 0, 0, NULL },
};

static int run_fields(const char *text, struct kd_values *vals)
{
	static char buf[1024];
	static struct kd_req r;

	memset(&r, 0, sizeof(r));
	snprintf(buf, sizeof(buf), "%s", text);
	assert_int_equal(kd_parse_urlencoded(buf, r.body, KD_MAX_PARAMS, &r.nbody), KD_PARSE_OK);
	return kd_fields(&r, KD_FROM_BODY, fields, 3, vals);
}

static void test_fields(void **state)
{
	struct kd_values vals;

	(void)state;
	assert_int_equal(run_fields("uid=canbo.01&doses=2&csrf=t", &vals), 0);
	assert_string_equal(vals.v[0], "canbo.01");
	assert_null(vals.v[2]);
	assert_int_equal(run_fields("uid=canbo&role=admin", &vals), -1);
	assert_string_equal(vals.bad_key, "role");
	assert_int_equal(run_fields("uid=a1b&uid=c2d", &vals), -1);
	assert_int_equal(run_fields("uid=abc&csrf=1&csrf=2", &vals), -1);
	assert_int_equal(run_fields("doses=5&phone=123", &vals), 1);
	assert_int_equal(vals.nerrors, 3);   /* uid missing, doses > 4, phone */
	assert_non_null(vals.error[0]);
	assert_int_equal(run_fields("uid=abc&doses=-1", &vals), 1);
	assert_int_equal(run_fields("uid=abc&doses=%2B1", &vals), 1);
	assert_int_equal(run_fields("uid=abc&doses=1x", &vals), 1);
	assert_int_equal(run_fields("uid=abc&doses=", &vals), 0);
	assert_null(vals.v[1]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_pairs),
		cmocka_unit_test(test_vietnamese_utf8_decodes),
		cmocka_unit_test(test_broken_escapes),
		cmocka_unit_test(test_invalid_utf8_and_controls),
		cmocka_unit_test(test_keys_are_strict),
		cmocka_unit_test(test_too_many_pairs),
		cmocka_unit_test(test_cookies),
		cmocka_unit_test(test_fields),
	};

	return cmocka_run_group_tests_name("request parsing", tests, NULL, NULL);
}
