/*
 * zones - epidemic zone levels (issue 21; the rule of a level in time and
 * what the kiosk makes of it: lib/zones.h).
 *
 *   GET  /zones [?unit=&format=json]   public.  Without unit: {"items":
 *        [{"unit", "name", "level", "since"}]} the units whose own level
 *        is in force now (a unit without one takes its parent's), with
 *        the country's picture: "counts" {"0".."4"} of the communes (and
 *        island districts) by the level in force there now, and
 *        "children" the provinces, each {"unit", "name", "level", "own",
 *        "counts"}.  With unit (a province, district or commune): {"unit",
 *        "name", "level", "own", "set_in", "since", "counts", "children",
 *        "history": [{"level", "since", "note", "set_at"}] (its own
 *        changes, newest first, at most 100)}.  HTML: the same page by
 *        province, district and commune, coloured by level; an
 *        administrator whose subtree holds the unit also sees the form
 *        that sets its level.  404 for an unknown unit (400 naming it).
 *   POST /zones   admin: unit (within the administrator's unit, else 403
 *        outside_area), level (1..4; 0 lifts the unit's own level so that
 *        it takes its parent's again), since (ISO date-time, default now;
 *        at most 30 days back or ahead), note (at most 500 characters)
 *        -> 201 {"change_id", "unit", "level", "since"}; HTML: the unit's
 *        page with the change.  Every change is a new row (nothing is
 *        overwritten), written with its audit row (zone_set) in one
 *        transaction; then every worker of the host is told
 *        (lib/zones.h: kd_zones_changed).
 *
 * Levels are public: reading them needs no login and is not audited
 * (nothing personal); a change is audited.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "audit.h"
#include "db.h"
#include "log.h"
#include "resp.h"
#include "rows.h"
#include "serve.h"
#include "units.h"
#include "vntime.h"
#include "zones.h"

#define HISTORY_MAX 100
#define CHILDREN_MAX 200           /* units right below one (at most 63 today) */
#define SINCE_RANGE (30 * 86400)

enum { ST_HISTORY, ST_INSERT, ST_COUNT };

static const char *const sql[ST_COUNT] = {
	[ST_HISTORY] = "SELECT level, UNIX_TIMESTAMP(since), note, set_at FROM zone_levels"
	    " WHERE unit = ? ORDER BY since DESC, change_id DESC LIMIT 100",
	[ST_INSERT] = "INSERT INTO zone_levels (unit, level, since, note, set_by, set_at)"
	    " VALUES (?, ?, FROM_UNIXTIME(?), ?, ?, ?)",
};

static const char *const formats[] = { "html", "json", NULL };

enum { G_UNIT, G_FORMAT, G_COUNT };
static const struct kd_field get_fields[G_COUNT] = {
	[G_UNIT] = { .name = "unit", .type = KD_T_UNIT },
	[G_FORMAT] = { .name = "format", .type = KD_T_CHOICE, .choices = formats },
};

static const char *since_in_range(const struct kd_values *vals, size_t i,
    const struct kd_field *f)
{
	time_t now = time(NULL);

	(void)f;
	if (vals->t[i] < now - SINCE_RANGE || vals->t[i] > now + SINCE_RANGE)
		return "Thời điểm áp dụng trong khoảng 30 ngày trước hoặc sau hôm nay.";
	return NULL;
}

enum { P_UNIT, P_LEVEL, P_SINCE, P_NOTE, P_COUNT };
static const struct kd_field post_fields[P_COUNT] = {
	[P_UNIT] = { .name = "unit", .type = KD_T_UNIT, .flags = KD_REQUIRED },
	[P_LEVEL] = { .name = "level", .type = KD_T_INT, .flags = KD_REQUIRED, .min = 0,
	    .max = KD_ZONE_MAX, .message = "Cấp độ từ 1 đến 4 (0: theo cấp trên)." },
	[P_SINCE] = { .name = "since", .type = KD_T_DATETIME, .check = since_in_range },
	[P_NOTE] = { .name = "note", .type = KD_T_TEXT, .max = 500 },
};

/* ------------------------------------------------------------ a view */

struct tally {
	long long n[KD_ZONE_MAX + 1];
};

struct child {
	const struct kd_unit *u;
	struct kd_zone zone;
	int own;
	struct tally t;
};

