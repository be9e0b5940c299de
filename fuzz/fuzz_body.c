/*
 * fuzz_body - the body parser (lib/req.c kd_parse_urlencoded), then the
 * fields of a route (lib/field.c kd_fields) over what it parsed.
 *
 * Property: no crash or sanitizer report; every pair parsed has a key of
 * [a-z0-9_] of at most KD_MAX_KEY bytes, a value whose length is its
 * decoded length, and never more than KD_MAX_PARAMS pairs; kd_fields
 * answers 0, 1 or -1 and every value it keeps is valid UTF-8.
 */
#include <stdio.h>

#include "field.h"
#include "fuzz.h"
#include "req.h"
#include "valid.h"

static const char *const choices[] = { "in", "out", NULL };
static const struct kd_field fields[] = {
	{ .name = "id_number", .type = KD_T_ID_NUMBER, .flags = KD_REQUIRED },
	{ .name = "full_name", .type = KD_T_PERSON_NAME },
	{ .name = "address", .type = KD_T_TEXT, .max = 200 },
	{ .name = "note", .type = KD_T_MULTILINE, .max = 500 },
	{ .name = "direction", .type = KD_T_CHOICE, .choices = choices },
	{ .name = "n", .type = KD_T_INT, .min = -5, .max = 100 },
	{ .name = "ids", .type = KD_T_TEXT, .flags = KD_REPEATED, .max = 300 },
	{ .name = "at", .type = KD_T_DATETIME },
};
#define NFIELDS (sizeof(fields) / sizeof(fields[0]))

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct kd_req r;
	char *body = fuzz_string(data, size);
	size_t i, k;
	int rc;

	memset(&r, 0, sizeof(r));
	if (kd_parse_urlencoded(body, r.body, KD_MAX_PARAMS, &r.nbody) == KD_PARSE_OK) {
		FUZZ_CHECK(r.nbody <= KD_MAX_PARAMS);
		for (i = 0; i < r.nbody; i++) {
			size_t klen = strlen(r.body[i].key);

			FUZZ_CHECK(klen > 0 && klen <= KD_MAX_KEY);
			FUZZ_CHECK(strspn(r.body[i].key, "abcdefghijklmnopqrstuvwxyz0123456789_") == klen);
		}
		rc = kd_fields(&r.arena, &r, KD_FROM_BODY, fields, NFIELDS, &r.vals);
		FUZZ_CHECK(rc >= -1 && rc <= 1);
		for (k = 0; rc >= 0 && k < NFIELDS; k++)
			FUZZ_CHECK(r.vals.v[k] == NULL ||
			    kd_utf8_valid(r.vals.v[k], strlen(r.vals.v[k])));
	}
	kd_arena_reset(&r.arena);
	free(body);
	return 0;
}
