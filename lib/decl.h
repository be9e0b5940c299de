/*
 * decl.h - a citizen's declaration (SPEC "The declaration"): its fields
 * with their validators, the population-registry check, the INSERT, the
 * load by id and the JSON object.  Shared by `declare` (the web form,
 * source "web"), `paper-entry` (an officer types a paper form, source
 * "paper") and `verify` (shows a declaration).
 *
 * Typical use (paper-entry, inside its own transaction):
 *
 *   static struct kd_field fields[KD_DF_COUNT + 1];      // + "direction"
 *   static const struct kd_decl_form form = { "paper-entry.cs", fields,
 *       KD_DF_COUNT + 1, place_name };
 *   init:    kd_decl_fields_with(fields, &direction_field, 1);
 *   route:   { "POST", "/paper-entry", ..., fields, F_COUNT, submit, invalid }
 *   request: if (kd_decl_accept(r, &form, &reg) != 0) return;
 *            kd_db_begin();
 *            rc = kd_decl_insert(&r->vals, "paper", officer_uid, reg, time(NULL), &made);
 *            ... INSERT the passage with made.declaration_id ...
 *            kd_db_commit();   (KD_DECL_REF_CONFLICT: kd_decl_reply_conflict)
 *
 * The field indices of the table (enum kd_decl_field) are the indices of
 * struct kd_values (r->vals) and of struct kd_decl.v, so the same names serve the
 * form, the validated values, the database row and the JSON object.
 */
#ifndef KD_DECL_H
#define KD_DECL_H

#include <time.h>

#include "db.h"
#include "field.h"
#include "group.h"
#include "json.h"
#include "req.h"
#include "resp.h"
#include "sql.h"
#include "vntime.h"

/* The module's statements (lib/sql.h); public so that tests can read the
 * column lists. */
enum kd_decl_sql {
	KD_SQL_DECL_CITIZEN = KD_SQL_BASE(KD_MOD_DECL), /* the registry row of an ID */
	KD_SQL_DECL_INSERT,
	KD_SQL_DECL_BY_REF,         /* the declaration of a client_ref */
	KD_SQL_DECL_LOAD,
	KD_SQL_DECL_END
};

/*
 * The columns of a loaded declaration, in the order lib/decl.c binds them
 * (enum kd_decl_field, then id, source, entered_by, registry and the three
 * times).  t is the table's alias with its dot ("d.") or "".  One list for
 * KD_SQL_DECL_LOAD and for programs that read declarations their own way
 * (verify's grouped look-up).
 */
#define KD_SQL_DECL_COLUMNS(t) \
	t "id_number, " t "full_name, DATE_FORMAT(" t "dob, '%Y-%m-%d'), " \
	t "gender, " t "phone, " t "perm_commune, " t "perm_address, " \
	t "temp_commune, " t "temp_address, " t "stay_commune, " \
	t "stay_address, " t "from_commune, " t "from_address, " \
	t "to_commune, " t "to_address, DATE_FORMAT(" t "travel_date, '%Y-%m-%d'), " \
	t "vehicle, " t "plate, " t "fever, " t "cough, " t "breath, " \
	t "sore_throat, " t "taste_smell, " t "contact_f0, " \
	t "from_epidemic_zone, " t "vaccine_doses, " t "client_ref, " \
	t "declaration_id, " t "source, " t "entered_by, " t "registry, " \
	"UNIX_TIMESTAMP(" t "created_at), UNIX_TIMESTAMP(" t "expires_at), " \
	"UNIX_TIMESTAMP(" t "revoked_at)"

