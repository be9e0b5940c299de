/*
 * f-permits.c - travel permits (giấy đi đường, issue 21): issued by the
 * police or administrator of a commune or district to a person for a
 * unit of its subtree and a period, revoked with a reason; the kiosk
 * shows a person's permit and lets them into a level-4 unit with it
 * (lib/zones.h).
 *
 *   GET  /permits [?page=&format=]  police, admin: the permits valid in
 *        the officer's unit (area within it) that end after a week ago,
 *        newest first, 50 a page -> {"total", "page", "items": [{
 *        "permit_id", "id_number", "full_name", "kind", "area",
 *        "valid_from", "valid_to", "note", "issued_by", "issued_at",
 *        "revoked_at", "revoke_reason", "valid"}]}; the page also has
 *        the forms.  Audited (permits_list).
 *   GET  /permits?id_number=       police, admin: {"id_number",
 *        "full_name", "items": [...]} that person's permits: all of them
 *        when the person lives in the officer's area (SPEC "Area"), else
 *        those valid in the officer's unit; none of either is 403
 *        outside_area, an unknown person 404.  Audited (permits_read).
 *   POST /permits action=view      id_number: the same, from the page
 *        (the number stays out of URLs).
 *   POST /permits                  police, admin of a commune or district
 *        (else 403 unit_level): id_number, kind (shipper, essential,
 *        medical, official, other), area (a unit of the officer's
 *        subtree, else 403 outside_area), valid_from (default now),
 *        valid_to (after valid_from and now, at most 90 days after
 *        valid_from), note, client_ref (the same again: the same permit,
 *        200) -> 201 {"permit_id"}.  404 unknown person.  Written with
 *        its audit row (permit_issue) in one transaction.
 *   POST /permits action=revoke    the same officers: permit_id, reason
 *        (required) -> 200 {"permit_id", "revoked_at"}; a permit revoked
 *        before answers its first revocation; 404, 403 outside_area (its
 *        area is not in the officer's unit).  With its audit row
 *        (permit_revoke).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "area.h"
#include "audit.h"
#include "f-status.h"
#include "log.h"
#include "rows.h"
#include "units.h"
#include "vntime.h"
#include "zones.h"

#define PERMITS_PAGE 50
#define PERMITS_OF_MAX 100
#define PERMIT_DAYS_MAX 90

#define PERMIT_COLS "p.permit_id, p.id_number, c.full_name, p.kind," \
	" p.area, p.valid_from, p.valid_to, p.note, p.issued_by, p.issued_at," \
	" p.revoked_at, p.revoke_reason," \
	" p.revoked_at IS NULL AND p.valid_from <= NOW() AND p.valid_to > NOW()" \
	" FROM permits p LEFT JOIN citizens c ON c.id_number = p.id_number"
#define UNIT_PERMITS " FROM permits p WHERE " KD_AREA_SQL_UNIT("p.area") \
	" AND p.valid_to > NOW() - INTERVAL 7 DAY"

void fs_permits_sql(const char **sql)
{
	sql[ST_PERMIT_INSERT] = "INSERT INTO permits (id_number, kind, area, valid_from,"
	    " valid_to, note, issued_by, issued_unit, issued_at, client_ref)"
	    " VALUES (?, ?, ?, FROM_UNIXTIME(?), FROM_UNIXTIME(?), ?, ?, ?, ?, ?)";
	sql[ST_PERMIT_BY_REF] = "SELECT permit_id, id_number FROM permits WHERE client_ref = ?";
	sql[ST_PERMITS_OF] = "SELECT " PERMIT_COLS " WHERE p.id_number = ?"
	    " ORDER BY p.valid_to DESC, p.permit_id DESC LIMIT 100";
	sql[ST_PERMITS_UNIT] = "SELECT " PERMIT_COLS " WHERE " KD_AREA_SQL_UNIT("p.area")
	    " AND p.valid_to > NOW() - INTERVAL 7 DAY"
	    " ORDER BY p.issued_at DESC, p.permit_id DESC LIMIT ? OFFSET ?";
	sql[ST_PERMITS_UNIT_COUNT] = "SELECT COUNT(*)" UNIT_PERMITS;
	sql[ST_PERMIT_LOCK] = "SELECT area, id_number, COALESCE(revoked_at, '')"
	    " FROM permits WHERE permit_id = ? FOR UPDATE";
	sql[ST_PERMIT_REVOKE] = "UPDATE permits SET revoked_at = ?, revoked_by = ?,"
	    " revoke_reason = ? WHERE permit_id = ? AND revoked_at IS NULL";
}

/* --- fields -------------------------------------------------------------------- */

