/*
 * welfare-pay.c - payments and their reversal, each one transaction:
 * the rule and its steps are in welfare.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "area.h"
#include "audit.h"
#include "db.h"
#include "decl.h"
#include "log.h"
#include "units.h"
#include "vntime.h"
#include "welfare.h"

/* One payment request on its way through the transaction. */
struct pay {
	struct kd_req *r;
	struct wf_payment *out;
	struct wf_refused *no;
	struct wf_program pg;
	char ref[KD_CITIZEN_REF_SIZE];
	char paid_on[11];
	char beneficiary[24];
};

/* 1. The program, against the day and the amount. */
static enum wf_refusal check_program(struct pay *pp)
{
	const struct kd_values *v = &pp->r->vals;
	char today[11], from[11], to[11], money[32];
	int rc = wf_program_load(v->n[P_PROGRAM], &pp->pg);

	if (rc <= 0)
		return rc < 0 ? WF_UNAVAILABLE : WF_NO_PROGRAM;
	kd_today(time(NULL), today);
	snprintf(pp->paid_on, sizeof(pp->paid_on), "%s",
	    v->v[P_PAID_ON] != NULL ? v->v[P_PAID_ON] : today);
	if (strcmp(pp->paid_on, pp->pg.start) < 0 || strcmp(pp->paid_on, pp->pg.end) > 0 ||
	    strcmp(pp->paid_on, today) > 0) {
		wf_date_vn(pp->pg.start, from);
		wf_date_vn(pp->pg.end, to);
		snprintf(pp->no->detail, sizeof(pp->no->detail),
		    "Ngày chi trả phải từ %s đến %s và không sau hôm nay.", from, to);
		return WF_PAID_ON;
	}
	if (v->n[P_AMOUNT] > pp->pg.amount) {
		wf_money(pp->pg.amount, money);
		snprintf(pp->no->detail, sizeof(pp->no->detail),
		    "Số tiền vượt mức hỗ trợ của chương trình (tối đa %s đồng).", money);
		return WF_AMOUNT_TOO_HIGH;
	}
	return WF_OK;
}

/* 2. The citizen's registration in the officer's unit. */
static enum wf_refusal find_registration(struct pay *pp)
{
	const char *unit = pp->r->session.unit, *id = pp->r->vals.v[P_ID_NUMBER];
	struct kd_param p[6] = { KD_INT(pp->pg.id), KD_STR(id), KD_STR(unit),
	    KD_STR(unit), KD_STR(unit), KD_STR(unit) };
	struct kd_col cols[2] = { KD_COL(pp->beneficiary), KD_COL(pp->out->commune) };
	int rc = kd_db_row(ST_BENEF_IN_UNIT, p, 6, cols, 2);

	if (rc != 0)
		return rc < 0 ? WF_UNAVAILABLE : WF_OK;
	switch (kd_area_has(unit, id)) {
	case 1:
		return WF_NOT_REGISTERED;
	case 0:
		return WF_OUTSIDE_AREA;
	default:
		return WF_UNAVAILABLE;
	}
}

/* 4, after a 1062: the live payment, read with a lock so that it is the
 * latest committed row.  This request again, or someone else's. */
static int already_paid(struct pay *pp)
{
	const char *ref = pp->r->vals.v[P_CLIENT_REF];
	char id[24], commune[8], paid_on[11], paid_at[24], client_ref[72], amount[24];
	char day[11], money[32], where[400];
	struct kd_col cols[6] = { KD_COL(id), KD_COL(commune), KD_COL(paid_on),
	    KD_COL(paid_at), KD_COL(client_ref), KD_COL(amount) };
	struct kd_param p[2] = { KD_INT(pp->pg.id), KD_STR(pp->r->vals.v[P_ID_NUMBER]) };
	int rc = kd_db_row(ST_PAY_LIVE, p, 2, cols, 6);

	if (rc < 0)
		return -1;
	/* No live payment: the key that said no was client_ref's, or (without
	 * one) the live payment was reversed in between: 503, try again. */
	if (rc == 0)
		return ref != NULL ? wf_txn_refuse(pp->no, WF_REF_CONFLICT) : -1;
	if (ref != NULL && strcmp(client_ref, ref) == 0) {
		pp->out->payment_id = strtoull(id, NULL, 10);
		snprintf(pp->out->commune, sizeof(pp->out->commune), "%.5s", commune);
		snprintf(pp->out->paid_on, sizeof(pp->out->paid_on), "%s", paid_on);
		pp->out->amount = strtoll(amount, NULL, 10);
		pp->out->created = 0;
		return KD_TXN_OK;
	}
	wf_date_vn(paid_on, day);
	wf_money(strtoll(amount, NULL, 10), money);
	kd_decl_unit_path(commune, where, sizeof(where));
	snprintf(pp->no->detail, sizeof(pp->no->detail),
	    "Đã chi trả %s đồng ngày %s tại %.300s (ghi nhận lúc %.5s ngày %s, mã chi trả %s).",
	    money, day, where[0] ? where : commune, paid_at + 11, day, id);
	return wf_txn_refuse(pp->no, WF_ALREADY_PAID);
}

