/*
 * household.c - a family's declarations in one go (see household.h).
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "db.h"
#include "household.h"
#include "keyfile.h"
#include "log.h"
#include "mask.h"
#include "resp.h"
#include "token.h"
#include "vntime.h"

#define S(id) [(id) - KD_SQL_BASE(KD_MOD_HOUSEHOLD)]
static const char *const household_sql[] = {
	S(KD_SQL_HH_INSERT) =
	    "INSERT INTO households (client_ref, source, entered_by, members,"
	    " created_at, expires_at) VALUES (?, ?, ?, ?, FROM_UNIXTIME(?),"
	    " FROM_UNIXTIME(?))",
	S(KD_SQL_HH_MEMBER) =
	    "INSERT INTO household_members (household_id, member_no, declaration_id)"
	    " VALUES (?, ?, ?)",
	/* A locking read sees the latest committed row, also inside the
	 * caller's REPEATABLE READ transaction (as lib/decl.c's replay). */
	S(KD_SQL_HH_BY_REF) =
	    "SELECT h.household_id, d.id_number FROM households h"
	    " JOIN household_members m ON m.household_id = h.household_id"
	    " JOIN declarations d ON d.declaration_id = m.declaration_id"
	    " WHERE h.client_ref = ? ORDER BY m.member_no LIMIT 1 LOCK IN SHARE MODE",
	S(KD_SQL_HH_LOAD) =
	    "SELECT m.declaration_id, d.full_name, d.id_number,"
	    " UNIX_TIMESTAMP(d.expires_at), d.revoked_at IS NOT NULL,"
	    " UNIX_TIMESTAMP(d.created_at), d.registry"
	    " FROM household_members m JOIN declarations d"
	    " ON d.declaration_id = m.declaration_id"
	    " WHERE m.household_id = ? ORDER BY m.member_no",
};
#undef S
const struct kd_sql_table kd_household_sql = KD_SQL_TABLE(household_sql);

/* ------------------------------------------------------------- fields */

const enum kd_decl_field kd_member_decl[KD_HM_COUNT] = {
	[KD_HM_ID_NUMBER] = KD_DF_ID_NUMBER,
	[KD_HM_FULL_NAME] = KD_DF_FULL_NAME,
	[KD_HM_DOB] = KD_DF_DOB,
	[KD_HM_GENDER] = KD_DF_GENDER,
	[KD_HM_FEVER] = KD_DF_FEVER,
	[KD_HM_COUGH] = KD_DF_COUGH,
	[KD_HM_BREATH] = KD_DF_BREATH,
	[KD_HM_SORE_THROAT] = KD_DF_SORE_THROAT,
	[KD_HM_TASTE_SMELL] = KD_DF_TASTE_SMELL,
	[KD_HM_CONTACT_F0] = KD_DF_CONTACT_F0,
	[KD_HM_FROM_EPIDEMIC_ZONE] = KD_DF_FROM_EPIDEMIC_ZONE,
	[KD_HM_VACCINE_DOSES] = KD_DF_VACCINE_DOSES,
};

struct kd_field kd_household_fields[KD_HH_COUNT];
static char member_names[KD_HH_MAX][KD_HM_COUNT][32];

void kd_household_init(void)
{
	size_t m, f;

	memcpy(kd_household_fields, kd_decl_form_fields, sizeof(kd_decl_form_fields));
	for (f = 0; f < KD_HM_COUNT; f++)
		kd_household_fields[kd_member_decl[f]] = (struct kd_field){ .name = NULL };
	for (m = 0; m < KD_HH_MAX; m++) {
		for (f = 0; f < KD_HM_COUNT; f++) {
			struct kd_field *to = &kd_household_fields[KD_HH_FIELD(m, f)];

			*to = kd_decl_form_fields[kd_member_decl[f]];
			/* Required when the member is there (settle says). */
			to->flags &= ~(unsigned)KD_REQUIRED;
			snprintf(member_names[m][f], sizeof(member_names[m][f]), "m%zu_%s",
			    m + 1, kd_decl_fields[kd_member_decl[f]].name);
			to->name = member_names[m][f];
		}
	}
}

const char *kd_household_field_name(size_t m, enum kd_member_field f)
{
	return m < KD_HH_MAX && f < KD_HM_COUNT ? member_names[m][f] : "";
}

