/*
 * paper-entry - an officer types the paper declaration of someone without
 * a smartphone, at the checkpoint, and records the passage in the same go.
 *
 *   GET  /paper-entry                  the form (officers only); no query
 *                                      keys (400 naming the key).
 *   POST /paper-entry action=lookup    lookup (an ID number) and csrf: the
 *                                      population registry's row, to
 *                                      prefill name, birth date, gender and
 *                                      residence commune.  A POST, so that
 *                                      the number is never in a URL.  Only
 *                                      at a place (403 no_place), counted
 *                                      per account and hour (lib/quota.h:
 *                                      429 past the limit; the unit's
 *                                      administrators see heavy users;
 *                                      nginx limits it per session too).
 *                                      JSON 200 {"id_number", "full_name",
 *                                      "dob", "gender", "perm_commune",
 *                                      "perm_commune_name"}, 404 not_found,
 *                                      400 invalid_fields (lookup);
 *                                      HTML: the form prefilled.  Each
 *                                      look-up writes an audit row first
 *                                      (target: a keyed hash of the ID
 *                                      number, never the number), else 503.
 *   POST /paper-entry                  without action: the fields of
 *                                      lib/decl.h (phone optional here)
 *                                      plus direction (in/out) and csrf:
 *                                      the declaration (source "paper",
 *                                      entered_by = the officer) and the
 *                                      passage at the officer's place, one
 *                                      transaction.  JSON 201
 *                                      {"declaration_id", "passage_id",
 *                                      "registry", "token", "expires_at",
 *                                      "qr_png", "place_id", "at"}; the
 *                                      same client_ref again 200 with the
 *                                      same ids.  HTML: the printable slip
 *                                      with the QR code.  400
 *                                      invalid_fields / unknown_field, 403
 *                                      no_place, 409 conflict (client_ref
 *                                      of another ID number), 503.
 *   POST /paper-entry action=cccd      cccd_qr (the text of the QR on a
 *                                      chip ID card, lib/cccd.h) and csrf:
 *                                      JSON 200 {"id_number", "full_name",
 *                                      "dob", "gender", "perm_address",
 *                                      "registry", "perm_commune"} (name,
 *                                      birth date, gender and address from
 *                                      the card; the commune from the
 *                                      registry, null when the card holder
 *                                      is not in it); HTML: the form
 *                                      prefilled, a registry mismatch or
 *                                      absence as a warning.  400
 *                                      invalid_fields (cccd_qr) for a text
 *                                      that is not a card's QR.  Audited
 *                                      and counted like a look-up, only at
 *                                      a place, else 403 / 429 / 503.
 *   GET  /paper-entry/household        the family form (lib/household.h)
 *   POST /paper-entry/household        a family's paper forms: the shared
 *                                      fields, members m1_..m10_ and
 *                                      direction: every member's
 *                                      declaration, audit row and passage
 *                                      at the officer's place in one
 *                                      transaction (one bad member stores
 *                                      nothing: 400 naming "mN_<field>").
 *                                      JSON 201 {"household_id",
 *                                      "declarations": [{"declaration_id",
 *                                      "passage_id", "token", "expires_at"}]};
 *                                      HTML: the printable sheet, one QR
 *                                      per person.
 *   Any other action: 400 invalid_fields (action).  Every POST: 401/403
 *   session and CSRF (field csrf or header X-CSRF-Token).
 *
 * "Not in the registry" and "does not match the registry" are warnings
 * (amber), never a success: on the prefilled form and on the slip.  The
 * printed slip shows the ID number masked (lib/mask.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "audit.h"
#include "cccd.h"
#include "conf.h"
#include "db.h"
#include "decl.h"
#include "household.h"
#include "labels.h"
#include "mask.h"
#include "log.h"
#include "passage.h"
#include "quota.h"
#include "resp.h"
#include "serve.h"
#include "session.h"
#include "token.h"
#include "units.h"

enum { ST_CITIZEN, ST_COUNT };

static const char *const sql[ST_COUNT] = {
	[ST_CITIZEN] = "SELECT full_name, DATE_FORMAT(dob, '%Y-%m-%d'), gender,"
	    " perm_commune FROM citizens WHERE id_number = ?",
};

/* The declaration form's fields, then ours. */
enum { F_DIRECTION = KD_DF_FORM_COUNT, F_COUNT };
static const char *const directions[] = { "in", "out", NULL };
static const struct kd_field direction_field = {
	.name = "direction", .type = KD_T_CHOICE, .flags = KD_REQUIRED, .choices = directions
};
static struct kd_field fields[F_COUNT];       /* filled once in main */

