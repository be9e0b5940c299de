/*
 * field.c - typed fields (see field.h): bytes, then the type's parser,
 * then the field's own rule.
 */
#include <stdio.h>
#include <string.h>

#include "field.h"
#include "labels.h"
#include "token.h"
#include "units.h"
#include "valid.h"
#include "vntime.h"

const char kd_msg_required[] = "Vui lòng nhập thông tin này.";

/* What a value's bytes may not be, whatever its type. */
static const char MSG_BYTES[] = "Có ký tự không hợp lệ (ký tự điều khiển hoặc không phải UTF-8).";

/* One type: its parser (NULL message = good) and its default message. */
typedef int (*type_parse)(struct kd_arena *a, const char *in,
    const struct kd_field *f, struct kd_values *vals, size_t i);

struct type_def {
	type_parse parse;
	const char *message;
	int multiline;
	const char *required;       /* absent: "Vui lòng chọn / nhập ..." */
};

long kd_days_from_civil(int y, int m, int d)
{
	long era, yoe, doy, doe;

	/* Howard Hinnant's algorithm, proleptic Gregorian. */
	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

long kd_today_days(void)
{
	return (long)((time(NULL) + KD_VN_OFFSET) / 86400);
}

/* The characters of s without the bytes in drop, into the arena. */
static char *without(struct kd_arena *a, const char *s, const char *drop)
{
	char *out = kd_alloc(a, strlen(s) + 1), *o = out;

	if (out == NULL)
		return NULL;
	for (; *s != '\0'; s++)
		if (strchr(drop, *s) == NULL)
			*o++ = *s;
	*o = '\0';
	return out;
}

static int parse_text(struct kd_arena *a, const char *in,
    const struct kd_field *f, struct kd_values *vals, size_t i)
{
	size_t max = f->max > 0 ? (size_t)f->max : 200;

	(void)a;
	if (!kd_text_valid(in, strlen(in), max, 0))
		return 0;
	/* Fewer than min characters: valid text of at most min - 1. */
	if (f->min > 0 && kd_text_valid(in, strlen(in), (size_t)f->min - 1, 0))
		return 0;
	vals->v[i] = in;
	return 1;
}

static int parse_multiline(struct kd_arena *a, const char *in,
    const struct kd_field *f, struct kd_values *vals, size_t i)
{
	size_t max = f->max > 0 ? (size_t)f->max : 2000;

	(void)a;
	if (!kd_text_valid(in, strlen(in), max, 1))
		return 0;
	vals->v[i] = in;
	return 1;
}

static int parse_int(struct kd_arena *a, const char *in,
    const struct kd_field *f, struct kd_values *vals, size_t i)
{
	unsigned long long u;
	int neg = in[0] == '-';

	(void)a;
	if (!kd_valid_uint(in + neg, 1000000000000000000ULL, &u))
		return 0;
	vals->n[i] = neg ? -(long long)u : (long long)u;
	if (vals->n[i] < f->min || vals->n[i] > f->max)
		return 0;
	vals->v[i] = in;
	return 1;
}

static int parse_id(struct kd_arena *a, const char *in,
    const struct kd_field *f, struct kd_values *vals, size_t i)
{
	unsigned long long u, max = f->max > 0 ? (unsigned long long)f->max :
	    1000000000000000ULL;

	(void)a;
	if (!kd_valid_uint(in, max, &u) || u == 0)
		return 0;
	vals->n[i] = (long long)u;
	vals->v[i] = in;
	return 1;
}

static int parse_flag(struct kd_arena *a, const char *in,
    const struct kd_field *f, struct kd_values *vals, size_t i)
{
	(void)a;
	(void)f;
	if (strcmp(in, "1") != 0)
		return 0;
	vals->n[i] = 1;
	vals->v[i] = in;
	return 1;
}

static int parse_choice(struct kd_arena *a, const char *in,
    const struct kd_field *f, struct kd_values *vals, size_t i)
{
	long long k;

	(void)a;
	for (k = 0; f->choices != NULL && f->choices[k] != NULL; k++) {
		if (strcmp(f->choices[k], in) == 0) {
			vals->n[i] = k;
			vals->v[i] = f->choices[k];
			return 1;
		}
	}
	return 0;
}

/* YYYY-MM-DD, or DD/MM/YYYY as people write it (D/M/YYYY too). */
static int parse_date(struct kd_arena *a, const char *in,
    const struct kd_field *f, struct kd_values *vals, size_t i)
{
	char iso[11];
	int y, m, d, n = 0;

	(void)f;
	if (strchr(in, '/') != NULL) {
		unsigned dd = 0, mm = 0, yy = 0;
		int k1 = 0, k2 = 0, k3 = 0;
		const char *p = in;

		while (*p >= '0' && *p <= '9' && k1 < 2)
			dd = dd * 10 + (unsigned)(*p++ - '0'), k1++;
		if (k1 == 0 || *p++ != '/')
			return 0;
		while (*p >= '0' && *p <= '9' && k2 < 2)
			mm = mm * 10 + (unsigned)(*p++ - '0'), k2++;
		if (k2 == 0 || *p++ != '/')
			return 0;
		while (*p >= '0' && *p <= '9' && k3 < 4)
			yy = yy * 10 + (unsigned)(*p++ - '0'), k3++;
		if (k3 != 4 || *p != '\0')
			return 0;
		n = snprintf(iso, sizeof(iso), "%04u-%02u-%02u", yy, mm, dd);
		if (n != 10)
			return 0;
		in = iso;
	}
	if (!kd_parse_date(in, &y, &m, &d))
		return 0;
	vals->v[i] = n ? kd_strdup(a, iso) : in;
	vals->t[i] = (time_t)kd_days_from_civil(y, m, d) * 86400 - KD_VN_OFFSET;
	return vals->v[i] != NULL;
}

static int digits(const char *s, int n, int *out)
{
	int k, v = 0;

	for (k = 0; k < n; k++) {
		if (s[k] < '0' || s[k] > '9')
			return 0;
		v = v * 10 + (s[k] - '0');
	}
	*out = v;
	return 1;
}

/* ISO 8601 date-time as browsers (datetime-local) and clients send it. */
static int parse_datetime(struct kd_arena *a, const char *in,
    const struct kd_field *f, struct kd_values *vals, size_t i)
{
	char day[11];
	int y, m, d, hh, mi, ss = 0, oh = 7, om = 0, sign = 1;
	const char *p = in + 16;

	(void)a;
	(void)f;
	if (strlen(in) < 16 || (in[10] != 'T' && in[10] != ' ') || in[13] != ':')
		return 0;
	memcpy(day, in, 10);
	day[10] = '\0';
	if (!kd_parse_date(day, &y, &m, &d) || !digits(in + 11, 2, &hh) ||
	    !digits(in + 14, 2, &mi) || hh > 23 || mi > 59)
		return 0;
	if (*p == ':') {
		if (!digits(p + 1, 2, &ss) || ss > 59)
			return 0;
		p += 3;
		if (*p == '.') {                /* fractions are dropped */
			p++;
			if (*p < '0' || *p > '9')
				return 0;
			while (*p >= '0' && *p <= '9')
				p++;
		}
	}
	if (*p == 'Z') {
		oh = 0;
		p++;
	} else if (*p == '+' || *p == '-') {
		sign = *p == '-' ? -1 : 1;
		if (!digits(p + 1, 2, &oh) || p[3] != ':' || !digits(p + 4, 2, &om) ||
		    oh > 14 || om > 59)
			return 0;
		p += 6;
	}
	if (*p != '\0')
		return 0;
	vals->t[i] = (time_t)kd_days_from_civil(y, m, d) * 86400 + hh * 3600 +
	    mi * 60 + ss - sign * (oh * 3600 + om * 60);
	vals->v[i] = in;
	return 1;
}

/* Twelve digits that are no CCCD: the province code in front (digits
 * 2-3 after the leading 0) is none of the 63; said as such, because the
 * person then looks at those digits, not at the length. */
static const char M_CCCD_PROVINCE[] =
    "Ba chữ số đầu của số CCCD là mã tỉnh, thành phố nơi đăng ký khai sinh "
    "(001 đến 096); không có tỉnh, thành phố nào mang mã này. Hãy kiểm tra lại.";

static int parse_id_number(struct kd_arena *a, const char *in,
    const struct kd_field *f, struct kd_values *vals, size_t i)
{
	char *s = without(a, in, " .-");

	(void)f;
	if (s == NULL)
		return 0;
	if (strlen(s) == 12 && strspn(s, "0123456789") == 12 && !kd_valid_cccd(s)) {
		kd_field_fail(vals, i, M_CCCD_PROVINCE);
		return 0;
	}
	if (!kd_valid_id_number(s))
		return 0;
	vals->v[i] = s;
	return 1;
}

/* "0912 345 678", "0912.345.678", "+84 912 345 678", "84912345678". */
static int parse_phone(struct kd_arena *a, const char *in,
    const struct kd_field *f, struct kd_values *vals, size_t i)
{
	char *s = without(a, in, " .-()");

	(void)f;
	if (s == NULL)
		return 0;
	if (strncmp(s, "+84", 3) == 0 && strlen(s) == 12)
		s = kd_asprintf(a, "0%s", s + 3);
	else if (strncmp(s, "84", 2) == 0 && strlen(s) == 11)
		s = kd_asprintf(a, "0%s", s + 2);
	if (s == NULL || !kd_valid_phone(s))
		return 0;
	vals->v[i] = s;
	return 1;
}

static int parse_gender(struct kd_arena *a, const char *in,
    const struct kd_field *f, struct kd_values *vals, size_t i)
{
	(void)a;
	(void)f;
	if (!kd_valid_gender(in))
		return 0;
	vals->v[i] = in;
	return 1;
}

static int parse_person_name(struct kd_arena *a, const char *in,
    const struct kd_field *f, struct kd_values *vals, size_t i)
{
	(void)a;
	(void)f;
	if (!kd_valid_person_name(in))
		return 0;
	vals->v[i] = in;
	return 1;
}

static int parse_commune(struct kd_arena *a, const char *in,
    const struct kd_field *f, struct kd_values *vals, size_t i)
{
	(void)a;
	(void)f;
	if (!kd_valid_unit_code(in) || !kd_unit_is_address(in))
		return 0;
	vals->v[i] = in;
	return 1;
}

static int parse_unit(struct kd_arena *a, const char *in,
    const struct kd_field *f, struct kd_values *vals, size_t i)
{
	(void)a;
	(void)f;
	if (!kd_valid_unit_code(in) || kd_unit_find(in) == NULL)
		return 0;
	vals->v[i] = in;
	return 1;
}

static int parse_charset(const char *in, size_t min, size_t max,
    const char *extra)
{
	size_t k, len = strlen(in);

	if (len < min || len > max)
		return 0;
	for (k = 0; k < len; k++) {
		char c = in[k];

		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    strchr(extra, c) != NULL))
			return 0;
	}
	return 1;
}

