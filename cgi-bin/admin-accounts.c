/*
 * admin-accounts - administrators manage the accounts and the places of
 * their own unit's subtree (province -> district -> commune).
 *
 *   GET  /admin-accounts [?q=&page=]
 *        the page; JSON {"accounts": [{"uid", "full_name", "role", "unit",
 *        "place_id", "disabled", "must_change"}], "page", "more", "total"}:
 *        the accounts below the administrator's unit whose uid or name
 *        contains q, sorted by uid, PAGE_SIZE a page.
 *   POST /admin-accounts action=...  (CSRF token as field csrf or header)
 *        create          uid, full_name, role, unit [, place_id]
 *                        -> 201 {"uid", "password"} (one-time password)
 *        disable, enable uid -> 200 {"uid", "disabled"}
 *        reset_password  uid -> 200 {"uid", "password", "disabled"}
 *        create_place    kind, name, commune [, address] -> 201 {"place_id"}
 *        assign_place    uid, place_id -> 200 {"uid", "place_id"}
 *        bulk_create     csv (header uid,full_name,role,unit,place_id)
 *                        -> 200 {"created": [{"line", "uid", "password"}],
 *                               "errors": [{"line", "field", "message"}]}
 *   401 not logged in; 403 not an administrator, no CSRF token, or a unit,
 *   place or account outside the administrator's subtree; 400 bad fields;
 *   404 no such account; 409 uid taken; 503 directory or database down.
 *
 * Two locks on delegation: this program checks every unit, place and
 * account against the administrator's unit (kd_unit_within), and every
 * directory write carries the proxied-authorisation control, so slapd's
 * ACLs judge it as the administrator (lib/dir.c, docs/LDAP.md).
 * One-time passwords appear only in the answer to the action that made
 * them: never in a log, an audit row or a URL.
 */
#include <ldap.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "csv.h"
#include "db.h"
#include "dir.h"
#include "field.h"
#include "log.h"
#include "resp.h"
#include "serve.h"
#include "session.h"
#include "units.h"

#define PAGE_SIZE 50
#define MAX_BODY (2 * 1024 * 1024)
#define BULK_MAX_ROWS 2000
#define BULK_WINDOW 16             /* directory operations in flight */
#define BULK_AUDIT_BATCH 200       /* audit rows per transaction */
#define PASSWORD_LEN 16
#define PLACES_SHOWN 500
#define UNITS_SHOWN 1000

/* --- statements ------------------------------------------------------------ */

enum {
	ST_PLACE_GET, ST_PLACE_INSERT, ST_PLACES_IN, ST_UNITS_IN,
	ST_SESSIONS_END, ST_FAILURES_CLEAR, ST_COUNT
};

static const char *const sql[ST_COUNT] = {
	[ST_PLACE_GET] = "SELECT kind, commune FROM places WHERE place_id = ?",
	[ST_PLACE_INSERT] = "INSERT INTO places (kind, name, commune, address,"
	    " created_by, created_at) VALUES (?, ?, ?, ?, ?, NOW())",
	/* The places of a subtree ('' = the country): a place's commune is a
	 * commune or an island district, whose rows carry their ancestors. */
	[ST_PLACES_IN] = "SELECT p.place_id, p.kind, p.name, p.commune FROM places p"
	    " JOIN admin_units u ON u.code = p.commune"
	    " WHERE ? = '' OR u.code = ? OR u.district_code = ? OR u.province_code = ?"
	    " ORDER BY p.place_id DESC LIMIT 500",
	/* The units an administrator may pick: its own and those below (the
	 * national administrator: the provinces). */
	[ST_UNITS_IN] = "SELECT code FROM admin_units"
	    " WHERE (? = '' AND level = 'province') OR code = ? OR district_code = ?"
	    " OR province_code = ? ORDER BY code LIMIT 1000",
	/* Disabling, resetting or moving an account ends its sessions. */
	[ST_SESSIONS_END] = "DELETE FROM sessions WHERE uid = ?",
	[ST_FAILURES_CLEAR] = "DELETE FROM login_failures WHERE uid = ?",
};

/* --- fields ------------------------------------------------------------------ */

static const char *const roles[] = { "admin", "police", "officer", "venue", NULL };
static const char *const kinds[] = { "checkpoint", "venue", NULL };

enum { Q_Q, Q_PAGE, Q_COUNT };
static const struct kd_field query_fields[Q_COUNT] = {
	[Q_Q] = { "q", kd_v_text, 0, 0, 64, NULL },
	[Q_PAGE] = { "page", kd_v_int, 0, 1, 100000, NULL },
};

enum { C_UID, C_FULL_NAME, C_ROLE, C_UNIT, C_PLACE_ID, C_COUNT };
static const struct kd_field create_fields[C_COUNT] = {
	[C_UID] = { "uid", kd_v_uid, KD_REQUIRED, 0, 0, NULL },
	[C_FULL_NAME] = { "full_name", kd_v_person_name, KD_REQUIRED, 0, 0, NULL },
	[C_ROLE] = { "role", kd_v_choice, KD_REQUIRED, 0, 0, roles },
	[C_UNIT] = { "unit", kd_v_unit, KD_REQUIRED, 0, 0, NULL },
	[C_PLACE_ID] = { "place_id", kd_v_int, 0, 1, 1000000000000L, NULL },
};

enum { U_UID, U_COUNT };
static const struct kd_field uid_fields[U_COUNT] = {
	[U_UID] = { "uid", kd_v_uid, KD_REQUIRED, 0, 0, NULL },
};

enum { P_KIND, P_NAME, P_COMMUNE, P_ADDRESS, P_COUNT };
static const struct kd_field place_fields[P_COUNT] = {
	[P_KIND] = { "kind", kd_v_choice, KD_REQUIRED, 0, 0, kinds },
	[P_NAME] = { "name", kd_v_text, KD_REQUIRED, 2, 200, NULL },
	[P_COMMUNE] = { "commune", kd_v_commune, KD_REQUIRED, 0, 0, NULL },
	[P_ADDRESS] = { "address", kd_v_text, 0, 0, 255, NULL },
};

enum { A_UID, A_PLACE_ID, A_COUNT };
static const struct kd_field assign_fields[A_COUNT] = {
	[A_UID] = { "uid", kd_v_uid, KD_REQUIRED, 0, 0, NULL },
	[A_PLACE_ID] = { "place_id", kd_v_int, KD_REQUIRED, 1, 1000000000000L, NULL },
};

