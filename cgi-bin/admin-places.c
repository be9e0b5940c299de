/*
 * admin-places.c - admin-accounts' places: checkpoints, venues and depots
 * of the administrator's subtree.
 *
 *   create_place  kind, name, commune (or commune_q: its name, lib/unitfield.h)
 *                 [, address] -> 201 {"place_id"}
 *   edit_place    place_id, name [, address] -> 200 {"place_id"}
 *   retire_place  place_id [, confirmed] -> 200 {"place_id", "retired"}
 *
 * A place is never deleted: its passages and reports keep naming it.  A
 * retired one stays in the list (marked), is offered to no account and
 * cannot be assigned (check_place); retiring twice is no change.  Each
 * action writes its audit row in the transaction of its change.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin.h"
#include "audit.h"
#include "db.h"
#include "log.h"
#include "serve.h"
#include "unitfield.h"
#include "units.h"

#define PLACES_SHOWN 500

/* A depot: where an officer checks green-lane vehicles before they
 * leave (issue 21). */
static const char *const kinds[] = { "checkpoint", "venue", "depot", NULL };

const struct kd_field place_fields[P_COUNT] = {
	[P_KIND] = { .name = "kind", .type = KD_T_CHOICE, .flags = KD_REQUIRED, .choices = kinds },
	[P_NAME] = { .name = "name", .type = KD_T_TEXT, .flags = KD_REQUIRED, .min = 2, .max = 200 },
	[P_COMMUNE] = { .name = "commune", .type = KD_T_COMMUNE, .flags = KD_REQUIRED },
	[P_ADDRESS] = { .name = "address", .type = KD_T_TEXT, .max = 255 },
	[P_COMMUNE_Q] = { .name = "commune_q", .type = KD_T_TEXT, .max = 200 },
};

#define PLACE_ID { .name = "place_id", .type = KD_T_ID, .flags = KD_REQUIRED, \
	.max = 1000000000000LL, .message = "Mã địa điểm không hợp lệ." }
const struct kd_field edit_place_fields[E_COUNT] = {
	[E_PLACE_ID] = PLACE_ID,
	[E_NAME] = { .name = "name", .type = KD_T_TEXT, .flags = KD_REQUIRED, .min = 2, .max = 200 },
	[E_ADDRESS] = { .name = "address", .type = KD_T_TEXT, .max = 255 },
};

const struct kd_field retire_place_fields[R_COUNT] = {
	[R_PLACE_ID] = PLACE_ID,
	[R_CONFIRMED] = { .name = "confirmed", .type = KD_T_FLAG },
};
#undef PLACE_ID

static const struct kd_unit_field commune_field = { P_COMMUNE, P_COMMUNE_Q, KD_UNITS_ADDRESS };

/* create_place's settle: a commune typed by name, inside the session's
 * unit (the handler checks the directory's unit again). */
void settle_place(struct kd_req *r)
{
	kd_unit_field_settle(&r->vals, &commune_field, r->session.unit);
}

/* The create form's commune as the page shows it. */
void hdf_place_form(HDF *hdf, const struct ctx *c)
{
	if (c->r->route->fields == place_fields)
		kd_unit_field_hdf(hdf, "Form.create_place", place_fields, &c->r->vals,
		    &commune_field, c->actor.unit);
}

/* One database change and its audit row, in one transaction (place_id
 * 0: the place the statement inserts).  0 committed, -1 nothing done. */
static int change(struct ctx *c, size_t st, const struct kd_param *p, size_t np,
    const char *action, long long place_id, const char *detail)
{
	char target[24];

	if (kd_db_begin() != 0)
		return -1;
	if (kd_db_exec(st, p, np) < 0)
		goto fail;
	if (place_id == 0)
		place_id = (long long)kd_db_insert_id(st);
	snprintf(target, sizeof(target), "%lld", place_id);
	if (kd_audit(c->r, action, "place", target, detail) != 0 || kd_db_commit() != 0)
		goto fail;
	return 0;
fail:
	kd_db_rollback();
	return -1;
}

/* The place of field idx, inside the administrator's subtree: 0 go on
 * (*retired set), -1 answered. */
static int load_place(struct ctx *c, size_t idx, int *retired)
{
	char kind[16] = "", commune[8] = "", gone[4] = "";
	struct kd_col cols[3] = { KD_COL(kind), KD_COL(commune), KD_COL(gone) };
	struct kd_param p[1] = { KD_INT(c->r->vals.n[idx]) };
	int rc = kd_db_row(ST_PLACE_GET, p, 1, cols, 3);

	if (rc < 0) {
		refuse(c, KD_E_UNAVAILABLE, -1, NULL);
		return -1;
	}
	if (rc == 0) {
		refuse(c, KD_E_NOT_FOUND, (int)idx, M_NO_PLACE);
		return -1;
	}
	if (!kd_unit_within(commune, c->actor.unit)) {
		refuse(c, KD_E_FORBIDDEN, (int)idx, M_OUTSIDE_PLACE);
		return -1;
	}
	*retired = gone[0] == '1';
	return 0;
}

/* create_place: kind, name, commune (in the subtree), address. */
void act_create_place(struct ctx *c)
{
	const struct kd_values *v = &c->r->vals;
	const char *commune = v->v[P_COMMUNE];
	struct result res = { .status = 201, .disabled = -1 };
	struct kd_param p[5] = { KD_STR(v->v[P_KIND]), KD_STR(v->v[P_NAME]), KD_STR(commune),
	    KD_STR(v->v[P_ADDRESS] ? v->v[P_ADDRESS] : ""), KD_STR(c->actor.uid) };
	char detail[40];

	if (!kd_unit_within(commune, c->actor.unit)) {
		refuse(c, KD_E_FORBIDDEN, P_COMMUNE, M_OUTSIDE_UNIT);
		return;
	}
	snprintf(detail, sizeof(detail), "%s %s", v->v[P_KIND], commune);
	if (change(c, ST_PLACE_INSERT, p, 5, "place_create", 0, detail) != 0) {
		refuse(c, KD_E_UNAVAILABLE, -1, NULL);
		return;
	}
	res.message = kd_asprintf(&c->r->arena, "Đã tạo địa điểm “%s”.", v->v[P_NAME]);
	res.place_id = (long long)kd_db_insert_id(ST_PLACE_INSERT);
	reply_result(c, &res);
}

