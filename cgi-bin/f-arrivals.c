/*
 * f-arrivals.c - GET /f-status/arrivals: the people coming to (or leaving)
 * the officer's area on a day, "sent to the commune police to manage and
 * follow", riskiest first (issue 21).
 *
 *   date (default today), direction (in: declarations whose destination
 *   lies in the unit; out: whose origin does), unit (a unit of the
 *   officer's subtree, default the officer's own; another is 403
 *   outside_area), page (50 a page), format (html, json, csv = every row)
 *   -> {"date", "direction", "unit", "total", "page", "truncated",
 *       "items": [{"declaration_id", "id_number", "full_name", "phone",
 *       "from_commune", "to_commune", "travel_date", "from_level",
 *       "symptoms", "f_status", "registry", "passed", "decision",
 *       "reasons", "created_at"}]}
 *
 * The day of a declaration is its travel date, or the day it was made
 * when it has none (declarations.travel_day, schema/010).  A person who
 * declared several times for the day is listed once, with the newest
 * declaration; revoked ones are left out.  from_level is the origin's
 * level when the declaration was made (lib/zones.h); symptoms the ticked
 * ones' codes ("fever,cough"); passed whether a checkpoint recorded a
 * passage (in or out, not undone) with that declaration.  Order: the
 * verdict the kiosk would give (stop, check, pass: lib/decision.h, with
 * from_zone), then the origin's level, then the newest declaration.
 * At most ARRIVALS_MAX declarations are read and ordered (a day of a
 * whole province may hold more): then "truncated" is true.  Every read is
 * audited (arrivals: the unit, day, direction, page, rows, format).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "area.h"
#include "decision.h"
#include "f-status.h"
#include "labels.h"
#include "log.h"
#include "units.h"
#include "vntime.h"
#include "zones.h"

#define ARRIVALS_PAGE 50
#define ARRIVALS_MAX 100000

static const char *const directions[] = { "in", "out", NULL };

const struct kd_field fs_arrivals_fields[A_COUNT] = {
	[A_DATE] = { .name = "date", .type = KD_T_DATE },
	[A_DIRECTION] = { .name = "direction", .type = KD_T_CHOICE, .choices = directions },
	[A_UNIT] = { .name = "unit", .type = KD_T_UNIT },
	[A_PAGE] = { .name = "page", .type = KD_T_INT, .min = 1, .max = 100000 },
	[A_FORMAT] = { .name = "format", .type = KD_T_CHOICE, .choices = fs_formats },
};

/* Statements per direction: the area's condition is on the column the
 * index starts with (k_to_day, k_from_day), as a semi-join
 * (KD_AREA_SQL_IN).  Whether a checkpoint saw a declaration is a second
 * statement, a join by k_dedup: as a dependent EXISTS per row it cost
 * 62 ms of 5,000 rows against 4 ms (docs/ZONES.md). */
#define DAY_OF(col) " WHERE " KD_AREA_SQL_IN("d." col) " AND d.travel_day = ?" \
	" AND d.revoked_at IS NULL"
#define ARRIVALS(col) "SELECT d.declaration_id, d.id_number, d.full_name," \
	" COALESCE(d.phone, ''), d.from_commune, d.to_commune, UNIX_TIMESTAMP(d.created_at)," \
	" CONCAT(d.fever, d.cough, d.breath, d.sore_throat, d.taste_smell)," \
	" d.contact_f0 + d.from_epidemic_zone > 0, COALESCE(c.status, ''), d.registry" \
	" FROM declarations d LEFT JOIN f_current c ON c.id_number = d.id_number" \
	DAY_OF(col) " LIMIT ?"
#define PASSED(col) "SELECT DISTINCT p.declaration_id FROM declarations d" \
	" JOIN passages p ON p.declaration_id = d.declaration_id" DAY_OF(col) \
	" AND p.direction <> 'visit' AND p.cancelled_at IS NULL ORDER BY p.declaration_id"

void fs_arrivals_sql(const char **sql)
{
	sql[ST_ARRIVALS_IN] = ARRIVALS("to_commune");
	sql[ST_ARRIVALS_OUT] = ARRIVALS("from_commune");
	sql[ST_PASSED_IN] = PASSED("to_commune");
	sql[ST_PASSED_OUT] = PASSED("from_commune");
}

