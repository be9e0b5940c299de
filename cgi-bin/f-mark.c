/*
 * f-mark.c - POST /f-status/mark: from a trace's result, the officer
 * marks contacts F1 (or F2) in one action, and each marked person gets a
 * task for the commune police where they live.
 *
 *   source (the traced person's ID number, in the officer's area), ids
 *   (the contacts' ID numbers, comma-separated or one field per ticked
 *   box, at most MARK_MAX), status (F1 or F2), from, to, window (the
 *   trace's; the defaults of /f-status/trace), due_hours (1..168,
 *   default 24)
 *   -> 201 {"marked", "tasks", "unchanged", "items": [{"id_number",
 *      "result" (marked | unchanged), "status", "unit", "task_id"}]}
 *      (200 when nobody changed).
 *
 * The ids must come from that trace: the trace is run again with the
 * same parameters (depth 1 for F1, 2 for F2) and every id must be one of
 * its contacts, at depth 1 for F1 (400 ids otherwise): a mark cannot
 * reach anyone the trace did not find.  A marking never lowers a status:
 * someone who is F0 or deceased, already the same status, or F1 when
 * marked F2, is left as is ("unchanged", no task).  Everyone else gets a
 * history row (status, and in the note where and when the contact was)
 * and an open task routed to their residence (docs/F_STATUS.md): the
 * temporary residence of a declaration of the last 30 days, else the
 * registry's permanent residence, else the newest declaration's.  A
 * person has one open task per status (a unique key), so a mark sent
 * twice makes no second task.  All of it, with an audit row per person,
 * in one transaction; people are locked in ID order.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "f-status.h"
#include "f-trace.h"
#include "log.h"
#include "units.h"
#include "valid.h"
#include "vntime.h"

#define MARK_MAX 500
#define DUE_HOURS 24

static const char *const mark_statuses[] = { "F1", "F2", NULL };

#define MSG_IDS "Danh sách số CCCD/CMND cách nhau bởi dấu phẩy, tối đa 500 số."
#define MSG_NOT_IN_TRACE "Có người không thuộc kết quả truy vết này."
#define MSG_DEPTH2_F1 "Người tiếp xúc ở vòng 2 chỉ được đánh dấu F2."

/* Splits a comma-separated list of ID numbers in place (spaces around
 * them dropped).  Returns how many, -1 when one is not an ID number or
 * there are more than max. */
static int split_ids(char *s, char **out, int max)
{
	int n = 0;
	char *tok, *save = NULL;

	for (tok = strtok_r(s, ",", &save); tok != NULL; tok = strtok_r(NULL, ",", &save)) {
		char *end;

		while (*tok == ' ')
			tok++;
		for (end = tok + strlen(tok); end > tok && end[-1] == ' '; end--)
			;
		*end = '\0';
		if (*tok == '\0')
			continue;
		if (n == max || !kd_valid_id_number(tok))
			return -1;
		out[n++] = tok;
	}
	return n;
}

static const char *ids_check(const struct kd_values *vals, size_t i,
    const struct kd_field *f)
{
	char copy[MARK_MAX * 14 + 1], *ids[MARK_MAX];

	(void)f;
	if (strlen(vals->v[i]) >= sizeof(copy))
		return MSG_IDS;
	snprintf(copy, sizeof(copy), "%s", vals->v[i]);
	return split_ids(copy, ids, MARK_MAX) > 0 ? NULL : MSG_IDS;
}

const struct kd_field fs_mark_fields[M_COUNT] = {
	[M_SOURCE] = { .name = "source", .type = KD_T_ID_NUMBER, .flags = KD_REQUIRED },
	[M_IDS] = { .name = "ids", .type = KD_T_TEXT, .flags = KD_REQUIRED | KD_REPEATED,
	    .max = MARK_MAX * 14, .check = ids_check, .message = MSG_IDS },
	[M_STATUS] = { .name = "status", .type = KD_T_CHOICE, .flags = KD_REQUIRED,
	    .choices = mark_statuses, .message = "Chỉ đánh dấu F1 hoặc F2." },
	[M_FROM] = { .name = "from", .type = KD_T_DATE },
	[M_TO] = { .name = "to", .type = KD_T_DATE },
	[M_WINDOW] = { .name = "window", .type = KD_T_INT, .min = 1, .max = TRACE_MAX_WINDOW },
	[M_DUE_HOURS] = { .name = "due_hours", .type = KD_T_INT, .min = 1, .max = 168,
	    .message = "Thời hạn xử lý từ 1 đến 168 giờ." },
};

