/*
 * decl.c - a citizen's declaration (see decl.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "field.h"
#include "decl.h"
#include "log.h"
#include "session.h"
#include "sql.h"
#include "token.h"
#include "unitfield.h"
#include "units.h"
#include "valid.h"

#define TRAVEL_DAYS 60                  /* travel_date within this of today */
#define M_PLATE "Biển số gồm chữ, số, dấu gạch và dấu chấm (ví dụ 29A-123.45)."
#define M_ADDRESS "Địa chỉ tối đa 200 ký tự, trên một dòng."

#define S(id) [(id) - KD_SQL_BASE(KD_MOD_DECL)]
static const char *const decl_sql[] = {
	/* The column lists are in the order of enum kd_decl_field
	 * (tests/unit/test_decl.c checks it). */
	S(KD_SQL_DECL_CITIZEN) =
	    "SELECT full_name, DATE_FORMAT(dob, '%Y-%m-%d'), gender FROM citizens"
	    " WHERE id_number = ?",
	S(KD_SQL_DECL_INSERT) =
	    "INSERT INTO declarations (id_number, full_name, dob, gender, phone,"
	    " perm_commune, perm_address, temp_commune, temp_address, stay_commune,"
	    " stay_address, from_commune, from_address, to_commune, to_address,"
	    " travel_date, vehicle, plate, fever, cough, breath, sore_throat,"
	    " taste_smell, contact_f0, from_epidemic_zone, vaccine_doses, client_ref,"
	    " source, entered_by, registry, created_at, expires_at)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
	    " ?, ?, ?, ?, ?, ?, ?, ?, ?, FROM_UNIXTIME(?), FROM_UNIXTIME(?))",
	/* A locking read sees the latest committed row, also inside a
	 * caller's REPEATABLE READ transaction. */
	S(KD_SQL_DECL_BY_REF) =
	    "SELECT declaration_id, id_number, registry, UNIX_TIMESTAMP(created_at),"
	    " UNIX_TIMESTAMP(expires_at) FROM declarations WHERE client_ref = ?"
	    " LOCK IN SHARE MODE",
	S(KD_SQL_DECL_LOAD) = "SELECT " KD_SQL_DECL_COLUMNS("")
	    " FROM declarations WHERE declaration_id = ?",
};
#undef S
const struct kd_sql_table kd_decl_sql = KD_SQL_TABLE(decl_sql);

/* ------------------------------------------------------------ validators */

/* The rules each field adds to its type (lib/field.h parsed it). */

static const char *v_dob(const struct kd_values *vals, size_t i,
    const struct kd_field *f)
{
	(void)f;
	if ((vals->t[i] + KD_VN_OFFSET) / 86400 > kd_today_days())
		return "Ngày sinh không được sau ngày hôm nay.";
	return NULL;
}

static const char *v_travel_date(const struct kd_values *vals, size_t i,
    const struct kd_field *f)
{
	long days = (long)((vals->t[i] + KD_VN_OFFSET) / 86400), today = kd_today_days();

	(void)f;
	if (days < today - TRAVEL_DAYS || days > today + TRAVEL_DAYS)
		return "Ngày đi phải trong vòng 60 ngày trước hoặc sau hôm nay.";
	return NULL;
}

/* At least one character that is not a space. */
static const char *v_address(const struct kd_values *vals, size_t i,
    const struct kd_field *f)
{
	(void)f;
	if (vals->v[i][strspn(vals->v[i], " ")] == '\0')
		return "Vui lòng nhập số nhà, đường, thôn/xóm.";
	return NULL;
}

/* A licence plate or a trip number: "29A-123.45", "59X3 123.45", "VN123":
 * letters, digits, '-', '.', single spaces; at least one digit; 2..15. */
static const char *v_plate(const struct kd_values *vals, size_t i,
    const struct kd_field *f)
{
	const char *v = vals->v[i];
	size_t k, len = strlen(v);
	int digits = 0;

	(void)f;
	if (len < 2 || v[0] == ' ' || v[len - 1] == ' ')
		goto bad;
	for (k = 0; k < len; k++) {
		char c = v[k];

		if (c >= '0' && c <= '9')
			digits++;
		else if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    c == '-' || c == '.' || (c == ' ' && v[k + 1] != ' ')))
			goto bad;
	}
	if (digits > 0)
		return NULL;
bad:
	return M_PLATE;
}

