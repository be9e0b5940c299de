/*
 * verify - the checkpoint kiosk: scan or type a QR code, see the citizen,
 * confirm the passage (officers: in/out; venue staff: a visit).
 *
 *   GET  /verify             the kiosk page (HTML; needs a session)
 *   GET  /verify?code=TOKEN  the verification: JSON {"valid", "reason",
 *                            "expires_at", "declaration", "registry",
 *                            "f_status", "registered_doses", "labels"}
 *                            (registered_doses: the doses of the
 *                            vaccination data, beside the declared
 *                            vaccine_doses; always 200 once
 *                            answered; labels: names of the communes and
 *                            of the vehicle for the kiosk to show), or the
 *                            kiosk page with the result and the confirm form.
 *                            Order: signature (no database for a forged
 *                            code), expiry, the declaration (unknown,
 *                            revoked), registry flag, newest F status.  A
 *                            read of a declaration writes its audit record
 *                            first (a journal line, in audit_log within a
 *                            second); when it cannot, 503 and no data.
 *   POST /verify             code, direction (officer: in/out; venue: visit)
 *                            -> 201 {"passage_id", "place_id", "at", ...};
 *                            the same code, place and direction within 5
 *                            minutes -> 200 with the first passage.  400
 *                            bad_signature / invalid_fields, 409 expired /
 *                            unknown / revoked, 403 no_place (account without
 *                            a place), 401/403 session and CSRF, 503 database.
 *
 * Roles: officer and venue only.  The place is the session's (from LDAP at
 * login), never the form's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "audit.h"
#include "conf.h"
#include "db.h"
#include "decl.h"
#include "field.h"
#include "labels.h"
#include "log.h"
#include "passage.h"
#include "resp.h"
#include "serve.h"
#include "session.h"
#include "sql.h"
#include "token.h"

enum { ST_DECL_1, ST_DECL_2, ST_DECL_4, ST_DECL_8, ST_DECL_16, ST_COUNT };

/* The declaration (the columns of lib/decl.c's KD_SQL_DECL_LOAD, read by
 * kd_decl_load_grouped) with the citizen's newest F status and registered
 * vaccine doses after them, for a group of ids (lib/group.h): under load
 * one statement answers the look-ups of many threads.  The newest status
 * and the doses are kept in f_current and vaccination_people by triggers
 * (schema/004, 009): primary-key joins cost far less than finding the
 * newest f_status row, or counting doses, per look-up. */
#define DECL_SELECT "SELECT " KD_SQL_DECL_COLUMNS("d.") ", c.status, COALESCE(v.doses, 0)"\
	" FROM declarations d LEFT JOIN f_current c ON c.id_number = d.id_number"\
	" LEFT JOIN vaccination_people v ON v.id_number = d.id_number"\
	" WHERE d.declaration_id IN "
#define IDS_2 "?, ?"
#define IDS_4 IDS_2 ", " IDS_2
#define IDS_8 IDS_4 ", " IDS_4

static const char *const sql[ST_COUNT] = {
	[ST_DECL_1] = DECL_SELECT "(?)",
	[ST_DECL_2] = DECL_SELECT "(" IDS_2 ")",
	[ST_DECL_4] = DECL_SELECT "(" IDS_4 ")",
	[ST_DECL_8] = DECL_SELECT "(" IDS_8 ")",
	[ST_DECL_16] = DECL_SELECT "(" IDS_8 ", " IDS_8 ")",
};

static const struct kd_group decl_group = {
	.stmt = { ST_DECL_1, ST_DECL_2, ST_DECL_4, ST_DECL_8, ST_DECL_16 },
	.key_col = KD_DECL_ID_COL,
};

/* What a look-up found. */
struct verdict {
	int valid;
	const char *reason;          /* SPEC word, NULL when valid */
	time_t expires;              /* from the signed token; 0 unknown */
	int shown;                   /* the declaration is part of the answer */
	char f_status[16];           /* "" = none recorded */
	char doses[8];               /* registered vaccine doses */
	struct kd_decl d;
};