void kd_household_form_hdf(struct kd_req *r, HDF *hdf)
{
	char name[48], value[16];
	size_t m, f;

	for (m = 0; m < KD_HH_MAX; m++) {
		int open = m < 2;

		for (f = 0; f < KD_HM_COUNT && !open; f++)
			open = r->vals.v[KD_HH_FIELD(m, f)] != NULL ||
			    r->vals.error[KD_HH_FIELD(m, f)] != NULL;
		snprintf(name, sizeof(name), "Members.%zu.n", m);
		snprintf(value, sizeof(value), "%zu", m + 1);
		kd_hdf_set(hdf, name, value);
		snprintf(name, sizeof(name), "Members.%zu.prefix", m);
		snprintf(value, sizeof(value), "m%zu_", m + 1);
		kd_hdf_set(hdf, name, value);
		if (open) {
			snprintf(name, sizeof(name), "Members.%zu.open", m);
			kd_hdf_set(hdf, name, "1");
		}
	}
}

const char *kd_household_title(size_t i, char *buf, size_t cap)
{
	size_t m, f;

	if (i < KD_DF_FORM_COUNT)
		return kd_decl_title(i);
	if (i >= KD_HH_COUNT)
		return NULL;
	m = (i - KD_DF_FORM_COUNT) / KD_HM_COUNT;
	f = (i - KD_DF_FORM_COUNT) % KD_HM_COUNT;
	snprintf(buf, cap, "Người thứ %zu: %s", m + 1, kd_decl_title(kd_member_decl[f]));
	return buf;
}

/* ------------------------------------------------------------- settle */

static const enum kd_member_field member_required[] = {
	KD_HM_ID_NUMBER, KD_HM_FULL_NAME, KD_HM_DOB, KD_HM_GENDER, KD_HM_VACCINE_DOSES,
};

static int member_there(const struct kd_values *vals, size_t m)
{
	size_t f;

	for (f = 0; f < KD_HM_COUNT; f++)
		if (vals->v[KD_HH_FIELD(m, f)] != NULL || vals->error[KD_HH_FIELD(m, f)] != NULL)
			return 1;
	return 0;
}

/* Member m's ID number, when another member before it has it too: that
 * one's number (1-based), else 0. */
static size_t same_id_before(const struct kd_values *vals, size_t m)
{
	const char *id = vals->v[KD_HH_FIELD(m, KD_HM_ID_NUMBER)];
	size_t k;

	if (id == NULL || vals->error[KD_HH_FIELD(m, KD_HM_ID_NUMBER)] != NULL)
		return 0;
	for (k = 0; k < m; k++) {
		const char *other = vals->v[KD_HH_FIELD(k, KD_HM_ID_NUMBER)];

		if (other != NULL && vals->error[KD_HH_FIELD(k, KD_HM_ID_NUMBER)] == NULL &&
		    strcmp(other, id) == 0)
			return k + 1;
	}
	return 0;
}

void kd_household_settle(struct kd_req *r)
{
	struct kd_values *vals = &r->vals;
	size_t m, k, there = 0, dup;

	kd_decl_settle(r);
	kd_decl_cross_check(vals);
	for (m = 0; m < KD_HH_MAX; m++) {
		if (!member_there(vals, m))
			continue;
		there++;
		for (k = 0; k < sizeof(member_required) / sizeof(member_required[0]); k++) {
			size_t i = KD_HH_FIELD(m, member_required[k]);

			if (vals->v[i] == NULL)
				kd_field_fail(vals, i, kd_field_required_message(
				    &kd_decl_fields[kd_member_decl[member_required[k]]]));
		}
		if ((dup = same_id_before(vals, m)) > 0)
			kd_field_fail(vals, KD_HH_FIELD(m, KD_HM_ID_NUMBER), kd_asprintf(
			    &r->arena, "Số giấy tờ này trùng với người thứ %zu.", dup));
	}
	if (there == 0)
		kd_field_fail(vals, KD_HH_FIELD(0, KD_HM_ID_NUMBER),
		    "Vui lòng nhập thông tin của ít nhất một người.");
}

/* -------------------------------------------------------------- split */

int kd_household_split(struct kd_req *r, struct kd_household *h)
{
	const struct kd_values *all = &r->vals;
	size_t m, f;

	memset(h, 0, sizeof(*h));
	for (m = 0; m < KD_HH_MAX; m++) {
		struct kd_values *v;

		if (!member_there(all, m))
			continue;
		v = kd_alloc(&r->arena, sizeof(*v));
		if (v == NULL)
			return -1;
		/* The shared values, then the member's over its slots. */
		memcpy(v->v, all->v, sizeof(v->v[0]) * KD_DF_FORM_COUNT);
		memcpy(v->n, all->n, sizeof(v->n[0]) * KD_DF_FORM_COUNT);
		memcpy(v->t, all->t, sizeof(v->t[0]) * KD_DF_FORM_COUNT);
		for (f = 0; f < KD_HM_COUNT; f++) {
			size_t from = KD_HH_FIELD(m, f), to = kd_member_decl[f];

			v->v[to] = all->v[from];
			v->n[to] = all->n[from];
			v->t[to] = all->t[from];
		}
		/* The household's client_ref is the family's key, not theirs. */
		v->v[KD_DF_CLIENT_REF] = NULL;
		if (kd_decl_check_registry(v, &h->reg[h->n]) != 0)
			return -1;
		h->member[h->n] = m;
		h->vals[h->n++] = v;
	}
	return 0;
}

