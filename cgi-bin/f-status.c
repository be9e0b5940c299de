/*
 * f-status - case work of the commune police (issue 13): F0–F3 status,
 * tracing, marking contacts with tasks routed to their residence, the
 * worklists, and a place's visitors.  Every route below is for police;
 * an admin may read what the police of its subtree may (SPEC "Area").
 * Every read of a citizen's record is audited before it is shown (503
 * when the row cannot be written); a citizen outside the officer's area
 * is 403 outside_area.  The files of the program: f-status.h.
 *
 *   GET  /f-status                 police, admin: the area's list: status
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
 *
 * 401 not logged in, 403 another role or no CSRF token (the router);
 * 503 when the database fails.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "area.h"
#include "audit.h"
#include "db.h"
#include "f-status.h"
#include "labels.h"
#include "log.h"
#include "serve.h"
#include "units.h"
#include "valid.h"
#include "vntime.h"

#define LIST_PAGE 50
#define LIST_MAX 100000         /* cases read for one list (the country's) */
#define HISTORY_MAX 200
#define REPLAY_MINUTES 10

#define M_UNKNOWN "Không tìm thấy công dân có số giấy tờ này."
#define M_NOT_REGISTERED "Công dân này không có trong CSDL dân cư."
#define M_OUTSIDE "Công dân này không cư trú trên địa bàn bạn quản lý."
#define M_DIED_NEEDED "Vui lòng nhập thời điểm tử vong."
#define M_DIED_ONLY "Chỉ nhập thời điểm tử vong khi trạng thái là tử vong."
#define M_DIED_FUTURE "Thời điểm tử vong không thể ở tương lai."
#define M_DIED_BIRTH "Thời điểm tử vong không thể trước ngày sinh."

const char *const fs_statuses[] = {
	"F0", "F1", "F2", "F3", "negative", "recovered", "deceased", NULL
};
const char *const fs_formats[] = { "html", "json", "csv", NULL };

/* --- statements -------------------------------------------------------------- */

#define AREA KD_AREA_SQL_UNIT

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
	/* The area's cases (SPEC "Area": the registry's residence, or a
	 * residence of a declaration of the last 30 days), newest first,
	 * with the newest declaration's phone.  Driven by f_current, the
	 * small table (one row per person with a status). */
	sql[ST_LIST] = "SELECT c.id_number, c.status, c.set_at,"
	    " COALESCE(z.full_name, d.full_name), DATE_FORMAT(COALESCE(z.dob, d.dob), '%Y-%m-%d'),"
	    " d.phone, COALESCE(z.perm_commune, d.perm_commune)"
	    " FROM f_current c"
	    " LEFT JOIN citizens z ON z.id_number = c.id_number"
	    " LEFT JOIN declarations d ON d.declaration_id ="
	    "   (SELECT MAX(n.declaration_id) FROM declarations n WHERE n.id_number = c.id_number)"
	    " WHERE " AREA("z.perm_commune") " OR EXISTS (SELECT 1 FROM declarations e"
	    "   WHERE e.id_number = c.id_number AND e.created_at > NOW() - INTERVAL 30 DAY"
	    "   AND (" AREA("e.perm_commune") " OR " AREA("e.temp_commune")
	    "   OR " AREA("e.stay_commune") "))"
	    " ORDER BY c.set_at DESC, c.id_number LIMIT 100000";
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

/* --- helpers every page uses ------------------------------------------------------ */

enum fs_format fs_format(struct kd_req *r, size_t f)
{
	if (r->vals.v[f] == NULL)
		return r->want_json ? FS_JSON : FS_HTML;
	if (r->vals.n[f] == FS_JSON)
		r->want_json = 1;
	return (enum fs_format)r->vals.n[f];
}

long fs_page(const struct kd_req *r, size_t f)
{
	return r->vals.v[f] != NULL ? (long)r->vals.n[f] : 1;
}

int fs_person_load(const char *id_number, struct fs_person *p)
{
	char registered[4] = "";
	struct kd_col cols[3] = { KD_COL(p->full_name), KD_COL(p->dob), KD_COL(registered) };
	struct kd_param params[2] = { KD_STR(id_number), KD_STR(id_number) };
	int rc = kd_db_row(ST_PERSON, params, 2, cols, 3);

	p->registered = rc == 1 && registered[0] == '1';
	return rc;
}

int fs_person_check(struct kd_req *r, const char *id_number, const char *field,
    struct fs_person *p)
{
	int rc = fs_person_load(id_number, p);