/* Loads declaration id with the F status and the registered doses.
 * 1 found, 0 none, -1 error. */
static int load_decl(unsigned long long id, struct verdict *v)
{
	struct kd_col extra[2] = { KD_COL(v->f_status), KD_COL(v->doses) };

	return kd_decl_load_grouped(&decl_group, id, &v->d, extra, 2);
}

/*
 * Signature, expiry, then the declaration.  0 = v filled; -1 = answered
 * (503: the database or the audit log failed, so no data is shown).
 */
static int check_code(struct kd_req *r, const char *code, struct verdict *v)
{
	enum kd_token_status st;
	unsigned long long id = 0;
	char target[24];
	int rc;

	v->valid = v->shown = 0;
	v->reason = NULL;
	v->expires = 0;
	v->f_status[0] = v->doses[0] = '\0';
	kd_decl_clear(&v->d);
	st = kd_token_verify(code, time(NULL), &id, &v->expires);
	if (st != KD_TOKEN_OK) {
		/* A forged code costs no database look-up at all. */
		v->reason = kd_token_reason(st);
		if (st != KD_TOKEN_EXPIRED)
			v->expires = 0;
		return 0;
	}
	rc = load_decl(id, v);
	if (rc < 0) {
		kd_reply_error(r, KD_E_UNAVAILABLE, NULL, 0, NULL);
		return -1;
	}
	if (rc == 0) {
		v->reason = "unknown";
		return 0;
	}
	/* No audit record, no data. */
	snprintf(target, sizeof(target), "%llu", id);
	if (kd_audit_read(r, "verify", "declaration", target,
	    v->d.revoked_at != 0 ? "revoked" : NULL) != 0) {
		kd_log("verify: audit insert failed, declaration %llu not shown", id);
		kd_reply_error(r, KD_E_UNAVAILABLE, NULL, 0, NULL);
		return -1;
	}
	if (v->d.revoked_at != 0) {
		v->reason = "revoked";
		return 0;
	}
	v->valid = 1;
	v->shown = 1;
	return 0;
}

static const char *val(const struct verdict *v, enum kd_decl_field f)
{
	return v->d.v[f][0] != '\0' ? v->d.v[f] : NULL;
}

/* "Xã A, Huyện B, Tỉnh C" for a commune code; the code when unknown. */
static void unit_path(const char *code, char *out, size_t outlen)
{
	kd_decl_unit_path(code, out, outlen);
	if (out[0] == '\0' && code != NULL)
		snprintf(out, outlen, "%s", code);
}

/* "Sốt, Ho" for the ticked flags of table (codes are field names of
 * the declaration); NULL when none is ticked. */
static const char *ticked(const struct verdict *v, const struct kd_label *table,
    char *out, size_t outlen)
{
	size_t used = 0, f;
	int w;

	out[0] = '\0';
	for (; table->code != NULL; table++) {
		for (f = 0; f < KD_DF_COUNT; f++)
			if (strcmp(kd_decl_fields[f].name, table->code) == 0)
				break;
		if (f == KD_DF_COUNT || v->d.v[f][0] != '1')
			continue;
		w = snprintf(out + used, outlen - used, "%s%s", used ? ", " : "",
		    table->text);
		if (w < 0 || (size_t)w >= outlen - used)
			break;
		used += (size_t)w;
	}
	return used > 0 ? out : NULL;
}

/* "labels": the words of this answer, from lib/labels.c, and the names of
 * its communes and vehicle (the kiosk shows names, not codes). */
