/*
 * welfare-lists.c - the officers' pages and lists of welfare:
 *
 *   GET /welfare/programs [?page=&format=]         admin, police
 *       the programs the officer works under (the country's and its
 *       province's): {"total", "page", "items": [{"program_id", "name",
 *       "amount", "start_date", "end_date", "province" (null: national),
 *       "categories"}]}; the page has the form to create one.
 *   GET /welfare/beneficiaries [?program=&commune=&page=&format=]
 *       the people registered in the officer's unit (or a commune of it),
 *       each with the payment that stands, if any (possibly made in
 *       another commune): {"total", "page", "unit", "items":
 *       [{"beneficiary_id", "program_id", "id_number", "full_name",
 *       "commune", "residence", "category", "note", "registered_at",
 *       "registered_by", "payment_id", "amount", "paid_on",
 *       "paid_commune"}]}; the page has the forms to register and pay.
 *   GET /welfare/payments [?program=&commune=&page=&format=]
 *       every payment of the unit, reversed ones too: {"total", "page",
 *       "unit", "items": [{"payment_id", "program_id", "program", "name",
 *       "id_number", "amount", "paid_on", "commune", "paid_by",
 *       "paid_at", "reversed_at", "reversed_by", "reason"}]}; the page
 *       has the reversal form.
 *   Newest first, PAGE_SIZE a page; format=csv: every row of the filter
 *   (at most CSV_MAX_ROWS), header line = the JSON names.  A commune
 *   outside the officer's unit: 403 outside_area (the programs' list
 *   too, though it does not depend on one).  The two lists of
 *   people write an audit row before they are read (no row: 503).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "db.h"
#include "decl.h"
#include "log.h"
#include "rows.h"
#include "serve.h"
#include "units.h"
#include "welfare.h"

/* --- the lists -------------------------------------------------------------- */

static const struct kd_rows_col program_cols[] = {
	{ "program_id", KD_ROWS_INT }, { "name", KD_ROWS_STR }, { "amount", KD_ROWS_INT },
	{ "start_date", KD_ROWS_STR }, { "end_date", KD_ROWS_STR },
	{ "province", KD_ROWS_STR }, { "categories", KD_ROWS_STR },
};
enum { GC_AMOUNT = 2, GC_START = 3, GC_END = 4, GC_PROVINCE = 5, GC_CATEGORIES = 6 };

static const struct kd_rows_col beneficiary_cols[] = {
	{ "beneficiary_id", KD_ROWS_INT }, { "program_id", KD_ROWS_INT },
	{ "id_number", KD_ROWS_STR }, { "full_name", KD_ROWS_STR },
	{ "commune", KD_ROWS_STR }, { "residence", KD_ROWS_STR },
	{ "category", KD_ROWS_STR }, { "note", KD_ROWS_STR },
	{ "registered_at", KD_ROWS_STR }, { "registered_by", KD_ROWS_STR },
	{ "payment_id", KD_ROWS_INT }, { "amount", KD_ROWS_INT },
	{ "paid_on", KD_ROWS_STR }, { "paid_commune", KD_ROWS_STR },
};
enum { BC_COMMUNE = 4, BC_RESIDENCE = 5, BC_CATEGORY = 6, BC_AMOUNT = 11,
	BC_PAID_ON = 12, BC_PAID_COMMUNE = 13 };

static const struct kd_rows_col payment_cols[] = {
	{ "payment_id", KD_ROWS_INT }, { "program_id", KD_ROWS_INT },
	{ "program", KD_ROWS_STR }, { "name", KD_ROWS_STR },
	{ "id_number", KD_ROWS_STR }, { "amount", KD_ROWS_INT },
	{ "paid_on", KD_ROWS_STR }, { "commune", KD_ROWS_STR },
	{ "paid_by", KD_ROWS_STR }, { "paid_at", KD_ROWS_STR },
	{ "reversed_at", KD_ROWS_STR }, { "reversed_by", KD_ROWS_STR },
	{ "reason", KD_ROWS_STR },
};
enum { YC_AMOUNT = 5, YC_PAID_ON = 6, YC_COMMUNE = 7 };