const struct kd_field fs_permits_get_fields[PG_COUNT] = {
	[PG_ID_NUMBER] = { .name = "id_number", .type = KD_T_ID_NUMBER },
	[PG_PAGE] = { .name = "page", .type = KD_T_INT, .min = 1, .max = 100000 },
	[PG_FORMAT] = { .name = "format", .type = KD_T_CHOICE, .choices = fs_formats },
};

const struct kd_field fs_permits_view_fields[PV_COUNT] = {
	[PV_ID_NUMBER] = { .name = "id_number", .type = KD_T_ID_NUMBER, .flags = KD_REQUIRED },
};

const struct kd_field fs_permits_issue_fields[PI_COUNT] = {
	[PI_ID_NUMBER] = { .name = "id_number", .type = KD_T_ID_NUMBER, .flags = KD_REQUIRED },
	[PI_KIND] = { .name = "kind", .type = KD_T_CHOICE, .flags = KD_REQUIRED,
	    .choices = kd_permit_kinds, .required = "Vui lòng chọn loại giấy đi đường." },
	[PI_AREA] = { .name = "area", .type = KD_T_UNIT, .flags = KD_REQUIRED,
	    .required = "Vui lòng nhập mã đơn vị nơi giấy có hiệu lực." },
	[PI_VALID_FROM] = { .name = "valid_from", .type = KD_T_DATETIME },
	[PI_VALID_TO] = { .name = "valid_to", .type = KD_T_DATETIME, .flags = KD_REQUIRED },
	[PI_NOTE] = { .name = "note", .type = KD_T_TEXT, .max = 500 },
	[PI_CLIENT_REF] = { .name = "client_ref", .type = KD_T_TOKEN, .min = 1, .max = 64 },
};

const struct kd_field fs_permits_revoke_fields[PR_COUNT] = {
	[PR_PERMIT_ID] = { .name = "permit_id", .type = KD_T_ID, .flags = KD_REQUIRED },
	[PR_REASON] = { .name = "reason", .type = KD_T_TEXT, .flags = KD_REQUIRED, .max = 500,
	    .required = "Vui lòng nhập lý do thu hồi." },
};

/* --- reading ------------------------------------------------------------------- */

/* PERMIT_COLS, as the answers name them. */
static const struct kd_rows_col permit_cols[] = {
	{ "permit_id", KD_ROWS_INT }, { "id_number", KD_ROWS_STR },
	{ "full_name", KD_ROWS_STR }, { "kind", KD_ROWS_STR }, { "area", KD_ROWS_STR },
	{ "valid_from", KD_ROWS_STR }, { "valid_to", KD_ROWS_STR }, { "note", KD_ROWS_STR },
	{ "issued_by", KD_ROWS_STR }, { "issued_at", KD_ROWS_STR },
	{ "revoked_at", KD_ROWS_STR }, { "revoke_reason", KD_ROWS_STR },
	{ "valid", KD_ROWS_INT },
};
enum { C_ID, C_ID_NUMBER, C_NAME, C_KIND, C_AREA, C_FROM, C_TO, C_NOTE, C_BY, C_AT,
	C_REVOKED, C_REASON, C_VALID, C_COUNT };
_Static_assert(C_COUNT == KD_NFIELDS(permit_cols), "the permit's columns");
static const char *const permit_names[C_COUNT] = {
	"permit_id", "id_number", "full_name", "kind", "area", "valid_from", "valid_to",
	"note", "issued_by", "issued_at", "revoked_at", "revoke_reason", "valid"
};

static const char *cell(const struct kd_rows *rows, size_t i, size_t col)
{
	return kd_rows_get(rows, i, col);
}

