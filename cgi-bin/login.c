/*
 * login - officer sessions.
 *
 *   GET  /login    the login page; JSON: who is logged in (401 if nobody)
 *   POST /login    uid, password [, new_password]: binds to slapd as the
 *                  user; 200 {"uid","role","unit","place_id","csrf"} and
 *                  the session cookie (lib/session.h).  401
 *                  bad_credentials alike for an unknown uid, a wrong
 *                  password and a disabled or locked-out account, after
 *                  the same work (an unknown uid binds to cn=nobody, so
 *                  that the password is hashed all the same); 403
 *                  password_change_required (new_password: at least
 *                  MIN_PASSWORD characters); 429 account_locked after
 *                  repeated failures, for any uid; 503 login_unavailable
 *                  when the directory cannot be reached.  Every failure
 *                  is audited (login_failed; the uid only when the
 *                  account exists: a password typed into the uid field
 *                  must not land in the audit).
 *   POST /logout   ends the session (CSRF-checked).
 *   GET  /password the page to change one's own password (any role)
 *   POST /password password, new_password [, new_password_again]: binds
 *                  with the current password and sets the new one (at
 *                  least MIN_PASSWORD characters, slapd's policy too);
 *                  the account's other sessions end.  200 {"ok": true};
 *                  400 naming the field (current password wrong, new one
 *                  too short or the same, the two new ones differ); 503.
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
/* Characters of a password people choose (slapd's pwdMinLength says the
 * same: scripts/ldap-setup). */
#define MIN_PASSWORD 12
#define M_NEW_PASSWORD "Mật khẩu mới cần ít nhất 12 ký tự, khác mật khẩu cũ."

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

/* 1 locked, 0 not, -1 the database cannot say (then nobody logs in:
 * the lock-out must not fail open). */
static int is_locked(const char *uid)
{
	struct kd_param p[1] = { KD_STR(uid) };
	char one[4];
	struct kd_col c[1] = { KD_COL(one) };

	return kd_db_row(ST_LOCKED, p, 1, c, 1);
}

/* At least MIN_PASSWORD characters (not bytes) and not the old one. */
static int new_password_ok(const char *old_pw, const char *new_pw)
{
	size_t chars = 0;
	const char *c;

	for (c = new_pw; *c != '\0'; c++)
		chars += ((unsigned char)*c & 0xC0) != 0x80;
	return chars >= MIN_PASSWORD && strcmp(old_pw, new_pw) != 0;
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
	rc = !new_password_ok(old_pw, new_pw) ? 1 :
	    kd_dir_change_password(a->dn, old_pw, new_pw);
	if (rc == 1) {
		kd_field_fail(vals, F_NEW_PASSWORD, M_NEW_PASSWORD);
		show_form(r, 400, KD_E_INVALID_FIELDS);
		return -1;
	}
	if (rc != 0) {
		kd_reply_error(r, KD_E_UNAVAILABLE, NULL, 0, NULL);
		return -1;
	}
	return 0;
}

/* A refused login: audited (no row, no answer but 503), counted, and
 * answered alike whatever the reason.  why: "unknown", "wrong",
 * "disabled", "locked". */
static void refuse_login(struct kd_req *r, const char *uid, int known, const char *why)
{
	if (kd_audit(r, "login_failed", "account", known ? uid : "", why) != 0) {
		kd_log("login: failure not audited");
		kd_reply_error(r, KD_E_UNAVAILABLE, NULL, 0, NULL);
		return;
	}
	record_failure(uid);
	show_form(r, 401, KD_E_BAD_CREDENTIALS);
}

/* The directory's word on uid and password: found (1, a filled), not (0:
 * the same bind against cn=nobody, for the time), or -1 when the
 * directory cannot be reached. */
static int bind_as(const char *uid, const char *password, struct kd_account *a,
    enum kd_bind_result *bound)
{
	int rc = kd_dir_find(uid, a);

	if (rc < 0)
		return -1;
	*bound = rc == 1 ? kd_dir_check_password(a->dn, password) :
	    kd_dir_check_nobody(password);
	/* slapd refuses a disabled or locked-out account before it hashes
	 * the password: hash it against cn=nobody anyway, so that the answer
	 * takes as long as for a wrong password. */
	if (rc == 1 && *bound == KD_BIND_LOCKED &&
	    kd_dir_check_nobody(password) == KD_BIND_ERROR)
		return -1;
	return *bound == KD_BIND_ERROR ? -1 : rc;
}