/* One kind of officers' list of people: where its rows come from and how
 * its page shows them. */
struct list_kind {
	const char *what;                 /* the audit row's detail */
	size_t st_rows, st_count;
	const struct kd_rows_col *cols;
	size_t ncols;
	int amount_col, day_col;
	const char *template;
	void (*labels)(HDF *hdf, const struct kd_rows *rows);
};

/* The names of the units and kinds a template shows beside the codes. */
static void hdf_cell_label(HDF *hdf, size_t row, const char *name, const char *label)
{
	char key[96];

	snprintf(key, sizeof(key), "Items.%zu.%s_label", row, name);
	kd_hdf_set(hdf, key, label);
}

static void beneficiary_labels(HDF *hdf, const struct kd_rows *rows)
{
	const char *paid_in;
	size_t i;

	for (i = 0; i < rows->nrows; i++) {
		hdf_cell_label(hdf, i, "commune", kd_unit_display(kd_rows_get(rows, i, BC_COMMUNE)));
		hdf_cell_label(hdf, i, "residence", wf_label_of(wf_residences, WF_NRESIDENCES,
		    kd_rows_get(rows, i, BC_RESIDENCE)));
		hdf_cell_label(hdf, i, "category", wf_label_of(wf_categories, WF_NCATEGORIES,
		    kd_rows_get(rows, i, BC_CATEGORY)));
		paid_in = kd_rows_get(rows, i, BC_PAID_COMMUNE);
		if (paid_in != NULL && strcmp(paid_in, kd_rows_get(rows, i, BC_COMMUNE)) != 0)
			hdf_cell_label(hdf, i, "paid_commune", kd_unit_display(paid_in));
	}
}

static void payment_labels(HDF *hdf, const struct kd_rows *rows)
{
	size_t i;

	for (i = 0; i < rows->nrows; i++)
		hdf_cell_label(hdf, i, "commune", kd_unit_display(kd_rows_get(rows, i, YC_COMMUNE)));
}

static const struct list_kind beneficiaries = {
	"beneficiaries", ST_BENEF_LIST, ST_BENEF_COUNT, beneficiary_cols,
	KD_NFIELDS(beneficiary_cols), BC_AMOUNT, BC_PAID_ON, "welfare-beneficiaries.cs",
	beneficiary_labels,
};
static const struct list_kind payments = {
	"payments", ST_PAYMENTS, ST_PAYMENTS_COUNT, payment_cols,
	KD_NFIELDS(payment_cols), YC_AMOUNT, YC_PAID_ON, "welfare-payments.cs",
	payment_labels,
};

/* What one officers' list holds. */
struct list {
	const char *unit;           /* "" = the country */
	long long program;          /* 0 = every program */
	long page;
	int all;                    /* every row (CSV), not one page */
	long long total;
	struct kd_rows rows;
};

/* The unit a list covers: the commune asked, if it is in the officer's
 * unit, else the officer's unit.  -1: answered 403 outside_area. */
static int list_scope(struct kd_req *r, const char *commune, struct list *l)
{
	if (commune != NULL && !kd_unit_within(commune, r->session.unit)) {
		kd_reply_field(r, KD_E_OUTSIDE_AREA, "commune",
		    "Xã/phường này nằm ngoài địa bàn của bạn.");
		return -1;
	}
	l->unit = commune != NULL ? commune : r->session.unit;
	return 0;
}