enum { B_CSV, B_COUNT };
static const struct kd_field bulk_fields[B_COUNT] = {
	[B_CSV] = { "csv", kd_v_multiline, KD_REQUIRED, 0, MAX_BODY, NULL },
};

/* --- the request's context ------------------------------------------------------ */

struct action;

struct bulk_created { size_t line; const char *uid, *password; };
struct bulk_error { size_t line; const char *field, *message; };

struct result {
	int status;                 /* 200 or 201 */
	const char *message;        /* for the page */
	const char *uid;            /* JSON "uid" when set */
	const char *password;       /* the one-time password, when made */
	long long place_id;         /* JSON "place_id" when > 0 */
	int disabled;               /* JSON "disabled": -1 = not sent */
	struct bulk_created *created;
	size_t ncreated;
	struct bulk_error *errors;
	size_t nerrors;
	int bulk;
};

struct ctx {
	struct kd_req *r;
	struct kd_account actor;    /* the administrator, as the directory has it */
	const struct action *act;   /* NULL for GET */
	struct kd_values vals;
};

typedef void (*action_fn)(struct ctx *c);

struct action {
	const char *name;
	const struct kd_field *fields;
	size_t nfields;
	action_fn run;
};

static void act_create(struct ctx *c);
static void act_disable(struct ctx *c);
static void act_enable(struct ctx *c);
static void act_reset(struct ctx *c);
static void act_create_place(struct ctx *c);
static void act_assign_place(struct ctx *c);
static void act_bulk(struct ctx *c);

static const struct action actions[] = {
	{ "create", create_fields, C_COUNT, act_create },
	{ "disable", uid_fields, U_COUNT, act_disable },
	{ "enable", uid_fields, U_COUNT, act_enable },
	{ "reset_password", uid_fields, U_COUNT, act_reset },
	{ "create_place", place_fields, P_COUNT, act_create_place },
	{ "assign_place", assign_fields, A_COUNT, act_assign_place },
	{ "bulk_create", bulk_fields, B_COUNT, act_bulk },
};

/* Messages next to a field (Vietnamese; never with request data). */
#define M_OUTSIDE_UNIT "Đơn vị nằm ngoài phạm vi quản lý của bạn."
#define M_OUTSIDE_ACCOUNT "Tài khoản nằm ngoài phạm vi quản lý của bạn."
#define M_OUTSIDE_PLACE "Địa điểm nằm ngoài phạm vi quản lý của bạn."
#define M_SELF "Không thể thao tác trên tài khoản của chính bạn."
#define M_NO_ACCOUNT "Không có tài khoản này."
#define M_NO_PLACE "Không có địa điểm này."
#define M_NEED_PLACE "Tài khoản cán bộ chốt và nhân viên điểm quét cần mã địa điểm."
#define M_NO_PLACE_ROLE "Chỉ tài khoản cán bộ chốt và nhân viên điểm quét mới gắn địa điểm."
#define M_PLACE_KIND "Cán bộ chốt cần một chốt kiểm soát; nhân viên điểm quét cần một điểm quét."
#define M_UID_TAKEN "Tên đăng nhập đã có người dùng."
#define M_DIR_REFUSED "Thư mục tài khoản từ chối thao tác này (ngoài phạm vi quản lý)."
#define M_DIR_FAILED "Lỗi hệ thống, dòng này chưa được tạo. Hãy gửi lại."
#define M_ROLE "Vai trò phải là admin, police, officer hoặc venue."

/* --- helpers ------------------------------------------------------------------- */

/* 16 characters from an alphabet without look-alikes (no 0 O o 1 l I i):
 * about 92 bits.  Administrators skip slapd's quality checks, so the
 * length is ours to keep (docs/LDAP.md, ppolicy quirk 2). */
static char *new_password(struct kd_req *r)
{
	static const char alphabet[] =
	    "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
	char *pw = kd_alloc(&r->arena, PASSWORD_LEN + 1);
	size_t i;

	if (pw == NULL)
		return NULL;
	for (i = 0; i < PASSWORD_LEN; i++)
		pw[i] = alphabet[randombytes_uniform(sizeof(alphabet) - 1)];
	pw[PASSWORD_LEN] = '\0';
	return pw;
}

static int is_place_role(const char *role)
{
	return strcmp(role, "officer") == 0 || strcmp(role, "venue") == 0;
}

static const char *role_name(const char *role)
{
	if (strcmp(role, "admin") == 0)
		return "Quản trị viên";
	if (strcmp(role, "police") == 0)
		return "Công an xã/phường";
	if (strcmp(role, "officer") == 0)
		return "Cán bộ chốt kiểm soát";
	if (strcmp(role, "venue") == 0)
		return "Nhân viên điểm quét";
	return role;
}

/* A directory answer to a write, as the error to send. */
static enum kd_err dir_error(int rc)
{
	switch (rc) {
	case LDAP_INSUFFICIENT_ACCESS:
	case LDAP_NO_SUCH_OBJECT:
	case LDAP_X_PROXY_AUTHZ_FAILURE:
		return KD_E_FORBIDDEN;
	case LDAP_CONSTRAINT_VIOLATION:
	case LDAP_ALREADY_EXISTS:
		return KD_E_CONFLICT;
	default:
		return KD_E_UNAVAILABLE;
	}
}

static void end_sessions(const char *uid)
{
	struct kd_param p[1] = { KD_STR(uid) };

	kd_db_exec(ST_SESSIONS_END, p, 1);
	/* After the DELETE (autocommit, outside any transaction): the workers
	 * of every program on this host drop their cached copies at once. */
	kd_session_revoke_all();
}

static void clear_failures(const char *uid)
{
	struct kd_param p[1] = { KD_STR(uid) };

	kd_db_exec(ST_FAILURES_CLEAR, p, 1);
}

/* Checks a place for an account of role: NULL when it may be used, else
 * the message, and *err the error (400 unknown or wrong kind, 403 outside
 * the administrator's subtree, 503 database). */
