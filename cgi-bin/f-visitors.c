/*
 * f-visitors.c - GET /f-status/visitors: everyone who passed a checkpoint
 * or visited a venue in a time window, for the police (and admins) of
 * the place's area: "the list of everyone who came in a given time
 * window is at hand immediately".
 *
 *   place_id, from, to (ISO date-times, from <= at < to, at most 14 days
 *   apart), page (200 a page), format (html, json, csv = every row)
 *   -> {"place_id", "place_name", "kind", "from", "to", "total", "page",
 *       "visitors": [{"id_number", "full_name", "dob", "phone",
 *       "perm_commune", "at", "direction"}]}
 *   One row per passage, in time order, with the person as their
 *   declaration at that passage gave them.  The place must lie in the
 *   officer's unit (403 outside_area), 404 no such place.  Every read is
 *   audited (the place, the window, how many rows) before it is shown.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "f-status.h"
#include "labels.h"
#include "log.h"
#include "units.h"
#include "vntime.h"

#define VISITORS_PAGE 200
#define VISITORS_MAX_DAYS 14
#define VISITORS_CSV_MAX 200000

const struct kd_field fs_visitors_fields[V_COUNT] = {
	[V_PLACE_ID] = { .name = "place_id", .type = KD_T_ID, .max = 1000000000000LL,
	    .message = "Mã địa điểm không hợp lệ." },
	[V_FROM] = { .name = "from", .type = KD_T_DATETIME },
	[V_TO] = { .name = "to", .type = KD_T_DATETIME },
	[V_PAGE] = { .name = "page", .type = KD_T_INT, .min = 1, .max = 100000 },
	[V_FORMAT] = { .name = "format", .type = KD_T_CHOICE, .choices = fs_formats },
};

void fs_visitors_sql(const char **sql)
{
	sql[ST_PLACE] = "SELECT name, kind, commune FROM places WHERE place_id = ?";
	/* k_place_at (place_id, at, cancelled_at), each row's declaration by
	 * primary key; the total from the index alone (schema/021). */
	sql[ST_VISITORS] = "SELECT p.id_number, d.full_name, DATE_FORMAT(d.dob, '%Y-%m-%d'),"
	    " COALESCE(d.phone, ''), d.perm_commune, p.at, p.direction"
	    " FROM passages p JOIN declarations d ON d.declaration_id = p.declaration_id"
	    " WHERE p.place_id = ? AND p.at >= ? AND p.at < ?"
	    " AND p.cancelled_at IS NULL ORDER BY p.at, p.passage_id LIMIT ? OFFSET ?";
	sql[ST_VISITORS_COUNT] = "SELECT COUNT(*) FROM passages"
	    " WHERE place_id = ? AND at >= ? AND at < ? AND cancelled_at IS NULL";
}

static const char *const visitor_cols[] = {
	"id_number", "full_name", "dob", "phone", "perm_commune", "at", "direction"
};

struct visitors {
	struct kd_req *r;
	long long place_id;
	char name[808], kind[16], commune[8];
	char from[32], to[32];     /* database times */
	long page;
	long long total;
	enum fs_format format;
	struct kd_json j;
	struct kd_listw w;
	HDF *hdf;
	size_t n;
};

/* One row: to JSON or CSV through w, or to the page. */
static void visitor_row(struct visitors *v, char *const *c)
{
	const char *dir = kd_label(kd_label_directions, c[6]);
	size_t i;

	if (v->hdf == NULL) {
		for (i = 0; i < 7; i++)
			kd_listw_str(&v->w, i == 5 ? fs_iso(v->r, c[i]) : c[i][0] ? c[i] : NULL);
		kd_listw_end_row(&v->w);
		return;
	}
	for (i = 0; i < 4; i++)
		kd_hdf_item(v->hdf, "Visitors", v->n, visitor_cols[i], c[i]);
	kd_hdf_item(v->hdf, "Visitors", v->n, "perm_commune",
	    kd_unit_display(c[4]) ? kd_unit_display(c[4]) : c[4]);
	kd_hdf_item(v->hdf, "Visitors", v->n, "at", fs_when(v->r, c[5]));
	kd_hdf_item(v->hdf, "Visitors", v->n, "direction", dir ? dir : c[6]);
}

