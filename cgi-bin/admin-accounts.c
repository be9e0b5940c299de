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
 *        edit_place      place_id, name [, address] -> 200 {"place_id"}
 *        retire_place    place_id -> 200 {"place_id", "retired"}
 *                        (the places: admin-places.c)
 *        assign_place    uid, place_id -> 200 {"uid", "place_id"}
 *        bulk_create     csv (header uid,full_name,role,unit,place_id)
 *                        -> 200 {"created": [{"line", "uid", "password"}],
 *                               "errors": [{"line", "field", "message"}]}
 *   GET  /audit          the audit of the subtree (admin-audit.c)
 *   An account whose role is admin is managed (created, disabled, enabled,
 *   reset, moved) only by an administrator of a unit strictly above its
 *   own, never by a peer of the same unit (403 naming the field; slapd's
 *   ACLs refuse it too).  The page also lists the accounts of the subtree
 *   whose look-ups of citizens were unusually many (lib/quota.h).
 *   401 not logged in; 403 not an administrator, no CSRF token, or a unit,
 *   place or account outside the administrator's subtree; 400 bad fields;
 *   404 no such account; 409 uid taken; 503 directory or database down.
 *
 * The page (issue 19): units and places by name (codes small beside
 * them), each account's last login, per-row actions (disable, enable,
 * reset) that ask first (a page sends confirmed=1 after the question;
 * JSON clients are not asked), a unit or a commune chosen by name
 * (unit_q, commune_q: lib/unitfield.h), and after a bulk upload its
 * one-time passwords as a CSV file the page itself carries (a data: URL
 * made from this answer: the passwords are never stored anywhere).
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

#include "area.h"
#include "audit.h"
#include "admin.h"
#include "db.h"
#include "dir.h"
#include "field.h"
#include "log.h"
#include "resp.h"
#include "serve.h"
#include "session.h"
#include "unitfield.h"
#include "units.h"
#include "vntime.h"

/* Done in the directory, but not everything after it. */
#define M_SESSIONS_LEFT "Đã lưu thay đổi, nhưng chưa kết thúc được các phiên đăng nhập đang mở của tài khoản. Hãy thử lại."
#define M_FAILURES_LEFT "Đã lưu thay đổi, nhưng chưa xoá được bộ đếm đăng nhập sai. Hãy thử lại."

#define PAGE_SIZE 50
#define PASSWORD_LEN 16

_Static_assert(PAGE_SIZE <= NAMES_AT_ONCE, "a page's places and logins in one query");

/* --- statements ------------------------------------------------------------ */

/* "?, ?, ... ?": the NAMES_AT_ONCE ids of a page (unused ones NULL). */
#define IDS10 "?, ?, ?, ?, ?, ?, ?, ?, ?, ?"
#define IDS50 IDS10 ", " IDS10 ", " IDS10 ", " IDS10 ", " IDS10