void fs_mark_sql(const char **sql)
{
	sql[ST_CURRENT_LOCK] = "SELECT status FROM f_current WHERE id_number = ? FOR UPDATE";
	/* Where the person lives now (see the top of the file). */
	sql[ST_RESIDENCE] = "SELECT code FROM ("
	    " (SELECT 0 AS o, temp_commune AS code FROM declarations WHERE id_number = ?"
	    "   AND created_at > NOW() - INTERVAL 30 DAY AND temp_commune IS NOT NULL"
	    "   ORDER BY created_at DESC, declaration_id DESC LIMIT 1)"
	    " UNION ALL SELECT 1, perm_commune FROM citizens WHERE id_number = ?"
	    " UNION ALL (SELECT 2, perm_commune FROM declarations WHERE id_number = ?"
	    "   ORDER BY created_at DESC, declaration_id DESC LIMIT 1)"
	    ") x ORDER BY o LIMIT 1";
	sql[ST_TASK_INSERT] = "INSERT INTO f_tasks (id_number, full_name, status, unit,"
	    " from_unit, source_ref, note, created_by, created_at, due_at)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
	    " ON DUPLICATE KEY UPDATE task_id = task_id";
}

/* One person of the mark. */
struct marked {
	const char *id;
	long contact;              /* index in the trace */
	int changed;
	char unit[8];
	long long task_id;         /* 0: none made */
};

struct mark {
	struct kd_req *r;
	const char *source, *status;
	struct trace t;
	struct marked *people;
	int n, nchanged, ntasks;
	long due_hours;
	char now[32], due[32];
	char source_ref[KD_CITIZEN_REF_SIZE];
};

static int by_id(const void *x, const void *y)
{
	return strcmp(((const struct marked *)x)->id, ((const struct marked *)y)->id);
}

/* Whether a person now cur (an F status, "" none) is marked status:
 * never lower, never the same again. */
static int mark_changes(const char *cur, const char *status)
{
	static const char *const kept[] = { "F0", "deceased", NULL };
	size_t i;

	for (i = 0; kept[i] != NULL; i++)
		if (strcmp(cur, kept[i]) == 0)
			return 0;
	return strcmp(cur, status) != 0 &&
	    !(strcmp(cur, "F1") == 0 && strcmp(status, "F2") == 0);
}

/* "Tiếp xúc (vòng 1) tại <place> lúc 10:05 01/09/2021 với người được truy
 * vết; đánh dấu bởi <uid>." */
static const char *mark_note(struct mark *m, const struct trace_contact *c)
{
	char db[32];

	kd_ms_db_time(c->at, db, sizeof(db));
	return kd_asprintf(&m->r->arena, "Tiếp xúc (vòng %d) tại %.300s lúc %.5s %.2s/%.2s/%.4s;"
	    " đánh dấu từ truy vết bởi %s.", c->depth,
	    c->place_name ? c->place_name : "địa điểm không rõ", db + 11, db + 8, db + 5,
	    db, m->r->session.uid);
}

/* The task of a person who changed: routed to their residence. */
static int task_insert(struct mark *m, struct marked *p, const char *note)
{
	struct kd_col col[1] = { KD_COL(p->unit) };
	struct kd_param q[3] = { KD_STR(p->id), KD_STR(p->id), KD_STR(p->id) };
	struct kd_param t[10];
	struct fs_person person;
	long long rows;

	if (kd_db_row(ST_RESIDENCE, q, 3, col, 1) < 0 ||
	    fs_person_load(p->id, &person) < 0)
		return -1;
	t[0] = KD_STR(p->id);
	t[1] = KD_STR(person.full_name);
	t[2] = KD_STR(m->status);
	t[3] = KD_STR(p->unit);
	t[4] = KD_STR(m->r->session.unit);
	t[5] = KD_STR(m->source_ref);
	t[6] = KD_STR(note);
	t[7] = KD_STR(m->r->session.uid);
	t[8] = KD_STR(m->now);
	t[9] = KD_STR(m->due);
	if ((rows = kd_db_exec(ST_TASK_INSERT, t, 10)) < 0)
		return -1;
	p->task_id = rows == 1 ? (long long)kd_db_insert_id(ST_TASK_INSERT) : 0;
	m->ntasks += rows == 1;
	return 0;
}