/* The body of a look-up: POST action=lookup. */
enum { L_LOOKUP, L_COUNT };
static const struct kd_field lookup_fields[L_COUNT] = {
	[L_LOOKUP] = { .name = "lookup", .type = KD_T_ID_NUMBER, .flags = KD_REQUIRED },
};

/* The body of a card's QR: POST action=cccd. */
enum { C_CCCD_QR, C_COUNT };
static const struct kd_field cccd_fields[C_COUNT] = {
	[C_CCCD_QR] = { .name = "cccd_qr", .type = KD_T_TEXT, .flags = KD_REQUIRED,
	    .max = KD_CCCD_MAX_TEXT },
};
static const char msg_not_a_card[] =
    "Không đọc được mã QR trên CCCD (cần 7 trường cách nhau bởi dấu |).";

/* ------------------------------------------------------------ pages */

/* The place, and the camera's words for js/scanner.js. */
static void place_name(struct kd_req *r, HDF *hdf)
{
	if (r->session.place_id > 0)
		kd_hdf_set(hdf, "Place.name", r->session.place_name);
	kd_hdf_set(hdf, "Cam.starting", kd_label(kd_label_kiosk, "camera_starting"));
	kd_hdf_set(hdf, "Cam.ready", kd_label(kd_label_kiosk, "camera_ready"));
	kd_hdf_set(hdf, "Cam.failed", kd_label(kd_label_kiosk, "camera_failed"));
}

/* The family form: the members, under the place. */
static void family_hdf(struct kd_req *r, HDF *hdf)
{
	place_name(r, hdf);
	kd_household_form_hdf(r, hdf);
}

/* What the registry said of a prefilled person, as a warning. */
static void warn_not_found(struct kd_req *r, HDF *hdf)
{
	place_name(r, hdf);
	kd_hdf_set(hdf, "Form.warning",
	    "Số giấy tờ này KHÔNG CÓ trong CSDL dân cư. Hãy nhập theo giấy tờ của công dân"
	    " và kiểm tra kỹ: tờ khai sẽ mang cảnh báo này.");
}

static void warn_mismatch(struct kd_req *r, HDF *hdf)
{
	place_name(r, hdf);
	kd_hdf_set(hdf, "Form.warning",
	    "Thông tin trên CCCD KHÁC CSDL dân cư (họ tên, ngày sinh hoặc giới tính)."
	    " Hãy đối chiếu kỹ với giấy tờ.");
}

/* The form: the declaration's fields and direction, under the place; the
 * same with a registry warning above it. */
static const struct kd_decl_form form = {
	.template = "paper-entry.cs", .fields = fields, .nfields = F_COUNT,
	.extra = place_name,
};
static const struct kd_decl_form form_not_found = {
	.template = "paper-entry.cs", .fields = fields, .nfields = F_COUNT,
	.extra = warn_not_found,
};
static const struct kd_decl_form form_mismatch = {
	.template = "paper-entry.cs", .fields = fields, .nfields = F_COUNT,
	.extra = warn_mismatch,
};

/* A registry row. */
struct citizen {
	char name[404], dob[16], gender[4], commune[8];
};

/* The registry row of an ID number, counted per account (lib/quota.h)
 * and its audit row written first.  1 found, 0 none, -1 answered (429,
 * 503). */
