/*
 * f-status - case work of the commune police (issue 13): F0–F3 status,
 * tracing, marking contacts with tasks routed to their residence, the
 * worklists, and a place's visitors.  Every route below is for police;
 * an admin may read what the police of its subtree may (SPEC "Area").
 * Every read of a citizen's record is audited before it is shown (503
 * when the row cannot be written); a citizen outside the officer's area
 * is 403 outside_area.  The files of the program: f-status.h.
 *
 *   GET  /f-status                 police, admin: the area's list (f-list.c): status
 *        [?status=&q=&page=&format=] (F0 ... deceased), q (ID number, name
 *                                   with or without tone marks, or phone)
 *                                   -> {"total", "page", "counts": {"F0",
 *                                   ...}, "items": [{"id_number",
 *                                   "full_name", "dob", "phone", "status",
 *                                   "since", "commune"}]}; format=csv the
 *                                   same items, all pages.
 *   GET  /f-status?id_number=      police, admin: {"id_number",
 *                                   "full_name", "current", "history":
 *                                   [{"status", "from", "at", "by",
 *                                   "note", "died_at"}]} newest first.
 *                                   404 unknown, 403 outside_area.
 *   POST /f-status                 police: id_number, status, note,
 *                                   died_at (required with deceased, not
 *                                   in the future, not before birth;
 *                                   refused with any other status) -> 201
 *                                   {"id_number", "status", "at",
 *                                   "f_status_id"}; the same change by the
 *                                   same officer again within 10 minutes
 *                                   -> 200 with the first row (a retry).
 *                                   404 not in the registry, 403
 *                                   outside_area, 400 invalid_fields.
 *   POST /f-status action=view     id_number: the history page (a form,
 *                                   so that the number is not in a URL)
 *   POST /f-status action=search   q, status, page, format: the list (the
 *                                   same; q may be personal data)
 *   GET/POST /f-status/trace       f-trace-page.c
 *   POST /f-status/mark            f-mark.c
 *   GET/POST /f-status/tasks       f-tasks.c
 *   GET  /f-status/visitors        f-visitors.c
 *   GET  /f-status/arrivals        f-arrivals.c
 *   GET/POST /permits              f-permits.c (travel permits)
 *
 * 401 not logged in, 403 another role or no CSRF token (the router);
 * 503 when the database fails.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "audit.h"
#include "db.h"
#include "f-status.h"
#include "log.h"
#include "serve.h"
#include "sql.h"
#include "valid.h"
#include "vntime.h"

#define HISTORY_MAX 200

#define M_NOT_REGISTERED "Công dân này không có trong CSDL dân cư."
#define M_DIED_NEEDED "Vui lòng nhập thời điểm tử vong."
#define M_DIED_ONLY "Chỉ nhập thời điểm tử vong khi trạng thái là tử vong."
#define M_DIED_FUTURE "Thời điểm tử vong không thể ở tương lai."
#define M_DIED_BIRTH "Thời điểm tử vong không thể trước ngày sinh."

/* --- statements -------------------------------------------------------------- */

void fs_status_sql(const char **sql)
{
	/* The registry's row first; else the newest declaration's. */
	sql[ST_PERSON] = "SELECT full_name, DATE_FORMAT(dob, '%Y-%m-%d'), registered FROM ("
	    " SELECT full_name, dob, 1 AS registered FROM citizens WHERE id_number = ?"
	    " UNION ALL (SELECT full_name, dob, 0 FROM declarations WHERE id_number = ?"
	    "   ORDER BY created_at DESC, declaration_id DESC LIMIT 1)"
	    ") x ORDER BY registered DESC LIMIT 1";
	sql[ST_HISTORY] = "SELECT status, set_at, set_by, note, COALESCE(died_at, '')"
	    " FROM f_status WHERE id_number = ?"
	    " ORDER BY set_at DESC, f_status_id DESC LIMIT 200";
	/* The newest row, locked, and whether it is recent enough to be
	 * the first try of a retried change. */
	sql[ST_NEWEST] = "SELECT f_status_id, status, set_at, set_by, note,"
	    " COALESCE(died_at, ''), set_at > NOW(3) - INTERVAL 10 MINUTE"
	    " FROM f_status WHERE id_number = ?"
	    " ORDER BY set_at DESC, f_status_id DESC LIMIT 1 FOR UPDATE";
	sql[ST_STATUS_INSERT] = "INSERT INTO f_status (id_number, status, note, died_at,"
	    " set_by, set_at) VALUES (?, ?, ?, ?, ?, ?)";
}

