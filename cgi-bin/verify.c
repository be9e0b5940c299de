/*
 * verify - the checkpoint kiosk: scan or type a QR code, see the citizen,
 * confirm the passage (officers: in/out; venue staff: a visit).
 *
 *   GET  /verify             the kiosk page (HTML; needs a session)
 *   GET  /verify?code=TOKEN  the verification: JSON {"valid", "reason",
 *                            "expires_at", "declaration", "registry",
 *                            "f_status", "labels"} (always 200 once
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
#include "log.h"
#include "passage.h"
#include "resp.h"
#include "serve.h"
#include "session.h"
#include "sql.h"
#include "token.h"

enum { ST_DECL_1 = KD_PS_COUNT, ST_DECL_2, ST_DECL_4, ST_DECL_8, ST_DECL_16,
    ST_PLACE, ST_COUNT };

/* The declaration (the columns of lib/decl.c's KD_SQL_DECL_LOAD, read by
 * kd_decl_load_grouped) with the citizen's newest F status after them,
 * for a group of ids (lib/group.h): under load one statement answers the
 * look-ups of many threads.  The newest status is kept in f_current by a
 * trigger (schema/004): a primary-key join costs far less than finding
 * the newest f_status row per look-up. */
#define DECL_SELECT "SELECT " KD_SQL_DECL_COLUMNS("d.") ", c.status"\
	" FROM declarations d LEFT JOIN f_current c ON c.id_number = d.id_number"\
	" WHERE d.declaration_id IN "
#define IDS_2 "?, ?"
#define IDS_4 IDS_2 ", " IDS_2
#define IDS_8 IDS_4 ", " IDS_4

static const char *const sql[ST_COUNT] = {
	KD_PASSAGE_SQL,
	[ST_DECL_1] = DECL_SELECT "(?)",
	[ST_DECL_2] = DECL_SELECT "(" IDS_2 ")",
	[ST_DECL_4] = DECL_SELECT "(" IDS_4 ")",
	[ST_DECL_8] = DECL_SELECT "(" IDS_8 ")",
	[ST_DECL_16] = DECL_SELECT "(" IDS_8 ", " IDS_8 ")",
	[ST_PLACE] = "SELECT name, kind FROM places WHERE place_id = ?",
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
	struct kd_decl d;
};

