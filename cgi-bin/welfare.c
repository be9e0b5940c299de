/*
 * welfare - support programs for people hit by the epidemic: the right
 * person, paid once in the whole country (issue #14, docs/WELFARE.md).
 *
 *   GET  /welfare [?commune=&program=&page=&format=]          public
 *        Without commune: the page to pick one.  With it: the payments
 *        made in that commune that stand (not reversed), names and ID
 *        numbers masked (lib/mask.h), newest first, PAGE_SIZE a page:
 *        {"commune", "commune_name", "total", "page", "amount",
 *         "items": [{"program", "program_id", "name", "id_number",
 *                    "amount", "paid_on"}],
 *         "programs": [{"program_id", "program", "count", "amount"}]}
 *        (programs: every program paid in the commune, with its totals;
 *        total and amount: over the items' filter).  format=json is the
 *        same as Accept: application/json; format=csv: 303 to
 *        /welfare/payments, the officers' full list.  400 bad fields.
 *   POST /welfare action=create_program     admin of the country or a province
 *        name, amount (VND), start_date, end_date, province (national
 *        administrator only: a province's program), cat_<code> ("1" for
 *        each kind of person covered, at least one) -> 201
 *        {"program_id"}.  403 forbidden (a district or commune
 *        administrator), 403 outside_area (a province administrator
 *        naming another province), 400 bad fields.
 *   POST /welfare action=register           police
 *        program, id_number, full_name, dob, gender, residence (perm,
 *        temp, stay, homeless), category, commune (default: the
 *        officer's unit when it is a commune), note (required for a
 *        homeless person: where they are) -> 201 {"beneficiary_id"}; the
 *        same person again in the same commune: 200, the same id.
 *        Checked against the population registry: 400 not_in_registry
 *        (id_number), 400 registry_mismatch (the fields that differ:
 *        full_name compared as kd_decl_compare does, dob, gender).
 *        403 outside_area (not living in that commune, or a commune
 *        outside the officer's unit; checked before the registry, so
 *        that nobody outside learns a name or birth date); 403, 404, 409
 *        program (another province's, none, ended); 409 deceased.
 *   POST /welfare/pay                       police
 *        program, id_number, amount (not above the program's), paid_on
 *        (default today), client_ref -> 201 {"payment_id", "amount",
 *        "paid_on", "commune"}; the same client_ref again 200.  409
 *        already_paid (fields.id_number says where and when), 409
 *        deceased, 404 not registered here, 403 outside_area, 400.  The
 *        rule and its steps: welfare.h.
 *   POST /welfare/reverse                   admin of a district or above
 *        payment_id, reason -> 200 {"payment_id"}.  403 forbidden (a
 *        commune administrator), 403 outside_area (a payment outside the
 *        unit), 404, 409 already reversed.
 *   GET  /welfare/programs [?page=&format=]       admin, police
 *   GET  /welfare/beneficiaries [?program=&commune=&page=&format=]
 *   GET  /welfare/payments [?program=&commune=&page=&format=]
 *        the officers' pages and lists (welfare-lists.c): {"total",
 *        "page", "items"}; csv.
 *   Every change writes its audit row in its own transaction; a refused
 *   registration or payment writes one too; officers' lists write one
 *   before they are read.  No row: 503.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "area.h"
#include "audit.h"
#include "db.h"
#include "decl.h"
#include "log.h"
#include "rows.h"
#include "serve.h"
#include "units.h"
#include "vntime.h"
#include "welfare.h"

/* --- statements ------------------------------------------------------------ */

#define PROGRAM_COLUMNS "name, amount, DATE_FORMAT(start_date, '%Y-%m-%d')," \
	" DATE_FORMAT(end_date, '%Y-%m-%d'), province, categories"
/* The programs an account works under: the national ones and its
 * province's (the national administrator's: all).  Both parameters are
 * the province's code, '' for the country (welfare-lists.c
 * read_programs: a district's or commune's code does not begin with its
 * province's). */
#define PROGRAMS_OF_UNIT " FROM welfare_programs WHERE province IS NULL" \
	" OR ? = '' OR province = ?"
/* A payment p with its registration b (the registry's name). */
#define PAYMENT_JOIN " FROM welfare_payments p" \
	" JOIN welfare_beneficiaries b ON b.beneficiary_id = p.beneficiary_id"
/* The name of t's program, read for the rows sent only (see the public
 * page's statements). */
#define PROGRAM_NAME(t) "(SELECT g.name FROM welfare_programs g" \
	" WHERE g.program_id = " #t ".program_id)"
#define ISO(c) "DATE_FORMAT(" c ", '%Y-%m-%dT%H:%i:%s+07:00')"
#define PUBLIC_ITEMS(filter) "SELECT STRAIGHT_JOIN " PROGRAM_NAME(p) "," \
	" p.program_id, b.full_name, p.id_number, p.amount," \
	" DATE_FORMAT(p.paid_on, '%Y-%m-%d')" PAYMENT_JOIN \
	" WHERE p.commune = ? AND p.live = 1" filter \
	" ORDER BY p.paid_on DESC, p.payment_id DESC"

