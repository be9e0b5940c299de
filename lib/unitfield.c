/*
 * unitfield.c - a unit chosen in a form by its name (see unitfield.h).
 */
#include <stdio.h>
#include <string.h>

#include "resp.h"
#include "unitfield.h"

#define M_NO_UNIT "Không tìm thấy địa danh có tên này. Hãy gõ vài chữ của tên " \
	"(có dấu hay không dấu đều được), ví dụ “ham rong”."
#define M_MANY_UNITS "Có nhiều nơi trùng tên: vui lòng chọn một trong danh sách " \
	"(hoặc gõ thêm tên huyện, tỉnh)."

/* A unit of the field's kind, inside within. */
static int fits(const struct kd_unit *u, const struct kd_unit_field *uf,
    const char *within)
{
	if (u == NULL || (uf->what == KD_UNITS_ADDRESS && !kd_unit_is_address(u->code)))
		return 0;
	return within == NULL || kd_unit_within(u->code, within);
}

/* The code still named by the text: its label, or one of its matches. */
static int still_named(const struct kd_unit *u, const char *text,
    const struct kd_unit_field *uf, const char *within)
{
	const struct kd_unit *found[KD_UNITS_FOUND_MAX];
	size_t n, k;

	if (kd_unit_named(u, text))
		return 1;
	n = kd_units_search(text, uf->what, within, found, KD_UNITS_FOUND_MAX, NULL);
	for (k = 0; k < n; k++)
		if (found[k] == u)
			return 1;
	return 0;
}

void kd_unit_field_settle(struct kd_values *vals, const struct kd_unit_field *uf,
    const char *within)
{
	const char *text = vals->v[uf->text];
	const struct kd_unit *u;

	if (text == NULL || vals->error[uf->text] != NULL)
		return;
	if (vals->v[uf->code] != NULL && vals->error[uf->code] == NULL &&
	    still_named(kd_unit_find(vals->v[uf->code]), text, uf, within))
		return;
	kd_field_clear(vals, uf->code);
	vals->v[uf->code] = NULL;
	u = kd_unit_find(text);                 /* a code typed as the text */
	if (u == NULL || !fits(u, uf, within))
		u = kd_units_pick(text, uf->what, within);
	if (u != NULL)
		vals->v[uf->code] = u->code;
	else
		kd_field_fail(vals, uf->code, kd_units_search(text, uf->what, within,
		    &u, 1, NULL) == 0 ? M_NO_UNIT : M_MANY_UNITS);
}

void kd_unit_field_hdf(HDF *hdf, const char *prefix, const struct kd_field *fields,
    const struct kd_values *vals, const struct kd_unit_field *uf, const char *within)
{
	const struct kd_unit *found[KD_UNITS_FOUND_MAX], *u;
	const char *code_name = fields[uf->code].name;
	char name[128], label[KD_UNIT_LABEL_MAX];
	size_t n, k;

	if (vals->v[uf->code] != NULL && vals->error[uf->code] == NULL &&
	    (u = kd_unit_find(vals->v[uf->code])) != NULL) {
		/* The text shows the unit picked, as a pick shows it. */
		snprintf(name, sizeof(name), "%s.%s.value", prefix, fields[uf->text].name);
		kd_hdf_set(hdf, name, kd_unit_label(u, label, sizeof(label)));
		return;
	}
	if (vals->error[uf->code] == NULL || vals->v[uf->text] == NULL)
		return;
	n = kd_units_search(vals->v[uf->text], uf->what, within, found,
	    KD_UNITS_FOUND_MAX, NULL);
	for (k = 0; n > 1 && k < n; k++) {
		snprintf(name, sizeof(name), "%s.%s.choices.%zu.code", prefix, code_name, k);
		kd_hdf_set(hdf, name, found[k]->code);
		snprintf(name, sizeof(name), "%s.%s.choices.%zu.label", prefix, code_name, k);
		kd_hdf_set(hdf, name, kd_unit_label(found[k], label, sizeof(label)));
	}
}