static int read_citizen(struct kd_req *r, const char *id_number, struct citizen *c)
{
	char ref[KD_CITIZEN_REF_SIZE];
	struct kd_col cols[4] = { KD_COL(c->name), KD_COL(c->dob), KD_COL(c->gender),
	    KD_COL(c->commune) };
	struct kd_param p[1] = { KD_STR(id_number) };
	int rc = kd_quota_take(r, KD_QUOTA_REGISTRY);

	if (rc != 0) {
		kd_reply_error(r, rc > 0 ? KD_E_RATE_LIMITED : KD_E_UNAVAILABLE, NULL, 0, NULL);
		return -1;
	}
	/* No audit row, no look-up. */
	kd_citizen_ref(id_number, ref);
	if (kd_audit(r, "registry_lookup", "citizen", ref, NULL) != 0) {
		kd_log("paper-entry: audit insert failed, look-up refused");
		kd_reply_error(r, KD_E_UNAVAILABLE, NULL, 0, NULL);
		return -1;
	}
	rc = kd_db_row(ST_CITIZEN, p, 1, cols, 4);
	if (rc < 0)
		kd_reply_error(r, KD_E_UNAVAILABLE, NULL, 0, NULL);
	return rc;
}

/* The registry row of an ID number, audited. */
static void lookup(struct kd_req *r, const char *id_number)
{
	struct citizen ct;
	char *name = ct.name, *dob = ct.dob, *gender = ct.gender, *commune = ct.commune;
	char path[400];
	struct kd_values vals;
	int rc = read_citizen(r, id_number, &ct);

	if (rc < 0)
		return;
	if (r->want_json) {
		struct kd_json j;

		if (rc == 0) {
			kd_reply_error(r, KD_E_NOT_FOUND, NULL, 0, NULL);
			return;
		}
		kd_decl_unit_path(commune, path, sizeof(path));
		kd_json_init(&j);
		kd_json_obj(&j);
		kd_json_kstr(&j, "id_number", id_number);
		kd_json_kstr(&j, "full_name", name);
		kd_json_kstr(&j, "dob", dob);
		kd_json_kstr(&j, "gender", gender);
		kd_json_kstr(&j, "perm_commune", commune);
		kd_json_kstr(&j, "perm_commune_name", path[0] ? path : NULL);
		kd_json_obj_end(&j);
		kd_reply_json(r, 200, &j);
		return;
	}
	memset(&vals, 0, sizeof(vals));
	vals.v[KD_DF_ID_NUMBER] = id_number;
	if (rc == 0) {
		kd_decl_form_page(r, &form_not_found, 404, &vals, NULL, NULL);
		return;
	}
	vals.v[KD_DF_FULL_NAME] = name;
	vals.v[KD_DF_DOB] = dob;
	vals.v[KD_DF_GENDER] = gender;
	vals.v[KD_DF_PERM_COMMUNE] = commune;
	kd_decl_form_page(r, &form, 200, &vals, NULL,
	    "Đã điền họ tên, ngày sinh, giới tính và xã/phường thường trú theo CSDL dân cư. Hãy đối chiếu với giấy tờ.");
}

/* POST /paper-entry action=cccd with no text, or not a card's. */
static void cccd_invalid(struct kd_req *r)
{
	if (r->want_json)
		kd_reply_error(r, KD_E_INVALID_FIELDS, cccd_fields, C_COUNT, &r->vals);
	else
		kd_decl_form_page(r, &form, 400, NULL, r->vals.error[C_CCCD_QR], NULL);
}

/* {"id_number", "full_name", "dob", "gender", "perm_address", "registry",
 * "perm_commune"} */
static void cccd_json(struct kd_req *r, const struct kd_cccd *card,
    const char *registry, const char *commune)
{
	struct kd_json j;

	kd_json_init(&j);
	kd_json_obj(&j);
	kd_json_kstr(&j, "id_number", card->id_number);
	kd_json_kstr(&j, "full_name", card->full_name);
	kd_json_kstr(&j, "dob", card->dob);
	kd_json_kstr(&j, "gender", card->gender);
	kd_json_kstr(&j, "perm_address", card->perm_address);
	kd_json_kstr(&j, "registry", registry);
	kd_json_kstr(&j, "perm_commune", commune);
	kd_json_obj_end(&j);
	kd_reply_json(r, 200, &j);
}

/* POST /paper-entry action=cccd: the form prefilled from the card, the
 * commune from the registry. */