/* The audit row, then the total and the rows.  -1: answered 503. */
static int list_read(struct kd_req *r, const struct list_kind *k, struct list *l)
{
	char total[24] = "";
	struct kd_col col[1] = { KD_COL(total) };
	struct kd_param p[8] = { KD_INT(l->program), KD_INT(l->program), KD_STR(l->unit),
	    KD_STR(l->unit), KD_STR(l->unit), KD_STR(l->unit),
	    KD_INT(l->all ? CSV_MAX_ROWS : PAGE_SIZE),
	    KD_INT(l->all ? 0 : (l->page - 1) * PAGE_SIZE) };

	if (kd_audit(r, "welfare_list", "unit", l->unit, k->what) != 0 ||
	    kd_db_row(k->st_count, p, 6, col, 1) != 1 ||
	    kd_rows_read(&r->arena, k->st_rows, p, 8, k->cols, k->ncols,
	    l->all ? CSV_MAX_ROWS : PAGE_SIZE, &l->rows) != 0) {
		kd_reply_error(r, KD_E_UNAVAILABLE, NULL, 0, NULL);
		return -1;
	}
	l->total = strtoll(total, NULL, 10);
	return 0;
}

/* --- answers ---------------------------------------------------------------- */

static void reply_json(struct kd_req *r, const struct list *l, int with_unit)
{
	struct kd_json j;

	kd_json_init(&j);
	kd_json_obj(&j);
	kd_json_kint(&j, "total", l->total);
	kd_json_kint(&j, "page", l->page);
	if (with_unit)
		kd_json_kstr(&j, "unit", l->unit);
	kd_rows_json(&j, "items", &l->rows);
	kd_json_obj_end(&j);
	kd_reply_json(r, 200, &j);
}

/* The format asked: format=, else the Accept header. */
static int format_of(const struct kd_req *r)
{
	if (r->vals.v[L_FORMAT] != NULL)
		return (int)r->vals.n[L_FORMAT];
	return r->want_json ? FORMAT_JSON : FORMAT_HTML;
}

static struct wf_view view_of_query(const struct kd_req *r)
{
	struct wf_view v = { .status = 200, .program = r->vals.n[L_PROGRAM],
	    .commune = r->vals.v[L_COMMUNE],
	    .page = r->vals.v[L_PAGE] != NULL ? (long)r->vals.n[L_PAGE] : 1 };

	return v;
}

/* --- the pages ------------------------------------------------------------------ */

static void hdf_item(HDF *hdf, const char *prefix, size_t i, const char *key,
    const char *value)
{
	char name[96];

	snprintf(name, sizeof(name), "%s.%zu.%s", prefix, i, key);
	kd_hdf_set(hdf, name, value);
}

/* The kinds of person and residences, for the forms' choices. */
static void hdf_choices(HDF *hdf)
{
	size_t i;

	for (i = 0; i < WF_NCATEGORIES; i++) {
		hdf_item(hdf, "Categories", i, "code", wf_categories[i].code);
		hdf_item(hdf, "Categories", i, "field", wf_categories[i].field);
		hdf_item(hdf, "Categories", i, "label", wf_categories[i].label);
	}
	for (i = 0; i < WF_NRESIDENCES; i++) {
		hdf_item(hdf, "Residences", i, "code", wf_residences[i].code);
		hdf_item(hdf, "Residences", i, "label", wf_residences[i].label);
	}
	hdf_item(hdf, "Genders", 0, "code", "M");
	hdf_item(hdf, "Genders", 0, "label", "Nam");
	hdf_item(hdf, "Genders", 1, "code", "F");
	hdf_item(hdf, "Genders", 1, "label", "Nữ");
}

/* The programs of the officer (a page of them), as Programs.N. */
static int read_programs(struct kd_req *r, long page, struct kd_rows *rows,
    long long *total)
{
	const struct kd_unit *unit = kd_unit_find(r->session.unit);
	/* An account of a unit we do not know sees the national programs. */
	const char *u = r->session.unit[0] == '\0' ? "" : unit != NULL ? unit->province : "-";
	char count[24] = "";
	struct kd_col col[1] = { KD_COL(count) };
	struct kd_param p[4] = { KD_STR(u), KD_STR(u), KD_INT(PAGE_SIZE),
	    KD_INT((page - 1) * PAGE_SIZE) };

	if (kd_db_row(ST_PROGRAMS_COUNT, p, 2, col, 1) != 1 ||
	    kd_rows_read(&r->arena, ST_PROGRAMS, p, 4, program_cols,
	    KD_NFIELDS(program_cols), PAGE_SIZE, rows) != 0)
		return -1;
	*total = strtoll(count, NULL, 10);
	return 0;
}