static const char *sql[ST_COUNT] = {
	[ST_PLACE_GET] = "SELECT kind, commune, retired_at IS NOT NULL FROM places"
	    " WHERE place_id = ?",
	[ST_PLACE_INSERT] = "INSERT INTO places (kind, name, commune, address,"
	    " created_by, created_at) VALUES (?, ?, ?, ?, ?, NOW())",
	[ST_PLACE_UPDATE] = "UPDATE places SET name = ?, address = ? WHERE place_id = ?",
	[ST_PLACE_RETIRE] = "UPDATE places SET retired_at = NOW()"
	    " WHERE place_id = ? AND retired_at IS NULL",
	/* The places of a subtree ('' = the country): a place's commune is a
	 * commune or an island district, whose rows carry their ancestors.
	 * Active ones first. */
	[ST_PLACES_IN] = "SELECT p.place_id, p.kind, p.name, p.commune, p.address,"
	    " p.retired_at IS NOT NULL FROM places p"
	    " JOIN admin_units u ON u.code = p.commune"
	    " WHERE ? = '' OR u.code = ? OR u.district_code = ? OR u.province_code = ?"
	    " ORDER BY p.retired_at IS NOT NULL, p.place_id DESC LIMIT 500",
	[ST_PLACE_NAMES] = "SELECT place_id, name, retired_at IS NOT NULL FROM places"
	    " WHERE place_id IN (" IDS50 ")",
	[ST_LAST_LOGINS] = "SELECT uid, UNIX_TIMESTAMP(last_login_at) FROM account_logins"
	    " WHERE uid IN (" IDS50 ")",
	/* Disabling, resetting or moving an account ends its sessions. */
	[ST_SESSIONS_END] = "DELETE FROM sessions WHERE uid = ?",
	[ST_FAILURES_CLEAR] = "DELETE FROM login_failures WHERE uid = ?",
	/* Accounts of the subtree flagged for their look-ups (lib/quota.h),
	 * the last 7 days. */
	[ST_FLAGS] = "SELECT uid, role, unit, kind, hour, count FROM lookup_flags"
	    " WHERE flagged_at > NOW() - INTERVAL 7 DAY AND " KD_AREA_SQL_UNIT("unit")
	    " ORDER BY hour DESC, count DESC LIMIT 50",
	[ST_AUDIT_LIST] = NULL,        /* admin-audit.c, filled in main */
	[ST_AUDIT_TOTAL] = NULL,
};

/* --- fields ------------------------------------------------------------------ */

enum { Q_Q, Q_PAGE, Q_COUNT };
static const struct kd_field query_fields[Q_COUNT] = {
	[Q_Q] = { .name = "q", .type = KD_T_TEXT, .max = 64 },
	[Q_PAGE] = { .name = "page", .type = KD_T_INT, .min = 1, .max = 100000 },
};

const struct kd_field create_fields[C_FORM_COUNT] = {
	[C_UID] = { .name = "uid", .type = KD_T_UID, .flags = KD_REQUIRED },
	[C_FULL_NAME] = { .name = "full_name", .type = KD_T_PERSON_NAME, .flags = KD_REQUIRED },
	[C_ROLE] = { .name = "role", .type = KD_T_CHOICE, .flags = KD_REQUIRED,
	    .choices = kd_role_names, .message = M_ROLE },
	[C_UNIT] = { .name = "unit", .type = KD_T_UNIT, .flags = KD_REQUIRED },
	[C_PLACE_ID] = { .name = "place_id", .type = KD_T_ID, .max = 1000000000000LL,
	    .message = "Mã địa điểm không hợp lệ." },
	[C_UNIT_Q] = { .name = "unit_q", .type = KD_T_TEXT, .max = 200 },
};

/* disable, enable, reset_password: a page asks first (confirmed). */
enum { U_UID, U_CONFIRMED, U_COUNT };
static const struct kd_field uid_fields[U_COUNT] = {
	[U_UID] = { .name = "uid", .type = KD_T_UID, .flags = KD_REQUIRED },
	[U_CONFIRMED] = { .name = "confirmed", .type = KD_T_FLAG },
};

enum { A_UID, A_PLACE_ID, A_COUNT };
static const struct kd_field assign_fields[A_COUNT] = {
	[A_UID] = { .name = "uid", .type = KD_T_UID, .flags = KD_REQUIRED },
	[A_PLACE_ID] = { .name = "place_id", .type = KD_T_ID, .flags = KD_REQUIRED,
	    .max = 1000000000000LL },
};

const struct kd_field bulk_fields[B_COUNT] = {
	[B_CSV] = { .name = "csv", .type = KD_T_MULTILINE, .flags = KD_REQUIRED, .max = MAX_BODY },
};

/* The create form's unit, chosen by name among the units of every level. */
static const struct kd_unit_field unit_field = { C_UNIT, C_UNIT_Q, KD_UNITS_ANY };

static void settle_create(struct kd_req *r)
{
	kd_unit_field_settle(&r->vals, &unit_field, r->session.unit);
}

