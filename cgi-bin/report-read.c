/*
 * report-read.c - GET /report's figures, from the summary tables only
 * (schema/009; the daily job writes them): never a raw passage.
 *
 *   1. the days of the range the daily job has computed (report_days):
 *      the stock figures are those of the last one (as_of);
 *   2. the unit's rows over the line's days: the passages of each day,
 *      the range's sum, the stocks of as_of;
 *   3. its children's rows over the range (every child is listed, from
 *      the units table: one with no row has nothing to count);
 *   4. a unit without children (a commune, an island district): its
 *      places' passages over the range, with their names.
 * At most RP_MAX_DAYS days; a page of the country reads 63 provinces'
 * rows per day.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "valid.h"
#include "vntime.h"

#define DAY_TEXT "DATE_FORMAT(day, '%Y-%m-%d')"

void rp_read_sql(const char **sql)
{
	sql[ST_DAYS_DONE] = "SELECT " DAY_TEXT " FROM report_days"
	    " WHERE day BETWEEN ? AND ? ORDER BY day";
	sql[ST_UNIT_DAYS] = "SELECT " DAY_TEXT ", " RP_FIGURE_COLUMNS " FROM report_units"
	    " WHERE unit = ? AND day BETWEEN ? AND ? ORDER BY day";
	sql[ST_CHILD_DAYS] = "SELECT unit, " DAY_TEXT ", " RP_FIGURE_COLUMNS
	    " FROM report_units WHERE parent = ? AND day BETWEEN ? AND ?";
	sql[ST_PLACE_DAYS] = "SELECT r.place_id, p.name, p.kind, SUM(r.n_in), SUM(r.n_out),"
	    " SUM(r.n_visit) FROM report_places r JOIN places p ON p.place_id = r.place_id"
	    " WHERE r.commune = ? AND r.day BETWEEN ? AND ?"
	    " GROUP BY r.place_id, p.name, p.kind ORDER BY r.place_id";
}

void rp_day_text(long day, char out[11])
{
	kd_today((time_t)day * 86400 - KD_VN_OFFSET, out);
}

/* One row's figures (cells num[]) into f: passages added, stocks taken
 * when the row is the as_of day's. */
static void figures_take(struct rp_figures *f, char num[RF_COUNT][24],
    const char *day, const char *as_of)
{
	size_t k;

	for (k = 0; k < RF_COUNT; k++) {
		long long n = strtoll(num[k], NULL, 10);

		if (!rp_figures[k].stock)
			f->v[k] += n;
		else if (strcmp(day, as_of) == 0)
			f->v[k] = n;
	}
}

/* 1. Which days of the range are computed; as_of the last. */
static int days_read(struct rp_view *v, const char *from)
{
	char day[16] = "";
	struct kd_col c[1] = { KD_COL(day) };
	struct kd_param p[2] = { KD_STR(from), KD_STR(v->to) };
	int rc;

	if (kd_db_exec(ST_DAYS_DONE, p, 2) < 0)
		return -1;
	while ((rc = kd_db_fetch(ST_DAYS_DONE, c, 1)) == 1) {
		int y, m, d;
		long at;

		if (!kd_parse_date(day, &y, &m, &d))
			continue;
		at = kd_days_from_civil(y, m, d);
		v->line_done[at - v->line_first] = 1;
		if (at >= v->first) {
			v->computed++;
			snprintf(v->as_of, sizeof(v->as_of), "%.10s", day);
		}
	}
	kd_db_done(ST_DAYS_DONE);
	return rc < 0 ? -1 : 0;
}

/* 2. The unit's own rows over the line's days. */
static int unit_read(struct rp_view *v, const char *from)
{
	char day[16] = "", num[RF_COUNT][24] = { "" };
	struct kd_col c[1 + RF_COUNT] = { KD_COL(day) };
	struct kd_param p[3] = { KD_STR(v->unit), KD_STR(from), KD_STR(v->to) };
	size_t k;
	int rc;

	for (k = 0; k < RF_COUNT; k++)
		c[1 + k] = KD_COL(num[k]);
	if (kd_db_exec(ST_UNIT_DAYS, p, 3) < 0)
		return -1;
	while ((rc = kd_db_fetch(ST_UNIT_DAYS, c, 1 + RF_COUNT)) == 1) {
		int y, m, d;
		long at;

		if (!kd_parse_date(day, &y, &m, &d))
			continue;
		at = kd_days_from_civil(y, m, d);
		figures_take(&v->line[at - v->line_first], num, day, day);
		if (at >= v->first)
			figures_take(&v->total, num, day, v->as_of);
	}
	kd_db_done(ST_UNIT_DAYS);
	return rc < 0 ? -1 : 0;
}