/* -------------------------------------------------------------- store */

/* The household of client_ref, when its first member is ours: its
 * members' declarations as the answer.  KD_TXN_OK, KD_TXN_REFUSED
 * (another family's key) or -1. */
static int replay(struct kd_household *h, const char *client_ref, enum kd_err *err)
{
	struct kd_household_member members[KD_HH_MAX];
	char id[24] = "", id_number[16] = "";
	struct kd_col cols[2] = { KD_COL(id), KD_COL(id_number) };
	struct kd_param p[1] = { KD_STR(client_ref) };
	size_t n = 0, k;

	if (kd_db_row(KD_SQL_HH_BY_REF, p, 1, cols, 2) != 1)
		return -1;
	if (strcmp(id_number, h->vals[0]->v[KD_DF_ID_NUMBER]) != 0) {
		*err = KD_E_CONFLICT;
		return KD_TXN_REFUSED;
	}
	h->household_id = strtoull(id, NULL, 10);
	if (kd_household_load(h->household_id, members, &n) != 1)
		return -1;
	for (k = 0; k < n && k < KD_HH_MAX; k++) {
		h->made[k].declaration_id = members[k].declaration_id;
		h->made[k].expires_at = members[k].expires_at;
		h->made[k].created_at = members[k].expires_at - KD_TOKEN_TTL;
	}
	h->n = k;
	h->replayed = 1;
	return KD_TXN_OK;
}

/* The household row.  KD_TXN_OK, KD_TXN_REFUSED or -1. */
static int insert_household(struct kd_req *r, struct kd_household *h,
    const char *source, const char *entered_by, time_t now, enum kd_err *err)
{
	const char *ref = r->vals.v[KD_DF_CLIENT_REF];
	struct kd_param p[6] = { KD_STR(ref), KD_STR(source), KD_STR(entered_by),
	    KD_INT((long long)h->n), KD_INT((long long)now),
	    KD_INT((long long)now + KD_TOKEN_TTL) };

	if (kd_db_exec(KD_SQL_HH_INSERT, p, 6) != 1) {
		if (kd_db_errno() == KD_ER_DUP_ENTRY && ref != NULL)
			return replay(h, ref, err);
		return -1;
	}
	h->household_id = kd_db_insert_id(KD_SQL_HH_INSERT);
	return h->household_id > 0 ? KD_TXN_OK : -1;
}

int kd_household_store(struct kd_req *r, struct kd_household *h,
    const char *source, const char *entered_by,
    int (*each)(void *ctx, struct kd_household *h, size_t k), void *ctx,
    enum kd_err *err)
{
	time_t now = time(NULL);
	size_t k;
	int rc;

	*err = KD_E_UNAVAILABLE;
	h->replayed = 0;
	rc = insert_household(r, h, source, entered_by, now, err);
	if (rc != KD_TXN_OK || h->replayed)
		return rc;
	for (k = 0; k < h->n; k++) {
		struct kd_param p[3];

		if (kd_decl_insert(h->vals[k], source, entered_by, h->reg[k], now,
		    &h->made[k]) != KD_DECL_STORED)
			return -1;
		p[0] = KD_INT((long long)h->household_id);
		p[1] = KD_INT((long long)h->member[k] + 1);
		p[2] = KD_INT((long long)h->made[k].declaration_id);
		if (kd_db_exec(KD_SQL_HH_MEMBER, p, 3) != 1)
			return -1;
		if (each != NULL && (rc = each(ctx, h, k)) != 0)
			return rc;
	}
	return KD_TXN_OK;
}

/* -------------------------------------------------------------- token */

#define HH_ID_BYTES 6
#define HH_TAG_BYTES 16
#define HH_BIN (HH_ID_BYTES + 4 + HH_TAG_BYTES)

static unsigned char hh_key[crypto_auth_KEYBYTES];

int kd_household_keys_load(void)
{
	char path[512];
	const char *dir = kd_conf_str("key_dir", "var/keys");

	if ((size_t)snprintf(path, sizeof(path), "%s/household.key", dir) >= sizeof(path))
		return -1;
	return kd_keyfile_load(path, hh_key, sizeof(hh_key));
}

static void hh_tag(const unsigned char *msg, unsigned char tag[HH_TAG_BYTES])
{
	unsigned char full[crypto_auth_BYTES];

	crypto_auth(full, msg, HH_ID_BYTES + 4, hh_key);
	memcpy(tag, full, HH_TAG_BYTES);
}