/* Counts the window's passages and reads this page's (CSV: all).  0 ok,
 * -1 error. */
static int visitors_read(struct visitors *v)
{
	char count[24] = "0", id[16], name[404], dob[16], phone[16], commune[8], at[32], dir[8];
	char *cells[7] = { id, name, dob, phone, commune, at, dir };
	struct kd_col cc[1] = { KD_COL(count) };
	struct kd_col c[7] = { KD_COL(id), KD_COL(name), KD_COL(dob), KD_COL(phone),
	    KD_COL(commune), KD_COL(at), KD_COL(dir) };
	struct kd_param p[5] = { KD_INT(v->place_id), KD_STR(v->from), KD_STR(v->to) };
	int csv = v->format == FS_CSV, rc;

	if (kd_db_row(ST_VISITORS_COUNT, p, 3, cc, 1) < 0)
		return -1;
	v->total = strtoll(count, NULL, 10);
	p[3] = KD_INT(csv ? VISITORS_CSV_MAX : VISITORS_PAGE);
	p[4] = KD_INT(csv ? 0 : (long long)(v->page - 1) * VISITORS_PAGE);
	if (kd_db_exec(ST_VISITORS, p, 5) < 0)
		return -1;
	while ((rc = kd_db_fetch(ST_VISITORS, c, 7)) == 1) {
		visitor_row(v, cells);
		v->n++;
	}
	kd_db_done(ST_VISITORS);
	return rc < 0 ? -1 : 0;
}

static void head_json(struct visitors *v)
{
	kd_json_init(&v->j);
	kd_json_obj(&v->j);
	kd_json_kint(&v->j, "place_id", v->place_id);
	kd_json_kstr(&v->j, "place_name", v->name);
	kd_json_kstr(&v->j, "kind", v->kind);
	kd_json_kstr(&v->j, "from", fs_iso(v->r, v->from));
	kd_json_kstr(&v->j, "to", fs_iso(v->r, v->to));
	kd_json_key(&v->j, "visitors");
	kd_listw_begin(&v->w, &v->j, visitor_cols, KD_NFIELDS(visitor_cols));
}

static void form_hdf(HDF *hdf, const struct kd_req *r)
{
	kd_hdf_form(hdf, "Form", fs_visitors_fields, V_COUNT, &r->vals);
}

/* The page without a list: the form (and its messages). */
static void form_page(struct kd_req *r, int status)
{
	HDF *hdf = fs_hdf(r, "visitors");

	if (hdf == NULL) {
		kd_reply_error(r, KD_E_SERVER, NULL, 0, NULL);
		return;
	}
	form_hdf(hdf, r);
	kd_reply_page(r, status, "f-visitors.cs", hdf);
}

/* The place: known (404), in the officer's unit (403).  0 go on, -1
 * answered. */
static int place_check(struct visitors *v)
{
	struct kd_col c[3] = { KD_COL(v->name), KD_COL(v->kind), KD_COL(v->commune) };
	struct kd_param p[1] = { KD_INT(v->place_id) };
	int rc = kd_db_row(ST_PLACE, p, 1, c, 3);

	if (rc < 0)
		kd_reply_error(v->r, KD_E_UNAVAILABLE, NULL, 0, NULL);
	else if (rc == 0)
		kd_reply_field(v->r, KD_E_NOT_FOUND, "place_id", "Không có địa điểm này.");
	else if (!kd_unit_within(v->commune, v->r->session.unit))
		kd_reply_field(v->r, KD_E_OUTSIDE_AREA, "place_id",
		    "Địa điểm này không thuộc địa bàn bạn quản lý.");
	return rc == 1 && kd_unit_within(v->commune, v->r->session.unit) ? 0 : -1;
}

/* The window: all three given, from before to, at most 14 days.  0 ok,
 * 1 with fields marked. */
