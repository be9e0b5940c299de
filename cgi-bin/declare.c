/*
 * declare - the citizen's declaration (SPEC "The declaration", issues 3
 * and 19).
 *
 *   GET  /declare        the form (Vietnamese, mobile first, works without
 *                        JavaScript; js/declare.js offers the communes
 *                        while typing and hides places ticked "same as
 *                        permanent residence")
 *   POST /declare        the fields of lib/decl.h, or the form's
 *                        (kd_decl_form_fields: a commune typed by name is
 *                        looked up, "same as" filled in).  Origin-checked
 *                        (public form).  HTML: 303 to /qr/<token>, or 400
 *                        with the form, a summary of the faults linking to
 *                        each field, a message next to each bad field and
 *                        every value kept.  JSON: 201 {"declaration_id",
 *                        "token", "expires_at", "qr_png", "qr_svg",
 *                        "qr_page"} (no registry flag: an anonymous answer
 *                        must not tell whether a name goes with an ID
 *                        number); the same client_ref again (same ID
 *                        number) gives 200 with the same body and stores
 *                        nothing; a client_ref of another ID number 409.
 *                        400 invalid_fields (error.fields names each),
 *                        400 unknown_field, 403 csrf_failed (cross-site),
 *                        413 too_large, 503 when the database fails.
 *   GET  /declare/units  q: communes (and island districts) whose name
 *                        matches, with or without tone marks: JSON
 *                        {"items": [{"code", "name", "district",
 *                        "province", "label"}], "total"} (at most 20,
 *                        best first); HTML a page of them with a search
 *                        form.  all=1: units of every level; within=<code>:
 *                        only below that unit (the administrators' unit
 *                        field).  No database.
 *   GET  /declare/find   the "find my code again" form
 *   POST /declare/find   id_number, dob, phone: the person's newest
 *                        declaration.  HTML 200: its code when still
 *                        valid, "declare again", the passages and visits
 *                        recorded with their declarations (30 days), and
 *                        who looked at the person's records (30 days,
 *                        lib/access.h).  JSON 200 {"declaration_id",
 *                        "token", "expires_at", "qr_png", "qr_svg",
 *                        "qr_page", "history": [{"at", "direction",
 *                        "place_id", "place_name", "commune",
 *                        "declaration_id"}], "accesses": [{"at",
 *                        "purpose", "unit_name", "place_name"}]} when a
 *                        code is valid, else 404.  No declaration at
 *                        all: 404 and one neutral message, whether the ID
 *                        is known or not.  Origin-checked.  Every try is
 *                        audited (find, the ID number's keyed reference,
 *                        found / miss / locked); after FIND_MAX_MISSES
 *                        misses within FIND_MINUTES the ID number is
 *                        locked for FIND_MINUTES, right answers included:
 *                        429 rate_limited (nginx also limits the route
 *                        per address).
 *   POST /declare/find action=again   the same three fields: the form
 *                        filled with the newest declaration's answers
 *                        (all but the travel date); JSON {"declaration":
 *                        {...}}.  The values travel in POST bodies only.
 *   GET  /declare/household           the family form
 *   POST /declare/household           one phone declares for up to ten
 *                        people (lib/household.h): 201 {"household_id",
 *                        "declarations": [{"declaration_id", "token",
 *                        "expires_at"}], "page"}, all stored or none
 *                        (400 naming the member's field, "m2_dob"); the
 *                        same client_ref again 200 with the same answer.
 *                        HTML: 303 to the family's page.
 *   GET  /declare/household/<token>   the family's page: each member's
 *                        QR, masked name and expiry; printable on A4.
 *   GET/POST /declare/vehicle         a green-lane vehicle pass:
 *                        declare-vehicle.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "access.h"
#include "audit.h"
#include "conf.h"
#include "db.h"
#include "decl.h"
#include "declare.h"
#include "household.h"
#include "labels.h"
#include "log.h"
#include "resp.h"
#include "serve.h"
#include "session.h"
#include "token.h"
#include "units.h"
#include "vehicle.h"
#include "vntime.h"

#define HISTORY_MAX 50
#define UNITS_CACHE "public, max-age=86400"

/* Misses of /declare/find that lock an ID number, and for how long. */
#define FIND_MAX_MISSES 5
#define FIND_MINUTES 15

enum { ST_NEWEST, ST_HISTORY, ST_FIND_LOCKED, ST_FIND_MISS, ST_FIND_CLEAR, ST_COUNT };

