/*
 * admin-audit.c - admin-accounts' audit page: who did what to whom, when
 * and from where, in the administrator's subtree (issue 18; SPEC GET
 * /audit).
 *
 *   GET /audit [?unit=&from=&to=&actor=&action=&target=&page=&format=]
 *       unit    a unit of the administrator's subtree (default its own):
 *               the actions of accounts of that unit's subtree (an
 *               account's unit is the one it had when it acted); the
 *               national administrator also sees anonymous actions (a
 *               citizen finding a code, a failed login, a QR page read)
 *       from, to   dates (default the last 7 days; at most 93 days)
 *       actor   a uid; action an action's name (login, verify, lookup...)
 *       target  an ID number: the reads of that citizen (their keyed
 *               reference, and their declarations)
 *       -> {"total", "page", "items": [{"at", "actor", "role", "unit",
 *          "action", "target_kind", "target", "place_id", "address"}]},
 *          newest first, PAGE_SIZE a page; format=csv: the same columns,
 *          every row of the filter (at most CSV_MAX); HTML: the page with
 *          the filter form.  403 forbidden (unit outside the subtree), 400
 *          naming the field.
 *
 * Reading the audit is itself audited (audit_read, the filter's unit).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "admin.h"
#include "area.h"
#include "audit.h"
#include "db.h"
#include "log.h"
#include "resp.h"
#include "role.h"
#include "rows.h"
#include "units.h"
#include "vntime.h"

#define PAGE_SIZE 50
#define CSV_MAX 10000
#define DEFAULT_DAYS 7
#define MAX_DAYS 93

enum { A_UNIT, A_FROM, A_TO, A_ACTOR, A_ACTION, A_TARGET, A_PAGE, A_FORMAT, A_COUNT };
enum { FORMAT_HTML, FORMAT_JSON, FORMAT_CSV };
static const char *const formats[] = { "html", "json", "csv", NULL };

const struct kd_field audit_fields[A_COUNT] = {
	[A_UNIT] = { .name = "unit", .type = KD_T_UNIT },
	[A_FROM] = { .name = "from", .type = KD_T_DATE },
	[A_TO] = { .name = "to", .type = KD_T_DATE },
	[A_ACTOR] = { .name = "actor", .type = KD_T_UID },
	[A_ACTION] = { .name = "action", .type = KD_T_TOKEN, .max = 32 },
	[A_TARGET] = { .name = "target", .type = KD_T_ID_NUMBER },
	[A_PAGE] = { .name = "page", .type = KD_T_INT, .min = 1, .max = 100000 },
	[A_FORMAT] = { .name = "format", .type = KD_T_CHOICE, .choices = formats },
};
_Static_assert(A_COUNT == AUDIT_NFIELDS, "admin.h");

/* The filter, shared by the list and its count: the dates, the unit's
 * subtree (four times the unit), the actor, the action, the citizen (its
 * reference, then its ID number for its declarations); NULL = any. */
#define AUDIT_WHERE " FROM audit_log a WHERE a.at >= ? AND a.at < ? + INTERVAL 1 DAY" \
	" AND " KD_AREA_SQL_UNIT("a.actor_unit") \
	" AND (? IS NULL OR a.actor = ?) AND (? IS NULL OR a.action = ?)" \
	" AND (? IS NULL OR (a.target_kind = 'citizen' AND a.target = ?)" \
	"   OR (a.target_kind = 'declaration' AND a.target IN (SELECT" \
	"   CAST(d.declaration_id AS CHAR) COLLATE utf8mb4_unicode_ci FROM declarations d" \
	"   WHERE d.id_number = ?)))"
#define FILTER_PARAMS 13

const char *const audit_list_sql = "SELECT DATE_FORMAT(a.at, '%Y-%m-%dT%H:%i:%s+07:00'),"
    " a.actor, a.actor_role, a.actor_unit, a.action, a.target_kind, a.target,"
    " a.place_id, a.source_addr" AUDIT_WHERE
    " ORDER BY a.at DESC, a.audit_id DESC LIMIT ? OFFSET ?";
const char *const audit_total_sql = "SELECT COUNT(*)" AUDIT_WHERE;

