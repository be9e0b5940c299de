/* The urlencoded and cookie parsers, fed hostile input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "arena.h"
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

/* Values are not judged by the parser: their field names them
 * (tests/unit/test_field.c); a raw NUL in a body is the exception. */
static void test_values_pass_the_parser(void **state)
{
	struct kd_kv kv[KD_MAX_PARAMS];
	size_t n;

	(void)state;
	assert_int_equal(parse("a=%FF", kv, &n), KD_PARSE_OK);
	assert_int_equal(kv[0].len, 1);
	assert_int_equal(parse("a=x%00y", kv, &n), KD_PARSE_OK);
	assert_int_equal(kv[0].len, 3);          /* the NUL is counted */
	assert_int_equal(parse("a=x%1By", kv, &n), KD_PARSE_OK);
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

/* Packed strings lie end to end; kd_alloc after them is still aligned;
 * a string longer than a chunk gets one of its own. */
static void test_arena_packs(void **state)
{
	static char big[20000];
	struct kd_arena a = { 0 };
	const char *one, *two, *three;
	void *aligned;

	(void)state;
	one = kd_strpack(&a, "Phường Hàm Rồng");
	two = kd_strpack(&a, "ham rong");
	assert_ptr_equal(two, one + strlen("Phường Hàm Rồng") + 1);
	aligned = kd_alloc(&a, 24);
	assert_int_equal((uintptr_t)aligned % sizeof(max_align_t), 0);
	assert_true((const char *)aligned >= two + strlen(two) + 1);
	memset(big, 'x', sizeof(big) - 1);
	three = kd_strpack(&a, big);
	assert_string_equal(three, big);
	assert_string_equal(one, "Phường Hàm Rồng");
	assert_string_equal(two, "ham rong");
	assert_string_equal(kd_strpack(&a, ""), "");
	kd_arena_reset(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_pairs),
		cmocka_unit_test(test_vietnamese_utf8_decodes),
		cmocka_unit_test(test_broken_escapes),
		cmocka_unit_test(test_values_pass_the_parser),
		cmocka_unit_test(test_keys_are_strict),
		cmocka_unit_test(test_too_many_pairs),
		cmocka_unit_test(test_cookies),
		cmocka_unit_test(test_arena_packs),
	};

	return cmocka_run_group_tests_name("request parsing", tests, NULL, NULL);
}