const char *const wf_sql[ST_COUNT] = {
	[ST_PROGRAM_GET] = "SELECT " PROGRAM_COLUMNS
	    " FROM welfare_programs WHERE program_id = ?",
	[ST_PROGRAM_INSERT] = "INSERT INTO welfare_programs (name, amount, start_date,"
	    " end_date, province, categories, created_by, created_at)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, NOW())",
	[ST_PROGRAMS] = "SELECT program_id, " PROGRAM_COLUMNS PROGRAMS_OF_UNIT
	    " ORDER BY program_id DESC LIMIT ? OFFSET ?",
	[ST_PROGRAMS_COUNT] = "SELECT COUNT(*)" PROGRAMS_OF_UNIT,
	/* Dead before a day: the day of death (or of the entry, without one). */
	[ST_DECEASED] = "SELECT DATE_FORMAT(COALESCE(s.died_at, s.set_at), '%Y-%m-%d')"
	    " FROM f_current c JOIN f_status s ON s.f_status_id = c.f_status_id"
	    " WHERE c.id_number = ? AND c.status = 'deceased'"
	    " AND COALESCE(s.died_at, s.set_at) < ?",
	[ST_BENEF_INSERT] = "INSERT INTO welfare_beneficiaries (program_id, id_number,"
	    " full_name, commune, residence, category, note, registered_by,"
	    " registered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, NOW(3))",
	[ST_BENEF_FIND] = "SELECT beneficiary_id FROM welfare_beneficiaries"
	    " WHERE program_id = ? AND id_number = ? AND commune = ? LOCK IN SHARE MODE",
	[ST_BENEF_IN_UNIT] = "SELECT beneficiary_id, commune FROM welfare_beneficiaries"
	    " WHERE program_id = ? AND id_number = ? AND " KD_AREA_SQL_UNIT("commune")
	    " ORDER BY beneficiary_id LIMIT 1",
	[ST_BENEF_LIST] = "SELECT b.beneficiary_id, b.program_id, b.id_number,"
	    " b.full_name, b.commune, b.residence, b.category, b.note, "
	    ISO("b.registered_at") ", b.registered_by, p.payment_id, p.amount,"
	    " DATE_FORMAT(p.paid_on, '%Y-%m-%d'), p.commune"
	    " FROM welfare_beneficiaries b LEFT JOIN welfare_payments p"
	    " ON p.program_id = b.program_id AND p.id_number = b.id_number AND p.live = 1"
	    " WHERE (? = 0 OR b.program_id = ?) AND " KD_AREA_SQL_UNIT("b.commune")
	    " ORDER BY b.beneficiary_id DESC LIMIT ? OFFSET ?",
	[ST_BENEF_COUNT] = "SELECT COUNT(*) FROM welfare_beneficiaries b"
	    " WHERE (? = 0 OR b.program_id = ?) AND " KD_AREA_SQL_UNIT("b.commune"),
	[ST_PAY_INSERT] = "INSERT INTO welfare_payments (program_id, id_number,"
	    " beneficiary_id, commune, amount, paid_on, paid_by, paid_at, client_ref)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, NOW(3), ?)",
	/* Locking: the latest committed row, not the transaction's snapshot. */
	[ST_PAY_LIVE] = "SELECT payment_id, commune, DATE_FORMAT(paid_on, '%Y-%m-%d'),"
	    " DATE_FORMAT(paid_at, '%Y-%m-%d %H:%i:%s'), COALESCE(client_ref, ''), amount"
	    " FROM welfare_payments WHERE program_id = ? AND id_number = ? AND live = 1"
	    " LOCK IN SHARE MODE",
	[ST_PAY_LOCK] = "SELECT program_id, id_number, commune, reversed_at IS NOT NULL"
	    " FROM welfare_payments WHERE payment_id = ? FOR UPDATE",
	[ST_PAY_REVERSE] = "UPDATE welfare_payments SET reversed_at = NOW(3),"
	    " reversed_by = ?, reverse_reason = ? WHERE payment_id = ? AND reversed_at IS NULL",
	/* The public page reads only the commune's payments, in the order of
	 * its covering indexes (k_commune_totals, k_commune_list), so that a
	 * page costs the same whatever the size of the country.  The
	 * program's name is a subquery of the select list, read for the rows
	 * sent only: joined, the few programs were read into a join buffer,
	 * which lost the index's order (a sort of the commune's 5,000 rows
	 * for every page).  No "? = 0 OR" either: a statement per filter,
	 * because such a condition made the prepared statement read the
	 * program index instead. */
	[ST_PUBLIC_TOTALS] = "SELECT p.program_id, " PROGRAM_NAME(p) ", COUNT(*),"
	    " SUM(p.amount) FROM welfare_payments p WHERE p.commune = ? AND p.live = 1"
	    " GROUP BY p.program_id",
	[ST_PUBLIC_ITEMS] = PUBLIC_ITEMS("") " LIMIT ? OFFSET ?",
	[ST_PUBLIC_ITEMS_OF] = PUBLIC_ITEMS(" AND p.program_id = ?") " LIMIT ? OFFSET ?",
	[ST_PAYMENTS] = "SELECT STRAIGHT_JOIN p.payment_id, p.program_id, " PROGRAM_NAME(p) ","
	    " b.full_name, p.id_number, p.amount, DATE_FORMAT(p.paid_on, '%Y-%m-%d'), p.commune,"
	    " p.paid_by, " ISO("p.paid_at") ", " ISO("p.reversed_at") ","
	    " p.reversed_by, p.reverse_reason" PAYMENT_JOIN
	    " WHERE (? = 0 OR p.program_id = ?) AND " KD_AREA_SQL_UNIT("p.commune")
	    " ORDER BY p.payment_id DESC LIMIT ? OFFSET ?",
	[ST_PAYMENTS_COUNT] = "SELECT COUNT(*) FROM welfare_payments p"
	    " WHERE (? = 0 OR p.program_id = ?) AND " KD_AREA_SQL_UNIT("p.commune"),
};

/* --- the kinds of person, and where they live -------------------------------- */

