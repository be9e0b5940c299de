/*
 * verify - the checkpoint kiosk: scan or type a QR code (or the chip ID
 * card's), see the verdict about the person, confirm the passage
 * (officers: in/out; venue staff: a visit), online or offline.
 *
 *   GET  /verify             the kiosk page (HTML; needs a session)
 *   GET  /verify?code=CODE   the verification: JSON {"valid", "reason",
 *                            "expires_at", "declaration", "registry",
 *                            "f_status", "registered_doses", "decision",
 *                            "reasons", "labels"} (registered_doses: the
 *                            doses of the vaccination data, beside the
 *                            declared vaccine_doses; always 200 once answered), or the kiosk page
 *                            with the result and the confirm form.  CODE
 *                            may be a pasted /qr/ link or have spaces
 *                            (KD_T_QR_CODE); what cannot be a code at all
 *                            is 400 invalid_fields naming code ("không
 *                            đọc được mã"), never bad_signature.  Order:
 *                            signature (no database for a forged code),
 *                            expiry, the declaration (unknown, revoked,
 *                            its expiry as the database holds it) with
 *                            the registry flag and newest F status in one
 *                            grouped read, then the verdict
 *                            (lib/decision.h) from what was read.  A read
 *                            of a declaration writes its audit record
 *                            first (a synced journal line, in audit_log
 *                            within a second); when it cannot, 503 and no
 *                            data.  What is shown depends on who asks
 *                            (issue 18): a venue gets the decision, the
 *                            code's reasons and the masked name only
 *                            ("limited": true); for a declaration the
 *                            registry does not confirm ("mismatch",
 *                            "not_found") nobody gets the F status of the
 *                            ID number it names ("f_status_hidden": true,
 *                            the verdict shown is the one without it, and
 *                            the officer is told to check the card and
 *                            look the number up).
 *   POST /verify             code, direction (officer: in/out; venue:
 *                            visit), optional device_ref (1-64 of
 *                            A-Za-z0-9_-) and scanned_at (an offline scan:
 *                            not in the future, not older than 72 h, else
 *                            400 naming scanned_at) -> 201 {"passage_id",
 *                            "place_id", "at", ...}, recorded at scanned_at;
 *                            the same code, place and direction within 5
 *                            minutes, or the same device_ref again -> 200
 *                            with the first passage (lib/passage.h).  400
 *                            bad_signature / invalid_fields, 409 expired /
 *                            unknown / revoked / conflict (a device_ref of
 *                            another code), 403 no_place, 503.  Instead of
 *                            code, declaration_id: a person this account
 *                            looked up by ID number in the last 10
 *                            minutes (403 forbidden otherwise).
 *   POST /verify action=lookup   officer: id_number -> the answer of GET
 *                            /verify for that person's newest valid
 *                            declaration (F status shown: the number is
 *                            the card's); 404 not_found when there is
 *                            none.  Counted per account and hour
 *                            (lib/quota.h: 429 past the limit, the
 *                            unit's administrators see heavy users).
 *                            Audited first (lookup, the citizen's keyed
 *                            reference, the declaration found), else 503.
 *                            A POST: the ID number is never in a URL.
 *   POST /verify action=depot_check   code of a green-lane vehicle pass,
 *                            by an officer at a depot: verify-zones.c.
 *   POST /verify action=undo     passage_id: the account's own passage,
 *                            within 2 minutes of its recording, is kept as
 *                            cancelled (audited) -> 200 {..., "cancelled_at"};
 *                            403 not_your_passage, 409 undo_too_late, 404.
 *   GET  /verify/revoked?since=  {"until", "revoked": [declaration_id, ...]}:
 *                            revoked after since (at most the last 72 h:
 *                            older codes have expired anyway), for offline
 *                            kiosks.  A browser is sent to /verify.
 *   GET  /verify/today       the place's day: {"date", "place_id", "counts":
 *                            {"in", "out", "visit"}, "last": [{"passage_id",
 *                            "at", "direction", "name" (masked),
 *                            "cancelled", "undo"}], "undo_seconds"}.  A
 *                            browser is sent to /verify, which shows it.
 *
 * Roles: officer and venue (lookup: officers).  The place is the
 * session's (from LDAP at login), never the form's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "audit.h"
#include "conf.h"
#include "db.h"
#include "field.h"
#include "mask.h"
#include "log.h"
#include "quota.h"
#include "serve.h"
#include "session.h"
#include "sql.h"
#include "verify.h"

enum {
	ST_DECL_1, ST_DECL_2, ST_DECL_4, ST_DECL_8, ST_DECL_16,
	ST_NEWEST, ST_REVOKED, ST_TODAY_COUNTS, ST_TODAY_LAST, ST_COUNT
};

/* The declaration (the columns of lib/decl.c's KD_SQL_DECL_LOAD, read by
 * kd_decl_load_grouped) with the citizen's newest F status, registered
 * vaccine doses, travel permits valid now (by key, lib/zones.h) and, for
 * a green-lane pass, the vehicle (lib/vehicle.h) after them, for a group
 * of ids (lib/group.h): under load one statement answers the look-ups of
 * many threads.  The newest status and the doses are kept in f_current
 * and vaccination_people by triggers (schema/004, 009): primary-key joins
 * cost far less than finding the newest f_status row, or counting doses,
 * per look-up.  Everything the verdict needs is in this one read. */