static const char *check_place(const struct ctx *c, long long place_id,
    const char *role, enum kd_err *err)
{
	char kind[16], commune[8];
	struct kd_col cols[2] = { KD_COL(kind), KD_COL(commune) };
	struct kd_param p[1] = { KD_INT(place_id) };
	int rc = kd_db_row(ST_PLACE_GET, p, 1, cols, 2);

	*err = KD_E_INVALID_FIELDS;
	if (rc < 0) {
		*err = KD_E_UNAVAILABLE;
		return M_DIR_FAILED;
	}
	if (rc == 0)
		return M_NO_PLACE;
	if (!kd_unit_within(commune, c->actor.unit)) {
		*err = KD_E_FORBIDDEN;
		return M_OUTSIDE_PLACE;
	}
	if ((strcmp(role, "officer") == 0) != (strcmp(kind, "checkpoint") == 0))
		return M_PLACE_KIND;
	return NULL;
}

/* --- the page ------------------------------------------------------------------- */

/* The accounts list of the page: q and page from the query. */
static int list_accounts(struct ctx *c, const char *q, long page,
    struct kd_account **out, size_t *n, size_t *total)
{
	char base[400];

	*out = kd_alloc(&c->r->arena, PAGE_SIZE * sizeof(**out));
	if (*out == NULL || kd_dir_unit_dn(c->actor.unit, base, sizeof(base)) != 0)
		return -1;
	return kd_dir_search_accounts(base, q, c->actor.dn,
	    (size_t)(page - 1) * PAGE_SIZE, PAGE_SIZE, *out, n, total);
}

static void hdf_list(HDF *hdf, const char *prefix, size_t i, const char *key,
    const char *value)
{
	char name[96];

	snprintf(name, sizeof(name), "%s.%zu.%s", prefix, i, key);
	kd_hdf_set(hdf, name, value);
}

static void hdf_list_int(HDF *hdf, const char *prefix, size_t i, const char *key,
    long long value)
{
	char num[32];

	snprintf(num, sizeof(num), "%lld", value);
	hdf_list(hdf, prefix, i, key, num);
}

/* The units and places an administrator may pick, for the forms. */
static void hdf_choices(HDF *hdf, const struct ctx *c)
{
	const char *u = c->actor.unit;
	struct kd_param p[4] = { KD_STR(u), KD_STR(u), KD_STR(u), KD_STR(u) };
	char code[8], id[24], kind[16], name[256], commune[8];
	struct kd_col ucols[1] = { KD_COL(code) };
	struct kd_col pcols[4] = { KD_COL(id), KD_COL(kind), KD_COL(name), KD_COL(commune) };
	const char *display;
	size_t i = 0;

	if (kd_db_exec(ST_UNITS_IN, p, 4) >= 0) {
		while (i < UNITS_SHOWN && kd_db_fetch(ST_UNITS_IN, ucols, 1) == 1) {
			display = kd_unit_display(code);
			hdf_list(hdf, "Units", i, "code", code);
			hdf_list(hdf, "Units", i, "name", display ? display : "");
			i++;
		}
		kd_db_done(ST_UNITS_IN);
	}
	i = 0;
	if (kd_db_exec(ST_PLACES_IN, p, 4) >= 0) {
		while (i < PLACES_SHOWN && kd_db_fetch(ST_PLACES_IN, pcols, 4) == 1) {
			display = kd_unit_display(commune);
			hdf_list(hdf, "Places", i, "id", id);
			hdf_list(hdf, "Places", i, "kind", kind);
			hdf_list(hdf, "Places", i, "name", name);
			hdf_list(hdf, "Places", i, "commune", commune);
			hdf_list(hdf, "Places", i, "commune_name", display ? display : "");
			i++;
		}
		kd_db_done(ST_PLACES_IN);
	}
	kd_hdf_set_int(hdf, "PlacesCount", (long long)i);
}

static void hdf_result(HDF *hdf, const struct result *res)
{
	size_t i;

	kd_hdf_set(hdf, "Result.message", res->message);
	if (res->uid != NULL)
		kd_hdf_set(hdf, "Result.uid", res->uid);
	if (res->password != NULL)
		kd_hdf_set(hdf, "Result.password", res->password);
	if (res->place_id > 0)
		kd_hdf_set_int(hdf, "Result.place_id", res->place_id);
	if (!res->bulk)
		return;
	kd_hdf_set(hdf, "Result.bulk", "1");
	kd_hdf_set_int(hdf, "Result.ncreated", (long long)res->ncreated);
	kd_hdf_set_int(hdf, "Result.nerrors", (long long)res->nerrors);
	for (i = 0; i < res->ncreated; i++) {
		hdf_list_int(hdf, "Result.created", i, "line", (long long)res->created[i].line);
		hdf_list(hdf, "Result.created", i, "uid", res->created[i].uid);
		hdf_list(hdf, "Result.created", i, "password", res->created[i].password);
	}
	for (i = 0; i < res->nerrors; i++) {
		hdf_list_int(hdf, "Result.errors", i, "line", (long long)res->errors[i].line);
		hdf_list(hdf, "Result.errors", i, "field", res->errors[i].field);
		hdf_list(hdf, "Result.errors", i, "message", res->errors[i].message);
	}
}

/*
 * The HTML page: the result of an action (res, may be NULL), an alert, the
 * list (q, page) and one form per action; the form of a refused action
 * keeps its values and shows its errors.
 */