static const char *const sql[ST_COUNT] = {
	/* k_id_number (id_number, created_at) read backwards. */
	[ST_NEWEST] = "SELECT declaration_id, UNIX_TIMESTAMP(expires_at)"
	    " FROM declarations WHERE id_number = ? AND dob = ? AND phone = ?"
	    " AND revoked_at IS NULL"
	    " ORDER BY created_at DESC, declaration_id DESC LIMIT 1",
	/* The person's passages (k_citizen_at), those of declarations with
	 * the birth date proven by the look-up. */
	[ST_HISTORY] = "SELECT UNIX_TIMESTAMP(p.at), p.direction, p.place_id, pl.name,"
	    " pl.commune, p.declaration_id, UNIX_TIMESTAMP(d.created_at)"
	    " FROM passages p"
	    " JOIN declarations d ON d.declaration_id = p.declaration_id"
	    " JOIN places pl ON pl.place_id = p.place_id"
	    " WHERE p.id_number = ? AND d.id_number = ? AND d.dob = ?"
	    " AND p.at > NOW() - INTERVAL 30 DAY ORDER BY p.at DESC LIMIT 50",
	/* The misses of an ID number (its keyed reference, never in clear). */
	[ST_FIND_LOCKED] = "SELECT 1 FROM find_misses WHERE ref = ? AND locked_until > NOW()",
	/* Assignments run left to right: locked_until sees the new count. */
	[ST_FIND_MISS] = "INSERT INTO find_misses (ref, misses, locked_until, last_miss)"
	    " VALUES (?, 1, NULL, NOW()) ON DUPLICATE KEY UPDATE"
	    " misses = IF(last_miss < NOW() - INTERVAL 15 MINUTE"
	    "   OR (locked_until IS NOT NULL AND locked_until <= NOW()), 1, misses + 1),"
	    " locked_until = IF(misses >= ?, NOW() + INTERVAL 15 MINUTE, NULL),"
	    " last_miss = NOW()",
	[ST_FIND_CLEAR] = "DELETE FROM find_misses WHERE ref = ?",
};
_Static_assert(FIND_MINUTES == 15, "ST_FIND_MISS says 15 minutes");

enum { FF_ID_NUMBER, FF_DOB, FF_PHONE, FF_COUNT };

static const struct kd_field find_fields[FF_COUNT] = {
	[FF_ID_NUMBER] = { .name = "id_number", .type = KD_T_ID_NUMBER, .flags = KD_REQUIRED },
	[FF_DOB] = { .name = "dob", .type = KD_T_DATE, .flags = KD_REQUIRED },
	[FF_PHONE] = { .name = "phone", .type = KD_T_PHONE, .flags = KD_REQUIRED },
};

/* q; all=1: units of every level (an administrator's unit field);
 * within: only below that unit. */
enum { UF_Q, UF_ALL, UF_WITHIN, UF_COUNT };
static const struct kd_field unit_fields[UF_COUNT] = {
	[UF_Q] = { .name = "q", .type = KD_T_TEXT, .max = 100 },
	[UF_ALL] = { .name = "all", .type = KD_T_FLAG },
	[UF_WITHIN] = { .name = "within", .type = KD_T_UNIT },
};

static const char FIND_NONE[] =
    "Không tìm thấy khai báo nào khớp với các thông tin đã nhập. "
    "Hãy kiểm tra lại số giấy tờ, ngày sinh, số điện thoại, hoặc khai báo mới.";
static const char FIND_LOCKED[] =
    "Đã thử quá nhiều lần với số giấy tờ này. Vui lòng thử lại sau 15 phút, "
    "hoặc khai báo mới.";
static const char AGAIN_NOTICE[] =
    "Đã điền sẵn theo lần khai báo trước. Hãy chọn ngày đi và kiểm tra lại "
    "những gì đã thay đổi (nơi đến, sức khoẻ, số mũi vắc-xin) trước khi gửi.";

/* The declaration form: the form's fields (lib/decl.h), nothing else. */
static const struct kd_decl_form form = {
	.template = "declare.cs", .fields = kd_decl_form_fields,
	.nfields = KD_DF_FORM_COUNT,
};

/* ------------------------------------------------------------ answers */