/* --- fields -------------------------------------------------------------------- */

static const char *died_not_future(const struct kd_values *vals, size_t i,
    const struct kd_field *f)
{
	(void)f;
	return vals->t[i] > time(NULL) ? M_DIED_FUTURE : NULL;
}

/* GET /f-status */
enum { G_ID_NUMBER, G_STATUS, G_Q, G_PAGE, G_FORMAT, G_COUNT };
static const struct kd_field get_fields[G_COUNT] = {
	[G_ID_NUMBER] = { .name = "id_number", .type = KD_T_ID_NUMBER },
	[G_STATUS] = { .name = "status", .type = KD_T_CHOICE, .choices = fs_statuses },
	[G_Q] = { .name = "q", .type = KD_T_TEXT, .max = 100 },
	[G_PAGE] = { .name = "page", .type = KD_T_INT, .min = 1, .max = 100000 },
	[G_FORMAT] = { .name = "format", .type = KD_T_CHOICE, .choices = fs_formats },
};

/* POST /f-status action=search: the same without id_number. */
enum { Q_STATUS, Q_Q, Q_PAGE, Q_FORMAT, Q_COUNT };
static const struct kd_field search_fields[Q_COUNT] = {
	[Q_STATUS] = { .name = "status", .type = KD_T_CHOICE, .choices = fs_statuses },
	[Q_Q] = { .name = "q", .type = KD_T_TEXT, .max = 100 },
	[Q_PAGE] = { .name = "page", .type = KD_T_INT, .min = 1, .max = 100000 },
	[Q_FORMAT] = { .name = "format", .type = KD_T_CHOICE, .choices = fs_formats },
};

/* POST /f-status action=view */
enum { W_ID_NUMBER, W_COUNT };
static const struct kd_field view_fields[W_COUNT] = {
	[W_ID_NUMBER] = { .name = "id_number", .type = KD_T_ID_NUMBER, .flags = KD_REQUIRED },
};

/* POST /f-status: a change of status. */
enum { S_ID_NUMBER, S_STATUS, S_NOTE, S_DIED_AT, S_COUNT };
static const struct kd_field set_fields[S_COUNT] = {
	[S_ID_NUMBER] = { .name = "id_number", .type = KD_T_ID_NUMBER, .flags = KD_REQUIRED },
	[S_STATUS] = { .name = "status", .type = KD_T_CHOICE, .flags = KD_REQUIRED,
	    .choices = fs_statuses,
	    .message = "Trạng thái phải là F0, F1, F2, F3, negative, recovered hoặc deceased." },
	[S_NOTE] = { .name = "note", .type = KD_T_TEXT, .max = 500 },
	[S_DIED_AT] = { .name = "died_at", .type = KD_T_DATETIME, .check = died_not_future },
};

/* --- a person's history ------------------------------------------------------------ */

struct history_row {
	char status[16], at[32], by[72], note[2004], died_at[24];
};