static void show_page(struct ctx *c, int status, const char *alert,
    const struct result *res, const char *q, long page)
{
	struct kd_account *list = NULL;
	size_t n = 0, total = 0, i;
	char prefix[48];
	HDF *hdf = kd_hdf_new(c->r);

	if (hdf == NULL) {
		kd_reply_page(c->r, 500, "admin-accounts.cs", NULL);
		return;
	}
	kd_hdf_set(hdf, "Admin.unit", c->actor.unit);
	kd_hdf_set(hdf, "Admin.unit_name", kd_unit_display(c->actor.unit));
	if (alert != NULL)
		kd_hdf_set(hdf, "Alert", alert);
	if (c->act != NULL) {
		/* A refused form comes back as it was sent; a done one empty. */
		snprintf(prefix, sizeof(prefix), "Form.%s", c->act->name);
		if (res == NULL)
			kd_hdf_form(hdf, prefix, c->act->fields, c->act->nfields, &c->vals);
		kd_hdf_set(hdf, "Open", c->act->name);
	}
	if (res != NULL)
		hdf_result(hdf, res);
	kd_hdf_set(hdf, "Query.q", q);
	if (list_accounts(c, q, page, &list, &n, &total) != 0) {
		kd_hdf_set(hdf, "ListFailed", "1");
		n = 0;
	}
	for (i = 0; i < n; i++) {
		const struct kd_account *a = &list[i];
		const char *state = a->lock_permanent ? "Đã khoá" :
		    a->disabled ? "Tạm khoá (sai mật khẩu)" :
		    a->must_change ? "Chờ đổi mật khẩu" : "Đang dùng";

		hdf_list(hdf, "Accounts", i, "uid", a->uid);
		hdf_list(hdf, "Accounts", i, "full_name", a->full_name);
		hdf_list(hdf, "Accounts", i, "role", role_name(a->role));
		hdf_list(hdf, "Accounts", i, "unit", a->unit[0] ? a->unit : "—");
		hdf_list(hdf, "Accounts", i, "unit_name", kd_unit_display(a->unit));
		if (a->place_id > 0)
			hdf_list_int(hdf, "Accounts", i, "place_id", a->place_id);
		hdf_list(hdf, "Accounts", i, "state", state);
		if (a->lock_permanent)
			hdf_list(hdf, "Accounts", i, "disabled", "1");
	}
	kd_hdf_set_int(hdf, "List.total", (long long)total);
	kd_hdf_set_int(hdf, "List.page", page);
	if (page > 1)
		kd_hdf_set_int(hdf, "List.prev", page - 1);
	if ((size_t)page * PAGE_SIZE < total)
		kd_hdf_set_int(hdf, "List.next", page + 1);
	hdf_choices(hdf, c);
	kd_reply_page(c->r, status, "admin-accounts.cs", hdf);
}

/* --- answers --------------------------------------------------------------------- */

/* A refusal: field (an index into the action's fields, or -1) gets msg. */
static void refuse(struct ctx *c, enum kd_err e, int field, const char *msg)
{
	if (field >= 0 && c->act != NULL && (size_t)field < c->act->nfields &&
	    c->vals.error[field] == NULL) {
		c->vals.error[field] = msg;
		c->vals.nerrors++;
	}
	if (c->r->want_json || e == KD_E_UNAVAILABLE || e == KD_E_SERVER) {
		kd_reply_error(c->r, e, c->act ? c->act->fields : NULL,
		    c->act ? c->act->nfields : 0, &c->vals);
		return;
	}
	show_page(c, kd_err_status(e), kd_err_message(e), NULL, NULL, 1);
}

static void reply_result(struct ctx *c, const struct result *res)
{
	struct kd_json j;
	size_t i;

	if (!c->r->want_json) {
		/* The list shows the account just acted on, in its new state. */
		show_page(c, res->status, NULL, res, res->uid, 1);
		return;
	}
	kd_json_init(&j);
	kd_json_obj(&j);
	if (res->bulk) {
		kd_json_key(&j, "created");
		kd_json_arr(&j);
		for (i = 0; i < res->ncreated; i++) {
			kd_json_obj(&j);
			kd_json_kint(&j, "line", (long long)res->created[i].line);
			kd_json_kstr(&j, "uid", res->created[i].uid);
			kd_json_kstr(&j, "password", res->created[i].password);
			kd_json_obj_end(&j);
		}
		kd_json_arr_end(&j);
		kd_json_key(&j, "errors");
		kd_json_arr(&j);
		for (i = 0; i < res->nerrors; i++) {
			kd_json_obj(&j);
			kd_json_kint(&j, "line", (long long)res->errors[i].line);
			kd_json_kstr(&j, "field", res->errors[i].field);
			kd_json_kstr(&j, "message", res->errors[i].message);
			kd_json_obj_end(&j);
		}
		kd_json_arr_end(&j);
	}
	if (res->uid != NULL)
		kd_json_kstr(&j, "uid", res->uid);
	if (res->password != NULL)
		kd_json_kstr(&j, "password", res->password);
	if (res->place_id > 0)
		kd_json_kint(&j, "place_id", res->place_id);
	if (res->disabled >= 0)
		kd_json_kbool(&j, "disabled", res->disabled);
	kd_json_obj_end(&j);
	kd_reply_json(c->r, res->status, &j);
}

/* --- who is asking -------------------------------------------------------------- */

/* The administrator as the directory has it now: a session outlives a
 * disable, and the directory's unit is the one slapd judges by.
 * 0 go on; -1 answered. */
static int load_actor(struct ctx *c)
{
	int rc;

	if (kd_session_require(c->r, KD_ROLE_ADMIN) != 0)
		return -1;
	rc = kd_dir_find(c->r->session.uid, &c->actor);
	if (rc < 0) {
		kd_reply_error(c->r, KD_E_UNAVAILABLE, NULL, 0, NULL);
		return -1;
	}
	if (rc == 0 || strcmp(c->actor.role, "admin") != 0 || c->actor.disabled ||
	    c->actor.must_change) {
		kd_reply_error(c->r, KD_E_FORBIDDEN, NULL, 0, NULL);
		return -1;
	}
	return 0;
}

/* The account named by field idx, in the administrator's subtree and not
 * the administrator itself.  0 go on; -1 answered. */
static int load_target(struct ctx *c, int idx, struct kd_account *t)
{
	int rc = kd_dir_find(c->vals.v[idx], t);

	if (rc < 0) {
		refuse(c, KD_E_UNAVAILABLE, -1, NULL);
		return -1;
	}
	if (rc == 0) {
		refuse(c, KD_E_NOT_FOUND, idx, M_NO_ACCOUNT);
		return -1;
	}
	if (strcmp(t->dn, c->actor.dn) == 0) {
		refuse(c, KD_E_FORBIDDEN, idx, M_SELF);
		return -1;
	}
	if (!kd_unit_within(t->unit, c->actor.unit)) {
		refuse(c, KD_E_FORBIDDEN, idx, M_OUTSIDE_ACCOUNT);
		return -1;
	}
	return 0;
}

/* Audit row and directory write in one step: the row is written in a
 * transaction that commits only when the write succeeded, so there is no
 * action without its row (and no row without its action, unless the
 * commit itself fails, which is logged).  0 ok; -1 no audit possible. */
static int audit_begin(struct ctx *c, const char *action, const char *kind,
    const char *target, const char *detail)
{
	if (kd_db_begin() != 0)
		return -1;
	if (kd_audit(c->r, action, kind, target, detail) != 0) {
		kd_db_rollback();
		return -1;
	}
	return 0;
}

static void audit_end(int ok)
{
	if (!ok) {
		kd_db_rollback();
		return;
	}
	if (kd_db_commit() != 0)
		kd_log("audit: commit after a directory write failed");
}

