/*
 * vehicle.c - green-lane vehicle passes (see vehicle.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "db.h"
#include "labels.h"
#include "log.h"
#include "passage.h"
#include "vehicle.h"
#include "vntime.h"
#include "zones.h"

#define S(id) [(id) - KD_SQL_BASE(KD_MOD_VEHICLE)]
static const char *const vehicle_sql[] = {
	S(KD_SQL_VEHICLE_INSERT) = "INSERT INTO vehicle_passes (declaration_id, plate,"
	    " vehicle_kind, cargo, co_driver_id_number, created_at)"
	    " VALUES (?, ?, ?, ?, ?, FROM_UNIXTIME(?))",
	S(KD_SQL_VEHICLE_OF) = "SELECT vehicle_pass_id FROM vehicle_passes WHERE declaration_id = ?",
	/* The declaration under the check: revoked or not, locked so that a
	 * revocation and a check do not cross. */
	S(KD_SQL_VEHICLE_DECL) = "SELECT revoked_at IS NOT NULL FROM declarations"
	    " WHERE declaration_id = ? FOR UPDATE",
	/* The first check is kept. */
	S(KD_SQL_VEHICLE_CHECK) = "UPDATE vehicle_passes SET depot_place_id = ?,"
	    " depot_checked_at = ?, depot_checked_by = ?"
	    " WHERE declaration_id = ? AND depot_checked_at IS NULL",
	S(KD_SQL_VEHICLE_CHECKED) = "SELECT v.vehicle_pass_id, v.depot_place_id,"
	    " v.depot_checked_at, p.name FROM vehicle_passes v"
	    " JOIN places p ON p.place_id = v.depot_place_id WHERE v.declaration_id = ?",
};
#undef S
const struct kd_sql_table kd_vehicle_sql = KD_SQL_TABLE(vehicle_sql);

/* ---------------------------------------------------------- the form */

const char *const kd_vehicle_kinds[] = {
	"truck", "van", "container", "tanker", "refrigerated", "pickup", "other", NULL
};

static const struct kd_label kind_names[] = {
	{ "truck", "Xe tải" },
	{ "van", "Xe tải van" },
	{ "container", "Xe container" },
	{ "tanker", "Xe bồn" },
	{ "refrigerated", "Xe đông lạnh" },
	{ "pickup", "Xe bán tải" },
	{ "other", "Loại khác" },
	{ NULL, NULL }
};

const char *kd_vehicle_kind_name(const char *kind)
{
	return kd_label(kind_names, kind);
}

struct kd_field kd_vehicle_fields[KD_VF_COUNT];

static const struct kd_field vehicle_own_fields[] = {
	{ .name = "vehicle_kind", .type = KD_T_CHOICE, .flags = KD_REQUIRED,
	    .choices = kd_vehicle_kinds, .required = "Vui lòng chọn loại xe." },
	{ .name = "cargo", .type = KD_T_TEXT, .flags = KD_REQUIRED, .min = 2, .max = 200,
	    .required = "Vui lòng nhập hàng hoá chở trên xe." },
	{ .name = "co_driver_id_number", .type = KD_T_ID_NUMBER },
};
_Static_assert(sizeof(vehicle_own_fields) / sizeof(vehicle_own_fields[0]) ==
    KD_VF_COUNT - KD_DF_FORM_COUNT, "the vehicle's fields");

void kd_vehicle_init(void)
{
	kd_decl_fields_with(kd_vehicle_fields, vehicle_own_fields,
	    KD_VF_COUNT - KD_DF_FORM_COUNT);
	/* A pass names its vehicle. */
	kd_vehicle_fields[KD_DF_PLATE].flags |= KD_REQUIRED;
	kd_vehicle_fields[KD_DF_PLATE].required = "Vui lòng nhập biển kiểm soát của xe.";
}