#define DECL_SELECT "SELECT " KD_SQL_DECL_COLUMNS("d.") ", c.status, COALESCE(vp.doses, 0), "\
	KD_SQL_PERMITS_NOW("d.id_number") ", " KD_SQL_VEHICLE_COLUMNS\
	" FROM declarations d LEFT JOIN f_current c ON c.id_number = d.id_number"\
	" LEFT JOIN vaccination_people vp ON vp.id_number = d.id_number"\
	KD_SQL_VEHICLE_JOINS("d.declaration_id") " WHERE d.declaration_id IN "
#define IDS_2 "?, ?"
#define IDS_4 IDS_2 ", " IDS_2
#define IDS_8 IDS_4 ", " IDS_4

static const char *const sql[ST_COUNT] = {
	[ST_DECL_1] = DECL_SELECT "(?)",
	[ST_DECL_2] = DECL_SELECT "(" IDS_2 ")",
	[ST_DECL_4] = DECL_SELECT "(" IDS_4 ")",
	[ST_DECL_8] = DECL_SELECT "(" IDS_8 ")",
	[ST_DECL_16] = DECL_SELECT "(" IDS_8 ", " IDS_8 ")",
	/* A person's newest valid declaration (index k_id_number). */
	[ST_NEWEST] = "SELECT declaration_id FROM declarations WHERE id_number = ?"
	    " AND revoked_at IS NULL AND expires_at > NOW()"
	    " ORDER BY created_at DESC, declaration_id DESC LIMIT 1",
	[ST_REVOKED] = "SELECT declaration_id FROM declarations"
	    " WHERE revoked_at > ? ORDER BY revoked_at, declaration_id",
	[ST_TODAY_COUNTS] = "SELECT direction, COUNT(*) FROM passages"
	    " WHERE place_id = ? AND at >= ? AND at < ? + INTERVAL 1 DAY"
	    " AND cancelled_at IS NULL GROUP BY direction",
	[ST_TODAY_LAST] = "SELECT p.passage_id, p.at, p.direction, d.full_name,"
	    " p.cancelled_at IS NOT NULL, p.officer = ? AND p.cancelled_at IS NULL"
	    " AND p.recorded_at > NOW(3) - INTERVAL 2 MINUTE"
	    " FROM passages p JOIN declarations d ON d.declaration_id = p.declaration_id"
	    " WHERE p.place_id = ? AND p.at >= ? ORDER BY p.at DESC, p.passage_id DESC"
	    " LIMIT 8",
};
_Static_assert(TODAY_LAST == 8, "ST_TODAY_LAST's LIMIT");

static const struct kd_group decl_group = {
	.stmt = { ST_DECL_1, ST_DECL_2, ST_DECL_4, ST_DECL_8, ST_DECL_16 },
	.key_col = KD_DECL_ID_COL,
};

/* ------------------------------------------------------------ look-ups */

/* Loads declaration id with the F status, the registered doses, the
 * permits and the vehicle.  1 found, 0 none, -1 error. */
static int load_decl(unsigned long long id, struct verdict *v)
{
	struct kd_col extra[3 + KD_VEHICLE_NCOLS] = { KD_COL(v->f_status),
	    KD_COL(v->doses), KD_COL(v->permits) };

	kd_vehicle_cols(&v->vehicle, extra + 3);
	return kd_decl_load_grouped(&decl_group, id, &v->d, extra, 3 + KD_VEHICLE_NCOLS);
}

static void verdict_clear(struct verdict *v)
{
	v->valid = v->shown = v->looked_up = v->limited = v->f_hidden = 0;
	v->reason = NULL;
	v->expires = 0;
	v->f_status[0] = v->doses[0] = v->masked_name[0] = v->permits[0] = '\0';
	v->vehicle.pass_id[0] = '\0';
	memset(&v->zone, 0, sizeof(v->zone));
	kd_decl_clear(&v->d);
}

/* 1 when the declaration's flag named code (a field name) is ticked. */
static int flag_ticked(const struct verdict *v, const char *code)
{
	size_t f;

	for (f = 0; f < KD_DF_COUNT; f++)
		if (strcmp(kd_decl_fields[f].name, code) == 0)
			return v->d.v[f][0] == '1';
	return 0;
}