/* --- actions ---------------------------------------------------------------------- */

/* create: uid, full_name, role, unit, place_id (officer and venue only). */
static void act_create(struct ctx *c)
{
	const char *uid = c->vals.v[C_UID], *role = c->vals.v[C_ROLE];
	const char *unit = c->vals.v[C_UNIT], *msg;
	long long place_id = c->vals.v[C_PLACE_ID] ? strtoll(c->vals.v[C_PLACE_ID], NULL, 10) : 0;
	char unit_dn[400], dn[400], *detail, *pw;
	struct result res = { .status = 201, .disabled = -1 };
	enum kd_err err;
	int rc;

	if (!kd_unit_within(unit, c->actor.unit)) {
		refuse(c, KD_E_FORBIDDEN, C_UNIT, M_OUTSIDE_UNIT);
		return;
	}
	if (is_place_role(role) && place_id == 0) {
		refuse(c, KD_E_INVALID_FIELDS, C_PLACE_ID, M_NEED_PLACE);
		return;
	}
	if (!is_place_role(role) && place_id != 0) {
		refuse(c, KD_E_INVALID_FIELDS, C_PLACE_ID, M_NO_PLACE_ROLE);
		return;
	}
	if (place_id != 0 && (msg = check_place(c, place_id, role, &err)) != NULL) {
		refuse(c, err, C_PLACE_ID, msg);
		return;
	}
	pw = new_password(c->r);
	detail = kd_asprintf(&c->r->arena, "%s %s %lld", role, unit, place_id);
	if (pw == NULL || detail == NULL ||
	    kd_dir_unit_dn(unit, unit_dn, sizeof(unit_dn)) != 0) {
		refuse(c, KD_E_SERVER, -1, NULL);
		return;
	}
	if (audit_begin(c, "account_create", "account", uid, detail) != 0) {
		refuse(c, KD_E_UNAVAILABLE, -1, NULL);
		return;
	}
	/* One add with the password and pwdReset TRUE: the first login
	 * must change it (docs/ACCOUNTS.md says why not add + modify). */
	rc = kd_dir_add_account(c->actor.dn, unit_dn, uid, c->vals.v[C_FULL_NAME],
	    role, place_id, pw, dn, sizeof(dn));
	audit_end(rc == LDAP_SUCCESS);
	if (rc != LDAP_SUCCESS) {
		err = dir_error(rc);
		if (err == KD_E_UNAVAILABLE)
			kd_log("create: directory answered %d", rc);
		refuse(c, err, err == KD_E_CONFLICT ? C_UID : C_UNIT,
		    err == KD_E_CONFLICT ? M_UID_TAKEN : M_DIR_REFUSED);
		return;
	}
	res.message = "Đã tạo tài khoản.";
	res.uid = uid;
	res.password = pw;
	reply_result(c, &res);
}

/* disable, enable: uid.  A disabled account keeps its entry and its
 * password; ppolicy refuses its binds (pwdAccountLockedTime). */
static void set_disabled(struct ctx *c, int disable)
{
	struct kd_account t;
	struct result res = { .status = 200 };
	int rc;

	if (load_target(c, U_UID, &t) != 0)
		return;
	if (audit_begin(c, disable ? "account_disable" : "account_enable", "account",
	    t.uid, t.role) != 0) {
		refuse(c, KD_E_UNAVAILABLE, -1, NULL);
		return;
	}
	rc = kd_dir_replace_as(c->actor.dn, t.dn, "pwdAccountLockedTime",
	    disable ? KD_DIR_DISABLED : NULL);
	audit_end(rc == LDAP_SUCCESS);
	if (rc != LDAP_SUCCESS) {
		refuse(c, dir_error(rc), U_UID, M_DIR_REFUSED);
		return;
	}
	/* Disabling takes effect at once; enabling also lifts our own
	 * lock-out counter. */
	if (disable)
		end_sessions(t.uid);
	else
		clear_failures(t.uid);
	res.message = disable ? "Đã khoá tài khoản." : "Đã mở khoá tài khoản.";
	res.uid = t.uid;
	res.disabled = disable;
	reply_result(c, &res);
}

static void act_disable(struct ctx *c)
{
	set_disabled(c, 1);
}

static void act_enable(struct ctx *c)
{
	set_disabled(c, 0);
}

/* reset_password: uid.  A new one-time password (changed at the next
 * login).  slapd 2.5.13 removes pwdAccountLockedTime on an administrator's
 * password change, so a disabled account is locked again at once and
 * stays disabled (docs/LDAP.md, ppolicy quirk 1). */
static void act_reset(struct ctx *c)
{
	struct kd_account t;
	struct result res = { .status = 200 };
	char *pw = new_password(c->r);
	int rc, relock = LDAP_SUCCESS, tries;

	if (pw == NULL) {
		refuse(c, KD_E_SERVER, -1, NULL);
		return;
	}
	if (load_target(c, U_UID, &t) != 0)
		return;
	if (audit_begin(c, "account_reset_password", "account", t.uid,
	    t.lock_permanent ? "disabled" : "") != 0) {
		refuse(c, KD_E_UNAVAILABLE, -1, NULL);
		return;
	}
	rc = kd_dir_set_password_as(c->actor.dn, t.dn, pw);
	if (rc == LDAP_SUCCESS && t.lock_permanent) {
		for (tries = 0; tries < 3; tries++) {
			relock = kd_dir_replace_as(c->actor.dn, t.dn,
			    "pwdAccountLockedTime", KD_DIR_DISABLED);
			if (relock == LDAP_SUCCESS)
				break;
		}
	}
	audit_end(rc == LDAP_SUCCESS);
	if (rc != LDAP_SUCCESS) {
		refuse(c, dir_error(rc), U_UID, M_DIR_REFUSED);
		return;
	}
	end_sessions(t.uid);
	if (relock != LDAP_SUCCESS) {
		/* The account is enabled with a password nobody was told:
		 * unusable, and the administrator sees the failure. */
		kd_log("reset: could not disable %s again (%d)", t.uid, relock);
		refuse(c, KD_E_UNAVAILABLE, -1, NULL);
		return;
	}
	if (!t.lock_permanent)
		clear_failures(t.uid);
	res.message = t.lock_permanent ?
	    "Đã cấp lại mật khẩu. Tài khoản vẫn đang bị khoá." :
	    "Đã cấp lại mật khẩu.";
	res.uid = t.uid;
	res.password = pw;
	res.disabled = t.lock_permanent;
	reply_result(c, &res);
}

