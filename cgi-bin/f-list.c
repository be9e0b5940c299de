/*
 * f-list.c - the area's list of F cases (GET /f-status without
 * id_number, POST /f-status action=search; the routes are f-status.c's):
 * counts by status, the filter, the query, the page, CSV.
 *
 * One statement reads the area's cases from f_current (one row per person
 * with a status; 20,000 at national scale) with the registry's name,
 * birth date and residence (else the newest declaration's) and the newest
 * declaration's phone, newest first; the program counts every status,
 * keeps the rows that match the filter and the query, and cuts the page.
 */
#include <stdio.h>
#include <string.h>

#include "area.h"
#include "audit.h"
#include "f-status.h"
#include "units.h"
#include "valid.h"

#define LIST_PAGE 50

#define AREA KD_AREA_SQL_UNIT

void fs_list_sql(const char **sql)
{
	/* SPEC "Area": the registry's residence, or a residence of a
	 * declaration of the last 30 days.  At most 100,000 cases. */
	sql[ST_LIST] = "SELECT c.id_number, c.status, c.set_at,"
	    " COALESCE(z.full_name, d.full_name), DATE_FORMAT(COALESCE(z.dob, d.dob), '%Y-%m-%d'),"
	    " d.phone, COALESCE(z.perm_commune, d.perm_commune)"
	    " FROM f_current c"
	    " LEFT JOIN citizens z ON z.id_number = c.id_number"
	    " LEFT JOIN declarations d ON d.declaration_id ="
	    "   (SELECT MAX(n.declaration_id) FROM declarations n WHERE n.id_number = c.id_number)"
	    " WHERE " AREA("z.perm_commune") " OR EXISTS (SELECT 1 FROM declarations e"
	    "   WHERE e.id_number = c.id_number AND e.created_at > NOW() - INTERVAL 30 DAY"
	    "   AND (" AREA("e.perm_commune") " OR " AREA("e.temp_commune")
	    "   OR " AREA("e.stay_commune") "))"
	    " ORDER BY c.set_at DESC, c.id_number LIMIT 100000";
}

/* What q looks for: digits (an ID number or a phone, "+84" read as "0")
 * anywhere in either; anything else, a name compared without tone marks
 * (kd_name_key: "hoa" finds "Hoà" and "Hòa"). */
struct q_match {
	const char *q;             /* NULL: everything matches */
	int digits;
	char key[404];
};

static void q_prepare(struct kd_req *r, const char *q, struct q_match *m)
{
	char *d;
	size_t i, k = 0;

	memset(m, 0, sizeof(*m));
	if (q == NULL)
		return;
	m->q = q;
	d = kd_alloc(&r->arena, strlen(q) + 2);
	if (d != NULL && strncmp(q, "+84", 3) == 0) {
		d[k++] = '0';
		q += 3;
	}
	for (i = 0; d != NULL && q[i] != '\0'; i++)
		if (strchr(" .-", q[i]) == NULL)
			d[k++] = q[i];
	if (d != NULL && k > 0 && strspn(d, "0123456789") == k) {
		m->digits = 1;
		m->q = d;
		return;
	}
	if (kd_name_key(m->q, m->key, sizeof(m->key)) != 0 || m->key[0] == '\0')
		snprintf(m->key, sizeof(m->key), "%s", m->q);
}

static int q_matches(const struct q_match *m, const char *id, const char *phone,
    const char *name)
{
	char key[404];

	if (m->q == NULL)
		return 1;
	if (m->digits)
		return strstr(id, m->q) != NULL || strstr(phone, m->q) != NULL;
	return kd_name_key(name, key, sizeof(key)) == 0 && strstr(key, m->key) != NULL;
}

/* One case of the list, as read. */
struct item {
	char id[16], status[16], since[32], name[404], dob[16], phone[16], commune[8];
};

static const char *const list_cols[] = {
	"id_number", "full_name", "dob", "phone", "status", "since", "commune"
};

static void item_row(struct kd_req *r, struct kd_listw *w, const struct item *it)
{
	kd_listw_str(w, it->id);
	kd_listw_str(w, it->name);
	kd_listw_str(w, it->dob[0] ? it->dob : NULL);
	kd_listw_str(w, it->phone[0] ? it->phone : NULL);
	kd_listw_str(w, it->status);
	kd_listw_str(w, fs_iso(r, it->since));
	kd_listw_str(w, it->commune[0] ? it->commune : NULL);
	kd_listw_end_row(w);
}

struct list {
	const char *status;        /* filter; NULL all */
	const char *q_text;        /* as typed, for the page */
	struct q_match q;
	long page;
	enum fs_format format;
	long long counts[FS_NSTATUS];
	long long total;
	struct item *items;        /* this page's */
	size_t n;
	struct kd_listw csv;        /* format=csv: every matching case */
};

static size_t status_index(const char *status)
{
	size_t i;

	for (i = 0; i < FS_NSTATUS && strcmp(fs_statuses[i], status) != 0; i++)
		;
	return i;
}

/* Reads the area's cases: counts all, keeps this page's matching ones
 * (or writes every matching one to the CSV).  0 ok, -1 error. */
