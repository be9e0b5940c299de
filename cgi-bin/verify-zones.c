/*
 * verify-zones.c - what the kiosk knows of epidemic zones, travel permits
 * and green-lane vehicles (issue 21; the rules: lib/zones.h,
 * lib/vehicle.h):
 *
 *   - the levels of the origin and destination when the person declared
 *     and of the place's unit now ("zone"), the permit that counts here
 *     ("permit"), the vehicle of a green-lane pass with its drivers and
 *     depot check ("vehicle"), all read with the declaration in verify's
 *     one grouped SELECT or held in memory: no round trip of their own;
 *   - their reasons (lockdown, from_zone, depot_unchecked, co_driver_*)
 *     join the verdict's facts;
 *   - POST /verify action=depot_check: code -> 201 {"vehicle_pass_id",
 *     "place_id", "place_name", "at"} (200 with the first check when it
 *     was checked before); 403 not_depot away from a depot, 404 not a
 *     vehicle pass, 400 bad_signature, 409 expired / unknown / revoked,
 *     503.  Audited (depot_check) in the check's transaction.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "log.h"
#include "units.h"
#include "verify.h"

/* ------------------------------------------------------------ facts */

void zone_facts(struct kd_req *r, struct verdict *v, struct kd_facts *facts)
{
	char commune[6] = "", kind[16] = "";

	/* A failure leaves the zones out of the verdict; the person's own
	 * facts still stand. */
	if (kd_zones_fresh() != 0)
		kd_log("verify: zone levels not read, judged without the latest");
	if (kd_zones_place(r->session.place_id, commune, kind) < 0)
		commune[0] = '\0';
	kd_zone_judge(&v->d, commune[0] ? commune : NULL,
	    v->permits[0] ? v->permits : NULL, time(NULL), &v->zone);
	facts->from_zone = v->zone.from_zone;
	facts->lockdown = v->zone.lockdown;
	kd_vehicle_facts(&v->vehicle, facts);
}

/* ------------------------------------------------------------- JSON */

static void level_json(struct kd_json *j, const char *key, const struct kd_zone *z,
    int known)
{
	kd_json_key(j, key);
	if (known && z->level > 0)
		kd_json_int(j, z->level);
	else
		kd_json_null(j);
}

static void permit_json(struct kd_json *j, const struct verdict *v)
{
	char to[32];

	kd_json_key(j, "permit");
	if (v->zone.permit.permit_id == 0) {
		kd_json_null(j);
		return;
	}
	kd_time_iso(v->zone.permit.valid_to, to);
	kd_json_obj(j);
	kd_json_kint(j, "permit_id", v->zone.permit.permit_id);
	kd_json_kstr(j, "kind", v->zone.permit.kind);
	kd_json_kstr(j, "area", v->zone.permit.area);
	kd_json_kstr(j, "valid_to", to);
	kd_json_kbool(j, "valid_here", v->zone.permit_here);
	kd_json_obj_end(j);
}

/* What a venue may not read (verify.h limited): the zones of a person's
 * journey, their permits, their vehicle. */
static int zones_shown(const struct verdict *v)
{
	return v->shown && !v->limited;
}

void zone_json(struct kd_json *j, const struct verdict *v)
{
	kd_json_key(j, "zone");
	if (!zones_shown(v)) {
		kd_json_null(j);
	} else {
		kd_json_obj(j);
		level_json(j, "from_level", &v->zone.from, 1);
		level_json(j, "to_level", &v->zone.to, 1);
		level_json(j, "here_level", &v->zone.here, v->zone.placed);
		kd_json_kstr(j, "here_unit", v->zone.here.unit[0] ? v->zone.here.unit : NULL);
		kd_json_kbool(j, "resident", v->zone.resident);
		kd_json_obj_end(j);
	}
	if (zones_shown(v)) {
		permit_json(j, v);
		/* The F status only where the kiosk may show it (f_hidden). */
		kd_vehicle_json(j, &v->vehicle, &v->d, v->f_hidden ? "" : v->f_status);
	} else {
		kd_json_key(j, "permit");
		kd_json_null(j);
		kd_json_key(j, "vehicle");
		kd_json_null(j);
	}
}

/* "Cấp 4 – nguy cơ rất cao (vùng đỏ) – Phường X" into out. */
static const char *level_words(const struct kd_zone *z, char *out, size_t outlen)
{
	const char *where = kd_unit_display(z->unit);

	if (z->level <= 0)
		return kd_zone_name(0);
	snprintf(out, outlen, "%s – %s", kd_zone_name(z->level), where ? where : z->unit);
	return out;
}

/* "Người giao hàng, tại Phường X, đến 18:00 30/09/2021" */
static const char *permit_words(const struct verdict *v, char *out, size_t outlen)
{
	const struct kd_permit *p = &v->zone.permit;
	const char *where = kd_unit_display(p->area);
	char to[40];

	if (p->permit_id == 0)
		return NULL;
	kd_time_vn(p->valid_to, to);
	snprintf(out, outlen, "%s, tại %s, đến %s%s", kd_permit_kind_name(p->kind),
	    where ? where : p->area, to,
	    v->zone.placed && !v->zone.permit_here ? " (không có hiệu lực tại đây)" : "");
	return out;
}

