/*
 * idmask.h - an ID number and a name shown without giving them away, the
 * way SPEC masks them on public lists: "038*******34", "Nguyễn V. A.".
 * Used on the printed paper-entry slip and in the kiosk's list of the last
 * passages.  (The welfare branch has its own lib/mask.c with the same
 * output; the two are to be unified when both are merged.)
 *
 *   kd_masked_id_number("038123456734", out, sizeof(out)) -> "038*******34"
 *   kd_masked_id_number("123456789", ...)                  -> "123****89"
 *   kd_masked_name("Nguyễn Văn An", ...)                   -> "Nguyễn V. A."
 */
#ifndef KD_IDMASK_H
#define KD_IDMASK_H

#include <stddef.h>

/* The first three and the last two characters kept, the others '*'.  A
 * value of five characters or fewer is all stars.  0 ok; -1 when it does
 * not fit in cap (out is then ""). */
int kd_masked_id_number(const char *id_number, char *out, size_t cap);

/* The first word whole, every other word its first letter and a dot
 * (letters of any length in UTF-8).  0 ok; -1 when it does not fit. */
int kd_masked_name(const char *name, char *out, size_t cap);

#endif
