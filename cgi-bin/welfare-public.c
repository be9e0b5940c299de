/*
 * welfare-public.c - GET /welfare: what anyone may see, without logging in,
 * of the support paid in a commune (the contract: the top of welfare.c).
 * Names and ID numbers are masked here (lib/mask.h), before anything is
 * written: the JSON writer and the template never have them whole.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decl.h"
#include "mask.h"
#include "rows.h"
#include "serve.h"
#include "units.h"
#include "welfare.h"

static const struct kd_rows_col public_cols[] = {
	{ "program", KD_ROWS_STR }, { "program_id", KD_ROWS_INT },
	{ "name", KD_ROWS_STR }, { "id_number", KD_ROWS_STR },
	{ "amount", KD_ROWS_INT }, { "paid_on", KD_ROWS_STR },
};
enum { PC_NAME = 2, PC_ID_NUMBER = 3, PC_AMOUNT = 4, PC_PAID_ON = 5 };

static const struct kd_rows_col totals_cols[] = {
	{ "program_id", KD_ROWS_INT }, { "program", KD_ROWS_STR },
	{ "count", KD_ROWS_INT }, { "amount", KD_ROWS_INT },
};
enum { TC_PROGRAM_ID, TC_PROGRAM, TC_COUNT, TC_AMOUNT };

/* What the public sees of one commune. */
struct public_list {
	const char *commune;
	long long program;           /* 0 = all */
	long page;
	struct kd_rows items, totals;
	long long total, amount;     /* over the items' filter */
};

/* Names and ID numbers leave this function masked, never whole. */
static int public_mask(struct kd_req *r, struct kd_rows *items)
{
	char name[KD_MASK_NAME_MAX], id[KD_MASK_ID_MAX];
	size_t i;

	for (i = 0; i < items->nrows; i++) {
		const char *n = kd_rows_get(items, i, PC_NAME);
		const char *d = kd_rows_get(items, i, PC_ID_NUMBER);

		if (kd_mask_name(n ? n : "", name, sizeof(name)) != 0)
			snprintf(name, sizeof(name), "%s", "***");
		if (kd_mask_id_number(d ? d : "", id, sizeof(id)) != 0)
			snprintf(id, sizeof(id), "%s", "***");
		kd_rows_set(items, i, PC_NAME, kd_strdup(&r->arena, name));
		kd_rows_set(items, i, PC_ID_NUMBER, kd_strdup(&r->arena, id));
	}
	return 0;
}

static int public_read(struct kd_req *r, struct public_list *l)
{
	struct kd_param p[4] = { KD_STR(l->commune) };
	size_t i, n = 1;

	if (kd_rows_read(&r->arena, ST_PUBLIC_TOTALS, p, 1, totals_cols,
	    KD_NFIELDS(totals_cols), 10000, &l->totals) != 0)
		return -1;
	for (i = 0; i < l->totals.nrows; i++) {
		if (l->program != 0 &&
		    strtoll(kd_rows_get(&l->totals, i, TC_PROGRAM_ID), NULL, 10) != l->program)
			continue;
		l->total += strtoll(kd_rows_get(&l->totals, i, TC_COUNT), NULL, 10);
		l->amount += strtoll(kd_rows_get(&l->totals, i, TC_AMOUNT), NULL, 10);
	}
	if (l->program != 0)
		p[n++] = KD_INT(l->program);
	p[n++] = KD_INT(PAGE_SIZE);
	p[n++] = KD_INT((l->page - 1) * PAGE_SIZE);
	if (kd_rows_read(&r->arena, l->program != 0 ? ST_PUBLIC_ITEMS_OF : ST_PUBLIC_ITEMS,
	    p, n, public_cols, KD_NFIELDS(public_cols), PAGE_SIZE, &l->items) != 0)
		return -1;
	return public_mask(r, &l->items);
}

static void public_json(struct kd_req *r, const struct public_list *l)
{
	struct kd_json j;

	kd_json_init(&j);
	kd_json_obj(&j);
	kd_json_kstr(&j, "commune", l->commune);
	kd_json_kstr(&j, "commune_name", kd_unit_display(l->commune));
	kd_json_kint(&j, "total", l->total);
	kd_json_kint(&j, "amount", l->amount);
	kd_json_kint(&j, "page", l->page);
	kd_rows_json(&j, "items", &l->items);
	kd_rows_json(&j, "programs", &l->totals);
	kd_json_obj_end(&j);
	kd_reply_json(r, 200, &j);
}

static void public_page(struct kd_req *r, const struct public_list *l)
{
	char text[32], path[400];
	HDF *hdf = kd_hdf_new(r);

	if (hdf == NULL) {
		kd_reply_error(r, KD_E_SERVER, NULL, 0, NULL);
		return;
	}
	if (l != NULL) {
		kd_hdf_set(hdf, "View.commune", l->commune);
		kd_decl_unit_path(l->commune, path, sizeof(path));
		kd_hdf_set(hdf, "View.commune_name", path);
		kd_hdf_set_int(hdf, "View.program", l->program);
		kd_number_vn(l->amount, text);
		kd_hdf_set(hdf, "List.amount_vn", text);
		kd_rows_hdf(hdf, "Items", &l->items);
		wf_hdf_money_days(hdf, "Items", &l->items, PC_AMOUNT, PC_PAID_ON);
		kd_rows_hdf(hdf, "Totals", &l->totals);
		wf_hdf_money_days(hdf, "Totals", &l->totals, TC_AMOUNT, -1);
		wf_hdf_pager(hdf, l->page, l->total);
	}
	kd_reply_page(r, 200, "welfare-public.cs", hdf);
}

/* GET /welfare: see the top of welfare.c. */
void wf_public_get(struct kd_req *r)
{
	const struct kd_values *v = &r->vals;
	struct public_list l = { .commune = v->v[L_COMMUNE], .program = v->n[L_PROGRAM],
	    .page = v->v[L_PAGE] ? (long)v->n[L_PAGE] : 1 };
	char *to;

	if (v->v[L_FORMAT] != NULL && v->n[L_FORMAT] == FORMAT_CSV) {
		/* The full list is the officers': their route, their roles. */
		to = kd_asprintf(&r->arena, "/welfare/payments?format=csv%s%s%s%s",
		    l.commune ? "&commune=" : "", l.commune ? l.commune : "",
		    l.program ? "&program=" : "", l.program ? v->v[L_PROGRAM] : "");
		kd_reply_redirect(r, to);
		return;
	}
	if (v->v[L_FORMAT] != NULL && v->n[L_FORMAT] == FORMAT_JSON)
		r->want_json = 1;
	if (l.commune == NULL) {
		if (r->want_json)
			kd_reply_field(r, KD_E_INVALID_FIELDS, "commune", kd_msg_required);
		else
			public_page(r, NULL);
		return;
	}
	if (public_read(r, &l) != 0) {
		kd_reply_error(r, KD_E_UNAVAILABLE, NULL, 0, NULL);
		return;
	}
	if (r->want_json)
		public_json(r, &l);
	else
		public_page(r, &l);
}