int kd_household_token(unsigned long long id, time_t expires, char out[KD_HH_TOKEN_MAX])
{
	unsigned char bin[HH_BIN];
	int i;

	if (id >= (1ULL << 48))
		return -1;
	for (i = 0; i < HH_ID_BYTES; i++)
		bin[i] = (unsigned char)(id >> (8 * (HH_ID_BYTES - 1 - i)));
	for (i = 0; i < 4; i++)
		bin[HH_ID_BYTES + i] = (unsigned char)((unsigned long long)expires >> (8 * (3 - i)));
	hh_tag(bin, bin + HH_ID_BYTES + 4);
	sodium_bin2base64(out, KD_HH_TOKEN_MAX, bin, sizeof(bin),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	return 0;
}

int kd_household_token_check(const char *text, unsigned long long *id, time_t *expires)
{
	unsigned char bin[HH_BIN], tag[HH_TAG_BYTES];
	unsigned long long v = 0;
	size_t len = 0;
	int i;

	if (strlen(text) >= KD_HH_TOKEN_MAX ||
	    sodium_base642bin(bin, sizeof(bin), text, strlen(text), NULL, &len, NULL,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 || len != HH_BIN)
		return -1;
	hh_tag(bin, tag);
	if (sodium_memcmp(tag, bin + HH_ID_BYTES + 4, HH_TAG_BYTES) != 0)
		return -1;
	for (i = 0; i < HH_ID_BYTES; i++)
		v = v << 8 | bin[i];
	*id = v;
	for (v = 0, i = 0; i < 4; i++)
		v = v << 8 | bin[HH_ID_BYTES + i];
	*expires = (time_t)v;
	return 0;
}

/* --------------------------------------------------------------- page */

int kd_household_load(unsigned long long id, struct kd_household_member *out,
    size_t *n)
{
	struct kd_household_member *m = out;
	char did[24], expires[24], revoked[4], created[24], reg[16];
	struct kd_col cols[7] = { KD_COL(did), KD_COL(m->full_name), KD_COL(m->id_number),
	    KD_COL(expires), KD_COL(revoked), KD_COL(created), KD_COL(reg) };
	struct kd_param p[1] = { KD_INT((long long)id) };
	int rc;

	*n = 0;
	if (kd_db_exec(KD_SQL_HH_LOAD, p, 1) < 0)
		return -1;
	while (*n < KD_HH_MAX) {
		m = &out[*n];
		cols[1] = KD_COL(m->full_name);
		cols[2] = KD_COL(m->id_number);
		rc = kd_db_fetch(KD_SQL_HH_LOAD, cols, 7);
		if (rc < 0) {
			kd_db_done(KD_SQL_HH_LOAD);
			return -1;
		}
		if (rc == 0)
			break;
		m->declaration_id = strtoull(did, NULL, 10);
		m->expires_at = (time_t)strtoll(expires, NULL, 10);
		m->revoked = revoked[0] == '1';
		(*n)++;
	}
	kd_db_done(KD_SQL_HH_LOAD);
	return *n > 0 ? 1 : 0;
}

static void member_hdf(HDF *hdf, size_t i, const char *key, const char *value)
{
	char name[64];

	snprintf(name, sizeof(name), "Members.%zu.%s", i, key);
	kd_hdf_set(hdf, name, value);
}

int kd_household_hdf(HDF *hdf, unsigned long long id,
    const struct kd_household_member *m, size_t n)
{
	char token[KD_TOKEN_MAX], page[KD_HH_TOKEN_MAX], masked[KD_MASK_NAME_MAX];
	char when[40], num[24];
	time_t now = time(NULL), expires = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		if (kd_token_sign(m[i].declaration_id, m[i].expires_at, token) != 0)
			return -1;
		snprintf(num, sizeof(num), "%zu", i + 1);
		member_hdf(hdf, i, "n", num);
		member_hdf(hdf, i, "token", token);
		if (kd_mask_name(m[i].full_name, masked, sizeof(masked)) == 0)
			member_hdf(hdf, i, "name", masked);
		if (kd_mask_id_number(m[i].id_number, masked, sizeof(masked)) == 0)
			member_hdf(hdf, i, "id", masked);
		kd_time_vn(m[i].expires_at, when);
		member_hdf(hdf, i, "expires", when);
		if (m[i].revoked)
			member_hdf(hdf, i, "revoked", "1");
		else if (m[i].expires_at <= now)
			member_hdf(hdf, i, "expired", "1");
		if (m[i].expires_at > expires)
			expires = m[i].expires_at;
	}
	if (kd_household_token(id, expires, page) != 0)
		return -1;
	kd_hdf_set(hdf, "Household.page", page);
	kd_time_vn(expires, when);
	kd_hdf_set(hdf, "Household.expires", when);
	kd_hdf_set_int(hdf, "Household.count", (long long)n);
	return 0;
}
