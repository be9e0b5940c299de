/*
 * report - daily figures for administrators and police (issue 15,
 * docs/REPORT.md): passages, F status, welfare and vaccination coverage of
 * a unit and its children, drawn as bars and a line; the checkpoints'
 * hours and queues.  Everything shown comes from the summary tables that
 * the same program's daily job fills (report --daily, from cron); no page
 * reads a raw passage.  The files of the program: report.h.
 *
 *   GET /report [?date=&to=&unit=&format=]             admin, police
 *       unit: a unit code (default: the officer's own; "" = the country for
 *       the national administrator), date (default yesterday), to (a
 *       range's last day, default date; at most 366 days), format html,
 *       json or csv (default by the Accept header) ->
 *       {"unit", "name", "level", "date", "to", "as_of", "computed_days",
 *        "passages": {"in", "out", "visit"},
 *        "f_counts": {"F0", "F1", "F2", "F3", "recovered", "deceased"},
 *        "welfare": {"registered", "paid", "amount"},
 *        "vaccination": {"residents", "dose1", "dose2"},
 *        "children": [{"level", "unit", "name", "in", "out", "visit", "F0",
 *                      ..., "welfare_amount", "residents", "dose1", "dose2"}],
 *        "places": [{"place_id", "name", "kind", "in", "out", "visit"}],
 *        "days": [{"date", "computed", "in", "out", "visit"}]}
 *       Passages are summed over the range; the other figures are those
 *       at the end of as_of, the range's last computed day (null: none).
 *       places: a unit without children (a commune).  days: the range, or
 *       the 14 days up to a single date.  csv: the unit, its children and
 *       its places, one line each, the columns of "children".
 *       403 outside_area (a unit outside the officer's), 400 bad fields.
 *   GET /report/checkpoints [?date=&unit=&place_id=&page=&format=]
 *       report-checkpoints.c.
 *
 *   report --daily [YYYY-MM-DD]    report-daily.c (not FastCGI routes)
 *   report --coverage
 *
 * 401 not logged in, 403 another role (the router); 503 when the
 * database fails.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "log.h"
#include "report.h"
#include "serve.h"
#include "sql.h"
#include "valid.h"
#include "vntime.h"

const struct rp_figure_def rp_figures[RF_COUNT] = {
	[RF_IN] = { "passages", "in", "in", 0 },
	[RF_OUT] = { "passages", "out", "out", 0 },
	[RF_VISIT] = { "passages", "visit", "visit", 0 },
	[RF_F0] = { "f_counts", "F0", "F0", 1 },
	[RF_F1] = { "f_counts", "F1", "F1", 1 },
	[RF_F2] = { "f_counts", "F2", "F2", 1 },
	[RF_F3] = { "f_counts", "F3", "F3", 1 },
	[RF_RECOVERED] = { "f_counts", "recovered", "recovered", 1 },
	[RF_DECEASED] = { "f_counts", "deceased", "deceased", 1 },
	[RF_W_REGISTERED] = { "welfare", "registered", "welfare_registered", 1 },
	[RF_W_PAID] = { "welfare", "paid", "welfare_paid", 1 },
	[RF_W_AMOUNT] = { "welfare", "amount", "welfare_amount", 1 },
	[RF_RESIDENTS] = { "vaccination", "residents", "residents", 1 },
	[RF_DOSE1] = { "vaccination", "dose1", "dose1", 1 },
	[RF_DOSE2] = { "vaccination", "dose2", "dose2", 1 },
};

/* The columns of a flat list of units (children, CSV): level, unit, name,
 * then every figure's flat name (main fills them from rp_figures). */
enum { FLAT_LEVEL, FLAT_UNIT, FLAT_NAME, FLAT_FIGURES };
static const char *flat_cols[FLAT_FIGURES + RF_COUNT] = { "level", "unit", "name" };

static const char *const place_cols[] = { "place_id", "name", "kind", "in", "out", "visit" };
static const char *const day_cols[] = { "date", "computed", "in", "out", "visit" };

/* --- what the routes share --------------------------------------------------------- */

void rp_yesterday(char out[11])
{
	kd_today(time(NULL) - 86400, out);
}

const char *rp_unit_scope(struct kd_req *r, const char *asked)
{
	const char *unit = asked != NULL ? asked : r->session.unit;

	if (!kd_unit_within(unit, r->session.unit)) {
		kd_reply_field(r, KD_E_OUTSIDE_AREA, "unit",
		    "Đơn vị này nằm ngoài địa bàn của bạn.");
		return NULL;
	}
	return unit;
}

static const char *const levels[][2] = {
	{ "country", "Toàn quốc" }, { "province", "Tỉnh/thành phố" },
	{ "district", "Quận/huyện" }, { "commune", "Xã/phường" },
};

static size_t level_of(const struct kd_unit *u)
{
	return u == NULL ? 0 : u->level == 'p' ? 1 : u->level == 'd' ? 2 : 3;
}

const char *rp_level(const struct kd_unit *u)
{
	return levels[level_of(u)][0];
}

const char *rp_level_label(const struct kd_unit *u)
{
	return levels[level_of(u)][1];
}