static void labels_json(struct kd_json *j, const struct verdict *v)
{
	char names[400];
	size_t i;

	kd_json_key(j, "labels");
	kd_json_obj(j);
	kd_json_kstr(j, "verdict", kd_label(kd_label_verdicts, v->valid ? "valid" : "invalid"));
	kd_json_kstr(j, "reason", kd_label(kd_label_reasons, v->reason));
	if (v->shown) {
		kd_json_kstr(j, "registry", kd_label(kd_label_registry, v->d.registry));
		kd_json_kstr(j, "gender", kd_label(kd_label_genders, v->d.v[KD_DF_GENDER]));
		kd_json_kstr(j, "source", kd_label(kd_label_sources, v->d.source));
		kd_json_kstr(j, "f_status", v->f_status[0] ?
		    kd_label(kd_label_f_status, v->f_status) : kd_label_not_recorded);
		kd_json_kstr(j, "symptoms", ticked(v, kd_label_symptoms, names, sizeof(names)));
		kd_json_kstr(j, "exposure", ticked(v, kd_label_exposure, names, sizeof(names)));
		kd_json_kstr(j, "none", kd_label_none);
		if (kd_decl_vehicle_name(v->d.v[KD_DF_VEHICLE]) != NULL)
			kd_json_kstr(j, "vehicle", kd_decl_vehicle_name(v->d.v[KD_DF_VEHICLE]));
		for (i = 0; i < KD_DECL_NCOMMUNES; i++) {
			const char *code = val(v, kd_decl_communes[i]);

			if (code == NULL)
				continue;
			unit_path(code, names, sizeof(names));
			kd_json_kstr(j, kd_decl_fields[kd_decl_communes[i]].name, names);
		}
	}
	kd_json_key(j, "directions");
	kd_json_obj(j);
	for (i = 0; kd_label_directions[i].code != NULL; i++)
		kd_json_kstr(j, kd_label_directions[i].code, kd_label_directions[i].text);
	kd_json_obj_end(j);
	kd_json_obj_end(j);
}

/* SPEC: {"valid", "reason", "expires_at", "declaration", "registry",
 * "f_status"}, plus "registered_doses" and "labels" (labels_json). */
static void verdict_json(struct kd_json *j, const struct verdict *v)
{
	char iso[32];

	kd_json_obj(j);
	kd_json_kbool(j, "valid", v->valid);
	kd_json_kstr(j, "reason", v->reason);
	if (v->expires > 0) {
		kd_time_iso(v->expires, iso);
		kd_json_kstr(j, "expires_at", iso);
	} else {
		kd_json_kstr(j, "expires_at", NULL);
	}
	kd_json_key(j, "declaration");
	if (v->shown)
		kd_decl_json(j, &v->d);
	else
		kd_json_null(j);
	kd_json_kstr(j, "registry", v->shown ? v->d.registry : NULL);
	kd_json_kstr(j, "f_status", v->shown && v->f_status[0] ? v->f_status : NULL);
	kd_json_key(j, "registered_doses");
	if (v->shown)
		kd_json_int(j, strtol(v->doses, NULL, 10));
	else
		kd_json_null(j);
	labels_json(j, v);
	kd_json_obj_end(j);
}

/* "YYYY-MM-DD" -> "DD/MM/YYYY" */
static void date_vn(const char *iso, char *out, size_t outlen)
{
	if (iso != NULL && strlen(iso) >= 10)
		snprintf(out, outlen, "%.2s/%.2s/%.4s", iso + 8, iso + 5, iso);
	else
		snprintf(out, outlen, "%s", iso ? iso : "");
}

static void place_hdf(HDF *hdf, const char *name, const struct verdict *v,
    enum kd_decl_field commune, enum kd_decl_field address)
{
	char path[400], text[1300];
	const char *code = val(v, commune), *addr = val(v, address);

	if (code == NULL && addr == NULL)
		return;
	unit_path(code, path, sizeof(path));
	snprintf(text, sizeof(text), "%s%s%s", addr ? addr : "",
	    addr && code ? ", " : "", code ? path : "");
	kd_hdf_set(hdf, name, text);
}

/* The verdict's head: valid or not, why, until when. */
static void verdict_head_hdf(HDF *hdf, const struct verdict *v)
{
	char when[40];

	kd_hdf_set(hdf, "Result.shown", "1");
	kd_hdf_set(hdf, "Result.valid", v->valid ? "1" : "0");
	kd_hdf_set(hdf, "Result.verdict",
	    kd_label(kd_label_verdicts, v->valid ? "valid" : "invalid"));
	if (v->reason != NULL) {
		kd_hdf_set(hdf, "Result.reason", v->reason);
		kd_hdf_set(hdf, "Result.reason_text", kd_label(kd_label_reasons, v->reason));
	}
	if (v->expires > 0) {
		kd_time_vn(v->expires, when);
		kd_hdf_set(hdf, "Result.expires", when);
	}
}

