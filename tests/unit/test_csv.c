/* The CSV line splitter shared by the tools and the bulk upload. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "csv.h"

static int split(const char *text, char **f, int max)
{
	static char buf[256];

	snprintf(buf, sizeof(buf), "%s", text);
	return kd_csv_split(buf, f, max);
}

static void test_plain_and_quoted(void **state)
{
	char *f[8];

	(void)state;
	assert_int_equal(split("commune,00001,Phúc Xá,Phường,001", f, 8), 5);
	assert_string_equal(f[2], "Phúc Xá");
	assert_int_equal(split("a,\"b, \"\"c\"\"\",,d", f, 8), 4);
	assert_string_equal(f[1], "b, \"c\"");
	assert_string_equal(f[2], "");
	assert_int_equal(split("", f, 8), 1);
}

static void test_malformed(void **state)
{
	char *f[8];

	(void)state;
	assert_int_equal(split("a,\"unclosed", f, 8), -1);
	assert_int_equal(split("a,b\"c", f, 8), -1);
	assert_int_equal(split("a,\"b\"x", f, 8), -1);
	assert_int_equal(split("1,2,3", f, 2), -1);
}

static void test_read_line(void **state)
{
	char buf[8];
	FILE *fp = tmpfile();

	(void)state;
	assert_non_null(fp);
	fputs("ab\r\ncd\n0123456789\n", fp);
	rewind(fp);
	assert_int_equal(kd_csv_read_line(fp, buf, sizeof(buf)), 1);
	assert_string_equal(buf, "ab");
	assert_int_equal(kd_csv_read_line(fp, buf, sizeof(buf)), 1);
	assert_string_equal(buf, "cd");
	assert_int_equal(kd_csv_read_line(fp, buf, sizeof(buf)), -1);
	fclose(fp);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_and_quoted),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_read_line),
	};

	return cmocka_run_group_tests_name("csv", tests, NULL, NULL);
}
