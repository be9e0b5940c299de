/*
 * decision.c - the kiosk's verdict about the person (see decision.h).
 */
#include <string.h>

#include "decision.h"

const struct kd_decision_rule kd_decision_rules[] = {
	{ "bad_signature", KD_FACT_CODE, KD_STOP, "MÃ GIẢ HOẶC BỊ SỬA" },
	{ "expired", KD_FACT_CODE, KD_STOP, "MÃ ĐÃ HẾT HẠN" },
	{ "unknown", KD_FACT_CODE, KD_STOP, "KHÔNG CÓ TỜ KHAI" },
	{ "revoked", KD_FACT_CODE, KD_STOP, "TỜ KHAI ĐÃ BỊ THU HỒI" },
	{ "F0", KD_FACT_F_STATUS, KD_STOP, "CÁCH LY – F0" },
	{ "F1", KD_FACT_F_STATUS, KD_STOP, "CÁCH LY – F1" },
	/* Someone shows the declaration of a person recorded as dead: the
	 * card in front of the officer cannot be theirs. */
	{ "deceased", KD_FACT_F_STATUS, KD_STOP, "ĐÃ BÁO TỬ VONG" },
	/* SPEC: at a place whose unit is at level 4, no valid permit for it
	 * and no residence inside. */
	{ "lockdown", KD_FACT_LOCKDOWN, KD_STOP, "VÙNG PHONG TỎA – KHÔNG CÓ GIẤY ĐI ĐƯỜNG" },
	/* A vehicle carries both drivers: one in isolation stops it. */
	{ "co_driver_isolated", KD_FACT_CO_DRIVER, KD_STOP, "PHỤ XE ĐANG CÁCH LY" },
	{ "F2", KD_FACT_F_STATUS, KD_CHECK, "F2 – THEO DÕI" },
	{ "F3", KD_FACT_F_STATUS, KD_CHECK, "F3 – THEO DÕI" },
	{ "symptoms", KD_FACT_SYMPTOMS, KD_CHECK, "CÓ TRIỆU CHỨNG" },
	{ "exposure", KD_FACT_EXPOSURE, KD_CHECK, "CÓ YẾU TỐ DỊCH TỄ" },
	{ "from_zone", KD_FACT_FROM_ZONE, KD_CHECK, "ĐẾN TỪ VÙNG NGUY CƠ CAO" },
	{ "mismatch", KD_FACT_REGISTRY, KD_CHECK, "KHÔNG KHỚP CSDL DÂN CƯ" },
	{ "not_found", KD_FACT_REGISTRY, KD_CHECK, "KHÔNG CÓ TRONG CSDL DÂN CƯ" },
	{ "depot_unchecked", KD_FACT_DEPOT, KD_CHECK, "XE CHƯA KIỂM TRA TẠI KHO" },
	{ "co_driver_undeclared", KD_FACT_CO_DRIVER_UNDECLARED, KD_CHECK,
	    "PHỤ XE CHƯA KHAI BÁO Y TẾ" },
	{ "offline", KD_FACT_OFFLINE, KD_CHECK, "KIỂM TRA NGOẠI TUYẾN" },
	{ NULL, KD_FACT_CODE, KD_PASS, NULL }
};

static const struct {
	const char *name;
	const char *words;
} decisions[KD_DECISION_COUNT] = {
	[KD_PASS] = { "pass", "CHO QUA" },
	[KD_CHECK] = { "check", "KIỂM TRA THÊM" },
	[KD_STOP] = { "stop", "DỪNG LẠI" },
};

static int same(const char *fact, const char *reason)
{
	return fact != NULL && strcmp(fact, reason) == 0;
}

/* 1 when the facts hold the rule's reason. */
static int holds(const struct kd_decision_rule *rule, const struct kd_facts *f)
{
	switch (rule->from) {
	case KD_FACT_CODE:
		return same(f->code_reason, rule->reason);
	case KD_FACT_F_STATUS:
		return same(f->f_status, rule->reason);
	case KD_FACT_REGISTRY:
		return same(f->registry, rule->reason);
	case KD_FACT_SYMPTOMS:
		return f->symptoms != 0;
	case KD_FACT_EXPOSURE:
		return f->exposure != 0;
	case KD_FACT_OFFLINE:
		return f->offline != 0;
	case KD_FACT_LOCKDOWN:
		return f->lockdown != 0;
	case KD_FACT_FROM_ZONE:
		return f->from_zone != 0;
	case KD_FACT_DEPOT:
		return f->depot_unchecked != 0;
	case KD_FACT_CO_DRIVER:
		return f->co_driver_isolated != 0;
	case KD_FACT_CO_DRIVER_UNDECLARED:
		return f->co_driver_undeclared != 0;
	}
	return 0;
}

void kd_decide(const struct kd_facts *facts, struct kd_verdict *out)
{
	const struct kd_decision_rule *rule;

	out->decision = KD_PASS;
	out->nreasons = 0;
	for (rule = kd_decision_rules; rule->reason != NULL; rule++) {
		if (!holds(rule, facts) || out->nreasons == KD_DECISION_REASONS_MAX)
			continue;
		out->reasons[out->nreasons++] = rule;
		if (rule->decision > out->decision)
			out->decision = rule->decision;
	}
}

const char *kd_decision_name(enum kd_decision d)
{
	return d < KD_DECISION_COUNT ? decisions[d].name : decisions[KD_STOP].name;
}

const char *kd_decision_words(enum kd_decision d)
{
	return d < KD_DECISION_COUNT ? decisions[d].words : decisions[KD_STOP].words;
}

int kd_verdict_has(const struct kd_verdict *v, const char *reason)
{
	size_t i;

	for (i = 0; i < v->nreasons; i++)
		if (strcmp(v->reasons[i]->reason, reason) == 0)
			return 1;
	return 0;
}