static int parse_uid(struct kd_arena *a, const char *in,
    const struct kd_field *f, struct kd_values *vals, size_t i)
{
	(void)a;
	(void)f;
	if (!parse_charset(in, 3, 64, "._-"))
		return 0;
	vals->v[i] = in;
	return 1;
}

static int parse_password(struct kd_arena *a, const char *in,
    const struct kd_field *f, struct kd_values *vals, size_t i)
{
	size_t max = f->max > 0 ? (size_t)f->max : 128;

	(void)a;
	if (strlen(in) > max || !kd_text_valid(in, strlen(in), max, 0))
		return 0;
	vals->v[i] = in;
	return 1;
}

static int parse_token(struct kd_arena *a, const char *in,
    const struct kd_field *f, struct kd_values *vals, size_t i)
{
	size_t max = f->max > 0 ? (size_t)f->max : 200;
	size_t min = f->min > 0 ? (size_t)f->min : 1;

	(void)a;
	if (!parse_charset(in, min, max, "ABCDEFGHIJKLMNOPQRSTUVWXYZ-_"))
		return 0;
	vals->v[i] = in;
	return 1;
}

static int parse_qr_code(struct kd_arena *a, const char *in,
    const struct kd_field *f, struct kd_values *vals, size_t i)
{
	char code[KD_TOKEN_MAX];

	(void)f;
	if (kd_token_normalise(in, code) != 0)
		return 0;
	vals->v[i] = kd_asprintf(a, "%s", code);
	return vals->v[i] != NULL;
}