static int list_read(struct kd_req *r, struct list *l)
{
	struct kd_param p[17];
	struct item it;
	struct kd_col c[7] = { KD_COL(it.id), KD_COL(it.status), KD_COL(it.since),
	    KD_COL(it.name), KD_COL(it.dob), KD_COL(it.phone), KD_COL(it.commune) };
	long long first = (long long)(l->page - 1) * LIST_PAGE;
	size_t k;
	int rc;

	l->items = kd_alloc(&r->arena, LIST_PAGE * sizeof(*l->items));
	for (k = 0; k < 16; k += 4)
		fs_unit_params(p + k, r->session.unit);
	if (l->items == NULL || kd_db_exec(ST_LIST, p, 16) < 0)
		return -1;
	while ((rc = kd_db_fetch(ST_LIST, c, 7)) == 1) {
		if ((k = status_index(it.status)) < FS_NSTATUS)
			l->counts[k]++;
		if ((l->status != NULL && strcmp(l->status, it.status) != 0) ||
		    !q_matches(&l->q, it.id, it.phone, it.name))
			continue;
		if (l->format == FS_CSV)
			item_row(r, &l->csv, &it);
		else if (l->total >= first && l->n < LIST_PAGE)
			l->items[l->n++] = it;
		l->total++;
	}
	kd_db_done(ST_LIST);
	return rc < 0 ? -1 : 0;
}

static void list_json(struct kd_req *r, struct list *l)
{
	struct kd_json j;
	struct kd_listw w;
	size_t i;

	kd_json_init(&j);
	kd_json_obj(&j);
	kd_json_kint(&j, "total", l->total);
	kd_json_kint(&j, "page", l->page);
	kd_json_key(&j, "counts");
	kd_json_obj(&j);
	for (i = 0; i < FS_NSTATUS; i++)
		kd_json_kint(&j, fs_statuses[i], l->counts[i]);
	kd_json_obj_end(&j);
	kd_json_key(&j, "items");
	kd_listw_begin(&w, &j, list_cols, KD_NFIELDS(list_cols));
	for (i = 0; i < l->n; i++)
		item_row(r, &w, &l->items[i]);
	kd_listw_end(&w);
	kd_json_obj_end(&j);
	fs_reply_rows_json(r, 200, &j, &w);
}

static void list_page(struct kd_req *r, const struct list *l)
{
	HDF *hdf = fs_hdf(r, "list");
	const char *commune;
	size_t i;

	if (hdf == NULL) {
		kd_reply_error(r, KD_E_SERVER, NULL, 0, NULL);
		return;
	}
	fs_hdf_statuses(hdf);
	for (i = 0; i < FS_NSTATUS; i++)
		kd_hdf_item_int(hdf, "Statuses", i, "n", l->counts[i]);
	kd_hdf_set(hdf, "Filter.status", l->status);
	kd_hdf_set(hdf, "Filter.q", l->q_text);
	for (i = 0; i < l->n; i++) {
		const struct item *it = &l->items[i];

		kd_hdf_item(hdf, "Items", i, "id_number", it->id);
		kd_hdf_item(hdf, "Items", i, "full_name", it->name);
		kd_hdf_item(hdf, "Items", i, "dob", it->dob);
		kd_hdf_item(hdf, "Items", i, "phone", it->phone);
		kd_hdf_item(hdf, "Items", i, "status", it->status);
		kd_hdf_item(hdf, "Items", i, "label", fs_status_label(it->status));
		kd_hdf_item(hdf, "Items", i, "since", fs_when(r, it->since));
		commune = kd_unit_display(it->commune);
		kd_hdf_item(hdf, "Items", i, "commune", commune ? commune : it->commune);
	}
	fs_hdf_pager(hdf, l->page, LIST_PAGE, l->total);
	kd_reply_page(r, 200, "f-status.cs", hdf);
}

/* The list: read, audited (the query as a keyed reference, never in
 * clear), answered as JSON, CSV or the page. */
void fs_list(struct kd_req *r, const char *status, const char *q, long page,
    enum fs_format format)
{
	struct list l = { .status = status, .q_text = q, .page = page, .format = format };
	char ref[KD_CITIZEN_REF_SIZE] = "", *detail;

	q_prepare(r, q, &l.q);
	if (format == FS_CSV)
		kd_listw_begin(&l.csv, NULL, list_cols, KD_NFIELDS(list_cols));
	if (list_read(r, &l) != 0) {
		kd_listw_free(&l.csv);
		kd_reply_error(r, KD_E_UNAVAILABLE, NULL, 0, NULL);
		return;
	}
	if (q != NULL)
		kd_citizen_ref(q, ref);
	detail = kd_asprintf(&r->arena, "status=%s q=%s page=%ld rows=%lld%s",
	    status ? status : "", ref, page, l.total, format == FS_CSV ? " csv" : "");
	if (fs_audit(r, "status_list", "unit", r->session.unit, detail) != 0) {
		kd_listw_free(&l.csv);
		return;
	}
	if (format == FS_CSV)
		fs_reply_csv(r, &l.csv);
	else if (format == FS_JSON)
		list_json(r, &l);
	else
		list_page(r, &l);
}
