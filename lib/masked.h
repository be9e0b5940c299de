/*
 * masked.h - a person as a QR code's label and a family's sheet show
 * them to whoever sees the paper or the phone's gallery: enough for the
 * family to tell their codes apart, too little to name the holder.
 *
 *   kd_masked_name("Nguyễn Văn An")      -> "Nguyễn V. A."
 *   kd_masked_id("038123456734")         -> "038*******34"
 *
 * The SPEC's public welfare list masks the same way ("Nguyễn V. A.",
 * "038*******34"): the family name (the first word, shared by many) is
 * kept and every later word becomes its first letter and a dot (a name
 * of one word: its first letter and a dot, so no name is shown whole; a
 * letter written with combining marks keeps them).  An ID number keeps
 * its first three characters (a CCCD's province of birth) and its last
 * two; fewer than 6 characters are all stars.  (The welfare branch has
 * the same rule as lib/mask.h; the lead merges the two.)
 */
#ifndef KD_MASKED_H
#define KD_MASKED_H

#include <stddef.h>

#define KD_MASKED_NAME_MAX 160    /* a 100-byte name, masked, with its NUL */
#define KD_MASKED_ID_MAX 16

/* 0 ok; -1 when name is not valid UTF-8 or does not fit (out is ""). */
int kd_masked_name(const char *name, char *out, size_t cap);

/* 0 ok; -1 when it does not fit (out is ""). */
int kd_masked_id(const char *id_number, char *out, size_t cap);

#endif