/* The members that name a code, in an object the caller opened. */
static void code_json(struct kd_req *r, struct kd_json *j, unsigned long long id,
    time_t expires, const char *token)
{
	char when[32];

	kd_time_iso(expires, when);
	kd_json_kint(j, "declaration_id", (long long)id);
	kd_json_kstr(j, "token", token);
	kd_json_kstr(j, "expires_at", when);
	kd_json_kstr(j, "qr_png", kd_asprintf(&r->arena, "/qr/%s.png", token));
	kd_json_kstr(j, "qr_svg", kd_asprintf(&r->arena, "/qr/%s.svg", token));
	kd_json_kstr(j, "qr_page", kd_asprintf(&r->arena, "/qr/%s", token));
}

/* The answer that names a code: 303 to its page, or JSON. */
static void reply_code(struct kd_req *r, int status, unsigned long long id,
    time_t expires)
{
	char token[KD_TOKEN_MAX], *path;
	struct kd_json j;

	if (kd_token_sign(id, expires, token) != 0) {
		kd_log("declare: signing failed for declaration %llu", id);
		kd_reply_error(r, KD_E_SERVER, NULL, 0, NULL);
		return;
	}
	if (!r->want_json) {
		path = kd_asprintf(&r->arena, "/qr/%s", token);
		if (path == NULL)
			kd_reply_error(r, KD_E_SERVER, NULL, 0, NULL);
		else
			kd_reply_redirect(r, path);
		return;
	}
	kd_json_init(&j);
	kd_json_obj(&j);
	code_json(r, &j, id, expires, token);
	kd_json_obj_end(&j);
	kd_reply_json(r, status, &j);
}

/* ---------------------------------------------------------- the form */

/* GET /declare */
static void form_page(struct kd_req *r)
{
	kd_decl_form_page(r, &form, 200, NULL, NULL, NULL);
}

/* POST /declare with bad fields: the form again, or JSON 400. */
static void submit_invalid(struct kd_req *r)
{
	kd_decl_reply_invalid(r, &form);
}

/* POST /declare: fields of kd_decl_form_fields; see the top of the file. */
static void submit(struct kd_req *r)
{
	struct kd_decl_made made;
	enum kd_insert_result res;
	enum kd_registry reg;

	if (kd_decl_accept(r, &form, &reg) != 0)
		return;
	res = kd_decl_insert(&r->vals, "web", NULL, reg, time(NULL), &made);
	switch (res) {
	case KD_DECL_STORED:
	case KD_DECL_REPLAYED:
		reply_code(r, res == KD_DECL_STORED ? 201 : 200, made.declaration_id,
		    made.expires_at);
		return;
	case KD_DECL_REF_CONFLICT:
		kd_decl_reply_conflict(r, &form, &r->vals);
		return;
	case KD_DECL_ERROR:
		break;
	}
	kd_log("declare: storing failed (%u)", kd_db_errno());
	kd_reply_error(r, KD_E_UNAVAILABLE, NULL, 0, NULL);
}

/* ------------------------------------------------------ the communes */

static void units_json(struct kd_req *r, const struct kd_unit *const *found,
    size_t n, size_t total)
{
	struct kd_json j;
	size_t k;

	kd_json_init(&j);
	kd_json_obj(&j);
	kd_json_key(&j, "items");
	kd_json_arr(&j);
	for (k = 0; k < n; k++) {
		const struct kd_unit *u = found[k], *d = kd_unit_find(u->district);
		const struct kd_unit *p = kd_unit_find(u->province);
		char label[KD_UNIT_LABEL_MAX];

		kd_json_obj(&j);
		kd_json_kstr(&j, "code", u->code);
		kd_json_kstr(&j, "name", u->display);
		kd_json_kstr(&j, "district", d != NULL && d != u ? d->short_name : NULL);
		kd_json_kstr(&j, "province", p != NULL ? p->short_name : NULL);
		kd_json_kstr(&j, "label", kd_unit_label(u, label, sizeof(label)));
		kd_json_obj_end(&j);
	}
	kd_json_arr_end(&j);
	kd_json_kint(&j, "total", (long long)total);
	kd_json_obj_end(&j);
	kd_reply_json_cached(r, 200, &j, UNITS_CACHE);
}

