/*
 * report-svg.c - the report page's drawings as numbers: the template
 * (templates/report.cs) writes the SVG elements from them, so the page
 * needs no script and every text goes through the template's escaping
 * (the approach of cgi-bin/f-trace-svg.c).
 *
 *   Bars.*   a bar per child unit (or, for a commune, per place): its
 *            passages in, out and visits stacked, scaled to a round top;
 *   Cover.*  a bar per child unit: the share of its residents with one
 *            dose, and within it the share with two;
 *   Line.*   the unit's passages in, out and visits per day of the line,
 *            a polyline each, with the top of the scale and a few dates.
 * Coordinates are in a 360-unit wide viewBox: a phone's width.
 */
#include <stdio.h>
#include <string.h>

#include "chart.h"
#include "report.h"

#define W 360
#define MARGIN 8
#define BAR_W (W - 2 * MARGIN)
#define ROW_H 34
#define LABEL_CHARS 30
#define LINE_H 150
#define LINE_TOP 16
#define LINE_X0 24
#define LINE_LABELS 5

/* One bar's row: its label and total on a line, the bar below. */
static void bar_row(HDF *hdf, const char *list, size_t i, const char *name,
    const char *total)
{
	char label[160];

	kd_chart_label(name, LABEL_CHARS, label, sizeof(label));
	kd_hdf_item(hdf, list, i, "label", label);
	kd_hdf_item(hdf, list, i, "total", total);
	kd_hdf_item_int(hdf, list, i, "ty", (long long)(i * ROW_H + 12));
	kd_hdf_item_int(hdf, list, i, "by", (long long)(i * ROW_H + 17));
}

/* Segments in, out and visit of a stacked bar, scaled to top. */
static void bar_segments(HDF *hdf, size_t i, const long long *v, long long top)
{
	static const char *const seg[3][2] = { { "x_in", "w_in" }, { "x_out", "w_out" },
	    { "x_visit", "w_visit" } };
	long long x = MARGIN;
	size_t k;

	for (k = 0; k < 3; k++) {
		long long w = v[k] * BAR_W / top;

		kd_hdf_item_int(hdf, "Bars.rows", i, seg[k][0], x);
		kd_hdf_item_int(hdf, "Bars.rows", i, seg[k][1], w);
		x += w;
	}
}

/* The children's (or the places') passages. */
static void bars_hdf(HDF *hdf, const struct rp_view *v)
{
	long long max = 0, vals[3];
	char total[32];
	size_t i, n = v->nchildren > 0 ? v->nchildren : v->nplaces;

	for (i = 0; i < n; i++) {
		long long sum = v->nchildren > 0 ? v->children[i].f.v[RF_IN] +
		    v->children[i].f.v[RF_OUT] + v->children[i].f.v[RF_VISIT] :
		    v->places[i].in + v->places[i].out + v->places[i].visit;

		max = sum > max ? sum : max;
	}
	max = kd_chart_axis(max);
	kd_hdf_set_int(hdf, "Bars.w", W);
	kd_hdf_set_int(hdf, "Bars.h", (long long)(n * ROW_H + 4));
	for (i = 0; i < n; i++) {
		if (v->nchildren > 0) {
			vals[0] = v->children[i].f.v[RF_IN];
			vals[1] = v->children[i].f.v[RF_OUT];
			vals[2] = v->children[i].f.v[RF_VISIT];
		} else {
			vals[0] = v->places[i].in;
			vals[1] = v->places[i].out;
			vals[2] = v->places[i].visit;
		}
		kd_number_vn(vals[0] + vals[1] + vals[2], total);
		bar_row(hdf, "Bars.rows", i, v->nchildren > 0 ? v->children[i].u->display :
		    v->places[i].name, total);
		bar_segments(hdf, i, vals, max);
	}
}

/* The children's coverage: one dose, and two within it. */
static void cover_hdf(HDF *hdf, const struct rp_view *v)
{
	char one[16], two[16], text[40];
	size_t i;

	kd_hdf_set_int(hdf, "Cover.w", W);
	kd_hdf_set_int(hdf, "Cover.h", (long long)(v->nchildren * ROW_H + 4));
	for (i = 0; i < v->nchildren; i++) {
		const struct rp_figures *f = &v->children[i].f;
		long long whole = f->v[RF_RESIDENTS] > 0 ? f->v[RF_RESIDENTS] : 1;

		rp_percent(f->v[RF_DOSE1], f->v[RF_RESIDENTS], one);
		rp_percent(f->v[RF_DOSE2], f->v[RF_RESIDENTS], two);
		snprintf(text, sizeof(text), "%s / %s", one[0] ? one : "–", two[0] ? two : "–");
		bar_row(hdf, "Cover.rows", i, v->children[i].u->display, text);
		kd_hdf_item_int(hdf, "Cover.rows", i, "w1", f->v[RF_DOSE1] * BAR_W / whole);
		kd_hdf_item_int(hdf, "Cover.rows", i, "w2", f->v[RF_DOSE2] * BAR_W / whole);
	}
}