static void cccd_post(struct kd_req *r)
{
	struct kd_cccd card;
	struct citizen ct;
	struct kd_values vals;
	enum kd_registry reg = KD_REG_NOT_FOUND;
	int rc;

	if (kd_cccd_parse(r->vals.v[C_CCCD_QR], &card) != 0) {
		kd_field_fail(&r->vals, C_CCCD_QR, msg_not_a_card);
		cccd_invalid(r);
		return;
	}
	rc = read_citizen(r, card.id_number, &ct);
	if (rc < 0)
		return;
	if (rc == 1)
		reg = kd_decl_compare(ct.name, ct.dob, ct.gender, card.full_name, card.dob,
		    card.gender);
	if (r->want_json) {
		cccd_json(r, &card, kd_registry_name(reg), rc == 1 ? ct.commune : NULL);
		return;
	}
	memset(&vals, 0, sizeof(vals));
	vals.v[KD_DF_ID_NUMBER] = card.id_number;
	vals.v[KD_DF_FULL_NAME] = card.full_name;
	vals.v[KD_DF_DOB] = card.dob;
	vals.v[KD_DF_GENDER] = card.gender;
	vals.v[KD_DF_PERM_ADDRESS] = card.perm_address;
	vals.v[KD_DF_PERM_COMMUNE] = rc == 1 ? ct.commune : NULL;
	kd_decl_form_page(r, reg == KD_REG_MATCHED ? &form : reg == KD_REG_MISMATCH ?
	    &form_mismatch : &form_not_found, 200, &vals, NULL, reg == KD_REG_MATCHED ?
	    "Đã điền theo CCCD, khớp CSDL dân cư (xã/phường thường trú theo CSDL). Hãy điền tiếp."
	    : NULL);
}

/* POST /paper-entry action=lookup with no or a bad ID number. */
static void lookup_invalid(struct kd_req *r)
{
	if (r->want_json)
		kd_reply_error(r, KD_E_INVALID_FIELDS, lookup_fields, L_COUNT, &r->vals);
	else
		kd_decl_form_page(r, &form, 400, NULL, r->vals.error[L_LOOKUP], NULL);
}

/* POST /paper-entry action=lookup: lookup (an ID number). */
static void lookup_post(struct kd_req *r)
{
	lookup(r, r->vals.v[L_LOOKUP]);
}

/* GET /paper-entry: the empty form. */
static void form_page(struct kd_req *r)
{
	kd_decl_form_page(r, &form, 200, NULL, NULL, NULL);
}

/* "08:30 ngày 01/09/2021": when a passage was recorded. */
static void passage_when(const struct kd_passage *ps, char out[40])
{
	snprintf(out, 40, "%.5s ngày %.2s/%.2s/%.4s", ps->at + 11, ps->at + 8,
	    ps->at + 5, ps->at);
}

/* The printable slip: name, ID number, the QR code, expiry, the passage. */
static void show_slip(struct kd_req *r, int status, const struct kd_values *vals,
    const char *token, time_t expires, const struct kd_passage *ps,
    const char *registry)
{
	char when[40], masked[16];
	HDF *hdf = kd_hdf_new(r);

	if (hdf == NULL) {
		kd_reply_error(r, KD_E_SERVER, NULL, 0, NULL);
		return;
	}
	place_name(r, hdf);
	kd_hdf_set(hdf, "Slip.token", token);
	kd_hdf_set(hdf, "Slip.full_name", vals->v[KD_DF_FULL_NAME]);
	/* The slip travels with its holder: the number masked (the officer
	 * compares the card with the name and the birth date). */
	if (kd_mask_id_number(vals->v[KD_DF_ID_NUMBER], masked, sizeof(masked)) == 0)
		kd_hdf_set(hdf, "Slip.id_masked", masked);
	snprintf(when, sizeof(when), "%.2s/%.2s/%.4s", vals->v[KD_DF_DOB] + 8,
	    vals->v[KD_DF_DOB] + 5, vals->v[KD_DF_DOB]);
	kd_hdf_set(hdf, "Slip.dob", when);
	kd_time_vn(expires, when);
	kd_hdf_set(hdf, "Slip.expires", when);
	kd_hdf_set_int(hdf, "Slip.declaration_id", (long long)ps->declaration_id);
	kd_hdf_set_int(hdf, "Slip.passage_id", (long long)ps->passage_id);
	kd_hdf_set(hdf, "Slip.direction", strcmp(ps->direction, "in") == 0 ? "Vào" : "Ra");
	passage_when(ps, when);
	kd_hdf_set(hdf, "Slip.at", when);
	kd_hdf_set(hdf, "Slip.registry", registry);
	if (status == 200)
		kd_hdf_set(hdf, "Slip.replayed", "1");
	kd_reply_page(r, status, "paper-slip.cs", hdf);
}