/* Loads declaration id with the F status.  1 found, 0 none, -1 error. */
static int load_decl(unsigned long long id, struct verdict *v)
{
	struct kd_col f_status[1] = { KD_COL(v->f_status) };

	return kd_decl_load_grouped(&decl_group, id, &v->d, f_status, 1);
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
	v->f_status[0] = '\0';
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

/* SPEC: {"valid", "reason", "expires_at", "declaration", "registry",
 * "f_status"}, plus "labels": the names of the communes and of the vehicle
 * (the kiosk shows names, not codes). */
static void verdict_json(struct kd_json *j, const struct verdict *v)
{
	char iso[32], names[400];
	size_t i;

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
	if (!v->shown) {
		kd_json_null(j);
		kd_json_kstr(j, "registry", NULL);
		kd_json_kstr(j, "f_status", NULL);
		kd_json_obj_end(j);
		return;
	}
	kd_decl_json(j, &v->d);
	kd_json_kstr(j, "registry", v->d.registry);
	kd_json_kstr(j, "f_status", v->f_status[0] ? v->f_status : NULL);
	kd_json_key(j, "labels");
	kd_json_obj(j);
	if (kd_decl_vehicle_name(v->d.v[KD_DF_VEHICLE]) != NULL)
		kd_json_kstr(j, "vehicle", kd_decl_vehicle_name(v->d.v[KD_DF_VEHICLE]));
	for (i = 0; i < KD_DECL_NCOMMUNES; i++) {
		const char *code = val(v, kd_decl_communes[i]);

		if (code == NULL)
			continue;
		unit_path(code, names, sizeof(names));
		kd_json_kstr(j, kd_decl_fields[kd_decl_communes[i]].name, names);
	}
	kd_json_obj_end(j);
	kd_json_obj_end(j);
}

static const char *reason_text(const char *reason)
{
	static const struct { const char *code, *text; } texts[] = {
		{ "expired", "Mã QR đã hết hạn (quá 72 giờ). Công dân cần khai báo lại." },
		{ "bad_signature", "Mã QR giả hoặc bị sửa: không phải mã do hệ thống cấp." },
		{ "unknown", "Không tìm thấy tờ khai của mã này." },
		{ "revoked", "Tờ khai này đã bị thu hồi." },
	};
	size_t i;

	for (i = 0; reason != NULL && i < sizeof(texts) / sizeof(texts[0]); i++)
		if (strcmp(texts[i].code, reason) == 0)
			return texts[i].text;
	return "";
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

/* Comma-separated names of the ticked flags, "Không" when none. */
static int ticked(const struct verdict *v, const enum kd_decl_field *f,
    const char *const *names, size_t n, char *out, size_t outlen)
{
	size_t i, used = 0;
	int count = 0;

	out[0] = '\0';
	for (i = 0; i < n; i++) {
		int w;

		if (v->d.v[f[i]][0] != '1')
			continue;
		w = snprintf(out + used, outlen - used, "%s%s", count ? ", " : "", names[i]);
		if (w < 0 || (size_t)w >= outlen - used)
			break;
		used += (size_t)w;
		count++;
	}
	if (count == 0)
		snprintf(out, outlen, "Không");
	return count;
}

static void verdict_hdf(HDF *hdf, const struct verdict *v)
{
	static const enum kd_decl_field symptom_f[] = { KD_DF_FEVER, KD_DF_COUGH,
	    KD_DF_BREATH, KD_DF_SORE_THROAT, KD_DF_TASTE_SMELL };
	static const char *const symptom_n[] = { "Sốt", "Ho", "Khó thở",
	    "Đau họng", "Mất vị giác/khứu giác" };
	static const enum kd_decl_field exposure_f[] = { KD_DF_CONTACT_F0,
	    KD_DF_FROM_EPIDEMIC_ZONE };
	static const char *const exposure_n[] = { "Tiếp xúc với F0",
	    "Đến từ vùng dịch" };
	char buf[400], when[40];
	const char *reg = v->d.registry, *vehicle;

	kd_hdf_set(hdf, "Result.shown", "1");
	kd_hdf_set(hdf, "Result.valid", v->valid ? "1" : "0");
	if (v->reason != NULL) {
		kd_hdf_set(hdf, "Result.reason", v->reason);
		kd_hdf_set(hdf, "Result.reason_text", reason_text(v->reason));
	}
	if (v->expires > 0) {
		kd_time_vn(v->expires, when);
		kd_hdf_set(hdf, "Result.expires", when);
	}
	if (!v->shown)
		return;
	kd_hdf_set_int(hdf, "Decl.declaration_id", (long long)v->d.declaration_id);
	kd_hdf_set(hdf, "Decl.full_name", val(v, KD_DF_FULL_NAME));
	kd_hdf_set(hdf, "Decl.id_number", val(v, KD_DF_ID_NUMBER));
	date_vn(val(v, KD_DF_DOB), buf, sizeof(buf));
	kd_hdf_set(hdf, "Decl.dob", buf);
	kd_hdf_set(hdf, "Decl.gender", strcmp(v->d.v[KD_DF_GENDER], "F") == 0 ? "Nữ" : "Nam");
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
	if (ticked(v, symptom_f, symptom_n, 5, buf, sizeof(buf)) > 0)
		kd_hdf_set(hdf, "Decl.has_symptoms", "1");
	kd_hdf_set(hdf, "Decl.symptoms", buf);
	if (ticked(v, exposure_f, exposure_n, 2, buf, sizeof(buf)) > 0)
		kd_hdf_set(hdf, "Decl.has_exposure", "1");
	kd_hdf_set(hdf, "Decl.exposure", buf);
	kd_hdf_set(hdf, "Decl.vaccine_doses", v->d.v[KD_DF_VACCINE_DOSES]);
	kd_hdf_set(hdf, "Decl.source", strcmp(v->d.source, "paper") == 0 ?
	    "Tờ khai giấy" : "Khai báo trực tuyến");
	kd_hdf_set(hdf, "Decl.registry", reg);
	kd_hdf_set(hdf, "Decl.registry_text",
	    strcmp(reg, "matched") == 0 ? "Khớp CSDL dân cư" :
	    strcmp(reg, "mismatch") == 0 ?
	    "KHÔNG KHỚP CSDL dân cư: họ tên, ngày sinh hoặc giới tính khác" :
	    "KHÔNG CÓ trong CSDL dân cư");
	if (v->f_status[0] != '\0') {
		kd_hdf_set(hdf, "Decl.f_status", v->f_status);
		if (strcmp(v->f_status, "F0") == 0 || strcmp(v->f_status, "F1") == 0)
			kd_hdf_set(hdf, "Decl.f_alert", "1");
	}
}

/* GET fields: the code is checked by the token module, not by a pattern
 * here, so that any garbage a scanner types is answered bad_signature. */
enum { Q_CODE, Q_COUNT };
static const struct kd_field query_fields[Q_COUNT] = {
	[Q_CODE] = { "code", kd_v_text, 0, 0, 300, NULL },
};

enum { B_CODE, B_DIRECTION, B_COUNT };
static const char *const directions[] = { "in", "out", "visit", NULL };
static const struct kd_field body_fields[B_COUNT] = {
	[B_CODE] = { "code", kd_v_text, KD_REQUIRED, 0, 300, NULL },
	[B_DIRECTION] = { "direction", kd_v_choice, KD_REQUIRED, 0, 0, directions },
};

static int is_venue(const struct kd_req *r)
{
	return strcmp(r->session.role, "venue") == 0;
}

/* The kiosk frame: place, role, csrf. */
static HDF *kiosk_hdf(struct kd_req *r)
{
	HDF *hdf = kd_hdf_new(r);
	char name[256], kind[16];
	struct kd_col cols[2] = { KD_COL(name), KD_COL(kind) };
	struct kd_param p[1];

	if (hdf == NULL)
		return NULL;
	kd_hdf_set(hdf, "Kiosk.venue", is_venue(r) ? "1" : "0");
	if (r->session.place_id > 0) {
		kd_hdf_set_int(hdf, "Kiosk.place_id", r->session.place_id);
		p[0] = KD_INT(r->session.place_id);
		if (kd_db_row(ST_PLACE, p, 1, cols, 2) == 1)
			kd_hdf_set(hdf, "Kiosk.place_name", name);
	}
	return hdf;
}

static void kiosk_page(struct kd_req *r, int status, HDF *hdf)
{
	kd_reply_page(r, status, "verify.cs", hdf);
}

/* GET /verify[?code=] */
static void verify_get(struct kd_req *r)
{
	struct kd_values vals;
	struct verdict v;
	HDF *hdf;
	int rc;

	if (!r->session.valid && !r->session.unavailable && !r->want_json) {
		kd_reply_redirect(r, "/login");
		return;
	}
	if (kd_session_require(r, KD_ROLE_OFFICER | KD_ROLE_VENUE) != 0)
		return;
	rc = kd_fields(r, KD_FROM_QUERY, query_fields, Q_COUNT, &vals);
	if (rc < 0) {
		kd_reply_bad_key(r, vals.bad_key);
		return;
	}
	if (rc > 0 || (vals.v[Q_CODE] == NULL && r->want_json)) {
		if (vals.v[Q_CODE] == NULL) {
			vals.error[Q_CODE] = "Vui lòng nhập hoặc quét mã QR.";
			vals.nerrors = 1;
		}
		if (r->want_json) {
			kd_reply_error(r, KD_E_INVALID_FIELDS, query_fields, Q_COUNT, &vals);
			return;
		}
		hdf = kiosk_hdf(r);
		if (hdf != NULL)
			kd_hdf_set(hdf, "Kiosk.error", vals.error[Q_CODE]);
		kiosk_page(r, 400, hdf);
		return;
	}
	if (vals.v[Q_CODE] == NULL) {
		kiosk_page(r, 200, kiosk_hdf(r));
		return;
	}
	if (check_code(r, vals.v[Q_CODE], &v) != 0)
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
		kd_hdf_set(hdf, "Result.code", vals.v[Q_CODE]);
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

/* POST /verify */
static void verify_post(struct kd_req *r)
{
	struct kd_values vals;
	struct kd_passage ps;
	enum kd_err err;
	const char *dir;
	int rc;

	if (kd_session_require(r, KD_ROLE_OFFICER | KD_ROLE_VENUE) != 0)
		return;
	rc = kd_fields(r, KD_FROM_BODY, body_fields, B_COUNT, &vals);
	if (rc < 0) {
		kd_reply_bad_key(r, vals.bad_key);
		return;
	}
	dir = vals.v[B_DIRECTION];
	if (rc == 0 && (strcmp(dir, "visit") == 0) != is_venue(r)) {
		vals.error[B_DIRECTION] = is_venue(r) ?
		    "Điểm quét chỉ ghi nhận lượt đến (visit)." :
		    "Chốt kiểm soát chỉ ghi nhận chiều vào (in) hoặc ra (out).";
		vals.nerrors = 1;
		rc = 1;
	}
	if (rc > 0) {
		if (r->want_json)
			kd_reply_error(r, KD_E_INVALID_FIELDS, body_fields, B_COUNT, &vals);
		else
			confirm_html(r, 400, NULL, kd_err_message(KD_E_INVALID_FIELDS));
		return;
	}
	if (r->session.place_id <= 0) {
		confirm_error(r, KD_E_NO_PLACE);
		return;
	}
	if (kd_passage_confirm(r, vals.v[B_CODE], dir, &ps, &err) != 0) {
		confirm_error(r, err);
		return;
	}
	if (r->want_json) {
		struct kd_json j;

		kd_json_init(&j);
		kd_passage_json(&j, &ps);
		kd_reply_json(r, ps.created ? 201 : 200, &j);
		return;
	}
	{
		char flash[160];
		const char *what = strcmp(dir, "in") == 0 ? "VÀO" :
		    strcmp(dir, "out") == 0 ? "RA" : "LƯỢT ĐẾN";

		/* "at" is YYYY-MM-DDTHH:MM:SS.mmm+07:00: show the clock time. */
		snprintf(flash, sizeof(flash), "%s %s lúc %.8s.",
		    ps.created ? "Đã ghi nhận" : "Đã ghi nhận trước đó",
		    what, ps.at + 11);
		confirm_html(r, ps.created ? 201 : 200, flash, NULL);
	}
}

static const struct kd_route routes[] = {
	{ "GET", "/verify", verify_get },
	{ "POST", "/verify", verify_post },
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
	.nroutes = sizeof(routes) / sizeof(routes[0]),
};

int main(int argc, char **argv)
{
	return kd_serve(argc, argv, &program);
}
