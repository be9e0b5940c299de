/* Journal records: escaping round trip, malformed lines, one write per
 * record to a locked file of its own. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/resource.h>
#include <unistd.h>

#include "journal.h"

static void test_round_trip(void **state)
{
	const char *in[4] = { "1700000000123", "tab\there", "line\nbreak \\ slash", NULL };
	char line[256], *out[4];
	int len;

	(void)state;
	len = kd_journal_format(line, sizeof(line), in, 4);
	assert_true(len > 0);
	assert_int_equal(line[len - 1], '\n');
	/* One record is one line: no raw tab inside a field, no raw newline. */
	assert_null(memchr(line, '\n', (size_t)len - 1));
	assert_string_equal(line, "1700000000123\ttab\\there\tline\\nbreak \\\\ slash\t\n");
	line[len - 1] = '\0';
	assert_int_equal(kd_journal_split(line, out, 4), 0);
	assert_string_equal(out[0], "1700000000123");
	assert_string_equal(out[1], "tab\there");
	assert_string_equal(out[2], "line\nbreak \\ slash");
	assert_string_equal(out[3], "");
}

static void test_malformed(void **state)
{
	char *out[3];
	char few[] = "a\tb", many[] = "a\tb\tc\td", esc[] = "a\tb\\x\tc", ok[] = "a\t\tc";

	(void)state;
	assert_int_equal(kd_journal_split(few, out, 3), -1);
	assert_int_equal(kd_journal_split(many, out, 3), -1);
	assert_int_equal(kd_journal_split(esc, out, 3), -1);
	assert_int_equal(kd_journal_split(ok, out, 3), 0);
	assert_string_equal(out[1], "");
}

static void test_too_long(void **state)
{
	char big[3000], line[KD_JOURNAL_MAX_LINE];
	const char *f[1] = { big };

	(void)state;
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	assert_int_equal(kd_journal_format(line, sizeof(line), f, 1), -1);
	/* Escapes count twice. */
	memset(big, '\t', 1100);
	big[1100] = '\0';
	assert_int_equal(kd_journal_format(line, sizeof(line), f, 1), -1);
}

static void test_append_to_own_locked_file(void **state)
{
	char dir[] = "/tmp/kd-test-journal.XXXXXX", sub[128], path[512], text[256];
	const char *rec[2] = { "42", "verify" };
	struct dirent *e;
	DIR *d;
	FILE *fp;
	int fd, files = 0;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(sub, sizeof(sub), "%s/audit/verify", dir);
	assert_int_equal(kd_journal_append(rec, 2), -1);      /* not open yet */
	assert_int_equal(kd_journal_open(sub, 0), 0);
	assert_true(kd_journal_is_open());
	assert_int_equal(kd_journal_append(rec, 2), 0);
	assert_int_equal(kd_journal_append(rec, 2), 0);
	d = opendir(sub);
	assert_non_null(d);
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		files++;
		snprintf(path, sizeof(path), "%s/%s", sub, e->d_name);
	}
	closedir(d);
	assert_int_equal(files, 1);
	fp = fopen(path, "r");
	assert_non_null(fp);
	assert_int_equal(fread(text, 1, sizeof(text) - 1, fp), 20);
	fclose(fp);
	text[20] = '\0';
	assert_string_equal(text, "42\tverify\n42\tverify\n");
	/* The writer's lock tells a loader the file is still written. */
	fd = open(path, O_RDONLY);
	assert_true(fd >= 0);
	assert_int_equal(flock(fd, LOCK_SH | LOCK_NB), -1);
	kd_journal_close();
	assert_int_equal(flock(fd, LOCK_SH | LOCK_NB), 0);
	close(fd);
	unlink(path);
	rmdir(sub);
	snprintf(sub, sizeof(sub), "%s/audit", dir);
	rmdir(sub);
	rmdir(dir);
}

/* A write cut short (file-size limit, full disk) fails the call, and the
 * next record still starts on a line of its own. */
static void test_torn_write(void **state)
{
	char dir[] = "/tmp/kd-test-journal.XXXXXX", path[512], text[256];
	const char *rec[2] = { "1", "verify" };
	struct rlimit old, cut;
	struct dirent *e;
	DIR *d;
	FILE *fp;
	size_t got;

	(void)state;
	assert_non_null(mkdtemp(dir));
	assert_int_equal(kd_journal_open(dir, 0), 0);
	assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
	cut = old;
	cut.rlim_cur = 4;                         /* "1\tve" of the first record */
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &cut), 0);
	assert_int_equal(kd_journal_append(rec, 2), -1);
	assert_int_equal(kd_journal_append(rec, 2), -1);   /* EFBIG, nothing written */
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &old), 0);
	assert_int_equal(kd_journal_append(rec, 2), 0);
	kd_journal_close();
	d = opendir(dir);
	assert_non_null(d);
	path[0] = '\0';
	while ((e = readdir(d)) != NULL)
		if (e->d_name[0] != '.')
			snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
	closedir(d);
	fp = fopen(path, "r");
	assert_non_null(fp);
	got = fread(text, 1, sizeof(text) - 1, fp);
	fclose(fp);
	text[got] = '\0';
	assert_string_equal(text, "1\tve\n1\tverify\n");
	unlink(path);
	rmdir(dir);
}

/* Files in dir, oldest name first is not needed: returns how many and
 * whether each is still locked by a writer. */
static int count_files(const char *dir, int *locked)
{
	char path[512];
	struct dirent *e;
	DIR *d = opendir(dir);
	int n = 0, fd;

	*locked = 0;
	assert_non_null(d);
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		n++;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		fd = open(path, O_RDONLY);
		assert_true(fd >= 0);
		if (flock(fd, LOCK_SH | LOCK_NB) != 0)
			(*locked)++;
		close(fd);
	}
	closedir(d);
	return n;
}

/* Past the size limit the next record goes to a new file; the old one is
 * closed (unlocked) so that the loader may remove it. */
static void test_rotation(void **state)
{
	char dir[] = "/tmp/kd-test-journal.XXXXXX", path[512];
	const char *rec[2] = { "1", "verify" };   /* 9 bytes a record */
	struct dirent *e;
	DIR *d;
	int locked, i;

	(void)state;
	assert_non_null(mkdtemp(dir));
	assert_int_equal(kd_journal_open(dir, 20), 0);
	assert_int_equal(kd_journal_append(rec, 2), 0);
	assert_int_equal(kd_journal_append(rec, 2), 0);
	assert_int_equal(count_files(dir, &locked), 1);
	assert_int_equal(kd_journal_append(rec, 2), 0);    /* 27 >= 20: rotate */
	assert_int_equal(count_files(dir, &locked), 2);
	assert_int_equal(locked, 1);
	for (i = 0; i < 3; i++)
		assert_int_equal(kd_journal_append(rec, 2), 0);
	assert_int_equal(count_files(dir, &locked), 3);
	assert_int_equal(locked, 1);
	kd_journal_close();
	d = opendir(dir);
	assert_non_null(d);
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		unlink(path);
	}
	closedir(d);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_too_long),
		cmocka_unit_test(test_append_to_own_locked_file),
		cmocka_unit_test(test_torn_write),
		cmocka_unit_test(test_rotation),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