static const char *const arrival_cols[] = {
	"declaration_id", "id_number", "full_name", "phone", "from_commune", "to_commune",
	"travel_date", "from_level", "symptoms", "f_status", "registry", "passed",
	"decision", "reasons", "created_at"
};

/* One declaration of the day, and what the kiosk would say.  Kept small
 * (a busy day is thousands of them): the verdict as its decision and a
 * bit per rule of lib/decision.c's table. */
struct arrival {
	unsigned long long id;
	char id_number[13], phone[11], from[6], to[6], flags[6], f_status[10], registry[10];
	const char *full_name;      /* in the request's arena */
	time_t created;
	unsigned char exposure, passed, from_level, decision;
	unsigned reasons;           /* bit i: kd_decision_rules[i] holds */
};
_Static_assert(KD_DECISION_REASONS_MAX <= 8 * sizeof(unsigned), "a bit per reason");

/* Rows are read into blocks (nothing copied as they come) and ordered
 * through an array of pointers. */
#define BLOCK_ROWS 512
struct block {
	struct arrival rows[BLOCK_ROWS];
	struct block *next;
};

struct arrivals {
	struct kd_req *r;
	const char *unit, *date;
	int out;                    /* direction out */
	long page;
	enum fs_format format;
	struct block *first, *last;
	struct arrival **rows;      /* ordered; n of them */
	size_t n;
	int truncated;
};

/* ------------------------------------------------------------- reading */

/* The verdict of a row: the person's facts and the origin's level. */
static void judge(struct arrival *a)
{
	struct kd_facts f = { .registry = a->registry, .exposure = a->exposure };
	struct kd_verdict v;
	struct kd_zone z;
	size_t i;

	kd_zone_at(a->from, a->created, &z);
	a->from_level = (unsigned char)z.level;
	f.f_status = a->f_status[0] ? a->f_status : NULL;
	f.symptoms = strchr(a->flags, '1') != NULL;
	f.from_zone = z.level >= KD_ZONE_RISKY;
	kd_decide(&f, &v);
	a->decision = (unsigned char)v.decision;
	a->reasons = 0;
	for (i = 0; i < v.nreasons; i++)
		a->reasons |= 1u << (v.reasons[i] - kd_decision_rules);
}

/* The place of the next row, in a new block when the last is full. */
static struct arrival *next_row(struct arrivals *l)
{
	struct block *b;

	if (l->last == NULL || l->n % BLOCK_ROWS == 0) {
		if ((b = kd_alloc(&l->r->arena, sizeof(*b))) == NULL)
			return NULL;
		if (l->last != NULL)
			l->last->next = b;
		else
			l->first = b;
		l->last = b;
	}
	return &l->last->rows[l->n % BLOCK_ROWS];
}

/* Reads the day's declarations of the area.  0 ok, -1 error. */
static int arrivals_read(struct arrivals *l)
{
	size_t st = l->out ? ST_ARRIVALS_OUT : ST_ARRIVALS_IN;
	char id[24] = "", name[404] = "", created[24] = "", exposure[4] = "";
	struct arrival a = { 0 }, *slot;
	struct kd_col c[11] = { KD_COL(id), KD_COL(a.id_number), KD_COL(name),
	    KD_COL(a.phone), KD_COL(a.from), KD_COL(a.to), KD_COL(created), KD_COL(a.flags),
	    KD_COL(exposure), KD_COL(a.f_status), KD_COL(a.registry) };
	struct kd_param p[6];
	int rc;

	fs_unit_params(p, l->unit);
	p[4] = KD_STR(l->date);
	p[5] = KD_INT(ARRIVALS_MAX + 1);
	if (kd_db_exec(st, p, 6) < 0)
		return -1;
	while ((rc = kd_db_fetch(st, c, 11)) == 1) {
		if (l->n == ARRIVALS_MAX) {
			l->truncated = 1;
			continue;
		}
		if ((slot = next_row(l)) == NULL) {
			rc = -1;
			break;
		}
		a.id = strtoull(id, NULL, 10);
		a.full_name = kd_strdup(&l->r->arena, name);
		a.created = (time_t)strtoll(created, NULL, 10);
		a.exposure = exposure[0] == '1';
		a.passed = 0;
		judge(&a);
		*slot = a;
		l->n++;
	}
	kd_db_done(st);
	return rc < 0 ? -1 : 0;
}

