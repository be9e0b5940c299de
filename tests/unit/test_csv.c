/* The CSV line splitter shared by the tools and the bulk upload. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

/* Writes text to a new file under /tmp; its path goes to path. */
static void write_file(char path[32], const char *text)
{
	FILE *fp;
	int fd;

	snprintf(path, 32, "/tmp/kd-csv-XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	fp = fdopen(fd, "w");
	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
}

static void test_open_checks_the_header(void **state)
{
	char path[32], buf[64];
	FILE *fp;

	(void)state;
	write_file(path, "a,b\r\n1,2\n");
	fp = kd_csv_open(path, "a,b", "test");
	assert_non_null(fp);
	assert_int_equal(kd_csv_read_line(fp, buf, sizeof(buf)), 1);
	assert_string_equal(buf, "1,2");
	fclose(fp);
	assert_null(kd_csv_open(path, "a,c", "test"));
	unlink(path);
	/* A byte-order mark before the header is allowed, nowhere else. */
	write_file(path, "\xef\xbb\xbf" "a,b\n1,2\n");
	fp = kd_csv_open(path, "a,b", "test");
	assert_non_null(fp);
	fclose(fp);
	unlink(path);
	write_file(path, "x\xef\xbb\xbf" "a,b\n");
	assert_null(kd_csv_open(path, "a,b", "test"));
	unlink(path);
	assert_null(kd_csv_open("/nonexistent/kd.csv", "a,b", "test"));
}

static void test_write_rows(void **state)
{
	const char *header[] = { "program", "name", "amount" };
	const char *row[] = { "Hỗ trợ, đợt 1", "Nguyễn \"Út\"", "1500000" };
	const char *formula[] = { "=HYPERLINK(\"x\")", "+1", "-2", "@a", NULL };
	struct kd_csv_out o;

	(void)state;
	kd_csv_out_init(&o);
	kd_csv_row(&o, header, 3);
	kd_csv_row(&o, row, 3);
	kd_csv_row(&o, formula, 5);
	assert_false(o.failed);
	assert_string_equal(o.buf, "program,name,amount\r\n"
	    "\"Hỗ trợ, đợt 1\",\"Nguyễn \"\"Út\"\"\",1500000\r\n"
	    "\"'=HYPERLINK(\"\"x\"\")\",'+1,'-2,'@a,\r\n");
	assert_int_equal(o.len, strlen(o.buf));
	/* What was written splits back into the same cells. */
	{
		char line[128], *f[8];

		snprintf(line, sizeof(line), "%.*s", (int)(strchr(o.buf + 21, '\r') - (o.buf + 21)),
		    o.buf + 21);
		assert_int_equal(kd_csv_split(line, f, 8), 3);
		assert_string_equal(f[0], row[0]);
		assert_string_equal(f[1], row[1]);
	}
	kd_csv_out_free(&o);
	assert_null(o.buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_and_quoted),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_read_line),
		cmocka_unit_test(test_open_checks_the_header),
		cmocka_unit_test(test_write_rows),
	};

	return cmocka_run_group_tests_name("csv", tests, NULL, NULL);
}