/* create_place: kind, name, commune (in the subtree), address. */
static void act_create_place(struct ctx *c)
{
	const char *commune = c->vals.v[P_COMMUNE];
	struct result res = { .status = 201, .disabled = -1 };
	struct kd_param p[5];
	char *target, *detail;
	long long id;

	if (!kd_unit_within(commune, c->actor.unit)) {
		refuse(c, KD_E_FORBIDDEN, P_COMMUNE, M_OUTSIDE_UNIT);
		return;
	}
	p[0] = KD_STR(c->vals.v[P_KIND]);
	p[1] = KD_STR(c->vals.v[P_NAME]);
	p[2] = KD_STR(commune);
	p[3] = KD_STR(c->vals.v[P_ADDRESS] ? c->vals.v[P_ADDRESS] : "");
	p[4] = KD_STR(c->actor.uid);
	if (kd_db_begin() != 0) {
		refuse(c, KD_E_UNAVAILABLE, -1, NULL);
		return;
	}
	if (kd_db_exec(ST_PLACE_INSERT, p, 5) != 1) {
		kd_db_rollback();
		refuse(c, KD_E_UNAVAILABLE, -1, NULL);
		return;
	}
	id = (long long)kd_db_insert_id(ST_PLACE_INSERT);
	target = kd_asprintf(&c->r->arena, "%lld", id);
	detail = kd_asprintf(&c->r->arena, "%s %s", c->vals.v[P_KIND], commune);
	if (target == NULL || detail == NULL ||
	    kd_audit(c->r, "place_create", "place", target, detail) != 0 ||
	    kd_db_commit() != 0) {
		kd_db_rollback();
		refuse(c, KD_E_UNAVAILABLE, -1, NULL);
		return;
	}
	res.message = "Đã tạo địa điểm.";
	res.place_id = id;
	reply_result(c, &res);
}

/* assign_place: uid (an officer or venue account), place_id. */
static void act_assign_place(struct ctx *c)
{
	long long place_id = strtoll(c->vals.v[A_PLACE_ID], NULL, 10);
	struct result res = { .status = 200, .disabled = -1 };
	struct kd_account t;
	enum kd_err err;
	const char *msg;
	char *detail;
	int rc;

	if (load_target(c, A_UID, &t) != 0)
		return;
	if (!is_place_role(t.role)) {
		refuse(c, KD_E_INVALID_FIELDS, A_UID, M_NO_PLACE_ROLE);
		return;
	}
	if ((msg = check_place(c, place_id, t.role, &err)) != NULL) {
		refuse(c, err, A_PLACE_ID, msg);
		return;
	}
	detail = kd_asprintf(&c->r->arena, "%lld", place_id);
	if (detail == NULL ||
	    audit_begin(c, "account_assign_place", "account", t.uid, detail) != 0) {
		refuse(c, KD_E_UNAVAILABLE, -1, NULL);
		return;
	}
	rc = kd_dir_replace_as(c->actor.dn, t.dn, "kdPlaceId", detail);
	audit_end(rc == LDAP_SUCCESS);
	if (rc != LDAP_SUCCESS) {
		refuse(c, dir_error(rc), A_UID, M_DIR_REFUSED);
		return;
	}
	/* A session carries its place: the next login picks up the new one. */
	end_sessions(t.uid);
	res.message = "Đã gán địa điểm cho tài khoản.";
	res.uid = t.uid;
	res.place_id = place_id;
	reply_result(c, &res);
}

/* --- bulk_create -------------------------------------------------------------------- */

enum { COL_UID, COL_FULL_NAME, COL_ROLE, COL_UNIT, COL_PLACE_ID, NCOLS };
struct bulk_row {
	size_t line;
	char *col[NCOLS];
	long long place_id;
	int bad;
};