static void hdf_programs(HDF *hdf, const char *prefix, const struct kd_rows *rows)
{
	char day[11], name[96];
	const char *v;
	size_t i, k;

	kd_rows_hdf(hdf, prefix, rows);
	wf_hdf_money_days(hdf, prefix, rows, GC_AMOUNT, GC_START);
	for (i = 0; i < rows->nrows; i++) {
		kd_date_vn(kd_rows_get(rows, i, GC_END), day);
		hdf_item(hdf, prefix, i, "end_date_vn", day);
		v = kd_rows_get(rows, i, GC_PROVINCE);
		hdf_item(hdf, prefix, i, "scope", v != NULL && v[0] ? kd_unit_display(v) : "Toàn quốc");
		for (k = 0; k < WF_NCATEGORIES; k++) {
			v = kd_rows_get(rows, i, GC_CATEGORIES);
			if (v == NULL || !wf_in_set(v, wf_categories[k].code))
				continue;
			snprintf(name, sizeof(name), "%s.%zu.cats.%zu", prefix, i, k);
			kd_hdf_set(hdf, name, wf_categories[k].label);
		}
	}
}

/* What every officer's page of welfare carries: the answer to a form,
 * the filters, the choices and what the account may do.  NULL: answered
 * 500 (out of memory). */
static HDF *page_start(struct kd_req *r, const struct wf_view *v)
{
	static const char *const program_forms[2] = { "register", "pay" };
	char prefix[48], path[400];
	HDF *hdf = kd_hdf_new(r);
	size_t i;

	if (hdf == NULL) {
		kd_reply_error(r, KD_E_SERVER, NULL, 0, NULL);
		return NULL;
	}
	if (v->alert != NULL)
		kd_hdf_set(hdf, "Alert", v->alert);
	if (v->notice != NULL)
		kd_hdf_set(hdf, "Notice", v->notice);
	if (v->form != NULL) {
		kd_hdf_set(hdf, "Open", v->form);
		snprintf(prefix, sizeof(prefix), "Form.%s", v->form);
		if (v->keep_form)
			kd_hdf_form(hdf, prefix, r->route->fields, r->route->nfields, &r->vals);
	}
	/* The program forms start from the list's program. */
	for (i = 0; i < 2 && v->program > 0; i++) {
		snprintf(prefix, sizeof(prefix), "Form.%s.program.value", program_forms[i]);
		if (hdf_get_value(hdf, prefix, NULL) == NULL)
			kd_hdf_set_int(hdf, prefix, v->program);
	}
	kd_hdf_set_int(hdf, "View.program", v->program);
	if (v->commune != NULL) {
		kd_hdf_set(hdf, "View.commune", v->commune);
		kd_decl_unit_path(v->commune, path, sizeof(path));
		kd_hdf_set(hdf, "View.commune_name", path);
	}
	kd_hdf_set(hdf, "Can.create_program", wf_may_create_program(r) ? "1" : "");
	kd_hdf_set(hdf, "Can.reverse", wf_may_reverse(r) ? "1" : "");
	kd_hdf_set(hdf, "Can.pick_commune", kd_unit_is_address(r->session.unit) ? "" : "1");
	hdf_choices(hdf);
	return hdf;
}

