/*
 * f-trace-svg.c - the trace page's two drawings, as numbers: the
 * template (templates/f-trace.cs) writes the SVG elements, so the page
 * needs no JavaScript and every text goes through the template's escaping.
 *
 *   Timeline.*  one lane per place of the itinerary (the first LANES, in
 *               order of first visit; the rest share a last lane), a dot
 *               per passage at its time between the first day 00:00 and
 *               the day after the last, a tick per day (labelled so that
 *               at most 8 labels show);
 *   Graph.*     the traced person, the first SHOWN contacts of depth 1,
 *               and SHOWN of depth 2 (first those met through a depth-1
 *               contact drawn), each joined to whom it met; "+N" nodes
 *               stand for the rest of a column.
 * Coordinates are in a 360-unit wide viewBox: a phone's width.
 */
#include <stdio.h>
#include <string.h>

#include "chart.h"
#include "f-status.h"
#include "f-trace.h"
#include "labels.h"
#include "vntime.h"

#define W 360
#define MARGIN 8
#define LANES 8
#define LANE_H 32
#define SHOWN 10
#define ROW_H 28
#define LABEL_CHARS 18

/* --- the timeline ---------------------------------------------------------------- */

static long long span_x(long long at, long long from, long long span)
{
	if (at < from)
		at = from;
	if (at > from + span)
		at = from + span;
	return MARGIN + (at - from) * (W - 2 * MARGIN) / span;
}

/* The lane of each stop: places in order of first visit; when there are
 * more than LANES, the last lane holds all the others (*shared = 1).
 * Returns the number of lanes. */
static size_t lanes_of(const struct trace *t, size_t *lane, int *shared)
{
	long long place[LANES];
	size_t i, k, n = 0;

	*shared = 0;
	for (i = 0; i < t->nstops; i++) {
		for (k = 0; k < n && place[k] != t->stops[i].place_id; k++)
			;
		if (k == n && n < LANES)
			place[n++] = t->stops[i].place_id;
		else if (k == n)
			*shared = 1;
		lane[i] = k < n ? k : LANES - 1;
	}
	return n;
}

static void timeline_lanes(HDF *hdf, const struct trace *t, const size_t *lane,
    size_t nlanes, int shared)
{
	size_t i, k;

	for (k = 0; k < nlanes; k++) {
		for (i = 0; i < t->nstops && lane[i] != k; i++)
			;
		kd_hdf_item(hdf, "Timeline.lanes", k, "label", shared && k + 1 == LANES ?
		    "Các nơi khác" : t->stops[i].place_name);
		kd_hdf_item_int(hdf, "Timeline.lanes", k, "ty", (long long)(k * LANE_H + 14));
		kd_hdf_item_int(hdf, "Timeline.lanes", k, "ly", (long long)(k * LANE_H + 24));
	}
}

static void timeline_dots(HDF *hdf, const struct trace *t, const size_t *lane,
    long long from, long long span)
{
	char db[32], title[900];
	size_t i;

	for (i = 0; i < t->nstops; i++) {
		const struct trace_stop *s = &t->stops[i];
		const char *dir = kd_label(kd_label_directions, s->direction);

		kd_ms_db_time(s->at, db, sizeof(db));
		snprintf(title, sizeof(title), "%.5s %.2s/%.2s – %s – %s", db + 11, db + 8,
		    db + 5, s->place_name, dir ? dir : s->direction);
		kd_hdf_item_int(hdf, "Timeline.dots", i, "x", span_x(s->at, from, span));
		kd_hdf_item_int(hdf, "Timeline.dots", i, "y", (long long)(lane[i] * LANE_H + 24));
		kd_hdf_item(hdf, "Timeline.dots", i, "kind", s->kind);
		kd_hdf_item(hdf, "Timeline.dots", i, "title", title);
	}
}

/* A tick per day; a label every `every` days. */
static void timeline_ticks(HDF *hdf, long long from, long long days, long long bottom)
{
	long long d, every = (days + 7) / 8, span = days * 86400000LL;
	char db[32], label[8];

	for (d = 0; d <= days; d++) {
		kd_hdf_item_int(hdf, "Timeline.ticks", (size_t)d, "x",
		    span_x(from + d * 86400000LL, from, span));
		kd_hdf_item_int(hdf, "Timeline.ticks", (size_t)d, "y", bottom);
		kd_hdf_item_int(hdf, "Timeline.ticks", (size_t)d, "y2", bottom + 4);
		kd_hdf_item_int(hdf, "Timeline.ticks", (size_t)d, "ly", bottom + 14);
		if (d % every != 0 || d == days)
			continue;
		kd_ms_db_time(from + d * 86400000LL, db, sizeof(db));
		snprintf(label, sizeof(label), "%.2s/%.2s", db + 8, db + 5);
		kd_hdf_item(hdf, "Timeline.ticks", (size_t)d, "label", label);
	}
}

static void timeline_hdf(HDF *hdf, const struct trace *t, const struct trace_params *tp)
{
	size_t lane[TRACE_MAX_STOPS], nlanes;
	long long from = (long long)tp->from * 1000;
	long long days = (tp->to - tp->from) / 86400 + 1;
	long long bottom;
	int shared;

	nlanes = lanes_of(t, lane, &shared);
	bottom = (long long)(nlanes > 0 ? nlanes : 1) * LANE_H + 6;
	kd_hdf_set_int(hdf, "Timeline.w", W);
	kd_hdf_set_int(hdf, "Timeline.h", bottom + 18);
	kd_hdf_set_int(hdf, "Timeline.x2", W - MARGIN);
	kd_hdf_set_int(hdf, "Timeline.bottom", bottom);
	timeline_lanes(hdf, t, lane, nlanes, shared);
	timeline_dots(hdf, t, lane, from, days * 86400000LL);
	timeline_ticks(hdf, from, days, bottom);
}