/* The declaration, its audit row and the passage: all or nothing. */
struct paper {
	struct kd_req *r;
	enum kd_registry reg;
	enum kd_insert_result res;
	struct kd_decl_made made;
	struct kd_passage ps;
	enum kd_err err;
};

static int store_txn(void *arg)
{
	struct paper *pp = arg;
	struct kd_req *r = pp->r;
	struct kd_passage_in in = { .direction = r->vals.v[F_DIRECTION] };
	char target[24];

	pp->err = KD_E_UNAVAILABLE;
	pp->res = kd_decl_insert(&r->vals, "paper", r->session.uid, pp->reg,
	    time(NULL), &pp->made);
	if (pp->res == KD_DECL_REF_CONFLICT) {
		pp->err = KD_E_CONFLICT;
		return KD_TXN_REFUSED;
	}
	if (pp->res == KD_DECL_ERROR)
		return -1;
	snprintf(target, sizeof(target), "%llu", pp->made.declaration_id);
	/* A replay wrote its audit row the first time. */
	if (pp->res == KD_DECL_STORED &&
	    kd_audit(r, "paper_entry", "declaration", target, NULL) != 0)
		return -1;
	if (kd_passage_record(r, pp->made.declaration_id, &in, &pp->ps, &pp->err) != 0)
		return pp->err == KD_E_UNAVAILABLE ? -1 : KD_TXN_REFUSED;
	return KD_TXN_OK;
}

/* 201 (or 200 for a replay) with the ids and the code. */
static void submit_answer(struct kd_req *r, const struct paper *pp,
    const char *token)
{
	int status = pp->res == KD_DECL_STORED ? 201 : 200;
	struct kd_json j;
	char when[32];

	if (!r->want_json) {
		show_slip(r, status, &r->vals, token, pp->made.expires_at, &pp->ps,
		    kd_registry_name(pp->made.registry));
		return;
	}
	kd_time_iso(pp->made.expires_at, when);
	kd_json_init(&j);
	kd_json_obj(&j);
	kd_json_kint(&j, "declaration_id", (long long)pp->made.declaration_id);
	kd_json_kint(&j, "passage_id", (long long)pp->ps.passage_id);
	kd_json_kstr(&j, "registry", kd_registry_name(pp->made.registry));
	kd_json_kstr(&j, "token", token);
	kd_json_kstr(&j, "expires_at", when);
	kd_json_kstr(&j, "qr_png", kd_asprintf(&r->arena, "/qr/%s.png", token));
	kd_json_kint(&j, "place_id", pp->ps.place_id);
	kd_json_kstr(&j, "direction", pp->ps.direction);
	kd_json_kstr(&j, "at", pp->ps.at);
	kd_json_obj_end(&j);
	kd_reply_json(r, status, &j);
}

/* POST /paper-entry with bad fields: the form again. */
static void submit_invalid(struct kd_req *r)
{
	kd_decl_reply_invalid(r, &form);
}

/* POST /paper-entry without action: see the top of the file. */
static void submit(struct kd_req *r)
{
	struct paper pp = { .r = r };
	char token[KD_TOKEN_MAX];

	if (kd_decl_accept(r, &form, &pp.reg) != 0)
		return;
	switch (kd_db_txn(store_txn, &pp, KD_TXN_TRIES)) {
	case KD_TXN_OK:
		break;
	case KD_TXN_REFUSED:
		if (pp.err == KD_E_CONFLICT)
			kd_decl_reply_conflict(r, &form, &r->vals);
		else
			kd_reply_error(r, pp.err, NULL, 0, NULL);
		return;
	case KD_TXN_FAILED:
		kd_log("paper-entry: storing failed (%u)", kd_db_errno());
		kd_reply_error(r, KD_E_UNAVAILABLE, NULL, 0, NULL);
		return;
	}
	if (kd_token_sign(pp.made.declaration_id, pp.made.expires_at, token) != 0) {
		kd_log("paper-entry: signing failed for declaration %llu",
		    pp.made.declaration_id);
		kd_reply_error(r, KD_E_SERVER, NULL, 0, NULL);
		return;
	}
	submit_answer(r, &pp, token);
}

