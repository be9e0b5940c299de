/*
 * admin-bulk.c - admin-accounts' bulk upload (action bulk_create): a CSV
 * of accounts, header uid,full_name,role,unit,place_id.
 *
 * The story of one upload:
 *   1. cut the text into rows (a bad header or too many rows: refused);
 *   2. check each row with the create form's own field table
 *      (kd_fields_row), then what the form checks after it: the unit in
 *      the administrator's subtree, a place for officer/venue of the right
 *      kind inside it, a uid not twice in the file;
 *   3. write an audit row for every account about to be created, in one
 *      committed transaction: no audit row, no directory write;
 *   4. send the adds to the directory in one pipelined batch;
 *   5. audit the rows the directory refused, and the upload's summary;
 *   6. answer the rows created (with their one-time passwords) and every
 *      bad row, by line.
 */
#include <ldap.h>
#include <stdlib.h>
#include <string.h>

#include "admin.h"
#include "audit.h"
#include "csv.h"
#include "db.h"
#include "dir.h"
#include "log.h"
#include "role.h"
#include "units.h"

#define BULK_MAX_ROWS 2000
#define BULK_WINDOW 16             /* directory operations in flight */
#define HEADER "uid,full_name,role,unit,place_id"

struct bulk_row {
	size_t line;
	char *col[C_COUNT];
	struct {                   /* the row's fields, parsed (a whole
	                              struct kd_values per row would be
	                              5 KB times 2000 rows) */
		const char *v[C_COUNT];
		long long n[C_COUNT];
	} vals;
	int bad;
};

struct bulk {
	struct ctx *c;
	struct bulk_row *rows;
	size_t nrows;
	struct bulk_error *errors;
	size_t nerrors, cap_errors;
	struct kd_dir_new *items;   /* the rows sent to the directory */
	struct bulk_row **item_row;
	size_t nitems;
};

static void bulk_fail(struct bulk *b, struct bulk_row *row, const char *field,
    const char *message)
{
	row->bad = 1;
	if (b->nerrors < b->cap_errors)
		b->errors[b->nerrors++] = (struct bulk_error){ row->line, field, message };
}

static char *trim(char *s)
{
	char *end;

	while (*s == ' ' || *s == '\t')
		s++;
	end = s + strlen(s);
	while (end > s && (end[-1] == ' ' || end[-1] == '\t'))
		*--end = '\0';
	return s;
}

/* Room for every row and error of the text.  0 ok, -1 answered. */
static int bulk_alloc(struct bulk *b, const char *text)
{
	size_t max_rows = 1;
	const char *p;

	for (p = text; (p = strchr(p, '\n')) != NULL; p++)
		max_rows++;
	b->rows = kd_alloc(&b->c->r->arena, max_rows * sizeof(*b->rows));
	b->cap_errors = max_rows * C_COUNT + 1;
	b->errors = kd_alloc(&b->c->r->arena, b->cap_errors * sizeof(*b->errors));
	b->items = kd_alloc(&b->c->r->arena, max_rows * sizeof(*b->items));
	b->item_row = kd_alloc(&b->c->r->arena, max_rows * sizeof(*b->item_row));
	if (b->rows == NULL || b->errors == NULL || b->items == NULL ||
	    b->item_row == NULL) {
		refuse(b->c, KD_E_SERVER, -1, NULL);
		return -1;
	}
	return 0;
}

/* One line after the header into a row of C_COUNT cells. */
static void bulk_split(struct bulk *b, struct bulk_row *row, char *line)
{
	char *cols[C_COUNT + 1];
	int n, i;

	n = kd_csv_split(line, cols, C_COUNT + 1);
	if (n == C_COUNT - 1)             /* no place_id column at all */
		cols[n++] = "";
	if (n != C_COUNT) {
		bulk_fail(b, row, "csv",
		    "Dòng phải có đúng 5 cột: uid,full_name,role,unit,place_id.");
		return;
	}
	for (i = 0; i < C_COUNT; i++)
		row->col[i] = trim(cols[i]);
}