/* Reads the history, newest first; returns the count, -1 on error. */
static int history_load(struct kd_req *r, const char *id, struct history_row **out)
{
	struct history_row *h = kd_alloc(&r->arena, HISTORY_MAX * sizeof(*h));
	struct kd_param p[1] = { KD_STR(id) };
	int n = 0, rc = 0;

	*out = h;
	if (h == NULL || kd_db_exec(ST_HISTORY, p, 1) < 0)
		return -1;
	while (n < HISTORY_MAX) {
		struct kd_col c[5] = { KD_COL(h[n].status), KD_COL(h[n].at),
		    KD_COL(h[n].by), KD_COL(h[n].note), KD_COL(h[n].died_at) };

		if ((rc = kd_db_fetch(ST_HISTORY, c, 5)) != 1)
			break;
		n++;
	}
	kd_db_done(ST_HISTORY);
	return rc < 0 ? -1 : n;
}

static void history_json(struct kd_req *r, const char *id, const struct fs_person *p,
    const struct history_row *h, int n)
{
	struct kd_json j;
	int i;

	kd_json_init(&j);
	kd_json_obj(&j);
	kd_json_kstr(&j, "id_number", id);
	kd_json_kstr(&j, "full_name", p->full_name);
	kd_json_kbool(&j, "registered", p->registered);
	kd_json_kstr(&j, "current", n > 0 ? h[0].status : NULL);
	kd_json_key(&j, "history");
	kd_json_arr(&j);
	for (i = 0; i < n; i++) {
		kd_json_obj(&j);
		kd_json_kstr(&j, "status", h[i].status);
		kd_json_kstr(&j, "from", i + 1 < n ? h[i + 1].status : NULL);
		kd_json_kstr(&j, "at", fs_iso(r, h[i].at));
		kd_json_kstr(&j, "by", h[i].by);
		kd_json_kstr(&j, "note", h[i].note);
		kd_json_kstr(&j, "died_at", fs_iso(r, h[i].died_at));
		kd_json_obj_end(&j);
	}
	kd_json_arr_end(&j);
	kd_json_obj_end(&j);
	kd_reply_json(r, 200, &j);
}

static void history_hdf(struct kd_req *r, HDF *hdf, const struct history_row *h, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		kd_hdf_item(hdf, "History", (size_t)i, "status", h[i].status);
		kd_hdf_item(hdf, "History", (size_t)i, "label", fs_status_label(h[i].status));
		if (i + 1 < n)
			kd_hdf_item(hdf, "History", (size_t)i, "from",
			    fs_status_label(h[i + 1].status));
		kd_hdf_item(hdf, "History", (size_t)i, "at", fs_when(r, h[i].at));
		kd_hdf_item(hdf, "History", (size_t)i, "by", h[i].by);
		kd_hdf_item(hdf, "History", (size_t)i, "note", h[i].note);
		if (h[i].died_at[0] != '\0')
			kd_hdf_item(hdf, "History", (size_t)i, "died_at", fs_when(r, h[i].died_at));
	}
	if (n > 0) {
		kd_hdf_set(hdf, "Person.current", h[0].status);
		kd_hdf_set(hdf, "Person.current_label", fs_status_label(h[0].status));
	}
}

/*
 * A person's page or JSON: known, in the area, audited, then the history.
 * form: the values and messages of a refused change (NULL: none).
 */
static void show_person(struct kd_req *r, const char *id, int status,
    const char *flash, const struct kd_values *form)
{
	struct history_row *h;
	struct fs_person p;
	HDF *hdf;
	int n;

	if (fs_person_check(r, id, "id_number", &p) != 0 ||
	    fs_audit_citizen(r, "status_read", id, NULL) != 0)
		return;
	if ((n = history_load(r, id, &h)) < 0) {
		kd_reply_error(r, KD_E_UNAVAILABLE, NULL, 0, NULL);
		return;
	}
	if (r->want_json) {
		history_json(r, id, &p, h, n);
		return;
	}
	if ((hdf = fs_hdf(r, "list")) == NULL) {
		kd_reply_error(r, KD_E_SERVER, NULL, 0, NULL);
		return;
	}
	kd_hdf_set(hdf, "Person.id_number", id);
	kd_hdf_set(hdf, "Person.full_name", p.full_name);
	kd_hdf_set(hdf, "Person.dob", p.dob);
	kd_hdf_set(hdf, "Person.registered", p.registered ? "1" : "");
	history_hdf(r, hdf, h, n);
	fs_hdf_statuses(hdf);
	if (flash != NULL)
		kd_hdf_set(hdf, "Flash", flash);
	if (form != NULL)
		kd_hdf_form(hdf, "Form", set_fields, S_COUNT, form);
	kd_reply_page(r, status, "f-person.cs", hdf);
}