/* --- the graph ------------------------------------------------------------------------ */

struct pick {
	size_t one[SHOWN], two[SHOWN];     /* contact indexes drawn */
	size_t n1, n2;
};

static int drawn_one(const struct trace *t, const struct pick *p, const char *id)
{
	size_t i;

	for (i = 0; i < p->n1; i++)
		if (strcmp(t->contacts[p->one[i]].id, id) == 0)
			return (int)i;
	return -1;
}

/* The first SHOWN of depth 1; of depth 2, first those whose "of" is
 * drawn, then the others. */
static void graph_pick(const struct trace *t, struct pick *p)
{
	size_t i, first2 = t->by_depth[1], pass;

	p->n1 = p->n2 = 0;
	for (i = 0; i < first2 && p->n1 < SHOWN; i++)
		p->one[p->n1++] = i;
	for (pass = 0; pass < 2; pass++)
		for (i = first2; i < t->ncontacts && p->n2 < SHOWN; i++)
			if ((drawn_one(t, p, t->contacts[i].of) >= 0) == (pass == 0))
				p->two[p->n2++] = i;
}

int trace_svg_names(struct kd_arena *a, struct trace *t)
{
	size_t idx[2 * SHOWN];
	struct pick p;

	graph_pick(t, &p);
	memcpy(idx, p.one, p.n1 * sizeof(*idx));
	memcpy(idx + p.n1, p.two, p.n2 * sizeof(*idx));
	return trace_names_of(a, t, idx, p.n1 + p.n2);
}

static void node(HDF *hdf, size_t k, long long x, long long y, int depth,
    const char *label, const char *title)
{
	kd_hdf_item_int(hdf, "Graph.nodes", k, "x", x);
	kd_hdf_item_int(hdf, "Graph.nodes", k, "y", y);
	kd_hdf_item_int(hdf, "Graph.nodes", k, "tx", x + 9);
	kd_hdf_item_int(hdf, "Graph.nodes", k, "ty", y + 4);
	kd_hdf_item_int(hdf, "Graph.nodes", k, "depth", depth);
	kd_hdf_item(hdf, "Graph.nodes", k, "label", label);
	kd_hdf_item(hdf, "Graph.nodes", k, "title", title);
}

static void edge(HDF *hdf, size_t k, long long x1, long long y1, long long x2, long long y2)
{
	kd_hdf_item_int(hdf, "Graph.edges", k, "x1", x1);
	kd_hdf_item_int(hdf, "Graph.edges", k, "y1", y1);
	kd_hdf_item_int(hdf, "Graph.edges", k, "x2", x2);
	kd_hdf_item_int(hdf, "Graph.edges", k, "y2", y2);
}

#define X0 12
#define X1 124
#define X2 240
#define ROW_Y(i) ((long long)(i) * ROW_H + 16)

/* A column's "+N" node, when some are not drawn. */
static size_t more_node(HDF *hdf, size_t k, long long x, size_t row, int depth,
    size_t more)
{
	char label[40];

	snprintf(label, sizeof(label), "+%zu người", more);
	node(hdf, k, x, ROW_Y(row), depth, label, label);
	return k + 1;
}

void trace_svg_hdf(HDF *hdf, const struct trace *t, const struct trace_params *tp)
{
	size_t rows1, rows2, rows, i, nodes = 0, edges = 0, more1, more2;
	char label[80];
	struct pick p;
	int of;

	timeline_hdf(hdf, t, tp);
	graph_pick(t, &p);
	more1 = t->by_depth[1] - p.n1;
	more2 = t->by_depth[2] - p.n2;
	rows1 = p.n1 + (more1 > 0);
	rows2 = p.n2 + (more2 > 0);
	rows = rows1 > rows2 ? rows1 : rows2;
	if (rows == 0)
		rows = 1;
	kd_hdf_set_int(hdf, "Graph.w", W);
	kd_hdf_set_int(hdf, "Graph.h", ROW_Y(rows) - 2);
	node(hdf, nodes++, X0, ROW_Y(0), 0, "F0", tp->id_number);
	for (i = 0; i < rows1; i++)
		edge(hdf, edges++, X0, ROW_Y(0), X1, ROW_Y(i));
	for (i = 0; i < p.n1; i++) {
		kd_chart_label(t->contacts[p.one[i]].full_name, LABEL_CHARS, label, sizeof(label));
		node(hdf, nodes++, X1, ROW_Y(i), 1, label, t->contacts[p.one[i]].id);
	}
	if (more1 > 0)
		nodes = more_node(hdf, nodes, X1, p.n1, 1, more1);
	for (i = 0; i < p.n2; i++) {
		of = drawn_one(t, &p, t->contacts[p.two[i]].of);
		edge(hdf, edges++, X1, ROW_Y(of >= 0 ? (size_t)of : p.n1), X2, ROW_Y(i));
		kd_chart_label(t->contacts[p.two[i]].full_name, LABEL_CHARS, label, sizeof(label));
		node(hdf, nodes++, X2, ROW_Y(i), 2, label, t->contacts[p.two[i]].id);
	}
	if (more2 > 0)
		more_node(hdf, nodes, X2, p.n2, 2, more2);
}