/* Codes stored in declarations.vehicle, and what a person reads. */
static const struct {
	const char *code, *name;
} vehicles[] = {
	{ "car", "Ô tô" },
	{ "motorbike", "Xe máy" },
	{ "bus", "Xe khách" },
	{ "truck", "Xe tải" },
	{ "train", "Tàu hoả" },
	{ "plane", "Máy bay" },
	{ "boat", "Tàu thuyền" },
	{ "bicycle", "Xe đạp" },
	{ "walk", "Đi bộ" },
	{ "other", "Khác" },
};

const char *const kd_decl_vehicles[] = {
	"car", "motorbike", "bus", "truck", "train", "plane", "boat", "bicycle",
	"walk", "other", NULL
};

_Static_assert(sizeof(vehicles) / sizeof(vehicles[0]) ==
    sizeof(kd_decl_vehicles) / sizeof(kd_decl_vehicles[0]) - 1, "vehicle lists");

const char *kd_decl_vehicle_name(const char *code)
{
	size_t i;

	for (i = 0; code != NULL && i < sizeof(vehicles) / sizeof(vehicles[0]); i++)
		if (strcmp(vehicles[i].code, code) == 0)
			return vehicles[i].name;
	return NULL;
}

#define REQ KD_REQUIRED
#define ADDRESS(n, fl) { .name = n, .type = KD_T_TEXT, .flags = fl, .max = 200, \
	.check = v_address, .message = M_ADDRESS, \
	.required = "Vui lòng nhập số nhà, đường, thôn/xóm." }
#define FLAG(n) { .name = n, .type = KD_T_FLAG }
#define PLACE_Q(n) { .name = n, .type = KD_T_TEXT, .max = 200 }
/* The declaration's fields (in both tables below). */
#define DECL_FIELDS \
	[KD_DF_ID_NUMBER] = { .name = "id_number", .type = KD_T_ID_NUMBER, .flags = REQ }, \
	[KD_DF_FULL_NAME] = { .name = "full_name", .type = KD_T_PERSON_NAME, .flags = REQ }, \
	[KD_DF_DOB] = { .name = "dob", .type = KD_T_DATE, .flags = REQ, .check = v_dob, \
	    .message = "Ngày sinh không hợp lệ (ngày/tháng/năm, ví dụ 05/05/1990)." }, \
	[KD_DF_GENDER] = { .name = "gender", .type = KD_T_GENDER, .flags = REQ }, \
	[KD_DF_PHONE] = { .name = "phone", .type = KD_T_PHONE, .flags = REQ }, \
	[KD_DF_PERM_COMMUNE] = { .name = "perm_commune", .type = KD_T_COMMUNE, .flags = REQ }, \
	[KD_DF_PERM_ADDRESS] = ADDRESS("perm_address", REQ), \
	[KD_DF_TEMP_COMMUNE] = { .name = "temp_commune", .type = KD_T_COMMUNE }, \
	[KD_DF_TEMP_ADDRESS] = ADDRESS("temp_address", 0), \
	[KD_DF_STAY_COMMUNE] = { .name = "stay_commune", .type = KD_T_COMMUNE }, \
	[KD_DF_STAY_ADDRESS] = ADDRESS("stay_address", 0), \
	[KD_DF_FROM_COMMUNE] = { .name = "from_commune", .type = KD_T_COMMUNE, .flags = REQ }, \
	[KD_DF_FROM_ADDRESS] = ADDRESS("from_address", REQ), \
	[KD_DF_TO_COMMUNE] = { .name = "to_commune", .type = KD_T_COMMUNE, .flags = REQ }, \
	[KD_DF_TO_ADDRESS] = ADDRESS("to_address", REQ), \
	[KD_DF_TRAVEL_DATE] = { .name = "travel_date", .type = KD_T_DATE, \
	    .check = v_travel_date, \
	    .message = "Ngày đi không hợp lệ (ngày/tháng/năm)." }, \
	[KD_DF_VEHICLE] = { .name = "vehicle", .type = KD_T_CHOICE, .choices = kd_decl_vehicles, \
	    .message = "Vui lòng chọn phương tiện trong danh sách." }, \
	[KD_DF_PLATE] = { .name = "plate", .type = KD_T_TEXT, .max = 15, .check = v_plate, \
	    .message = M_PLATE }, \
	[KD_DF_FEVER] = FLAG("fever"), \
	[KD_DF_COUGH] = FLAG("cough"), \
	[KD_DF_BREATH] = FLAG("breath"), \
	[KD_DF_SORE_THROAT] = FLAG("sore_throat"), \
	[KD_DF_TASTE_SMELL] = FLAG("taste_smell"), \
	[KD_DF_CONTACT_F0] = FLAG("contact_f0"), \
	[KD_DF_FROM_EPIDEMIC_ZONE] = FLAG("from_epidemic_zone"), \
	[KD_DF_VACCINE_DOSES] = { .name = "vaccine_doses", .type = KD_T_INT, .flags = REQ, \
	    .min = 0, .max = 4, .message = "Số mũi vắc-xin từ 0 đến 4.", \
	    .required = "Vui lòng chọn số mũi vắc-xin đã tiêm (0 nếu chưa tiêm)." }, \
	[KD_DF_CLIENT_REF] = { .name = "client_ref", .type = KD_T_TOKEN, .min = 1, .max = 64, \
	    .message = "Mã yêu cầu gồm 1–64 ký tự A-Z, a-z, 0-9, '-' và '_'." }

