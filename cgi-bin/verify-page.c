/*
 * verify-page.c - the kiosk page (templates/verify.cs): the frame with the
 * place, the day's counters and last passages, the words the page's
 * script needs (also offline), and a verdict.
 */
#include <stdio.h>
#include <string.h>

#include "log.h"
#include "role.h"
#include "verify.h"

/* "<list>.<i>.<key>": a name of ours, never data. */
static void item(HDF *hdf, const char *list, size_t i, const char *key,
    const char *value)
{
	char name[64];

	snprintf(name, sizeof(name), "%s.%zu.%s", list, i, key);
	kd_hdf_set(hdf, name, value);
}

/* "YYYY-MM-DD" -> "DD/MM/YYYY" */
static void date_vn(const char *iso, char *out, size_t outlen)
{
	if (iso != NULL && strlen(iso) >= 10)
		snprintf(out, outlen, "%.2s/%.2s/%.4s", iso + 8, iso + 5, iso);
	else
		snprintf(out, outlen, "%s", iso ? iso : "");
}

/* --------------------------------------------------------- the frame */

/* Every table of words, and the decision table, for the script
 * (Words.N.table/code/text, Rules.N.reason/decision/words). */
static void words_hdf(HDF *hdf)
{
	const struct kd_label_table *t;
	const struct kd_label *l;
	size_t n = 0, i;

	for (t = kd_label_tables; t->name != NULL; t++)
		for (l = t->table; l->code != NULL; l++, n++) {
			item(hdf, "Words", n, "table", t->name);
			item(hdf, "Words", n, "code", l->code);
			item(hdf, "Words", n, "text", l->text);
		}
	for (i = 0; i < KD_DECISION_COUNT; i++) {
		item(hdf, "Decisions", i, "name", kd_decision_name((enum kd_decision)i));
		item(hdf, "Decisions", i, "words", kd_decision_words((enum kd_decision)i));
	}
	for (i = 0; kd_decision_rules[i].reason != NULL; i++) {
		item(hdf, "Rules", i, "reason", kd_decision_rules[i].reason);
		item(hdf, "Rules", i, "decision",
		    kd_decision_name(kd_decision_rules[i].decision));
		item(hdf, "Rules", i, "words", kd_decision_rules[i].words);
	}
}

/* Today.in/out/visit and Today.last.N.* */
static void today_hdf(struct kd_req *r, HDF *hdf)
{
	static const char *const names[3] = { "Today.in", "Today.out", "Today.visit" };
	struct today t;
	size_t i;

	if (r->session.place_id <= 0)
		return;
	if (today_load(r, &t) != 0) {
		kd_log("verify: today's counts not read");
		return;
	}
	kd_hdf_set(hdf, "Today.date", t.date);
	for (i = 0; i < 3; i++)
		kd_hdf_set_int(hdf, names[i], t.count[i]);
	for (i = 0; i < t.nlast; i++) {
		char id[24];

		snprintf(id, sizeof(id), "%llu", t.last[i].passage_id);
		item(hdf, "Today.last", i, "passage_id", id);
		/* The clock time of "YYYY-MM-DDTHH:MM:SS.mmm+07:00". */
		snprintf(id, sizeof(id), "%.5s", t.last[i].at + 11);
		item(hdf, "Today.last", i, "time", id);
		item(hdf, "Today.last", i, "direction",
		    kd_label(kd_label_directions, t.last[i].direction));
		item(hdf, "Today.last", i, "name", t.last[i].name);
		item(hdf, "Today.last", i, "cancelled", t.last[i].cancelled ? "1" : "");
		item(hdf, "Today.last", i, "undo", t.last[i].undo ? "1" : "");
	}
}

HDF *kiosk_hdf(struct kd_req *r)
{
	HDF *hdf = kd_hdf_new(r);

	if (hdf == NULL)
		return NULL;
	kd_hdf_set(hdf, "Kiosk.venue", r->session.role_bit == KD_ROLE_VENUE ? "1" : "0");
	if (r->session.place_id > 0) {
		kd_hdf_set_int(hdf, "Kiosk.place_id", r->session.place_id);
		kd_hdf_set(hdf, "Kiosk.place_name", r->session.place_name);
	}
	kd_hdf_set_int(hdf, "Kiosk.undo_seconds", KD_PASSAGE_UNDO_WINDOW);
	kd_hdf_set(hdf, "Kiosk.depot", kiosk_at_depot(r) ? "1" : "");
	/* The kiosk is an installable web app (layout.cs: the manifest). */
	kd_hdf_set(hdf, "Page.installable", "1");
	words_hdf(hdf);
	today_hdf(r, hdf);
	return hdf;
}

void kiosk_page(struct kd_req *r, int status, HDF *hdf)
{
	kd_reply_page(r, status, "verify.cs", hdf);
}

void kiosk_message(struct kd_req *r, int status, const char *flash,
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

/* ------------------------------------------------------- the verdict */

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

/* The verdict's head: the decision and its reasons in big words, then
 * whether the code is valid, why not, until when. */
static void verdict_head_hdf(HDF *hdf, const struct verdict *v)
{
	char when[40], words[400];
	size_t i;

	kd_hdf_set(hdf, "Result.shown", "1");
	kd_hdf_set(hdf, "Result.decision", kd_decision_name(v->shown_decision.decision));
	kd_hdf_set(hdf, "Result.decision_words",
	    kd_decision_words(v->shown_decision.decision));
	for (i = 0; i < v->shown_decision.nreasons; i++) {
		item(hdf, "Result.reasons", i, "code", v->shown_decision.reasons[i]->reason);
		item(hdf, "Result.reasons", i, "words",
		    reason_words(v, i, words, sizeof(words)));
	}
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
	kd_hdf_set(hdf, "Decl.f_status_text", f_status_words(v));
	if (v->f_hidden)
		kd_hdf_set(hdf, "Decl.f_hidden", "1");
}

void verdict_hdf(HDF *hdf, const struct verdict *v)
{
	verdict_head_hdf(hdf, v);
	if (!v->shown)
		return;
	if (v->limited) {
		/* A venue: the masked name, nothing else of the person. */
		kd_hdf_set(hdf, "Result.limited", "1");
		kd_hdf_set_int(hdf, "Decl.declaration_id", (long long)v->d.declaration_id);
		kd_hdf_set(hdf, "Decl.full_name", v->masked_name);
		return;
	}
	person_hdf(hdf, v);
	health_hdf(hdf, v);
	zone_hdf(hdf, v);
}