/* In the order of the form, of the table's columns and of the JSON. */
enum kd_decl_field {
	KD_DF_ID_NUMBER,
	KD_DF_FULL_NAME,
	KD_DF_DOB,
	KD_DF_GENDER,
	KD_DF_PHONE,
	KD_DF_PERM_COMMUNE,
	KD_DF_PERM_ADDRESS,
	KD_DF_TEMP_COMMUNE,
	KD_DF_TEMP_ADDRESS,
	KD_DF_STAY_COMMUNE,
	KD_DF_STAY_ADDRESS,
	KD_DF_FROM_COMMUNE,
	KD_DF_FROM_ADDRESS,
	KD_DF_TO_COMMUNE,
	KD_DF_TO_ADDRESS,
	KD_DF_TRAVEL_DATE,
	KD_DF_VEHICLE,
	KD_DF_PLATE,
	KD_DF_FEVER,
	KD_DF_COUGH,
	KD_DF_BREATH,
	KD_DF_SORE_THROAT,
	KD_DF_TASTE_SMELL,
	KD_DF_CONTACT_F0,
	KD_DF_FROM_EPIDEMIC_ZONE,
	KD_DF_VACCINE_DOSES,
	KD_DF_CLIENT_REF,
	KD_DF_COUNT
};

/*
 * The fields and their validators.  Required: id_number, full_name, dob
 * (a real day, not in the future), gender (M/F), phone, perm_commune,
 * perm_address, from_commune, from_address, to_commune, to_address,
 * vaccine_doses (0..4).  Optional: temp_*, stay_* (a commune and its
 * address come together), travel_date (within 60 days of today), vehicle
 * (a code of kd_decl_vehicles), plate, the seven flags ("1" when ticked)
 * and client_ref (1..64 URL-safe characters).
 */
extern const struct kd_field kd_decl_fields[KD_DF_COUNT];

/*
 * The form's own fields, after the declaration's (their values are never
 * stored): a place "same as permanent residence" (temp_same, stay_same,
 * from_same: "1" when ticked), and the text of each commune field
 * (<commune>_q: what was typed, or the label of the commune picked).
 * kd_decl_settle() turns them into the declaration's fields.  Routes
 * that show the form take kd_decl_form_fields; JSON clients may send the
 * declaration's fields alone.
 */
enum kd_decl_form_field {
	KD_DF_TEMP_SAME = KD_DF_COUNT,
	KD_DF_STAY_SAME,
	KD_DF_FROM_SAME,
	KD_DF_PERM_COMMUNE_Q,
	KD_DF_TEMP_COMMUNE_Q,
	KD_DF_STAY_COMMUNE_Q,
	KD_DF_FROM_COMMUNE_Q,
	KD_DF_TO_COMMUNE_Q,
	KD_DF_FORM_COUNT
};
extern const struct kd_field kd_decl_form_fields[KD_DF_FORM_COUNT];

/* The fields that hold a commune code, in the order of the form (the
 * text field of the i-th is KD_DF_PERM_COMMUNE_Q + i). */
#define KD_DECL_NCOMMUNES 5
extern const enum kd_decl_field kd_decl_communes[KD_DECL_NCOMMUNES];

/* The vehicle codes and their Vietnamese names, NULL-terminated. */
extern const char *const kd_decl_vehicles[];
const char *kd_decl_vehicle_name(const char *code);   /* NULL if unknown */

/* Copies the form's fields (kd_decl_form_fields) into
 * out[0..KD_DF_FORM_COUNT) and extra into out[KD_DF_FORM_COUNT..), so a
 * program can read more fields in the same kd_fields() call (out must
 * hold KD_DF_FORM_COUNT + nextra entries; at most KD_MAX_FIELDS in all).
 * The copy may then be adjusted (e.g. a program that lets phone be empty
 * clears its KD_REQUIRED). */
void kd_decl_fields_with(struct kd_field *out, const struct kd_field *extra,
    size_t nextra);

/*
 * The form's own step (a route's settle, lib/serve.h), on values laid out
 * as kd_decl_form_fields:
 *   1. each commune: a code picked and its text unchanged (or the text
 *      still matching it) stays; else the text is looked up by name
 *      (kd_units_search): one commune found is taken, none or several is
 *      a message on the commune field (the form then lists the matches);
 *      a commune code typed as the text is taken as it is;
 *   2. a place ticked "same as permanent residence" takes the permanent
 *      commune and address, and its own inputs are ignored (their
 *      messages withdrawn).
 * A required commune filled by either step loses its "Vui lòng chọn".
 * Works on r->vals; it is the settle of every route with the form.
 */
