/*
 * paper-entry - an officer types the paper declaration of someone without
 * a smartphone, at the checkpoint, and records the passage in the same go.
 *
 *   GET  /paper-entry                  the form (officers only); no query
 *                                      keys (400 naming the key).
 *   POST /paper-entry action=lookup    lookup (an ID number) and csrf: the
 *                                      population registry's row, to
 *                                      prefill name, birth date, gender and
 *                                      residence commune.  A POST, so that
 *                                      the number is never in a URL.
 *                                      JSON 200 {"id_number", "full_name",
 *                                      "dob", "gender", "perm_commune",
 *                                      "perm_commune_name"}, 404 not_found,
 *                                      400 invalid_fields (lookup);
 *                                      HTML: the form prefilled.  Each
 *                                      look-up writes an audit row first
 *                                      (target: a keyed hash of the ID
 *                                      number, never the number), else 503.
 *   POST /paper-entry                  without action: the fields of
 *                                      lib/decl.h (phone optional here)
 *                                      plus direction (in/out) and csrf:
 *                                      the declaration (source "paper",
 *                                      entered_by = the officer) and the
 *                                      passage at the officer's place, one
 *                                      transaction.  JSON 201
 *                                      {"declaration_id", "passage_id",
 *                                      "registry", "token", "expires_at",
 *                                      "qr_png", "place_id", "at"}; the
 *                                      same client_ref again 200 with the
 *                                      same ids.  HTML: the printable slip
 *                                      with the QR code.  400
 *                                      invalid_fields / unknown_field, 403
 *                                      no_place, 409 conflict (client_ref
 *                                      of another ID number), 503.
 *   Any other action: 400 invalid_fields (action).  Every POST: 401/403
 *   session and CSRF (field csrf or header X-CSRF-Token).
 */
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "audit.h"
#include "conf.h"
#include "db.h"
#include "decl.h"
#include "log.h"
#include "passage.h"
#include "resp.h"
#include "serve.h"
#include "session.h"
#include "token.h"
#include "units.h"

enum { ST_CITIZEN = KD_PS_COUNT, ST_PLACE, ST_COUNT };

static const char *const sql[ST_COUNT] = {
	KD_PASSAGE_SQL,
	[ST_CITIZEN] = "SELECT full_name, DATE_FORMAT(dob, '%Y-%m-%d'), gender,"
	    " perm_commune FROM citizens WHERE id_number = ?",
	[ST_PLACE] = "SELECT name FROM places WHERE place_id = ?",
};

/* The declaration's fields, then ours. */
enum { F_DIRECTION = KD_DF_COUNT, F_COUNT };
static const char *const directions[] = { "in", "out", NULL };
static const struct kd_field direction_field = {
	"direction", kd_v_choice, KD_REQUIRED, 0, 0, directions
};
static struct kd_field fields[F_COUNT];       /* filled once in main */

/* The body of a look-up: POST action=lookup. */
enum { L_ACTION, L_LOOKUP, L_COUNT };
static const struct kd_field lookup_fields[L_COUNT] = {
	[L_ACTION] = { "action", NULL, 0, 0, 0, NULL },
	[L_LOOKUP] = { "lookup", kd_v_id_number, 0, 0, 0, NULL },
};

/* ------------------------------------------------------------ audit key */

/* Key of the hash that names a citizen in the audit log: 32 random bytes
 * in key_dir/audit.key (0600), made by the first worker that needs it.
 * An auditor with the key finds the look-ups of an ID number by hashing
 * it; a copy of the audit table alone does not reveal whom was read. */
static unsigned char audit_key[crypto_generichash_KEYBYTES];

static int audit_key_load(void)
{
	char path[512];
	const char *dir = kd_conf_str("key_dir", "var/keys");
	ssize_t n = -1;
	int fd, tries;

	if ((size_t)snprintf(path, sizeof(path), "%s/audit.key", dir) >= sizeof(path))
		return -1;
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd >= 0) {
		randombytes_buf(audit_key, sizeof(audit_key));
		n = write(fd, audit_key, sizeof(audit_key));
		if (fsync(fd) != 0)
			n = -1;
		close(fd);
		return n == (ssize_t)sizeof(audit_key) ? 0 : -1;
	}
	if (errno != EEXIST)
		return -1;
	/* Another worker may be writing it right now. */
	for (tries = 0; tries < 50; tries++) {
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			return -1;
		n = read(fd, audit_key, sizeof(audit_key));
		close(fd);
		if (n == (ssize_t)sizeof(audit_key))
			return 0;
		usleep(20000);
	}
	return -1;
}