/* What the page or the JSON shows of a unit (NULL: the country) now. */
struct view {
	const struct kd_unit *u;
	time_t now;
	struct kd_zone zone;
	int own;
	struct tally t;
	struct child *children;
	size_t nchildren;
};

static int by_order(const void *a, const void *b)
{
	const struct child *x = a, *y = b;

	return x->u->order < y->u->order ? -1 : x->u->order > y->u->order;
}

/* The units right below v->u, in Vietnamese order.  0 ok, -1 memory. */
static int children_of(struct kd_req *r, struct view *v)
{
	const char *code = v->u != NULL ? v->u->code : "";
	unsigned i, n = kd_units_count();
	const struct kd_unit *u;
	struct child *c;

	v->children = kd_alloc(&r->arena, sizeof(*v->children) * CHILDREN_MAX);
	if (v->children == NULL)
		return -1;
	for (i = 0; i < n && v->nchildren < CHILDREN_MAX; i++) {
		u = kd_unit_at(i);
		if (strcmp(u->parent, code) != 0)
			continue;
		c = &v->children[v->nchildren++];
		memset(c, 0, sizeof(*c));
		c->u = u;
		kd_zone_at(u->code, v->now, &c->zone);
		c->own = kd_zone_own_at(u->code, v->now, NULL) > 0;
	}
	qsort(v->children, v->nchildren, sizeof(*v->children), by_order);
	return 0;
}

/* The child of v holding address unit a, or NULL. */
static struct child *child_holding(struct view *v, const struct kd_unit *a)
{
	size_t i;

	for (i = 0; i < v->nchildren; i++)
		if (kd_unit_within(a->code, v->children[i].u->code))
			return &v->children[i];
	return NULL;
}

/* The picture: every commune (and island district) below the unit, by
 * the level in force there now, in all and per child. */
static void tally(struct view *v)
{
	unsigned i, n = kd_units_count();
	const struct kd_unit *a;
	struct kd_zone z;
	struct child *c;

	for (i = 0; i < n; i++) {
		a = kd_unit_at(i);
		if (!kd_unit_is_address(a->code) ||
		    (v->u != NULL && !kd_unit_within(a->code, v->u->code)))
			continue;
		kd_zone_at(a->code, v->now, &z);
		v->t.n[z.level]++;
		if ((c = child_holding(v, a)) != NULL)
			c->t.n[z.level]++;
	}
}

static int view_make(struct kd_req *r, const char *code, struct view *v)
{
	memset(v, 0, sizeof(*v));
	v->now = time(NULL);
	v->u = code != NULL && code[0] != '\0' ? kd_unit_find(code) : NULL;
	if (v->u != NULL) {
		kd_zone_at(v->u->code, v->now, &v->zone);
		v->own = kd_zone_own_at(v->u->code, v->now, NULL) > 0;
	}
	if (children_of(r, v) != 0)
		return -1;
	tally(v);
	return 0;
}

/* ---------------------------------------------------------- history */

/* A unit's own changes, newest first (ST_HISTORY's columns). */
static const struct kd_rows_col history_cols[] = {
	{ "level", KD_ROWS_INT }, { "since", KD_ROWS_STR }, { "note", KD_ROWS_STR },
	{ "set_at", KD_ROWS_STR },
};
enum { H_LEVEL, H_SINCE, H_NOTE, H_SET_AT };

static int history_load(struct kd_req *r, const char *code, struct kd_rows *h)
{
	struct kd_param p[1] = { KD_STR(code) };

	return kd_rows_read(&r->arena, ST_HISTORY, p, 1, history_cols,
	    KD_NFIELDS(history_cols), HISTORY_MAX, h);
}

static int history_level(const struct kd_rows *h, size_t i)
{
	return atoi(kd_rows_get(h, i, H_LEVEL));
}

static time_t history_since(const struct kd_rows *h, size_t i)
{
	return (time_t)strtoll(kd_rows_get(h, i, H_SINCE), NULL, 10);
}

/* -------------------------------------------------------------- JSON */

static void counts_json(struct kd_json *j, const struct tally *t)
{
	char key[4];
	int l;

	kd_json_key(j, "counts");
	kd_json_obj(j);
	for (l = 0; l <= KD_ZONE_MAX; l++) {
		snprintf(key, sizeof(key), "%d", l);
		kd_json_kint(j, key, t->n[l]);
	}
	kd_json_obj_end(j);
}