const struct kd_field kd_decl_fields[KD_DF_COUNT] = { DECL_FIELDS };

/* The form's own fields after them: "same as permanent residence" and
 * the text of each commune field, typed or picked (kd_decl_settle). */
const struct kd_field kd_decl_form_fields[KD_DF_FORM_COUNT] = {
	DECL_FIELDS,
	[KD_DF_TEMP_SAME] = FLAG("temp_same"),
	[KD_DF_STAY_SAME] = FLAG("stay_same"),
	[KD_DF_FROM_SAME] = FLAG("from_same"),
	[KD_DF_PERM_COMMUNE_Q] = PLACE_Q("perm_commune_q"),
	[KD_DF_TEMP_COMMUNE_Q] = PLACE_Q("temp_commune_q"),
	[KD_DF_STAY_COMMUNE_Q] = PLACE_Q("stay_commune_q"),
	[KD_DF_FROM_COMMUNE_Q] = PLACE_Q("from_commune_q"),
	[KD_DF_TO_COMMUNE_Q] = PLACE_Q("to_commune_q"),
};
#undef REQ
#undef ADDRESS
#undef FLAG
#undef PLACE_Q
#undef DECL_FIELDS

const enum kd_decl_field kd_decl_communes[KD_DECL_NCOMMUNES] = {
	KD_DF_PERM_COMMUNE, KD_DF_TEMP_COMMUNE, KD_DF_STAY_COMMUNE,
	KD_DF_FROM_COMMUNE, KD_DF_TO_COMMUNE,
};

void kd_decl_fields_with(struct kd_field *out, const struct kd_field *extra,
    size_t nextra)
{
	memcpy(out, kd_decl_form_fields, sizeof(kd_decl_form_fields));
	if (nextra > 0)
		memcpy(out + KD_DF_FORM_COUNT, extra, nextra * sizeof(*extra));
}

/* How a field is stored and written in JSON. */
enum kind { K_TEXT, K_FLAG, K_INT };

static enum kind kind_of(size_t i)
{
	if (kd_decl_fields[i].type == KD_T_FLAG)
		return K_FLAG;
	if (kd_decl_fields[i].type == KD_T_INT)
		return K_INT;
	return K_TEXT;
}

/* ------------------------------------------------------ the form's step */

/* The commune fields: the code and the text of each place. */
static const struct kd_unit_field places[KD_DECL_NCOMMUNES] = {
	{ KD_DF_PERM_COMMUNE, KD_DF_PERM_COMMUNE_Q, KD_UNITS_ADDRESS },
	{ KD_DF_TEMP_COMMUNE, KD_DF_TEMP_COMMUNE_Q, KD_UNITS_ADDRESS },
	{ KD_DF_STAY_COMMUNE, KD_DF_STAY_COMMUNE_Q, KD_UNITS_ADDRESS },
	{ KD_DF_FROM_COMMUNE, KD_DF_FROM_COMMUNE_Q, KD_UNITS_ADDRESS },
	{ KD_DF_TO_COMMUNE, KD_DF_TO_COMMUNE_Q, KD_UNITS_ADDRESS },
};

/* The places that may be "same as permanent residence": the box, the
 * place's commune, address and commune text. */
static const struct same_place {
	enum kd_decl_form_field same;
	enum kd_decl_field commune, address;
	enum kd_decl_form_field q;
} same_places[] = {
	{ KD_DF_TEMP_SAME, KD_DF_TEMP_COMMUNE, KD_DF_TEMP_ADDRESS, KD_DF_TEMP_COMMUNE_Q },
	{ KD_DF_STAY_SAME, KD_DF_STAY_COMMUNE, KD_DF_STAY_ADDRESS, KD_DF_STAY_COMMUNE_Q },
	{ KD_DF_FROM_SAME, KD_DF_FROM_COMMUNE, KD_DF_FROM_ADDRESS, KD_DF_FROM_COMMUNE_Q },
};
#define NSAME (sizeof(same_places) / sizeof(same_places[0]))