/* --- helpers ------------------------------------------------------------------- */

/* 16 characters from an alphabet without look-alikes (no 0 O o 1 l I i):
 * about 92 bits.  Administrators skip slapd's quality checks, so the
 * length is ours to keep (docs/LDAP.md, ppolicy quirk 2). */
char *new_password(struct kd_req *r)
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
	return kd_role_needs_place(kd_role_find(role));
}

/* A directory answer to a write, as the error to send. */
enum kd_err dir_error(int rc)
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

const char *admin_peer(const struct ctx *c, const char *role, const char *unit)
{
	return kd_role_bit(role) == KD_ROLE_ADMIN && strcmp(unit, c->actor.unit) == 0 ?
	    M_ADMIN_PEER : NULL;
}

/* Ends every session of uid.  0 ok, -1 when they could not be ended
 * (the caller must say so: the account may still be in use). */
static int end_sessions(const char *uid)
{
	struct kd_param p[1] = { KD_STR(uid) };

	if (kd_db_exec(ST_SESSIONS_END, p, 1) < 0)
		return -1;
	/* After the DELETE (autocommit, outside any transaction): the workers
	 * of every program on this host drop their cached copies at once. */
	kd_session_revoke_all();
	return 0;
}

/* Lifts our own lock-out counter.  0 ok, -1 database error. */
static int clear_failures(const char *uid)
{
	struct kd_param p[1] = { KD_STR(uid) };

	return kd_db_exec(ST_FAILURES_CLEAR, p, 1) < 0 ? -1 : 0;
}

/* Checks a place for an account of role: NULL when it may be used, else
 * the message, and *err the error (400 unknown or wrong kind, 403 outside
 * the administrator's subtree, 503 database). */