void kd_decl_settle(struct kd_req *r);

/* Checks that apply to several fields (a commune without its address and
 * the reverse); adds messages to vals.  Call after kd_fields() returned 0
 * or 1; returns 1 when vals has errors (now or before), else 0.
 * (kd_decl_validate = kd_fields over kd_decl_fields + this.) */
int kd_decl_cross_check(struct kd_values *vals);

enum kd_registry {
	KD_REG_MATCHED,           /* the ID exists with this name, dob, gender */
	KD_REG_MISMATCH,          /* the ID exists, something differs */
	KD_REG_NOT_FOUND
};

/* "matched", "mismatch", "not_found". */
const char *kd_registry_name(enum kd_registry reg);

/* Compares the values with the population registry (table citizens):
 * the name by kd_name_key (tone placement, case and spacing do not
 * matter), dob and gender exactly.  0 ok, -1 database error. */
int kd_decl_check_registry(const struct kd_values *vals, enum kd_registry *reg);

/* Pure part of the check, for tests: the registry row's name, dob
 * (YYYY-MM-DD) and gender against the declared ones. */
enum kd_registry kd_decl_compare(const char *reg_name, const char *reg_dob,
    const char *reg_gender, const char *name, const char *dob, const char *gender);

/* What kd_decl_insert stored, or found under the same client_ref. */
struct kd_decl_made {
	unsigned long long declaration_id;
	time_t created_at;
	time_t expires_at;          /* created_at + KD_TOKEN_TTL */
	enum kd_registry registry;
};

enum kd_insert_result {
	KD_DECL_STORED = 0,         /* a new row */
	KD_DECL_REPLAYED = 1,       /* client_ref was used before by the same
	                               id_number: made = that declaration,
	                               nothing stored (answer it again) */
	KD_DECL_REF_CONFLICT = 2,   /* client_ref used by another id_number: 409 */
	KD_DECL_ERROR = -1          /* database error (kd_db_errno) */
};

/*
 * Stores a declaration from validated values (kd_fields returned 0).
 * source is "web" or "paper"; entered_by an officer's uid or NULL.  One
 * INSERT: atomic and durable on its own under autocommit; inside the
 * caller's transaction when one is open (it neither begins nor commits).
 * created_at is now, expires_at now + KD_TOKEN_TTL.
 */
enum kd_insert_result kd_decl_insert(const struct kd_values *vals,
    const char *source, const char *entered_by, enum kd_registry reg,
    time_t now, struct kd_decl_made *made);

/* A declaration as stored: v[i] is the text of field i ("" when NULL;
 * dates YYYY-MM-DD, flags "0"/"1"). */
#define KD_DECL_VALUE_MAX 801      /* 200 characters of up to 4 bytes */
struct kd_decl {
	unsigned long long declaration_id;
	char v[KD_DF_COUNT][KD_DECL_VALUE_MAX];
	char source[8];             /* "web" / "paper" */
	char entered_by[65];        /* "" for web */
	char registry[12];
	time_t created_at, expires_at;
	time_t revoked_at;          /* 0 = not revoked */
};

/* Empties d: every value "", every number 0.  Field by field, because a
 * declaration is 27 KB of value buffers and clearing them all on each
 * kiosk look-up showed in its profile. */
void kd_decl_clear(struct kd_decl *d);

/* Loads declaration id: 1 found, 0 no such declaration, -1 error. */
int kd_decl_load(unsigned long long id, struct kd_decl *d);

/* The same through a program's grouped look-up (lib/group.h), whose
 * statements take the ids and give the columns of KD_SQL_DECL_LOAD
 * followed by nextra more (at most KD_DECL_EXTRA_MAX), bound to extra
 * (e.g. the citizen's newest F status).  Its key column is
 * KD_DECL_ID_COL (d.declaration_id). */