static void level_json(struct kd_json *j, const char *key, int level)
{
	if (level > 0)
		kd_json_kint(j, key, level);
	else
		kd_json_kstr(j, key, NULL);
}

static void children_json(struct kd_json *j, const struct view *v)
{
	size_t i;

	kd_json_key(j, "children");
	kd_json_arr(j);
	for (i = 0; i < v->nchildren; i++) {
		const struct child *c = &v->children[i];

		kd_json_obj(j);
		kd_json_kstr(j, "unit", c->u->code);
		kd_json_kstr(j, "name", c->u->display);
		level_json(j, "level", c->zone.level);
		kd_json_kbool(j, "own", c->own);
		counts_json(j, &c->t);
		kd_json_obj_end(j);
	}
	kd_json_arr_end(j);
}

/* SPEC's items: every unit whose own level is in force now. */
static void items_json(struct kd_json *j, time_t now)
{
	unsigned i, n = kd_units_count();
	char since[32];
	time_t at = 0;
	int level;

	kd_json_key(j, "items");
	kd_json_arr(j);
	for (i = 0; i < n; i++) {
		const struct kd_unit *u = kd_unit_at(i);

		if ((level = kd_zone_own_at(u->code, now, &at)) <= 0)
			continue;
		kd_time_iso(at, since);
		kd_json_obj(j);
		kd_json_kstr(j, "unit", u->code);
		kd_json_kstr(j, "name", u->display);
		kd_json_kint(j, "level", level);
		kd_json_kstr(j, "since", since);
		kd_json_obj_end(j);
	}
	kd_json_arr_end(j);
}

static void history_json(struct kd_json *j, const struct kd_rows *h)
{
	char since[32], set_at[40];
	size_t i;

	kd_json_key(j, "history");
	kd_json_arr(j);
	for (i = 0; i < h->nrows; i++) {
		kd_time_iso(history_since(h, i), since);
		kd_db_time_iso(kd_rows_get(h, i, H_SET_AT), set_at, sizeof(set_at));
		kd_json_obj(j);
		kd_json_kint(j, "level", history_level(h, i));
		kd_json_kstr(j, "since", since);
		kd_json_kstr(j, "note", kd_rows_get(h, i, H_NOTE));
		kd_json_kstr(j, "set_at", set_at);
		kd_json_obj_end(j);
	}
	kd_json_arr_end(j);
}

static void view_json(struct kd_req *r, const struct view *v, const struct kd_rows *h)
{
	struct kd_json j;
	char since[32];

	kd_json_init(&j);
	kd_json_obj(&j);
	if (v->u == NULL) {
		items_json(&j, v->now);
	} else {
		kd_json_kstr(&j, "unit", v->u->code);
		kd_json_kstr(&j, "name", v->u->display);
		level_json(&j, "level", v->zone.level);
		kd_json_kbool(&j, "own", v->own);
		kd_json_kstr(&j, "set_in", v->zone.unit[0] ? v->zone.unit : NULL);
		if (v->zone.level > 0)
			kd_time_iso(v->zone.since, since);
		kd_json_kstr(&j, "since", v->zone.level > 0 ? since : NULL);
		history_json(&j, h);
	}
	counts_json(&j, &v->t);
	children_json(&j, v);
	kd_json_obj_end(&j);
	kd_reply_json(r, 200, &j);
}

/* -------------------------------------------------------------- page */

static void level_hdf(HDF *hdf, const char *list, size_t i, int level)
{
	kd_hdf_item_int(hdf, list, i, "level", level);
	kd_hdf_item(hdf, list, i, "level_name", kd_zone_name(level));
	kd_hdf_item(hdf, list, i, "color", kd_zone_color(level));
}

static void tally_hdf(HDF *hdf, const char *list, size_t i, const struct tally *t)
{
	char key[8];
	int l;

	for (l = 0; l <= KD_ZONE_MAX; l++) {
		snprintf(key, sizeof(key), "c%d", l);
		kd_hdf_item_int(hdf, list, i, key, t->n[l]);
	}
}