void kd_vehicle_settle(struct kd_req *r)
{
	struct kd_values *vals = &r->vals;
	size_t i;

	kd_decl_settle(r);
	/* The declaration's own vehicle field: the pass is for a truck. */
	for (i = 0; kd_decl_vehicles[i] != NULL; i++)
		if (strcmp(kd_decl_vehicles[i], "truck") == 0 && vals->v[KD_DF_VEHICLE] == NULL) {
			vals->v[KD_DF_VEHICLE] = kd_decl_vehicles[i];
			vals->n[KD_DF_VEHICLE] = (long long)i;
		}
	if (vals->v[KD_VF_CO_DRIVER] != NULL && vals->v[KD_DF_ID_NUMBER] != NULL &&
	    vals->error[KD_VF_CO_DRIVER] == NULL &&
	    strcmp(vals->v[KD_VF_CO_DRIVER], vals->v[KD_DF_ID_NUMBER]) == 0)
		kd_field_fail(vals, KD_VF_CO_DRIVER, "Phụ xe phải là người khác với lái xe.");
}

/* ----------------------------------------------------------- storing */

/* The pass of the declaration stored before under the same client_ref.
 * KD_TXN_OK, KD_TXN_REFUSED (it is no vehicle pass) or -1. */
static int replayed(struct kd_vehicle_made *out)
{
	char id[24] = "";
	struct kd_col c[1] = { KD_COL(id) };
	struct kd_param p[1] = { KD_INT((long long)out->decl.declaration_id) };
	int rc = kd_db_row(KD_SQL_VEHICLE_OF, p, 1, c, 1);

	if (rc < 0)
		return -1;
	out->replayed = 1;
	out->pass_id = strtoull(id, NULL, 10);
	return rc == 1 ? KD_TXN_OK : KD_TXN_REFUSED;
}

int kd_vehicle_store(const struct kd_req *r, enum kd_registry reg,
    struct kd_vehicle_made *out)
{
	const struct kd_values *vals = &r->vals;
	struct kd_param p[6];

	memset(out, 0, sizeof(*out));
	switch (kd_decl_insert(vals, "web", NULL, reg, time(NULL), &out->decl)) {
	case KD_DECL_STORED:
		break;
	case KD_DECL_REPLAYED:
		return replayed(out);
	case KD_DECL_REF_CONFLICT:
		return KD_TXN_REFUSED;
	case KD_DECL_ERROR:
		return -1;
	}
	p[0] = KD_INT((long long)out->decl.declaration_id);
	p[1] = KD_STR(vals->v[KD_DF_PLATE]);
	p[2] = KD_STR(vals->v[KD_VF_VEHICLE_KIND]);
	p[3] = KD_STR(vals->v[KD_VF_CARGO]);
	p[4] = KD_STR(vals->v[KD_VF_CO_DRIVER]);
	p[5] = KD_INT((long long)out->decl.created_at);
	if (kd_db_exec(KD_SQL_VEHICLE_INSERT, p, 6) != 1)
		return -1;
	out->pass_id = kd_db_insert_id(KD_SQL_VEHICLE_INSERT);
	return KD_TXN_OK;
}

/* ------------------------------------------------------- at the kiosk */

void kd_vehicle_cols(struct kd_vehicle *v, struct kd_col *cols)
{
	struct kd_col c[KD_VEHICLE_NCOLS] = { KD_COL(v->pass_id), KD_COL(v->plate),
	    KD_COL(v->kind), KD_COL(v->cargo), KD_COL(v->co_driver), KD_COL(v->co_name),
	    KD_COL(v->co_status), KD_COL(v->co_declared), KD_COL(v->depot_place),
	    KD_COL(v->depot_name), KD_COL(v->depot_at) };

	memcpy(cols, c, sizeof(c));
	v->pass_id[0] = '\0';
}

int kd_vehicle_is(const struct kd_vehicle *v)
{
	return v->pass_id[0] != '\0';
}

void kd_vehicle_facts(const struct kd_vehicle *v, struct kd_facts *facts)
{
	static const char *const isolated[] = { "F0", "F1", "deceased", NULL };
	size_t i;

	if (!kd_vehicle_is(v))
		return;
	facts->depot_unchecked = v->depot_at[0] == '\0';
	if (v->co_driver[0] == '\0')
		return;
	facts->co_driver_undeclared = strcmp(v->co_declared, "1") != 0;
	for (i = 0; isolated[i] != NULL; i++)
		if (strcmp(v->co_status, isolated[i]) == 0)
			facts->co_driver_isolated = 1;
}