	if (rc == 0) {
		kd_reply_field(r, KD_E_NOT_FOUND, field, M_UNKNOWN);
		return -1;
	}
	if (rc > 0)
		rc = kd_area_has(r->session.unit, id_number);
	if (rc < 0) {
		kd_reply_error(r, KD_E_UNAVAILABLE, NULL, 0, NULL);
		return -1;
	}
	if (rc == 0) {
		kd_reply_field(r, KD_E_OUTSIDE_AREA, field, M_OUTSIDE);
		return -1;
	}
	return 0;
}

int fs_audit(struct kd_req *r, const char *action, const char *kind,
    const char *target, const char *detail)
{
	if (kd_audit(r, action, kind, target, detail) == 0)
		return 0;
	kd_log("f-status: audit row for %s not written, nothing shown", action);
	kd_reply_error(r, KD_E_UNAVAILABLE, NULL, 0, NULL);
	return -1;
}

int fs_audit_citizen(struct kd_req *r, const char *action,
    const char *id_number, const char *detail)
{
	char ref[KD_CITIZEN_REF_SIZE];

	kd_citizen_ref(id_number, ref);
	return fs_audit(r, action, "citizen", ref, detail);
}

void fs_unit_params(struct kd_param *p, const char *unit)
{
	size_t i;

	for (i = 0; i < 4; i++)
		p[i] = KD_STR(unit);
}

HDF *fs_hdf(struct kd_req *r, const char *nav)
{
	HDF *hdf = kd_hdf_new(r);

	if (hdf == NULL)
		return NULL;
	kd_hdf_set(hdf, "Nav", nav);
	if (r->session.role_bit == KD_ROLE_POLICE)
		kd_hdf_set(hdf, "Fs.police", "1");
	return hdf;
}

void fs_hdf_pager(HDF *hdf, long page, long size, long long total)
{
	kd_hdf_set_int(hdf, "List.total", total);
	kd_hdf_set_int(hdf, "List.page", page);
	kd_hdf_set_int(hdf, "List.pages", total > 0 ? (total + size - 1) / size : 1);
	if (page > 1)
		kd_hdf_set_int(hdf, "List.prev", page - 1);
	if ((long long)page * size < total)
		kd_hdf_set_int(hdf, "List.next", page + 1);
}

void fs_reply_csv(struct kd_req *r, struct kd_rows *w)
{
	const char *text = kd_rows_csv(w);

	if (text == NULL) {
		kd_log("f-status: CSV writer failed");
		kd_reply_error(r, KD_E_SERVER, NULL, 0, NULL);
	} else {
		kd_reply_bytes(r, 200, "text/csv; charset=utf-8", NULL, text,
		    kd_rows_csv_len(w));
	}
	kd_rows_free(w);
}

void fs_reply_rows_json(struct kd_req *r, int status, struct kd_json *j,
    const struct kd_rows *w)
{
	if (kd_rows_failed(w)) {
		kd_json_free(j);
		kd_log("f-status: row writer failed");
		kd_reply_error(r, KD_E_SERVER, NULL, 0, NULL);
		return;
	}
	kd_reply_json(r, status, j);
}

const char *fs_iso(struct kd_req *r, const char *db)
{
	char *out;

	if (db == NULL || db[0] == '\0')
		return NULL;
	out = kd_alloc(&r->arena, 40);
	if (out != NULL)
		kd_db_time_iso(db, out, 40);
	return out;
}

const char *fs_when(struct kd_req *r, const char *db)
{
	if (db == NULL || strlen(db) < 16)
		return db;
	return kd_asprintf(&r->arena, "%.5s %.2s/%.2s/%.4s", db + 11, db + 8,
	    db + 5, db);
}

const char *fs_status_label(const char *status)
{
	const char *label = kd_label(kd_label_f_status, status);

	return label != NULL ? label : status;
}

/* The statuses for a page's select and counts: Statuses.<i>.code/label. */
static void hdf_statuses(HDF *hdf)
{
	size_t i;

	for (i = 0; fs_statuses[i] != NULL; i++) {
		kd_hdf_item(hdf, "Statuses", i, "code", fs_statuses[i]);
		kd_hdf_item(hdf, "Statuses", i, "label", fs_status_label(fs_statuses[i]));
	}
}

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
	hdf_statuses(hdf);
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

/* --- the area's list ---------------------------------------------------------------------- */

/* What q looks for: digits (an ID number or a phone, "+84" read as "0")
 * anywhere in either; anything else, a name compared without tone marks
 * (kd_name_key: "hoa" finds "Hoà" and "Hòa"). */
struct q_match {
	const char *q;             /* NULL: everything matches */
	int digits;
	char key[404];
};