static int by_id(const void *x, const void *y)
{
	const struct arrival *a = *(const struct arrival *const *)x;
	const struct arrival *b = *(const struct arrival *const *)y;

	return a->id < b->id ? -1 : a->id > b->id;
}

/* Marks the rows (l->rows, all of them) a checkpoint saw pass.  0 ok,
 * -1 error. */
static int arrivals_passed(struct arrivals *l)
{
	size_t st = l->out ? ST_PASSED_OUT : ST_PASSED_IN, k = 0;
	char id[24] = "";
	struct kd_col c[1] = { KD_COL(id) };
	struct kd_param p[5];
	unsigned long long seen;
	int rc;

	/* Both in declaration order: one walk. */
	qsort(l->rows, l->n, sizeof(*l->rows), by_id);
	fs_unit_params(p, l->unit);
	p[4] = KD_STR(l->date);
	if (kd_db_exec(st, p, 5) < 0)
		return -1;
	while ((rc = kd_db_fetch(st, c, 1)) == 1) {
		seen = strtoull(id, NULL, 10);
		while (k < l->n && l->rows[k]->id < seen)
			k++;
		if (k < l->n && l->rows[k]->id == seen)
			l->rows[k]->passed = 1;
	}
	kd_db_done(st);
	return rc < 0 ? -1 : 0;
}

/* A person, their newest declaration first. */
static int by_person(const void *x, const void *y)
{
	const struct arrival *a = *(const struct arrival *const *)x;
	const struct arrival *b = *(const struct arrival *const *)y;
	int c = strcmp(a->id_number, b->id_number);

	if (c != 0)
		return c;
	return a->created != b->created ? (a->created > b->created ? -1 : 1) :
	    (a->id > b->id ? -1 : a->id < b->id);
}

/* Riskiest first, then the origin's level, then the newest. */
static int by_risk(const void *x, const void *y)
{
	const struct arrival *a = *(const struct arrival *const *)x;
	const struct arrival *b = *(const struct arrival *const *)y;

	if (a->decision != b->decision)
		return a->decision > b->decision ? -1 : 1;
	if (a->from_level != b->from_level)
		return a->from_level > b->from_level ? -1 : 1;
	if (a->created != b->created)
		return a->created > b->created ? -1 : 1;
	return a->id > b->id ? -1 : a->id < b->id;
}

/* Whether each was seen at a checkpoint, then one row per person (the
 * newest declaration), in the list's order.  0 ok, -1 error. */
static int arrivals_order(struct arrivals *l)
{
	struct block *b = l->first;
	size_t i, kept = 0;

	l->rows = kd_alloc(&l->r->arena, (l->n + 1) * sizeof(*l->rows));
	if (l->rows == NULL)
		return -1;
	for (i = 0; i < l->n; i++, b = i % BLOCK_ROWS == 0 ? b->next : b)
		l->rows[i] = &b->rows[i % BLOCK_ROWS];
	if (arrivals_passed(l) != 0)
		return -1;
	qsort(l->rows, l->n, sizeof(*l->rows), by_person);
	for (i = 0; i < l->n; i++)
		if (kept == 0 || strcmp(l->rows[kept - 1]->id_number, l->rows[i]->id_number) != 0)
			l->rows[kept++] = l->rows[i];
	l->n = kept;
	qsort(l->rows, l->n, sizeof(*l->rows), by_risk);
	return 0;
}

/* ------------------------------------------------------------ answering */