void rp_percent(long long part, long long whole, char out[16])
{
	long long tenths;

	if (whole <= 0) {
		out[0] = '\0';
		return;
	}
	tenths = (part * 1000 + whole / 2) / whole;
	snprintf(out, 16, "%d,%d%%", (int)(tenths / 10 % 100000), (int)(tenths % 10));
}

/* --- GET /report --------------------------------------------------------------------- */

enum { R_DATE, R_TO, R_UNIT, R_FORMAT, R_COUNT };
static const struct kd_field report_fields[R_COUNT] = {
	[R_DATE] = { .name = "date", .type = KD_T_DATE },
	[R_TO] = { .name = "to", .type = KD_T_DATE },
	[R_UNIT] = { .name = "unit", .type = KD_T_UNIT },
	[R_FORMAT] = { .name = "format", .type = KD_T_CHOICE, .choices = kd_formats },
};

/* The range: date (default yesterday) to `to` (default date), at most
 * RP_MAX_DAYS days.  -1: answered 400. */
static int view_dates(struct kd_req *r, struct rp_view *v)
{
	int y, m, d;

	if (r->vals.v[R_DATE] != NULL)
		snprintf(v->date, sizeof(v->date), "%s", r->vals.v[R_DATE]);
	else
		rp_yesterday(v->date);
	snprintf(v->to, sizeof(v->to), "%s", r->vals.v[R_TO] ? r->vals.v[R_TO] : v->date);
	if (kd_parse_date(v->date, &y, &m, &d))
		v->first = kd_days_from_civil(y, m, d);
	if (kd_parse_date(v->to, &y, &m, &d))
		v->last = kd_days_from_civil(y, m, d);
	if (v->last < v->first)
		kd_field_fail(&r->vals, R_TO, "Ngày kết thúc không thể trước ngày bắt đầu.");
	else if (v->last - v->first >= RP_MAX_DAYS)
		kd_field_fail(&r->vals, R_TO, "Mỗi lần xem tối đa 366 ngày.");
	if (r->vals.nerrors == 0)
		return 0;
	kd_reply_error(r, KD_E_INVALID_FIELDS, report_fields, R_COUNT, &r->vals);
	return -1;
}

/* A unit's line of a flat list: level, code, name, figures (only the
 * passages for a place: its other cells are empty). */
static void flat_row(struct kd_listw *w, const char *level, const char *code,
    const char *name, const struct rp_figures *f, int passages_only)
{
	size_t k;

	kd_listw_str(w, level);
	kd_listw_str(w, code);
	kd_listw_str(w, name);
	for (k = 0; k < RF_COUNT; k++) {
		if (passages_only && rp_figures[k].stock)
			kd_listw_str(w, NULL);
		else
			kd_listw_int(w, f->v[k]);
	}
	kd_listw_end_row(w);
}

static void children_rows(struct kd_listw *w, const struct rp_view *v)
{
	size_t i;

	for (i = 0; i < v->nchildren; i++)
		flat_row(w, rp_level(v->children[i].u), v->children[i].u->code,
		    v->children[i].u->display, &v->children[i].f, 0);
}

static void place_row(struct kd_listw *w, const struct rp_place_sum *p)
{
	kd_listw_int(w, p->id);
	kd_listw_str(w, p->name);
	kd_listw_str(w, p->kind);
	kd_listw_int(w, p->in);
	kd_listw_int(w, p->out);
	kd_listw_int(w, p->visit);
	kd_listw_end_row(w);
}

/* CSV: the unit, its children, its places. */
static void view_csv(struct kd_req *r, const struct rp_view *v)
{
	struct kd_listw w;
	struct rp_figures f;
	size_t i;

	kd_listw_begin(&w, NULL, flat_cols, FLAT_FIGURES + RF_COUNT);
	flat_row(&w, rp_level(v->u), v->unit, kd_unit_display(v->unit), &v->total, 0);
	children_rows(&w, v);
	for (i = 0; i < v->nplaces; i++) {
		char id[24];

		memset(&f, 0, sizeof(f));
		f.v[RF_IN] = v->places[i].in;
		f.v[RF_OUT] = v->places[i].out;
		f.v[RF_VISIT] = v->places[i].visit;
		snprintf(id, sizeof(id), "%lld", v->places[i].id);
		flat_row(&w, "place", id, v->places[i].name, &f, 1);
	}
	kd_listw_end(&w);
	kd_listw_reply_csv(r, &w);
}

/* The figures grouped as SPEC's /report names them. */
static void groups_json(struct kd_json *j, const struct rp_figures *f)
{
	size_t k;

	for (k = 0; k < RF_COUNT; k++) {
		if (k == 0 || strcmp(rp_figures[k].group, rp_figures[k - 1].group) != 0) {
			if (k > 0)
				kd_json_obj_end(j);
			kd_json_key(j, rp_figures[k].group);
			kd_json_obj(j);
		}
		kd_json_kint(j, rp_figures[k].key, f->v[k]);
	}
	kd_json_obj_end(j);
}