/* edit_place: place_id, name, address (kind and commune stay: accounts
 * and reports depend on them). */
void act_edit_place(struct ctx *c)
{
	const struct kd_values *v = &c->r->vals;
	struct result res = { .status = 200, .disabled = -1 };
	struct kd_param p[3] = { KD_STR(v->v[E_NAME]),
	    KD_STR(v->v[E_ADDRESS] ? v->v[E_ADDRESS] : ""), KD_INT(v->n[E_PLACE_ID]) };
	int retired;

	if (load_place(c, E_PLACE_ID, &retired) != 0)
		return;
	if (change(c, ST_PLACE_UPDATE, p, 3, "place_edit", v->n[E_PLACE_ID], "") != 0) {
		refuse(c, KD_E_UNAVAILABLE, -1, NULL);
		return;
	}
	res.message = "Đã sửa địa điểm.";
	res.place_id = v->n[E_PLACE_ID];
	reply_result(c, &res);
}

/* retire_place: place_id; a page asks first (confirmed). */
void act_retire_place(struct ctx *c)
{
	const struct kd_values *v = &c->r->vals;
	struct result res = { .status = 200, .disabled = -1, .retired = 1 };
	struct kd_param p[1] = { KD_INT(v->n[R_PLACE_ID]) };
	const char *names[1];
	int retired;

	if (load_place(c, R_PLACE_ID, &retired) != 0)
		return;
	if (!c->r->want_json && !v->n[R_CONFIRMED]) {
		if (place_names(c->r, &v->n[R_PLACE_ID], 1, names) != 0)
			names[0] = "";
		ask_confirmation(c, "place_id", v->v[R_PLACE_ID], kd_asprintf(&c->r->arena,
		    "Ngừng hoạt động địa điểm “%s”? Tài khoản không còn được gán vào đây; "
		    "các lượt qua chốt đã ghi vẫn giữ nguyên.", names[0]));
		return;
	}
	if (!retired && change(c, ST_PLACE_RETIRE, p, 1, "place_retire",
	    v->n[R_PLACE_ID], "") != 0) {
		refuse(c, KD_E_UNAVAILABLE, -1, NULL);
		return;
	}
	res.message = retired ? M_PLACE_RETIRED : "Đã cho địa điểm ngừng hoạt động.";
	res.place_id = v->n[R_PLACE_ID];
	reply_result(c, &res);
}

int place_names(struct kd_req *r, const long long *ids, size_t n, const char **names)
{
	char id[24] = "", name[256] = "", gone[4] = "";
	struct kd_col cols[3] = { KD_COL(id), KD_COL(name), KD_COL(gone) };
	struct kd_param p[NAMES_AT_ONCE];
	size_t i;
	int rc;

	for (i = 0; i < NAMES_AT_ONCE; i++) {
		p[i] = i < n ? KD_INT(ids[i]) : KD_NULLP;
		if (i < n)
			names[i] = "";
	}
	if (n == 0)
		return 0;
	if (kd_db_exec(ST_PLACE_NAMES, p, NAMES_AT_ONCE) < 0)
		return -1;
	while ((rc = kd_db_fetch(ST_PLACE_NAMES, cols, 3)) == 1) {
		long long got = strtoll(id, NULL, 10);

		for (i = 0; i < n; i++)
			if (ids[i] == got)
				names[i] = kd_asprintf(&r->arena, gone[0] == '1' ?
				    "%s (đã ngừng)" : "%s", name);
	}
	kd_db_done(ST_PLACE_NAMES);
	return rc < 0 ? -1 : 0;
}

/* The places of the subtree for the page: the list (retired ones too,
 * marked) and the choices of the account forms (active ones). */
void hdf_places(HDF *hdf, const struct ctx *c)
{
	const char *u = c->actor.unit;
	struct kd_param p[4] = { KD_STR(u), KD_STR(u), KD_STR(u), KD_STR(u) };
	char id[24] = "", kind[16] = "", name[256] = "", commune[8] = "", address[300] = "",
	    gone[4] = "";
	struct kd_col cols[6] = { KD_COL(id), KD_COL(kind), KD_COL(name), KD_COL(commune),
	    KD_COL(address), KD_COL(gone) };
	size_t i = 0;

	if (kd_db_exec(ST_PLACES_IN, p, 4) < 0)
		return;
	while (i < PLACES_SHOWN && kd_db_fetch(ST_PLACES_IN, cols, 6) == 1) {
		const char *display = kd_unit_display(commune);

		hdf_list(hdf, "Places", i, "id", id);
		hdf_list(hdf, "Places", i, "kind", kind);
		hdf_list(hdf, "Places", i, "name", name);
		hdf_list(hdf, "Places", i, "commune", commune);
		hdf_list(hdf, "Places", i, "commune_name", display ? display : "");
		hdf_list(hdf, "Places", i, "address", address);
		if (gone[0] == '1')
			hdf_list(hdf, "Places", i, "retired", "1");
		i++;
	}
	kd_db_done(ST_PLACES_IN);
	kd_hdf_set_int(hdf, "PlacesCount", (long long)i);
}
