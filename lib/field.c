#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "field.h"
#include "units.h"
#include "valid.h"

static const struct kd_kv *source_pairs(const struct kd_req *r,
    enum kd_source from, size_t *n)
{
	if (from == KD_FROM_QUERY) {
		*n = r->nquery;
		return r->query;
	}
	*n = r->nbody;
	return r->body;
}

static int field_index(const struct kd_field *fields, size_t nfields,
    const char *key)
{
	size_t i;

	for (i = 0; i < nfields; i++)
		if (strcmp(fields[i].name, key) == 0)
			return (int)i;
	return -1;
}

int kd_fields(const struct kd_req *r, enum kd_source from,
    const struct kd_field *fields, size_t nfields, struct kd_values *vals)
{
	const struct kd_kv *pairs;
	int seen_csrf = 0, seen_action = 0;
	size_t n, i;

	memset(vals, 0, sizeof(*vals));
	if (nfields > KD_MAX_FIELDS)
		return -1;
	pairs = source_pairs(r, from, &n);
	for (i = 0; i < n; i++) {
		int idx = field_index(fields, nfields, pairs[i].key);
		int *seen_free = strcmp(pairs[i].key, "csrf") == 0 ? &seen_csrf :
		    strcmp(pairs[i].key, "action") == 0 ? &seen_action : NULL;

		if (idx < 0 && seen_free != NULL) {
			if ((*seen_free)++ > 0) {
				vals->bad_key = pairs[i].key;
				return -1;
			}
			continue;
		}
		if (idx < 0 || vals->sent[idx]) {
			vals->bad_key = pairs[i].key;
			return -1;
		}
		/* An empty value is an absent value (an untouched input). */
		vals->sent[idx] = 1;
		if (pairs[i].value[0] != '\0')
			vals->v[idx] = pairs[i].value;
	}
	for (i = 0; i < nfields; i++) {
		const char *msg = NULL;

		if (vals->v[i] == NULL) {
			if (fields[i].flags & KD_REQUIRED)
				msg = "Vui lòng nhập thông tin này.";
		} else if (fields[i].check != NULL) {
			msg = fields[i].check(vals->v[i], &fields[i]);
		}
		if (msg != NULL) {
			vals->error[i] = msg;
			vals->nerrors++;
		}
	}
	return vals->nerrors > 0 ? 1 : 0;
}

const char *kd_v_text(const char *v, const struct kd_field *f)
{
	size_t max = f->max > 0 ? (size_t)f->max : 200;

	if (!kd_text_valid(v, strlen(v), max, 0))
		return "Nội dung quá dài hoặc có ký tự không hợp lệ.";
	if (f->min > 0 && strlen(v) < (size_t)f->min)
		return "Nội dung quá ngắn.";
	return NULL;
}

const char *kd_v_multiline(const char *v, const struct kd_field *f)
{
	size_t max = f->max > 0 ? (size_t)f->max : 2000;

	if (!kd_text_valid(v, strlen(v), max, 1))
		return "Nội dung quá dài hoặc có ký tự không hợp lệ.";
	return NULL;
}

const char *kd_v_id_number(const char *v, const struct kd_field *f)
{
	(void)f;
	if (!kd_valid_id_number(v))
		return "Số CCCD gồm 12 chữ số hoặc số CMND gồm 9 chữ số.";
	return NULL;
}

const char *kd_v_person_name(const char *v, const struct kd_field *f)
{
	(void)f;
	if (!kd_valid_person_name(v))
		return "Họ và tên chỉ gồm chữ cái tiếng Việt và dấu cách.";
	return NULL;
}

const char *kd_v_date(const char *v, const struct kd_field *f)
{
	int y, m, d;

	(void)f;
	if (!kd_parse_date(v, &y, &m, &d))
		return "Ngày không hợp lệ (định dạng NNNN-TT-NN).";
	return NULL;
}

const char *kd_v_phone(const char *v, const struct kd_field *f)
{
	(void)f;
	if (!kd_valid_phone(v))
		return "Số điện thoại gồm 10 chữ số, bắt đầu bằng số 0.";
	return NULL;
}

const char *kd_v_gender(const char *v, const struct kd_field *f)
{
	(void)f;
	if (!kd_valid_gender(v))
		return "Vui lòng chọn giới tính.";
	return NULL;
}

const char *kd_v_commune(const char *v, const struct kd_field *f)
{
	(void)f;
	if (!kd_valid_unit_code(v) || !kd_unit_is_address(v))
		return "Mã xã/phường không có trong danh mục hành chính.";
	return NULL;
}

const char *kd_v_unit(const char *v, const struct kd_field *f)
{
	(void)f;
	if (!kd_valid_unit_code(v) || kd_unit_find(v) == NULL)
		return "Mã đơn vị hành chính không có trong danh mục.";
	return NULL;
}

const char *kd_v_int(const char *v, const struct kd_field *f)
{
	char *end;
	long n;

	errno = 0;
	n = strtol(v, &end, 10);
	if (errno != 0 || *end != '\0' || end == v || v[0] == '+' || v[0] == ' ' ||
	    n < f->min || n > f->max)
		return "Giá trị số không hợp lệ.";
	return NULL;
}

const char *kd_v_flag(const char *v, const struct kd_field *f)
{
	(void)f;
	if (strcmp(v, "1") != 0)
		return "Giá trị không hợp lệ.";
	return NULL;
}

const char *kd_v_choice(const char *v, const struct kd_field *f)
{
	const char *const *c;

	for (c = f->choices; c != NULL && *c != NULL; c++)
		if (strcmp(*c, v) == 0)
			return NULL;
	return "Lựa chọn không hợp lệ.";
}

const char *kd_v_uid(const char *v, const struct kd_field *f)
{
	size_t i, len = strlen(v);

	(void)f;
	if (len < 3 || len > 64)
		return "Tên đăng nhập gồm 3–64 ký tự a-z, 0-9, dấu chấm, gạch.";
	for (i = 0; i < len; i++) {
		char c = v[i];

		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c == '.' || c == '_' || c == '-'))
			return "Tên đăng nhập gồm 3–64 ký tự a-z, 0-9, dấu chấm, gạch.";
	}
	return NULL;
}

const char *kd_v_password(const char *v, const struct kd_field *f)
{
	size_t max = f->max > 0 ? (size_t)f->max : 128;

	if (strlen(v) > max || !kd_text_valid(v, strlen(v), max, 0))
		return "Mật khẩu không hợp lệ.";
	return NULL;
}

const char *kd_v_token(const char *v, const struct kd_field *f)
{
	size_t i, len = strlen(v);
	size_t max = f->max > 0 ? (size_t)f->max : 200;

	if (len == 0 || len > max)
		return "Mã không hợp lệ.";
	for (i = 0; i < len; i++) {
		char c = v[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '_'))
			return "Mã không hợp lệ.";
	}
	return NULL;
}
