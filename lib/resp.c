#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "log.h"
#include "resp.h"
#include "role.h"
#include "units.h"
#include "valid.h"

static const struct {
	int status;
	const char *code;
	const char *message;
} errors[KD_E_COUNT] = {
	[KD_E_BAD_REQUEST] = { 400, "bad_request", "Yêu cầu không hợp lệ." },
	[KD_E_INVALID_FIELDS] = { 400, "invalid_fields", "Một số thông tin chưa đúng, vui lòng kiểm tra lại." },
	[KD_E_BAD_ENCODING] = { 400, "bad_encoding", "Dữ liệu gửi lên bị lỗi mã hoá." },
	[KD_E_BAD_UTF8] = { 400, "invalid_utf8", "Dữ liệu gửi lên không phải văn bản UTF-8 hợp lệ." },
	[KD_E_BAD_TYPE] = { 400, "bad_content_type", "Dữ liệu phải được gửi dưới dạng biểu mẫu." },
	[KD_E_UNKNOWN_FIELD] = { 400, "unknown_field", "Yêu cầu có trường không được phép hoặc bị lặp." },
	[KD_E_NOT_LOGGED_IN] = { 401, "not_logged_in", "Vui lòng đăng nhập." },
	[KD_E_BAD_CREDENTIALS] = { 401, "bad_credentials", "Tên đăng nhập hoặc mật khẩu không đúng." },
	[KD_E_FORBIDDEN] = { 403, "forbidden", "Bạn không có quyền thực hiện thao tác này." },
	[KD_E_CSRF] = { 403, "csrf_failed", "Phiên làm việc không hợp lệ. Vui lòng tải lại trang và thử lại." },
	[KD_E_PASSWORD_CHANGE] = { 403, "password_change_required", "Bạn cần đổi mật khẩu trước khi tiếp tục." },
	[KD_E_ACCOUNT_DISABLED] = { 403, "account_disabled", "Tài khoản đã bị khoá. Hãy liên hệ quản trị viên." },
	[KD_E_NOT_FOUND] = { 404, "not_found", "Không tìm thấy trang hoặc dữ liệu yêu cầu." },
	[KD_E_METHOD] = { 405, "method_not_allowed", "Phương thức không được hỗ trợ." },
	[KD_E_CONFLICT] = { 409, "conflict", "Dữ liệu xung đột với bản ghi đã có." },
	[KD_E_ALREADY_PAID] = { 409, "already_paid", "Công dân này đã được chi trả trong chương trình." },
	[KD_E_TOO_LARGE] = { 413, "too_large", "Dữ liệu gửi lên quá lớn." },
	[KD_E_ACCOUNT_LOCKED] = { 429, "account_locked", "Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau ít phút." },
	[KD_E_RATE_LIMITED] = { 429, "rate_limited", "Quá nhiều yêu cầu. Vui lòng thử lại sau." },
	[KD_E_SERVER] = { 500, "server_error", "Lỗi hệ thống. Vui lòng thử lại sau." },
	[KD_E_UNAVAILABLE] = { 503, "unavailable", "Hệ thống đang bận. Vui lòng thử lại sau." },
	[KD_E_NO_PLACE] = { 403, "no_place", "Tài khoản chưa được gán chốt kiểm soát hoặc điểm quét. Hãy liên hệ quản trị viên." },
	[KD_E_TOKEN_BAD] = { 400, "bad_signature", "Mã QR không hợp lệ (giả mạo hoặc bị sửa)." },
	[KD_E_TOKEN_EXPIRED] = { 409, "expired", "Mã QR đã hết hạn. Công dân cần khai báo lại." },
	[KD_E_TOKEN_UNKNOWN] = { 409, "unknown", "Không tìm thấy tờ khai của mã QR này." },
	[KD_E_TOKEN_REVOKED] = { 409, "revoked", "Tờ khai của mã QR này đã bị thu hồi." },
	[KD_E_OUTSIDE_AREA] = { 403, "outside_area", "Công dân này không thuộc địa bàn quản lý của bạn." },
	[KD_E_NOT_IN_REGISTRY] = { 400, "not_in_registry", "Số giấy tờ không có trong CSDL quốc gia về dân cư." },
	[KD_E_REGISTRY_MISMATCH] = { 400, "registry_mismatch", "Họ tên, ngày sinh hoặc giới tính không khớp với CSDL quốc gia về dân cư." },
	[KD_E_DECEASED] = { 409, "deceased", "Công dân đã mất trước khi chương trình bắt đầu." },
	[KD_E_NOT_YOURS] = { 403, "not_your_passage", "Chỉ cán bộ đã ghi nhận lượt này mới được hủy." },
	[KD_E_UNDO_TOO_LATE] = { 409, "undo_too_late", "Đã quá 2 phút, không hủy được lượt này nữa." },
	[KD_E_NOT_DEPOT] = { 403, "not_depot", "Chỉ cán bộ tại kho, bến xuất phát mới kiểm tra xe luồng xanh trước khi đi." },
	[KD_E_UNIT_LEVEL] = { 403, "unit_level", "Chỉ công an, quản trị viên cấp xã hoặc huyện mới cấp, thu hồi giấy đi đường." },
	[KD_E_SESSION_AMBIGUOUS] = { 400, "session_ambiguous", "Trình duyệt gửi hai phiên đăng nhập cùng lúc. Hãy xoá cookie của trang này rồi đăng nhập lại." },
	[KD_E_LOGIN_UNAVAILABLE] = { 503, "login_unavailable", "Không kết nối được máy chủ tài khoản, tạm thời chưa đăng nhập được. Việc khai báo và quét mã vẫn hoạt động; vui lòng thử lại sau ít phút." },
};

