/*
 * declare - the citizen's declaration (SPEC "The declaration", issue 3).
 *
 *   GET  /declare        the form (Vietnamese, mobile first, works without
 *                        JavaScript; js/declare.js adds commune pickers)
 *   POST /declare        the fields of lib/decl.h.  Origin-checked (public
 *                        form).  HTML: 303 to /qr/<token>, or 400 with the
 *                        form, a message next to each bad field and every
 *                        value kept.  JSON: 201 {"declaration_id", "token",
 *                        "expires_at", "registry", "qr_png", "qr_svg",
 *                        "qr_page"}; the same client_ref again (same ID
 *                        number) gives 200 with the same body and stores
 *                        nothing; a client_ref of another ID number 409.
 *                        400 invalid_fields (error.fields names each),
 *                        400 unknown_field, 403 csrf_failed (cross-site),
 *                        413 too_large, 503 when the database fails.
 *   GET  /declare/find   the "find my code again" form
 *   POST /declare/find   id_number, dob, phone: the newest declaration of
 *                        that person still valid.  HTML 303 to /qr/<token>;
 *                        JSON 200 {"declaration_id", "token", "expires_at",
 *                        "qr_png", "qr_svg", "qr_page"}.  No match: 404 and
 *                        one neutral message, whether the ID is known or
 *                        not.  Origin-checked.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "conf.h"
#include "db.h"
#include "decl.h"
#include "log.h"
#include "resp.h"
#include "serve.h"
#include "session.h"
#include "token.h"

enum { ST_FIND, ST_COUNT };

static const char *const sql[ST_COUNT] = {
	/* k_id_number (id_number, created_at) read backwards. */
	[ST_FIND] = "SELECT declaration_id, UNIX_TIMESTAMP(expires_at)"
	    " FROM declarations WHERE id_number = ? AND dob = ? AND phone = ?"
	    " AND expires_at > NOW() AND revoked_at IS NULL"
	    " ORDER BY created_at DESC, declaration_id DESC LIMIT 1",
};

enum { FF_ID_NUMBER, FF_DOB, FF_PHONE, FF_COUNT };

static const struct kd_field find_fields[FF_COUNT] = {
	[FF_ID_NUMBER] = { .name = "id_number", .type = KD_T_ID_NUMBER, .flags = KD_REQUIRED },
	[FF_DOB] = { .name = "dob", .type = KD_T_DATE, .flags = KD_REQUIRED },
	[FF_PHONE] = { .name = "phone", .type = KD_T_PHONE, .flags = KD_REQUIRED },
};

static const char FIND_NONE[] =
    "Không tìm thấy mã QR còn hiệu lực khớp với các thông tin đã nhập. "
    "Hãy kiểm tra lại số giấy tờ, ngày sinh, số điện thoại, hoặc khai báo mới.";

/* The declaration form: the fields of lib/decl.h, nothing else. */
static const struct kd_decl_form form = {
	"declare.cs", kd_decl_fields, KD_DF_COUNT, NULL
};

static void show_find(struct kd_req *r, int status, const struct kd_values *vals,
    const char *message)
{
	HDF *hdf = kd_hdf_new(r);

	if (hdf == NULL) {
		kd_reply_error(r, KD_E_SERVER, NULL, 0, NULL);
		return;
	}
	if (vals != NULL)
		kd_hdf_form(hdf, "Find", find_fields, FF_COUNT, vals);
	if (message != NULL)
		kd_hdf_set(hdf, "Find.message", message);
	kd_reply_page(r, status, "declare-find.cs", hdf);
}

/* The answer that names a code: 303 to its page, or JSON. */
static void reply_code(struct kd_req *r, int status, unsigned long long id,
    time_t expires, const char *registry)
{
	char token[KD_TOKEN_MAX], when[32], *path;
	struct kd_json j;

	if (kd_token_sign(id, expires, token) != 0) {
		kd_log("declare: signing failed for declaration %llu", id);
		kd_reply_error(r, KD_E_SERVER, NULL, 0, NULL);
		return;
	}
	if (!r->want_json) {
		path = kd_asprintf(&r->arena, "/qr/%s", token);
		if (path == NULL)
			kd_reply_error(r, KD_E_SERVER, NULL, 0, NULL);
		else
			kd_reply_redirect(r, path);
		return;
	}
	kd_time_iso(expires, when);
	kd_json_init(&j);
	kd_json_obj(&j);
	kd_json_kint(&j, "declaration_id", (long long)id);
	kd_json_kstr(&j, "token", token);
	kd_json_kstr(&j, "expires_at", when);
	if (registry != NULL)
		kd_json_kstr(&j, "registry", registry);
	kd_json_kstr(&j, "qr_png", kd_asprintf(&r->arena, "/qr/%s.png", token));
	kd_json_kstr(&j, "qr_svg", kd_asprintf(&r->arena, "/qr/%s.svg", token));
	kd_json_kstr(&j, "qr_page", kd_asprintf(&r->arena, "/qr/%s", token));
	kd_json_obj_end(&j);
	kd_reply_json(r, status, &j);
}