static const char *or_null(const char *s)
{
	return s != NULL && s[0] != '\0' ? s : NULL;
}

static void driver_json(struct kd_json *j, const char *role, const char *id,
    const char *name, const char *f_status, int declared)
{
	kd_json_obj(j);
	kd_json_kstr(j, "role", role);
	kd_json_kstr(j, "id_number", id);
	kd_json_kstr(j, "full_name", or_null(name));
	kd_json_kstr(j, "f_status", or_null(f_status));
	kd_json_kstr(j, "f_status_text", or_null(f_status) ?
	    kd_label(kd_label_f_status, f_status) : kd_label_not_recorded);
	kd_json_kbool(j, "declared", declared);
	kd_json_obj_end(j);
}

void kd_vehicle_json(struct kd_json *j, const struct kd_vehicle *v,
    const struct kd_decl *d, const char *driver_f_status)
{
	char at[32];

	kd_json_key(j, "vehicle");
	if (!kd_vehicle_is(v)) {
		kd_json_null(j);
		return;
	}
	kd_json_obj(j);
	kd_json_kint(j, "vehicle_pass_id", strtoll(v->pass_id, NULL, 10));
	kd_json_kstr(j, "plate", v->plate);
	kd_json_kstr(j, "vehicle_kind", v->kind);
	kd_json_kstr(j, "kind_name", kd_vehicle_kind_name(v->kind));
	kd_json_kstr(j, "cargo", v->cargo);
	kd_json_key(j, "drivers");
	kd_json_arr(j);
	driver_json(j, "driver", d->v[KD_DF_ID_NUMBER], d->v[KD_DF_FULL_NAME],
	    driver_f_status, 1);
	if (v->co_driver[0] != '\0')
		driver_json(j, "co_driver", v->co_driver, v->co_name, v->co_status,
		    strcmp(v->co_declared, "1") == 0);
	kd_json_arr_end(j);
	kd_json_key(j, "depot_check");
	if (v->depot_at[0] == '\0') {
		kd_json_null(j);
	} else {
		kd_time_iso((time_t)strtoll(v->depot_at, NULL, 10), at);
		kd_json_obj(j);
		kd_json_kint(j, "place_id", strtoll(v->depot_place, NULL, 10));
		kd_json_kstr(j, "place_name", v->depot_name);
		kd_json_kstr(j, "at", at);
		kd_json_obj_end(j);
	}
	kd_json_obj_end(j);
}

static void driver_hdf(HDF *hdf, size_t i, const char *role, const char *id,
    const char *name, const char *f_status, int declared)
{
	char key[48];

#define SET(k, value) (snprintf(key, sizeof(key), "Vehicle.drivers.%zu." k, i), \
	kd_hdf_set(hdf, key, value))
	SET("role", role);
	SET("id_number", id);
	SET("full_name", or_null(name) ? name : kd_label(kd_label_kiosk, "not_in_registry"));
	SET("f_status_text", or_null(f_status) ? kd_label(kd_label_f_status, f_status) :
	    kd_label_not_recorded);
	SET("declared", declared ? "1" : "");
#undef SET
}

void kd_vehicle_hdf(HDF *hdf, const struct kd_vehicle *v, const struct kd_decl *d,
    const char *driver_f_status)
{
	char when[40], text[1000];

	if (!kd_vehicle_is(v))
		return;
	kd_hdf_set(hdf, "Vehicle.pass_id", v->pass_id);
	kd_hdf_set(hdf, "Vehicle.plate", v->plate);
	kd_hdf_set(hdf, "Vehicle.kind", kd_vehicle_kind_name(v->kind));
	kd_hdf_set(hdf, "Vehicle.cargo", v->cargo);
	driver_hdf(hdf, 0, kd_label(kd_label_kiosk, "driver"), d->v[KD_DF_ID_NUMBER],
	    d->v[KD_DF_FULL_NAME], driver_f_status, 1);
	if (v->co_driver[0] != '\0')
		driver_hdf(hdf, 1, kd_label(kd_label_kiosk, "co_driver"), v->co_driver,
		    v->co_name, v->co_status, strcmp(v->co_declared, "1") == 0);
	if (v->depot_at[0] == '\0') {
		kd_hdf_set(hdf, "Vehicle.depot_text", kd_label(kd_label_kiosk, "depot_unchecked"));
		return;
	}
	kd_time_vn((time_t)strtoll(v->depot_at, NULL, 10), when);
	snprintf(text, sizeof(text), "%s %s %s %s", kd_label(kd_label_kiosk, "depot_checked"),
	    v->depot_name, kd_label(kd_label_kiosk, "at"), when);
	kd_hdf_set(hdf, "Vehicle.depot_at", when);
	kd_hdf_set(hdf, "Vehicle.depot_text", text);
}