void wf_hdf_pager(HDF *hdf, long page, long long total)
{
	kd_hdf_set_int(hdf, "List.total", total);
	kd_hdf_set_int(hdf, "List.page", page);
	if (page > 1)
		kd_hdf_set_int(hdf, "List.prev", page - 1);
	if ((long long)page * PAGE_SIZE < total)
		kd_hdf_set_int(hdf, "List.next", page + 1);
}

void wf_programs_page(struct kd_req *r, const struct wf_view *v)
{
	struct kd_rows rows;
	long long total = 0;
	HDF *hdf;

	if (read_programs(r, v->page, &rows, &total) != 0) {
		kd_reply_error(r, KD_E_UNAVAILABLE, NULL, 0, NULL);
		return;
	}
	if ((hdf = page_start(r, v)) == NULL)
		return;
	hdf_programs(hdf, "Items", &rows);
	wf_hdf_pager(hdf, v->page, total);
	kd_reply_page(r, v->status ? v->status : 200, "welfare-programs.cs", hdf);
}

/* A list of people, with the program choices of its forms. */
static void list_page(struct kd_req *r, const struct wf_view *v, const struct list_kind *k)
{
	struct list l = { .program = v->program, .page = v->page ? v->page : 1 };
	struct kd_rows programs;
	long long nprograms;
	HDF *hdf;

	if (list_scope(r, v->commune, &l) != 0 || list_read(r, k, &l) != 0)
		return;
	if (read_programs(r, 1, &programs, &nprograms) != 0) {
		kd_reply_error(r, KD_E_UNAVAILABLE, NULL, 0, NULL);
		return;
	}
	if ((hdf = page_start(r, v)) == NULL)
		return;
	hdf_programs(hdf, "Programs", &programs);
	kd_hdf_set(hdf, "View.unit_name", l.unit[0] ? kd_unit_display(l.unit) : "Toàn quốc");
	kd_rows_hdf(hdf, "Items", &l.rows);
	wf_hdf_money_days(hdf, "Items", &l.rows, k->amount_col, k->day_col);
	k->labels(hdf, &l.rows);
	wf_hdf_pager(hdf, l.page, l.total);
	kd_reply_page(r, v->status ? v->status : 200, k->template, hdf);
}

void wf_beneficiaries_page(struct kd_req *r, const struct wf_view *v)
{
	list_page(r, v, &beneficiaries);
}

void wf_payments_page(struct kd_req *r, const struct wf_view *v)
{
	list_page(r, v, &payments);
}

/* --- GET ------------------------------------------------------------------------- */

static void list_get(struct kd_req *r, const struct list_kind *k)
{
	struct wf_view v = view_of_query(r);
	struct list l = { .program = v.program, .page = v.page };
	int format = format_of(r);

	if (format == FORMAT_HTML) {
		list_page(r, &v, k);
		return;
	}
	l.all = format == FORMAT_CSV;
	if (list_scope(r, v.commune, &l) != 0 || list_read(r, k, &l) != 0)
		return;
	if (l.all)
		kd_rows_reply_csv(r, &l.rows);
	else
		reply_json(r, &l, 1);
}

void wf_beneficiaries_get(struct kd_req *r)
{
	list_get(r, &beneficiaries);
}

void wf_payments_get(struct kd_req *r)
{
	list_get(r, &payments);
}

void wf_programs_get(struct kd_req *r)
{
	struct wf_view v = view_of_query(r);
	struct list l = { .page = v.page };
	int format = format_of(r);

	/* The programs do not depend on the commune, but one outside the
	 * officer's unit is refused here as on every route that takes one. */
	if (list_scope(r, v.commune, &l) != 0)
		return;
	if (format == FORMAT_HTML) {
		wf_programs_page(r, &v);
		return;
	}
	if (read_programs(r, v.page, &l.rows, &l.total) != 0) {
		kd_reply_error(r, KD_E_UNAVAILABLE, NULL, 0, NULL);
		return;
	}
	if (format == FORMAT_CSV)
		kd_rows_reply_csv(r, &l.rows);
	else
		reply_json(r, &l, 0);
}