#define CHOOSE(what) "Vui lòng chọn " what "."
#define TYPE(what) "Vui lòng nhập " what "."
static const struct type_def types[KD_T_COUNT] = {
	[KD_T_TEXT] = { parse_text, "Nội dung quá dài, quá ngắn hoặc có ký tự không hợp lệ.", 0,
	    kd_msg_required },
	[KD_T_MULTILINE] = { parse_multiline, "Nội dung quá dài hoặc có ký tự không hợp lệ.", 1,
	    kd_msg_required },
	[KD_T_INT] = { parse_int, "Giá trị số không hợp lệ.", 0, TYPE("một số") },
	[KD_T_ID] = { parse_id, "Mã số không hợp lệ.", 0, TYPE("mã số") },
	[KD_T_FLAG] = { parse_flag, "Giá trị không hợp lệ.", 0, "Vui lòng đánh dấu ô này." },
	[KD_T_CHOICE] = { parse_choice, "Vui lòng chọn một giá trị trong danh sách.", 0,
	    CHOOSE("một giá trị trong danh sách") },
	[KD_T_DATE] = { parse_date, "Ngày không hợp lệ (ngày/tháng/năm, ví dụ 05/05/1990).", 0,
	    TYPE("ngày (ngày/tháng/năm, ví dụ 05/05/1990)") },
	[KD_T_DATETIME] = { parse_datetime, "Thời điểm không hợp lệ (ví dụ 2021-09-01T08:30).", 0,
	    TYPE("thời điểm") },
	[KD_T_ID_NUMBER] = { parse_id_number, "Số CCCD gồm 12 chữ số hoặc số CMND gồm 9 chữ số.", 0,
	    TYPE("số CCCD (12 chữ số) hoặc CMND (9 chữ số)") },
	[KD_T_PHONE] = { parse_phone, "Số điện thoại gồm 10 chữ số, bắt đầu bằng số 0.", 0,
	    TYPE("số điện thoại") },
	[KD_T_GENDER] = { parse_gender, "Vui lòng chọn giới tính.", 0, CHOOSE("giới tính") },
	[KD_T_PERSON_NAME] = { parse_person_name, "Họ và tên chỉ gồm chữ cái tiếng Việt và dấu cách.", 0,
	    TYPE("họ và tên") },
	[KD_T_COMMUNE] = { parse_commune, "Mã xã/phường không có trong danh mục hành chính.", 0,
	    CHOOSE("xã/phường") },
	[KD_T_UNIT] = { parse_unit, "Mã đơn vị hành chính không có trong danh mục.", 0,
	    CHOOSE("đơn vị hành chính") },
	[KD_T_UID] = { parse_uid, "Tên đăng nhập gồm 3–64 ký tự a-z, 0-9, dấu chấm, gạch.", 0,
	    TYPE("tên đăng nhập") },
	[KD_T_PASSWORD] = { parse_password, "Mật khẩu không hợp lệ.", 0, TYPE("mật khẩu") },
	[KD_T_TOKEN] = { parse_token, "Mã không hợp lệ.", 0, TYPE("mã") },
	[KD_T_QR_CODE] = { parse_qr_code, kd_label_unreadable, 1, TYPE("mã QR") },
};
#undef CHOOSE
#undef TYPE