/* A place ticked "same as permanent residence". */
static void settle_same(struct kd_values *vals, const struct same_place *sp)
{
	int perm_good = vals->error[KD_DF_PERM_COMMUNE] == NULL &&
	    vals->error[KD_DF_PERM_ADDRESS] == NULL;

	/* Only a box really ticked: a bad value keeps its text in v (so the
	 * form shows it again) and is no "same as" (found by
	 * tests/integration/test_hostile_input.py). */
	if (vals->v[sp->same] == NULL || vals->error[sp->same] != NULL)
		return;
	kd_field_clear(vals, sp->commune);
	kd_field_clear(vals, sp->address);
	kd_field_clear(vals, sp->q);
	vals->v[sp->commune] = perm_good ? vals->v[KD_DF_PERM_COMMUNE] : NULL;
	vals->v[sp->address] = perm_good ? vals->v[KD_DF_PERM_ADDRESS] : NULL;
	vals->v[sp->q] = NULL;
}

void kd_decl_settle(struct kd_req *r)
{
	struct kd_values *vals = &r->vals;
	size_t i;

	for (i = 0; i < KD_DECL_NCOMMUNES; i++)
		kd_unit_field_settle(vals, &places[i], NULL);
	for (i = 0; i < NSAME; i++)
		settle_same(vals, &same_places[i]);
}

int kd_decl_cross_check(struct kd_values *vals)
{
	/* A place of residence is a commune and an address within it. */
	static const struct {
		enum kd_decl_field commune, address;
	} pairs[] = {
		{ KD_DF_TEMP_COMMUNE, KD_DF_TEMP_ADDRESS },
		{ KD_DF_STAY_COMMUNE, KD_DF_STAY_ADDRESS },
	};
	size_t i;

	for (i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
		size_t c = pairs[i].commune, a = pairs[i].address;

		if (vals->v[c] != NULL && vals->v[a] == NULL && vals->error[a] == NULL) {
			vals->error[a] = "Vui lòng nhập địa chỉ cụ thể tại xã/phường đã chọn.";
			vals->nerrors++;
		} else if (vals->v[a] != NULL && vals->v[c] == NULL &&
		    vals->error[c] == NULL) {
			vals->error[c] = "Vui lòng chọn xã/phường của địa chỉ này.";
			vals->nerrors++;
		}
	}
	return vals->nerrors > 0;
}

/* ------------------------------------------------------------- registry */

const char *kd_registry_name(enum kd_registry reg)
{
	switch (reg) {
	case KD_REG_MATCHED:
		return "matched";
	case KD_REG_MISMATCH:
		return "mismatch";
	case KD_REG_NOT_FOUND:
		break;
	}
	return "not_found";
}

static int registry_of_name(const char *s, enum kd_registry *reg)
{
	if (strcmp(s, "matched") == 0)
		*reg = KD_REG_MATCHED;
	else if (strcmp(s, "mismatch") == 0)
		*reg = KD_REG_MISMATCH;
	else if (strcmp(s, "not_found") == 0)
		*reg = KD_REG_NOT_FOUND;
	else
		return -1;
	return 0;
}

enum kd_registry kd_decl_compare(const char *reg_name, const char *reg_dob,
    const char *reg_gender, const char *name, const char *dob, const char *gender)
{
	char a[512], b[512];

	if (kd_name_key(reg_name, a, sizeof(a)) != 0 ||
	    kd_name_key(name, b, sizeof(b)) != 0 || strcmp(a, b) != 0 ||
	    strcmp(reg_dob, dob) != 0 || strcmp(reg_gender, gender) != 0)
		return KD_REG_MISMATCH;
	return KD_REG_MATCHED;
}

int kd_decl_check_registry(const struct kd_values *vals, enum kd_registry *reg)
{
	char name[404] = "", dob[16] = "", gender[4] = "";
	struct kd_col cols[3] = { KD_COL(name), KD_COL(dob), KD_COL(gender) };
	struct kd_param p[1] = { KD_STR(vals->v[KD_DF_ID_NUMBER]) };
	int rc;

	*reg = KD_REG_NOT_FOUND;
	rc = kd_db_row(KD_SQL_DECL_CITIZEN, p, 1, cols, 3);
	if (rc < 0)
		return -1;
	if (rc == 1)
		*reg = kd_decl_compare(name, dob, gender, vals->v[KD_DF_FULL_NAME],
		    vals->v[KD_DF_DOB], vals->v[KD_DF_GENDER]);
	return 0;
}