/* GET /declare/units?q= */
static void units(struct kd_req *r)
{
	const struct kd_unit *found[KD_UNITS_FOUND_MAX];
	const char *q = r->vals.v[UF_Q];
	size_t n, total = 0, k;
	char name[48], label[KD_UNIT_LABEL_MAX];
	HDF *hdf;

	n = kd_units_search(q, r->vals.v[UF_ALL] ? KD_UNITS_ANY : KD_UNITS_ADDRESS,
	    r->vals.v[UF_WITHIN], found, KD_UNITS_FOUND_MAX, &total);
	if (r->want_json) {
		units_json(r, found, n, total);
		return;
	}
	hdf = kd_hdf_new(r);
	if (hdf == NULL) {
		kd_reply_error(r, KD_E_SERVER, NULL, 0, NULL);
		return;
	}
	kd_hdf_set(hdf, "Units.q", q);
	kd_hdf_set_int(hdf, "Units.total", (long long)total);
	for (k = 0; k < n; k++) {
		snprintf(name, sizeof(name), "Units.items.%zu.code", k);
		kd_hdf_set(hdf, name, found[k]->code);
		snprintf(name, sizeof(name), "Units.items.%zu.label", k);
		kd_hdf_set(hdf, name, kd_unit_label(found[k], label, sizeof(label)));
	}
	kd_reply_page(r, 200, "declare-units.cs", hdf);
}

/* -------------------------------------------------- find, and again */

static void show_find(struct kd_req *r, int status, const struct kd_values *vals,
    const char *message)
{
	HDF *hdf = kd_hdf_new(r);

	if (hdf == NULL) {
		kd_reply_error(r, KD_E_SERVER, NULL, 0, NULL);
		return;
	}
	if (vals != NULL)
		kd_hdf_form(hdf, "Find", find_fields, FF_COUNT, vals);
	if (message != NULL)
		kd_hdf_set(hdf, "Find.message", message);
	kd_reply_page(r, status, "declare-find.cs", hdf);
}

/* The newest declaration of the three values: 1 (id, expiry), 0 none,
 * -1 database. */
static int newest(const struct kd_values *vals, unsigned long long *id,
    time_t *expires)
{
	char idtext[24] = "", exp[24] = "";
	struct kd_col cols[2] = { KD_COL(idtext), KD_COL(exp) };
	struct kd_param p[3] = { KD_STR(vals->v[FF_ID_NUMBER]), KD_STR(vals->v[FF_DOB]),
	    KD_STR(vals->v[FF_PHONE]) };
	int rc = kd_db_row(ST_NEWEST, p, 3, cols, 2);

	if (rc == 1) {
		*id = strtoull(idtext, NULL, 10);
		*expires = (time_t)strtoll(exp, NULL, 10);
	}
	return rc;
}

/* One passage of the history, as JSON or HDF. */
struct passage_row {
	char at[24], direction[8], place_id[24], place[256], commune[8], decl[24],
	    declared[24];
};

static const char *direction_word(const char *d)
{
	return strcmp(d, "in") == 0 ? "Vào" : strcmp(d, "out") == 0 ? "Ra" : "Ghé thăm";
}

static void history_item(struct kd_req *r, struct kd_json *j, HDF *hdf, size_t k,
    const struct passage_row *row)
{
	char when[40], name[48];
	const char *commune = kd_unit_display(row->commune);
	struct tm tm;

	if (j != NULL) {
		kd_time_iso((time_t)strtoll(row->at, NULL, 10), when);
		kd_json_obj(j);
		kd_json_kstr(j, "at", when);
		kd_json_kstr(j, "direction", row->direction);
		kd_json_kint(j, "place_id", strtoll(row->place_id, NULL, 10));
		kd_json_kstr(j, "place_name", row->place);
		kd_json_kstr(j, "commune", row->commune);
		kd_json_kint(j, "declaration_id", strtoll(row->decl, NULL, 10));
		kd_json_obj_end(j);
		return;
	}
	(void)r;
#define ITEM(key, value) (snprintf(name, sizeof(name), "History.%zu." key, k), \
	kd_hdf_set(hdf, name, value))
	kd_time_vn((time_t)strtoll(row->at, NULL, 10), when);
	ITEM("at", when);
	ITEM("direction", direction_word(row->direction));
	ITEM("place", row->place);
	ITEM("commune", commune != NULL ? commune : "");
	kd_vn_tm((time_t)strtoll(row->declared, NULL, 10), &tm);
	if (strftime(when, sizeof(when), "%d/%m/%Y", &tm) == 0)
		when[0] = '\0';
	ITEM("declared", when);
