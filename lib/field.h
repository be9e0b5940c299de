/*
 * field.h - every input field is declared, with a validator, before a
 * handler sees it.
 *
 * A page lists its fields in a const table (index = the page's own enum).
 * kd_fields() checks the query or body against the table: an unknown or
 * repeated key is refused outright (400 naming the key); each declared
 * field is checked by its validator and, when bad, gets a Vietnamese
 * message that the page shows next to the field.
 */
#ifndef KD_FIELD_H
#define KD_FIELD_H

#include <stddef.h>

#include "req.h"

#define KD_MAX_FIELDS 48

struct kd_field;

/* NULL when value is acceptable, else a Vietnamese message for people. */
typedef const char *(*kd_validator)(const char *value, const struct kd_field *f);

enum kd_field_flags {
	KD_REQUIRED = 1 << 0,
};

struct kd_field {
	const char *name;
	kd_validator check;
	unsigned flags;
	long min, max;                 /* lengths in characters, or numeric range */
	const char *const *choices;    /* NULL-terminated, for kd_v_choice */
};

/* Parsed values, parallel to the field table: NULL when absent or empty. */
struct kd_values {
	const char *v[KD_MAX_FIELDS];
	const char *error[KD_MAX_FIELDS];  /* message per bad field */
	unsigned char sent[KD_MAX_FIELDS]; /* the key came, even if empty */
	size_t nerrors;
	const char *bad_key;               /* unknown or repeated key */
};

enum kd_source { KD_FROM_QUERY, KD_FROM_BODY };

/*
 * Fills vals from the query or the body.  Returns 0 when every field is
 * good; 1 when some fields are bad (vals->error says which); -1 when a key
 * is unknown or repeated (vals->bad_key).  The keys "csrf" (checked by the
 * session module) and "action" (a router's key) are always allowed.
 */
int kd_fields(const struct kd_req *r, enum kd_source from,
    const struct kd_field *fields, size_t nfields, struct kd_values *vals);

/* Validators (min/max from the field). */
const char *kd_v_text(const char *v, const struct kd_field *f);        /* 1..max chars, one line */
const char *kd_v_multiline(const char *v, const struct kd_field *f);
const char *kd_v_id_number(const char *v, const struct kd_field *f);   /* CCCD or CMND */
const char *kd_v_person_name(const char *v, const struct kd_field *f);
const char *kd_v_date(const char *v, const struct kd_field *f);
const char *kd_v_phone(const char *v, const struct kd_field *f);
const char *kd_v_gender(const char *v, const struct kd_field *f);
const char *kd_v_commune(const char *v, const struct kd_field *f);     /* commune or island district */
const char *kd_v_unit(const char *v, const struct kd_field *f);        /* any unit code */
const char *kd_v_int(const char *v, const struct kd_field *f);         /* min..max */
const char *kd_v_flag(const char *v, const struct kd_field *f);        /* "1" */
const char *kd_v_choice(const char *v, const struct kd_field *f);
const char *kd_v_uid(const char *v, const struct kd_field *f);         /* [a-z0-9._-], 3..64 */
const char *kd_v_password(const char *v, const struct kd_field *f);    /* 1..max bytes */
const char *kd_v_token(const char *v, const struct kd_field *f);       /* URL-safe base64 */

#endif