/* "fever,cough": the codes of the ticked symptoms; NULL none. */
static const char *symptom_codes(struct kd_req *r, const struct arrival *a)
{
	char out[80] = "";
	size_t i, used = 0;

	for (i = 0; i < 5 && kd_label_symptoms[i].code != NULL; i++)
		if (a->flags[i] == '1')
			used += (size_t)snprintf(out + used, sizeof(out) - used, "%s%s",
			    used ? "," : "", kd_label_symptoms[i].code);
	return used ? kd_strdup(&r->arena, out) : NULL;
}

/* The row's reasons, their codes ("from_zone,symptoms") or their words
 * (words 1), joined; NULL none. */
static const char *reasons_of(struct kd_req *r, const struct arrival *a, int words)
{
	char out[400] = "";
	size_t i, used = 0;

	for (i = 0; kd_decision_rules[i].reason != NULL && used < sizeof(out) - 60; i++)
		if (a->reasons & (1u << i))
			used += (size_t)snprintf(out + used, sizeof(out) - used, "%s%s",
			    used ? (words ? ", " : ",") : "",
			    words ? kd_decision_rules[i].words : kd_decision_rules[i].reason);
	return used ? kd_strdup(&r->arena, out) : NULL;
}

static void row_listw(const struct arrivals *l, struct kd_listw *w, const struct arrival *a)
{
	char when[32];

	kd_time_iso(a->created, when);
	kd_listw_int(w, (long long)a->id);
	kd_listw_str(w, a->id_number);
	kd_listw_str(w, a->full_name);
	kd_listw_str(w, a->phone[0] ? a->phone : NULL);
	kd_listw_str(w, a->from);
	kd_listw_str(w, a->to);
	kd_listw_str(w, l->date);       /* the day of every row */
	if (a->from_level > 0)
		kd_listw_int(w, a->from_level);
	else
		kd_listw_str(w, NULL);
	kd_listw_str(w, symptom_codes(l->r, a));
	kd_listw_str(w, a->f_status[0] ? a->f_status : NULL);
	kd_listw_str(w, a->registry);
	kd_listw_bool(w, a->passed);
	kd_listw_str(w, kd_decision_name((enum kd_decision)a->decision));
	kd_listw_str(w, reasons_of(l->r, a, 0));
	kd_listw_str(w, when);
	kd_listw_end_row(w);
}

/* The rows of the page asked for (CSV: all): [*from, *to). */
static void page_span(const struct arrivals *l, size_t *from, size_t *to)
{
	*from = l->format == FS_CSV ? 0 : (size_t)(l->page - 1) * ARRIVALS_PAGE;
	if (*from > l->n)
		*from = l->n;
	*to = l->format == FS_CSV || *from + ARRIVALS_PAGE > l->n ? l->n : *from + ARRIVALS_PAGE;
}

static void arrivals_data(struct arrivals *l)
{
	struct kd_listw w;
	struct kd_json j;
	size_t i, from, to;

	page_span(l, &from, &to);
	if (l->format == FS_CSV) {
		kd_listw_begin(&w, NULL, arrival_cols, KD_NFIELDS(arrival_cols));
		for (i = from; i < to; i++)
			row_listw(l, &w, l->rows[i]);
		fs_reply_csv(l->r, &w);
		return;
	}
	kd_json_init(&j);
	kd_json_obj(&j);
	kd_json_kstr(&j, "date", l->date);
	kd_json_kstr(&j, "direction", directions[l->out]);
	kd_json_kstr(&j, "unit", l->unit);
	kd_json_kint(&j, "total", (long long)l->n);
	kd_json_kint(&j, "page", l->page);
	kd_json_kbool(&j, "truncated", l->truncated);
	kd_json_key(&j, "items");
	kd_listw_begin(&w, &j, arrival_cols, KD_NFIELDS(arrival_cols));
	for (i = from; i < to; i++)
		row_listw(l, &w, l->rows[i]);
	kd_listw_end(&w);
	kd_json_obj_end(&j);
	fs_reply_rows_json(l->r, 200, &j, &w);
}