#undef ITEM
}

/* The passages and visits of the person (into JSON j or HDF). 0 ok, -1
 * database. */
static int history(struct kd_req *r, const struct kd_values *vals,
    struct kd_json *j, HDF *hdf)
{
	struct passage_row row;
	struct kd_col cols[7] = { KD_COL(row.at), KD_COL(row.direction),
	    KD_COL(row.place_id), KD_COL(row.place), KD_COL(row.commune),
	    KD_COL(row.decl), KD_COL(row.declared) };
	struct kd_param p[3] = { KD_STR(vals->v[FF_ID_NUMBER]),
	    KD_STR(vals->v[FF_ID_NUMBER]), KD_STR(vals->v[FF_DOB]) };
	size_t k = 0;
	int rc;

	if (kd_db_exec(ST_HISTORY, p, 3) < 0)
		return -1;
	while (k < HISTORY_MAX && (rc = kd_db_fetch(ST_HISTORY, cols, 7)) == 1)
		history_item(r, j, hdf, k++, &row);
	kd_db_done(ST_HISTORY);
	return rc < 0 ? -1 : 0;
}

static const struct kd_label purpose_words[] = {
	{ "checkpoint", "Chốt kiểm soát quét mã" },
	{ "venue", "Điểm quét (bệnh viện, siêu thị...) quét mã" },
	{ "lookup", "Tra cứu theo số giấy tờ" },
	{ "trace", "Truy vết tiếp xúc" },
	{ "status", "Xem/cập nhật tình trạng F" },
	{ "welfare", "Hỗ trợ an sinh" },
	{ NULL, NULL }
};

/* Who looked at the person's records (lib/access.h): closes the history
 * array of j and adds "accesses", or fills Accesses.N.* of hdf.  0 ok,
 * -1 database. */
static int accesses(struct kd_req *r, struct kd_json *j, HDF *hdf)
{
	struct kd_access *list = kd_alloc(&r->arena, KD_ACCESS_MAX * sizeof(*list));
	char when[40];
	size_t n = 0, k;

	if (list == NULL || kd_access_list(r->vals.v[FF_ID_NUMBER], list,
	    KD_ACCESS_MAX, &n) != 0)
		return -1;
	if (j != NULL) {
		kd_json_arr_end(j);
		kd_json_key(j, "accesses");
		kd_json_arr(j);
	}
	for (k = 0; k < n; k++) {
		const char *unit = list[k].unit[0] ? kd_unit_display(list[k].unit) : "Toàn quốc";
		const char *place = list[k].place_name[0] ? list[k].place_name : NULL;

		if (j == NULL) {
			kd_time_vn(list[k].at, when);
			kd_hdf_item(hdf, "Accesses", k, "at", when);
			kd_hdf_item(hdf, "Accesses", k, "purpose",
			    kd_label(purpose_words, list[k].purpose));
			kd_hdf_item(hdf, "Accesses", k, "unit", unit);
			kd_hdf_item(hdf, "Accesses", k, "place", place);
			continue;
		}
		kd_time_iso(list[k].at, when);
		kd_json_obj(j);
		kd_json_kstr(j, "at", when);
		kd_json_kstr(j, "purpose", list[k].purpose);
		kd_json_kstr(j, "unit_name", unit);
		kd_json_kstr(j, "place_name", place);
		kd_json_obj_end(j);
	}
	if (j != NULL)
		kd_json_arr_end(j);
	return 0;
}

/* JSON: the valid code with the history and who looked. */
static void find_json(struct kd_req *r, unsigned long long id, time_t expires)
{
	char token[KD_TOKEN_MAX];
	struct kd_json j;

	if (expires <= time(NULL)) {
		kd_reply_error(r, KD_E_NOT_FOUND, NULL, 0, NULL);
		return;
	}
	if (kd_token_sign(id, expires, token) != 0) {
		kd_reply_error(r, KD_E_SERVER, NULL, 0, NULL);
		return;
	}
	kd_json_init(&j);
	kd_json_obj(&j);
	code_json(r, &j, id, expires, token);
	kd_json_key(&j, "history");
	kd_json_arr(&j);
	if (history(r, &r->vals, &j, NULL) != 0 || accesses(r, &j, NULL) != 0) {
		kd_json_free(&j);
		kd_reply_error(r, KD_E_UNAVAILABLE, NULL, 0, NULL);
		return;
	}
	kd_json_obj_end(&j);
	kd_reply_json(r, 200, &j);
}