/* --------------------------------------------------------------- insert */

#define INSERT_PARAMS (KD_DF_COUNT + 5)

static time_t parse_time(const char *s)
{
	return s[0] != '\0' ? (time_t)strtoll(s, NULL, 10) : 0;
}

/* The declaration stored under client_ref, if its id_number is ours. */
static enum kd_insert_result replay(const struct kd_values *vals,
    struct kd_decl_made *made)
{
	char id[24] = "", id_number[16] = "", reg[16] = "", created[24] = "", expires[24] = "";
	struct kd_col cols[5] = { KD_COL(id), KD_COL(id_number), KD_COL(reg),
	    KD_COL(created), KD_COL(expires) };
	struct kd_param p[1] = { KD_STR(vals->v[KD_DF_CLIENT_REF]) };

	if (kd_db_row(KD_SQL_DECL_BY_REF, p, 1, cols, 5) != 1)
		return KD_DECL_ERROR;
	/* Someone else's key: never hand out their declaration. */
	if (strcmp(id_number, vals->v[KD_DF_ID_NUMBER]) != 0)
		return KD_DECL_REF_CONFLICT;
	made->declaration_id = strtoull(id, NULL, 10);
	made->created_at = parse_time(created);
	made->expires_at = parse_time(expires);
	if (registry_of_name(reg, &made->registry) != 0)
		return KD_DECL_ERROR;
	return KD_DECL_REPLAYED;
}

enum kd_insert_result kd_decl_insert(const struct kd_values *vals,
    const char *source, const char *entered_by, enum kd_registry reg,
    time_t now, struct kd_decl_made *made)
{
	struct kd_param p[INSERT_PARAMS];
	size_t i, n = 0;

	memset(made, 0, sizeof(*made));
	for (i = 0; i < KD_DF_COUNT; i++) {
		const char *v = vals->v[i];

		switch (kind_of(i)) {
		case K_FLAG:
			p[n++] = KD_INT(v != NULL);
			break;
		case K_INT:
			p[n++] = KD_INT(v != NULL ? vals->n[i] : 0);
			break;
		case K_TEXT:
			p[n++] = KD_STR(v);         /* NULL when absent */
			break;
		}
	}
	p[n++] = KD_STR(source);
	p[n++] = KD_STR(entered_by);
	p[n++] = KD_STR(kd_registry_name(reg));
	p[n++] = KD_INT((long long)now);
	p[n++] = KD_INT((long long)now + KD_TOKEN_TTL);
	if (kd_db_exec(KD_SQL_DECL_INSERT, p, n) != 1) {
		if (kd_db_errno() == 1062 && vals->v[KD_DF_CLIENT_REF] != NULL)
			return replay(vals, made);
		return KD_DECL_ERROR;
	}
	made->declaration_id = kd_db_insert_id(KD_SQL_DECL_INSERT);
	made->created_at = now;
	made->expires_at = now + KD_TOKEN_TTL;
	made->registry = reg;
	return made->declaration_id > 0 ? KD_DECL_STORED : KD_DECL_ERROR;
}

/* ----------------------------------------------------------------- load */

void kd_decl_clear(struct kd_decl *d)
{
	size_t i;

	d->declaration_id = 0;
	for (i = 0; i < KD_DF_COUNT; i++)
		d->v[i][0] = '\0';
	d->source[0] = d->entered_by[0] = d->registry[0] = '\0';
	d->created_at = d->expires_at = d->revoked_at = 0;
}

/* Through group g, or with KD_SQL_DECL_LOAD when g is NULL. */
static int decl_load(const struct kd_group *g, unsigned long long id,
    struct kd_decl *d, const struct kd_col *extra, size_t nextra)
{
	enum { EXTRA_ID, EXTRA_SOURCE, EXTRA_BY, EXTRA_REG, EXTRA_CREATED,
	    EXTRA_EXPIRES, EXTRA_REVOKED, EXTRA_COUNT };
	enum { NCOLS = KD_DF_COUNT + EXTRA_COUNT };
	char times[3][24] = { "", "", "" }, idtext[24] = "";
	struct kd_col cols[NCOLS + KD_DECL_EXTRA_MAX];
	struct kd_param p[1] = { KD_INT((long long)id) };
	size_t i;
	int rc;

