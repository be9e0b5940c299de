/*
 * f-tasks.c - the worklists: the tasks a mark routed to a police unit.
 *
 *   GET  /f-status/tasks [?page=]   police, admin: the unit's tasks, open
 *        ones first, newest first, 50 a page -> {"total", "page", "tasks":
 *        [{"task_id", "id_number", "full_name", "status", "unit",
 *        "from_unit", "note", "created_at", "due_at", "done_at",
 *        "overdue", "passage_id"}]}.  A unit above the communes (district, province,
 *        the country) also sees the overdue open tasks of every commune
 *        below it ("overdue tasks also show on the district's list").
 *        Audited as one read of the list.  Besides the marks of traces,
 *        a passage confirmed offline that turned out to be an F0/F1, a
 *        death on record or a registry mismatch is a task of the police
 *        of the checkpoint's commune, made when it was uploaded
 *        (lib/passage.c; its status is that reason, passage_id names it;
 *        null for the tasks of marks).
 *   POST /f-status/tasks action=done   police: task_id, note (required)
 *        -> 200 {"task_id", "done_at"}; 404 no such task, 403
 *        outside_area (not routed to the officer's unit or below), 409
 *        already done; audited with the change, in one transaction.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "area.h"
#include "audit.h"
#include "f-status.h"
#include "log.h"
#include "units.h"
#include "vntime.h"

#define TASKS_PAGE 50

const struct kd_field fs_tasks_fields[TL_COUNT] = {
	[TL_PAGE] = { .name = "page", .type = KD_T_INT, .min = 1, .max = 100000 },
};

const struct kd_field fs_done_fields[TD_COUNT] = {
	[TD_TASK_ID] = { .name = "task_id", .type = KD_T_ID, .flags = KD_REQUIRED },
	[TD_NOTE] = { .name = "note", .type = KD_T_TEXT, .flags = KD_REQUIRED, .max = 500,
	    .message = "Ghi chú kết quả xử lý, tối đa 500 ký tự." },
};

/* A unit's worklist: its own tasks, and the overdue open ones below it. */
#define WORKLIST " FROM f_tasks t WHERE t.unit = ? OR (t.open = 1 AND t.due_at < NOW(3)" \
	" AND t.unit <> ? AND " KD_AREA_SQL_UNIT("t.unit") ")"

void fs_tasks_sql(const char **sql)
{
	sql[ST_TASKS] = "SELECT t.task_id, t.id_number, t.full_name, t.status, t.unit,"
	    " t.from_unit, t.note, t.created_at, t.due_at, COALESCE(t.done_at, ''),"
	    " COALESCE(t.done_note, ''), t.open = 1 AND t.due_at < NOW(3), t.passage_id" WORKLIST
	    " ORDER BY t.open IS NULL, t.created_at DESC, t.task_id DESC LIMIT ? OFFSET ?";
	sql[ST_TASKS_COUNT] = "SELECT COUNT(*)" WORKLIST;
	sql[ST_TASK_GET] = "SELECT unit, open IS NOT NULL FROM f_tasks WHERE task_id = ? FOR UPDATE";
	sql[ST_TASK_DONE] = "UPDATE f_tasks SET open = NULL, done_at = ?, done_by = ?,"
	    " done_note = ? WHERE task_id = ? AND open = 1";
}

struct task {
	char id[24], id_number[16], name[404], status[8], unit[8], from_unit[8],
	    note[2004], created[32], due[32], done[32], done_note[2004], overdue[4],
	    passage[24];
};

static const char *const task_cols[] = {
	"task_id", "id_number", "full_name", "status", "unit", "from_unit", "note",
	"created_at", "due_at", "done_at", "overdue", "passage_id"
};

/* The parameters of WORKLIST for the officer's unit. */
static void worklist_params(struct kd_req *r, struct kd_param *p)
{
	p[0] = KD_STR(r->session.unit);
	p[1] = KD_STR(r->session.unit);
	fs_unit_params(p + 2, r->session.unit);
}