struct bulk {
	struct ctx *c;
	struct bulk_row *rows;
	size_t nrows;
	struct bulk_error *errors;
	size_t nerrors, cap_errors;
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

/* Cuts the text into rows.  0 ok; -1 answered (bad header, too many). */
static int bulk_parse(struct bulk *b, char *text)
{
	char *line = text, *next, *cols[NCOLS + 1];
	size_t lineno = 0, max_rows = 1;
	int n, i;

	for (next = text; (next = strchr(next, '\n')) != NULL; next++)
		max_rows++;
	b->rows = kd_alloc(&b->c->r->arena, max_rows * sizeof(*b->rows));
	b->cap_errors = max_rows * NCOLS + 1;
	b->errors = kd_alloc(&b->c->r->arena, b->cap_errors * sizeof(*b->errors));
	if (b->rows == NULL || b->errors == NULL) {
		refuse(b->c, KD_E_SERVER, -1, NULL);
		return -1;
	}
	if (strncmp(line, "\xEF\xBB\xBF", 3) == 0)      /* a spreadsheet's BOM */
		line += 3;
	for (; line != NULL; line = next) {
		next = strchr(line, '\n');
		if (next != NULL)
			*next++ = '\0';
		lineno++;
		if (line[0] != '\0' && line[strlen(line) - 1] == '\r')
			line[strlen(line) - 1] = '\0';
		if (lineno == 1) {
			if (strcmp(trim(line), "uid,full_name,role,unit,place_id") != 0) {
				refuse(b->c, KD_E_INVALID_FIELDS, B_CSV,
				    "Dòng đầu phải là: uid,full_name,role,unit,place_id");
				return -1;
			}
			continue;
		}
		if (trim(line)[0] == '\0')
			continue;
		if (b->nrows == BULK_MAX_ROWS) {
			refuse(b->c, KD_E_INVALID_FIELDS, B_CSV,
			    "Mỗi lần tải lên tối đa 2000 tài khoản.");
			return -1;
		}
		struct bulk_row *row = &b->rows[b->nrows++];

		memset(row, 0, sizeof(*row));
		row->line = lineno;
		n = kd_csv_split(line, cols, NCOLS + 1);
		if (n == NCOLS - 1)             /* no place_id column at all */
			cols[n++] = "";
		if (n != NCOLS) {
			bulk_fail(b, row, "csv",
			    "Dòng phải có đúng 5 cột: uid,full_name,role,unit,place_id.");
			continue;
		}
		for (i = 0; i < NCOLS; i++)
			row->col[i] = trim(cols[i]);
	}
	return 0;
}

/* Each row's fields, as the create form checks them. */
static void bulk_check_row(struct bulk *b, struct bulk_row *row)
{
	const struct ctx *c = b->c;
	const char *msg, *role = row->col[COL_ROLE], *unit = row->col[COL_UNIT];
	struct kd_field f = { .name = "place_id", .min = 1, .max = 1000000000000L };
	enum kd_err err;

	if ((msg = row->col[COL_UID][0] ? kd_v_uid(row->col[COL_UID], NULL) :
	    "Vui lòng nhập thông tin này.") != NULL)
		bulk_fail(b, row, "uid", msg);
	if ((msg = row->col[COL_FULL_NAME][0] ?
	    kd_v_person_name(row->col[COL_FULL_NAME], NULL) :
	    "Vui lòng nhập thông tin này.") != NULL)
		bulk_fail(b, row, "full_name", msg);
	if (kd_role_bit(role) == 0) {
		bulk_fail(b, row, "role", M_ROLE);
		role = NULL;
	}
	if (unit[0] == '\0' || kd_v_unit(unit, NULL) != NULL)
		bulk_fail(b, row, "unit", "Mã đơn vị hành chính không có trong danh mục.");
	else if (!kd_unit_within(unit, c->actor.unit))
		bulk_fail(b, row, "unit", M_OUTSIDE_UNIT);
	if (row->col[COL_PLACE_ID][0] != '\0') {
		if (kd_v_int(row->col[COL_PLACE_ID], &f) != NULL) {
			bulk_fail(b, row, "place_id", "Mã địa điểm không hợp lệ.");
			return;
		}
		row->place_id = strtoll(row->col[COL_PLACE_ID], NULL, 10);
	}
	if (role == NULL)
		return;
	if (is_place_role(role) && row->place_id == 0)
		bulk_fail(b, row, "place_id", M_NEED_PLACE);
	else if (!is_place_role(role) && row->place_id != 0)
		bulk_fail(b, row, "place_id", M_NO_PLACE_ROLE);
	else if (row->place_id != 0 &&
	    (msg = check_place(c, row->place_id, role, &err)) != NULL)
		bulk_fail(b, row, "place_id", msg);
}

static int cmp_row_uid(const void *a, const void *b)
{
	const struct bulk_row *x = *(struct bulk_row *const *)a;
	const struct bulk_row *y = *(struct bulk_row *const *)b;
	int d = strcmp(x->col[COL_UID], y->col[COL_UID]);

	return d != 0 ? d : (x->line > y->line) - (x->line < y->line);
}

/* A uid twice in the file: the first line wins, the others are errors. */
static int bulk_duplicates(struct bulk *b)
{
	struct bulk_row **by_uid;
	size_t i, n = 0;

	by_uid = kd_alloc(&b->c->r->arena, (b->nrows + 1) * sizeof(*by_uid));
	if (by_uid == NULL)
		return -1;
	for (i = 0; i < b->nrows; i++)
		if (b->rows[i].col[COL_UID] != NULL && b->rows[i].col[COL_UID][0])
			by_uid[n++] = &b->rows[i];
	qsort(by_uid, n, sizeof(*by_uid), cmp_row_uid);
	for (i = 1; i < n; i++) {
		if (strcmp(by_uid[i]->col[COL_UID], by_uid[i - 1]->col[COL_UID]) != 0)
			continue;
		bulk_fail(b, by_uid[i], "uid", kd_asprintf(&b->c->r->arena,
		    "Tên đăng nhập trùng với dòng %zu.", by_uid[i - 1]->line));
		by_uid[i] = by_uid[i - 1];       /* later copies name the first */
	}
	return 0;
}

static int cmp_error_line(const void *a, const void *b)
{
	const struct bulk_error *x = a, *y = b;

	return (x->line > y->line) - (x->line < y->line);
}

/* bulk_create: csv.  Every row is checked like the create form, then the
 * good rows go to the directory in one pipelined batch; the answer lists
 * the rows created (with their one-time passwords) and every bad row. */
static void act_bulk(struct ctx *c)
{
	struct bulk b = { .c = c };
	struct result res = { .status = 200, .disabled = -1, .bulk = 1 };
	struct kd_dir_new *items;
	struct bulk_row **item_row;
	char *text = kd_strdup(&c->r->arena, c->vals.v[B_CSV]), *unit_dn, *summary;
	size_t i, n = 0, in_txn = 0;
	int rc;

	if (text == NULL) {
		refuse(c, KD_E_SERVER, -1, NULL);
		return;
	}
	if (bulk_parse(&b, text) != 0)
		return;
	for (i = 0; i < b.nrows; i++)
		if (!b.rows[i].bad)
			bulk_check_row(&b, &b.rows[i]);
	items = kd_alloc(&c->r->arena, (b.nrows + 1) * sizeof(*items));
	item_row = kd_alloc(&c->r->arena, (b.nrows + 1) * sizeof(*item_row));
	res.created = kd_alloc(&c->r->arena, (b.nrows + 1) * sizeof(*res.created));
	if (items == NULL || item_row == NULL || res.created == NULL ||
	    bulk_duplicates(&b) != 0) {
		refuse(c, KD_E_SERVER, -1, NULL);
		return;
	}
	for (i = 0; i < b.nrows; i++) {
		struct bulk_row *row = &b.rows[i];

		if (row->bad)
			continue;
		unit_dn = kd_alloc(&c->r->arena, 400);
		items[n].password = new_password(c->r);
		if (unit_dn == NULL || items[n].password == NULL ||
		    kd_dir_unit_dn(row->col[COL_UNIT], unit_dn, 400) != 0) {
			refuse(c, KD_E_SERVER, -1, NULL);
			return;
		}
		items[n].uid = row->col[COL_UID];
		items[n].full_name = row->col[COL_FULL_NAME];
		items[n].role = row->col[COL_ROLE];
		items[n].unit_dn = unit_dn;
		items[n].place_id = row->place_id;
		item_row[n++] = row;
	}
	rc = n > 0 ? kd_dir_add_accounts(c->actor.dn, items, n, BULK_WINDOW) : 0;
	if (rc != 0)
		kd_log("bulk: the directory connection failed during the batch");
	for (i = 0; i < n; i++) {
		struct bulk_row *row = item_row[i];
		char *detail;

		if (items[i].rc == LDAP_SUCCESS) {
			res.created[res.ncreated++] = (struct bulk_created){
			    row->line, items[i].uid, items[i].password };
			/* Audit rows in transactions of BULK_AUDIT_BATCH rows:
			 * one disk flush per batch, not per account. */
			detail = kd_asprintf(&c->r->arena, "%s %s %lld bulk",
			    items[i].role, row->col[COL_UNIT], row->place_id);
			if (in_txn == 0 && kd_db_begin() != 0)
				kd_log("bulk: audit transaction failed");
			if (kd_audit(c->r, "account_create", "account", items[i].uid,
			    detail) != 0)
				kd_log("bulk: audit row for %s failed", items[i].uid);
			if (++in_txn == BULK_AUDIT_BATCH) {
				if (kd_db_commit() != 0)
					kd_log("bulk: audit commit failed");
				in_txn = 0;
			}
			continue;
		}
		if (dir_error(items[i].rc) == KD_E_CONFLICT)
			bulk_fail(&b, row, "uid", M_UID_TAKEN);
		else if (dir_error(items[i].rc) == KD_E_FORBIDDEN)
			bulk_fail(&b, row, "unit", M_DIR_REFUSED);
		else
			bulk_fail(&b, row, "uid", M_DIR_FAILED);
	}
	if (in_txn > 0 && kd_db_commit() != 0)
		kd_log("bulk: audit commit failed");
	qsort(b.errors, b.nerrors, sizeof(*b.errors), cmp_error_line);
	summary = kd_asprintf(&c->r->arena, "rows=%zu created=%zu errors=%zu",
	    b.nrows, res.ncreated, b.nerrors);
	if (kd_audit(c->r, "account_bulk_create", "unit",
	    c->actor.unit[0] ? c->actor.unit : "-", summary) != 0)
		kd_log("bulk: audit summary failed");
	res.errors = b.errors;
	res.nerrors = b.nerrors;
	res.message = kd_asprintf(&c->r->arena,
	    "Đã tạo %zu tài khoản; %zu lỗi.", res.ncreated, b.nerrors);
	reply_result(c, &res);
}

/* --- routes --------------------------------------------------------------------- */

/* GET: the list (q, page) as JSON or the page. */
static void page(struct kd_req *r)
{
	struct ctx c = { .r = r };
	struct kd_values qv;
	struct kd_account *list;
	struct kd_json j;
	size_t n = 0, total = 0, i;
	const char *q;
	long pg;
	int rc;

	if (load_actor(&c) != 0)
		return;
	rc = kd_fields(r, KD_FROM_QUERY, query_fields, Q_COUNT, &qv);
	if (rc < 0) {
		kd_reply_bad_key(r, qv.bad_key);
		return;
	}
	if (rc > 0) {
		kd_reply_error(r, KD_E_INVALID_FIELDS, query_fields, Q_COUNT, &qv);
		return;
	}
	q = qv.v[Q_Q] ? qv.v[Q_Q] : "";
	pg = qv.v[Q_PAGE] ? strtol(qv.v[Q_PAGE], NULL, 10) : 1;
	if (!r->want_json) {
		show_page(&c, 200, NULL, NULL, q, pg);
		return;
	}
	if (list_accounts(&c, q, pg, &list, &n, &total) != 0) {
		kd_reply_error(r, KD_E_UNAVAILABLE, NULL, 0, NULL);
		return;
	}
	kd_json_init(&j);
	kd_json_obj(&j);
	kd_json_key(&j, "accounts");
	kd_json_arr(&j);
	for (i = 0; i < n; i++) {
		kd_json_obj(&j);
		kd_json_kstr(&j, "uid", list[i].uid);
		kd_json_kstr(&j, "full_name", list[i].full_name);
		kd_json_kstr(&j, "role", list[i].role);
		kd_json_kstr(&j, "unit", list[i].unit);
		if (list[i].place_id > 0)
			kd_json_kint(&j, "place_id", list[i].place_id);
		else
			kd_json_kstr(&j, "place_id", NULL);
		kd_json_kbool(&j, "disabled", list[i].lock_permanent);
		kd_json_kbool(&j, "locked", list[i].disabled);
		kd_json_kbool(&j, "must_change", list[i].must_change);
		kd_json_obj_end(&j);
	}
	kd_json_arr_end(&j);
	kd_json_kint(&j, "page", pg);
	kd_json_kbool(&j, "more", (size_t)pg * PAGE_SIZE < total);
	kd_json_kint(&j, "total", (long long)total);
	kd_json_obj_end(&j);
	kd_reply_json(r, 200, &j);
}

/* POST: one action, named by the field action. */
static void post(struct kd_req *r)
{
	static const struct kd_field action_field[1] = { { "action", NULL, 0, 0, 0, NULL } };
	struct ctx c = { .r = r };
	const char *name = NULL;
	size_t i;
	int rc;

	if (load_actor(&c) != 0)
		return;
	for (i = 0; i < r->nbody && name == NULL; i++)
		if (strcmp(r->body[i].key, "action") == 0)
			name = r->body[i].value;
	for (i = 0; name != NULL && i < sizeof(actions) / sizeof(actions[0]); i++)
		if (strcmp(actions[i].name, name) == 0)
			c.act = &actions[i];
	if (c.act == NULL) {
		struct kd_values v;

		memset(&v, 0, sizeof(v));
		v.error[0] = "Thao tác không hợp lệ.";
		v.nerrors = 1;
		kd_reply_error(r, KD_E_INVALID_FIELDS, action_field, 1, &v);
		return;
	}
	rc = kd_fields(r, KD_FROM_BODY, c.act->fields, c.act->nfields, &c.vals);
	if (rc < 0) {
		kd_reply_bad_key(r, c.vals.bad_key);
		return;
	}
	if (rc > 0) {
		refuse(&c, KD_E_INVALID_FIELDS, -1, NULL);
		return;
	}
	c.act->run(&c);
}

static const struct kd_route routes[] = {
	{ "GET", "/admin-accounts", page },
	{ "POST", "/admin-accounts", post },
};

static const struct kd_program program = {
	.name = "admin-accounts",
	.sql = sql,
	.nsql = ST_COUNT,
	.need_db = 1,
	.need_units = 1,
	.need_dir = 1,
	.max_body = MAX_BODY,
	.routes = routes,
	.nroutes = sizeof(routes) / sizeof(routes[0]),
};

int main(int argc, char **argv)
{
	return kd_serve(argc, argv, &program);
}