void zone_labels_json(struct kd_json *j, const struct verdict *v)
{
	char words[400];

	if (!zones_shown(v))
		return;
	kd_json_key(j, "zone");
	kd_json_obj(j);
	kd_json_kstr(j, "from", level_words(&v->zone.from, words, sizeof(words)));
	kd_json_kstr(j, "to", level_words(&v->zone.to, words, sizeof(words)));
	kd_json_kstr(j, "here", v->zone.placed ?
	    level_words(&v->zone.here, words, sizeof(words)) : NULL);
	kd_json_kstr(j, "from_color", kd_zone_color(v->zone.from.level));
	kd_json_kstr(j, "to_color", kd_zone_color(v->zone.to.level));
	kd_json_kstr(j, "here_color", kd_zone_color(v->zone.here.level));
	kd_json_obj_end(j);
	kd_json_kstr(j, "permit", permit_words(v, words, sizeof(words)));
}

const char *zone_reason_words(const struct verdict *v,
    const struct kd_decision_rule *rule, char *out, size_t outlen)
{
	const struct kd_zone *z = rule->from == KD_FACT_FROM_ZONE ? &v->zone.from :
	    rule->from == KD_FACT_LOCKDOWN ? &v->zone.here : NULL;
	const char *where;

	if (z == NULL)
		return NULL;
	where = kd_unit_display(z->unit);
	snprintf(out, outlen, "%s: cấp %d – %s", rule->words, z->level,
	    where ? where : z->unit);
	return out;
}

/* -------------------------------------------------------------- page */

void zone_hdf(HDF *hdf, const struct verdict *v)
{
	char words[400];

	if (!zones_shown(v))
		return;
	kd_hdf_set(hdf, "Zone.from", level_words(&v->zone.from, words, sizeof(words)));
	kd_hdf_set(hdf, "Zone.from_color", kd_zone_color(v->zone.from.level));
	kd_hdf_set(hdf, "Zone.to", level_words(&v->zone.to, words, sizeof(words)));
	kd_hdf_set(hdf, "Zone.to_color", kd_zone_color(v->zone.to.level));
	if (v->zone.placed) {
		kd_hdf_set(hdf, "Zone.here", level_words(&v->zone.here, words, sizeof(words)));
		kd_hdf_set(hdf, "Zone.here_color", kd_zone_color(v->zone.here.level));
	}
	if (permit_words(v, words, sizeof(words)) != NULL)
		kd_hdf_set(hdf, "Permit.text", words);
	kd_vehicle_hdf(hdf, &v->vehicle, &v->d, v->f_hidden ? "" : v->f_status);
}

int kiosk_at_depot(struct kd_req *r)
{
	char commune[6], kind[16];

	return kd_zones_place(r->session.place_id, commune, kind) == 1 &&
	    strcmp(kind, "depot") == 0;
}

/* ------------------------------------------- POST action=depot_check */

const struct kd_field depot_fields[DC_COUNT] = {
	[DC_CODE] = { .name = "code", .type = KD_T_QR_CODE, .flags = KD_REQUIRED },
};

void depot_check_invalid(struct kd_req *r)
{
	if (r->want_json)
		kd_reply_error(r, KD_E_INVALID_FIELDS, depot_fields, DC_COUNT, &r->vals);
	else
		kiosk_message(r, 400, NULL, r->vals.error[DC_CODE]);
}

void depot_check_post(struct kd_req *r)
{
	struct kd_depot_check c = { 0 };
	struct kd_json j;
	enum kd_err err;
	char flash[1000];

	if (kd_vehicle_depot_check(r, r->vals.v[DC_CODE], &c, &err) != 0) {
		if (r->want_json)
			kd_reply_error(r, err, NULL, 0, NULL);
		else
			kiosk_message(r, kd_err_status(err), NULL, kd_err_message(err));
		return;
	}
	if (!r->want_json) {
		/* "at" is YYYY-MM-DDTHH:MM:SS.mmm+07:00: the clock time. */
		snprintf(flash, sizeof(flash), "%s %.200s lúc %.5s.", c.created ?
		    "Đã kiểm tra xe trước khi xuất bến tại" : "Xe đã được kiểm tra trước đó tại",
		    c.place_name, c.at + 11);
		kiosk_message(r, c.created ? 201 : 200, flash, NULL);
		return;
	}
	kd_json_init(&j);
	kd_json_obj(&j);
	kd_json_kint(&j, "vehicle_pass_id", (long long)c.pass_id);
	kd_json_kint(&j, "place_id", c.place_id);
	kd_json_kstr(&j, "place_name", c.place_name);
	kd_json_kstr(&j, "at", c.at);
	kd_json_kbool(&j, "checked_before", !c.created);
	kd_json_obj_end(&j);
	kd_reply_json(r, c.created ? 201 : 200, &j);
}