static void q_prepare(struct kd_req *r, const char *q, struct q_match *m)
{
	char *d;
	size_t i, k = 0;

	memset(m, 0, sizeof(*m));
	if (q == NULL)
		return;
	m->q = q;
	d = kd_alloc(&r->arena, strlen(q) + 2);
	if (d != NULL && strncmp(q, "+84", 3) == 0) {
		d[k++] = '0';
		q += 3;
	}
	for (i = 0; d != NULL && q[i] != '\0'; i++)
		if (strchr(" .-", q[i]) == NULL)
			d[k++] = q[i];
	if (d != NULL && k > 0 && strspn(d, "0123456789") == k) {
		m->digits = 1;
		m->q = d;
		return;
	}
	if (kd_name_key(m->q, m->key, sizeof(m->key)) != 0 || m->key[0] == '\0')
		snprintf(m->key, sizeof(m->key), "%s", m->q);
}

static int q_matches(const struct q_match *m, const char *id, const char *phone,
    const char *name)
{
	char key[404];

	if (m->q == NULL)
		return 1;
	if (m->digits)
		return strstr(id, m->q) != NULL || strstr(phone, m->q) != NULL;
	return kd_name_key(name, key, sizeof(key)) == 0 && strstr(key, m->key) != NULL;
}

/* One case of the list, as read. */
struct item {
	char id[16], status[16], since[32], name[404], dob[16], phone[16], commune[8];
};

static const char *const list_cols[] = {
	"id_number", "full_name", "dob", "phone", "status", "since", "commune"
};

static void item_row(struct kd_req *r, struct kd_rows *w, const struct item *it)
{
	kd_rows_str(w, it->id);
	kd_rows_str(w, it->name);
	kd_rows_str(w, it->dob[0] ? it->dob : NULL);
	kd_rows_str(w, it->phone[0] ? it->phone : NULL);
	kd_rows_str(w, it->status);
	kd_rows_str(w, fs_iso(r, it->since));
	kd_rows_str(w, it->commune[0] ? it->commune : NULL);
	kd_rows_end_row(w);
}

struct list {
	const char *status;        /* filter; NULL all */
	const char *q_text;        /* as typed, for the page */
	struct q_match q;
	long page;
	enum fs_format format;
	long long counts[FS_NSTATUS];
	long long total;
	struct item *items;        /* this page's */
	size_t n;
	struct kd_rows csv;        /* format=csv: every matching case */
};

static size_t status_index(const char *status)
{
	size_t i;

	for (i = 0; i < FS_NSTATUS && strcmp(fs_statuses[i], status) != 0; i++)
		;
	return i;
}

/* Reads the area's cases: counts all, keeps this page's matching ones
 * (or writes every matching one to the CSV).  0 ok, -1 error. */
static int list_read(struct kd_req *r, struct list *l)
{
	struct kd_param p[17];
	struct item it;
	struct kd_col c[7] = { KD_COL(it.id), KD_COL(it.status), KD_COL(it.since),
	    KD_COL(it.name), KD_COL(it.dob), KD_COL(it.phone), KD_COL(it.commune) };
	long long first = (long long)(l->page - 1) * LIST_PAGE;
	size_t k;
	int rc;

	l->items = kd_alloc(&r->arena, LIST_PAGE * sizeof(*l->items));
	for (k = 0; k < 16; k += 4)
		fs_unit_params(p + k, r->session.unit);
	if (l->items == NULL || kd_db_exec(ST_LIST, p, 16) < 0)
		return -1;
	while ((rc = kd_db_fetch(ST_LIST, c, 7)) == 1) {
		if ((k = status_index(it.status)) < FS_NSTATUS)
			l->counts[k]++;
		if ((l->status != NULL && strcmp(l->status, it.status) != 0) ||
		    !q_matches(&l->q, it.id, it.phone, it.name))
			continue;
		if (l->format == FS_CSV)
			item_row(r, &l->csv, &it);
		else if (l->total >= first && l->n < LIST_PAGE)
			l->items[l->n++] = it;
		l->total++;
	}
	kd_db_done(ST_LIST);
	return rc < 0 ? -1 : 0;
}

static void list_json(struct kd_req *r, struct list *l)
{
	struct kd_json j;
	struct kd_rows w;
	size_t i;

	kd_json_init(&j);
	kd_json_obj(&j);
	kd_json_kint(&j, "total", l->total);
	kd_json_kint(&j, "page", l->page);
	kd_json_key(&j, "counts");
	kd_json_obj(&j);
	for (i = 0; i < FS_NSTATUS; i++)
		kd_json_kint(&j, fs_statuses[i], l->counts[i]);
	kd_json_obj_end(&j);
	kd_json_key(&j, "items");
	kd_rows_begin(&w, &j, list_cols, KD_NFIELDS(list_cols));
	for (i = 0; i < l->n; i++)
		item_row(r, &w, &l->items[i]);
	kd_rows_end(&w);
	kd_json_obj_end(&j);
	fs_reply_rows_json(r, 200, &j, &w);
}