/* The codes are schema/007's SET of welfare_programs.categories. */
const struct wf_label wf_categories[WF_NCATEGORIES] = {
	{ "worker_suspended", "cat_worker_suspended",
	    "Người lao động tạm hoãn hợp đồng, nghỉ việc không lương, mất việc" },
	{ "free_worker", "cat_free_worker", "Lao động tự do, không có hợp đồng lao động" },
	{ "household_business", "cat_household_business", "Hộ kinh doanh phải tạm ngừng hoạt động" },
	{ "f0_f1", "cat_f0_f1", "Người điều trị COVID-19 (F0) hoặc cách ly y tế (F1)" },
	{ "child", "cat_child", "Trẻ em" },
	{ "elderly", "cat_elderly", "Người cao tuổi" },
	{ "poor_household", "cat_poor_household", "Hộ nghèo, hộ cận nghèo" },
	{ "disabled", "cat_disabled", "Người khuyết tật" },
	{ "homeless", "cat_homeless", "Người vô gia cư, người lang thang" },
	{ "other", "cat_other", "Đối tượng khác theo quyết định của địa phương" },
};

const struct wf_label wf_residences[WF_NRESIDENCES] = {
	{ "perm", NULL, "Thường trú" },
	{ "temp", NULL, "Tạm trú" },
	{ "stay", NULL, "Lưu trú" },
	{ "homeless", NULL, "Không nơi cư trú ổn định (nơi đang ở)" },
};
enum { RES_HOMELESS = 3 };

const char *wf_label_of(const struct wf_label *table, size_t n, const char *code)
{
	size_t i;

	for (i = 0; code != NULL && i < n; i++)
		if (strcmp(table[i].code, code) == 0)
			return table[i].label;
	return "";
}

/* Choice lists of the fields, made from the tables in main(). */
static const char *category_codes[WF_NCATEGORIES + 1];
static const char *residence_codes[WF_NRESIDENCES + 1];

/* --- fields ---------------------------------------------------------------- */

static const char *const formats[] = { "html", "json", "csv", NULL };

const struct kd_field wf_list_fields[L_COUNT] = {
	[L_PROGRAM] = { .name = "program", .type = KD_T_ID },
	[L_COMMUNE] = { .name = "commune", .type = KD_T_COMMUNE },
	[L_PAGE] = { .name = "page", .type = KD_T_INT, .min = 1, .max = 100000 },
	[L_FORMAT] = { .name = "format", .type = KD_T_CHOICE, .choices = formats },
};

/* create_program: then one flag per category, from wf_categories. */
enum { N_NAME, N_AMOUNT, N_START, N_END, N_PROVINCE, N_CAT0,
	N_COUNT = N_CAT0 + WF_NCATEGORIES };
static struct kd_field program_fields[N_COUNT] = {
	[N_NAME] = { .name = "name", .type = KD_T_TEXT, .flags = KD_REQUIRED, .min = 3, .max = 200 },
	[N_AMOUNT] = { .name = "amount", .type = KD_T_INT, .flags = KD_REQUIRED,
	    .min = 1000, .max = 100000000, .message = "Số tiền từ 1.000 đến 100.000.000 đồng." },
	[N_START] = { .name = "start_date", .type = KD_T_DATE, .flags = KD_REQUIRED },
	[N_END] = { .name = "end_date", .type = KD_T_DATE, .flags = KD_REQUIRED },
	[N_PROVINCE] = { .name = "province", .type = KD_T_UNIT },
};

enum { R_PROGRAM, R_ID_NUMBER, R_FULL_NAME, R_DOB, R_GENDER, R_RESIDENCE,
	R_CATEGORY, R_COMMUNE, R_NOTE, R_COUNT };
static struct kd_field register_fields[R_COUNT] = {
	[R_PROGRAM] = { .name = "program", .type = KD_T_ID, .flags = KD_REQUIRED },
	[R_ID_NUMBER] = { .name = "id_number", .type = KD_T_ID_NUMBER, .flags = KD_REQUIRED },
	[R_FULL_NAME] = { .name = "full_name", .type = KD_T_PERSON_NAME, .flags = KD_REQUIRED },
	[R_DOB] = { .name = "dob", .type = KD_T_DATE, .flags = KD_REQUIRED },
	[R_GENDER] = { .name = "gender", .type = KD_T_GENDER, .flags = KD_REQUIRED },
	[R_RESIDENCE] = { .name = "residence", .type = KD_T_CHOICE, .flags = KD_REQUIRED },
	[R_CATEGORY] = { .name = "category", .type = KD_T_CHOICE, .flags = KD_REQUIRED },
	[R_COMMUNE] = { .name = "commune", .type = KD_T_COMMUNE },
	[R_NOTE] = { .name = "note", .type = KD_T_TEXT, .max = 500 },
};

const struct kd_field wf_pay_fields[P_COUNT] = {
	[P_PROGRAM] = { .name = "program", .type = KD_T_ID, .flags = KD_REQUIRED },
	[P_ID_NUMBER] = { .name = "id_number", .type = KD_T_ID_NUMBER, .flags = KD_REQUIRED },
	[P_AMOUNT] = { .name = "amount", .type = KD_T_INT, .flags = KD_REQUIRED,
	    .min = 1, .max = 100000000, .message = "Số tiền từ 1 đến 100.000.000 đồng." },
	[P_PAID_ON] = { .name = "paid_on", .type = KD_T_DATE },
	[P_CLIENT_REF] = { .name = "client_ref", .type = KD_T_TOKEN, .max = 64 },
};