static int valid(const struct kd_rows *rows, size_t i)
{
	const char *v = cell(rows, i, C_VALID);

	return v != NULL && v[0] == '1';
}

static void row_listw(struct kd_req *r, struct kd_listw *w, const struct kd_rows *rows,
    size_t i)
{
	size_t col;

	for (col = 0; col < C_COUNT; col++) {
		const char *v = cell(rows, i, col);

		if (col == C_ID)
			kd_listw_int(w, strtoll(v, NULL, 10));
		else if (col == C_VALID)
			kd_listw_bool(w, valid(rows, i));
		else if (col == C_FROM || col == C_TO || col == C_AT || col == C_REVOKED)
			kd_listw_str(w, fs_iso(r, v));
		else
			kd_listw_str(w, v);
	}
	kd_listw_end_row(w);
}

static void row_hdf(struct kd_req *r, HDF *hdf, const struct kd_rows *rows, size_t i)
{
	const char *code = cell(rows, i, C_AREA), *area = kd_unit_display(code);

	kd_hdf_item(hdf, "Permits", i, "permit_id", cell(rows, i, C_ID));
	kd_hdf_item(hdf, "Permits", i, "id_number", cell(rows, i, C_ID_NUMBER));
	kd_hdf_item(hdf, "Permits", i, "full_name", cell(rows, i, C_NAME));
	kd_hdf_item(hdf, "Permits", i, "kind", kd_permit_kind_name(cell(rows, i, C_KIND)));
	kd_hdf_item(hdf, "Permits", i, "area", area ? area : code);
	kd_hdf_item(hdf, "Permits", i, "valid_from", fs_when(r, cell(rows, i, C_FROM)));
	kd_hdf_item(hdf, "Permits", i, "valid_to", fs_when(r, cell(rows, i, C_TO)));
	kd_hdf_item(hdf, "Permits", i, "note", cell(rows, i, C_NOTE));
	kd_hdf_item(hdf, "Permits", i, "issued_by", cell(rows, i, C_BY));
	kd_hdf_item(hdf, "Permits", i, "valid", valid(rows, i) ? "1" : "");
	kd_hdf_item(hdf, "Permits", i, "mine", kd_unit_within(code, r->session.unit) ? "1" : "");
	if (cell(rows, i, C_REVOKED) != NULL) {
		kd_hdf_item(hdf, "Permits", i, "revoked_at", fs_when(r, cell(rows, i, C_REVOKED)));
		kd_hdf_item(hdf, "Permits", i, "reason", cell(rows, i, C_REASON));
	}
}

/* 1 when the officer may issue and revoke: a commune's or a district's. */
static int issuer(const struct kd_req *r)
{
	const struct kd_unit *u = kd_unit_find(r->session.unit);

	return u != NULL && (u->level == 'c' || u->level == 'd');
}

/* What a page of permits shows besides them. */
struct page_extra {
	const char *flash;
	long page;
	long long total;               /* -1: a person's (no pager) */
	const struct kd_field *fields; /* a refused form's */
	size_t nfields;
	const struct kd_values *form;
};

/* The page: the forms, a person's permits or the unit's, its messages. */
static void permits_page(struct kd_req *r, int status, const struct kd_rows *rows,
    const struct page_extra *x)
{
	HDF *hdf = fs_hdf(r, "permits");
	size_t i;

	if (hdf == NULL) {
		kd_reply_error(r, KD_E_SERVER, NULL, 0, NULL);
		return;
	}
	for (i = 0; rows != NULL && i < rows->nrows; i++)
		row_hdf(r, hdf, rows, i);
	for (i = 0; kd_permit_kinds[i] != NULL; i++) {
		kd_hdf_item(hdf, "Kinds", i, "code", kd_permit_kinds[i]);
		kd_hdf_item(hdf, "Kinds", i, "name", kd_permit_kind_name(kd_permit_kinds[i]));
	}
	kd_hdf_set(hdf, "View.issuer", issuer(r) ? "1" : "");
	kd_hdf_set(hdf, "View.unit", r->session.unit);
	if (x->total >= 0)
		fs_hdf_pager(hdf, x->page, PERMITS_PAGE, x->total);
	if (x->flash != NULL)
		kd_hdf_set(hdf, "Flash", x->flash);
	if (x->form != NULL)
		kd_hdf_form(hdf, "Form", x->fields, x->nfields, x->form);
	kd_reply_page(r, status, "f-permits.cs", hdf);
}