/* Reads one page of the worklist.  Returns the count, -1 on error. */
static int tasks_read(struct kd_req *r, long page, struct task **out, long long *total)
{
	struct task *t = kd_alloc(&r->arena, TASKS_PAGE * sizeof(*t));
	char count[24] = "0";
	struct kd_col cc[1] = { KD_COL(count) };
	struct kd_param p[8];
	int n = 0, rc = 0;

	*out = t;
	worklist_params(r, p);
	if (t == NULL || kd_db_row(ST_TASKS_COUNT, p, 6, cc, 1) < 0)
		return -1;
	*total = strtoll(count, NULL, 10);
	p[6] = KD_INT(TASKS_PAGE);
	p[7] = KD_INT((long long)(page - 1) * TASKS_PAGE);
	if (kd_db_exec(ST_TASKS, p, 8) < 0)
		return -1;
	while (n < TASKS_PAGE) {
		struct kd_col c[13] = { KD_COL(t[n].id), KD_COL(t[n].id_number),
		    KD_COL(t[n].name), KD_COL(t[n].status), KD_COL(t[n].unit),
		    KD_COL(t[n].from_unit), KD_COL(t[n].note), KD_COL(t[n].created),
		    KD_COL(t[n].due), KD_COL(t[n].done), KD_COL(t[n].done_note),
		    KD_COL(t[n].overdue), KD_COL(t[n].passage) };

		if ((rc = kd_db_fetch(ST_TASKS, c, 13)) != 1)
			break;
		n++;
	}
	kd_db_done(ST_TASKS);
	return rc < 0 ? -1 : n;
}

static void tasks_json(struct kd_req *r, long page, const struct task *t, int n,
    long long total)
{
	struct kd_json j;
	struct kd_listw w;
	int i;

	kd_json_init(&j);
	kd_json_obj(&j);
	kd_json_kint(&j, "total", total);
	kd_json_kint(&j, "page", page);
	kd_json_key(&j, "tasks");
	kd_listw_begin(&w, &j, task_cols, KD_NFIELDS(task_cols));
	for (i = 0; i < n; i++) {
		kd_listw_int(&w, strtoll(t[i].id, NULL, 10));
		kd_listw_str(&w, t[i].id_number);
		kd_listw_str(&w, t[i].name);
		kd_listw_str(&w, t[i].status);
		kd_listw_str(&w, t[i].unit);
		kd_listw_str(&w, t[i].from_unit);
		kd_listw_str(&w, t[i].note);
		kd_listw_str(&w, fs_iso(r, t[i].created));
		kd_listw_str(&w, fs_iso(r, t[i].due));
		kd_listw_str(&w, fs_iso(r, t[i].done));
		kd_listw_int(&w, t[i].overdue[0] == '1');
		if (strcmp(t[i].passage, "0") == 0)
			kd_listw_str(&w, NULL);
		else
			kd_listw_int(&w, strtoll(t[i].passage, NULL, 10));
		kd_listw_end_row(&w);
	}
	kd_listw_end(&w);
	kd_json_obj_end(&j);
	fs_reply_rows_json(r, 200, &j, &w);
}

static void task_hdf(struct kd_req *r, HDF *hdf, size_t i, const struct task *t)
{
	const char *unit = kd_unit_display(t->unit), *from = kd_unit_display(t->from_unit);

	kd_hdf_item(hdf, "Tasks", i, "task_id", t->id);
	kd_hdf_item(hdf, "Tasks", i, "id_number", t->id_number);
	kd_hdf_item(hdf, "Tasks", i, "full_name", t->name);
	kd_hdf_item(hdf, "Tasks", i, "status", t->status);
	kd_hdf_item(hdf, "Tasks", i, "label", fs_status_label(t->status));
	kd_hdf_item(hdf, "Tasks", i, "unit", unit ? unit : t->unit);
	kd_hdf_item(hdf, "Tasks", i, "own", strcmp(t->unit, r->session.unit) == 0 ? "1" : "");
	kd_hdf_item(hdf, "Tasks", i, "from_unit", from ? from : t->from_unit);
	kd_hdf_item(hdf, "Tasks", i, "note", t->note);
	kd_hdf_item(hdf, "Tasks", i, "created_at", fs_when(r, t->created));
	kd_hdf_item(hdf, "Tasks", i, "due_at", fs_when(r, t->due));
	if (t->done[0] != '\0') {
		kd_hdf_item(hdf, "Tasks", i, "done_at", fs_when(r, t->done));
		kd_hdf_item(hdf, "Tasks", i, "done_note", t->done_note);
	}
	kd_hdf_item(hdf, "Tasks", i, "overdue", t->overdue[0] == '1' ? "1" : "");
	if (strcmp(t->passage, "0") != 0)
		kd_hdf_item(hdf, "Tasks", i, "passage_id", t->passage);
}

/* The worklist: JSON or the page (flash: the result of a done action;
 * form: a refused one's values and messages). */