/* Who: name, ID, birth date, residences, the journey. */
static void person_hdf(HDF *hdf, const struct verdict *v)
{
	char buf[400];
	const char *vehicle;

	kd_hdf_set_int(hdf, "Decl.declaration_id", (long long)v->d.declaration_id);
	kd_hdf_set(hdf, "Decl.full_name", val(v, KD_DF_FULL_NAME));
	kd_hdf_set(hdf, "Decl.id_number", val(v, KD_DF_ID_NUMBER));
	date_vn(val(v, KD_DF_DOB), buf, sizeof(buf));
	kd_hdf_set(hdf, "Decl.dob", buf);
	kd_hdf_set(hdf, "Decl.gender", kd_label(kd_label_genders, v->d.v[KD_DF_GENDER]));
	kd_hdf_set(hdf, "Decl.phone", val(v, KD_DF_PHONE));
	place_hdf(hdf, "Decl.perm", v, KD_DF_PERM_COMMUNE, KD_DF_PERM_ADDRESS);
	place_hdf(hdf, "Decl.temp", v, KD_DF_TEMP_COMMUNE, KD_DF_TEMP_ADDRESS);
	place_hdf(hdf, "Decl.stay", v, KD_DF_STAY_COMMUNE, KD_DF_STAY_ADDRESS);
	place_hdf(hdf, "Decl.from", v, KD_DF_FROM_COMMUNE, KD_DF_FROM_ADDRESS);
	place_hdf(hdf, "Decl.to", v, KD_DF_TO_COMMUNE, KD_DF_TO_ADDRESS);
	if (val(v, KD_DF_TRAVEL_DATE) != NULL) {
		date_vn(val(v, KD_DF_TRAVEL_DATE), buf, sizeof(buf));
		kd_hdf_set(hdf, "Decl.travel_date", buf);
	}
	vehicle = kd_decl_vehicle_name(v->d.v[KD_DF_VEHICLE]);
	if (vehicle != NULL || val(v, KD_DF_PLATE) != NULL) {
		snprintf(buf, sizeof(buf), "%.100s%s%.60s", vehicle ? vehicle : "",
		    vehicle && val(v, KD_DF_PLATE) ? " " : "",
		    val(v, KD_DF_PLATE) ? v->d.v[KD_DF_PLATE] : "");
		kd_hdf_set(hdf, "Decl.vehicle", buf);
	}
}

/* Health and checks: symptoms, exposure, doses, registry, F status. */
static void health_hdf(HDF *hdf, const struct verdict *v)
{
	char buf[400];
	const char *reg = v->d.registry;

	kd_hdf_set(hdf, "Decl.has_symptoms",
	    ticked(v, kd_label_symptoms, buf, sizeof(buf)) ? "1" : "");
	kd_hdf_set(hdf, "Decl.symptoms", buf[0] ? buf : kd_label_none);
	kd_hdf_set(hdf, "Decl.has_exposure",
	    ticked(v, kd_label_exposure, buf, sizeof(buf)) ? "1" : "");
	kd_hdf_set(hdf, "Decl.exposure", buf[0] ? buf : kd_label_none);
	kd_hdf_set(hdf, "Decl.vaccine_doses", v->d.v[KD_DF_VACCINE_DOSES]);
	kd_hdf_set(hdf, "Decl.registered_doses", v->doses);
	kd_hdf_set(hdf, "Decl.source", kd_label(kd_label_sources, v->d.source));
	kd_hdf_set(hdf, "Decl.registry", reg);
	kd_hdf_set(hdf, "Decl.registry_text", kd_label(kd_label_registry, reg));
	if (v->f_status[0] != '\0') {
		kd_hdf_set(hdf, "Decl.f_status", v->f_status);
		kd_hdf_set(hdf, "Decl.f_status_text", kd_label(kd_label_f_status, v->f_status));
		if (strcmp(v->f_status, "F0") == 0 || strcmp(v->f_status, "F1") == 0)
			kd_hdf_set(hdf, "Decl.f_alert", "1");
	}
}