/* 1. Cuts the text into rows.  0 ok; -1 answered (bad header, too many). */
static int bulk_parse(struct bulk *b, char *text)
{
	char *line = text, *next;
	size_t lineno = 0;

	if (bulk_alloc(b, text) != 0)
		return -1;
	if (strncmp(line, "\xEF\xBB\xBF", 3) == 0)      /* a spreadsheet's BOM */
		line += 3;
	for (; line != NULL; line = next) {
		next = strchr(line, '\n');
		if (next != NULL)
			*next++ = '\0';
		lineno++;
		if (line[0] != '\0' && line[strlen(line) - 1] == '\r')
			line[strlen(line) - 1] = '\0';
		if (lineno == 1 && strcmp(trim(line), HEADER) != 0) {
			refuse(b->c, KD_E_INVALID_FIELDS, B_CSV, "Dòng đầu phải là: " HEADER);
			return -1;
		}
		if (lineno == 1 || trim(line)[0] == '\0')
			continue;
		if (b->nrows == BULK_MAX_ROWS) {
			refuse(b->c, KD_E_INVALID_FIELDS, B_CSV,
			    "Mỗi lần tải lên tối đa 2000 tài khoản.");
			return -1;
		}
		memset(&b->rows[b->nrows], 0, sizeof(b->rows[b->nrows]));
		b->rows[b->nrows].line = lineno;
		bulk_split(b, &b->rows[b->nrows], line);
		b->nrows++;
	}
	return 0;
}

/* 2. A row's fields, as the create form checks them. */
static void bulk_check_row(struct bulk *b, struct bulk_row *row)
{
	struct kd_values parsed;
	const struct ctx *c = b->c;
	struct kd_values *v = &parsed;
	const char *msg, *role;
	enum kd_err err;
	size_t i;

	if (kd_fields_row(&c->r->arena, row->col, C_COUNT, create_fields, C_COUNT, v) != 0) {
		for (i = 0; i < C_COUNT; i++)
			if (v->error[i] != NULL)
				bulk_fail(b, row, create_fields[i].name, v->error[i]);
	}
	memcpy(row->vals.v, v->v, sizeof(row->vals.v));
	memcpy(row->vals.n, v->n, sizeof(row->vals.n));
	if (v->error[C_UNIT] == NULL && !kd_unit_within(v->v[C_UNIT], c->actor.unit))
		bulk_fail(b, row, "unit", M_OUTSIDE_UNIT);
	if (v->error[C_ROLE] != NULL || v->error[C_PLACE_ID] != NULL)
		return;
	role = v->v[C_ROLE];
	if (v->error[C_UNIT] == NULL && admin_peer(c, role, v->v[C_UNIT]) != NULL)
		bulk_fail(b, row, "unit", M_ADMIN_PEER);
	if (kd_role_needs_place(kd_role_find(role)) && v->n[C_PLACE_ID] == 0)
		bulk_fail(b, row, "place_id", M_NEED_PLACE);
	else if (!kd_role_needs_place(kd_role_find(role)) && v->n[C_PLACE_ID] != 0)
		bulk_fail(b, row, "place_id", M_NO_PLACE_ROLE);
	else if (v->n[C_PLACE_ID] != 0 &&
	    (msg = check_place(c, v->n[C_PLACE_ID], role, &err)) != NULL)
		bulk_fail(b, row, "place_id", msg);
}

static int cmp_row_uid(const void *a, const void *b)
{
	const struct bulk_row *x = *(struct bulk_row *const *)a;
	const struct bulk_row *y = *(struct bulk_row *const *)b;
	int d = strcmp(x->col[C_UID], y->col[C_UID]);

	return d != 0 ? d : (x->line > y->line) - (x->line < y->line);
}

/* 2. A uid twice in the file: the first line wins, the others are errors. */
static int bulk_duplicates(struct bulk *b)
{
	struct bulk_row **by_uid;
	size_t i, n = 0;

	by_uid = kd_alloc(&b->c->r->arena, (b->nrows + 1) * sizeof(*by_uid));
	if (by_uid == NULL)
		return -1;
	for (i = 0; i < b->nrows; i++)
		if (b->rows[i].col[C_UID] != NULL && b->rows[i].col[C_UID][0])
			by_uid[n++] = &b->rows[i];
	qsort(by_uid, n, sizeof(*by_uid), cmp_row_uid);
	for (i = 1; i < n; i++) {
		if (strcmp(by_uid[i]->col[C_UID], by_uid[i - 1]->col[C_UID]) != 0)
			continue;
		bulk_fail(b, by_uid[i], "uid", kd_asprintf(&b->c->r->arena,
		    "Tên đăng nhập trùng với dòng %zu.", by_uid[i - 1]->line));
		by_uid[i] = by_uid[i - 1];       /* later copies name the first */
	}
	return 0;
}

