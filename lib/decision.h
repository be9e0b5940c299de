/*
 * decision.h - the kiosk's verdict about the person, not only the code:
 * pass (green), check (amber: look again before letting through) or stop
 * (red).  One rule, one table, so that the page, the JSON answer and the
 * offline kiosk (which reads the same table from the page) all say the
 * same thing.
 *
 * The table (decision.c) lists every reason with its decision and the big
 * words the officer reads at arm's length, most severe first:
 *
 *   reason          from                     decision  words
 *   bad_signature   the code                 stop      MÃ GIẢ HOẶC BỊ SỬA
 *   expired         the code                 stop      MÃ ĐÃ HẾT HẠN
 *   unknown         the code                 stop      KHÔNG CÓ TỜ KHAI
 *   revoked         the code                 stop      TỜ KHAI ĐÃ BỊ THU HỒI
 *   F0, F1          the newest F status      stop      CÁCH LY – F0 / F1
 *   deceased        the newest F status      stop      ĐÃ BÁO TỬ VONG
 *   lockdown        zones (lib/zones.h)      stop      VÙNG PHONG TỎA – KHÔNG CÓ GIẤY ĐI ĐƯỜNG
 *   co_driver_isolated  a vehicle's co-driver F0/F1/deceased  stop  PHỤ XE ĐANG CÁCH LY
 *   F2, F3          the newest F status      check     F2 / F3 – THEO DÕI
 *   symptoms        a ticked symptom         check     CÓ TRIỆU CHỨNG
 *   exposure        a ticked exposure        check     CÓ YẾU TỐ DỊCH TỄ
 *   from_zone       origin at level 3-4      check     ĐẾN TỪ VÙNG NGUY CƠ CAO
 *   mismatch        the population registry  check     KHÔNG KHỚP CSDL DÂN CƯ
 *   not_found       the population registry  check     KHÔNG CÓ TRONG CSDL DÂN CƯ
 *   depot_unchecked a vehicle pass (lib/vehicle.h)  check  XE CHƯA KIỂM TRA TẠI KHO
 *   co_driver_undeclared  its co-driver      check     PHỤ XE CHƯA KHAI BÁO Y TẾ
 *   offline         checked in the browser   check     KIỂM TRA NGOẠI TUYẾN
 *
 * The decision is the most severe of the reasons found; no reason is a
 * pass.  The computation reads only facts (struct kd_facts) and says
 * nothing about what a caller shows: a program that must hide a reason
 * from some accounts decides first and hides afterwards.
 */
#ifndef KD_DECISION_H
#define KD_DECISION_H

#include <stddef.h>

enum kd_decision { KD_PASS, KD_CHECK, KD_STOP, KD_DECISION_COUNT };

/* Where a reason comes from (how kd_decide finds it among the facts). */
enum kd_fact {
	KD_FACT_CODE,        /* facts.code_reason equals the reason */
	KD_FACT_F_STATUS,    /* facts.f_status equals the reason */
	KD_FACT_REGISTRY,    /* facts.registry equals the reason */
	KD_FACT_SYMPTOMS,    /* facts.symptoms */
	KD_FACT_EXPOSURE,    /* facts.exposure */
	KD_FACT_OFFLINE,     /* facts.offline */
	KD_FACT_LOCKDOWN,    /* facts.lockdown */
	KD_FACT_FROM_ZONE,   /* facts.from_zone */
	KD_FACT_DEPOT,       /* facts.depot_unchecked */
	KD_FACT_CO_DRIVER,   /* facts.co_driver_isolated */
	KD_FACT_CO_DRIVER_UNDECLARED /* facts.co_driver_undeclared */
};

struct kd_decision_rule {
	const char *reason;          /* the word in JSON "reasons" */
	enum kd_fact from;
	enum kd_decision decision;
	const char *words;           /* Vietnamese, large on the page */
};

/* The table, most severe first, ending with { NULL }. */
extern const struct kd_decision_rule kd_decision_rules[];

/* What is known when the verdict is made.  Strings may be NULL (not
 * known, or nothing recorded). */
struct kd_facts {
	const char *code_reason;     /* expired, bad_signature, unknown,
	                                revoked; NULL for a good code */
	const char *f_status;        /* F0 .. deceased */
	const char *registry;        /* matched, mismatch, not_found */
	int symptoms;                /* some symptom ticked */
	int exposure;                /* some exposure ticked */
	int offline;                 /* checked without the server's data */
	int lockdown;                /* at a level-4 place without permit or
	                                residence inside (lib/zones.h) */
	int from_zone;               /* origin at level 3 or 4 when declared */
	int depot_unchecked;         /* a vehicle pass not checked at a depot */
	int co_driver_isolated;      /* its co-driver is F0, F1 or deceased */
	int co_driver_undeclared;    /* its co-driver has no valid declaration */
};

#define KD_DECISION_REASONS_MAX 16
struct kd_verdict {
	enum kd_decision decision;
	const struct kd_decision_rule *reasons[KD_DECISION_REASONS_MAX];
	size_t nreasons;             /* in the table's order */
};

/* The verdict on facts. */
void kd_decide(const struct kd_facts *facts, struct kd_verdict *out);

/* "pass", "check", "stop". */
const char *kd_decision_name(enum kd_decision d);

/* The headline of a decision ("CHO QUA", "KIỂM TRA THÊM", "DỪNG LẠI"). */
const char *kd_decision_words(enum kd_decision d);

/* 1 when the verdict holds reason. */
int kd_verdict_has(const struct kd_verdict *v, const char *reason);

#endif