const struct kd_field wf_reverse_fields[V_COUNT] = {
	[V_PAYMENT_ID] = { .name = "payment_id", .type = KD_T_ID, .flags = KD_REQUIRED },
	[V_REASON] = { .name = "reason", .type = KD_T_TEXT, .flags = KD_REQUIRED,
	    .min = 5, .max = 500, .message = "Ghi rõ lý do thu hồi (5–500 ký tự)." },
};

/* --- small shared pieces --------------------------------------------------------- */

void wf_hdf_money_days(HDF *hdf, const char *prefix, const struct kd_rows *rows,
    int amount_col, int day_col)
{
	char name[96], text[32], day[11];
	const char *v;
	size_t i;

	for (i = 0; i < rows->nrows; i++) {
		if (amount_col >= 0 && (v = kd_rows_get(rows, i, (size_t)amount_col)) != NULL) {
			kd_number_vn(strtoll(v, NULL, 10), text);
			snprintf(name, sizeof(name), "%s.%zu.amount_vn", prefix, i);
			kd_hdf_set(hdf, name, text);
		}
		if (day_col >= 0 && (v = kd_rows_get(rows, i, (size_t)day_col)) != NULL) {
			kd_date_vn(v, day);
			snprintf(name, sizeof(name), "%s.%zu.%s_vn", prefix, i,
			    rows->cols[day_col].name);
			kd_hdf_set(hdf, name, day);
		}
	}
}

int wf_may_create_program(const struct kd_req *r)
{
	const struct kd_unit *u = kd_unit_find(r->session.unit);

	return r->session.unit[0] == '\0' || (u != NULL && u->level == 'p');
}

int wf_may_reverse(const struct kd_req *r)
{
	const struct kd_unit *u = kd_unit_find(r->session.unit);

	return r->session.unit[0] == '\0' || (u != NULL && u->level != 'c');
}

int wf_program_load(long long id, struct wf_program *pg)
{
	char amount[24] = "";
	struct kd_col cols[6] = { KD_COL(pg->name), KD_COL(amount), KD_COL(pg->start),
	    KD_COL(pg->end), KD_COL(pg->province), KD_COL(pg->categories) };
	struct kd_param p[1] = { KD_INT(id) };
	int rc;

	memset(pg, 0, sizeof(*pg));
	pg->id = id;
	rc = kd_db_row(ST_PROGRAM_GET, p, 1, cols, 6);
	pg->amount = rc == 1 ? strtoll(amount, NULL, 10) : 0;
	return rc;
}

enum wf_refusal wf_check_alive(const char *id_number, const char *day,
    struct wf_refused *no)
{
	char died[16] = "", when[11];
	struct kd_col cols[1] = { KD_COL(died) };
	struct kd_param p[2] = { KD_STR(id_number), KD_STR(day) };
	int rc = kd_db_row(ST_DECEASED, p, 2, cols, 1);

	if (rc <= 0)
		return rc < 0 ? WF_UNAVAILABLE : WF_OK;
	kd_date_vn(died, when);
	snprintf(no->detail, sizeof(no->detail),
	    "Công dân đã mất ngày %s, trước khi chương trình bắt đầu.", when);
	return WF_DECEASED;
}

int wf_txn_refuse(struct wf_refused *no, enum wf_refusal why)
{
	no->why = why;
	return why == WF_UNAVAILABLE ? -1 : KD_TXN_REFUSED;
}

void wf_audit_refusal(struct kd_req *r, const char *action, const char *ref,
    struct wf_refused *no)
{
	static const char *const code[WF_COUNT] = {
		[WF_NO_PROGRAM] = "no_program", [WF_PROGRAM_ELSEWHERE] = "program_elsewhere",
		[WF_PROGRAM_ENDED] = "program_ended", [WF_PAID_ON] = "paid_on",
		[WF_AMOUNT_TOO_HIGH] = "amount", [WF_CATEGORY] = "category",
		[WF_COMMUNE] = "commune", [WF_HOMELESS_NOTE] = "note",
		[WF_NOT_IN_REGISTRY] = "not_in_registry", [WF_MISMATCH] = "registry_mismatch",
		[WF_OUTSIDE_AREA] = "outside_area", [WF_NOT_REGISTERED] = "not_registered",
		[WF_DECEASED] = "deceased", [WF_ALREADY_PAID] = "already_paid",
		[WF_REF_CONFLICT] = "client_ref", [WF_COMMUNE_ELSEWHERE] = "outside_area",
	};
	char detail[80];

	if (no->why == WF_UNAVAILABLE)
		return;
	snprintf(detail, sizeof(detail), "refused %s", code[no->why] ? code[no->why] : "other");
	if (kd_audit(r, action, "citizen", ref, detail) != 0)
		no->why = WF_UNAVAILABLE;
}

/* --- refusals --------------------------------------------------------------------- */