#define KD_DECL_EXTRA_MAX 16
#define KD_DECL_ID_COL KD_DF_COUNT
int kd_decl_load_grouped(const struct kd_group *g, unsigned long long id,
    struct kd_decl *d, const struct kd_col *extra, size_t nextra);

/* ------------------------------------------------------------- the form */

/* A page that shows the declaration form (templates/decl-form.cs): its
 * template, its fields (kd_decl_fields, or a copy with the program's own
 * after them) and what else the page shows (NULL: nothing). */
struct kd_decl_form {
	const char *template;
	const struct kd_field *fields;
	size_t nfields;
	void (*extra)(struct kd_req *r, HDF *hdf);
	/* The error summary's name of field i (buf may hold it); NULL:
	 * kd_decl_title. */
	const char *(*title)(size_t i, char *buf, size_t cap);
};

/* Answers the form: empty (vals NULL: origin ticked "same as permanent
 * residence"), prefilled, or as sent with its messages.  Form.<field>.value
 * / .error, the commune fields (kd_decl_hdf_places), Errors (the summary:
 * kd_decl_hdf_error), a fresh Form.client_ref.value unless vals carries
 * a good one, Vehicles, Today, Form.message and Form.notice (each when
 * not NULL). */
void kd_decl_form_page(struct kd_req *r, const struct kd_decl_form *form,
    int status, const struct kd_values *vals, const char *message,
    const char *notice);

/* The commune fields of a form under prefix: <commune>.label (the
 * unit's path) and <commune>_q.value (the label of the commune, as a
 * pick shows it) for each commune chosen, and <commune>.choices.N.code
 * / .label (at most KD_UNITS_FOUND_MAX) for a text that named several. */
void kd_decl_hdf_places(HDF *hdf, const char *prefix, const struct kd_values *vals);

/* What the error summary calls field i of kd_decl_form_fields, or NULL. */
const char *kd_decl_title(size_t i);

/* Entry k of the error summary above a form (Errors.k.anchor, .title,
 * .message): a link to element id anchor. */
void kd_decl_hdf_error(HDF *hdf, size_t k, const char *anchor, const char *title,
    const char *message);

/* The values of the form "declare again" shows: every field of d but the
 * travel date and the idempotency key; a temporary residence, stay or
 * origin equal to the permanent residence is ticked "same as" instead.
 * The values point into d, which must outlive vals. */
void kd_decl_prefill(const struct kd_decl *d, struct kd_values *vals);

/* The answer to a form whose fields are bad (r->vals): 400
 * invalid_fields as JSON, or the form again with its messages.  A route's
 * invalid() calls it with its form. */
void kd_decl_reply_invalid(struct kd_req *r, const struct kd_decl_form *form);

/* After the route parsed the form's fields into r->vals: cross-checks
 * them and compares them with the population registry.  0: reg filled.
 * -1: answered (the form's 400, or 503 when the registry cannot be read). */
int kd_decl_accept(struct kd_req *r, const struct kd_decl_form *form,
    enum kd_registry *reg);

/* Answers KD_DECL_REF_CONFLICT: 409 naming client_ref (JSON), or the form
 * with the values kept and a new client_ref (the old one is hidden). */
void kd_decl_reply_conflict(struct kd_req *r, const struct kd_decl_form *form,
    struct kd_values *vals);

/* "Phường Phúc Xá, Quận Ba Đình, Thành phố Hà Nội": the unit of code and
 * the units above it; "" when code is no unit.  Needs kd_units_load(). */
void kd_decl_unit_path(const char *code, char *out, size_t cap);

/* Writes the declaration as one JSON object: the form's names (flags and
 * vaccine_doses as numbers, absent values null) plus declaration_id,
 * source, registry, created_at and expires_at (ISO 8601, +07:00). */
void kd_decl_json(struct kd_json *j, const struct kd_decl *d);

#endif