static void list_page(struct kd_req *r, const struct list *l)
{
	HDF *hdf = fs_hdf(r, "list");
	const char *commune;
	size_t i;

	if (hdf == NULL) {
		kd_reply_error(r, KD_E_SERVER, NULL, 0, NULL);
		return;
	}
	hdf_statuses(hdf);
	for (i = 0; i < FS_NSTATUS; i++)
		kd_hdf_item_int(hdf, "Statuses", i, "n", l->counts[i]);
	kd_hdf_set(hdf, "Filter.status", l->status);
	kd_hdf_set(hdf, "Filter.q", l->q_text);
	for (i = 0; i < l->n; i++) {
		const struct item *it = &l->items[i];

		kd_hdf_item(hdf, "Items", i, "id_number", it->id);
		kd_hdf_item(hdf, "Items", i, "full_name", it->name);
		kd_hdf_item(hdf, "Items", i, "dob", it->dob);
		kd_hdf_item(hdf, "Items", i, "phone", it->phone);
		kd_hdf_item(hdf, "Items", i, "status", it->status);
		kd_hdf_item(hdf, "Items", i, "label", fs_status_label(it->status));
		kd_hdf_item(hdf, "Items", i, "since", fs_when(r, it->since));
		commune = kd_unit_display(it->commune);
		kd_hdf_item(hdf, "Items", i, "commune", commune ? commune : it->commune);
	}
	fs_hdf_pager(hdf, l->page, LIST_PAGE, l->total);
	kd_reply_page(r, 200, "f-status.cs", hdf);
}

/* The list: read, audited (the query as a keyed reference, never in
 * clear), answered as JSON, CSV or the page. */
static void show_list(struct kd_req *r, const char *status, const char *q,
    long page, enum fs_format format)
{
	struct list l = { .status = status, .q_text = q, .page = page, .format = format };
	char ref[KD_CITIZEN_REF_SIZE] = "", *detail;

	q_prepare(r, q, &l.q);
	if (format == FS_CSV)
		kd_rows_begin(&l.csv, NULL, list_cols, KD_NFIELDS(list_cols));
	if (list_read(r, &l) != 0) {
		kd_rows_free(&l.csv);
		kd_reply_error(r, KD_E_UNAVAILABLE, NULL, 0, NULL);
		return;
	}
	if (q != NULL)
		kd_citizen_ref(q, ref);
	detail = kd_asprintf(&r->arena, "status=%s q=%s page=%ld rows=%lld%s",
	    status ? status : "", ref, page, l.total, format == FS_CSV ? " csv" : "");
	if (fs_audit(r, "status_list", "unit", r->session.unit, detail) != 0) {
		kd_rows_free(&l.csv);
		return;
	}
	if (format == FS_CSV)
		fs_reply_csv(r, &l.csv);
	else if (format == FS_JSON)
		list_json(r, &l);
	else
		list_page(r, &l);
}

/* GET /f-status: ?id_number= a person's history, else the area's list. */
static void status_get(struct kd_req *r)
{
	enum fs_format format = fs_format(r, G_FORMAT);

	if (r->vals.v[G_ID_NUMBER] != NULL)
		show_person(r, r->vals.v[G_ID_NUMBER], 200, NULL, NULL);
	else
		show_list(r, r->vals.v[G_STATUS], r->vals.v[G_Q], fs_page(r, G_PAGE), format);
}

/* POST /f-status action=search: the list for a query kept out of the URL. */
static void search(struct kd_req *r)
{
	enum fs_format format = fs_format(r, Q_FORMAT);

	show_list(r, r->vals.v[Q_STATUS], r->vals.v[Q_Q], fs_page(r, Q_PAGE), format);
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
};

static const char *sql[ST_COUNT];

static const struct kd_program program = {
	.name = "f-status",
	.sql = sql,
	.nsql = ST_COUNT,
	.need_db = 1,
	.need_units = 1,
	.routes = routes,
	.nroutes = KD_NFIELDS(routes),
};

int main(int argc, char **argv)
{
	size_t i;

	fs_status_sql(sql);
	fs_trace_sql(sql);
	fs_mark_sql(sql);
	fs_tasks_sql(sql);
	fs_visitors_sql(sql);
	for (i = 0; i < ST_COUNT; i++) {
		if (sql[i] == NULL) {
			fprintf(stderr, "f-status: statement %zu has no SQL\n", i);
			return 1;
		}
	}
	return kd_serve(argc, argv, &program);
}