static void row_hdf(struct kd_req *r, HDF *hdf, size_t k, const struct arrival *a)
{
	const char *from = kd_unit_display(a->from), *to = kd_unit_display(a->to);
	char when[40];

	kd_hdf_item(hdf, "Arrivals", k, "id_number", a->id_number);
	kd_hdf_item(hdf, "Arrivals", k, "full_name", a->full_name);
	kd_hdf_item(hdf, "Arrivals", k, "phone", a->phone);
	kd_hdf_item(hdf, "Arrivals", k, "from", from ? from : a->from);
	kd_hdf_item(hdf, "Arrivals", k, "to", to ? to : a->to);
	kd_hdf_item(hdf, "Arrivals", k, "from_level", kd_zone_name(a->from_level));
	kd_hdf_item(hdf, "Arrivals", k, "from_color", kd_zone_color(a->from_level));
	kd_hdf_item(hdf, "Arrivals", k, "decision", kd_decision_name((enum kd_decision)a->decision));
	kd_hdf_item(hdf, "Arrivals", k, "decision_words",
	    kd_decision_words((enum kd_decision)a->decision));
	kd_hdf_item(hdf, "Arrivals", k, "reasons", reasons_of(r, a, 1));
	kd_hdf_item(hdf, "Arrivals", k, "f_status", a->f_status[0] ?
	    fs_status_label(a->f_status) : kd_label_not_recorded);
	kd_hdf_item(hdf, "Arrivals", k, "registry", kd_label(kd_label_registry, a->registry));
	kd_hdf_item(hdf, "Arrivals", k, "passed", a->passed ? "1" : "");
	kd_time_vn(a->created, when);
	kd_hdf_item(hdf, "Arrivals", k, "declared", when);
}

static void arrivals_page(struct arrivals *l)
{
	HDF *hdf = fs_hdf(l->r, "arrivals");
	size_t i, from, to;

	if (hdf == NULL) {
		kd_reply_error(l->r, KD_E_SERVER, NULL, 0, NULL);
		return;
	}
	page_span(l, &from, &to);
	for (i = from; i < to; i++)
		row_hdf(l->r, hdf, i - from, l->rows[i]);
	kd_hdf_set(hdf, "View.date", l->date);
	kd_hdf_set(hdf, "View.direction", directions[l->out]);
	kd_hdf_set(hdf, "View.unit", l->unit);
	kd_hdf_set(hdf, "View.unit_name", kd_unit_display(l->unit));
	kd_hdf_set(hdf, "View.truncated", l->truncated ? "1" : "");
	fs_hdf_pager(hdf, l->page, ARRIVALS_PAGE, (long long)l->n);
	kd_reply_page(l->r, 200, "f-arrivals.cs", hdf);
}

/* GET /f-status/arrivals */
void fs_arrivals(struct kd_req *r)
{
	struct arrivals l = { .r = r, .page = fs_page(r, A_PAGE),
	    .format = fs_format(r, A_FORMAT), .unit = r->session.unit,
	    .out = r->vals.v[A_DIRECTION] != NULL && r->vals.n[A_DIRECTION] == 1 };
	char today[11];

	kd_today(time(NULL), today);
	l.date = r->vals.v[A_DATE] != NULL ? r->vals.v[A_DATE] : today;
	if (r->vals.v[A_UNIT] != NULL)
		l.unit = r->vals.v[A_UNIT];
	if (!kd_unit_within(l.unit, r->session.unit)) {
		kd_reply_field(r, KD_E_OUTSIDE_AREA, "unit",
		    "Đơn vị này không thuộc địa bàn bạn quản lý.");
		return;
	}
	if (kd_zones_fresh() != 0)
		kd_log("f-status: zone levels not read, arrivals judged without the latest");
	if (arrivals_read(&l) != 0) {
		kd_reply_error(r, KD_E_UNAVAILABLE, NULL, 0, NULL);
		return;
	}
	if (arrivals_order(&l) != 0) {
		kd_reply_error(r, KD_E_SERVER, NULL, 0, NULL);
		return;
	}
	if (fs_audit(r, "arrivals", "unit", l.unit, kd_asprintf(&r->arena,
	    "date=%s direction=%s page=%ld rows=%zu format=%s", l.date,
	    directions[l.out], l.page, l.n, fs_formats[l.format])) != 0)
		return;
	if (l.format == FS_HTML)
		arrivals_page(&l);
	else
		arrivals_data(&l);
}