/* The lists of the JSON answer; 0 ok, -1 a writer failed. */
static int lists_json(struct kd_json *j, const struct rp_view *v)
{
	struct kd_listw w[3];
	size_t i;
	int failed;

	kd_json_key(j, "children");
	kd_listw_begin(&w[0], j, flat_cols, FLAT_FIGURES + RF_COUNT);
	children_rows(&w[0], v);
	kd_listw_end(&w[0]);
	kd_json_key(j, "places");
	kd_listw_begin(&w[1], j, place_cols, KD_NFIELDS(place_cols));
	for (i = 0; i < v->nplaces; i++)
		place_row(&w[1], &v->places[i]);
	kd_listw_end(&w[1]);
	kd_json_key(j, "days");
	kd_listw_begin(&w[2], j, day_cols, KD_NFIELDS(day_cols));
	for (i = 0; i < v->nline; i++) {
		char day[11];

		rp_day_text(v->line_first + (long)i, day);
		kd_listw_str(&w[2], day);
		kd_listw_int(&w[2], v->line_done[i]);
		kd_listw_int(&w[2], v->line[i].v[RF_IN]);
		kd_listw_int(&w[2], v->line[i].v[RF_OUT]);
		kd_listw_int(&w[2], v->line[i].v[RF_VISIT]);
		kd_listw_end_row(&w[2]);
	}
	kd_listw_end(&w[2]);
	failed = kd_listw_failed(&w[0]) || kd_listw_failed(&w[1]) || kd_listw_failed(&w[2]);
	for (i = 0; i < 3; i++)
		kd_listw_free(&w[i]);
	return failed ? -1 : 0;
}

static void view_json(struct kd_req *r, const struct rp_view *v)
{
	struct kd_json j;

	kd_json_init(&j);
	kd_json_obj(&j);
	kd_json_kstr(&j, "unit", v->unit);
	kd_json_kstr(&j, "name", kd_unit_display(v->unit));
	kd_json_kstr(&j, "level", rp_level(v->u));
	kd_json_kstr(&j, "date", v->date);
	kd_json_kstr(&j, "to", v->to);
	kd_json_kstr(&j, "as_of", v->as_of[0] ? v->as_of : NULL);
	kd_json_kint(&j, "computed_days", v->computed);
	groups_json(&j, &v->total);
	if (lists_json(&j, v) != 0) {
		kd_json_free(&j);
		kd_reply_error(r, KD_E_SERVER, NULL, 0, NULL);
		return;
	}
	kd_json_obj_end(&j);
	kd_reply_json(r, 200, &j);
}

/* GET /report: date, to, unit, format. */
static void report_get(struct kd_req *r)
{
	enum kd_format format = kd_format_of(r, R_FORMAT);
	struct rp_view v;
	HDF *hdf;

	memset(&v, 0, sizeof(v));
	if ((v.unit = rp_unit_scope(r, r->vals.v[R_UNIT])) == NULL || view_dates(r, &v) != 0)
		return;
	v.u = kd_unit_find(v.unit);
	if (rp_view_read(r, &v) != 0) {
		kd_reply_error(r, KD_E_UNAVAILABLE, NULL, 0, NULL);
		return;
	}
	if (format == KD_FORMAT_CSV) {
		view_csv(r, &v);
	} else if (format == KD_FORMAT_JSON) {
		view_json(r, &v);
	} else if ((hdf = kd_hdf_new(r)) == NULL) {
		kd_reply_error(r, KD_E_SERVER, NULL, 0, NULL);
	} else {
		rp_page_hdf(r, hdf, &v);
		kd_reply_page(r, 200, "report.cs", hdf);
	}
}

/* --- routes ------------------------------------------------------------------------ */

#define READERS (KD_ROLE_ADMIN | KD_ROLE_POLICE)
static const struct kd_route routes[] = {
	{ .method = "GET", .path = "/report", .roles = READERS,
	    .fields = report_fields, .nfields = R_COUNT, .handler = report_get },
	{ .method = "GET", .path = "/report/checkpoints", .roles = READERS,
	    .fields = rp_checkpoint_fields, .nfields = C_COUNT, .handler = rp_checkpoints },
};

static const char *sql[ST_COUNT];

static const struct kd_program program = {
	.name = "report",
	.sql = sql,
	.nsql = ST_PAGES_COUNT,
	.need_db = 1,
	.need_units = 1,
	.routes = routes,
	.nroutes = KD_NFIELDS(routes),
};

/* The FastCGI program, or the daily job when the first argument is
 * --daily. */
int main(int argc, char **argv)
{
	size_t i;

	rp_read_sql(sql);
	rp_checkpoints_sql(sql);
	rp_daily_sql(sql);
	rp_hours_sql(sql);
	rp_retention_sql(sql);
	if (kd_sql_complete(program.name, sql, ST_COUNT) != 0)
		return 1;
	for (i = 0; i < RF_COUNT; i++)
		flat_cols[FLAT_FIGURES + i] = rp_figures[i].csv;
	if (argc >= 2 && (strcmp(argv[1], "--daily") == 0 || strcmp(argv[1], "--coverage") == 0))
		return rp_daily_main(argc, argv, sql);
	return kd_serve(argc, argv, &program);
}
