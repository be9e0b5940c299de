/*
 * declare-vehicle.c - a green-lane vehicle pass (issue 21, SPEC "GET/POST
 * /declare/vehicle"; the pass: lib/vehicle.h).
 *
 *   GET  /declare/vehicle   the form: the driver's declaration (as
 *                           /declare) with the vehicle: plate (required),
 *                           vehicle_kind, cargo, an optional
 *                           co_driver_id_number.
 *   POST /declare/vehicle   those fields.  Origin-checked (public form).
 *                           HTML: 303 to /qr/<token>, or 400 with the form
 *                           and its messages.  JSON: 201 {"vehicle_pass_id",
 *                           "declaration_id", "token", "expires_at",
 *                           "qr_png", "qr_svg", "qr_page"}; the same
 *                           client_ref again 200 with the same pass; a
 *                           client_ref of another person, or of a plain
 *                           declaration, 409.  400 invalid_fields, 503.
 *
 * The driver's declaration and the pass are stored in one transaction.
 * The pass's QR is the declaration's code: the kiosk finds the vehicle
 * with it; an officer at a depot checks it before departure.
 */
#include <stdio.h>
#include <string.h>

#include "declare.h"
#include "decl.h"
#include "log.h"
#include "resp.h"
#include "token.h"
#include "vehicle.h"
#include "vntime.h"

static void vehicle_form_hdf(struct kd_req *r, HDF *hdf)
{
	size_t i;

	(void)r;
	for (i = 0; kd_vehicle_kinds[i] != NULL; i++) {
		kd_hdf_item(hdf, "VehicleKinds", i, "code", kd_vehicle_kinds[i]);
		kd_hdf_item(hdf, "VehicleKinds", i, "name", kd_vehicle_kind_name(kd_vehicle_kinds[i]));
	}
}

/* The error summary's name of field i. */
static const char *vehicle_title(size_t i, char *buf, size_t cap)
{
	static const char *const own[KD_VF_COUNT - KD_DF_FORM_COUNT] = {
		[KD_VF_VEHICLE_KIND - KD_DF_FORM_COUNT] = "Loại xe",
		[KD_VF_CARGO - KD_DF_FORM_COUNT] = "Hàng hoá",
		[KD_VF_CO_DRIVER - KD_DF_FORM_COUNT] = "Số giấy tờ của phụ xe",
	};

	(void)buf;
	(void)cap;
	return i < KD_DF_FORM_COUNT ? kd_decl_title(i) :
	    i < KD_VF_COUNT ? own[i - KD_DF_FORM_COUNT] : NULL;
}

static const struct kd_decl_form vehicle_form = {
	.template = "declare-vehicle.cs", .fields = kd_vehicle_fields,
	.nfields = KD_VF_COUNT, .extra = vehicle_form_hdf, .title = vehicle_title,
};

/* GET /declare/vehicle */
void vehicle_get(struct kd_req *r)
{
	kd_decl_form_page(r, &vehicle_form, 200, NULL, NULL, NULL);
}

/* POST /declare/vehicle with bad fields. */
void vehicle_invalid(struct kd_req *r)
{
	kd_decl_reply_invalid(r, &vehicle_form);
}

struct pass {
	struct kd_req *r;
	enum kd_registry reg;
	struct kd_vehicle_made made;
};

static int pass_txn(void *arg)
{
	struct pass *p = arg;

	return kd_vehicle_store(p->r, p->reg, &p->made);
}

/* 201 (200 replayed): the pass and its code, or 303 to the code's page. */
static void pass_answer(struct kd_req *r, const struct kd_vehicle_made *m)
{
	const struct kd_decl_made *d = &m->decl;
	char token[KD_TOKEN_MAX], when[32];
	struct kd_json j;

	if (kd_token_sign(d->declaration_id, d->expires_at, token) != 0) {
		kd_log("declare: signing failed for declaration %llu", d->declaration_id);
		kd_reply_error(r, KD_E_SERVER, NULL, 0, NULL);
		return;
	}
	if (!r->want_json) {
		kd_reply_redirect(r, kd_asprintf(&r->arena, "/qr/%s", token));
		return;
	}
	kd_time_iso(d->expires_at, when);
	kd_json_init(&j);
	kd_json_obj(&j);
	kd_json_kint(&j, "vehicle_pass_id", (long long)m->pass_id);
	kd_json_kint(&j, "declaration_id", (long long)d->declaration_id);
	kd_json_kstr(&j, "token", token);
	kd_json_kstr(&j, "expires_at", when);
	kd_json_kstr(&j, "qr_png", kd_asprintf(&r->arena, "/qr/%s.png", token));
	kd_json_kstr(&j, "qr_svg", kd_asprintf(&r->arena, "/qr/%s.svg", token));
	kd_json_kstr(&j, "qr_page", kd_asprintf(&r->arena, "/qr/%s", token));
	kd_json_obj_end(&j);
	kd_reply_json(r, m->replayed ? 200 : 201, &j);
}

/* POST /declare/vehicle: see the top of the file. */
void vehicle_post(struct kd_req *r)
{
	struct pass p = { .r = r };

	if (kd_decl_accept(r, &vehicle_form, &p.reg) != 0)
		return;
	switch (kd_db_txn(pass_txn, &p, KD_TXN_TRIES)) {
	case KD_TXN_OK:
		pass_answer(r, &p.made);
		return;
	case KD_TXN_REFUSED:
		kd_decl_reply_conflict(r, &vehicle_form, &r->vals);
		return;
	case KD_TXN_FAILED:
		break;
	}
	kd_log("declare: storing a vehicle pass failed (%u)", kd_db_errno());
	kd_reply_error(r, KD_E_UNAVAILABLE, NULL, 0, NULL);
}