/* ---------------------------------------------------- the depot check */

struct depot {
	const struct kd_req *r;
	unsigned long long id;
	struct kd_depot_check *out;
	enum kd_err err;
};

/* The check as stored: 1 found, 0 no vehicle pass, -1 error. */
static int checked(struct depot *c)
{
	char pass[24] = "", place[24] = "", at[32] = "";
	struct kd_col cols[4] = { KD_COL(pass), KD_COL(place), KD_COL(at),
	    KD_COL(c->out->place_name) };
	struct kd_param p[1] = { KD_INT((long long)c->id) };
	int rc = kd_db_row(KD_SQL_VEHICLE_CHECKED, p, 1, cols, 4);

	if (rc == 1) {
		c->out->pass_id = strtoull(pass, NULL, 10);
		c->out->place_id = strtoll(place, NULL, 10);
		kd_db_time_iso(at, c->out->at, sizeof(c->out->at));
	}
	return rc;
}

static int depot_txn(void *arg)
{
	struct depot *c = arg;
	char revoked[4] = "", now[32], target[24];
	struct kd_col col[1] = { KD_COL(revoked) };
	struct kd_param p[4] = { KD_INT((long long)c->id) };
	long long changed;
	int rc = kd_db_row(KD_SQL_VEHICLE_DECL, p, 1, col, 1);

	c->err = rc == 0 ? KD_E_TOKEN_UNKNOWN : KD_E_TOKEN_REVOKED;
	if (rc <= 0 || strcmp(revoked, "1") == 0)
		return rc < 0 ? -1 : KD_TXN_REFUSED;
	kd_now_db(now, sizeof(now));
	p[0] = KD_INT(c->r->session.place_id);
	p[1] = KD_STR(now);
	p[2] = KD_STR(c->r->session.uid);
	p[3] = KD_INT((long long)c->id);
	if ((changed = kd_db_exec(KD_SQL_VEHICLE_CHECK, p, 4)) < 0 || (rc = checked(c)) < 0)
		return -1;
	c->err = KD_E_NOT_FOUND;
	if (rc == 0)
		return KD_TXN_REFUSED;
	c->out->created = changed == 1;
	snprintf(target, sizeof(target), "%llu", c->id);
	/* No audit row, no check: the pass names two people. */
	return kd_audit(c->r, "depot_check", "declaration", target,
	    c->out->created ? "checked" : "again") == 0 ? KD_TXN_OK : -1;
}

/* The session's place is a depot: 0; else -1 with *err. */
static int at_depot(const struct kd_req *r, enum kd_err *err)
{
	char commune[6], kind[16];
	int rc = kd_zones_place(r->session.place_id, commune, kind);

	*err = rc < 0 ? KD_E_UNAVAILABLE : KD_E_NOT_DEPOT;
	return rc == 1 && strcmp(kind, "depot") == 0 ? 0 : -1;
}

int kd_vehicle_depot_check(const struct kd_req *r, const char *code,
    struct kd_depot_check *out, enum kd_err *err)
{
	struct depot c = { r, 0, out, KD_E_UNAVAILABLE };

	memset(out, 0, sizeof(*out));
	if (at_depot(r, err) != 0 || kd_passage_code(code, time(NULL), &c.id, err) != 0)
		return -1;
	switch (kd_db_txn(depot_txn, &c, KD_TXN_TRIES)) {
	case KD_TXN_OK:
		return 0;
	case KD_TXN_REFUSED:
		*err = c.err;
		return -1;
	default:
		kd_log("vehicle: depot check failed (%u)", kd_db_errno());
		*err = KD_E_UNAVAILABLE;
		return -1;
	}
}