static const struct {
	enum kd_err err;
	const char *field;          /* the field it names, or NULL */
	const char *message;        /* next to the field */
} refusals[WF_COUNT] = {
	[WF_NO_PROGRAM] = { KD_E_NOT_FOUND, "program", "Không có chương trình hỗ trợ này." },
	[WF_PROGRAM_ELSEWHERE] = { KD_E_FORBIDDEN, "program", "Chương trình này thuộc tỉnh, thành phố khác." },
	[WF_PROGRAM_ENDED] = { KD_E_CONFLICT, "program", "Chương trình đã kết thúc." },
	[WF_PAID_ON] = { KD_E_INVALID_FIELDS, "paid_on", "Ngày chi trả nằm ngoài thời gian của chương trình." },
	[WF_AMOUNT_TOO_HIGH] = { KD_E_INVALID_FIELDS, "amount", "Số tiền vượt mức hỗ trợ của chương trình." },
	[WF_CATEGORY] = { KD_E_INVALID_FIELDS, "category", "Chương trình không áp dụng cho nhóm đối tượng này." },
	[WF_COMMUNE] = { KD_E_INVALID_FIELDS, "commune", "Chọn xã/phường nơi công dân đang sống, thuộc địa bàn của bạn." },
	[WF_COMMUNE_ELSEWHERE] = { KD_E_OUTSIDE_AREA, "commune", "Xã/phường này nằm ngoài địa bàn của bạn." },
	[WF_HOMELESS_NOTE] = { KD_E_INVALID_FIELDS, "note", "Người không nơi cư trú ổn định: ghi rõ nơi đang ở." },
	[WF_NOT_IN_REGISTRY] = { KD_E_NOT_IN_REGISTRY, "id_number", "Số giấy tờ không có trong CSDL quốc gia về dân cư." },
	[WF_MISMATCH] = { KD_E_REGISTRY_MISMATCH, NULL, NULL },
	[WF_OUTSIDE_AREA] = { KD_E_OUTSIDE_AREA, "id_number", "Công dân không cư trú trên địa bàn này." },
	[WF_NOT_REGISTERED] = { KD_E_NOT_FOUND, "id_number", "Công dân chưa được đăng ký hưởng chương trình này trên địa bàn của bạn." },
	[WF_DECEASED] = { KD_E_DECEASED, "id_number", "Công dân đã mất trước khi chương trình bắt đầu." },
	[WF_ALREADY_PAID] = { KD_E_ALREADY_PAID, "id_number", "Công dân đã được chi trả trong chương trình này." },
	[WF_REF_CONFLICT] = { KD_E_CONFLICT, "client_ref", "Mã yêu cầu này đã dùng cho một khoản chi trả khác." },
	[WF_NO_PAYMENT] = { KD_E_NOT_FOUND, "payment_id", "Không có khoản chi trả này." },
	[WF_PAYMENT_ELSEWHERE] = { KD_E_OUTSIDE_AREA, "payment_id", "Khoản chi trả này thuộc địa bàn khác." },
	[WF_ALREADY_REVERSED] = { KD_E_CONFLICT, "payment_id", "Khoản chi trả này đã được thu hồi." },
	[WF_LEVEL] = { KD_E_FORBIDDEN, NULL, NULL },
	[WF_UNAVAILABLE] = { KD_E_UNAVAILABLE, NULL, NULL },
};

#define M_MISMATCH "Không khớp với CSDL quốc gia về dân cư."

/* Field name's message, when the route has that field. */
static void mark(struct kd_req *r, const char *name, const char *msg)
{
	size_t i;

	for (i = 0; name != NULL && i < r->route->nfields; i++)
		if (strcmp(r->route->fields[i].name, name) == 0)
			kd_field_fail(&r->vals, i, msg);
}

/* A refusal: JSON {"error": {code, message, fields}}, or page with the
 * form as sent, its messages and an alert. */
static void refuse(struct kd_req *r, const struct wf_refused *no, wf_page page,
    struct wf_view *view)
{
	enum kd_err e = refusals[no->why].err;
	size_t i;

	mark(r, refusals[no->why].field,
	    no->detail[0] ? no->detail : refusals[no->why].message);
	for (i = 0; i < 3 && no->mismatch[i] != NULL; i++)
		mark(r, no->mismatch[i], M_MISMATCH);
	if (r->want_json || e == KD_E_UNAVAILABLE) {
		kd_reply_error(r, e, r->route->fields, r->route->nfields, &r->vals);
		return;
	}
	view->status = kd_err_status(e);
	view->alert = refusals[no->why].field == NULL && no->detail[0] ?
	    no->detail : kd_err_message(e);
	view->keep_form = 1;
	page(r, view);
}

/* --- answers shared by the forms ------------------------------------------------------ */

/* Fields in error (r->vals): JSON error e with them, or page showing the
 * form as sent. */
static void invalid_answer(struct kd_req *r, enum kd_err e, wf_page page,
    struct wf_view *view)
{
	if (r->want_json) {
		kd_reply_error(r, e, r->route->fields, r->route->nfields, &r->vals);
		return;
	}
	view->status = kd_err_status(e);
	view->alert = kd_err_message(e);
	view->keep_form = 1;
	page(r, view);
}

static void program_invalid(struct kd_req *r)
{
	struct wf_view view = { .page = 1, .form = "create_program" };

	invalid_answer(r, KD_E_INVALID_FIELDS, wf_programs_page, &view);
}

static void register_invalid(struct kd_req *r)
{
	struct wf_view view = { .page = 1, .form = "register", .program = r->vals.n[R_PROGRAM] };

	invalid_answer(r, KD_E_INVALID_FIELDS, wf_beneficiaries_page, &view);
}

static void pay_invalid(struct kd_req *r)
{
	struct wf_view view = { .page = 1, .form = "pay", .program = r->vals.n[P_PROGRAM] };

	invalid_answer(r, KD_E_INVALID_FIELDS, wf_beneficiaries_page, &view);
}

static void reverse_invalid(struct kd_req *r)
{
	struct wf_view view = { .page = 1, .form = "reverse" };

	invalid_answer(r, KD_E_INVALID_FIELDS, wf_payments_page, &view);
}

/* A created or changed thing: JSON {key: id}, or page with a notice. */
static void done(struct kd_req *r, int status, const char *key, long long id,
    wf_page page, struct wf_view *view, const char *notice)
{
	struct kd_json j;

	if (!r->want_json) {
		view->status = status;
		view->notice = notice;
		page(r, view);
		return;
	}
	kd_json_init(&j);
	kd_json_obj(&j);
	kd_json_kint(&j, key, id);
	kd_json_obj_end(&j);
	kd_reply_json(r, status, &j);
}