/* ---------------------------------------------------- a family */

/* The family's fields (lib/household.h), then direction. */
enum { FH_DIRECTION = KD_HH_COUNT, FH_COUNT };
static struct kd_field family_fields[FH_COUNT];       /* filled in main */

static const struct kd_decl_form family = {
	.template = "paper-household.cs", .fields = family_fields,
	.nfields = FH_COUNT, .extra = family_hdf, .title = kd_household_title,
};

/* GET /paper-entry/household */
static void family_form(struct kd_req *r)
{
	kd_decl_form_page(r, &family, 200, NULL, NULL, NULL);
}

/* POST /paper-entry/household with a fault: the form again. */
static void family_invalid(struct kd_req *r)
{
	kd_decl_reply_invalid(r, &family);
}

/* The family's paper entry: each member's audit row and passage, after
 * their declaration, in the household's transaction. */
struct paper_family {
	struct kd_req *r;
	struct kd_household h;
	struct kd_passage ps[KD_HH_MAX];
	enum kd_err err;
};

static int family_member(void *arg, struct kd_household *h, size_t k)
{
	struct paper_family *pf = arg;
	struct kd_passage_in in = { .direction = pf->r->vals.v[FH_DIRECTION] };
	char target[24];

	snprintf(target, sizeof(target), "%llu", h->made[k].declaration_id);
	if (kd_audit(pf->r, "paper_entry", "declaration", target, "household") != 0)
		return -1;
	if (kd_passage_record(pf->r, h->made[k].declaration_id, &in, &pf->ps[k],
	    &pf->err) != 0)
		return pf->err == KD_E_UNAVAILABLE ? -1 : KD_TXN_REFUSED;
	return 0;
}

static int family_txn(void *arg)
{
	struct paper_family *pf = arg;

	return kd_household_store(pf->r, &pf->h, "paper", pf->r->session.uid,
	    family_member, pf, &pf->err);
}

/* The sheet (templates/household-sheet.cs with Paper) or JSON. */
static void family_answer(struct kd_req *r, const struct paper_family *pf)
{
	struct kd_household_member members[KD_HH_MAX];
	char token[KD_TOKEN_MAX], when[32];
	struct kd_json j;
	size_t k, n = 0;
	HDF *hdf;

	if (r->want_json) {
		kd_json_init(&j);
		kd_json_obj(&j);
		kd_json_kint(&j, "household_id", (long long)pf->h.household_id);
		kd_json_key(&j, "declarations");
		kd_json_arr(&j);
		for (k = 0; k < pf->h.n; k++) {
			if (kd_token_sign(pf->h.made[k].declaration_id,
			    pf->h.made[k].expires_at, token) != 0)
				j.failed = 1;
			kd_time_iso(pf->h.made[k].expires_at, when);
			kd_json_obj(&j);
			kd_json_kint(&j, "declaration_id", (long long)pf->h.made[k].declaration_id);
			if (!pf->h.replayed)
				kd_json_kint(&j, "passage_id", (long long)pf->ps[k].passage_id);
			kd_json_kstr(&j, "token", token);
			kd_json_kstr(&j, "expires_at", when);
			kd_json_obj_end(&j);
		}
		kd_json_arr_end(&j);
		kd_json_obj_end(&j);
		kd_reply_json(r, pf->h.replayed ? 200 : 201, &j);
		return;
	}
	hdf = kd_hdf_new(r);
	if (hdf == NULL || kd_household_load(pf->h.household_id, members, &n) != 1 ||
	    kd_household_hdf(hdf, pf->h.household_id, members, n) != 0) {
		hdf_destroy(&hdf);
		kd_reply_error(r, KD_E_UNAVAILABLE, NULL, 0, NULL);
		return;
	}
	kd_hdf_set(hdf, "Paper", "1");
	place_name(r, hdf);
	for (k = 0; k < n && !pf->h.replayed; k++) {
		char name[48], at[40];

		snprintf(name, sizeof(name), "Members.%zu.direction", k);
		kd_hdf_set(hdf, name, strcmp(pf->ps[k].direction, "in") == 0 ? "vào" : "ra");
		passage_when(&pf->ps[k], at);
		snprintf(name, sizeof(name), "Members.%zu.at", k);
		kd_hdf_set(hdf, name, at);
	}
	kd_reply_page(r, pf->h.replayed ? 200 : 201, "household-sheet.cs", hdf);
}

