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
#define M_PLACE_KIND "Cán bộ chốt cần một chốt kiểm soát; nhân viên điểm quét cần một điểm quét."
#define M_UID_TAKEN "Tên đăng nhập đã có người dùng."
#define M_DIR_REFUSED "Thư mục tài khoản từ chối thao tác này (ngoài phạm vi quản lý)."
#define M_DIR_FAILED "Lỗi hệ thống, dòng này chưa được tạo. Hãy gửi lại."
#define M_ROLE "Vai trò phải là admin, police, officer hoặc venue."

/* The create form's fields; a row of the bulk upload has the same, in
 * the same order (its header is their names). */
enum { C_UID, C_FULL_NAME, C_ROLE, C_UNIT, C_PLACE_ID, C_COUNT };
extern const struct kd_field create_fields[C_COUNT];

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
	struct bulk_created *created;
	size_t ncreated;
	struct bulk_error *errors;
	size_t nerrors;
	int bulk;
};

struct ctx {
	struct kd_req *r;
	struct kd_account actor;    /* the administrator, as the directory has it */
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

/* bulk_create (admin-bulk.c). */
void act_bulk(struct ctx *c);

#endif