/* --- a change of status ---------------------------------------------------------------- */

struct change {
	struct kd_req *r;
	const char *id, *status, *note, *died_at;
	char at[32];
	long long row_id;
	int replayed;
};

/* The newest row: its status into from; 1 when it is this very change,
 * made by this officer a moment ago (a retry), with its id and time. */
static int newest_is_retry(struct change *c, char *from, size_t fromlen)
{
	char id[24] = "", status[16] = "", at[32] = "", by[72] = "", note[2004] = "",
	    died[24] = "", recent[4] = "";
	struct kd_col cols[7] = { KD_COL(id), KD_COL(status), KD_COL(at), KD_COL(by),
	    KD_COL(note), KD_COL(died), KD_COL(recent) };
	struct kd_param p[1] = { KD_STR(c->id) };
	int rc = kd_db_row(ST_NEWEST, p, 1, cols, 7);

	if (rc <= 0)
		return rc;
	snprintf(from, fromlen, "%s", status);
	if (recent[0] != '1' || strcmp(status, c->status) != 0 ||
	    strcmp(by, c->r->session.uid) != 0 || strcmp(note, c->note) != 0 ||
	    strncmp(died, c->died_at ? c->died_at : "", 19) != 0)
		return 0;
	c->row_id = strtoll(id, NULL, 10);
	snprintf(c->at, sizeof(c->at), "%s", at);
	return 1;
}

/* In one transaction: the audit row and the history row. */
static int change_txn(void *arg)
{
	struct change *c = arg;
	struct kd_param p[6];
	char from[16] = "", detail[64], ref[KD_CITIZEN_REF_SIZE];
	int rc = newest_is_retry(c, from, sizeof(from));

	if (rc != 0) {
		c->replayed = rc > 0;
		return rc > 0 ? KD_TXN_OK : -1;
	}
	snprintf(detail, sizeof(detail), "from=%s to=%s", from[0] ? from : "-", c->status);
	kd_citizen_ref(c->id, ref);
	if (kd_audit(c->r, "status_set", "citizen", ref, detail) != 0)
		return -1;
	kd_now_db(c->at, sizeof(c->at));
	p[0] = KD_STR(c->id);
	p[1] = KD_STR(c->status);
	p[2] = KD_STR(c->note);
	p[3] = KD_STR(c->died_at);
	p[4] = KD_STR(c->r->session.uid);
	p[5] = KD_STR(c->at);
	if (kd_db_exec(ST_STATUS_INSERT, p, 6) != 1)
		return -1;
	c->row_id = (long long)kd_db_insert_id(ST_STATUS_INSERT);
	return KD_TXN_OK;
}

/* POST /f-status with bad fields: JSON 400, or the person's page with
 * the form as sent and its messages. */
static void set_invalid(struct kd_req *r)
{
	if (r->want_json || r->vals.v[S_ID_NUMBER] == NULL ||
	    r->vals.error[S_ID_NUMBER] != NULL) {
		kd_reply_error(r, KD_E_INVALID_FIELDS, set_fields, S_COUNT, &r->vals);
		return;
	}
	show_person(r, r->vals.v[S_ID_NUMBER], 400, NULL, &r->vals);
}

/* The rules between fields: a time of death with deceased and only then,
 * not before birth (dob "YYYY-MM-DD", "" when not known yet).  1 when
 * one fails (marked in r->vals). */