/* HTML: the person's page (code, declare again, history). */
static void find_page_found(struct kd_req *r, unsigned long long id, time_t expires)
{
	static struct kd_decl d;      /* 27 KB: not on the stack */
	char token[KD_TOKEN_MAX], when[40];
	HDF *hdf;
	int rc = kd_decl_load(id, &d);

	if (rc != 1 || (hdf = kd_hdf_new(r)) == NULL) {
		kd_reply_error(r, rc < 0 ? KD_E_UNAVAILABLE : KD_E_SERVER, NULL, 0, NULL);
		return;
	}
	kd_hdf_form(hdf, "Find", find_fields, FF_COUNT, &r->vals);
	kd_hdf_set(hdf, "Found.name", d.v[KD_DF_FULL_NAME]);
	kd_time_vn(expires, when);
	kd_hdf_set(hdf, "Found.expires", when);
	if (expires > time(NULL) && kd_token_sign(id, expires, token) == 0)
		kd_hdf_set(hdf, "Found.token", token);
	if (history(r, &r->vals, NULL, hdf) != 0 || accesses(r, NULL, hdf) != 0) {
		hdf_destroy(&hdf);
		kd_reply_error(r, KD_E_UNAVAILABLE, NULL, 0, NULL);
		return;
	}
	kd_reply_page(r, 200, "declare-find.cs", hdf);
}

/* GET /declare/find */
static void find_page(struct kd_req *r)
{
	show_find(r, 200, NULL, NULL);
}

/* POST /declare/find (any action) with bad fields. */
static void find_invalid(struct kd_req *r)
{
	if (r->want_json)
		kd_reply_error(r, KD_E_INVALID_FIELDS, find_fields, FF_COUNT, &r->vals);
	else
		show_find(r, 400, &r->vals, kd_err_message(KD_E_INVALID_FIELDS));
}

/* 1 when the ID number is locked after repeated misses, 0 not, -1
 * database. */
static int find_locked(const char *ref)
{
	char one[4];
	struct kd_col c[1] = { KD_COL(one) };
	struct kd_param p[1] = { KD_STR(ref) };

	return kd_db_row(ST_FIND_LOCKED, p, 1, c, 1);
}

/* Counts a miss (rc 0) or forgets the misses (rc 1).  0 ok, -1 database. */
static int find_count(const char *ref, int rc)
{
	struct kd_param p[2] = { KD_STR(ref), KD_INT(FIND_MAX_MISSES) };

	return kd_db_exec(rc == 1 ? ST_FIND_CLEAR : ST_FIND_MISS, p, rc == 1 ? 1 : 2) < 0 ?
	    -1 : 0;
}

/* The try, audited and counted: 1 found, 0 not found, 2 locked, -1
 * database or audit failed (nothing is answered without its row). */
static int find_try(struct kd_req *r, unsigned long long *id, time_t *expires)
{
	char ref[KD_CITIZEN_REF_SIZE];
	int rc;

	kd_citizen_ref(r->vals.v[FF_ID_NUMBER], ref);
	rc = find_locked(ref);
	if (rc == 0)
		rc = newest(&r->vals, id, expires);
	else if (rc == 1)
		rc = 2;
	if (rc < 0 || (rc < 2 && find_count(ref, rc) != 0) ||
	    kd_audit(r, "find", "citizen", ref,
	    rc == 2 ? "locked" : rc == 1 ? "found" : "miss") != 0)
		return -1;
	return rc;
}

/* The newest declaration of the look-up, or an answer: 1 found, 0
 * answered. */
static int find_newest(struct kd_req *r, unsigned long long *id, time_t *expires)
{
	int rc = find_try(r, id, expires);

	if (rc < 0)
		kd_reply_error(r, KD_E_UNAVAILABLE, NULL, 0, NULL);
	else if (rc == 2 && r->want_json)
		kd_reply_error(r, KD_E_RATE_LIMITED, NULL, 0, NULL);
	else if (rc == 2)
		show_find(r, 429, &r->vals, FIND_LOCKED);
	else if (rc == 0 && r->want_json)
		kd_reply_error(r, KD_E_NOT_FOUND, NULL, 0, NULL);
	else if (rc == 0)
		show_find(r, 404, &r->vals, FIND_NONE);
	return rc == 1;
}