const char *check_place(const struct ctx *c, long long place_id,
    const char *role, enum kd_err *err)
{
	char kind[16], commune[8], gone[4] = "";
	struct kd_col cols[3] = { KD_COL(kind), KD_COL(commune), KD_COL(gone) };
	struct kd_param p[1] = { KD_INT(place_id) };
	int rc = kd_db_row(ST_PLACE_GET, p, 1, cols, 3);

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
	if (!kd_role_place_ok(kd_role_find(role), kind))
		return M_PLACE_KIND;
	if (gone[0] == '1')
		return M_PLACE_RETIRED;
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

void hdf_list(HDF *hdf, const char *prefix, size_t i, const char *key,
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

/* The last login of each of the page's accounts in when[i] ("" =
 * never): ISO 8601 (iso) or as people read it ("15:04 ngày 25/11/2026").
 * 0 ok, -1 database. */
static int last_logins(const struct kd_account *list, size_t n, char when[][40],
    int iso)
{
	char uid[72], at[24];
	struct kd_col cols[2] = { KD_COL(uid), KD_COL(at) };
	struct kd_param p[NAMES_AT_ONCE];
	size_t i;
	int rc;

	for (i = 0; i < NAMES_AT_ONCE; i++) {
		p[i] = i < n ? KD_STR(list[i].uid) : KD_NULLP;
		if (i < n)
			when[i][0] = '\0';
	}
	if (n == 0)
		return 0;
	if (kd_db_exec(ST_LAST_LOGINS, p, NAMES_AT_ONCE) < 0)
		return -1;
	while ((rc = kd_db_fetch(ST_LAST_LOGINS, cols, 2)) == 1)
		for (i = 0; i < n; i++)
			if (strcmp(list[i].uid, uid) == 0 && iso)
				kd_time_iso((time_t)strtoll(at, NULL, 10), when[i]);
			else if (strcmp(list[i].uid, uid) == 0)
				kd_time_vn((time_t)strtoll(at, NULL, 10), when[i]);
	kd_db_done(ST_LAST_LOGINS);
	return rc < 0 ? -1 : 0;
}

static const char *state_of(const struct kd_account *a)
{
	return a->lock_permanent ? "Đã khoá" : a->disabled ? "Tạm khoá (sai mật khẩu)" :
	    a->must_change ? "Chờ đổi mật khẩu" : "Đang dùng";
}

/* The page's accounts: names of their units and places, last logins. */
static void hdf_accounts(HDF *hdf, struct ctx *c, const struct kd_account *list,
    size_t n)
{
	long long ids[PAGE_SIZE];
	const char *places[PAGE_SIZE];
	char when[PAGE_SIZE][40];
	size_t i;

	for (i = 0; i < n; i++)
		ids[i] = list[i].place_id;
	if (place_names(c->r, ids, n, places) != 0 || last_logins(list, n, when, 0) != 0) {
		kd_hdf_set(hdf, "ListFailed", "1");
		return;
	}
	for (i = 0; i < n; i++) {
		const struct kd_account *a = &list[i];

		hdf_list(hdf, "Accounts", i, "uid", a->uid);
		hdf_list(hdf, "Accounts", i, "full_name", a->full_name);
		hdf_list(hdf, "Accounts", i, "role", kd_role_label(a->role));
		hdf_list(hdf, "Accounts", i, "unit", a->unit);
		hdf_list(hdf, "Accounts", i, "unit_name", kd_unit_display(a->unit));
		if (a->place_id > 0) {
			hdf_list_int(hdf, "Accounts", i, "place_id", a->place_id);
			hdf_list(hdf, "Accounts", i, "place_name", places[i]);
		}
		hdf_list(hdf, "Accounts", i, "last_login", when[i]);
		hdf_list(hdf, "Accounts", i, "state", state_of(a));
		if (a->lock_permanent)
			hdf_list(hdf, "Accounts", i, "disabled", "1");
	}
}

/* The one-time passwords of a bulk upload as CSV text (UTF-8 with its
 * byte order mark, for spreadsheets), for the page's download link: the
 * page carries it as a data: URL, so nothing is stored on the server.
 * uids are [a-z0-9._-] and passwords letters and digits: no cell needs
 * quoting or can start a formula. */
static const char *passwords_csv(struct kd_req *r, const struct result *res)
{
	size_t i, cap = 64 + res->ncreated * 112, used;
	char *csv = kd_alloc(&r->arena, cap);

	if (csv == NULL)
		return NULL;
	used = (size_t)snprintf(csv, cap, "\xEF\xBB\xBFline,uid,password\r\n");
	for (i = 0; i < res->ncreated && used < cap; i++)
		used += (size_t)snprintf(csv + used, cap - used, "%zu,%s,%s\r\n",
		    res->created[i].line, res->created[i].uid, res->created[i].password);
	return used < cap ? csv : NULL;
}

static void hdf_result(struct kd_req *r, HDF *hdf, const struct result *res)
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
	if (res->ncreated > 0)
		kd_hdf_set(hdf, "Result.csv", passwords_csv(r, res));
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

/* A refused form comes back as it was sent (its unit chosen by name
 * too); a done one empty. */
static void hdf_action_form(HDF *hdf, struct ctx *c, const struct result *res)
{
	const struct kd_route *rt = c->r->route;
	char prefix[48];

	if (rt->action == NULL)
		return;
	kd_hdf_set(hdf, "Open", rt->action);
	if (res != NULL)
		return;
	snprintf(prefix, sizeof(prefix), "Form.%s", rt->action);
	kd_hdf_form(hdf, prefix, rt->fields, rt->nfields, &c->r->vals);
	if (rt->fields == create_fields)
		kd_unit_field_hdf(hdf, prefix, create_fields, &c->r->vals, &unit_field,
		    c->actor.unit);
	hdf_place_form(hdf, c);
}

/*
 * The HTML page: the result of an action (res, may be NULL), an alert or
 * a question (c->ask), the list (q, page) and one form per action; the
 * form of a refused action keeps its values and shows its errors.
 */
static void show_page(struct ctx *c, int status, const char *alert,
    const struct result *res, const char *q, long page)
{
	struct kd_account *list = NULL;
	size_t n = 0, total = 0;
	HDF *hdf = kd_hdf_new(c->r);

	if (hdf == NULL) {
		kd_reply_page(c->r, 500, "admin-accounts.cs", NULL);
		return;
	}
	kd_hdf_set(hdf, "Admin.unit", c->actor.unit);
	kd_hdf_set(hdf, "Admin.unit_name", kd_unit_display(c->actor.unit));
	if (alert != NULL)
		kd_hdf_set(hdf, "Alert", alert);
	if (c->ask != NULL) {
		kd_hdf_set(hdf, "Confirm.action", c->r->route->action);
		kd_hdf_set(hdf, "Confirm.field", c->ask_field);
		kd_hdf_set(hdf, "Confirm.value", c->ask_value);
		kd_hdf_set(hdf, "Confirm.question", c->ask);
	}
	hdf_action_form(hdf, c, res);
	if (res != NULL)
		hdf_result(c->r, hdf, res);
	kd_hdf_set(hdf, "Query.q", q);
	if (list_accounts(c, q, page, &list, &n, &total) != 0)
		kd_hdf_set(hdf, "ListFailed", "1");
	else
		hdf_accounts(hdf, c, list, n);
	kd_hdf_set_int(hdf, "List.total", (long long)total);
	kd_hdf_set_int(hdf, "List.page", page);
	if (page > 1)
		kd_hdf_set_int(hdf, "List.prev", page - 1);
	if ((size_t)page * PAGE_SIZE < total)
		kd_hdf_set_int(hdf, "List.next", page + 1);
	hdf_places(hdf, c);
	if (hdf_flags(hdf, c) != 0)
		kd_hdf_set(hdf, "FlagsFailed", "1");
	kd_reply_page(c->r, status, "admin-accounts.cs", hdf);
}

void ask_confirmation(struct ctx *c, const char *field, const char *value,
    const char *question)
{
	c->ask_field = field;
	c->ask_value = value;
	c->ask = question != NULL ? question : "Bạn chắc chắn?";
	show_page(c, 200, NULL, NULL, NULL, 1);
}

/* The flagged accounts of the subtree (lib/quota.h): Flags.N.uid / role /
 * unit_name / kind / hour / count. */
int hdf_flags(HDF *hdf, const struct ctx *c)
{
	const char *u = c->actor.unit;
	struct kd_param p[4] = { KD_STR(u), KD_STR(u), KD_STR(u), KD_STR(u) };
	char uid[72] = "", role[24] = "", unit[8] = "", kind[24] = "", hour[24] = "",
	    count[24] = "";
	struct kd_col cols[6] = { KD_COL(uid), KD_COL(role), KD_COL(unit), KD_COL(kind),
	    KD_COL(hour), KD_COL(count) };
	size_t i = 0;
	int rc;

	if (kd_db_exec(ST_FLAGS, p, 4) < 0)
		return -1;
	while ((rc = kd_db_fetch(ST_FLAGS, cols, 6)) == 1) {
		hdf_list(hdf, "Flags", i, "uid", uid);
		hdf_list(hdf, "Flags", i, "role", kd_role_label(role));
		hdf_list(hdf, "Flags", i, "unit_name", unit[0] ? kd_unit_display(unit) : "Toàn quốc");
		hdf_list(hdf, "Flags", i, "kind", strcmp(kind, "registry") == 0 ?
		    "Tra CSDL dân cư (nhập tờ khai giấy)" : "Tra cứu theo số CCCD tại chốt");
		hdf_list(hdf, "Flags", i, "hour", hour);
		hdf_list(hdf, "Flags", i++, "count", count);
	}
	kd_db_done(ST_FLAGS);
	return rc < 0 ? -1 : 0;
}

/* --- answers --------------------------------------------------------------------- */

/* A refusal: field (an index into the action's fields, or -1) gets msg. */
void refuse(struct ctx *c, enum kd_err e, int field, const char *msg)
{
	const struct kd_route *rt = c->r->route;

	if (field >= 0 && rt->action != NULL && (size_t)field < rt->nfields)
		kd_field_fail(&c->r->vals, (size_t)field, msg);
	if (c->r->want_json || e == KD_E_UNAVAILABLE || e == KD_E_SERVER) {
		kd_reply_error(c->r, e, rt->action ? rt->fields : NULL,
		    rt->action ? rt->nfields : 0, &c->r->vals);
		return;
	}
	show_page(c, kd_err_status(e), kd_err_message(e), NULL, NULL, 1);
}

void reply_result(struct ctx *c, const struct result *res)
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
	if (res->retired)
		kd_json_kbool(&j, "retired", 1);
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

	rc = kd_dir_find(c->r->session.uid, &c->actor);
	if (rc < 0) {
		kd_reply_error(c->r, KD_E_UNAVAILABLE, NULL, 0, NULL);
		return -1;
	}
	if (rc == 0 || kd_role_bit(c->actor.role) != KD_ROLE_ADMIN || c->actor.disabled ||
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
	int rc = kd_dir_find(c->r->vals.v[idx], t);

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
	if (admin_peer(c, t->role, t->unit) != NULL) {
		refuse(c, KD_E_FORBIDDEN, idx, M_ADMIN_PEER);
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
	const char *uid = c->r->vals.v[C_UID], *role = c->r->vals.v[C_ROLE];
	const char *unit = c->r->vals.v[C_UNIT], *msg;
	long long place_id = c->r->vals.n[C_PLACE_ID];
	char unit_dn[400], dn[400], *detail, *pw;
	struct result res = { .status = 201, .disabled = -1 };
	enum kd_err err;
	int rc;

	if (!kd_unit_within(unit, c->actor.unit)) {
		refuse(c, KD_E_FORBIDDEN, C_UNIT, M_OUTSIDE_UNIT);
		return;
	}
	if (admin_peer(c, role, unit) != NULL) {
		refuse(c, KD_E_FORBIDDEN, C_UNIT, M_ADMIN_PEER);
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
	rc = kd_dir_add_account(c->actor.dn, unit_dn, uid, c->r->vals.v[C_FULL_NAME],
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
	if (!c->r->want_json && !c->r->vals.n[U_CONFIRMED]) {
		ask_confirmation(c, "uid", t.uid, kd_asprintf(&c->r->arena, disable ?
		    "Khoá tài khoản %s (%s)? Người dùng bị đăng xuất ngay." :
		    "Mở khoá tài khoản %s (%s)?", t.uid, t.full_name));
		return;
	}
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
	 * lock-out counter.  Either not done is said, not hidden. */
	if (disable && end_sessions(t.uid) != 0) {
		refuse(c, KD_E_UNAVAILABLE, U_UID, M_SESSIONS_LEFT);
		return;
	}
	if (!disable && clear_failures(t.uid) != 0) {
		refuse(c, KD_E_UNAVAILABLE, U_UID, M_FAILURES_LEFT);
		return;
	}
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
	if (!c->r->want_json && !c->r->vals.n[U_CONFIRMED]) {
		ask_confirmation(c, "uid", t.uid, kd_asprintf(&c->r->arena,
		    "Cấp lại mật khẩu cho tài khoản %s (%s)? Mật khẩu cũ hết hiệu lực và "
		    "người dùng bị đăng xuất ngay.", t.uid, t.full_name));
		return;
	}
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
	if (end_sessions(t.uid) != 0) {
		refuse(c, KD_E_UNAVAILABLE, U_UID, M_SESSIONS_LEFT);
		return;
	}
	if (relock != LDAP_SUCCESS) {
		/* The account is enabled with a password nobody was told:
		 * unusable, and the administrator sees the failure. */
		kd_log("reset: could not disable %s again (%d)", t.uid, relock);
		refuse(c, KD_E_UNAVAILABLE, -1, NULL);
		return;
	}
	if (!t.lock_permanent && clear_failures(t.uid) != 0) {
		refuse(c, KD_E_UNAVAILABLE, U_UID, M_FAILURES_LEFT);
		return;
	}
	res.message = t.lock_permanent ?
	    "Đã cấp lại mật khẩu. Tài khoản vẫn đang bị khoá." :
	    "Đã cấp lại mật khẩu.";
	res.uid = t.uid;
	res.password = pw;
	res.disabled = t.lock_permanent;
	reply_result(c, &res);
}

/* assign_place: uid (an officer or venue account), place_id. */
static void act_assign_place(struct ctx *c)
{
	long long place_id = c->r->vals.n[A_PLACE_ID];
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
	if (end_sessions(t.uid) != 0) {
		refuse(c, KD_E_UNAVAILABLE, A_UID, M_SESSIONS_LEFT);
		return;
	}
	res.message = "Đã gán địa điểm cho tài khoản.";
	res.uid = t.uid;
	res.place_id = place_id;
	reply_result(c, &res);
}

/* One account of the JSON list, with the names of its unit and place. */
static void account_json(struct kd_json *j, const struct kd_account *a,
    const char *place, const char *last_login)
{
	kd_json_obj(j);
	kd_json_kstr(j, "uid", a->uid);
	kd_json_kstr(j, "full_name", a->full_name);
	kd_json_kstr(j, "role", a->role);
	kd_json_kstr(j, "unit", a->unit);
	kd_json_kstr(j, "unit_name", kd_unit_display(a->unit));
	if (a->place_id > 0)
		kd_json_kint(j, "place_id", a->place_id);
	else
		kd_json_kstr(j, "place_id", NULL);
	kd_json_kstr(j, "place_name", a->place_id > 0 ? place : NULL);
	kd_json_kstr(j, "last_login", last_login[0] ? last_login : NULL);
	kd_json_kbool(j, "disabled", a->lock_permanent);
	kd_json_kbool(j, "locked", a->disabled);
	kd_json_kbool(j, "must_change", a->must_change);
	kd_json_obj_end(j);
}

/* --- routes --------------------------------------------------------------------- */

/* Every route first loads the administrator (load_actor), then runs its
 * action with the fields the route table declares. */
static void run(struct kd_req *r, void (*act)(struct ctx *c))
{
	struct ctx c = { .r = r };

	if (load_actor(&c) == 0)
		act(&c);
}

/* A refused form: the page with the form as sent and its messages. */
static void invalid(struct kd_req *r)
{
	struct ctx c = { .r = r };

	if (load_actor(&c) == 0)
		refuse(&c, KD_E_INVALID_FIELDS, -1, NULL);
}

/* GET: the list (q, page) as JSON or the page. */
static void list(struct ctx *c)
{
	struct kd_req *r = c->r;
	const char *q = r->vals.v[Q_Q] ? r->vals.v[Q_Q] : "";
	long pg = r->vals.v[Q_PAGE] ? (long)r->vals.n[Q_PAGE] : 1;
	struct kd_account *accounts;
	long long ids[PAGE_SIZE];
	const char *places[PAGE_SIZE];
	char when[PAGE_SIZE][40];
	struct kd_json j;
	size_t n = 0, total = 0, i;

	if (!r->want_json) {
		show_page(c, 200, NULL, NULL, q, pg);
		return;
	}
	if (list_accounts(c, q, pg, &accounts, &n, &total) != 0) {
		kd_reply_error(r, KD_E_UNAVAILABLE, NULL, 0, NULL);
		return;
	}
	for (i = 0; i < n; i++)
		ids[i] = accounts[i].place_id;
	if (place_names(r, ids, n, places) != 0 || last_logins(accounts, n, when, 1) != 0) {
		kd_reply_error(r, KD_E_UNAVAILABLE, NULL, 0, NULL);
		return;
	}
	kd_json_init(&j);
	kd_json_obj(&j);
	kd_json_key(&j, "accounts");
	kd_json_arr(&j);
	for (i = 0; i < n; i++)
		account_json(&j, &accounts[i], places[i], when[i]);
	kd_json_arr_end(&j);
	kd_json_kint(&j, "page", pg);
	kd_json_kbool(&j, "more", (size_t)pg * PAGE_SIZE < total);
	kd_json_kint(&j, "total", (long long)total);
	kd_json_obj_end(&j);
	kd_reply_json(r, 200, &j);
}

static void h_list(struct kd_req *r) { run(r, list); }
static void h_create(struct kd_req *r) { run(r, act_create); }
static void h_disable(struct kd_req *r) { run(r, act_disable); }
static void h_enable(struct kd_req *r) { run(r, act_enable); }
static void h_reset(struct kd_req *r) { run(r, act_reset); }
static void h_create_place(struct kd_req *r) { run(r, act_create_place); }
static void h_edit_place(struct kd_req *r) { run(r, act_edit_place); }
static void h_retire_place(struct kd_req *r) { run(r, act_retire_place); }
static void h_assign_place(struct kd_req *r) { run(r, act_assign_place); }
static void h_bulk(struct kd_req *r) { run(r, act_bulk); }
static void h_audit(struct kd_req *r) { run(r, audit_list); }
static void h_audit_invalid(struct kd_req *r) { run(r, audit_invalid); }

#define ACTION(name, table, count, fn) { .method = "POST", \
	.path = "/admin-accounts", .action = name, .roles = KD_ROLE_ADMIN, \
	.fields = table, .nfields = count, .handler = fn, .invalid = invalid }
static const struct kd_route routes[] = {
	{ .method = "GET", .path = "/admin-accounts", .roles = KD_ROLE_ADMIN,
	    .fields = query_fields, .nfields = Q_COUNT, .handler = h_list },
	{ .method = "POST", .path = "/admin-accounts", .action = "create",
	    .roles = KD_ROLE_ADMIN, .fields = create_fields, .nfields = C_FORM_COUNT,
	    .handler = h_create, .invalid = invalid, .settle = settle_create },
	ACTION("disable", uid_fields, U_COUNT, h_disable),
	ACTION("enable", uid_fields, U_COUNT, h_enable),
	ACTION("reset_password", uid_fields, U_COUNT, h_reset),
	{ .method = "POST", .path = "/admin-accounts", .action = "create_place",
	    .roles = KD_ROLE_ADMIN, .fields = place_fields, .nfields = P_COUNT,
	    .handler = h_create_place, .invalid = invalid, .settle = settle_place },
	ACTION("edit_place", edit_place_fields, E_COUNT, h_edit_place),
	ACTION("retire_place", retire_place_fields, R_COUNT, h_retire_place),
	ACTION("assign_place", assign_fields, A_COUNT, h_assign_place),
	ACTION("bulk_create", bulk_fields, B_COUNT, h_bulk),
	{ .method = "GET", .path = "/audit", .roles = KD_ROLE_ADMIN,
	    .fields = audit_fields, .nfields = AUDIT_NFIELDS, .handler = h_audit,
	    .invalid = h_audit_invalid },
};
#undef ACTION

static const struct kd_program program = {
	.name = "admin-accounts",
	.sql = sql,
	.nsql = ST_COUNT,
	.need_db = 1,
	.need_units = 1,
	.open_dir = kd_dir_open,
	.max_body = MAX_BODY,
	.routes = routes,
	.nroutes = KD_NFIELDS(routes),
};

int main(int argc, char **argv)
{
	sql[ST_AUDIT_LIST] = audit_list_sql;
	sql[ST_AUDIT_TOTAL] = audit_total_sql;
	/* It writes accounts and lists them back at once: the provider. */
	kd_dir_use_provider();
	return kd_serve(argc, argv, &program);
}