static int any_ticked(const struct verdict *v, const struct kd_label *table)
{
	for (; table->code != NULL; table++)
		if (flag_ticked(v, table->code))
			return 1;
	return 0;
}

/* The facts of the verdict: the code's reason, or the person's facts
 * (with or without the F status of the ID number), with the zones of the
 * journey and the place, and a vehicle's (verify-zones.c). */
static void facts_of(struct kd_req *r, struct verdict *v, int with_f_status,
    struct kd_facts *facts)
{
	memset(facts, 0, sizeof(*facts));
	facts->code_reason = v->reason;
	if (!v->shown)
		return;
	facts->f_status = with_f_status && v->f_status[0] ? v->f_status : NULL;
	facts->registry = v->d.registry;
	facts->symptoms = any_ticked(v, kd_label_symptoms);
	facts->exposure = any_ticked(v, kd_label_exposure);
	zone_facts(r, v, facts);
}

/* What the account may see of the verdict (verify.h): decided after it,
 * from the role and from whether the registry confirms the identity. */
static void limit_showing(struct kd_req *r, struct verdict *v)
{
	struct kd_facts facts;
	struct kd_verdict *shown = &v->shown_decision;
	size_t i, n = 0;

	v->limited = r->session.role_bit == KD_ROLE_VENUE;
	v->f_hidden = v->shown && !v->looked_up && strcmp(v->d.registry, "matched") != 0;
	*shown = v->decision;
	if (v->f_hidden) {
		facts_of(r, v, 0, &facts);
		kd_decide(&facts, shown);
	}
	if (!v->limited)
		return;
	/* A venue reads why a code is refused, never a fact of the person. */
	for (i = 0; i < shown->nreasons; i++)
		if (shown->reasons[i]->from == KD_FACT_CODE)
			shown->reasons[n++] = shown->reasons[i];
	shown->nreasons = n;
	if (v->shown && kd_mask_name(v->d.v[KD_DF_FULL_NAME], v->masked_name,
	    sizeof(v->masked_name)) != 0)
		v->masked_name[0] = '\0';
}

/* The verdict about the person from what the look-up read (no more
 * database work), then what of it this account sees. */
static void decide(struct kd_req *r, struct verdict *v)
{
	struct kd_facts facts;

	facts_of(r, v, 1, &facts);
	kd_decide(&facts, &v->decision);
	limit_showing(r, v);
}

/* Declaration id loaded, audited, judged.  0 = v filled; -1 = answered
 * (503: the database or the audit log failed, so no data is shown). */
static int check_declaration(struct kd_req *r, unsigned long long id,
    struct verdict *v)
{
	char target[24];
	int rc = load_decl(id, v);