/* POST /declare/find: id_number, dob, phone.  See the top of the file. */
static void find(struct kd_req *r)
{
	unsigned long long id;
	time_t expires;

	if (!find_newest(r, &id, &expires))
		return;
	if (r->want_json)
		find_json(r, id, expires);
	else
		find_page_found(r, id, expires);
}

/* POST /declare/find action=again: the form, filled. */
static void again(struct kd_req *r)
{
	static struct kd_decl d;
	struct kd_values *vals;
	unsigned long long id;
	struct kd_json j;
	time_t expires;

	if (!find_newest(r, &id, &expires))
		return;
	if (kd_decl_load(id, &d) != 1 ||
	    (vals = kd_alloc(&r->arena, sizeof(*vals))) == NULL) {
		kd_reply_error(r, KD_E_UNAVAILABLE, NULL, 0, NULL);
		return;
	}
	if (r->want_json) {
		kd_json_init(&j);
		kd_json_obj(&j);
		kd_json_key(&j, "declaration");
		kd_decl_json(&j, &d);
		kd_json_obj_end(&j);
		kd_reply_json(r, 200, &j);
		return;
	}
	kd_decl_prefill(&d, vals);
	kd_decl_form_page(r, &form, 200, vals, NULL, AGAIN_NOTICE);
}

/* --------------------------------------------------------- households */

/* The family form: shared fields, then the members (lib/household.h). */
static const struct kd_decl_form household_form = {
	.template = "household.cs", .fields = kd_household_fields,
	.nfields = KD_HH_COUNT, .extra = kd_household_form_hdf,
	.title = kd_household_title,
};

/* GET /declare/household */
static void household_get(struct kd_req *r)
{
	kd_decl_form_page(r, &household_form, 200, NULL, NULL, NULL);
}

/* POST /declare/household with a fault: the form again, or JSON 400
 * naming the member's field ("m2_dob"). */
static void household_invalid(struct kd_req *r)
{
	kd_decl_reply_invalid(r, &household_form);
}

struct family {
	struct kd_req *r;
	struct kd_household h;
	enum kd_err err;
};

static int family_txn(void *arg)
{
	struct family *f = arg;

	return kd_household_store(f->r, &f->h, "web", NULL, NULL, NULL, &f->err);
}

/* 201 (200 replayed): the codes, or 303 to the family's page. */
static void household_answer(struct kd_req *r, const struct kd_household *h)
{
	char token[KD_TOKEN_MAX], page[KD_HH_TOKEN_MAX], when[32];
	struct kd_json j;
	size_t k;

	if (kd_household_token(h->household_id, h->made[0].expires_at, page) != 0) {
		kd_reply_error(r, KD_E_SERVER, NULL, 0, NULL);
		return;
	}
	if (!r->want_json) {
		kd_reply_redirect(r, kd_asprintf(&r->arena, "/declare/household/%s", page));
		return;
	}
	kd_json_init(&j);
	kd_json_obj(&j);
	kd_json_kint(&j, "household_id", (long long)h->household_id);
	kd_json_key(&j, "declarations");
	kd_json_arr(&j);
	for (k = 0; k < h->n; k++) {
		if (kd_token_sign(h->made[k].declaration_id, h->made[k].expires_at, token) != 0)
			j.failed = 1;
		kd_time_iso(h->made[k].expires_at, when);
		kd_json_obj(&j);
		kd_json_kint(&j, "declaration_id", (long long)h->made[k].declaration_id);
		kd_json_kstr(&j, "token", token);
		kd_json_kstr(&j, "expires_at", when);
		kd_json_obj_end(&j);
	}
	kd_json_arr_end(&j);
	kd_json_kstr(&j, "page", kd_asprintf(&r->arena, "/declare/household/%s", page));
	kd_json_obj_end(&j);
	kd_reply_json(r, h->replayed ? 200 : 201, &j);
}

/* POST /declare/household: see the top of the file. */
static void household_post(struct kd_req *r)
{
	struct family *f = kd_alloc(&r->arena, sizeof(*f));

	if (f == NULL) {
		kd_reply_error(r, KD_E_SERVER, NULL, 0, NULL);
		return;
	}
	f->r = r;
	if (kd_household_split(r, &f->h) != 0) {
		kd_reply_error(r, KD_E_UNAVAILABLE, NULL, 0, NULL);
		return;
	}
	switch (kd_db_txn(family_txn, f, KD_TXN_TRIES)) {
	case KD_TXN_OK:
		household_answer(r, &f->h);
		return;
	case KD_TXN_REFUSED:
		kd_decl_reply_conflict(r, &household_form, &r->vals);
		return;
	case KD_TXN_FAILED:
		break;
	}
	kd_log("declare: storing a household failed (%u)", kd_db_errno());
	kd_reply_error(r, KD_E_UNAVAILABLE, NULL, 0, NULL);
}

