/*
 * fuzz_journal - the audit journal's reader (lib/journal.c
 * kd_journal_split), which the loader runs on whatever a file holds, and
 * the writer it must agree with.
 *
 * Property: no crash or sanitizer report; a line splits into exactly n
 * fields or is refused; fields cut from the input at tabs, written with
 * kd_journal_format and split again, come back byte for byte.
 */
#include <stdio.h>

#include "fuzz.h"
#include "journal.h"

#define MAX_FIELDS 12

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_string(data, size), *line = strdup(s), *f[MAX_FIELDS];
	char *parts[MAX_FIELDS], out[KD_JOURNAL_MAX_LINE + 1], *p, *again[MAX_FIELDS];
	const char *cells[MAX_FIELDS];
	size_t n, k, want = size % MAX_FIELDS + 1;
	int len;

	FUZZ_CHECK(line != NULL);
	if (kd_journal_split(line, f, want) == 0)
		for (k = 0; k < want; k++)
			FUZZ_CHECK(f[k] != NULL);
	/* Round trip: the input's pieces between 0x01 bytes as fields. */
	for (n = 0, p = s; n < MAX_FIELDS; n++) {
		parts[n] = p;
		cells[n] = p;
		p = strchr(p, '\x01');
		if (p == NULL) {
			n++;
			break;
		}
		*p++ = '\0';
	}
	len = kd_journal_format(out, sizeof(out), cells, n);
	if (len > 0) {
		FUZZ_CHECK(out[len - 1] == '\n' && memchr(out, '\n', (size_t)len - 1) == NULL);
		out[len - 1] = '\0';
		FUZZ_CHECK(kd_journal_split(out, again, n) == 0);
		for (k = 0; k < n; k++)
			FUZZ_CHECK(strcmp(again[k], parts[k]) == 0);
	}
	free(line);
	free(s);
	return 0;
}
