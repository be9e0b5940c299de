/*
 * report-checkpoints.c - GET /report/checkpoints: how the checkpoints of a
 * unit worked on a day, hour by hour, the slowest queues first (from the
 * summary tables the daily job fills: report_places, report_hours).
 *
 *   GET /report/checkpoints [?date=&unit=&place_id=&page=&format=]
 *       admin, police: unit (default the officer's; within it), date
 *       (default yesterday), place_id (one place of the unit), page (from
 *       1, PAGE_SIZE places a page) ->
 *       {"date", "unit", "total", "page",
 *        "places": [{"place_id", "name", "kind", "slowest_median_s",
 *                    "scans", "passages", "paper",
 *                    "hours": [{"hour", "scans", "passages", "paper",
 *                               "median_confirm_s"}]}]}
 *       Places with a scan, a passage or a paper entry that day, ordered
 *       by their slowest hour's median from a scan to its confirmation
 *       (seconds, rounded; null when nothing was paired), slowest first.
 *       format=csv: one line per place and hour, every place.
 *       403 outside_area (unit or place_id), 404 place_id, 400.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "area.h"
#include "log.h"
#include "report.h"
#include "serve.h"
#include "vntime.h"

#define PAGE_SIZE 20
#define CSV_MAX_PLACES 100000

/* The day's places of the unit (and the place asked, if any). */
#define PLACES_OF_DAY " FROM report_places r WHERE r.day = ? AND (? = 0 OR r.place_id = ?)" \
	" AND " KD_AREA_SQL_UNIT("r.commune")

void rp_checkpoints_sql(const char **sql)
{
	sql[ST_CP_PLACE] = "SELECT commune FROM places WHERE place_id = ?";
	sql[ST_CP_COUNT] = "SELECT COUNT(*)" PLACES_OF_DAY;
	/* A page of places, slowest first, with every hour of each. */
	sql[ST_CP_PLACES] = "SELECT x.place_id, p.name, p.kind, x.slowest_ms, x.scans,"
	    " x.passages, x.paper, h.hour, h.scans, h.passages, h.paper, h.median_ms"
	    " FROM (SELECT r.place_id, r.slowest_ms, r.scans, r.n_in + r.n_out + r.n_visit"
	    "   AS passages, r.paper" PLACES_OF_DAY
	    "   ORDER BY r.slowest_ms DESC, r.place_id LIMIT ? OFFSET ?) x"
	    " JOIN places p ON p.place_id = x.place_id"
	    " JOIN report_hours h ON h.day = ? AND h.place_id = x.place_id"
	    " ORDER BY x.slowest_ms DESC, x.place_id, h.hour";
}

const struct kd_field rp_checkpoint_fields[C_COUNT] = {
	[C_DATE] = { .name = "date", .type = KD_T_DATE },
	[C_UNIT] = { .name = "unit", .type = KD_T_UNIT },
	[C_PLACE_ID] = { .name = "place_id", .type = KD_T_ID },
	[C_PAGE] = { .name = "page", .type = KD_T_INT, .min = 1, .max = 100000 },
	[C_FORMAT] = { .name = "format", .type = KD_T_CHOICE, .choices = kd_formats },
};

/* Counts of a place's day or hour; median -1: nothing paired. */
struct counts {
	long long scans, passages, paper, median_ms;
};

struct cp_place {
	long long id;
	const char *name, *kind;
	struct counts day;           /* median_ms: its slowest hour's */
	struct counts hour[24];
	unsigned char has[24];
};

struct cp_list {
	char date[11];
	const char *unit;
	long long place_id;          /* 0: every place */
	long page;
	int all;                     /* CSV: every place */
	long long total;
	struct cp_place *places;
	size_t n;
};

/* --- reading -------------------------------------------------------------------------- */

