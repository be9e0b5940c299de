/*
 * fuzz_csv - the CSV line splitter (lib/csv.c kd_csv_split) and the CSV
 * writer it must agree with.
 *
 * Property: no crash or sanitizer report; a split returns -1 or 0..max
 * fields, each inside the line; a row written by the writer (quoting, the
 * formula guard) and split again gives back its cells (the guard's
 * apostrophe in front of a cell that starts like a formula).
 */
#include <stdio.h>

#include "csv.h"
#include "fuzz.h"

#define MAX_FIELDS 16

static void round_trip(const char *s)
{
	const char *cells[3];
	char *line, *got[MAX_FIELDS];
	struct kd_csv_out o;
	size_t third = strlen(s) / 3;
	char *a = strndup(s, third), *b = strndup(s + third, third), *c = strdup(s + 2 * third);
	int n, i;

	FUZZ_CHECK(a != NULL && b != NULL && c != NULL);
	cells[0] = a;
	cells[1] = b;
	cells[2] = c;
	/* The splitter takes lines: no line breaks inside a cell here. */
	if (strpbrk(s, "\r\n") == NULL) {
		kd_csv_out_init(&o);
		kd_csv_row(&o, cells, 3);
		FUZZ_CHECK(!o.failed && o.len >= 2 && o.buf[o.len - 2] == '\r');
		line = strndup(o.buf, o.len - 2);
		FUZZ_CHECK(line != NULL);
		n = kd_csv_split(line, got, MAX_FIELDS);
		FUZZ_CHECK(n == 3);
		for (i = 0; i < 3; i++)
			FUZZ_CHECK(strcmp(got[i], cells[i]) == 0 ||
			    (got[i][0] == '\'' && strcmp(got[i] + 1, cells[i]) == 0));
		free(line);
		kd_csv_out_free(&o);
	}
	free(a);
	free(b);
	free(c);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_string(data, size), *copy = strdup(s), *f[MAX_FIELDS];
	size_t len = strlen(s);
	int n, i;

	FUZZ_CHECK(copy != NULL);
	n = kd_csv_split(copy, f, MAX_FIELDS);
	FUZZ_CHECK(n >= -1 && n <= MAX_FIELDS);
	for (i = 0; i < n; i++)
		FUZZ_CHECK(f[i] >= copy && f[i] <= copy + len);
	round_trip(s);
	free(copy);
	free(s);
	return 0;
}