/* "h:" + 32 hex digits of the keyed BLAKE2b of the ID number. */
static void citizen_ref(const char *id_number, char out[40])
{
	unsigned char h[16];

	crypto_generichash(h, sizeof(h), (const unsigned char *)id_number,
	    strlen(id_number), audit_key, sizeof(audit_key));
	memcpy(out, "h:", 2);
	sodium_bin2hex(out + 2, 33, h, sizeof(h));
}

/* ------------------------------------------------------------ pages */

static void place_name(struct kd_req *r, HDF *hdf)
{
	char name[256];
	struct kd_col c[1] = { KD_COL(name) };
	struct kd_param p[1] = { KD_INT(r->session.place_id) };

	if (r->session.place_id > 0 && kd_db_row(ST_PLACE, p, 1, c, 1) == 1)
		kd_hdf_set(hdf, "Place.name", name);
}

/* The form: the declaration's fields and direction, under the place. */
static const struct kd_decl_form form = {
	"paper-entry.cs", fields, F_COUNT, place_name
};

/* The registry row of an ID number, audited. */
static void lookup(struct kd_req *r, const char *id_number)
{
	char name[128], dob[16], gender[4], commune[8], ref[40], path[400];
	struct kd_col c[4] = { KD_COL(name), KD_COL(dob), KD_COL(gender), KD_COL(commune) };
	struct kd_param p[1] = { KD_STR(id_number) };
	struct kd_values vals;
	int rc;

	/* No audit row, no look-up. */
	citizen_ref(id_number, ref);
	if (kd_audit(r, "registry_lookup", "citizen", ref, NULL) != 0) {
		kd_log("paper-entry: audit insert failed, look-up refused");
		kd_reply_error(r, KD_E_UNAVAILABLE, NULL, 0, NULL);
		return;
	}
	rc = kd_db_row(ST_CITIZEN, p, 1, c, 4);
	if (rc < 0) {
		kd_reply_error(r, KD_E_UNAVAILABLE, NULL, 0, NULL);
		return;
	}
	if (r->want_json) {
		struct kd_json j;

		if (rc == 0) {
			kd_reply_error(r, KD_E_NOT_FOUND, NULL, 0, NULL);
			return;
		}
		kd_decl_unit_path(commune, path, sizeof(path));
		kd_json_init(&j);
		kd_json_obj(&j);
		kd_json_kstr(&j, "id_number", id_number);
		kd_json_kstr(&j, "full_name", name);
		kd_json_kstr(&j, "dob", dob);
		kd_json_kstr(&j, "gender", gender);
		kd_json_kstr(&j, "perm_commune", commune);
		kd_json_kstr(&j, "perm_commune_name", path[0] ? path : NULL);
		kd_json_obj_end(&j);
		kd_reply_json(r, 200, &j);
		return;
	}
	memset(&vals, 0, sizeof(vals));
	vals.v[KD_DF_ID_NUMBER] = id_number;
	if (rc == 0) {
		kd_decl_form_page(r, &form, 404, &vals, NULL,
		    "Số giấy tờ này không có trong CSDL dân cư. Hãy nhập thông tin theo giấy tờ của công dân.");
		return;
	}
	vals.v[KD_DF_FULL_NAME] = name;
	vals.v[KD_DF_DOB] = dob;
	vals.v[KD_DF_GENDER] = gender;
	vals.v[KD_DF_PERM_COMMUNE] = commune;
	kd_decl_form_page(r, &form, 200, &vals, NULL,
	    "Đã điền họ tên, ngày sinh, giới tính và xã/phường thường trú theo CSDL dân cư. Hãy đối chiếu với giấy tờ.");
}