/* The place asked: known (404) and in the unit (403).  -1: answered. */
static int place_scope(struct kd_req *r, struct cp_list *l)
{
	char commune[8] = "";
	struct kd_col c[1] = { KD_COL(commune) };
	struct kd_param p[1] = { KD_INT(l->place_id) };
	int rc;

	if (l->place_id == 0)
		return 0;
	if ((rc = kd_db_row(ST_CP_PLACE, p, 1, c, 1)) < 0) {
		kd_reply_error(r, KD_E_UNAVAILABLE, NULL, 0, NULL);
		return -1;
	}
	if (rc == 0) {
		kd_reply_field(r, KD_E_NOT_FOUND, "place_id", "Không có chốt hoặc địa điểm này.");
		return -1;
	}
	if (!kd_unit_within(commune, l->unit)) {
		kd_reply_field(r, KD_E_OUTSIDE_AREA, "place_id",
		    "Chốt hoặc địa điểm này nằm ngoài địa bàn của bạn.");
		return -1;
	}
	return 0;
}

static long long num_or(const struct kd_col *c, long long none)
{
	return c->is_null ? none : strtoll(c->buf, NULL, 10);
}

/* One row of ST_CP_PLACES: a new place when its id changes, then the hour. */
static int take_row(struct kd_req *r, struct cp_list *l, struct kd_col *c, size_t *cap)
{
	struct cp_place *pl = l->n > 0 ? &l->places[l->n - 1] : NULL;
	long long id = strtoll(c[0].buf, NULL, 10), hour = strtoll(c[7].buf, NULL, 10);

	if (pl == NULL || pl->id != id) {
		if (l->n == *cap) {
			struct cp_place *grown = kd_alloc(&r->arena, (*cap = *cap ? *cap * 2 : 32) *
			    sizeof(*grown));

			if (grown == NULL)
				return -1;
			if (l->n > 0)
				memcpy(grown, l->places, l->n * sizeof(*grown));
			l->places = grown;
		}
		pl = &l->places[l->n++];
		memset(pl, 0, sizeof(*pl));
		pl->id = id;
		pl->name = kd_strdup(&r->arena, c[1].buf);
		pl->kind = kd_strdup(&r->arena, c[2].buf);
		pl->day = (struct counts){ num_or(&c[4], 0), num_or(&c[5], 0), num_or(&c[6], 0),
		    num_or(&c[3], -1) };
	}
	if (hour >= 0 && hour < 24) {
		pl->has[hour] = 1;
		pl->hour[hour] = (struct counts){ num_or(&c[8], 0), num_or(&c[9], 0),
		    num_or(&c[10], 0), num_or(&c[11], -1) };
	}
	return 0;
}

static int list_read(struct kd_req *r, struct cp_list *l)
{
	char buf[12][404] = { "" }, total[24] = "0";
	struct kd_col c[12], tc[1] = { KD_COL(total) };
	long long size = l->all ? CSV_MAX_PLACES : PAGE_SIZE;
	struct kd_param p[12] = { KD_STR(l->date), KD_INT(l->place_id), KD_INT(l->place_id),
	    KD_STR(l->unit), KD_STR(l->unit), KD_STR(l->unit), KD_STR(l->unit),
	    KD_INT(size), KD_INT(l->all ? 0 : (l->page - 1) * PAGE_SIZE), KD_STR(l->date) };
	size_t k, cap = 0;
	int rc;

	for (k = 0; k < 12; k++)
		c[k] = KD_COL(buf[k]);
	if (kd_db_row(ST_CP_COUNT, p, 7, tc, 1) < 0 || kd_db_exec(ST_CP_PLACES, p, 10) < 0)
		return -1;
	l->total = strtoll(total, NULL, 10);
	while ((rc = kd_db_fetch(ST_CP_PLACES, c, 12)) == 1)
		if (take_row(r, l, c, &cap) != 0) {
			rc = -1;
			break;
		}
	kd_db_done(ST_CP_PLACES);
	return rc < 0 ? -1 : 0;
}