/* One person, inside the transaction: locked, judged, and when it
 * changes, the history row, the task and the audit row. */
static int mark_one(struct mark *m, struct marked *p)
{
	char cur[16] = "", detail[96], ref[KD_CITIZEN_REF_SIZE];
	struct kd_col col[1] = { KD_COL(cur) };
	struct kd_param q[1] = { KD_STR(p->id) }, h[6];
	const char *note = mark_note(m, &m->t.contacts[p->contact]);

	p->changed = 0;
	p->task_id = 0;
	p->unit[0] = '\0';
	if (note == NULL || kd_db_row(ST_CURRENT_LOCK, q, 1, col, 1) < 0)
		return -1;
	if (!mark_changes(cur, m->status))
		return 0;
	h[0] = KD_STR(p->id);
	h[1] = KD_STR(m->status);
	h[2] = KD_STR(note);
	h[3] = KD_NULLP;
	h[4] = KD_STR(m->r->session.uid);
	h[5] = KD_STR(m->now);
	if (kd_db_exec(ST_STATUS_INSERT, h, 6) != 1 || task_insert(m, p, note) != 0)
		return -1;
	p->changed = 1;
	m->nchanged++;
	snprintf(detail, sizeof(detail), "from=%s to=%s unit=%s task=%lld",
	    cur[0] ? cur : "-", m->status, p->unit, p->task_id);
	kd_citizen_ref(p->id, ref);
	return kd_audit(m->r, "trace_mark", "citizen", ref, detail);
}

static int mark_txn(void *arg)
{
	struct mark *m = arg;
	int i;

	m->nchanged = m->ntasks = 0;
	kd_now_db(m->now, sizeof(m->now));
	kd_ms_db_time(kd_db_time_ms(m->now) + m->due_hours * 3600000LL, m->due, sizeof(m->due));
	for (i = 0; i < m->n; i++)
		if (mark_one(m, &m->people[i]) != 0)
			return -1;
	return KD_TXN_OK;
}

/* --- the request ---------------------------------------------------------------- */

/* The ids of the request, each once, in ID order, each a contact of the
 * trace at an allowed depth.  0 ok; 1 a field failed (marked). */
static int people_read(struct mark *m)
{
	struct kd_values *v = &m->r->vals;
	char *copy = kd_strdup(&m->r->arena, v->v[M_IDS]), *ids[MARK_MAX];
	int n = copy != NULL ? split_ids(copy, ids, MARK_MAX) : -1, i, k = 0;
	int max_depth = strcmp(m->status, "F1") == 0 ? 1 : 2;

	m->people = kd_alloc(&m->r->arena, (size_t)(n > 0 ? n : 1) * sizeof(*m->people));
	if (n <= 0 || m->people == NULL)
		return kd_field_fail(v, M_IDS, MSG_IDS);
	for (i = 0; i < n; i++)
		m->people[i].id = ids[i];
	qsort(m->people, (size_t)n, sizeof(*m->people), by_id);
	for (i = 0; i < n; i++) {
		struct marked *p = &m->people[i];

		if (k > 0 && strcmp(m->people[k - 1].id, p->id) == 0)
			continue;
		p->contact = trace_find(&m->t, p->id);
		if (p->contact < 0)
			return kd_field_fail(v, M_IDS, MSG_NOT_IN_TRACE);
		if (m->t.contacts[p->contact].depth > max_depth)
			return kd_field_fail(v, M_IDS, MSG_DEPTH2_F1);
		m->people[k++] = *p;
	}
	m->n = k;
	return 0;
}

/* Where and when each marked contact met: their places' names. */
static int places_read(struct mark *m)
{
	size_t *idx = kd_alloc(&m->r->arena, (size_t)m->n * sizeof(*idx));
	int i;

	if (idx == NULL)
		return -1;
	for (i = 0; i < m->n; i++)
		idx[i] = (size_t)m->people[i].contact;
	return trace_names_of(&m->r->arena, &m->t, idx, (size_t)m->n);
}