static const struct kd_rows_col cols[] = {
	{ "at", KD_ROWS_STR }, { "actor", KD_ROWS_STR }, { "role", KD_ROWS_STR },
	{ "unit", KD_ROWS_STR }, { "action", KD_ROWS_STR }, { "target_kind", KD_ROWS_STR },
	{ "target", KD_ROWS_STR }, { "place_id", KD_ROWS_INT }, { "address", KD_ROWS_STR },
};
#define NCOLS (sizeof(cols) / sizeof(cols[0]))

/* The filter as asked, with its defaults. */
struct filter {
	const char *unit;
	char from[11], to[11];
	char ref[KD_CITIZEN_REF_SIZE];
	long page;
	int format;
};

static void reply_page(struct ctx *c, int status, const struct filter *f,
    const struct kd_rows *rows, long long total);

/* A refusal: JSON naming the field, or the page with its message. */
static void audit_refuse(struct ctx *c, enum kd_err e, int field, const char *msg)
{
	struct kd_rows none = { .cols = cols, .ncols = NCOLS };
	struct filter f = { .unit = "", .page = 1 };

	if (field >= 0)
		kd_field_fail(&c->r->vals, (size_t)field, msg);
	if (c->r->want_json)
		kd_reply_error(c->r, e, audit_fields, A_COUNT, &c->r->vals);
	else
		reply_page(c, kd_err_status(e), &f, &none, 0);
}

void audit_invalid(struct ctx *c)
{
	audit_refuse(c, KD_E_INVALID_FIELDS, -1, NULL);
}

/* Fills f from the query; 0 go on, -1 answered (400, 403). */
static int filter_of(struct ctx *c, struct filter *f)
{
	struct kd_values *v = &c->r->vals;
	time_t now = time(NULL), from, to;

	f->unit = v->v[A_UNIT] != NULL ? v->v[A_UNIT] : c->actor.unit;
	if (!kd_unit_within(f->unit, c->actor.unit)) {
		audit_refuse(c, KD_E_FORBIDDEN, A_UNIT, M_OUTSIDE_UNIT);
		return -1;
	}
	to = v->v[A_TO] != NULL ? v->t[A_TO] : now;
	from = v->v[A_FROM] != NULL ? v->t[A_FROM] : to - (DEFAULT_DAYS - 1) * 86400L;
	if (from > to || to - from > (MAX_DAYS - 1) * 86400L) {
		audit_refuse(c, KD_E_INVALID_FIELDS, A_FROM, "Khoảng ngày không hợp lệ (từ "
		    "ngày trước đến ngày, tối đa 93 ngày).");
		return -1;
	}
	kd_today(from, f->from);
	kd_today(to, f->to);
	f->ref[0] = '\0';
	if (v->v[A_TARGET] != NULL)
		kd_citizen_ref(v->v[A_TARGET], f->ref);
	f->page = v->v[A_PAGE] != NULL ? (long)v->n[A_PAGE] : 1;
	f->format = v->v[A_FORMAT] != NULL ? (int)v->n[A_FORMAT] :
	    c->r->want_json ? FORMAT_JSON : FORMAT_HTML;
	return 0;
}

/* The filter's parameters into p[0..FILTER_PARAMS). */
static void filter_params(const struct ctx *c, const struct filter *f, struct kd_param *p)
{
	const struct kd_values *v = &c->r->vals;
	size_t k;

	p[0] = KD_STR(f->from);
	p[1] = KD_STR(f->to);
	for (k = 2; k < 6; k++)
		p[k] = KD_STR(f->unit);
	p[6] = p[7] = KD_STR(v->v[A_ACTOR]);
	p[8] = p[9] = KD_STR(v->v[A_ACTION]);
	p[10] = p[11] = f->ref[0] ? KD_STR(f->ref) : KD_NULLP;
	p[12] = KD_STR(v->v[A_TARGET]);
}

/* The rows of the page (or, for CSV, of the whole filter) and the total.
 * 0 ok, -1 database. */