/* The x of day i of the line. */
static long long line_x(const struct rp_view *v, size_t i)
{
	if (v->nline < 2)
		return LINE_X0 + (W - MARGIN - LINE_X0) / 2;
	return LINE_X0 + (long long)i * (W - MARGIN - LINE_X0) / (long long)(v->nline - 1);
}

/* "x,y x,y ..." of one figure over the line's days. */
static void line_points(HDF *hdf, const char *name, const struct rp_view *v,
    enum rp_figure fig, long long top)
{
	char buf[RP_MAX_DAYS * 16 + 16];
	size_t i, used = 0;

	buf[0] = '\0';
	for (i = 0; i < v->nline && used + 24 < sizeof(buf); i++) {
		long long y = LINE_TOP + LINE_H - v->line[i].v[fig] * LINE_H / top;
		int w = snprintf(buf + used, sizeof(buf) - used, "%s%lld,%lld", i ? " " : "",
		    line_x(v, i), y);

		if (w > 0)
			used += (size_t)w;
	}
	kd_hdf_set(hdf, name, buf);
}

/* At most LINE_LABELS dates under the line (dd/mm), the first and the
 * last among them. */
static void line_dates(HDF *hdf, const struct rp_view *v)
{
	size_t k, n = v->nline < LINE_LABELS ? v->nline : LINE_LABELS;
	char day[11], label[8];

	for (k = 0; k < n; k++) {
		size_t i = n > 1 ? k * (v->nline - 1) / (n - 1) : 0;

		rp_day_text(v->line_first + (long)i, day);
		snprintf(label, sizeof(label), "%.2s/%.2s", day + 8, day + 5);
		kd_hdf_item(hdf, "Line.dates", k, "label", label);
		/* The end labels stay inside the drawing. */
		kd_hdf_item(hdf, "Line.dates", k, "pos", n > 1 && k == 0 ? "start" :
		    n > 1 && k + 1 == n ? "end" : "mid");
		kd_hdf_item_int(hdf, "Line.dates", k, "x", line_x(v, i));
	}
}

static void line_hdf(HDF *hdf, const struct rp_view *v)
{
	long long max = 0;
	char top[32];
	size_t i, k;

	for (i = 0; i < v->nline; i++)
		for (k = RF_IN; k <= RF_VISIT; k++)
			max = v->line[i].v[k] > max ? v->line[i].v[k] : max;
	max = kd_chart_axis(max);
	kd_number_vn(max, top);
	kd_hdf_set_int(hdf, "Line.w", W);
	kd_hdf_set_int(hdf, "Line.h", LINE_TOP + LINE_H + 22);
	kd_hdf_set_int(hdf, "Line.x0", LINE_X0);
	kd_hdf_set_int(hdf, "Line.x1", W - MARGIN);
	kd_hdf_set_int(hdf, "Line.top", LINE_TOP);
	kd_hdf_set_int(hdf, "Line.bottom", LINE_TOP + LINE_H);
	kd_hdf_set_int(hdf, "Line.label_y", LINE_TOP + LINE_H + 16);
	kd_hdf_set_int(hdf, "Line.lx", LINE_X0 + 4);
	kd_hdf_set_int(hdf, "Line.ty", LINE_TOP - 4);
	kd_hdf_set_int(hdf, "Line.zx", LINE_X0 - 3);
	kd_hdf_set(hdf, "Line.max", top);
	line_points(hdf, "Line.in", v, RF_IN, max);
	line_points(hdf, "Line.out", v, RF_OUT, max);
	line_points(hdf, "Line.visit", v, RF_VISIT, max);
	line_dates(hdf, v);
}

void rp_svg_hdf(HDF *hdf, const struct rp_view *v)
{
	bars_hdf(hdf, v);
	if (v->nchildren > 0)
		cover_hdf(hdf, v);
	line_hdf(hdf, v);
}