static int death_rules(struct kd_req *r, const char *dob)
{
	struct kd_values *v = &r->vals;
	int deceased = strcmp(v->v[S_STATUS], "deceased") == 0, y, m, d;

	if (deceased && v->v[S_DIED_AT] == NULL)
		return kd_field_fail(v, S_DIED_AT, M_DIED_NEEDED);
	if (!deceased && v->v[S_DIED_AT] != NULL)
		return kd_field_fail(v, S_DIED_AT, M_DIED_ONLY);
	if (deceased && kd_parse_date(dob, &y, &m, &d) &&
	    v->t[S_DIED_AT] < (time_t)kd_days_from_civil(y, m, d) * 86400 - KD_VN_OFFSET)
		return kd_field_fail(v, S_DIED_AT, M_DIED_BIRTH);
	return 0;
}

/* POST /f-status: id_number, status, note, died_at. */
static void status_set(struct kd_req *r)
{
	struct change c = { .r = r, .id = r->vals.v[S_ID_NUMBER],
	    .status = r->vals.v[S_STATUS],
	    .note = r->vals.v[S_NOTE] ? r->vals.v[S_NOTE] : "" };
	struct kd_json j;
	struct fs_person p;
	char died[32];

	if (death_rules(r, "") != 0) {
		set_invalid(r);
		return;
	}
	if (fs_person_check(r, c.id, "id_number", &p) != 0)
		return;
	if (!p.registered) {
		kd_reply_field(r, KD_E_NOT_FOUND, "id_number", M_NOT_REGISTERED);
		return;
	}
	if (death_rules(r, p.dob) != 0) {
		set_invalid(r);
		return;
	}
	if (r->vals.v[S_DIED_AT] != NULL) {
		kd_ms_db_time((long long)r->vals.t[S_DIED_AT] * 1000, died, sizeof(died));
		died[19] = '\0';           /* died_at is to the second */
		c.died_at = died;
	}
	if (kd_db_txn(change_txn, &c, KD_TXN_TRIES) != KD_TXN_OK) {
		kd_log("f-status: status change failed (%u)", kd_db_errno());
		kd_reply_error(r, KD_E_UNAVAILABLE, NULL, 0, NULL);
		return;
	}
	if (!r->want_json) {
		show_person(r, c.id, c.replayed ? 200 : 201, c.replayed ?
		    "Trạng thái này đã được ghi trước đó." : "Đã cập nhật trạng thái.", NULL);
		return;
	}
	kd_json_init(&j);
	kd_json_obj(&j);
	kd_json_kstr(&j, "id_number", c.id);
	kd_json_kstr(&j, "status", c.status);
	kd_json_kstr(&j, "at", fs_iso(r, c.at));
	kd_json_kint(&j, "f_status_id", c.row_id);
	kd_json_obj_end(&j);
	kd_reply_json(r, c.replayed ? 200 : 201, &j);
}

/* POST /f-status action=view: id_number. */
static void view(struct kd_req *r)
{
	show_person(r, r->vals.v[W_ID_NUMBER], 200, NULL, NULL);
}

/* GET /f-status: ?id_number= a person's history, else the area's list. */
static void status_get(struct kd_req *r)
{
	enum fs_format format = fs_format(r, G_FORMAT);

	if (r->vals.v[G_ID_NUMBER] != NULL)
		show_person(r, r->vals.v[G_ID_NUMBER], 200, NULL, NULL);
	else
		fs_list(r, r->vals.v[G_STATUS], r->vals.v[G_Q], fs_page(r, G_PAGE), format);
}

/* POST /f-status action=search: the list for a query kept out of the URL. */
static void search(struct kd_req *r)
{
	enum fs_format format = fs_format(r, Q_FORMAT);

	fs_list(r, r->vals.v[Q_STATUS], r->vals.v[Q_Q], fs_page(r, Q_PAGE), format);
}

/* --- routes -------------------------------------------------------------------------------- */