static void verdict_hdf(HDF *hdf, const struct verdict *v)
{
	verdict_head_hdf(hdf, v);
	if (!v->shown)
		return;
	person_hdf(hdf, v);
	health_hdf(hdf, v);
}

/* GET fields: the code is checked by the token module, not by a pattern
 * here, so that any garbage a scanner types is answered bad_signature. */
enum { Q_CODE, Q_COUNT };
static const struct kd_field query_fields[Q_COUNT] = {
	[Q_CODE] = { .name = "code", .type = KD_T_TEXT, .max = 300 },
};

enum { B_CODE, B_DIRECTION, B_COUNT };
static const char *const directions[] = { "in", "out", "visit", NULL };
static const struct kd_field body_fields[B_COUNT] = {
	[B_CODE] = { .name = "code", .type = KD_T_TEXT, .flags = KD_REQUIRED, .max = 300 },
	[B_DIRECTION] = { .name = "direction", .type = KD_T_CHOICE, .flags = KD_REQUIRED,
	    .choices = directions },
};

static int is_venue(const struct kd_req *r)
{
	return r->session.role_bit == KD_ROLE_VENUE;
}

/* The kiosk frame: place, role, csrf. */
static HDF *kiosk_hdf(struct kd_req *r)
{
	HDF *hdf = kd_hdf_new(r);

	if (hdf == NULL)
		return NULL;
	kd_hdf_set(hdf, "Kiosk.venue", is_venue(r) ? "1" : "0");
	if (r->session.place_id > 0) {
		kd_hdf_set_int(hdf, "Kiosk.place_id", r->session.place_id);
		kd_hdf_set(hdf, "Kiosk.place_name", r->session.place_name);
	}
	return hdf;
}

static void kiosk_page(struct kd_req *r, int status, HDF *hdf)
{
	kd_reply_page(r, status, "verify.cs", hdf);
}

/* The kiosk with a message about the typed code. */
static void kiosk_code_error(struct kd_req *r, const char *message)
{
	HDF *hdf = kiosk_hdf(r);

	if (hdf != NULL)
		kd_hdf_set(hdf, "Kiosk.error", message);
	kiosk_page(r, 400, hdf);
}

/* GET /verify with a bad code field. */
static void verify_get_invalid(struct kd_req *r)
{
	if (r->want_json)
		kd_reply_error(r, KD_E_INVALID_FIELDS, query_fields, Q_COUNT, &r->vals);
	else
		kiosk_code_error(r, r->vals.error[Q_CODE]);
}

/* GET /verify[?code=] */
static void verify_get(struct kd_req *r)
{
	const char *code = r->vals.v[Q_CODE];
	struct verdict v;
	HDF *hdf;

	if (code == NULL && r->want_json) {
		kd_field_fail(&r->vals, Q_CODE, "Vui lòng nhập hoặc quét mã QR.");
		verify_get_invalid(r);
		return;
	}
	if (code == NULL) {
		kiosk_page(r, 200, kiosk_hdf(r));
		return;
	}
	if (check_code(r, code, &v) != 0)
		return;                    /* answered 503 */
	if (r->want_json) {
		struct kd_json j;

		kd_json_init(&j);
		verdict_json(&j, &v);
		kd_reply_json(r, 200, &j);
		return;
	}
	hdf = kiosk_hdf(r);
	if (hdf != NULL) {
		verdict_hdf(hdf, &v);
		kd_hdf_set(hdf, "Result.code", code);
	}
	kiosk_page(r, 200, hdf);
}