static const char *reason_phrase(int status)
{
	switch (status) {
	case 200: return "OK";
	case 201: return "Created";
	case 303: return "See Other";
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 409: return "Conflict";
	case 413: return "Payload Too Large";
	case 429: return "Too Many Requests";
	case 503: return "Service Unavailable";
	default: return status >= 500 ? "Internal Server Error" : "OK";
	}
}

int kd_err_status(enum kd_err e)
{
	return e < KD_E_COUNT ? errors[e].status : 500;
}

const char *kd_err_code(enum kd_err e)
{
	return e < KD_E_COUNT ? errors[e].code : "server_error";
}

const char *kd_err_message(enum kd_err e)
{
	return e < KD_E_COUNT ? errors[e].message : errors[KD_E_SERVER].message;
}

/* The one writer of a response head.  Formatted with snprintf: libfcgi's
 * own printf knows no %zu.  A head that does not fit (a cookie or a
 * location far longer than ours ever are) is never sent cut: a bare 500
 * goes instead, and 0 is returned (no body may follow). */
static int send_head(struct kd_req *r, int status, const char *content_type,
    const char *cache_control, size_t length, const char *location)
{
	static const char fallback[] = "Status: 500 Internal Server Error\r\n"
	    "Content-Type: text/plain; charset=utf-8\r\nContent-Length: 0\r\n"
	    "Cache-Control: no-store\r\n\r\n";
	char head[2048];
	size_t used = 0, i;
	int fits = 1;

#define HEAD_ADD(...) do { \
		int n_ = snprintf(head + used, sizeof(head) - used, __VA_ARGS__); \
		if (n_ > 0 && (size_t)n_ < sizeof(head) - used) \
			used += (size_t)n_; \
		else \
			fits = 0; \
	} while (0)
	HEAD_ADD("Status: %d %s\r\n", status, reason_phrase(status));
	if (content_type != NULL)
		HEAD_ADD("Content-Type: %s\r\n", content_type);
	HEAD_ADD("Content-Length: %zu\r\n", length);
	HEAD_ADD("Cache-Control: %s\r\n", cache_control != NULL ? cache_control : "no-store");
	if (location != NULL)
		HEAD_ADD("Location: %s\r\n", location);
	if (status == 429)
		HEAD_ADD("Retry-After: 60\r\n");
	for (i = 0; i < r->nset_cookies; i++)
		HEAD_ADD("Set-Cookie: %s\r\n", r->set_cookies[i]);
	HEAD_ADD("\r\n");