static void mark_json(struct mark *m, int status)
{
	struct kd_json j;
	int i;

	kd_json_init(&j);
	kd_json_obj(&j);
	kd_json_kint(&j, "marked", m->nchanged);
	kd_json_kint(&j, "tasks", m->ntasks);
	kd_json_kint(&j, "unchanged", m->n - m->nchanged);
	kd_json_key(&j, "items");
	kd_json_arr(&j);
	for (i = 0; i < m->n; i++) {
		const struct marked *p = &m->people[i];

		kd_json_obj(&j);
		kd_json_kstr(&j, "id_number", p->id);
		kd_json_kstr(&j, "result", p->changed ? "marked" : "unchanged");
		kd_json_kstr(&j, "status", m->status);
		kd_json_kstr(&j, "unit", p->changed ? p->unit : NULL);
		if (p->task_id > 0)
			kd_json_kint(&j, "task_id", p->task_id);
		else
			kd_json_kstr(&j, "task_id", NULL);
		kd_json_obj_end(&j);
	}
	kd_json_arr_end(&j);
	kd_json_obj_end(&j);
	kd_reply_json(m->r, status, &j);
}

static void mark_page(struct mark *m, int status)
{
	HDF *hdf = fs_hdf(m->r, "trace");
	const char *unit;
	int i;

	if (hdf == NULL) {
		kd_reply_error(m->r, KD_E_SERVER, NULL, 0, NULL);
		return;
	}
	kd_hdf_set(hdf, "Mark.status", m->status);
	kd_hdf_set(hdf, "Mark.label", fs_status_label(m->status));
	kd_hdf_set_int(hdf, "Mark.marked", m->nchanged);
	kd_hdf_set_int(hdf, "Mark.tasks", m->ntasks);
	kd_hdf_set_int(hdf, "Mark.unchanged", m->n - m->nchanged);
	for (i = 0; i < m->n; i++) {
		const struct marked *p = &m->people[i];

		kd_hdf_item(hdf, "Mark.items", (size_t)i, "id_number", p->id);
		kd_hdf_item(hdf, "Mark.items", (size_t)i, "full_name",
		    m->t.contacts[p->contact].full_name);
		kd_hdf_item(hdf, "Mark.items", (size_t)i, "changed", p->changed ? "1" : "");
		unit = kd_unit_display(p->unit);
		kd_hdf_item(hdf, "Mark.items", (size_t)i, "unit", unit ? unit : p->unit);
		if (p->task_id > 0)
			kd_hdf_item_int(hdf, "Mark.items", (size_t)i, "task_id", p->task_id);
	}
	kd_reply_page(m->r, status, "f-mark.cs", hdf);
}

void fs_mark(struct kd_req *r)
{
	struct mark m = { .r = r, .source = r->vals.v[M_SOURCE], .status = r->vals.v[M_STATUS] };
	struct trace_params tp = { .id_number = m.source };
	struct fs_person source;

	m.due_hours = r->vals.v[M_DUE_HOURS] != NULL ? (long)r->vals.n[M_DUE_HOURS] : DUE_HOURS;
	tp.depth = strcmp(m.status, "F1") == 0 ? 1 : 2;
	if (trace_params_read(&r->vals, M_FROM, M_TO, M_WINDOW, &tp) != 0) {
		kd_reply_error(r, KD_E_INVALID_FIELDS, fs_mark_fields, M_COUNT, &r->vals);
		return;
	}
	if (fs_person_check(r, m.source, "source", &source) != 0)
		return;
	if (trace_run(&r->arena, &tp, &m.t) != 0) {
		kd_reply_error(r, KD_E_UNAVAILABLE, NULL, 0, NULL);
		return;
	}
	if (people_read(&m) != 0) {
		kd_reply_error(r, KD_E_INVALID_FIELDS, fs_mark_fields, M_COUNT, &r->vals);
		return;
	}
	kd_citizen_ref(m.source, m.source_ref);
	if (places_read(&m) != 0 || kd_db_txn(mark_txn, &m, KD_TXN_TRIES) != KD_TXN_OK) {
		kd_log("f-status: mark failed (%u)", kd_db_errno());
		kd_reply_error(r, KD_E_UNAVAILABLE, NULL, 0, NULL);
		return;
	}
	if (r->want_json)
		mark_json(&m, m.nchanged > 0 ? 201 : 200);
	else
		mark_page(&m, m.nchanged > 0 ? 201 : 200);
}
