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
#include "log.h"
#include "resp.h"
#include "serve.h"
#include "session.h"

/* Failures within FAIL_WINDOW minutes that lock an account for
 * LOCK_MINUTES.  slapd's ppolicy locks too; this lock answers before the
 * directory is asked at all. */
#define MAX_FAILURES 5
#define LOCK_MINUTES 5

enum { ST_LOCKED, ST_FAIL, ST_CLEAR, ST_LAST_LOGIN, ST_COUNT };

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
	/* What administrators see as the account's last login. */
	[ST_LAST_LOGIN] = "INSERT INTO account_logins (uid, last_login_at) VALUES (?, NOW())"
	    " ON DUPLICATE KEY UPDATE last_login_at = NOW()",
};

enum { F_UID, F_PASSWORD, F_NEW_PASSWORD, F_NEXT, F_COUNT };

/* next: the page that sent the browser here (lib/serve.c puts only a
 * plain path in it); checked again before it is followed. */
static const char *v_next(const struct kd_values *vals, size_t i,
    const struct kd_field *f)
{
	const char *v = vals->v[i];

	(void)f;
	if (v[0] != '/' || v[1] == '/' || strspn(v, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/-_.") != strlen(v))
		return "Địa chỉ trang không hợp lệ.";
	return NULL;
}

static const struct kd_field login_fields[F_COUNT] = {
	[F_UID] = { .name = "uid", .type = KD_T_UID, .flags = KD_REQUIRED },
	[F_PASSWORD] = { .name = "password", .type = KD_T_PASSWORD, .flags = KD_REQUIRED, .max = 128 },
	[F_NEW_PASSWORD] = { .name = "new_password", .type = KD_T_PASSWORD, .max = 128 },
	[F_NEXT] = { .name = "next", .type = KD_T_TEXT, .max = 200, .check = v_next },
};

/* GET /login?next= */
enum { Q_NEXT, Q_COUNT };
static const struct kd_field page_fields[Q_COUNT] = {
	[Q_NEXT] = { .name = "next", .type = KD_T_TEXT, .max = 200, .check = v_next },
};

/* After logging in: the page asked for, else the role's own. */
static void reply_session(struct kd_req *r, int status, const char *next)
{
	const struct kd_role *role = kd_role_find(r->session.role);
	struct kd_json j;

	if (!r->want_json) {
		kd_reply_redirect(r, next != NULL ? next :
		    role != NULL ? role->home : "/");
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

/*
 * The login form: on GET empty (with next carried on), on POST as sent
 * (without the passwords) with the message of err.  JSON: the error.
 */
static void show_form(struct kd_req *r, int status, enum kd_err err)
{
	int post = r->route->fields == login_fields;
	const struct kd_values *vals = &r->vals;
	HDF *hdf;

	if (r->want_json) {
		kd_reply_error(r, err, login_fields, F_COUNT, vals);
		return;
	}
	hdf = kd_hdf_new(r);
	if (hdf != NULL) {
		if (post) {
			kd_hdf_form(hdf, "Form", login_fields, F_COUNT, vals);
			/* Never send a password back into the page. */
			hdf_remove_tree(hdf, "Form.password.value");
			hdf_remove_tree(hdf, "Form.new_password.value");
		} else if (vals->v[Q_NEXT] != NULL) {
			kd_hdf_set(hdf, "Form.next.value", vals->v[Q_NEXT]);
		}
		if (status != 200) {
			kd_hdf_set(hdf, "Form.message", kd_err_message(err));
			kd_hdf_set_int(hdf, "Form.status", status);
		}
		if (err == KD_E_PASSWORD_CHANGE ||
		    (post && vals->v[F_NEW_PASSWORD] != NULL))
			kd_hdf_set(hdf, "Form.change", "1");
	}
	kd_reply_page(r, status, "login.cs", hdf);
}

/* GET /login: the form; JSON: who is logged in. */
static void login_page(struct kd_req *r)
{
	if (r->want_json) {
		if (r->session.valid)
			reply_session(r, 200, NULL);
		else
			kd_reply_error(r, KD_E_NOT_LOGGED_IN, NULL, 0, NULL);
		return;
	}
	show_form(r, 200, KD_E_BAD_REQUEST);
}

/* POST /login with bad fields. */
static void login_invalid(struct kd_req *r)
{
	show_form(r, 400, KD_E_INVALID_FIELDS);
}

static void record_failure(const char *uid)
{
	struct kd_param p[3] = { KD_STR(uid), KD_INT(MAX_FAILURES), KD_INT(LOCK_MINUTES) };

	/* The answer is 401 either way; slapd's ppolicy still counts. */
	if (kd_db_exec(ST_FAIL, p, 3) < 0)
		kd_log("login: failure not counted (database)");
}

/* The account's last login, shown to administrators only: a failure
 * here costs no login. */
static void record_login(const char *uid)
{
	struct kd_param p[1] = { KD_STR(uid) };

	if (kd_db_exec(ST_LAST_LOGIN, p, 1) < 0)
		kd_log("login: last login not recorded (database)");
}

static int clear_failures(const char *uid)
{
	struct kd_param p[1] = { KD_STR(uid) };

	return kd_db_exec(ST_CLEAR, p, 1) < 0 ? -1 : 0;
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
		show_form(r, 403, KD_E_PASSWORD_CHANGE);
		return -1;
	}
	rc = strcmp(old_pw, new_pw) == 0 ? 1 :
	    strlen(new_pw) < 10 ? 1 : kd_dir_change_password(a->dn, old_pw, new_pw);
	if (rc == 1) {
		kd_field_fail(vals, F_NEW_PASSWORD,
		    "Mật khẩu mới cần ít nhất 10 ký tự, gồm chữ và số, khác mật khẩu cũ.");
		show_form(r, 400, KD_E_INVALID_FIELDS);
		return -1;
	}
	if (rc != 0) {
		kd_reply_error(r, KD_E_UNAVAILABLE, NULL, 0, NULL);
		return -1;
	}
	return 0;
}

/* POST /login: uid, password [, new_password, next].  See the top. */
static void login(struct kd_req *r)
{
	struct kd_values *vals = &r->vals;
	struct kd_account a;
	enum kd_bind_result bound;
	const char *uid;
	int rc;

	uid = vals->v[F_UID];
	if (is_locked(uid)) {
		show_form(r, 429, KD_E_ACCOUNT_LOCKED);
		return;
	}
	rc = kd_dir_find(uid, &a);
	if (rc < 0) {
		kd_reply_error(r, KD_E_UNAVAILABLE, NULL, 0, NULL);
		return;
	}
	bound = rc == 1 ? kd_dir_check_password(a.dn, vals->v[F_PASSWORD]) : KD_BIND_BAD;
	if (bound == KD_BIND_ERROR) {
		kd_reply_error(r, KD_E_UNAVAILABLE, NULL, 0, NULL);
		return;
	}
	if (bound == KD_BIND_BAD || bound == KD_BIND_LOCKED) {
		/* A disabled account is told so only with its right password. */
		if (bound == KD_BIND_LOCKED && a.disabled) {
			show_form(r, 403, KD_E_ACCOUNT_DISABLED);
			return;
		}
		record_failure(uid);
		show_form(r, bound == KD_BIND_LOCKED ? 429 : 401,
		    bound == KD_BIND_LOCKED ? KD_E_ACCOUNT_LOCKED : KD_E_BAD_CREDENTIALS);
		return;
	}
	if ((bound == KD_BIND_CHANGE || a.must_change) &&
	    change_password(r, &a, vals) != 0)
		return;
	if (kd_role_bit(a.role) == 0) {
		kd_reply_error(r, KD_E_FORBIDDEN, NULL, 0, NULL);
		return;
	}
	if (clear_failures(uid) != 0 ||
	    kd_session_start(r, a.uid, a.role, a.unit, a.place_id) != 0) {
		kd_reply_error(r, KD_E_UNAVAILABLE, NULL, 0, NULL);
		return;
	}
	/* No audit row, no session. */
	if (kd_audit(r, "login", "account", a.uid, NULL) != 0) {
		kd_log("login: audit insert failed, session ended");
		if (kd_session_end(r) != 0)
			kd_log("login: and the session could not be ended");
		kd_reply_error(r, KD_E_UNAVAILABLE, NULL, 0, NULL);
		return;
	}
	record_login(a.uid);
	reply_session(r, 200, vals->v[F_NEXT]);
}

/* POST /logout (any session, CSRF-checked by the route). */
static void logout(struct kd_req *r)
{
	struct kd_json j;

	/* The session ends even when its audit row cannot be written: a
	 * logout must never be refused. */
	if (kd_audit(r, "logout", "account", r->session.uid, NULL) != 0)
		kd_log("logout: audit insert failed");
	if (kd_session_end(r) != 0) {
		/* The cookie is cleared, but the row lives on: say so. */
		kd_reply_error(r, KD_E_UNAVAILABLE, NULL, 0, NULL);
		return;
	}
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
	{ .method = "GET", .path = "/login", .anon = KD_ANON_ALLOW,
	    .fields = page_fields, .nfields = Q_COUNT, .handler = login_page },
	{ .method = "POST", .path = "/login", .anon = KD_ANON_ALLOW,
	    .fields = login_fields, .nfields = F_COUNT,
	    .handler = login, .invalid = login_invalid },
	{ .method = "POST", .path = "/logout", .roles = KD_ROLES_ALL,
	    .handler = logout },
};

static const struct kd_program program = {
	.name = "login",
	.sql = sql,
	.nsql = ST_COUNT,
	.need_db = 1,
	.need_units = 1,          /* the page header names the unit */
	.need_dir = 1,
	.routes = routes,
	.nroutes = sizeof(routes) / sizeof(routes[0]),
};

int main(int argc, char **argv)
{
	return kd_serve(argc, argv, &program);
}