/* POST /paper-entry action=lookup (session and CSRF already checked). */
static void lookup_post(struct kd_req *r)
{
	struct kd_values vals;
	int rc;

	rc = kd_fields(r, KD_FROM_BODY, lookup_fields, L_COUNT, &vals);
	if (rc < 0) {
		kd_reply_bad_key(r, vals.bad_key);
		return;
	}
	if (rc == 0 && vals.v[L_LOOKUP] == NULL) {
		vals.error[L_LOOKUP] = "Vui lòng nhập số CCCD/CMND cần tra cứu.";
		vals.nerrors = 1;
		rc = 1;
	}
	if (rc > 0) {
		if (r->want_json)
			kd_reply_error(r, KD_E_INVALID_FIELDS, lookup_fields, L_COUNT, &vals);
		else
			kd_decl_form_page(r, &form, 400, NULL, vals.error[L_LOOKUP], NULL);
		return;
	}
	lookup(r, vals.v[L_LOOKUP]);
}

/* GET /paper-entry: the empty form.  It takes no query keys. */
static void form_page(struct kd_req *r)
{
	struct kd_values vals;

	if (!r->session.valid && !r->session.unavailable && !r->want_json) {
		kd_reply_redirect(r, "/login");
		return;
	}
	if (kd_session_require(r, KD_ROLE_OFFICER) != 0)
		return;
	if (kd_fields(r, KD_FROM_QUERY, NULL, 0, &vals) < 0) {
		kd_reply_bad_key(r, vals.bad_key);
		return;
	}
	kd_decl_form_page(r, &form, 200, NULL, NULL, NULL);
}

/* The printable slip: name, ID number, the QR code, expiry, the passage. */
static void show_slip(struct kd_req *r, int status, const struct kd_values *vals,
    const char *token, time_t expires, const struct kd_passage *ps,
    const char *registry)
{
	char when[40];
	HDF *hdf = kd_hdf_new(r);

	if (hdf == NULL) {
		kd_reply_error(r, KD_E_SERVER, NULL, 0, NULL);
		return;
	}
	place_name(r, hdf);
	kd_hdf_set(hdf, "Slip.token", token);
	kd_hdf_set(hdf, "Slip.full_name", vals->v[KD_DF_FULL_NAME]);
	kd_hdf_set(hdf, "Slip.id_number", vals->v[KD_DF_ID_NUMBER]);
	kd_hdf_set(hdf, "Slip.dob", vals->v[KD_DF_DOB]);
	kd_time_vn(expires, when);
	kd_hdf_set(hdf, "Slip.expires", when);
	kd_hdf_set_int(hdf, "Slip.declaration_id", (long long)ps->declaration_id);
	kd_hdf_set_int(hdf, "Slip.passage_id", (long long)ps->passage_id);
	kd_hdf_set(hdf, "Slip.direction", strcmp(ps->direction, "in") == 0 ? "Vào" : "Ra");
	snprintf(when, sizeof(when), "%.5s ngày %.2s/%.2s/%.4s", ps->at + 11,
	    ps->at + 8, ps->at + 5, ps->at);
	kd_hdf_set(hdf, "Slip.at", when);
	kd_hdf_set(hdf, "Slip.registry", registry);
	if (status == 200)
		kd_hdf_set(hdf, "Slip.replayed", "1");
	kd_reply_page(r, status, "paper-slip.cs", hdf);
}

static int retryable(unsigned int e)
{
	return e == 1213 || e == 1205 || e == 2006 || e == 2013;
}