/* The unit's list (GET /permits without id_number). */
static void unit_list(struct kd_req *r, long page, enum fs_format format,
    int status, const char *flash)
{
	char count[24] = "0";
	struct kd_col cc[1] = { KD_COL(count) };
	struct kd_rows rows;
	struct kd_param p[6];
	struct kd_listw w;
	struct kd_json j;
	int csv = format == FS_CSV;
	size_t i, max = csv ? 100000 : PERMITS_PAGE;

	fs_unit_params(p, r->session.unit);
	p[4] = KD_INT((long long)max);
	p[5] = KD_INT(csv ? 0 : (long long)(page - 1) * PERMITS_PAGE);
	if (kd_db_row(ST_PERMITS_UNIT_COUNT, p, 4, cc, 1) < 0 ||
	    kd_rows_read(&r->arena, ST_PERMITS_UNIT, p, 6, permit_cols, C_COUNT, max, &rows) != 0) {
		kd_reply_error(r, KD_E_UNAVAILABLE, NULL, 0, NULL);
		return;
	}
	if (fs_audit(r, "permits_list", "unit", r->session.unit,
	    kd_asprintf(&r->arena, "page=%ld rows=%zu format=%s", page, rows.nrows,
	    fs_formats[format])) != 0)
		return;
	if (format == FS_HTML) {
		permits_page(r, status, &rows, &(struct page_extra){ .flash = flash,
		    .page = page, .total = strtoll(count, NULL, 10) });
		return;
	}
	if (csv) {
		kd_listw_begin(&w, NULL, permit_names, C_COUNT);
	} else {
		kd_json_init(&j);
		kd_json_obj(&j);
		kd_json_kint(&j, "total", strtoll(count, NULL, 10));
		kd_json_kint(&j, "page", page);
		kd_json_key(&j, "items");
		kd_listw_begin(&w, &j, permit_names, C_COUNT);
	}
	for (i = 0; i < rows.nrows; i++)
		row_listw(r, &w, &rows, i);
	if (csv) {
		fs_reply_csv(r, &w);
		return;
	}
	kd_listw_end(&w);
	kd_json_obj_end(&j);
	fs_reply_rows_json(r, 200, &j, &w);
}

/* A person's permits: all when they live in the officer's area, else
 * those valid in the officer's unit; neither is outside the area.  The
 * others are dropped from rows.  0 go on, -1 answered. */
static int visible_permits(struct kd_req *r, const char *id, struct kd_rows *rows)
{
	int resident = kd_area_has(r->session.unit, id);
	size_t i, k = 0, width = rows->ncols * sizeof(*rows->cell);

	if (resident < 0) {
		kd_reply_error(r, KD_E_UNAVAILABLE, NULL, 0, NULL);
		return -1;
	}
	for (i = 0; i < rows->nrows; i++)
		if (resident || kd_unit_within(cell(rows, i, C_AREA), r->session.unit))
			memmove(&rows->cell[k++ * rows->ncols], &rows->cell[i * rows->ncols], width);
	rows->nrows = k;
	if (!resident && k == 0) {
		kd_reply_field(r, KD_E_OUTSIDE_AREA, "id_number",
		    "Người này không cư trú và không có giấy đi đường trên địa bàn bạn quản lý.");
		return -1;
	}
	return 0;
}