#undef HEAD_ADD
	r->replied = 1;
	if (!fits) {
		kd_log("response head too long, 500 sent instead");
		FCGX_PutStr(fallback, (int)sizeof(fallback) - 1, r->fcgx->out);
		r->status = 500;
		return 0;
	}
	FCGX_PutStr(head, (int)used, r->fcgx->out);
	r->status = status;
	return 1;
}

void kd_reply_bytes(struct kd_req *r, int status, const char *content_type,
    const char *cache_control, const void *data, size_t len)
{
	if (r->replied)
		return;
	if (send_head(r, status, content_type, cache_control, len, NULL) && len > 0 &&
	    strcmp(r->method, "HEAD") != 0)
		FCGX_PutStr(data, (int)len, r->fcgx->out);
}

void kd_reply_json_cached(struct kd_req *r, int status, struct kd_json *j,
    const char *cache_control)
{
	const char *text = kd_json_text(j);

	if (text == NULL) {
		kd_json_free(j);
		kd_log("json: writer failed");
		kd_reply_error(r, KD_E_SERVER, NULL, 0, NULL);
		return;
	}
	kd_reply_bytes(r, status, "application/json; charset=utf-8", cache_control,
	    text, strlen(text));
	kd_json_free(j);
}

void kd_reply_json(struct kd_req *r, int status, struct kd_json *j)
{
	kd_reply_json_cached(r, status, j, NULL);
}

const char *kd_login_url(struct kd_req *r)
{
	const char *c, *url;

	for (c = r->path; *c != '\0'; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
		    (*c >= '0' && *c <= '9') || strchr("/-_.", *c) != NULL))
			return "/login";
	url = kd_asprintf(&r->arena, "/login?next=%s", r->path);
	return url != NULL ? url : "/login";
}

void kd_reply_redirect(struct kd_req *r, const char *path)
{
	if (r->replied)
		return;
	/* Only our own absolute paths: never an open redirect. */
	if (path == NULL || path[0] != '/' || path[1] == '/' ||
	    strpbrk(path, "\r\n\\") != NULL) {
		kd_reply_error(r, KD_E_SERVER, NULL, 0, NULL);
		return;
	}
	(void)send_head(r, 303, "text/plain; charset=utf-8", NULL, 0, path);
}

static const char *template_dir(void)
{
	return kd_conf_str("template_dir", "templates");
}

static NEOERR *render_cb(void *ctx, char *s)
{
	return string_append((STRING *)ctx, s);
}

static void log_neoerr(const char *what, NEOERR *err)
{
	STRING msg;

	string_init(&msg);
	nerr_error_string(err, &msg);
	kd_log("template %s: %s", what, msg.buf ? msg.buf : "?");
	string_clear(&msg);
	nerr_ignore(&err);
}

int kd_tmpl_init(void)
{
	NEOERR *err = nerr_init();

	if (err != STATUS_OK) {
		log_neoerr("nerr_init", err);
		return -1;
	}
	return 0;
}

char *kd_render_string(const char *dir, const char *name, HDF *hdf)
{
	char path[512];
	CSPARSE *cs = NULL;
	STRING out;
	NEOERR *err;

	string_init(&out);
	if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, name) >= sizeof(path))
		return NULL;
	err = hdf_set_value(hdf, "hdf.loadpaths.0", dir);
	if (err == STATUS_OK)
		err = cs_init(&cs, hdf);
	if (err == STATUS_OK)
		err = cgi_register_strfuncs(cs);
	if (err == STATUS_OK)
		err = cs_parse_file(cs, path);
	if (err == STATUS_OK)
		err = cs_render(cs, &out, render_cb);
	cs_destroy(&cs);
	if (err != STATUS_OK) {
		log_neoerr(name, err);
		string_clear(&out);
		return NULL;
	}
	if (out.buf == NULL)
		return strdup("");
	return out.buf;
}