/* --- answers ----------------------------------------------------------------------------- */

/* Milliseconds as whole seconds, or null. */
static void seconds_json(struct kd_json *j, const char *key, long long ms)
{
	kd_json_key(j, key);
	if (ms < 0)
		kd_json_null(j);
	else
		kd_json_int(j, (ms + 500) / 1000);
}

static void place_json(struct kd_json *j, const struct cp_place *pl)
{
	int h;

	kd_json_obj(j);
	kd_json_kint(j, "place_id", pl->id);
	kd_json_kstr(j, "name", pl->name);
	kd_json_kstr(j, "kind", pl->kind);
	seconds_json(j, "slowest_median_s", pl->day.median_ms);
	kd_json_kint(j, "scans", pl->day.scans);
	kd_json_kint(j, "passages", pl->day.passages);
	kd_json_kint(j, "paper", pl->day.paper);
	kd_json_key(j, "hours");
	kd_json_arr(j);
	for (h = 0; h < 24; h++) {
		if (!pl->has[h])
			continue;
		kd_json_obj(j);
		kd_json_kint(j, "hour", h);
		kd_json_kint(j, "scans", pl->hour[h].scans);
		kd_json_kint(j, "passages", pl->hour[h].passages);
		kd_json_kint(j, "paper", pl->hour[h].paper);
		seconds_json(j, "median_confirm_s", pl->hour[h].median_ms);
		kd_json_obj_end(j);
	}
	kd_json_arr_end(j);
	kd_json_obj_end(j);
}

static void list_json(struct kd_req *r, const struct cp_list *l)
{
	struct kd_json j;
	size_t i;

	kd_json_init(&j);
	kd_json_obj(&j);
	kd_json_kstr(&j, "date", l->date);
	kd_json_kstr(&j, "unit", l->unit);
	kd_json_kint(&j, "total", l->total);
	kd_json_kint(&j, "page", l->page);
	kd_json_key(&j, "places");
	kd_json_arr(&j);
	for (i = 0; i < l->n; i++)
		place_json(&j, &l->places[i]);
	kd_json_arr_end(&j);
	kd_json_obj_end(&j);
	kd_reply_json(r, 200, &j);
}

static const char *const csv_cols[] = { "place_id", "name", "kind", "hour", "scans",
	"passages", "paper", "median_confirm_s" };

static void list_csv(struct kd_req *r, const struct cp_list *l)
{
	struct kd_listw w;
	size_t i;
	int h;

	kd_listw_begin(&w, NULL, csv_cols, KD_NFIELDS(csv_cols));
	for (i = 0; i < l->n; i++) {
		const struct cp_place *pl = &l->places[i];

		for (h = 0; h < 24; h++) {
			if (!pl->has[h])
				continue;
			kd_listw_int(&w, pl->id);
			kd_listw_str(&w, pl->name);
			kd_listw_str(&w, pl->kind);
			kd_listw_int(&w, h);
			kd_listw_int(&w, pl->hour[h].scans);
			kd_listw_int(&w, pl->hour[h].passages);
			kd_listw_int(&w, pl->hour[h].paper);
			if (pl->hour[h].median_ms < 0)
				kd_listw_str(&w, NULL);
			else
				kd_listw_int(&w, (pl->hour[h].median_ms + 500) / 1000);
			kd_listw_end_row(&w);
		}
	}
	kd_listw_end(&w);
	kd_listw_reply_csv(r, &w);
}

/* A wait as minutes and seconds, "2:05" ("–": none timed). */
static void wait_text(long long ms, char out[32])
{
	long long s = (ms + 500) / 1000;

	if (ms < 0)
		snprintf(out, 32, "–");
	else
		snprintf(out, 32, "%lld:%02lld", s / 60, s % 60);
}