/* GET /permits?id_number= and action=view: known, visible, audited. */
static void person_permits(struct kd_req *r, const char *id, int status,
    const char *flash)
{
	struct kd_param p[1] = { KD_STR(id) };
	struct fs_person person;
	struct kd_rows rows;
	struct kd_listw w;
	struct kd_json j;
	int rc = fs_person_load(id, &person);
	size_t i;

	if (rc == 0) {
		kd_reply_field(r, KD_E_NOT_FOUND, "id_number", "Không tìm thấy công dân có số giấy tờ này.");
		return;
	}
	if (rc < 0 || kd_rows_read(&r->arena, ST_PERMITS_OF, p, 1, permit_cols, C_COUNT,
	    PERMITS_OF_MAX, &rows) != 0) {
		kd_reply_error(r, KD_E_UNAVAILABLE, NULL, 0, NULL);
		return;
	}
	if (visible_permits(r, id, &rows) != 0 || fs_audit_citizen(r, "permits_read", id,
	    kd_asprintf(&r->arena, "rows=%zu", rows.nrows)) != 0)
		return;
	if (!r->want_json) {
		permits_page(r, status, &rows, &(struct page_extra){ .flash = flash,
		    .total = -1 });
		return;
	}
	kd_json_init(&j);
	kd_json_obj(&j);
	kd_json_kstr(&j, "id_number", id);
	kd_json_kstr(&j, "full_name", person.full_name);
	kd_json_key(&j, "items");
	kd_listw_begin(&w, &j, permit_names, C_COUNT);
	for (i = 0; i < rows.nrows; i++)
		row_listw(r, &w, &rows, i);
	kd_listw_end(&w);
	kd_json_obj_end(&j);
	fs_reply_rows_json(r, status, &j, &w);
}

/* GET /permits [?id_number=&page=&format=] */
void fs_permits(struct kd_req *r)
{
	enum fs_format format = fs_format(r, PG_FORMAT);

	if (r->vals.v[PG_ID_NUMBER] != NULL)
		person_permits(r, r->vals.v[PG_ID_NUMBER], 200, NULL);
	else
		unit_list(r, fs_page(r, PG_PAGE), format, 200, NULL);
}

/* POST /permits action=view: id_number. */
void fs_permits_view(struct kd_req *r)
{
	person_permits(r, r->vals.v[PV_ID_NUMBER], 200, NULL);
}

/* --- issuing ------------------------------------------------------------------ */

/* An audit row about a citizen inside the caller's transaction. */
static int audit_citizen(struct kd_req *r, const char *action, const char *id,
    const char *detail)
{
	char ref[KD_CITIZEN_REF_SIZE];

	kd_citizen_ref(id, ref);
	return kd_audit(r, action, "citizen", ref, detail);
}

struct issue {
	struct kd_req *r;
	time_t from, to;
	long long permit_id;
	int replayed;
	char at[32];
};

/* The permit stored before under the request's client_ref: 1 it (the
 * same person) or a conflict (another person: -2), 0 none, -1 error. */
static int issued_before(struct issue *s)
{
	const struct kd_values *v = &s->r->vals;
	char id[24] = "", who[16] = "";
	struct kd_col c[2] = { KD_COL(id), KD_COL(who) };
	struct kd_param p[1] = { KD_STR(v->v[PI_CLIENT_REF]) };
	int rc;

	if (v->v[PI_CLIENT_REF] == NULL)
		return 0;
	if ((rc = kd_db_row(ST_PERMIT_BY_REF, p, 1, c, 2)) != 1)
		return rc;
	s->permit_id = strtoll(id, NULL, 10);
	s->replayed = 1;
	return strcmp(who, v->v[PI_ID_NUMBER]) == 0 ? 1 : -2;
}

static int issue_txn(void *arg)
{
	struct issue *s = arg;
	const struct kd_values *v = &s->r->vals;
	struct kd_param p[10];
	int rc = issued_before(s);

	if (rc != 0)
		return rc == 1 ? KD_TXN_OK : rc == -2 ? KD_TXN_REFUSED : -1;
	kd_now_db(s->at, sizeof(s->at));
	p[0] = KD_STR(v->v[PI_ID_NUMBER]);
	p[1] = KD_STR(v->v[PI_KIND]);
	p[2] = KD_STR(v->v[PI_AREA]);
	p[3] = KD_INT((long long)s->from);
	p[4] = KD_INT((long long)s->to);
	p[5] = KD_STR(v->v[PI_NOTE] != NULL ? v->v[PI_NOTE] : "");
	p[6] = KD_STR(s->r->session.uid);
	p[7] = KD_STR(s->r->session.unit);
	p[8] = KD_STR(s->at);
	p[9] = KD_STR(v->v[PI_CLIENT_REF]);
	if (kd_db_exec(ST_PERMIT_INSERT, p, 10) != 1)
		return -1;
	s->permit_id = (long long)kd_db_insert_id(ST_PERMIT_INSERT);
	return audit_citizen(s->r, "permit_issue", v->v[PI_ID_NUMBER],
	    kd_asprintf(&s->r->arena, "permit=%lld kind=%s area=%s", s->permit_id,
	    v->v[PI_KIND], v->v[PI_AREA])) == 0 ? KD_TXN_OK : -1;
}