/* POST /login: uid, password [, new_password, next].  See the top. */
static void login(struct kd_req *r)
{
	struct kd_values *vals = &r->vals;
	struct kd_account a;
	enum kd_bind_result bound = KD_BIND_BAD;
	const char *uid;
	int rc;

	uid = vals->v[F_UID];
	rc = is_locked(uid);
	if (rc != 0) {
		show_form(r, rc > 0 ? 429 : 503, rc > 0 ? KD_E_ACCOUNT_LOCKED :
		    KD_E_UNAVAILABLE);
		return;
	}
	rc = bind_as(uid, vals->v[F_PASSWORD], &a, &bound);
	if (rc < 0) {
		show_form(r, 503, KD_E_LOGIN_UNAVAILABLE);
		return;
	}
	if (rc == 0 || bound == KD_BIND_BAD || bound == KD_BIND_LOCKED) {
		refuse_login(r, uid, rc == 1, rc == 0 ? "unknown" :
		    bound == KD_BIND_BAD ? "wrong" : a.lock_permanent ? "disabled" : "locked");
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

/* ------------------------------------------------- /password */

enum { W_PASSWORD, W_NEW_PASSWORD, W_AGAIN, W_COUNT };
static const struct kd_field password_fields[W_COUNT] = {
	[W_PASSWORD] = { .name = "password", .type = KD_T_PASSWORD, .flags = KD_REQUIRED,
	    .max = 128 },
	[W_NEW_PASSWORD] = { .name = "new_password", .type = KD_T_PASSWORD,
	    .flags = KD_REQUIRED, .max = 128 },
	[W_AGAIN] = { .name = "new_password_again", .type = KD_T_PASSWORD, .max = 128 },
};

/* The page, with the result or the fields' messages (never a password). */
static void password_page(struct kd_req *r, int status, enum kd_err err,
    const char *done)
{
	HDF *hdf;

	if (r->want_json) {
		kd_reply_error(r, err, password_fields, W_COUNT, &r->vals);
		return;
	}
	hdf = kd_hdf_new(r);
	if (hdf != NULL) {
		if (status >= 400) {
			kd_hdf_form(hdf, "Form", password_fields, W_COUNT, &r->vals);
			hdf_remove_tree(hdf, "Form.password.value");
			hdf_remove_tree(hdf, "Form.new_password.value");
			hdf_remove_tree(hdf, "Form.new_password_again.value");
			kd_hdf_set(hdf, "Form.message", kd_err_message(err));
		}
		if (done != NULL)
			kd_hdf_set(hdf, "Form.done", done);
	}
	kd_reply_page(r, status, "password.cs", hdf);
}

/* GET /password */
static void password_get(struct kd_req *r)
{
	password_page(r, 200, KD_E_BAD_REQUEST, NULL);
}

static void password_invalid(struct kd_req *r)
{
	password_page(r, 400, KD_E_INVALID_FIELDS, NULL);
}

/* The account's own directory entry, or an answer (-1). */
static int own_account(struct kd_req *r, struct kd_account *a)
{
	int rc = kd_dir_find(r->session.uid, a);

	if (rc == 1)
		return 0;
	kd_reply_error(r, rc < 0 ? KD_E_LOGIN_UNAVAILABLE : KD_E_FORBIDDEN, NULL, 0, NULL);
	return -1;
}

/* POST /password: password, new_password [, new_password_again]. */
static void password_post(struct kd_req *r)
{
	struct kd_values *vals = &r->vals;
	const char *again = vals->v[W_AGAIN];
	struct kd_account a;
	int rc;

	if (again != NULL && strcmp(again, vals->v[W_NEW_PASSWORD]) != 0)
		kd_field_fail(vals, W_AGAIN, "Hai lần nhập mật khẩu mới không giống nhau.");
	else if (!new_password_ok(vals->v[W_PASSWORD], vals->v[W_NEW_PASSWORD]))
		kd_field_fail(vals, W_NEW_PASSWORD, M_NEW_PASSWORD);
	if (vals->nerrors > 0) {
		password_invalid(r);
		return;
	}
	if (own_account(r, &a) != 0)
		return;
	rc = kd_dir_change_password(a.dn, vals->v[W_PASSWORD], vals->v[W_NEW_PASSWORD]);
	if (rc == 1 || rc == 2) {
		kd_field_fail(vals, rc == 1 ? W_NEW_PASSWORD : W_PASSWORD, rc == 1 ?
		    M_NEW_PASSWORD : "Mật khẩu hiện tại không đúng.");
		password_invalid(r);
		return;
	}
	/* Changed: whoever else held a session of this account loses it. */
	if (rc != 0 || kd_audit(r, "password_change", "account", a.uid, NULL) != 0 ||
	    kd_session_end_others(r) != 0) {
		kd_reply_error(r, rc != 0 ? KD_E_LOGIN_UNAVAILABLE : KD_E_UNAVAILABLE,
		    NULL, 0, NULL);
		return;
	}
	if (r->want_json) {
		struct kd_json j;

		kd_json_init(&j);
		kd_json_obj(&j);
		kd_json_kbool(&j, "ok", 1);
		kd_json_obj_end(&j);
		kd_reply_json(r, 200, &j);
		return;
	}
	password_page(r, 200, KD_E_BAD_REQUEST,
	    "Đã đổi mật khẩu. Các phiên đăng nhập khác của tài khoản đã kết thúc.");
}

static const struct kd_route routes[] = {
	{ .method = "GET", .path = "/login", .anon = KD_ANON_ALLOW,
	    .fields = page_fields, .nfields = Q_COUNT, .handler = login_page },
	{ .method = "POST", .path = "/login", .anon = KD_ANON_ALLOW,
	    .fields = login_fields, .nfields = F_COUNT,
	    .handler = login, .invalid = login_invalid },
	{ .method = "POST", .path = "/logout", .roles = KD_ROLES_ALL,
	    .handler = logout },
	{ .method = "GET", .path = "/password", .roles = KD_ROLES_ALL,
	    .handler = password_get },
	{ .method = "POST", .path = "/password", .roles = KD_ROLES_ALL,
	    .fields = password_fields, .nfields = W_COUNT,
	    .handler = password_post, .invalid = password_invalid },
};

static const struct kd_program program = {
	.name = "login",
	.sql = sql,
	.nsql = ST_COUNT,
	.need_db = 1,
	.need_units = 1,          /* the page header names the unit */
	.open_dir = kd_dir_open,
	.routes = routes,
	.nroutes = sizeof(routes) / sizeof(routes[0]),
};

int main(int argc, char **argv)
{
	return kd_serve(argc, argv, &program);
}