static int child_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const struct rp_child *)elem)->u->code);
}

/* 3. Every child of the unit (units are in code order), then their rows. */
static int children_read(struct kd_req *r, struct rp_view *v)
{
	char code[8] = "", day[16] = "", num[RF_COUNT][24] = { "" };
	struct kd_col c[2 + RF_COUNT] = { KD_COL(code), KD_COL(day) };
	struct kd_param p[3] = { KD_STR(v->unit), KD_STR(v->date), KD_STR(v->to) };
	unsigned i, n = kd_units_count();
	struct rp_child *child;
	int rc;

	for (i = 0; i < n; i++)
		v->nchildren += strcmp(kd_unit_at(i)->parent, v->unit) == 0;
	v->children = kd_alloc(&r->arena, (v->nchildren + 1) * sizeof(*v->children));
	if (v->children == NULL)
		return -1;
	for (i = 0, v->nchildren = 0; i < n; i++)
		if (strcmp(kd_unit_at(i)->parent, v->unit) == 0)
			v->children[v->nchildren++].u = kd_unit_at(i);
	for (i = 0; i < RF_COUNT; i++)
		c[2 + i] = KD_COL(num[i]);
	if (v->nchildren == 0 || kd_db_exec(ST_CHILD_DAYS, p, 3) < 0)
		return v->nchildren == 0 ? 0 : -1;
	while ((rc = kd_db_fetch(ST_CHILD_DAYS, c, 2 + RF_COUNT)) == 1) {
		child = bsearch(code, v->children, v->nchildren, sizeof(*child), child_cmp);
		if (child != NULL)
			figures_take(&child->f, num, day, v->as_of);
	}
	kd_db_done(ST_CHILD_DAYS);
	return rc < 0 ? -1 : 0;
}

/* 4. A unit without children: its places. */
static int places_read(struct kd_req *r, struct rp_view *v)
{
	char id[24] = "", name[804] = "", kind[16] = "", num[3][24] = { "" };
	struct kd_col c[6] = { KD_COL(id), KD_COL(name), KD_COL(kind), KD_COL(num[0]),
	    KD_COL(num[1]), KD_COL(num[2]) };
	struct kd_param p[3] = { KD_STR(v->unit), KD_STR(v->date), KD_STR(v->to) };
	size_t cap = 0;
	int rc;

	if (kd_db_exec(ST_PLACE_DAYS, p, 3) < 0)
		return -1;
	while ((rc = kd_db_fetch(ST_PLACE_DAYS, c, 6)) == 1) {
		struct rp_place_sum *pl;

		if (v->nplaces == cap) {
			struct rp_place_sum *grown = kd_alloc(&r->arena,
			    (cap = cap ? cap * 2 : 32) * sizeof(*grown));

			if (grown == NULL) {
				rc = -1;
				break;
			}
			if (v->nplaces > 0)
				memcpy(grown, v->places, v->nplaces * sizeof(*grown));
			v->places = grown;
		}
		pl = &v->places[v->nplaces++];
		pl->id = strtoll(id, NULL, 10);
		pl->name = kd_strdup(&r->arena, name);
		pl->kind = kd_strdup(&r->arena, kind);
		pl->in = strtoll(num[0], NULL, 10);
		pl->out = strtoll(num[1], NULL, 10);
		pl->visit = strtoll(num[2], NULL, 10);
	}
	kd_db_done(ST_PLACE_DAYS);
	return rc < 0 ? -1 : 0;
}

int rp_view_read(struct kd_req *r, struct rp_view *v)
{
	char from[11];

	v->line_first = v->last - v->first + 1 >= 2 ? v->first : v->last - (RP_LINE_DAYS - 1);
	v->nline = (size_t)(v->last - v->line_first + 1);
	v->line = kd_alloc(&r->arena, v->nline * sizeof(*v->line));
	v->line_done = kd_alloc(&r->arena, v->nline);
	if (v->line == NULL || v->line_done == NULL)
		return -1;
	rp_day_text(v->line_first, from);
	if (days_read(v, from) != 0 || unit_read(v, from) != 0 || children_read(r, v) != 0)
		return -1;
	if (v->u != NULL && !v->u->has_children)
		return places_read(r, v);
	return 0;
}