void kd_reply_page(struct kd_req *r, int status, const char *name, HDF *hdf)
{
	char *html;

	if (hdf == NULL) {
		kd_reply_bytes(r, 500, "text/plain; charset=utf-8", NULL,
		    "500\n", 4);
		return;
	}
	html = kd_render_string(template_dir(), name, hdf);
	hdf_destroy(&hdf);
	if (html == NULL) {
		/* Never the library's error text: a fixed line. */
		static const char msg[] = "Lỗi hệ thống. Vui lòng thử lại sau.\n";

		kd_reply_bytes(r, 500, "text/plain; charset=utf-8", NULL, msg,
		    sizeof(msg) - 1);
		return;
	}
	kd_reply_bytes(r, status, "text/html; charset=utf-8", NULL, html,
	    strlen(html));
	free(html);
}

void kd_hdf_set(HDF *hdf, const char *name, const char *value)
{
	char *fixed = NULL;
	NEOERR *err;

	/* A page gets valid UTF-8 only: a value cut by bytes somewhere
	 * (snprintf into a buffer) loses its half character, anything else
	 * invalid is left out. */
	if (value != NULL && !kd_utf8_valid(value, strlen(value))) {
		fixed = strdup(value);
		if (fixed != NULL && !kd_utf8_valid(fixed, kd_utf8_trim(fixed, strlen(fixed)))) {
			free(fixed);
			fixed = NULL;
		}
		value = fixed != NULL ? fixed : "";
	}
	err = hdf_set_value(hdf, name, value != NULL ? value : "");
	free(fixed);
	if (err != STATUS_OK)
		nerr_ignore(&err);
}

void kd_hdf_set_int(HDF *hdf, const char *name, long long value)
{
	char num[32];

	snprintf(num, sizeof(num), "%lld", value);
	kd_hdf_set(hdf, name, num);
}

void kd_hdf_item(HDF *hdf, const char *list, size_t i, const char *key,
    const char *value)
{
	char name[128];

	snprintf(name, sizeof(name), "%s.%zu.%s", list, i, key);
	kd_hdf_set(hdf, name, value);
}

void kd_hdf_item_int(HDF *hdf, const char *list, size_t i, const char *key,
    long long value)
{
	char num[32];

	snprintf(num, sizeof(num), "%lld", value);
	kd_hdf_item(hdf, list, i, key, num);
}

HDF *kd_hdf_escaped(void)
{
	HDF *hdf = NULL;
	NEOERR *err = hdf_init(&hdf);

	if (err != STATUS_OK) {
		nerr_ignore(&err);
		return NULL;
	}
	/* Set before cs_init: every var: is HTML-escaped unless the
	 * template names another escaper explicitly. */
	kd_hdf_set(hdf, "Config.VarEscapeMode", "html");
	return hdf;
}

HDF *kd_hdf_new(struct kd_req *r)
{
	HDF *hdf = kd_hdf_escaped();

	if (hdf == NULL)
		return NULL;
	if (r->session.valid) {
		/* The officer header of every page (templates/layout.cs). */
		kd_hdf_set(hdf, "Session.uid", r->session.uid);
		kd_hdf_set(hdf, "Session.role", r->session.role);
		kd_hdf_set(hdf, "Session.role_label", kd_role_label(r->session.role));
		kd_hdf_set(hdf, "Session.unit", r->session.unit);
		kd_hdf_set(hdf, "Session.unit_name", kd_unit_display(r->session.unit));
		if (r->session.place_id > 0) {
			kd_hdf_set_int(hdf, "Session.place_id", r->session.place_id);
			kd_hdf_set(hdf, "Session.place_name", r->session.place_name);
		}
		kd_hdf_set(hdf, "Session.csrf", r->session.csrf);
	}
	return hdf;
}

void kd_hdf_form(HDF *hdf, const char *prefix, const struct kd_field *fields,
    size_t nfields, const struct kd_values *vals)
{
	char name[128];
	size_t i;

	for (i = 0; i < nfields; i++) {
		if (fields[i].name == NULL)
			continue;                       /* a slot (lib/field.h) */
		if (vals->v[i] != NULL) {
			snprintf(name, sizeof(name), "%s.%s.value", prefix, fields[i].name);
			kd_hdf_set(hdf, name, vals->v[i]);
		}
		if (vals->error[i] != NULL) {
			snprintf(name, sizeof(name), "%s.%s.error", prefix, fields[i].name);
			kd_hdf_set(hdf, name, vals->error[i]);
		}
	}
	if (vals->nerrors > 0) {
		snprintf(name, sizeof(name), "%s.nerrors", prefix);
		kd_hdf_set_int(hdf, name, (long long)vals->nerrors);
	}
}