const char *kd_field_type_name(enum kd_type type)
{
	static const char *const names[KD_T_COUNT] = {
		[KD_T_TEXT] = "text", [KD_T_MULTILINE] = "multiline", [KD_T_INT] = "int",
		[KD_T_ID] = "id", [KD_T_FLAG] = "flag", [KD_T_CHOICE] = "choice",
		[KD_T_DATE] = "date", [KD_T_DATETIME] = "datetime",
		[KD_T_ID_NUMBER] = "id_number", [KD_T_PHONE] = "phone",
		[KD_T_GENDER] = "gender", [KD_T_PERSON_NAME] = "person_name",
		[KD_T_COMMUNE] = "commune", [KD_T_UNIT] = "unit", [KD_T_UID] = "uid",
		[KD_T_PASSWORD] = "password", [KD_T_TOKEN] = "token",
		[KD_T_QR_CODE] = "qr_code",
	};

	return type < KD_T_COUNT && names[type] != NULL ? names[type] : "?";
}

const char *kd_field_required_message(const struct kd_field *f)
{
	if (f->required != NULL)
		return f->required;
	if (f->type < KD_T_COUNT && types[f->type].required != NULL)
		return types[f->type].required;
	return kd_msg_required;
}

int kd_field_fail(struct kd_values *vals, size_t i, const char *msg)
{
	if (i < KD_MAX_FIELDS && vals->error[i] == NULL) {
		vals->error[i] = msg;
		vals->nerrors++;
	}
	return 1;
}

void kd_field_clear(struct kd_values *vals, size_t i)
{
	if (i < KD_MAX_FIELDS && vals->error[i] != NULL) {
		vals->error[i] = NULL;
		vals->nerrors--;
	}
}

/* Bytes first: a field's text is UTF-8 without NUL and without control
 * characters (a multi-line field keeps its line breaks). */
static int bytes_ok(const char *in, size_t len, int multiline)
{
	return strlen(in) == len &&
	    kd_text_valid(in, len, len, multiline);
}