/* GET /declare/household/<token> */
static void household_page(struct kd_req *r)
{
	struct kd_household_member members[KD_HH_MAX];
	const char *token = r->path + strlen("/declare/household/");
	unsigned long long id;
	time_t expires;
	size_t n = 0;
	HDF *hdf;
	int rc;

	if (kd_household_token_check(token, &id, &expires) != 0) {
		kd_reply_error(r, KD_E_NOT_FOUND, NULL, 0, NULL);
		return;
	}
	rc = kd_household_load(id, members, &n);
	if (rc <= 0) {
		kd_reply_error(r, rc < 0 ? KD_E_UNAVAILABLE : KD_E_NOT_FOUND, NULL, 0, NULL);
		return;
	}
	hdf = kd_hdf_new(r);
	if (hdf == NULL || kd_household_hdf(hdf, id, members, n) != 0) {
		hdf_destroy(&hdf);
		kd_reply_error(r, KD_E_SERVER, NULL, 0, NULL);
		return;
	}
	kd_reply_page(r, 200, "household-sheet.cs", hdf);
}

/* ------------------------------------------------------------- routes */

static int declare_init(void)
{
	return kd_household_keys_load();
}

/* Public pages: anyone may declare; a POST is origin-checked. */
static const struct kd_route routes[] = {
	{ .method = "GET", .path = "/declare", .anon = KD_ANON_ALLOW,
	    .handler = form_page },
	{ .method = "POST", .path = "/declare", .anon = KD_ANON_ALLOW,
	    .fields = kd_decl_form_fields, .nfields = KD_DF_FORM_COUNT,
	    .handler = submit, .invalid = submit_invalid, .settle = kd_decl_settle },
	{ .method = "GET", .path = "/declare/units", .anon = KD_ANON_ALLOW,
	    .fields = unit_fields, .nfields = UF_COUNT, .handler = units },
	{ .method = "GET", .path = "/declare/find", .anon = KD_ANON_ALLOW,
	    .handler = find_page },
	{ .method = "POST", .path = "/declare/find", .anon = KD_ANON_ALLOW,
	    .fields = find_fields, .nfields = FF_COUNT,
	    .handler = find, .invalid = find_invalid },
	{ .method = "POST", .path = "/declare/find", .action = "again",
	    .anon = KD_ANON_ALLOW, .fields = find_fields, .nfields = FF_COUNT,
	    .handler = again, .invalid = find_invalid },
	{ .method = "GET", .path = "/declare/household", .anon = KD_ANON_ALLOW,
	    .handler = household_get },
	{ .method = "POST", .path = "/declare/household", .anon = KD_ANON_ALLOW,
	    .fields = kd_household_fields, .nfields = KD_HH_COUNT,
	    .handler = household_post, .invalid = household_invalid,
	    .settle = kd_household_settle },
	{ .method = "GET", .path = "/declare/household/", .anon = KD_ANON_ALLOW,
	    .handler = household_page },
	{ .method = "GET", .path = "/declare/vehicle", .anon = KD_ANON_ALLOW,
	    .handler = vehicle_get },
	{ .method = "POST", .path = "/declare/vehicle", .anon = KD_ANON_ALLOW,
	    .fields = kd_vehicle_fields, .nfields = KD_VF_COUNT,
	    .handler = vehicle_post, .invalid = vehicle_invalid,
	    .settle = kd_vehicle_settle },
};

static const struct kd_program program = {
	.name = "declare",
	.sql = sql,
	.nsql = ST_COUNT,
	.need_db = 1,
	.need_units = 1,
	.need_keys = KD_KEYS_SIGN,
	.max_body = 64 * 1024,
	.init = declare_init,
	.routes = routes,
	.nroutes = sizeof(routes) / sizeof(routes[0]),
};

int main(int argc, char **argv)
{
	kd_household_init();
	kd_vehicle_init();
	return kd_serve(argc, argv, &program);
}