	if (nextra > KD_DECL_EXTRA_MAX)
		return -1;
	kd_decl_clear(d);
	for (i = 0; i < KD_DF_COUNT; i++)
		cols[i] = KD_COL(d->v[i]);
	cols[KD_DF_COUNT + EXTRA_ID] = KD_COL(idtext);
	cols[KD_DF_COUNT + EXTRA_SOURCE] = KD_COL(d->source);
	cols[KD_DF_COUNT + EXTRA_BY] = KD_COL(d->entered_by);
	cols[KD_DF_COUNT + EXTRA_REG] = KD_COL(d->registry);
	cols[KD_DF_COUNT + EXTRA_CREATED] = KD_COL(times[0]);
	cols[KD_DF_COUNT + EXTRA_EXPIRES] = KD_COL(times[1]);
	cols[KD_DF_COUNT + EXTRA_REVOKED] = KD_COL(times[2]);
	for (i = 0; i < nextra; i++)
		cols[NCOLS + i] = extra[i];
	_Static_assert(KD_DF_COUNT + EXTRA_ID == KD_DECL_ID_COL, "id column");
	rc = g != NULL ? kd_group_row(g, id, cols, NCOLS + nextra) :
	    kd_db_row(KD_SQL_DECL_LOAD, p, 1, cols, NCOLS + nextra);
	if (rc != 1)
		return rc;
	d->declaration_id = strtoull(idtext, NULL, 10);
	d->created_at = parse_time(times[0]);
	d->expires_at = parse_time(times[1]);
	d->revoked_at = parse_time(times[2]);
	return 1;
}

int kd_decl_load(unsigned long long id, struct kd_decl *d)
{
	return decl_load(NULL, id, d, NULL, 0);
}

int kd_decl_load_grouped(const struct kd_group *g, unsigned long long id,
    struct kd_decl *d, const struct kd_col *extra, size_t nextra)
{
	return decl_load(g, id, d, extra, nextra);
}

/* ------------------------------------------------------------- the form */

void kd_decl_unit_path(const char *code, char *out, size_t cap)
{
	const struct kd_unit *u = kd_unit_find(code);
	size_t used = 0;
	int steps;

	if (cap == 0)
		return;
	out[0] = '\0';
	for (steps = 0; u != NULL && steps < 3; steps++) {
		int n = snprintf(out + used, cap - used, "%s%s", used ? ", " : "",
		    u->display);

		if (n < 0 || (size_t)n >= cap - used)
			break;
		used += (size_t)n;
		u = kd_unit_find(u->parent);      /* NULL above a province ("") */
	}
}

/* What the error summary calls each field of the form (its label). */
static const char *const titles[KD_DF_FORM_COUNT] = {
	[KD_DF_ID_NUMBER] = "Số CCCD/CMND",
	[KD_DF_FULL_NAME] = "Họ và tên",
	[KD_DF_DOB] = "Ngày sinh",
	[KD_DF_GENDER] = "Giới tính",
	[KD_DF_PHONE] = "Số điện thoại",
	[KD_DF_PERM_COMMUNE] = "Xã/phường thường trú",
	[KD_DF_PERM_ADDRESS] = "Địa chỉ thường trú",
	[KD_DF_TEMP_COMMUNE] = "Xã/phường tạm trú",
	[KD_DF_TEMP_ADDRESS] = "Địa chỉ tạm trú",
	[KD_DF_STAY_COMMUNE] = "Xã/phường lưu trú",
	[KD_DF_STAY_ADDRESS] = "Địa chỉ lưu trú",
	[KD_DF_FROM_COMMUNE] = "Đi từ xã/phường",
	[KD_DF_FROM_ADDRESS] = "Địa chỉ nơi đi",
	[KD_DF_TO_COMMUNE] = "Đến xã/phường",
	[KD_DF_TO_ADDRESS] = "Địa chỉ nơi đến",
	[KD_DF_TRAVEL_DATE] = "Ngày đi",
	[KD_DF_VEHICLE] = "Phương tiện",
	[KD_DF_PLATE] = "Biển kiểm soát",
	[KD_DF_FEVER] = "Sốt",
	[KD_DF_COUGH] = "Ho",
	[KD_DF_BREATH] = "Khó thở",
	[KD_DF_SORE_THROAT] = "Đau họng",
	[KD_DF_TASTE_SMELL] = "Mất vị giác hoặc khứu giác",
	[KD_DF_CONTACT_F0] = "Tiếp xúc F0",
	[KD_DF_FROM_EPIDEMIC_ZONE] = "Vùng có dịch",
	[KD_DF_VACCINE_DOSES] = "Số mũi vắc-xin",
	[KD_DF_CLIENT_REF] = "Mã yêu cầu",
	[KD_DF_TEMP_SAME] = "Tạm trú",
	[KD_DF_STAY_SAME] = "Nơi lưu trú",
	[KD_DF_FROM_SAME] = "Nơi đi",
	[KD_DF_PERM_COMMUNE_Q] = "Xã/phường thường trú",
	[KD_DF_TEMP_COMMUNE_Q] = "Xã/phường tạm trú",
	[KD_DF_STAY_COMMUNE_Q] = "Xã/phường lưu trú",
	[KD_DF_FROM_COMMUNE_Q] = "Đi từ xã/phường",
	[KD_DF_TO_COMMUNE_Q] = "Đến xã/phường",
};