/* The officer may issue and revoke, here: 0; else answered, -1. */
static int may_issue(struct kd_req *r, const char *area)
{
	if (!issuer(r)) {
		kd_reply_error(r, KD_E_UNIT_LEVEL, NULL, 0, NULL);
		return -1;
	}
	if (area != NULL && !kd_unit_within(area, r->session.unit)) {
		kd_reply_field(r, KD_E_OUTSIDE_AREA, "area",
		    "Đơn vị này không thuộc địa bàn bạn quản lý.");
		return -1;
	}
	return 0;
}

/* The period: valid_to after valid_from and now, at most 90 days long.
 * 0 ok, 1 with the field marked. */
static int period_check(struct kd_req *r, struct issue *s)
{
	struct kd_values *v = &r->vals;

	s->from = v->v[PI_VALID_FROM] != NULL ? v->t[PI_VALID_FROM] : time(NULL);
	s->to = v->t[PI_VALID_TO];
	if (s->to <= s->from || s->to <= time(NULL))
		return kd_field_fail(v, PI_VALID_TO, "Hạn giấy phải sau ngày bắt đầu và sau hôm nay.");
	if (s->to - s->from > PERMIT_DAYS_MAX * 86400)
		return kd_field_fail(v, PI_VALID_TO, "Giấy đi đường có hiệu lực tối đa 90 ngày.");
	return 0;
}

/* POST /permits with bad fields. */
void fs_permit_issue_invalid(struct kd_req *r)
{
	if (r->want_json)
		kd_reply_error(r, KD_E_INVALID_FIELDS, fs_permits_issue_fields, PI_COUNT, &r->vals);
	else
		permits_page(r, 400, NULL, &(struct page_extra){ .total = -1,
		    .fields = fs_permits_issue_fields, .nfields = PI_COUNT, .form = &r->vals });
}

/* POST /permits: id_number, kind, area, valid_from, valid_to, note,
 * client_ref. */
void fs_permit_issue(struct kd_req *r)
{
	const char *id = r->vals.v[PI_ID_NUMBER];
	struct issue s = { .r = r };
	struct fs_person person;
	struct kd_json j;
	int rc;

	if (may_issue(r, r->vals.v[PI_AREA]) != 0)
		return;
	if (period_check(r, &s) != 0) {
		fs_permit_issue_invalid(r);
		return;
	}
	if ((rc = fs_person_load(id, &person)) <= 0) {
		if (rc == 0)
			kd_reply_field(r, KD_E_NOT_FOUND, "id_number",
			    "Không tìm thấy công dân có số giấy tờ này.");
		else
			kd_reply_error(r, KD_E_UNAVAILABLE, NULL, 0, NULL);
		return;
	}
	switch (kd_db_txn(issue_txn, &s, KD_TXN_TRIES)) {
	case KD_TXN_OK:
		break;
	case KD_TXN_REFUSED:
		kd_reply_field(r, KD_E_CONFLICT, "client_ref",
		    "Mã yêu cầu này đã được dùng cho người khác.");
		return;
	case KD_TXN_FAILED:
		kd_log("f-status: permit not issued (%u)", kd_db_errno());
		kd_reply_error(r, KD_E_UNAVAILABLE, NULL, 0, NULL);
		return;
	}
	if (!r->want_json) {
		person_permits(r, id, s.replayed ? 200 : 201, s.replayed ?
		    "Giấy đi đường này đã được cấp trước đó." : "Đã cấp giấy đi đường.");
		return;
	}
	kd_json_init(&j);
	kd_json_obj(&j);
	kd_json_kint(&j, "permit_id", s.permit_id);
	kd_json_obj_end(&j);
	kd_reply_json(r, s.replayed ? 200 : 201, &j);
}

