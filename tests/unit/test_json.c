/* The JSON writer: structure, commas, and escaping of hostile strings. */
#include <setjmp.h>
#include <stdio.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "json.h"

static void test_structure(void **state)
{
	struct kd_json j;

	(void)state;
	kd_json_init(&j);
	kd_json_obj(&j);
	kd_json_kstr(&j, "uid", "admin");
	kd_json_kint(&j, "n", -42);
	kd_json_key(&j, "list");
	kd_json_arr(&j);
	kd_json_int(&j, 1);
	kd_json_bool(&j, 0);
	kd_json_null(&j);
	kd_json_obj(&j);
	kd_json_obj_end(&j);
	kd_json_arr_end(&j);
	kd_json_kstr(&j, "none", NULL);
	kd_json_obj_end(&j);
	assert_string_equal(kd_json_text(&j),
	    "{\"uid\":\"admin\",\"n\":-42,\"list\":[1,false,null,{}],\"none\":null}");
	kd_json_free(&j);
}

static void test_escaping(void **state)
{
	struct kd_json j;

	(void)state;
	kd_json_init(&j);
	kd_json_arr(&j);
	kd_json_str(&j, "\"quoted\" \\ </script><b>&amp;");
	kd_json_str(&j, "tab\there\nnew\x01");
	kd_json_str(&j, "Nguy\xe1\xbb\x85n \xe2\x80\xa8");
	/* Other characters whose UTF-8 starts like U+2028 stay as they are. */
	kd_json_str(&j, "a\xe2\x80\x94" "b\xe2\x80\xa9" "c\x7f");
	kd_json_arr_end(&j);
	assert_string_equal(kd_json_text(&j),
	    "[\"\\\"quoted\\\" \\\\ \\u003c/script\\u003e\\u003cb\\u003e\\u0026amp;\","
	    "\"tab\\u0009here\\u000anew\\u0001\","
	    "\"Nguy\xe1\xbb\x85n \\u2028\","
	    "\"a\xe2\x80\x94" "b\\u2029c\\u007f\"]");
	kd_json_free(&j);
}

/* A value far longer than the first buffer: copied whole, in order. */
static void test_long_values_grow_the_buffer(void **state)
{
	char text[5000], want[5003];
	struct kd_json j;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(text) - 1; i++)
		text[i] = (char)('a' + i % 26);
	text[sizeof(text) - 1] = '\0';
	snprintf(want, sizeof(want), "\"%s\"", text);
	kd_json_init(&j);
	kd_json_str(&j, text);
	assert_string_equal(kd_json_text(&j), want);
	kd_json_free(&j);
}

/* Never invalid JSON: a value cut inside a character loses the half, any
 * other invalid UTF-8 fails the text. */
static void test_invalid_utf8_never_leaves(void **state)
{
	struct kd_json j;

	(void)state;
	kd_json_init(&j);
	kd_json_obj(&j);
	kd_json_kstr(&j, "name", "Nguy\xe1\xbb");
	kd_json_obj_end(&j);
	assert_string_equal(kd_json_text(&j), "{\"name\":\"Nguy\"}");
	kd_json_free(&j);
	kd_json_init(&j);
	kd_json_obj(&j);
	kd_json_kstr(&j, "name", "a\xff\xfe" "b");
	kd_json_obj_end(&j);
	assert_null(kd_json_text(&j));
	kd_json_free(&j);
}

/* Misuse found by fuzz/fuzz_json: never a text that is not JSON. */
static void test_misuse_is_refused(void **state)
{
	struct kd_json j;

	(void)state;
	kd_json_init(&j);                  /* a value without its key */
	kd_json_obj(&j);
	kd_json_str(&j, "v");
	kd_json_obj_end(&j);
	assert_null(kd_json_text(&j));
	kd_json_free(&j);
	kd_json_init(&j);                  /* a key in an array */
	kd_json_arr(&j);
	kd_json_key(&j, "k");
	kd_json_arr_end(&j);
	assert_null(kd_json_text(&j));
	kd_json_free(&j);
	kd_json_init(&j);                  /* ] for { */
	kd_json_obj(&j);
	kd_json_arr_end(&j);
	assert_null(kd_json_text(&j));
	kd_json_free(&j);
	kd_json_init(&j);                  /* two values at the top */
	kd_json_int(&j, 1);
	kd_json_int(&j, 2);
	assert_null(kd_json_text(&j));
	kd_json_free(&j);
	kd_json_init(&j);                  /* a key with no value */
	kd_json_obj(&j);
	kd_json_key(&j, "k");
	kd_json_obj_end(&j);
	assert_null(kd_json_text(&j));
	kd_json_free(&j);
}

static void test_unbalanced_is_refused(void **state)
{
	struct kd_json j;

	(void)state;
	kd_json_init(&j);
	kd_json_obj(&j);
	assert_null(kd_json_text(&j));
	kd_json_free(&j);
	kd_json_init(&j);
	kd_json_arr_end(&j);
	assert_null(kd_json_text(&j));
	kd_json_free(&j);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_structure),
		cmocka_unit_test(test_escaping),
		cmocka_unit_test(test_long_values_grow_the_buffer),
		cmocka_unit_test(test_unbalanced_is_refused),
		cmocka_unit_test(test_invalid_utf8_never_leaves),
		cmocka_unit_test(test_misuse_is_refused),
	};

	return cmocka_run_group_tests_name("json writer", tests, NULL, NULL);
}