/* GET /declare */
static void form_page(struct kd_req *r)
{
	kd_decl_form_page(r, &form, 200, NULL, NULL, NULL);
}

/* POST /declare with bad fields: the form again, or JSON 400. */
static void submit_invalid(struct kd_req *r)
{
	kd_decl_reply_invalid(r, &form);
}

/* POST /declare: fields of kd_decl_fields; see the top of the file. */
static void submit(struct kd_req *r)
{
	struct kd_decl_made made;
	enum kd_insert_result res;
	enum kd_registry reg;

	if (kd_decl_accept(r, &form, &reg) != 0)
		return;
	res = kd_decl_insert(&r->vals, "web", NULL, reg, time(NULL), &made);
	switch (res) {
	case KD_DECL_STORED:
	case KD_DECL_REPLAYED:
		reply_code(r, res == KD_DECL_STORED ? 201 : 200, made.declaration_id,
		    made.expires_at, kd_registry_name(made.registry));
		return;
	case KD_DECL_REF_CONFLICT:
		kd_decl_reply_conflict(r, &form, &r->vals);
		return;
	case KD_DECL_ERROR:
		break;
	}
	kd_log("declare: storing failed (%u)", kd_db_errno());
	kd_reply_error(r, KD_E_UNAVAILABLE, NULL, 0, NULL);
}

/* GET /declare/find */
static void find_page(struct kd_req *r)
{
	show_find(r, 200, NULL, NULL);
}

/* POST /declare/find with bad fields. */
static void find_invalid(struct kd_req *r)
{
	if (r->want_json)
		kd_reply_error(r, KD_E_INVALID_FIELDS, find_fields, FF_COUNT, &r->vals);
	else
		show_find(r, 400, &r->vals, kd_err_message(KD_E_INVALID_FIELDS));
}

/* POST /declare/find: id_number, dob, phone.  See the top of the file. */
static void find(struct kd_req *r)
{
	const struct kd_values *vals = &r->vals;
	char id[24] = "", expires[24] = "";
	struct kd_col cols[2] = { KD_COL(id), KD_COL(expires) };
	struct kd_param p[3];
	int rc;

	p[0] = KD_STR(vals->v[FF_ID_NUMBER]);
	p[1] = KD_STR(vals->v[FF_DOB]);
	p[2] = KD_STR(vals->v[FF_PHONE]);
	rc = kd_db_row(ST_FIND, p, 3, cols, 2);
	if (rc < 0) {
		kd_reply_error(r, KD_E_UNAVAILABLE, NULL, 0, NULL);
		return;
	}
	if (rc == 0) {
		if (r->want_json)
			kd_reply_error(r, KD_E_NOT_FOUND, NULL, 0, NULL);
		else
			show_find(r, 404, vals, FIND_NONE);
		return;
	}
	reply_code(r, 200, strtoull(id, NULL, 10), (time_t)strtoll(expires, NULL, 10),
	    NULL);
}

/* Public pages: anyone may declare; a POST is origin-checked. */
static const struct kd_route routes[] = {
	{ .method = "GET", .path = "/declare", .anon = KD_ANON_ALLOW,
	    .handler = form_page },
	{ .method = "POST", .path = "/declare", .anon = KD_ANON_ALLOW,
	    .fields = kd_decl_fields, .nfields = KD_DF_COUNT,
	    .handler = submit, .invalid = submit_invalid },
	{ .method = "GET", .path = "/declare/find", .anon = KD_ANON_ALLOW,
	    .handler = find_page },
	{ .method = "POST", .path = "/declare/find", .anon = KD_ANON_ALLOW,
	    .fields = find_fields, .nfields = FF_COUNT,
	    .handler = find, .invalid = find_invalid },
};

static const struct kd_program program = {
	.name = "declare",
	.sql = sql,
	.nsql = ST_COUNT,
	.need_db = 1,
	.need_units = 1,
	.need_keys = 1,
	.routes = routes,
	.nroutes = sizeof(routes) / sizeof(routes[0]),
};

int main(int argc, char **argv)
{
	return kd_serve(argc, argv, &program);
}
