/*
 * login - officer sessions.
 *
 *   GET  /login    the login page; JSON: who is logged in (401 if nobody)
 *   POST /login    uid, password [, new_password]: binds to slapd as the
 *                  user; 200 {"uid","role","unit","place_id","csrf"} and
 *                  cookie sid.  401 bad_credentials, 403
 *                  password_change_required / account_disabled, 429
 *                  account_locked after repeated failures.
 *   POST /logout   ends the session (CSRF-checked).
 */
#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "db.h"
#include "dir.h"
#include "field.h"
#include "resp.h"
#include "serve.h"
#include "session.h"

/* Failures within FAIL_WINDOW minutes that lock an account for
 * LOCK_MINUTES.  slapd's ppolicy locks too; this lock answers before the
 * directory is asked at all. */
#define MAX_FAILURES 5
#define LOCK_MINUTES 5

enum { ST_LOCKED, ST_FAIL, ST_CLEAR, ST_COUNT };

static const char *const sql[ST_COUNT] = {
	[ST_LOCKED] = "SELECT 1 FROM login_failures WHERE uid = ? AND locked_until > NOW()",
	/* Assignments run left to right: locked_until sees the new count. */
	[ST_FAIL] = "INSERT INTO login_failures (uid, failures, locked_until, last_failure)"
	    " VALUES (?, 1, NULL, NOW()) ON DUPLICATE KEY UPDATE"
	    " failures = IF(last_failure < NOW() - INTERVAL 15 MINUTE"
	    "   OR (locked_until IS NOT NULL AND locked_until <= NOW()), 1, failures + 1),"
	    " locked_until = IF(failures >= ?, NOW() + INTERVAL ? MINUTE, NULL),"
	    " last_failure = NOW()",
	[ST_CLEAR] = "DELETE FROM login_failures WHERE uid = ?",
};

enum { F_UID, F_PASSWORD, F_NEW_PASSWORD, F_COUNT };

static const struct kd_field login_fields[F_COUNT] = {
	[F_UID] = { "uid", kd_v_uid, KD_REQUIRED, 0, 0, NULL },
	[F_PASSWORD] = { "password", kd_v_password, KD_REQUIRED, 0, 128, NULL },
	[F_NEW_PASSWORD] = { "new_password", kd_v_password, 0, 0, 128, NULL },
};

/* Where each role starts its work after logging in. */
static const char *home_of(const char *role)
{
	if (strcmp(role, "officer") == 0 || strcmp(role, "venue") == 0)
		return "/verify";
	if (strcmp(role, "police") == 0)
		return "/f-status";
	if (strcmp(role, "admin") == 0)
		return "/admin-accounts";
	return "/";
}

static void reply_session(struct kd_req *r, int status)
{
	struct kd_json j;

	if (!r->want_json) {
		kd_reply_redirect(r, home_of(r->session.role));
		return;
	}
	kd_json_init(&j);
	kd_json_obj(&j);
	kd_json_kstr(&j, "uid", r->session.uid);
	kd_json_kstr(&j, "role", r->session.role);
	kd_json_kstr(&j, "unit", r->session.unit);
	if (r->session.place_id > 0)
		kd_json_kint(&j, "place_id", r->session.place_id);
	else
		kd_json_kstr(&j, "place_id", NULL);
	kd_json_kstr(&j, "csrf", r->session.csrf);
	kd_json_obj_end(&j);
	kd_reply_json(r, status, &j);
}

static void show_form(struct kd_req *r, int status, const struct kd_values *vals,
    enum kd_err err)
{
	HDF *hdf;

	if (r->want_json) {
		kd_reply_error(r, err, login_fields, F_COUNT, vals);
		return;
	}
	hdf = kd_hdf_new(r);
	if (hdf != NULL) {
		if (vals != NULL) {
			kd_hdf_form(hdf, "Form", login_fields, F_COUNT, vals);
			/* Never send a password back into the page. */
			hdf_remove_tree(hdf, "Form.password.value");
			hdf_remove_tree(hdf, "Form.new_password.value");
		}
		if (status != 200) {
			kd_hdf_set(hdf, "Form.message", kd_err_message(err));
			kd_hdf_set_int(hdf, "Form.status", status);
		}
		if (err == KD_E_PASSWORD_CHANGE ||
		    (vals != NULL && vals->v[F_NEW_PASSWORD] != NULL))
			kd_hdf_set(hdf, "Form.change", "1");
	}
	kd_reply_page(r, status, "login.cs", hdf);
}

static void login_page(struct kd_req *r)
{
	if (r->want_json) {
		if (r->session.valid)
			reply_session(r, 200);
		else
			kd_reply_error(r, KD_E_NOT_LOGGED_IN, NULL, 0, NULL);
		return;
	}
	show_form(r, 200, NULL, KD_E_BAD_REQUEST);
}

static void record_failure(const char *uid)
{
	struct kd_param p[3] = { KD_STR(uid), KD_INT(MAX_FAILURES), KD_INT(LOCK_MINUTES) };

	kd_db_exec(ST_FAIL, p, 3);
}