/* --- create_program --------------------------------------------------------------------- */

struct create {
	struct kd_req *r;
	const char *province;       /* "" national */
	char categories[400];
	long long id;
};

/* The kinds ticked, as the SET value ("child,elderly"); "" for none. */
static void ticked(const struct kd_values *v, char *out, size_t cap)
{
	size_t i, used = 0;

	out[0] = '\0';
	for (i = 0; i < WF_NCATEGORIES && used < cap; i++)
		if (v->v[N_CAT0 + i] != NULL)
			used += (size_t)snprintf(out + used, cap - used, "%s%s",
			    used ? "," : "", wf_categories[i].code);
}

/* The province a new program is for: the province administrator's own;
 * the national administrator's choice ("" national).  NULL: refused. */
static const char *program_province(struct kd_req *r)
{
	const char *asked = r->vals.v[N_PROVINCE];
	const struct kd_unit *u = asked != NULL ? kd_unit_find(asked) : NULL;

	if (r->session.unit[0] != '\0')
		return asked == NULL || strcmp(asked, r->session.unit) == 0 ?
		    r->session.unit : NULL;
	if (asked == NULL)
		return "";
	return u != NULL && u->level == 'p' ? asked : NULL;
}

static int create_txn(void *arg)
{
	struct create *c = arg;
	const struct kd_values *v = &c->r->vals;
	struct kd_param p[7] = { KD_STR(v->v[N_NAME]), KD_INT(v->n[N_AMOUNT]),
	    KD_STR(v->v[N_START]), KD_STR(v->v[N_END]),
	    KD_STR(c->province[0] ? c->province : NULL), KD_STR(c->categories),
	    KD_STR(c->r->session.uid) };
	char target[24], detail[64];

	if (kd_db_exec(ST_PROGRAM_INSERT, p, 7) != 1)
		return -1;
	c->id = (long long)kd_db_insert_id(ST_PROGRAM_INSERT);
	snprintf(target, sizeof(target), "%lld", c->id);
	snprintf(detail, sizeof(detail), "province %s amount %lld",
	    c->province[0] ? c->province : "-", v->n[N_AMOUNT]);
	return kd_audit(c->r, "welfare_program_create", "program", target, detail) == 0 ?
	    KD_TXN_OK : -1;
}

/* POST /welfare action=create_program. */
static void h_create_program(struct kd_req *r)
{
	struct wf_view view = { .page = 1, .form = "create_program" };
	struct wf_refused no = { .why = WF_LEVEL,
	    .detail = "Chỉ quản trị viên cấp tỉnh hoặc toàn quốc được tạo chương trình hỗ trợ." };
	struct create c = { .r = r };
	enum kd_err e = KD_E_INVALID_FIELDS;

	if (!wf_may_create_program(r)) {
		refuse(r, &no, wf_programs_page, &view);
		return;
	}
	c.province = program_province(r);
	if (c.province == NULL) {
		e = r->session.unit[0] != '\0' ? KD_E_OUTSIDE_AREA : KD_E_INVALID_FIELDS;
		kd_field_fail(&r->vals, N_PROVINCE, e == KD_E_OUTSIDE_AREA ?
		    "Bạn chỉ tạo được chương trình của tỉnh mình." :
		    "Chọn một tỉnh, thành phố (mã 2 chữ số), hoặc để trống: toàn quốc.");
	}
	if (strcmp(r->vals.v[N_END], r->vals.v[N_START]) < 0)
		kd_field_fail(&r->vals, N_END, "Ngày kết thúc không được trước ngày bắt đầu.");
	ticked(&r->vals, c.categories, sizeof(c.categories));
	if (c.categories[0] == '\0')
		kd_field_fail(&r->vals, N_CAT0, "Chọn ít nhất một nhóm đối tượng được hỗ trợ.");
	if (r->vals.nerrors > 0) {
		invalid_answer(r, e, wf_programs_page, &view);
		return;
	}
	if (kd_db_txn(create_txn, &c, KD_TXN_TRIES) != KD_TXN_OK) {
		kd_reply_error(r, KD_E_UNAVAILABLE, NULL, 0, NULL);
		return;
	}
	done(r, 201, "program_id", c.id, wf_programs_page, &view,
	    "Đã tạo chương trình hỗ trợ.");
}

/* --- register ----------------------------------------------------------------------------- */

struct reg {
	struct kd_req *r;
	struct wf_program pg;
	const char *commune;
	char name[404];             /* the registry's */
	char ref[KD_CITIZEN_REF_SIZE];
	long long id;
	int created;
	struct wf_refused no;
};

int wf_in_set(const char *set, const char *code)
{
	size_t n = strlen(code);
	const char *p;

	for (p = set; (p = strstr(p, code)) != NULL; p += n)
		if ((p == set || p[-1] == ',') && (p[n] == ',' || p[n] == '\0'))
			return 1;
	return 0;
}

/* 1. Where: the commune given, or the officer's own; in the officer's
 * unit.  A homeless person's note says where they are. */
static enum wf_refusal reg_where(struct reg *g)
{
	const struct kd_values *v = &g->r->vals;