/* Checks and parses field i's value (in, len bytes; "" = absent). */
static void field_take(struct kd_arena *a, const char *in, size_t len,
    const struct kd_field *fields, size_t i, struct kd_values *vals)
{
	const struct kd_field *f = &fields[i];
	const struct type_def *t = f->type < KD_T_COUNT ? &types[f->type] : NULL;
	const char *msg;

	vals->v[i] = NULL;
	if (len == 0) {
		/* An empty value is an absent value (an untouched input). */
		if (f->flags & KD_REQUIRED)
			kd_field_fail(vals, i, kd_field_required_message(f));
		return;
	}
	if (t == NULL || !bytes_ok(in, len, t->multiline)) {
		kd_field_fail(vals, i, MSG_BYTES);
		return;
	}
	/* A bad value stays in v[i] as typed (its bytes are sound), so the
	 * form shows it again next to its message. */
	if (!t->parse(a, in, f, vals, i)) {
		vals->v[i] = in;
		kd_field_fail(vals, i, f->message != NULL ? f->message : t->message);
		return;
	}
	if (f->check != NULL && (msg = f->check(vals, i, f)) != NULL)
		kd_field_fail(vals, i, msg);
}

static int field_index(const struct kd_field *fields, size_t nfields,
    const char *key)
{
	size_t i;

	for (i = 0; i < nfields; i++)
		if (fields[i].name != NULL && strcmp(fields[i].name, key) == 0)
			return (int)i;
	return -1;
}

/* The values of a KD_REPEATED field's key, joined with "," (empty ones
 * dropped) into the arena: the one value its type then parses.  A value
 * with a NUL byte keeps its length, so the byte check still sees it. */
static struct kd_kv *join_repeated(struct kd_arena *a, const struct kd_kv *pairs,
    size_t n, const char *key)
{
	struct kd_kv *joined = kd_alloc(a, sizeof(*joined));
	size_t i, len = 0;
	char *out;

	for (i = 0; i < n; i++)
		if (strcmp(pairs[i].key, key) == 0)
			len += pairs[i].len + 1;
	out = kd_alloc(a, len + 1);
	if (joined == NULL || out == NULL)
		return NULL;
	for (len = 0, i = 0; i < n; i++) {
		if (strcmp(pairs[i].key, key) != 0 || pairs[i].len == 0)
			continue;
		if (len > 0)
			out[len++] = ',';
		memcpy(out + len, pairs[i].value, pairs[i].len);
		len += pairs[i].len;
	}
	joined->key = key;
	joined->value = out;
	joined->len = len;
	return joined;
}

int kd_fields(struct kd_arena *a, const struct kd_req *r, enum kd_source from,
    const struct kd_field *fields, size_t nfields, struct kd_values *vals)
{
	const struct kd_kv *pairs = from == KD_FROM_QUERY ? r->query : r->body;
	size_t n = from == KD_FROM_QUERY ? r->nquery : r->nbody, i;
	int seen_csrf = 0, seen_action = 0;
	const struct kd_kv *at[KD_MAX_FIELDS] = { NULL };

	memset(vals, 0, sizeof(*vals));
	if (nfields > KD_MAX_FIELDS)
		return -1;
	for (i = 0; i < n; i++) {
		int idx = field_index(fields, nfields, pairs[i].key);
		int *free_key = strcmp(pairs[i].key, "csrf") == 0 ? &seen_csrf :
		    strcmp(pairs[i].key, "action") == 0 ? &seen_action : NULL;

		if (idx < 0 && free_key != NULL && (*free_key)++ == 0)
			continue;
		if (idx >= 0 && vals->sent[idx] && (fields[idx].flags & KD_REPEATED))
			continue;
		if (idx < 0 || vals->sent[idx]) {
			vals->bad_key = pairs[i].key;
			return -1;
		}
		vals->sent[idx] = 1;
		at[idx] = &pairs[i];
		if ((fields[idx].flags & KD_REPEATED) &&
		    (at[idx] = join_repeated(a, pairs, n, pairs[i].key)) == NULL) {
			vals->bad_key = pairs[i].key;    /* out of memory */
			return -1;
		}
	}
	for (i = 0; i < nfields; i++)
		field_take(a, at[i] ? at[i]->value : "", at[i] ? at[i]->len : 0,
		    fields, i, vals);
	return vals->nerrors > 0 ? 1 : 0;
}

int kd_fields_row(struct kd_arena *a, char *const *cells, size_t ncells,
    const struct kd_field *fields, size_t nfields, struct kd_values *vals)
{
	size_t i;

	memset(vals, 0, sizeof(*vals));
	if (nfields > KD_MAX_FIELDS)
		return 1;
	for (i = 0; i < nfields; i++) {
		const char *in = i < ncells && cells[i] != NULL ? cells[i] : "";

		vals->sent[i] = i < ncells;
		field_take(a, in, strlen(in), fields, i, vals);
	}
	return vals->nerrors > 0 ? 1 : 0;
}