/* The answer to a confirm in HTML: the kiosk, ready for the next person. */
static void confirm_html(struct kd_req *r, int status, const char *flash,
    const char *error)
{
	HDF *hdf = kiosk_hdf(r);

	if (hdf != NULL) {
		if (flash != NULL)
			kd_hdf_set(hdf, "Kiosk.flash", flash);
		if (error != NULL)
			kd_hdf_set(hdf, "Kiosk.error", error);
	}
	kiosk_page(r, status, hdf);
}

static void confirm_error(struct kd_req *r, enum kd_err e)
{
	if (r->want_json)
		kd_reply_error(r, e, NULL, 0, NULL);
	else
		confirm_html(r, kd_err_status(e), NULL, kd_err_message(e));
}

/* POST /verify with bad fields. */
static void verify_post_invalid(struct kd_req *r)
{
	if (r->want_json)
		kd_reply_error(r, KD_E_INVALID_FIELDS, body_fields, B_COUNT, &r->vals);
	else
		confirm_html(r, 400, NULL, kd_err_message(KD_E_INVALID_FIELDS));
}

/* {"passage_id", ..., "labels": {"direction", "result"}} */
static void passage_answer(struct kd_req *r, const struct kd_passage *ps)
{
	const char *what = kd_label(kd_label_directions, ps->direction);
	const char *result = ps->created ? "Đã ghi nhận" : "Đã ghi nhận trước đó";
	struct kd_json j;
	char flash[160];

	if (!r->want_json) {
		/* "at" is YYYY-MM-DDTHH:MM:SS.mmm+07:00: show the clock time. */
		snprintf(flash, sizeof(flash), "%s %s lúc %.8s.", result, what, ps->at + 11);
		confirm_html(r, ps->created ? 201 : 200, flash, NULL);
		return;
	}
	kd_json_init(&j);
	kd_json_obj(&j);
	kd_passage_json(&j, ps);
	kd_json_key(&j, "labels");
	kd_json_obj(&j);
	kd_json_kstr(&j, "direction", what);
	kd_json_kstr(&j, "result", result);
	kd_json_obj_end(&j);
	kd_json_obj_end(&j);
	kd_reply_json(r, ps->created ? 201 : 200, &j);
}

/* POST /verify: code, direction (officers in/out, venues visit). */
static void verify_post(struct kd_req *r)
{
	const char *dir = r->vals.v[B_DIRECTION];
	struct kd_passage ps = { 0 };
	enum kd_err err;

	if ((strcmp(dir, "visit") == 0) != is_venue(r)) {
		kd_field_fail(&r->vals, B_DIRECTION, is_venue(r) ?
		    "Điểm quét chỉ ghi nhận lượt đến (visit)." :
		    "Chốt kiểm soát chỉ ghi nhận chiều vào (in) hoặc ra (out).");
		verify_post_invalid(r);
		return;
	}
	if (kd_passage_confirm(r, r->vals.v[B_CODE], dir, &ps, &err) != 0) {
		confirm_error(r, err);
		return;
	}
	passage_answer(r, &ps);
}

#define KIOSK (KD_ROLE_OFFICER | KD_ROLE_VENUE)
static const struct kd_route routes[] = {
	{ .method = "GET", .path = "/verify", .roles = KIOSK,
	    .fields = query_fields, .nfields = Q_COUNT,
	    .handler = verify_get, .invalid = verify_get_invalid },
	{ .method = "POST", .path = "/verify", .roles = KIOSK, .flags = KD_RT_PLACE,
	    .fields = body_fields, .nfields = B_COUNT,
	    .handler = verify_post, .invalid = verify_post_invalid },
};

static const struct kd_program program = {
	.name = "verify",
	.sql = sql,
	.nsql = ST_COUNT,
	.need_db = 1,
	.need_units = 1,
	.need_keys = 1,
	/* A look-up's audit record is a journal line, not a round trip. */
	.audit_journal = 1,
	/* Threads share one queue of look-ups (decl_group). */
	.threaded = 1,
	.routes = routes,
	.nroutes = KD_NFIELDS(routes),
};

int main(int argc, char **argv)
{
	return kd_serve(argc, argv, &program);
}