#define POLICE KD_ROLE_POLICE
#define READERS (KD_ROLE_POLICE | KD_ROLE_ADMIN)
static const struct kd_route routes[] = {
	{ .method = "GET", .path = "/f-status", .roles = READERS,
	    .fields = get_fields, .nfields = G_COUNT, .handler = status_get },
	{ .method = "POST", .path = "/f-status", .roles = POLICE,
	    .fields = set_fields, .nfields = S_COUNT,
	    .handler = status_set, .invalid = set_invalid },
	{ .method = "POST", .path = "/f-status", .action = "view", .roles = READERS,
	    .fields = view_fields, .nfields = W_COUNT, .handler = view },
	{ .method = "POST", .path = "/f-status", .action = "search", .roles = READERS,
	    .fields = search_fields, .nfields = Q_COUNT, .handler = search },
	{ .method = "GET", .path = "/f-status/trace", .roles = READERS,
	    .fields = fs_trace_fields, .nfields = T_COUNT, .handler = fs_trace },
	{ .method = "POST", .path = "/f-status/trace", .roles = READERS,
	    .fields = fs_trace_fields, .nfields = T_COUNT, .handler = fs_trace },
	{ .method = "POST", .path = "/f-status/mark", .roles = POLICE,
	    .fields = fs_mark_fields, .nfields = M_COUNT, .handler = fs_mark },
	{ .method = "GET", .path = "/f-status/tasks", .roles = READERS,
	    .fields = fs_tasks_fields, .nfields = TL_COUNT, .handler = fs_tasks },
	{ .method = "POST", .path = "/f-status/tasks", .action = "done", .roles = POLICE,
	    .fields = fs_done_fields, .nfields = TD_COUNT,
	    .handler = fs_task_done, .invalid = fs_task_done_invalid },
	{ .method = "GET", .path = "/f-status/visitors", .roles = READERS,
	    .fields = fs_visitors_fields, .nfields = V_COUNT, .handler = fs_visitors },
	{ .method = "GET", .path = "/f-status/arrivals", .roles = READERS,
	    .fields = fs_arrivals_fields, .nfields = A_COUNT, .handler = fs_arrivals },
	/* Travel permits: police or administrators (of a commune or
	 * district to issue and revoke: f-permits.c). */
	{ .method = "GET", .path = "/permits", .roles = READERS,
	    .fields = fs_permits_get_fields, .nfields = PG_COUNT, .handler = fs_permits },
	{ .method = "POST", .path = "/permits", .action = "view", .roles = READERS,
	    .fields = fs_permits_view_fields, .nfields = PV_COUNT,
	    .handler = fs_permits_view },
	{ .method = "POST", .path = "/permits", .roles = READERS,
	    .fields = fs_permits_issue_fields, .nfields = PI_COUNT,
	    .handler = fs_permit_issue, .invalid = fs_permit_issue_invalid },
	{ .method = "POST", .path = "/permits", .action = "revoke", .roles = READERS,
	    .fields = fs_permits_revoke_fields, .nfields = PR_COUNT,
	    .handler = fs_permit_revoke, .invalid = fs_permit_revoke_invalid },
};

static const char *sql[ST_COUNT];

static const struct kd_program program = {
	.name = "f-status",
	.sql = sql,
	.nsql = ST_COUNT,
	.need_db = 1,
	.need_units = 1,
	.trim_heap = 1,           /* a trace of 20,000 contacts takes MBs */
	.routes = routes,
	.nroutes = KD_NFIELDS(routes),
};

int main(int argc, char **argv)
{
	fs_status_sql(sql);
	fs_list_sql(sql);
	fs_trace_sql(sql);
	fs_mark_sql(sql);
	fs_tasks_sql(sql);
	fs_visitors_sql(sql);
	fs_arrivals_sql(sql);
	fs_permits_sql(sql);
	if (kd_sql_complete(program.name, sql, ST_COUNT) != 0)
		return 1;
	return kd_serve(argc, argv, &program);
}