const char *kd_decl_title(size_t i)
{
	return i < KD_DF_FORM_COUNT ? titles[i] : NULL;
}

/* The index of commune field i among kd_decl_communes, or -1. */
static int commune_slot(size_t i)
{
	size_t k;

	for (k = 0; k < KD_DECL_NCOMMUNES; k++)
		if (kd_decl_communes[k] == i)
			return (int)k;
	return -1;
}

void kd_decl_hdf_error(HDF *hdf, size_t k, const char *anchor, const char *title,
    const char *message)
{
	char name[48];

	snprintf(name, sizeof(name), "Errors.%zu.anchor", k);
	kd_hdf_set(hdf, name, anchor);
	snprintf(name, sizeof(name), "Errors.%zu.title", k);
	kd_hdf_set(hdf, name, title);
	snprintf(name, sizeof(name), "Errors.%zu.message", k);
	kd_hdf_set(hdf, name, message);
}

/* The summary above the form: every field in error, in the form's
 * order, linking to its input (a commune: its text input). */
static void hdf_errors(HDF *hdf, const struct kd_decl_form *form,
    const struct kd_values *vals)
{
	char anchor[48], buf[128];
	size_t i, k = 0;

	for (i = 0; i < form->nfields; i++) {
		const char *name = form->fields[i].name;

		if (vals->error[i] == NULL || name == NULL)
			continue;
		snprintf(anchor, sizeof(anchor), commune_slot(i) >= 0 ? "%s_q" : "%s", name);
		kd_decl_hdf_error(hdf, k++, anchor, form->title != NULL ?
		    form->title(i, buf, sizeof(buf)) : kd_decl_title(i), vals->error[i]);
	}
}

void kd_decl_hdf_places(HDF *hdf, const char *prefix, const struct kd_values *vals)
{
	char name[96], path[400];
	size_t i;

	for (i = 0; i < KD_DECL_NCOMMUNES; i++) {
		size_t c = places[i].code;

		kd_unit_field_hdf(hdf, prefix, kd_decl_form_fields, vals, &places[i], NULL);
		if (vals->v[c] == NULL || vals->error[c] != NULL)
			continue;
		kd_decl_unit_path(vals->v[c], path, sizeof(path));
		snprintf(name, sizeof(name), "%s.%s.label", prefix, kd_decl_fields[c].name);
		kd_hdf_set(hdf, name, path);
	}
}

void kd_decl_form_page(struct kd_req *r, const struct kd_decl_form *form,
    int status, const struct kd_values *vals, const char *message,
    const char *notice)
{
	char name[64], today[11], ref[44];
	HDF *hdf = kd_hdf_new(r);
	size_t i;

	if (hdf == NULL) {
		kd_reply_error(r, KD_E_SERVER, NULL, 0, NULL);
		return;
	}
	if (form->extra != NULL)
		form->extra(r, hdf);
	if (vals != NULL) {
		kd_hdf_form(hdf, "Form", form->fields, form->nfields, vals);
		kd_decl_hdf_places(hdf, "Form", vals);
		hdf_errors(hdf, form, vals);
	} else {
		/* Most people set out from where they live. */
		kd_hdf_set(hdf, "Form.from_same.value", "1");
	}
	/* A fresh idempotency key per form: a double tap on a slow line
	 * stores one declaration, not two. */
	if (vals == NULL || vals->v[KD_DF_CLIENT_REF] == NULL ||
	    vals->error[KD_DF_CLIENT_REF] != NULL) {
		kd_random_token(ref);
		kd_hdf_set(hdf, "Form.client_ref.value", ref);
	}
	for (i = 0; kd_decl_vehicles[i] != NULL; i++) {
		snprintf(name, sizeof(name), "Vehicles.%zu.code", i);
		kd_hdf_set(hdf, name, kd_decl_vehicles[i]);
		snprintf(name, sizeof(name), "Vehicles.%zu.name", i);
		kd_hdf_set(hdf, name, kd_decl_vehicle_name(kd_decl_vehicles[i]));
	}
	kd_today(time(NULL), today);
	kd_hdf_set(hdf, "Today", today);
	if (message != NULL)
		kd_hdf_set(hdf, "Form.message", message);
	if (notice != NULL)
		kd_hdf_set(hdf, "Form.notice", notice);
	kd_reply_page(r, status, form->template, hdf);
}