	if (rc < 0) {
		kd_reply_error(r, KD_E_UNAVAILABLE, NULL, 0, NULL);
		return -1;
	}
	if (rc == 0) {
		v->reason = "unknown";
		decide(r, v);
		return 0;
	}
	/* The expiry the database holds counts too (issue 18): a code whose
	 * declaration has ended is shown as expired, and nothing of it. */
	if (v->d.expires_at <= time(NULL)) {
		v->reason = "expired";
		v->expires = v->d.expires_at;
		decide(r, v);
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
	v->reason = v->d.revoked_at != 0 ? "revoked" : NULL;
	v->valid = v->shown = v->d.revoked_at == 0;
	decide(r, v);
	return 0;
}

/* Signature, expiry, then the declaration.  0 / -1 as above. */
static int check_code(struct kd_req *r, const char *code, struct verdict *v)
{
	enum kd_token_status st;
	unsigned long long id = 0;

	verdict_clear(v);
	st = kd_token_verify(code, time(NULL), &id, &v->expires);
	if (st != KD_TOKEN_OK) {
		/* A forged code costs no database look-up at all. */
		v->reason = kd_token_reason(st);
		if (st != KD_TOKEN_EXPIRED)
			v->expires = 0;
		decide(r, v);
		return 0;
	}
	return check_declaration(r, id, v);
}

/* -------------------------------------------------------------- words */

const char *ticked(const struct verdict *v, const struct kd_label *table,
    char *out, size_t outlen)
{
	size_t used = 0;
	int w;

	out[0] = '\0';
	for (; table->code != NULL; table++) {
		if (!flag_ticked(v, table->code))
			continue;
		w = snprintf(out + used, outlen - used, "%s%s", used ? ", " : "",
		    table->text);
		if (w < 0 || (size_t)w >= outlen - used)
			break;
		used += (size_t)w;
	}
	return used > 0 ? out : NULL;
}

const char *reason_words(const struct verdict *v, size_t i, char *out, size_t outlen)
{
	const struct kd_decision_rule *rule = v->shown_decision.reasons[i];
	const struct kd_label *what = rule->from == KD_FACT_SYMPTOMS ? kd_label_symptoms :
	    rule->from == KD_FACT_EXPOSURE ? kd_label_exposure : NULL;
	char list[300];

	if (rule->from == KD_FACT_REGISTRY && v->f_hidden) {
		snprintf(out, outlen, "%s – ĐỐI CHIẾU CCCD", rule->words);
		return out;
	}
	if (zone_reason_words(v, rule, out, outlen) != NULL)
		return out;
	if (what == NULL || ticked(v, what, list, sizeof(list)) == NULL)
		return rule->words;
	snprintf(out, outlen, "%s: %s", rule->words, list);
	return out;
}

/* --------------------------------------------------------------- JSON */

static const char *val(const struct verdict *v, enum kd_decl_field f)
{
	return v->d.v[f][0] != '\0' ? v->d.v[f] : NULL;
}

/* The F status as the officer reads it: hidden for an identity the
 * registry does not confirm. */
const char *f_status_words(const struct verdict *v)
{
	if (v->f_hidden)
		return kd_label(kd_label_kiosk, "identity_check");
	return v->f_status[0] ? kd_label(kd_label_f_status, v->f_status) :
	    kd_label_not_recorded;
}

/* The declaration as this account may read it: whole, or (a venue) its
 * id and the masked name. */
static void declaration_json(struct kd_json *j, const struct verdict *v)
{
	if (!v->shown) {
		kd_json_null(j);
		return;
	}
	if (!v->limited) {
		kd_decl_json(j, &v->d);
		return;
	}
	kd_json_obj(j);
	kd_json_kint(j, "declaration_id", (long long)v->d.declaration_id);
	kd_json_kstr(j, "full_name", v->masked_name);
	kd_json_obj_end(j);
}

/* "labels": the words of this answer, from lib/labels.c and
 * lib/decision.c, and the names of its communes and vehicle (the kiosk
 * shows names, not codes). */
static void labels_json(struct kd_json *j, const struct verdict *v)
{
	char names[400];
	size_t i;

	kd_json_key(j, "labels");
	kd_json_obj(j);
	kd_json_kstr(j, "verdict", kd_label(kd_label_verdicts, v->valid ? "valid" : "invalid"));
	kd_json_kstr(j, "reason", kd_label(kd_label_reasons, v->reason));
	kd_json_kstr(j, "decision", kd_decision_words(v->shown_decision.decision));
	kd_json_key(j, "reasons");
	kd_json_arr(j);
	for (i = 0; i < v->shown_decision.nreasons; i++)
		kd_json_str(j, reason_words(v, i, names, sizeof(names)));
	kd_json_arr_end(j);
	if (v->shown && !v->limited) {
		kd_json_kstr(j, "registry", kd_label(kd_label_registry, v->d.registry));
		kd_json_kstr(j, "gender", kd_label(kd_label_genders, v->d.v[KD_DF_GENDER]));
		kd_json_kstr(j, "source", kd_label(kd_label_sources, v->d.source));
		kd_json_kstr(j, "f_status", f_status_words(v));
		kd_json_kstr(j, "symptoms", ticked(v, kd_label_symptoms, names, sizeof(names)));
		kd_json_kstr(j, "exposure", ticked(v, kd_label_exposure, names, sizeof(names)));
		kd_json_kstr(j, "none", kd_label_none);
		if (kd_decl_vehicle_name(v->d.v[KD_DF_VEHICLE]) != NULL)
			kd_json_kstr(j, "vehicle", kd_decl_vehicle_name(v->d.v[KD_DF_VEHICLE]));
		zone_labels_json(j, v);
		for (i = 0; i < KD_DECL_NCOMMUNES; i++) {
			const char *code = val(v, kd_decl_communes[i]);

			if (code == NULL)
				continue;
			kd_decl_unit_path(code, names, sizeof(names));
			kd_json_kstr(j, kd_decl_fields[kd_decl_communes[i]].name,
			    names[0] ? names : code);
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
 * "f_status", "zone", "permit"}, plus "registered_doses", "decision",
 * "reasons", "labels" (labels_json), "vehicle" (a green-lane pass), and
 * "limited" (a venue's answer: the decision and the masked name) or
 * "f_status_hidden" (an identity the registry does not confirm) when so.
 * A look-up by ID number is confirmed with its declaration_id. */
static void verdict_json(struct kd_json *j, const struct verdict *v)
{
	char iso[32];
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
	declaration_json(j, v);
	kd_json_kstr(j, "registry", v->shown && !v->limited ? v->d.registry : NULL);
	kd_json_kstr(j, "f_status", v->shown && !v->limited && !v->f_hidden &&
	    v->f_status[0] ? v->f_status : NULL);
	kd_json_key(j, "registered_doses");
	if (v->shown && !v->limited)
		kd_json_int(j, strtol(v->doses, NULL, 10));
	else
		kd_json_null(j);
	if (v->limited)
		kd_json_kbool(j, "limited", 1);
	if (v->f_hidden)
		kd_json_kbool(j, "f_status_hidden", 1);
	kd_json_kstr(j, "decision", kd_decision_name(v->shown_decision.decision));
	kd_json_key(j, "reasons");
	kd_json_arr(j);
	for (i = 0; i < v->shown_decision.nreasons; i++)
		kd_json_str(j, v->shown_decision.reasons[i]->reason);
	kd_json_arr_end(j);
	zone_json(j, v);
	labels_json(j, v);
	kd_json_obj_end(j);
}

/* The verdict as JSON or as the kiosk page. */
static void verdict_answer(struct kd_req *r, int status, const struct verdict *v,
    const char *code)
{
	struct kd_json j;
	HDF *hdf;

	if (r->want_json) {
		kd_json_init(&j);
		verdict_json(&j, v);
		kd_reply_json(r, status, &j);
		return;
	}
	hdf = kiosk_hdf(r);
	if (hdf != NULL) {
		verdict_hdf(hdf, v);
		/* A code confirms with the code; a look-up by ID number with
		 * its declaration (POST /verify declaration_id). */
		if (code != NULL)
			kd_hdf_set(hdf, "Result.code", code);
		else if (v->shown)
			kd_hdf_set_int(hdf, "Result.declaration_id",
			    (long long)v->d.declaration_id);
	}
	kiosk_page(r, status, hdf);
}

/* ----------------------------------------------------- GET /verify */

/* GET fields: a code as scanned, typed or pasted (lib/field.h). */
enum { Q_CODE, Q_COUNT };
static const struct kd_field query_fields[Q_COUNT] = {
	[Q_CODE] = { .name = "code", .type = KD_T_QR_CODE },
};

/* GET /verify with a code that cannot be one. */
static void verify_get_invalid(struct kd_req *r)
{
	if (r->want_json)
		kd_reply_error(r, KD_E_INVALID_FIELDS, query_fields, Q_COUNT, &r->vals);
	else
		kiosk_message(r, 400, NULL, r->vals.error[Q_CODE]);
}

/* GET /verify[?code=] */
static void verify_get(struct kd_req *r)
{
	const char *code = r->vals.v[Q_CODE];
	struct verdict v;

	if (code == NULL && r->want_json) {
		kd_field_fail(&r->vals, Q_CODE, "Vui lòng nhập hoặc quét mã QR.");
		verify_get_invalid(r);
		return;
	}
	if (code == NULL) {
		kiosk_page(r, 200, kiosk_hdf(r));
		return;
	}
	if (check_code(r, code, &v) == 0)
		verdict_answer(r, 200, &v, code);
}

/* ---------------------------------------------------- POST /verify */

static const char *scanned_at_check(const struct kd_values *vals, size_t i,
    const struct kd_field *f)
{
	(void)f;
	return kd_passage_when(vals->t[i], time(NULL));
}

/* code, or declaration_id for a person looked up by ID number (the
 * look-up gives no code: this program cannot sign one). */
enum { B_CODE, B_DIRECTION, B_DEVICE_REF, B_SCANNED_AT, B_DECLARATION_ID, B_COUNT };
static const char *const directions[] = { "in", "out", "visit", NULL };
static const struct kd_field body_fields[B_COUNT] = {
	[B_CODE] = { .name = "code", .type = KD_T_QR_CODE },
	[B_DECLARATION_ID] = { .name = "declaration_id", .type = KD_T_ID },
	[B_DIRECTION] = { .name = "direction", .type = KD_T_CHOICE, .flags = KD_REQUIRED,
	    .choices = directions },
	[B_DEVICE_REF] = { .name = "device_ref", .type = KD_T_TOKEN, .min = 1,
	    .max = KD_DEVICE_REF_MAX },
	[B_SCANNED_AT] = { .name = "scanned_at", .type = KD_T_DATETIME,
	    .check = scanned_at_check },
};

static int is_venue(const struct kd_req *r)
{
	return r->session.role_bit == KD_ROLE_VENUE;
}

static void confirm_error(struct kd_req *r, enum kd_err e)
{
	if (r->want_json)
		kd_reply_error(r, e, NULL, 0, NULL);
	else
		kiosk_message(r, kd_err_status(e), NULL, kd_err_message(e));
}

/* POST /verify with bad fields. */
static void verify_post_invalid(struct kd_req *r)
{
	if (r->want_json)
		kd_reply_error(r, KD_E_INVALID_FIELDS, body_fields, B_COUNT, &r->vals);
	else
		kiosk_message(r, 400, NULL, kd_err_message(KD_E_INVALID_FIELDS));
}

/* {"passage_id", ..., "labels": {"direction", "result"}} */
static void passage_answer(struct kd_req *r, int status, const struct kd_passage *ps,
    const char *result)
{
	const char *what = kd_label(kd_label_directions, ps->direction);
	struct kd_json j;
	char flash[160];

	if (!r->want_json) {
		/* "at" is YYYY-MM-DDTHH:MM:SS.mmm+07:00: show the clock time. */
		snprintf(flash, sizeof(flash), "%s %s lúc %.8s.", result, what, ps->at + 11);
		kiosk_message(r, status, flash, NULL);
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
	kd_reply_json(r, status, &j);
}

/* POST /verify: code (or declaration_id after a look-up), direction
 * (officers in/out, venues visit), and for an offline confirmation
 * device_ref and scanned_at. */
static void verify_post(struct kd_req *r)
{
	const char *code = r->vals.v[B_CODE];
	unsigned long long looked_up = (unsigned long long)r->vals.n[B_DECLARATION_ID];
	struct kd_passage_in in = {
		.direction = r->vals.v[B_DIRECTION],
		.device_ref = r->vals.v[B_DEVICE_REF],
		.scanned_at = r->vals.v[B_SCANNED_AT] != NULL ? r->vals.t[B_SCANNED_AT] : 0,
	};
	struct kd_passage ps = { 0 };
	enum kd_err err;

	if ((code == NULL) == (looked_up == 0)) {
		kd_field_fail(&r->vals, B_CODE, "Vui lòng nhập hoặc quét mã QR.");
		verify_post_invalid(r);
		return;
	}
	if ((strcmp(in.direction, "visit") == 0) != is_venue(r)) {
		kd_field_fail(&r->vals, B_DIRECTION, is_venue(r) ?
		    "Điểm quét chỉ ghi nhận lượt đến (visit)." :
		    "Chốt kiểm soát chỉ ghi nhận chiều vào (in) hoặc ra (out).");
		verify_post_invalid(r);
		return;
	}
	if ((code != NULL ? kd_passage_confirm(r, code, &in, &ps, &err) :
	    kd_passage_confirm_looked_up(r, looked_up, &in, &ps, &err)) != 0) {
		confirm_error(r, err);
		return;
	}
	passage_answer(r, ps.created ? 201 : 200, &ps,
	    kd_label(kd_label_kiosk, ps.created ? "recorded" : "recorded_before"));
}

/* ------------------------------------------- POST /verify action=lookup */

enum { L_ID_NUMBER, L_COUNT };
static const struct kd_field lookup_fields[L_COUNT] = {
	[L_ID_NUMBER] = { .name = "id_number", .type = KD_T_ID_NUMBER, .flags = KD_REQUIRED },
};

static void lookup_invalid(struct kd_req *r)
{
	if (r->want_json)
		kd_reply_error(r, KD_E_INVALID_FIELDS, lookup_fields, L_COUNT, &r->vals);
	else
		kiosk_message(r, 400, NULL, r->vals.error[L_ID_NUMBER]);
}

/* The id of id_number's newest valid declaration, written into the audit
 * row of the look-up first.  1 found, 0 none, -1 answered (503). */
static int newest_audited(struct kd_req *r, const char *id_number,
    unsigned long long *id)
{
	char decl[24] = "", ref[KD_CITIZEN_REF_SIZE];
	struct kd_col c[1] = { KD_COL(decl) };
	struct kd_param p[1] = { KD_STR(id_number) };
	int rc = kd_db_row(ST_NEWEST, p, 1, c, 1);

	/* No audit row, no answer: not even "there is none". */
	kd_citizen_ref(id_number, ref);
	if (rc < 0 || kd_audit(r, "lookup", "citizen", ref, rc == 1 ? decl : "none") != 0) {
		kd_log("verify: look-up refused (database or audit)");
		kd_reply_error(r, KD_E_UNAVAILABLE, NULL, 0, NULL);
		return -1;
	}
	*id = rc == 1 ? strtoull(decl, NULL, 10) : 0;
	return rc;
}

/* POST /verify action=lookup: id_number.  Counted per account and hour
 * (lib/quota.h) before anything is read. */
static void lookup_post(struct kd_req *r)
{
	unsigned long long id = 0;
	struct verdict v;
	int rc = kd_quota_take(r, KD_QUOTA_LOOKUP);

	if (rc != 0) {
		confirm_error(r, rc > 0 ? KD_E_RATE_LIMITED : KD_E_UNAVAILABLE);
		return;
	}
	rc = newest_audited(r, r->vals.v[L_ID_NUMBER], &id);
	if (rc < 0)
		return;
	if (rc == 0) {
		if (r->want_json)
			kd_reply_error(r, KD_E_NOT_FOUND, NULL, 0, NULL);
		else
			kiosk_message(r, 404, NULL, kd_label(kd_label_kiosk, "lookup_none"));
		return;
	}
	verdict_clear(&v);
	/* The officer typed the number from the card in front of them: the
	 * identity is the card's, its F status may be shown. */
	v.looked_up = 1;
	if (check_declaration(r, id, &v) != 0)
		return;
	v.expires = v.d.expires_at;
	verdict_answer(r, 200, &v, NULL);
}

/* --------------------------------------------- POST /verify action=undo */

enum { U_PASSAGE_ID, U_COUNT };
static const struct kd_field undo_fields[U_COUNT] = {
	[U_PASSAGE_ID] = { .name = "passage_id", .type = KD_T_ID, .flags = KD_REQUIRED },
};

static void undo_invalid(struct kd_req *r)
{
	if (r->want_json)
		kd_reply_error(r, KD_E_INVALID_FIELDS, undo_fields, U_COUNT, &r->vals);
	else
		kiosk_message(r, 400, NULL, kd_err_message(KD_E_INVALID_FIELDS));
}

/* POST /verify action=undo: passage_id. */
static void undo_post(struct kd_req *r)
{
	struct kd_passage ps = { 0 };
	enum kd_err err;

	if (kd_passage_undo(r, (unsigned long long)r->vals.n[U_PASSAGE_ID], &ps, &err) != 0) {
		confirm_error(r, err);
		return;
	}
	passage_answer(r, 200, &ps, kd_label(kd_label_kiosk, "undone"));
}

/* ------------------------------------------------ GET /verify/revoked */

enum { R_SINCE, R_COUNT };
static const struct kd_field revoked_fields[R_COUNT] = {
	[R_SINCE] = { .name = "since", .type = KD_T_DATETIME },
};

/* A browser asking for a kiosk's data feed gets the kiosk page. */
static int browser_to_kiosk(struct kd_req *r)
{
	if (r->want_json)
		return 0;
	kd_reply_redirect(r, "/verify");
	return 1;
}

/* GET /verify/revoked?since= */
static void revoked_get(struct kd_req *r)
{
	time_t now = time(NULL), since = now - KD_TOKEN_TTL;
	char from[32], until[32], id[24];
	struct kd_col c[1] = { KD_COL(id) };
	struct kd_param p[1];
	struct kd_json j;
	int rc;

	if (browser_to_kiosk(r))
		return;
	/* Revoked earlier than 72 h ago: its code has expired anyway. */
	if (r->vals.v[R_SINCE] != NULL && r->vals.t[R_SINCE] > since)
		since = r->vals.t[R_SINCE];
	kd_time_db(since, from, sizeof(from));
	p[0] = KD_STR(from);
	if (kd_db_exec(ST_REVOKED, p, 1) < 0) {
		kd_reply_error(r, KD_E_UNAVAILABLE, NULL, 0, NULL);
		return;
	}
	kd_json_init(&j);
	kd_json_obj(&j);
	kd_time_iso(now, until);
	kd_json_kstr(&j, "until", until);
	kd_json_key(&j, "revoked");
	kd_json_arr(&j);
	while ((rc = kd_db_fetch(ST_REVOKED, c, 1)) == 1)
		kd_json_int(&j, strtoll(id, NULL, 10));
	kd_db_done(ST_REVOKED);
	kd_json_arr_end(&j);
	kd_json_obj_end(&j);
	if (rc < 0) {
		kd_json_free(&j);
		kd_reply_error(r, KD_E_UNAVAILABLE, NULL, 0, NULL);
		return;
	}
	kd_reply_json(r, 200, &j);
}

/* -------------------------------------------------- GET /verify/today */

/* The counts by direction. */
static int today_counts(struct kd_req *r, struct today *t)
{
	char dir[8] = "", n[24] = "";
	struct kd_col c[2] = { KD_COL(dir), KD_COL(n) };
	struct kd_param p[3] = { KD_INT(r->session.place_id), KD_STR(t->date),
	    KD_STR(t->date) };
	size_t k;
	int rc;

	if (kd_db_exec(ST_TODAY_COUNTS, p, 3) < 0)
		return -1;
	while ((rc = kd_db_fetch(ST_TODAY_COUNTS, c, 2)) == 1)
		for (k = 0; k < 3; k++)
			if (strcmp(dir, directions[k]) == 0)
				t->count[k] = strtoll(n, NULL, 10);
	kd_db_done(ST_TODAY_COUNTS);
	return rc < 0 ? -1 : 0;
}

/* The last passages, names masked (no audit: nobody is named). */
static int today_last(struct kd_req *r, struct today *t)
{
	char pid[24] = "", at[40] = "", dir[8] = "", name[404] = "", cancelled[4] = "",
	    undo[4] = "";
	struct kd_col c[6] = { KD_COL(pid), KD_COL(at), KD_COL(dir), KD_COL(name),
	    KD_COL(cancelled), KD_COL(undo) };
	struct kd_param p[3] = { KD_STR(r->session.uid), KD_INT(r->session.place_id),
	    KD_STR(t->date) };
	int rc;

	if (kd_db_exec(ST_TODAY_LAST, p, 3) < 0)
		return -1;
	while ((rc = kd_db_fetch(ST_TODAY_LAST, c, 6)) == 1 && t->nlast < TODAY_LAST) {
		struct today_passage *l = &t->last[t->nlast++];

		l->passage_id = strtoull(pid, NULL, 10);
		kd_db_time_iso(at, l->at, sizeof(l->at));
		snprintf(l->direction, sizeof(l->direction), "%s", dir);
		if (kd_mask_name(name, l->name, sizeof(l->name)) != 0)
			l->name[0] = '\0';
		l->cancelled = strcmp(cancelled, "1") == 0;
		l->undo = strcmp(undo, "1") == 0;
	}
	kd_db_done(ST_TODAY_LAST);
	return rc < 0 ? -1 : 0;
}

int today_load(struct kd_req *r, struct today *t)
{
	memset(t, 0, sizeof(*t));
	kd_today(time(NULL), t->date);
	if (r->session.place_id <= 0)
		return 0;
	return today_counts(r, t) == 0 && today_last(r, t) == 0 ? 0 : -1;
}

/* GET /verify/today */
static void today_get(struct kd_req *r)
{
	struct today t;
	struct kd_json j;
	size_t i;

	if (browser_to_kiosk(r))
		return;
	if (today_load(r, &t) != 0) {
		kd_reply_error(r, KD_E_UNAVAILABLE, NULL, 0, NULL);
		return;
	}
	kd_json_init(&j);
	kd_json_obj(&j);
	kd_json_kstr(&j, "date", t.date);
	kd_json_kint(&j, "place_id", r->session.place_id);
	kd_json_key(&j, "counts");
	kd_json_obj(&j);
	for (i = 0; i < 3; i++)
		kd_json_kint(&j, directions[i], t.count[i]);
	kd_json_obj_end(&j);
	kd_json_key(&j, "last");
	kd_json_arr(&j);
	for (i = 0; i < t.nlast; i++) {
		kd_json_obj(&j);
		kd_json_kint(&j, "passage_id", (long long)t.last[i].passage_id);
		kd_json_kstr(&j, "at", t.last[i].at);
		kd_json_kstr(&j, "direction", t.last[i].direction);
		kd_json_kstr(&j, "name", t.last[i].name);
		kd_json_kbool(&j, "cancelled", t.last[i].cancelled);
		kd_json_kbool(&j, "undo", t.last[i].undo);
		kd_json_obj_end(&j);
	}
	kd_json_arr_end(&j);
	kd_json_kint(&j, "undo_seconds", KD_PASSAGE_UNDO_WINDOW);
	kd_json_obj_end(&j);
	kd_reply_json(r, 200, &j);
}

/* ------------------------------------------------------------- routes */

#define KIOSK (KD_ROLE_OFFICER | KD_ROLE_VENUE)
static const struct kd_route routes[] = {
	{ .method = "GET", .path = "/verify", .roles = KIOSK,
	    .fields = query_fields, .nfields = Q_COUNT,
	    .handler = verify_get, .invalid = verify_get_invalid },
	{ .method = "POST", .path = "/verify", .roles = KIOSK, .flags = KD_RT_PLACE,
	    .fields = body_fields, .nfields = B_COUNT,
	    .handler = verify_post, .invalid = verify_post_invalid },
	{ .method = "POST", .path = "/verify", .action = "lookup", .roles = KD_ROLE_OFFICER,
	    .fields = lookup_fields, .nfields = L_COUNT,
	    .handler = lookup_post, .invalid = lookup_invalid },
	{ .method = "POST", .path = "/verify", .action = "depot_check",
	    .roles = KD_ROLE_OFFICER, .flags = KD_RT_PLACE,
	    .fields = depot_fields, .nfields = DC_COUNT,
	    .handler = depot_check_post, .invalid = depot_check_invalid },
	{ .method = "POST", .path = "/verify", .action = "undo", .roles = KIOSK,
	    .fields = undo_fields, .nfields = U_COUNT,
	    .handler = undo_post, .invalid = undo_invalid },
	{ .method = "GET", .path = "/verify/revoked", .roles = KIOSK,
	    .fields = revoked_fields, .nfields = R_COUNT, .handler = revoked_get },
	{ .method = "GET", .path = "/verify/today", .roles = KIOSK, .flags = KD_RT_PLACE,
	    .handler = today_get },
};

static const struct kd_program program = {
	.name = "verify",
	.sql = sql,
	.nsql = ST_COUNT,
	.need_db = 1,
	.need_units = 1,
	.need_keys = KD_KEYS_CHECK,
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