	g->commune = v->v[R_COMMUNE] != NULL ? v->v[R_COMMUNE] : g->r->session.unit;
	if (!kd_unit_is_address(g->commune))
		return WF_COMMUNE;
	if (!kd_unit_within(g->commune, g->r->session.unit))
		return WF_COMMUNE_ELSEWHERE;
	if (v->n[R_RESIDENCE] == RES_HOMELESS && v->v[R_NOTE] == NULL)
		return WF_HOMELESS_NOTE;
	return WF_OK;
}

/* 2. The program: it exists, is the country's or the commune's
 * province's, has not ended, and covers the category. */
static enum wf_refusal reg_program(struct reg *g)
{
	const struct kd_values *v = &g->r->vals;
	char today[11], end[11];
	int rc = wf_program_load(v->n[R_PROGRAM], &g->pg);

	if (rc <= 0)
		return rc < 0 ? WF_UNAVAILABLE : WF_NO_PROGRAM;
	if (g->pg.province[0] != '\0' && !kd_unit_within(g->commune, g->pg.province))
		return WF_PROGRAM_ELSEWHERE;
	kd_today(time(NULL), today);
	if (strcmp(today, g->pg.end) > 0) {
		kd_date_vn(g->pg.end, end);
		snprintf(g->no.detail, sizeof(g->no.detail), "Chương trình đã kết thúc ngày %s.", end);
		return WF_PROGRAM_ENDED;
	}
	return wf_in_set(g->pg.categories, v->v[R_CATEGORY]) ? WF_OK : WF_CATEGORY;
}

/* 3. The population registry: the ID exists, and name, birth date and
 * gender match as kd_decl_compare compares them; each field that does
 * not is named (compared alone, the others taken from the registry). */
static enum wf_refusal reg_registry(struct reg *g)
{
	static const size_t checked[3] = { R_FULL_NAME, R_DOB, R_GENDER };
	char dob[16], gender[4];
	const char *stored[3] = { g->name, dob, gender }, *mine[3];
	struct kd_col cols[3] = { KD_COL(g->name), KD_COL(dob), KD_COL(gender) };
	struct kd_param p[1] = { KD_STR(g->r->vals.v[R_ID_NUMBER]) };
	size_t k, i, n = 0;
	int rc = kd_db_row(KD_SQL_DECL_CITIZEN, p, 1, cols, 3);

	if (rc <= 0)
		return rc < 0 ? WF_UNAVAILABLE : WF_NOT_IN_REGISTRY;
	for (k = 0; k < 3; k++) {
		for (i = 0; i < 3; i++)
			mine[i] = i == k ? g->r->vals.v[checked[i]] : stored[i];
		if (kd_decl_compare(g->name, dob, gender, mine[0], mine[1], mine[2]) !=
		    KD_REG_MATCHED)
			g->no.mismatch[n++] = register_fields[checked[k]].name;
	}
	return n == 0 ? WF_OK : WF_MISMATCH;
}

/* 4. The citizen lives in the commune (SPEC "Area": the registry's
 * permanent residence or a residence declared in the last 30 days); a
 * homeless person is registered where they are. */
static enum wf_refusal reg_lives_there(struct reg *g)
{
	char codes[16][6];
	int n, i;

	if (g->r->vals.n[R_RESIDENCE] == RES_HOMELESS)
		return WF_OK;
	n = kd_area_communes(g->r->vals.v[R_ID_NUMBER], codes, 16);
	if (n < 0)
		return WF_UNAVAILABLE;
	for (i = 0; i < n; i++)
		if (strcmp(codes[i], g->commune) == 0)
			return WF_OK;
	return WF_OUTSIDE_AREA;
}

/* 5. The registration and its audit row; the same commune again is the
 * row already there. */
static int register_txn(void *arg)
{
	struct reg *g = arg;
	const struct kd_values *v = &g->r->vals;
	struct kd_param p[8] = { KD_INT(g->pg.id), KD_STR(v->v[R_ID_NUMBER]),
	    KD_STR(g->name), KD_STR(g->commune), KD_STR(v->v[R_RESIDENCE]),
	    KD_STR(v->v[R_CATEGORY]), KD_STR(v->v[R_NOTE] ? v->v[R_NOTE] : ""),
	    KD_STR(g->r->session.uid) };
	char id[24], detail[96];
	struct kd_col col[1] = { KD_COL(id) };

	g->created = kd_db_exec(ST_BENEF_INSERT, p, 8) == 1;
	if (!g->created) {
		if (kd_db_errno() != KD_ER_DUP_ENTRY)
			return -1;
		p[2] = KD_STR(g->commune);
		if (kd_db_row(ST_BENEF_FIND, p, 3, col, 1) != 1)
			return -1;
		g->id = strtoll(id, NULL, 10);
		return KD_TXN_OK;
	}
	g->id = (long long)kd_db_insert_id(ST_BENEF_INSERT);
	snprintf(detail, sizeof(detail), "beneficiary %lld program %lld commune %s",
	    g->id, g->pg.id, g->commune);
	return kd_audit(g->r, "welfare_register", "citizen", g->ref, detail) == 0 ?
	    KD_TXN_OK : -1;
}

static enum wf_refusal register_steps(struct reg *g)
{
	enum wf_refusal why;

	/* Where the person lives before what the registry says: police
	 * outside the area learn nothing of a name, birth date or gender. */
	if ((why = reg_where(g)) != WF_OK || (why = reg_program(g)) != WF_OK ||
	    (why = reg_lives_there(g)) != WF_OK || (why = reg_registry(g)) != WF_OK ||
	    (why = wf_check_alive(g->r->vals.v[R_ID_NUMBER], g->pg.start, &g->no)) != WF_OK)
		return why;
	return kd_db_txn(register_txn, g, KD_TXN_TRIES) == KD_TXN_OK ? WF_OK : WF_UNAVAILABLE;
}