static void place_hdf(HDF *hdf, size_t i, const struct cp_place *pl)
{
	char name[64], text[32];
	size_t k = 0;
	int h;

	kd_hdf_item_int(hdf, "Places", i, "place_id", pl->id);
	kd_hdf_item(hdf, "Places", i, "name", pl->name);
	kd_hdf_item(hdf, "Places", i, "kind", pl->kind);
	wait_text(pl->day.median_ms, text);
	kd_hdf_item(hdf, "Places", i, "slowest", text);
	kd_hdf_item_int(hdf, "Places", i, "scans", pl->day.scans);
	kd_hdf_item_int(hdf, "Places", i, "passages", pl->day.passages);
	kd_hdf_item_int(hdf, "Places", i, "paper", pl->day.paper);
	snprintf(name, sizeof(name), "Places.%zu.hours", i);
	for (h = 0; h < 24; h++) {
		if (!pl->has[h])
			continue;
		kd_hdf_item_int(hdf, name, k, "hour", h);
		kd_hdf_item_int(hdf, name, k, "scans", pl->hour[h].scans);
		kd_hdf_item_int(hdf, name, k, "passages", pl->hour[h].passages);
		kd_hdf_item_int(hdf, name, k, "paper", pl->hour[h].paper);
		wait_text(pl->hour[h].median_ms, text);
		kd_hdf_item(hdf, name, k++, "median", text);
	}
}

static void list_page(struct kd_req *r, const struct cp_list *l)
{
	HDF *hdf = kd_hdf_new(r);
	char vn[11];
	size_t i;

	if (hdf == NULL) {
		kd_reply_error(r, KD_E_SERVER, NULL, 0, NULL);
		return;
	}
	kd_date_vn(l->date, vn);
	kd_hdf_set(hdf, "Cp.date", l->date);
	kd_hdf_set(hdf, "Cp.date_vn", vn);
	kd_hdf_set(hdf, "Cp.unit", l->unit);
	kd_hdf_set(hdf, "Cp.unit_name", kd_unit_display(l->unit));
	if (l->place_id > 0)
		kd_hdf_set_int(hdf, "Cp.place_id", l->place_id);
	kd_hdf_set_int(hdf, "List.total", l->total);
	kd_hdf_set_int(hdf, "List.page", l->page);
	if (l->page > 1)
		kd_hdf_set_int(hdf, "List.prev", l->page - 1);
	if ((long long)l->page * PAGE_SIZE < l->total)
		kd_hdf_set_int(hdf, "List.next", l->page + 1);
	for (i = 0; i < l->n; i++)
		place_hdf(hdf, i, &l->places[i]);
	kd_reply_page(r, 200, "report-checkpoints.cs", hdf);
}

/* GET /report/checkpoints: date, unit, place_id, page, format. */
void rp_checkpoints(struct kd_req *r)
{
	enum kd_format format = kd_format_of(r, C_FORMAT);
	struct cp_list l;

	memset(&l, 0, sizeof(l));
	if ((l.unit = rp_unit_scope(r, r->vals.v[C_UNIT])) == NULL)
		return;
	l.place_id = r->vals.v[C_PLACE_ID] ? r->vals.n[C_PLACE_ID] : 0;
	l.page = r->vals.v[C_PAGE] ? (long)r->vals.n[C_PAGE] : 1;
	l.all = format == KD_FORMAT_CSV;
	if (r->vals.v[C_DATE] != NULL)
		snprintf(l.date, sizeof(l.date), "%s", r->vals.v[C_DATE]);
	else
		rp_yesterday(l.date);
	if (place_scope(r, &l) != 0)
		return;
	if (list_read(r, &l) != 0) {
		kd_reply_error(r, KD_E_UNAVAILABLE, NULL, 0, NULL);
		return;
	}
	if (format == KD_FORMAT_CSV)
		list_csv(r, &l);
	else if (format == KD_FORMAT_JSON)
		list_json(r, &l);
	else
		list_page(r, &l);
}