/* The unit, the path above it, its picture and its children. */
static void view_hdf(HDF *hdf, const struct view *v)
{
	const struct kd_unit *up, *path[3];
	char when[40];
	size_t i, k = 0;
	int l;

	if (v->u != NULL) {
		kd_hdf_set(hdf, "View.unit", v->u->code);
		kd_hdf_set(hdf, "View.name", v->u->display);
		kd_hdf_set(hdf, "View.commune", v->u->level == 'c' ? "1" : "");
		level_hdf(hdf, "Here", 0, v->zone.level);
		kd_hdf_set(hdf, "View.own", v->own ? "1" : "");
		kd_hdf_set(hdf, "View.set_in", kd_unit_display(v->zone.unit));
		if (v->zone.level > 0) {
			kd_time_vn(v->zone.since, when);
			kd_hdf_set(hdf, "View.since", when);
		}
		/* The units above it, the province first. */
		for (up = kd_unit_find(v->u->parent); up != NULL && k < 3;
		    up = kd_unit_find(up->parent))
			path[k++] = up;
		for (i = 0; i < k; i++) {
			kd_hdf_item(hdf, "Crumbs", i, "code", path[k - 1 - i]->code);
			kd_hdf_item(hdf, "Crumbs", i, "name", path[k - 1 - i]->short_name);
		}
	}
	for (l = KD_ZONE_MAX; l >= 0; l--) {
		level_hdf(hdf, "Counts", (size_t)(KD_ZONE_MAX - l), l);
		kd_hdf_item_int(hdf, "Counts", (size_t)(KD_ZONE_MAX - l), "n", v->t.n[l]);
	}
	for (i = 0; i < v->nchildren; i++) {
		const struct child *c = &v->children[i];

		kd_hdf_item(hdf, "Children", i, "code", c->u->code);
		kd_hdf_item(hdf, "Children", i, "name", c->u->display);
		kd_hdf_item(hdf, "Children", i, "own", c->own ? "1" : "");
		level_hdf(hdf, "Children", i, c->zone.level);
		if (c->u->level != 'c' && c->u->has_children)
			tally_hdf(hdf, "Children", i, &c->t);
	}
}

static void history_hdf(HDF *hdf, const struct kd_rows *h)
{
	char when[40];
	size_t i;

	for (i = 0; i < h->nrows; i++) {
		level_hdf(hdf, "History", i, history_level(h, i));
		kd_time_vn(history_since(h, i), when);
		kd_hdf_item(hdf, "History", i, "since", when);
		kd_hdf_item(hdf, "History", i, "note", kd_rows_get(h, i, H_NOTE));
	}
}

/* The level form, for an administrator whose subtree holds the unit. */
static void form_hdf(struct kd_req *r, HDF *hdf, const struct view *v,
    const struct kd_values *form)
{
	int l;

	if (v->u == NULL || r->session.role_bit != KD_ROLE_ADMIN ||
	    !kd_unit_within(v->u->code, r->session.unit))
		return;
	kd_hdf_set(hdf, "Admin.can_set", "1");
	for (l = KD_ZONE_MAX; l >= 0; l--) {
		kd_hdf_item_int(hdf, "Levels", (size_t)(KD_ZONE_MAX - l), "level", l);
		kd_hdf_item(hdf, "Levels", (size_t)(KD_ZONE_MAX - l), "name",
		    l > 0 ? kd_zone_name(l) : "Bỏ cấp độ riêng – theo cấp trên");
	}
	if (form != NULL)
		kd_hdf_form(hdf, "Form", post_fields, P_COUNT, form);
}

/* The page or JSON of unit code (NULL: the country).  status, flash: a
 * change's answer; form: a refused change's values and messages. */
static void show(struct kd_req *r, const char *code, int status, const char *flash,
    const struct kd_values *form)
{
	struct kd_rows h = { 0 };
	struct view v;
	HDF *hdf;

	if (kd_zones_fresh() != 0 || view_make(r, code, &v) != 0 ||
	    (v.u != NULL && history_load(r, v.u->code, &h) != 0)) {
		kd_reply_error(r, KD_E_UNAVAILABLE, NULL, 0, NULL);
		return;
	}
	if (r->want_json) {
		view_json(r, &v, &h);
		return;
	}
	if ((hdf = kd_hdf_new(r)) == NULL) {
		kd_reply_error(r, KD_E_SERVER, NULL, 0, NULL);
		return;
	}
	view_hdf(hdf, &v);
	history_hdf(hdf, &h);
	form_hdf(r, hdf, &v, form);
	if (flash != NULL)
		kd_hdf_set(hdf, "Flash", flash);
	kd_reply_page(r, status, "zones.cs", hdf);
}

