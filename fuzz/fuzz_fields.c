/*
 * fuzz_fields - every field type (lib/field.c) and every validator
 * (lib/valid.c), the name key and order, the masks (lib/mask.c), fed the
 * same value.
 *
 * Property: no crash or sanitizer report; a value a field accepts is
 * valid UTF-8 without control characters (its text as kept), and a
 * masked name, a name key and a trimmed value are valid UTF-8.
 */
#include <stdio.h>

#include "field.h"
#include "fuzz.h"
#include "mask.h"
#include "units.h"
#include "valid.h"

static const char *const choices[] = { "in", "out", "visit", NULL };

/* One field of each type. */
static struct kd_field fields[KD_T_COUNT];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	size_t t;

	(void)argc;
	(void)argv;
	for (t = 0; t < KD_T_COUNT; t++) {
		fields[t].name = kd_field_type_name((enum kd_type)t);
		fields[t].type = (enum kd_type)t;
		fields[t].choices = t == KD_T_CHOICE ? choices : NULL;
		fields[t].max = t == KD_T_INT ? 1000000 : 0;
		fields[t].min = t == KD_T_INT ? -1000 : 0;
	}
	/* The commune and unit types look codes up: the real list. */
	if (kd_units_load_csv("data/admin_units.csv") != 0)
		fprintf(stderr, "fuzz_fields: units not loaded (run from the tree's root)\n");
	return 0;
}

static void validators(const char *s, size_t len)
{
	unsigned long long u;
	char key[512], masked[KD_MASK_NAME_MAX], id[KD_MASK_ID_MAX], *copy;
	int y, m, d;

	(void)kd_utf8_valid(s, len);
	(void)kd_text_valid(s, len, 200, 1);
	(void)kd_valid_cccd(s);
	(void)kd_cccd_matches(s, 1990, 'M');
	(void)kd_valid_id_number(s);
	(void)kd_parse_date(s, &y, &m, &d);
	(void)kd_valid_phone(s);
	(void)kd_valid_gender(s);
	(void)kd_valid_person_name(s);
	(void)kd_valid_uint(s, 1000000, &u);
	(void)kd_valid_unit_code(s);
	(void)kd_vn_strcmp(s, "Đà Nẵng");
	if (kd_name_key(s, key, sizeof(key)) == 0)
		FUZZ_CHECK(kd_utf8_valid(key, strlen(key)));
	if (kd_mask_name(s, masked, sizeof(masked)) == 0)
		FUZZ_CHECK(kd_utf8_valid(masked, strlen(masked)));
	(void)kd_mask_id_number(s, id, sizeof(id));
	copy = strdup(s);
	FUZZ_CHECK(copy != NULL);
	len = kd_utf8_trim(copy, strlen(copy));
	FUZZ_CHECK(strlen(copy) == len);
	free(copy);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kd_arena arena = { 0 };
	static struct kd_values vals;
	char *s = fuzz_string(data, size), *cells[KD_T_COUNT];
	size_t t;

	for (t = 0; t < KD_T_COUNT; t++)
		cells[t] = s;
	(void)kd_fields_row(&arena, cells, KD_T_COUNT, fields, KD_T_COUNT, &vals);
	for (t = 0; t < KD_T_COUNT; t++)
		if (vals.error[t] == NULL && vals.v[t] != NULL)
			FUZZ_CHECK(kd_text_valid(vals.v[t], strlen(vals.v[t]),
			    strlen(vals.v[t]), t == KD_T_MULTILINE || t == KD_T_QR_CODE));
	validators(s, strlen(s));
	kd_arena_reset(&arena);
	free(s);
	return 0;
}