/* 4 and 5: the payment and its audit row. */
static int insert_payment(struct pay *pp)
{
	struct kd_req *r = pp->r;
	const struct kd_values *v = &r->vals;
	struct kd_param p[8] = { KD_INT(pp->pg.id), KD_STR(v->v[P_ID_NUMBER]),
	    KD_STR(pp->beneficiary), KD_STR(pp->out->commune), KD_INT(v->n[P_AMOUNT]),
	    KD_STR(pp->paid_on), KD_STR(r->session.uid), KD_STR(v->v[P_CLIENT_REF]) };
	char detail[96];

	if (kd_db_exec(ST_PAY_INSERT, p, 8) != 1)
		return kd_db_errno() == KD_ER_DUP_ENTRY ? already_paid(pp) : -1;
	pp->out->payment_id = kd_db_insert_id(ST_PAY_INSERT);
	pp->out->amount = v->n[P_AMOUNT];
	snprintf(pp->out->paid_on, sizeof(pp->out->paid_on), "%s", pp->paid_on);
	pp->out->created = 1;
	snprintf(detail, sizeof(detail), "payment %llu program %lld amount %lld",
	    pp->out->payment_id, pp->pg.id, pp->out->amount);
	return kd_audit(r, "welfare_pay", "citizen", pp->ref, detail) == 0 ? KD_TXN_OK : -1;
}

static int pay_txn(void *arg)
{
	struct pay *pp = arg;
	enum wf_refusal why;

	memset(pp->out, 0, sizeof(*pp->out));
	memset(pp->no, 0, sizeof(*pp->no));
	if ((why = check_program(pp)) != WF_OK ||
	    (why = find_registration(pp)) != WF_OK ||
	    (why = wf_check_alive(pp->r->vals.v[P_ID_NUMBER], pp->pg.start, pp->no)) != WF_OK)
		return wf_txn_refuse(pp->no, why);
	return insert_payment(pp);
}

int wf_pay(struct kd_req *r, struct wf_payment *out, struct wf_refused *no)
{
	struct pay pp = { .r = r, .out = out, .no = no };

	kd_citizen_ref(r->vals.v[P_ID_NUMBER], pp.ref);
	switch (kd_db_txn(pay_txn, &pp, KD_TXN_TRIES)) {
	case KD_TXN_OK:
		return 0;
	case KD_TXN_REFUSED:
		wf_audit_refusal(r, "welfare_pay_refused", pp.ref, no);
		return -1;
	default:
		kd_log("welfare: payment failed (%u)", kd_db_errno());
		no->why = WF_UNAVAILABLE;
		return -1;
	}
}

/* ------------------------------------------------------------- reversal */

struct reverse {
	struct kd_req *r;
	struct wf_refused *no;
};

static int reverse_txn(void *arg)
{
	struct reverse *rv = arg;
	struct kd_req *r = rv->r;
	long long id = r->vals.n[V_PAYMENT_ID];
	char program[24], id_number[16], commune[8], reversed[4], detail[96];
	char ref[KD_CITIZEN_REF_SIZE];
	struct kd_col cols[4] = { KD_COL(program), KD_COL(id_number), KD_COL(commune),
	    KD_COL(reversed) };
	struct kd_param p[3] = { KD_INT(id) };
	int rc;

	memset(rv->no, 0, sizeof(*rv->no));
	/* 1. The payment, locked: two reversals of it queue here. */
	rc = kd_db_row(ST_PAY_LOCK, p, 1, cols, 4);
	if (rc <= 0)
		return rc < 0 ? -1 : wf_txn_refuse(rv->no, WF_NO_PAYMENT);
	/* 2, 3. */
	if (!kd_unit_within(commune, r->session.unit))
		return wf_txn_refuse(rv->no, WF_PAYMENT_ELSEWHERE);
	if (strcmp(reversed, "1") == 0)
		return wf_txn_refuse(rv->no, WF_ALREADY_REVERSED);
	/* 4. live turns NULL: the citizen may be paid again. */
	p[0] = KD_STR(r->session.uid);
	p[1] = KD_STR(r->vals.v[V_REASON]);
	p[2] = KD_INT(id);
	if (kd_db_exec(ST_PAY_REVERSE, p, 3) != 1)
		return -1;
	/* 5. */
	kd_citizen_ref(id_number, ref);
	snprintf(detail, sizeof(detail), "payment %lld program %s reversed", id, program);
	return kd_audit(r, "welfare_reverse", "citizen", ref, detail) == 0 ? KD_TXN_OK : -1;
}

int wf_reverse(struct kd_req *r, struct wf_refused *no)
{
	struct reverse rv = { r, no };

	memset(no, 0, sizeof(*no));
	if (!wf_may_reverse(r)) {
		no->why = WF_LEVEL;
		snprintf(no->detail, sizeof(no->detail), "%s",
		    "Chỉ quản trị viên cấp huyện, cấp tỉnh hoặc toàn quốc được thu hồi khoản chi trả.");
		return -1;
	}
	switch (kd_db_txn(reverse_txn, &rv, KD_TXN_TRIES)) {
	case KD_TXN_OK:
		return 0;
	case KD_TXN_REFUSED:
		return -1;
	default:
		kd_log("welfare: reversal failed (%u)", kd_db_errno());
		no->why = WF_UNAVAILABLE;
		return -1;
	}
}
