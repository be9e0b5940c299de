/*
 * household.h - one phone declares for a family (SPEC POST
 * /declare/household); an officer types a family's paper forms at a
 * checkpoint the same way (/paper-entry/household).
 *
 * The fields: those of the declaration form (kd_decl_form_fields) shared
 * by the family, at the same indices, with the person's own fields
 * (id_number, full_name, dob, gender, the symptoms, the exposure,
 * vaccine_doses) left as slots; then, for each member N = 1..10, those
 * person's fields again named "mN_<field>" (KD_HH_FIELD).  So the shared
 * part goes through lib/decl.c's own steps unchanged (kd_decl_settle,
 * kd_decl_cross_check), and each member's declaration is the shared
 * values with the member's over the slots (kd_household_split).
 *
 * The story of one family:
 *   1. settle (the route's): the shared places, then the members: a
 *      member is there when any of its fields was filled; a member there
 *      needs its ID number, name, birth date, gender and doses; an ID
 *      number twice is refused; at least one member;
 *   2. split: each member's declaration values, compared with the
 *      population registry;
 *   3. store, in the caller's transaction: the household row (its
 *      client_ref the idempotency key: unique), each member's
 *      declaration and its household_members row, and what the caller
 *      adds per member (paper entry: the audit row and the passage).
 *      One bad member or one failed INSERT rolls back all of it.
 *   4. the answer: a declaration and a code per member; the family's
 *      page /declare/household/<token> (a keyed MAC of the household id,
 *      no personal data) with every member's QR and masked name, and a
 *      printable sheet.
 */
#ifndef KD_HOUSEHOLD_H
#define KD_HOUSEHOLD_H

#include <stddef.h>
#include <time.h>

#include "decl.h"
#include "req.h"
#include "sql.h"

#define KD_HH_MAX 10              /* members in one household */

/* A member's own fields, in the order of the form. */
enum kd_member_field {
	KD_HM_ID_NUMBER, KD_HM_FULL_NAME, KD_HM_DOB, KD_HM_GENDER,
	KD_HM_FEVER, KD_HM_COUGH, KD_HM_BREATH, KD_HM_SORE_THROAT,
	KD_HM_TASTE_SMELL, KD_HM_CONTACT_F0, KD_HM_FROM_EPIDEMIC_ZONE,
	KD_HM_VACCINE_DOSES, KD_HM_COUNT
};

/* The declaration field each member field stands for. */
extern const enum kd_decl_field kd_member_decl[KD_HM_COUNT];

/* Index of member m's (0-based) field f in the household table. */
#define KD_HH_FIELD(m, f) (KD_DF_FORM_COUNT + (m) * KD_HM_COUNT + (f))
#define KD_HH_COUNT KD_HH_FIELD(KD_HH_MAX, 0)

_Static_assert(KD_HH_COUNT <= KD_MAX_FIELDS, "a household's fields fit a table");

/* The table (filled by kd_household_init; a program may copy it and add
 * fields after KD_HH_COUNT, as paper entry adds direction). */
extern struct kd_field kd_household_fields[KD_HH_COUNT];

/* Fills kd_household_fields: once, in main, before kd_serve. */
void kd_household_init(void);

/* The route's settle: kd_decl_settle and kd_decl_cross_check on the
 * shared part, then the members (step 1 above). */
void kd_household_settle(struct kd_req *r);

/* The family form's own HDF (a kd_decl_form's extra): Members.N.n (1..),
 * .prefix ("m2_"), .open when the member is shown unfolded (the first
 * two, and any filled in or in error). */
void kd_household_form_hdf(struct kd_req *r, HDF *hdf);

/* The error summary's name of field i ("Người thứ 2: Ngày sinh"). */
const char *kd_household_title(size_t i, char *buf, size_t cap);

/* Member m's field name ("m2_dob"), for messages and pages. */
const char *kd_household_field_name(size_t m, enum kd_member_field f);

struct kd_household {
	size_t n;                              /* members there */
	size_t member[KD_HH_MAX];              /* their numbers, 0-based */
	struct kd_values *vals[KD_HH_MAX];     /* each one's declaration values */
	enum kd_registry reg[KD_HH_MAX];
	struct kd_decl_made made[KD_HH_MAX];   /* filled by kd_household_store */
	unsigned long long household_id;
	int replayed;                          /* the client_ref was used before
	                                          by this family: nothing stored,
	                                          made[] are the first answer */
};

/* Step 2, after the settle found no fault: h filled from r->vals (values
 * in the request's arena).  0 ok, -1 database error (registry). */
int kd_household_split(struct kd_req *r, struct kd_household *h);

/*
 * Step 3, inside a transaction the caller runs with kd_db_txn: returns
 * KD_TXN_OK, KD_TXN_REFUSED (*err: KD_E_CONFLICT, the client_ref of
 * another family, or what each() refused with) or -1 (database).  each,
 * if not NULL, runs after member k's declaration is stored (0 ok, else
 * the same codes).  A replay (h->replayed) does not call each.
 */
int kd_household_store(struct kd_req *r, struct kd_household *h,
    const char *source, const char *entered_by,
    int (*each)(void *ctx, struct kd_household *h, size_t k), void *ctx,
    enum kd_err *err);

/* The family page's token: the household id and its expiry under a key
 * of ours (key_dir/household.key, lib/keyfile.h).  kd_household_keys_load
 * once per worker (the program's init). */
#define KD_HH_TOKEN_MAX 48
int kd_household_keys_load(void);
int kd_household_token(unsigned long long id, time_t expires, char out[KD_HH_TOKEN_MAX]);
/* 0 with id and expires when text is a token of ours, else -1. */
int kd_household_token_check(const char *text, unsigned long long *id, time_t *expires);

/* A member of a stored household, for its page. */
struct kd_household_member {
	unsigned long long declaration_id;
	char full_name[404];
	char id_number[16];
	time_t expires_at;
	int revoked;
};

/* The members of household id in the order of the form: 1.. found (*n
 * set), 0 no such household, -1 error. */
int kd_household_load(unsigned long long id, struct kd_household_member *out,
    size_t *n);

/* The family's page and sheet (templates/household-sheet.cs): the
 * household's members as HDF Members.N.token / .name (masked) / .id
 * (masked) / .expires / .expired / .revoked, Household.expires and
 * Household.page.  0 ok, -1 a token could not be signed. */
int kd_household_hdf(HDF *hdf, unsigned long long id,
    const struct kd_household_member *m, size_t n);

/* The module's statements (lib/sql.h). */
enum kd_household_sql {
	KD_SQL_HH_INSERT = KD_SQL_BASE(KD_MOD_HOUSEHOLD),
	KD_SQL_HH_MEMBER,
	KD_SQL_HH_BY_REF,
	KD_SQL_HH_LOAD,
	KD_SQL_HH_END
};

#endif
