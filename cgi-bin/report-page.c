/*
 * report-page.c - GET /report as a page (templates/report.cs): the unit
 * and its path from the country, the range, the figures as people read
 * them (1.234.567; coverage as 63,2%), the children and places tables,
 * and the drawings (report-svg.c).  The same figures as the JSON and CSV
 * answers (report.c): only their writing differs.
 */
#include <stdio.h>
#include <string.h>

#include "chart.h"
#include "report.h"
#include "vntime.h"

/* Report.*: what, when, since when computed. */
static void head_hdf(HDF *hdf, const struct rp_view *v)
{
	char vn[11];

	kd_hdf_set(hdf, "Report.unit", v->unit);
	kd_hdf_set(hdf, "Report.name", kd_unit_display(v->unit));
	kd_hdf_set(hdf, "Report.level", rp_level_label(v->u));
	kd_hdf_set(hdf, "Report.date", v->date);
	kd_hdf_set(hdf, "Report.to", v->to);
	kd_date_vn(v->date, vn);
	kd_hdf_set(hdf, "Report.date_vn", vn);
	kd_date_vn(v->to, vn);
	kd_hdf_set(hdf, "Report.to_vn", vn);
	kd_hdf_set(hdf, "Report.range", strcmp(v->date, v->to) != 0 ? "1" : "");
	kd_hdf_set_int(hdf, "Report.days", v->last - v->first + 1);
	kd_hdf_set_int(hdf, "Report.computed", v->computed);
	if (v->as_of[0] != '\0') {
		kd_date_vn(v->as_of, vn);
		kd_hdf_set(hdf, "Report.as_of_vn", vn);
	}
}

/* Path.<i>: the country down to the unit; link when the officer may see it. */
static void path_hdf(struct kd_req *r, HDF *hdf, const struct rp_view *v)
{
	const struct kd_unit *chain[4];
	size_t n = 0, i, k = 0;
	const struct kd_unit *u;

	for (u = v->u; u != NULL && n < 4; u = kd_unit_find(u->parent))
		chain[n++] = u;
	kd_hdf_item(hdf, "Path", k, "name", "Toàn quốc");
	kd_hdf_item(hdf, "Path", k, "code", "");
	kd_hdf_item(hdf, "Path", k++, "link", r->session.unit[0] == '\0' ? "1" : "");
	for (i = n; i-- > 0; k++) {
		kd_hdf_item(hdf, "Path", k, "name", chain[i]->display);
		kd_hdf_item(hdf, "Path", k, "code", chain[i]->code);
		kd_hdf_item(hdf, "Path", k, "link",
		    kd_unit_within(chain[i]->code, r->session.unit) ? "1" : "");
	}
}

/* prefix.<flat name> of every figure, and the coverage's shares. */
static void figures_hdf(HDF *hdf, const char *prefix, const struct rp_figures *f)
{
	char name[128], text[32];
	size_t k;

	for (k = 0; k < RF_COUNT; k++) {
		snprintf(name, sizeof(name), "%s.%s", prefix, rp_figures[k].csv);
		kd_number_vn(f->v[k], text);
		kd_hdf_set(hdf, name, text);
	}
	snprintf(name, sizeof(name), "%s.dose1_pct", prefix);
	rp_percent(f->v[RF_DOSE1], f->v[RF_RESIDENTS], text);
	kd_hdf_set(hdf, name, text);
	snprintf(name, sizeof(name), "%s.dose2_pct", prefix);
	rp_percent(f->v[RF_DOSE2], f->v[RF_RESIDENTS], text);
	kd_hdf_set(hdf, name, text);
}

static void children_hdf(HDF *hdf, const struct rp_view *v)
{
	char prefix[48];
	size_t i;

	kd_hdf_set(hdf, "Report.child_level", v->nchildren > 0 ?
	    rp_level_label(v->children[0].u) : "");
	for (i = 0; i < v->nchildren; i++) {
		kd_hdf_item(hdf, "Children", i, "code", v->children[i].u->code);
		kd_hdf_item(hdf, "Children", i, "name", v->children[i].u->display);
		snprintf(prefix, sizeof(prefix), "Children.%zu", i);
		figures_hdf(hdf, prefix, &v->children[i].f);
	}
}

static void places_hdf(HDF *hdf, const struct rp_view *v)
{
	char text[32];
	size_t i;

	for (i = 0; i < v->nplaces; i++) {
		const struct rp_place_sum *p = &v->places[i];

		kd_hdf_item_int(hdf, "Places", i, "place_id", p->id);
		kd_hdf_item(hdf, "Places", i, "name", p->name);
		kd_hdf_item(hdf, "Places", i, "kind", strcmp(p->kind, "venue") == 0 ?
		    "Địa điểm" : "Chốt kiểm soát");
		kd_number_vn(p->in, text);
		kd_hdf_item(hdf, "Places", i, "in", text);
		kd_number_vn(p->out, text);
		kd_hdf_item(hdf, "Places", i, "out", text);
		kd_number_vn(p->visit, text);
		kd_hdf_item(hdf, "Places", i, "visit", text);
	}
}

void rp_page_hdf(struct kd_req *r, HDF *hdf, const struct rp_view *v)
{
	head_hdf(hdf, v);
	path_hdf(r, hdf, v);
	figures_hdf(hdf, "Total", &v->total);
	children_hdf(hdf, v);
	places_hdf(hdf, v);
	rp_svg_hdf(hdf, v);
}
