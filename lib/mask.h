/*
 * mask.h - a person shown without being named: the welfare transparency
 * page, the QR page and its downloadable label, a family's sheet, the
 * paper-entry slip and the kiosk's last scans all show people this way.
 *
 *   kd_mask_name("Nguyễn Văn An")        -> "Nguyễn V. A."
 *   kd_mask_id_number("038123456734")    -> "038*******34"
 *
 * The rule for a name: the first word (the family name, shared by many)
 * is kept; every later word becomes its first letter and a dot.  A name
 * of one word is its first letter and a dot, so no name is ever shown
 * whole.  A letter written as a base letter and combining marks keeps its
 * marks ("A" + U+0301 -> "Á.").
 *
 * The rule for an ID number: the first three and the last two characters
 * are kept (a CCCD's first three digits are the province of birth), every
 * other one is a star, so the length still tells a CCCD (12) from a CMND
 * (9).  A value of fewer than 6 characters is all stars.
 */
#ifndef KD_MASK_H
#define KD_MASK_H

#include <stddef.h>

/* Longest masked name of a 100-byte name, with its NUL. */
#define KD_MASK_NAME_MAX 160
#define KD_MASK_ID_MAX 16

/* Writes the masked name into out (cap bytes, NUL-terminated).  0 ok; -1
 * when name is not valid UTF-8 or the result does not fit (out is then
 * ""). */
int kd_mask_name(const char *name, char *out, size_t cap);

/* Writes the masked ID number into out.  0 ok; -1 when it does not fit
 * (out is then ""). */
int kd_mask_id_number(const char *id_number, char *out, size_t cap);

#endif