/* POST /welfare action=register. */
static void h_register(struct kd_req *r)
{
	struct reg g = { .r = r };
	struct wf_view view = { .page = 1, .form = "register", .program = r->vals.n[R_PROGRAM] };

	kd_citizen_ref(r->vals.v[R_ID_NUMBER], g.ref);
	g.no.why = register_steps(&g);
	if (g.no.why != WF_OK) {
		wf_audit_refusal(r, "welfare_register_refused", g.ref, &g.no);
		refuse(r, &g.no, wf_beneficiaries_page, &view);
		return;
	}
	view.commune = g.commune;
	done(r, g.created ? 201 : 200, "beneficiary_id", g.id, wf_beneficiaries_page, &view,
	    g.created ? "Đã đăng ký công dân hưởng chương trình." :
	    "Công dân đã được đăng ký tại xã/phường này từ trước.");
}

/* --- pay and reverse (the rule: welfare.h, welfare-pay.c) ---------------------------------- */

/* POST /welfare/pay. */
static void h_pay(struct kd_req *r)
{
	struct wf_view view = { .page = 1, .form = "pay", .program = r->vals.n[P_PROGRAM] };
	struct wf_payment pay;
	struct wf_refused no = { .why = WF_OK };
	struct kd_json j;
	char money[32];

	if (wf_pay(r, &pay, &no) != 0) {
		refuse(r, &no, wf_beneficiaries_page, &view);
		return;
	}
	if (!r->want_json) {
		view.status = pay.created ? 201 : 200;
		kd_number_vn(pay.amount, money);
		view.notice = kd_asprintf(&r->arena, "Đã ghi nhận chi trả %s đồng (mã chi trả %llu).",
		    money, pay.payment_id);
		wf_beneficiaries_page(r, &view);
		return;
	}
	kd_json_init(&j);
	kd_json_obj(&j);
	kd_json_kint(&j, "payment_id", (long long)pay.payment_id);
	kd_json_kint(&j, "amount", pay.amount);
	kd_json_kstr(&j, "paid_on", pay.paid_on);
	kd_json_kstr(&j, "commune", pay.commune);
	kd_json_obj_end(&j);
	kd_reply_json(r, pay.created ? 201 : 200, &j);
}

/* POST /welfare/reverse. */
static void h_reverse(struct kd_req *r)
{
	struct wf_view view = { .page = 1, .form = "reverse" };
	struct wf_refused no = { .why = WF_OK };

	if (wf_reverse(r, &no) != 0) {
		refuse(r, &no, wf_payments_page, &view);
		return;
	}
	done(r, 200, "payment_id", r->vals.n[V_PAYMENT_ID], wf_payments_page, &view,
	    "Đã thu hồi khoản chi trả. Công dân có thể được chi trả lại trong chương trình.");
}

/* --- routes ----------------------------------------------------------------------------------- */

#define OFFICERS (KD_ROLE_POLICE | KD_ROLE_ADMIN)
static const struct kd_route routes[] = {
	{ .method = "GET", .path = "/welfare", .anon = KD_ANON_ALLOW,
	    .fields = wf_list_fields, .nfields = L_COUNT, .handler = wf_public_get },
	{ .method = "POST", .path = "/welfare", .action = "create_program",
	    .roles = KD_ROLE_ADMIN, .fields = program_fields, .nfields = N_COUNT,
	    .handler = h_create_program, .invalid = program_invalid },
	{ .method = "POST", .path = "/welfare", .action = "register",
	    .roles = KD_ROLE_POLICE, .fields = register_fields, .nfields = R_COUNT,
	    .handler = h_register, .invalid = register_invalid },
	{ .method = "POST", .path = "/welfare/pay", .roles = KD_ROLE_POLICE,
	    .fields = wf_pay_fields, .nfields = P_COUNT, .handler = h_pay,
	    .invalid = pay_invalid },
	{ .method = "POST", .path = "/welfare/reverse", .roles = KD_ROLE_ADMIN,
	    .fields = wf_reverse_fields, .nfields = V_COUNT, .handler = h_reverse,
	    .invalid = reverse_invalid },
	{ .method = "GET", .path = "/welfare/programs", .roles = OFFICERS,
	    .fields = wf_list_fields, .nfields = L_COUNT, .handler = wf_programs_get },
	{ .method = "GET", .path = "/welfare/beneficiaries", .roles = OFFICERS,
	    .fields = wf_list_fields, .nfields = L_COUNT, .handler = wf_beneficiaries_get },
	{ .method = "GET", .path = "/welfare/payments", .roles = OFFICERS,
	    .fields = wf_list_fields, .nfields = L_COUNT, .handler = wf_payments_get },
};

static const struct kd_program program = {
	.name = "welfare",
	.sql = wf_sql,
	.nsql = ST_COUNT,
	.need_db = 1,
	.need_units = 1,
	.routes = routes,
	.nroutes = KD_NFIELDS(routes),
};

int main(int argc, char **argv)
{
	size_t i;

	/* The fields made from the tables of kinds and residences. */
	for (i = 0; i < WF_NCATEGORIES; i++) {
		category_codes[i] = wf_categories[i].code;
		program_fields[N_CAT0 + i] = (struct kd_field){
		    .name = wf_categories[i].field, .type = KD_T_FLAG };
	}
	for (i = 0; i < WF_NRESIDENCES; i++)
		residence_codes[i] = wf_residences[i].code;
	register_fields[R_CATEGORY].choices = category_codes;
	register_fields[R_RESIDENCE].choices = residence_codes;
	return kd_serve(argc, argv, &program);
}