static int read_rows(struct ctx *c, const struct filter *f, struct kd_rows *rows,
    long long *total)
{
	struct kd_param p[FILTER_PARAMS + 2];
	char n[24] = "0";
	struct kd_col col[1] = { KD_COL(n) };
	long size = f->format == FORMAT_CSV ? CSV_MAX : PAGE_SIZE;

	filter_params(c, f, p);
	if (kd_db_row(ST_AUDIT_TOTAL, p, FILTER_PARAMS, col, 1) < 0)
		return -1;
	*total = strtoll(n, NULL, 10);
	p[FILTER_PARAMS] = KD_INT(size);
	p[FILTER_PARAMS + 1] = KD_INT(f->format == FORMAT_CSV ? 0 : (f->page - 1) * size);
	return kd_rows_read(&c->r->arena, ST_AUDIT_LIST, p, FILTER_PARAMS + 2, cols,
	    NCOLS, (size_t)size, rows);
}

static void reply_json(struct kd_req *r, const struct filter *f,
    const struct kd_rows *rows, long long total)
{
	struct kd_json j;

	kd_json_init(&j);
	kd_json_obj(&j);
	kd_json_kint(&j, "total", total);
	kd_json_kint(&j, "page", f->page);
	kd_json_kstr(&j, "unit", f->unit);
	kd_json_kstr(&j, "from", f->from);
	kd_json_kstr(&j, "to", f->to);
	kd_rows_json(&j, "items", rows);
	kd_json_obj_end(&j);
	kd_reply_json(r, 200, &j);
}

/* The page: the filter as asked (its messages, after a refusal), the
 * rows with units by name. */
static void reply_page(struct ctx *c, int status, const struct filter *f,
    const struct kd_rows *rows, long long total)
{
	HDF *hdf = kd_hdf_new(c->r);
	size_t i;

	if (hdf == NULL) {
		kd_reply_error(c->r, KD_E_SERVER, NULL, 0, NULL);
		return;
	}
	kd_hdf_form(hdf, "Form", audit_fields, A_COUNT, &c->r->vals);
	if (status == 200) {
		kd_hdf_set(hdf, "Form.from.value", f->from);
		kd_hdf_set(hdf, "Form.to.value", f->to);
	} else {
		kd_hdf_set(hdf, "Form.message", kd_err_message(KD_E_INVALID_FIELDS));
	}
	kd_hdf_set(hdf, "Filter.unit_name", f->unit[0] ? kd_unit_display(f->unit) : "Toàn quốc");
	for (i = 0; i < A_PAGE; i++) {    /* the filter, kept by the pager */
		char name[16];

		snprintf(name, sizeof(name), "Keep.%zu", i);
		kd_hdf_set(hdf, name, audit_fields[i].name);
	}
	kd_rows_hdf(hdf, "Items", rows);
	for (i = 0; i < rows->nrows; i++) {
		const char *unit = kd_rows_get(rows, i, 3);

		kd_hdf_item(hdf, "Items", i, "unit_name", unit != NULL && unit[0] ?
		    kd_unit_display(unit) : "");
		kd_hdf_item(hdf, "Items", i, "role_label", kd_role_label(kd_rows_get(rows, i, 2)));
	}
	kd_hdf_set_int(hdf, "List.total", total);
	kd_hdf_set_int(hdf, "List.page", f->page);
	if (f->page > 1)
		kd_hdf_set_int(hdf, "List.prev", f->page - 1);
	if (f->page * PAGE_SIZE < total)
		kd_hdf_set_int(hdf, "List.next", f->page + 1);
	kd_reply_page(c->r, status, "admin-audit.cs", hdf);
}

/* GET /audit: see the top of the file. */
void audit_list(struct ctx *c)
{
	struct filter f;
	struct kd_rows rows;
	long long total = 0;

	if (filter_of(c, &f) != 0)
		return;
	if (kd_audit(c->r, "audit_read", "unit", f.unit, f.ref[0] ? "citizen" : NULL) != 0 ||
	    read_rows(c, &f, &rows, &total) != 0) {
		kd_reply_error(c->r, KD_E_UNAVAILABLE, NULL, 0, NULL);
		return;
	}
	if (f.format == FORMAT_CSV)
		kd_rows_reply_csv(c->r, &rows);
	else if (f.format == FORMAT_JSON)
		reply_json(c->r, &f, &rows, total);
	else
		reply_page(c, 200, &f, &rows, total);
}