static int window_check(struct kd_req *r)
{
	struct kd_values *vals = &r->vals;
	size_t i;
	int bad = 0;

	for (i = 0; i <= V_TO; i++)
		if (vals->v[i] == NULL)
			bad = kd_field_fail(vals, i, kd_msg_required);
	if (bad)
		return 1;
	if (vals->t[V_TO] <= vals->t[V_FROM])
		return kd_field_fail(vals, V_TO, "Thời điểm kết thúc phải sau thời điểm bắt đầu.");
	if (vals->t[V_TO] - vals->t[V_FROM] > VISITORS_MAX_DAYS * 86400)
		return kd_field_fail(vals, V_TO, "Khoảng thời gian tối đa 14 ngày.");
	return 0;
}

/* Starts the answer of the chosen format before the rows are read. */
static int answer_begin(struct visitors *v)
{
	if (v->format == FS_CSV) {
		kd_listw_begin(&v->w, NULL, visitor_cols, KD_NFIELDS(visitor_cols));
	} else if (v->format == FS_JSON) {
		head_json(v);
	} else if ((v->hdf = fs_hdf(v->r, "visitors")) == NULL) {
		return -1;
	}
	return 0;
}

static void answer_drop(struct visitors *v)
{
	if (v->format == FS_CSV)
		kd_listw_free(&v->w);
	else if (v->format == FS_JSON)
		kd_json_free(&v->j);
	else
		hdf_destroy(&v->hdf);
}

static void answer_end(struct visitors *v)
{
	if (v->format == FS_CSV) {
		fs_reply_csv(v->r, &v->w);
		return;
	}
	if (v->format == FS_JSON) {
		kd_listw_end(&v->w);
		kd_json_kint(&v->j, "total", v->total);
		kd_json_kint(&v->j, "page", v->page);
		kd_json_obj_end(&v->j);
		fs_reply_rows_json(v->r, 200, &v->j, &v->w);
		return;
	}
	form_hdf(v->hdf, v->r);
	kd_hdf_set(v->hdf, "Place.name", v->name);
	kd_hdf_set(v->hdf, "Place.kind", v->kind);
	kd_hdf_set(v->hdf, "Place.shown", "1");
	fs_hdf_pager(v->hdf, v->page, VISITORS_PAGE, v->total);
	kd_reply_page(v->r, 200, "f-visitors.cs", v->hdf);
}

void fs_visitors(struct kd_req *r)
{
	struct visitors v = { .r = r, .place_id = r->vals.n[V_PLACE_ID],
	    .page = fs_page(r, V_PAGE), .format = fs_format(r, V_FORMAT) };
	char *detail;

	if (v.format == FS_HTML && r->vals.v[V_PLACE_ID] == NULL && r->vals.v[V_FROM] == NULL) {
		form_page(r, 200);
		return;
	}
	if (window_check(r) != 0) {
		if (v.format == FS_HTML)
			form_page(r, 400);
		else
			kd_reply_error(r, KD_E_INVALID_FIELDS, fs_visitors_fields, V_COUNT, &r->vals);
		return;
	}
	if (place_check(&v) != 0)
		return;
	kd_ms_db_time((long long)r->vals.t[V_FROM] * 1000, v.from, sizeof(v.from));
	kd_ms_db_time((long long)r->vals.t[V_TO] * 1000, v.to, sizeof(v.to));
	if (answer_begin(&v) != 0 || visitors_read(&v) != 0) {
		answer_drop(&v);
		kd_reply_error(r, KD_E_UNAVAILABLE, NULL, 0, NULL);
		return;
	}
	detail = kd_asprintf(&r->arena, "from=%.19s to=%.19s page=%ld rows=%zu format=%s",
	    v.from, v.to, v.page, v.n, fs_formats[v.format]);
	if (fs_audit(r, "visitors", "place", r->vals.v[V_PLACE_ID], detail) != 0) {
		answer_drop(&v);
		return;
	}
	answer_end(&v);
}