/* POST /paper-entry without action (session and CSRF already checked). */
static void submit(struct kd_req *r)
{
	struct kd_values vals;
	struct kd_decl_made made;
	struct kd_passage ps;
	enum kd_insert_result res = KD_DECL_ERROR;
	enum kd_registry reg;
	enum kd_err err = KD_E_UNAVAILABLE;
	char token[KD_TOKEN_MAX], target[24], when[32];
	int rc, attempt, done = 0;

	if (r->session.place_id <= 0) {
		kd_reply_error(r, KD_E_NO_PLACE, NULL, 0, NULL);
		return;
	}
	if (kd_decl_read(r, &form, &vals, &reg) != 0)
		return;
	/* The declaration, its audit row and the passage: all or nothing. */
	for (attempt = 0; attempt < 2 && !done; attempt++) {
		err = KD_E_UNAVAILABLE;
		if (kd_db_begin() != 0)
			break;
		res = kd_decl_insert(&vals, "paper", r->session.uid, reg, time(NULL), &made);
		if (res == KD_DECL_STORED || res == KD_DECL_REPLAYED) {
			snprintf(target, sizeof(target), "%llu", made.declaration_id);
			if ((res == KD_DECL_REPLAYED ||
			    kd_audit(r, "paper_entry", "declaration", target, NULL) == 0) &&
			    kd_passage_record(r, made.declaration_id, vals.v[F_DIRECTION],
			    &ps, &err) == 0 && kd_db_commit() == 0) {
				done = 1;
				break;
			}
		} else if (res == KD_DECL_REF_CONFLICT) {
			err = KD_E_CONFLICT;
		}
		kd_db_rollback();
		if (err != KD_E_UNAVAILABLE || !retryable(kd_db_errno()))
			break;
	}
	if (!done) {
		if (err == KD_E_CONFLICT) {
			kd_decl_reply_conflict(r, &form, &vals);
			return;
		}
		kd_log("paper-entry: storing failed (%u)", kd_db_errno());
		kd_reply_error(r, err, NULL, 0, NULL);
		return;
	}
	if (kd_token_sign(made.declaration_id, made.expires_at, token) != 0) {
		kd_log("paper-entry: signing failed for declaration %llu", made.declaration_id);
		kd_reply_error(r, KD_E_SERVER, NULL, 0, NULL);
		return;
	}
	rc = res == KD_DECL_STORED ? 201 : 200;
	if (!r->want_json) {
		show_slip(r, rc, &vals, token, made.expires_at, &ps,
		    kd_registry_name(made.registry));
		return;
	}
	{
		struct kd_json j;

		kd_time_iso(made.expires_at, when);
		kd_json_init(&j);
		kd_json_obj(&j);
		kd_json_kint(&j, "declaration_id", (long long)made.declaration_id);
		kd_json_kint(&j, "passage_id", (long long)ps.passage_id);
		kd_json_kstr(&j, "registry", kd_registry_name(made.registry));
		kd_json_kstr(&j, "token", token);
		kd_json_kstr(&j, "expires_at", when);
		kd_json_kstr(&j, "qr_png", kd_asprintf(&r->arena, "/qr/%s.png", token));
		kd_json_kint(&j, "place_id", ps.place_id);
		kd_json_kstr(&j, "direction", ps.direction);
		kd_json_kstr(&j, "at", ps.at);
		kd_json_obj_end(&j);
		kd_reply_json(r, rc, &j);
	}
}

/* POST /paper-entry: no action saves the declaration, action=lookup looks
 * an ID number up; any other action is refused. */
static void post(struct kd_req *r)
{
	const char *action = NULL;
	struct kd_values vals;
	size_t i;

	if (kd_session_require(r, KD_ROLE_OFFICER) != 0)
		return;
	for (i = 0; i < r->nbody && action == NULL; i++)
		if (strcmp(r->body[i].key, "action") == 0)
			action = r->body[i].value;
	if (action == NULL) {
		submit(r);
	} else if (strcmp(action, "lookup") == 0) {
		lookup_post(r);
	} else {
		memset(&vals, 0, sizeof(vals));
		vals.error[L_ACTION] = "Thao tác không hợp lệ.";
		vals.nerrors = 1;
		kd_reply_error(r, KD_E_INVALID_FIELDS, lookup_fields, L_COUNT, &vals);
	}
}

static int init(void)
{
	if (audit_key_load() != 0) {
		kd_log("paper-entry: cannot read or make the audit key");
		return -1;
	}
	return 0;
}

static const struct kd_route routes[] = {
	{ "GET", "/paper-entry", form_page },
	{ "POST", "/paper-entry", post },
};

static const struct kd_program program = {
	.name = "paper-entry",
	.sql = sql,
	.nsql = ST_COUNT,
	.need_db = 1,
	.need_units = 1,
	.init = init,
	.need_keys = 1,
	.routes = routes,
	.nroutes = sizeof(routes) / sizeof(routes[0]),
};

int main(int argc, char **argv)
{
	kd_decl_fields_with(fields, &direction_field, 1);
	/* Someone without a smartphone may have no phone at all. */
	fields[KD_DF_PHONE].flags &= ~(unsigned)KD_REQUIRED;
	return kd_serve(argc, argv, &program);
}