static int is_locked(const char *uid)
{
	struct kd_param p[1] = { KD_STR(uid) };
	char one[4];
	struct kd_col c[1] = { KD_COL(one) };

	return kd_db_row(ST_LOCKED, p, 1, c, 1) == 1;
}

/* A first login or a reset: the new password replaces the one-time one. */
static int change_password(struct kd_req *r, const struct kd_account *a,
    struct kd_values *vals)
{
	const char *old_pw = vals->v[F_PASSWORD], *new_pw = vals->v[F_NEW_PASSWORD];
	int rc;

	if (new_pw == NULL) {
		show_form(r, 403, vals, KD_E_PASSWORD_CHANGE);
		return -1;
	}
	rc = strcmp(old_pw, new_pw) == 0 ? 1 :
	    strlen(new_pw) < 10 ? 1 : kd_dir_change_password(a->dn, old_pw, new_pw);
	if (rc == 1) {
		vals->error[F_NEW_PASSWORD] =
		    "Mật khẩu mới cần ít nhất 10 ký tự, gồm chữ và số, khác mật khẩu cũ.";
		vals->nerrors++;
		show_form(r, 400, vals, KD_E_INVALID_FIELDS);
		return -1;
	}
	if (rc != 0) {
		kd_reply_error(r, KD_E_UNAVAILABLE, NULL, 0, NULL);
		return -1;
	}
	return 0;
}

static void login(struct kd_req *r)
{
	struct kd_values vals;
	struct kd_account a;
	enum kd_bind_result bound;
	const char *uid;
	int rc;

	if (kd_origin_check(r) != 0)
		return;
	rc = kd_fields(r, KD_FROM_BODY, login_fields, F_COUNT, &vals);
	if (rc < 0) {
		kd_reply_bad_key(r, vals.bad_key);
		return;
	}
	if (rc > 0) {
		show_form(r, 400, &vals, KD_E_INVALID_FIELDS);
		return;
	}
	uid = vals.v[F_UID];
	if (is_locked(uid)) {
		show_form(r, 429, &vals, KD_E_ACCOUNT_LOCKED);
		return;
	}
	rc = kd_dir_find(uid, &a);
	if (rc < 0) {
		kd_reply_error(r, KD_E_UNAVAILABLE, NULL, 0, NULL);
		return;
	}
	bound = rc == 1 ? kd_dir_check_password(a.dn, vals.v[F_PASSWORD]) : KD_BIND_BAD;
	if (bound == KD_BIND_ERROR) {
		kd_reply_error(r, KD_E_UNAVAILABLE, NULL, 0, NULL);
		return;
	}
	if (bound == KD_BIND_BAD || bound == KD_BIND_LOCKED) {
		/* A disabled account is told so only with its right password. */
		if (bound == KD_BIND_LOCKED && a.disabled) {
			show_form(r, 403, &vals, KD_E_ACCOUNT_DISABLED);
			return;
		}
		record_failure(uid);
		show_form(r, bound == KD_BIND_LOCKED ? 429 : 401, &vals,
		    bound == KD_BIND_LOCKED ? KD_E_ACCOUNT_LOCKED : KD_E_BAD_CREDENTIALS);
		return;
	}
	if ((bound == KD_BIND_CHANGE || a.must_change) &&
	    change_password(r, &a, &vals) != 0)
		return;
	if (kd_role_bit(a.role) == 0) {
		kd_reply_error(r, KD_E_FORBIDDEN, NULL, 0, NULL);
		return;
	}
	{
		struct kd_param p[1] = { KD_STR(uid) };

		kd_db_exec(ST_CLEAR, p, 1);
	}
	if (kd_session_start(r, a.uid, a.role, a.unit, a.place_id) != 0) {
		kd_reply_error(r, KD_E_UNAVAILABLE, NULL, 0, NULL);
		return;
	}
	kd_audit(r, "login", "account", a.uid, NULL);
	reply_session(r, 200);
}

static void logout(struct kd_req *r)
{
	struct kd_json j;

	if (kd_session_require(r, KD_ROLE_ANY) != 0)
		return;
	kd_audit(r, "logout", "account", r->session.uid, NULL);
	kd_session_end(r);
	if (!r->want_json) {
		kd_reply_redirect(r, "/");
		return;
	}
	kd_json_init(&j);
	kd_json_obj(&j);
	kd_json_kbool(&j, "ok", 1);
	kd_json_obj_end(&j);
	kd_reply_json(r, 200, &j);
}

static const struct kd_route routes[] = {
	{ "GET", "/login", login_page },
	{ "POST", "/login", login },
	{ "POST", "/logout", logout },
};

static const struct kd_program program = {
	.name = "login",
	.sql = sql,
	.nsql = ST_COUNT,
	.need_db = 1,
	.need_dir = 1,
	.routes = routes,
	.nroutes = sizeof(routes) / sizeof(routes[0]),
};

int main(int argc, char **argv)
{
	return kd_serve(argc, argv, &program);
}
