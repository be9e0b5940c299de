/*
 * valid.h - validators for every value that comes from outside.
 *
 * Pure functions: no allocation, no globals, no locale.  Each returns 1
 * when the value is acceptable and 0 when it is not (kd_name_key: 0 / -1).
 * A validator never tells why in a way that echoes the value: callers
 * report the field name and a fixed reason.
 *
 * Strings are NUL-terminated unless a length is given; a value whose
 * length is given is checked over exactly that many bytes, and a NUL byte
 * inside it is an error (so "%00" cannot cut a value short).
 */
#ifndef KD_VALID_H
#define KD_VALID_H

#include <stddef.h>

/* Strict UTF-8: no overlong forms, no surrogates (U+D800..U+DFFF), nothing
 * above U+10FFFF, no truncated sequence, no NUL byte. */
int kd_utf8_valid(const char *s, size_t len);

/* The length of s[0..len) without a multi-byte character cut short at its
 * end (what a truncation by bytes leaves: "Nguy\xe1\xbb" -> "Nguy").
 * Writes a NUL there.  Nothing else is judged. */
size_t kd_utf8_trim(char *s, size_t len);

/* Valid UTF-8 text of at most max_chars code points, without C0 or C1
 * control characters or DEL.  With allow_newline, "\n" and "\r\n" are
 * allowed (a lone "\r" is not) and "\r\n" counts as one character, as a
 * browser's maxlength counts a line break once but submits it as CRLF. */
int kd_text_valid(const char *s, size_t len, size_t max_chars,
    int allow_newline);

/* 12-digit CCCD (Circular 07/2016/TT-BCA): "0" + province-of-birth code
 * (one of the 63 codes of data/admin_units.csv), century/gender digit,
 * two digits of the birth year, 6-digit serial. */
int kd_valid_cccd(const char *s);

/* The CCCD's century/gender digit and year digits agree with the birth
 * year and gender ('M' or 'F').  0 also when cccd is not 12 digits or
 * the century has no digit (before 1800 or after 2299). */
int kd_cccd_matches(const char *cccd, int year, char gender);

/* Old identity card (CMND): exactly 9 digits. */
int kd_valid_cmnd(const char *s);

/* kd_valid_cccd() or kd_valid_cmnd(). */
int kd_valid_id_number(const char *s);

/* Strict "YYYY-MM-DD", a real calendar day, year 1900..2100.  On success
 * stores the parts (each pointer may be NULL); on failure stores nothing. */
int kd_parse_date(const char *s, int *y, int *m, int *d);

/* Vietnamese phone number: 10 digits, the first 0. */
int kd_valid_phone(const char *s);

/* "M" or "F". */
int kd_valid_gender(const char *s);

/* A person's full name: 2..100 bytes of UTF-8; letters (ASCII, Latin-1
 * letters, U+0100..U+024F, Vietnamese U+1EA0..U+1EF9) and combining
 * marks U+0300..U+0323 after a letter; single spaces between words, no
 * leading or trailing space; apostrophe and hyphen after the first letter
 * ("H'Hen", "Nguyễn-Trần").  Digits, punctuation, <>&"; are refused. */
int kd_valid_person_name(const char *s);

/* A decimal number: one or more ASCII digits and nothing else (no sign,
 * no space), at most max.  1 and *out set when it is; 0 otherwise (also on
 * overflow). */
int kd_valid_uint(const char *s, unsigned long long max, unsigned long long *out);

/* Format of an administrative unit code only: 2, 3 or 5 ASCII digits.
 * Whether the unit exists is the database's business. */
int kd_valid_unit_code(const char *s);

/* Comparison key of a name: lower case, Vietnamese diacritics and tone
 * marks removed (precomposed or as combining marks), đ/Đ -> d, runs of
 * white space collapsed to one space, no leading or trailing space.
 * "Hoà", "Hòa", "HOA" -> "hoa"; "Đặng" -> "dang".  Letters without an
 * ASCII base (æ, ß, other scripts) are copied unchanged.  Writes a
 * NUL-terminated key into out; 0 ok, -1 when s is not valid UTF-8 or
 * the key does not fit in outlen bytes (out is then an empty string). */
int kd_name_key(const char *s, char *out, size_t outlen);

/* Vietnamese dictionary order (strcmp's sign): the letters of the
 * alphabet a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y,
 * ignoring case and tone marks ("Bắc Giang" < "Bến Tre" < "Cà Mau" <
 * "Đà Nẵng" < "Điện Biên"); then the first tone that differs (none,
 * huyền, hỏi, ngã, sắc, nặng); then the bytes.  Precomposed or
 * decomposed alike.  Invalid UTF-8 sorts by its valid prefix. */
int kd_vn_strcmp(const char *a, const char *b);

#endif