static void show_tasks(struct kd_req *r, int status, long page, const char *flash,
    const struct kd_values *form)
{
	long long total = 0;
	struct task *t;
	char *detail;
	HDF *hdf;
	int n, i;

	if ((n = tasks_read(r, page, &t, &total)) < 0) {
		kd_reply_error(r, KD_E_UNAVAILABLE, NULL, 0, NULL);
		return;
	}
	detail = kd_asprintf(&r->arena, "page=%ld rows=%d", page, n);
	if (fs_audit(r, "tasks_read", "unit", r->session.unit, detail) != 0)
		return;
	if (r->want_json) {
		tasks_json(r, page, t, n, total);
		return;
	}
	if ((hdf = fs_hdf(r, "tasks")) == NULL) {
		kd_reply_error(r, KD_E_SERVER, NULL, 0, NULL);
		return;
	}
	for (i = 0; i < n; i++)
		task_hdf(r, hdf, (size_t)i, &t[i]);
	fs_hdf_pager(hdf, page, TASKS_PAGE, total);
	if (flash != NULL)
		kd_hdf_set(hdf, "Flash", flash);
	if (form != NULL)
		kd_hdf_form(hdf, "Form", fs_done_fields, TD_COUNT, form);
	kd_reply_page(r, status, "f-tasks.cs", hdf);
}

void fs_tasks(struct kd_req *r)
{
	show_tasks(r, 200, fs_page(r, TL_PAGE), NULL, NULL);
}

/* --- done ---------------------------------------------------------------------------- */

struct done {
	struct kd_req *r;
	enum kd_err err;           /* a refusal's */
	char at[32];
};

static int done_txn(void *arg)
{
	struct done *d = arg;
	struct kd_req *r = d->r;
	char unit[8] = "", open[4] = "", id[24];
	struct kd_col cols[2] = { KD_COL(unit), KD_COL(open) };
	struct kd_param p[4] = { KD_INT(r->vals.n[TD_TASK_ID]) };
	int rc = kd_db_row(ST_TASK_GET, p, 1, cols, 2);

	if (rc <= 0) {
		d->err = KD_E_NOT_FOUND;
		return rc < 0 ? -1 : KD_TXN_REFUSED;
	}
	d->err = !kd_unit_within(unit, r->session.unit) ? KD_E_OUTSIDE_AREA :
	    open[0] != '1' ? KD_E_CONFLICT : KD_E_COUNT;
	if (d->err != KD_E_COUNT)
		return KD_TXN_REFUSED;
	kd_now_db(d->at, sizeof(d->at));
	p[0] = KD_STR(d->at);
	p[1] = KD_STR(r->session.uid);
	p[2] = KD_STR(r->vals.v[TD_NOTE]);
	p[3] = KD_INT(r->vals.n[TD_TASK_ID]);
	if (kd_db_exec(ST_TASK_DONE, p, 4) != 1)
		return -1;
	snprintf(id, sizeof(id), "%lld", r->vals.n[TD_TASK_ID]);
	return kd_audit(r, "task_done", "task", id, unit) == 0 ? KD_TXN_OK : -1;
}

/* POST /f-status/tasks action=done with bad fields. */
void fs_task_done_invalid(struct kd_req *r)
{
	if (r->want_json)
		kd_reply_error(r, KD_E_INVALID_FIELDS, fs_done_fields, TD_COUNT, &r->vals);
	else
		show_tasks(r, 400, 1, kd_err_message(KD_E_INVALID_FIELDS), &r->vals);
}

/* POST /f-status/tasks action=done: task_id, note. */
void fs_task_done(struct kd_req *r)
{
	static const char *const messages[] = {
		[KD_E_NOT_FOUND] = "Không có việc này.",
		[KD_E_OUTSIDE_AREA] = "Việc này không thuộc đơn vị của bạn.",
		[KD_E_CONFLICT] = "Việc này đã được xử lý xong trước đó.",
	};
	struct done d = { .r = r };
	struct kd_json j;

	switch (kd_db_txn(done_txn, &d, KD_TXN_TRIES)) {
	case KD_TXN_OK:
		break;
	case KD_TXN_REFUSED:
		kd_reply_field(r, d.err, "task_id", messages[d.err]);
		return;
	case KD_TXN_FAILED:
		kd_log("f-status: task done failed (%u)", kd_db_errno());
		kd_reply_error(r, KD_E_UNAVAILABLE, NULL, 0, NULL);
		return;
	}
	if (!r->want_json) {
		show_tasks(r, 200, 1, "Đã ghi nhận kết quả xử lý.", NULL);
		return;
	}
	kd_json_init(&j);
	kd_json_obj(&j);
	kd_json_kint(&j, "task_id", r->vals.n[TD_TASK_ID]);
	kd_json_kstr(&j, "done_at", fs_iso(r, d.at));
	kd_json_obj_end(&j);
	kd_reply_json(r, 200, &j);
}
