/*
 * fuzz.h - what the libFuzzer targets of fuzz/ share: a NUL-terminated
 * copy of the input (our parsers take C strings), and the units loaded
 * once from data/admin_units.csv (the commune and unit fields look codes
 * up).  Each target states its property at its top: no crash, no
 * sanitizer report, and the invariant it checks with abort().
 */
#ifndef KD_FUZZ_H
#define KD_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The input as a string (a NUL inside ends it early, as it would on the
 * wire: our readers refuse raw NULs before these functions run). */
static inline char *fuzz_string(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (s == NULL)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

#define FUZZ_CHECK(cond) do { if (!(cond)) abort(); } while (0)

#endif
