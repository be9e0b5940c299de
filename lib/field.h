/*
 * field.h - every input field is declared with its type before a handler
 * sees it, and parsed once.
 *
 * A page lists its fields in a const table (index = the page's own enum)
 * and names the table in its route (lib/serve.h); kd_serve() checks the
 * query (GET) or the body (POST) against it before the handler runs:
 *
 *   - an unknown or repeated key is refused outright (400 naming the key),
 *     except the key of a KD_REPEATED field (check boxes of one name);
 *   - every value is checked as bytes first: valid UTF-8, no NUL, no
 *     control character (a multi-line field allows line breaks), so that
 *     bad bytes are a message next to the field, not a blind 400;
 *   - then its type parses it: the handler reads vals->v[i] (the text,
 *     normalised: "0912 345 678" -> "0912345678", "05/05/1990" ->
 *     "1990-05-05"), vals->n[i] (integers, ids, flags, the index of a
 *     choice) and vals->t[i] (dates at 00:00 +07:00, date-times);
 *   - a field's own check, if any, runs on the parsed value.
 *
 * A required field that is absent gets the message of its kind: "Vui
 * lòng chọn ..." for what is chosen (a choice, a gender, a commune),
 * "Vui lòng nhập ..." for what is typed; a field may name its own
 * (.required).  A field whose name is NULL is a slot: it keeps its index
 * in the table but takes no key (a table laid out like another one, with
 * some of its fields elsewhere: lib/household.h).
 *
 * A bad field gets a Vietnamese message that the page shows next to it
 * and that JSON clients find in error.fields; its v[i] keeps the value as
 * typed (when its bytes are sound), so that the form shows it again.  The same table checks a
 * row of strings (kd_fields_row), so CSV uploads and imports go through
 * the same types and messages as the forms.
 */
#ifndef KD_FIELD_H
#define KD_FIELD_H

#include "attr.h"

#include <stddef.h>
#include <time.h>

#include "arena.h"
#include "req.h"

enum kd_type {
	KD_T_TEXT,          /* one line, min..max characters (default 1..200) */
	KD_T_MULTILINE,     /* line breaks allowed, at most max (default 2000) */
	KD_T_INT,           /* a decimal integer in min..max -> n */
	KD_T_ID,            /* a database id: 1..max (default 10^15) -> n */
	KD_T_FLAG,          /* "1" (a ticked box) -> n = 1 */
	KD_T_CHOICE,        /* one of choices -> n = its index */
	KD_T_DATE,          /* YYYY-MM-DD or DD/MM/YYYY -> v "YYYY-MM-DD", t */
	KD_T_DATETIME,      /* YYYY-MM-DDTHH:MM[:SS[.fff]][Z|+07:00|±hh:mm]
	                       (no zone = +07:00) -> t */
	KD_T_ID_NUMBER,     /* CCCD (12 digits) or CMND (9); spaces dropped */
	KD_T_PHONE,         /* 10 digits from 0; spaces, dots, dashes, +84 dropped */
	KD_T_GENDER,        /* M or F */
	KD_T_PERSON_NAME,
	KD_T_COMMUNE,       /* a unit an address may carry (commune, island district) */
	KD_T_UNIT,          /* any unit code of the tree */
	KD_T_UID,           /* an account name: [a-z0-9._-], 3..64 */
	KD_T_PASSWORD,      /* 1..max bytes (default 128), one line */
	KD_T_TOKEN,         /* URL-safe base64 text, min..max (default 1..200) */
	KD_T_QR_CODE,       /* a QR token as scanned, typed or pasted: spaces
	                       and line breaks dropped, a /qr/ link read as
	                       its code
	                       (kd_token_normalise); anything else is "không
	                       đọc được mã", never a forged code */
	KD_T_COUNT
};

enum kd_field_flags {
	KD_REQUIRED = 1 << 0,
	KD_REPEATED = 1 << 1,   /* a group of check boxes: the key may come
	                           several times; the values, in the order
	                           sent, are joined with "," before the type
	                           parses them (empty ones dropped) */
};

struct kd_field;

/* A further rule on a parsed value (vals->v/n/t[i]): NULL when it holds,
 * else the Vietnamese message. */
typedef const char *(*kd_check)(const struct kd_values *vals, size_t i,
    const struct kd_field *f);

struct kd_field {
	const char *name;
	enum kd_type type;
	unsigned flags;
	long long min, max;            /* lengths in characters, or the range */
	const char *const *choices;    /* NULL-terminated, for KD_T_CHOICE */
	kd_check check;                /* may be NULL */
	const char *message;           /* replaces the type's message; may be NULL */
	const char *required;          /* replaces the kind's "Vui lòng chọn /
	                                  nhập ..." when absent; may be NULL */
};

enum kd_source { KD_FROM_QUERY, KD_FROM_BODY };

/*
 * Fills vals from the query or the body.  Returns 0 when every field is
 * good; 1 when some fields are bad (vals->error says which); -1 when a key
 * is unknown or repeated (vals->bad_key).  The keys "csrf" (checked by the
 * session module) and "action" (the router's key) are allowed once each.
 * Normalised copies live in a.
 */
int kd_fields(struct kd_arena *a, const struct kd_req *r, enum kd_source from,
    const struct kd_field *fields, size_t nfields, struct kd_values *vals) KD_MUST_USE;

/*
 * The same checks for one row of strings: cells[i] is the value of
 * fields[i] ("" = absent).  Returns 0 good, 1 with errors in vals.
 */
int kd_fields_row(struct kd_arena *a, char *const *cells, size_t ncells,
    const struct kd_field *fields, size_t nfields, struct kd_values *vals);

/* Marks field i of vals bad with msg (unless it already is); returns 1,
 * so a handler's own rule reads `rc = kd_field_fail(vals, F_X, "...")`. */
int kd_field_fail(struct kd_values *vals, size_t i, const char *msg);

/* The message of a missing required field of no more precise kind. */
extern const char kd_msg_required[];

/* The message field f gets when it is required and absent. */
const char *kd_field_required_message(const struct kd_field *f);

/* Withdraws field i's message (a form's own step filled the field from
 * another one: "same as permanent residence", a commune found by name). */
void kd_field_clear(struct kd_values *vals, size_t i);

/* "text", "id_number", ... (for --fields, lib/serve.h). */
const char *kd_field_type_name(enum kd_type type);

/* Days since 1970-01-01 of a proleptic Gregorian date. */
long kd_days_from_civil(int y, int m, int d);

/* Today in +07:00, as days since 1970-01-01. */
long kd_today_days(void);

#endif