/* The directory items of the good rows.  0 ok, -1 out of memory. */
static int bulk_items(struct bulk *b)
{
	struct kd_req *r = b->c->r;
	size_t i;

	for (i = 0; i < b->nrows; i++) {
		struct bulk_row *row = &b->rows[i];
		struct kd_dir_new *it = &b->items[b->nitems];
		char *unit_dn;

		if (row->bad)
			continue;
		unit_dn = kd_alloc(&r->arena, 400);
		it->password = new_password(r);
		if (unit_dn == NULL || it->password == NULL ||
		    kd_dir_unit_dn(row->vals.v[C_UNIT], unit_dn, 400) != 0)
			return -1;
		it->uid = row->vals.v[C_UID];
		it->full_name = row->vals.v[C_FULL_NAME];
		it->role = row->vals.v[C_ROLE];
		it->unit_dn = unit_dn;
		it->place_id = row->vals.n[C_PLACE_ID];
		b->item_row[b->nitems++] = row;
	}
	return 0;
}

/* 3 and 5: one audit row per item (refused only: those the directory
 * refused), in one transaction.  0 ok, -1 nothing written. */
static int bulk_audit(struct bulk *b, const char *action, int refused_only)
{
	struct kd_req *r = b->c->r;
	size_t i;

	if (kd_db_begin() != 0)
		return -1;
	for (i = 0; i < b->nitems; i++) {
		const struct kd_dir_new *it = &b->items[i];
		char *detail;

		if (refused_only && it->rc == LDAP_SUCCESS)
			continue;
		detail = kd_asprintf(&r->arena, "%s %s %lld bulk", it->role,
		    b->item_row[i]->vals.v[C_UNIT], it->place_id);
		if (detail == NULL ||
		    kd_audit(r, action, "account", it->uid, detail) != 0) {
			kd_db_rollback();
			return -1;
		}
	}
	return kd_db_commit();
}

/* 5. What the directory said of each item. */
static void bulk_results(struct bulk *b, struct result *res)
{
	size_t i;

	for (i = 0; i < b->nitems; i++) {
		const struct kd_dir_new *it = &b->items[i];

		if (it->rc == LDAP_SUCCESS)
			res->created[res->ncreated++] = (struct bulk_created){
			    b->item_row[i]->line, it->uid, it->password };
		else if (dir_error(it->rc) == KD_E_CONFLICT)
			bulk_fail(b, b->item_row[i], "uid", M_UID_TAKEN);
		else if (dir_error(it->rc) == KD_E_FORBIDDEN)
			bulk_fail(b, b->item_row[i], "unit", M_DIR_REFUSED);
		else
			bulk_fail(b, b->item_row[i], "uid", M_DIR_FAILED);
	}
}

static int cmp_error_line(const void *a, const void *b)
{
	const struct bulk_error *x = a, *y = b;

	return (x->line > y->line) - (x->line < y->line);
}

void act_bulk(struct ctx *c)
{
	struct bulk b = { .c = c };
	struct result res = { .status = 200, .disabled = -1, .bulk = 1 };
	char *text = kd_strdup(&c->r->arena, c->r->vals.v[B_CSV]), *summary;
	size_t i;

	if (text == NULL || bulk_parse(&b, text) != 0) {
		if (text == NULL)
			refuse(c, KD_E_SERVER, -1, NULL);
		return;
	}
	for (i = 0; i < b.nrows; i++)
		if (!b.rows[i].bad)
			bulk_check_row(&b, &b.rows[i]);
	res.created = kd_alloc(&c->r->arena, (b.nrows + 1) * sizeof(*res.created));
	if (res.created == NULL || bulk_duplicates(&b) != 0 || bulk_items(&b) != 0) {
		refuse(c, KD_E_SERVER, -1, NULL);
		return;
	}
	if (b.nitems > 0 && bulk_audit(&b, "account_create", 0) != 0) {
		refuse(c, KD_E_UNAVAILABLE, -1, NULL);
		return;
	}
	if (b.nitems > 0 &&
	    kd_dir_add_accounts(c->actor.dn, b.items, b.nitems, BULK_WINDOW) != 0)
		kd_log("bulk: the directory connection failed during the batch");
	bulk_results(&b, &res);
	summary = kd_asprintf(&c->r->arena, "rows=%zu created=%zu errors=%zu",
	    b.nrows, res.ncreated, b.nerrors);
	if ((res.ncreated < b.nitems &&
	    bulk_audit(&b, "account_create_refused", 1) != 0) || summary == NULL ||
	    kd_audit(c->r, "account_bulk_create", "unit",
	    c->actor.unit[0] ? c->actor.unit : "-", summary) != 0)
		kd_log("bulk: the audit of refused rows or of the summary failed");
	qsort(b.errors, b.nerrors, sizeof(*b.errors), cmp_error_line);
	res.errors = b.errors;
	res.nerrors = b.nerrors;
	res.message = kd_asprintf(&c->r->arena,
	    "Đã tạo %zu tài khoản; %zu lỗi.", res.ncreated, b.nerrors);
	reply_result(c, &res);
}