/* POST /paper-entry/household: see the top of the file. */
static void family_submit(struct kd_req *r)
{
	struct paper_family *pf = kd_alloc(&r->arena, sizeof(*pf));

	if (pf == NULL || kd_household_split(r, &pf->h) != 0) {
		kd_reply_error(r, pf == NULL ? KD_E_SERVER : KD_E_UNAVAILABLE, NULL, 0, NULL);
		return;
	}
	pf->r = r;
	switch (kd_db_txn(family_txn, pf, KD_TXN_TRIES)) {
	case KD_TXN_OK:
		family_answer(r, pf);
		return;
	case KD_TXN_REFUSED:
		if (pf->err == KD_E_CONFLICT)
			kd_decl_reply_conflict(r, &family, &r->vals);
		else
			kd_reply_error(r, pf->err, NULL, 0, NULL);
		return;
	case KD_TXN_FAILED:
		break;
	}
	kd_log("paper-entry: storing a household failed (%u)", kd_db_errno());
	kd_reply_error(r, KD_E_UNAVAILABLE, NULL, 0, NULL);
}

static const struct kd_route routes[] = {
	{ .method = "GET", .path = "/paper-entry", .roles = KD_ROLE_OFFICER,
	    .handler = form_page },
	{ .method = "POST", .path = "/paper-entry", .action = "lookup",
	    .roles = KD_ROLE_OFFICER, .flags = KD_RT_PLACE, .fields = lookup_fields,
	    .nfields = L_COUNT, .handler = lookup_post, .invalid = lookup_invalid },
	{ .method = "POST", .path = "/paper-entry", .action = "cccd",
	    .roles = KD_ROLE_OFFICER, .flags = KD_RT_PLACE, .fields = cccd_fields,
	    .nfields = C_COUNT, .handler = cccd_post, .invalid = cccd_invalid },
	{ .method = "POST", .path = "/paper-entry", .roles = KD_ROLE_OFFICER,
	    .flags = KD_RT_PLACE, .fields = fields, .nfields = F_COUNT,
	    .handler = submit, .invalid = submit_invalid, .settle = kd_decl_settle },
	{ .method = "GET", .path = "/paper-entry/household", .roles = KD_ROLE_OFFICER,
	    .handler = family_form },
	{ .method = "POST", .path = "/paper-entry/household", .roles = KD_ROLE_OFFICER,
	    .flags = KD_RT_PLACE, .fields = family_fields, .nfields = FH_COUNT,
	    .handler = family_submit, .invalid = family_invalid,
	    .settle = kd_household_settle },
};

static const struct kd_program program = {
	.name = "paper-entry",
	.sql = sql,
	.nsql = ST_COUNT,
	.need_db = 1,
	.need_units = 1,
	.need_keys = KD_KEYS_SIGN,
	.max_body = 64 * 1024,
	.routes = routes,
	.nroutes = sizeof(routes) / sizeof(routes[0]),
};

int main(int argc, char **argv)
{
	kd_decl_fields_with(fields, &direction_field, 1);
	/* Someone without a smartphone may have no phone at all. */
	fields[KD_DF_PHONE].flags &= ~(unsigned)KD_REQUIRED;
	kd_household_init();
	memcpy(family_fields, kd_household_fields, sizeof(kd_household_fields));
	family_fields[FH_DIRECTION] = direction_field;
	family_fields[KD_DF_PHONE].flags &= ~(unsigned)KD_REQUIRED;
	return kd_serve(argc, argv, &program);
}
