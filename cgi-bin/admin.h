/*
 * admin.h - what the two files of admin-accounts share: the request's
 * context, the answer of an action, the form fields a CSV row reuses, and
 * the helpers the bulk upload (admin-bulk.c) calls in admin-accounts.c.
 */
#ifndef KD_ADMIN_H
#define KD_ADMIN_H

#include "dir.h"
#include "field.h"
#include "req.h"
#include "resp.h"

#define MAX_BODY (2 * 1024 * 1024)

/* Messages next to a field (Vietnamese; never with request data). */
#define M_OUTSIDE_UNIT "Đơn vị nằm ngoài phạm vi quản lý của bạn."
#define M_OUTSIDE_ACCOUNT "Tài khoản nằm ngoài phạm vi quản lý của bạn."
#define M_OUTSIDE_PLACE "Địa điểm nằm ngoài phạm vi quản lý của bạn."
#define M_SELF "Không thể thao tác trên tài khoản của chính bạn."
#define M_NO_ACCOUNT "Không có tài khoản này."
#define M_NO_PLACE "Không có địa điểm này."
#define M_NEED_PLACE "Tài khoản cán bộ chốt và nhân viên điểm quét cần mã địa điểm."
#define M_NO_PLACE_ROLE "Chỉ tài khoản cán bộ chốt và nhân viên điểm quét mới gắn địa điểm."
#define M_PLACE_KIND "Cán bộ chốt cần một chốt kiểm soát hoặc kho, bến xe; nhân viên điểm quét cần một điểm quét."
#define M_UID_TAKEN "Tên đăng nhập đã có người dùng."
#define M_DIR_REFUSED "Thư mục tài khoản từ chối thao tác này (ngoài phạm vi quản lý)."
#define M_DIR_FAILED "Lỗi hệ thống, dòng này chưa được tạo. Hãy gửi lại."
#define M_ROLE "Vai trò phải là admin, police, officer hoặc venue."

#define M_PLACE_RETIRED "Địa điểm này đã ngừng hoạt động."
#define M_ADMIN_PEER "Tài khoản quản trị chỉ do quản trị viên của đơn vị cấp trên quản lý."

/* The program's statements (admin-accounts.c has the table). */
enum {
	ST_PLACE_GET, ST_PLACE_INSERT, ST_PLACE_UPDATE, ST_PLACE_RETIRE,
	ST_PLACES_IN, ST_PLACE_NAMES, ST_LAST_LOGINS, ST_SESSIONS_END,
	ST_FAILURES_CLEAR, ST_FLAGS, ST_AUDIT_LIST, ST_AUDIT_TOTAL, ST_COUNT
};
#define NAMES_AT_ONCE 50       /* ids in ST_PLACE_NAMES, ST_LAST_LOGINS */

/* The create form's fields; a row of the bulk upload has the first
 * C_COUNT, in the same order (its header is their names).  The form
 * also has the text of its unit field (unit_q: a unit chosen by name,
 * lib/unitfield.h). */
enum { C_UID, C_FULL_NAME, C_ROLE, C_UNIT, C_PLACE_ID, C_COUNT, C_UNIT_Q = C_COUNT,
    C_FORM_COUNT };
extern const struct kd_field create_fields[C_FORM_COUNT];

/* The places' forms (admin-places.c). */
enum { P_KIND, P_NAME, P_COMMUNE, P_ADDRESS, P_COMMUNE_Q, P_COUNT };
enum { E_PLACE_ID, E_NAME, E_ADDRESS, E_COUNT };
enum { R_PLACE_ID, R_CONFIRMED, R_COUNT };
extern const struct kd_field place_fields[P_COUNT], edit_place_fields[E_COUNT],
    retire_place_fields[R_COUNT];

/* bulk_create: csv. */
enum { B_CSV, B_COUNT };
extern const struct kd_field bulk_fields[B_COUNT];

struct bulk_created { size_t line; const char *uid, *password; };
struct bulk_error { size_t line; const char *field, *message; };

/* What an action did, for the page and for JSON. */
struct result {
	int status;                 /* 200 or 201 */
	const char *message;        /* for the page */
	const char *uid;            /* JSON "uid" when set */
	const char *password;       /* the one-time password, when made */
	long long place_id;         /* JSON "place_id" when > 0 */
	int disabled;               /* JSON "disabled": -1 = not sent */
	int retired;                /* JSON "retired": true when 1 */
	struct bulk_created *created;
	size_t ncreated;
	struct bulk_error *errors;
	size_t nerrors;
	int bulk;
};

struct ctx {
	struct kd_req *r;
	struct kd_account actor;    /* the administrator, as the directory has it */
	const char *ask;            /* a question before acting (the page) */
	const char *ask_field, *ask_value;   /* what the action acts on */
};

/* A refusal: field (an index into the route's fields, or -1) gets msg. */
void refuse(struct ctx *c, enum kd_err e, int field, const char *msg);

/* The answer of a done action: the page with the result, or JSON. */
void reply_result(struct ctx *c, const struct result *res);

/* A new one-time password in the request's arena; NULL out of memory. */
char *new_password(struct kd_req *r);

/* NULL when place_id may be used for an account of role, else the message
 * and *err (400 unknown or wrong kind, 403 outside, 503 database). */
const char *check_place(const struct ctx *c, long long place_id,
    const char *role, enum kd_err *err);

/* A directory answer to a write, as the error to send. */
enum kd_err dir_error(int rc);

/* M_ADMIN_PEER when an account of role in unit is an administrator the
 * actor may not manage (issue 18: only from a unit strictly above, never
 * a peer of the same unit; slapd's ACLs say the same), else NULL. */
const char *admin_peer(const struct ctx *c, const char *role, const char *unit);

/* The page asks before it acts (HDF Confirm.*): the action, what it
 * acts on (field, value) and the question. */
void ask_confirmation(struct ctx *c, const char *field, const char *value,
    const char *question);

/* hdf_list(hdf, "Places", i, "name", ...): element i of a list. */
void hdf_list(HDF *hdf, const char *prefix, size_t i, const char *key,
    const char *value);

/* bulk_create (admin-bulk.c). */
void act_bulk(struct ctx *c);

/* GET /audit (admin-audit.c): its fields, handler and statements. */
#define AUDIT_NFIELDS 8
extern const struct kd_field audit_fields[AUDIT_NFIELDS];
void audit_list(struct ctx *c);
void audit_invalid(struct ctx *c);
extern const char *const audit_list_sql, *const audit_total_sql;

/* The accounts of the administrator's subtree whose look-ups were
 * unusually many lately (lib/quota.h), as Flags.N.* for the page.
 * 0 ok, -1 database. */
int hdf_flags(HDF *hdf, const struct ctx *c);

/* create_place, edit_place, retire_place (admin-places.c); the places
 * of the administrator's subtree for the page (Places.N.*). */
void act_create_place(struct ctx *c);
void act_edit_place(struct ctx *c);
void act_retire_place(struct ctx *c);
void settle_place(struct kd_req *r);
void hdf_places(HDF *hdf, const struct ctx *c);
void hdf_place_form(HDF *hdf, const struct ctx *c);

/* The names of places ids[0..n) (n <= NAMES_AT_ONCE) into names[i] (""
 * when unknown; "… (đã ngừng)" for a retired one).  0 ok, -1 database. */
int place_names(struct kd_req *r, const long long *ids, size_t n, const char **names);

#endif
