/*
 * f-common.c - what every page of f-status uses (declared in f-status.h):
 * the answer's format and page, a citizen known and in the area, audit
 * rows, the page frame with the menu, the pager, CSV and JSON lists,
 * times for JSON and for people, the statuses' names.
 */
#include <stdio.h>
#include <string.h>

#include "area.h"
#include "audit.h"
#include "f-status.h"
#include "labels.h"
#include "log.h"
#include "vntime.h"

#define M_UNKNOWN "Không tìm thấy công dân có số giấy tờ này."
#define M_OUTSIDE "Công dân này không cư trú trên địa bàn bạn quản lý."

const char *const fs_statuses[] = {
	"F0", "F1", "F2", "F3", "negative", "recovered", "deceased", NULL
};
const char *const fs_formats[] = { "html", "json", "csv", NULL };

enum fs_format fs_format(struct kd_req *r, size_t f)
{
	return (enum fs_format)kd_format_of(r, f);   /* the same values, in order */
}

long fs_page(const struct kd_req *r, size_t f)
{
	return r->vals.v[f] != NULL ? (long)r->vals.n[f] : 1;
}

int fs_person_load(const char *id_number, struct fs_person *p)
{
	char registered[4] = "";
	struct kd_col cols[3] = { KD_COL(p->full_name), KD_COL(p->dob), KD_COL(registered) };
	struct kd_param params[2] = { KD_STR(id_number), KD_STR(id_number) };
	int rc = kd_db_row(ST_PERSON, params, 2, cols, 3);

	p->registered = rc == 1 && registered[0] == '1';
	return rc;
}

int fs_person_check(struct kd_req *r, const char *id_number, const char *field,
    struct fs_person *p)
{
	int rc = fs_person_load(id_number, p);

	if (rc == 0) {
		kd_reply_field(r, KD_E_NOT_FOUND, field, M_UNKNOWN);
		return -1;
	}
	if (rc > 0)
		rc = kd_area_has(r->session.unit, id_number);
	if (rc < 0) {
		kd_reply_error(r, KD_E_UNAVAILABLE, NULL, 0, NULL);
		return -1;
	}
	if (rc == 0) {
		kd_reply_field(r, KD_E_OUTSIDE_AREA, field, M_OUTSIDE);
		return -1;
	}
	return 0;
}

int fs_audit(struct kd_req *r, const char *action, const char *kind,
    const char *target, const char *detail)
{
	if (kd_audit(r, action, kind, target, detail) == 0)
		return 0;
	kd_log("f-status: audit row for %s not written, nothing shown", action);
	kd_reply_error(r, KD_E_UNAVAILABLE, NULL, 0, NULL);
	return -1;
}

int fs_audit_citizen(struct kd_req *r, const char *action,
    const char *id_number, const char *detail)
{
	char ref[KD_CITIZEN_REF_SIZE];

	kd_citizen_ref(id_number, ref);
	return fs_audit(r, action, "citizen", ref, detail);
}

void fs_unit_params(struct kd_param *p, const char *unit)
{
	size_t i;

	for (i = 0; i < 4; i++)
		p[i] = KD_STR(unit);
}

HDF *fs_hdf(struct kd_req *r, const char *nav)
{
	HDF *hdf = kd_hdf_new(r);

	if (hdf == NULL)
		return NULL;
	kd_hdf_set(hdf, "Nav", nav);
	if (r->session.role_bit == KD_ROLE_POLICE)
		kd_hdf_set(hdf, "Fs.police", "1");
	return hdf;
}

void fs_hdf_pager(HDF *hdf, long page, long size, long long total)
{
	kd_hdf_set_int(hdf, "List.total", total);
	kd_hdf_set_int(hdf, "List.page", page);
	kd_hdf_set_int(hdf, "List.pages", total > 0 ? (total + size - 1) / size : 1);
	if (page > 1)
		kd_hdf_set_int(hdf, "List.prev", page - 1);
	if ((long long)page * size < total)
		kd_hdf_set_int(hdf, "List.next", page + 1);
}

void fs_reply_csv(struct kd_req *r, struct kd_listw *w)
{
	kd_listw_reply_csv(r, w);
}

void fs_reply_rows_json(struct kd_req *r, int status, struct kd_json *j,
    const struct kd_listw *w)
{
	if (kd_listw_failed(w)) {
		kd_json_free(j);
		kd_log("f-status: row writer failed");
		kd_reply_error(r, KD_E_SERVER, NULL, 0, NULL);
		return;
	}
	kd_reply_json(r, status, j);
}

const char *fs_iso(struct kd_req *r, const char *db)
{
	char *out;

	if (db == NULL || db[0] == '\0')
		return NULL;
	out = kd_alloc(&r->arena, 40);
	if (out != NULL)
		kd_db_time_iso(db, out, 40);
	return out;
}

const char *fs_when(struct kd_req *r, const char *db)
{
	if (db == NULL || strlen(db) < 16)
		return db;
	return kd_asprintf(&r->arena, "%.5s %.2s/%.2s/%.4s", db + 11, db + 8,
	    db + 5, db);
}

const char *fs_status_label(const char *status)
{
	const char *label = kd_label(kd_label_f_status, status);

	/* A follow-up passage's task may be about the registry. */
	if (label == NULL)
		label = kd_label(kd_label_registry, status);
	return label != NULL ? label : status;
}

void fs_hdf_statuses(HDF *hdf)
{
	size_t i;

	for (i = 0; fs_statuses[i] != NULL; i++) {
		kd_hdf_item(hdf, "Statuses", i, "code", fs_statuses[i]);
		kd_hdf_item(hdf, "Statuses", i, "label", fs_status_label(fs_statuses[i]));
	}
}
