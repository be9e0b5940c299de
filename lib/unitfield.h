/*
 * unitfield.h - a unit chosen in a form by its name rather than its code:
 * the citizen's commune fields (lib/decl.c) and the administrator's unit
 * and commune fields (cgi-bin/admin-accounts.c).
 *
 * Two inputs make one such field: a text input (what was typed, or the
 * label of the unit picked from the list js/declare.js offers) and the
 * code beside it (a hidden input, or radio buttons when the text named
 * several units).  Without JavaScript the server looks the text up when
 * the form is sent.  The settle step (a route's settle, lib/serve.h):
 *   - a code whose unit the text still names (its label, its name, or a
 *     match of the text: a radio button picked) stays;
 *   - else the code is dropped and the text looked up (kd_units_pick):
 *     one unit found is taken; none, or several as good, is a message on
 *     the code field, and the page lists the matches to pick from;
 *   - a code typed as the text is taken as it is (when of the right kind).
 * A code filled in this way loses the code field's "Vui lòng chọn".
 */
#ifndef KD_UNITFIELD_H
#define KD_UNITFIELD_H

#include <stddef.h>
#include <ClearSilver.h>

#include "field.h"
#include "units.h"

struct kd_unit_field {
	size_t code, text;             /* indices in the form's table */
	enum kd_units_kind what;       /* communes only, or any unit */
};

/* The settle step for one field; within: the subtree searched ("" or
 * NULL: the country). */
void kd_unit_field_settle(struct kd_values *vals, const struct kd_unit_field *uf,
    const char *within);

/* For the page, under prefix (e.g. "Form"): <text>.value = the unit's
 * label when a good code is there; <code>.choices.N.code / .label (at
 * most KD_UNITS_FOUND_MAX, best first) when the text named several. */
void kd_unit_field_hdf(HDF *hdf, const char *prefix, const struct kd_field *fields,
    const struct kd_values *vals, const struct kd_unit_field *uf, const char *within);

#endif