/* GET /zones[?unit=&format=] */
static void zones_get(struct kd_req *r)
{
	if (r->vals.v[G_FORMAT] != NULL)
		r->want_json = r->vals.n[G_FORMAT] == 1;
	show(r, r->vals.v[G_UNIT], 200, NULL, NULL);
}

/* --------------------------------------------------------- a change */

struct setting {
	struct kd_req *r;
	time_t since;
	char set_at[32];
	unsigned long long change_id;
};

static int set_txn(void *arg)
{
	struct setting *s = arg;
	const struct kd_values *vals = &s->r->vals;
	struct kd_param p[6];
	char detail[80];

	kd_now_db(s->set_at, sizeof(s->set_at));
	p[0] = KD_STR(vals->v[P_UNIT]);
	p[1] = KD_INT(vals->n[P_LEVEL]);
	p[2] = KD_INT((long long)s->since);
	p[3] = KD_STR(vals->v[P_NOTE] != NULL ? vals->v[P_NOTE] : "");
	p[4] = KD_STR(s->r->session.uid);
	p[5] = KD_STR(s->set_at);
	if (kd_db_exec(ST_INSERT, p, 6) != 1)
		return -1;
	s->change_id = kd_db_insert_id(ST_INSERT);
	snprintf(detail, sizeof(detail), "level=%lld since=%lld change=%llu",
	    vals->n[P_LEVEL], (long long)s->since, s->change_id);
	return kd_audit(s->r, "zone_set", "unit", vals->v[P_UNIT], detail) == 0 ?
	    KD_TXN_OK : -1;
}

/* POST /zones with bad fields: JSON 400, or the unit's page with them. */
static void set_invalid(struct kd_req *r)
{
	const char *unit = r->vals.error[P_UNIT] == NULL ? r->vals.v[P_UNIT] : NULL;

	if (r->want_json || unit == NULL)
		kd_reply_error(r, KD_E_INVALID_FIELDS, post_fields, P_COUNT, &r->vals);
	else
		show(r, unit, 400, NULL, &r->vals);
}

/* POST /zones: unit, level, since, note. */
static void zones_set(struct kd_req *r)
{
	struct setting s = { .r = r, .since = r->vals.v[P_SINCE] != NULL ?
	    r->vals.t[P_SINCE] : time(NULL) };
	char since[32];
	struct kd_json j;

	if (!kd_unit_within(r->vals.v[P_UNIT], r->session.unit)) {
		kd_reply_field(r, KD_E_OUTSIDE_AREA, "unit",
		    "Đơn vị này không thuộc phạm vi quản lý của bạn.");
		return;
	}
	if (kd_db_txn(set_txn, &s, KD_TXN_TRIES) != KD_TXN_OK) {
		kd_log("zones: level change failed (%u)", kd_db_errno());
		kd_reply_error(r, KD_E_UNAVAILABLE, NULL, 0, NULL);
		return;
	}
	kd_zones_changed();
	if (!r->want_json) {
		show(r, r->vals.v[P_UNIT], 201, "Đã ghi nhận cấp độ dịch mới.", NULL);
		return;
	}
	kd_time_iso(s.since, since);
	kd_json_init(&j);
	kd_json_obj(&j);
	kd_json_kint(&j, "change_id", (long long)s.change_id);
	kd_json_kstr(&j, "unit", r->vals.v[P_UNIT]);
	kd_json_kint(&j, "level", r->vals.n[P_LEVEL]);
	kd_json_kstr(&j, "since", since);
	kd_json_obj_end(&j);
	kd_reply_json(r, 201, &j);
}

/* ------------------------------------------------------------ routes */

static const struct kd_route routes[] = {
	{ .method = "GET", .path = "/zones", .anon = KD_ANON_ALLOW,
	    .fields = get_fields, .nfields = G_COUNT, .handler = zones_get },
	{ .method = "POST", .path = "/zones", .roles = KD_ROLE_ADMIN,
	    .fields = post_fields, .nfields = P_COUNT,
	    .handler = zones_set, .invalid = set_invalid },
};

static const struct kd_program program = {
	.name = "zones",
	.sql = sql,
	.nsql = ST_COUNT,
	.need_db = 1,
	.need_units = 1,
	.routes = routes,
	.nroutes = KD_NFIELDS(routes),
};

int main(int argc, char **argv)
{
	return kd_serve(argc, argv, &program);
}