/* Text of a stored value, or NULL when empty or a flag not ticked. */
static const char *stored(const struct kd_decl *d, size_t i)
{
	const char *v = d->v[i];

	if (v[0] == '\0' || (kind_of(i) == K_FLAG && strcmp(v, "1") != 0))
		return NULL;
	return v;
}

void kd_decl_prefill(const struct kd_decl *d, struct kd_values *vals)
{
	size_t i;

	memset(vals, 0, sizeof(*vals));
	for (i = 0; i < KD_DF_COUNT; i++)
		if (i != KD_DF_TRAVEL_DATE && i != KD_DF_CLIENT_REF)
			vals->v[i] = stored(d, i);
	/* A place that was the permanent residence is ticked so again. */
	for (i = 0; i < NSAME; i++) {
		if (strcmp(d->v[same_places[i].commune], d->v[KD_DF_PERM_COMMUNE]) != 0 ||
		    strcmp(d->v[same_places[i].address], d->v[KD_DF_PERM_ADDRESS]) != 0)
			continue;
		vals->v[same_places[i].same] = "1";
		vals->v[same_places[i].commune] = vals->v[same_places[i].address] = NULL;
	}
}

void kd_decl_reply_invalid(struct kd_req *r, const struct kd_decl_form *form)
{
	if (r->want_json)
		kd_reply_error(r, KD_E_INVALID_FIELDS, form->fields, form->nfields,
		    &r->vals);
	else
		kd_decl_form_page(r, form, 400, &r->vals,
		    kd_err_message(KD_E_INVALID_FIELDS), NULL);
}

int kd_decl_accept(struct kd_req *r, const struct kd_decl_form *form,
    enum kd_registry *reg)
{
	if (kd_decl_cross_check(&r->vals)) {
		kd_decl_reply_invalid(r, form);
		return -1;
	}
	if (kd_decl_check_registry(&r->vals, reg) != 0) {
		kd_reply_error(r, KD_E_UNAVAILABLE, NULL, 0, NULL);
		return -1;
	}
	return 0;
}

void kd_decl_reply_conflict(struct kd_req *r, const struct kd_decl_form *form,
    struct kd_values *vals)
{
	vals->error[KD_DF_CLIENT_REF] = "Mã yêu cầu này đã được dùng cho một khai báo khác.";
	vals->nerrors++;
	if (r->want_json) {
		kd_reply_error(r, KD_E_CONFLICT, form->fields, form->nfields, vals);
	} else {
		/* The key is a hidden field: give the form a new one. */
		vals->v[KD_DF_CLIENT_REF] = NULL;
		kd_decl_form_page(r, form, 409, vals, kd_err_message(KD_E_CONFLICT), NULL);
	}
}

/* ----------------------------------------------------------------- JSON */

void kd_decl_json(struct kd_json *j, const struct kd_decl *d)
{
	char when[32];
	size_t i;

	kd_json_obj(j);
	kd_json_kint(j, "declaration_id", (long long)d->declaration_id);
	for (i = 0; i < KD_DF_COUNT; i++) {
		const char *v = d->v[i];

		kd_json_key(j, kd_decl_fields[i].name);
		if (kind_of(i) != K_TEXT)
			kd_json_int(j, strtol(v, NULL, 10));
		else
			kd_json_str(j, v[0] != '\0' ? v : NULL);
	}
	kd_json_kstr(j, "source", d->source);
	kd_json_kstr(j, "entered_by", d->entered_by[0] ? d->entered_by : NULL);
	kd_json_kstr(j, "registry", d->registry);
	kd_time_iso(d->created_at, when);
	kd_json_kstr(j, "created_at", when);
	kd_time_iso(d->expires_at, when);
	kd_json_kstr(j, "expires_at", when);
	if (d->revoked_at != 0) {
		kd_time_iso(d->revoked_at, when);
		kd_json_kstr(j, "revoked_at", when);
	} else {
		kd_json_kstr(j, "revoked_at", NULL);
	}
	kd_json_obj_end(j);
}