void kd_reply_error(struct kd_req *r, enum kd_err e,
    const struct kd_field *fields, size_t nfields, const struct kd_values *vals)
{
	size_t i;

	if (r->replied)
		return;
	if (e >= KD_E_COUNT)
		e = KD_E_SERVER;
	if (r->want_json) {
		struct kd_json j;

		kd_json_init(&j);
		kd_json_obj(&j);
		kd_json_key(&j, "error");
		kd_json_obj(&j);
		kd_json_kstr(&j, "code", errors[e].code);
		kd_json_kstr(&j, "message", errors[e].message);
		if (fields != NULL && vals != NULL && vals->nerrors > 0) {
			kd_json_key(&j, "fields");
			kd_json_obj(&j);
			for (i = 0; i < nfields; i++)
				if (vals->error[i] != NULL && fields[i].name != NULL)
					kd_json_kstr(&j, fields[i].name, vals->error[i]);
			kd_json_obj_end(&j);
		}
		kd_json_obj_end(&j);
		kd_json_obj_end(&j);
		kd_reply_json(r, errors[e].status, &j);
	} else {
		HDF *hdf = kd_hdf_new(r);

		if (hdf != NULL) {
			char name[64];
			size_t k = 0;

			kd_hdf_set_int(hdf, "Error.status", errors[e].status);
			kd_hdf_set(hdf, "Error.code", errors[e].code);
			kd_hdf_set(hdf, "Error.message", errors[e].message);
			/* The fields to fix, by name and message. */
			for (i = 0; fields != NULL && vals != NULL && i < nfields; i++) {
				if (vals->error[i] == NULL || fields[i].name == NULL)
					continue;
				snprintf(name, sizeof(name), "Error.fields.%zu.name", k);
				kd_hdf_set(hdf, name, fields[i].name);
				snprintf(name, sizeof(name), "Error.fields.%zu.message", k++);
				kd_hdf_set(hdf, name, vals->error[i]);
			}
			/* Log in and come back to this page. */
			if (e == KD_E_NOT_LOGGED_IN)
				kd_hdf_set(hdf, "Error.login", kd_login_url(r));
		}
		kd_reply_page(r, errors[e].status, "error.cs", hdf);
	}
}

void kd_reply_field(struct kd_req *r, enum kd_err e, const char *field,
    const char *message)
{
	struct kd_field f = { .name = field };
	struct kd_values vals;

	memset(&vals, 0, sizeof(vals));
	vals.error[0] = message;
	vals.nerrors = 1;
	kd_reply_error(r, e, &f, 1, &vals);
}

void kd_reply_bad_key(struct kd_req *r, const char *key)
{
	kd_reply_field(r, KD_E_UNKNOWN_FIELD, key, "Trường không được phép hoặc bị lặp.");
}

void kd_reply_parse_error(struct kd_req *r, enum kd_parse_status st)
{
	switch (st) {
	case KD_PARSE_OK:
		return;
	case KD_PARSE_TOO_LARGE:
		kd_reply_error(r, KD_E_TOO_LARGE, NULL, 0, NULL);
		return;
	case KD_PARSE_BAD_UTF8:
		kd_reply_error(r, KD_E_BAD_UTF8, NULL, 0, NULL);
		return;
	case KD_PARSE_BAD_TYPE:
		kd_reply_error(r, KD_E_BAD_TYPE, NULL, 0, NULL);
		return;
	case KD_PARSE_NO_MEMORY:
		kd_reply_error(r, KD_E_SERVER, NULL, 0, NULL);
		return;
	case KD_PARSE_BAD_ENCODING:
	case KD_PARSE_TOO_MANY:
		kd_reply_error(r, KD_E_BAD_ENCODING, NULL, 0, NULL);
		return;
	}
}