/* --- revoking ------------------------------------------------------------------ */

struct revoke {
	struct kd_req *r;
	enum kd_err err;
	char at[32];
};

static int revoke_txn(void *arg)
{
	struct revoke *x = arg;
	struct kd_req *r = x->r;
	char area[8] = "", id[16] = "", revoked[32] = "";
	struct kd_col c[3] = { KD_COL(area), KD_COL(id), KD_COL(revoked) };
	struct kd_param p[4] = { KD_INT(r->vals.n[PR_PERMIT_ID]) };
	int rc = kd_db_row(ST_PERMIT_LOCK, p, 1, c, 3);

	if (rc <= 0) {
		x->err = KD_E_NOT_FOUND;
		return rc < 0 ? -1 : KD_TXN_REFUSED;
	}
	if (!kd_unit_within(area, r->session.unit)) {
		x->err = KD_E_OUTSIDE_AREA;
		return KD_TXN_REFUSED;
	}
	if (revoked[0] != '\0') {          /* revoked before: that answer */
		snprintf(x->at, sizeof(x->at), "%s", revoked);
		return KD_TXN_OK;
	}
	kd_now_db(x->at, sizeof(x->at));
	p[0] = KD_STR(x->at);
	p[1] = KD_STR(r->session.uid);
	p[2] = KD_STR(r->vals.v[PR_REASON]);
	p[3] = KD_INT(r->vals.n[PR_PERMIT_ID]);
	if (kd_db_exec(ST_PERMIT_REVOKE, p, 4) != 1)
		return -1;
	return audit_citizen(r, "permit_revoke", id, kd_asprintf(&r->arena, "permit=%lld",
	    r->vals.n[PR_PERMIT_ID])) == 0 ? KD_TXN_OK : -1;
}

void fs_permit_revoke_invalid(struct kd_req *r)
{
	if (r->want_json)
		kd_reply_error(r, KD_E_INVALID_FIELDS, fs_permits_revoke_fields, PR_COUNT, &r->vals);
	else
		permits_page(r, 400, NULL, &(struct page_extra){ .total = -1,
		    .flash = r->vals.error[PR_REASON] != NULL ? r->vals.error[PR_REASON] :
		    kd_err_message(KD_E_INVALID_FIELDS), .fields = fs_permits_revoke_fields,
		    .nfields = PR_COUNT, .form = &r->vals });
}

/* POST /permits action=revoke: permit_id, reason. */
void fs_permit_revoke(struct kd_req *r)
{
	static const char *const messages[] = {
		[KD_E_NOT_FOUND] = "Không có giấy đi đường này.",
		[KD_E_OUTSIDE_AREA] = "Giấy đi đường này không thuộc địa bàn bạn quản lý.",
	};
	struct revoke x = { .r = r };
	struct kd_json j;

	if (may_issue(r, NULL) != 0)
		return;
	switch (kd_db_txn(revoke_txn, &x, KD_TXN_TRIES)) {
	case KD_TXN_OK:
		break;
	case KD_TXN_REFUSED:
		kd_reply_field(r, x.err, "permit_id", messages[x.err]);
		return;
	case KD_TXN_FAILED:
		kd_log("f-status: permit not revoked (%u)", kd_db_errno());
		kd_reply_error(r, KD_E_UNAVAILABLE, NULL, 0, NULL);
		return;
	}
	if (!r->want_json) {
		unit_list(r, 1, FS_HTML, 200, "Đã thu hồi giấy đi đường.");
		return;
	}
	kd_json_init(&j);
	kd_json_obj(&j);
	kd_json_kint(&j, "permit_id", r->vals.n[PR_PERMIT_ID]);
	kd_json_kstr(&j, "revoked_at", fs_iso(r, x.at));
	kd_json_obj_end(&j);
	kd_reply_json(r, 200, &j);
}
