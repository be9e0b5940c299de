/*
 * vehicle.h - green-lane vehicle passes (SPEC "GET/POST /declare/vehicle",
 * "POST /verify action=depot_check").
 *
 * A pass is the driver's own declaration (lib/decl.h) and a row of
 * vehicle_passes naming it (schema/010): so its QR is the declaration's
 * signed token, checked at the kiosk like any other, and the kiosk's one
 * grouped read brings the vehicle with the driver (KD_SQL_VEHICLE_*
 * below): the plate, kind and cargo, the co-driver's name in the
 * registry, newest F status and whether they hold a valid declaration of
 * their own, and the depot check.
 *
 * The depot check: an officer at a place of kind depot scans the pass
 * before the vehicle leaves; the first check is kept (one UPDATE ...
 * WHERE depot_checked_at IS NULL), a second answers it.  Until then the
 * kiosk says so (reason depot_unchecked, a check).
 */
#ifndef KD_VEHICLE_H
#define KD_VEHICLE_H

#include "attr.h"

#include <time.h>

#include "decision.h"
#include "decl.h"
#include "json.h"
#include "req.h"
#include "resp.h"
#include "sql.h"

/* The form: the declaration form's fields (kd_decl_form_fields; plate
 * required) and then these. */
enum kd_vehicle_field {
	KD_VF_VEHICLE_KIND = KD_DF_FORM_COUNT,
	KD_VF_CARGO,
	KD_VF_CO_DRIVER,
	KD_VF_COUNT
};
extern struct kd_field kd_vehicle_fields[KD_VF_COUNT];

/* Fills kd_vehicle_fields: once, in main, before kd_serve. */
void kd_vehicle_init(void);

/* The route's settle: the declaration form's (kd_decl_settle), then the
 * declaration's vehicle is a truck, and the co-driver is someone else
 * than the driver. */
void kd_vehicle_settle(struct kd_req *r);

extern const char *const kd_vehicle_kinds[];        /* truck ... other */
const char *kd_vehicle_kind_name(const char *kind);  /* "Xe tải" */

/* What kd_vehicle_store made (or found again under the same client_ref). */
struct kd_vehicle_made {
	struct kd_decl_made decl;
	unsigned long long pass_id;
	int replayed;
};

/*
 * Inside the caller's transaction (kd_db_txn): the driver's declaration,
 * then the pass.  KD_TXN_OK; KD_TXN_REFUSED when client_ref was used by
 * another person or for a declaration that is no vehicle pass (409); -1
 * on a database error.
 */
int kd_vehicle_store(const struct kd_req *r, enum kd_registry reg,
    struct kd_vehicle_made *out) KD_MUST_USE;

/* --- at the kiosk ------------------------------------------------------ */

/* The columns and joins of a SELECT of declarations whose id is in
 * column decl (e.g. "d.declaration_id"): KD_VEHICLE_NCOLS columns,
 * bound by kd_vehicle_cols. */
#define KD_SQL_VEHICLE_COLUMNS \
	"v.vehicle_pass_id, v.plate, v.vehicle_kind, v.cargo, v.co_driver_id_number," \
	" cc.full_name, cf.status, IF(v.co_driver_id_number IS NULL, NULL, EXISTS(" \
	"SELECT 1 FROM declarations cd WHERE cd.id_number = v.co_driver_id_number" \
	" AND cd.expires_at > NOW() AND cd.revoked_at IS NULL)), v.depot_place_id," \
	" dp.name, UNIX_TIMESTAMP(v.depot_checked_at)"
#define KD_SQL_VEHICLE_JOINS(decl) \
	" LEFT JOIN vehicle_passes v ON v.declaration_id = " decl \
	" LEFT JOIN citizens cc ON cc.id_number = v.co_driver_id_number" \
	" LEFT JOIN f_current cf ON cf.id_number = v.co_driver_id_number" \
	" LEFT JOIN places dp ON dp.place_id = v.depot_place_id"
#define KD_VEHICLE_NCOLS 11

/* A pass as the kiosk reads it ("" where NULL). */
struct kd_vehicle {
	char pass_id[24], plate[64], kind[16], cargo[804], co_driver[16],
	    co_name[404], co_status[16], co_declared[4], depot_place[24],
	    depot_name[808], depot_at[24];
};

/* Binds cols[0..KD_VEHICLE_NCOLS) to v. */
void kd_vehicle_cols(struct kd_vehicle *v, struct kd_col *cols);

/* 1 when the declaration read is a vehicle pass. */
int kd_vehicle_is(const struct kd_vehicle *v);

/* The vehicle's facts for the verdict (lib/decision.h): not checked at
 * a depot, the co-driver's F status, a co-driver without a valid
 * declaration. */
void kd_vehicle_facts(const struct kd_vehicle *v, struct kd_facts *facts);

/* "vehicle": {"vehicle_pass_id", "plate", "vehicle_kind", "kind_name",
 * "cargo", "drivers": [{"role", "id_number", "full_name", "f_status",
 * "declared"}], "depot_check": {"place_id", "place_name", "at"} or
 * null} for a pass, null otherwise.  The driver is d's person. */
void kd_vehicle_json(struct kd_json *j, const struct kd_vehicle *v,
    const struct kd_decl *d, const char *driver_f_status);

/* The same for the kiosk page, under Vehicle.*. */
void kd_vehicle_hdf(HDF *hdf, const struct kd_vehicle *v, const struct kd_decl *d,
    const char *driver_f_status);

/* A depot check made or found. */
struct kd_depot_check {
	unsigned long long pass_id;
	long long place_id;
	char place_name[808];
	char at[40];               /* ISO 8601 */
	int created;               /* 1 made now (201), 0 the first one (200) */
};

/*
 * POST /verify action=depot_check: the session's place must be a depot
 * (else *err = KD_E_NOT_DEPOT); the code is checked (signature, expiry,
 * revocation) and must be a vehicle pass (KD_E_NOT_FOUND); the check and
 * its audit row (depot_check) in one transaction.  0 ok; -1 with *err.
 */
int kd_vehicle_depot_check(const struct kd_req *r, const char *code,
    struct kd_depot_check *out, enum kd_err *err) KD_MUST_USE;

/* The module's statements (lib/sql.h). */
enum kd_vehicle_sql {
	KD_SQL_VEHICLE_INSERT = KD_SQL_BASE(KD_MOD_VEHICLE),
	KD_SQL_VEHICLE_OF,
	KD_SQL_VEHICLE_DECL,
	KD_SQL_VEHICLE_CHECK,
	KD_SQL_VEHICLE_CHECKED,
	KD_SQL_VEHICLE_END
};

#endif
